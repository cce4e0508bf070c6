//! Ingest throughput: 10,000 stories through the whole pipeline (detect,
//! decode, parse, clean, store, index), against a bare INSERT of the same
//! rows into the same schema, measured in the same run.
//!
//! `cargo bench --bench ingest` (set WIREDESK_BENCH_STORIES to change N).
//! Stories are the shipped samples and, when present, the shared corpus
//! stories, each under a headline of its own so none is a duplicate.

use std::time::Instant;

use wiredesk_core::Library;

fn templates() -> Vec<String> {
    let mut texts: Vec<String> = wiredesk_core::samples::all()
        .into_iter()
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/stories");
    if let Ok(entries) = std::fs::read_dir(corpus) {
        for entry in entries.flatten() {
            if entry.path().extension().is_some_and(|e| e == "txt") {
                if let Ok(bytes) = std::fs::read(entry.path()) {
                    texts.push(String::from_utf8_lossy(&bytes).into_owned());
                }
            }
        }
    }
    texts
}

/// Story `i`: a template under a headline line of its own, so each story
/// is new to the library while its copy is cleaned as usual.
fn story(templates: &[String], i: usize) -> Vec<u8> {
    let template = &templates[i % templates.len()];
    format!("Benchmark story number {i}\n{template}").into_bytes()
}

fn main() {
    let n: usize = std::env::var("WIREDESK_BENCH_STORIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let templates = templates();
    let stories: Vec<Vec<u8>> = (0..n).map(|i| story(&templates, i)).collect();
    let bytes: usize = stories.iter().map(Vec::len).sum();
    let dir = tempfile::tempdir().expect("temporary folder");

    // The whole pipeline, one transaction per file as in real use.
    let mut library = Library::open(&dir.path().join("ingest.sqlite")).expect("library");
    let start = Instant::now();
    for (i, bytes) in stories.iter().enumerate() {
        let report = library
            .ingest_bytes(&format!("bench/{i}.txt"), bytes)
            .expect("ingest");
        assert_eq!(report.status, wiredesk_core::IngestStatus::New, "story {i}");
    }
    let ingest = start.elapsed();

    // Baseline: the same rows written straight into the same schema, one
    // transaction each, no parsing, no cleaning, no duplicate checks.
    let parsed: Vec<_> = stories
        .iter()
        .map(|b| wiredesk_core::ingest::parse(b).expect("parse"))
        .collect();
    drop(Library::open(&dir.path().join("bare.sqlite")).expect("schema"));
    let mut conn = rusqlite::Connection::open(dir.path().join("bare.sqlite")).expect("open");
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "synchronous", "FULL").unwrap();
    conn.execute(
        "INSERT INTO sources (code, name) VALUES ('bench', 'Bench')",
        [],
    )
    .unwrap();
    let start = Instant::now();
    for (i, (raw, copy)) in stories.iter().zip(&parsed).enumerate() {
        let tx = conn.transaction().unwrap();
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
        tx.commit().unwrap();
    }
    let bare = start.elapsed();

    let rate = |d: std::time::Duration| n as f64 / d.as_secs_f64();
    println!(
        "stories: {n} ({:.1} MB of copy, {} templates)",
        bytes as f64 / 1e6,
        templates.len()
    );
    println!(
        "ingest (full pipeline): {:>9.0} stories/s  ({:.2} s)",
        rate(ingest),
        ingest.as_secs_f64()
    );
    println!(
        "bare INSERT baseline:   {:>9.0} stories/s  ({:.2} s)",
        rate(bare),
        bare.as_secs_f64()
    );
    println!(
        "ingest / bare insert:   {:>9.1}%",
        100.0 * rate(ingest) / rate(bare)
    );
}
