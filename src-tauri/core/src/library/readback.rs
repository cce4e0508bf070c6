//! Reading back what the library holds, for checks: the CLI's summaries,
//! the benchmarks, the crash driver and the tests read through these, never
//! through the store itself.

use super::*;
use crate::model::ExportRecord;
use crate::store::{LineCount, RevisionText, Settings};

impl Library {
    /// How many stories the library holds.
    pub fn story_count(&self) -> Result<i64> {
        self.store.story_count()
    }

    /// How many bytes the library takes (its file's pages, or its
    /// database on the server).
    pub fn stored_bytes(&self) -> Result<u64> {
        self.store.stored_bytes()
    }

    /// The schema version of the open library.
    pub fn schema_version(&self) -> Result<i64> {
        self.store.schema_version()
    }

    /// The connection settings in force, as SQLite reports them.
    pub fn connection_settings(&self) -> Result<Settings> {
        self.store.settings()
    }

    /// A revision's text, if it belongs to the story.
    pub fn revision_text(&self, story_id: i64, revision_id: i64) -> Result<RevisionText> {
        self.store.revision_text(story_id, revision_id)
    }

    /// A revision's metadata (format fields, what cleaning did).
    pub fn revision_metadata(&self, revision_id: i64) -> Result<serde_json::Value> {
        self.store.revision_metadata(revision_id)
    }

    /// The received bytes of a feed copy, exactly as they arrived.
    pub fn feed_copy_bytes(&self, feed_copy_id: i64) -> Result<Option<Vec<u8>>> {
        self.store.feed_copy_bytes(feed_copy_id)
    }

    /// A story's exports, oldest first.
    pub fn exports(&self, story_id: i64) -> Result<Vec<ExportRecord>> {
        self.store.exports(story_id)
    }

    /// Counts of the rows a story keeps, by table.
    pub fn row_counts(&self) -> Result<Vec<(&'static str, i64)>> {
        self.store.row_counts()
    }

    /// How many stories' current text contains `text` (a full scan: the
    /// baseline the search index is measured against).
    pub fn count_current_texts_containing(&self, text: &str) -> Result<i64> {
        self.store.count_current_texts_containing(text)
    }

    /// Up to `limit` stories whose current text is the desk's, newest first.
    pub fn edited_story_ids(&self, limit: u32) -> Result<Vec<i64>> {
        self.store.edited_story_ids(limit)
    }

    /// The count of one recurring line in `scope` (see [`crate::furniture`]).
    pub fn recurring_line_count(&self, scope: &str, hash: i64) -> Result<Option<LineCount>> {
        self.store.recurring_line_count(scope, hash)
    }

    /// [`Library::search_where`] with another time limit.
    pub fn search_within(
        &self,
        query: &str,
        limit: u32,
        filter: &StoryFilter,
        limit_time: Duration,
    ) -> Result<Vec<SearchHit>> {
        self.store.search_within(query, limit, filter, limit_time)
    }
}
