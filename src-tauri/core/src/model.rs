//! The plain values the core hands to its callers (the CLI's JSON contract and
//! the desktop shell's IPC both serialise these as they are).

use serde::{Deserialize, Serialize};

pub use crate::domain::{
    ClaimId, ClaimKind, ClaimStatus, MergeStatus, RevisionId, RevisionKind, StoryId, StoryState,
};

/// One row of the inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct StorySummary {
    pub id: i64,
    pub headline: String,
    /// Who the story is from, as the desk reads it: the agency, and the
    /// outlet whose page carried it ("Reuters via Devdiscourse"); the
    /// outlet alone when the copy names no agency. See [`attributed`].
    pub source: String,
    /// The agency the story is filed under ("Unknown source" when the
    /// copy names none): what the inbox filters by.
    pub agency: String,
    /// The outlet that published the copy, where its page says.
    pub publisher: Option<String>,
    pub received_at: String,
    /// How many wire versions of the story the library holds.
    pub version: i64,
    pub state: StoryState,
    pub open_claims: i64,
    /// The agency's slug, when the copy has one.
    pub slug: Option<String>,
    /// The desk has edited the story (its current text is not a wire copy).
    pub edited: bool,
    /// Changes the story's own wire copy does not back, not yet acknowledged
    /// (counted for edited stories; figures other stories report differently
    /// show when the story is opened).
    pub integrity_findings: i64,
    /// The agency sent a version the desk's edited copy has not merged yet.
    pub wire_update: bool,
}

/// Which stories the inbox shows; every field narrows it, together.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct StoryFilter {
    /// A source's name, as `StorySummary::source` gives it.
    pub source: Option<String>,
    /// `new`, `editing`, `checked`, `exported` or `killed`.
    pub state: Option<String>,
    /// Only stories with claims still to check.
    pub open_claims: bool,
    /// Received at or after this time (RFC 3339, or a date `YYYY-MM-DD`).
    pub received_from: Option<String>,
    /// Received before this time (RFC 3339, or a date: that whole day included).
    pub received_to: Option<String>,
    /// Only the stories after this one in the inbox's order: the next page,
    /// found through the inbox index whatever its depth (an OFFSET would
    /// step over every row before it).
    pub after: Option<InboxCursor>,
    /// Only stories with a claim still to check assigned to this person
    /// ("Assigned to me").
    pub assigned_to: Option<String>,
    /// Only stories with a claim still to check assigned to one of the
    /// desk's checkers ("Waiting on checkers").
    pub waiting_on_checkers: bool,
}

/// A place in the inbox: a row's time received and id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct InboxCursor {
    pub received_at: String,
    pub id: i64,
}

/// A story as opened: its current text and the wire versions behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct StoryDetail {
    pub id: i64,
    pub revision_id: i64,
    pub headline: String,
    pub dateline: Option<String>,
    pub byline: Option<String>,
    pub credit: Option<String>,
    /// The cleaned story text, paragraphs separated by a blank line.
    pub body: String,
    /// The agency and outlet, as [`StorySummary::source`].
    pub source: String,
    /// The agency the story is filed under.
    pub agency: String,
    /// The outlet that published the copy, where its page says.
    pub publisher: Option<String>,
    /// The copy's own date, ISO 8601: a date-time with the copy's offset
    /// ("2025-12-05T05:24:00+05:30"), a date ("2025-12-05"), or a month and
    /// day when the copy gives no year ("--05-14"). From the newest wire
    /// version that has one. What relative dates in the text are about.
    pub copy_date: Option<String>,
    /// Format of the latest wire version ("text", "nitf", ...).
    pub format: String,
    pub state: StoryState,
    /// Why the agency killed the story, when it did.
    pub kill_reason: Option<String>,
    /// The wire version (as `versions` numbers it) the desk's edited copy
    /// has not merged yet, when the agency sent one after the edit began.
    pub wire_update: Option<i64>,
    pub versions: Vec<WireVersion>,
}

/// The name the source of an agency copy is shown by: "Reuters via
/// Devdiscourse"; "Reuters" when no outlet is named or the outlet is the
/// agency; "Devdiscourse" when the copy names no agency.
pub fn attributed(agency: &str, agency_known: bool, publisher: Option<&str>) -> String {
    match publisher.map(str::trim).filter(|p| !p.is_empty()) {
        Some(publisher) if !agency_known => publisher.to_owned(),
        Some(publisher) if !publisher.eq_ignore_ascii_case(agency) => {
            format!("{agency} via {publisher}")
        }
        _ => agency.to_owned(),
    }
}

impl StoryDetail {
    /// The wire version number (as `versions` numbers them) of a revision.
    pub fn version_of(&self, revision_id: i64) -> Option<i64> {
        self.versions
            .iter()
            .find(|v| v.revision_id == revision_id)
            .map(|v| v.version)
    }
}

/// One received version of a story, as it came off the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct WireVersion {
    pub version: i64,
    pub revision_id: i64,
    pub feed_copy_id: i64,
    pub file: String,
    pub format: String,
    pub encoding: String,
    pub sha256: String,
    pub byte_len: i64,
    pub received_at: String,
}

/// One full-text search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct SearchHit {
    pub id: i64,
    pub headline: String,
    /// A short excerpt of the body around the match, matched words in [brackets].
    pub snippet: String,
    pub received_at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub enum IngestStatus {
    /// A story the library did not hold.
    New,
    /// Exactly these bytes were received before; nothing was stored.
    Duplicate,
    /// A new wire version of a story already held.
    Update,
    /// The file could not be ingested; nothing of it was stored.
    Error,
}

impl IngestStatus {
    /// The status as the JSON contract spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            IngestStatus::New => "new",
            IngestStatus::Duplicate => "duplicate",
            IngestStatus::Update => "update",
            IngestStatus::Error => "error",
        }
    }
}

/// What happened to one ingested file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct IngestReport {
    pub file: String,
    pub status: IngestStatus,
    pub story_id: Option<i64>,
    pub revision_id: Option<i64>,
    pub error: Option<String>,
}

/// A claim as the desk sees it: the span of the story's current text
/// (`start`/`end` in Unicode scalar offsets into `body`), its kind and
/// normalised value, and where it stands in checking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Claim {
    pub id: ClaimId,
    pub story_id: StoryId,
    pub kind: ClaimKind,
    pub text: String,
    pub start: i64,
    pub end: i64,
    pub value: Option<String>,
    pub speaker: Option<String>,
    /// `unchecked`, `checking`, `verified`, `disputed`, `false`, `unverifiable`.
    pub status: ClaimStatus,
    /// `suggested` (by the detector) or `manual`.
    pub origin: String,
    pub assignee: Option<String>,
    pub dismissed: bool,
    /// The text was deleted by an edit: kept, shown as detached.
    pub detached: bool,
    /// The detector rule that suggested it.
    pub rule: Option<String>,
    /// Check-worthiness, higher first.
    pub rank: i64,
    /// For a suggested date counted from a reference day ("on Thursday",
    /// "March 9"): `copy-date` (the copy's own date) or `received` (the day
    /// the text was received or saved, when the copy has no date). None
    /// otherwise.
    pub resolved_against: Option<String>,
    /// A bare weekday, relative date or time of day (see
    /// [`crate::claims::TIMING_RULES`]): shown under "Timing", and not open
    /// unless the desk's setting `claims.timing_open` says so.
    pub timing: bool,
    /// How a suggested quote's speaker was found: `named` (its own
    /// attribution), `pronoun` ("he said", "the minister added": someone
    /// named earlier) or `carried` (the speaker of the quote before it);
    /// None when there is no speaker.
    pub speaker_source: Option<String>,
}

impl Claim {
    /// Whether the claim is open: see [`crate::domain::is_open_claim`], the
    /// one definition (`timing_open`: the desk counts timing claims).
    pub fn is_open(&self, timing_open: bool) -> bool {
        crate::domain::is_open_claim(
            self.status,
            self.dismissed,
            self.detached,
            self.timing,
            timing_open,
        )
    }
}

/// A claim as the desktop app receives it: the claim (as the CLI's JSON
/// has it) and whether it is open, so the app's claim panel counts and
/// filters by the core's definition instead of keeping its own. Not in the
/// CLI's JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct AppClaim {
    #[serde(flatten)]
    pub claim: Claim,
    /// Open when timing claims count as open (`is_open(true)`): an open
    /// status, neither dismissed nor detached. The desk's timing preference
    /// can change while a story is shown, so the app applies it with
    /// `timing`: a timing claim is open only when the desk counts those.
    pub open: bool,
}

impl From<Claim> for AppClaim {
    fn from(claim: Claim) -> AppClaim {
        AppClaim {
            open: claim.is_open(true),
            claim,
        }
    }
}

/// One entry of a claim's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct ClaimEvent {
    pub id: i64,
    pub claim_id: ClaimId,
    pub actor: String,
    pub created_at: String,
    /// `created`, `status`, `note`, `evidence`, `assign`, `dismiss`, ...
    pub event: String,
    pub from_status: Option<ClaimStatus>,
    pub to_status: Option<ClaimStatus>,
    #[cfg_attr(test, ts(type = "Record<string, unknown>"))]
    pub detail: serde_json::Value,
}

/// Something in the story's text that the agency's copy does not back (a
/// changed quote or number, or one no wire version has), or that another
/// held story reports differently. `start`/`end` are Unicode scalar offsets
/// into the story's current body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct IntegrityFinding {
    /// `quote-changed`, `number-changed`, `number-not-in-wire`,
    /// `quote-not-in-wire`, `figure-differs`, `figure-contradicts` (two
    /// figures of this story stated as current for the same measure with
    /// different values).
    pub kind: String,
    pub start: i64,
    pub end: i64,
    pub text: String,
    /// What the wire (or, for `figure-differs`, the other story; for
    /// `figure-contradicts`, the story elsewhere) says instead.
    pub wire_text: Option<String>,
    /// For `figure-contradicts`: where the story states the other figure
    /// (scalar offsets into the body), or none when it is in the headline.
    pub related_start: Option<i64>,
    pub related_end: Option<i64>,
    /// For `figure-differs`: the story that reports it differently.
    pub other_story_id: Option<i64>,
    pub message: String,
    /// Names the finding by what it says, not where: it stays the same
    /// while the text around it is edited. Used to acknowledge it.
    pub key: String,
    /// Set when the desk has accepted the finding; it then no longer holds
    /// the story at the publish gate.
    pub acknowledged: Option<Acknowledgement>,
}

/// The desk's acceptance of an integrity finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Acknowledgement {
    pub actor: String,
    pub created_at: String,
    pub reason: String,
}

/// One export of a story: which revision left, as what, by whom, when,
/// where to, why past the gate, and the SHA-256 of the bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct ExportRecord {
    pub id: i64,
    pub revision_id: i64,
    pub format: String,
    pub author: String,
    pub created_at: String,
    pub destination: Option<String>,
    pub override_reason: Option<String>,
    pub sha256: Option<String>,
}

/// One revision in a story's history, with what it changed against its parent.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct HistoryEntry {
    pub id: i64,
    /// `wire`, `edit` or `merge`.
    pub kind: RevisionKind,
    pub parent: Option<i64>,
    pub author: String,
    pub created_at: String,
    pub note: Option<String>,
    /// "+12 −3 words" against the parent ("first version" without one).
    pub summary: String,
    pub words_added: usize,
    pub words_removed: usize,
    /// The exports made of this revision.
    pub exports: Vec<ExportRecord>,
}

/// The diff of two revisions of a story.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct StoryDiff {
    pub from: i64,
    pub to: i64,
    /// The body: equal + delete runs rebuild `from`, equal + insert runs `to`.
    pub ops: Vec<crate::diff::DiffOp>,
    pub headline_ops: Vec<crate::diff::DiffOp>,
    /// Dateline, byline and credit, where they differ.
    pub field_ops: std::collections::BTreeMap<String, Vec<crate::diff::DiffOp>>,
    /// Body paragraphs side by side: (index in `from`, index in `to`).
    pub paragraphs: Vec<(Option<usize>, Option<usize>)>,
    pub stats: crate::diff::DiffStats,
    /// Claims whose text the change touches (when `to` is the current text).
    pub claims_touched: Vec<ClaimId>,
}

/// A conflict of a merge as the desk resolves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct MergeConflict {
    pub id: i64,
    pub base: String,
    pub ours: String,
    pub theirs: String,
}

/// What merging a wire version into the desk's copy did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct MergeOutcome {
    /// `merged`, `conflicts` or `nothing-to-merge`.
    pub status: MergeStatus,
    /// The merge revision, when merged.
    pub revision_id: Option<i64>,
    /// Conflicts still waiting for a resolution.
    pub conflicts: Vec<MergeConflict>,
}

/// A merge as the desk reviews it: what the agency's new version changed
/// that applied cleanly, and the conflicts still to resolve.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct MergeReview {
    /// `merged`, `conflicts` or `nothing-to-merge`.
    pub status: MergeStatus,
    /// The merge revision, once saved.
    pub revision_id: Option<i64>,
    /// The wire version being merged (as `StoryDetail::versions` numbers it).
    pub wire_version: Option<i64>,
    /// The desk's text (headline, a blank line, the body) against the merge
    /// with every open conflict kept as the desk had it: the agency's
    /// changes that applied cleanly, plus the resolutions made so far.
    pub applied: Vec<crate::diff::DiffOp>,
    pub applied_stats: crate::diff::DiffStats,
    /// Conflicts already resolved.
    pub resolved: usize,
    /// Conflicts still waiting for a resolution.
    pub conflicts: Vec<MergeConflict>,
}

/// What an export did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct ExportOutcome {
    pub export_id: i64,
    pub revision_id: i64,
    pub format: String,
    /// Where it was written; `None` when handed back to the caller.
    pub file: Option<String>,
    pub sha256: String,
    pub bytes: usize,
    /// The reason given to publish past the gate, if one was needed.
    pub override_reason: Option<String>,
}

/// A passage cleaning removed from the story's wire copy, as the desk
/// reviews it (`wiredesk cleaning`, the app's cleaning view). The first four
/// fields are the CLI's JSON contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct RemovedPassage {
    /// 1-based, in the order the cleaner recorded them: stable, since the
    /// wire revision that holds the record is never rewritten.
    pub id: i64,
    /// The cleaning rule that removed it ("navigation", "photo-caption", …).
    pub rule: String,
    /// The text removed, white space folded.
    pub text: String,
    /// How many body paragraphs of the cleaned wire text stood before it;
    /// for a passage cut from inside a paragraph, that paragraph's index.
    pub position: usize,
    /// For a passage cut from inside paragraph `position`: the character
    /// (Unicode scalar) offset in that paragraph where it stood.
    pub within: Option<usize>,
    /// More about why, where the rule says ("seen in 12 other stories").
    pub detail: Option<String>,
    /// Its text is back in the story's current text.
    pub restored: bool,
    /// The wire revision whose cleaning removed it.
    pub wire_revision_id: i64,
}

/// The story's newest wire version as cleaning left it (the body the
/// removals' positions count paragraphs of), with what it removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct CleanedCopy {
    pub story_id: i64,
    pub wire_revision_id: i64,
    pub headline: String,
    /// Paragraphs separated by a blank line.
    pub body: String,
    pub passages: Vec<RemovedPassage>,
}

/// One change on the library that other desktops show at once: ids only
/// (what changed is read from the library), as `wiredesk events --follow`
/// prints it and the app receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct DeskEvent {
    /// The event's place in the library's stream (not printed by the CLI).
    #[serde(skip)]
    pub id: i64,
    /// `ingested`, `updated` (a wire update arrived), `saved`, `merged`,
    /// `exported`, `acknowledged`, `claim-added`, `claim-status`,
    /// `claim-note`, `claim-evidence`, `claim-assigned`, `claim-dismissed`,
    /// or `presence` (someone opened, left or started typing in a story).
    pub kind: String,
    pub story_id: Option<i64>,
    pub revision_id: Option<i64>,
    pub claim_id: Option<i64>,
    pub actor: String,
    /// When, RFC 3339 UTC.
    pub at: String,
}

/// Who has which story open on which desktop: advisory, never a lock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Presence {
    /// The running app's own id (each desktop makes one as it starts).
    pub desktop: String,
    pub person: String,
    /// The story open there; `None` while in the inbox.
    pub story_id: Option<i64>,
    /// Typed in it within the last few seconds.
    pub typing: bool,
    /// The desktop's last heartbeat, RFC 3339 UTC.
    pub beat_at: String,
}

/// One of the desk's people: known from the first time they act or are
/// assigned a claim; initials and role are edited in Preferences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Person {
    pub name: String,
    /// As set, or made from the name ("Anna Berg" → "AB").
    pub initials: String,
    pub role: PersonRole,
    pub first_seen: String,
}

/// A word or name of the desk dictionary, which spelling accepts: as
/// written (its case kept), how it came in, who added it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct DeskWord {
    pub word: String,
    /// "added" (by an editor) or "learned" (taken from copy).
    pub source: String,
    pub added_by: String,
    pub added_at: String,
}

/// What a person does on the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub enum PersonRole {
    Editor,
    Checker,
}

impl PersonRole {
    pub fn as_str(self) -> &'static str {
        match self {
            PersonRole::Editor => "editor",
            PersonRole::Checker => "checker",
        }
    }

    pub fn parse(text: &str) -> Option<PersonRole> {
        match text {
            "editor" => Some(PersonRole::Editor),
            "checker" => Some(PersonRole::Checker),
            _ => None,
        }
    }
}

/// Initials made from a name: the first letter of its first and last words
/// ("Anna Berg" → "AB", "lee" → "L"), capitalised.
pub fn initials_of(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let first = |word: &str| word.chars().next().into_iter().flat_map(char::to_uppercase);
    match words.as_slice() {
        [] => String::new(),
        [only] => first(only).collect(),
        [head, .., last] => first(head).chain(first(last)).collect(),
    }
}
