//! Is this plain-text copy another version of a story already held? Copy
//! without an agency id is matched by its opening: the share of the word
//! trigrams of the shorter opening that the other opening also has.
//!
//! Candidates are found without reading the library's text: the store keeps
//! a fixed sample of each opening's trigram hashes (those divisible by
//! [`SAMPLE_EVERY`]) and looks them up by hash. Two openings at the
//! [`SAME_STORY`] threshold share about 44 trigrams, so they miss each
//! other's sample with a chance of (7/8)^44, about 0.3%; real updates share
//! far more.

use std::collections::HashSet;

/// Words of an opening compared: enough for headline and lead paragraphs.
const OPENING_WORDS: usize = 150;

/// Containment at or above which two openings are one story.
pub const SAME_STORY: f64 = 0.3;

/// Openings shorter than this many trigrams never match anything.
const MIN_TRIGRAMS: usize = 8;

/// One trigram hash in this many is kept in an opening's sample.
pub const SAMPLE_EVERY: u64 = 8;

/// FNV-1a: a hash that never changes between builds, because samples are
/// stored in the library.
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

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(OPENING_WORDS)
        .map(str::to_lowercase)
        .collect()
}

/// A sampled hash as the opening index stores it (migration 0010): `o`
/// and the hash's 64 bits in hexadecimal, as SQLite's `printf('%x')`
/// writes a negative integer.
pub fn opening_token(hash: i64) -> String {
    format!("o{hash:x}")
}

/// The word trigrams of an opening, hashed, built once per text.
pub struct Opening {
    trigrams: HashSet<u64>,
}

impl Opening {
    pub fn new(text: &str) -> Opening {
        let words = words(text);
        let trigrams = words.windows(3).map(stable_hash).collect();
        Opening { trigrams }
    }

    /// The opening of a story: its headline and the start of its body.
    pub fn of_story(headline: &str, body: &str) -> Opening {
        Opening::new(&format!("{headline}\n{body}"))
    }

    /// The sample of trigram hashes the store keeps and looks up, sorted
    /// (as SQLite integers: the same 64 bits, signed).
    pub fn sample(&self) -> Vec<i64> {
        if self.trigrams.len() < MIN_TRIGRAMS {
            return Vec::new();
        }
        let mut sample: Vec<i64> = self
            .trigrams
            .iter()
            .filter(|h| h.is_multiple_of(SAMPLE_EVERY))
            .map(|h| i64::from_ne_bytes(h.to_ne_bytes()))
            .collect();
        sample.sort_unstable();
        sample
    }

    /// Containment of the word trigrams of two openings, 0.0 to 1.0.
    pub fn overlap(&self, other: &Opening) -> f64 {
        let smaller = self.trigrams.len().min(other.trigrams.len());
        if smaller < MIN_TRIGRAMS {
            return 0.0;
        }
        let (small, large) = if self.trigrams.len() <= other.trigrams.len() {
            (&self.trigrams, &other.trigrams)
        } else {
            (&other.trigrams, &self.trigrams)
        };
        small.intersection(large).count() as f64 / smaller as f64
    }
}

/// Containment of the word trigrams of two openings, 0.0 to 1.0.
pub fn opening_overlap(a: &str, b: &str) -> f64 {
    Opening::new(a).overlap(&Opening::new(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEAD: &str = "Dockworkers at Port Halvard walked off the job on Tuesday, halting the \
        loading of at least 14 vessels in a dispute over a plan to automate three of the port's \
        six berths, the union said.";

    #[test]
    fn a_rewritten_version_overlaps_and_another_story_does_not() {
        let update = format!("UPDATE 1-{LEAD} The stoppage would last 48 hours, it added.");
        assert!(opening_overlap(LEAD, &update) >= SAME_STORY);
        let other = "The central bank raised its main interest rate by 50 basis points on \
            Wednesday, its fourth increase this year, and said inflation was near its peak.";
        assert!(opening_overlap(LEAD, other) < SAME_STORY);
    }

    #[test]
    fn short_texts_never_match() {
        assert_eq!(opening_overlap("Storm hits", "Storm hits"), 0.0);
    }

    #[test]
    fn the_sample_is_stable_and_shared_by_versions_of_a_story() {
        let lead = Opening::new(LEAD);
        let sample = lead.sample();
        assert_eq!(sample, Opening::new(LEAD).sample());
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
