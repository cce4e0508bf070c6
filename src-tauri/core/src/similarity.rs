//! Is this plain-text copy another version of a story already held? Copy
//! without an agency id is matched by its opening: the share of the word
//! trigrams of the shorter opening that the other opening also has.

use std::collections::HashSet;

/// Words of an opening compared: enough for headline and lead paragraphs.
const OPENING_WORDS: usize = 150;

/// Containment at or above which two openings are one story.
pub const SAME_STORY: f64 = 0.3;

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(OPENING_WORDS)
        .map(str::to_lowercase)
        .collect()
}

/// The word trigrams of an opening, hashed, built once per text.
pub struct Opening {
    trigrams: HashSet<u64>,
}

impl Opening {
    pub fn new(text: &str) -> Opening {
        use std::hash::{Hash, Hasher};
        let words = words(text);
        let trigrams = words
            .windows(3)
            .map(|w| {
                let mut hasher = std::collections::hash_map::DefaultHasher::new();
                w.hash(&mut hasher);
                hasher.finish()
            })
            .collect();
        Opening { trigrams }
    }

    /// Containment of the word trigrams of two openings, 0.0 to 1.0.
    pub fn overlap(&self, other: &Opening) -> f64 {
        let smaller = self.trigrams.len().min(other.trigrams.len());
        if smaller < 8 {
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

/// Phrases of an opening to find candidate stories by full-text search:
/// word trigrams from across the lead, made of longer words so that each is
/// selective. A story that shares 30% of its trigrams shares some of these.
pub fn search_phrases(text: &str) -> Vec<String> {
    let words = words(text);
    let lead = &words[..words.len().min(90)];
    let mut phrases: Vec<String> = lead
        .windows(3)
        .filter(|w| w.iter().filter(|w| w.chars().count() >= 4).count() >= 2)
        .map(|w| w.join(" "))
        .collect();
    phrases.dedup();
    let step = (phrases.len() / 6).max(1);
    phrases.into_iter().step_by(step).take(6).collect()
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
    fn search_phrases_are_trigrams_from_across_the_lead() {
        let phrases = search_phrases(LEAD);
        assert!(!phrases.is_empty() && phrases.len() <= 6);
        assert!(phrases.iter().all(|p| p.split(' ').count() == 3));
        assert_eq!(phrases[0], "dockworkers at port");
    }
}
