//! Cleaning never loses a sentence of the story. Over every corpus story:
//! each sentence of the raw copy (eight words or more) is either in the
//! clean story (headline, byline, body, credit) or in a removal recorded
//! by a named rule. And a real paragraph holding a link, put at any line
//! of any corpus story, comes through with its text.

use std::path::PathBuf;

use wiredesk_core::ingest::{self, ParsedCopy};

use crate::support::corpus;

fn stories() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus().join("stories"))
        .expect("read corpus stories")
        .map(|e| e.expect("corpus entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 50, "only {} corpus stories", files.len());
    files
}

/// Text as compared: tags and entities out, then only the ASCII letters
/// and digits, lower case, one space between words. Markup reduced,
/// damaged characters repaired and white space folded all compare equal.
fn comparable(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            _ => plain.push(c),
        }
    }
    let plain = plain
        .replace("&amp;", "&")
        .replace("&nbsp;", " ")
        .replace("&quot;", "\"");
    plain
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Everything the parsed copy holds: the story's fields, the body with
/// every piece cut from inside a paragraph put back at its place (as a
/// restore would), and every removal of its own.
fn held(copy: &ParsedCopy) -> String {
    let removals = copy.removals();
    let mut paragraphs: Vec<String> = copy.body.split("\n\n").map(str::to_owned).collect();
    let mut cuts: Vec<_> = removals.iter().filter(|r| r.within.is_some()).collect();
    cuts.sort_by_key(|r| std::cmp::Reverse((r.position, r.within)));
    for cut in cuts {
        if let (Some(paragraph), Some(within)) = (paragraphs.get_mut(cut.position), cut.within) {
            let at = paragraph
                .char_indices()
                .nth(within)
                .map_or(paragraph.len(), |(i, _)| i);
            paragraph.insert_str(at, &format!(" {} ", cut.text));
        }
    }
    let mut parts = vec![copy.headline.clone(), paragraphs.join("\n\n")];
    parts.extend(copy.byline.clone());
    parts.extend(copy.credit.clone());
    parts.extend(copy.dateline.clone());
    parts.extend(
        removals
            .iter()
            .filter(|r| r.within.is_none())
            .map(|r| r.text.clone()),
    );
    // A stamp cut from the front of the headline's line stands before it.
    for stamp in removals.iter().filter(|r| r.rule == "date-stamp") {
        parts.push(format!("{} {}", stamp.text, copy.headline));
    }
    // A site's name cut from the headline stands after it.
    for suffix in removals.iter().filter(|r| r.rule == "headline-suffix") {
        parts.push(format!("{} {}", copy.headline, suffix.text));
    }
    comparable(&parts.join("\n"))
}

/// The raw copy's sentences of eight words or more, line by line.
fn sentences(raw: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in raw.lines() {
        let mut start = 0;
        let bytes: Vec<(usize, char)> = line.char_indices().collect();
        for (k, &(at, c)) in bytes.iter().enumerate() {
            let next_is_space = bytes.get(k + 1).is_none_or(|(_, n)| n.is_whitespace());
            if matches!(c, '.' | '?' | '!') && next_is_space {
                out.push(line[start..at + c.len_utf8()].to_owned());
                start = at + c.len_utf8();
            }
        }
        out.push(line[start..].to_owned());
    }
    out.into_iter()
        .map(|s| comparable(&s))
        .filter(|s| s.split(' ').count() >= 8)
        .collect()
}

#[test]
fn no_sentence_of_any_corpus_story_is_lost() {
    let mut checked = 0;
    let mut lost = Vec::new();
    for path in stories() {
        let bytes = std::fs::read(&path).expect("read story");
        let copy = ingest::parse(&bytes).expect("corpus story parses");
        let held = held(&copy);
        let raw = String::from_utf8_lossy(&bytes);
        for sentence in sentences(&raw) {
            checked += 1;
            if !held.contains(&sentence) {
                lost.push(format!(
                    "{}: {sentence}",
                    path.file_name().unwrap_or_default().to_string_lossy()
                ));
            }
        }
    }
    println!("{checked} sentences of eight words or more checked");
    assert!(checked > 600, "only {checked} sentences checked");
    assert!(
        lost.is_empty(),
        "{} sentences lost:\n{}",
        lost.len(),
        lost.join("\n")
    );
}

#[test]
fn every_removal_names_its_rule_and_stands_within_the_body() {
    let mut removals = 0;
    for path in stories() {
        let copy = ingest::parse(&std::fs::read(&path).expect("read story")).expect("parses");
        let paragraphs: Vec<&str> = copy.body.split("\n\n").collect();
        for removal in copy.removals() {
            removals += 1;
            assert!(
                !removal.rule.is_empty() && !removal.text.trim().is_empty(),
                "{path:?}: {removal:?}"
            );
            assert!(
                removal.position <= paragraphs.len(),
                "{path:?}: {removal:?}"
            );
            if let Some(within) = removal.within {
                let paragraph = paragraphs.get(removal.position).unwrap_or(&"");
                assert!(within <= paragraph.chars().count(), "{path:?}: {removal:?}");
            }
        }
    }
    assert!(removals > 300, "only {removals} removals over the corpus");
}

/// The paragraph put into the stories, in each markup form a page uses.
const LINKED: &[&str] = &[
    "Officials said <a href=\"https://x.example/roads\">about 40 roads</a> were closed across the region on Monday after the storm.",
    "Officials said about <b>40 roads</b> were closed across the region on Monday after the <i>storm</i>.",
    "Officials said <span class=\"hl\">about 40 roads</span> were closed across the region on Monday after the storm.<img src=\"x.jpg\">",
];
const LINKED_TEXT: &str =
    "Officials said about 40 roads were closed across the region on Monday after the storm.";

/// Rules that remove a whole region the copy marks as not the story's (a
/// glued-on story, reader comments, the page above its header stamp): a
/// paragraph put inside such a region goes with it, recorded whole.
const REGION_RULES: &[&str] = &["glued-story", "reader-comments", "above-stamp"];

#[test]
fn a_linked_paragraph_anywhere_in_any_story_survives() {
    let mut tries = 0;
    let mut in_body = 0;
    for path in stories() {
        let raw = String::from_utf8_lossy(&std::fs::read(&path).expect("read story")).into_owned();
        let lines: Vec<&str> = raw.lines().collect();
        for at in 0..=lines.len() {
            let linked = LINKED[at % LINKED.len()];
            let mut copy: Vec<&str> = lines[..at].to_vec();
            copy.extend(["", linked, ""]);
            copy.extend(&lines[at..]);
            let text = copy.join("\n");
            let parsed = ingest::parse(text.as_bytes())
                .unwrap_or_else(|e| panic!("{path:?} with the paragraph at line {at}: {e}"));
            tries += 1;
            if parsed.body.contains(LINKED_TEXT) {
                in_body += 1;
                continue;
            }
            let recorded = parsed
                .removals()
                .into_iter()
                .find(|r| r.text.contains(LINKED_TEXT));
            match recorded {
                Some(r) if REGION_RULES.contains(&r.rule.as_str()) => {}
                other => panic!(
                    "{path:?}: the paragraph put at line {at} is not in the body ({other:?})\nbody: {}",
                    parsed.body
                ),
            }
        }
    }
    println!("{in_body} of {tries} placements kept in the body, the rest recorded with a region");
    assert!(tries > 1_000, "only {tries} placements");
    assert!(
        in_body * 10 >= tries * 9,
        "only {in_body} of {tries} placements kept in the body"
    );
}
