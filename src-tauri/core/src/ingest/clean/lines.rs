//! The first pass: each line on its own, in copy order. Markup is reduced,
//! damage repaired, and lines that are furniture by their own look are
//! removed, by the rules of [`RULES`] in turn.

use serde_json::json;

use super::furniture::{furniture, is_prose, is_timestamp, lower, words};
use super::line_shapes::{
    caption_run_into_text, empty_ticker, is_bare_punctuation, is_count, is_disclaimer,
    is_related_marker, is_teaser_cut, is_title_like, next_is_title, page_field, page_field_runs,
    strip_date_stamp,
};
use super::markup::{self, MarkupState};
use super::shapes::is_lead;
use super::{walk, Cleaner, Context, Line, Outcome, Rule};

/// The rules of the first pass, in the order they read a line. A new rule
/// is one more entry here; a line leaves the walk at the first rule that
/// removes it.
const RULES: &[Rule<Lines>] = &[
    Rule::new("date-stamp", date_stamp),
    Rule::new("markup", reduce_markup),
    Rule::new("glued-story", glued_story),
    Rule::new("repaired-characters", repair_characters),
    Rule::new("template-token", template_token),
    Rule::new("country-tags", country_tags),
    Rule::new("page-fields", page_fields),
    Rule::new("related-list", related_link),
    Rule::new("related-list", related_marker),
    Rule::new("separator", separator),
    Rule::new("syndication-disclaimer", disclaimer),
    Rule::new("related-list", related_run),
    Rule::new("author-box", author_box),
    Rule::new("photo-caption", caption_run_in),
    // A family: each line it takes out is recorded under its kind.
    Rule::new("furniture", page_furniture),
    Rule::new("tags", tags),
];

/// Where the reading stands: the regions a marker line opens. Each lasts
/// until the rule that owns it meets a line that is not its own, except
/// `glued`, which runs to the end of the copy.
#[derive(Default)]
struct Regions {
    /// Inside a "- Country:" list: "- Name" lines are the story's tags.
    countries: bool,
    /// Inside a block of the page's fields: "Date: …" needs no bullet.
    fields: bool,
    /// Inside a list of links to other stories, opened by its marker or a
    /// separator below the story.
    related: bool,
    /// The name of the author box just read, lower case, in words: the
    /// next line is their blurb when it names them.
    author: Option<Vec<String>>,
    /// Another story glued on below a separator: every line from here on
    /// is its.
    glued: bool,
}

/// The first pass's context.
struct Lines {
    cleaner: Cleaner,
    /// The copy's lines: the ones ahead of the line being read are still
    /// there to look at.
    lines: Vec<Option<String>>,
    /// The lines standing in a block of two or more page fields.
    field_lines: Vec<usize>,
    markup: MarkupState,
    /// Whether a line of prose has been kept yet.
    prose_seen: bool,
    regions: Regions,
    /// The lines kept (`None`: a blank line).
    kept: Vec<Option<Line>>,
}

impl Context for Lines {
    fn cleaner(&mut self) -> &mut Cleaner {
        &mut self.cleaner
    }
}

/// Reads every line through [`RULES`]. Returns the lines kept (`None`: a
/// blank line).
pub(super) fn read_lines(lines: Vec<Option<String>>, cleaner: &mut Cleaner) -> Vec<Option<Line>> {
    let mut cx = Lines {
        cleaner: std::mem::take(cleaner),
        field_lines: page_field_runs(&lines),
        lines,
        markup: MarkupState::default(),
        prose_seen: false,
        regions: Regions::default(),
        kept: Vec::new(),
    };
    for at in 0..cx.lines.len() {
        // Taken in turn: the lines ahead of this one are still there to look at.
        let Some(text) = cx.lines[at].take() else {
            cx.kept.push(None);
            continue;
        };
        let mut line = Line { text, at };
        if walk(RULES, &mut line, &mut cx) {
            cx.prose_seen |= is_prose(&line.text);
            cx.kept.push(Some(line));
        }
    }
    *cleaner = cx.cleaner;
    cx.kept
}

/// "date 2020-03-06 close": a stamp run into the line is cut.
fn date_stamp(line: &mut Line, cx: &mut Lines) -> Outcome {
    let Some(rest) = strip_date_stamp(&line.text) else {
        return Outcome::Next;
    };
    let stamp = line.text[..line.text.len() - rest.len()].trim().to_owned();
    cx.cleaner.cut_by_rule(line.at, 0, &stamp);
    if rest.is_empty() {
        return Outcome::Done;
    }
    line.text = rest;
    Outcome::Next
}

/// Inline markup is reduced to its text; a line of nothing but markup (an
/// empty link, a script) goes whole.
fn reduce_markup(line: &mut Line, cx: &mut Lines) -> Outcome {
    let reduced = if cx.markup.may_reduce(&line.text) {
        markup::reduce(&line.text, &mut cx.markup)
    } else {
        markup::Reduced::default()
    };
    if reduced.had_markup {
        cx.cleaner.fire_rule();
        if reduced.text.is_empty() || is_bare_punctuation(&reduced.text) {
            return Outcome::Remove;
        }
        for (offset, piece) in &reduced.cuts {
            cx.cleaner.cut_by_rule(line.at, *offset, piece);
        }
        line.text = reduced.text;
    }
    Outcome::Next
}

/// Below a separator and a new title: another story, to the end.
fn glued_story(_: &mut Line, cx: &mut Lines) -> Outcome {
    if cx.regions.glued {
        Outcome::Remove
    } else {
        Outcome::Next
    }
}

/// Mojibake and escaped punctuation are repaired.
fn repair_characters(line: &mut Line, cx: &mut Lines) -> Outcome {
    if let Some(repaired) = markup::repair(&line.text) {
        cx.cleaner.fire_rule();
        line.text = repaired;
    }
    Outcome::Next
}

/// An empty stock ticker left by a page's template: "(NASDAQ:)".
fn template_token(line: &mut Line, cx: &mut Lines) -> Outcome {
    while let Some((start, end)) = empty_ticker(&line.text) {
        let offset = line.text[..start].chars().count();
        let token = line.text[start..end].to_owned();
        cx.cleaner.cut_by_rule(line.at, offset, &token);
        let rest = line.text[end..].to_owned();
        line.text.truncate(start);
        if line.text.ends_with(' ') && rest.starts_with(' ') {
            line.text.pop();
        }
        line.text.push_str(&rest);
    }
    Outcome::Next
}

/// "- Country:" followed by "- Name" lines: the names are kept as tags.
fn country_tags(line: &mut Line, cx: &mut Lines) -> Outcome {
    let text = line.text.as_str();
    if matches!(
        text,
        "- Country:" | "- Countries:" | "Country:" | "Countries:"
    ) {
        cx.regions.countries = true;
        return Outcome::Remove;
    }
    if cx.regions.countries {
        if let Some(name) = text.strip_prefix("- ").filter(|n| !n.contains(':')) {
            cx.cleaner.keep("countries", name.to_owned());
            return Outcome::Remove;
        }
        cx.regions.countries = false;
    }
    Outcome::Next
}

/// "- Title: …", "- Date: …": a block of the page's own fields.
fn page_fields(line: &mut Line, cx: &mut Lines) -> Outcome {
    let text = line.text.as_str();
    let in_fields = cx.regions.fields;
    let Some((field, value)) =
        page_field(text, in_fields).filter(|_| in_fields || cx.field_lines.contains(&line.at))
    else {
        cx.regions.fields = false;
        return Outcome::Next;
    };
    cx.regions.fields = true;
    let value = value.to_owned();
    if matches!(field.as_str(), "story text" | "text" | "body" | "story") {
        // The story itself, put in a field by the page: the label goes.
        if !value.is_empty() {
            let label = text[..text.len() - value.len()].trim().to_owned();
            cx.cleaner.cut_by_rule(line.at, 0, &label);
            cx.kept.push(Some(Line {
                text: value,
                at: line.at,
            }));
        }
        cx.regions.fields = false;
        return Outcome::Done;
    }
    if matches!(field.as_str(), "title" | "headline") && !value.is_empty() {
        cx.cleaner.headline.get_or_insert_with(|| value.clone());
        // Recorded whole: the headline keeps its text.
        return Outcome::Remove;
    }
    if !value.is_empty() {
        cx.cleaner.metadata.entry(field).or_insert(json!(value));
    }
    Outcome::Remove
}

/// "ALSO READ: …": a link to another story, kept as a related title.
fn related_link(line: &mut Line, cx: &mut Lines) -> Outcome {
    let title = [
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
    .find_map(|p| line.text.strip_prefix(p));
    match title {
        Some(title) => {
            cx.cleaner.keep("related", title.trim().to_owned());
            Outcome::Remove
        }
        None => Outcome::Next,
    }
}

/// A marker line ("ALSO READ"): above the story the label is chrome;
/// below it a list follows.
fn related_marker(line: &mut Line, cx: &mut Lines) -> Outcome {
    if !is_related_marker(&line.text) {
        return Outcome::Next;
    }
    cx.regions.related = cx.prose_seen;
    Outcome::Remove
}

/// A rule across the page below the story: a list follows, or, over a
/// new title, another story.
fn separator(line: &mut Line, cx: &mut Lines) -> Outcome {
    let text = line.text.as_str();
    if !(cx.prose_seen && is_bare_punctuation(text)) {
        return Outcome::Next;
    }
    if text.chars().count() >= 3 && next_is_title(&cx.lines, line.at) {
        cx.regions.glued = true;
    } else {
        cx.regions.related = true;
    }
    Outcome::Remove
}

/// "(This story has not been edited … syndicated feed.)"
fn disclaimer(line: &mut Line, _: &mut Lines) -> Outcome {
    if is_disclaimer(&line.text) {
        Outcome::Remove
    } else {
        Outcome::Next
    }
}

/// The titles of a list of related links, until a line that is not one.
fn related_run(line: &mut Line, cx: &mut Lines) -> Outcome {
    if !cx.regions.related {
        return Outcome::Next;
    }
    let text = line.text.as_str();
    let l = text.trim_start_matches(['-', '•', '*', '·', ' ']);
    if is_title_like(text) || is_teaser_cut(text) || is_timestamp(text) || is_count(text) {
        if !is_timestamp(text) && !is_count(text) {
            cx.cleaner.keep("related", l.to_owned());
        }
        return Outcome::Remove;
    }
    cx.regions.related = false;
    Outcome::Next
}

/// "Author: Jane Roe" and the site's blurb about them that follows.
fn author_box(line: &mut Line, cx: &mut Lines) -> Outcome {
    let text = line.text.as_str();
    if let Some(name) = text.strip_prefix("Author:").filter(|_| words(text) <= 6) {
        cx.regions.author = Some(
            name.split_whitespace()
                .filter(|w| w.len() > 2)
                .map(str::to_lowercase)
                .collect(),
        );
        return Outcome::Remove;
    }
    if let Some(names) = cx.regions.author.take() {
        // The site's blurb about its author follows the name, and names them.
        let l = lower(text);
        let names_author = names.iter().any(|n| l.contains(n.as_str()));
        if names_author && words(text) <= 60 && !is_lead(text) {
            return Outcome::Remove;
        }
    }
    Outcome::Next
}

/// A caption run into the story on one line: the caption is cut.
fn caption_run_in(line: &mut Line, cx: &mut Lines) -> Outcome {
    if let Some(end) = caption_run_into_text(&line.text) {
        let caption = line.text[..end].trim().to_owned();
        line.text = line.text[end..].trim_start().to_owned();
        cx.cleaner.cut_by_rule(line.at, 0, &caption);
    }
    Outcome::Next
}

/// A line that is the page's furniture by its own look: navigation,
/// stamps, captions, notices (see `furniture.rs`), under its kind.
fn page_furniture(line: &mut Line, _: &mut Lines) -> Outcome {
    furniture(&line.text).map_or(Outcome::Next, Outcome::RemoveAs)
}

/// "Tags: a | b": the tags are kept.
fn tags(line: &mut Line, cx: &mut Lines) -> Outcome {
    let Some(tags) = ["Tags:", "TAGS:", "tags:", "Tags", "tags", "TAGS"]
        .iter()
        .find_map(|p| line.text.strip_prefix(p))
        .filter(|t| t.starts_with([' ', ':']) || t.is_empty())
        .filter(|t| t.contains('|') || t.contains(',') || t.contains('#') || words(t) <= 6)
    else {
        return Outcome::Next;
    };
    for tag in tags
        .split(['|', ','])
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        cx.cleaner.keep("tags", tag.to_owned());
    }
    Outcome::Remove
}
