//! Plain-text wire copy, as web syndication delivers it: the cleaner
//! ([`clean`]) takes the page furniture off and finds the headline; this
//! module reads the byline and credit from what is left, and
//! [`attribution`](super::attribution) the dateline, agency, outlet and date.

use serde_json::json;

use super::{attribution, clean, decode::is_wire_control, Format, ParsedCopy, SourceRef};
use crate::error::IngestError;

pub(super) fn parse(text: &str, encoding: &'static str) -> Result<ParsedCopy, IngestError> {
    let lines: Vec<Option<String>> = normalise(text)
        .lines()
        .map(clean_line)
        .map(|line| (!line.is_empty()).then_some(line))
        .collect();
    if lines.iter().all(Option::is_none) {
        return Err(IngestError::NoHeadline);
    }
    let cleaned = clean::clean(lines);
    let byline = cleaned.byline.clone();
    let body: Vec<String> = cleaned.paragraphs;
    let mut metadata = cleaned.metadata;
    // Copy with no headline line gets one from its first sentence, marked so.
    let headline = match cleaned.headline {
        Some(headline) => headline,
        None => {
            metadata.insert("headline_derived".into(), json!(true));
            derived_headline(body.first().ok_or(IngestError::NoHeadline)?)
        }
    };
    metadata.insert("cleaning".into(), json!(cleaned.fired));
    let mut copy = ParsedCopy {
        format: Format::Text,
        encoding,
        source: SourceRef::unknown(),
        guid: None,
        slug: None,
        headline,
        dateline: None,
        byline,
        credit: (!cleaned.credit.is_empty()).then(|| cleaned.credit.join(" ")),
        body: body.join("\n\n"),
        metadata: serde_json::Value::Object(metadata),
    };
    copy.set_removals(&cleaned.removed);
    attribution::apply(&mut copy);
    Ok(copy)
}

/// The first sentence of a lead, without its dateline, cut to a headline's length.
fn derived_headline(lead: &str) -> String {
    let text = [" - ", " – ", " — "]
        .iter()
        .filter_map(|d| {
            lead.find(d)
                .filter(|at| *at < 80)
                .map(|at| &lead[at + d.len()..])
        })
        .next()
        .unwrap_or(lead);
    let sentence = text.split_inclusive(". ").next().unwrap_or(text).trim();
    if sentence.chars().count() <= 120 {
        return sentence.trim_end_matches('.').to_owned();
    }
    let mut cut: String = sentence.chars().take(117).collect();
    if let Some(space) = cut.rfind(' ') {
        cut.truncate(space);
    }
    cut + "…"
}

/// One line ending, wire control characters as line breaks.
fn normalise(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .map(|c| match c {
            '\r' | '\u{0b}' | '\u{0c}' => '\n',
            c if is_wire_control(c) => '\n',
            c => c,
        })
        .collect()
}

/// Trims a line and folds runs of spaces and tabs into one space.
fn clean_line(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> ParsedCopy {
        super::parse(text, "UTF-8").unwrap()
    }

    #[test]
    fn first_non_empty_line_is_the_headline() {
        let copy = parse("\n\n  Ferry  sinks off coast \nFirst line.\nSecond line.\n");
        assert_eq!(copy.headline, "Ferry sinks off coast");
        assert_eq!(copy.body, "First line.\n\nSecond line.");
    }

    #[test]
    fn blank_line_blocks_are_paragraphs_with_hard_wraps_joined() {
        let copy = parse("Headline\n\nOne paragraph\nwrapped here.\n\r\nAnother one.\r\n");
        assert_eq!(copy.headline, "Headline");
        assert_eq!(copy.body, "One paragraph wrapped here.\n\nAnother one.");
    }

    #[test]
    fn no_text_means_no_headline() {
        assert!(matches!(
            super::parse(" \n\t\n", "UTF-8"),
            Err(IngestError::NoHeadline)
        ));
    }

    #[test]
    fn agency_dateline_and_credit() {
        let copy = parse(
            "Port reopens\nNORTH HAVEN, March 3 (Reuters) - The port reopened on Monday.\n\
             (Reporting by A. Writer; Editing by B. Desk)\n",
        );
        assert_eq!(copy.source.code, "reuters");
        assert_eq!(copy.dateline.as_deref(), Some("NORTH HAVEN"));
        assert_eq!(
            copy.credit.as_deref(),
            Some("(Reporting by A. Writer; Editing by B. Desk)")
        );
        assert!(!copy.body.contains("Reporting by"));
    }

    #[test]
    fn byline_and_an_agency_known_only_from_the_dateline() {
        let copy = parse(
            "Floods rise\nBy Sofia Brandt\nKERNSTADT, Oct 9 (Baltic Newsline) - Floods rose.\n",
        );
        assert_eq!(copy.byline.as_deref(), Some("By Sofia Brandt"));
        assert_eq!(copy.dateline.as_deref(), Some("KERNSTADT"));
        assert_eq!(copy.source.code, "baltic-newsline");
        assert_eq!(copy.source.name, "Baltic Newsline");
        assert_eq!(
            copy.body,
            "KERNSTADT, Oct 9 (Baltic Newsline) - Floods rose."
        );
    }

    #[test]
    fn unknown_agency_and_no_dateline() {
        let copy = parse("Headline\nThe mayor - who spoke late - said so.\n");
        assert_eq!(copy.source.code, "unknown");
        assert_eq!(copy.dateline, None);
    }

    #[test]
    fn wire_control_characters_break_lines() {
        let copy = parse("\u{1}\u{2}Headline\u{3}The body text.\u{4}");
        assert_eq!(copy.headline, "Headline");
        assert_eq!(copy.body, "The body text.");
    }
}
