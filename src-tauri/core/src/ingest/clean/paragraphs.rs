//! Lines into paragraphs: runs of bulleted link titles removed, and
//! hard-wrapped lines joined.

use super::furniture::ends_sentence;
use super::line_shapes::is_title_like;
use super::shapes::is_lead;
use super::{Cleaner, Line};

/// A run of two or more bulleted link titles is a list of related stories.
pub(super) fn drop_bullet_lists(
    mut kept: Vec<Option<Line>>,
    cleaner: &mut Cleaner,
) -> Vec<Option<Line>> {
    let bullet = |l: &Option<Line>| {
        l.as_ref()
            .is_some_and(|l| l.text.starts_with(['•', '·']) && is_title_like(&l.text))
    };
    let mut i = 0;
    while i < kept.len() {
        if bullet(&kept[i]) {
            let start = i;
            while i < kept.len() && (bullet(&kept[i]) || kept[i].is_none()) {
                i += 1;
            }
            let run = kept[start..i].iter().filter(|l| l.is_some()).count();
            if run >= 2 {
                for line in kept.drain(start..i).flatten() {
                    cleaner.keep(
                        "related",
                        line.text.trim_start_matches(['•', '·', ' ']).to_owned(),
                    );
                    cleaner.remove("related-list", &line);
                }
                i = start;
            }
        } else {
            i += 1;
        }
    }
    kept
}

/// Joins hard-wrapped lines into paragraphs: a line that stops
/// mid-sentence continues on the next when that one starts in lower case,
/// or — in copy wrapped at a fixed width — when it filled the width.
pub(super) fn join_wrapped(lines: Vec<Option<Line>>, cleaner: &mut Cleaner) -> Vec<Line> {
    let lengths: Vec<usize> = lines
        .iter()
        .flatten()
        .map(|l| l.text.chars().count())
        .collect();
    let lower_joins = lines
        .windows(2)
        .filter(|pair| match pair {
            [Some(a), Some(b)] => {
                !ends_sentence(&a.text) && b.text.chars().next().is_some_and(char::is_lowercase)
            }
            _ => false,
        })
        .count();
    // Copy wrapped at a width: most long lines end near one length.
    let width = {
        let mut sorted = lengths.clone();
        sorted.sort_unstable();
        sorted.get(sorted.len() * 9 / 10).copied().unwrap_or(0)
    };
    let wrapped = lower_joins >= 2 && (40..=110).contains(&width);
    let mut out: Vec<Option<Line>> = Vec::new();
    for line in lines {
        match (out.last_mut(), &line) {
            (Some(Some(previous)), Some(next))
                if !ends_sentence(&previous.text)
                    && (next.text.chars().next().is_some_and(char::is_lowercase)
                        || wrapped
                            && previous.text.chars().count() * 10 >= width * 7
                            && !is_lead(&next.text)) =>
            {
                append(previous, next, cleaner);
            }
            // A wrapped sentence may also continue across one blank line.
            (Some(None), Some(next))
                if next.text.chars().next().is_some_and(char::is_lowercase) =>
            {
                let len = out.len();
                let joinable = len >= 2
                    && matches!(out.get(len - 2), Some(Some(before)) if !ends_sentence(&before.text));
                if joinable {
                    out.pop();
                    if let Some(Some(previous)) = out.last_mut() {
                        append(previous, next, cleaner);
                        continue;
                    }
                }
                out.push(line);
            }
            _ => out.push(line),
        }
    }
    out.into_iter().flatten().collect()
}

/// Appends a wrapped line to its paragraph, moving the cuts recorded
/// inside that line to their place in the paragraph.
pub(super) fn append(previous: &mut Line, next: &Line, cleaner: &mut Cleaner) {
    let shift = previous.text.chars().count() + 1;
    for pending in &mut cleaner.pending {
        if pending.at == next.at {
            if let Some(within) = &mut pending.within {
                pending.at = previous.at;
                *within += shift;
            }
        }
    }
    previous.text.push(' ');
    previous.text.push_str(&next.text);
    cleaner.fire("join-wrapped-lines");
}
