//! Date claims resolved against the copy's own date: through the CLI on a
//! made-up story, and over every story of the shared corpus (each in a
//! library of its own, as the shared scorer ingests it), where no date
//! resolved from the copy's date may lie after it unless the copy speaks of
//! the future ("will meet on Friday", "next month").

use serde_json::Value;
use time::{Date, Month};
use wiredesk_core::{
    claims::{detect, ClaimKind, DetectContext},
    ingest::CopyDate,
};

use crate::support::{corpus, TempLibrary};

/// The first day a date claim's value names: "2014-03-06", "2014-03" (its
/// first day), "2014", "2013-Q4", "2014-H1", "week of 2014-03-03", a range
/// "2014-03-09/2014-03-13" (its start). None for a time of day or a
/// description ("two years ago").
fn first_day(value: &str) -> Option<Date> {
    let value = value.strip_prefix("week of ").unwrap_or(value);
    let value = value.split('/').next()?;
    let mut parts = value.split('-');
    let year: i32 = parts.next()?.parse().ok().filter(|_| value.len() >= 4)?;
    let (month, day) = match (parts.next(), parts.next()) {
        (None, _) => (1, 1),
        (Some(q), None) if q.starts_with('Q') || q.starts_with('H') => {
            let n: u8 = q[1..].parse().ok()?;
            (
                if q.starts_with('Q') {
                    3 * n - 2
                } else {
                    6 * n - 5
                },
                1,
            )
        }
        (Some(m), None) => (m.parse().ok()?, 1),
        (Some(m), Some(d)) => (m.parse().ok()?, d.parse().ok()?),
    };
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// The copy's day as dates are counted from it: a month and day without a
/// year take the latest year that puts them on or before today.
fn copy_day(copy_date: &str) -> Option<Date> {
    match CopyDate::parse(copy_date)? {
        CopyDate::MonthDay(md) => {
            let today = time::OffsetDateTime::now_utc().date();
            let month = Month::try_from(md.month).ok()?;
            (0..=4)
                .filter_map(|back| {
                    Date::from_calendar_date(today.year() - back, month, md.day).ok()
                })
                .find(|d| *d <= today)
        }
        other => other.day(),
    }
}

#[test]
fn no_resolved_date_in_the_corpus_lies_after_its_copys_date() {
    let mut files: Vec<_> = std::fs::read_dir(corpus().join("stories"))
        .expect("read stories")
        .map(|e| e.expect("story entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(files.len() >= 20, "only {} stories", files.len());
    let (mut dated, mut checked, mut forward) = (0, 0, 0);
    let mut late = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let lib = TempLibrary::new();
        let mut library = lib.open();
        for report in library.ingest_file(path) {
            let Some(id) = report.story_id else {
                continue;
            };
            let story = library.story(id).unwrap();
            let Some(day) = story.copy_date.as_deref().and_then(copy_day) else {
                continue;
            };
            dated += 1;
            // What the detector says of each date in this body, counted from
            // the copy's day: its value and whether it looks ahead.
            let suggested: Vec<(String, String, bool)> =
                detect(&story.body, &DetectContext::copy_date(day))
                    .into_iter()
                    .filter(|s| s.kind == ClaimKind::Date)
                    .map(|s| (s.text, s.value.unwrap_or_default(), s.forward))
                    .collect();
            for claim in library.claims(id).unwrap() {
                if claim.kind.as_str() != "date" || claim.detached {
                    continue;
                }
                let value = claim.value.clone().unwrap_or_default();
                let Some(against) = claim.resolved_against.as_deref() else {
                    continue;
                };
                assert_eq!(
                    against, "copy-date",
                    "{name}: {:?} was counted from the day received though the copy is dated {day}",
                    claim.text
                );
                let suggestion = suggested
                    .iter()
                    .find(|(text, v, _)| *text == claim.text && *v == value)
                    .unwrap_or_else(|| {
                        panic!(
                            "{name}: stored {:?} = {value} is not what the copy's date gives: {suggested:?}",
                            claim.text
                        )
                    });
                checked += 1;
                if suggestion.2 {
                    forward += 1;
                    println!("{name}: {:?} = {value} (ahead of {day})", claim.text);
                    continue;
                }
                if first_day(&value).is_some_and(|first| first > day) {
                    late.push(format!("{name}: {:?} = {value} after {day}", claim.text));
                }
            }
        }
    }
    println!(
        "\n{} stories, {dated} with a copy date: {checked} dates counted from it, \
         {forward} of them ahead (future tense)",
        files.len()
    );
    assert!(
        late.is_empty(),
        "past-tense dates after the copy's date:\n{}",
        late.join("\n")
    );
    assert!(dated >= 20, "only {dated} stories with a copy date");
    assert!(
        checked >= 50,
        "only {checked} dates counted from a copy date"
    );
}

#[test]
fn the_cli_resolves_a_leads_dates_against_its_dateline_and_keeps_the_dateline_out() {
    let lib = TempLibrary::new();
    let file = lib.file(
        "quake.txt",
        "Quake toll rises\n\n\
         LIMA, March 11, 2014 (Reuters) - The death toll rose to 120 on Thursday, officials \
         said, up from 73 reported on March 9.\n\n\
         \"We will rebuild every home,\" Mayor Ana Ruiz vowed.\n\n\
         At least 73 people were killed, the ministry said.\n"
            .as_bytes(),
    );
    let ingested = lib
        .cli(&["ingest", file.to_str().unwrap(), "--json"])
        .json();
    let story = ingested[0]["story_id"].as_i64().unwrap().to_string();
    let claims = lib.cli(&["claims", &story, "--json"]).json();
    let claims = claims.as_array().unwrap();
    let dates: Vec<(&str, &str, &str)> = claims
        .iter()
        .filter(|c| c["kind"] == "date")
        .map(|c| {
            (
                c["text"].as_str().unwrap(),
                c["value"].as_str().unwrap(),
                c["resolved_against"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        dates,
        vec![
            ("on Thursday", "2014-03-06", "copy-date"),
            ("on March 9", "2014-03-09", "copy-date"),
        ]
    );
    // Nothing in the dateline is a claim: not its date, not its day or year.
    let lead = "LIMA, March 11, 2014 (Reuters) - ".chars().count() as i64;
    assert!(
        claims.iter().all(|c| c["start"].as_i64().unwrap() >= lead),
        "{claims:?}"
    );
    // Other kinds carry the field too, empty.
    assert!(claims
        .iter()
        .filter(|c| c["kind"] != "date")
        .all(|c| c["resolved_against"] == Value::Null));

    // Copy with no date of its own: counted from the day it is received.
    let ingested = lib.ingest(
        "harbour.txt",
        b"Harbour reopens\n\nThe harbour reopened on Monday after repairs, the port said.\n",
    );
    let story = ingested[0]["story_id"].as_i64().unwrap().to_string();
    let claims = lib.cli(&["claims", &story, "--json"]).json();
    let monday = claims
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["text"] == "on Monday")
        .expect("on Monday is a claim");
    assert_eq!(monday["resolved_against"], "received");
    let day = first_day(monday["value"].as_str().unwrap()).unwrap();
    assert_eq!(day.weekday(), time::Weekday::Monday);
    assert!(day <= time::OffsetDateTime::now_utc().date());
}
