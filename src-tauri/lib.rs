//! The Wiredesk desktop shell: Tauri commands and app start-up. Thin adapters
//! only: each command takes ids and plain values, calls the core's
//! [`Library`], and maps its error to a message the UI can show.

mod commands;

use std::{path::PathBuf, sync::Mutex};

use anyhow::Context as _;
use wiredesk_core::{resolve_library_path, Library};

/// The open library, shared by all commands. SQLite work is short; commands
/// run off the main thread (`async`), so the window never waits on it.
pub struct Desk {
    library: Mutex<Library>,
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
    tauri::Builder::default()
        .manage(Desk {
            library: Mutex::new(library),
        })
        .invoke_handler(tauri::generate_handler![
            commands::list_stories,
            commands::get_story,
            commands::search_stories,
        ])
        .run(tauri::generate_context!("tauri.conf.json"))
        .context("running the Wiredesk window")
}
