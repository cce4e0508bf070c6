//! Tauri commands: the UI's only way into the core. Keep them thin.

use std::path::PathBuf;

use serde::Deserialize;
use serde::Serialize;
use tauri::{AppHandle, State};
use wiredesk_core::{
    claims::{ClaimKind, Evidence},
    diff::DiffOptions,
    export::ExportFormat,
    merge::Resolution,
    AppClaim, ClaimEvent, ClaimId, CleanedCopy, ExportOutcome, ExportRequest, HistoryEntry,
    IntegrityFinding, MergeReview, SearchHit, StoryDetail, StoryDiff, StoryFilter, StorySummary,
    SETTINGS,
};

use wiredesk_core::open_failure::OpenFailure;

use crate::{dialogs, ingest_job::DropWatch, Desk};

/// An error as the UI receives it: a kind to branch on and a message to show.
#[derive(Debug, Serialize)]
pub struct CommandError {
    kind: &'static str,
    message: String,
    /// The team library, as shown (never a password), whose server cannot
    /// be reached: only with kind [`LIBRARY_UNREACHABLE`].
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<String>,
}

/// The kind of a call refused because the open team library's server
/// cannot be reached (it stopped, restarted, or the network is away): the
/// page shows one banner for all of them and tries again by itself.
pub const LIBRARY_UNREACHABLE: &str = "library-unreachable";

impl CommandError {
    fn new(kind: &'static str, message: impl Into<String>) -> CommandError {
        CommandError {
            kind,
            message: message.into(),
            location: None,
        }
    }
}

impl From<wiredesk_core::Error> for CommandError {
    fn from(err: wiredesk_core::Error) -> Self {
        if err.is_team_library_unreachable() {
            let location = match &err {
                wiredesk_core::Error::TeamLibrary { location, .. } if !location.is_empty() => {
                    Some(location.clone())
                }
                _ => None,
            };
            return CommandError {
                kind: LIBRARY_UNREACHABLE,
                message: err.to_string(),
                location,
            };
        }
        let kind = match err {
            wiredesk_core::Error::StoryNotFound(_)
            | wiredesk_core::Error::ClaimNotFound(_)
            | wiredesk_core::Error::RemovedPassageNotFound { .. } => "not-found",
            wiredesk_core::Error::EmptyQuery
            | wiredesk_core::Error::SearchTooLong { .. }
            | wiredesk_core::Error::SearchTooManyWords { .. }
            | wiredesk_core::Error::SearchTooManyPrefixes { .. }
            | wiredesk_core::Error::SearchPrefixTooShort { .. }
            | wiredesk_core::Error::SearchTimedOut { .. }
            | wiredesk_core::Error::NotAFolder(_)
            | wiredesk_core::Error::InvalidInput(_)
            | wiredesk_core::Error::UnknownBase { .. }
            | wiredesk_core::Error::Unchanged { .. }
            | wiredesk_core::Error::PassageAlreadyRestored { .. } => "invalid-input",
            wiredesk_core::Error::SearchSuperseded => "superseded",
            wiredesk_core::Error::ExportRefused { .. } => "export-refused",
            wiredesk_core::Error::Write { .. } => "write-failed",
            wiredesk_core::Error::EditConflict { .. } => "edit-conflict",
            _ => "internal",
        };
        CommandError::new(kind, err.to_string())
    }
}

/// An error about a library other than the desk's own (one Preferences is
/// trying): its server away is an answer to show, not the desk's library
/// lost, so it keeps the kind such failures always had.
fn about_another_library(err: wiredesk_core::Error) -> CommandError {
    let err = CommandError::from(err);
    if err.kind == LIBRARY_UNREACHABLE {
        CommandError::new("internal", err.message)
    } else {
        err
    }
}

type CommandResult<T> = Result<T, CommandError>;

fn poisoned<E>(_: E) -> CommandError {
    CommandError::new(
        "internal",
        "the library is unavailable after an earlier failure; restart Wiredesk",
    )
}

fn no_library() -> CommandError {
    CommandError::new(
        "no-library",
        "no library is open: open one, create one or restore a backup first",
    )
}

/// Runs `f` on a thread of its own, outside the async runtime the commands
/// run on: a team library's client (the `postgres` crate) drives its
/// connection with a runtime of its own, which may not start inside
/// another. A SQLite library does not mind; the thread costs tens of
/// microseconds.
pub(crate) fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| match scope.spawn(f).join() {
        Ok(value) => value,
        Err(panic) => std::panic::resume_unwind(panic),
    })
}

fn with_library<T: Send>(
    desk: &Desk,
    f: impl FnOnce(&mut wiredesk_core::Library) -> wiredesk_core::Result<T> + Send,
) -> CommandResult<T> {
    let mut library = desk.library.lock().map_err(poisoned)?;
    let library = library.as_mut().ok_or_else(no_library)?;
    Ok(off_runtime(|| f(library))?)
}

/// The open library's file.
fn library_path(desk: &Desk) -> CommandResult<PathBuf> {
    desk.library_path().ok_or_else(no_library)
}

/// The inbox, newest first, one page at a time.
#[tauri::command(async)]
pub fn list_stories(
    desk: State<'_, Desk>,
    limit: u32,
    offset: u32,
    filter: Option<StoryFilter>,
) -> CommandResult<Vec<StorySummary>> {
    let filter = filter.unwrap_or_default();
    with_library(&desk, |library| {
        library.stories_where(limit.min(500), offset, &filter)
    })
}

/// The sources stories came from, for the inbox's filter.
#[tauri::command(async)]
pub fn list_sources(desk: State<'_, Desk>) -> CommandResult<Vec<String>> {
    with_library(&desk, |library| library.sources())
}

#[tauri::command(async)]
pub fn get_story(desk: State<'_, Desk>, id: i64) -> CommandResult<StoryDetail> {
    with_library(&desk, |library| library.story(id))
}

/// The stories matching the search box's query. A search still running
/// when this one arrives is stopped (its answer is the "superseded" error,
/// which the page drops); the library lock is not taken.
#[tauri::command(async)]
pub fn search_stories(
    desk: State<'_, Desk>,
    query: String,
    filter: Option<StoryFilter>,
) -> CommandResult<Vec<SearchHit>> {
    let filter = filter.unwrap_or_default();
    let searcher = desk.search.lock().map_err(poisoned)?.clone();
    match searcher {
        Some(searcher) => Ok(off_runtime(|| searcher.search(&query, 100, &filter))?),
        None => with_library(&desk, |library| library.search_where(&query, 100, &filter)),
    }
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

/// Asks for the drop folder in the system's folder dialog (opened here, so
/// the page never names a path) and watches it. Cancelling changes nothing.
#[tauri::command(async)]
pub fn choose_drop_folder(app: AppHandle, desk: State<'_, Desk>) -> CommandResult<DropFolderState> {
    let current = with_library(&desk, |library| library.drop_folder_path())?;
    let Some(folder) = dialogs::folder_path(&app, current).map_err(invalid)? else {
        return drop_folder_state(&desk);
    };
    watch_drop_folder(&app, &desk, Some(folder))
}

/// Stops watching the drop folder.
#[tauri::command(async)]
pub fn stop_drop_folder(app: AppHandle, desk: State<'_, Desk>) -> CommandResult<DropFolderState> {
    watch_drop_folder(&app, &desk, None)
}

/// Sets the drop folder (it must exist) and watches it, or stops watching.
fn watch_drop_folder(
    app: &AppHandle,
    desk: &Desk,
    folder: Option<PathBuf>,
) -> CommandResult<DropFolderState> {
    with_library(desk, |library| {
        library.set_drop_folder_path(folder.as_deref())
    })?;
    {
        let mut watch = desk.watch.lock().map_err(poisoned)?;
        let unchanged = watch.as_ref().map(DropWatch::folder) == folder.as_deref();
        if !unchanged {
            // The old watch stops when dropped.
            let library = library_path(desk)?;
            *watch = folder.map(|folder| DropWatch::start(app.clone(), library, folder));
        }
    }
    drop_folder_state(desk)
}

fn export_format(name: &str) -> CommandResult<ExportFormat> {
    ExportFormat::parse(name).ok_or_else(|| invalid(format!("no export format {name:?}")))
}

/// What keeps this export from going without an override (empty when it may).
#[tauri::command(async)]
pub fn export_blockers(
    desk: State<'_, Desk>,
    story_id: i64,
    format: String,
    revision_id: Option<i64>,
) -> CommandResult<Vec<String>> {
    let format = export_format(&format)?;
    with_library(&desk, |library| {
        library.export_blockers(story_id, format, revision_id)
    })
}

/// What an export would write, as text, for the dialog's preview. Nothing
/// is recorded.
#[tauri::command(async)]
pub fn export_preview(
    desk: State<'_, Desk>,
    story_id: i64,
    format: String,
    revision_id: Option<i64>,
) -> CommandResult<String> {
    let format = export_format(&format)?;
    let (_, bytes) = with_library(&desk, |library| {
        library.render_export(story_id, format, revision_id)
    })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Exports a revision of a story to a file chosen in the system's save
/// dialog, opened here so the page never names a path. Refused before the
/// dialog opens when something blocks the export and no reason overrides it.
/// `None` when the editor cancels.
#[tauri::command(async)]
pub fn export_story(
    app: AppHandle,
    desk: State<'_, Desk>,
    story_id: i64,
    format: String,
    revision_id: Option<i64>,
    override_reason: Option<String>,
) -> CommandResult<Option<ExportOutcome>> {
    let format = export_format(&format)?;
    let reason = override_reason.filter(|r| !r.trim().is_empty());
    let suggested = with_library(&desk, |library| {
        library.check_export(story_id, format, revision_id, reason.as_deref())?;
        library.export_file_name(story_id, format, revision_id)
    })?;
    let Some(path) = dialogs::save_path(&app, "Export story", &suggested, format.extension())
        .map_err(invalid)?
    else {
        return Ok(None);
    };
    let (outcome, _) = with_library(&desk, |library| {
        // The save dialog has asked before replacing a file.
        library.export(&ExportRequest {
            revision: revision_id,
            out: Some(&path),
            replace_existing: true,
            override_reason: reason.as_deref(),
            ..ExportRequest::new(story_id, format)
        })
    })?;
    Ok(Some(outcome))
}

/// Backs the whole library up into a file chosen in the system's save
/// dialog. The copy has a connection of its own, so the desk keeps working
/// meanwhile; progress arrives as `backup-progress` events. `None` when the
/// editor cancels.
#[tauri::command(async)]
pub fn backup_library(
    app: AppHandle,
    desk: State<'_, Desk>,
) -> CommandResult<Option<wiredesk_core::backup::BackupReport>> {
    use tauri::Emitter as _;
    let library = library_path(&desk)?;
    let suggested = wiredesk_core::backup::suggested_file_name();
    let Some(path) =
        dialogs::save_path(&app, "Back up the library", &suggested, "sqlite").map_err(invalid)?
    else {
        return Ok(None);
    };
    let mut last = std::time::Instant::now();
    let mut progress = |done: u64, total: u64| {
        if done == total || last.elapsed() >= std::time::Duration::from_millis(100) {
            last = std::time::Instant::now();
            let _ = app.emit(
                "backup-progress",
                serde_json::json!({ "done": done, "total": total }),
            );
        }
    };
    if wiredesk_core::library::team::is_team_location(&library) {
        // A team library's rows copied into the file, on a connection of
        // its own so the desk keeps working; the copy records itself. The
        // save dialog has asked before replacing a file: the backup is
        // written beside it and renamed over it once complete.
        return off_runtime(|| {
            let mut team = wiredesk_core::Library::open(&library)?;
            Ok(Some(team.backup_to_file(&path, true, &mut progress)?))
        });
    }
    // The save dialog has asked before replacing a file.
    let report = wiredesk_core::backup::backup_library(&library, &path, true, &mut progress)?;
    // The backup is written: a failure to note it in the audit log must not
    // make the editor think otherwise.
    if let Err(err) = with_library(&desk, |library| library.record_backup(&report)) {
        eprintln!(
            "wiredesk: backup to {} not recorded in the audit log: {}",
            report.file.display(),
            err.message
        );
    }
    Ok(Some(report))
}

/// Files chosen in the system's open dialog (opened here) are ingested in
/// the background, with progress as events. The number of files chosen.
#[tauri::command(async)]
pub fn open_files(app: AppHandle, desk: State<'_, Desk>) -> CommandResult<usize> {
    let paths = dialogs::open_paths(&app).map_err(invalid)?;
    if !paths.is_empty() {
        let library = library_path(&desk)?;
        let chosen = paths.clone();
        std::thread::spawn(move || {
            if let Err(err) = crate::ingest_job::ingest_paths(&app, &library, &chosen) {
                eprintln!("wiredesk: ingesting opened files: {err}");
            }
        });
    }
    Ok(paths.len())
}

/// The diff of two revisions of a story (by default the agency's original
/// against the current text).
#[tauri::command(async)]
pub fn story_diff(
    desk: State<'_, Desk>,
    story_id: i64,
    from: Option<i64>,
    to: Option<i64>,
    ignore_whitespace: bool,
    ignore_typography: bool,
) -> CommandResult<StoryDiff> {
    let options = DiffOptions {
        ignore_whitespace,
        ignore_typography,
    };
    with_library(&desk, |library| library.diff(story_id, from, to, options))
}

/// Merges the agency's newest version into the desk's copy, or finds the
/// merge left waiting on conflicts.
#[tauri::command(async)]
pub fn merge_story(desk: State<'_, Desk>, story_id: i64) -> CommandResult<MergeReview> {
    with_library(&desk, |library| library.merge_review(story_id, None))
}

/// A conflict's resolution as the UI sends it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "text")]
pub enum ResolutionInput {
    Ours,
    Theirs,
    Text(String),
}

/// Resolves one conflict of the open merge; the merge is saved when none is left.
#[tauri::command(async)]
pub fn resolve_conflict(
    desk: State<'_, Desk>,
    story_id: i64,
    conflict_id: i64,
    resolution: ResolutionInput,
) -> CommandResult<MergeReview> {
    with_library(&desk, |library| {
        library.resolve_conflict_review(story_id, conflict_id, resolution.into())
    })
}

impl From<ResolutionInput> for Resolution {
    fn from(input: ResolutionInput) -> Resolution {
        match input {
            ResolutionInput::Ours => Resolution::Ours,
            ResolutionInput::Theirs => Resolution::Theirs,
            ResolutionInput::Text(text) => Resolution::Text(text),
        }
    }
}

/// One conflict of a draft merge, answered.
#[derive(Debug, Deserialize)]
pub struct DraftResolution {
    id: i64,
    resolution: ResolutionInput,
}

/// Merges the editor's unsaved draft (begun on `base_revision_id`) with
/// the revision another desktop saved since (`theirs_revision_id`): saved
/// when nothing conflicts or every conflict is answered, else the
/// conflicts to answer (nothing saved).
#[tauri::command(async)]
pub fn merge_draft(
    desk: State<'_, Desk>,
    story_id: i64,
    base_revision_id: i64,
    theirs_revision_id: i64,
    headline: String,
    body: String,
    resolutions: Vec<DraftResolution>,
) -> CommandResult<wiredesk_core::model::MergeOutcome> {
    let resolutions: Vec<(i64, Resolution)> = resolutions
        .into_iter()
        .map(|r| (r.id, r.resolution.into()))
        .collect();
    with_library(&desk, |library| {
        library.merge_draft(
            story_id,
            base_revision_id,
            theirs_revision_id,
            &headline,
            &body,
            &resolutions,
        )
    })
}

/// The desk's preferences: who is acting, and the library's settings.
#[derive(Debug, Serialize)]
pub struct Preferences {
    /// The name recorded as the author of what the desk does.
    actor: String,
    /// Each setting's key, what it is for, and its value if set.
    settings: Vec<PreferenceValue>,
}

#[derive(Debug, Serialize)]
pub struct PreferenceValue {
    key: &'static str,
    about: &'static str,
    value: Option<String>,
}

fn preferences(library: &wiredesk_core::Library) -> wiredesk_core::Result<Preferences> {
    let settings = SETTINGS
        .iter()
        .map(|(key, about)| {
            Ok(PreferenceValue {
                key,
                about,
                value: library.setting(key)?,
            })
        })
        .collect::<wiredesk_core::Result<_>>()?;
    Ok(Preferences {
        actor: library.actor().to_owned(),
        settings,
    })
}

#[tauri::command(async)]
pub fn get_preferences(desk: State<'_, Desk>) -> CommandResult<Preferences> {
    with_library(&desk, |library| preferences(library))
}

/// Sets (an empty value clears) one of the library's settings.
#[tauri::command(async)]
pub fn set_preference(
    desk: State<'_, Desk>,
    key: String,
    value: Option<String>,
) -> CommandResult<Preferences> {
    with_library(&desk, |library| {
        library.set_setting(&key, value.as_deref())?;
        preferences(library)
    })
}

/// Says which story this desktop has open (`None`: the inbox) and whether
/// its editor is typing; announced at once when it changed (the heartbeat
/// repeats it).
#[tauri::command(async)]
pub fn set_presence(
    desk: State<'_, Desk>,
    story_id: Option<i64>,
    typing: bool,
) -> CommandResult<()> {
    let here = crate::live::Here { story_id, typing };
    let changed = {
        let mut slot = desk.here.lock().map_err(poisoned)?;
        std::mem::replace(&mut *slot, here) != here
    };
    if changed {
        crate::live::announce(&desk, here, None)?;
    }
    Ok(())
}

/// Who else is on the desk: this desktop's id and user, and every desktop
/// heard from within the expiry.
#[derive(Debug, Serialize)]
pub struct DeskPresence {
    desktop: String,
    actor: String,
    presence: Vec<wiredesk_core::Presence>,
}

#[tauri::command(async)]
pub fn desk_presence(desk: State<'_, Desk>) -> CommandResult<DeskPresence> {
    let desktop = desk.desktop.clone();
    with_library(&desk, |library| {
        Ok(DeskPresence {
            desktop,
            actor: library.actor().to_owned(),
            presence: library.presence()?,
        })
    })
}

/// The desk's people, by name.
#[tauri::command(async)]
pub fn desk_people(desk: State<'_, Desk>) -> CommandResult<Vec<wiredesk_core::Person>> {
    with_library(&desk, |library| library.people())
}

/// Adds a person to the desk, or changes their initials and role; the
/// desk's people after it.
#[tauri::command(async)]
pub fn set_person(
    desk: State<'_, Desk>,
    name: String,
    initials: String,
    role: wiredesk_core::PersonRole,
) -> CommandResult<Vec<wiredesk_core::Person>> {
    with_library(&desk, |library| {
        library.set_person(&name, &initials, role)?;
        library.people()
    })
}

/// The claims still to check assigned to this desktop's user, and the
/// window's title that says so (set here, and given to the page for its own).
#[derive(Debug, Serialize)]
pub struct AssignedToMe {
    count: i64,
    title: String,
}

/// The window's title for `count` claims assigned to the user.
fn assigned_title(count: i64) -> String {
    match count {
        ..=0 => "Wiredesk".to_owned(),
        1 => "Wiredesk — 1 claim assigned to you".to_owned(),
        n => format!("Wiredesk — {n} claims assigned to you"),
    }
}

#[tauri::command(async)]
pub fn assigned_to_me(
    window: tauri::WebviewWindow,
    desk: State<'_, Desk>,
) -> CommandResult<AssignedToMe> {
    let count = with_library(&desk, |library| library.assigned_to_me())?;
    let title = assigned_title(count);
    if let Err(err) = window.set_title(&title) {
        eprintln!("wiredesk: setting the window's title: {err}");
    }
    Ok(AssignedToMe { count, title })
}

/// What in the story's text the agency's copy does not back: the checks
/// the story opens with (the figures of other stories come after, from
/// `story_figure_findings`).
#[tauri::command(async)]
pub fn story_integrity(
    desk: State<'_, Desk>,
    story_id: i64,
) -> CommandResult<Vec<IntegrityFinding>> {
    with_library(&desk, |library| library.wire_findings(story_id))
}

/// The story's figures that other held stories report differently, asked
/// for once the story is open (it searches the library).
#[tauri::command(async)]
pub fn story_figure_findings(
    desk: State<'_, Desk>,
    story_id: i64,
) -> CommandResult<Vec<IntegrityFinding>> {
    with_library(&desk, |library| library.figure_findings(story_id))
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

/// A story's claims, in text order (offsets in Unicode scalars).
#[tauri::command(async)]
pub fn story_claims(desk: State<'_, Desk>, story_id: i64) -> CommandResult<Vec<AppClaim>> {
    with_library(&desk, |library| {
        Ok(library
            .claims(story_id)?
            .into_iter()
            .map(AppClaim::from)
            .collect())
    })
}

fn invalid(message: String) -> CommandError {
    CommandError::new("invalid-input", message)
}

/// Marks `start..end` (Unicode scalar offsets into the current body) as a claim.
#[tauri::command(async)]
pub fn add_claim(
    desk: State<'_, Desk>,
    story_id: i64,
    start: usize,
    end: usize,
    kind: String,
) -> CommandResult<AppClaim> {
    let kind =
        ClaimKind::parse(&kind).ok_or_else(|| invalid(format!("unknown claim kind {kind:?}")))?;
    with_library(&desk, |library| {
        library
            .add_claim(story_id, start, end, kind)
            .map(AppClaim::from)
    })
}

/// Sets a claim's status and/or assignee, and/or adds a note.
#[tauri::command(async)]
pub fn update_claim(
    desk: State<'_, Desk>,
    claim_id: ClaimId,
    status: Option<String>,
    note: Option<String>,
    assignee: Option<String>,
) -> CommandResult<AppClaim> {
    with_library(&desk, |library| {
        library
            .update_claim(
                claim_id,
                status.as_deref(),
                note.as_deref(),
                assignee.as_deref(),
            )
            .map(AppClaim::from)
    })
}

/// A piece of evidence as the UI sends it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "value")]
pub enum EvidenceInput {
    Url(String),
    Doc(String),
    Contact(String),
}

#[tauri::command(async)]
pub fn add_claim_evidence(
    desk: State<'_, Desk>,
    claim_id: ClaimId,
    evidence: EvidenceInput,
) -> CommandResult<ClaimEvent> {
    let evidence = match evidence {
        EvidenceInput::Url(v) => Evidence::Url(v),
        EvidenceInput::Doc(v) => Evidence::Doc(v),
        EvidenceInput::Contact(v) => Evidence::Contact(v),
    };
    with_library(&desk, |library| {
        library.add_claim_evidence(claim_id, &evidence)
    })
}

/// Dismisses a suggested claim (it is kept, marked dismissed) or restores it.
#[tauri::command(async)]
pub fn dismiss_claim(
    desk: State<'_, Desk>,
    claim_id: ClaimId,
    dismissed: bool,
) -> CommandResult<AppClaim> {
    with_library(&desk, |library| {
        library
            .dismiss_claim(claim_id, dismissed)
            .map(AppClaim::from)
    })
}

/// A claim's history, oldest first.
#[tauri::command(async)]
pub fn claim_history(desk: State<'_, Desk>, claim_id: ClaimId) -> CommandResult<Vec<ClaimEvent>> {
    with_library(&desk, |library| library.claim_history(claim_id))
}

/// Saves the editor's text as a new revision made on `base_revision_id`;
/// refused with kind `edit-conflict` when someone saved another since.
/// Returns the story as saved (claims carried to the new text).
#[tauri::command(async)]
pub fn save_story(
    desk: State<'_, Desk>,
    story_id: i64,
    base_revision_id: i64,
    headline: String,
    body: String,
    note: Option<String>,
) -> CommandResult<StoryDetail> {
    with_library(&desk, |library| {
        // Text the same as the current revision saves nothing; the story
        // comes back as it is and the page says so.
        match library.save_edit(
            story_id,
            Some(base_revision_id),
            &headline,
            &body,
            note.as_deref(),
        ) {
            Ok(_) | Err(wiredesk_core::Error::Unchanged { .. }) => {}
            Err(err) => return Err(err),
        }
        library.story(story_id)
    })
}

/// A story's revisions, oldest first, each with what it changed and the
/// exports made of it.
#[tauri::command(async)]
pub fn story_history(desk: State<'_, Desk>, story_id: i64) -> CommandResult<Vec<HistoryEntry>> {
    with_library(&desk, |library| library.history(story_id))
}

/// Makes a new revision equal to an old one (history is never rewritten)
/// and returns the story as it now is.
#[tauri::command(async)]
pub fn restore_revision(
    desk: State<'_, Desk>,
    story_id: i64,
    revision_id: i64,
) -> CommandResult<StoryDetail> {
    with_library(&desk, |library| {
        library.restore(story_id, revision_id)?;
        library.story(story_id)
    })
}

/// The story's newest wire version as cleaning left it, with every passage
/// the cleaner removed and whether each is back in the current text.
#[tauri::command(async)]
pub fn story_cleaning(desk: State<'_, Desk>, story_id: i64) -> CommandResult<CleanedCopy> {
    with_library(&desk, |library| library.cleaned_copy(story_id))
}

/// Puts a passage cleaning removed back in place as a new revision and
/// returns the story as it now is.
#[tauri::command(async)]
pub fn restore_removed_passage(
    desk: State<'_, Desk>,
    story_id: i64,
    passage_id: i64,
) -> CommandResult<StoryDetail> {
    with_library(&desk, |library| {
        library.restore_removed(story_id, passage_id)?;
        library.story(story_id)
    })
}

/// Whether a library is open, or why the one named could not be opened.
#[derive(Debug, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum LibraryState {
    /// The desk has a library: `seeded` sample stories were loaded into it
    /// just now (a new library).
    Open { path: String, seeded: usize },
    /// No library: why the file named could not be opened.
    Failed { failure: OpenFailure },
}

fn state_of(desk: &Desk) -> CommandResult<LibraryState> {
    if let Some(path) = desk.library_shown() {
        return Ok(LibraryState::Open { path, seeded: 0 });
    }
    let failure = desk.failure.lock().map_err(poisoned)?.clone();
    failure
        .map(|failure| LibraryState::Failed { failure })
        .ok_or_else(no_library)
}

/// Opens the library at `path` for the desk: on success it becomes the
/// desk's library, else its failure is the one the window shows.
fn open_into_desk(app: &AppHandle, desk: &Desk, path: &std::path::Path) -> LibraryState {
    off_runtime(|| open_into_desk_here(app, desk, path))
}

fn open_into_desk_here(app: &AppHandle, desk: &Desk, path: &std::path::Path) -> LibraryState {
    match crate::open_for_desk(path) {
        Ok((library, seeded)) => {
            let path = library.path().display().to_string();
            desk.install(app, library);
            LibraryState::Open { path, seeded }
        }
        Err(failure) => {
            desk.failed(failure.clone());
            LibraryState::Failed { failure }
        }
    }
}

/// The file the window is about: the library that could not be opened.
fn failing_path(desk: &Desk) -> CommandResult<PathBuf> {
    let failure = desk.failure.lock().map_err(poisoned)?;
    failure
        .as_ref()
        .map(|failure| failure.path.clone())
        .ok_or_else(|| invalid("a library is open: nothing failed to open".into()))
}

/// Whether the desk has a library, or why the library could not be opened:
/// the page asks first, and shows the desk or the window that explains.
#[tauri::command(async)]
pub fn library_state(desk: State<'_, Desk>) -> CommandResult<LibraryState> {
    desk.wait_until_settled();
    state_of(&desk)
}

/// Opens another library, chosen in the system's open dialog, for as long
/// as the app runs. `None` when the editor cancels.
#[tauri::command(async)]
pub fn open_other_library(
    app: AppHandle,
    desk: State<'_, Desk>,
) -> CommandResult<Option<LibraryState>> {
    let Some(path) = dialogs::library_path(&app).map_err(invalid)? else {
        return Ok(None);
    };
    Ok(Some(open_into_desk(&app, &desk, &path)))
}

/// Creates a new library (with the sample stories) where the system's save
/// dialog says. An existing file is never replaced by an empty library.
#[tauri::command(async)]
pub fn create_library(
    app: AppHandle,
    desk: State<'_, Desk>,
) -> CommandResult<Option<LibraryState>> {
    let Some(path) = dialogs::save_path(&app, "Create a new library", "library.sqlite", "sqlite")
        .map_err(invalid)?
    else {
        return Ok(None);
    };
    if path.exists() {
        return Err(invalid(format!(
            "{} already exists: a new library needs a new file name (Open another library… opens this one)",
            path.display()
        )));
    }
    Ok(Some(open_into_desk(&app, &desk, &path)))
}

/// Puts a backup, chosen in the system's open dialog, in place of the
/// library that could not be opened (which is kept beside it, as
/// `wiredesk restore` does) and opens it. `None` when the editor cancels.
#[tauri::command(async)]
pub fn restore_library_backup(
    app: AppHandle,
    desk: State<'_, Desk>,
) -> CommandResult<Option<RestoredLibrary>> {
    let library = failing_path(&desk)?;
    let Some(backup) = dialogs::backup_path(&app).map_err(invalid)? else {
        return Ok(None);
    };
    let report = wiredesk_core::backup::restore(&library, &backup, &mut |_, _| {})?;
    let state = open_into_desk(&app, &desk, &library);
    Ok(Some(RestoredLibrary {
        kept_at: report
            .previous_kept_at
            .map(|path| path.display().to_string()),
        state,
    }))
}

/// A restore done: where the replaced file was kept, and the library now.
#[derive(Debug, Serialize)]
pub struct RestoredLibrary {
    kept_at: Option<String>,
    state: LibraryState,
}

/// The health check of the library that could not be opened, read as it
/// is (nothing changed). Refused, saying why, when the file cannot be read.
#[tauri::command(async)]
pub fn check_library_file(
    desk: State<'_, Desk>,
) -> CommandResult<wiredesk_core::backup::HealthReport> {
    let path = failing_path(&desk)?;
    wiredesk_core::backup::check_file_as_is(&path, Default::default(), &mut |_| {})
        .map_err(|err| CommandError::new("cannot-check", err.to_string()))
}

/// Tries the library that could not be opened again (a drive connected, a
/// lock let go).
#[tauri::command(async)]
pub fn retry_library(app: AppHandle, desk: State<'_, Desk>) -> CommandResult<LibraryState> {
    let path = failing_path(&desk)?;
    Ok(open_into_desk(&app, &desk, &path))
}

/// What a team library answered when Preferences tried its address.
#[derive(Debug, Serialize)]
pub struct TeamLibraryCheck {
    /// The address as shown (never a password).
    location: String,
    stories: i64,
    schema_version: i64,
}

/// Preferences → Library → Team library, "Test connection": opens the
/// PostgreSQL library at `url` on a connection of its own and says how
/// many stories it holds, or why it cannot be used.
#[tauri::command(async)]
pub fn check_team_library(url: String) -> CommandResult<TeamLibraryCheck> {
    off_runtime(|| check_team_library_here(&url))
}

fn check_team_library_here(url: &str) -> CommandResult<TeamLibraryCheck> {
    wiredesk_core::check_team_address(url)?;
    let library = wiredesk_core::Library::open(std::path::Path::new(url.trim()))
        .map_err(about_another_library)?;
    Ok(TeamLibraryCheck {
        location: library.path().display().to_string(),
        stories: library.story_count().map_err(about_another_library)?,
        schema_version: library.schema_version().map_err(about_another_library)?,
    })
}

/// Preferences → Library → Team library, "Save in the keyring": checks
/// `password` against the server at `url` and saves it in the system
/// keyring for that role and database (never in the settings), where the
/// desk's connections find it. Returns the keyring account.
#[tauri::command(async)]
pub fn save_team_password(url: String, password: String) -> CommandResult<String> {
    wiredesk_core::check_team_address(&url)?;
    off_runtime(|| {
        wiredesk_core::Library::save_team_password(url.trim(), &password)
            .map_err(about_another_library)
    })
}

/// Preferences → Library → Team library, "Use this library": the desk
/// switches to the team library at `url` and opens it at every start from
/// now on; `None` goes back to the library file. The library open now stays
/// open when the other cannot be opened (the error says why).
#[tauri::command(async)]
pub fn use_team_library(
    app: AppHandle,
    desk: State<'_, Desk>,
    url: Option<String>,
) -> CommandResult<LibraryState> {
    let location = match &url {
        Some(url) => {
            wiredesk_core::check_team_address(url)?;
            PathBuf::from(url.trim())
        }
        None => wiredesk_core::resolve_library_path(None)?,
    };
    off_runtime(|| {
        let (library, seeded) = crate::open_for_desk(&location)
            .map_err(|failure| CommandError::new("cannot-open", failure.to_string()))?;
        wiredesk_core::choose_team_library(url.as_deref())?;
        let path = library.path().display().to_string();
        desk.install(&app, library);
        Ok(LibraryState::Open { path, seeded })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A team library whose server cannot be reached (nothing listens on
    /// port 1): the error a desk call would get.
    fn unreachable() -> wiredesk_core::Error {
        let address = std::path::Path::new("postgres://wiredesk:s3cret@127.0.0.1:1/newsroom");
        match off_runtime(|| wiredesk_core::Library::open(address)) {
            Ok(_) => panic!("nothing listens on port 1"),
            Err(err) => err,
        }
    }

    #[test]
    fn a_team_library_out_of_reach_is_its_own_kind_naming_the_library() {
        let err = CommandError::from(unreachable());
        assert_eq!(err.kind, LIBRARY_UNREACHABLE);
        let shown = "postgres://wiredesk:***@127.0.0.1:1/newsroom";
        assert_eq!(err.location.as_deref(), Some(shown));
        assert!(err.message.contains(shown), "{}", err.message);
        assert!(!err.message.contains("s3cret"), "{}", err.message);
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(json["kind"], "library-unreachable");
        assert_eq!(json["location"], shown);
    }

    #[test]
    fn the_title_counts_the_claims_assigned_to_the_user() {
        assert_eq!(assigned_title(0), "Wiredesk");
        assert_eq!(assigned_title(1), "Wiredesk — 1 claim assigned to you");
        assert_eq!(assigned_title(4), "Wiredesk — 4 claims assigned to you");
    }

    #[test]
    fn other_errors_keep_their_kinds_and_no_location() {
        let err = CommandError::from(wiredesk_core::Error::StoryNotFound(7));
        assert_eq!(err.kind, "not-found");
        let json = serde_json::to_value(&err).unwrap();
        assert!(json.get("location").is_none(), "{json}");
        // Preferences trying another library: an answer, not the desk's library lost.
        assert_eq!(about_another_library(unreachable()).kind, "internal");
    }
}

// ---------------------------------------------------------------- house style

/// The house-style and spelling matches in a story: in `text` (the
/// editor's unsaved body) when given, else in its current body. Offsets
/// are Unicode scalar values. Runs off the main thread like every command;
/// the page calls it debounced while the editor types.
#[tauri::command(async)]
pub fn style_check(
    desk: State<'_, Desk>,
    story_id: i64,
    text: Option<String>,
) -> CommandResult<wiredesk_core::StyleCheck> {
    with_library(&desk, |library| {
        library.style_check(story_id, text.as_deref())
    })
}

/// "Ignore here": this rule's matches on exactly `text` stop showing in the story.
#[tauri::command(async)]
pub fn style_ignore(
    desk: State<'_, Desk>,
    story_id: i64,
    rule: String,
    text: String,
) -> CommandResult<()> {
    with_library(&desk, |library| {
        library.ignore_style_match(story_id, &rule, &text)
    })
}

/// What Preferences → Style shows: the guide, the starter guides' names
/// and the desk dictionary.
#[derive(serde::Serialize)]
pub struct StyleSettings {
    guide: wiredesk_core::style::StyleGuide,
    starters: Vec<&'static str>,
    words: Vec<wiredesk_core::DeskWord>,
}

#[tauri::command(async)]
pub fn style_settings(desk: State<'_, Desk>) -> CommandResult<StyleSettings> {
    with_library(&desk, |library| {
        Ok(StyleSettings {
            guide: library.style_guide()?,
            starters: wiredesk_core::style::STARTER_GUIDES
                .iter()
                .map(|(name, _)| *name)
                .collect(),
            words: library.desk_words()?,
        })
    })
}

/// Adds a rule to the guide, or replaces the one with its id; refused
/// (kind `invalid-input`) when it does not compile or fails its examples.
#[tauri::command(async)]
pub fn style_save_rule(
    desk: State<'_, Desk>,
    rule: wiredesk_core::style::StyleRule,
) -> CommandResult<wiredesk_core::style::StyleGuide> {
    with_library(&desk, |library| library.save_style_rule(rule))
}

#[tauri::command(async)]
pub fn style_remove_rule(
    desk: State<'_, Desk>,
    id: String,
) -> CommandResult<wiredesk_core::style::StyleGuide> {
    with_library(&desk, |library| library.remove_style_rule(&id))
}

/// Makes a starter guide ("agency", "british") the desk's guide.
#[tauri::command(async)]
pub fn style_use_guide(
    desk: State<'_, Desk>,
    name: String,
) -> CommandResult<wiredesk_core::style::StyleGuide> {
    with_library(&desk, |library| library.use_style_guide(&name))
}

#[tauri::command(async)]
pub fn style_set_dialect(
    desk: State<'_, Desk>,
    dialect: String,
) -> CommandResult<wiredesk_core::style::StyleGuide> {
    with_library(&desk, |library| {
        library.set_style_dialect(wiredesk_core::style::Dialect::parse(&dialect)?)
    })
}

/// What a rule (not yet saved) would match across the library.
#[tauri::command(async)]
pub fn style_try_rule(
    desk: State<'_, Desk>,
    rule: wiredesk_core::style::StyleRule,
    limit: Option<u32>,
) -> CommandResult<wiredesk_core::RuleTrial> {
    with_library(&desk, |library| {
        library.try_style_rule(&rule, limit.unwrap_or(10).min(100))
    })
}

/// Adds the names the library's stories share to the desk dictionary.
#[tauri::command(async)]
pub fn style_learn_names(desk: State<'_, Desk>) -> CommandResult<wiredesk_core::LearnedNames> {
    with_library(&desk, |library| library.learn_names(3, 5_000))
}

/// Adds a word to the desk dictionary; false when it was there.
#[tauri::command(async)]
pub fn add_desk_word(desk: State<'_, Desk>, word: String) -> CommandResult<bool> {
    with_library(&desk, |library| library.add_desk_word(&word))
}

#[tauri::command(async)]
pub fn remove_desk_word(desk: State<'_, Desk>, word: String) -> CommandResult<bool> {
    with_library(&desk, |library| library.remove_desk_word(&word))
}

/// Makes a guide file, chosen in the system dialog, the desk's guide;
/// `None` when cancelled. Nothing changes when a rule of it is wrong.
#[tauri::command(async)]
pub fn style_import_guide(
    app: AppHandle,
    desk: State<'_, Desk>,
) -> CommandResult<Option<wiredesk_core::style::StyleGuide>> {
    let Some(path) = dialogs::guide_path(&app).map_err(invalid)? else {
        return Ok(None);
    };
    with_library(&desk, |library| library.import_style_guide(&path)).map(Some)
}

/// Writes the desk's guide to a TOML file chosen in the system dialog;
/// the file written, or `None` when cancelled.
#[tauri::command(async)]
pub fn style_export_guide(app: AppHandle, desk: State<'_, Desk>) -> CommandResult<Option<String>> {
    let name = with_library(&desk, |library| Ok(library.style_guide()?.name))?;
    let Some(path) = dialogs::save_path(
        &app,
        "Export the style guide",
        &format!("{name}.toml"),
        "toml",
    )
    .map_err(invalid)?
    else {
        return Ok(None);
    };
    with_library(&desk, |library| library.export_style_guide(&path))?;
    Ok(Some(path.display().to_string()))
}
