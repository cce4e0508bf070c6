//! What left the desk (exports, with the story's metadata they carry) and
//! the integrity findings the desk has accepted, on a team library — as the
//! SQLite store's `store/exports.rs`.

use std::collections::HashMap;

use super::{Pg, PgStore};
use crate::error::{Error, Result};
use crate::model::{Acknowledgement, ExportRecord};
use crate::store::exports::LatestWireMeta;
use crate::store::StoredMeta;
use crate::time_stamp;

/// Appends an entry to the audit log, in the caller's transaction (the
/// SQLite store's `append_audit`).
fn append_audit(
    pg: &mut Pg<'_>,
    story_id: Option<i64>,
    actor: &str,
    at: &str,
    action: &str,
    detail: &serde_json::Value,
) -> Result<()> {
    pg.execute(
        "INSERT INTO audit_log (story_id, actor, created_at, action, detail)
         VALUES ($1, $2, $3, $4, $5)",
        &[&story_id, &actor, &at, &action, &detail.to_string()],
    )?;
    Ok(())
}

impl PgStore {
    /// Records an export: what left, as what, by whom, why past the gate.
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
        let now = time_stamp::now();
        self.write(|pg| {
            let id: i64 = pg
                .query_one(
                    "INSERT INTO exports (story_id, revision_id, format, author, created_at,
                         destination, override_reason, sha256)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                     RETURNING id",
                    &[
                        &story_id,
                        &revision_id,
                        &format,
                        &actor,
                        &now,
                        &destination,
                        &override_reason,
                        &sha256,
                    ],
                )?
                .try_get(0)?;
            let detail = serde_json::json!({
                "export_id": id, "revision_id": revision_id, "format": format,
                "destination": destination, "override_reason": override_reason, "sha256": sha256,
            });
            append_audit(pg, Some(story_id), actor, &now, "export", &detail)?;
            Ok(id)
        })
    }

    /// What the publishing formats carry for a revision of a story, as
    /// stored: the agency and its identifiers, slug, times, and the latest
    /// wire copy's agency version and metadata.
    pub fn export_meta(&self, story_id: i64, revision_id: i64) -> Result<StoredMeta> {
        self.read(|pg| {
            let row = pg
                .query_opt(
                    "SELECT src.name, s.guid, s.slug, s.first_received_at, r.created_at,
                            src.code <> 'unknown'
                     FROM stories s
                     JOIN sources src ON src.id = s.source_id
                     JOIN revisions r ON r.id = $2 AND r.story_id = s.id
                     WHERE s.id = $1",
                    &[&story_id, &revision_id],
                )?
                .ok_or_else(|| {
                    Error::InvalidInput(format!("story {story_id} has no revision {revision_id}"))
                })?;
            let latest_wire = pg
                .query_opt(
                    "SELECT agency_version, metadata FROM revisions
                     WHERE story_id = $1 AND kind = 'wire'
                     ORDER BY agency_version IS NULL, agency_version DESC, id DESC LIMIT 1",
                    &[&story_id],
                )?
                .map(|row| -> Result<LatestWireMeta> {
                    Ok(LatestWireMeta {
                        agency_version: row.try_get(0)?,
                        metadata: row.try_get(1)?,
                    })
                })
                .transpose()?;
            Ok(StoredMeta {
                agency: row.try_get(0)?,
                agency_guid: row.try_get(1)?,
                slug: row.try_get(2)?,
                first_created: row.try_get(3)?,
                version_created: row.try_get(4)?,
                agency_known: row.try_get(5)?,
                latest_wire,
            })
        })
    }

    /// A story's exports, oldest first.
    pub fn exports(&self, story_id: i64) -> Result<Vec<ExportRecord>> {
        self.read(|pg| {
            pg.query(
                "SELECT id, revision_id, format, author, created_at, destination,
                        override_reason, sha256
                 FROM exports WHERE story_id = $1 ORDER BY id",
                &[&story_id],
            )?
            .iter()
            .map(|row| {
                Ok(ExportRecord {
                    id: row.try_get(0)?,
                    revision_id: row.try_get(1)?,
                    format: row.try_get(2)?,
                    author: row.try_get(3)?,
                    created_at: row.try_get(4)?,
                    destination: row.try_get(5)?,
                    override_reason: row.try_get(6)?,
                    sha256: row.try_get(7)?,
                })
            })
            .collect()
        })
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
        self.write(|pg| {
            pg.execute(
                "INSERT INTO integrity_acknowledgements
                     (story_id, finding_key, kind, text, actor, created_at, reason)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (story_id, finding_key) DO UPDATE
                     SET actor = excluded.actor, created_at = excluded.created_at,
                         reason = excluded.reason",
                &[&story_id, &finding_key, &kind, &text, &actor, &now, &reason],
            )?;
            let detail = serde_json::json!({
                "finding": finding_key, "kind": kind, "text": text, "reason": reason,
            });
            append_audit(pg, Some(story_id), actor, &now, "acknowledge", &detail)?;
            Ok(())
        })
    }

    /// The integrity findings of a story the desk has accepted, by key.
    pub fn acknowledgements(&self, story_id: i64) -> Result<HashMap<String, Acknowledgement>> {
        self.read(|pg| {
            pg.query(
                "SELECT finding_key, actor, created_at, reason
                 FROM integrity_acknowledgements WHERE story_id = $1",
                &[&story_id],
            )?
            .iter()
            .map(|row| {
                Ok((
                    row.try_get::<_, String>(0)?,
                    Acknowledgement {
                        actor: row.try_get(1)?,
                        created_at: row.try_get(2)?,
                        reason: row.try_get(3)?,
                    },
                ))
            })
            .collect()
        })
    }
}
