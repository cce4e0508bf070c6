//! The ingest entry points: files, folders, received bytes and the drop folder.

use super::*;

/// The preference naming the watched drop folder.
const DROP_FOLDER_KEY: &str = "drop_folder";

/// Where a batch stands after each file, for progress bars and events.
#[derive(Debug, Clone, Copy)]
pub struct IngestProgress<'a> {
    /// Files finished so far, this one included.
    pub done: usize,
    pub total: usize,
    /// The file just finished, as reports name it.
    pub file: &'a str,
    /// What it did: one report per story, or its error.
    pub reports: &'a [IngestReport],
}

/// Files under `dir`, recursively, sorted by path, and the symbolic links
/// not followed: a link is followed only to a file inside `dir` (never out
/// of the folder, never to a folder). Hidden entries are skipped. Anything
/// that is not a regular file (a device, a pipe) is listed, to be refused by
/// name when read.
type FilesUnder = (Vec<PathBuf>, Vec<(PathBuf, &'static str)>);

pub(super) fn files_under(dir: &Path) -> std::io::Result<FilesUnder> {
    let root = fs::canonicalize(dir)?;
    let (mut files, mut refused) = (Vec::new(), Vec::new());
    walk(&root, dir, &mut files, &mut refused)?;
    Ok((files, refused))
}

fn walk(
    root: &Path,
    dir: &Path,
    files: &mut Vec<PathBuf>,
    refused: &mut Vec<(PathBuf, &'static str)>,
) -> std::io::Result<()> {
    let mut entries: Vec<_> = fs::read_dir(dir)?.collect::<std::io::Result<_>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(root, &path, files, refused)?;
        } else if kind.is_symlink() {
            match fs::canonicalize(&path) {
                Ok(target) if !target.starts_with(root) => {
                    refused.push((path, "a symbolic link to outside the folder"))
                }
                Ok(target) if target.is_dir() => {
                    refused.push((path, "a symbolic link to a folder"))
                }
                Ok(_) => files.push(path),
                Err(_) => refused.push((path, "a symbolic link to nothing")),
            }
        } else {
            files.push(path);
        }
    }
    Ok(())
}

impl Library {
    /// Ingests files and folders (recursively, in name order, skipping hidden
    /// entries). One report per story (one per file for most copy, or one
    /// error report naming the file); a bad file never stops the batch.
    ///
    /// The batch is flushed to disk once, at the end, before the reports are
    /// returned: a crash midway loses files not yet reported, never a file
    /// reported as stored, and never leaves a file half stored.
    pub fn ingest_paths<P: AsRef<Path>>(&mut self, paths: &[P]) -> Vec<IngestReport> {
        self.ingest_paths_with(paths, |_| {})
    }

    /// [`Library::ingest_paths`], calling `progress` after each file.
    pub fn ingest_paths_with<P: AsRef<Path>>(
        &mut self,
        paths: &[P],
        progress: impl FnMut(&IngestProgress<'_>),
    ) -> Vec<IngestReport> {
        let mut reports = Vec::new();
        let mut files = Vec::new();
        for path in paths {
            let path = path.as_ref();
            if path.is_dir() {
                match files_under(path) {
                    Ok((found, refused)) => {
                        files.extend(found.into_iter().map(Pending::file));
                        for (link, why) in refused {
                            let error = Error::Ingest {
                                path: link.clone(),
                                source: IngestError::NotFollowed(why),
                            };
                            reports.push(error_report(
                                &link.display().to_string(),
                                &error.to_string(),
                            ));
                        }
                    }
                    Err(source) => reports.push(error_report(
                        &path.display().to_string(),
                        &Error::Ingest {
                            path: path.to_owned(),
                            source: IngestError::Read(source),
                        }
                        .to_string(),
                    )),
                }
            } else {
                files.push(Pending::file(path.to_owned()));
            }
        }
        reports.extend(self.ingest_batch(&files, progress));
        reports
    }

    /// Ingests copies held in memory (a label naming each, and its bytes) as
    /// one batch, exactly as [`Library::ingest_paths_with`] ingests files:
    /// the same parsing, grouping and rows. For feeds that arrive other than
    /// as files, and for generating large libraries.
    pub fn ingest_copies(
        &mut self,
        copies: Vec<(String, Vec<u8>)>,
        progress: impl FnMut(&IngestProgress<'_>),
    ) -> Vec<IngestReport> {
        let pending: Vec<Pending> = copies
            .into_iter()
            .map(|(label, bytes)| Pending {
                path: PathBuf::from(label),
                dropped: None,
                bytes: Some(bytes),
            })
            .collect();
        self.ingest_batch(&pending, progress)
    }

    /// The drop folder this library's desk watches, if one is set.
    pub fn drop_folder_path(&self) -> Result<Option<PathBuf>> {
        Ok(self.store.preference(DROP_FOLDER_KEY)?.map(PathBuf::from))
    }

    /// Sets the drop folder to watch (it must be a folder), or clears it.
    pub fn set_drop_folder_path(&mut self, folder: Option<&Path>) -> Result<()> {
        if let Some(folder) = folder.filter(|f| !f.is_dir()) {
            return Err(Error::NotAFolder(folder.to_owned()));
        }
        let value = folder.map(|f| f.display().to_string());
        self.store
            .set_preference(DROP_FOLDER_KEY, value.as_deref())?;
        let detail = serde_json::json!({ "drop_folder": value });
        self.store
            .audit(None, &self.actor, "set-drop-folder", &detail)
    }

    /// The drop folder at `root`, knowing which of its files this library
    /// took before, so that a restart does not read them again.
    pub fn drop_folder(&self, root: &Path) -> Result<DropFolder> {
        let prefix = root.display().to_string();
        let taken = self.store.dropped_files_under(&prefix)?;
        Ok(DropFolder::with_taken(
            root,
            taken.into_iter().map(|file| ReadyFile {
                path: PathBuf::from(file.path),
                byte_len: file.byte_len,
                modified_ns: file.modified_ns,
            }),
        ))
    }

    /// Ingests files a drop folder handed out, as a batch, and records each
    /// as taken in the same transaction as what it stored.
    pub fn ingest_dropped(
        &mut self,
        files: &[ReadyFile],
        progress: impl FnMut(&IngestProgress<'_>),
    ) -> Vec<IngestReport> {
        let pending: Vec<Pending> = files
            .iter()
            .map(|file| Pending {
                path: file.path.clone(),
                dropped: Some(DroppedFile {
                    path: file.path.display().to_string(),
                    byte_len: file.byte_len,
                    modified_ns: file.modified_ns,
                }),
                bytes: None,
            })
            .collect();
        self.ingest_batch(&pending, progress)
    }

    /// Ingests one file: one report per story it carries (one for most copy,
    /// one per item for feeds and news messages), or one error report that
    /// names the file and the problem, in which case nothing of it is stored.
    pub fn ingest_file(&mut self, path: &Path) -> Vec<IngestReport> {
        let prepared = Prepared::read(&Pending::file(path.to_owned()));
        self.write_alone(&prepared)
    }

    /// Ingests received bytes carrying one story; `label` names where they
    /// came from. For copy that may carry several, use [`Library::ingest_copy`].
    pub fn ingest_bytes(&mut self, label: &str, bytes: &[u8]) -> Result<IngestReport> {
        let mut reports = self.ingest_copy(label, bytes)?;
        Ok(reports.remove(0))
    }

    /// Ingests received bytes: one report per story they carry. Copy that is
    /// not usable is an `Err` naming `label` and the problem.
    pub fn ingest_copy(&mut self, label: &str, bytes: &[u8]) -> Result<Vec<IngestReport>> {
        let mut prepared = Prepared::from_bytes(label.to_owned(), bytes.to_vec(), None);
        let items = std::mem::replace(&mut prepared.parsed, Ok(Vec::new()))?;
        prepared.parsed = Ok(items);
        self.with_tx(|library| library.write_prepared(&prepared))
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
}
