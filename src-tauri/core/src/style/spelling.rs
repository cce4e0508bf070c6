//! Spelling: Hunspell's en_US and en_GB dictionaries, as the system ships
//! them, read by `spellbook` (a pure-Rust Hunspell reader: no C library to
//! build or bundle, and it reads the same .aff/.dic files every Linux
//! desktop and LibreOffice already have). Loaded once per process and
//! dialect.
//!
//! The word pass skips what is not prose: figures, ALL-CAPS abbreviations,
//! web and mail addresses, words in other scripts and the dateline. A
//! capitalised word the dictionary does not know is taken for a name and
//! only flagged when it is one letter from a name on the desk's list or
//! from a dictionary word; lowercase words are spelling, or dialect when
//! the other dialect's dictionary knows them.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use spellbook::Dictionary;

use super::guide::Dialect;
use crate::error::{Error, Result};

/// Folders searched for `en_US.aff` and friends, after `WIREDESK_DICTIONARIES`.
const DICTIONARY_FOLDERS: &[&str] = &[
    "/usr/share/hunspell",
    "/usr/share/myspell/dicts",
    "/usr/share/myspell",
    "/usr/local/share/hunspell",
    "/opt/homebrew/share/hunspell",
    "/Library/Spelling",
];

/// The environment variable naming folders (`:`-separated) that hold the
/// Hunspell dictionaries, searched first.
pub const DICTIONARIES_ENV: &str = "WIREDESK_DICTIONARIES";

fn file_stem(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::EnUs => "en_US",
        Dialect::EnGb => "en_GB",
    }
}

fn package(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::EnUs => "en-us",
        Dialect::EnGb => "en-gb",
    }
}

fn folders() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::env::var_os(DICTIONARIES_ENV)
        .map(|value| std::env::split_paths(&value).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        out.push(Path::new(&home).join("Library/Spelling"));
        out.push(Path::new(&home).join(".local/share/hunspell"));
    }
    out.extend(DICTIONARY_FOLDERS.iter().map(PathBuf::from));
    out
}

/// Where the dialect's dictionary is on this machine.
pub fn dictionary_path(dialect: Dialect) -> Result<PathBuf> {
    let stem = file_stem(dialect);
    let searched = folders();
    searched
        .iter()
        .map(|folder| folder.join(format!("{stem}.aff")))
        .find(|aff| aff.is_file() && aff.with_extension("dic").is_file())
        .ok_or_else(|| Error::DictionaryMissing {
            dialect: dialect.as_str(),
            file: stem,
            package: package(dialect),
            searched: searched
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
        })
}

fn load(dialect: Dialect) -> std::result::Result<Dictionary, String> {
    let aff_path = dictionary_path(dialect).map_err(|err| err.to_string())?;
    let dic_path = aff_path.with_extension("dic");
    let read = |path: &Path| {
        std::fs::read(path)
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .map_err(|err| {
                Error::DictionaryUnreadable {
                    path: path.display().to_string(),
                    problem: err.to_string(),
                }
                .to_string()
            })
    };
    let (aff, dic) = (read(&aff_path)?, read(&dic_path)?);
    Dictionary::new(&aff, &dic).map_err(|err| {
        Error::DictionaryUnreadable {
            path: aff_path.display().to_string(),
            problem: err.to_string(),
        }
        .to_string()
    })
}

/// The dialect's dictionary, loaded on first use (35–50 ms) and kept.
pub fn dictionary(dialect: Dialect) -> Result<&'static Dictionary> {
    static US: OnceLock<std::result::Result<Dictionary, String>> = OnceLock::new();
    static GB: OnceLock<std::result::Result<Dictionary, String>> = OnceLock::new();
    let cell = match dialect {
        Dialect::EnUs => &US,
        Dialect::EnGb => &GB,
    };
    cell.get_or_init(|| load(dialect))
        .as_ref()
        .map_err(|problem| Error::InvalidInput(problem.clone()))
}

/// Suggestions found before, per dialect and word: typing re-checks the
/// same few unknown words every second.
type Remembered = Mutex<HashMap<(Dialect, String), Vec<String>>>;

fn remembered() -> &'static Remembered {
    static CACHE: OnceLock<Remembered> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Every word one edit from `word` (two letters swapped, a letter
/// doubled or undoubled, added, dropped or changed), lower case, most
/// likely first, each once. A change to the first letter comes last:
/// typists rarely get it wrong.
fn one_edit(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut out: Vec<(u8, String)> = Vec::new();
    let letters = 'a'..='z';
    for i in 0..chars.len().saturating_sub(1) {
        let mut swapped = chars.clone();
        swapped.swap(i, i + 1);
        out.push((0, swapped.into_iter().collect()));
    }
    for i in 0..=chars.len() {
        for c in letters.clone() {
            let mut added = chars.clone();
            added.insert(i, c);
            let doubled = (i > 0 && chars[i - 1] == c) || chars.get(i) == Some(&c);
            out.push((if doubled { 0 } else { 2 }, added.into_iter().collect()));
        }
    }
    for i in 0..chars.len() {
        let mut dropped = chars.clone();
        let undoubled = i > 0 && chars[i - 1] == chars[i];
        dropped.remove(i);
        out.push((if undoubled { 0 } else { 2 }, dropped.into_iter().collect()));
    }
    for i in 0..chars.len() {
        for c in letters.clone() {
            if c != chars[i] {
                let vowels = "aeiouy";
                let vowel_for_vowel = vowels.contains(c) && vowels.contains(chars[i]);
                let mut changed = chars.clone();
                changed[i] = c;
                out.push((
                    if vowel_for_vowel { 1 } else { 3 },
                    changed.into_iter().collect(),
                ));
            }
        }
    }
    let first = chars.first().copied();
    out.sort_by_key(|(rank, w)| (w.chars().next() != first, *rank));
    let mut seen = HashSet::new();
    out.into_iter()
        .map(|(_, w)| w)
        .filter(|w| seen.insert(w.clone()))
        .collect()
}

/// Dictionary words one edit from `word` (lower case), at most five.
fn suggestions(dict: &Dictionary, dialect: Dialect, word: &str) -> Vec<String> {
    let key = (dialect, word.to_string());
    if let Ok(cache) = remembered().lock() {
        if let Some(found) = cache.get(&key) {
            return found.clone();
        }
    }
    let mut found: Vec<String> = Vec::new();
    for candidate in one_edit(word) {
        if found.len() == 5 {
            break;
        }
        if !found.contains(&candidate) && dict.check(&candidate) {
            found.push(candidate);
        }
    }
    if let Ok(mut cache) = remembered().lock() {
        if cache.len() > 20_000 {
            cache.clear();
        }
        cache.insert(key, found.clone());
    }
    found
}

/// A word the word pass flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WordFound {
    pub start: usize,
    pub end: usize,
    pub what: WordProblem,
    pub suggestions: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WordProblem {
    Spelling,
    Dialect,
    Name,
}

/// A word of prose in the body: letters with apostrophes or hyphens inside.
pub(crate) struct Word<'a> {
    pub start: usize,
    pub text: &'a str,
}

/// Whether a letter is Latin (the dictionaries' script).
fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c as u32, 0xC0..=0x24F | 0x1E00..=0x1EFF) && c.is_alphabetic()
}

/// The prose words of `body` from byte `from`, each hyphen-joined part on
/// its own, without figures, addresses, ALL-CAPS and other scripts.
pub(crate) fn words(body: &str, from: usize) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    for (at, piece) in chunks(body) {
        let chunk_start = at;
        if at < from {
            continue;
        }
        if piece.contains('@')
            || piece.contains("://")
            || piece.starts_with("www.")
            || piece.starts_with('#')
            || has_inner_dot(piece)
        {
            continue;
        }
        let bytes: Vec<(usize, char)> = piece.char_indices().collect();
        let mut i = 0;
        while i < bytes.len() {
            let (start, c) = bytes[i];
            if !c.is_alphabetic() {
                i += 1;
                continue;
            }
            let mut j = i;
            while j + 1 < bytes.len() {
                let next = bytes[j + 1].1;
                let joins = matches!(next, '\'' | '’')
                    && bytes.get(j + 2).is_some_and(|(_, c)| c.is_alphabetic());
                if next.is_alphabetic() || joins {
                    j += if joins { 2 } else { 1 };
                } else {
                    break;
                }
            }
            let end = bytes.get(j + 1).map_or(piece.len(), |(at, _)| *at);
            let glued_digit = i > 0 && bytes[i - 1].1.is_ascii_digit()
                || bytes.get(j + 1).is_some_and(|(_, c)| c.is_ascii_digit());
            let text = &piece[start..end];
            let skip = glued_digit
                || text.chars().count() < 2
                || !text.chars().all(|c| is_latin(c) || c == '\'' || c == '’')
                || text
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase)
                || text.chars().skip(1).any(char::is_uppercase);
            if !skip {
                out.push(Word {
                    start: chunk_start + start,
                    text,
                });
            }
            i = j + 1;
        }
    }
    out
}

/// A file name or a domain ("002.txt", "reuters.com"): a full stop with a
/// letter or digit on both sides. ("a.m." and "U.S." are read whole.)
fn has_inner_dot(piece: &str) -> bool {
    let chars: Vec<char> = piece.chars().collect();
    chars.windows(3).any(|w| {
        w[1] == '.'
            && w[0].is_alphanumeric()
            && w[2].is_alphanumeric()
            && !(w[0].is_alphabetic() && w[2].is_alphabetic() && chars.len() <= 5)
    }) && !piece.ends_with("a.m.")
        && !piece.ends_with("p.m.")
}

/// White-space separated pieces of `body` with their byte offsets.
fn chunks(body: &str) -> impl Iterator<Item = (usize, &str)> {
    body.split_whitespace().map(move |piece| {
        let at = piece.as_ptr() as usize - body.as_ptr() as usize;
        (at, piece)
    })
}

/// The word as the dictionary wants it: straight apostrophes, no
/// possessive ending.
fn plain_word(text: &str) -> String {
    let straight = text.replace('’', "'");
    for ending in ["'s", "'S"] {
        if let Some(stem) = straight.strip_suffix(ending) {
            return stem.to_string();
        }
    }
    straight
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// How one dialect's spelling of a word becomes the other's.
const DIALECT_SWAPS: &[(&str, &str)] = &[
    ("our", "or"),
    ("or", "our"),
    ("ise", "ize"),
    ("ize", "ise"),
    ("isation", "ization"),
    ("ization", "isation"),
    ("ised", "ized"),
    ("ized", "ised"),
    ("ising", "izing"),
    ("izing", "ising"),
    ("ises", "izes"),
    ("izes", "ises"),
    ("tre", "ter"),
    ("ter", "tre"),
    ("ence", "ense"),
    ("ense", "ence"),
    ("lled", "led"),
    ("led", "lled"),
    ("lling", "ling"),
    ("ling", "lling"),
    ("ogue", "og"),
    ("og", "ogue"),
    ("yse", "yze"),
    ("yze", "yse"),
];

/// Words of the news trade the dictionaries lack, accepted everywhere:
/// agencies written in lower case, and the trade's compounds.
const NEWSROOM_WORDS: &[&str] = &[
    "dpa",
    "drugmaker",
    "drugmakers",
    "automaker",
    "automakers",
    "carmaker",
    "carmakers",
    "chipmaker",
    "chipmakers",
    "policymaker",
    "policymakers",
    "livestream",
    "livestreamed",
    "dateline",
    "datelines",
    "byline",
    "bylines",
    "lede",
    "writethru",
    "standfirst",
];

/// The -ize words that are not -ise words in British spelling.
const IZE_KEPT: &[&str] = &[
    "size", "seize", "prize", "capsize", "baize", "maize", "assize",
];

/// Checks the words of a body against one dialect's dictionary and the
/// desk's list.
pub(crate) struct Speller {
    dialect: Dialect,
    dict: &'static Dictionary,
    other: Option<&'static Dictionary>,
    /// The desk dictionary, lower case.
    desk: HashSet<String>,
    /// British -ise: flag -ize words that have an -ise form.
    ise: bool,
}

impl Speller {
    pub(crate) fn new(dialect: Dialect, desk_words: &[String], ise: bool) -> Result<Speller> {
        Ok(Speller {
            dialect,
            dict: dictionary(dialect)?,
            other: dictionary(dialect.other()).ok(),
            desk: desk_words.iter().map(|w| w.to_lowercase()).collect(),
            ise,
        })
    }

    fn on_desk_list(&self, word: &str) -> bool {
        let lower = word.to_lowercase();
        self.desk.contains(&lower) || NEWSROOM_WORDS.contains(&lower.as_str())
    }

    /// Whether the dictionary or the desk's list knows `word`.
    pub(crate) fn knows(&self, word: &str) -> bool {
        let plain = plain_word(word);
        self.on_desk_list(&plain)
            || self.on_desk_list(word)
            || self.dict.check(&plain)
            || plain.ends_with('s') && self.dict.check(plain.trim_end_matches('\''))
    }

    /// The other dialect's spelling of `word` that this one knows.
    fn dialect_form(&self, word: &str) -> Option<String> {
        let lower = word.to_lowercase();
        DIALECT_SWAPS.iter().find_map(|(from, to)| {
            let at = lower.rfind(from)?;
            let candidate = format!("{}{}{}", &lower[..at], to, &lower[at + from.len()..]);
            self.dict.check(&candidate).then_some(candidate)
        })
    }

    /// The -ise form of a British -ize word.
    fn ise_form(&self, word: &str) -> Option<String> {
        let lower = word.to_lowercase();
        let at = lower.find("iz")?;
        if at < 4 || IZE_KEPT.iter().any(|kept| lower.ends_with(kept)) {
            return None;
        }
        let candidate = format!("{}is{}", &lower[..at], &lower[at + 2..]);
        (self.dict.check(&candidate) && candidate != lower).then_some(candidate)
    }

    /// The words of `body` from byte `from` that the rules asked for flag.
    pub(crate) fn check(
        &self,
        body: &str,
        from: usize,
        spelling: bool,
        names: bool,
        dialect: bool,
    ) -> Vec<WordFound> {
        let mut out = Vec::new();
        let words = words(body, from);
        let mut counts: HashMap<String, usize> = HashMap::new();
        for word in &words {
            *counts.entry(plain_word(word.text)).or_default() += 1;
        }
        for word in words {
            let plain = plain_word(word.text);
            let capital = word.text.chars().next().is_some_and(char::is_uppercase);
            let span = (word.start, word.start + plain.len().min(word.text.len()));
            let keep_case = |w: String| if capital { capitalise(&w) } else { w };
            if self.knows(word.text) {
                if dialect && self.ise && !capital {
                    if let Some(ise) = self.ise_form(&plain) {
                        out.push(WordFound {
                            start: span.0,
                            end: span.1,
                            what: WordProblem::Dialect,
                            suggestions: vec![ise],
                        });
                    }
                }
                continue;
            }
            if let Some(other) = self.other.filter(|other| other.check(&plain)) {
                // Known in the other dialect: a dialect spelling when it is
                // a common word there ("colour"), a name otherwise ("Biden").
                // Flagged only with this dialect's form to offer, and not
                // capitalised inside a sentence: "the Labor Party", "Pearl
                // Harbor" are names.
                let named = capital && !opens_sentence(body, word.start);
                let form = (dialect && !named && other.check(&plain.to_lowercase()))
                    .then(|| self.dialect_form(&plain))
                    .flatten();
                if let Some(form) = form {
                    out.push(WordFound {
                        start: span.0,
                        end: span.1,
                        what: WordProblem::Dialect,
                        suggestions: vec![keep_case(form)],
                    });
                }
                continue;
            }
            if capital {
                // A name the story spells the same way more than once is
                // its own name ("Ghazni" beside the desk's "Ghani"); so is
                // the plural of a desk name ("Hazaras").
                let plural_of_desk = plain
                    .strip_suffix('s')
                    .is_some_and(|stem| self.on_desk_list(stem));
                if !names || plural_of_desk || counts.get(&plain).is_some_and(|n| *n > 1) {
                    continue;
                }
                let lower = plain.to_lowercase();
                let near_desk: Vec<String> = one_edit(&lower)
                    .into_iter()
                    .filter(|candidate| self.desk.contains(candidate))
                    .take(3)
                    .map(|w| capitalise(&w))
                    .collect();
                // One letter from a desk name ("Zelensky" for "Zelenskyy").
                // A name the desk has not met is left alone: agency copy is
                // full of names one letter from a dictionary word
                // ("Blatter", "Ghazni"), and flagging them buries the rest.
                let near = near_desk;
                if !near.is_empty() {
                    out.push(WordFound {
                        start: span.0,
                        end: span.1,
                        what: WordProblem::Name,
                        suggestions: near,
                    });
                }
                continue;
            }
            if spelling {
                out.push(WordFound {
                    start: span.0,
                    end: span.1,
                    what: WordProblem::Spelling,
                    suggestions: suggestions(self.dict, self.dialect, &plain),
                });
            }
        }
        out
    }

    /// The capitalised words of `body` this speller does not know, not
    /// opening a sentence: the names a library teaches the desk's list.
    pub(crate) fn unknown_names(&self, body: &str) -> HashSet<String> {
        let mut out = HashSet::new();
        for word in words(body, 0) {
            let capital = word.text.chars().next().is_some_and(char::is_uppercase);
            if !capital || opens_sentence(body, word.start) {
                continue;
            }
            let plain = plain_word(word.text);
            if plain.chars().count() >= 3 && !self.knows(&plain) {
                out.insert(plain);
            }
        }
        out
    }
}

/// Whether the word at `at` opens a sentence or a paragraph.
fn opens_sentence(body: &str, at: usize) -> bool {
    let before = body[..at].trim_end_matches(|c: char| {
        c == ' ' || c == '"' || c == '“' || c == '\'' || c == '‘' || c == '('
    });
    before.is_empty()
        || before.ends_with(['.', '!', '?', ':', '\n', '—', '–', '-'])
        || body[..at].ends_with("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speller(dialect: Dialect, desk: &[&str], ise: bool) -> Speller {
        let words: Vec<String> = desk.iter().map(|w| w.to_string()).collect();
        Speller::new(dialect, &words, ise).expect("the test machine has en_US and en_GB")
    }

    fn flagged(speller: &Speller, body: &str) -> Vec<(String, WordProblem, Vec<String>)> {
        speller
            .check(body, 0, true, true, true)
            .into_iter()
            .map(|f| (body[f.start..f.end].to_string(), f.what, f.suggestions))
            .collect()
    }

    #[test]
    fn misspellings_are_flagged_with_suggestions() {
        let us = speller(Dialect::EnUs, &[], false);
        let found = flagged(&us, "The ministry will recieve the people's votes.");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "recieve");
        assert_eq!(found[0].1, WordProblem::Spelling);
        assert!(found[0].2.contains(&"receive".to_string()), "{found:?}");
    }

    #[test]
    fn figures_abbreviations_addresses_and_other_scripts_are_not_words() {
        let us = speller(Dialect::EnUs, &[], false);
        let body = "NATO said 5am COVID-19 x@y.org https://a.example/zzq Київ 3rd";
        assert_eq!(flagged(&us, body), vec![]);
    }

    #[test]
    fn unknown_names_pass_unless_one_letter_from_the_desks() {
        let us = speller(Dialect::EnUs, &["Zelenskyy"], false);
        assert_eq!(
            flagged(&us, "Volodymyr Zelenskyy met Qwertzian envoys."),
            vec![]
        );
        assert_eq!(
            flagged(&us, "Zelensky met Zelensky, and Zelenskyys."),
            vec![]
        );
        let found = flagged(&us, "Volodymyr Zelensky spoke.");
        assert_eq!(
            found,
            vec![(
                "Zelensky".to_string(),
                WordProblem::Name,
                vec!["Zelenskyy".to_string()]
            )]
        );
    }

    #[test]
    fn the_other_dialect_is_a_dialect_match_not_a_misspelling() {
        let us = speller(Dialect::EnUs, &[], false);
        assert_eq!(
            flagged(&us, "The colour of the centre."),
            vec![
                (
                    "colour".to_string(),
                    WordProblem::Dialect,
                    vec!["color".to_string()]
                ),
                (
                    "centre".to_string(),
                    WordProblem::Dialect,
                    vec!["center".to_string()]
                ),
            ]
        );
        assert_eq!(
            flagged(&us, "Colour matters, said the Colour Council."),
            vec![(
                "Colour".to_string(),
                WordProblem::Dialect,
                vec!["Color".to_string()]
            )]
        );
        let gb = speller(Dialect::EnGb, &[], true);
        assert_eq!(flagged(&gb, "Votes for the Labor Party fell."), vec![]);
        assert_eq!(
            flagged(&gb, "They organize a prize for the color."),
            vec![
                (
                    "organize".to_string(),
                    WordProblem::Dialect,
                    vec!["organise".to_string()]
                ),
                (
                    "color".to_string(),
                    WordProblem::Dialect,
                    vec!["colour".to_string()]
                ),
            ]
        );
    }

    #[test]
    fn desk_words_are_known_and_possessives_are_their_word() {
        let us = speller(Dialect::EnUs, &["Wiredesk", "zzyzx"], false);
        assert_eq!(flagged(&us, "Wiredesk’s zzyzx and the nation's"), vec![]);
    }

    #[test]
    fn learned_names_are_capitalised_unknown_words_inside_sentences() {
        let us = speller(Dialect::EnUs, &[], false);
        let names = us.unknown_names("Qwertzia said. Officials in Qwertzia and Blorvania met.");
        assert!(
            names.contains("Blorvania") && names.contains("Qwertzia"),
            "{names:?}"
        );
        assert!(!names.contains("Officials"));
    }

    #[test]
    fn a_missing_dictionary_names_the_package() {
        let err = Error::DictionaryMissing {
            dialect: "en-GB",
            file: "en_GB",
            package: "en-gb",
            searched: "/nowhere".into(),
        };
        assert!(err.to_string().contains("hunspell-en-gb"), "{err}");
    }
}
