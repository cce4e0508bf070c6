//! Cleaning measured against the gold annotations of the shared corpus
//! (`corpus/gold/*.json`, scored as `corpus/GOLD-FORMAT.md` describes).
//! Each story goes into a library of its own, as the shared scorer
//! (`tools/score_corpus.py`) ingests it. Prints the per-story table and
//! asserts the figures cleaning must reach: every must_keep present, ≥97%
//! of must_remove gone (a headline left in the body counts as junk kept),
//! ≥97% of repeated text printed once, ≥95% of headlines and datelines right.

use serde_json::Value;

use crate::support::{corpus, corpus_files, TempLibrary};

/// Whitespace folded, curly quotes straightened: how gold text is compared.
fn fold(text: &str) -> String {
    text.replace(['\u{201c}', '\u{201d}'], "\"")
        .replace(['\u{2018}', '\u{2019}'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A headline as the scorer compares it: folded, lower case, without a
/// final full stop.
fn title(text: &str) -> String {
    fold(text).trim_end_matches([' ', '.']).to_lowercase()
}

#[derive(Default)]
struct Score {
    kept: (usize, usize),
    removed: (usize, usize),
    once: (usize, usize),
    headlines: (usize, usize),
    datelines: (usize, usize),
}

fn share((hit, all): (usize, usize)) -> f64 {
    if all == 0 {
        1.0
    } else {
        hit as f64 / all as f64
    }
}

fn strings(gold: &Value, key: &str) -> Vec<String> {
    gold[key]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).map(fold).collect())
        .unwrap_or_default()
}

#[test]
fn cleaning_against_the_gold_set() {
    let golds = corpus_files("gold", "json");
    assert!(golds.len() >= 20, "only {} gold files", golds.len());

    let mut total = Score::default();
    println!(
        "\n{:<30} {:>6} {:>8} {:>6} {:>5}",
        "story", "keep", "remove", "once", "head"
    );
    for path in &golds {
        let gold: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let file = gold["file"].as_str().expect("gold names its file");
        let lib = TempLibrary::new();
        let mut library = lib.open();
        let report = library
            .ingest_file(&corpus().join("stories").join(file))
            .remove(0);
        assert!(report.error.is_none(), "{file}: {:?}", report.error);
        let story = library.story(report.story_id.unwrap()).unwrap();
        let body = fold(&story.body);

        let mut score = Score::default();
        for keep in strings(&gold, "must_keep") {
            score.kept.1 += 1;
            score.kept.0 += usize::from(body.contains(&keep));
        }
        for junk in strings(&gold, "must_remove") {
            score.removed.1 += 1;
            score.removed.0 += usize::from(!body.contains(&junk));
        }
        for repeated in strings(&gold, "duplicated") {
            score.once.1 += 1;
            score.once.0 += usize::from(body.matches(&repeated).count() == 1);
        }
        if let Some(headline) = gold["headline"].as_str() {
            score.headlines.1 += 1;
            score.headlines.0 += usize::from(title(&story.headline) == title(headline));
            // The headline, held in its own field, is not left in the body.
            score.removed.1 += 1;
            score.removed.0 += usize::from(
                !story
                    .body
                    .split("\n\n")
                    .flat_map(|p| p.split('\n'))
                    .any(|p| title(p) == title(headline)),
            );
        }
        score.datelines.1 += 1;
        let want = gold["dateline"]
            .as_str()
            .map(fold)
            .unwrap_or_default()
            .to_lowercase();
        let got = story
            .dateline
            .as_deref()
            .map(fold)
            .unwrap_or_default()
            .to_lowercase();
        score.datelines.0 += usize::from(want == got);
        println!(
            "{:<30} {:>3}/{:<2} {:>4}/{:<3} {:>3}/{:<2} {:>5}",
            file,
            score.kept.0,
            score.kept.1,
            score.removed.0,
            score.removed.1,
            score.once.0,
            score.once.1,
            if score.headlines.1 == 0 {
                "-"
            } else if score.headlines.0 == 1 {
                "ok"
            } else {
                "MISS"
            }
        );
        for (sum, part) in [
            (&mut total.kept, score.kept),
            (&mut total.removed, score.removed),
            (&mut total.once, score.once),
            (&mut total.headlines, score.headlines),
            (&mut total.datelines, score.datelines),
        ] {
            sum.0 += part.0;
            sum.1 += part.1;
        }
    }
    let figures = [
        ("must_keep present", share(total.kept)),
        ("must_remove absent", share(total.removed)),
        ("duplicated once", share(total.once)),
        ("headline exact", share(total.headlines)),
        ("dateline exact", share(total.datelines)),
    ];
    for (name, value) in figures {
        println!("{name:<20} {:>6.1}%", value * 100.0);
    }
    // The bar cleaning must clear over the whole gold set.
    let floors = [1.0, 0.97, 0.97, 0.95, 0.95];
    for ((name, value), floor) in figures.iter().zip(floors) {
        assert!(*value >= floor, "{name} fell to {:.1}%", value * 100.0);
    }
}
