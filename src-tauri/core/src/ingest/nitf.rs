//! IPTC NITF 3.x: headline from `hedline/hl1` (or `head/title`), byline,
//! dateline, body paragraphs from `body.content`, credit from `body.end`
//! (`tagline`), and the metadata of `head/docdata`.

use quick_xml::events::{BytesStart, Event};
use serde_json::{json, Map, Value};

use super::{agency::source_for, xml, Format, ParsedCopy, SourceRef};
use crate::error::IngestError;

const FORMAT: &str = "NITF";

/// What a run of text is being collected for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Title,
    Headline,
    Byline,
    Dateline,
    Paragraph,
    Credit,
    Distributor,
}

/// Elements that separate words when they sit inside collected text.
const WORD_BREAKS: &[&str] = &["br", "byttl", "location", "story.date", "hl2"];

#[derive(Default)]
struct Nitf {
    title: String,
    headline: String,
    byline: String,
    dateline: String,
    distributor: String,
    credit: Vec<String>,
    paragraphs: Vec<String>,
    metadata: Map<String, Value>,
    keywords: Vec<String>,
    subjects: Vec<String>,
    agency: Option<String>,
}

pub(super) fn parse(text: &str, encoding: &'static str) -> Result<ParsedCopy, IngestError> {
    let mut reader = xml::reader(text);
    let mut nitf = Nitf::default();
    let mut path: Vec<String> = Vec::new();
    // The slot being filled, the depth of the element that opened it, and its text.
    let mut open: xml::Collecting<Slot> = None;
    loop {
        match xml::next(&mut reader, FORMAT)? {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_owned();
                nitf.attributes(&name, &e, &path);
                if let Some((_, _, text)) = open.as_mut() {
                    if WORD_BREAKS.contains(&name.as_str()) {
                        text.push(' ');
                    }
                } else if let Some(slot) = slot_for(&name, &path) {
                    open = Some((slot, path.len(), String::new()));
                }
                path.push(name);
            }
            Event::Empty(e) => {
                let name = e.local_name().as_ref().to_owned();
                nitf.attributes(&name, &e, &path);
                if let Some((_, _, text)) = open.as_mut() {
                    if WORD_BREAKS.contains(&name.as_str()) {
                        text.push(' ');
                    }
                }
            }
            Event::End(_) => {
                path.pop();
                if let Some((slot, text)) = xml::collected(&mut open, path.len()) {
                    nitf.fill(slot, &text);
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
    nitf.into_copy(encoding)
}

fn inside(path: &[String], name: &str) -> bool {
    path.iter().any(|p| p == name)
}

fn slot_for(name: &str, path: &[String]) -> Option<Slot> {
    match name {
        "title" if inside(path, "head") => Some(Slot::Title),
        "hl1" if inside(path, "hedline") => Some(Slot::Headline),
        "byline" if inside(path, "body.head") => Some(Slot::Byline),
        "dateline" if inside(path, "body.head") => Some(Slot::Dateline),
        "distributor" if inside(path, "body.head") => Some(Slot::Distributor),
        "p" | "li" | "hl2" if inside(path, "body.content") => Some(Slot::Paragraph),
        "tagline" | "p" if inside(path, "body.end") => Some(Slot::Credit),
        _ => None,
    }
}

impl Nitf {
    /// Metadata carried in attributes.
    fn attributes(&mut self, name: &str, e: &BytesStart<'_>, path: &[String]) {
        let mut set = |key: &str, value: Option<String>| {
            if let Some(value) = value {
                self.metadata.entry(key).or_insert(Value::String(value));
            }
        };
        match name {
            "nitf" => {
                set(
                    "language",
                    xml::attribute(e, "baselang").or_else(|| xml::attribute(e, "lang")),
                );
                set("nitf_version", xml::attribute(e, "version"));
            }
            "doc-id" => {
                set("doc_id", xml::attribute(e, "id-string"));
                if let Some(regsrc) = xml::attribute(e, "regsrc") {
                    self.agency.get_or_insert(regsrc);
                }
            }
            "urgency" => set("urgency", xml::attribute(e, "ed-urg")),
            "date.issue" => set("issued", xml::attribute(e, "norm")),
            "date.release" => set("released", xml::attribute(e, "norm")),
            "doc.copyright" => set("copyright", xml::attribute(e, "holder")),
            "du-key" => set("slug", xml::attribute(e, "key")),
            "keyword" => self.keywords.extend(xml::attribute(e, "key")),
            "tobject.subject" => self.subjects.extend(
                xml::attribute(e, "tobject.subject.refnum")
                    .or_else(|| xml::attribute(e, "tobject.subject.type")),
            ),
            "meta" if inside(path, "head") => {
                if let (Some(key), Some(value)) =
                    (xml::attribute(e, "name"), xml::attribute(e, "content"))
                {
                    let meta = self
                        .metadata
                        .entry("meta")
                        .or_insert_with(|| Value::Object(Map::new()));
                    if let Value::Object(meta) = meta {
                        meta.entry(key).or_insert(Value::String(value));
                    }
                }
            }
            _ => {}
        }
    }

    fn fill(&mut self, slot: Slot, text: &str) {
        let text = xml::fold(text);
        if text.is_empty() {
            return;
        }
        let first = |field: &mut String| xml::set_first(field, &text);
        match slot {
            Slot::Title => first(&mut self.title),
            Slot::Headline => first(&mut self.headline),
            Slot::Byline => first(&mut self.byline),
            Slot::Dateline => first(&mut self.dateline),
            Slot::Distributor => first(&mut self.distributor),
            Slot::Paragraph => self.paragraphs.push(text),
            Slot::Credit => self.credit.push(text),
        }
    }

    fn into_copy(mut self, encoding: &'static str) -> Result<ParsedCopy, IngestError> {
        let headline = if self.headline.is_empty() {
            std::mem::take(&mut self.title)
        } else {
            std::mem::take(&mut self.headline)
        };
        if headline.is_empty() {
            return Err(IngestError::NoHeadline);
        }
        let agency = self
            .agency
            .clone()
            .or_else(|| self.metadata.get("copyright")?.as_str().map(str::to_owned))
            .or_else(|| (!self.distributor.is_empty()).then(|| self.distributor.clone()));
        let source = agency
            .as_deref()
            .map(source_for)
            .unwrap_or_else(SourceRef::unknown);
        if !self.keywords.is_empty() {
            self.metadata
                .insert("keywords".into(), json!(self.keywords));
        }
        if !self.subjects.is_empty() {
            self.metadata
                .insert("subjects".into(), json!(self.subjects));
        }
        let guid = self
            .metadata
            .get("doc_id")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let slug = self
            .metadata
            .get("slug")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let non_empty = |s: String| (!s.is_empty()).then_some(s);
        Ok(ParsedCopy {
            format: Format::Nitf,
            encoding,
            source,
            guid,
            slug,
            headline,
            dateline: dateline_place(&self.dateline),
            byline: non_empty(self.byline),
            credit: non_empty(self.credit.join(" ")),
            body: self.paragraphs.join("\n\n"),
            metadata: Value::Object(self.metadata),
        })
    }
}

/// The place of a dateline: "NEW YORK, Dec. 10" → "NEW YORK". A dateline
/// that is only a date or time ("20170102T222800+0000") has no place.
fn dateline_place(dateline: &str) -> Option<String> {
    let place = dateline.split(',').next()?.trim();
    let starts_with_letter = place.chars().next().is_some_and(char::is_alphabetic);
    let letters = place.chars().filter(|c| c.is_alphabetic()).count();
    (starts_with_letter && letters >= 2).then(|| place.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nitf SYSTEM "nitf-3-4.dtd">
<nitf version="-//IPTC//DTD NITF 3.4//EN" baselang="en-GB">
  <head>
    <title>Port strike title</title>
    <tobject><tobject.subject tobject.subject.refnum="04000000"/></tobject>
    <docdata>
      <doc-id regsrc="AP" id-string="ap-123"/>
      <urgency ed-urg="3"/>
      <date.issue norm="20261127T190500Z"/>
      <du-key key="Port-Strike"/>
      <key-list><keyword key="ports"/><keyword key="labour"/></key-list>
    </docdata>
  </head>
  <body>
    <body.head>
      <hedline><hl1>Dockworkers walk out at Port Halvard</hl1></hedline>
      <byline>By ANNA LINDQVIST<byttl>Meridian Writer</byttl></byline>
      <dateline><location>HALVARD</location>, <story.date>March 4</story.date></dateline>
    </body.head>
    <body.content>
      <p>About 2,300 dockworkers walked out, union chief <person>Ilse Marrow</person> said.</p>
      <p>&quot;Nobody asked us,&quot; she said &#8212; loudly &amp; clearly.</p>
      <media><media-caption>A crane.</media-caption></media>
    </body.content>
    <body.end><tagline>Reporting by Anna Lindqvist</tagline></body.end>
  </body>
</nitf>"#;

    #[test]
    fn reads_headline_byline_dateline_body_credit_and_metadata() {
        let copy = parse(STORY, "UTF-8").unwrap();
        assert_eq!(copy.format, Format::Nitf);
        assert_eq!(copy.headline, "Dockworkers walk out at Port Halvard");
        assert_eq!(
            copy.byline.as_deref(),
            Some("By ANNA LINDQVIST Meridian Writer")
        );
        assert_eq!(copy.dateline.as_deref(), Some("HALVARD"));
        assert_eq!(
            copy.body,
            "About 2,300 dockworkers walked out, union chief Ilse Marrow said.\n\n\
             \"Nobody asked us,\" she said \u{2014} loudly & clearly."
        );
        assert_eq!(copy.credit.as_deref(), Some("Reporting by Anna Lindqvist"));
        assert_eq!(copy.source.code, "ap");
        assert_eq!(copy.guid.as_deref(), Some("ap-123"));
        assert_eq!(copy.slug.as_deref(), Some("Port-Strike"));
        assert_eq!(copy.metadata["urgency"], "3");
        assert_eq!(copy.metadata["language"], "en-GB");
        assert_eq!(copy.metadata["keywords"], json!(["ports", "labour"]));
        assert_eq!(copy.metadata["subjects"], json!(["04000000"]));
    }

    #[test]
    fn a_dateline_that_is_only_a_time_has_no_place() {
        assert_eq!(dateline_place("20170102T222800+0000"), None);
        assert_eq!(dateline_place("Oslo"), Some("Oslo".into()));
        assert_eq!(dateline_place(""), None);
    }

    #[test]
    fn the_distributor_names_the_agency_when_nothing_else_does() {
        let copy = parse(
            "<nitf><body><body.head><hedline><hl1>H</hl1></hedline>\
             <distributor>Agencia EFE</distributor></body.head></body></nitf>",
            "UTF-8",
        )
        .unwrap();
        assert_eq!(
            (copy.source.code.as_str(), copy.source.name.as_str()),
            ("efe", "EFE")
        );
    }

    #[test]
    fn falls_back_to_the_title_for_a_headline() {
        let copy = parse(
            "<nitf><head><title>Only a title</title></head><body/></nitf>",
            "UTF-8",
        )
        .unwrap();
        assert_eq!(copy.headline, "Only a title");
        assert_eq!(copy.body, "");
    }

    #[test]
    fn truncated_and_broken_documents_are_malformed() {
        let truncated = &STORY[..STORY.len() / 2];
        let err = parse(truncated, "UTF-8").unwrap_err();
        assert!(err.to_string().starts_with("malformed NITF:"), "{err}");
        let err = parse("<nitf><body><p>x</body></nitf>", "UTF-8").unwrap_err();
        assert!(err.to_string().starts_with("malformed NITF:"), "{err}");
        let err = parse(
            "<nitf><head><title>a &bogus; b</title></head></nitf>",
            "UTF-8",
        )
        .unwrap_err();
        assert!(err.to_string().contains("unknown entity &bogus;"), "{err}");
    }

    #[test]
    fn no_headline_anywhere_is_an_error() {
        assert!(matches!(
            parse(
                "<nitf><body><body.content><p>text</p></body.content></body></nitf>",
                "UTF-8"
            ),
            Err(IngestError::NoHeadline)
        ));
    }
}
