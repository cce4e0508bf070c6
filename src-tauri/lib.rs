//! The Wiredesk desktop shell: Tauri commands and app start-up. Thin adapters
//! only: each command takes ids and plain values, calls the core's
//! [`Library`], and maps its error to a message the UI can show.

mod commands;
mod dialogs;
mod ingest_job;
mod live;

use std::{
    path::{Path, PathBuf},
    sync::{Arc, Condvar, Mutex},
};

use anyhow::Context as _;
use tauri::Manager as _;
use wiredesk_core::{
    default_library_path,
    open_failure::{self, OpenFailure},
    resolve_library_path,
    search::LibrarySearcher,
    Library,
};

use ingest_job::DropWatch;

/// Environment variable naming a drop folder to watch from start-up (it
/// becomes the library's drop-folder preference).
pub const DROP_FOLDER_ENV: &str = "WIREDESK_DROP_FOLDER";

/// The open library, shared by all commands. SQLite work is short; commands
/// run off the main thread (`async`), so the window never waits on it.
/// Ingest jobs open connections of their own.
///
/// When the library cannot be opened the app still starts, with no library
/// and the reason in `failure`: the window says what is wrong and offers
/// another library, a new one, a backup or the health check
/// (`commands::library_state` and the commands after it). The library
/// chosen there is installed here and the desk carries on without a
/// restart.
///
/// The library named at start is opened on a thread of its own once the
/// window exists, so the window shows at once even when opening takes a
/// while (a lock waited for, a slow drive); `settled` says when it is done.
pub struct Desk {
    library: Mutex<Option<Library>>,
    /// Searches of the open library, on a connection of their own: the
    /// search box never waits for the library's other work, and each
    /// keystroke's search stops the one before it. Taken out of the lock to
    /// search, so a newer search never waits behind an older one here.
    search: Mutex<Option<Arc<LibrarySearcher>>>,
    failure: Mutex<Option<OpenFailure>>,
    watch: Mutex<Option<DropWatch>>,
    settled: (Mutex<bool>, Condvar),
    /// This running app's id on the desk (presence is per desktop).
    desktop: String,
    /// Which story this desktop has open, and whether its editor is typing.
    here: live::HereSlot,
    /// The library's event stream and this desktop's heartbeat.
    live: Mutex<Option<live::LiveDesk>>,
}

/// A library ready for the desk: opened, the sample stories loaded into an
/// empty one (as at first start), and the drop folder of
/// [`DROP_FOLDER_ENV`] set when given. Anything that goes wrong is said as
/// an [`OpenFailure`] for the window to show.
pub(crate) fn open_for_desk(path: &Path) -> Result<(Library, usize), OpenFailure> {
    let explain = |err: wiredesk_core::Error| open_failure::explain(path, &err);
    let mut library = Library::open(path).map_err(explain)?;
    // A desk's shared library is never given sample stories.
    let seeded = if library.is_team() {
        0
    } else {
        library.seed_samples_if_empty().map_err(explain)?
    };
    if seeded > 0 {
        eprintln!(
            "wiredesk: new library at {}, loaded {seeded} sample stories",
            path.display()
        );
    }
    if let Some(folder) = std::env::var_os(DROP_FOLDER_ENV).filter(|f| !f.is_empty()) {
        library
            .set_drop_folder_path(Some(Path::new(&folder)))
            .map_err(explain)?;
    }
    Ok((library, seeded))
}

impl Desk {
    /// Makes `library` the desk's library and watches its drop folder.
    pub(crate) fn install(&self, app: &tauri::AppHandle, library: Library) {
        let path = library.reopen_location();
        let drop_folder = library.drop_folder_path().ok().flatten();
        // Search on a connection of its own, to the file or to the team
        // library's server; without one, search goes through the library.
        let searcher = commands::off_runtime(|| LibrarySearcher::open(&path))
            .inspect_err(|err| eprintln!("wiredesk: searching on the library's connection: {err}"))
            .ok()
            .map(Arc::new);
        // The desk's live threads stop first; this desktop leaves the
        // library it is leaving at once rather than at the expiry.
        if let Ok(mut live) = self.live.lock() {
            live.take();
        }
        if let Ok(mut slot) = self.library.lock() {
            if let Some(mut old) = slot.replace(library) {
                let _ = commands::off_runtime(|| old.leave_presence(&self.desktop));
            }
        }
        if let Ok(mut slot) = self.search.lock() {
            *slot = searcher;
        }
        if let Ok(mut failure) = self.failure.lock() {
            *failure = None;
        }
        if let Ok(mut watch) = self.watch.lock() {
            *watch = drop_folder.map(|folder| DropWatch::start(app.clone(), path.clone(), folder));
        }
        // Other desktops' changes, as they commit; and this one's presence.
        if let Ok(mut here) = self.here.lock() {
            *here = live::Here::default();
        }
        if let Err(err) = live::announce(self, live::Here::default(), None) {
            eprintln!("wiredesk: announcing this desktop's presence: {err}");
        }
        if let Ok(mut live) = self.live.lock() {
            *live = Some(live::LiveDesk::start(app, path));
        }
    }

    /// Where this desktop is now.
    pub(crate) fn here(&self) -> live::Here {
        self.here.lock().map(|here| *here).unwrap_or_default()
    }

    /// Says this desktop has left the desk (the app is closing).
    fn leave(&self) {
        if let Ok(mut live) = self.live.lock() {
            live.take();
        }
        let Ok(mut library) = self.library.lock() else {
            return;
        };
        if let Some(library) = library.as_mut() {
            let _ = commands::off_runtime(|| library.leave_presence(&self.desktop));
        }
    }

    /// Shows `failure` in the window in place of the desk.
    pub(crate) fn failed(&self, failure: OpenFailure) {
        eprintln!("wiredesk: {failure}");
        if let Ok(mut slot) = self.failure.lock() {
            *slot = Some(failure);
        }
    }

    /// Opens the library named at start (see [`Desk`]) and says so when done.
    fn open_at_start(&self, app: &tauri::AppHandle, start: Result<PathBuf, OpenFailure>) {
        let opened = start.and_then(|path| {
            std::panic::catch_unwind(|| open_for_desk(&path)).unwrap_or_else(|_| {
                let failed = wiredesk_core::Error::InvalidInput(
                    "Wiredesk failed while opening it (please report this)".into(),
                );
                Err(open_failure::explain(&path, &failed))
            })
        });
        match opened {
            Ok((library, _)) => self.install(app, library),
            Err(failure) => self.failed(failure),
        }
        let (done, heard) = &self.settled;
        if let Ok(mut done) = done.lock() {
            *done = true;
        }
        heard.notify_all();
    }

    /// Waits until the library named at start is open or has failed.
    pub(crate) fn wait_until_settled(&self) {
        let (done, heard) = &self.settled;
        let Ok(mut done) = done.lock() else { return };
        while !*done {
            match heard.wait(done) {
                Ok(again) => done = again,
                Err(_) => return,
            }
        }
    }

    /// What opens the desk's library again (its file, or the team
    /// library's address), if one is open: for ingest jobs' connections.
    pub(crate) fn library_path(&self) -> Option<PathBuf> {
        let library = self.library.lock().ok()?;
        library.as_ref().map(Library::reopen_location)
    }

    /// The open library's location as the window shows it (never a
    /// password), if one is open.
    pub(crate) fn library_shown(&self) -> Option<String> {
        let library = self.library.lock().ok()?;
        library
            .as_ref()
            .map(|library| library.path().display().to_string())
    }
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

/// Runs the app until its window closes, opening the library (loading the
/// sample stories into an empty one) on a thread of its own as the window
/// comes up. A library that cannot be opened does not stop the app: the
/// window says why and offers a way on.
pub fn run() -> anyhow::Result<()> {
    // Neither --db nor WIREDESK_DB: the team library chosen in Preferences,
    // if any, else the library file.
    let env_names_one =
        std::env::var_os(wiredesk_core::LIBRARY_PATH_ENV).is_some_and(|v| !v.is_empty());
    let flag = db_flag()?.or_else(|| {
        (!env_names_one)
            .then(wiredesk_core::chosen_team_library)
            .flatten()
            .map(PathBuf::from)
    });
    // No home folder, or the default folder cannot be made: the window says
    // so, naming the default location.
    let start = resolve_library_path(flag.as_deref()).map_err(|err| {
        let default = default_library_path().unwrap_or_else(|| PathBuf::from("library.sqlite"));
        open_failure::explain(&default, &err)
    });
    let desk = Desk {
        library: Mutex::new(None),
        search: Mutex::new(None),
        failure: Mutex::new(None),
        watch: Mutex::new(None),
        settled: (Mutex::new(false), Condvar::new()),
        desktop: live::desktop_id(),
        here: Mutex::new(live::Here::default()),
        live: Mutex::new(None),
    };
    // The window's size and place are saved soon after they change, not
    // only at a clean exit, so a crash or a kill keeps them too.
    let saver_app = std::sync::Arc::new(std::sync::OnceLock::<tauri::AppHandle>::new());
    let window_saver = WindowStateSaver::start(std::sync::Arc::clone(&saver_app));
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        // The window opens where and as large as the editor left it.
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .manage(desk)
        .setup(move |app| {
            saver_app.set(app.handle().clone()).ok();
            let app = app.handle().clone();
            std::thread::Builder::new()
                .name("open-library".into())
                .spawn(move || app.state::<Desk>().open_at_start(&app, start))
                .context("starting to open the library")?;
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
                let Some(library) = app.state::<Desk>().library_path() else {
                    eprintln!("wiredesk: no library is open: dropped files not ingested");
                    return;
                };
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
            commands::style_check,
            commands::style_ignore,
            commands::style_settings,
            commands::style_save_rule,
            commands::style_remove_rule,
            commands::style_use_guide,
            commands::style_set_dialect,
            commands::style_try_rule,
            commands::style_learn_names,
            commands::add_desk_word,
            commands::remove_desk_word,
            commands::style_import_guide,
            commands::style_export_guide,
            commands::save_story,
            commands::story_history,
            commands::restore_revision,
            commands::story_cleaning,
            commands::restore_removed_passage,
            commands::backup_library,
            commands::library_state,
            commands::open_other_library,
            commands::create_library,
            commands::restore_library_backup,
            commands::check_library_file,
            commands::retry_library,
            commands::check_team_library,
            commands::save_team_password,
            commands::use_team_library,
            commands::set_presence,
            commands::desk_presence,
            commands::desk_people,
            commands::set_person,
            commands::assigned_to_me,
            commands::merge_draft,
        ])
        .build(tauri::generate_context!("tauri.conf.json"))
        .context("starting the Wiredesk window")?
        .run(|app, event| {
            // Other desktops stop showing this one at once, not at the expiry.
            if let tauri::RunEvent::Exit = event {
                app.state::<Desk>().leave();
            }
        });
    Ok(())
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
