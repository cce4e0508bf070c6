//! IPTC ninjs 1.x, 2.x and 3.x (and Superdesk's variant): news in JSON.
//! 1.x has `headline`, `byline`, `body_text`/`body_html`/`body_xhtml`; 2.x and
//! 3.x have `headlines`, `bylines`/`by`, `bodies` with roles and content types.

use serde_json::{json, Map, Value};

use super::{
    agency::{credited_in_parentheses, source_for},
    html_text, Format, ParsedCopy, SourceRef,
};
use crate::error::IngestError;

/// Whether a JSON object looks like ninjs: an identity and some news content.
pub(super) fn is_ninjs(object: &Map<String, Value>) -> bool {
    let schema = object
        .get("$schema")
        .and_then(Value::as_str)
        .is_some_and(|s| s.contains("ninjs"));
    let identity = ["uri", "guid"].iter().any(|k| object.contains_key(*k));
    let content = [
        "headline",
        "headlines",
        "body_text",
        "body_html",
        "body_xhtml",
        "bodies",
    ]
    .iter()
    .any(|k| object.contains_key(*k));
    schema || (identity && content)
}

fn text(value: Option<&Value>) -> Option<String> {
    let folded = value?
        .as_str()?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (!folded.is_empty()).then_some(folded)
}

/// The `value` of the entry of a 2.x/3.x list (`headlines`, `bodies`, …)
/// with the preferred role, else the first.
fn by_role<'a>(list: Option<&'a Value>, roles: &[&str]) -> Option<&'a Map<String, Value>> {
    let entries: Vec<&Map<String, Value>> = list?
        .as_array()?
        .iter()
        .filter_map(Value::as_object)
        .collect();
    roles
        .iter()
        .find_map(|role| {
            entries
                .iter()
                .find(|e| e.get("role").and_then(Value::as_str) == Some(role))
        })
        .or(entries.first())
        .copied()
}

/// Body paragraphs: plain text preferred, HTML converted to text otherwise.
fn body(object: &Map<String, Value>) -> Vec<String> {
    let plain = super::plain_paragraphs;
    if let Some(s) = object.get("body_text").and_then(Value::as_str) {
        return plain(s);
    }
    for key in ["body_html", "body_xhtml"] {
        if let Some(s) = object.get(key).and_then(Value::as_str) {
            return html_text::paragraphs(s);
        }
    }
    let bodies: Vec<&Map<String, Value>> = object
        .get("bodies")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_object).collect())
        .unwrap_or_default();
    let content_type = |b: &&Map<String, Value>| {
        b.get("contenttype")
            .and_then(Value::as_str)
            .unwrap_or("text/plain")
            .to_owned()
    };
    if let Some(b) = bodies.iter().find(|b| content_type(b) == "text/plain") {
        return b
            .get("value")
            .and_then(Value::as_str)
            .map(plain)
            .unwrap_or_default();
    }
    if let Some(value) = bodies
        .first()
        .and_then(|b| b.get("value").and_then(Value::as_str))
    {
        return html_text::paragraphs(value);
    }
    // A short item may carry only its description (NTB sends such notices).
    if let Some(s) = object.get("description_text").and_then(Value::as_str) {
        return plain(s);
    }
    by_role(object.get("descriptions"), &["text", "summary"])
        .and_then(|d| d.get("value").and_then(Value::as_str))
        .map(plain)
        .unwrap_or_default()
}

/// The credit line: a description with the role `creditline` (as Wiredesk
/// exports it; ninjs has no field of its own for it).
fn credit(object: &Map<String, Value>) -> Option<String> {
    object
        .get("descriptions")?
        .as_array()?
        .iter()
        .find(|d| {
            d.get("role")
                .and_then(Value::as_str)
                .is_some_and(|r| r == "creditline" || r == "credit")
        })
        .and_then(|d| text(d.get("value")))
}

pub(super) fn parse(
    object: &Map<String, Value>,
    encoding: &'static str,
) -> Result<ParsedCopy, IngestError> {
    let headline = text(object.get("headline"))
        .or_else(|| text(by_role(object.get("headlines"), &["main"])?.get("value")))
        .ok_or(IngestError::NoHeadline)?;
    let byline = text(object.get("byline"))
        .or_else(|| text(object.get("by")))
        .or_else(|| text(by_role(object.get("bylines"), &["author"])?.get("byline")));
    let dateline =
        text(object.get("located")).and_then(|l| l.split(',').next().map(|p| p.trim().to_owned()));
    let agency = ["copyrightholder", "source", "provider"]
        .iter()
        .find_map(|k| match object.get(*k) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            Some(Value::Object(o)) => text(o.get("name")),
            _ => None,
        });
    let body = body(object);
    let source = agency
        .as_deref()
        .map(source_for)
        .or_else(|| credited_in_parentheses(&body))
        .unwrap_or_else(SourceRef::unknown);
    let mut metadata = Map::new();
    for key in [
        "uri",
        "guid",
        "version",
        "versioncreated",
        "firstcreated",
        "pubstatus",
        "urgency",
        "priority",
        "language",
        "slugline",
        "embargoed",
        "ednote",
        "copyrightnotice",
        "type",
        "profile",
    ] {
        if let Some(value) = object.get(key).filter(|v| !v.is_null()) {
            metadata.insert(key.to_owned(), value.clone());
        }
    }
    for key in ["subject", "subjects"] {
        if let Some(list) = object.get(key).and_then(Value::as_array) {
            let names: Vec<Value> = list
                .iter()
                .filter_map(|s| s.get("name").or_else(|| s.get("code")).cloned())
                .collect();
            metadata.insert("subjects".into(), json!(names));
        }
    }
    let guid = ["uri", "guid"].iter().find_map(|k| text(object.get(*k)));
    Ok(ParsedCopy {
        format: Format::Ninjs,
        encoding,
        source,
        guid,
        slug: text(object.get("slugline")),
        headline,
        dateline,
        byline,
        credit: credit(object),
        body: body.join("\n\n"),
        metadata: Value::Object(metadata),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn ninjs_1_with_text_and_html_bodies() {
        let copy = parse(
            &object(json!({
                "uri": "urn:example:1", "version": "2", "type": "text",
                "headline": "Ferry  resumes", "byline": "By A. Writer",
                "located": "Harbourton, Veloria", "copyrightholder": "AP",
                "body_text": "First paragraph.\n\nSecond  paragraph.",
                "body_html": "<p>ignored</p>",
                "subject": [{"name": "transport"}]
            })),
            "UTF-8",
        )
        .unwrap();
        assert_eq!(copy.format, Format::Ninjs);
        assert_eq!(copy.headline, "Ferry resumes");
        assert_eq!(copy.byline.as_deref(), Some("By A. Writer"));
        assert_eq!(copy.dateline.as_deref(), Some("Harbourton"));
        assert_eq!(copy.body, "First paragraph.\n\nSecond paragraph.");
        assert_eq!(copy.source.code, "ap");
        assert_eq!(copy.guid.as_deref(), Some("urn:example:1"));
        assert_eq!(copy.metadata["version"], "2");
        assert_eq!(copy.metadata["subjects"], json!(["transport"]));
    }

    #[test]
    fn ninjs_2_headlines_and_html_bodies() {
        let copy = parse(
            &object(json!({
                "uri": "urn:example:2",
                "headlines": [{"role": "sub", "value": "Sub"}, {"role": "main", "value": "Main head"}],
                "bodies": [{"role": "main", "contenttype": "text/html",
                            "value": "<section><p>One &amp; two.</p><p>Three.</p></section>"}],
                "by": "Von Christian Hollmann, dpa", "copyrightholder": "dpa"
            })),
            "UTF-8",
        )
        .unwrap();
        assert_eq!(copy.headline, "Main head");
        assert_eq!(copy.body, "One & two.\n\nThree.");
        assert_eq!(copy.byline.as_deref(), Some("Von Christian Hollmann, dpa"));
        assert_eq!(copy.source.code, "dpa");
    }

    #[test]
    fn recognises_ninjs_and_nothing_else() {
        assert!(is_ninjs(&object(json!({"uri": "x", "headline": "h"}))));
        assert!(is_ninjs(&object(
            json!({"$schema": "http://www.iptc.org/std/ninjs/ninjs-schema_1.1.json"})
        )));
        assert!(!is_ninjs(&object(
            json!({"name": "package", "version": "1.0.0"})
        )));
    }

    #[test]
    fn the_agency_credit_in_the_text_and_a_description_as_body() {
        let copy = parse(
            &object(json!({
                "uri": "x", "headline": "Notice",
                "descriptions": [{"role": "text", "value": "ROME (AP) -- A short notice."}]
            })),
            "UTF-8",
        )
        .unwrap();
        assert_eq!(copy.body, "ROME (AP) -- A short notice.");
        assert_eq!(copy.source.code, "ap");
    }

    #[test]
    fn no_headline_is_an_error() {
        assert!(matches!(
            parse(&object(json!({"uri": "x", "body_text": "b"})), "UTF-8"),
            Err(IngestError::NoHeadline)
        ));
    }
}
