//! The body, from the lead on, by the rules of [`RULES`]: credits and
//! sign-offs go to the credit, what the copy shows glued on after the
//! story's end is removed (another story, reader comments, a list of
//! titles), and the headline printed again is taken out.

use std::collections::VecDeque;

use super::captions::is_credit_line;
use super::furniture::{ends_sentence, is_prose, words};
use super::shapes::{
    is_agency_line, is_byline, is_headline_like, is_lead, repeats_headline, title_chars, title_key,
};
use super::{walk, Cleaner, Context, Line, Outcome, Rule};

/// The rules of the body, in the order they read a paragraph. A new rule
/// is one more entry here; a paragraph leaves the walk at the first rule
/// that removes it.
const RULES: &[Rule<Body>] = &[
    // The region after the story's end: every paragraph goes, under the
    // rule that ended the story.
    Rule::new("after-the-end", after_the_end),
    Rule::new("repeated-headline", repeated_headline),
    Rule::new("credit", credit_line),
    Rule::new("reader-comments", reader_comments),
    Rule::new("glued-story", title_printed_twice),
    Rule::new("credit", trailing_credit_cut),
];

/// The body's context.
struct Body {
    cleaner: Cleaner,
    /// The headline's key, to find it printed again.
    headline_key: Option<String>,
    /// The paragraphs after the one being read.
    following: VecDeque<Line>,
    /// Whether a paragraph of prose has been kept yet.
    has_body: bool,
    /// Set when the copy shows the story has ended and something else
    /// begins (another story, reader comments): the rule that removes
    /// every paragraph from there to the end.
    ended: Option<&'static str>,
    kept: Vec<Line>,
}

impl Context for Body {
    fn cleaner(&mut self) -> &mut Cleaner {
        &mut self.cleaner
    }
}

/// Reads every paragraph through [`RULES`], then takes off the titles
/// left after the story's last sentence.
pub(super) fn body_of_story(paragraphs: Vec<Line>, cleaner: &mut Cleaner) -> Vec<Line> {
    let mut cx = Body {
        headline_key: cleaner.headline.as_deref().map(title_key),
        cleaner: std::mem::take(cleaner),
        following: paragraphs.into(),
        has_body: false,
        ended: None,
        kept: Vec::new(),
    };
    while let Some(mut paragraph) = cx.following.pop_front() {
        if walk(RULES, &mut paragraph, &mut cx) {
            cx.has_body |= is_prose(&paragraph.text);
            cx.kept.push(paragraph);
        }
    }
    *cleaner = cx.cleaner;
    titles_after_the_end(cx.kept, cleaner)
}

fn after_the_end(_: &mut Line, cx: &mut Body) -> Outcome {
    cx.ended.map_or(Outcome::Next, Outcome::RemoveAs)
}

/// The headline printed again in the body.
fn repeated_headline(paragraph: &mut Line, cx: &mut Body) -> Outcome {
    if repeats_headline(&paragraph.text, cx.headline_key.as_deref()) {
        Outcome::Remove
    } else {
        Outcome::Next
    }
}

/// A credit, an agency named alone or "(END)": kept as the story's
/// credit. A credit or an end mark closes the story; a new story may
/// follow it.
fn credit_line(paragraph: &mut Line, cx: &mut Body) -> Outcome {
    let text = &paragraph.text;
    if !(is_credit_line(text) || is_agency_line(text) || is_end_mark(text)) {
        return Outcome::Next;
    }
    cx.cleaner.credit.push(text.clone());
    cx.cleaner.remove(cx.cleaner.rule, paragraph);
    cx.cleaner.kept_as_credit();
    if (is_credit_line(text) || is_end_mark(text))
        && cx.has_body
        && glued_story_follows(cx.following.front())
    {
        cx.ended = Some("glued-story");
    }
    Outcome::Done
}

/// A name line over a comment's timestamp: the readers' comments begin.
fn reader_comments(paragraph: &mut Line, cx: &mut Body) -> Outcome {
    if cx.has_body && is_commenter(paragraph, &cx.cleaner) {
        cx.ended = Some("reader-comments");
        Outcome::Remove
    } else {
        Outcome::Next
    }
}

/// A title printed twice over a byline or prose, far into the page:
/// another story.
fn title_printed_twice(paragraph: &mut Line, cx: &mut Body) -> Outcome {
    let text = &paragraph.text;
    if cx.has_body && is_headline_like(text) && words(text) >= 4 {
        if let Some(next) = cx.following.front() {
            if title_chars(&next.text).eq(title_chars(text)) {
                cx.ended = Some("glued-story");
                return Outcome::Remove;
            }
        }
    }
    Outcome::Next
}

/// A credit run onto the end of a paragraph is cut and kept as the credit.
fn trailing_credit_cut(paragraph: &mut Line, cx: &mut Body) -> Outcome {
    let text = &paragraph.text;
    if let Some((credit, at)) = trailing_credit(text) {
        let offset = text[..at].chars().count();
        cx.cleaner.credit.push(credit.trim().to_owned());
        cx.cleaner.cut_by_rule(paragraph.at, offset, credit.trim());
        cx.cleaner.kept_as_credit();
        paragraph.text = text[..at].trim_end().to_owned();
    }
    Outcome::Next
}

/// Titles left after the story's last sentence: links to other stories.
fn titles_after_the_end(mut kept: Vec<Line>, cleaner: &mut Cleaner) -> Vec<Line> {
    let is_short_title =
        |t: &str| words(t) <= 16 && !t.ends_with(['.', '!', '"', '”', '\'', '’', ':', ';', ',']);
    let run = kept
        .iter()
        .rev()
        .take_while(|p| is_short_title(&p.text))
        .count();
    let has_prose_before = kept.iter().rev().skip(run).any(|p| is_prose(&p.text));
    if has_prose_before && run > 0 {
        let last = &kept[kept.len() - 1].text;
        let capitalised = last
            .split_whitespace()
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .count();
        // One short line alone is a title only when it reads as one.
        if run >= 2 || last.ends_with('?') || capitalised * 2 >= words(last) {
            for line in kept.split_off(kept.len() - run) {
                cleaner.keep("related", line.text.clone());
                cleaner.remove("related-list", &line);
            }
        }
    }
    kept
}

/// Agency names a paragraph's trailing credit may carry: "(ANI)", "— Bernama".
pub(super) const TRAILING_AGENCIES: &[&str] = &[
    "ANI",
    "IANS",
    "PTI",
    "AFP",
    "AP",
    "NAN",
    "APP",
    "UNI",
    "Bernama",
    "BERNAMA",
    "Xinhua",
    "XINHUA",
    "Reuters",
    "dpa",
    "DPA",
    "Kyodo",
    "Yonhap",
    "Anadolu",
    "AA",
    "TASS",
    "Interfax",
    "SPA",
    "WAM",
    "QNA",
    "KUNA",
    "MENA",
    "IRNA",
    "Sputnik",
    "EFE",
    "ANSA",
    "AAP",
    "UPI",
    "Agencies",
    "agencies",
    "With inputs from agencies",
    "with inputs from PTI",
    "END",
];

/// "(END)", "-30-", "###": the agency's end mark.
pub(super) fn is_end_mark(text: &str) -> bool {
    matches!(
        text.trim(),
        "(END)" | "END" | "-30-" | "###" | "(ENDS)" | "ENDS" | "-ends-" | "(MORE)"
    )
}

/// Whether the paragraphs after a credit look like another story: a title
/// or a lead of its own, not more of this one.
pub(super) fn glued_story_follows(next: Option<&Line>) -> bool {
    next.is_some_and(|line| {
        let t = &line.text;
        is_lead(t) || is_headline_like(t) || is_byline(t)
    })
}

/// A reader's name over the time of their comment.
pub(super) fn is_commenter(paragraph: &Line, cleaner: &Cleaner) -> bool {
    let t = &paragraph.text;
    words(t) <= 4
        && !ends_sentence(t)
        && t.split_whitespace()
            .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
        && (1..=2).any(|d| cleaner.removed_at(paragraph.at + d, "timestamp"))
}

/// A credit run onto the end of a paragraph: "… he said. (ANI)", "… —
/// Bernama", "… (Reporting by …; Editing by …)", "(NAN) (www.site.ng)".
/// Returns the credit and the byte offset where it starts.
pub(super) fn trailing_credit(text: &str) -> Option<(String, usize)> {
    let t = text.trim_end();
    // A parenthesised sign-off: "(Reporting by …)".
    if t.ends_with(')') {
        if let Some(open) = t
            .rfind(" (")
            .map(|a| a + 1)
            .or_else(|| t.starts_with('(').then_some(0))
        {
            let inner = &t[open..];
            let sentence_before = open == 0 || ends_sentence(t[..open].trim_end());
            if sentence_before && open > 0 && (is_credit_line(inner) || is_web_address(inner)) {
                // Take agency marks standing just before it too: "(NAN) (www.nannews.ng)".
                let mut start = open;
                if let Some((credit, at)) = trailing_credit(t[..open].trim_end()) {
                    if at > 0 && is_agency_mark(&credit) {
                        start = at;
                    }
                }
                return Some((t[start..].to_owned(), start));
            }
            let agency = inner.trim_start_matches('(').trim_end_matches(')');
            if sentence_before && open > 0 && TRAILING_AGENCIES.contains(&agency) {
                let mut start = open;
                if let Some((_, at)) = trailing_credit(t[..open].trim_end()) {
                    if at > 0 && is_agency_mark(&t[at..open]) {
                        start = at;
                    }
                }
                return Some((t[start..].to_owned(), start));
            }
        }
    }
    // "… he said. Reporting by A. Writer; Editing by B. Desk".
    let signed = t.contains("by ") || t.contains("By ");
    for opening in [
        " Reporting by ",
        " Reporting By ",
        " Additional reporting by ",
        " Writing by ",
        " Editing by ",
        " Edited by ",
        " Compiled by ",
    ]
    .into_iter()
    .filter(|_| signed)
    {
        if let Some(at) = t.find(opening) {
            let tail = &t[at + 1..];
            if ends_sentence(t[..at].trim_end()) && is_credit_line(tail) {
                return Some((tail.to_owned(), at + 1));
            }
        }
    }
    // "… said. — Bernama", "… said. -- AFP".
    for dash in [" — ", " – ", " - ", " -- "] {
        if let Some(at) = t.rfind(dash) {
            let agency = t[at + dash.len()..].trim_end_matches('.').trim();
            if TRAILING_AGENCIES.contains(&agency) && ends_sentence(t[..at].trim_end()) {
                return Some((t[at + 1..].to_owned(), at + 1));
            }
        }
    }
    None
}

pub(super) fn is_agency_mark(text: &str) -> bool {
    let inner = text.trim().trim_start_matches('(').trim_end_matches(')');
    TRAILING_AGENCIES.contains(&inner)
}

pub(super) fn is_web_address(text: &str) -> bool {
    let inner = text.trim().trim_start_matches('(').trim_end_matches(')');
    !inner.contains(' ') && (inner.starts_with("www.") || inner.starts_with("http"))
}
