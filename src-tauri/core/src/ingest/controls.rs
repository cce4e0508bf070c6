//! Control characters in text that enters the library, by any door: wire
//! copy, an editor's save, a note, a setting. They mean nothing to a reader,
//! make exported XML invalid, and a terminal that prints them obeys them
//! (`show` in a terminal would change colours, move the cursor, retitle
//! the window). Terminal escape sequences go whole, not just their ESC:
//! `ESC [ 31 m` would otherwise leave `[31m` in the text. Line breaks stay
//! where the text may have them; a tab is a space.

use std::borrow::Cow;

/// Whether `text` holds anything [`without_controls`] would change.
pub fn has_controls(text: &str) -> bool {
    text.chars().any(|c| c.is_control() && c != '\n')
}

/// `text` without control characters and terminal escape sequences; `\n`
/// kept, a tab made a space, `\r\n` and a lone `\r` made `\n`.
pub fn without_controls(text: &str) -> Cow<'_, str> {
    if !has_controls(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push('\n'),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\t' => out.push(' '),
            // ESC [ … and the one-character CSI: parameters and
            // intermediates, then one final character.
            '\u{1b}' if chars.peek() == Some(&'[') => {
                chars.next();
                skip_csi(&mut chars);
            }
            '\u{9b}' => skip_csi(&mut chars),
            // ESC ] …, ESC P …, ESC _ …, ESC ^ …: strings ended by BEL or
            // ESC \ (window titles, hyperlinks, device controls).
            '\u{1b}' if matches!(chars.peek(), Some(']' | 'P' | '_' | '^' | 'X')) => {
                chars.next();
                skip_string(&mut chars);
            }
            '\u{9d}' | '\u{90}' | '\u{9f}' | '\u{9e}' | '\u{98}' => skip_string(&mut chars),
            // ESC and one more character (ESC 7, ESC c, ESC ( B…).
            '\u{1b}' => {
                if let Some(&next) = chars.peek() {
                    if ('\u{20}'..='\u{2f}').contains(&next) {
                        chars.next();
                        chars.next();
                    } else if ('\u{30}'..='\u{7e}').contains(&next) {
                        chars.next();
                    }
                }
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A one-line field (a headline, a name, a setting): no controls, white
/// space folded to single spaces, trimmed.
pub fn one_line(text: &str) -> String {
    without_controls(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` with every control character except `\n` written out as an
/// escape (`\u{1b}`), for showing a name or a message on a terminal
/// that would otherwise obey it: a file named with an escape sequence is
/// shown, not run.
pub fn escaped(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\n') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() && c != '\n' {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(&c) = chars.peek() {
        if ('\u{30}'..='\u{3f}').contains(&c) || ('\u{20}'..='\u{2f}').contains(&c) {
            chars.next();
        } else {
            if ('\u{40}'..='\u{7e}').contains(&c) {
                chars.next();
            }
            return;
        }
    }
}

fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => return,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                return;
            }
            // A string cut off by the end of a line ends there.
            '\n' => return,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_shows_controls_instead_of_obeying_them() {
        assert_eq!(escaped("a\u{1b}[31mb\n"), "a\\u{1b}[31mb\n");
        assert_eq!(escaped("tab\there"), "tab\\u{9}here");
        assert!(matches!(escaped("plain — «text»"), Cow::Borrowed(_)));
    }

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        let text = "Cranes stood idle.\n\nTalks resume — «soon», 40 %.";
        assert!(matches!(without_controls(text), Cow::Borrowed(t) if t == text));
    }

    #[test]
    fn terminal_sequences_go_whole() {
        assert_eq!(
            without_controls("Cranes \u{1b}[1;31midle\u{1b}[0m today"),
            "Cranes idle today"
        );
        assert_eq!(
            without_controls("a\u{1b}]0;new title\u{7}b\u{1b}]8;;https://x.example\u{1b}\\link\u{1b}]8;;\u{1b}\\c"),
            "ablinkc"
        );
        assert_eq!(without_controls("a\u{1b}7b\u{1b}(Bc\u{1b}"), "abc");
        assert_eq!(without_controls("a\u{9b}2Jb"), "ab");
        assert_eq!(without_controls("x\u{1b}[?25ly"), "xy");
    }

    #[test]
    fn single_controls_go_line_breaks_stay() {
        assert_eq!(
            without_controls("\u{1}Dock\u{7} workers\tsaid\u{0}\r\nso.\rThen\u{7f}."),
            "Dock workers said\nso.\nThen."
        );
        assert_eq!(one_line(" Cranes\u{7}\n idle\t "), "Cranes idle");
        assert!(!has_controls("line\nline"));
        assert!(has_controls("bell\u{7}"));
    }
}
