//! Edits: saves, restores (of revisions and of what cleaning removed), and claims.

use super::*;
use crate::ingest;

impl Library {
    /// Saves an edit of a story's headline and body as its new revision
    /// (see [`Store::save_edit`]); the body's paragraphs are separated by
    /// blank lines, as `show` prints them. Returns the new revision's id.
    pub fn save_edit(
        &mut self,
        story_id: i64,
        base_revision_id: Option<i64>,
        headline: &str,
        body: &str,
        note: Option<&str>,
    ) -> Result<i64> {
        self.save_text(story_id, base_revision_id, headline, body, note, None)
    }

    /// [`Library::save_edit`], and for an edit that puts back a passage
    /// cleaning removed, which one (for the audit log).
    fn save_text(
        &mut self,
        story_id: i64,
        base_revision_id: Option<i64>,
        headline: &str,
        body: &str,
        note: Option<&str>,
        restored_passage: Option<&serde_json::Value>,
    ) -> Result<i64> {
        let (headline, body) = cleaned_edit(headline, body)?;
        let note = note.map(ingest::controls::without_controls);
        let note = note.as_deref();
        within_limit("the note", note.unwrap_or(""), MAX_NOTE_CHARS)?;
        let context = story_date_context(&self.store, story_id)?;
        let suggestions = suggest_claims(&body, &context);
        let edit = Edit {
            story_id,
            base_revision_id,
            headline: &headline,
            body: &body,
            note: note.map(str::trim).filter(|n| !n.is_empty()),
            suggestions: &suggestions,
            kind: RevisionKind::Edit,
            restored_passage,
        };
        self.store.save_edit(&edit, &self.actor)
    }

    /// Makes a new revision equal to an old one (history is never rewritten).
    pub fn restore(&mut self, story_id: i64, revision_id: i64) -> Result<i64> {
        let old = self.store.revision_text(story_id, revision_id)?;
        let HeadAndOriginal { head, .. } = self.store.head_and_original(story_id)?;
        let note = format!("restored revision {revision_id}");
        self.save_edit(story_id, Some(head), &old.headline, &old.body, Some(&note))
    }

    /// The story's newest wire version as cleaning left it, with every
    /// passage the cleaner removed from it (see [`Library::cleaning`]).
    pub fn cleaned_copy(&self, story_id: i64) -> Result<CleanedCopy> {
        let current = self.store.head_body(story_id)?;
        let wire_revision_id = self
            .store
            .latest_wire_revision(story_id)?
            .ok_or(Error::StoryNotFound(story_id))?;
        let wire = self.store.revision_text(story_id, wire_revision_id)?;
        let removals = ingest::removals_in(&self.store.revision_metadata(wire_revision_id)?);
        let restored = cleaning::restored_flags(&removals, &wire.body, &current);
        let passages = removals
            .into_iter()
            .zip(restored)
            .zip(1..)
            .map(|((removal, restored), id)| RemovedPassage {
                id,
                rule: removal.rule,
                text: removal.text,
                position: removal.position,
                within: removal.within,
                detail: removal.detail,
                restored,
                wire_revision_id,
            })
            .collect();
        Ok(CleanedCopy {
            story_id,
            wire_revision_id,
            headline: wire.headline,
            body: wire.body,
            passages,
        })
    }

    /// What cleaning removed from the story's newest wire version: each
    /// passage with its rule, text and place, numbered from 1 in the order
    /// the cleaner recorded them, and whether it is back in the current
    /// text.
    pub fn cleaning(&self, story_id: i64) -> Result<Vec<RemovedPassage>> {
        Ok(self.cleaned_copy(story_id)?.passages)
    }

    /// Puts passage `removal_id` (as [`Library::cleaning`] numbers them)
    /// back in the story's current text where it stood, as a new `edit`
    /// revision saved like any edit: audited, its claims detected. The
    /// place is found against the current text, which may have been edited
    /// since (see [`cleaning::restore_in_place`]). Returns the revision.
    pub fn restore_removed(&mut self, story_id: i64, removal_id: i64) -> Result<i64> {
        let copy = self.cleaned_copy(story_id)?;
        let passage = copy.passages.iter().find(|p| p.id == removal_id).ok_or(
            Error::RemovedPassageNotFound {
                story: story_id,
                id: removal_id,
                count: copy.passages.len(),
            },
        )?;
        if passage.restored {
            return Err(Error::PassageAlreadyRestored {
                story: story_id,
                id: removal_id,
            });
        }
        if cleaning::folded(&passage.text).is_empty() {
            return Err(Error::InvalidInput(format!(
                "passage {removal_id} removed by cleaning from story {story_id} has no text to put back"
            )));
        }
        let HeadAndOriginal { head, .. } = self.store.head_and_original(story_id)?;
        let current = self.store.revision_text(story_id, head)?;
        let removal = ingest::Removal {
            rule: passage.rule.clone(),
            text: passage.text.clone(),
            position: passage.position,
            within: passage.within,
            detail: passage.detail.clone(),
        };
        let body = cleaning::restore_in_place(&removal, &copy.body, &current.body);
        let note = format!(
            "Restored a passage removed by cleaning (rule: {})",
            passage.rule
        );
        let record = serde_json::json!({
            "id": passage.id,
            "rule": passage.rule,
            "text": passage.text,
            "wire_revision_id": passage.wire_revision_id,
        });
        self.save_text(
            story_id,
            Some(head),
            &current.headline,
            &body,
            Some(&note),
            Some(&record),
        )
    }

    /// A story's claims, in text order.
    pub fn claims(&self, story_id: i64) -> Result<Vec<Claim>> {
        self.store.claims(story_id)
    }

    pub fn claim(&self, claim_id: ClaimId) -> Result<Claim> {
        self.store.claim(claim_id.get())
    }

    /// Marks `start..end` (Unicode scalar offsets into the story's current
    /// text) as a claim of `kind`.
    pub fn add_claim(
        &mut self,
        story_id: i64,
        start: usize,
        end: usize,
        kind: ClaimKind,
    ) -> Result<Claim> {
        self.store
            .add_claim(story_id, start, end, kind, &self.actor)
    }

    /// Sets a claim's status and/or assignee, and/or adds a note.
    pub fn update_claim(
        &mut self,
        claim_id: ClaimId,
        status: Option<&str>,
        note: Option<&str>,
        assignee: Option<&str>,
    ) -> Result<Claim> {
        let note = note.map(ingest::controls::without_controls);
        let assignee = assignee.map(ingest::controls::one_line);
        within_limit("the note", note.as_deref().unwrap_or(""), MAX_NOTE_CHARS)?;
        within_limit(
            "the assignee",
            assignee.as_deref().unwrap_or(""),
            MAX_SETTING_CHARS,
        )?;
        let status = status.map(str::parse::<crate::ClaimStatus>).transpose()?;
        self.store.update_claim(
            claim_id.get(),
            status,
            note.as_deref(),
            assignee.as_deref(),
            &self.actor,
        )
    }

    pub fn add_claim_evidence(
        &mut self,
        claim_id: ClaimId,
        evidence: &Evidence,
    ) -> Result<ClaimEvent> {
        let clean = |text: &String| ingest::controls::without_controls(text).into_owned();
        let evidence = match evidence {
            Evidence::Url(url) => {
                let url = ingest::controls::one_line(url);
                plain_web_address("an evidence URL", &url)?;
                Evidence::Url(url)
            }
            Evidence::Doc(doc) => Evidence::Doc(clean(doc)),
            Evidence::Contact(note) => Evidence::Contact(clean(note)),
        };
        let (Evidence::Url(text) | Evidence::Doc(text) | Evidence::Contact(text)) = &evidence;
        within_limit("the evidence", text, MAX_NOTE_CHARS)?;
        self.store
            .add_claim_evidence(claim_id.get(), &evidence, &self.actor)
    }

    /// Dismisses a suggestion (it is kept, marked dismissed) or restores it.
    pub fn dismiss_claim(&mut self, claim_id: ClaimId, dismissed: bool) -> Result<Claim> {
        self.store
            .dismiss_claim(claim_id.get(), dismissed, &self.actor)
    }

    /// A claim's events, oldest first.
    pub fn claim_history(&self, claim_id: ClaimId) -> Result<Vec<ClaimEvent>> {
        self.store.claim_history(claim_id.get())
    }
}

/// An editor's headline and body with the same clean-up as wire copy (no
/// control characters or terminal escapes, white space folded, paragraphs
/// as the library keeps them), held to the wire limits.
pub(super) fn cleaned_edit(headline: &str, body: &str) -> Result<(String, String)> {
    let headline = ingest::controls::one_line(headline);
    if headline.is_empty() {
        return Err(Error::InvalidInput("an edit needs a headline".into()));
    }
    let body = ingest::plain_paragraphs(&ingest::controls::without_controls(body)).join("\n\n");
    held_to_wire_limits("the edit", &headline, &body)?;
    Ok((headline, body))
}
