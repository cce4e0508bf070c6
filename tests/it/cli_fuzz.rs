//! The CLI's text inputs, mutated: edit files, notes, settings, search
//! queries and user names built the ways careless and hostile input is
//! (control characters, terminal escapes, markup, quotes, broken UTF-8,
//! huge repeats). Every run must end with a plain outcome: exit 0, 1 or 2,
//! no panic, one `wiredesk:` line on stderr when it fails, nothing printed
//! that a terminal would obey; and the library stays healthy.

use std::process::Command;

use crate::support::{cli_binary, TempLibrary};

/// Fragments careless and hostile input is made of.
const FRAGMENTS: &[&str] = &[
    "\u{1b}[31m",
    "\u{1b}]0;title\u{7}",
    "\u{7}",
    "\u{1}",
    "\u{8}",
    "\u{7f}",
    "\u{9b}2J",
    "\r",
    "\t",
    "\n",
    "\n\n\n",
    "\"",
    "'",
    "*",
    "</script>",
    "<b>",
    "&amp;",
    "{{ x }}",
    "AND",
    "NEAR(",
    "^",
    ":",
    "-",
    "\u{202e}",
    "\u{feff}",
    "\u{fffd}",
    "你好世界",
    "Ünïcödé",
    "4,000",
    "12 percent",
    "$40 million",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, seed: &str) -> String {
    let mut text: Vec<char> = seed.chars().collect();
    for _ in 0..1 + rng.below(5) {
        let at = rng.below(text.len() + 1);
        match rng.below(5) {
            0 | 1 => {
                let fragment = FRAGMENTS[rng.below(FRAGMENTS.len())];
                text.splice(at..at, fragment.chars());
            }
            2 => {
                let fragment = FRAGMENTS[rng.below(FRAGMENTS.len())];
                let run = fragment.repeat(1 + rng.below(300));
                text.splice(at..at, run.chars());
            }
            3 if !text.is_empty() => {
                let end = (at + 1 + rng.below(20)).min(text.len());
                text.drain(at.min(end)..end);
            }
            _ => text.truncate(at),
        }
    }
    text.into_iter().collect()
}

/// Checks one run's outcome; returns its exit code.
fn check(args: &[&str], output: &std::process::Output) -> i32 {
    let code = output.status.code();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        matches!(code, Some(0..=2)),
        "wiredesk {args:?} ended with {:?}: {stderr}",
        output.status
    );
    assert!(!stderr.contains("panicked"), "wiredesk {args:?}: {stderr}");
    if code != Some(0) {
        assert!(
            stderr.starts_with("wiredesk: ") && stderr.trim_end().lines().count() == 1,
            "wiredesk {args:?} failed without one plain line: {stderr:?}"
        );
    }
    for text in [&stdout, &stderr] {
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "wiredesk {args:?} printed control characters: {text:?}"
        );
    }
    code.unwrap_or(-1)
}

#[test]
fn mutated_cli_text_inputs_end_plainly_and_the_library_stays_healthy() {
    let lib = TempLibrary::new();
    let ingested = lib.ingest("bridge.txt", b"Bridge reopens after repairs\nHARBOURTON (Meridian Wire) - The bridge reopened on Monday after 14 months of repairs, the council said.\n\n\"It took too long,\" said Mara Lind.\n");
    let story = ingested[0]["story_id"].to_string();
    let claims = lib.cli(&["claims", &story, "--json"]).json();
    let claim = claims[0]["id"].to_string();

    let edit_seed = "Bridge reopens after repairs\n\nThe bridge reopened on Monday after 14 months, the council said.\n\n\"It took too long,\" said Mara Lind.";
    let query_seeds = [
        "bridge",
        "\"reopened on Monday\"",
        "repai* council",
        "4,000",
    ];
    let setting_seeds = [
        ("claimreview.base_url", "https://desk.example/stories"),
        ("claimreview.organisation", "Harbour Desk"),
        ("user.name", "Mara Lind"),
        ("claims.timing_open", "false"),
    ];
    let mut rng = Rng(0x00c1_1f0e_2026_1202);
    let mut codes = [0usize; 3];
    let edit_file = lib.dir.path().join("edit.txt");
    for round in 0..60 {
        let mut runs: Vec<Vec<String>> = Vec::new();
        // An edit file, sometimes with bytes that are not UTF-8.
        let mut bytes = mutate(&mut rng, edit_seed).into_bytes();
        if round % 7 == 0 {
            let at = rng.below(bytes.len() + 1);
            bytes.splice(at..at, [0xff, 0xc3, 0x00]);
        }
        std::fs::write(&edit_file, &bytes).expect("write edit");
        let note = mutate(&mut rng, "checked with the council");
        runs.push(vec![
            "edit".into(),
            story.clone(),
            "--from-file".into(),
            edit_file.display().to_string(),
            "--note".into(),
            note.replace('\0', ""),
        ]);
        let query = mutate(&mut rng, query_seeds[round % query_seeds.len()]);
        runs.push(vec!["search".into(), "--".into(), query.replace('\0', "")]);
        let (key, value) = setting_seeds[round % setting_seeds.len()];
        runs.push(vec![
            "settings".into(),
            key.into(),
            mutate(&mut rng, value).replace('\0', ""),
        ]);
        runs.push(vec![
            "claim".into(),
            "set".into(),
            claim.clone(),
            "--note".into(),
            mutate(&mut rng, "rang the council").replace('\0', ""),
        ]);
        runs.push(vec!["show".into(), story.clone()]);
        runs.push(vec!["list".into()]);
        runs.push(vec!["history".into(), story.clone()]);
        runs.push(vec!["claim".into(), "history".into(), claim.clone()]);
        for args in runs {
            let user = mutate(&mut rng, "Mara");
            let output = Command::new(cli_binary())
                .arg("--db")
                .arg(lib.db())
                .args(&args)
                .env_remove("WIREDESK_DB")
                .env("WIREDESK_USER", user.replace('\0', ""))
                .output()
                .expect("run wiredesk");
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let code = check(&args, &output);
            codes[code as usize] += 1;
        }
    }
    assert!(
        codes[0] > 0 && codes[1] + codes[2] > 0,
        "both outcomes: {codes:?}"
    );
    let doctor = lib.cli(&["doctor", "--json"]).json();
    assert_eq!(doctor["ok"], true, "{doctor}");
}
