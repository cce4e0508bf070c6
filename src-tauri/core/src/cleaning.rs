//! What cleaning took out of a story's wire copy, as the desk works with it:
//! whether each recorded removal ([`crate::ingest::Removal`]) is back in the
//! current text, and the current text with one put back where it stood.
//! Pure: [`crate::Library::cleaning`] and [`crate::Library::restore_removed`]
//! read the texts from the store and save the result as an edit.
//!
//! "Where it stood" is found against the current text, which the desk may
//! have edited since: the wire paragraphs around the passage are anchors,
//! matched to the current paragraphs through the paragraph alignment the
//! side-by-side diff uses ([`crate::diff::align_paragraphs`]).

use std::collections::HashMap;

use crate::{diff, ingest::Removal};

/// White space folded, as the cleaner records a removal's text and as a
/// saved body holds its paragraphs.
pub fn folded(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether each removal is back in `current`: its text occurs there more
/// often than in the cleaned `wire_body` the removal was made from. A text
/// the cleaned copy already held elsewhere ("Reuters" in the dateline)
/// therefore counts only once it is there one more time; of removals with
/// the same text, the first ones count as the ones put back.
pub fn restored_flags(removals: &[Removal], wire_body: &str, current: &str) -> Vec<bool> {
    let mut back: HashMap<String, usize> = HashMap::new();
    removals
        .iter()
        .map(|removal| {
            let text = folded(&removal.text);
            if text.is_empty() {
                return false;
            }
            let left = back.entry(text.clone()).or_insert_with(|| {
                current
                    .matches(text.as_str())
                    .count()
                    .saturating_sub(wire_body.matches(text.as_str()).count())
            });
            let restored = *left > 0;
            *left = left.saturating_sub(1);
            restored
        })
        .collect()
}

/// Paragraphs as the core stores them (separated by one blank line); none
/// for an empty body.
fn paragraphs(body: &str) -> Vec<&str> {
    if body.trim().is_empty() {
        Vec::new()
    } else {
        body.split("\n\n").collect()
    }
}

/// How much of two paragraphs' words they share (0 to 1): the words in
/// common, counted with repeats, over the longer paragraph's word count.
fn shared_words(a: &str, b: &str) -> f64 {
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (a, b) = (words(a), words(b));
    let longer = a.len().max(b.len());
    if longer == 0 {
        return 0.0;
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for word in &a {
        *counts.entry(word).or_default() += 1;
    }
    let shared = b
        .iter()
        .filter(|word| match counts.get_mut(word.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        })
        .count();
    shared as f64 / longer as f64
}

/// A changed paragraph is taken for the desk's version of a wire paragraph
/// when they share at least this much of their words.
const SAME_PARAGRAPH: f64 = 0.5;

/// The wire paragraphs matched to the current ones: each wire paragraph's
/// current counterpart and whether it is unchanged.
struct Alignment<'a> {
    wire: Vec<&'a str>,
    current: Vec<&'a str>,
    counterparts: Vec<Option<(usize, bool)>>,
}

impl<'a> Alignment<'a> {
    /// Unchanged paragraphs pair up through the paragraph diff. A wire
    /// paragraph the diff finds changed is matched, among the current
    /// paragraphs that stand in its run of changes, to the one sharing
    /// most of its words, if that is at least half of them.
    fn new(wire_body: &'a str, current: &'a str) -> Alignment<'a> {
        let wire = paragraphs(wire_body);
        let now = paragraphs(current);
        let pairs: Vec<(Option<usize>, Option<usize>)> = diff::align_paragraphs(wire_body, current)
            .into_iter()
            .map(|(w, n)| (w.filter(|w| *w < wire.len()), n.filter(|n| *n < now.len())))
            .collect();
        let unchanged = |pair: &(Option<usize>, Option<usize>)| matches!(pair, (Some(w), Some(n)) if wire[*w] == now[*n]);
        let mut counterparts = vec![None; wire.len()];
        for run in pairs.split(unchanged) {
            let candidates: Vec<usize> = run.iter().filter_map(|(_, n)| *n).collect();
            for w in run.iter().filter_map(|(w, _)| *w) {
                counterparts[w] = candidates
                    .iter()
                    .map(|n| (*n, shared_words(wire[w], now[*n])))
                    .filter(|(_, share)| *share >= SAME_PARAGRAPH)
                    .max_by(|a, b| a.1.total_cmp(&b.1))
                    .map(|(n, _)| (n, false));
            }
        }
        for pair in pairs.iter().filter(|pair| unchanged(pair)) {
            if let (Some(w), Some(n)) = *pair {
                counterparts[w] = Some((n, true));
            }
        }
        Alignment {
            wire,
            current: now,
            counterparts,
        }
    }

    /// The current paragraph wire paragraph `index` became, and whether it
    /// is unchanged.
    fn counterpart(&self, index: usize) -> Option<(usize, bool)> {
        self.counterparts.get(index).copied().flatten()
    }

    /// Where, among the current paragraphs, a paragraph that stood before
    /// wire paragraph `position` goes: after the paragraph before it, else
    /// before the one after it (unchanged ones first, then edited ones);
    /// failing both, after the nearest earlier wire paragraph still there,
    /// or before the nearest later one; else at `position`, clamped.
    fn insertion_point(&self, position: usize) -> usize {
        let position = position.min(self.wire.len());
        let before = position.checked_sub(1).and_then(|i| self.counterpart(i));
        let after = self.counterpart(position);
        match (before, after) {
            (Some((at, true)), _) => at + 1,
            (_, Some((at, true))) => at,
            (Some((at, false)), _) => at + 1,
            (_, Some((at, false))) => at,
            (None, None) => (0..position)
                .rev()
                .find_map(|i| self.counterpart(i))
                .map(|(at, _)| at + 1)
                .or_else(|| {
                    (position..self.wire.len())
                        .find_map(|i| self.counterpart(i))
                        .map(|(at, _)| at)
                })
                .unwrap_or(position)
                .min(self.current.len()),
        }
    }
}

/// `paragraph` with `text` put in at character (Unicode scalar) offset
/// `offset`, a space either side unless punctuation closes up to it.
fn splice(paragraph: &str, offset: usize, text: &str) -> String {
    let at = paragraph
        .char_indices()
        .nth(offset)
        .map_or(paragraph.len(), |(at, _)| at);
    let (left, right) = paragraph.split_at(at);
    let (left, right) = (left.trim_end(), right.trim_start());
    let mut spliced = String::with_capacity(paragraph.len() + text.len() + 2);
    spliced.push_str(left);
    if !left.is_empty() {
        spliced.push(' ');
    }
    spliced.push_str(text);
    if !right.is_empty() {
        if !right.starts_with([',', '.', ';', ':', '!', '?', ')', ']']) {
            spliced.push(' ');
        }
        spliced.push_str(right);
    }
    spliced
}

/// `current` (paragraphs separated by a blank line) with `removal` put back
/// where it stood in `wire_body`, the cleaned text it was removed from. A
/// passage cut from inside a paragraph goes back inside it at its offset
/// while that paragraph is as the wire had it; if the desk has changed the
/// paragraph, it goes in as a paragraph of its own after it. A passage of
/// its own goes between the paragraphs it stood between.
pub fn restore_in_place(removal: &Removal, wire_body: &str, current: &str) -> String {
    let text = folded(&removal.text);
    let alignment = Alignment::new(wire_body, current);
    let mut result: Vec<String> = alignment.current.iter().map(|p| p.to_string()).collect();
    let own_paragraph_at = match removal.within {
        Some(offset) if removal.position < alignment.wire.len() => {
            match alignment.counterpart(removal.position) {
                Some((at, true)) => {
                    result[at] = splice(&result[at], offset, &text);
                    return result.join("\n\n");
                }
                Some((at, false)) => at + 1,
                None => alignment.insertion_point(removal.position + 1),
            }
        }
        _ => alignment.insertion_point(removal.position),
    };
    result.insert(own_paragraph_at.min(result.len()), text);
    result.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn removal(text: &str, position: usize, within: Option<usize>) -> Removal {
        Removal {
            rule: "test".into(),
            text: text.into(),
            position,
            within,
            detail: None,
        }
    }

    const WIRE: &str = "Lead paragraph.\n\nSecond paragraph.\n\nThird paragraph.";

    #[test]
    fn a_line_goes_back_between_the_paragraphs_it_stood_between() {
        let put_back =
            |position| restore_in_place(&removal("Share this", position, None), WIRE, WIRE);
        assert_eq!(
            put_back(0),
            "Share this\n\nLead paragraph.\n\nSecond paragraph.\n\nThird paragraph."
        );
        assert_eq!(
            put_back(2),
            "Lead paragraph.\n\nSecond paragraph.\n\nShare this\n\nThird paragraph."
        );
        assert_eq!(
            put_back(3),
            "Lead paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n\nShare this"
        );
        // A position past the end is clamped.
        assert_eq!(put_back(9), put_back(3));
    }

    #[test]
    fn the_anchors_are_found_in_edited_text() {
        // The desk added a paragraph on top and rewrote the third.
        let current =
            "A new top.\n\nLead paragraph.\n\nSecond paragraph.\n\nThird, rewritten by the desk.";
        assert_eq!(
            restore_in_place(&removal("Caption", 2, None), WIRE, current),
            "A new top.\n\nLead paragraph.\n\nSecond paragraph.\n\nCaption\n\nThird, rewritten by the desk."
        );
        // The paragraph before it is gone: the one after it anchors.
        let current = "Lead paragraph.\n\nThird paragraph.";
        assert_eq!(
            restore_in_place(&removal("Caption", 2, None), WIRE, current),
            "Lead paragraph.\n\nCaption\n\nThird paragraph."
        );
        // Both gone: after the nearest earlier paragraph still there.
        let current = "Lead paragraph.";
        assert_eq!(
            restore_in_place(&removal("Caption", 2, None), WIRE, current),
            "Lead paragraph.\n\nCaption"
        );
        // Nothing left of the wire text: where it stood, clamped.
        assert_eq!(
            restore_in_place(&removal("Caption", 2, None), WIRE, "All new."),
            "All new.\n\nCaption"
        );
        assert_eq!(
            restore_in_place(&removal("Caption", 0, None), WIRE, ""),
            "Caption"
        );
    }

    #[test]
    fn an_edited_paragraph_is_known_by_its_words_not_its_place() {
        // The desk put a paragraph on top and rewrote the lead: the diff
        // sees one run of changes, in which the rewritten lead is the
        // paragraph sharing most of the lead's words.
        let wire = "Heavy rain closed 40 roads on Monday.\n\nWarnings were issued.";
        let current = "UPDATE: more rain is forecast.\n\nTorrential rain closed 40 roads on Monday.\n\nWarnings were issued.";
        assert_eq!(
            restore_in_place(&removal("Home | World", 0, None), wire, current),
            "UPDATE: more rain is forecast.\n\nHome | World\n\nTorrential rain closed 40 roads on Monday.\n\nWarnings were issued."
        );
        assert_eq!(
            restore_in_place(&removal("(MW)", 0, Some(37)), wire, current),
            "UPDATE: more rain is forecast.\n\nTorrential rain closed 40 roads on Monday.\n\n(MW)\n\nWarnings were issued."
        );
        assert!(
            shared_words("Heavy rain closed roads.", "Torrential rain closed roads.")
                >= SAME_PARAGRAPH
        );
        assert!(
            shared_words("Heavy rain closed roads.", "UPDATE: more rain is forecast.")
                < SAME_PARAGRAPH
        );
        assert_eq!(shared_words("", ""), 0.0);
    }

    #[test]
    fn a_passage_cut_from_a_paragraph_goes_back_inside_it_at_its_offset() {
        let wire = "Police said on Monday.\n\nA storm hit the coast.";
        let trailing = removal("(ANI)", 0, Some(22));
        assert_eq!(
            restore_in_place(&trailing, wire, wire),
            "Police said on Monday. (ANI)\n\nA storm hit the coast."
        );
        let inside = removal("(Photo: AFP)", 1, Some(7));
        assert_eq!(
            restore_in_place(&inside, wire, wire),
            "Police said on Monday.\n\nA storm (Photo: AFP) hit the coast."
        );
        let leading = removal("WATCH:", 1, Some(0));
        assert_eq!(
            restore_in_place(&leading, wire, wire),
            "Police said on Monday.\n\nWATCH: A storm hit the coast."
        );
        // Punctuation closes up to the passage.
        let before_comma = removal("(AP)", 0, Some(6));
        assert_eq!(
            restore_in_place(
                &before_comma,
                "Police, on Monday, said.",
                "Police, on Monday, said."
            ),
            "Police (AP), on Monday, said."
        );
    }

    #[test]
    fn offsets_count_characters_not_bytes() {
        let wire = "Zoë and Zürich agreed.";
        let inside = removal("[photo]", 0, Some(3));
        assert_eq!(
            restore_in_place(&inside, wire, wire),
            "Zoë [photo] and Zürich agreed."
        );
    }

    #[test]
    fn a_passage_from_an_edited_paragraph_goes_in_after_it() {
        let wire = "Police said on Monday.\n\nA storm hit the coast.";
        let current = "Police said on Monday night.\n\nA storm hit the coast.";
        assert_eq!(
            restore_in_place(&removal("(ANI)", 0, Some(22)), wire, current),
            "Police said on Monday night.\n\n(ANI)\n\nA storm hit the coast."
        );
        // The paragraph is gone altogether: where it stood.
        let current = "A storm hit the coast.";
        assert_eq!(
            restore_in_place(&removal("(ANI)", 0, Some(22)), wire, current),
            "(ANI)\n\nA storm hit the coast."
        );
    }

    #[test]
    fn restored_means_there_more_often_than_in_the_cleaned_copy() {
        let wire = "KYIV (Reuters) - Talks began.\n\nThey ended.";
        let removals = [
            removal("Reuters", 0, None),
            removal("Advertisement", 1, None),
            removal("Advertisement", 2, None),
        ];
        assert_eq!(restored_flags(&removals, wire, wire), [false, false, false]);
        let current = "KYIV (Reuters) - Talks began.\n\nAdvertisement\n\nThey ended.";
        assert_eq!(
            restored_flags(&removals, wire, current),
            [false, true, false]
        );
        let current = "Reuters\n\nKYIV (Reuters) - Talks began.\n\nThey ended.";
        assert_eq!(
            restored_flags(&removals, wire, current),
            [true, false, false]
        );
    }

    #[test]
    fn what_is_put_back_counts_as_restored() {
        let removals = [
            removal("Share this article", 1, None),
            removal("(ANI)", 2, Some(16)),
        ];
        let mut current = WIRE.to_owned();
        for (i, r) in removals.iter().enumerate() {
            assert!(!restored_flags(&removals, WIRE, &current)[i]);
            current = restore_in_place(r, WIRE, &current);
            assert!(restored_flags(&removals, WIRE, &current)[i], "{current}");
        }
        assert_eq!(
            current,
            "Lead paragraph.\n\nShare this article\n\nSecond paragraph.\n\nThird paragraph. (ANI)"
        );
    }
}
