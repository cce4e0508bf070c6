//! The cleaner on made-up copy: each rule on the shapes outlets print, and
//! the red-team cases where an earlier cleaner ate real text.

use super::once::{shared_count, trigram_hashes};
use super::shapes::{is_title, title_key};
use super::top::{word_overlap, ContentWords};
use super::*;

fn run(text: &str) -> Cleaned {
    clean(
        text.lines()
            .map(|l| {
                let l = l.split_whitespace().collect::<Vec<_>>().join(" ");
                (!l.is_empty()).then_some(l)
            })
            .collect(),
    )
}

fn rules(c: &Cleaned) -> Vec<&str> {
    c.removed.iter().map(|r| r.rule.as_str()).collect()
}

/// Every line of the copy is in the headline, the byline, the body, the
/// credit or a removal.
fn assert_nothing_lost(text: &str, c: &Cleaned) {
    let mut held = vec![c.headline.clone().unwrap_or_default()];
    held.extend(c.byline.clone());
    held.extend(c.paragraphs.iter().cloned());
    held.extend(c.credit.iter().cloned());
    held.extend(c.removed.iter().map(|r| r.text.clone()));
    let held = held.join(" ");
    for word in text.split_whitespace() {
        if word.starts_with('<') || word.contains("href") || word.contains('>') {
            continue;
        }
        assert!(held.contains(word), "{word:?} lost; held: {held}");
    }
}

#[test]
fn navigation_timestamps_and_share_bars_go_and_are_recorded() {
    let copy = "Login\nSections\nFacebook | X | Email\nMarch 6, 2013 / 12:01 PM / 5 years ago\n\
                Port reopens after storm\nHARBOURTON (Reuters) - The port reopened on Monday after the storm passed, officials said.\n";
    let c = run(copy);
    assert_eq!(c.headline.as_deref(), Some("Port reopens after storm"));
    assert_eq!(
        c.paragraphs,
        ["HARBOURTON (Reuters) - The port reopened on Monday after the storm passed, officials said."]
    );
    for rule in ["navigation", "share-bar", "timestamp"] {
        assert!(rules(&c).contains(&rule), "{rule}: {:?}", c.removed);
    }
    assert!(c
        .removed
        .iter()
        .all(|r| r.position == 0 && r.within.is_none()));
    assert_nothing_lost(copy, &c);
}

#[test]
fn a_related_list_at_the_end_is_kept_as_metadata_and_recorded() {
    let c = run("Headline here today\nThe story is told in one sentence of more than eight words.\nALSO READ\nOther story one\nOther story two\n");
    assert_eq!(
        c.paragraphs,
        ["The story is told in one sentence of more than eight words."]
    );
    assert_eq!(
        c.metadata["related"],
        json!(["Other story one", "Other story two"])
    );
    assert_eq!(rules(&c), ["related-list", "related-list", "related-list"]);
    assert!(c.removed.iter().all(|r| r.position == 1));
}

#[test]
fn disclaimers_country_tags_and_captions_go() {
    let c = run("Headline of the day\n- Country:\n- Veloria\nThe story is told in one sentence of more than eight words.\n\
                 (This story has not been edited by Site staff and was auto-generated from a partner syndicated feed.)\n\
                 A crane at work. REUTERS/Someone\n");
    assert_eq!(
        c.paragraphs,
        ["The story is told in one sentence of more than eight words."]
    );
    assert_eq!(c.metadata["countries"], json!(["Veloria"]));
    assert!(rules(&c).contains(&"syndication-disclaimer"));
    assert!(rules(&c).contains(&"photo-caption"));
}

#[test]
fn hard_wrapped_lines_are_joined() {
    let c = run("Headline of the day\nNATO said on Tuesday it would\nsend 700 troops.\n");
    assert_eq!(
        c.paragraphs,
        ["NATO said on Tuesday it would send 700 troops."]
    );
    assert!(c.fired.contains(&"join-wrapped-lines"));
}

#[test]
fn a_wrapped_line_starting_with_a_capital_and_a_short_last_line_are_joined() {
    let copy = "Flood waters rise in the valley\n\
        The river burst its banks on Monday and flooded the low-lying\n\
        streets of the old town, where about 2,000 people live near the\n\
        Capital District, and the mayor ordered schools to close until the\n\
        water falls back below the level of the new barrier, officials in\n\
        Capital District\n\
        said. The army sent 300 soldiers to help residents move to higher\n\
        ground and the weather service warned of more rain on Tuesday.\n";
    let c = run(copy);
    assert_eq!(c.paragraphs.len(), 1, "{:?}", c.paragraphs);
    assert!(c.paragraphs[0].contains("near the Capital District, and"));
    assert!(c.paragraphs[0].contains("officials in Capital District said."));
}

#[test]
fn a_repeated_lead_is_printed_once() {
    let c = run("Headline of the day\nThe minister said on Monday that talks would resume. More follows.\n\
                 The minister said on Monday that talks would resume.\nMore follows here in a second sentence of the story.\n");
    assert_eq!(
        c.paragraphs,
        [
            "The minister said on Monday that talks would resume. More follows.",
            "More follows here in a second sentence of the story."
        ]
    );
    assert!(rules(&c).contains(&"repeated-lead"));
}

#[test]
fn the_credit_ends_the_story_and_what_follows_is_glued_on() {
    let c = run("Quake hits coast\nISTANBUL (Reuters) - A quake hit the coast on Monday, the disaster agency said.\n\
                 (Reporting by A. Writer; Editing by B. Desk)\nOther quake elsewhere\n(Reuters) - Another quake.\n");
    assert_eq!(
        c.paragraphs,
        ["ISTANBUL (Reuters) - A quake hit the coast on Monday, the disaster agency said."]
    );
    assert_eq!(c.credit, ["(Reporting by A. Writer; Editing by B. Desk)"]);
    assert_eq!(rules(&c), ["credit", "glued-story", "glued-story"]);
}

#[test]
fn a_lead_is_not_a_headline() {
    let c =
        run("date 2020-03-06 KABUL (Reuters) - An attack took place on Friday.\nMore text here.\n");
    assert_eq!(c.headline, None);
    assert_eq!(
        c.paragraphs[0],
        "KABUL (Reuters) - An attack took place on Friday."
    );
    assert_eq!(c.removed[0].rule, "date-stamp");
    assert_eq!(c.removed[0].text, "date 2020-03-06");
    assert_eq!((c.removed[0].position, c.removed[0].within), (0, Some(0)));
}

/// The issue's own example: a link in the lead never costs the lead.
#[test]
fn markup_in_a_paragraph_is_reduced_to_its_text() {
    let copy = "Flooding closes roads\n\n\
        LONDON (Reuters) - Heavy rain closed <a href=\"https://x.example/roads\">40 roads</a> and a <b>main</b> rail line, officials said on Monday.\n\n\
        About 1,200 people were evacuated, police said.\n";
    let c = run(copy);
    assert_eq!(c.headline.as_deref(), Some("Flooding closes roads"));
    assert_eq!(
        c.paragraphs,
        [
            "LONDON (Reuters) - Heavy rain closed 40 roads and a main rail line, officials said on Monday.",
            "About 1,200 people were evacuated, police said."
        ]
    );
}

#[test]
fn every_tag_kind_in_headline_lead_and_last_paragraph_keeps_the_text() {
    let tags: [(&str, &str); 8] = [
        ("<a href=\"https://x.example/a\">", "</a>"),
        ("<b>", "</b>"),
        ("<strong>", "</strong>"),
        ("<i>", "</i>"),
        ("<span class=\"x\">", "</span>"),
        ("<em>", "</em>"),
        ("<img src=\"a.jpg\" alt=\"x\">", ""),
        ("<!-- note -->", ""),
    ];
    for (open, close) in tags {
        for extra in [
            "",
            "<script>track();</script>",
            "<iframe src=\"v\"></iframe>",
            " &amp; ",
        ] {
            let copy = format!(
                "{open}Storm{close}{extra} hits the coast\n\n\
                 HARBOURTON (Reuters) - A {open}storm{close}{extra} hit the coast on Monday, closing 40 roads, officials said.\n\n\
                 About 1,200 people were {open}evacuated{close}{extra}, police said on Tuesday.\n"
            );
            let c = run(&copy);
            let headline = c.headline.clone().unwrap_or_default();
            assert!(
                headline.starts_with("Storm") && headline.ends_with("hits the coast"),
                "{copy}\n{headline:?}"
            );
            assert!(!headline.contains('<'), "{headline}");
            assert_eq!(c.paragraphs.len(), 2, "{copy}\n{:?}", c.paragraphs);
            assert!(
                c.paragraphs[0].contains("hit the coast on Monday, closing 40 roads"),
                "{:?}",
                c.paragraphs
            );
            assert!(c.paragraphs[1].contains("evacuated"), "{:?}", c.paragraphs);
            assert!(
                c.paragraphs.iter().all(|p| !p.contains('<')),
                "{:?}",
                c.paragraphs
            );
        }
    }
}

#[test]
fn a_script_is_cut_and_recorded_with_its_place() {
    let c = run("Talks resume\n\nGENEVA (Reuters) - Talks resumed on Monday<script>x()</script> after a week, diplomats said.\n");
    assert_eq!(
        c.paragraphs,
        ["GENEVA (Reuters) - Talks resumed on Monday after a week, diplomats said."]
    );
    let cut = c
        .removed
        .iter()
        .find(|r| r.rule == "markup")
        .expect("script recorded");
    assert_eq!(cut.text, "<script>x()</script>");
    assert_eq!(cut.position, 0);
    assert_eq!(
        cut.within,
        Some("GENEVA (Reuters) - Talks resumed on Monday".chars().count())
    );
}

#[test]
fn copyright_and_site_notices_remove_only_themselves() {
    let copy = "Copyright term extended\n\
        BRUSSELS (Reuters) - European lawmakers voted on Tuesday to extend copyright terms for recordings.\n\
        Copyright protection will now last 70 years after death.\n\
        Follow us on this, the rapporteur told the chamber, because the rules will change again.\n\
        Send your stories to the committee, she added, and they will be read by staff.\n\
        The vote passed by 400 votes to 120.\n\
        © 2024 Example Media. All rights reserved.\n";
    let c = run(copy);
    assert_eq!(c.paragraphs.len(), 5, "{:?}", c.paragraphs);
    assert!(c
        .paragraphs
        .iter()
        .any(|p| p.starts_with("Copyright protection will now last")));
    assert!(c
        .paragraphs
        .last()
        .is_some_and(|p| p.starts_with("The vote passed")));
    assert_eq!(rules(&c), ["copyright-line"]);
}

#[test]
fn credit_openings_in_prose_are_prose() {
    let copy = "Piracy costs rise\n\
        PARIS (Reuters) - Piracy cost the film industry more this year, a survey said on Monday.\n\
        Compiled by the statistics office, the figures show piracy cost 200 million euros.\n\
        Writing by hand, the authors said, remained the most common way to take notes.\n\
        The industry body called for new rules.\n";
    let c = run(copy);
    assert_eq!(c.paragraphs.len(), 4, "{:?}", c.paragraphs);
    assert!(c.credit.is_empty());
}

#[test]
fn an_author_line_drops_only_the_blurb_that_names_the_author() {
    let c = run("Author: Jane Roe\nLONDON (Reuters) - The lead of the story is here, officials said on Monday.\nJane Roe is a reporter who covers the city.\n");
    assert_eq!(
        c.paragraphs,
        [
            "LONDON (Reuters) - The lead of the story is here, officials said on Monday.",
            "Jane Roe is a reporter who covers the city."
        ]
    );
    let c = run("Author: Jane Roe\nJane Roe writes on transport for the site.\nLONDON (Reuters) - The lead of the story is here, officials said on Monday.\n");
    assert_eq!(
        c.paragraphs,
        ["LONDON (Reuters) - The lead of the story is here, officials said on Monday."]
    );
}

#[test]
fn a_title_bullet_is_not_a_page_field_outside_a_field_block() {
    let c = run("Election results are in\nThe count finished on Monday after a long night, officials said.\n- Turnout: 64 percent\n- Title: best result in years\nThe result was the best in years, the party said.\n");
    assert_eq!(c.headline.as_deref(), Some("Election results are in"));
    assert!(
        c.paragraphs.contains(&"- Turnout: 64 percent".to_owned()),
        "{:?}",
        c.paragraphs
    );
    assert!(
        c.paragraphs
            .contains(&"- Title: best result in years".to_owned()),
        "{:?}",
        c.paragraphs
    );
}

#[test]
fn lines_that_only_resemble_furniture_stay() {
    let copy = "Poll shows shift\n\
        NEW YORK (Reuters) - A Reuters/Ipsos poll showed support rising on Monday to 41 percent.\n\
        Deaths: 57\n\
        - Turnout: 64 percent\n\
        Critics disagreed\n\
        #MeToo founder speaks\n\
        The site updated its cookie policy and pointed to the policy page, the company said.\n\
        Readers with digital access rose, it said.\n\
        Templates used {{ braces }} in the code, engineers said in their report.\n";
    let c = run(copy);
    for kept in [
        "A Reuters/Ipsos poll",
        "Deaths: 57",
        "- Turnout: 64 percent",
        "Critics disagreed",
        "#MeToo founder speaks",
        "cookie policy",
        "digital access",
        "{{ braces }}",
    ] {
        assert!(
            c.paragraphs.iter().any(|p| p.contains(kept)),
            "{kept} lost: {:?} {:?}",
            c.paragraphs,
            c.removed
        );
    }
}

#[test]
fn section_labels_are_not_headlines_and_a_line_printed_twice_is() {
    let copy = "World News\nTop Stories\nLeft Menu\n\
        Pop star announces farewell tour\n\
        Pop star announces farewell tour\n\
        By Jane Roe\n\
        LONDON (Reuters) - A pop star announced a farewell tour of 12 cities on Monday, her label said.\n";
    let c = run(copy);
    assert_eq!(
        c.headline.as_deref(),
        Some("Pop star announces farewell tour")
    );
    assert_eq!(c.byline.as_deref(), Some("By Jane Roe"));
    assert_eq!(c.paragraphs.len(), 1);
    assert_nothing_lost(copy, &c);
}

#[test]
fn five_captions_in_a_row_do_not_hide_the_dateline() {
    let copy = "Storm batters coast\n\
        Waves hit the sea wall in Harbourton, Tuesday, March 2, 2021. (AP Photo/John Doe)\n\
        A man walks past debris. REUTERS/Jane Roe\n\
        Rescuers at work. (John Doe/AP)\n\
        Fans shelter in the stadium. AFP via Getty Images\n\
        File photo of the harbour in Harbourton. - AFP pic\n\
        HARBOURTON (AP) — A storm battered the coast on Tuesday, killing 3 people, officials said.\n";
    let c = run(copy);
    assert_eq!(c.headline.as_deref(), Some("Storm batters coast"));
    assert_eq!(c.paragraphs.len(), 1);
    assert!(c.paragraphs[0].starts_with("HARBOURTON (AP)"));
    assert_eq!(
        rules(&c).iter().filter(|r| **r == "photo-caption").count(),
        5
    );
}

#[test]
fn related_headlines_between_lone_bullets_go() {
    let c = run("Budget passes\nThe budget passed on Monday by 300 votes to 200, the speaker said.\n•\nPop star announces farewell tour in 12 cities\n•\nMinister quits over 3 million euro loan\n|\n");
    assert_eq!(
        c.paragraphs,
        ["The budget passed on Monday by 300 votes to 200, the speaker said."]
    );
}

#[test]
fn a_teaser_cut_short_and_a_stamp_header_are_furniture() {
    let copy = "Digest of the day\n\
        Leaders met on Monday to discuss the crisis in the region and agreed to meet ag\n\
        Reuters | Updated: 17-08-2024 09:41 IST | Created: 17-08-2024 09:41 IST\n\
        Digest of the day\n\
        Leaders met on Monday to discuss the crisis in the region and agreed to meet again next week, officials said.\n";
    let c = run(copy);
    assert_eq!(c.headline.as_deref(), Some("Digest of the day"));
    assert_eq!(
        c.paragraphs,
        ["Leaders met on Monday to discuss the crisis in the region and agreed to meet again next week, officials said."]
    );
    assert_nothing_lost(copy, &c);
}

#[test]
fn credits_leave_the_body_for_the_credit() {
    let copy = "Rates rise\n\
        By IANS,\n\
        NEW DELHI - The central bank raised rates on Monday by 25 basis points, it said. (ANI)\n\
        The move was expected, economists said. — Bernama\n\
        Source: APP\n";
    let c = run(copy);
    assert_eq!(
        c.paragraphs,
        [
            "NEW DELHI - The central bank raised rates on Monday by 25 basis points, it said.",
            "The move was expected, economists said."
        ]
    );
    assert!(c.credit.iter().any(|x| x.contains("(ANI)")));
    let ani = c
        .removed
        .iter()
        .find(|r| r.text == "(ANI)")
        .expect("(ANI) recorded");
    assert_eq!((ani.position, ani.rule.as_str()), (0, "credit"));
    assert_eq!(ani.within, Some(c.paragraphs[0].chars().count()));
}

#[test]
fn reader_comments_after_the_story_go() {
    let copy = "Strikes hit militants\n\
        KABUL (Reuters) - Air strikes killed 31 militants on Thursday, officials said.\n\
        The ministry said the strikes targeted a base.\n\
        Jane Brown\n\
        Mar 14, 2019 11:05pm\n\
        Good news!\n\
        John Smith\n\
        Mar 14, 2019 11:45pm\n\
        Great job, keep going until the end.\n";
    let c = run(copy);
    assert_eq!(c.paragraphs.len(), 2, "{:?}", c.paragraphs);
    assert!(rules(&c).contains(&"reader-comments"));
    assert_nothing_lost(copy, &c);
}

#[test]
fn mojibake_and_escaped_punctuation_are_repaired() {
    let c = run("Border talks\nBEIJING (Reuters) - The countryâ€™s army said the talks were â€˜usefulâ€™, and the country\\’s envoy agreed.\n");
    assert_eq!(c.paragraphs, ["BEIJING (Reuters) - The country’s army said the talks were ‘useful’, and the country’s envoy agreed."]);
}

#[test]
fn a_sentence_with_by_and_a_year_is_not_a_credit_and_the_story_goes_on() {
    let copy = "Dockworkers walk out\n\
        HALVARD, March 4 (Meridian Wire) - About 2,300 dockworkers walked off the job on Tuesday, the union said.\n\
        The Harbour Workers' Federation said the plan would cut 600 jobs by 2028.\n\
        \"Nobody asked us,\" federation secretary Ilse Marrow told reporters outside the main gate.\n\
        (Reporting by Anna Lindqvist; Editing by Paul Okafor)\n";
    let c = run(copy);
    assert_eq!(c.paragraphs.len(), 3, "{:?}", c.paragraphs);
    assert_eq!(
        c.credit,
        ["(Reporting by Anna Lindqvist; Editing by Paul Okafor)"]
    );
    assert_eq!(rules(&c), ["credit"]);
}

#[test]
fn a_credit_followed_by_more_of_the_story_does_not_end_it() {
    let copy = "Talks resume\n\
        GENEVA (Reuters) - Talks resumed on Monday after a week, diplomats said.\n\
        (Reporting by A. Writer; Editing by B. Desk)\n\
        Diplomats said a deal could come within days, though gaps remained on security.\n";
    let c = run(copy);
    assert_eq!(c.paragraphs.len(), 2, "{:?}", c.paragraphs);
}

#[test]
fn a_sign_off_run_onto_the_last_paragraph_goes_to_the_credit() {
    let c = run("Talks resume\nGENEVA (Reuters) - Talks resumed on Monday after a week, diplomats said.\n\
                 The next round is due in May, officials said. Reporting by Jan Kowal; Editing by Anna Nowak\n");
    assert_eq!(
        c.paragraphs[1],
        "The next round is due in May, officials said."
    );
    assert_eq!(c.credit, ["Reporting by Jan Kowal; Editing by Anna Nowak"]);
    let cut = &c.removed[0];
    assert_eq!(
        (cut.rule.as_str(), cut.position, cut.within),
        ("credit", 1, Some(45))
    );
}

#[test]
fn a_title_is_compared_without_case_quotes_spacing_or_a_final_stop() {
    let key = title_key("  \u{201c}Storm\u{201d}  hits   the COAST. ");
    assert_eq!(key, "\"storm\" hits the coast");
    assert!(is_title("\"STORM\" hits the coast", &key));
    assert!(is_title("\u{201c}Storm\u{201d} hits the coast..", &key));
    assert!(!is_title("\u{201c}Storm\u{201d} hits the coastline", &key));
    assert!(!is_title("Storm hits the coast", &key));
    assert_eq!(title_key("ÉTÉ À PARIS\tÖL"), "été à paris öl");
    assert_eq!(title_key("   ."), "");
    assert!(is_title("", ""));
}

#[test]
fn shared_trigrams_are_counted_once_each() {
    let a = trigram_hashes("the mayor said on monday the mayor said on monday");
    let b = trigram_hashes("later, the mayor said on friday");
    // "the mayor said", "mayor said on", "said on monday", "on monday the", "monday the mayor".
    assert_eq!(a.len(), 5);
    assert!(a.windows(2).all(|w| w[0] < w[1]));
    // "later the mayor" (punctuation aside), "the mayor said", "mayor said on", "said on friday".
    assert_eq!(b.len(), 4);
    assert_eq!(shared_count(&a, &b), 2);
    assert_eq!(shared_count(&a, &a), 5);
    assert_eq!(shared_count(&a, &[]), 0);
}

#[test]
fn content_words_are_compared_in_any_case() {
    let lead = ContentWords::of("Flooding CLOSED forty roads across Yorkshire, officials said.");
    // "roads", "closed", "yorkshire" of "roads were closed yorkshire
    // overnight": "in" is too short to count.
    assert_eq!(
        lead.share_of("Roads were closed in YORKSHIRE overnight"),
        0.6
    );
    assert_eq!(lead.share_of("a b c"), 0.0);
    assert_eq!(word_overlap("Über Straße", "ÜBER STRASSE straße"), 1.0);
}
