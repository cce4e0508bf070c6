//! Tauri commands: the UI's only way into the core. Keep them thin.

use serde::Serialize;
use tauri::State;
use wiredesk_core::{SearchHit, StoryDetail, StorySummary};

use crate::Desk;

/// An error as the UI receives it: a kind to branch on and a message to show.
#[derive(Debug, Serialize)]
pub struct CommandError {
    kind: &'static str,
    message: String,
}

impl From<wiredesk_core::Error> for CommandError {
    fn from(err: wiredesk_core::Error) -> Self {
        let kind = match err {
            wiredesk_core::Error::StoryNotFound(_) => "not-found",
            wiredesk_core::Error::EmptyQuery => "invalid-input",
            _ => "internal",
        };
        CommandError {
            kind,
            message: err.to_string(),
        }
    }
}

type CommandResult<T> = Result<T, CommandError>;

fn with_library<T>(
    desk: &Desk,
    f: impl FnOnce(&wiredesk_core::Library) -> wiredesk_core::Result<T>,
) -> CommandResult<T> {
    let library = desk.library.lock().map_err(|_| CommandError {
        kind: "internal",
        message: "the library is unavailable after an earlier failure; restart Wiredesk".into(),
    })?;
    Ok(f(&library)?)
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
