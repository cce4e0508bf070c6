//! Wiredesk's core: everything the desk does with wire copy, without any UI.
//!
//! Data flows one way: [`ingest`] turns received bytes into a parsed story,
//! `store` (crate-private, behind [`Library`]) keeps it in the SQLite library, and the later stages (claims,
//! diff and merge, export) read from the store. [`Library`] is the facade the
//! desktop shell and the CLI call; neither runs SQL or parses copy itself.

pub mod arrival;
pub mod backup;
pub mod claims;
pub mod cleaning;
pub mod diff;
pub mod domain;
pub mod drop_folder;
pub mod error;
pub mod events;
pub mod export;
pub mod furniture;
pub mod ingest;
pub mod library;
pub mod merge;
pub mod model;
pub mod open_failure;
mod output_file;
pub mod samples;
pub mod schema;
pub mod search;
pub mod similarity;
pub(crate) mod store;
pub mod style;
#[doc(hidden)]
pub mod team_test;
mod time_stamp;

pub use domain::{
    ClaimId, ClaimKind, ClaimStatus, MergeStatus, RevisionId, RevisionKind, StoryId, StoryState,
};
pub use error::{Error, IngestError, Result};
pub use library::{
    check_team_address, choose_team_library, chosen_team_library, default_library_path,
    resolve_library_path, ExportRequest, IngestProgress, LearnedNames, Library, RuleTrial,
    RuleTrialStory, StyleCheck, StyleFixed, LIBRARY_PATH_ENV, SETTINGS, USER_NAME_SETTING,
};
pub use model::{
    Acknowledgement, AppClaim, Claim, ClaimEvent, CleanedCopy, DeskEvent, DeskWord, ExportOutcome,
    ExportRecord, HistoryEntry, InboxCursor, IngestReport, IngestStatus, IntegrityFinding,
    MergeConflict, MergeOutcome, MergeReview, Person, PersonRole, Presence, RemovedPassage,
    SearchHit, StoryDetail, StoryDiff, StoryFilter, StorySummary, WireVersion,
};
