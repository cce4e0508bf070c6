//! Where a claim sits in a story's text. The store and every interface speak
//! Unicode scalar offsets (PRODUCT.md §9); the detector and Rust slicing
//! speak bytes. The conversions live here, and only here, in the core.
//! A claim also keeps a little text before and after it (the W3C Web
//! Annotation text quote selector), to find it again after edits.

/// Characters of context kept on each side of a claim.
pub const CONTEXT_CHARS: usize = 32;

/// The scalar offset of byte offset `byte` (which must be a char boundary).
pub fn scalar_offset(text: &str, byte: usize) -> usize {
    text.get(..byte)
        .map_or_else(|| text.chars().count(), |head| head.chars().count())
}

/// The byte offset of scalar offset `scalar`, if it is inside the text (or
/// its end).
pub fn byte_offset(text: &str, scalar: usize) -> Option<usize> {
    if scalar == 0 {
        return Some(0);
    }
    let mut chars = text.char_indices();
    match chars.nth(scalar) {
        Some((at, _)) => Some(at),
        None if text.chars().count() == scalar => Some(text.len()),
        None => None,
    }
}

/// Up to [`CONTEXT_CHARS`] characters before and after `text[start..end]`.
pub fn quote_context(text: &str, start: usize, end: usize) -> (String, String) {
    let before = text.get(..start).unwrap_or("");
    let after = text.get(end..).unwrap_or("");
    let prefix: String = {
        let mut chars: Vec<char> = before.chars().rev().take(CONTEXT_CHARS).collect();
        chars.reverse();
        chars.into_iter().collect()
    };
    let suffix: String = after.chars().take(CONTEXT_CHARS).collect();
    (prefix, suffix)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Über 700 “troops” — said Żaneta";

    #[test]
    fn offsets_convert_both_ways_across_multibyte_text() {
        let byte = TEXT.find("700").unwrap();
        assert_eq!(scalar_offset(TEXT, byte), 5);
        assert_eq!(byte_offset(TEXT, 5), Some(byte));
        let end = TEXT.len();
        assert_eq!(byte_offset(TEXT, scalar_offset(TEXT, end)), Some(end));
        assert_eq!(byte_offset(TEXT, 1000), None);
        assert_eq!(byte_offset("", 0), Some(0));
    }

    #[test]
    fn context_is_a_few_characters_each_side() {
        let start = TEXT.find("troops").unwrap();
        let (prefix, suffix) = quote_context(TEXT, start, start + "troops".len());
        assert_eq!(prefix, "Über 700 “");
        assert_eq!(suffix, "” — said Żaneta");
        let long = "x".repeat(100);
        let (prefix, _) = quote_context(&long, 50, 51);
        assert_eq!(prefix.chars().count(), CONTEXT_CHARS);
    }
}
