//! Claims: the checkable facts of a story. [`detect`] suggests them from a
//! story's text (pure: text in, suggestions out); the store keeps them with
//! their anchors, statuses and events.

pub mod anchor;
pub mod carry;
pub mod contradictions;
pub mod detect;
pub mod figures;
pub mod integrity;

use serde::{Deserialize, Serialize};

pub use detect::detect;

/// The detector's date rules whose claims are *timing*: a bare weekday, a
/// relative date ("last month", "yesterday") or a time of day. They are
/// grouped apart in the claim panel and, unless the desk sets
/// [`TIMING_OPEN_SETTING`] to "true", neither count as open claims nor
/// hold the publish gate.
pub const TIMING_RULES: [&str; 3] = ["weekday", "relative_date", "time_of_day"];

/// The library setting that makes timing claims count as open ("true").
pub const TIMING_OPEN_SETTING: &str = "claims.timing_open";

/// Whether a claim of `kind` found by `rule` is a timing claim (a date a
/// desk marks by hand is not: it was marked on purpose).
pub fn is_timing(kind: ClaimKind, rule: Option<&str>) -> bool {
    kind == ClaimKind::Date && rule.is_some_and(|rule| TIMING_RULES.contains(&rule))
}

/// The SQL condition (over claims `c`) that a claim is a timing claim.
pub fn timing_sql() -> String {
    let rules: Vec<String> = TIMING_RULES
        .iter()
        .map(|r| format!("c.rule = '{r}'"))
        .collect();
    format!("(c.kind = 'date' AND ({}))", rules.join(" OR "))
}

/// Evidence recorded on a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Evidence {
    /// A web address.
    Url(String),
    /// A document reference ("Ministry statement of 3 June, p. 2").
    Doc(String),
    /// A contact note ("Rang the ministry press office, 14:10").
    Contact(String),
}

/// What a claim is about (PRODUCT.md §6); `Statement` is any span an editor marks.
/// Its spellings (`as_str`, `parse`, SQLite) are in [`crate::domain`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub enum ClaimKind {
    Quantity,
    Percentage,
    Money,
    Date,
    Quote,
    Statement,
}

/// How a quote's speaker was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SpeakerSource {
    /// The quote's own attribution names or describes the speaker ("Mayor
    /// Ana Ruiz vowed", "according to the ministry", "a police source said").
    Named,
    /// The attribution stands for someone named earlier: a pronoun ("he
    /// said") or a definite description ("the minister added").
    Pronoun,
    /// The quote has no attribution of its own and continues the quote
    /// before it (same or previous paragraph), whose speaker it keeps.
    Carried,
}

impl SpeakerSource {
    pub fn as_str(self) -> &'static str {
        match self {
            SpeakerSource::Named => "named",
            SpeakerSource::Pronoun => "pronoun",
            SpeakerSource::Carried => "carried",
        }
    }
}

/// A claim the detector suggests.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub kind: ClaimKind,
    /// Byte range of the claim in the body it was found in (`&body[start..end]`
    /// is `text`). The store turns it into Unicode scalar offsets.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The normalised value: "700 troops", "~4000 soldiers", "3.5 percent",
    /// "USD 9000000000", "2021-06-03", or None where there is none (quotes).
    pub value: Option<String>,
    /// For quotes: who said it, resolved from the attribution.
    pub speaker: Option<String>,
    /// For quotes with a speaker: how it was found.
    pub speaker_source: Option<SpeakerSource>,
    /// The name of the rule that found it, so a suggestion can explain itself.
    pub rule: &'static str,
    /// Check-worthiness, higher first: casualty counts and vote shares above a
    /// weekday.
    pub rank: u32,
    /// For a date whose value was counted from the reference date ("on
    /// Thursday", "March 9", "last month"): which day that was. None for
    /// dates that say their own year ("June 3, 2021") and for other kinds.
    pub resolved_against: Option<ResolvedAgainst>,
    /// A date resolved forward from the reference: future-tense copy ("will
    /// meet on Friday"), "next week", "tomorrow". Only such a date may lie
    /// after the reference day.
    pub forward: bool,
}

/// What a date claim's value was counted from (PRODUCT.md §6 dates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub enum ResolvedAgainst {
    /// The copy's own date: the dateline's, a stamp line's or the format's
    /// metadata ("copy_date" in the wire revision).
    #[serde(rename = "copy-date")]
    CopyDate,
    /// The day the text was received (for an edit or a merge of a story
    /// whose wire copy has no date of its own: the day it was saved).
    #[default]
    #[serde(rename = "received")]
    Received,
}

impl ResolvedAgainst {
    pub fn as_str(self) -> &'static str {
        match self {
            ResolvedAgainst::CopyDate => "copy-date",
            ResolvedAgainst::Received => "received",
        }
    }

    pub fn parse(text: &str) -> Option<ResolvedAgainst> {
        match text {
            "copy-date" => Some(ResolvedAgainst::CopyDate),
            "received" => Some(ResolvedAgainst::Received),
            _ => None,
        }
    }
}

/// What the detector may know about the story besides its body.
#[derive(Debug, Clone, Default)]
pub struct DetectContext {
    /// The day the story was filed or received, to resolve "on Wednesday",
    /// "last month" and the like.
    pub reference_date: Option<time::Date>,
    /// What `reference_date` is: the copy's own date, or the day the text
    /// was received or saved.
    pub reference: ResolvedAgainst,
}

impl DetectContext {
    /// Dates counted from the copy's own date.
    pub fn copy_date(day: time::Date) -> DetectContext {
        DetectContext {
            reference_date: Some(day),
            reference: ResolvedAgainst::CopyDate,
        }
    }

    /// Dates counted from the day the text was received or saved.
    pub fn received(day: time::Date) -> DetectContext {
        DetectContext {
            reference_date: Some(day),
            reference: ResolvedAgainst::Received,
        }
    }
}
