//! The commands on the library as a whole: ingest, watch, settings, backup,
//! doctor, restore of a backup, and bench.

use std::{
    io::{self, IsTerminal as _, Write},
    path::{Path, PathBuf},
    process::ExitCode,
};

use anyhow::Context as _;
use wiredesk_core::library::team::{is_team_location, shown};
use wiredesk_core::{resolve_library_path, IngestStatus, Library};

use super::{emit, progress_bar, Session};
use crate::{
    args::{BenchAction, LibraryAction},
    bench, human,
};

/// `wiredesk ingest PATH…`: fails if any file could not be ingested.
pub fn ingest(s: &mut Session, paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let bar = progress_bar();
    let reports = s.library.ingest_paths_with(paths, |progress| {
        if let Some(bar) = &bar {
            bar.set_length(progress.total as u64);
            bar.set_position(progress.done as u64);
        }
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    emit(&mut s.out, s.json, &reports[..], human::ingest)?;
    let failed = reports
        .iter()
        .filter(|r| r.status == IngestStatus::Error)
        .count();
    if failed > 0 {
        eprintln!(
            "wiredesk: {failed} of {} files could not be ingested",
            reports.len()
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// `wiredesk watch DIR`: runs until stopped.
pub fn watch(s: &mut Session, folder: &Path, interval: f64) -> anyhow::Result<ExitCode> {
    if !folder.is_dir() {
        anyhow::bail!("{}: not a folder", folder.display());
    }
    let pause = std::time::Duration::from_secs_f64(interval);
    let mut drop_folder = s.library.drop_folder(folder)?;
    if !s.json {
        eprintln!("wiredesk: watching {} (Ctrl-C to stop)", folder.display());
    }
    loop {
        let ready = drop_folder
            .ready()
            .with_context(|| format!("reading {}", folder.display()))?;
        let mut written = Ok(());
        let (out, json) = (&mut s.out, s.json);
        s.library.ingest_dropped(&ready, |progress| {
            if written.is_ok() {
                written = print_reports(out, json, progress.reports);
            }
        });
        written?;
        std::thread::sleep(pause);
    }
}

/// Prints what a watched file did as it lands: a line of text, or one JSON
/// object per line.
fn print_reports(
    out: &mut impl Write,
    json: bool,
    reports: &[wiredesk_core::IngestReport],
) -> anyhow::Result<()> {
    for report in reports {
        if json {
            serde_json::to_writer(&mut *out, report)?;
            writeln!(out)?;
        } else {
            human::ingest_line(&mut human::Printable(&mut *out), report)?;
        }
    }
    out.flush().context("writing output")
}

/// `wiredesk settings [KEY [VALUE]]`: sets KEY to VALUE if both are given,
/// then shows KEY's value, or every setting's.
pub fn settings(
    s: &mut Session,
    key: Option<&str>,
    value: Option<&str>,
) -> anyhow::Result<ExitCode> {
    if let (Some(key), Some(value)) = (key, value) {
        s.library.set_setting(key, Some(value))?;
    }
    let keys: Vec<&str> = match key {
        Some(key) => vec![key],
        None => wiredesk_core::SETTINGS.iter().map(|(k, _)| *k).collect(),
    };
    let mut settings = serde_json::Map::new();
    for key in keys {
        let value = s.library.setting(key)?;
        settings.insert(key.to_owned(), serde_json::json!(value));
    }
    if s.json {
        serde_json::to_writer_pretty(&mut s.out, &settings)?;
        writeln!(s.out)?;
        return Ok(ExitCode::SUCCESS);
    }
    for (key, value) in &settings {
        let about = wiredesk_core::SETTINGS
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, about)| *about)
            .unwrap_or_default();
        writeln!(
            human::Printable(&mut s.out),
            "{key} = {}    # {about}",
            value.as_str().unwrap_or("(not set)")
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `wiredesk backup --out FILE`
pub fn backup(s: &mut Session, dest: &Path) -> anyhow::Result<ExitCode> {
    let bar = progress_bar();
    let report = s.library.backup_to_file(dest, false, &mut |done, total| {
        if let Some(bar) = &bar {
            bar.set_length(total);
            bar.set_position(done);
        }
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    s.emit(&report, human::backup)
}

/// `wiredesk doctor`: fails if anything is wrong.
pub fn doctor(s: &mut Session, quick: bool, repair: bool) -> anyhow::Result<ExitCode> {
    let verbose = !s.json && io::stderr().is_terminal();
    let report = s.library.doctor(
        wiredesk_core::backup::HealthOptions { quick, repair },
        &mut |check| {
            if verbose {
                eprintln!("checking {check}…");
            }
        },
    )?;
    s.emit(&report, human::doctor)?;
    if !report.ok {
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// `wiredesk doctor` on a library that cannot be opened: if it is damaged
/// or from a newer Wiredesk, the file is checked as it is (and the answer is
/// a failure); `None` if the library opens.
pub fn doctor_unopened(
    path: &Path,
    quick: bool,
    repair: bool,
    json: bool,
) -> anyhow::Result<Option<ExitCode>> {
    let Err(err) = Library::open(path) else {
        return Ok(None);
    };
    use wiredesk_core::open_failure::LibraryProblem;
    let readable = err.open_failure().is_some_and(|failure| {
        matches!(
            failure.problem,
            LibraryProblem::Damaged | LibraryProblem::Newer
        )
    });
    if !readable {
        return Err(err.into());
    }
    eprintln!("wiredesk: {err}; checking the file as it is, changing nothing");
    if repair {
        eprintln!("wiredesk: --repair needs a library that opens: nothing repaired");
    }
    let options = wiredesk_core::backup::HealthOptions {
        quick,
        repair: false,
    };
    let report = wiredesk_core::backup::check_file_as_is(path, options, &mut |_| {})?;
    emit(&mut io::stdout().lock(), json, &report, human::doctor)?;
    Ok(Some(ExitCode::FAILURE))
}

/// `wiredesk restore FILE`: replaces the library with a backup, after
/// asking (or with --yes). The library replaced is kept beside it.
pub fn restore_backup(
    library: &Path,
    backup: &Path,
    yes: bool,
    json: bool,
) -> anyhow::Result<ExitCode> {
    if is_team_location(library) {
        anyhow::bail!(
            "{} is a team library: a backup file is not put in its place; copy it into an empty \
             database instead (wiredesk library copy {} postgres://…)",
            shown(library),
            backup.display()
        );
    }
    let info = wiredesk_core::backup::describe_library_file(backup)?;
    if !yes {
        if !io::stdin().is_terminal() {
            anyhow::bail!(
                "restoring {} would replace the library at {}: add --yes to do so without asking",
                backup.display(),
                library.display()
            );
        }
        eprint!(
            "Replace the library at {} with the backup {} ({} stories)? The library now there is kept beside it. [y/N] ",
            library.display(),
            backup.display(),
            info.stories
        );
        let mut answer = String::new();
        io::stdin().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes") {
            eprintln!("wiredesk: nothing restored");
            return Ok(ExitCode::FAILURE);
        }
    }
    let report = wiredesk_core::backup::restore(library, backup, &mut |_, _| {})?;
    emit(&mut io::stdout().lock(), json, &report, human::restore)?;
    Ok(ExitCode::SUCCESS)
}

/// `wiredesk bench …`: always JSON on stdout (progress on stderr).
pub fn bench(action: &BenchAction, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let report = match action {
        BenchAction::Generate { stories, out, seed } => {
            serde_json::to_value(bench::generate(out, *stories, *seed, false)?)?
        }
        BenchAction::Measure {
            ingest,
            seed,
            only_ingest,
            only_search,
            only_inbox,
        } => {
            let path = resolve_library_path(db)?;
            if *only_inbox {
                anyhow::ensure!(
                    is_team_location(&path) || path.exists(),
                    "{} does not exist: generate a library first (wiredesk bench generate)",
                    path.display()
                );
                serde_json::to_value(bench::inbox_timings(&path, *seed)?)?
            } else if *only_search {
                anyhow::ensure!(
                    is_team_location(&path) || path.exists(),
                    "{} does not exist: generate a library first (wiredesk bench generate)",
                    path.display()
                );
                let library = wiredesk_core::Library::open(&path)?;
                serde_json::to_value(bench::search_timings(&library, *seed, false)?)?
            } else if *only_ingest {
                anyhow::ensure!(
                    is_team_location(&path) || path.exists(),
                    "{} does not exist: generate a library first (wiredesk bench generate)",
                    path.display()
                );
                let mut library = wiredesk_core::Library::open(&path)?;
                library.set_actor("bench");
                serde_json::to_value(bench::ingest_rates(&mut library, *ingest, *seed)?)?
            } else {
                serde_json::to_value(bench::measure(&path, *ingest, *seed)?)?
            }
        }
        BenchAction::Desks {
            desktops,
            seconds,
            seed,
            no_follow,
        } => {
            anyhow::ensure!(
                (1..=64).contains(desktops),
                "--desktops must be 1 to 64, not {desktops}"
            );
            anyhow::ensure!(
                seconds.is_finite() && (1.0..=3600.0).contains(seconds),
                "--seconds must be 1 to 3600, not {seconds}"
            );
            let path = resolve_library_path(db)?;
            serde_json::to_value(bench::desks(
                &path,
                *desktops,
                *seconds,
                *seed,
                !*no_follow,
            )?)?
        }
    };
    let mut out = io::stdout().lock();
    writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `wiredesk library init [URL]` and `wiredesk library copy FROM TO`.
pub fn library(action: &LibraryAction, db: Option<&Path>, json: bool) -> anyhow::Result<ExitCode> {
    let mut out = io::stdout().lock();
    match action {
        LibraryAction::Init { url } => {
            let url = team_address(url.as_deref(), db, "init")?;
            anyhow::ensure!(
                is_team_location(Path::new(&url)),
                "{url} is not a PostgreSQL address (postgres://USER@HOST/DATABASE): library init \
                 creates a team library; a library file is created by any command on first use"
            );
            let library = Library::init_team(&url)?;
            let report = serde_json::json!({
                "library": shown(Path::new(&url)),
                "schema_version": library.schema_version()?,
                "stories": library.story_count()?,
            });
            emit(&mut out, json, &report, human::library_init)?;
        }
        LibraryAction::Password { url, forget } => {
            let url = team_address(url.as_deref(), db, "password")?;
            let report = if *forget {
                let (account, forgotten) = Library::forget_team_password(&url)?;
                serde_json::json!({ "account": account, "forgotten": forgotten })
            } else {
                let password = read_password(&account_prompt(&url))?;
                let account = Library::save_team_password(&url, &password)?;
                serde_json::json!({ "account": account, "saved": true })
            };
            emit(&mut out, json, &report, human::library_password)?;
        }
        LibraryAction::Copy { from, to } => {
            let verbose = !json && io::stderr().is_terminal();
            let report = Library::copy_library(from, to, &mut |table, rows| {
                if verbose {
                    eprintln!("copied {table}: {rows} rows");
                }
            })?;
            emit(&mut out, json, &report, human::library_copy)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The team library a `library` subcommand works on: `url`, else `--db` or
/// `$WIREDESK_DB` when that is a PostgreSQL address.
fn team_address(url: Option<&str>, db: Option<&Path>, command: &str) -> anyhow::Result<String> {
    let url = match url {
        Some(url) => url.to_owned(),
        None => {
            let location = resolve_library_path(db)?;
            anyhow::ensure!(
                is_team_location(&location),
                "library {command} works on a team library: give its address \
                 (wiredesk library {command} postgres://USER@HOST/DATABASE); {} is a file, \
                 which any other command creates on first use",
                location.display()
            );
            location.to_string_lossy().into_owned()
        }
    };
    anyhow::ensure!(
        is_team_location(Path::new(&url)),
        "{url} is not a PostgreSQL address (postgres://USER@HOST/DATABASE): library {command} \
         works on a team library; a library file is created by any command on first use"
    );
    Ok(url)
}

fn account_prompt(url: &str) -> String {
    format!("Password for {}: ", shown(Path::new(url)))
}

/// The password to save: typed without echo at a terminal, else the first
/// line of standard input (its line ending dropped).
fn read_password(prompt: &str) -> anyhow::Result<String> {
    let password = if io::stdin().is_terminal() {
        rpassword::prompt_password(prompt)?
    } else {
        let mut line = String::new();
        io::stdin().read_line(&mut line)?;
        line.trim_end_matches(['\n', '\r']).to_owned()
    };
    anyhow::ensure!(
        !password.is_empty(),
        "no password given: type it at the prompt, or give it on standard input"
    );
    Ok(password)
}
