//! Three-way merge of a new wire version into the desk's edited copy
//! (PRODUCT.md §7): base = the wire version the edit started from, ours =
//! the desk's text, theirs = the agency's new version. Paragraphs first,
//! then words inside paragraphs both sides changed: a change on one side
//! applies; the same change on both sides applies once; different changes
//! to the same words become a conflict carrying both alternatives.

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

/// Both sides changed the same words differently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// Its number in the merge, from 1.
    pub id: usize,
    pub base: String,
    pub ours: String,
    pub theirs: String,
}

/// A run of merged text, or a conflict to resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Conflict(Conflict),
}

/// How a conflict is resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Ours,
    Theirs,
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Merged {
    pub pieces: Vec<Piece>,
}

impl Merged {
    pub fn conflicts(&self) -> Vec<&Conflict> {
        self.pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Conflict(c) => Some(c),
                Piece::Text(_) => None,
            })
            .collect()
    }

    /// The merged text, once every conflict has a resolution (`resolve`
    /// answers for a conflict id).
    pub fn text_with(&self, resolve: impl Fn(&Conflict) -> Option<Resolution>) -> Option<String> {
        let mut text = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => text.push_str(t),
                Piece::Conflict(c) => match resolve(c)? {
                    Resolution::Ours => text.push_str(&c.ours),
                    Resolution::Theirs => text.push_str(&c.theirs),
                    Resolution::Text(t) => text.push_str(&t),
                },
            }
        }
        Some(text)
    }

    /// The merged text, if there are no conflicts.
    pub fn clean_text(&self) -> Option<String> {
        self.text_with(|_| None)
    }

    fn push_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if let Some(Piece::Text(last)) = self.pieces.last_mut() {
            last.push_str(text);
        } else {
            self.pieces.push(Piece::Text(text.to_owned()));
        }
    }
}

/// A change of one side: base tokens `start..end` became `with`.
#[derive(Debug, Clone)]
struct Change<'a> {
    start: usize,
    end: usize,
    with: Vec<&'a str>,
}

fn changes<'a>(base: &[&'a str], side: &[&'a str]) -> Vec<Change<'a>> {
    crate::diff::diff_slices(base, side)
        .into_iter()
        .filter_map(|op| {
            let (tag, old, new) = op.as_tag_tuple();
            (tag != similar::DiffTag::Equal).then(|| Change {
                start: old.start,
                end: old.end,
                with: side[new].to_vec(),
            })
        })
        .collect()
}

/// Whether two changes touch the same base tokens (two insertions at one
/// place do; an insertion at the edge of another change does not).
fn overlap(a: &Change<'_>, b: &Change<'_>) -> bool {
    let (a_insert, b_insert) = (a.start == a.end, b.start == b.end);
    match (a_insert, b_insert) {
        (true, true) => a.start == b.start,
        (true, false) => b.start < a.start && a.start < b.end,
        (false, true) => a.start < b.start && b.start < a.end,
        (false, false) => a.start < b.end && b.start < a.end,
    }
}

/// One side's text for base tokens `start..end`, with its changes there.
fn side_text(base: &[&str], start: usize, end: usize, changes: &[&Change<'_>]) -> String {
    let mut text = String::new();
    let mut at = start;
    for change in changes {
        if change.start > at {
            text.push_str(&base[at..change.start].concat());
        }
        text.push_str(&change.with.concat());
        at = at.max(change.end);
    }
    text.push_str(&base[at..end].concat());
    text
}

/// Merges token sequences; `refine` is asked to merge a conflicting region
/// at a finer level (or `None` to keep it as one conflict).
fn merge_tokens(
    base: &[&str],
    ours: &[&str],
    theirs: &[&str],
    merged: &mut Merged,
    refine: &dyn Fn(&str, &str, &str, &mut Merged) -> bool,
) {
    let mine = changes(base, ours);
    let other = changes(base, theirs);
    // All changes in base order, tagged with their side (0 ours, 1 theirs).
    let mut all: Vec<(usize, &Change<'_>)> = mine
        .iter()
        .map(|c| (0, c))
        .chain(other.iter().map(|c| (1, c)))
        .collect();
    all.sort_by_key(|(side, c)| (c.start, c.end, *side));
    let mut at = 0;
    let mut i = 0;
    while i < all.len() {
        // A hunk: changes that overlap one another, from either side.
        let mut hunk = vec![all[i]];
        let (mut start, mut end) = (all[i].1.start, all[i].1.end);
        let mut j = i + 1;
        while j < all.len() && hunk.iter().any(|(_, c)| overlap(c, all[j].1)) {
            start = start.min(all[j].1.start);
            end = end.max(all[j].1.end);
            hunk.push(all[j]);
            j += 1;
        }
        merged.push_text(&base[at..start].concat());
        let of = |side: usize| -> Vec<&Change<'_>> {
            hunk.iter()
                .filter(|(s, _)| *s == side)
                .map(|(_, c)| *c)
                .collect()
        };
        let (ours_changes, theirs_changes) = (of(0), of(1));
        let ours_text = side_text(base, start, end, &ours_changes);
        let theirs_text = side_text(base, start, end, &theirs_changes);
        let base_text = base[start..end].concat();
        if ours_changes.is_empty() || ours_text == theirs_text {
            merged.push_text(&theirs_text);
        } else if theirs_changes.is_empty() {
            merged.push_text(&ours_text);
        } else if !refine(&base_text, &ours_text, &theirs_text, merged) {
            // White space all three sides end with stays outside the conflict.
            let tail = [&base_text, &ours_text, &theirs_text]
                .iter()
                .map(|t| t.len() - t.trim_end().len())
                .min()
                .unwrap_or(0);
            let shared = &theirs_text[theirs_text.len() - tail..];
            let same_tail = [&base_text, &ours_text].iter().all(|t| t.ends_with(shared));
            let tail = if same_tail { tail } else { 0 };
            let cut = |t: &String| t[..t.len() - tail].to_owned();
            let id = merged.conflicts().len() + 1;
            merged.pieces.push(Piece::Conflict(Conflict {
                id,
                base: cut(&base_text),
                ours: cut(&ours_text),
                theirs: cut(&theirs_text),
            }));
            merged.push_text(&theirs_text[theirs_text.len() - tail..]);
        }
        at = end;
        i = j;
    }
    merged.push_text(&base[at..].concat());
}

fn refs(strings: &[String]) -> Vec<&str> {
    strings.iter().map(String::as_str).collect()
}

/// Merges the agency's new version into the desk's text.
pub fn merge(base: &str, ours: &str, theirs: &str) -> Merged {
    let paragraphs =
        |text: &str| -> Vec<String> { text.split_inclusive("\n\n").map(str::to_owned).collect() };
    let (b, o, t) = (paragraphs(base), paragraphs(ours), paragraphs(theirs));
    let mut merged = Merged::default();
    // Paragraphs both sides changed are merged word by word.
    let by_words = |base: &str, ours: &str, theirs: &str, merged: &mut Merged| {
        // Words with the white space after them: a space alone is never a
        // token the diff can align elsewhere (it moved spaces between words).
        let words = |text: &str| -> Vec<String> {
            let mut tokens: Vec<String> = Vec::new();
            for piece in text.split_word_bounds() {
                match tokens.last_mut() {
                    // A line break stays a token of its own: text added
                    // after a paragraph is an insertion, not a change to it.
                    Some(last)
                        if piece.chars().all(|c| c.is_whitespace() && c != '\n')
                            && !last.ends_with('\n') =>
                    {
                        last.push_str(piece)
                    }
                    _ => tokens.push(piece.to_owned()),
                }
            }
            tokens
        };
        let (b, o, t) = (words(base), words(ours), words(theirs));
        merge_tokens(&refs(&b), &refs(&o), &refs(&t), merged, &|_, _, _, _| false);
        true
    };
    merge_tokens(&refs(&b), &refs(&o), &refs(&t), &mut merged, &by_words);
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "The storm hit the coast on Monday.\n\n\
        About 200 homes were flooded, officials said.\n\n\
        Rain is expected to ease.";

    #[test]
    fn changes_on_either_side_apply_and_the_same_change_applies_once() {
        // The desk tightened the lead; the agency updated the toll and added
        // a paragraph.
        let ours = BASE.replace("hit the coast on Monday", "battered the coast on Monday");
        let theirs = format!(
            "{}\n\nSchools will reopen on Thursday.",
            BASE.replace("About 200 homes", "About 350 homes")
        );
        let merged = merge(BASE, &ours, &theirs);
        assert!(merged.conflicts().is_empty(), "{merged:?}");
        let text = merged.clean_text().unwrap();
        assert!(
            text.contains("battered the coast"),
            "the edit survives: {text}"
        );
        assert!(
            text.contains("About 350 homes"),
            "the agency's new fact arrives"
        );
        assert!(text.ends_with("Schools will reopen on Thursday."));
        // Both made the same fix: once.
        let same = BASE.replace("ease", "ease by Wednesday");
        assert_eq!(merge(BASE, &same, &same).clean_text().unwrap(), same);
    }

    #[test]
    fn different_changes_to_the_same_words_conflict_word_by_word() {
        // Different words of one sentence: both apply.
        let ours = BASE.replace("About 200 homes", "Some 200 homes");
        let theirs = BASE.replace("About 200 homes", "About 350 homes");
        let text = merge(BASE, &ours, &theirs).clean_text().unwrap();
        assert!(text.contains("Some 350 homes were flooded"), "{text}");
        // The same word changed two ways: a conflict with both alternatives.
        let ours = BASE.replace("About 200 homes", "About 250 homes");
        let merged = merge(BASE, &ours, &theirs);
        let conflicts = merged.conflicts();
        assert_eq!(conflicts.len(), 1, "{merged:?}");
        let conflict = conflicts[0];
        assert_eq!(
            (
                conflict.base.as_str(),
                conflict.ours.as_str(),
                conflict.theirs.as_str()
            ),
            ("200", "250", "350")
        );
        assert_eq!(merged.clean_text(), None);
        let resolved = merged
            .text_with(|_| Some(Resolution::Text("about 300".into())))
            .unwrap();
        assert!(resolved.contains("About about 300 homes"), "{resolved}");
        let theirs_wins = merged.text_with(|_| Some(Resolution::Theirs)).unwrap();
        assert_eq!(theirs_wins, theirs);
        let ours_wins = merged.text_with(|_| Some(Resolution::Ours)).unwrap();
        assert_eq!(ours_wins, ours);
    }

    #[test]
    fn nothing_changed_is_the_text_itself() {
        assert_eq!(merge(BASE, BASE, BASE).clean_text().unwrap(), BASE);
        let ours = BASE.replace("Rain", "Heavy rain");
        assert_eq!(merge(BASE, &ours, BASE).clean_text().unwrap(), ours);
        assert_eq!(merge(BASE, BASE, &ours).clean_text().unwrap(), ours);
    }

    proptest::proptest! {
        #[test]
        fn a_side_that_changed_nothing_gives_the_other_side(
            base in "[a-z .,\n]{0,120}",
            other in "[a-z .,\n]{0,120}",
        ) {
            proptest::prop_assert_eq!(merge(&base, &base, &other).clean_text(), Some(other.clone()));
            proptest::prop_assert_eq!(merge(&base, &other, &base).clean_text(), Some(other.clone()));
            proptest::prop_assert_eq!(merge(&base, &other, &other).clean_text(), Some(other.clone()));
        }

        #[test]
        fn any_three_texts_merge_without_panic(
            base in "[a-c .\n]{0,80}",
            ours in "[a-c .\n]{0,80}",
            theirs in "[a-c .\n]{0,80}",
        ) {
            let merged = merge(&base, &ours, &theirs);
            let conflicts = merged.conflicts().len();
            let text = merged.text_with(|_| Some(Resolution::Theirs));
            proptest::prop_assert!(text.is_some());
            proptest::prop_assert!(conflicts == 0 || merged.clean_text().is_none());
        }
    }
}

#[cfg(test)]
mod spaces {
    /// A word the agency rewrote with a hyphen turned into a space
    /// ("al-Qaida's" → "al Qaeda's") keeps its space when the desk's edit
    /// elsewhere sends the paragraph through the word-by-word merge.
    #[test]
    fn a_changed_word_keeps_its_spaces() {
        let base = "Held by al-Qaida's affiliate in the north.\n\nThe end.";
        let ours = "Held by al-Qaida's affiliate in the far north.\n\nThe end, the desk says.";
        let theirs = "Held for years by al Qaeda's affiliate in the north.\n\nThe end was near.";
        let merged = super::merge(base, ours, theirs);
        let text = merged
            .text_with(|_| Some(super::Resolution::Theirs))
            .unwrap_or_default();
        assert!(
            text.contains("by al Qaeda's affiliate in the far north"),
            "{text}"
        );
    }
}
