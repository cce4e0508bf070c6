//! Recurring furniture learned from the library: a line seen in enough
//! other stories leaves new copy, recorded as a removal; a story's own
//! prose, the versions of one story and duplicates never make it so.

use wiredesk_core::{
    furniture::{self, RECURRING_STORIES},
    ingest::{removals_in, Removal},
    schema, IngestStatus, Library,
};

use crate::support::{distinct_story, TempLibrary};

/// A line no cleaning rule knows: page furniture of a made-up site.
const FURNITURE: &str = "Harbour Gazette Plus members read without adverts";

/// Agency prose that closes many unrelated stories.
const BOILERPLATE: &str = "Meridian Wire could not immediately verify the report.";

/// Story `n` of its own (see [`distinct_story`]; two paragraphs nobody
/// else has, so that the lines it shares with others do not make it
/// another's version), then `extra` (paragraphs separated by blank lines).
fn copy_of(n: usize, extra: &str) -> String {
    let more = distinct_story(n + 10_000);
    let (_, second) = more.split_once("\n\n").expect("a body");
    format!("{}\n{second}\n{extra}\n", distinct_story(n))
}

fn removals(library: &Library, revision: i64) -> Vec<Removal> {
    removals_in(&library.revision_metadata(revision).unwrap())
}

fn learned(library: &Library, revision: i64) -> Vec<Removal> {
    removals(library, revision)
        .into_iter()
        .filter(|r| r.rule == furniture::RULE)
        .collect()
}

fn ingest(library: &mut Library, name: &str, copy: &str) -> (i64, i64, IngestStatus) {
    let report = library.ingest_bytes(name, copy.as_bytes()).unwrap();
    (
        report.story_id.unwrap(),
        report.revision_id.unwrap(),
        report.status,
    )
}

#[test]
fn a_line_seen_in_k_other_stories_leaves_new_copy_and_is_recorded() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let k = RECURRING_STORIES as usize;
    for n in 0..k {
        let (story, revision, status) =
            ingest(&mut library, &format!("{n}.txt"), &copy_of(n, FURNITURE));
        assert_eq!(status, IngestStatus::New, "story {n}");
        assert!(library.story(story).unwrap().body.contains(FURNITURE));
        assert!(learned(&library, revision).is_empty(), "story {n}");
    }
    // Learned across a reopening of the library.
    drop(library);
    let mut library = lib.open();
    let (story, revision, status) = ingest(&mut library, "next.txt", &copy_of(k, FURNITURE));
    assert_eq!(status, IngestStatus::New);
    let body = library.story(story).unwrap().body;
    assert!(!body.contains(FURNITURE), "{body}");
    let paragraphs: Vec<&str> = body.split("\n\n").collect();
    assert_eq!(paragraphs.len(), 2, "{body}");
    let taken = learned(&library, revision);
    assert_eq!(
        taken,
        [Removal {
            rule: furniture::RULE.into(),
            text: FURNITURE.into(),
            position: 2,
            within: None,
            detail: Some(format!("seen in {k} other stories")),
        }]
    );
    // The record is enough to put the line back where it stood.
    let mut restored = paragraphs.clone();
    restored.insert(taken[0].position, &taken[0].text);
    let received = wiredesk_core::ingest::parse(copy_of(k, FURNITURE).as_bytes()).unwrap();
    assert_eq!(restored.join("\n\n"), received.body);
    // The desk sees it with what cleaning removed, and can put it back.
    let listed = library.cleaning(story).unwrap();
    let passage = listed
        .iter()
        .find(|p| p.rule == furniture::RULE)
        .expect("listed with cleaning's removals");
    assert_eq!(passage.text, FURNITURE);
    assert_eq!(
        passage.detail.as_deref(),
        Some(format!("seen in {k} other stories").as_str())
    );
    let passage_id = passage.id;
    // Claims sit on the text that stayed.
    for claim in library.claims(story).unwrap() {
        let text: String = body
            .chars()
            .skip(claim.start as usize)
            .take((claim.end - claim.start) as usize)
            .collect();
        assert_eq!(text, claim.text);
    }
    library.restore_removed(story, passage_id).unwrap();
    assert_eq!(library.story(story).unwrap().body, received.body);
    drop(library);
    assert_eq!(lib.cli(&["--json", "doctor"]).json()["ok"], true);
}

#[test]
fn prose_that_recurs_is_never_taken_for_furniture() {
    let mut library = Library::open_in_memory().unwrap();
    for n in 0..3 * RECURRING_STORIES as usize {
        let (story, revision, _) = ingest(
            &mut library,
            &format!("{n}.txt"),
            &copy_of(n, &format!("{BOILERPLATE}\n\n{FURNITURE}")),
        );
        let body = library.story(story).unwrap().body;
        assert!(body.contains(BOILERPLATE), "story {n}: {body}");
        let taken: Vec<String> = learned(&library, revision)
            .into_iter()
            .map(|r| r.text)
            .collect();
        if n >= RECURRING_STORIES as usize {
            assert_eq!(taken, [FURNITURE], "story {n}");
        } else {
            assert!(taken.is_empty(), "story {n}");
        }
    }
}

#[test]
fn versions_of_one_story_and_duplicates_count_once() {
    let mut library = Library::open_in_memory().unwrap();
    // Outlets' copies of one agency story, each with the outlet's own
    // short lines: they link as versions of one story.
    let lead = "HALVARD (Meridian Wire) - Dockworkers at Port Halvard walked off the job on \
        Tuesday, halting the loading of at least 14 vessels in a dispute over a plan to automate \
        three of the port's six berths, the union said.";
    let rest = "The port authority said talks would resume on Thursday and that ferries to the \
        islands were running to the usual timetable, with extra sailings at the weekend.";
    let mut story_id = None;
    for n in 0..=RECURRING_STORIES as usize + 1 {
        let copy = format!(
            "Port Halvard dockworkers strike\n\n{lead}\n\nDockworkers walk out at Port \
             Halvard\n\n{rest}\n\nOutlet {n} reporting desk\n"
        );
        let (story, revision, status) = ingest(&mut library, &format!("outlet-{n}.txt"), &copy);
        assert_eq!(
            status,
            if n == 0 {
                IngestStatus::New
            } else {
                IngestStatus::Update
            },
            "copy {n}"
        );
        assert_eq!(*story_id.get_or_insert(story), story);
        assert!(learned(&library, revision).is_empty(), "copy {n}");
        let wire = library.revision_text(story, revision).unwrap().body;
        assert!(
            wire.contains(lead) && wire.contains("Dockworkers walk out"),
            "{wire}"
        );
    }
    // The line all versions repeat was counted for the story once.
    let received = wiredesk_core::ingest::parse(
        format!(
            "Port Halvard dockworkers strike\n\n{lead}\n\nDockworkers walk out at Port \
             Halvard\n\n{rest}\n"
        )
        .as_bytes(),
    )
    .unwrap();
    let hash = furniture::candidate_lines(&received)[1].expect("a candidate line");
    let count = library
        .recurring_line_count(&furniture::scope(&received), hash)
        .unwrap()
        .expect("counted");
    assert_eq!(count.stories, 1);

    // A duplicate (the same bytes, or the same text in other bytes) is
    // not counted again.
    let mut library = Library::open_in_memory().unwrap();
    let copy = copy_of(0, FURNITURE);
    ingest(&mut library, "a.txt", &copy);
    for again in [copy.clone(), format!("\n{copy}\n\n")] {
        let (_, _, status) = ingest(&mut library, "again.txt", &again);
        assert_eq!(status, IngestStatus::Duplicate);
    }
    let received = wiredesk_core::ingest::parse(copy.as_bytes()).unwrap();
    let line = furniture::candidate_lines(&received)
        .into_iter()
        .flatten()
        .next()
        .expect("the furniture line is a candidate");
    assert_eq!(
        library
            .recurring_line_count(&furniture::scope(&received), line)
            .unwrap()
            .unwrap()
            .stories,
        1
    );
}

#[test]
fn an_agency_lead_shared_by_two_outlets_copies_stays() {
    let mut library = Library::open_in_memory().unwrap();
    // Unrelated stories first, so that counting has something to go on.
    for n in 0..2 * RECURRING_STORIES as usize {
        ingest(&mut library, &format!("{n}.txt"), &copy_of(n, FURNITURE));
    }
    let lead = "KESH (Meridian Wire) - The National Museum handed back 31 bronze heads taken \
        from the kingdom of Kesh in 1897, in a ceremony attended by the culture minister on \
        Wednesday.";
    let outlet_a = format!(
        "Museum returns looted bronzes to Kesh\n\n{lead}\n\nKesh's envoy called the return a \
         first step.\n\n{FURNITURE}\n"
    );
    let outlet_b = format!(
        "Kesh gets its bronzes back\n\nBy Ana Lind\n\n{lead}\n\nTalks on a further 200 objects \
         would follow, the museum said.\n"
    );
    let (a, revision_a, _) = ingest(&mut library, "a.txt", &outlet_a);
    let (b, revision_b, _) = ingest(&mut library, "b.txt", &outlet_b);
    for (story, revision) in [(a, revision_a), (b, revision_b)] {
        let body = library.story(story).unwrap().body;
        assert!(body.contains(lead), "{body}");
        assert!(!body.contains(FURNITURE), "{body}");
        assert!(learned(&library, revision).iter().all(|r| r.text != lead));
    }
}

/// A library at schema 11 holding plain-text stories that share a line,
/// as Wiredesk wrote them before it counted lines.
#[test]
fn the_counts_are_filled_for_the_copy_held_when_a_library_is_upgraded() {
    let lib = TempLibrary::new();
    {
        let mut conn = lib.sql();
        let migrations = schema::embedded_migrations().unwrap();
        schema::apply_migrations(&mut conn, &migrations[..11]).unwrap();
        conn.execute(
            "INSERT INTO sources (code, name) VALUES ('unknown', 'Unknown source')",
            [],
        )
        .unwrap();
        for n in 1..=RECURRING_STORIES {
            let copy = copy_of(n as usize, FURNITURE);
            let parsed = wiredesk_core::ingest::parse(copy.as_bytes()).unwrap();
            let t = "2026-11-01T08:00:00.000Z";
            conn.execute(
                "INSERT INTO stories (id, source_id, first_received_at, last_received_at)
                 VALUES (?1, 1, ?2, ?2)",
                (n, t),
            )
            .unwrap();
            conn.execute(
                "INSERT INTO feed_copies (id, story_id, wire_version, file_name, format, encoding,
                     sha256, byte_len, bytes, received_at)
                 VALUES (?1, ?1, 1, 'x.txt', 'text', 'UTF-8', ?2, ?3, ?4, ?5)",
                (n, format!("{n:064}"), copy.len() as i64, copy.as_bytes(), t),
            )
            .unwrap();
            conn.execute(
                "INSERT INTO revisions (id, story_id, kind, feed_copy_id, author, created_at,
                     headline, dateline, body)
                 VALUES (?1, ?1, 'wire', ?1, 'Unknown source', ?2, ?3, ?4, ?5)",
                (n, t, &parsed.headline, &parsed.dateline, &parsed.body),
            )
            .unwrap();
            conn.execute(
                "UPDATE stories SET head_revision_id = ?1 WHERE id = ?1",
                [n],
            )
            .unwrap();
            // What the store of schema 11 indexed with each story.
            conn.execute(
                "INSERT INTO story_search (rowid, headline, body) VALUES (?1, ?2, ?3)",
                (n, &parsed.headline, &parsed.body),
            )
            .unwrap();
            let tokens: Vec<String> =
                wiredesk_core::similarity::Opening::of_story(&parsed.headline, &parsed.body)
                    .sample()
                    .iter()
                    .map(|h| wiredesk_core::similarity::opening_token(*h))
                    .collect();
            conn.execute(
                "INSERT INTO story_opening_index (rowid, sample) VALUES (?1, ?2)",
                (n, tokens.join(" ")),
            )
            .unwrap();
            conn.execute(
                "INSERT INTO wire_fingerprint_index (rowid, fingerprint) VALUES (?1, ?2)",
                (n, format!("f{}", &format!("{n:064}")[..16])),
            )
            .unwrap();
        }
    }
    let mut library = lib.open();
    let (story, revision, _) = ingest(&mut library, "new.txt", &copy_of(40, FURNITURE));
    assert!(!library.story(story).unwrap().body.contains(FURNITURE));
    assert_eq!(
        learned(&library, revision)[0].detail.as_deref(),
        Some(format!("seen in {RECURRING_STORIES} other stories").as_str())
    );
    let versions: i64 = lib.scalar("SELECT wire_versions FROM stories WHERE id = 1");
    assert_eq!(versions, 1, "the count of versions is filled too");
}
