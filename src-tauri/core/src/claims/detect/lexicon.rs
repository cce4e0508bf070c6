//! General English news vocabulary the rules look words up in: number words,
//! qualifiers, months and weekdays, currencies, speech verbs, titles. No word
//! here comes from any one story.

/// Runs `f` on `word` in ASCII lower case without allocating; words too
/// long or not ASCII (never in these lists) come through as "".
pub(crate) fn with_lower<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    if !word.bytes().any(|b| b.is_ascii_uppercase()) {
        return f(if word.is_ascii() { word } else { "" });
    }
    let mut buffer = [0u8; 24];
    if word.len() > buffer.len() || !word.is_ascii() {
        return f("");
    }
    for (b, c) in buffer.iter_mut().zip(word.bytes()) {
        *b = c.to_ascii_lowercase();
    }
    f(std::str::from_utf8(&buffer[..word.len()]).unwrap_or(""))
}

/// The value of a cardinal number word ("seven" → 7), any case.
pub(crate) fn cardinal(word: &str) -> Option<f64> {
    let first = word.as_bytes().first()?.to_ascii_lowercase();
    if !(3..=9).contains(&word.len()) || !b"zotfsen".contains(&first) {
        return None;
    }
    with_lower(word, |w| {
        Some(match w {
            "zero" => 0.0,
            "one" => 1.0,
            "two" => 2.0,
            "three" => 3.0,
            "four" => 4.0,
            "five" => 5.0,
            "six" => 6.0,
            "seven" => 7.0,
            "eight" => 8.0,
            "nine" => 9.0,
            "ten" => 10.0,
            "eleven" => 11.0,
            "twelve" => 12.0,
            "thirteen" => 13.0,
            "fourteen" => 14.0,
            "fifteen" => 15.0,
            "sixteen" => 16.0,
            "seventeen" => 17.0,
            "eighteen" => 18.0,
            "nineteen" => 19.0,
            "twenty" => 20.0,
            "thirty" => 30.0,
            "forty" => 40.0,
            "fifty" => 50.0,
            "sixty" => 60.0,
            "seventy" => 70.0,
            "eighty" => 80.0,
            "ninety" => 90.0,
            _ => return None,
        })
    })
}

/// The factor of a scale word ("million" → 1e6), any case.
pub(crate) fn scale(word: &str) -> Option<f64> {
    with_lower(word, |w| {
        Some(match w {
            "hundred" => 1e2,
            "thousand" => 1e3,
            "lakh" | "lakhs" => 1e5,
            "million" | "millions" | "mln" | "mn" => 1e6,
            "crore" | "crores" => 1e7,
            "billion" | "billions" | "bln" | "bn" => 1e9,
            "trillion" | "trillions" | "tn" | "trn" => 1e12,
            _ => return None,
        })
    })
}

/// Abbreviated scales that money glues to its figure ("£8.8bn", "$5m").
pub(crate) fn money_scale(word: &str) -> Option<f64> {
    match word {
        "m" | "M" => Some(1e6),
        "b" | "B" => Some(1e9),
        "k" | "K" => Some(1e3),
        _ => scale(word),
    }
}

/// Words that say roughly how many, with the qualifier they stand for:
/// ("some", "~"), ("at least", ">="). Longest phrases first.
pub(crate) const QUALIFIERS: &[(&[&str], &str)] = &[
    (&["no", "fewer", "than"], ">="),
    (&["no", "less", "than"], ">="),
    (&["no", "more", "than"], "<="),
    (&["as", "many", "as"], "<="),
    (&["as", "much", "as"], "<="),
    (&["as", "few", "as"], ">="),
    (&["in", "excess", "of"], ">"),
    (&["upwards", "of"], ">"),
    (&["an", "estimated"], "~"),
    (&["at", "least"], ">="),
    (&["at", "most"], "<="),
    (&["more", "than"], ">"),
    (&["greater", "than"], ">"),
    (&["fewer", "than"], "<"),
    (&["less", "than"], "<"),
    (&["up", "to"], "<="),
    (&["close", "to"], "~"),
    (&["just", "over"], ">"),
    (&["just", "under"], "<"),
    (&["some"], "~"),
    (&["about"], "~"),
    (&["around"], "~"),
    (&["approximately"], "~"),
    (&["roughly"], "~"),
    (&["nearly"], "~"),
    (&["almost"], "~"),
    (&["estimated"], "~"),
    (&["over"], ">"),
    (&["above"], ">"),
    (&["under"], "<"),
    (&["below"], "<"),
];

pub(crate) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month (1-12) a capitalised month name or abbreviation names, and
/// whether it was abbreviated.
pub(crate) fn month(word: &str) -> Option<(u8, bool)> {
    if !word.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    with_lower(word, |lower| {
        if let Some(i) = MONTHS.iter().position(|m| *m == lower) {
            return Some((i as u8 + 1, false));
        }
        let short = match lower {
            "jan" => 1,
            "feb" => 2,
            "mar" => 3,
            "apr" => 4,
            "jun" => 6,
            "jul" => 7,
            "aug" => 8,
            "sep" | "sept" => 9,
            "oct" => 10,
            "nov" => 11,
            "dec" => 12,
            _ => return None,
        };
        Some((short, true))
    })
}

pub(crate) const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// 0 for Monday … 6 for Sunday; capitalised names only.
pub(crate) fn weekday(word: &str) -> Option<u8> {
    WEEKDAYS.iter().position(|d| *d == word).map(|i| i as u8)
}

/// Periods a relative date counts in ("last month", "this summer").
pub(crate) fn is_period(word: &str) -> bool {
    with_lower(word, |w| {
        matches!(
            w,
            "day"
                | "week"
                | "weekend"
                | "fortnight"
                | "month"
                | "year"
                | "quarter"
                | "decade"
                | "century"
                | "season"
                | "summer"
                | "winter"
                | "spring"
                | "autumn"
                | "fall"
                | "morning"
                | "afternoon"
                | "evening"
                | "night"
        )
    })
}

/// Time zones that follow a clock time ("0835 GMT").
pub(crate) fn is_time_zone(word: &str) -> bool {
    matches!(
        word,
        "GMT"
            | "UTC"
            | "EDT"
            | "EST"
            | "CDT"
            | "CST"
            | "MDT"
            | "MST"
            | "PDT"
            | "PST"
            | "BST"
            | "CET"
            | "CEST"
            | "IST"
            | "JST"
            | "AEST"
            | "AEDT"
            | "MSK"
    )
}

/// Named days of the year that anchor events.
pub(crate) fn is_holiday(word: &str) -> bool {
    matches!(
        word,
        "Christmas" | "Easter" | "Ramadan" | "Eid" | "Diwali" | "Thanksgiving" | "Hanukkah"
    )
}

/// ISO code of a currency symbol, with an optional letter prefix ("C$").
pub(crate) fn currency_symbol(prefix: Option<&str>, symbol: &str) -> Option<&'static str> {
    Some(match (prefix, symbol) {
        (None | Some("US"), "$") => "USD",
        (Some("C" | "CA" | "Can"), "$") => "CAD",
        (Some("A" | "AU"), "$") => "AUD",
        (Some("HK"), "$") => "HKD",
        (Some("NZ"), "$") => "NZD",
        (Some("S"), "$") => "SGD",
        (Some("R"), "$") => "BRL",
        (Some("NT"), "$") => "TWD",
        (None, "£") => "GBP",
        (None, "€") => "EUR",
        (None, "¥") => "JPY",
        (None, "₹") => "INR",
        (None, "₽") => "RUB",
        (None, "₩") => "KRW",
        (None, "₺") => "TRY",
        (None, "₦") => "NGN",
        (None, "₱") => "PHP",
        (None, "₪") => "ILS",
        _ => return None,
    })
}

/// ISO codes written before or after a figure ("USD 5 million", "Rs 500").
pub(crate) fn currency_code(word: &str) -> Option<&'static str> {
    Some(match word {
        "USD" => "USD",
        "EUR" => "EUR",
        "GBP" => "GBP",
        "JPY" => "JPY",
        "CNY" | "RMB" => "CNY",
        "INR" | "Rs" => "INR",
        "RUB" => "RUB",
        "CHF" => "CHF",
        "AUD" => "AUD",
        "CAD" => "CAD",
        "HKD" => "HKD",
        "SGD" => "SGD",
        "KRW" => "KRW",
        "TRY" => "TRY",
        "ZAR" => "ZAR",
        "BRL" => "BRL",
        "MXN" => "MXN",
        "SEK" => "SEK",
        "NOK" => "NOK",
        "DKK" => "DKK",
        "PLN" => "PLN",
        "AED" => "AED",
        "SAR" => "SAR",
        "NGN" => "NGN",
        "PKR" => "PKR",
        _ => return None,
    })
}

/// A currency named by a word after the figure ("pounds", "rupees"), with the
/// factor to its main unit (pence are hundredths of a pound).
pub(crate) fn currency_word(word: &str) -> Option<(&'static str, f64)> {
    with_lower(word, |w| {
        Some(match w {
            "dollar" | "dollars" => ("USD", 1.0),
            "cent" | "cents" => ("USD", 0.01),
            "pound" | "pounds" | "sterling" => ("GBP", 1.0),
            "pence" | "penny" | "p" => ("GBP", 0.01),
            "euro" | "euros" => ("EUR", 1.0),
            "yen" => ("JPY", 1.0),
            "yuan" | "renminbi" => ("CNY", 1.0),
            "rupee" | "rupees" => ("INR", 1.0),
            "rouble" | "roubles" | "ruble" | "rubles" => ("RUB", 1.0),
            "franc" | "francs" => ("CHF", 1.0),
            "won" => ("KRW", 1.0),
            "lira" | "liras" | "lire" => ("TRY", 1.0),
            "rand" => ("ZAR", 1.0),
            "riyal" | "riyals" => ("SAR", 1.0),
            "rial" | "rials" => ("IRR", 1.0),
            "dirham" | "dirhams" => ("AED", 1.0),
            "dinar" | "dinars" => ("KWD", 1.0),
            "shekel" | "shekels" => ("ILS", 1.0),
            "peso" | "pesos" => ("MXN", 1.0),
            "real" | "reais" => ("BRL", 1.0),
            "naira" => ("NGN", 1.0),
            "hryvnia" | "hryvnias" => ("UAH", 1.0),
            "zloty" | "zlotys" => ("PLN", 1.0),
            "krona" | "kronor" => ("SEK", 1.0),
            "krone" | "kroner" => ("NOK", 1.0),
            "baht" => ("THB", 1.0),
            "ringgit" => ("MYR", 1.0),
            "rupiah" => ("IDR", 1.0),
            "taka" => ("BDT", 1.0),
            "shilling" | "shillings" => ("KES", 1.0),
            _ => return None,
        })
    })
}

/// The currency a country adjective turns a currency word into
/// ("Canadian dollars" → CAD), or None to keep the word's own.
pub(crate) fn currency_country(adjective: &str, base: &str) -> Option<&'static str> {
    Some(match (adjective, base) {
        ("US" | "U.S." | "American", "USD") => "USD",
        ("Canadian", "USD") => "CAD",
        ("Australian", "USD") => "AUD",
        ("Hong Kong", "USD") => "HKD",
        ("New Zealand", "USD") => "NZD",
        ("Singapore", "USD") => "SGD",
        ("Taiwan", "USD") => "TWD",
        ("Egyptian", "GBP") => "EGP",
        ("Pakistani", "INR") => "PKR",
        ("Sri Lankan", "INR") => "LKR",
        ("Nepali" | "Nepalese", "INR") => "NPR",
        ("Indian", "INR") => "INR",
        ("Russian", "RUB") => "RUB",
        ("Swiss", "CHF") => "CHF",
        ("Turkish", "TRY") => "TRY",
        ("Chinese", "CNY") => "CNY",
        ("Japanese", "JPY") => "JPY",
        ("South African", "ZAR") => "ZAR",
        ("Saudi", "SAR") => "SAR",
        ("Iranian", "IRR") => "IRR",
        ("Iraqi", "KWD") => "IQD",
        ("Jordanian", "KWD") => "JOD",
        ("Mexican", "MXN") => "MXN",
        ("Argentine" | "Argentinian", "MXN") => "ARS",
        ("Philippine", "MXN") => "PHP",
        ("Brazilian", "BRL") => "BRL",
        _ => return None,
    })
}

/// Verbs that attribute speech, in the forms agency copy uses ("vowed",
/// "vows", "vow", "vowing"): the said-type verbs, the ones that add a
/// colour (warned, conceded, hailed), and the ones that name a channel
/// (tweeted, posted, wrote). Bare forms that are nouns more often than
/// verbs ("note", "post", "report", "state", "call") are left out. Lower
/// case only: a capitalised one opens a sentence and attributes nothing.
pub(crate) fn is_speech_verb(word: &str) -> bool {
    matches!(
        word,
        "say"
            | "says"
            | "said"
            | "saying"
            | "tells"
            | "told"
            | "telling"
            | "add"
            | "adds"
            | "added"
            | "adding"
            | "vow"
            | "vows"
            | "vowed"
            | "vowing"
            | "promises"
            | "promised"
            | "promising"
            | "pledges"
            | "pledged"
            | "pledging"
            | "warn"
            | "warns"
            | "warned"
            | "warning"
            | "insist"
            | "insists"
            | "insisted"
            | "insisting"
            | "stresses"
            | "stressed"
            | "stressing"
            | "noted"
            | "noting"
            | "write"
            | "writes"
            | "wrote"
            | "writing"
            | "tweeted"
            | "tweeting"
            | "posted"
            | "hails"
            | "hailed"
            | "hailing"
            | "urges"
            | "urged"
            | "urging"
            | "announces"
            | "announced"
            | "announcing"
            | "declares"
            | "declared"
            | "declaring"
            | "concedes"
            | "conceded"
            | "conceding"
            | "admits"
            | "admitted"
            | "admitting"
            | "argues"
            | "argued"
            | "arguing"
            | "replies"
            | "replied"
            | "replying"
            | "describes"
            | "described"
            | "describing"
            | "called"
            | "calling"
            | "stated"
            | "stating"
            | "reported"
            | "explains"
            | "explained"
            | "explaining"
            | "asked"
            | "quoted"
            | "quoting"
            | "cited"
            | "citing"
            | "claimed"
            | "claiming"
            | "recalls"
            | "recalled"
            | "recalling"
            | "continued"
            | "remarked"
            | "acknowledges"
            | "acknowledged"
            | "acknowledging"
            | "cautions"
            | "cautioned"
            | "cautioning"
            | "observed"
            | "shouted"
            | "confirms"
            | "confirmed"
            | "confirming"
            | "expressed"
            | "asserts"
            | "asserted"
            | "asserting"
            | "emphasises"
            | "emphasised"
            | "emphasising"
            | "emphasizes"
            | "emphasized"
            | "emphasizing"
            | "reiterates"
            | "reiterated"
            | "reiterating"
            | "maintained"
            | "contends"
            | "contended"
            | "countered"
            | "responded"
            | "answered"
            | "quipped"
            | "joked"
            | "predicted"
            | "lamented"
            | "complained"
            | "commented"
            | "alleged"
            | "boasted"
            | "testified"
            | "underlined"
    )
}

/// Nouns for a written statement: the speaker of "the statement said" is
/// whoever issued it.
pub(crate) fn is_document_noun(word: &str) -> bool {
    with_lower(word, |w| {
        matches!(
            w,
            "statement"
                | "release"
                | "report"
                | "letter"
                | "communique"
                | "notice"
                | "bulletin"
                | "memo"
                | "filing"
                | "document"
                | "tweet"
                | "post"
                | "message"
                | "declaration"
                | "announcement"
        )
    })
}

/// Titles and roles that precede a name and are not part of it.
pub(crate) fn is_title(word: &str) -> bool {
    with_lower(word, |w| {
        matches!(
            w,
            "mr" | "mrs"
                | "ms"
                | "miss"
                | "dr"
                | "prof"
                | "professor"
                | "sir"
                | "dame"
                | "lord"
                | "lady"
                | "president"
                | "vice"
                | "prime"
                | "minister"
                | "secretary"
                | "general"
                | "gen"
                | "marine"
                | "admiral"
                | "adm"
                | "colonel"
                | "col"
                | "lieutenant"
                | "lt"
                | "major"
                | "maj"
                | "captain"
                | "capt"
                | "sergeant"
                | "sgt"
                | "commander"
                | "cmdr"
                | "brigadier"
                | "chief"
                | "executive"
                | "director"
                | "spokesman"
                | "spokeswoman"
                | "spokesperson"
                | "senator"
                | "sen"
                | "representative"
                | "rep"
                | "congressman"
                | "congresswoman"
                | "governor"
                | "gov"
                | "mayor"
                | "king"
                | "queen"
                | "prince"
                | "princess"
                | "sheikh"
                | "pope"
                | "cardinal"
                | "bishop"
                | "rev"
                | "reverend"
                | "judge"
                | "justice"
                | "ambassador"
                | "envoy"
                | "deputy"
                | "chancellor"
                | "premier"
                | "speaker"
                | "chairman"
                | "chairwoman"
                | "chair"
                | "ceo"
                | "commissioner"
                | "attorney"
                | "inspector"
                | "superintendent"
                | "officer"
                | "official"
                | "leader"
                | "head"
                | "foreign"
                | "defense"
                | "defence"
                | "interior"
                | "finance"
                | "health"
                | "economy"
                | "trade"
                | "state"
                | "army"
                | "navy"
                | "police"
        )
    })
}

/// Function words: never a name when capitalised at a sentence start, never a
/// unit noun after a figure.
pub(crate) fn is_function_word(word: &str) -> bool {
    with_lower(word, |w| {
        matches!(
            w,
            "a" | "an"
                | "the"
                | "and"
                | "or"
                | "but"
                | "nor"
                | "of"
                | "in"
                | "on"
                | "at"
                | "to"
                | "for"
                | "from"
                | "by"
                | "with"
                | "without"
                | "into"
                | "onto"
                | "over"
                | "under"
                | "about"
                | "after"
                | "before"
                | "since"
                | "until"
                | "during"
                | "between"
                | "among"
                | "against"
                | "than"
                | "as"
                | "per"
                | "each"
                | "more"
                | "less"
                | "most"
                | "only"
                | "also"
                | "some"
                | "all"
                | "both"
                | "this"
                | "that"
                | "these"
                | "those"
                | "it"
                | "its"
                | "he"
                | "she"
                | "they"
                | "we"
                | "i"
                | "you"
                | "his"
                | "her"
                | "their"
                | "our"
                | "my"
                | "your"
                | "who"
                | "which"
                | "what"
                | "when"
                | "where"
                | "while"
                | "if"
                | "is"
                | "are"
                | "was"
                | "were"
                | "be"
                | "been"
                | "being"
                | "has"
                | "have"
                | "had"
                | "will"
                | "would"
                | "could"
                | "should"
                | "may"
                | "might"
                | "can"
                | "do"
                | "does"
                | "did"
                | "not"
                | "no"
                | "said"
                | "says"
                | "told"
                | "so"
                | "then"
                | "there"
                | "here"
                | "up"
                | "down"
                | "out"
                | "off"
                | "through"
                | "across"
                | "near"
                | "inside"
                | "outside"
                | "within"
                | "via"
                | "because"
                | "although"
                | "though"
                | "however"
                | "earlier"
                | "later"
                | "ago"
                | "according"
                | "respectively"
                | "again"
                | "already"
                | "still"
                | "even"
                | "just"
                | "nearly"
                | "almost"
                | "around"
                | "many"
                | "several"
                | "other"
                | "others"
                | "another"
                | "such"
                | "unfortunately"
        )
    })
}

/// Pronouns that stand for an earlier speaker.
pub(crate) fn is_pronoun(word: &str) -> bool {
    with_lower(word, |w| {
        matches!(w, "he" | "she" | "they" | "it" | "we" | "i")
    })
}

/// Nouns that make a figure a casualty count.
pub(crate) fn is_casualty_word(word: &str) -> bool {
    with_lower(word, |w| {
        matches!(
            w,
            "killed"
                | "dead"
                | "died"
                | "deaths"
                | "death"
                | "injured"
                | "wounded"
                | "hurt"
                | "missing"
                | "casualties"
                | "toll"
                | "bodies"
                | "victims"
                | "murdered"
                | "executed"
                | "slain"
                | "shot"
                | "killing"
                | "wounding"
                | "injuring"
                | "fatalities"
        )
    })
}

/// Words that make a figure a vote count or share.
pub(crate) fn is_vote_word(word: &str) -> bool {
    with_lower(word, |w| {
        matches!(
            w,
            "vote"
                | "votes"
                | "voters"
                | "turnout"
                | "ballot"
                | "ballots"
                | "seats"
                | "swing"
                | "poll"
        )
    })
}

/// Words that make a figure a count of armed forces.
pub(crate) fn is_force_word(word: &str) -> bool {
    with_lower(word, |w| {
        matches!(
            w,
            "troops"
                | "soldiers"
                | "personnel"
                | "forces"
                | "marines"
                | "sailors"
                | "battalion"
                | "battalions"
                | "brigade"
                | "brigades"
                | "troop"
                | "fighters"
                | "militants"
                | "rebels"
                | "police"
                | "officers"
        )
    })
}

/// Formations counted one at a time ("another battalion").
pub(crate) fn is_formation(word: &str) -> bool {
    with_lower(word, |w| {
        matches!(
            w,
            "battalion"
                | "brigade"
                | "regiment"
                | "division"
                | "squadron"
                | "platoon"
                | "company"
                | "battery"
                | "corps"
                | "warship"
                | "carrier"
                | "destroyer"
                | "frigate"
                | "submarine"
        )
    })
}

/// Nouns that precede a number naming a thing ("route 66", "flight 370").
pub(crate) fn is_designator(word: &str) -> bool {
    with_lower(word, |w| {
        matches!(
            w,
            "no" | "number"
                | "section"
                | "article"
                | "chapter"
                | "paragraph"
                | "clause"
                | "rule"
                | "resolution"
                | "route"
                | "highway"
                | "interstate"
                | "flight"
                | "room"
                | "page"
                | "platform"
                | "gate"
                | "terminal"
                | "channel"
                | "line"
                | "bus"
                | "tram"
                | "level"
                | "phase"
                | "version"
                | "model"
                | "type"
                | "grade"
                | "category"
                | "class"
                | "pier"
                | "berth"
                | "block"
                | "unit"
                | "apartment"
                | "ward"
                | "zone"
                | "item"
                | "exhibit"
                | "annex"
                | "schedule"
                | "appendix"
                | "figure"
                | "table"
                | "episode"
                | "season"
                | "volume"
                | "issue"
                | "game"
                | "stage"
                | "round"
                | "week"
                | "day"
                | "act"
                | "bill"
                | "amendment"
                | "protocol"
                | "code"
                | "tier"
                | "size"
                | "lot"
                | "tranche"
                | "series"
                | "sector"
                | "precinct"
                | "runway"
                | "junction"
                | "motorway"
                | "cell"
                | "constituency"
        )
    })
}

/// Nouns that are counted: a four-digit figure before one is a count, not a
/// year ("2000 troops").
pub(crate) fn is_count_noun(word: &str) -> bool {
    is_casualty_word(word)
        || is_force_word(word)
        || with_lower(word, |w| {
            matches!(
                w,
                "people"
                    | "persons"
                    | "residents"
                    | "civilians"
                    | "children"
                    | "women"
                    | "men"
                    | "workers"
                    | "jobs"
                    | "homes"
                    | "houses"
                    | "buildings"
                    | "cases"
                    | "votes"
                    | "ballots"
                    | "seats"
                    | "shares"
                    | "tonnes"
                    | "tons"
                    | "barrels"
                    | "units"
                    | "vehicles"
                    | "cars"
                    | "km"
                    | "kilometers"
                    | "kilometres"
                    | "miles"
                    | "metres"
                    | "meters"
                    | "feet"
                    | "refugees"
                    | "migrants"
                    | "students"
                    | "patients"
                    | "members"
                    | "employees"
                    | "staff"
                    | "points"
                    | "kg"
                    | "mw"
                    | "hectares"
                    | "acres"
            )
        })
}
