//! What a line or paragraph reads as, for every pass: a headline, a
//! lead, a byline, a dateline or an agency on a line of its own, and the
//! key a title is compared by.

use super::furniture::{ends_sentence, lower, words};

/// Agencies and outlets named on a line of their own above or below a
/// story ("AFP", "The Associated Press"): the credit, not the story.
pub(super) const AGENCY_LINES: &[&str] = &[
    "afp",
    "agence france-presse",
    "agence france presse",
    "ap",
    "the associated press",
    "associated press",
    "reuters",
    "reuters staff",
    "thomson reuters",
    "pti",
    "ians",
    "ani",
    "xinhua",
    "bernama",
    "yonhap",
    "anadolu",
    "anadolu agency",
    "dpa",
    "kyodo",
    "kyodo news",
    "nan",
    "interfax",
    "tass",
    "app",
    "upi",
    "efe",
    "ansa",
    "aap",
    "sputnik",
    "press trust of india",
    "indo-asian news service",
    "asian news international",
    "news agency of nigeria",
    "associated press of pakistan",
];

/// A line that reads as a headline: a few words, no sentence end, no dateline.
pub(super) fn is_headline_like(line: &str) -> bool {
    let n = words(line);
    (3..=30).contains(&n) && is_short_headline(line)
}

/// The first line of a copy may be a headline of any length ("Storm").
pub(super) fn is_short_headline(line: &str) -> bool {
    let n = words(line);
    (1..=30).contains(&n)
        && line.chars().count() <= 220
        && !line.starts_with("By ")
        && !line.trim_end().ends_with(['.', ',', ';', '!'])
        && !line.trim_end().ends_with(".”")
        && !line.trim_end().ends_with(".\"")
        && !is_lead(line)
        && !line.starts_with(['-', '•', '(', '"', '“'])
}

/// The first paragraph of an agency story: "KABUL (Reuters) - …".
pub(super) fn is_lead(line: &str) -> bool {
    let head = &line[..line.char_indices().nth(90).map_or(line.len(), |(at, _)| at)];
    [
        "(Reuters)",
        "(AP)",
        "(AFP)",
        "(dpa)",
        "(ANSA)",
        "(Xinhua)",
        "(PTI)",
        "(IANS)",
        "(ANI)",
        "(UPI)",
        "(APP)",
        "(NAN)",
        "(Bernama)",
        "(Yonhap)",
        "(Anadolu)",
        "(Kyodo)",
        "(EFE)",
        "/TASS/",
    ]
    .iter()
    .any(|credit| head.contains(credit))
        || head
            .split_once(" - ")
            .or_else(|| head.split_once(" – "))
            .or_else(|| head.split_once(" — "))
            .or_else(|| head.split_once(" -- "))
            .or_else(|| head.split_once(": ").filter(|_| words(line) >= 12))
            .is_some_and(|(place, _)| {
                place.len() >= 3
                    && place.split([',', '(']).next().is_some_and(|p| {
                        p.chars()
                            .all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '/' | '-' | '\''))
                            && p.chars().filter(|c| c.is_alphabetic()).count() >= 3
                    })
            })
}

/// A headline compared with its copies: case, quotes and a final full
/// stop aside.
pub(super) fn title_key(text: &str) -> String {
    title_chars(text).collect()
}

/// Whether `text` is the title whose key is `key`.
pub(super) fn is_title(text: &str, key: &str) -> bool {
    title_chars(text).eq(key.chars())
}

/// Whether `text` repeats the story's headline (`key`, when there is one):
/// the rule "the headline printed again" of the passes above the lead and
/// in the body.
pub(super) fn repeats_headline(text: &str, key: Option<&str>) -> bool {
    key.is_some_and(|key| is_title(text, key))
}

/// The characters of a title's key, one at a time: a comparison stops at
/// the first that differs (most paragraphs differ in their first word).
pub(super) fn title_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    let mut chars = text.trim_end_matches(['.', ' ']).chars();
    let mut started = false;
    let mut space = false;
    let mut held: Option<char> = None;
    let mut lower: Option<std::char::ToLowercase> = None;
    std::iter::from_fn(move || loop {
        if let Some(c) = lower.as_mut().and_then(Iterator::next) {
            return Some(c);
        }
        lower = None;
        let c = match held.take() {
            Some(c) => c,
            None => {
                let c = chars.next()?;
                if c.is_whitespace() {
                    space = started;
                    continue;
                }
                started = true;
                if std::mem::take(&mut space) {
                    held = Some(c);
                    return Some(' ');
                }
                c
            }
        };
        match c {
            '\u{201c}' | '\u{201d}' => return Some('"'),
            '\u{2018}' | '\u{2019}' => return Some('\''),
            c if c.is_ascii() => return Some(c.to_ascii_lowercase()),
            c => lower = Some(c.to_lowercase()),
        }
    })
}

/// "By Jane Roe", "By Jane Roe and Jo Bloggs, Reuters".
pub(super) fn is_byline(text: &str) -> bool {
    let rest = text
        .strip_prefix("By ")
        .or_else(|| text.strip_prefix("BY "))
        .or_else(|| text.strip_prefix("by "));
    rest.is_some_and(|name| name.len() < 60 && words(name) <= 8 && !name.trim_end().ends_with('.'))
}

/// A dateline on a line of its own: "KABUL, Afghanistan", "SEOUL".
pub(super) fn is_dateline_line(text: &str) -> bool {
    let first = text.split(',').next().unwrap_or(text).trim();
    words(text) <= 4
        && !ends_sentence(text)
        && first.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && first
            .chars()
            .all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '/' | '-' | '\''))
}

/// An agency or outlet named on a line of its own.
pub(super) fn is_agency_line(text: &str) -> bool {
    let l = lower(text);
    let l = l.trim().trim_end_matches([',', '.', ':', ';']).trim();
    let l = l
        .strip_prefix("by ")
        .or_else(|| l.strip_prefix("from "))
        .or_else(|| l.strip_prefix("source: "))
        .or_else(|| l.strip_prefix("source : "))
        .or_else(|| l.strip_prefix("— "))
        .or_else(|| l.strip_prefix("- "))
        .unwrap_or(l);
    let l = l.split(" @").next().unwrap_or(l).trim();
    AGENCY_LINES.contains(&l)
        || l.split(['/', '|', ','])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .all(|p| AGENCY_LINES.contains(&p))
}
