//! Ingest off the window's thread: files dropped on the window or named to
//! the `ingest_paths` command, and the watched drop folder. Each job opens
//! its own connection to the library, so the inbox and the story pane never
//! wait for a batch (the store commits a batch in groups, so new stories
//! appear as they land). Progress reaches the UI as events.

use std::{
    path::{Path, PathBuf},
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    time::Duration,
};

use serde::Serialize;
use tauri::{AppHandle, Emitter};
use wiredesk_core::{IngestProgress, IngestReport, IngestStatus, Library};

/// After each file of a batch: [`ProgressEvent`].
pub const PROGRESS_EVENT: &str = "ingest-progress";
/// After a batch: [`BatchSummary`]; the inbox reloads.
pub const STORIES_CHANGED_EVENT: &str = "stories-changed";
/// The drop folder cannot be read (gone, unmounted), or a batch of opened or
/// dropped files could not start: a message to show.
pub const DROP_FOLDER_ERROR_EVENT: &str = "drop-folder-error";

/// Where a batch came from, for the UI to say so.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// Files dropped on the window or named to the command.
    Files,
    /// The watched drop folder.
    DropFolder,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProgressEvent {
    pub origin: Origin,
    pub done: usize,
    pub total: usize,
    pub file: String,
    pub status: IngestStatus,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BatchSummary {
    pub origin: Origin,
    pub files: usize,
    pub new: usize,
    pub update: usize,
    pub duplicate: usize,
    pub error: usize,
    pub reports: Vec<IngestReport>,
}

impl BatchSummary {
    fn of(origin: Origin, files: usize, reports: Vec<IngestReport>) -> BatchSummary {
        let count = |status| reports.iter().filter(|r| r.status == status).count();
        BatchSummary {
            origin,
            files,
            new: count(IngestStatus::New),
            update: count(IngestStatus::Update),
            duplicate: count(IngestStatus::Duplicate),
            error: count(IngestStatus::Error),
            reports,
        }
    }
}

fn progress_event(origin: Origin, progress: &IngestProgress<'_>) -> ProgressEvent {
    let first = progress.reports.first();
    ProgressEvent {
        origin,
        done: progress.done,
        total: progress.total,
        file: progress.file.to_owned(),
        status: first.map_or(IngestStatus::Error, |r| r.status),
        error: progress.reports.iter().find_map(|r| r.error.clone()),
    }
}

/// Ingests files and folders on a connection of its own, reporting progress
/// and, at the end, that the stories changed.
pub fn ingest_paths(
    app: &AppHandle,
    library_path: &Path,
    paths: &[PathBuf],
) -> wiredesk_core::Result<BatchSummary> {
    let mut library = Library::open(library_path).inspect_err(|err| {
        let _ = app.emit(
            DROP_FOLDER_ERROR_EVENT,
            format!("could not ingest the files: {err}"),
        );
    })?;
    let mut files = 0;
    let reports = library.ingest_paths_with(paths, |progress| {
        files = progress.total;
        let _ = app.emit(PROGRESS_EVENT, progress_event(Origin::Files, progress));
    });
    let summary = BatchSummary::of(Origin::Files, files, reports);
    let _ = app.emit(STORIES_CHANGED_EVENT, &summary);
    Ok(summary)
}

/// A running watch of the drop folder; stops when dropped.
pub struct DropWatch {
    folder: PathBuf,
    stop: Arc<AtomicBool>,
}

/// How often the folder is scanned; a file is taken once it is unchanged
/// across a scan.
const SCAN_EVERY: Duration = Duration::from_secs(1);

impl DropWatch {
    pub fn start(app: AppHandle, library_path: PathBuf, folder: PathBuf) -> DropWatch {
        let stop = Arc::new(AtomicBool::new(false));
        let watch = DropWatch {
            folder: folder.clone(),
            stop: Arc::clone(&stop),
        };
        std::thread::Builder::new()
            .name("drop-folder".into())
            .spawn(move || watch_folder(&app, &library_path, &folder, &stop))
            .map_err(|err| eprintln!("wiredesk: cannot watch {}: {err}", watch.folder.display()))
            .ok();
        watch
    }

    pub fn folder(&self) -> &Path {
        &self.folder
    }
}

impl Drop for DropWatch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn watch_folder(app: &AppHandle, library_path: &Path, folder: &Path, stop: &AtomicBool) {
    let report_error = |message: String| {
        let _ = app.emit(DROP_FOLDER_ERROR_EVENT, message);
    };
    let mut library = match Library::open(library_path) {
        Ok(library) => library,
        Err(err) => return report_error(err.to_string()),
    };
    let mut drop_folder = match library.drop_folder(folder) {
        Ok(drop_folder) => drop_folder,
        Err(err) => return report_error(err.to_string()),
    };
    let mut last_error = None;
    while !stop.load(Ordering::Relaxed) {
        match drop_folder.ready() {
            Ok(ready) => {
                last_error = None;
                if !ready.is_empty() {
                    let reports = library.ingest_dropped(&ready, |progress| {
                        let event = progress_event(Origin::DropFolder, progress);
                        let _ = app.emit(PROGRESS_EVENT, event);
                    });
                    let summary = BatchSummary::of(Origin::DropFolder, ready.len(), reports);
                    let _ = app.emit(STORIES_CHANGED_EVENT, &summary);
                }
            }
            Err(err) => {
                let message = format!("drop folder {}: {err}", folder.display());
                if last_error.as_ref() != Some(&message) {
                    report_error(message.clone());
                    last_error = Some(message);
                }
            }
        }
        // Sleep in small steps, so a stopped watch ends promptly.
        for _ in 0..10 {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            std::thread::sleep(SCAN_EVERY / 10);
        }
    }
}
