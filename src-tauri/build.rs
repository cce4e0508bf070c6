//! Tauri's build step: embeds tauri.conf.json, resolves the capabilities in
//! src-tauri/capabilities and generates a permission for each app command.

/// Every command the shell registers; each gets an `allow-…` permission that
/// a capability must grant before a window may call it.
const COMMANDS: &[&str] = &[
    "list_stories",
    "get_story",
    "search_stories",
    "ingest_paths",
    "get_drop_folder",
    "set_drop_folder",
    "export_gate",
    "export_story",
    "story_integrity",
    "acknowledge_finding",
];

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/**/*.json")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(err) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {err:#}");
    }
}
