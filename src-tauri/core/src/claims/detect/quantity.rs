//! Quantities: counts and amounts with their unit noun ("700 additional
//! troops" → "700 troops", "four Serb-majority municipalities" → "4
//! municipalities", "some 4,000 soldiers" → "~4000 soldiers"), bare figures,
//! ranges ("five or six"), shares ("40 of 47"), magnitudes, rough counts
//! ("dozens", "thousands of", "several hundred", "a few dozen"), multiples
//! ("double the"), fractions ("half the", "a third"), single formations
//! ("another battalion") and one more of those counted ("and another was
//! wounded").
//!
//! Figures that are parts of names are left alone: glued to letters ("G20",
//! "A320", "F-16", "COVID-19"), after a designator ("route 66", "No. 10"),
//! after a capitalised name ("Boeing 737"), ordinals ("3rd"), phone-like digit
//! groups and codes with leading zeros.

use super::token::Token;
use super::{lexicon, number, qualifier_before, starts_sentence, Claim, Scan};
use crate::claims::ClaimKind;

/// Runs the quantity rules over the body (after dates, money and
/// percentages have taken their tokens).
pub(super) fn find(scan: &mut Scan) {
    scan.quantities_from = scan.found.len();
    let mut i = 0;
    while i < scan.tokens.len() {
        if scan.taken[i] || !may_start_quantity(&scan.tokens[i]) {
            i += 1;
            continue;
        }
        let found = rough_count(&scan.tokens, i)
            .or_else(|| vague_multiple(&scan.tokens, i))
            .or_else(|| fraction(&scan.tokens, i))
            .or_else(|| multiple(&scan.tokens, i))
            .or_else(|| formation(&scan.tokens, i))
            .or_else(|| counted(scan, i))
            .filter(|c| !scan.any_taken(c.first, c.last));
        match found {
            Some(claim) => {
                i = claim.last + 1;
                scan.push(claim);
            }
            None => i += 1,
        }
    }
}

/// Whether a quantity rule can start at this token: a figure, a number
/// word, or a word rough counts and fractions start with.
fn may_start_quantity(token: &Token) -> bool {
    token.is_number()
        || (token.is_word()
            && (lexicon::cardinal(token.text).is_some()
                || lexicon::with_lower(token.text, |w| {
                    matches!(
                        w,
                        "dozens"
                            | "hundreds"
                            | "thousands"
                            | "millions"
                            | "scores"
                            | "tens"
                            | "half"
                            | "a"
                            | "an"
                            | "another"
                            | "several"
                            | "few"
                            | "many"
                            | "some"
                            | "double"
                            | "twice"
                            | "triple"
                    )
                })))
}

fn quantity(
    tokens: &[Token],
    first: usize,
    last: usize,
    value: String,
    rule: &'static str,
) -> Option<Claim> {
    let (first, qualifier) = match qualifier_before(tokens, first) {
        Some((symbol, start)) => (start, symbol),
        None => (first, ""),
    };
    Some(Claim {
        kind: ClaimKind::Quantity,
        first,
        last,
        value: Some(format!("{qualifier}{value}")),
        rule,
        relative: false,
        forward: false,
    })
}

/// "dozens", "hundreds of", "thousands", "tens of thousands", "scores of".
fn rough_count(tokens: &[Token], i: usize) -> Option<Claim> {
    let token = &tokens[i];
    if !token.is_word() || (token.is_capitalised() && !starts_sentence(tokens, i)) {
        return None;
    }
    let of_next = |k: usize| tokens.get(k).is_some_and(|t| t.is("of"));
    let any = ["dozens", "hundreds", "thousands"]
        .iter()
        .any(|w| token.is(w));
    let with_of = ["millions", "scores", "tens"].iter().any(|w| token.is(w)) && of_next(i + 1);
    if !any && !with_of {
        return None;
    }
    let mut last = i;
    if of_next(i + 1)
        && tokens
            .get(i + 2)
            .is_some_and(|t| t.is("thousands") || t.is("millions"))
    {
        last = i + 2;
    }
    words_count(tokens, i, last)
}

/// A count given in words only ("thousands", "several hundred"): its
/// words, lower case, are its value.
fn words_count(tokens: &[Token], first: usize, last: usize) -> Option<Claim> {
    let value = tokens[first..=last]
        .iter()
        .map(|t| t.text.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    quantity(tokens, first, last, value, "rough_count")
}

/// Vague multipliers of a scale: "several hundred", "a few dozen", "many
/// thousands", "some two dozen" is a count, read elsewhere; "a dozen" is 12.
fn vague_multiple(tokens: &[Token], i: usize) -> Option<Claim> {
    let token = &tokens[i];
    let is = |k: usize, w: &str| tokens.get(k).is_some_and(|t| t.is(w));
    let mut at = i + 1;
    if token.is("a") && is(at, "few") {
        at += 1;
    } else if token.is("a") && is(at, "dozen") {
        return quantity(tokens, i, at, "12".into(), "dozen");
    } else if !["several", "few", "many", "some"]
        .iter()
        .any(|w| token.is(w))
    {
        return None;
    }
    let scale = tokens.get(at)?;
    let plural_ok = ["hundreds", "thousands", "millions", "dozens"]
        .iter()
        .any(|w| scale.is(w))
        && !token.is("some");
    let singular_ok = ["hundred", "thousand", "million", "billion", "dozen"]
        .iter()
        .any(|w| scale.is(w));
    if !(plural_ok || singular_ok) || tokens[i + 1..=at].iter().any(|t| t.paragraph_start) {
        return None;
    }
    let mut last = at;
    // "several hundred thousand", "a few hundred million"
    if let Some(next) = tokens.get(at + 1) {
        if ["thousand", "million", "billion"]
            .iter()
            .any(|w| next.is(w))
            && !scale.is(next.text)
        {
            last = at + 1;
        }
    }
    words_count(tokens, i, last)
}

/// "double the number", "twice the size", "triple that": a multiple of a
/// figure the sentence names.
fn multiple(tokens: &[Token], i: usize) -> Option<Claim> {
    let token = &tokens[i];
    let factor = [("twice", 2), ("double", 2), ("triple", 3)]
        .iter()
        .find(|(w, _)| token.is(w))?
        .1;
    let next = tokens.get(i + 1)?;
    let of_whole = ["the", "that", "this", "its", "their", "his", "her", "what"]
        .iter()
        .any(|w| next.is(w));
    // "plans to double the force" is a plan, not a figure the copy reports.
    let verb = i > 0
        && [
            "to", "will", "would", "could", "may", "might", "can", "should",
        ]
        .iter()
        .any(|w| tokens[i - 1].is(w));
    if !of_whole || verb || (token.is_capitalised() && !starts_sentence(tokens, i)) {
        return None;
    }
    quantity(tokens, i, i, format!("x{factor}"), "multiple")
}

/// "half the members", "a third", "two-thirds".
fn fraction(tokens: &[Token], i: usize) -> Option<Claim> {
    let token = &tokens[i];
    let next = tokens.get(i + 1);
    if token.is("half") && !token.glued() {
        let before_whole = next.is_some_and(|n| {
            ["the", "of", "a", "an", "its", "their", "his", "her", "all"]
                .iter()
                .any(|w| n.is(w))
        });
        let after_period = i > 0 && (tokens[i - 1].is("first") || tokens[i - 1].is("second"));
        return (before_whole && !after_period)
            .then(|| quantity(tokens, i, i, "1/2".into(), "fraction"))
            .flatten();
    }
    if token.is("a") || token.is("an") {
        let part = next?;
        let denominator = ["third", "quarter", "fifth", "tenth"]
            .iter()
            .position(|w| part.is(w))?;
        // "a third term" is an ordinal; "a third of", "by a third." are parts.
        let ends = tokens.get(i + 2).is_none_or(|t| {
            t.is("of") || (t.shape == super::token::Shape::Mark && !t.is_mark('-'))
        });
        if !ends {
            return None;
        }
        let value = format!("1/{}", [3, 4, 5, 10][denominator]);
        return quantity(tokens, i, i + 1, value, "fraction");
    }
    let top = lexicon::cardinal(token.text).filter(|_| token.is_word())?;
    let (dash, part) = (next?, tokens.get(i + 2)?);
    if !dash.is_mark('-') || !dash.glued() || !part.glued() {
        return None;
    }
    let denominator = [("half", 2), ("third", 3), ("quarter", 4), ("fifth", 5)]
        .iter()
        .find(|(w, _)| part.is(w) || part.text.eq_ignore_ascii_case(&format!("{w}s")))?
        .1;
    quantity(tokens, i, i + 2, format!("{top}/{denominator}"), "fraction")
}

/// "another battalion": one more of a military formation.
fn formation(tokens: &[Token], i: usize) -> Option<Claim> {
    if !tokens[i].is("another") {
        return None;
    }
    // "two were killed and another was wounded": one more of those counted.
    let verb = tokens.get(i + 1).is_some_and(|t| {
        [
            "was", "is", "were", "has", "had", "died", "remains", "remained",
        ]
        .iter()
        .any(|w| t.is(w))
    });
    if verb && i > 0 && tokens[i - 1].is("and") {
        return quantity(tokens, i, i, "+1".into(), "another");
    }
    let unit = tokens
        .get(i + 1)
        .filter(|t| lexicon::is_formation(t.text))?;
    let value = format!("+1 {}", unit.text.to_ascii_lowercase());
    quantity(tokens, i, i + 1, value, "formation")
}

/// Whether "one" at `i` is a pronoun or a determiner rather than a count:
/// "a sturdy one", "no one", "one of the", "one might", "one witness said"
/// (an unnamed source). "one of its soldiers" and "one of which" stay
/// counts.
fn one_is_not_a_count(tokens: &[Token], i: usize) -> bool {
    let word =
        |k: usize, words: &[&str]| tokens.get(k).is_some_and(|t| words.iter().any(|w| t.is(w)));
    let before = i.checked_sub(1);
    if word(i + 1, &["of"]) {
        let counted = word(
            i + 2,
            &["its", "their", "his", "her", "our", "which", "whom"],
        ) && !tokens
            .get(i + 3)
            .is_some_and(|t| t.is("most") || (t.text.len() > 5 && t.text.ends_with("est")))
            // "one of its officials said": a source.
            && !tokens
                .get(i + 4)
                .is_some_and(|t| lexicon::is_speech_verb(t.text));
        return !counted;
    }
    let idiom_after = word(
        i + 1,
        &[
            "another", "by", "on", "day", "time", "way", "thing", "hand", "might", "would",
            "could", "can", "cannot", "should", "must", "may", "who", "else", "that", "thing",
        ],
    ) || tokens
        .get(i + 1)
        .is_some_and(|a| a.is_mark('\'') || a.is_mark('’'));
    let idiom_before = before.is_some_and(|b| {
        word(
            b,
            &[
                "no", "any", "every", "some", "each", "which", "this", "that", "the", "by",
            ],
        )
    });
    // "a sturdy one", "the only one", "the last one"
    let after_adjective = i >= 2
        && tokens[i - 1].is_word()
        && word(i - 2, &["a", "an", "the", "this", "that", "every", "each"]);
    if idiom_after || idiom_before || after_adjective {
        return true;
    }
    // "one witness said", "one senior official told": a source, not a count,
    // unless the copy stresses the number ("only one voter said").
    // Nor when it is counted with others ("three analysts and one
    // shareholder said").
    let stressed = before.is_some_and(|b| word(b, &["only", "just", "least"]))
        || (before.is_some_and(|b| word(b, &["and", "or"]))
            && tokens[i.saturating_sub(6)..i]
                .iter()
                .any(|t| t.is_number() || lexicon::cardinal(t.text).is_some()));
    let source = (1..=2).any(|n| {
        (i + 1..=i + n).all(|k| {
            tokens
                .get(k)
                .is_some_and(|t| t.is_word() && !lexicon::is_function_word(t.text))
        }) && tokens
            .get(i + n + 1)
            .is_some_and(|t| lexicon::is_speech_verb(t.text))
    });
    // "according to one official", "one resident, who asked not to be
    // named, said", "one diplomat speaking on condition of anonymity".
    let according = i >= 2 && tokens[i - 1].is("to") && tokens[i - 2].is("according");
    let noun_end = (i + 1..=i + 2)
        .take_while(|&k| {
            tokens.get(k).is_some_and(|t| {
                t.is_word()
                    && !lexicon::is_function_word(t.text)
                    && !t.is("speaking")
                    && !t.is("who")
            })
        })
        .last();
    let aside = noun_end.is_some_and(|end| {
        let next = tokens.get(end + 1);
        let speaking = next.is_some_and(|t| t.is("speaking") || t.is("who"));
        let word =
            |k: usize, words: &[&str]| tokens.get(k).is_some_and(|t| words.iter().any(|w| t.is(w)));
        let anonymous = next.is_some_and(|t| t.is_mark(','))
            && word(end + 2, &["who"])
            && word(end + 3, &["asked", "declined", "requested", "spoke", "did"]);
        speaking || anonymous
    });
    (source || according || aside) && !stressed
}

/// Leftovers of terminal colour codes whose escape byte was stripped:
/// "[0m", "[1;31m", "31mWARNING", "\x1b[31m". Never a claim.
fn is_control_remnant(tokens: &[Token], i: usize) -> bool {
    let token = &tokens[i];
    let glued_next = |k: usize| tokens.get(k).filter(|t| t.glued());
    let before = i
        .checked_sub(1)
        .map(|b| &tokens[b])
        .filter(|_| token.glued());
    let in_sequence = before
        .is_some_and(|b| b.is_mark('[') || b.is_mark(';') || b.is_mark('\u{1b}') || b.is_mark('^'));
    let next = glued_next(i + 1);
    let ends_code = next.is_some_and(|n| {
        n.is_mark(';') || (n.is_word() && n.text.starts_with(['m', 'K', 'J', 'H']))
    });
    if in_sequence && ends_code {
        return true;
    }
    // "31m Warning", a line opening "0m": a colour code's number, its "m",
    // and no figure a story would print that way.
    let sgr = matches!(
        token.text.parse::<u8>(),
        Ok(0..=9 | 22..=29 | 30..=49 | 90..=107)
    );
    let lone_m = next.is_some_and(|n| n.text == "m");
    if sgr && lone_m {
        let after = tokens.get(i + 2);
        let capital_after = after.is_some_and(|t| t.is_capitalised() && !t.paragraph_start);
        let opens_line = token.paragraph_start;
        if capital_after || opens_line {
            return true;
        }
    }
    // "31mERROR", "0m[" : the code's final "m" glued to what it coloured.
    next.is_some_and(|n| {
        let mut chars = n.text.chars();
        let m = n.is_word() && chars.next() == Some('m');
        let word_after = m && chars.next().is_some_and(char::is_uppercase);
        let mark_after = m
            && n.text.len() == 1
            && glued_next(i + 2).is_some_and(|t| t.is_mark('[') || t.is_mark('\u{1b}'));
        word_after || mark_after
    })
}

/// Whether the figure or number word at `i` is part of a name, an ordinal
/// or a code rather than a count.
fn is_name(tokens: &[Token], i: usize) -> bool {
    let token = &tokens[i];
    let before = i.checked_sub(1).map(|b| &tokens[b]);
    if token.is_word() {
        if token.is_capitalised() && !starts_sentence(tokens, i) {
            return true; // "Formula One", "Channel Four"
        }
        if token.is("one") {
            return one_is_not_a_count(tokens, i);
        }
        return false;
    }
    if is_control_remnant(tokens, i) {
        return true;
    }
    // "Wards 1, 4 and 6", "articles 5 and 6": a list of designated things.
    let mut k = i;
    while k >= 2
        && (tokens[k - 1].is_mark(',') || tokens[k - 1].is("and") || tokens[k - 1].is("or"))
        && tokens[k - 2].is_number()
        && i - k < 40
    {
        k -= 2;
    }
    if let Some(word) = k.checked_sub(1).map(|b| &tokens[b]) {
        let singular = word.text.strip_suffix('s').unwrap_or(word.text);
        if word.is_word() && (lexicon::is_designator(word.text) || lexicon::is_designator(singular))
        {
            return true;
        }
    }
    // "15 Corps", "3 Division": a numbered formation's name.
    if let Some(next) = tokens.get(i + 1) {
        let formation = lexicon::is_formation(next.text)
            || ["army", "fleet", "infantry", "airborne"]
                .iter()
                .any(|w| next.is(w));
        if next.is_capitalised() && formation {
            return true;
        }
    }
    let text = token.text;
    if text.len() > 1 && text.starts_with('0') && !text.contains('.') {
        return true; // "007", "0835"
    }
    if let Some(before) = before {
        if token.glued() {
            let word_dash =
                before.is_mark('-') && before.glued() && i >= 2 && tokens[i - 2].is_word();
            let code_mark = ["#", "+", "/", ".", "-", ":"].contains(&before.text);
            if before.is_word() || word_dash || code_mark {
                return true; // "G20", "F-16", "#5", "24/7"
            }
        }
        if before.is_word() && lexicon::is_designator(before.text) {
            return true;
        }
        if before.is_mark('.') && i >= 2 && tokens[i - 2].is("no") {
            return true;
        }
        let named = before.is_capitalised()
            && !lexicon::is_function_word(before.text)
            && lexicon::weekday(before.text).is_none()
            && lexicon::month(before.text).is_none()
            && !lexicon::is_title(before.text);
        if named {
            return true; // "Boeing 737", "Route 66"
        }
    }
    if let (Some(sep), Some(more)) = (tokens.get(i + 1), tokens.get(i + 2)) {
        let phone = sep.is_mark('-') && text.len() >= 3 && more.text.len() >= 3;
        let clock = sep.is_mark(':');
        if sep.glued() && more.glued() && more.is_number() && (phone || clock) {
            return true;
        }
    }
    false
}

/// Words that end a unit noun phrase.
fn ends_phrase(token: &Token) -> bool {
    !token.is_word()
        || (lexicon::is_function_word(token.text) && !token.is("others"))
        || lexicon::is_speech_verb(token.text)
        || lexicon::cardinal(token.text).is_some()
        || (token.text.len() > 4 && token.text.ends_with("ly"))
}

fn is_plural(word: &str) -> bool {
    lexicon::with_lower(word, |lower| {
        (lower.ends_with('s')
            && !lower.ends_with("ss")
            && !lower.ends_with("us")
            && lower.len() > 3)
            || lower.ends_with("men")
            || matches!(lower, "people" | "children" | "personnel")
    })
}

/// A word that reads as a modifier before a noun, by its ending:
/// "wounded", "senior", "local", "Syrian", "armed", "foreign".
fn is_modifier(word: &str) -> bool {
    [
        "ed", "al", "ic", "ive", "ous", "ior", "ful", "less", "ian", "ese", "ish", "ern", "ary",
        "ign", "-",
    ]
    .iter()
    .any(|end| word.ends_with(end))
}

/// A verb in the past tense, by its ending ("remained", "collapsed").
fn is_past_tense(word: &str) -> bool {
    word.len() > 4 && word.ends_with("ed")
}

/// The unit after a figure ending at token `last`: how it reads in the
/// value (" troops", "-day", " km") and the last token of the claim.
/// `Err` when what follows makes the figure no count at all ("3rd", "5G").
fn unit_after(scan: &Scan, last: usize, singular: bool) -> Result<Option<(String, usize)>, ()> {
    let tokens = &scan.tokens;
    let Some(next) = tokens.get(last + 1) else {
        return Ok(None);
    };
    if scan.taken[last + 1] {
        return Ok(None);
    }
    if next.is_word() && next.glued() {
        let ordinal = ["st", "nd", "rd", "th"].iter().any(|s| next.is(s));
        let letter = next.text.chars().count() == 1 && !next.is("m") && !next.is("k");
        if ordinal || letter {
            return Err(());
        }
        return Ok(Some((format!(" {}", next.text), last + 1)));
    }
    if next.is_mark('-') && next.glued() {
        let mut end = last;
        let mut unit = String::new();
        while let (Some(dash), Some(word)) = (tokens.get(end + 1), tokens.get(end + 2)) {
            if !dash.is_mark('-') || !dash.glued() || !word.is_word() || !word.glued() {
                break;
            }
            unit.push('-');
            unit.push_str(word.text);
            end += 2;
            if end - last >= 4 {
                break;
            }
        }
        return Ok((end > last).then_some((unit, end)));
    }
    // A noun phrase of up to three words, ending at its first plural.
    let mut head = None;
    let mut at = last + 1;
    while at < tokens.len() && at <= last + 5 && !scan.taken[at] {
        let word = &tokens[at];
        if ends_phrase(word) || (at > last + 1 && word.paragraph_start) {
            break;
        }
        // One of a thing is named by a singular noun: "one bridge remained
        // open" counts a bridge, and a plural or a past tense after it
        // starts what is said of it.
        if singular && at > last + 1 {
            let modifier = &tokens[at - 1];
            let verb_like = is_plural(word.text) || is_past_tense(word.text);
            if verb_like || !(modifier.is_capitalised() || is_modifier(modifier.text)) {
                break;
            }
        }
        let mut end = at;
        // Hyphenated compounds: "Serb-majority", "under-construction".
        while let (Some(dash), Some(part)) = (tokens.get(end + 1), tokens.get(end + 2)) {
            if dash.is_mark('-') && dash.glued() && part.is_word() && part.glued() {
                end += 2;
            } else {
                break;
            }
        }
        head = Some((at, end));
        if is_plural(tokens[end].text) {
            break;
        }
        at = end + 1;
    }
    Ok(head.map(|(start, end)| {
        let noun = &scan.body[tokens[start].start..tokens[end].end];
        let noun = noun.rsplit('-').next().unwrap_or(noun);
        (format!(" {noun}"), end)
    }))
}

/// Figures and number words: "700 additional troops", "Two attackers",
/// "40 of 47", "five or six insurgents", "18-month", "magnitude 6.2".
fn counted(scan: &Scan, i: usize) -> Option<Claim> {
    let tokens = &scan.tokens;
    let token = &tokens[i];
    let spelled_number = token.is_word() && lexicon::cardinal(token.text).is_some();
    if !(token.is_number() || spelled_number) {
        return None;
    }
    let numeral = number::read(tokens, i)?;
    let magnitude_name = i >= 2 && tokens[i - 2].is("magnitude") && !numeral.spelled;
    if is_name(tokens, i) && !magnitude_name {
        return None;
    }
    let mut last = numeral.last;
    let mut value = number::plain(numeral.value);
    let mut rule = if numeral.spelled {
        "number_word"
    } else {
        "figure"
    };
    let free = |k: usize| k < tokens.len() && !scan.taken[k];
    if let Some(link) = tokens.get(last + 1) {
        let other = number::read(tokens, last + 2)
            .filter(|o| o.spelled == numeral.spelled && (o.first..=o.last).all(free));
        let dash = link.is_mark('-') && link.glued() && !numeral.spelled;
        if let Some(other) = other.filter(|o| dash && tokens[o.first].glued()) {
            value = format!("{value}-{}", number::plain(other.value));
            last = other.last;
            rule = "range";
        } else if let Some(other) = other.filter(|_| link.is("of") || link.is("or")) {
            let joiner = if link.is("of") { " of " } else { "-" };
            value = format!("{value}{joiner}{}", number::plain(other.value));
            last = other.last;
            rule = if link.is("of") {
                "share_of_total"
            } else {
                "range"
            };
        }
    }
    // "magnitude-6.1"
    let hyphenated_magnitude = !numeral.spelled
        && i >= 2
        && token.glued()
        && tokens[i - 1].is_mark('-')
        && tokens[i - 1].glued()
        && tokens[i - 2].is("magnitude")
        && free(i - 2);
    if hyphenated_magnitude {
        return quantity(
            tokens,
            i - 2,
            last,
            format!("magnitude {value}"),
            "magnitude",
        );
    }
    let magnitude_before = !numeral.spelled
        && i >= 1
        && (tokens[i - 1].is("magnitude")
            || (i >= 2 && tokens[i - 1].is("of") && tokens[i - 2].is("magnitude")));
    let magnitude_after = tokens
        .get(last + 1)
        .is_some_and(|t| t.is("magnitude") && free(last + 1))
        || (tokens
            .get(last + 1)
            .is_some_and(|t| t.is_mark('-') && t.glued())
            && tokens.get(last + 2).is_some_and(|t| t.is("magnitude")));
    if magnitude_before || magnitude_after {
        if magnitude_after {
            last += if tokens[last + 1].is_mark('-') { 2 } else { 1 };
        }
        return quantity(tokens, i, last, format!("magnitude {value}"), "magnitude");
    }
    let singular = numeral.value == 1.0 && rule != "range" && rule != "share_of_total";
    let mut unit_word = None;
    match unit_after(scan, last, singular) {
        Err(()) => return None,
        Ok(Some((unit, end))) => {
            unit_word = Some(tokens[end].text);
            value.push_str(&unit);
            last = end;
        }
        Ok(None) => {
            let unit = borrowed_unit(scan, last)
                .or_else(|| counted_by_verb(tokens, i, last))
                .or_else(|| updated_unit(scan, i));
            if let Some(unit) = unit {
                value.push_str(&unit);
            }
        }
    }
    if is_back_reference(tokens, i, numeral.spelled, unit_word) {
        return None;
    }
    quantity(tokens, i, last, value, rule)
}

/// "the four were killed", "the two companies said": a number word after
/// "the" with no noun, or with a noun for the parties a story is about,
/// points back at what the copy has already counted.
fn is_back_reference(tokens: &[Token], i: usize, spelled: bool, unit: Option<&str>) -> bool {
    if !spelled || i == 0 || !(tokens[i - 1].is("the") || tokens[i - 1].is("both")) {
        return false;
    }
    unit.is_none_or(|u| {
        lexicon::with_lower(u, |u| {
            matches!(
                u,
                "sides"
                    | "countries"
                    | "nations"
                    | "companies"
                    | "firms"
                    | "parties"
                    | "governments"
                    | "leaders"
                    | "groups"
                    | "states"
                    | "neighbours"
                    | "neighbors"
                    | "rivals"
                    | "powers"
                    | "teams"
                    | "banks"
                    | "allies"
                    | "agencies"
                    | "organisations"
                    | "organizations"
                    | "blocs"
                    | "capitals"
                    | "presidents"
                    | "camps"
            )
        })
    })
}

/// Verbs that update a running figure: "the toll rose to 120".
fn is_update_verb(token: &Token) -> bool {
    lexicon::with_lower(token.text, |w| {
        matches!(
            w,
            "rose"
                | "rise"
                | "rises"
                | "risen"
                | "rising"
                | "climbed"
                | "climbs"
                | "climbing"
                | "jumped"
                | "jumps"
                | "increased"
                | "increases"
                | "grew"
                | "grown"
                | "reached"
                | "reaches"
                | "hit"
                | "hits"
                | "mounted"
                | "soared"
                | "surged"
                | "fell"
                | "falls"
                | "dropped"
                | "revised"
                | "up"
                | "down"
                | "stood"
                | "stands"
                | "now"
        )
    })
}

/// The unit of a bare figure that updates a running count: "The death toll
/// rose to 120" counts deaths; "... up from 73" counts what the figure it
/// updates counts. From the sentence's subject ("toll", "number of
/// cases"), else the nearest earlier figure in the sentence, else in the
/// paragraph, that has a unit.
fn updated_unit(scan: &Scan, i: usize) -> Option<String> {
    let tokens = &scan.tokens;
    let start = qualifier_before(tokens, i).map_or(i, |(_, first)| first);
    let link = tokens.get(start.checked_sub(1)?)?;
    let verb = tokens.get(start.checked_sub(2)?)?;
    let updates = ((link.is("to") || link.is("from")) && is_update_verb(verb))
        || (link.is("at") && (verb.is("stood") || verb.is("stands") || verb.is("standing")));
    // "bringing the death toll to 120", "the toll was 120".
    let toll = tokens[start.saturating_sub(6)..start]
        .iter()
        .rposition(|t| t.is("toll"))
        .map(|k| start.saturating_sub(6) + k)
        .filter(|&k| {
            !tokens[k + 1..start]
                .iter()
                .any(|t| lexicon::is_speech_verb(t.text) || t.is("but") || t.is("and"))
                && !tokens[k + 1..start]
                    .iter()
                    .any(|t| t.is_number() || t.is_mark('.'))
        });
    if !updates && toll.is_none() {
        return None;
    }
    // The sentence and paragraph the figure is in.
    let mut sentence = i;
    while sentence > 0 && !starts_sentence(tokens, sentence) && i - sentence < 60 {
        sentence -= 1;
    }
    let mut paragraph = sentence;
    while paragraph > 0 && !tokens[paragraph].paragraph_start && i - paragraph < 200 {
        paragraph -= 1;
    }
    let earlier_unit = |from: usize| {
        let (from, to) = (tokens[from].start, tokens[i].start);
        // Quantities are pushed in the order of the text: read back from
        // the latest and stop at the first before `from`.
        scan.found[scan.quantities_from..]
            .iter()
            .rev()
            .take_while(|s| s.start >= from)
            .filter(|s| s.kind == ClaimKind::Quantity && s.end <= to)
            .find_map(|s| unit_of(s.value.as_deref()?))
    };
    if let Some(unit) = earlier_unit(sentence) {
        return Some(unit);
    }
    for k in sentence..i {
        if tokens[k].is("toll") {
            let before = k.checked_sub(1).map(|b| &tokens[b]);
            let injuries = before.is_some_and(|b| b.is("injury") || b.is("casualty"));
            return Some(if injuries { " injured" } else { " deaths" }.to_string());
        }
        if tokens[k].is("number") && tokens.get(k + 1).is_some_and(|t| t.is("of")) {
            if let Some(noun) = tokens
                .get(k + 2)
                .filter(|t| t.is_word() && is_plural(t.text))
            {
                return Some(format!(" {}", noun.text));
            }
        }
    }
    earlier_unit(paragraph)
}

/// The unit of a bare figure that a casualty verb counts: "58 were
/// wounded", "killed 27 and wounded 29 more", "four of its citizens".
fn counted_by_verb(tokens: &[Token], i: usize, last: usize) -> Option<String> {
    let is =
        |k: usize, words: &[&str]| tokens.get(k).is_some_and(|t| words.iter().any(|w| t.is(w)));
    let participle = |k: usize| {
        let t = tokens.get(k)?;
        let casualty = lexicon::is_casualty_word(t.text)
            && !t.text.ends_with("ing")
            && !t.text.ends_with('s')
            && !t.is("toll")
            && !t.is("death");
        casualty.then(|| t.text.to_ascii_lowercase())
    };
    let mut at = last + 1;
    if is(at, &["were", "was", "are", "is", "have", "has", "had"]) {
        at += 1;
        if is(at, &["been"]) {
            at += 1;
        }
        if let Some(word) = participle(at) {
            return Some(format!(" {word}"));
        }
    }
    // "four of its citizens", "two of the victims"
    if is(last + 1, &["of"]) && is(last + 2, &["its", "their", "his", "her", "our", "the"]) {
        if let Some(noun) = tokens
            .get(last + 3)
            .filter(|t| t.is_word() && is_plural(t.text))
        {
            return Some(format!(" {}", noun.text));
        }
    }
    let start = qualifier_before(tokens, i).map_or(i, |(_, first)| first);
    let verb = tokens.get(start.checked_sub(1)?)?;
    let past = lexicon::with_lower(verb.text, |w| match w {
        "killed" | "killing" | "kills" => Some("killed"),
        "wounded" | "wounding" | "wounds" => Some("wounded"),
        "injured" | "injuring" | "injures" => Some("injured"),
        _ => None,
    })?;
    Some(format!(" {past}"))
}

/// The unit in a quantity's value ("120 deaths" → " deaths"), when it has a
/// word unit after a plain number.
fn unit_of(value: &str) -> Option<String> {
    let (number, unit) = value.split_once(' ')?;
    let number = number.trim_start_matches(['~', '>', '<', '=', '+']);
    let numeric = !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    let words = unit.bytes().all(|b| b.is_ascii_alphabetic() || b == b' ');
    (numeric && words && !unit.is_empty()).then(|| format!(" {unit}"))
}

/// "from 5,200 to 3,000 troops": the first figure's unit is the second's.
fn borrowed_unit(scan: &Scan, last: usize) -> Option<String> {
    let tokens = &scan.tokens;
    let link = tokens.get(last + 1)?;
    if !(link.is("to") || link.is("and") || link.is("or")) {
        return None;
    }
    let other = number::read(tokens, last + 2)?;
    match unit_after(scan, other.last, other.value == 1.0) {
        Ok(Some((unit, _))) if unit.starts_with(' ') => Some(unit),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{found, pair};
    use crate::claims::ClaimKind;

    fn quantities(body: &str) -> Vec<(String, String)> {
        found(body, ClaimKind::Quantity, None)
    }

    #[test]
    fn counts_take_their_unit_noun_and_qualifier() {
        assert_eq!(
            quantities(
                "It will send 700 additional troops to four Serb-majority municipalities; \
                 some 4,000 soldiers are there and at least 27 people were killed."
            ),
            vec![
                pair("700 additional troops", "700 troops"),
                pair("four Serb-majority municipalities", "4 municipalities"),
                pair("some 4,000 soldiers", "~4000 soldiers"),
                pair("at least 27 people", ">=27 people"),
            ]
        );
    }

    #[test]
    fn shares_ranges_and_glued_units() {
        assert_eq!(
            quantities(
                "40 of 47 said so; about five or six insurgents flew 800km in a two-day visit."
            ),
            vec![
                pair("40 of 47", "40 of 47"),
                pair("about five or six insurgents", "~5-6 insurgents"),
                pair("800km", "800 km"),
                pair("two-day", "2-day"),
            ]
        );
        assert_eq!(
            quantities("from 5,200 to 3,000 troops"),
            vec![
                pair("5,200", "5200 troops"),
                pair("3,000 troops", "3000 troops")
            ]
        );
    }

    #[test]
    fn magnitudes_rough_counts_fractions_and_formations() {
        assert_eq!(
            quantities(
                "A magnitude 6.2 quake and a 6.3-magnitude tremor; dozens more, thousands of \
                 rescuers, half the members, cut by a third. It put another battalion on alert."
            ),
            vec![
                pair("6.2", "magnitude 6.2"),
                pair("6.3-magnitude", "magnitude 6.3"),
                pair("dozens", "dozens"),
                pair("thousands", "thousands"),
                pair("half", "1/2"),
                pair("a third", "1/3"),
                pair("another battalion", "+1 battalion"),
            ]
        );
    }

    #[test]
    fn numbers_in_names_codes_and_times_are_not_counts() {
        let found = quantities(
            "The G20 and G7 met on Route 66 near a Boeing 737 and an Airbus A320 during \
             COVID-19; F-16 and Su-35 jets flew at 10:30, call 555-1234, see section 5, \
             the 3rd brigade, 5G masts. One of them was no one.",
        );
        assert!(found.is_empty(), "{found:?}");
    }
    #[test]
    fn one_as_a_pronoun_or_an_unnamed_source_is_no_count() {
        let found = quantities(
            "The old ferry was a sturdy one. One resident said the water rose fast, one \
             of its engineers told us, and one of the guards agreed; no one was hurt and one might ask why. \
             One senior engineer told reporters the repairs took the last one. According \
             to one official the dam held; one diplomat speaking on condition of anonymity \
             agreed, and one resident, who asked not to be named, left.",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn one_as_a_count_keeps_a_singular_unit() {
        assert_eq!(
            quantities(
                "Only one bridge remained open. Only one said so. The navy says one of its \
                 sailors is missing, one of which sank. Two pilots and one mechanic said no."
            ),
            vec![
                pair("one bridge", "1 bridge"),
                pair("one", "1"),
                pair("one", "1 sailors"),
                pair("one", "1"),
                pair("Two pilots", "2 pilots"),
                pair("one mechanic", "1 mechanic"),
            ]
        );
        assert_eq!(
            quantities("one tanker collapsed bridges"),
            vec![pair("one tanker", "1 tanker")]
        );
        assert_eq!(
            quantities(
                "One shell hit a school and one wounded guard and one Dutch medic stayed; \
                 they left one by one."
            ),
            vec![
                pair("One shell", "1 shell"),
                pair("one wounded guard", "1 guard"),
                pair("one Dutch medic", "1 medic"),
            ]
        );
    }

    #[test]
    fn hyphenated_magnitudes_and_vague_multipliers() {
        assert_eq!(
            quantities(
                "A magnitude-5.8 tremor woke several hundred villagers; a few dozen stayed, \
                 many thousands left and tens of thousands lost power. About a dozen \
                 boats sank."
            ),
            vec![
                pair("magnitude-5.8", "magnitude 5.8"),
                pair("several hundred", "several hundred"),
                pair("a few dozen", "a few dozen"),
                pair("many thousands", "many thousands"),
                pair("tens of thousands", "tens of thousands"),
                pair("About a dozen", "~12"),
            ]
        );
        // "a few" alone, "several" alone and "some" before a figure are not
        // multipliers; the figure keeps its qualifier.
        assert_eq!(
            quantities("a few days later several ships and some 300 sailors came"),
            vec![pair("some 300 sailors", "~300 sailors")]
        );
    }

    #[test]
    fn numbers_spelled_out_with_hyphens() {
        assert_eq!(
            quantities("Officials counted two-million-415-thousand-90 ballots and a two-day wait."),
            vec![
                pair("two-million-415-thousand-90 ballots", "2415090 ballots"),
                pair("two-day", "2-day"),
            ]
        );
    }

    #[test]
    fn the_counted_thing_is_the_unit() {
        assert_eq!(
            quantities("Some 41 injured were flown to the capital."),
            vec![pair("Some 41 injured", "~41 injured")]
        );
    }

    #[test]
    fn a_casualty_verb_names_what_a_bare_figure_counts() {
        assert_eq!(
            quantities(
                "Bombers killed at least 12 people and wounded 40 more; 9 were injured \
                 later. Two of the hostages and three of its pilots came home; 5 were there."
            ),
            vec![
                pair("at least 12 people", ">=12 people"),
                pair("40", "40 wounded"),
                pair("9", "9 injured"),
                pair("Two", "2 hostages"),
                pair("three", "3 pilots"),
                pair("5", "5"),
            ]
        );
    }

    #[test]
    fn an_updated_count_inherits_its_unit() {
        assert_eq!(
            quantities(
                "The death toll climbed to 58 on Monday, up from 31 a day earlier.\n\n\
                 The number of cases rose to 900. Police held 12 suspects, and the figure \
                 later rose to 15."
            ),
            vec![
                pair("58", "58 deaths"),
                pair("31", "31 deaths"),
                pair("900", "900 cases"),
                pair("12 suspects", "12 suspects"),
                pair("15", "15 suspects"),
            ]
        );
        assert_eq!(
            quantities("Floods struck again, bringing the death toll to 64."),
            vec![pair("64", "64 deaths")]
        );
        assert_eq!(
            quantities("The agency gave the same toll but said 20 were hurt, and then 3 more."),
            vec![pair("20", "20 hurt"), pair("3", "3")]
        );
        // No update verb, no inherited unit.
        assert_eq!(
            quantities("Police held 12 suspects. The court sat for 15 on Monday."),
            vec![pair("12 suspects", "12 suspects"), pair("15", "15")]
        );
    }

    #[test]
    fn back_references_to_counted_parties_are_not_counts() {
        assert_eq!(
            quantities(
                "Three climbers fell. The three were rescued, the two countries said, \
                 and the two guides were praised."
            ),
            vec![
                pair("Three climbers", "3 climbers"),
                pair("two guides", "2 guides"),
            ]
        );
    }

    #[test]
    fn identifiers_and_numbered_formations_are_not_claims() {
        let found = quantities(
            "Passengers of Flight 442 cited Article 27 and Resolution 1441 near ward 9 on \
             Highway 5 and runway 2 in sector 7 by junction 4; polls open in Wards 2, 7, 15 and 31 and \
             sections 4 and 5; the \
             army's 12 Corps and 4 Division moved.",
        );
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(
            quantities("The wards held 7 polls."),
            vec![pair("7 polls", "7 polls")]
        );
    }

    #[test]
    fn terminal_colour_code_leftovers_are_not_claims() {
        let found = quantities(
            "Server said [1;31mFAILED[0m again, \u{1b}[33m and 31mERROR then 32m Done.\n\n\
             0m",
        );
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(
            quantities("a 31m hull and 40m people"),
            vec![pair("31m", "31 m"), pair("40m", "40 m")]
        );
    }

    #[test]
    fn multiples_and_one_more() {
        assert_eq!(
            quantities(
                "The force is nearly double the size it was. Two were killed and another \
                 was hurt. It plans to double the fleet."
            ),
            vec![
                pair("nearly double", "~x2"),
                pair("Two", "2 killed"),
                pair("another", "+1"),
            ]
        );
    }
}
