//! The system's file dialogs, opened from Rust so the page never names a
//! path and holds no file-system scope.
//!
//! End-to-end tests cannot drive a native dialog, so in debug builds (the
//! ones the tests run) environment variables answer in a dialog's place when
//! set (see README, "Test hooks"): [`OPEN_FILES_ENV`], [`SAVE_DIR_ENV`],
//! [`PICK_FOLDER_ENV`], [`PICK_LIBRARY_ENV`], [`PICK_BACKUP_ENV`] and
//! [`PICK_GUIDE_ENV`]. A
//! release build always asks the editor.

use std::path::PathBuf;

use tauri::AppHandle;
use tauri_plugin_dialog::{DialogExt as _, FilePath};

/// Files the open dialog "chooses": a path list (`:`-separated on Unix).
pub const OPEN_FILES_ENV: &str = "WIREDESK_TEST_OPEN_FILES";
/// A folder the save dialog "saves" into, under the suggested file name.
pub const SAVE_DIR_ENV: &str = "WIREDESK_TEST_SAVE_DIR";
/// The folder the folder dialog "chooses".
pub const PICK_FOLDER_ENV: &str = "WIREDESK_TEST_PICK_FOLDER";
/// The library file *Open another library…* "chooses".
pub const PICK_LIBRARY_ENV: &str = "WIREDESK_TEST_PICK_LIBRARY";
/// The backup file *Restore from a backup…* "chooses".
pub const PICK_BACKUP_ENV: &str = "WIREDESK_TEST_PICK_BACKUP";
/// A style guide file to import, in place of the open dialog.
pub const PICK_GUIDE_ENV: &str = "WIREDESK_TEST_PICK_GUIDE";

fn hook(var: &str) -> Option<std::ffi::OsString> {
    if cfg!(debug_assertions) {
        std::env::var_os(var).filter(|v| !v.is_empty())
    } else {
        None
    }
}

fn local(path: FilePath) -> Result<PathBuf, String> {
    path.into_path()
        .map_err(|err| format!("the chosen location cannot be used: {err}"))
}

/// Files (or folders' contents) to ingest; empty when cancelled.
pub fn open_paths(app: &AppHandle) -> Result<Vec<PathBuf>, String> {
    if let Some(list) = hook(OPEN_FILES_ENV) {
        return Ok(std::env::split_paths(&list).collect());
    }
    app.dialog()
        .file()
        .set_title("Open wire copy")
        .blocking_pick_files()
        .unwrap_or_default()
        .into_iter()
        .map(local)
        .collect()
}

/// Where to save a file (an export, a backup); `None` when cancelled.
pub fn save_path(
    app: &AppHandle,
    title: &str,
    suggested: &str,
    extension: &str,
) -> Result<Option<PathBuf>, String> {
    if let Some(dir) = hook(SAVE_DIR_ENV) {
        return Ok(Some(PathBuf::from(dir).join(suggested)));
    }
    app.dialog()
        .file()
        .set_title(title)
        .set_file_name(suggested)
        .add_filter(extension.to_uppercase(), &[extension])
        .blocking_save_file()
        .map(local)
        .transpose()
}

/// A folder to watch; `None` when cancelled.
pub fn folder_path(app: &AppHandle, current: Option<PathBuf>) -> Result<Option<PathBuf>, String> {
    if let Some(folder) = hook(PICK_FOLDER_ENV) {
        return Ok(Some(PathBuf::from(folder)));
    }
    let mut dialog = app.dialog().file().set_title("Drop folder to watch");
    if let Some(current) = current {
        dialog = dialog.set_directory(current);
    }
    dialog.blocking_pick_folder().map(local).transpose()
}

/// One SQLite file to open; `None` when cancelled.
fn pick_sqlite_file(app: &AppHandle, var: &str, title: &str) -> Result<Option<PathBuf>, String> {
    if let Some(file) = hook(var) {
        return Ok(Some(PathBuf::from(file)));
    }
    app.dialog()
        .file()
        .set_title(title)
        .blocking_pick_file()
        .map(local)
        .transpose()
}

/// A library file to open in place of the one that could not be opened.
pub fn library_path(app: &AppHandle) -> Result<Option<PathBuf>, String> {
    pick_sqlite_file(app, PICK_LIBRARY_ENV, "Open a Wiredesk library")
}

/// A style guide file (.toml or .json) to import; `None` when cancelled.
pub fn guide_path(app: &AppHandle) -> Result<Option<PathBuf>, String> {
    if let Some(file) = hook(PICK_GUIDE_ENV) {
        return Ok(Some(PathBuf::from(file)));
    }
    app.dialog()
        .file()
        .set_title("Import a style guide")
        .add_filter("Style guide", &["toml", "json"])
        .blocking_pick_file()
        .map(local)
        .transpose()
}

/// A backup to restore in place of the library that could not be opened.
pub fn backup_path(app: &AppHandle) -> Result<Option<PathBuf>, String> {
    pick_sqlite_file(app, PICK_BACKUP_ENV, "Restore a Wiredesk backup")
}
