//! The window's grants: deny by default, and exactly the commands the UI
//! calls. A command the UI does not call is not granted; nothing lets the
//! page reach the file system, a shell or a plugin (the folder dialog is
//! opened by Rust).

use std::collections::BTreeSet;
use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The quoted names in `text` that follow `prefix` and end at `end`.
fn names(text: &str, prefix: &str, end: char) -> BTreeSet<String> {
    text.match_indices(prefix)
        .filter_map(|(at, _)| {
            let rest = &text[at + prefix.len()..];
            rest.find(end).map(|stop| rest[..stop].to_owned())
        })
        .collect()
}

#[test]
fn the_window_is_granted_exactly_the_commands_the_ui_calls() {
    let capability: serde_json::Value =
        serde_json::from_str(&read("src-tauri/capabilities/main-window.json")).expect("JSON");
    let permissions: Vec<&str> = capability["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .filter_map(|p| p.as_str())
        .collect();
    let granted: BTreeSet<String> = permissions
        .iter()
        .filter_map(|p| p.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect();
    let others: Vec<&&str> = permissions
        .iter()
        .filter(|p| !p.starts_with("allow-"))
        .collect();
    assert_eq!(
        others,
        vec![&"core:event:allow-listen", &"core:event:allow-unlisten"],
        "only listening to events besides the app's own commands"
    );
    let registered = names(&read("src-tauri/build.rs"), "    \"", '"');
    let called = names(&read("ui/src/ipc.ts"), "call(\"", '"');
    assert!(
        granted.is_subset(&registered),
        "granted but not registered: {:?}",
        granted.difference(&registered).collect::<Vec<_>>()
    );
    assert_eq!(
        granted, called,
        "the grants must be exactly the commands ui/src/ipc.ts calls"
    );
}

#[test]
fn the_content_security_policy_allows_only_the_apps_own_code() {
    let conf: serde_json::Value = serde_json::from_str(&read("tauri.conf.json")).expect("JSON");
    let csp = &conf["app"]["security"]["csp"];
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["script-src"], "'self'");
    assert_eq!(csp["object-src"], "'none'");
    assert_eq!(csp["base-uri"], "'none'");
    let all = csp.to_string();
    assert!(
        !all.contains("unsafe-inline") && !all.contains("unsafe-eval"),
        "{all}"
    );
    assert!(
        !all.contains("http://") || all.contains("http://ipc.localhost"),
        "{all}"
    );
    assert!(!all.contains("https://"), "no remote origins: {all}");
}
