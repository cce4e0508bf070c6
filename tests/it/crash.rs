//! Killed at any moment, Wiredesk loses nothing it said was saved and the
//! library stays whole (PRODUCT.md §3). Two harnesses, each killing with
//! SIGKILL at random moments and checking the library after every kill:
//!
//! - the core, through `wiredesk-crash-driver` (ingests one by one and in
//!   batches, agency updates, edits, claim statuses and evidence, merges);
//! - the `wiredesk` CLI, run command after command (ingest, edit, claim set,
//!   merge of an agency update).
//!
//! After each kill: `wiredesk doctor`'s checks all pass (SQLite's integrity
//! check, references, every feed copy against its hash, each claim's status
//! against its events, the search index); every revision reported saved is
//! there with the same text; every claim status change reported is in the
//! claim's history; and the library opens and takes new copy. The regular suite kills each 15 times; set
//! `WIREDESK_CRASH_KILLS` for more (README: 200 each).

use std::collections::HashMap;
use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use wiredesk_core::{
    backup::{text_fingerprint, HealthOptions},
    IngestStatus, Library,
};

use crate::support::{cli_binary, distinct_story, TempLibrary};

fn kills() -> usize {
    std::env::var("WIREDESK_CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(15)
}

fn driver_binary() -> PathBuf {
    let driver = cli_binary().with_file_name(format!(
        "wiredesk-crash-driver{}",
        std::env::consts::EXE_SUFFIX
    ));
    assert!(
        driver.is_file(),
        "{} is missing: build the workspace first (cargo build --workspace)",
        driver.display()
    );
    driver
}

/// A small deterministic generator for kill times.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// What the killed processes said they had saved, over all runs.
#[derive(Default)]
struct Reported {
    /// revision id → (story, text hash)
    revisions: HashMap<i64, (i64, String)>,
    /// claim id → the status changes reported, in order
    claims: HashMap<i64, Vec<String>>,
    evidence: Vec<(i64, i64)>,
    lines: usize,
}

impl Reported {
    fn read(&mut self, line: &str) {
        self.lines += 1;
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["revision", story, revision, hash] => {
                self.revisions.insert(
                    revision.parse().unwrap(),
                    (story.parse().unwrap(), (*hash).to_owned()),
                );
            }
            ["claim", claim, status] => {
                self.claims
                    .entry(claim.parse().unwrap())
                    .or_default()
                    .push((*status).to_owned());
            }
            ["evidence", claim, event] => {
                self.evidence
                    .push((claim.parse().unwrap(), event.parse().unwrap()));
            }
            _ => panic!("the driver said something unexpected: {line:?}"),
        }
    }
}

/// Everything a kill must not break. Returns how many revisions were checked.
fn verify(db: &Path, reported: &Reported, round: usize) -> usize {
    let at = format!("after kill {round}");
    let mut library =
        Library::open(db).unwrap_or_else(|e| panic!("{at}: the library does not open: {e}"));
    let health = library
        .doctor(HealthOptions::default(), &mut |_| {})
        .unwrap();
    assert!(
        health.ok,
        "{at}: {}",
        serde_json::to_string_pretty(&health.checks).unwrap()
    );
    for (revision, (story, hash)) in &reported.revisions {
        let text = library
            .revision_text(*story, *revision)
            .unwrap_or_else(|e| panic!("{at}: revision {revision} reported saved is gone: {e}"));
        assert_eq!(
            &text_fingerprint(&text.headline, &text.body),
            hash,
            "{at}: revision {revision} changed"
        );
    }
    // Every status change reported is in the claim's history. (Its status
    // now may differ: an edit or a new wire version that changes a checked
    // claim's words sends it back to unchecked, with an event of its own;
    // doctor has checked the status against the events.)
    for (claim, changes) in &reported.claims {
        let history = library
            .claim_history(wiredesk_core::ClaimId(*claim))
            .unwrap();
        let mut recorded: Vec<&str> = history
            .iter()
            .filter(|e| e.event == "status")
            .filter_map(|e| e.to_status.map(|s| s.as_str()))
            .collect();
        for status in changes {
            let found = recorded.iter().position(|s| s == status);
            assert!(
                found.is_some(),
                "{at}: claim {claim}: the change to {status} reported is not in its history"
            );
            recorded.remove(found.unwrap_or_default());
        }
    }
    for (claim, event) in &reported.evidence {
        let history = library
            .claim_history(wiredesk_core::ClaimId(*claim))
            .unwrap();
        assert!(
            history.iter().any(|e| e.id == *event),
            "{at}: evidence {event} of claim {claim} is gone"
        );
    }
    // The library works: new copy goes in and is found.
    let word = format!("afterkill{round}");
    let copy = format!(
        "{}The library took {word} after the crash.\n",
        distinct_story(50_000 + round)
    );
    let report = library
        .ingest_bytes(&format!("after-kill-{round}.txt"), copy.as_bytes())
        .unwrap();
    assert_eq!(report.status, IngestStatus::New, "{at}");
    assert_eq!(library.search(&word, 5).unwrap().len(), 1, "{at}");
    reported.revisions.len()
}

/// Runs `command` until killed after `after`, feeding each line it prints to
/// `reported`. Whether it was killed or had finished.
fn run_and_kill(mut command: Command, after: Duration, reported: &mut Reported) -> bool {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the process");
    let stdout = child.stdout.take().unwrap();
    let lines = std::thread::spawn(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .collect::<Vec<String>>()
    });
    let started = Instant::now();
    let mut killed = false;
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() >= after {
            child.kill().expect("SIGKILL"); // SIGKILL on Unix
            killed = true;
            break;
        }
        // The kill lands at a chosen moment, not on a condition: this is
        // how finely that moment is hit.
        std::thread::sleep(Duration::from_millis(1));
    }
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    if let Some(mut err) = child.stderr.take() {
        use std::io::Read as _;
        let _ = err.read_to_string(&mut stderr);
    }
    assert!(
        killed || status.success(),
        "the process failed on its own ({status}): {stderr}"
    );
    for line in lines.join().unwrap() {
        reported.read(&line);
    }
    killed
}

#[test]
fn the_core_loses_nothing_it_reported_saved_when_killed_at_random_moments() {
    let lib = TempLibrary::new();
    let driver = driver_binary();
    let mut reported = Reported::default();
    let mut rng = Rng(0x5eed_cafe);
    let mut killed = 0;
    let mut checked = 0;
    for round in 0..kills() {
        let mut command = Command::new(&driver);
        command
            .arg("--db")
            .arg(lib.db())
            .arg("--seed")
            .arg(round.to_string());
        // From a few milliseconds (while opening) to well into the work.
        let after = Duration::from_millis(5 + rng.below(400));
        if run_and_kill(command, after, &mut reported) {
            killed += 1;
        }
        checked += verify(&lib.db(), &reported, round);
    }
    assert_eq!(killed, kills(), "the driver runs until killed");
    assert!(
        reported.revisions.len() > kills(),
        "the driver saved work between kills ({} revisions)",
        reported.revisions.len()
    );
    println!(
        "# core: {killed} kills survived; {} lines reported, {} revisions, {} claims, {} evidence; {checked} revision checks",
        reported.lines,
        reported.revisions.len(),
        reported.claims.len(),
        reported.evidence.len()
    );
}

#[test]
fn the_cli_loses_nothing_it_reported_saved_when_killed_at_random_moments() {
    let lib = TempLibrary::new();
    let cli = cli_binary();
    let mut reported = Reported::default();
    let mut rng = Rng(0xc11_c0de);
    let mut killed = 0;
    let mut finished = 0;
    let mut merges = 0;
    let mut checked = 0;
    // Something to work on.
    let first = lib.file(
        "first.txt",
        b"Ferry timetable changes at Lindqvist\n\nThe harbour office moved 14 crossings, a spokeswoman said.\n",
    );
    let run = lib.cli(&["--json", "ingest", first.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Until the count of kills is reached: a command that finishes before its
    // moment comes is checked too, and counted apart.
    let mut round = 0;
    while killed < kills() {
        round += 1;
        assert!(round <= kills() * 10, "{killed} kills in {round} commands");
        let library = Library::open(&lib.db()).unwrap();
        let stories = library.story_count().unwrap();
        let story = 1 + rng.below(stories as u64) as i64;
        let head = library.story(story).unwrap();
        let claims = library.claims(story).unwrap();
        drop(library);
        let mut command = Command::new(&cli);
        command
            .arg("--db")
            .arg(lib.db())
            .arg("--json")
            .env("WIREDESK_USER", "crash-test");
        let op = rng.below(4);
        let mut claim_set = None;
        match op {
            3 => {
                // The agency's next take of the first story (linked by its
                // opening), then the merge into the desk's copy is killed.
                let take = lib.file(
                    &format!("first-take-{round}.txt"),
                    format!(
                        "Ferry timetable changes at Lindqvist\n\nThe harbour office moved 14 crossings, \
                         a spokeswoman said.\n\nTake {round}: two more crossings were added on Friday.\n"
                    )
                    .as_bytes(),
                );
                let run = lib.cli(&["--json", "ingest", take.to_str().unwrap()]);
                assert_eq!(run.code, 0, "{}", run.stderr);
                command.args(["merge", "1"]);
            }
            0 => {
                let dir = lib.dir.path().join(format!("batch-{round}"));
                std::fs::create_dir_all(&dir).unwrap();
                for k in 0..4 {
                    std::fs::write(dir.join(format!("{k}.txt")), distinct_story(round * 10 + k))
                        .unwrap();
                }
                command.arg("ingest").arg(&dir);
            }
            1 => {
                let file = lib.file(
                    &format!("edit-{round}.txt"),
                    format!("{}\n\n{}\n\nDesk line {round}.\n", head.headline, head.body)
                        .as_bytes(),
                );
                command
                    .args([
                        "edit",
                        &story.to_string(),
                        "--base",
                        &head.revision_id.to_string(),
                        "--from-file",
                    ])
                    .arg(file);
            }
            _ => {
                let Some(claim) = claims.first() else {
                    continue;
                };
                let status = ["checking", "verified", "disputed"]
                    .into_iter()
                    .filter(|s| *s != claim.status.as_str())
                    .nth(rng.below(2) as usize)
                    .unwrap();
                claim_set = Some((claim.id, status));
                command.args(["claim", "set", &claim.id.to_string(), "--status", status]);
            }
        }
        let after = Duration::from_millis(rng.below(40));
        let mut output = Reported::default();
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let started = Instant::now();
        let was_killed = loop {
            if child.try_wait().unwrap().is_some() {
                break false;
            }
            if started.elapsed() >= after {
                child.kill().unwrap();
                break true;
            }
            // The kill lands at a random moment, not on a condition: this
            // is how finely that moment is hit.
            std::thread::sleep(Duration::from_millis(1));
        };
        let result = child.wait_with_output().unwrap();
        if was_killed {
            killed += 1;
        } else {
            finished += 1;
            assert!(
                result.status.success(),
                "{}",
                String::from_utf8_lossy(&result.stderr)
            );
            // What a finished command reported as saved.
            let json: serde_json::Value = serde_json::from_slice(&result.stdout).unwrap();
            let library = Library::open(&lib.db()).unwrap();
            match op {
                0 => {
                    for item in json.as_array().unwrap() {
                        let (story, revision) = (
                            item["story_id"].as_i64().unwrap(),
                            item["revision_id"].as_i64().unwrap(),
                        );
                        let text = library.revision_text(story, revision).unwrap();
                        output.read(&format!(
                            "revision {story} {revision} {}",
                            text_fingerprint(&text.headline, &text.body)
                        ));
                    }
                }
                1 => {
                    // The text the edit file held, not what the library says it saved.
                    let revision = json["revision_id"].as_i64().unwrap();
                    let body = format!("{}\n\nDesk line {round}.", head.body);
                    output.read(&format!(
                        "revision {story} {revision} {}",
                        text_fingerprint(&head.headline, &body)
                    ));
                }
                3 => {
                    // A merge saves a revision when nothing conflicts.
                    if let Some(revision) = json["revision_id"].as_i64() {
                        let text = library.revision_text(1, revision).unwrap();
                        output.read(&format!(
                            "revision 1 {revision} {}",
                            text_fingerprint(&text.headline, &text.body)
                        ));
                    } else {
                        // Nothing saved: conflicts wait, or nothing was new.
                        assert!(
                            matches!(
                                json["status"].as_str(),
                                Some("conflicts" | "nothing-to-merge")
                            ),
                            "{json}"
                        );
                    }
                    merges += 1;
                }
                _ => {
                    let (claim, status) = claim_set.unwrap();
                    assert_eq!(json["status"], status);
                    output.read(&format!("claim {claim} {status}"));
                }
            }
        }
        for (revision, saved) in output.revisions {
            reported.revisions.insert(revision, saved);
        }
        for (claim, changes) in output.claims {
            reported.claims.entry(claim).or_default().extend(changes);
        }
        checked += verify(&lib.db(), &reported, round);
    }
    assert!(
        finished > 0,
        "some commands finished before their moment came"
    );
    println!(
        "# CLI: {killed} kills survived, {finished} commands finished first ({merges} of them merges); {} revisions, {} claims reported; {checked} revision checks",
        reported.revisions.len(),
        reported.claims.len()
    );
}
