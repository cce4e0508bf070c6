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
//!
//! The rules are values: each pass that reads the copy one line or
//! paragraph at a time walks a table of [`Rule`]s in order (`lines::RULES`
//! for the first pass, `top::RULES` for the paragraphs above the lead,
//! `body::RULES` for the story from its lead down), and the first rule
//! that takes a line out, keeps it, or deals with it otherwise ends the
//! walk for that line: a new rule is one more entry in its pass's table.
//! A rule that holds state (a region that runs to the end of the copy, a
//! list a marker line opens) keeps it in its pass's context, never in a
//! flag of its own.
//!
//! The passes, in order (see [`clean`]): `lines.rs` (each line on its own;
//! what a line looks like is in `line_shapes.rs`, with `furniture.rs`,
//! `captions.rs` and `markup.rs`), `paragraphs.rs` (bullet lists, wrapped
//! lines joined), `top.rs` (the lead found, the headline chosen, the chrome
//! above it), `body.rs` (credits, glued stories, comments, trailing link
//! titles) and `once.rs` (a story printed once); `shapes.rs` holds what a
//! paragraph reads as (headline, lead, byline, dateline, agency) for all
//! of them.

mod body;
mod captions;
mod furniture;
mod line_shapes;
mod lines;
mod markup;
mod once;
mod paragraphs;
mod shapes;
mod top;

use serde_json::{json, Map, Value};

use super::Removal;

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
    /// The rule of a table now reading a line (set by [`walk`]): what
    /// [`Cleaner::cut_by_rule`] and [`Cleaner::fire_rule`] record under.
    rule: &'static str,
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

    /// Records a piece cut by the rule now reading the line at `at`.
    fn cut_by_rule(&mut self, at: usize, offset: usize, text: &str) {
        self.cut(self.rule, at, offset, text);
    }

    /// Records that the rule now reading a line has changed it.
    fn fire_rule(&mut self) {
        self.fire(self.rule);
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

/// What a rule did with the line or paragraph it read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Not the rule's line, or the rule changed it and lets it go on: the
    /// next rule reads it.
    Next,
    /// The rule takes the whole line or paragraph out, under its name.
    Remove,
    /// The rule takes it out under the name of one of its kinds (the
    /// furniture rules, a region that runs to the end).
    RemoveAs(&'static str),
    /// The rule keeps it as it is: no later rule reads it.
    Keep,
    /// The rule has dealt with it itself (recorded it, kept it elsewhere,
    /// or nothing of it is left): no later rule reads it.
    Done,
}

/// A rule as a value: its name, recorded with everything it takes out
/// (names are kept in libraries and shown to users: they never change),
/// and what it does to one line or paragraph in its pass's context `C`.
struct Rule<C> {
    name: &'static str,
    apply: fn(&mut Line, &mut C) -> Outcome,
}

impl<C> Rule<C> {
    const fn new(name: &'static str, apply: fn(&mut Line, &mut C) -> Outcome) -> Self {
        Rule { name, apply }
    }
}

/// A pass's context: the cleaner's records, and the pass's own state.
trait Context {
    fn cleaner(&mut self) -> &mut Cleaner;
}

/// Walks `rules` in order over one line or paragraph. Returns whether it
/// is still there when every rule has read it (then the pass keeps it).
fn walk<C: Context>(rules: &[Rule<C>], line: &mut Line, cx: &mut C) -> bool {
    for rule in rules {
        cx.cleaner().rule = rule.name;
        let removed_as = match (rule.apply)(line, cx) {
            Outcome::Next => continue,
            Outcome::Remove => rule.name,
            Outcome::RemoveAs(name) => name,
            Outcome::Keep => return true,
            Outcome::Done => return false,
        };
        cx.cleaner().remove(removed_as, line);
        return false;
    }
    true
}

/// Runs every rule over the lines of a plain-text story (white space
/// already folded per line; `None` is a blank line).
pub(crate) fn clean(lines: Vec<Option<String>>) -> Cleaned {
    let mut cleaner = Cleaner::default();
    let lines = lines::read_lines(lines, &mut cleaner);
    let lines = paragraphs::drop_bullet_lists(lines, &mut cleaner);
    let paragraphs = paragraphs::join_wrapped(lines, &mut cleaner);
    let (paragraphs, byline) = top::top_of_story(paragraphs, &mut cleaner);
    let paragraphs = body::body_of_story(paragraphs, &mut cleaner);
    let paragraphs = once::print_once(paragraphs, &mut cleaner);
    finish(paragraphs, byline, cleaner)
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

#[cfg(test)]
mod tests;
