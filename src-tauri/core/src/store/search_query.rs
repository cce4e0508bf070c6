//! Turns what an editor types into the search box into a safe FTS5 query.
//!
//! Every word becomes a quoted FTS5 string, so punctuation, quotes and FTS5
//! operators in the input can never make the query fail. Words are ANDed;
//! "quoted text" is a phrase; a trailing `*` keeps prefix search; a figure
//! such as `4,000` becomes the phrase of its tokens ("4 000").

/// The FTS5 query for `input`, or `None` when it has no searchable word.
pub fn fts_query(input: &str) -> Option<String> {
    let mut parts = Vec::new();
    for (i, chunk) in input.split('"').enumerate() {
        let in_quotes = i % 2 == 1;
        if in_quotes {
            parts.extend(phrase(&tokens(chunk), false));
        } else {
            for word in chunk.split_whitespace() {
                let prefix = word.ends_with('*');
                parts.extend(phrase(&tokens(word), prefix));
            }
        }
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect()
}

fn phrase(tokens: &[&str], prefix: bool) -> Option<String> {
    if tokens.is_empty() {
        return None;
    }
    let quoted = format!("\"{}\"", tokens.join(" "));
    Some(if prefix { quoted + "*" } else { quoted })
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn words_are_quoted_and_anded() {
        assert_eq!(fts_query("Peskov  Kosovo").unwrap(), r#""Peskov" "Kosovo""#);
    }

    #[test]
    fn phrases_prefixes_and_figures() {
        assert_eq!(
            fts_query(r#""additional troops" nato* 4,000"#).unwrap(),
            r#""additional troops" "nato"* "4 000""#
        );
    }

    #[test]
    fn operators_and_punctuation_are_harmless() {
        assert_eq!(
            fts_query("AND OR NOT ( ) : ^ -x").unwrap(),
            r#""AND" "OR" "NOT" "x""#
        );
        assert_eq!(
            fts_query(r#"unbalanced "quote"#).unwrap(),
            r#""unbalanced" "quote""#
        );
    }

    #[test]
    fn nothing_searchable() {
        assert_eq!(fts_query("  ,. \"\" * "), None);
    }
}
