//! Word-level diffs between two texts (PRODUCT.md §7): Unicode word
//! boundaries, compared with `similar` (Patience, so moved and split
//! paragraphs read as whole runs). The ops rebuild both texts exactly:
//! equal + delete runs give the old text, equal + insert runs the new.
//! Whitespace-only and typography-only changes can be marked cosmetic, so
//! a view can hide them while the ops still rebuild both texts.

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub enum OpKind {
    Equal,
    Insert,
    Delete,
}

/// A run of text that is the same, added or removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct DiffOp {
    pub op: OpKind,
    pub text: String,
    /// Only whitespace or typography differs (hidden by the ignore options).
    // `default` (read by nothing: DiffOp is only written) tells ts-rs the
    // field may be absent: `cosmetic?: boolean`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cosmetic: bool,
}

/// What to treat as no change.
#[derive(Debug, Clone, Copy, Default)]
pub struct DiffOptions {
    /// Runs of white space compare equal whatever they hold.
    pub ignore_whitespace: bool,
    /// Curly and straight quotes, and dash styles, compare equal.
    pub ignore_typography: bool,
}

/// Counts of a diff, for the stats line and history summaries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct DiffStats {
    pub words_added: usize,
    pub words_removed: usize,
    /// Words removed where others were added in their place.
    pub words_changed: usize,
    /// Share of the words of both texts that are added or removed, 0 to 1.
    pub share_changed: f64,
}

fn fold_token(token: &str, options: DiffOptions) -> String {
    if options.ignore_whitespace && token.chars().all(char::is_whitespace) {
        return " ".into();
    }
    if options.ignore_typography {
        return token
            .chars()
            .map(|c| match c {
                '“' | '”' | '„' | '«' | '»' => '"',
                '‘' | '’' | '‚' => '\'',
                '–' | '—' | '‒' | '−' => '-',
                other => other,
            })
            .collect();
    }
    token.to_owned()
}

fn push(ops: &mut Vec<DiffOp>, op: OpKind, text: &str, cosmetic: bool) {
    if text.is_empty() {
        return;
    }
    match ops.last_mut() {
        Some(last) if last.op == op && last.cosmetic == cosmetic => last.text.push_str(text),
        _ => ops.push(DiffOp {
            op,
            text: text.to_owned(),
            cosmetic,
        }),
    }
}

/// How long one comparison may search for the smallest set of changes.
/// Past it, what is left to compare is reported as replaced: still exact
/// (both texts rebuild), only coarser. Ordinary stories take milliseconds;
/// this bounds a pasted book or a 100,000-paragraph edit.
pub const DIFF_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(2);

/// The changes between two token slices (Patience, bounded by
/// [`DIFF_TIME_LIMIT`]): the one diff every comparison in Wiredesk uses
/// (word diffs, claims following an edit, three-way merges).
pub fn diff_slices<T: Eq + std::hash::Hash + Ord>(old: &[T], new: &[T]) -> Vec<similar::DiffOp> {
    let deadline = std::time::Instant::now() + DIFF_TIME_LIMIT;
    similar::capture_diff_slices_deadline(similar::Algorithm::Patience, old, new, Some(deadline))
}

/// The word diff of `old` and `new`.
pub fn diff(old: &str, new: &str, options: DiffOptions) -> Vec<DiffOp> {
    let old_tokens: Vec<&str> = old.split_word_bounds().collect();
    let new_tokens: Vec<&str> = new.split_word_bounds().collect();
    let old_keys: Vec<String> = old_tokens.iter().map(|t| fold_token(t, options)).collect();
    let new_keys: Vec<String> = new_tokens.iter().map(|t| fold_token(t, options)).collect();
    let mut ops = Vec::new();
    for op in diff_slices(&old_keys, &new_keys) {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        match tag {
            similar::DiffTag::Equal => {
                for (o, n) in old_range.zip(new_range) {
                    let (a, b) = (old_tokens[o], new_tokens[n]);
                    if a == b {
                        push(&mut ops, OpKind::Equal, a, false);
                    } else {
                        push(&mut ops, OpKind::Delete, a, true);
                        push(&mut ops, OpKind::Insert, b, true);
                    }
                }
            }
            _ => {
                let removed: String = old_tokens[old_range].concat();
                let added: String = new_tokens[new_range].concat();
                push(&mut ops, OpKind::Delete, &removed, false);
                push(&mut ops, OpKind::Insert, &added, false);
            }
        }
    }
    fold_short_equals(ops)
}

/// Equal text this short between two changes is folded into them, so a
/// reader sees one change instead of several broken by a space or a word
/// ("the [-old-]{+new+} [-red-]{+blue+}" reads as one change).
const SHORT_EQUAL_CHARS: usize = 4;

/// Folds short equal runs between changes into the changes around them
/// (cosmetic runs are left alone). Both texts still rebuild exactly.
fn fold_short_equals(ops: Vec<DiffOp>) -> Vec<DiffOp> {
    let changed = |op: &DiffOp| op.op != OpKind::Equal && !op.cosmetic;
    let mut out: Vec<DiffOp> = Vec::with_capacity(ops.len());
    let mut i = 0;
    while i < ops.len() {
        if !changed(&ops[i]) {
            out.push(ops[i].clone());
            i += 1;
            continue;
        }
        // A group of changes, with the short equal runs between them.
        let (mut deleted, mut inserted) = (String::new(), String::new());
        let mut j = i;
        loop {
            while j < ops.len() && changed(&ops[j]) {
                match ops[j].op {
                    OpKind::Delete => deleted.push_str(&ops[j].text),
                    _ => inserted.push_str(&ops[j].text),
                }
                j += 1;
            }
            let short_gap = j + 1 < ops.len()
                && ops[j].op == OpKind::Equal
                && ops[j].text.chars().count() <= SHORT_EQUAL_CHARS
                && !ops[j].text.contains('\n')
                && changed(&ops[j + 1]);
            if !short_gap {
                break;
            }
            deleted.push_str(&ops[j].text);
            inserted.push_str(&ops[j].text);
            j += 1;
        }
        for (op, text) in [(OpKind::Delete, deleted), (OpKind::Insert, inserted)] {
            if !text.is_empty() {
                out.push(DiffOp {
                    op,
                    text,
                    cosmetic: false,
                });
            }
        }
        i = j;
    }
    out
}

fn word_count(text: &str) -> usize {
    text.unicode_words().count()
}

/// Word counts of a diff; cosmetic runs are not changes.
pub fn stats(ops: &[DiffOp]) -> DiffStats {
    let mut stats = DiffStats::default();
    let mut total = 0;
    let mut pending_removed = 0;
    for op in ops {
        let words = word_count(&op.text);
        match (op.op, op.cosmetic) {
            (OpKind::Equal, _) => {
                total += 2 * words;
                pending_removed = 0;
            }
            (OpKind::Delete, false) => {
                stats.words_removed += words;
                total += words;
                pending_removed = words;
            }
            (OpKind::Insert, false) => {
                stats.words_added += words;
                total += words;
                stats.words_changed += words.min(pending_removed);
                pending_removed = 0;
            }
            (_, true) => total += words,
        }
    }
    let moved = stats.words_added + stats.words_removed;
    stats.share_changed = if total == 0 {
        0.0
    } else {
        moved as f64 / total as f64
    };
    stats
}

/// The old text (`from`) or the new (`to`) rebuilt from the ops.
pub fn rebuild(ops: &[DiffOp], side: OpKind) -> String {
    ops.iter()
        .filter(|op| op.op == OpKind::Equal || op.op == side)
        .map(|op| op.text.as_str())
        .collect()
}

/// Paragraphs side by side: pairs of (old index, new index), `None` where a
/// paragraph has no counterpart. Equal paragraphs pair up; a run of removed
/// paragraphs faces the run added in its place, one by one.
pub fn align_paragraphs(old: &str, new: &str) -> Vec<(Option<usize>, Option<usize>)> {
    let old_paragraphs: Vec<&str> = old.split("\n\n").collect();
    let new_paragraphs: Vec<&str> = new.split("\n\n").collect();
    let mut pairs = Vec::new();
    let ops = diff_slices(&old_paragraphs, &new_paragraphs);
    for op in ops {
        let (_, old_range, new_range) = op.as_tag_tuple();
        let (mut o, mut n) = (old_range.start, new_range.start);
        while o < old_range.end || n < new_range.end {
            pairs.push((
                (o < old_range.end).then_some(o),
                (n < new_range.end).then_some(n),
            ));
            o += 1;
            n += 1;
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_changed_figure_is_one_delete_and_one_insert() {
        let ops = diff(
            "NATO will send 700 troops.",
            "NATO will send 7,000 troops.",
            DiffOptions::default(),
        );
        let kinds: Vec<(OpKind, &str)> = ops.iter().map(|o| (o.op, o.text.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (OpKind::Equal, "NATO will send "),
                (OpKind::Delete, "700"),
                (OpKind::Insert, "7,000"),
                (OpKind::Equal, " troops."),
            ]
        );
        let stats = stats(&ops);
        assert_eq!(
            (stats.words_added, stats.words_removed, stats.words_changed),
            (1, 1, 1)
        );
    }

    #[test]
    fn changes_a_space_apart_read_as_one() {
        let ops = diff(
            "the old red car",
            "the new blue car",
            DiffOptions::default(),
        );
        let kinds: Vec<(OpKind, &str)> = ops.iter().map(|o| (o.op, o.text.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (OpKind::Equal, "the "),
                (OpKind::Delete, "old red"),
                (OpKind::Insert, "new blue"),
                (OpKind::Equal, " car"),
            ]
        );
    }

    #[test]
    fn typography_and_whitespace_changes_can_be_cosmetic() {
        let old = "He said \"no\" - twice.";
        let new = "He  said “no” — twice.";
        let plain = diff(old, new, DiffOptions::default());
        assert!(plain.iter().any(|o| o.op != OpKind::Equal && !o.cosmetic));
        let options = DiffOptions {
            ignore_whitespace: true,
            ignore_typography: true,
        };
        let quiet = diff(old, new, options);
        assert!(
            quiet.iter().all(|o| o.op == OpKind::Equal || o.cosmetic),
            "{quiet:?}"
        );
        assert_eq!(stats(&quiet).words_added, 0);
        assert_eq!(rebuild(&quiet, OpKind::Delete), old);
        assert_eq!(rebuild(&quiet, OpKind::Insert), new);
    }

    #[test]
    fn paragraphs_align_side_by_side() {
        let old = "One.\n\nTwo.\n\nThree.";
        let new = "One.\n\nTwo, rewritten.\n\nThree.\n\nFour.";
        assert_eq!(
            align_paragraphs(old, new),
            [
                (Some(0), Some(0)),
                (Some(1), Some(1)),
                (Some(2), Some(2)),
                (None, Some(3)),
            ]
        );
    }

    proptest! {
        #[test]
        fn the_ops_rebuild_both_texts(
            old in "[a-zA-Z0-9 ,.“”\"'—\\-\n]{0,200}",
            new in "[a-zA-Z0-9 ,.“”\"'—\\-\n]{0,200}",
            ignore_whitespace: bool,
            ignore_typography: bool,
        ) {
            let ops = diff(&old, &new, DiffOptions { ignore_whitespace, ignore_typography });
            prop_assert_eq!(rebuild(&ops, OpKind::Delete), old);
            prop_assert_eq!(rebuild(&ops, OpKind::Insert), new);
            let share = stats(&ops).share_changed;
            prop_assert!((0.0..=1.0).contains(&share));
        }
    }
}
