//! Search on a team library finds what FTS5 finds: the corpus and made-up
//! fixtures ingested into a SQLite library and into a team library, and
//! `wiredesk search Q --json` compared for every query as sets of stories.
//!
//! The queries are taken from the corpus at run time (its words, their
//! starts, neighbouring words as phrases, figures, accented and hyphenated
//! words), so no corpus text sits here; the CJK and accent fixtures are
//! made up. Stories are compared by the files they were made from and their
//! headlines, not by id: the two engines number them alike today, but
//! nothing here should rest on that.
//!
//! This module needs the PostgreSQL test server (`WIREDESK_TEST_PG`, which
//! `.ci/test` sets): without it it fails and says so, rather than passing
//! without having compared anything.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{cli_binary, corpus_files, CliRun};

/// The test server's address, or a failure that says how to get one.
fn server() -> String {
    wiredesk_core::team_test::server().unwrap_or_else(|| {
        panic!(
            "{} is not set (CI={}): comparing search on a team library with SQLite needs a \
             PostgreSQL server; .ci/test starts one, or run `.ci/postgres start DIR` and export \
             the address it prints",
            wiredesk_core::team_test::SERVER_ENV,
            std::env::var("CI").unwrap_or_default()
        )
    })
}

fn wiredesk(db: &Path, args: &[&str]) -> CliRun {
    CliRun::from(
        Command::new(cli_binary())
            .arg("--db")
            .arg(db)
            .args(args)
            .env_remove("WIREDESK_DB")
            .env("WIREDESK_USER", "tester")
            .output()
            .expect("run wiredesk"),
    )
}

/// Made-up stories for what the corpus lacks: CJK text, Latin words written
/// against it, accents both ways, a figure with a decimal point.
const FIXTURES: &[(&str, &str)] = &[
    (
        "made-up-cjk-1.txt",
        "東京で新しい図書館が開館\n\n市の発表によると、新しい図書館は月曜日に開館した。\
         在NBA比赛中，他说你好世界。Ferry services resumed.\n",
    ),
    (
        "made-up-cjk-2.txt",
        "서울 시장 새 공원 발표\n\n서울시는 새로운 공원을 열었다고 밝혔다. 图书馆的开放时间\
         延长了。The harbour council met.\n",
    ),
    (
        "made-up-accents.txt",
        "Café owners in Zürich and São Paulo meet\n\nThe Ærøskøbing ferry carried 1,250 \
         passengers; fares rose 2.75 percent, the naïve forecast said. An e-mail followed.\n",
    ),
    (
        "made-up-plain.txt",
        "Cafe owners in Zurich weigh a naive plan\n\nThe harbour council said fares rose 2 75 \
         cents and an email was sent to the ferry union.\n",
    ),
];

/// Ingests `files` (in this order) into the library at `db`: each story's
/// key (the names of the files it was made from) by its id in that library.
fn ingest(db: &Path, files: &[PathBuf]) -> BTreeMap<i64, String> {
    let mut args = vec!["ingest", "--json"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    let reports = wiredesk(db, &args).json();
    let mut stories: BTreeMap<i64, BTreeSet<String>> = BTreeMap::new();
    for report in reports.as_array().expect("one report per file") {
        if let Some(id) = report["story_id"].as_i64() {
            let file = Path::new(report["file"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            stories.entry(id).or_default().insert(file);
        }
    }
    stories
        .into_iter()
        .map(|(id, files)| (id, files.into_iter().collect::<Vec<_>>().join("+")))
        .collect()
}

/// What a search found, as a set of (story key, headline).
fn found(db: &Path, keys: &BTreeMap<i64, String>, query: &str) -> BTreeSet<(String, String)> {
    let hits = wiredesk(db, &["search", "--json", "--limit", "100000", "--", query]).json();
    hits.as_array()
        .expect("a list of hits")
        .iter()
        .map(|hit| {
            let id = hit["id"].as_i64().unwrap();
            let key = keys
                .get(&id)
                .unwrap_or_else(|| panic!("search found story {id}, which no file made"))
                .clone();
            (key, hit["headline"].as_str().unwrap().to_owned())
        })
        .collect()
}

/// The queries: about thirty, of every kind the query language has, from
/// the corpus's own words (chosen by rule, so the set follows the corpus)
/// and from the fixtures.
fn queries(texts: &[String]) -> Vec<String> {
    let word = regex::Regex::new(r"[\p{L}\p{N}]+").unwrap();
    // Words by the number of stories they are in, then alphabetically.
    let mut in_stories: BTreeMap<String, usize> = BTreeMap::new();
    for text in texts {
        let words: BTreeSet<String> = word
            .find_iter(text)
            .map(|m| m.as_str().to_lowercase())
            .collect();
        for w in words {
            *in_stories.entry(w).or_default() += 1;
        }
    }
    let mut by_spread: Vec<(&String, &usize)> = in_stories
        .iter()
        .filter(|(w, _)| w.chars().count() >= 5 && w.chars().all(char::is_alphabetic))
        .collect();
    by_spread.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut queries: Vec<String> = Vec::new();
    // Single words: the most widespread, some in between, some in one story.
    let n = by_spread.len();
    for at in [0, 1, 5, n / 10, n / 4, n / 2, n - 1] {
        queries.push(by_spread[at.min(n - 1)].0.clone());
    }
    // A word everyone writes (a broad query), and two words ANDed.
    queries.push("the".to_owned());
    queries.push(format!("{} {}", by_spread[2].0, by_spread[n / 8].0));
    // Prefixes: the first four letters of words of several spreads.
    for at in [3, n / 6, n / 3] {
        let stem: String = by_spread[at].0.chars().take(4).collect();
        queries.push(format!("{stem}*"));
    }
    // Phrases: the first two and three words of some stories' second line,
    // with their capitals, as an editor types them.
    for text in texts.iter().step_by(9).take(4) {
        let line = text.lines().filter(|l| !l.trim().is_empty()).nth(1);
        let words: Vec<&str> = line.map_or(Vec::new(), |l| {
            word.find_iter(l).map(|m| m.as_str()).take(3).collect()
        });
        if words.len() == 3 {
            queries.push(format!("\"{} {}\"", words[0], words[1]));
            queries.push(format!("\"{}\"", words.join(" ")));
            // A phrase ending in a prefix: its whole words are a pair.
            let stem: String = words[2].chars().take(3).collect();
            queries.push(format!("\"{} {} {stem}*\"", words[0], words[1]));
        }
    }
    // Figures (4,000 and 3.5 are phrases of their digits), hyphenated and
    // possessive words, and accented ones as written and in lower case.
    let figure = regex::Regex::new(r"\b\d+[.,]\d+\b").unwrap();
    let joined = regex::Regex::new(r"\b[\p{L}]+[-’'][\p{L}]+\b").unwrap();
    let accented = regex::Regex::new(r"\b[\p{L}]*[^\x00-\x7F\p{P}\p{Z}\p{S}][\p{L}]*\b").unwrap();
    let all = texts.join("\n");
    let firsts = |re: &regex::Regex, count: usize| -> Vec<String> {
        let mut seen = BTreeSet::new();
        re.find_iter(&all)
            .map(|m| m.as_str().to_owned())
            .filter(|m| seen.insert(m.clone()))
            .take(count)
            .collect()
    };
    queries.extend(firsts(&figure, 3));
    queries.extend(firsts(&joined, 2));
    for w in firsts(&accented, 2) {
        queries.push(w.to_lowercase());
        queries.push(w);
    }
    // The fixtures: accents typed or not, figures, CJK runs, a single CJK
    // character, Latin written against CJK, CJK with a Latin word, Hangul.
    for q in [
        "zurich",
        "Zürich",
        "cafe owners",
        "naïve",
        "aeroskobing",
        "ærøskøbing",
        "2.75",
        "1,250",
        "email",
        "e-mail",
        "图书馆",
        "图书",
        "館",
        "在NBA比赛",
        "你好 ferry",
        "서울",
        "\"ferry union\"",
        "harbour council",
        "nothingcalledthis",
    ] {
        queries.push(q.to_owned());
    }
    queries
}

#[test]
fn search_on_a_team_library_finds_what_fts5_finds_in_the_corpus() {
    let server = server();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut files = corpus_files("stories", "txt");
    assert!(files.len() >= 30, "only {} corpus stories", files.len());
    let texts: Vec<String> = files
        .iter()
        .map(|f| String::from_utf8_lossy(&std::fs::read(f).expect("read a corpus story")).into())
        .collect();
    for (name, text) in FIXTURES {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write a fixture");
        files.push(path);
    }

    let sqlite = dir.path().join("library.sqlite");
    let url = wiredesk_core::team_test::fresh_database(&server);
    let init = CliRun::from(
        Command::new(cli_binary())
            .args(["library", "init", &url])
            .output()
            .expect("run wiredesk library init"),
    );
    assert_eq!(init.code, 0, "library init: {}", init.stderr);
    let team = PathBuf::from(url);
    let sqlite_keys = ingest(&sqlite, &files);
    let team_keys = ingest(&team, &files);
    let sqlite_stories: BTreeSet<&String> = sqlite_keys.values().collect();
    let team_stories: BTreeSet<&String> = team_keys.values().collect();
    assert_eq!(sqlite_stories, team_stories, "the same stories on both");

    let queries = queries(&texts);
    assert!(
        queries.len() >= 30,
        "{} queries: {queries:?}",
        queries.len()
    );
    let (mut same, mut hits_sqlite, mut hits_team) = (0, 0, 0);
    let mut differences = Vec::new();
    for query in &queries {
        let on_sqlite = found(&sqlite, &sqlite_keys, query);
        let on_team = found(&team, &team_keys, query);
        hits_sqlite += on_sqlite.len();
        hits_team += on_team.len();
        println!("{:>4} {:>4}  {query}", on_sqlite.len(), on_team.len());
        if on_sqlite == on_team {
            same += 1;
        } else {
            differences.push(format!(
                "{query:?}: only SQLite {:?}, only the team library {:?}",
                on_sqlite.difference(&on_team).collect::<Vec<_>>(),
                on_team.difference(&on_sqlite).collect::<Vec<_>>()
            ));
        }
    }
    println!(
        "{same} of {} queries found the same stories ({hits_sqlite} hits on SQLite, \
         {hits_team} on the team library)",
        queries.len()
    );
    assert!(
        differences.is_empty(),
        "search differs between SQLite and the team library:\n{}",
        differences.join("\n")
    );
    // Most queries find something: the comparison is not of empty sets.
    let finding = queries
        .iter()
        .filter(|q| !found(&team, &team_keys, q).is_empty())
        .count();
    assert!(
        finding * 4 >= queries.len() * 3,
        "{finding} of {} find anything",
        queries.len()
    );
}

#[test]
fn a_search_past_its_time_limit_is_stopped_on_a_team_library() {
    let server = server();
    let url = wiredesk_core::team_test::fresh_database(&server);
    let library = wiredesk_core::Library::init_team(&url).expect("create the team library");
    drop(library);
    let mut library = wiredesk_core::Library::open(Path::new(&url)).expect("open it");
    let copies = (0..40)
        .map(|n| {
            (
                format!("copy-{n}.txt"),
                crate::support::distinct_story(n).into_bytes(),
            )
        })
        .collect();
    library.ingest_copies(copies, |_| {});
    let filter = wiredesk_core::StoryFilter::default();
    let err = library
        .search_within(
            "harbour* council*",
            50,
            &filter,
            std::time::Duration::from_nanos(1),
        )
        .unwrap_err();
    assert!(
        matches!(err, wiredesk_core::Error::SearchTimedOut { .. }),
        "{err}"
    );
    // The limit ends with the search: the next one answers.
    let hits = library.search("harbour", 50).unwrap();
    assert!(!hits.is_empty());
}
