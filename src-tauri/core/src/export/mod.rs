//! Exporting a story for the publishing system (PRODUCT.md §8). Pure
//! renderers: a revision's text in, the bytes of a document out. Wire text
//! is never markup: every format escapes it, and control characters are
//! dropped.

use serde::Serialize;

pub mod claim_review;
pub mod iptc;
pub mod json;
pub mod meta;

pub use meta::StoryMeta;

/// Formats the desk exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Txt,
    Md,
    Html,
    /// NITF 3.6.
    Nitf,
    /// A NewsML-G2 newsItem with the NITF body inline.
    Newsml,
    /// ninjs 2.2 JSON.
    Ninjs,
    /// The fact-check report.
    ReportHtml,
    ReportCsv,
    ReportJson,
    /// schema.org ClaimReview JSON-LD for the claims that reached a verdict.
    ClaimReview,
}

impl ExportFormat {
    pub fn parse(name: &str) -> Option<ExportFormat> {
        Some(match name {
            "txt" => ExportFormat::Txt,
            "md" => ExportFormat::Md,
            "html" => ExportFormat::Html,
            "nitf" => ExportFormat::Nitf,
            "newsml" => ExportFormat::Newsml,
            "ninjs" => ExportFormat::Ninjs,
            "report-html" => ExportFormat::ReportHtml,
            "report-csv" => ExportFormat::ReportCsv,
            "report-json" => ExportFormat::ReportJson,
            "claimreview" => ExportFormat::ClaimReview,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Txt => "txt",
            ExportFormat::Md => "md",
            ExportFormat::Html => "html",
            ExportFormat::Nitf => "nitf",
            ExportFormat::Newsml => "newsml",
            ExportFormat::Ninjs => "ninjs",
            ExportFormat::ReportHtml => "report-html",
            ExportFormat::ReportCsv => "report-csv",
            ExportFormat::ReportJson => "report-json",
            ExportFormat::ClaimReview => "claimreview",
        }
    }

    /// Every format, in the order the desk is offered them.
    pub const ALL: [ExportFormat; 10] = [
        ExportFormat::Txt,
        ExportFormat::Md,
        ExportFormat::Html,
        ExportFormat::Nitf,
        ExportFormat::Newsml,
        ExportFormat::Ninjs,
        ExportFormat::ReportHtml,
        ExportFormat::ReportCsv,
        ExportFormat::ReportJson,
        ExportFormat::ClaimReview,
    ];

    /// Publishing formats pass the gate; reports and ClaimReview never need to.
    pub fn is_publishing(self) -> bool {
        matches!(
            self,
            ExportFormat::Txt
                | ExportFormat::Md
                | ExportFormat::Html
                | ExportFormat::Nitf
                | ExportFormat::Newsml
                | ExportFormat::Ninjs
        )
    }

    /// The file name extension a document of this format gets.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Txt => "txt",
            ExportFormat::Md => "md",
            ExportFormat::Html | ExportFormat::ReportHtml => "html",
            ExportFormat::Nitf | ExportFormat::Newsml => "xml",
            ExportFormat::Ninjs | ExportFormat::ReportJson | ExportFormat::ClaimReview => "json",
            ExportFormat::ReportCsv => "csv",
        }
    }
}

/// "flood-cuts-off-valley-r12-nitf.xml": up to six words of the headline
/// (letters and digits only, so nothing in it can name another folder), the
/// revision, the kind of document and its extension.
pub fn file_name(story_id: i64, revision_id: i64, headline: &str, format: ExportFormat) -> String {
    let words: Vec<String> = headline
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
        .map(str::to_lowercase)
        .collect();
    let stem = if words.is_empty() {
        format!("story-{story_id}")
    } else {
        words.join("-")
    };
    let kind = match format {
        ExportFormat::ReportHtml | ExportFormat::ReportCsv | ExportFormat::ReportJson => "-report",
        ExportFormat::ClaimReview => "-claimreview",
        ExportFormat::Newsml => "-newsml",
        ExportFormat::Nitf => "-nitf",
        _ => "",
    };
    format!("{stem}-r{revision_id}{kind}.{}", format.extension())
}

/// One claim in the fact-check report.
#[derive(Debug, Clone, Serialize)]
pub struct ReportClaim {
    pub id: crate::ClaimId,
    pub kind: crate::ClaimKind,
    pub text: String,
    /// The sentence of the story the claim is in.
    pub sentence: String,
    /// Unicode scalar offsets into the story's current body.
    pub start: i64,
    pub end: i64,
    pub value: Option<String>,
    pub speaker: Option<String>,
    pub status: crate::ClaimStatus,
    pub origin: String,
    pub checker: Option<String>,
    pub dismissed: bool,
    pub detached: bool,
    pub notes: Vec<String>,
    pub evidence: Vec<String>,
    /// "4 changes, last: status checking → verified by lee at …".
    pub history: String,
}

/// The fact-check report of a story: every claim and what checking found.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub story_id: i64,
    pub revision_id: i64,
    pub headline: String,
    pub source: String,
    pub generated_at: String,
    pub generated_by: String,
    pub claims: Vec<ReportClaim>,
    pub integrity: Vec<crate::model::IntegrityFinding>,
}

/// A CSV cell: quoted when needed, and never read as a formula.
fn csv_cell(text: &str) -> String {
    let text = inert(text).replace('\n', " ");
    let text = if text.starts_with(['=', '+', '-', '@', '\t']) {
        format!("'{text}")
    } else {
        text
    };
    if text.contains([',', '"', ';']) || text.starts_with(' ') {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// The fact-check report in one of the report formats.
pub fn render_report(format: ExportFormat, report: &Report) -> Vec<u8> {
    match format {
        ExportFormat::ReportJson => json::to_inert_json(report),
        ExportFormat::ReportCsv => {
            let mut csv = String::from(
                "id,kind,text,value,speaker,status,checker,origin,dismissed,detached,notes,evidence,history\n",
            );
            for c in &report.claims {
                let cells = [
                    c.id.to_string(),
                    c.kind.as_str().to_owned(),
                    c.text.clone(),
                    c.value.clone().unwrap_or_default(),
                    c.speaker.clone().unwrap_or_default(),
                    c.status.as_str().to_owned(),
                    c.checker.clone().unwrap_or_default(),
                    c.origin.clone(),
                    c.dismissed.to_string(),
                    c.detached.to_string(),
                    c.notes.join(" | "),
                    c.evidence.join(" | "),
                    c.history.clone(),
                ];
                let row: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
                csv.push_str(&row.join(","));
                csv.push('\n');
            }
            csv.into_bytes()
        }
        _ => {
            let mut html =
                String::from("<!doctype html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n");
            html.push_str(&format!(
                "<title>Fact-check report: {}</title>\n</head>\n<body>\n",
                escape_html(&one_line(&report.headline))
            ));
            html.push_str(&format!(
                "<h1>Fact-check report</h1>\n<p>{} · story {} revision {} · {} by {}</p>\n",
                escape_html(&one_line(&report.headline)),
                report.story_id,
                report.revision_id,
                escape_html(&report.generated_at),
                escape_html(&report.generated_by)
            ));
            html.push_str("<table>\n<tr><th>Claim</th><th>Kind</th><th>Value</th><th>Status</th><th>Checker</th><th>Notes</th><th>Evidence</th><th>History</th></tr>\n");
            for c in &report.claims {
                let mut flags = Vec::new();
                if c.dismissed {
                    flags.push("dismissed");
                }
                if c.detached {
                    flags.push("detached");
                }
                html.push_str(&format!(
                    "<tr id=\"claim-{}\"><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                    c.id,
                    escape_html(&one_line(&c.text)),
                    if flags.is_empty() { String::new() } else { format!(" ({})", flags.join(", ")) },
                    escape_html(c.kind.as_str()),
                    escape_html(c.value.as_deref().unwrap_or("")),
                    escape_html(c.status.as_str()),
                    escape_html(c.checker.as_deref().unwrap_or("")),
                    escape_html(&c.notes.join("; ")),
                    escape_html(&c.evidence.join("; ")),
                    escape_html(&c.history),
                ));
            }
            html.push_str("</table>\n");
            if !report.integrity.is_empty() {
                html.push_str("<h2>Against the wire copy</h2>\n<ul>\n");
                for f in &report.integrity {
                    html.push_str(&format!("<li>{}</li>\n", escape_html(&f.message)));
                }
                html.push_str("</ul>\n");
            }
            html.push_str("</body>\n</html>\n");
            html.into_bytes()
        }
    }
}

/// The text of the revision being exported.
#[derive(Debug, Clone)]
pub struct ExportStory<'a> {
    pub story_id: i64,
    pub revision_id: i64,
    pub headline: &'a str,
    pub dateline: Option<&'a str>,
    pub byline: Option<&'a str>,
    pub credit: Option<&'a str>,
    /// Paragraphs separated by a blank line.
    pub body: &'a str,
    pub source: &'a str,
    /// What the IPTC formats carry besides the text.
    pub meta: StoryMeta,
}

/// Text without control characters (tabs and line ends stay) and without
/// the two non-characters XML cannot carry.
pub(crate) fn inert(text: &str) -> String {
    text.chars()
        .filter(|c| {
            (!c.is_control() || matches!(c, '\n' | '\t')) && !matches!(c, '\u{FFFE}' | '\u{FFFF}')
        })
        .collect()
}

pub(crate) fn paragraphs(body: &str) -> Vec<String> {
    body.split("\n\n")
        .map(|p| inert(p).split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

pub(crate) fn one_line(text: &str) -> String {
    inert(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Markup-safe text: escaped, and without control characters, so that
/// every field of every document is inert whatever the copy held.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in inert(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// Markdown punctuation escaped, so wire text never becomes markup.
fn escape_md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '{'
                | '}'
                | '['
                | ']'
                | '<'
                | '>'
                | '('
                | ')'
                | '#'
                | '+'
                | '-'
                | '!'
                | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The exported document of a publishing format.
pub fn render(format: ExportFormat, story: &ExportStory<'_>) -> Vec<u8> {
    let headline = one_line(story.headline);
    let dateline = story.dateline.map(one_line).filter(|d| !d.is_empty());
    let byline = story.byline.map(one_line).filter(|b| !b.is_empty());
    let credit = story.credit.map(one_line).filter(|c| !c.is_empty());
    let body = paragraphs(story.body);
    let text = match format {
        ExportFormat::Txt => {
            let mut parts = vec![headline];
            parts.extend(byline);
            parts.extend(dateline);
            parts.extend(body);
            parts.extend(credit);
            parts.join("\n\n") + "\n"
        }
        ExportFormat::Md => {
            let mut parts = vec![format!("# {}", escape_md(&headline))];
            let facts: Vec<String> = [byline, dateline]
                .into_iter()
                .flatten()
                .map(|f| escape_md(&f))
                .collect();
            if !facts.is_empty() {
                parts.push(format!("*{}*", facts.join(" · ")));
            }
            parts.extend(body.iter().map(|p| escape_md(p)));
            parts.extend(credit.map(|c| format!("*{}*", escape_md(&c))));
            parts.join("\n\n") + "\n"
        }
        ExportFormat::Nitf => iptc::nitf(story),
        ExportFormat::Newsml => iptc::newsml(story),
        ExportFormat::Ninjs => iptc::ninjs(story),
        // HTML; the report formats are rendered by `render_report`.
        _ => {
            let mut html =
                String::from("<!doctype html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n");
            html.push_str(&format!(
                "<meta name=\"generator\" content=\"Wiredesk story {} revision {}\">\n",
                story.story_id, story.revision_id
            ));
            html.push_str(&format!("<title>{}</title>\n", escape_html(&headline)));
            html.push_str("</head>\n<body>\n<article>\n");
            html.push_str(&format!("<h1>{}</h1>\n", escape_html(&headline)));
            if let Some(byline) = &byline {
                html.push_str(&format!(
                    "<p class=\"byline\">{}</p>\n",
                    escape_html(byline)
                ));
            }
            if let Some(dateline) = &dateline {
                html.push_str(&format!(
                    "<p class=\"dateline\">{}</p>\n",
                    escape_html(dateline)
                ));
            }
            for paragraph in &body {
                html.push_str(&format!("<p>{}</p>\n", escape_html(paragraph)));
            }
            if let Some(credit) = &credit {
                html.push_str(&format!(
                    "<p class=\"credit\">{}</p>\n",
                    escape_html(credit)
                ));
            }
            html.push_str(&format!(
                "<footer>{}</footer>\n</article>\n</body>\n</html>\n",
                escape_html(story.source)
            ));
            html
        }
    };
    text.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story<'a>(headline: &'a str, body: &'a str) -> ExportStory<'a> {
        ExportStory {
            story_id: 7,
            revision_id: 12,
            headline,
            dateline: Some("OSLEN"),
            byline: Some("By Ivo Dane"),
            credit: Some("(Reporting by Ivo Dane; Editing by Ana Reis)"),
            body,
            source: "Meridian Wire",
            meta: StoryMeta::default(),
        }
    }

    #[test]
    fn text_and_markdown_carry_every_part() {
        let s = story(
            "Bridge reopens",
            "The bridge reopened.\n\nTraffic is light.",
        );
        let txt = String::from_utf8(render(ExportFormat::Txt, &s)).unwrap();
        assert_eq!(
            txt,
            "Bridge reopens\n\nBy Ivo Dane\n\nOSLEN\n\nThe bridge reopened.\n\nTraffic is light.\n\n\
             (Reporting by Ivo Dane; Editing by Ana Reis)\n"
        );
        let md = String::from_utf8(render(ExportFormat::Md, &s)).unwrap();
        assert!(
            md.starts_with("# Bridge reopens\n\n*By Ivo Dane · OSLEN*\n\n"),
            "{md}"
        );
        assert!(
            md.ends_with("*\\(Reporting by Ivo Dane; Editing by Ana Reis\\)*\n"),
            "{md}"
        );
    }

    #[test]
    fn hostile_copy_exports_inert() {
        let headline = format!("<script>alert(1)</script> {}", "x".repeat(10_000));
        let s = story(
            &headline,
            "A <b>bold</b> claim & a \u{7}bell.\n\n# not a heading [link](javascript:x)",
        );
        let html = String::from_utf8(render(ExportFormat::Html, &s)).unwrap();
        assert!(
            !html.contains("<script>") && !html.contains("<b>"),
            "markup is text"
        );
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("A &lt;b&gt;bold&lt;/b&gt; claim &amp; a bell."));
        assert!(!html.contains('\u{7}'));
        let md = String::from_utf8(render(ExportFormat::Md, &s)).unwrap();
        assert!(
            md.contains("\\# not a heading \\[link\\]\\(javascript:x\\)"),
            "{md}"
        );
        assert!(md.contains("\\<script\\>"));
    }
}
