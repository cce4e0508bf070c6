//! Claim detection throughput: the cleaned bodies of the shipped samples and,
//! when present, the shared corpus stories, concatenated and repeated to
//! about 5 MB, detected in one call on one thread; then the time per story.
//!
//! Then re-anchoring: 300 claims carried through an edit of a 5,000-word
//! story (one word diff, 300 relocations), the median of 50 runs.
//!
//! `cargo bench --bench claims` (set WIREDESK_BENCH_MB to change the size).

use std::time::Instant;

use wiredesk_core::claims::{
    anchor::{quote_context, TextMap},
    detect, DetectContext,
};

mod common;

use common::bodies;

fn main() {
    let megabytes: f64 = std::env::var("WIREDESK_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5.0);
    let bodies = bodies();
    assert!(!bodies.is_empty(), "no story bodies to detect in");
    let context = DetectContext::default();

    // One long body: the detector must stay linear in its length.
    let target = (megabytes * 1e6) as usize;
    let mut text = String::with_capacity(target + 100_000);
    while text.len() < target {
        for body in &bodies {
            text.push_str(body);
            text.push_str("\n\n");
        }
    }
    let start = Instant::now();
    let found = detect(&text, &context);
    let whole = start.elapsed();

    // Story by story, as the app runs it, enough rounds to fill the same size.
    let story_bytes: usize = bodies.iter().map(String::len).sum();
    let rounds = (target / story_bytes).max(1);
    let mut claims = 0;
    let start = Instant::now();
    for _ in 0..rounds {
        for body in &bodies {
            claims += detect(body, &context).len();
        }
    }
    let each = start.elapsed();
    let stories = rounds * bodies.len();

    println!(
        "stories: {} bodies, {:.1} KB on average",
        bodies.len(),
        story_bytes as f64 / bodies.len() as f64 / 1e3
    );
    println!(
        "one body of {:.1} MB:   {:>7.1} MB/s  ({:.3} s, {} claims)",
        text.len() as f64 / 1e6,
        text.len() as f64 / 1e6 / whole.as_secs_f64(),
        whole.as_secs_f64(),
        found.len()
    );
    println!(
        "story by story:       {:>7.1} MB/s  ({stories} stories, {:.1} µs per story, {} claims)",
        (rounds * story_bytes) as f64 / 1e6 / each.as_secs_f64(),
        each.as_secs_f64() * 1e6 / stories as f64,
        claims / rounds
    );

    // The baseline, in the same run: a plain regex scan of the same text
    // for digits (what a desk would script to find the figures).
    let digits = regex::Regex::new(r"[0-9][0-9,.]*").expect("a valid pattern");
    let start = Instant::now();
    let figures = digits.find_iter(&text).count();
    let scan = start.elapsed();
    let detect_rate = text.len() as f64 / 1e6 / whole.as_secs_f64();
    let scan_rate = text.len() as f64 / 1e6 / scan.as_secs_f64();
    println!(
        "regex scan for digits: {scan_rate:>6.1} MB/s  ({:.3} s, {figures} figures); detection runs at {:.2}× its speed",
        scan.as_secs_f64(),
        detect_rate / scan_rate
    );

    reanchor(&bodies);
}

/// A 5,000-word story from the bodies, 300 claims spread through it, and an
/// edit that rewrites a word in every 40, drops a sentence in every 30 and
/// adds a paragraph: the time to carry every claim across.
fn reanchor(bodies: &[String]) {
    let mut story = String::new();
    'fill: for body in bodies.iter().cycle() {
        for paragraph in body.split("\n\n") {
            if story.split_whitespace().count() >= 5_000 {
                break 'fill;
            }
            if !story.is_empty() {
                story.push_str("\n\n");
            }
            story.push_str(paragraph);
        }
    }
    let words: Vec<(usize, usize)> = story
        .split_whitespace()
        .map(|w| {
            let start = w.as_ptr() as usize - story.as_ptr() as usize;
            (start, start + w.len())
        })
        .collect();
    let step = words.len() / 300;
    let claims: Vec<(usize, usize, String, String)> = (0..300)
        .map(|i| {
            let (start, _) = words[i * step];
            let (_, end) = words[(i * step + 1).min(words.len() - 1)];
            let (prefix, suffix) = quote_context(&story, start, end);
            (start, end, prefix, suffix)
        })
        .collect();
    let mut edited = String::with_capacity(story.len() + 200);
    for (n, sentence) in story.split_inclusive(". ").enumerate() {
        if n % 30 == 7 {
            continue;
        }
        for (m, word) in sentence.split_inclusive(' ').enumerate() {
            if (n + m) % 40 == 0 {
                edited.push_str("amended ");
            } else {
                edited.push_str(word);
            }
        }
    }
    edited.push_str("\n\nA paragraph the desk added at the end of the story.");
    let mut times: Vec<f64> = (0..50)
        .map(|_| {
            let start = Instant::now();
            let map = TextMap::new(&story, &edited);
            let moved: Vec<_> = claims
                .iter()
                .map(|(s, e, p, f)| map.relocate(*s, *e, p, f))
                .collect();
            std::hint::black_box(moved);
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "re-anchor 300 claims through an edit of a {}-word story: {:.2} ms (median of 50; fastest {:.2} ms)",
        words.len(),
        times[times.len() / 2],
        times[0]
    );
}
