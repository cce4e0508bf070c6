//! The library store and ingest through the core's public API, checked
//! against the SQLite file itself.

use wiredesk_core::{schema, Claim, Error, IngestStatus, Library};

use crate::support::TempLibrary;

const STORY: &[u8] = b"Ferry service resumes after storm\n\
HARBOURTON, March 3 (Meridian Wire) - Ferries to the islands ran again on Monday after \
a storm that cut 4,000 homes off the mainland for three days.\n\
\"We are back to a full timetable,\" operator spokeswoman Ana Reis said.\n\
(Reporting by A. Writer; Editing by B. Desk)\n";

fn counts(library: &Library) -> Vec<(&'static str, i64)> {
    library.row_counts().expect("row counts")
}

fn count(library: &Library, table: &str) -> i64 {
    counts(library)
        .into_iter()
        .find(|(t, _)| *t == table)
        .map(|(_, n)| n)
        .expect("known table")
}

#[test]
fn a_fresh_library_has_the_latest_schema_and_safe_settings() {
    let lib = TempLibrary::new();
    let library = lib.open();
    assert_eq!(library.schema_version().unwrap(), schema::latest_version());
    let settings = library.connection_settings().unwrap();
    assert_eq!(settings.journal_mode, "wal");
    assert_eq!(settings.synchronous, "2", "synchronous=FULL");
    assert!(settings.foreign_keys);
    assert!(settings.busy_timeout_ms >= 5_000);
}

#[test]
fn reopening_a_library_changes_nothing() {
    let lib = TempLibrary::new();
    drop(lib.open());
    let history = || -> Vec<(i64, String, String)> {
        lib.sql()
            .prepare("SELECT version, checksum, applied_at FROM schema_migrations ORDER BY version")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let before = history();
    assert_eq!(before.len() as i64, schema::latest_version());
    drop(lib.open());
    drop(lib.open());
    assert_eq!(history(), before);
}

#[test]
fn a_library_under_a_missing_folder_is_not_made() {
    // The folder of a library named by path is not created: missing, it is
    // a drive not connected (the default location's folder is made when the
    // path is resolved).
    let lib = TempLibrary::new();
    let nested = lib.dir.path().join("a/b/library.sqlite");
    let err = Library::open(&nested).err().expect("open must fail");
    assert!(matches!(err, Error::CannotOpen(_)), "{err}");
    assert!(!lib.dir.path().join("a").exists());
}

#[test]
fn an_edited_migration_is_refused_at_open() {
    let lib = TempLibrary::new();
    drop(lib.open());
    lib.sql()
        .execute(
            "UPDATE schema_migrations SET checksum = 'deadbeef' WHERE version = 1",
            [],
        )
        .unwrap();
    let err = Library::open(&lib.db()).err().expect("open must fail");
    assert!(
        matches!(err, Error::MigrationChanged { version: 1, .. }),
        "{err}"
    );
}

#[test]
fn a_library_from_a_newer_wiredesk_is_refused() {
    let lib = TempLibrary::new();
    drop(lib.open());
    lib.sql()
        .pragma_update(None, "user_version", 9_999)
        .unwrap();
    let err = Library::open(&lib.db()).err().expect("open must fail");
    assert!(
        err.to_string()
            .contains("written by a newer Wiredesk (schema version 9999"),
        "{err}"
    );
}

#[test]
fn a_file_that_is_not_a_library_is_named_in_the_error() {
    let lib = TempLibrary::new();
    let notes = lib.file("notes.sqlite", &[b'x'; 4096]);
    let err = Library::open(&notes).err().expect("open must fail");
    let message = err.to_string();
    assert!(matches!(err, Error::CannotOpen(_)), "{message}");
    assert!(message.contains("notes.sqlite"), "{message}");
}

#[test]
fn feed_copies_and_revisions_cannot_be_changed_or_deleted_by_any_sql() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let report = library.ingest_bytes("story.txt", STORY).unwrap();
    assert_eq!(report.status, IngestStatus::New);

    let conn = lib.sql();
    for statement in [
        "UPDATE feed_copies SET bytes = x'00'",
        "UPDATE feed_copies SET file_name = 'other.txt'",
        "DELETE FROM feed_copies",
        "UPDATE revisions SET body = 'rewritten'",
        "DELETE FROM revisions",
        "UPDATE audit_log SET actor = 'someone else'",
        "DELETE FROM audit_log",
    ] {
        let err = conn.execute(statement, []).expect_err(statement);
        let message = err.to_string();
        assert!(
            message.contains("immutable") || message.contains("append-only"),
            "{statement}: {message}"
        );
    }
    let bytes: Vec<u8> = conn
        .query_row("SELECT bytes FROM feed_copies", [], |r| r.get(0))
        .unwrap();
    assert_eq!(bytes, STORY);
    let story = library.story(report.story_id.unwrap()).unwrap();
    assert_eq!(
        library
            .feed_copy_bytes(story.versions[0].feed_copy_id)
            .unwrap()
            .as_deref(),
        Some(STORY)
    );
}

#[test]
fn ingest_keeps_the_bytes_and_stores_the_parsed_story() {
    let lib = TempLibrary::new();
    let path = lib.file("ferry.txt", STORY);
    let mut library = lib.open();
    let reports = library.ingest_paths(&[&path]);
    assert_eq!(reports.len(), 1);
    let report = &reports[0];
    assert_eq!(report.status, IngestStatus::New, "{:?}", report.error);
    assert_eq!(report.file, path.display().to_string());

    let story = library.story(report.story_id.unwrap()).unwrap();
    assert_eq!(story.headline, "Ferry service resumes after storm");
    assert_eq!(story.dateline.as_deref(), Some("HARBOURTON"));
    assert_eq!(story.source, "Meridian Wire");
    assert_eq!(story.format, "text");
    assert_eq!(story.state.as_str(), "new");
    assert_eq!(
        story.credit.as_deref(),
        Some("(Reporting by A. Writer; Editing by B. Desk)")
    );
    assert_eq!(story.body.split("\n\n").count(), 2);
    assert!(story.body.contains("cut 4,000 homes"));
    assert_eq!(story.revision_id, report.revision_id.unwrap());
    assert_eq!(story.versions.len(), 1);
    let v1 = &story.versions[0];
    assert_eq!((v1.version, v1.encoding.as_str()), (1, "UTF-8"));
    assert_eq!(v1.byte_len, STORY.len() as i64);
    assert_eq!(v1.sha256.len(), 64);

    let audit: (String, String) = lib
        .sql()
        .query_row("SELECT action, actor FROM audit_log", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(audit.0, "ingest");
}

#[test]
fn identical_bytes_are_a_duplicate_and_store_nothing() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let first = library.ingest_bytes("a.txt", STORY).unwrap();
    let before = counts(&library);
    let again = library.ingest_bytes("copy-of-a.txt", STORY).unwrap();
    assert_eq!(again.status, IngestStatus::Duplicate);
    assert_eq!(again.story_id, first.story_id);
    assert_eq!(again.revision_id, first.revision_id);
    assert_eq!(counts(&library), before);
}

#[test]
fn broken_files_are_named_with_their_problem_and_nothing_of_them_is_stored() {
    let lib = TempLibrary::new();
    let empty = lib.file("batch/01-empty.txt", b"");
    let png = lib.file(
        "batch/02-photo.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89",
    );
    let binary = lib.file("batch/03-dump.txt", b"HEAD\0\0\x01\x02\xff\xfe\x00garbage");
    let blank = lib.file("batch/04-blank.txt", b"   \n\n\t\n");
    let good = lib.file("batch/05-good.txt", STORY);
    let huge = lib.dir.path().join("batch/06-huge.txt");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(wiredesk_core::ingest::MAX_FILE_BYTES + 1)
        .unwrap();
    let bad_utf16 = lib.file("batch/07-bad-utf16.txt", b"\xff\xfeH\x00\x00\xd8");

    let mut library = lib.open();
    let reports = library.ingest_paths(&[lib.dir.path().join("batch")]);
    let summary: Vec<(String, IngestStatus)> = reports
        .iter()
        .map(|r| {
            let name = r.file.rsplit('/').next().unwrap().to_owned();
            (name, r.status)
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("01-empty.txt".into(), IngestStatus::Error),
            ("02-photo.txt".into(), IngestStatus::Error),
            ("03-dump.txt".into(), IngestStatus::Error),
            ("04-blank.txt".into(), IngestStatus::Error),
            ("05-good.txt".into(), IngestStatus::New),
            ("06-huge.txt".into(), IngestStatus::Error),
            ("07-bad-utf16.txt".into(), IngestStatus::Error),
        ]
    );
    let expected = [
        (&empty, "the file is empty"),
        (&png, "this looks like a PNG image"),
        (&binary, "NUL byte at offset 4"),
        (&blank, "no headline"),
        (&huge, "over the 33554432-byte limit"),
        (&bad_utf16, "not valid UTF-16LE"),
    ];
    for (path, problem) in expected {
        let report = reports
            .iter()
            .find(|r| r.file == path.display().to_string())
            .unwrap();
        let error = report.error.as_deref().unwrap();
        assert!(
            error.starts_with(&path.display().to_string()),
            "error does not name the file: {error}"
        );
        assert!(error.contains(problem), "{error}");
        assert_eq!((report.story_id, report.revision_id), (None, None));
    }
    assert!(good.exists());
    // The good file's story and its suggested claims: nothing else.
    let good_claims = library.claims(1).unwrap().len() as i64;
    assert!(good_claims > 0, "the good story's claims were suggested");
    for (table, n) in counts(&library) {
        let expected = match table {
            "sources" | "stories" | "feed_copies" | "revisions" | "story_search" => 1,
            // The good file's ingest, and the batch's summary.
            "audit_log" => 2,
            "claims" => good_claims,
            _ => 0,
        };
        assert_eq!(n, expected, "{table}");
    }
    let summary: String = lib.scalar("SELECT detail FROM audit_log WHERE action = 'ingest-batch'");
    let summary: serde_json::Value = serde_json::from_str(&summary).unwrap();
    assert_eq!(summary["new"], 1);
    assert_eq!(summary["error"], 6);
    assert_eq!(summary["files"], 7);
    assert_eq!(
        library.connection_settings().unwrap().synchronous,
        "2",
        "back to a flush per commit after the batch"
    );
}

#[test]
fn a_failure_midway_through_storing_leaves_nothing_behind() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    // Make the last write of an ingest fail, after the story, feed copy and
    // revision rows were written inside the transaction.
    lib.sql()
        .execute_batch(
            "CREATE TRIGGER test_fail_audit BEFORE INSERT ON audit_log
             BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END;",
        )
        .unwrap();
    let err = library.ingest_bytes("a.txt", STORY).unwrap_err();
    assert!(err.to_string().contains("disk full (simulated)"), "{err}");
    for (table, n) in counts(&library) {
        assert_eq!(n, 0, "{table} kept a partial write");
    }
}

#[test]
fn text_in_other_encodings_is_decoded() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let mut utf16 = vec![0xff, 0xfe];
    for unit in "Tromsø harbour closes\nTROMSØ (Meridian Wire) - The harbour closed on Friday.\n"
        .encode_utf16()
    {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let report = library.ingest_bytes("utf16.txt", &utf16).unwrap();
    let story = library.story(report.story_id.unwrap()).unwrap();
    assert_eq!(story.headline, "Tromsø harbour closes");
    assert_eq!(story.versions[0].encoding, "UTF-16LE");

    let latin1 = b"Z\xfcrich talks end\nZ\xdcRICH (Meridian Wire) - Talks ended.\n";
    let report = library.ingest_bytes("latin1.txt", latin1).unwrap();
    let story = library.story(report.story_id.unwrap()).unwrap();
    assert_eq!(story.headline, "Zürich talks end");
    assert_eq!(story.dateline.as_deref(), Some("ZÜRICH"));
    assert_eq!(story.versions[0].encoding, "windows-1252");
}

#[test]
fn inbox_lists_newest_first_and_search_finds_words_phrases_and_figures() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let first = library.ingest_bytes("a.txt", STORY).unwrap();
    // The inbox is newest first by time received, stamped to the
    // millisecond: the second story must arrive in a later one.
    let millis = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis()
    };
    let first_stamped_by = millis();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while millis() <= first_stamped_by {
        assert!(
            std::time::Instant::now() < deadline,
            "the clock stayed at {first_stamped_by} ms for 5 s"
        );
        std::thread::yield_now();
    }
    let second = library
        .ingest_bytes(
            "b.txt",
            b"Council approves budget\nBRUNNFELD (Meridian Wire) - The council approved \
              a budget of 9 billion crowns.\n",
        )
        .unwrap();

    let inbox = library.stories(50, 0).unwrap();
    let ids: Vec<i64> = inbox.iter().map(|s| s.id).collect();
    assert_eq!(ids, vec![second.story_id.unwrap(), first.story_id.unwrap()]);
    assert!(
        inbox[0].received_at > inbox[1].received_at,
        "{} is not after {}",
        inbox[0].received_at,
        inbox[1].received_at
    );
    assert_eq!(inbox[0].source, "Meridian Wire");
    // Suggested claims wait to be checked: the budget figure.
    let open = library.claims(inbox[0].id).unwrap().len() as i64;
    assert!(open >= 1);
    assert_eq!((inbox[0].version, inbox[0].open_claims), (1, open));
    assert_eq!(
        library.stories(1, 1).unwrap()[0].id,
        first.story_id.unwrap()
    );

    let hits = library.search("ferries islands", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].id, first.story_id.unwrap());
    assert!(hits[0].snippet.contains("[Ferries]"), "{}", hits[0].snippet);

    assert_eq!(library.search("\"full timetable\"", 10).unwrap().len(), 1);
    assert_eq!(library.search("\"timetable full\"", 10).unwrap().len(), 0);
    assert_eq!(
        library.search("4,000", 10).unwrap()[0].id,
        first.story_id.unwrap()
    );
    assert_eq!(
        library.search("budg*", 10).unwrap()[0].id,
        second.story_id.unwrap()
    );
    assert_eq!(
        library.search("council", 10).unwrap().len(),
        1,
        "headline is indexed"
    );
    assert!(library.search("NOT ( AND", 10).unwrap().is_empty());
    assert!(matches!(library.search(" ,. ", 10), Err(Error::EmptyQuery)));
}

#[test]
fn a_missing_story_is_a_clear_error() {
    let lib = TempLibrary::new();
    let library = lib.open();
    let err = library.story(42).unwrap_err();
    assert_eq!(err.to_string(), "no story with id 42");
}

#[test]
fn samples_load_once_into_an_empty_library_only() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let loaded = library.seed_samples_if_empty().unwrap();
    assert_eq!(loaded, wiredesk_core::samples::all().len());
    assert!(loaded >= 5);
    assert_eq!(library.seed_samples_if_empty().unwrap(), 0);
    assert_eq!(count(&library, "stories"), loaded as i64);
    let sources: Vec<String> = library
        .stories(50, 0)
        .unwrap()
        .into_iter()
        .map(|s| s.source)
        .collect();
    assert!(sources.iter().all(|s| s != "Unknown source"), "{sources:?}");
}

#[test]
fn broken_structured_copy_gets_a_clear_error_and_stores_nothing() {
    let lib = TempLibrary::new();
    let nitf =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<nitf><head><title>Storm</title></head>\
                <body><body.content><p>The storm hit.</p></body.content></body></nitf>";
    let cases: [(&str, Vec<u8>, &str); 6] = [
        (
            "truncated.xml",
            nitf.as_bytes()[..nitf.len() - 30].to_vec(),
            "malformed NITF",
        ),
        (
            "laughs.xml",
            b"<?xml version=\"1.0\"?><!DOCTYPE nitf [<!ENTITY a \"aaaaaaaaaa\">\
              <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><nitf><head><title>&b;</title></head></nitf>"
                .to_vec(),
            "declares its own entities",
        ),
        (
            "bad-utf8.xml",
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><nitf><head><title>Troms\xf8</title></head></nitf>"
                .to_vec(),
            "declares UTF-8 but is not valid UTF-8 (the first bad byte is at offset 62)",
        ),
        (
            "mismatched.xml",
            b"<nitf><body><p>x</body></nitf>".to_vec(),
            "malformed NITF",
        ),
        (
            "other.xml",
            b"<?xml version=\"1.0\"?><catalog><book/></catalog>".to_vec(),
            "not a wire format Wiredesk reads yet: XML whose root element is <catalog>",
        ),
        (
            "empty-root.xml",
            b"<?xml version=\"1.0\"?>".to_vec(),
            "no root element",
        ),
    ];
    let mut library = lib.open();
    for (name, bytes, problem) in &cases {
        let path = lib.file(&format!("bad/{name}"), bytes);
        let report = library.ingest_file(&path).remove(0);
        assert_eq!(report.status, IngestStatus::Error, "{name}");
        let error = report.error.unwrap();
        assert!(error.starts_with(&path.display().to_string()), "{error}");
        assert!(error.contains(problem), "{name}: {error}");
    }
    for (table, n) in counts(&library) {
        assert_eq!(n, 0, "{table}");
    }
}

fn nitf(doc_id: &str, headline: &str, body: &str) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><nitf><head><docdata>\
         <doc-id regsrc=\"AP\" id-string=\"{doc_id}\"/></docdata></head><body><body.head>\
         <hedline><hl1>{headline}</hl1></hedline></body.head><body.content><p>{body}</p>\
         </body.content></body></nitf>"
    )
    .into_bytes()
}

#[test]
fn a_new_version_of_a_held_story_is_an_update_not_a_new_story() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let first = library
        .ingest_bytes(
            "v1.xml",
            &nitf("ap-42", "Storm nears coast", "The storm neared."),
        )
        .unwrap();
    let second = library
        .ingest_bytes(
            "v2.xml",
            &nitf("ap-42", "Storm hits coast", "The storm hit the coast."),
        )
        .unwrap();
    assert_eq!(first.status, IngestStatus::New);
    assert_eq!(second.status, IngestStatus::Update);
    assert_eq!(second.story_id, first.story_id);
    assert_ne!(second.revision_id, first.revision_id);

    let story = library.story(first.story_id.unwrap()).unwrap();
    assert_eq!(
        story.headline, "Storm hits coast",
        "the new version is current"
    );
    let versions: Vec<(i64, i64)> = story
        .versions
        .iter()
        .map(|v| (v.version, v.revision_id))
        .collect();
    assert_eq!(
        versions,
        vec![
            (1, first.revision_id.unwrap()),
            (2, second.revision_id.unwrap())
        ]
    );
    let parent: Option<i64> = lib
        .sql()
        .query_row(
            "SELECT parent_id FROM revisions WHERE id = ?1",
            [second.revision_id.unwrap()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(parent, first.revision_id);
    assert_eq!(library.stories(10, 0).unwrap()[0].version, 2);
    assert_eq!(library.search("hit coast", 10).unwrap().len(), 1);
    assert_eq!(library.search("neared", 10).unwrap().len(), 0);

    // Another agency's story with the same id is a different story.
    let other = String::from_utf8(nitf("ap-42", "Other", "Other."))
        .unwrap()
        .replace("regsrc=\"AP\"", "regsrc=\"PA\"");
    let third = library.ingest_bytes("pa.xml", other.as_bytes()).unwrap();
    assert_eq!(third.status, IngestStatus::New);
}

#[test]
fn a_cancelled_version_marks_the_story_killed() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let usable = br#"{"uri": "urn:x:1", "headline": "Bridge closes", "body_text": "It closed.", "pubstatus": "usable", "copyrightholder": "AP"}"#;
    let canceled = br#"{"uri": "urn:x:1", "headline": "Bridge closes", "body_text": "It closed.", "pubstatus": "canceled", "copyrightholder": "AP"}"#;
    let first = library.ingest_bytes("a.json", usable).unwrap();
    assert_eq!(
        library
            .story(first.story_id.unwrap())
            .unwrap()
            .state
            .as_str(),
        "new"
    );
    let kill = library.ingest_bytes("b.json", canceled).unwrap();
    assert_eq!(kill.status, IngestStatus::Update);
    assert_eq!(
        library
            .story(first.story_id.unwrap())
            .unwrap()
            .state
            .as_str(),
        "killed"
    );
}

#[test]
fn the_same_text_in_another_wrapper_is_a_duplicate() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let first = library.ingest_bytes("a.txt", STORY).unwrap();
    // Re-sent with Windows line ends and extra spaces: other bytes, same story.
    let resent = String::from_utf8(STORY.to_vec())
        .unwrap()
        .replace('\n', "  \r\n")
        .replace(" a storm", "  a  storm");
    let before = counts(&library);
    let again = library
        .ingest_bytes("a-resent.txt", resent.as_bytes())
        .unwrap();
    assert_eq!(again.status, IngestStatus::Duplicate);
    assert_eq!(again.story_id, first.story_id);
    assert_eq!(counts(&library), before);

    // A real change of text is not a duplicate.
    let changed = String::from_utf8(STORY.to_vec())
        .unwrap()
        .replace("4,000 homes", "5,000 homes");
    let other = library
        .ingest_bytes("changed.txt", changed.as_bytes())
        .unwrap();
    assert_ne!(other.status, IngestStatus::Duplicate);
}

fn g2(guid: &str, version: u32, headline: &str, body: &str) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"{guid}\" version=\"{version}\">\
         <itemMeta><provider qcode=\"nprov:meridian\"/></itemMeta>\
         <contentMeta><headline>{headline}</headline></contentMeta>\
         <contentSet><inlineXML><html><body><p>{body}</p></body></html></inlineXML></contentSet>\
         </newsItem>"
    )
    .into_bytes()
}

#[test]
fn an_older_agency_version_arriving_late_takes_its_place_in_the_history() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let v3 = library
        .ingest_bytes(
            "v3.xml",
            &g2("tag:m,1", 3, "Dam holds", "Engineers said the dam held."),
        )
        .unwrap();
    let v2 = library
        .ingest_bytes(
            "v2.xml",
            &g2("tag:m,1", 2, "Dam strained", "The dam was strained."),
        )
        .unwrap();
    assert_eq!(v2.status, IngestStatus::Update);
    let story = library.story(v3.story_id.unwrap()).unwrap();
    assert_eq!(
        story.headline, "Dam holds",
        "the newer version stays current"
    );
    let order: Vec<(i64, i64)> = story
        .versions
        .iter()
        .map(|v| (v.version, v.revision_id))
        .collect();
    assert_eq!(
        order,
        vec![(1, v2.revision_id.unwrap()), (2, v3.revision_id.unwrap())],
        "versions follow the agency's numbers, not arrival"
    );
    assert_eq!(library.search("strained", 10).unwrap().len(), 0);
    assert_eq!(library.search("held", 10).unwrap().len(), 1);
    // A newer one replaces it, and the index follows.
    let v4 = library
        .ingest_bytes(
            "v4.xml",
            &g2("tag:m,1", 4, "Dam breached", "Water poured through."),
        )
        .unwrap();
    assert_eq!(
        library.story(v3.story_id.unwrap()).unwrap().revision_id,
        v4.revision_id.unwrap()
    );
    assert_eq!(library.search("held", 10).unwrap().len(), 0);
    assert_eq!(library.search("poured", 10).unwrap().len(), 1);
    assert_eq!(count(&library, "story_search"), 1);
}

#[test]
fn a_kill_says_why() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    library
        .ingest_bytes(
            "v1.xml",
            &g2("tag:m,2", 1, "Minister resigns", "The minister resigned."),
        )
        .unwrap();
    let kill = String::from_utf8(g2("tag:m,2", 2, "Minister resigns", "Withdrawn."))
        .unwrap()
        .replace(
            "</itemMeta>",
            "<pubStatus qcode=\"stat:canceled\"/></itemMeta>",
        )
        .replace(
            "<headline>",
            "<edNote>The minister did not resign; the report was wrong.</edNote><headline>",
        );
    let report = library.ingest_bytes("kill.xml", kill.as_bytes()).unwrap();
    let story = library.story(report.story_id.unwrap()).unwrap();
    assert_eq!(story.state.as_str(), "killed");
    assert_eq!(
        story.kill_reason.as_deref(),
        Some(
            "publication status stat:canceled: The minister did not resign; the report was wrong."
        )
    );
    let detail: String =
        lib.scalar("SELECT detail FROM audit_log WHERE action = 'ingest' ORDER BY id DESC LIMIT 1");
    let detail: serde_json::Value = serde_json::from_str(&detail).unwrap();
    assert_eq!(
        detail["kill_reason"],
        "publication status stat:canceled: The minister did not resign; the report was wrong."
    );
}

#[test]
fn a_batch_reports_progress_and_a_store_failure_costs_only_its_file() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let story = |headline: &str, lead: &str| {
        format!("{headline}\n\nHALVARD (Meridian Wire) - {lead}\n").into_bytes()
    };
    lib.file(
        "in/a.txt",
        &story(
            "Port strike ends",
            "Dockworkers went back to work on Monday after a week.",
        ),
    );
    lib.file(
        "in/b.txt",
        &story(
            "Poisoned row",
            "This story cannot be stored in the library today.",
        ),
    );
    lib.file(
        "in/c.txt",
        &story(
            "Rail fares rise",
            "Fares on the coastal line rise by four percent in March.",
        ),
    );
    // The store refuses one story's revision, as a full disk would.
    lib.sql()
        .execute_batch(
            "CREATE TRIGGER test_refuse BEFORE INSERT ON revisions WHEN NEW.headline = 'Poisoned row'
             BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END;",
        )
        .unwrap();
    let mut seen = Vec::new();
    let reports = library.ingest_paths_with(&[lib.dir.path().join("in")], |progress| {
        seen.push((progress.done, progress.total, progress.file.to_owned()));
        assert_eq!(progress.reports.len(), 1);
    });
    let statuses: Vec<IngestStatus> = reports.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [IngestStatus::New, IngestStatus::Error, IngestStatus::New]
    );
    let error = reports[1].error.as_deref().unwrap();
    assert!(
        error.contains("b.txt") && error.contains("disk full (simulated)"),
        "{error}"
    );
    assert_eq!(
        seen.iter().map(|s| (s.0, s.1)).collect::<Vec<_>>(),
        [(1, 3), (2, 3), (3, 3)]
    );
    assert!(seen[1].2.ends_with("b.txt"));
    assert_eq!(count(&library, "stories"), 2);
    assert_eq!(
        count(&library, "feed_copies"),
        2,
        "nothing of b.txt is kept"
    );
    assert_eq!(library.search("fares", 10).unwrap().len(), 1);
}

#[test]
fn a_library_from_before_opening_samples_is_upgraded_and_still_links_versions() {
    let lib = TempLibrary::new();
    // A library at schema 2 holding one plain-text story, written as that
    // Wiredesk wrote it.
    {
        let mut conn = lib.sql();
        schema::apply_migrations(&mut conn, &schema::embedded_migrations().unwrap()[..2]).unwrap();
        conn.execute_batch(
            "INSERT INTO sources (code, name) VALUES ('meridian-wire', 'Meridian Wire');
             INSERT INTO stories (source_id, first_received_at, last_received_at) VALUES (1, 't', 't');
             INSERT INTO feed_copies (story_id, wire_version, file_name, format, encoding, sha256, byte_len, bytes, received_at)
                 VALUES (1, 1, 'old.txt', 'text', 'UTF-8', 'abc', 3, x'616263', 't');
             INSERT INTO revisions (story_id, kind, feed_copy_id, author, created_at, headline, body)
                 VALUES (1, 'wire', 1, 'Meridian Wire', 't', 'Dockworkers strike at Port Halvard',
                 'Dockworkers at Port Halvard walked off the job on Tuesday, halting the loading of at least 14 vessels in a dispute over a plan to automate three of the port''s six berths, the union said.');
             UPDATE stories SET head_revision_id = 1 WHERE id = 1;",
        )
        .unwrap();
    }
    let mut library = lib.open();
    assert_eq!(
        library.search("berths", 10).unwrap().len(),
        1,
        "the index was rebuilt"
    );
    let update = library
        .ingest_bytes(
            "update.txt",
            b"Dockworkers strike at Port Halvard enters second day\n\nDockworkers at Port Halvard \
              walked off the job on Tuesday, halting the loading of at least 14 vessels in a dispute \
              over a plan to automate three of the port's six berths, the union said. The strike \
              entered its second day on Wednesday.\n",
        )
        .unwrap();
    assert_eq!(update.status, IngestStatus::Update);
    assert_eq!(update.story_id, Some(1));
}

#[test]
fn claims_follow_the_text_into_a_new_wire_version() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    library.set_actor("desk");
    let v1_body = "The alliance will send 700 troops to the border, officials said. \
                   The move was agreed on Monday. Talks resume in March.";
    let v1 = library
        .ingest_bytes(
            "v1.xml",
            &g2("tag:m,9", 1, "Alliance sends troops", v1_body),
        )
        .unwrap();
    let story = v1.story_id.unwrap();
    let mark = |library: &mut Library, body: &str, text: &str| {
        let at = body.find(text).unwrap();
        let start = body[..at].chars().count();
        library
            .add_claim(
                story,
                start,
                start + text.chars().count(),
                wiredesk_core::claims::ClaimKind::Quantity,
            )
            .unwrap()
    };
    let body = library.story(story).unwrap().body;
    let troops = mark(&mut library, &body, "700 troops");
    let monday = mark(&mut library, &body, "on Monday");
    let march = mark(&mut library, &body, "in March");
    library
        .update_claim(troops.id, Some("verified"), None, None)
        .unwrap();
    library
        .update_claim(march.id, Some("verified"), None, None)
        .unwrap();

    // The agency's writethrough: more text before, the figure changed, the
    // Monday sentence gone, March untouched.
    let v2_body = "Amid rising tension, the alliance will send 7,000 troops to the border, \
                   officials said. Talks resume in March.";
    let v2 = library
        .ingest_bytes(
            "v2.xml",
            &g2("tag:m,9", 2, "Alliance sends troops", v2_body),
        )
        .unwrap();
    assert_eq!(v2.status, IngestStatus::Update);
    let new_body = library.story(story).unwrap().body;
    let claim = |id: wiredesk_core::ClaimId| library.claim(id).unwrap();
    let chars = |c: &wiredesk_core::Claim| -> String {
        new_body
            .chars()
            .skip(c.start as usize)
            .take((c.end - c.start) as usize)
            .collect()
    };

    let troops = claim(troops.id);
    assert_eq!(troops.text, "7,000 troops");
    assert_eq!(chars(&troops), "7,000 troops");
    assert_eq!(
        troops.status.as_str(),
        "unchecked",
        "an edited verified claim is checked again"
    );
    let history = library.claim_history(troops.id).unwrap();
    let changed = history.iter().find(|e| e.event == "text-changed").unwrap();
    assert_eq!(changed.detail["from"], "700 troops");
    assert_eq!(changed.detail["to"], "7,000 troops");
    let reset = history.last().unwrap();
    assert_eq!(reset.event, "status");
    assert_eq!(reset.from_status.map(|s| s.as_str()), Some("verified"));
    assert_eq!(reset.to_status.map(|s| s.as_str()), Some("unchecked"));
    assert_eq!(reset.detail["reason"], "text-changed");
    assert_eq!(reset.detail["to"], "7,000 troops");

    let march = claim(march.id);
    assert_eq!(chars(&march), "in March", "moved with the text");
    assert_eq!(
        march.status.as_str(),
        "verified",
        "untouched: still verified"
    );

    let monday = claim(monday.id);
    assert!(monday.detached, "its text is gone: kept, detached");
    assert_eq!(monday.text, "on Monday");
    let held: Vec<wiredesk_core::ClaimId> = library
        .claims(story)
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    for id in [troops.id, monday.id, march.id] {
        assert!(held.contains(&id), "no claim is dropped");
    }
}

/// Marks the quantity `text` in `story`'s current text as a claim.
fn mark_quantity(library: &mut Library, story: i64, text: &str) -> Claim {
    let body = library.story(story).unwrap().body;
    let at = body[..body.find(text).unwrap()].chars().count();
    library
        .add_claim(
            story,
            at,
            at + text.chars().count(),
            wiredesk_core::claims::ClaimKind::Quantity,
        )
        .unwrap()
}

/// Three stories with a figure each: a's and b's soldiers in Kosovo differ,
/// c's troops are in Bosnia. Returns their ids and a's claim.
fn kosovo_figures(library: &mut Library) -> (i64, i64, i64, Claim) {
    let first = library
        .ingest_bytes(
            "a.txt",
            b"Alliance to reinforce Kosovo mission\n\nPRISTINA (Meridian Wire) - The alliance \
              said on Friday it would send some 4,000 soldiers to Kosovo after clashes in the \
              north.\n",
        )
        .unwrap();
    let second = library
        .ingest_bytes(
            "b.txt",
            b"Kosovo mission grows\n\nBRUSSELS (Baltic Newsline) - The alliance now has 3,800 \
              troops in Kosovo, a spokesman said, and more are on their way from Italy.\n",
        )
        .unwrap();
    let unrelated = library
        .ingest_bytes(
            "c.txt",
            b"Bosnia force steady\n\nSARAJEVO (Meridian Wire) - The European force keeps 1,100 \
              troops in Bosnia, its commander said on Monday, unchanged from last year.\n",
        )
        .unwrap();
    let (a, b, c) = (
        first.story_id.unwrap(),
        second.story_id.unwrap(),
        unrelated.story_id.unwrap(),
    );
    let claim = mark_quantity(library, a, "some 4,000 soldiers");
    mark_quantity(library, b, "3,800 troops");
    mark_quantity(library, c, "1,100 troops");
    (a, b, c, claim)
}

#[test]
fn a_figure_another_story_reports_differently_is_pointed_out() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let (a, b, c, claim) = kosovo_figures(&mut library);
    let findings: Vec<_> = library
        .integrity(a)
        .unwrap()
        .into_iter()
        .filter(|f| f.kind == "figure-differs")
        .collect();
    assert_eq!(findings.len(), 1, "{findings:?}");
    let finding = &findings[0];
    assert_eq!(finding.other_story_id, Some(b));
    assert_eq!((finding.start, finding.end), (claim.start, claim.end));
    assert_eq!(finding.wire_text.as_deref(), Some("3,800 troops"));
    assert!(finding.message.contains("Kosovo"), "{}", finding.message);
    // Bosnia's figure is another subject: nothing for story c.
    assert!(library
        .integrity(c)
        .unwrap()
        .iter()
        .all(|f| f.kind != "figure-differs"));
}

#[test]
fn the_wire_findings_and_the_figure_findings_together_are_the_integrity_findings() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let (a, b, _, _) = kosovo_figures(&mut library);
    // The desk adds a number no wire version has: a finding against a's own copy.
    let current = library.story(a).unwrap();
    let body = format!(
        "{}\n\nTwelve officers and 35 police were hurt.",
        current.body
    );
    library
        .save_edit(a, Some(current.revision_id), &current.headline, &body, None)
        .unwrap();
    let figure = library.figure_findings(a).unwrap();
    assert_eq!(figure.len(), 1, "{figure:?}");
    assert_eq!(figure[0].kind, "figure-differs");
    assert_eq!(figure[0].other_story_id, Some(b));
    // Keys and acknowledgements are filled as integrity fills them.
    library
        .acknowledge_finding(a, &figure[0].key, "b counts troops already there")
        .unwrap();

    let wire = library.wire_findings(a).unwrap();
    let figure = library.figure_findings(a).unwrap();
    assert!(!wire.is_empty(), "the added number is pointed out");
    assert!(wire.iter().all(|f| f.kind != "figure-differs"), "{wire:?}");
    assert!(
        figure.iter().all(|f| f.kind == "figure-differs"),
        "{figure:?}"
    );
    assert!(wire.iter().chain(&figure).all(|f| !f.key.is_empty()));
    assert_eq!(
        figure[0]
            .acknowledged
            .as_ref()
            .map(|ack| ack.reason.as_str()),
        Some("b counts troops already there")
    );
    let mut both: Vec<_> = wire.into_iter().chain(figure).collect();
    both.sort_by_key(|f| (f.start, f.end));
    assert_eq!(both, library.integrity(a).unwrap());
}

#[test]
fn the_inbox_filters_by_source_state_open_claims_and_date_and_search_honours_them() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let ferry = lib.file(
        "ferry.txt",
        b"Ferry service resumes after storm\nPORT ELM (Meridian Wire) - Ferries carried 1,200 passengers on Monday.\n",
    );
    let grid = lib.file(
        "grid.json",
        br#"{"uri": "urn:baltic:grid", "type": "text", "headline": "Grid operator restores power",
            "source": "Baltic Newsline", "body_text": "Power returned to the port district."}"#,
    );
    let reports = library.ingest_paths(&[&ferry, &grid]);
    let ferry_id = reports[0].story_id.expect("ferry");
    let grid_id = reports[1].story_id.expect("grid");
    let ids = |filter: &wiredesk_core::StoryFilter| -> Vec<i64> {
        library
            .stories_where(50, 0, filter)
            .expect("list")
            .iter()
            .map(|s| s.id)
            .collect()
    };
    use wiredesk_core::StoryFilter;
    let all = ids(&StoryFilter::default());
    assert_eq!(all.len(), 2);
    let source = library.stories(50, 0).expect("list")[0].source.clone();
    let by_source = ids(&StoryFilter {
        source: Some(source.clone()),
        ..StoryFilter::default()
    });
    assert_eq!(by_source.len(), 1);
    let with_claims = ids(&StoryFilter {
        open_claims: true,
        ..StoryFilter::default()
    });
    assert_eq!(
        with_claims,
        vec![ferry_id],
        "1,200 passengers is a claim; the grid story has none"
    );
    assert!(ids(&StoryFilter {
        state: Some("killed".into()),
        ..StoryFilter::default()
    })
    .is_empty());
    let today = lib
        .sql()
        .query_row(
            "SELECT substr(max(last_received_at), 1, 10) FROM stories",
            [],
            |r| r.get::<_, String>(0),
        )
        .expect("date");
    assert_eq!(
        ids(&StoryFilter {
            received_from: Some(today.clone()),
            received_to: Some(today.clone()),
            ..StoryFilter::default()
        })
        .len(),
        2,
        "a date range of one day includes that whole day"
    );
    assert!(ids(&StoryFilter {
        received_to: Some("2000-01-01".into()),
        ..StoryFilter::default()
    })
    .is_empty());

    // Search and filters combine.
    let hits = library.search("port", 10).expect("search");
    assert_eq!(hits.len(), 2);
    let narrowed = library
        .search_where(
            "port",
            10,
            &StoryFilter {
                open_claims: true,
                ..StoryFilter::default()
            },
        )
        .expect("search");
    assert_eq!(
        narrowed.iter().map(|h| h.id).collect::<Vec<_>>(),
        vec![ferry_id]
    );
    let _ = grid_id;
    let sources = library.sources().expect("sources");
    assert!(sources.contains(&source), "{sources:?}");
}

#[test]
fn utf16_copy_without_a_byte_order_mark_is_stored_and_named_as_such() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    for (n, name, big_endian) in [(1, "UTF-16LE", false), (2, "UTF-16BE", true)] {
        let text = crate::support::distinct_story(n).replace('\n', "\r\n");
        let bytes: Vec<u8> = text
            .encode_utf16()
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect();
        let path = lib.file(&format!("{name}.txt"), &bytes);
        let report = library.ingest_paths(&[path]).remove(0);
        assert_eq!(
            report.status,
            IngestStatus::New,
            "{name}: {:?}",
            report.error
        );
        let story = library.story(report.story_id.unwrap()).unwrap();
        assert_eq!(story.headline, text.lines().next().unwrap());
        assert_eq!(story.versions[0].encoding, name);
    }
}
