//! Ingest throughput: 10,000 stories through the whole pipeline (read,
//! detect, decode, parse, clean, link versions, store, index), against a
//! bare INSERT of the same rows into the same schema, in the same run.
//!
//! `cargo bench --bench ingest` (set WIREDESK_BENCH_STORIES to change N).
//! Stories are the shipped samples and, when present, the shared corpus
//! stories, each opened by a headline and a lead of its own so that none is
//! a duplicate or a version of another. A template whose page furniture
//! would take the story's own lead with it (the cleaner drops everything
//! above an "Agency | Updated: … | Created: …" stamp) is left out, or every
//! story made from it would be one story.
//!
//! Then the cost of a story's versions: copies that all link to one story
//! as its versions, the last ones stored against the first ones, in the
//! same run. Storing a version must not cost more as a story gathers them.

use std::time::{Duration, Instant};

use wiredesk_core::{IngestStatus, Library};

/// The templates, in name order (the same stories in every run), without
/// those that would swallow a story's own lead.
fn templates() -> (Vec<String>, usize) {
    let mut texts: Vec<String> = wiredesk_core::samples::all()
        .into_iter()
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/stories");
    if let Ok(entries) = std::fs::read_dir(corpus) {
        let mut paths: Vec<_> = entries
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        for path in paths {
            if let Ok(bytes) = std::fs::read(path) {
                texts.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    let all = texts.len();
    texts.retain(|template| {
        wiredesk_core::ingest::parse(&story(std::slice::from_ref(template), 0))
            .is_ok_and(|parsed| parsed.body.starts_with("BENCHTOWN (Meridian Wire) - "))
    });
    let left_out = all - texts.len();
    (texts, left_out)
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ne", "ra", "su", "to", "vi", "ba", "de", "fo", "gu", "ha", "ji", "ku", "le",
    "mo", "nu", "pa", "ri", "sa", "te", "ul", "ve", "wa", "xi", "yo", "ze", "an", "el", "in", "or",
];

/// Story `i`: its own headline and lead (names and words from a large
/// made-up vocabulary, as real leads are full of names), then a template.
fn story(templates: &[String], i: usize) -> Vec<u8> {
    let mut seed = (i as u64)
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1);
    let mut next = || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize
    };
    let lead: Vec<String> = (0..150)
        .map(|_| {
            (0..3)
                .map(|_| SYLLABLES[next() % SYLLABLES.len()])
                .collect::<String>()
        })
        .collect();
    let template = &templates[i % templates.len()];
    format!(
        "Benchmark story number {i}\nBENCHTOWN (Meridian Wire) - {}.\n{template}",
        lead.join(" ")
    )
    .into_bytes()
}

fn rate(n: usize, d: Duration) -> f64 {
    n as f64 / d.as_secs_f64()
}

fn main() {
    let n: usize = std::env::var("WIREDESK_BENCH_STORIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let (templates, left_out) = templates();
    let stories: Vec<Vec<u8>> = (0..n).map(|i| story(&templates, i)).collect();
    let bytes: usize = stories.iter().map(Vec::len).sum();
    let dir = tempfile::tempdir().expect("temporary folder");

    // The whole pipeline from files on disk, as `wiredesk ingest DIR` runs
    // it: a transaction per file, one flush to disk for the batch.
    let drop_dir = dir.path().join("drop");
    std::fs::create_dir(&drop_dir).expect("drop folder");
    for (i, bytes) in stories.iter().enumerate() {
        std::fs::write(drop_dir.join(format!("{i:06}.txt")), bytes).expect("write story");
    }
    let mut library = Library::open(&dir.path().join("batch.sqlite")).expect("library");
    let start = Instant::now();
    let reports = library.ingest_paths(&[&drop_dir]);
    let batch = start.elapsed();
    let new = reports
        .iter()
        .filter(|r| r.status == IngestStatus::New)
        .count();
    assert_eq!(new, n, "every story is new");

    // One story at a time, each flushed to disk (as the drop-folder watcher does).
    let single_n = n.min(2_000);
    let mut library = Library::open(&dir.path().join("single.sqlite")).expect("library");
    let start = Instant::now();
    for (i, bytes) in stories.iter().take(single_n).enumerate() {
        let report = library
            .ingest_bytes(&format!("bench/{i}.txt"), bytes)
            .expect("ingest");
        assert_eq!(report.status, IngestStatus::New, "story {i}");
    }
    let single = start.elapsed();

    // Baseline: the same rows written straight into the same schema (its
    // search index included) in one transaction with one flush at the end:
    // the fastest the store can take them. No reading, parsing, cleaning,
    // duplicate or version checks, opening samples or audit entries.
    let start = Instant::now();
    let parsed: Vec<_> = stories
        .iter()
        .map(|b| wiredesk_core::ingest::parse(b).expect("parse"))
        .collect();
    let parse = start.elapsed();
    drop(Library::open(&dir.path().join("bare.sqlite")).expect("schema"));
    let mut conn = rusqlite::Connection::open(dir.path().join("bare.sqlite")).expect("open");
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "synchronous", "NORMAL").unwrap();
    conn.execute(
        "INSERT INTO sources (code, name) VALUES ('bench', 'Bench')",
        [],
    )
    .unwrap();
    let start = Instant::now();
    let tx = conn.transaction().unwrap();
    for (i, (raw, copy)) in stories.iter().zip(&parsed).enumerate() {
        tx.execute(
            "INSERT INTO stories (source_id, first_received_at, last_received_at) VALUES (1, 'now', 'now')",
            [],
        )
        .unwrap();
        let story = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO feed_copies (story_id, wire_version, file_name, format, encoding, sha256, byte_len, bytes, received_at)
             VALUES (?1, 1, ?2, 'text', 'UTF-8', ?3, ?4, ?5, 'now')",
            (story, format!("bench/{i}.txt"), format!("{i:064}"), raw.len() as i64, raw),
        )
        .unwrap();
        let copy_id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO revisions (story_id, kind, feed_copy_id, author, created_at, headline, body)
             VALUES (?1, 'wire', ?2, 'bench', 'now', ?3, ?4)",
            (story, copy_id, &copy.headline, &copy.body),
        )
        .unwrap();
        let revision = tx.last_insert_rowid();
        tx.execute(
            "UPDATE stories SET head_revision_id = ?1 WHERE id = ?2",
            (revision, story),
        )
        .unwrap();
        tx.execute(
            "INSERT INTO story_search (rowid, headline, body) VALUES (?1, ?2, ?3)",
            (revision, &copy.headline, &copy.body),
        )
        .unwrap();
    }
    tx.commit().unwrap();
    conn.pragma_update(None, "synchronous", "FULL").unwrap();
    conn.execute(
        "INSERT INTO sources (code, name) VALUES ('flush', 'Flush')",
        [],
    )
    .unwrap();
    let bare = start.elapsed();

    let versions = versions_of_one_story(dir.path());

    println!(
        "stories: {n} ({:.1} MB of copy, {} templates; {left_out} left out, their furniture swallows the lead)",
        bytes as f64 / 1e6,
        templates.len()
    );
    println!(
        "ingest DIR (batch, one flush):   {:>7.0} stories/s  ({:.2} s)",
        rate(n, batch),
        batch.as_secs_f64()
    );
    println!(
        "ingest one by one (flush each):  {:>7.0} stories/s  ({single_n} stories, {:.2} s)",
        rate(single_n, single),
        single.as_secs_f64()
    );
    println!(
        "detect+decode+parse+clean only:  {:>7.0} stories/s  ({:.2} s)",
        rate(n, parse),
        parse.as_secs_f64()
    );
    println!(
        "bare INSERT baseline (batch):    {:>7.0} stories/s  ({:.2} s)",
        rate(n, bare),
        bare.as_secs_f64()
    );
    println!(
        "ingest DIR / bare INSERT:        {:>7.1}%",
        100.0 * rate(n, batch) / rate(n, bare)
    );
    println!(
        "versions of one story:           {:>7.0} stories/s for versions 1-{VERSION_ROUND}, {:.0} for versions {}-{} ({:.2}x)",
        versions.first,
        versions.last,
        VERSIONS - VERSION_ROUND + 1,
        VERSIONS,
        versions.last / versions.first
    );
}

/// Versions of one story stored, and how many are timed at each end.
const VERSIONS: usize = 3_000;
const VERSION_ROUND: usize = 500;

struct VersionRates {
    first: f64,
    last: f64,
}

/// Copies that open alike (one story's versions, each with a paragraph of
/// its own), ingested in rounds as a desk's drop folder takes them: the
/// first round's rate against the last's.
fn versions_of_one_story(dir: &std::path::Path) -> VersionRates {
    let mut library = Library::open(&dir.join("versions.sqlite")).expect("library");
    let lead = "HALVARD (Meridian Wire) - Dockworkers at Port Halvard walked off the job on \
        Tuesday, halting the loading of at least 14 vessels in a dispute over a plan to automate \
        three of the port's six berths, the union said.\n\nThe port authority said talks would \
        resume on Thursday and that ferries to the islands were running to the usual timetable, \
        with extra sailings at the weekend.";
    let copy = |i: usize| {
        let mut seed = (i as u64 + 7).wrapping_mul(6_364_136_223_846_793_005);
        let words: Vec<&str> = (0..60)
            .map(|_| {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                SYLLABLES[(seed >> 33) as usize % SYLLABLES.len()]
            })
            .collect();
        (
            format!("version-{i}.txt"),
            format!(
                "Port Halvard strike\n\n{lead}\n\nUpdate {i}: {}.\n",
                words.join(" ")
            )
            .into_bytes(),
        )
    };
    let mut first = 0.0;
    let mut last = 0.0;
    let mut i = 0;
    while i < VERSIONS {
        let round: Vec<_> = (i..i + VERSION_ROUND).map(copy).collect();
        let start = Instant::now();
        let reports = library.ingest_copies(round, |_| {});
        let took = start.elapsed();
        let linked = reports
            .iter()
            .filter(|r| r.status == IngestStatus::Update)
            .count();
        assert!(linked + 1 >= VERSION_ROUND, "versions link: {linked}");
        if i == 0 {
            first = rate(VERSION_ROUND, took);
        }
        last = rate(VERSION_ROUND, took);
        i += VERSION_ROUND;
    }
    VersionRates { first, last }
}
