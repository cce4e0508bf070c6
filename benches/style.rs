//! House-style checking speed: a 2,000-word story (corpus bodies, or the
//! shipped samples, joined until 2,000 words) checked with each starter
//! guide, the median of 200 runs, against the plain regex pass as the
//! baseline measured in the same run (every word of the story found with
//! one compiled regular expression). Also the first check of a process,
//! which loads the Hunspell dictionaries.
//!
//! `cargo bench --bench style`. Target: < 20 ms per 2,000-word check.

use std::time::{Duration, Instant};

use wiredesk_core::style::{starter_guide, Checker};

mod common;

use common::bodies;

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn timed<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(f());
                start.elapsed()
            })
            .collect(),
    )
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let bodies = bodies();
    assert!(!bodies.is_empty(), "no story bodies to check");
    let mut story = String::new();
    'fill: loop {
        for body in &bodies {
            for paragraph in body.split("\n\n") {
                if story.split_whitespace().count() >= 2_000 {
                    break 'fill;
                }
                story.push_str(paragraph);
                story.push_str("\n\n");
            }
        }
    }
    let words = story.split_whitespace().count();

    let first = Instant::now();
    let agency =
        Checker::new(&starter_guide("agency").expect("agency guide"), &[]).expect("agency checker");
    let found = agency.check(&story).len();
    let first = first.elapsed();
    assert_eq!(
        agency.spelling_problem(),
        None,
        "the dictionaries are installed"
    );

    let plain = regex::Regex::new(r"\b\p{L}+\b").expect("word regex");
    let baseline = timed(200, || plain.find_iter(&story).count());
    println!("style check of a {words}-word story, median of 200 runs");
    println!(
        "  baseline: plain regex pass over every word   {:>8.3} ms",
        ms(baseline)
    );
    println!(
        "  first check, dictionaries loaded            {:>8.3} ms  ({found} matches)",
        ms(first)
    );
    for name in ["agency", "british"] {
        let guide = starter_guide(name).expect("starter guide");
        let checker = Checker::new(&guide, &[]).expect("checker");
        let matches = checker.check(&story).len();
        let time = timed(200, || checker.check(&story));
        println!(
            "  {name:<8} guide ({:>2} rules, {matches:>3} matches)      {:>8.3} ms  = {:>5.1}× baseline  (target < 20 ms: {})",
            guide.rules.len(),
            ms(time),
            time.as_secs_f64() / baseline.as_secs_f64(),
            if ms(time) < 20.0 { "met" } else { "MISSED" }
        );
    }
    let compile = timed(50, || {
        Checker::new(&starter_guide("agency").expect("guide"), &[]).expect("checker")
    });
    println!(
        "  compiling the agency guide (dictionary kept)  {:>8.3} ms",
        ms(compile)
    );
}
