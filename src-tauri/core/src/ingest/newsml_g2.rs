//! IPTC NewsML-G2 news items: `contentMeta` gives headline, slugline, byline,
//! creditline, dateline and subjects; `itemMeta` the provider, status and
//! version time; the body is the paragraphs of `inlineXML` (NITF or XHTML)
//! or the text of `inlineData`. A news message carrying exactly one item is
//! read as that item.

use quick_xml::events::{BytesStart, Event};
use serde_json::{json, Map, Value};

use super::{
    agency::{credited_in_parentheses, source_for},
    html_text, xml, Format, ParsedCopy, SourceRef,
};
use crate::error::IngestError;

const FORMAT: &str = "NewsML-G2";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Headline,
    Slugline,
    By,
    Creditline,
    Dateline,
    Located,
    Urgency,
    VersionCreated,
    Subject,
    EdNote,
    Paragraph,
    InlineData,
    BodyHeadline,
}

#[derive(Default)]
struct Item {
    headline: String,
    body_headline: String,
    slugline: String,
    by: String,
    creditline: String,
    dateline: String,
    located: String,
    paragraphs: Vec<String>,
    inline_data: String,
    inline_data_is_html: bool,
    subjects: Vec<String>,
    agency: Option<String>,
    /// "newsItem" or "packageItem".
    kind: &'static str,
    /// What a package's itemRefs point to.
    item_refs: Vec<String>,
    metadata: Map<String, Value>,
}

fn inside(path: &[String], name: &str) -> bool {
    path.iter().any(|p| p == name)
}

fn slot_for(name: &str, path: &[String]) -> Option<Slot> {
    if inside(path, "inlineXML") {
        return match name {
            "p" | "li" if !inside(path, "body.head") => Some(Slot::Paragraph),
            "hl1" | "title" => Some(Slot::BodyHeadline),
            _ => None,
        };
    }
    if name == "inlineData" {
        return Some(Slot::InlineData);
    }
    if inside(path, "itemMeta") && name == "versionCreated" {
        return Some(Slot::VersionCreated);
    }
    if !inside(path, "contentMeta") {
        return None;
    }
    match name {
        "headline" => Some(Slot::Headline),
        "slugline" => Some(Slot::Slugline),
        "by" => Some(Slot::By),
        "creditline" => Some(Slot::Creditline),
        "dateline" => Some(Slot::Dateline),
        "name" if path.last().is_some_and(|p| p == "located") => Some(Slot::Located),
        "name" if path.last().is_some_and(|p| p == "subject") => Some(Slot::Subject),
        "urgency" => Some(Slot::Urgency),
        "edNote" => Some(Slot::EdNote),
        _ => None,
    }
}

/// The stories of a news item, a package, or a news message (one per item).
pub(super) fn parse(text: &str, encoding: &'static str) -> Result<Vec<ParsedCopy>, IngestError> {
    let mut reader = xml::reader(text);
    let mut items: Vec<Item> = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut open: xml::Collecting<Slot> = None;
    loop {
        match xml::next(&mut reader, FORMAT)? {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_owned();
                if open.is_none() && matches!(name.as_str(), "newsItem" | "packageItem") {
                    items.push(Item {
                        kind: if name == "packageItem" {
                            "packageItem"
                        } else {
                            "newsItem"
                        },
                        ..Item::default()
                    });
                }
                current(&mut items).attributes(&name, &e, &path);
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
                current(&mut items).attributes(&name, &e, &path);
                if let Some((_, _, text)) = open.as_mut() {
                    text.push(' ');
                }
            }
            Event::End(_) => {
                path.pop();
                if let Some((slot, text)) = xml::collected(&mut open, path.len()) {
                    current(&mut items).fill(slot, text);
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
    // Items with no headline (pictures, metadata-only items) are left out
    // when the message carries stories; alone, they are one story that says
    // what the copy is, so the desk sees it arrived.
    // A message's header read before its first item leaves an empty one.
    items.retain(|item| !item.is_empty());
    if !items.iter().any(Item::has_headline) {
        let at = items
            .iter()
            .position(|item| item.kind == "packageItem")
            .unwrap_or(0);
        if at >= items.len() {
            return Err(IngestError::MetadataOnly("NewsML-G2 item"));
        }
        let others = items.len() - 1;
        return Ok(vec![items
            .swap_remove(at)
            .into_metadata_only(encoding, others)]);
    }
    let total = items.len();
    let mut copies = Vec::new();
    let mut first_error = None;
    for item in items {
        match item.into_copy(encoding) {
            Ok(copy) => copies.push(copy),
            Err(err) => {
                first_error.get_or_insert(err);
            }
        }
    }
    if copies.is_empty() {
        return Err(match first_error {
            Some(IngestError::NoHeadline) | None => IngestError::MetadataOnly("NewsML-G2 item"),
            Some(other) => other,
        });
    }
    let skipped = total - copies.len();
    if skipped > 0 {
        for copy in &mut copies {
            if let Value::Object(metadata) = &mut copy.metadata {
                metadata.insert("items_without_headline".into(), json!(skipped));
            }
        }
    }
    Ok(copies)
}

/// The item being read; a fragment without a newsItem element is one item.
fn current(items: &mut Vec<Item>) -> &mut Item {
    if items.is_empty() {
        items.push(Item::default());
    }
    let last = items.len() - 1;
    &mut items[last]
}

impl Item {
    fn has_headline(&self) -> bool {
        !self.headline.is_empty() || !self.body_headline.is_empty()
    }

    fn is_empty(&self) -> bool {
        self.headline.is_empty()
            && self.body_headline.is_empty()
            && self.paragraphs.is_empty()
            && self.inline_data.is_empty()
            && self.metadata.is_empty()
            && self.item_refs.is_empty()
            && self.agency.is_none()
    }

    fn attributes(&mut self, name: &str, e: &BytesStart<'_>, path: &[String]) {
        let mut set = |key: &str, value: Option<String>| {
            if let Some(value) = value {
                self.metadata.entry(key).or_insert(Value::String(value));
            }
        };
        match name {
            "newsItem" | "packageItem" => {
                set("guid", xml::attribute(e, "guid"));
                set("version", xml::attribute(e, "version"));
                set("language", xml::attribute(e, "xml:lang"));
            }
            "provider" if inside(path, "itemMeta") => {
                let provider = xml::attribute(e, "literal").or_else(|| {
                    xml::attribute(e, "qcode")
                        .map(|q| q.rsplit(':').next().unwrap_or(&q).to_owned())
                });
                if let Some(provider) = provider {
                    self.agency.get_or_insert(provider);
                }
            }
            "inlineData" => {
                self.inline_data_is_html = xml::attribute(e, "contenttype")
                    .is_some_and(|t| t.to_ascii_lowercase().contains("html"));
            }
            "itemRef" => {
                if let Some(target) =
                    xml::attribute(e, "residref").or_else(|| xml::attribute(e, "href"))
                {
                    self.item_refs.push(target);
                }
            }
            "pubStatus" => set("pub_status", xml::attribute(e, "qcode")),
            "signal" => set("signal", xml::attribute(e, "qcode")),
            "itemClass" => set("item_class", xml::attribute(e, "qcode")),
            "language" if inside(path, "contentMeta") => set("language", xml::attribute(e, "tag")),
            "subject" if inside(path, "contentMeta") => {
                if let Some(code) = xml::attribute(e, "qcode") {
                    self.subjects.push(code);
                }
            }
            _ => {}
        }
    }

    fn fill(&mut self, slot: Slot, text: String) {
        if slot == Slot::InlineData {
            self.inline_data.push_str(&text);
            return;
        }
        let text = xml::fold(&text);
        if text.is_empty() {
            return;
        }
        let first = |field: &mut String| xml::set_first(field, &text);
        match slot {
            Slot::Headline => first(&mut self.headline),
            Slot::BodyHeadline => first(&mut self.body_headline),
            Slot::Slugline => first(&mut self.slugline),
            Slot::By => first(&mut self.by),
            Slot::Creditline => first(&mut self.creditline),
            Slot::Dateline => first(&mut self.dateline),
            Slot::Located => first(&mut self.located),
            Slot::Paragraph => self.paragraphs.push(text),
            Slot::Subject => {}
            Slot::Urgency => {
                self.metadata
                    .entry("urgency")
                    .or_insert(Value::String(text));
            }
            Slot::EdNote => {
                self.metadata
                    .entry("ed_note")
                    .or_insert(Value::String(text));
            }
            Slot::VersionCreated => {
                self.metadata
                    .entry("version_created")
                    .or_insert(Value::String(text));
            }
            Slot::InlineData => {}
        }
    }

    /// An item without a headline or text (a package, a picture's or a
    /// video's metadata): a story whose headline says what arrived, with no
    /// body. The received copy keeps everything it carries.
    fn into_metadata_only(mut self, encoding: &'static str, other_items: usize) -> ParsedCopy {
        let guid = self
            .metadata
            .get("guid")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let class = self
            .metadata
            .get("item_class")
            .and_then(Value::as_str)
            .map(|q| q.rsplit(':').next().unwrap_or(q).to_owned());
        let what = if self.kind == "packageItem" {
            let refs = self.item_refs.iter().take(4).cloned().collect::<Vec<_>>();
            let more = if self.item_refs.len() > 4 {
                ", …"
            } else {
                ""
            };
            format!(
                "NewsML-G2 package of {} items ({}{more})",
                self.item_refs.len(),
                refs.join(", ")
            )
        } else {
            let class = class.map_or_else(String::new, |c| format!("{c} "));
            format!("NewsML-G2 {class}item")
        };
        let headline = match &guid {
            Some(guid) => format!("{what} {guid}, metadata only"),
            None => format!("{what}, metadata only"),
        };
        if !self.subjects.is_empty() {
            self.metadata
                .insert("subjects".into(), json!(self.subjects));
        }
        if !self.item_refs.is_empty() {
            self.metadata
                .insert("item_refs".into(), json!(self.item_refs));
        }
        if other_items > 0 {
            self.metadata
                .insert("items_without_headline".into(), json!(other_items));
        }
        self.metadata.insert("metadata_only".into(), json!(true));
        self.metadata.insert("headline_derived".into(), json!(true));
        let source = self
            .agency
            .as_deref()
            .map(source_for)
            .unwrap_or_else(SourceRef::unknown);
        ParsedCopy {
            format: Format::NewsMlG2,
            encoding,
            source,
            guid,
            slug: None,
            headline,
            dateline: None,
            byline: None,
            credit: None,
            body: String::new(),
            metadata: Value::Object(self.metadata),
        }
    }

    fn into_copy(mut self, encoding: &'static str) -> Result<ParsedCopy, IngestError> {
        let headline = [&mut self.headline, &mut self.body_headline]
            .into_iter()
            .map(std::mem::take)
            .find(|h| !h.is_empty())
            .ok_or(IngestError::NoHeadline)?;
        if self.paragraphs.is_empty() && self.inline_data_is_html {
            self.paragraphs = html_text::paragraphs(&self.inline_data);
        }
        if self.paragraphs.is_empty() {
            self.paragraphs = super::plain_paragraphs(&self.inline_data);
        }
        let non_empty = |s: String| (!s.is_empty()).then_some(s);
        let source = self
            .agency
            .as_deref()
            .or((!self.creditline.is_empty()).then_some(self.creditline.as_str()))
            .map(source_for)
            .or_else(|| credited_in_parentheses(&self.paragraphs))
            .unwrap_or_else(SourceRef::unknown);
        // "London (dpa) - " → "London"; else the located place.
        let dateline = self
            .dateline
            .split(['(', ','])
            .next()
            .map(|p| p.trim().trim_end_matches('-').trim().to_owned())
            .filter(|p| p.chars().any(char::is_alphabetic))
            .or_else(|| self.located.split(',').next().map(|p| p.trim().to_owned()));
        if !self.subjects.is_empty() {
            self.metadata
                .insert("subjects".into(), json!(self.subjects));
        }
        let guid = self
            .metadata
            .get("guid")
            .and_then(Value::as_str)
            .map(str::to_owned);
        Ok(ParsedCopy {
            format: Format::NewsMlG2,
            encoding,
            source,
            guid,
            slug: non_empty(self.slugline),
            headline,
            dateline: dateline.filter(|d| !d.is_empty()),
            byline: non_empty(self.by),
            credit: non_empty(self.creditline),
            body: self.paragraphs.join("\n\n"),
            metadata: Value::Object(self.metadata),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ITEM: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:meridian:1" version="3" xml:lang="en">
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider qcode="nprov:meridian"/>
    <versionCreated>2026-11-27T19:05:00Z</versionCreated>
    <pubStatus qcode="stat:usable"/>
  </itemMeta>
  <contentMeta>
    <urgency>3</urgency>
    <located><name>Halvard, Nordland</name></located>
    <subject qcode="medtop:09000000"><name>labour</name></subject>
    <slugline>Port-Strike</slugline>
    <headline>Dockworkers walk out</headline>
    <by>Anna Lindqvist</by>
    <creditline>Meridian Wire</creditline>
    <dateline>HALVARD (Meridian Wire) - </dateline>
  </contentMeta>
  <contentSet>
    <inlineXML contenttype="application/xhtml+xml">
      <html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title></head>
        <body><p>About 2,300 workers &amp; more<br/>walked out.</p><p>Second.</p></body></html>
    </inlineXML>
  </contentSet>
</newsItem>"#;

    #[test]
    fn reads_content_meta_item_meta_and_the_inline_body() {
        let copy = parse(ITEM, "UTF-8").unwrap().remove(0);
        assert_eq!(copy.format, Format::NewsMlG2);
        assert_eq!(copy.headline, "Dockworkers walk out");
        assert_eq!(copy.slug.as_deref(), Some("Port-Strike"));
        assert_eq!(copy.byline.as_deref(), Some("Anna Lindqvist"));
        assert_eq!(copy.credit.as_deref(), Some("Meridian Wire"));
        assert_eq!(copy.dateline.as_deref(), Some("HALVARD"));
        assert_eq!(
            copy.body,
            "About 2,300 workers & more walked out.\n\nSecond."
        );
        assert_eq!(copy.guid.as_deref(), Some("urn:newsml:meridian:1"));
        assert_eq!(copy.metadata["version"], "3");
        assert_eq!(copy.metadata["pub_status"], "stat:usable");
        assert_eq!(copy.metadata["urgency"], "3");
        assert_eq!(copy.metadata["subjects"], json!(["medtop:09000000"]));
        assert_eq!(copy.source.code, "meridian");
    }

    #[test]
    fn inline_data_is_a_plain_text_body() {
        let copy = parse(
            "<newsItem guid=\"g\"><contentMeta><headline>H</headline></contentMeta>\
             <contentSet><inlineData contenttype=\"text/plain\">One.\nTwo.</inlineData></contentSet></newsItem>",
            "UTF-8",
        )
        .unwrap()
        .remove(0);
        assert_eq!(copy.body, "One.\n\nTwo.");
    }

    #[test]
    fn an_item_with_metadata_only_is_a_story_that_says_so() {
        let copy = parse(
            "<newsItem guid=\"tag:meridian,2026:9\" version=\"2\"><itemMeta>\
             <itemClass qcode=\"ninat:video\"/><provider qcode=\"nprov:AP\"/></itemMeta>\
             <contentMeta><subject qcode=\"geo:ky\"/></contentMeta></newsItem>",
            "UTF-8",
        )
        .unwrap()
        .remove(0);
        assert_eq!(
            copy.headline,
            "NewsML-G2 video item tag:meridian,2026:9, metadata only"
        );
        assert_eq!(copy.body, "");
        assert_eq!(copy.guid.as_deref(), Some("tag:meridian,2026:9"));
        assert_eq!(copy.metadata["metadata_only"], true);
        assert_eq!(copy.metadata["subjects"], json!(["geo:ky"]));
        assert_eq!(copy.agency_version(), Some(2));
    }

    #[test]
    fn a_message_of_placeholder_items_is_its_package() {
        let copies = parse(
            "<newsMessage><header><sent>2026-11-27T10:00:00Z</sent></header><itemSet>\
             <packageItem><itemRef residref=\"A1\"/><itemRef residref=\"A2\"/></packageItem>\
             <newsItem guid=\"A1\"> ... </newsItem><newsItem guid=\"A2\"> ... </newsItem>\
             </itemSet></newsMessage>",
            "UTF-8",
        )
        .unwrap();
        assert_eq!(copies.len(), 1);
        assert_eq!(
            copies[0].headline,
            "NewsML-G2 package of 2 items (A1, A2), metadata only"
        );
        assert_eq!(copies[0].metadata["item_refs"], json!(["A1", "A2"]));
        assert_eq!(copies[0].metadata["items_without_headline"], 2);
    }

    #[test]
    fn an_empty_item_is_refused() {
        let err = parse("<newsItem></newsItem>", "UTF-8").unwrap_err();
        assert_eq!(
            err.to_string(),
            "the NewsML-G2 item carries metadata only: no headline and no text to edit"
        );
    }

    #[test]
    fn html_inline_data_becomes_paragraphs() {
        let copy = parse(
            "<newsItem guid=\"g\"><contentMeta><headline>H</headline></contentMeta>\
             <contentSet><inlineData contenttype=\"text/html\">&lt;p&gt;One.&lt;/p&gt;&lt;p&gt;Two.&lt;/p&gt;</inlineData>\
             </contentSet></newsItem>",
            "UTF-8",
        )
        .unwrap()
        .remove(0);
        assert_eq!(copy.body, "One.\n\nTwo.");
    }

    #[test]
    fn a_message_gives_one_story_per_item_and_skips_items_without_headline() {
        let copies = parse(
            "<newsMessage><itemSet>\
             <newsItem guid=\"a\"><contentMeta><headline>First</headline></contentMeta></newsItem>\
             <newsItem guid=\"p\"><contentMeta/></newsItem>\
             <newsItem guid=\"b\"><contentMeta><headline>Second</headline></contentMeta></newsItem>\
             </itemSet></newsMessage>",
            "UTF-8",
        )
        .unwrap();
        let heads: Vec<_> = copies.iter().map(|c| c.headline.as_str()).collect();
        assert_eq!(heads, ["First", "Second"]);
        assert_eq!(copies[1].guid.as_deref(), Some("b"));
        assert_eq!(copies[0].metadata["items_without_headline"], 1);
    }
}
