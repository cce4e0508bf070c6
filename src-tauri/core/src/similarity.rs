//! Is this plain-text copy another version of a story already held? Copy
//! without an agency id is matched by its opening (headline and the start
//! of the body): two openings are one story when they *largely agree both
//! ways*, with the headline and the dateline weighed.
//!
//! - **Both directions.** The share of the new opening's word trigrams that
//!   the held one has, and the share of the held opening's that the new one
//!   has: both must reach [`SAME_STORY`]. One direction is not enough: a
//!   story that repeats one brief of a news digest is wholly inside the
//!   digest, but the digest is mostly other stories.
//! - **Aligned.** Each opening is cut to the length of the shorter one (and
//!   [`ALIGN_SLACK`] words more, for a byline or a caption left at the top),
//!   so a short first take is compared with the start of its longer
//!   writethrough, not with all of it; and a brief that stands in the middle
//!   of a digest is compared with the digest's first items, which it is not.
//! - **Headline and dateline weighed.** Evidence against a link raises the
//!   bar to [`SAME_STORY_CONTRADICTED`]: headlines that share no word (both
//!   headlines real, see [`Opening::headline_is_real`]), datelines that name
//!   different places, one copy a digest of several stories (item headlines,
//!   each followed by its text) and the other not, or one copy's headline
//!   standing as a paragraph of the other's body (a digest holding the story
//!   as one of its items). Agreeing
//!   headlines are not evidence for a link: the next story on a running event
//!   has them too.
//!
//! Candidates are found without reading the library's text: the store keeps
//! a fixed sample of each opening's trigram hashes (those divisible by
//! [`SAMPLE_EVERY`]) and looks them up by hash. Two openings at the
//! [`SAME_STORY`] threshold share about 30 trigrams, so they miss each
//! other's sample with a chance of (7/8)^30, about 2%; real updates share
//! far more.

use std::collections::HashSet;

/// Words of an opening compared: enough for headline and lead paragraphs.
pub const OPENING_WORDS: usize = 150;

/// Containment, in both directions, at or above which two aligned
/// openings are one story. Over the shared corpus, copies of one agency
/// story agree at 0.22 and above, different stories at 0.11 and below.
pub const SAME_STORY: f64 = 0.2;

/// The containment needed, in both directions, when the headlines or the
/// datelines say the copies are different stories.
pub const SAME_STORY_CONTRADICTED: f64 = 0.5;

/// Words an opening may run past the shorter one's length when the two are
/// aligned: a byline, a dateline line or a caption left at the top.
pub const ALIGN_SLACK: usize = 20;

/// Openings shorter than this many trigrams never match anything.
const MIN_TRIGRAMS: usize = 8;

/// One trigram hash in this many is kept in an opening's sample.
pub const SAMPLE_EVERY: u64 = 8;

/// Headline words compared by their first letters, so that "soldier" and
/// "soldiers", "Afghan" and "Afghanistan" agree.
const KEY_CHARS: usize = 5;

/// A headline needs this many key words to be weighed at all.
const MIN_HEADLINE_KEYS: usize = 3;

/// Words that say nothing about what a headline is about.
const STOP_WORDS: &[&str] = &[
    "the", "and", "for", "with", "from", "that", "this", "are", "was", "were", "has", "have",
    "had", "its", "his", "her", "their", "after", "over", "into", "says", "said", "say", "not",
    "but", "new", "will", "who", "how", "what", "why", "amid", "about", "more", "than", "out",
    "off", "all", "can", "may", "could", "would", "been", "being", "our", "your", "you", "they",
    "them", "she", "him", "one", "two", "per", "via", "upd", "update", "news",
];

fn words(text: &str, limit: usize) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(limit)
        .map(str::to_lowercase)
        .collect()
}

/// A word's key for comparing headlines, or `None` for a word that says
/// nothing (short, or a stop word): its first [`KEY_CHARS`] characters.
fn key(word: &str) -> Option<&str> {
    if word.chars().nth(2).is_none() || STOP_WORDS.contains(&word) {
        return None;
    }
    Some(match word.char_indices().nth(KEY_CHARS) {
        Some((at, _)) => &word[..at],
        None => word,
    })
}

/// A sampled hash as the opening index stores it (migration 0010): `o`
/// and the hash's 64 bits in hexadecimal, as SQLite's `printf('%x')`
/// writes a negative integer.
pub fn opening_token(hash: i64) -> String {
    format!("o{hash:x}")
}

/// The places a dateline names, lower-cased: "ISTANBUL/ANKARA" names two,
/// "KABUL, Afghanistan" one.
fn places(dateline: &str) -> HashSet<String> {
    dateline
        .split('/')
        .filter_map(|part| {
            let place: String = part
                .split(',')
                .next()
                .unwrap_or_default()
                .chars()
                .filter(|c| c.is_alphanumeric() || c.is_whitespace())
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            (!place.is_empty()).then_some(place)
        })
        .collect()
}

/// The words of a short paragraph, normalised, to compare with a headline.
fn folded(text: &str) -> String {
    words(text, usize::MAX).join(" ")
}

/// Short paragraphs of a body (where a digest's item headlines stand).
const HEADLINE_LINE_WORDS: usize = 25;

/// Characters of a body read for its shape: as much as the store reads of a
/// held story's opening.
pub const OPENING_CHARS: usize = 2000;

/// A paragraph shaped like an item's headline in a digest: a few words, no
/// sentence end, starting with a capital or a figure.
fn is_item_headline(paragraph: &str) -> bool {
    let words = paragraph.split_whitespace().count();
    let end = paragraph.trim_end_matches(['"', '”', '’', '\'', ')', ' ']);
    (3..=16).contains(&words)
        && !end.ends_with(['.', '!', '?', ':', ';', ','])
        && paragraph
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// A paragraph that reads as an item's text: a sentence or more.
fn is_item_text(paragraph: &str) -> bool {
    paragraph.split_whitespace().count() >= 20
        && paragraph
            .trim_end()
            .ends_with(['.', '!', '?', '"', '”', '’'])
}

/// Whether a body is a digest of several stories: two or more item
/// headlines, each followed by its text. (The body's first paragraph may be
/// the first item's text, its headline taken as the copy's.)
fn is_digest(paragraphs: &[&str]) -> bool {
    paragraphs
        .windows(2)
        .filter(|pair| is_item_headline(pair[0]) && is_item_text(pair[1]))
        .count()
        >= 2
}

/// The opening of a story, built once per text: its word trigrams in text
/// order, its headline's key words and its dateline's places. Its shape
/// (short paragraphs, digest or not) is read only when it is compared.
pub struct Opening {
    /// Trigram hashes in text order (a trigram that comes again, again).
    trigrams: Vec<u64>,
    /// Every trigram of the opening.
    all: HashSet<u64>,
    headline: String,
    headline_keys: HashSet<String>,
    /// Whether the headline may be weighed: see [`Opening::headline_is_real`].
    headline_real: bool,
    places: HashSet<String>,
    /// The first [`OPENING_CHARS`] characters of the body.
    body: String,
    shape: std::cell::OnceCell<Shape>,
}

/// What a body's opening looks like, for telling a digest from a story.
struct Shape {
    /// The body's short paragraphs after the first, folded.
    short_paragraphs: HashSet<String>,
    /// Whether the body is a digest of several stories.
    digest: bool,
}

impl Shape {
    fn of(body: &str) -> Shape {
        let paragraphs: Vec<&str> = body.split("\n\n").collect();
        let short_paragraphs = paragraphs
            .iter()
            .skip(1)
            .filter(|p| p.split_whitespace().count() <= HEADLINE_LINE_WORDS)
            .map(|p| folded(p))
            .filter(|p| !p.is_empty())
            .collect();
        Shape {
            short_paragraphs,
            digest: is_digest(&paragraphs),
        }
    }
}

/// The words of an opening, lower-cased into one buffer: the first
/// `limit` words of each text in turn, as `words` would give them (the
/// same lower-casing, so the same hashes).
struct Words {
    text: String,
    spans: Vec<(usize, usize)>,
}

impl Words {
    fn new() -> Words {
        Words {
            text: String::with_capacity(1024),
            spans: Vec::with_capacity(OPENING_WORDS),
        }
    }

    /// Adds the words of `source` until there are `limit` in all.
    fn add(&mut self, source: &str, limit: usize) {
        for word in source
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            if self.spans.len() >= limit {
                return;
            }
            let start = self.text.len();
            if word.is_ascii() {
                self.text
                    .extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            } else {
                self.text.push_str(&word.to_lowercase());
            }
            self.spans.push((start, self.text.len()));
        }
    }

    fn word(&self, at: usize) -> &str {
        let (start, end) = self.spans[at];
        &self.text[start..end]
    }

    /// FNV-1a of words `at`, `at + 1` and `at + 2` joined by spaces: the
    /// same value as [`stable_hash`] of them.
    fn trigram_hash(&self, at: usize) -> u64 {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for i in 0..3 {
            let separator: &[u8] = if i == 0 { b"" } else { b" " };
            for byte in separator.iter().chain(self.word(at + i).as_bytes()) {
                hash ^= u64::from(*byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        hash
    }
}

impl Opening {
    /// The opening of a text with no headline or dateline of its own.
    pub fn new(text: &str) -> Opening {
        Opening::build("", text, None, true)
    }

    /// The opening of a story: its headline and the start of its body.
    pub fn of_story(headline: &str, body: &str) -> Opening {
        Opening::build(headline, body, None, false)
    }

    /// The opening of a story, with its dateline and whether its headline
    /// was derived from the lead (the copy had none), so both can be
    /// weighed.
    pub fn of_copy(
        headline: &str,
        body: &str,
        dateline: Option<&str>,
        headline_derived: bool,
    ) -> Opening {
        Opening::build(headline, body, dateline, headline_derived)
    }

    fn build(headline: &str, body: &str, dateline: Option<&str>, derived: bool) -> Opening {
        // The same words as `format!("{headline}\n{body}")` gives: stored
        // samples stay valid.
        let mut words = Words::new();
        words.add(headline, OPENING_WORDS);
        let in_headline = words.spans.len();
        words.add(body, OPENING_WORDS);
        let trigrams: Vec<u64> = (0..words.spans.len().saturating_sub(2))
            .map(|at| words.trigram_hash(at))
            .collect();
        let all = trigrams.iter().copied().collect();
        let headline_keys: HashSet<String> = (0..in_headline)
            .filter_map(|at| key(words.word(at)).map(str::to_owned))
            .collect();
        let body_keys: HashSet<&str> = (in_headline..words.spans.len())
            .filter_map(|at| key(words.word(at)))
            .collect();
        let in_body = headline_keys
            .iter()
            .filter(|k| body_keys.contains(k.as_str()))
            .count();
        let headline_real = !derived
            && headline_keys.len() >= MIN_HEADLINE_KEYS
            && 2 * in_body >= headline_keys.len();
        let opening = match body.char_indices().nth(OPENING_CHARS) {
            Some((at, _)) => &body[..at],
            None => body,
        };
        Opening {
            trigrams,
            all,
            headline: folded(headline),
            headline_keys,
            headline_real,
            places: dateline.map(places).unwrap_or_default(),
            body: opening.to_owned(),
            shape: std::cell::OnceCell::new(),
        }
    }

    fn shape(&self) -> &Shape {
        self.shape.get_or_init(|| Shape::of(&self.body))
    }

    /// Whether the headline says what the story is about, so that it may
    /// count against a link: a headline of its own (not made from the lead),
    /// with at least three words that mean something, half of which the
    /// body's opening uses. A section label or a site's name left on top by
    /// the cleaner ("Technology", "Skip to main content") is not weighed.
    pub fn headline_is_real(&self) -> bool {
        self.headline_real
    }

    /// The sample of trigram hashes the store keeps and looks up, sorted
    /// (as SQLite integers: the same 64 bits, signed).
    pub fn sample(&self) -> Vec<i64> {
        if self.all.len() < MIN_TRIGRAMS {
            return Vec::new();
        }
        let mut sample: Vec<i64> = self
            .all
            .iter()
            .filter(|h| h.is_multiple_of(SAMPLE_EVERY))
            .map(|h| i64::from_ne_bytes(h.to_ne_bytes()))
            .collect();
        sample.sort_unstable();
        sample
    }

    /// Containment of the word trigrams of two openings, 0.0 to 1.0: the
    /// share of the smaller set the larger one has (one direction only;
    /// [`Opening::agreement`] decides links).
    pub fn overlap(&self, other: &Opening) -> f64 {
        let smaller = self.all.len().min(other.all.len());
        if smaller < MIN_TRIGRAMS {
            return 0.0;
        }
        let (small, large) = if self.all.len() <= other.all.len() {
            (&self.all, &other.all)
        } else {
            (&other.all, &self.all)
        };
        small.intersection(large).count() as f64 / smaller as f64
    }

    /// The trigrams of the first `words` words.
    fn window(&self, words: usize) -> HashSet<u64> {
        let take = words.saturating_sub(2).min(self.trigrams.len());
        self.trigrams[..take].iter().copied().collect()
    }

    /// How far two openings agree, and what their headlines and datelines say.
    pub fn agreement(&self, other: &Opening) -> Agreement {
        let aligned = self.trigrams.len().min(other.trigrams.len()) + 2 + ALIGN_SLACK;
        let (mine, theirs) = (self.window(aligned), other.window(aligned));
        let (forward, backward) = if mine.len().min(theirs.len()) < MIN_TRIGRAMS {
            (0.0, 0.0)
        } else {
            let shared = mine.intersection(&theirs).count() as f64;
            (shared / mine.len() as f64, shared / theirs.len() as f64)
        };
        let headlines = if self.headline_real && other.headline_real {
            if self.headline_keys.is_disjoint(&other.headline_keys) {
                Evidence::Against
            } else {
                Evidence::For
            }
        } else {
            Evidence::None
        };
        let datelines = if self.places.is_empty() || other.places.is_empty() {
            Evidence::None
        } else if self.places.is_disjoint(&other.places) {
            Evidence::Against
        } else {
            Evidence::For
        };
        let holds = |a: &Opening, b: &Opening| {
            !b.headline.is_empty() && a.shape().short_paragraphs.contains(&b.headline)
        };
        let one_holds_the_other = self.shape().digest != other.shape().digest
            || (self.headline != other.headline && (holds(self, other) || holds(other, self)));
        Agreement {
            forward,
            backward,
            headlines,
            datelines,
            one_holds_the_other,
        }
    }
}

/// What a signal says about two copies being one story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    For,
    Against,
    /// Nothing to weigh (a headline made from the lead, no dateline).
    None,
}

/// How far two openings agree ([`Opening::agreement`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Agreement {
    /// The share of this opening's trigrams (aligned) the other has.
    pub forward: f64,
    /// The share of the other opening's trigrams (aligned) this one has.
    pub backward: f64,
    /// Whether real headlines share a key word.
    pub headlines: Evidence,
    /// Whether the datelines name the same place.
    pub datelines: Evidence,
    /// One copy is a digest of several stories and the other is not (its
    /// body has item headlines, each followed by the item's text), or one
    /// copy's headline stands as a paragraph of the other's body: a digest
    /// that carries the story as one of its items.
    pub one_holds_the_other: bool,
}

impl Agreement {
    /// The lesser of the two containments.
    pub fn both_ways(&self) -> f64 {
        self.forward.min(self.backward)
    }

    /// Whether headlines, datelines or a digest's shape say these are
    /// different stories.
    pub fn contradicted(&self) -> bool {
        self.headlines == Evidence::Against
            || self.datelines == Evidence::Against
            || self.one_holds_the_other
    }

    /// The containment both ways that these two copies need to be one story.
    pub fn threshold(&self) -> f64 {
        if self.contradicted() {
            SAME_STORY_CONTRADICTED
        } else {
            SAME_STORY
        }
    }

    /// Whether the two copies are versions of one story.
    pub fn same_story(&self) -> bool {
        self.both_ways() >= self.threshold()
    }
}

/// Containment of the word trigrams of two openings, 0.0 to 1.0 (the
/// smaller in the larger, one direction).
pub fn opening_overlap(a: &str, b: &str) -> f64 {
    Opening::new(a).overlap(&Opening::new(b))
}

/// Whether two stories (headline, body) are versions of one story.
pub fn same_story(a: (&str, &str), b: (&str, &str)) -> bool {
    Opening::of_story(a.0, a.1)
        .agreement(&Opening::of_story(b.0, b.1))
        .same_story()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// FNV-1a of words joined by spaces: how samples were first computed,
    /// the reference [`Words::trigram_hash`] must keep to (samples are stored).
    fn stable_hash(words: &[String]) -> u64 {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for (i, word) in words.iter().enumerate() {
            let separator: &[u8] = if i == 0 { b"" } else { b" " };
            for byte in separator.iter().chain(word.as_bytes()) {
                hash ^= u64::from(*byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        hash
    }

    #[test]
    fn the_trigram_hashes_are_those_of_the_words_of_headline_and_body_as_one_text() {
        for (headline, body) in [
            ("Port strike", LEAD),
            (
                "ΟΔΥΣΣΕΑΣ στο λιμάνι",
                "Ο ΟΔΥΣΣΕΑΣ ΣΑΣ έφτασε. Σήμερα, ΣΤΑΣΙΣ στο Πειραιά.",
            ),
            (
                "Straße in Zürich gesperrt",
                "İstanbul'da KIŞ; Ǆemal Ünal 4,000 ŞEHİR",
            ),
            ("", "a b"),
        ] {
            let text = format!("{headline}\n{body}");
            let expected: Vec<u64> = words(&text, OPENING_WORDS)
                .windows(3)
                .map(stable_hash)
                .collect();
            assert_eq!(
                Opening::of_story(headline, body).trigrams,
                expected,
                "{text}"
            );
        }
    }

    const LEAD: &str = "Dockworkers at Port Halvard walked off the job on Tuesday, halting the \
        loading of at least 14 vessels in a dispute over a plan to automate three of the port's \
        six berths, the union said.";

    #[test]
    fn a_rewritten_version_overlaps_and_another_story_does_not() {
        let update = format!("UPDATE 1-{LEAD} The stoppage would last 48 hours, it added.");
        assert!(Opening::new(LEAD)
            .agreement(&Opening::new(&update))
            .same_story());
        let other = "The central bank raised its main interest rate by 50 basis points on \
            Wednesday, its fourth increase this year, and said inflation was near its peak.";
        assert!(opening_overlap(LEAD, other) < SAME_STORY);
        assert!(!Opening::new(LEAD)
            .agreement(&Opening::new(other))
            .same_story());
    }

    #[test]
    fn short_texts_never_match() {
        assert_eq!(opening_overlap("Storm hits", "Storm hits"), 0.0);
        assert!(!same_story(("Storm hits", ""), ("Storm hits", "")));
    }

    /// A digest of five briefs, each headline on its own line.
    const BRIEFS: [(&str, &str); 5] = [
        (
            "Dockworkers strike at Port Halvard over automation plan",
            "Dockworkers at Port Halvard walked off the job on Tuesday, halting the loading of at \
             least 14 vessels in a dispute over a plan to automate three of the port's six berths, \
             the union said. The port authority said talks would resume on Thursday and that \
             ferries to the islands were running to the usual timetable.",
        ),
        (
            "Central bank lifts rates for fourth time this year",
            "The central bank of Veloria raised its main interest rate by 50 basis points on \
             Wednesday, its fourth increase this year, and said inflation was close to its peak. \
             Governor Ilse Marrow told reporters that further rises were possible if fuel prices \
             kept climbing through the winter months.",
        ),
        (
            "Floods cut rail line between Orvan and the coast",
            "Heavy rain flooded the railway between Orvan and the coast on Wednesday, stranding \
             some 2,000 passengers overnight, the rail operator said. Engineers expected the line \
             to reopen by the weekend once the water had drained from two cuttings near Marsby.",
        ),
        (
            "Museum returns looted bronzes to Kesh",
            "The National Museum handed back 31 bronze heads taken from the kingdom of Kesh in \
             1897, in a ceremony attended by the culture minister on Wednesday. Kesh's envoy called \
             the return a first step and said talks on a further 200 objects would follow.",
        ),
        (
            "Wind farm consortium wins offshore licence",
            "A consortium led by Norvik Energy won the licence for a 1.2-gigawatt wind farm off \
             the Talla coast on Wednesday, the energy ministry said. Construction is due to start \
             in two years and the farm could power some 900,000 homes when complete.",
        ),
    ];

    fn digest() -> (String, String) {
        let mut body = vec!["Following is a summary of current world news briefs.".to_owned()];
        for (headline, text) in BRIEFS {
            body.push(headline.to_owned());
            body.push(text.to_owned());
        }
        ("World News Summary".to_owned(), body.join("\n\n"))
    }

    /// The brief as a story of its own, with more paragraphs after it.
    fn standalone(brief: usize) -> (String, String) {
        let (headline, text) = BRIEFS[brief];
        let body = format!(
            "HALVARD (Meridian Wire) - {text}\n\nThe stoppage came a week after the port's \
             owners said automation would cut costs by a fifth within three years and that no \
             worker would lose a job before the end of the decade.\n\nThe union's leader, Pel \
             Ostrander, said members did not believe the promise and would stay out until the \
             plan was put to a vote of the whole workforce at the port."
        );
        (headline.to_owned(), body)
    }

    #[test]
    fn a_digest_and_one_of_its_briefs_are_not_one_story() {
        let (dh, db) = digest();
        for brief in 0..BRIEFS.len() {
            let (sh, sb) = standalone(brief);
            let agreement = Opening::of_story(&dh, &db).agreement(&Opening::of_story(&sh, &sb));
            assert!(!agreement.same_story(), "brief {brief}: {agreement:?}");
        }
        // The brief that opens the digest shares much of its opening, but
        // the digest holds the story's headline as one of its paragraphs.
        let (sh, sb) = standalone(0);
        let first = Opening::of_story(&dh, &db).agreement(&Opening::of_story(&sh, &sb));
        assert!(first.one_holds_the_other, "{first:?}");
        assert!(first.both_ways() >= SAME_STORY, "{first:?}");
        // The old measure (30% of the smaller opening in the larger) took
        // it for an update of the digest.
        assert!(Opening::of_story(&dh, &db).overlap(&Opening::of_story(&sh, &sb)) >= 0.3);
    }

    #[test]
    fn a_writethrough_with_a_changed_lead_is_one_story() {
        let first = (
            "Dockworkers strike at Port Halvard",
            "HALVARD (Meridian Wire) - Dockworkers at Port Halvard walked off the job on \
             Tuesday in a dispute over automation, the union said.\n\nThe stoppage halted the \
             loading of at least 14 vessels, a port spokeswoman said. Ferries to the islands \
             were running to the usual timetable.\n\nThe union objects to a plan to automate \
             three of the port's six berths, which it says would cost 400 jobs.",
        );
        let writethrough = (
            "Port Halvard strike spreads to rail depot",
            "HALVARD (Meridian Wire) - A strike by dockworkers at Port Halvard spread to the \
             neighbouring rail freight depot on Wednesday, as drivers refused to move containers \
             in sympathy, union officials said.\n\nThe stoppage halted the loading of at least 14 \
             vessels, a port spokeswoman said. Ferries to the islands were running to the usual \
             timetable.\n\nThe union objects to a plan to automate three of the port's six \
             berths, which it says would cost 400 jobs.\n\nTalks are due to resume on Thursday.",
        );
        let a = Opening::of_copy(first.0, first.1, Some("HALVARD"), false);
        let b = Opening::of_copy(writethrough.0, writethrough.1, Some("HALVARD"), false);
        let agreement = a.agreement(&b);
        assert!(agreement.same_story(), "{agreement:?}");
        assert_eq!(agreement.headlines, Evidence::For);
        assert_eq!(agreement.datelines, Evidence::For);
        // From another place, it needs to agree far more.
        let elsewhere = Opening::of_copy(writethrough.0, writethrough.1, Some("MARSBY"), false);
        let against = a.agreement(&elsewhere);
        assert_eq!(against.datelines, Evidence::Against);
        assert_eq!(against.threshold(), SAME_STORY_CONTRADICTED);
        assert_eq!(
            against.same_story(),
            against.both_ways() >= SAME_STORY_CONTRADICTED
        );
    }

    #[test]
    fn a_short_first_take_agrees_with_the_start_of_its_longer_writethrough() {
        let take = "Missiles were a new rail system, state media says";
        let take_body = "The missiles fired on Wednesday were a test of a new railway-borne \
            missile system, state media reported on Thursday, saying they flew 800 km.";
        let long_body = format!(
            "By Pel Ostrander\n\nSEOUL (Meridian Wire) - {take_body}\n\n{}\n\n{}\n\n{}",
            "The launches came hours after the South tested its own submarine-launched \
             missile for the first time, in a show of the rising rivalry between the two \
             neighbours, whose talks stalled two years ago.",
            "Analysts said a rail-borne system would be harder to find and destroy than fixed \
             launch sites, because trains can move between tunnels in the mountainous north \
             and fire from places spy satellites do not watch.",
            "The United Nations Security Council bans the North from testing ballistic \
             missiles, and its members were due to meet behind closed doors in New York on \
             Friday at the request of three governments."
        );
        let agreement = Opening::of_story(take, take_body)
            .agreement(&Opening::of_story("Rail-borne missiles tested", &long_body));
        assert!(agreement.same_story(), "{agreement:?}");
        // Not aligned, the writethrough holds too much else.
        let whole = Opening::of_story(take, take_body);
        let long = Opening::of_story("Rail-borne missiles tested", &long_body);
        let shared = whole.all.intersection(&long.all).count() as f64;
        assert!(shared / (long.all.len() as f64) < SAME_STORY);
    }

    #[test]
    fn only_real_headlines_are_weighed() {
        let body = "Dockworkers at Port Halvard walked off the job on Tuesday, the union said.";
        assert!(Opening::of_story("Port Halvard dockworkers strike", body).headline_is_real());
        assert!(!Opening::of_story("Technology", body).headline_is_real());
        assert!(!Opening::of_story("Skip to main content now", body).headline_is_real());
        assert!(
            !Opening::of_copy("Dockworkers at Port Halvard walked off", body, None, true)
                .headline_is_real()
        );
    }

    #[test]
    fn datelines_name_places() {
        assert_eq!(
            places("KABUL, Afghanistan"),
            HashSet::from(["kabul".to_owned()])
        );
        assert_eq!(places("ISTANBUL/ANKARA").len(), 2);
        assert!(places("").is_empty());
    }

    #[test]
    fn the_sample_is_stable_and_shared_by_versions_of_a_story() {
        let lead = Opening::new(LEAD);
        let sample = lead.sample();
        assert_eq!(sample, Opening::new(LEAD).sample());
        assert_eq!(
            Opening::of_story("Port strike", LEAD).sample(),
            Opening::new(&format!("Port strike\n{LEAD}")).sample(),
            "a story's sample is its headline and body read as one text"
        );
        assert!(sample
            .iter()
            .all(|h| (*h as u64).is_multiple_of(SAMPLE_EVERY)));
        // FNV-1a of a known trigram: stored samples stay valid across builds.
        assert_eq!(
            stable_hash(&["port".into(), "halvard".into(), "walked".into()]),
            0xb0b8_81ec_ef75_5384
        );
        let long = format!("{LEAD} {LEAD} {LEAD}");
        let update = Opening::new(&format!("UPDATE 2-{long}"));
        let shared = Opening::new(&long)
            .sample()
            .iter()
            .filter(|h| update.sample().contains(h))
            .count();
        assert!(shared > 0, "versions share sampled trigrams");
        assert!(Opening::new("Storm hits coast").sample().is_empty());
    }

    #[test]
    fn opening_tokens_are_written_as_sqlite_writes_them_in_migration_0010() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        for hash in [
            0,
            255,
            -1,
            i64::MIN,
            i64::MAX,
            0xb0b8_81ec_ef75_5384_u64 as i64,
        ] {
            let sqlite: String = conn
                .query_row("SELECT 'o' || printf('%x', ?1)", [hash], |row| row.get(0))
                .unwrap();
            assert_eq!(opening_token(hash), sqlite, "{hash}");
        }
        assert_eq!(opening_token(-1), "offffffffffffffff");
    }
}
