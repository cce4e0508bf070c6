//! Claims in the store: suggested at ingest, marked by hand, checked
//! through statuses, notes, evidence and assignments, each change a claim
//! event.

use rusqlite::{Connection, OptionalExtension};
use serde_json::json;

use super::{head, Head, Store};
use crate::{
    claims::{
        anchor,
        carry::{self, Carry, ClaimChange, DetachedClaim, HeldClaim},
        ClaimKind, Evidence, SpeakerSource, Suggestion,
    },
    error::Error,
    model::{Claim, ClaimEvent, ClaimStatus},
    time_stamp, Result,
};

const CLAIM_COLUMNS: &str = "id, story_id, kind, text, start_offset, end_offset, value, speaker,
     status, origin, assignee, dismissed, detached, rule, rank, resolved_against,
     speaker_source";

/// A live figure claim, as SQL (the same text on both backends): what
/// [`Store::figure_claims`] reads.
pub(crate) const FIGURE_CLAIM: &str =
    "kind IN ('quantity', 'percentage') AND dismissed = 0 AND detached = 0";

fn claim_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Claim> {
    let kind: ClaimKind = row.get(2)?;
    let rule: Option<String> = row.get(13)?;
    Ok(Claim {
        timing: crate::claims::is_timing(kind, rule.as_deref()),
        id: row.get(0)?,
        story_id: row.get(1)?,
        kind,
        text: row.get(3)?,
        start: row.get(4)?,
        end: row.get(5)?,
        value: row.get(6)?,
        speaker: row.get(7)?,
        status: row.get(8)?,
        origin: row.get(9)?,
        assignee: row.get(10)?,
        dismissed: row.get(11)?,
        detached: row.get(12)?,
        rule,
        rank: row.get(14)?,
        resolved_against: row.get(15)?,
        speaker_source: row.get(16)?,
    })
}

/// Stores the detector's suggestions for a story's revision, inside the
/// caller's transaction.
pub(super) fn insert_suggestions(
    conn: &Connection,
    story_id: i64,
    revision_id: i64,
    body: &str,
    suggestions: &[Suggestion],
    now: &str,
) -> Result<()> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO claims (story_id, revision_id, kind, text, value, speaker, origin,
             start_offset, end_offset, prefix, suffix, rule, rank, created_at, updated_at,
             resolved_against, speaker_source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'suggested', ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14, ?15)",
    )?;
    for suggestion in suggestions {
        if body.get(suggestion.start..suggestion.end) != Some(suggestion.text.as_str()) {
            // A suggestion that does not sit on its text is a detector bug;
            // it is left out rather than stored misplaced.
            continue;
        }
        let (prefix, suffix) = anchor::quote_context(body, suggestion.start, suggestion.end);
        insert.execute(rusqlite::params![
            story_id,
            revision_id,
            suggestion.kind.as_str(),
            suggestion.text,
            suggestion.value,
            suggestion.speaker,
            anchor::scalar_offset(body, suggestion.start) as i64,
            anchor::scalar_offset(body, suggestion.end) as i64,
            prefix,
            suffix,
            suggestion.rule,
            i64::from(suggestion.rank),
            now,
            suggestion.resolved_against.map(|r| r.as_str()),
            suggestion.speaker_source.map(SpeakerSource::as_str),
        ])?;
    }
    Ok(())
}

/// A story's text moving to a new head revision, with the detector's
/// suggestions for the new text.
pub(super) struct Carried<'a> {
    pub story_id: i64,
    pub revision_id: i64,
    pub old_body: &'a str,
    pub new_body: &'a str,
    pub suggestions: &'a [Suggestion],
}

/// Carries the story's claims into its new text (see [`carry::carry`],
/// which decides where each goes and what its status becomes): loads them,
/// writes each change with its claim events, then adds the suggestions no
/// live claim covers.
pub(super) fn carry_claims(
    conn: &Connection,
    carried: &Carried<'_>,
    actor: &str,
    now: &str,
) -> Result<()> {
    let Carried {
        story_id,
        revision_id,
        old_body,
        new_body,
        suggestions,
    } = *carried;
    let live: Vec<HeldClaim> = conn
        .prepare_cached(
            "SELECT id, start_offset, end_offset, prefix, suffix, text, status, kind, value,
                    speaker
             FROM claims WHERE story_id = ?1 AND detached = 0",
        )?
        .query_map([story_id], |row| {
            Ok(HeldClaim {
                id: row.get(0)?,
                start: row.get(1)?,
                end: row.get(2)?,
                prefix: row.get(3)?,
                suffix: row.get(4)?,
                text: row.get(5)?,
                status: row.get(6)?,
                kind: row.get(7)?,
                value: row.get(8)?,
                speaker: row.get(9)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    // Claims an earlier edit detached, to take back if their text returns
    // (a restore, an agency's correction undone): those whose text is in
    // the new body, looked for by SQLite as it reads them.
    let gone: Vec<DetachedClaim> = conn
        .prepare_cached(
            "SELECT id, text, prefix, suffix FROM claims
             WHERE story_id = ?1 AND detached = 1 AND text <> '' AND instr(?2, text) > 0
             ORDER BY id",
        )?
        .query_map((story_id, new_body), |row| {
            Ok(DetachedClaim {
                id: row.get(0)?,
                text: row.get(1)?,
                prefix: row.get(2)?,
                suffix: row.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let Carry { changes, fresh } =
        carry::carry(&live, &gone, old_body, new_body, suggestions, revision_id);
    for change in changes {
        match change {
            ClaimChange::Moved {
                id,
                start,
                end,
                text,
                prefix,
                suffix,
                value,
                speaker,
                text_changed,
                reset,
            } => {
                conn.prepare_cached(
                    "UPDATE claims SET revision_id = ?1, start_offset = ?2, end_offset = ?3,
                         text = ?4, prefix = ?5, suffix = ?6, updated_at = ?7, value = ?9,
                         speaker = ?10
                     WHERE id = ?8",
                )?
                .execute(rusqlite::params![
                    revision_id,
                    start,
                    end,
                    text,
                    prefix,
                    suffix,
                    now,
                    id,
                    value,
                    speaker,
                ])?;
                if let Some(detail) = text_changed {
                    claim_event(conn, id, actor, now, "text-changed", None, None, &detail)?;
                }
                if let Some(reset) = reset {
                    reset_status(conn, id, actor, now, &reset.detail)?;
                }
            }
            ClaimChange::Detached { id, detail, reset } => {
                conn.prepare_cached(
                    "UPDATE claims SET detached = 1, revision_id = ?1, updated_at = ?2
                     WHERE id = ?3",
                )?
                .execute((revision_id, now, id))?;
                claim_event(conn, id, actor, now, "reanchor", None, None, &detail)?;
                if let Some(reset) = reset {
                    reset_status(conn, id, actor, now, &reset.detail)?;
                }
            }
            ClaimChange::Reattached {
                id,
                start,
                end,
                prefix,
                suffix,
                detail,
            } => {
                conn.prepare_cached(
                    "UPDATE claims SET detached = 0, revision_id = ?1, start_offset = ?2,
                         end_offset = ?3, prefix = ?4, suffix = ?5, updated_at = ?6
                     WHERE id = ?7",
                )?
                .execute(rusqlite::params![
                    revision_id,
                    start,
                    end,
                    prefix,
                    suffix,
                    now,
                    id,
                ])?;
                claim_event(conn, id, actor, now, "reanchor", None, None, &detail)?;
            }
        }
    }
    insert_suggestions(conn, story_id, revision_id, new_body, &fresh, now)
}

/// Writes a status reset [`carry::carry`] asked for: a verified claim whose
/// text was edited or lost goes back to unchecked, with a status event.
fn reset_status(
    conn: &Connection,
    id: i64,
    actor: &str,
    now: &str,
    detail: &serde_json::Value,
) -> Result<()> {
    conn.prepare_cached("UPDATE claims SET status = ?2 WHERE id = ?1")?
        .execute((id, ClaimStatus::Unchecked))?;
    claim_event(
        conn,
        id,
        actor,
        now,
        "status",
        Some(ClaimStatus::Verified),
        Some(ClaimStatus::Unchecked),
        detail,
    )
}

/// A story's id, its current body, and its live quantity claims.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryFigures {
    pub story_id: i64,
    pub body: String,
    pub claims: Vec<FigureClaim>,
}

/// A live quantity claim: its id, text and place (scalar offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureClaim {
    pub id: i64,
    pub text: String,
    pub start: i64,
    pub end: i64,
}

impl Store {
    /// A story's claims in text order (detached ones last), dismissed
    /// suggestions included and marked.
    pub fn claims(&self, story_id: i64) -> Result<Vec<Claim>> {
        head(&self.conn, story_id)?;
        let sql = format!(
            "SELECT {CLAIM_COLUMNS} FROM claims WHERE story_id = ?1
             ORDER BY detached, start_offset, end_offset, id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([story_id], claim_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The story's live figure claims: quantities and percentages neither
    /// dismissed nor detached, in [`Store::claims`]'s order. What the
    /// figure checks (contradictions, other stories' figures) read, without
    /// the rest of a story's claims (for a whole inbox page at once).
    pub fn figure_claims(&self, story_id: i64) -> Result<Vec<Claim>> {
        let sql = format!(
            "SELECT {CLAIM_COLUMNS} FROM claims WHERE story_id = ?1 AND {FIGURE_CLAIM}
             ORDER BY detached, start_offset, end_offset, id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([story_id], claim_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Other stories whose current text names any of `names`, most recent
    /// first (at most `limit`), each with its body and its live quantity
    /// claims. "Most recent" is the
    /// newest text, read straight off the search index in reverse: a name
    /// a hundred thousand stories share costs no more than a rare one.
    pub fn quantity_claims_naming(
        &self,
        story_id: i64,
        names: &[String],
        limit: u32,
    ) -> Result<Vec<StoryFigures>> {
        let query = names
            .iter()
            .map(|name| name.replace('"', ""))
            .filter(|name| !name.is_empty())
            .map(|name| format!("\"{name}\""))
            .collect::<Vec<_>>()
            .join(" OR ");
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let stories: Vec<(i64, String)> = self
            .conn
            .prepare_cached(
                // The index holds each story's current revision only (see
                // `set_head`), so no look at `stories` is needed.
                "SELECT r.story_id, r.body FROM story_search
                 JOIN revisions r ON r.id = story_search.rowid
                 WHERE story_search MATCH ?1 AND r.story_id != ?2
                 ORDER BY story_search.rowid DESC LIMIT ?3",
            )?
            .query_map((query, story_id, limit), |row| {
                Ok((row.get(0)?, row.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut claims = self.conn.prepare_cached(
            "SELECT id, text, start_offset, end_offset FROM claims
             WHERE story_id = ?1 AND kind = 'quantity' AND dismissed = 0 AND detached = 0
             ORDER BY start_offset",
        )?;
        stories
            .into_iter()
            .map(|(id, body)| {
                let found = claims
                    .query_map([id], |row| {
                        Ok(FigureClaim {
                            id: row.get(0)?,
                            text: row.get(1)?,
                            start: row.get(2)?,
                            end: row.get(3)?,
                        })
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                Ok(StoryFigures {
                    story_id: id,
                    body,
                    claims: found,
                })
            })
            .collect()
    }

    pub fn claim(&self, id: i64) -> Result<Claim> {
        let sql = format!("SELECT {CLAIM_COLUMNS} FROM claims WHERE id = ?1");
        self.conn
            .prepare_cached(&sql)?
            .query_row([id], claim_row)
            .optional()?
            .ok_or(Error::ClaimNotFound(id))
    }

    /// Marks a span of the story's current text as a claim (scalar offsets).
    /// A claim of the same kind already on exactly that span is returned
    /// instead (restored if it was dismissed).
    pub fn add_claim(
        &mut self,
        story_id: i64,
        start: usize,
        end: usize,
        kind: ClaimKind,
        actor: &str,
    ) -> Result<Claim> {
        let Head {
            id: revision_id,
            body,
            ..
        } = head(&self.conn, story_id)?;
        let length = body.chars().count();
        let range = anchor::byte_offset(&body, start)
            .zip(anchor::byte_offset(&body, end))
            .filter(|(from, to)| from < to);
        let Some((from, to)) = range else {
            return Err(Error::InvalidInput(format!(
                "claim range {start}..{end} is not a span of story {story_id}'s text \
                 (0..{length}, start before end)"
            )));
        };
        let text = &body[from..to];
        if text.trim().is_empty() {
            return Err(Error::InvalidInput(format!(
                "claim range {start}..{end} of story {story_id} is only white space"
            )));
        }
        // The same kind on the same span is the claim already there (a
        // dismissed suggestion comes back).
        let held: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT id FROM claims WHERE story_id = ?1 AND kind = ?2 AND detached = 0
                   AND start_offset = ?3 AND end_offset = ?4
                 ORDER BY id LIMIT 1",
            )?
            .query_row(
                rusqlite::params![story_id, kind.as_str(), start as i64, end as i64],
                |row| row.get(0),
            )
            .optional()?;
        if let Some(id) = held {
            return self.dismiss_claim(id, false, actor);
        }
        let (prefix, suffix) = anchor::quote_context(&body, from, to);
        let now = time_stamp::now();
        let tx = self.conn.transaction()?;
        tx.prepare_cached(
            "INSERT INTO claims (story_id, revision_id, kind, text, origin, start_offset,
                 end_offset, prefix, suffix, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, 'manual', ?5, ?6, ?7, ?8, ?9, ?9)",
        )?
        .execute(rusqlite::params![
            story_id,
            revision_id,
            kind.as_str(),
            text,
            start as i64,
            end as i64,
            prefix,
            suffix,
            now,
        ])?;
        let id = tx.last_insert_rowid();
        claim_event(
            &tx,
            id,
            actor,
            &now,
            "created",
            None,
            Some(ClaimStatus::Unchecked),
            &json!({ "kind": kind.as_str(), "text": text, "start": start, "end": end }),
        )?;
        tx.commit()?;
        self.claim(id)
    }

    /// Changes a claim's status, assignee and/or adds a note: one event per
    /// change, all in one transaction.
    pub fn update_claim(
        &mut self,
        id: i64,
        status: Option<ClaimStatus>,
        note: Option<&str>,
        assignee: Option<&str>,
        actor: &str,
    ) -> Result<Claim> {
        let before = self.claim(id)?;
        let now = time_stamp::now();
        let tx = self.conn.transaction()?;
        if let Some(status) = status.filter(|s| *s != before.status) {
            tx.prepare_cached("UPDATE claims SET status = ?1, updated_at = ?2 WHERE id = ?3")?
                .execute((status, &now, id))?;
            claim_event(
                &tx,
                id,
                actor,
                &now,
                "status",
                Some(before.status),
                Some(status),
                &json!({}),
            )?;
        }
        if let Some(assignee) = assignee {
            let assignee = assignee.trim();
            let assignee = (!assignee.is_empty()).then_some(assignee);
            if assignee != before.assignee.as_deref() {
                tx.prepare_cached(
                    "UPDATE claims SET assignee = ?1, updated_at = ?2 WHERE id = ?3",
                )?
                .execute((assignee, &now, id))?;
                claim_event(
                    &tx,
                    id,
                    actor,
                    &now,
                    "assign",
                    None,
                    None,
                    &json!({ "from": before.assignee, "to": assignee }),
                )?;
            }
        }
        if let Some(note) = note.map(str::trim).filter(|n| !n.is_empty()) {
            claim_event(
                &tx,
                id,
                actor,
                &now,
                "note",
                None,
                None,
                &json!({ "note": note }),
            )?;
        }
        tx.commit()?;
        self.claim(id)
    }

    /// Records a piece of evidence on a claim.
    pub fn add_claim_evidence(
        &mut self,
        id: i64,
        evidence: &Evidence,
        actor: &str,
    ) -> Result<ClaimEvent> {
        self.claim(id)?;
        let (kind, text) = match evidence {
            Evidence::Url(text) => ("url", text),
            Evidence::Doc(text) => ("doc", text),
            Evidence::Contact(text) => ("contact", text),
        };
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::InvalidInput(format!("empty {kind} evidence")));
        }
        let now = time_stamp::now();
        claim_event(
            &self.conn,
            id,
            actor,
            &now,
            "evidence",
            None,
            None,
            &json!({ kind: text }),
        )?;
        let event_id = self.conn.last_insert_rowid();
        self.claim_history(id)?
            .into_iter()
            .find(|e| e.id == event_id)
            .ok_or(Error::ClaimNotFound(id))
    }

    /// Dismisses a claim (it is kept, marked dismissed) or restores it.
    pub fn dismiss_claim(&mut self, id: i64, dismissed: bool, actor: &str) -> Result<Claim> {
        let before = self.claim(id)?;
        if before.dismissed != dismissed {
            let now = time_stamp::now();
            let tx = self.conn.transaction()?;
            tx.prepare_cached("UPDATE claims SET dismissed = ?1, updated_at = ?2 WHERE id = ?3")?
                .execute((dismissed, &now, id))?;
            claim_event(
                &tx,
                id,
                actor,
                &now,
                "dismiss",
                None,
                None,
                &json!({ "dismissed": dismissed }),
            )?;
            tx.commit()?;
        }
        self.claim(id)
    }

    /// Every event of a claim, oldest first.
    pub fn claim_history(&self, id: i64) -> Result<Vec<ClaimEvent>> {
        self.claim(id)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, claim_id, actor, created_at, event, from_status, to_status, detail
             FROM claim_events WHERE claim_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([id], |row| {
            let detail: String = row.get(7)?;
            Ok(ClaimEvent {
                id: row.get(0)?,
                claim_id: row.get(1)?,
                actor: row.get(2)?,
                created_at: row.get(3)?,
                event: row.get(4)?,
                from_status: row.get(5)?,
                to_status: row.get(6)?,
                detail: serde_json::from_str(&detail).unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[allow(clippy::too_many_arguments)]
fn claim_event(
    conn: &Connection,
    claim_id: i64,
    actor: &str,
    now: &str,
    event: &str,
    from_status: Option<ClaimStatus>,
    to_status: Option<ClaimStatus>,
    detail: &serde_json::Value,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO claim_events (claim_id, actor, created_at, event, from_status, to_status, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(rusqlite::params![
        claim_id,
        actor,
        now,
        event,
        from_status,
        to_status,
        detail.to_string()
    ])?;
    Ok(())
}
