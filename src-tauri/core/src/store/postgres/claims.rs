//! Claims, their events and acknowledgements; merges and their conflicts; exports.

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
    pub fn acknowledgements(&self, story_id: i64) -> Result<HashMap<String, Acknowledgement>> {
        let _ = story_id;
        Err(refused(
            "acknowledgements is not yet available on a team library",
        ))
    }

    pub fn claim(&self, id: i64) -> Result<Claim> {
        let _ = id;
        Err(refused("claim is not yet available on a team library"))
    }

    pub fn claim_history(&self, id: i64) -> Result<Vec<ClaimEvent>> {
        let _ = id;
        Err(refused(
            "claim_history is not yet available on a team library",
        ))
    }

    pub fn claims(&self, story_id: i64) -> Result<Vec<Claim>> {
        let _ = story_id;
        Err(refused("claims is not yet available on a team library"))
    }

    pub fn export_meta(&self, story_id: i64, revision_id: i64) -> Result<StoredMeta> {
        let _ = story_id;
        let _ = revision_id;
        Err(refused(
            "export_meta is not yet available on a team library",
        ))
    }

    pub fn exports(&self, story_id: i64) -> Result<Vec<ExportRecord>> {
        let _ = story_id;
        Err(refused("exports is not yet available on a team library"))
    }

    pub fn merge_base(&self, story_id: i64) -> Result<MergeBase> {
        let _ = story_id;
        Err(refused("merge_base is not yet available on a team library"))
    }

    pub fn merge_conflicts(&self, merge_id: i64) -> Result<Vec<StoredConflict>> {
        let _ = merge_id;
        Err(refused(
            "merge_conflicts is not yet available on a team library",
        ))
    }

    pub fn merge_revisions(&self, merge_id: i64) -> Result<MergeRevisions> {
        let _ = merge_id;
        Err(refused(
            "merge_revisions is not yet available on a team library",
        ))
    }

    pub fn open_conflict(&self, story_id: i64, conflict_id: i64) -> Result<OpenConflict> {
        let _ = story_id;
        let _ = conflict_id;
        Err(refused(
            "open_conflict is not yet available on a team library",
        ))
    }

    pub fn open_merge(&self, story_id: i64, ours: i64, theirs: i64) -> Result<Option<i64>> {
        let _ = story_id;
        let _ = ours;
        let _ = theirs;
        Err(refused("open_merge is not yet available on a team library"))
    }

    pub fn quantity_claims_naming(
        &self,
        story_id: i64,
        names: &[String],
        limit: u32,
    ) -> Result<Vec<StoryFigures>> {
        let _ = story_id;
        let _ = names;
        let _ = limit;
        Err(refused(
            "quantity_claims_naming is not yet available on a team library",
        ))
    }

    pub fn unresolved_conflicts(&self, story_id: i64) -> Result<i64> {
        let _ = story_id;
        Err(refused(
            "unresolved_conflicts is not yet available on a team library",
        ))
    }

    pub fn acknowledge_finding(
        &mut self,
        story_id: i64,
        finding_key: &str,
        kind: &str,
        text: &str,
        actor: &str,
        reason: &str,
    ) -> Result<()> {
        let _ = story_id;
        let _ = finding_key;
        let _ = kind;
        let _ = text;
        let _ = actor;
        let _ = reason;
        Err(refused(
            "acknowledge_finding is not yet available on a team library",
        ))
    }

    pub fn add_claim(
        &mut self,
        story_id: i64,
        start: usize,
        end: usize,
        kind: ClaimKind,
        actor: &str,
    ) -> Result<Claim> {
        let _ = story_id;
        let _ = start;
        let _ = end;
        let _ = kind;
        let _ = actor;
        Err(refused("add_claim is not yet available on a team library"))
    }

    pub fn add_claim_evidence(
        &mut self,
        id: i64,
        evidence: &Evidence,
        actor: &str,
    ) -> Result<ClaimEvent> {
        let _ = id;
        let _ = evidence;
        let _ = actor;
        Err(refused(
            "add_claim_evidence is not yet available on a team library",
        ))
    }

    pub fn create_merge(
        &mut self,
        story_id: i64,
        revisions: (i64, i64, i64),
        conflicts: &[(String, String, String)],
    ) -> Result<i64> {
        let _ = story_id;
        let _ = revisions;
        let _ = conflicts;
        Err(refused(
            "create_merge is not yet available on a team library",
        ))
    }

    pub fn dismiss_claim(&mut self, id: i64, dismissed: bool, actor: &str) -> Result<Claim> {
        let _ = id;
        let _ = dismissed;
        let _ = actor;
        Err(refused(
            "dismiss_claim is not yet available on a team library",
        ))
    }

    pub fn finish_merge(&mut self, merge_id: i64, revision_id: i64) -> Result<()> {
        let _ = merge_id;
        let _ = revision_id;
        Err(refused(
            "finish_merge is not yet available on a team library",
        ))
    }

    #[allow(clippy::too_many_arguments)] // as Store::record_export
    pub fn record_export(
        &mut self,
        story_id: i64,
        revision_id: i64,
        format: &str,
        actor: &str,
        destination: Option<&str>,
        override_reason: Option<&str>,
        sha256: &str,
    ) -> Result<i64> {
        let _ = story_id;
        let _ = revision_id;
        let _ = format;
        let _ = actor;
        let _ = destination;
        let _ = override_reason;
        let _ = sha256;
        Err(refused(
            "record_export is not yet available on a team library",
        ))
    }

    pub fn resolve_conflict(
        &mut self,
        story_id: i64,
        conflict_id: i64,
        text: &str,
        actor: &str,
    ) -> Result<i64> {
        let _ = story_id;
        let _ = conflict_id;
        let _ = text;
        let _ = actor;
        Err(refused(
            "resolve_conflict is not yet available on a team library",
        ))
    }

    pub fn update_claim(
        &mut self,
        id: i64,
        status: Option<ClaimStatus>,
        note: Option<&str>,
        assignee: Option<&str>,
        actor: &str,
    ) -> Result<Claim> {
        let _ = id;
        let _ = status;
        let _ = note;
        let _ = assignee;
        let _ = actor;
        Err(refused(
            "update_claim is not yet available on a team library",
        ))
    }
}
