//! The Wiredesk desktop shell: Tauri commands and app start-up. Thin adapters
//! only: each command takes ids and plain values, calls the core's
//! [`Library`], and maps its error to a message the UI can show.

mod commands;
mod dialogs;
mod ingest_job;

use std::{path::PathBuf, sync::Mutex};

use anyhow::Context as _;
use tauri::Manager as _;
use wiredesk_core::{resolve_library_path, store::Searcher, Library};

use ingest_job::DropWatch;

/// Environment variable naming a drop folder to watch from start-up (it
/// becomes the library's drop-folder preference).
pub const DROP_FOLDER_ENV: &str = "WIREDESK_DROP_FOLDER";

/// The open library, shared by all commands. SQLite work is short; commands
/// run off the main thread (`async`), so the window never waits on it.
/// Ingest jobs open connections of their own.
pub struct Desk {
    library: Mutex<Library>,
    /// Searches, on a connection of their own: the search box never waits
    /// for the library's other work, and each keystroke's search stops the
    /// one before it.
    search: Searcher,
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
    let search = Searcher::open(&path).context("opening the library for search")?;
    let dropped_library = path.clone();
    // The window's size and place are saved soon after they change, not
    // only at a clean exit, so a crash or a kill keeps them too.
    let saver_app = std::sync::Arc::new(std::sync::OnceLock::<tauri::AppHandle>::new());
    let window_saver = WindowStateSaver::start(std::sync::Arc::clone(&saver_app));
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        // The window opens where and as large as the editor left it.
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .manage(Desk {
            library: Mutex::new(library),
            search,
            library_path: path.clone(),
            watch: Mutex::new(None),
        })
        .setup(move |app| {
            saver_app.set(app.handle().clone()).ok();
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
            if matches!(
                event,
                tauri::WindowEvent::Moved(_) | tauri::WindowEvent::Resized(_)
            ) {
                window_saver.touched();
            }
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
            commands::story_figure_findings,
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
            commands::story_cleaning,
            commands::restore_removed_passage,
            commands::backup_library,
        ])
        .run(tauri::generate_context!("tauri.conf.json"))
        .context("running the Wiredesk window")
}

/// Saves the window state (tauri-plugin-window-state) half a second after
/// the window last moved or changed size.
struct WindowStateSaver {
    changes: std::sync::mpsc::Sender<()>,
}

impl WindowStateSaver {
    const SETTLE: std::time::Duration = std::time::Duration::from_millis(500);

    fn start(app: std::sync::Arc<std::sync::OnceLock<tauri::AppHandle>>) -> WindowStateSaver {
        let (changes, heard) = std::sync::mpsc::channel::<()>();
        std::thread::Builder::new()
            .name("window-state".into())
            .spawn(move || {
                use tauri_plugin_window_state::{AppHandleExt as _, StateFlags};
                // Each change, then quiet for SETTLE, then one save.
                while heard.recv().is_ok() {
                    while heard.recv_timeout(Self::SETTLE).is_ok() {}
                    if let Some(app) = app.get() {
                        // On the main thread, as the plugin's own saves are: from
                        // here its window queries would wait on the main thread
                        // while holding the lock the main thread's handlers take.
                        let handle = app.clone();
                        let saved = app.run_on_main_thread(move || {
                            if let Err(err) = handle.save_window_state(StateFlags::all()) {
                                eprintln!("wiredesk: saving the window's size and place: {err}");
                            }
                        });
                        if saved.is_err() {
                            return; // the app is closing
                        }
                    }
                }
            })
            .map_err(|err| eprintln!("wiredesk: cannot save the window's size and place: {err}"))
            .ok();
        WindowStateSaver { changes }
    }

    fn touched(&self) {
        let _ = self.changes.send(());
    }
}
