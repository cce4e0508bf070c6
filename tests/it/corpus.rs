//! The shared corpus of real web-syndicated wire copy, through the CLI.

use std::path::PathBuf;

use wiredesk_core::StoryDetail;

use crate::support::{corpus, corpus_files, TempLibrary};

/// The corpus's stories, in name order (as `wiredesk ingest DIR` reads them).
pub(crate) fn stories() -> Vec<PathBuf> {
    let files = corpus_files("stories", "txt");
    assert!(files.len() >= 30, "only {} corpus stories", files.len());
    files
}

#[test]
fn the_seed_story_ingests_as_new_then_duplicate_and_shows() {
    let lib = TempLibrary::new();
    let seed = corpus().join("stories/000-seed-kremlin-kosovo.txt");
    let seed = seed.to_str().unwrap();
    let first = lib.cli(&["ingest", seed, "--json"]).json();
    assert_eq!(first[0]["status"], "new");
    let again = lib.cli(&["ingest", seed, "--json"]).json();
    assert_eq!(again[0]["status"], "duplicate");
    assert_eq!(again[0]["story_id"], first[0]["story_id"]);

    let id = first[0]["story_id"].as_i64().unwrap().to_string();
    let show = lib.cli(&["show", &id, "--json"]).json();
    // What the story must read as comes from its gold file, at run time.
    let gold: serde_json::Value = serde_json::from_slice(
        &std::fs::read(corpus().join("gold/000-seed-kremlin-kosovo.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(show["headline"], gold["headline"]);
    let body = show["body"].as_str().unwrap();
    let folded = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let kept: Vec<&str> = gold["must_keep"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|k| k.as_str())
        .collect();
    assert!(kept.len() >= 4, "{kept:?}");
    for keep in kept {
        assert!(folded(body).contains(&folded(keep)), "{keep:?} missing");
    }

    let stored: Vec<u8> = lib.scalar("SELECT bytes FROM feed_copies");
    assert_eq!(
        stored,
        std::fs::read(seed).unwrap(),
        "feed copy is byte-exact"
    );
}

#[test]
fn every_corpus_story_ingests_once_with_a_headline_and_a_body() {
    let lib = TempLibrary::new();
    let files = stories();
    let mut args = vec!["ingest", "--json"];
    args.extend(files.iter().map(|p| p.to_str().unwrap()));
    let reports = lib.cli(&args).json();
    let reports = reports.as_array().unwrap();
    assert_eq!(reports.len(), files.len());
    let mut library = lib.open();
    for (report, file) in reports.iter().zip(&files) {
        // A copy whose cleaned text is a story already held (one outlet's
        // copy of another's, word for word) is a duplicate of it.
        assert!(
            report["status"] == "new"
                || report["status"] == "update"
                || report["status"] == "duplicate" && report["story_id"].is_i64(),
            "{}: {}",
            file.display(),
            report["error"]
        );
        let story = library.story(report["story_id"].as_i64().unwrap()).unwrap();
        assert!(
            !story.headline.is_empty(),
            "{} has no headline",
            file.display()
        );
        // A headline comes from the copy of the current version, or is
        // marked as derived.
        let current = std::fs::read(&story.versions.last().unwrap().file).unwrap();
        let raw = String::from_utf8_lossy(&current).into_owned();
        let derived =
            library.revision_metadata(story.revision_id).unwrap()["headline_derived"] == true;
        assert!(
            derived || raw.contains(story.headline.trim_end_matches('…')),
            "{}: headline {:?} is not in the copy",
            file.display(),
            story.headline
        );
    }
    // Versions of one story (a first take and its update, or two outlets'
    // copies) are linked, not stored as new stories.
    let story_of = |name: &str| {
        let at = files.iter().position(|f| f.ends_with(name)).unwrap();
        reports[at]["story_id"].as_i64().unwrap()
    };
    for pair in ["042", "044", "046", "047"] {
        assert_eq!(
            story_of(&format!("{pair}-a.txt")),
            story_of(&format!("{pair}-b.txt")),
            "{pair}-a and {pair}-b are one story"
        );
    }
    for name in ["040-a.txt", "040-b.txt"] {
        let at = files.iter().position(|f| f.ends_with(name)).unwrap();
        assert_eq!(
            reports[at]["status"], "update",
            "{name} joins an earlier copy"
        );
    }
    // A second pass over the same folder stores nothing.
    let dir = corpus().join("stories");
    let again = library.ingest_paths(&[dir]);
    let txt: Vec<_> = again.iter().filter(|r| r.file.ends_with(".txt")).collect();
    assert_eq!(txt.len(), files.len());
    assert!(txt
        .iter()
        .all(|r| r.status == wiredesk_core::IngestStatus::Duplicate));
    let other_new = again
        .iter()
        .filter(|r| r.status == wiredesk_core::IngestStatus::New)
        .count();
    let linked = reports
        .iter()
        .filter(|r| r["status"] == "update" || r["status"] == "duplicate")
        .count();
    assert_eq!(
        library.stories(500, 0).unwrap().len(),
        files.len() - linked + other_new
    );
}

/// One format's samples in the corpus: each must ingest as a new story in
/// that format and pass `each`; `named` checks stories by their file's name.
struct FormatSamples {
    what: &'static str,
    dirs: &'static [&'static str],
    /// How many samples there must be: at least the first, at most the second.
    count: (usize, usize),
    format: fn(file: &str) -> &'static str,
    each: fn(story: &StoryDetail, file: &str),
    named: fn(by_file: &dyn Fn(&str) -> StoryDetail),
}

const FORMAT_SAMPLES: &[FormatSamples] = &[
    FormatSamples {
        what: "NITF",
        dirs: &["formats/nitf"],
        count: (6, usize::MAX),
        format: |_| "nitf",
        each: |story, file| {
            assert!(!story.headline.is_empty(), "{file}");
            assert!(!story.body.is_empty(), "{file} has no body");
            // Element markup is structure, not text (text that quotes markup stays text).
            for tag in ["<p>", "</p>", "<hl1>", "<body.content>"] {
                assert!(!story.body.contains(tag), "{file} body has {tag}");
            }
            assert_ne!(story.source, "Unknown source", "{file}");
        },
        named: |by_file| {
            let ap = by_file("ap-nitf.xml");
            assert_eq!(
                ap.headline,
                "Can trading pollution like stocks help fight climate change?"
            );
            assert_eq!(ap.dateline.as_deref(), Some("NEW YORK"));
            assert_eq!(ap.source, "Associated Press");
            assert!(ap
                .body
                .starts_with("NEW YORK (AP) — The gas produced by hog manure"));

            // ISO-8859-1 by declaration: must come out as correct UTF-8.
            let ntb = by_file("nitf-ntb.xml");
            assert_eq!(ntb.versions[0].encoding, "windows-1252");
            assert!(ntb
                .headline
                .starts_with("Faktisk.no: Nei, dette dokumentet beskriver"));
            assert!(ntb.body.contains("Påstand"), "{}", &ntb.body[..200]);
            assert_eq!(ntb.source, "NTB");
        },
    },
    FormatSamples {
        what: "ninjs",
        dirs: &["formats/ninjs"],
        count: (7, usize::MAX),
        format: |_| "ninjs",
        each: |story, file| {
            assert!(!story.headline.is_empty(), "{file}");
            assert!(!story.body.is_empty(), "{file} has no body");
            assert!(!story.body.contains("<p>"), "{file} body has markup");
        },
        named: |by_file| {
            let dpa = by_file("dpa_text.json");
            assert_eq!(
                dpa.headline,
                "Faktencheck Derby-Elfmeter: Hat Schiedsrichter Zwayer recht?"
            );
            assert_eq!(dpa.source, "dpa");
            assert!(dpa.body.split("\n\n").count() > 3);
            let ap = by_file("ninjsExSimpleText1.json");
            assert_eq!(
                ap.headline,
                "Captain of wrecked cruise ship on trial in Italy"
            );
            assert_eq!(ap.source, "Associated Press");
            assert_eq!(
                by_file("ntb_text.json").headline,
                "Google har kjøpt giganttomt i Skien"
            );
        },
    },
    FormatSamples {
        what: "ANPA 1312 and IPTC 7901",
        dirs: &["formats/anpa1312", "formats/iptc7901"],
        count: (8, usize::MAX),
        format: |file| {
            if file.contains("anpa") {
                "anpa-1312"
            } else {
                "iptc-7901"
            }
        },
        each: |story, file| {
            assert!(!story.body.is_empty(), "{file}");
            for control in ['\u{1}', '\u{2}', '\u{3}', '\u{4}', '\u{16}', '\u{7f}'] {
                assert!(
                    !story.body.contains(control),
                    "{file} keeps a control character"
                );
                assert!(!story.headline.contains(control), "{file}");
            }
        },
        named: |by_file| {
            let ap = by_file("anpa-1.tst");
            assert_eq!(
                ap.headline,
                "For Argentine chemo patients, mirrors can hurt"
            );
            assert_eq!(
                ap.byline.as_deref(),
                Some("By PAUL BYRNE and ALMUDENA CALATRAVA")
            );
            assert_eq!(ap.source, "Associated Press");
            assert_eq!(ap.dateline.as_deref(), Some("BUENOS AIRES"));
            let dpa = by_file("dpa_two_line.txt");
            assert_eq!(
                dpa.headline,
                "Peace talks on Yemen to take place in Sweden next month, Mattis says"
            );
            assert_eq!(dpa.source, "dpa");
            assert!(dpa.body.starts_with(
                "Washington (dpa) - US Defence Secretary Jim Mattis says he expects the warring parties"
            ));
        },
    },
    FormatSamples {
        what: "NewsML 1",
        dirs: &["formats/newsml1"],
        count: (2, 2),
        format: |_| "newsml-1",
        each: |story, file| {
            assert!(story.body.split("\n\n").count() >= 5, "{file}");
        },
        named: |by_file| {
            let afp = by_file("afp.xml");
            assert_eq!(
                afp.headline,
                "Sweden court accepts receivership for Saab carmaker"
            );
            assert_eq!(afp.source, "AFP");
            assert_eq!(afp.dateline.as_deref(), Some("STOCKHOLM"));
        },
    },
];

#[test]
fn every_sample_of_each_format_ingests_as_a_new_story_in_that_format() {
    for samples in FORMAT_SAMPLES {
        let what = samples.what;
        let lib = TempLibrary::new();
        let mut library = lib.open();
        let dirs: Vec<PathBuf> = samples.dirs.iter().map(|d| corpus().join(d)).collect();
        let reports = library.ingest_paths(&dirs);
        let (at_least, at_most) = samples.count;
        assert!(
            (at_least..=at_most).contains(&reports.len()),
            "{} {what} samples, not {at_least} to {at_most}",
            reports.len()
        );
        for report in &reports {
            assert_eq!(
                report.status,
                wiredesk_core::IngestStatus::New,
                "{}: {:?}",
                report.file,
                report.error
            );
            let story = library.story(report.story_id.unwrap()).unwrap();
            let format = (samples.format)(&report.file);
            assert_eq!(story.format, format, "{}", report.file);
            (samples.each)(&story, &report.file);
        }
        let by_file = |name: &str| {
            let report = reports.iter().find(|r| r.file.ends_with(name)).unwrap();
            library.story(report.story_id.unwrap()).unwrap()
        };
        (samples.named)(&by_file);
    }
}

#[test]
fn newsml_g2_items_ingest_and_the_reuters_versions_link() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let dir = corpus().join("formats/newsml-g2");
    let reports = library.ingest_paths(&[&dir]);
    let by_file = |name: &str| reports.iter().find(|r| r.file.ends_with(name)).unwrap();
    for name in [
        "LISTING_1_A_NewsML-G2_News_Item.xml",
        "LISTING_2_NewsML-G2_Text_Document.xml",
        "LISTING_22_Sports_story_in_NewsML-G2NITF.xml",
        "dpa.xml",
        "ansa-newsmlg2-text.xml",
        "stt_newsml_test.xml",
    ] {
        let report = by_file(name);
        assert_eq!(
            report.status,
            wiredesk_core::IngestStatus::New,
            "{name}: {:?}",
            report.error
        );
        let story = library.story(report.story_id.unwrap()).unwrap();
        assert_eq!(story.format, "newsml-g2", "{name}");
    }
    let dpa = library.story(by_file("dpa.xml").story_id.unwrap()).unwrap();
    assert_eq!(
        dpa.headline,
        "Eintracht in London: Hintereggers Tränen und Attacke auf Reporter"
    );
    assert_eq!(dpa.source, "dpa");
    assert_eq!(dpa.dateline.as_deref(), Some("London"));

    // Two versions of one Reuters guid: one story, two wire versions, and the
    // cancelled one marks it killed.
    let a = by_file("tag_reuters.com_2016_newsml_L1N14N0FF_version_1542761538");
    let b = by_file("tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838");
    assert_eq!(a.story_id, b.story_id);
    let statuses = [a.status, b.status];
    assert!(statuses.contains(&wiredesk_core::IngestStatus::New));
    assert!(statuses.contains(&wiredesk_core::IngestStatus::Update));
    let reuters = library.story(a.story_id.unwrap()).unwrap();
    assert_eq!(reuters.versions.len(), 2);
    assert_eq!(reuters.state.as_str(), "killed");
    assert_eq!(reuters.source, "Reuters");
}

#[test]
fn every_structured_sample_ingests_or_is_metadata_only() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let reports = library.ingest_paths(&[corpus().join("formats")]);
    let mut files = std::collections::BTreeSet::new();
    for report in &reports {
        files.insert(report.file.clone());
        match report.status {
            wiredesk_core::IngestStatus::New | wiredesk_core::IngestStatus::Update => {
                let story = library.story(report.story_id.unwrap()).unwrap();
                assert!(!story.headline.is_empty(), "{}", report.file);
            }
            status => {
                // Items with metadata and no text at all are refused, saying so.
                let error = report.error.as_deref().unwrap_or_default();
                assert!(
                    status == wiredesk_core::IngestStatus::Error
                        && error.contains("carries metadata only"),
                    "{}: {status:?} {error}",
                    report.file
                );
            }
        }
    }
    assert!(files.len() >= 40, "only {} sample files", files.len());
    let refused = reports
        .iter()
        .filter(|r| r.status == wiredesk_core::IngestStatus::Error)
        .count();
    assert!(refused <= 3, "{refused} samples refused");

    // Feeds give one story per item, from one kept copy of the file.
    let rss: Vec<_> = reports
        .iter()
        .filter(|r| r.file.ends_with("news-filter-app/rss.xml"))
        .collect();
    assert!(
        rss.len() >= 20,
        "only {} items from the RSS feed",
        rss.len()
    );
    let stories: std::collections::BTreeSet<_> = rss.iter().map(|r| r.story_id).collect();
    assert_eq!(stories.len(), rss.len());
    let copies: i64 = lib
        .scalar("SELECT count(*) FROM feed_copies WHERE file_name LIKE '%news-filter-app/rss.xml'");
    assert_eq!(copies, 1);

    // Received again, every item of every file is a duplicate.
    let again = library.ingest_paths(&[corpus().join("formats")]);
    assert!(again.iter().all(|r| matches!(
        r.status,
        wiredesk_core::IngestStatus::Duplicate | wiredesk_core::IngestStatus::Error
    )));
    assert_eq!(again.len(), reports.len());
}

/// Edit version a of a real version pair, let version b arrive, merge it:
/// the desk's edit survives and the agency's new text arrives.
#[test]
fn real_version_pairs_merge_into_edited_copy() {
    // Each pair, and whether version b has a paragraph version a has not
    // (the Reuters cancellation has none).
    let pairs = [
        ("stories/040-a.txt", "stories/040-b.txt", true),
        ("stories/042-a.txt", "stories/042-b.txt", true),
        ("stories/044-a.txt", "stories/044-b.txt", true),
        ("stories/046-a.txt", "stories/046-b.txt", true),
        ("stories/047-a.txt", "stories/047-b.txt", true),
        (
            "formats/newsml-g2/tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838",
            "formats/newsml-g2/tag_reuters.com_2016_newsml_L1N14N0FF_version_1542761538",
            false,
        ),
    ];
    const DESK: &str = "Desk note: figures checked against the agency's earlier copy.";
    for (a, b, b_adds_a_paragraph) in pairs {
        let lib = TempLibrary::new();
        let mut library = lib.open();
        let first = library.ingest_paths(&[corpus().join(a)]);
        let story = first[0].story_id.expect("version a is stored");
        let held = library.story(story).unwrap();
        let edited = format!("{}\n\n{DESK}", held.body);
        library
            .save_edit(story, None, &held.headline, &edited, Some("desk check"))
            .unwrap();
        let second = library.ingest_paths(&[corpus().join(b)]);
        assert_eq!(
            second[0].status,
            wiredesk_core::IngestStatus::Update,
            "{b} updates {a}"
        );
        assert_eq!(second[0].story_id, Some(story));
        let theirs = library
            .revision_text(story, second[0].revision_id.unwrap())
            .unwrap()
            .body;
        // The desk resolves as an editor would: where both added text at
        // the same place it keeps both, elsewhere it takes the agency's.
        let mut outcome = library.merge(story, None).unwrap();
        let mut resolved = 0;
        while outcome.status.as_str() == "conflicts" {
            let conflict = &outcome.conflicts[0];
            let choice = if conflict.base.trim().is_empty() {
                wiredesk_core::merge::Resolution::Text(format!(
                    "{}{}",
                    conflict.theirs, conflict.ours
                ))
            } else {
                wiredesk_core::merge::Resolution::Theirs
            };
            outcome = library
                .resolve_conflict(story, conflict.id, choice)
                .unwrap();
            resolved += 1;
        }
        assert_eq!(outcome.status.as_str(), "merged", "{a} + {b}");
        let merged = library.story(story).unwrap().body;
        assert!(merged.contains(DESK), "{a}: the desk's edit survives");
        // A paragraph only version b has arrives.
        let new_paragraph = theirs
            .split("\n\n")
            .find(|p| !held.body.contains(p) && p.split_whitespace().count() > 6);
        assert_eq!(
            new_paragraph.is_some(),
            b_adds_a_paragraph,
            "{b} has a paragraph {a} has not: {new_paragraph:?}"
        );
        if let Some(paragraph) = new_paragraph {
            assert!(
                merged.contains(paragraph),
                "{b}: the agency's new text arrives: {paragraph}"
            );
        }
        println!("{a} + {b}: merged, {resolved} conflicts resolved");
    }
}
