//! `wiredesk-crash-driver --db LIBRARY --seed N`: works on a library through
//! the core without end (ingests of new stories and of agency updates, one
//! by one and in batches; desk edits; claim statuses and evidence; merges)
//! until it is killed, and says on stdout what it has saved, one line per
//! durable step, only once the core has returned:
//!
//! ```text
//! revision STORY REVISION HASH       a wire version, edit or merge, with a hash (FNV-1a) of its text
//! claim CLAIM STATUS                 a claim's status changed
//! evidence CLAIM EVENT               evidence recorded
//! ```
//!
//! The crash tests (tests/it/crash.rs) kill it with SIGKILL at random moments
//! and check that everything it reported is in the library, unchanged.

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;
use wiredesk_core::{
    backup::text_fingerprint, claims::Evidence, merge::Resolution, IngestStatus, Library,
};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const PLACES: &[&str] = &[
    "Port Halvard",
    "Lindqvist",
    "Selkellun",
    "Dorgarmer",
    "Brybryvar",
];
const STATUSES: &[&str] = &[
    "checking",
    "verified",
    "disputed",
    "false",
    "unverifiable",
    "unchecked",
];

/// Agency copy as ninjs: `uri` identifies the story, `version` the take.
fn copy(seed: u64, n: u64, version: u64, rng: &mut Rng) -> Vec<u8> {
    let place = PLACES[rng.below(PLACES.len() as u64) as usize];
    let troops = 100 * (1 + rng.below(90));
    let share = rng.below(100);
    let extra = if version > 1 {
        format!(
            "\n\nUpdated at take {version}: officials later said {} people had left.",
            troops * version
        )
    } else {
        String::new()
    };
    let item = serde_json::json!({
        "uri": format!("urn:wiredesk:crash:{seed}:{n}"),
        "version": version.to_string(),
        "type": "text",
        "headline": format!("Story {seed}-{n}: {troops} troops reach {place}"),
        "copyrightholder": "Meridian Wire",
        "body_text": format!(
            "The alliance sent {troops} troops to {place} on Monday, officials said.\n\n\
             Turnout in the regional vote was {share} percent, the commission said.\n\n\
             \"We will stay as long as we are needed,\" the commander, Ana Ruiz, said.{extra}"
        ),
    });
    item.to_string().into_bytes()
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut db = None;
    let mut seed: u64 = 1;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--db" => db = args.next().map(PathBuf::from),
            "--seed" => seed = args.next().context("--seed N")?.parse()?,
            other => anyhow::bail!("unknown argument {other} (usage: --db LIBRARY --seed N)"),
        }
    }
    let db = db.context("--db LIBRARY is required")?;
    let mut library = Library::open(&db)?;
    library.set_actor("crash-driver");
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut say = |line: String| -> anyhow::Result<()> {
        writeln!(out, "{line}")?;
        out.flush()?;
        Ok(())
    };
    let report_head = |library: &Library, story: i64| -> anyhow::Result<String> {
        let detail = library.story(story)?;
        Ok(format!(
            "revision {story} {} {}",
            detail.revision_id,
            text_fingerprint(&detail.headline, &detail.body)
        ))
    };
    // Stories this run made, with the agency's last take of each.
    let mut mine: Vec<(i64, u64, u64)> = Vec::new(); // (story, n, version)
    let mut next_n = 0u64;
    loop {
        match rng.below(10) {
            // A new story, alone.
            0..=1 => {
                let bytes = copy(seed, next_n, 1, &mut rng);
                let report =
                    library.ingest_bytes(&format!("crash-{seed}-{next_n}.json"), &bytes)?;
                if let (IngestStatus::New, Some(story)) = (report.status, report.story_id) {
                    mine.push((story, next_n, 1));
                    say(report_head(&library, story)?)?;
                }
                next_n += 1;
            }
            // A batch of five (one flush at the end of the batch).
            2 => {
                let copies: Vec<(String, Vec<u8>)> = (0..5)
                    .map(|k| {
                        let n = next_n + k;
                        (format!("crash-{seed}-{n}.json"), copy(seed, n, 1, &mut rng))
                    })
                    .collect();
                let reports = library.ingest_copies(copies, |_| {});
                for (k, report) in reports.iter().enumerate() {
                    if let (IngestStatus::New, Some(story)) = (report.status, report.story_id) {
                        mine.push((story, next_n + k as u64, 1));
                        say(report_head(&library, story)?)?;
                    }
                }
                next_n += 5;
            }
            // The agency's next take of one of this run's stories.
            3 if !mine.is_empty() => {
                let at = rng.below(mine.len() as u64) as usize;
                let (story, n, version) = mine[at];
                let bytes = copy(seed, n, version + 1, &mut rng);
                let report = library
                    .ingest_bytes(&format!("crash-{seed}-{n}-v{}.json", version + 1), &bytes)?;
                if let Some(revision) = report
                    .revision_id
                    .filter(|_| report.status == IngestStatus::Update)
                {
                    mine[at].2 = version + 1;
                    let stored = library.revision_text(story, revision)?;
                    say(format!(
                        "revision {story} {revision} {}",
                        text_fingerprint(&stored.headline, &stored.body)
                    ))?;
                }
            }
            // A desk edit of any story in the library.
            4..=5 => {
                let stories = library.story_count()?;
                if stories == 0 {
                    continue;
                }
                let story = 1 + rng.below(stories as u64) as i64;
                let detail = library.story(story)?;
                let body = format!(
                    "{}\n\nDesk note {}: figures checked against the ministry's statement.",
                    detail.body,
                    rng.below(1000)
                );
                library.save_edit(
                    story,
                    Some(detail.revision_id),
                    &detail.headline,
                    &body,
                    Some("crash test"),
                )?;
                say(report_head(&library, story)?)?;
            }
            // A claim's status.
            6..=7 => {
                let stories = library.story_count()?;
                if stories == 0 {
                    continue;
                }
                let story = 1 + rng.below(stories as u64) as i64;
                let claims = library.claims(story)?;
                if claims.is_empty() {
                    continue;
                }
                let claim = &claims[rng.below(claims.len() as u64) as usize];
                let status = STATUSES[rng.below(STATUSES.len() as u64) as usize];
                if claim.status.as_str() == status {
                    continue;
                }
                library.update_claim(
                    claim.id,
                    Some(status),
                    Some("checked by the crash driver"),
                    None,
                )?;
                say(format!("claim {} {status}", claim.id))?;
            }
            // Evidence for a claim.
            8 => {
                let stories = library.story_count()?;
                if stories == 0 {
                    continue;
                }
                let story = 1 + rng.below(stories as u64) as i64;
                if let Some(claim) = library.claims(story)?.first() {
                    let event = library.add_claim_evidence(
                        claim.id,
                        &Evidence::Url(format!(
                            "https://ministry.example/statement/{}",
                            rng.below(100)
                        )),
                    )?;
                    say(format!("evidence {} {}", claim.id, event.id))?;
                }
            }
            // Merge an agency update into an edited story; conflicts go the agency's way.
            _ => {
                let Some(&(story, ..)) = mine.get(rng.below(mine.len().max(1) as u64) as usize)
                else {
                    continue;
                };
                // A story the agency has not updated since the desk's edit has
                // nothing to merge; that answer is not a failure.
                let Ok(mut outcome) = library.merge(story, None) else {
                    continue;
                };
                while let Some(conflict) = outcome.conflicts.first() {
                    outcome = library.resolve_conflict(story, conflict.id, Resolution::Theirs)?;
                }
                if outcome.revision_id.is_some() {
                    say(report_head(&library, story)?)?;
                }
            }
        }
    }
}
