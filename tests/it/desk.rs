//! What the desktop app asks of the core beyond the CLI's contract: the
//! inbox's mark for an unmerged wire update, a merge reviewed and resolved
//! step by step, export previews and blockers, and the desk's name.

use wiredesk_core::{export::ExportFormat, merge::Resolution, Error, ExportRequest, Library};

use crate::support::TempLibrary;

/// A NITF story with one paragraph per entry of `paragraphs`.
fn nitf(doc_id: &str, headline: &str, paragraphs: &[&str]) -> Vec<u8> {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>")).collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><nitf><head><docdata>\
         <doc-id regsrc=\"AP\" id-string=\"{doc_id}\"/></docdata></head><body><body.head>\
         <hedline><hl1>{headline}</hl1></hedline></body.head><body.content>{body}\
         </body.content></body></nitf>"
    )
    .into_bytes()
}

const FIRST: [&str; 3] = [
    "Rescuers reached the valley on Monday after the flood cut off 700 homes.",
    "The regional governor said the army would send 200 soldiers.",
    "Roads remain closed.",
];

/// A story the desk edited (a number and the last sentence), then version 2
/// from the agency changing the first and second paragraphs.
fn edited_then_updated(library: &mut Library) -> i64 {
    edited_then_updated_as(library, "ap-flood", Some("desk edit"), |body| {
        body.replace("200 soldiers", "250 soldiers").replace(
            "Roads remain closed.",
            "All roads into the valley remain closed.",
        )
    })
}

/// Wire item `doc_id` ingested, its body edited by the desk with `edit` (and
/// `note`), then version 2 from the agency changing the first and second
/// paragraphs.
fn edited_then_updated_as(
    library: &mut Library,
    doc_id: &str,
    note: Option<&str>,
    edit: impl Fn(&str) -> String,
) -> i64 {
    let first = library
        .ingest_bytes("v1.xml", &nitf(doc_id, "Flood cuts off valley", &FIRST))
        .unwrap();
    let story = first.story_id.unwrap();
    let current = library.story(story).unwrap();
    let body = edit(&current.body);
    library
        .save_edit(
            story,
            Some(current.revision_id),
            &current.headline,
            &body,
            note,
        )
        .unwrap();
    library
        .ingest_bytes(
            "v2.xml",
            &nitf(
                doc_id,
                "Flood cuts off valley",
                &[
                    "Rescuers reached the valley on Monday after the flood cut off 900 homes.",
                    "The regional governor said the army would send 300 soldiers.",
                    "Roads remain closed.",
                ],
            ),
        )
        .unwrap();
    story
}

#[test]
fn an_edited_story_shows_an_unmerged_wire_update_until_it_is_merged() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let story = edited_then_updated(&mut library);

    let row = library
        .stories(10, 0)
        .unwrap()
        .into_iter()
        .find(|s| s.id == story)
        .unwrap();
    assert!(
        row.edited && row.wire_update,
        "the inbox marks the update: {row:?}"
    );
    assert_eq!(library.story(story).unwrap().wire_update, Some(2));

    // The agency's 700 -> 900 applies cleanly; 200 -> 250 (desk) against
    // 200 -> 300 (agency) is a conflict.
    let review = library.merge_review(story, None).unwrap();
    assert_eq!(review.status.as_str(), "conflicts");
    assert_eq!(review.wire_version, Some(2));
    assert_eq!(review.conflicts.len(), 1);
    assert_eq!(review.resolved, 0);
    let applied_inserts: String = review
        .applied
        .iter()
        .filter(|op| op.op == wiredesk_core::diff::OpKind::Insert)
        .map(|op| op.text.as_str())
        .collect();
    assert!(
        applied_inserts.contains("900"),
        "clean change listed: {applied_inserts}"
    );
    assert!(
        !applied_inserts.contains("300"),
        "the conflict is not applied yet"
    );
    assert!(review.applied_stats.words_changed >= 1);
    let conflict = &review.conflicts[0];
    assert!(
        conflict.ours.contains("250") && conflict.theirs.contains("300"),
        "{conflict:?}"
    );

    // Closing the window midway loses nothing: the merge is found again.
    drop(library);
    let mut library = lib.open();
    let again = library.merge_review(story, None).unwrap();
    assert_eq!(again.conflicts, review.conflicts);
    assert!(
        library.story(story).unwrap().wire_update.is_some(),
        "not merged yet"
    );

    let done = library
        .resolve_conflict_review(story, conflict.id, Resolution::Theirs)
        .unwrap();
    assert_eq!(done.status.as_str(), "merged");
    assert_eq!(done.resolved, 1);
    let merged = library.story(story).unwrap();
    assert_eq!(Some(merged.revision_id), done.revision_id);
    assert!(merged.body.contains("900 homes") && merged.body.contains("300 soldiers"));
    assert!(
        merged.body.contains("All roads into the valley"),
        "the desk's edit stays"
    );
    assert_eq!(merged.wire_update, None);
    let row = library
        .stories(10, 0)
        .unwrap()
        .into_iter()
        .find(|s| s.id == story)
        .unwrap();
    assert!(!row.wire_update);
    assert_eq!(
        library.merge_review(story, None).unwrap().status.as_str(),
        "nothing-to-merge"
    );
}

#[test]
fn a_story_never_edited_has_no_update_to_merge() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let story = library
        .ingest_bytes("v1.xml", &nitf("ap-9", "Quiet day", &["Nothing happened."]))
        .unwrap()
        .story_id
        .unwrap();
    library
        .ingest_bytes(
            "v2.xml",
            &nitf("ap-9", "Quiet day", &["Nothing at all happened."]),
        )
        .unwrap();
    assert!(!library.stories(10, 0).unwrap()[0].wire_update);
    assert_eq!(library.story(story).unwrap().wire_update, None);
}

#[test]
fn a_preview_renders_without_recording_and_blockers_name_what_holds_an_export() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let story = edited_then_updated(&mut library);
    let head = library.story(story).unwrap().revision_id;
    let original = library.story(story).unwrap().versions[0].revision_id;

    let (revision, bytes) = library
        .render_export(story, ExportFormat::Txt, None)
        .unwrap();
    assert_eq!(revision, head);
    assert!(String::from_utf8(bytes).unwrap().contains("250 soldiers"));
    let (revision, bytes) = library
        .render_export(story, ExportFormat::Nitf, Some(original))
        .unwrap();
    assert_eq!(revision, original);
    assert!(String::from_utf8(bytes).unwrap().contains("200 soldiers"));
    let exports: usize = library
        .history(story)
        .unwrap()
        .iter()
        .map(|e| e.exports.len())
        .sum();
    assert_eq!(exports, 0, "a preview is not an export");

    let blockers = library
        .export_blockers(story, ExportFormat::Nitf, None)
        .unwrap();
    assert!(
        blockers.iter().any(|b| b.contains("unchecked")),
        "{blockers:?}"
    );
    assert!(
        blockers
            .iter()
            .any(|b| b.contains("merge") || b.contains("number")),
        "{blockers:?}"
    );
    let older = library
        .export_blockers(story, ExportFormat::Nitf, Some(original))
        .unwrap();
    assert!(
        older.iter().any(|b| b.contains("not the current text")),
        "{older:?}"
    );
    assert!(library
        .export_blockers(story, ExportFormat::ReportCsv, None)
        .unwrap()
        .is_empty());
    assert!(matches!(
        library.export_blockers(story, ExportFormat::Nitf, Some(999_999)),
        Err(Error::InvalidInput(_))
    ));
    let refused = library.export(&ExportRequest::new(story, ExportFormat::Nitf));
    assert!(matches!(refused, Err(Error::ExportRefused { .. })));
    let (outcome, _) = library
        .export(&ExportRequest {
            override_reason: Some("desk chief approved"),
            ..ExportRequest::new(story, ExportFormat::Nitf)
        })
        .unwrap();
    assert_eq!(
        outcome.override_reason.as_deref(),
        Some("desk chief approved")
    );
}

#[test]
fn the_desk_name_setting_names_who_acts() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let before = library.actor().to_owned();
    library
        .set_setting("user.name", Some("Rosa Parks-Desk"))
        .unwrap();
    drop(library);
    // The change is recorded as made by whoever made it.
    let recorded: String = lib.scalar(
        "SELECT actor FROM audit_log WHERE action = 'set-setting' ORDER BY id DESC LIMIT 1",
    );
    assert_eq!(recorded, before);
    let library = lib.open();
    // WIREDESK_USER, when the environment sets it, still wins.
    let expected = std::env::var("WIREDESK_USER")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| "Rosa Parks-Desk".into());
    assert_eq!(library.actor(), expected);
}

#[test]
fn merging_again_from_a_new_text_supersedes_the_waiting_merge_and_keeps_its_choices() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let story = edited_then_updated_as(&mut library, "ap-two", None, |body| {
        body.replace("700 homes", "750 homes")
            .replace("200 soldiers", "250 soldiers")
    });
    let review = library.merge_review(story, None).unwrap();
    assert_eq!(review.conflicts.len(), 2, "{:?}", review.conflicts);
    let homes = review
        .conflicts
        .iter()
        .find(|c| c.ours.contains("750"))
        .unwrap()
        .id;
    let after = library
        .resolve_conflict_review(story, homes, Resolution::Theirs)
        .unwrap();
    assert_eq!((after.resolved, after.conflicts.len()), (1, 1));

    // The desk goes back to the editor and changes the headline, then merges again.
    let current = library.story(story).unwrap();
    library
        .save_edit(
            story,
            Some(current.revision_id),
            "Flood isolates valley",
            &current.body,
            None,
        )
        .unwrap();
    let again = library.merge_review(story, None).unwrap();
    assert_eq!(again.status.as_str(), "conflicts");
    assert_eq!(
        again.resolved, 1,
        "the choice made for the homes is carried over"
    );
    assert_eq!(again.conflicts.len(), 1);
    assert!(again.conflicts[0].ours.contains("250"));
    // Only the new merge holds the story back; the old one takes no resolutions.
    let gate = library.export_gate(story).unwrap();
    assert!(
        gate.iter().any(|r| r.starts_with("1 merge conflict")),
        "{gate:?}"
    );
    assert!(library
        .resolve_conflict_review(
            story,
            review.conflicts.iter().find(|c| c.id != homes).unwrap().id,
            Resolution::Ours
        )
        .is_err());
    let done = library
        .resolve_conflict_review(story, again.conflicts[0].id, Resolution::Ours)
        .unwrap();
    assert_eq!(done.status.as_str(), "merged");
    let merged = library.story(story).unwrap();
    assert!(merged.headline.contains("isolates"), "{}", merged.headline);
    assert!(
        merged.body.contains("900 homes") && merged.body.contains("250 soldiers"),
        "{}",
        merged.body
    );
    assert!(!library
        .export_gate(story)
        .unwrap()
        .iter()
        .any(|r| r.contains("merge")));
}

#[test]
fn an_export_is_offered_under_a_safe_name_and_a_blank_reason_overrides_nothing() {
    assert_eq!(
        wiredesk_core::export::file_name(
            7,
            12,
            "../../etc/passwd: Flood — 900 homes",
            ExportFormat::Nitf
        ),
        "etc-passwd-flood-900-homes-r12-nitf.xml"
    );
    assert_eq!(
        wiredesk_core::export::file_name(7, 12, "«»", ExportFormat::ReportCsv),
        "story-7-r12-report.csv"
    );
    let lib = TempLibrary::new();
    let mut library = lib.open();
    let story = edited_then_updated(&mut library);
    assert!(matches!(
        library.check_export(story, ExportFormat::Nitf, None, Some("   ")),
        Err(Error::ExportRefused { .. })
    ));
    assert!(library
        .check_export(story, ExportFormat::Nitf, None, Some("approved"))
        .is_ok());
    assert!(library
        .check_export(story, ExportFormat::ReportHtml, None, None)
        .is_ok());
    let head = library.story(story).unwrap().revision_id;
    assert_eq!(
        library
            .export_file_name(story, ExportFormat::Newsml, None)
            .unwrap(),
        format!("flood-cuts-off-valley-r{head}-newsml.xml")
    );
}

#[test]
fn the_inbox_pages_by_cursor_exactly_as_by_offset() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    for n in 0..23 {
        library
            .ingest_bytes(
                &format!("{n}.xml"),
                &nitf(&format!("ap-page-{n}"), &format!("Story {n}"), &["Text."]),
            )
            .unwrap();
    }
    let all: Vec<i64> = library
        .stories(100, 0)
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(all.len(), 23);
    let mut paged = Vec::new();
    let mut filter = wiredesk_core::StoryFilter::default();
    loop {
        let page = library.stories_where(5, 0, &filter).unwrap();
        let Some(last) = page.last() else { break };
        filter.after = Some(wiredesk_core::InboxCursor {
            received_at: last.received_at.clone(),
            id: last.id,
        });
        paged.extend(page.iter().map(|s| s.id));
    }
    assert_eq!(paged, all, "no row skipped or repeated, same order");
}

#[test]
fn the_inbox_counts_what_the_wire_does_not_back_and_the_story_adds_other_stories_figures() {
    let lib = TempLibrary::new();
    let mut library = lib.open();
    library
        .ingest_bytes(
            "a.xml",
            &nitf("ap-kosovo-a", "Alliance to reinforce Kosovo mission", &[
                "PRISTINA - The alliance said on Friday it would send some 4,000 soldiers to Kosovo after clashes.",
            ]),
        )
        .unwrap();
    let b = library
        .ingest_bytes(
            "b.xml",
            &nitf(
                "ap-kosovo-b",
                "Kosovo mission grows",
                &[
                    "BRUSSELS - The alliance now has 3,800 soldiers in Kosovo, a spokesman said.",
                    "More are on their way.",
                ],
            ),
        )
        .unwrap()
        .story_id
        .unwrap();
    // The desk edits b without touching its figure.
    let current = library.story(b).unwrap();
    let body = current
        .body
        .replace("More are on their way.", "More are on the way.");
    library
        .save_edit(b, Some(current.revision_id), &current.headline, &body, None)
        .unwrap();
    let findings = library.integrity(b).unwrap();
    assert!(
        findings.iter().any(|f| f.kind == "figure-differs"),
        "opened, the story points out the other story's figure: {findings:?}"
    );
    let row = library
        .stories(10, 0)
        .unwrap()
        .into_iter()
        .find(|s| s.id == b)
        .unwrap();
    assert!(row.edited);
    assert_eq!(
        row.integrity_findings, 0,
        "nothing the wire copy does not back"
    );
}
