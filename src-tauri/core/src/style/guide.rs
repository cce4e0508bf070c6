//! A style guide as data: the desk's rules, read from and written to TOML or
//! JSON, and the two starter guides Wiredesk ships (`guides/*.toml`).

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// How much a style match matters. None blocks export unless a rule says
/// `blocking`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub enum Severity {
    Info,
    #[default]
    Warning,
    /// Export refuses the story while a match stands (override with a reason).
    Blocking,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Blocking => "blocking",
        }
    }
}

/// The spelling the desk writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub enum Dialect {
    #[default]
    #[serde(rename = "en-US")]
    EnUs,
    #[serde(rename = "en-GB")]
    EnGb,
}

impl Dialect {
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::EnUs => "en-US",
            Dialect::EnGb => "en-GB",
        }
    }

    /// The other one: a word it knows and this one does not is a dialect
    /// spelling, not a misspelling.
    pub fn other(self) -> Dialect {
        match self {
            Dialect::EnUs => Dialect::EnGb,
            Dialect::EnGb => Dialect::EnUs,
        }
    }

    pub fn parse(text: &str) -> Result<Dialect> {
        match text.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "en-us" | "us" | "american" => Ok(Dialect::EnUs),
            "en-gb" | "gb" | "uk" | "british" => Ok(Dialect::EnGb),
            other => Err(Error::InvalidInput(format!(
                "unknown dialect “{other}”: use en-US or en-GB"
            ))),
        }
    }
}

/// What a rule looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub enum RuleKind {
    /// Whole words or phrases, `|`-separated, any case; the replacement keeps
    /// the capital of the text it replaces.
    Words,
    /// A regular expression (Rust `regex` syntax); the replacement may use
    /// `$1`, `${name}`.
    Regex,
    /// Words the desk's dictionary does not know.
    Spelling,
    /// Names close to, but not, a name on the desk's list.
    Names,
    /// The other dialect's spellings (option `-ise` also flags -ize in en-GB).
    Dialect,
    /// One to nine in words, figures from 10; figures for ages, percentages
    /// and money; no figure opening a sentence (option: the largest number
    /// spelled out, default 9).
    Numbers,
    /// Percent as `%`, `percent` or `per cent` (the option).
    Percent,
    /// Months: `abbreviate` (Jan. 5, but January 2026) or `full`.
    Dates,
    /// Clock times: `a.m.` (5 a.m.) or `am` (5am).
    Times,
    /// Titles: `before-name` (Foreign Minister Ana Ruiz) or `after-name`
    /// (the foreign minister, Ana Ruiz).
    Titles,
}

impl RuleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::Words => "words",
            RuleKind::Regex => "regex",
            RuleKind::Spelling => "spelling",
            RuleKind::Names => "names",
            RuleKind::Dialect => "dialect",
            RuleKind::Numbers => "numbers",
            RuleKind::Percent => "percent",
            RuleKind::Dates => "dates",
            RuleKind::Times => "times",
            RuleKind::Titles => "titles",
        }
    }

    /// A kind written in Rust rather than as a pattern.
    pub fn is_builtin(self) -> bool {
        !matches!(self, RuleKind::Words | RuleKind::Regex)
    }
}

fn enabled() -> bool {
    true
}

/// One rule of a guide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct StyleRule {
    /// Short, stable, unique in the guide: "percent", "towards".
    pub id: String,
    #[serde(default)]
    pub description: String,
    pub kind: RuleKind,
    /// For `words` and `regex`: what to look for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub pattern: Option<String>,
    /// For the built-in kinds: their setting (see [`RuleKind`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub option: Option<String>,
    /// What a match becomes. None: the rule only advises.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub replacement: Option<String>,
    /// Shown with each match.
    #[serde(default)]
    pub advice: String,
    #[serde(default)]
    pub severity: Severity,
    /// Texts the rule must match (checked when it is saved).
    #[serde(default)]
    pub examples: Vec<String>,
    /// Texts it must not match.
    #[serde(default)]
    pub counterexamples: Vec<String>,
    #[serde(default = "enabled")]
    pub enabled: bool,
}

impl StyleRule {
    /// Reads one rule from a .toml or .json file's text (the rule's fields
    /// at the top level); `file` names it in errors.
    pub fn from_file_text(text: &str, file: &str) -> Result<StyleRule> {
        let problem = |problem: String| Error::StyleGuide {
            file: file.to_string(),
            problem,
        };
        if file.to_ascii_lowercase().ends_with(".json") {
            serde_json::from_str(text).map_err(|err| problem(err.to_string()))
        } else {
            toml::from_str(text).map_err(|err| problem(err.to_string().trim().to_string()))
        }
    }
}

/// A desk's house style: a dialect and rules, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct StyleGuide {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub dialect: Dialect,
    #[serde(default, rename = "rule")]
    pub rules: Vec<StyleRule>,
}

/// The starter guides, by name.
pub const STARTER_GUIDES: &[(&str, &str)] = &[
    ("agency", include_str!("guides/agency.toml")),
    ("british", include_str!("guides/british.toml")),
];

/// A starter guide by name ("agency", "british").
pub fn starter_guide(name: &str) -> Result<StyleGuide> {
    let (_, text) = STARTER_GUIDES
        .iter()
        .find(|(known, _)| *known == name)
        .ok_or_else(|| {
            Error::InvalidInput(format!(
                "no starter guide “{name}”: the starter guides are {}",
                STARTER_GUIDES
                    .iter()
                    .map(|(name, _)| *name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
    StyleGuide::from_toml(text, &format!("{name}.toml"))
}

impl StyleGuide {
    /// Reads a guide from TOML; `file` names it in errors.
    pub fn from_toml(text: &str, file: &str) -> Result<StyleGuide> {
        toml::from_str(text).map_err(|err| Error::StyleGuide {
            file: file.to_string(),
            problem: err.to_string().trim().to_string(),
        })
    }

    /// Reads a guide from JSON; `file` names it in errors.
    pub fn from_json(text: &str, file: &str) -> Result<StyleGuide> {
        serde_json::from_str(text).map_err(|err| Error::StyleGuide {
            file: file.to_string(),
            problem: err.to_string(),
        })
    }

    /// Reads a guide file by its extension (`.toml` or `.json`).
    pub fn from_file_text(text: &str, file: &str) -> Result<StyleGuide> {
        if file.to_ascii_lowercase().ends_with(".json") {
            Self::from_json(text, file)
        } else if file.to_ascii_lowercase().ends_with(".toml") {
            Self::from_toml(text, file)
        } else {
            Err(Error::StyleGuide {
                file: file.to_string(),
                problem: "a style guide is a .toml or .json file".into(),
            })
        }
    }

    pub fn to_toml(&self) -> Result<String> {
        toml::to_string_pretty(self).map_err(|err| Error::StyleGuide {
            file: self.name.clone(),
            problem: err.to_string(),
        })
    }

    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string_pretty(self).map_err(|err| Error::StyleGuide {
            file: self.name.clone(),
            problem: err.to_string(),
        })
    }

    /// Writes the guide as the file name's extension says.
    pub fn to_file_text(&self, file: &str) -> Result<String> {
        if file.to_ascii_lowercase().ends_with(".json") {
            self.to_json()
        } else {
            self.to_toml()
        }
    }

    pub fn rule(&self, id: &str) -> Option<&StyleRule> {
        self.rules.iter().find(|rule| rule.id == id)
    }
}
