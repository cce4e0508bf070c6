//! Reading stories back: heads, revisions, the inbox and its filters, metadata, preferences.

#![allow(unused_imports)]

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use super::{refused, Pg, PgStore};
use crate::domain::ClaimStatus;
use crate::error::{Error, Result};
use crate::store::*;
use crate::{
    claims::{ClaimKind, Evidence},
    model::{
        Acknowledgement, Claim, ClaimEvent, ExportRecord, SearchHit, StoryDetail, StoryFilter,
        StorySummary,
    },
    store::{claims::StoryFigures, exports::StoredMeta, merges::StoredConflict},
};

impl PgStore {
    pub fn copy_date(&self, id: i64) -> Result<Option<String>> {
        let _ = id;
        Err(refused("copy_date is not yet available on a team library"))
    }

    pub fn count_current_texts_containing(&self, text: &str) -> Result<i64> {
        let _ = text;
        Err(refused(
            "count_current_texts_containing is not yet available on a team library",
        ))
    }

    pub fn edited_story_ids(&self, limit: u32) -> Result<Vec<i64>> {
        let _ = limit;
        Err(refused(
            "edited_story_ids is not yet available on a team library",
        ))
    }

    pub fn feed_copy_bytes(&self, feed_copy_id: i64) -> Result<Option<Vec<u8>>> {
        let _ = feed_copy_id;
        Err(refused(
            "feed_copy_bytes is not yet available on a team library",
        ))
    }

    pub fn head_and_original(&self, story_id: i64) -> Result<HeadAndOriginal> {
        let _ = story_id;
        Err(refused(
            "head_and_original is not yet available on a team library",
        ))
    }

    pub fn head_and_wire_bodies(&self, story_id: i64) -> Result<HeadAndWireBodies> {
        let _ = story_id;
        Err(refused(
            "head_and_wire_bodies is not yet available on a team library",
        ))
    }

    pub fn head_body(&self, story_id: i64) -> Result<String> {
        let _ = story_id;
        Err(refused("head_body is not yet available on a team library"))
    }

    pub fn head_headline(&self, story_id: i64) -> Result<String> {
        let _ = story_id;
        Err(refused(
            "head_headline is not yet available on a team library",
        ))
    }

    pub fn list_stories(
        &self,
        limit: u32,
        offset: u32,
        filter: &StoryFilter,
    ) -> Result<Vec<StorySummary>> {
        let _ = limit;
        let _ = offset;
        let _ = filter;
        Err(refused(
            "list_stories is not yet available on a team library",
        ))
    }

    pub fn preference(&self, key: &str) -> Result<Option<String>> {
        let _ = key;
        Err(refused("preference is not yet available on a team library"))
    }

    pub fn revision_metadata(&self, revision_id: i64) -> Result<serde_json::Value> {
        let _ = revision_id;
        Err(refused(
            "revision_metadata is not yet available on a team library",
        ))
    }

    pub fn revision_text(&self, story_id: i64, revision_id: i64) -> Result<RevisionText> {
        let _ = story_id;
        let _ = revision_id;
        Err(refused(
            "revision_text is not yet available on a team library",
        ))
    }

    pub fn revisions(&self, story_id: i64) -> Result<Vec<RevisionRow>> {
        let _ = story_id;
        Err(refused("revisions is not yet available on a team library"))
    }

    pub fn source_names(&self) -> Result<Vec<String>> {
        Err(refused(
            "source_names is not yet available on a team library",
        ))
    }

    pub fn story(&self, id: i64) -> Result<StoryDetail> {
        let _ = id;
        Err(refused("story is not yet available on a team library"))
    }

    pub fn story_count(&self) -> Result<i64> {
        Err(refused(
            "story_count is not yet available on a team library",
        ))
    }

    pub fn timing_open(&self) -> Result<bool> {
        Err(refused(
            "timing_open is not yet available on a team library",
        ))
    }

    pub fn wire_metadata(&self, story_id: i64) -> Result<Vec<serde_json::Value>> {
        let _ = story_id;
        Err(refused(
            "wire_metadata is not yet available on a team library",
        ))
    }

    pub fn set_preference(&mut self, key: &str, value: Option<&str>) -> Result<()> {
        let _ = key;
        let _ = value;
        Err(refused(
            "set_preference is not yet available on a team library",
        ))
    }
}
