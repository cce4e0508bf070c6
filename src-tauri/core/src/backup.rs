//! Keeping a library safe: a whole copy taken while it is in use, putting a
//! copy back, and the health report behind `wiredesk doctor`.
//!
//! A backup is written beside its destination under a temporary name and
//! renamed into place once complete and checked, so a backup interrupted
//! half way never looks like a backup. A restore first keeps the library it
//! replaces, so nothing is lost by restoring the wrong file.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;

use crate::error::Error;
use crate::store;
pub use crate::store::{describe_library_file, HealthCheck, LibraryFileInfo};
use crate::Result;

/// What `wiredesk doctor` found, and what it mended.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct HealthReport {
    pub library: PathBuf,
    pub schema_version: i64,
    pub stories: i64,
    pub checks: Vec<HealthCheck>,
    /// Repairs made (only with `repair`, only of what a check found wrong).
    pub repaired: Vec<String>,
    pub ok: bool,
}

/// The health check of a library file that cannot be opened as a library
/// (damaged, or from a newer Wiredesk), read as it is and changed in
/// nothing: SQLite's check of the file first; when it passes, the
/// references between tables, and the other checks of
/// [`crate::Library::doctor`] but the search indexes' when the file's
/// schema is the one this Wiredesk writes. A check that cannot run
/// is reported failed, with why. Refused, saying why, when the file cannot
/// be read at all (see [`crate::open_failure`]).
pub fn check_file_as_is(
    path: &Path,
    options: HealthOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<HealthReport> {
    let store = store::Store::open_as_is(path)?;
    let schema_version = store.schema_version().unwrap_or(0);
    let current = schema_version == store::latest_version();
    let mut run = |name: &'static str, check: &dyn Fn() -> Result<HealthCheck>| {
        progress(name);
        check().unwrap_or_else(|err| HealthCheck::could_not_run(name, &err))
    };
    let mut checks = vec![run("integrity", &|| store.check_integrity(options.quick))];
    // The other checks read the tables: on a damaged file they would only
    // repeat SQLite's findings, and on a newer schema they may not apply.
    // (The search indexes' check needs to write: it is doctor's alone.)
    if checks.iter().all(HealthCheck::ok) {
        checks.push(run("foreign-keys", &|| store.check_foreign_keys()));
        if current {
            checks.push(run("feed-copies", &|| store.check_feed_copies()));
            checks.push(run("stories", &|| store.check_stories()));
            checks.push(run("claims", &|| store.check_claims()));
        }
    }
    let ok = checks.iter().all(HealthCheck::ok);
    Ok(HealthReport {
        library: path.to_owned(),
        schema_version,
        stories: store.story_count().unwrap_or(0),
        checks,
        repaired: Vec::new(),
        ok,
    })
}

/// How thorough `doctor` is.
#[derive(Debug, Clone, Copy, Default)]
pub struct HealthOptions {
    /// SQLite's quick check instead of the full one (skips comparing each
    /// index with its table; minutes faster on a large library).
    pub quick: bool,
    /// Rebuild the search indexes when their check finds them wrong.
    pub repair: bool,
}

/// A finished backup.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct BackupReport {
    pub file: PathBuf,
    pub bytes: u64,
    pub stories: i64,
    pub revisions: i64,
    pub seconds: f64,
}

/// A finished restore.
#[derive(Debug, Clone, Serialize)]
pub struct RestoreReport {
    pub library: PathBuf,
    pub from: PathBuf,
    pub stories: i64,
    /// Where the library that was replaced was kept, if there was one.
    pub previous_kept_at: Option<PathBuf>,
}

/// A short fingerprint of a revision's text (FNV-1a, 64 bits, over headline
/// and body): enough to tell that a revision reported saved is unchanged
/// (the crash driver prints it; the crash tests check it).
pub fn text_fingerprint(headline: &str, body: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in headline.bytes().chain([0]).chain(body.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// The name offered for a backup taken today: `wiredesk-backup-YYYY-MM-DD.sqlite`.
pub fn suggested_file_name() -> String {
    let now = crate::time_stamp::now();
    format!(
        "wiredesk-backup-{}.sqlite",
        now.get(..10).unwrap_or("today")
    )
}

/// The files SQLite may keep beside a database: its rollback journal, its
/// write-ahead log and the log's index.
fn beside(path: &Path) -> [PathBuf; 3] {
    ["-journal", "-wal", "-shm"].map(|suffix| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    })
}

/// Removes a database file and whatever SQLite kept beside it.
fn remove_with_beside(path: &Path) {
    let _ = fs::remove_file(path);
    for file in beside(path) {
        let _ = fs::remove_file(file);
    }
}

/// Flushes a folder's entries (a rename into it) to disk.
fn sync_folder(file: &Path) {
    let folder = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Ok(folder) = fs::File::open(folder) {
        let _ = folder.sync_all();
    }
}

/// Copies the library at `library` into `dest` while it stays in use, with
/// SQLite's online backup from one snapshot and a connection of its own (no
/// open [`crate::Library`] is held meanwhile). The copy is written under a
/// temporary name, made one self-contained file, flushed, checked and only
/// then renamed to `dest`; whatever goes wrong, no partial file is left.
/// An existing `dest` is refused unless `replace` (a save dialog has
/// asked). `progress` hears (pages copied, pages in all).
pub fn backup_library(
    library: &Path,
    dest: &Path,
    replace: bool,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<BackupReport> {
    let started = Instant::now();
    let refuse = |problem: String| Error::Backup {
        path: dest.to_owned(),
        problem,
    };
    if same_file(library, dest) {
        return Err(refuse("is the library itself".into()));
    }
    if let Some(problem) = crate::output_file::refusal(
        dest,
        replace,
        "already exists: give a new file name for the backup",
    ) {
        return Err(refuse(problem));
    }
    let partial = crate::output_file::temporary_beside(dest, "partial");
    remove_with_beside(&partial);
    // SQLite opens the copy by name: make it a fresh file first, so a link
    // planted at that name is never written through.
    crate::output_file::create_fresh(&partial)
        .map_err(|err| refuse(format!("cannot be written: {err}")))?;
    let written = store::backup(library, &partial, progress)
        .and_then(|_| store::make_self_contained(&partial))
        .map_err(|err| refuse(format!("cannot be written: {err}")))
        .and_then(|()| {
            let info = describe_library_file(&partial)
                .map_err(|err| refuse(format!("the copy does not check out: {err}")))?;
            fs::File::open(&partial)
                .and_then(|file| file.sync_all())
                .map_err(|err| refuse(format!("cannot be flushed to disk: {err}")))?;
            Ok(info)
        });
    let info: LibraryFileInfo = match written {
        Ok(info) => info,
        Err(err) => {
            remove_with_beside(&partial);
            return Err(err);
        }
    };
    // A log or journal left beside an older file of this name must not be
    // read into the new one.
    for file in beside(dest) {
        let _ = fs::remove_file(file);
    }
    if let Err(err) = fs::rename(&partial, dest) {
        remove_with_beside(&partial);
        return Err(refuse(format!("cannot be written: {err}")));
    }
    sync_folder(dest);
    let bytes = fs::metadata(dest).map(|m| m.len()).unwrap_or(0);
    Ok(BackupReport {
        file: dest.to_owned(),
        bytes,
        stories: info.stories,
        revisions: info.revisions,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Replaces the library at `library` with the backup at `from`. The backup
/// is checked first (a sound Wiredesk library this build can open). The
/// library it replaces is copied page for page, unchecked (it may be the
/// damaged one), to `<library>.before-restore-<time>`, under the library's
/// write lock, so that nothing another process saves is lost between that
/// copy and the restore: the restore takes the lock straight after.
/// Close Wiredesk first all the same: a window left open keeps showing
/// what it had loaded.
pub fn restore(
    library: &Path,
    from: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<RestoreReport> {
    describe_library_file(from)?;
    if same_file(library, from) {
        return Err(Error::Backup {
            path: from.to_owned(),
            problem: "is the library itself".to_owned(),
        });
    }
    let previous_kept_at = if library.exists() {
        let stamp = crate::time_stamp::now().replace([':', '.'], "-");
        let mut name = library.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".before-restore-{stamp}"));
        let kept = library.with_file_name(name);
        let not_restored = |err: Error| Error::Backup {
            path: library.to_owned(),
            problem: format!("not restored: {err}"),
        };
        match store::keep_aside_then_restore(library, &kept, from, progress) {
            Ok(()) => {}
            // A file SQLite cannot read at all (damaged, or not a database)
            // has no pages to copy and no other process writing to it: it
            // is set aside as it is, by name, and the backup copied in.
            Err(err) if unreadable_as_database(&err) => {
                set_aside(library, &kept).map_err(|cause| {
                    not_restored(Error::Write {
                        path: kept.clone(),
                        source: cause,
                    })
                })?;
                store::backup(from, library, progress).map_err(not_restored)?;
            }
            Err(err) => return Err(not_restored(err)),
        }
        sync_folder(&kept);
        Some(kept)
    } else {
        store::backup(from, library, progress)?;
        None
    };
    // Opening brings an older backup's schema up to date.
    let restored = crate::Library::open(library)?;
    Ok(RestoreReport {
        library: library.to_owned(),
        from: from.to_owned(),
        stories: restored.story_count()?,
        previous_kept_at,
    })
}

/// Whether SQLite could not read the file as a database at all.
fn unreadable_as_database(err: &Error) -> bool {
    use rusqlite::ErrorCode;
    let cause = match err {
        Error::Open { cause, .. } | Error::Database(cause) => cause,
        _ => return false,
    };
    matches!(
        cause.sqlite_error_code(),
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
    )
}

/// Renames the file at `library`, and the write-ahead log beside it, to
/// `kept`; SQLite's shared-memory index of the log is only removed.
fn set_aside(library: &Path, kept: &Path) -> std::io::Result<()> {
    fs::rename(library, kept)?;
    let [_, wal, shm] = beside(library);
    let [_, kept_wal, _] = beside(kept);
    if wal.exists() {
        fs::rename(wal, kept_wal)?;
    }
    let _ = fs::remove_file(shm);
    Ok(())
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
