//! Tokens: the body cut into words, digit runs and single marks, each with
//! its byte range, so the rules read words and never re-scan the text.

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Letters (any script).
    Word,
    /// ASCII digits, with `,` or `.` between digits ("4,000", "3.5", "22,7").
    Number,
    /// Any other single character that is not white space.
    Mark,
}

/// One token of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub shape: Shape,
    /// White space separates it from the token before.
    pub space_before: bool,
    /// It opens a paragraph (the first token, or one after a blank line).
    pub paragraph_start: bool,
}

impl Token<'_> {
    pub fn is_word(&self) -> bool {
        self.shape == Shape::Word
    }

    pub fn is_number(&self) -> bool {
        self.shape == Shape::Number
    }

    /// A mark that is exactly `c`.
    pub fn is_mark(&self, c: char) -> bool {
        self.shape == Shape::Mark && self.text.starts_with(c)
    }

    /// A word that starts with a capital letter.
    pub fn is_capitalised(&self) -> bool {
        self.is_word() && self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// A word equal to `word`, ignoring ASCII case.
    pub fn is(&self, word: &str) -> bool {
        self.is_word() && self.text.eq_ignore_ascii_case(word)
    }

    /// Whether the token follows the one before it with nothing in between.
    pub fn glued(&self) -> bool {
        !self.space_before && !self.paragraph_start
    }
}

/// Cuts `body` into tokens, in one pass.
pub(crate) fn tokenize(body: &str) -> Vec<Token<'_>> {
    let bytes = body.as_bytes();
    let mut tokens = Vec::with_capacity(body.len() / 4);
    let mut chars = body.char_indices().peekable();
    let mut space_before = false;
    let mut newlines = 2; // the body's start counts as a paragraph start
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            space_before = true;
            if c == '\n' {
                newlines += 1;
            }
            continue;
        }
        let shape;
        let mut end = start + c.len_utf8();
        if c.is_alphabetic() {
            shape = Shape::Word;
            while let Some(&(i, n)) = chars.peek() {
                if !n.is_alphabetic() && !is_combining(n) {
                    break;
                }
                end = i + n.len_utf8();
                chars.next();
            }
        } else if c.is_ascii_digit() {
            shape = Shape::Number;
            while let Some(&(i, n)) = chars.peek() {
                let joins = (n == ',' || n == '.')
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
                    && bytes[i - 1].is_ascii_digit();
                if !n.is_ascii_digit() && !joins {
                    break;
                }
                end = i + n.len_utf8();
                chars.next();
            }
        } else {
            shape = Shape::Mark;
        }
        tokens.push(Token {
            text: &body[start..end],
            start,
            end,
            shape,
            space_before,
            paragraph_start: newlines >= 2,
        });
        space_before = false;
        newlines = 0;
    }
    tokens
}

fn is_combining(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shapes(text: &str) -> Vec<(&str, Shape)> {
        tokenize(text).iter().map(|t| (t.text, t.shape)).collect()
    }

    #[test]
    fn numbers_keep_their_separators_and_split_from_glued_units() {
        assert_eq!(
            shapes("4,000 troops, 3.5% and 100km."),
            vec![
                ("4,000", Shape::Number),
                ("troops", Shape::Word),
                (",", Shape::Mark),
                ("3.5", Shape::Number),
                ("%", Shape::Mark),
                ("and", Shape::Word),
                ("100", Shape::Number),
                ("km", Shape::Word),
                (".", Shape::Mark),
            ]
        );
    }

    #[test]
    fn byte_ranges_stay_on_char_boundaries_and_paragraphs_are_marked() {
        let text = "“Güven” said.\n\nNext – 5";
        let tokens = tokenize(text);
        for t in &tokens {
            assert_eq!(&text[t.start..t.end], t.text);
        }
        let next = tokens.iter().find(|t| t.text == "Next").unwrap();
        assert!(next.paragraph_start);
        assert!(tokens[0].paragraph_start);
        assert!(!tokens[1].paragraph_start);
        assert!(!tokens[1].space_before);
    }
}
