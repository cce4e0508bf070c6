//! The store's surface as the facade uses it: [`LibraryStore`], the list of
//! operations `library/` calls, implemented by the SQLite [`Store`] and the
//! PostgreSQL [`PgStore`]. Both keep the guarantees ARCHITECTURE.md lists
//! under "Backend guarantees".
//!
//! The facade holds its store as a [`Backend`], an enum with one variant per
//! backend, rather than `Box<dyn LibraryStore>`: dispatch stays static and
//! synchronous, `Library` stays `Send` without extra bounds, and a backend
//! may later add generic methods (progress callbacks, closures run in a
//! transaction) that a trait object could not carry.
//!
//! The list is written once, in [`library_store!`]: it declares the trait
//! and implements it for each backend (each backend's inherent method of
//! the same name) and for [`Backend`] (a match). A backend that lacks an
//! operation does not build.

use crate::domain::ClaimStatus;
use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use super::postgres::PgStore;
use super::*;
use crate::{
    claims::{ClaimKind, Evidence},
    model::{
        Acknowledgement, Claim, ClaimEvent, DeskEvent, DeskWord, ExportRecord, Person, Presence,
    },
    store::{claims::StoryFigures, exports::StoredMeta, merges::StoredConflict},
};

/// The library store the facade holds: one variant per backend. Not boxed:
/// a process holds one per open library, so the size of the larger variant
/// costs nothing worth an indirection on every call.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Backend {
    /// The SQLite library file.
    Sqlite(Store),
    /// A team library in a PostgreSQL database.
    Postgres(PgStore),
}

/// Declares [`LibraryStore`] from two lists of operations, those that read
/// (`&self`) and those that write (`&mut self`), and implements it for
/// [`Store`], [`PgStore`] and [`Backend`].
macro_rules! library_store {
    (
        reads { $( $(#[$rmeta:meta])* fn $rname:ident($($rarg:ident: $rty:ty),*) -> $rret:ty; )* }
        writes { $( $(#[$wmeta:meta])* fn $wname:ident($($warg:ident: $wty:ty),*) -> $wret:ty; )* }
    ) => {
        /// What the facade asks of a library store.
        #[allow(clippy::unused_unit)]
        pub(crate) trait LibraryStore {
            $( $(#[$rmeta])* fn $rname(&self, $($rarg: $rty),*) -> $rret; )*
            $( $(#[$wmeta])* fn $wname(&mut self, $($warg: $wty),*) -> $wret; )*
        }

        library_store!(@forward Store, reads { $( $(#[$rmeta])* fn $rname($($rarg: $rty),*) -> $rret; )* }
            writes { $( $(#[$wmeta])* fn $wname($($warg: $wty),*) -> $wret; )* });
        library_store!(@forward PgStore, reads { $( $(#[$rmeta])* fn $rname($($rarg: $rty),*) -> $rret; )* }
            writes { $( $(#[$wmeta])* fn $wname($($warg: $wty),*) -> $wret; )* });

        #[allow(clippy::unused_unit)]
        impl LibraryStore for Backend {
            $(
                $(#[$rmeta])*
                fn $rname(&self, $($rarg: $rty),*) -> $rret {
                    match self {
                        Backend::Sqlite(store) => store.$rname($($rarg),*),
                        Backend::Postgres(store) => store.$rname($($rarg),*),
                    }
                }
            )*
            $(
                $(#[$wmeta])*
                fn $wname(&mut self, $($warg: $wty),*) -> $wret {
                    match self {
                        Backend::Sqlite(store) => store.$wname($($warg),*),
                        Backend::Postgres(store) => store.$wname($($warg),*),
                    }
                }
            )*
        }
    };
    (@forward $store:ident,
        reads { $( $(#[$rmeta:meta])* fn $rname:ident($($rarg:ident: $rty:ty),*) -> $rret:ty; )* }
        writes { $( $(#[$wmeta:meta])* fn $wname:ident($($warg:ident: $wty:ty),*) -> $wret:ty; )* }
    ) => {
        #[allow(clippy::unused_unit)]
        impl LibraryStore for $store {
            $(
                $(#[$rmeta])*
                fn $rname(&self, $($rarg: $rty),*) -> $rret {
                    $store::$rname(self, $($rarg),*)
                }
            )*
            $(
                $(#[$wmeta])*
                fn $wname(&mut self, $($warg: $wty),*) -> $wret {
                    $store::$wname(self, $($warg),*)
                }
            )*
        }
    };
}

library_store! {
    reads {
        fn acknowledgements(story_id: i64) -> Result<HashMap<String, Acknowledgement>>;
        fn assigned_open_claims(person: &str) -> Result<i64>;
        fn check_claims() -> Result<HealthCheck>;
        fn check_feed_copies() -> Result<HealthCheck>;
        fn check_foreign_keys() -> Result<HealthCheck>;
        fn check_integrity(quick: bool) -> Result<HealthCheck>;
        fn check_search_index() -> Result<HealthCheck>;
        fn check_stories() -> Result<HealthCheck>;
        fn claim(id: i64) -> Result<Claim>;
        fn claim_history(id: i64) -> Result<Vec<ClaimEvent>>;
        fn claims(story_id: i64) -> Result<Vec<Claim>>;
        fn copy_date(id: i64) -> Result<Option<String>>;
        fn count_current_texts_containing(text: &str) -> Result<i64>;
        fn desk_words() -> Result<Vec<DeskWord>>;
        fn dropped_files_under(root: &str) -> Result<Vec<DroppedFile>>;
        fn edited_story_ids(limit: u32) -> Result<Vec<i64>>;
        fn export_meta(story_id: i64, revision_id: i64) -> Result<StoredMeta>;
        fn exports(story_id: i64) -> Result<Vec<ExportRecord>>;
        fn feed_copy_bytes(feed_copy_id: i64) -> Result<Option<Vec<u8>>>;
        fn head_and_original(story_id: i64) -> Result<HeadAndOriginal>;
        fn head_body(story_id: i64) -> Result<String>;
        fn latest_wire_lines(story_id: i64) -> Result<Vec<i64>>;
        fn latest_wire_revision(story_id: i64) -> Result<Option<i64>>;
        fn list_stories(limit: u32, offset: u32, filter: &StoryFilter) -> Result<Vec<StorySummary>>;
        fn merge_base(story_id: i64) -> Result<MergeBase>;
        fn merge_conflicts(merge_id: i64) -> Result<Vec<StoredConflict>>;
        fn merge_revisions(merge_id: i64) -> Result<MergeRevisions>;
        fn open_conflict(story_id: i64, conflict_id: i64) -> Result<OpenConflict>;
        fn open_merge(story_id: i64, ours: i64, theirs: i64) -> Result<Option<i64>>;
        fn opening_candidates(sample: &[i64], per_hash: u32, give_up_after: usize) -> Result<Vec<OpeningCandidate>>;
        fn path() -> &Path;
        fn people() -> Result<Vec<Person>>;
        fn preference(key: &str) -> Result<Option<String>>;
        fn presence(fresh_since: &str) -> Result<Vec<Presence>>;
        fn quantity_claims_naming(story_id: i64, names: &[String], limit: u32) -> Result<Vec<StoryFigures>>;
        fn recent_events(limit: u32) -> Result<Vec<DeskEvent>>;
        fn recurring_line_count(scope: &str, hash: i64) -> Result<Option<LineCount>>;
        fn recurring_line_counts(scope: &str, hashes: &[Option<i64>]) -> Result<Vec<Option<LineCount>>>;
        fn revision_metadata(revision_id: i64) -> Result<serde_json::Value>;
        fn revision_text(story_id: i64, revision_id: i64) -> Result<RevisionText>;
        fn revisions(story_id: i64) -> Result<Vec<RevisionRow>>;
        fn row_counts() -> Result<Vec<(&'static str, i64)>>;
        fn schema_version() -> Result<i64>;
        fn search(query: &str, limit: u32, filter: &StoryFilter) -> Result<Vec<SearchHit>>;
        fn search_within(query: &str, limit: u32, filter: &StoryFilter, limit_time: Duration) -> Result<Vec<SearchHit>>;
        fn settings() -> Result<Settings>;
        fn source_names() -> Result<Vec<String>>;
        fn story(id: i64) -> Result<StoryDetail>;
        fn story_count() -> Result<i64>;
        fn stored_bytes() -> Result<u64>;
        fn story_checks(story_ids: &[i64]) -> Result<Vec<StoryChecks>>;
        fn style_ignores(story_id: i64) -> Result<Vec<(String, String)>>;
        fn style_rules() -> Result<Vec<serde_json::Value>>;
        fn timing_open() -> Result<bool>;
        fn unresolved_conflicts(story_id: i64) -> Result<i64>;
        fn wire_opening(story_id: i64) -> Result<Option<HeldOpening>>;
    }
    writes {
        fn acknowledge_finding(story_id: i64, finding_key: &str, kind: &str, text: &str, actor: &str, reason: &str) -> Result<()>;
        fn add_claim(story_id: i64, start: usize, end: usize, kind: ClaimKind, actor: &str) -> Result<Claim>;
        fn announce(here: &Presence, stale_before: &str) -> Result<()>;
        fn add_claim_evidence(id: i64, evidence: &Evidence, actor: &str) -> Result<ClaimEvent>;
        fn add_desk_words(words: &[String], source: &str, actor: &str) -> Result<usize>;
        fn add_style_ignore(story_id: i64, rule: &str, text: &str, actor: &str) -> Result<()>;
        fn audit(story_id: Option<i64>, actor: &str, action: &str, detail: &serde_json::Value) -> Result<()>;
        fn begin_batch() -> Result<()>;
        fn begin_group() -> Result<()>;
        fn commit_group() -> Result<()>;
        fn create_merge(story_id: i64, revisions: (i64, i64, i64), conflicts: &[(String, String, String)]) -> Result<i64>;
        fn dismiss_claim(id: i64, dismissed: bool, actor: &str) -> Result<Claim>;
        fn end_batch(actor: &str, summary: &serde_json::Value) -> Result<()>;
        fn finish_merge(merge_id: i64, revision_id: i64) -> Result<()>;
        fn leave(desktop: &str) -> Result<()>;
        fn insert_wire_copy(copy: ReceivedCopy<'_>, items: &[WireItem<'_>], actor: &str) -> Result<Vec<Stored>>;
        fn rebuild_search_indexes() -> Result<u64>;
        fn record_dropped_file(file: &DroppedFile, status: &str) -> Result<()>;
        #[allow(clippy::too_many_arguments)] // as Store::record_export
        fn record_export(story_id: i64, revision_id: i64, format: &str, actor: &str, destination: Option<&str>, override_reason: Option<&str>, sha256: &str) -> Result<i64>;
        fn remove_desk_word(word: &str) -> Result<bool>;
        fn replace_style_rules(rules: &[(String, serde_json::Value)], actor: &str) -> Result<()>;
        fn resolve_conflict(story_id: i64, conflict_id: i64, text: &str, actor: &str) -> Result<i64>;
        fn rollback_group() -> ();
        fn save_edit(edit: &Edit<'_>, actor: &str) -> Result<i64>;
        fn set_person(who: &Person) -> Result<()>;
        fn set_preference(key: &str, value: Option<&str>) -> Result<()>;
        fn update_claim(id: i64, status: Option<ClaimStatus>, note: Option<&str>, assignee: Option<&str>, actor: &str) -> Result<Claim>;
    }
}
