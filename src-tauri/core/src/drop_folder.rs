//! A watched drop folder: agencies deliver files into a folder, and each
//! file is taken once it has stopped growing. This module only watches the
//! file system; the caller ingests what it hands out
//! ([`crate::Library::ingest_dropped`] records each as taken, and
//! [`crate::Library::drop_folder`] remembers them after a restart).

use std::{
    collections::{HashMap, HashSet},
    fs,
    path::{Path, PathBuf},
    time::SystemTime,
};

/// What a file looked like at a scan: its size and modification time
/// (nanoseconds since 1970; 0 where the file system has none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Seen {
    len: i64,
    modified_ns: i64,
}

/// A file that has stopped growing, as it was when handed out.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReadyFile {
    pub path: PathBuf,
    pub byte_len: i64,
    pub modified_ns: i64,
}

pub struct DropFolder {
    root: PathBuf,
    /// Files still arriving: their size and time at the last scan.
    pending: HashMap<PathBuf, Seen>,
    /// Files handed out already, as they were then.
    taken: HashSet<(PathBuf, Seen)>,
}

impl DropFolder {
    pub fn new(root: impl Into<PathBuf>) -> DropFolder {
        DropFolder::with_taken(root, [])
    }

    /// A drop folder whose `taken` files (handed out before a restart) are
    /// not handed out again unless they change.
    pub fn with_taken(
        root: impl Into<PathBuf>,
        taken: impl IntoIterator<Item = ReadyFile>,
    ) -> DropFolder {
        DropFolder {
            root: root.into(),
            pending: HashMap::new(),
            taken: taken
                .into_iter()
                .map(|file| {
                    let seen = Seen {
                        len: file.byte_len,
                        modified_ns: file.modified_ns,
                    };
                    (file.path, seen)
                })
                .collect(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Files that have not changed since the previous scan and were not
    /// handed out before (a file rewritten later is handed out again).
    /// Hidden files and sub-folders' hidden entries are ignored.
    pub fn ready(&mut self) -> std::io::Result<Vec<ReadyFile>> {
        let mut now = HashMap::new();
        collect(&self.root, &mut now)?;
        let mut ready: Vec<ReadyFile> = now
            .iter()
            .filter(|(path, seen)| {
                self.pending.get(*path) == Some(seen)
                    && !self.taken.contains(&((*path).clone(), **seen))
            })
            .map(|(path, seen)| ReadyFile {
                path: path.clone(),
                byte_len: seen.len,
                modified_ns: seen.modified_ns,
            })
            .collect();
        ready.sort_by(|a, b| a.path.cmp(&b.path));
        for file in &ready {
            self.taken.insert((file.path.clone(), now[&file.path]));
        }
        self.pending = now;
        Ok(ready)
    }
}

fn collect(dir: &Path, into: &mut HashMap<PathBuf, Seen>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            collect(&entry.path(), into)?;
        } else if kind.is_file() {
            let meta = entry.metadata()?;
            let modified_ns = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
                .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
            into.insert(
                entry.path(),
                Seen {
                    len: i64::try_from(meta.len()).unwrap_or(i64::MAX),
                    modified_ns,
                },
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_taken_once_it_has_stopped_growing_and_only_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut folder = DropFolder::new(dir.path());
        let file = dir.path().join("story.txt");
        fs::write(&file, "Head").unwrap();
        assert!(
            folder.ready().unwrap().is_empty(),
            "first sight: may still grow"
        );
        fs::write(&file, "Headline\nBody.").unwrap();
        assert!(folder.ready().unwrap().is_empty(), "it grew");
        let ready = folder.ready().unwrap();
        assert_eq!(ready.len(), 1);
        assert_eq!(ready[0].path, file);
        assert_eq!(ready[0].byte_len, 14);
        assert!(folder.ready().unwrap().is_empty(), "handed out once");
        // After a restart, a folder told what it took does not take it again.
        let mut restarted = DropFolder::with_taken(dir.path(), ready.clone());
        restarted.ready().unwrap();
        assert!(
            restarted.ready().unwrap().is_empty(),
            "taken before the restart"
        );
        fs::write(dir.path().join(".partial"), "x").unwrap();
        folder.ready().unwrap();
        assert!(
            folder.ready().unwrap().is_empty(),
            "hidden files are ignored"
        );
    }
}
