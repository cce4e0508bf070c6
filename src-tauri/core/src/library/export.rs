//! The export gate, rendering, the fact-check report, and writing export files.

use super::*;
use crate::{export, ingest};

/// Writes `bytes` to `path` through a temporary file beside it and a
/// rename, so a crash never leaves half a file; an existing file is kept
/// unless `force`.
fn write_new_file(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    let failed = |source| Error::Write {
        path: path.to_owned(),
        source,
    };
    if let Some(problem) = crate::output_file::refusal(
        path,
        force,
        "the file exists already (use --force to replace it)",
    ) {
        return Err(failed(std::io::Error::other(problem)));
    }
    crate::output_file::write_through_rename(path, bytes).map_err(failed)
}

/// What [`Library::export`] is asked for: a story in a format, and where
/// the bytes go. [`ExportRequest::new`] exports the current revision,
/// returns the bytes without writing a file, and overrides nothing.
#[derive(Debug, Clone, Copy)]
pub struct ExportRequest<'a> {
    pub story_id: i64,
    pub format: export::ExportFormat,
    /// The revision to export; the current one when `None`.
    pub revision: Option<i64>,
    /// The file to write; without it the bytes are only returned.
    pub out: Option<&'a Path>,
    /// Whether a file already at `out` is replaced (else it is refused).
    pub replace_existing: bool,
    /// Why a publishing export goes past the [`Library::export_gate`]; it
    /// is recorded with the export.
    pub override_reason: Option<&'a str>,
}

impl<'a> ExportRequest<'a> {
    pub fn new(story_id: i64, format: export::ExportFormat) -> ExportRequest<'a> {
        ExportRequest {
            story_id,
            format,
            revision: None,
            out: None,
            replace_existing: false,
            override_reason: None,
        }
    }
}

impl Library {
    /// What keeps the story from being published: claims still unchecked,
    /// being checked, disputed or false; merge conflicts waiting; what the
    /// wire copy does not back. Empty when it may go.
    pub fn export_gate(&self, story_id: i64) -> Result<Vec<String>> {
        let mut reasons = Vec::new();
        let claims = self.store.claims(story_id)?;
        let timing_open = self.store.timing_open()?;
        for status in crate::domain::OPEN_STATUSES {
            let open: Vec<&Claim> = claims
                .iter()
                .filter(|c| c.status == status && c.is_open(timing_open))
                .collect();
            if !open.is_empty() {
                let shown: Vec<String> = open
                    .iter()
                    .take(5)
                    .map(|c| {
                        format!(
                            "{} \"{}\"",
                            c.id,
                            c.text.chars().take(40).collect::<String>()
                        )
                    })
                    .collect();
                let more = if open.len() > 5 { ", …" } else { "" };
                reasons.push(format!(
                    "{} claim{} {status} ({}{more})",
                    open.len(),
                    if open.len() == 1 { "" } else { "s" },
                    shown.join(", ")
                ));
            }
        }
        let conflicts = self.store.unresolved_conflicts(story_id)?;
        if conflicts > 0 {
            reasons.push(format!("{conflicts} merge conflict(s) to resolve"));
        } else if self.unmerged_wire_revision(story_id)?.is_some() {
            reasons.push(
                "the agency sent a newer version that is not merged into the desk's copy".into(),
            );
        }
        let findings: Vec<IntegrityFinding> = self
            .integrity(story_id)?
            .into_iter()
            .filter(|f| f.acknowledged.is_none())
            .collect();
        if !findings.is_empty() {
            let shown: Vec<&str> = findings
                .iter()
                .take(3)
                .map(|f| f.message.as_str())
                .collect();
            reasons.push(format!(
                "{} integrity finding(s) not acknowledged: {}",
                findings.len(),
                shown.join("; ")
            ));
        }
        Ok(reasons)
    }

    /// The fact-check report: every claim with its checking, and what the
    /// text says that the wire copy does not back.
    fn report(
        &self,
        story_id: i64,
        revision_id: i64,
        headline: &str,
        source: &str,
    ) -> Result<export::Report> {
        let mut claims = Vec::new();
        let HeadAndOriginal { head, .. } = self.store.head_and_original(story_id)?;
        let body = self.store.revision_text(story_id, head)?.body;
        for claim in self.store.claims(story_id)? {
            let events = self.store.claim_history(claim.id.get())?;
            let byte = |scalar: i64| {
                claims::anchor::byte_offset(&body, usize::try_from(scalar).unwrap_or(0))
            };
            let sentence = match (claim.detached, byte(claim.start), byte(claim.end)) {
                (false, Some(start), Some(end)) if start <= end => {
                    claims::figures::sentence_around(&body, start, end)
                        .trim()
                        .to_owned()
                }
                _ => String::new(),
            };
            let field = |event: &str, key: &str| -> Vec<String> {
                events
                    .iter()
                    .filter(|e| e.event == event)
                    .filter_map(|e| {
                        let detail = e.detail.as_object()?;
                        let text = match key {
                            "" => detail
                                .iter()
                                .map(|(k, v)| format!("{k}: {}", v.as_str().unwrap_or_default()))
                                .collect::<Vec<_>>()
                                .join(", "),
                            key => detail.get(key)?.as_str()?.to_owned(),
                        };
                        Some(format!("{text} ({}, {})", e.actor, e.created_at))
                    })
                    .collect()
            };
            let history = match events.last() {
                Some(last) => format!(
                    "{} change{}, last: {} by {} at {}",
                    events.len(),
                    if events.len() == 1 { "" } else { "s" },
                    match (&last.from_status, &last.to_status) {
                        (Some(from), Some(to)) => format!("{} {from} → {to}", last.event),
                        _ => last.event.clone(),
                    },
                    last.actor,
                    last.created_at
                ),
                None => "suggested at ingest, no changes".to_owned(),
            };
            claims.push(export::ReportClaim {
                id: claim.id,
                kind: claim.kind,
                text: claim.text,
                sentence,
                start: claim.start,
                end: claim.end,
                value: claim.value,
                speaker: claim.speaker,
                status: claim.status,
                origin: claim.origin,
                checker: claim.assignee,
                dismissed: claim.dismissed,
                detached: claim.detached,
                notes: field("note", "note"),
                evidence: field("evidence", ""),
                history,
            });
        }
        Ok(export::Report {
            story_id,
            revision_id,
            headline: headline.to_owned(),
            source: source.to_owned(),
            generated_at: time::OffsetDateTime::now_utc()
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
            generated_by: self.actor.clone(),
            claims,
            integrity: self.integrity(story_id)?,
        })
    }

    /// Exports a revision (the current one by default) of a story. A
    /// publishing format is refused while [`Library::export_gate`] has
    /// reasons, unless `override_reason` is given (it is recorded). Written
    /// to `out` through a temporary file and a rename, never over an
    /// existing file unless `replace_existing`; without `out` the bytes are
    /// returned. Every export is recorded; the story itself never changes.
    pub fn export(&mut self, request: &ExportRequest<'_>) -> Result<(ExportOutcome, Vec<u8>)> {
        let ExportRequest {
            story_id,
            format,
            revision,
            out,
            replace_existing,
            override_reason,
        } = *request;
        let override_reason = override_reason.map(ingest::controls::without_controls);
        let override_reason = override_reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        within_limit(
            "the override reason",
            override_reason.unwrap_or(""),
            MAX_NOTE_CHARS,
        )?;
        self.check_export(story_id, format, revision, override_reason)?;
        let (revision_id, bytes) = self.render_export(story_id, format, revision)?;
        if let Some(out) = out {
            write_new_file(out, &bytes, replace_existing)?;
        }
        let sha256 = format!("{:x}", Sha256::digest(&bytes));
        let destination = out.map(|p| p.display().to_string());
        let export_id = self.store.record_export(
            story_id,
            revision_id,
            format.as_str(),
            &self.actor,
            destination.as_deref(),
            override_reason,
            &sha256,
        )?;
        let outcome = ExportOutcome {
            export_id,
            revision_id,
            format: format.as_str().to_owned(),
            file: destination,
            sha256,
            bytes: bytes.len(),
            override_reason: override_reason.map(str::to_owned),
        };
        Ok((outcome, bytes))
    }

    /// Refuses an export that something blocks, unless a reason (not blank)
    /// overrides it; `Ok` when it may go.
    pub fn check_export(
        &self,
        story_id: i64,
        format: export::ExportFormat,
        revision: Option<i64>,
        override_reason: Option<&str>,
    ) -> Result<()> {
        if override_reason.is_some_and(|r| !r.trim().is_empty()) {
            return Ok(());
        }
        let reasons = self.export_blockers(story_id, format, revision)?;
        if reasons.is_empty() {
            Ok(())
        } else {
            Err(Error::ExportRefused {
                story: story_id,
                reasons,
            })
        }
    }

    /// The file name an export is offered under, e.g.
    /// `flood-cuts-off-valley-r12-nitf.xml`: words of the headline, the
    /// revision, the kind of document.
    pub fn export_file_name(
        &self,
        story_id: i64,
        format: export::ExportFormat,
        revision: Option<i64>,
    ) -> Result<String> {
        let HeadAndOriginal { head, .. } = self.store.head_and_original(story_id)?;
        let revision_id = revision.unwrap_or(head);
        let text = self.store.revision_text(story_id, revision_id)?;
        Ok(export::file_name(
            story_id,
            revision_id,
            &text.headline,
            format,
        ))
    }

    /// What keeps this export from going without an override: for a
    /// publishing format, the [`Library::export_gate`] and, for a revision
    /// other than the current one, that the checks are about the current
    /// text. Reports and ClaimReview are never held.
    pub fn export_blockers(
        &self,
        story_id: i64,
        format: export::ExportFormat,
        revision: Option<i64>,
    ) -> Result<Vec<String>> {
        let HeadAndOriginal { head, .. } = self.store.head_and_original(story_id)?;
        if !format.is_publishing() {
            return Ok(Vec::new());
        }
        let mut reasons = self.export_gate(story_id)?;
        reasons.extend(self.style_blockers(story_id)?);
        // The gate judges the current text; an older revision is published
        // only past the gate, with a reason.
        if let Some(revision_id) = revision.filter(|r| *r != head) {
            self.store.revision_text(story_id, revision_id)?;
            reasons.push(format!(
                "revision {revision_id} is not the current text (revision {head}), which is what the claims and checks are about"
            ));
        }
        Ok(reasons)
    }

    /// The bytes an export of a revision (the current one by default) would
    /// write, and that revision: for previews. Nothing is gated or recorded.
    pub fn render_export(
        &self,
        story_id: i64,
        format: export::ExportFormat,
        revision: Option<i64>,
    ) -> Result<(i64, Vec<u8>)> {
        let HeadAndOriginal { head, original } = self.store.head_and_original(story_id)?;
        let revision_id = revision.unwrap_or(head);
        let text = self.store.revision_text(story_id, revision_id)?;
        let meta = export::StoryMeta::from_stored(self.store.export_meta(story_id, revision_id)?);
        let bytes = match format {
            _ if format.is_publishing() => export::render(
                format,
                &export::ExportStory {
                    story_id,
                    revision_id,
                    headline: &text.headline,
                    dateline: text.dateline.as_deref(),
                    byline: text.byline.as_deref(),
                    credit: text.credit.as_deref(),
                    body: &text.body,
                    source: &meta.agency,
                    meta: meta.clone(),
                },
            ),
            export::ExportFormat::ClaimReview => {
                let publisher = self.publisher()?;
                let report = self.report(story_id, revision_id, &text.headline, &meta.agency)?;
                let original = self.store.revision_text(story_id, original)?;
                let appearance = export::claim_review::Appearance {
                    headline: original.headline,
                    agency: meta.agency.clone(),
                    published: meta.agency_created.clone(),
                };
                export::claim_review::render(&report, &publisher, &appearance)
            }
            _ => {
                let report = self.report(story_id, revision_id, &text.headline, &meta.agency)?;
                export::render_report(format, &report)
            }
        };
        Ok((revision_id, bytes))
    }
}
