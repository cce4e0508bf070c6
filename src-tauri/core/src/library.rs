//! [`Library`]: the one facade the desktop shell and the CLI use. It runs the
//! pipeline (ingest → store) and answers the inbox, story and search queries.

use std::{
    fs,
    path::{Path, PathBuf},
};

use sha2::{Digest, Sha256};

use crate::{
    error::{Error, IngestError},
    ingest,
    model::{IngestReport, IngestStatus, SearchHit, StoryDetail, StorySummary},
    samples, similarity,
    store::{ReceivedCopy, Store, Stored},
    Result,
};

/// Environment variable naming the library file; `--db` overrides it.
pub const LIBRARY_PATH_ENV: &str = "WIREDESK_DB";
/// Environment variable naming the person at the keyboard, for the audit log.
pub const USER_ENV: &str = "WIREDESK_USER";

/// The platform's default library file, e.g. `~/.local/share/wiredesk/library.sqlite`.
pub fn default_library_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "wiredesk")
        .map(|dirs| dirs.data_dir().join("library.sqlite"))
}

/// Where the library is: `--db` first, then `$WIREDESK_DB`, then the default.
pub fn resolve_library_path(flag: Option<&Path>) -> Result<PathBuf> {
    if let Some(path) = flag {
        return Ok(path.to_owned());
    }
    match std::env::var_os(LIBRARY_PATH_ENV) {
        Some(path) if !path.is_empty() => Ok(PathBuf::from(path)),
        _ => default_library_path().ok_or(Error::NoLibraryLocation),
    }
}

fn current_user() -> String {
    [USER_ENV, "USER", "USERNAME"]
        .iter()
        .filter_map(|var| std::env::var(var).ok())
        .find(|name| !name.trim().is_empty())
        .unwrap_or_else(|| "editor".to_owned())
}

pub struct Library {
    store: Store,
    actor: String,
}

impl Library {
    /// Opens the library at `path`, creating the file and its folder if needed.
    pub fn open(path: &Path) -> Result<Library> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(|source| Error::CreateDir {
                path: parent.to_owned(),
                source,
            })?;
        }
        Ok(Library {
            store: Store::open(path)?,
            actor: current_user(),
        })
    }

    /// A library in memory, gone when dropped.
    pub fn open_in_memory() -> Result<Library> {
        Ok(Library {
            store: Store::open_in_memory()?,
            actor: current_user(),
        })
    }

    pub fn path(&self) -> &Path {
        self.store.path()
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Who the audit log records as acting.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    pub fn set_actor(&mut self, actor: impl Into<String>) {
        self.actor = actor.into();
    }

    /// Ingests files and folders (recursively, in name order, skipping hidden
    /// entries). One report per file; a bad file never stops the batch.
    ///
    /// The batch is flushed to disk once, at the end, before the reports are
    /// returned: a crash midway loses files not yet reported, never a file
    /// reported as stored, and never leaves a file half stored.
    pub fn ingest_paths<P: AsRef<Path>>(&mut self, paths: &[P]) -> Vec<IngestReport> {
        let batch = self.store.begin_batch().is_ok();
        let mut reports = self.ingest_each(paths);
        if batch {
            let count = |status| reports.iter().filter(|r| r.status == status).count();
            let summary = serde_json::json!({
                "files": reports.iter().map(|r| &r.file).collect::<std::collections::BTreeSet<_>>().len(),
                "new": count(IngestStatus::New),
                "update": count(IngestStatus::Update),
                "duplicate": count(IngestStatus::Duplicate),
                "error": count(IngestStatus::Error),
            });
            if let Err(err) = self.store.end_batch(&self.actor, &summary) {
                // Not durable: say so on every story of the batch.
                for report in reports.iter_mut().filter(|r| r.error.is_none()) {
                    report.status = IngestStatus::Error;
                    report.error = Some(format!(
                        "{}: stored, but the library could not be flushed to disk: {err}",
                        report.file
                    ));
                }
            }
        }
        reports
    }

    fn ingest_each<P: AsRef<Path>>(&mut self, paths: &[P]) -> Vec<IngestReport> {
        let mut reports = Vec::new();
        for path in paths {
            let path = path.as_ref();
            if path.is_dir() {
                match files_under(path) {
                    Ok(files) => {
                        for file in files {
                            reports.extend(self.ingest_file(&file));
                        }
                    }
                    Err(source) => reports.push(error_report(
                        path,
                        Error::Ingest {
                            path: path.to_owned(),
                            source: IngestError::Read(source),
                        },
                    )),
                }
            } else {
                reports.extend(self.ingest_file(path));
            }
        }
        reports
    }

    /// Ingests one file: one report per story it carries (one for most copy,
    /// one per item for feeds and news messages), or one error report that
    /// names the file and the problem, in which case nothing of it is stored.
    pub fn ingest_file(&mut self, path: &Path) -> Vec<IngestReport> {
        let label = path.display().to_string();
        let result = ingest::read_file(path)
            .map_err(|source| Error::Ingest {
                path: path.to_owned(),
                source,
            })
            .and_then(|bytes| self.ingest_copy(&label, &bytes));
        result.unwrap_or_else(|err| vec![error_report(path, err)])
    }

    /// Ingests received bytes carrying one story; `label` names where they
    /// came from. For copy that may carry several, use [`Library::ingest_copy`].
    pub fn ingest_bytes(&mut self, label: &str, bytes: &[u8]) -> Result<IngestReport> {
        let mut reports = self.ingest_copy(label, bytes)?;
        Ok(reports.remove(0))
    }

    /// Ingests received bytes: one report per story they carry.
    pub fn ingest_copy(&mut self, label: &str, bytes: &[u8]) -> Result<Vec<IngestReport>> {
        let sha256 = format!("{:x}", Sha256::digest(bytes));
        // A repeat is recognised before any parsing work.
        let held = self.store.find_copy_items(&sha256)?;
        if !held.is_empty() {
            return Ok(held
                .into_iter()
                .map(|(story_id, revision_id)| {
                    report(label, IngestStatus::Duplicate, story_id, revision_id)
                })
                .collect());
        }
        let items = ingest::parse_items(bytes).map_err(|source| Error::Ingest {
            path: PathBuf::from(label),
            source,
        })?;
        let mut linked = Vec::with_capacity(items.len());
        for parsed in &items {
            let version_of = match parsed.guid {
                Some(_) => None,
                None => self.version_of(parsed)?,
            };
            linked.push((parsed, version_of));
        }
        let copy = ReceivedCopy {
            file_name: label,
            bytes,
            sha256: &sha256,
        };
        let stored = self.store.insert_wire_copy(copy, &linked, &self.actor)?;
        Ok(stored
            .into_iter()
            .map(|stored| {
                let (status, story_id, revision_id) = match stored {
                    Stored::New {
                        story_id,
                        revision_id,
                    } => (IngestStatus::New, story_id, revision_id),
                    Stored::Update {
                        story_id,
                        revision_id,
                    } => (IngestStatus::Update, story_id, revision_id),
                    Stored::Duplicate {
                        story_id,
                        revision_id,
                    } => (IngestStatus::Duplicate, story_id, revision_id),
                };
                report(label, status, story_id, revision_id)
            })
            .collect())
    }

    /// The story a copy without an agency id is a new version of, if one
    /// held opens with the same words (see [`crate::similarity`]).
    fn version_of(&self, parsed: &ingest::ParsedCopy) -> Result<Option<i64>> {
        let opening = similarity::Opening::new(&format!("{}\n{}", parsed.headline, parsed.body));
        let phrases = similarity::search_phrases(&parsed.body);
        let candidates = self.store.similar_candidates(&phrases, 5)?;
        Ok(candidates
            .into_iter()
            .map(|(id, headline, body)| {
                let held = similarity::Opening::new(&format!("{headline}\n{body}"));
                (id, opening.overlap(&held))
            })
            .filter(|(_, overlap)| *overlap >= similarity::SAME_STORY)
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(id, _)| id))
    }

    /// Loads the sample stories Wiredesk ships, if the library is empty.
    /// Returns how many were loaded.
    pub fn seed_samples_if_empty(&mut self) -> Result<usize> {
        if self.store.story_count()? > 0 {
            return Ok(0);
        }
        let mut loaded = 0;
        for (name, bytes) in samples::all() {
            let report = self.ingest_bytes(&format!("samples/{name}"), bytes)?;
            if report.status == IngestStatus::New {
                loaded += 1;
            }
        }
        Ok(loaded)
    }

    /// The inbox, newest first.
    pub fn stories(&self, limit: u32, offset: u32) -> Result<Vec<StorySummary>> {
        self.store.list_stories(limit, offset)
    }

    pub fn story(&self, id: i64) -> Result<StoryDetail> {
        self.store.story(id)
    }

    pub fn search(&self, query: &str, limit: u32) -> Result<Vec<SearchHit>> {
        self.store.search(query, limit)
    }
}

fn report(label: &str, status: IngestStatus, story_id: i64, revision_id: i64) -> IngestReport {
    IngestReport {
        file: label.to_owned(),
        status,
        story_id: Some(story_id),
        revision_id: Some(revision_id),
        error: None,
    }
}

fn error_report(path: &Path, err: Error) -> IngestReport {
    IngestReport {
        file: path.display().to_string(),
        status: IngestStatus::Error,
        story_id: None,
        revision_id: None,
        error: Some(err.to_string()),
    }
}

/// Regular files under `dir`, recursively, sorted by path; hidden entries and
/// symbolic links to folders are skipped.
fn files_under(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut entries: Vec<_> = fs::read_dir(dir)?.collect::<std::io::Result<_>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            files.extend(files_under(&path)?);
        } else if !(kind.is_symlink() && path.is_dir()) {
            files.push(path);
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_library_is_in_the_platform_data_folder() {
        let path = default_library_path().expect("a home folder");
        assert!(
            path.ends_with("wiredesk/library.sqlite"),
            "{}",
            path.display()
        );
    }

    #[test]
    fn the_db_flag_wins_over_everything() {
        let flag = Path::new("/desk/night.sqlite");
        assert_eq!(resolve_library_path(Some(flag)).unwrap(), flag);
    }

    #[test]
    fn folders_are_read_recursively_in_name_order_without_hidden_entries() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.txt", "a/z.txt", "a/c.txt", ".hidden/x.txt", ".dot.txt"] {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, "x").unwrap();
        }
        let names: Vec<String> = files_under(dir.path())
            .unwrap()
            .iter()
            .map(|p| {
                p.strip_prefix(dir.path())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, ["a/c.txt", "a/z.txt", "b.txt"]);
    }
}
