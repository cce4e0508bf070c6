//! Merging a wire update into an edited story, and resolving its conflicts.

use super::*;
use crate::{ingest, merge};

/// A headline and body as one text for the three-way merge.
fn joined(headline: &str, body: &str) -> String {
    format!("{headline}\n\n{body}")
}

/// A merged text's headline (its first paragraph) and body.
fn split_headline(text: &str) -> (&str, &str) {
    text.split_once("\n\n").unwrap_or((text, ""))
}

fn merged_as(revision_id: i64) -> MergeOutcome {
    MergeOutcome {
        status: MergeStatus::Merged,
        revision_id: Some(revision_id),
        conflicts: Vec::new(),
    }
}

impl From<&merge::Conflict> for MergeConflict {
    fn from(conflict: &merge::Conflict) -> MergeConflict {
        MergeConflict {
            id: conflict.id as i64,
            base: conflict.base.clone(),
            ours: conflict.ours.clone(),
            theirs: conflict.theirs.clone(),
        }
    }
}

fn nothing_to_merge() -> MergeOutcome {
    MergeOutcome {
        status: MergeStatus::NothingToMerge,
        revision_id: None,
        conflicts: Vec::new(),
    }
}

impl Library {
    /// Merges a wire version (the agency's newest by default, or version
    /// `wire_version` as `show` numbers them) into the desk's edited copy:
    /// a clean merge is saved as a `merge` revision; otherwise the
    /// conflicts wait for [`Library::resolve_conflict`].
    pub fn merge(&mut self, story_id: i64, wire_version: Option<i64>) -> Result<MergeOutcome> {
        Ok(self.start_merge(story_id, wire_version)?.1)
    }

    /// [`Library::merge`], answered as the desk reviews it: the agency's
    /// changes that applied and the conflicts left. A merge waiting on
    /// conflicts is found again as it was left (resolutions are stored as
    /// they are made), so closing the window midway loses nothing.
    pub fn merge_review(
        &mut self,
        story_id: i64,
        wire_version: Option<i64>,
    ) -> Result<MergeReview> {
        let (merge_id, outcome) = self.start_merge(story_id, wire_version)?;
        self.review(merge_id, outcome)
    }

    /// [`Library::resolve_conflict`], answered as a [`MergeReview`].
    pub fn resolve_conflict_review(
        &mut self,
        story_id: i64,
        conflict_id: i64,
        resolution: merge::Resolution,
    ) -> Result<MergeReview> {
        let (merge_id, outcome) = self.resolve(story_id, conflict_id, resolution)?;
        self.review(Some(merge_id), outcome)
    }

    /// The merge (its id, when there is one) and what it did.
    fn start_merge(
        &mut self,
        story_id: i64,
        wire_version: Option<i64>,
    ) -> Result<(Option<i64>, MergeOutcome)> {
        let versions = self.store.story(story_id)?.versions;
        let theirs = match wire_version {
            Some(n) => {
                versions
                    .iter()
                    .find(|v| v.version == n)
                    .ok_or_else(|| {
                        Error::InvalidInput(format!("story {story_id} has no wire version {n}"))
                    })?
                    .revision_id
            }
            None => match versions.last() {
                Some(v) => v.revision_id,
                None => return Ok((None, nothing_to_merge())),
            },
        };
        let MergeBase {
            head,
            head_kind,
            wire_base: base,
        } = self.store.merge_base(story_id)?;
        let Some(base) = base.filter(|base| *base != theirs && head_kind != RevisionKind::Wire)
        else {
            return Ok((None, nothing_to_merge()));
        };
        let merge_id = match self.store.open_merge(story_id, head, theirs)? {
            Some(id) => id,
            None => {
                let merged = self.three_way(story_id, base, head, theirs)?;
                let conflicts: Vec<(String, String, String)> = merged
                    .conflicts()
                    .into_iter()
                    .map(|c| (c.base.clone(), c.ours.clone(), c.theirs.clone()))
                    .collect();
                self.store
                    .create_merge(story_id, (base, head, theirs), &conflicts)?
            }
        };
        Ok((Some(merge_id), self.finish_merge(merge_id)?))
    }

    /// Merges an editor's unsaved draft, begun on `base_revision_id`, with
    /// what another desktop saved since (`theirs_revision_id`, the story's
    /// head): three-way, as a wire update is merged. Without conflicts, or
    /// with each one answered in `resolutions` (by conflict id), the merged
    /// text is saved as the editor's edit on top of theirs; otherwise the
    /// conflicts come back and nothing is saved (the draft stays with the
    /// editor). A head that moved again is an edit conflict, as for a save.
    pub fn merge_draft(
        &mut self,
        story_id: i64,
        base_revision_id: i64,
        theirs_revision_id: i64,
        headline: &str,
        body: &str,
        resolutions: &[(i64, merge::Resolution)],
    ) -> Result<MergeOutcome> {
        let head = self.store.story(story_id)?.revision_id;
        if head != theirs_revision_id {
            return Err(Error::EditConflict {
                story: story_id,
                base: theirs_revision_id,
                head,
            });
        }
        // Cleaned as a save would clean it, so that only what the editor
        // changed differs from the stored revisions.
        let (headline, body) = super::edit::cleaned_edit(headline, body)?;
        if base_revision_id == theirs_revision_id {
            // Nobody saved since the draft began: a plain save.
            let revision_id =
                self.save_edit(story_id, Some(base_revision_id), &headline, &body, None)?;
            return Ok(merged_as(revision_id));
        }
        let merged_text = merge::merge(
            &self.revision_as_text(story_id, base_revision_id)?,
            &joined(&headline, &body),
            &self.revision_as_text(story_id, theirs_revision_id)?,
        );
        let answer = |conflict: &merge::Conflict| {
            resolutions
                .iter()
                .find(|(id, _)| *id == conflict.id as i64)
                .map(|(_, resolution)| resolution.clone())
        };
        let Some(text) = merged_text.text_with(answer) else {
            return Ok(MergeOutcome {
                status: MergeStatus::Conflicts,
                revision_id: None,
                conflicts: merged_text
                    .conflicts()
                    .into_iter()
                    .filter(|c| answer(c).is_none())
                    .map(MergeConflict::from)
                    .collect(),
            });
        };
        let (headline, body) = split_headline(&text);
        let note = format!(
            "merged my draft (begun on revision {base_revision_id}) with revision {theirs_revision_id}"
        );
        match self.save_edit(
            story_id,
            Some(theirs_revision_id),
            headline,
            body,
            Some(&note),
        ) {
            Ok(revision_id) => Ok(merged_as(revision_id)),
            // Theirs already says everything the draft did.
            Err(Error::Unchanged { head, .. }) => Ok(merged_as(head)),
            Err(err) => Err(err),
        }
    }

    /// A revision as the three-way merge reads it: headline, a blank line,
    /// body.
    fn revision_as_text(&self, story_id: i64, revision_id: i64) -> Result<String> {
        let revision = self.store.revision_text(story_id, revision_id)?;
        Ok(joined(&revision.headline, &revision.body))
    }

    /// Resolves a conflict of an open merge with `ours`, `theirs` or a text
    /// of the desk's own; when none is left, the merge is saved.
    pub fn resolve_conflict(
        &mut self,
        story_id: i64,
        conflict_id: i64,
        resolution: merge::Resolution,
    ) -> Result<MergeOutcome> {
        Ok(self.resolve(story_id, conflict_id, resolution)?.1)
    }

    fn resolve(
        &mut self,
        story_id: i64,
        conflict_id: i64,
        resolution: merge::Resolution,
    ) -> Result<(i64, MergeOutcome)> {
        let OpenConflict { ours, theirs, .. } = self.store.open_conflict(story_id, conflict_id)?;
        let chosen = match resolution {
            merge::Resolution::Ours => ours,
            merge::Resolution::Theirs => theirs,
            // Text typed for the conflict: cleaned as an edit is, and held
            // to the paragraph limit (the merged text is checked whole
            // when it is saved).
            merge::Resolution::Text(text) => {
                let text = ingest::controls::without_controls(&text).into_owned();
                within_limit("the resolution", &text, ingest::MAX_PARAGRAPH_CHARS)?;
                text
            }
        };
        let merge_id = self
            .store
            .resolve_conflict(story_id, conflict_id, &chosen, &self.actor)?;
        Ok((merge_id, self.finish_merge(merge_id)?))
    }

    /// What a merge applied to the desk's text, and what it still asks.
    fn review(&self, merge_id: Option<i64>, outcome: MergeOutcome) -> Result<MergeReview> {
        let Some(merge_id) = merge_id else {
            return Ok(MergeReview {
                status: outcome.status,
                revision_id: outcome.revision_id,
                wire_version: None,
                applied: Vec::new(),
                applied_stats: diff::DiffStats::default(),
                resolved: 0,
                conflicts: outcome.conflicts,
            });
        };
        let MergeRevisions {
            story_id,
            base,
            ours,
            theirs,
        } = self.store.merge_revisions(merge_id)?;
        let stored = self.store.merge_conflicts(merge_id)?;
        let text = |id| -> Result<String> {
            let revision = self.store.revision_text(story_id, id)?;
            Ok(format!("{}\n\n{}", revision.headline, revision.body))
        };
        let merged = match outcome.revision_id {
            Some(revision) => text(revision)?,
            None => self
                .three_way(story_id, base, ours, theirs)?
                .text_with(|conflict| {
                    let stored = stored.iter().find(|c| c.number == conflict.id as i64);
                    Some(match stored.and_then(|c| c.resolution.clone()) {
                        Some(chosen) => merge::Resolution::Text(chosen),
                        None => merge::Resolution::Ours,
                    })
                })
                .unwrap_or_default(),
        };
        let applied = diff::diff(&text(ours)?, &merged, DiffOptions::default());
        let wire_version = self.store.story(story_id)?.version_of(theirs);
        Ok(MergeReview {
            status: outcome.status,
            revision_id: outcome.revision_id,
            wire_version,
            applied_stats: diff::stats(&applied),
            applied,
            resolved: stored.iter().filter(|c| c.resolution.is_some()).count(),
            conflicts: outcome.conflicts,
        })
    }

    /// The merge of three revisions' headline and body: the headline merges
    /// as the body's first paragraph.
    fn three_way(&self, story_id: i64, base: i64, ours: i64, theirs: i64) -> Result<merge::Merged> {
        Ok(merge::merge(
            &self.revision_as_text(story_id, base)?,
            &self.revision_as_text(story_id, ours)?,
            &self.revision_as_text(story_id, theirs)?,
        ))
    }

    /// Saves a merge whose conflicts are all resolved, or says what is left.
    fn finish_merge(&mut self, merge_id: i64) -> Result<MergeOutcome> {
        let MergeRevisions {
            story_id,
            base,
            ours,
            theirs,
        } = self.store.merge_revisions(merge_id)?;
        let stored = self.store.merge_conflicts(merge_id)?;
        let open: Vec<MergeConflict> = stored
            .iter()
            .filter(|c| c.resolution.is_none())
            .map(|c| MergeConflict {
                id: c.id,
                base: c.base.clone(),
                ours: c.ours.clone(),
                theirs: c.theirs.clone(),
            })
            .collect();
        if !open.is_empty() {
            return Ok(MergeOutcome {
                status: MergeStatus::Conflicts,
                revision_id: None,
                conflicts: open,
            });
        }
        let merged = self.three_way(story_id, base, ours, theirs)?;
        let text = merged
            .text_with(|conflict| {
                stored
                    .iter()
                    .find(|c| c.number == conflict.id as i64)
                    .and_then(|c| c.resolution.clone())
                    .map(merge::Resolution::Text)
            })
            .ok_or_else(|| Error::InvalidInput("the merge's conflicts changed".into()))?;
        let (headline, body) = split_headline(&text);
        let version = self.store.story(story_id)?.version_of(theirs).unwrap_or(0);
        let note = format!("merged wire version {version}");
        let body = ingest::plain_paragraphs(body).join("\n\n");
        // A resolution can be chosen again while the merge is open.
        held_to_wire_limits(
            "the merged text (resolve a conflict again with shorter text)",
            headline.trim(),
            &body,
        )?;
        let context = story_date_context(&self.store, story_id)?;
        let suggestions = suggest_claims(&body, &context);
        let edit = Edit {
            story_id,
            base_revision_id: Some(ours),
            headline: headline.trim(),
            body: &body,
            note: Some(&note),
            suggestions: &suggestions,
            kind: RevisionKind::Merge,
            restored_passage: None,
        };
        let revision_id = self.store.save_edit(&edit, &self.actor)?;
        self.store.finish_merge(merge_id, revision_id)?;
        Ok(merged_as(revision_id))
    }
}
