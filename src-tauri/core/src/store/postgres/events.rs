//! The team library's stream of events, people and presence (as SQLite's
//! store/events.rs), and [`PgFollower`], which hears the stream through
//! LISTEN/NOTIFY and reads it from `desk_events`.
//!
//! Identity ids are handed out as transactions ask for them, not as they
//! commit: an event with a lower id may become visible after one with a
//! higher id. So the follower does not read "ids above the last"; it
//! reads every event of a transaction that had not finished when it last
//! read (`xid` at or above that read's snapshot xmin, its *horizon*),
//! passing over those it has already delivered. Every transaction below
//! the horizon had finished, so nothing committed later can fall below it.
//! The same read catches up after a lost connection: the horizon is kept.

use std::collections::HashMap;
use std::time::Duration;

use postgres::fallible_iterator::FallibleIterator as _;
use postgres::{Client, Row};

use super::{open_client, PgStore};
use crate::error::{Error, Result};
use crate::model::{DeskEvent, Person, Presence};
use crate::store::events::{person, EVENT_COLUMNS};

/// How long a follower lets a burst of notifications gather before it
/// reads: one read for the burst instead of one per event, on every
/// desktop, for a few milliseconds of the second an event may take.
const COALESCE: Duration = Duration::from_millis(20);

/// The channel NOTIFY announces events on (migration 0019).
const CHANNEL: &str = "wiredesk_events";

fn event_from(row: &Row) -> Result<DeskEvent> {
    Ok(DeskEvent {
        id: row.try_get("id")?,
        kind: row.try_get("kind")?,
        story_id: row.try_get("story_id")?,
        revision_id: row.try_get("revision_id")?,
        claim_id: row.try_get("claim_id")?,
        actor: row.try_get("actor")?,
        at: row.try_get("at")?,
    })
}

impl PgStore {
    pub fn recent_events(&self, limit: u32) -> Result<Vec<DeskEvent>> {
        let limit = i64::from(limit);
        let sql = format!("SELECT {EVENT_COLUMNS} FROM desk_events ORDER BY id DESC LIMIT $1");
        let mut events: Vec<DeskEvent> =
            self.read(|pg| pg.query(&sql, &[&limit])?.iter().map(event_from).collect())?;
        events.reverse();
        Ok(events)
    }

    pub fn presence(&self, fresh_since: &str) -> Result<Vec<Presence>> {
        self.read(|pg| {
            pg.query(
                "SELECT desktop, person, story_id, typing, beat_at FROM presence
                 WHERE beat_at >= $1 ORDER BY person, desktop",
                &[&fresh_since],
            )?
            .iter()
            .map(|row| {
                Ok(Presence {
                    desktop: row.try_get(0)?,
                    person: row.try_get(1)?,
                    story_id: row.try_get(2)?,
                    typing: row.try_get::<_, i64>(3)? != 0,
                    beat_at: row.try_get(4)?,
                })
            })
            .collect()
        })
    }

    pub fn announce(&mut self, here: &Presence, stale_before: &str) -> Result<()> {
        let typing = i64::from(here.typing);
        self.write(|pg| {
            pg.execute(
                "INSERT INTO presence (desktop, person, story_id, typing, beat_at)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (desktop) DO UPDATE SET person = EXCLUDED.person,
                     story_id = EXCLUDED.story_id, typing = EXCLUDED.typing,
                     beat_at = EXCLUDED.beat_at",
                &[
                    &here.desktop,
                    &here.person,
                    &here.story_id,
                    &typing,
                    &here.beat_at,
                ],
            )?;
            pg.execute("DELETE FROM presence WHERE beat_at < $1", &[&stale_before])?;
            Ok(())
        })
    }

    pub fn leave(&mut self, desktop: &str) -> Result<()> {
        self.write(|pg| {
            pg.execute("DELETE FROM presence WHERE desktop = $1", &[&desktop])?;
            Ok(())
        })
    }

    pub fn people(&self) -> Result<Vec<Person>> {
        self.read(|pg| {
            pg.query(
                "SELECT name, initials, role, first_seen FROM people ORDER BY lower(name), name",
                &[],
            )?
            .iter()
            .map(|row| {
                Ok(person(
                    row.try_get(0)?,
                    row.try_get(1)?,
                    row.try_get(2)?,
                    row.try_get(3)?,
                ))
            })
            .collect()
        })
    }

    pub fn set_person(&mut self, who: &Person) -> Result<()> {
        let initials = Some(who.initials.trim()).filter(|i| !i.is_empty());
        self.write(|pg| {
            pg.execute(
                "INSERT INTO people (name, initials, role, first_seen) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (name) DO UPDATE SET initials = EXCLUDED.initials,
                     role = EXCLUDED.role",
                &[&who.name, &initials, &who.role.as_str(), &who.first_seen],
            )?;
            Ok(())
        })
    }

    pub fn assigned_open_claims(&self, person: &str) -> Result<i64> {
        let sql = format!(
            "SELECT count(*) FROM claims c WHERE c.assignee = $1 AND {}",
            crate::store::open_claim_sql(self.timing_open()?)
        );
        self.read(|pg| Ok(pg.query_one(&sql, &[&person])?.try_get(0)?))
    }
}

/// Follows a team library's events on a connection of its own.
pub struct PgFollower {
    url: String,
    location: String,
    /// `None` after the connection was lost, until it is made again.
    client: Option<Client>,
    /// Every transaction with a lower id had finished at the last read.
    horizon: i64,
    /// The events delivered whose transactions are at or above the
    /// horizon (read again each time): id → transaction id.
    delivered: HashMap<i64, i64>,
}

/// Every event of a transaction at or above `$1` (at the first read, `$2`,
/// at or above that read's own horizon instead: the past below it is not
/// news), and the horizon of the read that found them (one statement: one
/// snapshot for both).
const SINCE_HORIZON: &str =
    "WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS horizon)
     SELECT h.horizon, e.id, e.kind, e.story_id, e.revision_id, e.claim_id, e.actor, e.at, e.xid
     FROM h LEFT JOIN desk_events e
       ON e.xid >= CASE WHEN $2 THEN h.horizon ELSE $1 END
     ORDER BY e.id";

impl PgFollower {
    /// A follower of the team library at `url` (open already, at this
    /// build's schema) that hears events committed from now on.
    pub fn open(url: &str) -> Result<PgFollower> {
        let mut follower = PgFollower {
            url: url.to_owned(),
            location: super::shown_location(url),
            client: None,
            horizon: 0,
            delivered: HashMap::new(),
        };
        follower.connect()?;
        // What is already committed is the past: marked as delivered.
        follower.read_since_horizon()?;
        Ok(follower)
    }

    fn located(&self, err: Error) -> Error {
        super::located(&self.location, err)
    }

    fn connect(&mut self) -> Result<()> {
        let mut client = open_client(&self.url)?;
        client
            .batch_execute(&format!("LISTEN {CHANNEL}"))
            .map_err(|err| self.located(err.into()))?;
        self.client = Some(client);
        Ok(())
    }

    /// The events of transactions at or above the horizon not delivered
    /// yet, in id order; moves the horizon up.
    fn read_since_horizon(&mut self) -> Result<Vec<DeskEvent>> {
        let Some(client) = self.client.as_mut() else {
            return Ok(Vec::new());
        };
        let first = self.horizon == 0;
        let rows = match client.query(SINCE_HORIZON, &[&self.horizon, &first]) {
            Ok(rows) => rows,
            Err(err) => {
                self.client = None;
                return Err(self.located(err.into()));
            }
        };
        let mut fresh = Vec::new();
        let mut horizon = self.horizon;
        let mut read = Vec::with_capacity(rows.len());
        for row in &rows {
            horizon = row.try_get(0)?;
            let Some(xid) = row.try_get::<_, Option<i64>>("xid")? else {
                continue; // no event at or above the horizon
            };
            let event = event_from(row)?;
            read.push((event.id, xid));
            if !self.delivered.contains_key(&event.id) {
                fresh.push(event);
            }
        }
        self.horizon = horizon;
        self.delivered = read
            .into_iter()
            .filter(|&(_, xid)| xid >= horizon)
            .collect();
        Ok(fresh)
    }

    /// The events since the last call, waiting up to `wait` for one. A
    /// lost connection is an error; the next call connects again and
    /// catches up on what happened meanwhile.
    pub fn next(&mut self, wait: Duration) -> Result<Vec<DeskEvent>> {
        if self.client.is_none() {
            if let Err(err) = self.connect() {
                std::thread::sleep(wait.min(Duration::from_secs(1)));
                return Err(err);
            }
            return self.read_since_horizon();
        }
        let heard = {
            let Some(client) = self.client.as_mut() else {
                return Ok(Vec::new());
            };
            let mut notifications = client.notifications();
            let first = notifications.timeout_iter(wait).next();
            // What the same burst of changes announces (an ingest of many
            // stories, a save and its claims) is read by one catch-up.
            if matches!(first, Ok(Some(_))) {
                std::thread::sleep(COALESCE);
            }
            let rest = first.and_then(|_| notifications.iter().count());
            rest
        };
        if let Err(err) = heard {
            self.client = None;
            return Err(self.located(err.into()));
        }
        self.read_since_horizon()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::team_test;
    use std::time::Instant;

    fn server() -> String {
        team_test::server().unwrap_or_else(|| {
            panic!(
                "{} is not set: this test needs a PostgreSQL server (.ci/test starts one; \
                 or .ci/postgres start DIR and export the address it prints)",
                team_test::SERVER_ENV
            )
        })
    }

    /// Writes one event of `kind` on `client` (by a person of the same
    /// name: two transactions adding one new person would wait on each
    /// other's row of `people`).
    fn event(client: &mut Client, kind: &str) {
        client
            .execute(
                "INSERT INTO desk_events (kind, actor, at) VALUES ($1, $1, '2026-12-03T00:00:00.000Z')",
                &[&kind],
            )
            .expect("event");
    }

    /// Reads `follower` until `n` events came or five seconds passed,
    /// calling again after errors (a lost connection).
    fn collect(follower: &mut PgFollower, n: usize) -> (Vec<String>, usize) {
        let deadline = Instant::now() + Duration::from_secs(5);
        let (mut kinds, mut errors) = (Vec::new(), 0);
        while kinds.len() < n && Instant::now() < deadline {
            match follower.next(Duration::from_millis(200)) {
                Ok(events) => kinds.extend(events.into_iter().map(|e| e.kind)),
                Err(_) => errors += 1,
            }
        }
        (kinds, errors)
    }

    #[test]
    fn an_event_committed_after_a_later_one_is_still_delivered_once() {
        let server = server();
        let url = team_test::fresh_database(&server);
        PgStore::init(&url).expect("library");
        let mut follower = PgFollower::open(&url).expect("follower");
        let mut slow = open_client(&url).expect("client");
        let mut quick = open_client(&url).expect("client");
        // The slow transaction takes its id first and commits last.
        slow.batch_execute("BEGIN").unwrap();
        event(&mut slow, "early-id");
        event(&mut quick, "late-id");
        assert_eq!(collect(&mut follower, 1).0, ["late-id"]);
        slow.batch_execute("COMMIT").unwrap();
        assert_eq!(collect(&mut follower, 1).0, ["early-id"]);
        // Neither comes again.
        assert!(follower
            .next(Duration::from_millis(300))
            .unwrap()
            .is_empty());
        // A rolled-back event never comes.
        slow.batch_execute("BEGIN").unwrap();
        event(&mut slow, "rolled-back");
        slow.batch_execute("ROLLBACK").unwrap();
        event(&mut quick, "after");
        assert_eq!(collect(&mut follower, 1).0, ["after"]);
        assert!(follower
            .next(Duration::from_millis(300))
            .unwrap()
            .is_empty());
    }

    #[test]
    fn a_follower_whose_connection_drops_catches_up_on_what_it_missed() {
        let server = server();
        let url = team_test::fresh_database(&server);
        PgStore::init(&url).expect("library");
        let mut follower = PgFollower::open(&url).expect("follower");
        let mut writer = open_client(&url).expect("client");
        event(&mut writer, "before-drop");
        assert_eq!(collect(&mut follower, 1).0, ["before-drop"]);
        // The server ends the follower's connection (a restart, a network
        // cut); events are written while it is gone.
        let dropped: i64 = writer
            .query_one(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                 WHERE datname = current_database() AND pid <> pg_backend_pid()",
                &[],
            )
            .unwrap()
            .get(0);
        assert_eq!(dropped, 1, "the follower's connection was the other one");
        for kind in ["while-gone-1", "while-gone-2", "while-gone-3"] {
            event(&mut writer, kind);
        }
        let (kinds, errors) = collect(&mut follower, 3);
        assert_eq!(kinds, ["while-gone-1", "while-gone-2", "while-gone-3"]);
        assert!(errors >= 1, "the lost connection was reported");
        // And it hears new events live again.
        event(&mut writer, "after");
        assert_eq!(collect(&mut follower, 1).0, ["after"]);
    }
}
