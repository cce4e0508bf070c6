//! Quotes: direct quotations in straight or curly double marks, partial
//! quotes of a few words inside a sentence, and quotes running over several
//! paragraphs (a paragraph that opens a quote without closing it continues
//! into the next one when that one opens with a quote mark).
//!
//! The speaker comes from the attribution: after the quote (`," Peskov
//! told`, `," said Marine General Frank McKenzie`), else before it in the
//! same sentence (`Zarif said that "…`). Titles are dropped ("Marine General",
//! "President", "Mr"), a surname alone is completed from an earlier full
//! name ("Khogyani" → "Attaullah Khogyani"), a pronoun ("he said") stands for
//! the last named speaker before the quote, and an unattributed quote right
//! after another (same or next paragraph) keeps that quote's speaker. An
//! unnamed source keeps its description ("senior security source").
//! Single-word scare quotes are not quotations.

use super::token::{Shape, Token};
use super::{lexicon, Scan};
use crate::claims::{ClaimKind, Suggestion};

/// Runs the quote rule over the body.
pub(super) fn find(scan: &mut Scan) {
    let spans = quote_spans(&scan.tokens);
    let mut names = Names::new(&scan.tokens);
    let mut previous: Option<(usize, Option<String>)> = None; // (close, speaker)
    let mut quotes = Vec::with_capacity(spans.len());
    for span in spans {
        names.advance_to(&scan.tokens, scan.body, span.open);
        let speaker = speaker_of(&scan.tokens, scan.body, &span, &names, &previous);
        previous = Some((span.close, speaker.clone()));
        let (start, end) = (scan.tokens[span.open].start, scan.tokens[span.close].end);
        quotes.push(Suggestion {
            kind: ClaimKind::Quote,
            start,
            end,
            text: scan.body[start..end].to_string(),
            value: None,
            speaker,
            rule: if span.partial {
                "partial_quote"
            } else if span.paragraphs > 1 {
                "multi_paragraph_quote"
            } else {
                "direct_quote"
            },
            rank: 50,
            resolved_against: None,
            forward: false,
        });
    }
    scan.found.extend(quotes);
}

/// One quotation by token range: `open` is its opening mark, `close` its
/// closing mark (or its last token when the copy never closes it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    open: usize,
    close: usize,
    closed: bool,
    paragraphs: usize,
    /// A few words inside a sentence rather than a whole statement.
    partial: bool,
}

fn is_open_mark(token: &Token) -> bool {
    token.shape == Shape::Mark && matches!(token.text, "“" | "„" | "«")
}

fn is_close_mark(token: &Token) -> bool {
    token.shape == Shape::Mark && matches!(token.text, "”" | "»")
}

fn is_quote_mark(token: &Token) -> bool {
    is_open_mark(token) || is_close_mark(token) || token.is_mark('"')
}

/// Pairs the quote marks of the body into quotations.
fn quote_spans(tokens: &[Token]) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, usize)> = None; // (open mark, paragraphs)
    let mut finish = |open: usize, close: usize, closed: bool, paragraphs: usize| {
        let words = tokens[open + 1..close.max(open + 1)]
            .iter()
            .filter(|t| t.is_word())
            .count();
        if words >= 2 {
            spans.push(Span {
                open,
                close,
                closed,
                paragraphs,
                partial: false,
            });
        }
    };
    for (k, token) in tokens.iter().enumerate() {
        if token.paragraph_start {
            if let Some((o, paragraphs)) = open {
                if is_open_mark(token) || token.is_mark('"') {
                    open = Some((o, paragraphs + 1));
                    continue; // the quote runs on into this paragraph
                }
                finish(o, k - 1, false, paragraphs);
                open = None;
            }
        }
        let straight = token.is_mark('"');
        match open {
            None if is_open_mark(token) || straight => open = Some((k, 1)),
            Some((o, paragraphs)) if is_close_mark(token) || straight => {
                finish(o, k, true, paragraphs);
                open = None;
            }
            _ => {}
        }
    }
    if let Some((o, paragraphs)) = open {
        finish(o, tokens.len() - 1, false, paragraphs);
    }
    for span in &mut spans {
        span.partial = !tokens[span.open].paragraph_start
            && tokens
                .get(span.open.wrapping_sub(1))
                .is_some_and(|t| t.is_word() && !lexicon::is_speech_verb(t.text) && !t.is("that"));
    }
    spans
}

/// Abbreviations whose full stop does not end a sentence.
fn is_abbreviation(word: &str) -> bool {
    word.chars().count() == 1
        || matches!(
            word,
            "Mr" | "Mrs"
                | "Ms"
                | "Dr"
                | "St"
                | "Gen"
                | "Lt"
                | "Col"
                | "Sgt"
                | "Capt"
                | "Gov"
                | "Sen"
                | "Rep"
                | "Jr"
                | "Sr"
                | "No"
                | "Prof"
                | "Rev"
                | "Jan"
                | "Feb"
                | "Mar"
                | "Apr"
                | "Jun"
                | "Jul"
                | "Aug"
                | "Sep"
                | "Sept"
                | "Oct"
                | "Nov"
                | "Dec"
                | "vs"
        )
}

/// Whether token `k` ends a sentence.
fn ends_sentence(tokens: &[Token], k: usize) -> bool {
    let token = &tokens[k];
    if !(token.is_mark('.') || token.is_mark('!') || token.is_mark('?')) {
        return false;
    }
    let abbreviated = token.is_mark('.')
        && k > 0
        && tokens[k - 1].is_word()
        && is_abbreviation(tokens[k - 1].text)
        && tokens.get(k + 1).is_some_and(|n| !n.paragraph_start);
    !abbreviated && tokens.get(k + 1).is_none_or(|n| !n.glued())
}

/// A speaker found from an attribution.
enum Found {
    Name(String),
    /// "he said": the last named speaker.
    Pronoun,
}

fn speaker_of(
    tokens: &[Token],
    body: &str,
    span: &Span,
    names: &Names,
    previous: &Option<(usize, Option<String>)>,
) -> Option<String> {
    let found = if span.closed {
        after_quote(tokens, body, span.close, names)
    } else {
        None
    }
    .or_else(|| before_quote(tokens, body, span.open, names));
    match found {
        Some(Found::Name(name)) => Some(name),
        Some(Found::Pronoun) => names.last_speaker(),
        None => {
            // An unattributed quote right after another keeps its speaker.
            let (close, speaker) = previous.as_ref()?;
            let paragraph_starts = tokens[close + 1..=span.open]
                .iter()
                .filter(|t| t.paragraph_start)
                .count();
            (paragraph_starts <= 1).then(|| speaker.clone()).flatten()
        }
    }
}

/// Verbs that may come before their subject: `," said Nasrat Rahimi`.
fn inverts(word: &str) -> bool {
    matches!(
        word,
        "said"
            | "says"
            | "added"
            | "adds"
            | "stated"
            | "wrote"
            | "asked"
            | "continued"
            | "explained"
            | "noted"
            | "declared"
            | "recalled"
            | "insisted"
            | "warned"
            | "reported"
            | "replied"
    )
}

/// The attribution after a closing mark, up to the end of the sentence.
fn after_quote(tokens: &[Token], body: &str, close: usize, names: &Names) -> Option<Found> {
    let inner_end = tokens[close - 1];
    let next = tokens.get(close + 1)?;
    if next.paragraph_start {
        return None;
    }
    let sentence_over = matches!(inner_end.text, "." | "!" | "?");
    if sentence_over && next.is_capitalised() && !lexicon::is_speech_verb(next.text) {
        // `…blast." Six attackers…`: a new sentence, unless it attributes.
        let verb_soon = tokens[close + 1..tokens.len().min(close + 6)]
            .iter()
            .take_while(|t| !t.is_mark('.'))
            .any(|t| t.is_word() && lexicon::is_speech_verb(t.text));
        if !verb_soon {
            return None;
        }
    }
    let mut k = close + 1;
    let limit = tokens.len().min(close + 40);
    while k < limit {
        let token = &tokens[k];
        if token.paragraph_start || is_quote_mark(token) || ends_sentence(tokens, k) {
            return None;
        }
        if token.is("according") && tokens.get(k + 1).is_some_and(|t| t.is("to")) {
            return phrase_after(tokens, body, k + 1, names).map(Found::Name);
        }
        if token.is_word() && lexicon::is_speech_verb(token.text) {
            let first_word = tokens[close + 1..k].iter().all(|t| !t.is_word());
            if first_word {
                return if inverts(token.text) {
                    phrase_after(tokens, body, k, names).map(Found::Name)
                } else {
                    None
                };
            }
            return subject(tokens, body, close + 1, k, names);
        }
        k += 1;
    }
    None
}

/// The attribution before an opening mark in the same sentence
/// (`Zarif said that "…`, `Ghani tweeted that the attack was "…`).
fn before_quote(tokens: &[Token], body: &str, open: usize, names: &Names) -> Option<Found> {
    let mut start = open;
    while start > 0 && open - start < 60 {
        if tokens[start].paragraph_start {
            break;
        }
        let before = start - 1;
        if ends_sentence(tokens, before)
            || is_close_mark(&tokens[before])
            || tokens[before].is_mark('"')
        {
            break;
        }
        start -= 1;
    }
    (start..open)
        .rev()
        .filter(|&v| tokens[v].is_word() && lexicon::is_speech_verb(tokens[v].text))
        .find_map(|v| {
            subject(tokens, body, start, v, names).or_else(|| {
                inverts(tokens[v].text)
                    .then(|| phrase_after(tokens, body, v, names).map(Found::Name))
                    .flatten()
            })
        })
}

/// The subject of speech verb `verb`, looked for in `from..verb`: a name
/// right before it; else in the clause since the last comma, a name, a
/// pronoun or a short description ("one witness", "governor's press
/// office"); else, when the verb follows a comma, a name from before it
/// ("Zarif in a post, said").
fn subject(tokens: &[Token], body: &str, from: usize, verb: usize, names: &Names) -> Option<Found> {
    if let Some(name) = adjacent_name(tokens, body, from, verb, names) {
        return Some(Found::Name(name));
    }
    let clause = (from..verb)
        .rev()
        .find(|&k| tokens[k].is_mark(','))
        .map_or(from, |comma| comma + 1);
    let words: Vec<&Token> = tokens[clause..verb]
        .iter()
        .filter(|t| t.is_word())
        .collect();
    if words.is_empty() {
        return first_name(tokens, body, from, verb, names).map(Found::Name);
    }
    if let Some(name) = first_name(tokens, body, clause, verb, names) {
        return Some(Found::Name(name));
    }
    if words.iter().any(|w| lexicon::is_pronoun(w.text)) && words.len() <= 3 {
        return Some(Found::Pronoun);
    }
    match description(tokens, body, clause, verb) {
        // "the 45-year-old told Reuters": someone named before.
        Some(text) if text.contains("year-old") => Some(Found::Pronoun),
        text => text.map(Found::Name),
    }
}

/// The first name of two words or more in `from..to` that is nobody's
/// possessive, else the first single-word one.
fn first_name(
    tokens: &[Token],
    body: &str,
    from: usize,
    to: usize,
    names: &Names,
) -> Option<String> {
    let mut single = None;
    let mut k = from;
    while k < to {
        let Some(run) = name_run(tokens, k, to) else {
            k += 1;
            continue;
        };
        k = run.end + 1;
        if run.possessive {
            continue;
        }
        let words = (run.start..=run.end)
            .filter(|&w| tokens[w].is_word())
            .count();
        if words >= 2 {
            if let Some(name) = names.clean(tokens, body, &run) {
                return Some(name);
            }
        } else if single.is_none() {
            single = Some(run);
        }
    }
    names.clean(tokens, body, &single?)
}

/// Words that may stand between a subject and its verb ("Peskov also said").
fn is_between_subject_and_verb(token: &Token) -> bool {
    [
        "also",
        "later",
        "earlier",
        "then",
        "previously",
        "further",
        "has",
        "had",
        "have",
        "was",
        "is",
        "again",
    ]
    .iter()
    .any(|w| token.is(w))
}

/// The name that ends right before speech verb `verb` (after `from`).
fn adjacent_name(
    tokens: &[Token],
    body: &str,
    from: usize,
    verb: usize,
    names: &Names,
) -> Option<String> {
    let mut end = verb.checked_sub(1)?;
    while end > from && is_between_subject_and_verb(&tokens[end]) {
        end -= 1;
    }
    if end < from || !is_name_word(&tokens[end]) {
        return None;
    }
    let mut start = end;
    while start > from && start + 8 > end {
        let before = &tokens[start - 1];
        let joins = is_name_word(before)
            || (before.is_mark('.')
                && start >= 2
                && tokens[start - 2].is_word()
                && tokens[start - 2].text.len() <= 4)
            || ((before.is_mark('-') || before.is_mark('\'') || before.is_mark('’'))
                && before.glued()
                && tokens[start].glued());
        if !joins {
            break;
        }
        start -= 1;
    }
    while start < end && !tokens[start].is_word() {
        start += 1;
    }
    let run = Run {
        start,
        end,
        possessive: false,
    };
    names.clean(tokens, body, &run)
}

/// A name or a description after `at` (a verb, "according to"): up to a
/// comma, full stop or preposition.
fn phrase_after(tokens: &[Token], body: &str, at: usize, names: &Names) -> Option<String> {
    let mut first = at + 1;
    while tokens
        .get(first)
        .is_some_and(|t| t.is("a") || t.is("an") || t.is("the"))
    {
        first += 1;
    }
    if let Some(run) = name_run(tokens, first, tokens.len()) {
        let after = tokens.get(run.end + 1);
        let whole = after.is_none_or(|t| !t.is_word() || is_phrase_stop(t));
        if whole {
            return names.clean(tokens, body, &run);
        }
    }
    let mut last = None;
    for (k, token) in tokens.iter().enumerate().skip(first).take(8) {
        if token.paragraph_start && k > first
            || ends_sentence(tokens, k)
            || token.is_mark(',')
            || is_phrase_stop(token)
        {
            break;
        }
        last = Some(k);
    }
    let last = last?;
    Some(body[tokens[first].start..tokens[last].end].to_string())
}

fn is_phrase_stop(token: &Token) -> bool {
    [
        "in", "at", "on", "from", "to", "with", "by", "after", "during", "when", "who", "that",
        "which", "as", "via",
    ]
    .iter()
    .any(|w| token.is(w))
}

/// "one witness", "the governor's press office was" → the described
/// speaker, after the last comma, without articles or a trailing auxiliary.
fn description(tokens: &[Token], body: &str, from: usize, verb: usize) -> Option<String> {
    let mut first = tokens[from..verb]
        .iter()
        .rposition(|t| t.is_mark(','))
        .map_or(from, |comma| from + comma + 1);
    while first < verb
        && (lexicon::is_function_word(tokens[first].text) || tokens[first].shape == Shape::Mark)
    {
        first += 1;
    }
    let mut last = verb.checked_sub(1)?;
    while last > first && (is_between_subject_and_verb(&tokens[last]) || !tokens[last].is_word()) {
        last -= 1;
    }
    if last < first || !tokens[last].is_word() {
        return None;
    }
    let words = tokens[first..=last].iter().filter(|t| t.is_word()).count();
    (words <= 6).then(|| body[tokens[first].start..tokens[last].end].to_string())
}

/// A capitalised word that can be part of a name.
fn is_name_word(token: &Token) -> bool {
    token.is_capitalised()
        && !lexicon::is_function_word(token.text)
        && lexicon::weekday(token.text).is_none()
        && lexicon::month(token.text).is_none()
}

/// Particles inside names ("Osama bin Laden", "Ursula von der Leyen").
fn is_particle(token: &Token) -> bool {
    [
        "al", "bin", "ibn", "de", "van", "von", "der", "da", "di", "du", "le", "la", "dos", "del",
        "el",
    ]
    .contains(&token.text)
}

/// A run of name words by token range.
#[derive(Debug, Clone, Copy)]
struct Run {
    start: usize,
    end: usize,
    /// Followed by "'s": the name of someone else's ("Abdullah's spokesman").
    possessive: bool,
}

/// The name run starting at token `k` and ending before `limit`, if one
/// starts there: "U.S. Defense Secretary Mark Esper", "Jean-Yves Le Drian".
fn name_run(tokens: &[Token], k: usize, limit: usize) -> Option<Run> {
    if k >= limit || !is_name_word(&tokens[k]) {
        return None;
    }
    let mut end = k;
    while end + 1 < limit {
        let a = &tokens[end + 1];
        if is_name_word(a) && !a.paragraph_start {
            end += 1;
            continue;
        }
        let Some(b) = tokens.get(end + 2).filter(|_| end + 2 < limit) else {
            break;
        };
        let joined = (a.is_mark('-') || a.is_mark('\'') || a.is_mark('’'))
            && a.glued()
            && b.glued()
            && b.is_capitalised();
        let initial =
            a.is_mark('.') && a.glued() && is_abbreviation(tokens[end].text) && is_name_word(b);
        let particle_dash = is_particle(a)
            && b.is_mark('-')
            && b.glued()
            && tokens
                .get(end + 3)
                .is_some_and(|c| c.glued() && c.is_capitalised() && end + 3 < limit);
        if particle_dash {
            end += 3;
        } else if joined || initial || (is_particle(a) && is_name_word(b)) {
            end += 2;
        } else {
            break;
        }
    }
    let possessive = match (tokens.get(end + 1), tokens.get(end + 2)) {
        (Some(a), next) if (a.is_mark('\'') || a.is_mark('’')) && a.glued() => {
            next.is_some_and(|s| s.is("s") && s.glued()) || tokens[end].text.ends_with('s')
        }
        _ => false,
    };
    Some(Run {
        start: k,
        end,
        possessive,
    })
}

/// Nouns that make a run of capitalised words an institution, kept whole
/// ("Interior Ministry"), not cut down to a surname.
fn is_institution(word: &str) -> bool {
    matches!(
        word,
        "Ministry"
            | "Office"
            | "Council"
            | "Agency"
            | "Service"
            | "Commission"
            | "Department"
            | "Committee"
            | "Party"
            | "Court"
            | "Police"
            | "Army"
            | "Government"
            | "Bank"
            | "Board"
            | "Authority"
    )
}

/// The names met so far: full names by surname, and the last named speaker
/// of an attribution, for "he said" and a surname on its own. Read forward
/// once, as the quotes are resolved in order.
struct Names {
    runs: Vec<Run>,
    run_index: usize,
    verbs: Vec<usize>,
    verb_index: usize,
    full: std::collections::HashMap<String, String>,
    last_speaker: Option<String>,
}

impl Names {
    fn new(tokens: &[Token]) -> Names {
        let mut runs = Vec::new();
        let mut verbs = Vec::new();
        let mut k = 0;
        while k < tokens.len() {
            if let Some(run) = name_run(tokens, k, tokens.len()) {
                runs.push(run);
                k = run.end + 1;
                continue;
            }
            if tokens[k].is_word() && lexicon::is_speech_verb(tokens[k].text) {
                verbs.push(k);
            }
            k += 1;
        }
        Names {
            runs,
            run_index: 0,
            verbs,
            verb_index: 0,
            full: std::collections::HashMap::new(),
            last_speaker: None,
        }
    }

    /// Reads the names and attributions before token `until`.
    fn advance_to(&mut self, tokens: &[Token], body: &str, until: usize) {
        while let Some(run) = self.runs.get(self.run_index).filter(|r| r.end < until) {
            let run = *run;
            self.run_index += 1;
            if let Some(name) = self.clean(tokens, body, &run) {
                if let Some((_, surname)) = name.rsplit_once(' ') {
                    self.full.insert(surname.to_string(), name.clone());
                }
            }
        }
        while let Some(&verb) = self.verbs.get(self.verb_index).filter(|v| **v < until) {
            self.verb_index += 1;
            let floor = verb.saturating_sub(12);
            let named = adjacent_name(tokens, body, floor, verb, self).or_else(|| {
                if !inverts(tokens[verb].text) {
                    return None;
                }
                let run = name_run(tokens, verb + 1, tokens.len())?;
                self.clean(tokens, body, &run)
            });
            if named.is_some() {
                self.last_speaker = named;
            }
        }
    }

    fn last_speaker(&self) -> Option<String> {
        self.last_speaker.clone()
    }

    /// A name run as a speaker: titles dropped ("Marine General Frank
    /// McKenzie" → "Frank McKenzie"), a surname alone completed from an
    /// earlier full name.
    fn clean(&self, tokens: &[Token], body: &str, run: &Run) -> Option<String> {
        let words: Vec<usize> = (run.start..=run.end)
            .filter(|&k| tokens[k].is_word())
            .collect();
        let mut keep = words.len();
        while keep > 0 && !lexicon::is_title(tokens[words[keep - 1]].text) {
            keep -= 1;
        }
        let first = *words.get(keep)?;
        let last_word = tokens[*words.last()?].text;
        let first = if keep + 1 == words.len() && keep > 0 && is_institution(last_word) {
            run.start
        } else {
            first
        };
        let name = &body[tokens[first].start..tokens[run.end].end];
        Some(match self.full.get(name) {
            Some(full) if !name.contains(' ') => full.clone(),
            _ => name.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::detect;
    use crate::claims::{ClaimKind, DetectContext};

    /// (quoted text, speaker) of every quote found.
    fn quotes(body: &str) -> Vec<(String, Option<String>)> {
        detect(body, &DetectContext::default())
            .into_iter()
            .filter(|s| s.kind == ClaimKind::Quote)
            .map(|s| (s.text, s.speaker))
            .collect()
    }

    fn quote(text: &str, speaker: Option<&str>) -> (String, Option<String>) {
        (text.to_string(), speaker.map(str::to_string))
    }

    #[test]
    fn speakers_come_after_the_quote_with_titles_dropped() {
        let found = quotes(
            "Army spokeswoman Jane Q. Doe-Smith spoke first. \"We hold the bridge,\" Doe-Smith \
             told reporters. “The river is high,” said Marine General Tom Burke, a commander.",
        );
        assert_eq!(
            found,
            vec![
                quote("\"We hold the bridge,\"", Some("Jane Q. Doe-Smith")),
                quote("“The river is high,”", Some("Tom Burke")),
            ]
        );
    }

    #[test]
    fn pronouns_and_follow_on_quotes_keep_the_last_speaker() {
        let found = quotes(
            "Mayor Ana Ruiz said the dam held. \"It held all night,\" she said.\n\n\
             \"We will rebuild the road.\"",
        );
        assert_eq!(
            found,
            vec![
                quote("\"It held all night,\"", Some("Ana Ruiz")),
                quote("\"We will rebuild the road.\"", Some("Ana Ruiz")),
            ]
        );
    }

    #[test]
    fn partial_quotes_take_the_speaker_before_them() {
        let found = quotes(
            "Finance Minister Li Wen said on Monday that the plan was “a careful step” and \
             a “fair deal”. Critics called it a “gift”.",
        );
        assert_eq!(
            found,
            vec![
                quote("“a careful step”", Some("Li Wen")),
                quote("“fair deal”", Some("Li Wen")),
            ]
        );
    }

    #[test]
    fn a_quote_runs_on_over_paragraphs_until_it_closes() {
        let body = "\"The first paragraph ends open.\n\n\"The second one closes,\" an aide said.";
        let found = detect(body, &DetectContext::default());
        let quote = found.iter().find(|s| s.kind == ClaimKind::Quote).unwrap();
        assert_eq!(quote.text, body[..body.find(" an aide").unwrap()]);
        assert_eq!(quote.rule, "multi_paragraph_quote");
        assert_eq!(quote.speaker.as_deref(), Some("aide"));
    }

    #[test]
    fn unnamed_sources_are_described() {
        let found = quotes("\"Nobody saw it coming,\" said a senior police source in the city.");
        assert_eq!(
            found,
            vec![quote(
                "\"Nobody saw it coming,\"",
                Some("senior police source")
            )]
        );
    }
}
