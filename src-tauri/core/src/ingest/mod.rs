//! Ingest: received bytes in, a parsed story out. Pure: no database here.
//!
//! The stages are detect → decode → parse → clean. Formats are detected by
//! content, never by file name. Known so far: plain text, NITF, ninjs,
//! NewsML-G2 news items, NewsML 1.x, ANPA-1312 and IPTC 7901; the other
//! structured wire formats plug in behind [`parse`] and are refused with a
//! clear error until then.

mod agency;
mod anpa;
mod attribution;
mod clean;
pub mod controls;
mod copy_date;
mod dateline;
mod decode;
mod feed;
#[cfg(test)]
mod fuzz;
mod html_text;
mod iptc7901;
mod newsml1;
mod newsml_g2;
mod ninjs;
mod nitf;
mod plain;
mod wire_envelope;
mod xml;

use std::{fs, io::Read, path::Path};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::IngestError;

pub use attribution::PUBLISHER_KEY;
pub use copy_date::{complete_year, CopyDate, COPY_DATE_KEY};
pub(crate) use dateline::read as read_dateline;
pub use dateline::MonthDay;
pub use decode::{decode, Decoded};

/// Largest file accepted as one piece of wire copy: 32 MiB. Real stories are
/// kilobytes and a NewsML-G2 message with many items a few megabytes; anything
/// bigger is a mistake (a video, a database dump) and is refused before it is read.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;
/// The longest headline taken, in characters: a "headline" longer than this
/// is a whole story on one line, or junk.
pub const MAX_HEADLINE_CHARS: usize = 1_000;
/// The longest paragraph taken, in characters (some 16,000 words).
pub const MAX_PARAGRAPH_CHARS: usize = 100_000;
/// The deepest nesting of XML elements or JSON values taken. Real wire
/// copy nests a few dozen deep; hostile copy nests to exhaust the reader.
pub const MAX_NESTING: usize = 128;

/// The wire format of a feed copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text, as web syndication delivers it.
    Text,
    /// IPTC NITF 3.x.
    Nitf,
    /// IPTC ninjs 1.x–3.x (JSON).
    Ninjs,
    /// IPTC NewsML-G2 (a news item, or a news message carrying one).
    NewsMlG2,
    /// IPTC NewsML 1.x.
    NewsMl1,
    /// RSS 2.0 (one story per item).
    Rss,
    /// Atom (one story per entry).
    Atom,
    /// ANPA-1312 (AP's transmission format).
    Anpa1312,
    /// IPTC 7901 (the agencies' transmission format).
    Iptc7901,
}

impl Format {
    pub fn code(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Nitf => "nitf",
            Format::Ninjs => "ninjs",
            Format::NewsMlG2 => "newsml-g2",
            Format::NewsMl1 => "newsml-1",
            Format::Rss => "rss",
            Format::Atom => "atom",
            Format::Anpa1312 => "anpa-1312",
            Format::Iptc7901 => "iptc-7901",
        }
    }
}

/// The agency or feed a copy came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    pub code: String,
    pub name: String,
}

impl SourceRef {
    /// The source of copy that names no agency.
    pub fn unknown() -> SourceRef {
        SourceRef {
            code: "unknown".into(),
            name: "Unknown source".into(),
        }
    }
}

/// A passage the cleaner took out of the received copy: furniture, a
/// caption, a credit glued to a paragraph. Nothing leaves the copy without
/// one of these, so every removal can be shown and put back. Kept in the
/// wire revision's metadata under [`REMOVED_KEY`], in copy order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    /// The rule that removed it: "navigation", "photo-caption", …
    pub rule: String,
    /// The text removed, white space folded, as it stood in the copy.
    pub text: String,
    /// Where it stood: the number of body paragraphs before it. A passage
    /// cut from inside a paragraph names that paragraph's index.
    pub position: usize,
    /// For a passage cut from inside paragraph `position` (a trailing
    /// "(ANI)", a caption run into the lead): the character offset in that
    /// paragraph where it stood. `None` for a line or paragraph of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within: Option<usize>,
    /// More about why, where the rule has it ("seen in 12 other stories").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// The metadata key of a wire revision's removals.
pub const REMOVED_KEY: &str = "removed";

/// A story parsed from one feed copy.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedCopy {
    pub format: Format,
    pub encoding: &'static str,
    pub source: SourceRef,
    pub guid: Option<String>,
    pub slug: Option<String>,
    pub headline: String,
    pub dateline: Option<String>,
    pub byline: Option<String>,
    pub credit: Option<String>,
    /// Paragraphs separated by one blank line.
    pub body: String,
    pub metadata: Value,
}

impl ParsedCopy {
    /// A hash of the story's words: headline and body with white space
    /// folded, so a re-send with other whitespace or another wrapper matches.
    /// A kill is never the same as the story it kills.
    pub fn content_sha256(&self) -> String {
        use sha2::{Digest, Sha256};
        let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let kill = if self.is_kill() { "\nkill" } else { "" };
        let text = format!("{}\n{}{kill}", fold(&self.headline), fold(&self.body));
        format!("{:x}", Sha256::digest(text.as_bytes()))
    }

    /// Whether the agency withdrew the story (NewsML-G2 `stat:canceled`,
    /// ninjs `pubstatus: canceled`, a "KILL" or "ELIMINATION" marker on
    /// ANPA and IPTC 7901 copy).
    pub fn is_kill(&self) -> bool {
        self.kill_reason().is_some()
    }

    /// Why the copy kills its story, in the agency's words where it has them.
    pub fn kill_reason(&self) -> Option<String> {
        let field = |key: &str| self.metadata.get(key).and_then(Value::as_str);
        let status = ["pub_status", "pubstatus"]
            .into_iter()
            .find_map(|key| field(key).filter(|s| s.to_ascii_lowercase().contains("cancel")))
            .map(|s| format!("publication status {s}"));
        let marker = field("version_marker")
            .filter(|m| {
                let m = m.to_ascii_uppercase();
                ["KILL", "ELIMINATION", "WITHDRAW"]
                    .iter()
                    .any(|word| m.contains(word))
            })
            .map(|m| format!("marked {m}"));
        let reason = status.or(marker)?;
        let notes = self.metadata.get("editor_notes").and_then(Value::as_array);
        let note = field("ed_note").or_else(|| {
            notes?
                .iter()
                .filter_map(Value::as_str)
                .find(|n| n.starts_with("Eds:") || n.starts_with("(Eds:"))
        });
        Some(match note {
            Some(note) if !note.trim().is_empty() => format!("{reason}: {}", note.trim()),
            _ => reason,
        })
    }

    /// What cleaning removed from the copy, in copy order.
    pub fn removals(&self) -> Vec<Removal> {
        removals_in(&self.metadata)
    }

    /// Records what cleaning removed (replacing any list already there).
    pub fn set_removals(&mut self, removals: &[Removal]) {
        if let Value::Object(map) = &mut self.metadata {
            if removals.is_empty() {
                map.remove(REMOVED_KEY);
            } else if let Ok(list) = serde_json::to_value(removals) {
                map.insert(REMOVED_KEY.into(), list);
            }
        }
    }

    /// The copy's own date, as [`COPY_DATE_KEY`] records it.
    pub fn copy_date(&self) -> Option<&str> {
        self.metadata.get(COPY_DATE_KEY).and_then(Value::as_str)
    }

    /// Gives a copy date without a year ("--05-14") the year it was
    /// received in, when the two are within days ([`complete_year`]).
    pub fn date_received(&mut self, received: time::Date) {
        let Some(date) = self.copy_date().filter(|d| d.starts_with("--")) else {
            return;
        };
        let completed = complete_year(date, received);
        if let Value::Object(map) = &mut self.metadata {
            map.insert(COPY_DATE_KEY.into(), Value::String(completed));
        }
    }

    /// The agency's own version number, where the copy carries one: the
    /// NewsML-G2 or ninjs version, or the N+1 of an "Nth Ld-Writethru".
    pub fn agency_version(&self) -> Option<i64> {
        let field = |key: &str| self.metadata.get(key).and_then(Value::as_str);
        if let Some(version) = field("version").and_then(|v| v.trim().parse::<i64>().ok()) {
            return Some(version);
        }
        let marker = field("version_marker")?.to_ascii_lowercase();
        let lead = marker.find("ld").or_else(|| marker.find("lead"))?;
        let ordinal: String = marker[..lead]
            .trim_end()
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()?
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        ordinal.parse::<i64>().ok().map(|n| n + 1)
    }
}

/// The removals recorded in a wire revision's metadata; none when the
/// copy had nothing removed (or predates the record).
pub fn removals_in(metadata: &Value) -> Vec<Removal> {
    metadata
        .get(REMOVED_KEY)
        .and_then(|list| serde_json::from_value(list.clone()).ok())
        .unwrap_or_default()
}

/// Paragraphs of a plain-text body carried inside a structured format:
/// blocks separated by blank lines, or single lines when the text has no
/// blank line at all. White space folded, empty paragraphs left out.
pub(crate) fn plain_paragraphs(text: &str) -> Vec<String> {
    let blocks: Vec<&str> = if text.contains("\n\n") {
        text.split("\n\n").collect()
    } else {
        text.lines().collect()
    };
    blocks
        .into_iter()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Reads one file for ingest, refusing what cannot be wire copy before
/// reading more than the size limit.
pub fn read_file(path: &Path) -> Result<Vec<u8>, IngestError> {
    // Asked before opening: opening a pipe would wait for a writer.
    if !fs::metadata(path)?.is_file() {
        return Err(IngestError::NotAFile);
    }
    read_open_file(fs::File::open(path)?)
}

/// Reads a text file a person gives (an edit to save): a file or a pipe,
/// at most [`MAX_FILE_BYTES`], decoded as copy is (a byte-order mark,
/// UTF-16 without one, UTF-8, else Windows-1252); a folder, a device or
/// a binary file is refused saying so. An empty file is empty text.
pub fn read_text_file(path: &Path) -> Result<String, IngestError> {
    let meta = fs::metadata(path)?;
    if meta.is_dir() {
        return Err(IngestError::NotText("it is a folder".to_owned()));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        let kind = meta.file_type();
        if kind.is_block_device() || kind.is_char_device() || kind.is_socket() {
            return Err(IngestError::NotAFile);
        }
    }
    if meta.is_file() && meta.len() > MAX_FILE_BYTES {
        return Err(IngestError::TooLarge {
            size: meta.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let mut bytes = Vec::new();
    // A pipe has no length: read one byte past the limit to know.
    fs::File::open(path)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(IngestError::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    if bytes.is_empty() {
        return Ok(String::new());
    }
    Ok(decode::decode_typed(&bytes)?.text)
}

/// Reads a file found in a watched drop folder: as [`read_file`], but a
/// symbolic link is never followed (one could point anywhere, and could
/// have replaced the file since the folder was listed): the file is opened
/// with `O_NOFOLLOW` and checked as opened, so nothing can be swapped in
/// between the check and the read.
pub fn read_dropped_file(path: &Path) -> Result<Vec<u8>, IngestError> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        // Also O_NONBLOCK: opening a pipe must not wait for a writer.
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = match options.open(path) {
        Ok(file) => file,
        Err(err) if refused_link(&err) => {
            return Err(IngestError::NotFollowed(
                "a symbolic link in a watched folder",
            ))
        }
        Err(err) => return Err(IngestError::Read(err)),
    };
    read_open_file(file)
}

/// Whether opening failed because the path is a link and O_NOFOLLOW was set.
fn refused_link(err: &std::io::Error) -> bool {
    #[cfg(unix)]
    return err.raw_os_error() == Some(libc::ELOOP);
    #[cfg(not(unix))]
    return false;
}

/// Reads an opened file, refusing what is not a regular file or is over
/// the size limit before reading more than the limit.
fn read_open_file(file: fs::File) -> Result<Vec<u8>, IngestError> {
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(IngestError::NotAFile);
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(IngestError::TooLarge {
            size: meta.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // Read at most one byte past the limit, in case the file grew meanwhile.
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    check_size(&bytes)?;
    Ok(bytes)
}

fn check_size(bytes: &[u8]) -> Result<(), IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Empty);
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(IngestError::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    Ok(())
}

/// Root elements of the XML wire formats.
const WIRE_XML_ROOTS: &[&str] = &[
    "nitf",
    "newsItem",
    "packageItem",
    "newsMessage",
    "knowledgeItem",
    "conceptItem",
    "NewsML",
    "rss",
    "feed",
    "RDF",
];

/// Detects, decodes and parses received bytes that carry one story.
/// A copy carrying several (a feed, a news message) is refused here: use
/// [`parse_items`].
pub fn parse(bytes: &[u8]) -> Result<ParsedCopy, IngestError> {
    let mut items = parse_items(bytes)?;
    match items.len() {
        1 => Ok(items.remove(0)),
        n => Err(IngestError::Unsupported(format!(
            "a copy carrying {n} stories where one was expected"
        ))),
    }
}

/// Detects, decodes and parses received bytes into the stories they carry:
/// one for most copy, one per item for feeds and news messages.
pub fn parse_items(bytes: &[u8]) -> Result<Vec<ParsedCopy>, IngestError> {
    let mut items = parse_items_unchecked(bytes)?;
    for item in &mut items {
        drop_stray_controls(item);
        attribution::record_copy_date(item);
        if item.headline.is_empty() {
            return Err(IngestError::NoHeadline);
        }
        check_lengths(item)?;
    }
    Ok(items)
}

/// How deep arrays and objects nest in JSON text (brackets inside strings
/// do not count). One pass over the bytes, nothing kept.
fn json_nesting(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for &b in text.as_bytes() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// Control characters left in the text after parsing (a stray SUB or DLE
/// in otherwise good copy: line noise, a damaged transmission) are dropped:
/// they mean nothing to a reader and make exported XML invalid. Line breaks
/// stay; a tab is a space.
fn drop_stray_controls(copy: &mut ParsedCopy) {
    let fold = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    if controls::has_controls(&copy.headline) {
        copy.headline = controls::one_line(&copy.headline);
    }
    if controls::has_controls(&copy.body) {
        // A paragraph may have held nothing else: the blank-line rule holds after.
        copy.body = controls::without_controls(&copy.body)
            .split("\n\n")
            .map(fold)
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
    }
    for field in [&mut copy.dateline, &mut copy.byline, &mut copy.credit] {
        if let Some(text) = field.as_mut().filter(|t| controls::has_controls(t)) {
            *text = controls::one_line(text);
        }
    }
}

/// A headline or paragraph over its limit is refused, saying which.
fn check_lengths(copy: &ParsedCopy) -> Result<(), IngestError> {
    check_text_lengths(&copy.headline, &copy.body)
}

/// The limits wire copy is held to, for any headline and body that enter
/// the library (an edit, a merge): the headline, each paragraph, and the
/// whole text against the size limit of one file.
pub fn check_text_lengths(headline: &str, body: &str) -> Result<(), IngestError> {
    let total = (headline.len() + body.len()) as u64;
    if total > MAX_FILE_BYTES {
        return Err(IngestError::TooLarge {
            size: total,
            limit: MAX_FILE_BYTES,
        });
    }
    let headline = headline.chars().count();
    if headline > MAX_HEADLINE_CHARS {
        return Err(IngestError::TooLong {
            what: "headline",
            length: headline,
            limit: MAX_HEADLINE_CHARS,
        });
    }
    for paragraph in body.split("\n\n") {
        // Bytes bound characters from above: count only when it could matter.
        if paragraph.len() > MAX_PARAGRAPH_CHARS {
            let length = paragraph.chars().count();
            if length > MAX_PARAGRAPH_CHARS {
                return Err(IngestError::TooLong {
                    what: "longest paragraph",
                    length,
                    limit: MAX_PARAGRAPH_CHARS,
                });
            }
        }
    }
    Ok(())
}

fn parse_items_unchecked(bytes: &[u8]) -> Result<Vec<ParsedCopy>, IngestError> {
    check_size(bytes)?;
    let decoded = decode(bytes)?;
    let one = |copy: Result<ParsedCopy, IngestError>| copy.map(|c| vec![c]);
    if wire_envelope::is_transmission(&decoded.text) {
        return one(if anpa::is_anpa(&decoded.text) {
            anpa::parse(&decoded.text, decoded.encoding)
        } else {
            iptc7901::parse(&decoded.text, decoded.encoding)
        });
    }
    let start = decoded.text.trim_start();
    if start.starts_with('<') {
        let root = xml::root_name(&decoded.text);
        let is_wire_xml = root.as_deref().is_some_and(|r| WIRE_XML_ROOTS.contains(&r));
        if is_wire_xml || start.starts_with("<?xml") || xml::is_document(&decoded.text) {
            // Decode again, now honouring the charset the document declares.
            let decoded = xml::decode(bytes)?;
            xml::check_nesting(&decoded.text, MAX_NESTING)?;
            return match root.as_deref() {
                Some("nitf") => one(nitf::parse(&decoded.text, decoded.encoding)),
                Some("newsItem" | "newsMessage" | "packageItem" | "contentSet") => {
                    newsml_g2::parse(&decoded.text, decoded.encoding)
                }
                Some("NewsML") => one(newsml1::parse(&decoded.text, decoded.encoding)),
                Some("rss" | "feed" | "RDF") => feed::parse(&decoded.text, decoded.encoding),
                Some(root) => Err(IngestError::Unsupported(format!(
                    "XML whose root element is <{root}>"
                ))),
                None => Err(IngestError::Malformed {
                    format: "XML",
                    reason: "no root element (empty or truncated document)".into(),
                }),
            };
        }
    }
    if start.starts_with('{') {
        // Nesting is counted first, so the limit is exactly MAX_NESTING
        // (serde_json's own stops one level short of its 128); within it
        // the parser needs no limit of its own.
        if json_nesting(&decoded.text) > MAX_NESTING {
            return Err(IngestError::TooDeep {
                format: "JSON",
                limit: MAX_NESTING,
            });
        }
        let mut reader = serde_json::Deserializer::from_str(&decoded.text);
        reader.disable_recursion_limit();
        let parsed = <serde_json::Value as serde::Deserialize>::deserialize(&mut reader)
            .and_then(|value| reader.end().map(|()| value));
        if let Ok(serde_json::Value::Object(object)) = parsed {
            return if ninjs::is_ninjs(&object) {
                one(ninjs::parse(&object, decoded.encoding))
            } else {
                Err(IngestError::Unsupported(
                    "JSON that is not ninjs (no uri or guid with a headline or body)".into(),
                ))
            };
        }
    }
    one(plain::parse(&decoded.text, decoded.encoding))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy_with(metadata: Value) -> ParsedCopy {
        ParsedCopy {
            format: Format::Anpa1312,
            encoding: "UTF-8",
            source: SourceRef::unknown(),
            guid: None,
            slug: None,
            headline: "Ferry storm".into(),
            dateline: None,
            byline: None,
            credit: None,
            body: String::new(),
            metadata,
        }
    }

    #[test]
    fn the_agency_version_comes_from_the_number_or_the_lead_marker() {
        let version = |m: Value| copy_with(m).agency_version();
        assert_eq!(
            version(serde_json::json!({"version": "1542761538"})),
            Some(1542761538)
        );
        assert_eq!(
            version(serde_json::json!({"version_marker": "1stLd-Writethru"})),
            Some(2)
        );
        assert_eq!(
            version(serde_json::json!({"version_marker": "3rdLd-Writethru"})),
            Some(4)
        );
        assert_eq!(
            version(serde_json::json!({"version_marker": "REFILE 2ND LEAD"})),
            Some(3)
        );
        assert_eq!(
            version(serde_json::json!({"version_marker": "CORRECTED"})),
            None
        );
        assert_eq!(version(serde_json::json!({})), None);
    }

    #[test]
    fn kills_are_recognised_with_their_reason() {
        let reason = |m: Value| copy_with(m).kill_reason();
        assert_eq!(
            reason(
                serde_json::json!({"version_marker": "KILL", "editor_notes": ["Eds: The story is wrong."]})
            ),
            Some("marked KILL: Eds: The story is wrong.".into())
        );
        assert_eq!(
            reason(serde_json::json!({"pubstatus": "canceled"})),
            Some("publication status canceled".into())
        );
        assert!(reason(serde_json::json!({"version_marker": "ELIMINATION"})).is_some());
        assert_eq!(
            reason(serde_json::json!({"version_marker": "1stLd-Writethru"})),
            None
        );
        assert!(!copy_with(serde_json::json!({"pub_status": "stat:usable"})).is_kill());
    }

    #[test]
    fn refuses_empty_and_oversized_files() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.txt");
        fs::write(&empty, b"").unwrap();
        assert!(matches!(read_file(&empty), Err(IngestError::Empty)));

        let huge = dir.path().join("huge.txt");
        let file = fs::File::create(&huge).unwrap();
        file.set_len(MAX_FILE_BYTES + 1).unwrap();
        match read_file(&huge) {
            Err(IngestError::TooLarge { size, limit }) => {
                assert_eq!(size, MAX_FILE_BYTES + 1);
                assert_eq!(limit, MAX_FILE_BYTES);
            }
            other => panic!("expected TooLarge, got {other:?}"),
        }
    }

    #[test]
    fn refuses_a_directory() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(read_file(dir.path()), Err(IngestError::NotAFile)));
    }

    #[test]
    fn detects_the_format_by_content() {
        let nitf = parse(b"\n <nitf><head><title>Storm</title></head></nitf>").unwrap();
        assert_eq!(nitf.format, Format::Nitf);
        // Text that merely starts with markup is still text.
        let text = parse(b"<b>Storm</b> hits coast\nThe storm hit.").unwrap();
        assert_eq!(text.format, Format::Text);
        // Markup in a headline is reduced to its text.
        assert_eq!(text.headline, "Storm hits coast");
        let ninjs = parse(br#"{"uri": "x", "headline": "Storm"}"#).unwrap();
        assert_eq!(ninjs.format, Format::Ninjs);
        let json = parse(br#"{"name": "wiredesk-ui", "version": "0.1.0"}"#).unwrap_err();
        assert!(
            json.to_string().contains("JSON that is not ninjs"),
            "{json}"
        );
        let other = parse(b"<?xml version=\"1.0\"?><catalog><book/></catalog>").unwrap_err();
        assert!(other.to_string().contains("<catalog>"), "{other}");
    }

    #[test]
    fn utf16_copy_without_a_byte_order_mark_is_read_not_refused() {
        let utf16 = |text: &str, big_endian: bool| -> Vec<u8> {
            text.encode_utf16()
                .flat_map(|u| {
                    if big_endian {
                        u.to_be_bytes()
                    } else {
                        u.to_le_bytes()
                    }
                })
                .collect()
        };
        let plain = "Storm hits coast\r\n\r\nHARBOURTON (Reuters) - A storm hit the coast \
            on Monday, cutting power to 4,000 homes.\r\n";
        let story = parse(&utf16(plain, false)).unwrap();
        assert_eq!(story.format, Format::Text);
        assert_eq!(story.encoding, "UTF-16LE");
        assert_eq!(story.headline, "Storm hits coast");
        assert!(story.body.contains("4,000 homes"), "{}", story.body);
        let nitf = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<nitf><head><title>Storm \
            hits coast</title></head><body><body.content><p>A storm hit the coast.</p>\
            </body.content></body></nitf>";
        let story = parse(&utf16(nitf, true)).unwrap();
        assert_eq!(story.format, Format::Nitf);
        assert_eq!(story.encoding, "UTF-16BE");
        assert_eq!(story.headline, "Storm hits coast");
    }

    #[test]
    fn parses_plain_text_copy() {
        let parsed = parse(b"Storm hits coast\n\nHARBOURTON (Reuters) - A storm hit.\n").unwrap();
        assert_eq!(parsed.format, Format::Text);
        assert_eq!(parsed.headline, "Storm hits coast");
        assert_eq!(parsed.body, "HARBOURTON (Reuters) - A storm hit.");
        assert_eq!(parsed.source.code, "reuters");
    }
}

#[cfg(test)]
mod dropped_files {
    #[test]
    fn a_symbolic_link_in_a_watched_folder_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.txt");
        std::fs::write(&target, "Headline\n\nBody.\n").unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let err = super::read_dropped_file(&link).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a symbolic link in a watched folder: not followed"
        );
        assert!(super::read_dropped_file(&target).is_ok());
        // Named directly, outside a watched folder, a link is read.
        assert!(super::read_file(&link).is_ok());
    }
}

#[cfg(test)]
mod fuzz_findings {
    /// Found by the fuzzer: a few stray control characters (too few for the
    /// file to be taken as binary) reached the stored text.
    #[test]
    fn stray_control_characters_do_not_reach_the_text() {
        let mut copy =
            b"Profit jumps 41%\n\nThe maker reported a 41% jump in a compan\x10y-compiled \
            poll. The order book has never been longer. W\x1a\x1c\x12e are adding\tshifts, \
            the chief executive said.\n\n"
                .to_vec();
        copy.extend(b"Demand from wind farm operators stayed strong all year. ".repeat(10));
        let story = super::parse(&copy).unwrap();
        assert!(
            !story.body.chars().any(|c| c.is_control() && c != '\n'),
            "{:?}",
            story.body
        );
        assert!(
            story.body.contains("company-compiled poll"),
            "{}",
            story.body
        );
        assert!(story.body.contains("adding shifts"), "{}", story.body);
    }

    #[test]
    fn terminal_escape_sequences_leave_no_residue() {
        let sentence =
            "Dock workers said forty cranes stood idle on Monday after a dispute over pay. ";
        let copy = format!(
            "Cranes \u{1b}[1;31midle\u{1b}[0m\n\nMERIDIAN (Meridian Wire) - {}\n\nTalks resume on \u{1b}[4mTuesday\u{1b}[0m.\n",
            sentence.repeat(8)
        );
        let story = super::parse(copy.as_bytes()).unwrap();
        assert_eq!(story.headline, "Cranes idle");
        assert!(
            story.body.ends_with("Talks resume on Tuesday."),
            "{}",
            story.body
        );
        assert!(!story.body.contains("[0m"), "{}", story.body);
    }
}

#[cfg(test)]
mod never_panics {
    //! Arbitrary bytes, and arbitrary bytes behind the openings of every
    //! format, must give a story or an error: never a panic.
    use proptest::prelude::*;

    const OPENINGS: &[&[u8]] = &[
        b"",
        b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><nitf><head><title>",
        b"<nitf><body><body.head><hedline><hl1>H</hl1></hedline></body.head><body.content><p>",
        b"<newsItem guid=\"g\"><contentMeta><headline>H</headline></contentMeta><contentSet><inlineXML><p>",
        b"<NewsML><NewsItem><NewsComponent><NewsLines><HeadLine>H</HeadLine></NewsLines>",
        b"{\"uri\": \"x\", \"headline\": \"H\", \"body_html\": \"<p>",
        b"\x16\x16\x01W1\x1fx\nr a\x13\x11 BC-US--X 1stLd-Writethru 11-13 0412\n\x02^",
        b"\x01eca0003 3 i 380  dpa 0045\r\n\r\nKey/word/\r\n\x02REFILE\r\n",
        b"\xff\xfe",
        b"Headline\ndate 2020-03-06 ",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn parse_never_panics(opening in 0..OPENINGS.len(), tail in proptest::collection::vec(any::<u8>(), 0..600)) {
            let mut bytes = OPENINGS[opening].to_vec();
            bytes.extend(tail);
            let _ = super::parse_items(&bytes);
        }

        #[test]
        fn text_like_input_never_panics(text in "[ -~\n\t\u{a0}-\u{17f}<>&;\"'|•—–-]{0,400}") {
            let _ = super::parse_items(text.as_bytes());
        }
    }
}
