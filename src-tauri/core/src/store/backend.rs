//! The store's surface as the facade uses it: [`LibraryStore`], the list of
//! operations `library/` calls, implemented by the SQLite [`Store`]. A second
//! backend implements the same trait and keeps the guarantees ARCHITECTURE.md
//! lists under "Backend guarantees".
//!
//! The facade holds its store as a [`Backend`], an enum with one variant per
//! backend (one today), rather than `Box<dyn LibraryStore>`: dispatch stays
//! static and synchronous, `Library` stays `Send` without extra bounds, and a
//! backend may later add generic methods (progress callbacks, closures run in
//! a transaction) that a trait object could not carry.

use crate::domain::ClaimStatus;
use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use super::*;
use crate::{
    claims::{ClaimKind, Evidence},
    model::{Acknowledgement, Claim, ClaimEvent, ExportRecord},
    store::{claims::StoryFigures, exports::StoredMeta, merges::StoredConflict},
};

/// What the facade asks of a library store.
pub(crate) trait LibraryStore {
    fn acknowledge_finding(
        &mut self,
        story_id: i64,
        finding_key: &str,
        kind: &str,
        text: &str,
        actor: &str,
        reason: &str,
    ) -> Result<()>;
    fn acknowledgements(&self, story_id: i64) -> Result<HashMap<String, Acknowledgement>>;
    fn add_claim(
        &mut self,
        story_id: i64,
        start: usize,
        end: usize,
        kind: ClaimKind,
        actor: &str,
    ) -> Result<Claim>;
    fn add_claim_evidence(
        &mut self,
        id: i64,
        evidence: &Evidence,
        actor: &str,
    ) -> Result<ClaimEvent>;
    fn audit(
        &mut self,
        story_id: Option<i64>,
        actor: &str,
        action: &str,
        detail: &serde_json::Value,
    ) -> Result<()>;
    fn begin_batch(&mut self) -> Result<()>;
    fn begin_group(&mut self) -> Result<()>;
    fn check_claims(&self) -> Result<HealthCheck>;
    fn check_feed_copies(&self) -> Result<HealthCheck>;
    fn check_foreign_keys(&self) -> Result<HealthCheck>;
    fn check_integrity(&self, quick: bool) -> Result<HealthCheck>;
    fn check_search_index(&self) -> Result<HealthCheck>;
    fn check_stories(&self) -> Result<HealthCheck>;
    fn claim(&self, id: i64) -> Result<Claim>;
    fn claim_history(&self, id: i64) -> Result<Vec<ClaimEvent>>;
    fn claims(&self, story_id: i64) -> Result<Vec<Claim>>;
    fn commit_group(&mut self) -> Result<()>;
    fn copy_date(&self, id: i64) -> Result<Option<String>>;
    fn count_current_texts_containing(&self, text: &str) -> Result<i64>;
    fn create_merge(
        &mut self,
        story_id: i64,
        arg1: (i64, i64, i64),
        conflicts: &[(String, String, String)],
    ) -> Result<i64>;
    fn dismiss_claim(&mut self, id: i64, dismissed: bool, actor: &str) -> Result<Claim>;
    fn dropped_files_under(&self, root: &str) -> Result<Vec<DroppedFile>>;
    fn edited_story_ids(&self, limit: u32) -> Result<Vec<i64>>;
    fn end_batch(&mut self, actor: &str, summary: &serde_json::Value) -> Result<()>;
    fn export_meta(&self, story_id: i64, revision_id: i64) -> Result<StoredMeta>;
    fn exports(&self, story_id: i64) -> Result<Vec<ExportRecord>>;
    fn feed_copy_bytes(&self, feed_copy_id: i64) -> Result<Option<Vec<u8>>>;
    fn finish_merge(&mut self, merge_id: i64, revision_id: i64) -> Result<()>;
    fn head_and_original(&self, story_id: i64) -> Result<HeadAndOriginal>;
    fn head_and_wire_bodies(&self, story_id: i64) -> Result<HeadAndWireBodies>;
    fn head_body(&self, story_id: i64) -> Result<String>;
    fn head_headline(&self, story_id: i64) -> Result<String>;
    fn insert_wire_copy(
        &mut self,
        copy: ReceivedCopy<'_>,
        items: &[WireItem<'_>],
        actor: &str,
    ) -> Result<Vec<Stored>>;
    fn latest_wire_lines(&self, story_id: i64) -> Result<Vec<i64>>;
    fn latest_wire_revision(&self, story_id: i64) -> Result<Option<i64>>;
    fn list_stories(
        &self,
        limit: u32,
        offset: u32,
        filter: &StoryFilter,
    ) -> Result<Vec<StorySummary>>;
    fn merge_base(&self, story_id: i64) -> Result<MergeBase>;
    fn merge_conflicts(&self, merge_id: i64) -> Result<Vec<StoredConflict>>;
    fn merge_revisions(&self, merge_id: i64) -> Result<MergeRevisions>;
    fn open_conflict(&self, story_id: i64, conflict_id: i64) -> Result<OpenConflict>;
    fn open_merge(&self, story_id: i64, ours: i64, theirs: i64) -> Result<Option<i64>>;
    fn opening_candidates(
        &self,
        sample: &[i64],
        per_hash: u32,
        give_up_after: usize,
    ) -> Result<Vec<OpeningCandidate>>;
    fn path(&self) -> &Path;
    fn preference(&self, key: &str) -> Result<Option<String>>;
    fn quantity_claims_naming(
        &self,
        story_id: i64,
        names: &[String],
        limit: u32,
    ) -> Result<Vec<StoryFigures>>;
    fn rebuild_search_indexes(&mut self) -> Result<u64>;
    fn record_dropped_file(&mut self, file: &DroppedFile, status: &str) -> Result<()>;
    #[allow(clippy::too_many_arguments)] // as Store::record_export
    fn record_export(
        &mut self,
        story_id: i64,
        revision_id: i64,
        format: &str,
        actor: &str,
        destination: Option<&str>,
        override_reason: Option<&str>,
        sha256: &str,
    ) -> Result<i64>;
    fn recurring_line_count(&self, scope: &str, hash: i64) -> Result<Option<LineCount>>;
    fn recurring_line_counts(
        &self,
        scope: &str,
        hashes: &[Option<i64>],
    ) -> Result<Vec<Option<LineCount>>>;
    fn resolve_conflict(
        &mut self,
        story_id: i64,
        conflict_id: i64,
        text: &str,
        actor: &str,
    ) -> Result<i64>;
    fn revision_metadata(&self, revision_id: i64) -> Result<serde_json::Value>;
    fn revision_text(&self, story_id: i64, revision_id: i64) -> Result<RevisionText>;
    fn revisions(&self, story_id: i64) -> Result<Vec<RevisionRow>>;
    fn rollback_group(&mut self);
    fn row_counts(&self) -> Result<Vec<(&'static str, i64)>>;
    fn save_edit(&mut self, edit: &Edit<'_>, actor: &str) -> Result<i64>;
    fn schema_version(&self) -> Result<i64>;
    fn search(&self, query: &str, limit: u32, filter: &StoryFilter) -> Result<Vec<SearchHit>>;
    fn search_within(
        &self,
        query: &str,
        limit: u32,
        filter: &StoryFilter,
        limit_time: Duration,
    ) -> Result<Vec<SearchHit>>;
    fn set_preference(&mut self, key: &str, value: Option<&str>) -> Result<()>;
    fn settings(&self) -> Result<Settings>;
    fn source_names(&self) -> Result<Vec<String>>;
    fn story(&self, id: i64) -> Result<StoryDetail>;
    fn story_count(&self) -> Result<i64>;
    fn timing_open(&self) -> Result<bool>;
    fn unresolved_conflicts(&self, story_id: i64) -> Result<i64>;
    fn update_claim(
        &mut self,
        id: i64,
        status: Option<ClaimStatus>,
        note: Option<&str>,
        assignee: Option<&str>,
        actor: &str,
    ) -> Result<Claim>;
    fn wire_metadata(&self, story_id: i64) -> Result<Vec<serde_json::Value>>;
    fn wire_opening(&self, story_id: i64) -> Result<Option<HeldOpening>>;
}

impl LibraryStore for Store {
    fn acknowledge_finding(
        &mut self,
        story_id: i64,
        finding_key: &str,
        kind: &str,
        text: &str,
        actor: &str,
        reason: &str,
    ) -> Result<()> {
        Store::acknowledge_finding(self, story_id, finding_key, kind, text, actor, reason)
    }

    fn acknowledgements(&self, story_id: i64) -> Result<HashMap<String, Acknowledgement>> {
        Store::acknowledgements(self, story_id)
    }

    fn add_claim(
        &mut self,
        story_id: i64,
        start: usize,
        end: usize,
        kind: ClaimKind,
        actor: &str,
    ) -> Result<Claim> {
        Store::add_claim(self, story_id, start, end, kind, actor)
    }

    fn add_claim_evidence(
        &mut self,
        id: i64,
        evidence: &Evidence,
        actor: &str,
    ) -> Result<ClaimEvent> {
        Store::add_claim_evidence(self, id, evidence, actor)
    }

    fn audit(
        &mut self,
        story_id: Option<i64>,
        actor: &str,
        action: &str,
        detail: &serde_json::Value,
    ) -> Result<()> {
        Store::audit(self, story_id, actor, action, detail)
    }

    fn begin_batch(&mut self) -> Result<()> {
        Store::begin_batch(self)
    }

    fn begin_group(&mut self) -> Result<()> {
        Store::begin_group(self)
    }

    fn check_claims(&self) -> Result<HealthCheck> {
        Store::check_claims(self)
    }

    fn check_feed_copies(&self) -> Result<HealthCheck> {
        Store::check_feed_copies(self)
    }

    fn check_foreign_keys(&self) -> Result<HealthCheck> {
        Store::check_foreign_keys(self)
    }

    fn check_integrity(&self, quick: bool) -> Result<HealthCheck> {
        Store::check_integrity(self, quick)
    }

    fn check_search_index(&self) -> Result<HealthCheck> {
        Store::check_search_index(self)
    }

    fn check_stories(&self) -> Result<HealthCheck> {
        Store::check_stories(self)
    }

    fn claim(&self, id: i64) -> Result<Claim> {
        Store::claim(self, id)
    }

    fn claim_history(&self, id: i64) -> Result<Vec<ClaimEvent>> {
        Store::claim_history(self, id)
    }

    fn claims(&self, story_id: i64) -> Result<Vec<Claim>> {
        Store::claims(self, story_id)
    }

    fn commit_group(&mut self) -> Result<()> {
        Store::commit_group(self)
    }

    fn copy_date(&self, id: i64) -> Result<Option<String>> {
        Store::copy_date(self, id)
    }

    fn count_current_texts_containing(&self, text: &str) -> Result<i64> {
        Store::count_current_texts_containing(self, text)
    }

    fn create_merge(
        &mut self,
        story_id: i64,
        arg1: (i64, i64, i64),
        conflicts: &[(String, String, String)],
    ) -> Result<i64> {
        Store::create_merge(self, story_id, arg1, conflicts)
    }

    fn dismiss_claim(&mut self, id: i64, dismissed: bool, actor: &str) -> Result<Claim> {
        Store::dismiss_claim(self, id, dismissed, actor)
    }

    fn dropped_files_under(&self, root: &str) -> Result<Vec<DroppedFile>> {
        Store::dropped_files_under(self, root)
    }

    fn edited_story_ids(&self, limit: u32) -> Result<Vec<i64>> {
        Store::edited_story_ids(self, limit)
    }

    fn end_batch(&mut self, actor: &str, summary: &serde_json::Value) -> Result<()> {
        Store::end_batch(self, actor, summary)
    }

    fn export_meta(&self, story_id: i64, revision_id: i64) -> Result<StoredMeta> {
        Store::export_meta(self, story_id, revision_id)
    }

    fn exports(&self, story_id: i64) -> Result<Vec<ExportRecord>> {
        Store::exports(self, story_id)
    }

    fn feed_copy_bytes(&self, feed_copy_id: i64) -> Result<Option<Vec<u8>>> {
        Store::feed_copy_bytes(self, feed_copy_id)
    }

    fn finish_merge(&mut self, merge_id: i64, revision_id: i64) -> Result<()> {
        Store::finish_merge(self, merge_id, revision_id)
    }

    fn head_and_original(&self, story_id: i64) -> Result<HeadAndOriginal> {
        Store::head_and_original(self, story_id)
    }

    fn head_and_wire_bodies(&self, story_id: i64) -> Result<HeadAndWireBodies> {
        Store::head_and_wire_bodies(self, story_id)
    }

    fn head_body(&self, story_id: i64) -> Result<String> {
        Store::head_body(self, story_id)
    }

    fn head_headline(&self, story_id: i64) -> Result<String> {
        Store::head_headline(self, story_id)
    }

    fn insert_wire_copy(
        &mut self,
        copy: ReceivedCopy<'_>,
        items: &[WireItem<'_>],
        actor: &str,
    ) -> Result<Vec<Stored>> {
        Store::insert_wire_copy(self, copy, items, actor)
    }

    fn latest_wire_lines(&self, story_id: i64) -> Result<Vec<i64>> {
        Store::latest_wire_lines(self, story_id)
    }

    fn latest_wire_revision(&self, story_id: i64) -> Result<Option<i64>> {
        Store::latest_wire_revision(self, story_id)
    }

    fn list_stories(
        &self,
        limit: u32,
        offset: u32,
        filter: &StoryFilter,
    ) -> Result<Vec<StorySummary>> {
        Store::list_stories(self, limit, offset, filter)
    }

    fn merge_base(&self, story_id: i64) -> Result<MergeBase> {
        Store::merge_base(self, story_id)
    }

    fn merge_conflicts(&self, merge_id: i64) -> Result<Vec<StoredConflict>> {
        Store::merge_conflicts(self, merge_id)
    }

    fn merge_revisions(&self, merge_id: i64) -> Result<MergeRevisions> {
        Store::merge_revisions(self, merge_id)
    }

    fn open_conflict(&self, story_id: i64, conflict_id: i64) -> Result<OpenConflict> {
        Store::open_conflict(self, story_id, conflict_id)
    }

    fn open_merge(&self, story_id: i64, ours: i64, theirs: i64) -> Result<Option<i64>> {
        Store::open_merge(self, story_id, ours, theirs)
    }

    fn opening_candidates(
        &self,
        sample: &[i64],
        per_hash: u32,
        give_up_after: usize,
    ) -> Result<Vec<OpeningCandidate>> {
        Store::opening_candidates(self, sample, per_hash, give_up_after)
    }

    fn path(&self) -> &Path {
        Store::path(self)
    }

    fn preference(&self, key: &str) -> Result<Option<String>> {
        Store::preference(self, key)
    }

    fn quantity_claims_naming(
        &self,
        story_id: i64,
        names: &[String],
        limit: u32,
    ) -> Result<Vec<StoryFigures>> {
        Store::quantity_claims_naming(self, story_id, names, limit)
    }

    fn rebuild_search_indexes(&mut self) -> Result<u64> {
        Store::rebuild_search_indexes(self)
    }

    fn record_dropped_file(&mut self, file: &DroppedFile, status: &str) -> Result<()> {
        Store::record_dropped_file(self, file, status)
    }

    #[allow(clippy::too_many_arguments)] // as Store::record_export
    fn record_export(
        &mut self,
        story_id: i64,
        revision_id: i64,
        format: &str,
        actor: &str,
        destination: Option<&str>,
        override_reason: Option<&str>,
        sha256: &str,
    ) -> Result<i64> {
        Store::record_export(
            self,
            story_id,
            revision_id,
            format,
            actor,
            destination,
            override_reason,
            sha256,
        )
    }

    fn recurring_line_count(&self, scope: &str, hash: i64) -> Result<Option<LineCount>> {
        Store::recurring_line_count(self, scope, hash)
    }

    fn recurring_line_counts(
        &self,
        scope: &str,
        hashes: &[Option<i64>],
    ) -> Result<Vec<Option<LineCount>>> {
        Store::recurring_line_counts(self, scope, hashes)
    }

    fn resolve_conflict(
        &mut self,
        story_id: i64,
        conflict_id: i64,
        text: &str,
        actor: &str,
    ) -> Result<i64> {
        Store::resolve_conflict(self, story_id, conflict_id, text, actor)
    }

    fn revision_metadata(&self, revision_id: i64) -> Result<serde_json::Value> {
        Store::revision_metadata(self, revision_id)
    }

    fn revision_text(&self, story_id: i64, revision_id: i64) -> Result<RevisionText> {
        Store::revision_text(self, story_id, revision_id)
    }

    fn revisions(&self, story_id: i64) -> Result<Vec<RevisionRow>> {
        Store::revisions(self, story_id)
    }

    fn rollback_group(&mut self) {
        Store::rollback_group(self)
    }

    fn row_counts(&self) -> Result<Vec<(&'static str, i64)>> {
        Store::row_counts(self)
    }

    fn save_edit(&mut self, edit: &Edit<'_>, actor: &str) -> Result<i64> {
        Store::save_edit(self, edit, actor)
    }

    fn schema_version(&self) -> Result<i64> {
        Store::schema_version(self)
    }

    fn search(&self, query: &str, limit: u32, filter: &StoryFilter) -> Result<Vec<SearchHit>> {
        Store::search(self, query, limit, filter)
    }

    fn search_within(
        &self,
        query: &str,
        limit: u32,
        filter: &StoryFilter,
        limit_time: Duration,
    ) -> Result<Vec<SearchHit>> {
        Store::search_within(self, query, limit, filter, limit_time)
    }

    fn set_preference(&mut self, key: &str, value: Option<&str>) -> Result<()> {
        Store::set_preference(self, key, value)
    }

    fn settings(&self) -> Result<Settings> {
        Store::settings(self)
    }

    fn source_names(&self) -> Result<Vec<String>> {
        Store::source_names(self)
    }

    fn story(&self, id: i64) -> Result<StoryDetail> {
        Store::story(self, id)
    }

    fn story_count(&self) -> Result<i64> {
        Store::story_count(self)
    }

    fn timing_open(&self) -> Result<bool> {
        Store::timing_open(self)
    }

    fn unresolved_conflicts(&self, story_id: i64) -> Result<i64> {
        Store::unresolved_conflicts(self, story_id)
    }

    fn update_claim(
        &mut self,
        id: i64,
        status: Option<ClaimStatus>,
        note: Option<&str>,
        assignee: Option<&str>,
        actor: &str,
    ) -> Result<Claim> {
        Store::update_claim(self, id, status, note, assignee, actor)
    }

    fn wire_metadata(&self, story_id: i64) -> Result<Vec<serde_json::Value>> {
        Store::wire_metadata(self, story_id)
    }

    fn wire_opening(&self, story_id: i64) -> Result<Option<HeldOpening>> {
        Store::wire_opening(self, story_id)
    }
}

/// The library store the facade holds: one variant per backend.
pub(crate) enum Backend {
    /// The SQLite library file.
    Sqlite(Store),
}

impl LibraryStore for Backend {
    fn acknowledge_finding(
        &mut self,
        story_id: i64,
        finding_key: &str,
        kind: &str,
        text: &str,
        actor: &str,
        reason: &str,
    ) -> Result<()> {
        match self {
            Backend::Sqlite(store) => {
                store.acknowledge_finding(story_id, finding_key, kind, text, actor, reason)
            }
        }
    }

    fn acknowledgements(&self, story_id: i64) -> Result<HashMap<String, Acknowledgement>> {
        match self {
            Backend::Sqlite(store) => store.acknowledgements(story_id),
        }
    }

    fn add_claim(
        &mut self,
        story_id: i64,
        start: usize,
        end: usize,
        kind: ClaimKind,
        actor: &str,
    ) -> Result<Claim> {
        match self {
            Backend::Sqlite(store) => store.add_claim(story_id, start, end, kind, actor),
        }
    }

    fn add_claim_evidence(
        &mut self,
        id: i64,
        evidence: &Evidence,
        actor: &str,
    ) -> Result<ClaimEvent> {
        match self {
            Backend::Sqlite(store) => store.add_claim_evidence(id, evidence, actor),
        }
    }

    fn audit(
        &mut self,
        story_id: Option<i64>,
        actor: &str,
        action: &str,
        detail: &serde_json::Value,
    ) -> Result<()> {
        match self {
            Backend::Sqlite(store) => store.audit(story_id, actor, action, detail),
        }
    }

    fn begin_batch(&mut self) -> Result<()> {
        match self {
            Backend::Sqlite(store) => store.begin_batch(),
        }
    }

    fn begin_group(&mut self) -> Result<()> {
        match self {
            Backend::Sqlite(store) => store.begin_group(),
        }
    }

    fn check_claims(&self) -> Result<HealthCheck> {
        match self {
            Backend::Sqlite(store) => store.check_claims(),
        }
    }

    fn check_feed_copies(&self) -> Result<HealthCheck> {
        match self {
            Backend::Sqlite(store) => store.check_feed_copies(),
        }
    }

    fn check_foreign_keys(&self) -> Result<HealthCheck> {
        match self {
            Backend::Sqlite(store) => store.check_foreign_keys(),
        }
    }

    fn check_integrity(&self, quick: bool) -> Result<HealthCheck> {
        match self {
            Backend::Sqlite(store) => store.check_integrity(quick),
        }
    }

    fn check_search_index(&self) -> Result<HealthCheck> {
        match self {
            Backend::Sqlite(store) => store.check_search_index(),
        }
    }

    fn check_stories(&self) -> Result<HealthCheck> {
        match self {
            Backend::Sqlite(store) => store.check_stories(),
        }
    }

    fn claim(&self, id: i64) -> Result<Claim> {
        match self {
            Backend::Sqlite(store) => store.claim(id),
        }
    }

    fn claim_history(&self, id: i64) -> Result<Vec<ClaimEvent>> {
        match self {
            Backend::Sqlite(store) => store.claim_history(id),
        }
    }

    fn claims(&self, story_id: i64) -> Result<Vec<Claim>> {
        match self {
            Backend::Sqlite(store) => store.claims(story_id),
        }
    }

    fn commit_group(&mut self) -> Result<()> {
        match self {
            Backend::Sqlite(store) => store.commit_group(),
        }
    }

    fn copy_date(&self, id: i64) -> Result<Option<String>> {
        match self {
            Backend::Sqlite(store) => store.copy_date(id),
        }
    }

    fn count_current_texts_containing(&self, text: &str) -> Result<i64> {
        match self {
            Backend::Sqlite(store) => store.count_current_texts_containing(text),
        }
    }

    fn create_merge(
        &mut self,
        story_id: i64,
        arg1: (i64, i64, i64),
        conflicts: &[(String, String, String)],
    ) -> Result<i64> {
        match self {
            Backend::Sqlite(store) => store.create_merge(story_id, arg1, conflicts),
        }
    }

    fn dismiss_claim(&mut self, id: i64, dismissed: bool, actor: &str) -> Result<Claim> {
        match self {
            Backend::Sqlite(store) => store.dismiss_claim(id, dismissed, actor),
        }
    }

    fn dropped_files_under(&self, root: &str) -> Result<Vec<DroppedFile>> {
        match self {
            Backend::Sqlite(store) => store.dropped_files_under(root),
        }
    }

    fn edited_story_ids(&self, limit: u32) -> Result<Vec<i64>> {
        match self {
            Backend::Sqlite(store) => store.edited_story_ids(limit),
        }
    }

    fn end_batch(&mut self, actor: &str, summary: &serde_json::Value) -> Result<()> {
        match self {
            Backend::Sqlite(store) => store.end_batch(actor, summary),
        }
    }

    fn export_meta(&self, story_id: i64, revision_id: i64) -> Result<StoredMeta> {
        match self {
            Backend::Sqlite(store) => store.export_meta(story_id, revision_id),
        }
    }

    fn exports(&self, story_id: i64) -> Result<Vec<ExportRecord>> {
        match self {
            Backend::Sqlite(store) => store.exports(story_id),
        }
    }

    fn feed_copy_bytes(&self, feed_copy_id: i64) -> Result<Option<Vec<u8>>> {
        match self {
            Backend::Sqlite(store) => store.feed_copy_bytes(feed_copy_id),
        }
    }

    fn finish_merge(&mut self, merge_id: i64, revision_id: i64) -> Result<()> {
        match self {
            Backend::Sqlite(store) => store.finish_merge(merge_id, revision_id),
        }
    }

    fn head_and_original(&self, story_id: i64) -> Result<HeadAndOriginal> {
        match self {
            Backend::Sqlite(store) => store.head_and_original(story_id),
        }
    }

    fn head_and_wire_bodies(&self, story_id: i64) -> Result<HeadAndWireBodies> {
        match self {
            Backend::Sqlite(store) => store.head_and_wire_bodies(story_id),
        }
    }

    fn head_body(&self, story_id: i64) -> Result<String> {
        match self {
            Backend::Sqlite(store) => store.head_body(story_id),
        }
    }

    fn head_headline(&self, story_id: i64) -> Result<String> {
        match self {
            Backend::Sqlite(store) => store.head_headline(story_id),
        }
    }

    fn insert_wire_copy(
        &mut self,
        copy: ReceivedCopy<'_>,
        items: &[WireItem<'_>],
        actor: &str,
    ) -> Result<Vec<Stored>> {
        match self {
            Backend::Sqlite(store) => store.insert_wire_copy(copy, items, actor),
        }
    }

    fn latest_wire_lines(&self, story_id: i64) -> Result<Vec<i64>> {
        match self {
            Backend::Sqlite(store) => store.latest_wire_lines(story_id),
        }
    }

    fn latest_wire_revision(&self, story_id: i64) -> Result<Option<i64>> {
        match self {
            Backend::Sqlite(store) => store.latest_wire_revision(story_id),
        }
    }

    fn list_stories(
        &self,
        limit: u32,
        offset: u32,
        filter: &StoryFilter,
    ) -> Result<Vec<StorySummary>> {
        match self {
            Backend::Sqlite(store) => store.list_stories(limit, offset, filter),
        }
    }

    fn merge_base(&self, story_id: i64) -> Result<MergeBase> {
        match self {
            Backend::Sqlite(store) => store.merge_base(story_id),
        }
    }

    fn merge_conflicts(&self, merge_id: i64) -> Result<Vec<StoredConflict>> {
        match self {
            Backend::Sqlite(store) => store.merge_conflicts(merge_id),
        }
    }

    fn merge_revisions(&self, merge_id: i64) -> Result<MergeRevisions> {
        match self {
            Backend::Sqlite(store) => store.merge_revisions(merge_id),
        }
    }

    fn open_conflict(&self, story_id: i64, conflict_id: i64) -> Result<OpenConflict> {
        match self {
            Backend::Sqlite(store) => store.open_conflict(story_id, conflict_id),
        }
    }

    fn open_merge(&self, story_id: i64, ours: i64, theirs: i64) -> Result<Option<i64>> {
        match self {
            Backend::Sqlite(store) => store.open_merge(story_id, ours, theirs),
        }
    }

    fn opening_candidates(
        &self,
        sample: &[i64],
        per_hash: u32,
        give_up_after: usize,
    ) -> Result<Vec<OpeningCandidate>> {
        match self {
            Backend::Sqlite(store) => store.opening_candidates(sample, per_hash, give_up_after),
        }
    }

    fn path(&self) -> &Path {
        match self {
            Backend::Sqlite(store) => store.path(),
        }
    }

    fn preference(&self, key: &str) -> Result<Option<String>> {
        match self {
            Backend::Sqlite(store) => store.preference(key),
        }
    }

    fn quantity_claims_naming(
        &self,
        story_id: i64,
        names: &[String],
        limit: u32,
    ) -> Result<Vec<StoryFigures>> {
        match self {
            Backend::Sqlite(store) => store.quantity_claims_naming(story_id, names, limit),
        }
    }

    fn rebuild_search_indexes(&mut self) -> Result<u64> {
        match self {
            Backend::Sqlite(store) => store.rebuild_search_indexes(),
        }
    }

    fn record_dropped_file(&mut self, file: &DroppedFile, status: &str) -> Result<()> {
        match self {
            Backend::Sqlite(store) => store.record_dropped_file(file, status),
        }
    }

    #[allow(clippy::too_many_arguments)] // as Store::record_export
    fn record_export(
        &mut self,
        story_id: i64,
        revision_id: i64,
        format: &str,
        actor: &str,
        destination: Option<&str>,
        override_reason: Option<&str>,
        sha256: &str,
    ) -> Result<i64> {
        match self {
            Backend::Sqlite(store) => store.record_export(
                story_id,
                revision_id,
                format,
                actor,
                destination,
                override_reason,
                sha256,
            ),
        }
    }

    fn recurring_line_count(&self, scope: &str, hash: i64) -> Result<Option<LineCount>> {
        match self {
            Backend::Sqlite(store) => store.recurring_line_count(scope, hash),
        }
    }

    fn recurring_line_counts(
        &self,
        scope: &str,
        hashes: &[Option<i64>],
    ) -> Result<Vec<Option<LineCount>>> {
        match self {
            Backend::Sqlite(store) => store.recurring_line_counts(scope, hashes),
        }
    }

    fn resolve_conflict(
        &mut self,
        story_id: i64,
        conflict_id: i64,
        text: &str,
        actor: &str,
    ) -> Result<i64> {
        match self {
            Backend::Sqlite(store) => store.resolve_conflict(story_id, conflict_id, text, actor),
        }
    }

    fn revision_metadata(&self, revision_id: i64) -> Result<serde_json::Value> {
        match self {
            Backend::Sqlite(store) => store.revision_metadata(revision_id),
        }
    }

    fn revision_text(&self, story_id: i64, revision_id: i64) -> Result<RevisionText> {
        match self {
            Backend::Sqlite(store) => store.revision_text(story_id, revision_id),
        }
    }

    fn revisions(&self, story_id: i64) -> Result<Vec<RevisionRow>> {
        match self {
            Backend::Sqlite(store) => store.revisions(story_id),
        }
    }

    fn rollback_group(&mut self) {
        match self {
            Backend::Sqlite(store) => store.rollback_group(),
        }
    }

    fn row_counts(&self) -> Result<Vec<(&'static str, i64)>> {
        match self {
            Backend::Sqlite(store) => store.row_counts(),
        }
    }

    fn save_edit(&mut self, edit: &Edit<'_>, actor: &str) -> Result<i64> {
        match self {
            Backend::Sqlite(store) => store.save_edit(edit, actor),
        }
    }

    fn schema_version(&self) -> Result<i64> {
        match self {
            Backend::Sqlite(store) => store.schema_version(),
        }
    }

    fn search(&self, query: &str, limit: u32, filter: &StoryFilter) -> Result<Vec<SearchHit>> {
        match self {
            Backend::Sqlite(store) => store.search(query, limit, filter),
        }
    }

    fn search_within(
        &self,
        query: &str,
        limit: u32,
        filter: &StoryFilter,
        limit_time: Duration,
    ) -> Result<Vec<SearchHit>> {
        match self {
            Backend::Sqlite(store) => store.search_within(query, limit, filter, limit_time),
        }
    }

    fn set_preference(&mut self, key: &str, value: Option<&str>) -> Result<()> {
        match self {
            Backend::Sqlite(store) => store.set_preference(key, value),
        }
    }

    fn settings(&self) -> Result<Settings> {
        match self {
            Backend::Sqlite(store) => store.settings(),
        }
    }

    fn source_names(&self) -> Result<Vec<String>> {
        match self {
            Backend::Sqlite(store) => store.source_names(),
        }
    }

    fn story(&self, id: i64) -> Result<StoryDetail> {
        match self {
            Backend::Sqlite(store) => store.story(id),
        }
    }

    fn story_count(&self) -> Result<i64> {
        match self {
            Backend::Sqlite(store) => store.story_count(),
        }
    }

    fn timing_open(&self) -> Result<bool> {
        match self {
            Backend::Sqlite(store) => store.timing_open(),
        }
    }

    fn unresolved_conflicts(&self, story_id: i64) -> Result<i64> {
        match self {
            Backend::Sqlite(store) => store.unresolved_conflicts(story_id),
        }
    }

    fn update_claim(
        &mut self,
        id: i64,
        status: Option<ClaimStatus>,
        note: Option<&str>,
        assignee: Option<&str>,
        actor: &str,
    ) -> Result<Claim> {
        match self {
            Backend::Sqlite(store) => store.update_claim(id, status, note, assignee, actor),
        }
    }

    fn wire_metadata(&self, story_id: i64) -> Result<Vec<serde_json::Value>> {
        match self {
            Backend::Sqlite(store) => store.wire_metadata(story_id),
        }
    }

    fn wire_opening(&self, story_id: i64) -> Result<Option<HeldOpening>> {
        match self {
            Backend::Sqlite(store) => store.wire_opening(story_id),
        }
    }
}
