//! JSON for exports that may be pasted into a web page. ClaimReview JSON-LD
//! goes inside `<script type="application/ld+json">`, and any JSON export
//! can end up in one: there, `</script>` in a headline, a claim or a setting
//! would close the script and start markup, and `<!--` would change how the
//! page reads the rest. Every export writes `<`, `>` and `&` in strings as
//! `\u003c`, `\u003e` and `\u0026` (and the two line separators JavaScript
//! treats as line ends as `\u2028`, `\u2029`): the same JSON to a JSON
//! reader, inert text to an HTML one.

use std::io;

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter, Serializer};

/// A pretty formatter that escapes what an HTML page would read as markup.
struct InertFormatter<'a>(PrettyFormatter<'a>);

impl Formatter for InertFormatter<'_> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some(at) = rest.find(['<', '>', '&', '\u{2028}', '\u{2029}']) {
            writer.write_all(&rest.as_bytes()[..at])?;
            let c = rest[at..].chars().next().unwrap_or('<');
            write!(writer, "\\u{:04x}", c as u32)?;
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    // The rest is the pretty formatter's.
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// `value` as pretty JSON ending in a newline, with every string inert in a
/// web page.
pub fn to_inert_json<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    let mut serializer =
        Serializer::with_formatter(&mut out, InertFormatter(PrettyFormatter::new()));
    // Serializing plain values into memory cannot fail; an empty document
    // would be refused by every reader rather than read wrongly.
    if value.serialize(&mut serializer).is_err() {
        out.clear();
    }
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::to_inert_json;
    use serde_json::{json, Value};

    #[test]
    fn markup_in_strings_is_escaped_and_reads_back_the_same() {
        let value = json!({
            "headline": "</script><script>alert(1)</script> & <!-- more -->",
            "<key>": ["a\u{2028}b", "plain é 你好"],
        });
        let bytes = to_inert_json(&value);
        let text = String::from_utf8(bytes.clone()).expect("UTF-8");
        assert!(!text.contains(['<', '>', '&', '\u{2028}']), "{text}");
        assert!(text.contains(r"\u003c/script\u003e"), "{text}");
        assert!(text.contains(r"\u0026"), "{text}");
        assert!(
            text.contains("plain é 你好"),
            "other text stays as it is: {text}"
        );
        assert!(text.ends_with("}\n"));
        let back: Value = serde_json::from_slice(&bytes).expect("JSON");
        assert_eq!(back, value);
        // Still pretty: one field per line.
        assert!(text.contains("\n  \"headline\": "), "{text}");
    }
}
