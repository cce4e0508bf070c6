//! Tauri's build step: embeds tauri.conf.json, resolves the capabilities in
//! src-tauri/capabilities and generates a permission for each app command.

/// Every command the shell registers; each gets an `allow-…` permission that
/// a capability must grant before a window may call it.
const COMMANDS: &[&str] = &[
    "list_stories",
    "get_story",
    "search_stories",
    "get_drop_folder",
    "choose_drop_folder",
    "stop_drop_folder",
    "export_blockers",
    "export_preview",
    "export_story",
    "open_files",
    "story_diff",
    "merge_story",
    "resolve_conflict",
    "get_preferences",
    "set_preference",
    "story_integrity",
    "story_figure_findings",
    "acknowledge_finding",
    "list_sources",
    "story_claims",
    "add_claim",
    "update_claim",
    "add_claim_evidence",
    "dismiss_claim",
    "claim_history",
    "style_check",
    "style_ignore",
    "style_settings",
    "style_save_rule",
    "style_remove_rule",
    "style_use_guide",
    "style_set_dialect",
    "style_try_rule",
    "style_learn_names",
    "add_desk_word",
    "remove_desk_word",
    "style_import_guide",
    "style_export_guide",
    "save_story",
    "story_history",
    "restore_revision",
    "story_cleaning",
    "restore_removed_passage",
    "backup_library",
    "library_state",
    "open_other_library",
    "create_library",
    "restore_library_backup",
    "check_library_file",
    "retry_library",
    "check_team_library",
    "save_team_password",
    "use_team_library",
    "set_presence",
    "desk_presence",
    "desk_people",
    "set_person",
    "assigned_to_me",
    "merge_draft",
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
