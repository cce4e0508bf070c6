//! Errors of the core. Every error that concerns a file names the file.

use std::path::PathBuf;

pub use crate::open_failure::{LibraryProblem, OpenFailure};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A library file that cannot be opened, and why, in one sentence
    /// naming the file (see [`OpenFailure`]).
    #[error("{0}")]
    CannotOpen(OpenFailure),
    /// SQLite refused a file that is not opened as a library (a backup
    /// being written or restored); SQLite's reason is said once.
    #[error("{}: cannot open the file: {cause}", .path.display())]
    Open {
        path: PathBuf,
        cause: rusqlite::Error,
    },
    #[error("{}: cannot create the library's folder: {cause}", .path.display())]
    CreateDir {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error(
        "this library was written by a newer Wiredesk (schema version {found}; this Wiredesk knows up to {supported}): upgrade Wiredesk to open it"
    )]
    NewerLibrary { found: i64, supported: i64 },
    #[error(
        "migration {version} ({name}) was changed after it was applied to this library (checksum {applied} in the library, {embedded} in this build): restore the original migration and add a new one instead"
    )]
    MigrationChanged {
        version: i64,
        name: String,
        applied: String,
        embedded: String,
    },
    #[error("{}: {problem}", .path.display())]
    Backup { path: PathBuf, problem: String },
    #[error("migration file {name} is not named NNNN_name.sql")]
    MigrationName { name: String },
    #[error("migration {version} ({name}) failed: {cause}")]
    MigrationFailed {
        version: i64,
        name: String,
        cause: rusqlite::Error,
    },
    #[error("{}: {source}", .path.display())]
    Ingest {
        path: PathBuf,
        #[source]
        source: IngestError,
    },
    #[error("{}: not a folder", .0.display())]
    NotAFolder(PathBuf),
    #[error("no story with id {0}")]
    StoryNotFound(i64),
    #[error("no claim with id {0}")]
    ClaimNotFound(i64),
    #[error(
        "story {story} has no removed passage {id}: cleaning removed {count} (list them with `wiredesk cleaning {story}`)"
    )]
    RemovedPassageNotFound { story: i64, id: i64, count: usize },
    #[error(
        "passage {id} removed by cleaning is already back in the text of story {story}: nothing to restore"
    )]
    PassageAlreadyRestored { story: i64, id: i64 },
    #[error(
        "story {story} is not ready to publish: {}; export with an override reason to publish anyway",
        .reasons.join("; ")
    )]
    ExportRefused { story: i64, reasons: Vec<String> },
    #[error("{}: {source}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "story {story} changed since revision {base}: revision {head} is current now (saved elsewhere); reload it and edit again"
    )]
    EditConflict { story: i64, base: i64, head: i64 },
    #[error(
        "revision {base} is not a revision of story {story}: its current revision is {head} (see `history {story}`)"
    )]
    UnknownBase { story: i64, base: i64, head: i64 },
    #[error("nothing to save: the text is the same as story {story}'s current revision {head}")]
    Unchanged { story: i64, head: i64 },
    #[error("{0}")]
    InvalidInput(String),
    /// A house-style rule that cannot be saved as written.
    #[error("style rule “{id}”: {problem}")]
    StyleRule { id: String, problem: String },
    /// A style guide file that cannot be read.
    #[error("style guide {file}: {problem}")]
    StyleGuide { file: String, problem: String },
    /// No Hunspell dictionary for the desk's dialect on this machine.
    #[error(
        "no {dialect} spelling dictionary ({file}.aff and {file}.dic) in {searched}: install your system's Hunspell dictionary (Debian/Ubuntu: hunspell-{package}) or set WIREDESK_DICTIONARIES to a folder holding it"
    )]
    DictionaryMissing {
        dialect: &'static str,
        file: &'static str,
        package: &'static str,
        searched: String,
    },
    #[error("spelling dictionary {path}: {problem}")]
    DictionaryUnreadable { path: String, problem: String },
    #[error("search query is empty: give at least one word")]
    EmptyQuery,
    /// The search's limits (store/search_query.rs): what may be asked, and
    /// what was.
    #[error("a search may be at most {limit} characters long; this one has {found}")]
    SearchTooLong { limit: usize, found: usize },
    #[error("a search may have at most {limit} words; this one has {found}")]
    SearchTooManyWords { limit: usize, found: usize },
    #[error(
        "a search may have at most {limit} words ending in * (a single Chinese, Japanese or Korean character counts as one); this one has {found}"
    )]
    SearchTooManyPrefixes { limit: usize, found: usize },
    #[error("a word ending in * needs at least {min} letters before the *: “{word}” has fewer")]
    SearchPrefixTooShort { word: String, min: usize },
    #[error(
        "the search took longer than {} and was stopped; narrow it with fewer or longer words",
        time_limit(*.limit_ms)
    )]
    SearchTimedOut { limit_ms: u64 },
    #[error("a newer search replaced this one")]
    SearchSuperseded,
    #[error("no library location: set {env} or pass --db", env = crate::LIBRARY_PATH_ENV)]
    NoLibraryLocation,
    /// SQLite's message is part of this one; it is not repeated as a cause.
    #[error("library database error: {0}")]
    Database(rusqlite::Error),
    /// PostgreSQL's message (the server's own words, or why the connection
    /// failed) for a team library; no password is ever part of it.
    #[error("team library {location}: {message}")]
    TeamLibrary {
        location: String,
        message: String,
        failure: crate::store::PgFailure,
    },
    /// A PostgreSQL database without Wiredesk's tables.
    #[error(
        "team library {location}: this database holds no Wiredesk library yet: create it with `wiredesk library init {location}`"
    )]
    TeamLibraryNotInitialised { location: String },
}

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Self {
        Error::Database(err)
    }
}

impl Error {
    /// Why a library could not be opened, when that is what went wrong.
    pub fn open_failure(&self) -> Option<&OpenFailure> {
        match self {
            Error::CannotOpen(failure) => Some(failure),
            _ => None,
        }
    }

    /// Whether this is a team library's server that cannot be reached (or
    /// whose connection was lost and could not be made again): a passing
    /// state the desk waits out, not a refusal of what was asked.
    pub fn is_team_library_unreachable(&self) -> bool {
        matches!(
            self,
            Error::TeamLibrary {
                failure: crate::store::PgFailure::Connection,
                ..
            }
        )
    }
}

/// A time limit as a person reads it: "1 s", "250 ms".
fn time_limit(ms: u64) -> String {
    if ms >= 1000 && ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else {
        format!("{ms} ms")
    }
}

/// What is wrong with one received file. Wrapped in [`Error::Ingest`] with the path.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("cannot read the file: {0}")]
    Read(#[from] std::io::Error),
    #[error("not a regular file")]
    NotAFile,
    #[error("{0}: not followed")]
    NotFollowed(&'static str),
    #[error("the file is empty")]
    Empty,
    #[error("the file is {size} bytes, over the {limit}-byte limit for one piece of wire copy")]
    TooLarge { size: u64, limit: u64 },
    #[error("the {what} is {length} characters long, over the {limit}-character limit")]
    TooLong {
        what: &'static str,
        length: usize,
        limit: usize,
    },
    #[error("malformed {format}: elements nested more than {limit} deep")]
    TooDeep { format: &'static str, limit: usize },
    #[error("not text: {0}")]
    NotText(String),
    #[error("no headline: the copy has no text in it")]
    NoHeadline,
    #[error("the {0} carries metadata only: no headline and no text to edit")]
    MetadataOnly(&'static str),
    #[error("malformed {format}: {reason}")]
    Malformed {
        format: &'static str,
        reason: String,
    },
    #[error("not a wire format Wiredesk reads yet: {0}")]
    Unsupported(String),
    #[error("the copy could not be read: Wiredesk failed on it (please report this file)")]
    Internal,
}
