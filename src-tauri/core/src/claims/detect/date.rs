//! Dates: time references that anchor an event ("on Wednesday", "last
//! month", "in April", "June 3, 2021", "3 June", "Sept. 9-13", "in 2019",
//! "9:35 a.m.", "the fourth quarter of 2018", "Anzac Day").
//!
//! Values are resolved against the reference date when there is one (the
//! copy's own date, else the day it was received): a weekday is the latest
//! such day on or before it ("last Monday": strictly before; "next Monday":
//! strictly after), a month alone the latest such month on or before it, a
//! day and month without a year take the reference's year, or the year
//! before when that would put them after it. No date in past-tense copy
//! resolves after the reference.
//!
//! Future tense turns this round: a date in a clause whose verb is in the
//! future ("will meet on Friday", "talks are scheduled for March 9", "the
//! vote is due in April") is the first such day or month on or after the
//! reference, and a day and month take the next year when the reference's
//! would put them before it. The tense is read from the words of the
//! sentence around the date ([`future_tense`]): walking back from the date
//! (then, when that settles nothing, on from it), the first future word
//! ("will", "shall", "'ll", "won't", "scheduled", "upcoming", "expected",
//! "planned"; "due", "plans", "going", "intends", "aims" before "to", but
//! not "due to" a cause: "due to the storm") makes it future, the first
//! past one ("said", "was", "were", "had", a word in -ed, a common
//! irregular past: "rose", "met", "held", ...; not a passive after "be":
//! "will be held") or the sentence's edge makes it past. "would" is left
//! out: reported speech about the past uses it as often as about the
//! future. "next week", "the coming year" and "tomorrow" point forward
//! whatever the tense.
//!
//! Without a reference the value says what is known: "Wednesday", "April",
//! "--06-03" (ISO 8601 without a year), "last month".

use time::{Date, Duration, Month};

use super::token::Token;
use super::{lexicon, number, Claim, Scan};
use crate::claims::ClaimKind;

/// Runs every date rule over the body.
pub(super) fn find(scan: &mut Scan) {
    let mut i = 0;
    let mut free_from = 0;
    while i < scan.tokens.len() {
        let tokens = &scan.tokens;
        // Taken already: the opening dateline's date is metadata.
        if scan.taken[i] || !may_start_date(&tokens[i]) {
            i += 1;
            continue;
        }
        let reference = scan.reference;
        let found = numeric_date(tokens, i)
            .or_else(|| time_of_day(tokens, i))
            .or_else(|| month_date(tokens, i, reference))
            .or_else(|| day_month_date(tokens, i, reference))
            .or_else(|| weekday(tokens, i, reference))
            .or_else(|| relative(tokens, i, reference))
            .or_else(|| quarter(tokens, i, reference))
            .or_else(|| holiday(tokens, i))
            .or_else(|| year(tokens, i));
        match found {
            Some(_) if scan.any_taken(i, found.as_ref().map_or(i, |c| c.last)) => i += 1,
            Some(mut claim) => {
                claim.first = claim.first.max(free_from);
                while scan.taken[claim.first] {
                    claim.first += 1;
                }
                i = claim.last + 1;
                free_from = i;
                scan.push(claim);
            }
            None => i += 1,
        }
    }
}

/// Whether a date rule can start at this token: a figure, a capitalised
/// word, or one of the few lower-case words relative dates start with.
fn may_start_date(token: &Token) -> bool {
    match token.shape {
        super::token::Shape::Number => true,
        super::token::Shape::Mark => false,
        super::token::Shape::Word => {
            token.is_capitalised()
                || lexicon::with_lower(token.text, |w| {
                    matches!(
                        w,
                        "yesterday"
                            | "today"
                            | "tomorrow"
                            | "tonight"
                            | "a"
                            | "an"
                            | "less"
                            | "more"
                            | "the"
                            | "end"
                            | "start"
                            | "beginning"
                            | "middle"
                            | "turn"
                            | "close"
                            | "earlier"
                            | "later"
                            | "early"
                            | "late"
                            | "first"
                            | "second"
                            | "third"
                            | "fourth"
                    ) || MODIFIERS.contains(&w)
                        || lexicon::cardinal(w).is_some()
                })
        }
    }
}

fn date_claim(first: usize, last: usize, value: String, rule: &'static str) -> Option<Claim> {
    Some(Claim {
        kind: ClaimKind::Date,
        first,
        last,
        value: Some(value),
        rule,
        relative: false,
        forward: false,
    })
}

/// A date whose value was counted from the reference date (when there is
/// one), forward from it when `direction` points ahead.
fn resolved(
    first: usize,
    last: usize,
    value: String,
    rule: &'static str,
    direction: Direction,
) -> Option<Claim> {
    let mut claim = date_claim(first, last, value, rule)?;
    claim.relative = true;
    claim.forward = matches!(direction, Direction::Next | Direction::Ahead);
    Some(claim)
}

/// Words a date takes in front of it ("on", "in April", "late on Monday").
const PREFIXES: &[&str] = &[
    "on", "in", "since", "until", "till", "by", "from", "early", "late", "earlier", "later",
    "during", "through", "last", "next", "this", "before", "after",
];

/// The first token of the date whose head is token `head`, taking up to
/// `max` prefix words and a glued "mid-".
fn with_prefix(tokens: &[Token], head: usize, max: usize) -> usize {
    let mut first = head;
    if first >= 2
        && tokens[first].glued()
        && tokens[first - 1].is_mark('-')
        && tokens[first - 1].glued()
        && tokens[first - 2].is("mid")
    {
        first -= 2;
    }
    for _ in 0..max {
        if first == 0 || tokens[first].paragraph_start {
            break;
        }
        let before = &tokens[first - 1];
        if before.is_word() && PREFIXES.iter().any(|p| before.is(p)) {
            first -= 1;
        } else {
            break;
        }
    }
    first
}

/// Which way a date points from the reference date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// On or before the reference (past tense, the usual case in news).
    Recent,
    /// Strictly before ("last Monday", "last month").
    Last,
    /// The current one ("this week", "this year").
    This,
    /// Strictly after ("next week", "the coming year").
    Next,
    /// On or after the reference (future tense: "will meet on Friday").
    Ahead,
}

fn direction(tokens: &[Token], first: usize, last: usize) -> Direction {
    let span = &tokens[first..=last];
    if span
        .iter()
        .any(|t| t.is("next") || t.is("coming") || t.is("following"))
    {
        Direction::Next
    } else if span
        .iter()
        .any(|t| t.is("last") || t.is("previous") || t.is("past"))
    {
        Direction::Last
    } else if span.iter().any(|t| t.is("this") || t.is("current")) {
        Direction::This
    } else if future_tense(tokens, first, last) {
        Direction::Ahead
    } else {
        Direction::Recent
    }
}

/// Words that put the clause they are in in the future.
const FUTURE_WORDS: &[&str] = &[
    "will",
    "shall",
    "scheduled",
    "upcoming",
    "expected",
    "planned",
];

/// Words that do so only before "to" ("due to vote", "plans to meet",
/// "going to"): "due to rain", "its plans on Friday" are no future.
const FUTURE_BEFORE_TO: &[&str] = &["due", "plans", "plan", "going", "intends", "aims"];

/// Common irregular past forms (a word in -ed is past too).
const PAST_WORDS: &[&str] = &[
    "said", "told", "was", "were", "had", "did", "rose", "fell", "met", "held", "took", "made",
    "came", "went", "gave", "left", "won", "lost", "began", "spoke", "wrote", "saw", "sent", "led",
    "hit", "struck", "killed", "found", "brought", "became", "ran", "paid", "sold", "bought",
    "kept", "felt", "shot", "stood", "thought", "knew", "got", "put", "set", "cut", "grew",
];

/// How far from a date its tense is looked for, in tokens.
const TENSE_BACK: usize = 10;
const TENSE_ON: usize = 6;

/// Whether the date over tokens `first..=last` sits in a future-tense
/// clause (see the module doc): walking back from it to the sentence's
/// start (at most [`TENSE_BACK`] tokens), then, when nothing settled the
/// tense, on from it to the sentence's end (at most [`TENSE_ON`]).
fn future_tense(tokens: &[Token], first: usize, last: usize) -> bool {
    let tense = |i: usize| -> Option<bool> {
        let t = &tokens[i];
        if !t.is_word() {
            return None;
        }
        // "he'll", "won't": the apostrophe splits them.
        let contraction =
            i >= 2 && t.glued() && tokens[i - 1].glued() && is_apostrophe(&tokens[i - 1]);
        if contraction && (t.is("ll") || (t.is("t") && tokens[i - 2].is("won"))) {
            return Some(true);
        }
        let won_t = t.is("won")
            && tokens
                .get(i + 1)
                .is_some_and(|a| a.glued() && is_apostrophe(a))
            && tokens.get(i + 2).is_some_and(|n| n.glued() && n.is("t"));
        if won_t {
            return Some(true);
        }
        if FUTURE_WORDS.iter().any(|w| t.is(w)) {
            return Some(true);
        }
        let to = tokens.get(i + 1).is_some_and(|n| n.is("to"));
        if to && FUTURE_BEFORE_TO.iter().any(|w| t.is(w)) {
            if t.is("due") && tokens.get(i + 2).is_some_and(is_cause) {
                return None;
            }
            return Some(true);
        }
        let lower = t.text.to_ascii_lowercase();
        let past = PAST_WORDS.contains(&lower.as_str())
            || (lower.len() > 4 && lower.ends_with("ed") && !t.is_capitalised());
        // "will be held", "is to be debated": a passive, not the past.
        let passive = i > 0 && (tokens[i - 1].is("be") || tokens[i - 1].is("being"));
        (past && !passive).then_some(false)
    };
    let ends_sentence =
        |t: &Token| t.shape == super::token::Shape::Mark && matches!(t.text, "." | "!" | "?" | ";");
    let mut i = first;
    for _ in 0..TENSE_BACK {
        if i == 0 || tokens[i].paragraph_start || ends_sentence(&tokens[i - 1]) {
            break;
        }
        i -= 1;
        if let Some(future) = tense(i) {
            return future;
        }
    }
    for i in (last + 1..tokens.len()).take(TENSE_ON) {
        if tokens[i].paragraph_start || ends_sentence(&tokens[i]) {
            break;
        }
        if let Some(future) = tense(i) {
            return future;
        }
    }
    false
}

/// What "due to" names as a cause rather than a plan: an article, a
/// possessive or a noun-like word ("due to the storm", "due to rain").
fn is_cause(token: &Token) -> bool {
    let verb_like = [
        "be", "meet", "vote", "start", "begin", "open", "hold", "take", "make", "sign", "resume",
        "visit", "return", "end", "close", "arrive", "leave", "announce", "report", "release",
        "decide", "rule", "travel", "hear", "face",
    ];
    !verb_like.iter().any(|w| token.is(w))
}

fn is_apostrophe(token: &Token) -> bool {
    token.is_mark('\'') || token.is_mark('’')
}

fn ymd(year: i32, month: u8, day: u8) -> Option<Date> {
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

fn iso(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// The day `month`/`day` without a year: in the reference's year, or the
/// year before when that would put it after the reference; looking ahead,
/// the year after when the reference's would put it before. (A 29
/// February looks up to four years for a leap year.)
fn day_of(reference: Date, month: u8, day: u8, direction: Direction) -> Option<Date> {
    let year = reference.year();
    if matches!(direction, Direction::Next | Direction::Ahead) {
        (0..=4)
            .filter_map(|dy| ymd(year + dy, month, day))
            .find(|d| *d >= reference)
    } else {
        (0..=4)
            .filter_map(|dy| ymd(year - dy, month, day))
            .find(|d| *d <= reference)
    }
}

fn month_of(reference: Date, month: u8, direction: Direction) -> (i32, u8) {
    let current = u8::from(reference.month());
    let year = reference.year();
    let year = match direction {
        Direction::Next if month <= current => year + 1,
        Direction::Ahead if month < current => year + 1,
        Direction::Next | Direction::Ahead | Direction::This => year,
        Direction::Recent if month <= current => year,
        Direction::Last if month < current => year,
        Direction::Recent | Direction::Last => year - 1,
    };
    (year, month)
}

fn weekday_of(reference: Date, weekday: u8, direction: Direction) -> Date {
    let today = reference.weekday().number_days_from_monday();
    let back = i64::from((today + 7 - weekday) % 7);
    let ahead = i64::from((weekday + 7 - today) % 7);
    match direction {
        Direction::Next => reference + Duration::days(if ahead == 0 { 7 } else { ahead }),
        Direction::Ahead => reference + Duration::days(ahead),
        Direction::Last => reference - Duration::days(if back == 0 { 7 } else { back }),
        Direction::Recent | Direction::This => reference - Duration::days(back),
    }
}

/// A four-digit year figure from 1800 to 2100.
fn year_value(token: &Token) -> Option<i32> {
    if !token.is_number() || token.text.len() != 4 {
        return None;
    }
    let year: i32 = token.text.parse().ok()?;
    (1800..=2100).contains(&year).then_some(year)
}

/// A day-of-month figure (1-31, at most two digits).
fn day_value(token: &Token) -> Option<u8> {
    if !token.is_number() || token.text.len() > 2 {
        return None;
    }
    token.text.parse().ok().filter(|d| (1..=31).contains(d))
}

/// "st", "nd", "rd", "th" glued to a figure.
fn ordinal_suffix(token: Option<&Token>) -> bool {
    token.is_some_and(|t| t.glued() && ["st", "nd", "rd", "th"].iter().any(|s| t.is(s)))
}

/// "am", "pm", "a.m.", "p.m." after token `last`: the last token it spans
/// and whether it is afternoon.
fn meridiem_after(tokens: &[Token], last: usize) -> Option<(usize, bool)> {
    let next = tokens.get(last + 1)?;
    if next.is("am") || next.is("pm") {
        return Some((last + 1, next.is("pm")));
    }
    if !(next.is("a") || next.is("p")) {
        return None;
    }
    let (dot, m) = (tokens.get(last + 2)?, tokens.get(last + 3)?);
    if !dot.is_mark('.') || !dot.glued() || !m.is("m") || !m.glued() {
        return None;
    }
    let end = match tokens.get(last + 4) {
        Some(t) if t.is_mark('.') && t.glued() => last + 4,
        _ => last + 3,
    };
    Some((end, next.is("p")))
}

/// Dates in figures: "2021-09-16", "16-09-2021", "16/09/2021",
/// "16.09.2021". With the year last, the day comes first unless the middle
/// part cannot be a month ("09/16/2021").
fn numeric_date(tokens: &[Token], i: usize) -> Option<Claim> {
    let token = &tokens[i];
    if !token.is_number() || (i > 0 && token.glued() && !tokens[i - 1].is_mark('(')) {
        return None;
    }
    let (parts, last): (Vec<&str>, usize) = if token.text.matches('.').count() == 2 {
        (token.text.split('.').collect(), i)
    } else {
        let next: Vec<&Token> = tokens.iter().skip(i + 1).take(4).collect();
        let [dash, middle, dash2, end] = next.as_slice() else {
            return None;
        };
        let separated = (dash.is_mark('-') || dash.is_mark('/')) && dash2.text == dash.text;
        let glued = next.iter().all(|t| t.glued());
        if !separated || !glued || !middle.is_number() || !end.is_number() {
            return None;
        }
        (vec![token.text, middle.text, end.text], i + 4)
    };
    let numbers: Vec<u32> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<Vec<u32>>>()?;
    let (year, month, day) = match (parts[0].len(), parts[2].len()) {
        (4, _) => (numbers[0], numbers[1], numbers[2]),
        (_, 4) if numbers[1] > 12 => (numbers[2], numbers[0], numbers[1]),
        (_, 4) => (numbers[2], numbers[1], numbers[0]),
        _ => return None,
    };
    let date = ymd(
        i32::try_from(year).ok()?,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
    )?;
    date_claim(with_prefix(tokens, i, 1), last, iso(date), "numeric_date")
}

/// Clock times: "9:35 a.m.", "12.50 pm", "03:36", "1730 GMT", "9 am".
fn time_of_day(tokens: &[Token], i: usize) -> Option<Claim> {
    let token = &tokens[i];
    if !token.is_number() || (i > 0 && token.glued() && !tokens[i - 1].is_mark('(')) {
        return None;
    }
    let text = token.text;
    let (hour, minute, mut last, clock): (u32, u32, usize, bool) = if text.len() <= 2
        && tokens
            .get(i + 1)
            .is_some_and(|c| c.is_mark(':') && c.glued())
        && tokens
            .get(i + 2)
            .is_some_and(|m| m.is_number() && m.glued() && m.text.len() == 2)
    {
        (
            text.parse().ok()?,
            tokens[i + 2].text.parse().ok()?,
            i + 2,
            true,
        )
    } else if let Some((h, m)) = text
        .split_once('.')
        .filter(|(h, m)| h.len() <= 2 && m.len() == 2)
    {
        (h.parse().ok()?, m.parse().ok()?, i, false)
    } else if text.len() <= 2 {
        (text.parse().ok()?, 0, i, false)
    } else if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
        (text[..2].parse().ok()?, text[2..].parse().ok()?, i, false)
    } else {
        return None;
    };
    let mut hour = hour;
    let meridiem = meridiem_after(tokens, last);
    if let Some((end, afternoon)) = meridiem {
        if !(1..=12).contains(&hour) {
            return None;
        }
        hour = match (afternoon, hour) {
            (true, 12) => 12,
            (true, h) => h + 12,
            (false, 12) => 0,
            (false, h) => h,
        };
        last = end;
    }
    let zone = tokens
        .get(last + 1)
        .filter(|z| z.is_word() && lexicon::is_time_zone(z.text));
    if zone.is_some() {
        last += 1;
    }
    let four_digits = text.len() == 4 && !clock;
    if (meridiem.is_none() && zone.is_none() && !clock)
        || (four_digits && zone.is_none())
        || hour > 24
        || minute > 59
    {
        return None;
    }
    let mut value = format!("{hour:02}:{minute:02}");
    if let Some(zone) = zone {
        value = format!("{value} {}", zone.text);
    }
    date_claim(i, last, value, "time_of_day")
}

/// Month first: "June 3, 2021", "Sept. 9-13", "Nov 3", "in April",
/// "May 2017", "mid-June", "September's".
fn month_date(tokens: &[Token], i: usize, reference: Option<Date>) -> Option<Claim> {
    let token = &tokens[i];
    if !token.is_word() {
        return None;
    }
    let (month, short) = lexicon::month(token.text)?;
    let mut last = i;
    if short
        && tokens
            .get(i + 1)
            .is_some_and(|t| t.is_mark('.') && t.glued())
    {
        last += 1;
    }
    let mut days = None;
    if let Some(day) = tokens.get(last + 1).and_then(day_value) {
        last += 1;
        let mut end_day = day;
        if ordinal_suffix(tokens.get(last + 1)) {
            last += 1;
        }
        let dash = tokens.get(last + 1);
        let to = tokens.get(last + 2);
        if let (Some(dash), Some(to)) = (dash, to) {
            if dash.is_mark('-') && dash.glued() && to.glued() {
                if let Some(to_day) = day_value(to).filter(|d| *d > day) {
                    end_day = to_day;
                    last += 2;
                }
            }
        }
        days = Some((day, end_day));
    }
    let year_at = if tokens.get(last + 1).is_some_and(|t| t.is_mark(',')) {
        last + 2
    } else {
        last + 1
    };
    let year = tokens
        .get(year_at)
        .filter(|_| {
            !tokens
                .get(year_at + 1)
                .is_some_and(|n| n.is_word() && n.glued())
        })
        .and_then(year_value);
    if year.is_some() {
        last = year_at;
    }
    let first = with_prefix(tokens, i, 2);
    let bare = days.is_none() && year.is_none();
    if bare && first == i && (short || token.text == "May") {
        return None; // "May" the verb, "Jan" the name
    }
    let value = match (days, year, reference) {
        (Some((day, end_day)), year, reference) => {
            // A range's end takes its start's year ("Sept. 9-13").
            let start_year = match (year, reference) {
                (Some(y), _) => Some(y),
                (None, Some(r)) => {
                    Some(day_of(r, month, day, direction(tokens, first, last))?.year())
                }
                (None, None) => None,
            };
            let date = |d: u8| match start_year {
                Some(y) => ymd(y, month, d).map(iso),
                None => Some(format!("--{month:02}-{d:02}")),
            };
            let start = date(day)?;
            if end_day == day {
                start
            } else {
                format!("{start}/{}", date(end_day)?)
            }
        }
        (None, Some(y), _) => format!("{y:04}-{month:02}"),
        (None, None, Some(r)) => {
            let (y, m) = month_of(r, month, direction(tokens, first, last));
            format!("{y:04}-{m:02}")
        }
        (None, None, None) => capitalised(lexicon::MONTHS[usize::from(month) - 1]),
    };
    if year.is_none() && reference.is_some() {
        return resolved(
            first,
            last,
            value,
            "calendar_date",
            direction(tokens, first, last),
        );
    }
    date_claim(first, last, value, "calendar_date")
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Day first: "3 June", "3rd of June 2021", "on 9 December".
fn day_month_date(tokens: &[Token], i: usize, reference: Option<Date>) -> Option<Claim> {
    let day = day_value(&tokens[i])?;
    if i > 0 && tokens[i].glued() && !tokens[i - 1].is_mark('(') {
        return None;
    }
    let mut at = i + 1;
    if ordinal_suffix(tokens.get(at)) {
        at += 1;
    }
    if tokens.get(at).is_some_and(|t| t.is("of")) {
        at += 1;
    }
    let (month, short) = tokens
        .get(at)
        .filter(|t| t.is_word())
        .and_then(|t| lexicon::month(t.text))?;
    let mut last = at;
    // "3 Sept.", but not the full stop after "20 March."
    if short
        && tokens
            .get(last + 1)
            .is_some_and(|t| t.is_mark('.') && t.glued())
    {
        last += 1;
    }
    let year = tokens.get(last + 1).and_then(year_value);
    if year.is_some() {
        last += 1;
    }
    let first = with_prefix(tokens, i, 2);
    match (year, reference) {
        (Some(y), _) => date_claim(first, last, iso(ymd(y, month, day)?), "day_month_date"),
        (None, Some(r)) => {
            let direction = direction(tokens, first, last);
            let value = iso(day_of(r, month, day, direction)?);
            resolved(first, last, value, "day_month_date", direction)
        }
        (None, None) => date_claim(
            first,
            last,
            format!("--{month:02}-{day:02}"),
            "day_month_date",
        ),
    }
}

/// Weekdays: "on Wednesday", "early Monday", "last Saturday", "Monday's".
fn weekday(tokens: &[Token], i: usize, reference: Option<Date>) -> Option<Claim> {
    let day = lexicon::weekday(tokens[i].text).filter(|_| tokens[i].is_word())?;
    let first = with_prefix(tokens, i, 2);
    // "from tomorrow (Sunday)": the day named is tomorrow's.
    let tomorrow = i >= 2 && tokens[i - 1].is_mark('(') && tokens[i - 2].is("tomorrow");
    match reference {
        Some(r) => {
            let direction = if tomorrow {
                Direction::Next
            } else {
                direction(tokens, first, i)
            };
            let value = iso(weekday_of(r, day, direction));
            resolved(first, i, value, "weekday", direction)
        }
        None => date_claim(
            first,
            i,
            lexicon::WEEKDAYS[usize::from(day)].to_string(),
            "weekday",
        ),
    }
}

/// Words that make a period relative ("last month", "the coming year").
const MODIFIERS: &[&str] = &[
    "last",
    "next",
    "this",
    "coming",
    "past",
    "previous",
    "following",
    "current",
];

/// Relative dates: "last month", "earlier this year", "the end of this
/// year", "yesterday", "two years ago", "less than a week".
fn relative(tokens: &[Token], i: usize, reference: Option<Date>) -> Option<Claim> {
    let token = &tokens[i];
    if !token.is_word() {
        return None;
    }
    let offset = [
        ("yesterday", -1),
        ("today", 0),
        ("tomorrow", 1),
        ("tonight", 0),
    ]
    .iter()
    .find(|(w, _)| token.is(w));
    if let Some(&(word, days)) = offset {
        // "India Today", "USA Today": a title, not a day.
        let title = token.is_capitalised()
            && !super::starts_sentence(tokens, i)
            && tokens[i - 1].is_capitalised()
            && !tokens[i - 1].is("the");
        if title {
            return None;
        }
        return match reference {
            Some(r) => {
                let direction = if days > 0 {
                    Direction::Next
                } else {
                    Direction::Recent
                };
                let value = iso(r + Duration::days(days));
                resolved(i, i, value, "relative_date", direction)
            }
            None => date_claim(i, i, word.to_string(), "relative_date"),
        };
    }
    if let Some(claim) = ago(tokens, i).or_else(|| span_of_period(tokens, i)) {
        return Some(claim);
    }
    // A period after a modifier: anchored at the modifier or what leads it.
    let mut at = i;
    let mut first = i;
    if tokens[at].is("the") {
        at += 1;
    } else if ["end", "start", "beginning", "middle", "turn", "close"]
        .iter()
        .any(|w| tokens[at].is(w))
    {
        if !tokens.get(at + 1)?.is("of") {
            return None;
        }
        at += 2;
        if tokens.get(at)?.is("the") && tokens.get(at + 1).is_some_and(|t| t.is("year")) {
            at += 1;
            return relative_value(tokens, first, at, reference);
        }
    } else if ["earlier", "later", "early", "late"]
        .iter()
        .any(|w| tokens[at].is(w))
    {
        at += 1;
    }
    let modifier = tokens.get(at)?;
    if !MODIFIERS.iter().any(|m| modifier.is(m)) {
        return None;
    }
    let period = tokens.get(at + 1)?;
    if !period.is_word() || !lexicon::is_period(period.text) {
        return None;
    }
    if i > 0 && tokens[i - 1].is("the") && !tokens[i].paragraph_start && first == i {
        first = i - 1;
    }
    relative_value(tokens, first, at + 1, reference)
}

fn relative_value(
    tokens: &[Token],
    first: usize,
    last: usize,
    reference: Option<Date>,
) -> Option<Claim> {
    let period = tokens[last].text.to_ascii_lowercase();
    let direction = direction(tokens, first, last);
    let described = || {
        tokens[first..=last]
            .iter()
            .map(|t| t.text.to_ascii_lowercase())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let value = match reference {
        Some(r) => {
            let step = match direction {
                Direction::Next => 1,
                Direction::Last => -1,
                Direction::This | Direction::Recent | Direction::Ahead => 0,
            };
            match period.as_str() {
                "year" => format!("{:04}", r.year() + step),
                "month" => {
                    let months = r.year() * 12 + i32::from(u8::from(r.month())) - 1 + step;
                    format!(
                        "{:04}-{:02}",
                        months.div_euclid(12),
                        months.rem_euclid(12) + 1
                    )
                }
                "week" => {
                    let monday =
                        r - Duration::days(i64::from(r.weekday().number_days_from_monday()));
                    format!("week of {}", iso(monday + Duration::weeks(step.into())))
                }
                "day" => iso(r + Duration::days(step.into())),
                _ => return date_claim(first, last, described(), "relative_date"),
            }
        }
        None => described(),
    };
    if reference.is_some() {
        return resolved(first, last, value, "relative_date", direction);
    }
    date_claim(first, last, value, "relative_date")
}

/// "two years ago", "a week ago", "three days earlier".
fn ago(tokens: &[Token], i: usize) -> Option<Claim> {
    if !tokens.get(i + 2)?.is("ago") {
        return None;
    }
    let token = &tokens[i];
    let counted = token.is("a")
        || token.is("an")
        || token.is_number()
        || (token.is_word() && lexicon::cardinal(token.text).is_some());
    if !counted {
        return None;
    }
    let period = tokens.get(i + 1)?;
    let singular = period.text.trim_end_matches('s');
    if !period.is_word() || !lexicon::is_period(singular) {
        return None;
    }
    let described = format!("{} {} ago", token.text, period.text).to_ascii_lowercase();
    date_claim(i, i + 2, described, "relative_date")
}

/// "less than a week", "more than a year" (after an event).
fn span_of_period(tokens: &[Token], i: usize) -> Option<Claim> {
    if !(tokens[i].is("less") || tokens[i].is("more")) {
        return None;
    }
    let than = tokens.get(i + 1)?;
    let article = tokens.get(i + 2)?;
    let period = tokens.get(i + 3)?;
    let ok = than.is("than")
        && (article.is("a") || article.is("an"))
        && ["day", "week", "month", "year", "decade"]
            .iter()
            .any(|p| period.is(p));
    if !ok {
        return None;
    }
    let described = tokens[i..=i + 3]
        .iter()
        .map(|t| t.text.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    date_claim(i, i + 3, described, "relative_date")
}

/// Quarters and halves: "the fourth quarter of 2018", "first half", "Q3 2020".
fn quarter(tokens: &[Token], i: usize, reference: Option<Date>) -> Option<Claim> {
    let token = &tokens[i];
    let (n, mut last) = if let Some(n) = ["first", "second", "third", "fourth"]
        .iter()
        .position(|w| token.is(w))
        .filter(|_| {
            tokens
                .get(i + 1)
                .is_some_and(|t| t.is("quarter") || t.is("half"))
        }) {
        let half = tokens[i + 1].is("half");
        if half && n > 1 {
            return None;
        }
        (
            if half {
                format!("H{}", n + 1)
            } else {
                format!("Q{}", n + 1)
            },
            i + 1,
        )
    } else if token.text == "Q"
        && tokens
            .get(i + 1)
            .is_some_and(|t| t.is_number() && t.glued() && matches!(t.text, "1" | "2" | "3" | "4"))
    {
        (format!("Q{}", tokens[i + 1].text), i + 1)
    } else {
        return None;
    };
    let mut year = None;
    let mut at = last + 1;
    if tokens.get(at).is_some_and(|t| t.is("of")) {
        at += 1;
        if tokens.get(at).is_some_and(|t| t.is("fiscal")) {
            at += 1;
        }
    }
    if let Some(y) = tokens.get(at).and_then(year_value) {
        year = Some(y);
        last = at;
    }
    let first = if i > 0 && tokens[i - 1].is("the") {
        i - 1
    } else {
        i
    };
    match (year, reference) {
        (Some(y), _) => date_claim(first, last, format!("{y:04}-{n}"), "quarter"),
        (None, Some(r)) => {
            // The quarter's (or half's) first and last months.
            let index = i32::from(n.as_bytes()[1] - b'0');
            let (from, to) = if n.starts_with('H') {
                (6 * index - 5, 6 * index)
            } else {
                (3 * index - 2, 3 * index)
            };
            let month = i32::from(u8::from(r.month()));
            let direction = direction(tokens, first, last);
            let year = match direction {
                Direction::Next | Direction::Ahead if to < month => r.year() + 1,
                Direction::Recent | Direction::Last | Direction::This if from > month => {
                    r.year() - 1
                }
                _ => r.year(),
            };
            resolved(first, last, format!("{year:04}-{n}"), "quarter", direction)
        }
        (None, None) => date_claim(first, last, n, "quarter"),
    }
}

/// Named days: "Christmas", "Anzac Day", "New Year".
fn holiday(tokens: &[Token], i: usize) -> Option<Claim> {
    let token = &tokens[i];
    if token.is_word() && lexicon::is_holiday(token.text) {
        return date_claim(
            with_prefix(tokens, i, 1),
            i,
            token.text.to_string(),
            "holiday",
        );
    }
    let next = tokens.get(i + 1)?;
    let named = token.is_capitalised()
        && !lexicon::is_function_word(token.text)
        && lexicon::weekday(token.text).is_none()
        && ((next.text == "Day" && next.space_before)
            || (token.text == "New" && next.text == "Year"));
    if !named {
        return None;
    }
    let text = format!("{} {}", token.text, next.text);
    date_claim(with_prefix(tokens, i, 1), i + 1, text, "holiday")
}

/// Years that date an event: "in 2019", "the 1995 slaying", "mid-2020",
/// "2019-20". A four-digit figure before a counted noun is a count instead.
fn year(tokens: &[Token], i: usize) -> Option<Claim> {
    let token = &tokens[i];
    let year = year_value(token)?;
    if i > 0 && token.glued() {
        let before = &tokens[i - 1];
        let mid = before.is_mark('-') && i >= 2 && tokens[i - 2].is("mid");
        if !mid && !before.is_mark('(') {
            return None;
        }
    }
    let mut last = i;
    if let (Some(dash), Some(to)) = (tokens.get(i + 1), tokens.get(i + 2)) {
        if dash.is_mark('-')
            && dash.glued()
            && to.glued()
            && to.is_number()
            && matches!(to.text.len(), 2 | 4)
        {
            last = i + 2;
        }
    }
    if let Some(next) = tokens.get(last + 1) {
        if last == i && next.text == "s" && next.glued() && year % 10 == 0 {
            let first = if i > 0 && tokens[i - 1].is("the") {
                i - 1
            } else {
                i
            };
            return date_claim(first, i + 1, format!("{year:04}s"), "year");
        }
        let counted = next.is_word() && (next.glued() || lexicon::is_count_noun(next.text));
        let percent = next.is_mark('%') || next.is("percent") || next.is("per") || next.is("pct");
        if counted || percent || number::is_scale_word(next) {
            return None;
        }
    }
    let first = with_prefix(tokens, i, 1);
    date_claim(first, last, format!("{year:04}"), "year")
}

#[cfg(test)]
mod tests {
    use super::super::{found, pair};
    use crate::claims::ClaimKind;
    use time::macros::date;

    fn dates(body: &str, reference: Option<time::Date>) -> Vec<(String, String)> {
        found(body, ClaimKind::Date, reference)
    }

    #[test]
    fn weekdays_resolve_to_the_latest_such_day() {
        // 2023-05-31 was a Wednesday.
        let found = dates(
            "He spoke on Wednesday, after talks late on Monday and last Wednesday.",
            Some(date!(2023 - 05 - 31)),
        );
        assert_eq!(
            found,
            vec![
                pair("on Wednesday", "2023-05-31"),
                pair("late on Monday", "2023-05-29"),
                pair("last Wednesday", "2023-05-24"),
            ]
        );
        assert_eq!(dates("on Friday", None), vec![pair("on Friday", "Friday")]);
    }

    #[test]
    fn calendar_dates_with_and_without_years() {
        let found = dates(
            "It was signed June 3, 2021, in a Sept. 9-13 poll, on 9 December and in April.",
            Some(date!(2021 - 10 - 01)),
        );
        assert_eq!(
            found,
            vec![
                pair("June 3, 2021", "2021-06-03"),
                pair("Sept. 9-13", "2021-09-09/2021-09-13"),
                // Signed in the past: the December before 1 October.
                pair("on 9 December", "2020-12-09"),
                pair("in April", "2021-04"),
            ]
        );
        assert_eq!(dates("Nov 3", None), vec![pair("Nov 3", "--11-03")]);
    }

    #[test]
    fn dates_in_figures() {
        let found = dates(
            "Updated: 16-09-2021 02:46 IST, 2021-09-16, 09/16/2021, 16.09.2021",
            None,
        );
        assert_eq!(
            found,
            vec![
                pair("16-09-2021", "2021-09-16"),
                pair("02:46 IST", "02:46 IST"),
                pair("2021-09-16", "2021-09-16"),
                pair("09/16/2021", "2021-09-16"),
                pair("16.09.2021", "2021-09-16"),
            ]
        );
    }

    #[test]
    fn may_the_verb_is_not_a_month() {
        assert!(dates("May the court rule soon? It may.", None).is_empty());
        assert_eq!(dates("in May", None), vec![pair("in May", "May")]);
    }

    #[test]
    fn relative_dates_and_periods() {
        let found = dates(
            "Votes last month, earlier this year and the end of this year; yesterday.",
            Some(date!(2023 - 05 - 31)),
        );
        assert_eq!(
            found,
            vec![
                pair("last month", "2023-04"),
                pair("earlier this year", "2023"),
                pair("the end of this year", "2023"),
                pair("yesterday", "2023-05-30"),
            ]
        );
        let found = dates("less than a week after, over the coming year", None);
        assert_eq!(
            found,
            vec![
                pair("less than a week", "less than a week"),
                pair("the coming year", "the coming year")
            ]
        );
    }

    /// (text, value, forward) of each date, against a copy date.
    fn resolved(body: &str, copy_date: time::Date) -> Vec<(String, String, bool)> {
        crate::claims::detect(body, &crate::claims::DetectContext::copy_date(copy_date))
            .into_iter()
            .filter(|s| s.kind == ClaimKind::Date)
            .map(|s| (s.text, s.value.unwrap_or_default(), s.forward))
            .collect()
    }

    fn past(text: &str, value: &str) -> (String, String, bool) {
        (text.to_string(), value.to_string(), false)
    }

    fn ahead(text: &str, value: &str) -> (String, String, bool) {
        (text.to_string(), value.to_string(), true)
    }

    #[test]
    fn a_weekday_in_past_copy_is_the_latest_such_day_across_a_year_end() {
        // 2015-01-02 was a Friday.
        let found = resolved(
            "The council met on Tuesday and voted late on Friday, a week after talks on Saturday.",
            date!(2015 - 01 - 02),
        );
        assert_eq!(
            found,
            vec![
                past("on Tuesday", "2014-12-30"),
                past("late on Friday", "2015-01-02"),
                past("on Saturday", "2014-12-27"),
            ]
        );
    }

    #[test]
    fn a_date_without_a_year_after_the_copy_date_is_last_year() {
        let found = resolved(
            "The pact was signed on March 20 and ratified on 9 December; it held since Feb. 2, \
             and prices rose in April. Talks ran Sept. 9-13.",
            date!(2014 - 03 - 11),
        );
        assert_eq!(
            found,
            vec![
                past("on March 20", "2013-03-20"),
                past("on 9 December", "2013-12-09"),
                past("since Feb. 2", "2014-02-02"),
                past("in April", "2013-04"),
                past("Sept. 9-13", "2013-09-09/2013-09-13"),
            ]
        );
        // On the copy's date itself, and a range the copy's date falls in.
        let found = resolved(
            "Voting began on March 11. The fair ran March 9-13.",
            date!(2014 - 03 - 11),
        );
        assert_eq!(
            found,
            vec![
                past("on March 11", "2014-03-11"),
                past("March 9-13", "2014-03-09/2014-03-13"),
            ]
        );
        // A quarter not yet begun is last year's.
        assert_eq!(
            resolved("Profit fell in the fourth quarter.", date!(2014 - 02 - 10)),
            vec![past("the fourth quarter", "2013-Q4")]
        );
    }

    #[test]
    fn future_tense_copy_resolves_ahead_of_the_copy_date() {
        // 2014-03-11 was a Tuesday.
        let day = date!(2014 - 03 - 11);
        assert_eq!(
            resolved("Ministers will meet on Friday.", day),
            vec![ahead("on Friday", "2014-03-14")]
        );
        assert_eq!(
            resolved("On Friday, the council will vote on the budget.", day),
            vec![ahead("On Friday", "2014-03-14")]
        );
        assert_eq!(
            resolved(
                "Elections are scheduled for January 5, and he'll decide in February.",
                day
            ),
            vec![
                ahead("January 5", "2015-01-05"),
                ahead("in February", "2015-02"),
            ]
        );
        assert_eq!(
            resolved(
                "The ministry said on Monday it will reopen on 20 March.",
                day
            ),
            vec![
                past("on Monday", "2014-03-10"),
                ahead("on 20 March", "2014-03-20")
            ]
        );
        assert_eq!(
            resolved(
                "Prices rose last month and are expected to ease next month.",
                day
            ),
            vec![
                past("last month", "2014-02"),
                ahead("next month", "2014-04")
            ]
        );
        assert_eq!(
            resolved(
                "The bill will be debated on Friday. It was delayed due to the storm on Friday.",
                day
            ),
            vec![
                ahead("on Friday", "2014-03-14"),
                past("on Friday", "2014-03-07")
            ]
        );
        assert_eq!(
            resolved("The court is due to rule on Thursday.", day),
            vec![ahead("on Thursday", "2014-03-13")]
        );
        assert_eq!(
            resolved("Lind will be sworn in as mayor on December 9.", day),
            vec![ahead("on December 9", "2014-12-09")]
        );
        assert_eq!(
            resolved(
                "Rates rise by 50 basis points from tomorrow (Wednesday).",
                day
            ),
            vec![
                ahead("tomorrow", "2014-03-12"),
                ahead("Wednesday", "2014-03-12")
            ]
        );
        // A future word in another sentence does not count.
        assert_eq!(
            resolved("They will try again. The vote failed on Friday.", day),
            vec![past("on Friday", "2014-03-07")]
        );
    }

    #[test]
    fn a_date_says_what_its_value_was_counted_from() {
        let body = "Talks began on Monday and ended on June 3, 2021.";
        let day = date!(2021 - 06 - 03);
        for (context, against) in [
            (
                crate::claims::DetectContext::copy_date(day),
                crate::claims::ResolvedAgainst::CopyDate,
            ),
            (
                crate::claims::DetectContext::received(day),
                crate::claims::ResolvedAgainst::Received,
            ),
        ] {
            let found: Vec<_> = crate::claims::detect(body, &context)
                .into_iter()
                .map(|s| (s.text, s.value.unwrap_or_default(), s.resolved_against))
                .collect();
            assert_eq!(
                found,
                vec![
                    ("on Monday".into(), "2021-05-31".into(), Some(against)),
                    // A date with its own year is counted from nothing.
                    ("on June 3, 2021".into(), "2021-06-03".into(), None),
                ]
            );
        }
        let unresolved = crate::claims::detect(body, &crate::claims::DetectContext::default());
        assert!(unresolved.iter().all(|s| s.resolved_against.is_none()));
    }

    #[test]
    fn a_title_ending_in_today_is_not_a_day() {
        let found = dates(
            "He told India Today and USA Today that the talks end today. Today they resumed.",
            Some(date!(2020 - 05 - 05)),
        );
        assert_eq!(
            found,
            vec![pair("today", "2020-05-05"), pair("Today", "2020-05-05")]
        );
    }

    #[test]
    fn years_quarters_times_and_holidays() {
        let found = dates(
            "In 1995 and the fourth quarter of 2018, at 9:35 a.m. (0835 GMT), 12.50 pm and \
             03:36, until after the Anzac Day weekend. 2000 troops left in the 1990s.",
            None,
        );
        assert_eq!(
            found,
            vec![
                pair("In 1995", "1995"),
                pair("the fourth quarter of 2018", "2018-Q4"),
                pair("9:35 a.m.", "09:35"),
                pair("0835 GMT", "08:35 GMT"),
                pair("12.50 pm", "12:50"),
                pair("03:36", "03:36"),
                pair("Anzac Day", "Anzac Day"),
                pair("the 1990s", "1990s"),
            ]
        );
    }
}
