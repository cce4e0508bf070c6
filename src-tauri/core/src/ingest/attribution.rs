//! Attribution of web-syndicated copy: the dateline, the agency that filed
//! the story, the outlet that published the page, and the copy's own date.
//! Read from what cleaning kept (headline, body paragraphs, byline, credit)
//! and from what it took out (the removals: stamp lines, credit lines, a
//! dateline printed on a line of its own), never from the raw page.
//!
//! Evidence is weighed in order, strongest first. For the agency: the
//! dateline's credit ("KYIV (Reuters) -", "/TASS/"); a credit closing the
//! story ("— Bernama", "(ANI)"); the credit and byline fields ("By IANS,");
//! credit lines cleaning removed ("AFP", "Source: APP", "Reuters |
//! Updated: …"); short credit paragraphs left in the body; the page
//! title's signature ("… | Reuters", "Reuters Health News Summary"); any
//! "(Reuters)" in the text; and last the Reuters sign-off "(Reporting by …;
//! Editing by …)". For the outlet: a syndication notice ("not been edited
//! by Devdiscourse staff"), a dateline credit's other names ("(APP -
//! UrduPoint …)"), the page title's signature, a line that is the site's
//! domain ("DAWN.COM"), the outlet's copyright line. An outlet that is the
//! agency's own site ("Reuters.com") is no outlet.

use serde_json::{json, Map, Value};

use super::{
    agency::{self, CreditParts},
    copy_date::{self, COPY_DATE_KEY},
    dateline::{self, Dateline},
    ParsedCopy, Removal, SourceRef,
};

/// The metadata key of the outlet that published the copy.
pub const PUBLISHER_KEY: &str = "publisher";

/// How many paragraphs from the top a dateline is looked for in.
const DATELINE_DEPTH: usize = 5;

/// Reads the attribution of a cleaned plain-text copy into it: its
/// dateline, source, byline run into the dateline, and the metadata
/// "publisher" and "copy_date".
pub(super) fn apply(copy: &mut ParsedCopy) {
    let removals = copy.removals();
    // What follows a story glued on after the end is that story's.
    let glued = removals
        .iter()
        .position(|r| r.rule.contains("glued"))
        .unwrap_or(removals.len());
    let removals: Vec<&Removal> = removals[..glued]
        .iter()
        .filter(|r| !is_foreign(&r.rule))
        .collect();
    let paragraphs: Vec<&str> = copy
        .body
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let found = find_dateline(&copy.headline, &paragraphs, &removals);
    let metadata = match &copy.metadata {
        Value::Object(map) => map.clone(),
        _ => Map::new(),
    };

    let credit = found
        .as_ref()
        .and_then(|d| d.credit.as_deref())
        .map(agency::parts_of_credit)
        .unwrap_or_default();
    let source = find_agency(copy, &found, &credit, &paragraphs, &removals, &metadata);
    let publisher = find_publisher(&copy.headline, &credit, &paragraphs, &removals)
        .filter(|p| source.as_ref().is_none_or(|s| !agency::names_agency(p, s)));

    let place = found.as_ref().and_then(|d| d.place.clone()).or_else(|| {
        // Only when no lead has one: "Reuters | Seoul | Updated: …".
        (found.is_none())
            .then(|| removals.iter().find_map(|r| stamp_place(&r.text)))
            .flatten()
    });
    let date = found_date(found.as_ref(), &removals, &metadata);

    copy.dateline = place;
    if copy.byline.is_none() {
        copy.byline = found.as_ref().and_then(|d| d.byline.clone());
    }
    copy.source = source.unwrap_or_else(SourceRef::unknown);
    if let Value::Object(map) = &mut copy.metadata {
        if let Some(publisher) = publisher {
            map.insert(PUBLISHER_KEY.into(), json!(publisher));
        }
        if let Some(date) = date {
            map.insert(COPY_DATE_KEY.into(), json!(date.iso()));
        }
    }
}

/// Records the copy's date from a structured format's metadata, unless
/// the parser has already set one.
pub(super) fn record_copy_date(copy: &mut ParsedCopy) {
    if let Value::Object(map) = &mut copy.metadata {
        if !map.contains_key(COPY_DATE_KEY) {
            if let Some(date) = copy_date::from_metadata(map) {
                map.insert(COPY_DATE_KEY.into(), json!(date.iso()));
            }
        }
    }
}

/// Removals that never attribute the story: pictures' captions, lists of
/// other stories, readers' comments, a story glued on after the end.
fn is_foreign(rule: &str) -> bool {
    [
        "caption",
        "photo",
        "related",
        "glued",
        "comment",
        "recurring",
        "teaser",
        "ticker",
        "video",
    ]
    .iter()
    .any(|r| rule.contains(r))
}

/// What a removed line signs, when it is the page's title or its
/// signature: "| Reuters" cut off the headline, "Reuters World News
/// Summary – Devdiscourse" taken for chrome above the story.
fn removed_title(text: &str) -> (Option<SourceRef>, Option<String>) {
    let (agency, outlet) = agency::cut_signature(text);
    if agency.is_some() || outlet.is_some() {
        return (agency, outlet);
    }
    // A title: a few words, no sentence's end.
    if words(text) > 16 || text.trim_end().ends_with(['.', '!', '?', ':', ')']) {
        return (None, None);
    }
    let (agency, outlet) = agency::headline_signature(text);
    (agency.or_else(|| agency::digest_headline(text)), outlet)
}

fn words(text: &str) -> usize {
    text.split_whitespace().take(20).count()
}

/// The dateline: the first paragraph near the top that opens with a strong
/// one, or the lead with a weak one; a dateline printed as a paragraph or
/// removed line of its own right before the lead; a dateline run on after
/// a caption's credit ("… — AFP pic KUALA LUMPUR, Sept 20 — …"). A strong
/// dateline with neither credit nor date gives way to a later one that
/// credits an agency (a caption's "ARLINGTON, VA - JUNE 08: …" before
/// "KABUL, Afghanistan (AP) — …").
fn find_dateline(headline: &str, paragraphs: &[&str], removals: &[&Removal]) -> Option<Dateline> {
    let is_headline = |p: &str| p.trim().eq_ignore_ascii_case(headline.trim());
    let leads: Vec<usize> = paragraphs
        .iter()
        .enumerate()
        .take(DATELINE_DEPTH)
        .filter(|(_, p)| words(p) >= 8 && !is_headline(p))
        .map(|(i, _)| i)
        .take(2)
        .collect();
    let mut found: Option<Dateline> = None;
    for (i, paragraph) in paragraphs.iter().enumerate().take(DATELINE_DEPTH) {
        if is_headline(paragraph) {
            continue;
        }
        let candidate = match dateline::read(paragraph) {
            Some(d) if d.lone => {
                let next_is_lead = paragraphs.get(i + 1).is_some_and(|next| {
                    words(next) >= 8 && dateline::read(next).is_none_or(|n| n.place.is_none())
                });
                next_is_lead.then_some(d)
            }
            Some(d) if d.strong || leads.contains(&i) => Some(d),
            _ => run_on_dateline(paragraph),
        };
        let Some(candidate) = candidate else {
            continue;
        };
        match &found {
            None if credits_agency(&candidate) || candidate.date.is_some() => {
                return Some(candidate)
            }
            None => found = Some(candidate),
            Some(_) if credits_agency(&candidate) && candidate.place.is_some() => {
                return Some(candidate)
            }
            Some(_) => {}
        }
    }
    if found.is_some() {
        return found;
    }
    // A dateline cleaning took out as a line of its own, before the lead.
    let lead = leads.first().copied().unwrap_or(0);
    removals
        .iter()
        .filter(|r| r.within.is_none() && r.position <= lead)
        .filter_map(|r| dateline::read(&r.text))
        .find(|d| d.lone && d.place.is_some())
}

fn credits_agency(d: &Dateline) -> bool {
    d.credit
        .as_deref()
        .is_some_and(|c| agency::parts_of_credit(c).agency.is_some())
}

/// A dateline run on after a picture's caption in the same paragraph:
/// only a place in capitals with a date or an agency's credit, right after
/// a caption's credit or a sentence's end.
fn run_on_dateline(paragraph: &str) -> Option<Dateline> {
    let head = &paragraph[..paragraph
        .char_indices()
        .nth(400)
        .map_or(paragraph.len(), |(at, _)| at)];
    head.match_indices(' ')
        .map(|(at, _)| at + 1)
        .filter(|&at| {
            if !head[at..].starts_with(|c: char| c.is_uppercase()) {
                return false;
            }
            let before = head[..at].trim_end();
            let last = before.rsplit(' ').next().unwrap_or("");
            before.ends_with(['.', ')'])
                || ["pic", "photo", "pics"]
                    .iter()
                    .any(|w| last.eq_ignore_ascii_case(w))
        })
        .filter_map(|at| dateline::read(&head[at..]))
        .find(|d| {
            let caps = d.place.as_deref().is_some_and(|p| {
                p.chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase)
            });
            caps && !d.lone && (d.date.is_some() || credits_agency(d))
        })
}

/// The place of a page's stamp line: "Reuters | Seoul | Updated: …".
fn stamp_place(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split('|').map(str::trim).collect();
    if parts.len() < 3 || agency::credit_line(parts[0]).is_none() {
        return None;
    }
    let place = parts[1];
    let words: Vec<&str> = place.split_whitespace().collect();
    let ok = (1..=3).contains(&words.len())
        && words.iter().all(|w| {
            w.starts_with(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || "-.'".contains(c))
        })
        && !place.to_lowercase().contains("updated")
        && agency::agency_named(place).is_none();
    ok.then(|| place.to_owned())
}

fn find_agency(
    copy: &ParsedCopy,
    found: &Option<Dateline>,
    credit: &CreditParts,
    paragraphs: &[&str],
    removals: &[&Removal],
    metadata: &Map<String, Value>,
) -> Option<SourceRef> {
    if let Some(agency) = &credit.agency {
        return Some(agency.clone());
    }
    // An agency the table does not know, credited in a dateline in capitals.
    let named = found.as_ref().filter(|d| d.strong && d.place.is_some());
    if let (Some(_), [only]) = (named, credit.names.as_slice()) {
        return Some(agency::source_named(only));
    }
    let last = paragraphs.last().copied().unwrap_or("");
    let credit_field = copy.credit.as_deref().unwrap_or("");
    let page_fields = ["source", "agency", "credit", "author"]
        .iter()
        .filter_map(|k| metadata.get(*k).and_then(Value::as_str));
    agency::closing_credit(last)
        .or_else(|| agency::credit_line(credit_field))
        .or_else(|| agency::closing_credit(credit_field))
        .or_else(|| copy.byline.as_deref().and_then(agency::credit_line))
        .or_else(|| removals.iter().find_map(|r| agency::credit_line(&r.text)))
        .or_else(|| {
            paragraphs
                .iter()
                .filter(|p| words(p) <= 6)
                .find_map(|p| agency::credit_line(p))
        })
        .or_else(|| page_fields.into_iter().find_map(agency::credit_line))
        .or_else(|| agency::headline_signature(&copy.headline).0)
        .or_else(|| agency::digest_headline(&copy.headline))
        .or_else(|| removals.iter().find_map(|r| removed_title(&r.text).0))
        .or_else(|| agency::credited_in_parentheses(paragraphs))
        .or_else(|| {
            let signed = agency::is_reuters_sign_off(credit_field)
                || removals
                    .iter()
                    .any(|r| agency::is_reuters_sign_off(&r.text));
            signed.then(|| agency::source_for("Reuters"))
        })
}

fn find_publisher(
    headline: &str,
    credit: &CreditParts,
    paragraphs: &[&str],
    removals: &[&Removal],
) -> Option<String> {
    let short = || paragraphs.iter().copied().filter(|p| words(p) <= 20);
    removals
        .iter()
        .map(|r| r.text.as_str())
        .chain(short())
        .find_map(agency::disclaimer_publisher)
        .or_else(|| credit.publisher.clone())
        .or_else(|| agency::headline_signature(headline).1)
        .or_else(|| removals.iter().find_map(|r| removed_title(&r.text).1))
        .or_else(|| {
            removals
                .iter()
                .map(|r| r.text.as_str())
                .chain(short())
                .find_map(|t| {
                    agency::site_name(t).or_else(|| {
                        agency::copyright_holder(t).filter(|h| agency::agency_named(h).is_none())
                    })
                })
        })
}

/// The copy's date: the dateline's, with a year from the dateline's credit
/// ("(APP - … - 28th May, 2020 )") or the page's stamps; else the best
/// stamp; else the page's own date field.
fn found_date(
    found: Option<&Dateline>,
    removals: &[&Removal],
    metadata: &Map<String, Value>,
) -> Option<copy_date::CopyDate> {
    let mut stamps = Vec::new();
    if let Some(credit) = found.and_then(|d| d.credit.as_deref()) {
        stamps.extend(copy_date::stamps(credit));
    }
    for removal in removals.iter().filter(|r| words(&r.text) < 20) {
        stamps.extend(copy_date::stamps(&removal.text));
    }
    let dateline = found.and_then(|d| {
        let year = d.year.or_else(|| {
            // A year in the dateline's own credit is the dateline's.
            let credit = d.credit.as_deref()?;
            copy_date::stamps(credit).first().map(|s| s.date.year())
        });
        d.date.map(|md| (md, year))
    });
    copy_date::choose(dateline, &stamps).or_else(|| copy_date::from_metadata(metadata))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Format;

    fn removal(rule: &str, text: &str, position: usize) -> Removal {
        Removal {
            rule: rule.into(),
            text: text.into(),
            position,
            within: None,
            detail: None,
        }
    }

    /// A cleaned copy, as the cleaner hands it over.
    fn copy(headline: &str, body: &[&str], removals: &[Removal]) -> ParsedCopy {
        let mut copy = ParsedCopy {
            format: Format::Text,
            encoding: "UTF-8",
            source: SourceRef::unknown(),
            guid: None,
            slug: None,
            headline: headline.into(),
            dateline: None,
            byline: None,
            credit: None,
            body: body.join("\n\n"),
            metadata: json!({}),
        };
        copy.set_removals(removals);
        copy
    }

    fn attributed(mut copy: ParsedCopy) -> ParsedCopy {
        apply(&mut copy);
        copy
    }

    fn meta<'a>(copy: &'a ParsedCopy, key: &str) -> Option<&'a str> {
        copy.metadata.get(key).and_then(Value::as_str)
    }

    #[test]
    fn an_agency_dateline_gives_place_agency_and_date() {
        let c = attributed(copy(
            "Port reopens",
            &["HARBOURTON, March 3 (Reuters) - The port reopened on Monday after the storm."],
            &[removal(
                "timestamp",
                "March 3, 2031 / 12:01 PM / 5 years ago",
                0,
            )],
        ));
        assert_eq!(c.dateline.as_deref(), Some("HARBOURTON"));
        assert_eq!(c.source.code, "reuters");
        assert_eq!(meta(&c, COPY_DATE_KEY), Some("2031-03-03"));
        assert_eq!(meta(&c, PUBLISHER_KEY), None);
    }

    #[test]
    fn the_outlet_from_its_syndication_notice() {
        let c = attributed(copy(
            "Port reopens",
            &["HARBOURTON (Reuters) - The port reopened on Monday after the storm."],
            &[removal(
                "syndication-disclaimer",
                "(This item was not edited by Newsline Daily staff and came auto-generated off a partner feed.)",
                1,
            )],
        ));
        assert_eq!(c.source.name, "Reuters");
        assert_eq!(meta(&c, PUBLISHER_KEY), Some("Newsline Daily"));
    }

    #[test]
    fn the_outlet_and_agency_in_a_dateline_credit() {
        let c = attributed(copy(
            "Ferry crew rescued",
            &["Kabul, (APP - Pointnews / Point News - 28th May, 2020 ) :Four crew of a stranded ferry were brought ashore on Thursday."],
            &[removal("site-name", "Pointnews.com", 0)],
        ));
        assert_eq!(c.dateline.as_deref(), Some("Kabul"));
        assert_eq!(c.source.code, "app");
        assert_eq!(meta(&c, PUBLISHER_KEY), Some("Pointnews"));
        assert_eq!(meta(&c, COPY_DATE_KEY), Some("2020-05-28"));
    }

    #[test]
    fn credits_the_cleaner_removed() {
        for (line, rule, want) in [
            ("AFP", "credit", "afp"),
            ("By IANS,", "credit", "ians"),
            ("Source: APP", "credit", "app"),
            (
                "Reuters | Updated: 17-08-2024 09:41 IST | Created: 17-08-2024 09:41 IST",
                "timestamp",
                "reuters",
            ),
            ("(ANI)", "credit", "ani"),
            ("The Associated Press", "site-byline", "ap"),
        ] {
            let c = attributed(copy(
                "Storm hits coast",
                &["A storm hit the coast on Monday, closing roads and the port, officials said."],
                &[removal(rule, line, 0)],
            ));
            assert_eq!(c.source.code, want, "{line}");
        }
    }

    #[test]
    fn nothing_after_a_glued_story_attributes_this_one() {
        let c = attributed(copy(
            "Storm hits coast",
            &["A storm hit the coast on Monday, closing roads and the port, officials said."],
            &[
                removal("glued-story", "Markets rally as rates hold", 1),
                removal("timestamp", "Apr 11, 2018 06:20 IST", 1),
                removal("agency-line", "AFP", 1),
            ],
        ));
        assert_eq!(c.source.code, "unknown");
        assert_eq!(meta(&c, COPY_DATE_KEY), None);
    }

    #[test]
    fn a_caption_credit_is_not_the_storys() {
        let c = attributed(copy(
            "Storm hits coast",
            &["A storm hit the coast on Monday, closing roads and the port, officials said."],
            &[
                removal("photo-caption", "Waves on the shore. — Reuters", 0),
                removal("credit", "Waves pound the sea wall. REUTERS/Jane Roe", 0),
            ],
        ));
        assert_eq!(c.source.code, "unknown");
    }

    #[test]
    fn a_credit_closing_the_story() {
        let c = attributed(copy(
            "Ringgit opens lower",
            &[
                "Banknotes on a counter in an old photo. — AFP pic HARBOUR CITY, Sept 20 — The local currency began the day weaker against the US dollar, traders said.",
                "Against the euro it slipped to 4.8812 from 4.8790 on the previous day. — Bernama",
            ],
            &[],
        ));
        assert_eq!(c.source.code, "bernama");
        assert_eq!(c.dateline.as_deref(), Some("HARBOUR CITY"));
        assert_eq!(meta(&c, COPY_DATE_KEY), Some("--09-20"));
    }

    #[test]
    fn a_dateline_on_a_line_of_its_own() {
        let lead = "Two guards died and a third was hurt in a raid on Saturday, the ministry said.";
        let c = attributed(copy("Soldiers killed", &["KABUL, Afghanistan", lead], &[]));
        assert_eq!(c.dateline.as_deref(), Some("KABUL"));
        let c = attributed(copy(
            "Soldiers killed",
            &[lead],
            &[removal("subhead", "KABUL, Afghanistan", 0)],
        ));
        assert_eq!(c.dateline.as_deref(), Some("KABUL"));
    }

    #[test]
    fn a_caption_shaped_like_a_dateline_gives_way_to_the_agencys() {
        let c = attributed(copy(
            "Soldiers killed",
            &[
                "ARLINGTON, VA - JUNE 08: A colour guard stands beside the memorial in the rain.",
                "KABUL, Afghanistan (AP) — A convoy came under fire on Saturday, an official said.",
            ],
            &[],
        ));
        assert_eq!(c.dateline.as_deref(), Some("KABUL"));
        assert_eq!(c.source.code, "ap");
    }

    #[test]
    fn a_weak_dateline_only_in_the_lead() {
        let c = attributed(copy(
            "Guerrillas killed",
            &["Srinagar : Five guerrillas were killed by the army on Saturday, a spokesman said."],
            &[],
        ));
        assert_eq!(c.dateline.as_deref(), Some("Srinagar"));
        let c = attributed(copy(
            "Guerrillas killed",
            &[
                "Five guerrillas were killed by the army on Saturday, a spokesman said.",
                "The army searched the area on Sunday and found six weapons there.",
                "Search teams: More weapons were found in the area on Monday, he said.",
            ],
            &[],
        ));
        assert_eq!(c.dateline, None);
    }

    #[test]
    fn the_place_in_a_stamp_line() {
        let c = attributed(copy(
            "Missiles were a new system",
            &["The rockets launched on Thursday tested a new design, state television said."],
            &[removal("timestamp", "Reuters | Harbourton | Updated: 03-11-2024 14:07 IST | Posted: 03-11-2024 14:07 IST", 0)],
        ));
        assert_eq!(c.dateline.as_deref(), Some("Harbourton"));
        assert_eq!(c.source.code, "reuters");
        assert_eq!(meta(&c, COPY_DATE_KEY), Some("2024-11-03T14:07:00+05:30"));
    }

    #[test]
    fn the_page_title_signs_agency_and_outlet() {
        let c = attributed(copy(
            "Mine toll rises to 16 | Reuters",
            &["The death toll in a mine collapse rose to 16 on Saturday, officials said."],
            &[],
        ));
        assert_eq!(c.source.code, "reuters");
        let c = attributed(copy(
            "Health News Summary – Devdiscourse",
            &["Here are the day's short health items from several countries, gathered in one place."],
            &[],
        ));
        assert_eq!(c.source.code, "unknown");
        assert_eq!(meta(&c, PUBLISHER_KEY), Some("Devdiscourse"));
    }

    #[test]
    fn a_page_title_signature_the_cleaner_cut_off() {
        let c = attributed(copy(
            "Mine toll rises to 16",
            &["The death toll in a mine collapse rose to 16 on Saturday, officials said."],
            &[removal("headline-signature", "| Reuters", 0)],
        ));
        assert_eq!(c.source.code, "reuters");
        let c = attributed(copy(
            "Port reopens after storm",
            &["HARBOURTON (Reuters) - The port reopened on Monday after the storm."],
            &[removal("headline-signature", "| Harbour Times", 0)],
        ));
        assert_eq!(meta(&c, PUBLISHER_KEY), Some("Harbour Times"));
    }

    #[test]
    fn a_page_title_cleaning_took_for_chrome() {
        let c = attributed(copy(
            "Salvadorans march against the president",
            &["Crowds filled the main square on Wednesday in protest, organisers said."],
            &[removal(
                "chrome-before-headline",
                "Reuters Health News Summary – Devdiscourse",
                0,
            )],
        ));
        assert_eq!(c.source.code, "reuters");
        assert_eq!(meta(&c, PUBLISHER_KEY), Some("Devdiscourse"));
        // A menu is no title.
        let c = attributed(copy(
            "Salvadorans march against the president",
            &["Crowds filled the main square on Wednesday in protest, organisers said."],
            &[removal("navigation", "Home | World | Contact Us", 0)],
        ));
        assert_eq!(meta(&c, PUBLISHER_KEY), None);
    }

    #[test]
    fn the_agencys_own_site_is_no_outlet() {
        let c = attributed(copy(
            "Storm hits coast",
            &["HARBOURTON (Reuters) - A storm hit the coast on Monday, officials said."],
            &[removal("site-name", "Reuters.com", 0)],
        ));
        assert_eq!(meta(&c, PUBLISHER_KEY), None);
    }

    #[test]
    fn a_reuters_sign_off_is_the_last_resort() {
        let mut c = copy(
            "Civilians killed",
            &["Seven villagers died in shelling on Tuesday, the provincial governor said."],
            &[],
        );
        c.credit = Some("(Reporting in Kyiv by A. Writer; Writing by B. Desk)".into());
        assert_eq!(attributed(c).source.code, "reuters");
    }

    #[test]
    fn a_byline_run_into_the_dateline() {
        let c = attributed(copy(
            "Official appeals ban",
            &["By Jane Roe LAUSANNE, Switzerland (Reuters) - A former official appeared before the court on Thursday."],
            &[],
        ));
        assert_eq!(c.dateline.as_deref(), Some("LAUSANNE"));
        assert_eq!(c.byline.as_deref(), Some("By Jane Roe"));
    }

    #[test]
    fn copy_dates_of_structured_formats() {
        let mut c = copy("Storm", &["Text."], &[]);
        c.metadata = json!({"versioncreated": "2021-09-14T11:30:05+02:00"});
        record_copy_date(&mut c);
        assert_eq!(meta(&c, COPY_DATE_KEY), Some("2021-09-14T11:30:05+02:00"));
    }
}
