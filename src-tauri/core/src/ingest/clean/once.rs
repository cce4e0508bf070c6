//! A story printed once: paragraphs the copy prints again (a lead printed
//! twice, a teaser that copies the lead) are taken out.

use super::{Cleaner, Line};

/// A story printed once: a paragraph whose text comes again later (a lead
/// printed twice, a teaser that copies the lead), or that a later one
/// starts with, or whose words a later one mostly repeats, is taken out.
pub(super) fn print_once(paragraphs: Vec<Line>, cleaner: &mut Cleaner) -> Vec<Line> {
    let folded: Vec<String> = paragraphs.iter().map(|p| fold_lower(&p.text)).collect();
    // All paragraphs joined by a space, once: the paragraphs after the
    // `i`th are `joined[starts[i + 1]..]`.
    let joined = folded.join(" ");
    let mut starts = Vec::with_capacity(folded.len() + 1);
    let mut start = 0;
    for f in &folded {
        starts.push(start);
        start += f.len() + 1;
    }
    let trigrams: Vec<Vec<u64>> = folded.iter().map(|f| trigram_hashes(f)).collect();
    let mut drop = vec![false; paragraphs.len()];
    for i in 0..paragraphs.len() {
        let mine = &folded[i];
        if mine.len() < 30 {
            continue;
        }
        let stem = mine.trim_end_matches(['.', '…', ' ']);
        // A teaser that runs across the paragraphs it copies.
        let after = starts.get(i + 1).map_or("", |&at| &joined[at..]);
        let long = mine.len() >= 40;
        if long && after.contains(mine.as_str()) {
            drop[i] = true;
            continue;
        }
        for k in i + 1..paragraphs.len() {
            let other = &folded[k];
            // A long paragraph is in none of the later ones: they were searched together.
            let contained = !long && other.len() >= mine.len() && other.contains(mine.as_str());
            let cut_short = stem.len() >= 40 && other.starts_with(stem);
            let shared = if trigrams[i].len() >= 8 {
                shared_count(&trigrams[i], &trigrams[k]) as f64 / trigrams[i].len() as f64
            } else {
                0.0
            };
            if contained
                || cut_short
                || (shared >= 0.8 && trigrams[i].len() <= trigrams[k].len() + 2)
            {
                drop[i] = true;
                break;
            }
        }
        // Printed again inside an earlier paragraph that is kept.
        if !drop[i]
            && (0..i).any(|k| {
                !drop[k] && folded[k].len() >= mine.len() && folded[k].contains(mine.as_str())
            })
        {
            drop[i] = true;
        }
    }
    let mut kept = Vec::new();
    for (paragraph, dropped) in paragraphs.into_iter().zip(drop) {
        if dropped {
            cleaner.remove("repeated-lead", &paragraph);
        } else {
            kept.push(paragraph);
        }
    }
    kept
}

/// The distinct word trigrams of a folded paragraph, each hashed (words
/// trimmed of punctuation), sorted.
pub(super) fn trigram_hashes(folded: &str) -> Vec<u64> {
    let words: Vec<u64> = folded
        .split_whitespace()
        .map(|w| fnv1a(w.trim_matches(|c: char| !c.is_alphanumeric()).as_bytes()))
        .collect();
    let mut hashes: Vec<u64> = words
        .windows(3)
        .map(|t| {
            t[0].wrapping_mul(0x9e37_79b9_7f4a_7c15)
                .rotate_left(23)
                .wrapping_add(t[1])
                .wrapping_mul(0x9e37_79b9_7f4a_7c15)
                .rotate_left(23)
                .wrapping_add(t[2])
        })
        .collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

pub(super) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// How many values two sorted, distinct lists share.
pub(super) fn shared_count(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Lower case, with curly quotes made straight.
pub(super) fn fold_lower(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    fold_quotes(text).to_lowercase()
}

pub(super) fn fold_quotes(text: &str) -> String {
    text.replace(['\u{201c}', '\u{201d}'], "\"")
        .replace(['\u{2018}', '\u{2019}'], "'")
}
