//! Datelines: where and when an agency filed a story, as the lead prints
//! it. Every common shape is read by one small scanner:
//!
//! ```text
//! KYIV, May 14 (Reuters) - …            place, date, credit, dash
//! LYON, France (AP) — …                 place, region, credit
//! NEW DELHI, Dec 1 (PTI) The …          no separator after a credit
//! ISLAMABAD, Feb 2 (APP): …             colon after the credit
//! MOSCOW, March 6. /TASS/. …            TASS's slashes
//! MOSCOW. Dec 2 (Interfax) - …          a full stop after the place
//! GENEVA / LONDON (Reuters) – …         several places
//! SEOUL: … / SEOUL — … / KABUL • …      a place and a separator
//! BHUBANESWAR, India The death toll …   place and region, no separator
//! Srinagar : … / Johannesburg – …       a place in title case and a separator
//! By Jane Roe LAUSANNE, Switzerland (Reuters) - …   a byline run into it
//! May 16 (Reuters) - …                  no place: only a date and a credit
//! ```
//!
//! The place is returned as printed (only its first part: "LAUSANNE" of
//! "LAUSANNE, Switzerland"). What counts as evidence differs by shape: a
//! place in capitals with a credit, a date or a separator is a dateline
//! anywhere near the top; a place in title case with only a separator is
//! one only in the lead, and never when it is a common word or label
//! ("Update:", "Meanwhile –").

use super::agency;

/// A month and day, as a dateline or a stamp prints them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthDay {
    pub month: u8,
    pub day: u8,
}

/// A dateline read from the start of a paragraph (or a line of its own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Dateline {
    /// The place as printed ("KYIV", "GENEVA / LONDON", "Srinagar").
    pub place: Option<String>,
    /// What the dateline credits, without its brackets or slashes:
    /// "Reuters", "APP - UrduPoint / Pakistan Point News - 28th May, 2020".
    pub credit: Option<String>,
    /// The filing date the dateline prints ("May 14").
    pub date: Option<MonthDay>,
    /// Its year, where the dateline prints one ("March 14, 2017").
    pub year: Option<i32>,
    /// A reporter's byline run into the dateline ("By Jane Roe").
    pub byline: Option<String>,
    /// The paragraph holds nothing but the dateline ("KABUL, Afghanistan").
    pub lone: bool,
    /// Evidence enough to take it anywhere near the top of the copy; a weak
    /// one (a title-case place and a separator) counts only in the lead.
    pub strong: bool,
    /// Characters of the paragraph the dateline takes, separator included.
    pub len: usize,
}

pub(crate) const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

pub(crate) const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
];

/// The month a word names ("Sept", "december"), any case.
pub(crate) fn month(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(name, _)| *name == w).map(|(_, n)| *n)
}

/// Words in capitals that open a paragraph without being a place: labels,
/// kickers and section names ("UPDATE:", "EXCLUSIVE -", "WORLD NEWS").
const NOT_PLACES_CAPS: &[&str] = &[
    "ADVERTISEMENT",
    "ADVISORY",
    "ALERT",
    "ALSO",
    "ANALYSIS",
    "AUDIO",
    "BACKGROUND",
    "BREAKING",
    "BULLETIN",
    "BUSINESS",
    "BY",
    "CAPTION",
    "CHART",
    "COMMENT",
    "CONTEXT",
    "CORRECTED",
    "CORRECTION",
    "CREDIT",
    "CULTURE",
    "DETAILS",
    "DISCLAIMER",
    "ECONOMY",
    "EDITED",
    "EDITOR",
    "EDITORIAL",
    "EDITORS",
    "EDS",
    "ENTERTAINMENT",
    "EXCLUSIVE",
    "EXPLAINER",
    "FACT",
    "FACTBOX",
    "FACTS",
    "FEATURE",
    "FILE",
    "FLASH",
    "FROM",
    "GRAPHIC",
    "HEALTH",
    "HIGHLIGHTS",
    "IMPORTANT",
    "INTERVIEW",
    "LATEST",
    "LETTERS",
    "LIFESTYLE",
    "LISTEN",
    "LIVE",
    "MAP",
    "MARKETS",
    "MORE",
    "NEWS",
    "NOTE",
    "NOTICE",
    "OBITUARY",
    "OPINION",
    "PHOTO",
    "PHOTOS",
    "PICTURE",
    "POLITICS",
    "POSTED",
    "PROMOTED",
    "PUBLISHED",
    "QUOTE",
    "READ",
    "REFILE",
    "RELATED",
    "REPEAT",
    "REPORTING",
    "REVIEW",
    "SCIENCE",
    "SOURCE",
    "SOURCES",
    "SPONSORED",
    "SPORT",
    "SPORTS",
    "SUMMARY",
    "TAGS",
    "TECH",
    "TECHNOLOGY",
    "TIMELINE",
    "TOP",
    "TOPICS",
    "TRAVEL",
    "UPDATE",
    "UPDATED",
    "URGENT",
    "VIDEO",
    "WARNING",
    "WATCH",
    "WEATHER",
    "WORLD",
    "WRITING",
];

/// Words that open a sentence or label a line, never a place, for a
/// dateline in title case with only a separator as evidence.
const NOT_PLACES_TITLE: &[&str] = &[
    "a",
    "additional",
    "after",
    "also",
    "an",
    "and",
    "answer",
    "as",
    "at",
    "author",
    "before",
    "but",
    "by",
    "click",
    "compiled",
    "contact",
    "dr",
    "editing",
    "email",
    "first",
    "follow",
    "for",
    "from",
    "he",
    "her",
    "here",
    "his",
    "how",
    "i",
    "if",
    "image",
    "in",
    "it",
    "its",
    "last",
    "meanwhile",
    "minister",
    "mr",
    "mrs",
    "ms",
    "next",
    "now",
    "of",
    "on",
    "or",
    "our",
    "page",
    "pic",
    "picture",
    "posted",
    "president",
    "published",
    "q",
    "question",
    "register",
    "reporting",
    "see",
    "share",
    "she",
    "sign",
    "so",
    "statement",
    "still",
    "story",
    "subscribe",
    "tap",
    "tel",
    "that",
    "the",
    "their",
    "there",
    "these",
    "they",
    "this",
    "those",
    "to",
    "today",
    "tomorrow",
    "tonight",
    "transcript",
    "we",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "why",
    "with",
    "writing",
    "yesterday",
    "yet",
    "you",
];

/// Lower-case words inside a place name ("Rio de Janeiro", "Dar es Salaam").
const PLACE_CONNECTORS: &[&str] = &[
    "al", "am", "an", "bin", "d'", "da", "das", "de", "del", "der", "di", "do", "dos", "du", "el",
    "en", "es", "im", "la", "le", "les", "of", "on", "sur", "upon", "y",
];

/// Reads a dateline at the start of `text` (a paragraph or a line).
pub(crate) fn read(text: &str) -> Option<Dateline> {
    let text = text.trim_start();
    // A reporter's byline run into the dateline: "By Jane Roe LAUSANNE, …".
    if let Some(after_by) = text.strip_prefix("By ") {
        let mut at = 0;
        let mut names = 0;
        for word in after_by.split(' ') {
            let letters = word.chars().filter(|c| c.is_alphabetic()).count();
            let capitals = word.chars().filter(|c| c.is_uppercase()).count();
            if letters >= 2 && capitals == letters {
                break;
            }
            let name_like = word.chars().next().is_some_and(char::is_uppercase)
                && word
                    .chars()
                    .all(|c| c.is_alphabetic() || ".-'’".contains(c));
            if !name_like || names == 4 {
                return None;
            }
            names += 1;
            at += word.len() + 1;
        }
        if names == 0 || at >= after_by.len() {
            return None;
        }
        let mut dateline = read(&after_by[at..]).filter(|d| d.strong && !d.lone)?;
        dateline.byline = Some(format!("By {}", after_by[..at].trim_end()));
        dateline.len += 3 + after_by[..at].chars().count();
        return Some(dateline);
    }
    let mut s = Scanner { text, at: 0 };
    let place = s.place();
    let mut region = false;
    let mut date = None;
    let mut year = None;
    let mut credit = None;
    if place.is_some() {
        // "MOSCOW. Dec 2 (Interfax)": a full stop, then a date.
        let save = s.at;
        if s.eat(".") {
            s.spaces();
            if s.peek_month_day().is_none() {
                s.at = save;
            }
        }
    }
    // Comma parts: a region, a date, or straight into a credit.
    for _ in 0..3 {
        let save = s.at;
        let comma = s.eat(",");
        s.spaces();
        if let Some(md) = s.month_day() {
            date = Some(md);
            year = s.year();
            continue;
        }
        if comma && place.is_some() && s.region() {
            region = true;
            continue;
        }
        if !comma {
            s.at = save;
            break;
        }
        if s.peek() == Some('(') {
            break;
        }
        s.at = save;
        break;
    }
    if place.is_none() && date.is_none() {
        // "(Reuters) - …" with no place: a credit alone.
        s.at = 0;
    }
    s.spaces();
    // "March 6. /TASS/."
    let save = s.at;
    if date.is_some() && s.eat(".") {
        s.spaces();
        if s.peek() != Some('/') {
            s.at = save;
        }
    }
    if let Some(inner) = s.bracketed('(', ')').or_else(|| s.bracketed('/', '/')) {
        credit = Some(inner.split_whitespace().collect::<Vec<_>>().join(" "));
        let save = s.at;
        if s.eat(".") && !s.rest().trim_start().starts_with(char::is_uppercase) {
            s.at = save;
        }
    }
    let before_separator = s.at;
    s.spaces();
    let separator = s.separator();
    if !separator {
        s.at = before_separator;
    }
    s.spaces();
    let len = s.text[..s.at].chars().count();
    let rest = s.rest().trim();
    let lone = rest.is_empty();

    let (place, caps) = match place {
        Some((place, caps)) => (Some(place), caps),
        None => (None, false),
    };
    let credit_names_agency = credit
        .as_deref()
        .is_some_and(|c| agency::parts_of_credit(c).agency.is_some() || agency::credit_is_dated(c));
    let rest_opens = rest
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“‘'".contains(c))
        && rest.split_whitespace().nth(1).is_some();
    let not_a_place = place.as_deref().is_some_and(|p| !could_be_place(p, caps));
    let strong = match (&place, caps) {
        _ if not_a_place => return None,
        (None, _) => {
            // A date and a credit, or a known agency's credit, at the very start.
            if lone || !rest_opens || !(credit_names_agency && (separator || date.is_some())) {
                return None;
            }
            true
        }
        (Some(_), true) if lone => {
            if !(region || date.is_some() || credit.is_some() || separator) {
                return None;
            }
            true
        }
        (Some(_), true) => {
            if !rest_opens {
                return None;
            }
            let evidence = date.is_some()
                || separator
                || credit_names_agency
                || (region && rest_is_sentence_after_region(rest));
            if !evidence {
                return None;
            }
            true
        }
        (Some(place), false) => {
            if lone || !rest_opens {
                return None;
            }
            if credit_names_agency || (date.is_some() && (separator || credit.is_some())) {
                true
            } else if separator && credit.is_none() && weak_place_ok(place, rest) {
                false
            } else {
                return None;
            }
        }
    };
    Some(Dateline {
        place,
        credit,
        date,
        year,
        byline: None,
        lone,
        strong,
        len,
    })
}

/// Whether a paragraph opens with an agency dateline (any shape `read`
/// takes, strong or weak, but not a dateline line of its own): for the
/// cleaner, to tell a lead from a headline.
#[allow(dead_code)] // Not called yet: for the cleaner's `is_lead` to use.
pub(crate) fn opens_with_dateline(paragraph: &str) -> bool {
    read(paragraph).is_some_and(|d| !d.lone && d.place.is_some())
}

/// Whether a line is nothing but a dateline ("KABUL, Afghanistan",
/// "SEOUL —"): for the cleaner, which takes it out before the lead.
#[allow(dead_code)] // Not called yet: for the cleaner's `is_dateline_line` to use.
pub(crate) fn is_dateline_line(line: &str) -> bool {
    read(line).is_some_and(|d| d.lone)
}

/// "BHUBANESWAR, India The death toll …": after the region, a sentence in
/// title case (two capitalised words, or one and a lower-case one).
fn rest_is_sentence_after_region(rest: &str) -> bool {
    rest.split_whitespace().count() >= 6
}

/// A place in title case with only a separator for evidence: a short name
/// that is not a sentence opener or a label, and a lead that is prose, not
/// a quotation (a speaker's label: "Smith: “We …”").
fn weak_place_ok(place: &str, rest: &str) -> bool {
    let words: Vec<&str> = place.split_whitespace().collect();
    let first = words.first().map(|w| w.to_lowercase()).unwrap_or_default();
    let first = first.trim_end_matches('.');
    words.len() <= 3
        && !place.contains('/')
        && !NOT_PLACES_TITLE.contains(&first)
        && !NOT_PLACES_CAPS.contains(&first.to_uppercase().as_str())
        && month(first).is_none()
        && !WEEKDAYS.contains(&first)
        && !rest.starts_with(['"', '“', '‘', '\''])
        && rest.split_whitespace().nth(5).is_some()
        && (rest
            .trim_end()
            .ends_with(['.', '!', '?', '"', '”', '’', ')'])
            || rest.split_whitespace().nth(19).is_some())
}

/// Whether printed words can be a place: not a label, not an agency.
fn could_be_place(place: &str, caps: bool) -> bool {
    let letters = place.chars().filter(|c| c.is_alphabetic()).count();
    // "UPDATE:", "FILE PHOTO:", "AP PHOTO:", "WORLD NEWS".
    let label = place.split([' ', '/']).any(|w| {
        NOT_PLACES_CAPS.contains(&w.trim_end_matches('.')) || agency::agency_named(w).is_some()
    });
    if caps && (letters < 3 || label) {
        return false;
    }
    agency::agency_named(place).is_none() && place.chars().count() <= 40
}

/// A cursor over the start of a paragraph.
struct Scanner<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Scanner<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn eat(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.at += s.len();
            true
        } else {
            false
        }
    }

    fn spaces(&mut self) {
        let trimmed = self.rest().trim_start_matches([' ', '\u{a0}']);
        self.at = self.text.len() - trimmed.len();
    }

    /// The next word of place-name characters, without moving.
    fn peek_word(&self) -> &'a str {
        let rest = self.rest();
        let end = rest
            .char_indices()
            .find(|(_, c)| !(c.is_alphabetic() || ".-'’".contains(*c)))
            .map_or(rest.len(), |(i, _)| i);
        &rest[..end]
    }

    /// A place: words in capitals or in title case, several places joined
    /// by "/". Returns it as printed and whether it is in capitals.
    fn place(&mut self) -> Option<(String, bool)> {
        let start = self.at;
        let mut end = start;
        let mut words = 0;
        let mut caps = true;
        loop {
            let word = self.peek_word();
            let letters = word.chars().filter(|c| c.is_alphabetic()).count();
            if letters == 0 {
                break;
            }
            // A date is not a place: "May 16 (Reuters)", "Friday: …".
            let after = &self.rest()[word.len()..];
            let dated = month(word).is_some()
                && after.starts_with(' ')
                && after.trim_start().starts_with(|c: char| c.is_ascii_digit());
            if dated || WEEKDAYS.contains(&word.trim_end_matches('.').to_lowercase().as_str()) {
                break;
            }
            let is_caps = word
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase);
            let is_title = word.chars().next().is_some_and(char::is_uppercase);
            let connector = words > 0 && PLACE_CONNECTORS.contains(&word);
            if !(is_caps || is_title || connector) || words == 5 {
                break;
            }
            // A word that ends a sentence ("KYIV." before a date is handled
            // by the caller) is not part of a place.
            let word = word.strip_suffix('.').filter(|w| {
                // Keep abbreviations: "ST.", "D.C.", "N.".
                !(w.contains('.') || w.chars().count() <= 2)
            });
            let word_len = match word {
                Some(w) => w.len(),
                None => self.peek_word().len(),
            };
            if !connector {
                caps &= is_caps;
            }
            self.at += word_len;
            words += 1;
            if !connector {
                end = self.at;
            }
            // Between words: one space, or a slash between places.
            let save = self.at;
            self.spaces();
            let slash = self.eat("/");
            self.spaces();
            if slash {
                continue;
            }
            let spaced = self.at > save;
            if !spaced {
                self.at = save;
                break;
            }
            if self.peek_word().is_empty() {
                self.at = save;
                break;
            }
        }
        self.at = end;
        let place = self.text[start..end].trim();
        if words == 0 || place.is_empty() {
            self.at = start;
            return None;
        }
        Some((place.to_owned(), caps))
    }

    /// A month and day here ("May 14", "Sept. 20", "14 May"), consumed.
    fn month_day(&mut self) -> Option<MonthDay> {
        let (md, len) = self.peek_month_day()?;
        self.at += len;
        Some(md)
    }

    fn peek_month_day(&self) -> Option<(MonthDay, usize)> {
        let rest = self.rest();
        let mut words = rest.splitn(3, ' ');
        let first = words.next()?;
        let second = words.next().unwrap_or("");
        let day_of = |w: &str| -> Option<(u8, usize)> {
            let digits: String = w.chars().take_while(char::is_ascii_digit).collect();
            let day: u8 = digits.parse().ok()?;
            let suffix = &w[digits.len()..];
            let ordinal = ["st", "nd", "rd", "th"]
                .iter()
                .find(|o| suffix.starts_with(*o))
                .map_or(0, |o| o.len());
            (1..=31)
                .contains(&day)
                .then_some((day, digits.len() + ordinal))
        };
        if let Some(m) = month(first.trim_end_matches(',')).filter(|_| !first.ends_with(',')) {
            let (day, len) = day_of(second)?;
            return Some((MonthDay { month: m, day }, first.len() + 1 + len));
        }
        let (day, len) = day_of(first)?;
        if len != first.len() {
            return None;
        }
        let word = second.trim_end_matches([',', '.']);
        let m = month(word)?;
        let mlen = second.len() - (second.len() - second.trim_end_matches([',']).len());
        Some((MonthDay { month: m, day }, first.len() + 1 + mlen))
    }

    /// A year after a date: ", 2017" or " 2017", consumed.
    fn year(&mut self) -> Option<i32> {
        let save = self.at;
        self.eat(",");
        self.spaces();
        let digits: String = self
            .rest()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if digits.len() == 4 {
            if let Ok(year) = digits.parse() {
                self.at += 4;
                return Some(year);
            }
        }
        self.at = save;
        None
    }

    /// A region after a comma: "Afghanistan", "South Korea", "D.C.", "Calif.".
    fn region(&mut self) -> bool {
        let start = self.at;
        let mut words = 0;
        loop {
            let word = self.peek_word();
            let is_name = word.chars().next().is_some_and(char::is_uppercase)
                || (words > 0 && PLACE_CONNECTORS.contains(&word));
            if word.is_empty() || !is_name || words == 3 || month(word).is_some() {
                break;
            }
            self.at += word.len();
            words += 1;
            let save = self.at;
            self.spaces();
            let next = self.peek_word();
            // Stop before the sentence: the region runs to a comma, a
            // bracket or a separator.
            let ends_here = next.is_empty()
                || next.chars().next().is_some_and(char::is_lowercase)
                    && !PLACE_CONNECTORS.contains(&next);
            if ends_here || self.at == save {
                self.at = save;
                break;
            }
            // "BHUBANESWAR, India The death toll": a second capitalised word
            // followed by prose belongs to the sentence, not the region.
            let after = &self.rest()[next.len()..];
            if after.starts_with(' ')
                && after
                    .trim_start()
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase)
            {
                self.at = save;
                break;
            }
        }
        if words == 0 {
            self.at = start;
            return false;
        }
        true
    }

    /// Text between `open` and `close` at the cursor (at most 100 chars).
    fn bracketed(&mut self, open: char, close: char) -> Option<&'a str> {
        let rest = self.rest();
        let inner = rest.strip_prefix(open)?;
        let end = inner.find(close)?;
        if end == 0 || end > 100 || (open == '/' && inner[..end].contains(' ')) {
            return None;
        }
        if open == '(' && inner[..end].contains('(') {
            return None;
        }
        self.at += open.len_utf8() + end + close.len_utf8();
        Some(&inner[..end])
    }

    /// A dash, colon or bullet between the dateline and the story.
    fn separator(&mut self) -> bool {
        ["--", "—", "–", "-", ":", "•", "|"]
            .iter()
            .any(|sep| self.eat(sep))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(text: &str) -> Option<String> {
        read(text).and_then(|d| d.place)
    }

    #[test]
    fn agency_datelines_with_date_and_credit() {
        let d = read("KYIV, May 14 (Reuters) - The bodies were taken away.").unwrap();
        assert_eq!(d.place.as_deref(), Some("KYIV"));
        assert_eq!(d.credit.as_deref(), Some("Reuters"));
        assert_eq!(d.date, Some(MonthDay { month: 5, day: 14 }));
        assert!(d.strong && !d.lone);
        let d = read("Kyiv, May 14 (Reuters) – The bodies were taken away.").unwrap();
        assert_eq!(d.place.as_deref(), Some("Kyiv"));
        assert!(d.strong);
        let d = read("NEW DELHI, Dec 1 (PTI) The government said on Friday it would act.").unwrap();
        assert_eq!(d.place.as_deref(), Some("NEW DELHI"));
        assert_eq!(d.credit.as_deref(), Some("PTI"));
        assert_eq!(d.date, Some(MonthDay { month: 12, day: 1 }));
        let d = read("Srinagar, Jan 3 (IANS) Two militants were killed in a gunfight.").unwrap();
        assert_eq!(d.place.as_deref(), Some("Srinagar"));
        let d = read("ISLAMABAD, Feb 2 (APP): The federal cabinet met on Tuesday.").unwrap();
        assert_eq!(d.place.as_deref(), Some("ISLAMABAD"));
        assert_eq!(d.credit.as_deref(), Some("APP"));
        let d = read("HARBOURTON, Sept. 20 (Xinhua) -- At least ten people were hurt.").unwrap();
        assert_eq!(d.date, Some(MonthDay { month: 9, day: 20 }));
        assert_eq!(d.credit.as_deref(), Some("Xinhua"));
    }

    #[test]
    fn places_with_regions_and_several_places() {
        let d = read("LYON, France (AP) — A fire broke out at a warehouse overnight.").unwrap();
        assert_eq!(d.place.as_deref(), Some("LYON"));
        assert_eq!(d.credit.as_deref(), Some("AP"));
        assert_eq!(
            place("GENEVA / LONDON (Reuters) – The agency defended its work."),
            Some("GENEVA / LONDON".into())
        );
        assert_eq!(
            place("ISTANBUL/ANKARA (Reuters) – An earthquake shook the coast."),
            Some("ISTANBUL/ANKARA".into())
        );
        assert_eq!(
            place("ISLAMABAD, Pakistan: The minister told the Senate on Thursday."),
            Some("ISLAMABAD".into())
        );
        assert_eq!(
            place("WASHINGTON, D.C., May 3 (Reuters) - Lawmakers met on Monday."),
            Some("WASHINGTON".into())
        );
        assert_eq!(
            place("RIO DE JANEIRO (Reuters) - Floods hit the city on Monday."),
            Some("RIO DE JANEIRO".into())
        );
        assert_eq!(
            place("Dar es Salaam (AFP) - Rains closed the port on Monday."),
            Some("Dar es Salaam".into())
        );
    }

    #[test]
    fn a_place_and_a_separator() {
        for (text, want) in [
            ("SEOUL: The missiles flew 800km, state media said.", "SEOUL"),
            (
                "SEOUL — The missiles flew 800km, state media said.",
                "SEOUL",
            ),
            (
                "KABUL • Gunmen attacked a ceremony yesterday in the capital.",
                "KABUL",
            ),
            (
                "BEIJING: China said on Monday its guards never crossed.",
                "BEIJING",
            ),
            (
                "ST. PETERSBURG - A bridge closed for repairs on Monday.",
                "ST. PETERSBURG",
            ),
        ] {
            let d = read(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(d.place.as_deref(), Some(want), "{text}");
            assert!(d.strong, "{text}");
        }
    }

    #[test]
    fn title_case_places_with_only_a_separator_are_weak() {
        for (text, want) in [
            (
                "Srinagar : Five guerrillas were killed by the army on Saturday.",
                "Srinagar",
            ),
            (
                "Ouagadougou: Two journalists were killed in an attack, officials said.",
                "Ouagadougou",
            ),
            (
                "Johannesburg – Door-to-door campaigns were held in five wards on Monday.",
                "Johannesburg",
            ),
        ] {
            let d = read(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(d.place.as_deref(), Some(want));
            assert!(!d.strong, "{text}");
        }
    }

    #[test]
    fn words_that_are_not_places() {
        for text in [
            "UPDATE: The minister resigned on Monday after a long row.",
            "EXCLUSIVE - The company plans to cut 300 jobs next year.",
            "Meanwhile – The minister resigned on Monday after a long row.",
            "The minister: he resigned on Monday after a long row.",
            "Editor: Zhang Wei",
            "Source: APP",
            "Smith: “We will win this election, whatever it takes,” he said.",
            "NATO said on Tuesday it would send 700 troops.",
            "Bangladesh Bank (BB) raised its key rates by 50 basis points.",
            "Kremlin: Russia backs the Serbs, their rights must be respected",
            "NEWS AGENCY OF NIGERIA",
            "Reuters - The agency said it would not comment on the report.",
            "The mayor - who spoke late - said so.",
            "World News",
            "FILE PHOTO: A view of the harbour wall, which was damaged in the storm.",
            "AP PHOTO - A view of the harbour wall, which was damaged in the storm.",
            "Photo: A man walks past the harbour wall, damaged in the storm.",
        ] {
            assert_eq!(read(text).and_then(|d| d.place), None, "{text}");
        }
    }

    #[test]
    fn a_place_and_region_without_a_separator() {
        assert_eq!(
            place("BHUBANESWAR, India The death toll in a mine collapse rose to 16 on Saturday."),
            Some("BHUBANESWAR".into())
        );
    }

    #[test]
    fn a_dateline_line_of_its_own() {
        let d = read("KABUL, Afghanistan").unwrap();
        assert_eq!(d.place.as_deref(), Some("KABUL"));
        assert!(d.lone);
        assert!(read("KABUL").is_none());
        assert!(read("Kabul, Afghanistan").is_none());
        assert!(read("WASHINGTON —").unwrap().lone);
    }

    #[test]
    fn tass_interfax_and_credits_without_a_dash() {
        let d = read("MOSCOW, March 6. /TASS/. Russian prices rose 0.1% in a week.").unwrap();
        assert_eq!(d.place.as_deref(), Some("MOSCOW"));
        assert_eq!(d.credit.as_deref(), Some("TASS"));
        assert_eq!(d.date, Some(MonthDay { month: 3, day: 6 }));
        let d = read("MOSCOW. Dec 2 (Interfax) - The central bank held its rate.").unwrap();
        assert_eq!(d.place.as_deref(), Some("MOSCOW"));
        assert_eq!(d.date, Some(MonthDay { month: 12, day: 2 }));
        let d = read(
            "BEIJING (Newsline / Sputnik - 31st August, 2020) Chinese guards have not crossed the line.",
        )
        .unwrap();
        assert_eq!(d.place.as_deref(), Some("BEIJING"));
        assert_eq!(
            d.credit.as_deref(),
            Some("Newsline / Sputnik - 31st August, 2020")
        );
        let d = read(
            "Kabul, (APP - Pointnews / Point News - 28th May, 2020 ) :Seven members of the forces were killed.",
        )
        .unwrap();
        assert_eq!(d.place.as_deref(), Some("Kabul"));
        assert!(d.strong);
        let d = read("LONDON (Reuters) -AstraZeneca played down speculation on Monday.").unwrap();
        assert_eq!(d.place.as_deref(), Some("LONDON"));
    }

    #[test]
    fn a_credit_without_a_place() {
        let d = read("May 16 (Reuters) - Nine civilians were killed on Monday.").unwrap();
        assert_eq!(d.place, None);
        assert_eq!(d.credit.as_deref(), Some("Reuters"));
        assert_eq!(d.date, Some(MonthDay { month: 5, day: 16 }));
        let d = read("(Reuters) - An earthquake struck central Oklahoma.").unwrap();
        assert_eq!(d.place, None);
        assert_eq!(d.credit.as_deref(), Some("Reuters"));
        assert!(read("(This story has not been edited by staff.)").is_none());
    }

    #[test]
    fn a_byline_run_into_the_dateline() {
        let d = read("By Jane Roe LAUSANNE, Switzerland (Reuters) - A former official appeared.")
            .unwrap();
        assert_eq!(d.place.as_deref(), Some("LAUSANNE"));
        assert_eq!(d.byline.as_deref(), Some("By Jane Roe"));
        assert!(read("By the time the ministers met, the talks had failed.").is_none());
    }

    #[test]
    fn leads_and_dateline_lines_for_the_cleaner() {
        assert!(opens_with_dateline(
            "Kyiv, May 14 (Reuters) – The bodies were taken away."
        ));
        assert!(opens_with_dateline(
            "BEIJING (Newsline / Sputnik - 31st August, 2020) Chinese guards have not crossed."
        ));
        assert!(!opens_with_dateline("KABUL, Afghanistan"));
        assert!(!opens_with_dateline("Port reopens after storm"));
        assert!(is_dateline_line("KABUL, Afghanistan"));
        assert!(!is_dateline_line("NEWS AGENCY OF NIGERIA"));
    }

    #[test]
    fn the_dateline_length_covers_the_separator() {
        let text = "SEOUL — The missiles flew 800km, state media said.";
        let d = read(text).unwrap();
        let rest: String = text.chars().skip(d.len).collect();
        assert_eq!(rest, "The missiles flew 800km, state media said.");
    }
}
