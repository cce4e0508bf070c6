//! Shared XML handling for the XML wire formats: decoding by the declared
//! charset, a reader that refuses entity declarations (no "billion laughs"),
//! and text collection that resolves character and predefined entities.

use encoding_rs::Encoding;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;
use quick_xml::XmlVersion;

use super::decode::{decode_with, Decoded};
use crate::error::IngestError;

/// The encoding named in the XML declaration (`<?xml … encoding="ISO-8859-1"?>`).
pub(crate) fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(512)];
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let declaration = std::str::from_utf8(&head[..end]).ok()?;
    let rest = &declaration[declaration.find("encoding")? + "encoding".len()..];
    let rest = rest.trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let value = &rest[1..];
    Encoding::for_label(value[..value.find(quote)?].trim().as_bytes())
}

/// Decodes an XML document: byte-order mark, then the declared charset, then UTF-8.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded, IngestError> {
    decode_with(bytes, declared_encoding(bytes))
}

/// A reader over decoded XML text.
pub(crate) fn reader(text: &str) -> Reader<&[u8]> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    reader
}

/// The next event, with XML errors and entity declarations turned into
/// ingest errors that say where.
pub(crate) fn next<'a>(
    reader: &mut Reader<&'a [u8]>,
    format: &'static str,
) -> Result<Event<'a>, IngestError> {
    let event = reader.read_event().map_err(|err| IngestError::Malformed {
        format,
        reason: format!("{err} (near byte {})", reader.error_position()),
    })?;
    if let Event::DocType(doctype) = &event {
        if doctype.xml10_content().contains("<!ENTITY") {
            return Err(IngestError::Malformed {
                format,
                reason: "the document declares its own entities (<!ENTITY>); \
                         refused, as entity expansion can exhaust memory"
                    .into(),
            });
        }
    }
    Ok(event)
}

/// The text an entity reference stands for: `&amp;` → `&`, `&#233;` → `é`.
/// Only character references and the five predefined entities exist here.
pub(crate) fn entity_text(
    reference: &BytesRef<'_>,
    format: &'static str,
) -> Result<String, IngestError> {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        return Ok(c.to_string());
    }
    let name = reference.xml10_content();
    quick_xml::escape::resolve_predefined_entity(&name)
        .map(str::to_owned)
        .ok_or_else(|| IngestError::Malformed {
            format,
            reason: format!("unknown entity &{name};"),
        })
}

/// The text an event adds to the element being collected, if any:
/// character data, CDATA, or a resolved entity reference.
pub(crate) fn event_text(
    event: &Event<'_>,
    format: &'static str,
) -> Result<Option<String>, IngestError> {
    Ok(match event {
        Event::Text(t) => Some(t.xml10_content().into_owned()),
        Event::CData(t) => Some(t.xml10_content().into_owned()),
        Event::GeneralRef(r) => Some(entity_text(r, format)?),
        _ => None,
    })
}

/// The element whose text a parser is collecting: what it fills, the depth
/// (the length of the element path) it opened at, and its text so far.
pub(crate) type Collecting<S> = Option<(S, usize, String)>;

/// Adds what a text, CDATA or entity event says to the element being
/// collected, if any.
pub(crate) fn collect_text<S>(
    open: &mut Collecting<S>,
    event: &Event<'_>,
    format: &'static str,
) -> Result<(), IngestError> {
    let piece = event_text(event, format)?;
    if let (Some((_, _, text)), Some(piece)) = (open.as_mut(), piece) {
        text.push_str(&piece);
    }
    Ok(())
}

/// What the element being collected fills, and its text, once that element
/// ends (`depth`: the length of the element path after its end tag).
pub(crate) fn collected<S>(open: &mut Collecting<S>, depth: usize) -> Option<(S, String)> {
    if open.as_ref().is_some_and(|(_, at, _)| *at == depth) {
        open.take().map(|(slot, _, text)| (slot, text))
    } else {
        None
    }
}

/// An error when elements nest deeper than `limit` (one streaming pass that
/// keeps only a count). Errors of the XML itself are left to the parser.
pub(crate) fn check_nesting(text: &str, limit: usize) -> Result<(), IngestError> {
    let mut reader = Reader::from_str(text);
    let mut depth = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => {
                depth += 1;
                if depth > limit {
                    return Err(IngestError::TooDeep {
                        format: "XML",
                        limit,
                    });
                }
            }
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
    }
}

/// An error unless every element opened was closed.
pub(crate) fn ensure_closed(open_elements: usize, format: &'static str) -> Result<(), IngestError> {
    if open_elements == 0 {
        return Ok(());
    }
    Err(IngestError::Malformed {
        format,
        reason: "the document ends before its elements are closed (truncated?)".into(),
    })
}

/// An attribute's value by local name, white space folded; `None` if empty.
pub(crate) fn attribute(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key || a.key.local_name().as_ref() == key)
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok())
        .map(|v| fold(&v))
        .filter(|v| !v.is_empty())
}

/// The local name of the root element, if `text` is XML.
pub(crate) fn root_name(text: &str) -> Option<String> {
    let mut reader = Reader::from_str(text);
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) => return Some(e.local_name().as_ref().to_owned()),
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// Whether `text` is a whole XML document: one root element, closed, with
/// nothing but white space, comments and processing instructions around it.
pub(crate) fn is_document(text: &str) -> bool {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut depth = 0usize;
    let mut roots = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => {
                if depth == 0 {
                    roots += 1;
                }
                depth += 1;
            }
            Ok(Event::Empty(_)) if depth == 0 => roots += 1,
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Text(t)) if depth == 0 && !t.xml10_content().trim().is_empty() => {
                return false
            }
            Ok(Event::Eof) => return roots == 1 && depth == 0,
            Err(_) => return false,
            Ok(_) => {}
        }
        if roots > 1 {
            return false;
        }
    }
}

/// Sets `field` to `value` unless an earlier element already filled it.
pub(crate) fn set_first(field: &mut String, value: &str) {
    if field.is_empty() {
        value.clone_into(field);
    }
}

/// Folds runs of white space into one space and trims.
pub(crate) fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_declared_encoding() {
        let latin = declared_encoding(b"<?xml version=\"1.0\" encoding='ISO-8859-1'?><a/>");
        assert_eq!(latin.map(|e| e.name()), Some("windows-1252"));
        assert_eq!(declared_encoding(b"<a/>"), None);
        assert_eq!(declared_encoding(b"<?xml version=\"1.0\"?><a/>"), None);
    }

    #[test]
    fn decodes_latin1_by_declaration_and_refuses_bad_utf8() {
        let decoded =
            decode(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><p>Troms\xf8</p>").unwrap();
        assert!(decoded.text.ends_with("<p>Tromsø</p>"));
        let err =
            decode(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><p>Troms\xf8</p>").unwrap_err();
        assert!(err.to_string().contains("not valid UTF-8"), "{err}");
    }

    #[test]
    fn entity_declarations_are_refused() {
        let text = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">]><a>&lol;</a>";
        let mut reader = reader(text);
        let err = loop {
            match next(&mut reader, "NITF") {
                Err(err) => break err,
                Ok(Event::Eof) => panic!("no error"),
                Ok(_) => {}
            }
        };
        assert!(
            err.to_string().contains("declares its own entities"),
            "{err}"
        );
    }

    #[test]
    fn whole_documents_and_text_that_merely_has_markup() {
        assert!(is_document(
            "<?xml version=\"1.0\"?>\n<contentSet><p>x</p></contentSet>\n"
        ));
        assert!(!is_document("<b>Storm</b> hits coast"));
        assert!(!is_document("<p>one</p><p>two</p>"));
        assert!(!is_document("<a><b></a>"));
    }

    #[test]
    fn root_names() {
        assert_eq!(
            root_name("<?xml version=\"1.0\"?>\n<!-- c --><nitf><head/></nitf>").as_deref(),
            Some("nitf")
        );
        assert_eq!(
            root_name("<g2:newsItem xmlns:g2=\"x\"/>").as_deref(),
            Some("newsItem")
        );
        assert_eq!(root_name("plain text"), None);
    }
}
