//! Percentages: "3.5%", "over 70 percent", "87 pct", "85 per cent", "5-6
//! percent", "50 basis points", "a 75-basis-point hike", "2 percentage
//! points", and an election "5.46 swing" (a swing is counted in points).

use super::token::Token;
use super::{lexicon, number, qualifier_before, Claim, Scan};
use crate::claims::ClaimKind;

/// Runs the percentage rule over the body.
pub(super) fn find(scan: &mut Scan) {
    let mut i = 0;
    while i < scan.tokens.len() {
        let token = &scan.tokens[i];
        let may_start = token.is_number()
            || token.is("a")
            || token.is("half")
            || (token.is_word() && lexicon::cardinal(token.text).is_some());
        if !may_start {
            i += 1;
            continue;
        }
        let found = percentage(&scan.tokens, i).filter(|c| !scan.any_taken(c.first, c.last));
        match found {
            Some(claim) => {
                i = claim.last + 1;
                scan.push(claim);
            }
            None => i += 1,
        }
    }
}

/// The unit after a figure ending at `last`: its normalised name and the
/// last token it spans.
fn unit_after(tokens: &[Token], last: usize) -> Option<(&'static str, usize)> {
    let next = tokens.get(last + 1)?;
    let word = |k: usize| tokens.get(k).filter(|t| t.is_word());
    let is = |k: usize, w: &str| word(k).is_some_and(|t| t.is(w));
    if next.is_mark('%') {
        return Some(("percent", last + 1));
    }
    // "75-basis-point", "10-percentage-point", "5-percent"
    if next.is_mark('-') && next.glued() {
        let at = last + 2;
        if is(at, "percent") {
            return Some(("percent", at));
        }
        let hyphen_then = |w: &str| {
            tokens
                .get(at + 1)
                .is_some_and(|d| d.is_mark('-') && d.glued())
                && word(at + 2)
                    .is_some_and(|t| t.is(w) || t.text.eq_ignore_ascii_case(&format!("{w}s")))
        };
        if is(at, "basis") && hyphen_then("point") {
            return Some(("basis points", at + 2));
        }
        if is(at, "percentage") && hyphen_then("point") {
            return Some(("percentage points", at + 2));
        }
        return None;
    }
    let at = last + 1;
    let points = |k: usize| is(k, "point") || is(k, "points");
    if is(at, "percent") || is(at, "pct") {
        Some(("percent", at))
    } else if is(at, "per") && is(at + 1, "cent") {
        Some(("percent", at + 1))
    } else if is(at, "basis") && points(at + 1) {
        Some(("basis points", at + 1))
    } else if is(at, "bps") || is(at, "bp") {
        Some(("basis points", at))
    } else if is(at, "percentage") && points(at + 1) {
        Some(("percentage points", at + 1))
    } else if is(at, "swing") {
        Some(("percentage points swing", at))
    } else if points(at) && is(at + 1, "swing") {
        Some(("percentage points swing", at + 1))
    } else {
        None
    }
}

/// "a quarter of a percentage point", "half a percentage point".
fn fraction_of_point(tokens: &[Token], i: usize) -> Option<Claim> {
    let is = |k: usize, w: &str| tokens.get(k).is_some_and(|t| t.is(w));
    let (value, at) = if is(i, "a") && is(i + 1, "quarter") && is(i + 2, "of") && is(i + 3, "a") {
        ("0.25", i + 4)
    } else if is(i, "half") && is(i + 1, "a") {
        ("0.5", i + 2)
    } else if is(i, "half") && is(i + 1, "of") && is(i + 2, "a") {
        ("0.5", i + 3)
    } else {
        return None;
    };
    let (unit, last) = if is(at, "percentage") && is(at + 1, "point") {
        ("percentage points", at + 1)
    } else if is(at, "basis") && is(at + 1, "point") {
        ("basis points", at + 1)
    } else if is(at, "percent") || is(at, "point") {
        (
            if is(at, "percent") {
                "percent"
            } else {
                "percentage points"
            },
            at,
        )
    } else {
        return None;
    };
    Some(Claim {
        kind: ClaimKind::Percentage,
        first: i,
        last,
        value: Some(format!("{value} {unit}")),
        rule: "percentage",
        relative: false,
        forward: false,
    })
}

fn percentage(tokens: &[Token], i: usize) -> Option<Claim> {
    if let Some(claim) = fraction_of_point(tokens, i) {
        return Some(claim);
    }
    let token = &tokens[i];
    if i > 0 && token.glued() && tokens[i - 1].is_word() {
        return None; // "G20", "A320"
    }
    let numeral = number::read(tokens, i)?;
    let mut last = numeral.last;
    let mut value = number::plain(numeral.value);
    // "5-6 percent", "5.5-6%"
    if let (Some(dash), Some(to)) = (tokens.get(last + 1), tokens.get(last + 2)) {
        if dash.is_mark('-') && dash.glued() && to.glued() && to.is_number() {
            if let Some(upper) = number::read(tokens, last + 2) {
                value = format!("{value}-{}", number::plain(upper.value));
                last = upper.last;
            }
        }
    }
    // "from 5 to 6 percent": the first figure borrows the second's unit.
    let (unit, unit_last) = match unit_after(tokens, last) {
        Some(found) => found,
        None => {
            let link = tokens.get(last + 1)?;
            if !(link.is("to") || link.is("and") || link.is("or")) {
                return None;
            }
            let other = number::read(tokens, last + 2)?;
            let (unit, _) = unit_after(tokens, other.last)?;
            (unit, last)
        }
    };
    let (first, qualifier) = match qualifier_before(tokens, numeral.first) {
        Some((symbol, start)) => (start, symbol),
        None => (numeral.first, ""),
    };
    let unit = unit.trim_end_matches(" swing");
    Some(Claim {
        kind: ClaimKind::Percentage,
        first,
        last: unit_last,
        value: Some(format!("{qualifier}{value} {unit}")),
        rule: "percentage",
        relative: false,
        forward: false,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{found, pair};
    use crate::claims::ClaimKind;

    fn percentages(body: &str) -> Vec<(String, String)> {
        found(body, ClaimKind::Percentage, None)
    }

    #[test]
    fn marks_words_and_ranges() {
        assert_eq!(
            percentages("a 3.5% turnout, over 70 percent, 87 pct, 85 per cent and 5-6 percent"),
            vec![
                pair("3.5%", "3.5 percent"),
                pair("over 70 percent", ">70 percent"),
                pair("87 pct", "87 percent"),
                pair("85 per cent", "85 percent"),
                pair("5-6 percent", "5-6 percent"),
            ]
        );
    }

    #[test]
    fn points_and_swings() {
        assert_eq!(
            percentages(
                "by 50 basis points, a 75-basis-point hike, up 2 percentage points, a 5.46 swing"
            ),
            vec![
                pair("50 basis points", "50 basis points"),
                pair("75-basis-point", "75 basis points"),
                pair("2 percentage points", "2 percentage points"),
                pair("5.46 swing", "5.46 percentage points"),
            ]
        );
    }

    #[test]
    fn fractions_of_a_point() {
        assert_eq!(
            percentages("by a quarter of a percentage point, then half a percentage point"),
            vec![
                pair("a quarter of a percentage point", "0.25 percentage points"),
                pair("half a percentage point", "0.5 percentage points"),
            ]
        );
    }

    #[test]
    fn a_range_shares_its_unit() {
        assert_eq!(
            percentages("rose from 5 to 6 percent"),
            vec![pair("5", "5 percent"), pair("6 percent", "6 percent")]
        );
    }
    #[test]
    fn percentages_spelled_out_with_points() {
        assert_eq!(
            percentages("turnout was 41-point-07 percent, up from thirty-point-five percent"),
            vec![
                pair("41-point-07 percent", "41.07 percent"),
                pair("thirty-point-five percent", "30.5 percent"),
            ]
        );
    }
}
