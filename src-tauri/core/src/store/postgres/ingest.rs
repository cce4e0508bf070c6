//! Copy arriving: stored once, whoever ingests it, with its recurring lines, openings and fingerprints; edits saved by compare-and-set; the audit log.

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
    pub fn dropped_files_under(&self, root: &str) -> Result<Vec<DroppedFile>> {
        let _ = root;
        Err(refused(
            "dropped_files_under is not yet available on a team library",
        ))
    }

    pub fn latest_wire_lines(&self, story_id: i64) -> Result<Vec<i64>> {
        let _ = story_id;
        Err(refused(
            "latest_wire_lines is not yet available on a team library",
        ))
    }

    pub fn latest_wire_revision(&self, story_id: i64) -> Result<Option<i64>> {
        let _ = story_id;
        Err(refused(
            "latest_wire_revision is not yet available on a team library",
        ))
    }

    pub fn opening_candidates(
        &self,
        sample: &[i64],
        per_hash: u32,
        give_up_after: usize,
    ) -> Result<Vec<OpeningCandidate>> {
        let _ = sample;
        let _ = per_hash;
        let _ = give_up_after;
        Err(refused(
            "opening_candidates is not yet available on a team library",
        ))
    }

    pub fn recurring_line_count(&self, scope: &str, hash: i64) -> Result<Option<LineCount>> {
        let _ = scope;
        let _ = hash;
        Err(refused(
            "recurring_line_count is not yet available on a team library",
        ))
    }

    pub fn recurring_line_counts(
        &self,
        scope: &str,
        hashes: &[Option<i64>],
    ) -> Result<Vec<Option<LineCount>>> {
        let _ = scope;
        let _ = hashes;
        Err(refused(
            "recurring_line_counts is not yet available on a team library",
        ))
    }

    pub fn wire_opening(&self, story_id: i64) -> Result<Option<HeldOpening>> {
        let _ = story_id;
        Err(refused(
            "wire_opening is not yet available on a team library",
        ))
    }

    pub fn audit(
        &mut self,
        story_id: Option<i64>,
        actor: &str,
        action: &str,
        detail: &serde_json::Value,
    ) -> Result<()> {
        let _ = story_id;
        let _ = actor;
        let _ = action;
        let _ = detail;
        Err(refused("audit is not yet available on a team library"))
    }

    pub fn begin_batch(&mut self) -> Result<()> {
        Err(refused(
            "begin_batch is not yet available on a team library",
        ))
    }

    pub fn end_batch(&mut self, actor: &str, summary: &serde_json::Value) -> Result<()> {
        let _ = actor;
        let _ = summary;
        Err(refused("end_batch is not yet available on a team library"))
    }

    pub fn insert_wire_copy(
        &mut self,
        copy: ReceivedCopy<'_>,
        items: &[WireItem<'_>],
        actor: &str,
    ) -> Result<Vec<Stored>> {
        let _ = copy;
        let _ = items;
        let _ = actor;
        Err(refused(
            "insert_wire_copy is not yet available on a team library",
        ))
    }

    pub fn record_dropped_file(&mut self, file: &DroppedFile, status: &str) -> Result<()> {
        let _ = file;
        let _ = status;
        Err(refused(
            "record_dropped_file is not yet available on a team library",
        ))
    }

    pub fn save_edit(&mut self, edit: &Edit<'_>, actor: &str) -> Result<i64> {
        let _ = edit;
        let _ = actor;
        Err(refused("save_edit is not yet available on a team library"))
    }
}
