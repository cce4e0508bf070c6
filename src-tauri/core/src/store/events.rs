//! The library's stream of events in a library file (migration 0019's
//! `desk_events`, written by triggers in the transaction of each change),
//! the desk's people, and who has which story open.
//!
//! Another process on the same machine follows the stream by id
//! ([`FileFollower`]): SQLite gives ids in commit order (one writer at a
//! time), so "every id above the last one read" is complete.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags, OptionalExtension, Row};

use super::Store;
use crate::error::{Error, Result};
use crate::model::{initials_of, DeskEvent, Person, PersonRole, Presence};

/// The columns of an event, in [`event_from`]'s order.
pub(crate) const EVENT_COLUMNS: &str = "id, kind, story_id, revision_id, claim_id, actor, at";

fn event_from(row: &Row<'_>) -> rusqlite::Result<DeskEvent> {
    Ok(DeskEvent {
        id: row.get(0)?,
        kind: row.get(1)?,
        story_id: row.get(2)?,
        revision_id: row.get(3)?,
        claim_id: row.get(4)?,
        actor: row.get(5)?,
        at: row.get(6)?,
    })
}

/// A person as stored: initials made from the name where none are set, an
/// unknown role read as an editor's.
pub(crate) fn person(
    name: String,
    initials: Option<String>,
    role: &str,
    first_seen: String,
) -> Person {
    let initials = initials
        .filter(|i| !i.trim().is_empty())
        .unwrap_or_else(|| initials_of(&name));
    Person {
        initials,
        role: PersonRole::parse(role).unwrap_or(PersonRole::Editor),
        name,
        first_seen,
    }
}

impl Store {
    /// The newest `limit` events, oldest first.
    pub fn recent_events(&self, limit: u32) -> Result<Vec<DeskEvent>> {
        let mut events = self
            .conn
            .prepare_cached(&format!(
                "SELECT {EVENT_COLUMNS} FROM desk_events ORDER BY id DESC LIMIT ?1"
            ))?
            .query_map([limit], event_from)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        events.reverse();
        Ok(events)
    }

    /// The desktops whose last heartbeat is at or after `fresh_since`.
    pub fn presence(&self, fresh_since: &str) -> Result<Vec<Presence>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT desktop, person, story_id, typing, beat_at FROM presence
                 WHERE beat_at >= ?1 ORDER BY person, desktop",
            )?
            .query_map([fresh_since], |row| {
                Ok(Presence {
                    desktop: row.get(0)?,
                    person: row.get(1)?,
                    story_id: row.get(2)?,
                    typing: row.get::<_, i64>(3)? != 0,
                    beat_at: row.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Records where `desktop` is (a heartbeat when nothing changed), and
    /// forgets desktops silent since `stale_before`.
    pub fn announce(&mut self, here: &Presence, stale_before: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.prepare_cached(
            "INSERT INTO presence (desktop, person, story_id, typing, beat_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (desktop) DO UPDATE SET person = excluded.person,
                 story_id = excluded.story_id, typing = excluded.typing,
                 beat_at = excluded.beat_at",
        )?
        .execute((
            &here.desktop,
            &here.person,
            here.story_id,
            i64::from(here.typing),
            &here.beat_at,
        ))?;
        tx.prepare_cached("DELETE FROM presence WHERE beat_at < ?1")?
            .execute([stale_before])?;
        tx.commit()?;
        Ok(())
    }

    /// Forgets `desktop` (its app is closing).
    pub fn leave(&mut self, desktop: &str) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM presence WHERE desktop = ?1")?
            .execute([desktop])?;
        Ok(())
    }

    /// The desk's people, by name.
    pub fn people(&self) -> Result<Vec<Person>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT name, initials, role, first_seen FROM people ORDER BY name COLLATE NOCASE",
            )?
            .query_map([], |row| {
                Ok(person(
                    row.get(0)?,
                    row.get(1)?,
                    &row.get::<_, String>(2)?,
                    row.get(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Adds `who` to the desk's people, or changes their initials and role.
    pub fn set_person(&mut self, who: &Person) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO people (name, initials, role, first_seen) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (name) DO UPDATE SET initials = excluded.initials,
                     role = excluded.role",
            )?
            .execute((
                &who.name,
                Some(who.initials.trim()).filter(|i| !i.is_empty()),
                who.role.as_str(),
                &who.first_seen,
            ))?;
        Ok(())
    }

    /// How many claims still to check are assigned to `person`.
    pub fn assigned_open_claims(&self, person: &str) -> Result<i64> {
        let sql = format!(
            "SELECT count(*) FROM claims c WHERE c.assignee = ?1 AND {}",
            super::open_claim_sql(self.timing_open()?)
        );
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([person], |row| row.get(0))?)
    }
}

/// Follows a library file's events from another connection of its own.
pub struct FileFollower {
    conn: Connection,
    last_id: i64,
}

/// How often a file's follower looks for new events while it waits.
const FILE_POLL: Duration = Duration::from_millis(100);

impl FileFollower {
    /// A follower of the library file at `path` (open already, at this
    /// build's schema) that hears events after the newest one now.
    pub fn open(path: &Path) -> Result<FileFollower> {
        let open_error = |cause: rusqlite::Error| Error::Open {
            path: path.to_owned(),
            cause,
        };
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(open_error)?;
        conn.busy_timeout(super::BUSY_TIMEOUT).map_err(open_error)?;
        let last_id: Option<i64> = conn
            .query_row("SELECT max(id) FROM desk_events", [], |row| row.get(0))
            .optional()
            .map_err(open_error)?
            .flatten();
        Ok(FileFollower {
            conn,
            last_id: last_id.unwrap_or(0),
        })
    }

    /// The events since the last call, waiting up to `wait` for one.
    pub fn next(&mut self, wait: Duration) -> Result<Vec<DeskEvent>> {
        let started = Instant::now();
        loop {
            let events = self
                .conn
                .prepare_cached(&format!(
                    "SELECT {EVENT_COLUMNS} FROM desk_events WHERE id > ?1 ORDER BY id LIMIT 1000"
                ))?
                .query_map([self.last_id], event_from)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            if let Some(last) = events.last() {
                self.last_id = last.id;
                return Ok(events);
            }
            let left = wait.saturating_sub(started.elapsed());
            if left.is_zero() {
                return Ok(Vec::new());
            }
            std::thread::sleep(left.min(FILE_POLL));
        }
    }
}
