//! Figures that contradict each other inside one story: the lead updated
//! to "The death toll rose to 120" while a paragraph lower down still says
//! "At least 73 people were killed", or a headline's figure that the body
//! states differently. Pure: a story's text and its figure claims in,
//! contradictions out.
//!
//! Two figures contradict each other when
//! - both are **stated as current**: not a value the sentence gives as the
//!   old one ("up from 73", "rose from 73 to 120", "compared with 73 last
//!   year", "the previous toll of 73"), a change ("rose by 12", "12 more"),
//!   a part ("including 5 children", "12 of them"), a historical figure
//!   ("in 2019", "a year earlier"), or words inside a direct quote;
//! - they measure **the same thing**, of the same kind (quantity or
//!   percentage): the measure is read from the claim and its sentence, in
//!   this order — a casualty word after the figure ("73 people were
//!   killed", "120 dead"), the claim's own unit when it is one ("27
//!   killed", "3,800 troops"), a toll or level before it ("the death toll
//!   rose to 120", "killing 73", "unemployment stood at 5.1%"); a generic
//!   noun ("people", "years") with none of these measures nothing;
//! - they are about the same place and time, as far as the sentences say:
//!   two sentences that each name a place after "in", "at" or "near", or a
//!   weekday, and share none, are about different counts;
//! - their values disagree: different numbers, unless one is a round bound
//!   or estimate the other meets ("more than 100" beside 120, "about 1,000"
//!   beside 980).
//!
//! A figure stated as current in two places with different values is the
//! finding: the desk updated one and left the other.

use super::figures;

/// A figure claim of the story's body: its kind ("quantity",
/// "percentage"), text and byte range.
#[derive(Debug, Clone)]
pub struct FigureClaim<'a> {
    pub kind: &'a str,
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

/// Where a figure is stated: in the body (byte range) or the headline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Body { start: usize, end: usize },
    Headline { start: usize, end: usize },
}

/// Two figures stated as current for the same measure, with different
/// values. `first` is the one earlier in the story (the headline first).
#[derive(Debug, Clone, PartialEq)]
pub struct Contradiction {
    /// What they measure: "dead", "troops", "unemployment".
    pub measure: String,
    pub first: Place,
    pub first_text: String,
    pub second: Place,
    pub second_text: String,
}

/// A figure as the story states it.
#[derive(Debug, Clone)]
struct Stated {
    place: Place,
    text: String,
    kind: String,
    number: f64,
    bound: Option<&'static str>,
    measure: String,
    places: Vec<String>,
    weekdays: Vec<String>,
    /// The byte range of its sentence.
    sentence: Option<(usize, usize)>,
}

/// Contradictions between the figures of a story: `claims` are the body's
/// quantity and percentage claims, `headline_claims` those detected in the
/// headline (byte ranges into `headline`).
pub fn find(
    headline: &str,
    headline_claims: &[FigureClaim],
    body: &str,
    claims: &[FigureClaim],
) -> Vec<Contradiction> {
    let mut stated: Vec<Stated> = Vec::new();
    for claim in headline_claims {
        let place = Place::Headline {
            start: claim.start,
            end: claim.end,
        };
        stated.extend(state(headline, claim, place));
    }
    for claim in claims {
        let place = Place::Body {
            start: claim.start,
            end: claim.end,
        };
        stated.extend(state(body, claim, place));
    }
    // A measure stated with more than two values that disagree is a story
    // counting several things (incidents, districts), not a figure left
    // behind by an update.
    let mut measures: Vec<&str> = stated.iter().map(|s| s.measure.as_str()).collect();
    measures.sort_unstable();
    measures.dedup();
    let several: Vec<String> = measures
        .into_iter()
        .filter(|m| {
            let mut groups: Vec<&Stated> = Vec::new();
            for s in stated.iter().filter(|s| s.measure == *m) {
                if !groups.iter().any(|g| agree(g, s)) {
                    groups.push(s);
                }
            }
            groups.len() > 2
        })
        .map(str::to_owned)
        .collect();
    stated.retain(|s| !several.contains(&s.measure));
    let mut found: Vec<Contradiction> = Vec::new();
    let mut pairs: Vec<(String, f64, f64)> = Vec::new();
    for (i, a) in stated.iter().enumerate() {
        for b in &stated[i + 1..] {
            if a.kind != b.kind || a.measure != b.measure || agree(a, b) || apart(a, b) {
                continue;
            }
            // One finding for each pair of values, at their first statements.
            let (low, high) = (a.number.min(b.number), a.number.max(b.number));
            if pairs
                .iter()
                .any(|(m, l, h)| *m == a.measure && equal(*l, low) && equal(*h, high))
            {
                continue;
            }
            pairs.push((a.measure.clone(), low, high));
            found.push(Contradiction {
                measure: a.measure.clone(),
                first: a.place,
                first_text: a.text.clone(),
                second: b.place,
                second_text: b.text.clone(),
            });
        }
    }
    found
}

fn equal(a: f64, b: f64) -> bool {
    (a - b).abs() <= f64::EPSILON * a.abs().max(b.abs()).max(1.0)
}

/// A round figure: a multiple of ten (of fifty from a thousand up).
fn round(n: f64) -> bool {
    n >= 10.0 && n.fract() == 0.0 && (n % 10.0 == 0.0)
}

/// Whether `a`, a bound or an estimate, is met by `b`'s value.
fn meets(a: &Stated, b: &Stated) -> bool {
    if !round(a.number) {
        return false;
    }
    let (n, m) = (a.number, b.number);
    match a.bound {
        Some(">") => m > n,
        Some(">=") => m >= n,
        Some("<") => m < n,
        Some("<=") => m <= n,
        Some("~") => (m - n).abs() <= 0.1 * n,
        _ => false,
    }
}

/// The two figures say the same: equal values, or a round bound the other meets.
fn agree(a: &Stated, b: &Stated) -> bool {
    equal(a.number, b.number) || meets(a, b) || meets(b, a)
}

/// The sentences put them in different places or on different days, or
/// one is many times the other (a part and the whole: the day's dead
/// beside the war's, not a count updated).
fn apart(a: &Stated, b: &Stated) -> bool {
    let (low, high) = (a.number.min(b.number), a.number.max(b.number));
    if high > 5.0 * low.max(1.0) {
        return true;
    }
    // Two figures of one sentence are stated together on purpose ("of the
    // 120 dead, 73 were in Lima").
    if let (Place::Body { .. }, Place::Body { .. }, Some(x), Some(y)) =
        (a.place, b.place, a.sentence, b.sentence)
    {
        if x == y {
            return true;
        }
    }
    let disjoint = |x: &[String], y: &[String]| {
        !x.is_empty() && !y.is_empty() && !x.iter().any(|w| y.contains(w))
    };
    disjoint(&a.places, &b.places) || disjoint(&a.weekdays, &b.weekdays)
}

/// A word or a mark of a sentence, lower case, with its byte range.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    original: String,
    start: usize,
}

impl Word {
    fn is(&self, word: &str) -> bool {
        self.text == word
    }
    fn is_mark(&self) -> bool {
        !self.text.chars().next().is_some_and(char::is_alphanumeric)
    }
    fn is_number(&self) -> bool {
        self.text.chars().next().is_some_and(|c| c.is_ascii_digit())
    }
}

/// Words (letters and digits, with a figure's separators and a word's
/// apostrophe) and single marks.
fn words(text: &str, offset: usize) -> Vec<Word> {
    let mut found = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_alphanumeric() {
            let mut end = at + c.len_utf8();
            while let Some(&(next_at, next)) = chars.peek() {
                let inside = matches!(next, ',' | '.' | '\'' | '’')
                    && text[next_at + next.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(|after| {
                            if next == ',' || next == '.' {
                                after.is_ascii_digit()
                                    && text[..next_at].ends_with(|p: char| p.is_ascii_digit())
                            } else {
                                after.is_alphabetic()
                            }
                        });
                if next.is_alphanumeric() || inside {
                    end = next_at + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let original = &text[at..end];
            found.push(Word {
                text: original.to_lowercase(),
                original: original.to_owned(),
                start: offset + at,
            });
        } else {
            found.push(Word {
                text: c.to_string(),
                original: c.to_string(),
                start: offset + at,
            });
        }
    }
    found
}

/// Auxiliaries and adverbs between a figure and what it counts ("73
/// people *were reportedly* killed").
const AUXILIARIES: &[&str] = &[
    "were",
    "was",
    "have",
    "has",
    "had",
    "been",
    "are",
    "is",
    "be",
    "reportedly",
    "confirmed",
    "now",
    "so",
    "far",
    "all",
    "also",
    "being",
    "feared",
    "believed",
    "thought",
    "people",
    "persons",
    "others",
];

/// Words that say what a casualty figure counts, by the measure they name.
const CASUALTY_WORDS: &[(&str, &str)] = &[
    ("killed", "dead"),
    ("dead", "dead"),
    ("died", "dead"),
    ("death", "dead"),
    ("deaths", "dead"),
    ("fatalities", "dead"),
    ("lives", "dead"),
    ("injured", "injured"),
    ("wounded", "injured"),
    ("hurt", "injured"),
    ("injuries", "injured"),
    ("missing", "missing"),
    ("arrested", "arrested"),
    ("detained", "arrested"),
    ("evacuated", "evacuated"),
    ("displaced", "displaced"),
    ("homeless", "homeless"),
];

/// Verbs before a figure that say it counts casualties ("killing 73").
const CASUALTY_VERBS: &[(&str, &str)] = &[
    ("killed", "dead"),
    ("killing", "dead"),
    ("kills", "dead"),
    ("kill", "dead"),
    ("claimed", "dead"),
    ("claiming", "dead"),
    ("injuring", "injured"),
    ("injured", "injured"),
    ("injures", "injured"),
    ("wounding", "injured"),
    ("wounded", "injured"),
    ("arresting", "arrested"),
    ("arrested", "arrested"),
    ("detained", "arrested"),
];

/// Verbs and prepositions that set a level ("rose to", "stood at").
const LEVEL_WORDS: &[&str] = &[
    "to",
    "at",
    "reached",
    "reaches",
    "hit",
    "hits",
    "rose",
    "risen",
    "rises",
    "climbed",
    "climbs",
    "jumped",
    "increased",
    "stood",
    "stands",
    "was",
    "is",
    "has",
    "had",
    "now",
    "reaching",
    "rising",
    "climbing",
    "topped",
    "passed",
    "surpassed",
    "exceeded",
    "fell",
    "falls",
    "dropped",
    "declined",
    "of",
    "further",
];

/// Level verbs proper: what makes "X rose to N" a statement of X.
const LEVEL_VERBS: &[&str] = &[
    "reached",
    "reaches",
    "hit",
    "hits",
    "rose",
    "risen",
    "rises",
    "climbed",
    "climbs",
    "jumped",
    "increased",
    "stood",
    "stands",
    "reaching",
    "rising",
    "climbing",
    "topped",
    "surpassed",
    "exceeded",
    "fell",
    "falls",
    "dropped",
    "declined",
];

/// Words in a claim that make its figure a change, not a level ("700
/// additional troops", "12 more bodies").
const CHANGE_WORDS: &[&str] = &[
    "additional",
    "more",
    "extra",
    "new",
    "further",
    "another",
    "other",
];

/// Words that are not a measure's noun before a level verb.
const NOT_NOUNS: &[&str] = &[
    "it", "they", "this", "that", "which", "who", "he", "she", "we", "there", "the", "a", "an",
    "also", "and", "or", "but", "then", "figure", "number", "total", "count", "tally", "estimate",
];

/// Words right before a figure (after its bound) that make it an old value,
/// a change or a part.
const NOT_CURRENT_BEFORE: &[&str] = &[
    "from",
    "than",
    "by",
    "versus",
    "vs",
    "previous",
    "previously",
    "earlier",
    "initial",
    "initially",
    "original",
    "originally",
    "old",
    "prior",
    "another",
    "additional",
    "further",
    "extra",
    "including",
    "included",
    "among",
    "with",
    "only",
    "just",
    "last",
];

/// Parts of a country or region whose count is a part of the whole.
const AREAS: &[&str] = &[
    "district",
    "province",
    "region",
    "village",
    "town",
    "city",
    "area",
    "county",
    "state",
    "neighbourhood",
    "neighborhood",
    "camp",
    "hospital",
];

/// Words right after a figure that make it an old value, a change or a part.
const NOT_CURRENT_AFTER: &[&str] = &[
    "earlier",
    "previously",
    "before",
    "ago",
    "more",
    "additional",
    "other",
    "others",
    "new",
    "extra",
    "of",
    "among",
    "last",
    "fewer",
    "less",
    "higher",
    "lower",
];

/// How the figure of `claim` stands in its sentence, if it is stated as
/// current and measures something.
fn state(text: &str, claim: &FigureClaim, place: Place) -> Option<Stated> {
    if claim.kind != "quantity" && claim.kind != "percentage" {
        return None;
    }
    let number = figures::number(claim.text)?;
    if inside_quote(text, claim.start) {
        return None;
    }
    let sentence = figures::sentence_around(text, claim.start, claim.end);
    let sentence_start = sentence.as_ptr() as usize - text.as_ptr() as usize;
    let all = words(sentence, sentence_start);
    let before: Vec<&Word> = all.iter().filter(|w| w.start < claim.start).collect();
    let after: Vec<&Word> = all.iter().filter(|w| w.start >= claim.end).collect();
    let own: Vec<Word> = words(claim.text, claim.start);
    // The bound the claim opens with ("at least 73"), else one just before it.
    let bound = bound_of(&own).or_else(|| bound_before(&before));
    let before = strip_bound(&before);
    if !current(&before, &after) {
        return None;
    }
    if own.iter().any(|w| CHANGE_WORDS.contains(&w.text.as_str())) {
        return None;
    }
    let measure = measure(claim, &before, &after)?;
    Some(Stated {
        place,
        text: claim.text.to_owned(),
        kind: claim.kind.to_owned(),
        number,
        bound,
        measure,
        places: places(&all),
        sentence: Some((sentence_start, sentence_start + sentence.len())),
        weekdays: all
            .iter()
            .filter(|w| {
                super::detect::lexicon::WEEKDAYS
                    .iter()
                    .any(|d| d.eq_ignore_ascii_case(&w.text))
            })
            .map(|w| w.text.clone())
            .collect(),
    })
}

/// Whether byte `at` of `text` is inside a direct quotation of its paragraph.
fn inside_quote(text: &str, at: usize) -> bool {
    let paragraph_start = text[..at].rfind('\n').map_or(0, |p| p + 1);
    let before = &text[paragraph_start..at];
    let curly_open = before.matches('“').count() > before.matches('”').count();
    let straight_open = before.matches('"').count() % 2 == 1;
    curly_open || straight_open
}

/// The qualifier words the detector reads as bounds, by symbol.
fn bound_words(words: &[&str]) -> Option<&'static str> {
    super::detect::lexicon::QUALIFIERS
        .iter()
        .find(|(phrase, _)| {
            phrase.len() == words.len() && phrase.iter().zip(words).all(|(p, w)| p == w)
        })
        .map(|(_, symbol)| *symbol)
}

fn bound_of(own: &[Word]) -> Option<&'static str> {
    let leading: Vec<&str> = own
        .iter()
        .take_while(|w| !w.is_number() && !w.is_mark())
        .map(|w| w.text.as_str())
        .collect();
    (1..=leading.len())
        .rev()
        .find_map(|n| bound_words(&leading[..n]))
}

fn bound_before(before: &[&Word]) -> Option<&'static str> {
    (1..=3.min(before.len())).rev().find_map(|n| {
        let tail: Vec<&str> = before[before.len() - n..]
            .iter()
            .map(|w| w.text.as_str())
            .collect();
        bound_words(&tail)
    })
}

/// `before` without a bound phrase at its end.
fn strip_bound<'w>(before: &[&'w Word]) -> Vec<&'w Word> {
    for n in (1..=3.min(before.len())).rev() {
        let tail: Vec<&str> = before[before.len() - n..]
            .iter()
            .map(|w| w.text.as_str())
            .collect();
        if bound_words(&tail).is_some() {
            return before[..before.len() - n].to_vec();
        }
    }
    before.to_vec()
}

/// Whether the sentence states the figure as the current one.
fn current(before: &[&Word], after: &[&Word]) -> bool {
    // "up from 73", "compared with 73", "rose by 12", "including 5".
    let near_before = before.iter().rev().take(2);
    for word in near_before {
        if NOT_CURRENT_BEFORE.contains(&word.text.as_str())
            || word.is("compared")
            || word.is("against")
        {
            return false;
        }
    }
    if before.len() >= 2 {
        let pair = (
            &before[before.len() - 2].text,
            &before[before.len() - 1].text,
        );
        if matches!(
            (pair.0.as_str(), pair.1.as_str()),
            ("compared", "with") | ("compared", "to") | ("up", "from") | ("down", "from")
        ) {
            return false;
        }
    }
    // "73 to 120": the first is where it started.
    if after.first().is_some_and(|w| w.is("to"))
        && after
            .get(1)
            .is_some_and(|w| w.is_number() || bound_before(&after[1..2]).is_some())
    {
        return false;
    }
    // "12 people had been killed in her province": a part of the whole.
    if after.windows(3).take(8).any(|w| {
        w[0].is("in")
            && matches!(
                w[1].text.as_str(),
                "his" | "her" | "their" | "its" | "one" | "each" | "neighbouring" | "neighboring"
            )
            && AREAS.contains(&w[2].text.as_str())
    }) {
        return false;
    }
    // "73 more", "12 of them", "73 a year earlier" (within a few words).
    if after
        .first()
        .is_some_and(|w| NOT_CURRENT_AFTER.contains(&w.text.as_str()))
    {
        return false;
    }
    // "73 people were killed last year", "the previous toll was 73":
    // within a few words either side.
    let lower = before
        .iter()
        .rev()
        .take(6)
        .rev()
        .chain(after.iter().take(6))
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let historical = [
        "a year earlier",
        "a year ago",
        "last year",
        "the year before",
        "the previous year",
        "previous toll",
        "earlier toll",
        "initial toll",
        "earlier figure",
        "previous figure",
        "had earlier",
        "earlier reported",
        "had been reported",
        "had said",
        "had reported",
        "last month",
        "last week",
    ];
    if historical.iter().any(|h| lower.contains(h)) {
        return false;
    }
    // "Earlier, officials had said 73 people were killed."
    if before.iter().rev().take(6).any(|w| {
        matches!(
            w.text.as_str(),
            "earlier"
                | "previously"
                | "initially"
                | "originally"
                | "initial"
                | "previous"
                | "prior"
        )
    }) {
        return false;
    }
    // "In 2019, 73 people were killed", "In June, a 6.3 magnitude quake":
    // a year or a month the figure is put in dates it.
    let dated = before.windows(2).chain(after.windows(2)).any(|pair| {
        matches!(pair[0].text.as_str(), "in" | "since" | "during")
            && (pair[1].text.len() == 4
                && pair[1]
                    .text
                    .parse::<u32>()
                    .is_ok_and(|y| (1900..=2100).contains(&y))
                || super::detect::lexicon::MONTHS
                    .iter()
                    .any(|m| m.eq_ignore_ascii_case(&pair[1].text)))
    });
    !dated
}

/// What the figure measures, from the claim and its sentence.
fn measure(claim: &FigureClaim, before: &[&Word], after: &[&Word]) -> Option<String> {
    // Casualties are counted by who they were: "eight assailants were
    // killed" is not the count of "ten people" (civilians, residents and
    // a bare toll count people).
    let who = match figures::unit(claim.text) {
        Some(unit) if !CASUALTY_WORDS.iter().any(|(w, _)| *w == unit) => unit,
        _ => "people".to_owned(),
    };
    let kind = claim.kind;
    // "73 people were killed", "120 dead": a casualty word after the
    // figure and its unit, with nothing but auxiliaries between.
    for word in after.iter().take(6) {
        if let Some((_, measure)) = CASUALTY_WORDS.iter().find(|(w, _)| word.is(w)) {
            return Some(format!("{kind}:{measure}/{who}"));
        }
        if !AUXILIARIES.contains(&word.text.as_str()) {
            break;
        }
    }
    // The claim's own unit: "27 killed", "120 dead".
    let unit = figures::unit(claim.text);
    if let Some(unit) = &unit {
        if let Some((_, measure)) = CASUALTY_WORDS.iter().find(|(w, _)| w == unit) {
            return Some(format!("{kind}:{measure}/{who}"));
        }
    }
    // "killing 73", "Quake kills 120".
    if let Some(word) = before.last() {
        if let Some((_, measure)) = CASUALTY_VERBS.iter().find(|(w, _)| word.is(w)) {
            return Some(format!("{kind}:{measure}/{who}"));
        }
    }
    // "the death toll rose to 120", "unemployment stood at 5.1%": a noun,
    // then a level verb and its preposition.
    let mut at = before.len();
    let mut level_verb = false;
    while at > 0 && LEVEL_WORDS.contains(&before[at - 1].text.as_str()) {
        level_verb |= LEVEL_VERBS.contains(&before[at - 1].text.as_str());
        at -= 1;
    }
    if at == before.len() || at == 0 {
        return None;
    }
    let noun = before[at - 1];
    if noun.is("toll") {
        let what = at
            .checked_sub(2)
            .map(|i| before[i].text.as_str())
            .unwrap_or("death");
        let measure = match what {
            "injury" | "injured" => "injured",
            _ => "dead",
        };
        return Some(format!("{kind}:{measure}/{who}"));
    }
    if let Some((_, measure)) = CASUALTY_WORDS.iter().find(|(w, _)| noun.is(w)) {
        return Some(format!("{kind}:{measure}/{who}"));
    }
    let plain_noun = !noun.is_mark()
        && !noun.is_number()
        && (at == 1 || noun.original.chars().next().is_some_and(char::is_lowercase))
        && !NOT_NOUNS.contains(&noun.text.as_str());
    (level_verb && plain_noun).then(|| format!("{kind}:{}", figures::singular(&noun.text)))
}

/// Names of places in a sentence: a capitalised word after "in", "at",
/// "near" or "across" ("in Cusco").
fn places(words: &[Word]) -> Vec<String> {
    words
        .windows(2)
        .filter(|pair| matches!(pair[0].text.as_str(), "in" | "at" | "near" | "across"))
        .filter(|pair| {
            let w = &pair[1].original;
            w.chars().next().is_some_and(char::is_uppercase)
                && !super::detect::lexicon::MONTHS
                    .iter()
                    .chain(super::detect::lexicon::WEEKDAYS.iter())
                    .any(|m| m.eq_ignore_ascii_case(w))
                && !matches!(w.as_str(), "The" | "A" | "An" | "Least" | "Most")
        })
        .map(|pair| pair[1].text.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::{detect, ClaimKind, DetectContext};

    fn as_claims(list: &[(ClaimKind, String, usize, usize)]) -> Vec<FigureClaim<'_>> {
        list.iter()
            .map(|(kind, text, start, end)| FigureClaim {
                kind: kind.as_str(),
                text,
                start: *start,
                end: *end,
            })
            .collect()
    }

    /// The contradictions the detector's own claims give, as (measure,
    /// first text, second text).
    fn found(headline: &str, body: &str) -> Vec<(String, String, String)> {
        let claims_of = |text: &str| -> Vec<(ClaimKind, String, usize, usize)> {
            detect(text, &DetectContext::default())
                .into_iter()
                .filter(|s| matches!(s.kind, ClaimKind::Quantity | ClaimKind::Percentage))
                .map(|s| (s.kind, s.text, s.start, s.end))
                .collect()
        };
        let (h, b) = (claims_of(headline), claims_of(body));
        find(headline, &as_claims(&h), body, &as_claims(&b))
            .into_iter()
            .map(|c| (c.measure, c.first_text, c.second_text))
            .collect()
    }

    fn one(measure: &str, first: &str, second: &str) -> Vec<(String, String, String)> {
        vec![(measure.into(), first.into(), second.into())]
    }

    #[test]
    fn an_updated_toll_and_the_old_one_left_lower_down() {
        let body = "LIMA, March 11, 2014 (Reuters) - The death toll rose to 120 on Thursday, \
                    officials said, up from 73 reported on March 9.\n\n\
                    \"We will rebuild every home,\" Mayor Ana Ruiz vowed.\n\n\
                    At least 73 people were killed, the ministry said.";
        assert_eq!(
            found("Quake toll rises", body),
            one("quantity:dead/people", "120", "At least 73 people")
        );
    }

    #[test]
    fn both_values_stated_on_purpose_are_no_finding() {
        for body in [
            "The death toll rose to 120 on Thursday, up from 73 on Tuesday.",
            "The toll rose from 73 to 120, officials said.",
            "The quake killed 120 people, compared with 73 killed last year.",
            "The storm killed 120 people. In 2019, a storm killed 73 people.",
            "The death toll climbed to 120. The previous toll was 73.",
            "At least 120 people were killed, including 73 children.",
            "At least 120 people were killed. Rescuers found 12 more bodies.",
            "At least 120 people were killed in Lima. In Cusco, 73 people were killed.",
            "Two soldiers were killed on Monday. Three soldiers were killed on Tuesday.",
            "The toll stood at 120 by Thursday evening. Earlier, officials had said 73 people were killed.",
            "Of the 120 dead, 73 were killed in the capital, the ministry said.",
        ] {
            assert_eq!(found("", body), vec![], "{body}");
        }
    }

    #[test]
    fn the_same_figure_twice_and_a_round_bound_agree() {
        assert_eq!(
            found(
                "Quake kills more than 100 in Peru",
                "The death toll rose to 120. At least 120 people were killed."
            ),
            vec![]
        );
        assert_eq!(
            found(
                "",
                "About 1,000 troops arrived. Some 980 troops are there now."
            ),
            vec![]
        );
    }

    #[test]
    fn a_headline_figure_the_body_states_differently() {
        assert_eq!(
            found(
                "Quake kills 120 in Peru",
                "LIMA (Reuters) - At least 73 people were killed, officials said."
            ),
            one("quantity:dead/people", "120", "At least 73 people")
        );
    }

    #[test]
    fn casualties_are_counted_by_who_they_were_and_other_units_are_no_measure() {
        assert_eq!(
            found(
                "At least ten people killed in attack",
                "All eight assailants were killed, officials said."
            ),
            vec![]
        );
        assert_eq!(
            found(
                "",
                "The quake killed 120 people.\n\nAt least 73 civilians died, the ministry said."
            ),
            one(
                "quantity:dead/people",
                "120 people",
                "At least 73 civilians"
            )
        );
        // Other units, different measures, different kinds, generic nouns:
        // nothing (a story has many figures of troops or kilometres).
        assert_eq!(
            found(
                "",
                "NATO will keep 3,800 troops in the country and send 700 additional troops.\n\n\
                 The alliance has 4,000 soldiers there. The quake struck 15 km away, 30 km deep.\n\n\
                 At least 12 people were killed and 40 people were injured. \
                 Some 300 people were evacuated and 500 people attended. Turnout was 12%."
            ),
            vec![]
        );
    }

    #[test]
    fn a_story_counting_several_incidents_is_no_finding() {
        assert_eq!(
            found(
                "",
                "Seven people were killed in one attack. Four people were killed in another, \
                 and five people were killed near the border."
            ),
            vec![]
        );
        assert_eq!(
            found(
                "",
                "The death toll climbed to at least 69.\n\n\
                 An official said at least 34 people had been killed in his district.\n\n\
                 At least 35 people were killed by shelling on Monday. The war has killed nearly 1,500 people."
            ),
            vec![]
        );
    }

    #[test]
    fn a_month_or_last_month_dates_a_figure() {
        assert_eq!(
            found(
                "Quake of 5.3 magnitude shakes Bodrum",
                "A quake of magnitude 5.3 shook the coast on Tuesday. \
                 In June, a powerful 6.3 magnitude quake struck, killing one person. \
                 Last month, a quake killed two people."
            ),
            vec![]
        );
        assert_eq!(
            found(
                "31 militants killed",
                "Thirty-one militants were killed, the army said."
            ),
            vec![]
        );
    }

    #[test]
    fn figures_in_quotes_are_the_speakers_words() {
        assert_eq!(
            found(
                "",
                "The death toll rose to 120.\n\n\"I saw 73 people killed,\" a survivor said."
            ),
            vec![]
        );
    }

    #[test]
    fn a_level_names_its_measure() {
        assert_eq!(
            found(
                "",
                "Unemployment rose to 5.1%, the agency said on Friday. \
                 Unemployment stood at 4.9%, it said later."
            ),
            one("percentage:unemployment", "5.1%", "4.9%")
        );
    }
}
