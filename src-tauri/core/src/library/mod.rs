//! [`Library`]: the one facade the desktop shell and the CLI use. It runs the
//! pipeline (ingest → store) and answers the inbox, story and search queries.

use std::{
    fs,
    path::{Path, PathBuf},
};

use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::{
    claims::{self, ClaimKind, Evidence, Suggestion},
    cleaning,
    diff::{self, DiffOptions},
    drop_folder::{DropFolder, ReadyFile},
    error::{Error, IngestError},
    furniture,
    model::{
        Claim, ClaimEvent, ClaimId, CleanedCopy, ExportOutcome, HistoryEntry, IngestReport,
        IngestStatus, IntegrityFinding, MergeConflict, MergeOutcome, MergeReview, MergeStatus,
        RemovedPassage, RevisionKind, SearchHit, StoryDetail, StoryDiff, StoryFilter, StorySummary,
    },
    samples,
    similarity::Opening,
    store::{
        is_team_location, Backend, DroppedFile, Edit, HeadAndOriginal, HeadAndWireBodies,
        LibraryStore, MergeBase, MergeRevisions, OpenConflict, PgStore, ReceivedCopy,
        RecurringLines, Store, Stored, WireItem,
    },
    Result,
};

mod desk;
mod edit;
mod export;
mod findings;
mod health;
mod inbox;
mod ingest;
mod ingest_batch;
mod ingest_prepare;
mod merge;
mod readback;
mod settings;
mod style;
pub mod team;
mod team_choice;
#[cfg(test)]
mod tests;

use self::{ingest_batch::*, ingest_prepare::*, settings::*};
pub use export::ExportRequest;
pub use ingest::IngestProgress;
pub use settings::{MAX_NOTE_CHARS, MAX_SETTING_CHARS, SETTINGS};
pub use style::{
    LearnedNames, RuleTrial, RuleTrialStory, StyleCheck, StyleFixed, DEFAULT_STYLE_GUIDE,
    STYLE_DIALECT_SETTING, STYLE_GUIDE_SETTING,
};
pub use team_choice::{check_team_address, choose_team_library, chosen_team_library};

/// Environment variable naming the library file; `--db` overrides it.
pub const LIBRARY_PATH_ENV: &str = "WIREDESK_DB";
/// Environment variable naming the person at the keyboard, for the audit log.
pub const USER_ENV: &str = "WIREDESK_USER";
/// The setting naming the person at the keyboard when `WIREDESK_USER` does not.
pub const USER_NAME_SETTING: &str = "user.name";

/// The platform's default library file, e.g. `~/.local/share/wiredesk/library.sqlite`.
pub fn default_library_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "wiredesk")
        .map(|dirs| dirs.data_dir().join("library.sqlite"))
}

/// Where the library is: `--db` first, then `$WIREDESK_DB`, then the
/// default, whose folder is made here if needed (a path given is used as
/// it is: its folder missing means a drive not connected, and
/// [`Library::open`] says so).
pub fn resolve_library_path(flag: Option<&Path>) -> Result<PathBuf> {
    if let Some(path) = flag {
        return Ok(path.to_owned());
    }
    match std::env::var_os(LIBRARY_PATH_ENV) {
        Some(path) if !path.is_empty() => Ok(PathBuf::from(path)),
        _ => {
            let path = default_library_path().ok_or(Error::NoLibraryLocation)?;
            if let Some(folder) = path.parent() {
                fs::create_dir_all(folder).map_err(|cause| Error::CreateDir {
                    path: folder.to_owned(),
                    cause,
                })?;
            }
            Ok(path)
        }
    }
}

fn env_user(vars: &[&str]) -> Option<String> {
    vars.iter()
        .filter_map(|var| std::env::var(var).ok())
        .map(|name| crate::ingest::controls::one_line(&name))
        .find(|name| !name.is_empty())
}

fn current_user() -> String {
    env_user(&[USER_ENV, "USER", "USERNAME"]).unwrap_or_else(|| "editor".to_owned())
}

/// Who acts in a library: `WIREDESK_USER`, else the library's `user.name`
/// setting, else the system's user name.
fn library_user(store: &impl LibraryStore) -> String {
    env_user(&[USER_ENV])
        .or_else(|| store.preference(USER_NAME_SETTING).ok().flatten())
        .unwrap_or_else(current_user)
}

pub struct Library {
    /// Reached only through [`LibraryStore`], the operations every backend
    /// offers.
    store: Backend,
    actor: String,
    /// The inbox's counts of findings, by what they were counted from.
    finding_counts: findings::FindingCounts,
    /// The desk's style guide compiled, while it stands (library/style.rs).
    style_cache: Option<style::CachedChecker>,
}

/// The claims the detector suggests in a body: at ingest, after an edit
/// and after a merge alike, relative dates ("on Wednesday") read against
/// `context` ([`date_context`]).
fn suggest_claims(body: &str, context: &claims::DetectContext) -> Vec<Suggestion> {
    claims::detect(body, context)
}

/// What relative dates in a text are counted from: the copy's own date
/// (`copy_date` as the wire revision stores it; a month and day without a
/// year take the latest year that puts them on or before `fallback`), and
/// only when there is none, `fallback`: the day the copy was received, or
/// for an edit or a merge the day it was saved.
fn date_context(copy_date: Option<&str>, fallback: time::Date) -> claims::DetectContext {
    let day = copy_date
        .and_then(crate::ingest::CopyDate::parse)
        .and_then(|date| match date {
            crate::ingest::CopyDate::MonthDay(md) => {
                let month = time::Month::try_from(md.month).ok()?;
                (0..=4)
                    .filter_map(|back| {
                        time::Date::from_calendar_date(fallback.year() - back, month, md.day).ok()
                    })
                    .find(|d| *d <= fallback)
            }
            other => other.day(),
        });
    match day {
        Some(day) => claims::DetectContext::copy_date(day),
        None => claims::DetectContext::received(fallback),
    }
}

/// [`date_context`] for a new text of a held story (an edit, a merge): the
/// story's wire copy date, else today.
fn story_date_context(store: &impl LibraryStore, story_id: i64) -> Result<claims::DetectContext> {
    let copy_date = store.copy_date(story_id)?;
    Ok(date_context(
        copy_date.as_deref(),
        time::OffsetDateTime::now_utc().date(),
    ))
}

impl Library {
    /// Opens the library at `path`, creating the file if there is none. Its
    /// folder must exist: a library on a drive that is not connected is
    /// reported missing, not made anew (the default location's folder is
    /// made by [`resolve_library_path`]). A file that cannot be opened is
    /// refused with [`Error::CannotOpen`], which says why in one sentence.
    ///
    /// A location `postgres://…` opens the team library in that PostgreSQL
    /// database instead ([`PgStore::open`]): it must have been created with
    /// [`Library::init_team`] (`wiredesk library init`).
    pub fn open(path: &Path) -> Result<Library> {
        let store = match path.to_str() {
            Some(url) if is_team_location(path) => Backend::Postgres(PgStore::open(url)?),
            _ => Backend::Sqlite(Store::open(path)?),
        };
        let actor = library_user(&store);
        Ok(Library::over(store, actor))
    }

    fn over(store: Backend, actor: String) -> Library {
        Library {
            store,
            actor,
            finding_counts: findings::FindingCounts::default(),
            style_cache: None,
        }
    }

    /// Creates (or brings up to date) the team library in the PostgreSQL
    /// database at `url` and opens it: `wiredesk library init URL`.
    pub fn init_team(url: &str) -> Result<Library> {
        let store = Backend::Postgres(PgStore::init(url)?);
        let actor = library_user(&store);
        Ok(Library::over(store, actor))
    }

    /// Checks `password` against the team library's server at `url` and
    /// saves it in the system keyring, where every later connection to that
    /// role and database finds it: `wiredesk library password URL`, and the
    /// app's Preferences. Returns the keyring account
    /// (`user@host:port/database`); nothing is saved when the server
    /// refuses the password.
    pub fn save_team_password(url: &str, password: &str) -> Result<String> {
        crate::store::save_team_password(url, password)
    }

    /// Removes the password the system keyring holds for the role and
    /// database `url` reaches: its account, and whether there was one.
    pub fn forget_team_password(url: &str) -> Result<(String, bool)> {
        crate::store::forget_team_password(url)
    }

    /// Whether this library is a team library (PostgreSQL).
    pub fn is_team(&self) -> bool {
        matches!(self.store, Backend::Postgres(_))
    }

    /// A library in memory, gone when dropped.
    pub fn open_in_memory() -> Result<Library> {
        Ok(Library::over(
            Backend::Sqlite(Store::open_in_memory()?),
            current_user(),
        ))
    }

    /// Where the library is, as it may be shown: the file, or the team
    /// library's address without its password.
    pub fn path(&self) -> &Path {
        self.store.path()
    }

    /// What opens this library again on another connection (an ingest job,
    /// the search connection): the file, or the team library's full
    /// address, password included. Never shown.
    pub fn reopen_location(&self) -> PathBuf {
        match &self.store {
            Backend::Postgres(store) => PathBuf::from(store.reopen_address()),
            Backend::Sqlite(store) => store.path().to_owned(),
        }
    }

    /// Runs `f` in a transaction of its own (`BEGIN IMMEDIATE`, as
    /// [`Store::begin_group`]): committed when `f` returns `Ok`, rolled
    /// back when `f` or the commit fails. The closure gets the library, not
    /// the store: what is written in it reads the library as it goes (the
    /// story a copy updates, the furniture learned so far). The ingest
    /// pipeline's groups, which span many files and commit on a clock, are
    /// opened and committed by hand instead (see `ingest_batch`).
    fn with_tx<T>(&mut self, f: impl FnOnce(&mut Library) -> Result<T>) -> Result<T> {
        self.store.begin_group()?;
        let done = f(self).and_then(|value| {
            self.store.commit_group()?;
            Ok(value)
        });
        if done.is_err() {
            self.store.rollback_group();
        }
        done
    }

    /// Who the audit log records as acting.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    pub fn set_actor(&mut self, actor: impl Into<String>) {
        let actor: String = actor.into();
        self.actor = match crate::ingest::controls::one_line(&actor) {
            name if name.is_empty() => current_user(),
            name => name,
        };
    }
}
