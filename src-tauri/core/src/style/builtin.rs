//! The built-in rule kinds that a plain pattern cannot express well:
//! numbers, percent, dates, times and titles. Each reads the body and
//! returns byte spans with a suggestion; `check.rs` turns them into matches.
//!
//! Numbers are read by the claim detector's own number reading
//! ([`crate::claims::detect::numbers`]), so "7 people" is the same number
//! to the claim panel and to house style.

use std::cell::OnceCell;
use std::sync::OnceLock;

use regex::Regex;

use crate::claims::detect::{numbers, opening_dateline_end, NumberUse};
use crate::claims::ClaimKind;

/// A span a built-in rule found, in bytes of the body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub suggestion: Option<String>,
    /// Said instead of the rule's advice, when the rule has more than one
    /// thing to say ("spell out or recast").
    pub message: Option<String>,
}

fn found(start: usize, end: usize, suggestion: Option<String>, message: &str) -> Found {
    Found {
        start,
        end,
        suggestion,
        message: Some(message.to_string()),
    }
}

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    // The patterns are this file's constants, tested below.
    cell.get_or_init(|| Regex::new(pattern).expect("built-in style pattern"))
}

/// A body as the built-in rules read it: its dateline's end, and its
/// numbers read once (by the claim detector's reading) for every rule that
/// wants them.
pub(crate) struct Body<'a> {
    pub text: &'a str,
    /// Where the dateline that opens the body ends (0 without one).
    pub dateline_end: usize,
    numbers: OnceCell<Vec<NumberUse>>,
}

impl<'a> Body<'a> {
    pub(crate) fn new(text: &'a str) -> Body<'a> {
        Body {
            text,
            dateline_end: opening_dateline_end(text).unwrap_or(0),
            numbers: OnceCell::new(),
        }
    }

    fn numbers(&self) -> &[NumberUse] {
        self.numbers.get_or_init(|| numbers(self.text))
    }
}

// ---------------------------------------------------------------- numbers

/// Words after a figure that make it a measurement, a score or a label,
/// which stays in figures whatever its size.
const UNITS: &[&str] = &[
    "a",
    "am",
    "p",
    "pm",
    "km",
    "kms",
    "m",
    "cm",
    "mm",
    "kg",
    "g",
    "mg",
    "lb",
    "lbs",
    "oz",
    "mph",
    "kph",
    "mb",
    "gb",
    "tb",
    "mw",
    "gw",
    "kw",
    "kwh",
    "c",
    "f",
    "degree",
    "degrees",
    "percent",
    "per",
    "pct",
    "point",
    "points",
    "pt",
    "pts",
    "ft",
    "in",
    "inch",
    "inches",
    "mile",
    "miles",
    "metre",
    "metres",
    "meter",
    "meters",
    "kilometre",
    "kilometres",
    "kilometer",
    "kilometers",
    "million",
    "billion",
    "trillion",
    "bn",
    "mn",
    "tn",
    "gmt",
    "utc",
    "et",
    "pt",
    "bst",
    "cet",
    "magnitude",
    "out",
    "of",
    "to",
    "and",
    "or",
    "x",
    "times",
    "seed",
    "st",
    "nd",
    "rd",
    "th",
    "hour",
    "hours",
    "minute",
    "minutes",
    "second",
    "seconds",
    "hrs",
    "min",
    "mins",
    "secs",
    "yard",
    "yards",
    "tonne",
    "tonnes",
    "ton",
    "tons",
    "litre",
    "litres",
    "liter",
    "liters",
    "gallon",
    "gallons",
    "acre",
    "acres",
    "hectare",
    "hectares",
    "sq",
    "square",
    "cubic",
];

/// Words before a figure that make it a label ("No. 7", "Article 5",
/// "page 3", "level 4").
const LABELS: &[&str] = &[
    "no",
    "nos",
    "number",
    "page",
    "pages",
    "chapter",
    "section",
    "article",
    "articles",
    "route",
    "room",
    "grade",
    "level",
    "category",
    "phase",
    "round",
    "game",
    "week",
    "stage",
    "step",
    "term",
    "flight",
    "gate",
    "platform",
    "line",
    "lane",
    "zone",
    "unit",
    "floor",
    "row",
    "seat",
    "verse",
    "act",
    "scene",
    "part",
    "item",
    "rule",
    "clause",
    "paragraph",
    "table",
    "figure",
    "version",
    "bus",
    "hole",
    "race",
    "match",
    "day",
    "year",
    "years",
    "aged",
    "age",
    "ages",
    "covid",
    "top",
    "under",
    "over",
    "channel",
    "apollo",
    "boeing",
    "airbus",
    "windows",
];

fn is_unit(word: &str) -> bool {
    let lower = word.to_lowercase();
    UNITS.contains(&lower.as_str())
}

fn is_label(word: &str) -> bool {
    let lower = word.to_lowercase();
    LABELS.contains(&lower.as_str())
}

/// "seven" for 7: the number in words, for 0 to 99.
pub(crate) fn number_words(value: u32) -> Option<String> {
    const ONES: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 10] = [
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    match value {
        0..=19 => Some(ONES[value as usize].to_string()),
        20..=99 => {
            let (tens, ones) = ((value / 10) as usize, (value % 10) as usize);
            Some(if ones == 0 {
                TENS[tens].to_string()
            } else {
                format!("{}-{}", TENS[tens], ONES[ones])
            })
        }
        _ => None,
    }
}

/// 4000 as "4,000", 12 as "12".
fn figures(value: u64) -> String {
    let digits = value.to_string();
    if digits.len() <= 4 {
        return digits;
    }
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// An age: "7-year-old", "7 years old", "aged 7".
fn is_age(body: &str, number: &NumberUse) -> bool {
    static AGE: OnceLock<Regex> = OnceLock::new();
    let age = regex(
        &AGE,
        r"(?i)\A(?:-(?:year|month)s?-old\b| (?:years?|months?) old\b)",
    );
    age.is_match(&body[number.end..]) || number.before.eq_ignore_ascii_case("aged")
}

/// Whether the number at byte `at` opens a sentence: at the start of a
/// paragraph or after a full stop, question or exclamation mark (and any
/// opening quote). A dash or colon before it does not end a sentence.
fn opens_sentence(body: &str, at: usize) -> bool {
    let before = body[..at].trim_end_matches([' ', '"', '“', '‘', '\'', '(']);
    before.is_empty() || before.ends_with(['.', '!', '?', '\n'])
}

/// Whether an abbreviation ending in a full stop ("No.", "Art.", "vs.")
/// comes just before byte `at`.
fn after_abbreviation(body: &str, at: usize) -> bool {
    let before = body[..at].trim_end();
    let Some(stem) = before.strip_suffix('.') else {
        return false;
    };
    let word_start = stem.rfind(|c: char| !c.is_alphabetic()).map_or(0, |i| {
        i + stem[i..].chars().next().map_or(1, char::len_utf8)
    });
    let word = &stem[word_start..];
    const ABBREVIATIONS: &[&str] = &[
        "no", "nos", "art", "arts", "vs", "v", "p", "pp", "vol", "fig", "ch", "sec", "para", "st",
        "gen", "col", "lt", "sgt", "rep", "sen", "gov", "dr", "mr", "mrs", "ms", "approx",
    ];
    ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

fn is_whole(value: f64) -> Option<u64> {
    (value >= 0.0 && value.fract() == 0.0 && value < 1e15).then_some(value as u64)
}

/// One to `spell_to` in words, figures above it; figures always for ages,
/// percentages and money; no figure opening a sentence.
pub(crate) fn numbers_rule(body: &Body, spell_to: u64) -> Vec<Found> {
    let (numbers, body) = (body.numbers(), body.text);
    let mut out = Vec::new();
    for number in numbers {
        if number.in_dateline {
            continue;
        }
        let Some(whole) = is_whole(number.value) else {
            continue;
        };
        let kind = number.claim.map(|(kind, _)| kind);
        let text = &body[number.start..number.end];
        if matches!(kind, Some(ClaimKind::Date)) || number.scaled {
            continue;
        }
        let always_figures =
            is_age(body, number) || matches!(kind, Some(ClaimKind::Percentage | ClaimKind::Money));
        let opens_sentence = number.opens_sentence && opens_sentence(body, number.start);
        if number.spelled {
            if opens_sentence && !always_figures {
                continue; // "Twelve people died." is right
            }
            if always_figures && !opens_sentence {
                out.push(found(
                    number.start,
                    number.end,
                    Some(figures(whole)),
                    "Ages, percentages and money take figures.",
                ));
            } else if whole > spell_to && !text.contains(' ') {
                out.push(found(
                    number.start,
                    number.end,
                    Some(figures(whole)),
                    "Figures from 10: write this number in figures.",
                ));
            }
            continue;
        }
        // Written in figures.
        if number.before_glued || number.after_glued {
            continue; // "$7", "7%", "B-52", "7-year-old", "3-1"
        }
        if after_abbreviation(body, number.start) {
            continue; // "No. 7", "Art. 5", "vs. 3": a label, not a sentence's end
        }
        if opens_sentence {
            let year = (1000..=2100).contains(&whole) && !text.contains(',');
            if year || always_figures {
                continue;
            }
            let suggestion = number_words(whole as u32)
                .filter(|_| whole < 100)
                .map(|words| capitalised(&words));
            out.push(found(
                number.start,
                number.end,
                suggestion,
                "A figure does not open a sentence: spell it out or recast the sentence.",
            ));
            continue;
        }
        if always_figures || whole == 0 || whole > spell_to {
            continue;
        }
        let counted =
            number.after.chars().next().is_some_and(char::is_lowercase) && !is_unit(&number.after);
        let labelled = is_label(&number.before)
            || number.before.chars().next().is_some_and(char::is_uppercase)
            || number.before == "#";
        if counted && !labelled && text.chars().all(|c| c.is_ascii_digit()) {
            out.push(found(
                number.start,
                number.end,
                number_words(whole as u32),
                "One to nine in words.",
            ));
        }
    }
    out
}

// ---------------------------------------------------------------- percent

/// Percent written as the option says: "%", "percent" or "per cent".
pub(crate) fn percent_rule(body: &Body, style: &str) -> Vec<Found> {
    static SIGN: OnceLock<Regex> = OnceLock::new();
    let sign = regex(
        &SIGN,
        r"(?i)\A(?:\s?%|[ \u{a0}](?:per[ \u{a0}-]?cent|pct)\b|[ \u{a0}]percent\b)",
    );
    let (numbers, body) = (body.numbers(), body.text);
    let mut out = Vec::new();
    for number in numbers {
        let rest = &body[number.end..];
        let Some(m) = sign.find(rest) else {
            continue;
        };
        let written = m.as_str();
        let has = |form: &str| written.trim().eq_ignore_ascii_case(form);
        let right = match style {
            "%" => written == "%",
            "percent" => written == " percent",
            _ => written == " per cent",
        };
        if right || (style == "per cent" && has("per cent") && written.starts_with(' ')) {
            continue;
        }
        let figure = &body[number.start..number.end];
        let suggestion = match style {
            "%" => format!("{figure}%"),
            "percent" => format!("{figure} percent"),
            _ => format!("{figure} per cent"),
        };
        out.push(Found {
            start: number.start,
            end: number.end + m.end(),
            suggestion: Some(suggestion),
            message: None,
        });
    }
    out
}

// ---------------------------------------------------------------- dates

const MONTHS: &[(&str, &str)] = &[
    ("January", "Jan."),
    ("February", "Feb."),
    ("March", "March"),
    ("April", "April"),
    ("May", "May"),
    ("June", "June"),
    ("July", "July"),
    ("August", "Aug."),
    ("September", "Sept."),
    ("October", "Oct."),
    ("November", "Nov."),
    ("December", "Dec."),
];

fn month(written: &str) -> Option<(&'static str, &'static str)> {
    let bare = written.trim_end_matches('.');
    MONTHS.iter().copied().find(|(full, short)| {
        *full == bare
            || short.trim_end_matches('.') == bare
            || (bare.len() == 3 && full.starts_with(bare))
    })
}

/// Months abbreviated with a date ("abbreviate": Jan. 5, January 2026) or
/// always in full ("full").
pub(crate) fn dates_rule(body: &Body, style: &str) -> Vec<Found> {
    static MONTH: OnceLock<Regex> = OnceLock::new();
    let pattern = regex(
        &MONTH,
        r"\b(January|February|August|September|October|November|December|Jan\.?|Feb\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)(\s+\d{1,2}\b(?:,?\s+\d{4})?|\s+\d{4}\b)?",
    );
    static DAY_BEFORE: OnceLock<Regex> = OnceLock::new();
    let day_before = regex(&DAY_BEFORE, r"\b\d{1,2}(?:st|nd|rd|th)?\s+\z");
    let (dateline, body) = (body.dateline_end, body.text);
    let mut out = Vec::new();
    for caps in pattern.captures_iter(body) {
        let (Some(whole), Some(name)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        if whole.end() <= dateline {
            continue;
        }
        let written = name.as_str();
        let abbreviated = written.len() <= 5 && written != "March";
        if abbreviated && !written.ends_with('.') {
            // "Jan" with no stop: a name ("Jan Kowalski") unless a day is beside it.
            let beside_day = caps
                .get(2)
                .is_some_and(|after| after.as_str().trim().len() <= 2)
                || day_before.is_match(&body[..name.start()]);
            if !beside_day {
                continue;
            }
        }
        let Some((full, short)) = month(written) else {
            continue;
        };
        let with_day = caps
            .get(2)
            .is_some_and(|after| after.as_str().trim().len() <= 2 || after.as_str().contains(','))
            || day_before.is_match(&body[..name.start()]);
        let want = if style == "full" || !with_day {
            full
        } else {
            short
        };
        if written != want {
            out.push(Found {
                start: name.start(),
                end: name.end(),
                suggestion: Some(want.to_string()),
                message: None,
            });
        }
    }
    out
}

// ---------------------------------------------------------------- times

/// Clock times as "5 a.m." ("a.m.") or "5am" ("am").
pub(crate) fn times_rule(body: &Body, style: &str) -> Vec<Found> {
    let body = body.text;
    static TIME: OnceLock<Regex> = OnceLock::new();
    let pattern = regex(
        &TIME,
        r"\b(\d{1,2}(?:[:.]\d{2})?)(\s?)(a\.m\.|p\.m\.|a\.m\b|p\.m\b|[AaPp][Mm]\b|[AP]\.M\.)",
    );
    let mut out = Vec::new();
    for caps in pattern.captures_iter(body) {
        let (Some(whole), Some(clock), Some(mark)) = (caps.get(0), caps.get(1), caps.get(3)) else {
            continue;
        };
        let hour: u32 = clock
            .as_str()
            .split([':', '.'])
            .next()
            .and_then(|h| h.parse().ok())
            .unwrap_or(99);
        if !(1..=12).contains(&hour) {
            continue;
        }
        let pm = mark.as_str().to_ascii_lowercase().starts_with('p');
        let want = match (style, pm) {
            ("am", false) => format!("{}am", clock.as_str().replace(':', ".")),
            ("am", true) => format!("{}pm", clock.as_str().replace(':', ".")),
            (_, false) => format!("{} a.m.", clock.as_str()),
            (_, true) => format!("{} p.m.", clock.as_str()),
        };
        if whole.as_str() != want {
            out.push(Found {
                start: whole.start(),
                end: whole.end(),
                suggestion: Some(want),
                message: None,
            });
        }
    }
    out
}

// ---------------------------------------------------------------- titles

const TITLES: &str = "minister|president|secretary|chancellor|governor|senator|ambassador|mayor|premier|prosecutor|commissioner";

/// Formal titles before the name ("before-name": Foreign Minister Ana Ruiz)
/// or, lower case, before it with a comma ("after-name": the foreign
/// minister, Ana Ruiz).
pub(crate) fn titles_rule(body: &Body, style: &str) -> Vec<Found> {
    let body = body.text;
    static AFTER: OnceLock<Regex> = OnceLock::new();
    static BEFORE: OnceLock<Regex> = OnceLock::new();
    let mut out = Vec::new();
    if style == "after-name" {
        // The qualifiers before the title ("French", "Home Affairs",
        // "Democratic Republic of Congo") stay as written; the office and
        // title go lower case after "the".
        let pattern = regex(
            &BEFORE,
            &format!(
                r"\b((?:\p{{Lu}}[\p{{L}}.’'-]*(?: (?:and|of))? )*?)((?:(?:Deputy|Vice|Prime|Foreign|Defence|Defense|Finance|Interior|Health|Home|Justice|Trade|Economy|Energy|Education|Chief|Attorney|Secretary) )*(?:{}))( General)? (\p{{Lu}}\p{{Ll}}+(?: \p{{Lu}}[\p{{L}}'’-]+){{1,2}})\b",
                capital_titles()
            ),
        );
        for caps in pattern.captures_iter(body) {
            let (Some(whole), Some(qualifiers), Some(title), Some(name)) =
                (caps.get(0), caps.get(1), caps.get(2), caps.get(4))
            else {
                continue;
            };
            let general = caps.get(3).map_or("", |g| g.as_str());
            let mut start = whole.start();
            let mut qualifiers = qualifiers.as_str();
            if let Some(rest) = qualifiers.strip_prefix("The ") {
                // "The President Ana Ruiz": the article is already there.
                start += 4;
                qualifiers = rest;
            }
            let before = body[..start].trim_end();
            let last_word = before
                .rsplit(|c: char| c.is_whitespace())
                .next()
                .unwrap_or("");
            let possessive = |w: &str| w.ends_with("’s") || w.ends_with("'s");
            let article = if last_word.eq_ignore_ascii_case("the")
                || possessive(last_word)
                || qualifiers.split(' ').any(possessive)
            {
                ""
            } else if before.is_empty()
                || before.ends_with(['.', '!', '?', '"', '“'])
                || body[..start].trim_end_matches([' ', '\t']).ends_with('\n')
            {
                "The "
            } else {
                "the "
            };
            out.push(Found {
                start,
                end: whole.end(),
                suggestion: Some(format!(
                    "{article}{qualifiers}{}{}, {}",
                    title.as_str().to_lowercase(),
                    general.to_lowercase(),
                    name.as_str()
                )),
                message: None,
            });
        }
        return out;
    }
    let pattern = regex(
        &AFTER,
        &format!(
            r"\b(\p{{Lu}}\p{{Ll}}+(?: \p{{Lu}}[\p{{L}}'’-]+){{1,2}}), the ((?:[a-z]+ ){{0,2}}(?:{TITLES})(?: general)?)([,.])"
        ),
    );
    for caps in pattern.captures_iter(body) {
        let (Some(name), Some(title), Some(mark)) = (caps.get(1), caps.get(2), caps.get(3)) else {
            continue;
        };
        // "Ana Ruiz, the foreign minister, said" → "Foreign Minister Ana Ruiz said".
        let end = if mark.as_str() == "," {
            mark.end()
        } else {
            title.end()
        };
        let first_word = name.as_str().split(' ').next().unwrap_or("");
        if is_calendar_word(first_word) {
            continue;
        }
        let title_cased: Vec<String> = title.as_str().split(' ').map(capitalised).collect();
        out.push(Found {
            start: name.start(),
            end,
            suggestion: Some(format!("{} {}", title_cased.join(" "), name.as_str())),
            message: None,
        });
    }
    out
}

fn capital_titles() -> String {
    TITLES
        .split('|')
        .map(capitalised)
        .collect::<Vec<_>>()
        .join("|")
}

fn is_calendar_word(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "In",
        "On",
        "At",
        "The",
        "But",
        "And",
        "Meanwhile",
        "Earlier",
        "Later",
    ];
    WORDS.contains(&word) || month(word).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(body: &str, found: &[Found]) -> String {
        let mut text = body.to_string();
        for f in found.iter().rev() {
            if let Some(s) = &f.suggestion {
                text.replace_range(f.start..f.end, s);
            }
        }
        text
    }

    #[test]
    fn numbers_follow_the_one_to_nine_rule() {
        let body = "Police said 7 people were hurt and twelve were held in 3 towns.";
        let found = numbers_rule(&Body::new(body), 9);
        assert_eq!(
            fixed(body, &found),
            "Police said seven people were hurt and 12 were held in three towns."
        );
    }

    #[test]
    fn numbers_leave_labels_units_ages_money_and_dates_alone() {
        for body in [
            "He wore No. 7 on Route 9.",
            "It rose 5 percent to $7 on March 3.",
            "The 7-year-old boy and a man aged 6 were hurt.",
            "The quake measured 6 magnitude, 5 km deep, at 5 p.m.",
            "Article 5 applies, the court ruled 3-1.",
            "About 1.5 million people fled.",
        ] {
            assert_eq!(numbers_rule(&Body::new(body), 9), vec![], "{body}");
        }
    }

    #[test]
    fn numbers_want_figures_for_spelled_ages_and_percentages() {
        let body = "The boy was seven years old and turnout fell five percent.";
        assert_eq!(
            fixed(body, &numbers_rule(&Body::new(body), 9)),
            "The boy was 7 years old and turnout fell 5 percent."
        );
    }

    #[test]
    fn a_figure_opening_a_sentence_is_spelled_out_unless_a_year() {
        let body = "Rain fell. 12 people drowned. 2024 was wet.";
        let found = numbers_rule(&Body::new(body), 9);
        assert_eq!(found.len(), 1);
        assert_eq!(
            fixed(body, &found),
            "Rain fell. Twelve people drowned. 2024 was wet."
        );
    }

    #[test]
    fn durations_are_not_ages_and_dashes_do_not_open_sentences() {
        for body in [
            "He got a five-year ban and a one-month delay.",
            "The toll rose – 190 deaths by Thursday.",
        ] {
            assert_eq!(numbers_rule(&Body::new(body), 9), vec![], "{body}");
        }
        let body = "A seven-year-old girl.";
        assert_eq!(
            fixed(body, &numbers_rule(&Body::new(body), 9)),
            "A 7-year-old girl."
        );
    }

    #[test]
    fn numbers_skip_the_dateline() {
        let body = "KYIV, Ukraine, March 3 (Reuters) - Five soldiers and 14 civilians died.";
        assert_eq!(numbers_rule(&Body::new(body), 9), vec![]);
    }

    #[test]
    fn percent_takes_the_desks_form() {
        let body = "Turnout was 7% and prices rose 3 percent, jobs 2 per cent.";
        assert_eq!(
            fixed(body, &percent_rule(&Body::new(body), "per cent")),
            "Turnout was 7 per cent and prices rose 3 per cent, jobs 2 per cent."
        );
        assert_eq!(
            fixed(body, &percent_rule(&Body::new(body), "%")),
            "Turnout was 7% and prices rose 3%, jobs 2%."
        );
        assert_eq!(
            fixed(body, &percent_rule(&Body::new(body), "percent")),
            "Turnout was 7 percent and prices rose 3 percent, jobs 2 percent."
        );
    }

    #[test]
    fn months_abbreviate_with_a_date_only() {
        let body = "On January 5 and Sept. 2024, in August, on Oct. 3, 2025, Jan Nowak spoke.";
        assert_eq!(
            fixed(body, &dates_rule(&Body::new(body), "abbreviate")),
            "On Jan. 5 and September 2024, in August, on Oct. 3, 2025, Jan Nowak spoke."
        );
        assert_eq!(
            fixed(body, &dates_rule(&Body::new(body), "full")),
            "On January 5 and September 2024, in August, on October 3, 2025, Jan Nowak spoke."
        );
        let british = "On 5 Jan the vote, on 5 January the count.";
        assert_eq!(
            fixed(british, &dates_rule(&Body::new(british), "full")),
            "On 5 January the vote, on 5 January the count."
        );
    }

    #[test]
    fn times_take_the_desks_form() {
        let body = "At 5am and 10:30 PM and 7 a.m.";
        assert_eq!(
            fixed(body, &times_rule(&Body::new(body), "a.m.")),
            "At 5 a.m. and 10:30 p.m. and 7 a.m."
        );
        assert_eq!(
            fixed(body, &times_rule(&Body::new(body), "am")),
            "At 5am and 10.30pm and 7am"
        );
    }

    #[test]
    fn titles_move_before_or_after_the_name() {
        let body = "Ana Ruiz, the foreign minister, said. On Monday, the president said.";
        assert_eq!(
            fixed(body, &titles_rule(&Body::new(body), "before-name")),
            "Foreign Minister Ana Ruiz said. On Monday, the president said."
        );
        for (body, want) in [
            (
                "He met Foreign Minister Ana Ruiz on Monday.",
                "He met the foreign minister, Ana Ruiz on Monday.",
            ),
            (
                "Rain fell. French President Ana Ruiz spoke.",
                "Rain fell. The French president, Ana Ruiz spoke.",
            ),
            (
                "He sent Home Affairs Minister Ana Ruiz and Ukraine’s Defence Minister Ivan Petrenko.",
                "He sent the Home Affairs minister, Ana Ruiz and Ukraine’s defence minister, Ivan Petrenko.",
            ),
            (
                "Talks resume\n\nU.S. President Ana Ruiz said.",
                "Talks resume\n\nThe U.S. president, Ana Ruiz said.",
            ),
            (
                "Reporters travelling with the President Ana Ruiz said.",
                "Reporters travelling with the president, Ana Ruiz said.",
            ),
        ] {
            assert_eq!(fixed(body, &titles_rule(&Body::new(body), "after-name")), want);
        }
    }

    #[test]
    fn number_words_spell_to_ninety_nine() {
        assert_eq!(number_words(7).as_deref(), Some("seven"));
        assert_eq!(number_words(42).as_deref(), Some("forty-two"));
        assert_eq!(number_words(100), None);
        assert_eq!(figures(12000), "12,000");
        assert_eq!(figures(2024), "2024");
    }
}
