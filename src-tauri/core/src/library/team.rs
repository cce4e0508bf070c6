//! A whole library moved between backends: `wiredesk library copy FROM TO`
//! (a SQLite file onto a PostgreSQL server, a team library into a portable
//! file, or file to file), and the backup of a team library, which is such a
//! copy into a new SQLite file. The rows are copied by the store
//! (`store/copy.rs`); here the ends are opened and a new file is written
//! under a temporary name and renamed into place once complete.

use std::time::Instant;

use serde::Serialize;

use super::*;
pub use crate::store::{
    is_team_location, shown_location, CopiedValue, LibraryRows, TableCount, COPIED_TABLES,
};

/// What `wiredesk library copy` did.
#[derive(Debug, Clone, Serialize)]
pub struct CopyReport {
    /// The library copied, as it may be shown (no password).
    pub from: String,
    /// The library written, as it may be shown.
    pub to: String,
    pub schema_version: i64,
    pub stories: i64,
    /// Rows copied, all tables together.
    pub rows: u64,
    /// Rows copied per table, in the order written.
    pub tables: Vec<TableCount>,
    pub seconds: f64,
}

/// A location as it may be shown: a file's path, or a URL without its
/// password.
pub fn shown(location: &Path) -> String {
    match location.to_str() {
        Some(url) if is_team_location(location) => shown_location(url),
        _ => location.display().to_string(),
    }
}

/// Opens the library a copy reads: a team library, or a SQLite file that
/// must already exist (a copy never creates its source).
fn open_source(from: &Path) -> Result<Backend> {
    if let Some(url) = from.to_str().filter(|_| is_team_location(from)) {
        return Ok(Backend::Postgres(PgStore::open(url)?));
    }
    if !from.is_file() {
        return Err(Error::Backup {
            path: from.to_owned(),
            problem: "no such library file".to_owned(),
        });
    }
    Ok(Backend::Sqlite(Store::open(from)?))
}

/// A new SQLite file being written beside its destination.
struct NewFile {
    dest: PathBuf,
    partial: PathBuf,
    /// A regular file at `dest` may be replaced.
    replace: bool,
}

impl NewFile {
    /// Refused (naming `dest`) if something is already there, unless
    /// `replace` lets a regular file there be replaced (a save dialog has
    /// asked): it stays as it is until the new file is complete and renamed
    /// over it.
    fn start(dest: &Path, replace: bool, existing: &str) -> Result<NewFile> {
        let refuse = |problem: String| Error::Backup {
            path: dest.to_owned(),
            problem,
        };
        if let Some(problem) = crate::output_file::refusal(dest, replace, existing) {
            return Err(refuse(problem));
        }
        let partial = crate::output_file::temporary_beside(dest, "partial");
        crate::output_file::create_fresh(&partial)
            .map_err(|err| refuse(format!("cannot be written: {err}")))?;
        Ok(NewFile {
            dest: dest.to_owned(),
            partial,
            replace,
        })
    }

    /// Makes the file written one self-contained file, flushes it and
    /// renames it into place.
    fn finish(self, existing: &str) -> Result<u64> {
        let refuse = |problem: String| Error::Backup {
            path: self.dest.clone(),
            problem,
        };
        crate::store::make_self_contained(&self.partial)
            .map_err(|err| refuse(format!("cannot be written: {err}")))?;
        std::fs::File::open(&self.partial)
            .and_then(|file| file.sync_all())
            .map_err(|err| refuse(format!("cannot be flushed to disk: {err}")))?;
        // What appeared at the name meanwhile is checked again.
        if let Some(problem) = crate::output_file::refusal(&self.dest, self.replace, existing) {
            return Err(refuse(problem));
        }
        fs::rename(&self.partial, &self.dest)
            .map_err(|err| refuse(format!("cannot be written: {err}")))?;
        if let Some(folder) = self.dest.parent().filter(|p| !p.as_os_str().is_empty()) {
            if let Ok(folder) = fs::File::open(folder) {
                let _ = folder.sync_all();
            }
        }
        Ok(fs::metadata(&self.dest).map(|m| m.len()).unwrap_or(0))
    }
}

impl Drop for NewFile {
    /// Whatever was not renamed into place is removed, with what SQLite
    /// kept beside it.
    fn drop(&mut self) {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let mut name = self.partial.as_os_str().to_owned();
            name.push(suffix);
            let _ = fs::remove_file(PathBuf::from(name));
        }
    }
}

/// Copies `from` into the new SQLite file `dest` (written under a
/// temporary name, renamed into place once complete).
fn copy_into_new_file(
    from: &Backend,
    dest: &Path,
    replace: bool,
    existing: &str,
    progress: &mut dyn FnMut(&str, u64),
) -> Result<(Vec<TableCount>, u64)> {
    let file = NewFile::start(dest, replace, existing)?;
    let counts = {
        let mut to = Backend::Sqlite(Store::open(&file.partial)?);
        crate::store::copy_library(from, &mut to, progress).map_err(|err| match err {
            // Name the destination, not the temporary file.
            Error::Backup { problem, .. } => Error::Backup {
                path: dest.to_owned(),
                problem,
            },
            other => other,
        })?
    };
    let bytes = file.finish(existing)?;
    Ok((counts, bytes))
}

/// How many rows of `table` a copy wrote.
fn rows_of(counts: &[TableCount], table: &str) -> i64 {
    counts
        .iter()
        .find(|c| c.table == table)
        .map_or(0, |c| c.rows as i64)
}

impl Library {
    /// `wiredesk library copy FROM TO`: copies the whole library at `from`
    /// (a SQLite file or a team library's URL) into `to`, losslessly: every
    /// row of every table, ids kept, feed copies byte for byte, in one
    /// transaction; then `to`'s search indexes are rebuilt. `to` is a new
    /// SQLite file, an empty one, or a team library's database (created
    /// there if it has none yet, as `library init` does); a library that
    /// holds anything is refused, as is one at another schema version.
    /// `progress` hears each table's name and row count.
    pub fn copy_library(
        from: &Path,
        to: &Path,
        progress: &mut dyn FnMut(&str, u64),
    ) -> Result<CopyReport> {
        let started = Instant::now();
        let (from_shown, to_shown) = (shown(from), shown(to));
        if from_shown == to_shown
            || fs::canonicalize(from)
                .ok()
                .is_some_and(|a| fs::canonicalize(to).ok().is_some_and(|b| a == b))
        {
            return Err(Error::Backup {
                path: PathBuf::from(&to_shown),
                problem: "is the library copied: give another library to copy into".to_owned(),
            });
        }
        let source = open_source(from)?;
        let counts = if let Some(url) = to.to_str().filter(|_| is_team_location(to)) {
            let mut target = Backend::Postgres(PgStore::init(url)?);
            crate::store::copy_library(&source, &mut target, progress)?
        } else if to.exists() {
            let mut target = Backend::Sqlite(Store::open(to)?);
            crate::store::copy_library(&source, &mut target, progress)?
        } else {
            copy_into_new_file(
                &source,
                to,
                false,
                "appeared while the copy was written: nothing replaced",
                progress,
            )?
            .0
        };
        Ok(CopyReport {
            from: from_shown,
            to: to_shown,
            schema_version: source.schema_version()?,
            stories: rows_of(&counts, "stories"),
            rows: counts.iter().map(|c| c.rows).sum(),
            tables: counts,
            seconds: started.elapsed().as_secs_f64(),
        })
    }

    /// `wiredesk backup --out FILE`: a SQLite library's file copied with
    /// SQLite's online backup ([`Library::backup`]); a team library's rows
    /// copied into the new SQLite file `dest` ([`Library::copy_library`]'s
    /// copy), which opens anywhere as a library of its own. Either way the
    /// backup is recorded in the library's audit log. A file already at
    /// `dest` is refused unless `replace` (the app's save dialog has asked);
    /// it is then replaced only once the backup is complete, by a rename.
    pub fn backup_to_file(
        &mut self,
        dest: &Path,
        replace: bool,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<crate::backup::BackupReport> {
        if !self.is_team() {
            let report = crate::backup::backup_library(self.path(), dest, replace, progress)?;
            self.record_backup(&report)?;
            return Ok(report);
        }
        let started = Instant::now();
        let total = self.store.row_counts().ok().map_or(0, |counts| {
            counts
                .iter()
                .filter(|(table, _)| COPIED_TABLES.iter().any(|t| t.name == *table))
                .map(|(_, rows)| (*rows).max(0) as u64)
                .sum()
        });
        let mut done = 0;
        let (counts, bytes) = copy_into_new_file(
            &self.store,
            dest,
            replace,
            "already exists: give a new file name for the backup",
            &mut |_, rows| {
                done += rows;
                progress(done, total.max(done));
            },
        )?;
        let report = crate::backup::BackupReport {
            file: dest.to_owned(),
            bytes,
            stories: rows_of(&counts, "stories"),
            revisions: rows_of(&counts, "revisions"),
            seconds: started.elapsed().as_secs_f64(),
        };
        self.record_backup(&report)?;
        Ok(report)
    }

    /// Every row of every table the copy moves, in order: what two libraries
    /// must hold alike after `library copy` (for tests and checks).
    pub fn copied_rows(&self) -> Result<LibraryRows> {
        crate::store::all_rows(&self.store)
    }
}

/// An empty team library on the same server as another, for as long as it
/// lives: a database created for it and dropped with it. `bench measure`
/// ingests into one beside a team library, as into an empty file beside a
/// SQLite one, so the two rates it compares come from the same backend.
pub struct ScratchTeamLibrary {
    /// The store the database was created through, to drop it again.
    beside: PgStore,
    name: String,
    address: String,
}

impl ScratchTeamLibrary {
    /// Creates and initialises an empty team library beside `library` (a
    /// team library; the server must let its user create databases).
    pub fn beside(library: &Library) -> Result<ScratchTeamLibrary> {
        let Backend::Postgres(store) = &library.store else {
            return Err(Error::InvalidInput(
                "a scratch team library is made beside a team library".into(),
            ));
        };
        let beside = PgStore::open(store.reopen_address())?;
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let name = format!(
            "wiredesk_scratch_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
        );
        let address = beside.create_database_beside(&name)?;
        let scratch = ScratchTeamLibrary {
            beside,
            name,
            address,
        };
        drop(PgStore::init(&scratch.address)?);
        Ok(scratch)
    }

    /// Opens the scratch library (as often as wanted while it lives).
    pub fn open(&self) -> Result<Library> {
        Library::open(Path::new(&self.address))
    }
}

impl Drop for ScratchTeamLibrary {
    fn drop(&mut self) {
        // Nothing else to do with a failure here: the database is named as
        // a scratch one and holds only generated copy.
        let _ = self.beside.drop_database(&self.name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scratch_team_library_is_empty_beside_its_library_and_gone_when_dropped() {
        let Some(server) = crate::team_test::server() else {
            return;
        };
        let mut library = crate::team_test::fresh_library(&server);
        library.seed_samples_if_empty().unwrap();
        assert!(library.story_count().unwrap() > 0);
        let scratch = ScratchTeamLibrary::beside(&library).unwrap();
        let name = scratch.name.clone();
        {
            let empty = scratch.open().unwrap();
            assert!(empty.is_team());
            assert_eq!(empty.story_count().unwrap(), 0);
        }
        drop(scratch);
        let mut admin = postgres::Client::connect(&server, postgres::NoTls).unwrap();
        let left: i64 = admin
            .query_one(
                "SELECT count(*) FROM pg_database WHERE datname = $1",
                &[&name],
            )
            .unwrap()
            .get(0);
        assert_eq!(left, 0, "the scratch database is dropped");
        // Beside a SQLite file there is none to make.
        let file = Library::open_in_memory().unwrap();
        assert!(ScratchTeamLibrary::beside(&file).is_err());
    }
}
