//! The inbox: listing stories, search, a story's detail, its history and diffs.

use super::*;

impl Library {
    /// The inbox, newest first.
    pub fn stories(&self, limit: u32, offset: u32) -> Result<Vec<StorySummary>> {
        self.stories_where(limit, offset, &StoryFilter::default())
    }

    /// One page of the inbox, newest first, narrowed by `filter`. Edited
    /// stories carry their count of integrity findings not acknowledged.
    pub fn stories_where(
        &self,
        limit: u32,
        offset: u32,
        filter: &StoryFilter,
    ) -> Result<Vec<StorySummary>> {
        let mut page = self.store.list_stories(limit, offset, filter)?;
        // What the rows' checks read, for the whole page at once.
        let ids: Vec<i64> = page.iter().map(|story| story.id).collect();
        let checks = self.store.story_checks(&ids)?;
        let counts = self.finding_counts.counts_of(&checks);
        for ((story, checks), count) in page.iter_mut().zip(&checks).zip(counts) {
            // A story still its wire text can only hold figures that
            // contradict each other; an edited one the rest as well.
            story.integrity_findings = count;
            if story.edited {
                story.wire_update = checks.unmerged_wire_revision().is_some();
            }
        }
        Ok(page)
    }

    /// The agency's newest version, when the desk's edited copy has not
    /// merged it (the edit began on an older one).
    pub(super) fn unmerged_wire_revision(&self, story_id: i64) -> Result<Option<i64>> {
        let MergeBase {
            head_kind,
            wire_base: base,
            ..
        } = self.store.merge_base(story_id)?;
        if head_kind == RevisionKind::Wire {
            return Ok(None);
        }
        let latest = self.store.latest_wire_revision(story_id)?;
        Ok(latest.filter(|latest| Some(*latest) != base))
    }

    /// The sources stories came from, for filtering the inbox.
    pub fn sources(&self) -> Result<Vec<String>> {
        self.store.source_names()
    }

    pub fn story(&self, id: i64) -> Result<StoryDetail> {
        let mut story = self.store.story(id)?;
        if let Some(pending) = self.unmerged_wire_revision(id)? {
            story.wire_update = story.version_of(pending);
        }
        Ok(story)
    }

    pub fn search(&self, query: &str, limit: u32) -> Result<Vec<SearchHit>> {
        self.search_where(query, limit, &StoryFilter::default())
    }

    /// Full-text search narrowed by the inbox's filter.
    pub fn search_where(
        &self,
        query: &str,
        limit: u32,
        filter: &StoryFilter,
    ) -> Result<Vec<SearchHit>> {
        self.store.search(query, limit, filter)
    }

    /// Every revision of the story in order, each with a one-line summary
    /// of what it changed against its parent.
    pub fn history(&self, story_id: i64) -> Result<Vec<HistoryEntry>> {
        let revisions = self.store.revisions(story_id)?;
        let exports = self.store.exports(story_id)?;
        Ok(revisions
            .iter()
            .map(|revision| {
                let parent = revision
                    .parent
                    .and_then(|p| revisions.iter().find(|r| r.id == p));
                let (summary, added, removed) = match parent {
                    Some(parent) => {
                        let ops = diff::diff(&parent.body, &revision.body, DiffOptions::default());
                        let stats = diff::stats(&ops);
                        (
                            format!("+{} −{} words", stats.words_added, stats.words_removed),
                            stats.words_added,
                            stats.words_removed,
                        )
                    }
                    None => ("first version".to_owned(), 0, 0),
                };
                HistoryEntry {
                    id: revision.id,
                    kind: revision.kind,
                    parent: revision.parent,
                    author: revision.author.clone(),
                    created_at: revision.created_at.clone(),
                    note: revision.note.clone(),
                    summary,
                    words_added: added,
                    words_removed: removed,
                    exports: exports
                        .iter()
                        .filter(|e| e.revision_id == revision.id)
                        .cloned()
                        .collect(),
                }
            })
            .collect())
    }

    /// The diff of two revisions of a story; by default the agency's
    /// original against the current text.
    pub fn diff(
        &self,
        story_id: i64,
        from: Option<i64>,
        to: Option<i64>,
        options: DiffOptions,
    ) -> Result<StoryDiff> {
        let HeadAndOriginal { head, original } = self.store.head_and_original(story_id)?;
        let from = from.unwrap_or(original);
        let to = to.unwrap_or(head);
        let old = self.store.revision_text(story_id, from)?;
        let new = self.store.revision_text(story_id, to)?;
        let ops = diff::diff(&old.body, &new.body, options);
        let mut field_ops = std::collections::BTreeMap::new();
        for (name, a, b) in [
            ("dateline", &old.dateline, &new.dateline),
            ("byline", &old.byline, &new.byline),
            ("credit", &old.credit, &new.credit),
        ] {
            if a != b {
                let (a, b) = (a.as_deref().unwrap_or(""), b.as_deref().unwrap_or(""));
                field_ops.insert(name.to_owned(), diff::diff(a, b, options));
            }
        }
        // Claims on the current text that an insert touches.
        let mut claims_touched = Vec::new();
        if to == head {
            let mut at = 0i64;
            let mut inserted: Vec<(i64, i64)> = Vec::new();
            for op in ops.iter().filter(|op| op.op != diff::OpKind::Delete) {
                let len = op.text.chars().count() as i64;
                if op.op == diff::OpKind::Insert && !op.cosmetic {
                    inserted.push((at, at + len));
                }
                at += len;
            }
            claims_touched = self
                .store
                .claims(story_id)?
                .into_iter()
                .filter(|c| !c.detached)
                .filter(|c| inserted.iter().any(|(s, e)| c.start < *e && *s < c.end))
                .map(|c| c.id)
                .collect();
        }
        Ok(StoryDiff {
            from,
            to,
            stats: diff::stats(&ops),
            paragraphs: diff::align_paragraphs(&old.body, &new.body),
            headline_ops: diff::diff(&old.headline, &new.headline, options),
            ops,
            field_ops,
            claims_touched,
        })
    }
}
