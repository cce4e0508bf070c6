//! Turns what an editor types into the search box into safe FTS5 queries,
//! within limits that keep every search short.
//!
//! Every word becomes a quoted FTS5 string, so punctuation, quotes and FTS5
//! operators in the input can never make the query fail. Words are ANDed;
//! "quoted text" is a phrase; a trailing `*` keeps prefix search; a figure
//! such as `4,000` becomes the phrase of its tokens ("4 000"). Words with
//! Chinese, Japanese or Korean text in them are searched in the CJK index
//! (see cjk.rs): a run as the phrase of its bigrams, a single character as
//! a prefix.
//!
//! The limits: the cost of an FTS5 query grows with its terms, and a prefix
//! term costs a scan of every indexed word that starts with it, once per
//! term (`a* a* a* …`, 200 times over, took a minute and a half on a
//! library of 250 stories). So identical words are counted once ("the the the" is one
//! word), and a search is refused, with a message naming the limit and what
//! was asked, when it has more than [`MAX_QUERY_CHARS`] characters, more
//! than [`MAX_WORDS`] words, more than [`MAX_PREFIX_WORDS`] words ending in
//! `*`, or a word ending in `*` with fewer than [`MIN_PREFIX_CHARS`]
//! characters before it: such a query is answered at once with what is
//! wrong with it. What the limits let through still runs under a time limit
//! (store/search.rs).

use std::collections::HashSet;

use super::cjk;
use crate::{error::Error, Result};

/// The longest search, in characters.
pub const MAX_QUERY_CHARS: usize = 1_000;
/// The most words a search may have, identical words counted once; a CJK
/// run counts as one word for every two characters.
pub const MAX_WORDS: usize = 32;
/// The most prefix words (ending in `*`, or a single CJK character).
pub const MAX_PREFIX_WORDS: usize = 8;
/// The fewest characters before a `*`.
pub const MIN_PREFIX_CHARS: usize = 2;

/// A search, checked and split between the two full-text indexes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    /// The FTS5 query for the main index (`story_search`), if the search
    /// has words outside CJK text.
    pub words: Option<String>,
    /// The FTS5 query for the CJK index (`story_search_cjk`), if the search
    /// has CJK text.
    pub cjk: Option<String>,
    /// The CJK runs asked for, to mark in a snippet.
    pub cjk_runs: Vec<String>,
}

/// Which index a term is looked up in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Index {
    Words,
    Cjk,
}

/// One ANDed term of the query.
struct Term {
    index: Index,
    fts: String,
    /// How many words it counts as.
    words: usize,
    prefix: bool,
}

/// Checks `input` against the limits and builds its queries. `EmptyQuery`
/// when it has no searchable word.
pub fn parse(input: &str) -> Result<SearchQuery> {
    let found = input.chars().count();
    if found > MAX_QUERY_CHARS {
        return Err(Error::SearchTooLong {
            limit: MAX_QUERY_CHARS,
            found,
        });
    }
    let mut terms = Vec::new();
    for (i, chunk) in input.split('"').enumerate() {
        if i % 2 == 1 {
            unit(chunk, chunk, false, &mut terms)?;
        } else {
            for word in chunk.split_whitespace() {
                unit(word, word, word.ends_with('*'), &mut terms)?;
            }
        }
    }
    let mut seen = HashSet::new();
    terms.retain(|t| seen.insert((t.index, t.fts.clone())));
    if terms.is_empty() {
        return Err(Error::EmptyQuery);
    }
    let prefixes = terms.iter().filter(|t| t.prefix).count();
    if prefixes > MAX_PREFIX_WORDS {
        return Err(Error::SearchTooManyPrefixes {
            limit: MAX_PREFIX_WORDS,
            found: prefixes,
        });
    }
    let words: usize = terms.iter().map(|t| t.words).sum();
    if words > MAX_WORDS {
        return Err(Error::SearchTooManyWords {
            limit: MAX_WORDS,
            found: words,
        });
    }
    let joined = |index: Index| {
        let parts: Vec<&str> = terms
            .iter()
            .filter(|t| t.index == index)
            .map(|t| t.fts.as_str())
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    };
    let mut cjk_runs = Vec::new();
    for token in cjk::tokens(input) {
        for (is_cjk, piece) in cjk::pieces(token) {
            if is_cjk && !cjk_runs.iter().any(|r| r == piece) {
                cjk_runs.push(piece.to_owned());
            }
        }
    }
    Ok(SearchQuery {
        words: joined(Index::Words),
        cjk: joined(Index::Cjk),
        cjk_runs,
    })
}

/// The main index's query for `input` alone (no CJK index), or `None` when
/// it has no searchable word: [`parse`] without its limits, for callers that
/// build their own searches.
pub fn fts_query(input: &str) -> Option<String> {
    let mut terms = Vec::new();
    for (i, chunk) in input.split('"').enumerate() {
        if i % 2 == 1 {
            terms.extend(phrase(&cjk::tokens(chunk).collect::<Vec<_>>(), false));
        } else {
            for word in chunk.split_whitespace() {
                let prefix = word.ends_with('*');
                terms.extend(phrase(&cjk::tokens(word).collect::<Vec<_>>(), prefix));
            }
        }
    }
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// Adds the terms of one word or quoted phrase (`text`, typed as `typed`).
/// Its tokens without CJK stay together as phrases for the main index; a
/// token with CJK in it becomes terms of the CJK index, piece by piece.
fn unit(text: &str, typed: &str, prefix: bool, terms: &mut Vec<Term>) -> Result<()> {
    let tokens: Vec<&str> = cjk::tokens(text).collect();
    let mut group: Vec<&str> = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let last_token = i + 1 == tokens.len();
        if !cjk::has_cjk(token) {
            group.push(token);
            continue;
        }
        push_words(&mut group, false, typed, terms)?;
        let pieces = cjk::pieces(token);
        for (j, &(is_cjk, piece)) in pieces.iter().enumerate() {
            let last_piece = last_token && j + 1 == pieces.len();
            if is_cjk {
                terms.push(cjk_run(piece));
            } else {
                let prefix = prefix && last_piece;
                check_prefix(piece, prefix, typed)?;
                terms.push(Term {
                    index: Index::Cjk,
                    fts: quoted(&[piece], prefix),
                    words: 1,
                    prefix,
                });
            }
        }
    }
    push_words(&mut group, prefix, typed, terms)
}

/// The phrase of the main index's tokens gathered in `group`, if any.
fn push_words(
    group: &mut Vec<&str>,
    prefix: bool,
    typed: &str,
    terms: &mut Vec<Term>,
) -> Result<()> {
    if let Some(&last) = group.last() {
        check_prefix(last, prefix, typed)?;
        terms.push(Term {
            index: Index::Words,
            fts: quoted(group, prefix),
            words: group.len(),
            prefix,
        });
    }
    group.clear();
    Ok(())
}

/// A CJK run as a term of the CJK index: the phrase of its bigrams, or a
/// single character as a prefix (it starts a bigram or ends a run).
fn cjk_run(run: &str) -> Term {
    let bigrams = cjk::bigrams(run);
    let chars = run.chars().count();
    if bigrams.is_empty() {
        Term {
            index: Index::Cjk,
            fts: quoted(&[run], true),
            words: 1,
            prefix: true,
        }
    } else {
        Term {
            index: Index::Cjk,
            fts: quoted(&bigrams, false),
            words: chars.div_ceil(2),
            prefix: false,
        }
    }
}

/// Refuses a prefix search on too short a stem: it would scan most of the
/// index's words.
fn check_prefix(stem: &str, prefix: bool, typed: &str) -> Result<()> {
    if prefix && stem.chars().count() < MIN_PREFIX_CHARS {
        return Err(Error::SearchPrefixTooShort {
            word: typed.to_owned(),
            min: MIN_PREFIX_CHARS,
        });
    }
    Ok(())
}

/// Tokens as one quoted FTS5 string (they hold only letters and digits, so
/// no quote can be in them), a prefix if asked.
fn quoted(tokens: &[&str], prefix: bool) -> String {
    let quoted = format!("\"{}\"", tokens.join(" "));
    if prefix {
        quoted + "*"
    } else {
        quoted
    }
}

fn phrase(tokens: &[&str], prefix: bool) -> Option<String> {
    (!tokens.is_empty()).then(|| quoted(tokens, prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(input: &str) -> String {
        parse(input).unwrap().words.unwrap()
    }

    fn cjk(input: &str) -> String {
        parse(input).unwrap().cjk.unwrap()
    }

    fn repeat(word: &str, times: usize) -> String {
        vec![word; times].join(" ")
    }

    #[test]
    fn words_are_quoted_and_anded() {
        assert_eq!(words("Peskov  Kosovo"), r#""Peskov" "Kosovo""#);
        assert_eq!(fts_query("Peskov  Kosovo").unwrap(), r#""Peskov" "Kosovo""#);
    }

    #[test]
    fn phrases_prefixes_and_figures() {
        assert_eq!(
            words(r#""additional troops" nato* 4,000"#),
            r#""additional troops" "nato"* "4 000""#
        );
    }

    #[test]
    fn operators_and_punctuation_are_harmless() {
        assert_eq!(words("AND OR NOT ( ) : ^ -x"), r#""AND" "OR" "NOT" "x""#);
        assert_eq!(words(r#"unbalanced "quote"#), r#""unbalanced" "quote""#);
    }

    #[test]
    fn nothing_searchable() {
        assert!(matches!(parse("  ,. \"\" * "), Err(Error::EmptyQuery)));
        assert_eq!(fts_query("  ,. \"\" * "), None);
    }

    #[test]
    fn identical_words_count_once() {
        assert_eq!(words(&repeat("the", 200)), r#""the""#);
        assert_eq!(words(&repeat("troops*", 40)), r#""troops"*"#);
        // A phrase keeps its repeated words.
        assert_eq!(words(r#""no no no""#), r#""no no no""#);
    }

    #[test]
    fn too_long() {
        let err = parse(&repeat("the", 1000)).unwrap_err();
        assert!(matches!(
            err,
            Error::SearchTooLong {
                limit: 1000,
                found: 3999
            }
        ));
        assert_eq!(
            err.to_string(),
            "a search may be at most 1000 characters long; this one has 3999"
        );
        let err = parse(&repeat("a*", 5000)).unwrap_err();
        assert!(matches!(err, Error::SearchTooLong { found: 14999, .. }));
        assert!(parse(&"x".repeat(1000)).is_ok());
    }

    #[test]
    fn too_many_words() {
        let many: Vec<String> = (0..40).map(|i| format!("word{i}")).collect();
        let err = parse(&many.join(" ")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a search may have at most 32 words; this one has 40"
        );
        assert!(parse(&many[..32].join(" ")).is_ok());
        // A phrase's words count.
        let err = parse(&format!("\"{}\"", many.join(" "))).unwrap_err();
        assert!(matches!(err, Error::SearchTooManyWords { found: 40, .. }));
    }

    #[test]
    fn too_many_prefixes() {
        let many: Vec<String> = (0..9).map(|i| format!("stem{i}*")).collect();
        let err = parse(&many.join(" ")).unwrap_err();
        assert!(matches!(
            err,
            Error::SearchTooManyPrefixes { limit: 8, found: 9 }
        ));
        assert!(err
            .to_string()
            .starts_with("a search may have at most 8 words ending in * "));
        assert!(parse(&many[..8].join(" ")).is_ok());
    }

    #[test]
    fn short_prefixes() {
        for query in [repeat("a*", 50), repeat("a*", 200), "a*".to_owned()] {
            let err = parse(&query).unwrap_err();
            assert_eq!(
                err.to_string(),
                "a word ending in * needs at least 2 letters before the *: “a*” has fewer"
            );
        }
        assert!(matches!(
            parse("4,0*"),
            Err(Error::SearchPrefixTooShort { .. })
        ));
        assert_eq!(words("ab*"), r#""ab"*"#);
        // A lone star is no prefix search.
        assert_eq!(words("troops *"), r#""troops""#);
    }

    #[test]
    fn cjk_runs_are_bigram_phrases() {
        let q = parse("你好世界").unwrap();
        assert_eq!(q.words, None);
        assert_eq!(q.cjk.unwrap(), r#""你好 好世 世界""#);
        assert_eq!(q.cjk_runs, vec!["你好世界".to_owned()]);
        assert_eq!(cjk("你好"), r#""你好""#);
        // A single character: the bigrams starting with it, or a run's end.
        assert_eq!(cjk("界"), r#""界"*"#);
    }

    #[test]
    fn mixed_queries_split_between_the_indexes() {
        let q = parse("Peskov 你好 talks*").unwrap();
        assert_eq!(q.words.unwrap(), r#""Peskov" "talks"*"#);
        assert_eq!(q.cjk.unwrap(), r#""你好""#);
        // Letters written against CJK text go with it.
        let q = parse("在NBA比赛").unwrap();
        assert_eq!(q.words, None);
        assert_eq!(q.cjk.unwrap(), r#""在"* "NBA" "比赛""#);
        // CJK punctuation separates runs.
        assert_eq!(cjk("你好，世界"), r#""你好" "世界""#);
    }

    #[test]
    fn cjk_limits() {
        // Two characters count as a word.
        assert!(parse(&"中".repeat(64)).is_ok());
        assert!(matches!(
            parse(&"中".repeat(66)),
            Err(Error::SearchTooManyWords { found: 33, .. })
        ));
        // Single characters are prefix searches.
        let singles: Vec<&str> = "一 二 三 四 五 六 七 八 九".split(' ').collect();
        assert!(matches!(
            parse(&singles.join(" ")),
            Err(Error::SearchTooManyPrefixes { found: 9, .. })
        ));
    }
}
