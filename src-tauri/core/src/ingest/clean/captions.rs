//! Captions and credits, read on a line of their own: a picture's caption
//! and its credit, an agency's credit line ("Reporting by …"), a
//! copyright line. Each leaves prose alone.

use super::furniture::{is_prose, lower, words};

/// "© 2024 Site", "Copyright 2017 BBC.", "(c) Reuters 2021 All rights
/// reserved": the mark and a year or a reservation, not a sentence about
/// copyright law.
pub(super) fn is_copyright_line(line: &str) -> bool {
    let l = lower(line);
    let l = l.trim();
    let marked = l.starts_with('©')
        || l.starts_with("copyright ©")
        || l.starts_with("(c) ")
        || l.starts_with("copyright ");
    if !marked || words(l) > 30 {
        return false;
    }
    let has_year = l
        .split(|c: char| !c.is_ascii_digit())
        .any(|d| d.len() == 4 && (d.starts_with("19") || d.starts_with("20")));
    l.contains("all rights reserved")
        || l.contains('©')
        || (has_year && !is_prose(line))
        || (has_year && words(l) <= 6)
}

/// Agencies and picture desks a photo credit names.
const PICTURE_CREDITS: &[&str] = &[
    "reuters",
    "ap",
    "afp",
    "getty images",
    "epa",
    "efe",
    "anadolu",
    "xinhua",
    "bloomberg",
    "file photo",
    "file",
    "ians",
    "pti",
    "ani",
    "aap",
    "dpa",
    "upi",
    "shutterstock",
    "istock",
    "handout",
    "tass",
    "sputnik",
    "zuma",
    "alamy",
    "bernama",
    "yonhap",
    "kyodo",
    "nurphoto",
    "sopa images",
    "lightrocket",
    "ria novosti",
    "abaca",
    "dpa picture alliance",
];

/// A photo caption: a credit at its end ("REUTERS/Jane Roe", "(John
/// Doe/AP)", "AFP via Getty Images", "- AFP pic", "(AFP Photo)"), a caption
/// opening ("FILE PHOTO:", "Photo:", "© Reuters."), or the AP shape with
/// its date and "(AP Photo/…)".
pub(super) fn is_caption(line: &str) -> bool {
    let l = lower(line);
    let l = l.trim();
    let n = words(l);
    if n > 80 {
        return false;
    }
    let openings = [
        "file photo",
        "file pic",
        "photo:",
        "photo :",
        "photos:",
        "(photo",
        "image:",
        "image caption",
        "media caption",
        "image copyright",
        "caption:",
        "© reuters",
        "open this photo in gallery",
        "pictured:",
        "in pictures:",
    ];
    if openings.iter().any(|o| l.starts_with(o)) {
        return true;
    }
    if line.contains("REUTERS/")
        || l.contains("(ap photo")
        || l.contains("(afp photo")
        || l.contains("via getty images")
        || l.contains("/getty images")
    {
        return true;
    }
    let end = l.trim_end_matches([')', '.', ' ']);
    let ends_with_credit = |sep: &str| {
        end.rsplit_once(sep).is_some_and(|(_, credit)| {
            let credit = credit.trim().trim_start_matches('(');
            PICTURE_CREDITS
                .iter()
                .any(|c| credit == *c || credit.ends_with(&format!(" {c}")) && words(credit) <= 4)
                || credit.ends_with(" pic") && words(credit) <= 3
                || credit.ends_with(" photo") && words(credit) <= 3
        })
    };
    // "…in Geneva, Feb. 28, 2020.Denis Balibouse/Reuters", "(John Doe/AP)".
    let slash_credit = end.rsplit_once('/').is_some_and(|(_, credit)| {
        credit.starts_with(|c: char| c.is_alphabetic())
            && !credit.contains(['.', '—', '–', ',', ';'])
            && !credit.contains(" - ")
    });
    if slash_credit && ends_with_credit("/") {
        return true;
    }
    // "… in Kuala Lumpur. - AFP pic", "… mid-flight. ─ Wikimedia Commons";
    // not "… economists said. — Bernama", a paragraph with its credit.
    let reported = [" said", " says", " told ", " added", " according to "]
        .iter()
        .any(|v| l.contains(v));
    if !reported
        && [". - ", ". – ", ". — ", ". ─ ", " ─ "].iter().any(|sep| {
            l.rsplit_once(sep).is_some_and(|(_, credit)| {
                let credit = credit.trim_end_matches('.');
                words(credit) <= 4
                    && !credit.contains(". ")
                    && (sep.contains('─')
                        || ["pic", "commons", "photo", "images", "photos"]
                            .iter()
                            .any(|c| credit.ends_with(c)))
            })
        })
    {
        return true;
    }
    l.ends_with("(afp photo)") || l.ends_with("(photo)") || l.ends_with("getty images")
}

/// Paragraph openings of an agency credit line.
const CREDIT_OPENINGS: &[&str] = &[
    "reporting by",
    "reporting in",
    "writing by",
    "additional reporting by",
    "additional reporting",
    "editing by",
    "edited by",
    "compiled by",
    "written by",
    "reported by",
    "produced by",
    "graphics by",
    "sub-edited by",
    "editor:",
    "editors:",
    "reporter:",
    "reporters:",
    "writer:",
    "translator:",
    "reporting:",
    "editing:",
    "translated by",
];

/// The agency's credit or sign-off: "(Reporting by A. Writer; Editing by
/// B. Desk)", "Reporting By …", "Edited by …": the opening, then names —
/// not "Compiled by the statistics office, the figures show …".
pub(super) fn is_credit_line(line: &str) -> bool {
    let t = line
        .trim()
        .trim_start_matches('(')
        .trim_end_matches([')', '.']);
    if words(t) > 45 {
        return false;
    }
    let parts: Vec<&str> = t
        .split([';', '|'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    !parts.is_empty()
        && parts.iter().all(|part| {
            let lower = lower(part);
            CREDIT_OPENINGS
                .iter()
                .any(|o| lower.starts_with(o) && names_only(&part[o.len()..]))
        })
}

/// Words that can only be names: capitalised, initials, and joiners
/// ("and", "in", "de", "van", "al-").
fn names_only(text: &str) -> bool {
    let joiners = [
        "and", "in", "with", "from", "by", "de", "van", "von", "der", "al", "el", "da", "du", "le",
        "la", "bin", "&", "at", "the", "of",
    ];
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty()
        && words.len() <= 24
        && words
            .iter()
            .any(|w| w.chars().next().is_some_and(char::is_uppercase))
        && words.iter().all(|w| {
            let w = w.trim_matches(|c: char| matches!(c, '(' | ')' | '.' | ':'));
            w.is_empty()
                || w.chars().next().is_some_and(|c| c.is_uppercase() || !c.is_alphabetic())
                || joiners.contains(&w)
                || w.contains('@')
        })
        // "Editing by the desk" is still names; "by the statistics office, the figures show" is not.
        && words.iter().filter(|w| w.chars().next().is_some_and(char::is_lowercase) && !w.contains('@')).count() * 3 <= words.len()
}
