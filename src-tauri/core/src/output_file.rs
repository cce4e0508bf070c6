//! Files Wiredesk writes for people: exports and backups. A new file is
//! written under a temporary name beside its destination and renamed into
//! place once complete, so a crash never leaves half a file. Only a
//! regular file (or nothing) is ever replaced: a folder, a named pipe or a
//! device at the destination is refused by name, and the temporary file is
//! created fresh (never opened through a link someone left in its place).

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Why a destination cannot take a new file, in words that follow its
/// name ("…: is a folder"), or `None` when it can. An existing regular file
/// (or a link to one) is refused unless `replace`; the link itself is then
/// replaced, never the file it points to.
pub fn refusal(dest: &Path, replace: bool, existing: &str) -> Option<String> {
    let meta = match fs::symlink_metadata(dest) {
        Ok(meta) => meta,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            let folder = dest
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            return match fs::metadata(folder) {
                Ok(meta) if meta.is_dir() => None,
                Ok(_) => Some(format!("{} is not a folder", folder.display())),
                Err(_) => Some(format!("the folder {} does not exist", folder.display())),
            };
        }
        Err(err) => return Some(format!("cannot be looked at ({err})")),
    };
    // What a link points to decides what the name is to a person.
    let target = if meta.file_type().is_symlink() {
        fs::metadata(dest).ok()
    } else {
        Some(meta)
    };
    match target {
        Some(meta) if meta.is_dir() => Some("is a folder: give a file name".to_owned()),
        Some(meta) if !meta.is_file() => Some(format!(
            "is {}: Wiredesk writes only to files",
            crate::open_failure::special_file_kind(&meta)
        )),
        _ if !replace => Some(existing.to_owned()),
        _ => None,
    }
}

/// A fresh name beside `dest` for a file being written: hidden, with the
/// process id and a counter, so two writers never share one.
pub fn temporary_beside(dest: &Path, tag: &str) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = dest
        .file_name()
        .map_or_else(|| "wiredesk".into(), |n| n.to_string_lossy().into_owned());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    dest.with_file_name(format!(".{name}.{tag}-{}-{n}", std::process::id()))
}

/// Creates `path` as a new file, never through whatever is there already:
/// a leftover (or a link planted at that name) is removed first, and the
/// create fails rather than follow one planted after that.
pub fn create_fresh(path: &Path) -> std::io::Result<fs::File> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!("{} is a folder", path.display()),
            ))
        }
        Ok(_) => fs::remove_file(path)?,
        Err(_) => {}
    }
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

/// Writes `bytes` to `dest` through a fresh temporary file and a rename.
/// `Err` carries the system's reason; refusals come from [`refusal`] first.
pub fn write_through_rename(dest: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temporary = temporary_beside(dest, "wiredesk");
    let written = create_fresh(&temporary).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    if let Err(err) = written.and_then(|()| fs::rename(&temporary, dest)) {
        let _ = fs::remove_file(&temporary);
        return Err(err);
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_new_name_in_a_folder_that_exists_is_fine() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(refusal(&dir.path().join("a.txt"), false, "exists"), None);
    }

    #[test]
    fn an_existing_file_needs_replace() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        fs::write(&file, "x").unwrap();
        assert_eq!(refusal(&file, false, "exists").as_deref(), Some("exists"));
        assert_eq!(refusal(&file, true, "exists"), None);
    }

    #[test]
    fn folders_pipes_and_devices_are_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let refused = refusal(dir.path(), true, "exists").unwrap();
        assert!(refused.contains("folder"), "{refused}");
        let refused = refusal(Path::new("/dev/null"), true, "exists").unwrap();
        assert!(refused.contains("a device"), "{refused}");
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let refused = refusal(&fifo, true, "exists").unwrap();
            assert!(refused.contains("a named pipe"), "{refused}");
        }
        let link = dir.path().join("link");
        std::os::unix::fs::symlink("/dev/null", &link).unwrap();
        let refused = refusal(&link, true, "exists").unwrap();
        assert!(refused.contains("a device"), "{refused}");
    }

    #[test]
    fn a_missing_folder_is_named() {
        let refused = refusal(Path::new("/no/such/folder/a.txt"), true, "exists").unwrap();
        assert!(refused.contains("/no/such/folder"), "{refused}");
    }

    #[test]
    fn a_link_planted_at_the_temporary_name_is_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        fs::write(&victim, "keep me").unwrap();
        let planted = dir.path().join("planted");
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        let mut file = create_fresh(&planted).unwrap();
        file.write_all(b"new").unwrap();
        drop(file);
        assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
        assert_eq!(fs::read_to_string(&planted).unwrap(), "new");
    }

    #[test]
    fn writing_replaces_a_link_not_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        fs::write(&victim, "keep me").unwrap();
        let dest = dir.path().join("out.txt");
        std::os::unix::fs::symlink(&victim, &dest).unwrap();
        write_through_rename(&dest, b"exported").unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
        assert_eq!(fs::read_to_string(&dest).unwrap(), "exported");
        assert!(!fs::symlink_metadata(&dest)
            .unwrap()
            .file_type()
            .is_symlink());
    }
}
