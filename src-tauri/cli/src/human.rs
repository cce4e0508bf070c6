//! Text output for people. Scripts use `--json` instead.

use std::io::{self, Write};

use wiredesk_core::{
    diff::{DiffOp, OpKind},
    Claim, ClaimEvent, ClaimId, HistoryEntry, IngestReport, IngestStatus, IntegrityFinding,
    MergeOutcome, MergeStatus, RemovedPassage, SearchHit, StoryDetail, StoryDiff, StorySummary,
};

/// Text for people on its way to a terminal: control characters other than
/// line breaks and tabs are written out as escapes (`\u{1b}`), so a file
/// name, or text a library stored before control characters were cleaned
/// from every input, is shown and never obeyed. Each `write` gets whole
/// `str` pieces from `write!`, so a two-byte C1 control is never split.
pub struct Printable<'a>(pub &'a mut dyn Write);

impl Write for Printable<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut start = 0;
        let mut i = 0;
        while i < buf.len() {
            let b = buf[i];
            let width = match b {
                b'\n' | b'\t' => 0,
                0..=0x1f | 0x7f => 1,
                0xc2 if matches!(buf.get(i + 1), Some(0x80..=0x9f)) => 2,
                _ => 0,
            };
            if width == 0 {
                i += 1;
                continue;
            }
            self.0.write_all(&buf[start..i])?;
            let c = if width == 1 {
                u32::from(b)
            } else {
                u32::from(buf[i + 1] & 0x3f) | 0x80
            };
            write!(self.0, "\\u{{{c:x}}}")?;
            i += width;
            start = i;
        }
        self.0.write_all(&buf[start..])?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// "2026-11-27T19:05:15.123Z" → "2026-11-27 19:05".
fn short_time(stamp: &str) -> String {
    match stamp.get(..16) {
        Some(minute) => minute.replacen('T', " ", 1),
        None => stamp.to_owned(),
    }
}

fn status_word(status: IngestStatus) -> &'static str {
    match status {
        IngestStatus::New => "new",
        IngestStatus::Duplicate => "duplicate",
        IngestStatus::Update => "update",
        IngestStatus::Error => "error",
    }
}

/// One ingested story (or failed file) on one line.
pub fn ingest_line(out: &mut dyn Write, report: &IngestReport) -> io::Result<()> {
    let word = status_word(report.status);
    match (&report.error, report.story_id) {
        (Some(error), _) => writeln!(out, "{word:<9}  {error}"),
        (None, Some(id)) => writeln!(out, "{word:<9}  story {id:<6} {}", report.file),
        (None, None) => writeln!(out, "{word:<9}  {}", report.file),
    }
}

pub fn ingest(out: &mut dyn Write, reports: &[IngestReport]) -> io::Result<()> {
    let mut counts = [0usize; 4];
    for report in reports {
        counts[report.status as usize] += 1;
        ingest_line(out, report)?;
    }
    writeln!(
        out,
        "{} new, {} duplicate, {} update, {} error",
        counts[IngestStatus::New as usize],
        counts[IngestStatus::Duplicate as usize],
        counts[IngestStatus::Update as usize],
        counts[IngestStatus::Error as usize],
    )
}

pub fn list(out: &mut dyn Write, stories: &[StorySummary]) -> io::Result<()> {
    if stories.is_empty() {
        return writeln!(
            out,
            "The library has no stories yet: load some with `wiredesk ingest FILE|DIR`."
        );
    }
    writeln!(
        out,
        "{:>6}  {:<16}  {:<26}  {:>2}  {:<8}  {:>6}  HEADLINE",
        "ID", "RECEIVED", "SOURCE", "V", "STATE", "CLAIMS"
    )?;
    for s in stories {
        writeln!(
            out,
            "{:>6}  {:<16}  {:<26}  {:>2}  {:<8}  {:>6}  {}",
            s.id,
            short_time(&s.received_at),
            truncate(&s.source, 26),
            s.version,
            s.state,
            s.open_claims,
            s.headline
        )?;
    }
    Ok(())
}

pub fn search(out: &mut dyn Write, hits: &[SearchHit]) -> io::Result<()> {
    if hits.is_empty() {
        return writeln!(out, "No stories match.");
    }
    for hit in hits {
        writeln!(
            out,
            "{:>6}  {}  {}",
            hit.id,
            short_time(&hit.received_at),
            hit.headline
        )?;
        writeln!(out, "        {}", hit.snippet.replace('\n', " "))?;
    }
    Ok(())
}

pub fn show(out: &mut dyn Write, story: &StoryDetail) -> io::Result<()> {
    writeln!(out, "{}", story.headline)?;
    let mut facts = vec![format!("story {}", story.id), story.source.clone()];
    facts.extend(story.dateline.iter().map(|d| format!("dateline {d}")));
    facts.extend(story.copy_date.iter().map(|d| format!("dated {d}")));
    facts.extend(story.byline.clone());
    facts.push(story.state.to_string());
    writeln!(out, "{}", facts.join(" · "))?;
    if let Some(reason) = &story.kill_reason {
        writeln!(out, "KILLED by the agency: {reason}")?;
    }
    writeln!(out)?;
    writeln!(out, "{}", story.body)?;
    if let Some(credit) = &story.credit {
        writeln!(out)?;
        writeln!(out, "{credit}")?;
    }
    writeln!(out)?;
    writeln!(out, "Wire versions:")?;
    for v in &story.versions {
        writeln!(
            out,
            "  v{}  {}  {}  {} ({} bytes, {})",
            v.version,
            short_time(&v.received_at),
            v.format,
            v.file,
            v.byte_len,
            v.encoding
        )?;
    }
    Ok(())
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

pub fn history(out: &mut dyn Write, history: &[HistoryEntry]) -> io::Result<()> {
    for entry in history {
        let note = entry
            .note
            .as_ref()
            .map(|n| format!(" — {n}"))
            .unwrap_or_default();
        writeln!(
            out,
            "{:>6}  {:<5} {}  {:<16} {}{}",
            entry.id, entry.kind, entry.created_at, entry.author, entry.summary, note
        )?;
        for export in &entry.exports {
            let reason = export
                .override_reason
                .as_ref()
                .map(|r| format!(", past the gate: {r}"))
                .unwrap_or_default();
            let to = export
                .destination
                .as_ref()
                .map(|d| format!(" to {d}"))
                .unwrap_or_default();
            writeln!(
                out,
                "        exported as {} by {} at {}{to}{reason}",
                export.format, export.author, export.created_at
            )?;
        }
    }
    Ok(())
}

/// Runs of a diff, deleted words as [-…-] and added ones as {+…+}; on a
/// terminal in red and green instead. Cosmetic changes print as the new text.
fn diff_runs(out: &mut dyn Write, ops: &[DiffOp], colour: bool) -> io::Result<()> {
    for op in ops {
        // The colours are ours; anything in the text is shown, not obeyed.
        let text = wiredesk_core::ingest::controls::escaped(&op.text);
        match (op.op, op.cosmetic, colour) {
            (OpKind::Equal, ..) | (OpKind::Insert, true, _) => write!(out, "{text}")?,
            (OpKind::Delete, true, _) => {}
            (OpKind::Delete, false, true) => write!(out, "\x1b[31;9m{text}\x1b[0m")?,
            (OpKind::Insert, false, true) => write!(out, "\x1b[32;4m{text}\x1b[0m")?,
            (OpKind::Delete, false, false) => write!(out, "[-{text}-]")?,
            (OpKind::Insert, false, false) => write!(out, "{{+{text}+}}")?,
        }
    }
    writeln!(out)
}

pub fn diff(out: &mut dyn Write, diff: &StoryDiff, colour: bool) -> io::Result<()> {
    writeln!(out, "revision {} → revision {}", diff.from, diff.to)?;
    let stats = &diff.stats;
    writeln!(
        out,
        "+{} −{} words ({} changed), {:.0}% of the story",
        stats.words_added,
        stats.words_removed,
        stats.words_changed,
        stats.share_changed * 100.0
    )?;
    if !diff.claims_touched.is_empty() {
        let ids: Vec<String> = diff.claims_touched.iter().map(ClaimId::to_string).collect();
        writeln!(out, "claims touched: {}", ids.join(", "))?;
    }
    writeln!(out)?;
    diff_runs(out, &diff.headline_ops, colour)?;
    for (field, ops) in &diff.field_ops {
        write!(out, "{field}: ")?;
        diff_runs(out, ops, colour)?;
    }
    writeln!(out)?;
    diff_runs(out, &diff.ops, colour)
}

pub fn merge(out: &mut dyn Write, outcome: &MergeOutcome) -> io::Result<()> {
    match (outcome.status, outcome.revision_id) {
        (MergeStatus::Merged, Some(id)) => writeln!(out, "merged: revision {id}"),
        (MergeStatus::Conflicts, _) => {
            writeln!(
                out,
                "{} conflict(s) to resolve (wiredesk merge STORY --resolve ID ours|theirs|TEXT):",
                outcome.conflicts.len()
            )?;
            for c in &outcome.conflicts {
                writeln!(out, "{:>6}  was:    {}", c.id, c.base.replace('\n', " "))?;
                writeln!(out, "        ours:   {}", c.ours.replace('\n', " "))?;
                writeln!(out, "        theirs: {}", c.theirs.replace('\n', " "))?;
            }
            Ok(())
        }
        _ => writeln!(out, "nothing to merge"),
    }
}

pub fn integrity(out: &mut dyn Write, findings: &[IntegrityFinding]) -> io::Result<()> {
    if findings.is_empty() {
        return writeln!(out, "Nothing against the wire copy.");
    }
    for finding in findings {
        writeln!(
            out,
            "{}  {:>5}-{:<5} {:<18} {}",
            finding.key, finding.start, finding.end, finding.kind, finding.message
        )?;
        if let Some(ack) = &finding.acknowledged {
            writeln!(
                out,
                "              acknowledged by {} at {}: {}",
                ack.actor, ack.created_at, ack.reason
            )?;
        }
    }
    Ok(())
}

/// One claim: id, status, kind, span, text, value and who checks it.
pub fn claim(out: &mut dyn Write, claim: &Claim) -> io::Result<()> {
    let mut flags = Vec::new();
    if claim.dismissed {
        flags.push("dismissed");
    }
    if claim.detached {
        flags.push("detached");
    }
    if claim.origin == "manual" {
        flags.push("manual");
    }
    if claim.timing {
        flags.push("timing");
    }
    let flags = if flags.is_empty() {
        String::new()
    } else {
        format!(" [{}]", flags.join(", "))
    };
    writeln!(
        out,
        "{:>6}  {:<12} {:<10} {:>5}-{:<5} {}{}",
        claim.id,
        claim.status,
        claim.kind,
        claim.start,
        claim.end,
        claim.text.replace('\n', " "),
        flags
    )?;
    let mut facts = vec![format!("rank {}", claim.rank)];
    facts.extend(claim.value.as_ref().map(|v| format!("value {v}")));
    facts.extend(claim.speaker.as_ref().map(|s| format!("speaker {s}")));
    facts.extend(claim.assignee.as_ref().map(|a| format!("assigned to {a}")));
    writeln!(out, "{:>6}  {}", "", facts.join(" · "))?;
    Ok(())
}

pub fn claims(out: &mut dyn Write, claims: &[Claim]) -> io::Result<()> {
    if claims.is_empty() {
        return writeln!(out, "No claims.");
    }
    for c in claims {
        claim(out, c)?;
    }
    Ok(())
}

pub fn claim_event(out: &mut dyn Write, event: &ClaimEvent) -> io::Result<()> {
    let what = match (event.event.as_str(), &event.from_status, &event.to_status) {
        ("status", Some(from), Some(to)) => {
            let text = |key: &str| event.detail[key].as_str().unwrap_or_default().to_owned();
            match event.detail["reason"].as_str() {
                Some("text-changed") => format!(
                    "status {from} → {to} (text changed from \"{}\" to \"{}\")",
                    text("from"),
                    text("to")
                ),
                Some("detached") => format!(
                    "status {from} → {to} (detached: \"{}\" is no longer in the text)",
                    text("from")
                ),
                _ => format!("status {from} → {to}"),
            }
        }
        (kind, _, _) => {
            let detail = event
                .detail
                .as_object()
                .map(|fields| {
                    fields
                        .iter()
                        .map(|(k, v)| match v.as_str() {
                            Some(text) => format!("{k}: {text}"),
                            None => format!("{k}: {v}"),
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default();
            format!("{kind} {detail}").trim_end().to_owned()
        }
    };
    writeln!(out, "{}  {:<12} {}", event.created_at, event.actor, what)
}

pub fn claim_history(out: &mut dyn Write, events: &[ClaimEvent]) -> io::Result<()> {
    if events.is_empty() {
        return writeln!(out, "No changes yet: suggested at ingest, unchecked.");
    }
    for event in events {
        claim_event(out, event)?;
    }
    Ok(())
}

/// Where a removed passage stood, in words.
fn passage_place(passage: &RemovedPassage) -> String {
    match passage.within {
        Some(offset) => format!(
            "inside paragraph {}, at character {offset}",
            passage.position + 1
        ),
        None if passage.position == 0 => "before paragraph 1".to_owned(),
        None => format!("after paragraph {}", passage.position),
    }
}

/// `wiredesk cleaning`: one passage per line with its rule and place, the
/// text under it.
pub fn cleaning(out: &mut dyn Write, passages: &[RemovedPassage]) -> io::Result<()> {
    if passages.is_empty() {
        return writeln!(out, "Cleaning removed nothing from this story's wire copy.");
    }
    for passage in passages {
        let detail = passage
            .detail
            .as_ref()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        let restored = if passage.restored { "  [restored]" } else { "" };
        writeln!(
            out,
            "{:>4}  {:<20} {}{detail}{restored}",
            passage.id,
            passage.rule,
            passage_place(passage)
        )?;
        writeln!(out, "      {}", passage.text)?;
    }
    let left = passages.iter().filter(|p| !p.restored).count();
    if left > 0 {
        writeln!(
            out,
            "{left} of {} removed passages can be put back: wiredesk cleaning STORY --restore ID",
            passages.len()
        )?;
    }
    Ok(())
}

pub fn restored_passage(
    out: &mut dyn Write,
    story: i64,
    passage: i64,
    revision_id: i64,
) -> io::Result<()> {
    writeln!(
        out,
        "restored passage {passage} of story {story} as revision {revision_id}"
    )
}

/// `wiredesk doctor`: one line per check, its problems under it.
pub fn backup(out: &mut dyn Write, report: &wiredesk_core::backup::BackupReport) -> io::Result<()> {
    writeln!(
        out,
        "backed up {} stories ({} revisions, {:.1} MB) to {} in {:.1} s",
        report.stories,
        report.revisions,
        report.bytes as f64 / 1e6,
        report.file.display(),
        report.seconds
    )
}

/// `wiredesk library init`: the team library ready.
pub fn library_init(out: &mut dyn Write, report: &serde_json::Value) -> io::Result<()> {
    writeln!(
        out,
        "team library {} is ready (schema version {}, {} stories)",
        report["library"].as_str().unwrap_or_default(),
        report["schema_version"],
        report["stories"]
    )
}

/// `wiredesk library password`: what the system keyring now holds.
pub fn library_password(out: &mut dyn Write, report: &serde_json::Value) -> io::Result<()> {
    let account = report["account"].as_str().unwrap_or_default();
    if report["saved"] == true {
        writeln!(
            out,
            "the server accepted the password; saved in the system keyring for {account}"
        )
    } else if report["forgotten"] == true {
        writeln!(out, "removed the password saved for {account}")
    } else {
        writeln!(out, "the system keyring held no password for {account}")
    }
}

/// `wiredesk library copy`: what was copied where.
pub fn library_copy(
    out: &mut dyn Write,
    report: &wiredesk_core::library::team::CopyReport,
) -> io::Result<()> {
    writeln!(
        out,
        "copied {} stories ({} rows) from {} to {} in {:.1} s",
        report.stories, report.rows, report.from, report.to, report.seconds
    )?;
    for table in &report.tables {
        writeln!(out, "  {:<28} {:>10}", table.table, table.rows)?;
    }
    Ok(())
}

pub fn restore(
    out: &mut dyn Write,
    report: &wiredesk_core::backup::RestoreReport,
) -> io::Result<()> {
    writeln!(
        out,
        "restored {} stories from {} into {}",
        report.stories,
        report.from.display(),
        report.library.display()
    )?;
    if let Some(kept) = &report.previous_kept_at {
        writeln!(out, "the library it replaced is kept at {}", kept.display())?;
    }
    Ok(())
}

pub fn doctor(out: &mut dyn Write, report: &wiredesk_core::backup::HealthReport) -> io::Result<()> {
    writeln!(
        out,
        "{} (schema {}, {} stories)",
        report.library.display(),
        report.schema_version,
        report.stories
    )?;
    for check in &report.checks {
        let mark = if check.ok() { "ok    " } else { "FAILED" };
        writeln!(
            out,
            "  {mark}  {:<13} {} ({} checked)",
            check.name, check.description, check.checked
        )?;
        for problem in &check.problems {
            writeln!(out, "            - {problem}")?;
        }
        if check.found > check.problems.len() as u64 {
            writeln!(
                out,
                "            … and {} more",
                check.found - check.problems.len() as u64
            )?;
        }
    }
    for repair in &report.repaired {
        writeln!(out, "  repaired: {repair}")?;
    }
    let failed = report.checks.iter().filter(|c| !c.ok()).count();
    if failed == 0 {
        writeln!(out, "All {} checks passed.", report.checks.len())
    } else {
        writeln!(
            out,
            "{failed} of {} checks found problems{}.",
            report.checks.len(),
            if report.repaired.is_empty() {
                " (wiredesk doctor --repair rebuilds the search indexes; restore a backup for the rest)"
            } else {
                ""
            }
        )
    }
}

/// One event of the desk, on one line: when, what, on what, by whom.
pub fn event_line(out: &mut dyn Write, event: &wiredesk_core::DeskEvent) -> io::Result<()> {
    let mut on = Vec::new();
    if let Some(story) = event.story_id {
        on.push(format!("story {story}"));
    }
    if let Some(revision) = event.revision_id {
        on.push(format!("revision {revision}"));
    }
    if let Some(claim) = event.claim_id {
        on.push(format!("claim {claim}"));
    }
    writeln!(
        out,
        "{}  {:<15} {:<30} {}",
        event.at,
        event.kind,
        on.join(", "),
        event.actor
    )
}

/// The desk's people: initials, name, role, first seen.
pub fn people(out: &mut dyn Write, people: &[wiredesk_core::Person]) -> io::Result<()> {
    if people.is_empty() {
        return writeln!(out, "No one has acted on this library yet.");
    }
    for person in people {
        writeln!(
            out,
            "{:<4} {:<30} {:<8} since {}",
            person.initials,
            person.name,
            person.role.as_str(),
            person.first_seen
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_time_keeps_the_minute() {
        assert_eq!(short_time("2026-11-27T19:05:15.123Z"), "2026-11-27 19:05");
        assert_eq!(short_time("odd"), "odd");
    }

    #[test]
    fn truncate_counts_characters() {
        assert_eq!(truncate("Agence France-Presse", 10), "Agence Fr…");
        assert_eq!(truncate("Reuters", 10), "Reuters");
    }

    #[test]
    fn cleaning_lists_each_passage_with_its_rule_and_place() {
        let passage = |id, position, within, restored| RemovedPassage {
            id,
            rule: "photo-caption".into(),
            text: "Rescuers at work. (AFP Photo)".into(),
            position,
            within,
            detail: None,
            restored,
            wire_revision_id: 3,
        };
        let mut out = Vec::new();
        cleaning(
            &mut out,
            &[passage(1, 0, None, false), passage(2, 2, Some(14), true)],
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("   1  photo-caption        before paragraph 1\n      Rescuers at work. (AFP Photo)\n"),
            "{text}"
        );
        assert!(
            text.contains("inside paragraph 3, at character 14  [restored]"),
            "{text}"
        );
        assert!(
            text.ends_with(
                "1 of 2 removed passages can be put back: wiredesk cleaning STORY --restore ID\n"
            ),
            "{text}"
        );
        let mut out = Vec::new();
        cleaning(&mut out, &[]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "Cleaning removed nothing from this story's wire copy.\n"
        );
    }

    #[test]
    fn ingest_summary_counts_each_status() {
        let report = |status, error: Option<&str>| IngestReport {
            file: "a.txt".into(),
            status,
            story_id: error.is_none().then_some(1),
            revision_id: error.is_none().then_some(1),
            error: error.map(String::from),
        };
        let mut out = Vec::new();
        ingest(
            &mut out,
            &[
                report(IngestStatus::New, None),
                report(IngestStatus::Duplicate, None),
                report(IngestStatus::Error, Some("a.txt: the file is empty")),
            ],
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("error      a.txt: the file is empty"),
            "{text}"
        );
        assert!(
            text.ends_with("1 new, 1 duplicate, 0 update, 1 error\n"),
            "{text}"
        );
    }
}
