//! The same figure reported differently across the library: this story says
//! "4,000 soldiers ... in Kosovo", another held story "3,800 troops in
//! Kosovo". Two figures are about the *same subject* when
//! - their units mean the same thing: the claim's last word, singular,
//!   through a small table of news synonyms (soldiers, troops, servicemen →
//!   troops; killed, dead, deaths → dead; …), and
//! - their sentences name the same place or party: a capitalised word that
//!   does not open the sentence and is not a month, weekday or function
//!   word ("Kosovo", "NATO").
//!
//! and they differ when their numbers differ. Pure: the store finds the
//! candidates, this module decides.

/// A figure of a claim: its number and what it counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub number: f64,
    /// The unit, singular, through the synonym table ("troops", "dead").
    pub unit: String,
}

/// Units that mean the same in news copy, each group by its first name.
const SYNONYMS: &[&[&str]] = &[
    &[
        "troops",
        "troop",
        "soldier",
        "servicemen",
        "serviceman",
        "personnel",
        "forces",
    ],
    &[
        "dead",
        "killed",
        "death",
        "fatalities",
        "fatality",
        "died",
        "lives",
    ],
    &["injured", "wounded", "hurt", "injuries"],
    &[
        "people",
        "person",
        "residents",
        "civilians",
        "civilian",
        "inhabitants",
    ],
    &["refugees", "refugee", "migrants", "migrant", "displaced"],
    &["votes", "vote", "ballots", "ballot"],
    &["seats", "seat"],
    &[
        "jobs",
        "job",
        "workers",
        "worker",
        "employees",
        "employee",
        "staff",
    ],
];

const NUMBER_WORDS: &[(&str, f64)] = &[
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("hundred", 100.0),
    ("dozen", 12.0),
];

const MULTIPLIERS: &[(&str, f64)] = &[
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("million", 1e6),
    ("mln", 1e6),
    ("billion", 1e9),
    ("bln", 1e9),
    ("bn", 1e9),
];

/// A unit word, lower case and singular, named by its synonym group's first
/// word ("soldiers" → "troops", "killed" → "dead").
pub fn singular(word: &str) -> String {
    let word = word.to_lowercase();
    let stem = match word.strip_suffix("ies") {
        Some(stem) => format!("{stem}y"),
        None => word
            .strip_suffix('s')
            .filter(|stem| stem.len() > 2 && !stem.ends_with('s'))
            .unwrap_or(&word)
            .to_owned(),
    };
    SYNONYMS
        .iter()
        .find(|group| group.contains(&word.as_str()) || group.contains(&stem.as_str()))
        .map_or(stem, |group| group[0].to_owned())
}

/// The number a claim's text states: its first figure or number word,
/// times a scale word after it ("1.2 million" is 1,200,000).
pub fn number(text: &str) -> Option<f64> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect();
    for (at, word) in words.iter().enumerate() {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != ',');
        let digits: String = word.chars().filter(|c| *c != ',').collect();
        let value = digits.parse::<f64>().ok().or_else(|| {
            NUMBER_WORDS
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(word))
                .map(|(_, v)| *v)
        });
        if let Some(mut value) = value {
            // "thirty-one", "twenty five".
            let ones = words.get(at + 1).and_then(|next| {
                NUMBER_WORDS[..9]
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case(next))
            });
            if let (true, Some((_, one))) =
                ((20.0..=90.0).contains(&value) && value % 10.0 == 0.0, ones)
            {
                value += one;
            }
            let scale = words
                .get(at + 1)
                .and_then(|next| {
                    MULTIPLIERS
                        .iter()
                        .find(|(name, _)| name.eq_ignore_ascii_case(next))
                })
                .map_or(1.0, |(_, m)| *m);
            return Some(value * scale);
        }
    }
    None
}

/// The unit a claim's text names: its last word, singular, through the
/// synonym table ("some 4,000 soldiers" counts troops); none when the
/// text is a bare figure or ends on a scale word.
pub fn unit(text: &str) -> Option<String> {
    let unit = text
        .split(|c: char| c.is_whitespace() || c == '-')
        .rev()
        .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()))
        .find(|w| !w.is_empty() && w.chars().all(char::is_alphabetic))
        .filter(|w| MULTIPLIERS.iter().all(|(m, _)| !m.eq_ignore_ascii_case(w)))
        .filter(|w| NUMBER_WORDS.iter().all(|(m, _)| !m.eq_ignore_ascii_case(w)))?;
    Some(singular(unit))
}

/// The figure a quantity claim states, from its text ("some 4,000
/// soldiers", "700 additional troops", "four municipalities").
pub fn figure(text: &str) -> Option<Figure> {
    let unit = unit(text)?;
    Some(Figure {
        number: number(text)?,
        unit,
    })
}

/// Capitalised words that are not names (months and weekdays come from the
/// detector's lexicon).
const NOT_NAMES: &[&str] = &[
    "The", "A", "An", "In", "On", "At", "But", "And", "He", "She", "It", "They", "We", "I", "This",
    "That", "Mr", "Mrs", "Ms", "Dr",
];

fn is_name(word: &str) -> bool {
    use super::detect::lexicon::{MONTHS, WEEKDAYS};
    word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().count() > 1
        && !NOT_NAMES.contains(&word)
        && !MONTHS.iter().any(|m| m.eq_ignore_ascii_case(word))
        && !WEEKDAYS.iter().any(|d| d.eq_ignore_ascii_case(word))
}

/// The sentence of `body` around byte range `start..end` (without its final
/// stop). A full stop ends a sentence only before white space, and not in
/// a number ("3.5"), an initial ("J. Lee") or a short abbreviation ("Mr.",
/// "U.S.").
pub fn sentence_around(body: &str, start: usize, end: usize) -> &str {
    let ends_sentence = |at: usize| -> bool {
        let Some(c) = body[at..].chars().next() else {
            return false;
        };
        match c {
            '!' | '?' | '\n' => true,
            '.' => {
                let after = &body[at + 1..];
                let before = &body[..at];
                let next_is_space = after.chars().next().is_none_or(char::is_whitespace);
                let word = before
                    .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"')
                    .next()
                    .unwrap_or("");
                let letters = word.chars().filter(|c| c.is_alphabetic()).count();
                let abbreviation = (1..=2).contains(&letters)
                    && word.chars().next().is_some_and(char::is_uppercase)
                    || word.contains('.');
                next_is_space && !abbreviation
            }
            _ => false,
        }
    };
    let from = body[..start]
        .char_indices()
        .rev()
        .find(|&(at, _)| ends_sentence(at))
        .map_or(0, |(at, c)| at + c.len_utf8());
    let to = body[end..]
        .char_indices()
        .find(|&(at, _)| ends_sentence(end + at))
        .map_or(body.len(), |(at, _)| end + at);
    &body[from..to]
}

/// The names in a sentence: capitalised words that do not open it and are
/// not months, weekdays or function words. Words in parentheses (a
/// dateline's agency credit, "(Meridian Wire)") are not the subject.
pub fn names(sentence: &str) -> Vec<String> {
    let mut outside = String::with_capacity(sentence.len());
    let mut depth = 0usize;
    for c in sentence.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    let mut names: Vec<String> = outside
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .skip(1)
        .filter(|w| is_name(w))
        .map(str::to_owned)
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Whether two figures are about the same subject and say different things.
pub fn differ(a: &Figure, a_names: &[String], b: &Figure, b_names: &[String]) -> bool {
    a.unit == b.unit
        && a_names.iter().any(|n| b_names.contains(n))
        && (a.number - b.number).abs() > f64::EPSILON * a.number.abs().max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_runs_past_decimals_initials_and_abbreviations() {
        let body = "Turnout was 3.5% in 2025, up from 2.1% a year earlier. Mr. Lee of the U.S. embassy said so. Next.";
        let at = body.find("2.1%").unwrap();
        assert_eq!(
            sentence_around(body, at, at + 4),
            "Turnout was 3.5% in 2025, up from 2.1% a year earlier"
        );
        let at = body.find("Lee").unwrap();
        assert_eq!(
            sentence_around(body, at, at + 3),
            " Mr. Lee of the U.S. embassy said so"
        );
        let body = "Ukraine said 700 troops crossed! Others doubt it.";
        assert_eq!(
            sentence_around(body, 13, 16),
            "Ukraine said 700 troops crossed"
        );
    }

    #[test]
    fn figures_are_read_from_claim_text() {
        let f = |t: &str| figure(t).map(|f| (f.number, f.unit));
        assert_eq!(f("some 4,000 soldiers"), Some((4000.0, "troops".into())));
        assert_eq!(f("3,800 troops"), Some((3800.0, "troops".into())));
        assert_eq!(f("700 additional troops"), Some((700.0, "troops".into())));
        assert_eq!(
            f("four Serb-majority municipalities"),
            Some((4.0, "municipality".into()))
        );
        assert_eq!(f("at least 27 killed"), Some((27.0, "dead".into())));
        assert_eq!(
            f("1.2 million people"),
            Some((1_200_000.0, "people".into()))
        );
        assert_eq!(f("troops"), None);
    }

    #[test]
    fn the_same_subject_is_the_same_unit_and_a_shared_name() {
        let body = "NATO said on Friday it would send some 4,000 soldiers to Kosovo. \
                    Talks continue.";
        let at = body.find("some 4,000 soldiers").unwrap();
        let sentence = sentence_around(body, at, at + 19);
        assert_eq!(
            sentence,
            "NATO said on Friday it would send some 4,000 soldiers to Kosovo"
        );
        let here = names(sentence);
        assert_eq!(
            here,
            ["Kosovo"],
            "the opening word and weekdays are not names"
        );
        let other = names("The alliance has 3,800 troops in Kosovo");
        assert_eq!(
            names("SARAJEVO (Meridian Wire) - The force keeps 1,100 troops in Bosnia"),
            ["Bosnia"],
            "the agency credit is not a subject"
        );
        let a = figure("some 4,000 soldiers").unwrap();
        let b = figure("3,800 troops").unwrap();
        assert!(differ(&a, &here, &b, &other));
        assert!(!differ(&a, &here, &a, &other), "the same figure");
        assert!(!differ(
            &a,
            &here,
            &b,
            &names("The army has 3,800 troops in Bosnia")
        ));
        let dead = figure("3,800 killed").unwrap();
        assert!(!differ(&a, &here, &dead, &other), "another unit");
    }
}
