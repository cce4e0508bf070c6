//! The command line's arguments: clap's definitions of `wiredesk` and its
//! subcommands, and the checks of their values.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use wiredesk_core::LIBRARY_PATH_ENV;

#[derive(Parser)]
#[command(
    name = "wiredesk",
    version,
    about = "Wiredesk: load agency wire copy into a library, list, read and search it, and check its claims.",
    long_about = "Wiredesk keeps wire copy in one library file. Every received file is kept \
                  byte for byte as its feed copy; the parsed story is its first revision.\n\n\
                  The library is the file given with --db, else $WIREDESK_DB, else \
                  ~/.local/share/wiredesk/library.sqlite. It is created on first use.\n\n\
                  A desk shares a team library on PostgreSQL instead: --db \
                  postgres://USER@HOST/DATABASE, created once with `wiredesk library init URL` \
                  (or filled from a file with `wiredesk library copy FILE URL`).",
    after_help = "Examples:\n  \
                  wiredesk ingest ~/wire/incoming/\n  \
                  wiredesk list\n  \
                  wiredesk search \"additional troops\" Kosovo\n  \
                  wiredesk show 12 --json\n  \
                  wiredesk claims 12\n  \
                  wiredesk cleaning 12 --restore 2\n  \
                  wiredesk claim set 40 --status checking --assign ana --user lee"
)]
pub struct Cli {
    /// The library: a SQLite file (created if missing), or postgres://USER@HOST/DB
    /// for a team library (see `library init`)
    #[arg(long, global = true, value_name = "PATH|URL", env = LIBRARY_PATH_ENV)]
    pub db: Option<PathBuf>,

    /// Print machine-readable JSON instead of text
    #[arg(long, global = true)]
    pub json: bool,

    /// Who is acting, for claim events and the audit log
    #[arg(long, global = true, value_name = "NAME", env = "WIREDESK_USER")]
    pub user: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
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
    /// What the desk is doing: the library's recent events, or with
    /// --follow each new one as it is committed, by any desktop or CLI.
    ///
    /// With --json, one object per line: {"kind","story_id","revision_id",
    /// "claim_id","actor","at"}. Kinds: ingested, updated, saved, merged,
    /// exported, acknowledged, claim-added, claim-status, claim-note,
    /// claim-evidence, claim-assigned, claim-dismissed, presence. Following
    /// runs until stopped (Ctrl-C); a team library's lost connection is
    /// made again and what happened meanwhile is printed then.
    Events {
        /// Print events as they happen, from now on
        #[arg(long)]
        follow: bool,
        /// Without --follow: how many of the newest events to print (1 or more)
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
        limit: u32,
    },
    /// House style and spelling: a story's matches (`--fix` saves the
    /// one-click fixes as a revision), or the desk's rules, dictionary and
    /// names.
    ///
    /// Start and end are character offsets into the story's body, as
    /// `show` prints it.
    #[command(args_conflicts_with_subcommands = true)]
    Style {
        /// The story's id
        story: Option<i64>,
        /// Save every one-click fix as a new revision
        #[arg(long)]
        fix: bool,
        /// Only this rule's matches (and fixes)
        #[arg(long, value_name = "ID")]
        rule: Option<String>,
        #[command(subcommand)]
        action: Option<StyleAction>,
    },
    /// The desk's people (known from the first time each acts or is
    /// assigned a claim), or add one or set their initials and role.
    People {
        /// The person to add or change
        name: Option<String>,
        /// Their initials (at most four letters; empty: from the name)
        #[arg(long, requires = "name")]
        initials: Option<String>,
        /// editor or checker
        #[arg(long, requires = "name")]
        role: Option<String>,
    },
    /// Build a large generated library, or time the desk's operations on one.
    #[command(subcommand)]
    Bench(BenchAction),
    /// Team libraries on PostgreSQL: create one, or copy a whole library
    /// between a SQLite file and a PostgreSQL database.
    #[command(subcommand)]
    Library(LibraryAction),
}

#[derive(Subcommand)]
pub enum LibraryAction {
    /// Create Wiredesk's tables in a PostgreSQL database (or bring them up
    /// to date): a team library that several desktops open at once.
    ///
    /// Run it as the database's owner role. The database itself is created
    /// beforehand (createdb); see the README for the roles editors use.
    Init {
        /// The database: postgres://USER@HOST[:PORT]/DATABASE (default: --db
        /// or $WIREDESK_DB when it is such an address). A password is best
        /// kept in PGPASSWORD or ~/.pgpass, never on the command line.
        #[arg(value_name = "URL")]
        url: Option<String>,
    },
    /// Save the password of a team library's role in the system keyring
    /// (GNOME Keyring or KWallet through the Secret Service, the macOS
    /// Keychain, the Windows Credential Manager), checked against the server
    /// first. Wiredesk uses it when the server wants a password that
    /// PGPASSWORD, ~/.pgpass and a service file do not hold. The password is
    /// read from standard input (one line; typed without echo at a terminal),
    /// never from the command line.
    Password {
        /// The team library: postgres://USER@HOST[:PORT]/DATABASE (default:
        /// --db or $WIREDESK_DB)
        #[arg(value_name = "URL")]
        url: Option<String>,
        /// Remove the saved password instead
        #[arg(long)]
        forget: bool,
    },
    /// Copy a whole library into another, losslessly: every story, revision,
    /// feed copy (byte for byte), claim, event, export and audit entry, with
    /// their ids, in one transaction. Either end is a SQLite file or a
    /// postgres:// address; the target must be empty (a new file, an empty
    /// library, or a database without a library yet) and both must be at the
    /// same schema version. The target's search indexes are rebuilt after.
    Copy {
        /// The library to copy (a file or postgres://…)
        #[arg(value_name = "FROM")]
        from: PathBuf,
        /// Where to copy it (a new file or postgres://…)
        #[arg(value_name = "TO")]
        to: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum BenchAction {
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
        /// Measure only the five searches (without the scan of every text
        /// they are compared with); adds nothing to the library
        #[arg(long, conflicts_with = "only_ingest")]
        only_search: bool,
        /// Measure only the inbox pages (the first, and one half way down
        /// as the app pages) and opening stories; adds nothing to the
        /// library
        #[arg(long, conflicts_with_all = ["only_ingest", "only_search"])]
        only_inbox: bool,
    },
    /// Several simulated desktops on the library given with --db at once,
    /// each on its own connection, ingesting, searching, saving edits of
    /// stories they share and checking claims; then every save reported
    /// saved is read back (lost updates must be 0).
    Desks {
        /// How many desktops
        #[arg(long, default_value_t = 10)]
        desktops: usize,
        /// For how long, in seconds
        #[arg(long, default_value_t = 120.0)]
        seconds: f64,
        /// Seed for the new copy
        #[arg(long, default_value_t = 13)]
        seed: u64,
        /// Do not follow the library's events (the baseline the followers'
        /// cost is measured against)
        #[arg(long)]
        no_follow: bool,
    },
}

#[derive(Subcommand)]
pub enum ClaimAction {
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

#[derive(Subcommand)]
pub enum StyleAction {
    /// The desk's style guide: list, add, remove, test and import rules
    Rules {
        #[command(subcommand)]
        action: Option<RulesAction>,
    },
    /// The desk dictionary (words and names spelling accepts)
    Dictionary {
        #[command(subcommand)]
        action: Option<DictionaryAction>,
    },
    /// Add to the desk dictionary the names the library's stories share:
    /// capitalised words the dictionary does not know, seen inside
    /// sentences of several stories
    Learn {
        /// In at least this many stories
        #[arg(long, default_value_t = 3)]
        min_stories: usize,
        /// Read at most this many stories, newest first
        #[arg(long, default_value_t = 5000)]
        limit: u32,
    },
    /// Show or set the dialect spelling is checked in (en-US, en-GB)
    Dialect { dialect: Option<String> },
}

#[derive(Subcommand)]
pub enum RulesAction {
    /// The guide's rules, in order
    List,
    /// Add a rule (or replace the one with its id) from a .toml or .json
    /// file holding one rule; its examples are tried first
    Add { file: String },
    /// Remove a rule
    Remove { id: String },
    /// Try a saved rule's examples and count its matches across the library
    Test {
        id: String,
        /// List at most this many stories
        #[arg(long, default_value_t = 10)]
        limit: u32,
    },
    /// Count what a rule in a file (not saved) would match across the library
    Try {
        file: String,
        #[arg(long, default_value_t = 10)]
        limit: u32,
    },
    /// Make a guide file (.toml or .json) the desk's guide
    Import { file: String },
    /// Write the desk's guide to a .toml or .json file
    Export { file: String },
    /// Make a starter guide the desk's guide: agency or british
    Use { name: String },
}

#[derive(Subcommand)]
pub enum DictionaryAction {
    /// The desk dictionary's words
    List,
    /// Add a word or name
    Add { word: String },
    /// Remove a word or name
    Remove { word: String },
}
