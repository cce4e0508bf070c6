//! A library's health: the checks behind `wiredesk doctor`, the one repair
//! that loses nothing (rebuilding the search indexes from the revisions),
//! and copying a library whole with SQLite's online backup.

use std::path::Path;
use std::time::Duration;

use rusqlite::{backup::Backup, Connection, OpenFlags};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::Store;
use crate::{error::Error, Result};

/// At most this many problems are listed per check; the count says the rest.
const LISTED_PROBLEMS: usize = 50;

/// One check of a library and what it found.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct HealthCheck {
    /// Short and stable, for scripts: `integrity`, `foreign-keys`, …
    pub name: &'static str,
    /// What was checked, for people.
    pub description: &'static str,
    /// How many things were looked at (pages, rows, copies, stories).
    pub checked: u64,
    /// How many problems were found; `problems` lists the first of them.
    pub found: u64,
    pub problems: Vec<String>,
}

impl HealthCheck {
    pub(crate) fn new(name: &'static str, description: &'static str) -> HealthCheck {
        HealthCheck {
            name,
            description,
            checked: 0,
            found: 0,
            problems: Vec::new(),
        }
    }

    pub(crate) fn problem(&mut self, text: String) {
        self.found += 1;
        if self.problems.len() < LISTED_PROBLEMS {
            self.problems.push(text);
        }
    }

    /// A check that could not run on this file, and why.
    pub(crate) fn could_not_run(name: &'static str, err: &Error) -> HealthCheck {
        let mut check = HealthCheck::new(name, "could not be checked");
        check.problem(err.to_string());
        check
    }

    pub fn ok(&self) -> bool {
        self.found == 0
    }
}

impl Store {
    /// SQLite's own check of every page and index (`quick`: without
    /// comparing indexes to their tables, much faster on a large library).
    pub fn check_integrity(&self, quick: bool) -> Result<HealthCheck> {
        let mut check = HealthCheck::new(
            "integrity",
            "the database file: every page, table and index (PRAGMA integrity_check)",
        );
        let pragma = if quick {
            "PRAGMA quick_check"
        } else {
            "PRAGMA integrity_check"
        };
        check.checked =
            self.conn
                .query_row("PRAGMA page_count", [], |row| row.get::<_, i64>(0))? as u64;
        let mut stmt = self.conn.prepare(pragma)?;
        for line in stmt.query_map([], |row| row.get::<_, String>(0))? {
            match line {
                Ok(line) if line == "ok" => {}
                Ok(line) => check.problem(line),
                // What was found before SQLite gave up is kept.
                Err(err) => {
                    check.problem(format!("SQLite could not check further: {err}"));
                    break;
                }
            }
        }
        Ok(check)
    }

    /// Rows that refer to a row that is not there.
    pub fn check_foreign_keys(&self) -> Result<HealthCheck> {
        let mut check = HealthCheck::new(
            "foreign-keys",
            "references between tables (a revision's story, a claim's revision, …)",
        );
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, Option<i64>>(1)?,
                row.get::<_, String>(2)?,
            ))
        })?;
        for row in rows {
            let (table, rowid, parent) = row?;
            let at = rowid.map_or(String::new(), |id| format!(" {id}"));
            check.problem(format!("{table}{at} refers to a missing row of {parent}"));
        }
        check.checked = self.conn.query_row(
            "SELECT (SELECT count(*) FROM revisions) + (SELECT count(*) FROM claims)
                  + (SELECT count(*) FROM claim_events) + (SELECT count(*) FROM feed_copies)",
            [],
            |row| row.get::<_, i64>(0),
        )? as u64;
        Ok(check)
    }

    /// Every feed copy's bytes against the SHA-256 and length recorded when
    /// it arrived: the agency's original, unaltered.
    pub fn check_feed_copies(&self) -> Result<HealthCheck> {
        let mut check = HealthCheck::new(
            "feed-copies",
            "every received file's bytes against the SHA-256 recorded when it arrived",
        );
        let mut stmt = self.conn.prepare(
            "SELECT id, file_name, sha256, byte_len, bytes FROM feed_copies ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let file_name: String = row.get(1)?;
            let sha256: String = row.get(2)?;
            let byte_len: i64 = row.get(3)?;
            let bytes = row.get_ref(4)?.as_blob().unwrap_or_default();
            check.checked += 1;
            if bytes.len() as i64 != byte_len {
                check.problem(format!(
                    "feed copy {id} ({file_name}): {} bytes stored, {byte_len} received",
                    bytes.len()
                ));
            } else if format!("{:x}", Sha256::digest(bytes)) != sha256 {
                check.problem(format!(
                    "feed copy {id} ({file_name}): its bytes no longer match the SHA-256 recorded on arrival"
                ));
            }
        }
        // The store checks for a copy already held before it writes one;
        // no constraint in the schema does (see migration 0011).
        let mut twice = self.conn.prepare(
            "SELECT sha256, group_concat(id, ', ') FROM feed_copies
             GROUP BY sha256 HAVING count(*) > 1",
        )?;
        let mut rows = twice.query([])?;
        while let Some(row) = rows.next()? {
            let sha256: String = row.get(0)?;
            let ids: String = row.get(1)?;
            check.problem(format!(
                "feed copies {ids} hold the same bytes (SHA-256 {sha256}): the copy is stored twice"
            ));
        }
        Ok(check)
    }

    /// Stories whose current revision is missing or another story's, stories
    /// with no revision, and received files no revision was made from.
    pub fn check_stories(&self) -> Result<HealthCheck> {
        let mut check = HealthCheck::new(
            "stories",
            "each story's current revision, and received files no story uses",
        );
        check.checked = self.story_count()? as u64;
        let mut stmt = self.conn.prepare(
            "SELECT s.id, s.head_revision_id, r.story_id FROM stories s
             LEFT JOIN revisions r ON r.id = s.head_revision_id
             WHERE r.id IS NULL OR r.story_id != s.id",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, Option<i64>>(1)?,
                row.get::<_, Option<i64>>(2)?,
            ))
        })?;
        for row in rows {
            match row? {
                (story, None, _) => check.problem(format!("story {story} has no current revision")),
                (story, Some(head), None) => check.problem(format!(
                    "story {story}: its current revision {head} is missing"
                )),
                (story, Some(head), Some(other)) => check.problem(format!(
                    "story {story}: its current revision {head} belongs to story {other}"
                )),
            }
        }
        let mut stmt = self.conn.prepare(
            "SELECT f.id, f.file_name FROM feed_copies f
             WHERE NOT EXISTS (SELECT 1 FROM revisions r WHERE r.feed_copy_id = f.id)",
        )?;
        for row in stmt.query_map([], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
        })? {
            let (id, name) = row?;
            check.problem(format!(
                "feed copy {id} ({name}) is kept but no revision was made from it"
            ));
        }
        Ok(check)
    }

    /// Each claim's status against its events: the last event that changed
    /// the status must have left it where the claim says it is.
    pub fn check_claims(&self) -> Result<HealthCheck> {
        let mut check = HealthCheck::new(
            "claims",
            "each claim's status against the last event that set it",
        );
        check.checked = self
            .conn
            .query_row("SELECT count(*) FROM claims", [], |row| {
                row.get::<_, i64>(0)
            })? as u64;
        let mut stmt = self.conn.prepare(
            "SELECT c.id, c.story_id, c.status,
                    (SELECT e.to_status FROM claim_events e
                     WHERE e.claim_id = c.id AND e.to_status IS NOT NULL
                     ORDER BY e.id DESC LIMIT 1) AS evented
             FROM claims c
             WHERE c.status != coalesce(evented, 'unchecked')",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, Option<String>>(3)?,
            ))
        })?;
        for row in rows {
            let (claim, story, status, evented) = row?;
            check.problem(format!(
                "claim {claim} (story {story}) is {status}, but its events leave it {}",
                evented.as_deref().unwrap_or("unchecked")
            ));
        }
        Ok(check)
    }

    /// The full-text index: its own structure, and that it holds exactly
    /// each story's current revision; the same of the index of CJK text
    /// (each story's current revision that has CJK text).
    pub fn check_search_index(&self) -> Result<HealthCheck> {
        let mut check = HealthCheck::new(
            "search-index",
            "the full-text index: its structure, and one entry per story's current revision",
        );
        check.checked = self.story_count()? as u64;
        if let Err(err) = self.fts_integrity_check("story_search") {
            check.problem(format!("the index is damaged: {err}"));
        }
        let missing: i64 = self.conn.query_row(
            "SELECT count(*) FROM stories s
             WHERE NOT EXISTS (SELECT 1 FROM story_search_docsize d WHERE d.id = s.head_revision_id)",
            [],
            |row| row.get(0),
        )?;
        if missing > 0 {
            check.problem(format!(
                "{missing} stories' current text is not in the index"
            ));
        }
        let stale: i64 = self.conn.query_row(
            // NOT IN over the heads, gathered once: `stories` has no index
            // on its head, and a correlated NOT EXISTS scanned it for every
            // entry (8 minutes at 100,000 stories).
            "SELECT count(*) FROM story_search_docsize
             WHERE id NOT IN (SELECT head_revision_id FROM stories
                              WHERE head_revision_id IS NOT NULL)",
            [],
            |row| row.get(0),
        )?;
        if stale > 0 {
            check.problem(format!(
                "{stale} texts in the index are no story's current text"
            ));
        }
        if let Err(err) = self.fts_integrity_check("story_search_cjk") {
            check.problem(format!("the index of CJK text is damaged: {err}"));
        }
        let (with_cjk, indexed) = super::cjk_heads(&self.conn)?;
        if indexed < with_cjk {
            check.problem(format!(
                "{} stories' current CJK text is not in the index of CJK text",
                with_cjk - indexed
            ));
        }
        let stale: i64 = self.conn.query_row(
            "SELECT count(*) FROM story_search_cjk_docsize
             WHERE id NOT IN (SELECT head_revision_id FROM stories
                              WHERE head_revision_id IS NOT NULL)",
            [],
            |row| row.get(0),
        )?;
        if stale > 0 {
            check.problem(format!(
                "{stale} texts in the index of CJK text are no story's current text"
            ));
        }
        if let Err(err) = self.fts_integrity_check("story_opening_index") {
            check.problem(format!("the index of story openings is damaged: {err}"));
        }
        // It holds each story's newest wire version only (migration 0012).
        let stale: rusqlite::Result<i64> = self.conn.query_row(
            &format!(
                "SELECT count(*) FROM story_opening_index_docsize d
                 LEFT JOIN revisions r ON r.id = d.id
                 WHERE r.id IS NULL OR r.kind != 'wire' OR r.id IS NOT (SELECT {})",
                super::LATEST_WIRE_ID.replace("?1", "r.story_id")
            ),
            [],
            |row| row.get(0),
        );
        match stale {
            Ok(0) => {}
            Ok(stale) => check.problem(format!(
                "{stale} opening samples in the index of story openings are no story's newest \
                 wire version"
            )),
            Err(err) => check.problem(format!("the index of story openings cannot be read: {err}")),
        }
        if let Err(err) = self.fts_integrity_check("wire_fingerprint_index") {
            check.problem(format!("the index of copy fingerprints is damaged: {err}"));
            return Ok(check);
        }
        // Each wire revision is found under both of its hashes. A lookup
        // that fails is a damaged index too: `--repair` rebuilds it.
        let unfound: rusqlite::Result<i64> = self.conn.query_row(
            "SELECT count(*) FROM revisions r JOIN feed_copies f ON f.id = r.feed_copy_id
             WHERE r.kind = 'wire'
               AND (NOT EXISTS (SELECT 1 FROM wire_fingerprint_index
                                WHERE wire_fingerprint_index MATCH 'f' || substr(f.sha256, 1, 16)
                                  AND rowid = r.id)
                    OR (r.content_sha256 IS NOT NULL
                        AND NOT EXISTS (SELECT 1 FROM wire_fingerprint_index
                                        WHERE wire_fingerprint_index
                                              MATCH 'c' || substr(r.content_sha256, 1, 16)
                                          AND rowid = r.id)))",
            [],
            |row| row.get(0),
        );
        match unfound {
            Ok(0) => {}
            Ok(unfound) => check.problem(format!(
                "{unfound} wire revisions are missing from the index of copy fingerprints: \
                 their copy would not be recognised if it came again"
            )),
            Err(err) => check.problem(format!(
                "the index of copy fingerprints cannot be read: {err}"
            )),
        }
        Ok(check)
    }

    /// FTS5's own check of a full-text index's structure (`table` is one of
    /// the schema's index names, never text from outside).
    fn fts_integrity_check(&self, table: &str) -> rusqlite::Result<usize> {
        self.conn.execute(
            &format!("INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 0)"),
            [],
        )
    }

    /// Rebuilds the search indexes from the revisions, in one transaction:
    /// the full-text index over each story's current revision and its
    /// index of CJK text, the opening
    /// sample of each story's newest wire version, and the fingerprints that
    /// recognise copy already held. Nothing else changes.
    pub fn rebuild_search_indexes(&mut self) -> Result<u64> {
        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "INSERT INTO story_search (story_search) VALUES ('delete-all');
             INSERT INTO story_search (rowid, headline, body)
                 SELECT r.id, r.headline, r.body
                 FROM stories s JOIN revisions r ON r.id = s.head_revision_id;
             INSERT INTO story_search_cjk (story_search_cjk) VALUES ('delete-all');
             INSERT INTO story_opening_index (story_opening_index) VALUES ('delete-all');
             INSERT INTO wire_fingerprint_index (wire_fingerprint_index) VALUES ('delete-all');",
        )?;
        {
            // Each wire revision's fingerprints, and each story's newest
            // wire version's opening sample, written as the store writes
            // them when the copy arrives.
            let mut wire = tx.prepare(
                "SELECT r.id, f.sha256, r.content_sha256
                 FROM revisions r JOIN feed_copies f ON f.id = r.feed_copy_id
                 WHERE r.kind = 'wire' ORDER BY r.id",
            )?;
            let mut rows = wire.query([])?;
            while let Some(row) = rows.next()? {
                let id: i64 = row.get(0)?;
                let copy_sha256: String = row.get(1)?;
                let content_sha256: Option<String> = row.get(2)?;
                super::insert_fingerprints(&tx, id, &copy_sha256, content_sha256.as_deref())?;
            }
        }
        super::fill_cjk_index(&tx)?;
        super::fill_opening_index(&tx)?;
        let indexed: i64 = tx.query_row("SELECT count(*) FROM stories", [], |row| row.get(0))?;
        tx.commit()?;
        Ok(indexed as u64)
    }
}

fn open_read_only(path: &Path) -> Result<Connection> {
    Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|cause| Error::Open {
        path: path.to_owned(),
        cause,
    })
}

fn open_read_write(path: &Path) -> Result<Connection> {
    Connection::open(path).map_err(|cause| Error::Open {
        path: path.to_owned(),
        cause,
    })
}

/// Copies the whole library at `source` into `dest` with SQLite's online
/// backup, from one snapshot: writers elsewhere carry on meanwhile, and the
/// copy is the library as it was when the backup began (a connection of its
/// own holds one read transaction across all the steps, so other
/// connections' commits neither show in the copy nor make it start again).
/// `progress` hears (pages copied, pages in all).
pub(crate) fn backup(
    source: &Path,
    dest: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<u64> {
    let src = open_read_only(source)?;
    src.busy_timeout(super::BUSY_TIMEOUT)?;
    src.execute_batch("BEGIN; SELECT count(*) FROM sqlite_schema;")?;
    let mut dst = open_read_write(dest)?;
    let pages = copy_pages(&src, &mut dst, progress)?;
    src.execute_batch("COMMIT")?;
    Ok(pages)
}

/// Every page of `src` into `dst`, 1,024 at a time. Waits while `dst` is
/// locked by another connection, for as long as a write would.
fn copy_pages(
    src: &Connection,
    dst: &mut Connection,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<u64> {
    use rusqlite::backup::StepResult;
    let backup = Backup::new(src, dst)?;
    let mut waiting_since: Option<std::time::Instant> = None;
    loop {
        let step = backup.step(1024)?;
        let p = backup.progress();
        let total = p.pagecount.max(0) as u64;
        progress(total - p.remaining.max(0) as u64, total);
        match step {
            StepResult::Done => return Ok(total),
            StepResult::More => waiting_since = None,
            _ => {
                let since = *waiting_since.get_or_insert_with(std::time::Instant::now);
                if since.elapsed() > super::BUSY_TIMEOUT {
                    return Err(Error::InvalidInput(format!(
                        "the library stayed locked by another process for {} s",
                        super::BUSY_TIMEOUT.as_secs()
                    )));
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }
}

/// Restores `from` into the library at `library`, first copying the library
/// page for page to `kept` (unchecked: it may be damaged) while holding its
/// write lock, so that no other process commits between that copy and the
/// restore, which takes the lock again straight after (SQLite's backup
/// cannot write through a connection with a transaction open, so the lock
/// is let go for the moment in between).
pub(crate) fn keep_aside_then_restore(
    library: &Path,
    kept: &Path,
    from: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<()> {
    let mut live = open_read_write(library)?;
    live.busy_timeout(super::BUSY_TIMEOUT)?;
    // This connection holds the write lock while another reads the copy
    // aside (SQLite will not copy from a connection that is writing).
    live.execute_batch("BEGIN IMMEDIATE")?;
    let reader = open_read_only(library)?;
    reader.execute_batch("BEGIN; SELECT count(*) FROM sqlite_schema;")?;
    let mut kept_conn = open_read_write(kept)?;
    copy_pages(&reader, &mut kept_conn, &mut |_, _| {})?;
    kept_conn.pragma_update_and_check(None, "journal_mode", "DELETE", |_| Ok(()))?;
    drop(kept_conn);
    reader.execute_batch("COMMIT")?;
    drop(reader);
    live.execute_batch("COMMIT")?;
    let backup = open_read_only(from)?;
    copy_pages(&backup, &mut live, progress)?;
    Ok(())
}

/// Makes the new copy at `path` one self-contained file (a rollback
/// journal instead of a write-ahead log beside it); opening it as a library
/// turns the log back on.
pub(crate) fn make_self_contained(path: &Path) -> Result<()> {
    let conn = open_read_write(path)?;
    conn.pragma_update_and_check(None, "journal_mode", "DELETE", |_| Ok(()))?;
    Ok(())
}

/// What a library file holds, read without changing it: for checking a
/// backup before it replaces a library.
#[derive(Debug, Clone, Serialize)]
pub struct LibraryFileInfo {
    pub schema_version: i64,
    pub stories: i64,
    pub revisions: i64,
}

/// Opens `path` read-only and says what library it holds: an error naming
/// the file when it is not a sound Wiredesk library this build can open.
pub fn describe_library_file(path: &Path) -> Result<LibraryFileInfo> {
    use crate::open_failure::{self, OpenFailure};
    let problem = match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => None,
        Ok(meta) if meta.is_dir() => Some("a folder, not a backup file".to_owned()),
        Ok(meta) => Some(format!(
            "{}, not a backup file",
            open_failure::special_file_kind(&meta)
        )),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Some("no such file".to_owned()),
        Err(err) => Some(format!("cannot be read ({err})")),
    };
    if let Some(problem) = problem {
        return Err(Error::Backup {
            path: path.to_owned(),
            problem,
        });
    }
    open_failure::check_file(path).map_err(Error::CannotOpen)?;
    let refused =
        |source: rusqlite::Error| Error::CannotOpen(open_failure::from_sqlite(path, &source));
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(refused)?;
    let schema_version: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(refused)?;
    let is_library: bool = conn
        .query_row(
            "SELECT count(*) = 3 FROM sqlite_schema
             WHERE type = 'table' AND name IN ('schema_migrations', 'stories', 'revisions')",
            [],
            |row| row.get(0),
        )
        .map_err(refused)?;
    if !is_library {
        return Err(Error::CannotOpen(OpenFailure::other_program(path)));
    }
    let supported = super::latest_version();
    if schema_version > supported {
        return Err(Error::CannotOpen(OpenFailure::newer(
            path,
            schema_version,
            supported,
        )));
    }
    let quick: String = conn
        .query_row("PRAGMA quick_check(1)", [], |row| row.get(0))
        .map_err(refused)?;
    if quick != "ok" {
        return Err(Error::CannotOpen(OpenFailure::damaged(path, &quick)));
    }
    let count = |table: &str| -> Result<i64> {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
            row.get(0)
        })
        .map_err(refused)
    };
    Ok(LibraryFileInfo {
        schema_version,
        stories: count("stories")?,
        revisions: count("revisions")?,
    })
}
