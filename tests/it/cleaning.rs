//! What cleaning removed, listed and put back: made-up web copy with page
//! furniture is ingested, the cleaner's record of each removal is listed
//! (`Library::cleaning`, `wiredesk cleaning`) and passages are restored in
//! place as audited edits whose claims are detected, also after the desk
//! has edited the story.

use wiredesk_core::{Error, Library, RemovedPassage};

use crate::support::TempLibrary;

const NAVIGATION: &str = "Home | World | Business | Sport";
const CAPTION: &str = "Rescue workers carry a resident through floodwater in Leeds, where \
    about 1,200 people were evacuated, on Monday. REUTERS/Jane Roe";
const SHARE: &str = "Share this article";
const LEAD: &str = "LONDON (Reuters) - Heavy rain closed 40 roads and a main rail line across \
    northern England, officials said on Monday.";
const WARNINGS: &str =
    "The Environment Agency issued 30 flood warnings and said more rain was expected on Tuesday.";
const SCHOOLS: &str =
    "Schools in three counties will stay closed until Wednesday, the regional council said.";

/// A story as a web page serves it: a navigation line on top, a photo
/// caption after the lead, a share line before the last paragraph.
fn flood_copy() -> String {
    format!(
        "{NAVIGATION}\n\nFlooding closes roads across northern England\n\n{LEAD}\n\n{CAPTION}\n\n\
         {WARNINGS}\n\n{SHARE}\n\n{SCHOOLS}\n\n(Reporting by Ann Writer; Editing by Bob Desk)\n"
    )
}

/// An Indian agency's copy whose last paragraph ends in its credit.
const BRIDGE_COPY: &str = "Council approves new bridge over the river\n\n\
    New Delhi [India], March 3 (ANI): The city council on Tuesday approved a new bridge across \
    the river, officials said.\n\n\
    The bridge will cost 2 billion rupees and open in 2027, the council said. (ANI)\n";

fn ingest(library: &mut Library, name: &str, copy: &str) -> i64 {
    let report = library.ingest_bytes(name, copy.as_bytes()).expect("ingest");
    report.story_id.expect("a story")
}

/// The listed passage whose text is `text`.
fn passage<'a>(passages: &'a [RemovedPassage], text: &str) -> &'a RemovedPassage {
    passages
        .iter()
        .find(|p| p.text == text)
        .unwrap_or_else(|| panic!("no removal of {text:?} in {passages:#?}"))
}

fn paragraphs(library: &Library, story: i64) -> Vec<String> {
    let body = library.story(story).expect("story").body;
    body.split("\n\n").map(str::to_owned).collect()
}

#[test]
fn every_passage_cleaning_removed_is_listed_with_its_rule_and_place() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let story = ingest(&mut library, "flood.txt", &flood_copy());
    assert_eq!(paragraphs(&library, story), [LEAD, WARNINGS, SCHOOLS]);
    let passages = library.cleaning(story).expect("cleaning");
    let ids: Vec<i64> = passages.iter().map(|p| p.id).collect();
    assert_eq!(ids, (1..=passages.len() as i64).collect::<Vec<_>>());
    let wire_revision = library.story(story).expect("story").versions[0].revision_id;
    for p in &passages {
        assert!(!p.rule.is_empty(), "{p:?}");
        assert!(!p.restored, "{p:?}");
        assert_eq!(p.wire_revision_id, wire_revision);
    }
    // Each where it stood: how many body paragraphs came before it.
    let places = [(NAVIGATION, 0), (CAPTION, 1), (SHARE, 2)];
    for (text, position) in places {
        let p = passage(&passages, text);
        assert_eq!((p.position, p.within), (position, None), "{p:?}");
    }
    assert_eq!(passage(&passages, CAPTION).rule, "photo-caption");
    // In copy order: the navigation line first, the share line after the caption.
    let order: Vec<&str> = passages
        .iter()
        .map(|p| p.text.as_str())
        .filter(|t| [NAVIGATION, CAPTION, SHARE].contains(t))
        .collect();
    assert_eq!(order, [NAVIGATION, CAPTION, SHARE]);
    // Listing writes nothing and lists the same each time.
    assert_eq!(library.cleaning(story).expect("again"), passages);
    assert_eq!(library.history(story).expect("history").len(), 1);
}

#[test]
fn a_restored_passage_is_back_in_place_audited_with_its_claims_detected() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let story = ingest(&mut library, "flood.txt", &flood_copy());
    let claims_before = library.claims(story).expect("claims");
    assert!(!claims_before.iter().any(|c| c.text.contains("1,200")));
    let caption = passage(&library.cleaning(story).expect("cleaning"), CAPTION).clone();

    let revision = library.restore_removed(story, caption.id).expect("restore");
    let detail = library.story(story).expect("story");
    assert_eq!(detail.revision_id, revision);
    assert_eq!(
        paragraphs(&library, story),
        [LEAD, CAPTION, WARNINGS, SCHOOLS]
    );

    // Saved like an edit: a revision with a note saying what it did.
    let history = library.history(story).expect("history");
    let last = history.last().expect("the restore");
    assert_eq!((last.id, last.kind.as_str()), (revision, "edit"));
    assert_eq!(
        last.note.as_deref(),
        Some("Restored a passage removed by cleaning (rule: photo-caption)")
    );
    // Audited in the save's own entry, naming the passage.
    let (action, detail): (String, String) = lib
        .sql()
        .query_row(
            "SELECT action, detail FROM audit_log WHERE story_id = ?1 ORDER BY id DESC LIMIT 1",
            [story],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .expect("audit entry");
    let detail: serde_json::Value = serde_json::from_str(&detail).expect("JSON");
    assert_eq!(action, "edit");
    assert_eq!(detail["revision_id"], revision);
    assert_eq!(detail["restored_passage"]["id"], caption.id);
    assert_eq!(detail["restored_passage"]["rule"], "photo-caption");
    assert_eq!(detail["restored_passage"]["text"], CAPTION);
    assert_eq!(
        detail["restored_passage"]["wire_revision_id"],
        caption.wire_revision_id
    );

    // The figure in it is suggested as a claim, at its place in the text.
    let claims = library.claims(story).expect("claims");
    let evacuated = claims
        .iter()
        .find(|c| c.text.contains("1,200 people"))
        .unwrap_or_else(|| panic!("no claim on the figure: {claims:#?}"));
    assert_eq!(evacuated.kind.as_str(), "quantity");
    assert_eq!(evacuated.origin, "suggested");
    let body = &detail_body(&library, story);
    let text: String = body
        .chars()
        .skip(evacuated.start as usize)
        .take((evacuated.end - evacuated.start) as usize)
        .collect();
    assert_eq!(text, evacuated.text);
    // The claims the story had are kept.
    for before in &claims_before {
        assert!(claims
            .iter()
            .any(|c| c.id == before.id && c.text == before.text));
    }

    // What the agency sent backs it: restoring raises no integrity finding
    // and nothing new holds the story at the publish gate.
    assert_eq!(
        library.integrity(story).expect("integrity"),
        [],
        "the restored figure is the agency's"
    );
    // A figure the desk adds is still its own.
    let body = detail_body(&library, story);
    library
        .save_edit(
            story,
            None,
            "Flooding closes roads across northern England",
            &format!("{body}\n\nAbout 9,999 homes lost power."),
            None,
        )
        .expect("edit");
    let findings = library.integrity(story).expect("integrity");
    let texts: Vec<&str> = findings.iter().map(|f| f.text.as_str()).collect();
    assert_eq!(texts, ["9,999"]);

    // Listed as restored from now on.
    let after = library.cleaning(story).expect("cleaning");
    assert!(passage(&after, CAPTION).restored);
    assert!(after
        .iter()
        .filter(|p| p.text != CAPTION)
        .all(|p| !p.restored));
}

fn detail_body(library: &Library, story: i64) -> String {
    library.story(story).expect("story").body
}

#[test]
fn a_passage_goes_back_in_place_after_the_desk_edited_the_story() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let story = ingest(&mut library, "flood.txt", &flood_copy());
    // The desk rewrites the lead, adds a paragraph on top and trims the last.
    let rewritten_lead = LEAD.replace("Heavy rain", "Torrential rain");
    let edited = format!(
        "UPDATE: more rain is forecast.\n\n{rewritten_lead}\n\n{WARNINGS}\n\nSchools will stay closed."
    );
    library
        .save_edit(
            story,
            None,
            "Floods close roads in the north",
            &edited,
            None,
        )
        .expect("edit");
    let passages = library.cleaning(story).expect("cleaning");

    // The share line stood between the warnings and the schools paragraph:
    // the warnings paragraph, unchanged, anchors it.
    library
        .restore_removed(story, passage(&passages, SHARE).id)
        .expect("restore the share line");
    // The caption stood after the lead, which the desk rewrote: it goes
    // after the rewritten lead, before the unchanged paragraph that followed.
    library
        .restore_removed(story, passage(&passages, CAPTION).id)
        .expect("restore the caption");
    // The navigation line stood before the lead: before the rewritten lead,
    // after the desk's new paragraph on top.
    library
        .restore_removed(story, passage(&passages, NAVIGATION).id)
        .expect("restore the navigation line");
    assert_eq!(
        paragraphs(&library, story),
        [
            "UPDATE: more rain is forecast.",
            NAVIGATION,
            rewritten_lead.as_str(),
            CAPTION,
            WARNINGS,
            SHARE,
            "Schools will stay closed.",
        ]
    );
    let story_now = library.story(story).expect("story");
    assert_eq!(story_now.headline, "Floods close roads in the north");
    let restored: Vec<String> = library
        .cleaning(story)
        .expect("cleaning")
        .into_iter()
        .filter(|p| p.restored)
        .map(|p| p.text)
        .collect();
    assert_eq!(restored, [NAVIGATION, CAPTION, SHARE]);
}

#[test]
fn a_passage_cut_from_inside_a_paragraph_goes_back_inside_it() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let story = ingest(&mut library, "bridge.txt", BRIDGE_COPY);
    let last = "The bridge will cost 2 billion rupees and open in 2027, the council said.";
    assert_eq!(paragraphs(&library, story)[1], last);
    let passages = library.cleaning(story).expect("cleaning");
    let credit = passage(&passages, "(ANI)");
    assert_eq!(
        (credit.position, credit.within),
        (1, Some(last.chars().count()))
    );
    library.restore_removed(story, credit.id).expect("restore");
    assert_eq!(paragraphs(&library, story)[1], format!("{last} (ANI)"));
    assert!(passage(&library.cleaning(story).expect("cleaning"), "(ANI)").restored);
}

#[test]
fn restoring_an_unknown_or_restored_passage_is_refused_by_name_and_writes_nothing() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let story = ingest(&mut library, "flood.txt", &flood_copy());
    let count = library.cleaning(story).expect("cleaning").len();
    let share = passage(&library.cleaning(story).expect("cleaning"), SHARE).id;
    library.restore_removed(story, share).expect("restore");
    let revisions = library.history(story).expect("history").len();

    let again = library
        .restore_removed(story, share)
        .expect_err("already back");
    assert!(
        matches!(again, Error::PassageAlreadyRestored { .. }),
        "{again:?}"
    );
    assert_eq!(
        again.to_string(),
        format!("passage {share} removed by cleaning is already back in the text of story {story}: nothing to restore")
    );
    let unknown_id = count as i64 + 1;
    let unknown = library
        .restore_removed(story, unknown_id)
        .expect_err("no such passage");
    assert_eq!(
        unknown.to_string(),
        format!("story {story} has no removed passage {unknown_id}: cleaning removed {count} (list them with `wiredesk cleaning {story}`)")
    );
    assert!(library.restore_removed(story, 0).is_err());
    assert!(matches!(
        library.restore_removed(story + 1, 1),
        Err(Error::StoryNotFound(_))
    ));
    assert!(matches!(
        library.cleaning(story + 1),
        Err(Error::StoryNotFound(_))
    ));
    assert_eq!(library.history(story).expect("history").len(), revisions);
}

#[test]
fn copy_cleaning_took_nothing_from_lists_nothing() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let story = ingest(
        &mut library,
        "plain.txt",
        "Ferries resume after the storm\n\nHARBOURTON (Meridian Wire) - Ferries ran again on Monday, the operator said.\n",
    );
    assert_eq!(library.cleaning(story).expect("cleaning"), []);
    assert!(library.restore_removed(story, 1).is_err());
}

#[test]
fn the_cli_lists_removals_as_the_contract_says_and_restores_one() {
    let lib = TempLibrary::new();
    let copy = lib.file("flood.txt", flood_copy().as_bytes());
    let ingested = lib
        .cli(&["ingest", copy.to_str().expect("path"), "--json"])
        .json();
    let story = ingested[0]["story_id"]
        .as_i64()
        .expect("story id")
        .to_string();

    let listed = lib.cli(&["cleaning", &story, "--json"]).json();
    let rows = listed.as_array().expect("a JSON array");
    assert!(rows.len() >= 3, "{listed}");
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row["id"], i as i64 + 1, "{row}");
        assert!(row["rule"].as_str().is_some_and(|r| !r.is_empty()), "{row}");
        assert!(row["text"].is_string(), "{row}");
        assert!(row["position"].is_u64(), "{row}");
        assert_eq!(row["restored"], false, "{row}");
    }
    let caption = rows
        .iter()
        .find(|r| r["text"] == CAPTION)
        .unwrap_or_else(|| panic!("no caption in {listed}"));
    assert_eq!(caption["rule"], "photo-caption");
    assert_eq!(caption["position"], 1);
    let id = caption["id"].to_string();

    let human = lib.cli(&["cleaning", &story]);
    assert_eq!(human.code, 0, "{}", human.stderr);
    assert!(
        human.stdout.contains(&format!(
            "{id:>4}  photo-caption        after paragraph 1\n      {CAPTION}\n"
        )),
        "{}",
        human.stdout
    );

    let saved = lib
        .cli(&["cleaning", &story, "--restore", &id, "--json"])
        .json();
    let revision = saved["revision_id"].as_i64().expect("revision id");
    assert_eq!(saved.as_object().map(|o| o.len()), Some(1), "{saved}");
    let shown = lib.cli(&["show", &story, "--json"]).json();
    let body = shown["body"].as_str().expect("body");
    assert!(
        body.contains(&format!("{LEAD}\n\n{CAPTION}\n\n{WARNINGS}")),
        "{body}"
    );
    let history = lib.cli(&["history", &story, "--json"]).json();
    let last = history.as_array().and_then(|h| h.last()).expect("history");
    assert_eq!(last["id"], revision);
    assert_eq!(last["author"], "tester");
    let claims = lib.cli(&["claims", &story, "--json"]).json();
    assert!(
        claims.as_array().expect("claims").iter().any(|c| c["text"]
            .as_str()
            .is_some_and(|t| t.contains("1,200 people"))),
        "{claims}"
    );
    let listed = lib.cli(&["cleaning", &story, "--json"]).json();
    let restored: Vec<&serde_json::Value> = listed
        .as_array()
        .expect("array")
        .iter()
        .filter(|r| r["restored"] == true)
        .collect();
    assert_eq!(restored.len(), 1);
    assert_eq!(restored[0]["text"], CAPTION);

    // Without --json: one line saying what was saved.
    let share = rows
        .iter()
        .find(|r| r["text"] == SHARE)
        .map(|r| r["id"].to_string())
        .expect("the share line");
    let human = lib.cli(&["cleaning", &story, "--restore", &share]);
    assert_eq!(human.code, 0, "{}", human.stderr);
    assert_eq!(
        human.stdout,
        format!(
            "restored passage {share} of story {story} as revision {}\n",
            revision + 1
        )
    );

    // Mistakes: one line on stderr naming the story and the passage.
    let again = lib.cli(&["cleaning", &story, "--restore", &id]);
    assert_ne!(again.code, 0);
    assert_eq!(again.stderr.lines().count(), 1, "{}", again.stderr);
    assert!(again.stderr.contains("already back"), "{}", again.stderr);
    let unknown = lib.cli(&["cleaning", &story, "--restore", "99", "--json"]);
    assert_ne!(unknown.code, 0);
    assert!(unknown.stdout.is_empty());
    assert!(
        unknown
            .stderr
            .contains(&format!("story {story} has no removed passage 99")),
        "{}",
        unknown.stderr
    );
    let missing = lib.cli(&["cleaning", "4242"]);
    missing.assert_fails_with("4242");
}
