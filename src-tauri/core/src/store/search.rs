//! Running a search, within a time limit, and stopping it when a newer one
//! replaces it.
//!
//! What a search may ask is limited before it runs (search_query.rs). What
//! the limits let through still runs under a clock: every connection of the
//! store has SQLite's progress handler installed, which stops the statement
//! running (SQLITE_INTERRUPT) once a search has run for [`TIME_LIMIT`].
//! The handler costs one atomic load every [`PROGRESS_OPS`] virtual-machine
//! steps while no search runs.
//!
//! The app's search box asks again at every keystroke. A [`Searcher`] has a
//! connection of its own, so searching never waits for the library's other
//! work (or makes it wait), and a newer search stops the older one still
//! running: its progress handler sees, within some tens of microseconds,
//! that the search is no longer the newest. Not `sqlite3_interrupt`: it
//! stops whatever the connection runs when it lands, and one sent by a
//! search that was itself overtaken can land on the newest search (the
//! concurrency test here caught exactly that); the progress handler knows
//! which search it stops.
//!
//! The clock reaches inside FTS5 too: FTS5 reads its index through
//! statements of its own, which count towards the progress handler and
//! stop at an interrupt, so even the expansion of a prefix term to every
//! indexed word with that start is stopped. Measured on a library of
//! 100,000 generated stories, eight two-letter prefixes (220 ms unbounded)
//! stopped 13, 51 and 109 ms after limits of 10, 50 and 100 ms. The query's
//! limits still come first: a pathological query is answered at once with
//! what is wrong with it, not after a second of work with "took too long".

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::{cjk, filter_sql, search_query, BROAD_QUERY_MATCHES};
use crate::{
    error::Error,
    model::{SearchHit, StoryFilter},
    Result,
};

/// The longest any one search may run.
pub const TIME_LIMIT: Duration = Duration::from_secs(1);

/// Virtual-machine steps between two calls of the progress handler (some
/// tens of microseconds).
const PROGRESS_OPS: i32 = 1_000;

/// What the progress handler of one connection looks at: the running
/// search's deadline, and for a [`Searcher`] which search is the newest.
#[derive(Debug)]
pub(super) struct Watch {
    epoch: Instant,
    /// Nanoseconds after `epoch` at which the running search stops; 0
    /// while none runs.
    deadline: AtomicU64,
    /// The newest search asked for (numbered from 1).
    latest: AtomicU64,
    /// The search running now; 0 for one that no newer search can replace.
    running: AtomicU64,
}

impl Watch {
    fn new() -> Arc<Watch> {
        Arc::new(Watch {
            epoch: Instant::now(),
            deadline: AtomicU64::new(0),
            latest: AtomicU64::new(0),
            running: AtomicU64::new(0),
        })
    }

    /// Installs the progress handler that stops a search on `conn`.
    pub(super) fn install(conn: &mut Connection) -> rusqlite::Result<Arc<Watch>> {
        let watch = Watch::new();
        let seen = Arc::clone(&watch);
        conn.progress_handler(PROGRESS_OPS, Some(move || seen.must_stop()))?;
        Ok(watch)
    }

    fn must_stop(&self) -> bool {
        let deadline = self.deadline.load(Ordering::Relaxed);
        deadline != 0 && (self.now() >= deadline || self.superseded())
    }

    fn now(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }

    fn superseded(&self) -> bool {
        let running = self.running.load(Ordering::SeqCst);
        running != 0 && self.latest.load(Ordering::SeqCst) != running
    }

    /// Starts the clock of a search that may run for `limit`; it stops when
    /// the guard is dropped.
    fn start(&self, limit: Duration) -> Clock<'_> {
        let limit_ns = u64::try_from(limit.as_nanos()).unwrap_or(u64::MAX);
        self.deadline.store(
            self.now().saturating_add(limit_ns).max(1),
            Ordering::Relaxed,
        );
        Clock { watch: self, limit }
    }
}

/// A running search's clock.
struct Clock<'a> {
    watch: &'a Watch,
    limit: Duration,
}

impl Clock<'_> {
    /// What a failed statement means: the search was replaced, or ran out
    /// of time, or the error it is.
    fn explain(&self, err: Error) -> Error {
        let interrupted = matches!(
            &err,
            Error::Database(e) if e.sqlite_error_code() == Some(ErrorCode::OperationInterrupted)
        );
        if self.watch.superseded() {
            Error::SearchSuperseded
        } else if interrupted || self.watch.now() >= self.watch.deadline.load(Ordering::Relaxed) {
            Error::SearchTimedOut {
                limit_ms: u64::try_from(self.limit.as_millis()).unwrap_or(u64::MAX),
            }
        } else {
            err
        }
    }
}

impl Drop for Clock<'_> {
    fn drop(&mut self) {
        self.watch.deadline.store(0, Ordering::Relaxed);
    }
}

/// Full-text search over each story's current headline and body, best
/// first, stopped after `limit_time`.
pub(super) fn search(
    conn: &Connection,
    watch: &Watch,
    query: &str,
    limit: u32,
    filter: &StoryFilter,
    limit_time: Duration,
) -> Result<Vec<SearchHit>> {
    let query = search_query::parse(query)?;
    let timing_open = timing_open(conn)?;
    let clock = watch.start(limit_time);
    let hits = match &query.cjk {
        None => words_search(conn, &query, limit, filter, timing_open),
        Some(_) => cjk_search(conn, &query, limit, filter, timing_open),
    };
    hits.map_err(|err| clock.explain(err))
}

fn timing_open(conn: &Connection) -> Result<bool> {
    use rusqlite::OptionalExtension as _;
    let value: Option<String> = conn
        .prepare_cached("SELECT value FROM preferences WHERE key = ?1")?
        .query_row([crate::claims::TIMING_OPEN_SETTING], |row| row.get(0))
        .optional()?;
    Ok(value.is_some_and(|v| v.trim().eq_ignore_ascii_case("true")))
}

/// Whether more than [`BROAD_QUERY_MATCHES`] stories match `fts` in
/// `table`. Ranking costs time in proportion to the matches; a word in most
/// stories ranks them all alike anyway. Broad queries list the newest
/// first instead. Counting stops once the query is known to be broad: a
/// phrase in 100,000 stories is not checked in all of them.
fn is_broad(conn: &Connection, table: &str, fts: &str) -> Result<bool> {
    let matches: i64 = conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {table} MATCH ?1 LIMIT ?2)"
        ))?
        .query_row((fts, BROAD_QUERY_MATCHES + 1), |row| row.get(0))?;
    Ok(matches > BROAD_QUERY_MATCHES)
}

/// A search of the main index only (no CJK text in it).
fn words_search(
    conn: &Connection,
    query: &search_query::SearchQuery,
    limit: u32,
    filter: &StoryFilter,
    timing_open: bool,
) -> Result<Vec<SearchHit>> {
    let fts = query.words.as_deref().ok_or(Error::EmptyQuery)?;
    let (filter_sql, values) = filter_sql(filter, 3, timing_open);
    let order = if is_broad(conn, "story_search", fts)? {
        "story_search.rowid DESC"
    } else {
        "story_search.rank, s.id DESC"
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT s.id, r.headline,
                snippet(story_search, -1, '[', ']', '…', 16),
                s.last_received_at
         FROM story_search
         JOIN revisions r ON r.id = story_search.rowid
         JOIN stories s ON s.id = r.story_id AND s.head_revision_id = r.id
         JOIN sources src ON src.id = s.source_id
         WHERE story_search MATCH ?1 {filter_sql}
         ORDER BY {order}
         LIMIT ?2"
    ))?;
    let mut params: Vec<&dyn rusqlite::ToSql> = vec![&fts, &limit];
    params.extend(values.iter().map(|v| v as &dyn rusqlite::ToSql));
    let rows = stmt.query_map(params.as_slice(), |row| {
        Ok(SearchHit {
            id: row.get(0)?,
            headline: row.get(1)?,
            snippet: row.get(2)?,
            received_at: row.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A search with CJK text: the CJK index finds and ranks the stories, the
/// main index narrows them to those with the other words too. The CJK
/// index holds no text, so the snippet is cut from the body here.
fn cjk_search(
    conn: &Connection,
    query: &search_query::SearchQuery,
    limit: u32,
    filter: &StoryFilter,
    timing_open: bool,
) -> Result<Vec<SearchHit>> {
    let cjk_fts = query.cjk.as_deref().ok_or(Error::EmptyQuery)?;
    let words = query.words.as_deref();
    let first_filter = if words.is_some() { 4 } else { 3 };
    let (filter_sql, values) = filter_sql(filter, first_filter, timing_open);
    let words_sql = if words.is_some() {
        " AND story_search_cjk.rowid IN
              (SELECT rowid FROM story_search WHERE story_search MATCH ?3)"
    } else {
        ""
    };
    let order = if is_broad(conn, "story_search_cjk", cjk_fts)? {
        "story_search_cjk.rowid DESC"
    } else {
        "story_search_cjk.rank, s.id DESC"
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT s.id, r.headline, r.body, s.last_received_at
         FROM story_search_cjk
         JOIN revisions r ON r.id = story_search_cjk.rowid
         JOIN stories s ON s.id = r.story_id AND s.head_revision_id = r.id
         JOIN sources src ON src.id = s.source_id
         WHERE story_search_cjk MATCH ?1{words_sql} {filter_sql}
         ORDER BY {order}
         LIMIT ?2"
    ))?;
    let mut params: Vec<&dyn rusqlite::ToSql> = vec![&cjk_fts, &limit];
    if let Some(words) = &words {
        params.push(words);
    }
    params.extend(values.iter().map(|v| v as &dyn rusqlite::ToSql));
    let rows = stmt.query_map(params.as_slice(), |row| {
        let body: String = row.get(2)?;
        Ok(SearchHit {
            id: row.get(0)?,
            headline: row.get(1)?,
            snippet: cjk::snippet(&body, &query.cjk_runs),
            received_at: row.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Searches a library on a connection of their own, a newer search
/// stopping the one still running (see the module's notes). Shared between
/// threads: each search takes the connection in turn.
pub struct Searcher {
    conn: Mutex<Connection>,
    watch: Arc<Watch>,
}

impl Searcher {
    /// A searcher of the library at `path`, which must be open already (at
    /// this build's schema): the connection only reads.
    pub fn open(path: &Path) -> Result<Searcher> {
        let open_error = |cause: rusqlite::Error| Error::Open {
            path: path.to_owned(),
            cause,
        };
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(open_error)?;
        conn.busy_timeout(super::BUSY_TIMEOUT).map_err(open_error)?;
        let watch = Watch::install(&mut conn).map_err(open_error)?;
        Ok(Searcher {
            conn: Mutex::new(conn),
            watch,
        })
    }

    /// Like [`super::Store::search`]; a search still running is stopped
    /// (it returns [`Error::SearchSuperseded`]), and so is this one when a
    /// newer one arrives.
    pub fn search(&self, query: &str, limit: u32, filter: &StoryFilter) -> Result<Vec<SearchHit>> {
        self.search_within(query, limit, filter, TIME_LIMIT)
    }

    /// [`Searcher::search`] with another time limit (for tests).
    pub fn search_within(
        &self,
        query: &str,
        limit: u32,
        filter: &StoryFilter,
        limit_time: Duration,
    ) -> Result<Vec<SearchHit>> {
        // From here the running search's progress handler stops it.
        let ticket = self.watch.latest.fetch_add(1, Ordering::SeqCst) + 1;
        let conn = self.conn.lock().map_err(|_| {
            Error::InvalidInput("search is unavailable after an earlier failure".into())
        })?;
        if self.watch.latest.load(Ordering::SeqCst) != ticket {
            return Err(Error::SearchSuperseded);
        }
        self.watch.running.store(ticket, Ordering::SeqCst);
        search(&conn, &self.watch, query, limit, filter, limit_time)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clock_past_its_deadline_stops_the_search() {
        let mut conn = Connection::open_in_memory().unwrap();
        let watch = Watch::install(&mut conn).unwrap();
        // A statement that would run for minutes.
        let slow = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)
                    SELECT count(*) FROM n";
        let clock = watch.start(Duration::from_millis(50));
        let err = conn
            .query_row(slow, [], |row| row.get::<_, i64>(0))
            .unwrap_err();
        let err = clock.explain(err.into());
        assert!(
            matches!(err, Error::SearchTimedOut { limit_ms: 50 }),
            "{err}"
        );
        assert_eq!(
            err.to_string(),
            "the search took longer than 50 ms and was stopped; narrow it with fewer or longer words"
        );
        drop(clock);
        // With no search running, nothing is stopped.
        assert_eq!(
            conn.query_row(
                "SELECT count(*) FROM (SELECT 1 UNION SELECT 2)",
                [],
                |row| row.get::<_, i64>(0)
            )
            .unwrap(),
            2
        );
    }

    #[test]
    fn a_newer_search_stops_the_running_one() {
        let mut conn = Connection::open_in_memory().unwrap();
        let watch = Watch::install(&mut conn).unwrap();
        watch.latest.store(1, Ordering::SeqCst);
        watch.running.store(1, Ordering::SeqCst);
        let clock = watch.start(Duration::from_secs(600));
        // The next search is asked for.
        watch.latest.store(2, Ordering::SeqCst);
        let err = conn
            .query_row(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)
                 SELECT count(*) FROM n",
                [],
                |row| row.get::<_, i64>(0),
            )
            .unwrap_err();
        assert!(matches!(clock.explain(err.into()), Error::SearchSuperseded));
    }
}
