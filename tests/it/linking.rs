//! Copy without an agency id linked to the story it is a version of: the
//! shared corpus in one library (nothing merged by mistake, every declared
//! pair one story), made-up digests and writethroughs, and a story with
//! many versions costing no more to add to than a story with one.

use std::collections::{BTreeMap, BTreeSet};

use wiredesk_core::{IngestStatus, Library};

use crate::support::TempLibrary;

/// Copies the corpus holds of one agency story besides its declared pairs
/// (see corpus/stories/index.tsv). A copy may be linked with its family;
/// never with a copy outside it.
const FAMILIES: &[(&str, &[&str])] = &[
    (
        // 034 is The Star's edit of the Reuters story; 035 a second stored
        // snapshot of the National Post's copy of its first take (043-a).
        "Reuters: North Korea's rail-borne missiles",
        &["034", "035", "044-a", "044-b"],
    ),
    (
        // 015 is a second stored snapshot of the National Post page 046-b.
        "Reuters: civilians killed in Donetsk",
        &["015", "046-a", "046-b"],
    ),
    (
        // 038 is an aggregator's copy of the first take (040-a); 037 The
        // Straits Times' edit of a later version than 040-b; 039 Gulf News'
        // blend of this Reuters story's paragraphs with AP's.
        "Reuters: attack on a ceremony in Kabul",
        &["037", "038", "039", "040-a", "040-b"],
    ),
];

fn stem(path: &std::path::Path) -> String {
    path.file_stem()
        .expect("a file name")
        .to_string_lossy()
        .into_owned()
}

/// The family a corpus copy belongs to: its agency story's, its declared
/// pair's ("NNN-a" and "NNN-b" are "NNN"), or its own.
fn family(stem: &str) -> String {
    if let Some((name, _)) = FAMILIES.iter().find(|(_, members)| members.contains(&stem)) {
        return (*name).to_owned();
    }
    match stem.strip_suffix("-a").or_else(|| stem.strip_suffix("-b")) {
        Some(pair) => format!("pair {pair}"),
        None => stem.to_owned(),
    }
}

#[test]
fn corpus_stories_are_linked_only_to_copies_of_the_same_story() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let files = crate::corpus::stories();
    assert!(files.len() >= 60, "only {} corpus stories", files.len());
    let reports = library.ingest_paths(&files);
    assert_eq!(reports.len(), files.len());
    let mut stories: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    let mut story_of: BTreeMap<String, i64> = BTreeMap::new();
    for (report, file) in reports.iter().zip(&files) {
        // 015 and 046-b, two snapshots of one page, may clean to the same
        // text: the second is then a duplicate of the first's story.
        assert!(
            matches!(
                report.status,
                IngestStatus::New | IngestStatus::Update | IngestStatus::Duplicate
            ),
            "{}: {:?} {:?}",
            file.display(),
            report.status,
            report.error
        );
        let story = report.story_id.expect("a story");
        stories.entry(story).or_default().push(stem(file));
        story_of.insert(stem(file), story);
    }
    let linked: Vec<&Vec<String>> = stories.values().filter(|s| s.len() > 1).collect();
    println!("stories of more than one copy: {linked:?}");
    // Nothing is merged by mistake: every story's copies are of one family.
    for copies in stories.values() {
        let families: BTreeSet<String> = copies.iter().map(|c| family(c)).collect();
        assert_eq!(
            families.len(),
            1,
            "copies of different stories linked as one: {copies:?} ({families:?})"
        );
    }
    // The digest stays its own story (it was v1 of five copies before).
    assert_eq!(stories[&story_of["004"]], ["004"]);
    // Every declared pair is one story.
    let pairs: BTreeSet<String> = story_of
        .keys()
        .filter_map(|s| s.strip_suffix("-a").map(str::to_owned))
        .collect();
    assert!(pairs.len() >= 8, "{pairs:?}");
    for pair in &pairs {
        assert_eq!(
            story_of[&format!("{pair}-a")],
            story_of[&format!("{pair}-b")],
            "pair {pair} is two stories: {linked:?}"
        );
    }
    // Every family is one story too.
    for (name, members) in FAMILIES {
        let ids: BTreeSet<i64> = members
            .iter()
            .filter(|m| **m != "039")
            .map(|m| story_of[*m])
            .collect();
        assert_eq!(ids.len(), 1, "{name}: {linked:?}");
    }
    drop(library);
    assert_eq!(lib.cli(&["--json", "doctor"]).json()["ok"], true);
}

/// A digest of briefs, each item's headline on a line of its own.
fn digest() -> String {
    let briefs = [
        (
            "Dockworkers strike at Port Halvard over automation plan",
            "Dockworkers at Port Halvard walked off the job on Tuesday, halting the loading of \
             at least 14 vessels in a dispute over a plan to automate three of the port's six \
             berths, the union said. The port authority said talks would resume on Thursday.",
        ),
        (
            "Central bank lifts rates for fourth time this year",
            "The central bank of Veloria raised its main interest rate by 50 basis points on \
             Wednesday, its fourth increase this year, and said inflation was close to its \
             peak. Governor Ilse Marrow said further rises were possible.",
        ),
        (
            "Floods cut rail line between Orvan and the coast",
            "Heavy rain flooded the railway between Orvan and the coast on Wednesday, stranding \
             some 2,000 passengers overnight, the rail operator said. Engineers expected the \
             line to reopen by the weekend.",
        ),
        (
            "Museum returns looted bronzes to Kesh",
            "The National Museum handed back 31 bronze heads taken from the kingdom of Kesh in \
             1897, in a ceremony attended by the culture minister on Wednesday, and said talks \
             on a further 200 objects would follow.",
        ),
    ];
    let mut text = String::from(
        "World News Summary\n\nFollowing is a summary of current world news briefs.\n\n",
    );
    for (headline, body) in briefs {
        text.push_str(&format!("{headline}\n\n{body}\n\n"));
    }
    text
}

#[test]
fn a_story_that_repeats_a_brief_of_a_digest_is_not_an_update_of_it() {
    let mut library = Library::open_in_memory().unwrap();
    let digest = library
        .ingest_bytes("digest.txt", digest().as_bytes())
        .unwrap();
    assert_eq!(digest.status, IngestStatus::New);
    for (name, copy) in [
        (
            "rates.txt",
            "Central bank lifts rates for fourth time this year\n\nORVAN (Meridian Wire) - The \
             central bank of Veloria raised its main interest rate by 50 basis points on \
             Wednesday, its fourth increase this year, and said inflation was close to its \
             peak. Governor Ilse Marrow said further rises were possible.\n\nThe rise takes the \
             main rate to 4.25 percent, its highest since 2008. Economists polled last week had \
             expected a smaller step of 25 basis points.\n",
        ),
        (
            "strike.txt",
            "Dockworkers strike at Port Halvard over automation plan\n\nHALVARD (Meridian Wire) \
             - Dockworkers at Port Halvard walked off the job on Tuesday, halting the loading \
             of at least 14 vessels in a dispute over a plan to automate three of the port's \
             six berths, the union said. The port authority said talks would resume on \
             Thursday.\n\nThe union's leader, Pel Ostrander, said members would stay out until \
             the plan was put to a vote of the whole workforce.\n\nThe port's owners say \
             automation would cut costs by a fifth within three years and that no worker would \
             lose a job before the end of the decade, a promise the union says it does not \
             believe.\n\nShipping lines began diverting vessels to Marsby on Wednesday.\n",
        ),
    ] {
        let report = library.ingest_bytes(name, copy.as_bytes()).unwrap();
        assert_eq!(report.status, IngestStatus::New, "{name}");
        assert_ne!(report.story_id, digest.story_id, "{name}");
    }
}

#[test]
fn a_writethrough_with_a_changed_lead_is_the_next_version() {
    let mut library = Library::open_in_memory().unwrap();
    let first = library
        .ingest_bytes(
            "first.txt",
            b"Dockworkers strike at Port Halvard\n\nHALVARD (Meridian Wire) - Dockworkers at \
              Port Halvard walked off the job on Tuesday in a dispute over automation, the \
              union said.\n\nThe stoppage halted the loading of at least 14 vessels, a port \
              spokeswoman said. Ferries to the islands were running to the usual \
              timetable.\n\nThe union objects to a plan to automate three of the port's six \
              berths, which it says would cost 400 jobs.\n",
        )
        .unwrap();
    let writethrough = library
        .ingest_bytes(
            "writethrough.txt",
            b"Port Halvard strike spreads to rail depot\n\nHALVARD (Meridian Wire) - A strike \
              by dockworkers at Port Halvard spread to the neighbouring rail freight depot on \
              Wednesday, as drivers refused to move containers in sympathy, union officials \
              said.\n\nThe stoppage halted the loading of at least 14 vessels, a port \
              spokeswoman said. Ferries to the islands were running to the usual \
              timetable.\n\nThe union objects to a plan to automate three of the port's six \
              berths, which it says would cost 400 jobs.\n\nTalks are due to resume on \
              Thursday.\n",
        )
        .unwrap();
    assert_eq!(writethrough.status, IngestStatus::Update);
    assert_eq!(writethrough.story_id, first.story_id);
}

/// One story's versions: the same lead, a paragraph of their own each.
fn version(n: usize) -> (String, Vec<u8>) {
    (
        format!("version-{n}.txt"),
        format!(
            "Port Halvard strike\n\nHALVARD (Meridian Wire) - Dockworkers at Port Halvard \
             walked off the job on Tuesday, halting the loading of at least 14 vessels in a \
             dispute over a plan to automate three of the port's six berths, the union \
             said.\n\nThe port authority said talks would resume on Thursday and that ferries \
             to the islands were running to the usual timetable.\n\nUpdate number {n} says the \
             pickets at gate {n} were joined by drivers from depot {}.\n",
            n * 7 + 3
        )
        .into_bytes(),
    )
}

#[test]
fn a_story_with_many_versions_is_found_through_its_newest_alone() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let versions = 150;
    let reports = library.ingest_copies((0..versions).map(version).collect(), |_| {});
    let story = reports[0].story_id.unwrap();
    assert!(
        reports[1..]
            .iter()
            .all(|r| r.status == IngestStatus::Update && r.story_id == Some(story)),
        "{:?}",
        reports.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    assert_eq!(library.story(story).unwrap().versions.len(), versions);
    drop(library);
    let sql = lib.sql();
    // Candidates are looked up in an index holding each story's newest
    // wire version only, not all 150; the count of versions is kept with
    // the story instead of counted (see store::tests for the query plans).
    let (indexed, newest): (i64, i64) = sql
        .query_row(
            "SELECT count(*), max(id) FROM story_opening_index_docsize",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    assert_eq!(indexed, 1);
    let latest: i64 = sql
        .query_row(
            "SELECT max(id) FROM revisions WHERE story_id = ?1 AND kind = 'wire'",
            [story],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(newest, latest);
    let counted: i64 = sql
        .query_row(
            "SELECT wire_versions FROM stories WHERE id = ?1",
            [story],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(counted, versions as i64);
    // The next version is found all the same, and the library is sound.
    let mut library = lib.open();
    let next = library
        .ingest_copies(vec![version(versions)], |_| {})
        .remove(0);
    assert_eq!(next.status, IngestStatus::Update);
    assert_eq!(next.story_id, Some(story));
    drop(library);
    assert_eq!(lib.cli(&["--json", "doctor"]).json()["ok"], true);
}
