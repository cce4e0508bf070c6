//! The copy's own date: when the agency filed it, as the copy says. Read
//! from a structured format's metadata (NITF `date.issue`, NewsML-G2
//! `versionCreated`, ninjs `versioncreated`, RSS `pubDate`, …), or for
//! web copy from the dateline ("Kyiv, May 14") and the page's stamp lines
//! ("Updated: 17-08-2024 09:41 IST", "June 2, 2021 / 8:15 AM",
//! "AFPMarch 14, 2019").
//!
//! Stored in the wire revision's metadata under [`COPY_DATE_KEY`] as ISO
//! 8601: a date-time with its offset where the copy gives a time and a
//! time zone ("2025-12-05T05:24:00+05:30", the copy's own offset kept, so
//! its local day stays its day); a date where it gives no zone or no time
//! ("2025-12-05"); and, for a dateline's "May 14" with no year anywhere in
//! the copy, the month and day alone in ISO 8601's truncated form
//! ("--05-14", XML Schema's gMonthDay). Such a date takes its year from the
//! time the copy is received when the two are within days of each other
//! ([`complete_year`]): live copy is received the day it is filed.

use serde_json::{Map, Value};
use time::{
    format_description::well_known::{Rfc2822, Rfc3339},
    Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset,
};

use super::dateline::{self, MonthDay};

/// The metadata key of the copy's own date.
pub const COPY_DATE_KEY: &str = "copy_date";

/// A copy's date, as precise as the copy gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyDate {
    /// A month and day with no year ("--05-14").
    MonthDay(MonthDay),
    Date(Date),
    /// A local date and time with the copy's own offset.
    DateTime(PrimitiveDateTime, UtcOffset),
}

impl CopyDate {
    /// Reads a copy date as [`CopyDate::iso`] writes it (what
    /// `StoryDetail::copy_date` holds).
    pub fn parse(iso: &str) -> Option<CopyDate> {
        if let Some(md) = iso.strip_prefix("--").and_then(month_day_only) {
            return Some(CopyDate::MonthDay(md));
        }
        agency_time(iso)
    }

    /// The copy's calendar day where it was filed (its own time zone):
    /// what "on Wednesday" is counted from. `None` for a month and day
    /// without a year.
    pub fn day(&self) -> Option<Date> {
        match self {
            CopyDate::MonthDay(_) => None,
            CopyDate::Date(date) => Some(*date),
            CopyDate::DateTime(at, _) => Some(at.date()),
        }
    }

    /// ISO 8601: "--05-14", "2025-12-05", "2025-12-05T05:24:00+05:30".
    pub fn iso(&self) -> String {
        match self {
            CopyDate::MonthDay(md) => format!("--{:02}-{:02}", md.month, md.day),
            CopyDate::Date(date) => iso_date(*date),
            CopyDate::DateTime(at, offset) => {
                let time = at.time();
                let zone = if offset.is_utc() {
                    "Z".to_owned()
                } else {
                    let (h, m, _) = offset.as_hms();
                    let sign = if offset.is_negative() { '-' } else { '+' };
                    format!("{sign}{:02}:{:02}", h.unsigned_abs(), m.unsigned_abs())
                };
                format!(
                    "{}T{:02}:{:02}:{:02}{zone}",
                    iso_date(at.date()),
                    time.hour(),
                    time.minute(),
                    time.second()
                )
            }
        }
    }

    fn from_parts(date: Date, time: Option<(Time, Option<UtcOffset>)>) -> CopyDate {
        match time {
            Some((time, Some(offset))) => {
                CopyDate::DateTime(PrimitiveDateTime::new(date, time), offset)
            }
            _ => CopyDate::Date(date),
        }
    }
}

fn iso_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

fn date_of(year: i32, month: u8, day: u8) -> Option<Date> {
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// Whether a stamp says when the page was made or when it was changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StampKind {
    /// "Created", "Published", "Posted", "First Published On".
    Created,
    /// No label: "March 6, 2013 / 12:01 PM".
    Plain,
    /// "Updated", "Last Updated", "Modified": often long after the story.
    Updated,
}

/// A full date (with its year) printed in a stamp line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub date: Date,
    /// The other reading of an ambiguous numeric date ("05-12-2025").
    pub alternative: Option<Date>,
    pub time: Option<(Time, Option<UtcOffset>)>,
    pub kind: StampKind,
    /// The line also names an agency ("Source: Xinhua 2019-06-02"): the
    /// agency's own time for the copy.
    pub agency: bool,
}

impl Stamp {
    fn rank(&self) -> i32 {
        let kind = match self.kind {
            StampKind::Created => 1,
            StampKind::Plain => 0,
            StampKind::Updated => -1,
        };
        kind + if self.agency { 2 } else { 0 }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Num,
    Punct,
}

#[derive(Debug, Clone)]
struct Token<'a> {
    kind: Kind,
    text: &'a str,
    /// Digits followed by an ordinal suffix: "28th".
    ordinal: bool,
    start: usize,
    end: usize,
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let mut end = start + c.len_utf8();
        let kind = if c.is_ascii_digit() {
            while let Some(&(i, n)) = chars.peek() {
                if !n.is_ascii_digit() {
                    break;
                }
                end = i + n.len_utf8();
                chars.next();
            }
            Kind::Num
        } else if c.is_alphabetic() {
            while let Some(&(i, n)) = chars.peek() {
                // "AFPMarch": a capital run, then a capitalised word.
                let glued = n.is_uppercase()
                    && text[..i].chars().last().is_some_and(char::is_uppercase)
                    && text[i + n.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_lowercase);
                if !(n.is_alphabetic() || n == '.' && is_abbreviation(&text[start..i])) || glued {
                    break;
                }
                end = i + n.len_utf8();
                chars.next();
            }
            Kind::Word
        } else {
            Kind::Punct
        };
        out.push(Token {
            kind,
            text: &text[start..end],
            ordinal: false,
            start,
            end,
        });
    }
    // "28th": the number takes its suffix.
    let mut merged: Vec<Token<'_>> = Vec::with_capacity(out.len());
    for token in out {
        if let Some(last) = merged.last_mut() {
            let suffix = ["st", "nd", "rd", "th"].contains(&token.text.to_lowercase().as_str());
            if last.kind == Kind::Num
                && token.kind == Kind::Word
                && suffix
                && last.end == token.start
            {
                last.ordinal = true;
                last.end = token.end;
                continue;
            }
        }
        merged.push(token);
    }
    merged
}

/// "a.m", "p.m": a full stop inside a word.
fn is_abbreviation(word: &str) -> bool {
    matches!(word.to_lowercase().as_str(), "a" | "p" | "a.m" | "p.m")
}

fn number(token: &Token<'_>) -> Option<u32> {
    if token.kind != Kind::Num {
        return None;
    }
    let digits = token.text.trim_end_matches(|c: char| c.is_alphabetic());
    digits.parse().ok()
}

fn is_punct(token: Option<&Token<'_>>, chars: &str) -> bool {
    token.is_some_and(|t| t.kind == Kind::Punct && chars.contains(t.text))
}

/// Offsets of the time zones stamps print. ("CST" is left out: China's or
/// America's Central time.)
fn zone(word: &str) -> Option<UtcOffset> {
    let (h, m) = match word.to_ascii_uppercase().as_str() {
        "GMT" | "UTC" | "Z" => (0, 0),
        "IST" => (5, 30),
        "PKT" => (5, 0),
        "NPT" => (5, 45),
        "BST" | "CET" | "WAT" => (1, 0),
        "CEST" | "EET" | "SAST" | "CAT" => (2, 0),
        "EEST" | "MSK" | "EAT" | "AST" => (3, 0),
        "GST" => (4, 0),
        "WIB" | "ICT" => (7, 0),
        "HKT" | "SGT" | "MYT" | "PHT" | "AWST" => (8, 0),
        "JST" | "KST" => (9, 0),
        "AEST" => (10, 0),
        "AEDT" => (11, 0),
        "EST" => (-5, 0),
        "EDT" => (-4, 0),
        "CDT" => (-5, 0),
        "MST" => (-7, 0),
        "MDT" => (-6, 0),
        "PST" => (-8, 0),
        "PDT" => (-7, 0),
        _ => return None,
    };
    UtcOffset::from_hms(h, if h < 0 { -m } else { m }, 0).ok()
}

/// American zones: a numeric date beside one is month first.
fn is_american_zone(word: &str) -> bool {
    matches!(
        word.to_ascii_uppercase().as_str(),
        "EST" | "EDT" | "CDT" | "MST" | "MDT" | "PST" | "PDT" | "ET" | "PT"
    )
}

/// A clock time at `i`: "05:24", "12:49 PM", "18:29 GMT", "2:59 p.m.",
/// "05:09 PM", "18:55 GMT+08:00". Returns it and the index after it.
fn time_at(tokens: &[Token<'_>], i: usize) -> Option<((Time, Option<UtcOffset>), usize)> {
    let hour = number(tokens.get(i)?)?;
    if !is_punct(tokens.get(i + 1), ":") || tokens[i].text.len() > 2 {
        return None;
    }
    let minute = number(tokens.get(i + 2)?).filter(|_| tokens[i + 2].text.len() == 2)?;
    let mut next = i + 3;
    let mut second = 0;
    if is_punct(tokens.get(next), ":") {
        if let Some(s) = tokens.get(next + 1).and_then(number) {
            second = s;
            next += 2;
        }
    }
    let mut hour = hour;
    if let Some(word) = tokens.get(next).filter(|t| t.kind == Kind::Word) {
        match word.text.to_lowercase().trim_end_matches('.') {
            "am" | "a.m" => {
                hour %= 12;
                next += 1;
            }
            "pm" | "p.m" => {
                hour = hour % 12 + 12;
                next += 1;
            }
            _ => {}
        }
    }
    let mut offset = None;
    if let Some(word) = tokens.get(next).filter(|t| t.kind == Kind::Word) {
        if let Some(z) = zone(word.text) {
            offset = Some(z);
            next += 1;
            // "GMT+08:00", "GMT+8", "UTC-5".
            if let (Some(sign), Some(h)) = (tokens.get(next), tokens.get(next + 1).and_then(number))
            {
                if sign.kind == Kind::Punct && (sign.text == "+" || sign.text == "-") && h <= 14 {
                    let mut m = 0;
                    let mut after = next + 2;
                    if is_punct(tokens.get(after), ":") {
                        m = tokens.get(after + 1).and_then(number).unwrap_or(0);
                        after += 2;
                    }
                    let (h, m) = (h as i8, m as i8);
                    let signed = if sign.text == "-" { (-h, -m) } else { (h, m) };
                    offset = UtcOffset::from_hms(signed.0, signed.1, 0).ok();
                    next = after;
                }
            }
        }
    }
    let time = Time::from_hms(
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        u8::try_from(second).ok()?,
    )
    .ok()?;
    Some(((time, offset), next))
}

/// A full date at `i`. Returns (date, other reading, index after).
fn date_at(tokens: &[Token<'_>], i: usize, american: bool) -> Option<(Date, Option<Date>, usize)> {
    iso_date_at(tokens, i)
        .or_else(|| numeric_date_at(tokens, i, american))
        .or_else(|| month_first_at(tokens, i))
        .or_else(|| day_first_at(tokens, i))
}

fn adjacent(tokens: &[Token<'_>], a: usize, b: usize) -> bool {
    tokens[a].end == tokens[b].start
}

/// ISO: "2017-03-14".
fn iso_date_at(tokens: &[Token<'_>], i: usize) -> Option<(Date, Option<Date>, usize)> {
    let t = tokens.get(i)?;
    if !(t.kind == Kind::Num && t.text.len() == 4 && is_punct(tokens.get(i + 1), "-")) {
        return None;
    }
    let m = tokens.get(i + 2).and_then(number)?;
    let d = tokens
        .get(i + 4)
        .and_then(number)
        .filter(|_| is_punct(tokens.get(i + 3), "-"))?;
    if !(adjacent(tokens, i, i + 1) && adjacent(tokens, i + 2, i + 3)) {
        return None;
    }
    let date = date_of(
        number(t)? as i32,
        u8::try_from(m).ok()?,
        u8::try_from(d).ok()?,
    )?;
    Some((date, None, i + 5))
}

/// Numeric: "05-12-2025", "12/05/2025", "05.12.2025"; day first unless
/// American (a slash beside an American time zone).
fn numeric_date_at(
    tokens: &[Token<'_>],
    i: usize,
    american: bool,
) -> Option<(Date, Option<Date>, usize)> {
    let t = tokens
        .get(i)
        .filter(|t| t.kind == Kind::Num && t.text.len() <= 2 && !t.ordinal)?;
    let sep = tokens
        .get(i + 1)
        .filter(|s| s.kind == Kind::Punct && "-/.".contains(s.text))?;
    let b = tokens
        .get(i + 2)
        .filter(|b| b.text.len() <= 2)
        .and_then(number)?;
    let year = tokens
        .get(i + 4)
        .filter(|y| y.text.len() == 4 && tokens[i + 3].text == sep.text)
        .and_then(number)?;
    if !(adjacent(tokens, i, i + 1)
        && adjacent(tokens, i + 1, i + 2)
        && adjacent(tokens, i + 3, i + 4))
    {
        return None;
    }
    let a = number(t)?;
    let (year, a, b) = (year as i32, u8::try_from(a).ok()?, u8::try_from(b).ok()?);
    let (date, other) = match (date_of(year, b, a), date_of(year, a, b)) {
        (Some(d), Some(m)) if d != m => {
            if american && sep.text == "/" {
                (m, Some(d))
            } else {
                (d, Some(m))
            }
        }
        (Some(d), _) => (d, None),
        (None, Some(m)) => (m, None),
        (None, None) => return None,
    };
    Some((date, other, i + 5))
}

/// Month first: "March 6, 2013", "Jun 10, 2017", "Sept. 20, 2016".
fn month_first_at(tokens: &[Token<'_>], i: usize) -> Option<(Date, Option<Date>, usize)> {
    let t = tokens.get(i).filter(|t| t.kind == Kind::Word)?;
    let month = dateline::month(t.text)?;
    let mut j = i + 1;
    if is_punct(tokens.get(j), ".") {
        j += 1;
    }
    let day = tokens
        .get(j)
        .and_then(number)
        .filter(|d| (1..=31).contains(d))?;
    year_after(tokens, j + 1, month, day)
}

/// Day first: "8 October 2009", "28th May 2020", "31st August, 2020".
fn day_first_at(tokens: &[Token<'_>], i: usize) -> Option<(Date, Option<Date>, usize)> {
    let t = tokens.get(i).filter(|t| t.kind == Kind::Num)?;
    let day = number(t).filter(|d| (1..=31).contains(d))?;
    let month = tokens
        .get(i + 1)
        .filter(|w| w.kind == Kind::Word)
        .and_then(|w| dateline::month(w.text))?;
    year_after(tokens, i + 2, month, day)
}

/// The date a month and day make with the four-digit year at token `j` (or
/// after a comma there), and the token after the year.
fn year_after(
    tokens: &[Token<'_>],
    mut j: usize,
    month: u8,
    day: u32,
) -> Option<(Date, Option<Date>, usize)> {
    if is_punct(tokens.get(j), ",") {
        j += 1;
    }
    let year = tokens
        .get(j)
        .filter(|y| y.text.len() == 4)
        .and_then(number)?;
    let date = date_of(year as i32, month, day as u8)?;
    Some((date, None, j + 1))
}

/// Tokens that may stand between a date and its time: "| 05:09 PM",
/// "/ 12:01 PM", ", Thursday, 8 October".
fn is_filler(token: &Token<'_>) -> bool {
    match token.kind {
        Kind::Punct => ",|/•·-@()".contains(token.text),
        Kind::Word => {
            let w = token.text.to_lowercase();
            dateline::WEEKDAYS.contains(&w.as_str()) || w == "at" || w == "on"
        }
        Kind::Num => false,
    }
}

fn label(word: &str) -> Option<StampKind> {
    match word.to_lowercase().as_str() {
        "updated" | "modified" | "edited" => Some(StampKind::Updated),
        "created" | "published" | "posted" | "issued" | "filed" => Some(StampKind::Created),
        _ => None,
    }
}

/// The full dates a stamp line prints, with their times and labels.
pub(crate) fn stamps(text: &str) -> Vec<Stamp> {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let tokens = tokens(text);
    let american = tokens
        .iter()
        .any(|t| t.kind == Kind::Word && is_american_zone(t.text));
    let times: Vec<(usize, usize, (Time, Option<UtcOffset>))> = (0..tokens.len())
        .filter_map(|i| time_at(&tokens, i).map(|(time, end)| (i, end, time)))
        .collect();
    let agency = super::agency::credit_line(text).is_some();
    let mut found = Vec::new();
    let mut i = 0;
    let mut last_end = 0;
    while i < tokens.len() {
        let Some((date, alternative, end)) = date_at(&tokens, i, american) else {
            i += 1;
            continue;
        };
        // Its time: just after it, else just before it.
        let after = times
            .iter()
            .find(|(start, _, _)| *start >= end && tokens[end..*start].iter().all(is_filler));
        let before = times.iter().rev().find(|(_, stop, _)| {
            *stop <= i && *stop >= last_end && tokens[*stop..i].iter().all(is_filler)
        });
        // A time with its zone wins ("18:29 GMT, Thursday, 8 October 2009
        // 19:29 UK").
        let zoned = |t: &&(usize, usize, (Time, Option<UtcOffset>))| t.2 .1.is_some();
        let time = after
            .filter(zoned)
            .or(before.filter(zoned))
            .or(after)
            .or(before)
            .map(|(_, _, t)| *t);
        let kind = tokens[last_end..i]
            .iter()
            .rev()
            .find_map(|t| label(t.text))
            .unwrap_or(StampKind::Plain);
        found.push(Stamp {
            date,
            alternative,
            time,
            kind,
            agency,
        });
        last_end = end;
        i = end;
    }
    found
}

/// The copy's date from its dateline and the page's stamps. A dateline's
/// month and day win (they are the agency's); a stamp within three days of
/// them gives the year (and the time, when it is the same day); with no
/// dateline date, the stamp that best names the copy's own time: one
/// beside the agency's name, then one labelled created or published, then
/// one unlabelled, then an "updated" one; the first of equals.
pub(crate) fn choose(
    dateline: Option<(MonthDay, Option<i32>)>,
    stamps: &[Stamp],
) -> Option<CopyDate> {
    let mut ranked: Vec<&Stamp> = stamps.iter().collect();
    ranked.sort_by_key(|s| -s.rank());
    let Some((md, year)) = dateline else {
        let best = ranked.first()?;
        return Some(CopyDate::from_parts(best.date, best.time));
    };
    let same_day = |date: Date| {
        ranked
            .iter()
            .find(|s| s.date == date && s.time.is_some_and(|(_, o)| o.is_some()))
            .map(|s| CopyDate::from_parts(date, s.time))
            .unwrap_or(CopyDate::Date(date))
    };
    if let Some(date) = year.and_then(|y| date_of(y, md.month, md.day)) {
        return Some(same_day(date));
    }
    for stamp in &ranked {
        for near in std::iter::once(stamp.date).chain(stamp.alternative) {
            let close = (near.year() - 1..=near.year() + 1)
                .filter_map(|y| date_of(y, md.month, md.day))
                .find(|d| (*d - near).whole_days().abs() <= 3);
            if let Some(date) = close {
                return Some(same_day(date));
            }
        }
    }
    Some(CopyDate::MonthDay(md))
}

/// An agency's time as a structured format gives it: RFC 3339
/// ("2018-10-21T16:25:32-05:00"), RFC 2822 (RSS), NITF's compact form
/// ("20151210T191044Z", "20161011T001327+0100"), an offset without its
/// colon, or a date alone. Without an offset it is a date.
pub(crate) fn agency_time(raw: &str) -> Option<CopyDate> {
    let raw = raw.trim();
    if !raw.is_ascii() {
        return None;
    }
    let dated = |at: OffsetDateTime| {
        (at.year() >= 1).then(|| {
            CopyDate::DateTime(
                PrimitiveDateTime::new(
                    at.date(),
                    at.time().replace_nanosecond(0).unwrap_or(at.time()),
                ),
                at.offset(),
            )
        })
    };
    if let Ok(at) =
        OffsetDateTime::parse(raw, &Rfc3339).or_else(|_| OffsetDateTime::parse(raw, &Rfc2822))
    {
        return dated(at);
    }
    // Normalise the compact and colonless shapes to RFC 3339 and try again.
    let (date, rest) = match raw.split_once('T') {
        Some((date, rest)) => (date, Some(rest)),
        None => (raw, None),
    };
    let date_digits: String = date.chars().filter(char::is_ascii_digit).collect();
    let date_ok = date_digits.len() == 8
        && (date.len() == 8 || (date.len() == 10 && date.matches('-').count() == 2));
    if !date_ok {
        return None;
    }
    let (y, m, d) = (&date_digits[..4], &date_digits[4..6], &date_digits[6..]);
    let calendar = date_of(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
    let Some(rest) = rest else {
        return Some(CopyDate::Date(calendar));
    };
    let clock: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ':')
        .collect();
    let clock_digits: String = clock.chars().filter(char::is_ascii_digit).collect();
    if clock_digits.len() < 6 {
        return None;
    }
    let mut zone = &rest[clock.len()..];
    if let Some(fraction) = zone.strip_prefix('.') {
        zone = fraction.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    if zone.is_empty() {
        return Some(CopyDate::Date(calendar));
    }
    let zone = if zone == "Z" {
        "+0000".to_owned()
    } else {
        zone.replace(':', "")
    };
    if zone.len() != 5 {
        return None;
    }
    let text = format!(
        "{y}-{m}-{d}T{}:{}:{}{}:{}",
        &clock_digits[..2],
        &clock_digits[2..4],
        &clock_digits[4..6],
        &zone[..3],
        &zone[3..]
    );
    OffsetDateTime::parse(&text, &Rfc3339).ok().and_then(dated)
}

/// Metadata keys that carry the agency's time for the copy, best first.
const METADATA_TIMES: &[&str] = &[
    "versioncreated",
    "version_created",
    "issued",
    "firstcreated",
    "first_created",
    "published",
    "updated",
    "date",
];

/// The copy's date from a format's metadata: its times ("versioncreated",
/// NITF's "issued", RSS's "published", …), an ANPA "11-13" date, or a
/// page's "Date: 8th May 2007" field.
pub(crate) fn from_metadata(metadata: &Map<String, Value>) -> Option<CopyDate> {
    METADATA_TIMES.iter().find_map(|key| {
        let raw = metadata.get(*key)?.as_str()?;
        agency_time(raw)
            .or_else(|| month_day_only(raw).map(CopyDate::MonthDay))
            .or_else(|| choose(None, &stamps(raw)))
    })
}

/// "11-13": ANPA's month and day.
fn month_day_only(raw: &str) -> Option<MonthDay> {
    let (m, d) = raw.trim().split_once('-')?;
    let (month, day): (u8, u8) = (m.parse().ok()?, d.parse().ok()?);
    (m.len() == 2 && d.len() == 2 && (1..=12).contains(&month) && (1..=31).contains(&day))
        .then_some(MonthDay { month, day })
}

/// A month and day without a year ("--05-14") given the year of `received`
/// when that date falls from ten days before to two days after it (a copy
/// filed on 31 December and received on 2 January takes the earlier
/// year). Anything else is returned unchanged.
pub fn complete_year(copy_date: &str, received: Date) -> String {
    let month_day = copy_date.strip_prefix("--").and_then(month_day_only);
    let Some(md) = month_day else {
        return copy_date.to_owned();
    };
    (received.year() - 1..=received.year() + 1)
        .filter_map(|y| date_of(y, md.month, md.day))
        .find(|d| (-2..=10).contains(&(received - *d).whole_days()))
        .map_or_else(|| copy_date.to_owned(), iso_date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn first(text: &str) -> Option<String> {
        choose(None, &stamps(text)).map(|d| d.iso())
    }

    #[test]
    fn stamp_lines_in_every_shape() {
        for (line, want) in [
            (
                "Reuters | Updated: 17-08-2024 09:41 IST | Created: 17-08-2024 09:41 IST",
                "2024-08-17T09:41:00+05:30",
            ),
            ("April 9, 2015 / 10:20 AM / 3 years ago", "2015-04-09"),
            ("June 2, 2021 / 8:15 AM", "2021-06-02"),
            ("Wed Apr 28, 2021", "2021-04-28"),
            ("Sat Jul 14, 2018 09:12:05", "2018-07-14"),
            ("12:49 PM, Jun 10, 2017", "2017-06-10"),
            ("June 10, 2017 2:59 PM EDT", "2017-06-10T14:59:00-04:00"),
            (
                "Page last updated at 07:15 GMT, Thursday, 21 February 2019 07:15 UK",
                "2019-02-21T07:15:00Z",
            ),
            (
                "Last Updated : Feb 3, 2021 09:05 AM IST | Source: PTI",
                "2021-02-03T09:05:00+05:30",
            ),
            (
                "First Published On : Oct 30, 2018 21:40 IST",
                "2018-10-30T21:40:00+05:30",
            ),
            (
                "Updated : 2022-06-11 07:05 GMT+08:00",
                "2022-06-11T07:05:00+08:00",
            ),
            ("Source: Xinhua   2019-06-02 08:12:05", "2019-06-02"),
            ("AFPMarch 14, 2019", "2019-03-14"),
            ("Xinhua, March 9, 2018 Adjust font size:", "2018-03-09"),
            (
                "Jane Roe 2 minutes ago Thu 28th May 2020 | 05:09 PM",
                "2020-05-28",
            ),
            ("date 2020-03-06", "2020-03-06"),
            (
                "Desk Team | Published: March 12, 2014 00:00:00 | Updated: May 02, 2019 00:00:00",
                "2014-03-12",
            ),
        ] {
            assert_eq!(first(line).as_deref(), Some(want), "{line}");
        }
    }

    #[test]
    fn lines_without_a_full_date() {
        for line in [
            "5 months ago",
            "Reuters Staff",
            "1 Min Read",
            "At 9am, the unit fell.",
            "May 14",
        ] {
            assert_eq!(first(line), None, "{line}");
        }
    }

    #[test]
    fn created_beats_updated_and_the_agencys_stamp_beats_the_pages() {
        let mut all = stamps("Updated: 2021-03-05 18:55");
        all.extend(stamps("Created: 2008-10-20 11:00"));
        assert_eq!(
            choose(None, &all).map(|d| d.iso()).as_deref(),
            Some("2008-10-20")
        );
        let mut all = stamps("March 15, 2019");
        all.extend(stamps("AFPMarch 14, 2019"));
        assert_eq!(
            choose(None, &all).map(|d| d.iso()).as_deref(),
            Some("2019-03-14")
        );
    }

    #[test]
    fn numeric_dates_are_day_first_unless_american_or_the_dateline_says() {
        assert_eq!(first("Updated: 05-12-2025").as_deref(), Some("2025-12-05"));
        assert_eq!(
            first("Posted 12/05/2025 10:00 AM EST").as_deref(),
            Some("2025-12-05T10:00:00-05:00")
        );
        assert_eq!(first("Posted 25/12/2025").as_deref(), Some("2025-12-25"));
        // The dateline's "May 12" picks the other reading of 05-12-2025.
        let md = MonthDay { month: 5, day: 12 };
        assert_eq!(
            choose(Some((md, None)), &stamps("Updated: 05-12-2025"))
                .map(|d| d.iso())
                .as_deref(),
            Some("2025-05-12")
        );
    }

    #[test]
    fn a_dateline_date_takes_its_year_from_a_stamp_near_it() {
        let md = MonthDay { month: 4, day: 9 };
        let s = stamps("April 9, 2015 / 10:20 AM / 3 years ago");
        assert_eq!(
            choose(Some((md, None)), &s).map(|d| d.iso()).as_deref(),
            Some("2015-04-09")
        );
        let s = stamps("Updated: 2015-04-10 09:00 GMT");
        assert_eq!(
            choose(Some((md, None)), &s).map(|d| d.iso()).as_deref(),
            Some("2015-04-09")
        );
        // A stamp from a page migration years later says nothing of the year.
        let s = stamps("Updated: 2021-08-05 18:55");
        assert_eq!(
            choose(Some((md, None)), &s).map(|d| d.iso()).as_deref(),
            Some("--04-09")
        );
        // Across the new year.
        let md = MonthDay { month: 12, day: 31 };
        let s = stamps("Updated: 2017-01-01 09:00");
        assert_eq!(
            choose(Some((md, None)), &s).map(|d| d.iso()).as_deref(),
            Some("2016-12-31")
        );
        // The same day, with a zone: the stamp's time.
        let md = MonthDay { month: 8, day: 17 };
        let s = stamps("Reuters | Updated: 17-08-2024 09:41 IST");
        assert_eq!(
            choose(Some((md, None)), &s).map(|d| d.iso()).as_deref(),
            Some("2024-08-17T09:41:00+05:30")
        );
        // A dateline with its year.
        let md = MonthDay { month: 5, day: 28 };
        assert_eq!(
            choose(Some((md, Some(2020))), &[])
                .map(|d| d.iso())
                .as_deref(),
            Some("2020-05-28")
        );
        assert_eq!(
            choose(Some((md, None)), &[]).map(|d| d.iso()).as_deref(),
            Some("--05-28")
        );
    }

    #[test]
    fn agency_times_keep_their_offset() {
        for (raw, want) in [
            (
                "2018-10-21T16:25:32-05:00",
                Some("2018-10-21T16:25:32-05:00"),
            ),
            ("2014-07-17T00:24:11.000Z", Some("2014-07-17T00:24:11Z")),
            (
                "2017-10-11T10:41:00+0100",
                Some("2017-10-11T10:41:00+01:00"),
            ),
            (
                "Wed, 14 Jun 2017 11:02:45 -0700",
                Some("2017-06-14T11:02:45-07:00"),
            ),
            ("20151210T191044Z", Some("2015-12-10T19:10:44Z")),
            ("20161011T001327+0100", Some("2016-10-11T00:13:27+01:00")),
            ("20141126T152703", Some("2014-11-26")),
            ("2020-09-07T14:45:26", Some("2020-09-07")),
            ("2020-09-07", Some("2020-09-07")),
            ("yesterday", None),
            ("2026-13-40T00:00:00Z", None),
            ("日本", None),
        ] {
            assert_eq!(agency_time(raw).map(|d| d.iso()).as_deref(), want, "{raw}");
        }
    }

    #[test]
    fn metadata_dates_of_every_format() {
        let meta = |v: Value| v.as_object().cloned().unwrap_or_default();
        let iso = |v: Value| from_metadata(&meta(v)).map(|d| d.iso());
        assert_eq!(
            iso(serde_json::json!({"firstcreated": "2019-08-09T09:30:04Z", "versioncreated": "2019-08-09T09:46:53Z"})).as_deref(),
            Some("2019-08-09T09:46:53Z")
        );
        assert_eq!(
            iso(serde_json::json!({"date": "11-13"})).as_deref(),
            Some("--11-13")
        );
        assert_eq!(
            iso(serde_json::json!({"date": "8th May 2007"})).as_deref(),
            Some("2007-05-08")
        );
        assert_eq!(
            iso(serde_json::json!({"issued": "20190703T040512Z"})).as_deref(),
            Some("2019-07-03T04:05:12Z")
        );
        assert_eq!(iso(serde_json::json!({"subjects": ["x"]})), None);
    }

    #[test]
    fn stored_dates_read_back_with_their_day() {
        for (iso, day) in [
            ("2025-12-05T05:24:00+05:30", Some(date!(2025 - 12 - 05))),
            ("2025-12-04T23:30:00-05:00", Some(date!(2025 - 12 - 04))),
            ("2025-12-05", Some(date!(2025 - 12 - 05))),
            ("--05-14", None),
        ] {
            let parsed = CopyDate::parse(iso).unwrap_or_else(|| panic!("{iso}"));
            assert_eq!(parsed.iso(), iso);
            assert_eq!(parsed.day(), day, "{iso}");
        }
        assert_eq!(CopyDate::parse("--13-40"), None);
        assert_eq!(CopyDate::parse("Tuesday"), None);
    }

    #[test]
    fn a_month_and_day_takes_the_year_it_was_received_in() {
        assert_eq!(
            complete_year("--05-14", date!(2026 - 05 - 15)),
            "2026-05-14"
        );
        assert_eq!(
            complete_year("--12-31", date!(2027 - 01 - 02)),
            "2026-12-31"
        );
        // Received long after: the year is not known.
        assert_eq!(complete_year("--05-14", date!(2026 - 09 - 01)), "--05-14");
        assert_eq!(
            complete_year("2013-03-06", date!(2026 - 09 - 01)),
            "2013-03-06"
        );
    }
}
