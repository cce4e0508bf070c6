//! Claims carried across a change of a story's text (an edit, a wire
//! version that becomes the head, a merge, a restore). Pure: given the
//! claims held and the old and new text, it says where each claim goes and
//! what its status becomes; the store loads the claims and writes the
//! changes in the order given.
//!
//! Each live claim is carried through the word diff
//! ([`anchor::TextMap::relocate`]): a claim whose words were edited takes
//! its new text and the value the detector reads in it, and a verified one
//! goes back to unchecked, with a status event saying what changed; a claim
//! whose text is gone (deleted, or its sentence rewritten) is kept,
//! detached, with the text it was checked on, and is attached again when
//! that text comes back with its context (a restore). Then the suggestions
//! for text no live claim covers are added.

use serde_json::json;

use super::{anchor, ClaimKind, Suggestion};

/// A live (attached) claim as held, offsets in Unicode scalar values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldClaim {
    pub id: i64,
    pub start: i64,
    pub end: i64,
    pub prefix: String,
    pub suffix: String,
    pub text: String,
    pub status: crate::domain::ClaimStatus,
    pub kind: String,
    pub value: Option<String>,
    pub speaker: Option<String>,
}

/// A detached claim whose text occurs in the new body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetachedClaim {
    pub id: i64,
    pub text: String,
    pub prefix: String,
    pub suffix: String,
}

/// The status a verified claim goes back to, and why (the status event's
/// detail).
#[derive(Debug, Clone, PartialEq)]
pub struct Reset {
    pub detail: serde_json::Value,
}

/// What happens to one claim, in the order the store applies them.
#[derive(Debug, Clone, PartialEq)]
pub enum ClaimChange {
    /// Carried to a place in the new text (scalar offsets), with its text,
    /// quote context, value and speaker there. `text_changed` is the
    /// `text-changed` event's detail when its words changed.
    Moved {
        id: i64,
        start: i64,
        end: i64,
        text: String,
        prefix: String,
        suffix: String,
        value: Option<String>,
        speaker: Option<String>,
        text_changed: Option<serde_json::Value>,
        reset: Option<Reset>,
    },
    /// Its text is gone: kept, detached (a `reanchor` event with `detail`).
    Detached {
        id: i64,
        detail: serde_json::Value,
        reset: Option<Reset>,
    },
    /// A detached claim whose text came back with its context.
    Reattached {
        id: i64,
        start: i64,
        end: i64,
        prefix: String,
        suffix: String,
        detail: serde_json::Value,
    },
}

/// The claims' changes and the new suggestions no live claim covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Carry {
    pub changes: Vec<ClaimChange>,
    pub fresh: Vec<Suggestion>,
}

/// Carries `live` and `gone` claims from `old_body` to `new_body` (the text
/// of `revision_id`), reading values again from `suggestions` (the
/// detector's on the new text).
pub fn carry(
    live: &[HeldClaim],
    gone: &[DetachedClaim],
    old_body: &str,
    new_body: &str,
    suggestions: &[Suggestion],
    revision_id: i64,
) -> Carry {
    let map = anchor::TextMap::new(old_body, new_body);
    let mut covered: Vec<(usize, usize)> = Vec::new();
    let mut changes = Vec::new();
    for claim in live {
        let HeldClaim {
            id,
            start,
            end,
            ref prefix,
            ref suffix,
            ref text,
            ref status,
            ..
        } = *claim;
        let range = anchor::byte_offset(old_body, start as usize)
            .zip(anchor::byte_offset(old_body, end as usize))
            .filter(|(from, to)| from < to && old_body.get(*from..*to) == Some(text.as_str()));
        let relocated = match range {
            Some((from, to)) => map.relocate(from, to, prefix, suffix),
            None => anchor::Relocation::Detached,
        };
        // What was verified is not what the story says any more.
        let reset = *status == crate::domain::ClaimStatus::Verified;
        match relocated {
            anchor::Relocation::Kept { start, end }
            | anchor::Relocation::Changed { start, end } => {
                let new_text = &new_body[start..end];
                let (prefix, suffix) = anchor::quote_context(new_body, start, end);
                let (value, speaker) = if new_text == text {
                    (claim.value.clone(), claim.speaker.clone())
                } else {
                    read_again(claim, new_body, start, end, suggestions)
                };
                covered.push((start, end));
                let (text_changed, reset) = if new_text != text {
                    let mut detail =
                        json!({ "from": text, "to": new_text, "revision_id": revision_id });
                    if value != claim.value {
                        detail["value_from"] = json!(claim.value);
                        detail["value_to"] = json!(value);
                    }
                    let reset = reset.then(|| {
                        let mut detail = detail.clone();
                        detail["reason"] = json!("text-changed");
                        Reset { detail }
                    });
                    (Some(detail), reset)
                } else {
                    (None, None)
                };
                changes.push(ClaimChange::Moved {
                    id,
                    start: anchor::scalar_offset(new_body, start) as i64,
                    end: anchor::scalar_offset(new_body, end) as i64,
                    text: new_text.to_owned(),
                    prefix,
                    suffix,
                    value,
                    speaker,
                    text_changed,
                    reset,
                });
            }
            anchor::Relocation::Detached => {
                let detail = json!({ "detached": true, "text": text, "revision_id": revision_id });
                let reset = reset.then(|| Reset {
                    detail: json!({
                        "reason": "detached",
                        "from": text,
                        "revision_id": revision_id,
                    }),
                });
                changes.push(ClaimChange::Detached { id, detail, reset });
            }
        }
    }
    for claim in gone {
        let Some(start) = anchor::find_quote(new_body, &claim.text, &claim.prefix, &claim.suffix)
        else {
            continue;
        };
        let end = start + claim.text.len();
        if covered.iter().any(|(from, to)| start < *to && *from < end) {
            continue;
        }
        let (prefix, suffix) = anchor::quote_context(new_body, start, end);
        let detail = json!({ "reattached": true, "text": claim.text, "revision_id": revision_id });
        changes.push(ClaimChange::Reattached {
            id: claim.id,
            start: anchor::scalar_offset(new_body, start) as i64,
            end: anchor::scalar_offset(new_body, end) as i64,
            prefix,
            suffix,
            detail,
        });
        covered.push((start, end));
    }
    let fresh = suggestions
        .iter()
        .filter(|s| {
            !covered
                .iter()
                .any(|(from, to)| s.start < *to && *from < s.end)
        })
        .cloned()
        .collect();
    Carry { changes, fresh }
}

/// A claim's value and speaker read again from its new text
/// `new_body[start..end]`: the detector's suggestion of the claim's kind on
/// that span, or else the one starting where it starts ("800 km" of "800 km
/// (497 miles)"), or else the one overlapping it most, or else the detector run
/// on the claim's text alone; no value when none reads it any more. A
/// statement has no value; a quote keeps its speaker unless the detector
/// names one.
fn read_again(
    claim: &HeldClaim,
    new_body: &str,
    start: usize,
    end: usize,
    suggestions: &[Suggestion],
) -> (Option<String>, Option<String>) {
    let Some(kind) = ClaimKind::parse(&claim.kind).filter(|k| *k != ClaimKind::Statement) else {
        return (claim.value.clone(), claim.speaker.clone());
    };
    let overlap = |s: &Suggestion| s.end.min(end).saturating_sub(s.start.max(start));
    let on_body = suggestions
        .iter()
        .filter(|s| s.kind == kind && overlap(s) > 0)
        .max_by_key(|s| {
            (
                s.start == start && s.end == end,
                s.start == start,
                overlap(s),
            )
        })
        .cloned();
    let found = on_body.or_else(|| {
        super::detect(&new_body[start..end], &Default::default())
            .into_iter()
            .find(|s| s.kind == kind)
    });
    match found {
        Some(found) => (found.value, found.speaker.or_else(|| claim.speaker.clone())),
        None => (None, claim.speaker.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held(text: &str, start: i64, status: &str) -> HeldClaim {
        HeldClaim {
            id: 1,
            start,
            end: start + text.chars().count() as i64,
            prefix: String::new(),
            suffix: String::new(),
            text: text.into(),
            status: crate::domain::ClaimStatus::parse(status).expect("a status"),
            kind: "statement".into(),
            value: None,
            speaker: None,
        }
    }

    #[test]
    fn an_untouched_claim_moves_with_its_text_and_keeps_its_status() {
        let old = "The minister resigned on Monday. Talks continue.";
        let new = "Overnight news. The minister resigned on Monday. Talks continue.";
        let carry = carry(
            &[held("Talks continue", 33, "verified")],
            &[],
            old,
            new,
            &[],
            9,
        );
        match &carry.changes[..] {
            [ClaimChange::Moved {
                start,
                text,
                text_changed: None,
                reset: None,
                ..
            }] => {
                assert_eq!(text, "Talks continue");
                assert_eq!(*start, 49);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_verified_claim_whose_text_is_gone_is_detached_and_goes_back_to_unchecked() {
        let old = "The minister resigned on Monday. Talks continue.";
        let new = "Something else entirely happened here.";
        let carry = carry(
            &[held("Talks continue", 33, "verified")],
            &[],
            old,
            new,
            &[],
            9,
        );
        match &carry.changes[..] {
            [ClaimChange::Detached {
                reset: Some(reset), ..
            }] => assert_eq!(reset.detail["reason"], "detached"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_detached_claim_whose_text_returns_is_attached_again() {
        let gone = DetachedClaim {
            id: 4,
            text: "Talks continue".into(),
            prefix: "held. ".into(),
            suffix: ".".into(),
        };
        let carry = carry(&[], &[gone], "", "Talks continue.", &[], 9);
        assert!(matches!(
            &carry.changes[..],
            [ClaimChange::Reattached {
                id: 4,
                start: 0,
                end: 14,
                ..
            }]
        ));
    }
}
