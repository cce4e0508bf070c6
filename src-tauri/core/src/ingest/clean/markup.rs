//! Markup and damage inside a line of web copy: HTML tags reduced to their
//! text, entities resolved, mojibake and backslash escapes repaired. Markup
//! is never a reason to lose the text around it; what it hides (a script,
//! an embedded frame, an image) is cut and reported so it can be recorded.

/// Elements whose content is not text of the story: cut with their content.
const HIDDEN: &[&str] = &[
    "script", "style", "iframe", "noscript", "object", "svg", "template", "video", "audio",
];

/// Elements cut on their own (they have no text content to keep).
const VOID: &[&str] = &["img", "embed", "source", "input", "meta", "link", "param"];

/// Every element name taken as markup; anything else in angle brackets
/// ("<Reuters>", "a < b > c") stays as text.
const KNOWN: &[&str] = &[
    "a",
    "abbr",
    "b",
    "big",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "ins",
    "kbd",
    "label",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "nav",
    "main",
    "button",
    "form",
    "picture",
];

/// What is carried from one line to the next: an element whose content is
/// being cut, or a comment, still open at the end of a line.
#[derive(Debug, Default)]
pub(super) struct MarkupState {
    open: Option<String>,
}

impl MarkupState {
    /// Whether `line` may hold markup to reduce: a tag, an entity, or the
    /// rest of an element an earlier line opened.
    pub(super) fn may_reduce(&self, line: &str) -> bool {
        self.open.is_some() || line.bytes().any(|b| b == b'<' || b == b'&')
    }
}

/// A line with its markup reduced to text.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Reduced {
    pub text: String,
    /// Pieces cut, each with the character offset in `text` where it stood.
    pub cuts: Vec<(usize, String)>,
    /// Whether any markup or entity was found.
    pub had_markup: bool,
}

/// Reduces the markup in one line of copy to text.
pub(super) fn reduce(line: &str, state: &mut MarkupState) -> Reduced {
    let mut out = Reduced::default();
    let mut cut = String::new();
    let mut rest = line;
    // An element (or comment) left open on an earlier line.
    if let Some(name) = state.open.clone() {
        out.had_markup = true;
        match close_of(rest, &name) {
            Some(end) => {
                cut.push_str(&rest[..end]);
                rest = &rest[end..];
                state.open = None;
            }
            None => {
                out.cuts.push((0, line.to_owned()));
                return out;
            }
        }
    }
    while let Some(at) = rest.bytes().position(|b| b == b'<' || b == b'&') {
        let before = &rest[..at];
        if !before.is_empty() {
            flush(&mut out, &mut cut);
            out.text.push_str(before);
        }
        rest = &rest[at..];
        if rest.starts_with('&') {
            match entity(rest) {
                Some((decoded, len)) => {
                    flush(&mut out, &mut cut);
                    out.text.push_str(&decoded);
                    out.had_markup = true;
                    rest = &rest[len..];
                }
                None => {
                    flush(&mut out, &mut cut);
                    out.text.push('&');
                    rest = &rest[1..];
                }
            }
            continue;
        }
        if let Some(comment) = rest.strip_prefix("<!--") {
            out.had_markup = true;
            match comment.find("-->") {
                Some(end) => {
                    cut.push_str(&rest[..4 + end + 3]);
                    rest = &comment[end + 3..];
                }
                None => {
                    cut.push_str(rest);
                    state.open = Some("--".into());
                    rest = "";
                }
            }
            continue;
        }
        let Some((name, closing, tag_len)) = tag(rest) else {
            flush(&mut out, &mut cut);
            out.text.push('<');
            rest = &rest[1..];
            continue;
        };
        out.had_markup = true;
        let tag_text = &rest[..tag_len];
        rest = &rest[tag_len..];
        if HIDDEN.contains(&name.as_str()) && !closing && !tag_text.ends_with("/>") {
            cut.push_str(tag_text);
            match close_of(rest, &name) {
                Some(end) => {
                    cut.push_str(&rest[..end]);
                    rest = &rest[end..];
                }
                None => {
                    cut.push_str(rest);
                    state.open = Some(name);
                    rest = "";
                }
            }
        } else if VOID.contains(&name.as_str()) || HIDDEN.contains(&name.as_str()) {
            cut.push_str(tag_text);
        } else if name == "br" || name == "p" || name == "li" || name == "div" {
            // A block boundary inside a line: a space keeps the words apart.
            flush(&mut out, &mut cut);
            if !out.text.ends_with(' ') && !out.text.is_empty() {
                out.text.push(' ');
            }
        }
        // Formatting (a, b, em, span, …): the tag goes, its text stays.
    }
    if !rest.is_empty() {
        flush(&mut out, &mut cut);
        out.text.push_str(rest);
    }
    flush(&mut out, &mut cut);
    out.text = out.text.split_whitespace().collect::<Vec<_>>().join(" ");
    // Offsets were counted before white space was folded; keep them in range.
    let len = out.text.chars().count();
    for (at, _) in &mut out.cuts {
        *at = (*at).min(len);
    }
    out
}

fn flush(out: &mut Reduced, cut: &mut String) {
    let trimmed = cut.trim();
    if !trimmed.is_empty() {
        let at = out.text.trim_end().chars().count();
        out.cuts.push((at, trimmed.to_owned()));
    }
    cut.clear();
}

/// Where the content of an open element (or comment, `--`) ends in `text`:
/// the byte just after its closing tag.
fn close_of(text: &str, name: &str) -> Option<usize> {
    if name == "--" {
        return text.find("-->").map(|at| at + 3);
    }
    let lower = text.to_ascii_lowercase();
    let needle = format!("</{name}");
    let at = lower.find(&needle)?;
    let end = lower[at..].find('>').map_or(text.len(), |e| at + e + 1);
    Some(end)
}

/// A tag at the start of `text`: its lower-case name, whether it closes,
/// and its length in bytes. A tag cut off at the end of the line counts.
fn tag(text: &str) -> Option<(String, bool, usize)> {
    let inner = text.strip_prefix('<')?;
    let closing = inner.starts_with('/');
    let inner = inner.trim_start_matches('/');
    let name: String = inner
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if name.is_empty() {
        // "</" cut off at the end of a line is the start of a closing tag.
        return (closing && inner.is_empty()).then(|| (String::new(), true, text.len()));
    }
    if !KNOWN.contains(&name.as_str())
        && !HIDDEN.contains(&name.as_str())
        && !VOID.contains(&name.as_str())
    {
        return None;
    }
    let after = &inner[name.len()..];
    if !(after.is_empty() || after.starts_with([' ', '>', '/', '\t'])) {
        return None;
    }
    let len = text.len() - inner.len() + name.len();
    match after.find('>') {
        Some(end) => Some((name, closing, len + end + 1)),
        // Cut off by the end of the line: the rest is the tag.
        None => Some((name, closing, text.len())),
    }
}

/// An entity at the start of `text`: its text and length in bytes.
fn entity(text: &str) -> Option<(String, usize)> {
    let end = text[1..].find(';').filter(|e| *e <= 10)? + 1;
    let name = &text[1..end];
    let decoded = match name {
        "amp" => "&".to_owned(),
        "lt" => "<".to_owned(),
        "gt" => ">".to_owned(),
        "quot" => "\"".to_owned(),
        "apos" => "'".to_owned(),
        "nbsp" => " ".to_owned(),
        "ndash" => "–".to_owned(),
        "mdash" => "—".to_owned(),
        "lsquo" => "‘".to_owned(),
        "rsquo" => "’".to_owned(),
        "ldquo" => "“".to_owned(),
        "rdquo" => "”".to_owned(),
        "hellip" => "…".to_owned(),
        "copy" => "©".to_owned(),
        _ => {
            let code = name.strip_prefix('#')?;
            let value = match code.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => code.parse().ok()?,
            };
            char::from_u32(value)
                .filter(|c| !c.is_control())?
                .to_string()
        }
    };
    Some((decoded, end + 1))
}

/// Repairs UTF-8 text that was once decoded as Windows-1252 ("â€˜" for
/// "‘", "Ã©" for "é") and backslash-escaped punctuation ("country\’s").
/// Returns `None` when there is nothing to repair.
pub(super) fn repair(line: &str) -> Option<String> {
    let mut text = std::borrow::Cow::Borrowed(line);
    if line.contains("â€") || line.contains('Ã') || line.contains("Â") {
        if let Some(fixed) = undo_mojibake(line) {
            text = std::borrow::Cow::Owned(fixed);
        }
    }
    if text.contains('\\') {
        let mut out = String::with_capacity(text.len());
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\\'
                && chars.peek().is_some_and(|n| {
                    matches!(
                        n,
                        '\'' | '"'
                            | '’'
                            | '‘'
                            | '“'
                            | '”'
                            | '/'
                            | '!'
                            | '?'
                            | '&'
                            | '('
                            | ')'
                            | '-'
                    )
                })
            {
                continue;
            }
            out.push(c);
        }
        text = std::borrow::Cow::Owned(out);
    }
    match text {
        std::borrow::Cow::Owned(fixed) if fixed != line => Some(fixed),
        _ => None,
    }
}

/// Encodes each run of suspect characters back to Windows-1252 bytes and
/// decodes them as UTF-8, run by run, so good text around them is untouched.
fn undo_mojibake(line: &str) -> Option<String> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(line);
    if !unmappable {
        if let Ok(fixed) = std::str::from_utf8(&bytes) {
            return (fixed != line).then(|| fixed.to_owned());
        }
    }
    // Mixed text: repair the common sequences one by one.
    let pairs = [
        ("â€˜", "‘"),
        ("â€™", "’"),
        ("â€œ", "“"),
        ("â€\u{9d}", "”"),
        ("â€“", "–"),
        ("â€”", "—"),
        ("â€¦", "…"),
        ("â€¢", "•"),
        ("Ã©", "é"),
        ("Ã¨", "è"),
        ("Ã¶", "ö"),
        ("Ã¼", "ü"),
        ("Ã¤", "ä"),
        ("Ã±", "ñ"),
        ("Â ", " "),
    ];
    let mut out = line.to_owned();
    for (bad, good) in pairs {
        out = out.replace(bad, good);
    }
    (out != line).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &str) -> String {
        reduce(line, &mut MarkupState::default()).text
    }

    #[test]
    fn links_and_formatting_keep_their_text() {
        assert_eq!(
            text(
                r#"Heavy rain closed <a href="https://x.example/roads">40 roads</a> and a <b>main</b> rail line."#
            ),
            "Heavy rain closed 40 roads and a main rail line."
        );
        assert_eq!(text("<i>Storm</i> &amp; <em>flood</em>"), "Storm & flood");
        assert_eq!(
            text("Profits rose 5% &#8211; a record"),
            "Profits rose 5% – a record"
        );
    }

    #[test]
    fn scripts_images_frames_and_comments_are_cut_and_reported() {
        let r = reduce(
            r#"Talks resumed.<script>var x = "<p>";</script> <img src="a.jpg" alt="Photo"> Both sides<!-- ad --> met.<iframe src="v"></iframe>"#,
            &mut MarkupState::default(),
        );
        assert_eq!(r.text, "Talks resumed. Both sides met.");
        assert_eq!(r.cuts.len(), 4, "{:?}", r.cuts);
        assert!(r.cuts[0].1.starts_with("<script>"));
    }

    #[test]
    fn a_script_open_across_lines_is_cut_until_it_closes() {
        let mut state = MarkupState::default();
        assert_eq!(reduce("Lead text. <script>", &mut state).text, "Lead text.");
        let inside = reduce("FB.XFBML.parse();", &mut state);
        assert_eq!(inside.text, "");
        assert_eq!(inside.cuts.len(), 1);
        assert_eq!(reduce("</script>Next.", &mut state).text, "Next.");
    }

    #[test]
    fn angle_brackets_that_are_not_markup_stay() {
        assert_eq!(
            text("Inflation < 2% and <Reuters> said"),
            "Inflation < 2% and <Reuters> said"
        );
        assert_eq!(text("AT&T and R&D rose"), "AT&T and R&D rose");
    }

    #[test]
    fn mojibake_and_escapes_are_repaired() {
        assert_eq!(
            repair("the countryâ€™s â€˜bestâ€™").as_deref(),
            Some("the country’s ‘best’")
        );
        assert_eq!(
            repair(r"the country\’s \'best\'").as_deref(),
            Some("the country’s 'best'")
        );
        assert_eq!(repair("Plain text."), None);
        assert_eq!(repair(r"C:\path stays"), None);
    }
}
