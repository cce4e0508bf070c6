//! Merges of wire updates into edited copy: the record of each merge (so the
//! next one knows which wire version the desk's text already holds) and the
//! conflicts that wait for the desk.

use rusqlite::OptionalExtension;

use super::{Head, Store};
use crate::{error::Error, model::RevisionKind, time_stamp, Result};

/// A conflict as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredConflict {
    pub id: i64,
    /// Its number in its merge, from 1.
    pub number: i64,
    pub base: String,
    pub ours: String,
    pub theirs: String,
    /// The text chosen for it, once chosen.
    pub resolution: Option<String>,
}

/// Where a story's current text starts from (see [`Store::merge_base`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeBase {
    /// The head revision's id.
    pub head: i64,
    /// The head revision's kind.
    pub head_kind: RevisionKind,
    /// The wire revision the head starts from, if any.
    pub wire_base: Option<i64>,
}

/// A merge's story and three revisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergeRevisions {
    pub story_id: i64,
    pub base: i64,
    pub ours: i64,
    pub theirs: i64,
}

/// A conflict of an open merge: its merge and its two sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenConflict {
    pub merge_id: i64,
    pub ours: String,
    pub theirs: String,
}

impl Store {
    /// The wire revision the story's current text starts from: the nearest
    /// wire revision up the parents, where a merge counts as the wire
    /// version it merged. Also the head's id and kind.
    pub fn merge_base(&self, story_id: i64) -> Result<MergeBase> {
        let Head {
            id: head,
            kind: head_kind,
            ..
        } = super::head(&self.conn, story_id)?;
        let mut at = Some(head);
        while let Some(id) = at {
            let (kind, parent): (RevisionKind, Option<i64>) = self
                .conn
                .prepare_cached("SELECT kind, parent_id FROM revisions WHERE id = ?1")?
                .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))?;
            match kind {
                RevisionKind::Wire => {
                    return Ok(MergeBase {
                        head,
                        head_kind,
                        wire_base: Some(id),
                    })
                }
                RevisionKind::Merge => {
                    let merged: Option<i64> = self
                        .conn
                        .prepare_cached(
                            "SELECT theirs_revision_id FROM merges WHERE merged_revision_id = ?1",
                        )?
                        .query_row([id], |row| row.get(0))
                        .optional()?;
                    if merged.is_some() {
                        return Ok(MergeBase {
                            head,
                            head_kind,
                            wire_base: merged,
                        });
                    }
                    at = parent;
                }
                RevisionKind::Edit => at = parent,
            }
        }
        Ok(MergeBase {
            head,
            head_kind,
            wire_base: None,
        })
    }

    /// The open merge of `theirs` into `ours`, if one waits on conflicts.
    pub fn open_merge(&self, story_id: i64, ours: i64, theirs: i64) -> Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id FROM merges WHERE story_id = ?1 AND ours_revision_id = ?2
                   AND theirs_revision_id = ?3 AND merged_revision_id IS NULL
                   AND superseded_by IS NULL",
            )?
            .query_row((story_id, ours, theirs), |row| row.get(0))
            .optional()?)
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
        let tx = self.conn.transaction()?;
        tx.prepare_cached(
            "INSERT INTO merges (story_id, base_revision_id, ours_revision_id,
                 theirs_revision_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute((story_id, base, ours, theirs, time_stamp::now()))?;
        let merge_id = tx.last_insert_rowid();
        for (number, (b, o, t)) in conflicts.iter().enumerate() {
            tx.prepare_cached(
                "INSERT INTO merge_conflicts (merge_id, number, base, ours, theirs)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute((merge_id, number as i64 + 1, b, o, t))?;
        }
        tx.prepare_cached(
            "UPDATE merges SET superseded_by = ?1
             WHERE story_id = ?2 AND id <> ?1 AND merged_revision_id IS NULL
               AND superseded_by IS NULL",
        )?
        .execute((merge_id, story_id))?;
        tx.prepare_cached(
            "UPDATE merge_conflicts AS n
                SET resolution = o.resolution, resolved_by = o.resolved_by,
                    resolved_at = o.resolved_at
               FROM merge_conflicts AS o JOIN merges AS m ON m.id = o.merge_id
              WHERE n.merge_id = ?1 AND m.superseded_by = ?1
                AND o.resolution IS NOT NULL AND n.resolution IS NULL
                AND o.base = n.base AND o.ours = n.ours AND o.theirs = n.theirs",
        )?
        .execute([merge_id])?;
        tx.commit()?;
        Ok(merge_id)
    }

    /// A merge's story and three revisions.
    pub fn merge_revisions(&self, merge_id: i64) -> Result<MergeRevisions> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT story_id, base_revision_id, ours_revision_id, theirs_revision_id
             FROM merges WHERE id = ?1",
            )?
            .query_row([merge_id], |row| {
                Ok(MergeRevisions {
                    story_id: row.get(0)?,
                    base: row.get(1)?,
                    ours: row.get(2)?,
                    theirs: row.get(3)?,
                })
            })?)
    }

    pub fn merge_conflicts(&self, merge_id: i64) -> Result<Vec<StoredConflict>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, number, base, ours, theirs, resolution FROM merge_conflicts
             WHERE merge_id = ?1 ORDER BY number",
        )?;
        let rows = stmt.query_map([merge_id], |row| {
            Ok(StoredConflict {
                id: row.get(0)?,
                number: row.get(1)?,
                base: row.get(2)?,
                ours: row.get(3)?,
                theirs: row.get(4)?,
                resolution: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A conflict of an open merge of the story.
    pub fn open_conflict(&self, story_id: i64, conflict_id: i64) -> Result<OpenConflict> {
        self.conn
            .prepare_cached(
                "SELECT m.id, c.ours, c.theirs FROM merge_conflicts c JOIN merges m ON m.id = c.merge_id
                 WHERE c.id = ?1 AND m.story_id = ?2 AND m.merged_revision_id IS NULL
                   AND m.superseded_by IS NULL",
            )?
            .query_row((conflict_id, story_id), |row| {
                Ok(OpenConflict {
                    merge_id: row.get(0)?,
                    ours: row.get(1)?,
                    theirs: row.get(2)?,
                })
            })
            .optional()?
            .ok_or_else(|| {
                Error::InvalidInput(format!(
                    "story {story_id} has no open merge conflict {conflict_id}"
                ))
            })
    }

    /// Chooses the text of a conflict of an open merge of the story.
    /// Returns the merge's id.
    pub fn resolve_conflict(
        &mut self,
        story_id: i64,
        conflict_id: i64,
        text: &str,
        actor: &str,
    ) -> Result<i64> {
        let merge_id: i64 = self
            .conn
            .prepare_cached(
                "SELECT m.id FROM merge_conflicts c JOIN merges m ON m.id = c.merge_id
                 WHERE c.id = ?1 AND m.story_id = ?2 AND m.merged_revision_id IS NULL
                   AND m.superseded_by IS NULL",
            )?
            .query_row((conflict_id, story_id), |row| row.get(0))
            .optional()?
            .ok_or_else(|| {
                Error::InvalidInput(format!(
                    "story {story_id} has no open merge conflict {conflict_id}"
                ))
            })?;
        self.conn
            .prepare_cached(
                "UPDATE merge_conflicts SET resolution = ?1, resolved_by = ?2, resolved_at = ?3
                 WHERE id = ?4",
            )?
            .execute((text, actor, time_stamp::now(), conflict_id))?;
        Ok(merge_id)
    }

    /// Conflicts of the story's open merges that still wait for the desk.
    pub fn unresolved_conflicts(&self, story_id: i64) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM merge_conflicts c JOIN merges m ON m.id = c.merge_id
             WHERE m.story_id = ?1 AND m.merged_revision_id IS NULL AND m.superseded_by IS NULL
               AND c.resolution IS NULL",
            )?
            .query_row([story_id], |row| row.get(0))?)
    }

    /// Marks a merge done by the revision that holds its result.
    pub fn finish_merge(&mut self, merge_id: i64, revision_id: i64) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE merges SET merged_revision_id = ?1 WHERE id = ?2")?
            .execute((revision_id, merge_id))?;
        Ok(())
    }
}
