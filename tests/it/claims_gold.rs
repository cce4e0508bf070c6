//! The claim detector measured against the gold annotations of the shared
//! corpus (`corpus/gold/*.json`, scored as `corpus/GOLD-FORMAT.md`
//! describes), on the cleaned body Wiredesk's ingest produces; the headline
//! is not scanned. Prints the per-story table and asserts the five figures
//! detection must reach.
//!
//! Scoring, on text folded as the gold is (white space runs to one space,
//! curly quotes straightened):
//! - recall per kind: a gold claim is found when a detected claim of its kind
//!   contains its `key` and overlaps the occurrence of `key` inside `context`
//!   (any occurrence when the gold gives no context);
//! - numeric precision: the share of detected quantities, percentages and
//!   money whose text contains some gold key of those kinds;
//! - quote speakers: of the gold quotes found, the share whose speaker
//!   matches. A match is case-insensitive and accepts one name containing
//!   the other ("Frank McKenzie" / "Marine General Frank McKenzie") or the
//!   other's last word ("Khogyani" / "Attaullah Khogyani", "unnamed witness"
//!   / "one witness"). A gold speaker of null is matched only by none.
//!
//! No reference date is passed: the plain-text stories carry none, and the
//! scoring reads the claims' text, not their values.

use serde_json::Value;
use wiredesk_core::claims::{detect, ClaimKind, DetectContext, Suggestion};

use crate::support::{corpus, corpus_files};

/// Text folded as gold text is compared, with the byte offset in the
/// original of every byte of the folded text.
struct Folded {
    text: String,
    origin: Vec<usize>,
}

fn fold_with_origin(text: &str) -> Folded {
    let mut folded = Folded {
        text: String::with_capacity(text.len()),
        origin: Vec::with_capacity(text.len()),
    };
    let mut space = false;
    for (at, c) in text.char_indices() {
        if c.is_whitespace() {
            space = !folded.text.is_empty();
            continue;
        }
        if space {
            folded.text.push(' ');
            folded.origin.push(at);
            space = false;
        }
        let c = match c {
            '\u{201c}' | '\u{201d}' => '"',
            '\u{2018}' | '\u{2019}' => '\'',
            c => c,
        };
        let before = folded.text.len();
        folded.text.push(c);
        folded
            .origin
            .extend(std::iter::repeat_n(at, folded.text.len() - before));
    }
    folded
}

fn fold(text: &str) -> String {
    fold_with_origin(text).text
}

const KINDS: [ClaimKind; 5] = [
    ClaimKind::Quantity,
    ClaimKind::Percentage,
    ClaimKind::Money,
    ClaimKind::Date,
    ClaimKind::Quote,
];

fn is_numeric(kind: ClaimKind) -> bool {
    matches!(
        kind,
        ClaimKind::Quantity | ClaimKind::Percentage | ClaimKind::Money
    )
}

/// One gold claim as the scoring reads it.
struct GoldClaim {
    kind: ClaimKind,
    key: String,
    /// Byte range of the key's occurrence in the body, when the gold
    /// context places it.
    occurrence: Option<(usize, usize)>,
    speaker: Option<String>,
}

fn gold_claims(gold: &Value, body: &Folded) -> Vec<GoldClaim> {
    gold["claims"]
        .as_array()
        .expect("gold lists claims")
        .iter()
        .map(|claim| {
            let kind = ClaimKind::parse(claim["kind"].as_str().expect("claim kind"))
                .expect("a known claim kind");
            let key = fold(claim["key"].as_str().expect("claim key"));
            let context = claim["context"].as_str().map(fold).unwrap_or_default();
            let occurrence = (!context.is_empty())
                .then(|| {
                    let at = body.text.find(&context)? + context.find(&key)?;
                    let end = at + key.len() - 1;
                    Some((body.origin[at], body.origin[end] + 1))
                })
                .flatten();
            GoldClaim {
                kind,
                key,
                occurrence,
                speaker: claim["speaker"].as_str().map(str::to_string),
            }
        })
        .collect()
}

fn finds(detected: &Suggestion, gold: &GoldClaim) -> bool {
    detected.kind == gold.kind
        && fold(&detected.text).contains(&gold.key)
        && gold
            .occurrence
            .is_none_or(|(start, end)| detected.start < end && start < detected.end)
}

/// Whether a detected speaker matches the gold one (see the module doc).
fn same_speaker(gold: Option<&str>, detected: Option<&str>) -> bool {
    let (gold, detected) = match (gold, detected) {
        (None, None) => return true,
        (Some(g), Some(d)) => (fold(g).to_lowercase(), fold(d).to_lowercase()),
        _ => return false,
    };
    let surname = |name: &str| name.rsplit(' ').next().unwrap_or(name).to_string();
    gold.contains(&detected)
        || detected.contains(&gold)
        || gold.contains(&surname(&detected))
        || detected.contains(&surname(&gold))
}

#[derive(Default, Clone, Copy)]
struct Tally {
    hit: usize,
    all: usize,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.hit += other.hit;
        self.all += other.all;
    }

    fn share(self) -> f64 {
        if self.all == 0 {
            1.0
        } else {
            self.hit as f64 / self.all as f64
        }
    }

    fn cell(self) -> String {
        format!("{}/{}", self.hit, self.all)
    }
}

#[derive(Default)]
struct Score {
    recall: [Tally; 5],
    precision: Tally,
    speakers: Tally,
}

fn score_story(gold: &Value, body: &str, found: &[Suggestion], misses: &mut Vec<String>) -> Score {
    let folded = fold_with_origin(body);
    let claims = gold_claims(gold, &folded);
    let mut score = Score::default();
    for claim in &claims {
        let k = KINDS
            .iter()
            .position(|k| *k == claim.kind)
            .expect("scored kind");
        score.recall[k].all += 1;
        let hit = found.iter().find(|d| finds(d, claim));
        match hit {
            Some(detected) => {
                score.recall[k].hit += 1;
                if claim.kind == ClaimKind::Quote {
                    score.speakers.all += 1;
                    if same_speaker(claim.speaker.as_deref(), detected.speaker.as_deref()) {
                        score.speakers.hit += 1;
                    } else {
                        misses.push(format!(
                            "  speaker {:?}: gold {:?}, found {:?}",
                            claim.key, claim.speaker, detected.speaker
                        ));
                    }
                }
            }
            None => misses.push(format!("  missed {} {:?}", claim.kind.as_str(), claim.key)),
        }
    }
    let numeric_keys: Vec<&str> = claims
        .iter()
        .filter(|c| is_numeric(c.kind))
        .map(|c| c.key.as_str())
        .collect();
    for detected in found.iter().filter(|d| is_numeric(d.kind)) {
        score.precision.all += 1;
        let text = fold(&detected.text);
        if numeric_keys.iter().any(|key| text.contains(key)) {
            score.precision.hit += 1;
        } else {
            misses.push(format!(
                "  extra {} {:?} ({})",
                detected.kind.as_str(),
                detected.text,
                detected.rule
            ));
        }
    }
    score
}

#[test]
fn claims_against_the_gold_set() {
    let golds = corpus_files("gold", "json");
    assert!(golds.len() >= 20, "only {} gold files", golds.len());

    let mut total = Score::default();
    let mut misses = Vec::new();
    println!(
        "\n{:<28} {:>7} {:>7} {:>7} {:>7} {:>7} {:>8} {:>8}",
        "story", "qty", "pct", "money", "date", "quote", "num-prec", "speaker"
    );
    for path in &golds {
        let gold: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let file = gold["file"].as_str().expect("gold names its file");
        let bytes = std::fs::read(corpus().join("stories").join(file)).expect("read story");
        let copy = wiredesk_core::ingest::parse(&bytes).expect("ingest");
        let found = detect(&copy.body, &DetectContext::default());
        for s in &found {
            assert_eq!(
                &copy.body[s.start..s.end],
                s.text,
                "{file}: a claim's range"
            );
        }
        let mut story_misses = Vec::new();
        let score = score_story(&gold, &copy.body, &found, &mut story_misses);
        let cells: Vec<String> = score.recall.iter().map(|t| t.cell()).collect();
        println!(
            "{:<28} {:>7} {:>7} {:>7} {:>7} {:>7} {:>8} {:>8}",
            file,
            cells[0],
            cells[1],
            cells[2],
            cells[3],
            cells[4],
            score.precision.cell(),
            score.speakers.cell()
        );
        if !story_misses.is_empty() {
            misses.push(format!("{file}:"));
            misses.append(&mut story_misses);
        }
        for (sum, part) in total.recall.iter_mut().zip(score.recall) {
            sum.add(part);
        }
        total.precision.add(score.precision);
        total.speakers.add(score.speakers);
    }
    let mut numeric = Tally::default();
    for k in 0..3 {
        numeric.add(total.recall[k]);
    }
    let figures = [
        // 24 of the 50 gold stories were added after detection was tuned;
        // on them exchange rates, vague quantities and relative dates are
        // still missed (raising this is the claims work on unseen copy).
        // The floor is today's figure rounded down, so a regression fails.
        ("numeric recall", numeric, 0.90),
        ("numeric precision", total.precision, 0.90),
        ("date recall", total.recall[3], 0.90),
        ("quote recall", total.recall[4], 0.90),
        ("quote speaker correct", total.speakers, 0.80),
    ];
    println!("\nwhat the detector got wrong:\n{}", misses.join("\n"));
    println!();
    for (name, tally, _) in figures {
        println!(
            "{name:<22} {:>6.1}%  ({})",
            tally.share() * 100.0,
            tally.cell()
        );
    }
    // The bar detection must clear over the whole gold set.
    for (name, tally, floor) in figures {
        assert!(
            tally.share() >= floor,
            "{name} fell to {:.1}%",
            tally.share() * 100.0
        );
    }
}
