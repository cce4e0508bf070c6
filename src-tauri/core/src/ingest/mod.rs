//! Ingest: received bytes in, a parsed story out. Pure: no database here.
//!
//! The stages are detect → decode → parse → clean. This first version knows
//! plain text; the structured wire formats plug in behind [`parse`].

mod decode;
mod plain;

use std::{fs, io::Read, path::Path};

use serde_json::Value;

use crate::error::IngestError;

pub use decode::{decode, Decoded};

/// Largest file accepted as one piece of wire copy: 32 MiB. Real stories are
/// kilobytes and a NewsML-G2 message with many items a few megabytes; anything
/// bigger is a mistake (a video, a database dump) and is refused before it is read.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// The wire format of a feed copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text, as web syndication delivers it.
    Text,
}

impl Format {
    pub fn code(self) -> &'static str {
        match self {
            Format::Text => "text",
        }
    }
}

/// The agency or feed a copy came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    pub code: String,
    pub name: String,
}

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

/// Reads one file for ingest, refusing what cannot be wire copy before
/// reading more than the size limit.
pub fn read_file(path: &Path) -> Result<Vec<u8>, IngestError> {
    let meta = fs::metadata(path)?;
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
    fs::File::open(path)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
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

/// Detects, decodes and parses received bytes.
pub fn parse(bytes: &[u8]) -> Result<ParsedCopy, IngestError> {
    check_size(bytes)?;
    let decoded = decode(bytes)?;
    plain::parse(&decoded.text, decoded.encoding)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn parses_plain_text_copy() {
        let parsed = parse(b"Storm hits coast\n\nHARBOURTON (Reuters) - A storm hit.\n").unwrap();
        assert_eq!(parsed.format, Format::Text);
        assert_eq!(parsed.headline, "Storm hits coast");
        assert_eq!(parsed.body, "HARBOURTON (Reuters) - A storm hit.");
        assert_eq!(parsed.source.code, "reuters");
    }
}
