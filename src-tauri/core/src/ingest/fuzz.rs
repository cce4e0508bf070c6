//! A mutation fuzzer for detection, decoding and every parser (and, on what
//! they yield, cleaning and claim detection): valid copy of each format is
//! mutated the ways broken and hostile feeds are (bytes flipped, cut short,
//! spliced, markup and control characters inserted, encodings mixed), and
//! every input must give stories or an error, never a panic, and stories
//! that keep the parser's promises.
//!
//! The regular suite runs a few thousand inputs per seed set; set
//! `WIREDESK_FUZZ_SECONDS` for a longer run (README: "Fuzzing"). An input
//! that fails is written to `target/fuzz-findings/` and named in the
//! failure, to be turned into a regression test.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Valid copy of every format, small enough to mutate quickly.
const SEEDS: &[&[u8]] = &[
    b"Port strike halts 14 ships\n\nDockworkers walked out on Tuesday, halting 14 ships, the union said.\n\n\"We will not move,\" said Ana Ruiz.\n",
    b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<nitf><head><title>Quake</title><docdata><doc-id id-string=\"q-1\"/></docdata></head><body><body.head><hedline><hl1>Quake kills 12</hl1></hedline><byline>By A. Writer</byline><dateline>LIMA, June 3</dateline></body.head><body.content><p>A 6.1 quake killed 12 people on Monday.</p><p>&quot;It shook for a minute,&quot; a resident said.</p></body.content></body></nitf>",
    b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"urn:g:1\" version=\"2\"><contentMeta><headline>Caf\xe9 prices rise 3.5%</headline></contentMeta><contentSet><inlineXML contenttype=\"application/xhtml+xml\"><html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>Prices rose 3.5 percent in May.</p></body></html></inlineXML></contentSet></newsItem>",
    b"<newsMessage><itemSet><newsItem guid=\"a\"><contentMeta><headline>One</headline></contentMeta><contentSet><inlineXML><p>First $9 billion.</p></inlineXML></contentSet></newsItem><newsItem guid=\"b\"><contentMeta><headline>Two</headline></contentMeta><contentSet><inlineXML><p>Second on 3 June 2024.</p></inlineXML></contentSet></newsItem></itemSet></newsMessage>",
    b"<NewsML><NewsItem><Identification><NewsIdentifier><PublicIdentifier>urn:n1</PublicIdentifier></NewsIdentifier></Identification><NewsComponent><NewsLines><HeadLine>Flood warning</HeadLine></NewsLines><ContentItem><DataContent><p>Rivers rose 2 metres.</p></DataContent></ContentItem></NewsComponent></NewsItem></NewsML>",
    b"{\"uri\": \"urn:x:1\", \"version\": \"3\", \"type\": \"text\", \"headline\": \"Rates held at 4.25%\", \"body_html\": \"<p>The bank held rates at 4.25 percent.</p><p>&ldquo;Patience,&rdquo; the governor said.</p>\", \"located\": \"Frankfurt\"}",
    b"{\"guid\": \"g-2\", \"headline\": \"Turnout 61 percent\", \"body_text\": \"Turnout was 61 percent.\\n\\nResults on Friday.\"}",
    b"\x16\x16\x01W1234 r a BC-Election 1stLd-Writethru 11-13 0412\n\x02^Turnout hits record^\n   By JOHN DOE\n   Turnout reached 61 percent on Sunday, officials said.\n   ``We are pleased,'' the commission said.\n\x03\x04",
    b"\x01eca0003 3 i 380  dpa 0045\r\n\r\nElection/Turnout/\r\n\x02Turnout 61 percent\r\n\r\nBerlin (dpa) - Turnout was 61 percent.\r\n\x03",
    b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title><item><title>Storm closes port</title><guid>s-1</guid><description>&lt;p&gt;The port closed for 2 days.&lt;/p&gt;</description></item></channel></rss>",
    b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>tag:a,1</id><title>Bridge opens</title><content type=\"html\">&lt;p&gt;The bridge cost $40 million.&lt;/p&gt;</content></entry></feed>",
    b"\xff\xfeH\x00e\x00a\x00d\x00\n\x00\n\x00B\x00o\x00d\x00y\x00 \x001\x002\x00.\x00",
    b"Share this\nALSO READ: Something else\nStocks fall 2%\n\nSTOCKHOLM (Reuters) - Stocks fell 2 percent on Monday.\n\nReporting by A. Writer; Editing by B. Editor\n\nOur Standards: The Thomson Reuters Trust Principles.\n",
];

/// Fragments hostile and broken copy is made of.
const DICTIONARY: &[&[u8]] = &[
    b"<p>",
    b"</p>",
    b"<",
    b">",
    b"/>",
    b"&amp;",
    b"&#0;",
    b"&#x110000;",
    b"&#xD800;",
    b"&bogus;",
    b"<![CDATA[",
    b"]]>",
    b"<!--",
    b"-->",
    b"<!DOCTYPE x [<!ENTITY a \"aaaa\">]>",
    b"<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
    b"\x01",
    b"\x02",
    b"\x03",
    b"\x04",
    b"\x16",
    b"\x1f",
    b"\x00",
    b"\r\n",
    b"\n\n",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xc3",
    b"\xe2\x80",
    b"\"",
    b"{",
    b"}",
    b"[",
    b"]",
    b"\\u0000",
    b"\\ud800",
    b"\"headline\": ",
    b"\"body_html\": \"",
    b"<body.content>",
    b"</body.content>",
    b"<hl1>",
    b"<inlineXML>",
    b"^",
    b"``",
    b"''",
    b" 4,000 ",
    b" 3.5% ",
    b" $9bn ",
    b" 31 May 2024 ",
    b"\xe2\x80\x9c",
    b"\xe2\x80\x9d",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, input: &mut Vec<u8>, seeds: &[Vec<u8>]) {
    for _ in 0..1 + rng.below(6) {
        let len = input.len();
        match rng.below(9) {
            0 if len > 0 => {
                let at = rng.below(len);
                input[at] = rng.next() as u8;
            }
            1 => {
                let at = rng.below(len + 1);
                let word = DICTIONARY[rng.below(DICTIONARY.len())];
                input.splice(at..at, word.iter().copied());
            }
            2 if len > 1 => {
                let at = rng.below(len);
                let end = (at + 1 + rng.below(64)).min(len);
                input.drain(at..end);
            }
            3 if len > 1 => {
                input.truncate(rng.below(len));
            }
            4 if len > 1 => {
                let at = rng.below(len);
                let end = (at + 1 + rng.below(128)).min(len);
                let copy: Vec<u8> = input[at..end].to_vec();
                let to = rng.below(len);
                input.splice(
                    to..to,
                    copy.iter()
                        .copied()
                        .cycle()
                        .take(copy.len() * (1 + rng.below(8))),
                );
            }
            5 => {
                let other = &seeds[rng.below(seeds.len())];
                if !other.is_empty() {
                    let from = rng.below(other.len());
                    let at = rng.below(len + 1);
                    input.splice(at..at, other[from..].iter().copied());
                }
            }
            6 => {
                let at = rng.below(len + 1);
                let random: Vec<u8> = (0..1 + rng.below(16)).map(|_| rng.next() as u8).collect();
                input.splice(at..at, random);
            }
            7 if len > 0 => {
                // A digit somewhere becomes another.
                if let Some(at) = (0..8)
                    .map(|_| rng.below(len))
                    .find(|&i| input[i].is_ascii_digit())
                {
                    input[at] = b'0' + rng.below(10) as u8;
                }
            }
            _ => {
                let at = rng.below(len + 1);
                let run = DICTIONARY[rng.below(DICTIONARY.len())].repeat(1 + rng.below(200));
                input.splice(at..at, run);
            }
        }
    }
}

/// The seeds, with the shared corpus's format samples when it is beside the
/// repository (they are not part of it).
fn seeds() -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = SEEDS.iter().map(|s| s.to_vec()).collect();
    for (_, bytes) in crate::samples::all() {
        seeds.push(bytes.to_vec());
    }
    let formats = std::env::var_os("WIREDESK_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"))
        .join("formats");
    // The samples sit in one folder per format.
    let mut files = Vec::new();
    let mut folders = vec![formats];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if !path.extension().is_some_and(|e| e == "md" || e == "tsv") {
                files.push(path);
            }
        }
    }
    files.sort();
    for file in files {
        if let Ok(bytes) = std::fs::read(&file) {
            if bytes.len() < 200_000 {
                seeds.push(bytes);
            }
        }
    }
    seeds
}

/// What every story a parser yields must be.
fn check_story(copy: &super::ParsedCopy) -> Result<(), String> {
    if copy.headline.trim().is_empty() {
        return Err("an empty headline".into());
    }
    if copy.headline.chars().count() > super::MAX_HEADLINE_CHARS {
        return Err("a headline over the limit".into());
    }
    for field in [&copy.headline, &copy.body] {
        if let Some(c) = field.chars().find(|&c| c.is_control() && c != '\n') {
            return Err(format!(
                "a control character U+{:04X} in the text",
                c as u32
            ));
        }
    }
    if copy.body.contains("\n\n\n") || copy.headline.contains('\n') {
        return Err("paragraphs not separated by exactly one blank line".into());
    }
    // Claim detection runs on every story ingested.
    let claims = crate::claims::detect(&copy.body, &crate::claims::DetectContext::default());
    let body = &copy.body;
    if let Some(claim) = claims
        .iter()
        .find(|c| body.get(c.start..c.end) != Some(c.text.as_str()))
    {
        return Err(format!(
            "a claim whose text is not the body at {}..{}",
            claim.start, claim.end
        ));
    }
    Ok(())
}

fn save_finding(input: &[u8], what: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/fuzz-findings");
    let _ = std::fs::create_dir_all(&dir);
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in input {
        hash = (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
    }
    let path = dir.join(format!("{what}-{hash:016x}.bin"));
    let _ = std::fs::write(&path, input);
    path
}

#[test]
fn mutated_copy_of_every_format_gives_stories_or_an_error_never_a_panic() {
    let seeds = seeds();
    let budget = std::env::var("WIREDESK_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map(Duration::from_secs);
    // Without a time budget, a fixed number of inputs: the same every run.
    let inputs = if budget.is_some() { usize::MAX } else { 3_000 };
    let started = Instant::now();
    let mut rng = Rng(0x5eed_f00d_1234_5678);
    let (mut tried, mut stories, mut errors) = (0usize, 0usize, 0usize);
    let mut failure = None;
    while tried < inputs && budget.is_none_or(|b| started.elapsed() < b) {
        let mut input = seeds[rng.below(seeds.len())].clone();
        mutate(&mut rng, &mut input, &seeds);
        tried += 1;
        match catch_unwind(AssertUnwindSafe(|| super::parse_items(&input))) {
            Err(panic) => {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                failure = Some(format!(
                    "parse_items panicked ({message}) on {}",
                    save_finding(&input, "panic").display()
                ));
                break;
            }
            Ok(Err(_)) => errors += 1,
            Ok(Ok(items)) => {
                for item in &items {
                    if let Err(problem) = check_story(item) {
                        failure = Some(format!(
                            "a story with {problem} from {}",
                            save_finding(&input, "invalid").display()
                        ));
                    }
                }
                stories += items.len();
            }
        }
        if failure.is_some() {
            break;
        }
    }
    println!(
        "# fuzz: {tried} inputs from {} seeds in {:.1} s: {stories} stories, {errors} errors",
        seeds.len(),
        started.elapsed().as_secs_f64()
    );
    if let Some(failure) = failure {
        panic!("{failure}");
    }
    assert!(
        stories > 0 && errors > 0,
        "the mutations reach both outcomes"
    );
}

/// What an editor types reaches the library by other doors than ingest:
/// an edit's text, a claim's note, a setting, a search. Each is mutated the
/// same ways and must give a result or a plain error, never a panic, and
/// what is stored keeps ingest's rules (no control characters, paragraphs
/// one blank line apart, addresses plain).
#[test]
fn mutated_editor_input_is_stored_clean_or_refused_plainly() {
    use crate::{Error, Library};

    const EDITS: &[&[u8]] = &[
        b"Bridge reopens after repairs\n\nThe bridge reopened on Monday after 14 months of repairs, the council said.\n\n\"It took too long,\" said Mara Lind, who drives across it every day.\n\nThe repairs cost $40 million, 12 percent over budget.",
        b"Storm closes port\n\n\n\nTwo ships waited offshore.\r\n\r\nThe port will reopen on 3 June.\n",
    ];
    const QUERIES: &[&[u8]] = &[
        b"bridge",
        b"\"reopened on Monday\" council",
        b"bridg* repai* 40",
        b"4,000 troops",
        b"AND OR NOT ( ) : ^ -x NEAR(a b)",
        b"\xe4\xbd\xa0\xe5\xa5\xbd",
    ];
    const SETTINGS: &[(&str, &[u8])] = &[
        ("claimreview.base_url", b"https://desk.example/stories/"),
        ("claimreview.organisation_url", b"http://news.example"),
        ("claimreview.organisation", b"Harbour Desk"),
        ("user.name", b"Mara Lind"),
        ("claims.timing_open", b"true"),
    ];
    let no_controls = |text: &str, line_breaks: bool| {
        !text
            .chars()
            .any(|c| c.is_control() && !(line_breaks && c == '\n'))
    };
    let mut library = Library::open_in_memory().expect("library");
    let reports = library.ingest_copy("bridge.txt", EDITS[0]).expect("ingest");
    let story = reports[0].story_id.expect("a story");
    let seeds: Vec<Vec<u8>> = EDITS
        .iter()
        .chain(QUERIES)
        .chain(SETTINGS.iter().map(|(_, v)| v))
        .map(|s| s.to_vec())
        .collect();
    let mut rng = Rng(0x0ed1_7000_5eed_0001);
    let rounds = 600;
    let (mut saved, mut refused) = (0usize, 0usize);
    for round in 0..rounds {
        let pick = |rng: &mut Rng, from: &[&[u8]]| {
            let mut input = from[rng.below(from.len())].to_vec();
            mutate(rng, &mut input, &seeds);
            String::from_utf8_lossy(&input).into_owned()
        };
        // An edit file: the headline's line, then the body (as the CLI reads it).
        let text = pick(&mut rng, EDITS);
        let (headline, body) = text.split_once('\n').unwrap_or((&text, ""));
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            library.save_edit(story, None, headline, body, Some(&text))
        }))
        .unwrap_or_else(|_| {
            panic!(
                "save_edit panicked on {}",
                save_finding(text.as_bytes(), "edit").display()
            )
        });
        match outcome {
            Ok(_) => {
                saved += 1;
                let stored = library.story(story).expect("story");
                assert!(
                    no_controls(&stored.headline, false) && no_controls(&stored.body, true),
                    "control characters stored from {}",
                    save_finding(text.as_bytes(), "edit").display()
                );
                assert!(!stored.body.contains("\n\n\n") && !stored.body.starts_with('\n'));
            }
            Err(Error::InvalidInput(_) | Error::Unchanged { .. }) => refused += 1,
            Err(err) => panic!(
                "an edit failed with {err} on {}",
                save_finding(text.as_bytes(), "edit").display()
            ),
        }

        // A search never fails on what was typed, only says why it cannot run.
        let query = pick(&mut rng, QUERIES);
        let outcome =
            catch_unwind(AssertUnwindSafe(|| library.search(&query, 20))).unwrap_or_else(|_| {
                panic!(
                    "search panicked on {}",
                    save_finding(query.as_bytes(), "query").display()
                )
            });
        if let Err(err) = outcome {
            let message = err.to_string();
            assert!(
                !matches!(err, Error::Database(_)) && !message.contains("syntax error"),
                "search of {} failed inside: {message}",
                save_finding(query.as_bytes(), "query").display()
            );
        }

        // A setting is stored clean, or refused with the setting's name.
        let (key, _) = SETTINGS[round % SETTINGS.len()];
        let value = pick(&mut rng, &[SETTINGS[round % SETTINGS.len()].1]);
        match library.set_setting(key, Some(&value)) {
            Ok(()) => {
                if let Some(stored) = library.setting(key).expect("setting") {
                    assert!(no_controls(&stored, false), "{key} stored {stored:?}");
                    if key.ends_with("_url") {
                        assert!(
                            !stored.contains(['"', '<', '>', '\'', ' ']),
                            "{key} stored {stored:?}"
                        );
                    }
                }
            }
            Err(Error::InvalidInput(message)) => assert!(message.contains(key), "{message}"),
            Err(err) => panic!("setting {key} to {value:?} failed with {err}"),
        }
    }
    // Settings left as the fuzzer set them would confuse nobody: the
    // library is thrown away.
    println!("# editor-input fuzz: {rounds} rounds, {saved} edits saved, {refused} refused");
    assert!(
        saved > 0 && refused > 0,
        "the mutations reach both outcomes"
    );
}
