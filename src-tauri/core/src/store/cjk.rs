//! Words inside Chinese, Japanese and Korean text.
//!
//! FTS5's unicode61 tokenizer, which the main full-text index uses, splits
//! text at spaces and punctuation only, so a run such as 你好世界 is one
//! token and a search for 你好 never finds it. These scripts write words
//! without spaces between them, and finding the words would need a
//! dictionary (a segmenter crate carries megabytes of one, for one language,
//! and still guesses). Wiredesk indexes them as overlapping bigrams instead,
//! as Lucene's CJK analyzer does: every two neighbouring characters of a run
//! are one token (你好 好世 世界), plus the run's last character alone, so
//! that a single character is found too (界). A search for a run is the
//! phrase of its bigrams, which matches the run anywhere inside a longer one;
//! a single character is a prefix search (你*: the bigrams that start with it
//! and the last characters). Bigrams find every word of two or more
//! characters with no dictionary, in any of the three languages, at the cost
//! of some false matches across word boundaries, which ranking puts last.
//!
//! FTS5's own trigram tokenizer was the other candidate. It would need no
//! code here, but it cannot match a query shorter than three characters, and
//! most Chinese words are two; it would also index every text, Latin included,
//! three times over, where bigrams are written only for the CJK runs of the
//! stories that have them.
//!
//! One gap: a Latin word written against CJK text without a space (NBA in
//! 在NBA比赛) is one token with it in the main index, so the word alone is
//! not found there; the CJK index holds it as a piece of its own, and a
//! search that writes it the same way (在NBA比赛, or NBA比赛) finds it.
//!
//! The bigrams are kept in a second, contentless FTS5 table,
//! `story_search_cjk` (migration 0015): a story with no CJK text has no row
//! there, so ingesting Latin-script copy costs one scan of its text for a
//! CJK character and nothing more.

/// Whether `c` is a Han ideograph, kana or a Hangul syllable: a character of
/// a script written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3005..=0x3007        // 々 〆 〇
        | 0x3040..=0x309F      // Hiragana
        | 0x30A0..=0x30FF      // Katakana (with ー)
        | 0x31F0..=0x31FF      // Katakana phonetic extensions
        | 0x3400..=0x4DBF      // CJK unified ideographs extension A
        | 0x4E00..=0x9FFF      // CJK unified ideographs
        | 0xAC00..=0xD7AF      // Hangul syllables
        | 0xF900..=0xFAFF      // CJK compatibility ideographs
        | 0xFF66..=0xFF9F      // Halfwidth katakana
        | 0x20000..=0x323AF // CJK unified ideographs extensions B to H, compatibility supplement
    )
}

/// Whether `text` has any CJK character. ASCII text (most wire copy) is
/// answered from a byte scan.
pub fn has_cjk(text: &str) -> bool {
    !text.is_ascii() && text.chars().any(is_cjk)
}

/// The pieces of a token (a run of letters and digits): its CJK runs and
/// the runs of other letters and digits between them, in order, each with
/// whether it is CJK.
pub fn pieces(token: &str) -> Vec<(bool, &str)> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut current: Option<bool> = None;
    for (i, c) in token.char_indices() {
        let cjk = is_cjk(c);
        match current {
            Some(kind) if kind != cjk => {
                pieces.push((kind, &token[start..i]));
                start = i;
                current = Some(cjk);
            }
            Some(_) => {}
            None => current = Some(cjk),
        }
    }
    if let Some(kind) = current {
        pieces.push((kind, &token[start..]));
    }
    pieces
}

/// The tokens of `text` as FTS5's unicode61 tokenizer splits it, near
/// enough: runs of letters and digits.
pub fn tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
}

/// The text the CJK index holds for `text`, or `None` when it has no CJK
/// character. Each token with CJK in it is written as its pieces: a CJK run
/// as its bigrams and its last character (你好世界 → 你好 好世 世界 界), the
/// letters and digits around it as they are (在NBA比赛 → 在 nba 比赛 赛), so
/// that a word written against CJK text without a space is found too.
pub fn index_text(text: &str) -> Option<String> {
    if !has_cjk(text) {
        return None;
    }
    let mut out = String::new();
    for token in tokens(text).filter(|t| has_cjk(t)) {
        for (cjk, piece) in pieces(token) {
            if cjk {
                push_run(&mut out, piece);
            } else {
                push_word(&mut out, piece);
            }
        }
    }
    Some(out)
}

fn push_word(out: &mut String, word: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(word);
}

/// A CJK run's bigrams, then its last character.
fn push_run(out: &mut String, run: &str) {
    let chars: Vec<(usize, char)> = run.char_indices().collect();
    for pair in chars.windows(2) {
        let (start, _) = pair[0];
        let (second, c) = pair[1];
        push_word(out, &run[start..second + c.len_utf8()]);
    }
    if let Some(&(last, _)) = chars.last() {
        push_word(out, &run[last..]);
    }
}

/// The bigrams of a CJK run of two or more characters, as a search asks for
/// them (no last character alone: the run may go on in the text).
pub fn bigrams(run: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = run.char_indices().collect();
    chars
        .windows(2)
        .map(|pair| &run[pair[0].0..pair[1].0 + pair[1].1.len_utf8()])
        .collect()
}

/// Characters of context before the first match in a snippet.
const SNIPPET_BEFORE: usize = 12;
/// Characters a snippet shows from the first match on.
const SNIPPET_AFTER: usize = 48;

/// A short excerpt of `body` around the first of `marks` (CJK runs a search
/// asked for), every mark in it in [brackets], "…" where text is left out:
/// what FTS5's snippet() gives for the main index, which cannot make one
/// from a contentless table. The opening of the body when no mark is in it
/// (the match was in the headline).
pub fn snippet(body: &str, marks: &[String]) -> String {
    let body_chars: Vec<(usize, char)> = body.char_indices().collect();
    let first = marks
        .iter()
        .filter(|m| !m.is_empty())
        .filter_map(|m| body.find(m.as_str()))
        .min();
    let first_char = first.map_or(0, |byte| body_chars.partition_point(|&(i, _)| i < byte));
    let from = first_char.saturating_sub(SNIPPET_BEFORE);
    let to = (first_char + SNIPPET_AFTER).min(body_chars.len());
    let byte = |char_index: usize| body_chars.get(char_index).map_or(body.len(), |&(i, _)| i);
    let window = &body[byte(from)..byte(to)];
    let mut marks: Vec<&str> = marks
        .iter()
        .map(String::as_str)
        .filter(|m| !m.is_empty())
        .collect();
    marks.sort_by_key(|m| std::cmp::Reverse(m.len()));
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let mut rest = window;
    'text: while !rest.is_empty() {
        for mark in &marks {
            if let Some(after) = rest.strip_prefix(mark) {
                out.push('[');
                out.push_str(mark);
                out.push(']');
                rest = after;
                continue 'text;
            }
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.push(if c == '\n' { ' ' } else { c });
        }
        rest = chars.as_str();
    }
    if to < body_chars.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_bigrams_and_their_last_character() {
        assert_eq!(
            index_text("你好世界。再见").unwrap(),
            "你好 好世 世界 界 再见 见"
        );
        assert_eq!(index_text("中").unwrap(), "中");
    }

    #[test]
    fn latin_text_has_no_cjk_row() {
        assert_eq!(index_text("Troops moved north, officials said."), None);
        assert_eq!(index_text("Café au lait — déjà vu"), None);
    }

    #[test]
    fn words_against_cjk_text_are_kept() {
        assert_eq!(
            index_text("他在NBA比赛 Tokyo 東京").unwrap(),
            "他在 在 NBA 比赛 赛 東京 京"
        );
    }

    #[test]
    fn kana_and_hangul_are_cjk() {
        assert!(has_cjk("カタカナ"));
        assert!(has_cjk("ひらがな"));
        assert!(has_cjk("한국어"));
        assert!(!has_cjk("Ελληνικά русский עברית"));
    }

    #[test]
    fn pieces_split_at_script_changes() {
        assert_eq!(
            pieces("在NBA比赛"),
            vec![(true, "在"), (false, "NBA"), (true, "比赛")]
        );
        assert_eq!(pieces("abc"), vec![(false, "abc")]);
    }

    #[test]
    fn query_bigrams() {
        assert_eq!(bigrams("你好世界"), vec!["你好", "好世", "世界"]);
        assert!(bigrams("你").is_empty());
    }

    #[test]
    fn snippets_mark_the_runs() {
        assert_eq!(
            snippet("他说你好世界。", &["你好".into()]),
            "他说[你好]世界。"
        );
        let long = format!("{}你好{}", "一".repeat(30), "二".repeat(60));
        let s = snippet(&long, &["你好".into()]);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("[你好]"));
        // No mark in the body: its opening.
        assert_eq!(snippet("短い本文", &["東京".into()]), "短い本文");
    }
}
