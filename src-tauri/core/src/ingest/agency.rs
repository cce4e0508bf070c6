//! Which agency a copy came from, and which outlet published it: the table
//! of known agencies and every way copy names them (a dateline's credit, a
//! lone "AFP" line, "By IANS,", "Source: APP", "Reuters | Updated: …",
//! "— Bernama" closing the last paragraph, "© AAP 2024"), and the ways a
//! page names its outlet (a syndication disclaimer, a site-name line, the
//! page title's " | Outlet").
//!
//! Everything here reads one short piece of text at a time; which pieces
//! of a copy are asked, in which order, is `attribution`'s business.

use super::SourceRef;

/// An agency: its code, its name, and the names copy gives it.
type Agency = (&'static str, &'static str, &'static [&'static str]);

/// The agencies Wiredesk knows by name.
const AGENCIES: &[Agency] = &[
    ("reuters", "Reuters", &["Reuters"]),
    (
        "ap",
        "Associated Press",
        &["AP", "Associated Press", "The Associated Press"],
    ),
    ("aap", "AAP", &["AAP", "Australian Associated Press"]),
    ("pa", "PA Media", &["PA", "PA Media", "Press Association"]),
    ("ntb", "NTB", &["NTB", "Norsk Telegrambyrå"]),
    (
        "afp",
        "AFP",
        &["AFP", "Agence France-Presse", "Agence France Presse"],
    ),
    ("dpa", "dpa", &["dpa", "DPA", "Deutsche Presse-Agentur"]),
    ("pti", "PTI", &["PTI", "Press Trust of India"]),
    ("ani", "ANI", &["ANI", "Asian News International"]),
    ("ians", "IANS", &["IANS", "Indo-Asian News Service"]),
    ("xinhua", "Xinhua", &["Xinhua", "Xinhua News Agency"]),
    ("upi", "UPI", &["UPI", "United Press International"]),
    ("bloomberg", "Bloomberg", &["Bloomberg"]),
    ("efe", "EFE", &["EFE", "Agencia EFE"]),
    ("ansa", "ANSA", &["ANSA"]),
    ("kyodo", "Kyodo", &["Kyodo", "Kyodo News"]),
    ("jiji", "Jiji Press", &["Jiji", "Jiji Press"]),
    ("yonhap", "Yonhap", &["Yonhap", "Yonhap News Agency"]),
    ("tass", "TASS", &["TASS", "Tass", "ITAR-TASS"]),
    ("interfax", "Interfax", &["Interfax"]),
    ("ria", "RIA Novosti", &["RIA Novosti"]),
    ("sputnik", "Sputnik", &["Sputnik"]),
    (
        "anadolu",
        "Anadolu Agency",
        &["Anadolu", "Anadolu Agency", "AA"],
    ),
    ("bernama", "Bernama", &["Bernama", "BERNAMA"]),
    ("antara", "Antara", &["Antara"]),
    ("nan", "NAN", &["NAN", "News Agency of Nigeria"]),
    ("app", "APP", &["APP", "Associated Press of Pakistan"]),
    (
        "cp",
        "The Canadian Press",
        &["CP", "Canadian Press", "The Canadian Press"],
    ),
    ("wam", "WAM", &["WAM", "Emirates News Agency"]),
    ("irna", "IRNA", &["IRNA"]),
    ("belga", "Belga", &["Belga"]),
    ("anp", "ANP", &["ANP"]),
    ("lusa", "Lusa", &["Lusa"]),
    (
        "businesswire",
        "Business Wire",
        &["Business Wire", "businesswire"],
    ),
    ("prnewswire", "PR Newswire", &["PR Newswire", "prnewswire"]),
];

/// Outlets that republish agency copy and sign page titles "… – Outlet".
/// (" | Outlet" is read for any name; a dash is also how headlines
/// attribute a claim, "… - governor", so only these are taken after one.)
const PUBLISHERS: &[&str] = &[
    "Devdiscourse",
    "UrduPoint",
    "Firstpost",
    "Moneycontrol",
    "Business Standard",
    "ThePrint",
    "Big News Network",
    "Yahoo News",
    "Yahoo Finance",
    "MSN",
    "Investing.com",
];

fn source_ref((code, name, _): &Agency) -> SourceRef {
    SourceRef {
        code: (*code).into(),
        name: (*name).into(),
    }
}

/// Whether `text` is exactly one of an agency's names. Short names
/// ("AP", "ANI") must match in their own case, so that the words "ani" or
/// "Nan" are nobody; longer ones match in any case ("REUTERS").
fn is_short_alias(alias: &str) -> bool {
    alias.chars().count() < 5
}

/// No agency's name is longer than this, in characters.
const LONGEST_ALIAS: usize = 40;

/// Every agency name, to the first agency in the table that has it: short
/// names as written, longer ones in lower case.
struct AliasIndex {
    short: std::collections::HashMap<&'static str, usize>,
    long: std::collections::HashMap<String, usize>,
}

static ALIASES: std::sync::LazyLock<AliasIndex> = std::sync::LazyLock::new(|| {
    let mut index = AliasIndex {
        short: Default::default(),
        long: Default::default(),
    };
    for (i, (_, _, aliases)) in AGENCIES.iter().enumerate() {
        for alias in *aliases {
            if is_short_alias(alias) {
                index.short.entry(alias).or_insert(i);
            } else {
                index.long.entry(alias.to_lowercase()).or_insert(i);
            }
        }
    }
    index
});

/// The known agency a whole text names ("Reuters", "The Associated Press",
/// "NEWS AGENCY OF NIGERIA"), if any: the first in the table of those that
/// have the name.
pub(crate) fn agency_named(text: &str) -> Option<SourceRef> {
    let text = text.trim();
    // Lower case never has fewer characters than its text: a longer text names none.
    if text.is_empty() || text.chars().nth(LONGEST_ALIAS).is_some() {
        return None;
    }
    let short = ALIASES.short.get(text).copied();
    let long = ALIASES.long.get(&text.to_lowercase()).copied();
    let first = match (short, long) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    Some(source_ref(&AGENCIES[first]))
}

/// The first agency named in parentheses in the copy: "(Reuters)".
pub(crate) fn credited_in_parentheses<P: AsRef<str>>(body: &[P]) -> Option<SourceRef> {
    body.iter().map(AsRef::as_ref).find_map(|paragraph| {
        // The earliest parenthesised credit that names a known agency.
        paragraph.match_indices('(').find_map(|(at, _)| {
            let inner = &paragraph[at + 1..];
            agency_named(&inner[..inner.find(')')?])
        })
    })
}

/// A source for an agency the table does not know, by its credit name.
pub(crate) fn source_named(name: &str) -> SourceRef {
    let code = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join("-");
    SourceRef {
        code,
        name: name.to_owned(),
    }
}

/// The source for an agency named in metadata ("AP", "Reuters", "NTB"):
/// a known agency by any of its names, otherwise one named as given.
pub(crate) fn source_for(name: &str) -> SourceRef {
    let name = name.trim();
    // A provider given as its domain ("reuters.com", "ansa.it") is that agency.
    let bare = name.split('.').next().unwrap_or(name);
    AGENCIES
        .iter()
        .find(|(code, full, aliases)| {
            [name, bare].iter().any(|n| {
                code.eq_ignore_ascii_case(n)
                    || full.eq_ignore_ascii_case(n)
                    || aliases.iter().any(|a| a.eq_ignore_ascii_case(n))
            })
        })
        .map(source_ref)
        .unwrap_or_else(|| source_named(name))
}

/// What a dateline's credit names: "Reuters"; "APP - UrduPoint / Pakistan
/// Point News - 28th May, 2020" (the agency APP, published by UrduPoint);
/// "Baltic Newsline" (an agency the table does not know).
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct CreditParts {
    pub agency: Option<SourceRef>,
    /// The first name in the credit that is not an agency or a date.
    pub publisher: Option<String>,
    /// The names in it, dates left out.
    pub names: Vec<String>,
}

pub(crate) fn parts_of_credit(credit: &str) -> CreditParts {
    let mut parts = CreditParts::default();
    let pieces = credit
        .split(['/', ',', ';'])
        .flat_map(|p| p.split(" - "))
        .flat_map(|p| p.split(" via "))
        .map(|p| p.trim().trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|p| !p.is_empty() && !is_date_words(p));
    for piece in pieces {
        // "Reuters Health", "AFP Photo": an agency's name first.
        let first_word = piece.split_whitespace().next().unwrap_or(piece);
        let agency = agency_named(piece).or_else(|| {
            (first_word.len() >= 3)
                .then(|| agency_named(first_word))
                .flatten()
        });
        match agency {
            Some(agency) if parts.agency.is_none() => parts.agency = Some(agency),
            Some(_) => {}
            None => {
                if parts.publisher.is_none() {
                    parts.publisher = Some(piece.to_owned());
                }
            }
        }
        parts.names.push(piece.to_owned());
    }
    parts
}

/// Whether a credit carries a date ("31st August, 2020").
pub(crate) fn credit_is_dated(credit: &str) -> bool {
    credit
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| is_year(w) || super::dateline::month(w).is_some() && w.len() >= 3)
}

fn is_year(word: &str) -> bool {
    word.len() == 4
        && word.bytes().all(|b| b.is_ascii_digit())
        && (word.starts_with("19") || word.starts_with("20"))
}

/// Words that are only a date or time: "28th May", "2020", "05:24 IST".
fn is_date_words(text: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .all(is_ignorable_date_word)
}

fn is_ignorable_date_word(word: &str) -> bool {
    let w = word
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    w.is_empty()
        || w.starts_with(|c: char| c.is_ascii_digit())
        || super::dateline::month(&w).is_some()
        || super::dateline::WEEKDAYS.contains(&w.as_str())
        || matches!(
            w.as_str(),
            "am" | "pm"
                | "ist"
                | "gmt"
                | "utc"
                | "edt"
                | "est"
                | "bst"
                | "cet"
                | "pkt"
                | "updated"
                | "created"
                | "published"
                | "posted"
                | "modified"
                | "last"
                | "first"
                | "on"
                | "at"
                | "ago"
                | "minutes"
                | "hours"
                | "days"
        )
}

/// Words a credit line may carry besides the agency's name.
fn is_credit_word(word: &str) -> bool {
    let w = word
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '©')
        .to_lowercase();
    is_ignorable_date_word(word)
        || matches!(
            w.as_str(),
            "by" | "source"
                | "sources"
                | "from"
                | "the"
                | "credit"
                | "copyright"
                | "©"
                | "c"
                | "staff"
                | "news"
                | "service"
                | "agency"
                | "wire"
                | "logo"
                | "report"
                | "reports"
                | "and"
        )
}

/// A caption's credit names who took a picture, not who wrote the story.
fn mentions_pictures(text: &str) -> bool {
    text.to_lowercase().contains("photo")
        || text.split(|c: char| !c.is_alphanumeric()).any(|w| {
            matches!(
                w.to_lowercase().as_str(),
                "pic"
                    | "pics"
                    | "image"
                    | "images"
                    | "getty"
                    | "file"
                    | "caption"
                    | "picture"
                    | "pictures"
                    | "video"
                    | "graphic"
            )
        })
}

/// "AFPMarch 14, 2019" → "AFP March 14, 2019": words a page glued together
/// (a capital run followed by a capitalised word).
fn unglue(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if i > 0
            && c.is_uppercase()
            && chars[i - 1].is_uppercase()
            && chars.get(i + 1).is_some_and(|n| n.is_lowercase())
        {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// The agency a short credit line names: a lone "AFP", "Reuters Staff",
/// "By IANS,", "Source: APP", "Reuters | Updated: 17-08-2024 09:41 IST",
/// "AFPMarch 14, 2019", "© AAP 2024", "(ANI)", "— Bernama",
/// "PTI @examplenews". Never a picture's credit.
pub(crate) fn credit_line(text: &str) -> Option<SourceRef> {
    let text = text.trim();
    if text.is_empty() || text.split_whitespace().nth(14).is_some() || mentions_pictures(text) {
        return None;
    }
    let text = unglue(text);
    text.split([
        '|', '(', ')', ';', '·', '•', '—', '–', ',', '@', '[', ']', ':',
    ])
    .flat_map(|s| s.split(" - "))
    .find_map(credit_segment)
}

fn credit_segment(segment: &str) -> Option<SourceRef> {
    let segment = segment.trim_matches(|c: char| !c.is_alphanumeric());
    // A tag or a word in lower case ("Tag: reuters") credits nobody; only
    // dpa writes its own name so.
    if segment.is_empty() || segment.chars().all(|c| !c.is_uppercase()) && segment != "dpa" {
        return None;
    }
    if let Some(agency) = agency_named(segment) {
        return Some(agency);
    }
    let kept: Vec<&str> = segment
        .split_whitespace()
        .filter(|w| !is_credit_word(w))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    if kept.is_empty() || kept.len() > 4 {
        return None;
    }
    agency_named(&kept.join(" "))
}

/// A credit closing a paragraph: "… yesterday. — Bernama", "… he said. (ANI)",
/// "… (NAN) (www.nannews.ng)".
pub(crate) fn closing_credit(paragraph: &str) -> Option<SourceRef> {
    let mut text = paragraph.trim_end();
    for _ in 0..2 {
        let Some(inner) = text.strip_suffix(')') else {
            break;
        };
        let open = inner.rfind('(')?;
        if let Some(agency) = agency_named(&inner[open + 1..]) {
            return Some(agency);
        }
        text = inner[..open].trim_end();
    }
    let dash = ["—", "–", " - ", " -- "]
        .iter()
        .filter_map(|d| text.rfind(d).map(|at| at + d.len()))
        .max()?;
    let tail = text[dash..].trim();
    (tail.split_whitespace().count() <= 3 && !mentions_pictures(tail))
        .then(|| credit_segment(tail))
        .flatten()
}

/// The outlet a syndication notice names: the name between "edited by"
/// and "staff" in a notice that the text comes from an automatic or
/// syndicated feed ("… not edited by Harbour Times staff; auto-generated
/// from a syndicated feed").
pub(crate) fn disclaimer_publisher(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let notice = lower.contains("feed") || lower.contains("syndicat") || lower.contains("auto-");
    if !notice {
        return None;
    }
    let at = lower.find("edited by ")? + "edited by ".len();
    let end = at + lower[at..].find(" staff")?;
    let name = text.get(at..end)?.trim();
    let words = name.split_whitespace().count();
    let named = (1..=4).contains(&words) && name.starts_with(|c: char| c.is_uppercase());
    named.then(|| name.to_owned())
}

/// Top-level domains that mark a line as a site's name ("DAWN.COM").
const SITE_ENDINGS: &[&str] = &[
    ".com", ".net", ".org", ".co", ".in", ".pk", ".ng", ".uk", ".au", ".info", ".news", ".tv",
    ".ie", ".my", ".sg", ".ph", ".za", ".ca", ".us", ".io", ".cn", ".bd", ".lk", ".np", ".ae",
];

/// A line that is nothing but a site's name as a domain: "UrduPoint.com",
/// "DAWN.COM", "www.nannews.ng".
pub(crate) fn site_name(text: &str) -> Option<String> {
    let t = text.trim().trim_matches(|c: char| "()[]".contains(c));
    let t = t
        .strip_prefix("www.")
        .or_else(|| t.strip_prefix("WWW."))
        .unwrap_or(t);
    let lower = t.to_lowercase();
    let domain_like = !t.is_empty()
        && t.len() <= 40
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        && t.starts_with(|c: char| c.is_ascii_alphanumeric())
        && SITE_ENDINGS.iter().any(|end| lower.ends_with(end))
        && t.contains(|c: char| c.is_ascii_alphabetic());
    domain_like.then(|| t.to_owned())
}

/// An outlet's copyright line: "Copyright © 2019 BBC." → "BBC".
pub(crate) fn copyright_holder(text: &str) -> Option<String> {
    let t = text.trim();
    let lower = t.to_lowercase();
    if !(t.starts_with('©') || lower.starts_with("copyright") || lower.starts_with("(c) "))
        || t.split_whitespace().nth(20).is_some()
        || mentions_pictures(t)
    {
        return None;
    }
    let first_sentence = t.split(". ").next().unwrap_or(t);
    let name: Vec<&str> = first_sentence
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.'))
        .filter(|w| {
            let l = w.to_lowercase();
            !(w.is_empty()
                || l == "copyright"
                || l == "(c)"
                || l == "c"
                || w.starts_with(|c: char| c.is_ascii_digit()))
        })
        .take_while(|w| !w.eq_ignore_ascii_case("all"))
        .collect();
    let name = name.join(" ");
    let name = name.trim_end_matches('.');
    let ok = (1..=4).contains(&name.split_whitespace().count())
        && name.starts_with(|c: char| c.is_uppercase());
    ok.then(|| name.to_owned())
}

/// What a page title's signature names: "Coal mine toll rises to 16 |
/// Reuters" (an agency), "Health News Summary – Devdiscourse" (an outlet).
/// A dash is also how headlines attribute a claim ("… - governor"), so
/// after a dash only an agency, a known outlet or a domain counts.
pub(crate) fn headline_signature(headline: &str) -> (Option<SourceRef>, Option<String>) {
    let bar = headline.rfind(" | ").map(|at| (at, 3, true));
    let dash = [" – ", " — ", " - "]
        .iter()
        .filter_map(|d| headline.rfind(d).map(|at| (at, d.len(), false)))
        .max();
    let Some((at, len, after_bar)) = bar.or(dash) else {
        return (None, None);
    };
    // A title before it: a few words, not a caption's sentence ("… drill.
    // — Reuters") nor a menu ("Home | Contact Us").
    let head = &headline[..at];
    let first = head.split(" | ").next().unwrap_or(head);
    if first.split_whitespace().count() < 3 || head.trim_end().ends_with(['.', '!', '?']) {
        return (None, None);
    }
    signature(&headline[at + len..], after_bar)
}

/// A page title's signature cut off the headline by cleaning: "| Reuters",
/// "– Devdiscourse".
pub(crate) fn cut_signature(text: &str) -> (Option<SourceRef>, Option<String>) {
    let t = text.trim();
    match t.chars().next() {
        Some('|') => signature(&t[1..], true),
        Some('–' | '—' | '-') => {
            let first = t.chars().next().map_or(0, char::len_utf8);
            signature(&t[first..], false)
        }
        _ => (None, None),
    }
}

fn signature(tail: &str, after_bar: bool) -> (Option<SourceRef>, Option<String>) {
    let tail = tail.trim();
    if tail.is_empty() {
        return (None, None);
    }
    // "| Reuters", "| Source: PTI": the agency.
    let agency = agency_named(tail).or_else(|| after_bar.then(|| credit_line(tail)).flatten());
    if agency.is_some() {
        return (agency, None);
    }
    let words = tail.split_whitespace().count();
    let name_like = (1..=4).contains(&words)
        && !tail.contains(':')
        && tail.split_whitespace().all(|w| {
            w.starts_with(char::is_uppercase) && !w.contains(|c: char| c.is_ascii_digit())
        });
    let known = PUBLISHERS.iter().any(|p| p.eq_ignore_ascii_case(tail));
    // A section after the bar ("… | World News") names no outlet.
    let section = SECTIONS.contains(
        &tail
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_lowercase()
            .as_str(),
    );
    let publisher = if after_bar && name_like && !section || known {
        Some(tail.to_owned())
    } else {
        site_name(tail)
    };
    (None, publisher)
}

/// Page sections that follow a title's bar ("… | World News").
const SECTIONS: &[&str] = &[
    "world",
    "news",
    "business",
    "sport",
    "sports",
    "politics",
    "opinion",
    "latest",
    "home",
    "top",
    "breaking",
    "live",
    "video",
    "videos",
    "national",
    "international",
    "markets",
    "economy",
    "technology",
    "tech",
    "health",
    "science",
    "entertainment",
    "lifestyle",
    "contact",
    "about",
    "login",
    "register",
    "subscribe",
    "sign",
    "menu",
    "search",
    "privacy",
    "terms",
    "help",
    "more",
    "follow",
    "share",
    "newsletter",
    "newsletters",
    "podcasts",
];

/// A digest an agency signs in its title: "Reuters Health News Summary",
/// "Reuters Business News Digest".
pub(crate) fn digest_headline(headline: &str) -> Option<SourceRef> {
    let lower = headline.to_lowercase();
    let digest = ["summary", "digest", "briefs", "roundup", "round-up"]
        .iter()
        .any(|w| {
            lower
                .split_whitespace()
                .any(|x| x.trim_matches(|c: char| !c.is_alphanumeric()) == *w)
        });
    if !digest {
        return None;
    }
    let first = headline.split_whitespace().next()?;
    agency_named(first)
}

/// The Reuters sign-off, "(Reporting by NAME; Editing by NAME)": the agency's
/// house style, evidence of last resort.
pub(crate) fn is_reuters_sign_off(credit: &str) -> bool {
    let c = credit.trim().trim_start_matches('(');
    (c.starts_with("Reporting by") || c.starts_with("Reporting in "))
        && (c.contains("Editing by") || c.contains("Writing by"))
}

/// Whether an outlet is only another name of the agency itself
/// ("Reuters.com", "Xinhuanet", "News Agency of Nigeria").
pub(crate) fn names_agency(publisher: &str, agency: &SourceRef) -> bool {
    let p = publisher.to_lowercase();
    let bare = p.split('.').next().unwrap_or(&p);
    if agency_named(publisher).is_some_and(|a| a.code == agency.code) {
        return true;
    }
    let mut names = AGENCIES
        .iter()
        .filter(|(code, _, _)| *code == agency.code)
        .flat_map(|(_, name, aliases)| std::iter::once(name).chain(aliases.iter()))
        .map(|n| n.to_lowercase())
        .filter(|n| n.len() >= 4);
    names.any(|n| bare.starts_with(&n) || p == n) || bare == agency.code
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(source: Option<SourceRef>) -> Option<String> {
        source.map(|s| s.code)
    }

    #[test]
    fn no_name_is_longer_than_the_longest_a_text_is_compared_at() {
        for (_, _, aliases) in AGENCIES {
            for alias in *aliases {
                assert!(alias.chars().count() <= LONGEST_ALIAS, "{alias}");
            }
        }
        assert_eq!(
            code(agency_named("  NEWS AGENCY OF NIGERIA ")).as_deref(),
            Some("nan")
        );
        assert_eq!(
            code(agency_named("NORSK TELEGRAMBYRÅ")).as_deref(),
            Some("ntb")
        );
        assert_eq!(
            agency_named("Reuters reported on Monday that the talks had failed"),
            None
        );
    }

    #[test]
    fn known_agencies_by_any_name_and_others_as_named() {
        assert_eq!(source_for("AP").code, "ap");
        assert_eq!(source_for("The Associated Press").code, "ap");
        assert_eq!(source_for("Baltic Newsline").code, "baltic-newsline");
        assert_eq!(source_for("associated press").name, "Associated Press");
        assert_eq!(source_for("Reuters").name, "Reuters");
        assert_eq!(source_for("reuters.com").code, "reuters");
        assert_eq!(source_for("ansa.it").code, "ansa");
        let ntb = source_for("NTB");
        assert_eq!((ntb.code.as_str(), ntb.name.as_str()), ("ntb", "NTB"));
    }

    #[test]
    fn short_names_match_only_in_their_own_case() {
        assert_eq!(code(agency_named("ANI")), Some("ani".into()));
        assert_eq!(agency_named("ani"), None);
        assert_eq!(agency_named("Nan"), None);
        assert_eq!(code(agency_named("REUTERS")), Some("reuters".into()));
        assert_eq!(
            code(agency_named("NEWS AGENCY OF NIGERIA")),
            Some("nan".into())
        );
        assert_eq!(code(agency_named("dpa")), Some("dpa".into()));
    }

    #[test]
    fn credit_lines_in_every_shape() {
        for (line, want) in [
            ("AFP", "afp"),
            ("Reuters", "reuters"),
            ("Reuters Staff", "reuters"),
            ("The Associated Press", "ap"),
            ("Agence France-Presse", "afp"),
            ("By IANS,", "ians"),
            ("Source: APP", "app"),
            ("Source: Xinhua   2019-06-02 08:12:05", "xinhua"),
            (
                "Reuters | Updated: 17-08-2024 09:41 IST | Created: 17-08-2024 09:41 IST",
                "reuters",
            ),
            (
                "Reuters | Harbourton | Updated: 03-11-2024 14:07 IST",
                "reuters",
            ),
            (
                "Last Updated : Feb 3, 2021 09:05 AM IST | Source: PTI",
                "pti",
            ),
            ("AFPMarch 14, 2019", "afp"),
            ("Xinhua, March 9, 2018 Adjust font size:", "xinhua"),
            ("© AAP 2024", "aap"),
            ("(ANI)", "ani"),
            ("— Bernama", "bernama"),
            ("PTI @newsdeskcom", "pti"),
            ("Anadolu Agency News Service", "anadolu"),
            ("(NAN) (www.nannews.example)", "nan"),
            ("/TASS/", "tass"),
            ("Yonhap", "yonhap"),
            ("Kyodo", "kyodo"),
            ("Interfax", "interfax"),
            ("dpa", "dpa"),
        ] {
            assert_eq!(code(credit_line(line)), Some(want.into()), "{line}");
        }
    }

    #[test]
    fn picture_credits_and_prose_are_not_credit_lines() {
        for line in [
            "© Reuters. FILE PHOTO: A crane on the quay at dusk.",
            "File photo of a money changer in the capital. — AFP pic",
            "© Jane Roe/Anadolu via Getty",
            "Reuters could not verify the report.",
            "Thomson Reuters",
            "Editing by Jane Roe",
            "Image Credit: Reuters/AP",
            "The ani festival opened on Monday.",
            "Tag: reuters",
        ] {
            assert_eq!(credit_line(line), None, "{line}");
        }
    }

    #[test]
    fn credits_closing_a_paragraph() {
        assert_eq!(
            code(closing_credit(
                "The euro fell to 5.02 from 5.03 yesterday. — Bernama"
            )),
            Some("bernama".into())
        );
        assert_eq!(
            code(closing_credit(
                "The talks will resume next week, he said. (ANI)"
            )),
            Some("ani".into())
        );
        assert_eq!(
            code(closing_credit(
                "Relief arrived on Friday. (NAN) (www.nannews.example)"
            )),
            Some("nan".into())
        );
        assert_eq!(
            closing_credit("The mayor — who spoke late — said so."),
            None
        );
        assert_eq!(closing_credit("A view of the harbour. — AFP pic"), None);
    }

    #[test]
    fn dateline_credits_name_agency_and_outlet() {
        let parts = parts_of_credit("APP - Pointnews / Point News - 28th May, 2020 ");
        assert_eq!(code(parts.agency), Some("app".into()));
        assert_eq!(parts.publisher.as_deref(), Some("Pointnews"));
        let parts = parts_of_credit("Newsline / Sputnik - 31st August, 2020");
        assert_eq!(code(parts.agency), Some("sputnik".into()));
        assert_eq!(parts.publisher.as_deref(), Some("Newsline"));
        assert_eq!(
            code(parts_of_credit("Reuters Health").agency),
            Some("reuters".into())
        );
        let unknown = parts_of_credit("Baltic Newsline");
        assert_eq!(unknown.agency, None);
        assert_eq!(unknown.names, ["Baltic Newsline"]);
        assert!(credit_is_dated("APP - Pointnews - 28th May, 2020"));
        assert!(!credit_is_dated("Baltic Newsline"));
    }

    #[test]
    fn outlets_named_by_the_page() {
        assert_eq!(
            disclaimer_publisher(
                "(This item was not edited by Newsline Daily staff and came auto-generated off a partner feed.)"
            )
            .as_deref(),
            Some("Newsline Daily")
        );
        assert_eq!(
            disclaimer_publisher(
                "Items here are not edited by Postbox staff and are published by auto-feed."
            )
            .as_deref(),
            Some("Postbox")
        );
        assert_eq!(disclaimer_publisher("Edited by Jane Roe"), None);
        assert_eq!(site_name("Pointnews.com").as_deref(), Some("Pointnews.com"));
        assert_eq!(site_name("HARBOUR.COM").as_deref(), Some("HARBOUR.COM"));
        assert_eq!(
            site_name("www.nannews.example.ng").as_deref(),
            Some("nannews.example.ng")
        );
        assert_eq!(site_name("tmsnrt.rs/3phVuQU"), None);
        assert_eq!(site_name("The mayor said so."), None);
        assert_eq!(
            copyright_holder("Copyright © 2017 Harbour Broadcasting. All rights reserved.")
                .as_deref(),
            Some("Harbour Broadcasting")
        );
        assert_eq!(copyright_holder("© AAP 2024").as_deref(), Some("AAP"));
        assert_eq!(copyright_holder("Copyright protection will now last 70 years after death, the minister said on Monday in parliament."), None);
    }

    #[test]
    fn page_title_signatures() {
        let (agency, publisher) =
            headline_signature("Ferry fares to rise by a fifth next year | Reuters");
        assert_eq!((code(agency), publisher), (Some("reuters".into()), None));
        let (agency, publisher) = headline_signature("Port reopens after storm | Harbour Times");
        assert_eq!(
            (agency, publisher.as_deref()),
            (None, Some("Harbour Times"))
        );
        let (_, publisher) = headline_signature("Health News Summary – Devdiscourse");
        assert_eq!(publisher.as_deref(), Some("Devdiscourse"));
        let (agency, publisher) =
            headline_signature("Last Updated : Feb 3, 2021 09:05 AM IST | Source: PTI");
        assert_eq!((code(agency), publisher), (Some("pti".into()), None));
        let (agency, _) = cut_signature("| Reuters");
        assert_eq!(code(agency), Some("reuters".into()));
        assert_eq!(
            cut_signature("– Devdiscourse").1.as_deref(),
            Some("Devdiscourse")
        );
        assert_eq!(
            cut_signature("| Harbour Times").1.as_deref(),
            Some("Harbour Times")
        );
        assert_eq!(cut_signature("- governor"), (None, None));
        for attribution in [
            "Missile seen launching from a train in a drill. — Reuters",
            "Home | Contact Us",
            "Page last updated at 07:12 GMT | Print Sponsor: Acme",
            "Breaking news | Sign In",
            "Nine civilians killed in attacks - governor",
            "Rates to rise again – Reuters poll",
            "Launches were test of new missile system -KCNA",
            "Earthquake shakes coast: USGS",
        ] {
            assert_eq!(
                headline_signature(attribution),
                (None, None),
                "{attribution}"
            );
        }
        assert_eq!(
            code(digest_headline("Reuters Health News Summary")),
            Some("reuters".into())
        );
        assert_eq!(digest_headline("Reuters poll: rates to rise"), None);
    }

    #[test]
    fn the_agencys_own_site_is_not_an_outlet() {
        let reuters = source_for("Reuters");
        assert!(names_agency("Reuters.com", &reuters));
        assert!(names_agency("reuters", &reuters));
        assert!(names_agency("Xinhuanet", &source_for("Xinhua")));
        assert!(names_agency("News Agency of Nigeria", &source_for("NAN")));
        assert!(!names_agency("Devdiscourse", &reuters));
    }

    #[test]
    fn reuters_sign_off() {
        assert!(is_reuters_sign_off(
            "(Reporting by A. Writer; Editing by B. Desk)"
        ));
        assert!(is_reuters_sign_off(
            "(Reporting in Kyiv by A. Writer; Writing by B. Desk)"
        ));
        assert!(!is_reuters_sign_off("Edited by B. Desk"));
    }
}
