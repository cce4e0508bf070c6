//! A library that cannot be opened is refused with one sentence naming the
//! file and saying why, each case made here with a real broken file.

use std::path::{Path, PathBuf};

use wiredesk_core::{
    backup::{self, HealthOptions},
    open_failure::LibraryProblem,
    Error, Library,
};

use crate::support::TempLibrary;

/// The problem and the sentence `Library::open` gives for `path`.
fn refused(path: &Path) -> (LibraryProblem, String) {
    let err = Library::open(path).err().expect("open must fail");
    let message = err.to_string();
    let failure = err
        .open_failure()
        .unwrap_or_else(|| panic!("not an open failure: {message}"));
    (failure.problem, message)
}

/// One sentence that names the file and does not repeat SQLite's words.
fn assert_one_sentence(message: &str, file_name: &str) {
    assert!(message.contains(file_name), "{message}");
    assert!(!message.contains('\n'), "{message}");
    assert!(
        message.matches("file is not a database").count() <= 1,
        "{message}"
    );
    assert!(!message.contains("Error code"), "{message}");
}

/// A library with the sample stories, closed, its log folded in.
fn library_with_samples(lib: &TempLibrary, name: &str) -> PathBuf {
    let path = lib.dir.path().join(name);
    let mut library = Library::open(&path).unwrap();
    library.seed_samples_if_empty().unwrap();
    drop(library);
    path
}

fn bytes_of(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn random_bytes_are_not_a_wiredesk_library() {
    let lib = TempLibrary::new();
    let noise: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let path = lib.file("noise.sqlite", &noise);
    let (problem, message) = refused(&path);
    assert_eq!(problem, LibraryProblem::NotWiredesk);
    assert_one_sentence(&message, "noise.sqlite");
    assert_eq!(bytes_of(&path), noise, "the file is left as it was");
}

#[test]
fn a_database_of_another_program_is_refused_and_left_untouched() {
    let lib = TempLibrary::new();
    let path = lib.dir.path().join("recipes.db");
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');")
        .unwrap();
    let before = bytes_of(&path);
    let (problem, message) = refused(&path);
    assert_eq!(problem, LibraryProblem::NotWiredesk);
    assert_one_sentence(&message, "recipes.db");
    assert!(message.contains("another program"), "{message}");
    assert_eq!(bytes_of(&path), before, "not a byte changed");
    assert!(!lib.dir.path().join("recipes.db-wal").exists());
}

#[test]
fn a_library_cut_off_is_damaged() {
    let lib = TempLibrary::new();
    let path = library_with_samples(&lib, "cut.sqlite");
    cut_in_half(&path);
    let (problem, message) = refused(&path);
    assert_eq!(problem, LibraryProblem::Damaged);
    assert_one_sentence(&message, "cut.sqlite");
}

#[test]
fn a_library_with_garbled_pages_is_damaged() {
    let lib = TempLibrary::new();
    let path = library_with_samples(&lib, "garbled.sqlite");
    let mut bytes = bytes_of(&path);
    let page_size = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
    for (i, byte) in bytes.iter_mut().enumerate().skip(page_size) {
        *byte = (i % 251) as u8;
    }
    std::fs::write(&path, &bytes).unwrap();
    let (problem, message) = refused(&path);
    assert_eq!(problem, LibraryProblem::Damaged, "{message}");
    assert_one_sentence(&message, "garbled.sqlite");
    // SQLite's own words are kept apart, for a report.
    let err = Library::open(&path).err().unwrap();
    assert!(err.open_failure().unwrap().detail.is_some());
}

#[test]
fn a_library_from_a_newer_wiredesk_says_so() {
    let lib = TempLibrary::new();
    drop(lib.open());
    lib.sql()
        .pragma_update(None, "user_version", 9_999)
        .unwrap();
    let (problem, message) = refused(&lib.db());
    assert_eq!(problem, LibraryProblem::Newer);
    assert_one_sentence(&message, "library.sqlite");
    assert!(message.contains("upgrade Wiredesk"), "{message}");
    // The health check reads it as it is: the file itself, not its tables.
    let report =
        backup::check_file_as_is(&lib.db(), HealthOptions::default(), &mut |_| {}).unwrap();
    let names: Vec<&str> = report.checks.iter().map(|c| c.name).collect();
    assert_eq!(names, ["integrity", "foreign-keys"]);
    assert!(report.ok, "{report:?}");
    assert_eq!(report.schema_version, 9_999);
}

#[test]
fn a_library_another_program_holds_locked_says_so() {
    let lib = TempLibrary::new();
    drop(lib.open());
    let holder = lib.sql();
    holder
        .execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;")
        .unwrap();
    let (problem, message) = refused(&lib.db());
    assert_eq!(problem, LibraryProblem::Locked);
    assert_one_sentence(&message, "library.sqlite");
    // Nor can the health check read it; it says the same.
    let err = backup::check_file_as_is(&lib.db(), HealthOptions::default(), &mut |_| {})
        .err()
        .expect("a locked file cannot be checked");
    assert_eq!(
        err.open_failure().map(|f| f.problem),
        Some(LibraryProblem::Locked)
    );
    drop(holder);
    assert!(Library::open(&lib.db()).is_ok(), "opens once let go");
}

#[test]
fn a_library_whose_folder_is_gone_is_missing_and_nothing_is_made() {
    let lib = TempLibrary::new();
    let drive = lib.dir.path().join("usb-drive");
    let path = drive.join("desk/library.sqlite");
    let (problem, message) = refused(&path);
    assert_eq!(problem, LibraryProblem::Missing);
    assert_one_sentence(&message, "library.sqlite");
    assert!(message.contains("usb-drive/desk"), "{message}");
    assert!(!drive.exists(), "no folder made in the drive's place");
}

#[test]
fn a_folder_is_not_a_library() {
    let lib = TempLibrary::new();
    let folder = lib.dir.path().join("stories.sqlite");
    std::fs::create_dir(&folder).unwrap();
    let (problem, message) = refused(&folder);
    assert_eq!(problem, LibraryProblem::NotWiredesk);
    assert_one_sentence(&message, "stories.sqlite");
}

#[cfg(unix)]
#[test]
fn a_library_wiredesk_may_not_read_says_so() {
    use std::os::unix::fs::PermissionsExt as _;
    let lib = TempLibrary::new();
    drop(lib.open());
    let path = lib.db();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::File::open(&path).is_ok() {
        // Run as root, permissions do not keep anyone out: nothing to show.
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        return;
    }
    let (problem, message) = refused(&path);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(problem, LibraryProblem::Unreadable);
    assert_one_sentence(&message, "library.sqlite");
}

#[test]
fn the_cli_says_what_is_wrong_once_on_one_line() {
    let lib = TempLibrary::new();
    for (name, bytes) in [
        ("text.sqlite", b"just some notes\n".repeat(300)),
        ("x.sqlite", vec![b'x'; 4096]),
    ] {
        let path = lib.file(name, &bytes);
        let run = std::process::Command::new(crate::support::cli_binary())
            .arg("--db")
            .arg(&path)
            .arg("list")
            .env_remove("WIREDESK_DB")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(!run.status.success());
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert_one_sentence(stderr.trim_end(), name);
        assert!(stderr.contains("is not a Wiredesk library"), "{stderr}");
    }
}

#[test]
fn a_damaged_library_is_restored_from_a_backup_and_kept_aside() {
    let lib = TempLibrary::new();
    let path = library_with_samples(&lib, "desk.sqlite");
    let backup_file = lib.dir.path().join("backup.sqlite");
    let mut library = Library::open(&path).unwrap();
    library.backup(&backup_file, &mut |_, _| {}).unwrap();
    drop(library);
    let garbage = b"overwritten by something else entirely ".repeat(200);
    std::fs::write(&path, &garbage).unwrap();
    assert_eq!(refused(&path).0, LibraryProblem::NotWiredesk);

    let report = backup::restore(&path, &backup_file, &mut |_, _| {}).unwrap();
    assert!(report.stories > 0);
    let kept = report.previous_kept_at.expect("the replaced file is kept");
    assert_eq!(bytes_of(&kept), garbage, "kept as it was");
    assert_eq!(
        Library::open(&path).unwrap().story_count().unwrap(),
        report.stories
    );
}

#[test]
fn the_health_check_reads_a_cut_off_library_as_it_is() {
    let lib = TempLibrary::new();
    let path = library_with_samples(&lib, "cut.sqlite");
    cut_in_half(&path);
    let before = bytes_of(&path);
    let report = backup::check_file_as_is(&path, HealthOptions::default(), &mut |_| {}).unwrap();
    assert!(!report.ok);
    let integrity = &report.checks[0];
    assert_eq!(integrity.name, "integrity");
    assert!(integrity.found > 0, "{report:?}");
    assert_eq!(bytes_of(&path), before, "the check changes nothing");

    let noise = lib.file("noise.sqlite", &[7u8; 4096]);
    let err = backup::check_file_as_is(&noise, HealthOptions::default(), &mut |_| {})
        .err()
        .expect("nothing to check in a file that is not a database");
    assert!(matches!(err, Error::CannotOpen(_)), "{err}");
}

/// Cuts the file at `path` to half its length, as a copy broken off would.
fn cut_in_half(path: &Path) {
    let len = std::fs::metadata(path).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .unwrap()
        .set_len(len / 2)
        .unwrap();
}
