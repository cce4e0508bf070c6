//! [`Library`]: the one facade the desktop shell and the CLI use. It runs the
//! pipeline (ingest → store) and answers the inbox, story and search queries.

use std::{
    fs,
    path::{Path, PathBuf},
};

use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::{
    claims::{self, ClaimKind, Evidence, Suggestion},
    cleaning,
    diff::{self, DiffOptions},
    drop_folder::{DropFolder, ReadyFile},
    error::{Error, IngestError},
    export, furniture, ingest, merge,
    model::{
        Claim, ClaimEvent, CleanedCopy, ExportOutcome, HistoryEntry, IngestReport, IngestStatus,
        IntegrityFinding, MergeConflict, MergeOutcome, MergeReview, RemovedPassage, SearchHit,
        StoryDetail, StoryDiff, StoryFilter, StorySummary,
    },
    samples,
    similarity::Opening,
    store::{DroppedFile, Edit, ReceivedCopy, RecurringLines, Store, Stored, WireItem},
    Result,
};

/// Stories a copy without an agency id is compared with, at most: those
/// sharing the most sampled trigrams of its opening.
const CANDIDATE_STORIES: usize = 3;
/// Wire revisions each sampled trigram brings as candidates, at most (the
/// newest): a phrase every story has cannot make a lookup read the library.
const CANDIDATES_PER_HASH: u32 = 20;

/// Sampled trigrams of an opening looked up before giving up when none
/// brings a candidate. Most copy updates no held story, and each lookup is
/// a full-text query; a story that agrees with the copy on a share `c` of
/// its opening shares none of ten sampled trigrams with a chance of about
/// (1 - c)^10: 11% at the threshold (0.2), 3% at 0.3, 0.1% at 0.5.
const QUICK_LOOKUPS: usize = 10;

/// How many other stories (the newest naming the same names) a story's
/// figures are compared with.
const FIGURE_NEIGHBOURS: u32 = 60;

/// Environment variable naming the library file; `--db` overrides it.
pub const LIBRARY_PATH_ENV: &str = "WIREDESK_DB";
/// The preference naming the watched drop folder.
const DROP_FOLDER_KEY: &str = "drop_folder";

/// Library settings a desk may set (`wiredesk settings`), with what each
/// is for. ClaimReview export needs the organisation and the base URL.
pub const SETTINGS: [(&str, &str); 5] = [
    (
        USER_NAME_SETTING,
        "the desk editor's name, recorded as the author of what is done in this library (WIREDESK_USER or --user overrides it)",
    ),
    (
        "claimreview.organisation",
        "the organisation that publishes the fact checks (ClaimReview author)",
    ),
    (
        "claimreview.organisation_url",
        "the organisation's home page (optional)",
    ),
    (
        "claimreview.base_url",
        "where stories are published: a review's url is BASE/STORY#claim-CLAIM",
    ),
    (
        claims::TIMING_OPEN_SETTING,
        "\"true\": timing claims (weekdays, relative dates, times of day) count as open and hold the publish gate",
    ),
];

fn known_setting(key: &str) -> Result<()> {
    if SETTINGS.iter().any(|(k, _)| *k == key) {
        Ok(())
    } else {
        let known: Vec<&str> = SETTINGS.iter().map(|(k, _)| *k).collect();
        Err(Error::InvalidInput(format!(
            "no setting {key}: the settings are {}",
            known.join(", ")
        )))
    }
}

/// Checks that a `*_url` setting is a plain http(s) address: it goes into
/// exported documents as it is, so it may hold no quotes, markup, spaces or
/// control characters, no user name or password, and must have a host.
/// The longest note, reason, evidence or conflict resolution kept, in
/// characters (a long memo fits; a pasted book does not).
pub const MAX_NOTE_CHARS: usize = 20_000;
/// The longest setting value, in characters.
pub const MAX_SETTING_CHARS: usize = 2_000;

/// Refuses `text` over `limit` characters, naming `what`.
fn within_limit(what: &str, text: &str, limit: usize) -> Result<()> {
    // Bytes bound characters from above: count only when it could matter.
    if text.len() > limit {
        let length = text.chars().count();
        if length > limit {
            return Err(Error::InvalidInput(format!(
                "{what} is {length} characters long, over the {limit}-character limit"
            )));
        }
    }
    Ok(())
}

/// A headline and body held to the limits wire copy is held to.
fn held_to_wire_limits(what: &str, headline: &str, body: &str) -> Result<()> {
    ingest::check_text_lengths(headline, body).map_err(|err| {
        Error::InvalidInput(format!("{what} is refused, as wire copy would be: {err}"))
    })
}

fn plain_web_address(key: &str, value: &str) -> Result<()> {
    let refuse = |why: &str| {
        Err(Error::InvalidInput(format!(
            "{key} must be a plain http(s) address such as https://news.example/stories; \"{}\" {why}",
            value.chars().filter(|c| !c.is_control()).take(200).collect::<String>()
        )))
    };
    if let Some(c) = value
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || "\"'<>`\\{}|^".contains(*c))
    {
        return refuse(&format!("holds {}", describe_char(c)));
    }
    let url = match url::Url::parse(value) {
        Ok(url) => url,
        Err(err) => return refuse(&format!("is not an address ({err})")),
    };
    if !matches!(url.scheme(), "http" | "https") || !value.contains("://") {
        return refuse("is not an http or https address");
    }
    let written_host = value
        .split_once("://")
        .is_some_and(|(_, rest)| !rest.is_empty() && !rest.starts_with('/'));
    if !written_host || url.host_str().is_none_or(str::is_empty) {
        return refuse("names no host");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return refuse("holds a user name or password");
    }
    Ok(())
}

fn describe_char(c: char) -> String {
    match c {
        c if c.is_control() => format!("a control character (U+{:04X})", c as u32),
        c if c.is_whitespace() => "a space".to_owned(),
        c => format!("the character {c}"),
    }
}

/// An integrity finding's name: a digest of what it says (kind, the text,
/// what the wire or the other story says), not of where it sits.
fn finding_key(finding: &IntegrityFinding) -> String {
    let digest = Sha256::digest(
        format!(
            "{}\u{0}{}\u{0}{}\u{0}{}",
            finding.kind,
            finding.text,
            finding.wire_text.as_deref().unwrap_or(""),
            finding.other_story_id.unwrap_or(0)
        )
        .as_bytes(),
    );
    format!("{digest:x}")[..12].to_owned()
}

/// Environment variable naming the person at the keyboard, for the audit log.
pub const USER_ENV: &str = "WIREDESK_USER";
/// The setting naming the person at the keyboard when `WIREDESK_USER` does not.
pub const USER_NAME_SETTING: &str = "user.name";

/// The platform's default library file, e.g. `~/.local/share/wiredesk/library.sqlite`.
pub fn default_library_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "wiredesk")
        .map(|dirs| dirs.data_dir().join("library.sqlite"))
}

/// Where the library is: `--db` first, then `$WIREDESK_DB`, then the
/// default, whose folder is made here if needed (a path given is used as
/// it is: its folder missing means a drive not connected, and
/// [`Library::open`] says so).
pub fn resolve_library_path(flag: Option<&Path>) -> Result<PathBuf> {
    if let Some(path) = flag {
        return Ok(path.to_owned());
    }
    match std::env::var_os(LIBRARY_PATH_ENV) {
        Some(path) if !path.is_empty() => Ok(PathBuf::from(path)),
        _ => {
            let path = default_library_path().ok_or(Error::NoLibraryLocation)?;
            if let Some(folder) = path.parent() {
                fs::create_dir_all(folder).map_err(|cause| Error::CreateDir {
                    path: folder.to_owned(),
                    cause,
                })?;
            }
            Ok(path)
        }
    }
}

fn env_user(vars: &[&str]) -> Option<String> {
    vars.iter()
        .filter_map(|var| std::env::var(var).ok())
        .map(|name| ingest::controls::one_line(&name))
        .find(|name| !name.is_empty())
}

fn current_user() -> String {
    env_user(&[USER_ENV, "USER", "USERNAME"]).unwrap_or_else(|| "editor".to_owned())
}

/// Who acts in a library: `WIREDESK_USER`, else the library's `user.name`
/// setting, else the system's user name.
fn library_user(store: &Store) -> String {
    env_user(&[USER_ENV])
        .or_else(|| store.preference(USER_NAME_SETTING).ok().flatten())
        .unwrap_or_else(current_user)
}

pub struct Library {
    store: Store,
    actor: String,
}

impl Library {
    /// Opens the library at `path`, creating the file if there is none. Its
    /// folder must exist: a library on a drive that is not connected is
    /// reported missing, not made anew (the default location's folder is
    /// made by [`resolve_library_path`]). A file that cannot be opened is
    /// refused with [`Error::CannotOpen`], which says why in one sentence.
    pub fn open(path: &Path) -> Result<Library> {
        let store = Store::open(path)?;
        let actor = library_user(&store);
        Ok(Library { store, actor })
    }

    /// A library in memory, gone when dropped.
    pub fn open_in_memory() -> Result<Library> {
        Ok(Library {
            store: Store::open_in_memory()?,
            actor: current_user(),
        })
    }

    pub fn path(&self) -> &Path {
        self.store.path()
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Checks the library's health: SQLite's integrity check, references
    /// between tables, every feed copy against its recorded hash, each
    /// story's current revision, each claim's status against its events, and
    /// the search indexes. With `repair`, search indexes found wrong are
    /// rebuilt from the revisions (nothing else is ever changed), and the
    /// repair is audited. `progress` hears each check's name as it starts.
    pub fn doctor(
        &mut self,
        options: crate::backup::HealthOptions,
        progress: &mut dyn FnMut(&str),
    ) -> Result<crate::backup::HealthReport> {
        let store = &self.store;
        progress("integrity");
        let mut checks = vec![store.check_integrity(options.quick)?];
        progress("foreign-keys");
        checks.push(store.check_foreign_keys()?);
        progress("feed-copies");
        checks.push(store.check_feed_copies()?);
        progress("stories");
        checks.push(store.check_stories()?);
        progress("claims");
        checks.push(store.check_claims()?);
        progress("search-index");
        checks.push(store.check_search_index()?);
        let mut repaired = Vec::new();
        let search_ok = checks.last().is_some_and(|c| c.ok());
        if options.repair && !search_ok {
            progress("rebuilding the search indexes");
            let stories = self.store.rebuild_search_indexes()?;
            repaired.push(format!(
                "rebuilt the search indexes from the revisions ({stories} stories)"
            ));
            let detail = serde_json::json!({ "repaired": repaired });
            self.store.audit(None, &self.actor, "repair", &detail)?;
            progress("search-index");
            let again = self.store.check_search_index()?;
            if let Some(last) = checks.last_mut() {
                *last = again;
            }
        }
        let ok = checks.iter().all(|c| c.ok());
        Ok(crate::backup::HealthReport {
            library: self.path().to_owned(),
            schema_version: self.store.schema_version()?,
            stories: self.store.story_count()?,
            checks,
            repaired,
            ok,
        })
    }

    /// Copies the whole library into the new file `dest` (see
    /// [`crate::backup::backup_library`]) and records the backup.
    pub fn backup(
        &mut self,
        dest: &Path,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<crate::backup::BackupReport> {
        let report = crate::backup::backup_library(self.path(), dest, false, progress)?;
        self.record_backup(&report)?;
        Ok(report)
    }

    /// Records in the audit log a backup taken without this library open.
    pub fn record_backup(&mut self, report: &crate::backup::BackupReport) -> Result<()> {
        let detail = serde_json::json!({
            "file": report.file.display().to_string(),
            "stories": report.stories,
            "bytes": report.bytes,
        });
        self.store.audit(None, &self.actor, "backup", &detail)
    }

    /// Who the audit log records as acting.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    pub fn set_actor(&mut self, actor: impl Into<String>) {
        let actor: String = actor.into();
        self.actor = match ingest::controls::one_line(&actor) {
            name if name.is_empty() => current_user(),
            name => name,
        };
    }

    /// Ingests files and folders (recursively, in name order, skipping hidden
    /// entries). One report per story (one per file for most copy, or one
    /// error report naming the file); a bad file never stops the batch.
    ///
    /// The batch is flushed to disk once, at the end, before the reports are
    /// returned: a crash midway loses files not yet reported, never a file
    /// reported as stored, and never leaves a file half stored.
    pub fn ingest_paths<P: AsRef<Path>>(&mut self, paths: &[P]) -> Vec<IngestReport> {
        self.ingest_paths_with(paths, |_| {})
    }

    /// [`Library::ingest_paths`], calling `progress` after each file.
    pub fn ingest_paths_with<P: AsRef<Path>>(
        &mut self,
        paths: &[P],
        progress: impl FnMut(&IngestProgress<'_>),
    ) -> Vec<IngestReport> {
        let mut reports = Vec::new();
        let mut files = Vec::new();
        for path in paths {
            let path = path.as_ref();
            if path.is_dir() {
                match files_under(path) {
                    Ok((found, refused)) => {
                        files.extend(found.into_iter().map(Pending::file));
                        for (link, why) in refused {
                            let error = Error::Ingest {
                                path: link.clone(),
                                source: IngestError::NotFollowed(why),
                            };
                            reports.push(error_report(
                                &link.display().to_string(),
                                &error.to_string(),
                            ));
                        }
                    }
                    Err(source) => reports.push(error_report(
                        &path.display().to_string(),
                        &Error::Ingest {
                            path: path.to_owned(),
                            source: IngestError::Read(source),
                        }
                        .to_string(),
                    )),
                }
            } else {
                files.push(Pending::file(path.to_owned()));
            }
        }
        reports.extend(self.ingest_batch(&files, progress));
        reports
    }

    /// Ingests copies held in memory (a label naming each, and its bytes) as
    /// one batch, exactly as [`Library::ingest_paths_with`] ingests files:
    /// the same parsing, grouping and rows. For feeds that arrive other than
    /// as files, and for generating large libraries.
    pub fn ingest_copies(
        &mut self,
        copies: Vec<(String, Vec<u8>)>,
        progress: impl FnMut(&IngestProgress<'_>),
    ) -> Vec<IngestReport> {
        let pending: Vec<Pending> = copies
            .into_iter()
            .map(|(label, bytes)| Pending {
                path: PathBuf::from(label),
                dropped: None,
                bytes: Some(bytes),
            })
            .collect();
        self.ingest_batch(&pending, progress)
    }

    /// The drop folder this library's desk watches, if one is set.
    pub fn drop_folder_path(&self) -> Result<Option<PathBuf>> {
        Ok(self.store.preference(DROP_FOLDER_KEY)?.map(PathBuf::from))
    }

    /// Sets the drop folder to watch (it must be a folder), or clears it.
    pub fn set_drop_folder_path(&mut self, folder: Option<&Path>) -> Result<()> {
        if let Some(folder) = folder.filter(|f| !f.is_dir()) {
            return Err(Error::NotAFolder(folder.to_owned()));
        }
        let value = folder.map(|f| f.display().to_string());
        self.store
            .set_preference(DROP_FOLDER_KEY, value.as_deref())?;
        let detail = serde_json::json!({ "drop_folder": value });
        self.store
            .audit(None, &self.actor, "set-drop-folder", &detail)
    }

    /// The drop folder at `root`, knowing which of its files this library
    /// took before, so that a restart does not read them again.
    pub fn drop_folder(&self, root: &Path) -> Result<DropFolder> {
        let prefix = root.display().to_string();
        let taken = self.store.dropped_files_under(&prefix)?;
        Ok(DropFolder::with_taken(
            root,
            taken.into_iter().map(|file| ReadyFile {
                path: PathBuf::from(file.path),
                byte_len: file.byte_len,
                modified_ns: file.modified_ns,
            }),
        ))
    }

    /// Ingests files a drop folder handed out, as a batch, and records each
    /// as taken in the same transaction as what it stored.
    pub fn ingest_dropped(
        &mut self,
        files: &[ReadyFile],
        progress: impl FnMut(&IngestProgress<'_>),
    ) -> Vec<IngestReport> {
        let pending: Vec<Pending> = files
            .iter()
            .map(|file| Pending {
                path: file.path.clone(),
                dropped: Some(DroppedFile {
                    path: file.path.display().to_string(),
                    byte_len: file.byte_len,
                    modified_ns: file.modified_ns,
                }),
                bytes: None,
            })
            .collect();
        self.ingest_batch(&pending, progress)
    }

    /// Reads and parses files in parallel, up to two chunks ahead of the writer, and
    /// writes them in order through the one connection, in groups of files
    /// that share a transaction; one flush to disk at the end.
    fn ingest_batch(
        &mut self,
        files: &[Pending],
        mut progress: impl FnMut(&IngestProgress<'_>),
    ) -> Vec<IngestReport> {
        if files.is_empty() {
            return Vec::new();
        }
        let batch = self.store.begin_batch().is_ok();
        let mut reports = Vec::new();
        let total = files.len();
        let mut done = 0;
        let mut group = Group::default();
        let chunks = chunks(files);
        let workers = parse_workers();
        let failed = |chunk: &[Pending]| -> Vec<Prepared> {
            chunk
                .iter()
                .map(|file| Prepared::failed(file, IngestError::Internal))
                .collect()
        };
        std::thread::scope(|scope| {
            // The workers prepare up to PREPARED_AHEAD chunks ahead of the
            // writer, so that neither waits for the other while the other
            // has work left (memory stays bounded: a chunk is at most 64
            // files or 64 MiB).
            let (ready, prepared) = std::sync::mpsc::sync_channel(PREPARED_AHEAD);
            let chunks = &chunks;
            scope.spawn(move || {
                for chunk in chunks {
                    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        prepare_all(chunk, workers)
                    }))
                    // A parser panicked: the chunk's files are reported, not lost.
                    .unwrap_or_else(|_| failed(chunk));
                    if ready.send(parsed).is_err() {
                        return;
                    }
                }
            });
            for chunk in chunks {
                let files = prepared.recv().unwrap_or_else(|_| failed(chunk));
                for file in files {
                    self.write_in_group(&mut group, file);
                    if group.is_due() {
                        self.finish_group(
                            &mut group,
                            total,
                            &mut done,
                            &mut reports,
                            &mut progress,
                        );
                    }
                }
            }
        });
        self.finish_group(&mut group, total, &mut done, &mut reports, &mut progress);
        if batch {
            let count = |status| {
                reports
                    .iter()
                    .filter(|r: &&IngestReport| r.status == status)
                    .count()
            };
            let summary = serde_json::json!({
                "files": total,
                "new": count(IngestStatus::New),
                "update": count(IngestStatus::Update),
                "duplicate": count(IngestStatus::Duplicate),
                "error": count(IngestStatus::Error),
            });
            if let Err(err) = self.store.end_batch(&self.actor, &summary) {
                // Not durable: say so on every story of the batch.
                for report in reports.iter_mut().filter(|r| r.error.is_none()) {
                    report.status = IngestStatus::Error;
                    report.error = Some(format!(
                        "{}: stored, but the library could not be flushed to disk: {err}",
                        report.file
                    ));
                }
            }
        }
        reports
    }

    /// Writes a file into the open group (opening one if needed). After a
    /// failed write the group only collects files, to be replayed.
    fn write_in_group(&mut self, group: &mut Group, file: Prepared) {
        if group.files.is_empty() {
            group.started = Some(Instant::now());
            group.failed = self.store.begin_group().is_err();
        }
        if !group.failed {
            match self.write_prepared(&file) {
                Ok(reports) => group.reports.push(reports),
                Err(_) => group.failed = true,
            }
        }
        group.files.push(file);
    }

    /// Commits the open group and reports its files. If any write or the
    /// commit failed, nothing of the group is kept and each of its files is
    /// written again in a transaction of its own, so one bad file cannot
    /// take the others with it.
    fn finish_group(
        &mut self,
        group: &mut Group,
        total: usize,
        done: &mut usize,
        reports: &mut Vec<IngestReport>,
        progress: &mut impl FnMut(&IngestProgress<'_>),
    ) {
        if group.files.is_empty() {
            return;
        }
        if !group.failed && self.store.commit_group().is_err() {
            group.failed = true;
        }
        let files = std::mem::take(&mut group.files);
        let mut written = std::mem::take(&mut group.reports);
        if group.failed {
            self.store.rollback_group();
            written = files.iter().map(|file| self.write_alone(file)).collect();
        }
        group.failed = false;
        for (file, file_reports) in files.iter().zip(written) {
            *done += 1;
            progress(&IngestProgress {
                done: *done,
                total,
                file: &file.label,
                reports: &file_reports,
            });
            reports.extend(file_reports);
        }
    }

    /// Writes one file in a transaction of its own; a failure is its report.
    fn write_alone(&mut self, file: &Prepared) -> Vec<IngestReport> {
        let written = self.store.begin_group().and_then(|()| {
            let reports = self.write_prepared(file)?;
            self.store.commit_group()?;
            Ok(reports)
        });
        written.unwrap_or_else(|err| {
            self.store.rollback_group();
            vec![error_report(&file.label, &format!("{}: {err}", file.label))]
        })
    }

    /// Writes a prepared file inside the open transaction: its stories, or
    /// its error report; and, for a drop-folder file, that it was taken.
    /// An `Err` is a library failure, not a problem with the copy.
    fn write_prepared(&mut self, file: &Prepared) -> Result<Vec<IngestReport>> {
        let reports = match &file.parsed {
            Err(err) => vec![error_report(&file.label, &err.to_string())],
            Ok(items) => {
                let mut linked = Vec::with_capacity(items.len());
                for item in items {
                    let version_of = match item.parsed.guid {
                        Some(_) => None,
                        None => self.version_of(&item.opening, &item.sample)?,
                    };
                    let learned = self.learn_furniture(item, version_of)?;
                    linked.push((version_of, learned));
                }
                let wire: Vec<WireItem<'_>> = items
                    .iter()
                    .zip(&linked)
                    .map(|(item, (version_of, learned))| {
                        let cleaned = learned.as_ref().and_then(|l| l.cleaned.as_ref());
                        WireItem {
                            parsed: cleaned.map_or(&item.parsed, |c| &c.parsed),
                            version_of: *version_of,
                            opening: cleaned.map_or(&item.sample, |c| &c.sample),
                            content_sha256: &item.content_sha256,
                            claims: cleaned.map_or(&item.claims, |c| &c.claims),
                            recurring: learned.as_ref().map(|l| RecurringLines {
                                scope: &l.scope,
                                lines: &l.lines,
                                counted: &l.counted,
                            }),
                        }
                    })
                    .collect();
                let copy = ReceivedCopy {
                    file_name: &file.label,
                    bytes: &file.bytes,
                    sha256: &file.sha256,
                };
                self.store
                    .insert_wire_copy(copy, &wire, &self.actor)?
                    .into_iter()
                    .map(|stored| stored_report(&file.label, stored))
                    .collect()
            }
        };
        if let Some(dropped) = &file.dropped {
            let status = reports.first().map_or(IngestStatus::Error, |r| r.status);
            self.store.record_dropped_file(dropped, status.as_str())?;
        }
        Ok(reports)
    }

    /// Ingests one file: one report per story it carries (one for most copy,
    /// one per item for feeds and news messages), or one error report that
    /// names the file and the problem, in which case nothing of it is stored.
    pub fn ingest_file(&mut self, path: &Path) -> Vec<IngestReport> {
        let prepared = Prepared::read(&Pending::file(path.to_owned()));
        self.write_alone(&prepared)
    }

    /// Ingests received bytes carrying one story; `label` names where they
    /// came from. For copy that may carry several, use [`Library::ingest_copy`].
    pub fn ingest_bytes(&mut self, label: &str, bytes: &[u8]) -> Result<IngestReport> {
        let mut reports = self.ingest_copy(label, bytes)?;
        Ok(reports.remove(0))
    }

    /// Ingests received bytes: one report per story they carry. Copy that is
    /// not usable is an `Err` naming `label` and the problem.
    pub fn ingest_copy(&mut self, label: &str, bytes: &[u8]) -> Result<Vec<IngestReport>> {
        let mut prepared = Prepared::from_bytes(label.to_owned(), bytes.to_vec(), None);
        let items = std::mem::replace(&mut prepared.parsed, Ok(Vec::new()))?;
        prepared.parsed = Ok(items);
        self.store.begin_group()?;
        match self.write_prepared(&prepared) {
            Ok(reports) => {
                self.store.commit_group()?;
                Ok(reports)
            }
            Err(err) => {
                self.store.rollback_group();
                Err(err)
            }
        }
    }

    /// The story a copy without an agency id is a new version of, if one
    /// held opens with the same words (see [`crate::similarity`]): the
    /// stories sharing the most sampled trigrams are compared, each through
    /// its newest wire version only, and the one agreeing best both ways
    /// wins. At most [`CANDIDATE_STORIES`] stories are read, each with two
    /// index seeks, however many stories or versions share the opening.
    fn version_of(&self, opening: &Opening, sample: &[i64]) -> Result<Option<i64>> {
        if sample.is_empty() {
            return Ok(None);
        }
        // A trigram every story has ("(Reuters) - The") brings candidates
        // that share only it; a long opening must share two sampled ones.
        let min_shared = if sample.len() >= 12 { 2 } else { 1 };
        let mut best: Option<(i64, f64)> = None;
        let candidates =
            self.store
                .opening_candidates(sample, CANDIDATES_PER_HASH, QUICK_LOOKUPS)?;
        for (story_id, _) in candidates
            .into_iter()
            .filter(|(_, shared)| *shared >= min_shared)
            .take(CANDIDATE_STORIES)
        {
            let Some(held) = self.store.wire_opening(story_id)? else {
                continue;
            };
            let agreement = opening.agreement(&Opening::of_copy(
                &held.headline,
                &held.body,
                held.dateline.as_deref(),
                held.headline_derived,
            ));
            let score = agreement.both_ways();
            if agreement.same_story() && best.is_none_or(|(_, b)| score > b) {
                best = Some((story_id, score));
            }
        }
        Ok(best.map(|(id, _)| id))
    }

    /// Recurring furniture ([`crate::furniture`]) for a plain-text copy:
    /// the paragraphs whose line was seen in enough other stories are taken
    /// out (the copy's own story, `version_of`, does not count), and the
    /// lines to count once the copy is stored. `None` for other formats.
    fn learn_furniture(
        &self,
        item: &PreparedItem,
        version_of: Option<i64>,
    ) -> Result<Option<Learned>> {
        let Some(lines) = &item.lines else {
            return Ok(None);
        };
        let scope = furniture::scope(&item.parsed);
        let counted = match version_of {
            Some(story) => self.store.latest_wire_lines(story)?,
            None => Vec::new(),
        };
        let counts = self.store.recurring_line_counts(&scope, lines)?;
        let mut remove = Vec::new();
        for (at, (line, count)) in lines.iter().zip(&counts).enumerate() {
            let (Some(hash), Some(count)) = (line, count) else {
                continue;
            };
            let own = version_of
                .is_some_and(|story| count.last_story_id == story || counted.contains(hash));
            let others = count.stories - i64::from(own);
            if others >= furniture::RECURRING_STORIES {
                remove.push((at, others));
            }
        }
        let cleaned = if remove.is_empty() {
            None
        } else {
            let mut parsed = item.parsed.clone();
            let mut claims = item.claims.clone();
            furniture::take_out(&mut parsed, &remove, &mut claims);
            (parsed.body != item.parsed.body).then(|| {
                // The sample changes only if a paragraph went from the
                // opening's words.
                let sample = if furniture::within_opening(&item.parsed, &remove) {
                    Opening::of_story(&parsed.headline, &parsed.body).sample()
                } else {
                    item.sample.clone()
                };
                Cleaned {
                    parsed,
                    claims,
                    sample,
                }
            })
        };
        Ok(Some(Learned {
            cleaned,
            scope,
            lines: lines.iter().flatten().copied().collect(),
            counted,
        }))
    }

    /// Loads the sample stories Wiredesk ships, if the library is empty.
    /// Returns how many were loaded.
    pub fn seed_samples_if_empty(&mut self) -> Result<usize> {
        if self.store.story_count()? > 0 {
            return Ok(0);
        }
        let mut loaded = 0;
        for (name, bytes) in samples::all() {
            let report = self.ingest_bytes(&format!("samples/{name}"), bytes)?;
            if report.status == IngestStatus::New {
                loaded += 1;
            }
        }
        Ok(loaded)
    }

    /// The inbox, newest first.
    pub fn stories(&self, limit: u32, offset: u32) -> Result<Vec<StorySummary>> {
        self.stories_where(limit, offset, &StoryFilter::default())
    }

    /// One page of the inbox, newest first, narrowed by `filter`. Edited
    /// stories carry their count of integrity findings not acknowledged.
    pub fn stories_where(
        &self,
        limit: u32,
        offset: u32,
        filter: &StoryFilter,
    ) -> Result<Vec<StorySummary>> {
        let mut page = self.store.list_stories(limit, offset, filter)?;
        for story in page.iter_mut() {
            // A story still its wire text can only hold figures that
            // contradict each other; an edited one the rest as well.
            story.integrity_findings = self
                .findings(story.id, false)?
                .iter()
                .filter(|f| f.acknowledged.is_none())
                .count() as i64;
            if story.edited {
                story.wire_update = self.unmerged_wire_revision(story.id)?.is_some();
            }
        }
        Ok(page)
    }

    /// The agency's newest version, when the desk's edited copy has not
    /// merged it (the edit began on an older one).
    fn unmerged_wire_revision(&self, story_id: i64) -> Result<Option<i64>> {
        let (_, head_kind, base) = self.store.merge_base(story_id)?;
        if head_kind == "wire" {
            return Ok(None);
        }
        let latest = self.store.latest_wire_revision(story_id)?;
        Ok(latest.filter(|latest| Some(*latest) != base))
    }

    /// The sources stories came from, for filtering the inbox.
    pub fn sources(&self) -> Result<Vec<String>> {
        self.store.source_names()
    }

    pub fn story(&self, id: i64) -> Result<StoryDetail> {
        let mut story = self.store.story(id)?;
        if let Some(pending) = self.unmerged_wire_revision(id)? {
            story.wire_update = story.version_of(pending);
        }
        Ok(story)
    }

    pub fn search(&self, query: &str, limit: u32) -> Result<Vec<SearchHit>> {
        self.search_where(query, limit, &StoryFilter::default())
    }

    /// Full-text search narrowed by the inbox's filter.
    pub fn search_where(
        &self,
        query: &str,
        limit: u32,
        filter: &StoryFilter,
    ) -> Result<Vec<SearchHit>> {
        self.store.search(query, limit, filter)
    }

    /// Saves an edit of a story's headline and body as its new revision
    /// (see [`Store::save_edit`]); the body's paragraphs are separated by
    /// blank lines, as `show` prints them. Returns the new revision's id.
    pub fn save_edit(
        &mut self,
        story_id: i64,
        base_revision_id: Option<i64>,
        headline: &str,
        body: &str,
        note: Option<&str>,
    ) -> Result<i64> {
        self.save_text(story_id, base_revision_id, headline, body, note, None)
    }

    /// [`Library::save_edit`], and for an edit that puts back a passage
    /// cleaning removed, which one (for the audit log).
    fn save_text(
        &mut self,
        story_id: i64,
        base_revision_id: Option<i64>,
        headline: &str,
        body: &str,
        note: Option<&str>,
        restored_passage: Option<&serde_json::Value>,
    ) -> Result<i64> {
        // The same clean-up as wire copy: no control characters or
        // terminal escapes, white space folded.
        let headline = ingest::controls::one_line(headline);
        if headline.is_empty() {
            return Err(Error::InvalidInput("an edit needs a headline".into()));
        }
        let body = ingest::plain_paragraphs(&ingest::controls::without_controls(body)).join("\n\n");
        held_to_wire_limits("the edit", &headline, &body)?;
        let note = note.map(ingest::controls::without_controls);
        let note = note.as_deref();
        within_limit("the note", note.unwrap_or(""), MAX_NOTE_CHARS)?;
        let context = story_date_context(&self.store, story_id)?;
        let suggestions = suggest_claims(&body, &context);
        let edit = Edit {
            story_id,
            base_revision_id,
            headline: &headline,
            body: &body,
            note: note.map(str::trim).filter(|n| !n.is_empty()),
            suggestions: &suggestions,
            kind: "edit",
            restored_passage,
        };
        self.store.save_edit(&edit, &self.actor)
    }

    /// What in the story's current text the agency's copy does not back
    /// (see [`claims::integrity`]; none while the story is still its wire
    /// text), and figures that other held stories report differently for
    /// the same subject (see [`claims::figures`]).
    pub fn integrity(&self, story_id: i64) -> Result<Vec<IntegrityFinding>> {
        self.findings(story_id, true)
    }

    /// What in the story's current text the agency's copy does not back
    /// (see [`claims::integrity`]; none while the story is still its wire
    /// text), with keys and acknowledgements: [`Library::integrity`]
    /// without the comparison with other stories. A few reads of the
    /// story's own revisions, so the app shows it as the story opens.
    pub fn wire_findings(&self, story_id: i64) -> Result<Vec<IntegrityFinding>> {
        self.findings(story_id, false)
    }

    /// The figures other held stories report differently for the same
    /// subject (`figure-differs`, see [`claims::figures`]), with keys and
    /// acknowledgements: the rest of [`Library::integrity`] beside
    /// [`Library::wire_findings`]. It searches the library for the names
    /// around the story's figures and reads the neighbours it finds, so
    /// the app asks for it once the story is open.
    pub fn figure_findings(&self, story_id: i64) -> Result<Vec<IntegrityFinding>> {
        let body = self.store.head_body(story_id)?;
        let findings = self.figure_conflicts(story_id, &body)?;
        self.keyed(story_id, findings)
    }

    /// The findings against the story's own wire copy, with the figures
    /// other stories report (`across_library`) or without them: the inbox
    /// counts only what the wire copy does not back, which needs no search.
    fn findings(&self, story_id: i64, across_library: bool) -> Result<Vec<IntegrityFinding>> {
        let (kind, body, wire) = self.store.head_and_wire_bodies(story_id)?;
        let mut findings = Vec::new();
        if let (false, Some(original)) = (kind == "wire", wire.first()) {
            // What cleaning took out is still the agency's text: a passage
            // the desk puts back is backed by the wire copy.
            let removed: Vec<String> = self
                .store
                .wire_metadata(story_id)?
                .iter()
                .flat_map(ingest::removals_in)
                .map(|removal| removal.text)
                .collect();
            let wire: Vec<&str> = wire.iter().chain(&removed).map(String::as_str).collect();
            findings.extend(
                claims::integrity::check(&body, original, &wire)
                    .into_iter()
                    .map(|finding| IntegrityFinding {
                        kind: serde_json::to_value(finding.kind)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_owned))
                            .unwrap_or_default(),
                        start: claims::anchor::scalar_offset(&body, finding.start) as i64,
                        end: claims::anchor::scalar_offset(&body, finding.end) as i64,
                        text: finding.text,
                        wire_text: finding.wire_text,
                        related_start: None,
                        related_end: None,
                        other_story_id: None,
                        message: finding.message,
                        key: String::new(),
                        acknowledged: None,
                    }),
            );
        }
        findings.extend(self.contradictions(story_id, &body)?);
        if across_library {
            findings.extend(self.figure_conflicts(story_id, &body)?);
        }
        self.keyed(story_id, findings)
    }

    /// Figures of the story's current text that contradict each other: the
    /// same measure stated as current with different values, in the body
    /// or between the headline and the body (`figure-contradicts`, see
    /// [`claims::contradictions`]). The finding sits on the first figure
    /// of the body and names the other's place.
    fn contradictions(&self, story_id: i64, body: &str) -> Result<Vec<IntegrityFinding>> {
        use claims::contradictions::{self, FigureClaim, Place};
        let headline = self.store.head_headline(story_id)?;
        let stored: Vec<Claim> = self
            .store
            .claims(story_id)?
            .into_iter()
            .filter(|c| !c.dismissed && !c.detached)
            .filter(|c| c.kind == "quantity" || c.kind == "percentage")
            .collect();
        let claims: Vec<FigureClaim> = stored
            .iter()
            .filter_map(|c| {
                let start = claims::anchor::byte_offset(body, usize::try_from(c.start).ok()?)?;
                let end = claims::anchor::byte_offset(body, usize::try_from(c.end).ok()?)?;
                (start < end && body.get(start..end) == Some(c.text.as_str())).then_some(
                    FigureClaim {
                        kind: &c.kind,
                        text: &c.text,
                        start,
                        end,
                    },
                )
            })
            .collect();
        if claims.is_empty() {
            return Ok(Vec::new());
        }
        let in_headline = claims::detect(&headline, &claims::DetectContext::default());
        let headline_claims: Vec<FigureClaim> = in_headline
            .iter()
            .filter(|s| matches!(s.kind, ClaimKind::Quantity | ClaimKind::Percentage))
            .map(|s| FigureClaim {
                kind: s.kind.as_str(),
                text: &s.text,
                start: s.start,
                end: s.end,
            })
            .collect();
        let scalar = |at: usize| claims::anchor::scalar_offset(body, at) as i64;
        // "quantity:dead/people" reads "the dead"; "quantity:dead/assailant"
        // "the dead (assailant)"; "percentage:unemployment" "unemployment".
        let measure_name = |measure: &str| -> String {
            let measure = measure.split_once(':').map_or(measure, |(_, m)| m);
            match measure.split_once('/') {
                Some((what, "people")) => format!("the {what}"),
                Some((what, who)) => format!("the {what} ({who})"),
                None => measure.to_owned(),
            }
        };
        let mut findings = Vec::new();
        for c in contradictions::find(&headline, &headline_claims, body, &claims) {
            let measure = measure_name(&c.measure);
            let finding = match (c.first, c.second) {
                (
                    Place::Body { start, end },
                    Place::Body {
                        start: other_start,
                        end: other_end,
                    },
                ) => IntegrityFinding {
                    kind: "figure-contradicts".into(),
                    start: scalar(start),
                    end: scalar(end),
                    text: c.first_text.clone(),
                    wire_text: Some(c.second_text.clone()),
                    related_start: Some(scalar(other_start)),
                    related_end: Some(scalar(other_end)),
                    other_story_id: None,
                    message: format!(
                        "two different figures for {measure} in this story: \"{}\" and, further down, \"{}\"",
                        c.first_text, c.second_text
                    ),
                    key: String::new(),
                    acknowledged: None,
                },
                (Place::Headline { .. }, Place::Body { start, end }) => IntegrityFinding {
                    kind: "figure-contradicts".into(),
                    start: scalar(start),
                    end: scalar(end),
                    text: c.second_text.clone(),
                    wire_text: Some(c.first_text.clone()),
                    related_start: None,
                    related_end: None,
                    other_story_id: None,
                    message: format!(
                        "the headline says \"{}\" for {measure} where the text says \"{}\"",
                        c.first_text, c.second_text
                    ),
                    key: String::new(),
                    acknowledged: None,
                },
                // Two figures of the headline: nothing in the body to point at.
                _ => continue,
            };
            findings.push(finding);
        }
        Ok(findings)
    }

    /// `findings` in text order, each once, with its key and the desk's
    /// acknowledgement of it if there is one.
    fn keyed(
        &self,
        story_id: i64,
        mut findings: Vec<IntegrityFinding>,
    ) -> Result<Vec<IntegrityFinding>> {
        findings.sort_by_key(|f| (f.start, f.end));
        findings.dedup_by(|a, b| {
            (&a.kind, a.start, a.end, a.related_start) == (&b.kind, b.start, b.end, b.related_start)
        });
        let acknowledged = self.store.acknowledgements(story_id)?;
        for finding in &mut findings {
            finding.key = finding_key(finding);
            finding.acknowledged = acknowledged.get(&finding.key).cloned();
        }
        Ok(findings)
    }

    /// Accepts an integrity finding (by its `key`, as [`Library::integrity`]
    /// lists it) with the desk's reason: it no longer holds the story at
    /// the publish gate. Recorded in the audit log.
    pub fn acknowledge_finding(&mut self, story_id: i64, key: &str, reason: &str) -> Result<()> {
        let reason = ingest::controls::without_controls(reason);
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::InvalidInput(
                "say why the finding is acceptable: the reason is kept with the story".into(),
            ));
        }
        within_limit("the reason", reason, MAX_NOTE_CHARS)?;
        let findings = self.integrity(story_id)?;
        let finding = findings.iter().find(|f| f.key == key).ok_or_else(|| {
            Error::InvalidInput(format!(
                "story {story_id} has no integrity finding {key} (list them with `wiredesk integrity {story_id}`)"
            ))
        })?;
        self.store.acknowledge_finding(
            story_id,
            key,
            &finding.kind,
            &finding.text,
            &self.actor,
            reason,
        )
    }

    /// The story's quantity claims that another held story reports with
    /// another number for the same subject.
    fn figure_conflicts(&self, story_id: i64, body: &str) -> Result<Vec<IntegrityFinding>> {
        use claims::figures;
        // This story's figures, each with the names of its sentence.
        let located = |body: &str, text: &str, start: i64, end: i64| {
            let figure = figures::figure(text)?;
            let from = claims::anchor::byte_offset(body, start as usize)?;
            let to = claims::anchor::byte_offset(body, end as usize)?;
            let names = figures::names(figures::sentence_around(body, from, to));
            Some((figure, names))
        };
        let mine: Vec<(Claim, figures::Figure, Vec<String>)> = self
            .store
            .claims(story_id)?
            .into_iter()
            .filter(|c| c.kind == "quantity" && !c.dismissed && !c.detached)
            .filter_map(|c| {
                let (figure, names) = located(body, &c.text, c.start, c.end)?;
                (!names.is_empty()).then_some((c, figure, names))
            })
            .collect();
        let mut all_names: Vec<String> = mine.iter().flat_map(|(_, _, n)| n.clone()).collect();
        all_names.sort();
        all_names.dedup();
        // The newest stories naming the same places and people: enough to
        // catch the figures a desk is comparing this week, and cheap enough
        // to run whenever a story opens in a library of millions.
        let others = self
            .store
            .quantity_claims_naming(story_id, &all_names, FIGURE_NEIGHBOURS)?;
        let mut findings = Vec::new();
        for (claim, figure, names) in &mine {
            let conflict = others
                .iter()
                .find_map(|(other_id, other_body, other_claims)| {
                    other_claims.iter().find_map(|(_, text, start, end)| {
                        let (other, other_names) = located(other_body, text, *start, *end)?;
                        figures::differ(figure, names, &other, &other_names)
                            .then(|| (*other_id, text.clone(), other_names))
                    })
                });
            if let Some((other_id, other_text, other_names)) = conflict {
                let shared: Vec<&String> =
                    names.iter().filter(|n| other_names.contains(n)).collect();
                let shared = shared
                    .iter()
                    .map(|n| n.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                findings.push(IntegrityFinding {
                    kind: "figure-differs".into(),
                    start: claim.start,
                    end: claim.end,
                    text: claim.text.clone(),
                    message: format!(
                        "story {other_id} reports \"{other_text}\" ({shared}) where this says \"{}\"",
                        claim.text
                    ),
                    wire_text: Some(other_text),
                    related_start: None,
                    related_end: None,
                    other_story_id: Some(other_id),
                    key: String::new(),
                    acknowledged: None,
                });
            }
        }
        Ok(findings)
    }

    /// Every revision of the story in order, each with a one-line summary
    /// of what it changed against its parent.
    pub fn history(&self, story_id: i64) -> Result<Vec<HistoryEntry>> {
        let revisions = self.store.revisions(story_id)?;
        let exports = self.store.exports(story_id)?;
        Ok(revisions
            .iter()
            .map(|revision| {
                let parent = revision
                    .parent
                    .and_then(|p| revisions.iter().find(|r| r.id == p));
                let (summary, added, removed) = match parent {
                    Some(parent) => {
                        let ops = diff::diff(&parent.body, &revision.body, DiffOptions::default());
                        let stats = diff::stats(&ops);
                        (
                            format!("+{} −{} words", stats.words_added, stats.words_removed),
                            stats.words_added,
                            stats.words_removed,
                        )
                    }
                    None => ("first version".to_owned(), 0, 0),
                };
                HistoryEntry {
                    id: revision.id,
                    kind: revision.kind.clone(),
                    parent: revision.parent,
                    author: revision.author.clone(),
                    created_at: revision.created_at.clone(),
                    note: revision.note.clone(),
                    summary,
                    words_added: added,
                    words_removed: removed,
                    exports: exports
                        .iter()
                        .filter(|e| e.revision_id == revision.id)
                        .cloned()
                        .collect(),
                }
            })
            .collect())
    }

    /// Makes a new revision equal to an old one (history is never rewritten).
    pub fn restore(&mut self, story_id: i64, revision_id: i64) -> Result<i64> {
        let old = self.store.revision_text(story_id, revision_id)?;
        let (head, _) = self.store.head_and_original(story_id)?;
        let note = format!("restored revision {revision_id}");
        self.save_edit(story_id, Some(head), &old.headline, &old.body, Some(&note))
    }

    /// The story's newest wire version as cleaning left it, with every
    /// passage the cleaner removed from it (see [`Library::cleaning`]).
    pub fn cleaned_copy(&self, story_id: i64) -> Result<CleanedCopy> {
        let current = self.store.head_body(story_id)?;
        let wire_revision_id = self
            .store
            .latest_wire_revision(story_id)?
            .ok_or(Error::StoryNotFound(story_id))?;
        let wire = self.store.revision_text(story_id, wire_revision_id)?;
        let removals = ingest::removals_in(&self.store.revision_metadata(wire_revision_id)?);
        let restored = cleaning::restored_flags(&removals, &wire.body, &current);
        let passages = removals
            .into_iter()
            .zip(restored)
            .zip(1..)
            .map(|((removal, restored), id)| RemovedPassage {
                id,
                rule: removal.rule,
                text: removal.text,
                position: removal.position,
                within: removal.within,
                detail: removal.detail,
                restored,
                wire_revision_id,
            })
            .collect();
        Ok(CleanedCopy {
            story_id,
            wire_revision_id,
            headline: wire.headline,
            body: wire.body,
            passages,
        })
    }

    /// What cleaning removed from the story's newest wire version: each
    /// passage with its rule, text and place, numbered from 1 in the order
    /// the cleaner recorded them, and whether it is back in the current
    /// text.
    pub fn cleaning(&self, story_id: i64) -> Result<Vec<RemovedPassage>> {
        Ok(self.cleaned_copy(story_id)?.passages)
    }

    /// Puts passage `removal_id` (as [`Library::cleaning`] numbers them)
    /// back in the story's current text where it stood, as a new `edit`
    /// revision saved like any edit: audited, its claims detected. The
    /// place is found against the current text, which may have been edited
    /// since (see [`cleaning::restore_in_place`]). Returns the revision.
    pub fn restore_removed(&mut self, story_id: i64, removal_id: i64) -> Result<i64> {
        let copy = self.cleaned_copy(story_id)?;
        let passage = copy.passages.iter().find(|p| p.id == removal_id).ok_or(
            Error::RemovedPassageNotFound {
                story: story_id,
                id: removal_id,
                count: copy.passages.len(),
            },
        )?;
        if passage.restored {
            return Err(Error::PassageAlreadyRestored {
                story: story_id,
                id: removal_id,
            });
        }
        if cleaning::folded(&passage.text).is_empty() {
            return Err(Error::InvalidInput(format!(
                "passage {removal_id} removed by cleaning from story {story_id} has no text to put back"
            )));
        }
        let (head, _) = self.store.head_and_original(story_id)?;
        let current = self.store.revision_text(story_id, head)?;
        let removal = ingest::Removal {
            rule: passage.rule.clone(),
            text: passage.text.clone(),
            position: passage.position,
            within: passage.within,
            detail: passage.detail.clone(),
        };
        let body = cleaning::restore_in_place(&removal, &copy.body, &current.body);
        let note = format!(
            "Restored a passage removed by cleaning (rule: {})",
            passage.rule
        );
        let record = serde_json::json!({
            "id": passage.id,
            "rule": passage.rule,
            "text": passage.text,
            "wire_revision_id": passage.wire_revision_id,
        });
        self.save_text(
            story_id,
            Some(head),
            &current.headline,
            &body,
            Some(&note),
            Some(&record),
        )
    }

    /// The diff of two revisions of a story; by default the agency's
    /// original against the current text.
    pub fn diff(
        &self,
        story_id: i64,
        from: Option<i64>,
        to: Option<i64>,
        options: DiffOptions,
    ) -> Result<StoryDiff> {
        let (head, original) = self.store.head_and_original(story_id)?;
        let from = from.unwrap_or(original);
        let to = to.unwrap_or(head);
        let old = self.store.revision_text(story_id, from)?;
        let new = self.store.revision_text(story_id, to)?;
        let ops = diff::diff(&old.body, &new.body, options);
        let mut field_ops = std::collections::BTreeMap::new();
        for (name, a, b) in [
            ("dateline", &old.dateline, &new.dateline),
            ("byline", &old.byline, &new.byline),
            ("credit", &old.credit, &new.credit),
        ] {
            if a != b {
                let (a, b) = (a.as_deref().unwrap_or(""), b.as_deref().unwrap_or(""));
                field_ops.insert(name.to_owned(), diff::diff(a, b, options));
            }
        }
        // Claims on the current text that an insert touches.
        let mut claims_touched = Vec::new();
        if to == head {
            let mut at = 0i64;
            let mut inserted: Vec<(i64, i64)> = Vec::new();
            for op in ops.iter().filter(|op| op.op != diff::OpKind::Delete) {
                let len = op.text.chars().count() as i64;
                if op.op == diff::OpKind::Insert && !op.cosmetic {
                    inserted.push((at, at + len));
                }
                at += len;
            }
            claims_touched = self
                .store
                .claims(story_id)?
                .into_iter()
                .filter(|c| !c.detached)
                .filter(|c| inserted.iter().any(|(s, e)| c.start < *e && *s < c.end))
                .map(|c| c.id)
                .collect();
        }
        Ok(StoryDiff {
            from,
            to,
            stats: diff::stats(&ops),
            paragraphs: diff::align_paragraphs(&old.body, &new.body),
            headline_ops: diff::diff(&old.headline, &new.headline, options),
            ops,
            field_ops,
            claims_touched,
        })
    }

    /// Merges a wire version (the agency's newest by default, or version
    /// `wire_version` as `show` numbers them) into the desk's edited copy:
    /// a clean merge is saved as a `merge` revision; otherwise the
    /// conflicts wait for [`Library::resolve_conflict`].
    pub fn merge(&mut self, story_id: i64, wire_version: Option<i64>) -> Result<MergeOutcome> {
        Ok(self.start_merge(story_id, wire_version)?.1)
    }

    /// [`Library::merge`], answered as the desk reviews it: the agency's
    /// changes that applied and the conflicts left. A merge waiting on
    /// conflicts is found again as it was left (resolutions are stored as
    /// they are made), so closing the window midway loses nothing.
    pub fn merge_review(
        &mut self,
        story_id: i64,
        wire_version: Option<i64>,
    ) -> Result<MergeReview> {
        let (merge_id, outcome) = self.start_merge(story_id, wire_version)?;
        self.review(merge_id, outcome)
    }

    /// [`Library::resolve_conflict`], answered as a [`MergeReview`].
    pub fn resolve_conflict_review(
        &mut self,
        story_id: i64,
        conflict_id: i64,
        resolution: merge::Resolution,
    ) -> Result<MergeReview> {
        let (merge_id, outcome) = self.resolve(story_id, conflict_id, resolution)?;
        self.review(Some(merge_id), outcome)
    }

    /// The merge (its id, when there is one) and what it did.
    fn start_merge(
        &mut self,
        story_id: i64,
        wire_version: Option<i64>,
    ) -> Result<(Option<i64>, MergeOutcome)> {
        let versions = self.store.story(story_id)?.versions;
        let theirs = match wire_version {
            Some(n) => {
                versions
                    .iter()
                    .find(|v| v.version == n)
                    .ok_or_else(|| {
                        Error::InvalidInput(format!("story {story_id} has no wire version {n}"))
                    })?
                    .revision_id
            }
            None => match versions.last() {
                Some(v) => v.revision_id,
                None => return Ok((None, nothing_to_merge())),
            },
        };
        let (head, head_kind, base) = self.store.merge_base(story_id)?;
        let Some(base) = base.filter(|base| *base != theirs && head_kind != "wire") else {
            return Ok((None, nothing_to_merge()));
        };
        let merge_id = match self.store.open_merge(story_id, head, theirs)? {
            Some(id) => id,
            None => {
                let merged = self.three_way(story_id, base, head, theirs)?;
                let conflicts: Vec<(String, String, String)> = merged
                    .conflicts()
                    .into_iter()
                    .map(|c| (c.base.clone(), c.ours.clone(), c.theirs.clone()))
                    .collect();
                self.store
                    .create_merge(story_id, (base, head, theirs), &conflicts)?
            }
        };
        Ok((Some(merge_id), self.finish_merge(merge_id)?))
    }

    /// Resolves a conflict of an open merge with `ours`, `theirs` or a text
    /// of the desk's own; when none is left, the merge is saved.
    pub fn resolve_conflict(
        &mut self,
        story_id: i64,
        conflict_id: i64,
        resolution: merge::Resolution,
    ) -> Result<MergeOutcome> {
        Ok(self.resolve(story_id, conflict_id, resolution)?.1)
    }

    fn resolve(
        &mut self,
        story_id: i64,
        conflict_id: i64,
        resolution: merge::Resolution,
    ) -> Result<(i64, MergeOutcome)> {
        let (_, ours, theirs) = self.store.open_conflict(story_id, conflict_id)?;
        let chosen = match resolution {
            merge::Resolution::Ours => ours,
            merge::Resolution::Theirs => theirs,
            // Text typed for the conflict: cleaned as an edit is, and held
            // to the paragraph limit (the merged text is checked whole
            // when it is saved).
            merge::Resolution::Text(text) => {
                let text = ingest::controls::without_controls(&text).into_owned();
                within_limit("the resolution", &text, ingest::MAX_PARAGRAPH_CHARS)?;
                text
            }
        };
        let merge_id = self
            .store
            .resolve_conflict(story_id, conflict_id, &chosen, &self.actor)?;
        Ok((merge_id, self.finish_merge(merge_id)?))
    }

    /// What a merge applied to the desk's text, and what it still asks.
    fn review(&self, merge_id: Option<i64>, outcome: MergeOutcome) -> Result<MergeReview> {
        let Some(merge_id) = merge_id else {
            return Ok(MergeReview {
                status: outcome.status,
                revision_id: outcome.revision_id,
                wire_version: None,
                applied: Vec::new(),
                applied_stats: diff::DiffStats::default(),
                resolved: 0,
                conflicts: outcome.conflicts,
            });
        };
        let (story_id, base, ours, theirs) = self.store.merge_revisions(merge_id)?;
        let stored = self.store.merge_conflicts(merge_id)?;
        let text = |id| -> Result<String> {
            let revision = self.store.revision_text(story_id, id)?;
            Ok(format!("{}\n\n{}", revision.headline, revision.body))
        };
        let merged = match outcome.revision_id {
            Some(revision) => text(revision)?,
            None => self
                .three_way(story_id, base, ours, theirs)?
                .text_with(|conflict| {
                    let stored = stored.iter().find(|c| c.1 == conflict.id as i64);
                    Some(match stored.and_then(|c| c.5.clone()) {
                        Some(chosen) => merge::Resolution::Text(chosen),
                        None => merge::Resolution::Ours,
                    })
                })
                .unwrap_or_default(),
        };
        let applied = diff::diff(&text(ours)?, &merged, DiffOptions::default());
        let wire_version = self.store.story(story_id)?.version_of(theirs);
        Ok(MergeReview {
            status: outcome.status,
            revision_id: outcome.revision_id,
            wire_version,
            applied_stats: diff::stats(&applied),
            applied,
            resolved: stored.iter().filter(|c| c.5.is_some()).count(),
            conflicts: outcome.conflicts,
        })
    }

    /// The merge of three revisions' headline and body: the headline merges
    /// as the body's first paragraph.
    fn three_way(&self, story_id: i64, base: i64, ours: i64, theirs: i64) -> Result<merge::Merged> {
        let text = |id| -> Result<String> {
            let revision = self.store.revision_text(story_id, id)?;
            Ok(format!("{}\n\n{}", revision.headline, revision.body))
        };
        Ok(merge::merge(&text(base)?, &text(ours)?, &text(theirs)?))
    }

    /// Saves a merge whose conflicts are all resolved, or says what is left.
    fn finish_merge(&mut self, merge_id: i64) -> Result<MergeOutcome> {
        let (story_id, base, ours, theirs) = self.store.merge_revisions(merge_id)?;
        let stored = self.store.merge_conflicts(merge_id)?;
        let open: Vec<MergeConflict> = stored
            .iter()
            .filter(|c| c.5.is_none())
            .map(|(id, _, base, ours, theirs, _)| MergeConflict {
                id: *id,
                base: base.clone(),
                ours: ours.clone(),
                theirs: theirs.clone(),
            })
            .collect();
        if !open.is_empty() {
            return Ok(MergeOutcome {
                status: "conflicts".into(),
                revision_id: None,
                conflicts: open,
            });
        }
        let merged = self.three_way(story_id, base, ours, theirs)?;
        let text = merged
            .text_with(|conflict| {
                stored
                    .iter()
                    .find(|c| c.1 == conflict.id as i64)
                    .and_then(|c| c.5.clone())
                    .map(merge::Resolution::Text)
            })
            .ok_or_else(|| Error::InvalidInput("the merge's conflicts changed".into()))?;
        let (headline, body) = text.split_once("\n\n").unwrap_or((text.as_str(), ""));
        let version = self.store.story(story_id)?.version_of(theirs).unwrap_or(0);
        let note = format!("merged wire version {version}");
        let body = ingest::plain_paragraphs(body).join("\n\n");
        // A resolution can be chosen again while the merge is open.
        held_to_wire_limits(
            "the merged text (resolve a conflict again with shorter text)",
            headline.trim(),
            &body,
        )?;
        let context = story_date_context(&self.store, story_id)?;
        let suggestions = suggest_claims(&body, &context);
        let edit = Edit {
            story_id,
            base_revision_id: Some(ours),
            headline: headline.trim(),
            body: &body,
            note: Some(&note),
            suggestions: &suggestions,
            kind: "merge",
            restored_passage: None,
        };
        let revision_id = self.store.save_edit(&edit, &self.actor)?;
        self.store.finish_merge(merge_id, revision_id)?;
        Ok(MergeOutcome {
            status: "merged".into(),
            revision_id: Some(revision_id),
            conflicts: Vec::new(),
        })
    }

    /// What keeps the story from being published: claims still unchecked,
    /// being checked, disputed or false; merge conflicts waiting; what the
    /// wire copy does not back. Empty when it may go.
    pub fn export_gate(&self, story_id: i64) -> Result<Vec<String>> {
        let mut reasons = Vec::new();
        let claims = self.store.claims(story_id)?;
        let timing_open = self.store.timing_open()?;
        for status in ["unchecked", "checking", "disputed", "false"] {
            let open: Vec<&Claim> = claims
                .iter()
                .filter(|c| c.status == status && !c.dismissed && !c.detached)
                .filter(|c| timing_open || !c.timing)
                .collect();
            if !open.is_empty() {
                let shown: Vec<String> = open
                    .iter()
                    .take(5)
                    .map(|c| {
                        format!(
                            "{} \"{}\"",
                            c.id,
                            c.text.chars().take(40).collect::<String>()
                        )
                    })
                    .collect();
                let more = if open.len() > 5 { ", …" } else { "" };
                reasons.push(format!(
                    "{} claim{} {status} ({}{more})",
                    open.len(),
                    if open.len() == 1 { "" } else { "s" },
                    shown.join(", ")
                ));
            }
        }
        let conflicts = self.store.unresolved_conflicts(story_id)?;
        if conflicts > 0 {
            reasons.push(format!("{conflicts} merge conflict(s) to resolve"));
        } else if self.unmerged_wire_revision(story_id)?.is_some() {
            reasons.push(
                "the agency sent a newer version that is not merged into the desk's copy".into(),
            );
        }
        let findings: Vec<IntegrityFinding> = self
            .integrity(story_id)?
            .into_iter()
            .filter(|f| f.acknowledged.is_none())
            .collect();
        if !findings.is_empty() {
            let shown: Vec<&str> = findings
                .iter()
                .take(3)
                .map(|f| f.message.as_str())
                .collect();
            reasons.push(format!(
                "{} integrity finding(s) not acknowledged: {}",
                findings.len(),
                shown.join("; ")
            ));
        }
        Ok(reasons)
    }

    /// The fact-check report: every claim with its checking, and what the
    /// text says that the wire copy does not back.
    fn report(
        &self,
        story_id: i64,
        revision_id: i64,
        headline: &str,
        source: &str,
    ) -> Result<export::Report> {
        let mut claims = Vec::new();
        let (head, _) = self.store.head_and_original(story_id)?;
        let body = self.store.revision_text(story_id, head)?.body;
        for claim in self.store.claims(story_id)? {
            let events = self.store.claim_history(claim.id)?;
            let byte = |scalar: i64| {
                claims::anchor::byte_offset(&body, usize::try_from(scalar).unwrap_or(0))
            };
            let sentence = match (claim.detached, byte(claim.start), byte(claim.end)) {
                (false, Some(start), Some(end)) if start <= end => {
                    claims::figures::sentence_around(&body, start, end)
                        .trim()
                        .to_owned()
                }
                _ => String::new(),
            };
            let field = |event: &str, key: &str| -> Vec<String> {
                events
                    .iter()
                    .filter(|e| e.event == event)
                    .filter_map(|e| {
                        let detail = e.detail.as_object()?;
                        let text = match key {
                            "" => detail
                                .iter()
                                .map(|(k, v)| format!("{k}: {}", v.as_str().unwrap_or_default()))
                                .collect::<Vec<_>>()
                                .join(", "),
                            key => detail.get(key)?.as_str()?.to_owned(),
                        };
                        Some(format!("{text} ({}, {})", e.actor, e.created_at))
                    })
                    .collect()
            };
            let history = match events.last() {
                Some(last) => format!(
                    "{} change{}, last: {} by {} at {}",
                    events.len(),
                    if events.len() == 1 { "" } else { "s" },
                    match (&last.from_status, &last.to_status) {
                        (Some(from), Some(to)) => format!("{} {from} → {to}", last.event),
                        _ => last.event.clone(),
                    },
                    last.actor,
                    last.created_at
                ),
                None => "suggested at ingest, no changes".to_owned(),
            };
            claims.push(export::ReportClaim {
                id: claim.id,
                kind: claim.kind,
                text: claim.text,
                sentence,
                start: claim.start,
                end: claim.end,
                value: claim.value,
                speaker: claim.speaker,
                status: claim.status,
                origin: claim.origin,
                checker: claim.assignee,
                dismissed: claim.dismissed,
                detached: claim.detached,
                notes: field("note", "note"),
                evidence: field("evidence", ""),
                history,
            });
        }
        Ok(export::Report {
            story_id,
            revision_id,
            headline: headline.to_owned(),
            source: source.to_owned(),
            generated_at: time::OffsetDateTime::now_utc()
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
            generated_by: self.actor.clone(),
            claims,
            integrity: self.integrity(story_id)?,
        })
    }

    /// Exports a revision (the current one by default) of a story. A
    /// publishing format is refused while [`Library::export_gate`] has
    /// reasons, unless `override_reason` is given (it is recorded). Written
    /// to `out` through a temporary file and a rename, never over an
    /// existing file unless `force`; without `out` the bytes are returned.
    /// Every export is recorded; the story itself never changes.
    pub fn export(
        &mut self,
        story_id: i64,
        format: export::ExportFormat,
        revision: Option<i64>,
        out: Option<&Path>,
        force: bool,
        override_reason: Option<&str>,
    ) -> Result<(ExportOutcome, Vec<u8>)> {
        let override_reason = override_reason.map(ingest::controls::without_controls);
        let override_reason = override_reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        within_limit(
            "the override reason",
            override_reason.unwrap_or(""),
            MAX_NOTE_CHARS,
        )?;
        self.check_export(story_id, format, revision, override_reason)?;
        let (revision_id, bytes) = self.render_export(story_id, format, revision)?;
        if let Some(out) = out {
            write_new_file(out, &bytes, force)?;
        }
        let sha256 = format!("{:x}", Sha256::digest(&bytes));
        let destination = out.map(|p| p.display().to_string());
        let export_id = self.store.record_export(
            story_id,
            revision_id,
            format.as_str(),
            &self.actor,
            destination.as_deref(),
            override_reason,
            &sha256,
        )?;
        let outcome = ExportOutcome {
            export_id,
            revision_id,
            format: format.as_str().to_owned(),
            file: destination,
            sha256,
            bytes: bytes.len(),
            override_reason: override_reason.map(str::to_owned),
        };
        Ok((outcome, bytes))
    }

    /// Refuses an export that something blocks, unless a reason (not blank)
    /// overrides it; `Ok` when it may go.
    pub fn check_export(
        &self,
        story_id: i64,
        format: export::ExportFormat,
        revision: Option<i64>,
        override_reason: Option<&str>,
    ) -> Result<()> {
        if override_reason.is_some_and(|r| !r.trim().is_empty()) {
            return Ok(());
        }
        let reasons = self.export_blockers(story_id, format, revision)?;
        if reasons.is_empty() {
            Ok(())
        } else {
            Err(Error::ExportRefused {
                story: story_id,
                reasons,
            })
        }
    }

    /// The file name an export is offered under, e.g.
    /// `flood-cuts-off-valley-r12-nitf.xml`: words of the headline, the
    /// revision, the kind of document.
    pub fn export_file_name(
        &self,
        story_id: i64,
        format: export::ExportFormat,
        revision: Option<i64>,
    ) -> Result<String> {
        let (head, _) = self.store.head_and_original(story_id)?;
        let revision_id = revision.unwrap_or(head);
        let text = self.store.revision_text(story_id, revision_id)?;
        Ok(export::file_name(
            story_id,
            revision_id,
            &text.headline,
            format,
        ))
    }

    /// What keeps this export from going without an override: for a
    /// publishing format, the [`Library::export_gate`] and, for a revision
    /// other than the current one, that the checks are about the current
    /// text. Reports and ClaimReview are never held.
    pub fn export_blockers(
        &self,
        story_id: i64,
        format: export::ExportFormat,
        revision: Option<i64>,
    ) -> Result<Vec<String>> {
        let (head, _) = self.store.head_and_original(story_id)?;
        if !format.is_publishing() {
            return Ok(Vec::new());
        }
        let mut reasons = self.export_gate(story_id)?;
        // The gate judges the current text; an older revision is published
        // only past the gate, with a reason.
        if let Some(revision_id) = revision.filter(|r| *r != head) {
            self.store.revision_text(story_id, revision_id)?;
            reasons.push(format!(
                "revision {revision_id} is not the current text (revision {head}), which is what the claims and checks are about"
            ));
        }
        Ok(reasons)
    }

    /// The bytes an export of a revision (the current one by default) would
    /// write, and that revision: for previews. Nothing is gated or recorded.
    pub fn render_export(
        &self,
        story_id: i64,
        format: export::ExportFormat,
        revision: Option<i64>,
    ) -> Result<(i64, Vec<u8>)> {
        let (head, original) = self.store.head_and_original(story_id)?;
        let revision_id = revision.unwrap_or(head);
        let text = self.store.revision_text(story_id, revision_id)?;
        let meta = self.store.export_meta(story_id, revision_id)?;
        let bytes = match format {
            _ if format.is_publishing() => export::render(
                format,
                &export::ExportStory {
                    story_id,
                    revision_id,
                    headline: &text.headline,
                    dateline: text.dateline.as_deref(),
                    byline: text.byline.as_deref(),
                    credit: text.credit.as_deref(),
                    body: &text.body,
                    source: &meta.agency,
                    meta: meta.clone(),
                },
            ),
            export::ExportFormat::ClaimReview => {
                let publisher = self.publisher()?;
                let report = self.report(story_id, revision_id, &text.headline, &meta.agency)?;
                let original = self.store.revision_text(story_id, original)?;
                let appearance = export::claim_review::Appearance {
                    headline: original.headline,
                    agency: meta.agency.clone(),
                    published: meta.agency_created.clone(),
                };
                export::claim_review::render(&report, &publisher, &appearance)
            }
            _ => {
                let report = self.report(story_id, revision_id, &text.headline, &meta.agency)?;
                export::render_report(format, &report)
            }
        };
        Ok((revision_id, bytes))
    }

    /// A library setting (one of [`SETTINGS`]), if set.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        known_setting(key)?;
        self.store.preference(key)
    }

    /// Sets (or, with `None`, clears) a library setting; recorded in the audit log.
    pub fn set_setting(&mut self, key: &str, value: Option<&str>) -> Result<()> {
        known_setting(key)?;
        let value = value.map(ingest::controls::one_line);
        let value = value.as_deref().filter(|v| !v.is_empty());
        within_limit(key, value.unwrap_or(""), MAX_SETTING_CHARS)?;
        if let (true, Some(value)) = (key == claims::TIMING_OPEN_SETTING, value) {
            if !matches!(value, "true" | "false") {
                return Err(Error::InvalidInput(format!(
                    "{key} is \"true\" or \"false\", not \"{value}\""
                )));
            }
        }
        if let (true, Some(value)) = (key.ends_with("_url"), value) {
            plain_web_address(key, value)?;
        }
        self.store.set_preference(key, value)?;
        let detail = serde_json::json!({ "setting": key, "value": value });
        // Recorded as whoever set it, before a new name takes effect.
        self.store
            .audit(None, &self.actor, "set-setting", &detail)?;
        if key == USER_NAME_SETTING {
            self.actor = library_user(&self.store);
        }
        Ok(())
    }

    /// Who publishes this desk's fact checks, from the settings.
    fn publisher(&self) -> Result<export::claim_review::Publisher> {
        let required = |key: &str| -> Result<String> {
            self.store.preference(key)?.ok_or_else(|| {
                Error::InvalidInput(format!(
                    "ClaimReview needs the setting {key}: set it in the app's Preferences or with `wiredesk settings {key} VALUE`"
                ))
            })
        };
        let name = required("claimreview.organisation")?;
        // Settings stored before addresses were checked are checked here too.
        let base_url = required("claimreview.base_url")?;
        plain_web_address("claimreview.base_url", &base_url)?;
        let url = self.store.preference("claimreview.organisation_url")?;
        if let Some(url) = &url {
            plain_web_address("claimreview.organisation_url", url)?;
        }
        Ok(export::claim_review::Publisher {
            name,
            url,
            base_url,
        })
    }

    /// A story's claims, in text order.
    pub fn claims(&self, story_id: i64) -> Result<Vec<Claim>> {
        self.store.claims(story_id)
    }

    pub fn claim(&self, claim_id: i64) -> Result<Claim> {
        self.store.claim(claim_id)
    }

    /// Marks `start..end` (Unicode scalar offsets into the story's current
    /// text) as a claim of `kind`.
    pub fn add_claim(
        &mut self,
        story_id: i64,
        start: usize,
        end: usize,
        kind: ClaimKind,
    ) -> Result<Claim> {
        self.store
            .add_claim(story_id, start, end, kind, &self.actor)
    }

    /// Sets a claim's status and/or assignee, and/or adds a note.
    pub fn update_claim(
        &mut self,
        claim_id: i64,
        status: Option<&str>,
        note: Option<&str>,
        assignee: Option<&str>,
    ) -> Result<Claim> {
        let note = note.map(ingest::controls::without_controls);
        let assignee = assignee.map(ingest::controls::one_line);
        within_limit("the note", note.as_deref().unwrap_or(""), MAX_NOTE_CHARS)?;
        within_limit(
            "the assignee",
            assignee.as_deref().unwrap_or(""),
            MAX_SETTING_CHARS,
        )?;
        self.store.update_claim(
            claim_id,
            status,
            note.as_deref(),
            assignee.as_deref(),
            &self.actor,
        )
    }

    pub fn add_claim_evidence(&mut self, claim_id: i64, evidence: &Evidence) -> Result<ClaimEvent> {
        let clean = |text: &String| ingest::controls::without_controls(text).into_owned();
        let evidence = match evidence {
            Evidence::Url(url) => {
                let url = ingest::controls::one_line(url);
                plain_web_address("an evidence URL", &url)?;
                Evidence::Url(url)
            }
            Evidence::Doc(doc) => Evidence::Doc(clean(doc)),
            Evidence::Contact(note) => Evidence::Contact(clean(note)),
        };
        let (Evidence::Url(text) | Evidence::Doc(text) | Evidence::Contact(text)) = &evidence;
        within_limit("the evidence", text, MAX_NOTE_CHARS)?;
        self.store
            .add_claim_evidence(claim_id, &evidence, &self.actor)
    }

    /// Dismisses a suggestion (it is kept, marked dismissed) or restores it.
    pub fn dismiss_claim(&mut self, claim_id: i64, dismissed: bool) -> Result<Claim> {
        self.store.dismiss_claim(claim_id, dismissed, &self.actor)
    }

    /// A claim's events, oldest first.
    pub fn claim_history(&self, claim_id: i64) -> Result<Vec<ClaimEvent>> {
        self.store.claim_history(claim_id)
    }
}

/// Where a batch stands after each file, for progress bars and events.
#[derive(Debug, Clone, Copy)]
pub struct IngestProgress<'a> {
    /// Files finished so far, this one included.
    pub done: usize,
    pub total: usize,
    /// The file just finished, as reports name it.
    pub file: &'a str,
    /// What it did: one report per story, or its error.
    pub reports: &'a [IngestReport],
}

/// A file waiting to be ingested.
struct Pending {
    path: PathBuf,
    /// Set for a drop-folder file: recorded as taken with what it stored.
    dropped: Option<DroppedFile>,
    /// Copy handed over in memory (`path` is then only its label).
    bytes: Option<Vec<u8>>,
}

impl Pending {
    fn file(path: PathBuf) -> Pending {
        Pending {
            path,
            dropped: None,
            bytes: None,
        }
    }

    fn len(&self) -> u64 {
        match &self.bytes {
            Some(bytes) => bytes.len() as u64,
            None => fs::metadata(&self.path).map_or(0, |m| m.len()),
        }
    }
}

/// One story of a file, parsed, with the opening it is matched by.
struct PreparedItem {
    parsed: ingest::ParsedCopy,
    opening: Opening,
    sample: Vec<i64>,
    content_sha256: String,
    /// The claims the detector suggests (found off the writer's thread).
    claims: Vec<Suggestion>,
    /// Plain text: each body paragraph's line hash if it could be
    /// furniture ([`furniture::candidate_lines`]); `None` for other formats.
    lines: Option<Vec<Option<i64>>>,
}

/// What recurring furniture did to a plain-text copy, and what to count.
struct Learned {
    /// The copy without the furniture taken out, when any was.
    cleaned: Option<Cleaned>,
    scope: String,
    /// The hashes of the copy's candidate lines, as received.
    lines: Vec<i64>,
    /// The lines of the previous version of the story it updates.
    counted: Vec<i64>,
}

/// A copy with learned furniture taken out: its text, its claims moved
/// with the text, and the opening sample of what is stored.
struct Cleaned {
    parsed: ingest::ParsedCopy,
    claims: Vec<Suggestion>,
    sample: Vec<i64>,
}

/// A file read, hashed and parsed (off the writer's thread), ready to write.
struct Prepared {
    label: String,
    bytes: Vec<u8>,
    sha256: String,
    /// Its stories, or the error that names the file and the problem.
    parsed: Result<Vec<PreparedItem>>,
    dropped: Option<DroppedFile>,
}

impl Prepared {
    fn read(file: &Pending) -> Prepared {
        let label = file.path.display().to_string();
        if let Some(bytes) = &file.bytes {
            return Prepared::from_bytes(label, bytes.clone(), file.dropped.clone());
        }
        let read = if file.dropped.is_some() {
            ingest::read_dropped_file(&file.path)
        } else {
            ingest::read_file(&file.path)
        };
        match read {
            Ok(bytes) => Prepared::from_bytes(label, bytes, file.dropped.clone()),
            Err(source) => Prepared::failed(file, source),
        }
    }

    fn from_bytes(label: String, bytes: Vec<u8>, dropped: Option<DroppedFile>) -> Prepared {
        let sha256 = format!("{:x}", Sha256::digest(&bytes));
        let received = time::OffsetDateTime::now_utc().date();
        let parsed = ingest::parse_items(&bytes)
            .map(|items| {
                items
                    .into_iter()
                    .map(|mut parsed| {
                        parsed.date_received(received);
                        let derived = parsed.metadata.get("headline_derived").is_some();
                        let opening = Opening::of_copy(
                            &parsed.headline,
                            &parsed.body,
                            parsed.dateline.as_deref(),
                            derived,
                        );
                        let sample = opening.sample();
                        // The received text's hash, before anything the
                        // library learned is taken out: a re-send is known.
                        let content_sha256 = parsed.content_sha256();
                        let context = date_context(parsed.copy_date(), received);
                        let claims = suggest_claims(&parsed.body, &context);
                        let lines = (parsed.format == ingest::Format::Text)
                            .then(|| furniture::candidate_lines(&parsed));
                        PreparedItem {
                            parsed,
                            opening,
                            sample,
                            content_sha256,
                            claims,
                            lines,
                        }
                    })
                    .collect()
            })
            .map_err(|source| Error::Ingest {
                path: PathBuf::from(&label),
                source,
            });
        Prepared {
            label,
            bytes,
            sha256,
            parsed,
            dropped,
        }
    }

    fn failed(file: &Pending, source: IngestError) -> Prepared {
        Prepared {
            label: file.path.display().to_string(),
            bytes: Vec::new(),
            sha256: String::new(),
            parsed: Err(Error::Ingest {
                path: file.path.clone(),
                source,
            }),
            dropped: file.dropped.clone(),
        }
    }
}

/// Files written in one transaction: a group is committed every second or
/// 5,000 files, so other writers (the app saving an edit) never wait more
/// than a moment, and progress is reported as it lands. (Each commit writes
/// out the search index's pending terms: a quarter second was 30% slower.)
#[derive(Default)]
struct Group {
    started: Option<Instant>,
    files: Vec<Prepared>,
    reports: Vec<Vec<IngestReport>>,
    failed: bool,
}

const GROUP_TIME: Duration = Duration::from_millis(1000);
/// Chunks of files prepared ahead of the writer, at most.
const PREPARED_AHEAD: usize = 2;
const GROUP_FILES: usize = 5000;

impl Group {
    fn is_due(&self) -> bool {
        self.files.len() >= GROUP_FILES || self.started.is_some_and(|at| at.elapsed() >= GROUP_TIME)
    }
}

/// Chunks of files prepared together, a chunk ahead of the writer: at most
/// 64 files or 64 MiB, so memory stays bounded whatever the folder holds.
fn chunks(files: &[Pending]) -> Vec<&[Pending]> {
    const FILES: usize = 64;
    const BYTES: u64 = 64 << 20;
    let mut chunks = Vec::new();
    let (mut start, mut bytes) = (0, 0u64);
    for (at, file) in files.iter().enumerate() {
        let len = file.len();
        if at > start && (at - start >= FILES || bytes + len > BYTES) {
            chunks.push(&files[start..at]);
            (start, bytes) = (at, 0);
        }
        bytes += len;
    }
    chunks.push(&files[start..]);
    chunks
}

/// Threads that read and parse while the writer writes: one per core. The
/// writer shares a core with them; parsing plain-text copy costs more than
/// writing it, so on two cores a worker per core keeps both busy where one
/// left the writer waiting (1,740 stories a second in the ingest benchmark
/// against 1,500 with one worker).
fn parse_workers() -> usize {
    std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .clamp(1, 8)
}

/// Reads and parses a chunk of files, split among `workers` threads; the
/// results keep the files' order.
fn prepare_all(files: &[Pending], workers: usize) -> Vec<Prepared> {
    if workers <= 1 || files.len() < 2 {
        return files.iter().map(Prepared::read).collect();
    }
    let per_worker = files.len().div_ceil(workers);
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(per_worker)
            .map(|part| scope.spawn(move || part.iter().map(Prepared::read).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .zip(files.chunks(per_worker))
            .flat_map(|(handle, part)| {
                handle.join().unwrap_or_else(|_| {
                    part.iter()
                        .map(|file| Prepared::failed(file, IngestError::Internal))
                        .collect()
                })
            })
            .collect()
    })
}

/// Writes `bytes` to `path` through a temporary file beside it and a
/// rename, so a crash never leaves half a file; an existing file is kept
/// unless `force`.
fn write_new_file(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    let failed = |source| Error::Write {
        path: path.to_owned(),
        source,
    };
    if let Some(problem) = crate::output_file::refusal(
        path,
        force,
        "the file exists already (use --force to replace it)",
    ) {
        return Err(failed(std::io::Error::other(problem)));
    }
    crate::output_file::write_through_rename(path, bytes).map_err(failed)
}

/// The claims the detector suggests in a body: at ingest, after an edit
/// and after a merge alike, relative dates ("on Wednesday") read against
/// `context` ([`date_context`]).
fn suggest_claims(body: &str, context: &claims::DetectContext) -> Vec<Suggestion> {
    claims::detect(body, context)
}

/// What relative dates in a text are counted from: the copy's own date
/// (`copy_date` as the wire revision stores it; a month and day without a
/// year take the latest year that puts them on or before `fallback`), and
/// only when there is none, `fallback`: the day the copy was received, or
/// for an edit or a merge the day it was saved.
fn date_context(copy_date: Option<&str>, fallback: time::Date) -> claims::DetectContext {
    let day = copy_date
        .and_then(ingest::CopyDate::parse)
        .and_then(|date| match date {
            ingest::CopyDate::MonthDay(md) => {
                let month = time::Month::try_from(md.month).ok()?;
                (0..=4)
                    .filter_map(|back| {
                        time::Date::from_calendar_date(fallback.year() - back, month, md.day).ok()
                    })
                    .find(|d| *d <= fallback)
            }
            other => other.day(),
        });
    match day {
        Some(day) => claims::DetectContext::copy_date(day),
        None => claims::DetectContext::received(fallback),
    }
}

/// [`date_context`] for a new text of a held story (an edit, a merge): the
/// story's wire copy date, else today.
fn story_date_context(store: &Store, story_id: i64) -> Result<claims::DetectContext> {
    let copy_date = store.copy_date(story_id)?;
    Ok(date_context(
        copy_date.as_deref(),
        time::OffsetDateTime::now_utc().date(),
    ))
}

fn nothing_to_merge() -> MergeOutcome {
    MergeOutcome {
        status: "nothing-to-merge".into(),
        revision_id: None,
        conflicts: Vec::new(),
    }
}

fn stored_report(label: &str, stored: Stored) -> IngestReport {
    let (status, story_id, revision_id) = match stored {
        Stored::New {
            story_id,
            revision_id,
        } => (IngestStatus::New, story_id, revision_id),
        Stored::Update {
            story_id,
            revision_id,
        } => (IngestStatus::Update, story_id, revision_id),
        Stored::Duplicate {
            story_id,
            revision_id,
        } => (IngestStatus::Duplicate, story_id, revision_id),
    };
    IngestReport {
        file: label.to_owned(),
        status,
        story_id: Some(story_id),
        revision_id: Some(revision_id),
        error: None,
    }
}

fn error_report(file: &str, message: &str) -> IngestReport {
    IngestReport {
        file: file.to_owned(),
        status: IngestStatus::Error,
        story_id: None,
        revision_id: None,
        error: Some(message.to_owned()),
    }
}

/// Files under `dir`, recursively, sorted by path, and the symbolic links
/// not followed: a link is followed only to a file inside `dir` (never out
/// of the folder, never to a folder). Hidden entries are skipped. Anything
/// that is not a regular file (a device, a pipe) is listed, to be refused by
/// name when read.
type FilesUnder = (Vec<PathBuf>, Vec<(PathBuf, &'static str)>);

fn files_under(dir: &Path) -> std::io::Result<FilesUnder> {
    let root = fs::canonicalize(dir)?;
    let (mut files, mut refused) = (Vec::new(), Vec::new());
    walk(&root, dir, &mut files, &mut refused)?;
    Ok((files, refused))
}

fn walk(
    root: &Path,
    dir: &Path,
    files: &mut Vec<PathBuf>,
    refused: &mut Vec<(PathBuf, &'static str)>,
) -> std::io::Result<()> {
    let mut entries: Vec<_> = fs::read_dir(dir)?.collect::<std::io::Result<_>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(root, &path, files, refused)?;
        } else if kind.is_symlink() {
            match fs::canonicalize(&path) {
                Ok(target) if !target.starts_with(root) => {
                    refused.push((path, "a symbolic link to outside the folder"))
                }
                Ok(target) if target.is_dir() => {
                    refused.push((path, "a symbolic link to a folder"))
                }
                Ok(_) => files.push(path),
                Err(_) => refused.push((path, "a symbolic link to nothing")),
            }
        } else {
            files.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_address_settings_are_plain_http_addresses() {
        for good in [
            "https://news.example/stories",
            "http://desk.example:8080/a/b/",
            "https://news.example/stories?from=wire",
        ] {
            assert!(plain_web_address("k", good).is_ok(), "{good}");
        }
        for (bad, why) in [
            ("https://news.example/\"onload=\"x", "the character \""),
            ("https://news.example/</script><script>x", "the character <"),
            ("https://news.example/a b", "a space"),
            ("https://news.example/\u{7}", "control character (U+0007)"),
            ("javascript:alert(1)", "not an http or https address"),
            ("data:text/html,x", "not an http or https address"),
            ("news.example/stories", "is not an address"),
            (
                "https://editor:secret@news.example/",
                "user name or password",
            ),
            ("https:///stories", "names no host"),
            ("https://news.example/'x'", "the character '"),
        ] {
            let err = plain_web_address("claimreview.base_url", bad)
                .expect_err(bad)
                .to_string();
            assert!(err.contains(why), "{bad}: {err}");
            assert!(err.contains("claimreview.base_url"), "{err}");
            assert!(
                !err.contains('\u{7}'),
                "the message prints no control characters"
            );
        }
    }

    #[test]
    fn the_default_library_is_in_the_platform_data_folder() {
        let path = default_library_path().expect("a home folder");
        assert!(
            path.ends_with("wiredesk/library.sqlite"),
            "{}",
            path.display()
        );
    }

    #[test]
    fn the_db_flag_wins_over_everything() {
        let flag = Path::new("/desk/night.sqlite");
        assert_eq!(resolve_library_path(Some(flag)).unwrap(), flag);
    }

    #[test]
    fn folders_are_read_recursively_in_name_order_without_hidden_entries() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.txt", "a/z.txt", "a/c.txt", ".hidden/x.txt", ".dot.txt"] {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, "x").unwrap();
        }
        let names: Vec<String> = files_under(dir.path())
            .map(|(files, _)| files)
            .unwrap()
            .iter()
            .map(|p| {
                p.strip_prefix(dir.path())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, ["a/c.txt", "a/z.txt", "b.txt"]);
    }

    #[test]
    fn dates_count_from_the_copys_own_date_else_the_day_received() {
        use time::macros::date;
        let received = date!(2027 - 01 - 02);
        let context = |copy_date: Option<&str>| {
            let c = date_context(copy_date, received);
            (c.reference_date, c.reference)
        };
        let copy = claims::ResolvedAgainst::CopyDate;
        assert_eq!(
            context(Some("2014-03-11")),
            (Some(date!(2014 - 03 - 11)), copy)
        );
        // The copy's own local day, not the UTC one.
        assert_eq!(
            context(Some("2025-12-05T05:24:00+05:30")),
            (Some(date!(2025 - 12 - 05)), copy)
        );
        // A month and day alone: the latest such day on or before receipt.
        assert_eq!(
            context(Some("--12-30")),
            (Some(date!(2026 - 12 - 30)), copy)
        );
        assert_eq!(
            context(Some("--01-02")),
            (Some(date!(2027 - 01 - 02)), copy)
        );
        let received_kind = claims::ResolvedAgainst::Received;
        assert_eq!(context(None), (Some(received), received_kind));
        assert_eq!(context(Some("not a date")), (Some(received), received_kind));
    }

    /// A story's date claims as (text, value, resolved_against).
    fn date_claims(library: &Library, story: i64) -> Vec<(String, String, String)> {
        library
            .claims(story)
            .unwrap()
            .into_iter()
            .filter(|c| c.kind == "date" && !c.detached)
            .map(|c| {
                (
                    c.text,
                    c.value.unwrap_or_default(),
                    c.resolved_against.unwrap_or_default(),
                )
            })
            .collect()
    }

    fn triple(text: &str, value: &str, against: &str) -> (String, String, String) {
        (text.into(), value.into(), against.into())
    }

    #[test]
    fn ingest_and_edits_resolve_dates_against_the_wire_copys_date() {
        let mut library = Library::open_in_memory().unwrap();
        let copy = "Quake toll rises\n\n\
            LIMA, March 11, 2014 (Reuters) - The death toll rose to 120 on Thursday, officials \
            said, up from 73 reported on March 9.\n\n\
            \"We will rebuild every home,\" Mayor Ana Ruiz vowed.\n";
        let story = library
            .ingest_bytes("quake.txt", copy.as_bytes())
            .unwrap()
            .story_id
            .unwrap();
        assert_eq!(
            date_claims(&library, story),
            vec![
                triple("on Thursday", "2014-03-06", "copy-date"),
                triple("on March 9", "2014-03-09", "copy-date"),
            ]
        );
        let body = library.story(story).unwrap().body;
        let edited = format!("{body}\n\nAftershocks struck on Sunday.");
        library
            .save_edit(story, None, "Quake toll rises", &edited, None)
            .unwrap();
        assert_eq!(
            date_claims(&library, story)[2],
            triple("on Sunday", "2014-03-09", "copy-date")
        );
    }

    #[test]
    fn a_merged_wire_update_counts_its_dates_from_the_wire_copys_date() {
        let mut library = Library::open_in_memory().unwrap();
        let lead = "The death toll rose to 120 on Thursday, officials said, as rescue \
                    teams searched collapsed homes in the southern highlands for survivors.";
        let first = format!(
            "Quake toll rises\n\nLIMA, March 11, 2014 (Reuters) - {lead}\n\n\
             Rescue teams arrived from Chile and Ecuador overnight.\n"
        );
        let story = library
            .ingest_bytes("quake.txt", first.as_bytes())
            .unwrap()
            .story_id
            .unwrap();
        let held = library.story(story).unwrap();
        let edited = format!(
            "{}\n\nDesk note: toll checked with the ministry.",
            held.body
        );
        library
            .save_edit(story, None, &held.headline, &edited, None)
            .unwrap();
        let update = format!(
            "UPDATE 1-Quake toll rises\n\nLIMA, March 13, 2014 (Reuters) - {lead}\n\n\
             Aftershocks struck on Wednesday.\n\n\
             Rescue teams arrived from Chile and Ecuador overnight.\n"
        );
        let report = library
            .ingest_bytes("quake-1.txt", update.as_bytes())
            .unwrap();
        assert_eq!(report.status, IngestStatus::Update);
        let outcome = library.merge(story, None).unwrap();
        assert_eq!(outcome.status, "merged", "{outcome:?}");
        let claims = date_claims(&library, story);
        assert!(
            claims.contains(&triple("on Wednesday", "2014-03-12", "copy-date")),
            "{claims:?}"
        );
    }

    #[test]
    fn copy_without_a_date_resolves_against_the_day_received() {
        let mut library = Library::open_in_memory().unwrap();
        let story = library
            .ingest_bytes(
                "harbour.txt",
                b"Harbour reopens\n\nThe harbour reopened on Monday after repairs, the port said.\n",
            )
            .unwrap()
            .story_id
            .unwrap();
        assert!(library.story(story).unwrap().copy_date.is_none());
        let today = time::OffsetDateTime::now_utc().date();
        let claims = date_claims(&library, story);
        assert_eq!(claims.len(), 1, "{claims:?}");
        assert_eq!(claims[0].0, "on Monday");
        assert_eq!(claims[0].2, "received");
        let monday = time::Date::parse(
            &claims[0].1,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .unwrap();
        assert_eq!(monday.weekday(), time::Weekday::Monday);
        assert!(monday <= today && (today - monday).whole_days() < 7);
    }
}

#[cfg(test)]
mod claim_properties {
    //! Through the whole library: an edit inside a verified claim always
    //! sends it back to unchecked; an edit elsewhere never touches it.
    use super::*;
    use proptest::prelude::*;

    const STORY: &[u8] = b"Harbour reopens\n\nHALVARD (Meridian Wire) - The harbour reopened \
        on Tuesday after a storm damaged 14 cranes, the port authority said. Repairs cost \
        35 million crowns and took nine weeks, officials said. Ferries resumed at dawn.\n";

    fn verified_claim(library: &mut Library) -> (i64, Claim, String) {
        let report = library.ingest_bytes("harbour.txt", STORY).expect("ingest");
        let story = report.story_id.expect("a story");
        let body = library.story(story).expect("story").body;
        let text = "35 million crowns";
        let at = body[..body.find(text).expect("in the body")]
            .chars()
            .count();
        let claim = library
            .add_claim(story, at, at + text.chars().count(), ClaimKind::Statement)
            .expect("claim");
        library
            .update_claim(claim.id, Some("verified"), None, None)
            .expect("verify");
        (story, claim, body)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn an_edit_inside_a_verified_claim_resets_it(pick in 0usize..100, with in "[a-z0-9]{1,3}") {
            let mut library = Library::open_in_memory().expect("library");
            let (story, claim, body) = verified_claim(&mut library);
            let inside: Vec<usize> = body
                .char_indices()
                .map(|(at, _)| at)
                .filter(|at| {
                    let chars = body[..*at].chars().count() as i64;
                    chars >= claim.start && chars < claim.end
                })
                .collect();
            let at = inside[pick % inside.len()];
            let c = body[at..].chars().next().expect("a char");
            prop_assume!(!with.starts_with(c));
            let edited = format!("{}{}{}", &body[..at], with, &body[at + c.len_utf8()..]);
            library.save_edit(story, None, "Harbour reopens", &edited, None).expect("save");
            let after = library.claim(claim.id).expect("claim kept");
            prop_assert_eq!(after.status, "unchecked");
            let events = library.claim_history(claim.id).expect("history");
            prop_assert!(events.iter().any(|e| e.to_status.as_deref() == Some("unchecked")
                && e.event == "status"
                && matches!(e.detail["reason"].as_str(), Some("text-changed" | "detached"))));
        }

        #[test]
        fn an_edit_elsewhere_leaves_a_verified_claim_alone(word in "[A-Z][a-z]{2,8}") {
            let mut library = Library::open_in_memory().expect("library");
            let (story, claim, body) = verified_claim(&mut library);
            let edited = body.replace("Ferries resumed", &format!("{word} ferries resumed"));
            library.save_edit(story, None, "Harbour reopens", &edited, None).expect("save");
            let after = library.claim(claim.id).expect("claim kept");
            prop_assert_eq!(after.status, "verified");
            prop_assert_eq!(&after.text, &claim.text);
            let now = library.story(story).expect("story").body;
            let text: String = now.chars().skip(after.start as usize).take((after.end - after.start) as usize).collect();
            prop_assert_eq!(text, claim.text);
        }
    }
}

#[cfg(test)]
mod cleaning_tests {
    //! Listing and restoring what cleaning removed, on wire revisions whose
    //! record of removals is written here (the integration tests use what
    //! the cleaner itself records).
    use super::*;
    use crate::ingest::Removal;

    const COPY: &[u8] = b"Harbour reopens\n\nHALVARD (Meridian Wire) - The harbour reopened \
        on Tuesday after a storm damaged 14 cranes, the port authority said.\n\n\
        Repairs took nine weeks, officials said.\n\nFerries resumed at dawn.\n";

    fn removal(rule: &str, text: &str, position: usize, within: Option<usize>) -> Removal {
        Removal {
            rule: rule.into(),
            text: text.into(),
            position,
            within,
            detail: (rule == "recurring-furniture").then(|| "seen in 4 other stories".into()),
        }
    }

    /// Ingests `COPY` as if the cleaner had recorded `removals`.
    fn ingest_with(library: &mut Library, removals: &[Removal]) -> i64 {
        let mut prepared = Prepared::from_bytes("harbour.txt".into(), COPY.to_vec(), None);
        let Ok(items) = &mut prepared.parsed else {
            panic!("the test copy does not parse");
        };
        items[0].parsed.set_removals(removals);
        library.store.begin_group().expect("begin");
        let reports = library.write_prepared(&prepared).expect("write");
        library.store.commit_group().expect("commit");
        reports[0].story_id.expect("a story")
    }

    fn removals() -> Vec<Removal> {
        vec![
            removal("navigation", "Home | World | Business", 0, None),
            removal(
                "photo-caption",
                "About 1,200 people were evacuated, police said. (Photo: Meridian)",
                1,
                None,
            ),
            removal("agency-tag", "(MW)", 1, Some(40)),
            removal("recurring-furniture", "Share this article", 3, None),
        ]
    }

    #[test]
    fn every_removal_is_listed_numbered_from_one() {
        let mut library = Library::open_in_memory().expect("library");
        let story = ingest_with(&mut library, &removals());
        let listed = library.cleaning(story).expect("cleaning");
        let ids: Vec<i64> = listed.iter().map(|p| p.id).collect();
        assert_eq!(ids, [1, 2, 3, 4]);
        assert_eq!(listed[0].rule, "navigation");
        assert_eq!(listed[2].within, Some(40));
        assert_eq!(listed[3].detail.as_deref(), Some("seen in 4 other stories"));
        assert!(listed.iter().all(|p| !p.restored));
        let copy = library.cleaned_copy(story).expect("copy");
        assert!(listed
            .iter()
            .all(|p| p.wire_revision_id == copy.wire_revision_id));
        assert_eq!(copy.body, library.story(story).expect("story").body);
    }

    #[test]
    fn a_story_without_a_record_lists_nothing() {
        let mut library = Library::open_in_memory().expect("library");
        let story = ingest_with(&mut library, &[]);
        assert!(library.cleaning(story).expect("cleaning").is_empty());
        assert!(matches!(
            library.cleaning(story + 1),
            Err(Error::StoryNotFound(_))
        ));
    }

    #[test]
    fn a_restored_passage_is_back_in_place_with_its_claims() {
        let mut library = Library::open_in_memory().expect("library");
        let story = ingest_with(&mut library, &removals());
        let revision = library.restore_removed(story, 2).expect("restore");
        let detail = library.story(story).expect("story");
        assert_eq!(detail.revision_id, revision);
        let paragraphs: Vec<&str> = detail.body.split("\n\n").collect();
        assert_eq!(paragraphs.len(), 4);
        assert!(paragraphs[0].starts_with("HALVARD"));
        assert!(paragraphs[1].starts_with("About 1,200 people were evacuated"));
        assert!(paragraphs[2].starts_with("Repairs took"));
        let claims = library.claims(story).expect("claims");
        assert!(
            claims.iter().any(|c| c.text.contains("1,200 people")),
            "{claims:?}"
        );
        let listed = library.cleaning(story).expect("cleaning");
        let restored: Vec<bool> = listed.iter().map(|p| p.restored).collect();
        assert_eq!(restored, [false, true, false, false]);
        let history = library.history(story).expect("history");
        let last = history.last().expect("the restore");
        assert_eq!(last.kind, "edit");
        assert_eq!(
            last.note.as_deref(),
            Some("Restored a passage removed by cleaning (rule: photo-caption)")
        );
    }

    #[test]
    fn a_passage_cut_from_a_paragraph_goes_back_inside_it() {
        let mut library = Library::open_in_memory().expect("library");
        let story = ingest_with(&mut library, &removals());
        library.restore_removed(story, 3).expect("restore");
        let body = library.story(story).expect("story").body;
        assert!(
            body.contains("Repairs took nine weeks, officials said. (MW)\n\nFerries"),
            "{body}"
        );
    }

    #[test]
    fn restoring_twice_or_an_unknown_passage_is_refused_by_name() {
        let mut library = Library::open_in_memory().expect("library");
        let story = ingest_with(&mut library, &removals());
        library.restore_removed(story, 1).expect("restore");
        let again = library.restore_removed(story, 1).expect_err("already back");
        assert!(matches!(again, Error::PassageAlreadyRestored { .. }));
        assert!(
            again.to_string().contains(&format!("story {story}")),
            "{again}"
        );
        let unknown = library
            .restore_removed(story, 9)
            .expect_err("no such passage");
        assert!(matches!(
            unknown,
            Error::RemovedPassageNotFound { id: 9, .. }
        ));
        let message = unknown.to_string();
        assert!(
            message.contains(&format!("story {story}")) && message.contains("passage 9"),
            "{message}"
        );
        let before = library.history(story).expect("history").len();
        assert!(library.restore_removed(story, 0).is_err());
        assert_eq!(library.history(story).expect("history").len(), before);
    }
}
