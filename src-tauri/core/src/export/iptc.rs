//! The IPTC publishing formats: NITF 3.6, a NewsML-G2 2.35 newsItem with
//! the NITF body inline, and ninjs 2.2. Each document carries the story's
//! metadata from ingest and the Wiredesk identity of the revision it was
//! made from: the item is `urn:wiredesk:story:{id}`, its version is the
//! revision id (revision ids only grow, so a later export is a later
//! version), and the agency's own guid and version travel alongside.

use serde_json::{json, Map, Value};

use super::{one_line, paragraphs, ExportStory};

const NITF_NS: &str = "http://iptc.org/std/NITF/2006-10-18/";
const G2_NS: &str = "http://iptc.org/std/nar/2006-10-01/";
const NINJS_VERSION: &str = "2.2";
const NINJS_SCHEMA: &str = "https://www.iptc.org/std/ninjs/ninjs-schema_2.2.json";

/// The story's identity as an item: stable across its revisions.
pub fn item_uri(story_id: i64) -> String {
    format!("urn:wiredesk:story:{story_id}")
}

/// The identity of one revision of the story.
pub fn revision_uri(story_id: i64, revision_id: i64) -> String {
    format!("urn:wiredesk:story:{story_id}:revision:{revision_id}")
}

/// Text safe in XML 1.0 content and attribute values: escaped, and without
/// the characters XML cannot carry at all (markup escaping is the same for
/// HTML and XML).
use super::escape_html as xml;

/// An IPTC subject code ("04000000") rather than a name.
fn subject_code(subject: &str) -> Option<&str> {
    let code = subject
        .strip_prefix("subj:")
        .or_else(|| subject.strip_prefix("iptc:"))
        .unwrap_or(subject);
    (code.len() == 8 && code.bytes().all(|b| b.is_ascii_digit())).then_some(code)
}

/// `2026-11-27T19:05:15.123Z` as NITF's normalised `20261127T190515Z`.
fn nitf_norm(rfc3339: &str) -> String {
    let digits: String = rfc3339
        .chars()
        .take(19)
        .filter(|c| c.is_ascii_digit() || *c == 'T')
        .collect();
    format!("{digits}Z")
}

struct Parts {
    headline: String,
    dateline: Option<String>,
    byline: Option<String>,
    credit: Option<String>,
    body: Vec<String>,
}

fn parts(story: &ExportStory<'_>) -> Parts {
    let non_empty = |s: String| (!s.is_empty()).then_some(s);
    Parts {
        headline: one_line(story.headline),
        dateline: story.dateline.map(one_line).and_then(non_empty),
        byline: story.byline.map(one_line).and_then(non_empty),
        credit: story.credit.map(one_line).and_then(non_empty),
        body: paragraphs(story.body),
    }
}

/// The NITF `body` element's content: heading, paragraphs and (unless the
/// wrapper carries it elsewhere) the credit.
fn nitf_body(parts: &Parts, with_credit: bool, indent: &str) -> String {
    let mut out = format!("{indent}<body>\n{indent}  <body.head>\n");
    out.push_str(&format!(
        "{indent}    <hedline><hl1>{}</hl1></hedline>\n",
        xml(&parts.headline)
    ));
    if let Some(byline) = &parts.byline {
        out.push_str(&format!("{indent}    <byline>{}</byline>\n", xml(byline)));
    }
    if let Some(dateline) = &parts.dateline {
        out.push_str(&format!(
            "{indent}    <dateline>{}</dateline>\n",
            xml(dateline)
        ));
    }
    out.push_str(&format!(
        "{indent}  </body.head>\n{indent}  <body.content>\n"
    ));
    for p in &parts.body {
        out.push_str(&format!("{indent}    <p>{}</p>\n", xml(p)));
    }
    out.push_str(&format!("{indent}  </body.content>\n"));
    if let (true, Some(credit)) = (with_credit, &parts.credit) {
        out.push_str(&format!(
            "{indent}  <body.end>\n{indent}    <tagline>{}</tagline>\n{indent}  </body.end>\n",
            xml(credit)
        ));
    }
    out.push_str(&format!("{indent}</body>\n"));
    out
}

/// NITF 3.6, in the NITF namespace, valid against IPTC's XSD.
pub fn nitf(story: &ExportStory<'_>) -> String {
    let meta = &story.meta;
    let parts = parts(story);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    match &meta.language {
        Some(lang) => out.push_str(&format!(
            "<nitf xmlns=\"{NITF_NS}\" baselang=\"{}\">\n",
            xml(lang)
        )),
        None => out.push_str(&format!("<nitf xmlns=\"{NITF_NS}\">\n")),
    }
    out.push_str("  <head>\n");
    out.push_str(&format!("    <title>{}</title>\n", xml(&parts.headline)));
    let mut metas = vec![
        (
            "wiredesk-revision",
            revision_uri(story.story_id, story.revision_id),
        ),
        ("agency", one_line(&meta.agency)),
    ];
    if let Some(guid) = &meta.agency_guid {
        metas.push(("agency-guid", one_line(guid)));
    }
    if let Some(version) = meta.agency_version {
        metas.push(("agency-version", version.to_string()));
    }
    if let Some(created) = &meta.agency_created {
        metas.push(("agency-created", created.clone()));
    }
    for (name, content) in metas {
        out.push_str(&format!(
            "    <meta name=\"{name}\" content=\"{}\"/>\n",
            xml(&content)
        ));
    }
    let codes: Vec<&str> = meta
        .subjects
        .iter()
        .filter_map(|s| subject_code(s))
        .collect();
    if !codes.is_empty() {
        out.push_str("    <tobject tobject.type=\"news\">\n");
        for code in &codes {
            out.push_str(&format!(
                "      <tobject.subject tobject.subject.refnum=\"{code}\"/>\n"
            ));
        }
        out.push_str("    </tobject>\n");
    }
    out.push_str("    <docdata>\n");
    out.push_str(&format!(
        "      <doc-id id-string=\"{}\"/>\n",
        xml(&item_uri(story.story_id))
    ));
    if let Some(urgency) = meta.urgency {
        out.push_str(&format!("      <urgency ed-urg=\"{urgency}\"/>\n"));
    }
    out.push_str(&format!(
        "      <date.issue norm=\"{}\"/>\n",
        nitf_norm(&meta.version_created)
    ));
    out.push_str(&format!(
        "      <doc.copyright holder=\"{}\"/>\n",
        xml(&one_line(meta.holder()))
    ));
    if let Some(outlet) = meta.distributor() {
        // The outlet whose page carried the agency's copy: its agent.
        out.push_str(&format!(
            "      <doc.rights owner=\"{}\" agent=\"{}\"/>\n",
            xml(&one_line(&meta.agency)),
            xml(&one_line(outlet))
        ));
    }
    let slug = meta.slug.as_deref().map(one_line).filter(|s| !s.is_empty());
    out.push_str(&format!(
        "      <du-key version=\"{}\"{}/>\n",
        story.revision_id,
        slug.map(|s| format!(" key=\"{}\"", xml(&s)))
            .unwrap_or_default()
    ));
    let keywords: Vec<&String> = meta
        .subjects
        .iter()
        .filter(|s| subject_code(s).is_none())
        .collect();
    if !keywords.is_empty() {
        out.push_str("      <key-list>\n");
        for k in keywords {
            out.push_str(&format!(
                "        <keyword key=\"{}\"/>\n",
                xml(&one_line(k))
            ));
        }
        out.push_str("      </key-list>\n");
    }
    out.push_str("    </docdata>\n  </head>\n");
    out.push_str(&nitf_body(&parts, true, "  "));
    out.push_str("</nitf>\n");
    out
}

/// A NewsML-G2 2.35 newsItem with the story as NITF inside `inlineXML`.
pub fn newsml(story: &ExportStory<'_>) -> String {
    let meta = &story.meta;
    let parts = parts(story);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<newsItem xmlns=\"{G2_NS}\" guid=\"{}\" version=\"{}\" standard=\"NewsML-G2\" \
         standardversion=\"2.35\" conformance=\"power\"{}>\n",
        xml(&item_uri(story.story_id)),
        story.revision_id.max(1),
        meta.language
            .as_deref()
            .map(|l| format!(" xml:lang=\"{}\"", xml(l)))
            .unwrap_or_default()
    ));
    out.push_str(
        "  <catalogRef href=\"http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_38.xml\"/>\n",
    );
    // Wiredesk's own scheme, for the revision identity in `altId`.
    out.push_str(
        "  <catalog>\n    <scheme alias=\"wdid\" uri=\"urn:wiredesk:id:\"/>\n  </catalog>\n",
    );
    out.push_str("  <itemMeta>\n    <itemClass qcode=\"ninat:text\"/>\n");
    out.push_str(&format!(
        "    <provider literal=\"{}\"/>\n",
        xml(&one_line(meta.holder()))
    ));
    out.push_str(&format!(
        "    <versionCreated>{}</versionCreated>\n    <firstCreated>{}</firstCreated>\n",
        xml(&meta.version_created),
        xml(&meta.first_created)
    ));
    out.push_str("    <pubStatus qcode=\"stat:usable\"/>\n");
    out.push_str(&format!(
        "    <generator versioninfo=\"{}\">Wiredesk</generator>\n",
        env!("CARGO_PKG_VERSION")
    ));
    if let Some(guid) = &meta.agency_guid {
        out.push_str(&format!(
            "    <link rel=\"irel:sourceInstance\" residref=\"{}\"{}/>\n",
            xml(&one_line(guid)),
            meta.agency_version
                .filter(|v| *v >= 1)
                .map(|v| format!(" version=\"{v}\""))
                .unwrap_or_default()
        ));
    }
    out.push_str("  </itemMeta>\n  <contentMeta>\n");
    if let Some(urgency) = meta.urgency {
        out.push_str(&format!("    <urgency>{urgency}</urgency>\n"));
    }
    if let Some(created) = &meta.agency_created {
        out.push_str(&format!(
            "    <contentCreated>{}</contentCreated>\n",
            xml(created)
        ));
    }
    if let Some(outlet) = meta.distributor() {
        out.push_str(&format!(
            "    <infoSource literal=\"{}\"/>\n",
            xml(&one_line(outlet))
        ));
    }
    out.push_str(&format!(
        "    <altId type=\"wdid:revision\">{}</altId>\n",
        xml(&revision_uri(story.story_id, story.revision_id))
    ));
    if let Some(lang) = &meta.language {
        out.push_str(&format!("    <language tag=\"{}\"/>\n", xml(lang)));
    }
    for subject in &meta.subjects {
        match subject_code(subject) {
            Some(code) => out.push_str(&format!("    <subject qcode=\"subj:{code}\"/>\n")),
            None => out.push_str(&format!(
                "    <keyword>{}</keyword>\n",
                xml(&one_line(subject))
            )),
        }
    }
    if let Some(slug) = meta.slug.as_deref().map(one_line).filter(|s| !s.is_empty()) {
        out.push_str(&format!("    <slugline>{}</slugline>\n", xml(&slug)));
    }
    out.push_str(&format!(
        "    <headline>{}</headline>\n",
        xml(&parts.headline)
    ));
    if let Some(dateline) = &parts.dateline {
        out.push_str(&format!("    <dateline>{}</dateline>\n", xml(dateline)));
    }
    if let Some(byline) = &parts.byline {
        out.push_str(&format!("    <by>{}</by>\n", xml(byline)));
    }
    if let Some(credit) = &parts.credit {
        out.push_str(&format!("    <creditline>{}</creditline>\n", xml(credit)));
    }
    out.push_str("  </contentMeta>\n  <contentSet>\n");
    out.push_str("    <inlineXML contenttype=\"application/nitf+xml\">\n");
    out.push_str(&format!("      <nitf xmlns=\"{NITF_NS}\">\n"));
    out.push_str(&nitf_body(&parts, false, "        "));
    out.push_str("      </nitf>\n    </inlineXML>\n  </contentSet>\n</newsItem>\n");
    out
}

/// ninjs 2.2 JSON.
pub fn ninjs(story: &ExportStory<'_>) -> String {
    let meta = &story.meta;
    let parts = parts(story);
    let mut doc = Map::new();
    doc.insert("uri".into(), json!(item_uri(story.story_id)));
    doc.insert(
        "standard".into(),
        json!({"name": "ninjs", "version": NINJS_VERSION, "schema": NINJS_SCHEMA}),
    );
    doc.insert("type".into(), json!("text"));
    doc.insert("version".into(), json!(story.revision_id.to_string()));
    doc.insert("firstcreated".into(), json!(meta.first_created));
    doc.insert("versioncreated".into(), json!(meta.version_created));
    if let Some(created) = &meta.agency_created {
        doc.insert("contentcreated".into(), json!(created));
    }
    doc.insert("pubstatus".into(), json!("usable"));
    if let Some(urgency) = meta.urgency {
        doc.insert("urgency".into(), json!(urgency));
    }
    doc.insert("copyrightholder".into(), json!(one_line(meta.holder())));
    if let Some(lang) = &meta.language {
        doc.insert("language".into(), json!(lang));
    }
    if let Some(slug) = meta.slug.as_deref().map(one_line).filter(|s| !s.is_empty()) {
        doc.insert("slugline".into(), json!(slug));
    }
    doc.insert(
        "headlines".into(),
        json!([{"role": "main", "contenttype": "text/plain", "value": parts.headline}]),
    );
    if let Some(byline) = &parts.byline {
        doc.insert("by".into(), json!(byline));
    }
    if let Some(dateline) = &parts.dateline {
        doc.insert("located".into(), json!(dateline));
    }
    let text = parts.body.join("\n\n");
    let words = text.split_whitespace().count();
    doc.insert(
        "bodies".into(),
        json!([{
            "role": "main",
            "contenttype": "text/plain",
            "charcount": text.chars().count(),
            "wordcount": words,
            "value": text,
        }]),
    );
    if let Some(credit) = &parts.credit {
        doc.insert(
            "descriptions".into(),
            json!([{"role": "creditline", "contenttype": "text/plain", "value": credit}]),
        );
    }
    if !meta.subjects.is_empty() {
        let subjects: Vec<Value> = meta
            .subjects
            .iter()
            .map(|s| match subject_code(s) {
                Some(code) => json!({
                    "uri": format!("http://cv.iptc.org/newscodes/subjectcode/{code}"),
                    "literal": code,
                }),
                None => json!({"name": one_line(s)}),
            })
            .collect();
        doc.insert("subjects".into(), Value::Array(subjects));
    }
    let mut altids = vec![json!({
        "role": "wiredesk-revision",
        "value": revision_uri(story.story_id, story.revision_id),
    })];
    if let Some(guid) = &meta.agency_guid {
        altids.push(json!({"role": "agency-guid", "value": one_line(guid)}));
    }
    if let Some(version) = meta.agency_version {
        altids.push(json!({"role": "agency-version", "value": version.to_string()}));
    }
    doc.insert("altids".into(), Value::Array(altids));
    let mut sources = vec![json!({"name": one_line(meta.holder()), "role": "originator"})];
    if let Some(outlet) = meta.distributor() {
        sources.push(json!({"name": one_line(outlet), "role": "publisher"}));
    }
    doc.insert("infosources".into(), Value::Array(sources));
    String::from_utf8(super::json::to_inert_json(&Value::Object(doc))).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_is_escaped_and_carries_only_xml_characters() {
        assert_eq!(
            xml("a<b>&\"c'\u{1}\u{FFFF}d"),
            "a&lt;b&gt;&amp;&quot;c&#39;d"
        );
    }

    #[test]
    fn subject_codes_are_told_from_names() {
        assert_eq!(subject_code("04000000"), Some("04000000"));
        assert_eq!(subject_code("subj:15000000"), Some("15000000"));
        assert_eq!(subject_code("transport"), None);
        assert_eq!(subject_code("0400000"), None);
    }

    #[test]
    fn nitf_dates_are_normalised() {
        assert_eq!(nitf_norm("2026-11-27T19:05:15.123Z"), "20261127T190515Z");
    }
}
