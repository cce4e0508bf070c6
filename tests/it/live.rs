//! The live desk through the `wiredesk` CLI as scripts use it: `events
//! --follow --json` in one process hears, within a second, what other
//! processes do to the library (ingest, save, claim checks, assignment),
//! and `people` lists and edits the desk's people. On the backend the run
//! chooses (a library file, or a team library on PostgreSQL).

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{cli_binary, TempLibrary};

const STORY: &str = "Harbour reopens\n\nHALVARD (Meridian Wire) - The harbour reopened on Tuesday \
after a storm damaged 14 cranes, the port authority said. Repairs cost 35 million crowns.\n";

/// `wiredesk events --follow --json` running on `lib`, its lines arriving
/// on a channel; started once it says it follows.
struct Follower {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl Follower {
    fn start(lib: &TempLibrary) -> Follower {
        let mut child = Command::new(cli_binary())
            .arg("--db")
            .arg(lib.db())
            .args(["events", "--follow", "--json"])
            .env_remove("WIREDESK_DB")
            .env("WIREDESK_USER", "watcher")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start wiredesk events --follow");
        let stderr = child.stderr.take().expect("stderr");
        let mut said = String::new();
        BufReader::new(stderr)
            .read_line(&mut said)
            .expect("stderr line");
        assert!(said.contains("following the events"), "{said}");
        let stdout = child.stdout.take().expect("stdout");
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { return };
                if send.send(line).is_err() {
                    return;
                }
            }
        });
        Follower { child, lines }
    }

    /// The next event printed, and how long after `since` it came.
    fn next(&self, since: Instant) -> (Value, Duration) {
        let line = self
            .lines
            .recv_timeout(Duration::from_secs(10))
            .expect("an event within ten seconds");
        let event: Value = serde_json::from_str(&line).expect("one JSON object per line");
        (event, since.elapsed())
    }
}

impl Drop for Follower {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn events_follow_prints_each_change_by_another_process_within_a_second() {
    let lib = TempLibrary::new();
    lib.ingest(
        "before.txt",
        b"Before\n\nCopy in the library before anyone followed it.\n",
    );
    let follower = Follower::start(&lib);

    let at = Instant::now();
    let story = lib.ingest("harbour.txt", STORY.as_bytes())[0]["story_id"].clone();
    let (ingested, _) = follower.next(at);
    let keys: Vec<&str> = ingested
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        ["actor", "at", "claim_id", "kind", "revision_id", "story_id"],
        "{ingested}"
    );
    assert_eq!(ingested["kind"], "ingested");
    assert_eq!(ingested["story_id"], story);
    assert_eq!(ingested["actor"], "tester");
    assert!(ingested["claim_id"].is_null());

    let edit = lib.file("edit.txt", STORY.replace("Tuesday", "Monday").as_bytes());
    let at = Instant::now();
    let saved = lib.edit_from_file(&story.to_string(), &edit).json();
    let (event, took) = follower.next(at);
    assert_eq!(event["kind"], "saved");
    assert_eq!(event["revision_id"], saved["revision_id"]);
    assert!(
        took < Duration::from_secs(3),
        "a save took {took:?} to arrive"
    );

    let claims = lib.cli(&["claims", &story.to_string(), "--json"]).json();
    let claim = claims[0]["id"].to_string();
    let at = Instant::now();
    lib.cli(&[
        "claim", "set", &claim, "--status", "verified", "--assign", "Lee Park", "--json",
    ])
    .json();
    let (status, took) = follower.next(at);
    let (assigned, _) = follower.next(at);
    assert_eq!(
        (status["kind"].as_str(), assigned["kind"].as_str()),
        (Some("claim-status"), Some("claim-assigned"))
    );
    assert_eq!(status["claim_id"].to_string(), claim);
    assert_eq!(status["story_id"], story);
    assert!(
        took < Duration::from_secs(3),
        "a check took {took:?} to arrive"
    );
    assert!(
        follower
            .lines
            .recv_timeout(Duration::from_millis(500))
            .is_err(),
        "each change is printed once"
    );
}

#[test]
fn events_without_follow_print_the_newest_and_people_are_listed_and_edited() {
    let lib = TempLibrary::new();
    let story = lib.ingest("harbour.txt", STORY.as_bytes())[0]["story_id"].to_string();
    let claims = lib.cli(&["claims", &story, "--json"]).json();
    let cranes = claims
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["text"] == "14 cranes");
    let claim = cranes.unwrap_or_else(|| panic!("{claims}"))["id"].to_string();
    lib.cli(&["claim", "set", &claim, "--assign", "Lee Park", "--json"])
        .json();

    let text = lib.cli(&["events", "--limit", "1", "--json"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    let lines: Vec<Value> = text
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["kind"], "claim-assigned");

    let people = lib.cli(&["people", "--json"]).json();
    let names: Vec<&str> = people
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Lee Park", "tester"],
        "who acted and who was assigned"
    );
    assert_eq!(people[0]["initials"], "LP");
    assert_eq!(people[0]["role"], "editor");

    let people = lib
        .cli(&["people", "Lee Park", "--role", "checker", "--json"])
        .json();
    assert_eq!(people[0]["role"], "checker");
    assert_eq!(people[0]["initials"], "LP", "initials kept when not given");
    let waiting = lib.open().stories_where(
        10,
        0,
        &wiredesk_core::StoryFilter {
            waiting_on_checkers: true,
            ..Default::default()
        },
    );
    assert_eq!(waiting.unwrap().len(), 1);
    lib.cli(&["people", "Lee Park", "--role", "boss"])
        .assert_fails_with("unknown role");
    lib.cli(&["people", "Lee Park", "--initials", "ABCDE"])
        .assert_fails_with("at most four");
}
