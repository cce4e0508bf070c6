//! What one line of web copy is, read on its own: navigation, a share bar,
//! a site timestamp, a caption, a credit. Each test names a pattern seen
//! across outlets, and each leaves prose alone: a sentence with a verb and
//! a full stop is the story's, whatever words it starts with.

use super::captions::{is_caption, is_copyright_line};
use crate::ingest::dateline;

/// Whole lines of site navigation and page chrome (compared in lower case,
/// without a trailing colon).
const NAVIGATION: &[&str] = &[
    "login",
    "log in",
    "sign in",
    "sign up",
    "register",
    "contact",
    "contact us",
    "support",
    "sections",
    "featured",
    "share",
    "share this",
    "share this article",
    "share this story",
    "share on facebook",
    "share on twitter",
    "share if you like",
    "comments",
    "comment",
    "leave a comment",
    "leave a reply",
    "comments are closed.",
    "advertisement",
    "advertisements",
    "hide ad",
    "ad",
    "sponsored",
    "print sponsor",
    "directory of sites",
    "close",
    "menu",
    "left menu",
    "right menu",
    "main menu",
    "search",
    "home",
    "print",
    "email",
    "e-mail",
    "world",
    "news",
    "videos",
    "video",
    "photos",
    "gallery",
    "subscribe",
    "subscribe now",
    "skip to content",
    "skip to main content",
    "accessibility links",
    "breaking news",
    "latest news",
    "top news",
    "world news",
    "business news",
    "top stories",
    "uncategorized",
    "connect with us",
    "follow us",
    "hi, what are you looking for?",
    "you are here: home",
    "back to top",
    "load more",
    "show more",
    "read more",
    "read the full article here",
    "continue reading",
    "click here",
    "tags",
    "tag",
    "topics",
    "related topics",
    "suggested for you",
    "more on this story",
    "newsletter",
    "online news channel!",
    "click to comment",
    "bbc navigation",
    "never miss a local story.",
];

/// Words a share bar is made of.
const SHARE_WORDS: &[&str] = &[
    "facebook",
    "twitter",
    "x",
    "email",
    "print",
    "whatsapp",
    "linkedin",
    "reddit",
    "telegram",
    "copy",
    "link",
    "share",
    "pinterest",
    "messenger",
    "sms",
    "tumblr",
    "flipboard",
    "mail",
];

/// Words a site stamp is made of besides the date and time.
const STAMP_WORDS: &[&str] = &[
    "am",
    "pm",
    "a.m",
    "p.m",
    "gmt",
    "utc",
    "ist",
    "edt",
    "est",
    "bst",
    "cet",
    "cest",
    "pst",
    "pdt",
    "pkt",
    "wib",
    "sast",
    "et",
    "ago",
    "year",
    "years",
    "month",
    "months",
    "week",
    "weeks",
    "day",
    "days",
    "hour",
    "hours",
    "hr",
    "hrs",
    "minute",
    "minutes",
    "min",
    "mins",
    "second",
    "seconds",
    "secs",
    "updated",
    "update",
    "created",
    "published",
    "posted",
    "modified",
    "first",
    "last",
    "on",
    "at",
    "date",
    "time",
    "source",
    "read",
    "by",
    "edited",
];

pub(super) fn lower(line: &str) -> String {
    line.to_lowercase()
}

/// Words in a line, counted up to 61: every rule asks about fewer, and
/// long paragraphs are not counted to the end again and again.
pub(super) fn words(line: &str) -> usize {
    line.split_whitespace().take(61).count()
}

pub(super) fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .ends_with(['.', '!', '?', '"', '”', '’', '\'', ':', ';', ')'])
}

/// Reads as a sentence of prose: enough words, a lower-case word among
/// them (a verb, an article), and a sentence end.
pub(super) fn is_prose(line: &str) -> bool {
    let t = line.trim_end();
    words(t) >= 8
        && t.ends_with(['.', '!', '?', '"', '”', '’'])
        && t.split_whitespace()
            .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
            .nth(2)
            .is_some()
}

fn is_month_or_day(token: &str) -> bool {
    let t = token.trim_end_matches('.');
    dateline::month(t).is_some() || dateline::WEEKDAYS.contains(&t)
}

fn is_ordinal(token: &str) -> bool {
    ["st", "nd", "rd", "th"].iter().any(|s| {
        token
            .strip_suffix(s)
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    })
}

/// A digit group shaped like a date or a clock time: "05:24", "2017-03-14",
/// "17-08-2024", "8/15", "2020".
fn is_date_digits(token: &str) -> bool {
    let digits = token.chars().filter(char::is_ascii_digit).count();
    token
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ':' | '-' | '.' | '/'))
        && digits >= 1
        && (token.contains([':', '-', '/']) || digits == 4 || digits <= 2)
}

/// A line that is only a date, a time, "5 months ago", or a site's stamp
/// of them ("Reuters | Updated: 17-08-2024 09:41 IST", "Jane Roe 2
/// minutes ago Thu 28th May 2020 | 05:09 PM"): date words and at most a
/// few other words (a name, a site, an agency), never a sentence.
pub(super) fn is_timestamp(line: &str) -> bool {
    if !line.bytes().any(|b| b.is_ascii_digit()) || words(line) > 20 {
        return false;
    }
    if words(line) > 6 && is_prose(line) {
        return false;
    }
    let l = lower(line);
    let mut date_signal = 0;
    let mut strong = l.contains('|') || l.contains(" ago") || l.contains("updated");
    let mut other = 0;
    for token in
        l.split(|c: char| c.is_whitespace() || matches!(c, '|' | ',' | '·' | '•' | '(' | ')'))
    {
        let t = token.trim_matches(|c: char| !c.is_alphanumeric() && c != ':');
        let t = t.trim_end_matches(':');
        if t.is_empty() {
            continue;
        }
        if is_month_or_day(t) || is_ordinal(t) {
            date_signal += 1;
        } else if is_date_digits(t) {
            date_signal += 1;
            strong |= t.contains(':') || t.matches(['-', '/']).count() == 2;
        } else if STAMP_WORDS.contains(&t) {
            strong |= matches!(t, "ago" | "updated" | "published" | "posted" | "am" | "pm");
        } else if t.starts_with(|c: char| c.is_ascii_digit())
            && t.trim_start_matches(|c: char| c.is_ascii_digit())
                .chars()
                .all(char::is_alphabetic)
        {
            // "2min", "05:09pm", "14March": a number glued to its word.
            date_signal += 1;
        } else {
            // A month glued to a word by a scrape: "AFPMarch".
            if dateline::MONTHS
                .iter()
                .any(|(m, _)| m.len() > 3 && t.ends_with(m))
            {
                date_signal += 1;
            }
            other += 1;
        }
    }
    let allowed = if strong { 4 } else { 1 };
    date_signal >= 1 && other <= allowed && (date_signal >= 2 || strong || other == 0)
}

/// A line of page chrome, with the rule that recognises it.
pub(super) fn furniture(line: &str) -> Option<&'static str> {
    let l = lower(line);
    let l = l.trim();
    let bare = l.trim_end_matches([':', '.', '…']).trim();
    let n = words(l);
    if NAVIGATION.contains(&l) || NAVIGATION.contains(&bare) {
        return Some("navigation");
    }
    if [
        "image caption",
        "media caption",
        "image copyright",
        "file photo:",
        "photo:",
    ]
    .iter()
    .any(|o| l.starts_with(o))
        || l.contains("image copyright")
    {
        return Some("photo-caption");
    }
    if is_prose(line) && n > 12 {
        // A long sentence is the story's unless it names itself as furniture.
        return long_furniture(l);
    }
    // Menu items glued together by a scrape: "FinancialGovernment SolutionsLegal…".
    let joins = |w: &str| {
        w.chars()
            .zip(w.chars().skip(1))
            .filter(|(a, b)| a.is_lowercase() && b.is_uppercase())
            .count()
    };
    let (mut glued_words, mut many_joins) = (0, false);
    for word in line.split_whitespace() {
        let joined = joins(word);
        glued_words += usize::from(joined > 0);
        many_joins |= joined >= 2 && word.len() > 12;
    }
    if (glued_words >= 3 || many_joins) && !ends_sentence(line) {
        return Some("navigation");
    }
    if n <= 8
        && l.split(|c: char| c.is_whitespace() || c == '|')
            .filter(|w| !w.is_empty())
            .all(|w| SHARE_WORDS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric())))
    {
        return Some("share-bar");
    }
    if is_timestamp(line) {
        return Some("timestamp");
    }
    if n <= 6
        && (l.ends_with("total views today")
            || l.ends_with("views") && l.starts_with(|c: char| c.is_ascii_digit()))
    {
        return Some("view-counter");
    }
    if (l.ends_with("min read") || l.ends_with("minute read") || l.ends_with("minutes read"))
        && n <= 5
    {
        return Some("read-time");
    }
    if (l.contains("font size") || l.contains("text size")) && n <= 10 {
        return Some("text-size-widget");
    }
    if n <= 20
        && (l.contains("subscriber") && l.contains("log in")
            || l.contains("unlimited access")
            || l.contains("cancel anytime")
            || l.contains("unlimited digital access")
            || l.contains("free trial")
            || l.starts_with("register now")
            || l.starts_with("subscribe to")
            || l.starts_with("sign up for")
            || l.starts_with("sign up today")
            || l.contains("digital access") && n <= 10 && !ends_sentence(line)
            || l.starts_with("save ") && (l.contains('%') || l.contains(" off")) && n <= 10)
    {
        return Some("paywall");
    }
    if n <= 25
        && (l.contains("donate") || l.contains("donation"))
        && (l.contains("support") || line == line.to_uppercase())
    {
        return Some("donation-appeal");
    }
    if let Some(rule) = long_furniture(l) {
        return Some(rule);
    }
    if l.contains("cookie")
        && (l.contains("policy") || l.contains("settings") || l.contains("accept"))
        && n <= 12
        && !is_prose(line)
    {
        return Some("cookies");
    }
    if l.contains("browser is no longer supported") || l.contains("update your browser") {
        return Some("browser-notice");
    }
    if l.starts_with("our standards") || l.contains("trust principles") {
        return Some("standards-notice");
    }
    if l.contains("automated translation") && n <= 10 {
        return Some("translation-notice");
    }
    if is_copyright_line(line) {
        return Some("copyright-line");
    }
    if (l.starts_with("send your stories to") || l.starts_with("follow us on")) && n <= 15 {
        return Some("site-notice");
    }
    if is_caption(line) {
        return Some("photo-caption");
    }
    if (l.starts_with("http://")
        || l.starts_with("https://")
        || l.starts_with("www.")
        || l.contains("://"))
        && n <= 3
    {
        return Some("url");
    }
    if l.starts_with("string(")
        || l.contains("\"contenttypeid\"")
        || l.starts_with("[{\"")
        || l.starts_with("{\"")
        || (n == 1
            && [".jpg", ".jpeg", ".png", ".gif", ".webp"]
                .iter()
                .any(|e| l.ends_with(e)))
        || is_code(l)
    {
        return Some("debug-dump");
    }
    if is_template_only(l) {
        return Some("template-token");
    }
    // Hashtags alone: "#Afghanistan #Taliban" (a hashtag in a headline stays).
    if n <= 6
        && l.split_whitespace()
            .all(|w| w.starts_with('#') && w.len() > 1)
    {
        return Some("section-tag");
    }
    if l.starts_with("read on ") && n <= 6 {
        return Some("read-on");
    }
    if l.ends_with("(see all)") {
        return Some("related-list");
    }
    if n <= 5 && (l.ends_with(" agency") || l.starts_with("news service")) && !ends_sentence(l) {
        return Some("site-byline");
    }
    if n <= 3 && (l.ends_with(" logo") || l.ends_with(" staff")) {
        return Some("site-byline");
    }
    if is_run_time(l) {
        return Some("video-list");
    }
    if l.chars().all(|c| !c.is_alphanumeric()) {
        return Some("separator");
    }
    None
}

/// Furniture that may be written as a long sentence: notices about the
/// page, the feed or cookies, named by their own words.
fn long_furniture(l: &str) -> Option<&'static str> {
    if l.contains("we use cookies")
        || l.contains("cookie")
            && (l.contains("by continuing") || l.contains("you agree") || l.contains("accept all"))
    {
        return Some("cookies");
    }
    if (l.contains("ai generated") || l.contains("ai-generated") || l.contains("generated by ai"))
        && (l.contains("summar")
            || l.contains("may have errors")
            || l.contains("may contain errors"))
    {
        return Some("ai-summary-notice");
    }
    if (l.contains("auto-feed")
        || l.contains("syndicated feed")
        || l.contains("auto-generated from"))
        && (l.contains("edited") || l.contains("generated") || l.contains("published"))
    {
        return Some("syndication-disclaimer");
    }
    if (l.starts_with("sign up") || l.starts_with("subscribe"))
        && (l.contains("free trial") || l.contains("digital access") || l.contains("newsletter"))
    {
        return Some("paywall");
    }
    if l.starts_with("this page is best viewed") || l.contains("style sheets (css) enabled") {
        return Some("browser-notice");
    }
    if l.starts_with("your email address will not be published")
        || l.contains("required fields are marked")
    {
        return Some("comment-form");
    }
    if l.contains("is not responsible for the content of external") {
        return Some("copyright-line");
    }
    None
}

/// Source code left in a page: "FB.XFBML.parse();", "');", "var x = …;".
fn is_code(l: &str) -> bool {
    let t = l.trim();
    (t.ends_with(");")
        || t.ends_with("});")
        || t.ends_with("');")
        || t.starts_with("var ") && t.ends_with(';')
        || t.starts_with("function(")
        || t.starts_with("window.")
        || t.starts_with("document."))
        && !t.contains(". ")
        && words(t) <= 6
}

/// A line made only of template tokens ("{{ headline }}", "%%TITLE%%").
fn is_template_only(l: &str) -> bool {
    let mut rest = l.trim();
    let mut any = false;
    while let Some(open) = rest.find("{{") {
        if !rest[..open].trim().is_empty() {
            return false;
        }
        let Some(close) = rest[open..].find("}}") else {
            return false;
        };
        rest = rest[open + close + 2..].trim_start();
        any = true;
    }
    any && rest.is_empty()
}

/// A video's run time on its own ("2:06") or after its title.
fn is_run_time(l: &str) -> bool {
    let last = l.split_whitespace().last().unwrap_or("");
    let is_time = last.split(':').count() == 2
        && last
            .split(':')
            .all(|p| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()));
    is_time && (words(l) == 1 || !ends_sentence(&l[..l.len() - last.len()]))
}

#[cfg(test)]
mod tests {
    use super::super::captions::is_credit_line;
    use super::*;

    #[test]
    fn timestamps_are_recognised_and_sentences_are_not() {
        assert!(is_timestamp("Wed Apr 28, 2021"));
        assert!(is_timestamp("Sat Jul 14, 2018 09:12:05"));
        assert!(is_timestamp(
            "Reuters | Updated: 17-08-2024 09:41 IST | Created: 17-08-2024 09:41 IST"
        ));
        assert!(is_timestamp("5 months ago"));
        assert!(is_timestamp(
            "Kim Lee 2 minutes ago Thu 28th May 2020 | 05:09 PM"
        ));
        assert!(is_timestamp(
            "Last Updated : Feb 3, 2021 09:05 AM IST | Source: PTI"
        ));
        assert!(is_timestamp("June 2, 2021 / 8:15 AM"));
        assert!(!is_timestamp("NATO sent 700 troops on May 3."));
        assert!(!is_timestamp("Deaths: 57"));
        assert!(!is_timestamp("Turnout: 64 percent"));
        assert!(!is_timestamp(
            "Counting of postal ballots will not start until June 9."
        ));
    }

    #[test]
    fn glued_menu_items_are_navigation() {
        assert_eq!(
            furniture("MarketsEnergy SolutionsLegalWire ServicesRisk Tools"),
            Some("navigation")
        );
        assert_eq!(furniture("McDonald's and YouTube report results"), None);
    }

    #[test]
    fn prose_that_starts_like_furniture_stays() {
        for prose in [
            "Copyright protection will now last 70 years after death.",
            "A Reuters/Ipsos poll showed support for the plan rising to 41 percent.",
            "The firm updated its cookie policy after regulators in 12 countries complained.",
            "Readers with digital access rose by a third, the publisher said.",
            "Photographers from Getty Images and other agencies were barred from the court.",
            "Follow us on this journey, the minister told the crowd at the rally on Monday.",
            "Critics disagreed",
            "#MeToo founder speaks",
            "- Turnout: 64 percent",
        ] {
            assert_eq!(furniture(prose), None, "{prose}");
        }
    }

    #[test]
    fn captions_in_the_shapes_outlets_print_them() {
        for caption in [
            "A crane at the port. REUTERS/Jane Roe",
            "Rescuers search the rubble in Hatay, Turkey, Tuesday, March 2, 2021. (AP Photo/John Doe)",
            "Protesters march in Paris. (John Doe/AP)",
            "Fans cheer in the stadium. AFP via Getty Images",
            "Rescuers at the scene in Geneva, Feb. 28, 2020.Jane Roe/Reuters",
            "File photo of a money changer in the capital. - AFP pic",
            "FILE PHOTO: The logo of the company is seen at its headquarters.",
            "A drone in flight. ─ Wikimedia Commons",
            "© Reuters. FILE PHOTO: The company logo on a screen.",
        ] {
            assert!(is_caption(caption), "{caption}");
        }
        assert!(!is_caption("The minister left for Geneva on Monday."));
        assert!(!is_caption(
            "Exports rose 4% in May, data from the ministry showed."
        ));
    }

    #[test]
    fn credits_are_names_and_prose_is_not() {
        assert!(is_credit_line(
            "(Reporting by A. Writer; Editing by B. Desk)"
        ));
        assert!(is_credit_line(
            "Reporting By Jan Kowal; Editing by Anna Nowak"
        ));
        assert!(is_credit_line(
            "(Reporting in Harbourton by Jan Kowal; Writing by Ann Lee and Bo Chen)"
        ));
        assert!(is_credit_line("Edited by Mary Major"));
        assert!(!is_credit_line(
            "Compiled by the statistics office, the figures show piracy cost 200 million euros."
        ));
        assert!(!is_credit_line(
            "Writing by hand is back in fashion in schools, teachers said on Monday."
        ));
        assert!(!is_credit_line(
            "The Harbour Workers' Federation said the plan would cut 600 jobs by 2028."
        ));
        assert!(!is_credit_line("Edited by 2028"));
    }

    #[test]
    fn copyright_marks_and_not_sentences_about_copyright() {
        assert!(is_copyright_line(
            "Copyright © 2017 Site. All rights reserved."
        ));
        assert!(is_copyright_line("© 2024 Daily Planet"));
        assert!(is_copyright_line("(c) 2021 Reuters"));
        assert!(!is_copyright_line(
            "Copyright protection will now last 70 years after death."
        ));
        assert!(!is_copyright_line(
            "Copyright law was changed in 2019 after a long campaign by authors."
        ));
    }
}
