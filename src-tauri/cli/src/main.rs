//! `wiredesk`: the command line over a Wiredesk library. A thin adapter: it
//! parses arguments, calls the core's `Library`, and prints either text for
//! people or the JSON contract for scripts (`--json`).

mod bench;
mod human;

use std::{
    io::{self, IsTerminal as _, Write},
    path::{Path, PathBuf},
    process::ExitCode,
};

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use serde::Serialize;
use wiredesk_core::{resolve_library_path, IngestStatus, Library, LIBRARY_PATH_ENV};

#[derive(Parser)]
#[command(
    name = "wiredesk",
    version,
    about = "Wiredesk: load agency wire copy into a library, list, read and search it, and check its claims.",
    long_about = "Wiredesk keeps wire copy in one library file. Every received file is kept \
                  byte for byte as its feed copy; the parsed story is its first revision.\n\n\
                  The library is the file given with --db, else $WIREDESK_DB, else \
                  ~/.local/share/wiredesk/library.sqlite. It is created on first use.",
    after_help = "Examples:\n  \
                  wiredesk ingest ~/wire/incoming/\n  \
                  wiredesk list\n  \
                  wiredesk search \"additional troops\" Kosovo\n  \
                  wiredesk show 12 --json\n  \
                  wiredesk claims 12\n  \
                  wiredesk cleaning 12 --restore 2\n  \
                  wiredesk claim set 40 --status checking --assign ana --user lee"
)]
struct Cli {
    /// The library file to use (created if missing)
    #[arg(long, global = true, value_name = "PATH", env = LIBRARY_PATH_ENV)]
    db: Option<PathBuf>,

    /// Print machine-readable JSON instead of text
    #[arg(long, global = true)]
    json: bool,

    /// Who is acting, for claim events and the audit log
    #[arg(long, global = true, value_name = "NAME", env = "WIREDESK_USER")]
    user: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load wire copy from files or folders (folders are read recursively).
    ///
    /// Each file gets a status: new (a story the library did not hold),
    /// duplicate (exactly these bytes were loaded before; nothing is stored
    /// twice), update (a new version of a story already held) or error (the
    /// file is not usable wire copy; nothing of it is stored and the rest of
    /// the batch carries on). Exits non-zero if any file had an error.
    Ingest {
        /// Files or folders of wire copy
        #[arg(required = true, value_name = "FILE|DIR")]
        paths: Vec<PathBuf>,
    },
    /// List stories, newest first
    List {
        /// Show at most this many stories (1 or more)
        #[arg(long, default_value_t = 200, value_parser = at_least_one)]
        limit: u32,
        /// Skip this many of the newest stories first (to page through)
        #[arg(long, default_value_t = 0)]
        offset: u32,
    },
    /// Full-text search over headlines and story text, best match first.
    ///
    /// All words must match; "quoted words" must appear together; word* finds
    /// words that start with it; Chinese, Japanese and Korean words are found
    /// inside their runs. At most 1,000 characters, 32 words (repeats count
    /// once) and 8 words ending in * (2 letters at least before it); a search
    /// still running after 1 s is stopped.
    Search {
        /// Words to look for
        #[arg(required = true, value_name = "QUERY")]
        query: Vec<String>,
        /// Show at most this many results (1 or more)
        #[arg(long, default_value_t = 50, value_parser = at_least_one)]
        limit: u32,
    },
    /// Show one story: headline, dateline, byline, body, credit and its wire versions
    Show {
        /// The story's id, as shown by list or search
        story: i64,
    },
    /// Save an edit of a story as its new revision.
    ///
    /// The file holds the headline on its first line, a blank line, then the
    /// body's paragraphs separated by blank lines. With --base, the save
    /// fails if another save landed since that revision (nothing is lost:
    /// reload and edit again). Claims follow the text.
    Edit {
        /// The story's id
        story: i64,
        /// The edited text
        #[arg(long, value_name = "FILE")]
        from_file: PathBuf,
        /// The revision the edit was made on
        #[arg(long, value_name = "REV")]
        base: Option<i64>,
        /// A note for the story's history
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
    /// Every revision of a story (wire versions, edits, merges) in order
    History {
        /// The story's id
        story: i64,
    },
    /// Bring back an old revision of a story as its new revision (restore
    /// STORY REVISION; nothing is rewritten), or replace the whole library
    /// with a backup (restore FILE; the library replaced is kept beside it)
    Restore {
        /// The story's id, or the backup file to restore the library from
        #[arg(value_name = "STORY|FILE")]
        target: String,
        /// The revision to bring back, as history lists it
        revision: Option<i64>,
        /// Replace the library with the backup without asking
        #[arg(long)]
        yes: bool,
    },
    /// Copy the whole library into a new file, safely while it is in use
    Backup {
        /// The backup file to write (it must not exist yet)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Check the library's health: the database file, references between
    /// tables, every received file against its hash, stories, claims and the
    /// search indexes. Exits non-zero if anything is wrong
    Doctor {
        /// SQLite's quick check instead of the full one (faster on a large library)
        #[arg(long)]
        quick: bool,
        /// Rebuild the search indexes from the revisions if they are found wrong
        #[arg(long)]
        repair: bool,
    },
    /// What changed between two revisions, word by word.
    ///
    /// By default the agency's original against the current text. Deleted
    /// words show as [-…-] and added ones as {+…+} (in colour on a terminal).
    Diff {
        /// The story's id
        story: i64,
        /// The older revision (default: the wire original)
        #[arg(long, value_name = "REV")]
        from: Option<i64>,
        /// The newer revision (default: the current text)
        #[arg(long, value_name = "REV")]
        to: Option<i64>,
        /// Treat changes of white space as no change
        #[arg(long)]
        ignore_whitespace: bool,
        /// Treat curly and straight quotes, and dash styles, as the same
        #[arg(long)]
        ignore_typography: bool,
    },
    /// Merge the agency's newest wire version into the desk's edited copy.
    ///
    /// Changes made on one side apply; the same change on both applies
    /// once; different changes to the same words come back as conflicts,
    /// each with the wire original's words (base), the desk's (ours) and
    /// the agency's new ones (theirs). Resolve each with
    /// --resolve CONFLICT ours|theirs|"your text"; the merge is saved when
    /// none is left.
    Merge {
        /// The story's id
        story: i64,
        /// The wire version to merge, as show numbers them (default: newest)
        #[arg(long, value_name = "N")]
        wire_version: Option<i64>,
        /// Resolve a conflict: its id, then ours, theirs or the text to use
        #[arg(long, num_args = 2, value_names = ["CONFLICT", "CHOICE"])]
        resolve: Option<Vec<String>>,
    },
    /// Export a story for publishing (txt, md, html, nitf, newsml, ninjs),
    /// its fact-check report (report-html, report-csv, report-json) or
    /// ClaimReview JSON-LD of its checked claims (claimreview). Reports and
    /// ClaimReview are never gated.
    ///
    /// Refused while claims are unchecked, being checked, disputed or false,
    /// merge conflicts wait, or the text says what the wire copy does not
    /// back (until acknowledged: see `integrity --acknowledge`);
    /// --override "REASON" exports anyway and records who and why.
    /// Without --out the document goes to standard output.
    Export {
        /// The story's id
        story: i64,
        /// txt, md, html, nitf, newsml, ninjs, report-html, report-csv,
        /// report-json or claimreview
        #[arg(long)]
        format: String,
        /// Write here (never over an existing file without --force)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Export this revision instead of the current one
        #[arg(long, value_name = "REV")]
        revision: Option<i64>,
        /// Publish past the gate, for this recorded reason
        #[arg(long = "override", value_name = "REASON")]
        override_reason: Option<String>,
        /// Replace an existing file
        #[arg(long)]
        force: bool,
    },
    /// What in a story's edited text the agency's copy does not back: a
    /// changed quote or number, or one no wire version has; figures another
    /// held story reports differently; and, edited or not, two figures of
    /// the story stated as current for the same measure with different
    /// values (figure-contradicts: "the death toll rose to 120" in the lead,
    /// "at least 73 people were killed" left lower down).
    ///
    /// Each finding has a key; --acknowledge KEY --reason "WHY" accepts it
    /// (a quote trimmed on purpose, say), so it no longer holds the story
    /// at the publish gate. Who, when and why are kept.
    Integrity {
        /// The story's id
        story: i64,
        /// Accept the finding with this key
        #[arg(long, value_name = "KEY", requires = "reason")]
        acknowledge: Option<String>,
        /// Why the finding is acceptable (with --acknowledge)
        #[arg(long, value_name = "WHY")]
        reason: Option<String>,
    },
    /// What cleaning removed from a story's wire copy (page furniture,
    /// captions, credits glued to a paragraph), each passage with its id,
    /// the rule that removed it, its text and where it stood (the number
    /// of body paragraphs before it).
    ///
    /// --restore ID puts that passage back in place as a new revision,
    /// saved like an edit: audited, with the claims in it detected.
    Cleaning {
        /// The story's id
        story: i64,
        /// Put back the passage with this id
        #[arg(long, value_name = "ID")]
        restore: Option<i64>,
    },
    /// Show or change the library's settings: with no KEY all of them, with
    /// KEY its value, with KEY VALUE sets it (an empty VALUE clears it).
    ///
    /// claimreview.organisation and claimreview.base_url are needed for
    /// ClaimReview export.
    Settings {
        key: Option<String>,
        value: Option<String>,
    },
    /// List a story's claims in text order: the facts to check.
    ///
    /// Suggested claims are found when the story is ingested; start and end
    /// are character offsets into the story's body, as `show` prints it.
    Claims {
        /// The story's id
        story: i64,
        /// Only claims at least this check-worthy (each claim's `rank`:
        /// casualty counts 95, vote shares 90, money and troops 85, other
        /// figures 60–80, quotes 50, calendar dates 30, weekdays and
        /// relative dates 20, times of day 15, hand-marked statements 10)
        #[arg(long, value_name = "R")]
        min_rank: Option<i64>,
    },
    /// Work on one claim: add, set status, add evidence, history, dismiss.
    Claim {
        #[command(subcommand)]
        action: ClaimAction,
    },
    /// Watch a drop folder and ingest each file once it has stopped growing.
    ///
    /// Runs until stopped (Ctrl-C). Each story ingested is printed as it
    /// lands (with --json, one JSON object per line, as in ingest). Files
    /// already in the folder are read at start; copy the library already
    /// holds answers duplicate and is not stored again.
    Watch {
        /// The drop folder (read recursively; hidden files are ignored)
        #[arg(value_name = "DIR")]
        folder: PathBuf,
        /// Seconds between scans (0.05 to 3600); a file must be unchanged
        /// across one scan
        #[arg(long, default_value_t = 1.0, value_parser = scan_interval)]
        interval: f64,
    },
    /// Build a large generated library, or time the desk's operations on one.
    #[command(subcommand)]
    Bench(BenchAction),
}

#[derive(Subcommand)]
enum BenchAction {
    /// Build a library of generated agency copy through the normal ingest
    /// path: text, ninjs and NITF, with second wire versions, desk edits,
    /// checked claims and exports for a share of the stories.
    Generate {
        /// How many stories
        #[arg(long, default_value_t = 100_000)]
        stories: u64,
        /// The new library file to build
        #[arg(long, value_name = "DB")]
        out: PathBuf,
        /// Seed for the generator (the same seed builds the same library)
        #[arg(long, default_value_t = 7)]
        seed: u64,
    },
    /// Time opening, the inbox, search, opening a story, diff, ingest and
    /// memory on the library given with --db. Adds the copy it ingests.
    Measure {
        /// How many new stories to ingest for the ingest rate
        #[arg(long, default_value_t = 5_000)]
        ingest: u64,
        /// Seed for the new copy (use another on each run)
        #[arg(long, default_value_t = 11)]
        seed: u64,
        /// Measure only the ingest rates (into this library and an empty one)
        #[arg(long)]
        only_ingest: bool,
    },
}

#[derive(Subcommand)]
enum ClaimAction {
    /// Mark a span of a story's text as a claim
    Add {
        /// The story's id
        story: i64,
        /// First character of the span (offset into the body, from 0)
        #[arg(long)]
        start: usize,
        /// Character after the span
        #[arg(long)]
        end: usize,
        /// quantity, percentage, money, date, quote or statement
        #[arg(long, default_value = "statement")]
        kind: String,
    },
    /// Set a claim's status and/or assignee, and/or add a note
    Set {
        /// The claim's id
        claim: i64,
        /// unchecked, checking, verified, disputed, false or unverifiable
        #[arg(long)]
        status: Option<String>,
        /// A note for the claim's history
        #[arg(long)]
        note: Option<String>,
        /// Who checks it ("" to unassign)
        #[arg(long, value_name = "WHO")]
        assign: Option<String>,
    },
    /// Record evidence: a URL, a document reference or a contact note
    #[command(group(clap::ArgGroup::new("evidence").required(true).args(["url", "doc", "contact"])))]
    Evidence {
        /// The claim's id
        claim: i64,
        #[arg(long)]
        url: Option<String>,
        #[arg(long)]
        doc: Option<String>,
        #[arg(long)]
        contact: Option<String>,
    },
    /// Every change to a claim: who, when, what
    History {
        /// The claim's id
        claim: i64,
    },
    /// Dismiss a suggested claim (it is kept, marked dismissed)
    Dismiss {
        /// The claim's id
        claim: i64,
    },
    /// Restore a dismissed claim
    Restore {
        /// The claim's id
        claim: i64,
    },
}

/// A count of things to show: a whole number of at least 1 (0 would show
/// nothing and look like an empty library).
fn at_least_one(value: &str) -> Result<u32, String> {
    match value.trim().parse::<u32>() {
        Ok(0) => Err("0 would show nothing: give 1 or more".to_owned()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("\"{value}\" is not a whole number of 1 or more")),
    }
}

/// Seconds between scans of a watched folder: 0.05 (a twentieth of a
/// second) to 3600 (an hour).
fn scan_interval(value: &str) -> Result<f64, String> {
    match value.trim().parse::<f64>() {
        Ok(s) if (0.05..=3600.0).contains(&s) => Ok(s),
        Ok(_) => Err(format!(
            "{value} seconds is out of range: give 0.05 to 3600"
        )),
        Err(_) => Err(format!("\"{value}\" is not a number of seconds")),
    }
}

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

/// `wiredesk bench …`: always JSON on stdout (progress on stderr).
fn run_bench(action: &BenchAction, db: Option<&std::path::Path>) -> anyhow::Result<ExitCode> {
    let report = match action {
        BenchAction::Generate { stories, out, seed } => {
            serde_json::to_value(bench::generate(out, *stories, *seed, false)?)?
        }
        BenchAction::Measure {
            ingest,
            seed,
            only_ingest,
        } => {
            let path = resolve_library_path(db)?;
            if *only_ingest {
                anyhow::ensure!(
                    path.exists(),
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
    };
    let mut out = io::stdout().lock();
    writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `wiredesk restore FILE`: replaces the library with a backup, after
/// asking (or with --yes). The library replaced is kept beside it.
fn restore_backup(
    library: &Path,
    backup: &Path,
    yes: bool,
    json: bool,
) -> anyhow::Result<ExitCode> {
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
        return run_bench(action, cli.db.as_deref());
    }
    let path = resolve_library_path(cli.db.as_deref())?;
    // Restoring a backup replaces the library, which may not open at all.
    if let Command::Restore {
        target,
        revision: None,
        yes,
    } = &cli.command
    {
        return restore_backup(&path, Path::new(target), *yes, cli.json);
    }
    // The health check of a library that cannot be opened (damaged, or from
    // a newer Wiredesk) reads the file as it is.
    if let Command::Doctor { quick, repair } = &cli.command {
        if let Err(err) = Library::open(&path) {
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
            if *repair {
                eprintln!("wiredesk: --repair needs a library that opens: nothing repaired");
            }
            let options = wiredesk_core::backup::HealthOptions {
                quick: *quick,
                repair: false,
            };
            let report = wiredesk_core::backup::check_file_as_is(&path, options, &mut |_| {})?;
            emit(&mut io::stdout().lock(), cli.json, &report, human::doctor)?;
            return Ok(ExitCode::FAILURE);
        }
    }
    let mut library = Library::open(&path)?;
    if let Some(user) = cli.user.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        library.set_actor(user);
    }
    let mut out = io::stdout().lock();
    let json = cli.json;
    match cli.command {
        Command::Ingest { paths } => {
            let bar = progress_bar();
            let reports = library.ingest_paths_with(&paths, |progress| {
                if let Some(bar) = &bar {
                    bar.set_length(progress.total as u64);
                    bar.set_position(progress.done as u64);
                }
            });
            if let Some(bar) = bar {
                bar.finish_and_clear();
            }
            emit(&mut out, json, &reports[..], human::ingest)?;
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
        }
        Command::List { limit, offset } => {
            let stories = library.stories(limit, offset)?;
            if json {
                // Exactly the fields of the JSON contract (the app's inbox gets more).
                let rows: Vec<serde_json::Value> = stories
                    .iter()
                    .map(|s| {
                        serde_json::json!({
                            "id": s.id, "headline": s.headline, "source": s.source,
                            "received_at": s.received_at, "version": s.version,
                            "state": s.state, "open_claims": s.open_claims,
                        })
                    })
                    .collect();
                emit(&mut out, true, &rows[..], |_, _| Ok(()))?;
            } else if stories.is_empty() && offset > 0 {
                let held = library.story_count()?;
                writeln!(
                    out,
                    "No stories after the newest {offset}: the library holds {held}."
                )?;
            } else {
                emit(&mut out, false, &stories[..], human::list)?;
            }
        }
        Command::Search { query, limit } => {
            let hits = library.search(&query.join(" "), limit)?;
            emit(&mut out, json, &hits[..], human::search)?;
        }
        Command::Show { story } => {
            let story = library.story(story)?;
            emit(&mut out, json, &story, human::show)?;
        }
        Command::Edit {
            story,
            from_file,
            base,
            note,
        } => {
            let text = wiredesk_core::ingest::read_text_file(&from_file).map_err(|err| {
                anyhow::anyhow!("{}: cannot read the edit: {err}", from_file.display())
            })?;
            let text = text.replace("\r\n", "\n");
            let (headline, body) = text.split_once('\n').unwrap_or((text.as_str(), ""));
            let saved = match library.save_edit(story, base, headline, body, note.as_deref()) {
                Ok(revision_id) => Ok((revision_id, true)),
                // The same text as the current revision: nothing is saved,
                // and that is not a failure.
                Err(wiredesk_core::Error::Unchanged { head, .. }) => Ok((head, false)),
                Err(err) => Err(err),
            };
            let (revision_id, changed) =
                saved.with_context(|| format!("{}", from_file.display()))?;
            if json {
                let mut saved = serde_json::json!({ "revision_id": revision_id });
                if !changed {
                    saved["unchanged"] = true.into();
                }
                serde_json::to_writer_pretty(&mut out, &saved)?;
                writeln!(out)?;
            } else if changed {
                writeln!(out, "saved revision {revision_id} of story {story}")?;
            } else {
                writeln!(
                    human::Printable(&mut out),
                    "nothing saved: {} is the same as revision {revision_id}, story {story}'s current text",
                    from_file.display()
                )?;
            }
        }
        Command::History { story } => {
            let history = library.history(story)?;
            emit(&mut out, json, &history[..], human::history)?;
        }
        Command::Restore {
            target,
            revision: Some(revision),
            ..
        } => {
            let story: i64 = target.parse().map_err(|_| {
                anyhow::anyhow!("{target:?} is not a story id (restore STORY REVISION)")
            })?;
            let (revision_id, changed) = match library.restore(story, revision) {
                Ok(revision_id) => (revision_id, true),
                // The current text is already that revision's.
                Err(wiredesk_core::Error::Unchanged { head, .. }) => (head, false),
                Err(err) => return Err(err.into()),
            };
            if json {
                let mut saved = serde_json::json!({ "revision_id": revision_id });
                if !changed {
                    saved["unchanged"] = true.into();
                }
                serde_json::to_writer_pretty(&mut out, &saved)?;
                writeln!(out)?;
            } else if changed {
                writeln!(
                    out,
                    "restored revision {revision} as revision {revision_id}"
                )?;
            } else {
                writeln!(
                    out,
                    "nothing restored: revision {revision} has the same text as revision {revision_id}, story {story}'s current one"
                )?;
            }
        }
        Command::Diff {
            story,
            from,
            to,
            ignore_whitespace,
            ignore_typography,
        } => {
            let options = wiredesk_core::diff::DiffOptions {
                ignore_whitespace,
                ignore_typography,
            };
            let diff = library.diff(story, from, to, options)?;
            if json {
                serde_json::to_writer_pretty(&mut out, &diff)?;
                writeln!(out)?;
            } else {
                let colour = io::stdout().is_terminal();
                human::diff(&mut out, &diff, colour)?;
            }
            out.flush()?;
        }
        Command::Merge {
            story,
            wire_version,
            resolve,
        } => {
            let outcome = match resolve.as_deref() {
                Some([conflict, choice]) => {
                    let conflict: i64 = conflict
                        .parse()
                        .with_context(|| format!("{conflict:?} is not a conflict id"))?;
                    let resolution = match choice.as_str() {
                        "ours" => wiredesk_core::merge::Resolution::Ours,
                        "theirs" => wiredesk_core::merge::Resolution::Theirs,
                        text => wiredesk_core::merge::Resolution::Text(text.to_owned()),
                    };
                    library.resolve_conflict(story, conflict, resolution)?
                }
                _ => library.merge(story, wire_version)?,
            };
            emit(&mut out, json, &outcome, human::merge)?;
        }
        Command::Export {
            story,
            format,
            out: file,
            revision,
            override_reason,
            force,
        } => {
            let format =
                wiredesk_core::export::ExportFormat::parse(&format).with_context(|| {
                    let known: Vec<&str> = wiredesk_core::export::ExportFormat::ALL
                        .iter()
                        .map(|f| f.as_str())
                        .collect();
                    format!("unknown export format {format:?}: use {}", known.join(", "))
                })?;
            let (outcome, bytes) = library.export(&wiredesk_core::ExportRequest {
                revision,
                out: file.as_deref(),
                replace_existing: force,
                override_reason: override_reason.as_deref(),
                ..wiredesk_core::ExportRequest::new(story, format)
            })?;
            match (&file, json) {
                (None, _) => out.write_all(&bytes)?,
                (Some(_), true) => {
                    serde_json::to_writer_pretty(&mut out, &outcome)?;
                    writeln!(out)?;
                }
                (Some(path), false) => writeln!(
                    human::Printable(&mut out),
                    "exported revision {} as {} to {} ({} bytes)",
                    outcome.revision_id,
                    outcome.format,
                    path.display(),
                    outcome.bytes
                )?,
            }
            out.flush()?;
        }
        Command::Integrity {
            story,
            acknowledge,
            reason,
        } => {
            if let Some(key) = acknowledge {
                library.acknowledge_finding(story, &key, reason.as_deref().unwrap_or(""))?;
            }
            let findings = library.integrity(story)?;
            emit(&mut out, json, &findings[..], human::integrity)?;
        }
        Command::Cleaning {
            story,
            restore: Some(passage),
        } => {
            let revision_id = library.restore_removed(story, passage)?;
            let saved = serde_json::json!({ "revision_id": revision_id });
            if json {
                serde_json::to_writer_pretty(&mut out, &saved)?;
                writeln!(out)?;
            } else {
                human::restored_passage(&mut out, story, passage, revision_id)?;
            }
        }
        Command::Cleaning {
            story,
            restore: None,
        } => {
            let passages = library.cleaning(story)?;
            emit(&mut out, json, &passages[..], human::cleaning)?;
        }
        Command::Settings { key, value } => {
            if let (Some(key), Some(value)) = (&key, &value) {
                library.set_setting(key, Some(value))?;
            }
            let keys: Vec<&str> = match &key {
                Some(key) => vec![key.as_str()],
                None => wiredesk_core::SETTINGS.iter().map(|(k, _)| *k).collect(),
            };
            let mut settings = serde_json::Map::new();
            for key in keys {
                let value = library.setting(key)?;
                settings.insert(key.to_owned(), serde_json::json!(value));
            }
            if json {
                serde_json::to_writer_pretty(&mut out, &settings)?;
                writeln!(out)?;
            } else {
                for (key, value) in &settings {
                    let about = wiredesk_core::SETTINGS
                        .iter()
                        .find(|(k, _)| k == key)
                        .map(|(_, about)| *about)
                        .unwrap_or_default();
                    writeln!(
                        human::Printable(&mut out),
                        "{key} = {}    # {about}",
                        value.as_str().unwrap_or("(not set)")
                    )?;
                }
            }
        }
        Command::Claims { story, min_rank } => {
            let mut claims = library.claims(story)?;
            if let Some(min_rank) = min_rank {
                claims.retain(|c| c.rank >= min_rank);
            }
            emit(&mut out, json, &claims[..], human::claims)?;
        }
        Command::Claim { action } => claim(&mut library, action, &mut out, json)?,
        // Answered before a library is opened (see the top of `run`).
        Command::Bench(ref action) => return run_bench(action, cli.db.as_deref()),
        Command::Restore { revision: None, .. } => unreachable!("handled before opening"),
        Command::Backup { out: ref dest } => {
            let bar = progress_bar();
            let report = library.backup(dest, &mut |done, total| {
                if let Some(bar) = &bar {
                    bar.set_length(total);
                    bar.set_position(done);
                }
            })?;
            if let Some(bar) = bar {
                bar.finish_and_clear();
            }
            emit(&mut out, json, &report, human::backup)?;
        }
        Command::Doctor { quick, repair } => {
            let verbose = !json && io::stderr().is_terminal();
            let report = library.doctor(
                wiredesk_core::backup::HealthOptions { quick, repair },
                &mut |check| {
                    if verbose {
                        eprintln!("checking {check}…");
                    }
                },
            )?;
            emit(&mut out, json, &report, human::doctor)?;
            if !report.ok {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Watch { folder, interval } => {
            if !folder.is_dir() {
                anyhow::bail!("{}: not a folder", folder.display());
            }
            let pause = std::time::Duration::from_secs_f64(interval);
            let mut drop_folder = library.drop_folder(&folder)?;
            if !json {
                eprintln!("wiredesk: watching {} (Ctrl-C to stop)", folder.display());
            }
            loop {
                let ready = drop_folder
                    .ready()
                    .with_context(|| format!("reading {}", folder.display()))?;
                let mut written = Ok(());
                library.ingest_dropped(&ready, |progress| {
                    if written.is_ok() {
                        written = print_reports(&mut out, json, progress.reports);
                    }
                });
                written?;
                std::thread::sleep(pause);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn claim(
    library: &mut Library,
    action: ClaimAction,
    out: &mut impl Write,
    json: bool,
) -> anyhow::Result<()> {
    use wiredesk_core::claims::{ClaimKind, Evidence};
    match action {
        ClaimAction::Add {
            story,
            start,
            end,
            kind,
        } => {
            let kind = ClaimKind::parse(&kind).with_context(|| {
                format!(
                    "unknown claim kind {kind:?}: use quantity, percentage, money, date, quote or statement"
                )
            })?;
            let claim = library.add_claim(story, start, end, kind)?;
            emit(out, json, &claim, human::claim)
        }
        ClaimAction::Set {
            claim,
            status,
            note,
            assign,
        } => {
            if status.is_none() && note.is_none() && assign.is_none() {
                anyhow::bail!("claim set needs --status, --note or --assign");
            }
            let claim = library.update_claim(
                claim,
                status.as_deref(),
                note.as_deref(),
                assign.as_deref(),
            )?;
            emit(out, json, &claim, human::claim)
        }
        ClaimAction::Evidence {
            claim,
            url,
            doc,
            contact,
        } => {
            let evidence = match (url, doc, contact) {
                (Some(url), _, _) => Evidence::Url(url),
                (_, Some(doc), _) => Evidence::Doc(doc),
                (_, _, Some(contact)) => Evidence::Contact(contact),
                _ => anyhow::bail!("claim evidence needs --url, --doc or --contact"),
            };
            let event = library.add_claim_evidence(claim, &evidence)?;
            emit(out, json, &event, human::claim_event)
        }
        ClaimAction::History { claim } => {
            let events = library.claim_history(claim)?;
            emit(out, json, &events[..], human::claim_history)
        }
        ClaimAction::Dismiss { claim } => {
            let claim = library.dismiss_claim(claim, true)?;
            emit(out, json, &claim, human::claim)
        }
        ClaimAction::Restore { claim } => {
            let claim = library.dismiss_claim(claim, false)?;
            emit(out, json, &claim, human::claim)
        }
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

/// A progress bar on stderr when it is a terminal; scripts and pipes get
/// none. It shows once a batch takes more than a moment.
fn progress_bar() -> Option<indicatif::ProgressBar> {
    if !io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        None,
        indicatif::ProgressDrawTarget::stderr_with_hz(10),
    );
    let style = indicatif::ProgressStyle::with_template(
        "{spinner} ingesting {pos}/{len} files {wide_bar} {per_sec} eta {eta}",
    )
    .ok()?;
    bar.set_style(style);
    Some(bar)
}

/// Prints `value` as the JSON contract or as text for people.
fn emit<T: Serialize + ?Sized>(
    out: &mut impl Write,
    json: bool,
    value: &T,
    human: fn(&mut dyn Write, &T) -> io::Result<()>,
) -> anyhow::Result<()> {
    if json {
        serde_json::to_writer_pretty(&mut *out, value)?;
        writeln!(out)?;
    } else {
        human(&mut human::Printable(&mut *out), value)?;
    }
    out.flush().context("writing output")
}
