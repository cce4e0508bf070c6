//! Text output for people. Scripts use `--json` instead.

use std::io::{self, Write};

use wiredesk_core::{IngestReport, IngestStatus, SearchHit, StoryDetail, StorySummary};

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
        "{:>6}  {:<16}  {:<18}  {:>2}  {:<8}  {:>6}  HEADLINE",
        "ID", "RECEIVED", "SOURCE", "V", "STATE", "CLAIMS"
    )?;
    for s in stories {
        writeln!(
            out,
            "{:>6}  {:<16}  {:<18}  {:>2}  {:<8}  {:>6}  {}",
            s.id,
            short_time(&s.received_at),
            truncate(&s.source, 18),
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
    facts.extend(story.byline.clone());
    facts.push(story.state.clone());
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
