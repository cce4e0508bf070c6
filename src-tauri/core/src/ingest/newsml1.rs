//! IPTC NewsML 1.x (AFP, Business Wire): `NewsLines` give headline, byline,
//! dateline, credit and slug; `Identification` the item id and revision;
//! the body is the paragraphs of the text `DataContent` (NITF or XHTML).

use quick_xml::events::Event;
use serde_json::{json, Map, Value};

use super::{
    agency::{credited_in_parentheses, source_for},
    xml, Format, ParsedCopy, SourceRef,
};
use crate::error::IngestError;

const FORMAT: &str = "NewsML 1.2";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Headline,
    ByLine,
    DateLine,
    CreditLine,
    SlugLine,
    ProviderId,
    NewsItemId,
    RevisionId,
    Paragraph,
}

fn slot_for(name: &str, path: &[String]) -> Option<Slot> {
    if path.iter().any(|p| p == "DataContent") {
        return matches!(name, "p" | "li").then_some(Slot::Paragraph);
    }
    match name {
        "HeadLine" if path.last().is_some_and(|p| p == "NewsLines") => Some(Slot::Headline),
        "ByLine" => Some(Slot::ByLine),
        "DateLine" => Some(Slot::DateLine),
        "CreditLine" => Some(Slot::CreditLine),
        "SlugLine" => Some(Slot::SlugLine),
        "ProviderId" => Some(Slot::ProviderId),
        "NewsItemId" => Some(Slot::NewsItemId),
        "RevisionId" => Some(Slot::RevisionId),
        _ => None,
    }
}

pub(super) fn parse(text: &str, encoding: &'static str) -> Result<ParsedCopy, IngestError> {
    let mut reader = xml::reader(text);
    let mut path: Vec<String> = Vec::new();
    let mut open: xml::Collecting<Slot> = None;
    let mut fields: Map<String, Value> = Map::new();
    let mut paragraphs = Vec::new();
    let mut metadata = Map::new();
    loop {
        match xml::next(&mut reader, FORMAT)? {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_owned();
                if name == "Status" || name == "Urgency" {
                    if let Some(v) = xml::attribute(&e, "FormalName") {
                        metadata.entry(name.to_lowercase()).or_insert(json!(v));
                    }
                }
                if let Some((_, _, text)) = open.as_mut() {
                    if name == "br" {
                        text.push(' ');
                    }
                } else if let Some(slot) = slot_for(&name, &path) {
                    open = Some((slot, path.len(), String::new()));
                }
                path.push(name);
            }
            Event::Empty(e) => {
                let name = e.local_name().as_ref().to_owned();
                if name == "Status" || name == "Urgency" {
                    if let Some(v) = xml::attribute(&e, "FormalName") {
                        metadata.entry(name.to_lowercase()).or_insert(json!(v));
                    }
                }
                if let Some((_, _, text)) = open.as_mut() {
                    text.push(' ');
                }
            }
            Event::End(_) => {
                path.pop();
                if let Some((slot, text)) = xml::collected(&mut open, path.len()) {
                    let text = xml::fold(&text);
                    if text.is_empty() {
                        continue;
                    }
                    if slot == Slot::Paragraph {
                        paragraphs.push(text);
                    } else {
                        fields.entry(format!("{slot:?}")).or_insert(json!(text));
                    }
                }
            }
            event @ (Event::Text(_) | Event::CData(_) | Event::GeneralRef(_)) => {
                xml::collect_text(&mut open, &event, FORMAT)?;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    xml::ensure_closed(path.len(), FORMAT)?;
    let field = |slot: Slot| {
        fields
            .get(&format!("{slot:?}"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let headline = field(Slot::Headline).ok_or(IngestError::NoHeadline)?;
    for (key, slot) in [
        ("item_id", Slot::NewsItemId),
        ("revision", Slot::RevisionId),
        ("provider", Slot::ProviderId),
    ] {
        if let Some(value) = field(slot) {
            metadata.insert(key.into(), json!(value));
        }
    }
    // "STOCKHOLM, Aug 29, 2014 (AFP) -" → place STOCKHOLM, agency AFP.
    let dateline_text = field(Slot::DateLine).unwrap_or_default();
    let agency_in_dateline = dateline_text
        .split_once('(')
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(agency, _)| agency.trim().to_owned());
    let dateline = dateline_text
        .split(',')
        .next()
        .map(|p| p.trim().trim_end_matches('-').trim().to_owned())
        .filter(|p| p.chars().any(char::is_alphabetic));
    let provider = field(Slot::ProviderId);
    let source = agency_in_dateline
        .or(provider)
        .or_else(|| field(Slot::CreditLine))
        .as_deref()
        .map(source_for)
        .or_else(|| credited_in_parentheses(&paragraphs))
        .unwrap_or_else(SourceRef::unknown);
    let guid = field(Slot::NewsItemId);
    Ok(ParsedCopy {
        format: Format::NewsMl1,
        encoding,
        source,
        guid,
        slug: field(Slot::SlugLine),
        headline,
        dateline,
        byline: field(Slot::ByLine),
        credit: field(Slot::CreditLine),
        body: paragraphs.join("\n\n"),
        metadata: Value::Object(metadata),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_news_lines_identification_and_body() {
        let copy = parse(
            r#"<NewsML><NewsItem><Identification><NewsIdentifier><ProviderId>afp.com</ProviderId>
               <NewsItemId>TX-1</NewsItemId><RevisionId PreviousRevision="0" Update="N">2</RevisionId>
               </NewsIdentifier></Identification><NewsManagement><Status FormalName="Usable"/></NewsManagement>
               <NewsComponent><NewsLines><DateLine>STOCKHOLM, Aug 29, 2014 (AFP) -</DateLine>
               <HeadLine>Court accepts receivership</HeadLine><SlugLine>Sweden-SAAB</SlugLine>
               <ByLine>By A. Writer</ByLine></NewsLines>
               <ContentItem><DataContent><body><body.content><p>One &amp; two.</p><p>Three.</p>
               </body.content></body></DataContent></ContentItem></NewsComponent></NewsItem></NewsML>"#,
            "UTF-8",
        )
        .unwrap();
        assert_eq!(copy.format, Format::NewsMl1);
        assert_eq!(copy.headline, "Court accepts receivership");
        assert_eq!(copy.dateline.as_deref(), Some("STOCKHOLM"));
        assert_eq!(copy.source.code, "afp");
        assert_eq!(copy.body, "One & two.\n\nThree.");
        assert_eq!(copy.slug.as_deref(), Some("Sweden-SAAB"));
        assert_eq!(copy.guid.as_deref(), Some("TX-1"));
        assert_eq!(copy.metadata["revision"], "2");
        assert_eq!(copy.metadata["status"], "Usable");
    }
}
