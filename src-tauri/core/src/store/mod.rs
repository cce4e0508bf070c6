//! The library store: one SQLite file, or a PostgreSQL database for a team
//! (`postgres/`). The only module that runs SQL (the schemas themselves
//! live in `migrations/*.sql` and `migrations/postgres/*.sql`).

mod backend;
mod checks;
mod cjk;
mod claims;
mod copy;
mod events;
mod exports;
mod health;
mod merges;
mod migrate;
mod postgres;
mod recurring;
mod search;
mod search_query;
mod style;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior};
use serde_json::json;

pub(crate) use backend::{Backend, LibraryStore};
pub use checks::StoryChecks;
pub(crate) use copy::{all_rows, copy_library};
pub use copy::{LibraryRows, TableCount, Value as CopiedValue, TABLES as COPIED_TABLES};
pub use events::FileFollower;
pub use exports::StoredMeta;
pub(crate) use health::{backup, keep_aside_then_restore, make_self_contained};
pub use health::{describe_library_file, HealthCheck, LibraryFileInfo};
pub use merges::{MergeBase, MergeRevisions, OpenConflict};
pub use migrate::{
    apply as apply_migrations, embedded as embedded_migrations, latest_version, Migration,
};
pub(crate) use postgres::open_client;
pub use postgres::{
    address_with_database, forget_team_password, is_team_location, save_team_password,
    shown_location, PgFailure, PgFollower, PgSearcher, PgStore,
};
pub use recurring::LineCount;
pub use search::{Searcher, TIME_LIMIT as SEARCH_TIME_LIMIT};
pub use search_query::{fts_query, MAX_PREFIX_WORDS, MAX_QUERY_CHARS, MAX_WORDS, MIN_PREFIX_CHARS};

use crate::{
    arrival::{self, Arrival, Found, HeldRevision, HeldStory},
    error::Error,
    ingest::{self, ParsedCopy},
    model::{
        attributed, RevisionKind, SearchHit, StoryDetail, StoryFilter, StoryState, StorySummary,
        WireVersion,
    },
    time_stamp, Result,
};

/// A story and the wire revision stored from a feed copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CopyItem {
    pub story_id: i64,
    pub revision_id: i64,
}

/// A story's head revision (kind and body) and the bodies of its wire
/// versions (see [`Store::head_and_wire_bodies`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadAndWireBodies {
    pub head_kind: RevisionKind,
    pub head_body: String,
    /// In the agency's order, the original first; empty while the head is a
    /// wire version.
    pub wire_bodies: Vec<String>,
}

/// A story's head revision and its wire original (the agency's first version).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeadAndOriginal {
    pub head: i64,
    pub original: i64,
}

/// A story sharing sampled opening hashes with a copy, and how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpeningCandidate {
    pub story_id: i64,
    pub shared: usize,
}

/// The id of story ?1's newest wire version in the agency's order: the
/// highest agency version, else (no version carries one) the newest
/// arrival. Two seeks in `revisions_wire_order` (migration 0012), however
/// many versions the story has.
const LATEST_WIRE_ID: &str = "coalesce(
     (SELECT id FROM revisions
      WHERE story_id = ?1 AND kind = 'wire' AND agency_version IS NOT NULL
      ORDER BY agency_version DESC, id DESC LIMIT 1),
     (SELECT id FROM revisions
      WHERE story_id = ?1 AND kind = 'wire' AND agency_version IS NULL
      ORDER BY id DESC LIMIT 1))";

/// The highest agency version among story ?1's wire versions: one seek.
const HIGHEST_AGENCY_VERSION: &str = "SELECT agency_version FROM revisions
     WHERE story_id = ?1 AND kind = 'wire' AND agency_version IS NOT NULL
     ORDER BY agency_version DESC LIMIT 1";

/// The wire version a new one of story ?1 follows: the newest with an
/// agency version (at most ?2, for one that arrives late), else the newest
/// without. Two seeks.
const WIRE_PARENT: &str = "SELECT coalesce(
     (SELECT id FROM revisions
      WHERE story_id = ?1 AND kind = 'wire' AND agency_version IS NOT NULL
        AND (?2 IS NULL OR agency_version <= ?2)
      ORDER BY agency_version DESC, id DESC LIMIT 1),
     (SELECT id FROM revisions
      WHERE story_id = ?1 AND kind = 'wire' AND agency_version IS NULL
      ORDER BY id DESC LIMIT 1))";

/// How long a writer waits for another writer (the app, a CLI run) to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// A received file, ready to be stored.
#[derive(Debug, Clone, Copy)]
pub struct ReceivedCopy<'a> {
    pub file_name: &'a str,
    pub bytes: &'a [u8],
    pub sha256: &'a str,
}

/// One story of a received copy, ready to be stored.
#[derive(Debug, Clone, Copy)]
pub struct WireItem<'a> {
    pub parsed: &'a ParsedCopy,
    /// A held story this copy is a new version of, found by similarity for
    /// copy without an agency id; a held agency id wins over it.
    pub version_of: Option<i64>,
    /// The sample of its opening's trigram hashes ([`crate::similarity`]).
    pub opening: &'a [i64],
    /// [`ParsedCopy::content_sha256`], worked out before the write.
    pub content_sha256: &'a str,
    /// The claims the detector suggests in its body.
    pub claims: &'a [crate::claims::Suggestion],
    /// For plain-text copy, the lines counted for recurring furniture.
    pub recurring: Option<RecurringLines<'a>>,
}

/// The lines of a plain-text copy that could be furniture
/// ([`crate::furniture`]): counted for the story when it is stored (not
/// when it is a duplicate).
#[derive(Debug, Clone, Copy)]
pub struct RecurringLines<'a> {
    /// The publisher the copy names, or "" (all copy).
    pub scope: &'a str,
    /// The hashes of the copy's candidate lines, as received.
    pub lines: &'a [i64],
    /// Lines the story it updates counted already (those of its previous
    /// version): not counted again.
    pub counted: &'a [i64],
}

/// The opening of a held story's newest wire version, for linking.
#[derive(Debug, Clone)]
pub struct HeldOpening {
    pub headline: String,
    /// The first [`crate::similarity::OPENING_CHARS`] characters of the body.
    pub body: String,
    pub dateline: Option<String>,
    /// The copy had no headline: it was made from the lead.
    pub headline_derived: bool,
}

/// A revision as the history lists it.
#[derive(Debug, Clone)]
pub struct RevisionRow {
    pub id: i64,
    pub kind: RevisionKind,
    pub parent: Option<i64>,
    pub author: String,
    pub created_at: String,
    pub note: Option<String>,
    pub body: String,
}

/// The text fields of a revision.
#[derive(Debug, Clone)]
pub struct RevisionText {
    pub headline: String,
    pub dateline: Option<String>,
    pub byline: Option<String>,
    pub credit: Option<String>,
    pub body: String,
}

/// An edit to save as a story's new revision.
#[derive(Debug, Clone, Copy)]
pub struct Edit<'a> {
    pub story_id: i64,
    /// The revision the edit was made on; `None` takes the current one.
    pub base_revision_id: Option<i64>,
    pub headline: &'a str,
    /// Paragraphs separated by one blank line.
    pub body: &'a str,
    pub note: Option<&'a str>,
    /// The detector's suggestions for the new text.
    pub suggestions: &'a [crate::claims::Suggestion],
    /// `Edit`, or `Merge` for a merged wire update.
    pub kind: RevisionKind,
    /// For an edit that puts back a passage cleaning removed: which one
    /// (kept in the edit's audit entry).
    pub restored_passage: Option<&'a serde_json::Value>,
}

/// A drop-folder file as it was when taken: recorded with what it stored.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DroppedFile {
    pub path: String,
    pub byte_len: i64,
    pub modified_ns: i64,
}

/// What storing a received copy did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    New {
        story_id: i64,
        revision_id: i64,
    },
    /// A new wire version of a story already held (same agency and guid).
    Update {
        story_id: i64,
        revision_id: i64,
    },
    /// The same bytes were already held: nothing was written.
    Duplicate {
        story_id: i64,
        revision_id: i64,
    },
}

/// Connection settings, for checks (`synchronous` 2 is FULL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub journal_mode: String,
    pub synchronous: String,
    pub foreign_keys: bool,
    pub busy_timeout_ms: u64,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// What stops a search running too long (store/search.rs).
    search_watch: std::sync::Arc<search::Watch>,
}

impl Store {
    /// Opens (creating if needed) the library at `path` and brings its schema
    /// up to date. WAL, foreign keys, a busy timeout and `synchronous=FULL`:
    /// a committed revision survives a power cut.
    ///
    /// A file that cannot be opened as a library is refused with
    /// [`Error::CannotOpen`], saying why ([`crate::open_failure`]); a
    /// database of another program is refused before anything in it changes.
    pub fn open(path: &Path) -> Result<Store> {
        crate::open_failure::check_file(path).map_err(Error::CannotOpen)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Connection::open_with_flags(path, flags)
            .map_err(|cause| Error::Open {
                path: path.to_owned(),
                cause,
            })
            .and_then(|conn| Self::configure(conn, path.to_owned()))
            .map_err(|err| crate::open_failure::classify(path, err))
    }

    /// Opens the file at `path` read-only as it is, without bringing its
    /// schema up to date or changing anything: for the health check of a
    /// library that cannot be opened. Refused (saying why) when the file is
    /// not a database or is a database of another program.
    pub fn open_as_is(path: &Path) -> Result<Store> {
        use crate::open_failure::{check_file, from_sqlite, LibraryProblem, OpenFailure};
        match check_file(path) {
            Err(failure) if failure.problem != LibraryProblem::Damaged => {
                return Err(Error::CannotOpen(failure))
            }
            _ if !path.is_file() => {
                return Err(Error::Backup {
                    path: path.to_owned(),
                    problem: "no such file".to_owned(),
                })
            }
            _ => {}
        }
        let refused = |cause: rusqlite::Error| Error::CannotOpen(from_sqlite(path, &cause));
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(refused)?;
        // A file shorter than its header says is read all the same, for
        // SQLite's check to list what is missing (this connection cannot
        // write, whatever the setting).
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_WRITABLE_SCHEMA,
            true,
        )
        .map_err(refused)?;
        match conn.query_row(
            "SELECT count(*) > 0 FROM sqlite_schema
             WHERE type = 'table' AND name = 'schema_migrations'",
            [],
            |row| row.get::<_, bool>(0),
        ) {
            Ok(true) => {}
            Ok(false) => return Err(Error::CannotOpen(OpenFailure::other_program(path))),
            // A schema too damaged to read: SQLite's check says what it can.
            Err(err) if err.sqlite_error_code() == Some(ErrorCode::DatabaseCorrupt) => {}
            Err(err) => return Err(refused(err)),
        }
        let search_watch = search::Watch::install(&mut conn).map_err(refused)?;
        Ok(Store {
            conn,
            path: path.to_owned(),
            search_watch,
        })
    }

    /// A library that lives in memory only (for tests and previews).
    pub fn open_in_memory() -> Result<Store> {
        Self::configure(Connection::open_in_memory()?, PathBuf::from(":memory:"))
    }

    fn configure(mut conn: Connection, path: PathBuf) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Before anything is written (even the journal mode, which stays
        // with the file): a database with tables but none of Wiredesk's
        // belongs to another program.
        let (tables, wiredesk): (i64, bool) = conn.query_row(
            "SELECT count(*), coalesce(sum(name = 'schema_migrations'), 0) > 0
             FROM sqlite_schema WHERE type = 'table'",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        if tables > 0 && !wiredesk {
            return Err(Error::CannotOpen(
                crate::open_failure::OpenFailure::other_program(&path),
            ));
        }
        // Switching a new file to WAL needs the file to itself: a second
        // process opening the same new library at that moment is told
        // "busy" at once, without the busy timeout's wait. So wait here.
        let started = std::time::Instant::now();
        let mut pause = Duration::from_millis(5);
        loop {
            match conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(())) {
                Err(err)
                    if err.sqlite_error_code() == Some(ErrorCode::DatabaseBusy)
                        && started.elapsed() < BUSY_TIMEOUT =>
                {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(200));
                }
                other => {
                    other?;
                    break;
                }
            }
        }
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // 16 MiB of pages per connection (SQLite's default is 2 MiB): the
        // upper levels of a large library's indexes stay in memory, so a
        // story stored in a library of millions reads them once, not per row.
        conn.pragma_update(None, "cache_size", -16_384)?;
        // Storing a story runs some 25 statements; every one stays prepared
        // (the default cache of 16 had them re-prepared for every story).
        conn.set_prepared_statement_cache_capacity(64);
        // The same plan whatever values are bound. Without this guarantee
        // SQLite prepares a statement again each time a value it planned on
        // is bound anew (a LIMIT, a key compared in an ORDER BY ... LIMIT
        // lookup, a full-text index's segment number): for the full-text
        // lookups of every story stored, that was a third of their cost.
        // Nothing here plans on values: no statistics, no LIKE on a prefix.
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )?;
        migrate::apply_with(&mut conn, &migrate::embedded()?, data_step)?;
        let search_watch = search::Watch::install(&mut conn)?;
        Ok(Store {
            conn,
            path,
            search_watch,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection settings in force, as SQLite reports them.
    pub fn settings(&self) -> Result<Settings> {
        let get = |pragma: &str| -> Result<String> {
            Ok(self
                .conn
                .query_row(&format!("PRAGMA {pragma}"), [], |row| {
                    Ok(match row.get_ref(0)? {
                        rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                        other => other.as_str().unwrap_or_default().to_owned(),
                    })
                })?)
        };
        Ok(Settings {
            journal_mode: get("journal_mode")?,
            synchronous: get("synchronous")?,
            foreign_keys: get("foreign_keys")? == "1",
            busy_timeout_ms: get("busy_timeout")?.parse().unwrap_or(0),
        })
    }

    /// The schema version of the open library.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))?)
    }

    /// How many bytes the library takes: its pages (the write-ahead log's
    /// frames not yet checkpointed are not counted).
    pub fn stored_bytes(&self) -> Result<u64> {
        let bytes: i64 = self.conn.query_row(
            "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
            [],
            |row| row.get(0),
        )?;
        Ok(bytes.max(0) as u64)
    }

    pub fn story_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM stories", [], |row| row.get(0))?)
    }

    /// Stores a received copy and the stories it carries, in one
    /// transaction: the feed copy, the stories, their revisions, the search
    /// index and the audit entries land together or not at all. One result
    /// per story, in order. Inside a group ([`Store::begin_group`]) it is
    /// part of the group's transaction instead.
    pub fn insert_wire_copy(
        &mut self,
        copy: ReceivedCopy<'_>,
        items: &[WireItem<'_>],
        actor: &str,
    ) -> Result<Vec<Stored>> {
        if !self.conn.is_autocommit() {
            return write_copy(&self.conn, copy, items, actor);
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let stored = write_copy(&tx, copy, items, actor)?;
        tx.commit()?;
        Ok(stored)
    }

    /// Saves an edit as a new revision whose parent is the current head, and
    /// makes it the head. Optimistic: if the edit names a base revision and
    /// another save landed first, it fails with [`Error::EditConflict`] and
    /// nothing is written. The story's claims follow the text.
    pub fn save_edit(&mut self, edit: &Edit<'_>, actor: &str) -> Result<i64> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        /// The head's id, body, dateline, byline and credit, the story's
        /// state, and the head's headline.
        type Head = (
            i64,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            StoryState,
            String,
        );
        let head: Option<Head> = tx
            .prepare_cached(
                "SELECT r.id, r.body, r.dateline, r.byline, r.credit, s.state, r.headline
                 FROM stories s JOIN revisions r ON r.id = s.head_revision_id WHERE s.id = ?1",
            )?
            .query_row([edit.story_id], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                    row.get(5)?,
                    row.get(6)?,
                ))
            })
            .optional()?;
        let Some((head_id, old_body, dateline, byline, credit, state, old_headline)) = head else {
            return Err(Error::StoryNotFound(edit.story_id));
        };
        if let Some(base) = edit.base_revision_id.filter(|base| *base != head_id) {
            let base_story: Option<i64> = tx
                .prepare_cached("SELECT story_id FROM revisions WHERE id = ?1")?
                .query_row([base], |row| row.get(0))
                .optional()?;
            if base_story != Some(edit.story_id) {
                return Err(Error::UnknownBase {
                    story: edit.story_id,
                    base,
                    head: head_id,
                });
            }
            return Err(Error::EditConflict {
                story: edit.story_id,
                base,
                head: head_id,
            });
        }
        // An edit that changes nothing makes no revision (a merge always
        // does: it records which wire version was taken in).
        if edit.kind == RevisionKind::Edit && edit.headline == old_headline && edit.body == old_body
        {
            return Err(Error::Unchanged {
                story: edit.story_id,
                head: head_id,
            });
        }
        let now = time_stamp::now();
        tx.prepare_cached(
            "INSERT INTO revisions (story_id, parent_id, kind, author, created_at, note,
                 headline, dateline, byline, credit, body)
             VALUES (?1, ?2, ?11, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(rusqlite::params![
            edit.story_id,
            head_id,
            actor,
            now,
            edit.note,
            edit.headline,
            dateline,
            byline,
            credit,
            edit.body,
            edit.kind,
        ])?;
        let revision_id = tx.last_insert_rowid();
        set_head(&tx, edit.story_id, revision_id, (edit.headline, edit.body))?;
        if state == StoryState::New {
            tx.prepare_cached("UPDATE stories SET state = ?2 WHERE id = ?1")?
                .execute((edit.story_id, StoryState::Editing))?;
        }
        let carried = claims::Carried {
            story_id: edit.story_id,
            revision_id,
            old_body: &old_body,
            new_body: edit.body,
            suggestions: edit.suggestions,
        };
        claims::carry_claims(&tx, &carried, actor, &now)?;
        let mut detail =
            json!({ "revision_id": revision_id, "parent_id": head_id, "note": edit.note });
        if let (Some(passage), Some(fields)) = (edit.restored_passage, detail.as_object_mut()) {
            fields.insert("restored_passage".into(), passage.clone());
        }
        append_audit(
            &tx,
            Some(edit.story_id),
            actor,
            &now,
            edit.kind.as_str(),
            &detail,
        )?;
        tx.commit()?;
        Ok(revision_id)
    }

    /// The story's current text (its head revision's body).
    pub fn head_body(&self, story_id: i64) -> Result<String> {
        Ok(head(&self.conn, story_id)?.body)
    }

    /// Whether the desk counts timing claims as open (the library setting
    /// [`crate::claims::TIMING_OPEN_SETTING`] is "true").
    pub fn timing_open(&self) -> Result<bool> {
        Ok(counts_timing_open(
            self.preference(crate::claims::TIMING_OPEN_SETTING)?
                .as_deref(),
        ))
    }

    /// The headline of the story's current revision.
    pub fn head_headline(&self, story_id: i64) -> Result<String> {
        self.conn
            .prepare_cached(
                "SELECT r.headline FROM stories s JOIN revisions r ON r.id = s.head_revision_id
                 WHERE s.id = ?1",
            )?
            .query_row([story_id], |row| row.get(0))
            .optional()?
            .ok_or(Error::StoryNotFound(story_id))
    }

    /// The head revision's kind and body, and the bodies of the story's wire
    /// versions in the agency's order (the original first); no wire bodies
    /// while the head is itself a wire version (nothing to hold it against).
    pub fn head_and_wire_bodies(&self, story_id: i64) -> Result<HeadAndWireBodies> {
        let Head { kind, body, .. } = head(&self.conn, story_id)?;
        if kind == RevisionKind::Wire {
            return Ok(HeadAndWireBodies {
                head_kind: kind,
                head_body: body,
                wire_bodies: Vec::new(),
            });
        }
        let wire = self
            .conn
            .prepare_cached(
                "SELECT body FROM revisions WHERE story_id = ?1 AND kind = 'wire'
                 ORDER BY agency_version IS NULL, agency_version, id",
            )?
            .query_map([story_id], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(HeadAndWireBodies {
            head_kind: kind,
            head_body: body,
            wire_bodies: wire,
        })
    }

    /// Every revision of a story in order: (id, kind, parent, author,
    /// created_at, note, body).
    pub fn revisions(&self, story_id: i64) -> Result<Vec<RevisionRow>> {
        head(&self.conn, story_id)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, kind, parent_id, author, created_at, note, body FROM revisions
             WHERE story_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([story_id], |row| {
            Ok(RevisionRow {
                id: row.get(0)?,
                kind: row.get(1)?,
                parent: row.get(2)?,
                author: row.get(3)?,
                created_at: row.get(4)?,
                note: row.get(5)?,
                body: row.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A revision's text, if it belongs to the story.
    pub fn revision_text(&self, story_id: i64, revision_id: i64) -> Result<RevisionText> {
        self.conn
            .prepare_cached(
                "SELECT headline, dateline, byline, credit, body FROM revisions
                 WHERE id = ?1 AND story_id = ?2",
            )?
            .query_row((revision_id, story_id), |row| {
                Ok(RevisionText {
                    headline: row.get(0)?,
                    dateline: row.get(1)?,
                    byline: row.get(2)?,
                    credit: row.get(3)?,
                    body: row.get(4)?,
                })
            })
            .optional()?
            .ok_or_else(|| {
                Error::InvalidInput(format!("story {story_id} has no revision {revision_id}"))
            })
    }

    /// How many stories' current text contains `text` (a full scan with
    /// LIKE: the baseline the search index is measured against).
    pub fn count_current_texts_containing(&self, text: &str) -> Result<i64> {
        let pattern = format!("%{}%", text.replace(['%', '_'], ""));
        Ok(self.conn.query_row(
            "SELECT count(*) FROM stories s JOIN revisions r ON r.id = s.head_revision_id
             WHERE r.headline LIKE ?1 OR r.body LIKE ?1",
            [pattern],
            |row| row.get(0),
        )?)
    }

    /// Up to `limit` stories whose current text is the desk's, newest first.
    pub fn edited_story_ids(&self, limit: u32) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.id FROM stories s JOIN revisions r ON r.id = s.head_revision_id
             WHERE r.kind <> 'wire' ORDER BY s.id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The story's newest wire version (the agency's order): its revision.
    pub fn latest_wire_revision(&self, story_id: i64) -> Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id FROM revisions WHERE story_id = ?1 AND kind = 'wire'
                 ORDER BY agency_version IS NULL DESC, agency_version DESC, id DESC LIMIT 1",
            )?
            .query_row([story_id], |row| row.get(0))
            .optional()?)
    }

    /// The story's head revision and its wire original (the agency's first
    /// version).
    pub fn head_and_original(&self, story_id: i64) -> Result<HeadAndOriginal> {
        self.conn
            .prepare_cached(
                "SELECT s.head_revision_id,
                        (SELECT id FROM revisions WHERE story_id = s.id AND kind = 'wire'
                         ORDER BY agency_version IS NULL, agency_version, id LIMIT 1)
                 FROM stories s WHERE s.id = ?1",
            )?
            .query_row([story_id], |row| {
                Ok(HeadAndOriginal {
                    head: row.get(0)?,
                    original: row.get(1)?,
                })
            })
            .optional()?
            .ok_or(Error::StoryNotFound(story_id))
    }

    /// Opens a group: the writes that follow share one transaction until
    /// [`Store::commit_group`] or [`Store::rollback_group`]. A batch of files
    /// is written in groups; the caller keeps each file all or nothing by
    /// replaying a failed group one file per group.
    pub fn begin_group(&mut self) -> Result<()> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(())
    }

    pub fn commit_group(&mut self) -> Result<()> {
        self.conn.execute_batch("COMMIT")?;
        Ok(())
    }

    /// Undoes everything since [`Store::begin_group`].
    pub fn rollback_group(&mut self) {
        if !self.conn.is_autocommit() {
            // A failed rollback leaves SQLite to roll back when the
            // connection closes; nothing of the group is committed either way.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }

    /// A preference of this library, if set.
    pub fn preference(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM preferences WHERE key = ?1")?
            .query_row([key], |row| row.get(0))
            .optional()?)
    }

    /// Sets (or, with `None`, clears) a preference of this library.
    pub fn set_preference(&mut self, key: &str, value: Option<&str>) -> Result<()> {
        match value {
            Some(value) => self
                .conn
                .prepare_cached("INSERT OR REPLACE INTO preferences (key, value) VALUES (?1, ?2)")?
                .execute((key, value))?,
            None => self
                .conn
                .prepare_cached("DELETE FROM preferences WHERE key = ?1")?
                .execute([key])?,
        };
        Ok(())
    }

    /// Records a drop-folder file as taken, with what ingesting it did.
    pub fn record_dropped_file(&mut self, file: &DroppedFile, status: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO drop_folder_files
                     (path, byte_len, modified_ns, taken_at, status)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute((
                &file.path,
                file.byte_len,
                file.modified_ns,
                time_stamp::now(),
                status,
            ))?;
        Ok(())
    }

    /// The drop-folder files under `root` taken before, as they were then.
    pub fn dropped_files_under(&self, root: &str) -> Result<Vec<DroppedFile>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT path, byte_len, modified_ns FROM drop_folder_files
             WHERE substr(path, 1, length(?1)) = ?1",
        )?;
        let rows = stmt.query_map([root], |row| {
            Ok(DroppedFile {
                path: row.get(0)?,
                byte_len: row.get(1)?,
                modified_ns: row.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The inbox: stories newest first.
    pub fn list_stories(
        &self,
        limit: u32,
        offset: u32,
        filter: &StoryFilter,
    ) -> Result<Vec<StorySummary>> {
        let timing_open = self.timing_open()?;
        let (filter_sql, values) = filter_sql(filter, 3, timing_open);
        let open_claim = open_claim_sql(timing_open);
        let sql = format!(
            "SELECT s.id, r.headline, src.name, s.last_received_at,
                    (SELECT count(*) FROM revisions w WHERE w.story_id = s.id AND w.kind = 'wire'),
                    s.state,
                    (SELECT count(*) FROM claims c
                      WHERE c.story_id = s.id AND {open_claim}),
                    s.slug, r.kind <> 'wire', src.code = 'unknown',
                    ({})
             FROM stories s
             JOIN sources src ON src.id = s.source_id
             JOIN revisions r ON r.id = s.head_revision_id
             WHERE 1 {filter_sql}
             ORDER BY s.last_received_at DESC, s.id DESC
             LIMIT ?1 OFFSET ?2",
            wire_metadata_text(ingest::PUBLISHER_KEY, "s.id")
        );
        let mut params: Vec<&dyn rusqlite::ToSql> = vec![&limit, &offset];
        params.extend(values.iter().map(|v| v as &dyn rusqlite::ToSql));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params.as_slice(), |row| {
            let agency: String = row.get(2)?;
            let unknown: bool = row.get(9)?;
            let publisher: Option<String> = row.get(10)?;
            Ok(StorySummary {
                id: row.get(0)?,
                headline: row.get(1)?,
                source: attributed(&agency, !unknown, publisher.as_deref()),
                agency,
                publisher,
                received_at: row.get(3)?,
                version: row.get(4)?,
                state: row.get(5)?,
                open_claims: row.get(6)?,
                slug: row.get(7)?,
                edited: row.get(8)?,
                integrity_findings: 0,
                wire_update: false,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The names of the sources stories came from, for the inbox's filter.
    pub fn source_names(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT name FROM sources s WHERE EXISTS
                 (SELECT 1 FROM stories t WHERE t.source_id = s.id)
             ORDER BY name COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The copy's own date of a story (`StoryDetail::copy_date`) without
    /// reading the rest of it: what an edit's relative dates count from.
    pub fn copy_date(&self, id: i64) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT ({})",
                wire_metadata_text(ingest::COPY_DATE_KEY, "?1")
            ))?
            .query_row([id], |row| row.get(0))?)
    }

    /// A story's current text and its wire versions.
    pub fn story(&self, id: i64) -> Result<StoryDetail> {
        let mut detail = self
            .conn
            .query_row(
                "SELECT s.id, r.id, r.headline, r.dateline, r.byline, r.credit, r.body,
                        src.name, s.state, src.code = 'unknown'
                 FROM stories s
                 JOIN sources src ON src.id = s.source_id
                 JOIN revisions r ON r.id = s.head_revision_id
                 WHERE s.id = ?1",
                [id],
                |row| {
                    let unknown: bool = row.get(9)?;
                    Ok(StoryDetail {
                        id: row.get(0)?,
                        revision_id: row.get(1)?,
                        headline: row.get(2)?,
                        dateline: row.get(3)?,
                        byline: row.get(4)?,
                        credit: row.get(5)?,
                        body: row.get(6)?,
                        source: if unknown { String::new() } else { row.get(7)? },
                        agency: row.get(7)?,
                        publisher: None,
                        copy_date: None,
                        state: row.get(8)?,
                        kill_reason: None,
                        wire_update: None,
                        format: String::new(),
                        versions: Vec::new(),
                    })
                },
            )
            .optional()?
            .ok_or(Error::StoryNotFound(id))?;
        // The outlet and the copy's date, from the newest wire version
        // (the agency's order) that has them.
        let (publisher, copy_date): (Option<String>, Option<String>) = self
            .conn
            .prepare_cached(&format!(
                "SELECT ({}), ({})",
                wire_metadata_text(ingest::PUBLISHER_KEY, "?1"),
                wire_metadata_text(ingest::COPY_DATE_KEY, "?1")
            ))?
            .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))?;
        let agency_known = !detail.source.is_empty();
        detail.source = attributed(&detail.agency, agency_known, publisher.as_deref());
        detail.publisher = publisher;
        detail.copy_date = copy_date;
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.id, f.id, f.file_name, f.format, f.encoding,
                    f.sha256, f.byte_len, f.received_at
             FROM revisions r JOIN feed_copies f ON f.id = r.feed_copy_id
             WHERE r.story_id = ?1 AND r.kind = 'wire'
             ORDER BY r.agency_version IS NULL, r.agency_version, r.id",
        )?;
        // Version numbers count the story's wire revisions in the agency's
        // order (its version numbers where the copy has them, else arrival):
        // a copy carrying several stories is version n of each of them.
        detail.versions = stmt
            .query_map([id], |row| {
                Ok(WireVersion {
                    version: 0,
                    revision_id: row.get(0)?,
                    feed_copy_id: row.get(1)?,
                    file: row.get(2)?,
                    format: row.get(3)?,
                    encoding: row.get(4)?,
                    sha256: row.get(5)?,
                    byte_len: row.get(6)?,
                    received_at: row.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (n, version) in detail.versions.iter_mut().enumerate() {
            version.version = n as i64 + 1;
        }
        detail.format = detail
            .versions
            .last()
            .map(|v| v.format.clone())
            .unwrap_or_default();
        if detail.state == StoryState::Killed {
            detail.kill_reason = self
                .conn
                .prepare_cached(
                    "SELECT json_extract(detail, '$.kill_reason') FROM audit_log
                     WHERE story_id = ?1 AND action = 'ingest'
                       AND json_extract(detail, '$.kill_reason') IS NOT NULL
                     ORDER BY id DESC LIMIT 1",
                )?
                .query_row([id], |row| row.get(0))
                .optional()?;
        }
        Ok(detail)
    }

    /// Starts a batch of ingests: each file still commits on its own, but the
    /// commits are not flushed to disk one by one. [`Store::end_batch`]
    /// makes the whole batch durable with one flush; until it returns, no
    /// file of the batch may be reported as stored.
    pub fn begin_batch(&mut self) -> Result<()> {
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        Ok(())
    }

    /// Ends a batch: back to a flush per commit, and one audited commit that
    /// flushes the write-ahead log, and with it every commit of the batch.
    pub fn end_batch(&mut self, actor: &str, summary: &serde_json::Value) -> Result<()> {
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        self.audit(None, actor, "ingest-batch", summary)
    }

    /// Appends an entry to the audit log.
    pub fn audit(
        &mut self,
        story_id: Option<i64>,
        actor: &str,
        action: &str,
        detail: &serde_json::Value,
    ) -> Result<()> {
        append_audit(
            &self.conn,
            story_id,
            actor,
            &time_stamp::now(),
            action,
            detail,
        )
    }

    /// A revision's metadata (format fields, what cleaning did).
    pub fn revision_metadata(&self, revision_id: i64) -> Result<serde_json::Value> {
        let text: String = self
            .conn
            .query_row(
                "SELECT metadata FROM revisions WHERE id = ?1",
                [revision_id],
                |row| row.get(0),
            )
            .optional()?
            .unwrap_or_else(|| "{}".to_owned());
        Ok(serde_json::from_str(&text).unwrap_or_default())
    }

    /// The metadata of each of the story's wire versions, in the order
    /// they were stored (format fields, what cleaning removed).
    pub fn wire_metadata(&self, story_id: i64) -> Result<Vec<serde_json::Value>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT metadata FROM revisions WHERE story_id = ?1 AND kind = 'wire' ORDER BY id",
        )?;
        let rows = stmt.query_map([story_id], |row| row.get::<_, Option<String>>(0))?;
        rows.map(|text| {
            Ok(text?
                .and_then(|text| serde_json::from_str(&text).ok())
                .unwrap_or_default())
        })
        .collect()
    }

    /// The received bytes of a feed copy, exactly as they arrived.
    pub fn feed_copy_bytes(&self, feed_copy_id: i64) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .query_row(
                "SELECT bytes FROM feed_copies WHERE id = ?1",
                [feed_copy_id],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// Stories whose newest wire openings share sampled trigram hashes with
    /// `sample`, most shared first, then newest first: candidates for being
    /// the story a new copy updates. Each hash brings at most the stories of
    /// its `per_hash` newest entries, so a phrase every story has
    /// ("(Reuters) - The") cannot make a lookup read the whole library; the
    /// index holds one entry per story (its newest wire version), so a
    /// story's versions do not crowd the lookup. When the first
    /// `give_up_after` hashes bring no story at all, the rest are not
    /// looked up.
    pub fn opening_candidates(
        &self,
        sample: &[i64],
        per_hash: u32,
        give_up_after: usize,
    ) -> Result<Vec<OpeningCandidate>> {
        let mut shared: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
        // A join, not `r.id IN (SELECT ...)`: an IN list is an ephemeral
        // table, created and thrown away at every lookup.
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT r.story_id
             FROM (SELECT rowid AS id FROM story_opening_index
                   WHERE story_opening_index MATCH ?1
                   ORDER BY rowid DESC LIMIT {per_hash}) AS o
             JOIN revisions r ON r.id = o.id"
        ))?;
        for (looked_up, hash) in sample.iter().enumerate() {
            if looked_up == give_up_after && shared.is_empty() {
                break;
            }
            let token = crate::similarity::opening_token(*hash);
            let stories: std::collections::HashSet<i64> = stmt
                .query_map([token], |row| row.get::<_, i64>(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in stories {
                *shared.entry(id).or_default() += 1;
            }
        }
        let mut candidates: Vec<OpeningCandidate> = shared
            .into_iter()
            .map(|(story_id, shared)| OpeningCandidate { story_id, shared })
            .collect();
        candidates.sort_by(|a, b| b.shared.cmp(&a.shared).then(b.story_id.cmp(&a.story_id)));
        Ok(candidates)
    }

    /// The opening of a story's newest wire version (the agency's order):
    /// headline, the first [`crate::similarity::OPENING_CHARS`] characters
    /// of the body, dateline, and whether the headline was made from the
    /// lead. Two seeks in `revisions_wire_order`, however many versions the
    /// story has.
    pub fn wire_opening(&self, story_id: i64) -> Result<Option<HeldOpening>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT headline, substr(body, 1, {}), dateline,
                        json_extract(metadata, '$.headline_derived') IS NOT NULL
                 FROM revisions WHERE id = {LATEST_WIRE_ID}",
                crate::similarity::OPENING_CHARS
            ))?
            .query_row([story_id], |row| {
                Ok(HeldOpening {
                    headline: row.get(0)?,
                    body: row.get(1)?,
                    dateline: row.get(2)?,
                    headline_derived: row.get(3)?,
                })
            })
            .optional()?)
    }

    /// Full-text search over each story's current headline and body, best
    /// first, within the query's limits (search_query.rs) and stopped after
    /// [`SEARCH_TIME_LIMIT`].
    pub fn search(&self, query: &str, limit: u32, filter: &StoryFilter) -> Result<Vec<SearchHit>> {
        self.search_within(query, limit, filter, SEARCH_TIME_LIMIT)
    }

    /// [`Store::search`] with another time limit (for tests).
    pub fn search_within(
        &self,
        query: &str,
        limit: u32,
        filter: &StoryFilter,
        limit_time: Duration,
    ) -> Result<Vec<SearchHit>> {
        search::search(
            &self.conn,
            &self.search_watch,
            query,
            limit,
            filter,
            limit_time,
        )
    }

    /// Counts of the rows a story keeps, by table (for checks and tests).
    pub fn row_counts(&self) -> Result<Vec<(&'static str, i64)>> {
        let tables = [
            "sources",
            "stories",
            "feed_copies",
            "revisions",
            "claims",
            "claim_events",
            "exports",
            "audit_log",
            "story_search",
            "story_search_cjk",
        ];
        tables
            .into_iter()
            .map(|table| {
                // The indexes' own rows (they hold no text of their own).
                let counted = match table {
                    "story_search" => "story_search_docsize",
                    "story_search_cjk" => "story_search_cjk_docsize",
                    _ => table,
                };
                let n =
                    self.conn
                        .query_row(&format!("SELECT count(*) FROM {counted}"), [], |row| {
                            row.get(0)
                        })?;
                Ok((table, n))
            })
            .collect()
    }
}

/// Appends an entry to the audit log, in whatever transaction `conn` is in.
pub(super) fn append_audit(
    conn: &Connection,
    story_id: Option<i64>,
    actor: &str,
    at: &str,
    action: &str,
    detail: &serde_json::Value,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit_log (story_id, actor, created_at, action, detail)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute((story_id, actor, at, action, detail.to_string()))?;
    Ok(())
}

/// A text field of the story's wire metadata (`key`: "publisher",
/// "copy_date") from its newest wire version, in the agency's order, that
/// has it: a scalar subquery for the story whose id is `story` (SQL).
fn wire_metadata_text(key: &str, story: &str) -> String {
    format!(
        "SELECT json_extract(w.metadata, '$.{key}') FROM revisions w
         WHERE w.story_id = {story} AND w.kind = 'wire'
           AND json_type(w.metadata, '$.{key}') = 'text'
         ORDER BY w.agency_version IS NULL, w.agency_version DESC, w.id DESC LIMIT 1"
    )
}

/// Whether the value of the setting [`crate::claims::TIMING_OPEN_SETTING`]
/// has timing claims count as open ("true", in any case).
fn counts_timing_open(value: Option<&str>) -> bool {
    value.is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

/// Above this many matches a search lists the newest first, unranked.
/// (Ranking costs about 20 µs a match on a million-story library: a
/// thousand matches rank in some 20 ms, and past that a desk wants the
/// newest anyway.)
const BROAD_QUERY_MATCHES: i64 = 1_000;

/// The SQL condition (over claims `c`) that a claim is open: the twin of
/// [`crate::domain::is_open_claim`], built from the same list of statuses
/// ([`crate::domain::OPEN_STATUSES`]); while timing claims do not count as
/// open, not one of them.
fn open_claim_sql(timing_open: bool) -> String {
    let timing = if timing_open {
        String::new()
    } else {
        format!(" AND NOT {}", crate::claims::timing_sql())
    };
    format!(
        "c.dismissed = 0 AND c.detached = 0 AND c.status IN {}{timing}",
        crate::domain::ClaimStatus::open_sql_list()
    )
}

/// The inbox filter as SQL conditions (each starting with AND) over
/// `stories s` and `sources src`, and the values they bind, numbered from
/// `?{first}`.
fn filter_sql(filter: &StoryFilter, first: usize, timing_open: bool) -> (String, Vec<String>) {
    let mut sql = String::new();
    let mut values: Vec<String> = Vec::new();
    let mut bind = |condition: &str, value: String| {
        sql.push_str(&format!(" AND {condition} ?{}", first + values.len()));
        values.push(value);
    };
    let given = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    if let Some(source) = given(&filter.source) {
        bind("src.name =", source);
    }
    if let Some(state) = given(&filter.state) {
        bind("s.state =", state);
    }
    if let Some(from) = given(&filter.received_from) {
        bind("s.last_received_at >=", from);
    }
    if let Some(to) = given(&filter.received_to) {
        // A bare date includes that whole day.
        let to = if to.len() == 10 {
            format!("{to}T99")
        } else {
            to
        };
        bind("s.last_received_at <", to);
    }
    if let Some(after) = &filter.after {
        let at = first + values.len();
        sql.push_str(&format!(
            " AND (s.last_received_at, s.id) < (?{at}, CAST(?{} AS INTEGER))",
            at + 1
        ));
        values.push(after.received_at.clone());
        values.push(after.id.to_string());
    }
    if filter.open_claims {
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM claims c WHERE c.story_id = s.id AND {})",
            open_claim_sql(timing_open)
        ));
    }
    // Assigned claims are few: the stories are found from the claims
    // (through `claims_by_assignee`), not by testing every story.
    if let Some(person) = given(&filter.assigned_to) {
        sql.push_str(&format!(
            " AND s.id IN (SELECT c.story_id FROM claims c WHERE c.assignee = ?{} AND {})",
            first + values.len(),
            open_claim_sql(timing_open)
        ));
        values.push(person);
    }
    if filter.waiting_on_checkers {
        sql.push_str(&format!(
            " AND s.id IN (SELECT c.story_id FROM claims c JOIN people p ON p.name = c.assignee
                           WHERE p.role = 'checker' AND {})",
            open_claim_sql(timing_open)
        ));
    }
    (sql, values)
}

/// The migrations' data steps: what SQL cannot compute for older libraries.
fn data_step(conn: &Connection, version: i64) -> Result<()> {
    if version == 3 {
        // Opening samples for the stories already held.
        let mut wire = conn.prepare(
            "SELECT story_id, headline, substr(body, 1, 2000) FROM revisions WHERE kind = 'wire'",
        )?;
        let mut insert =
            conn.prepare("INSERT OR IGNORE INTO story_openings (hash, story_id) VALUES (?1, ?2)")?;
        let rows = wire.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
            ))
        })?;
        for row in rows {
            let (story_id, headline, body) = row?;
            for hash in crate::similarity::Opening::of_story(&headline, &body).sample() {
                insert.execute((hash, story_id))?;
            }
        }
    }
    if version == 12 {
        // The opening index, rebuilt with each story's newest wire version;
        // the counts of recurring lines for the plain-text copy held.
        fill_opening_index(conn)?;
        recurring::fill(conn)?;
    }
    if version == 15 {
        // The CJK index of each story's current text.
        fill_cjk_index(conn)?;
    }
    Ok(())
}

/// Writes a received copy and its stories on `conn`, inside a transaction
/// the caller holds.
fn write_copy(
    conn: &Connection,
    copy: ReceivedCopy<'_>,
    items: &[WireItem<'_>],
    actor: &str,
) -> Result<Vec<Stored>> {
    let held_copy = find_copy_items(conn, copy.sha256)?;
    if !held_copy.is_empty() {
        return Ok(held_copy
            .into_iter()
            .map(|item| Stored::Duplicate {
                story_id: item.story_id,
                revision_id: item.revision_id,
            })
            .collect());
    }
    let now = time_stamp::now();
    let mut feed_copy_id = None;
    items
        .iter()
        .map(|item| store_item(conn, copy, item, actor, &now, &mut feed_copy_id))
        .collect()
}

/// Stores one story of a received copy inside the copy's transaction; the
/// feed copy row is written with the first story that is not a duplicate.
/// The store looks up what it holds and writes what [`arrival::arrival`]
/// decides the story is.
fn store_item(
    conn: &Connection,
    copy: ReceivedCopy<'_>,
    item: &WireItem<'_>,
    actor: &str,
    now: &str,
    feed_copy_id: &mut Option<i64>,
) -> Result<Stored> {
    let parsed = item.parsed;
    let content_sha256 = item.content_sha256;
    let agency_version = parsed.agency_version();
    let (found, source_id) = what_is_held(conn, item)?;
    // Each lookup is a seek in `revisions_wire_order` (migration 0012), and
    // the count of versions is kept on the story: storing a version costs
    // the same whatever the number of versions before it.
    let arrival = arrival::arrival(&found);
    let update = matches!(arrival, Arrival::Update { .. });
    let (story_id, wire_version, parent_id, older, becomes_head, latest_before) = match arrival {
        Arrival::Duplicate(HeldRevision {
            story_id,
            revision_id,
        }) => {
            return Ok(Stored::Duplicate {
                story_id,
                revision_id,
            })
        }
        Arrival::Update {
            story_id,
            wire_version,
            older,
            becomes_head,
        } => {
            let latest_before = latest_wire_id(conn, story_id)?;
            // An older agency version's parent is the version before
            // it: the newest version with an agency version (at most
            // this copy's, for an older one), else the newest without.
            let parent: Option<i64> = conn
                .prepare_cached(WIRE_PARENT)?
                .query_row((story_id, agency_version.filter(|_| older)), |row| {
                    row.get(0)
                })?;
            (
                story_id,
                wire_version,
                parent,
                older,
                becomes_head,
                latest_before,
            )
        }
        Arrival::NewStory => {
            conn.prepare_cached(
                "INSERT INTO stories
                     (source_id, guid, slug, first_received_at, last_received_at, wire_versions)
                 VALUES (?1, ?2, ?3, ?4, ?4, 1)",
            )?
            .execute((source_id, &parsed.guid, &parsed.slug, now))?;
            (conn.last_insert_rowid(), 1, None, false, true, None)
        }
    };
    let feed_copy_id = insert_feed_copy(
        conn,
        copy,
        parsed,
        story_id,
        wire_version,
        now,
        feed_copy_id,
    )?;
    let revision_id = insert_wire_revision(
        conn,
        parsed,
        story_id,
        parent_id,
        feed_copy_id,
        content_sha256,
        now,
    )?;
    insert_fingerprints(conn, revision_id, copy.sha256, Some(content_sha256))?;
    // The opening index holds each story's newest wire version only.
    let latest = if update {
        latest_wire_id(conn, story_id)?
    } else {
        Some(revision_id)
    };
    if latest == Some(revision_id) {
        if let Some(previous) = latest_before {
            remove_opening(conn, previous)?;
        }
        insert_openings(conn, revision_id, item.opening)?;
    }
    if let Some(recurring) = &item.recurring {
        let counted: std::collections::HashSet<i64> = recurring.counted.iter().copied().collect();
        recurring::count_lines(conn, recurring.scope, story_id, recurring.lines, &counted)?;
    }
    if !update {
        // A new story's checkable facts, ready before anyone reads it.
        claims::insert_suggestions(conn, story_id, revision_id, &parsed.body, item.claims, now)?;
    }
    if becomes_head {
        become_head(conn, item, story_id, revision_id, update, actor, now)?;
    }
    if update {
        conn.prepare_cached(
            "UPDATE stories SET last_received_at = ?1, wire_versions = ?3 WHERE id = ?2",
        )?
        .execute((now, story_id, wire_version))?;
    }
    let kill_reason = parsed.kill_reason();
    if kill_reason.is_some() {
        conn.prepare_cached("UPDATE stories SET state = 'killed' WHERE id = ?1")?
            .execute([story_id])?;
    }
    let status = if update { "update" } else { "new" };
    let detail = json!({
        "file": copy.file_name,
        "status": status,
        "wire_version": wire_version,
        "agency_version": agency_version,
        "older_than_held": older,
        "feed_copy_id": feed_copy_id,
        "revision_id": revision_id,
        "format": parsed.format.code(),
        "encoding": parsed.encoding,
        "kill_reason": kill_reason,
    });
    append_audit(conn, Some(story_id), actor, now, "ingest", &detail)?;
    Ok(if update {
        Stored::Update {
            story_id,
            revision_id,
        }
    } else {
        Stored::New {
            story_id,
            revision_id,
        }
    })
}

/// What the library holds that a received copy could be: the same words
/// re-sent, else the story it is a version of (found by agency id, or the
/// story linking chose). The copy's source row is made only when needed.
fn what_is_held(conn: &Connection, item: &WireItem<'_>) -> Result<(Found, Option<i64>)> {
    let parsed = item.parsed;
    let content_sha256 = item.content_sha256;
    let agency_version = parsed.agency_version();
    // The same words re-sent, unless both copies carry agency identities
    // and they differ (two items that share a text).
    let same_text: Option<HeldRevision> = conn
        .prepare_cached(
            "SELECT r.story_id, r.id FROM wire_fingerprint_index
             JOIN revisions r ON r.id = wire_fingerprint_index.rowid
             JOIN stories s ON s.id = r.story_id
             WHERE wire_fingerprint_index MATCH ?1
               AND r.content_sha256 = ?2 AND r.kind = 'wire'
               AND (s.guid IS NULL OR ?3 IS NULL OR s.guid = ?3)
             ORDER BY wire_fingerprint_index.rowid LIMIT 1",
        )?
        .query_row(
            (content_token(content_sha256), content_sha256, &parsed.guid),
            |row| {
                Ok(HeldRevision {
                    story_id: row.get(0)?,
                    revision_id: row.get(1)?,
                })
            },
        )
        .optional()?;
    // A duplicate needs no more lookups (and adds no source).
    let (source_id, held) = match same_text {
        Some(_) => (None, None),
        None => {
            let source_id = source_id(conn, &parsed.source.code, &parsed.source.name)?;
            let held = held_story(conn, source_id, parsed, item.version_of)?;
            (Some(source_id), held)
        }
    };
    Ok((
        Found {
            same_text,
            held,
            agency_version,
        },
        source_id,
    ))
}

/// The received file's bytes, stored once for all the stories it carries
/// (`feed_copy_id` holds the row once the first of them wrote it).
fn insert_feed_copy(
    conn: &Connection,
    copy: ReceivedCopy<'_>,
    parsed: &ParsedCopy,
    story_id: i64,
    wire_version: i64,
    now: &str,
    feed_copy_id: &mut Option<i64>,
) -> Result<i64> {
    let id = match *feed_copy_id {
        Some(id) => id,
        None => {
            conn.prepare_cached(
                "INSERT INTO feed_copies
                     (story_id, wire_version, file_name, format, encoding, sha256, byte_len, bytes, received_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute((
                story_id,
                wire_version,
                copy.file_name,
                parsed.format.code(),
                parsed.encoding,
                copy.sha256,
                copy.bytes.len() as i64,
                copy.bytes,
                now,
            ))?;
            let id = conn.last_insert_rowid();
            *feed_copy_id = Some(id);
            id
        }
    };
    Ok(id)
}

/// A wire revision of the story (its fingerprints are indexed by the caller).
fn insert_wire_revision(
    conn: &Connection,
    parsed: &ParsedCopy,
    story_id: i64,
    parent_id: Option<i64>,
    feed_copy_id: i64,
    content_sha256: &str,
    now: &str,
) -> Result<i64> {
    let agency_version = parsed.agency_version();
    conn.prepare_cached(
        "INSERT INTO revisions
             (story_id, parent_id, kind, feed_copy_id, author, created_at,
              headline, dateline, byline, credit, body, metadata, content_sha256, agency_version)
         VALUES (?1, ?2, 'wire', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute((
        story_id,
        parent_id,
        feed_copy_id,
        &parsed.source.name,
        now,
        &parsed.headline,
        &parsed.dateline,
        &parsed.byline,
        &parsed.credit,
        &parsed.body,
        parsed.metadata.to_string(),
        content_sha256,
        agency_version,
    ))?;
    let revision_id = conn.last_insert_rowid();
    Ok(revision_id)
}

/// The new wire revision becomes the story's head; on an update the
/// story's claims follow its text into it.
fn become_head(
    conn: &Connection,
    item: &WireItem<'_>,
    story_id: i64,
    revision_id: i64,
    update: bool,
    actor: &str,
    now: &str,
) -> Result<()> {
    let parsed = item.parsed;
    let old_body = if update {
        Some(head(conn, story_id)?.body)
    } else {
        None
    };
    set_head(
        conn,
        story_id,
        revision_id,
        (&parsed.headline, &parsed.body),
    )?;
    if let Some(old_body) = old_body {
        // The story's claims follow its text into the new version.
        let carried = claims::Carried {
            story_id,
            revision_id,
            old_body: &old_body,
            new_body: &parsed.body,
            suggestions: item.claims,
        };
        claims::carry_claims(conn, &carried, actor, now)?;
    }
    Ok(())
}

/// The held story a copy belongs to: the one with its agency id in its
/// source, else the one it updates by similarity (`version_of`).
fn held_story(
    conn: &Connection,
    source_id: i64,
    parsed: &ParsedCopy,
    version_of: Option<i64>,
) -> Result<Option<HeldStory>> {
    let held_row = |row: &rusqlite::Row<'_>| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, RevisionKind>(1)? == RevisionKind::Wire,
            row.get::<_, i64>(2)?,
        ))
    };
    let held = match (&parsed.guid, version_of) {
        (Some(guid), _) => conn
            .prepare_cached(
                "SELECT s.id, r.kind, s.wire_versions
                 FROM stories s JOIN revisions r ON r.id = s.head_revision_id
                 WHERE s.source_id = ?1 AND s.guid = ?2",
            )?
            .query_row((source_id, guid), held_row)
            .optional()?,
        (None, Some(story_id)) => conn
            .prepare_cached(
                "SELECT s.id, r.kind, s.wire_versions
                 FROM stories s JOIN revisions r ON r.id = s.head_revision_id
                 WHERE s.id = ?1",
            )?
            .query_row([story_id], held_row)
            .optional()?,
        (None, None) => None,
    };
    let Some((story_id, head_is_wire, wire_versions)) = held else {
        return Ok(None);
    };
    let newest_agency_version: Option<i64> = conn
        .prepare_cached(HIGHEST_AGENCY_VERSION)?
        .query_row([story_id], |row| row.get(0))
        .optional()?;
    Ok(Some(HeldStory {
        story_id,
        head_is_wire,
        wire_versions,
        newest_agency_version,
    }))
}

/// The id of the source with `code`, added if new. A lookup and a plain
/// insert rather than an upsert, which would open a statement savepoint
/// (see [`set_head`]).
fn source_id(conn: &Connection, code: &str, name: &str) -> Result<i64> {
    let held: Option<i64> = conn
        .prepare_cached("SELECT id FROM sources WHERE code = ?1")?
        .query_row([code], |row| row.get(0))
        .optional()?;
    if let Some(id) = held {
        return Ok(id);
    }
    conn.prepare_cached("INSERT INTO sources (code, name) VALUES (?1, ?2)")?
        .execute((code, name))?;
    Ok(conn.last_insert_rowid())
}

/// Makes `revision_id` the story's head, and the search index follow it:
/// the old head's words out, the new head's in. The only code that moves a
/// head. The index has no triggers, because a statement that fires one
/// opens a statement savepoint, and the full-text index writes out its
/// pending terms at every savepoint (a segment per story, several times
/// slower in a batch). Every statement here writes one row, so none opens
/// a savepoint.
fn set_head(
    conn: &Connection,
    story_id: i64,
    revision_id: i64,
    (headline, body): (&str, &str),
) -> Result<()> {
    let old_head: Option<i64> = conn
        .prepare_cached("SELECT head_revision_id FROM stories WHERE id = ?1")?
        .query_row([story_id], |row| row.get(0))?;
    conn.prepare_cached("UPDATE stories SET head_revision_id = ?1 WHERE id = ?2")?
        .execute((revision_id, story_id))?;
    if let Some(old) = old_head {
        // External content: the index is told the words it had.
        let (old_headline, old_body): (String, String) = conn
            .prepare_cached("SELECT headline, body FROM revisions WHERE id = ?1")?
            .query_row([old], |row| Ok((row.get(0)?, row.get(1)?)))?;
        conn.prepare_cached(
            "INSERT INTO story_search (story_search, rowid, headline, body)
             VALUES ('delete', ?1, ?2, ?3)",
        )?
        .execute((old, &old_headline, &old_body))?;
        if cjk::has_cjk(&old_headline) || cjk::has_cjk(&old_body) {
            conn.prepare_cached("DELETE FROM story_search_cjk WHERE rowid = ?1")?
                .execute([old])?;
        }
    }
    conn.prepare_cached("INSERT INTO story_search (rowid, headline, body) VALUES (?1, ?2, ?3)")?
        .execute((revision_id, headline, body))?;
    index_cjk(conn, revision_id, headline, body)
}

/// Writes a revision's CJK runs to the CJK index (store/cjk.rs); nothing
/// for text without any, which is one scan of it.
fn index_cjk(conn: &Connection, revision_id: i64, headline: &str, body: &str) -> Result<()> {
    let (headline, body) = (cjk::index_text(headline), cjk::index_text(body));
    if headline.is_none() && body.is_none() {
        return Ok(());
    }
    conn.prepare_cached(
        "INSERT INTO story_search_cjk (rowid, headline, body) VALUES (?1, ?2, ?3)",
    )?
    .execute((
        revision_id,
        headline.unwrap_or_default(),
        body.unwrap_or_default(),
    ))?;
    Ok(())
}

/// Fills the CJK index with each story's current text (migration 0015, and
/// the rebuild of the indexes), as [`set_head`] writes it.
pub(super) fn fill_cjk_index(conn: &Connection) -> Result<()> {
    let mut heads = conn.prepare(
        "SELECT r.id, r.headline, r.body
         FROM stories s JOIN revisions r ON r.id = s.head_revision_id",
    )?;
    let mut rows = heads.query([])?;
    while let Some(row) = rows.next()? {
        let headline: String = row.get(1)?;
        let body: String = row.get(2)?;
        index_cjk(conn, row.get(0)?, &headline, &body)?;
    }
    Ok(())
}

/// How many stories' current text has CJK characters, and how many of
/// those the CJK index holds (for the search index's check).
pub(super) fn cjk_heads(conn: &Connection) -> Result<(i64, i64)> {
    let mut heads = conn.prepare(
        "SELECT r.headline, r.body,
                EXISTS (SELECT 1 FROM story_search_cjk_docsize d WHERE d.id = r.id)
         FROM stories s JOIN revisions r ON r.id = s.head_revision_id",
    )?;
    let mut rows = heads.query([])?;
    let (mut with_cjk, mut indexed) = (0, 0);
    while let Some(row) = rows.next()? {
        let headline: String = row.get(0)?;
        let body: String = row.get(1)?;
        if cjk::has_cjk(&headline) || cjk::has_cjk(&body) {
            with_cjk += 1;
            if row.get::<_, bool>(2)? {
                indexed += 1;
            }
        }
    }
    Ok((with_cjk, indexed))
}

/// The id of a story's newest wire version ([`LATEST_WIRE_ID`]).
pub(super) fn latest_wire_id(conn: &Connection, story_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {LATEST_WIRE_ID}"))?
        .query_row([story_id], |row| row.get(0))?)
}

/// Takes a wire revision's opening sample out of the opening index (a
/// newer version's replaces it). Nothing happens if it had none.
fn remove_opening(conn: &Connection, revision_id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM story_opening_index WHERE rowid = ?1")?
        .execute([revision_id])?;
    Ok(())
}

/// Fills the opening index with each story's newest wire version, as the
/// store indexes it when the copy arrives (migration 0012, and the rebuild
/// of the indexes).
pub(super) fn fill_opening_index(conn: &Connection) -> Result<()> {
    let mut latest = conn.prepare(&format!(
        "SELECT r.id, r.headline, substr(r.body, 1, {})
         FROM stories s JOIN revisions r ON r.id = (SELECT {})
         ORDER BY r.id",
        crate::similarity::OPENING_CHARS,
        LATEST_WIRE_ID.replace("?1", "s.id")
    ))?;
    let mut rows = latest.query([])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let headline: String = row.get(1)?;
        let body: String = row.get(2)?;
        let sample = crate::similarity::Opening::of_story(&headline, &body).sample();
        insert_openings(conn, id, &sample)?;
    }
    Ok(())
}

/// Adds a wire revision's opening sample to the opening index.
fn insert_openings(conn: &Connection, revision_id: i64, hashes: &[i64]) -> Result<()> {
    if hashes.is_empty() {
        return Ok(());
    }
    let tokens: Vec<String> = hashes
        .iter()
        .map(|hash| crate::similarity::opening_token(*hash))
        .collect();
    conn.prepare_cached("INSERT INTO story_opening_index (rowid, sample) VALUES (?1, ?2)")?
        .execute((revision_id, tokens.join(" ")))?;
    Ok(())
}

/// A story's head revision: its id, kind and body. The one lookup of the
/// current text every reader of it shares.
pub(super) struct Head {
    pub id: i64,
    pub kind: RevisionKind,
    pub body: String,
}

pub(super) fn head(conn: &Connection, story_id: i64) -> Result<Head> {
    conn.prepare_cached(
        "SELECT r.id, r.kind, r.body FROM stories s JOIN revisions r ON r.id = s.head_revision_id
         WHERE s.id = ?1",
    )?
    .query_row([story_id], |row| {
        Ok(Head {
            id: row.get(0)?,
            kind: row.get(1)?,
            body: row.get(2)?,
        })
    })
    .optional()?
    .ok_or(Error::StoryNotFound(story_id))
}

/// Every (story, wire revision) stored from the feed copy with these bytes.
fn find_copy_items(conn: &Connection, sha256: &str) -> Result<Vec<CopyItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.story_id, r.id FROM wire_fingerprint_index
         JOIN revisions r ON r.id = wire_fingerprint_index.rowid
         JOIN feed_copies f ON f.id = r.feed_copy_id
         WHERE wire_fingerprint_index MATCH ?1 AND f.sha256 = ?2
         ORDER BY wire_fingerprint_index.rowid",
    )?;
    let rows = stmt.query_map((copy_token(sha256), sha256), |row| {
        Ok(CopyItem {
            story_id: row.get(0)?,
            revision_id: row.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The fingerprint index's token for a feed copy's SHA-256 (hex): 'f' and
/// its first 64 bits. See migrations/0011_fingerprint_index.sql.
fn copy_token(sha256: &str) -> String {
    format!("f{}", hex_prefix(sha256))
}

/// The fingerprint index's token for a wire revision's content hash.
fn content_token(content_sha256: &str) -> String {
    format!("c{}", hex_prefix(content_sha256))
}

/// The first 16 hex digits of a digest, lower-cased; anything that is not
/// a hex digit is left out, so a token is always one plain word.
fn hex_prefix(sha256: &str) -> String {
    sha256
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(16)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Indexes a wire revision under the hashes that recognise it when its
/// copy or its text arrives again.
pub(super) fn insert_fingerprints(
    conn: &Connection,
    revision_id: i64,
    copy_sha256: &str,
    content_sha256: Option<&str>,
) -> Result<()> {
    let mut tokens = copy_token(copy_sha256);
    if let Some(content) = content_sha256 {
        tokens.push(' ');
        tokens.push_str(&content_token(content));
    }
    conn.prepare_cached("INSERT INTO wire_fingerprint_index (rowid, fingerprint) VALUES (?1, ?2)")?
        .execute((revision_id, tokens))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What SQLite plans for `sql`: one line per step.
    fn plan(store: &Store, sql: &str) -> Vec<String> {
        let mut stmt = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        let count = stmt.parameter_count();
        let params: Vec<i64> = vec![1; count];
        stmt.query_map(rusqlite::params_from_iter(params), |row| row.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    /// Storing a story's next wire version reads its versions through seeks
    /// in `revisions_wire_order`, never a scan of them: the cost does not
    /// grow with the number of versions.
    #[test]
    fn the_lookups_of_a_new_version_seek_and_never_scan_the_versions() {
        let store = Store::open_in_memory().unwrap();
        for sql in [
            format!("SELECT {LATEST_WIRE_ID}"),
            HIGHEST_AGENCY_VERSION.to_owned(),
            WIRE_PARENT.to_owned(),
        ] {
            let steps = plan(&store, &sql);
            assert!(
                steps
                    .iter()
                    .all(|s| !s.starts_with("SCAN revisions") && !s.contains("TEMP B-TREE")),
                "{sql}: {steps:?}"
            );
            assert!(
                steps.iter().any(|s| s.contains("revisions_wire_order")),
                "{sql}: {steps:?}"
            );
        }
    }
}
