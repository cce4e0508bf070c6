//! `wiredesk bench desks`: several simulated desktops working one library at
//! once, each on a connection of its own, for a while: ingesting new copy,
//! searching, saving edits of a few stories they all work on (so saves
//! collide), and checking claims. Afterwards every save that was reported
//! saved is read back; a save reported saved that is not in the library, or
//! two saves accepted from the same base, is a lost update.
//!
//! Each desktop also follows the library's events, as the app does: the
//! time from another desktop's save to its `saved` event arriving is
//! measured, and a save some desktop never heard of is counted as missed.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use serde::Serialize;
use wiredesk_core::events::EventFollower;
use wiredesk_core::{Error, IngestStatus, Library};

use super::{person, render, story, Rng, Spread, WireFormat};

/// How many stories the desktops' edits share: few, so saves collide.
const SHARED_STORIES: usize = 12;

/// What the desktops did, and what was checked afterwards.
#[derive(Debug, Serialize)]
pub struct DesksMeasured {
    pub desktops: usize,
    pub seconds: f64,
    /// Saves reported saved, and saves refused because another desktop
    /// saved first (each told, nothing written).
    pub saves: u64,
    pub conflicts: u64,
    /// Saves reported saved that the library does not hold as saved, or
    /// accepted from a base another accepted save also had.
    pub lost_updates: u64,
    pub ingested: u64,
    pub searches: u64,
    pub claim_checks: u64,
    /// Any other error a desktop met (there should be none).
    pub errors: Vec<String>,
    pub save_ms: Spread,
    pub search_ms: Spread,
    pub ingest_ms: Spread,
    pub claim_check_ms: Spread,
    /// From a save returning to its `saved` event reaching each other
    /// desktop (0 when the event came before the save returned to its
    /// maker), and from the save being asked for (its own time included).
    pub event_after_save_ms: Spread,
    pub event_from_save_start_ms: Spread,
    /// (save, other desktop) pairs: heard, and never heard within two
    /// seconds of the end.
    pub events_heard: u64,
    pub events_missed: u64,
}

/// One desktop's record.
#[derive(Default)]
struct Desktop {
    saved: Vec<Saved>,
    conflicts: u64,
    ingested: u64,
    searches: u64,
    claim_checks: u64,
    errors: Vec<String>,
    save: Vec<Duration>,
    search: Vec<Duration>,
    ingest: Vec<Duration>,
    claim_check: Vec<Duration>,
}

/// A save reported saved: what must be in the library.
struct Saved {
    story: i64,
    base: i64,
    revision: i64,
    marker: String,
    asked: Instant,
    returned: Instant,
}

/// How long the followers keep listening after the desktops stop.
const FOLLOW_GRACE: Duration = Duration::from_secs(2);

/// Follows the library's events until `stop`: when each `saved` event
/// arrived, by revision.
fn follow(
    location: &std::path::Path,
    ready: &Barrier,
    stop: &AtomicBool,
) -> anyhow::Result<HashMap<i64, Instant>> {
    let opened = EventFollower::open(location);
    ready.wait();
    let mut follower = opened?;
    let mut heard = HashMap::new();
    while !stop.load(Ordering::Relaxed) {
        // A lost connection is tried again; the follower catches up.
        if let Ok(events) = follower.next(Duration::from_millis(200)) {
            let now = Instant::now();
            for event in events.into_iter().filter(|e| e.kind == "saved") {
                if let Some(revision) = event.revision_id {
                    heard.entry(revision).or_insert(now);
                }
            }
        }
    }
    Ok(heard)
}

/// Runs `desktops` simulated desktops on the library at `db` for `seconds`.
pub fn desks(
    db: &std::path::Path,
    desktops: usize,
    seconds: f64,
    seed: u64,
    follow_events: bool,
) -> anyhow::Result<DesksMeasured> {
    let library = Library::open(db)?;
    let stories = library.story_count()?;
    anyhow::ensure!(
        stories >= SHARED_STORIES as i64,
        "{} holds {stories} stories: generate a library first (wiredesk bench generate)",
        db.display()
    );
    // The shared stories: spread over the library, the same for every desktop.
    let shared: Vec<i64> = (0..SHARED_STORIES as i64)
        .map(|n| 1 + n * (stories / SHARED_STORIES as i64))
        .collect();
    drop(library);
    let location = db.to_owned();
    let run_for = Duration::from_secs_f64(seconds);
    // The followers start listening before any desktop starts work.
    let following = if follow_events { desktops } else { 0 };
    let start = Arc::new(Barrier::new(desktops + following));
    let stop = Arc::new(AtomicBool::new(false));
    let followers: Vec<_> = (0..following)
        .map(|n| {
            let (location, start, stop) = (location.clone(), Arc::clone(&start), Arc::clone(&stop));
            thread::Builder::new()
                .name(format!("follower-{n}"))
                .spawn(move || follow(&location, &start, &stop))
                .context("starting a follower")
        })
        .collect::<anyhow::Result<_>>()?;
    let started = Instant::now();
    let handles: Vec<_> = (0..desktops)
        .map(|n| {
            let (location, shared, start) = (location.clone(), shared.clone(), Arc::clone(&start));
            thread::Builder::new()
                .name(format!("desktop-{n}"))
                .spawn(move || desktop(&location, n, &shared, seed, run_for, &start))
                .context("starting a desktop")
        })
        .collect::<anyhow::Result<_>>()?;
    let mut all = Vec::new();
    for handle in handles {
        all.push(
            handle
                .join()
                .map_err(|_| anyhow::anyhow!("a desktop stopped with a panic"))??,
        );
    }
    let elapsed = started.elapsed().as_secs_f64();
    if follow_events {
        thread::sleep(FOLLOW_GRACE);
    }
    stop.store(true, Ordering::Relaxed);
    let mut heard = Vec::new();
    for follower in followers {
        heard.push(
            follower
                .join()
                .map_err(|_| anyhow::anyhow!("a follower stopped with a panic"))??,
        );
    }
    let (mut after_save, mut from_start, mut missed) = (Vec::new(), Vec::new(), 0);
    for (maker, desktop) in all.iter().enumerate() {
        for saved in &desktop.saved {
            let others = heard.iter().enumerate().filter(|(n, _)| *n != maker);
            for (_, arrivals) in others {
                match arrivals.get(&saved.revision) {
                    Some(at) => {
                        after_save.push(at.saturating_duration_since(saved.returned));
                        from_start.push(at.saturating_duration_since(saved.asked));
                    }
                    None => missed += 1,
                }
            }
        }
    }
    let events_heard = after_save.len() as u64;
    let library = Library::open(db)?;
    let lost_updates = lost_updates(&library, &all)?;
    let spread = |pick: fn(&Desktop) -> &Vec<Duration>| {
        Spread::of(all.iter().flat_map(|d| pick(d).iter().copied()).collect())
    };
    Ok(DesksMeasured {
        desktops,
        seconds: (elapsed * 10.0).round() / 10.0,
        saves: all.iter().map(|d| d.saved.len() as u64).sum(),
        conflicts: all.iter().map(|d| d.conflicts).sum(),
        lost_updates,
        ingested: all.iter().map(|d| d.ingested).sum(),
        searches: all.iter().map(|d| d.searches).sum(),
        claim_checks: all.iter().map(|d| d.claim_checks).sum(),
        errors: all.iter().flat_map(|d| d.errors.iter().cloned()).collect(),
        save_ms: spread(|d| &d.save),
        search_ms: spread(|d| &d.search),
        ingest_ms: spread(|d| &d.ingest),
        claim_check_ms: spread(|d| &d.claim_check),
        event_after_save_ms: Spread::of(after_save),
        event_from_save_start_ms: Spread::of(from_start),
        events_heard,
        events_missed: missed,
    })
}

/// One desktop's loop: ingest, search, save, check, until the time is up.
fn desktop(
    location: &std::path::Path,
    n: usize,
    shared: &[i64],
    seed: u64,
    run_for: Duration,
    start: &Barrier,
) -> anyhow::Result<Desktop> {
    // Every desktop reaches the start, whether its library opened or not,
    // so one that cannot open never leaves the others waiting.
    let opened = Library::open(location);
    start.wait();
    let mut library = opened?;
    library.set_actor(format!("desk {n}"));
    let mut rng = Rng(seed ^ ((n as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)));
    let mut done = Desktop::default();
    let until = Instant::now() + run_for;
    let mut round = 0u64;
    while Instant::now() < until {
        round += 1;
        // New copy, as an agency feed brings it.
        let made = story(&mut rng, 10_000_000 + n as u64 * 1_000_000 + round);
        let (ext, bytes) = render(&made, WireFormat::Ninjs, 1);
        let at = Instant::now();
        match library.ingest_copy(&format!("desk-{n}/{round}.{ext}"), &bytes) {
            Ok(reports) if reports.iter().all(|r| r.status != IngestStatus::Error) => {
                done.ingest.push(at.elapsed());
                done.ingested += 1;
            }
            Ok(reports) => done
                .errors
                .push(format!("ingest: {:?}", reports.first().map(|r| &r.error))),
            Err(err) => done.errors.push(format!("ingest: {err}")),
        }
        // A search for a name, as the desk looks up who else wrote about it.
        let query = format!("\"{}\"", person(&mut rng));
        let at = Instant::now();
        match library.search(&query, 100) {
            Ok(_) => {
                done.search.push(at.elapsed());
                done.searches += 1;
            }
            Err(err) => done.errors.push(format!("search: {err}")),
        }
        // An edit of one of the stories every desktop works on.
        let id = shared[rng.below(shared.len())];
        if let Err(err) = save_once(&mut library, id, n, round, &mut done) {
            done.errors.push(format!("save of story {id}: {err}"));
        }
        // A claim checked.
        let id = shared[rng.below(shared.len())];
        let at = Instant::now();
        match check_one_claim(&mut library, id, round) {
            Ok(true) => {
                done.claim_check.push(at.elapsed());
                done.claim_checks += 1;
            }
            Ok(false) => {}
            Err(err) => done.errors.push(format!("claim of story {id}: {err}")),
        }
    }
    Ok(done)
}

/// Reads a story and saves an edit of it from the revision read; a save
/// another desktop made in between is a conflict, counted.
fn save_once(
    library: &mut Library,
    id: i64,
    n: usize,
    round: u64,
    done: &mut Desktop,
) -> anyhow::Result<()> {
    let story = library.story(id)?;
    let marker = format!("Desk {n} checked this in round {round}.");
    let body = format!("{}\n\n{marker}", story.body);
    let at = Instant::now();
    match library.save_edit(id, Some(story.revision_id), &story.headline, &body, None) {
        Ok(revision) => {
            let returned = Instant::now();
            done.save.push(returned - at);
            done.saved.push(Saved {
                story: id,
                base: story.revision_id,
                revision,
                marker,
                asked: at,
                returned,
            });
        }
        Err(Error::EditConflict { .. }) => done.conflicts += 1,
        Err(err) => return Err(err.into()),
    }
    Ok(())
}

/// Sets the status of one of the story's claims, if it has any.
fn check_one_claim(library: &mut Library, id: i64, round: u64) -> anyhow::Result<bool> {
    let claims = library.claims(id)?;
    let Some(claim) = claims.get(round as usize % claims.len().max(1)) else {
        return Ok(false);
    };
    let status = if round.is_multiple_of(2) {
        "checking"
    } else {
        "verified"
    };
    library.update_claim(claim.id, Some(status), None, None)?;
    Ok(true)
}

/// Saves reported saved that the library does not hold, plus saves
/// accepted from the same base as another accepted save (one of them
/// would have overwritten the other).
fn lost_updates(library: &Library, desktops: &[Desktop]) -> anyhow::Result<u64> {
    let mut lost = 0;
    let mut bases = std::collections::HashSet::new();
    for saved in desktops.iter().flat_map(|d| &d.saved) {
        if !bases.insert((saved.story, saved.base)) {
            lost += 1;
            continue;
        }
        match library.revision_text(saved.story, saved.revision) {
            Ok(text) if text.body.ends_with(&saved.marker) => {}
            _ => lost += 1,
        }
    }
    Ok(lost)
}
