//! The top of the page, above the lead: where the story begins, which
//! line is its headline, and what above it is the page's (site names,
//! section labels, captions, decks, teasers).

use super::captions::is_caption;
use super::furniture::{is_prose, is_timestamp, lower, words};
use super::once::fnv1a;
use super::shapes::{
    is_agency_line, is_byline, is_dateline_line, is_headline_like, is_lead, is_short_headline,
    is_title, repeats_headline, title_key,
};
use super::{walk, Cleaner, Context, Line, Outcome, Rule};

/// Where the story begins: the first paragraph that reads as its lead (a
/// dateline, or a full sentence of prose), below any site stamp.
pub(super) fn find_lead(paragraphs: &[Line], from: usize) -> usize {
    let window = paragraphs.len().min(from + 30);
    let found = (from..window)
        .find(|&i| is_lead(&paragraphs[i].text))
        .filter(|&i| {
            // A dateline lead far below the first prose is not the first paragraph.
            !(from..i).any(|j| {
                is_prose(&paragraphs[j].text)
                    && words(&paragraphs[j].text) >= 25
                    && !overlaps_later(paragraphs, j)
            })
        })
        .or_else(|| {
            (from..window).find(|&i| {
                let t = &paragraphs[i].text;
                is_prose(t) && words(t) >= 15 && !is_caption(t)
            })
        })
        .or_else(|| (from..window).find(|&i| is_prose(&paragraphs[i].text)))
        .or_else(|| (from..window).find(|&i| words(&paragraphs[i].text) >= 12))
        .unwrap_or(from);
    // A short first line over the rest is the headline, not the lead.
    if found == from && found + 1 < paragraphs.len() && is_short_headline(&paragraphs[found].text) {
        return found + 1;
    }
    found.min(paragraphs.len())
}

/// Whether most of paragraph `j`'s words come again in later paragraphs
/// (a teaser, a standfirst, an AI summary of the story below it).
pub(super) fn overlaps_later(paragraphs: &[Line], j: usize) -> bool {
    let later: Vec<&str> = paragraphs[j + 1..]
        .iter()
        .take(12)
        .map(|p| p.text.as_str())
        .collect();
    word_overlap(&paragraphs[j].text, &later.join(" ")) >= 0.6
}

/// The share of the content words (four letters or more) of `text` that
/// occur in `other`.
pub(super) fn word_overlap(text: &str, other: &str) -> f64 {
    ContentWords::of(other).share_of(text)
}

/// The content words (four letters or more) of a text, lower case, to ask
/// how many of another text's words it has. Words are kept as hashes.
pub(super) struct ContentWords(std::collections::HashSet<u64, WordHashes>);

/// The words are hashed already: their hash is used as it is.
pub(super) type WordHashes = std::hash::BuildHasherDefault<HashedAlready>;

#[derive(Default)]
pub(super) struct HashedAlready(u64);

impl std::hash::Hasher for HashedAlready {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = bytes.iter().fold(self.0, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl ContentWords {
    pub(super) fn of(text: &str) -> Self {
        let mut words = std::collections::HashSet::default();
        content_words(text, |word| {
            words.insert(word);
        });
        ContentWords(words)
    }

    pub(super) fn share_of(&self, text: &str) -> f64 {
        let (mut mine, mut shared) = (0, 0);
        content_words(text, |word| {
            mine += 1;
            shared += usize::from(self.0.contains(&word));
        });
        if mine == 0 {
            return 0.0;
        }
        shared as f64 / mine as f64
    }
}

/// Calls `each` with the hash of every content word of `text`, lower case.
pub(super) fn content_words(text: &str, mut each: impl FnMut(u64)) {
    let mut buffer = String::new();
    for word in text.split_whitespace() {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        if word.chars().nth(3).is_none() {
            continue;
        }
        if word.is_ascii() {
            buffer.clear();
            buffer.push_str(word);
            buffer.make_ascii_lowercase();
            each(fnv1a(buffer.as_bytes()));
        } else {
            each(fnv1a(word.to_lowercase().as_bytes()));
        }
    }
}

/// A site's stamp that closes the page header: "Reuters | Updated: … |
/// Created: …". Everything above it is the page's.
pub(super) fn is_header_stamp(text: &str) -> bool {
    let l = lower(text);
    l.contains('|')
        && (l.contains("updated") || l.contains("created") || l.contains("published"))
        && is_timestamp(text)
}

/// The rules for the paragraphs above the lead, in the order they read
/// one. A new rule is one more entry here; a paragraph leaves the walk at
/// the first rule that removes or keeps it, and what no rule claims is the
/// page's chrome.
const RULES: &[Rule<Above>] = &[
    // The line chosen as the headline: it is the headline, not a removal.
    Rule::new("headline", the_headline),
    Rule::new("repeated-headline", repeated_headline),
    Rule::new("agency-line", agency_credit),
    Rule::new("byline", byline),
    Rule::new("above-stamp", above_stamp),
    Rule::new("photo-caption", caption),
    Rule::new("dateline", dateline),
    Rule::new("teaser", teaser),
    Rule::new("chrome-before-headline", chrome),
];

/// The context of the paragraphs above the lead.
struct Above {
    cleaner: Cleaner,
    /// The index above the lead of the paragraph being read.
    index: usize,
    /// The index of the line chosen as the headline.
    headline_at: Option<usize>,
    headline_key: Option<String>,
    /// The line of the site's header stamp: the page's header is above it.
    stamp_at: Option<usize>,
    /// The story from its lead down.
    story: Vec<Line>,
    /// The words of the story from its lead down, gathered when first asked.
    story_words: Option<ContentWords>,
    byline: Option<String>,
}

impl Context for Above {
    fn cleaner(&mut self) -> &mut Cleaner {
        &mut self.cleaner
    }
}

/// The top of the page, above the lead: the headline is chosen, a byline
/// kept, and the rest (site names, section labels, captions, decks,
/// teasers) removed by the rules of [`RULES`].
pub(super) fn top_of_story(
    paragraphs: Vec<Line>,
    cleaner: &mut Cleaner,
) -> (Vec<Line>, Option<String>) {
    // A header stamp among the first lines: the story starts below it.
    let stamp_at = cleaner
        .pending
        .iter()
        .filter(|p| p.within.is_none() && p.rule == "timestamp" && is_header_stamp(&p.text))
        .map(|p| p.at)
        .find(|at| paragraphs.iter().take(15).any(|p| p.at > *at) && *at < 40);
    let from = stamp_at.map_or(0, |at| paragraphs.iter().take_while(|p| p.at < at).count());
    let lead = find_lead(&paragraphs, from);
    let headline_at = choose_headline(&paragraphs, lead, cleaner);

    let mut above = paragraphs;
    let story = above.split_off(lead.min(above.len()));
    let mut cx = Above {
        headline_key: cleaner.headline.as_deref().map(title_key),
        cleaner: std::mem::take(cleaner),
        index: 0,
        headline_at,
        stamp_at,
        story,
        story_words: None,
        byline: None,
    };
    let mut kept = Vec::new();
    for (j, mut paragraph) in above.into_iter().enumerate() {
        cx.index = j;
        if walk(RULES, &mut paragraph, &mut cx) {
            kept.push(paragraph);
        }
    }
    *cleaner = cx.cleaner;
    kept.extend(cx.story);
    (kept, cx.byline)
}

/// The headline, unless the page's title field gave it: the best line
/// above the lead, else one below it. Returns the index of the line
/// chosen above the lead.
fn choose_headline(paragraphs: &[Line], lead: usize, cleaner: &mut Cleaner) -> Option<usize> {
    if cleaner.headline.is_some() {
        return None;
    }
    let lead_text = paragraphs
        .get(lead..)
        .map(|rest| {
            rest.iter()
                .take(3)
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    let lead_words = ContentWords::of(&lead_text);
    let best = (0..lead)
        .filter(|&j| is_short_headline(&paragraphs[j].text))
        .map(|j| (j, headline_score(paragraphs, j, lead, &lead_words)))
        .filter(|(_, score)| *score >= 2.0)
        .fold(None::<(usize, f64)>, |best, (j, score)| match best {
            Some((_, b)) if b >= score => best,
            _ => Some((j, score)),
        });
    let headline_at = best.map(|(j, _)| j).or_else(|| {
        // Copy with nothing else above its lead: a first line that reads as a headline.
        (lead > 0 && is_short_headline(&paragraphs[0].text)).then_some(0)
    });
    cleaner.headline = match headline_at {
        Some(j) => Some(paragraphs[j].text.clone()),
        None => headline_below(paragraphs, lead, &lead_words, cleaner),
    };
    // "Title | Site": the site's name leaves the headline.
    if let (Some(headline), Some(j)) = (cleaner.headline.clone(), headline_at) {
        if let Some((title, site)) = headline.rsplit_once(" | ") {
            if words(site) <= 3 && words(title) >= 4 {
                cleaner.cut("headline-suffix", paragraphs[j].at, 0, &format!("| {site}"));
                cleaner.headline = Some(title.trim().to_owned());
            }
        }
    }
    headline_at
}

fn the_headline(_: &mut Line, cx: &mut Above) -> Outcome {
    if cx.headline_at == Some(cx.index) {
        Outcome::Done
    } else {
        Outcome::Next
    }
}

/// The headline printed again above the lead.
fn repeated_headline(paragraph: &mut Line, cx: &mut Above) -> Outcome {
    if repeats_headline(&paragraph.text, cx.headline_key.as_deref()) {
        Outcome::Remove
    } else {
        Outcome::Next
    }
}

/// An agency or outlet named on a line of its own: kept as the credit.
fn agency_credit(paragraph: &mut Line, cx: &mut Above) -> Outcome {
    if !is_agency_line(&paragraph.text) {
        return Outcome::Next;
    }
    cx.cleaner.credit.push(paragraph.text.clone());
    cx.cleaner.remove(cx.cleaner.rule, paragraph);
    cx.cleaner.kept_as_credit();
    Outcome::Done
}

/// The first byline above the lead is the story's.
fn byline(paragraph: &mut Line, cx: &mut Above) -> Outcome {
    if cx.byline.is_some() || !is_byline(&paragraph.text) {
        return Outcome::Next;
    }
    cx.byline = Some(paragraph.text.clone());
    cx.cleaner.fire_rule();
    Outcome::Done
}

/// Above the site's header stamp: the page's header.
fn above_stamp(paragraph: &mut Line, cx: &mut Above) -> Outcome {
    if cx.stamp_at.is_some_and(|at| paragraph.at < at) {
        Outcome::Remove
    } else {
        Outcome::Next
    }
}

fn caption(paragraph: &mut Line, _: &mut Above) -> Outcome {
    if is_caption(&paragraph.text) {
        Outcome::Remove
    } else {
        Outcome::Next
    }
}

fn dateline(paragraph: &mut Line, _: &mut Above) -> Outcome {
    if is_dateline_line(&paragraph.text) {
        Outcome::Remove
    } else {
        Outcome::Next
    }
}

/// Prose above the lead that the story repeats is a teaser; prose it does
/// not repeat is the story's.
fn teaser(paragraph: &mut Line, cx: &mut Above) -> Outcome {
    let text = paragraph.text.as_str();
    if !(is_prose(text) && words(text) >= 8) {
        return Outcome::Next;
    }
    let story = &cx.story;
    let story_words = cx.story_words.get_or_insert_with(|| {
        let text: Vec<&str> = story.iter().map(|p| p.text.as_str()).collect();
        ContentWords::of(&text.join(" "))
    });
    if story_words.share_of(text) < 0.6 {
        Outcome::Keep
    } else {
        Outcome::Remove
    }
}

/// What no rule above claims: site names, section labels, decks.
fn chrome(_: &mut Line, _: &mut Above) -> Outcome {
    Outcome::Remove
}

/// How strongly a line above the lead reads as the story's headline.
pub(super) fn headline_score(
    paragraphs: &[Line],
    j: usize,
    lead: usize,
    lead_words: &ContentWords,
) -> f64 {
    let text = &paragraphs[j].text;
    let n = words(text);
    let mut score = match n {
        0 => return 0.0,
        1 => 0.0,
        2 | 3 => 1.0,
        4..=14 => 3.0,
        15..=25 => 1.5,
        _ => 1.0,
    };
    // A line the page prints twice is its title.
    let key = title_key(text);
    if paragraphs
        .iter()
        .take(lead + 8)
        .enumerate()
        .any(|(k, p)| k != j && is_title(&p.text, &key))
    {
        score += 3.0;
    }
    score += 3.0 * lead_words.share_of(text);
    // The first title on the page, above any deck under it.
    if n >= 4
        && !paragraphs[..j]
            .iter()
            .any(|p| is_short_headline(&p.text) && words(&p.text) >= 4)
    {
        score += 1.0;
    }
    let l = lower(text);
    let site_like = l.contains(".com")
        || l.contains(".co.")
        || l.contains("www.")
        || (text.chars().any(char::is_alphabetic)
            && !text.chars().any(char::is_lowercase)
            && n <= 5);
    if site_like {
        score -= 4.0;
    }
    if is_caption(text) || is_agency_line(text) || is_dateline_line(text) {
        score -= 5.0;
    }
    if text.ends_with(':') {
        score -= 2.0;
    }
    // The nearest title above the lead, bylines and datelines aside.
    let between = paragraphs[j + 1..lead]
        .iter()
        .filter(|p| {
            !is_byline(&p.text)
                && !is_dateline_line(&p.text)
                && !is_agency_line(&p.text)
                && !is_caption(&p.text)
        })
        .count();
    score += match between {
        0 => 1.0,
        1 => 0.5,
        _ => 0.0,
    };
    score
}

/// A headline printed below the story with the site's stamp right after
/// it ("Rates rise again" then "Staff | Published: …"), when nothing above
/// the lead reads as one.
pub(super) fn headline_below(
    paragraphs: &[Line],
    lead: usize,
    lead_words: &ContentWords,
    cleaner: &Cleaner,
) -> Option<String> {
    paragraphs.iter().skip(lead + 1).find_map(|p| {
        let stamped = (1..=2).any(|d| cleaner.removed_at(p.at + d, "timestamp"));
        (stamped
            && is_headline_like(&p.text)
            && words(&p.text) >= 4
            && lead_words.share_of(&p.text) >= 0.5)
            .then(|| p.text.clone())
    })
}
