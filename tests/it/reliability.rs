//! What keeps a library safe when something goes wrong: `wiredesk doctor`
//! finding each kind of damage, backups taken while the library is written,
//! restoring one, and libraries from every earlier schema version upgraded
//! with their data intact.

use sha2::{Digest, Sha256};
use wiredesk_core::{schema, IngestStatus};

use crate::support::{distinct_story, TempLibrary};

const HEADLINE: &str = "Dockworkers strike at Port Halvard";
const BODY: &str =
    "Dockworkers at Port Halvard walked off the job on Tuesday, halting the loading \
    of at least 14 vessels in a dispute over a plan to automate three of the port's six berths, \
    the union said.\n\nThe port authority said talks would resume on Thursday.";

fn story_copy(n: usize) -> Vec<u8> {
    // A figure in each, so that each story has a claim to check.
    format!(
        "{}The harbour office moved {n} crossings, a spokeswoman said.\n",
        distinct_story(n)
    )
    .into_bytes()
}

fn ingest_stories(lib: &TempLibrary, count: usize) {
    for (n, report) in ingest_stories_from(lib, 0, count).into_iter().enumerate() {
        assert_eq!(report.status, IngestStatus::New, "copy {n}");
    }
}

fn check<'a>(report: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no check {name} in {report}"))
}

#[test]
fn doctor_passes_a_healthy_library_and_names_each_kind_of_damage() {
    let lib = TempLibrary::new();
    ingest_stories(&lib, 3);
    let claims = lib.open().claims(1).unwrap();
    assert!(!claims.is_empty(), "the figures were suggested as claims");

    let healthy = lib.cli(&["--json", "doctor"]);
    let report = healthy.json();
    assert_eq!(report["ok"], true, "{report}");
    let names: Vec<&str> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "integrity",
            "foreign-keys",
            "feed-copies",
            "stories",
            "claims",
            "search-index"
        ]
    );
    assert_eq!(check(&report, "feed-copies")["checked"], 3);
    let text = lib.cli(&["doctor"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout.contains("All 6 checks passed."),
        "{}",
        text.stdout
    );

    // Damage of three kinds, made behind Wiredesk's back.
    {
        let conn = lib.sql();
        conn.execute_batch(
            "DROP TRIGGER feed_copies_are_immutable_update;
             UPDATE feed_copies SET bytes = CAST('tampered' AS BLOB), byte_len = 8 WHERE id = 2;
             UPDATE claims SET status = 'verified' WHERE id = 1;",
        )
        .unwrap();
        let (head, headline, body): (i64, String, String) = conn
            .query_row(
                "SELECT r.id, r.headline, r.body FROM stories s JOIN revisions r ON r.id = s.head_revision_id WHERE s.id = 3",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .unwrap();
        conn.execute(
            "INSERT INTO story_search (story_search, rowid, headline, body) VALUES ('delete', ?1, ?2, ?3)",
            (head, headline, body),
        )
        .unwrap();
    }
    let damaged = lib.cli(&["--json", "doctor"]);
    assert_eq!(damaged.code, 1, "non-zero when something is wrong");
    let report = damaged.json_any_exit();
    assert_eq!(report["ok"], false);
    let copies = check(&report, "feed-copies");
    assert_eq!(copies["found"], 1, "{copies}");
    let problem = copies["problems"][0].as_str().unwrap();
    assert!(
        problem.contains("feed copy 2 (copy-1.txt)") && problem.contains("SHA-256"),
        "{problem}"
    );
    let claim = &check(&report, "claims")["problems"][0];
    assert!(
        claim
            .as_str()
            .unwrap()
            .contains("claim 1 (story 1) is verified, but its events leave it unchecked"),
        "{claim}"
    );
    let search = check(&report, "search-index");
    assert!(
        search["problems"][0]
            .as_str()
            .unwrap()
            .contains("1 stories' current text is not in the index"),
        "{search}"
    );
    assert_eq!(check(&report, "integrity")["found"], 0);

    // People read the same report as text.
    let text = lib.cli(&["doctor"]);
    assert_eq!(text.code, 1);
    assert!(
        text.stdout.contains("FAILED  feed-copies"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains("3 of 6 checks found problems"),
        "{}",
        text.stdout
    );

    // --repair rebuilds the search index (and says so in the audit log);
    // it never touches the rest.
    let repaired = lib.cli(&["--json", "doctor", "--repair"]);
    assert_eq!(
        repaired.code, 1,
        "the feed copy and the claim are still wrong"
    );
    let report = repaired.json_any_exit();
    assert_eq!(check(&report, "search-index")["found"], 0, "{report}");
    assert!(report["repaired"][0]
        .as_str()
        .unwrap()
        .starts_with("rebuilt the search indexes"));
    assert_eq!(check(&report, "feed-copies")["found"], 1);
    assert_eq!(lib.open().search("spokeswoman", 10).unwrap().len(), 3);
    let audited: i64 = lib.scalar("SELECT count(*) FROM audit_log WHERE action = 'repair'");
    assert_eq!(audited, 1);
}

#[test]
fn doctor_finds_stories_without_a_current_revision_and_unused_feed_copies() {
    let lib = TempLibrary::new();
    ingest_stories(&lib, 2);
    lib.sql()
        .execute_batch(
            "PRAGMA foreign_keys = OFF;
             UPDATE stories SET head_revision_id = 999 WHERE id = 2;
             INSERT INTO feed_copies (story_id, wire_version, file_name, format, encoding, sha256, byte_len, bytes, received_at)
                 VALUES (1, 7, 'stray.txt', 'text', 'UTF-8',
                         '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824', 5, CAST('hello' AS BLOB), 't');",
        )
        .unwrap();
    let report = lib.cli(&["--json", "doctor", "--quick"]).json_any_exit();
    let stories = check(&report, "stories");
    let problems: Vec<&str> = stories["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(
        problems.contains(&"story 2: its current revision 999 is missing"),
        "{problems:?}"
    );
    assert!(
        problems.contains(&"feed copy 3 (stray.txt) is kept but no revision was made from it"),
        "{problems:?}"
    );
    let keys = check(&report, "foreign-keys");
    assert!(
        keys["problems"][0]
            .as_str()
            .unwrap()
            .contains("stories 2 refers to a missing row of revisions"),
        "{keys}"
    );
    // The stray copy's bytes do match its hash.
    assert_eq!(check(&report, "feed-copies")["found"], 0);
}

#[test]
fn a_backup_taken_while_another_process_writes_is_a_sound_library_of_one_moment() {
    let lib = TempLibrary::new();
    ingest_stories(&lib, 40);
    let backup = lib.dir.path().join("backup.sqlite");
    // Another writer keeps ingesting while the CLI backs up.
    let writer_db = lib.db();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stop_writer = stop.clone();
    let writer = std::thread::spawn(move || {
        let mut library = wiredesk_core::Library::open(&writer_db).unwrap();
        let mut written = 0;
        while !stop_writer.load(std::sync::atomic::Ordering::Relaxed) || written < 20 {
            let n = 1000 + written;
            library
                .ingest_bytes(&format!("later-{n}.txt"), &story_copy(n))
                .unwrap();
            written += 1;
        }
        written
    });
    let run = lib.cli(&["--json", "backup", "--out", backup.to_str().unwrap()]);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let written = writer.join().unwrap();
    let report = run.json();
    let stories = report["stories"].as_i64().unwrap();
    assert!(
        (40..=40 + written as i64).contains(&stories),
        "{stories} of {written}"
    );
    assert!(report["bytes"].as_u64().unwrap() > 0);
    // One file, no log or temporary file beside it.
    let beside: Vec<String> = std::fs::read_dir(lib.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("backup.sqlite"))
        .collect();
    assert_eq!(beside, ["backup.sqlite"]);
    // The copy is a sound library: every check passes, search works.
    let copy = TempLibrary::new();
    std::fs::copy(&backup, copy.db()).unwrap();
    let health = copy.cli(&["--json", "doctor"]).json();
    assert_eq!(health["ok"], true, "{health}");
    assert_eq!(health["stories"].as_i64().unwrap(), stories);
    assert_eq!(
        copy.open().search("spokeswoman", 10_000).unwrap().len() as i64,
        stories
    );
    // The backup is in the library's audit log.
    let audited: i64 = lib.scalar("SELECT count(*) FROM audit_log WHERE action = 'backup'");
    assert_eq!(audited, 1);

    // An existing file is never overwritten.
    let again = lib.cli(&["backup", "--out", backup.to_str().unwrap()]);
    again.assert_fails_with("already exists");
    // Nor is the library backed up onto itself.
    let onto = lib.cli(&["backup", "--out", lib.db().to_str().unwrap()]);
    onto.assert_fails_with("is the library itself");
}

#[test]
fn restore_puts_a_backup_back_and_keeps_the_library_it_replaced() {
    let lib = TempLibrary::new();
    ingest_stories(&lib, 3);
    let backup = lib.dir.path().join("monday.sqlite");
    lib.cli(&["--json", "backup", "--out", backup.to_str().unwrap()])
        .json();
    // Work after the backup: an edit and a new story.
    let edit = lib.file("edit.txt", b"Ferry timetable changes\n\nA shorter story.\n");
    lib.cli(&["--json", "edit", "1", "--from-file", edit.to_str().unwrap()])
        .json();
    ingest_stories_from(&lib, 10, 1);

    // Without --yes (and no terminal to ask on) nothing happens.
    let refused = lib.cli(&["restore", backup.to_str().unwrap()]);
    refused.assert_fails_with("add --yes");
    assert_eq!(lib.open().story_count().unwrap(), 4);

    let restored = lib
        .cli(&["--json", "restore", backup.to_str().unwrap(), "--yes"])
        .json();
    assert_eq!(restored["stories"], 3);
    let library = lib.open();
    assert_eq!(library.story_count().unwrap(), 3);
    assert!(library.story(1).unwrap().headline.starts_with("Report 0:"));
    // The library it replaced is kept, edit and all.
    let kept = std::path::PathBuf::from(restored["previous_kept_at"].as_str().unwrap());
    let before = TempLibrary::new();
    std::fs::copy(&kept, before.db()).unwrap();
    let before = before.open();
    assert_eq!(before.story_count().unwrap(), 4);
    assert_eq!(before.story(1).unwrap().headline, "Ferry timetable changes");

    // A revision is still restored the old way; restoring the text the
    // story already has makes no revision and says so.
    let same = lib.cli(&["--json", "restore", "1", "1"]).json();
    assert_eq!(same["revision_id"], 1);
    assert_eq!(same["unchanged"], true);
    let edit = lib.file(
        "edit-2.txt",
        b"Ferry timetable changes\n\nAnother short story.\n",
    );
    lib.cli(&["--json", "edit", "1", "--from-file", edit.to_str().unwrap()])
        .json();
    let again = lib.cli(&["--json", "restore", "1", "1"]).json();
    assert!(again["revision_id"].as_i64().unwrap() > 1, "{again}");
    assert!(again.get("unchanged").is_none(), "{again}");
}

#[test]
fn restore_replaces_a_damaged_library_and_keeps_the_damaged_one_aside() {
    let lib = TempLibrary::new();
    ingest_stories(&lib, 30);
    let backup = lib.dir.path().join("good.sqlite");
    lib.cli(&["--json", "backup", "--out", backup.to_str().unwrap()])
        .json();
    // Pages overwritten with junk, as a failing disk might.
    {
        let conn = lib.sql();
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
    }
    let mut bytes = std::fs::read(lib.db()).unwrap();
    assert!(bytes.len() > 40 * 4096);
    for byte in &mut bytes[20 * 4096..24 * 4096] {
        *byte = 0x5a;
    }
    std::fs::write(lib.db(), &bytes).unwrap();
    let sick = lib.cli(&["--json", "doctor"]);
    assert_ne!(sick.code, 0, "the damage is found: {}", sick.stdout);

    let restored = lib
        .cli(&["--json", "restore", backup.to_str().unwrap(), "--yes"])
        .json();
    assert_eq!(restored["stories"], 30);
    assert_eq!(lib.cli(&["--json", "doctor"]).json()["ok"], true);
    let kept = std::path::PathBuf::from(restored["previous_kept_at"].as_str().unwrap());
    assert_eq!(
        std::fs::read(&kept).unwrap()[20 * 4096..24 * 4096],
        bytes[20 * 4096..24 * 4096],
        "the damaged library is kept as it was"
    );
}

fn ingest_stories_from(
    lib: &TempLibrary,
    first: usize,
    count: usize,
) -> Vec<wiredesk_core::IngestReport> {
    let mut library = lib.open();
    (first..first + count)
        .map(|n| {
            library
                .ingest_bytes(&format!("copy-{n}.txt"), &story_copy(n))
                .unwrap()
        })
        .collect()
}

#[test]
fn restore_refuses_what_is_not_a_sound_wiredesk_library_naming_the_file() {
    let lib = TempLibrary::new();
    ingest_stories(&lib, 1);
    let text = lib.file(
        "notes.sqlite",
        b"this is not a database at all, just text\n",
    );
    let run = lib.cli(&["restore", text.to_str().unwrap(), "--yes"]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("notes.sqlite") && run.stderr.contains("not a Wiredesk library"),
        "{}",
        run.stderr
    );
    let other = lib.dir.path().join("other.sqlite");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let run = lib.cli(&["restore", other.to_str().unwrap(), "--yes"]);
    assert!(
        run.stderr.contains(
            "other.sqlite is not a Wiredesk library: it is a database of another program"
        ),
        "{}",
        run.stderr
    );
    let newer = lib.dir.path().join("newer.sqlite");
    lib.cli(&["--json", "backup", "--out", newer.to_str().unwrap()])
        .json();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 999)
        .unwrap();
    let run = lib.cli(&["restore", newer.to_str().unwrap(), "--yes"]);
    assert!(run.stderr.contains("newer Wiredesk"), "{}", run.stderr);
    let missing = lib.cli(&["restore", "/nonexistent/backup.sqlite", "--yes"]);
    assert!(
        missing
            .stderr
            .contains("/nonexistent/backup.sqlite: no such file"),
        "{}",
        missing.stderr
    );
    // The library is untouched by every refusal, and nothing was kept aside.
    assert_eq!(lib.open().story_count().unwrap(), 1);
    let kept = std::fs::read_dir(lib.dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("before-restore")
        })
        .count();
    assert_eq!(kept, 0);
}

/// A library at schema `version`, holding what Wiredesk of that version
/// wrote for one story: its feed copy, the wire revision, a desk edit, a
/// checked claim with its events, an export and audit entries, and (from the
/// versions that kept them) its search entry and opening sample.
fn library_at_version(lib: &TempLibrary, version: usize) {
    let mut conn = lib.sql();
    let migrations = schema::embedded_migrations().unwrap();
    schema::apply_migrations(&mut conn, &migrations[..version]).unwrap();
    let copy = format!("{HEADLINE}\n\n{BODY}\n");
    let sha = format!("{:x}", Sha256::digest(copy.as_bytes()));
    let edited = BODY.replace("on Tuesday", "on Tuesday morning");
    let t = "2026-11-01T08:00:00.000Z";
    conn.execute_batch(&format!(
        "INSERT INTO sources (code, name) VALUES ('unknown', 'Unknown source');
         INSERT INTO stories (source_id, first_received_at, last_received_at) VALUES (1, '{t}', '{t}');"
    ))
    .unwrap();
    conn.execute(
        "INSERT INTO feed_copies (story_id, wire_version, file_name, format, encoding, sha256, byte_len, bytes, received_at)
         VALUES (1, 1, 'halvard.txt', 'text', 'UTF-8', ?1, ?2, ?3, ?4)",
        (&sha, copy.len() as i64, copy.as_bytes(), t),
    )
    .unwrap();
    conn.execute(
        "INSERT INTO revisions (id, story_id, kind, feed_copy_id, author, created_at, headline, body)
         VALUES (1, 1, 'wire', 1, 'Unknown source', ?1, ?2, ?3)",
        (t, HEADLINE, BODY),
    )
    .unwrap();
    conn.execute(
        "INSERT INTO revisions (id, story_id, parent_id, kind, author, created_at, note, headline, body)
         VALUES (2, 1, 1, 'edit', 'rosa', ?1, 'when, exactly', ?2, ?3)",
        (t, HEADLINE, &edited),
    )
    .unwrap();
    conn.execute_batch("UPDATE stories SET head_revision_id = 2, state = 'editing' WHERE id = 1;")
        .unwrap();
    if version >= 12 {
        // From schema 12 a story keeps the count of its wire versions.
        conn.execute_batch("UPDATE stories SET wire_versions = 1 WHERE id = 1;")
            .unwrap();
    }
    if version >= 3 {
        // From schema 3 the store, not a trigger, keeps the index.
        conn.execute(
            "INSERT INTO story_search (rowid, headline, body) VALUES (2, ?1, ?2)",
            (HEADLINE, &edited),
        )
        .unwrap();
    }
    let sample = wiredesk_core::similarity::Opening::of_story(HEADLINE, BODY).sample();
    if (3..10).contains(&version) {
        for hash in &sample {
            conn.execute(
                "INSERT INTO story_openings (hash, story_id) VALUES (?1, 1)",
                [hash],
            )
            .unwrap();
        }
    } else if version >= 10 {
        let tokens: Vec<String> = sample
            .iter()
            .map(|h| wiredesk_core::similarity::opening_token(*h))
            .collect();
        conn.execute(
            "INSERT INTO story_opening_index (rowid, sample) VALUES (1, ?1)",
            [tokens.join(" ")],
        )
        .unwrap();
    }
    if version >= 11 {
        // From schema 11 the store indexes the hashes that recognise copy.
        conn.execute(
            "INSERT INTO wire_fingerprint_index (rowid, fingerprint) VALUES (1, ?1)",
            [format!("f{}", &sha[..16])],
        )
        .unwrap();
    }
    let start = edited.find("14 vessels").unwrap();
    conn.execute_batch(&format!(
        "INSERT INTO claims (story_id, revision_id, kind, text, value, status, origin, start_offset, end_offset, prefix, suffix, created_at, updated_at)
             VALUES (1, 2, 'quantity', '14 vessels', '14', 'verified', 'manual', {start}, {end}, 'at least ', ' in a', '{t}', '{t}');
         INSERT INTO claim_events (claim_id, actor, created_at, event, from_status, to_status, detail) VALUES
             (1, 'rosa', '{t}', 'created', NULL, 'unchecked', '{{}}'),
             (1, 'rosa', '{t}', 'status', 'unchecked', 'verified', '{{}}'),
             (1, 'rosa', '{t}', 'evidence', NULL, NULL, '{{\"url\": \"https://port.example/notice\"}}');
         INSERT INTO exports (story_id, revision_id, format, author, created_at, destination)
             VALUES (1, 2, 'txt', 'rosa', '{t}', '/srv/out/halvard.txt');
         INSERT INTO audit_log (story_id, actor, created_at, action, detail) VALUES
             (1, 'rosa', '{t}', 'ingest', '{{}}'), (1, 'rosa', '{t}', 'edit', '{{}}');",
        end = start + "14 vessels".len(),
    ))
    .unwrap();
    let found: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(found, version as i64);
}

#[test]
fn libraries_from_every_earlier_schema_version_upgrade_with_their_data_intact() {
    let latest = schema::latest_version() as usize;
    assert!(latest >= 10);
    let copy = format!("{HEADLINE}\n\n{BODY}\n");
    for version in 1..=latest {
        let lib = TempLibrary::new();
        library_at_version(&lib, version);
        let mut library = lib.open();
        let at = format!("schema {version}");
        assert_eq!(library.schema_version().unwrap(), latest as i64, "{at}");
        // The data, as it was.
        let story = library.story(1).unwrap();
        assert_eq!(story.headline, HEADLINE, "{at}");
        assert!(story.body.contains("on Tuesday morning"), "{at}");
        let history = library.history(1).unwrap();
        assert_eq!(history.len(), 2, "{at}");
        assert_eq!(history[1].author, "rosa", "{at}");
        assert_eq!(history[1].note.as_deref(), Some("when, exactly"), "{at}");
        assert_eq!(
            library.feed_copy_bytes(1).unwrap().unwrap(),
            copy.as_bytes(),
            "{at}: the agency's bytes"
        );
        let claims = library.claims(1).unwrap();
        assert_eq!(claims.len(), 1, "{at}");
        assert_eq!(claims[0].text, "14 vessels", "{at}");
        assert_eq!(claims[0].status.as_str(), "verified", "{at}");
        assert_eq!(
            library.claim_history(claims[0].id).unwrap().len(),
            3,
            "{at}"
        );
        assert_eq!(library.exports(1).unwrap().len(), 1, "{at}");
        // Searching finds the current text, not the wire's.
        assert_eq!(library.search("morning", 10).unwrap().len(), 1, "{at}");

        // What later versions added works on the upgraded library.
        library
            .set_setting(wiredesk_core::USER_NAME_SETTING, Some("ana"))
            .unwrap();
        let update = format!(
            "{HEADLINE} enters second day\n\n{} The strike entered its second day on Wednesday.\n",
            BODY.split("\n\n").next().unwrap()
        );
        let report = library
            .ingest_bytes("halvard-2.txt", update.as_bytes())
            .unwrap();
        assert_eq!(
            report.status,
            IngestStatus::Update,
            "{at}: linked by its opening"
        );
        assert_eq!(report.story_id, Some(1), "{at}");
        // Copy already held is recognised: the same bytes, and the same
        // update re-sent in another wrapper.
        let again = library
            .ingest_bytes("halvard-again.txt", copy.as_bytes())
            .unwrap();
        assert_eq!(again.status, IngestStatus::Duplicate, "{at}: same bytes");
        assert_eq!(again.story_id, Some(1), "{at}");
        let rewrapped = library
            .ingest_bytes("halvard-2-again.txt", format!("\n{update}\n\n").as_bytes())
            .unwrap();
        assert_eq!(
            rewrapped.status,
            IngestStatus::Duplicate,
            "{at}: same text, other bytes"
        );
        let merged = library.merge(1, None).unwrap();
        assert!(
            merged.revision_id.is_some() || !merged.conflicts.is_empty(),
            "{at}: {merged:?}"
        );
        drop(library);
        let health = lib.cli(&["--json", "doctor"]).json_any_exit();
        assert_eq!(health["ok"], true, "{at}: {health}");
    }
}

#[test]
fn a_migration_that_fails_midway_leaves_the_library_at_its_previous_version() {
    let lib = TempLibrary::new();
    ingest_stories(&lib, 2);
    let mut conn = lib.sql();
    let mut migrations = schema::embedded_migrations().unwrap();
    let latest = schema::latest_version();
    migrations.push(
        schema::Migration::new(
            &format!("{:04}_broken.sql", latest + 1),
            "CREATE TABLE half_done (x INTEGER);
             ALTER TABLE stories ADD COLUMN priority INTEGER;
             INSERT INTO no_such_table VALUES (1);",
        )
        .unwrap(),
    );
    let err = schema::apply_migrations(&mut conn, &migrations).unwrap_err();
    assert!(err.to_string().contains("broken"), "{err}");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, latest);
    let half: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(half, 0, "nothing of the failed migration is left");
    let columns: i64 = conn
        .query_row(
            "SELECT count(*) FROM pragma_table_info('stories') WHERE name = 'priority'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(columns, 0);
    drop(conn);
    // This build opens it as before, and it is whole.
    assert_eq!(lib.open().story_count().unwrap(), 2);
    assert_eq!(lib.cli(&["--json", "doctor"]).json()["ok"], true);
}

#[test]
fn a_migration_that_leaves_a_dangling_reference_is_refused() {
    let lib = TempLibrary::new();
    ingest_stories(&lib, 1);
    let mut conn = lib.sql();
    let mut migrations = schema::embedded_migrations().unwrap();
    let latest = schema::latest_version();
    // Rebuilding a table others refer to needs foreign keys off while
    // migrations run (see 0011); a migration that loses a row others refer
    // to must still fail.
    migrations.push(
        schema::Migration::new(
            &format!("{:04}_loses_a_story.sql", latest + 1),
            "DELETE FROM stories WHERE id = 1;",
        )
        .unwrap(),
    );
    let err = schema::apply_migrations(&mut conn, &migrations).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("loses_a_story"), "{text}");
    assert!(text.contains("refers to a row of stories"), "{text}");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, latest);
    let foreign_keys: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |row| row.get(0))
        .unwrap();
    assert_eq!(
        foreign_keys, 1,
        "foreign keys are back on after the refusal"
    );
    drop(conn);
    assert_eq!(lib.open().story_count().unwrap(), 1);
    assert_eq!(lib.cli(&["--json", "doctor"]).json()["ok"], true);
}

#[test]
fn feed_copies_stay_immutable_and_stored_once_after_the_fingerprint_rebuild() {
    let lib = TempLibrary::new();
    ingest_stories(&lib, 3);
    let conn = lib.sql();
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    let changed = conn.execute("UPDATE feed_copies SET file_name = 'x' WHERE id = 1", []);
    assert!(
        changed.unwrap_err().to_string().contains("immutable"),
        "the update trigger survived the rebuild"
    );
    let deleted = conn.execute("DELETE FROM feed_copies WHERE id = 1", []);
    assert!(deleted.unwrap_err().to_string().contains("immutable"));
    let orphan = conn.execute(
        "INSERT INTO revisions (story_id, kind, feed_copy_id, author, created_at, headline, body)
         VALUES (1, 'wire', 999, 'x', 'now', 'h', 'b')",
        [],
    );
    assert!(
        orphan.unwrap_err().to_string().contains("FOREIGN KEY"),
        "revisions still refer to feed copies"
    );
    // The same bytes again under another name are one copy, not two.
    let mut library = lib.open();
    let report = library.ingest_bytes("renamed.txt", &story_copy(1)).unwrap();
    assert_eq!(report.status, IngestStatus::Duplicate);
    let copies: i64 = conn
        .query_row("SELECT count(*) FROM feed_copies", [], |row| row.get(0))
        .unwrap();
    assert_eq!(copies, 3);
    drop(library);

    // A copy stored twice by other means is a problem doctor names.
    let conn = lib.sql();
    conn.execute(
        "INSERT INTO feed_copies (story_id, wire_version, file_name, format, encoding, sha256, byte_len, bytes, received_at)
         SELECT story_id, wire_version + 1, 'again.txt', format, encoding, sha256, byte_len, bytes, received_at
         FROM feed_copies WHERE id = 2",
        [],
    )
    .unwrap();
    let report = lib.cli(&["--json", "doctor"]).json_any_exit();
    assert_eq!(report["ok"], false, "{report}");
    let problems = check(&report, "feed-copies")["problems"].to_string();
    assert!(problems.contains("stored twice"), "{problems}");
}

#[test]
fn a_reference_broken_before_a_migration_does_not_stop_it_or_the_library_opening() {
    let lib = TempLibrary::new();
    ingest_stories(&lib, 2);
    let mut conn = lib.sql();
    // Damage from before: an audit entry for a story that is not there.
    conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
    conn.execute(
        "INSERT INTO audit_log (story_id, actor, created_at, action) VALUES (999, 'x', 'now', 'edit')",
        [],
    )
    .unwrap();
    let mut migrations = schema::embedded_migrations().unwrap();
    let latest = schema::latest_version();
    migrations.push(
        schema::Migration::new(
            &format!("{:04}_harmless.sql", latest + 1),
            "CREATE TABLE harmless (x INTEGER);",
        )
        .unwrap(),
    );
    schema::apply_migrations(&mut conn, &migrations).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, latest + 1, "the migration applied");
    drop(conn);
    // doctor, not the upgrade, names the old damage.
    let lib2 = TempLibrary::new();
    let mut conn = lib2.sql();
    schema::apply_migrations(
        &mut conn,
        &schema::embedded_migrations().unwrap()[..latest as usize - 1],
    )
    .unwrap();
    conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
    conn.execute(
        "INSERT INTO audit_log (story_id, actor, created_at, action) VALUES (999, 'x', 'now', 'edit')",
        [],
    )
    .unwrap();
    drop(conn);
    assert_eq!(lib2.open().schema_version().unwrap(), latest);
    let report = lib2.cli(&["--json", "doctor"]).json_any_exit();
    assert_eq!(report["ok"], false, "{report}");
    let problems = check(&report, "foreign-keys")["problems"].to_string();
    assert!(problems.contains("audit_log"), "{problems}");
}

#[test]
fn doctor_finds_copy_fingerprints_gone_from_their_index_and_repair_puts_them_back() {
    let lib = TempLibrary::new();
    ingest_stories(&lib, 3);
    // The index of copy fingerprints loses story 2's entry.
    {
        let conn = lib.sql();
        let (revision, sha, content): (i64, String, String) = conn
            .query_row(
                "SELECT r.id, f.sha256, r.content_sha256 FROM revisions r
                 JOIN feed_copies f ON f.id = r.feed_copy_id WHERE r.story_id = 2",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .unwrap();
        conn.execute(
            "INSERT INTO wire_fingerprint_index (wire_fingerprint_index, rowid, fingerprint)
             VALUES ('delete', ?1, ?2)",
            (revision, format!("f{} c{}", &sha[..16], &content[..16])),
        )
        .unwrap();
    }
    let report = lib.cli(&["--json", "doctor"]).json_any_exit();
    assert_eq!(report["ok"], false, "{report}");
    let problems = check(&report, "search-index")["problems"].to_string();
    assert!(
        problems.contains("1 wire revisions are missing from the index of copy fingerprints"),
        "{problems}"
    );

    let repaired = lib.cli(&["--json", "doctor", "--repair"]).json_any_exit();
    assert_eq!(repaired["ok"], true, "{repaired}");
    // Story 2's copy is recognised again when it comes back.
    let report = lib
        .open()
        .ingest_bytes("copy-1-again.txt", &story_copy(1))
        .unwrap();
    assert_eq!(report.status, IngestStatus::Duplicate);
    assert_eq!(report.story_id, Some(2));
}
