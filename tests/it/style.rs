//! House style and spelling through the CLI's contract (`wiredesk style`)
//! on both backends, and on every corpus story: no false alarm on agency
//! names, datelines or correct figures.

use wiredesk_core::{
    style::{starter_guide, Checker},
    Library,
};

use crate::support::{corpus_files, TempLibrary};

const COPY: &str = "Storm hits coast\n\nLIMA, March 11, 2014 (Reuters) - Police said 7 people \
    were hurt in the atack towards noon, and turnout fell 5% on September 5.\n";

fn story_id(library: &TempLibrary) -> String {
    library.ingest("storm.txt", COPY.as_bytes())[0]["story_id"].to_string()
}

#[test]
fn style_prints_the_contracts_json_and_fix_saves_a_revision() {
    let library = TempLibrary::new();
    let id = story_id(&library);
    let matches = library.cli(&["style", &id, "--json"]).json();
    let matches = matches.as_array().expect("an array of matches");
    let rules: Vec<&str> = matches
        .iter()
        .map(|m| m["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        vec!["numbers", "spelling", "toward", "percent", "dates"]
    );
    let first = matches[0].as_object().unwrap();
    let mut keys: Vec<&str> = first.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        vec!["end", "rule", "severity", "start", "suggestion", "text"]
    );
    assert_eq!(first["text"], "7");
    assert_eq!(first["suggestion"], "seven");
    assert_eq!(first["severity"], "warning");
    // Character offsets into the body as `show` prints it.
    let body = library.cli(&["show", &id, "--json"]).json()["body"]
        .as_str()
        .unwrap()
        .to_string();
    for m in matches {
        let (start, end) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        let text: String = body.chars().skip(start).take(end - start).collect();
        assert_eq!(text, m["text"].as_str().unwrap());
    }

    let only = library
        .cli(&["style", &id, "--rule", "numbers", "--fix", "--json"])
        .json();
    assert_eq!(only["applied"], 1);
    let fixed = library.cli(&["style", &id, "--fix", "--json"]).json();
    assert_eq!(fixed["applied"], 4);
    assert!(fixed["revision_id"].is_i64());
    let body = library.cli(&["show", &id, "--json"]).json()["body"].to_string();
    assert!(
        body.contains("seven people were hurt in the attack toward noon, and turnout fell 5 percent on Sept. 5"),
        "{body}"
    );
    assert_eq!(
        library.cli(&["style", &id, "--json"]).json(),
        serde_json::json!([])
    );
    let history = library.cli(&["history", &id, "--json"]).json();
    assert_eq!(history.as_array().unwrap().len(), 3, "ingest and two fixes");
}

#[test]
fn rules_are_listed_added_tested_imported_and_exported() {
    let library = TempLibrary::new();
    let id = story_id(&library);
    let listed = library.cli(&["style", "rules", "list", "--json"]).json();
    assert_eq!(listed["name"], "agency");
    assert_eq!(listed["dialect"], "en-US");

    let rule = library.file(
        "noon.toml",
        b"id = \"midday\"\nkind = \"words\"\npattern = \"noon\"\nreplacement = \"midday\"\n\
          advice = \"Say midday.\"\nexamples = [\"at noon\"]\ncounterexamples = [\"at nooning\"]\n",
    );
    let tried = library
        .cli(&["style", "rules", "try", rule.to_str().unwrap(), "--json"])
        .json();
    assert_eq!(
        (tried["matches"].as_u64(), tried["stories"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(tried["through"], "search index");
    let guide = library
        .cli(&["style", "rules", "add", rule.to_str().unwrap(), "--json"])
        .json();
    assert!(guide["rule"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == "midday"));
    let tested = library
        .cli(&["style", "rules", "test", "midday", "--json"])
        .json();
    assert_eq!(tested["examples"][0]["suggestion"], "midday");

    let wrong = library.file(
        "wrong.toml",
        b"id = \"bad\"\nkind = \"words\"\npattern = \"noon\"\nexamples = [\"at midnight\"]\n",
    );
    library
        .cli(&["style", "rules", "add", wrong.to_str().unwrap()])
        .assert_fails_with("does not match its example");

    let out = library.dir.path().join("guide.json");
    library
        .cli(&["style", "rules", "export", out.to_str().unwrap(), "--json"])
        .json();
    library
        .cli(&["style", "rules", "use", "british", "--json"])
        .json();
    let british = library.cli(&["style", &id, "--json"]).json();
    assert!(british
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["suggestion"] == "5 per cent"));
    let back = library
        .cli(&["style", "rules", "import", out.to_str().unwrap(), "--json"])
        .json();
    assert_eq!(back["name"], "agency");
    library
        .cli(&["style", "rules", "remove", "midday", "--json"])
        .json();
    library
        .cli(&["style", "rules", "remove", "midday"])
        .assert_fails_with("no style rule “midday”");

    let broken = library.file("broken.json", b"{\"name\": \"x\", \"rule\": [{\"id\": 5}]}");
    library
        .cli(&["style", "rules", "import", broken.to_str().unwrap()])
        .assert_fails_with("broken.json");
    assert_eq!(
        library.cli(&["style", "rules", "list", "--json"]).json()["name"],
        "agency"
    );
}

#[test]
fn the_desk_dictionary_and_learned_names() {
    let library = TempLibrary::new();
    let id = story_id(&library);
    library
        .cli(&["style", "dictionary", "add", "atack", "--json"])
        .json();
    let rules: Vec<String> = library
        .cli(&["style", &id, "--json"])
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["rule"].as_str().unwrap().to_string())
        .collect();
    assert!(!rules.contains(&"spelling".to_string()), "{rules:?}");
    let words = library.cli(&["style", "dictionary", "--json"]).json();
    assert_eq!(words[0]["word"], "atack");
    assert_eq!(words[0]["source"], "added");
    assert_eq!(words[0]["added_by"], "tester");
    library
        .cli(&["style", "dictionary", "remove", "atack", "--json"])
        .json();
    library
        .cli(&["style", "dictionary", "remove", "atack"])
        .assert_fails_with("not in the desk dictionary");

    for (i, body) in [
        "Officials in Qarvistan said the talks would go on.",
        "The army of Qarvistan moved north.",
        "Voters in Qarvistan went to the polls.",
    ]
    .iter()
    .enumerate()
    {
        library.ingest(
            &format!("q{i}.txt"),
            format!("Talks\n\nKABUL (Reuters) - {body}\n").as_bytes(),
        );
    }
    let learned = library.cli(&["style", "learn", "--json"]).json();
    assert_eq!(learned["words"], serde_json::json!(["Qarvistan"]));
    let misspelt = library.ingest(
        "q9.txt",
        b"Talks\n\nKABUL (Reuters) - Envoys from Qarvistam met.\n",
    );
    let id = misspelt[0]["story_id"].to_string();
    let found = library.cli(&["style", &id, "--json"]).json();
    assert_eq!(found[0]["rule"], "names");
    assert_eq!(found[0]["suggestion"], "Qarvistan");
    assert_eq!(
        library.cli(&["style", "dialect", "en-GB", "--json"]).json()["dialect"],
        "en-GB"
    );
}

/// Every corpus story checked with both starter guides: nothing in a
/// dateline, no unknown name flagged before the desk knows any, and few
/// spelling flags (those left are the copy's own typos).
#[test]
fn corpus_stories_raise_no_false_alarms_on_names_datelines_or_figures() {
    let mut library = Library::open_in_memory().unwrap();
    let files = corpus_files("stories", "txt");
    assert!(files.len() >= 40, "the corpus has its stories");
    library.ingest_paths(&files);
    let ids: Vec<i64> = library
        .stories(500, 0)
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    for name in ["agency", "british"] {
        let checker = Checker::new(&starter_guide(name).unwrap(), &[]).unwrap();
        assert_eq!(checker.spelling_problem(), None);
        let (mut words, mut spelling, mut names) = (0, 0, 0);
        for id in &ids {
            let detail = library.story(*id).unwrap();
            words += detail.body.split_whitespace().count();
            let dateline_chars = detail
                .dateline
                .as_deref()
                .filter(|d| detail.body.starts_with(d))
                .map_or(0, |d| d.chars().count());
            for m in checker.check(&detail.body) {
                assert!(
                    m.start >= dateline_chars,
                    "{name}: {m:?} is in the dateline of story {id}"
                );
                match m.rule.as_str() {
                    "spelling" => {
                        spelling += 1;
                        assert!(
                            m.text.chars().next().is_some_and(char::is_lowercase),
                            "{name}: a capitalised word taken for a misspelling: {m:?}"
                        );
                    }
                    "names" => names += 1,
                    "numbers" => assert!(
                        m.text.chars().all(char::is_alphabetic)
                            || m.text.parse::<u32>().is_ok_and(|n| n < 10),
                        "{name}: a figure flagged that is right: {m:?} in story {id}"
                    ),
                    _ => {}
                }
            }
        }
        let per_thousand = 1000.0 * spelling as f64 / words as f64;
        assert_eq!(
            names, 0,
            "{name}: no name is one letter from a desk name yet"
        );
        assert!(
            per_thousand < 1.5,
            "{name}: {spelling} spelling flags in {words} words"
        );
    }
}
