//! Decode received bytes to text: byte-order mark first, then UTF-8, then
//! Windows-1252 (the superset of ISO-8859-1 that old wire systems really send).
//! Bytes that are not text at all are refused with a reason an editor can act on.

use encoding_rs::{Encoding, WINDOWS_1252};

use crate::error::IngestError;

/// Text decoded from received bytes, with the encoding it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Leading bytes of common non-text files, to name what was received by mistake.
const MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/Excel document)"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"SQLite format 3\0", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
];

/// Share of control characters above which bytes are not taken as text.
const MAX_CONTROL_SHARE: f64 = 0.01;

/// Decodes text with no declared charset: BOM, then UTF-8, then Windows-1252.
pub fn decode(bytes: &[u8]) -> Result<Decoded, IngestError> {
    decode_with(bytes, None)
}

/// Decodes text whose format may declare its charset (an XML declaration):
/// a byte-order mark wins, then the declaration, then UTF-8, then Windows-1252.
pub(crate) fn decode_with(
    bytes: &[u8],
    declared: Option<&'static Encoding>,
) -> Result<Decoded, IngestError> {
    if let Some((_, what)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Err(IngestError::NotText(format!("this looks like {what}")));
    }
    let decoded = if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        strict(encoding, &bytes[bom_len..], || {
            format!("it starts with a {} byte-order mark", encoding.name())
        })?
    } else if let Some(encoding) =
        declared.filter(|e| *e != encoding_rs::UTF_16LE && *e != encoding_rs::UTF_16BE)
    {
        strict(encoding, bytes, || {
            format!("it declares {}", encoding.name())
        })?
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        Decoded {
            text: text.to_owned(),
            encoding: "UTF-8",
        }
    } else {
        if let Some(offset) = bytes.iter().position(|&b| b == 0) {
            return Err(binary(offset));
        }
        let (text, _, _) = WINDOWS_1252.decode(bytes);
        Decoded {
            text: text.into_owned(),
            encoding: WINDOWS_1252.name(),
        }
    };
    check_text(&decoded.text)?;
    Ok(decoded)
}

/// Decodes `bytes` as `encoding` or says why not: "<claim> but is not valid X".
fn strict(
    encoding: &'static Encoding,
    bytes: &[u8],
    claim: impl FnOnce() -> String,
) -> Result<Decoded, IngestError> {
    let text = encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or_else(|| {
            let where_ = match std::str::from_utf8(bytes) {
                Err(e) if encoding == encoding_rs::UTF_8 => {
                    format!(" (the first bad byte is at offset {})", e.valid_up_to())
                }
                _ => String::new(),
            };
            IngestError::NotText(format!(
                "{} but is not valid {}{where_}",
                claim(),
                encoding.name()
            ))
        })?;
    Ok(Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
    })
}

fn binary(offset: usize) -> IngestError {
    IngestError::NotText(format!(
        "it contains a NUL byte at offset {offset}, so it is a binary file, not wire copy"
    ))
}

/// Control characters that are structure in old wire formats (ANPA-1312,
/// IPTC 7901): SOH, STX, ETX, EOT, the device controls DC1–DC4 of ANPA
/// headers, SYN, the record and unit separators, and DEL used as fill.
pub(crate) fn is_wire_control(c: char) -> bool {
    matches!(
        c,
        '\u{01}'..='\u{04}' | '\u{11}'..='\u{14}' | '\u{16}' | '\u{1e}' | '\u{1f}' | '\u{7f}'
    )
}

fn check_text(text: &str) -> Result<(), IngestError> {
    let mut chars = 0usize;
    let mut controls = 0usize;
    for (offset, c) in text.char_indices() {
        chars += 1;
        if c == '\0' {
            return Err(binary(offset));
        }
        let allowed = matches!(c, '\t' | '\n' | '\r' | '\u{0b}' | '\u{0c}') || is_wire_control(c);
        if c.is_control() && !allowed && !('\u{80}'..='\u{9f}').contains(&c) {
            controls += 1;
        }
    }
    if chars > 0 && controls as f64 / chars as f64 > MAX_CONTROL_SHARE {
        return Err(IngestError::NotText(format!(
            "{controls} of its {chars} characters are control characters, so it is a binary file, not wire copy"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("Zürich".as_bytes()).unwrap().text, "Zürich");
        let with_bom = decode("\u{feff}Zürich".as_bytes()).unwrap();
        assert_eq!(with_bom.text, "Zürich");
        assert_eq!(with_bom.encoding, "UTF-8");
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xff, 0xfe];
        for unit in "Kraków 4,000".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.text, "Kraków 4,000");
        assert_eq!(decoded.encoding, "UTF-16LE");
    }

    #[test]
    fn latin1_bytes_fall_back_to_windows_1252() {
        let decoded = decode(b"Troms\xf8 \x93quoted\x94").unwrap();
        assert_eq!(decoded.text, "Tromsø \u{201c}quoted\u{201d}");
        assert_eq!(decoded.encoding, "windows-1252");
    }

    #[test]
    fn names_known_binary_files() {
        let err = decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err();
        assert_eq!(err.to_string(), "not text: this looks like a PNG image");
    }

    #[test]
    fn refuses_nul_bytes_and_control_soup() {
        let err = decode(b"headline\0\x01\x02").unwrap_err();
        assert!(err.to_string().contains("NUL byte at offset 8"), "{err}");
        let soup: Vec<u8> = (0..200u8)
            .map(|i| if i % 3 == 0 { 0x07 } else { b'a' })
            .collect();
        let err = decode(&soup).unwrap_err();
        assert!(err.to_string().contains("control characters"), "{err}");
    }

    #[test]
    fn wire_control_characters_are_not_binary() {
        assert!(decode(b"\x01\x16\x16\x02Headline\nBody text here\x03\x04").is_ok());
    }
}
