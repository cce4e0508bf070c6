//! Search: `revisions.search` (tsvector, GIN) for the words FTS5 finds, `search_cjk` for CJK bigrams.

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
    pub fn search(&self, query: &str, limit: u32, filter: &StoryFilter) -> Result<Vec<SearchHit>> {
        let _ = query;
        let _ = limit;
        let _ = filter;
        Err(refused("search is not yet available on a team library"))
    }

    pub fn search_within(
        &self,
        query: &str,
        limit: u32,
        filter: &StoryFilter,
        limit_time: Duration,
    ) -> Result<Vec<SearchHit>> {
        let _ = query;
        let _ = limit;
        let _ = filter;
        let _ = limit_time;
        Err(refused(
            "search_within is not yet available on a team library",
        ))
    }
}
