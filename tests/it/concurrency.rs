//! Two writers on one library at once, as real processes: two ingests of
//! the same drop folder, two saves of the same story, and a long batch
//! beside quick edits. Nobody may see "database is locked", nothing may be
//! stored twice, and no saved edit may be lost.

use std::process::{Child, Command, Stdio};

use crate::support::{cli_binary, distinct_story, TempLibrary};

fn spawn(lib: &TempLibrary, args: &[&str]) -> Child {
    Command::new(cli_binary())
        .arg("--db")
        .arg(lib.db())
        .args(args)
        .env("WIREDESK_USER", "desk")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start wiredesk")
}

fn finish(child: Child) -> (i32, String, String) {
    let out = child.wait_with_output().expect("wait for wiredesk");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn drop_folder(lib: &TempLibrary, files: usize) -> std::path::PathBuf {
    let dir = lib.dir.path().join("drop");
    std::fs::create_dir_all(&dir).unwrap();
    for n in 0..files {
        std::fs::write(dir.join(format!("story {n}.txt")), distinct_story(n)).unwrap();
    }
    dir
}

#[test]
fn two_processes_ingesting_one_drop_folder_store_each_story_once() {
    let lib = TempLibrary::new();
    let dir = drop_folder(&lib, 60);
    let dir = dir.to_str().unwrap();
    for round in 0..3 {
        let a = spawn(&lib, &["--json", "ingest", dir]);
        let b = spawn(&lib, &["--json", "ingest", dir]);
        let runs = [finish(a), finish(b)];
        let mut new = 0;
        for (code, stdout, stderr) in &runs {
            assert_eq!(*code, 0, "round {round}: {stderr}");
            assert!(!stderr.contains("locked"), "{stderr}");
            let reports: serde_json::Value = serde_json::from_str(stdout).unwrap();
            for report in reports.as_array().unwrap() {
                assert!(report["error"].is_null(), "{report}");
                match report["status"].as_str().unwrap() {
                    "new" => new += 1,
                    "duplicate" => {}
                    other => panic!("round {round}: {other}: {report}"),
                }
            }
        }
        assert_eq!(new, if round == 0 { 60 } else { 0 }, "round {round}");
    }
    let library = lib.open();
    assert_eq!(library.story_count().unwrap(), 60);
    let copies: i64 = lib.scalar("SELECT count(*) FROM feed_copies");
    assert_eq!(copies, 60, "each file's bytes are kept once");
}

#[test]
fn two_saves_of_one_story_give_one_success_and_one_clear_conflict() {
    let lib = TempLibrary::new();
    let dir = drop_folder(&lib, 1);
    let run = lib.cli(&["ingest", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut saved = Vec::new();
    for round in 0..8 {
        let head = lib.open().story(1).unwrap();
        let base = head.revision_id.to_string();
        let ours = lib.file(
            &format!("ours-{round}.txt"),
            format!("{}\n\n{}\n\nOurs {round}.\n", head.headline, head.body).as_bytes(),
        );
        let theirs = lib.file(
            &format!("theirs-{round}.txt"),
            format!("{}\n\n{}\n\nTheirs {round}.\n", head.headline, head.body).as_bytes(),
        );
        // Each save is based on the same head revision.
        let save_on = |file: &std::path::Path| {
            spawn(
                &lib,
                &[
                    "--json",
                    "edit",
                    "1",
                    "--base",
                    &base,
                    "--from-file",
                    file.to_str().unwrap(),
                ],
            )
        };
        let a = save_on(&ours);
        let b = save_on(&theirs);
        let runs = [finish(a), finish(b)];
        let won: Vec<&(i32, String, String)> = runs.iter().filter(|r| r.0 == 0).collect();
        let lost: Vec<&(i32, String, String)> = runs.iter().filter(|r| r.0 != 0).collect();
        assert_eq!(
            won.len(),
            1,
            "round {round}: exactly one save wins: {runs:?}"
        );
        assert!(
            lost[0]
                .2
                .contains(&format!("changed since revision {base}"))
                && lost[0].2.contains("reload it and edit again"),
            "round {round}: {}",
            lost[0].2
        );
        assert!(!lost[0].2.contains("locked"), "{}", lost[0].2);
        let json: serde_json::Value = serde_json::from_str(&won[0].1).unwrap();
        saved.push(json["revision_id"].as_i64().unwrap());
    }
    // Every winning save is in the history, one after the other: none lost.
    let history = lib.open().history(1).unwrap();
    let ids: Vec<i64> = history.iter().map(|h| h.id).collect();
    for revision in &saved {
        assert!(ids.contains(revision), "{revision} in {ids:?}");
    }
    assert_eq!(history.len(), 1 + saved.len());
}

#[test]
fn edits_wait_for_a_long_ingest_batch_instead_of_failing() {
    let lib = TempLibrary::new();
    let first = drop_folder(&lib, 1);
    assert_eq!(lib.cli(&["ingest", first.to_str().unwrap()]).code, 0);
    // A big batch in one process...
    let big = lib.dir.path().join("big");
    std::fs::create_dir_all(&big).unwrap();
    for n in 0..600 {
        std::fs::write(big.join(format!("{n}.txt")), distinct_story(1000 + n)).unwrap();
    }
    let batch = spawn(&lib, &["--json", "ingest", big.to_str().unwrap()]);
    // ...while another saves edits one after another.
    let mut edits = 0;
    for round in 0..10 {
        let head = lib.open().story(1).unwrap();
        let file = lib.file(
            &format!("edit-{round}.txt"),
            format!("{}\n\n{}\n\nLine {round}.\n", head.headline, head.body).as_bytes(),
        );
        let run = lib.cli(&[
            "--json",
            "edit",
            "1",
            "--base",
            &head.revision_id.to_string(),
            "--from-file",
            file.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 0, "edit {round}: {}", run.stderr);
        edits += 1;
    }
    let (code, stdout, stderr) = finish(batch);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("locked"), "{stderr}");
    let reports: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(reports.as_array().unwrap().len(), 600);
    let library = lib.open();
    assert_eq!(library.history(1).unwrap().len(), 1 + edits);
    assert!(library.story(1).unwrap().body.ends_with("Line 9."));
}

#[test]
fn two_watchers_of_one_drop_folder_store_each_file_once_and_follow_no_link() {
    let lib = TempLibrary::new();
    let dir = lib.dir.path().join("watched");
    std::fs::create_dir_all(&dir).unwrap();
    // A file outside the folder, linked from inside it: never read.
    let outside = lib.file(
        "outside/secret.txt",
        format!("{}Only zeppelinsecret here.\n", distinct_story(999)).as_bytes(),
    );
    std::os::unix::fs::symlink(&outside, dir.join("link.txt")).unwrap();
    let folder = dir.to_str().unwrap();
    let a = Watcher::spawn(&lib, folder);
    let b = Watcher::spawn(&lib, folder);
    for n in 0..30 {
        std::fs::write(dir.join(format!("{n}.txt")), distinct_story(n)).unwrap();
        // The files arrive in three batches, over more than one scan each:
        // the spacing is the scenario, not a wait for anything.
        if n % 10 == 9 {
            std::thread::sleep(std::time::Duration::from_millis(150));
        }
    }
    // Both watchers see every file; wait until all are in.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let stories = lib.open().story_count().unwrap();
        if stories >= 30 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "only {stories} of 30 stories after a minute"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    // A last file, written once every story is in: a watcher that has
    // reported it has taken (or skipped) every file before it, since the
    // scan that found it ready found them all ready too, and a batch is
    // ingested in path order ("zz-last.txt" sorts after "29.txt").
    let last = "zz-last.txt";
    std::fs::write(dir.join(last), distinct_story(30)).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    for watcher in [&a, &b] {
        while !watcher.reported(last) {
            assert!(
                std::time::Instant::now() < deadline,
                "a watcher has not reported {last} after a minute: {:?}",
                watcher.lines()
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
    let outputs: Vec<(String, String)> = [a, b].into_iter().map(Watcher::finish).collect();
    for (stdout, stderr) in &outputs {
        assert!(!stderr.contains("locked"), "{stderr}");
        for line in stdout.lines().filter(|l| !l.trim().is_empty()) {
            let report: serde_json::Value = serde_json::from_str(line).unwrap();
            assert!(
                matches!(report["status"].as_str(), Some("new" | "duplicate")),
                "{report}"
            );
        }
    }
    // The 30 files and the last one.
    let library = lib.open();
    assert_eq!(library.story_count().unwrap(), 31);
    let copies: i64 = lib.scalar("SELECT count(*) FROM feed_copies");
    assert_eq!(copies, 31, "each file stored once, the linked one never");
    assert!(library.search("zeppelinsecret", 5).unwrap().is_empty());
}

/// `wiredesk --json watch FOLDER` running, its output read line by line as
/// it comes.
struct Watcher {
    child: Child,
    lines: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    reader: std::thread::JoinHandle<()>,
}

impl Watcher {
    fn spawn(lib: &TempLibrary, folder: &str) -> Watcher {
        use std::io::BufRead as _;
        let mut child = spawn(lib, &["--json", "watch", folder, "--interval", "0.1"]);
        let stdout = child.stdout.take().expect("watcher stdout");
        let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let into = lines.clone();
        let reader = std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                into.lock().unwrap().push(line);
            }
        });
        Watcher {
            child,
            lines,
            reader,
        }
    }

    fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }

    /// Whether a report of a file whose name ends with `name` was printed.
    fn reported(&self, name: &str) -> bool {
        self.lines().iter().any(|line| {
            serde_json::from_str::<serde_json::Value>(line)
                .is_ok_and(|report| report["file"].as_str().is_some_and(|f| f.ends_with(name)))
        })
    }

    /// Stops the watcher: its standard output and error.
    fn finish(mut self) -> (String, String) {
        self.child.kill().unwrap();
        let (_, _, stderr) = finish(self.child);
        self.reader.join().expect("watcher output reader");
        let mut stdout = self.lines.lock().unwrap().join("\n");
        stdout.push('\n');
        (stdout, stderr)
    }
}
