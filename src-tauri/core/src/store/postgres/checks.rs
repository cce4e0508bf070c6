//! [`StoryChecks`] for many stories in five statements, whatever their
//! number: the heads, the revisions of the edited ones (bodies and
//! metadata of their wire versions only), their merges, the claims and
//! the acknowledgements, each for every story at once (`= ANY($1)`).

use std::collections::HashMap;

use super::claims::figure_claims_by_story;
use super::PgStore;
use crate::error::{Error, Result};
use crate::model::{Acknowledgement, RevisionKind};
use crate::store::checks::StoryChecks;
use crate::store::HeadAndWireBodies;

/// A revision of an edited story as the walk to its merge base reads it.
struct Step {
    kind: RevisionKind,
    parent: Option<i64>,
}

/// A wire version of an edited story: what the checks and the newest
/// version need.
struct WireRow {
    id: i64,
    agency_version: Option<i64>,
    body: String,
    metadata: serde_json::Value,
}

fn revision_kind(text: &str) -> Result<RevisionKind> {
    RevisionKind::parse(text)
        .ok_or_else(|| super::refused(format!("unknown revision kind {text:?} in the library")))
}

/// The wire revision `head` starts from, walking up the parents as
/// `PgStore::merge_base` does: a wire version is the base; a merge counts
/// as the wire version it merged (its first merge row); an edit, and a
/// merge without a merge row, lead on to the parent.
fn wire_base(
    head: i64,
    steps: &HashMap<i64, Step>,
    merged: &HashMap<i64, i64>,
) -> Result<Option<i64>> {
    let mut at = Some(head);
    let mut walked = 0usize;
    while let Some(id) = at {
        walked += 1;
        let step = steps
            .get(&id)
            .filter(|_| walked <= steps.len())
            .ok_or_else(|| {
                super::refused(format!("revision {id} is not a revision of its story"))
            })?;
        match step.kind {
            RevisionKind::Wire => return Ok(Some(id)),
            RevisionKind::Merge => match merged.get(&id) {
                Some(theirs) => return Ok(Some(*theirs)),
                None => at = step.parent,
            },
            RevisionKind::Edit => at = step.parent,
        }
    }
    Ok(None)
}

impl PgStore {
    /// As `Store::story_checks`: each story's [`StoryChecks`] in the order
    /// asked, `StoryNotFound` for one that does not exist.
    pub fn story_checks(&self, story_ids: &[i64]) -> Result<Vec<StoryChecks>> {
        if story_ids.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = story_ids.to_vec();
        self.read(|pg| {
            let mut heads: HashMap<i64, (i64, RevisionKind, String, String)> = HashMap::new();
            for row in pg.query(
                "SELECT s.id, r.id, r.kind, r.body, r.headline
                 FROM stories s JOIN revisions r ON r.id = s.head_revision_id
                 WHERE s.id = ANY($1)",
                &[&ids],
            )? {
                heads.insert(
                    row.try_get(0)?,
                    (
                        row.try_get(1)?,
                        revision_kind(row.try_get(2)?)?,
                        row.try_get(3)?,
                        row.try_get(4)?,
                    ),
                );
            }
            if let Some(missing) = ids.iter().find(|id| !heads.contains_key(id)) {
                return Err(Error::StoryNotFound(*missing));
            }
            let edited: Vec<i64> = ids
                .iter()
                .copied()
                .filter(|id| heads.get(id).is_some_and(|h| h.1 != RevisionKind::Wire))
                .collect();
            let mut steps: HashMap<i64, HashMap<i64, Step>> = HashMap::new();
            let mut wires: HashMap<i64, Vec<WireRow>> = HashMap::new();
            let mut merged: HashMap<i64, i64> = HashMap::new();
            if !edited.is_empty() {
                for row in pg.query(
                    "SELECT story_id, id, kind, parent_id, agency_version,
                            CASE WHEN kind = 'wire' THEN body END,
                            CASE WHEN kind = 'wire' THEN metadata END
                     FROM revisions WHERE story_id = ANY($1) ORDER BY id",
                    &[&edited],
                )? {
                    let story: i64 = row.try_get(0)?;
                    let id: i64 = row.try_get(1)?;
                    let kind = revision_kind(row.try_get(2)?)?;
                    steps.entry(story).or_default().insert(
                        id,
                        Step {
                            kind,
                            parent: row.try_get(3)?,
                        },
                    );
                    if kind == RevisionKind::Wire {
                        wires.entry(story).or_default().push(WireRow {
                            id,
                            agency_version: row.try_get(4)?,
                            body: row.try_get::<_, Option<String>>(5)?.unwrap_or_default(),
                            metadata: row
                                .try_get::<_, Option<String>>(6)?
                                .and_then(|text| serde_json::from_str(&text).ok())
                                .unwrap_or_default(),
                        });
                    }
                }
                // A merge counts as the wire version of its first merge row.
                for row in pg.query(
                    "SELECT merged_revision_id, theirs_revision_id FROM merges
                     WHERE story_id = ANY($1) AND merged_revision_id IS NOT NULL
                     ORDER BY id DESC",
                    &[&edited],
                )? {
                    merged.insert(row.try_get(0)?, row.try_get(1)?);
                }
            }
            let mut claims = figure_claims_by_story(pg, &ids)?;
            let mut acknowledgements: HashMap<i64, HashMap<String, Acknowledgement>> =
                HashMap::new();
            for row in pg.query(
                "SELECT story_id, finding_key, actor, created_at, reason
                 FROM integrity_acknowledgements WHERE story_id = ANY($1)",
                &[&ids],
            )? {
                acknowledgements.entry(row.try_get(0)?).or_default().insert(
                    row.try_get(1)?,
                    Acknowledgement {
                        actor: row.try_get(2)?,
                        created_at: row.try_get(3)?,
                        reason: row.try_get(4)?,
                    },
                );
            }
            ids.iter()
                .map(|story_id| {
                    let (head_id, head_kind, head_body, headline) = heads
                        .get(story_id)
                        .cloned()
                        .ok_or(Error::StoryNotFound(*story_id))?;
                    let mut checks = StoryChecks {
                        story_id: *story_id,
                        bodies: HeadAndWireBodies {
                            head_kind,
                            head_body,
                            wire_bodies: Vec::new(),
                        },
                        headline,
                        wire_metadata: Vec::new(),
                        figure_claims: claims.remove(story_id).unwrap_or_default(),
                        acknowledgements: acknowledgements.remove(story_id).unwrap_or_default(),
                        wire_base: None,
                        latest_wire: None,
                    };
                    if head_kind == RevisionKind::Wire {
                        return Ok(checks);
                    }
                    let mut wire = wires.remove(story_id).unwrap_or_default();
                    checks.wire_base = wire_base(
                        head_id,
                        steps.get(story_id).unwrap_or(&HashMap::new()),
                        &merged,
                    )?;
                    // The newest: as `latest_wire_revision` orders them
                    // (no agency version first, then the highest, then
                    // the last stored).
                    checks.latest_wire = wire
                        .iter()
                        .max_by_key(|w| (w.agency_version.is_none(), w.agency_version, w.id))
                        .map(|w| w.id);
                    // Metadata in id order (the rows came so), bodies in
                    // the agency's order, the original first.
                    checks.wire_metadata = wire.iter().map(|w| w.metadata.clone()).collect();
                    wire.sort_by_key(|w| (w.agency_version.is_none(), w.agency_version, w.id));
                    checks.bodies.wire_bodies = wire.into_iter().map(|w| w.body).collect();
                    Ok(checks)
                })
                .collect()
        })
    }
}
