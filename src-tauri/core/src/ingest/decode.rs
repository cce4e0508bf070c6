//! Decode received bytes to text: byte-order mark first, then UTF-16 without
//! one (text that is mostly ASCII, every other byte a NUL), then UTF-8, then
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

/// Bytes looked at to recognise UTF-16 without a byte-order mark.
const UTF16_SNIFF_BYTES: usize = 4096;

/// Whether `bytes` look like UTF-16 written without a byte-order mark, and
/// which byte order: text that is mostly ASCII has a NUL in every other
/// byte, at odd offsets in little-endian (`H\0e\0`), even ones in
/// big-endian (`\0H\0e`), and the byte beside each NUL is a printable
/// ASCII character or a line break. Wire copy is mostly ASCII, so at least
/// two code units in five are such pairs; the other offset holds (almost)
/// no NUL. A binary file has NULs in both, or no such pattern.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sniffed = &bytes[..bytes.len().min(UTF16_SNIFF_BYTES)];
    let units = sniffed.len() / 2;
    if units < 4 {
        return None;
    }
    let is_ascii_text = |b: u8| matches!(b, b'\t' | b'\n' | b'\r' | 0x20..=0x7e);
    let (mut le, mut be, mut nul_low, mut nul_high) = (0, 0, 0, 0);
    for pair in sniffed.chunks_exact(2) {
        let (first, second) = (pair[0], pair[1]);
        if second == 0 {
            nul_high += 1;
            if is_ascii_text(first) {
                le += 1;
            }
        }
        if first == 0 {
            nul_low += 1;
            if is_ascii_text(second) {
                be += 1;
            }
        }
    }
    let enough = |ascii: usize| 5 * ascii >= 2 * units;
    let few = |nuls: usize| 20 * nuls <= units;
    if enough(le) && few(nul_low) {
        return Some(encoding_rs::UTF_16LE);
    }
    if enough(be) && few(nul_high) {
        return Some(encoding_rs::UTF_16BE);
    }
    // Copy in another script (Cyrillic, Greek, Arabic, CJK…) has fewer
    // ASCII units, but its spaces, line breaks, figures and punctuation
    // still are: one unit in twenty at least. Such bytes are taken as
    // UTF-16 only when they read as text in that byte order.
    let some = |ascii: usize| 20 * ascii >= units;
    [
        (le, nul_low, encoding_rs::UTF_16LE),
        (be, nul_high, encoding_rs::UTF_16BE),
    ]
    .into_iter()
    .find(|&(ascii, other_nuls, encoding)| {
        some(ascii) && few(other_nuls) && reads_as_text(encoding, &sniffed[..units * 2])
    })
    .map(|(_, _, encoding)| encoding)
}

/// Whether `bytes` decoded as `encoding` are prose: (almost) nothing that
/// fails to decode (the sniffed window may cut a pair in two), almost no
/// control characters, and nine characters in ten letters, figures,
/// spaces or punctuation.
fn reads_as_text(encoding: &'static Encoding, bytes: &[u8]) -> bool {
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    let (mut total, mut prose, mut broken) = (0usize, 0usize, 0usize);
    for c in text.chars() {
        total += 1;
        if c == char::REPLACEMENT_CHARACTER {
            broken += 1;
        } else if c.is_alphanumeric()
            || c.is_whitespace()
            || c.is_ascii_punctuation()
            || matches!(c, '\u{2010}'..='\u{205f}' | '\u{3000}'..='\u{303f}' | '\u{ff01}'..='\u{ff65}' | '«' | '»' | '·')
        {
            prose += 1;
        }
    }
    total > 0 && broken <= 1 && 10 * prose >= 9 * total
}

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
    let decoded = decode_text(bytes, declared)?;
    check_text(&decoded.text, true)?;
    Ok(decoded)
}

/// Decodes a text a person typed (an edit's file) as [`decode`] does, but
/// without refusing it for its share of control characters: they are
/// cleaned out of everything that enters the library, and a short edit
/// pasted from a terminal may hold several. A NUL byte or a known binary
/// format is still refused.
pub fn decode_typed(bytes: &[u8]) -> Result<Decoded, IngestError> {
    let decoded = decode_text(bytes, None)?;
    check_text(&decoded.text, false)?;
    Ok(decoded)
}

fn decode_text(bytes: &[u8], declared: Option<&'static Encoding>) -> Result<Decoded, IngestError> {
    if let Some((_, what)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Err(IngestError::NotText(format!("this looks like {what}")));
    }
    let decoded = if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        strict(encoding, &bytes[bom_len..], || {
            format!("it starts with a {} byte-order mark", encoding.name())
        })?
    } else if let Some(encoding) = utf16_without_bom(bytes) {
        // Before UTF-8: ASCII in UTF-16 is valid UTF-8 full of NULs.
        strict(encoding, bytes, || {
            format!(
                "it looks like {} without a byte-order mark",
                encoding.name()
            )
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

/// Refuses text holding a NUL, and with `share_limit` text whose share of
/// control characters says it is binary.
fn check_text(text: &str, share_limit: bool) -> Result<(), IngestError> {
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
    if share_limit && chars > 0 && controls as f64 / chars as f64 > MAX_CONTROL_SHARE {
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
    fn typed_text_may_hold_controls_but_not_a_nul() {
        let typed = "Bridge \u{1b}[31mreopens\u{1b}[0m\u{7}";
        assert!(
            decode(typed.as_bytes()).is_err(),
            "copy this noisy is binary"
        );
        assert_eq!(decode_typed(typed.as_bytes()).unwrap().text, typed);
        let with_nul = format!(
            "Bridge reopens\0{}",
            " after repairs, the council said.".repeat(8)
        );
        assert!(decode_typed(with_nul.as_bytes()).is_err());
        assert!(decode_typed(b"%PDF-1.7 rest").is_err());
    }

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

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|unit| {
                if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                }
            })
            .collect()
    }

    const STORY: &str = "Ferry service resumes in Kraków\r\n\r\nHARBOURTON (Meridian Wire) - \
        Ferries ran again on Monday after a storm cut 4,000 homes off, said Zoë Ruiz.\r\n";

    #[test]
    fn utf16_without_a_bom_is_recognised_in_either_byte_order() {
        for (big_endian, name) in [(false, "UTF-16LE"), (true, "UTF-16BE")] {
            let decoded = decode(&utf16(STORY, big_endian)).unwrap();
            assert_eq!(decoded.text, STORY, "{name}");
            assert_eq!(decoded.encoding, name);
        }
        // Short copy too, once there are a few characters to go on.
        assert_eq!(
            decode(&utf16("Storm hits", false)).unwrap().text,
            "Storm hits"
        );
    }

    #[test]
    fn utf16_without_a_bom_in_other_scripts_is_recognised() {
        // Made-up lines: Cyrillic, Greek, Chinese and Arabic copy, where
        // only spaces, line breaks and figures are ASCII.
        for text in [
            "Краны стоят\nГАВАНЬ — Докеры сказали, что 40 кранов стояли в понедельник.\n",
            "Οι γερανοί σταμάτησαν\nΛΙΜΑΝΙ — 40 γερανοί έμειναν ακίνητοι τη Δευτέρα.\n",
            "起重机闲置\n港口——码头工人说，周一有40台起重机闲置。\n",
            "توقفت الرافعات\nالميناء - قال عمال إن 40 رافعة توقفت يوم الاثنين.\n",
        ] {
            for (big_endian, name) in [(false, "UTF-16LE"), (true, "UTF-16BE")] {
                let decoded = decode(&utf16(text, big_endian))
                    .unwrap_or_else(|e| panic!("{name} {text}: {e}"));
                assert_eq!(decoded.encoding, name, "{text}");
                assert_eq!(decoded.text, text);
            }
        }
    }

    #[test]
    fn sixteen_bit_binary_data_is_not_taken_for_utf16() {
        // Little-endian 16-bit samples: NULs in every other byte, but the
        // units read as control characters and stray symbols.
        let samples: Vec<u8> = (0u16..2048)
            .flat_map(|i| ((u32::from(i) * 37 % 300) as u16).to_le_bytes())
            .collect();
        let err = decode(&samples).unwrap_err().to_string();
        assert!(err.contains("binary file"), "{err}");
    }

    #[test]
    fn utf16_without_a_bom_that_is_cut_short_is_named_as_such() {
        let mut bytes = utf16(STORY, false);
        bytes.pop();
        let err = decode(&bytes).unwrap_err().to_string();
        assert!(
            err.contains("looks like UTF-16LE without a byte-order mark")
                && err.contains("not valid UTF-16LE"),
            "{err}"
        );
        assert!(!err.contains("binary"), "{err}");
    }

    #[test]
    fn binary_with_nuls_everywhere_is_still_binary() {
        // NULs at both offsets: not text in either byte order.
        let bytes: Vec<u8> = (0..400u32)
            .flat_map(|i| [(i % 7) as u8 * 30, 0, 0, b'a' + (i % 26) as u8])
            .collect();
        let err = decode(&bytes).unwrap_err().to_string();
        assert!(err.contains("binary"), "{err}");
        // ASCII with a stray NUL here and there is not UTF-16.
        let err = decode(b"headline\0 and a body of text that goes on\0").unwrap_err();
        assert!(err.to_string().contains("NUL byte at offset 8"), "{err}");
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
