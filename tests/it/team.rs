//! The team library (PostgreSQL) as a desk uses it: `library copy` moves
//! the corpus library SQLite → PostgreSQL → SQLite unchanged; what was
//! received and written cannot be changed even through `psql`; two
//! processes ingesting one folder store each copy once; two saves from one
//! base give one conflict; a client killed mid-ingest, or the server
//! stopped dead mid-ingest, leave nothing half-stored and a rerun completes.
//!
//! These need a PostgreSQL server: `WIREDESK_TEST_PG` (`.ci/test` starts
//! one). Without it they fail, saying so: they are never skipped.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use wiredesk_core::library::team::CopiedValue;
use wiredesk_core::Library;

use crate::support::{cli_binary, corpus, distinct_story, CliRun};

/// The test server's address; a failure saying how to get one otherwise.
fn server() -> String {
    match wiredesk_core::team_test::server() {
        Some(server) => server,
        None if std::env::var("CI").as_deref() == Ok("true") => panic!(
            "CI=true but WIREDESK_TEST_PG is not set: .ci/test starts a throwaway PostgreSQL \
             server and sets it; the team-library tests cannot run without one"
        ),
        None => panic!(
            "WIREDESK_TEST_PG is not set: the team-library tests need a PostgreSQL server \
             (run .ci/test, or `.ci/postgres start DIR` and export the address it prints as \
             WIREDESK_TEST_PG); they fail rather than skip"
        ),
    }
}

/// A fresh, initialised team library on `server`; its address.
fn team_library(server: &str) -> String {
    let url = wiredesk_core::team_test::fresh_database(server);
    Library::init_team(&url).expect("create the team library");
    url
}

/// Runs `wiredesk --db DB ARGS…`.
fn cli(db: &Path, args: &[&str]) -> CliRun {
    CliRun::from(command(db, args).output().expect("run wiredesk"))
}

fn command(db: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(cli_binary());
    command
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("WIREDESK_DB")
        .env("WIREDESK_USER", "tester");
    command
}

/// Every row of every table the copy moves, each table's rows in one
/// order whatever the engine (tables without ids are read in their key's
/// order, which collations may differ on).
fn rows(location: &Path) -> Vec<(&'static str, Vec<Vec<CopiedValue>>)> {
    let library =
        Library::open(location).unwrap_or_else(|err| panic!("open {}: {err}", location.display()));
    let mut tables = library.copied_rows().expect("read every row");
    for (_, rows) in &mut tables {
        rows.sort_by_key(|row| format!("{row:?}"));
    }
    tables
}

/// Asserts two libraries hold the same rows, naming the first difference.
#[track_caller]
fn assert_same_rows(a: &Path, b: &Path) {
    let (left, right) = (rows(a), rows(b));
    assert_eq!(left.len(), right.len());
    for ((table, l), (_, r)) in left.iter().zip(&right) {
        assert_eq!(
            l.len(),
            r.len(),
            "{table}: {} rows in {}, {} in {}",
            l.len(),
            a.display(),
            r.len(),
            b.display()
        );
        for (row_l, row_r) in l.iter().zip(r) {
            assert_eq!(
                row_l,
                row_r,
                "{table} differs between {} and {}",
                a.display(),
                b.display()
            );
        }
    }
}

/// `wiredesk doctor --json` passes on the library at `db`.
#[track_caller]
fn assert_doctor_clean(db: &Path) {
    let run = cli(db, &["doctor", "--json"]);
    let report = run.json_any_exit();
    assert_eq!(
        report["ok"],
        true,
        "doctor on {}: {}\n{}",
        db.display(),
        run.stdout,
        run.stderr
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

fn story_ids(db: &Path) -> Vec<i64> {
    cli(db, &["list", "--limit", "100000", "--json"])
        .json()
        .as_array()
        .expect("a list")
        .iter()
        .map(|s| s["id"].as_i64().expect("an id"))
        .collect()
}

/// A folder of `n` distinct plain-text stories.
fn folder_of_stories(dir: &Path, n: usize) -> PathBuf {
    let folder = dir.join("incoming");
    std::fs::create_dir_all(&folder).expect("folder");
    for i in 0..n {
        std::fs::write(folder.join(format!("story-{i:04}.txt")), distinct_story(i))
            .expect("write a story");
    }
    folder
}

/// How many feed copies, and how many distinct ones (by SHA-256), the
/// library holds.
fn feed_copies(db: &Path) -> (usize, usize) {
    let tables = rows(db);
    let (_, copies) = tables
        .iter()
        .find(|(table, _)| *table == "feed_copies")
        .expect("feed_copies");
    let distinct: HashSet<String> = copies.iter().map(|row| format!("{:?}", row[6])).collect();
    (copies.len(), distinct.len())
}

#[test]
fn copy_round_trips_the_corpus_library_both_ways() {
    let server = server();
    let dir = tempfile::tempdir().expect("temporary folder");
    let original = dir.path().join("desk.sqlite");
    let stories_dir = corpus().join("stories");
    let ingested = cli(
        &original,
        &["ingest", stories_dir.to_str().unwrap(), "--json"],
    );
    assert!(
        ingested.code == 0 || ingested.code == 1,
        "{}",
        ingested.stderr
    );
    // A desk's work on top of the wire copy: an edit, a checked claim with
    // evidence, an export past the gate, a setting.
    let ids = story_ids(&original);
    assert!(ids.len() > 20, "the corpus gives stories: {ids:?}");
    let story = ids[0].to_string();
    let edit = dir.path().join("edit.txt");
    std::fs::write(
        &edit,
        "An edited headline\n\nAn edited first paragraph.\n\nAnd a second one.\n",
    )
    .unwrap();
    cli(
        &original,
        &[
            "edit",
            &story,
            "--from-file",
            edit.to_str().unwrap(),
            "--json",
        ],
    )
    .json();
    let claims = cli(&original, &["claims", &ids[1].to_string(), "--json"]).json();
    if let Some(claim) = claims.as_array().and_then(|c| c.first()) {
        let claim = claim["id"].to_string();
        let set = cli(
            &original,
            &[
                "claim", "set", &claim, "--status", "verified", "--note", "checked",
            ],
        );
        assert_eq!(set.code, 0, "{}", set.stderr);
        let evidence = cli(
            &original,
            &[
                "claim",
                "evidence",
                &claim,
                "--url",
                "https://example.org/a",
            ],
        );
        assert_eq!(evidence.code, 0, "{}", evidence.stderr);
    }
    let export = dir.path().join("export.txt");
    cli(
        &original,
        &[
            "export",
            &story,
            "--format",
            "txt",
            "--out",
            export.to_str().unwrap(),
            "--override",
            "desk test",
        ],
    );
    cli(&original, &["settings", "claimreview.organisation", "Desk"]);

    // A desk at work on both ends: a desktop with a story open on the
    // original, and one that has opened the (empty) target, which the copy
    // takes for empty still; who has what open is not copied.
    Library::open(&original)
        .and_then(|mut library| library.announce_presence("desk-1", Some(ids[0]), true))
        .expect("presence on the original");
    let team = PathBuf::from(wiredesk_core::team_test::fresh_database(&server));
    Library::init_team(team.to_str().unwrap())
        .and_then(|mut library| library.announce_presence("desk-2", None, false))
        .expect("presence on the target");
    let to_team = cli(
        Path::new("unused.sqlite"),
        &[
            "library",
            "copy",
            original.to_str().unwrap(),
            team.to_str().unwrap(),
            "--json",
        ],
    )
    .json();
    assert_eq!(
        to_team["stories"].as_i64(),
        Some(ids.len() as i64),
        "{to_team}"
    );
    assert!(to_team["rows"].as_u64().unwrap() > 0);
    assert_same_rows(&original, &team);
    let copied = Library::open(&team).expect("the copy");
    assert!(
        copied.presence().unwrap().is_empty(),
        "nobody has the copy open"
    );

    // PostgreSQL → SQLite.
    let back = dir.path().join("back.sqlite");
    let from_team = cli(
        Path::new("unused.sqlite"),
        &[
            "library",
            "copy",
            team.to_str().unwrap(),
            back.to_str().unwrap(),
            "--json",
        ],
    )
    .json();
    assert_eq!(from_team["rows"], to_team["rows"]);
    assert_same_rows(&original, &back);
    // The schema's own record is each engine's: the same on both files.
    let migrations = |path: &Path| -> Vec<(i64, String, String)> {
        let conn = rusqlite::Connection::open(path).unwrap();
        let mut statement = conn
            .prepare("SELECT version, name, checksum FROM schema_migrations ORDER BY version")
            .unwrap();
        let rows = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<Vec<_>>>()
            .unwrap();
        rows
    };
    assert_eq!(migrations(&original), migrations(&back));

    for db in [&original, &team, &back] {
        assert_doctor_clean(db);
    }
    // The rebuilt indexes answer as the original's do (the team library's
    // search against FTS5's is compared in the search tests).
    for query in ["police", "minister", "percent"] {
        let hits = |db: &Path| cli(db, &["search", query, "--json"]).json();
        assert_eq!(
            hits(&original),
            hits(&back),
            "search {query} on the copy back"
        );
        assert!(
            !hits(&team).as_array().unwrap().is_empty(),
            "search {query} on the team library"
        );
    }
    // The team library takes new copy under new ids.
    let newest = *ids.iter().max().unwrap();
    let new_story = dir.path().join("new.txt");
    std::fs::write(&new_story, distinct_story(7)).unwrap();
    let added = cli(&team, &["ingest", new_story.to_str().unwrap(), "--json"]).json();
    assert_eq!(added[0]["status"], "new", "{added}");
    assert!(added[0]["story_id"].as_i64().unwrap() > newest, "{added}");

    // A library that holds anything is never copied into, and says so.
    cli(
        Path::new("unused.sqlite"),
        &[
            "library",
            "copy",
            original.to_str().unwrap(),
            team.to_str().unwrap(),
        ],
    )
    .assert_fails_with("is not empty");
    cli(
        Path::new("unused.sqlite"),
        &[
            "library",
            "copy",
            team.to_str().unwrap(),
            back.to_str().unwrap(),
        ],
    )
    .assert_fails_with(back.to_str().unwrap());
}

#[test]
fn a_team_backup_is_a_sqlite_file_and_the_password_is_never_shown() {
    let server = server();
    let dir = tempfile::tempdir().expect("temporary folder");
    let team = PathBuf::from(team_library(&server));
    let folder = folder_of_stories(dir.path(), 5);
    cli(&team, &["ingest", folder.to_str().unwrap(), "--json"]).json();
    let file = dir.path().join("backup.sqlite");
    let report = cli(
        &team,
        &["backup", "--out", file.to_str().unwrap(), "--json"],
    )
    .json();
    assert_eq!(report["stories"], 5, "{report}");
    // The backup holds every row but the audit entry recording it, which
    // the team library writes once the file is complete.
    let (mut held, backed_up) = (rows(&team), rows(&file));
    for (table, rows) in &mut held {
        if *table == "audit_log" {
            let last = rows
                .iter()
                .position(|row| row[4] == CopiedValue::Text("backup".into()));
            rows.remove(last.expect("the backup is audited"));
        }
    }
    assert!(
        held == backed_up,
        "the backup holds the team library's rows"
    );
    assert_doctor_clean(&file);
    // A backup never replaces a file.
    cli(&team, &["backup", "--out", file.to_str().unwrap()]).assert_fails_with("already exists");
    // Unless the app's save dialog asked to replace it: the new backup is
    // written beside it and renamed over it once complete.
    let sixth = dir.path().join("sixth.txt");
    std::fs::write(&sixth, distinct_story(6)).unwrap();
    cli(&team, &["ingest", sixth.to_str().unwrap(), "--json"]).json();
    let mut library = Library::open(&team).expect("open the team library");
    let mut refused = library.backup_to_file(&file, false, &mut |_, _| {});
    assert!(
        refused
            .as_ref()
            .is_err_and(|err| err.to_string().contains("already exists")),
        "{refused:?}"
    );
    let replaced = library
        .backup_to_file(&file, true, &mut |_, _| {})
        .expect("a confirmed backup replaces the file");
    assert_eq!(replaced.stories, 6);
    assert_eq!(Library::open(&file).unwrap().story_count().unwrap(), 6);
    assert_doctor_clean(&file);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    // A folder at the name is never replaced, asked or not.
    let folder_name = dir.path().join("a-folder.sqlite");
    std::fs::create_dir(&folder_name).unwrap();
    refused = library.backup_to_file(&folder_name, true, &mut |_, _| {});
    assert!(
        refused
            .as_ref()
            .is_err_and(|err| err.to_string().contains("is a folder")),
        "{refused:?}"
    );
    drop(library);

    // A password given in the address is not printed back.
    let with_password =
        team.to_str()
            .unwrap()
            .replacen("://wiredesk@", "://wiredesk:s3cret-pw@", 1);
    for run in [
        cli(Path::new(&with_password), &["doctor", "--json"]),
        cli(
            Path::new("x.sqlite"),
            &["library", "copy", &with_password, file.to_str().unwrap()],
        ),
        cli(Path::new(&with_password), &["list", "--json"]),
    ] {
        assert!(!run.stdout.contains("s3cret-pw"), "{}", run.stdout);
        assert!(!run.stderr.contains("s3cret-pw"), "{}", run.stderr);
    }
    // An address is never taken for a file: nothing named after it appears.
    let here = std::fs::read_dir(dir.path()).unwrap().count();
    for args in [
        &["doctor"][..],
        &["list"],
        &["backup", "--out", "b.sqlite"],
        &["restore", "b.sqlite", "--yes"],
    ] {
        let run = CliRun::from(
            command(Path::new("postgres://wiredesk@127.0.0.1:1/none"), args)
                .current_dir(dir.path())
                .output()
                .unwrap(),
        );
        run.assert_fails_with("postgres://wiredesk@127.0.0.1:1/none");
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        here,
        "nothing written"
    );
}

#[test]
fn feed_copies_and_revisions_cannot_be_changed_through_psql() {
    let server = server();
    let dir = tempfile::tempdir().expect("temporary folder");
    let team = team_library(&server);
    let folder = folder_of_stories(dir.path(), 2);
    cli(
        Path::new(&team),
        &["ingest", folder.to_str().unwrap(), "--json"],
    )
    .json();
    let statements = [
        ("UPDATE feed_copies SET bytes = 'x'::bytea", "immutable"),
        ("DELETE FROM feed_copies", "immutable"),
        ("TRUNCATE feed_copies CASCADE", "immutable"),
        ("UPDATE revisions SET body = 'changed'", "immutable"),
        ("DELETE FROM revisions", "immutable"),
        ("TRUNCATE revisions CASCADE", "immutable"),
        ("UPDATE audit_log SET actor = 'someone'", "append-only"),
        ("DELETE FROM audit_log", "append-only"),
        ("TRUNCATE audit_log", "append-only"),
    ];
    for (sql, said) in statements {
        let output = Command::new("psql")
            .arg(&team)
            .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql])
            .output()
            .expect("run psql (Debian's postgresql-client)");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "psql ran {sql}");
        assert!(stderr.contains(said), "{sql}: {stderr}");
    }
    let (copies, _) = feed_copies(Path::new(&team));
    assert_eq!(copies, 2);
    assert_doctor_clean(Path::new(&team));
}

#[test]
fn two_processes_ingesting_one_folder_store_each_copy_once() {
    let server = server();
    let dir = tempfile::tempdir().expect("temporary folder");
    let team = PathBuf::from(team_library(&server));
    let folder = folder_of_stories(dir.path(), 40);
    let spawn = || {
        command(&team, &["ingest", folder.to_str().unwrap(), "--json"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start wiredesk")
    };
    let (a, b) = (spawn(), spawn());
    let mut new = 0;
    for child in [a, b] {
        let run = CliRun::from(child.wait_with_output().unwrap());
        for report in run.json().as_array().unwrap() {
            match report["status"].as_str() {
                Some("new") => new += 1,
                Some("duplicate") => {}
                other => panic!("unexpected status {other:?}: {report}"),
            }
        }
    }
    assert_eq!(new, 40, "each file is new to exactly one of the two");
    assert_eq!(story_ids(&team).len(), 40);
    assert_eq!(feed_copies(&team), (40, 40));
    assert_doctor_clean(&team);
}

#[test]
fn two_saves_from_the_same_base_give_one_conflict_and_lose_nothing() {
    let server = server();
    let dir = tempfile::tempdir().expect("temporary folder");
    let team = PathBuf::from(team_library(&server));
    let story_file = dir.path().join("story.txt");
    std::fs::write(&story_file, distinct_story(3)).unwrap();
    let ingested = cli(&team, &["ingest", story_file.to_str().unwrap(), "--json"]).json();
    let story = ingested[0]["story_id"].to_string();
    let base = ingested[0]["revision_id"].to_string();
    let texts = [
        "Desk one's headline\n\nDesk one's text.\n",
        "Desk two's headline\n\nDesk two's text.\n",
    ];
    let children: Vec<Child> = texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let file = dir.path().join(format!("edit-{i}.txt"));
            std::fs::write(&file, text).unwrap();
            command(
                &team,
                &[
                    "edit",
                    &story,
                    "--from-file",
                    file.to_str().unwrap(),
                    "--base",
                    &base,
                    "--json",
                ],
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start wiredesk")
        })
        .collect();
    let runs: Vec<CliRun> = children
        .into_iter()
        .map(|child| CliRun::from(child.wait_with_output().unwrap()))
        .collect();
    let saved: Vec<&CliRun> = runs.iter().filter(|r| r.code == 0).collect();
    let refused: Vec<&CliRun> = runs.iter().filter(|r| r.code != 0).collect();
    assert_eq!(
        saved.len(),
        1,
        "one save wins: {:?}",
        runs.iter().map(|r| &r.stderr).collect::<Vec<_>>()
    );
    assert_eq!(refused.len(), 1);
    assert!(
        refused[0]
            .stderr
            .contains(&format!("changed since revision {base}")),
        "{}",
        refused[0].stderr
    );
    let history = cli(&team, &["history", &story, "--json"]).json();
    let edits: Vec<&Value> = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "edit")
        .collect();
    assert_eq!(edits.len(), 1, "{history}");
    assert_eq!(edits[0]["id"], saved[0].json()["revision_id"]);
    // The losing desk saves again on the new head: nothing is lost.
    let head = edits[0]["id"].to_string();
    let loser = if saved[0].stdout == runs[0].stdout {
        1
    } else {
        0
    };
    let file = dir.path().join(format!("edit-{loser}.txt"));
    cli(
        &team,
        &[
            "edit",
            &story,
            "--from-file",
            file.to_str().unwrap(),
            "--base",
            &head,
            "--json",
        ],
    )
    .json();
    let shown = cli(&team, &["show", &story, "--json"]).json();
    assert_eq!(shown["headline"], texts[loser].lines().next().unwrap());
    assert_doctor_clean(&team);
}

/// Waits until the library at `db` holds at least `stories` stories.
fn wait_for_stories(db: &Path, stories: i64, child: &mut Child) {
    let started = Instant::now();
    // One connection, opened before the poll: a poll quick enough to see the
    // ingest's first group commit, not only its last.
    let library = Library::open(db).expect("open the library");
    loop {
        let held = library.story_count().unwrap_or(0);
        if held >= stories {
            return;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the ingest ended ({status}) before {stories} stories were stored");
        }
        assert!(started.elapsed() < Duration::from_secs(120), "no progress");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Ingests `folder` again and checks every file is stored once in all.
#[track_caller]
fn rerun_completes(db: &Path, folder: &Path, files: usize) {
    let rerun = cli(db, &["ingest", folder.to_str().unwrap(), "--json"]).json();
    for report in rerun.as_array().unwrap() {
        assert!(
            report["status"] == "new" || report["status"] == "duplicate",
            "{report}"
        );
    }
    assert_eq!(story_ids(db).len(), files);
    assert_eq!(feed_copies(db), (files, files));
    assert_doctor_clean(db);
}

#[test]
fn a_client_killed_mid_ingest_leaves_nothing_half_stored() {
    let server = server();
    let dir = tempfile::tempdir().expect("temporary folder");
    let team = PathBuf::from(team_library(&server));
    // Enough stories that the ingest commits more than one group (a group
    // commits every second), so it is killed with work still to do.
    let folder = folder_of_stories(dir.path(), 600);
    let mut child = command(&team, &["ingest", folder.to_str().unwrap(), "--json"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start wiredesk");
    wait_for_stories(&team, 1, &mut child);
    child.kill().expect("kill -9"); // SIGKILL on Unix
    child.wait().unwrap();
    assert_doctor_clean(&team);
    rerun_completes(&team, &folder, 600);
}

/// A PostgreSQL cluster of this test's own (`.ci/postgres`), stopped and
/// removed when dropped: the shared test server is never stopped.
struct OwnCluster {
    dir: PathBuf,
    url: String,
}

impl OwnCluster {
    fn script() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/postgres")
    }

    fn run(action: &str, dir: &Path) -> String {
        let output = Command::new("bash")
            .arg(Self::script())
            .arg(action)
            .arg(dir)
            .output()
            .expect("run .ci/postgres");
        assert!(
            output.status.success(),
            ".ci/postgres {action} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }

    fn start() -> OwnCluster {
        let dir = std::env::temp_dir().join(format!(
            "wiredesk-it-pg-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        ));
        let url = Self::run("start", &dir);
        OwnCluster { dir, url }
    }

    /// Stops the server at once, as a power cut would.
    fn crash(&self) {
        Self::run("crash", &self.dir);
    }

    fn resume(&self) {
        Self::run("resume", &self.dir);
    }
}

impl Drop for OwnCluster {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(Self::script())
            .arg("stop")
            .arg(&self.dir)
            .output();
    }
}

#[test]
fn the_server_stopped_dead_mid_ingest_loses_nothing_stored() {
    // The shared server must be there too (the rule for every team test),
    // but this one stops a cluster of its own.
    let _ = server();
    let cluster = OwnCluster::start();
    let dir = tempfile::tempdir().expect("temporary folder");
    let team = PathBuf::from(team_library(&cluster.url));
    let folder = folder_of_stories(dir.path(), 150);
    let mut child = command(&team, &["ingest", folder.to_str().unwrap(), "--json"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start wiredesk");
    wait_for_stories(&team, 1, &mut child);
    cluster.crash();
    // The client finds the server gone and ends (with an error) rather than
    // hang or report copy stored that is not.
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the ingest hangs with its server gone"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    cluster.resume();
    assert_doctor_clean(&team);
    rerun_completes(&team, &folder, 150);
}

#[test]
fn an_open_library_carries_on_after_its_server_restarts() {
    // The shared server must be there too (the rule for every team test),
    // but this one restarts a cluster of its own under an open library.
    let _ = server();
    let cluster = OwnCluster::start();
    let team = PathBuf::from(team_library(&cluster.url));
    let mut library = Library::open(&team).expect("open the team library");
    let first = library
        .ingest_bytes("first.txt", distinct_story(1).as_bytes())
        .expect("ingest before the restart");
    let first = first.story_id.expect("a story");
    let before = library.story(first).expect("read before the restart");

    cluster.crash();
    // With the server away, a call fails once, saying which library cannot
    // be reached; the desk tells that apart from a refusal.
    let away = library.story(first).expect_err("no server to read from");
    assert!(away.is_team_library_unreachable(), "{away:?}");
    let shown = wiredesk_core::library::team::shown(&team);
    assert!(away.to_string().contains(&shown), "{away}");
    cluster.resume();

    // The next calls make the connection again by themselves: a read, an
    // ingest and a save, each once, with no error to the caller.
    let again = library.story(first).expect("read after the restart");
    assert_eq!(again.body, before.body);
    let second = library
        .ingest_bytes("second.txt", distinct_story(2).as_bytes())
        .expect("ingest after the restart");
    assert_eq!(second.status, wiredesk_core::IngestStatus::New);
    let edited = format!("{}\n\nA line added after the restart.", again.body);
    let saved = library
        .save_edit(
            first,
            Some(again.revision_id),
            &again.headline,
            &edited,
            None,
        )
        .expect("save after the restart");
    assert_eq!(library.story(first).unwrap().revision_id, saved);
    assert_eq!(library.story_count().unwrap(), 2);
    let missing = library.story(first + 1000).expect_err("no such story");
    assert!(!missing.is_team_library_unreachable(), "{missing:?}");
    drop(library);
    assert_doctor_clean(&team);
}

/// A Secret Service of this test's own (what GNOME Keyring or KWallet is
/// on a desktop): a private D-Bus session with `gnome-keyring-daemon` on
/// it, its keyring unlocked, its files under `home`. Stopped when dropped.
struct SecretService {
    dir: tempfile::TempDir,
    bus: Child,
    keyring: Child,
}

impl SecretService {
    fn start() -> SecretService {
        let dir = tempfile::tempdir().expect("temporary folder");
        for sub in ["home", "run"] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(
                dir.path().join("run"),
                std::fs::Permissions::from_mode(0o700),
            )
            .unwrap();
        }
        let missing = |program: &str| {
            format!(
                "{program} is not installed: the keyring test needs D-Bus and GNOME Keyring \
                 (Debian packages dbus-daemon and gnome-keyring; run .ci/setup)"
            )
        };
        let bus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--address"])
            .arg(format!("unix:path={}", dir.path().join("bus").display()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|_| panic!("{}", missing("dbus-daemon")));
        let mut service = SecretService {
            keyring: Command::new("true").spawn().unwrap(),
            dir,
            bus,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while !service.dir.path().join("bus").exists() {
            assert!(Instant::now() < deadline, "the D-Bus session did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        let mut keyring = service
            .command("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|_| panic!("{}", missing("gnome-keyring-daemon")));
        // The keyring's own password, which creates and unlocks it.
        use std::io::Write as _;
        let mut stdin = keyring.stdin.take().expect("the keyring's stdin");
        stdin.write_all(b"the-keyrings-own").unwrap();
        drop(stdin);
        service.keyring = keyring;
        loop {
            let owned = service
                .command("dbus-send")
                .args([
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/",
                    "org.freedesktop.DBus.NameHasOwner",
                    "string:org.freedesktop.secrets",
                ])
                .output()
                .expect("run dbus-send");
            if String::from_utf8_lossy(&owned.stdout).contains("boolean true") {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the Secret Service did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        service
    }

    fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// `program` in this session, with a home of its own (no ~/.pgpass)
    /// and no password in the environment.
    fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut command = Command::new(program);
        command
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                format!("unix:path={}", self.dir.path().join("bus").display()),
            )
            .env("HOME", self.home())
            .env("XDG_RUNTIME_DIR", self.dir.path().join("run"))
            .env_remove("XDG_DATA_HOME")
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("PGPASSWORD")
            .env_remove("PGPASSFILE")
            .env_remove("PGSERVICEFILE")
            .env_remove("WIREDESK_DB")
            .env("WIREDESK_USER", "tester");
        command
    }

    /// `wiredesk ARGS…` in this session, `stdin` as its standard input. No
    /// run ever prints a password it was given.
    fn wiredesk(&self, args: &[&str], stdin: &str) -> CliRun {
        let run = self.wiredesk_unchecked(args, stdin);
        let given = stdin.trim();
        if !given.is_empty() {
            assert!(
                !run.stdout.contains(given) && !run.stderr.contains(given),
                "wiredesk printed the password: {}{}",
                run.stdout,
                run.stderr
            );
        }
        run
    }

    fn wiredesk_unchecked(&self, args: &[&str], stdin: &str) -> CliRun {
        use std::io::Write as _;
        let mut child = self
            .command(cli_binary())
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run wiredesk");
        let mut input = child.stdin.take().expect("stdin");
        input.write_all(stdin.as_bytes()).unwrap();
        drop(input);
        CliRun::from(child.wait_with_output().expect("wait for wiredesk"))
    }
}

impl Drop for SecretService {
    fn drop(&mut self) {
        let _ = self.keyring.kill();
        let _ = self.keyring.wait();
        let _ = self.bus.kill();
        let _ = self.bus.wait();
    }
}

/// Every file under `dir`, read whole.
fn files_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else if let Ok(bytes) = std::fs::read(&path) {
            found.push((path, bytes));
        }
    }
    found
}

#[test]
fn a_password_saved_in_the_system_keyring_opens_a_library_whose_server_wants_one() {
    let _ = server();
    // A cluster of this test's own: its members of wiredesk_password_login
    // must give a password (.ci/postgres), as an editor's role on a desk's
    // server does.
    let cluster = OwnCluster::start();
    let password = "kr-Pass-7319";
    wiredesk_core::team_test::execute(
        &cluster.url,
        &format!(
            "CREATE ROLE wiredesk_password_login NOLOGIN;
             CREATE ROLE anna LOGIN SUPERUSER PASSWORD '{password}'
                 IN ROLE wiredesk_password_login;"
        ),
    );
    wiredesk_core::team_test::execute(&cluster.url, "CREATE DATABASE desk OWNER anna");
    let port = cluster
        .url
        .rsplit_once(':')
        .and_then(|(_, tail)| tail.split('/').next())
        .expect("the cluster's port")
        .to_owned();
    let anna = format!("postgres://anna@127.0.0.1:{port}/desk");
    let keyring = SecretService::start();

    // With no password anywhere, the server's demand is named, and where a
    // password may be kept.
    let refused = keyring.wiredesk(&["library", "init", &anna], "");
    refused.assert_fails_with("the server wants a password for anna@127.0.0.1");
    assert!(
        refused.stderr.contains("Preferences → Library → Password")
            && refused.stderr.contains("wiredesk library password"),
        "{}",
        refused.stderr
    );

    // A wrong password is checked against the server and not saved; nor is
    // one for a role the server asks none of.
    keyring
        .wiredesk(&["library", "password", &anna], "not-hers\n")
        .assert_fails_with("the server refused the password for anna@127.0.0.1");
    let trusted = cluster.url.replace("/postgres", "/desk");
    keyring
        .wiredesk(&["library", "password", &trusted], "anything\n")
        .assert_fails_with("asks wiredesk@127.0.0.1");
    keyring
        .wiredesk(&["library", "init", &anna], "")
        .assert_fails_with("the server wants a password");

    // The right one is saved under the role's account, read from standard
    // input, never from the command line.
    let saved = keyring
        .wiredesk(
            &["library", "password", &anna, "--json"],
            &format!("{password}\n"),
        )
        .json();
    assert_eq!(saved["saved"], true, "{saved}");
    assert_eq!(saved["account"], format!("anna@127.0.0.1:{port}/desk"));

    // Every later connection finds it: init, ingest, list, doctor.
    let init = keyring.wiredesk(&["library", "init", &anna, "--json"], "");
    assert_eq!(init.json()["schema_version"], 20, "{}", init.stderr);
    let story = keyring.home().join("story.txt");
    std::fs::write(&story, distinct_story(1)).unwrap();
    let ingested = keyring
        .wiredesk(
            &["--db", &anna, "ingest", story.to_str().unwrap(), "--json"],
            "",
        )
        .json();
    assert_eq!(ingested[0]["status"], "new", "{ingested}");
    let listed = keyring
        .wiredesk(&["--db", &anna, "list", "--json"], "")
        .json();
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    let doctor = keyring.wiredesk(&["--db", &anna, "doctor", "--json"], "");
    assert_eq!(doctor.json_any_exit()["ok"], true, "{}", doctor.stdout);

    // Never in plain text: the keyring wrote its file, and no file in the
    // home (settings, the keyring's own files) holds the password.
    let files = files_under(&keyring.home());
    assert!(
        files
            .iter()
            .any(|(path, _)| path.extension().is_some_and(|e| e == "keyring")),
        "no keyring file under {}: {:?}",
        keyring.home().display(),
        files.iter().map(|(p, _)| p).collect::<Vec<_>>()
    );
    for (path, bytes) in files {
        assert!(
            !bytes
                .windows(password.len())
                .any(|w| w == password.as_bytes()),
            "{} holds the password in plain text",
            path.display()
        );
    }

    // Forgotten, the server's demand comes back.
    let forgotten = keyring
        .wiredesk(&["library", "password", &anna, "--forget", "--json"], "")
        .json();
    assert_eq!(forgotten["forgotten"], true, "{forgotten}");
    keyring
        .wiredesk(&["--db", &anna, "list"], "")
        .assert_fails_with("the server wants a password");
    let again = keyring
        .wiredesk(&["library", "password", &anna, "--forget", "--json"], "")
        .json();
    assert_eq!(again["forgotten"], false, "{again}");
}
