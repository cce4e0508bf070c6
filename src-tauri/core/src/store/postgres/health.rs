//! The health check (`doctor`) and the rebuild of derived indexes on a team library.

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
    pub fn check_claims(&self) -> Result<HealthCheck> {
        Err(refused(
            "check_claims is not yet available on a team library",
        ))
    }

    pub fn check_feed_copies(&self) -> Result<HealthCheck> {
        Err(refused(
            "check_feed_copies is not yet available on a team library",
        ))
    }

    pub fn check_foreign_keys(&self) -> Result<HealthCheck> {
        Err(refused(
            "check_foreign_keys is not yet available on a team library",
        ))
    }

    pub fn check_integrity(&self, quick: bool) -> Result<HealthCheck> {
        let _ = quick;
        Err(refused(
            "check_integrity is not yet available on a team library",
        ))
    }

    pub fn check_search_index(&self) -> Result<HealthCheck> {
        Err(refused(
            "check_search_index is not yet available on a team library",
        ))
    }

    pub fn check_stories(&self) -> Result<HealthCheck> {
        Err(refused(
            "check_stories is not yet available on a team library",
        ))
    }

    pub fn row_counts(&self) -> Result<Vec<(&'static str, i64)>> {
        Err(refused("row_counts is not yet available on a team library"))
    }

    pub fn settings(&self) -> Result<Settings> {
        Err(refused("settings is not yet available on a team library"))
    }

    pub fn rebuild_search_indexes(&mut self) -> Result<u64> {
        Err(refused(
            "rebuild_search_indexes is not yet available on a team library",
        ))
    }
}
