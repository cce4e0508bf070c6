//! Claims on a team library: suggested at ingest, marked by hand, checked
//! through statuses, notes, evidence and assignments, each change a claim
//! event — as the SQLite store's `store/claims.rs`, with PostgreSQL's SQL.
//! A change to a claim locks its row (`FOR UPDATE`) so that two desktops
//! changing one claim at once each see the other's change.

use std::collections::HashMap;

use postgres::Row;
use serde_json::json;

use super::{refused, Pg, PgStore};
use crate::error::{Error, Result};
use crate::store::claims::{FigureClaim, StoryFigures, FIGURE_CLAIM};
use crate::store::Head;
use crate::{
    claims::{
        anchor,
        carry::{self, Carry, ClaimChange, DetachedClaim, HeldClaim},
        ClaimKind, Evidence, SpeakerSource, Suggestion,
    },
    model::{Claim, ClaimEvent, ClaimStatus, RevisionKind},
    time_stamp,
};

/// A story's text moving to a new head revision (the SQLite store's own
/// type), for [`carry_claims`].
pub(super) use crate::store::claims::Carried;

const CLAIM_COLUMNS: &str = "id, story_id, kind, text, start_offset, end_offset, value, speaker,
     status, origin, assignee, dismissed, detached, rule, rank, resolved_against,
     speaker_source";

/// A value of a text column that the library's CHECK constraints should
/// have kept out.
fn unknown(what: &str, text: &str) -> Error {
    refused(format!("unknown {what} {text:?} in the library"))
}

fn claim_kind(text: &str) -> Result<ClaimKind> {
    ClaimKind::parse(text).ok_or_else(|| unknown("claim kind", text))
}

fn claim_status(text: &str) -> Result<ClaimStatus> {
    ClaimStatus::parse(text).ok_or_else(|| unknown("claim status", text))
}

fn optional_status(text: Option<String>) -> Result<Option<ClaimStatus>> {
    text.as_deref().map(claim_status).transpose()
}

fn claim_row(row: &Row) -> Result<Claim> {
    let kind = claim_kind(row.try_get(2)?)?;
    let rule: Option<String> = row.try_get(13)?;
    Ok(Claim {
        timing: crate::claims::is_timing(kind, rule.as_deref()),
        id: row.try_get::<_, i64>(0)?.into(),
        story_id: row.try_get::<_, i64>(1)?.into(),
        kind,
        text: row.try_get(3)?,
        start: row.try_get(4)?,
        end: row.try_get(5)?,
        value: row.try_get(6)?,
        speaker: row.try_get(7)?,
        status: claim_status(row.try_get(8)?)?,
        origin: row.try_get(9)?,
        assignee: row.try_get(10)?,
        dismissed: row.try_get::<_, i64>(11)? != 0,
        detached: row.try_get::<_, i64>(12)? != 0,
        rule,
        rank: row.try_get(14)?,
        resolved_against: row.try_get(15)?,
        speaker_source: row.try_get(16)?,
    })
}

fn event_row(row: &Row) -> Result<ClaimEvent> {
    let detail: String = row.try_get(7)?;
    Ok(ClaimEvent {
        id: row.try_get(0)?,
        claim_id: row.try_get::<_, i64>(1)?.into(),
        actor: row.try_get(2)?,
        created_at: row.try_get(3)?,
        event: row.try_get(4)?,
        from_status: optional_status(row.try_get(5)?)?,
        to_status: optional_status(row.try_get(6)?)?,
        detail: serde_json::from_str(&detail).unwrap_or_default(),
    })
}

/// A story's head revision: its id, kind and body (`StoryNotFound` when
/// there is no such story), as the SQLite store's `head`.
pub(super) fn head(pg: &mut Pg<'_>, story_id: i64) -> Result<Head> {
    let row = pg
        .query_opt(
            "SELECT r.id, r.kind, r.body FROM stories s JOIN revisions r ON r.id = s.head_revision_id
             WHERE s.id = $1",
            &[&story_id],
        )?
        .ok_or(Error::StoryNotFound(story_id))?;
    let kind: &str = row.try_get(1)?;
    Ok(Head {
        id: row.try_get(0)?,
        kind: RevisionKind::parse(kind).ok_or_else(|| unknown("revision kind", kind))?,
        body: row.try_get(2)?,
    })
}

/// A claim by id; `lock` takes its row for the rest of the transaction.
fn claim_in(pg: &mut Pg<'_>, id: i64, lock: bool) -> Result<Claim> {
    let sql = if lock {
        format!("SELECT {CLAIM_COLUMNS} FROM claims WHERE id = $1 FOR UPDATE")
    } else {
        format!("SELECT {CLAIM_COLUMNS} FROM claims WHERE id = $1")
    };
    match pg.query_opt(&sql, &[&id])? {
        Some(row) => claim_row(&row),
        None => Err(Error::ClaimNotFound(id)),
    }
}

/// Appends a claim event; returns its id.
#[allow(clippy::too_many_arguments)]
fn claim_event(
    pg: &mut Pg<'_>,
    claim_id: i64,
    actor: &str,
    now: &str,
    event: &str,
    from_status: Option<ClaimStatus>,
    to_status: Option<ClaimStatus>,
    detail: &serde_json::Value,
) -> Result<i64> {
    let row = pg.query_one(
        "INSERT INTO claim_events (claim_id, actor, created_at, event, from_status, to_status, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        &[
            &claim_id,
            &actor,
            &now,
            &event,
            &from_status.map(ClaimStatus::as_str),
            &to_status.map(ClaimStatus::as_str),
            &detail.to_string(),
        ],
    )?;
    Ok(row.try_get(0)?)
}

/// Stores the detector's suggestions for a story's revision, inside the
/// caller's transaction: the SQLite store's `claims::insert_suggestions`.
pub(super) fn insert_suggestions(
    pg: &mut Pg<'_>,
    story_id: i64,
    revision_id: i64,
    body: &str,
    suggestions: &[Suggestion],
    now: &str,
) -> Result<()> {
    // One row per suggestion that sits on its text (one that does not is a
    // detector bug, left out rather than stored misplaced), all inserted by
    // one statement in order: the claims' ids follow the suggestions'.
    let placed: Vec<&Suggestion> = suggestions
        .iter()
        .filter(|s| body.get(s.start..s.end) == Some(s.text.as_str()))
        .collect();
    if placed.is_empty() {
        return Ok(());
    }
    let mut kinds = Vec::new();
    let mut texts = Vec::new();
    let mut values = Vec::new();
    let mut speakers = Vec::new();
    let mut starts = Vec::new();
    let mut ends = Vec::new();
    let mut prefixes = Vec::new();
    let mut suffixes = Vec::new();
    let mut rules = Vec::new();
    let mut ranks = Vec::new();
    let mut resolved = Vec::new();
    let mut speaker_sources = Vec::new();
    for suggestion in placed {
        let (prefix, suffix) = anchor::quote_context(body, suggestion.start, suggestion.end);
        kinds.push(suggestion.kind.as_str());
        texts.push(suggestion.text.as_str());
        values.push(suggestion.value.as_deref());
        speakers.push(suggestion.speaker.as_deref());
        starts.push(anchor::scalar_offset(body, suggestion.start) as i64);
        ends.push(anchor::scalar_offset(body, suggestion.end) as i64);
        prefixes.push(prefix);
        suffixes.push(suffix);
        rules.push(suggestion.rule);
        ranks.push(i64::from(suggestion.rank));
        resolved.push(suggestion.resolved_against.map(|r| r.as_str()));
        speaker_sources.push(suggestion.speaker_source.map(SpeakerSource::as_str));
    }
    pg.execute(
        "INSERT INTO claims (story_id, revision_id, kind, text, value, speaker, origin,
             start_offset, end_offset, prefix, suffix, rule, rank, created_at, updated_at,
             resolved_against, speaker_source)
         SELECT $1, $2, kind, text, value, speaker, 'suggested', start_offset, end_offset,
                prefix, suffix, rule, rank, $3, $3, resolved_against, speaker_source
         FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[],
                     $9::bigint[], $10::text[], $11::text[], $12::text[], $13::bigint[],
                     $14::text[], $15::text[])
              WITH ORDINALITY AS s(kind, text, value, speaker, start_offset, end_offset,
                                   prefix, suffix, rule, rank, resolved_against,
                                   speaker_source, n)
         ORDER BY n",
        &[
            &story_id,
            &revision_id,
            &now,
            &kinds,
            &texts,
            &values,
            &speakers,
            &starts,
            &ends,
            &prefixes,
            &suffixes,
            &rules,
            &ranks,
            &resolved,
            &speaker_sources,
        ],
    )?;
    Ok(())
}

/// Carries the story's claims into its new text, inside the caller's
/// transaction: the SQLite store's `claims::carry_claims` ([`carry::carry`]
/// decides; this writes each change with its claim events, then the
/// suggestions no live claim covers). The story's live claims are locked
/// while they move.
pub(super) fn carry_claims(
    pg: &mut Pg<'_>,
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
    // In the order SQLite reads them (its index on story and status).
    let live: Vec<HeldClaim> = pg
        .query(
            "SELECT id, start_offset, end_offset, prefix, suffix, text, status, kind, value,
                    speaker
             FROM claims WHERE story_id = $1 AND detached = 0
             ORDER BY status COLLATE \"C\", id
             FOR UPDATE",
            &[&story_id],
        )?
        .iter()
        .map(|row| {
            Ok(HeldClaim {
                id: row.try_get(0)?,
                start: row.try_get(1)?,
                end: row.try_get(2)?,
                prefix: row.try_get(3)?,
                suffix: row.try_get(4)?,
                text: row.try_get(5)?,
                status: claim_status(row.try_get(6)?)?,
                kind: row.try_get(7)?,
                value: row.try_get(8)?,
                speaker: row.try_get(9)?,
            })
        })
        .collect::<Result<_>>()?;
    // Claims an earlier edit detached, to take back if their text returns.
    let gone: Vec<DetachedClaim> = pg
        .query(
            "SELECT id, text, prefix, suffix FROM claims
             WHERE story_id = $1 AND detached = 1 AND text <> '' AND strpos($2, text) > 0
             ORDER BY id
             FOR UPDATE",
            &[&story_id, &new_body],
        )?
        .iter()
        .map(|row| {
            Ok(DetachedClaim {
                id: row.try_get(0)?,
                text: row.try_get(1)?,
                prefix: row.try_get(2)?,
                suffix: row.try_get(3)?,
            })
        })
        .collect::<Result<_>>()?;
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
                pg.execute(
                    "UPDATE claims SET revision_id = $1, start_offset = $2, end_offset = $3,
                         text = $4, prefix = $5, suffix = $6, updated_at = $7, value = $9,
                         speaker = $10
                     WHERE id = $8",
                    &[
                        &revision_id,
                        &start,
                        &end,
                        &text,
                        &prefix,
                        &suffix,
                        &now,
                        &id,
                        &value,
                        &speaker,
                    ],
                )?;
                if let Some(detail) = text_changed {
                    claim_event(pg, id, actor, now, "text-changed", None, None, &detail)?;
                }
                if let Some(reset) = reset {
                    reset_status(pg, id, actor, now, &reset.detail)?;
                }
            }
            ClaimChange::Detached { id, detail, reset } => {
                pg.execute(
                    "UPDATE claims SET detached = 1, revision_id = $1, updated_at = $2
                     WHERE id = $3",
                    &[&revision_id, &now, &id],
                )?;
                claim_event(pg, id, actor, now, "reanchor", None, None, &detail)?;
                if let Some(reset) = reset {
                    reset_status(pg, id, actor, now, &reset.detail)?;
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
                pg.execute(
                    "UPDATE claims SET detached = 0, revision_id = $1, start_offset = $2,
                         end_offset = $3, prefix = $4, suffix = $5, updated_at = $6
                     WHERE id = $7",
                    &[&revision_id, &start, &end, &prefix, &suffix, &now, &id],
                )?;
                claim_event(pg, id, actor, now, "reanchor", None, None, &detail)?;
            }
        }
    }
    insert_suggestions(pg, story_id, revision_id, new_body, &fresh, now)
}

/// A verified claim whose text was edited or lost goes back to unchecked,
/// with a status event.
fn reset_status(
    pg: &mut Pg<'_>,
    id: i64,
    actor: &str,
    now: &str,
    detail: &serde_json::Value,
) -> Result<()> {
    pg.execute(
        "UPDATE claims SET status = $2 WHERE id = $1",
        &[&id, &ClaimStatus::Unchecked.as_str()],
    )?;
    claim_event(
        pg,
        id,
        actor,
        now,
        "status",
        Some(ClaimStatus::Verified),
        Some(ClaimStatus::Unchecked),
        detail,
    )?;
    Ok(())
}

/// Dismisses or restores a claim, inside the caller's transaction; the
/// claim as it is afterwards.
fn dismiss(pg: &mut Pg<'_>, id: i64, dismissed: bool, actor: &str, now: &str) -> Result<Claim> {
    let before = claim_in(pg, id, true)?;
    if before.dismissed != dismissed {
        pg.execute(
            "UPDATE claims SET dismissed = $1, updated_at = $2 WHERE id = $3",
            &[&i64::from(dismissed), &now, &id],
        )?;
        claim_event(
            pg,
            id,
            actor,
            now,
            "dismiss",
            None,
            None,
            &json!({ "dismissed": dismissed }),
        )?;
    }
    claim_in(pg, id, false)
}

/// The tsquery (its text) that matches a story naming any of `names`: FTS5's
/// `"name" OR "name"` over the search index. Each name is folded and split
/// into words as the index's words are (`wiredesk_fold`, then every run of
/// letters and digits a word, as FTS5's unicode61 tokenizer splits), and
/// its phrase is asked for inside the headline (weight A) or inside the
/// body (D), as an FTS5 phrase stays inside one column. None when no name
/// has a word.
fn naming_query(pg: &mut Pg<'_>, names: &[String]) -> Result<Option<String>> {
    let names: Vec<String> = names
        .iter()
        .map(|name| name.replace('"', ""))
        .filter(|name| !name.is_empty())
        .collect();
    if names.is_empty() {
        return Ok(None);
    }
    let phrases = pg.query(
        "SELECT regexp_split_to_array(
                    btrim(regexp_replace(wiredesk_fold(name), '[^[:alnum:]]+', ' ', 'g')), ' ')
         FROM unnest($1::text[]) WITH ORDINALITY AS names (name, n)
         ORDER BY n",
        &[&names],
    )?;
    let mut terms = Vec::new();
    for row in phrases {
        let words: Vec<String> = row.try_get(0)?;
        let words: Vec<String> = words
            .into_iter()
            .filter(|word| !word.is_empty())
            .map(|word| word.replace('\\', "\\\\").replace('\'', "''"))
            .collect();
        if words.is_empty() {
            continue;
        }
        let phrase = |weight: &str| {
            words
                .iter()
                .map(|word| format!("'{word}':{weight}"))
                .collect::<Vec<_>>()
                .join(" <-> ")
        };
        terms.push(format!("({}) | ({})", phrase("A"), phrase("D")));
    }
    Ok((!terms.is_empty()).then(|| terms.join(" | ")))
}

/// The live figure claims of each story in `story_ids` (as
/// `Store::figure_claims`), each story's in the order `PgStore::claims`
/// gives them, for [`PgStore::story_checks`].
pub(super) fn figure_claims_by_story(
    pg: &mut Pg<'_>,
    story_ids: &[i64],
) -> Result<HashMap<i64, Vec<Claim>>> {
    let sql = format!(
        "SELECT {CLAIM_COLUMNS} FROM claims WHERE story_id = ANY($1) AND {FIGURE_CLAIM}
         ORDER BY story_id, detached, start_offset, end_offset, id"
    );
    let mut by_story: HashMap<i64, Vec<Claim>> = HashMap::new();
    for row in pg.query(&sql, &[&story_ids])? {
        let story_id: i64 = row.try_get(1)?;
        by_story.entry(story_id).or_default().push(claim_row(&row)?);
    }
    Ok(by_story)
}

impl PgStore {
    /// A story's claims in text order (detached ones last), dismissed
    /// suggestions included and marked.
    pub fn claims(&self, story_id: i64) -> Result<Vec<Claim>> {
        let sql = format!(
            "SELECT {CLAIM_COLUMNS} FROM claims WHERE story_id = $1
             ORDER BY detached, start_offset, end_offset, id"
        );
        self.read(|pg| {
            head(pg, story_id)?;
            pg.query(&sql, &[&story_id])?
                .iter()
                .map(claim_row)
                .collect()
        })
    }

    /// Other stories whose current text names any of `names`, most recent
    /// first (at most `limit`), each with its body and its live quantity
    /// claims. "Most recent" is the newest head revision, as SQLite reads
    /// its search index in reverse.
    pub fn quantity_claims_naming(
        &self,
        story_id: i64,
        names: &[String],
        limit: u32,
    ) -> Result<Vec<StoryFigures>> {
        self.read(|pg| {
            let Some(query) = naming_query(pg, names)? else {
                return Ok(Vec::new());
            };
            let stories = pg.query(
                "SELECT r.story_id, r.body FROM stories s
                 JOIN revisions r ON r.id = s.head_revision_id
                 WHERE r.search @@ $1::text::tsquery AND r.story_id <> $2
                 ORDER BY r.id DESC LIMIT $3",
                &[&query, &story_id, &i64::from(limit)],
            )?;
            stories
                .iter()
                .map(|row| {
                    let id: i64 = row.try_get(0)?;
                    let claims = pg
                        .query(
                            "SELECT id, text, start_offset, end_offset FROM claims
                             WHERE story_id = $1 AND kind = 'quantity' AND dismissed = 0
                               AND detached = 0
                             ORDER BY start_offset",
                            &[&id],
                        )?
                        .iter()
                        .map(|row| {
                            Ok(FigureClaim {
                                id: row.try_get(0)?,
                                text: row.try_get(1)?,
                                start: row.try_get(2)?,
                                end: row.try_get(3)?,
                            })
                        })
                        .collect::<Result<_>>()?;
                    Ok(StoryFigures {
                        story_id: id,
                        body: row.try_get(1)?,
                        claims,
                    })
                })
                .collect()
        })
    }

    pub fn claim(&self, id: i64) -> Result<Claim> {
        self.read(|pg| claim_in(pg, id, false))
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
        let now = time_stamp::now();
        self.write(|pg| {
            let Head {
                id: revision_id,
                body,
                ..
            } = head(pg, story_id)?;
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
            let held = pg.query_opt(
                "SELECT id FROM claims WHERE story_id = $1 AND kind = $2 AND detached = 0
                   AND start_offset = $3 AND end_offset = $4
                 ORDER BY id LIMIT 1",
                &[&story_id, &kind.as_str(), &(start as i64), &(end as i64)],
            )?;
            if let Some(row) = held {
                return dismiss(pg, row.try_get(0)?, false, actor, &now);
            }
            let (prefix, suffix) = anchor::quote_context(&body, from, to);
            let id: i64 = pg
                .query_one(
                    "INSERT INTO claims (story_id, revision_id, kind, text, origin, start_offset,
                         end_offset, prefix, suffix, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, 'manual', $5, $6, $7, $8, $9, $9)
                     RETURNING id",
                    &[
                        &story_id,
                        &revision_id,
                        &kind.as_str(),
                        &text,
                        &(start as i64),
                        &(end as i64),
                        &prefix,
                        &suffix,
                        &now,
                    ],
                )?
                .try_get(0)?;
            claim_event(
                pg,
                id,
                actor,
                &now,
                "created",
                None,
                Some(ClaimStatus::Unchecked),
                &json!({ "kind": kind.as_str(), "text": text, "start": start, "end": end }),
            )?;
            claim_in(pg, id, false)
        })
    }

    /// Changes a claim's status, assignee and/or adds a note: one event per
    /// change, all in one transaction, the claim's row locked.
    pub fn update_claim(
        &mut self,
        id: i64,
        status: Option<ClaimStatus>,
        note: Option<&str>,
        assignee: Option<&str>,
        actor: &str,
    ) -> Result<Claim> {
        let now = time_stamp::now();
        self.write(|pg| {
            let before = claim_in(pg, id, true)?;
            if let Some(status) = status.filter(|s| *s != before.status) {
                pg.execute(
                    "UPDATE claims SET status = $1, updated_at = $2 WHERE id = $3",
                    &[&status.as_str(), &now, &id],
                )?;
                claim_event(
                    pg,
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
                    pg.execute(
                        "UPDATE claims SET assignee = $1, updated_at = $2 WHERE id = $3",
                        &[&assignee, &now, &id],
                    )?;
                    claim_event(
                        pg,
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
                    pg,
                    id,
                    actor,
                    &now,
                    "note",
                    None,
                    None,
                    &json!({ "note": note }),
                )?;
            }
            claim_in(pg, id, false)
        })
    }

    /// Records a piece of evidence on a claim.
    pub fn add_claim_evidence(
        &mut self,
        id: i64,
        evidence: &Evidence,
        actor: &str,
    ) -> Result<ClaimEvent> {
        let (kind, text) = match evidence {
            Evidence::Url(text) => ("url", text),
            Evidence::Doc(text) => ("doc", text),
            Evidence::Contact(text) => ("contact", text),
        };
        let text = text.trim();
        let now = time_stamp::now();
        self.write(|pg| {
            claim_in(pg, id, true)?;
            if text.is_empty() {
                return Err(Error::InvalidInput(format!("empty {kind} evidence")));
            }
            let event_id = claim_event(
                pg,
                id,
                actor,
                &now,
                "evidence",
                None,
                None,
                &json!({ kind: text }),
            )?;
            let row = pg
                .query_opt(
                    "SELECT id, claim_id, actor, created_at, event, from_status, to_status, detail
                     FROM claim_events WHERE id = $1",
                    &[&event_id],
                )?
                .ok_or(Error::ClaimNotFound(id))?;
            event_row(&row)
        })
    }

    /// Dismisses a claim (it is kept, marked dismissed) or restores it.
    pub fn dismiss_claim(&mut self, id: i64, dismissed: bool, actor: &str) -> Result<Claim> {
        let now = time_stamp::now();
        self.write(|pg| dismiss(pg, id, dismissed, actor, &now))
    }

    /// Every event of a claim, oldest first.
    pub fn claim_history(&self, id: i64) -> Result<Vec<ClaimEvent>> {
        self.read(|pg| {
            claim_in(pg, id, false)?;
            pg.query(
                "SELECT id, claim_id, actor, created_at, event, from_status, to_status, detail
                 FROM claim_events WHERE claim_id = $1 ORDER BY id",
                &[&id],
            )?
            .iter()
            .map(event_row)
            .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    //! On the test server (`WIREDESK_TEST_PG`), skipped without one: claims,
    //! merges and exports of a story written straight into a fresh team
    //! library (the ingest path has tests of its own).

    use super::*;
    use crate::store::StoredMeta;

    const BODY: &str = "The army sent 700 troops to the border on Monday.\n\n\
                        Officials said the talks would continue.";

    /// A story of one wire revision with the detector's suggestions.
    fn seed(store: &PgStore, guid: &str, headline: &str, body: &str) -> (i64, i64) {
        let suggestions = crate::claims::detect(body, &Default::default());
        let now = time_stamp::now();
        store
            .write(|pg| {
                pg.execute(
                    "INSERT INTO sources (code, name) VALUES ('test', 'Test Agency')
                     ON CONFLICT DO NOTHING",
                    &[],
                )?;
                let story: i64 = pg
                    .query_one(
                        "INSERT INTO stories (source_id, guid, first_received_at, last_received_at,
                             wire_versions)
                         SELECT id, $1, $2, $2, 1 FROM sources WHERE code = 'test' RETURNING id",
                        &[&guid, &now],
                    )?
                    .try_get(0)?;
                let copy: i64 = pg
                    .query_one(
                        "INSERT INTO feed_copies (story_id, wire_version, file_name, format,
                             encoding, sha256, byte_len, bytes, received_at)
                         VALUES ($1, 1, 'x.txt', 'text', 'utf-8', $2, 1, '\\x00', $3)
                         RETURNING id",
                        &[&story, &guid, &now],
                    )?
                    .try_get(0)?;
                let revision: i64 = pg
                    .query_one(
                        "INSERT INTO revisions (story_id, kind, feed_copy_id, author, created_at,
                             headline, body, agency_version)
                         VALUES ($1, 'wire', $2, 'ingest', $3, $4, $5, 1) RETURNING id",
                        &[&story, &copy, &now, &headline, &body],
                    )?
                    .try_get(0)?;
                pg.execute(
                    "UPDATE stories SET head_revision_id = $1 WHERE id = $2",
                    &[&revision, &story],
                )?;
                insert_suggestions(pg, story, revision, body, &suggestions, &now)?;
                Ok((story, revision))
            })
            .expect("seeded")
    }

    /// An edit revision of `body` that becomes the head, the claims carried.
    fn edit(store: &PgStore, story: i64, parent: i64, old: &str, body: &str) -> i64 {
        let suggestions = crate::claims::detect(body, &Default::default());
        let now = time_stamp::now();
        store
            .write(|pg| {
                let revision: i64 = pg
                    .query_one(
                        "INSERT INTO revisions (story_id, parent_id, kind, author, created_at,
                             headline, body)
                         VALUES ($1, $2, 'edit', 'anna', $3, 'Troops sent', $4) RETURNING id",
                        &[&story, &parent, &now, &body],
                    )?
                    .try_get(0)?;
                pg.execute(
                    "UPDATE stories SET head_revision_id = $1 WHERE id = $2",
                    &[&revision, &story],
                )?;
                let carried = Carried {
                    story_id: story,
                    revision_id: revision,
                    old_body: old,
                    new_body: body,
                    suggestions: &suggestions,
                };
                carry_claims(pg, &carried, "anna", &now)?;
                Ok(revision)
            })
            .expect("edited")
    }

    fn store() -> Option<PgStore> {
        let server = crate::team_test::server()?;
        let url = crate::team_test::fresh_database(&server);
        Some(PgStore::init(&url).expect("a team library"))
    }

    #[test]
    fn claims_are_marked_checked_and_carried_on_a_team_library() {
        let Some(mut store) = store() else { return };
        assert!(matches!(store.claims(999), Err(Error::StoryNotFound(999))));
        assert!(matches!(store.claim(999), Err(Error::ClaimNotFound(999))));
        let (story, wire) = seed(&store, "a-1", "Troops sent", BODY);
        let suggested = store.claims(story).expect("claims");
        let troops = suggested
            .iter()
            .find(|c| c.kind == ClaimKind::Quantity)
            .expect("the detector's quantity")
            .clone();
        assert_eq!(troops.origin, "suggested");
        assert_eq!(
            &BODY.chars().collect::<Vec<_>>()[troops.start as usize..troops.end as usize]
                .iter()
                .collect::<String>(),
            &troops.text
        );

        let start = BODY.find("Officials").expect("officials");
        let end = start + "Officials said the talks would continue".len();
        let manual = store
            .add_claim(story, start, end, ClaimKind::Statement, "anna")
            .expect("added");
        assert_eq!(manual.origin, "manual");
        assert_eq!(manual.text, "Officials said the talks would continue");
        assert!(matches!(
            store.add_claim(story, 5, 5, ClaimKind::Statement, "anna"),
            Err(Error::InvalidInput(_))
        ));
        let again = store
            .add_claim(story, start, end, ClaimKind::Statement, "anna")
            .expect("the same claim");
        assert_eq!(again.id, manual.id);

        let id = manual.id.get();
        let dismissed = store.dismiss_claim(id, true, "anna").expect("dismissed");
        assert!(dismissed.dismissed);
        let back = store
            .add_claim(story, start, end, ClaimKind::Statement, "anna")
            .expect("restored");
        assert!(!back.dismissed);

        let checked = store
            .update_claim(
                id,
                Some(ClaimStatus::Verified),
                Some(" called the ministry "),
                Some(" ben "),
                "anna",
            )
            .expect("updated");
        assert_eq!(checked.status, ClaimStatus::Verified);
        assert_eq!(checked.assignee.as_deref(), Some("ben"));
        let evidence = store
            .add_claim_evidence(id, &Evidence::Url(" https://x.example ".into()), "anna")
            .expect("evidence");
        assert_eq!(evidence.detail, json!({ "url": "https://x.example" }));
        assert!(matches!(
            store.add_claim_evidence(id, &Evidence::Doc("  ".into()), "anna"),
            Err(Error::InvalidInput(_))
        ));
        let events: Vec<String> = store
            .claim_history(id)
            .expect("history")
            .into_iter()
            .map(|e| e.event)
            .collect();
        assert_eq!(
            events,
            ["created", "dismiss", "dismiss", "status", "assign", "note", "evidence"]
        );

        // An edit inside the verified claim: moved, its text changed, back
        // to unchecked; the suggested troops move with their text.
        let new_body = BODY.replace("the talks would continue", "the talks would go on");
        edit(&store, story, wire, BODY, &new_body);
        let moved = store.claim(id).expect("moved");
        assert_eq!(moved.text, "Officials said the talks would go on");
        assert_eq!(moved.status, ClaimStatus::Unchecked);
        let events: Vec<String> = store
            .claim_history(id)
            .expect("history")
            .into_iter()
            .map(|e| e.event)
            .collect();
        assert_eq!(&events[7..], ["text-changed", "status"]);
        assert_eq!(
            store.claim(troops.id.get()).expect("kept").text,
            troops.text
        );

        // Text order, detached claims last.
        let listed = store.claims(story).expect("claims");
        let mut sorted = listed.clone();
        sorted.sort_by_key(|c| (c.detached, c.start, c.end, c.id));
        assert_eq!(listed, sorted);

        // Another story naming the army shows its figures.
        let (other, _) = seed(&store, "a-2", "Army", "The army lost 40 tanks.");
        let naming = store
            .quantity_claims_naming(story, &["Army".into(), "\"".into()], 10)
            .expect("naming");
        assert_eq!(naming.len(), 1);
        assert_eq!(naming[0].story_id, other);
        assert_eq!(naming[0].claims.len(), 1);
        assert!(store
            .quantity_claims_naming(story, &["navy".into()], 10)
            .expect("naming")
            .is_empty());
    }

    #[test]
    fn merges_and_exports_are_recorded_on_a_team_library() {
        let Some(mut store) = store() else { return };
        let (story, wire) = seed(&store, "b-1", "Troops sent", BODY);
        let head = edit(&store, story, wire, BODY, "Edited.");
        let base = store.merge_base(story).expect("base");
        assert_eq!(base.head, head);
        assert_eq!(base.wire_base, Some(wire));
        assert!(matches!(
            store.merge_base(999),
            Err(Error::StoryNotFound(999))
        ));

        let conflicts = vec![
            ("a".to_owned(), "b".to_owned(), "c".to_owned()),
            ("d".to_owned(), "e".to_owned(), "f".to_owned()),
        ];
        let first = store
            .create_merge(story, (wire, head, wire), &conflicts)
            .expect("merge");
        assert_eq!(
            store.open_merge(story, head, wire).expect("open"),
            Some(first)
        );
        let stored = store.merge_conflicts(first).expect("conflicts");
        assert_eq!(stored.iter().map(|c| c.number).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(store.unresolved_conflicts(story).expect("count"), 2);
        assert_eq!(
            store
                .resolve_conflict(story, stored[0].id, "chosen", "anna")
                .expect("resolved"),
            first
        );
        assert!(matches!(
            store.open_conflict(story + 1, stored[0].id),
            Err(Error::InvalidInput(_))
        ));
        // A new merge supersedes the open one and keeps its choices.
        let second = store
            .create_merge(story, (wire, head, wire), &conflicts)
            .expect("merge");
        assert_eq!(
            store.open_merge(story, head, wire).expect("open"),
            Some(second)
        );
        let carried = store.merge_conflicts(second).expect("conflicts");
        assert_eq!(carried[0].resolution.as_deref(), Some("chosen"));
        assert_eq!(store.unresolved_conflicts(story).expect("count"), 1);
        let open = store.open_conflict(story, carried[1].id).expect("open");
        assert_eq!((open.merge_id, open.ours.as_str()), (second, "e"));
        let revisions = store.merge_revisions(second).expect("revisions");
        assert_eq!((revisions.story_id, revisions.ours), (story, head));
        store.finish_merge(second, head).expect("finished");
        assert_eq!(store.open_merge(story, head, wire).expect("open"), None);
        assert_eq!(store.unresolved_conflicts(story).expect("count"), 0);

        let export = store
            .record_export(story, head, "txt", "anna", Some("out.txt"), None, "abc")
            .expect("export");
        let exports = store.exports(story).expect("exports");
        assert_eq!(exports.len(), 1);
        assert_eq!(exports[0].id, export);
        assert_eq!(exports[0].destination.as_deref(), Some("out.txt"));
        let StoredMeta {
            agency,
            agency_known,
            latest_wire,
            ..
        } = store.export_meta(story, head).expect("meta");
        assert_eq!((agency.as_str(), agency_known), ("Test Agency", true));
        assert_eq!(latest_wire.and_then(|w| w.agency_version), Some(1));
        assert!(matches!(
            store.export_meta(story, head + 100),
            Err(Error::InvalidInput(_))
        ));

        store
            .acknowledge_finding(story, "k1", "quote", "text", "anna", "checked")
            .expect("acknowledged");
        store
            .acknowledge_finding(story, "k1", "quote", "text", "ben", "again")
            .expect("acknowledged again");
        let acknowledged = store.acknowledgements(story).expect("acknowledgements");
        assert_eq!(acknowledged.len(), 1);
        assert_eq!(acknowledged["k1"].actor, "ben");
        let audit: Vec<String> = store
            .read(|pg| {
                pg.query("SELECT action FROM audit_log ORDER BY id", &[])?
                    .iter()
                    .map(|row| Ok(row.try_get(0)?))
                    .collect()
            })
            .expect("audit");
        assert_eq!(audit, ["export", "acknowledge", "acknowledge"]);
    }
}
