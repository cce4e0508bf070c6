//! Cleaning web-syndicated copy: a pipeline of small, named rules that take
//! the page furniture off a story (navigation, share bars, timestamps,
//! "ALSO READ" lists, disclaimers, paywall and cookie text, captions, debug
//! dumps, reader comments, stories glued on after the credit) and put it
//! back together (markup reduced to text, hard-wrapped lines joined, a
//! repeated lead printed once).
//!
//! Nothing leaves the copy unrecorded: every line or piece a rule takes out
//! becomes a [`Removal`] naming the rule and where the text stood, so the
//! editor can see it and put it back. A rule removes what matches its own
//! pattern, never "the rest of the story", except where the copy itself
//! shows a new story or a comment thread beginning.
//!
//! Rules work on what copy looks like across outlets, never on a
//! particular site or story.

mod furniture;
mod markup;

use serde_json::{json, Map, Value};

use super::Removal;
use furniture::{
    ends_sentence, furniture, is_caption, is_credit_line, is_prose, is_timestamp, lower, words,
};
use markup::MarkupState;

/// A story taken apart by the cleaner.
#[derive(Debug, Default)]
pub(crate) struct Cleaned {
    /// The headline, when the copy has a line that reads as one.
    pub headline: Option<String>,
    /// A reporter's byline ("By Jane Roe") found above the story.
    pub byline: Option<String>,
    pub paragraphs: Vec<String>,
    /// The agency's credit line(s): "Reporting by …; Editing by …".
    pub credit: Vec<String>,
    /// Names of the rules that fired, in order, once each.
    pub fired: Vec<&'static str>,
    /// What was kept from the furniture: country tags, related headlines, …
    pub metadata: Map<String, Value>,
    /// Everything taken out of the copy, in copy order, placed against
    /// `paragraphs`.
    pub removed: Vec<Removal>,
}

/// A line of the copy on its way through the rules, with the index of the
/// line it came from (a paragraph of joined lines keeps its first line's).
#[derive(Debug, Clone)]
struct Line {
    text: String,
    at: usize,
}

/// A removal not yet placed against the final paragraphs.
#[derive(Debug)]
struct Pending {
    /// The line (or paragraph, by its first line) it stood in or at.
    at: usize,
    /// For a cut inside a line or paragraph: the character offset there.
    within: Option<usize>,
    rule: &'static str,
    text: String,
    detail: Option<String>,
}

#[derive(Default)]
struct Cleaner {
    fired: Vec<&'static str>,
    metadata: Map<String, Value>,
    pending: Vec<Pending>,
    credit: Vec<String>,
    headline: Option<String>,
}

impl Cleaner {
    fn fire(&mut self, rule: &'static str) {
        if !self.fired.contains(&rule) {
            self.fired.push(rule);
        }
    }

    /// Records a whole line or paragraph as removed by `rule`.
    fn remove(&mut self, rule: &'static str, line: &Line) {
        self.fire(rule);
        self.pending.push(Pending {
            at: line.at,
            within: None,
            rule,
            text: line.text.clone(),
            detail: None,
        });
    }

    /// Records a piece cut from inside the line or paragraph at `at`.
    fn cut(&mut self, rule: &'static str, at: usize, offset: usize, text: &str) {
        self.fire(rule);
        self.pending.push(Pending {
            at,
            within: Some(offset),
            rule,
            text: text.to_owned(),
            detail: None,
        });
    }

    /// Marks the last removal recorded as kept in the story's credit field.
    fn kept_as_credit(&mut self) {
        if let Some(last) = self.pending.last_mut() {
            last.detail = Some("kept as the story's credit".into());
        }
    }

    fn keep(&mut self, key: &str, value: String) {
        let list = self
            .metadata
            .entry(key)
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(list) = list {
            list.push(json!(value));
        }
    }

    fn removed_at(&self, at: usize, rule: &str) -> bool {
        self.pending
            .iter()
            .any(|p| p.at == at && p.within.is_none() && p.rule == rule)
    }
}

/// Lines that open a list of links to other stories.
const RELATED_MARKERS: &[&str] = &[
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
const PAGE_FIELDS: &[&str] = &[
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

/// Agencies and outlets named on a line of their own above or below a
/// story ("AFP", "The Associated Press"): the credit, not the story.
const AGENCY_LINES: &[&str] = &[
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

/// Agency names a paragraph's trailing credit may carry: "(ANI)", "— Bernama".
const TRAILING_AGENCIES: &[&str] = &[
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

/// Runs every rule over the lines of a plain-text story (white space
/// already folded per line; `None` is a blank line).
pub(crate) fn clean(lines: Vec<Option<String>>) -> Cleaned {
    let mut cleaner = Cleaner::default();
    let lines = read_lines(lines, &mut cleaner);
    let lines = drop_bullet_lists(lines, &mut cleaner);
    let paragraphs = join_wrapped(lines, &mut cleaner);
    let (paragraphs, byline) = top_of_story(paragraphs, &mut cleaner);
    let paragraphs = body_of_story(paragraphs, &mut cleaner);
    let paragraphs = print_once(paragraphs, &mut cleaner);
    finish(paragraphs, byline, cleaner)
}

/// The first pass: each line on its own, in copy order. Markup is reduced,
/// damage repaired, and lines that are furniture by their own look are
/// removed. Returns the lines kept (`None`: a blank line).
fn read_lines(lines: Vec<Option<String>>, cleaner: &mut Cleaner) -> Vec<Option<Line>> {
    let mut kept: Vec<Option<Line>> = Vec::new();
    let mut markup = MarkupState::default();
    let mut in_related = false;
    let mut in_countries = false;
    let mut in_fields = false;
    let mut author: Option<Vec<String>> = None;
    let field_lines = page_field_runs(&lines);
    let lines_ahead: Vec<Option<String>> = lines.clone();
    let mut prose_seen = false;
    let mut glued = false;
    for (at, line) in lines.into_iter().enumerate() {
        let Some(raw) = line else {
            kept.push(None);
            continue;
        };
        let mut line = Line { text: raw, at };
        if let Some(rest) = strip_date_stamp(&line.text) {
            let stamp = line.text[..line.text.len() - rest.len()].trim().to_owned();
            cleaner.cut("date-stamp", at, 0, &stamp);
            if rest.is_empty() {
                continue;
            }
            line.text = rest;
        }
        let reduced = markup::reduce(&line.text, &mut markup);
        if reduced.had_markup {
            cleaner.fire("markup");
            if reduced.text.is_empty() || is_bare_punctuation(&reduced.text) {
                // Nothing but markup (an empty link, a script): the line goes whole.
                cleaner.remove("markup", &line);
                continue;
            }
            for (offset, piece) in &reduced.cuts {
                cleaner.cut("markup", at, *offset, piece);
            }
            line.text = reduced.text;
        }
        if glued {
            cleaner.remove("glued-story", &line);
            continue;
        }
        if let Some(repaired) = markup::repair(&line.text) {
            cleaner.fire("repaired-characters");
            line.text = repaired;
        }
        // An empty stock ticker left by a page's template: "(NASDAQ:)".
        while let Some((start, end)) = empty_ticker(&line.text) {
            let offset = line.text[..start].chars().count();
            let token = line.text[start..end].to_owned();
            cleaner.cut("template-token", at, offset, &token);
            let rest = line.text[end..].to_owned();
            line.text.truncate(start);
            if line.text.ends_with(' ') && rest.starts_with(' ') {
                line.text.pop();
            }
            line.text.push_str(&rest);
        }
        let text = line.text.as_str();
        // "- Country:" followed by "- Name" lines: keep the names as tags.
        if matches!(
            text,
            "- Country:" | "- Countries:" | "Country:" | "Countries:"
        ) {
            in_countries = true;
            cleaner.remove("country-tags", &line);
            continue;
        }
        if in_countries {
            if let Some(name) = text.strip_prefix("- ").filter(|n| !n.contains(':')) {
                cleaner.keep("countries", name.to_owned());
                cleaner.remove("country-tags", &line);
                continue;
            }
            in_countries = false;
        }
        // "- Title: …", "- Date: …": a block of the page's own fields.
        if let Some((field, value)) =
            page_field(text, in_fields).filter(|_| in_fields || field_lines.contains(&at))
        {
            in_fields = true;
            let value = value.to_owned();
            if matches!(field.as_str(), "story text" | "text" | "body" | "story") {
                // The story itself, put in a field by the page: the label goes.
                if !value.is_empty() {
                    let label = text[..text.len() - value.len()].trim().to_owned();
                    cleaner.cut("page-fields", at, 0, &label);
                    kept.push(Some(Line { text: value, at }));
                }
                in_fields = false;
                continue;
            }
            if matches!(field.as_str(), "title" | "headline") && !value.is_empty() {
                cleaner.headline.get_or_insert_with(|| value.clone());
                // Recorded whole: the headline keeps its text.
                cleaner.remove("page-fields", &line);
                continue;
            }
            if !value.is_empty() {
                cleaner.metadata.entry(field).or_insert(json!(value));
            }
            cleaner.remove("page-fields", &line);
            continue;
        }
        in_fields = false;
        if let Some(title) = [
            "Also read:",
            "ALSO READ:",
            "Also Read:",
            "READ ALSO:",
            "Read also:",
            "READ MORE:",
            "Read more:",
            "Read More:",
            "Also See:",
            "ALSO SEE:",
            "WATCH:",
            "Watch:",
        ]
        .iter()
        .find_map(|p| text.strip_prefix(p))
        {
            cleaner.keep("related", title.trim().to_owned());
            cleaner.remove("related-list", &line);
            continue;
        }
        if is_related_marker(text) {
            // Above the story the label is chrome; below it a list follows.
            in_related = prose_seen;
            cleaner.remove("related-list", &line);
            continue;
        }
        if prose_seen && is_bare_punctuation(text) {
            // A rule across the page, and a new title under it: another story.
            if text.chars().count() >= 3 && next_is_title(&lines_ahead, at) {
                glued = true;
            } else {
                in_related = true;
            }
            cleaner.remove("separator", &line);
            continue;
        }
        if is_disclaimer(text) {
            cleaner.remove("syndication-disclaimer", &line);
            continue;
        }
        if in_related {
            let l = text.trim_start_matches(['-', '•', '*', '·', ' ']);
            if is_title_like(text) || is_teaser_cut(text) || is_timestamp(text) || is_count(text) {
                if !is_timestamp(text) && !is_count(text) {
                    cleaner.keep("related", l.to_owned());
                }
                cleaner.remove("related-list", &line);
                continue;
            }
            in_related = false;
        }
        if let Some(name) = text.strip_prefix("Author:").filter(|_| words(text) <= 6) {
            author = Some(
                name.split_whitespace()
                    .filter(|w| w.len() > 2)
                    .map(str::to_lowercase)
                    .collect(),
            );
            cleaner.remove("author-box", &line);
            continue;
        }
        if let Some(names) = author.take() {
            // The site's blurb about its author follows the name, and names them.
            let l = lower(text);
            let names_author = names.iter().any(|n| l.contains(n.as_str()));
            if names_author && words(text) <= 60 && !is_lead(text) {
                cleaner.remove("author-box", &line);
                continue;
            }
        }
        if let Some(end) = caption_run_into_text(text) {
            let caption = text[..end].trim().to_owned();
            line.text = text[end..].trim_start().to_owned();
            cleaner.cut("photo-caption", at, 0, &caption);
        }
        let text = line.text.as_str();
        if let Some(rule) = furniture(text) {
            cleaner.remove(rule, &line);
            continue;
        }
        if let Some(tags) = ["Tags:", "TAGS:", "tags:", "Tags", "tags", "TAGS"]
            .iter()
            .find_map(|p| text.strip_prefix(p))
            .filter(|t| t.starts_with([' ', ':']) || t.is_empty())
            .filter(|t| t.contains('|') || t.contains(',') || t.contains('#') || words(t) <= 6)
        {
            for tag in tags
                .split(['|', ','])
                .map(str::trim)
                .filter(|t| !t.is_empty())
            {
                cleaner.keep("tags", tag.to_owned());
            }
            cleaner.remove("tags", &line);
            continue;
        }
        prose_seen |= is_prose(&line.text);
        kept.push(Some(line));
    }
    kept
}

/// "(NASDAQ:)", "(NYSE:)": an exchange with its ticker left out.
fn empty_ticker(text: &str) -> Option<(usize, usize)> {
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
fn caption_run_into_text(text: &str) -> Option<usize> {
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
    CREDIT_ENDS.iter().find_map(|credit| {
        let at = text.find(credit)?;
        let end = at + credit.len() - 1;
        let (caption, rest) = (&text[..end], &text[end..]);
        (is_caption(caption) && words(rest) >= 12 && is_lead(rest.trim_start())).then_some(end)
    })
}

/// Whether the next line after `at` reads as a headline rather than prose.
fn next_is_title(lines: &[Option<String>], at: usize) -> bool {
    lines[at + 1..]
        .iter()
        .flatten()
        .next()
        .is_some_and(|l| is_headline_like(l) && words(l) >= 4)
}

/// A line of nothing but punctuation and bullets ("-", "•", "|").
fn is_bare_punctuation(text: &str) -> bool {
    text.chars().all(|c| !c.is_alphanumeric())
}

/// A count on its own ("0", "12"): a widget's comment or share count.
fn is_count(text: &str) -> bool {
    !text.is_empty() && text.len() <= 6 && text.chars().all(|c| c.is_ascii_digit() || c == ',')
}

/// A teaser cut off by the page: it ends in ".." or "…" mid-sentence.
fn is_teaser_cut(text: &str) -> bool {
    let t = text.trim_end();
    (t.ends_with("..") || t.ends_with('…')) && words(t) <= 40
}

/// A page field line: "- Title: …" (or "Title: …" inside a field block),
/// for the fields pages print. Returns the field, lower case, and its value.
fn page_field(text: &str, in_block: bool) -> Option<(String, &str)> {
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
fn page_field_runs(lines: &[Option<String>]) -> Vec<usize> {
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
fn is_disclaimer(text: &str) -> bool {
    let l = lower(text);
    let parenthesised = text.starts_with('(') && text.ends_with(')');
    (parenthesised || words(text) <= 40)
        && (l.contains("syndicated feed")
            || l.contains("auto-generated")
            || l.contains("auto-feed")
            || (l.contains("feed")
                && (l.contains("automatically")
                    || l.contains("not edited")
                    || l.contains("has not been edited"))))
        && (parenthesised || l.contains("edited") || l.contains("generated"))
}

/// Strips a leading "date 2020-03-06" stamp (and "close", "1 minute read").
fn strip_date_stamp(line: &str) -> Option<String> {
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
fn is_related_marker(line: &str) -> bool {
    let l = lower(line);
    let l = l.trim().trim_end_matches([':', '.', '»', '›', '>']).trim();
    RELATED_MARKERS.contains(&l)
        || l.starts_with("latest posts by")
        || l.starts_with("more from ") && words(l) <= 5
}

/// A line that reads as a link title rather than a sentence of the story.
fn is_title_like(line: &str) -> bool {
    let t = line.trim_start_matches(['-', '•', '*', '·']).trim();
    !t.is_empty() && words(t) <= 25 && (!t.ends_with('.') || ends_with_date(t)) && !is_prose(t)
}

/// "… - October 19, 2019": a link title with its date.
fn ends_with_date(line: &str) -> bool {
    line.rsplit_once(" - ")
        .is_some_and(|(_, tail)| is_timestamp(tail))
}

/// A line that reads as a headline: a few words, no sentence end, no dateline.
pub(crate) fn is_headline_like(line: &str) -> bool {
    let n = words(line);
    (3..=30).contains(&n) && is_short_headline(line)
}

/// The first line of a copy may be a headline of any length ("Storm").
fn is_short_headline(line: &str) -> bool {
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
fn is_lead(line: &str) -> bool {
    let head: String = line.chars().take(90).collect();
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

/// A run of two or more bulleted link titles is a list of related stories.
fn drop_bullet_lists(mut kept: Vec<Option<Line>>, cleaner: &mut Cleaner) -> Vec<Option<Line>> {
    let bullet = |l: &Option<Line>| {
        l.as_ref()
            .is_some_and(|l| l.text.starts_with(['•', '·']) && is_title_like(&l.text))
    };
    let mut i = 0;
    while i < kept.len() {
        if bullet(&kept[i]) {
            let start = i;
            while i < kept.len() && (bullet(&kept[i]) || kept[i].is_none()) {
                i += 1;
            }
            let run = kept[start..i].iter().filter(|l| l.is_some()).count();
            if run >= 2 {
                for line in kept.drain(start..i).flatten() {
                    cleaner.keep(
                        "related",
                        line.text.trim_start_matches(['•', '·', ' ']).to_owned(),
                    );
                    cleaner.remove("related-list", &line);
                }
                i = start;
            }
        } else {
            i += 1;
        }
    }
    kept
}

/// Joins hard-wrapped lines into paragraphs: a line that stops
/// mid-sentence continues on the next when that one starts in lower case,
/// or — in copy wrapped at a fixed width — when it filled the width.
fn join_wrapped(lines: Vec<Option<Line>>, cleaner: &mut Cleaner) -> Vec<Line> {
    let lengths: Vec<usize> = lines
        .iter()
        .flatten()
        .map(|l| l.text.chars().count())
        .collect();
    let lower_joins = lines
        .windows(2)
        .filter(|pair| match pair {
            [Some(a), Some(b)] => {
                !ends_sentence(&a.text) && b.text.chars().next().is_some_and(char::is_lowercase)
            }
            _ => false,
        })
        .count();
    // Copy wrapped at a width: most long lines end near one length.
    let width = {
        let mut sorted = lengths.clone();
        sorted.sort_unstable();
        sorted.get(sorted.len() * 9 / 10).copied().unwrap_or(0)
    };
    let wrapped = lower_joins >= 2 && (40..=110).contains(&width);
    let mut out: Vec<Option<Line>> = Vec::new();
    for line in lines {
        match (out.last_mut(), &line) {
            (Some(Some(previous)), Some(next))
                if !ends_sentence(&previous.text)
                    && (next.text.chars().next().is_some_and(char::is_lowercase)
                        || wrapped
                            && previous.text.chars().count() * 10 >= width * 7
                            && !is_lead(&next.text)) =>
            {
                append(previous, next, cleaner);
            }
            // A wrapped sentence may also continue across one blank line.
            (Some(None), Some(next))
                if next.text.chars().next().is_some_and(char::is_lowercase) =>
            {
                let len = out.len();
                let joinable = len >= 2
                    && matches!(out.get(len - 2), Some(Some(before)) if !ends_sentence(&before.text));
                if joinable {
                    out.pop();
                    if let Some(Some(previous)) = out.last_mut() {
                        append(previous, next, cleaner);
                        continue;
                    }
                }
                out.push(line);
            }
            _ => out.push(line),
        }
    }
    out.into_iter().flatten().collect()
}

/// Appends a wrapped line to its paragraph, moving the cuts recorded
/// inside that line to their place in the paragraph.
fn append(previous: &mut Line, next: &Line, cleaner: &mut Cleaner) {
    let shift = previous.text.chars().count() + 1;
    for pending in &mut cleaner.pending {
        if pending.at == next.at {
            if let Some(within) = &mut pending.within {
                pending.at = previous.at;
                *within += shift;
            }
        }
    }
    previous.text.push(' ');
    previous.text.push_str(&next.text);
    cleaner.fire("join-wrapped-lines");
}

/// Where the story begins: the first paragraph that reads as its lead (a
/// dateline, or a full sentence of prose), below any site stamp.
fn find_lead(paragraphs: &[Line], from: usize) -> usize {
    let window = paragraphs.len().min(from + 30);
    let found = (from..window)
        .find(|&i| is_lead(&paragraphs[i].text))
        .filter(|&i| {
            // A dateline lead far below the first prose is not the first paragraph.
            !(from..i).any(|j| {
                is_prose(&paragraphs[j].text)
                    && words(&paragraphs[j].text) >= 25
                    && !overlaps_later(paragraphs, j)
            })
        })
        .or_else(|| {
            (from..window).find(|&i| {
                let t = &paragraphs[i].text;
                is_prose(t) && words(t) >= 15 && !is_caption(t)
            })
        })
        .or_else(|| (from..window).find(|&i| is_prose(&paragraphs[i].text)))
        .or_else(|| (from..window).find(|&i| words(&paragraphs[i].text) >= 12))
        .unwrap_or(from);
    // A short first line over the rest is the headline, not the lead.
    if found == from && found + 1 < paragraphs.len() && is_short_headline(&paragraphs[found].text) {
        return found + 1;
    }
    found.min(paragraphs.len())
}

/// Whether most of paragraph `j`'s words come again in later paragraphs
/// (a teaser, a standfirst, an AI summary of the story below it).
fn overlaps_later(paragraphs: &[Line], j: usize) -> bool {
    let later: Vec<&str> = paragraphs[j + 1..]
        .iter()
        .take(12)
        .map(|p| p.text.as_str())
        .collect();
    word_overlap(&paragraphs[j].text, &later.join(" ")) >= 0.6
}

/// The share of the content words (four letters or more) of `text` that
/// occur in `other`.
fn word_overlap(text: &str, other: &str) -> f64 {
    let key = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    let other: std::collections::HashSet<String> = other
        .split_whitespace()
        .map(key)
        .filter(|w| w.chars().count() >= 4)
        .collect();
    let mine: Vec<String> = text
        .split_whitespace()
        .map(key)
        .filter(|w| w.chars().count() >= 4)
        .collect();
    if mine.is_empty() {
        return 0.0;
    }
    mine.iter().filter(|w| other.contains(*w)).count() as f64 / mine.len() as f64
}

/// A site's stamp that closes the page header: "Reuters | Updated: … |
/// Created: …". Everything above it is the page's.
fn is_header_stamp(text: &str) -> bool {
    let l = lower(text);
    l.contains('|')
        && (l.contains("updated") || l.contains("created") || l.contains("published"))
        && is_timestamp(text)
}

/// The top of the page, above the lead: the headline is chosen, a byline
/// kept, and the rest (site names, section labels, captions, decks,
/// teasers) removed.
fn top_of_story(paragraphs: Vec<Line>, cleaner: &mut Cleaner) -> (Vec<Line>, Option<String>) {
    // A header stamp among the first lines: the story starts below it.
    let stamp_at = cleaner
        .pending
        .iter()
        .filter(|p| p.within.is_none() && p.rule == "timestamp" && is_header_stamp(&p.text))
        .map(|p| p.at)
        .find(|at| paragraphs.iter().take(15).any(|p| p.at > *at) && *at < 40);
    let from = stamp_at.map_or(0, |at| paragraphs.iter().take_while(|p| p.at < at).count());
    let lead = find_lead(&paragraphs, from);
    let lead_text = paragraphs
        .get(lead..)
        .map(|rest| {
            rest.iter()
                .take(3)
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();

    // The headline: the page's title field, else the best line above the lead.
    let mut headline_at = None;
    if cleaner.headline.is_none() {
        let best = (0..lead)
            .filter(|&j| is_short_headline(&paragraphs[j].text))
            .map(|j| (j, headline_score(&paragraphs, j, lead, &lead_text)))
            .filter(|(_, score)| *score >= 2.0)
            .fold(None::<(usize, f64)>, |best, (j, score)| match best {
                Some((_, b)) if b >= score => best,
                _ => Some((j, score)),
            });
        headline_at = best.map(|(j, _)| j).or_else(|| {
            // Copy with nothing else above its lead: a first line that reads as a headline.
            (lead > 0 && is_short_headline(&paragraphs[0].text)).then_some(0)
        });
        cleaner.headline = match headline_at {
            Some(j) => Some(paragraphs[j].text.clone()),
            None => headline_below(&paragraphs, lead, &lead_text, cleaner),
        };
        // "Title | Site": the site's name leaves the headline.
        if let (Some(headline), Some(j)) = (cleaner.headline.clone(), headline_at) {
            if let Some((title, site)) = headline.rsplit_once(" | ") {
                if words(site) <= 3 && words(title) >= 4 {
                    cleaner.cut("headline-suffix", paragraphs[j].at, 0, &format!("| {site}"));
                    cleaner.headline = Some(title.trim().to_owned());
                }
            }
        }
    }
    let headline_key = cleaner.headline.as_deref().map(title_key);

    let lead_text_all = paragraphs
        .get(lead..)
        .map(|rest| {
            rest.iter()
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    let mut kept = Vec::new();
    let mut byline = None;
    for (j, paragraph) in paragraphs.into_iter().enumerate() {
        if j >= lead {
            kept.push(paragraph);
            continue;
        }
        let text = paragraph.text.as_str();
        if headline_at == Some(j) {
            continue;
        }
        if headline_key.as_deref() == Some(title_key(text).as_str()) {
            cleaner.remove("repeated-headline", &paragraph);
            continue;
        }
        if is_agency_line(text) {
            cleaner.credit.push(text.to_owned());
            cleaner.remove("agency-line", &paragraph);
            cleaner.kept_as_credit();
            continue;
        }
        if byline.is_none() && is_byline(text) {
            byline = Some(text.to_owned());
            cleaner.fire("byline");
            continue;
        }
        let rule = if stamp_at.is_some_and(|at| paragraph.at < at) {
            "above-stamp"
        } else if is_caption(text) {
            "photo-caption"
        } else if is_dateline_line(text) {
            "dateline"
        } else if is_agency_line(text) {
            "agency-line"
        } else if is_prose(text) && words(text) >= 8 {
            if word_overlap(text, &lead_text_all) < 0.6 {
                // Prose above the lead that the story does not repeat is the story's.
                kept.push(paragraph);
                continue;
            }
            "teaser"
        } else {
            "chrome-before-headline"
        };
        cleaner.remove(rule, &paragraph);
    }
    (kept, byline)
}

/// How strongly a line above the lead reads as the story's headline.
fn headline_score(paragraphs: &[Line], j: usize, lead: usize, lead_text: &str) -> f64 {
    let text = &paragraphs[j].text;
    let n = words(text);
    let mut score = match n {
        0 => return 0.0,
        1 => 0.0,
        2 | 3 => 1.0,
        4..=14 => 3.0,
        15..=25 => 1.5,
        _ => 1.0,
    };
    // A line the page prints twice is its title.
    let key = title_key(text);
    if paragraphs
        .iter()
        .take(lead + 8)
        .enumerate()
        .any(|(k, p)| k != j && title_key(&p.text) == key)
    {
        score += 3.0;
    }
    score += 3.0 * word_overlap(text, lead_text);
    // The first title on the page, above any deck under it.
    if n >= 4
        && !paragraphs[..j]
            .iter()
            .any(|p| is_short_headline(&p.text) && words(&p.text) >= 4)
    {
        score += 1.0;
    }
    let l = lower(text);
    let site_like = l.contains(".com")
        || l.contains(".co.")
        || l.contains("www.")
        || (text.chars().any(char::is_alphabetic)
            && !text.chars().any(char::is_lowercase)
            && n <= 5);
    if site_like {
        score -= 4.0;
    }
    if is_caption(text) || is_agency_line(text) || is_dateline_line(text) {
        score -= 5.0;
    }
    if text.ends_with(':') {
        score -= 2.0;
    }
    // The nearest title above the lead, bylines and datelines aside.
    let between = paragraphs[j + 1..lead]
        .iter()
        .filter(|p| {
            !is_byline(&p.text)
                && !is_dateline_line(&p.text)
                && !is_agency_line(&p.text)
                && !is_caption(&p.text)
        })
        .count();
    score += match between {
        0 => 1.0,
        1 => 0.5,
        _ => 0.0,
    };
    score
}

/// A headline printed below the story with the site's stamp right after
/// it ("Rates rise again" then "Staff | Published: …"), when nothing above
/// the lead reads as one.
fn headline_below(
    paragraphs: &[Line],
    lead: usize,
    lead_text: &str,
    cleaner: &Cleaner,
) -> Option<String> {
    paragraphs.iter().skip(lead + 1).find_map(|p| {
        let stamped = (1..=2).any(|d| cleaner.removed_at(p.at + d, "timestamp"));
        (stamped
            && is_headline_like(&p.text)
            && words(&p.text) >= 4
            && word_overlap(&p.text, lead_text) >= 0.5)
            .then(|| p.text.clone())
    })
}

/// A headline compared with its copies: case, quotes and a final full
/// stop aside.
fn title_key(text: &str) -> String {
    fold_quotes(text)
        .trim_end_matches(['.', ' '])
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// "By Jane Roe", "By Jane Roe and Jo Bloggs, Reuters".
fn is_byline(text: &str) -> bool {
    let rest = text
        .strip_prefix("By ")
        .or_else(|| text.strip_prefix("BY "))
        .or_else(|| text.strip_prefix("by "));
    rest.is_some_and(|name| name.len() < 60 && words(name) <= 8 && !name.trim_end().ends_with('.'))
}

/// A dateline on a line of its own: "KABUL, Afghanistan", "SEOUL".
fn is_dateline_line(text: &str) -> bool {
    let first = text.split(',').next().unwrap_or(text).trim();
    words(text) <= 4
        && !ends_sentence(text)
        && first.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && first
            .chars()
            .all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '/' | '-' | '\''))
}

/// An agency or outlet named on a line of its own.
fn is_agency_line(text: &str) -> bool {
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

/// The body, from the lead on: credits and sign-offs go to the credit,
/// what the copy shows glued on after the story's end is removed (another
/// story, reader comments, a list of titles), and the headline printed
/// again is taken out.
fn body_of_story(paragraphs: Vec<Line>, cleaner: &mut Cleaner) -> Vec<Line> {
    let headline_key = cleaner.headline.as_deref().map(title_key);
    let mut kept: Vec<Line> = Vec::new();
    let mut ended: Option<&'static str> = None;
    let count = paragraphs.len();
    let mut iter = paragraphs.into_iter().enumerate().peekable();
    while let Some((i, mut paragraph)) = iter.next() {
        if let Some(rule) = ended {
            cleaner.remove(rule, &paragraph);
            continue;
        }
        let text = paragraph.text.clone();
        if headline_key.as_deref() == Some(title_key(&text).as_str()) {
            cleaner.remove("repeated-headline", &paragraph);
            continue;
        }
        if is_credit_line(&text) || is_agency_line(&text) || is_end_mark(&text) {
            cleaner.credit.push(text.clone());
            cleaner.remove("credit", &paragraph);
            cleaner.kept_as_credit();
            // A credit or "(END)" closes the story; a new story may follow it.
            if (is_credit_line(&text) || is_end_mark(&text))
                && kept.iter().any(|l| is_prose(&l.text))
                && glued_story_follows(iter.peek().map(|(_, p)| p))
            {
                ended = Some("glued-story");
            }
            continue;
        }
        // A name line over a comment's timestamp: the readers' comments begin.
        let has_body = kept.iter().any(|l| is_prose(&l.text));
        if has_body && is_commenter(&paragraph, cleaner) {
            cleaner.remove("reader-comments", &paragraph);
            ended = Some("reader-comments");
            continue;
        }
        // A title printed twice over a byline or prose, far into the page: another story.
        if has_body && i + 1 < count && is_headline_like(&text) && words(&text) >= 4 {
            if let Some((_, next)) = iter.peek() {
                if title_key(&next.text) == title_key(&text) {
                    cleaner.remove("glued-story", &paragraph);
                    ended = Some("glued-story");
                    continue;
                }
            }
        }
        if let Some((credit, at)) = trailing_credit(&text) {
            let offset = text[..at].chars().count();
            cleaner.credit.push(credit.trim().to_owned());
            cleaner.cut("credit", paragraph.at, offset, credit.trim());
            cleaner.kept_as_credit();
            paragraph.text = text[..at].trim_end().to_owned();
        }
        kept.push(paragraph);
    }
    // Titles left after the story's last sentence: links to other stories.
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

/// "(END)", "-30-", "###": the agency's end mark.
fn is_end_mark(text: &str) -> bool {
    matches!(
        text.trim(),
        "(END)" | "END" | "-30-" | "###" | "(ENDS)" | "ENDS" | "-ends-" | "(MORE)"
    )
}

/// Whether the paragraphs after a credit look like another story: a title
/// or a lead of its own, not more of this one.
fn glued_story_follows(next: Option<&Line>) -> bool {
    next.is_some_and(|line| {
        let t = &line.text;
        is_lead(t) || is_headline_like(t) || is_byline(t)
    })
}

/// A reader's name over the time of their comment.
fn is_commenter(paragraph: &Line, cleaner: &Cleaner) -> bool {
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
fn trailing_credit(text: &str) -> Option<(String, usize)> {
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
    for opening in [
        " Reporting by ",
        " Reporting By ",
        " Additional reporting by ",
        " Writing by ",
        " Editing by ",
        " Edited by ",
        " Compiled by ",
    ] {
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

fn is_agency_mark(text: &str) -> bool {
    let inner = text.trim().trim_start_matches('(').trim_end_matches(')');
    TRAILING_AGENCIES.contains(&inner)
}

fn is_web_address(text: &str) -> bool {
    let inner = text.trim().trim_start_matches('(').trim_end_matches(')');
    !inner.contains(' ') && (inner.starts_with("www.") || inner.starts_with("http"))
}

/// A story printed once: a paragraph whose text comes again later (a lead
/// printed twice, a teaser that copies the lead), or that a later one
/// starts with, or whose words a later one mostly repeats, is taken out.
fn print_once(paragraphs: Vec<Line>, cleaner: &mut Cleaner) -> Vec<Line> {
    let folded: Vec<String> = paragraphs
        .iter()
        .map(|p| fold_quotes(&p.text).to_lowercase())
        .collect();
    let trigrams: Vec<std::collections::HashSet<(String, String, String)>> = folded
        .iter()
        .map(|f| {
            let w: Vec<String> = f
                .split_whitespace()
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_owned())
                .collect();
            w.windows(3)
                .map(|t| (t[0].clone(), t[1].clone(), t[2].clone()))
                .collect()
        })
        .collect();
    let mut drop = vec![false; paragraphs.len()];
    for i in 0..paragraphs.len() {
        let mine = &folded[i];
        if mine.len() < 30 {
            continue;
        }
        let stem = mine.trim_end_matches(['.', '…', ' ']);
        // A teaser that runs across the paragraphs it copies.
        if mine.len() >= 40 && folded[i + 1..].join(" ").contains(mine.as_str()) {
            drop[i] = true;
            continue;
        }
        for k in i + 1..paragraphs.len() {
            let other = &folded[k];
            let contained = other.contains(mine.as_str());
            let cut_short = stem.len() >= 40 && other.starts_with(stem);
            let shared = if trigrams[i].len() >= 8 {
                trigrams[i].intersection(&trigrams[k]).count() as f64 / trigrams[i].len() as f64
            } else {
                0.0
            };
            if contained
                || cut_short
                || (shared >= 0.8 && trigrams[i].len() <= trigrams[k].len() + 2)
            {
                drop[i] = true;
                break;
            }
        }
        // Printed again inside an earlier paragraph that is kept.
        if !drop[i] && (0..i).any(|k| !drop[k] && folded[k].contains(mine.as_str())) {
            drop[i] = true;
        }
    }
    let mut kept = Vec::new();
    for (paragraph, dropped) in paragraphs.into_iter().zip(drop) {
        if dropped {
            cleaner.remove("repeated-lead", &paragraph);
        } else {
            kept.push(paragraph);
        }
    }
    kept
}

/// Places every removal against the final paragraphs and hands the story over.
fn finish(paragraphs: Vec<Line>, byline: Option<String>, cleaner: Cleaner) -> Cleaned {
    let mut removed: Vec<(usize, usize, Removal)> = cleaner
        .pending
        .into_iter()
        .map(|p| {
            let inside = p.within.and_then(|offset| {
                paragraphs
                    .iter()
                    .position(|q| q.at == p.at)
                    .map(|i| (i, offset))
            });
            let (position, within) = match inside {
                Some((i, offset)) => (i, Some(offset.min(paragraphs[i].text.chars().count()))),
                None => (
                    paragraphs
                        .iter()
                        .take_while(|q| q.at < p.at || (q.at == p.at && p.within.is_some()))
                        .count(),
                    None,
                ),
            };
            (
                p.at,
                p.within.unwrap_or(0),
                Removal {
                    rule: p.rule.to_owned(),
                    text: p.text,
                    position,
                    within,
                    detail: p.detail,
                },
            )
        })
        .collect();
    removed.sort_by_key(|(at, offset, _)| (*at, *offset));
    Cleaned {
        headline: cleaner.headline,
        byline,
        paragraphs: paragraphs.into_iter().map(|p| p.text).collect(),
        credit: cleaner.credit,
        fired: cleaner.fired,
        metadata: cleaner.metadata,
        removed: removed.into_iter().map(|(_, _, r)| r).collect(),
    }
}

fn fold_quotes(text: &str) -> String {
    text.replace(['\u{201c}', '\u{201d}'], "\"")
        .replace(['\u{2018}', '\u{2019}'], "'")
}

#[cfg(test)]
mod tests;
