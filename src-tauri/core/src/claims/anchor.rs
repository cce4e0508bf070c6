//! Where a claim sits in a story's text. The store and every interface speak
//! Unicode scalar offsets (PRODUCT.md §9); the detector and Rust slicing
//! speak bytes. The conversions live here, and only here, in the core.
//! A claim also keeps a little text before and after it (the W3C Web
//! Annotation text quote selector), to find it again after edits.

/// Characters of context kept on each side of a claim.
pub const CONTEXT_CHARS: usize = 32;

/// The scalar offset of byte offset `byte` (which must be a char boundary).
pub fn scalar_offset(text: &str, byte: usize) -> usize {
    text.get(..byte)
        .map_or_else(|| text.chars().count(), |head| head.chars().count())
}

/// The byte offset of scalar offset `scalar`, if it is inside the text (or
/// its end).
pub fn byte_offset(text: &str, scalar: usize) -> Option<usize> {
    if scalar == 0 {
        return Some(0);
    }
    let mut chars = text.char_indices();
    match chars.nth(scalar) {
        Some((at, _)) => Some(at),
        None if text.chars().count() == scalar => Some(text.len()),
        None => None,
    }
}

/// Up to [`CONTEXT_CHARS`] characters before and after `text[start..end]`.
pub fn quote_context(text: &str, start: usize, end: usize) -> (String, String) {
    let before = text.get(..start).unwrap_or("");
    let after = text.get(end..).unwrap_or("");
    let prefix: String = {
        let mut chars: Vec<char> = before.chars().rev().take(CONTEXT_CHARS).collect();
        chars.reverse();
        chars.into_iter().collect()
    };
    let suffix: String = after.chars().take(CONTEXT_CHARS).collect();
    (prefix, suffix)
}

/// What became of a claim's span when its text was edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Relocation {
    /// The same text, perhaps moved: its byte range in the new text.
    Kept { start: usize, end: usize },
    /// Words inside the claim were edited: its byte range in the new text.
    Changed { start: usize, end: usize },
    /// The claim's text is gone.
    Detached,
}

/// A diff between two texts, made once and used to carry every claim of a
/// story across an edit: words and single other characters are compared
/// (`similar`, Patience), so an edit moves claims by whole words.
pub struct TextMap<'a> {
    old: &'a str,
    new: &'a str,
    /// Byte offset where each token starts, and the text length at the end.
    old_at: Vec<usize>,
    new_at: Vec<usize>,
    /// (equal?, old token range, new token range), in order.
    ops: Vec<(bool, std::ops::Range<usize>, std::ops::Range<usize>)>,
}

/// Tokens: runs of letters and digits, and every other character alone.
fn token_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut in_word = false;
    for (at, c) in text.char_indices() {
        let word = c.is_alphanumeric();
        if !(word && in_word) {
            starts.push(at);
        }
        in_word = word;
    }
    starts.push(text.len());
    starts
}

fn tokens<'t>(text: &'t str, starts: &[usize]) -> Vec<&'t str> {
    starts.windows(2).map(|w| &text[w[0]..w[1]]).collect()
}

/// How far a replacement may be longer than the claim it replaces and
/// still be taken as the claim's new text (a rewritten paragraph is not).
const REPLACEMENT_SLACK: usize = 24;

impl<'a> TextMap<'a> {
    pub fn new(old: &'a str, new: &'a str) -> TextMap<'a> {
        let old_at = token_starts(old);
        let new_at = token_starts(new);
        let (old_tokens, new_tokens) = (tokens(old, &old_at), tokens(new, &new_at));
        let ops = crate::diff::diff_slices(&old_tokens, &new_tokens)
            .into_iter()
            .map(|op| {
                let (tag, old_range, new_range) = op.as_tag_tuple();
                (tag == similar::DiffTag::Equal, old_range, new_range)
            })
            .collect();
        TextMap {
            old,
            new,
            old_at,
            new_at,
            ops,
        }
    }

    /// The token of the old text holding byte `at`.
    fn old_token(&self, at: usize) -> usize {
        match self.old_at.binary_search(&at) {
            Ok(token) => token,
            Err(next) => next.saturating_sub(1),
        }
    }

    /// The op holding old token `token`, by index.
    fn op_of(&self, token: usize) -> Option<usize> {
        self.ops.iter().position(|(_, old, _)| old.contains(&token))
    }

    /// Where byte `at` of the old text (the start of a token or inside one)
    /// is in the new text, when its token is unchanged.
    fn map_equal(&self, at: usize) -> Option<usize> {
        let token = self.old_token(at);
        let (equal, old, new) = &self.ops[self.op_of(token)?];
        equal.then(|| self.new_at[new.start + (token - old.start)] + (at - self.old_at[token]))
    }

    /// Carries the claim `old[start..end]` into the new text. `prefix` and
    /// `suffix` are the text quote context kept with the claim, used when
    /// the diff cannot say where it went.
    ///
    /// A new place is taken only when the claim's own words, or a close
    /// variant of them, sit there (see [`TextMap::holds_claim`]): a
    /// sentence rewritten around a claim detaches it rather than moving it
    /// onto whatever words the diff lined up with it.
    pub fn relocate(&self, start: usize, end: usize, prefix: &str, suffix: &str) -> Relocation {
        let Some(text) = self.old.get(start..end).filter(|t| !t.is_empty()) else {
            return Relocation::Detached;
        };
        let first = self.old_token(start);
        let last = self.old_token(end - 1);
        let (Some(first_op), Some(last_op)) = (self.op_of(first), self.op_of(last)) else {
            return Relocation::Detached;
        };
        let mapped_start = self.map_equal(start);
        let mapped_end = self.map_equal(end - 1).map(|at| at + (end - (end - 1)));
        match (mapped_start, mapped_end) {
            (Some(from), Some(to)) if from < to => {
                let untouched = self.ops[first_op..=last_op]
                    .iter()
                    .all(|(equal, _, _)| *equal);
                if untouched && self.new.get(from..to) == Some(text) {
                    return Relocation::Kept {
                        start: from,
                        end: to,
                    };
                }
                if self.holds_claim(start, end, from, to) {
                    return Relocation::Changed {
                        start: from,
                        end: to,
                    };
                }
            }
            _ => {
                // An end of the claim was edited: the edit that replaced it
                // is its new text, if it is about the claim's size and holds
                // the claim or a close variant of it.
                let from = mapped_start.unwrap_or_else(|| self.new_at[self.ops[first_op].2.start]);
                let to = mapped_end.unwrap_or_else(|| self.new_at[self.ops[last_op].2.end]);
                let replaced = to.saturating_sub(from);
                if from < to && replaced <= 3 * text.len() + REPLACEMENT_SLACK {
                    let (from, to) = trim_range(self.new, from, to);
                    if from < to && self.holds_claim(start, end, from, to) {
                        return Relocation::Changed {
                            start: from,
                            end: to,
                        };
                    }
                }
            }
        }
        // Its text may have moved: found by its quote and context.
        match self.find_quote(text, prefix, suffix) {
            Some(at) => Relocation::Kept {
                start: at,
                end: at + text.len(),
            },
            None => Relocation::Detached,
        }
    }

    /// Whether `new[from..to]` is the claim `old[start..end]` edited, not
    /// other words: either a close variant of it (the same numbers and at
    /// least half its words), or an edit inside the claim while the
    /// sentence around it stayed (the words next to it, up to the
    /// sentence's ends, still beside it), keeping at least half its words
    /// other than numbers ("50 basis points" → "75 basis points").
    fn holds_claim(&self, start: usize, end: usize, from: usize, to: usize) -> bool {
        let (Some(old), Some(new)) = (self.old.get(start..end), self.new.get(from..to)) else {
            return false;
        };
        if new.trim().is_empty() {
            return false;
        }
        variant_of(old, new)
            || (edited_in_place(old, new) && self.context_kept(start, end, from, to))
    }

    /// Whether the words beside the claim in the old text (two on each
    /// side, not past the end of its sentence or paragraph) are beside
    /// `new[from..to]` in the new text.
    fn context_kept(&self, start: usize, end: usize, from: usize, to: usize) -> bool {
        let before = context_before(self.old, start);
        let after = context_after(self.old, end);
        let new_before = &self.new[..from];
        let new_after = &self.new[to..];
        let fits_before = if before.len() == start {
            new_before == before
        } else {
            new_before.ends_with(before)
        };
        let fits_after = if end + after.len() == self.old.len() {
            new_after == after
        } else {
            new_after.starts_with(after)
        };
        fits_before && fits_after
    }

    /// The old text a span of the new text replaced, if the span lies in an
    /// edit that replaced something (not in unchanged or purely added text).
    pub fn replaced_in_old(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let token_at = |at: usize| match self.new_at.binary_search(&at) {
            Ok(token) => token,
            Err(next) => next.saturating_sub(1),
        };
        let (first, last) = (token_at(start), token_at(end.saturating_sub(1)));
        let (equal, old, new) = self.ops.iter().find(|(_, _, new)| new.contains(&first))?;
        (!equal && !old.is_empty() && new.contains(&last))
            .then(|| (self.old_at[old.start], self.old_at[old.end]))
    }

    /// The claim's exact text in the new text where its context still fits
    /// (W3C text quote selector): its whole prefix or its whole suffix must
    /// be there, or at least the part of one inside the claim's sentence
    /// (when that is a few words), so a moved sentence is found and a word
    /// that merely recurs elsewhere is not. The best fit wins, then the
    /// first.
    fn find_quote(&self, text: &str, prefix: &str, suffix: &str) -> Option<usize> {
        find_quote(self.new, text, prefix, suffix)
    }
}

/// Where `text` is in `body` with its context still fitting (see
/// [`TextMap::relocate`]'s last resort): its whole prefix or its whole
/// suffix, or at least the part of one inside the claim's sentence (when
/// that is a few words). The best fit wins, then the first. A byte offset.
pub fn find_quote(body: &str, text: &str, prefix: &str, suffix: &str) -> Option<usize> {
    if text.is_empty() {
        return None;
    }
    let whole = |fits: usize, context: &str| fits > 0 && fits == context.chars().count();
    let sentence_before = sentence_part_before(prefix);
    let sentence_after = sentence_part_after(suffix);
    let in_sentence = |fits: usize, part: usize| part >= MIN_SENTENCE_CONTEXT && fits >= part;
    body.match_indices(text)
        .filter_map(|(at, _)| {
            let before = body[..at].chars().rev();
            let after = body[at + text.len()..].chars();
            let fits_before = before
                .zip(prefix.chars().rev())
                .take_while(|(a, b)| a == b)
                .count();
            let fits_after = after
                .zip(suffix.chars())
                .take_while(|(a, b)| a == b)
                .count();
            (whole(fits_before, prefix)
                || whole(fits_after, suffix)
                || in_sentence(fits_before, sentence_before)
                || in_sentence(fits_after, sentence_after))
            .then_some((at, fits_before + fits_after))
        })
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(at, _)| at)
}

/// The fewest characters of a claim's context inside its sentence that
/// find a moved claim by themselves.
const MIN_SENTENCE_CONTEXT: usize = 12;

/// How many characters at the end of `prefix` are in the claim's sentence
/// (after the end of the sentence before and the space after it).
fn sentence_part_before(prefix: &str) -> usize {
    match prefix.char_indices().rev().find(|(_, c)| ends_sentence(*c)) {
        Some((at, c)) => prefix[at + c.len_utf8()..].trim_start().chars().count(),
        None => prefix.chars().count(),
    }
}

/// How many characters at the start of `suffix` are in the claim's
/// sentence (up to and with its full stop).
fn sentence_part_after(suffix: &str) -> usize {
    match suffix.char_indices().find(|(_, c)| ends_sentence(*c)) {
        Some((at, '\n')) => suffix[..at].chars().count(),
        Some((at, _)) => suffix[..at].chars().count() + 1,
        None => suffix.chars().count(),
    }
}

/// How many words of context on each side of a claim must stay beside it
/// for an edit inside the claim to count as the claim's new text.
const CONTEXT_WORDS: usize = 2;

/// Whether a character ends a sentence or a paragraph.
fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | ';' | '\n')
}

/// The text before byte `at` of `text`: back over [`CONTEXT_WORDS`] words,
/// stopping at (and keeping) the end of the sentence before.
fn context_before(text: &str, at: usize) -> &str {
    let head = &text[..at];
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in head.char_indices().rev() {
        if ends_sentence(c) {
            return &head[i..];
        }
        let word = c.is_alphanumeric();
        if in_word && !word {
            words += 1;
            if words == CONTEXT_WORDS {
                return &head[i + c.len_utf8()..];
            }
        }
        in_word = word;
    }
    head
}

/// The text after byte `at` of `text`: on over [`CONTEXT_WORDS`] words,
/// stopping at (and keeping) the end of the sentence.
fn context_after(text: &str, at: usize) -> &str {
    let tail = &text[at..];
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in tail.char_indices() {
        if ends_sentence(c) {
            return &tail[..i + c.len_utf8()];
        }
        let word = c.is_alphanumeric();
        if in_word && !word {
            words += 1;
            if words == CONTEXT_WORDS {
                return &tail[..i];
            }
        }
        in_word = word;
    }
    tail
}

/// A claim's numbers ("7,000" is 7000; "3.5" stays 3.5) and its other
/// words, lower case, in order.
fn numbers_and_words(text: &str) -> (Vec<String>, Vec<String>) {
    let (mut numbers, mut words) = (Vec::new(), Vec::new());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let mut number = String::new();
            while i < chars.len() {
                let c = chars[i];
                let joins = matches!(c, ',' | '.')
                    && chars.get(i + 1).is_some_and(char::is_ascii_digit)
                    && !number.is_empty();
                if c.is_ascii_digit() {
                    number.push(c);
                } else if joins {
                    if c == '.' {
                        number.push('.');
                    }
                } else {
                    break;
                }
                i += 1;
            }
            numbers.push(number);
        } else if c.is_alphanumeric() {
            let mut word = String::new();
            while i < chars.len() && chars[i].is_alphanumeric() && !chars[i].is_ascii_digit() {
                word.extend(chars[i].to_lowercase());
                i += 1;
            }
            words.push(word);
        } else {
            i += 1;
        }
    }
    (numbers, words)
}

/// How many of `old`'s items are in `new` (each counted once).
fn shared(old: &[String], new: &[String]) -> usize {
    let mut left: Vec<&String> = new.iter().collect();
    old.iter()
        .filter(|item| match left.iter().position(|n| n == item) {
            Some(at) => {
                left.swap_remove(at);
                true
            }
            None => false,
        })
        .count()
}

/// The claim in other words, still the claim: the same numbers, most of
/// its other words, and not more than twice as long (in words).
fn variant_of(old: &str, new: &str) -> bool {
    let (old_numbers, old_words) = numbers_and_words(old);
    let (new_numbers, new_words) = numbers_and_words(new);
    old_numbers == new_numbers
        && (old_numbers.len() + old_words.len()) > 0
        && (old_words.is_empty() || 2 * shared(&old_words, &new_words) > old_words.len())
        && new_numbers.len() + new_words.len() <= 2 * (old_numbers.len() + old_words.len()) + 2
}

/// An edit inside a claim whose sentence stayed: its words other than
/// numbers at least half kept (a claim of one word may become any), and
/// not more than twice as long (in words).
fn edited_in_place(old: &str, new: &str) -> bool {
    let (old_numbers, old_words) = numbers_and_words(old);
    let (new_numbers, new_words) = numbers_and_words(new);
    (old_words.len() <= 1 || 2 * shared(&old_words, &new_words) >= old_words.len())
        && new_numbers.len() + new_words.len() <= 2 * (old_numbers.len() + old_words.len()) + 2
}

/// A range without white space at its ends.
fn trim_range(text: &str, start: usize, end: usize) -> (usize, usize) {
    let inner = &text[start..end];
    let lead = inner.len() - inner.trim_start().len();
    let trail = inner.len() - inner.trim_end().len();
    (start + lead, (end - trail).max(start + lead))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Über 700 “troops” — said Żaneta";

    #[test]
    fn offsets_convert_both_ways_across_multibyte_text() {
        let byte = TEXT.find("700").unwrap();
        assert_eq!(scalar_offset(TEXT, byte), 5);
        assert_eq!(byte_offset(TEXT, 5), Some(byte));
        let end = TEXT.len();
        assert_eq!(byte_offset(TEXT, scalar_offset(TEXT, end)), Some(end));
        assert_eq!(byte_offset(TEXT, 1000), None);
        assert_eq!(byte_offset("", 0), Some(0));
    }

    #[test]
    fn context_is_a_few_characters_each_side() {
        let start = TEXT.find("troops").unwrap();
        let (prefix, suffix) = quote_context(TEXT, start, start + "troops".len());
        assert_eq!(prefix, "Über 700 “");
        assert_eq!(suffix, "” — said Żaneta");
        let long = "x".repeat(100);
        let (prefix, _) = quote_context(&long, 50, 51);
        assert_eq!(prefix.chars().count(), CONTEXT_CHARS);
    }

    #[test]
    fn a_claim_moves_with_edits_around_it() {
        let old = "Officials said 700 troops arrived on Monday.";
        let new = "Officials in the capital said on Tuesday that 700 troops arrived on Monday.";
        let start = old.find("700 troops").unwrap();
        let map = TextMap::new(old, new);
        let at = new.find("700 troops").unwrap();
        assert_eq!(
            map.relocate(start, start + 10, "Officials said ", " arrived on Monday."),
            Relocation::Kept {
                start: at,
                end: at + 10
            }
        );
    }

    #[test]
    fn an_edit_inside_a_claim_changes_it() {
        let old = "Officials said 700 troops arrived on Monday.";
        let new = "Officials said 7,000 troops arrived on Monday.";
        let start = old.find("700 troops").unwrap();
        let relocated = TextMap::new(old, new).relocate(start, start + 10, "said ", " arrived");
        let Relocation::Changed {
            start: from,
            end: to,
        } = relocated
        else {
            panic!("{relocated:?}");
        };
        assert_eq!(&new[from..to], "7,000 troops");
    }

    #[test]
    fn a_deleted_claim_is_detached_and_a_moved_one_is_found_by_its_quote() {
        let old = "The mayor said \"we will rebuild\". Crews worked all night.";
        let gone = "Crews worked all night.";
        let start = old.find("we will rebuild").unwrap();
        let end = start + "we will rebuild".len();
        assert_eq!(
            TextMap::new(old, gone).relocate(start, end, "said \"", "\". Crews"),
            Relocation::Detached
        );
        let moved = "Crews worked all night. The mayor said \"we will rebuild\".";
        let at = moved.find("we will rebuild").unwrap();
        assert_eq!(
            TextMap::new(old, moved).relocate(start, end, "The mayor said \"", "\". Crews"),
            Relocation::Kept {
                start: at,
                end: at + "we will rebuild".len()
            }
        );
    }
}

#[cfg(test)]
mod decisions {
    //! Whether a claim follows an edit or is detached, on made-up copy.
    use super::*;

    const LEAD: &str = "HALVARD (Meridian Wire) - Dockworkers at the port of Halvard walked \
        out on Tuesday, halting the loading of at least 14 vessels bound for the northern \
        isles, the union said.";
    const CRANES: &str = "The stoppage left 3 container cranes idle and stranded about 200 \
        lorries at the gates, a port official said.";
    const TALKS: &str = "Talks with the port authority are due to resume on Friday.";

    fn story(paragraphs: &[&str]) -> String {
        paragraphs.join("\n\n")
    }

    /// Where the claim `claim` of `old` goes in `new`, as text.
    fn carried(old: &str, new: &str, claim: &str) -> Result<String, Relocation> {
        let start = old.find(claim).expect("claim in the old text");
        let end = start + claim.len();
        let (prefix, suffix) = quote_context(old, start, end);
        match TextMap::new(old, new).relocate(start, end, &prefix, &suffix) {
            Relocation::Kept { start, end } | Relocation::Changed { start, end } => {
                Ok(new[start..end].to_owned())
            }
            other => Err(other),
        }
    }

    #[test]
    fn a_rewritten_sentence_detaches_its_claims() {
        let old = story(&[LEAD, CRANES, TALKS]);
        let new = story(&[
            "HALVARD (Meridian Wire) - Port operators in Halvard hired replacement crews on \
             Wednesday as the dockworkers' walkout entered its second day, the union said.",
            "The stoppage left container traffic at a standstill and lorries queuing at the \
             gates, a port official said.",
            TALKS,
        ]);
        for claim in [
            "at least 14 vessels",
            "on Tuesday",
            "3 container cranes",
            "about 200 lorries",
        ] {
            assert_eq!(
                carried(&old, &new, claim),
                Err(Relocation::Detached),
                "{claim}"
            );
        }
        assert_eq!(carried(&old, &new, "on Friday").as_deref(), Ok("on Friday"));
    }

    #[test]
    fn a_sentence_moved_to_another_paragraph_takes_its_claims_along() {
        let old = story(&[LEAD, CRANES, TALKS]);
        let new = story(&[LEAD, &format!("{TALKS} {CRANES}")]);
        for claim in [
            "3 container cranes",
            "about 200 lorries",
            "on Friday",
            "at least 14 vessels",
        ] {
            let start = old.find(claim).unwrap();
            let (prefix, suffix) = quote_context(&old, start, start + claim.len());
            let at = new.find(claim).unwrap();
            assert_eq!(
                TextMap::new(&old, &new).relocate(start, start + claim.len(), &prefix, &suffix),
                Relocation::Kept {
                    start: at,
                    end: at + claim.len()
                },
                "{claim}"
            );
        }
        // A short sentence moved to a paragraph of its own, its neighbours
        // gone: found by the words of its own sentence.
        let old = "Crews worked all night. The council will meet on Friday. Roads stay shut.";
        let new = "Roads stay shut for now.\n\nThe council will meet on Friday.";
        assert_eq!(carried(old, new, "on Friday").as_deref(), Ok("on Friday"));
    }

    #[test]
    fn a_figure_edited_in_its_sentence_is_the_claim_changed() {
        let old = "The central bank raised its main rate by 50 basis points on Thursday.";
        let new = "The central bank raised its main rate by 75 basis points on Thursday.";
        let start = old.find("50 basis points").unwrap();
        let (prefix, suffix) = quote_context(old, start, start + 15);
        let relocated = TextMap::new(old, new).relocate(start, start + 15, &prefix, &suffix);
        let at = new.find("75 basis points").unwrap();
        assert_eq!(
            relocated,
            Relocation::Changed {
                start: at,
                end: at + 15
            }
        );
        // A close variant, the words around it edited too: the same
        // number, most of the words.
        let halting = "Dockworkers walked out, halting the loading of at least 14 vessels \
                       bound for the isles.";
        let stopping = "Dockworkers walked out, stopping at least 14 ships bound for the isles.";
        assert_eq!(
            carried(halting, stopping, "at least 14 vessels").as_deref(),
            Ok("at least 14 ships")
        );
        // Half the words kept, the words around it edited: not the claim.
        let reworded = "The central bank raised its main rate by at least 50 points on Thursday.";
        assert_eq!(
            carried(old, reworded, "50 basis points"),
            Err(Relocation::Detached)
        );
        let reworded = "Its main rate went up by 50 basis points, the central bank said.";
        assert_eq!(
            carried(old, reworded, "50 basis points").as_deref(),
            Ok("50 basis points")
        );
        // The number changed and the sentence rewritten around it: not the
        // claim any more.
        let rewritten = "Markets fell after the bank's 75 point surprise, dealers said.";
        assert_eq!(
            carried(old, rewritten, "50 basis points"),
            Err(Relocation::Detached)
        );
    }

    #[test]
    fn an_added_paragraph_leaves_every_claim_where_it_was() {
        let old = story(&[LEAD, CRANES, TALKS]);
        let added = "A second union said it would join the walkout at 14 other ports on \
                     Friday, halting the loading of at least 30 vessels.";
        let new = story(&[LEAD, CRANES, added, TALKS]);
        let map = TextMap::new(&old, &new);
        let shift = added.len() + 2;
        for claim in [
            "on Tuesday",
            "at least 14 vessels",
            "3 container cranes",
            "about 200 lorries",
            "on Friday",
        ] {
            let start = old.find(claim).unwrap();
            let end = start + claim.len();
            let (prefix, suffix) = quote_context(&old, start, end);
            let moved = if start > old.find(TALKS).unwrap() {
                shift
            } else {
                0
            };
            assert_eq!(
                map.relocate(start, end, &prefix, &suffix),
                Relocation::Kept {
                    start: start + moved,
                    end: end + moved
                },
                "{claim}"
            );
        }
    }

    #[test]
    fn numbers_are_read_whole() {
        let (numbers, words) = numbers_and_words("some 7,000 troops and 3.5% of 12");
        assert_eq!(numbers, ["7000", "3.5", "12"]);
        assert_eq!(words, ["some", "troops", "and", "of"]);
        assert!(variant_of("at least 14 vessels", "at least 14 ships"));
        assert!(!variant_of("on Tuesday", "on Wednesday"));
        assert!(variant_of("14", "14"));
        assert!(!variant_of("at least 14 vessels", "union said,"));
        assert!(!variant_of("3 container cranes", "left"));
    }
}

#[cfg(test)]
mod properties {
    //! Random edits around and inside a claim (PRODUCT.md §6): outside
    //! edits never move it off its text; inside edits always change it.
    //! The words of a story are distinct here; in text that repeats the
    //! same words around a claim ("troops troops troops") a diff cannot
    //! tell which copy an edit touched, and the quote fallback decides.
    use super::*;
    use proptest::prelude::*;

    const WORDS: &[&str] = &[
        "troops",
        "said",
        "the",
        "minister",
        "on",
        "Monday",
        "700",
        "percent",
        "river",
        "flood",
        "élan",
        "Żywiec",
        "council",
        "4,000",
        "vote",
        "“quote”",
        "—",
        "and",
    ];

    /// Word `w`: a news word with a number, so that every `w` is distinct.
    fn word(w: usize) -> String {
        format!("{}{}", WORDS[w % WORDS.len()], w / WORDS.len())
    }

    fn text(words: &[usize]) -> String {
        words.iter().map(|w| word(*w)).collect::<Vec<_>>().join(" ")
    }

    /// Byte range of words `from..to` in `text(words)`.
    fn span(words: &[usize], from: usize, to: usize) -> (usize, usize) {
        let before = text(&words[..from]).len() + usize::from(from > 0);
        (before, before + text(&words[from..to]).len())
    }

    proptest! {
        #[test]
        fn edits_outside_a_claim_never_move_it_off_its_text(
            words in Just((0usize..400).collect::<Vec<_>>()).prop_shuffle().prop_map(|w| w[..60].to_vec()),
            claim_at in 0usize..1000,
            claim_len in 1usize..4,
            edits in prop::collection::vec((0usize..1000, prop::option::of(400usize..800)), 1..6),
        ) {
            let n = words.len();
            let from = 2 + claim_at % (n - 4).max(1);
            let to = (from + claim_len).min(n - 2).max(from + 1);
            let (start, end) = span(&words, from, to);
            let old = text(&words);
            let claim = old[start..end].to_owned();
            // Insert or delete whole words, never next to the claim.
            let mut before: Vec<usize> = words[..from - 1].to_vec();
            let mut after: Vec<usize> = words[to + 1..].to_vec();
            for (at, insert) in edits {
                let side = if at % 2 == 0 { &mut before } else { &mut after };
                let at = at % (side.len() + 1);
                match insert {
                    Some(word) => side.insert(at, word),
                    None if at < side.len() => { side.remove(at); }
                    None => {}
                }
            }
            let mut new_words = before.clone();
            new_words.push(words[from - 1]);
            new_words.extend_from_slice(&words[from..to]);
            new_words.push(words[to]);
            new_words.extend(after);
            let new = text(&new_words);
            let (prefix, suffix) = quote_context(&old, start, end);
            match TextMap::new(&old, &new).relocate(start, end, &prefix, &suffix) {
                Relocation::Kept { start, end } => prop_assert_eq!(&new[start..end], claim.as_str()),
                other => prop_assert!(false, "{other:?} for {claim:?} in {new:?}"),
            }
        }

        #[test]
        fn an_edit_inside_a_claim_always_changes_it(
            words in Just((0usize..400).collect::<Vec<_>>()).prop_shuffle().prop_map(|w| w[..60].to_vec()),
            claim_at in 0usize..1000,
            claim_len in 1usize..4,
            pick in 0usize..1000,
        ) {
            let n = words.len();
            let from = 2 + claim_at % (n - 4).max(1);
            let to = (from + claim_len).min(n - 2).max(from + 1);
            let (start, end) = span(&words, from, to);
            let old = text(&words);
            // Change one letter or digit of the claim.
            let inside: Vec<(usize, char)> = old[start..end]
                .char_indices()
                .filter(|(_, c)| c.is_alphanumeric())
                .map(|(at, c)| (start + at, c))
                .collect();
            prop_assume!(!inside.is_empty());
            let (at, c) = inside[pick % inside.len()];
            let replacement = if c == 'x' { 'y' } else { 'x' };
            let new = format!("{}{}{}", &old[..at], replacement, &old[at + c.len_utf8()..]);
            let (prefix, suffix) = quote_context(&old, start, end);
            let relocated = TextMap::new(&old, &new).relocate(start, end, &prefix, &suffix);
            prop_assert!(
                !matches!(relocated, Relocation::Kept { .. }),
                "{:?} kept after {:?} became {:?}", relocated, &old[start..end], &new
            );
        }
    }
}
