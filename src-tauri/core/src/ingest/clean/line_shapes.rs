//! What a line of the copy looks like to the first pass's rules: page
//! fields, related-link markers, stamps, template tokens, captions run
//! into the story.

use super::captions::is_caption;
use super::furniture::{is_prose, is_timestamp, lower, words};
use super::shapes::{is_headline_like, is_lead};

/// Lines that open a list of links to other stories.
pub(super) const RELATED_MARKERS: &[&str] = &[
    "also read",
    "read also",
    "related",
    "related stories",
    "related news",
    "related articles",
    "related content",
    "related coverage",
    "related posts",
    "related links",
    "more from",
    "more news",
    "more stories",
    "more on this",
    "more in",
    "you may also like",
    "you might also like",
    "you may like",
    "recommended",
    "recommended stories",
    "recommended for you",
    "most read",
    "most popular",
    "most viewed",
    "popular",
    "popular stories",
    "trending",
    "trending now",
    "trending stories",
    "top stories",
    "recent stories",
    "recent news",
    "recent posts",
    "latest stories",
    "latest",
    "must read",
    "editor's picks",
    "don't miss",
    "see also",
    "off the wire",
    "in other news",
    "also on",
    "watch",
    "videos",
    "nation & world videos",
    "suggested for you",
    "related topics",
];

/// Page fields some sites print above a story ("- Title: …").
pub(super) const PAGE_FIELDS: &[&str] = &[
    "title",
    "headline",
    "date",
    "summary",
    "embargoed",
    "keywords",
    "topics",
    "topic",
    "category",
    "categories",
    "section",
    "author",
    "source",
    "publisher",
    "url",
    "link",
    "language",
    "published",
    "updated",
    "image",
    "tags",
    "id",
    "reuters id",
    "story id",
    "story text",
    "text",
    "body",
    "story",
    "country",
    "countries",
    "location",
    "duration",
    "slug",
];

/// "(NASDAQ:)", "(NYSE:)": an exchange with its ticker left out.
pub(super) fn empty_ticker(text: &str) -> Option<(usize, usize)> {
    text.match_indices('(').find_map(|(at, _)| {
        let inner = &text[at + 1..];
        let close = inner.find(":)")?;
        let name = &inner[..close];
        ((2..=8).contains(&name.len()) && name.chars().all(|c| c.is_ascii_uppercase())).then(|| {
            let end = at + 1 + close + 2;
            (
                at.saturating_sub(usize::from(text[..at].ends_with(' '))),
                end,
            )
        })
    })
}

/// A caption run into the story on one line ("File photo of … — AFP pic
/// KUALA LUMPUR, Sept 20 — The ringgit …"): the byte offset where the
/// caption's credit ends and the story begins.
pub(super) fn caption_run_into_text(text: &str) -> Option<usize> {
    if words(text) < 20 {
        return None;
    }
    const CREDIT_ENDS: &[&str] = &[
        " pic ",
        " Pic ",
        " PIC ",
        "/Reuters ",
        "/AP ",
        "/AFP ",
        "/File Photo ",
        " Getty Images ",
        " AP Photo) ",
        "/AP) ",
        "/AFP) ",
        " (AFP Photo) ",
        " REUTERS ",
    ];
    if !CREDIT_ENDS.iter().any(|credit| text.contains(credit)) {
        return None;
    }
    CREDIT_ENDS.iter().find_map(|credit| {
        let at = text.find(credit)?;
        let end = at + credit.len() - 1;
        let (caption, rest) = (&text[..end], &text[end..]);
        (is_caption(caption) && words(rest) >= 12 && is_lead(rest.trim_start())).then_some(end)
    })
}

/// Whether the next line after `at` reads as a headline rather than prose.
pub(super) fn next_is_title(lines: &[Option<String>], at: usize) -> bool {
    lines[at + 1..]
        .iter()
        .flatten()
        .next()
        .is_some_and(|l| is_headline_like(l) && words(l) >= 4)
}

/// A line of nothing but punctuation and bullets ("-", "•", "|").
pub(super) fn is_bare_punctuation(text: &str) -> bool {
    text.chars().all(|c| !c.is_alphanumeric())
}

/// A count on its own ("0", "12"): a widget's comment or share count.
pub(super) fn is_count(text: &str) -> bool {
    !text.is_empty() && text.len() <= 6 && text.chars().all(|c| c.is_ascii_digit() || c == ',')
}

/// A teaser cut off by the page: it ends in ".." or "…" mid-sentence.
pub(super) fn is_teaser_cut(text: &str) -> bool {
    let t = text.trim_end();
    (t.ends_with("..") || t.ends_with('…')) && words(t) <= 40
}

/// A page field line: "- Title: …" (or "Title: …" inside a field block),
/// for the fields pages print. Returns the field, lower case, and its value.
pub(super) fn page_field(text: &str, in_block: bool) -> Option<(String, &str)> {
    let body = match text.strip_prefix("- ") {
        Some(rest) => rest,
        None if in_block => text,
        None => return None,
    };
    let (field, value) = body.split_once(':')?;
    let field = field.trim().to_lowercase();
    PAGE_FIELDS
        .contains(&field.as_str())
        .then(|| (field, value.trim()))
}

/// The lines that are page fields in a block of two or more ("- Title: …"
/// over "- Date: …"): a lone "- Title: …" bullet is the story's.
pub(super) fn page_field_runs(lines: &[Option<String>]) -> Vec<usize> {
    let fields: Vec<(usize, bool)> = lines
        .iter()
        .enumerate()
        .filter_map(|(at, l)| l.as_deref().map(|l| (at, page_field(l, false).is_some())))
        .collect();
    fields
        .iter()
        .enumerate()
        .filter(|(k, (_, is_field))| {
            *is_field
                && (fields.get(k + 1).is_some_and(|f| f.1)
                    || k.checked_sub(1)
                        .and_then(|p| fields.get(p))
                        .is_some_and(|f| f.1))
        })
        .map(|(_, (at, _))| *at)
        .collect()
}

/// "(This story has not been edited … and is auto-generated from a
/// syndicated feed.)"
pub(super) fn is_disclaimer(text: &str) -> bool {
    let parenthesised = text.starts_with('(') && text.ends_with(')');
    if !(parenthesised || words(text) <= 40) {
        return false;
    }
    let l = lower(text);
    (l.contains("syndicated feed")
        || l.contains("auto-generated")
        || l.contains("auto-feed")
        || (l.contains("feed")
            && (l.contains("automatically")
                || l.contains("not edited")
                || l.contains("has not been edited"))))
        && (parenthesised || l.contains("edited") || l.contains("generated"))
}

/// Strips a leading "date 2020-03-06" stamp (and "close", "1 minute read").
pub(super) fn strip_date_stamp(line: &str) -> Option<String> {
    let rest = line.strip_prefix("date ")?;
    let (date, rest) = rest.split_at(rest.find(' ').unwrap_or(rest.len()));
    let is_date = date.len() == 10 && date.chars().filter(|c| *c == '-').count() == 2;
    if !is_date {
        return None;
    }
    let mut rest = rest.trim_start();
    for noise in ["close", "1 minute read", "2 minute read", "3 minute read"] {
        rest = rest.strip_prefix(noise).unwrap_or(rest).trim_start();
    }
    Some(rest.to_owned())
}

/// A marker line that opens a list of related links ("ALSO READ").
pub(super) fn is_related_marker(line: &str) -> bool {
    let l = lower(line);
    let l = l.trim().trim_end_matches([':', '.', '»', '›', '>']).trim();
    RELATED_MARKERS.contains(&l)
        || l.starts_with("latest posts by")
        || l.starts_with("more from ") && words(l) <= 5
}

/// A line that reads as a link title rather than a sentence of the story.
pub(super) fn is_title_like(line: &str) -> bool {
    let t = line.trim_start_matches(['-', '•', '*', '·']).trim();
    !t.is_empty() && words(t) <= 25 && (!t.ends_with('.') || ends_with_date(t)) && !is_prose(t)
}

/// "… - October 19, 2019": a link title with its date.
pub(super) fn ends_with_date(line: &str) -> bool {
    line.rsplit_once(" - ")
        .is_some_and(|(_, tail)| is_timestamp(tail))
}
