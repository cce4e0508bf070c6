//! The `wiredesk` CLI as a user or a script runs it: the JSON contract,
//! human output, exit codes and one-line errors.

use serde_json::{json, Value};

use crate::support::{cli_binary, TempLibrary};

const STORY: &[u8] = b"Bridge reopens after repairs\n\
OSLEN, Jan 27 (Meridian Wire) - The Oslen bridge reopened on Tuesday after 14 months \
of repairs costing 35 million euros.\n\
\"It is good to have our shortest route back,\" said commuter Ivo Dane.\n";

/// Ingests the bridge story through the CLI; its story id, as an argument.
fn ingest_bridge(lib: &TempLibrary) -> String {
    let ingested = lib.ingest("bridge.txt", STORY);
    ingested[0]["story_id"].as_i64().unwrap().to_string()
}

#[test]
fn ingest_reports_new_then_duplicate_with_the_contract_fields() {
    let lib = TempLibrary::new();
    let file = lib.file("bridge.txt", STORY);
    let file = file.to_str().unwrap();

    let first = lib.cli(&["ingest", file, "--json"]).json();
    let entries = first.as_array().expect("an array");
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    let mut keys: Vec<&str> = entry
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(keys, ["error", "file", "revision_id", "status", "story_id"]);
    assert_eq!(entry["file"], file);
    assert_eq!(entry["status"], "new");
    assert_eq!(entry["error"], Value::Null);
    let story_id = entry["story_id"].as_i64().expect("story id");

    let again = lib.cli(&["ingest", file, "--json"]).json();
    assert_eq!(again[0]["status"], "duplicate");
    assert_eq!(again[0]["story_id"], story_id);
    assert_eq!(again[0]["revision_id"], entry["revision_id"]);
}

#[test]
fn show_list_and_search_follow_the_contract() {
    let lib = TempLibrary::new();
    let ingested = lib.ingest("bridge.txt", STORY);
    let id = ingested[0]["story_id"].as_i64().unwrap();

    let show = lib.cli(&["show", &id.to_string(), "--json"]).json();
    for key in [
        "id", "headline", "dateline", "byline", "credit", "body", "source", "format", "versions",
    ] {
        assert!(show.get(key).is_some(), "show lacks {key}: {show}");
    }
    assert_eq!(show["id"], id);
    assert_eq!(show["headline"], "Bridge reopens after repairs");
    assert_eq!(show["dateline"], "OSLEN");
    assert_eq!(show["source"], "Meridian Wire");
    assert_eq!(show["format"], "text");
    assert!(show["body"].as_str().unwrap().contains("\n\n\"It is good"));
    assert_eq!(show["versions"].as_array().unwrap().len(), 1);
    assert_eq!(show["versions"][0]["version"], 1);

    let list = lib.cli(&["list", "--json"]).json();
    // Suggested at ingest: the date, the duration, the cost and the quote.
    let claims = lib.cli(&["claims", &id.to_string(), "--json"]).json();
    let claims = claims.as_array().unwrap();
    assert!(claims.len() >= 4, "{} claims suggested", claims.len());
    // Timing claims (a bare weekday, "last month") are not open claims.
    let open = claims.iter().filter(|c| c["timing"] != true).count();
    assert_eq!(
        list,
        json!([{
            "id": id,
            "headline": "Bridge reopens after repairs",
            "source": "Meridian Wire",
            "received_at": list[0]["received_at"],
            "version": 1,
            "state": "new",
            "open_claims": open
        }])
    );
    assert!(list[0]["received_at"].as_str().unwrap().ends_with('Z'));

    let search = lib.cli(&["search", "shortest", "route", "--json"]).json();
    assert_eq!(search.as_array().unwrap().len(), 1);
    assert_eq!(search[0]["id"], id);
    assert_eq!(search[0]["headline"], "Bridge reopens after repairs");
    assert!(search[0]["snippet"]
        .as_str()
        .unwrap()
        .contains("[shortest] [route]"));
    assert_eq!(search[0]["received_at"], list[0]["received_at"]);

    let none = lib.cli(&["search", "volcano", "--json"]).json();
    assert_eq!(none, json!([]));
}

#[test]
fn human_output_is_readable() {
    let lib = TempLibrary::new();
    let file = lib.file("bridge.txt", STORY);
    let ingest = lib.cli(&["ingest", file.to_str().unwrap()]);
    assert_eq!(ingest.code, 0, "{}", ingest.stderr);
    assert!(
        ingest.stdout.starts_with("new        story 1"),
        "{}",
        ingest.stdout
    );
    assert!(ingest
        .stdout
        .ends_with("1 new, 0 duplicate, 0 update, 0 error\n"));

    let list = lib.cli(&["list"]);
    assert!(
        list.stdout.starts_with("    ID  RECEIVED"),
        "{}",
        list.stdout
    );
    assert!(list.stdout.contains("Meridian Wire"));
    assert!(list.stdout.contains("Bridge reopens after repairs"));

    let show = lib.cli(&["show", "1"]);
    let mut lines = show.stdout.lines();
    assert_eq!(lines.next(), Some("Bridge reopens after repairs"));
    // The dateline's "Jan 27" has a year only when received within days of it.
    let facts = lines.next().unwrap_or_default();
    assert!(
        facts.starts_with("story 1 · Meridian Wire · dateline OSLEN · dated ")
            && facts.ends_with("-01-27 · new"),
        "{facts}"
    );
    assert!(show.stdout.contains("Wire versions:\n  v1  "));
}

#[test]
fn a_batch_with_a_bad_file_carries_on_and_exits_non_zero() {
    let lib = TempLibrary::new();
    let good = lib.file("in/a-good.txt", STORY);
    let empty = lib.file("in/b-empty.txt", b"");
    lib.file("in/.hidden.txt", b"never read");
    let run = lib.cli(&[
        "ingest",
        lib.dir.path().join("in").to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr.trim_end(),
        "wiredesk: 1 of 2 files could not be ingested"
    );
    let reports = run.json_any_exit();
    assert_eq!(reports[0]["file"], good.to_str().unwrap());
    assert_eq!(reports[0]["status"], "new");
    assert_eq!(reports[1]["status"], "error");
    assert_eq!(reports[1]["story_id"], Value::Null);
    assert_eq!(
        reports[1]["error"],
        format!("{}: the file is empty", empty.display())
    );
}

#[test]
fn errors_are_one_line_on_stderr_with_a_non_zero_exit() {
    let lib = TempLibrary::new();
    let missing = lib.cli(&["show", "99"]);
    assert_ne!(missing.code, 0);
    assert_eq!(missing.stdout, "");
    assert_eq!(missing.stderr, "wiredesk: no story with id 99\n");

    let empty_query = lib.cli(&["search", "--json", "--", "..."]);
    assert_ne!(empty_query.code, 0);
    assert_eq!(empty_query.stderr.lines().count(), 1);
    assert!(empty_query.stderr.contains("search query is empty"));

    let bad_id = lib.cli(&["show", "abc"]);
    assert_eq!(bad_id.code, 2);
    assert_eq!(
        bad_id.stderr,
        "wiredesk: invalid value 'abc' for '<STORY>': invalid digit found in string \
         (see wiredesk --help)\n"
    );

    let not_a_library = lib.file("not-a-library.sqlite", &[b'x'; 4096]);
    let mut command = std::process::Command::new(crate::support::cli_binary());
    let run = crate::support::CliRun::from(
        command
            .args(["list", "--db"])
            .arg(&not_a_library)
            .output()
            .unwrap(),
    );
    assert_ne!(run.code, 0);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("not-a-library.sqlite is not a Wiredesk library"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_library_can_come_from_the_environment() {
    let lib = TempLibrary::new();
    let file = lib.file("bridge.txt", STORY);
    let run = std::process::Command::new(crate::support::cli_binary())
        .args(["ingest", file.to_str().unwrap(), "--json"])
        .env("WIREDESK_DB", lib.db())
        .output()
        .unwrap();
    assert!(run.status.success());
    assert!(lib.db().is_file());
    assert_eq!(lib.open().stories(10, 0).unwrap().len(), 1);
}

#[test]
fn help_explains_every_command() {
    let lib = TempLibrary::new();
    let help = lib.cli(&["--help"]);
    assert_eq!(help.code, 0);
    for command in ["ingest", "list", "search", "show"] {
        assert!(help.stdout.contains(command), "{}", help.stdout);
    }
    assert!(help.stdout.contains("--db <PATH|URL>"), "{}", help.stdout);
    assert!(help.stdout.contains("postgres://"), "{}", help.stdout);
    assert!(help.stdout.contains("WIREDESK_DB"));
    let ingest = lib.cli(&["ingest", "--help"]);
    let words = ingest
        .stdout
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        words.contains(
            "duplicate (exactly these bytes were loaded before; nothing is stored twice)"
        ),
        "{words}"
    );
}

/// Reads JSON lines from a running `wiredesk watch` until `n` have arrived.
fn watch_lines(lines: &std::sync::mpsc::Receiver<String>, n: usize) -> Vec<serde_json::Value> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let mut got = Vec::new();
    while got.len() < n {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let line = lines
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("watch printed {} of {n} lines: {got:?}", got.len()));
        got.push(serde_json::from_str(&line).expect("a JSON line"));
    }
    got
}

fn start_watch(
    lib: &TempLibrary,
    folder: &std::path::Path,
) -> (std::process::Child, std::sync::mpsc::Receiver<String>) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(crate::support::cli_binary())
        .arg("--db")
        .arg(lib.db())
        .args(["watch", "--interval", "0.1", "--json"])
        .arg(folder)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start wiredesk watch");
    let stdout = child.stdout.take().unwrap();
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    (child, receive)
}

#[test]
fn watch_ingests_files_dropped_into_a_folder_once() {
    let lib = TempLibrary::new();
    let folder = lib.dir.path().join("drop");
    std::fs::create_dir(&folder).unwrap();
    let (mut watcher, lines) = start_watch(&lib, &folder);

    lib.file("drop/bridge.txt", STORY);
    let first = watch_lines(&lines, 1);
    assert_eq!(first[0]["status"], "new");
    assert!(first[0]["file"].as_str().unwrap().ends_with("bridge.txt"));

    // The same copy delivered again under another name is recognised.
    lib.file("drop/bridge-again.txt", STORY);
    let again = watch_lines(&lines, 1);
    assert_eq!(again[0]["status"], "duplicate");
    assert_eq!(again[0]["story_id"], first[0]["story_id"]);
    watcher.kill().unwrap();
    watcher.wait().unwrap();

    // After a restart, files taken before are not read again: the first
    // report is the file dropped since.
    let (mut watcher, lines) = start_watch(&lib, &folder);
    lib.file(
        "drop/ferry.txt",
        b"Ferry service resumes after storm\n\nFerries between the islands and the \
         mainland ran again on Friday after three days of gales, the operator said, \
         and extra sailings were added for stranded travellers.\n",
    );
    let restart = watch_lines(&lines, 1);
    assert_eq!(restart[0]["status"], "new", "{restart:?}");
    assert!(restart[0]["file"].as_str().unwrap().ends_with("ferry.txt"));
    watcher.kill().unwrap();
    watcher.wait().unwrap();
    assert_eq!(lib.open().stories(10, 0).unwrap().len(), 2);
}

#[test]
fn watch_refuses_a_missing_folder() {
    let lib = TempLibrary::new();
    let run = lib.cli(&["watch", "/nonexistent/drop"]);
    assert_ne!(run.code, 0);
    assert_eq!(run.stderr, "wiredesk: /nonexistent/drop: not a folder\n");
}

#[test]
fn the_claim_workflow_from_the_command_line() {
    let lib = TempLibrary::new();
    let story = ingest_bridge(&lib);
    let body = lib.cli(&["show", &story, "--json"]).json()["body"]
        .as_str()
        .unwrap()
        .to_owned();
    // Mark "14 months" by hand: character offsets into the body.
    let start = body.find("14 months").unwrap();
    let start = body[..start].chars().count();
    let end = start + "14 months".chars().count();
    let added = lib
        .cli(&[
            "claim",
            "add",
            &story,
            "--start",
            &start.to_string(),
            "--end",
            &end.to_string(),
            "--kind",
            "statement",
            "--json",
            "--user",
            "ana",
        ])
        .json();
    assert_eq!(added["text"], "14 months");
    assert_eq!(added["kind"], "statement");
    assert_eq!(added["status"], "unchecked");
    assert_eq!(added["origin"], "manual");
    let claim = added["id"].as_i64().unwrap().to_string();

    // The list follows the contract's fields.
    let listed = lib.cli(&["claims", &story, "--json"]).json();
    let entry = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == added["id"])
        .expect("the claim is listed");
    for key in [
        "id", "kind", "text", "start", "end", "value", "speaker", "status", "origin",
    ] {
        assert!(
            entry.get(key).is_some(),
            "claims --json lacks {key}: {entry}"
        );
    }
    assert_eq!(entry["start"], start);
    assert_eq!(entry["end"], end);

    let set = lib
        .cli(&[
            "claim", "set", &claim, "--status", "checking", "--assign", "lee", "--user", "ana",
            "--json",
        ])
        .json();
    assert_eq!(set["status"], "checking");
    assert_eq!(set["assignee"], "lee");
    let evidence = lib
        .cli(&[
            "claim",
            "evidence",
            &claim,
            "--url",
            "https://example.org/works",
            "--user",
            "lee",
            "--json",
        ])
        .json();
    assert_eq!(evidence["event"], "evidence");
    assert_eq!(evidence["detail"]["url"], "https://example.org/works");
    lib.cli(&[
        "claim",
        "set",
        &claim,
        "--status",
        "verified",
        "--note",
        "Council minutes say 14.",
        "--user",
        "lee",
    ]);

    let history = lib.cli(&["claim", "history", &claim, "--json"]).json();
    let steps: Vec<(String, String)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["actor"].as_str().unwrap().to_owned(),
                e["event"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let step = |actor: &str, event: &str| (actor.to_owned(), event.to_owned());
    assert_eq!(
        steps,
        [
            step("ana", "created"),
            step("ana", "status"),
            step("ana", "assign"),
            step("lee", "evidence"),
            step("lee", "status"),
            step("lee", "note"),
        ]
    );
    assert_eq!(history[4]["from_status"], "checking");
    assert_eq!(history[4]["to_status"], "verified");
    let text = lib.cli(&["claim", "history", &claim]);
    assert!(
        text.stdout.contains("status checking → verified"),
        "{}",
        text.stdout
    );

    // Dismissed claims are kept and marked; restoring brings them back.
    let dismissed = lib.cli(&["claim", "dismiss", &claim, "--json"]).json();
    assert_eq!(dismissed["dismissed"], true);
    assert_eq!(
        lib.cli(&["claims", &story, "--json"])
            .json()
            .as_array()
            .unwrap()
            .len(),
        listed.as_array().unwrap().len()
    );
    let restored = lib.cli(&["claim", "restore", &claim, "--json"]).json();
    assert_eq!(restored["dismissed"], false);
}

#[test]
fn claim_mistakes_get_one_line_errors() {
    let lib = TempLibrary::new();
    let file = lib.file("bridge.txt", STORY);
    lib.cli(&["ingest", file.to_str().unwrap()]);
    let cases: [(&[&str], &str); 5] = [
        (
            &["claim", "set", "999", "--status", "verified"],
            "wiredesk: no claim with id 999\n",
        ),
        (&["claims", "999"], "wiredesk: no story with id 999\n"),
        (
            &["claim", "add", "1", "--start", "5", "--end", "100000"],
            "wiredesk: claim range 5..100000 is not a span of story 1's text",
        ),
        (
            &[
                "claim", "add", "1", "--start", "0", "--end", "4", "--kind", "rumour",
            ],
            "wiredesk: unknown claim kind \"rumour\"",
        ),
        (
            &["claim", "evidence", "1"],
            "wiredesk: the following required arguments were not provided",
        ),
    ];
    for (args, expected) in cases {
        let run = lib.cli(args);
        assert_ne!(run.code, 0, "{args:?}");
        assert!(run.stderr.starts_with(expected), "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {}", run.stderr);
    }
    let added = lib
        .cli(&["claim", "add", "1", "--start", "0", "--end", "6", "--json"])
        .json();
    let run = lib.cli(&["claim", "set", &added["id"].to_string(), "--status", "done"]);
    assert!(run.stderr.contains("unknown claim status \"done\": use one of unchecked, checking, verified, disputed, false, unverifiable"), "{}", run.stderr);
}

#[test]
fn an_edit_is_saved_as_a_revision_and_a_stale_base_is_refused() {
    let lib = TempLibrary::new();
    let file = lib.file("bridge.txt", STORY);
    let ingested = lib
        .cli(&["ingest", file.to_str().unwrap(), "--json"])
        .json();
    let story = ingested[0]["story_id"].as_i64().unwrap().to_string();
    let wire_revision = ingested[0]["revision_id"].as_i64().unwrap();
    let shown = lib.cli(&["show", &story, "--json"]).json();
    let body = shown["body"].as_str().unwrap();
    // Mark "14 months", verify it, then edit the figure.
    let at = body[..body.find("14 months").unwrap()].chars().count();
    let claim = lib
        .cli(&[
            "claim",
            "add",
            &story,
            "--start",
            &at.to_string(),
            "--end",
            &(at + 9).to_string(),
            "--json",
        ])
        .json();
    let claim_id = claim["id"].to_string();
    lib.cli(&["claim", "set", &claim_id, "--status", "verified"]);

    let edited = body.replace("14 months", "15 months");
    let edit = lib.file(
        "edit.txt",
        format!("Oslen bridge reopens\n\n{edited}\n").as_bytes(),
    );
    let saved = lib
        .cli(&[
            "edit",
            &story,
            "--from-file",
            edit.to_str().unwrap(),
            "--base",
            &wire_revision.to_string(),
            "--note",
            "Fix the duration",
            "--json",
            "--user",
            "ana",
        ])
        .json();
    let keys: Vec<&String> = saved.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["revision_id"]);
    let shown = lib.cli(&["show", &story, "--json"]).json();
    assert_eq!(shown["headline"], "Oslen bridge reopens");
    assert!(shown["body"].as_str().unwrap().contains("15 months"));
    let claim = lib.cli(&["claims", &story, "--json"]).json();
    let claim = claim
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == claim_id.parse::<i64>().unwrap())
        .unwrap()
        .clone();
    assert_eq!(claim["text"], "15 months");
    assert_eq!(
        claim["status"], "unchecked",
        "a verified claim whose text changed is checked again"
    );

    // Another save based on the wire revision now conflicts, and stores nothing.
    let stale = lib.cli(&[
        "edit",
        &story,
        "--from-file",
        edit.to_str().unwrap(),
        "--base",
        &wire_revision.to_string(),
    ]);
    stale.assert_fails_with(&format!(
        "story {story} changed since revision {wire_revision}"
    ));
    assert_eq!(
        lib.cli(&["show", &story, "--json"]).json()["revision_id"],
        saved["revision_id"]
    );
    let empty = lib.file("empty.txt", b"\n\n");
    let run = lib.cli(&["edit", &story, "--from-file", empty.to_str().unwrap()]);
    assert!(
        run.stderr.contains("an edit needs a headline"),
        "{}",
        run.stderr
    );
}

#[test]
fn integrity_points_at_what_the_wire_does_not_back() {
    let lib = TempLibrary::new();
    let story = ingest_bridge(&lib);
    assert_eq!(lib.cli(&["integrity", &story, "--json"]).json(), json!([]));
    let body = lib.cli(&["show", &story, "--json"]).json()["body"]
        .as_str()
        .unwrap()
        .to_owned();
    let edited = body
        .replace("35 million euros", "53 million euros")
        .replace("shortest route back", "fastest route back");
    let edit = lib.file(
        "edit.txt",
        format!("Bridge reopens after repairs\n\n{edited}\n").as_bytes(),
    );
    lib.cli(&["edit", &story, "--from-file", edit.to_str().unwrap()]);
    let findings = lib.cli(&["integrity", &story, "--json"]).json();
    let findings = findings.as_array().unwrap();
    let kinds: Vec<&str> = findings
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["number-changed", "quote-changed"], "{findings:?}");
    assert_eq!(findings[0]["text"], "53");
    assert_eq!(findings[0]["wire_text"], "35");
    let start = findings[0]["start"].as_u64().unwrap() as usize;
    let end = findings[0]["end"].as_u64().unwrap() as usize;
    let edited_body = lib.cli(&["show", &story, "--json"]).json()["body"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        edited_body
            .chars()
            .skip(start)
            .take(end - start)
            .collect::<String>(),
        "53"
    );
    assert!(findings[1]["wire_text"]
        .as_str()
        .unwrap()
        .contains("shortest route back"));
    let text = lib.cli(&["integrity", &story]);
    assert!(
        text.stdout.contains("\"53\" was \"35\" in the wire copy"),
        "{}",
        text.stdout
    );
}

#[test]
fn history_diff_and_restore_from_the_command_line() {
    let lib = TempLibrary::new();
    let file = lib.file("bridge.txt", STORY);
    let ingested = lib
        .cli(&["ingest", file.to_str().unwrap(), "--json"])
        .json();
    let story = ingested[0]["story_id"].as_i64().unwrap().to_string();
    let wire = ingested[0]["revision_id"].as_i64().unwrap();
    let body = lib.cli(&["show", &story, "--json"]).json()["body"]
        .as_str()
        .unwrap()
        .to_owned();
    let edited = body
        .replace("14 months", "15 months")
        .replace("\"It is good", "\u{201c}It is good")
        .replace("back,\"", "back,\u{201d}");
    let edit = lib.file(
        "edit.txt",
        format!("Oslen bridge reopens\n\n{edited}\n").as_bytes(),
    );
    let saved = lib
        .cli(&[
            "edit",
            &story,
            "--from-file",
            edit.to_str().unwrap(),
            "--note",
            "Duration",
            "--user",
            "ana",
            "--json",
        ])
        .json();
    let edit_revision = saved["revision_id"].as_i64().unwrap();

    // History: the contract's fields, in order, with what each changed.
    let history = lib.cli(&["history", &story, "--json"]).json();
    let entries = history.as_array().unwrap();
    assert_eq!(entries.len(), 2);
    for key in ["id", "kind", "parent", "author", "created_at", "note"] {
        assert!(entries[1].get(key).is_some(), "history lacks {key}");
    }
    assert_eq!(entries[0]["kind"], "wire");
    assert_eq!(entries[1]["kind"], "edit");
    assert_eq!(entries[1]["parent"], wire);
    assert_eq!(entries[1]["author"], "ana");
    assert_eq!(entries[1]["note"], "Duration");
    assert_eq!(
        entries[1]["summary"], "+1 −1 words",
        "quote marks are not words"
    );

    // Diff: by default the wire original against the current text.
    let diff = lib.cli(&["diff", &story, "--json"]).json();
    assert_eq!(
        (diff["from"].as_i64(), diff["to"].as_i64()),
        (Some(wire), Some(edit_revision))
    );
    let side = |ops: &Value, skip: &str| -> String {
        ops.as_array()
            .unwrap()
            .iter()
            .filter(|op| op["op"] != skip)
            .map(|op| op["text"].as_str().unwrap())
            .collect()
    };
    assert_eq!(side(&diff["ops"], "insert"), body);
    let current = lib.cli(&["show", &story, "--json"]).json()["body"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(side(&diff["ops"], "delete"), current);
    assert_eq!(
        side(&diff["headline_ops"], "insert"),
        "Bridge reopens after repairs"
    );
    assert!(diff["stats"]["words_added"].as_u64().unwrap() >= 1);
    // The curly quotes are a typographic change only.
    let quiet = lib
        .cli(&["diff", &story, "--ignore-typography", "--json"])
        .json();
    let changed: Vec<&str> = quiet["ops"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|op| op["op"] == "insert" && op.get("cosmetic").is_none())
        .map(|op| op["text"].as_str().unwrap())
        .collect();
    assert_eq!(changed, ["15"]);
    let text = lib.cli(&["diff", &story, "--ignore-typography"]);
    assert!(text.stdout.contains("[-14-]{+15+}"), "{}", text.stdout);

    // Restore brings the wire text back as a new revision.
    let restored = lib
        .cli(&["restore", &story, &wire.to_string(), "--json"])
        .json();
    let restored = restored["revision_id"].as_i64().unwrap();
    assert!(restored > edit_revision);
    let shown = lib.cli(&["show", &story, "--json"]).json();
    assert_eq!(shown["body"], body);
    assert_eq!(shown["headline"], "Bridge reopens after repairs");
    let history = lib.cli(&["history", &story, "--json"]).json();
    assert_eq!(history.as_array().unwrap().len(), 3, "nothing is rewritten");
    assert_eq!(history[2]["note"], format!("restored revision {wire}"));
    let run = lib.cli(&["diff", &story, "--from", "999"]);
    assert!(
        run.stderr
            .contains(&format!("story {story} has no revision 999")),
        "{}",
        run.stderr
    );
}

pub(crate) fn g2_item(version: u32, headline: &str, paragraphs: &[&str]) -> Vec<u8> {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>")).collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"tag:meridian,2026:flood\" version=\"{version}\">\
         <itemMeta><provider qcode=\"nprov:meridian\"/></itemMeta>\
         <contentMeta><headline>{headline}</headline></contentMeta>\
         <contentSet><inlineXML><html><body>{body}</body></html></inlineXML></contentSet></newsItem>"
    )
    .into_bytes()
}

#[test]
fn a_wire_update_merges_into_the_desk_copy_and_conflicts_are_resolved() {
    let lib = TempLibrary::new();
    let ingested = lib.ingest(
        "v1.xml",
        &g2_item(
            1,
            "Floods close river roads",
            &[
                "Floods closed roads along the Ravel river on Monday.",
                "About 200 homes were flooded, officials said.",
                "Rain is expected to ease.",
            ],
        ),
    );
    let story = ingested[0]["story_id"].as_i64().unwrap().to_string();
    // Nothing edited yet: nothing to merge.
    let nothing = lib.cli(&["merge", &story, "--json"]).json();
    assert_eq!(nothing["status"], "nothing-to-merge");

    // The desk tightens the lead and changes the toll's wording.
    let edit = lib.file(
        "edit.txt",
        b"Floods close Ravel river roads\n\n\
          Floods shut roads along the Ravel river on Monday.\n\n\
          About 250 homes were flooded, officials said.\n\n\
          Rain is expected to ease.\n",
    );
    lib.cli(&[
        "edit",
        &story,
        "--from-file",
        edit.to_str().unwrap(),
        "--user",
        "ana",
    ]);
    // The agency's writethrough: a new toll and a new paragraph.
    let update = lib.ingest(
        "v2.xml",
        &g2_item(
            2,
            "Floods close river roads",
            &[
                "Floods closed roads along the Ravel river on Monday.",
                "About 350 homes were flooded, officials said.",
                "Rain is expected to ease.",
                "Schools will reopen on Thursday.",
            ],
        ),
    );
    assert_eq!(update[0]["status"], "update");
    let shown = lib.cli(&["show", &story, "--json"]).json();
    assert!(
        shown["body"].as_str().unwrap().contains("Floods shut"),
        "the edit stays the head"
    );

    let merge = lib
        .cli(&["merge", &story, "--json", "--user", "ana"])
        .json();
    assert_eq!(merge["status"], "conflicts");
    let conflicts = merge["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "{merge}");
    assert_eq!(conflicts[0]["base"], "200");
    assert_eq!(conflicts[0]["ours"], "250");
    assert_eq!(conflicts[0]["theirs"], "350");
    for key in ["id", "base", "ours", "theirs"] {
        assert!(conflicts[0].get(key).is_some());
    }
    // Asking again shows the same open conflict; nothing is saved yet.
    let again = lib.cli(&["merge", &story, "--json"]).json();
    assert_eq!(again["conflicts"][0]["id"], conflicts[0]["id"]);

    let conflict = conflicts[0]["id"].to_string();
    let done = lib
        .cli(&[
            "merge",
            &story,
            "--resolve",
            &conflict,
            "theirs",
            "--json",
            "--user",
            "ana",
        ])
        .json();
    assert_eq!(done["status"], "merged");
    let revision = done["revision_id"].as_i64().unwrap();
    let shown = lib.cli(&["show", &story, "--json"]).json();
    assert_eq!(shown["revision_id"], revision);
    assert_eq!(
        shown["headline"], "Floods close Ravel river roads",
        "the desk's headline survives"
    );
    let body = shown["body"].as_str().unwrap();
    assert!(
        body.contains("Floods shut roads"),
        "the desk's lead survives: {body}"
    );
    assert!(
        body.contains("About 350 homes"),
        "the agency's new toll arrives: {body}"
    );
    assert!(
        body.ends_with("Schools will reopen on Thursday."),
        "and its new paragraph: {body}"
    );
    let history = lib.cli(&["history", &story, "--json"]).json();
    let last = history.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "merge");
    assert_eq!(last["note"], "merged wire version 2");
    // Merged: the next merge has nothing to do.
    assert_eq!(
        lib.cli(&["merge", &story, "--json"]).json()["status"],
        "nothing-to-merge"
    );
    let stale = lib.cli(&["merge", &story, "--resolve", &conflict, "ours"]);
    assert!(
        stale.stderr.contains("has no open merge conflict"),
        "{}",
        stale.stderr
    );
}

#[test]
fn export_is_gated_until_the_claims_are_checked_and_an_override_is_recorded() {
    let lib = TempLibrary::new();
    let story = ingest_bridge(&lib);
    let out = lib.dir.path().join("bridge.html");
    let out_arg = out.to_str().unwrap();

    // Suggested claims are unchecked: the gate lists them and nothing is written.
    let refused = lib.cli(&["export", &story, "--format", "html", "--out", out_arg]);
    assert_ne!(refused.code, 0);
    assert!(
        refused
            .stderr
            .contains(&format!("story {story} is not ready to publish"))
            && refused.stderr.contains("unchecked"),
        "{}",
        refused.stderr
    );
    assert!(!out.exists());

    // An override exports and records who and why.
    let done = lib
        .cli(&[
            "export",
            &story,
            "--format",
            "html",
            "--out",
            out_arg,
            "--override",
            "Breaking: checked by phone",
            "--user",
            "ana",
            "--json",
        ])
        .json();
    assert_eq!(done["override_reason"], "Breaking: checked by phone");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("<h1>Bridge reopens after repairs</h1>"));
    assert!(html.contains("&quot;It is good to have our shortest route back,&quot;"));
    let recorded: (String, String, String) = lib
        .sql()
        .query_row(
            "SELECT author, override_reason, sha256 FROM exports",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(recorded.0, "ana");
    assert_eq!(recorded.1, "Breaking: checked by phone");
    assert_eq!(recorded.2, done["sha256"]);

    // An existing file is kept unless --force.
    let again = lib.cli(&[
        "export",
        &story,
        "--format",
        "html",
        "--out",
        out_arg,
        "--override",
        "x",
    ]);
    assert!(
        again.stderr.contains("the file exists already"),
        "{}",
        again.stderr
    );

    // Once every claim has a verdict, the story exports without an override.
    for claim in lib
        .cli(&["claims", &story, "--json"])
        .json()
        .as_array()
        .unwrap()
    {
        lib.cli(&[
            "claim",
            "set",
            &claim["id"].to_string(),
            "--status",
            "verified",
        ]);
    }
    let text = lib.cli(&["export", &story, "--format", "txt"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout
            .starts_with("Bridge reopens after repairs\n\nOSLEN\n\n"),
        "{}",
        text.stdout
    );
    let count: i64 = lib.scalar("SELECT count(*) FROM exports");
    assert_eq!(count, 2, "every export is recorded");
}

#[test]
fn the_fact_check_report_lists_every_claim_and_is_never_gated() {
    let lib = TempLibrary::new();
    let story = ingest_bridge(&lib);
    let claims = lib.cli(&["claims", &story, "--json"]).json();
    let first = claims[0]["id"].to_string();
    lib.cli(&[
        "claim",
        "set",
        &first,
        "--status",
        "verified",
        "--note",
        "=cmd|' /C calc'!A0",
        "--assign",
        "lee",
    ]);
    lib.cli(&[
        "claim",
        "evidence",
        &first,
        "--url",
        "https://example.org/minutes",
    ]);

    // Unchecked claims do not stop a report.
    let json = lib.cli(&["export", &story, "--format", "report-json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let report: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        report["claims"].as_array().unwrap().len(),
        claims.as_array().unwrap().len()
    );
    let entry = &report["claims"][0];
    assert_eq!(entry["status"], "verified");
    assert_eq!(entry["checker"], "lee");
    assert!(entry["evidence"][0]
        .as_str()
        .unwrap()
        .contains("https://example.org/minutes"));
    assert!(
        entry["history"].as_str().unwrap().starts_with("4 changes"),
        "{}",
        entry["history"]
    );

    let csv = lib
        .cli(&["export", &story, "--format", "report-csv"])
        .stdout;
    let mut lines = csv.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("id,kind,text,value,speaker,status,checker"));
    assert_eq!(lines.count(), claims.as_array().unwrap().len());
    assert!(
        csv.contains("\"'=cmd|' /C calc'!A0"),
        "a formula is defanged: {csv}"
    );

    let html = lib
        .cli(&["export", &story, "--format", "report-html"])
        .stdout;
    assert!(html.contains("<h1>Fact-check report</h1>"));
    assert!(html.contains(&format!("<tr id=\"claim-{first}\">")));
    let exports: i64 = lib.scalar("SELECT count(*) FROM exports");
    assert_eq!(exports, 3, "reports are recorded too");
}

#[test]
fn acknowledged_integrity_findings_free_the_gate_and_exports_show_in_history() {
    let lib = TempLibrary::new();
    let story = ingest_bridge(&lib);
    // The desk trims the quote: the wire copy no longer backs it.
    let shown = lib.cli(&["show", &story, "--json"]).json();
    let body = shown["body"].as_str().unwrap().replace(
        "It is good to have our shortest route back,",
        "It is good to have our route back,",
    );
    let edit = lib.file(
        "edit.txt",
        format!("{}\n\n{body}\n", shown["headline"].as_str().unwrap()).as_bytes(),
    );
    let saved = lib.edit_from_file(&story, &edit);
    assert_eq!(saved.code, 0, "{}", saved.stderr);
    for claim in lib
        .cli(&["claims", &story, "--json"])
        .json()
        .as_array()
        .unwrap()
    {
        let status = if claim["kind"] == "quote" {
            "false"
        } else {
            "verified"
        };
        let set = lib.cli(&["claim", "set", &claim["id"].to_string(), "--status", status]);
        assert_eq!(set.code, 0, "{}", set.stderr);
    }
    // Mark the false quote as dismissed (the desk rewrote it), so only the
    // integrity finding holds the story.
    for claim in lib
        .cli(&["claims", &story, "--json"])
        .json()
        .as_array()
        .unwrap()
    {
        if claim["status"] == "false" {
            lib.cli(&["claim", "dismiss", &claim["id"].to_string()]);
        }
    }
    let refused = lib.cli(&["export", &story, "--format", "nitf"]);
    refused.assert_fails_with("integrity finding(s) not acknowledged");

    let findings = lib.cli(&["integrity", &story, "--json"]).json();
    let finding = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "quote-changed")
        .unwrap_or_else(|| panic!("a changed quote: {findings}"));
    assert!(finding["acknowledged"].is_null());
    let key = finding["key"].as_str().unwrap();
    let no_reason = lib.cli(&["integrity", &story, "--acknowledge", key]);
    assert_ne!(no_reason.code, 0, "a reason is required");
    let unknown = lib.cli(&[
        "integrity",
        &story,
        "--acknowledge",
        "000000000000",
        "--reason",
        "x",
    ]);
    assert!(
        unknown
            .stderr
            .contains("has no integrity finding 000000000000"),
        "{}",
        unknown.stderr
    );
    let acknowledged = lib
        .cli(&[
            "integrity",
            &story,
            "--acknowledge",
            key,
            "--reason",
            "trimmed for length, meaning kept",
            "--user",
            "ana",
            "--json",
        ])
        .json();
    let finding = acknowledged
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == key)
        .unwrap();
    assert_eq!(finding["acknowledged"]["actor"], "ana");
    assert_eq!(
        finding["acknowledged"]["reason"],
        "trimmed for length, meaning kept"
    );

    let out = lib.dir.path().join("bridge.xml");
    let published = lib.cli(&[
        "export",
        &story,
        "--format",
        "nitf",
        "--out",
        out.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(published.code, 0, "{}", published.stderr);
    let outcome = published.json();
    let history = lib.cli(&["history", &story, "--json"]).json();
    let head = history.as_array().unwrap().last().unwrap();
    assert_eq!(head["id"], outcome["revision_id"]);
    assert_eq!(head["exports"][0]["format"], "nitf");
    assert_eq!(head["exports"][0]["sha256"], outcome["sha256"]);
    let text = lib.cli(&["history", &story]).stdout;
    assert!(text.contains("exported as nitf by"), "{text}");
    // The agency's original is not what was checked: only past the gate.
    let original = history.as_array().unwrap()[0]["id"].to_string();
    let old = lib.cli(&["export", &story, "--format", "txt", "--revision", &original]);
    old.assert_fails_with("is not the current text");
    let past = lib.cli(&[
        "export",
        &story,
        "--format",
        "txt",
        "--revision",
        &original,
        "--override",
        "archive copy",
    ]);
    assert_eq!(past.code, 0, "{}", past.stderr);
    assert!(
        past.stdout.contains("shortest route"),
        "the original words: {}",
        past.stdout
    );
    let audit: i64 =
        lib.scalar("SELECT count(*) FROM audit_log WHERE action = 'acknowledge' AND actor = 'ana'");
    assert_eq!(audit, 1);
}

#[test]
fn claimreview_publishes_verdicts_with_the_fields_google_requires() {
    let lib = TempLibrary::new();
    let story = ingest_bridge(&lib);
    let claims = lib.cli(&["claims", &story, "--json"]).json();
    let claims = claims.as_array().unwrap();
    assert!(claims.len() >= 2, "{claims:?}");
    lib.cli(&[
        "claim",
        "set",
        &claims[0]["id"].to_string(),
        "--status",
        "verified",
    ]);
    lib.cli(&[
        "claim",
        "set",
        &claims[1]["id"].to_string(),
        "--status",
        "false",
    ]);

    // Without the organisation and the address, nothing is made up.
    let unset = lib.cli(&["export", &story, "--format", "claimreview"]);
    unset.assert_fails_with("claimreview.organisation");
    let bad = lib.cli(&["settings", "claimreview.base_url", "desk.example"]);
    assert!(
        bad.stderr.contains("must be a plain http(s) address"),
        "{}",
        bad.stderr
    );
    lib.cli(&["settings", "claimreview.organisation", "Oslen Daily"]);
    lib.cli(&[
        "settings",
        "claimreview.base_url",
        "https://oslen.example/news/",
    ]);
    let settings = lib.cli(&["settings", "--json"]).json();
    assert_eq!(settings["claimreview.organisation"], "Oslen Daily");
    assert!(settings["claimreview.organisation_url"].is_null());

    // Unchecked claims do not hold ClaimReview back; they are left out of it.
    let run = lib.cli(&["export", &story, "--format", "claimreview"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let reviews: Value = serde_json::from_str(&run.stdout).unwrap();
    let reviews = reviews.as_array().unwrap();
    assert_eq!(reviews.len(), 2, "{reviews:?}");
    for review in reviews {
        assert_eq!(review["@context"], "https://schema.org");
        assert_eq!(review["@type"], "ClaimReview");
        for field in ["claimReviewed", "url", "datePublished"] {
            assert!(
                review[field].as_str().is_some_and(|v| !v.is_empty()),
                "{field} in {review}"
            );
        }
        assert!(review["url"]
            .as_str()
            .unwrap()
            .starts_with(&format!("https://oslen.example/news/{story}#claim-")));
        assert_eq!(review["author"]["name"], "Oslen Daily");
        let rating = &review["reviewRating"];
        assert_eq!(rating["@type"], "Rating");
        assert_eq!(rating["bestRating"], 5);
        assert_eq!(rating["worstRating"], 1);
        assert!(rating["alternateName"].is_string());
        assert!(rating["ratingValue"].is_number());
        assert_eq!(review["itemReviewed"]["@type"], "Claim");
        assert!(review["itemReviewed"]["appearance"]["headline"].is_string());
    }
    let names: Vec<&str> = reviews
        .iter()
        .map(|r| r["reviewRating"]["alternateName"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"True") && names.contains(&"False"),
        "{names:?}"
    );
}

#[test]
fn bench_generates_a_library_through_ingest_and_measures_it() {
    let lib = TempLibrary::new();
    let db = lib.db();
    let db = db.to_str().unwrap();
    // `--db` is ignored by generate (it builds --out); the library is new.
    let made = lib
        .cli(&["bench", "generate", "--stories", "400", "--out", db])
        .json();
    assert_eq!(made["stories"], 400);
    assert_eq!(made["errors"], 0);
    assert_eq!(
        made["wire_updates"], 40,
        "one story in ten gets a second take"
    );
    assert_eq!(made["edits"], 20);
    assert_eq!(made["exports"], 8);
    assert!(made["checked_claims"].as_u64().unwrap() >= 20);

    // The rows are those of normal ingest: the library reads like any other.
    let library = lib.open();
    assert_eq!(library.stories(1000, 0).unwrap().len(), 400);
    let updated = library
        .stories(1000, 0)
        .unwrap()
        .into_iter()
        .filter(|s| s.version == 2)
        .count();
    assert_eq!(updated, 40);
    drop(library);

    // An existing file is refused: generate builds a new library only.
    let again = lib.cli(&["bench", "generate", "--stories", "10", "--out", db]);
    again.assert_fails_with("already exists");

    let measured = lib.cli(&["bench", "measure", "--ingest", "50"]).json();
    assert_eq!(measured["stories"], 400);
    assert_eq!(measured["searches"].as_array().unwrap().len(), 5);
    for key in [
        "open_ms",
        "inbox_first_page_ms",
        "inbox_deep_page_ms",
        "open_story_ms",
        "figure_findings_ms",
        "diff_ms",
    ] {
        assert!(
            measured[key]["p95"].as_f64().unwrap() >= 0.0,
            "{key}: {measured}"
        );
    }
    let ingest = &measured["ingest"];
    assert_eq!(ingest["stories_per_round"], 50);
    assert_eq!(ingest["rounds"].as_array().unwrap().len(), 5, "{ingest}");
    assert!(ingest["into_this_per_second"].as_f64().unwrap() > 0.0);
    assert!(ingest["ratio"].as_f64().unwrap() > 0.0);
    assert!(measured["memory_after_open_mib"].as_f64().unwrap() > 0.0);
    // The measured ingest added its stories: 50 in each of five rounds.
    assert_eq!(lib.open().stories(1000, 0).unwrap().len(), 650);

    // Only the ingest rates; a library that is not there is not created.
    let only = lib
        .cli(&[
            "bench",
            "measure",
            "--only-ingest",
            "--ingest",
            "20",
            "--seed",
            "12",
        ])
        .json();
    assert_eq!(only["rounds"].as_array().unwrap().len(), 5);
    assert_eq!(lib.open().stories(1000, 0).unwrap().len(), 750);
    let missing = lib.dir.path().join("missing.sqlite");
    let refused = std::process::Command::new(cli_binary())
        .arg("--db")
        .arg(&missing)
        .args(["bench", "measure", "--only-ingest"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("does not exist"), "{stderr}");
    assert!(!missing.exists());
}

/// Made-up agency copy with a quote attributed after it by a speech verb
/// other than "said", between paragraphs whose attributions are unnamed.
const QUAKE: &[u8] = b"Quake toll rises\n\n\
LIMA, March 11, 2014 (Reuters) - The death toll rose to 120 on Thursday, officials said, \
up from 73 reported on March 9.\n\n\
\"We will rebuild every home,\" Mayor Ana Ruiz vowed.\n\n\
\"No family will sleep outside,\" she added.\n\n\
\"The roads are open again.\"\n\n\
At least 73 people were killed, the ministry said.\n";

#[test]
fn quote_speakers_and_how_they_were_found_come_through_claims_json() {
    let lib = TempLibrary::new();
    let ingested = lib.ingest("quake.txt", QUAKE);
    let story = ingested[0]["story_id"].as_i64().unwrap().to_string();
    let claims = lib.cli(&["claims", &story, "--json"]).json();
    let quotes: Vec<(String, Value, Value)> = claims
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "quote")
        .map(|c| {
            for key in [
                "id",
                "kind",
                "text",
                "start",
                "end",
                "value",
                "speaker",
                "status",
                "origin",
                "speaker_source",
            ] {
                assert!(c.get(key).is_some(), "claims --json lacks {key}: {c}");
            }
            (
                c["text"].as_str().unwrap().to_owned(),
                c["speaker"].clone(),
                c["speaker_source"].clone(),
            )
        })
        .collect();
    assert_eq!(
        quotes,
        vec![
            (
                "\"We will rebuild every home,\"".to_owned(),
                json!("Ana Ruiz"),
                json!("named")
            ),
            (
                "\"No family will sleep outside,\"".to_owned(),
                json!("Ana Ruiz"),
                json!("pronoun")
            ),
            (
                "\"The roads are open again.\"".to_owned(),
                json!("Ana Ruiz"),
                json!("carried")
            ),
        ]
    );
    // A number claim has neither a speaker nor a source for one.
    let number = claims
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] != "quote")
        .expect("a number or date claim");
    assert_eq!(number["speaker"], Value::Null);
    assert_eq!(number["speaker_source"], Value::Null);
}

#[test]
fn an_updated_toll_is_listed_with_what_it_counts() {
    let lib = TempLibrary::new();
    let ingested = lib.ingest(
        "toll.txt",
        b"Quake toll rises\n\n\
LIMA, March 11, 2014 (Reuters) - The death toll rose to 120 on Thursday, officials said, \
up from 73 reported on March 9.\n\n\
\"We will rebuild every home,\" Mayor Ana Ruiz vowed.\n\n\
At least 73 people were killed, the ministry said.\n",
    );
    let story = ingested[0]["story_id"].as_i64().unwrap().to_string();
    let claims = lib.cli(&["claims", &story, "--json"]).json();
    let numbers: Vec<(String, String)> = claims
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "quantity")
        .map(|c| {
            (
                c["text"].as_str().unwrap().to_owned(),
                c["value"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("120", "120 deaths"),
        ("73", "73 deaths"),
        ("At least 73 people", ">=73 people"),
    ]
    .map(|(t, v)| (t.to_owned(), v.to_owned()));
    assert_eq!(numbers, expected);
}

/// Each message says what happened, once, and only what happened.
#[test]
fn messages_say_what_happened_once() {
    let lib = TempLibrary::new();
    let story = ingest_bridge(&lib);

    // A file that exists is named once, with what to do about it.
    let out = lib.dir.path().join("story.txt");
    let out = out.to_str().unwrap();
    let first = lib.cli(&[
        "export",
        &story,
        "--format",
        "txt",
        "--out",
        out,
        "--override",
        "test",
    ]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let again = lib.cli(&[
        "export",
        &story,
        "--format",
        "txt",
        "--out",
        out,
        "--override",
        "test",
    ]);
    assert_ne!(again.code, 0);
    assert_eq!(
        again.stderr.matches("exists already").count(),
        1,
        "{}",
        again.stderr
    );
    assert!(again.stderr.contains("use --force"), "{}", again.stderr);
    assert_eq!(again.stderr.lines().count(), 1, "{}", again.stderr);

    // --limit 0 is refused as what it is, not answered with "no stories".
    for command in [
        &["list", "--limit", "0"][..],
        &["search", "bridge", "--limit", "0"],
    ] {
        let run = lib.cli(command);
        assert_eq!(run.code, 2, "{command:?}: {}", run.stdout);
        assert!(
            run.stderr.contains("0 would show nothing"),
            "{}",
            run.stderr
        );
        assert!(!run.stdout.contains("no stories"), "{}", run.stdout);
    }
    // Paging past the end says so, and how many there are.
    let past = lib.cli(&["list", "--offset", "10"]);
    assert_eq!(past.code, 0);
    assert_eq!(
        past.stdout.trim(),
        "No stories after the newest 10: the library holds 1."
    );

    // A base revision that does not exist is not "changed since".
    let edit = lib.file(
        "edit.txt",
        b"Bridge reopens\n\nThe bridge reopened on Monday.\n",
    );
    let run = lib.cli(&[
        "edit",
        &story,
        "--base",
        "999",
        "--from-file",
        edit.to_str().unwrap(),
    ]);
    run.assert_fails_with(&format!("revision 999 is not a revision of story {story}"));
    assert!(!run.stderr.contains("changed since"), "{}", run.stderr);
    // A revision of another story is not this story's either.
    let other = lib.file(
        "other.txt",
        b"Ferry timetable changes\nPORTLEE (Meridian Wire) - The island ferry will sail twice a day from June.\n",
    );
    let other = lib
        .cli(&["ingest", other.to_str().unwrap(), "--json"])
        .json();
    let other_revision = other[0]["revision_id"].to_string();
    let run = lib.cli(&[
        "edit",
        &story,
        "--base",
        &other_revision,
        "--from-file",
        edit.to_str().unwrap(),
    ]);
    assert!(
        run.stderr.contains("is not a revision of story"),
        "{}",
        run.stderr
    );

    // UTF-16 without a byte-order mark, in a script that is not Latin, is
    // read as UTF-16, not called a binary file.
    let text = "Паромы ходят дважды\nПОРТЛИ — Паром на остров будет ходить дважды в день с июня.\n";
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let file = lib.file("utf16.txt", &bytes);
    let run = lib.cli(&["ingest", file.to_str().unwrap(), "--json"]);
    let report = run.json();
    assert_eq!(report[0]["status"], "new", "{report}");
    let shown = lib
        .cli(&["show", &report[0]["story_id"].to_string(), "--json"])
        .json();
    assert_eq!(shown["headline"], "Паромы ходят дважды");
    assert!(!run.stderr.contains("binary"), "{}", run.stderr);
}

/// An edit goes through the clean-up wire copy does: no control characters
/// or terminal escapes reach the library, `show` or `list`; saving the same
/// text again makes no revision and says so.
#[test]
fn edits_are_cleaned_like_wire_copy_and_unchanged_text_saves_nothing() {
    let lib = TempLibrary::new();
    let story = ingest_bridge(&lib);
    let hostile = lib.file(
        "hostile.txt",
        "Bridge \u{1b}[31mreopens\u{1b}[0m\u{7}\n\n\u{1}The bridge \u{1b}]0;a title\u{7}reopened on \
         Monday\u{1b}[2J, the council said.\u{7f}\n\nTraffic\tresumed at noon.\u{1b}7\n"
            .as_bytes(),
    );
    let saved = lib
        .cli(&[
            "edit",
            &story,
            "--from-file",
            hostile.to_str().unwrap(),
            "--note",
            "bell\u{7} note",
            "--json",
        ])
        .json();
    let revision = saved["revision_id"].as_i64().expect("a revision");
    assert!(saved.get("unchanged").is_none(), "{saved}");
    let shown = lib.cli(&["show", &story]);
    let listed = lib.cli(&["list"]);
    let history = lib.cli(&["history", &story]);
    for output in [&shown.stdout, &listed.stdout, &history.stdout] {
        assert!(
            !output.chars().any(|c| c.is_control() && c != '\n'),
            "control characters printed: {output:?}"
        );
        assert!(
            !output.contains("[31m") && !output.contains("[2J"),
            "{output}"
        );
    }
    let shown = lib.cli(&["show", &story, "--json"]).json();
    assert_eq!(shown["headline"], "Bridge reopens");
    assert_eq!(
        shown["body"],
        "The bridge reopened on Monday, the council said.\n\nTraffic resumed at noon."
    );

    // The same text again: no revision, exit 0, said plainly.
    let before = lib.cli(&["history", &story, "--json"]).json();
    let again = lib.cli(&["edit", &story, "--from-file", hostile.to_str().unwrap()]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again.stdout.contains(&format!(
            "nothing saved: {} is the same as revision {revision}",
            hostile.display()
        )),
        "{}",
        again.stdout
    );
    let json = lib.edit_from_file(&story, &hostile).json();
    assert_eq!(json["revision_id"], revision);
    assert_eq!(json["unchanged"], true);
    let after = lib.cli(&["history", &story, "--json"]).json();
    assert_eq!(before, after, "no revision was made");
}
