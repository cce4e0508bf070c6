//! Why a library file cannot be opened, in plain words.
//!
//! Opening a library can fail in a handful of ways a person can do
//! something about: the file is not a Wiredesk library, it is damaged, a
//! newer Wiredesk wrote it, another program holds it, its folder (or the
//! drive it is on) is not there, or Wiredesk may not read or write it.
//! [`OpenFailure`] names the file and says which, in one sentence; the app
//! shows it in its "library could not be opened" window and the CLI prints
//! it on one line. SQLite's own words, when they add anything, are kept
//! apart in [`OpenFailure::detail`] and said at most once.

use std::fmt;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;
use serde::Serialize;

use crate::error::Error;

/// What is wrong with a library file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub enum LibraryProblem {
    /// Not a database at all, a database of another program, or a folder.
    NotWiredesk,
    /// A Wiredesk library SQLite cannot read as it is (cut off, garbled).
    Damaged,
    /// Written by a newer Wiredesk than this one.
    Newer,
    /// Another program holds the file locked.
    Locked,
    /// The file or its folder is read-only.
    ReadOnly,
    /// The folder it should be in is not there (a drive not connected).
    Missing,
    /// Wiredesk may not read it (permissions), or the drive fails to.
    Unreadable,
    /// Anything else; the sentence says what.
    Other,
}

impl LibraryProblem {
    /// Short and stable, for scripts and the app: `not-wiredesk`, `damaged`, …
    pub fn as_str(self) -> &'static str {
        match self {
            LibraryProblem::NotWiredesk => "not-wiredesk",
            LibraryProblem::Damaged => "damaged",
            LibraryProblem::Newer => "newer",
            LibraryProblem::Locked => "locked",
            LibraryProblem::ReadOnly => "read-only",
            LibraryProblem::Missing => "missing",
            LibraryProblem::Unreadable => "unreadable",
            LibraryProblem::Other => "other",
        }
    }
}

/// A library file that cannot be opened: which file, what is wrong, and
/// one sentence saying so (its `Display`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct OpenFailure {
    pub path: PathBuf,
    pub problem: LibraryProblem,
    /// The sentence: names the file and the problem, nothing repeated.
    pub message: String,
    /// SQLite's or the system's own words, when the sentence does not carry
    /// them already (for a person reporting the problem).
    pub detail: Option<String>,
}

impl fmt::Display for OpenFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for OpenFailure {}

/// The first bytes of every SQLite database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";
/// The length of an SQLite file's header.
const HEADER_LEN: usize = 100;

impl OpenFailure {
    fn new(path: &Path, problem: LibraryProblem, message: String) -> OpenFailure {
        OpenFailure {
            path: path.to_owned(),
            problem,
            message,
            detail: None,
        }
    }

    fn with_detail(mut self, detail: impl Into<String>) -> OpenFailure {
        let detail = detail.into();
        if !detail.is_empty() && !self.message.contains(&detail) {
            self.detail = Some(detail);
        }
        self
    }

    pub fn not_a_database(path: &Path) -> OpenFailure {
        OpenFailure::new(
            path,
            LibraryProblem::NotWiredesk,
            format!(
                "{} is not a Wiredesk library: the file is not a database of any kind",
                path.display()
            ),
        )
    }

    pub fn other_program(path: &Path) -> OpenFailure {
        OpenFailure::new(
            path,
            LibraryProblem::NotWiredesk,
            format!(
                "{} is not a Wiredesk library: it is a database of another program, which Wiredesk leaves untouched",
                path.display()
            ),
        )
    }

    fn folder(path: &Path) -> OpenFailure {
        OpenFailure::new(
            path,
            LibraryProblem::NotWiredesk,
            format!(
                "{} is a folder, not a Wiredesk library file",
                path.display()
            ),
        )
    }

    fn not_a_file(path: &Path, meta: &std::fs::Metadata) -> OpenFailure {
        OpenFailure::new(
            path,
            LibraryProblem::NotWiredesk,
            format!(
                "{} is {}, not a Wiredesk library file",
                path.display(),
                special_file_kind(meta)
            ),
        )
    }

    pub fn damaged(path: &Path, detail: &str) -> OpenFailure {
        OpenFailure::new(
            path,
            LibraryProblem::Damaged,
            format!(
                "The Wiredesk library {} is damaged: SQLite cannot read it as it is",
                path.display()
            ),
        )
        .with_detail(detail)
    }

    fn cut_off(path: &Path) -> OpenFailure {
        OpenFailure::new(
            path,
            LibraryProblem::Damaged,
            format!(
                "The Wiredesk library {} is damaged: the file is shorter than it says it is, as if a copy of it was cut off",
                path.display()
            ),
        )
    }

    pub fn newer(path: &Path, found: i64, supported: i64) -> OpenFailure {
        OpenFailure::new(
            path,
            LibraryProblem::Newer,
            format!(
                "The library {} was written by a newer Wiredesk (schema version {found}; this Wiredesk knows up to {supported}): upgrade Wiredesk to open it",
                path.display()
            ),
        )
    }

    fn locked(path: &Path) -> OpenFailure {
        OpenFailure::new(
            path,
            LibraryProblem::Locked,
            format!(
                "The library {} is locked by another program: close the other Wiredesk window or command using it, then try again",
                path.display()
            ),
        )
    }

    fn read_only(path: &Path) -> OpenFailure {
        OpenFailure::new(
            path,
            LibraryProblem::ReadOnly,
            format!(
                "The library {} cannot be written: the file or its folder is read-only",
                path.display()
            ),
        )
    }

    fn missing_folder(path: &Path, folder: &Path) -> OpenFailure {
        OpenFailure::new(
            path,
            LibraryProblem::Missing,
            format!(
                "The library {} cannot be found: its folder {} does not exist (is the drive it is on connected?)",
                path.display(),
                folder.display()
            ),
        )
    }

    fn unreadable(path: &Path, why: &std::io::Error) -> OpenFailure {
        let message = if why.kind() == std::io::ErrorKind::PermissionDenied {
            format!(
                "Wiredesk is not allowed to read the library {}: check the file's permissions",
                path.display()
            )
        } else {
            format!(
                "The library {} cannot be read: the system reports \"{why}\"",
                path.display()
            )
        };
        OpenFailure::new(path, LibraryProblem::Unreadable, message)
    }

    fn other(path: &Path, what: &str) -> OpenFailure {
        OpenFailure::new(
            path,
            LibraryProblem::Other,
            format!("The library {} cannot be opened: {what}", path.display()),
        )
    }
}

/// What a path that is neither a file nor a folder is, in plain words.
pub fn special_file_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return "a named pipe";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    let _ = meta;
    "something other than a file"
}

/// Looks at `path` before SQLite does: its folder, whether it is a file
/// Wiredesk may read, and the SQLite header. `Ok` when there is nothing to
/// say (including no file yet: a new library is made there).
pub fn check_file(path: &Path) -> Result<(), OpenFailure> {
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        match std::fs::metadata(folder) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => {
                return Err(OpenFailure::other(
                    path,
                    &format!("{} is a file, not a folder", folder.display()),
                ))
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Err(OpenFailure::missing_folder(path, folder))
            }
            Err(err) => return Err(OpenFailure::unreadable(path, &err)),
        }
    }
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(err) => return Err(OpenFailure::unreadable(path, &err)),
    };
    if meta.is_dir() {
        return Err(OpenFailure::folder(path));
    }
    if !meta.is_file() {
        // A named pipe would hang the open; a device is nobody's library.
        return Err(OpenFailure::not_a_file(path, &meta));
    }
    let mut header = Vec::with_capacity(HEADER_LEN);
    std::fs::File::open(path)
        .and_then(|file| file.take(HEADER_LEN as u64).read_to_end(&mut header))
        .map_err(|err| OpenFailure::unreadable(path, &err))?;
    if header.is_empty() {
        return Ok(()); // an empty file becomes a new library
    }
    if !header.starts_with(SQLITE_MAGIC) {
        return Err(OpenFailure::not_a_database(path));
    }
    if header.len() < HEADER_LEN {
        return Err(OpenFailure::cut_off(path));
    }
    if shorter_than_header(path, &header, meta.len()) {
        return Err(OpenFailure::cut_off(path));
    }
    Ok(())
}

/// Whether the file holds fewer pages than its header says it has. The
/// count in the header is trusted only when SQLite marks it valid, and only
/// with no write-ahead log beside the file (whose pages may not be in the
/// file yet) and no rollback journal (a commit cut short, which SQLite
/// rolls back on opening).
fn shorter_than_header(path: &Path, header: &[u8], file_len: u64) -> bool {
    let be32 = |at: usize| {
        header
            .get(at..at + 4)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map_or(0, u32::from_be_bytes)
    };
    let page_size = match header.get(16..18) {
        Some([0, 1]) => 65_536,
        Some(&[hi, lo]) => u64::from(u16::from_be_bytes([hi, lo])),
        _ => return false,
    };
    let pages = u64::from(be32(28));
    let count_valid = pages > 0 && be32(24) == be32(92);
    let in_use = |suffix: &str| {
        let mut beside = path.as_os_str().to_owned();
        beside.push(suffix);
        std::fs::metadata(PathBuf::from(beside)).is_ok_and(|m| m.len() > 0)
    };
    count_valid
        && page_size >= 512
        && file_len < pages * page_size
        && !in_use("-wal")
        && !in_use("-journal")
}

/// The reason behind an error met while opening the library at `path`, as
/// [`Error::CannotOpen`]; errors that are not about opening pass through.
pub fn classify(path: &Path, err: Error) -> Error {
    let failure = match &err {
        Error::CannotOpen(_) => return err,
        Error::NewerLibrary { found, supported } => OpenFailure::newer(path, *found, *supported),
        Error::Open { cause, .. }
        | Error::Database(cause)
        | Error::MigrationFailed { cause, .. } => from_sqlite(path, cause),
        _ => return err,
    };
    Error::CannotOpen(failure)
}

/// Why the library at `path` did not open, for any error `Library::open`
/// gave: its [`OpenFailure`], or one saying the error as it is.
pub fn explain(path: &Path, err: &Error) -> OpenFailure {
    match err.open_failure() {
        Some(failure) => failure.clone(),
        None => OpenFailure::other(path, &err.to_string()),
    }
}

/// The reason SQLite's error gives, for the file at `path`.
pub fn from_sqlite(path: &Path, err: &rusqlite::Error) -> OpenFailure {
    let said = sqlite_words(err);
    match err.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => match check_file(path) {
            Err(failure) => failure,
            // An SQLite header, then something SQLite cannot read.
            Ok(()) => OpenFailure::damaged(path, &said),
        },
        Some(ErrorCode::DatabaseCorrupt) => OpenFailure::damaged(path, &said),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => OpenFailure::locked(path),
        Some(ErrorCode::ReadOnly) => OpenFailure::read_only(path).with_detail(said),
        Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied | ErrorCode::SystemIoFailure) => {
            match check_file(path) {
                Err(failure) => failure,
                Ok(()) => OpenFailure::unreadable(path, &std::io::Error::other(said)),
            }
        }
        _ => OpenFailure::other(path, &said),
    }
}

/// SQLite's message, once (rusqlite's error repeats it as its cause).
fn sqlite_words(err: &rusqlite::Error) -> String {
    match err {
        rusqlite::Error::SqliteFailure(_, Some(message)) if !message.is_empty() => message.clone(),
        rusqlite::Error::SqliteFailure(code, _) => code.to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_folder_and_a_new_file_are_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(check_file(&dir.path().join("new.sqlite")), Ok(()));
        let failure = check_file(&dir.path().join("gone/drive/library.sqlite")).unwrap_err();
        assert_eq!(failure.problem, LibraryProblem::Missing);
        assert!(failure.message.contains("gone/drive"), "{failure}");
    }

    #[test]
    fn a_header_cut_short_is_damage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("short.sqlite");
        std::fs::write(&path, b"SQLite format 3\0\x10\x00").unwrap();
        assert_eq!(
            check_file(&path).unwrap_err().problem,
            LibraryProblem::Damaged
        );
        std::fs::write(&path, b"").unwrap();
        assert_eq!(check_file(&path), Ok(()), "an empty file is a new library");
    }
}
