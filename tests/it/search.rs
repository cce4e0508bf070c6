//! Search that cannot hang, and words inside Chinese, Japanese and Korean
//! text: the pathological queries through the CLI and the core, the app's
//! searcher, and the CJK index through ingest, edits, upgrade and repair.
//! Every story here is made up.

use std::time::Duration;

use wiredesk_core::{search::Searcher, Error, IngestStatus, Library, StoryFilter};

use crate::support::TempLibrary;

/// A made-up story of its own for each `n`: "Report n" in its headline
/// and body, "the" and "a" in it, and words made of syllables drawn in an
/// order no other `n` shares.
fn made_up_story(n: usize) -> String {
    const SYLLABLES: &[&str] = &[
        "ka", "lo", "mi", "ra", "te", "su", "no", "vi", "da", "pe", "an", "ar", "ba", "ro",
    ];
    let mut state = (n as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let mut next = |m: usize| {
        state ^= state >> 29;
        state = state.wrapping_mul(0xbf58_476d_1ce4_e5b9);
        state ^= state >> 32;
        (state % m as u64) as usize
    };
    let mut word = || {
        let syllables = 2 + next(3);
        (0..syllables)
            .map(|_| SYLLABLES[next(SYLLABLES.len())])
            .collect::<String>()
    };
    let headline: Vec<String> = (0..5).map(|_| word()).collect();
    let body: Vec<String> = (0..60)
        .map(|i| match i % 7 {
            2 => "the".to_owned(),
            5 => "a".to_owned(),
            _ => word(),
        })
        .collect();
    format!(
        "Report {n}: {}\n\nIn report {n}, {}, a spokesman for the council said on Monday.\n",
        headline.join(" "),
        body.join(" ")
    )
}

/// A library of `count` made-up stories.
fn library_of(lib: &TempLibrary, count: usize) {
    let mut library = lib.open();
    let copies = (0..count)
        .map(|n| (format!("copy-{n}.txt"), made_up_story(n).into_bytes()))
        .collect();
    let reports = library.ingest_copies(copies, |_| {});
    let new = reports
        .iter()
        .filter(|r| r.status == IngestStatus::New)
        .count();
    assert_eq!(new, count, "every made-up story is a story of its own");
}

fn repeated(word: &str, times: usize) -> String {
    vec![word; times].join(" ")
}

const SHORT_PREFIX: &str =
    "a word ending in * needs at least 2 letters before the *: “a*” has fewer";

/// The pathological queries of the red-team pass, and the one-line message
/// each gets instead of minutes of work.
fn pathological() -> Vec<(String, String)> {
    vec![
        (repeated("a*", 50), SHORT_PREFIX.to_owned()),
        (repeated("a*", 200), SHORT_PREFIX.to_owned()),
        (
            repeated("a*", 5000),
            "a search may be at most 1000 characters long; this one has 14999".to_owned(),
        ),
        (
            repeated("the", 1000),
            "a search may be at most 1000 characters long; this one has 3999".to_owned(),
        ),
    ]
}

#[test]
fn pathological_queries_get_a_clear_message_from_the_cli_and_the_next_search_answers() {
    let lib = TempLibrary::new();
    library_of(&lib, 300);
    for (query, message) in pathological() {
        let run = lib.cli(&["search", "--json", "--", &query]);
        assert_ne!(run.code, 0, "{}", &query[..20]);
        assert_eq!(run.stderr.trim_end().lines().count(), 1, "{}", run.stderr);
        assert!(run.stderr.contains(&message), "{}", run.stderr);
        assert!(run.stdout.is_empty(), "{}", run.stdout);
        let next = lib.cli(&["search", "--json", "report", "42"]).json();
        assert_eq!(next.as_array().unwrap().len(), 1, "{next}");
        assert_eq!(
            next[0]["headline"].as_str().unwrap().split(':').next(),
            Some("Report 42")
        );
    }
    // Repeated words are one word: 250 × "the" fits the limits and answers.
    let the = lib
        .cli(&["search", "--json", "--", &repeated("the", 250)])
        .json();
    assert_eq!(
        the.as_array().unwrap().len(),
        50,
        "the search's page of hits"
    );
}

#[test]
fn pathological_queries_get_a_clear_message_from_the_core_and_the_app_searcher() {
    let lib = TempLibrary::new();
    library_of(&lib, 300);
    let library = lib.open();
    let searcher = Searcher::open(&lib.db()).unwrap();
    let filter = StoryFilter::default();
    for (query, message) in pathological() {
        assert_eq!(
            library.search(&query, 100).unwrap_err().to_string(),
            message
        );
        assert_eq!(
            searcher
                .search(&query, 100, &filter)
                .unwrap_err()
                .to_string(),
            message
        );
        assert_eq!(searcher.search("report 42", 100, &filter).unwrap().len(), 1);
    }
}

#[test]
fn the_limits_are_named_and_what_they_allow_still_answers() {
    let lib = TempLibrary::new();
    library_of(&lib, 300);
    let library = lib.open();
    let words: Vec<String> = (0..33).map(|n| format!("word{n}")).collect();
    assert_eq!(
        library
            .search(&words.join(" "), 10)
            .unwrap_err()
            .to_string(),
        "a search may have at most 32 words; this one has 33"
    );
    // 32 words, 8 of them prefixes: no story has them all.
    let mut allowed: Vec<String> = words[..24].to_vec();
    allowed.extend(["ka*", "lo*", "mi*", "ra*", "te*", "su*", "no*", "vi*"].map(String::from));
    assert!(library.search(&allowed.join(" "), 10).unwrap().is_empty());
    let prefixes = "ka* lo* mi* ra* te* su* no* vi* da*";
    let err = library.search(prefixes, 10).unwrap_err();
    assert!(
        matches!(err, Error::SearchTooManyPrefixes { limit: 8, found: 9 }),
        "{err}"
    );
    // Eight prefixes, two of them in every story.
    let eight = "ka* lo* mi* ra* te* su* re* sp*";
    let hits = library.search(eight, 500).unwrap();
    assert!(!hits.is_empty() && hits.len() < 300, "{}", hits.len());
    assert_eq!(library.search("rep* spok*", 500).unwrap().len(), 300);
}

#[test]
fn a_search_past_its_time_limit_is_stopped_with_a_message() {
    let lib = TempLibrary::new();
    library_of(&lib, 300);
    let library = lib.open();
    let filter = StoryFilter::default();
    let err = library
        .search_within("report", 500, &filter, Duration::from_nanos(1))
        .unwrap_err();
    assert!(matches!(err, Error::SearchTimedOut { .. }), "{err}");
    // Prefix terms, expanded inside FTS5, are stopped too.
    let prefixes = library
        .search_within("rep* spok* cou*", 500, &filter, Duration::from_nanos(1))
        .unwrap_err();
    assert!(
        matches!(prefixes, Error::SearchTimedOut { .. }),
        "{prefixes}"
    );
    assert!(
        err.to_string().starts_with("the search took longer than"),
        "{err}"
    );
    assert!(err
        .to_string()
        .ends_with("and was stopped; narrow it with fewer or longer words"));
    // The next search has its own time.
    assert_eq!(library.search("report", 500).unwrap().len(), 300);
    let searcher = Searcher::open(&lib.db()).unwrap();
    let err = searcher
        .search_within("report", 500, &filter, Duration::from_nanos(1))
        .unwrap_err();
    assert!(matches!(err, Error::SearchTimedOut { .. }), "{err}");
    assert_eq!(searcher.search("report", 500, &filter).unwrap().len(), 300);
}

#[test]
fn searches_from_many_threads_answer_or_give_way_to_a_newer_one() {
    let lib = TempLibrary::new();
    library_of(&lib, 300);
    let searcher = Searcher::open(&lib.db()).unwrap();
    let filter = StoryFilter::default();
    std::thread::scope(|scope| {
        for t in 0..6 {
            let (searcher, filter) = (&searcher, &filter);
            scope.spawn(move || {
                for n in 0..30 {
                    match searcher.search(&format!("report {}", t * 30 + n), 10, filter) {
                        Ok(hits) => assert_eq!(hits.len(), 1),
                        Err(Error::SearchSuperseded) => {}
                        Err(other) => panic!("{other}"),
                    }
                }
            });
        }
    });
    // The last search, with no newer one, answers.
    assert_eq!(searcher.search("report 7", 10, &filter).unwrap().len(), 1);
}

/// Made-up stories in Chinese and Japanese, with Latin words among them.
const CJK_STORIES: &[(&str, &str)] = &[
    (
        "cjk-1.txt",
        "港口新闻：渡轮恢复\n\nHARBOURTON, March 3 (Meridian Wire) - 市长在周一说：你好世界，\
         渡轮服务已经恢复。The ferry council met on Monday.\n",
    ),
    (
        "cjk-2.txt",
        "東京の港で新しいフェリー\n\nPORT ELLING, March 4 (Meridian Wire) - \
         新しいフェリーが東京港に到着した。市長は世界の港を訪れた。\n",
    ),
];

fn cjk_library(lib: &TempLibrary) -> Library {
    library_of(lib, 20);
    let mut library = lib.open();
    for (name, text) in CJK_STORIES {
        let report = library.ingest_bytes(name, text.as_bytes()).unwrap();
        assert_eq!(report.status, IngestStatus::New, "{name}");
    }
    library
}

fn found(library: &Library, query: &str) -> Vec<String> {
    library
        .search(query, 10)
        .unwrap_or_else(|e| panic!("{query}: {e}"))
        .into_iter()
        .map(|hit| hit.headline)
        .collect()
}

const CHINESE: &str = "港口新闻：渡轮恢复";
const JAPANESE: &str = "東京の港で新しいフェリー";

#[test]
fn words_inside_cjk_text_are_found() {
    let lib = TempLibrary::new();
    let library = cjk_library(&lib);
    // A two-character word inside a run, the whole run, its end.
    assert_eq!(found(&library, "你好"), [CHINESE]);
    assert_eq!(found(&library, "你好世界"), [CHINESE]);
    let mut both = found(&library, "世界");
    both.sort();
    let mut expected = vec![CHINESE, JAPANESE];
    expected.sort();
    assert_eq!(both, expected);
    // A single character: a bigram starting with it, or the end of a run.
    assert_eq!(found(&library, "界").len(), 2);
    assert_eq!(found(&library, "恢").len(), 1);
    // Mixed with Latin words: both must be there.
    assert_eq!(found(&library, "你好 ferry"), [CHINESE]);
    assert_eq!(found(&library, "ferry 你好 council"), [CHINESE]);
    assert!(found(&library, "你好 tunnel").is_empty());
    // Japanese, and the headline.
    assert_eq!(found(&library, "フェリー"), [JAPANESE]);
    assert_eq!(found(&library, "東京"), [JAPANESE]);
    assert_eq!(found(&library, "渡轮"), [CHINESE]);
    // Not there, though every character is.
    assert!(found(&library, "世好").is_empty());
    // The snippet marks the word.
    let hit = library.search("你好", 10).unwrap().remove(0);
    assert!(hit.snippet.contains("[你好]"), "{}", hit.snippet);
    // The Latin search is as before.
    assert_eq!(found(&library, "ferry"), [CHINESE]);
}

#[test]
fn an_edit_moves_the_cjk_index_with_the_story() {
    let lib = TempLibrary::new();
    let mut library = cjk_library(&lib);
    let id = library.search("你好", 10).unwrap()[0].id;
    library
        .save_edit(
            id,
            None,
            "Ferry back",
            "The ferry runs again, the mayor said.",
            None,
        )
        .unwrap();
    assert!(found(&library, "你好").is_empty());
    assert_eq!(found(&library, "ferry mayor"), ["Ferry back"]);
    assert_eq!(found(&library, "ferry"), ["Ferry back"]);
    library
        .save_edit(id, None, "Ferry back", "市长说：再见。", None)
        .unwrap();
    assert_eq!(found(&library, "再见"), ["Ferry back"]);
    assert!(found(&library, "你好").is_empty());
    drop(library);
    let health = lib.cli(&["--json", "doctor"]).json();
    assert_eq!(health["ok"], true, "{health}");
}

#[test]
fn an_older_library_gets_its_cjk_index_on_upgrade_and_doctor_checks_and_rebuilds_it() {
    let lib = TempLibrary::new();
    drop(cjk_library(&lib));
    // The library as the build before migration 0015 left it.
    lib.sql()
        .execute_batch(
            "DROP TABLE story_search_cjk;
             DROP INDEX stories_by_head;
             DROP TRIGGER desk_events_from_audit;
             DROP TRIGGER desk_events_from_claims;
             DROP TABLE desk_events;
             DROP TABLE presence;
             DROP TABLE people;
             DROP INDEX claims_by_assignee;
             DROP TABLE style_rules;
             DROP TABLE desk_words;
             DROP TABLE style_ignores;
             DELETE FROM schema_migrations WHERE version >= 15;
             PRAGMA user_version = 14;",
        )
        .unwrap();
    let library = lib.open();
    assert_eq!(library.schema_version().unwrap(), 20);
    assert_eq!(found(&library, "你好"), [CHINESE]);
    assert_eq!(found(&library, "東京"), [JAPANESE]);
    drop(library);
    assert_eq!(lib.cli(&["--json", "doctor"]).json()["ok"], true);

    // An index that lost a story is found out, and rebuilt.
    let head: i64 = lib
        .sql()
        .query_row(
            "SELECT head_revision_id FROM stories s JOIN revisions r ON r.id = s.head_revision_id
             WHERE r.headline = ?1",
            [JAPANESE],
            |row| row.get(0),
        )
        .unwrap();
    lib.sql()
        .execute("DELETE FROM story_search_cjk WHERE rowid = ?1", [head])
        .unwrap();
    assert!(found(&lib.open(), "東京").is_empty());
    let health = lib.cli(&["--json", "doctor"]).json_any_exit();
    assert_eq!(health["ok"], false, "{health}");
    assert!(
        health
            .to_string()
            .contains("1 stories' current CJK text is not in the index of CJK text"),
        "{health}"
    );
    let repaired = lib.cli(&["--json", "doctor", "--repair"]).json();
    assert_eq!(repaired["ok"], true, "{repaired}");
    assert_eq!(found(&lib.open(), "東京"), [JAPANESE]);

    // Entries for no story's current text, in either index, are found out.
    lib.sql()
        .execute_batch(
            "INSERT INTO story_search_cjk (rowid, headline, body) VALUES (999999, '', '你好 好');
             INSERT INTO story_search (rowid, headline, body) VALUES (999998, 'x', 'y');",
        )
        .unwrap();
    let health = lib.cli(&["--json", "doctor"]).json_any_exit().to_string();
    for problem in [
        "1 texts in the index of CJK text are no story's current text",
        "1 texts in the index are no story's current text",
    ] {
        assert!(health.contains(problem), "{problem}: {health}");
    }
}
