//! Paragraphs of text from the HTML bodies some wire formats carry (ninjs
//! `body_html`, RSS descriptions). Wire HTML is untrusted: it only ever
//! becomes plain text. Block elements end a paragraph; script, style and
//! figures (photo captions, embeds) are dropped; entities are resolved.

/// Elements that start or end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "blockquote",
    "pre",
    "table",
    "tr",
    "hr",
    "header",
    "footer",
    "dd",
    "dt",
];

/// Elements dropped with everything inside them.
const DROPPED: &[&str] = &[
    "script", "style", "figure", "iframe", "noscript", "object", "svg",
];

/// The paragraphs of `html`, whitespace folded, empty ones left out.
pub(crate) fn paragraphs(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut skipping: Option<String> = None;
    let mut rest = html;
    while let Some(at) = rest.find(['<', '&']) {
        if skipping.is_none() {
            current.push_str(&rest[..at]);
        }
        rest = &rest[at..];
        if rest.starts_with('<') {
            let (tag, after) = match rest.find('>') {
                Some(close) => (&rest[1..close], &rest[close + 1..]),
                None => (&rest[1..], ""),
            };
            rest = after;
            let closing = tag.starts_with('/');
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            if let Some(skipped) = &skipping {
                if closing && *skipped == name {
                    skipping = None;
                }
                continue;
            }
            if DROPPED.contains(&name.as_str()) && !closing && !tag.ends_with('/') {
                skipping = Some(name);
            } else if BLOCKS.contains(&name.as_str()) {
                push_paragraph(&mut out, &mut current);
            }
        } else {
            let end = rest[1..].find(';').map(|e| e + 1).filter(|e| *e <= 32);
            match end.and_then(|e| entity(&rest[1..e])) {
                Some(text) => {
                    if skipping.is_none() {
                        current.push_str(&text);
                    }
                    rest = &rest[end.map_or(1, |e| e + 1)..];
                }
                None => {
                    if skipping.is_none() {
                        current.push('&');
                    }
                    rest = &rest[1..];
                }
            }
        }
    }
    if skipping.is_none() {
        current.push_str(rest);
    }
    push_paragraph(&mut out, &mut current);
    out
}

fn entity(name: &str) -> Option<String> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code).map(String::from);
    }
    quick_xml::escape::resolve_html5_entity(name).map(|s| s.replace('\u{a0}', " "))
}

fn push_paragraph(out: &mut Vec<String>, current: &mut String) {
    let folded = current.split_whitespace().collect::<Vec<_>>().join(" ");
    if !folded.is_empty() {
        out.push(folded);
    }
    current.clear();
}

#[cfg(test)]
mod tests {
    use super::paragraphs;

    #[test]
    fn blocks_become_paragraphs_and_inline_markup_goes() {
        assert_eq!(
            paragraphs(
                "<p>First <b>bold</b> line,<br/>second.</p>\n<div><p>Third &amp; last</p></div>"
            ),
            ["First bold line,", "second.", "Third & last"]
        );
    }

    #[test]
    fn entities_are_resolved_and_bare_ampersands_kept() {
        assert_eq!(
            paragraphs("<p>Caf&eacute; &#8212; &#x2019;s &nbsp;AT&T &bogus;</p>"),
            ["Café — ’s AT&T &bogus;"]
        );
    }

    #[test]
    fn scripts_styles_and_figures_are_dropped() {
        assert_eq!(
            paragraphs(
                "<p>Keep.</p><script>alert('x')</script><figure><img src=x>\
                 <figcaption>Photo: someone</figcaption></figure><style>p{}</style><p>Also.</p>"
            ),
            ["Keep.", "Also."]
        );
    }

    #[test]
    fn an_unclosed_tag_before_a_wide_character_is_harmless() {
        assert!(paragraphs("<é").is_empty());
        assert_eq!(paragraphs("a <é"), ["a"]);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(html in "[<>/&;#a-z0-9 é—\"=]{0,200}") {
            let _ = paragraphs(&html);
        }
    }

    #[test]
    fn plain_text_and_broken_markup_survive() {
        assert_eq!(paragraphs("no markup at all"), ["no markup at all"]);
        assert_eq!(paragraphs("<p>unclosed <b"), ["unclosed"]);
        assert!(paragraphs("").is_empty());
    }
}
