//! Integrity of an edit against the agency's copy (PRODUCT.md §6): a direct
//! quote whose words differ from the wire's, a number changed from the wire
//! ("700" → "7,000"), a number or quote in the edit that no wire version
//! has. Pure: texts in, findings out; each finding points at the span of the
//! edit and the wire text it contradicts.

use serde::Serialize;

use super::anchor::TextMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// A quote whose words differ from the wire's quote.
    QuoteChanged,
    /// A number that replaced another number of the wire's text.
    NumberChanged,
    /// A number no wire version has.
    NumberNotInWire,
    /// A quote no wire version has.
    QuoteNotInWire,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    /// Byte range in the edited body.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// What the wire says instead, where it says something.
    pub wire_text: Option<String>,
    pub message: String,
}

/// A number as written: digits with the separators inside it ("7,000", "3.5").
fn numbers(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at].is_ascii_digit() && (at == 0 || !is_word_byte(bytes[at - 1])) {
            let start = at;
            let mut end = at;
            while end < bytes.len() {
                let separator_inside = matches!(bytes[end], b',' | b'.')
                    && bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
                if !(bytes[end].is_ascii_digit() || separator_inside) {
                    break;
                }
                end += 1;
            }
            // Part of a name ("G20", "A320") when letters follow directly.
            if !bytes.get(end).is_some_and(|b| b.is_ascii_alphabetic()) {
                found.push((start, end));
            }
            at = end.max(at + 1);
        } else {
            at += 1;
        }
    }
    found
}

fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric()
}

/// Direct quotes: text between curly or straight double quotation marks,
/// within a paragraph. Byte ranges of the words inside the marks.
fn quotes(text: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (at, c) in text.char_indices() {
        match (open, c) {
            (_, '\n') => open = None,
            (None, '“') | (None, '"') => open = Some((at + c.len_utf8(), c)),
            (Some((start, '“')), '”') | (Some((start, '"')), '"') => {
                if at > start {
                    found.push((start, at));
                }
                open = None;
            }
            _ => {}
        }
    }
    found
}

fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['‘', '’'], "'")
        .to_lowercase()
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Share of the words of `a` that `b` has.
fn word_overlap(a: &str, b: &str) -> f64 {
    let (a, b) = (words(a), words(b));
    if a.is_empty() {
        return 0.0;
    }
    a.iter().filter(|w| b.contains(w)).count() as f64 / a.len() as f64
}

/// Checks an edited body against the wire original (the story's first wire
/// version) and every wire version the library holds (`wire`, the original
/// among them).
pub fn check(edit: &str, original: &str, wire: &[&str]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let wire_numbers: Vec<&str> = wire
        .iter()
        .flat_map(|text| numbers(text).into_iter().map(move |(s, e)| &text[s..e]))
        .collect();
    // Where each number of the edit came from, through the diff from the
    // original to the edit.
    let map = TextMap::new(original, edit);
    for (start, end) in numbers(edit) {
        let number = &edit[start..end];
        if wire_numbers.contains(&number) {
            continue;
        }
        let replaced = map.replaced_in_old(start, end).and_then(|(from, to)| {
            numbers(&original[from..to])
                .into_iter()
                .map(|(s, e)| original[from + s..from + e].to_owned())
                .next()
        });
        findings.push(match replaced {
            Some(was) => Finding {
                kind: FindingKind::NumberChanged,
                start,
                end,
                text: number.to_owned(),
                message: format!("\"{number}\" was \"{was}\" in the wire copy"),
                wire_text: Some(was),
            },
            None => Finding {
                kind: FindingKind::NumberNotInWire,
                start,
                end,
                text: number.to_owned(),
                wire_text: None,
                message: format!("\"{number}\" is in no wire version of this story"),
            },
        });
    }
    let wire_quotes: Vec<&str> = wire
        .iter()
        .flat_map(|text| quotes(text).into_iter().map(move |(s, e)| &text[s..e]))
        .collect();
    for (start, end) in quotes(edit) {
        let quote = &edit[start..end];
        let folded = fold(quote);
        if wire_quotes.iter().any(|q| fold(q) == folded) {
            continue;
        }
        let closest = wire_quotes
            .iter()
            .map(|q| (q, word_overlap(quote, q).min(word_overlap(q, quote) + 0.25)))
            .filter(|(_, overlap)| *overlap >= 0.5)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        findings.push(match closest {
            Some((wire_quote, _)) => Finding {
                kind: FindingKind::QuoteChanged,
                start,
                end,
                text: quote.to_owned(),
                wire_text: Some((*wire_quote).to_owned()),
                message: format!("the quote's words differ from the wire: \"{wire_quote}\""),
            },
            None => Finding {
                kind: FindingKind::QuoteNotInWire,
                start,
                end,
                text: quote.to_owned(),
                wire_text: None,
                message: "this quote is in no wire version of this story".into(),
            },
        });
    }
    findings.sort_by_key(|f| (f.start, f.end));
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "The alliance will send 700 troops, officials said on 3 June.\n\n\
        \"We will not be provoked,\" the minister said.";

    #[test]
    fn a_changed_number_points_at_the_wire_figure() {
        let edit = WIRE.replace("700", "7,000");
        let findings = check(&edit, WIRE, &[WIRE]);
        assert_eq!(findings.len(), 1, "{findings:?}");
        let finding = &findings[0];
        assert_eq!(finding.kind, FindingKind::NumberChanged);
        assert_eq!(&edit[finding.start..finding.end], "7,000");
        assert_eq!(finding.wire_text.as_deref(), Some("700"));
        assert_eq!(finding.message, "\"7,000\" was \"700\" in the wire copy");
    }

    #[test]
    fn a_changed_quote_and_new_numbers_and_quotes_are_found() {
        let edit = WIRE
            .replace("We will not be provoked", "We will never be provoked")
            .replace("officials said", "officials said, adding 12 tanks,")
            + "\n\n\"Nothing is decided,\" an aide said.";
        let findings = check(&edit, WIRE, &[WIRE]);
        let kinds: Vec<(FindingKind, &str)> =
            findings.iter().map(|f| (f.kind, f.text.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (FindingKind::NumberNotInWire, "12"),
                (FindingKind::QuoteChanged, "We will never be provoked,"),
                (FindingKind::QuoteNotInWire, "Nothing is decided,"),
            ]
        );
        assert_eq!(
            findings[1].wire_text.as_deref(),
            Some("We will not be provoked,")
        );
    }

    #[test]
    fn the_wire_text_itself_and_later_versions_are_clean() {
        assert!(check(WIRE, WIRE, &[WIRE]).is_empty());
        let later = WIRE.replace("700", "900");
        // The edit follows the agency's later version: nothing to flag.
        assert!(check(&later, WIRE, &[WIRE, &later]).is_empty());
        // Names with numbers are not figures.
        let names = format!("{WIRE} The G20 met.");
        assert!(check(&names, WIRE, &[WIRE]).is_empty());
    }
}
