//! The claim detector: hand-written rules over the words of a story body.
//!
//! The body is cut into tokens once ([`token`]); each rule is a small
//! function that looks at a token and a few of its neighbours, so detection
//! is linear in the length of the body. Rules run in a fixed order (dates,
//! money, percentages, quantities, then quotes), and a token taken by one
//! numeric or date claim is not read again: the day and year of "June 3,
//! 2021" are part of the date, not quantities. Quotes may contain numbers;
//! those are still reported as claims of their own.
//!
//! What the detector deliberately does not do: it does not parse syntax, so a
//! quantity's unit is the first noun-like word run after the figure; it does
//! not treat single quotation marks as quotes (they are apostrophes too often);
//! it does not count single-word scare quotes as quotations; bare
//! four-digit figures from 1800 to 2100 are years; figures glued to letters
//! ("G20", "A320", "COVID-19") or named by the word before them ("Route 66",
//! "Boeing 737", "Wards 1, 4 and 6", "15 Corps") are names, not claims; nor
//! are the leftovers of terminal colour codes ("[0m", "31mERROR").
//!
//! Numbers: "one" counts only where it is not a pronoun ("a sturdy one", "no
//! one", "one of the"), a determiner ("one might") or an unnamed source ("one
//! witness said"); a number word after "the" with no noun of its own ("the
//! four were killed") points back at a count already made. Numbers spelled
//! out with hyphens ("18-point-96", "eight-million-645-thousand-180") are
//! read whole. A bare figure takes its unit from what counts it: the verb
//! after or before it ("58 were wounded", "wounded 29 more"), the running
//! total it updates ("the death toll rose to 120" → deaths; "up from 73" →
//! what the figure it updates counts). An exchange rate is money priced in
//! one currency against another ("1.08 dollars per euro", "83.2 to the
//! dollar").
//!
//! The dateline that opens a lead ("LIMA, March 11, 2014 (Reuters) -",
//! "Kabul, (APP - 28th May, 2020) :") is filing metadata, not a fact of the
//! story: nothing in it is a claim.

mod date;
pub(crate) mod lexicon;
mod money;
pub(crate) mod number;
mod percentage;
mod quantity;
mod quote;
pub(crate) mod token;

use super::{ClaimKind, DetectContext, ResolvedAgainst, Suggestion};
use token::Token;

/// Suggests the claims in a story body: dates, money, percentages,
/// quantities and quotes, sorted by start, none overlapping another of its
/// kind.
pub fn detect(body: &str, context: &DetectContext) -> Vec<Suggestion> {
    let mut found = scanned(body, context).found;
    found.sort_by_key(|s| (s.start, s.end));
    found
}

/// Runs every rule over `body` and returns the scan: its tokens and what
/// the rules found.
fn scanned<'a>(body: &'a str, context: &DetectContext) -> Scan<'a> {
    let mut scan = Scan::new(body, context.reference_date, context.reference);
    if let Some(end) = opening_dateline_end(body) {
        for (token, taken) in scan.tokens.iter().zip(scan.taken.iter_mut()) {
            *taken |= token.end <= end;
        }
    }
    date::find(&mut scan);
    money::find(&mut scan);
    percentage::find(&mut scan);
    quantity::find(&mut scan);
    quote::find(&mut scan);
    scan
}

/// A number in a body as the claim detector reads it ("7", "seven",
/// "twenty-five", "4,000", "40 million"), with what the detector made of
/// it, for house style: "7 people" is the same number to both.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberUse {
    /// Byte range of the numeral itself (a scale word after it included).
    pub start: usize,
    pub end: usize,
    pub value: f64,
    /// Spelled out ("seven") rather than written in figures.
    pub spelled: bool,
    /// A scale word is part of it ("40 million").
    pub scaled: bool,
    /// The kind and rule of the claim it is part of, if any.
    pub claim: Option<(ClaimKind, &'static str)>,
    /// It opens a sentence.
    pub opens_sentence: bool,
    /// It is inside the dateline that opens the body.
    pub in_dateline: bool,
    /// The token before it and the token after it, as written ("" at the
    /// ends of the body), and whether each touches it with no space
    /// ("-year-old", "$7", "7%").
    pub before: String,
    pub before_glued: bool,
    pub after: String,
    pub after_glued: bool,
    /// The word after the token after it ("year" in "7-year-old", "old" in
    /// "7 years old").
    pub after_next: String,
}

/// Every number in `body`, read as the claim detector reads numbers, in
/// order. Dates resolve against nothing here: the kind of claim is what
/// matters, not its value.
pub fn numbers(body: &str) -> Vec<NumberUse> {
    let scan = scanned(body, &DetectContext::default());
    let dateline_end = opening_dateline_end(body).unwrap_or(0);
    let tokens = &scan.tokens;
    let mut claims: Vec<&Suggestion> = scan
        .found
        .iter()
        .filter(|s| s.kind != ClaimKind::Quote)
        .collect();
    claims.sort_by_key(|s| (s.start, s.end));
    let text = |k: Option<usize>| k.and_then(|k| tokens.get(k)).map_or("", |t| t.text);
    let mut uses = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        let numeric =
            token.is_number() || (token.is_word() && lexicon::cardinal(token.text).is_some());
        let Some(numeral) = numeric.then(|| number::read(tokens, i)).flatten() else {
            i += 1;
            continue;
        };
        let (start, end) = (tokens[numeral.first].start, tokens[numeral.last].end);
        let claim = claims
            .iter()
            .find(|c| c.start <= start && end <= c.end)
            .map(|c| (c.kind, c.rule));
        let scaled = numeral.last > numeral.first && number::is_scale_word(&tokens[numeral.last]);
        let next = tokens.get(numeral.last + 1);
        uses.push(NumberUse {
            start,
            end,
            value: numeral.value,
            spelled: numeral.spelled,
            scaled,
            claim,
            opens_sentence: starts_sentence(tokens, numeral.first),
            in_dateline: end <= dateline_end,
            before: text(numeral.first.checked_sub(1)).to_string(),
            before_glued: tokens[numeral.first].glued() && numeral.first > 0,
            after: text(Some(numeral.last + 1)).to_string(),
            after_glued: next.is_some_and(|t| t.glued()),
            after_next: text(Some(numeral.last + 2)).to_string(),
        });
        i = numeral.last + 1;
    }
    uses
}

/// The state the rules share while they run over one body.
pub(crate) struct Scan<'a> {
    pub body: &'a str,
    pub tokens: Vec<Token<'a>>,
    /// Tokens already inside a date or numeric claim.
    pub taken: Vec<bool>,
    pub reference: Option<time::Date>,
    /// What `reference` is (the copy's own date or the day received).
    pub reference_kind: ResolvedAgainst,
    pub found: Vec<Suggestion>,
    /// Where the quantities start in `found`: the rules push them last
    /// before quotes, in the order of the text.
    pub quantities_from: usize,
}

impl<'a> Scan<'a> {
    fn new(
        body: &'a str,
        reference: Option<time::Date>,
        reference_kind: ResolvedAgainst,
    ) -> Scan<'a> {
        let tokens = token::tokenize(body);
        Scan {
            body,
            taken: vec![false; tokens.len()],
            tokens,
            reference,
            reference_kind,
            found: Vec::new(),
            quantities_from: 0,
        }
    }

    /// Whether any token in `first..=last` is taken already.
    pub fn any_taken(&self, first: usize, last: usize) -> bool {
        self.taken[first..=last].iter().any(|t| *t)
    }

    /// Records a claim over tokens `first..=last` and takes them.
    pub fn push(&mut self, claim: Claim) {
        let (first, last) = (claim.first, claim.last);
        let start = self.tokens[first].start;
        let end = self.tokens[last].end;
        let rank = rank(&self.tokens, claim.kind, first, last, claim.rule);
        self.found.push(Suggestion {
            kind: claim.kind,
            start,
            end,
            text: self.body[start..end].to_string(),
            value: claim.value,
            speaker: None,
            speaker_source: None,
            rule: claim.rule,
            rank,
            resolved_against: (claim.relative && self.reference.is_some())
                .then_some(self.reference_kind),
            forward: claim.forward && self.reference.is_some(),
        });
        if claim.kind != ClaimKind::Quote {
            for taken in &mut self.taken[first..=last] {
                *taken = true;
            }
        }
    }
}

/// A claim a rule found, by token range.
pub(crate) struct Claim {
    pub kind: ClaimKind,
    pub first: usize,
    pub last: usize,
    pub value: Option<String>,
    pub rule: &'static str,
    /// The value was counted from the reference date (a date without its
    /// own year: "on Thursday", "March 9", "last month").
    pub relative: bool,
    /// Counted forward from it (future tense, "next week", "tomorrow").
    pub forward: bool,
}

/// Where the dateline that opens the body ends (a byte offset), when its
/// first paragraph opens with one ([`crate::ingest::read_dateline`]).
pub(crate) fn opening_dateline_end(body: &str) -> Option<usize> {
    let lead = body.split("\n\n").next()?;
    let text = lead.trim_start();
    let dateline = crate::ingest::read_dateline(text)?;
    let skipped = lead.len() - text.len();
    let end = text
        .char_indices()
        .nth(dateline.len)
        .map_or(text.len(), |(at, _)| at);
    Some(skipped + end)
}

/// The qualifier phrase ending just before token `i` ("at least", "some"):
/// its symbol and first token.
pub(crate) fn qualifier_before(tokens: &[Token], i: usize) -> Option<(&'static str, usize)> {
    lexicon::QUALIFIERS.iter().find_map(|(words, symbol)| {
        let first = i.checked_sub(words.len())?;
        let phrase = &tokens[first..i];
        let matches = words.iter().zip(phrase).all(|(w, t)| t.is(w))
            && phrase.iter().skip(1).all(|t| !t.paragraph_start)
            && !tokens[i].paragraph_start;
        matches.then_some((*symbol, first))
    })
}

/// Whether token `i` opens a sentence: the first of a paragraph, or after
/// a full stop, question or exclamation mark, colon, dash or opening quote.
pub(crate) fn starts_sentence(tokens: &[Token], i: usize) -> bool {
    let token = &tokens[i];
    if token.paragraph_start || i == 0 {
        return true;
    }
    let before = &tokens[i - 1];
    before.shape == token::Shape::Mark
        && matches!(
            before.text,
            "." | "!" | "?" | ":" | ";" | "\"" | "“" | "(" | "—" | "–" | "-" | "…" | "•"
        )
}

/// Check-worthiness: casualty counts, vote shares, money and troop numbers
/// first; plain dates and weekdays last.
fn rank(tokens: &[Token], kind: ClaimKind, first: usize, last: usize, rule: &str) -> u32 {
    let window = || {
        let from = first.saturating_sub(4);
        let to = (last + 6).min(tokens.len());
        tokens[from..to].iter().filter(|t| t.is_word())
    };
    match kind {
        ClaimKind::Quantity | ClaimKind::Percentage => {
            if window().any(|t| lexicon::is_casualty_word(t.text)) {
                95
            } else if window().any(|t| lexicon::is_vote_word(t.text)) {
                90
            } else if window().any(|t| lexicon::is_force_word(t.text)) {
                85
            } else if rule == "magnitude" {
                80
            } else if kind == ClaimKind::Percentage {
                70
            } else {
                60
            }
        }
        ClaimKind::Money => 85,
        ClaimKind::Quote => 50,
        ClaimKind::Date => match rule {
            "calendar_date" | "day_month_date" | "numeric_date" | "year" | "quarter" => 30,
            "time_of_day" => 15,
            _ => 20,
        },
        ClaimKind::Statement => 10,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> DetectContext {
        DetectContext::default()
    }

    #[test]
    fn suggestions_are_sorted_and_their_ranges_match_their_text() {
        let body = "“We will send 700 troops,” the minister said on Wednesday.\n\n\
                    At least 27 people were killed, and £8.8bn was lost in 2019.";
        let found = detect(body, &context());
        assert!(found.windows(2).all(|w| w[0].start <= w[1].start));
        for s in &found {
            assert_eq!(&body[s.start..s.end], s.text);
        }
        let kinds: Vec<_> = found.iter().map(|s| (s.kind, s.text.as_str())).collect();
        assert!(kinds.contains(&(ClaimKind::Quantity, "700 troops")));
        assert!(kinds.contains(&(ClaimKind::Quantity, "At least 27 people")));
        assert!(kinds.contains(&(ClaimKind::Money, "£8.8bn")));
        assert!(kinds.contains(&(ClaimKind::Date, "on Wednesday")));
        assert!(kinds.contains(&(ClaimKind::Date, "in 2019")));
        assert!(found.iter().any(|s| s.kind == ClaimKind::Quote));
    }

    #[test]
    fn claims_of_one_kind_never_overlap() {
        let body = "Prices rose 5-6 percent, some 4,000 soldiers and 40 of 47 economists \
                    said, from 5,200 to 3,000 troops on Tuesday (May 8).";
        let found = detect(body, &context());
        for kind in [ClaimKind::Quantity, ClaimKind::Percentage, ClaimKind::Date] {
            let spans: Vec<_> = found.iter().filter(|s| s.kind == kind).collect();
            assert!(spans.windows(2).all(|w| w[0].end <= w[1].start), "{kind:?}");
        }
    }

    #[test]
    fn casualty_counts_outrank_weekdays() {
        let found = detect("Ten people were killed on Monday.", &context());
        let count = found
            .iter()
            .find(|s| s.kind == ClaimKind::Quantity)
            .unwrap();
        let day = found.iter().find(|s| s.kind == ClaimKind::Date).unwrap();
        assert!(count.rank > day.rank);
    }

    #[test]
    fn the_opening_datelines_date_is_not_a_claim() {
        for (body, claim) in [
            (
                "LIMA, March 11, 2014 (Reuters) - The death toll rose to 120 on Thursday.",
                "on Thursday",
            ),
            (
                "Kyiv, May 14 (Reuters) - Shelling resumed on Friday, officials said.",
                "on Friday",
            ),
            (
                "WASHINGTON, Jan 5 (AP) \u{2014} The Senate voted on Tuesday.",
                "on Tuesday",
            ),
            (
                "Kabul, (APP - Point News - 28th May, 2020 ) :Seven guards were killed Thursday.",
                "Thursday",
            ),
        ] {
            let found = detect(body, &context());
            let dates: Vec<_> = found
                .iter()
                .filter(|s| s.kind == ClaimKind::Date)
                .map(|s| s.text.as_str())
                .collect();
            assert_eq!(dates, vec![claim], "{body}");
            let lead = body
                .find(" - ")
                .or(body.find(" \u{2014} "))
                .or(body.find(" :"))
                .unwrap();
            assert!(
                found.iter().all(|s| s.start > lead),
                "nothing in the dateline is a claim: {found:?}"
            );
        }
        // The same date later in the story is a claim.
        let found = detect(
            "LIMA, March 11 (Reuters) - Rescue work began on March 11, officials said.",
            &context(),
        );
        let dates: Vec<_> = found
            .iter()
            .filter(|s| s.kind == ClaimKind::Date)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(dates, vec!["on March 11"]);
    }

    #[test]
    fn qualifiers_are_found_before_a_figure() {
        let tokens = token::tokenize("at least 27 and more than 40 and some 4,000");
        assert_eq!(qualifier_before(&tokens, 2), Some((">=", 0)));
        assert_eq!(qualifier_before(&tokens, 6), Some((">", 4)));
        assert_eq!(qualifier_before(&tokens, 9), Some(("~", 8)));
    }
}

#[cfg(test)]
mod properties {
    //! Any text, however odd, gives well-formed suggestions.
    use super::*;
    use proptest::prelude::*;

    /// Pieces that trip rules: figures, marks glued or not, quote marks,
    /// months, scales, multi-byte letters, paragraph breaks.
    const PIECES: &[&str] = &[
        "7", "4,000", "3.5", "12.50", "2019", "0835", "-", "/", ":", ".", ",", "%", "$", "£", "C$",
        "“", "”", "\"", "'", "’", "(", ")", "\n\n", " ", " ", " ", "said", "told", "he", "May",
        "Sept", "Monday", "last", "month", "a", "third", "half", "the", "of", "at", "least",
        "billion", "bn", "pence", "percent", "per", "cent", "troops", "killed", "Peskov", "Dmitry",
        "Mr", "Güven", "Erdoğan", "—", "…", "am", "p.m.", "GMT", "mid", "Q", "s",
    ];

    proptest! {
        #[test]
        fn suggestions_are_sorted_on_char_boundaries_and_apart_within_a_kind(
            pieces in prop::collection::vec(0usize..PIECES.len(), 0..120),
        ) {
            let body: String = pieces.iter().map(|p| PIECES[*p]).collect();
            let found = detect(&body, &DetectContext::default());
            prop_assert!(found.windows(2).all(|w| w[0].start <= w[1].start));
            for s in &found {
                prop_assert!(s.start < s.end && s.end <= body.len());
                prop_assert!(body.is_char_boundary(s.start) && body.is_char_boundary(s.end));
                prop_assert_eq!(&body[s.start..s.end], s.text.as_str());
            }
            for kind in [ClaimKind::Quantity, ClaimKind::Percentage, ClaimKind::Money, ClaimKind::Date, ClaimKind::Quote] {
                let spans: Vec<_> = found.iter().filter(|s| s.kind == kind).collect();
                prop_assert!(spans.windows(2).all(|w| w[0].end <= w[1].start), "{:?} overlap in {:?}", kind, body);
            }
        }
    }
}

/// What the rule tests of every kind look at: each claim of `kind` found in
/// `body` (on `reference`) as (text, value).
#[cfg(test)]
fn found(body: &str, kind: ClaimKind, reference: Option<time::Date>) -> Vec<(String, String)> {
    detect(
        body,
        &DetectContext {
            reference_date: reference,
            ..DetectContext::default()
        },
    )
    .into_iter()
    .filter(|s| s.kind == kind)
    .map(|s| (s.text, s.value.unwrap_or_default()))
    .collect()
}

/// An expected (text, value) pair.
#[cfg(test)]
fn pair(text: &str, value: &str) -> (String, String) {
    (text.to_string(), value.to_string())
}
