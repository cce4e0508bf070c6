//! Tauri commands: the UI's only way into the core. Keep them thin.

use std::path::PathBuf;

use serde::Serialize;
use tauri::{AppHandle, State};
use wiredesk_core::{
    export::ExportFormat, ExportOutcome, IntegrityFinding, SearchHit, StoryDetail, StorySummary,
};

use crate::{
    ingest_job::{self, BatchSummary, DropWatch},
    Desk,
};

/// An error as the UI receives it: a kind to branch on and a message to show.
#[derive(Debug, Serialize)]
pub struct CommandError {
    kind: &'static str,
    message: String,
}

impl From<wiredesk_core::Error> for CommandError {
    fn from(err: wiredesk_core::Error) -> Self {
        let kind = match err {
            wiredesk_core::Error::StoryNotFound(_) | wiredesk_core::Error::ClaimNotFound(_) => {
                "not-found"
            }
            wiredesk_core::Error::EmptyQuery
            | wiredesk_core::Error::NotAFolder(_)
            | wiredesk_core::Error::InvalidInput(_) => "invalid-input",
            wiredesk_core::Error::ExportRefused { .. } => "export-refused",
            wiredesk_core::Error::Write { .. } => "write-failed",
            _ => "internal",
        };
        CommandError {
            kind,
            message: err.to_string(),
        }
    }
}

type CommandResult<T> = Result<T, CommandError>;

fn poisoned<E>(_: E) -> CommandError {
    CommandError {
        kind: "internal",
        message: "the library is unavailable after an earlier failure; restart Wiredesk".into(),
    }
}

fn with_library<T>(
    desk: &Desk,
    f: impl FnOnce(&mut wiredesk_core::Library) -> wiredesk_core::Result<T>,
) -> CommandResult<T> {
    let mut library = desk.library.lock().map_err(poisoned)?;
    Ok(f(&mut library)?)
}

/// The inbox, newest first, one page at a time.
#[tauri::command(async)]
pub fn list_stories(
    desk: State<'_, Desk>,
    limit: u32,
    offset: u32,
) -> CommandResult<Vec<StorySummary>> {
    with_library(&desk, |library| library.stories(limit.min(500), offset))
}

#[tauri::command(async)]
pub fn get_story(desk: State<'_, Desk>, id: i64) -> CommandResult<StoryDetail> {
    with_library(&desk, |library| library.story(id))
}

#[tauri::command(async)]
pub fn search_stories(desk: State<'_, Desk>, query: String) -> CommandResult<Vec<SearchHit>> {
    with_library(&desk, |library| library.search(&query, 100))
}

/// Ingests files and folders (paths as the system gives them), reporting
/// `ingest-progress` events per file and `stories-changed` at the end.
#[tauri::command(async)]
pub fn ingest_paths(
    app: AppHandle,
    desk: State<'_, Desk>,
    paths: Vec<String>,
) -> CommandResult<BatchSummary> {
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    Ok(ingest_job::ingest_paths(&app, &desk.library_path, &paths)?)
}

/// The watched drop folder, as the preferences show it.
#[derive(Debug, Serialize)]
pub struct DropFolderState {
    path: Option<String>,
    watching: bool,
}

fn drop_folder_state(desk: &Desk) -> CommandResult<DropFolderState> {
    let path = with_library(desk, |library| library.drop_folder_path())?;
    let watching = desk.watch.lock().map_err(poisoned)?.is_some();
    Ok(DropFolderState {
        path: path.map(|p| p.display().to_string()),
        watching,
    })
}

#[tauri::command(async)]
pub fn get_drop_folder(desk: State<'_, Desk>) -> CommandResult<DropFolderState> {
    drop_folder_state(&desk)
}

/// Sets the drop folder (it must exist) and watches it, or, with no path or
/// an empty one, stops watching.
#[tauri::command(async)]
pub fn set_drop_folder(
    app: AppHandle,
    desk: State<'_, Desk>,
    path: Option<String>,
) -> CommandResult<DropFolderState> {
    let folder = path
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .map(PathBuf::from);
    with_library(&desk, |library| {
        library.set_drop_folder_path(folder.as_deref())
    })?;
    {
        let mut watch = desk.watch.lock().map_err(poisoned)?;
        let unchanged = watch.as_ref().map(DropWatch::folder) == folder.as_deref();
        if !unchanged {
            // The old watch stops when dropped.
            *watch = folder
                .map(|folder| DropWatch::start(app.clone(), desk.library_path.clone(), folder));
        }
    }
    drop_folder_state(&desk)
}

/// Why the story may not be published yet (empty when it may).
#[tauri::command(async)]
pub fn export_gate(desk: State<'_, Desk>, story_id: i64) -> CommandResult<Vec<String>> {
    with_library(&desk, |library| library.export_gate(story_id))
}

/// Exports a story (its current revision unless `revision` is given) to
/// `path` in `format` (`nitf`, `report-html`, ...). A publishing format is
/// refused while the gate has reasons, unless `override_reason` is given;
/// an existing file is kept unless `force`. The export is recorded.
#[tauri::command(async)]
pub fn export_story(
    desk: State<'_, Desk>,
    story_id: i64,
    format: String,
    path: String,
    revision: Option<i64>,
    force: bool,
    override_reason: Option<String>,
) -> CommandResult<ExportOutcome> {
    let format = ExportFormat::parse(&format).ok_or_else(|| CommandError {
        kind: "invalid-input",
        message: format!("unknown export format {format:?}"),
    })?;
    let path = PathBuf::from(path.trim());
    with_library(&desk, |library| {
        library
            .export(
                story_id,
                format,
                revision,
                Some(&path),
                force,
                override_reason.as_deref(),
            )
            .map(|(outcome, _)| outcome)
    })
}

/// What in the story's text the agency's copy does not back.
#[tauri::command(async)]
pub fn story_integrity(
    desk: State<'_, Desk>,
    story_id: i64,
) -> CommandResult<Vec<IntegrityFinding>> {
    with_library(&desk, |library| library.integrity(story_id))
}

/// Accepts an integrity finding, with the desk's reason.
#[tauri::command(async)]
pub fn acknowledge_finding(
    desk: State<'_, Desk>,
    story_id: i64,
    key: String,
    reason: String,
) -> CommandResult<Vec<IntegrityFinding>> {
    with_library(&desk, |library| {
        library.acknowledge_finding(story_id, &key, &reason)?;
        library.integrity(story_id)
    })
}
