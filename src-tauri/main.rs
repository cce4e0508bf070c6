// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if let Err(err) = wiredesk_app::run() {
        eprintln!("wiredesk: {err:#}");
        std::process::exit(1);
    }
}
