//! Quotes: direct quotations in double marks (straight, curly, low „…“,
//! guillemets « » and » «), in single marks (‘…’ or '…', told apart from
//! apostrophes by what they touch), partial quotes of a few words inside a
//! sentence, and quotes running over several paragraphs (re-opened at each
//! paragraph, or carried on until a closing mark early in the next one). A
//! closing mark glued to the word after it (`.”The …`) opens a quote when
//! none is open.
//!
//! The speaker comes from the quote's own attribution: after the quote (`,"
//! Peskov told`, `," said Marine General Frank McKenzie`, `," according to
//! the ministry`), else before it in the same sentence (`Zarif said that
//! "…`, `Ruiz promised the region: "…`, `the agency quoted Ruiz as saying
//! "…`), with speech verbs in every tense and either order. Titles are
//! dropped ("Marine General", "President"), a surname alone is completed
//! from an earlier full name ("Khogyani" → "Attaullah Khogyani"), an
//! acronym from the name it abbreviated ("Centcom" → "U.S. Central
//! Command"), "the ministry" from an earlier "Interior Ministry".
//!
//! How the speaker was found is kept ([`SpeakerSource`]): `named` by the
//! attribution; `pronoun` when the attribution is "he said" or "the
//! minister added" (the last person named as a sentence's subject or a
//! speaker, or the earlier person with that role); `carried` when the quote
//! has no attribution and follows another in the same or the previous
//! paragraph. A quote with an attribution of its own never inherits an
//! earlier speaker, and where nobody can be named the speaker is None:
//! never a guess. An unnamed source keeps its description ("senior
//! security source"). Single-word scare quotes are not quotations.

use super::token::{Shape, Token};
use super::{lexicon, Scan};
use crate::claims::{ClaimKind, SpeakerSource, Suggestion};

/// Runs the quote rule over the body.
pub(super) fn find(scan: &mut Scan) {
    let spans = quote_spans(&scan.tokens);
    let mut names = Names::new(&spans);
    let mut resolved: Vec<(Span, Option<String>)> = Vec::with_capacity(spans.len());
    let mut quotes = Vec::with_capacity(spans.len());
    for span in &spans {
        names.advance_to(&scan.tokens, scan.body, span.open);
        let (speaker, speaker_source) =
            speaker_of(&scan.tokens, scan.body, span, &names, &resolved);
        resolved.push((*span, speaker.clone()));
        let (start, end) = (scan.tokens[span.open].start, scan.tokens[span.close].end);
        quotes.push(Suggestion {
            kind: ClaimKind::Quote,
            start,
            end,
            text: scan.body[start..end].to_string(),
            value: None,
            speaker_source: speaker_source.filter(|_| speaker.is_some()),
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

/// The quote before the one being resolved.
struct Previous {
    close: usize,
    speaker: Option<String>,
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

/// The kind of mark a double quotation opened with, which decides the mark
/// that closes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opener {
    /// `"`, `“`, or a `”` used as an opener.
    Double,
    /// `„`, closed by `“` or `”`.
    Low,
    /// `«`, closed by `»`.
    Guillemet,
    /// `»`, closed by `«` (German and Danish order).
    Reversed,
}

fn is_close_mark(token: &Token) -> bool {
    token.shape == Shape::Mark && matches!(token.text, "”" | "»")
}

fn is_quote_mark(token: &Token) -> bool {
    token.shape == Shape::Mark && matches!(token.text, "\"" | "“" | "”" | "„" | "«" | "»")
}

/// A mark that touches the word after it, as an opening mark does: `”The`.
fn opens_glued(tokens: &[Token], k: usize) -> bool {
    let token = &tokens[k];
    let next_glued = tokens
        .get(k + 1)
        .is_some_and(|n| n.glued() && (n.is_word() || n.is_number()));
    let before_free = token.paragraph_start
        || token.space_before
        || k == 0
        || matches!(tokens[k - 1].text, "." | "!" | "?" | ":" | ")" | "(");
    next_glued && before_free
}

/// A mark that touches the token before it and not the word after it, as
/// a closing mark does: `together.“` at a paragraph's end.
fn closes_glued(tokens: &[Token], k: usize) -> bool {
    let token = &tokens[k];
    let free_after = tokens
        .get(k + 1)
        .is_none_or(|n| n.paragraph_start || n.space_before || n.shape == Shape::Mark);
    (token.glued() || (k > 0 && matches!(tokens[k - 1].text, "." | "," | "!" | "?"))) && free_after
}

/// The quotation token `k` opens when none is open.
fn opener(tokens: &[Token], k: usize) -> Option<Opener> {
    let token = &tokens[k];
    if token.shape != Shape::Mark {
        return None;
    }
    match token.text {
        "\"" | "“" => Some(Opener::Double),
        "„" => Some(Opener::Low),
        "«" => Some(Opener::Guillemet),
        "”" if opens_glued(tokens, k) => Some(Opener::Double),
        "»" if opens_glued(tokens, k) => Some(Opener::Reversed),
        _ => None,
    }
}

/// Whether token `k` closes a quotation opened by `opener`.
fn closes(tokens: &[Token], k: usize, opener: Opener) -> bool {
    let token = &tokens[k];
    if token.shape != Shape::Mark {
        return false;
    }
    match opener {
        Opener::Double => {
            matches!(token.text, "”" | "\"") || (token.text == "“" && closes_glued(tokens, k))
        }
        Opener::Low => matches!(token.text, "“" | "”" | "\""),
        Opener::Guillemet => token.text == "»",
        Opener::Reversed => token.text == "«",
    }
}

/// Whether a quote open at the end of a paragraph runs on into the one
/// starting at token `k`: the paragraph re-opens it, or (not re-opened) its
/// first quote mark is one that closes.
fn runs_on(tokens: &[Token], k: usize, open: Opener) -> bool {
    if opener(tokens, k).is_some() {
        return true;
    }
    let first_mark = tokens[k..]
        .iter()
        .enumerate()
        .take_while(|(i, t)| *i == 0 || !t.paragraph_start)
        .find(|(_, t)| is_quote_mark(t))
        .map(|(i, _)| k + i);
    first_mark.is_some_and(|m| closes(tokens, m, open) && closes_glued(tokens, m))
}

/// Pairs the quote marks of the body into quotations.
fn quote_spans(tokens: &[Token]) -> Vec<Span> {
    let mut spans = double_spans(tokens);
    let singles = single_spans(tokens, &spans);
    spans.extend(singles);
    spans.sort_by_key(|s| s.open);
    for span in &mut spans {
        span.partial = !tokens[span.open].paragraph_start
            && tokens
                .get(span.open.wrapping_sub(1))
                .is_some_and(|t| t.is_word() && !lexicon::is_speech_verb(t.text) && !t.is("that"));
    }
    spans
}

/// Words between `open` and `close`.
fn words_between(tokens: &[Token], open: usize, close: usize) -> usize {
    tokens[open + 1..close.max(open + 1)]
        .iter()
        .filter(|t| t.is_word())
        .count()
}

fn double_spans(tokens: &[Token]) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, usize, Opener)> = None; // (open mark, paragraphs, kind)
    let mut finish = |open: usize, close: usize, closed: bool, paragraphs: usize| {
        if words_between(tokens, open, close) >= 2 {
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
            if let Some((o, paragraphs, kind)) = open {
                if runs_on(tokens, k, kind) {
                    open = Some((o, paragraphs + 1, kind));
                    if opener(tokens, k).is_some() {
                        continue; // the paragraph re-opens the quote
                    }
                } else {
                    finish(o, k - 1, false, paragraphs);
                    open = None;
                }
            }
        }
        match open {
            None => open = opener(tokens, k).map(|kind| (k, 1, kind)),
            Some((o, paragraphs, kind)) if closes(tokens, k, kind) => {
                finish(o, k, true, paragraphs);
                open = None;
            }
            _ => {}
        }
    }
    if let Some((o, paragraphs, _)) = open {
        finish(o, tokens.len() - 1, false, paragraphs);
    }
    spans
}

fn is_single_mark(token: &Token) -> bool {
    token.shape == Shape::Mark && matches!(token.text, "'" | "‘" | "’")
}

/// A single mark opening a quotation: after white space or an opening
/// bracket, touching the word after it, which is not an elision ('em,
/// 'til, '90s, rock 'n' roll).
fn single_opens(tokens: &[Token], k: usize) -> bool {
    let token = &tokens[k];
    if !(token.is_mark('\'') || token.is_mark('‘')) {
        return false;
    }
    let free_before = token.paragraph_start
        || token.space_before
        || k == 0
        || matches!(tokens[k - 1].text, "(" | "—" | "–" | "\"" | "“" | "[");
    let next_word = tokens.get(k + 1).is_some_and(|n| {
        n.glued()
            && n.is_word()
            && !["em", "tis", "twas", "til", "n", "cause", "bout"]
                .iter()
                .any(|e| n.is(e))
    });
    free_before && next_word
}

/// A single mark closing a quotation: touching the token before it and
/// not the word after it (so not "don't", "Blatter's").
fn single_closes(tokens: &[Token], k: usize) -> bool {
    let token = &tokens[k];
    if !(token.is_mark('\'') || token.is_mark('’')) || !token.glued() {
        return false;
    }
    let before = &tokens[k - 1];
    let after_ok = tokens.get(k + 1).is_none_or(|n| {
        n.paragraph_start
            || n.space_before
            || (n.shape == Shape::Mark && !is_single_mark(n) && n.text != "s")
    });
    (before.is_word() || before.is_number() || matches!(before.text, "." | "," | "!" | "?" | "…"))
        && after_ok
}

/// A closing candidate that may be a plural possessive ("the students'
/// union"): after a word ending in s, before another word.
fn single_close_ambiguous(tokens: &[Token], k: usize) -> bool {
    tokens[k - 1].is_word()
        && tokens[k - 1].text.ends_with(['s', 'S'])
        && tokens
            .get(k + 1)
            .is_some_and(|n| n.is_word() && !n.paragraph_start)
}

/// Quotations in single marks, within one paragraph, outside the double
/// ones (a single-quoted passage inside a double quote is part of it).
fn single_spans(tokens: &[Token], doubles: &[Span]) -> Vec<Span> {
    let inside = |k: usize| doubles.iter().any(|s| s.open <= k && k <= s.close);
    let mut spans = Vec::new();
    let mut k = 0;
    while k < tokens.len() {
        if !single_opens(tokens, k) || inside(k) {
            k += 1;
            continue;
        }
        let mut close = None;
        let mut j = k + 1;
        while j < tokens.len() && !tokens[j].paragraph_start && !inside(j) {
            if single_closes(tokens, j) {
                if !single_close_ambiguous(tokens, j) {
                    close = Some(j);
                    break;
                }
                close = close.or(Some(j));
            } else if close.is_some() && single_opens(tokens, j) {
                break;
            }
            j += 1;
        }
        match close {
            Some(c) if words_between(tokens, k, c) >= 2 => {
                spans.push(Span {
                    open: k,
                    close: c,
                    closed: true,
                    paragraphs: 1,
                    partial: false,
                });
                k = c + 1;
            }
            _ => k += 1,
        }
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

/// What a quote's attribution says about its speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Found {
    /// A name or a description of the speaker.
    Name(String),
    /// "he said", "the 45-year-old told": a person named earlier.
    Person,
    /// "it said": the organisation that last spoke.
    It,
    /// "the minister added", "the ministry said": someone or something
    /// named earlier, found by the head noun; the text itself if not.
    Definite { head: String, text: String },
    /// "the statement added": whoever issued it, found by the noun (token
    /// `at` of the attribution) in an earlier sentence.
    Document { noun: String, at: usize },
    /// Attributed, but to nobody who can be named ("they said").
    Nobody,
}

fn speaker_of(
    tokens: &[Token],
    body: &str,
    span: &Span,
    names: &Names,
    resolved: &[(Span, Option<String>)],
) -> (Option<String>, Option<SpeakerSource>) {
    let previous = resolved.last().map(|(span, speaker)| Previous {
        close: span.close,
        speaker: speaker.clone(),
    });
    let previous = previous.as_ref();
    let found = if span.closed {
        after_quote(tokens, body, span.close, names)
    } else {
        None
    }
    .or_else(|| before_quote(tokens, body, span.open, names));
    let named = |name: String| (Some(name), Some(SpeakerSource::Named));
    let referred = |name: Option<String>| {
        let source = name.as_ref().map(|_| SpeakerSource::Pronoun);
        (name, source)
    };
    // The quote before, when it is in this paragraph or the one before.
    let adjacent = previous.filter(|p| {
        tokens[p.close + 1..=span.open]
            .iter()
            .filter(|t| t.paragraph_start)
            .count()
            <= 1
    });
    match found {
        Some(Found::Name(name)) => named(name),
        Some(Found::Person) => referred(names.last_person(span.open)),
        Some(Found::It) => referred(names.last_organisation_speaker(span.open)),
        Some(Found::Document { noun, at }) => {
            referred(document_issuer(tokens, &noun, at, resolved, names))
        }
        Some(Found::Definite { head, text }) => {
            if let Some(name) = names.institution(&head, span.open) {
                return named(name);
            }
            if lexicon::is_title(&head) {
                if let Some(name) = names.person_with_role(&head, span.open) {
                    return referred(Some(name));
                }
                // "the spokesman said" right after a quote of a person
                // whose known roles say nothing else.
                let earlier = adjacent
                    .and_then(|p| p.speaker.clone())
                    .filter(|name| names.is_person(name) && !names.other_role(name, &head));
                if earlier.is_some() {
                    return referred(earlier);
                }
            } else if is_organisation_noun(&head) {
                if let Some(name) = names.last_organisation(span.open) {
                    return named(name);
                }
            }
            named(text)
        }
        Some(Found::Nobody) => (None, None),
        None => {
            // An unattributed quote right after another keeps its speaker,
            // unless someone else has been named as speaking or acting
            // between the two.
            let Some(previous) = adjacent else {
                return (None, None);
            };
            let speaker = previous.speaker.clone();
            let interrupted = speaker
                .as_ref()
                .is_some_and(|s| names.someone_else_between(previous.close, span.open, s));
            if interrupted {
                return (None, None);
            }
            let source = speaker.as_ref().map(|_| SpeakerSource::Carried);
            (speaker, source)
        }
    }
}

/// The first token of the sentence holding token `k`.
fn sentence_start(tokens: &[Token], k: usize) -> usize {
    let mut s = k;
    while s > 0 && !tokens[s].paragraph_start && !ends_sentence(tokens, s - 1) {
        s -= 1;
    }
    s
}

/// Who issued the statement of "the statement added" (its noun at token
/// `at`): the speaker of the last earlier sentence naming it ("the ministry
/// said in a statement"), from the quote it attributes or a name in it.
fn document_issuer(
    tokens: &[Token],
    noun: &str,
    at: usize,
    resolved: &[(Span, Option<String>)],
    names: &Names,
) -> Option<String> {
    // Back through the earlier sentences naming it ("the statement noted"
    // names nobody) to the one that says whose it is.
    let mut before = sentence_start(tokens, at);
    while let Some(p) = (0..before).rev().find(|&k| tokens[k].is(noun)) {
        let start = sentence_start(tokens, p);
        let mut end = p;
        while end + 1 < tokens.len()
            && !ends_sentence(tokens, end)
            && !tokens[end + 1].paragraph_start
        {
            end += 1;
        }
        let issuer = resolved
            .iter()
            .rev()
            .find(|(span, _)| span.close + 1 >= start && span.open <= end)
            .and_then(|(_, speaker)| speaker.clone())
            .or_else(|| names.speaker_within(start, end));
        if issuer.is_some() {
            return issuer;
        }
        before = start;
    }
    None
}

/// Nouns for an organisation that "the …" may stand for.
fn is_organisation_noun(word: &str) -> bool {
    lexicon::with_lower(word, |w| {
        matches!(
            w,
            "company"
                | "firm"
                | "group"
                | "carrier"
                | "airline"
                | "bank"
                | "lender"
                | "insurer"
                | "retailer"
                | "manufacturer"
                | "maker"
                | "drugmaker"
                | "automaker"
                | "carmaker"
                | "operator"
                | "club"
                | "team"
                | "party"
                | "agency"
                | "organisation"
                | "organization"
                | "regulator"
                | "union"
                | "federation"
                | "association"
        )
    })
}

/// Verbs that may come before their subject: `," said Nasrat Rahimi`.
/// Never "told", "urged" or "called", whose object is someone else.
fn inverts(word: &str) -> bool {
    matches!(
        word,
        "said"
            | "says"
            | "added"
            | "adds"
            | "stated"
            | "wrote"
            | "writes"
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
            | "tweeted"
            | "posted"
            | "stressed"
            | "argued"
            | "conceded"
            | "admitted"
            | "acknowledged"
            | "remarked"
            | "observed"
            | "vowed"
            | "pledged"
            | "promised"
            | "announced"
            | "confirmed"
            | "cautioned"
            | "countered"
            | "responded"
            | "answered"
            | "quipped"
            | "joked"
            | "asserted"
            | "maintained"
            | "emphasised"
            | "emphasized"
            | "lamented"
            | "complained"
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
            return phrase_found(tokens, body, k + 1, names);
        }
        if token.is_word() && lexicon::is_speech_verb(token.text) {
            let first_word = tokens[close + 1..k].iter().all(|t| !t.is_word());
            if first_word {
                return if inverts(token.text) {
                    phrase_found(tokens, body, k, names)
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
/// (`Zarif said that "…`, `Ghani tweeted that the attack was "…`,
/// `According to the ministry, "…`).
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
    if let Some(k) = (start..open)
        .find(|&k| tokens[k].is("according") && tokens.get(k + 1).is_some_and(|t| t.is("to")))
    {
        if let Some(found) = phrase_found(tokens, body, k + 1, names) {
            return Some(found);
        }
    }
    (start..open)
        .rev()
        .filter(|&v| tokens[v].is_word() && lexicon::is_speech_verb(tokens[v].text))
        .find_map(|v| {
            subject(tokens, body, start, v, names).or_else(|| {
                inverts(tokens[v].text)
                    .then(|| phrase_found(tokens, body, v, names))
                    .flatten()
            })
        })
}

/// What a pronoun subject stands for: a person for "he" and "she", an
/// organisation for "it", nobody nameable for "they", "we", "I".
fn pronoun_found(word: &str) -> Found {
    lexicon::with_lower(word, |w| match w {
        "he" | "she" => Found::Person,
        "it" => Found::It,
        _ => Found::Nobody,
    })
}

/// The subject of speech verb `verb`, looked for in `from..verb`.
fn subject(tokens: &[Token], body: &str, from: usize, verb: usize, names: &Names) -> Option<Found> {
    // "quoted Ana Ruiz as saying", "cited a police source as saying".
    if tokens[verb].is("saying") && verb > from + 1 && tokens[verb - 1].is("as") {
        let source_verb = (from..verb - 1).rev().find(|&k| {
            ["quoted", "cited", "quoting", "citing"]
                .iter()
                .any(|w| tokens[k].is(w))
        });
        if let Some(q) = source_verb {
            if let Some(name) = first_name(tokens, body, q + 1, verb - 1, names) {
                return Some(Found::Name(name));
            }
            return phrase_found(tokens, body, q, names);
        }
    }
    // "A statement from the U.S. military said".
    for k in from..verb.saturating_sub(1) {
        if lexicon::is_document_noun(tokens[k].text)
            && (tokens[k + 1].is("from") || tokens[k + 1].is("by"))
        {
            if let Some(found) = phrase_found(tokens, body, k + 1, names) {
                return Some(found);
            }
        }
    }
    // "with the channel saying": the words since "with" are the subject.
    if tokens[verb].text.ends_with("ing") {
        let with = (from.max(verb.saturating_sub(6))..verb)
            .rev()
            .take_while(|&k| !tokens[k].is_mark(','))
            .find(|&k| tokens[k].is("with"));
        if let Some(with) = with {
            if let Some(run) = adjacent_run(tokens, with + 1, verb) {
                return names.clean(tokens, body, &run).map(Found::Name);
            }
            if let Some(found) = described(tokens, body, with + 1, verb) {
                return Some(found);
            }
        }
        // "…, saying", "issued a statement saying": the sentence's subject.
        return sentence_subject(tokens, body, from, verb, names);
    }
    if let Some(run) = adjacent_run(tokens, from, verb) {
        // "Col. Ravi Rao of the army's 15 Corps told": the person before
        // the preposition, not the body after it.
        let clause = clause_start(tokens, from, run.start);
        if let Some(prep) = (clause..run.start).rev().find(|&k| ends_head(&tokens[k])) {
            if let Some(name) = first_name(tokens, body, clause, prep, names) {
                return Some(Found::Name(name));
            }
        }
        if let Some(name) = names.clean(tokens, body, &run) {
            return Some(Found::Name(name));
        }
    }
    if let Some(name) = possessive_holder(tokens, body, from, verb, names) {
        return Some(Found::Name(name));
    }
    let clause = clause_start(tokens, from, verb);
    let words: Vec<&Token> = tokens[clause..verb]
        .iter()
        .filter(|t| t.is_word())
        .collect();
    if words.is_empty() {
        // "…, said Tedros", "Tedros, when asked about it, said".
        if inverts(tokens[verb].text) {
            if let Some(found) = phrase_found(tokens, body, verb, names) {
                return Some(found);
            }
        }
        return sentence_subject(tokens, body, from, verb, names);
    }
    if let Some(name) = first_name(tokens, body, clause, verb, names) {
        return Some(Found::Name(name));
    }
    if words.len() <= 3 {
        if let Some(pronoun) = words.iter().find(|w| lexicon::is_pronoun(w.text)) {
            return Some(pronoun_found(pronoun.text));
        }
    }
    described(tokens, body, clause, verb)
}

/// The first token after the last comma in `from..to`.
fn clause_start(tokens: &[Token], from: usize, to: usize) -> usize {
    (from..to)
        .rev()
        .find(|&k| tokens[k].is_mark(','))
        .map_or(from, |comma| comma + 1)
}

/// Words that may stand before a subject's name without ending it:
/// titles and the few adjectives of a role ("former FIFA president").
fn is_role_modifier(token: &Token) -> bool {
    token.is_word()
        && (lexicon::is_title(token.text)
            || [
                "former", "then", "acting", "interim", "senior", "top", "the", "a", "an", "new",
                "outgoing", "incoming",
            ]
            .iter()
            .any(|w| token.is(w)))
}

/// The subject at the start of the sentence `from..verb` (before its first
/// comma): "Union minister Ana Ruiz on Friday dismissed …, asserting",
/// "Tedros, when asked …, said", "The company … issued a statement saying".
fn sentence_subject(
    tokens: &[Token],
    body: &str,
    from: usize,
    verb: usize,
    names: &Names,
) -> Option<Found> {
    let limit = (from..verb)
        .find(|&k| tokens[k].is_mark(','))
        .unwrap_or(verb);
    let mut k = from;
    let mut single = None;
    while k < limit && k < from + 8 {
        if let Some(run) = name_run(tokens, k, limit) {
            if run.possessive {
                break; // "Mr Abdullah's spokesman, Fraidoon Kwazoon, told"
            }
            let words = (run.start..=run.end)
                .filter(|&w| tokens[w].is_word())
                .count();
            if words >= 2 {
                return names.clean(tokens, body, &run).map(Found::Name);
            }
            single = single.or(Some(run));
            k = run.end + 1;
            continue;
        }
        if !is_role_modifier(&tokens[k]) {
            break;
        }
        k += 1;
    }
    if let Some(run) = single {
        return names.clean(tokens, body, &run).map(Found::Name);
    }
    // "the spokesman, Fraidoon Kwazoon, told": the name in apposition.
    if limit < verb {
        if let Some(run) = name_run(tokens, limit + 1, verb).filter(|r| !r.possessive) {
            let closed = tokens.get(run.end + 1).is_some_and(|t| t.is_mark(','));
            if closed {
                return names.clean(tokens, body, &run).map(Found::Name);
            }
        }
    }
    if from < limit && lexicon::is_pronoun(tokens[from].text) {
        return Some(pronoun_found(tokens[from].text));
    }
    // "The company initially declined …": its head noun.
    let described = tokens[from]
        .is("the")
        .then(|| head_at_start(tokens, body, from, limit));
    described
        .flatten()
        .or_else(|| first_name(tokens, body, from, verb, names).map(Found::Name))
}

/// "The company initially …" from `from` (its "the"): the head noun.
fn head_at_start(tokens: &[Token], body: &str, from: usize, limit: usize) -> Option<Found> {
    let mut last = from;
    for (i, token) in tokens
        .iter()
        .enumerate()
        .take(limit.min(from + 5))
        .skip(from + 1)
    {
        let stop = !token.is_word()
            || lexicon::is_function_word(token.text)
            || lexicon::is_speech_verb(token.text)
            || token.text.ends_with("ly")
            || token.text.ends_with("ed")
            || is_between_subject_and_verb(token);
        if stop {
            break;
        }
        last = i;
    }
    (last > from).then(|| {
        let text = body[tokens[from + 1].start..tokens[last].end].to_string();
        Found::Definite {
            head: tokens[last].text.to_lowercase(),
            text,
        }
    })
}

/// "Benjamin Netanyahu's office said", "the minister's media office
/// said": the holder's name with the noun.
fn possessive_holder(
    tokens: &[Token],
    body: &str,
    from: usize,
    verb: usize,
    names: &Names,
) -> Option<String> {
    let mut last = verb.checked_sub(1)?;
    while last > from && is_between_subject_and_verb(&tokens[last]) {
        last -= 1;
    }
    let is_noun =
        |t: &Token| t.is_word() && !t.is_capitalised() && !lexicon::is_function_word(t.text);
    if !is_noun(&tokens[last]) {
        return None;
    }
    // The apostrophe before the noun starting at `k`, and the holder's end.
    let holder_end = |k: usize| -> Option<(usize, usize)> {
        if k < from + 2 {
            return None;
        }
        let mark = |t: &Token| (t.is_mark('\'') || t.is_mark('’')) && t.glued();
        if tokens[k - 1].is("s") && tokens[k - 1].glued() && k >= from + 3 && mark(&tokens[k - 2]) {
            return Some((k - 2, k - 3));
        }
        (mark(&tokens[k - 1]) && tokens[k - 2].text.ends_with('s')).then(|| (k - 1, k - 2))
    };
    let (apostrophe, end) = holder_end(last).or_else(|| {
        (last > from && is_noun(&tokens[last - 1]) && !tokens[last - 1].is("s"))
            .then(|| holder_end(last - 1))
            .flatten()
    })?;
    let run = adjacent_run(tokens, from, end + 1)?;
    let holder = names.clean(tokens, body, &run)?;
    Some(format!(
        "{holder}{}",
        &body[tokens[apostrophe].start..tokens[last].end]
    ))
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
        "has",
        "would",
        "will",
    ]
    .iter()
    .any(|w| token.is(w))
}

/// The name run that ends right before speech verb `verb` (after `from`).
fn adjacent_run(tokens: &[Token], from: usize, verb: usize) -> Option<Run> {
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
    Some(Run {
        start,
        end,
        possessive: false,
    })
}

/// What the words after `at` (a verb, "according to", "from") say about
/// the speaker: a pronoun ("said he"), a name, or a description, definite
/// or not ("according to the ministry").
fn phrase_found(tokens: &[Token], body: &str, at: usize, names: &Names) -> Option<Found> {
    let next = tokens.get(at + 1)?;
    if next.paragraph_start || !next.is_word() {
        return None;
    }
    if lexicon::is_pronoun(next.text) {
        return Some(pronoun_found(next.text));
    }
    let text = phrase_after(tokens, body, at, names)?;
    if text.starts_with(char::is_uppercase) {
        return Some(Found::Name(text));
    }
    // A description, as printed from its first word after any article.
    let first = (at + 1..tokens.len())
        .find(|&k| !(tokens[k].is("a") || tokens[k].is("an") || tokens[k].is("the")))?;
    let end = tokens[first].start + text.len();
    let Some(head_at) = (first..tokens.len().min(first + 12)).find(|&k| tokens[k].end == end)
    else {
        return Some(Found::Name(text));
    };
    let head = tokens[head_at].text.to_lowercase();
    if lexicon::is_document_noun(&head) {
        // "according to a statement from the ministry"
        let from = tokens
            .get(head_at + 1)
            .filter(|t| t.is("from") || t.is("by"))
            .and_then(|_| phrase_found(tokens, body, head_at + 1, names));
        return Some(from.unwrap_or(if next.is("the") {
            Found::Document {
                noun: head,
                at: head_at,
            }
        } else {
            Found::Nobody
        }));
    }
    if !next.is("the") {
        return Some(Found::Name(text));
    }
    Some(Found::Definite { head, text })
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
    // "said economist Mia Holm": a name after a few lower-case role words.
    let role_words = tokens[first..]
        .iter()
        .take(3)
        .take_while(|t| t.is_word() && !t.is_capitalised() && !lexicon::is_function_word(t.text))
        .count();
    for skip in (1..=role_words).rev() {
        if let Some(run) = name_run(tokens, first + skip, tokens.len()) {
            let whole = ends_phrase(tokens, &run);
            if whole && !run.possessive {
                return names.clean(tokens, body, &run);
            }
        }
    }
    if let Some(run) = name_run(tokens, first, tokens.len()) {
        let whole = ends_phrase(tokens, &run);
        if whole {
            return names.clean(tokens, body, &run);
        }
    }
    let mut last = None;
    for (k, token) in tokens.iter().enumerate().skip(first).take(8) {
        if token.paragraph_start && k > first
            || ends_sentence(tokens, k)
            || token.is_mark(',')
            || is_quote_mark(token)
            || is_phrase_stop(token)
            || lexicon::is_speech_verb(token.text)
            || is_between_subject_and_verb(token)
        {
            break;
        }
        last = Some(k);
    }
    let last = last?;
    Some(body[tokens[first].start..tokens[last].end].to_string())
}

/// Whether the phrase after a verb ends with name run `run`: nothing
/// after it but marks or a preposition ("U.S. military" goes on: an
/// abbreviation's full stop does not end it).
fn ends_phrase(tokens: &[Token], run: &Run) -> bool {
    let after = tokens.get(run.end + 1);
    let abbreviated = after.is_some_and(|t| t.is_mark('.')) && !ends_sentence(tokens, run.end + 1);
    !abbreviated && after.is_none_or(|t| !t.is_word() || is_phrase_stop(t))
}

fn is_phrase_stop(token: &Token) -> bool {
    [
        "in", "at", "on", "from", "to", "with", "by", "after", "during", "when", "who", "that",
        "which", "as", "via",
    ]
    .iter()
    .any(|w| token.is(w))
}

/// A preposition that ends a noun phrase's head ("minister of state",
/// "Rao of the army's 15 Corps").
fn ends_head(token: &Token) -> bool {
    is_phrase_stop(token) || token.is("of") || token.is("for")
}

/// "one witness", "the governor's press office was", "the minister of
/// state for railways" → the described speaker, after the last comma,
/// without articles or a trailing auxiliary; definite ("the …") ones keep
/// their head noun so they can be matched to someone named earlier.
fn described(tokens: &[Token], body: &str, from: usize, verb: usize) -> Option<Found> {
    let mut first = tokens[from..verb]
        .iter()
        .rposition(|t| t.is_mark(','))
        .map_or(from, |comma| from + comma + 1);
    let mut definite = false;
    while first < verb
        && (lexicon::is_function_word(tokens[first].text) || tokens[first].shape == Shape::Mark)
    {
        definite |= tokens[first].is("the");
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
    if words > 6 {
        return None;
    }
    let text = body[tokens[first].start..tokens[last].end].to_string();
    if text.contains("year-old") {
        // "the 45-year-old told Reuters": someone named before.
        return Some(Found::Person);
    }
    // The head noun: the last word before a preposition ("minister" of
    // "minister of state for railways").
    let head_at = (first..=last)
        .take_while(|&k| !ends_head(&tokens[k]))
        .filter(|&k| tokens[k].is_word())
        .last()?;
    let head = tokens[head_at].text.to_lowercase();
    if lexicon::is_document_noun(&head) {
        return Some(if definite {
            Found::Document {
                noun: head,
                at: head_at,
            }
        } else {
            Found::Nobody
        });
    }
    Some(if definite {
        Found::Definite { head, text }
    } else {
        Found::Name(text)
    })
}

/// A capitalised word that can be part of a name.
fn is_name_word(token: &Token) -> bool {
    token.is_capitalised()
        && !lexicon::is_function_word(token.text)
        && lexicon::weekday(token.text).is_none()
        && lexicon::month(token.text).is_none()
        && lexicon::cardinal(token.text).is_none()
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
            | "Command"
            | "Forces"
            | "Force"
            | "Organization"
            | "Organisation"
            | "Group"
            | "Company"
            | "Corporation"
            | "Limited"
            | "Inc"
            | "Ltd"
            | "Association"
            | "Federation"
            | "Union"
            | "Institute"
            | "University"
            | "Fund"
            | "Nations"
            | "States"
            | "Kingdom"
            | "Republic"
            | "Parliament"
            | "Assembly"
            | "Senate"
            | "Congress"
            | "House"
            | "Cabinet"
            | "Corps"
            | "Guard"
            | "Front"
            | "Movement"
            | "Network"
            | "Centre"
            | "Center"
            | "Hospital"
            | "Foundation"
            | "Reserve"
            | "Exchange"
    )
}

/// Role nouns that tell one person's job from another's (a rank or an
/// honorific does not).
fn is_office(word: &str) -> bool {
    lexicon::with_lower(word, |w| {
        matches!(
            w,
            "minister"
                | "president"
                | "spokesman"
                | "spokeswoman"
                | "spokesperson"
                | "mayor"
                | "governor"
                | "secretary"
                | "chairman"
                | "chairwoman"
                | "director"
                | "ambassador"
                | "envoy"
                | "senator"
                | "congressman"
                | "congresswoman"
                | "judge"
                | "commissioner"
                | "ceo"
                | "chancellor"
                | "premier"
                | "king"
                | "queen"
                | "pope"
                | "official"
                | "officer"
                | "commander"
                | "leader"
                | "executive"
        )
    })
}

/// Two role words for the same job ("spokesman", "spokeswoman").
fn same_role(a: &str, b: &str) -> bool {
    let key = |w: &str| {
        if w.starts_with("spokes") {
            "spokes".to_string()
        } else {
            w.to_lowercase()
        }
    };
    key(a) == key(b)
}

/// One mention of a name outside the quotes.
#[derive(Debug, Clone)]
struct Mention {
    at: usize,
    name: String,
    person: bool,
    /// Named as speaking: next to a speech verb.
    speaker: bool,
    /// The subject of its sentence: not after a preposition, followed by a
    /// verb or an apposition.
    subject: bool,
    /// Role words before the name, in it, or in an apposition after it.
    roles: Vec<String>,
    /// The name has more than one word.
    multiword: bool,
}

/// The names met so far, read forward once as the quotes are resolved in
/// order: full names by surname and by acronym, and every mention with
/// what it did in its sentence.
struct Names {
    /// The quotes' spans sorted by where they open, and the furthest any
    /// of the first `i + 1` of them closes: whether a token is inside a
    /// quote is one binary search, however long the body.
    quotes: Vec<(usize, usize)>,
    closes_by: Vec<usize>,
    run_from: usize,
    full: std::collections::HashMap<String, String>,
    mentions: Vec<Mention>,
}

impl Names {
    fn new(spans: &[Span]) -> Names {
        let mut quotes: Vec<(usize, usize)> = spans.iter().map(|s| (s.open, s.close)).collect();
        quotes.sort_unstable();
        let closes_by = quotes
            .iter()
            .scan(0, |furthest, &(_, close)| {
                *furthest = close.max(*furthest);
                Some(*furthest)
            })
            .collect();
        Names {
            quotes,
            closes_by,
            run_from: 0,
            full: std::collections::HashMap::new(),
            mentions: Vec::new(),
        }
    }

    fn in_quote(&self, k: usize) -> bool {
        // Some quote that opens at or before `k` closes at or after it.
        let opened = self.quotes.partition_point(|&(open, _)| open <= k);
        opened > 0 && self.closes_by[opened - 1] >= k
    }

    /// Reads the names before token `until`.
    fn advance_to(&mut self, tokens: &[Token], body: &str, until: usize) {
        let mut k = self.run_from;
        while k < until {
            let Some(run) = name_run(tokens, k, tokens.len()) else {
                k += 1;
                continue;
            };
            if run.end >= until {
                break;
            }
            k = run.end + 1;
            if self.in_quote(run.start) {
                continue;
            }
            self.mention(tokens, body, &run);
        }
        self.run_from = k.max(self.run_from);
    }

    fn mention(&mut self, tokens: &[Token], body: &str, run: &Run) {
        let Some(name) = self.clean(tokens, body, run) else {
            return;
        };
        let words: Vec<&Token> = tokens[run.start..=run.end]
            .iter()
            .filter(|t| t.is_word())
            .collect();
        if name.contains(' ') && !words.iter().any(|w| is_institution(w.text)) {
            if let Some((_, surname)) = name.rsplit_once(' ') {
                self.full.insert(surname.to_string(), name.clone());
            }
        }
        // "U.S. Central Command (Centcom)": the acronym stands for the name.
        if let (Some(open), Some(alias), Some(close)) = (
            tokens.get(run.end + 1),
            tokens.get(run.end + 2),
            tokens.get(run.end + 3),
        ) {
            if open.is_mark('(') && alias.is_capitalised() && close.is_mark(')') && words.len() > 1
            {
                self.full.insert(alias.text.to_string(), name.clone());
            }
        }
        if run.possessive {
            return;
        }
        // Role words before: "Union minister", "former FIFA president".
        let mut roles: Vec<String> = Vec::new();
        let mut b = run.start;
        let mut titled = false;
        while b > 0 && run.start - b < 6 && !tokens[b].paragraph_start {
            let t = &tokens[b - 1];
            if !(t.is_word() && (is_role_modifier(t) || t.is_capitalised())) {
                break;
            }
            if lexicon::is_title(t.text) {
                roles.push(t.text.to_lowercase());
            }
            b -= 1;
        }
        for w in &words {
            if lexicon::is_title(w.text) {
                titled = true;
                roles.push(w.text.to_lowercase());
            }
        }
        titled |= !roles.is_empty();
        let after = run.end + 1;
        // An apposition: "R.J. Okafor, a senior officer at the mine, told".
        let mut after_apposition = after;
        if tokens.get(after).is_some_and(|t| t.is_mark(',')) {
            let mut j = after + 1;
            while j < tokens.len().min(after + 12) {
                let t = &tokens[j];
                if t.paragraph_start || ends_sentence(tokens, j) || is_quote_mark(t) {
                    break;
                }
                if t.is_mark(',') {
                    after_apposition = j + 1;
                    break;
                }
                if t.is_word() && lexicon::is_title(t.text) {
                    roles.push(t.text.to_lowercase());
                }
                j += 1;
            }
        }
        let speaks_at = |k: usize| {
            let mut k = k;
            while tokens.get(k).is_some_and(is_between_subject_and_verb) {
                k += 1;
            }
            tokens
                .get(k)
                .is_some_and(|t| t.is_word() && lexicon::is_speech_verb(t.text))
        };
        let before = run.start.checked_sub(1).map(|b| &tokens[b]);
        let speaker = speaks_at(after)
            || speaks_at(after_apposition)
            || before.is_some_and(|t| inverts(t.text) && !tokens[run.start].paragraph_start);
        // The sentence's subject: at its start (after role words), then a
        // verb or an apposition.
        let sentence_start = b == 0
            || tokens[b].paragraph_start
            || ends_sentence(tokens, b - 1)
            || matches!(tokens[b - 1].text, "-" | "—" | "–" | ":");
        let subject = sentence_start
            && tokens.get(after).is_some_and(|t| {
                t.is_mark(',')
                    || (t.is_word()
                        && !t.is_capitalised()
                        && (!lexicon::is_function_word(t.text) || is_between_subject_and_verb(t)))
            });
        let all_capitals = words.len() == 1 && !words[0].text.chars().any(char::is_lowercase);
        let institution = words.iter().any(|w| is_institution(w.text));
        let person = !institution
            && !all_capitals
            && (name.contains(' ') || titled || speaker && self.full.contains_key(&name));
        self.mentions.push(Mention {
            at: run.start,
            multiword: name.contains(' '),
            name,
            person,
            speaker,
            subject,
            roles,
        });
    }

    /// The last person named as a subject or a speaker before token `before`.
    fn last_person(&self, before: usize) -> Option<String> {
        self.mentions
            .iter()
            .rev()
            .filter(|m| m.at < before)
            .find(|m| m.person && (m.speaker || m.subject))
            .map(|m| m.name.clone())
    }

    /// The last name of anyone or anything named as speaking in tokens
    /// `from..=to`.
    fn speaker_within(&self, from: usize, to: usize) -> Option<String> {
        self.mentions
            .iter()
            .rev()
            .filter(|m| m.at >= from && m.at <= to)
            .find(|m| m.speaker)
            .map(|m| m.name.clone())
    }

    /// The last organisation named as speaking.
    fn last_organisation_speaker(&self, before: usize) -> Option<String> {
        self.mentions
            .iter()
            .rev()
            .filter(|m| m.at < before)
            .find(|m| m.speaker && !m.person)
            .map(|m| m.name.clone())
    }

    /// The last organisation named as the subject of a sentence or as
    /// speaking ("AstraZeneca appeared to play down …" for "the company").
    fn last_organisation(&self, before: usize) -> Option<String> {
        self.mentions
            .iter()
            .rev()
            .filter(|m| m.at < before)
            .find(|m| !m.person && (m.subject || m.speaker) && !m.name.contains('.'))
            .map(|m| m.name.clone())
    }

    /// An earlier institution whose name ends in `head` ("Interior
    /// Ministry" for "the ministry").
    fn institution(&self, head: &str, before: usize) -> Option<String> {
        self.mentions
            .iter()
            .rev()
            .filter(|m| m.at < before && !m.person && m.multiword)
            .find(|m| {
                m.name
                    .rsplit(' ')
                    .next()
                    .is_some_and(|last| last.eq_ignore_ascii_case(head))
            })
            .map(|m| m.name.clone())
    }

    /// The last person named with role `head` ("Union minister Ana Ruiz"
    /// for "the minister").
    fn person_with_role(&self, head: &str, before: usize) -> Option<String> {
        self.mentions
            .iter()
            .rev()
            .filter(|m| m.at < before && m.person)
            .find(|m| m.roles.iter().any(|r| same_role(r, head)))
            .map(|m| m.name.clone())
    }

    fn is_person(&self, name: &str) -> bool {
        self.mentions.iter().any(|m| m.name == name && m.person)
    }

    /// Whether `name` is known to hold an office other than `head`.
    fn other_role(&self, name: &str, head: &str) -> bool {
        self.mentions
            .iter()
            .filter(|m| m.name == name)
            .flat_map(|m| &m.roles)
            .any(|r| is_office(r) && !same_role(r, head))
    }

    /// Whether a person other than `speaker` is named as speaking or as a
    /// sentence's subject between tokens `from` and `to`.
    fn someone_else_between(&self, from: usize, to: usize, speaker: &str) -> bool {
        self.mentions.iter().any(|m| {
            m.at > from && m.at < to && m.person && (m.speaker || m.subject) && m.name != speaker
        })
    }

    /// A name run as a speaker: titles dropped ("Marine General Frank
    /// McKenzie" → "Frank McKenzie"), a surname alone completed from an
    /// earlier full name, an acronym from the name it stands for.
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

    /// (speaker, how it was found) of every quote found, in order.
    fn speakers(body: &str) -> Vec<(Option<String>, Option<&'static str>)> {
        detect(body, &DetectContext::default())
            .into_iter()
            .filter(|s| s.kind == ClaimKind::Quote)
            .map(|s| (s.speaker, s.speaker_source.map(|k| k.as_str())))
            .collect()
    }

    fn named(name: &str) -> (Option<String>, Option<&'static str>) {
        (Some(name.to_string()), Some("named"))
    }

    fn by(name: &str, source: &'static str) -> (Option<String>, Option<&'static str>) {
        (Some(name.to_string()), Some(source))
    }

    const NOBODY: (Option<String>, Option<&'static str>) = (None, None);

    #[test]
    fn speech_verbs_attribute_in_every_tense_and_both_orders() {
        let body = "\"We will rebuild every home,\" Mayor Ana Ruiz vowed.\n\n\
             \"The levee will hold,\" warned Senator Lena Fisk.\n\n\
             Governor Paul Oduya pledges that \"no family will be left behind\".\n\n\
             \"Prices will fall by spring,\" says economist Mia Holm.\n\n\
             \"We are ready for the vote,\" tweeted Ines Kohl.\n\n\
             Tomas Berg wrote on Sunday: \"The count was fair.\"\n\n\
             \"It will take years,\" Ruiz conceded.\n\n\
             Oduya has stressed that \"every village counts\".\n\n\
             \"A historic day for the valley,\" Fisk hailed.";
        assert_eq!(
            speakers(body),
            vec![
                named("Ana Ruiz"),
                named("Lena Fisk"),
                named("Paul Oduya"),
                named("Mia Holm"),
                named("Ines Kohl"),
                named("Tomas Berg"),
                named("Ana Ruiz"),
                named("Paul Oduya"),
                named("Lena Fisk"),
            ]
        );
    }

    #[test]
    fn according_to_cited_as_saying_told_reporters_and_colons_attribute() {
        let body = "\"The bridge is safe,\" according to city engineer Tomas Berg.\n\n\
             According to the transport ministry, \"no trains will run on Monday\".\n\n\
             The agency quoted Mayor Ana Ruiz as saying \"the water is falling\".\n\n\
             Lena Fisk told reporters: \"The road opens on Friday.\"\n\n\
             Paul Oduya promised the region: \"Every home will be rebuilt.\"";
        assert_eq!(
            speakers(body),
            vec![
                named("Tomas Berg"),
                named("transport ministry"),
                named("Ana Ruiz"),
                named("Lena Fisk"),
                named("Paul Oduya"),
            ]
        );
    }

    #[test]
    fn organisations_speak_and_are_named_in_full() {
        let body = "The Education Ministry closed 40 schools on Monday.\n\n\
             In a statement, the ministry said: \"All schools will reopen soon.\"\n\n\
             \"Teachers will be paid in full,\" the statement added.\n\n\
             The Northern Water Authority (NWA) raised its warning level.\n\n\
             \"The reservoir is at its limit,\" the NWA said.\n\n\
             A statement from the city council said the plan was \"fair and final\".\n\n\
             \"We stand by the figures,\" Prime Minister Ana Ruiz's office said.";
        assert_eq!(
            speakers(body),
            vec![
                named("Education Ministry"),
                by("Education Ministry", "pronoun"),
                named("Northern Water Authority"),
                named("city council"),
                named("Ana Ruiz's office"),
            ]
        );
    }

    #[test]
    fn he_said_is_the_last_person_named_as_subject_or_speaker() {
        let body = "Lena Fisk arrived with her lawyer, Tomas Berg, on Monday. \
             \"I have done nothing wrong,\" she told reporters.\n\n\
             Berg later spoke to the court. \"My client is innocent,\" he said.";
        assert_eq!(
            speakers(body),
            vec![by("Lena Fisk", "pronoun"), by("Tomas Berg", "pronoun")]
        );
    }

    #[test]
    fn a_pronoun_with_nobody_named_before_it_gives_no_speaker() {
        assert_eq!(
            speakers("\"It held all night,\" she said.\n\n\"We are afraid,\" they said."),
            vec![NOBODY, NOBODY]
        );
    }

    #[test]
    fn definite_descriptions_stand_for_the_person_with_that_role() {
        let body = "Union minister Ana Ruiz toured the dam on Friday.\n\n\
             \"The repairs are on time,\" the minister of state for water said.";
        assert_eq!(speakers(body), vec![by("Ana Ruiz", "pronoun")]);
        // Someone known to hold another office is not "the spokesman".
        let body = "\"The repairs are on time,\" said Finance Minister Ana Ruiz.\n\n\
             \"Nothing has been decided,\" the spokesman said.";
        assert_eq!(speakers(body), vec![named("Ana Ruiz"), named("spokesman")]);
        // With no role known, "the spokesman" right after is that person.
        let body =
            "\"The border is calm,\" Col. Ravi Mehta of the army's 9 Corps told reporters.\n\n\
             \"Two posts were hit overnight,\" the spokesman said.";
        assert_eq!(
            speakers(body),
            vec![named("Ravi Mehta"), by("Ravi Mehta", "pronoun")]
        );
    }

    #[test]
    fn unattributed_quotes_carry_the_speaker_before_them() {
        let body = "\"The river is rising,\" Mayor Ana Ruiz said on Monday.\n\n\
             \"We have moved 300 families.\"\n\n\
             \"It could rise further,\" the mayor added, \"and we are ready.\"";
        assert_eq!(
            speakers(body),
            vec![
                named("Ana Ruiz"),
                by("Ana Ruiz", "carried"),
                by("Ana Ruiz", "pronoun"),
                by("Ana Ruiz", "pronoun"),
            ]
        );
    }

    #[test]
    fn an_attributed_quote_never_inherits_an_earlier_speaker() {
        let body = "\"The river is rising,\" Mayor Ana Ruiz said.\n\n\
             \"Nobody warned us,\" they said.\n\n\
             \"Nothing is left,\" one farmer said.\n\n\
             \"The levee failed at dawn,\" a statement said.";
        assert_eq!(
            speakers(body),
            vec![named("Ana Ruiz"), NOBODY, named("one farmer"), NOBODY]
        );
        // Nor does an unattributed one after someone else has spoken.
        let body = "\"The river is rising,\" Mayor Ana Ruiz said.\n\n\
             Tomas Berg disagreed with the plan. \"We need more time.\"";
        assert_eq!(speakers(body), vec![named("Ana Ruiz"), NOBODY]);
    }

    #[test]
    fn appositions_and_asides_do_not_hide_the_subject() {
        let body =
            "\"The mine is closed,\" R.J. Okafor, a senior officer at the site, told Reuters.\n\n\
             Okafor, when asked about the harbour's neighbours, said: \"We are in touch.\"\n\n\
             \"It came from the north,\" the engineer, Mia Holm, who was present, said.\n\n\
             Union minister Tomas Berg on Friday dismissed the claims, asserting that \
             \"the trains are full\".";
        assert_eq!(
            speakers(body),
            vec![
                named("R.J. Okafor"),
                named("R.J. Okafor"),
                named("Mia Holm"),
                named("Tomas Berg"),
            ]
        );
    }

    #[test]
    fn a_quote_runs_on_into_a_paragraph_that_does_not_reopen_it() {
        let body = "\"The first part goes on.\n\nAnd the second closes here,\" Ana Ruiz said.";
        let found = detect(body, &DetectContext::default());
        let quotes: Vec<_> = found
            .iter()
            .filter(|s| s.kind == ClaimKind::Quote)
            .collect();
        assert_eq!(quotes.len(), 1);
        assert_eq!(quotes[0].rule, "multi_paragraph_quote");
        assert!(quotes[0].text.ends_with("here,\""));
        assert_eq!(quotes[0].speaker.as_deref(), Some("Ana Ruiz"));
    }

    #[test]
    fn single_quotes_are_quotes_and_apostrophes_are_not() {
        assert_eq!(
            quotes("'We will not leave our homes,' said Ana Ruiz."),
            vec![quote("'We will not leave our homes,'", Some("Ana Ruiz"))]
        );
        assert_eq!(
            quotes("‘The water is rising,’ Tomas Berg said."),
            vec![quote("‘The water is rising,’", Some("Tomas Berg"))]
        );
        assert!(quotes(
            "The farmers' union said it won't strike, and Ruiz's aides agreed. \
             Rock 'n' roll came back in the '90s, the students' paper said."
        )
        .is_empty());
    }

    #[test]
    fn guillemets_low_marks_and_a_closing_mark_used_as_an_opener() {
        assert_eq!(
            quotes("« We stay here to the end », said Ana Ruiz."),
            vec![quote("« We stay here to the end »", Some("Ana Ruiz"))]
        );
        assert_eq!(
            quotes("„We stay here,“ Tomas Berg said."),
            vec![quote("„We stay here,“", Some("Tomas Berg"))]
        );
        assert_eq!(
            quotes("»We stay here,« Tomas Berg said."),
            vec![quote("»We stay here,«", Some("Tomas Berg"))]
        );
        assert_eq!(
            quotes("The dam held.”We will rebuild every home,” Ana Ruiz said."),
            vec![quote("”We will rebuild every home,”", Some("Ana Ruiz"))]
        );
    }

    #[test]
    fn the_statement_is_whoever_issued_it_not_the_last_speaker() {
        let body = "The Health Ministry said 12 clinics had closed.\n\n\
             \"Staff are safe,\" the ministry said in a statement.\n\n\
             The clinics will reopen in May.\n\n\
             A report from the city council said the damage was \"limited to two wards\".\n\n\
             The statement did not give a date. Repairs, the statement noted, will take weeks.\n\n\
             \"Supplies are on their way,\" the statement added.\n\n\
             \"Roads are closed,\" according to a statement from Mayor Ana Ruiz.";
        assert_eq!(
            speakers(body),
            vec![
                named("Health Ministry"),
                named("city council"),
                by("Health Ministry", "pronoun"),
                named("Ana Ruiz"),
            ]
        );
    }
}
