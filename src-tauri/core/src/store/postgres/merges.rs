//! Merges of wire updates into edited copy on a team library, and the
//! conflicts that wait for the desk — as the SQLite store's
//! `store/merges.rs`. A change to a merge locks its row, and a new merge
//! locks its story's row, so that two desktops merging one story at once
//! never leave two open merges.

use super::claims::head;
use super::{Pg, PgStore};
use crate::error::{Error, Result};
use crate::model::RevisionKind;
use crate::store::merges::StoredConflict;
use crate::store::{Head, MergeBase, MergeRevisions, OpenConflict};
use crate::time_stamp;

/// The open merge a conflict of the story belongs to, or the SQLite
/// store's error for it; `lock` takes the merge's row.
fn open_conflict_in(
    pg: &mut Pg<'_>,
    story_id: i64,
    conflict_id: i64,
    lock: bool,
) -> Result<OpenConflict> {
    let sql = if lock {
        "SELECT m.id, c.ours, c.theirs FROM merge_conflicts c JOIN merges m ON m.id = c.merge_id
         WHERE c.id = $1 AND m.story_id = $2 AND m.merged_revision_id IS NULL
           AND m.superseded_by IS NULL
         FOR UPDATE OF m"
    } else {
        "SELECT m.id, c.ours, c.theirs FROM merge_conflicts c JOIN merges m ON m.id = c.merge_id
         WHERE c.id = $1 AND m.story_id = $2 AND m.merged_revision_id IS NULL
           AND m.superseded_by IS NULL"
    };
    match pg.query_opt(sql, &[&conflict_id, &story_id])? {
        Some(row) => Ok(OpenConflict {
            merge_id: row.try_get(0)?,
            ours: row.try_get(1)?,
            theirs: row.try_get(2)?,
        }),
        None => Err(Error::InvalidInput(format!(
            "story {story_id} has no open merge conflict {conflict_id}"
        ))),
    }
}

impl PgStore {
    /// The wire revision the story's current text starts from: the nearest
    /// wire revision up the parents, where a merge counts as the wire
    /// version it merged. Also the head's id and kind.
    pub fn merge_base(&self, story_id: i64) -> Result<MergeBase> {
        self.read(|pg| {
            let Head {
                id: head,
                kind: head_kind,
                ..
            } = head(pg, story_id)?;
            let mut at = Some(head);
            while let Some(id) = at {
                let row = pg.query_one(
                    "SELECT kind, parent_id FROM revisions WHERE id = $1",
                    &[&id],
                )?;
                let kind: &str = row.try_get(0)?;
                let parent: Option<i64> = row.try_get(1)?;
                match RevisionKind::parse(kind) {
                    Some(RevisionKind::Wire) => {
                        return Ok(MergeBase {
                            head,
                            head_kind,
                            wire_base: Some(id),
                        })
                    }
                    Some(RevisionKind::Merge) => {
                        let merged: Option<i64> = pg
                            .query(
                                "SELECT theirs_revision_id FROM merges
                                 WHERE merged_revision_id = $1 ORDER BY id LIMIT 1",
                                &[&id],
                            )?
                            .first()
                            .map(|row| row.try_get(0))
                            .transpose()?;
                        if merged.is_some() {
                            return Ok(MergeBase {
                                head,
                                head_kind,
                                wire_base: merged,
                            });
                        }
                        at = parent;
                    }
                    Some(RevisionKind::Edit) => at = parent,
                    None => {
                        return Err(super::refused(format!(
                            "unknown revision kind {kind:?} in the library"
                        )))
                    }
                }
            }
            Ok(MergeBase {
                head,
                head_kind,
                wire_base: None,
            })
        })
    }

    /// The open merge of `theirs` into `ours`, if one waits on conflicts.
    pub fn open_merge(&self, story_id: i64, ours: i64, theirs: i64) -> Result<Option<i64>> {
        self.read(|pg| {
            pg.query(
                "SELECT id FROM merges WHERE story_id = $1 AND ours_revision_id = $2
                   AND theirs_revision_id = $3 AND merged_revision_id IS NULL
                   AND superseded_by IS NULL
                 ORDER BY id LIMIT 1",
                &[&story_id, &ours, &theirs],
            )?
            .first()
            .map(|row| Ok(row.try_get(0)?))
            .transpose()
        })
    }

    /// Records a merge (and its conflicts, numbered from 1). A merge of the
    /// story still waiting is superseded by it, and the choices made there
    /// for conflicts that come back unchanged are carried over.
    pub fn create_merge(
        &mut self,
        story_id: i64,
        (base, ours, theirs): (i64, i64, i64),
        conflicts: &[(String, String, String)],
    ) -> Result<i64> {
        let now = time_stamp::now();
        self.write(|pg| {
            // One new merge of a story at a time: the one that comes second
            // supersedes the first.
            pg.query(
                "SELECT id FROM stories WHERE id = $1 FOR UPDATE",
                &[&story_id],
            )?;
            let merge_id: i64 = pg
                .query_one(
                    "INSERT INTO merges (story_id, base_revision_id, ours_revision_id,
                         theirs_revision_id, created_at)
                     VALUES ($1, $2, $3, $4, $5)
                     RETURNING id",
                    &[&story_id, &base, &ours, &theirs, &now],
                )?
                .try_get(0)?;
            for (number, (b, o, t)) in conflicts.iter().enumerate() {
                pg.execute(
                    "INSERT INTO merge_conflicts (merge_id, number, base, ours, theirs)
                     VALUES ($1, $2, $3, $4, $5)",
                    &[&merge_id, &(number as i64 + 1), b, o, t],
                )?;
            }
            pg.execute(
                "UPDATE merges SET superseded_by = $1
                 WHERE story_id = $2 AND id <> $1 AND merged_revision_id IS NULL
                   AND superseded_by IS NULL",
                &[&merge_id, &story_id],
            )?;
            pg.execute(
                "UPDATE merge_conflicts AS n
                    SET resolution = o.resolution, resolved_by = o.resolved_by,
                        resolved_at = o.resolved_at
                   FROM merge_conflicts AS o JOIN merges AS m ON m.id = o.merge_id
                  WHERE n.merge_id = $1 AND m.superseded_by = $1
                    AND o.resolution IS NOT NULL AND n.resolution IS NULL
                    AND o.base = n.base AND o.ours = n.ours AND o.theirs = n.theirs",
                &[&merge_id],
            )?;
            Ok(merge_id)
        })
    }

    /// A merge's story and three revisions.
    pub fn merge_revisions(&self, merge_id: i64) -> Result<MergeRevisions> {
        self.read(|pg| {
            let row = pg.query_one(
                "SELECT story_id, base_revision_id, ours_revision_id, theirs_revision_id
                 FROM merges WHERE id = $1",
                &[&merge_id],
            )?;
            Ok(MergeRevisions {
                story_id: row.try_get(0)?,
                base: row.try_get(1)?,
                ours: row.try_get(2)?,
                theirs: row.try_get(3)?,
            })
        })
    }

    pub fn merge_conflicts(&self, merge_id: i64) -> Result<Vec<StoredConflict>> {
        self.read(|pg| {
            pg.query(
                "SELECT id, number, base, ours, theirs, resolution FROM merge_conflicts
                 WHERE merge_id = $1 ORDER BY number",
                &[&merge_id],
            )?
            .iter()
            .map(|row| {
                Ok(StoredConflict {
                    id: row.try_get(0)?,
                    number: row.try_get(1)?,
                    base: row.try_get(2)?,
                    ours: row.try_get(3)?,
                    theirs: row.try_get(4)?,
                    resolution: row.try_get(5)?,
                })
            })
            .collect()
        })
    }

    /// A conflict of an open merge of the story.
    pub fn open_conflict(&self, story_id: i64, conflict_id: i64) -> Result<OpenConflict> {
        self.read(|pg| open_conflict_in(pg, story_id, conflict_id, false))
    }

    /// Chooses the text of a conflict of an open merge of the story (the
    /// merge's row locked). Returns the merge's id.
    pub fn resolve_conflict(
        &mut self,
        story_id: i64,
        conflict_id: i64,
        text: &str,
        actor: &str,
    ) -> Result<i64> {
        let now = time_stamp::now();
        self.write(|pg| {
            let OpenConflict { merge_id, .. } = open_conflict_in(pg, story_id, conflict_id, true)?;
            pg.execute(
                "UPDATE merge_conflicts SET resolution = $1, resolved_by = $2, resolved_at = $3
                 WHERE id = $4",
                &[&text, &actor, &now, &conflict_id],
            )?;
            Ok(merge_id)
        })
    }

    /// Conflicts of the story's open merges that still wait for the desk.
    pub fn unresolved_conflicts(&self, story_id: i64) -> Result<i64> {
        self.read(|pg| {
            Ok(pg
                .query_one(
                    "SELECT count(*) FROM merge_conflicts c JOIN merges m ON m.id = c.merge_id
                     WHERE m.story_id = $1 AND m.merged_revision_id IS NULL
                       AND m.superseded_by IS NULL AND c.resolution IS NULL",
                    &[&story_id],
                )?
                .try_get(0)?)
        })
    }

    /// Marks a merge done by the revision that holds its result.
    pub fn finish_merge(&mut self, merge_id: i64, revision_id: i64) -> Result<()> {
        self.write(|pg| {
            pg.execute(
                "UPDATE merges SET merged_revision_id = $1 WHERE id = $2",
                &[&revision_id, &merge_id],
            )?;
            Ok(())
        })
    }
}
