//! Integrity findings and their acknowledgements.

use std::collections::HashMap;

use super::*;
use crate::ingest;
use crate::model::Acknowledgement;
use crate::store::StoryChecks;

/// How many other stories (the newest naming the same names) a story's
/// figures are compared with.
const FIGURE_NEIGHBOURS: u32 = 60;

/// An integrity finding's name: a digest of what it says (kind, the text,
/// what the wire or the other story says), not of where it sits.
fn finding_key(finding: &IntegrityFinding) -> String {
    let digest = Sha256::digest(
        format!(
            "{}\u{0}{}\u{0}{}\u{0}{}",
            finding.kind,
            finding.text,
            finding.wire_text.as_deref().unwrap_or(""),
            finding.other_story_id.unwrap_or(0)
        )
        .as_bytes(),
    );
    format!("{digest:x}")[..12].to_owned()
}

/// How many counts [`FindingCounts`] keeps: a few pages of the inbox for
/// each of its filters.
const KEPT_COUNTS: usize = 20_000;

/// The inbox's count of each story's findings not acknowledged, kept by
/// what it was counted from: the story's text, its wire versions and what
/// cleaning took out of them, its live figure claims and the desk's
/// acknowledgements ([`StoryChecks`], all of it). The inbox reads its page
/// again on every change the desk sees; only the stories whose checks read
/// something new are counted again. A count is a function of the checks
/// alone, so one kept under the same digest is the count.
#[derive(Default)]
pub(super) struct FindingCounts {
    counts: std::sync::Mutex<HashMap<u64, i64>>,
}

impl FindingCounts {
    /// The count of each of `checks`, in order: the one kept for the same
    /// checks, else worked out (the stories new to this desktop on all its
    /// cores at once: a page is 200 stories) and kept.
    pub(super) fn counts_of(&self, checks: &[StoryChecks]) -> Vec<i64> {
        let digests: Vec<u64> = checks.iter().map(checks_digest).collect();
        let mut counts: Vec<Option<i64>> = match self.counts.lock() {
            Ok(kept) => digests.iter().map(|d| kept.get(d).copied()).collect(),
            Err(_) => vec![None; checks.len()],
        };
        let missing: Vec<usize> = (0..checks.len()).filter(|&i| counts[i].is_none()).collect();
        let workers = std::thread::available_parallelism()
            .map_or(1, usize::from)
            .min(missing.len() / MIN_COUNTS_PER_WORKER)
            .max(1);
        let chunk = missing.len().div_ceil(workers).max(1);
        let worked_out: Vec<(usize, i64)> = if workers == 1 {
            missing
                .iter()
                .map(|&i| (i, open_own_copy_count(&checks[i])))
                .collect()
        } else {
            std::thread::scope(|scope| {
                let handles: Vec<_> = missing
                    .chunks(chunk)
                    .map(|part| {
                        scope.spawn(move || {
                            part.iter()
                                .map(|&i| (i, open_own_copy_count(&checks[i])))
                                .collect::<Vec<_>>()
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .flat_map(|handle| match handle.join() {
                        Ok(part) => part,
                        Err(panic) => std::panic::resume_unwind(panic),
                    })
                    .collect()
            })
        };
        if let Ok(mut kept) = self.counts.lock() {
            if kept.len() + worked_out.len() > KEPT_COUNTS {
                kept.clear();
            }
            for &(i, count) in &worked_out {
                kept.insert(digests[i], count);
            }
        }
        for (i, count) in worked_out {
            counts[i] = Some(count);
        }
        counts.into_iter().map(|c| c.unwrap_or_default()).collect()
    }
}

/// Fewer stories than this to count are counted on one core: a thread
/// costs more than a few stories' checks.
const MIN_COUNTS_PER_WORKER: usize = 16;

/// A digest of everything in `checks` that the findings against the
/// story's own copy read.
fn checks_digest(checks: &StoryChecks) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    checks.story_id.hash(&mut hasher);
    checks.bodies.head_kind.hash(&mut hasher);
    checks.bodies.head_body.hash(&mut hasher);
    checks.bodies.wire_bodies.hash(&mut hasher);
    checks.headline.hash(&mut hasher);
    for metadata in &checks.wire_metadata {
        metadata.to_string().hash(&mut hasher);
    }
    for claim in &checks.figure_claims {
        claim.id.hash(&mut hasher);
        claim.kind.as_str().hash(&mut hasher);
        claim.text.hash(&mut hasher);
        (claim.start, claim.end, claim.dismissed, claim.detached).hash(&mut hasher);
    }
    let mut acknowledged: Vec<&String> = checks.acknowledgements.keys().collect();
    acknowledged.sort_unstable();
    acknowledged.hash(&mut hasher);
    hasher.finish()
}

/// How far [`Library::findings`] looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FindingScope {
    /// The story against its own wire copy, and its figures against each
    /// other: a few reads, no search.
    OwnCopy,
    /// [`FindingScope::OwnCopy`] and the figures other held stories report.
    AcrossLibrary,
}

impl Library {
    /// What in the story's current text the agency's copy does not back
    /// (see [`claims::integrity`]; none while the story is still its wire
    /// text), and figures that other held stories report differently for
    /// the same subject (see [`claims::figures`]).
    pub fn integrity(&self, story_id: i64) -> Result<Vec<IntegrityFinding>> {
        self.findings(story_id, FindingScope::AcrossLibrary)
    }

    /// What in the story's current text the agency's copy does not back
    /// (see [`claims::integrity`]; none while the story is still its wire
    /// text), with keys and acknowledgements: [`Library::integrity`]
    /// without the comparison with other stories. A few reads of the
    /// story's own revisions, so the app shows it as the story opens.
    pub fn wire_findings(&self, story_id: i64) -> Result<Vec<IntegrityFinding>> {
        self.findings(story_id, FindingScope::OwnCopy)
    }

    /// The figures other held stories report differently for the same
    /// subject (`figure-differs`, see [`claims::figures`]), with keys and
    /// acknowledgements: the rest of [`Library::integrity`] beside
    /// [`Library::wire_findings`]. It searches the library for the names
    /// around the story's figures and reads the neighbours it finds, so
    /// the app asks for it once the story is open.
    pub fn figure_findings(&self, story_id: i64) -> Result<Vec<IntegrityFinding>> {
        let body = self.store.head_body(story_id)?;
        let claims = self.store.claims(story_id)?;
        let findings = self.figure_conflicts(story_id, &body, &claims)?;
        let acknowledged = self.store.acknowledgements(story_id)?;
        Ok(keyed(findings, &acknowledged))
    }

    /// The findings against the story's own wire copy, with the figures
    /// other stories report ([`FindingScope::AcrossLibrary`]) or without
    /// them: the inbox counts only what the wire copy does not back, which
    /// needs no search.
    pub(super) fn findings(
        &self,
        story_id: i64,
        scope: FindingScope,
    ) -> Result<Vec<IntegrityFinding>> {
        let checks = self
            .store
            .story_checks(&[story_id])?
            .pop()
            .ok_or(Error::StoryNotFound(story_id))?;
        self.findings_of(&checks, scope)
    }

    /// [`Library::findings`] from what the store read for the story.
    pub(super) fn findings_of(
        &self,
        checks: &StoryChecks,
        scope: FindingScope,
    ) -> Result<Vec<IntegrityFinding>> {
        let mut findings = own_copy_findings(checks);
        let body = &checks.bodies.head_body;
        if scope == FindingScope::AcrossLibrary {
            findings.extend(self.figure_conflicts(checks.story_id, body, &checks.figure_claims)?);
        }
        Ok(keyed(findings, &checks.acknowledgements))
    }

    /// Accepts an integrity finding (by its `key`, as [`Library::integrity`]
    /// lists it) with the desk's reason: it no longer holds the story at
    /// the publish gate. Recorded in the audit log.
    pub fn acknowledge_finding(&mut self, story_id: i64, key: &str, reason: &str) -> Result<()> {
        let reason = ingest::controls::without_controls(reason);
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::InvalidInput(
                "say why the finding is acceptable: the reason is kept with the story".into(),
            ));
        }
        within_limit("the reason", reason, MAX_NOTE_CHARS)?;
        let findings = self.integrity(story_id)?;
        let finding = findings.iter().find(|f| f.key == key).ok_or_else(|| {
            Error::InvalidInput(format!(
                "story {story_id} has no integrity finding {key} (list them with `wiredesk integrity {story_id}`)"
            ))
        })?;
        self.store.acknowledge_finding(
            story_id,
            key,
            &finding.kind,
            &finding.text,
            &self.actor,
            reason,
        )
    }

    /// The story's quantity claims that another held story reports with
    /// another number for the same subject.
    fn figure_conflicts(
        &self,
        story_id: i64,
        body: &str,
        claims: &[Claim],
    ) -> Result<Vec<IntegrityFinding>> {
        use claims::figures;
        // This story's figures, each with the names of its sentence.
        let located = |body: &str, text: &str, start: i64, end: i64| {
            let figure = figures::figure(text)?;
            let from = claims::anchor::byte_offset(body, start as usize)?;
            let to = claims::anchor::byte_offset(body, end as usize)?;
            let names = figures::names(figures::sentence_around(body, from, to));
            Some((figure, names))
        };
        let mine: Vec<(&Claim, figures::Figure, Vec<String>)> = claims
            .iter()
            .filter(|c| c.kind == ClaimKind::Quantity && !c.dismissed && !c.detached)
            .filter_map(|c| {
                let (figure, names) = located(body, &c.text, c.start, c.end)?;
                (!names.is_empty()).then_some((c, figure, names))
            })
            .collect();
        let mut all_names: Vec<String> = mine.iter().flat_map(|(_, _, n)| n.clone()).collect();
        all_names.sort();
        all_names.dedup();
        // The newest stories naming the same places and people: enough to
        // catch the figures a desk is comparing this week, and cheap enough
        // to run whenever a story opens in a library of millions.
        let others = self
            .store
            .quantity_claims_naming(story_id, &all_names, FIGURE_NEIGHBOURS)?;
        let mut findings = Vec::new();
        for (claim, figure, names) in &mine {
            let conflict = others.iter().find_map(|other_story| {
                other_story.claims.iter().find_map(|c| {
                    let (other, other_names) = located(&other_story.body, &c.text, c.start, c.end)?;
                    figures::differ(figure, names, &other, &other_names)
                        .then(|| (other_story.story_id, c.text.clone(), other_names))
                })
            });
            if let Some((other_id, other_text, other_names)) = conflict {
                let shared: Vec<&String> =
                    names.iter().filter(|n| other_names.contains(n)).collect();
                let shared = shared
                    .iter()
                    .map(|n| n.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                findings.push(IntegrityFinding {
                    kind: "figure-differs".into(),
                    start: claim.start,
                    end: claim.end,
                    text: claim.text.clone(),
                    message: format!(
                        "story {other_id} reports \"{other_text}\" ({shared}) where this says \"{}\"",
                        claim.text
                    ),
                    wire_text: Some(other_text),
                    related_start: None,
                    related_end: None,
                    other_story_id: Some(other_id),
                    key: String::new(),
                    acknowledged: None,
                });
            }
        }
        Ok(findings)
    }
}

/// The findings against the story's own copy, unkeyed: what its wire
/// copy does not back (once the desk has edited it), and its figures that
/// contradict each other. Reads nothing but `checks`.
fn own_copy_findings(checks: &StoryChecks) -> Vec<IntegrityFinding> {
    let HeadAndWireBodies {
        head_kind: kind,
        head_body: body,
        wire_bodies: wire,
    } = &checks.bodies;
    let mut findings = Vec::new();
    if let (false, Some(original)) = (*kind == RevisionKind::Wire, wire.first()) {
        // What cleaning took out is still the agency's text: a passage
        // the desk puts back is backed by the wire copy.
        let removed: Vec<String> = checks
            .wire_metadata
            .iter()
            .flat_map(ingest::removals_in)
            .map(|removal| removal.text)
            .collect();
        let wire: Vec<&str> = wire.iter().chain(&removed).map(String::as_str).collect();
        findings.extend(
            claims::integrity::check(body, original, &wire)
                .into_iter()
                .map(|finding| IntegrityFinding {
                    kind: serde_json::to_value(finding.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                    start: claims::anchor::scalar_offset(body, finding.start) as i64,
                    end: claims::anchor::scalar_offset(body, finding.end) as i64,
                    text: finding.text,
                    wire_text: finding.wire_text,
                    related_start: None,
                    related_end: None,
                    other_story_id: None,
                    message: finding.message,
                    key: String::new(),
                    acknowledged: None,
                }),
        );
    }
    findings.extend(contradictions(
        &checks.headline,
        body,
        &checks.figure_claims,
    ));
    findings
}

/// How many of the findings against the story's own copy the desk has not
/// acknowledged: the inbox's ⚑.
fn open_own_copy_count(checks: &StoryChecks) -> i64 {
    keyed(own_copy_findings(checks), &checks.acknowledgements)
        .iter()
        .filter(|f| f.acknowledged.is_none())
        .count() as i64
}

/// Figures of the story's current text that contradict each other: the
/// same measure stated as current with different values, in the body
/// or between the headline and the body (`figure-contradicts`, see
/// [`claims::contradictions`]). The finding sits on the first figure
/// of the body and names the other's place.
fn contradictions(headline: &str, body: &str, claims: &[Claim]) -> Vec<IntegrityFinding> {
    use claims::contradictions::{self, FigureClaim, Place};
    let stored: Vec<&Claim> = claims
        .iter()
        .filter(|c| !c.dismissed && !c.detached)
        .filter(|c| matches!(c.kind, ClaimKind::Quantity | ClaimKind::Percentage))
        .collect();
    let claims: Vec<FigureClaim> = stored
        .iter()
        .filter_map(|c| {
            let start = claims::anchor::byte_offset(body, usize::try_from(c.start).ok()?)?;
            let end = claims::anchor::byte_offset(body, usize::try_from(c.end).ok()?)?;
            (start < end && body.get(start..end) == Some(c.text.as_str())).then_some(FigureClaim {
                kind: c.kind.as_str(),
                text: &c.text,
                start,
                end,
            })
        })
        .collect();
    if claims.is_empty() {
        return Vec::new();
    }
    let in_headline = claims::detect(headline, &claims::DetectContext::default());
    let headline_claims: Vec<FigureClaim> = in_headline
        .iter()
        .filter(|s| matches!(s.kind, ClaimKind::Quantity | ClaimKind::Percentage))
        .map(|s| FigureClaim {
            kind: s.kind.as_str(),
            text: &s.text,
            start: s.start,
            end: s.end,
        })
        .collect();
    let scalar = |at: usize| claims::anchor::scalar_offset(body, at) as i64;
    // "quantity:dead/people" reads "the dead"; "quantity:dead/assailant"
    // "the dead (assailant)"; "percentage:unemployment" "unemployment".
    let measure_name = |measure: &str| -> String {
        let measure = measure.split_once(':').map_or(measure, |(_, m)| m);
        match measure.split_once('/') {
            Some((what, "people")) => format!("the {what}"),
            Some((what, who)) => format!("the {what} ({who})"),
            None => measure.to_owned(),
        }
    };
    let mut findings = Vec::new();
    for c in contradictions::find(headline, &headline_claims, body, &claims) {
        let measure = measure_name(&c.measure);
        let finding = match (c.first, c.second) {
            (
                Place::Body { start, end },
                Place::Body {
                    start: other_start,
                    end: other_end,
                },
            ) => IntegrityFinding {
                kind: "figure-contradicts".into(),
                start: scalar(start),
                end: scalar(end),
                text: c.first_text.clone(),
                wire_text: Some(c.second_text.clone()),
                related_start: Some(scalar(other_start)),
                related_end: Some(scalar(other_end)),
                other_story_id: None,
                message: format!(
                    "two different figures for {measure} in this story: \"{}\" and, further down, \"{}\"",
                    c.first_text, c.second_text
                ),
                key: String::new(),
                acknowledged: None,
            },
            (Place::Headline { .. }, Place::Body { start, end }) => IntegrityFinding {
                kind: "figure-contradicts".into(),
                start: scalar(start),
                end: scalar(end),
                text: c.second_text.clone(),
                wire_text: Some(c.first_text.clone()),
                related_start: None,
                related_end: None,
                other_story_id: None,
                message: format!(
                    "the headline says \"{}\" for {measure} where the text says \"{}\"",
                    c.first_text, c.second_text
                ),
                key: String::new(),
                acknowledged: None,
            },
            // Two figures of the headline: nothing in the body to point at.
            _ => continue,
        };
        findings.push(finding);
    }
    findings
}

/// `findings` in text order, each once, with its key and the desk's
/// acknowledgement of it if there is one.
fn keyed(
    mut findings: Vec<IntegrityFinding>,
    acknowledged: &HashMap<String, Acknowledgement>,
) -> Vec<IntegrityFinding> {
    findings.sort_by_key(|f| (f.start, f.end));
    findings.dedup_by(|a, b| {
        (&a.kind, a.start, a.end, a.related_start) == (&b.kind, b.start, b.end, b.related_start)
    });
    for finding in &mut findings {
        finding.key = finding_key(finding);
        finding.acknowledged = acknowledged.get(&finding.key).cloned();
    }
    findings
}
