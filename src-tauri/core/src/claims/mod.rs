//! Claims: the checkable facts of a story. [`detect`] suggests them from a
//! story's text (pure: text in, suggestions out); the store keeps them with
//! their anchors, statuses and events.

pub mod anchor;
pub mod detect;
pub mod figures;
pub mod integrity;

use serde::Serialize;

pub use detect::detect;

/// Statuses a claim moves through while it is checked (PRODUCT.md §6).
pub const STATUSES: [&str; 6] = [
    "unchecked",
    "checking",
    "verified",
    "disputed",
    "false",
    "unverifiable",
];

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimKind {
    Quantity,
    Percentage,
    Money,
    Date,
    Quote,
    Statement,
}

impl ClaimKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Quantity => "quantity",
            ClaimKind::Percentage => "percentage",
            ClaimKind::Money => "money",
            ClaimKind::Date => "date",
            ClaimKind::Quote => "quote",
            ClaimKind::Statement => "statement",
        }
    }

    pub fn parse(text: &str) -> Option<ClaimKind> {
        Some(match text {
            "quantity" => ClaimKind::Quantity,
            "percentage" => ClaimKind::Percentage,
            "money" => ClaimKind::Money,
            "date" => ClaimKind::Date,
            "quote" => ClaimKind::Quote,
            "statement" => ClaimKind::Statement,
            _ => return None,
        })
    }
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
}

/// What the detector may know about the story besides its body.
#[derive(Debug, Clone, Default)]
pub struct DetectContext {
    /// The day the story was filed or received, to resolve "on Wednesday",
    /// "last month" and the like.
    pub reference_date: Option<time::Date>,
}
