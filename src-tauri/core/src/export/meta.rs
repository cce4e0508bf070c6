//! The story's metadata as the publishing formats carry it, read from what
//! ingest kept of the agency's copy (which differs by wire format) and
//! normalised: a language tag, subject codes and names, an urgency of 1–9
//! and RFC 3339 times in UTC.

use serde_json::Value;
use time::format_description::well_known::{Rfc2822, Rfc3339};
use time::OffsetDateTime;

/// What the publishing formats say about a story besides its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoryMeta {
    /// The agency's name ("Reuters"), or the source Wiredesk filed it under.
    pub agency: String,
    /// Whether the copy named its agency (`agency` is not "Unknown source").
    pub agency_known: bool,
    /// The outlet whose page carried the copy ("Devdiscourse"), where it
    /// said.
    pub publisher: Option<String>,
    pub agency_guid: Option<String>,
    /// The agency's version number of the latest wire copy.
    pub agency_version: Option<i64>,
    pub slug: Option<String>,
    /// A BCP 47 language tag ("en", "en-GB").
    pub language: Option<String>,
    /// IPTC subject codes ("04000000") and subject names, in the agency's order.
    pub subjects: Vec<String>,
    /// Editorial urgency, 1 (highest) to 9.
    pub urgency: Option<u8>,
    /// When Wiredesk first received the story (RFC 3339, UTC).
    pub first_created: String,
    /// When the exported revision was made (RFC 3339, UTC).
    pub version_created: String,
    /// The agency's own time for the copy, when it gave one Wiredesk can read.
    pub agency_created: Option<String>,
}

impl StoryMeta {
    /// The metadata as the store holds it, with what ingest kept of the
    /// latest wire copy's own metadata read in.
    pub(crate) fn from_stored(stored: crate::store::StoredMeta) -> StoryMeta {
        let mut meta = StoryMeta {
            agency: stored.agency,
            agency_guid: stored.agency_guid,
            slug: stored.slug,
            first_created: stored.first_created,
            version_created: stored.version_created,
            agency_known: stored.agency_known,
            ..StoryMeta::default()
        };
        if let Some(latest) = stored.latest_wire {
            meta.agency_version = latest.agency_version;
            let metadata: serde_json::Value =
                serde_json::from_str(&latest.metadata).unwrap_or_default();
            meta.read_wire_metadata(&metadata);
        }
        meta
    }

    /// Who holds the copy's rights, as the publishing formats name them
    /// (NITF `doc.copyright`, ninjs `copyrightholder`, NewsML-G2
    /// `provider`): the agency; the outlet when the copy names no agency.
    pub fn holder(&self) -> &str {
        match &self.publisher {
            Some(publisher) if !self.agency_known => publisher,
            _ => &self.agency,
        }
    }

    /// The outlet, when it is someone besides the holder.
    pub fn distributor(&self) -> Option<&str> {
        self.publisher
            .as_deref()
            .filter(|p| self.agency_known && !p.eq_ignore_ascii_case(&self.agency))
    }

    /// Fills the fields that come from the agency's metadata (as ingest
    /// stored it in the wire revision).
    pub fn read_wire_metadata(&mut self, metadata: &Value) {
        let text = |key: &str| match metadata.get(key) {
            Some(Value::String(s)) => Some(s.trim().to_owned()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        self.language = text("language").and_then(|l| language_tag(&l));
        self.publisher = text(crate::ingest::PUBLISHER_KEY).filter(|p| !p.is_empty());
        self.urgency = text("urgency")
            .or_else(|| text("priority"))
            .and_then(|u| u.parse::<u8>().ok())
            .filter(|u| (1..=9).contains(u));
        self.agency_created = [
            "versioncreated",
            "version_created",
            "firstcreated",
            "published",
            "issued",
            "date",
            "updated",
        ]
        .iter()
        .find_map(|key| text(key).and_then(|t| rfc3339_utc(&t)));
        let mut subjects: Vec<String> = Vec::new();
        for key in ["subjects", "keywords", "keyword"] {
            let list = match metadata.get(key) {
                Some(Value::Array(items)) => items.clone(),
                Some(single @ Value::String(_)) => vec![single.clone()],
                _ => Vec::new(),
            };
            for item in list {
                let name = match item {
                    Value::String(s) => s,
                    Value::Object(o) => match o.get("name").or_else(|| o.get("code")) {
                        Some(Value::String(s)) => s.clone(),
                        _ => continue,
                    },
                    _ => continue,
                };
                let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
                if !name.is_empty() && !subjects.contains(&name) {
                    subjects.push(name);
                }
            }
        }
        self.subjects = subjects;
    }
}

/// A well-formed BCP 47 tag (primary language of 2–3 letters), or nothing.
fn language_tag(raw: &str) -> Option<String> {
    let raw = raw.replace('_', "-");
    let mut parts = raw.split('-');
    let primary = parts.next()?;
    if !(2..=3).contains(&primary.len()) || !primary.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let mut tag = primary.to_ascii_lowercase();
    for part in parts {
        if part.is_empty() || part.len() > 8 || !part.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        tag.push('-');
        tag.push_str(part);
    }
    Some(tag)
}

/// An agency time (RFC 3339, RFC 2822 as RSS has it, or NITF's
/// `20261127T190515+0000`) as RFC 3339 in UTC.
pub fn rfc3339_utc(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let parsed = OffsetDateTime::parse(raw, &Rfc3339)
        .or_else(|_| OffsetDateTime::parse(raw, &Rfc2822))
        .ok()
        // The hand-read shapes slice by byte: ASCII only.
        .or_else(|| raw.is_ascii().then(|| compact_iso(raw)).flatten())
        .or_else(|| raw.is_ascii().then(|| colonless_offset(raw)).flatten())?;
    // XML Schema 1.0 has no year zero (and no negative years in practice).
    if parsed.year() < 1 {
        return None;
    }
    parsed.to_offset(time::UtcOffset::UTC).format(&Rfc3339).ok()
}

/// `20261127T190515Z`, `20261127T190515+0100`, `20261127T190515-05:00`.
fn compact_iso(raw: &str) -> Option<OffsetDateTime> {
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let (date, rest) = raw.split_once('T')?;
    if date.len() != 8 || !digits(date) || rest.len() < 6 || !digits(&rest[..6]) {
        return None;
    }
    let offset = rest[6..].replace(':', "");
    let offset = if offset.is_empty() || offset == "Z" {
        "+0000".to_owned()
    } else {
        offset
    };
    let text = format!(
        "{}-{}-{}T{}:{}:{}{}:{}",
        &date[..4],
        &date[4..6],
        &date[6..],
        &rest[..2],
        &rest[2..4],
        &rest[4..6],
        offset.get(..3)?,
        offset.get(3..5)?
    );
    OffsetDateTime::parse(&text, &Rfc3339).ok()
}

/// `2026-11-27T19:05:15+0100`: RFC 3339 but for the colon in the offset.
fn colonless_offset(raw: &str) -> Option<OffsetDateTime> {
    let (head, offset) = raw.split_at(raw.len().checked_sub(5)?);
    if !(offset.starts_with('+') || offset.starts_with('-'))
        || !offset[1..].bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    OffsetDateTime::parse(
        &format!("{head}{}:{}", &offset[..3], &offset[3..]),
        &Rfc3339,
    )
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn agency_times_in_every_wire_shape_become_utc() {
        assert_eq!(
            rfc3339_utc("2026-11-27T20:05:15+01:00").as_deref(),
            Some("2026-11-27T19:05:15Z")
        );
        assert_eq!(
            rfc3339_utc("2026-11-27T20:05:15+0100").as_deref(),
            Some("2026-11-27T19:05:15Z")
        );
        assert_eq!(
            rfc3339_utc("Fri, 27 Nov 2026 19:05:15 GMT").as_deref(),
            Some("2026-11-27T19:05:15Z")
        );
        assert_eq!(
            rfc3339_utc("20261127T190515Z").as_deref(),
            Some("2026-11-27T19:05:15Z")
        );
        assert_eq!(
            rfc3339_utc("20261127T140515-0500").as_deref(),
            Some("2026-11-27T19:05:15Z")
        );
        assert_eq!(rfc3339_utc("yesterday"), None);
        // Wire text that is not a date, in any script, is not one: no panic.
        assert_eq!(rfc3339_utc("日本"), None);
        assert_eq!(rfc3339_utc("20261127T12345é"), None);
        assert_eq!(rfc3339_utc("é2026-11-27T20:05:15"), None);
        assert_eq!(rfc3339_utc("0000-01-01T00:00:00Z"), None);
        assert_eq!(rfc3339_utc("2026-11-27T20:05:15 +0100\n"), None);
    }

    #[test]
    fn wire_metadata_is_normalised() {
        let mut meta = StoryMeta::default();
        meta.read_wire_metadata(&json!({
            "language": "en_GB",
            "urgency": "3",
            "subjects": ["04000000", "transport", {"name": "ports"}],
            "keywords": ["transport", "labour"],
            "versioncreated": "2026-11-27T19:05:15Z",
        }));
        assert_eq!(meta.language.as_deref(), Some("en-GB"));
        assert_eq!(meta.urgency, Some(3));
        assert_eq!(
            meta.subjects,
            vec!["04000000", "transport", "ports", "labour"]
        );
        assert_eq!(meta.agency_created.as_deref(), Some("2026-11-27T19:05:15Z"));

        let mut odd = StoryMeta::default();
        odd.read_wire_metadata(&json!({"language": "English (UK)", "urgency": 12}));
        assert_eq!(odd.language, None);
        assert_eq!(odd.urgency, None);
    }
}
