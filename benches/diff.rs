//! Wiredesk's word diff on pairs of texts, for `benches/diff_compare.py`,
//! which runs Python's difflib and diff-match-patch on the same inputs in
//! the same run. With WIREDESK_DIFF_INPUTS=DIR it diffs every NAME.old /
//! NAME.new pair there and prints one JSON line per pair (microseconds per
//! diff, change runs); without it, a generated 2,000-word story.

use std::time::{Duration, Instant};

use wiredesk_core::diff::{diff, DiffOptions, OpKind};

/// Microseconds per diff (repeated for at least half a second) and the
/// number of change runs (an adjacent delete + insert counts once).
fn measure(old: &str, new: &str) -> (f64, usize) {
    let ops = diff(old, new, DiffOptions::default());
    let mut runs = 0;
    let mut previous = OpKind::Equal;
    for op in &ops {
        if op.op != OpKind::Equal && previous == OpKind::Equal {
            runs += 1;
        }
        previous = op.op;
    }
    let start = Instant::now();
    let mut n = 0u32;
    while start.elapsed() < Duration::from_millis(500) {
        std::hint::black_box(diff(old, new, DiffOptions::default()));
        n += 1;
    }
    (start.elapsed().as_secs_f64() * 1e6 / f64::from(n), runs)
}

fn generated() -> (String, String) {
    let words: Vec<String> = (0..2000)
        .map(|i| format!("w{}", (i * 7919) % 1500))
        .collect();
    let old = words.join(" ");
    let new = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i % 10 == 3 {
                format!("{w}x")
            } else {
                w.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    (old, new)
}

fn main() {
    let Some(dir) = std::env::var_os("WIREDESK_DIFF_INPUTS") else {
        let (old, new) = generated();
        let (us, runs) = measure(&old, &new);
        println!("generated 2,000 words, 10% edited: {us:.0} µs per diff, {runs} change runs");
        return;
    };
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("inputs folder")
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".old").map(str::to_owned)
        })
        .collect();
    names.sort();
    let dir = std::path::PathBuf::from(dir);
    for name in names {
        let old = std::fs::read_to_string(dir.join(format!("{name}.old"))).expect("old text");
        let new = std::fs::read_to_string(dir.join(format!("{name}.new"))).expect("new text");
        let (us, runs) = measure(&old, &new);
        println!(
            "{}",
            serde_json::json!({ "name": name, "us": us, "runs": runs })
        );
    }
}
