//! A guide compiled for checking: patterns built once, the speller loaded
//! once, then [`Checker::check`] per body (a few milliseconds for 2,000
//! words; see benches/).

use regex::{Captures, Regex};
use serde::Serialize;

use super::builtin::{self, Body, Found};
use super::guide::{Dialect, RuleKind, Severity, StyleGuide, StyleRule};
use super::spelling::{Speller, WordProblem};
use crate::error::{Error, Result};

/// One place in a body where a rule of the guide applies. Offsets are
/// Unicode scalar values, like every offset the core hands out.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct StyleMatch {
    pub rule: String,
    pub kind: RuleKind,
    pub start: usize,
    pub end: usize,
    /// The text matched, as written.
    pub text: String,
    /// What a one-click fix writes in its place; None: advice only.
    pub suggestion: Option<String>,
    /// Other candidates (spelling), the first being `suggestion`.
    pub suggestions: Vec<String>,
    pub severity: Severity,
    pub message: String,
}

enum Compiled {
    Pattern { regex: Regex, words: bool },
    Builtin,
}

/// A guide ready to check bodies.
pub struct Checker {
    guide_name: String,
    dialect: Dialect,
    rules: Vec<(StyleRule, Compiled)>,
    speller: Option<Speller>,
    spelling_problem: Option<String>,
}

fn rule_error(rule: &StyleRule, problem: impl Into<String>) -> Error {
    Error::StyleRule {
        id: rule.id.clone(),
        problem: problem.into(),
    }
}

/// The regex of a `words` rule: each `|`-separated word or phrase, whole,
/// any case.
fn words_regex(rule: &StyleRule, pattern: &str) -> Result<Regex> {
    let alternatives: Vec<String> = pattern
        .split('|')
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(|word| {
            let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            let front = if is_word(word.chars().next()) {
                r"\b"
            } else {
                ""
            };
            let back = if is_word(word.chars().last()) {
                r"\b"
            } else {
                r"(?:\B|\b)"
            };
            format!("{front}{}{back}", regex::escape(word))
        })
        .collect();
    if alternatives.is_empty() {
        return Err(rule_error(
            rule,
            "a words rule needs at least one word in its pattern",
        ));
    }
    Regex::new(&format!("(?i:{})", alternatives.join("|")))
        .map_err(|err| rule_error(rule, err.to_string()))
}

fn option_or<'a>(rule: &'a StyleRule, default: &'a str) -> &'a str {
    rule.option
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .unwrap_or(default)
}

/// The options each built-in kind takes.
fn check_option(rule: &StyleRule) -> Result<()> {
    let option = rule.option.as_deref().map(str::trim).unwrap_or("");
    let allowed: &[&str] = match rule.kind {
        RuleKind::Percent => &["%", "percent", "per cent"],
        RuleKind::Dates => &["abbreviate", "full"],
        RuleKind::Times => &["a.m.", "am"],
        RuleKind::Titles => &["before-name", "after-name"],
        RuleKind::Dialect => &["-ise", "-ize"],
        RuleKind::Numbers => {
            return match option {
                "" => Ok(()),
                n if n.parse::<u8>().is_ok_and(|n| (1..=99).contains(&n)) => Ok(()),
                _ => Err(rule_error(
                    rule,
                    format!("option “{option}”: give the largest number spelled out, 1 to 99 (9 is usual)"),
                )),
            };
        }
        _ => return Ok(()),
    };
    if option.is_empty() || allowed.contains(&option) {
        Ok(())
    } else {
        Err(rule_error(
            rule,
            format!(
                "option “{option}” is not one a {} rule takes: use {}",
                rule.kind.as_str(),
                allowed
                    .iter()
                    .map(|a| format!("“{a}”"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        ))
    }
}

fn compile(rule: &StyleRule) -> Result<Compiled> {
    if rule.id.trim().is_empty() {
        return Err(rule_error(rule, "a rule needs an id"));
    }
    if rule.id.chars().any(|c| c.is_whitespace()) {
        return Err(rule_error(
            rule,
            "an id is one word (letters, digits, - and _)",
        ));
    }
    check_option(rule)?;
    match rule.kind {
        RuleKind::Words | RuleKind::Regex => {
            let pattern = rule
                .pattern
                .as_deref()
                .filter(|p| !p.trim().is_empty())
                .ok_or_else(|| {
                    rule_error(
                        rule,
                        format!("a {} rule needs a pattern", rule.kind.as_str()),
                    )
                })?;
            let regex = if rule.kind == RuleKind::Words {
                words_regex(rule, pattern)?
            } else {
                Regex::new(pattern).map_err(|err| {
                    rule_error(
                        rule,
                        format!("the pattern is not a valid regular expression: {err}"),
                    )
                })?
            };
            Ok(Compiled::Pattern {
                regex,
                words: rule.kind == RuleKind::Words,
            })
        }
        _ => Ok(Compiled::Builtin),
    }
}

/// `replacement` with the capitals of `written`: "Towards" → "Toward".
fn keep_case(written: &str, replacement: &str) -> String {
    let letters: Vec<char> = written.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return replacement.to_uppercase();
    }
    if written.chars().next().is_some_and(char::is_uppercase) {
        let mut chars = replacement.chars();
        if let Some(first) = chars.next() {
            return first.to_uppercase().chain(chars).collect();
        }
    }
    replacement.to_string()
}

/// Byte offsets of a body as scalar offsets.
struct Scalars(Vec<u32>);

impl Scalars {
    fn of(body: &str) -> Scalars {
        let mut map = vec![0u32; body.len() + 1];
        let mut count = 0u32;
        for (at, c) in body.char_indices() {
            for slot in &mut map[at..at + c.len_utf8()] {
                *slot = count;
            }
            count += 1;
        }
        map[body.len()] = count;
        Scalars(map)
    }

    fn at(&self, byte: usize) -> usize {
        self.0.get(byte).copied().unwrap_or(0) as usize
    }
}

impl Checker {
    /// Compiles `guide`. A rule that cannot compile is an error naming it;
    /// a missing dictionary is not: spelling is then left out and
    /// [`Checker::spelling_problem`] says why.
    pub fn new(guide: &StyleGuide, desk_words: &[String]) -> Result<Checker> {
        let mut rules = Vec::new();
        for rule in guide.rules.iter().filter(|rule| rule.enabled) {
            rules.push((rule.clone(), compile(rule)?));
        }
        let wants_words = rules.iter().any(|(rule, _)| {
            matches!(
                rule.kind,
                RuleKind::Spelling | RuleKind::Names | RuleKind::Dialect
            )
        });
        let ise = rules
            .iter()
            .any(|(rule, _)| rule.kind == RuleKind::Dialect && option_or(rule, "") == "-ise");
        let (speller, spelling_problem) = if wants_words {
            match Speller::new(guide.dialect, desk_words, ise) {
                Ok(speller) => (Some(speller), None),
                Err(err) => (None, Some(err.to_string())),
            }
        } else {
            (None, None)
        };
        Ok(Checker {
            guide_name: guide.name.clone(),
            dialect: guide.dialect,
            rules,
            speller,
            spelling_problem,
        })
    }

    /// The name of the guide it was compiled from.
    pub fn guide_name(&self) -> &str {
        &self.guide_name
    }

    /// The dialect it spells in.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Why spelling is not checked, when it is not (no dictionary).
    pub fn spelling_problem(&self) -> Option<&str> {
        self.spelling_problem.as_deref()
    }

    /// Every match of the guide in `body`, by start.
    pub fn check(&self, body: &str) -> Vec<StyleMatch> {
        let scalars = Scalars::of(body);
        let read = Body::new(body);
        let mut out = Vec::new();
        let make = |rule: &StyleRule,
                    start: usize,
                    end: usize,
                    suggestion: Option<String>,
                    suggestions: Vec<String>,
                    message: Option<String>| StyleMatch {
            rule: rule.id.clone(),
            kind: rule.kind,
            start: scalars.at(start),
            end: scalars.at(end),
            text: body[start..end].to_string(),
            suggestion,
            suggestions,
            severity: rule.severity,
            message: message.unwrap_or_else(|| {
                if rule.advice.is_empty() {
                    rule.description.clone()
                } else {
                    rule.advice.clone()
                }
            }),
        };
        let word_rule = |kind: RuleKind| {
            self.rules
                .iter()
                .find(|(rule, _)| rule.kind == kind)
                .map(|(rule, _)| rule)
        };
        for (rule, compiled) in &self.rules {
            match compiled {
                Compiled::Pattern { regex, words } => {
                    for caps in regex.captures_iter(body) {
                        let Some(whole) = caps.get(0) else { continue };
                        if whole.as_str().is_empty() {
                            continue;
                        }
                        let suggestion = rule.replacement.as_ref().map(|replacement| {
                            if *words {
                                keep_case(whole.as_str(), replacement)
                            } else {
                                expand(&caps, replacement)
                            }
                        });
                        let suggestions = suggestion.iter().cloned().collect();
                        out.push(make(
                            rule,
                            whole.start(),
                            whole.end(),
                            suggestion,
                            suggestions,
                            None,
                        ));
                    }
                }
                Compiled::Builtin => {
                    let found: Vec<Found> = match rule.kind {
                        RuleKind::Numbers => {
                            builtin::numbers_rule(&read, option_or(rule, "9").parse().unwrap_or(9))
                        }
                        RuleKind::Percent => {
                            builtin::percent_rule(&read, option_or(rule, "percent"))
                        }
                        RuleKind::Dates => {
                            builtin::dates_rule(&read, option_or(rule, "abbreviate"))
                        }
                        RuleKind::Times => builtin::times_rule(&read, option_or(rule, "a.m.")),
                        RuleKind::Titles => {
                            builtin::titles_rule(&read, option_or(rule, "before-name"))
                        }
                        _ => Vec::new(),
                    };
                    for f in found {
                        let suggestions = f.suggestion.iter().cloned().collect();
                        out.push(make(
                            rule,
                            f.start,
                            f.end,
                            f.suggestion,
                            suggestions,
                            f.message,
                        ));
                    }
                }
            }
        }
        if let Some(speller) = &self.speller {
            let spelling = word_rule(RuleKind::Spelling);
            let names = word_rule(RuleKind::Names);
            let dialect = word_rule(RuleKind::Dialect);
            let from = read.dateline_end;
            for word in speller.check(
                body,
                from,
                spelling.is_some(),
                names.is_some(),
                dialect.is_some(),
            ) {
                let rule = match word.what {
                    WordProblem::Spelling => spelling,
                    WordProblem::Name => names,
                    WordProblem::Dialect => dialect,
                };
                if let Some(rule) = rule {
                    let suggestion = word.suggestions.first().cloned();
                    out.push(make(
                        rule,
                        word.start,
                        word.end,
                        suggestion,
                        word.suggestions,
                        None,
                    ));
                }
            }
        }
        out.sort_by(|a, b| (a.start, a.end, &a.rule).cmp(&(b.start, b.end, &b.rule)));
        out
    }
}

fn expand(caps: &Captures<'_>, replacement: &str) -> String {
    let mut out = String::new();
    caps.expand(replacement, &mut out);
    out
}

/// Checks a rule as it is to be saved: it compiles, its option is one its
/// kind takes, each example matches and no counterexample does.
pub fn validate_rule(rule: &StyleRule, dialect: Dialect) -> Result<()> {
    compile(rule)?;
    let guide = StyleGuide {
        name: "rule".into(),
        description: String::new(),
        dialect,
        rules: vec![StyleRule {
            enabled: true,
            ..rule.clone()
        }],
    };
    let checker = Checker::new(&guide, &[])?;
    let words_kind = matches!(
        rule.kind,
        RuleKind::Spelling | RuleKind::Names | RuleKind::Dialect
    );
    if words_kind && checker.spelling_problem().is_some() {
        return Ok(()); // no dictionary here to try the examples on
    }
    for example in &rule.examples {
        if checker.check(example).is_empty() {
            return Err(rule_error(
                rule,
                format!("it does not match its example “{example}”"),
            ));
        }
    }
    for counter in &rule.counterexamples {
        if let Some(found) = checker.check(counter).first() {
            return Err(rule_error(
                rule,
                format!(
                    "it matches “{}” in its counterexample “{counter}”",
                    found.text
                ),
            ));
        }
    }
    Ok(())
}

/// `body` with the suggestions of `matches` written in: from the end, and
/// a match overlapping one already applied is left. Returns the text and
/// how many were applied.
pub fn apply_fixes(body: &str, matches: &[StyleMatch]) -> (String, usize) {
    let starts: Vec<usize> = body
        .char_indices()
        .map(|(at, _)| at)
        .chain([body.len()])
        .collect();
    let byte = |scalar: usize| starts.get(scalar).copied().unwrap_or(body.len());
    let mut sorted: Vec<&StyleMatch> = matches.iter().filter(|m| m.suggestion.is_some()).collect();
    sorted.sort_by_key(|m| (std::cmp::Reverse(m.start), std::cmp::Reverse(m.end)));
    let mut text = body.to_string();
    let mut applied = 0;
    let mut floor = usize::MAX; // start of the last applied match
    for m in sorted {
        if m.end > floor || m.start > m.end {
            continue;
        }
        let (start, end) = (byte(m.start), byte(m.end));
        if text.get(start..end) != Some(m.text.as_str()) {
            continue; // the text moved since it was checked
        }
        if let Some(suggestion) = &m.suggestion {
            text.replace_range(start..end, suggestion);
            applied += 1;
            floor = m.start;
        }
    }
    (text, applied)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::guide::starter_guide;

    fn rule(kind: RuleKind, pattern: &str, replacement: Option<&str>) -> StyleRule {
        StyleRule {
            id: "r".into(),
            description: String::new(),
            kind,
            pattern: Some(pattern.into()),
            option: None,
            replacement: replacement.map(String::from),
            advice: "advice".into(),
            severity: Severity::Warning,
            examples: vec![],
            counterexamples: vec![],
            enabled: true,
        }
    }

    fn guide(rules: Vec<StyleRule>) -> StyleGuide {
        StyleGuide {
            name: "t".into(),
            description: String::new(),
            dialect: Dialect::EnUs,
            rules,
        }
    }

    #[test]
    fn words_rules_match_whole_words_and_keep_capitals() {
        let checker = Checker::new(
            &guide(vec![rule(
                RuleKind::Words,
                "towards|amongst",
                Some("toward"),
            )]),
            &[],
        )
        .unwrap();
        let found = checker.check("Towards dawn, they moved towards the town; untowardsness.");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].suggestion.as_deref(), Some("Toward"));
        assert_eq!((found[1].start, found[1].end), (25, 32));
        let dotted =
            Checker::new(&guide(vec![rule(RuleKind::Words, "U.S.", Some("US"))]), &[]).unwrap();
        assert_eq!(dotted.check("The U.S. embassy. US").len(), 1);
    }

    #[test]
    fn regex_rules_expand_groups_and_offsets_are_scalars() {
        let checker = Checker::new(
            &guide(vec![rule(
                RuleKind::Regex,
                r"(\d+) years? old (man|woman)",
                Some("$1-year-old $2"),
            )]),
            &[],
        )
        .unwrap();
        let found = checker.check("Ö — a 35 years old man");
        assert_eq!(found[0].suggestion.as_deref(), Some("35-year-old man"));
        assert_eq!(found[0].start, 6);
        assert_eq!(
            apply_fixes("Ö — a 35 years old man", &found).0,
            "Ö — a 35-year-old man"
        );
    }

    #[test]
    fn a_bad_rule_is_refused_with_its_id_and_problem() {
        let bad = rule(RuleKind::Regex, "(unclosed", None);
        let err = validate_rule(&bad, Dialect::EnUs).unwrap_err().to_string();
        assert!(
            err.contains("“r”") && err.contains("regular expression"),
            "{err}"
        );
        let mut wrong = rule(RuleKind::Words, "towards", Some("toward"));
        wrong.examples = vec!["toward the end".into()];
        let err = validate_rule(&wrong, Dialect::EnUs)
            .unwrap_err()
            .to_string();
        assert!(err.contains("does not match its example"), "{err}");
        wrong.examples = vec![];
        wrong.counterexamples = vec!["towards the end".into()];
        assert!(validate_rule(&wrong, Dialect::EnUs).is_err());
        let mut option = rule(RuleKind::Percent, "", None);
        option.pattern = None;
        option.option = Some("pc".into());
        assert!(validate_rule(&option, Dialect::EnUs)
            .unwrap_err()
            .to_string()
            .contains("“percent”"));
    }

    #[test]
    fn both_starter_guides_load_and_every_rule_passes_its_examples() {
        for name in ["agency", "british"] {
            let guide = starter_guide(name).unwrap();
            assert!(guide.rules.len() >= 10, "{name}");
            for rule in &guide.rules {
                validate_rule(rule, guide.dialect).unwrap_or_else(|err| panic!("{name}: {err}"));
            }
        }
    }

    #[test]
    fn seven_people_and_a_misspelling_are_flagged_and_fixed() {
        let guide = starter_guide("agency").unwrap();
        let checker = Checker::new(&guide, &[]).unwrap();
        let body = "Police said 7 people were hurt in the atack.";
        let found = checker.check(body);
        let rules: Vec<&str> = found.iter().map(|m| m.rule.as_str()).collect();
        assert_eq!(rules, vec!["numbers", "spelling"]);
        assert_eq!(
            apply_fixes(body, &found).0,
            "Police said seven people were hurt in the attack."
        );
    }

    #[test]
    fn fixes_that_overlap_apply_once() {
        let m = |start, end, text: &str, s: &str| StyleMatch {
            rule: "r".into(),
            kind: RuleKind::Words,
            start,
            end,
            text: text.into(),
            suggestion: Some(s.into()),
            suggestions: vec![],
            severity: Severity::Info,
            message: String::new(),
        };
        let (text, applied) = apply_fixes(
            "abc def",
            &[
                m(0, 3, "abc", "x"),
                m(2, 5, "c d", "y"),
                m(4, 7, "def", "z"),
            ],
        );
        assert_eq!((text.as_str(), applied), ("x z", 2));
    }
}
