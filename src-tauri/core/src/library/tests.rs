//! Tests of the facade that reach inside it.

use super::ingest::files_under;
use super::*;
use crate::ClaimStatus;

/// A library for a test: in memory, or with `WIREDESK_TEST_BACKEND=postgres`
/// a fresh team library on the test server (`WIREDESK_TEST_PG`).
fn test_library() -> Library {
    match std::env::var("WIREDESK_TEST_BACKEND").as_deref() {
        Ok("postgres") => {
            let server = crate::team_test::server()
                .expect("WIREDESK_TEST_BACKEND=postgres needs WIREDESK_TEST_PG");
            crate::team_test::fresh_library(&server)
        }
        _ => Library::open_in_memory().expect("library"),
    }
}

#[cfg(test)]
mod internals {
    use super::*;

    #[test]
    fn web_address_settings_are_plain_http_addresses() {
        for good in [
            "https://news.example/stories",
            "http://desk.example:8080/a/b/",
            "https://news.example/stories?from=wire",
        ] {
            assert!(plain_web_address("k", good).is_ok(), "{good}");
        }
        for (bad, why) in [
            ("https://news.example/\"onload=\"x", "the character \""),
            ("https://news.example/</script><script>x", "the character <"),
            ("https://news.example/a b", "a space"),
            ("https://news.example/\u{7}", "control character (U+0007)"),
            ("javascript:alert(1)", "not an http or https address"),
            ("data:text/html,x", "not an http or https address"),
            ("news.example/stories", "is not an address"),
            (
                "https://editor:secret@news.example/",
                "user name or password",
            ),
            ("https:///stories", "names no host"),
            ("https://news.example/'x'", "the character '"),
        ] {
            let err = plain_web_address("claimreview.base_url", bad)
                .expect_err(bad)
                .to_string();
            assert!(err.contains(why), "{bad}: {err}");
            assert!(err.contains("claimreview.base_url"), "{err}");
            assert!(
                !err.contains('\u{7}'),
                "the message prints no control characters"
            );
        }
    }

    #[test]
    fn the_default_library_is_in_the_platform_data_folder() {
        let path = default_library_path().expect("a home folder");
        assert!(
            path.ends_with("wiredesk/library.sqlite"),
            "{}",
            path.display()
        );
    }

    #[test]
    fn the_db_flag_wins_over_everything() {
        let flag = Path::new("/desk/night.sqlite");
        assert_eq!(resolve_library_path(Some(flag)).unwrap(), flag);
    }

    #[test]
    fn folders_are_read_recursively_in_name_order_without_hidden_entries() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.txt", "a/z.txt", "a/c.txt", ".hidden/x.txt", ".dot.txt"] {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, "x").unwrap();
        }
        let names: Vec<String> = files_under(dir.path())
            .map(|(files, _)| files)
            .unwrap()
            .iter()
            .map(|p| {
                p.strip_prefix(dir.path())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, ["a/c.txt", "a/z.txt", "b.txt"]);
    }

    #[test]
    fn dates_count_from_the_copys_own_date_else_the_day_received() {
        use time::macros::date;
        let received = date!(2027 - 01 - 02);
        let context = |copy_date: Option<&str>| {
            let c = date_context(copy_date, received);
            (c.reference_date, c.reference)
        };
        let copy = claims::ResolvedAgainst::CopyDate;
        assert_eq!(
            context(Some("2014-03-11")),
            (Some(date!(2014 - 03 - 11)), copy)
        );
        // The copy's own local day, not the UTC one.
        assert_eq!(
            context(Some("2025-12-05T05:24:00+05:30")),
            (Some(date!(2025 - 12 - 05)), copy)
        );
        // A month and day alone: the latest such day on or before receipt.
        assert_eq!(
            context(Some("--12-30")),
            (Some(date!(2026 - 12 - 30)), copy)
        );
        assert_eq!(
            context(Some("--01-02")),
            (Some(date!(2027 - 01 - 02)), copy)
        );
        let received_kind = claims::ResolvedAgainst::Received;
        assert_eq!(context(None), (Some(received), received_kind));
        assert_eq!(context(Some("not a date")), (Some(received), received_kind));
    }

    /// A story's date claims as (text, value, resolved_against).
    fn date_claims(library: &Library, story: i64) -> Vec<(String, String, String)> {
        library
            .claims(story)
            .unwrap()
            .into_iter()
            .filter(|c| c.kind == ClaimKind::Date && !c.detached)
            .map(|c| {
                (
                    c.text,
                    c.value.unwrap_or_default(),
                    c.resolved_against.unwrap_or_default(),
                )
            })
            .collect()
    }

    fn triple(text: &str, value: &str, against: &str) -> (String, String, String) {
        (text.into(), value.into(), against.into())
    }

    #[test]
    fn ingest_and_edits_resolve_dates_against_the_wire_copys_date() {
        let mut library = test_library();
        let copy = "Quake toll rises\n\n\
            LIMA, March 11, 2014 (Reuters) - The death toll rose to 120 on Thursday, officials \
            said, up from 73 reported on March 9.\n\n\
            \"We will rebuild every home,\" Mayor Ana Ruiz vowed.\n";
        let story = library
            .ingest_bytes("quake.txt", copy.as_bytes())
            .unwrap()
            .story_id
            .unwrap();
        assert_eq!(
            date_claims(&library, story),
            vec![
                triple("on Thursday", "2014-03-06", "copy-date"),
                triple("on March 9", "2014-03-09", "copy-date"),
            ]
        );
        let body = library.story(story).unwrap().body;
        let edited = format!("{body}\n\nAftershocks struck on Sunday.");
        library
            .save_edit(story, None, "Quake toll rises", &edited, None)
            .unwrap();
        assert_eq!(
            date_claims(&library, story)[2],
            triple("on Sunday", "2014-03-09", "copy-date")
        );
    }

    #[test]
    fn a_merged_wire_update_counts_its_dates_from_the_wire_copys_date() {
        let mut library = test_library();
        let lead = "The death toll rose to 120 on Thursday, officials said, as rescue \
                    teams searched collapsed homes in the southern highlands for survivors.";
        let first = format!(
            "Quake toll rises\n\nLIMA, March 11, 2014 (Reuters) - {lead}\n\n\
             Rescue teams arrived from Chile and Ecuador overnight.\n"
        );
        let story = library
            .ingest_bytes("quake.txt", first.as_bytes())
            .unwrap()
            .story_id
            .unwrap();
        let held = library.story(story).unwrap();
        let edited = format!(
            "{}\n\nDesk note: toll checked with the ministry.",
            held.body
        );
        library
            .save_edit(story, None, &held.headline, &edited, None)
            .unwrap();
        let update = format!(
            "UPDATE 1-Quake toll rises\n\nLIMA, March 13, 2014 (Reuters) - {lead}\n\n\
             Aftershocks struck on Wednesday.\n\n\
             Rescue teams arrived from Chile and Ecuador overnight.\n"
        );
        let report = library
            .ingest_bytes("quake-1.txt", update.as_bytes())
            .unwrap();
        assert_eq!(report.status, IngestStatus::Update);
        let outcome = library.merge(story, None).unwrap();
        assert_eq!(outcome.status, MergeStatus::Merged, "{outcome:?}");
        let claims = date_claims(&library, story);
        assert!(
            claims.contains(&triple("on Wednesday", "2014-03-12", "copy-date")),
            "{claims:?}"
        );
    }

    #[test]
    fn copy_without_a_date_resolves_against_the_day_received() {
        let mut library = test_library();
        let story = library
            .ingest_bytes(
                "harbour.txt",
                b"Harbour reopens\n\nThe harbour reopened on Monday after repairs, the port said.\n",
            )
            .unwrap()
            .story_id
            .unwrap();
        assert!(library.story(story).unwrap().copy_date.is_none());
        let today = time::OffsetDateTime::now_utc().date();
        let claims = date_claims(&library, story);
        assert_eq!(claims.len(), 1, "{claims:?}");
        assert_eq!(claims[0].0, "on Monday");
        assert_eq!(claims[0].2, "received");
        let monday = time::Date::parse(
            &claims[0].1,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .unwrap();
        assert_eq!(monday.weekday(), time::Weekday::Monday);
        assert!(monday <= today && (today - monday).whole_days() < 7);
    }
}

#[cfg(test)]
mod claim_properties {
    //! Through the whole library: an edit inside a verified claim always
    //! sends it back to unchecked; an edit elsewhere never touches it.
    use super::*;
    use proptest::prelude::*;

    const STORY: &[u8] = b"Harbour reopens\n\nHALVARD (Meridian Wire) - The harbour reopened \
        on Tuesday after a storm damaged 14 cranes, the port authority said. Repairs cost \
        35 million crowns and took nine weeks, officials said. Ferries resumed at dawn.\n";

    fn verified_claim(library: &mut Library) -> (i64, Claim, String) {
        let report = library.ingest_bytes("harbour.txt", STORY).expect("ingest");
        let story = report.story_id.expect("a story");
        let body = library.story(story).expect("story").body;
        let text = "35 million crowns";
        let at = body[..body.find(text).expect("in the body")]
            .chars()
            .count();
        let claim = library
            .add_claim(story, at, at + text.chars().count(), ClaimKind::Statement)
            .expect("claim");
        library
            .update_claim(claim.id, Some("verified"), None, None)
            .expect("verify");
        (story, claim, body)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn an_edit_inside_a_verified_claim_resets_it(pick in 0usize..100, with in "[a-z0-9]{1,3}") {
            let mut library = test_library();
            let (story, claim, body) = verified_claim(&mut library);
            let inside: Vec<usize> = body
                .char_indices()
                .map(|(at, _)| at)
                .filter(|at| {
                    let chars = body[..*at].chars().count() as i64;
                    chars >= claim.start && chars < claim.end
                })
                .collect();
            let at = inside[pick % inside.len()];
            let c = body[at..].chars().next().expect("a char");
            prop_assume!(!with.starts_with(c));
            let edited = format!("{}{}{}", &body[..at], with, &body[at + c.len_utf8()..]);
            library.save_edit(story, None, "Harbour reopens", &edited, None).expect("save");
            let after = library.claim(claim.id).expect("claim kept");
            prop_assert_eq!(after.status, ClaimStatus::Unchecked);
            let events = library.claim_history(claim.id).expect("history");
            prop_assert!(events.iter().any(|e| e.to_status == Some(ClaimStatus::Unchecked)
                && e.event == "status"
                && matches!(e.detail["reason"].as_str(), Some("text-changed" | "detached"))));
        }

        #[test]
        fn an_edit_elsewhere_leaves_a_verified_claim_alone(word in "[A-Z][a-z]{2,8}") {
            let mut library = test_library();
            let (story, claim, body) = verified_claim(&mut library);
            let edited = body.replace("Ferries resumed", &format!("{word} ferries resumed"));
            library.save_edit(story, None, "Harbour reopens", &edited, None).expect("save");
            let after = library.claim(claim.id).expect("claim kept");
            prop_assert_eq!(after.status, ClaimStatus::Verified);
            prop_assert_eq!(&after.text, &claim.text);
            let now = library.story(story).expect("story").body;
            let text: String = now.chars().skip(after.start as usize).take((after.end - after.start) as usize).collect();
            prop_assert_eq!(text, claim.text);
        }
    }
}

#[cfg(test)]
mod cleaning_tests {
    //! Listing and restoring what cleaning removed, on wire revisions whose
    //! record of removals is written here (the integration tests use what
    //! the cleaner itself records).
    use super::*;
    use crate::ingest::Removal;

    const COPY: &[u8] = b"Harbour reopens\n\nHALVARD (Meridian Wire) - The harbour reopened \
        on Tuesday after a storm damaged 14 cranes, the port authority said.\n\n\
        Repairs took nine weeks, officials said.\n\nFerries resumed at dawn.\n";

    fn removal(rule: &str, text: &str, position: usize, within: Option<usize>) -> Removal {
        Removal {
            rule: rule.into(),
            text: text.into(),
            position,
            within,
            detail: (rule == "recurring-furniture").then(|| "seen in 4 other stories".into()),
        }
    }

    /// Ingests `COPY` as if the cleaner had recorded `removals`.
    fn ingest_with(library: &mut Library, removals: &[Removal]) -> i64 {
        let mut prepared = Prepared::from_bytes("harbour.txt".into(), COPY.to_vec(), None);
        let Ok(items) = &mut prepared.parsed else {
            panic!("the test copy does not parse");
        };
        items[0].parsed.set_removals(removals);
        let reports = library
            .with_tx(|library| library.write_prepared(&prepared))
            .expect("write");
        reports[0].story_id.expect("a story")
    }

    fn removals() -> Vec<Removal> {
        vec![
            removal("navigation", "Home | World | Business", 0, None),
            removal(
                "photo-caption",
                "About 1,200 people were evacuated, police said. (Photo: Meridian)",
                1,
                None,
            ),
            removal("agency-tag", "(MW)", 1, Some(40)),
            removal("recurring-furniture", "Share this article", 3, None),
        ]
    }

    #[test]
    fn every_removal_is_listed_numbered_from_one() {
        let mut library = test_library();
        let story = ingest_with(&mut library, &removals());
        let listed = library.cleaning(story).expect("cleaning");
        let ids: Vec<i64> = listed.iter().map(|p| p.id).collect();
        assert_eq!(ids, [1, 2, 3, 4]);
        assert_eq!(listed[0].rule, "navigation");
        assert_eq!(listed[2].within, Some(40));
        assert_eq!(listed[3].detail.as_deref(), Some("seen in 4 other stories"));
        assert!(listed.iter().all(|p| !p.restored));
        let copy = library.cleaned_copy(story).expect("copy");
        assert!(listed
            .iter()
            .all(|p| p.wire_revision_id == copy.wire_revision_id));
        assert_eq!(copy.body, library.story(story).expect("story").body);
    }

    #[test]
    fn a_story_without_a_record_lists_nothing() {
        let mut library = test_library();
        let story = ingest_with(&mut library, &[]);
        assert!(library.cleaning(story).expect("cleaning").is_empty());
        assert!(matches!(
            library.cleaning(story + 1),
            Err(Error::StoryNotFound(_))
        ));
    }

    #[test]
    fn a_restored_passage_is_back_in_place_with_its_claims() {
        let mut library = test_library();
        let story = ingest_with(&mut library, &removals());
        let revision = library.restore_removed(story, 2).expect("restore");
        let detail = library.story(story).expect("story");
        assert_eq!(detail.revision_id, revision);
        let paragraphs: Vec<&str> = detail.body.split("\n\n").collect();
        assert_eq!(paragraphs.len(), 4);
        assert!(paragraphs[0].starts_with("HALVARD"));
        assert!(paragraphs[1].starts_with("About 1,200 people were evacuated"));
        assert!(paragraphs[2].starts_with("Repairs took"));
        let claims = library.claims(story).expect("claims");
        assert!(
            claims.iter().any(|c| c.text.contains("1,200 people")),
            "{claims:?}"
        );
        let listed = library.cleaning(story).expect("cleaning");
        let restored: Vec<bool> = listed.iter().map(|p| p.restored).collect();
        assert_eq!(restored, [false, true, false, false]);
        let history = library.history(story).expect("history");
        let last = history.last().expect("the restore");
        assert_eq!(last.kind, RevisionKind::Edit);
        assert_eq!(
            last.note.as_deref(),
            Some("Restored a passage removed by cleaning (rule: photo-caption)")
        );
    }

    #[test]
    fn a_passage_cut_from_a_paragraph_goes_back_inside_it() {
        let mut library = test_library();
        let story = ingest_with(&mut library, &removals());
        library.restore_removed(story, 3).expect("restore");
        let body = library.story(story).expect("story").body;
        assert!(
            body.contains("Repairs took nine weeks, officials said. (MW)\n\nFerries"),
            "{body}"
        );
    }

    #[test]
    fn restoring_twice_or_an_unknown_passage_is_refused_by_name() {
        let mut library = test_library();
        let story = ingest_with(&mut library, &removals());
        library.restore_removed(story, 1).expect("restore");
        let again = library.restore_removed(story, 1).expect_err("already back");
        assert!(matches!(again, Error::PassageAlreadyRestored { .. }));
        assert!(
            again.to_string().contains(&format!("story {story}")),
            "{again}"
        );
        let unknown = library
            .restore_removed(story, 9)
            .expect_err("no such passage");
        assert!(matches!(
            unknown,
            Error::RemovedPassageNotFound { id: 9, .. }
        ));
        let message = unknown.to_string();
        assert!(
            message.contains(&format!("story {story}")) && message.contains("passage 9"),
            "{message}"
        );
        let before = library.history(story).expect("history").len();
        assert!(library.restore_removed(story, 0).is_err());
        assert_eq!(library.history(story).expect("history").len(), before);
    }

    /// A page of stories new to the desktop is counted on several cores;
    /// each row's count is the story's own open findings, whichever core
    /// counted it, and the same when the page is read again.
    #[test]
    fn a_page_counted_at_once_gives_each_story_its_own_findings_count() {
        let mut library = test_library();
        // Made-up words, so that no two stories read as versions of one.
        let word = |n: usize, salt: usize| -> String {
            const SYLLABLES: [&str; 12] = [
                "ka", "lor", "mi", "ter", "vun", "pa", "shi", "dro", "bel", "nuk", "sa", "got",
            ];
            let mut x = (n as u64 * 1_000_003 + salt as u64 * 7_919) ^ 0x9E37_79B9_7F4A_7C15;
            (0..3)
                .map(|_| {
                    x = x
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    SYLLABLES[((x >> 33) % 12) as usize]
                })
                .collect()
        };
        for n in 0..48 {
            let (place, person, thing) = (word(n, 1), word(n, 2), word(n, 3));
            // Most of each opening the story's own words.
            let own: Vec<String> = (4..16).map(|salt| word(n, salt)).collect();
            let own = own.join(" ");
            let copy = if n % 3 == 0 {
                format!(
                    "{place} {own}\n\n\
                     {place} (Meridian Wire) - {own} {person} {thing}: the death toll rose \
                     to {high} on Thursday.\n\n\
                     At least {low} people were killed, the {thing} ministry said.\n",
                    high = 120 + n,
                    low = 73 + n
                )
            } else {
                format!(
                    "{place} {own}\n\n\
                     {place} (Meridian Wire) - {own} {person} reopened the {thing} on \
                     Thursday, its operator said.\n"
                )
            };
            let report = library
                .ingest_bytes(&format!("story-{n}.txt"), copy.as_bytes())
                .expect("ingest");
            assert!(report.status == IngestStatus::New, "{n}: {report:?}");
        }
        let page = library.stories(200, 0).expect("inbox");
        assert_eq!(page.len(), 48);
        let own = |id: i64| {
            library
                .wire_findings(id)
                .expect("findings")
                .iter()
                .filter(|f| f.acknowledged.is_none())
                .count() as i64
        };
        let flagged = page.iter().filter(|row| row.integrity_findings > 0).count();
        // One story in three states two tolls (the detector may pass over
        // one whose made-up words it cannot read as a measure).
        assert!((12..=16).contains(&flagged), "{flagged} stories flagged");
        for row in &page {
            assert_eq!(row.integrity_findings, own(row.id), "story {}", row.id);
        }
        let again = library.stories(200, 0).expect("inbox again");
        let counts = |rows: &[StorySummary]| -> Vec<(i64, i64)> {
            rows.iter().map(|r| (r.id, r.integrity_findings)).collect()
        };
        assert_eq!(counts(&again), counts(&page));
    }
}

mod live_desk {
    //! The event stream, presence and people, on the backend the run
    //! chooses: a library file followed from a second connection, or a team
    //! library followed through LISTEN/NOTIFY.
    use super::*;
    use crate::events::EventFollower;
    use crate::model::{DeskEvent, PersonRole};
    use std::time::{Duration, Instant};

    const STORY: &[u8] = b"Harbour reopens\n\nHALVARD (Meridian Wire) - The harbour reopened \
        on Tuesday after a storm damaged 14 cranes, the port authority said. Repairs cost \
        35 million crowns and took nine weeks, officials said. Ferries resumed at dawn.\n";

    /// A library another connection can follow (a file, not memory), and
    /// what keeps its folder.
    fn followed_library() -> (Library, Option<tempfile::TempDir>) {
        match std::env::var("WIREDESK_TEST_BACKEND").as_deref() {
            Ok("postgres") => (test_library(), None),
            _ => {
                let dir = tempfile::tempdir().expect("folder");
                let library = Library::open(&dir.path().join("desk.sqlite")).expect("library");
                (library, Some(dir))
            }
        }
    }

    /// Reads `follower` until `n` events have come (or ten seconds pass),
    /// calling again after an error as a front end does.
    fn collect(follower: &mut EventFollower, n: usize) -> Vec<DeskEvent> {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut events = Vec::new();
        while events.len() < n && Instant::now() < deadline {
            if let Ok(batch) = follower.next(Duration::from_millis(200)) {
                events.extend(batch);
            }
        }
        events
    }

    fn kinds(events: &[DeskEvent]) -> Vec<&str> {
        events.iter().map(|e| e.kind.as_str()).collect()
    }

    #[test]
    fn every_change_reaches_a_follower_once_with_its_ids() {
        let (mut library, _dir) = followed_library();
        library.set_actor("Anna Berg");
        let earlier =
            library.ingest_bytes("before.txt", b"Before\n\nWritten before anyone followed.\n");
        assert!(earlier.is_ok());
        let mut follower = library.follow_events().expect("follower");
        assert!(
            follower
                .next(Duration::from_millis(300))
                .expect("read")
                .is_empty(),
            "what happened before the follower started is not news to it"
        );

        let story = library.ingest_bytes("harbour.txt", STORY).expect("ingest");
        let story_id = story.story_id.expect("story");
        let body = library.story(story_id).expect("story").body;
        let revision = library
            .save_edit(
                story_id,
                None,
                "Harbour reopens",
                &body.replace("dawn", "noon"),
                None,
            )
            .expect("save");
        let text = "a storm damaged";
        let at = body[..body.find(text).expect("in body")].chars().count();
        let claim = library
            .add_claim(
                story_id,
                at,
                at + text.chars().count(),
                ClaimKind::Statement,
            )
            .expect("claim");
        library
            .update_claim(
                claim.id,
                Some("checking"),
                Some("port records"),
                Some("Lee Park"),
            )
            .expect("update");
        library
            .announce_presence("desk-1", Some(story_id), false)
            .expect("open");
        library
            .announce_presence("desk-1", Some(story_id), false)
            .expect("heartbeat");
        library
            .announce_presence("desk-1", Some(story_id), true)
            .expect("typing");

        let events = collect(&mut follower, 8);
        assert_eq!(
            kinds(&events),
            [
                "ingested",
                "saved",
                "claim-added",
                "claim-status",
                "claim-assigned",
                "claim-note",
                "presence",
                "presence"
            ],
            "{events:#?}"
        );
        assert!(events
            .iter()
            .all(|e| e.actor == "Anna Berg" && e.story_id == Some(story_id)));
        assert_eq!(
            events[1].revision_id,
            Some(revision),
            "a save names its revision"
        );
        assert_eq!(
            events[0].revision_id,
            Some(library.story(story_id).unwrap().versions[0].revision_id)
        );
        assert!(events[2..6]
            .iter()
            .all(|e| e.claim_id == Some(claim.id.get())));
        assert!(events.windows(2).all(|w| w[0].id < w[1].id));
        // A heartbeat that changes nothing is not an event.
        assert!(follower
            .next(Duration::from_millis(300))
            .expect("read")
            .is_empty());
        assert_eq!(
            kinds(&library.recent_events(2).expect("recent")),
            ["presence", "presence"]
        );
    }

    #[test]
    fn presence_says_who_has_which_story_open_until_they_leave() {
        let (mut library, _dir) = followed_library();
        library.set_actor("Anna Berg");
        let story_id = library
            .ingest_bytes("harbour.txt", STORY)
            .unwrap()
            .story_id
            .unwrap();
        library
            .announce_presence("desk-a", Some(story_id), true)
            .expect("announce");
        library.set_actor("Lee Park");
        library
            .announce_presence("desk-b", None, false)
            .expect("announce");
        let here = library.presence().expect("presence");
        assert_eq!(here.len(), 2, "{here:?}");
        assert_eq!(
            (here[0].person.as_str(), here[0].story_id, here[0].typing),
            ("Anna Berg", Some(story_id), true)
        );
        assert_eq!(
            (here[1].person.as_str(), here[1].story_id),
            ("Lee Park", None)
        );
        let mut follower = library.follow_events().expect("follower");
        library.leave_presence("desk-a").expect("leave");
        let events = collect(&mut follower, 1);
        assert_eq!(kinds(&events), ["presence"]);
        assert_eq!(
            (events[0].actor.as_str(), events[0].story_id),
            ("Anna Berg", Some(story_id))
        );
        assert_eq!(library.presence().unwrap().len(), 1);
        assert!(
            library.announce_presence("  ", None, false).is_err(),
            "a desktop needs an id"
        );
    }

    #[test]
    fn a_desktop_silent_past_the_expiry_is_not_present() {
        let (mut library, _dir) = followed_library();
        let old = crate::time_stamp::format(
            time::OffsetDateTime::now_utc()
                - crate::events::PRESENCE_EXPIRY
                - Duration::from_secs(1),
        );
        let long_ago =
            crate::time_stamp::format(time::OffsetDateTime::now_utc() - Duration::from_secs(7200));
        library
            .store
            .announce(
                &crate::model::Presence {
                    desktop: "quiet".into(),
                    person: "Anna Berg".into(),
                    story_id: None,
                    typing: false,
                    beat_at: old,
                },
                &long_ago,
            )
            .expect("announce");
        assert!(library.presence().expect("presence").is_empty());
    }

    #[test]
    fn the_desks_people_come_from_who_acts_and_are_edited_by_hand() {
        let (mut library, _dir) = followed_library();
        library.set_actor("Anna Berg");
        let story_id = library
            .ingest_bytes("harbour.txt", STORY)
            .unwrap()
            .story_id
            .unwrap();
        let claims = library.claims(story_id).expect("claims");
        let claim = claims
            .iter()
            .find(|c| c.text.contains("14 cranes"))
            .unwrap_or_else(|| panic!("the cranes are a suggested claim: {claims:?}"));
        library
            .update_claim(claim.id, None, None, Some("Lee Park"))
            .expect("assign");
        let people = library.people().expect("people");
        let names: Vec<(&str, &str, PersonRole)> = people
            .iter()
            .map(|p| (p.name.as_str(), p.initials.as_str(), p.role))
            .collect();
        assert_eq!(
            names,
            [
                ("Anna Berg", "AB", PersonRole::Editor),
                ("Lee Park", "LP", PersonRole::Editor)
            ]
        );

        // Filters: nobody is a checker yet.
        let waiting = StoryFilter {
            waiting_on_checkers: true,
            ..StoryFilter::default()
        };
        assert!(library
            .stories_where(10, 0, &waiting)
            .expect("list")
            .is_empty());
        let lee = library
            .set_person("Lee Park", "lp", PersonRole::Checker)
            .expect("set");
        assert_eq!(
            (lee.initials.as_str(), lee.role),
            ("lp", PersonRole::Checker)
        );
        assert_eq!(lee.first_seen, people[1].first_seen, "first seen is kept");
        let listed = library.stories_where(10, 0, &waiting).expect("list");
        assert_eq!(listed.iter().map(|s| s.id).collect::<Vec<_>>(), [story_id]);

        let mine = StoryFilter {
            assigned_to: Some("Lee Park".into()),
            ..StoryFilter::default()
        };
        assert_eq!(library.stories_where(10, 0, &mine).unwrap().len(), 1);
        assert_eq!(
            library.assigned_to_me().unwrap(),
            0,
            "Anna has nothing assigned"
        );
        library.set_actor("Lee Park");
        assert_eq!(library.assigned_to_me().unwrap(), 1);
        library
            .update_claim(claim.id, Some("verified"), None, None)
            .expect("verify");
        assert_eq!(
            library.assigned_to_me().unwrap(),
            0,
            "a verified claim is no longer waiting"
        );
        assert!(library.stories_where(10, 0, &mine).unwrap().is_empty());

        assert!(library.set_person(" ", "", PersonRole::Editor).is_err());
        assert!(library
            .set_person("Mara Lind", "ABCDE", PersonRole::Editor)
            .is_err());
        let mara = library
            .set_person("Mara Lind", "", PersonRole::Checker)
            .expect("new person");
        assert_eq!(mara.initials, "ML");
        assert_eq!(library.people().unwrap().len(), 3);
    }
}

mod draft_merge {
    //! Two editors on one story: the second one's draft merged with what
    //! the first saved, nothing of either lost.
    use super::*;
    use crate::domain::MergeStatus;
    use crate::merge::Resolution;

    const STORY: &[u8] =
        b"Harbour reopens\n\nHALVARD (Meridian Wire) - The harbour reopened on Tuesday.\n\n\
        A storm damaged 14 cranes, the port authority said.\n\nFerries resumed at dawn.\n";

    /// `copy` ingested, and saved once with `from` replaced by `to` (another
    /// desktop's save): the story, the revision a draft began on, theirs.
    fn saved_by_another(
        library: &mut Library,
        copy: &[u8],
        from: &str,
        to: &str,
    ) -> (i64, StoryDetail, i64) {
        let story = library
            .ingest_bytes("harbour.txt", copy)
            .unwrap()
            .story_id
            .unwrap();
        let base = library.story(story).unwrap();
        let theirs = library
            .save_edit(
                story,
                Some(base.revision_id),
                &base.headline,
                &base.body.replace(from, to),
                None,
            )
            .expect("the other desktop saves");
        (story, base, theirs)
    }

    #[test]
    fn a_draft_begun_before_anothers_save_merges_onto_it() {
        let mut library = test_library();
        library.set_actor("Anna Berg");
        let (story, base, theirs) = saved_by_another(&mut library, STORY, "dawn", "noon");
        // Ben's draft, begun on the same revision, changes another paragraph.
        library.set_actor("Ben Okafor");
        let draft = base.body.replace("14 cranes", "fourteen cranes");
        assert!(matches!(
            library.save_edit(story, Some(base.revision_id), &base.headline, &draft, None),
            Err(Error::EditConflict { .. })
        ));
        let merged = library
            .merge_draft(story, base.revision_id, theirs, &base.headline, &draft, &[])
            .expect("merge");
        assert_eq!(merged.status, MergeStatus::Merged);
        let body = library.story(story).unwrap().body;
        assert!(
            body.contains("fourteen cranes") && body.contains("at noon"),
            "{body}"
        );
        assert_eq!(
            library.story(story).unwrap().revision_id,
            merged.revision_id.unwrap()
        );
    }

    #[test]
    fn conflicting_drafts_come_back_to_be_answered_and_nothing_is_saved_until_they_are() {
        let mut library = test_library();
        let (story, base, theirs) = saved_by_another(&mut library, STORY, "at dawn", "at noon");
        let draft = base.body.replace("at dawn", "before sunrise");
        let open = library
            .merge_draft(story, base.revision_id, theirs, &base.headline, &draft, &[])
            .unwrap();
        assert_eq!(open.status, MergeStatus::Conflicts);
        assert_eq!(open.conflicts.len(), 1);
        assert!(
            open.conflicts[0].ours.contains("before sunrise"),
            "{:?}",
            open.conflicts
        );
        assert!(open.conflicts[0].theirs.contains("noon"));
        assert_eq!(
            library.story(story).unwrap().revision_id,
            theirs,
            "nothing saved"
        );
        let id = open.conflicts[0].id;
        let done = library
            .merge_draft(
                story,
                base.revision_id,
                theirs,
                &base.headline,
                &draft,
                &[(id, Resolution::Ours)],
            )
            .unwrap();
        assert_eq!(done.status, MergeStatus::Merged);
        assert!(library
            .story(story)
            .unwrap()
            .body
            .contains("before sunrise"));
        // Merging onto a head that moved again is a conflict, as a save is.
        assert!(matches!(
            library.merge_draft(story, base.revision_id, theirs, &base.headline, &draft, &[]),
            Err(Error::EditConflict { .. })
        ));
    }

    #[test]
    fn a_draft_is_cleaned_as_a_save_is_before_it_is_merged() {
        let mut library = test_library();
        let copy =
            b"Harbour reopens\n\nThe harbour reopened on Tuesday.\n\nFerries resumed at dawn.\n";
        let (story, base, theirs) = saved_by_another(&mut library, copy, "dawn", "noon");
        // The same text but for stray spaces, blank paragraphs and a control
        // character: no change of the editor's own, so nothing conflicts.
        let draft = format!(
            "  {}\u{7}\n\n\n\n{}  ",
            "The harbour reopened on Tuesday.", "Ferries resumed at dawn."
        );
        let merged = library
            .merge_draft(
                story,
                base.revision_id,
                theirs,
                " Harbour reopens ",
                &draft,
                &[],
            )
            .expect("merge");
        assert_eq!(merged.status, MergeStatus::Merged, "{merged:?}");
        assert!(library.story(story).unwrap().body.contains("at noon"));
        // A draft begun on the head itself is a plain save.
        let head = library.story(story).unwrap().revision_id;
        let saved = library
            .merge_draft(
                story,
                head,
                head,
                "Harbour reopens",
                "Ferries resumed at noon.",
                &[],
            )
            .unwrap();
        assert_eq!(saved.status, MergeStatus::Merged);
        assert_eq!(
            library.story(story).unwrap().body,
            "Ferries resumed at noon."
        );
        assert!(library
            .merge_draft(story, head, saved.revision_id.unwrap(), " ", "x", &[])
            .is_err());
    }
}

#[cfg(test)]
mod house_style {
    use super::*;
    use crate::style::{Dialect, RuleKind, Severity, StyleRule};

    fn story(library: &mut Library, name: &str, body: &str) -> i64 {
        let copy = format!("Storm hits coast\n\nLIMA, March 11, 2014 (Reuters) - {body}\n");
        library
            .ingest_bytes(name, copy.as_bytes())
            .unwrap()
            .story_id
            .unwrap()
    }

    fn words_rule(id: &str, pattern: &str, replacement: &str) -> StyleRule {
        StyleRule {
            id: id.into(),
            description: String::new(),
            kind: RuleKind::Words,
            pattern: Some(pattern.into()),
            option: None,
            replacement: Some(replacement.into()),
            advice: format!("Write {replacement}."),
            severity: Severity::Warning,
            examples: vec![],
            counterexamples: vec![],
            enabled: true,
        }
    }

    fn rules_of(library: &mut Library, story: i64) -> Vec<String> {
        let check = library.style_check(story, None).unwrap();
        assert_eq!(
            check.spelling_problem, None,
            "the test machine has the dictionaries"
        );
        check.matches.into_iter().map(|m| m.rule).collect()
    }

    #[test]
    fn a_new_library_checks_with_the_agency_guide_and_fixes_as_a_revision() {
        let mut library = test_library();
        let id = story(
            &mut library,
            "a.txt",
            "Police said 7 people were hurt in the atack on Sept. 5.",
        );
        assert_eq!(library.style_guide().unwrap().name, "agency");
        assert_eq!(rules_of(&mut library, id), vec!["numbers", "spelling"]);
        let claims_before = library.claims(id).unwrap().len();
        let head = library.story(id).unwrap().revision_id;
        let fixed = library.style_fix(id, None).unwrap();
        assert_eq!((fixed.applied, fixed.left), (2, 0));
        let detail = library.story(id).unwrap();
        assert_ne!(detail.revision_id, head);
        assert!(
            detail
                .body
                .contains("Police said seven people were hurt in the attack"),
            "{}",
            detail.body
        );
        // The claims move with the text, as after any edit.
        let claims = library.claims(id).unwrap();
        assert_eq!(claims.len(), claims_before);
        assert!(
            claims.iter().any(|c| c.text.contains("seven people")),
            "{claims:?}"
        );
        assert_eq!(rules_of(&mut library, id), Vec::<String>::new());
        assert!(library.style_fix(id, None).unwrap().revision_id.is_none());
    }

    #[test]
    fn the_british_guide_and_the_desks_own_rules() {
        let mut library = test_library();
        let id = story(
            &mut library,
            "b.txt",
            "Turnout rose 7 percent towards the end, organizers said.",
        );
        library.use_style_guide("british").unwrap();
        let guide = library.style_guide().unwrap();
        assert_eq!(
            (guide.name.as_str(), guide.dialect),
            ("british", Dialect::EnGb)
        );
        assert_eq!(rules_of(&mut library, id), vec!["percent", "dialect"]);
        library
            .save_style_rule(words_rule("toward", "towards", "toward"))
            .unwrap();
        assert_eq!(
            rules_of(&mut library, id),
            vec!["percent", "toward", "dialect"]
        );
        library.set_style_dialect(Dialect::EnUs).unwrap();
        assert_eq!(rules_of(&mut library, id), vec!["percent", "toward"]);
        library.remove_style_rule("toward").unwrap();
        assert!(library.remove_style_rule("toward").is_err());
    }

    #[test]
    fn a_rule_failing_its_examples_saves_nothing() {
        let mut library = test_library();
        library.use_style_guide("agency").unwrap();
        let before = library.style_guide().unwrap();
        let mut rule = words_rule("amid", "amidst", "amid");
        rule.examples = vec!["amid the crowd".into()];
        let err = library.save_style_rule(rule).unwrap_err().to_string();
        assert!(
            err.contains("“amid”") && err.contains("does not match its example"),
            "{err}"
        );
        let mut bad = words_rule("re", "x", "y");
        bad.kind = RuleKind::Regex;
        bad.pattern = Some("(".into());
        assert!(library.save_style_rule(bad).is_err());
        assert_eq!(library.style_guide().unwrap(), before);
    }

    #[test]
    fn ignored_matches_and_desk_words_stop_showing() {
        let mut library = test_library();
        let id = story(
            &mut library,
            "c.txt",
            "The zorblat council met 3 envoys towards noon.",
        );
        assert_eq!(
            rules_of(&mut library, id),
            vec!["spelling", "numbers", "toward"]
        );
        assert!(library.add_desk_word("zorblat").unwrap());
        assert!(!library.add_desk_word("zorblat").unwrap());
        assert!(library.add_desk_word("two words").is_err());
        library.ignore_style_match(id, "numbers", "3").unwrap();
        assert_eq!(rules_of(&mut library, id), vec!["toward"]);
        assert!(library
            .ignore_style_match(id + 1000, "numbers", "3")
            .is_err());
        assert!(library.remove_desk_word("zorblat").unwrap());
        assert_eq!(rules_of(&mut library, id), vec!["spelling", "toward"]);
    }

    #[test]
    fn a_blocking_rule_holds_the_export_and_the_starter_guides_hold_nothing() {
        let mut library = test_library();
        let id = story(
            &mut library,
            "d.txt",
            "The ministry said it would act towards peace.",
        );
        let format = crate::export::ExportFormat::parse("txt").unwrap();
        let plain = library.export_blockers(id, format, None).unwrap();
        assert!(plain.iter().all(|r| !r.contains("style rule")), "{plain:?}");
        let mut rule = words_rule("toward", "towards", "toward");
        rule.severity = Severity::Blocking;
        library.save_style_rule(rule).unwrap();
        let held = library.export_blockers(id, format, None).unwrap();
        assert!(
            held.iter()
                .any(|r| r.contains("blocking style rule toward") && r.contains("\"towards\"")),
            "{held:?}"
        );
    }

    #[test]
    fn a_rule_is_tried_on_the_library_and_names_are_learned() {
        let mut library = test_library();
        for (i, body) in [
            "The envoy of Blorvania walked towards the border.",
            "Officials in Blorvania said talks moved towards a deal.",
            "The army of Blorvania said nothing.",
            "Rain fell on the capital.",
        ]
        .iter()
        .enumerate()
        {
            story(&mut library, &format!("t{i}.txt"), body);
        }
        let trial = library
            .try_style_rule(&words_rule("toward", "towards", "toward"), 10)
            .unwrap();
        assert_eq!((trial.matches, trial.stories), (2, 2));
        assert_eq!(trial.through, "search index");
        assert!(trial.searched <= 2, "{trial:?}");
        assert!(trial.examples[0].excerpt.contains("towards"));
        let mut regex = words_rule("year-old", "", "");
        regex.kind = RuleKind::Regex;
        regex.pattern = Some(r"\bwalked (towards|toward)\b".into());
        regex.replacement = None;
        let trial = library.try_style_rule(&regex, 10).unwrap();
        assert_eq!((trial.matches, trial.through.as_str()), (1, "search index"));
        let numbers = StyleRule {
            kind: RuleKind::Numbers,
            pattern: None,
            ..words_rule("numbers", "", "")
        };
        assert_eq!(
            library.try_style_rule(&numbers, 10).unwrap().through,
            "every story"
        );

        let learned = library.learn_names(3, 100).unwrap();
        assert_eq!(learned.words, vec!["Blorvania"]);
        assert_eq!(learned.added, 1);
        assert_eq!(library.learn_names(3, 100).unwrap().added, 0);
        let words = library.desk_words().unwrap();
        assert_eq!(
            (words[0].word.as_str(), words[0].source.as_str()),
            ("Blorvania", "learned")
        );
    }

    #[test]
    fn guides_go_out_and_come_back_as_toml_and_json() {
        let mut library = test_library();
        library.use_style_guide("british").unwrap();
        let dir = tempfile::tempdir().unwrap();
        for name in ["guide.toml", "guide.json"] {
            let path = dir.path().join(name);
            let out = library.export_style_guide(&path).unwrap();
            library.use_style_guide("agency").unwrap();
            let back = library.import_style_guide(&path).unwrap();
            assert_eq!(back, out, "{name}");
            assert_eq!(library.style_guide().unwrap(), out, "{name}");
        }
        let broken = dir.path().join("broken.toml");
        std::fs::write(
            &broken,
            "name = \"x\"\n[[rule]]\nid = \"a\"\nkind = \"sorcery\"\n",
        )
        .unwrap();
        let err = library.import_style_guide(&broken).unwrap_err().to_string();
        assert!(
            err.contains("broken.toml") && err.contains("sorcery"),
            "{err}"
        );
        let failing = dir.path().join("failing.json");
        std::fs::write(
            &failing,
            r#"{"name":"x","rule":[{"id":"a","kind":"words","pattern":"towards","examples":["toward"]}]}"#,
        )
        .unwrap();
        let err = library
            .import_style_guide(&failing)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("failing.json") && err.contains("rule “a”"),
            "{err}"
        );
        assert_eq!(library.style_guide().unwrap().name, "british");
    }
}
