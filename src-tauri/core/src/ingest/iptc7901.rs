//! IPTC 7901, the news agencies' transmission format (dpa, APA, ANSA, ...).
//! The header gives the service line (selector, priority, category, word
//! count, agency) and the keyword line; the text opens with version markers
//! ("REFILE", "1ST LEAD", "EXTRA"), a headline block ended by `=`, then the
//! body; the editors' sign-off ("dpa grj rmo") closes it.

use serde_json::{json, Map, Value};

use super::{
    agency::{credited_in_parentheses, source_for},
    wire_envelope::{self, lines, paragraphs},
    Format, ParsedCopy, SourceRef,
};
use crate::error::IngestError;

const FORMAT: &str = "IPTC 7901";

/// A version or handling marker line: short, all capitals ("1ST LEAD").
fn is_marker(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty()
        && line.len() <= 30
        && line.chars().any(char::is_alphabetic)
        && !line.chars().any(char::is_lowercase)
        && !line.ends_with('=')
}

pub(super) fn parse(text: &str, encoding: &'static str) -> Result<ParsedCopy, IngestError> {
    let envelope = wire_envelope::open_or_refuse(text, FORMAT)?;
    let mut metadata = Map::new();
    if let Some(transmission) = envelope.transmission() {
        metadata.insert("transmission".into(), json!(transmission));
    }
    let header: Vec<String> = lines(envelope.header)
        .into_iter()
        .filter(|l| !l.trim().is_empty())
        .collect();
    let service: Vec<&str> = header
        .first()
        .map(|l| l.split_whitespace().collect())
        .unwrap_or_default();
    if let Some(selector) = service.first() {
        metadata.insert("selector".into(), json!(selector));
    }
    if let Some(priority) = service.get(1) {
        metadata.insert("priority".into(), json!(priority));
    }
    if let Some(category) = service.get(2) {
        metadata.insert("category".into(), json!(category));
    }
    // The agency is the last alphabetic word of the service line ("dpa").
    let agency = service
        .iter()
        .rev()
        .find(|t| t.len() >= 2 && t.chars().all(char::is_alphabetic))
        .map(|t| (*t).to_owned());
    let keyword = header
        .get(1..)
        .and_then(|rest| rest.last())
        .map(|k| k.trim().trim_end_matches('/').to_owned())
        .filter(|k| !k.is_empty());

    let text_lines = lines(envelope.text);
    let start = text_lines
        .iter()
        .position(|l| !l.trim().is_empty())
        .unwrap_or(text_lines.len());
    let block_end = text_lines[start..]
        .iter()
        .position(|l| l.trim().is_empty() || l.trim_end().ends_with('='))
        .map_or(start, |i| start + i + 1);
    let mut markers = Vec::new();
    let mut headline_parts = Vec::new();
    let mut byline = None;
    for line in &text_lines[start..block_end] {
        let line = line.trim().trim_end_matches('=').trim();
        if line.is_empty() {
            continue;
        }
        if headline_parts.is_empty() && is_marker(line) {
            markers.push(line.to_owned());
        } else if let Some(name) = line.strip_prefix("By ") {
            byline = Some(format!("By {name}"));
        } else {
            headline_parts.push(line.to_owned());
        }
    }
    let mut body = paragraphs(&text_lines[block_end..]);
    // The editors' initials after the story ("dpa grj rmo").
    if let (Some(last), Some(agency)) = (body.last(), agency.as_deref()) {
        let words: Vec<&str> = last.split_whitespace().collect();
        if words.len() <= 6 && words.first() == Some(&agency) && words.iter().all(|w| w.len() <= 4)
        {
            metadata.insert("sign_off".into(), json!(last));
            body.pop();
        }
    }
    let headline = (!headline_parts.is_empty())
        .then(|| headline_parts.join(" "))
        .or_else(|| body.first().cloned())
        .ok_or(IngestError::NoHeadline)?;
    if !markers.is_empty() {
        metadata.insert("version_marker".into(), json!(markers.join(" ")));
    }
    let source = agency
        .as_deref()
        .map(source_for)
        .or_else(|| credited_in_parentheses(&body))
        .unwrap_or_else(SourceRef::unknown);
    // "Washington (dpa) - US Defence Secretary ..." → "Washington".
    let dateline = body
        .first()
        .and_then(|lead| wire_envelope::dateline_place(lead, " - "));
    // A 7901 story is identified by its keyword line, on the day of the
    // transmission ("212322 GMT Nov 18"): a REFILE or a new LEAD repeats it.
    let day = metadata
        .get("transmission")
        .and_then(Value::as_str)
        .and_then(|t| t.split_once("GMT"))
        .map(|(_, day)| day.trim().to_owned())
        .filter(|d| !d.is_empty());
    let guid = keyword.as_ref().map(|k| match &day {
        Some(day) => format!("7901:{k}:{day}"),
        None => format!("7901:{k}"),
    });
    Ok(ParsedCopy {
        format: Format::Iptc7901,
        encoding,
        source,
        guid,
        slug: keyword,
        headline,
        dateline,
        byline,
        credit: None,
        body: body.join("\n\n"),
        metadata: Value::Object(metadata),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_service_line_markers_headline_body_and_sign_off() {
        let message = "\u{1}eca0003 3 i 380  dpa 0045\r\n\r\nNorway/ferries/strike/\r\n\u{2}REFILE\r\n1ST LEAD\r\n\
            Norway ferry crews extend strike into second week\r\nBy dpa correspondents =\r\n\r\n\
            Bergen (dpa) - Ferry crews along the Norwegian coast are staying\r\noff the boats.\r\n\r\n\
            It said so.\r\n\r\ndpa grj rmo\r\n\r\n\u{3}212322 GMT Nov 18\r\n\u{7f}\u{4}";
        assert!(!super::super::anpa::is_anpa(message));
        let copy = parse(message, "UTF-8").unwrap();
        assert_eq!(copy.format, Format::Iptc7901);
        assert_eq!(
            copy.headline,
            "Norway ferry crews extend strike into second week"
        );
        assert_eq!(copy.byline.as_deref(), Some("By dpa correspondents"));
        assert_eq!(copy.metadata["version_marker"], "REFILE 1ST LEAD");
        assert_eq!(copy.metadata["sign_off"], "dpa grj rmo");
        assert_eq!(copy.metadata["transmission"], "212322 GMT Nov 18");
        assert_eq!(
            copy.guid.as_deref(),
            Some("7901:Norway/ferries/strike:Nov 18")
        );
        assert_eq!(copy.slug.as_deref(), Some("Norway/ferries/strike"));
        assert_eq!(copy.source.code, "dpa");
        assert_eq!(copy.dateline.as_deref(), Some("Bergen"));
        assert_eq!(
            copy.body,
            "Bergen (dpa) - Ferry crews along the Norwegian coast are staying off the boats.\n\nIt said so."
        );
    }

    #[test]
    fn the_marker_check() {
        assert!(is_marker("EXTRA"));
        assert!(is_marker("1ST LEAD"));
        assert!(!is_marker("Peace talks ="));
        assert!(!is_marker("Germany Social Democrats"));
    }
}
