//! A watched drop folder: agencies deliver files into a folder, and each
//! file is taken once it has stopped growing. This module only watches the
//! file system; the caller ingests what it hands out.

use std::{
    collections::{HashMap, HashSet},
    fs,
    path::{Path, PathBuf},
    time::SystemTime,
};

/// What a file looked like at the last scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seen {
    len: u64,
    modified: Option<SystemTime>,
}

pub struct DropFolder {
    root: PathBuf,
    /// Files still arriving: their size and time at the last scan.
    pending: HashMap<PathBuf, Seen>,
    /// Files handed out already, as they were then.
    taken: HashSet<(PathBuf, u64, Option<SystemTime>)>,
}

impl DropFolder {
    pub fn new(root: impl Into<PathBuf>) -> DropFolder {
        DropFolder {
            root: root.into(),
            pending: HashMap::new(),
            taken: HashSet::new(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Files that have not changed since the previous scan and were not
    /// handed out before (a file rewritten later is handed out again).
    /// Hidden files and sub-folders' hidden entries are ignored.
    pub fn ready(&mut self) -> std::io::Result<Vec<PathBuf>> {
        let mut now = HashMap::new();
        collect(&self.root, &mut now)?;
        let mut ready: Vec<PathBuf> = now
            .iter()
            .filter(|(path, seen)| {
                self.pending.get(*path) == Some(seen)
                    && !self
                        .taken
                        .contains(&((*path).clone(), seen.len, seen.modified))
            })
            .map(|(path, _)| path.clone())
            .collect();
        ready.sort();
        for path in &ready {
            let seen = now[path];
            self.taken.insert((path.clone(), seen.len, seen.modified));
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
            into.insert(
                entry.path(),
                Seen {
                    len: meta.len(),
                    modified: meta.modified().ok(),
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
        assert_eq!(folder.ready().unwrap(), vec![file.clone()]);
        assert!(folder.ready().unwrap().is_empty(), "handed out once");
        fs::write(dir.path().join(".partial"), "x").unwrap();
        folder.ready().unwrap();
        assert!(
            folder.ready().unwrap().is_empty(),
            "hidden files are ignored"
        );
    }
}
