//! What a second red-team pass over the CLI found, each case as a test:
//! special files where a library or an output should be, a reader that
//! goes away, names that hold terminal escapes, edit files of every kind,
//! edits held to the limits wire copy is held to, a huge edit, merge
//! resolutions, and values out of range.

use std::io::Read as _;
use std::os::unix::fs::FileTypeExt as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{cli_binary, TempLibrary};

fn mkfifo(path: &std::path::Path) {
    let made = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(made.success(), "mkfifo {}", path.display());
}

/// Runs the CLI, killing it if it has not ended within `limit` (a command
/// that waits on a pipe forever must fail the test, not hang it).
fn cli_within(args: &[&str], limit: Duration) -> (Option<i32>, String) {
    let mut child = Command::new(cli_binary())
        .args(args)
        .env_remove("WIREDESK_DB")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run wiredesk");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let mut stderr = String::new();
            child
                .stderr
                .take()
                .expect("stderr")
                .read_to_string(&mut stderr)
                .expect("read stderr");
            return (status.code(), stderr);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return (None, "still running: killed".to_owned());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn ingest_one(lib: &TempLibrary) -> String {
    let ingested = lib.ingest("harbour.txt", b"Harbour cranes stand idle\nMERIDIAN (Meridian Wire) - Dock workers said 40 cranes stood idle on Monday.\n\n\"We wait,\" said Ana Ruiz.\n");
    ingested[0]["story_id"].to_string()
}

fn revisions(lib: &TempLibrary, story: &str) -> usize {
    lib.cli(&["history", story, "--json"])
        .json()
        .as_array()
        .expect("history")
        .len()
}

#[test]
fn a_library_path_that_is_a_pipe_or_a_device_is_refused_at_once() {
    let lib = TempLibrary::new();
    let fifo = lib.dir.path().join("library.fifo");
    mkfifo(&fifo);
    for command in [&["list"][..], &["doctor"], &["search", "cranes"]] {
        let mut args = vec!["--db", fifo.to_str().unwrap()];
        args.extend_from_slice(command);
        let (code, stderr) = cli_within(&args, Duration::from_secs(30));
        assert_eq!(code, Some(1), "{command:?}: {stderr}");
        assert!(
            stderr.contains("library.fifo is a named pipe, not a Wiredesk library file"),
            "{command:?}: {stderr}"
        );
    }
    let (code, stderr) = cli_within(&["--db", "/dev/zero", "list"], Duration::from_secs(30));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("/dev/zero is a device, not a Wiredesk library file"),
        "{stderr}"
    );
    // A backup to restore from is a file too.
    let db = lib.db();
    for (from, what) in [
        (fifo.to_str().unwrap(), "a named pipe, not a backup file"),
        (
            lib.dir.path().to_str().unwrap(),
            "a folder, not a backup file",
        ),
    ] {
        let (code, stderr) = cli_within(
            &["--db", db.to_str().unwrap(), "restore", from, "--yes"],
            Duration::from_secs(30),
        );
        assert_eq!(code, Some(1), "{stderr}");
        assert!(stderr.contains(what), "{stderr}");
    }
}

#[test]
fn output_to_a_reader_that_went_away_ends_quietly() {
    let lib = TempLibrary::new();
    let story = ingest_one(&lib);
    // More than a pipe holds, so the write meets the closed pipe.
    let mut edit = String::from("Harbour cranes stand idle\n\n");
    for n in 0..4_000 {
        edit.push_str(&format!(
            "Paragraph {n} says the cranes stood idle again.\n\n"
        ));
    }
    let file = lib.file("long.txt", edit.as_bytes());
    lib.edit_from_file(&story, &file).json();
    for args in [
        vec!["show", story.as_str()],
        vec![
            "export",
            story.as_str(),
            "--format",
            "txt",
            "--override",
            "test",
        ],
        vec!["show", story.as_str(), "--json"],
    ] {
        let mut child = Command::new(cli_binary())
            .arg("--db")
            .arg(lib.db())
            .args(&args)
            .env_remove("WIREDESK_DB")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run wiredesk");
        drop(child.stdout.take()); // the reader leaves at once (`| head -0`)
        let output = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
        assert_eq!(output.status.code(), Some(0), "{args:?}");
    }
}

#[test]
fn file_names_holding_terminal_escapes_are_shown_escaped() {
    let lib = TempLibrary::new();
    let story = ingest_one(&lib);
    let name = "bad\u{1b}]0;owned\u{7}\u{1b}[31mname.txt";
    let empty = lib.file(name, b"");
    let run = lib.cli(&["ingest", empty.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    for text in [&run.stdout, &run.stderr] {
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text:?}"
        );
    }
    assert!(
        run.stdout
            .contains("bad\\u{1b}]0;owned\\u{7}\\u{1b}[31mname.txt: the file is empty"),
        "{}",
        run.stdout
    );
    let missing = lib.dir.path().join("no\u{1b}[2Jsuch.txt");
    let run = lib.cli(&["edit", &story, "--from-file", missing.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
    assert!(
        run.stderr.contains("no\\u{1b}[2Jsuch.txt"),
        "{}",
        run.stderr
    );
    // An argument clap refuses is shown escaped too.
    let run = lib.cli(&["list", "--limit", "\u{1b}[31m"]);
    assert_eq!(run.code, 2);
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
}

#[test]
fn an_edit_file_is_read_as_copy_is_and_refused_plainly_when_it_is_not_text() {
    let lib = TempLibrary::new();
    let story = ingest_one(&lib);
    let text = "Kräne stehen still\n\nHafenarbeiter sagten, 40 Kräne standen am Montag still — «wir warten».";
    let utf16 = |big_endian: bool, bom: bool| -> Vec<u8> {
        let mut bytes = Vec::new();
        if bom {
            bytes.extend(if big_endian {
                [0xfe, 0xff]
            } else {
                [0xff, 0xfe]
            });
        }
        for unit in text.encode_utf16() {
            bytes.extend(if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        bytes
    };
    let mut utf8_bom = vec![0xef, 0xbb, 0xbf];
    utf8_bom.extend_from_slice(text.as_bytes());
    for (name, bytes) in [
        ("utf8-bom.txt", utf8_bom),
        ("utf16le-bom.txt", utf16(false, true)),
        ("utf16be-bom.txt", utf16(true, true)),
        ("utf16le.txt", utf16(false, false)),
    ] {
        // Each saved over a different text, so none is "unchanged".
        let reset = lib.file("reset.txt", format!("Reset {name}\n\nReset.").as_bytes());
        lib.edit_from_file(&story, &reset).json();
        let file = lib.file(name, &bytes);
        let run = lib.edit_from_file(&story, &file);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        let shown = lib.cli(&["show", &story, "--json"]).json();
        assert_eq!(shown["headline"], "Kräne stehen still", "{name}");
        assert!(
            shown["body"].as_str().unwrap().ends_with("«wir warten»."),
            "{name}: {}",
            shown["body"]
        );
    }
    let before = revisions(&lib, &story);
    let folder = lib.dir.path().join("a-folder");
    std::fs::create_dir(&folder).unwrap();
    let png = lib.file("photo.txt", b"\x89PNG\r\n\x1a\nrest of an image");
    let huge = lib.dir.path().join("huge.txt");
    std::fs::File::create(&huge)
        .and_then(|f| f.set_len(32 * 1024 * 1024 + 1))
        .unwrap();
    for (file, why) in [
        (&folder, "it is a folder"),
        (&png, "this looks like a PNG image"),
        (&huge, "over the 33554432-byte limit"),
        (&std::path::PathBuf::from("/dev/zero"), "not a regular file"),
    ] {
        let run = lib.cli(&["edit", &story, "--from-file", file.to_str().unwrap()]);
        assert_eq!(run.code, 1, "{}", file.display());
        assert!(
            run.stderr.starts_with(&format!(
                "wiredesk: {}: cannot read the edit",
                file.display()
            )) && run.stderr.contains(why),
            "{}",
            run.stderr
        );
    }
    assert_eq!(revisions(&lib, &story), before, "nothing refused is saved");
}

#[test]
fn edits_and_what_comes_with_them_are_held_to_the_limits_of_wire_copy() {
    let lib = TempLibrary::new();
    let story = ingest_one(&lib);
    let id: i64 = story.parse().unwrap();
    let mut library = lib.open();
    let before = library.history(id).unwrap().len();
    let long_headline = "H".repeat(1_001);
    let err = library
        .save_edit(id, None, &long_headline, "Cranes stood idle.", None)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("the edit is refused, as wire copy would be: the headline is 1001 characters long, over the 1000-character limit"),
        "{err}"
    );
    let long_paragraph = "word ".repeat(20_001);
    let err = library
        .save_edit(id, None, "Cranes", &long_paragraph, None)
        .unwrap_err()
        .to_string();
    // Folded to single spaces and trimmed first: 20,001 words of 4 letters.
    assert!(
        err.contains("the longest paragraph is 100004 characters long"),
        "{err}"
    );
    let err = library
        .save_edit(id, None, "Cranes", "Idle.", Some(&"n".repeat(20_001)))
        .unwrap_err()
        .to_string();
    assert!(err.contains("the note is 20001 characters long"), "{err}");
    assert_eq!(library.history(id).unwrap().len(), before, "nothing saved");
    // A headline of exactly the limit is fine.
    library
        .save_edit(id, None, &"H".repeat(1_000), "Cranes stood idle.", None)
        .expect("a headline of 1,000 characters");

    // Settings, evidence and reasons have limits of their own.
    let run = lib.cli(&["settings", "claimreview.organisation", &"O".repeat(2_001)]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "claimreview.organisation is 2001 characters long, over the 2000-character limit"
        ),
        "{}",
        run.stderr
    );
    let claims = lib.cli(&["claims", &story, "--json"]).json();
    let claim = claims[0]["id"].to_string();
    for url in [
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "ftp://files.example/x",
    ] {
        let run = lib.cli(&["claim", "evidence", &claim, "--url", url]);
        assert_eq!(run.code, 1, "{url}");
        assert!(
            run.stderr
                .contains("an evidence URL must be a plain http(s) address"),
            "{}",
            run.stderr
        );
    }
    let history = lib.cli(&["claim", "history", &claim, "--json"]).json();
    assert!(
        !history.to_string().contains("javascript:"),
        "no refused evidence is kept: {history}"
    );
    lib.cli(&[
        "claim",
        "evidence",
        &claim,
        "--url",
        "https://port.example/notice",
        "--json",
    ])
    .json();
}

#[test]
fn a_hundred_thousand_paragraph_edit_is_saved_and_compared() {
    // Once quadratic in the claims' re-anchoring and the word diff (over
    // fifteen minutes); each comparison is now bounded (see
    // diff::DIFF_TIME_LIMIT). Its speed is measured in BENCHMARKS.md.
    let lib = TempLibrary::new();
    let story = ingest_one(&lib);
    let mut edit = String::from("Harbour cranes stand idle\n\n");
    // Names made of letters: no figures or dates for the detector, every
    // paragraph different.
    let name = |mut n: usize| {
        let mut name = String::from("K");
        for _ in 0..4 {
            name.push(char::from(b'a' + (n % 26) as u8));
            n /= 26;
        }
        name
    };
    for n in 0..100_000 {
        edit.push_str(&format!("The crane {} stood idle.\n\n", name(n)));
    }
    let file = lib.file("huge-edit.txt", edit.as_bytes());
    let saved = lib.edit_from_file(&story, &file).json();
    assert!(saved["revision_id"].as_i64().is_some());
    let shown = lib.cli(&["show", &story, "--json"]).json();
    let body = shown["body"].as_str().unwrap();
    assert_eq!(body.split("\n\n").count(), 100_000);
    assert!(body.ends_with(&format!("The crane {} stood idle.", name(99_999))));
    // The diff against the wire copy rebuilds both texts.
    let diff = lib.cli(&["diff", &story, "--json"]).json();
    let (mut old, mut new) = (String::new(), String::new());
    for op in diff["ops"].as_array().unwrap() {
        let text = op["text"].as_str().unwrap();
        match op["op"].as_str().unwrap() {
            "equal" => {
                old.push_str(text);
                new.push_str(text);
            }
            "delete" => old.push_str(text),
            _ => new.push_str(text),
        }
    }
    assert_eq!(new, body);
    assert!(old.contains("Dock workers said 40 cranes stood idle on Monday."));
    let doctor = lib.cli(&["doctor", "--quick", "--json"]).json();
    assert_eq!(doctor["ok"], true, "{doctor}");
}

#[test]
fn exports_and_backups_never_replace_a_pipe_a_device_or_a_folder() {
    let lib = TempLibrary::new();
    let story = ingest_one(&lib);
    let fifo = lib.dir.path().join("out.fifo");
    mkfifo(&fifo);
    let to_device = lib.dir.path().join("to-null");
    std::os::unix::fs::symlink("/dev/null", &to_device).unwrap();
    let folder = lib.dir.path().join("exports");
    std::fs::create_dir(&folder).unwrap();
    let db = lib.db();
    for (dest, what) in [
        (&fifo, "is a named pipe: Wiredesk writes only to files"),
        (&to_device, "is a device: Wiredesk writes only to files"),
        (&folder, "is a folder: give a file name"),
    ] {
        let dest = dest.to_str().unwrap();
        let (code, stderr) = cli_within(
            &[
                "--db",
                db.to_str().unwrap(),
                "export",
                &story,
                "--format",
                "txt",
                "--override",
                "test",
                "--out",
                dest,
                "--force",
            ],
            Duration::from_secs(30),
        );
        assert_eq!(code, Some(1), "export to {dest}: {stderr}");
        assert!(stderr.contains(what), "export to {dest}: {stderr}");
        let (code, stderr) = cli_within(
            &["--db", db.to_str().unwrap(), "backup", "--out", dest],
            Duration::from_secs(30),
        );
        assert_eq!(code, Some(1), "backup to {dest}: {stderr}");
        assert!(stderr.contains(what), "backup to {dest}: {stderr}");
    }
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
    assert!(std::fs::symlink_metadata(&to_device)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());
    assert!(folder.is_dir());
    // Into a missing folder: named, nothing written.
    let missing = lib.dir.path().join("gone/out.txt");
    let run = lib.cli(&[
        "export",
        &story,
        "--format",
        "txt",
        "--override",
        "test",
        "--out",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("gone does not exist"), "{}", run.stderr);
    // What was refused left no temporary file behind.
    let left: Vec<String> = std::fs::read_dir(lib.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("wiredesk-") || name.contains("partial"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_typed_merge_resolution_is_cleaned_and_capped() {
    use crate::cli::g2_item;
    let lib = TempLibrary::new();
    let paragraphs = |toll: &str| {
        vec![
            "Floods closed roads along the Ravel river on Monday.".to_owned(),
            format!("About {toll} homes were flooded, officials said."),
        ]
    };
    let story = lib.ingest(
        "v1.xml",
        &g2_item(
            1,
            "Floods close roads",
            &paragraphs("200")
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
        ),
    )[0]["story_id"]
        .to_string();
    let edit = lib.file(
        "edit.txt",
        b"Floods close roads\n\nFloods closed roads along the Ravel river on Monday.\n\nAbout 250 homes were flooded, officials said.\n",
    );
    lib.edit_from_file(&story, &edit).json();
    lib.ingest(
        "v2.xml",
        &g2_item(
            2,
            "Floods close roads",
            &paragraphs("350")
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
        ),
    );
    let merge = lib.cli(&["merge", &story, "--json"]).json();
    assert_eq!(merge["status"], "conflicts", "{merge}");
    let conflict = merge["conflicts"][0]["id"].to_string();

    let too_long = "9".repeat(100_001);
    let run = lib.cli(&["merge", &story, "--resolve", &conflict, &too_long]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("the resolution is 100001 characters long, over the 100000-character limit"),
        "{}",
        run.stderr
    );
    let done = lib
        .cli(&[
            "merge",
            &story,
            "--resolve",
            &conflict,
            "3\u{1b}[31m00\u{7}",
            "--json",
        ])
        .json();
    assert_eq!(done["status"], "merged", "{done}");
    let body = lib.cli(&["show", &story, "--json"]).json()["body"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(body.contains("About 300 homes were flooded"), "{body}");
}

#[test]
fn a_watch_interval_out_of_range_is_refused() {
    let lib = TempLibrary::new();
    let folder = lib.dir.path().join("drop");
    std::fs::create_dir(&folder).unwrap();
    for interval in ["0", "-1", "0.01", "3601", "1e300", "NaN", "inf", "soon"] {
        let interval = format!("--interval={interval}");
        let run = lib.cli(&["watch", folder.to_str().unwrap(), &interval]);
        assert_eq!(run.code, 2, "{interval}: {}", run.stderr);
        assert!(
            run.stderr.contains("give 0.05 to 3600")
                || run.stderr.contains("is not a number of seconds"),
            "{interval}: {}",
            run.stderr
        );
    }
}
