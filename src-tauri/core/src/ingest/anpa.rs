//! ANPA-1312, the American newspaper wire format AP still sends. The header
//! line carries priority, category, keyword and version ("1stLd-Writethru");
//! in the text, lines opened by `^` are the keyword, headline, notes and
//! byline; indented lines are the body; a `___` line starts the contributor
//! notes, kept as the credit.

use serde_json::{json, Map, Value};

use super::{
    agency::{credited_in_parentheses, source_for},
    wire_envelope::{self, lines, paragraphs},
    Format, ParsedCopy, SourceRef,
};
use crate::error::IngestError;

const FORMAT: &str = "ANPA-1312";

/// Whether a transmitted message is ANPA-1312 rather than IPTC 7901: AP's
/// header has a unit separator after the selector and a `BC-` keyword.
pub(super) fn is_anpa(text: &str) -> bool {
    wire_envelope::open(text)
        .is_some_and(|e| e.header.contains('\u{1f}') || e.header.contains(" BC-"))
}

/// "11-13": the month and day of an ANPA header.
fn is_month_day(token: &str) -> bool {
    let bytes = token.as_bytes();
    bytes.len() == 5
        && bytes[2] == b'-'
        && bytes[..2].iter().chain(&bytes[3..]).all(u8::is_ascii_digit)
}

/// AP's typewriter conventions: `_` as a dash, `` `` `` and `''` as quotes.
fn typeset(text: &str) -> String {
    text.replace(" _ ", " — ")
        .replace("``", "\u{201c}")
        .replace("''", "\u{201d}")
}

pub(super) fn parse(text: &str, encoding: &'static str) -> Result<ParsedCopy, IngestError> {
    let envelope = wire_envelope::open_or_refuse(text, FORMAT)?;
    let mut metadata = Map::new();
    if let Some(transmission) = envelope.transmission() {
        metadata.insert("transmission".into(), json!(transmission));
    }
    let header = lines(envelope.header);
    if let Some(line) = header.iter().rev().find(|l| !l.trim().is_empty()) {
        let tokens: Vec<&str> = line.split_whitespace().collect();
        if let Some(at) = tokens.iter().position(|t| t.starts_with("BC-")) {
            if at >= 1 {
                metadata.insert("priority".into(), json!(tokens[0]));
            }
            if at >= 2 {
                metadata.insert("category".into(), json!(tokens[1]));
            }
            // Tokens between the keyword and the date are the version marker.
            let marker: Vec<&str> = tokens[at + 1..]
                .iter()
                .take_while(|t| !t.contains('-') || t.chars().any(char::is_alphabetic))
                .copied()
                .collect();
            if !marker.is_empty() {
                metadata.insert("version_marker".into(), json!(marker.join(" ")));
            }
            if let Some(date) = tokens[at + 1..].iter().find(|t| is_month_day(t)) {
                metadata.insert("date".into(), json!(date));
            }
        }
    }

    let mut keyword = None;
    let mut headline = None;
    let mut byline = None;
    let mut notes = Vec::new();
    let mut agency = None;
    let mut body_lines = Vec::new();
    for line in lines(envelope.text) {
        let Some(tagged) = line.trim_start().strip_prefix('^') else {
            body_lines.push(line);
            continue;
        };
        let content = tagged.trim_end_matches(['<', '=']).trim().to_owned();
        if content.is_empty() {
            continue;
        }
        if keyword.is_none() && content.starts_with("BC-") {
            keyword = Some(content);
        } else if let Some(name) = content.strip_prefix("By ") {
            byline = Some(format!("By {name}"));
        } else if content.starts_with("Eds:")
            || content.starts_with("(Eds:")
            || content.starts_with("EDITOR'S NOTE")
            || content.starts_with("AP Photo")
            || content.starts_with("AP Video")
        {
            notes.push(content);
        } else if headline.is_none() && byline.is_none() {
            headline = Some(content);
        } else if byline.is_some() && agency.is_none() {
            agency = Some(content);
        } else {
            notes.push(content);
        }
    }
    let mut paragraphs = paragraphs(&body_lines);
    let mut credit = Vec::new();
    if let Some(rule) = paragraphs.iter().position(|p| p.chars().all(|c| c == '_')) {
        credit = paragraphs.split_off(rule).into_iter().skip(1).collect();
    }
    let paragraphs: Vec<String> = paragraphs.iter().map(|p| typeset(p)).collect();
    let headline = headline
        .map(|h| typeset(&h))
        // A news alert has no headline line: its one paragraph is the headline.
        .or_else(|| paragraphs.first().cloned())
        .ok_or(IngestError::NoHeadline)?;
    if let Some(keyword) = &keyword {
        metadata.insert("keyword".into(), json!(keyword));
    }
    if !notes.is_empty() {
        metadata.insert("editor_notes".into(), json!(notes));
    }
    let source = agency
        .as_deref()
        .map(source_for)
        .or_else(|| credited_in_parentheses(&paragraphs))
        .unwrap_or_else(SourceRef::unknown);
    let dateline = paragraphs
        .first()
        .and_then(|lead| wire_envelope::dateline_place(lead, " — "));
    // "BC-LT--Argentina-Cancer Beauty, 1st Ld-Writethru,466" → slug and marker.
    let slug = keyword.as_deref().map(|k| {
        k.split(',')
            .next()
            .unwrap_or(k)
            .trim_start_matches("BC-")
            .to_owned()
    });
    // ANPA identifies a story by its keyword: a writethrough repeats it.
    // The day keeps one day's "BC-US--APNewsAlert" apart from the next's.
    let guid = slug
        .as_ref()
        .map(|slug| match metadata.get("date").and_then(Value::as_str) {
            Some(date) => format!("anpa:{slug}:{date}"),
            None => format!("anpa:{slug}"),
        });
    Ok(ParsedCopy {
        format: Format::Anpa1312,
        encoding,
        source,
        guid,
        slug,
        headline,
        dateline,
        byline,
        credit: (!credit.is_empty()).then(|| credit.join(" ")),
        body: paragraphs.join("\n\n"),
        metadata: Value::Object(metadata),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "\u{16}\u{16}\u{1}W2607\u{1f}asian\nr a\u{13}\u{11} BC-US--Ferry-Storm 1stLd-Writethru   11-13 0412\n\
        \u{2}^BC-US--Ferry-Storm, 1st Ld-Writethru,412<\n^Ferry service resumes after storm<\n\
        ^Eds: Updates with operator quote.<\n^By ANA REIS=\n^Associated Press=\n\
        \t   HARBOURTON, Maine (AP) _ Ferries ran again on Monday.\n \n\
        \t   ``We are back,'' the operator said.\n \n\t   ___\n \n\
        \t   Associated Press writer Ivo Dane contributed.\n\u{3}AP-WF-11-13-13 1509GMT<\n\u{4}";

    #[test]
    fn reads_keyword_headline_byline_body_and_contributors() {
        assert!(is_anpa(STORY));
        let copy = parse(STORY, "UTF-8").unwrap();
        assert_eq!(copy.format, Format::Anpa1312);
        assert_eq!(copy.headline, "Ferry service resumes after storm");
        assert_eq!(copy.byline.as_deref(), Some("By ANA REIS"));
        assert_eq!(copy.source.code, "ap");
        assert_eq!(copy.dateline.as_deref(), Some("HARBOURTON"));
        assert_eq!(
            copy.body,
            "HARBOURTON, Maine (AP) — Ferries ran again on Monday.\n\n\u{201c}We are back,\u{201d} the operator said."
        );
        assert_eq!(
            copy.credit.as_deref(),
            Some("Associated Press writer Ivo Dane contributed.")
        );
        assert_eq!(copy.slug.as_deref(), Some("US--Ferry-Storm"));
        assert_eq!(copy.metadata["version_marker"], "1stLd-Writethru");
        assert_eq!(copy.metadata["priority"], "r");
        assert_eq!(copy.metadata["transmission"], "AP-WF-11-13-13 1509GMT");
        assert_eq!(
            copy.metadata["editor_notes"],
            json!(["Eds: Updates with operator quote."])
        );
    }

    #[test]
    fn a_writethrough_has_the_identity_of_the_story_it_replaces() {
        let first = parse(
            &STORY
                .replace(" 1stLd-Writethru", "")
                .replace(", 1st Ld-Writethru", ""),
            "UTF-8",
        )
        .unwrap();
        let writethrough = parse(STORY, "UTF-8").unwrap();
        assert_eq!(first.guid.as_deref(), Some("anpa:US--Ferry-Storm:11-13"));
        assert_eq!(first.guid, writethrough.guid);
        assert_eq!(writethrough.metadata["date"], "11-13");
    }

    #[test]
    fn an_alert_without_headline_line_uses_its_text() {
        let alert = "\u{1}W1\u{1f}x\nb a\u{13}\u{11} BC-US--APNewsAlert     06-29 0358\n\
            \u{2}^BC-US--APNewsAlert,17<\n\t   HONOLULU (AP) _ Hawaii files a challenge.\n\u{3}";
        let copy = parse(alert, "UTF-8").unwrap();
        assert_eq!(copy.headline, "HONOLULU (AP) — Hawaii files a challenge.");
        assert_eq!(copy.source.code, "ap");
    }

    #[test]
    fn a_message_without_text_is_malformed() {
        let err = parse("\u{1}W1\u{1f}x header only", "UTF-8").unwrap_err();
        assert!(err.to_string().contains("no STX"), "{err}");
    }
}
