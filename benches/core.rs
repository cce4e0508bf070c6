//! The core's hot paths under criterion: ingest of each wire format
//! (detect, decode, parse; plain text cleaned too), claim detection,
//! re-anchoring claims through an edit, diff, three-way merge, export to
//! each format, and a full-text query.
//!
//! Inputs are the shared corpus (`../shared/corpus`) when it is there, else
//! the sample stories built into Wiredesk. `cargo bench --bench core`.

use std::{
    hint::black_box,
    path::{Path, PathBuf},
};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use wiredesk_core::{
    claims::{detect, DetectContext},
    diff::{self, DiffOptions},
    export::ExportFormat,
    ingest, merge, Library,
};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

/// The files under `dir`, sorted, read.
fn files(dir: &Path) -> Vec<Vec<u8>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

/// Copy by format: the corpus's format samples, and web-syndicated text.
fn copy_by_format() -> Vec<(String, Vec<Vec<u8>>)> {
    let formats = corpus().join("formats");
    let mut groups: Vec<(String, Vec<Vec<u8>>)> = Vec::new();
    for name in [
        "nitf",
        "newsml-g2",
        "newsml1",
        "ninjs",
        "anpa1312",
        "iptc7901",
        "rss-atom",
    ] {
        let mut copies = files(&formats.join(name));
        // ninjs keeps its samples in a folder per version.
        if let Ok(entries) = std::fs::read_dir(formats.join(name)) {
            for entry in entries.flatten().filter(|e| e.path().is_dir()) {
                copies.extend(files(&entry.path()));
            }
        }
        let copies: Vec<Vec<u8>> = copies
            .into_iter()
            .filter(|c| ingest::parse_items(c).is_ok())
            .collect();
        if !copies.is_empty() {
            groups.push((name.to_owned(), copies));
        }
    }
    let mut text = files(&corpus().join("stories"));
    if text.is_empty() {
        text = wiredesk_core::samples::all()
            .into_iter()
            .map(|(_, b)| b.to_vec())
            .collect();
    }
    groups.push(("text (cleaned)".to_owned(), text));
    groups
}

fn bodies() -> Vec<String> {
    let mut texts = files(&corpus().join("stories"));
    texts.extend(
        wiredesk_core::samples::all()
            .into_iter()
            .map(|(_, b)| b.to_vec()),
    );
    texts
        .iter()
        .filter_map(|bytes| ingest::parse(bytes).ok())
        .map(|copy| copy.body)
        .filter(|body| !body.is_empty())
        .collect()
}

fn ingest_formats(c: &mut Criterion) {
    let mut group = c.benchmark_group("ingest");
    for (format, copies) in copy_by_format() {
        let bytes: usize = copies.iter().map(Vec::len).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(format.as_str(), |b| {
            b.iter(|| {
                for copy in &copies {
                    black_box(ingest::parse_items(black_box(copy)).ok());
                }
            })
        });
    }
    group.finish();
}

fn claims(c: &mut Criterion) {
    let bodies = bodies();
    let context = DetectContext::default();
    let bytes: usize = bodies.iter().map(String::len).sum();
    let mut group = c.benchmark_group("claims");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("detect", |b| {
        b.iter(|| {
            for body in &bodies {
                black_box(detect(black_box(body), &context));
            }
        })
    });
    group.finish();

    // Re-anchoring: a story's claims carried through a desk edit, as a save does.
    let mut library = Library::open_in_memory().expect("an in-memory library");
    let story = bodies
        .iter()
        .max_by_key(|b| b.len())
        .cloned()
        .unwrap_or_default();
    let copy = format!("A long story\n\n{story}\n");
    let id = library
        .ingest_bytes("long.txt", copy.as_bytes())
        .ok()
        .and_then(|r| r.story_id)
        .expect("the story is stored");
    let detail = library.story(id).expect("the story");
    let edited = detail.body.replacen(" the ", " a ", 5);
    c.bench_function("claims/re-anchor through an edit (save)", |b| {
        // Each run saves the other text, so every save carries the claims.
        b.iter(|| {
            let now = library.story(id).expect("the story");
            let body = if now.body == edited {
                &detail.body
            } else {
                &edited
            };
            library
                .save_edit(id, Some(now.revision_id), &now.headline, body, None)
                .expect("saved")
        })
    });
}

fn diff_and_merge(c: &mut Criterion) {
    let bodies = bodies();
    let base: String = bodies
        .iter()
        .take(12)
        .cloned()
        .collect::<Vec<_>>()
        .join("\n\n");
    let ours = base
        .replacen(" said", " told reporters", 6)
        .replacen("2", "3", 4);
    let theirs = format!(
        "{}\n\nA paragraph the agency added.",
        base.replacen(" on ", " late on ", 5)
    );
    let words = base.split_whitespace().count();
    let mut group = c.benchmark_group(format!("diff and merge ({words}-word story)"));
    group.bench_function("diff", |b| {
        b.iter(|| black_box(diff::diff(&base, &ours, DiffOptions::default())))
    });
    group.bench_function("merge", |b| {
        b.iter(|| black_box(merge::merge(&base, &ours, &theirs)))
    });
    group.finish();
}

fn export_and_search(c: &mut Criterion) {
    let mut library = Library::open_in_memory().expect("an in-memory library");
    for (n, copy) in files(&corpus().join("stories")).iter().enumerate() {
        let _ = library.ingest_bytes(&format!("{n}.txt"), copy);
    }
    library.seed_samples_if_empty().expect("the samples");
    for (key, value) in [
        ("claimreview.organisation", "Example Checks"),
        ("claimreview.base_url", "https://news.example/stories"),
    ] {
        library.set_setting(key, Some(value)).expect("a setting");
    }
    let story = library.stories(1, 0).expect("the inbox")[0].id;
    let mut group = c.benchmark_group("export");
    for format in ExportFormat::ALL {
        group.bench_function(format.as_str(), |b| {
            b.iter(|| {
                black_box(
                    library
                        .render_export(story, format, None)
                        .expect("rendered"),
                )
            })
        });
    }
    group.finish();
    let stories = library.stories(10_000, 0).expect("the inbox").len();
    let mut group = c.benchmark_group(format!("search ({stories} stories)"));
    for query in ["troops", "\"central bank\"", "Kabul", "percent"] {
        group.bench_function(query, |b| {
            b.iter(|| black_box(library.search(query, 100).expect("searched")))
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    ingest_formats,
    claims,
    diff_and_merge,
    export_and_search
);
criterion_main!(benches);
