//! RSS 2.0 / 1.0 and Atom feeds: one story per item or entry. The title is
//! the headline; `content:encoded`, `content`, `description` or `summary`
//! (HTML or text) the body; the feed's own title names the source.

use quick_xml::events::Event;
use serde_json::{json, Map, Value};

use super::{
    agency::{credited_in_parentheses, source_for},
    html_text, xml, Format, ParsedCopy, SourceRef,
};
use crate::error::IngestError;

const FORMAT: &str = "feed";

#[derive(Default)]
struct Entry {
    fields: Map<String, Value>,
    categories: Vec<String>,
}

impl Entry {
    fn set(&mut self, key: &str, value: String) {
        if !value.is_empty() {
            self.fields.entry(key).or_insert(Value::String(value));
        }
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.fields.get(key).and_then(Value::as_str)
    }
}

pub(super) fn parse(text: &str, encoding: &'static str) -> Result<Vec<ParsedCopy>, IngestError> {
    let mut reader = xml::reader(text);
    let mut path: Vec<String> = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    let mut in_entry = false;
    let mut feed_title = String::new();
    let mut atom = false;
    // The element whose text is being collected, at its depth.
    let mut open: xml::Collecting<String> = None;
    loop {
        match xml::next(&mut reader, FORMAT)? {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_owned();
                if path.is_empty() && name == "feed" {
                    atom = true;
                }
                if matches!(name.as_str(), "item" | "entry") {
                    entries.push(Entry::default());
                    in_entry = true;
                } else if in_entry && open.is_none() {
                    if name == "link" {
                        if let (Some(href), Some(entry)) =
                            (xml::attribute(&e, "href"), entries.last_mut())
                        {
                            entry.set("link", href);
                        }
                    }
                    if name == "category" {
                        if let (Some(term), Some(entry)) =
                            (xml::attribute(&e, "term"), entries.last_mut())
                        {
                            entry.categories.push(term);
                        }
                    }
                    open = Some((name.clone(), path.len(), String::new()));
                } else if !in_entry && name == "title" && open.is_none() && feed_title.is_empty() {
                    open = Some((name.clone(), path.len(), String::new()));
                }
                path.push(name);
            }
            Event::Empty(e) => {
                let name = e.local_name().as_ref().to_owned();
                if let Some(entry) = entries.last_mut().filter(|_| in_entry && open.is_none()) {
                    match name.as_str() {
                        "link" => {
                            if let Some(href) = xml::attribute(&e, "href") {
                                entry.set("link", href);
                            }
                        }
                        "category" => entry.categories.extend(xml::attribute(&e, "term")),
                        _ => {}
                    }
                }
            }
            Event::End(e) => {
                let name = e.local_name().as_ref().to_owned();
                path.pop();
                if let Some((field, text)) = xml::collected(&mut open, path.len()) {
                    if in_entry {
                        if let Some(entry) = entries.last_mut() {
                            let parent = path.last().map(String::as_str).unwrap_or("");
                            let key = match (field.as_str(), parent) {
                                ("name", "author") => "author".to_owned(),
                                ("category", _) => {
                                    let term = xml::fold(&text);
                                    if !term.is_empty() {
                                        entry.categories.push(term);
                                    }
                                    continue;
                                }
                                (field, _) => field.to_owned(),
                            };
                            entry.set(&key, text.trim().to_owned());
                        }
                    } else {
                        feed_title = xml::fold(&text);
                    }
                }
                if matches!(name.as_str(), "item" | "entry") {
                    in_entry = false;
                }
            }
            event @ (Event::Text(_) | Event::CData(_) | Event::GeneralRef(_)) => {
                xml::collect_text(&mut open, &event, FORMAT)?;
            }
            Event::Eof => break,
            _ => {}
        }
        // Nested markup inside a collected field (an author's <name>) is
        // collected on its own: open it when the field is `author`.
        if let (Some((field, depth, _)), Some(last)) = (&open, path.last()) {
            if field == "author" && last == "name" && path.len() == depth + 2 {
                open = Some(("name".into(), path.len() - 1, String::new()));
            }
        }
    }
    xml::ensure_closed(path.len(), FORMAT)?;
    let format = if atom { Format::Atom } else { Format::Rss };
    let mut copies = Vec::new();
    for entry in entries {
        let Some(headline) = entry.get("title").map(xml::fold).filter(|t| !t.is_empty()) else {
            continue;
        };
        let body_html = ["encoded", "content", "description", "summary"]
            .iter()
            .find_map(|k| entry.get(k))
            .unwrap_or("");
        let paragraphs = html_text::paragraphs(body_html);
        let source = (!feed_title.is_empty())
            .then(|| source_for(&feed_title))
            .or_else(|| credited_in_parentheses(&paragraphs))
            .unwrap_or_else(SourceRef::unknown);
        let mut metadata = Map::new();
        for (key, name) in [
            ("link", "link"),
            ("pubDate", "published"),
            ("published", "published"),
            ("updated", "updated"),
            ("date", "published"),
        ] {
            if let Some(value) = entry.get(key) {
                metadata.entry(name).or_insert(json!(xml::fold(value)));
            }
        }
        if !entry.categories.is_empty() {
            metadata.insert("subjects".into(), json!(entry.categories));
        }
        if !feed_title.is_empty() {
            metadata.insert("feed".into(), json!(feed_title));
        }
        let guid = entry
            .get("guid")
            .or_else(|| entry.get("id"))
            .or_else(|| entry.get("link"))
            .map(xml::fold);
        let byline = entry
            .get("creator")
            .or_else(|| entry.get("author"))
            .map(xml::fold)
            .filter(|b| !b.is_empty());
        copies.push(ParsedCopy {
            format,
            encoding,
            source,
            guid,
            slug: None,
            headline,
            dateline: None,
            byline,
            credit: None,
            body: paragraphs.join("\n\n"),
            metadata: Value::Object(metadata),
        });
    }
    if copies.is_empty() {
        return Err(IngestError::NoHeadline);
    }
    Ok(copies)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_items_are_stories() {
        let copies = parse(
            r#"<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
                   xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Meridian Wire</title>
               <item><title>Port reopens</title><link>http://example.org/1</link>
                 <description>&lt;p&gt;The port &amp;amp; docks reopened.&lt;/p&gt;&lt;p&gt;Ships moved.&lt;/p&gt;</description>
                 <guid>urn:1</guid><pubDate>Tue, 20 Mar 2012 07:48:01 -0700</pubDate>
                 <dc:creator>A. Writer</dc:creator><category>ports</category></item>
               <item><title>Second story</title><description>Plain text.</description></item>
               </channel></rss>"#,
            "UTF-8",
        )
        .unwrap();
        assert_eq!(copies.len(), 2);
        let first = &copies[0];
        assert_eq!(first.format, Format::Rss);
        assert_eq!(first.headline, "Port reopens");
        assert_eq!(first.body, "The port & docks reopened.\n\nShips moved.");
        assert_eq!(first.guid.as_deref(), Some("urn:1"));
        assert_eq!(first.byline.as_deref(), Some("A. Writer"));
        assert_eq!(first.source.name, "Meridian Wire");
        assert_eq!(first.metadata["subjects"], json!(["ports"]));
        assert_eq!(first.metadata["link"], "http://example.org/1");
        assert_eq!(copies[1].body, "Plain text.");
    }

    #[test]
    fn atom_entries_are_stories() {
        let copies = parse(
            r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Desk feed</title>
               <entry><title>Bridge closes</title><id>tag:x,1</id><link href="http://example.org/b"/>
                 <updated>2012-03-20T07:48:01Z</updated><author><name>Ivo Dane</name></author>
                 <content type="html">&lt;p&gt;It closed.&lt;/p&gt;</content><category term="roads"/></entry></feed>"#,
            "UTF-8",
        )
        .unwrap();
        assert_eq!(copies.len(), 1);
        let entry = &copies[0];
        assert_eq!(entry.format, Format::Atom);
        assert_eq!(entry.headline, "Bridge closes");
        assert_eq!(entry.body, "It closed.");
        assert_eq!(entry.guid.as_deref(), Some("tag:x,1"));
        assert_eq!(entry.byline.as_deref(), Some("Ivo Dane"));
        assert_eq!(entry.metadata["subjects"], json!(["roads"]));
    }
}
