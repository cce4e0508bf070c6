//! What left the desk (exports, with the story's metadata they carry) and
//! the integrity findings the desk has accepted before publishing.

use std::collections::HashMap;

use rusqlite::OptionalExtension;

use super::Store;
use crate::model::{Acknowledgement, ExportRecord};
use crate::{error::Error, time_stamp, Result};

/// What the store holds for the metadata an export carries: the story's
/// agency and identifiers, slug and times, and the latest wire copy's agency
/// version and metadata (JSON as stored). The export module builds its
/// `StoryMeta` from it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredMeta {
    pub agency: String,
    pub agency_known: bool,
    pub agency_guid: Option<String>,
    pub slug: Option<String>,
    pub first_created: String,
    pub version_created: String,
    /// The latest wire revision's agency version and metadata, if any.
    pub latest_wire: Option<LatestWireMeta>,
}

/// The agency version and the metadata (JSON text) of a story's latest wire
/// revision.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LatestWireMeta {
    pub agency_version: Option<i64>,
    pub metadata: String,
}

impl Store {
    /// Records an export: what left, as what, by whom, why past the gate.
    #[allow(clippy::too_many_arguments)]
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
        let now = time_stamp::now();
        let tx = self.conn.transaction()?;
        tx.prepare_cached(
            "INSERT INTO exports (story_id, revision_id, format, author, created_at,
                 destination, override_reason, sha256)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(rusqlite::params![
            story_id,
            revision_id,
            format,
            actor,
            now,
            destination,
            override_reason,
            sha256
        ])?;
        let id = tx.last_insert_rowid();
        let detail = serde_json::json!({
            "export_id": id, "revision_id": revision_id, "format": format,
            "destination": destination, "override_reason": override_reason, "sha256": sha256,
        });
        super::append_audit(&tx, Some(story_id), actor, &now, "export", &detail)?;
        tx.commit()?;
        Ok(id)
    }

    /// What the publishing formats carry for a revision of a story, as
    /// stored: the agency and its identifiers, slug, times, and the latest
    /// wire copy's agency version and metadata.
    pub fn export_meta(&self, story_id: i64, revision_id: i64) -> Result<StoredMeta> {
        let mut meta = self
            .conn
            .prepare_cached(
                "SELECT src.name, s.guid, s.slug, s.first_received_at, r.created_at,
                        src.code <> 'unknown'
                 FROM stories s
                 JOIN sources src ON src.id = s.source_id
                 JOIN revisions r ON r.id = ?2 AND r.story_id = s.id
                 WHERE s.id = ?1",
            )?
            .query_row((story_id, revision_id), |row| {
                Ok(StoredMeta {
                    agency: row.get(0)?,
                    agency_guid: row.get(1)?,
                    slug: row.get(2)?,
                    first_created: row.get(3)?,
                    version_created: row.get(4)?,
                    agency_known: row.get(5)?,
                    latest_wire: None,
                })
            })
            .optional()?
            .ok_or_else(|| {
                Error::InvalidInput(format!("story {story_id} has no revision {revision_id}"))
            })?;
        meta.latest_wire = self
            .conn
            .prepare_cached(
                "SELECT agency_version, metadata FROM revisions
                 WHERE story_id = ?1 AND kind = 'wire'
                 ORDER BY agency_version IS NULL, agency_version DESC, id DESC LIMIT 1",
            )?
            .query_row([story_id], |row| {
                Ok(LatestWireMeta {
                    agency_version: row.get(0)?,
                    metadata: row.get(1)?,
                })
            })
            .optional()?;
        Ok(meta)
    }

    /// A story's exports, oldest first.
    pub fn exports(&self, story_id: i64) -> Result<Vec<ExportRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, revision_id, format, author, created_at, destination,
                    override_reason, sha256
             FROM exports WHERE story_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([story_id], |row| {
            Ok(ExportRecord {
                id: row.get(0)?,
                revision_id: row.get(1)?,
                format: row.get(2)?,
                author: row.get(3)?,
                created_at: row.get(4)?,
                destination: row.get(5)?,
                override_reason: row.get(6)?,
                sha256: row.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records that the desk accepted an integrity finding, and why.
    pub fn acknowledge_finding(
        &mut self,
        story_id: i64,
        finding_key: &str,
        kind: &str,
        text: &str,
        actor: &str,
        reason: &str,
    ) -> Result<()> {
        let now = time_stamp::now();
        let tx = self.conn.transaction()?;
        tx.prepare_cached(
            "INSERT INTO integrity_acknowledgements
                 (story_id, finding_key, kind, text, actor, created_at, reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (story_id, finding_key) DO UPDATE
                 SET actor = excluded.actor, created_at = excluded.created_at,
                     reason = excluded.reason",
        )?
        .execute(rusqlite::params![
            story_id,
            finding_key,
            kind,
            text,
            actor,
            now,
            reason
        ])?;
        let detail = serde_json::json!({
            "finding": finding_key, "kind": kind, "text": text, "reason": reason,
        });
        super::append_audit(&tx, Some(story_id), actor, &now, "acknowledge", &detail)?;
        tx.commit()?;
        Ok(())
    }

    /// The integrity findings of a story the desk has accepted, by key.
    pub fn acknowledgements(&self, story_id: i64) -> Result<HashMap<String, Acknowledgement>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT finding_key, actor, created_at, reason
             FROM integrity_acknowledgements WHERE story_id = ?1",
        )?;
        let rows = stmt.query_map([story_id], |row| {
            Ok((
                row.get::<_, String>(0)?,
                Acknowledgement {
                    actor: row.get(1)?,
                    created_at: row.get(2)?,
                    reason: row.get(3)?,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
