//! Search: `revisions.search` (tsvector, GIN) for the words FTS5 finds, `search_cjk` for CJK bigrams.
//!
//! The query language and its limits are SQLite's: [`search_query::parse`]
//! checks what was typed and splits it into terms for the main index and
//! for the CJK index, written as FTS5 strings (`"a b" "c"*`). Each term is
//! rendered here as a tsquery instead:
//! * its words are folded and split by the same SQL the index is built
//!   with (`wiredesk_search_words`, then the `simple` parser), so whatever
//!   PostgreSQL does to a word in a story it does to the word searched for;
//! * words are ANDed (`&`), a phrase is `<->`, `word*` is `word:*`;
//! * a phrase of the main index stays inside the headline or inside the
//!   body, as FTS5's phrases stay inside one column: PostgreSQL numbers the
//!   body's words on from the headline's, so the phrase is asked for among
//!   the headline's words (weight A) or among the body's (D).
//!
//! The word index keeps which words a revision has, not where, so a
//! phrase asked of it alone is checked against every candidate's word list
//! (tens of thousands for a phrase of common words at a million stories).
//! Phrases go to the pair index instead (migration 0017: each revision's
//! adjacent word pairs, hashed, inside the headline or inside the body):
//! a phrase of two words is one lookup there and needs no check; a longer
//! one is checked only where all its pairs stand. Single words and prefixes
//! stay with the word index ([`Matching`]).
//!
//! Ranking is `ts_rank_cd` with the headline's words weighing ten times
//! the body's (the default weights of A and D): FTS5's bm25 ranks a match in
//! the short headline column above one in the long body in much the same
//! way. Ties go to the newest story. Above [`BROAD_QUERY_MATCHES`] matches
//! the newest come first, unranked, as on SQLite; whether a search is that
//! broad is asked in the way that suits the query's estimated matches
//! ([`newest_matches`]), so a broad search does not read every match.
//!
//! The time limit is PostgreSQL's `statement_timeout`, set for the search's
//! transaction only (`set_config(…, true)` is `SET LOCAL`) to what is left
//! of the limit before each statement: a search stopped by it is
//! [`Error::SearchTimedOut`], as on SQLite.

use std::time::{Duration, Instant};

use postgres::error::SqlState;

use super::{Pg, PgStore};
use crate::error::{Error, Result};
use crate::model::{SearchHit, StoryFilter};
use crate::store::{cjk, filter_sql, search_query, BROAD_QUERY_MATCHES, SEARCH_TIME_LIMIT};

impl PgStore {
    pub fn search(&self, query: &str, limit: u32, filter: &StoryFilter) -> Result<Vec<SearchHit>> {
        self.search_within(query, limit, filter, SEARCH_TIME_LIMIT)
    }

    pub fn search_within(
        &self,
        query: &str,
        limit: u32,
        filter: &StoryFilter,
        limit_time: Duration,
    ) -> Result<Vec<SearchHit>> {
        let query = search_query::parse(query)?;
        let words = query.words.as_deref().map(fts_terms).unwrap_or_default();
        let cjk_terms = query.cjk.as_deref().map(fts_terms).unwrap_or_default();
        self.write(|pg| {
            let clock = Clock::start(limit_time);
            // Room for the bitmap of a broad match to stay exact (the
            // default 4 MB turns it lossy: every row on a page rechecked).
            // Each statement planned for its own values: a plan kept for
            // any value would not know a common pair from a rare one.
            pg.batch("SET LOCAL work_mem = '64MB'; SET LOCAL plan_cache_mode = force_custom_plan")?;
            let previous = clock.arm(pg)?;
            let mut marked = Vec::new();
            let words = tsquery(pg, &clock, &words, &mut marked)?;
            let cjk_query = tsquery(pg, &clock, &cjk_terms, &mut Vec::new())?;
            let timing_open = timing_open(pg, &clock)?;
            let hits = match (&cjk_query, &words) {
                // A term that folds to no word at all finds nothing.
                (Rendered::Nothing, _) | (_, Rendered::Nothing) => Vec::new(),
                (Rendered::Query(cjk_terms), words) => cjk_search(
                    pg,
                    &clock,
                    &tsquery_text(cjk_terms),
                    words.query().as_deref(),
                    &query.cjk_runs,
                    limit,
                    filter,
                    timing_open,
                )?,
                (Rendered::Absent, Rendered::Query(terms)) => {
                    words_search(pg, &clock, terms, &marked, limit, filter, timing_open)?
                }
                (Rendered::Absent, Rendered::Absent) => return Err(Error::EmptyQuery),
            };
            // The time limit ends with the search, also inside a group.
            pg.query_one(
                "SELECT set_config('statement_timeout', $1, true)",
                &[&previous],
            )?;
            Ok(hits)
        })
    }
}

/// The app's searches of a team library, on a connection of their own (as
/// SQLite's `Searcher` has): typing in the search box never waits behind
/// the library's other work, nor the other way round, and a newer search
/// stops the one still running (a cancel request to the server), which
/// then answers [`Error::SearchSuperseded`].
pub struct PgSearcher {
    store: std::sync::Mutex<PgStore>,
    /// The cancel request of the connection while a search runs on it.
    running: std::sync::Mutex<Option<super::Canceller>>,
    /// The newest search asked for (numbered from 1).
    latest: std::sync::atomic::AtomicU64,
}

impl PgSearcher {
    /// A searcher of the team library at `address` (already opened, at
    /// this build's schema).
    pub fn open(address: &str) -> Result<PgSearcher> {
        Ok(PgSearcher {
            store: std::sync::Mutex::new(PgStore::open(address)?),
            running: std::sync::Mutex::new(None),
            latest: std::sync::atomic::AtomicU64::new(0),
        })
    }

    /// As [`PgStore::search`]; a search still running is stopped, and so is
    /// this one when a newer one arrives.
    pub fn search(&self, query: &str, limit: u32, filter: &StoryFilter) -> Result<Vec<SearchHit>> {
        self.search_within(query, limit, filter, SEARCH_TIME_LIMIT)
    }

    /// [`PgSearcher::search`] with another time limit (for tests).
    pub fn search_within(
        &self,
        query: &str,
        limit: u32,
        filter: &StoryFilter,
        limit_time: Duration,
    ) -> Result<Vec<SearchHit>> {
        use std::sync::atomic::Ordering;
        let ticket = self.latest.fetch_add(1, Ordering::SeqCst) + 1;
        // The search running now is older than this one: stop it.
        let running = self.running.lock().ok().and_then(|slot| slot.clone());
        if let Some(canceller) = running {
            canceller.cancel();
        }
        let store = self.store.lock().map_err(|_| {
            Error::InvalidInput("search is unavailable after an earlier failure".into())
        })?;
        // Once more for a cancel request that arrived after the search it
        // was meant for had ended and stopped this one instead.
        for attempt in 0..2 {
            if self.latest.load(Ordering::SeqCst) != ticket {
                return Err(Error::SearchSuperseded);
            }
            if let Ok(mut slot) = self.running.lock() {
                *slot = Some(store.canceller());
            }
            let found = store.search_within(query, limit, filter, limit_time);
            if let Ok(mut slot) = self.running.lock() {
                *slot = None;
            }
            match found {
                Err(Error::SearchSuperseded)
                    if attempt == 0 && self.latest.load(Ordering::SeqCst) == ticket => {}
                Err(Error::SearchSuperseded) => return Err(Error::SearchSuperseded),
                Err(_) if self.latest.load(Ordering::SeqCst) != ticket => {
                    return Err(Error::SearchSuperseded)
                }
                done => return done,
            }
        }
        Err(Error::SearchSuperseded)
    }
}

/// One ANDed term of the query as [`search_query::parse`] wrote it: a
/// phrase of tokens (one token for a single word), a prefix search if its
/// last token ends in `*`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FtsTerm {
    tokens: String,
    prefix: bool,
}

/// The terms of an FTS5 query written by [`search_query::parse`]: quoted
/// strings of letters and digits (so no quote is ever inside one), each
/// maybe followed by `*`, separated by spaces.
fn fts_terms(fts: &str) -> Vec<FtsTerm> {
    let mut terms = Vec::new();
    let mut rest = fts;
    while let Some(open) = rest.find('"') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('"') else {
            break;
        };
        let tokens = after[..close].to_owned();
        rest = &after[close + 1..];
        let prefix = rest.starts_with('*');
        if prefix {
            rest = &rest[1..];
        }
        terms.push(FtsTerm { tokens, prefix });
    }
    terms
}

/// A query rendered for PostgreSQL.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Rendered {
    /// The search asked nothing of this index.
    Absent,
    /// It asked for words that are no word once folded (nothing matches).
    Nothing,
    /// Its terms, folded as the index holds them.
    Query(Vec<Folded>),
}

impl Rendered {
    fn query(&self) -> Option<String> {
        match self {
            Rendered::Query(terms) => Some(tsquery_text(terms)),
            _ => None,
        }
    }
}

/// One term of the query folded into the words the index holds for the
/// same text; `prefix` when its last word is a prefix (`word*`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Folded {
    words: Vec<String>,
    prefix: bool,
}

/// The terms ANDed as tsquery text.
fn tsquery_text(terms: &[Folded]) -> String {
    terms
        .iter()
        .map(|t| render_term(&t.words, t.prefix))
        .collect::<Vec<_>>()
        .join(" & ")
}

/// Folds `terms` into the words the index holds for the same text (one
/// statement for all of them); the words go into `marked` for the
/// snippets.
fn tsquery(
    pg: &mut Pg<'_>,
    clock: &Clock,
    terms: &[FtsTerm],
    marked: &mut Vec<Lexeme>,
) -> Result<Rendered> {
    if terms.is_empty() {
        return Ok(Rendered::Absent);
    }
    let texts: Vec<&str> = terms.iter().map(|t| t.tokens.as_str()).collect();
    let rows = clock.query(
        pg,
        "SELECT coalesce((SELECT array_agg(w.lexeme ORDER BY p)
                          FROM unnest(to_tsvector('simple', wiredesk_search_words(t.phrase))) w,
                               unnest(w.positions) p), '{}')
         FROM unnest($1::text[]) WITH ORDINALITY t(phrase, n)
         ORDER BY t.n",
        &[&texts],
    )?;
    let mut folded = Vec::new();
    for (term, row) in terms.iter().zip(rows) {
        let words: Vec<String> = row.try_get(0)?;
        if words.is_empty() {
            return Ok(Rendered::Nothing);
        }
        marked.extend(words.iter().enumerate().map(|(i, word)| Lexeme {
            word: word.clone(),
            prefix: term.prefix && i + 1 == words.len(),
        }));
        folded.push(Folded {
            words,
            prefix: term.prefix,
        });
    }
    Ok(Rendered::Query(folded))
}

/// The pairs of adjacent words a phrase term asks for, in the headline
/// (`A`) and in the body (`D`), as migration 0017 writes them before
/// hashing (`weight word word`); `None` for a term the pair index cannot
/// narrow (one word, or one word and a prefix).
fn pair_texts(term: &Folded) -> Option<[Vec<String>; 2]> {
    let whole = if term.prefix {
        &term.words[..term.words.len().saturating_sub(1)]
    } else {
        &term.words[..]
    };
    if whole.len() < 2 {
        return None;
    }
    Some(["A", "D"].map(|weight| {
        whole
            .windows(2)
            .map(|pair| format!("{weight} {} {}", pair[0], pair[1]))
            .collect()
    }))
}

/// Whether the pair index alone answers the term: a phrase of two whole
/// words is one pair, in the headline or in the body. A longer phrase has
/// all its pairs where it stands, but they may stand apart.
fn answered_by_pairs(term: &Folded) -> bool {
    !term.prefix && term.words.len() == 2
}

/// A statement's values, each numbered as it is pushed.
#[derive(Default)]
struct Params<'a>(Vec<&'a (dyn postgres::types::ToSql + Sync)>);

impl<'a> Params<'a> {
    /// Adds a value; its placeholder (`$n`).
    fn push(&mut self, value: &'a (dyn postgres::types::ToSql + Sync)) -> String {
        self.0.push(value);
        format!("${}", self.0.len())
    }

    /// The number the next value would take.
    fn next(&self) -> usize {
        self.0.len() + 1
    }
}

/// What finds the main index's matches: phrases through the pair index
/// (migration 0017), everything else through the word index.
struct Matching {
    /// Each phrase's pair hashes: all of those in the headline, or all of
    /// those in the body.
    pairs: Vec<[Vec<i64>; 2]>,
    /// The terms the pairs do not answer alone, as tsquery text (`None`
    /// when they answer every term).
    checked: Option<String>,
}

impl Matching {
    fn new(pg: &mut Pg<'_>, clock: &Clock, terms: &[Folded]) -> Result<Matching> {
        let texts: Vec<[Vec<String>; 2]> = terms.iter().filter_map(pair_texts).collect();
        let flat: Vec<&str> = texts
            .iter()
            .flat_map(|[a, d]| a.iter().chain(d))
            .map(String::as_str)
            .collect();
        let mut hashes = Vec::new();
        if !flat.is_empty() {
            for row in clock.query(
                pg,
                "SELECT wiredesk_search_pair_hash(t)
                 FROM unnest($1::text[]) WITH ORDINALITY u(t, n) ORDER BY n",
                &[&flat],
            )? {
                hashes.push(row.try_get::<_, i64>(0)?);
            }
        }
        let mut hashes = hashes.into_iter();
        let pairs = texts
            .iter()
            .map(|[a, d]| {
                [
                    hashes.by_ref().take(a.len()).collect(),
                    hashes.by_ref().take(d.len()).collect(),
                ]
            })
            .collect();
        let rest: Vec<Folded> = terms
            .iter()
            .filter(|t| !answered_by_pairs(t))
            .cloned()
            .collect();
        Ok(Matching {
            pairs,
            checked: (!rest.is_empty()).then(|| tsquery_text(&rest)),
        })
    }

    /// The conditions on `r` (revisions), their values pushed onto `params`.
    fn sql<'a>(&'a self, params: &mut Params<'a>) -> String {
        let mut conditions: Vec<String> = self
            .pairs
            .iter()
            .map(|[headline, body]| {
                format!(
                    "(wiredesk_search_pairs(r.search) @> {}::bigint[]
                      OR wiredesk_search_pairs(r.search) @> {}::bigint[])",
                    params.push(headline),
                    params.push(body)
                )
            })
            .collect();
        if let Some(checked) = &self.checked {
            conditions.push(format!(
                "r.search @@ {}::text::tsquery",
                params.push(checked)
            ));
        }
        conditions.join(" AND ")
    }
}

/// One term as tsquery text: a word, or the phrase of its words inside the
/// headline or inside the body (both indexes weigh the headline A and the
/// body D).
fn render_term(words: &[String], prefix: bool) -> String {
    let lexeme = |i: usize, weight: &str| {
        let star = if prefix && i + 1 == words.len() {
            "*"
        } else {
            ""
        };
        let marks = if star.is_empty() && weight.is_empty() {
            String::new()
        } else {
            format!(":{star}{weight}")
        };
        format!("{}{marks}", quote_lexeme(&words[i]))
    };
    if words.len() == 1 {
        return lexeme(0, "");
    }
    let phrase = |weight: &str| {
        (0..words.len())
            .map(|i| lexeme(i, weight))
            .collect::<Vec<_>>()
            .join(" <-> ")
    };
    format!("(({}) | ({}))", phrase("A"), phrase("D"))
}

/// A lexeme as tsquery text: quoted, its quotes and backslashes escaped.
fn quote_lexeme(word: &str) -> String {
    format!("'{}'", word.replace('\\', "\\\\").replace('\'', "''"))
}

/// A search's clock: what is left of its time limit, given to PostgreSQL
/// as the statement timeout before each statement.
struct Clock {
    started: Instant,
    limit: Duration,
}

impl Clock {
    fn start(limit: Duration) -> Clock {
        Clock {
            started: Instant::now(),
            limit,
        }
    }

    fn timed_out(&self) -> Error {
        Error::SearchTimedOut {
            limit_ms: u64::try_from(self.limit.as_millis()).unwrap_or(u64::MAX),
        }
    }

    /// Sets the statement timeout to what is left, returning the setting
    /// it replaces.
    fn arm(&self, pg: &mut Pg<'_>) -> Result<String> {
        let left = self.limit.saturating_sub(self.started.elapsed());
        if left.is_zero() {
            return Err(self.timed_out());
        }
        // Whole milliseconds, at least one (0 would mean no limit).
        let ms = u64::try_from(left.as_millis()).unwrap_or(u64::MAX).max(1);
        let row = pg.query_one(
            "SELECT current_setting('statement_timeout'),
                    set_config('statement_timeout', $1, true)",
            &[&ms.to_string()],
        )?;
        Ok(row.try_get(0)?)
    }

    /// Runs a statement under what is left of the limit; PostgreSQL's
    /// cancellation by the timeout is [`Error::SearchTimedOut`].
    fn query(
        &self,
        pg: &mut Pg<'_>,
        sql: &str,
        params: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> Result<Vec<postgres::Row>> {
        self.arm(pg)?;
        let statement = pg.statement(sql)?;
        pg.client.query(&statement, params).map_err(|err| {
            match err.as_db_error() {
                // A cancel request: a newer search stopped this one.
                Some(db)
                    if db.code() == &SqlState::QUERY_CANCELED
                        && db.message().contains("user request") =>
                {
                    Error::SearchSuperseded
                }
                _ if err.code() == Some(&SqlState::QUERY_CANCELED) => self.timed_out(),
                _ => err.into(),
            }
        })
    }
}

/// Whether the desk counts timing claims as open (a preference).
fn timing_open(pg: &mut Pg<'_>, clock: &Clock) -> Result<bool> {
    let rows = clock.query(
        pg,
        "SELECT value FROM preferences WHERE key = $1",
        &[&crate::claims::TIMING_OPEN_SETTING],
    )?;
    Ok(match rows.first() {
        Some(row) => row
            .try_get::<_, String>(0)?
            .trim()
            .eq_ignore_ascii_case("true"),
        None => false,
    })
}

/// The inbox filter as PostgreSQL conditions and their values, numbered
/// from `$first`: the SQLite conditions of [`filter_sql`] with PostgreSQL's
/// placeholders.
fn pg_filter(filter: &StoryFilter, first: usize, timing_open: bool) -> (String, Vec<String>) {
    let (sql, values) = filter_sql(filter, first, timing_open);
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    // Every value is bound as text; the one number among them is cast.
    let out = out.replace(" AS INTEGER)", "::text AS BIGINT)");
    (out, values)
}

/// The head revisions whose text matches, newest first, at most one more
/// than [`BROAD_QUERY_MATCHES`]: more than that many is a broad search.
/// `tsquery` is the whole query as tsquery text, `matching` what finds it.
///
/// Words and prefixes only: as the planner chooses between the word index
/// and walking the newest revisions (its estimate of a word is close, of a
/// phrase it is not). Phrases, by the planner's estimate of their pairs:
/// dense ones ([`DENSE_SHARE`]) by walking the newest revisions; broad ones
/// from the index a window of the newest revision ids at a time; the rest
/// from the index all at once.
fn newest_matches(
    pg: &mut Pg<'_>,
    clock: &Clock,
    matching: &Matching,
    tsquery: &str,
) -> Result<Vec<i64>> {
    if matching.pairs.is_empty() {
        return newest_by_words(pg, clock, "search", tsquery, false);
    }
    let mut params = Params::default();
    let condition = matching.sql(&mut params);
    let wanted = BROAD_QUERY_MATCHES + 1;
    let window = match estimate(pg, clock, &condition, &params)? {
        Some((rows, total)) if rows > total * DENSE_SHARE => {
            return newest_by_words(pg, clock, "search", tsquery, true);
        }
        // Expected to be broad by far: the first window is sized to hold
        // twice what a broad check wants, were the matches even.
        Some((rows, total)) if rows > 20.0 * wanted as f64 => {
            let share = 2.0 * wanted as f64 / rows;
            Some(((total * share) as i64).max(FIRST_WINDOW))
        }
        // Fewer (the estimate of a rare pair is often several times too
        // high): all of them at once.
        _ => None,
    };
    newest_within(pg, clock, &condition, &params, wanted, window)
}

/// The newest `wanted` head revisions matching `condition` (on `r`, the
/// revisions; its values in `params`): with a `window`, looked for in that
/// many of the newest revision ids first, the window growing with what the
/// last one found until it holds them all; without, in all at once.
fn newest_within(
    pg: &mut Pg<'_>,
    clock: &Clock,
    condition: &str,
    params: &Params<'_>,
    wanted: i64,
    window: Option<i64>,
) -> Result<Vec<i64>> {
    // The newest id, when there is a window to count back from it.
    let newest: Option<i64> = match window {
        Some(_) => clock
            .query(pg, "SELECT max(id) FROM revisions", &[])?
            .first()
            .map(|row| row.try_get(0))
            .transpose()?
            .flatten(),
        None => None,
    };
    let mut window = window.unwrap_or(i64::MAX);
    loop {
        let after = newest.map_or(0, |newest| newest.saturating_sub(window));
        let mut values = Params(params.0.clone());
        // The window's matches first, all of them (found through the
        // indexes: the planner is not left to walk the newest ids testing
        // each row's words), then the newest that are a story's head.
        let sql = format!(
            "WITH window_matches AS MATERIALIZED (
                 SELECT r.id FROM revisions r WHERE {condition} AND r.id > {})
             SELECT m.id FROM window_matches m
             JOIN stories s ON s.head_revision_id = m.id
             ORDER BY m.id DESC LIMIT {}",
            values.push(&after),
            values.push(&wanted)
        );
        // Each match probed for being a head, newest first, until enough
        // are found (not a merge along the whole stories index).
        let found: Vec<i64> = with_settings(
            pg,
            &[
                ("enable_mergejoin", "off"),
                ("enable_hashjoin", "off"),
                // Starting workers costs more than the few thousand rows
                // they would share.
                ("max_parallel_workers_per_gather", "0"),
            ],
            |pg| clock.query(pg, &sql, &values.0),
        )?
        .iter()
        .map(|row| Ok(row.try_get(0)?))
        .collect::<Result<_>>()?;
        if found.len() as i64 >= wanted || after <= 0 {
            return Ok(found);
        }
        window = next_window(window, found.len(), wanted);
    }
}

/// The share of all revisions above which a phrase's matches are dense:
/// the newest of them are found soonest by walking the revisions newest
/// first and checking each (about ten checked per match), rather than by
/// reading their whole list from the index (hundreds of thousands).
const DENSE_SHARE: f64 = 0.1;

/// How many revisions the planner expects `condition` to hold for (its
/// statistics of the pair index and of the word index), and how many there
/// are; `None` for a library never analysed.
fn estimate(
    pg: &mut Pg<'_>,
    clock: &Clock,
    condition: &str,
    params: &Params<'_>,
) -> Result<Option<(f64, f64)>> {
    let total: f64 = match clock
        .query(
            pg,
            "SELECT reltuples::float8 FROM pg_class WHERE oid = 'revisions'::regclass",
            &[],
        )?
        .first()
    {
        Some(row) => row.try_get(0)?,
        None => return Ok(None),
    };
    if total < 1.0 {
        return Ok(None);
    }
    let plan = clock.query(
        pg,
        &format!("EXPLAIN SELECT 1 FROM revisions r WHERE {condition}"),
        &params.0,
    )?;
    let first: String = match plan.first() {
        Some(row) => row.try_get(0)?,
        None => return Ok(None),
    };
    Ok(plan_rows(&first).map(|rows| (rows, total)))
}

/// The rows a plan line expects (`… rows=1234 width=8)`).
fn plan_rows(line: &str) -> Option<f64> {
    let at = line.find(" rows=")? + " rows=".len();
    let digits: String = line[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The newest head revisions whose `column` (one of the two search
/// columns, never text from outside) matches `tsquery`, at most one more
/// than [`BROAD_QUERY_MATCHES`]: with `walk`, found by walking the
/// revisions newest first (dense matches, see [`DENSE_SHARE`]); without,
/// as the planner chooses.
fn newest_by_words(
    pg: &mut Pg<'_>,
    clock: &Clock,
    column: &str,
    tsquery: &str,
    walk: bool,
) -> Result<Vec<i64>> {
    let settings: &[(&str, &str)] = if walk {
        &[("enable_bitmapscan", "off")]
    } else {
        &[]
    };
    let sql = format!(
        "SELECT r.id FROM revisions r
         JOIN stories s ON s.head_revision_id = r.id
         WHERE r.{column} @@ $1::text::tsquery
         ORDER BY r.id DESC LIMIT $2"
    );
    with_settings(pg, settings, |pg| {
        clock.query(pg, &sql, &[&tsquery, &(BROAD_QUERY_MATCHES + 1)])
    })?
    .iter()
    .map(|row| Ok(row.try_get(0)?))
    .collect()
}

/// Runs `run` with the planner settings changed for it alone (inside the
/// search's transaction), then puts them back.
fn with_settings<T>(
    pg: &mut Pg<'_>,
    settings: &[(&str, &str)],
    run: impl FnOnce(&mut Pg<'_>) -> Result<T>,
) -> Result<T> {
    let mut before = Vec::new();
    for (name, value) in settings {
        let row = pg.query_one(
            "SELECT current_setting($1), set_config($1, $2, true)",
            &[name, value],
        )?;
        before.push((*name, row.try_get::<_, String>(0)?));
    }
    // A failed run (the time limit) has aborted the transaction, which
    // puts the settings back as it rolls back: its error is the answer.
    let done = run(pg)?;
    for (name, value) in before {
        pg.query_one("SELECT set_config($1, $2, true)", &[&name, &value])?;
    }
    Ok(done)
}

/// The narrowest window of newest revision ids a broad check starts with.
const FIRST_WINDOW: i64 = 1 << 13;

/// The next window after `window` found `found` matches (fewer than
/// wanted): wide enough, were the matches spread evenly, to hold twice
/// what is wanted (none found counts as one); at least four times as wide.
fn next_window(window: i64, found: usize, wanted: i64) -> i64 {
    let found = i64::try_from(found).unwrap_or(i64::MAX).max(1);
    let spread = window.saturating_mul(2 * wanted) / found;
    spread.max(window.saturating_mul(4))
}

/// A search of the main index only (no CJK text in it).
fn words_search(
    pg: &mut Pg<'_>,
    clock: &Clock,
    terms: &[Folded],
    marked: &[Lexeme],
    limit: u32,
    filter: &StoryFilter,
    timing_open: bool,
) -> Result<Vec<SearchHit>> {
    let matching = Matching::new(pg, clock, terms)?;
    let ranked = tsquery_text(terms);
    let newest = newest_matches(pg, clock, &matching, &ranked)?;
    let broad = newest.len() as i64 > BROAD_QUERY_MATCHES;
    let limit = i64::from(limit);
    // Unfiltered, the matches are those just found (all of them, or the
    // newest when there are more): read by id, not searched for again.
    let unfiltered = *filter == StoryFilter::default();
    let ids: Vec<i64> = if broad {
        newest
            .into_iter()
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .collect()
    } else {
        newest
    };
    let filter_values: Vec<String>;
    let mut values = Params::default();
    // Where the whole tsquery's value stands, once pushed.
    let mut ranked_at: Option<String> = None;
    let matches = if unfiltered {
        format!("r.id = ANY({})", values.push(&ids))
    } else {
        // The filter may keep other matches than the newest: searched for
        // again, with it, through the word index (a filter narrows by
        // other columns, checked row by row, where the pairs' function
        // would cost far more than the words' check).
        let at = ranked_at.insert(values.push(&ranked));
        format!("r.search @@ {at}::text::tsquery")
    };
    let order = if broad {
        "r.id DESC".to_owned()
    } else {
        let at = match ranked_at {
            Some(at) => at,
            None => values.push(&ranked),
        };
        format!("ts_rank_cd(r.search, {at}::text::tsquery) DESC, s.id DESC")
    };
    let limit_sql = values.push(&limit);
    let filter_sql;
    (filter_sql, filter_values) = if unfiltered {
        (String::new(), Vec::new())
    } else {
        pg_filter(filter, values.next(), timing_open)
    };
    for value in &filter_values {
        values.push(value);
    }
    let sql = format!(
        "SELECT s.id, r.headline, r.body, s.last_received_at
         FROM revisions r
         JOIN stories s ON s.head_revision_id = r.id
         JOIN sources src ON src.id = s.source_id
         WHERE {matches} {filter_sql}
         ORDER BY {order}
         LIMIT {limit_sql}"
    );
    clock
        .query(pg, &sql, &values.0)?
        .iter()
        .map(|row| {
            let body: String = row.try_get(2)?;
            Ok(SearchHit {
                id: row.try_get(0)?,
                headline: row.try_get(1)?,
                snippet: snippet(&body, marked),
                received_at: row.try_get(3)?,
            })
        })
        .collect()
}

/// A word of the query as the index holds it (folded), and whether it
/// ends a prefix search (`word*`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Lexeme {
    word: String,
    prefix: bool,
}

/// Words of a snippet: as many as FTS5's snippet() is asked for on SQLite.
const SNIPPET_WORDS: usize = 16;
/// Words of the snippet before the first match.
const SNIPPET_LEAD: usize = 3;

/// A word folded as the index folds it (`wiredesk_fold` in migration
/// 0015): accents off Latin letters (decomposed, the combining marks after
/// an ASCII letter dropped, composed again), then lower case.
fn folded(word: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut bare = String::with_capacity(word.len());
    let mut after_ascii_letter = false;
    for c in word.nfd() {
        if ('\u{300}'..='\u{36f}').contains(&c) {
            if after_ascii_letter {
                continue;
            }
        } else {
            after_ascii_letter = c.is_ascii_alphabetic();
        }
        bare.push(c);
    }
    bare.nfc().collect::<String>().to_lowercase()
}

/// The hit's snippet, cut from the body here rather than by the server
/// (`ts_headline` would parse every hit's whole body on the server): some
/// [`SNIPPET_WORDS`] words from just before the first word the query
/// matched, the matched words in [brackets], "…" where the body goes on;
/// newlines as spaces. Words are runs of letters and digits, as the index
/// splits them (`wiredesk_search_words`).
fn snippet(body: &str, marked: &[Lexeme]) -> String {
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (at, c) in body.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                words.push((from, at));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        words.push((from, body.len()));
    }
    let matches = |&(from, to): &(usize, usize)| {
        let word = folded(&body[from..to]);
        marked.iter().any(|m| {
            if m.prefix {
                word.starts_with(&m.word)
            } else {
                word == m.word
            }
        })
    };
    let first = words.iter().position(matches).unwrap_or(0);
    let from = first.saturating_sub(SNIPPET_LEAD);
    let to = (from + SNIPPET_WORDS).min(words.len());
    let Some((&(text_from, _), &(_, text_to))) = words.get(from).zip(words.get(to.wrapping_sub(1)))
    else {
        return String::new();
    };
    let mut out = String::new();
    if !body[..text_from].trim().is_empty() {
        out.push('…');
    }
    let mut at = text_from;
    for word in &words[from..to] {
        out.push_str(&body[at..word.0]);
        if matches(word) {
            out.push('[');
            out.push_str(&body[word.0..word.1]);
            out.push(']');
        } else {
            out.push_str(&body[word.0..word.1]);
        }
        at = word.1;
    }
    if !body[text_to..].trim().is_empty() {
        out.push('…');
    }
    out.replace(['\n', '\r'], " ")
}

/// A search with CJK text: the CJK index finds and ranks the stories, the
/// main index narrows them to those with the other words too; the snippet
/// is cut from the body as on SQLite (cjk::snippet).
#[allow(clippy::too_many_arguments)]
fn cjk_search(
    pg: &mut Pg<'_>,
    clock: &Clock,
    cjk_query: &str,
    words: Option<&str>,
    cjk_runs: &[String],
    limit: u32,
    filter: &StoryFilter,
    timing_open: bool,
) -> Result<Vec<SearchHit>> {
    let first_filter = if words.is_some() { 4 } else { 3 };
    let (filter_sql, values) = pg_filter(filter, first_filter, timing_open);
    let words_sql = if words.is_some() {
        " AND r.search @@ $3::text::tsquery"
    } else {
        ""
    };
    let broad = newest_by_words(pg, clock, "search_cjk", cjk_query, false)?.len() as i64
        > BROAD_QUERY_MATCHES;
    let order = if broad {
        "r.id DESC"
    } else {
        "ts_rank_cd(r.search_cjk, $1::text::tsquery) DESC, s.id DESC"
    };
    let sql = format!(
        "SELECT s.id, r.headline, r.body, s.last_received_at
         FROM revisions r
         JOIN stories s ON s.head_revision_id = r.id
         JOIN sources src ON src.id = s.source_id
         WHERE r.search_cjk @@ $1::text::tsquery{words_sql} {filter_sql}
         ORDER BY {order}
         LIMIT $2"
    );
    let limit = i64::from(limit);
    let mut params: Vec<&(dyn postgres::types::ToSql + Sync)> = vec![&cjk_query, &limit];
    if let Some(words) = &words {
        params.push(words);
    }
    params.extend(
        values
            .iter()
            .map(|v| v as &(dyn postgres::types::ToSql + Sync)),
    );
    clock
        .query(pg, &sql, &params)?
        .iter()
        .map(|row| {
            let body: String = row.try_get(2)?;
            Ok(SearchHit {
                id: row.try_get(0)?,
                headline: row.try_get(1)?,
                snippet: cjk::snippet(&body, cjk_runs),
                received_at: row.try_get(3)?,
            })
        })
        .collect()
}

/// The texts a revision's `search_cjk` is made from, written with the
/// revision as `wiredesk_cjk_vector($headline, $body)` (migration 0015):
/// the CJK index's text of its headline and of its body (store/cjk.rs),
/// `None` for one without CJK. Both `None`: the column is NULL.
pub(crate) fn cjk_index_texts(headline: &str, body: &str) -> (Option<String>, Option<String>) {
    (cjk::index_text(headline), cjk::index_text(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fts5_terms_of_a_parsed_query() {
        let parsed = search_query::parse(r#""additional troops" nato* 4,000"#).unwrap();
        assert_eq!(
            fts_terms(parsed.words.as_deref().unwrap()),
            vec![
                FtsTerm {
                    tokens: "additional troops".into(),
                    prefix: false
                },
                FtsTerm {
                    tokens: "nato".into(),
                    prefix: true
                },
                FtsTerm {
                    tokens: "4 000".into(),
                    prefix: false
                },
            ]
        );
        let parsed = search_query::parse("在NBA比赛 界").unwrap();
        let terms = fts_terms(parsed.cjk.as_deref().unwrap());
        assert_eq!(terms.len(), 4, "{terms:?}");
        assert!(terms[0].prefix && terms[3].prefix);
    }

    #[test]
    fn terms_render_as_tsquery_text() {
        let w = |s: &[&str]| s.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(render_term(&w(&["peskov"]), false), "'peskov'");
        assert_eq!(render_term(&w(&["nato"]), true), "'nato':*");
        assert_eq!(
            render_term(&w(&["4", "000"]), false),
            "(('4':A <-> '000':A) | ('4':D <-> '000':D))"
        );
        assert_eq!(
            render_term(&w(&["a", "be"]), true),
            "(('a':A <-> 'be':*A) | ('a':D <-> 'be':*D))"
        );
        assert_eq!(quote_lexeme("o'k\\"), "'o''k\\\\'");
    }

    #[test]
    fn phrases_ask_the_pair_index_for_their_pairs_in_the_headline_or_the_body() {
        let term = |words: &[&str], prefix: bool| Folded {
            words: words.iter().map(|w| (*w).to_owned()).collect(),
            prefix,
        };
        let texts = |t: &Folded| pair_texts(t).map(|[a, d]| (a, d));
        assert_eq!(texts(&term(&["peskov"], false)), None);
        assert_eq!(texts(&term(&["nato"], true)), None);
        // "4,000": one pair, answered by the pair index alone.
        let number = term(&["4", "000"], false);
        assert_eq!(
            texts(&number),
            Some((vec!["A 4 000".to_owned()], vec!["D 4 000".to_owned()]))
        );
        assert!(answered_by_pairs(&number));
        // A longer phrase: all its pairs, then checked where they stand.
        let long = term(&["new", "york", "city"], false);
        assert_eq!(
            texts(&long).map(|(a, _)| a),
            Some(vec!["A new york".to_owned(), "A york city".to_owned()])
        );
        assert!(!answered_by_pairs(&long));
        // A prefix ends the phrase: its whole words narrow it, when two.
        assert_eq!(texts(&term(&["dana", "yil"], true)), None);
        let prefixed = term(&["prime", "minister", "yil"], true);
        assert_eq!(
            texts(&prefixed).map(|(_, d)| d),
            Some(vec!["D prime minister".to_owned()])
        );
        assert!(!answered_by_pairs(&prefixed));
    }

    #[test]
    fn the_rows_a_plan_expects() {
        assert_eq!(
            plan_rows(
                "Bitmap Heap Scan on revisions r  (cost=5386.61..68934.33 rows=411229 width=8)"
            ),
            Some(411_229.0)
        );
        assert_eq!(
            plan_rows("Result  (cost=0.00..0.01 rows=1 width=4)"),
            Some(1.0)
        );
        assert_eq!(plan_rows("Planning Time: 2.7 ms"), None);
    }

    #[test]
    fn a_broad_check_widens_its_window_with_what_it_found() {
        // Nothing found: as wide as for one match (a rare phrase is looked
        // for in the whole library next).
        let wanted = BROAD_QUERY_MATCHES + 1;
        assert_eq!(next_window(1 << 16, 0, wanted), (1 << 16) * 2 * wanted);
        // Matches spread evenly: wide enough for twice what is wanted.
        assert_eq!(next_window(1000, 100, wanted), 1000 * 2 * wanted / 100);
        // Nearly enough: still at least four times wider.
        assert_eq!(next_window(1000, 1000, wanted), 4000);
        assert_eq!(next_window(i64::MAX / 2, 1, wanted), i64::MAX);
    }

    #[test]
    fn snippets_mark_the_folded_words_and_say_where_the_body_goes_on() {
        let word = |w: &str| Lexeme {
            word: w.into(),
            prefix: false,
        };
        let prefix = |w: &str| Lexeme {
            word: w.into(),
            prefix: true,
        };
        assert_eq!(snippet("one two three", &[word("two")]), "one [two] three");
        // Accents and case fold as the index folds them.
        assert_eq!(
            snippet("Le Café ouvre.\nÀ midi", &[word("cafe"), word("a")]),
            "Le [Café] ouvre. [À] midi"
        );
        assert_eq!(
            snippet("Talks on ferries, ferrying and fares", &[prefix("ferr")]),
            "Talks on [ferries], [ferrying] and fares"
        );
        // Sixteen words from three before the first match; "…" on both
        // sides where the body goes on.
        let body: String = (1..=40).map(|n| format!("w{n} ")).collect();
        assert_eq!(
            snippet(&body, &[word("w20")]),
            "…w17 w18 w19 [w20] w21 w22 w23 w24 w25 w26 w27 w28 w29 w30 w31 w32…"
        );
        // A match in the headline only: the body's opening.
        assert_eq!(
            snippet(&body, &[word("headline")]),
            "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16…"
        );
        // Digits are words ("4,000" is 4 and 000), and so is every script's
        // letters.
        assert_eq!(
            snippet(
                "Some 4,000 troops in Київ",
                &[word("4"), word("000"), word("київ")]
            ),
            "Some [4],[000] troops in [Київ]"
        );
        assert_eq!(snippet("", &[word("a")]), "");
        assert_eq!(snippet(" — ", &[word("a")]), "");
    }

    #[test]
    fn filters_take_postgresql_placeholders() {
        let filter = StoryFilter {
            source: Some("AP".into()),
            after: Some(crate::model::InboxCursor {
                received_at: "2026-01-01T00:00:00Z".into(),
                id: 7,
            }),
            ..StoryFilter::default()
        };
        let (sql, values) = pg_filter(&filter, 3, false);
        assert!(sql.contains("src.name = $3"), "{sql}");
        assert!(sql.contains("($4, CAST($5::text AS BIGINT))"), "{sql}");
        assert!(!sql.contains('?'), "{sql}");
        assert_eq!(values.len(), 3);
    }
}

#[cfg(test)]
mod searcher_tests {
    use std::time::{Duration, Instant};

    use super::*;

    #[test]
    fn a_cancel_request_stops_the_statement_running_on_the_connection() {
        let Some(server) = crate::team_test::server() else {
            return;
        };
        let url = crate::team_test::fresh_database(&server);
        let store = PgStore::init(&url).unwrap();
        let canceller = store.canceller();
        // A cancel that finds nothing running is lost, not kept for later.
        canceller.cancel();
        std::thread::sleep(Duration::from_millis(100));
        store.read(|pg| pg.batch("SELECT 1")).unwrap();
        let started = Instant::now();
        std::thread::scope(|scope| {
            scope.spawn(|| {
                std::thread::sleep(Duration::from_millis(300));
                canceller.cancel();
            });
            let slept = store.read(|pg| pg.batch("SELECT pg_sleep(30)"));
            assert!(slept.is_err(), "the statement is stopped");
        });
        assert!(started.elapsed() < Duration::from_secs(20));
        // The connection carries on.
        store.read(|pg| pg.batch("SELECT 1")).unwrap();
    }

    #[test]
    fn a_search_stopped_by_its_time_limit_under_changed_settings_says_so() {
        let Some(server) = crate::team_test::server() else {
            return;
        };
        let url = crate::team_test::fresh_database(&server);
        let store = PgStore::init(&url).unwrap();
        let clock = Clock::start(Duration::from_millis(200));
        let err = store
            .write(|pg| {
                with_settings(pg, &[("enable_seqscan", "off")], |pg| {
                    clock.query(pg, "SELECT pg_sleep(5)", &[])
                })
            })
            .expect_err("stopped by the limit");
        assert!(matches!(err, Error::SearchTimedOut { .. }), "{err}");
        // The connection carries on, its settings as before.
        let seqscan: String = store
            .read(|pg| Ok(pg.query_one("SHOW enable_seqscan", &[])?.try_get(0)?))
            .unwrap();
        assert_eq!(seqscan, "on");
    }

    #[test]
    fn the_newest_matches_are_found_window_by_window_as_by_one_look_at_all() {
        let Some(server) = crate::team_test::server() else {
            return;
        };
        let mut library = crate::team_test::fresh_library(&server);
        library.seed_samples_if_empty().unwrap();
        let store = PgStore::open(library.reopen_location().to_str().unwrap()).unwrap();
        let clock = Clock::start(Duration::from_secs(30));
        let mut compared = 0;
        for (terms, pairs_only) in [
            (vec![vec!["the"]], false),
            (vec![vec!["prime", "minister"]], true),
            (vec![vec!["of", "the"]], true),
            (vec![vec!["said"], vec!["in", "the"]], false),
            (vec![vec!["zzzzunknown"]], false),
        ] {
            let terms: Vec<Folded> = terms
                .iter()
                .map(|words| Folded {
                    words: words.iter().map(|w| (*w).to_owned()).collect(),
                    prefix: false,
                })
                .collect();
            let all = store
                .read(|pg| {
                    let matching = Matching::new(pg, &clock, &terms)?;
                    assert_eq!(matching.checked.is_none(), pairs_only, "{terms:?}");
                    let mut params = Params::default();
                    let condition = matching.sql(&mut params);
                    // The tsquery alone, as before the pair index.
                    let mut plain = Params::default();
                    let text = tsquery_text(&terms);
                    let plain_condition =
                        format!("r.search @@ {}::text::tsquery", plain.push(&text));
                    let everything =
                        newest_within(pg, &clock, &plain_condition, &plain, i64::MAX, None)?;
                    assert_eq!(
                        newest_within(pg, &clock, &condition, &params, i64::MAX, None)?,
                        everything,
                        "{terms:?}: the pairs find what the word index finds"
                    );
                    // As the search asks it: the newest of them.
                    assert_eq!(
                        newest_matches(pg, &clock, &matching, &text)?,
                        everything.iter().copied().take(1001).collect::<Vec<_>>(),
                        "{terms:?}"
                    );
                    // Walking the revisions newest first finds them too
                    // (the samples hold fewer than a broad search's).
                    for walk in [true, false] {
                        assert_eq!(
                            newest_by_words(pg, &clock, "search", &text, walk)?,
                            everything,
                            "{terms:?}"
                        );
                    }
                    pg.batch("ANALYZE revisions")?;
                    let (none, total) = estimate(pg, &clock, "FALSE", &Params::default())?
                        .expect("the samples are analysed");
                    assert!(none < 1.0 && total >= 1.0, "{none} of {total}");
                    for wanted in [1, 2, 5] {
                        for window in [Some(1), Some(3), Some(1 << 20), None] {
                            let newest =
                                newest_within(pg, &clock, &condition, &params, wanted, window)?;
                            let expected: Vec<i64> = everything
                                .iter()
                                .copied()
                                .take(usize::try_from(wanted).unwrap())
                                .collect();
                            assert_eq!(newest, expected, "{terms:?} {wanted} {window:?}");
                        }
                    }
                    Ok(everything)
                })
                .unwrap();
            compared += all.len();
        }
        assert!(compared > 10, "the samples hold the words ({compared})");
    }

    #[test]
    fn the_app_searcher_finds_what_the_library_finds_and_gives_way_to_a_newer_search() {
        let Some(server) = crate::team_test::server() else {
            return;
        };
        let mut library = crate::team_test::fresh_library(&server);
        library.seed_samples_if_empty().unwrap();
        let address = library.reopen_location();
        let searcher = PgSearcher::open(address.to_str().unwrap()).unwrap();
        let ids = |hits: Vec<SearchHit>| hits.into_iter().map(|h| h.id).collect::<Vec<_>>();
        let filter = StoryFilter::default();
        let mut found = 0;
        for query in ["the", "\"prime minister\"", "minis*", "zzzzunknown"] {
            let expected = ids(library.search(query, 100).unwrap());
            found += expected.len();
            assert_eq!(
                ids(searcher.search(query, 100, &filter).unwrap()),
                expected,
                "{query}"
            );
            // Again: a search after one that ended is not stopped.
            assert_eq!(
                ids(searcher.search(query, 100, &filter).unwrap()),
                expected,
                "{query}"
            );
        }
        assert!(found > 0, "the samples hold some of the words");
        // A search overtaken before it runs gives way.
        let ticket = searcher.latest.load(std::sync::atomic::Ordering::SeqCst);
        std::thread::scope(|scope| {
            let store = searcher.store.lock().unwrap();
            let waiting = scope.spawn(|| searcher.search("the", 100, &filter));
            while searcher.latest.load(std::sync::atomic::Ordering::SeqCst) == ticket {
                std::thread::yield_now();
            }
            // A newer search is asked for while the first waits.
            searcher
                .latest
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            drop(store);
            assert!(matches!(
                waiting.join().unwrap(),
                Err(Error::SearchSuperseded)
            ));
        });
        assert!(searcher.search("the", 100, &filter).is_ok());
    }
}
