//! Recurring furniture, learned from the library. Page furniture recurs
//! across unrelated stories ("Join the conversation", "Already a
//! subscriber? Log in"); a story's own sentences do not, except in other
//! versions of the same story. The library keeps a count of the stories each
//! normalised line of plain-text copy was seen in, a story counted once
//! however many versions repeat the line; a line already seen in
//! [`RECURRING_STORIES`] other stories is taken out of new copy by the rule
//! [`RULE`], recorded as a [`Removal`] that says how often it was seen.
//!
//! This module is pure (which lines could be furniture, their hashes, and
//! taking the chosen ones out of a parsed copy); the counts live in the
//! store (`store/recurring.rs`) and [`crate::Library`] runs the step after
//! parsing, before the copy is stored.
//!
//! **Prose is never learned as furniture.** Agency prose recurs too:
//! "Reuters could not immediately verify the report." closes hundreds of
//! unrelated stories, and a company's boilerplate paragraph ends every story
//! about it. Counting cannot tell such a sentence from a furniture sentence,
//! and the product's rule is that a paragraph goes only when the evidence
//! that it is furniture is stronger than the evidence that it is prose. So a
//! line is counted, and can be taken out, only when it does not read as a
//! sentence ([`reads_as_prose`]), is short ([`MAX_WORDS`]), and is not the
//! copy's dateline, byline or credit line. Furniture that reads as a
//! sentence is left to the cleaner's named rules.
//!
//! **Scope.** Counts are kept per publisher where attribution names one
//! (`publisher` in the copy's metadata: the outlet whose page it is), and
//! for all copy together otherwise: furniture belongs to a publisher's
//! pages, whatever agency's story they carry. Not per agency: an agency's
//! recurring lines are its own prose, and a site's chrome recurs on the
//! stories of every agency it carries.

use crate::claims::Suggestion;
use crate::ingest::{ParsedCopy, Removal, PUBLISHER_KEY};

/// The rule's name in removal records.
pub const RULE: &str = "recurring-furniture";

/// A line seen in this many other stories (K) is furniture.
pub const RECURRING_STORIES: i64 = 5;

/// Lines longer than this many words are never counted.
pub const MAX_WORDS: usize = 30;

/// The scope a copy's lines are counted in: its publisher, lower-cased,
/// or "" (all copy) when it names none.
pub fn scope(copy: &ParsedCopy) -> String {
    scope_named(
        copy.metadata
            .get(PUBLISHER_KEY)
            .and_then(serde_json::Value::as_str),
    )
}

/// The scope of copy from `publisher` ("" for none).
pub fn scope_named(publisher: Option<&str>) -> String {
    publisher
        .map(|p| {
            p.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        })
        .unwrap_or_default()
}

/// A line's words, lower-cased, without punctuation: "Join the
/// conversation »" and "join the conversation" are one line.
fn normalised(line: &str) -> String {
    line.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// FNV-1a of the normalised line: stable between builds, because the
/// counts are stored.
fn line_hash(normalised: &str) -> i64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in normalised.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    i64::from_ne_bytes(hash.to_ne_bytes())
}

/// Whether a line reads as a sentence of prose: four words or more, two of
/// them starting in lower case (a verb, an article), and a sentence end
/// (a closing quote or bracket may follow it).
pub fn reads_as_prose(line: &str) -> bool {
    let end = line
        .trim_end()
        .trim_end_matches(['"', '”', '’', '\'', ')', ']']);
    let words: Vec<&str> = line.split_whitespace().collect();
    words.len() >= 4
        && end.ends_with(['.', '!', '?', '…'])
        && words
            .iter()
            .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
            .count()
            >= 2
}

/// Openings of attribution lines: the agency's, never a page's.
const ATTRIBUTION: &[&str] = &[
    "by ",
    "(by ",
    "reporting by",
    "(reporting by",
    "additional reporting",
    "(additional reporting",
    "editing by",
    "writing by",
    "compiled by",
    "(compiled by",
    "(writing by",
    "(editing by",
];

/// The hash of each of the copy's body paragraphs that could be furniture
/// (`None` for the others), in body order.
pub fn candidate_lines(copy: &ParsedCopy) -> Vec<Option<i64>> {
    candidates(
        &copy.body,
        [&copy.dateline, &copy.byline, &copy.credit].map(Option::as_deref),
    )
}

/// [`candidate_lines`] of a body and its dateline, byline and credit (a
/// revision held in the library).
pub fn candidates(body: &str, own_fields: [Option<&str>; 3]) -> Vec<Option<i64>> {
    let own: Vec<String> = own_fields.into_iter().flatten().map(normalised).collect();
    body.split("\n\n")
        .map(|paragraph| {
            let words = paragraph.split_whitespace().count();
            let lower = paragraph.to_lowercase();
            if words == 0
                || words > MAX_WORDS
                || reads_as_prose(paragraph)
                || ATTRIBUTION.iter().any(|a| lower.starts_with(a))
            {
                return None;
            }
            let line = normalised(paragraph);
            if line.is_empty() || own.contains(&line) {
                return None;
            }
            Some(line_hash(&line))
        })
        .collect()
}

/// Whether any paragraph at `remove` stands within the words of the copy's
/// opening (headline and body) that linking samples, so that taking it out
/// changes the opening.
pub fn within_opening(copy: &ParsedCopy, remove: &[(usize, i64)]) -> bool {
    let Some(first) = remove.iter().map(|(at, _)| *at).min() else {
        return false;
    };
    let words = |text: &str| {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .count()
    };
    let before: usize = words(&copy.headline)
        + copy
            .body
            .split("\n\n")
            .take(first)
            .map(words)
            .sum::<usize>();
    before < crate::similarity::OPENING_WORDS
}

/// Takes the paragraphs at `remove` (body indexes, ascending, each with how
/// many other stories its line was seen in) out of the copy: the body, the
/// removal records (the cleaner's keep their place), and the claims
/// suggested in it (those in a removed paragraph go; the rest move with
/// their text). Never empties a body, and never takes a paragraph the
/// cleaner cut a passage from: such paragraphs are left alone.
pub fn take_out(copy: &mut ParsedCopy, remove: &[(usize, i64)], claims: &mut Vec<Suggestion>) {
    let mut removals = copy.removals();
    let cut_within: Vec<usize> = removals
        .iter()
        .filter(|r| r.within.is_some())
        .map(|r| r.position)
        .collect();
    let remove: Vec<(usize, i64)> = remove
        .iter()
        .copied()
        .filter(|(at, _)| !cut_within.contains(at))
        .collect();
    let paragraphs: Vec<&str> = copy.body.split("\n\n").collect();
    if remove.is_empty() || remove.len() >= paragraphs.len() {
        return;
    }
    let gone = |at: usize| remove.iter().any(|(i, _)| *i == at);
    // Each paragraph's byte range in the old body, and where a kept one
    // starts in the new body.
    let mut spans = Vec::with_capacity(paragraphs.len());
    let mut new_starts = Vec::with_capacity(paragraphs.len());
    let (mut old_at, mut new_at) = (0, 0);
    for (i, paragraph) in paragraphs.iter().enumerate() {
        spans.push((old_at, old_at + paragraph.len()));
        old_at += paragraph.len() + 2;
        if gone(i) {
            new_starts.push(None);
        } else {
            new_starts.push(Some(new_at));
            new_at += paragraph.len() + 2;
        }
    }
    let new_body = paragraphs
        .iter()
        .enumerate()
        .filter(|(i, _)| !gone(*i))
        .map(|(_, p)| *p)
        .collect::<Vec<_>>()
        .join("\n\n");
    // Claims move with their paragraph; those in a removed one go.
    claims.retain_mut(|claim| {
        let Some(i) = spans
            .iter()
            .position(|(from, to)| claim.start >= *from && claim.start < *to)
        else {
            return false;
        };
        let (from, to) = spans[i];
        match new_starts[i] {
            Some(start) if claim.end <= to => {
                claim.start = start + (claim.start - from);
                claim.end = start + (claim.end - from);
                new_body.get(claim.start..claim.end) == Some(claim.text.as_str())
            }
            _ => false,
        }
    });
    // Removal records in copy order: the cleaner's before paragraph P
    // (P, 0), this rule's paragraph i (i, 1), the cleaner's cut from inside
    // paragraph P (P, 2); positions count the paragraphs kept before.
    let before = |index: usize| remove.iter().filter(|(i, _)| *i < index).count();
    let mut ordered: Vec<((usize, u8), Removal)> = removals
        .drain(..)
        .map(|mut r| {
            let key = (r.position, if r.within.is_some() { 2 } else { 0 });
            r.position -= before(r.position);
            (key, r)
        })
        .collect();
    for (i, seen) in &remove {
        ordered.push((
            (*i, 1),
            Removal {
                rule: RULE.to_owned(),
                text: paragraphs[*i].to_owned(),
                position: *i - before(*i),
                within: None,
                detail: Some(format!(
                    "seen in {seen} other {}",
                    if *seen == 1 { "story" } else { "stories" }
                )),
            },
        ));
    }
    ordered.sort_by_key(|(key, _)| *key);
    let removals: Vec<Removal> = ordered.into_iter().map(|(_, r)| r).collect();
    copy.body = new_body;
    copy.set_removals(&removals);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::ClaimKind;
    use crate::ingest::{Format, SourceRef};

    fn copy(body: &str) -> ParsedCopy {
        ParsedCopy {
            format: Format::Text,
            encoding: "UTF-8",
            source: SourceRef::unknown(),
            guid: None,
            slug: None,
            headline: "Harbour reopens".into(),
            dateline: Some("HALVARD".into()),
            byline: Some("By Ana Lind".into()),
            credit: None,
            body: body.into(),
            metadata: serde_json::json!({}),
        }
    }

    #[test]
    fn prose_is_not_furniture() {
        for prose in [
            "Reuters could not immediately verify the report.",
            "The company did not respond to a request for comment.",
            "“We are ready,” he said.",
            "Follow us on the harbour walk today.",
        ] {
            assert!(reads_as_prose(prose), "{prose}");
        }
        for furniture in [
            "Join the conversation",
            "Already a subscriber? Log in",
            "Advertisement",
            "Our Standards: The Thomson Reuters Trust Principles.",
            "Share this article",
        ] {
            assert!(!reads_as_prose(furniture), "{furniture}");
        }
    }

    #[test]
    fn candidates_are_short_lines_that_are_not_prose_or_the_copys_own_fields() {
        let body = "HALVARD\n\nJoin the conversation\n\nThe harbour reopened on Tuesday after \
            a storm, officials said.\n\nBy Ana Lind\n\n(Reporting by Ana Lind; Editing by Tom \
            Berg)\n\n•";
        let lines = candidate_lines(&copy(body));
        assert_eq!(lines.len(), 6);
        assert!(lines[0].is_none(), "the dateline");
        assert!(lines[1].is_some(), "furniture");
        assert!(lines[2].is_none(), "prose");
        assert!(lines[3].is_none(), "the byline");
        assert!(lines[4].is_none(), "the credit");
        assert!(lines[5].is_none(), "nothing to count");
        assert_eq!(
            candidate_lines(&copy("Join the conversation »"))[0],
            lines[1],
            "punctuation and case do not count"
        );
        assert_eq!(
            candidates(body, [None, None, None])
                .into_iter()
                .flatten()
                .collect::<Vec<_>>(),
            vec![line_hash("halvard"), line_hash("join the conversation")]
        );
    }

    #[test]
    fn the_line_hash_is_stable() {
        assert_eq!(line_hash(""), 0xcbf2_9ce4_8422_2325_u64 as i64);
        assert_eq!(line_hash("a"), 0xaf63_dc4c_8601_ec8c_u64 as i64);
    }

    fn suggestion(body: &str, text: &str) -> Suggestion {
        let start = body.find(text).unwrap();
        Suggestion {
            kind: ClaimKind::Quantity,
            start,
            end: start + text.len(),
            text: text.into(),
            value: None,
            speaker: None,
            speaker_source: None,
            rule: "test",
            rank: 1,
            resolved_against: None,
            forward: false,
        }
    }

    #[test]
    fn taking_out_moves_claims_and_keeps_the_cleaners_records_in_place() {
        let body = "Join the conversation\n\nThe storm damaged 14 cranes, officials said.\n\n\
            Live: 3 updates\n\nRepairs cost 35 million crowns.";
        let mut parsed = copy(body);
        parsed.set_removals(&[
            Removal {
                rule: "navigation".into(),
                text: "Home | World".into(),
                position: 0,
                within: None,
                detail: None,
            },
            Removal {
                rule: "caption".into(),
                text: "A crane (Photo: AP)".into(),
                position: 2,
                within: None,
                detail: None,
            },
            Removal {
                rule: "trailing-credit".into(),
                text: "(ANI)".into(),
                position: 3,
                within: Some(31),
                detail: None,
            },
        ]);
        let mut claims = vec![
            suggestion(body, "14 cranes"),
            suggestion(body, "3 updates"),
            suggestion(body, "35 million crowns"),
        ];
        take_out(&mut parsed, &[(0, 7), (2, 5)], &mut claims);
        assert_eq!(
            parsed.body,
            "The storm damaged 14 cranes, officials said.\n\nRepairs cost 35 million crowns."
        );
        let texts: Vec<&str> = claims.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["14 cranes", "35 million crowns"]);
        for claim in &claims {
            assert_eq!(&parsed.body[claim.start..claim.end], claim.text);
        }
        let removed: Vec<(String, usize, Option<String>)> = parsed
            .removals()
            .into_iter()
            .map(|r| (r.rule, r.position, r.detail))
            .collect();
        assert_eq!(
            removed,
            [
                ("navigation".into(), 0, None),
                (RULE.into(), 0, Some("seen in 7 other stories".into())),
                ("caption".into(), 1, None),
                (RULE.into(), 1, Some("seen in 5 other stories".into())),
                ("trailing-credit".into(), 1, None),
            ]
        );
    }

    #[test]
    fn a_body_is_never_emptied_and_a_paragraph_the_cleaner_cut_from_stays() {
        let mut parsed = copy("Join the conversation\n\nShare this article");
        let mut claims = Vec::new();
        take_out(&mut parsed, &[(0, 9), (1, 9)], &mut claims);
        assert_eq!(parsed.body, "Join the conversation\n\nShare this article");
        parsed.set_removals(&[Removal {
            rule: "trailing-credit".into(),
            text: "(ANI)".into(),
            position: 1,
            within: Some(18),
            detail: None,
        }]);
        take_out(&mut parsed, &[(1, 9)], &mut claims);
        assert_eq!(parsed.body, "Join the conversation\n\nShare this article");
        take_out(&mut parsed, &[(0, 9)], &mut claims);
        assert_eq!(parsed.body, "Share this article");
        assert_eq!(
            parsed.removals()[1].position,
            0,
            "the cut stays with its paragraph"
        );
    }
}
