//! `wiredesk`: the command line over a Wiredesk library. A thin adapter: it
//! parses arguments (`args.rs`), opens the library, and hands each command
//! to its function in `commands.rs`, which calls the core's `Library` and
//! prints either text for people or the JSON contract for scripts (`--json`).

mod args;
mod bench;
mod commands;
mod human;

use std::{io, path::Path, process::ExitCode};

use clap::Parser as _;
use wiredesk_core::{resolve_library_path, Library};

use crate::{
    args::{Cli, Command},
    commands::Session,
};

/// An error and its causes on one line, each said once: a cause whose
/// words the message already holds (an error that quotes its source) is
/// not repeated.
fn error_message(err: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in err.chain() {
        let text = cause.to_string().replace('\n', " ");
        let text = text.trim();
        if text.is_empty() || message.contains(text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(text);
    }
    message
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(err),
    };
    match run(cli) {
        Ok(code) => code,
        // The reader went away (`wiredesk list | head`): nothing to say.
        Err(err) if reader_left(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let message = error_message(&err);
            eprintln!(
                "wiredesk: {}",
                wiredesk_core::ingest::controls::escaped(&message)
            );
            ExitCode::FAILURE
        }
    }
}

/// Whether the error is standard output's reader having gone away.
fn reader_left(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(|json| json.io_error_kind())
                == Some(io::ErrorKind::BrokenPipe)
    })
}

/// Help and version go to stdout as usual; a mistake in the arguments is one
/// line on stderr, like every other error.
fn usage_error(err: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match err.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => err.exit(),
        _ => {
            let rendered = err.render().to_string();
            let first = rendered.lines().next().unwrap_or("invalid arguments");
            let message = first.strip_prefix("error: ").unwrap_or(first);
            eprintln!(
                "wiredesk: {} (see wiredesk --help)",
                wiredesk_core::ingest::controls::escaped(message)
            );
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    // Bench commands build or open a library of their own.
    if let Command::Bench(action) = &cli.command {
        return commands::bench(action, cli.db.as_deref());
    }
    // Library commands open (or create) the libraries they name themselves.
    if let Command::Library(action) = &cli.command {
        return commands::library(action, cli.db.as_deref(), cli.json);
    }
    let path = resolve_library_path(cli.db.as_deref())?;
    if let Some(code) = answered_unopened(&cli.command, &path, cli.json)? {
        return Ok(code);
    }
    let mut library = Library::open(&path)?;
    if let Some(user) = cli.user.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        library.set_actor(user);
    }
    let s = &mut Session {
        out: io::stdout().lock(),
        json: cli.json,
        library,
    };
    dispatch(s, cli.command, cli.db.as_deref())
}

/// The commands answered before the library is opened, as it may not open
/// at all: restoring a backup replaces it, and the health check of a
/// library that cannot be opened (damaged, or from a newer Wiredesk) reads
/// the file as it is. `None` for the others.
fn answered_unopened(
    command: &Command,
    path: &Path,
    json: bool,
) -> anyhow::Result<Option<ExitCode>> {
    match command {
        Command::Restore {
            target,
            revision: None,
            yes,
        } => commands::restore_backup(path, Path::new(target), *yes, json).map(Some),
        Command::Doctor { quick, repair } => commands::doctor_unopened(path, *quick, *repair, json),
        _ => Ok(None),
    }
}

/// Hands each command to its function, on the open library.
fn dispatch(s: &mut Session, command: Command, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    match command {
        Command::Ingest { paths } => commands::ingest(s, &paths),
        Command::List { limit, offset } => commands::list(s, limit, offset),
        Command::Search { query, limit } => commands::search(s, &query, limit),
        Command::Show { story } => commands::show(s, story),
        Command::Edit {
            story,
            from_file,
            base,
            note,
        } => commands::edit(s, story, &from_file, base, note.as_deref()),
        Command::History { story } => commands::history(s, story),
        Command::Restore {
            target,
            revision: Some(revision),
            ..
        } => commands::restore_revision(s, &target, revision),
        Command::Diff {
            story,
            from,
            to,
            ignore_whitespace,
            ignore_typography,
        } => commands::diff(s, story, from, to, ignore_whitespace, ignore_typography),
        Command::Merge {
            story,
            wire_version,
            resolve,
        } => commands::merge(s, story, wire_version, resolve.as_deref()),
        Command::Export {
            story,
            format,
            out,
            revision,
            override_reason,
            force,
        } => commands::export(
            s,
            story,
            &format,
            out.as_deref(),
            revision,
            override_reason.as_deref(),
            force,
        ),
        Command::Integrity {
            story,
            acknowledge,
            reason,
        } => commands::integrity(s, story, acknowledge.as_deref(), reason.as_deref()),
        Command::Cleaning {
            story,
            restore: Some(passage),
        } => commands::restore_passage(s, story, passage),
        Command::Cleaning {
            story,
            restore: None,
        } => commands::cleaning(s, story),
        Command::Settings { key, value } => commands::settings(s, key.as_deref(), value.as_deref()),
        Command::Claims { story, min_rank } => commands::claims(s, story, min_rank),
        Command::Claim { action } => commands::claim(s, action),
        Command::Backup { out } => commands::backup(s, &out),
        Command::Doctor { quick, repair } => commands::doctor(s, quick, repair),
        Command::Watch { folder, interval } => commands::watch(s, &folder, interval),
        Command::Events { follow, limit } => commands::events(s, follow, limit),
        Command::Style {
            story,
            fix,
            rule,
            action,
        } => commands::style(s, story, fix, rule.as_deref(), action),
        Command::People {
            name,
            initials,
            role,
        } => commands::people(s, name.as_deref(), initials.as_deref(), role.as_deref()),
        // Answered before a library is opened (see `run`).
        Command::Bench(ref action) => commands::bench(action, db),
        Command::Library(ref action) => commands::library(action, db, s.json),
        Command::Restore { revision: None, .. } => unreachable!("handled before opening"),
    }
}
