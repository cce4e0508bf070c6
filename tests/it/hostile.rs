//! Copy built to hurt the reader, and folders built to mislead the walk:
//! each gets a clear error naming the file and what is wrong, and nothing
//! of it is stored.

use std::os::unix::ffi::OsStrExt as _;
use std::os::unix::fs::symlink;

use wiredesk_core::IngestStatus;

use crate::support::{distinct_story, TempLibrary};

fn ingest_one(lib: &TempLibrary, name: &str, bytes: &[u8]) -> wiredesk_core::IngestReport {
    let path = lib.file(name, bytes);
    let mut reports = lib.open().ingest_paths(&[path]);
    assert_eq!(reports.len(), 1);
    reports.remove(0)
}

fn assert_refused(report: &wiredesk_core::IngestReport, name: &str, problem: &str) {
    assert_eq!(report.status, IngestStatus::Error, "{report:?}");
    let error = report.error.as_deref().unwrap();
    assert!(error.contains(name), "the error names the file: {error}");
    assert!(error.contains(problem), "{error}");
    assert_eq!((report.story_id, report.revision_id), (None, None));
}

#[test]
fn limits_refuse_deep_nesting_and_overlong_headlines_and_paragraphs() {
    let lib = TempLibrary::new();
    let deep_xml = format!(
        "<nitf><head><title>Deep</title></head><body><body.head><hedline><hl1>Deep</hl1></hedline></body.head><body.content>{}x{}</body.content></body></nitf>",
        "<p>".repeat(20_000),
        "</p>".repeat(20_000)
    );
    let report = ingest_one(&lib, "deep.xml", deep_xml.as_bytes());
    assert_refused(
        &report,
        "deep.xml",
        "malformed XML: elements nested more than 128 deep",
    );

    let deep_json = format!(
        "{{\"uri\": \"urn:x:1\", \"headline\": \"Deep\", \"body_text\": \"x\", \"extra\": {}1{}}}",
        "[".repeat(5_000),
        "]".repeat(5_000)
    );
    let report = ingest_one(&lib, "deep.json", deep_json.as_bytes());
    assert_refused(
        &report,
        "deep.json",
        "malformed JSON: elements nested more than 128 deep",
    );

    let long_headline = serde_json::json!({
        "uri": "urn:x:2",
        "headline": "Headline ".repeat(400),
        "body_text": "A short body, said the agency.",
    });
    let report = ingest_one(
        &lib,
        "long-headline.json",
        long_headline.to_string().as_bytes(),
    );
    assert_refused(
        &report,
        "long-headline.json",
        "the headline is 3599 characters long, over the 1000-character limit",
    );

    let long_paragraph = format!("A headline\n\n{}\n", "word ".repeat(30_000));
    let report = ingest_one(&lib, "long-paragraph.txt", long_paragraph.as_bytes());
    assert!(
        report
            .error
            .as_deref()
            .unwrap_or("")
            .contains("the longest paragraph is 1500"),
        "{report:?}"
    );
    assert_refused(
        &report,
        "long-paragraph.txt",
        "over the 100000-character limit",
    );

    // The limit and its message agree: 128 levels are read, 129 are not,
    // in JSON (the document's own object is the first level) and in XML.
    let at_limit = |levels: usize, n: u32| {
        format!(
            "{{\"uri\": \"urn:x:deep:{n}\", \"headline\": \"Nested {n}\", \"body_text\": \"The council met on Monday.\", \"extra\": {}1{}}}",
            "[".repeat(levels - 1),
            "]".repeat(levels - 1)
        )
    };
    let report = ingest_one(&lib, "deep-128.json", at_limit(128, 1).as_bytes());
    assert_eq!(report.status, IngestStatus::New, "{report:?}");
    let report = ingest_one(&lib, "deep-129.json", at_limit(129, 2).as_bytes());
    assert_refused(
        &report,
        "deep-129.json",
        "malformed JSON: elements nested more than 128 deep",
    );
    // Brackets inside strings are text, not nesting.
    let brackets = format!(
        "{{\"uri\": \"urn:x:deep:3\", \"headline\": \"Brackets {}\", \"body_text\": \"The council met on Tuesday.\"}}",
        "[{\\\"".repeat(200)
    );
    let report = ingest_one(&lib, "brackets.json", brackets.as_bytes());
    assert_eq!(report.status, IngestStatus::New, "{report:?}");
    let xml_at = |levels: usize| {
        // nitf, body, body.content and the paragraph are four levels.
        format!(
            "<nitf><body><body.head><hedline><hl1>Nested {levels}</hl1></hedline></body.head><body.content>{}<p>The council met on Wednesday {levels}.</p>{}</body.content></body></nitf>",
            "<div>".repeat(levels - 4),
            "</div>".repeat(levels - 4)
        )
    };
    let report = ingest_one(&lib, "deep-128.xml", xml_at(128).as_bytes());
    assert_eq!(report.status, IngestStatus::New, "{report:?}");
    let report = ingest_one(&lib, "deep-129.xml", xml_at(129).as_bytes());
    assert_refused(
        &report,
        "deep-129.xml",
        "malformed XML: elements nested more than 128 deep",
    );

    // Within the limits all is well, and nothing of the refused is stored.
    let fine = format!("<nitf><body><body.head><hedline><hl1>Nested enough</hl1></hedline></body.head><body.content>{}The council met on Monday.{}</body.content></body></nitf>",
        "<div>".repeat(20), "</div>".repeat(20));
    assert_eq!(
        ingest_one(&lib, "fine.xml", fine.as_bytes()).status,
        IngestStatus::New
    );
    assert_eq!(lib.open().story_count().unwrap(), 4);
}

#[test]
fn a_folder_walk_follows_no_link_out_of_the_folder_and_reads_no_device() {
    let lib = TempLibrary::new();
    let outside = lib.file(
        "outside/secret.txt",
        format!("{}Only zeppelinsecret here.\n", distinct_story(1)).as_bytes(),
    );
    let folder = lib.dir.path().join("incoming");
    std::fs::create_dir_all(folder.join("sub")).unwrap();
    std::fs::write(folder.join("real.txt"), distinct_story(2)).unwrap();
    symlink(&outside, folder.join("to-outside.txt")).unwrap();
    symlink(folder.join("real.txt"), folder.join("sub/to-inside.txt")).unwrap();
    symlink(folder.join("sub"), folder.join("to-a-folder")).unwrap();
    symlink(folder.join("gone.txt"), folder.join("dangling.txt")).unwrap();
    let fifo = folder.join("pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());

    let reports = lib.open().ingest_paths(&[&folder]);
    let by_name = |name: &str| {
        reports
            .iter()
            .find(|r| r.file.ends_with(name))
            .unwrap_or_else(|| panic!("no report for {name}: {reports:?}"))
    };
    assert_refused(
        by_name("to-outside.txt"),
        "to-outside.txt",
        "a symbolic link to outside the folder: not followed",
    );
    assert_refused(
        by_name("to-a-folder"),
        "to-a-folder",
        "a symbolic link to a folder: not followed",
    );
    assert_refused(
        by_name("dangling.txt"),
        "dangling.txt",
        "a symbolic link to nothing: not followed",
    );
    // A pipe is refused without being opened (opening it would wait forever).
    assert_refused(by_name("pipe.txt"), "pipe.txt", "not a regular file");
    assert_eq!(by_name("real.txt").status, IngestStatus::New);
    // A link inside the folder is followed: the same bytes, already held.
    assert_eq!(by_name("to-inside.txt").status, IngestStatus::Duplicate);
    let library = lib.open();
    assert_eq!(library.story_count().unwrap(), 1);
    assert!(library.search("zeppelinsecret", 5).unwrap().is_empty());

    // A device named directly is refused by name too.
    let device = lib.open().ingest_paths(&["/dev/zero"]);
    assert_refused(&device[0], "/dev/zero", "not a regular file");
}

#[test]
fn file_names_with_spaces_newlines_and_bytes_that_are_not_utf8_are_ingested() {
    let lib = TempLibrary::new();
    let folder = lib.dir.path().join("odd names");
    std::fs::create_dir_all(&folder).unwrap();
    let names: Vec<std::ffi::OsString> = vec![
        "with spaces.txt".into(),
        "line\nbreak.txt".into(),
        std::ffi::OsStr::from_bytes(b"caf\xe9 latin1.txt").to_owned(),
        "  leading and trailing  .txt".into(),
    ];
    for (n, name) in names.iter().enumerate() {
        std::fs::write(folder.join(name), distinct_story(100 + n)).unwrap();
    }
    let run = lib.cli(&["--json", "ingest", folder.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let reports = run.json();
    let reports = reports.as_array().unwrap();
    assert_eq!(reports.len(), 4);
    for report in reports {
        assert_eq!(report["status"], "new", "{report}");
    }
    let files: Vec<&str> = reports
        .iter()
        .map(|r| r["file"].as_str().unwrap())
        .collect();
    assert!(
        files.iter().any(|f| f.ends_with("line\nbreak.txt")),
        "{files:?}"
    );
    assert!(
        files.iter().any(|f| f.ends_with("caf\u{fffd} latin1.txt")),
        "{files:?}"
    );
    // Each is kept under the name it came with, as well as it can be written.
    let stored: Vec<String> = {
        let conn = lib.sql();
        let mut stmt = conn
            .prepare("SELECT file_name FROM feed_copies ORDER BY id")
            .unwrap();
        let rows = stmt.query_map([], |row| row.get::<_, String>(0)).unwrap();
        rows.map(Result::unwrap).collect()
    };
    assert!(
        stored.iter().any(|f| f.ends_with("with spaces.txt")),
        "{stored:?}"
    );
    assert_eq!(lib.open().story_count().unwrap(), 4);
}
