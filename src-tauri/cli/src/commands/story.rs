//! The commands on one story: list, search, show, edit, history, restore
//! of a revision, diff, merge, export, integrity and cleaning.

use std::{
    io::{self, IsTerminal as _, Write},
    path::Path,
    process::ExitCode,
};

use anyhow::Context as _;

use super::{emit, Session};
use crate::human;

/// `wiredesk list`
pub fn list(s: &mut Session, limit: u32, offset: u32) -> anyhow::Result<ExitCode> {
    let stories = s.library.stories(limit, offset)?;
    if s.json {
        // Exactly the fields of the JSON contract (the app's inbox gets more).
        let rows: Vec<serde_json::Value> = stories
            .iter()
            .map(|story| {
                serde_json::json!({
                    "id": story.id, "headline": story.headline, "source": story.source,
                    "received_at": story.received_at, "version": story.version,
                    "state": story.state, "open_claims": story.open_claims,
                })
            })
            .collect();
        emit(&mut s.out, true, &rows[..], |_, _| Ok(()))?;
    } else if stories.is_empty() && offset > 0 {
        let held = s.library.story_count()?;
        writeln!(
            s.out,
            "No stories after the newest {offset}: the library holds {held}."
        )?;
    } else {
        emit(&mut s.out, false, &stories[..], human::list)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `wiredesk search QUERY…`
pub fn search(s: &mut Session, query: &[String], limit: u32) -> anyhow::Result<ExitCode> {
    let hits = s.library.search(&query.join(" "), limit)?;
    s.emit(&hits[..], human::search)
}

/// `wiredesk show STORY`
pub fn show(s: &mut Session, story: i64) -> anyhow::Result<ExitCode> {
    let story = s.library.story(story)?;
    s.emit(&story, human::show)
}

/// `wiredesk edit STORY --from-file FILE`: the same text as the current
/// revision saves nothing, and that is not a failure.
pub fn edit(
    s: &mut Session,
    story: i64,
    from_file: &Path,
    base: Option<i64>,
    note: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let text = wiredesk_core::ingest::read_text_file(from_file)
        .map_err(|err| anyhow::anyhow!("{}: cannot read the edit: {err}", from_file.display()))?;
    let text = text.replace("\r\n", "\n");
    let (headline, body) = text.split_once('\n').unwrap_or((text.as_str(), ""));
    let saved = match s.library.save_edit(story, base, headline, body, note) {
        Ok(revision_id) => Ok((revision_id, true)),
        // The same text as the current revision: nothing is saved,
        // and that is not a failure.
        Err(wiredesk_core::Error::Unchanged { head, .. }) => Ok((head, false)),
        Err(err) => Err(err),
    };
    let (revision_id, changed) = saved.with_context(|| format!("{}", from_file.display()))?;
    let out = &mut s.out;
    if s.json {
        saved_revision(out, revision_id, changed)?;
    } else if changed {
        writeln!(out, "saved revision {revision_id} of story {story}")?;
    } else {
        writeln!(
            human::Printable(out),
            "nothing saved: {} is the same as revision {revision_id}, story {story}'s current text",
            from_file.display()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `wiredesk history STORY`
pub fn history(s: &mut Session, story: i64) -> anyhow::Result<ExitCode> {
    let history = s.library.history(story)?;
    s.emit(&history[..], human::history)
}

/// `wiredesk restore STORY REVISION`: the current text already that
/// revision's restores nothing, and that is not a failure.
pub fn restore_revision(s: &mut Session, target: &str, revision: i64) -> anyhow::Result<ExitCode> {
    let story: i64 = target
        .parse()
        .map_err(|_| anyhow::anyhow!("{target:?} is not a story id (restore STORY REVISION)"))?;
    let (revision_id, changed) = match s.library.restore(story, revision) {
        Ok(revision_id) => (revision_id, true),
        // The current text is already that revision's.
        Err(wiredesk_core::Error::Unchanged { head, .. }) => (head, false),
        Err(err) => return Err(err.into()),
    };
    let out = &mut s.out;
    if s.json {
        saved_revision(out, revision_id, changed)?;
    } else if changed {
        writeln!(
            out,
            "restored revision {revision} as revision {revision_id}"
        )?;
    } else {
        writeln!(
            out,
            "nothing restored: revision {revision} has the same text as revision {revision_id}, story {story}'s current one"
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The JSON answer of a save: its revision, and whether nothing changed.
fn saved_revision(out: &mut impl Write, revision_id: i64, changed: bool) -> anyhow::Result<()> {
    let mut saved = serde_json::json!({ "revision_id": revision_id });
    if !changed {
        saved["unchanged"] = true.into();
    }
    serde_json::to_writer_pretty(&mut *out, &saved)?;
    writeln!(out)?;
    Ok(())
}

/// `wiredesk diff STORY`: in colour on a terminal.
pub fn diff(
    s: &mut Session,
    story: i64,
    from: Option<i64>,
    to: Option<i64>,
    ignore_whitespace: bool,
    ignore_typography: bool,
) -> anyhow::Result<ExitCode> {
    let options = wiredesk_core::diff::DiffOptions {
        ignore_whitespace,
        ignore_typography,
    };
    let diff = s.library.diff(story, from, to, options)?;
    if s.json {
        serde_json::to_writer_pretty(&mut s.out, &diff)?;
        writeln!(s.out)?;
    } else {
        let colour = io::stdout().is_terminal();
        human::diff(&mut s.out, &diff, colour)?;
    }
    s.out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `wiredesk merge STORY`, or `--resolve CONFLICT CHOICE` of a merge.
pub fn merge(
    s: &mut Session,
    story: i64,
    wire_version: Option<i64>,
    resolve: Option<&[String]>,
) -> anyhow::Result<ExitCode> {
    let outcome = match resolve {
        Some([conflict, choice]) => {
            let conflict: i64 = conflict
                .parse()
                .with_context(|| format!("{conflict:?} is not a conflict id"))?;
            let resolution = match choice.as_str() {
                "ours" => wiredesk_core::merge::Resolution::Ours,
                "theirs" => wiredesk_core::merge::Resolution::Theirs,
                text => wiredesk_core::merge::Resolution::Text(text.to_owned()),
            };
            s.library.resolve_conflict(story, conflict, resolution)?
        }
        _ => s.library.merge(story, wire_version)?,
    };
    s.emit(&outcome, human::merge)
}

/// `wiredesk export STORY --format F`: the document to standard output, or
/// to `file` and what was written said.
pub fn export(
    s: &mut Session,
    story: i64,
    format: &str,
    file: Option<&Path>,
    revision: Option<i64>,
    override_reason: Option<&str>,
    force: bool,
) -> anyhow::Result<ExitCode> {
    let format = wiredesk_core::export::ExportFormat::parse(format).with_context(|| {
        let known: Vec<&str> = wiredesk_core::export::ExportFormat::ALL
            .iter()
            .map(|f| f.as_str())
            .collect();
        format!("unknown export format {format:?}: use {}", known.join(", "))
    })?;
    let library = &mut s.library;
    let (outcome, bytes) = library.export(&wiredesk_core::ExportRequest {
        revision,
        out: file,
        replace_existing: force,
        override_reason,
        ..wiredesk_core::ExportRequest::new(story, format)
    })?;
    let out = &mut s.out;
    match (file, s.json) {
        (None, _) => out.write_all(&bytes)?,
        (Some(_), true) => {
            serde_json::to_writer_pretty(&mut *out, &outcome)?;
            writeln!(out)?;
        }
        (Some(path), false) => writeln!(
            human::Printable(out),
            "exported revision {} as {} to {} ({} bytes)",
            outcome.revision_id,
            outcome.format,
            path.display(),
            outcome.bytes
        )?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `wiredesk integrity STORY`, after accepting a finding with
/// `--acknowledge KEY --reason WHY`.
pub fn integrity(
    s: &mut Session,
    story: i64,
    acknowledge: Option<&str>,
    reason: Option<&str>,
) -> anyhow::Result<ExitCode> {
    if let Some(key) = acknowledge {
        let reason = reason.unwrap_or("");
        s.library.acknowledge_finding(story, key, reason)?;
    }
    let findings = s.library.integrity(story)?;
    s.emit(&findings[..], human::integrity)
}

/// `wiredesk cleaning STORY`
pub fn cleaning(s: &mut Session, story: i64) -> anyhow::Result<ExitCode> {
    let passages = s.library.cleaning(story)?;
    s.emit(&passages[..], human::cleaning)
}

/// `wiredesk cleaning STORY --restore PASSAGE`
pub fn restore_passage(s: &mut Session, story: i64, passage: i64) -> anyhow::Result<ExitCode> {
    let revision_id = s.library.restore_removed(story, passage)?;
    let saved = serde_json::json!({ "revision_id": revision_id });
    if s.json {
        serde_json::to_writer_pretty(&mut s.out, &saved)?;
        writeln!(s.out)?;
    } else {
        human::restored_passage(&mut s.out, story, passage, revision_id)?;
    }
    Ok(ExitCode::SUCCESS)
}
