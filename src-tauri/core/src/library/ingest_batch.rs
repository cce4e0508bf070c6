//! The ingest pipeline's writer: files written in transaction groups, replayed one by one when a group fails.

use super::*;

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

pub(super) fn error_report(file: &str, message: &str) -> IngestReport {
    IngestReport {
        file: file.to_owned(),
        status: IngestStatus::Error,
        story_id: None,
        revision_id: None,
        error: Some(message.to_owned()),
    }
}

impl Library {
    /// Reads and parses files in parallel, up to two chunks ahead of the writer, and
    /// writes them in order through the one connection, in groups of files
    /// that share a transaction; one flush to disk at the end.
    pub(super) fn ingest_batch(
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
    pub(super) fn write_alone(&mut self, file: &Prepared) -> Vec<IngestReport> {
        self.with_tx(|library| library.write_prepared(file))
            .unwrap_or_else(|err| {
                vec![error_report(&file.label, &format!("{}: {err}", file.label))]
            })
    }

    /// Writes a prepared file inside the open transaction: its stories, or
    /// its error report; and, for a drop-folder file, that it was taken.
    /// An `Err` is a library failure, not a problem with the copy.
    pub(super) fn write_prepared(&mut self, file: &Prepared) -> Result<Vec<IngestReport>> {
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
}
