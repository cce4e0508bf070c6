//! Claims through agency updates and edits (PRODUCT.md §6): a claim follows
//! its own words, or a close variant of them, and is detached when the
//! sentence it sat on is rewritten, never moved onto unrelated words; a
//! claim whose words are edited takes the new value, and a verified one goes
//! back to unchecked with a status event saying what changed. Made-up copy
//! throughout.

use serde_json::Value;
use wiredesk_core::{Claim, IngestStatus, Library};

use crate::support::TempLibrary;

/// A NewsML-G2 item of the made-up Halvard strike story, one `<p>` per
/// paragraph.
fn halvard(version: u32, paragraphs: &[&str]) -> Vec<u8> {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>")).collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" \
         guid=\"tag:meridian,2026:halvard-strike\" version=\"{version}\">\
         <itemMeta><provider qcode=\"nprov:meridian\"/></itemMeta>\
         <contentMeta><headline>Dockworkers strike at Halvard</headline></contentMeta>\
         <contentSet><inlineXML><html><body>{body}</body></html></inlineXML></contentSet>\
         </newsItem>"
    )
    .into_bytes()
}

const LEAD: &str = "HALVARD (Meridian Wire) - Dockworkers at the port of Halvard walked \
                    out on Tuesday, halting the loading of at least 14 vessels bound for the \
                    northern isles, the union said.";
const CRANES: &str = "The stoppage left 3 container cranes idle and stranded about 200 lorries \
                      at the gates, a port official said.";
const TALKS: &str = "Talks with the port authority are due to resume on Friday.";

/// The agency's update: the lead and the cranes sentence rewritten, the
/// talks unchanged.
const NEW_LEAD: &str = "HALVARD (Meridian Wire) - Port operators in Halvard hired replacement \
                        crews on Wednesday as the dockworkers' walkout entered its second day, \
                        the union said.";
const NEW_CRANES: &str = "The stoppage left container traffic at a standstill and lorries queuing \
                          at the gates, a port official said.";

/// The claim's span of `body`, read off its scalar offsets.
fn span(body: &str, claim: &Claim) -> String {
    body.chars()
        .skip(claim.start as usize)
        .take((claim.end - claim.start) as usize)
        .collect()
}

fn claim_on<'c>(claims: &'c [Claim], text: &str) -> &'c Claim {
    claims
        .iter()
        .find(|c| c.text == text)
        .unwrap_or_else(|| panic!("no claim {text:?} in {claims:#?}"))
}

/// Version 1 of the Halvard story (lead, cranes, talks) ingested; its id.
fn ingest_first_version(library: &mut Library) -> i64 {
    library
        .ingest_bytes("v1.xml", &halvard(1, &[LEAD, CRANES, TALKS]))
        .unwrap()
        .story_id
        .unwrap()
}

/// Sets a claim's status, as the desk does.
fn set_status(library: &mut Library, claim: wiredesk_core::ClaimId, status: &str) {
    library
        .update_claim(claim, Some(status), None, None)
        .unwrap();
}

/// Every live claim sits on its own text.
fn assert_on_their_text(library: &Library, story: i64) {
    let body = library.story(story).unwrap().body;
    for claim in library.claims(story).unwrap() {
        if !claim.detached {
            assert_eq!(span(&body, &claim), claim.text, "{claim:#?}");
        }
    }
}

#[test]
fn an_update_that_rewrites_the_lead_detaches_its_claims_and_they_do_not_hold_the_gate() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let story = ingest_first_version(&mut library);
    let claims = library.claims(story).unwrap();
    let vessels = claim_on(&claims, "at least 14 vessels").clone();
    let cranes = claim_on(&claims, "3 container cranes").clone();
    let friday = claim_on(&claims, "on Friday").clone();
    assert_eq!(vessels.value.as_deref(), Some(">=14 vessels"));
    set_status(&mut library, vessels.id, "verified");
    set_status(&mut library, cranes.id, "disputed");
    set_status(&mut library, friday.id, "verified");

    let update = library
        .ingest_bytes("v2.xml", &halvard(2, &[NEW_LEAD, NEW_CRANES, TALKS]))
        .unwrap();
    assert_eq!(update.status, IngestStatus::Update);
    let body = library.story(story).unwrap().body;
    assert!(body.contains("hired replacement crews"), "{body}");
    assert_on_their_text(&library, story);

    let vessels = library.claim(vessels.id).unwrap();
    assert!(vessels.detached, "its sentence was rewritten: {vessels:#?}");
    assert_eq!(
        vessels.text, "at least 14 vessels",
        "the text it was checked on"
    );
    assert_eq!(vessels.value.as_deref(), Some(">=14 vessels"));
    let cranes = library.claim(cranes.id).unwrap();
    assert!(cranes.detached, "{cranes:#?}");
    assert_eq!(cranes.text, "3 container cranes");
    let friday = library.claim(friday.id).unwrap();
    assert!(!friday.detached);
    assert_eq!(span(&body, &friday), "on Friday");
    assert_eq!(
        friday.status.as_str(),
        "verified",
        "its sentence is untouched"
    );

    // Nothing landed on the words the rewrite put there.
    for claim in library.claims(story).unwrap() {
        assert!(
            !(claim.text.contains("union said") || claim.text == "left"),
            "a claim moved onto unrelated words: {claim:#?}"
        );
    }
    // The detached claims are not what holds the gate: the disputed cranes
    // figure no longer stands in the text.
    let gate = library.export_gate(story).unwrap();
    for reason in &gate {
        for gone in [vessels.id, cranes.id] {
            assert!(
                !reason.contains(&format!("{gone} \"")),
                "detached claim {gone} holds the gate: {gate:?}"
            );
        }
        assert!(!reason.contains("disputed"), "{gate:?}");
    }
    // The verified claim that lost its text is checked again if it comes
    // back, and its history says so.
    let history = library.claim_history(vessels.id).unwrap();
    let reset = history
        .iter()
        .find(|e| e.event == "status" && e.to_status.map(|s| s.as_str()) == Some("unchecked"))
        .unwrap_or_else(|| panic!("no status event: {history:#?}"));
    assert_eq!(reset.from_status.map(|s| s.as_str()), Some("verified"));
    assert_eq!(reset.detail["reason"], "detached");
    assert_eq!(reset.detail["from"], "at least 14 vessels");
}

#[test]
fn restoring_the_text_before_the_update_takes_the_detached_claims_back() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let v1 = library
        .ingest_bytes("v1.xml", &halvard(1, &[LEAD, CRANES, TALKS]))
        .unwrap();
    let story = v1.story_id.unwrap();
    let vessels = claim_on(&library.claims(story).unwrap(), "at least 14 vessels").clone();
    set_status(&mut library, vessels.id, "verified");
    library
        .ingest_bytes("v2.xml", &halvard(2, &[NEW_LEAD, CRANES, TALKS]))
        .unwrap();
    assert!(library.claim(vessels.id).unwrap().detached);
    let wednesday = claim_on(&library.claims(story).unwrap(), "on Wednesday").clone();

    library.restore(story, v1.revision_id.unwrap()).unwrap();
    let body = library.story(story).unwrap().body;
    assert!(body.starts_with(LEAD), "{body}");
    let vessels = library.claim(vessels.id).unwrap();
    assert!(!vessels.detached, "{vessels:#?}");
    assert_eq!(span(&body, &vessels), "at least 14 vessels");
    assert_eq!(
        vessels.status.as_str(),
        "unchecked",
        "its check was reset when it was lost"
    );
    let on_vessels = library
        .claims(story)
        .unwrap()
        .into_iter()
        .filter(|c| c.text == "at least 14 vessels")
        .count();
    assert_eq!(on_vessels, 1, "taken back, not suggested again");
    let history = library.claim_history(vessels.id).unwrap();
    let back = history.last().unwrap();
    assert_eq!(back.event, "reanchor");
    assert_eq!(back.detail["reattached"], true);
    assert!(library.claim(wednesday.id).unwrap().detached);
    assert_on_their_text(&library, story);
}

#[test]
fn an_update_that_only_adds_a_paragraph_leaves_every_claim_where_it_was() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let story = ingest_first_version(&mut library);
    let before = library.claims(story).unwrap();
    assert!(before.len() >= 4, "{before:#?}");
    for claim in &before {
        set_status(&mut library, claim.id, "verified");
    }
    let added = "A second union said it would join the walkout at 14 other ports \
                 on Friday, halting the loading of at least 30 vessels.";
    library
        .ingest_bytes("v2.xml", &halvard(2, &[LEAD, CRANES, added, TALKS]))
        .unwrap();
    let body = library.story(story).unwrap().body;
    let shift = added.chars().count() as i64 + 2;
    let talks_at = body[..body.find(TALKS).unwrap()].chars().count() as i64;
    for old in &before {
        let now = library.claim(old.id).unwrap();
        assert!(!now.detached, "{now:#?}");
        assert_eq!(now.text, old.text);
        assert_eq!(now.value, old.value);
        assert_eq!(now.status.as_str(), "verified", "{now:#?}");
        let moved = if now.start >= talks_at { shift } else { 0 };
        assert_eq!(
            (now.start, now.end),
            (old.start + moved, old.end + moved),
            "{now:#?}"
        );
        assert_eq!(span(&body, &now), now.text);
    }
}

#[test]
fn an_edit_that_rewrites_a_sentence_detaches_its_claims() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let story = ingest_first_version(&mut library);
    let claims = library.claims(story).unwrap();
    let cranes = claim_on(&claims, "3 container cranes").clone();
    let lorries = claim_on(&claims, "about 200 lorries").clone();
    let friday = claim_on(&claims, "on Friday").clone();
    set_status(&mut library, lorries.id, "false");
    let body = library.story(story).unwrap().body;
    let edited = body.replace(CRANES, NEW_CRANES);
    library
        .save_edit(story, None, "Dockworkers strike at Halvard", &edited, None)
        .unwrap();
    for gone in [&cranes, &lorries] {
        let now = library.claim(gone.id).unwrap();
        assert!(now.detached, "{now:#?}");
        assert_eq!(now.text, gone.text);
    }
    assert_eq!(library.claim(lorries.id).unwrap().status.as_str(), "false");
    let friday = library.claim(friday.id).unwrap();
    assert!(!friday.detached);
    assert_eq!(span(&edited, &friday), "on Friday");
    assert_on_their_text(&library, story);
    let gate = library.export_gate(story).unwrap();
    assert!(
        gate.iter()
            .all(|r| !r.contains("false") && !r.contains("lorries")),
        "the false figure is no longer in the text: {gate:?}"
    );
    let open = library
        .stories(10, 0)
        .unwrap()
        .into_iter()
        .find(|s| s.id == story)
        .unwrap()
        .open_claims;
    let attached_open = library
        .claims(story)
        .unwrap()
        .iter()
        .filter(|c| !c.detached && !c.dismissed && !c.timing)
        .filter(|c| ["unchecked", "checking", "disputed", "false"].contains(&c.status.as_str()))
        .count() as i64;
    assert_eq!(
        open, attached_open,
        "the inbox counts attached claims only (timing claims aside)"
    );
}

#[test]
fn the_same_sentence_moved_to_another_paragraph_takes_its_claims_along() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let story = ingest_first_version(&mut library);
    let claims = library.claims(story).unwrap();
    let lorries = claim_on(&claims, "about 200 lorries").clone();
    set_status(&mut library, lorries.id, "verified");
    // The editor moves the cranes sentence to the end of the story.
    let body = library.story(story).unwrap().body;
    let moved = body.replace(&format!("{CRANES}\n\n"), "") + " " + CRANES;
    assert!(moved.ends_with(&format!("{TALKS} {CRANES}")), "{moved}");
    library
        .save_edit(story, None, "Dockworkers strike at Halvard", &moved, None)
        .unwrap();
    let lorries = library.claim(lorries.id).unwrap();
    assert!(!lorries.detached, "{lorries:#?}");
    assert_eq!(span(&moved, &lorries), "about 200 lorries");
    assert_eq!(lorries.status.as_str(), "verified");
    assert_on_their_text(&library, story);
}

#[test]
fn a_figure_edited_takes_its_new_value_and_its_history_shows_the_reset() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let story = library
        .ingest_bytes(
            "rates.xml",
            &halvard(
                1,
                &[
                    "OSLEN (Meridian Wire) - The central bank raised its main rate by \
                     50 basis points on Thursday, its third rise this year.",
                    "Economists had expected the move.",
                    LEAD,
                ],
            ),
        )
        .unwrap()
        .story_id
        .unwrap();
    let claims = library.claims(story).unwrap();
    let rate = claim_on(&claims, "50 basis points").clone();
    let before_value = rate.value.clone().expect("a value");
    assert!(before_value.contains("50"), "{before_value}");
    set_status(&mut library, rate.id, "verified");
    let body = library.story(story).unwrap().body;
    let edited = body.replace("50 basis points", "75 basis points");
    library
        .save_edit(
            story,
            None,
            "Dockworkers strike at Halvard",
            &edited,
            Some("rate"),
        )
        .unwrap();

    let rate = library.claim(rate.id).unwrap();
    assert!(!rate.detached);
    assert_eq!(rate.text, "75 basis points");
    assert_eq!(span(&edited, &rate), "75 basis points");
    assert_eq!(
        rate.value.as_deref(),
        Some(before_value.replace("50", "75").as_str())
    );
    assert_eq!(rate.status.as_str(), "unchecked");
    let history = library.claim_history(rate.id).unwrap();
    let changed = history.iter().find(|e| e.event == "text-changed").unwrap();
    assert_eq!(changed.detail["from"], "50 basis points");
    assert_eq!(changed.detail["to"], "75 basis points");
    let reset = history.last().unwrap();
    assert_eq!(reset.event, "status", "{history:#?}");
    assert_eq!(reset.from_status.map(|s| s.as_str()), Some("verified"));
    assert_eq!(reset.to_status.map(|s| s.as_str()), Some("unchecked"));
    assert_eq!(reset.detail["reason"], "text-changed");
    assert_eq!(reset.detail["from"], "50 basis points");
    assert_eq!(reset.detail["to"], "75 basis points");
    // A claim edited to hold two figures takes the value of the first.
    let vessels = claim_on(&library.claims(story).unwrap(), "at least 14 vessels").clone();
    let ships = body
        .replace("50 basis points", "75 basis points")
        .replace("at least 14 vessels", "at least 14 ships (9 tankers)");
    library
        .save_edit(story, None, "Dockworkers strike at Halvard", &ships, None)
        .unwrap();
    let vessels = library.claim(vessels.id).unwrap();
    assert_eq!(vessels.text, "at least 14 ships (9 tankers)");
    assert_eq!(vessels.value.as_deref(), Some(">=14 ships"));
    // The edit is one claim, not a second suggestion beside it.
    let on_rate: Vec<Claim> = library
        .claims(story)
        .unwrap()
        .into_iter()
        .filter(|c| c.text.contains("basis points"))
        .collect();
    assert_eq!(on_rate.len(), 1, "{on_rate:#?}");
}

/// The same through the `wiredesk` binary: claims, claim history and the
/// export gate as a script sees them.
#[test]
fn the_cli_shows_detached_claims_new_values_and_the_reset() {
    let lib = TempLibrary::new();
    let ingested = lib.ingest("v1.xml", &halvard(1, &[LEAD, CRANES, TALKS]));
    let story = ingested[0]["story_id"].as_i64().unwrap().to_string();
    let claims = lib.cli(&["claims", &story, "--json"]).json();
    let id_of = |claims: &Value, text: &str| -> String {
        claims
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["text"] == text)
            .unwrap_or_else(|| panic!("no {text:?} in {claims}"))["id"]
            .to_string()
    };
    let vessels = id_of(&claims, "at least 14 vessels");
    let lorries = id_of(&claims, "about 200 lorries");
    for id in [&vessels, &lorries] {
        lib.cli(&["claim", "set", id, "--status", "verified", "--json"])
            .json();
    }

    // The desk edits the lorries figure; then the agency rewrites the lead.
    let body = lib.cli(&["show", &story, "--json"]).json()["body"]
        .as_str()
        .unwrap()
        .to_owned();
    let edited = body.replace("about 200 lorries", "about 250 lorries");
    let file = lib.file(
        "edit.txt",
        format!("Dockworkers strike at Halvard\n\n{edited}\n").as_bytes(),
    );
    lib.edit_from_file(&story, &file).json();
    let claims = lib.cli(&["claims", &story, "--json"]).json();
    let lorries_now = claims
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"].to_string() == lorries)
        .unwrap()
        .clone();
    assert_eq!(lorries_now["text"], "about 250 lorries");
    assert_eq!(lorries_now["status"], "unchecked");
    assert!(
        lorries_now["value"].as_str().unwrap().contains("250"),
        "{lorries_now}"
    );
    let history = lib.cli(&["claim", "history", &lorries, "--json"]).json();
    let reset = history
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["event"] == "status" && e["to_status"] == "unchecked")
        .unwrap_or_else(|| panic!("{history}"));
    assert_eq!(reset["from_status"], "verified");
    assert_eq!(reset["detail"]["to"], "about 250 lorries");
    let human = lib.cli(&["claim", "history", &lorries]);
    assert_eq!(human.code, 0, "{}", human.stderr);
    assert!(
        human.stdout.contains("status verified → unchecked"),
        "{}",
        human.stdout
    );

    // The agency's update rewrites the lead; merged into the desk's copy.
    lib.ingest("v2.xml", &halvard(2, &[NEW_LEAD, CRANES, TALKS]));
    let merged = lib.cli(&["merge", &story, "--json"]).json();
    assert_eq!(merged["status"], "merged", "{merged}");
    let body = lib.cli(&["show", &story, "--json"]).json()["body"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(body.contains("hired replacement crews"), "{body}");
    let claims = lib.cli(&["claims", &story, "--json"]).json();
    let vessels_now = claims
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"].to_string() == vessels)
        .unwrap();
    assert_eq!(vessels_now["detached"], true, "{vessels_now}");
    assert_eq!(vessels_now["text"], "at least 14 vessels");
    for claim in claims.as_array().unwrap() {
        let (start, end) = (
            claim["start"].as_u64().unwrap() as usize,
            claim["end"].as_u64().unwrap() as usize,
        );
        let on: String = body.chars().skip(start).take(end - start).collect();
        if claim["id"].to_string() == vessels {
            assert_ne!(on, "union said,", "{claim}");
        }
    }
    let human = lib.cli(&["claims", &story]);
    let line = human
        .stdout
        .lines()
        .find(|l| l.contains("at least 14 vessels"))
        .unwrap_or_else(|| panic!("{}", human.stdout));
    assert!(line.contains("detached"), "{line}");
}
