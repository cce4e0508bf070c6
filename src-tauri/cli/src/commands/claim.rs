//! The commands on a story's claims: `claims` and `claim ACTION`.

use std::process::ExitCode;

use anyhow::Context as _;
use wiredesk_core::ClaimId;

use super::Session;
use crate::{args::ClaimAction, human};

/// `wiredesk claims STORY`
pub fn claims(s: &mut Session, story: i64, min_rank: Option<i64>) -> anyhow::Result<ExitCode> {
    let mut claims = s.library.claims(story)?;
    if let Some(min_rank) = min_rank {
        claims.retain(|c| c.rank >= min_rank);
    }
    s.emit(&claims[..], human::claims)
}

/// `wiredesk claim ACTION …`
pub fn claim(s: &mut Session, action: ClaimAction) -> anyhow::Result<ExitCode> {
    match action {
        ClaimAction::Add {
            story,
            start,
            end,
            kind,
        } => claim_add(s, story, start, end, &kind),
        ClaimAction::Set {
            claim,
            status,
            note,
            assign,
        } => claim_set(
            s,
            claim,
            status.as_deref(),
            note.as_deref(),
            assign.as_deref(),
        ),
        ClaimAction::Evidence {
            claim,
            url,
            doc,
            contact,
        } => claim_evidence(s, claim, url, doc, contact),
        ClaimAction::History { claim } => claim_history(s, claim),
        ClaimAction::Dismiss { claim } => claim_dismiss(s, claim, true),
        ClaimAction::Restore { claim } => claim_dismiss(s, claim, false),
    }
}

/// `wiredesk claim add STORY --start S --end E [--kind K]`
fn claim_add(
    s: &mut Session,
    story: i64,
    start: usize,
    end: usize,
    kind: &str,
) -> anyhow::Result<ExitCode> {
    let kind = wiredesk_core::claims::ClaimKind::parse(kind).with_context(|| {
        format!(
            "unknown claim kind {kind:?}: use quantity, percentage, money, date, quote or statement"
        )
    })?;
    let claim = s.library.add_claim(story, start, end, kind)?;
    s.emit(&claim, human::claim)
}

/// `wiredesk claim set CLAIM [--status S] [--note N] [--assign WHO]`
fn claim_set(
    s: &mut Session,
    claim: i64,
    status: Option<&str>,
    note: Option<&str>,
    assign: Option<&str>,
) -> anyhow::Result<ExitCode> {
    if status.is_none() && note.is_none() && assign.is_none() {
        anyhow::bail!("claim set needs --status, --note or --assign");
    }
    let claim = s
        .library
        .update_claim(ClaimId(claim), status, note, assign)?;
    s.emit(&claim, human::claim)
}

/// `wiredesk claim evidence CLAIM --url U | --doc D | --contact C`
fn claim_evidence(
    s: &mut Session,
    claim: i64,
    url: Option<String>,
    doc: Option<String>,
    contact: Option<String>,
) -> anyhow::Result<ExitCode> {
    use wiredesk_core::claims::Evidence;
    let evidence = match (url, doc, contact) {
        (Some(url), _, _) => Evidence::Url(url),
        (_, Some(doc), _) => Evidence::Doc(doc),
        (_, _, Some(contact)) => Evidence::Contact(contact),
        _ => anyhow::bail!("claim evidence needs --url, --doc or --contact"),
    };
    let event = s.library.add_claim_evidence(ClaimId(claim), &evidence)?;
    s.emit(&event, human::claim_event)
}

/// `wiredesk claim history CLAIM`
fn claim_history(s: &mut Session, claim: i64) -> anyhow::Result<ExitCode> {
    let events = s.library.claim_history(ClaimId(claim))?;
    s.emit(&events[..], human::claim_history)
}

/// `wiredesk claim dismiss CLAIM` (`dismissed`), or `claim restore CLAIM`.
fn claim_dismiss(s: &mut Session, claim: i64, dismissed: bool) -> anyhow::Result<ExitCode> {
    let claim = s.library.dismiss_claim(ClaimId(claim), dismissed)?;
    s.emit(&claim, human::claim)
}
