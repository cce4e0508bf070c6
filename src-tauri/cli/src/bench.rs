//! `wiredesk bench`: builds a large library of generated wire copy through
//! the normal ingest path (so its rows are exactly what real copy makes),
//! and measures the desk's operations on a library.
//!
//! The copy is agency-style prose from templates — wars, elections, rates,
//! quakes, results, strikes, floods — with figures, dates and attributed
//! quotes, as ninjs (60%) and NITF (40%). A share of the
//! stories get a second wire version, a desk edit, checked claims and an
//! export, through the same `Library` calls the app and the CLI make.

mod desks;
pub use desks::desks;

use std::{
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use anyhow::{bail, Context as _};
use serde::Serialize;
use wiredesk_core::{
    claims::Evidence, export::ExportFormat, library::team::ScratchTeamLibrary, InboxCursor,
    IngestStatus, Library, StoryFilter,
};

/// A small deterministic generator (SplitMix64): the same seed gives the
/// same library, and it costs nothing next to the ingest.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn range(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high - low + 1)
    }
}

const AGENCIES: [(&str, &str); 5] = [
    ("Meridian Wire", "MW"),
    ("Baltic Newsline", "BN"),
    ("Harbour Press", "HP"),
    ("Northern Agency", "NA"),
    ("Coastal Wire", "CW"),
];
const FIRST: &[&str] = &[
    "Ana", "Tomas", "Lena", "Marek", "Ines", "Pavel", "Sara", "Jonas", "Maria", "Erik", "Nadia",
    "Oskar", "Vera", "Lukas", "Irena", "Felix", "Dana", "Karol", "Elin", "Matteo",
];
const LAST: &[&str] = &[
    "Varga",
    "Lindqvist",
    "Moreau",
    "Kowal",
    "Reis",
    "Halvorsen",
    "Novak",
    "Berg",
    "Castell",
    "Dimitrov",
    "Ostrand",
    "Petrov",
    "Sandor",
    "Telles",
    "Ulrich",
    "Voss",
    "Weller",
    "Yilmaz",
    "Zeller",
    "Brandt",
    "Marin",
    "Kessler",
    "Lund",
    "Frost",
];
const SYLLABLES: &[&str] = &[
    "ost", "var", "hal", "mer", "bry", "lun", "ska", "dor", "vik", "tor", "len", "gar", "sel",
    "mar", "rud", "kel",
];
const COUNTRIES: &[&str] = &[
    "Veloria",
    "Ostrava",
    "Carrano",
    "Northern Vess",
    "Lumeria",
    "Halden",
    "Sarvia",
    "Orland",
];
const DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const ROLES: &[&str] = &[
    "the interior minister",
    "a government spokeswoman",
    "the regional governor",
    "the company's chief executive",
    "a union leader",
    "the central bank governor",
    "a senior army officer",
    "the mayor",
];

/// A generated story, before it is dressed as one wire format.
struct Story {
    guid: String,
    agency: (&'static str, &'static str),
    headline: String,
    city: String,
    country: &'static str,
    month: &'static str,
    day: u64,
    byline: String,
    paragraphs: Vec<String>,
    credit: String,
}

fn town(rng: &mut Rng) -> String {
    let name: String = (0..3).map(|_| rng.pick(SYLLABLES)).collect();
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or(name)
}

fn person(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(FIRST), rng.pick(LAST))
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The body of one story kind: headline and paragraphs.
fn body(rng: &mut Rng, city: &str, country: &str) -> (String, Vec<String>) {
    let day = rng.pick(DAYS);
    let speaker = person(rng);
    let role = rng.pick(ROLES);
    let place = town(rng);
    let filler = [
        format!("Officials in {place} said talks would continue later in the week."),
        format!(
            "The announcement came after weeks of pressure from opposition parties in {country}."
        ),
        format!("Analysts said the move was expected to weigh on markets in {city} and {place}."),
        format!("A spokesman for the ministry declined to comment further on {day}."),
        "It was not immediately clear how long the measures would stay in place.".to_owned(),
    ];
    let (headline, mut paragraphs) = match rng.below(7) {
        0 => {
            let troops = rng.range(2, 90) * 100;
            (
                format!("{country} to send {troops} more troops to {place}"),
                vec![
                    format!("{country} will send {troops} additional troops to {place}, {role} said on {day}, as tensions rose along the border."),
                    format!("\"We will not leave our people unprotected,\" {speaker}, {role}, told reporters in {city}."),
                    format!("Some {} soldiers are already stationed in the region, according to figures published last month.", thousands(rng.range(1, 9) * 1000)),
                ],
            )
        }
        1 => {
            let turnout = format!("{}.{}", rng.range(20, 80), rng.range(0, 9));
            (
                format!("Turnout reaches {turnout}% in {place} vote"),
                vec![
                    format!("Turnout in the regional election in {place} reached {turnout} percent by the time polls closed on {day}, the election commission said."),
                    format!("That compares with {} percent four years ago.", rng.range(20, 80)),
                    format!("\"This is a clear message from voters,\" said {speaker}, who leads the opposition list."),
                ],
            )
        }
        2 => {
            let bp = rng.range(1, 8) * 25;
            (
                format!("{country} central bank raises rates by {bp} basis points"),
                vec![
                    format!("The central bank of {country} raised its main interest rate by {bp} basis points to {}.{} percent on {day}, its {} increase this year.", rng.range(2, 9), rng.range(0, 9) * 25 % 100, rng.pick(&["first", "second", "third", "fourth"])),
                    format!("Inflation stood at {}.{} percent in {}, well above the bank's target.", rng.range(3, 15), rng.range(0, 9), rng.pick(MONTHS)),
                    format!("\"Price stability comes first,\" {speaker}, {role}, said in a statement."),
                ],
            )
        }
        3 => {
            let magnitude = format!("{}.{}", rng.range(4, 7), rng.range(0, 9));
            let dead = rng.range(0, 60);
            (
                format!("Magnitude {magnitude} quake shakes {place}, at least {dead} killed"),
                vec![
                    format!("An earthquake of magnitude {magnitude} struck near {place} early on {day}, killing at least {dead} people and damaging hundreds of buildings, officials said."),
                    format!("Rescue teams were searching for survivors in {} villages, {role} said.", rng.range(2, 30)),
                    format!("\"We heard a roar and then everything shook,\" said {speaker}, a resident of {city}."),
                ],
            )
        }
        4 => {
            let profit = rng.range(10, 990);
            let company = format!(
                "{} {}",
                town(rng),
                rng.pick(&["Systems", "Holdings", "Energy", "Shipping", "Foods"])
            );
            (
                format!("{company} quarterly profit jumps {}%", rng.range(5, 80)),
                vec![
                    format!("{company} reported a net profit of ${profit} million for the quarter on {day}, beating analysts' forecasts of ${} million.", profit.saturating_sub(rng.range(1, 9))),
                    format!("Revenue rose to {}.{} billion dollars, the company said.", rng.range(1, 40), rng.range(0, 9)),
                    format!("\"Demand held up better than we feared,\" {speaker}, {role}, told analysts on a call."),
                ],
            )
        }
        5 => {
            let workers = thousands(rng.range(1, 40) * 500);
            (
                format!("{workers} workers strike at {place} port"),
                vec![
                    format!("About {workers} dockworkers walked out at the port of {place} on {day} over plans to automate cargo handling, the union said."),
                    format!("The strike is expected to last {} days and could delay shipments worth €{} million.", rng.range(1, 14), rng.range(5, 400)),
                    format!("\"Machines do not feed families,\" said {speaker}, a union leader."),
                ],
            )
        }
        _ => {
            let evacuated = thousands(rng.range(1, 60) * 200);
            (
                format!("Floods in {place} force {evacuated} from homes"),
                vec![
                    format!("Floods along the river near {place} forced {evacuated} people from their homes on {day}, emergency services said."),
                    format!("Water levels rose {} metres in {} hours, the highest since {}.", rng.range(1, 6), rng.range(6, 48), rng.range(1950, 2020)),
                    format!("\"The water came faster than anyone expected,\" {speaker}, {role}, said."),
                ],
            )
        }
    };
    for _ in 0..rng.range(2, 4) {
        let line = filler[rng.below(filler.len())].clone();
        if !paragraphs.contains(&line) {
            paragraphs.push(line);
        }
    }
    // A word one story in about ten thousand has, for the rare-word search.
    if rng.below(10_000) == 0 {
        paragraphs.push(format!(
            "The old zeppelin hangar in {place} was used as a shelter."
        ));
    }
    (headline, paragraphs)
}

fn story(rng: &mut Rng, n: u64) -> Story {
    let agency = AGENCIES[rng.below(AGENCIES.len())];
    let city = town(rng);
    let country = rng.pick(COUNTRIES);
    let (headline, paragraphs) = body(rng, &city, country);
    Story {
        guid: format!("urn:wiredesk-bench:{}:{n}", agency.1.to_lowercase()),
        agency,
        headline,
        country,
        month: rng.pick(MONTHS),
        day: rng.range(1, 28),
        byline: format!("By {}", person(rng)),
        credit: format!("(Reporting by {}; Editing by {})", person(rng), person(rng)),
        city,
        paragraphs,
    }
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The wire formats generated: both carry the agency's id.
#[derive(Clone, Copy)]
enum WireFormat {
    Ninjs,
    Nitf,
}

/// The story as wire copy: ninjs or NITF.
fn render(story: &Story, format: WireFormat, version: u32) -> (String, Vec<u8>) {
    let dateline = format!(
        "{}, {} {} ({})",
        story.city.to_uppercase(),
        story.month,
        story.day,
        story.agency.0
    );
    match format {
        WireFormat::Ninjs => {
            let body = std::iter::once(format!("{} - {}", dateline, story.paragraphs[0]))
                .chain(story.paragraphs[1..].iter().cloned())
                .collect::<Vec<_>>()
                .join("\n\n");
            let item = serde_json::json!({
                "uri": story.guid,
                "version": version.to_string(),
                "type": "text",
                "headline": story.headline,
                "byline": story.byline,
                "located": format!("{}, {}", story.city, story.country),
                "copyrightholder": story.agency.0,
                "body_text": body,
                "descriptions": [{ "role": "creditline", "value": story.credit }],
            });
            ("json".into(), item.to_string().into_bytes())
        }
        WireFormat::Nitf => {
            let paragraphs: String =
                std::iter::once(format!("{} - {}", dateline, story.paragraphs[0]))
                    .chain(story.paragraphs[1..].iter().cloned())
                    .map(|p| format!("<p>{}</p>", xml_escape(&p)))
                    .collect();
            let xml = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<nitf><head><title>{h}</title><docdata>\
                 <doc-id regsrc=\"{code}\" id-string=\"{guid}\"/><du-key version=\"{version}\"/></docdata></head>\
                 <body><body.head><hedline><hl1>{h}</hl1></hedline><byline>{by}</byline>\
                 <dateline>{city}</dateline></body.head><body.content>{paragraphs}</body.content>\
                 <body.end><tagline>{credit}</tagline></body.end></body></nitf>\n",
                h = xml_escape(&story.headline),
                code = story.agency.1,
                guid = xml_escape(&story.guid),
                by = xml_escape(&story.byline),
                city = xml_escape(&story.city),
                credit = xml_escape(&story.credit),
            );
            ("xml".into(), xml.into_bytes())
        }
    }
}

/// What generation made, and how long it took.
#[derive(Debug, Serialize)]
pub struct Generated {
    pub stories: u64,
    pub wire_updates: u64,
    pub edits: u64,
    pub checked_claims: u64,
    pub exports: u64,
    pub errors: u64,
    pub seconds: f64,
    pub stories_per_second: f64,
    pub database_bytes: u64,
}

/// Stories ingested per batch (each batch is one ingest call).
const BATCH: u64 = 5_000;

/// Builds a library of `stories` generated stories at `out` (a new file).
pub fn generate(out: &Path, stories: u64, seed: u64, quiet: bool) -> anyhow::Result<Generated> {
    let team = wiredesk_core::library::team::is_team_location(out);
    if !team && out.exists() {
        bail!(
            "{} already exists: give a new file for the generated library",
            out.display()
        );
    }
    let started = Instant::now();
    // A new library: its folder is made (Library::open makes none).
    let mut library = match out.to_str().filter(|_| team) {
        // A team library: its database is made by whoever runs the server;
        // the schema is created here if it has none, and it must be empty.
        Some(url) => {
            let shown = wiredesk_core::library::team::shown_location(url);
            let library = Library::init_team(url).with_context(|| format!("creating {shown}"))?;
            if library.story_count()? > 0 {
                bail!("{shown} already holds stories: give an empty database for the generated library");
            }
            library
        }
        None => {
            if let Some(folder) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(folder)
                    .with_context(|| format!("creating {}", folder.display()))?;
            }
            Library::open(out).with_context(|| format!("creating {}", out.display()))?
        }
    };
    library.set_actor("bench");
    let mut rng = Rng(seed);
    let mut made = Generated {
        stories: 0,
        wire_updates: 0,
        edits: 0,
        checked_claims: 0,
        exports: 0,
        errors: 0,
        seconds: 0.0,
        stories_per_second: 0.0,
        database_bytes: 0,
    };
    // Second versions wait for the next batch, as the agency's later takes would.
    let mut updates: Vec<(String, Vec<u8>)> = Vec::new();
    let mut from = 0;
    while from < stories {
        let to = (from + BATCH).min(stories);
        let mut copies = std::mem::take(&mut updates);
        let update_count = copies.len() as u64;
        let mut chosen = Vec::new();
        for n in from..to {
            let story = story(&mut rng, n);
            // Agency feeds carry ids: ninjs and NITF. (Web text has none and
            // is matched by its opening; templated openings would match each
            // other, so the generated library holds no plain text.)
            let format = if n % 10 <= 5 {
                WireFormat::Ninjs
            } else {
                WireFormat::Nitf
            };
            let (ext, bytes) = render(&story, format, 1);
            copies.push((format!("bench/{n}.{ext}"), bytes));
            if n % 10 == 6 {
                // One story in ten gets the agency's second take: a new
                // paragraph and a revised figure.
                let mut second = story;
                second.paragraphs.insert(
                    1,
                    format!(
                        "The figure was revised later on {}, officials said.",
                        rng.pick(DAYS)
                    ),
                );
                let (ext, bytes) = render(&second, format, 2);
                updates.push((format!("bench/{n}-v2.{ext}"), bytes));
            }
            chosen.push(n);
        }
        let reports = library.ingest_copies(copies, |_| {});
        for report in &reports {
            match report.status {
                IngestStatus::New => made.stories += 1,
                IngestStatus::Update => made.wire_updates += 1,
                IngestStatus::Error | IngestStatus::Duplicate => made.errors += 1,
            }
        }
        // The desk's work on a share of the new stories: the first report
        // after the updates is the batch's first story.
        let firsts = reports.iter().skip(update_count as usize);
        for (n, report) in chosen.iter().zip(firsts) {
            let Some(id) = report.story_id else { continue };
            if n % 20 == 1 {
                desk_edit(&mut library, id)?;
                made.edits += 1;
            }
            if n % 20 == 2 {
                made.checked_claims += check_claims(&mut library, id)?;
            }
            if n % 50 == 3 {
                library.export(&wiredesk_core::ExportRequest {
                    override_reason: Some("generated library"),
                    ..wiredesk_core::ExportRequest::new(id, ExportFormat::Txt)
                })?;
                made.exports += 1;
            }
        }
        from = to;
        if !quiet {
            let seconds = started.elapsed().as_secs_f64();
            eprintln!(
                "wiredesk bench: {} of {stories} stories, {:.0} s, {:.0} stories/s",
                made.stories,
                seconds,
                made.stories as f64 / seconds
            );
        }
    }
    if !updates.is_empty() {
        for report in library.ingest_copies(updates, |_| {}) {
            if report.status == IngestStatus::Update {
                made.wire_updates += 1;
            } else {
                made.errors += 1;
            }
        }
    }
    // A team library's size is the server's to say; a file's is its own.
    let team_bytes = team.then(|| library.stored_bytes()).transpose()?;
    drop(library);
    made.seconds = started.elapsed().as_secs_f64();
    made.stories_per_second = made.stories as f64 / made.seconds;
    made.database_bytes = team_bytes.unwrap_or_else(|| database_bytes(out));
    Ok(made)
}

/// The desk changes a figure and a sentence.
fn desk_edit(library: &mut Library, id: i64) -> anyhow::Result<()> {
    let story = library.story(id)?;
    let body = story.body.replacen(" said", " told reporters", 1);
    let body = match body.find(|c: char| c.is_ascii_digit()) {
        Some(at) => format!("{}9{}", &body[..at], &body[at + 1..]),
        None => body,
    };
    library.save_edit(
        id,
        Some(story.revision_id),
        &story.headline,
        &body,
        Some("desk edit"),
    )?;
    Ok(())
}

/// A checker verifies the first claim with evidence and disputes the second.
fn check_claims(library: &mut Library, id: i64) -> anyhow::Result<u64> {
    let claims = library.claims(id)?;
    let mut checked = 0;
    for (claim, status) in claims.iter().zip(["verified", "disputed"]) {
        library.update_claim(claim.id, Some("checking"), None, Some("checker"))?;
        library.update_claim(
            claim.id,
            Some(status),
            Some("checked against the ministry's release"),
            None,
        )?;
        library.add_claim_evidence(
            claim.id,
            &Evidence::Url("https://example.org/release".into()),
        )?;
        checked += 1;
    }
    Ok(checked)
}

fn database_bytes(db: &Path) -> u64 {
    ["", "-wal"]
        .iter()
        .map(|suffix| {
            let mut path = db.as_os_str().to_owned();
            path.push(suffix);
            std::fs::metadata(PathBuf::from(path)).map_or(0, |m| m.len())
        })
        .sum()
}

/// The desk's operations timed on a library.
#[derive(Debug, Serialize)]
pub struct Measured {
    pub stories: u64,
    pub database_bytes: u64,
    pub bytes_per_story: f64,
    /// Opening the library (schema check included), best and median of 5.
    pub open_ms: Spread,
    pub inbox_first_page_ms: Spread,
    /// Half way down the inbox, by OFFSET.
    pub inbox_deep_page_ms: Spread,
    /// Half way down the inbox, after a row (as the app pages).
    pub inbox_deep_page_by_cursor_ms: Spread,
    pub searches: Vec<Search>,
    /// A story with its claims and the findings against its wire copy: what
    /// the app waits for before it shows the story.
    pub open_story_ms: Spread,
    /// The same stories' figures compared with other stories' (a search of
    /// the library), which the app asks for once the story shows.
    pub figure_findings_ms: Spread,
    /// An edited story's current text against its wire original.
    pub diff_ms: Spread,
    /// The same generated copy ingested into this library and into an empty one.
    pub ingest: IngestRates,
    /// This process's resident memory (VmRSS), in MiB.
    pub memory_after_open_mib: f64,
    pub memory_after_50_searches_mib: f64,
}

/// Ingest of new copy into a library against into an empty one, the same
/// copy, in alternating rounds (disk flushes of one round land in the next,
/// so a single pair is noisy): medians, and each round's figures.
#[derive(Debug, Serialize)]
pub struct IngestRates {
    pub stories_per_round: u64,
    pub into_this_per_second: f64,
    pub into_empty_per_second: f64,
    /// Median of the rounds' ratios (this / empty).
    pub ratio: f64,
    pub rounds: Vec<IngestRound>,
}

#[derive(Debug, Serialize)]
pub struct IngestRound {
    pub into_this_per_second: f64,
    pub into_empty_per_second: f64,
}

/// Rounds of the ingest measure.
const INGEST_ROUNDS: u64 = 5;

/// Measures [`IngestRates`] by ingesting `ingest` new generated stories per
/// round into `library` and into a fresh empty library.
pub fn ingest_rates(library: &mut Library, ingest: u64, seed: u64) -> anyhow::Result<IngestRates> {
    // Each seed and round numbers its stories apart from every other's.
    let first_new = 10_000_000_000 + seed.wrapping_mul(100_000_000) % 1_000_000_000_000;
    let copies = |offset: u64| -> Vec<(String, Vec<u8>)> {
        let mut rng = Rng(seed ^ offset ^ 0xC0FFEE);
        (0..ingest)
            .map(|n| {
                let story = story(&mut rng, offset + n);
                let format = if n % 2 == 0 {
                    WireFormat::Ninjs
                } else {
                    WireFormat::Nitf
                };
                let (ext, bytes) = render(&story, format, 1);
                (format!("bench-new/{offset}-{n}.{ext}"), bytes)
            })
            .collect()
    };
    let rate = |library: &mut Library, copies: Vec<(String, Vec<u8>)>| {
        let count = copies.len() as f64;
        let at = Instant::now();
        let reports = library.ingest_copies(copies, |_| {});
        let stored = reports
            .iter()
            .filter(|r| r.status == IngestStatus::New)
            .count();
        (stored, count / at.elapsed().as_secs_f64())
    };
    let mut rounds = Vec::new();
    for round in 0..INGEST_ROUNDS {
        let offset = first_new + round * 1_000_000;
        // The empty library is of the same backend: a file beside a file,
        // a database on the same server beside a team library.
        let into_empty = if library.is_team() {
            let scratch = ScratchTeamLibrary::beside(library).context(
                "the baseline needs an empty team library on the same server (CREATEDB)",
            )?;
            let mut empty = scratch.open()?;
            let (_, into_empty) = rate(&mut empty, copies(offset));
            drop(empty);
            into_empty
        } else {
            let empty_dir = std::env::temp_dir().join(format!(
                "wiredesk-bench-empty-{}-{round}",
                std::process::id()
            ));
            let _ = std::fs::remove_dir_all(&empty_dir);
            std::fs::create_dir_all(&empty_dir)?;
            let mut empty = Library::open(&empty_dir.join("library.sqlite"))?;
            let (_, into_empty) = rate(&mut empty, copies(offset));
            drop(empty);
            let _ = std::fs::remove_dir_all(&empty_dir);
            into_empty
        };
        let (stored, into_this) = rate(library, copies(offset));
        if stored == 0 && ingest > 0 {
            bail!("the new copy was not stored (measured before on this library?): use another --seed");
        }
        rounds.push(IngestRound {
            into_this_per_second: into_this.round(),
            into_empty_per_second: into_empty.round(),
        });
    }
    let median = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        values.get(values.len() / 2).copied().unwrap_or(0.0)
    };
    let ratio = median(
        rounds
            .iter()
            .map(|r| r.into_this_per_second / r.into_empty_per_second.max(1.0))
            .collect(),
    );
    Ok(IngestRates {
        stories_per_round: ingest,
        into_this_per_second: median(rounds.iter().map(|r| r.into_this_per_second).collect()),
        into_empty_per_second: median(rounds.iter().map(|r| r.into_empty_per_second).collect()),
        ratio: (ratio * 100.0).round() / 100.0,
        rounds,
    })
}

/// Times in milliseconds.
#[derive(Debug, Serialize)]
pub struct Spread {
    pub p50: f64,
    pub p95: f64,
    pub max: f64,
    pub runs: usize,
}

impl Spread {
    /// The spread of `times`; of one zero when there are none.
    fn of(mut times: Vec<Duration>) -> Spread {
        if times.is_empty() {
            times.push(Duration::ZERO);
        }
        times.sort();
        let ms = |d: Duration| (d.as_secs_f64() * 1e5).round() / 100.0;
        let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
        Spread {
            p50: ms(at(0.5)),
            p95: ms(at(0.95)),
            max: ms(times[times.len() - 1]),
            runs: times.len(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Search {
    pub kind: &'static str,
    pub query: String,
    pub hits: usize,
    pub ms: Spread,
    /// The same text found with `LIKE '%…%'` over every story's current text, once.
    pub like_scan_ms: Option<f64>,
}

fn time<T>(runs: usize, mut f: impl FnMut(usize) -> anyhow::Result<T>) -> anyhow::Result<Spread> {
    let mut times = Vec::with_capacity(runs);
    for run in 0..runs {
        let at = Instant::now();
        f(run)?;
        times.push(at.elapsed());
    }
    Ok(Spread::of(times))
}

fn resident_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kb| (kb / 1024.0 * 10.0).round() / 10.0)
}

/// Measures the desk's operations on the library at `db`. Ingest is
/// measured by adding `ingest` new generated stories to it.
/// Five typical searches, each timed ten times: a name, a place, a
/// phrase, a number, a rare word; with `with_like_scan` also the same words
/// found by scanning every current text, the baseline (minutes at a million
/// stories on a team library).
pub fn search_timings(
    library: &Library,
    seed: u64,
    with_like_scan: bool,
) -> anyhow::Result<Vec<Search>> {
    let mut rng = Rng(seed ^ 0x5EA5C);
    let probe = story(&mut rng, 0);
    let person = person(&mut rng);
    let name = format!("\"{person}\"");
    let place = probe.city.clone();
    let queries = [
        ("name", name, Some(person)),
        ("place", place.clone(), Some(place)),
        (
            "phrase",
            "\"central bank\"".to_owned(),
            Some("central bank".to_owned()),
        ),
        ("number", "4,000".to_owned(), Some("4,000".to_owned())),
        (
            "rare word",
            "zeppelin".to_owned(),
            Some("zeppelin".to_owned()),
        ),
    ];
    let mut searches = Vec::new();
    for (kind, query, like) in queries {
        // Once untimed: the first search of a word reads its index pages
        // from disk; the desk's searches after that find them in memory.
        library.search(&query, 100)?;
        let mut hits = 0;
        let ms = time(10, |_| {
            hits = library.search(&query, 100)?.len();
            Ok(())
        })?;
        // The baseline: the same words found by scanning every current text.
        let like_scan_ms = match like.filter(|_| with_like_scan) {
            Some(text) => {
                let at = Instant::now();
                library.count_current_texts_containing(&text)?;
                Some((at.elapsed().as_secs_f64() * 1e5).round() / 100.0)
            }
            None => None,
        };
        searches.push(Search {
            kind,
            query,
            hits,
            ms,
            like_scan_ms,
        });
    }
    Ok(searches)
}

/// A page of the inbox half way down (`deep` stories in), as the app pages:
/// after the last row it holds, twenty times.
fn deep_page_by_cursor(library: &Library, deep: u32) -> anyhow::Result<Spread> {
    let at_depth = library.stories(1, deep)?;
    let filter = StoryFilter {
        after: at_depth.first().map(|row| InboxCursor {
            received_at: row.received_at.clone(),
            id: row.id,
        }),
        ..StoryFilter::default()
    };
    time(20, |_| {
        library.stories_where(200, 0, &filter).map_err(Into::into)
    })
}

/// `bench measure --only-inbox`: the inbox's pages and opening stories,
/// without the baselines and the ingest rounds of a full measure.
#[derive(Debug, Serialize)]
pub struct InboxTimings {
    pub stories: u64,
    /// The first page as a desktop that has just opened the library reads
    /// it: on a new connection (each statement prepared, the server's
    /// caches for the tables filled), every row's ⚑ count worked out.
    pub inbox_first_page_cold_ms: Spread,
    /// The first page on a connection that has read the second (the same
    /// statements, prepared), none of its rows' counts kept: what a page of
    /// stories new to this desktop costs.
    pub inbox_first_page_uncounted_ms: Spread,
    /// The first page read again, as the inbox does after each change:
    /// counts kept for rows whose checks read nothing new.
    pub inbox_first_page_ms: Spread,
    pub inbox_deep_page_by_cursor_ms: Spread,
    pub open_story_ms: Spread,
}

pub fn inbox_timings(db: &Path, seed: u64) -> anyhow::Result<InboxTimings> {
    let mut fresh = Vec::with_capacity(10);
    for _ in 0..10 {
        fresh.push(Library::open(db)?);
    }
    let inbox_first_page_cold_ms = time(fresh.len(), |run| {
        fresh[run].stories(200, 0).map_err(Into::into)
    })?;
    drop(fresh);
    let mut warmed = Vec::with_capacity(10);
    for _ in 0..10 {
        // A fresh library warmed by the second page (the same statements,
        // the next 200 rows), none of the first page's counts kept.
        let library = Library::open(db)?;
        library.stories(200, 200)?;
        warmed.push(library);
    }
    let inbox_first_page_uncounted_ms = time(warmed.len(), |run| {
        warmed[run].stories(200, 0).map_err(Into::into)
    })?;
    drop(warmed);
    let library = &Library::open(db)?;
    let stories = library.story_count()? as u64;
    // One untimed page first, as the app's first look fills the caches.
    library.stories(200, 0)?;
    let inbox_first_page_ms = time(20, |_| library.stories(200, 0).map_err(Into::into))?;
    let deep = (stories / 2).min(u32::MAX as u64) as u32;
    let inbox_deep_page_by_cursor_ms = deep_page_by_cursor(library, deep)?;
    let (_, open_story_ms) = open_stories(library, &mut Rng(seed ^ 0x1AB0), stories)?;
    Ok(InboxTimings {
        stories,
        inbox_first_page_cold_ms,
        inbox_first_page_uncounted_ms,
        inbox_first_page_ms,
        inbox_deep_page_by_cursor_ms,
        open_story_ms,
    })
}

/// Fifty stories drawn from `rng`, each opened as the app opens one (its
/// text, its claims, the checks against its wire copy): their ids and the
/// times.
fn open_stories(
    library: &Library,
    rng: &mut Rng,
    stories: u64,
) -> anyhow::Result<(Vec<i64>, Spread)> {
    let ids: Vec<i64> = (0..50)
        .map(|_| 1 + rng.below(stories.max(1) as usize) as i64)
        .collect();
    let times = time(ids.len(), |run| {
        let id = ids[run];
        library.story(id)?;
        library.claims(id)?;
        library.wire_findings(id)?;
        Ok(())
    })?;
    Ok((ids, times))
}

pub fn measure(db: &Path, ingest: u64, seed: u64) -> anyhow::Result<Measured> {
    if !wiredesk_core::library::team::is_team_location(db) && !db.exists() {
        bail!(
            "{} does not exist: generate a library first (wiredesk bench generate)",
            db.display()
        );
    }
    let open_ms = time(5, |_| Library::open(db).map(drop).map_err(Into::into))?;
    let mut library = Library::open(db)?;
    library.set_actor("bench");
    let memory_after_open_mib = resident_mib();
    let stories = library.story_count()? as u64;
    let inbox_first_page_ms = time(20, |_| library.stories(200, 0).map_err(Into::into))?;
    let deep = (stories / 2).min(u32::MAX as u64) as u32;
    let inbox_deep_page_ms = time(20, |run| {
        library.stories(200, deep + run as u32).map_err(Into::into)
    })?;
    let inbox_deep_page_by_cursor_ms = deep_page_by_cursor(&library, deep)?;

    let searches = search_timings(&library, seed, true)?;
    // The stories opened next follow the searches' draws, as they did when
    // the searches drew from the same generator.
    let mut rng = Rng(seed ^ 0x5EA5C);
    story(&mut rng, 0);
    person(&mut rng);
    let memory_after_50_searches_mib = resident_mib();

    // Stories as the app opens them, and diffs of edited ones.
    let (ids, open_story_ms) = open_stories(&library, &mut rng, stories)?;
    let figure_findings_ms = time(ids.len(), |run| {
        library.figure_findings(ids[run]).map_err(Into::into)
    })?;
    let edited = library.edited_story_ids(50)?;
    let diff_ms = if edited.is_empty() {
        Spread::of(vec![Duration::ZERO])
    } else {
        time(edited.len(), |run| {
            library
                .diff(
                    edited[run],
                    None,
                    None,
                    wiredesk_core::diff::DiffOptions::default(),
                )
                .map_err(Into::into)
        })?
    };

    let ingest_rates = ingest_rates(&mut library, ingest, seed)?;
    let database_bytes = if wiredesk_core::library::team::is_team_location(db) {
        library.stored_bytes()?
    } else {
        database_bytes(db)
    };
    Ok(Measured {
        stories,
        database_bytes,
        bytes_per_story: (database_bytes as f64 / stories.max(1) as f64).round(),
        open_ms,
        inbox_first_page_ms,
        inbox_deep_page_ms,
        inbox_deep_page_by_cursor_ms,
        searches,
        open_story_ms,
        figure_findings_ms,
        diff_ms,
        ingest: ingest_rates,
        memory_after_open_mib,
        memory_after_50_searches_mib,
    })
}
