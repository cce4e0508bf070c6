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

fn trigrams(words: &[String]) -> HashSet<[&str; 3]> {
    words
        .windows(3)
        .map(|w| [w[0].as_str(), w[1].as_str(), w[2].as_str()])
        .collect()
}

/// Containment of the word trigrams of two openings, 0.0 to 1.0.
pub fn opening_overlap(a: &str, b: &str) -> f64 {
    let (wa, wb) = (words(a), words(b));
    let (ta, tb) = (trigrams(&wa), trigrams(&wb));
    let smaller = ta.len().min(tb.len());
    if smaller < 8 {
        return 0.0;
    }
    ta.intersection(&tb).count() as f64 / smaller as f64
}

/// The distinctive words of an opening, to find candidate stories by
/// full-text search: the longest words of its first sentences.
pub fn search_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = words(text).into_iter().take(60).collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    words.dedup();
    words.retain(|w| w.chars().count() >= 5 && !w.chars().all(|c| c.is_ascii_digit()));
    words.truncate(8);
    words
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
    fn search_words_are_long_and_distinctive() {
        let words = search_words(LEAD);
        assert!(words.contains(&"dockworkers".to_owned()));
        assert!(words.iter().all(|w| w.chars().count() >= 5));
        assert!(words.len() <= 8);
    }
}
