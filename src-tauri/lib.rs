//! The Wiredesk desktop shell: Tauri commands and app start-up. Thin adapters
//! only: each command takes ids and plain values, calls the core's
//! [`Library`], and maps its error to a message the UI can show.

mod commands;
mod dialogs;
mod ingest_job;

use std::{path::PathBuf, sync::Mutex};

use anyhow::Context as _;
use tauri::Manager as _;
use wiredesk_core::{resolve_library_path, Library};

use ingest_job::DropWatch;

/// Environment variable naming a drop folder to watch from start-up (it
/// becomes the library's drop-folder preference).
pub const DROP_FOLDER_ENV: &str = "WIREDESK_DROP_FOLDER";

/// The open library, shared by all commands. SQLite work is short; commands
/// run off the main thread (`async`), so the window never waits on it.
/// Ingest jobs open connections of their own.
pub struct Desk {
    library: Mutex<Library>,
    library_path: PathBuf,
    watch: Mutex<Option<DropWatch>>,
}

/// `--db PATH` from the command line, if given (the app takes no other flags).
fn db_flag() -> anyhow::Result<Option<PathBuf>> {
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--db" {
            let path = args.next().context("--db needs a path")?;
            return Ok(Some(PathBuf::from(path)));
        }
        if let Some(path) = arg.to_str().and_then(|a| a.strip_prefix("--db=")) {
            return Ok(Some(PathBuf::from(path)));
        }
    }
    Ok(None)
}

/// Opens the library (loading the sample stories into an empty one) and runs
/// the app until its window closes.
pub fn run() -> anyhow::Result<()> {
    let path = resolve_library_path(db_flag()?.as_deref())?;
    let mut library =
        Library::open(&path).with_context(|| format!("opening library {}", path.display()))?;
    let seeded = library
        .seed_samples_if_empty()
        .context("loading the sample stories")?;
    if seeded > 0 {
        eprintln!(
            "wiredesk: new library at {}, loaded {seeded} sample stories",
            path.display()
        );
    }
    if let Some(folder) = std::env::var_os(DROP_FOLDER_ENV).filter(|f| !f.is_empty()) {
        library
            .set_drop_folder_path(Some(std::path::Path::new(&folder)))
            .context(DROP_FOLDER_ENV)?;
    }
    let drop_folder = library.drop_folder_path()?;
    let dropped_library = path.clone();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        // The window opens where and as large as the editor left it.
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .manage(Desk {
            library: Mutex::new(library),
            library_path: path.clone(),
            watch: Mutex::new(None),
        })
        .setup(move |app| {
            if let Some(folder) = drop_folder {
                let watch = DropWatch::start(app.handle().clone(), path.clone(), folder);
                if let Ok(mut slot) = app.state::<Desk>().watch.lock() {
                    *slot = Some(watch);
                }
            }
            Ok(())
        })
        // Files and folders dropped on the window are ingested.
        .on_window_event(move |window, event| {
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                let app = window.app_handle().clone();
                let library = dropped_library.clone();
                let paths = paths.clone();
                std::thread::spawn(move || {
                    if let Err(err) = ingest_job::ingest_paths(&app, &library, &paths) {
                        eprintln!("wiredesk: ingesting dropped files: {err}");
                    }
                });
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::list_stories,
            commands::get_story,
            commands::search_stories,
            commands::get_drop_folder,
            commands::choose_drop_folder,
            commands::stop_drop_folder,
            commands::export_blockers,
            commands::export_preview,
            commands::export_story,
            commands::open_files,
            commands::story_diff,
            commands::merge_story,
            commands::resolve_conflict,
            commands::get_preferences,
            commands::set_preference,
            commands::story_integrity,
            commands::acknowledge_finding,
            commands::list_sources,
            commands::story_claims,
            commands::add_claim,
            commands::update_claim,
            commands::add_claim_evidence,
            commands::dismiss_claim,
            commands::claim_history,
            commands::save_story,
            commands::story_history,
            commands::restore_revision,
        ])
        .run(tauri::generate_context!("tauri.conf.json"))
        .context("running the Wiredesk window")
}
