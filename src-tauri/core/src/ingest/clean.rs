//! Cleaning web-syndicated copy: a pipeline of small, named rules that take
//! the page furniture off a story (navigation, share bars, timestamps,
//! "ALSO READ" lists, disclaimers, paywall and cookie text, captions, debug
//! dumps, stories glued on after the credit) and put it back together
//! (hard-wrapped lines joined, a repeated lead printed once). Each rule that
//! fires is recorded, so an editor can see what cleaning did; the received
//! copy is always kept as it came.
//!
//! Rules work on what copy looks like, never on a particular site or story.

use serde_json::{json, Map, Value};

/// A story taken apart by the cleaner.
#[derive(Debug, Default)]
pub(crate) struct Cleaned {
    /// The headline, when the copy has a line that reads as one.
    pub headline: Option<String>,
    pub paragraphs: Vec<String>,
    /// The agency's credit line(s): "Reporting by …; Editing by …".
    pub credit: Vec<String>,
    /// Names of the rules that fired, in order, once each.
    pub fired: Vec<&'static str>,
    /// What was kept from the furniture: country tags, related headlines, …
    pub metadata: Map<String, Value>,
}

impl Cleaned {
    fn fire(&mut self, rule: &'static str) {
        if !self.fired.contains(&rule) {
            self.fired.push(rule);
        }
    }

    fn keep(&mut self, key: &str, value: String) {
        let list = self
            .metadata
            .entry(key)
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(list) = list {
            list.push(json!(value));
        }
    }
}

/// Paragraph openings of an agency credit line.
const CREDIT_OPENINGS: &[&str] = &[
    "Reporting by",
    "Reporting in",
    "Writing by",
    "Additional reporting by",
    "Editing by",
    "Compiled by",
];

/// Lines that open a list of links to other stories.
const RELATED_MARKERS: &[&str] = &[
    "also read",
    "read also",
    "related",
    "related stories",
    "related news",
    "related articles",
    "read more",
    "more from",
    "you may also like",
    "recommended",
    "most read",
    "trending",
    "more stories",
    "top stories",
];

/// Whole lines of site navigation and page chrome.
const NAVIGATION: &[&str] = &[
    "login",
    "log in",
    "sign in",
    "contact",
    "contact us",
    "support",
    "sections",
    "featured",
    "share",
    "share:",
    "share this",
    "share this article",
    "share this story",
    "comments",
    "comments are closed.",
    "advertisement",
    "directory of sites",
    "close",
    "menu",
    "search",
    "home",
    "print",
    "email",
    "world",
    "news",
];

const SHARE_WORDS: &[&str] = &[
    "facebook", "twitter", "x", "email", "print", "whatsapp", "linkedin", "reddit", "telegram",
    "copy", "link", "share",
];

const MONTHS: &[&str] = &[
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: &[&str] = &[
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn lower(line: &str) -> String {
    line.to_lowercase()
}

/// Words in a line, counted up to 41: every rule asks about fewer, and
/// long paragraphs are not counted to the end again and again.
fn words(line: &str) -> usize {
    line.split_whitespace().take(41).count()
}

fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .ends_with(['.', '!', '?', '"', '”', '’', '\'', ':', ';', ')'])
}

/// A line that is only a date, a time, or "5 months ago" (site timestamps).
fn is_timestamp(line: &str) -> bool {
    if !line.bytes().any(|b| b.is_ascii_digit()) || words(line) > 14 {
        return false;
    }
    let mut meaningful = 0;
    for token in line.split(|c: char| c.is_whitespace() || matches!(c, '|' | '/' | ',' | '·')) {
        let t = token
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if t.is_empty()
            || t.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ':' | '-' | '.'))
            || MONTHS.contains(&t.as_str())
            || WEEKDAYS.contains(&t.as_str())
            || matches!(
                t.as_str(),
                "am" | "pm"
                    | "gmt"
                    | "utc"
                    | "ist"
                    | "edt"
                    | "est"
                    | "bst"
                    | "cet"
                    | "ago"
                    | "year"
                    | "years"
                    | "month"
                    | "months"
                    | "day"
                    | "days"
                    | "hour"
                    | "hours"
                    | "minute"
                    | "minutes"
                    | "min"
                    | "mins"
                    | "updated"
                    | "created"
                    | "published"
                    | "posted"
                    | "last"
                    | "on"
                    | "at"
            )
            || t.strip_suffix("st")
                .or_else(|| t.strip_suffix("nd"))
                .or_else(|| t.strip_suffix("rd"))
                .or_else(|| t.strip_suffix("th"))
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        {
            continue;
        }
        meaningful += 1;
        // An agency name may stand beside the time ("Reuters | Updated: …").
        if meaningful > 1 {
            return false;
        }
    }
    true
}

/// A line of page chrome, with the rule that recognises it.
fn furniture(line: &str) -> Option<&'static str> {
    let l = lower(line);
    let l = l.trim();
    let n = words(l);
    if NAVIGATION.contains(&l) {
        return Some("navigation");
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
            .all(|w| SHARE_WORDS.contains(&w.trim_matches(':')))
    {
        return Some("share-bar");
    }
    if is_timestamp(line) {
        return Some("timestamp");
    }
    if (l.ends_with("min read") || l.ends_with("minute read") || l.ends_with("minutes read"))
        && n <= 4
    {
        return Some("read-time");
    }
    if l.contains("subscriber") && l.contains("log in")
        || l.contains("unlimited access")
        || l.contains("cancel anytime")
        || l.contains("digital access")
        || l.starts_with("register now")
        || l.starts_with("subscribe to")
        || l.starts_with("sign up for")
    {
        return Some("paywall");
    }
    if l.contains("cookie")
        && (l.contains("we use") || l.contains("policy") || l.contains("accept"))
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
    if (l.starts_with('©') || l.starts_with("copyright ") || l.starts_with("(c) ")) && n <= 12 {
        return Some("copyright-line");
    }
    if l.starts_with("send your stories to") || l.starts_with("follow us on") {
        return Some("site-notice");
    }
    if l.contains("reuters/")
        || l.contains("/file photo")
        || l.contains("image copyright")
        || l.starts_with("image caption")
        || l.starts_with("media caption")
        || l.starts_with("photo:")
        || l.starts_with("(photo")
        || l.contains("getty images")
        || (n <= 40 && (l.ends_with("— reuters") || l.ends_with("- reuters")))
    {
        return Some("photo-caption");
    }
    if l.contains("<a href") || l.contains("</a>") || l.contains("<img") {
        return Some("markup");
    }
    if (l.starts_with("http://") || l.starts_with("https://") || l.contains("://")) && n <= 3 {
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
        || l.contains("{{")
        || l.contains("}}")
    {
        return Some("debug-dump");
    }
    if l.starts_with('#') && n <= 4 {
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
    if n <= 3 && (l.ends_with(" logo") || l.ends_with(" staff") || l == "reuters") {
        return Some("site-byline");
    }
    None
}

/// Strips a leading "date 2020-03-06" stamp (and "close", "1 minute read").
fn strip_date_stamp(line: &str) -> Option<String> {
    let rest = line.strip_prefix("date ")?;
    let (date, rest) = rest.split_at(rest.find(' ').unwrap_or(rest.len()));
    let is_date = date.len() == 10 && date.chars().filter(|c| *c == '-').count() == 2;
    if !is_date {
        return None;
    }
    let mut rest = rest.trim_start();
    for noise in ["close", "1 minute read", "2 minute read", "3 minute read"] {
        rest = rest.strip_prefix(noise).unwrap_or(rest).trim_start();
    }
    Some(rest.to_owned())
}

/// A marker line that opens a list of related links ("ALSO READ").
fn is_related_marker(line: &str) -> bool {
    let l = lower(line);
    let l = l.trim().trim_end_matches(':');
    RELATED_MARKERS.contains(&l) || l.starts_with("latest posts by")
}

/// A line that reads as a link title rather than a sentence of the story.
fn is_title_like(line: &str) -> bool {
    let t = line.trim_start_matches(['-', '•', '*', '·']).trim();
    !t.is_empty() && words(t) <= 25 && (!t.ends_with('.') || ends_with_date(t))
}

/// "… - October 19, 2019": a link title with its date.
fn ends_with_date(line: &str) -> bool {
    line.rsplit_once(" - ")
        .is_some_and(|(_, tail)| is_timestamp(tail))
}

/// A line that reads as a headline: a few words, no sentence end, no dateline.
pub(crate) fn is_headline_like(line: &str) -> bool {
    let n = words(line);
    (3..=30).contains(&n) && is_short_headline(line)
}

/// The first line of a copy may be a headline of any length ("Storm").
fn is_short_headline(line: &str) -> bool {
    let n = words(line);
    (1..=30).contains(&n)
        && line.chars().count() <= 220
        && !line.starts_with("By ")
        && !line.trim_end().ends_with(['.', ',', ';', '!'])
        && !line.trim_end().ends_with(".”")
        && !line.trim_end().ends_with(".\"")
        && !is_lead(line)
        && !line.starts_with(['-', '•', '(', '"', '“'])
}

/// The first paragraph of an agency story: "KABUL (Reuters) - …".
fn is_lead(line: &str) -> bool {
    let head: String = line.chars().take(90).collect();
    [
        "(Reuters)",
        "(AP)",
        "(AFP)",
        "(dpa)",
        "(ANSA)",
        "(Xinhua)",
        "(PTI)",
        "(IANS)",
        "(ANI)",
        "(UPI)",
    ]
    .iter()
    .any(|credit| head.contains(credit))
        || head
            .split_once(" - ")
            .or_else(|| head.split_once(" – "))
            .or_else(|| head.split_once(" — "))
            .is_some_and(|(place, _)| {
                place.len() >= 3
                    && place.split(',').next().is_some_and(|p| {
                        p.chars().all(|c| c.is_uppercase() || c == ' ' || c == '.')
                            && p.chars().filter(|c| c.is_alphabetic()).count() >= 3
                    })
            })
}

/// Joins hard-wrapped lines: a line that stops mid-sentence continues on the
/// next when that one starts in lower case.
fn join_wrapped(lines: Vec<Option<String>>, cleaned: &mut Cleaned) -> Vec<Option<String>> {
    let mut out: Vec<Option<String>> = Vec::new();
    for line in lines {
        match (out.last_mut(), &line) {
            (Some(Some(previous)), Some(next))
                if !ends_sentence(previous)
                    && next.chars().next().is_some_and(|c| c.is_lowercase()) =>
            {
                previous.push(' ');
                previous.push_str(next);
                cleaned.fire("join-wrapped-lines");
            }
            // A wrapped sentence may also continue across one blank line.
            (Some(None), Some(next)) if next.chars().next().is_some_and(|c| c.is_lowercase()) => {
                let len = out.len();
                if len >= 2 {
                    if let Some(Some(before)) = out.get(len - 2) {
                        if !ends_sentence(before) {
                            out.pop();
                            if let Some(Some(previous)) = out.last_mut() {
                                previous.push(' ');
                                previous.push_str(next);
                                cleaned.fire("join-wrapped-lines");
                                continue;
                            }
                        }
                    }
                }
                out.push(line);
            }
            _ => out.push(line),
        }
    }
    out
}

/// Runs every rule over the lines of a plain-text story (whitespace already
/// folded per line; `None` is a blank line).
pub(crate) fn clean(lines: Vec<Option<String>>) -> Cleaned {
    let mut cleaned = Cleaned::default();
    let mut kept: Vec<Option<String>> = Vec::new();
    let mut first_line: Option<String> = None;
    let mut in_related = false;
    let mut in_countries = false;
    let mut after_author = false;
    for line in lines {
        let Some(mut line) = line else {
            kept.push(None);
            continue;
        };
        if let Some(rest) = strip_date_stamp(&line) {
            cleaned.fire("date-stamp");
            if rest.is_empty() {
                continue;
            }
            line = rest;
        }
        if first_line.is_none() {
            first_line = Some(line.clone());
        }
        // "- Country:" followed by "- Name" lines: keep the names as tags.
        if matches!(
            line.as_str(),
            "- Country:" | "- Countries:" | "Country:" | "Countries:"
        ) {
            in_countries = true;
            cleaned.fire("country-tags");
            continue;
        }
        if in_countries {
            if let Some(name) = line.strip_prefix("- ").filter(|n| !n.contains(':')) {
                cleaned.keep("countries", name.to_owned());
                continue;
            }
            in_countries = false;
        }
        // "- Title: …", "- Date: …": a metadata block of the page.
        if let Some((field, value)) = line
            .strip_prefix("- ")
            .and_then(|f| f.split_once(':'))
            .filter(|(field, _)| {
                words(field) <= 3 && field.chars().next().is_some_and(char::is_uppercase)
            })
        {
            let value = value.trim();
            if matches!(field, "Story Text" | "Text" | "Body" | "Story") {
                // The story itself, put in a field by the page.
                cleaned.fire("page-fields");
                if !value.is_empty() {
                    kept.push(Some(value.to_owned()));
                }
                continue;
            }
            if field == "Title" && !value.is_empty() {
                cleaned.headline.get_or_insert_with(|| value.to_owned());
            } else if !value.is_empty() {
                cleaned
                    .metadata
                    .entry(field.to_lowercase())
                    .or_insert(json!(value));
            }
            cleaned.fire("page-fields");
            continue;
        }
        if let Some(title) = line
            .strip_prefix("Also read:")
            .or_else(|| line.strip_prefix("ALSO READ:"))
            .or_else(|| line.strip_prefix("Also Read:"))
            .or_else(|| line.strip_prefix("READ ALSO:"))
        {
            cleaned.keep("related", title.trim().to_owned());
            cleaned.fire("related-list");
            continue;
        }
        if is_related_marker(&line) {
            in_related = true;
            cleaned.fire("related-list");
            continue;
        }
        let l = lower(&line);
        let is_disclaimer = line.starts_with('(')
            && line.ends_with(')')
            && (l.contains("syndicated feed")
                || l.contains("auto-generated")
                || (l.contains("feed")
                    && (l.contains("automatically") || l.contains("not edited"))));
        if is_disclaimer {
            cleaned.fire("syndication-disclaimer");
            continue;
        }
        if in_related {
            if is_title_like(&line) {
                cleaned.keep(
                    "related",
                    line.trim_start_matches(['-', '•', '*', ' ']).to_owned(),
                );
                continue;
            }
            in_related = false;
        }
        if line.starts_with("Author:") && words(&line) <= 6 {
            after_author = true;
            cleaned.fire("author-box");
            continue;
        }
        if after_author {
            // The site's blurb about its author follows its name.
            after_author = false;
            continue;
        }
        if let Some(rule) = furniture(&line) {
            cleaned.fire(rule);
            // A copyright line or the site's contact notice closes the page's
            // article; what follows is the site's, not the story's.
            let has_body = kept.iter().flatten().any(|l| words(l) > 12);
            if matches!(rule, "copyright-line" | "site-notice") && has_body {
                cleaned.fire("end-of-article");
                break;
            }
            continue;
        }
        if let Some(tags) = line
            .strip_prefix("Tags:")
            .filter(|t| t.contains('|') || words(t) <= 6)
        {
            for tag in tags
                .split(['|', ','])
                .map(str::trim)
                .filter(|t| !t.is_empty())
            {
                cleaned.keep("tags", tag.to_owned());
            }
            cleaned.fire("tags");
            continue;
        }
        kept.push(Some(line));
    }

    // A run of two or more bulleted link titles is a list of related stories.
    let mut i = 0;
    while i < kept.len() {
        let bullet = |l: &Option<String>| {
            l.as_deref()
                .is_some_and(|l| l.starts_with(['•', '·']) && is_title_like(l))
        };
        if bullet(&kept[i]) {
            let start = i;
            while i < kept.len() && (bullet(&kept[i]) || kept[i].is_none()) {
                i += 1;
            }
            let run = kept[start..i].iter().filter(|l| l.is_some()).count();
            if run >= 2 {
                for line in kept.drain(start..i).flatten() {
                    cleaned.keep(
                        "related",
                        line.trim_start_matches(['•', '·', ' ']).to_owned(),
                    );
                }
                cleaned.fire("related-list");
                i = start;
            }
        } else {
            i += 1;
        }
    }

    let kept = join_wrapped(kept, &mut cleaned);

    // The headline: a page title field, else the first line that reads as one.
    let mut lines: Vec<String> = kept.into_iter().flatten().collect();
    let first_is_headline = lines
        .first()
        .is_some_and(|l| Some(l) == first_line.as_ref() && is_short_headline(l));
    if cleaned.headline.is_none() && first_is_headline {
        cleaned.headline = Some(lines.remove(0));
    }
    // Look for a headline only above the lead.
    let lead_at = lines.iter().position(|l| is_lead(l)).unwrap_or(lines.len());
    if cleaned.headline.is_none() {
        if let Some(at) = lines
            .iter()
            .take(8.min(lead_at))
            .position(|l| is_headline_like(l))
        {
            // Anything short before it was chrome; longer text stays as body.
            let before: Vec<String> = lines.drain(..at).filter(|l| words(l) > 12).collect();
            if at > before.len() {
                cleaned.fire("chrome-before-headline");
            }
            let headline = lines.remove(0);
            lines.splice(0..0, before);
            cleaned.headline = Some(headline);
        }
    }
    // Link titles printed twice (menus, teasers) and short subheads are page
    // furniture, not sentences of the story.
    let title_counts = |lines: &[String], l: &String| lines.iter().filter(|x| *x == l).count();
    let snapshot = lines.clone();
    let before = lines.len();
    lines.retain(|l| {
        let repeated_title = is_title_like(l)
            && !l.ends_with(['?', '!'])
            && title_counts(&snapshot, l) >= 2
            && Some(l) != cleaned.headline.as_ref();
        let subhead = words(l) <= 3 && !ends_sentence(l) && !l.starts_with("By ");
        !(repeated_title || subhead)
    });
    if lines.len() < before {
        cleaned.fire("menu-and-subheads");
    }
    // The headline printed again in the body.
    if let Some(headline) = &cleaned.headline {
        let before = lines.len();
        lines.retain(|l| l != headline);
        if lines.len() < before {
            cleaned.fire("repeated-headline");
        }
    }

    // The agency credit ends the story; what follows was glued on.
    let mut paragraphs = Vec::new();
    let mut iter = lines.into_iter();
    for line in iter.by_ref() {
        let credit = line.trim_start_matches('(');
        if CREDIT_OPENINGS.iter().any(|o| credit.starts_with(o)) {
            cleaned.credit.push(line);
            break;
        }
        paragraphs.push(line);
    }
    let rest: Vec<String> = iter.collect();
    if !rest.is_empty() {
        let mut glued = Vec::new();
        for line in rest {
            let credit = line.trim_start_matches('(');
            if CREDIT_OPENINGS.iter().any(|o| credit.starts_with(o)) && glued.is_empty() {
                cleaned.credit.push(line);
            } else {
                glued.push(line);
            }
        }
        if !glued.is_empty() {
            cleaned.fire("glued-story");
            cleaned
                .metadata
                .insert("glued_after_credit".into(), json!(glued));
        }
    }

    // A lead printed twice: drop a paragraph whose text comes again later.
    let folded: Vec<String> = paragraphs.iter().map(|p| fold_quotes(p)).collect();
    let mut drop = vec![false; paragraphs.len()];
    for i in 0..paragraphs.len() {
        let later = folded[i + 1..].join(" ");
        if folded[i].len() >= 40 && later.contains(&folded[i]) {
            drop[i] = true;
        }
    }
    if drop.iter().any(|d| *d) {
        cleaned.fire("repeated-lead");
    }
    cleaned.paragraphs = paragraphs
        .into_iter()
        .zip(drop)
        .filter(|(_, d)| !d)
        .map(|(p, _)| p)
        .collect();
    cleaned
}

fn fold_quotes(text: &str) -> String {
    text.replace(['\u{201c}', '\u{201d}'], "\"")
        .replace(['\u{2018}', '\u{2019}'], "'")
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn navigation_timestamps_and_share_bars_go() {
        let c = run(
            "Login\nSections\nFacebook | X | Email\nMarch 6, 2013 / 12:01 PM / 5 years ago\n\
                     Port reopens after storm\nHARBOURTON (Reuters) - The port reopened.\n",
        );
        assert_eq!(c.headline.as_deref(), Some("Port reopens after storm"));
        assert_eq!(c.paragraphs, ["HARBOURTON (Reuters) - The port reopened."]);
        for rule in ["navigation", "share-bar", "timestamp"] {
            assert!(
                c.fired.contains(&rule),
                "{rule} did not fire: {:?}",
                c.fired
            );
        }
    }

    #[test]
    fn a_related_list_at_the_end_is_kept_as_metadata() {
        let c =
            run("Headline here today\nThe story.\nALSO READ\nOther story one\nOther story two\n");
        assert_eq!(c.paragraphs, ["The story."]);
        assert_eq!(
            c.metadata["related"],
            json!(["Other story one", "Other story two"])
        );
    }

    #[test]
    fn disclaimers_country_tags_and_captions_go() {
        let c = run("Headline of the day\n- Country:\n- Veloria\nThe story.\n\
                     (This story has not been edited by Site staff and was auto-generated from a partner syndicated feed.)\n\
                     A crane at work. REUTERS/Someone\n");
        assert_eq!(c.paragraphs, ["The story."]);
        assert_eq!(c.metadata["countries"], json!(["Veloria"]));
        assert!(c.fired.contains(&"syndication-disclaimer"));
        assert!(c.fired.contains(&"photo-caption"));
    }

    #[test]
    fn a_disclaimer_after_a_related_list_is_not_a_related_headline() {
        let c = run("Headline of the day\nThe story.\nALSO READ\nOther story\n\
                     (This report was produced automatically from a partner newswire feed and was not edited by our staff.)\n");
        assert_eq!(c.metadata["related"], json!(["Other story"]));
        assert!(c.fired.contains(&"syndication-disclaimer"));
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
    fn a_repeated_lead_is_printed_once() {
        let c = run("Headline of the day\nThe minister said on Monday that talks would resume. More follows.\n\
                     The minister said on Monday that talks would resume.\nMore follows.\n");
        assert_eq!(
            c.paragraphs,
            [
                "The minister said on Monday that talks would resume.",
                "More follows."
            ]
        );
        assert!(c.fired.contains(&"repeated-lead"));
    }

    #[test]
    fn the_credit_ends_the_story_and_what_follows_is_glued_on() {
        let c = run("Quake hits coast\nISTANBUL (Reuters) - A quake hit.\n\
                     (Reporting by A. Writer; Editing by B. Desk)\nOther quake elsewhere\n(Reuters) - Another quake.\n");
        assert_eq!(c.paragraphs, ["ISTANBUL (Reuters) - A quake hit."]);
        assert_eq!(c.credit, ["(Reporting by A. Writer; Editing by B. Desk)"]);
        assert!(c.fired.contains(&"glued-story"));
    }

    #[test]
    fn a_lead_is_not_a_headline() {
        let c = run(
            "date 2020-03-06 KABUL (Reuters) - An attack took place on Friday.\nMore text here.\n",
        );
        assert_eq!(c.headline, None);
        assert_eq!(
            c.paragraphs[0],
            "KABUL (Reuters) - An attack took place on Friday."
        );
        assert!(c.fired.contains(&"date-stamp"));
    }

    #[test]
    fn glued_menu_items_are_navigation() {
        assert_eq!(
            furniture("FinancialGovernment SolutionsLegalReuters News AgencyRisk Management"),
            Some("navigation")
        );
        assert_eq!(furniture("McDonald's and YouTube report results"), None);
    }

    #[test]
    fn timestamps_are_recognised_and_sentences_are_not() {
        assert!(is_timestamp("Wed Apr 28, 2021"));
        assert!(is_timestamp("Sat May 20, 2017 11:46:40"));
        assert!(is_timestamp(
            "Reuters | Updated: 05-12-2025 05:24 IST | Created: 05-12-2025 05:24 IST"
        ));
        assert!(is_timestamp("5 months ago"));
        assert!(!is_timestamp("NATO sent 700 troops on May 3."));
        assert!(!is_timestamp(
            "Counting of declaration votes will not begin until April 22."
        ));
    }
}
