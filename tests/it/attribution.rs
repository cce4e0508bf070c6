//! Attribution as the desk sees it: the agency and the outlet ("Reuters via
//! Harbour Times") in the inbox, `list --json` and `show --json`; the
//! copy's own date in `show --json` and `StoryDetail::copy_date`; and the
//! dateline against the shared gold set.

use serde_json::Value;

use crate::support::{corpus, corpus_files, TempLibrary};

/// Agency copy as an outlet's page carries it: the outlet named in the
/// dateline's credit beside the agency.
const VIA_OUTLET: &[u8] = b"Port reopens after storm\n\
HARBOURTON, March 3, 2031 (Harbour Times / Reuters) - The port of Harbourton reopened on \
Monday after a storm closed it for four days, the port authority said.\n\
Ships queued outside the harbour wall for most of the morning.\n";

/// Copy that names its outlet in the page title and no agency at all.
const OUTLET_ONLY: &[u8] = b"Tram line to close for repairs | Meridian Courier\n\
The city's oldest tram line will close for six weeks of repairs from next month, \
the transport office said on Tuesday.\n";

#[test]
fn the_inbox_and_the_cli_name_agency_and_outlet() {
    let lib = TempLibrary::new();
    let via = lib.file("via.txt", VIA_OUTLET);
    let outlet = lib.file("outlet.txt", OUTLET_ONLY);
    let ingested = lib
        .cli(&[
            "ingest",
            via.to_str().unwrap(),
            outlet.to_str().unwrap(),
            "--json",
        ])
        .json();
    let via_id = ingested[0]["story_id"].as_i64().expect("story id");
    let outlet_id = ingested[1]["story_id"].as_i64().expect("story id");

    // The app's inbox rows.
    let library = lib.open();
    let rows = library.stories(50, 0).expect("inbox");
    let row = |id: i64| rows.iter().find(|r| r.id == id).expect("row");
    assert_eq!(row(via_id).source, "Reuters via Harbour Times");
    assert_eq!(row(via_id).agency, "Reuters");
    assert_eq!(row(via_id).publisher.as_deref(), Some("Harbour Times"));
    assert_eq!(row(outlet_id).source, "Meridian Courier");
    assert_eq!(row(outlet_id).agency, "Unknown source");
    // The inbox filters by agency: the Reuters story is under "Reuters".
    assert!(library
        .sources()
        .expect("sources")
        .contains(&"Reuters".to_owned()));

    // The CLI's contract: list keeps exactly its fields; show names both.
    let list = lib.cli(&["list", "--json"]).json();
    let listed = |id: i64| -> Value {
        list.as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .cloned()
            .expect("listed")
    };
    assert_eq!(listed(via_id)["source"], "Reuters via Harbour Times");
    assert_eq!(listed(outlet_id)["source"], "Meridian Courier");
    let show = lib.cli(&["show", &via_id.to_string(), "--json"]).json();
    assert_eq!(show["source"], "Reuters via Harbour Times");
    assert_eq!(show["agency"], "Reuters");
    assert_eq!(show["publisher"], "Harbour Times");
    assert_eq!(show["dateline"], "HARBOURTON");
    assert_eq!(show["copy_date"], "2031-03-03");
    let human = lib.cli(&["show", &via_id.to_string()]);
    assert!(
        human.stdout.contains("Reuters via Harbour Times") && human.stdout.contains("2031-03-03"),
        "{}",
        human.stdout
    );
}

#[test]
fn the_copy_date_comes_from_the_formats_metadata() {
    let lib = TempLibrary::new();
    let id = lib.ingest(
        "story.xml",
        br#"<?xml version="1.0" encoding="UTF-8"?>
<nitf><head><title>Dam opens</title><docdata><doc-id id-string="d-1"/>
<date.issue norm="20310304T081500+0100"/></docdata></head>
<body><body.head><hedline><hl1>Dam opens</hl1></hedline></body.head>
<body.content><p>The new dam opened on Tuesday.</p></body.content></body></nitf>"#,
    )[0]["story_id"]
        .as_i64()
        .expect("story id");
    let show = lib.cli(&["show", &id.to_string(), "--json"]).json();
    assert_eq!(show["copy_date"], "2031-03-04T08:15:00+01:00");
    let detail = lib.open().story(id).expect("story");
    assert_eq!(
        detail.copy_date.as_deref(),
        Some("2031-03-04T08:15:00+01:00")
    );
}

#[test]
fn a_dateline_date_takes_the_year_it_is_received_in() {
    // Live copy: filed today, received today.
    let today = time::OffsetDateTime::now_utc().date();
    let month = [
        "Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec",
    ][usize::from(u8::from(today.month())) - 1];
    let copy = format!(
        "Ferry service resumes\nHARBOURTON, {month} {} (Reuters) - Ferries sailed again on \
         the northern route after a week of gales, the operator said.\n",
        today.day()
    );
    let lib = TempLibrary::new();
    let file = lib.file("ferry.txt", copy.as_bytes());
    let mut library = lib.open();
    let id = library.ingest_paths(&[&file])[0]
        .story_id
        .expect("ingested");
    let want = format!(
        "{:04}-{:02}-{:02}",
        today.year(),
        u8::from(today.month()),
        today.day()
    );
    assert_eq!(
        library.story(id).expect("story").copy_date.as_deref(),
        Some(want.as_str())
    );
    // A month and day far from the day received keeps no year.
    let far = today + time::Duration::days(120);
    let month = [
        "Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec",
    ][usize::from(u8::from(far.month())) - 1];
    let copy = format!(
        "Lighthouse relit\nKESTRELL, {month} {} (Reuters) - The old lighthouse on the point \
         was relit on Sunday after a long restoration, the trust said.\n",
        far.day()
    );
    let file = lib.file("lighthouse.txt", copy.as_bytes());
    let id = library.ingest_paths(&[&file])[0]
        .story_id
        .expect("ingested");
    let want = format!("--{:02}-{:02}", u8::from(far.month()), far.day());
    assert_eq!(
        library.story(id).expect("story").copy_date.as_deref(),
        Some(want.as_str())
    );
}

/// The dateline over the shared gold set, scored as `score_corpus.py`
/// scores it (the place as printed, compared without case; null equals
/// null). Prints the misses.
#[test]
fn datelines_against_the_gold_set() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let golds = corpus_files("gold", "json");
    let (mut right, mut all) = (0, 0);
    for path in &golds {
        let gold: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let file = gold["file"].as_str().expect("gold names its file");
        let report = library
            .ingest_file(&corpus().join("stories").join(file))
            .remove(0);
        let story = library.story(report.story_id.expect("ingested")).unwrap();
        let fold = |s: Option<&str>| {
            s.unwrap_or("")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        let want = fold(gold["dateline"].as_str());
        let got = fold(story.dateline.as_deref());
        all += 1;
        if want == got {
            right += 1;
        } else {
            println!("{file}: dateline {got:?}, gold {want:?}");
        }
    }
    let share = f64::from(right) / f64::from(all);
    println!("dateline right: {right}/{all} ({:.1}%)", share * 100.0);
    assert!(share >= 0.95, "dateline fell to {:.1}%", share * 100.0);
}
