//! Which agency a copy came from: the table of known agencies and the ways
//! copy names them.

use super::SourceRef;

/// An agency: its code, its name, and the credits it appears under.
type Agency = (&'static str, &'static str, &'static [&'static str]);

/// Agencies recognised by their credit in parentheses: "MOSCOW (Reuters) -".
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
    ("afp", "AFP", &["AFP", "Agence France-Presse"]),
    ("dpa", "dpa", &["dpa", "DPA"]),
    ("pti", "PTI", &["PTI"]),
    ("ani", "ANI", &["ANI"]),
    ("ians", "IANS", &["IANS"]),
    ("xinhua", "Xinhua", &["Xinhua"]),
    ("upi", "UPI", &["UPI"]),
    ("bloomberg", "Bloomberg", &["Bloomberg"]),
    ("efe", "EFE", &["EFE", "Agencia EFE"]),
    ("ansa", "ANSA", &["ANSA"]),
    ("kyodo", "Kyodo", &["Kyodo"]),
    ("yonhap", "Yonhap", &["Yonhap"]),
    ("tass", "TASS", &["TASS"]),
    ("anadolu", "Anadolu Agency", &["Anadolu", "AA"]),
    (
        "businesswire",
        "Business Wire",
        &["Business Wire", "businesswire"],
    ),
    ("prnewswire", "PR Newswire", &["PR Newswire", "prnewswire"]),
];

/// The first agency named in parentheses in the copy: "(Reuters)".
pub(crate) fn credited_in_parentheses(body: &[String]) -> Option<SourceRef> {
    body.iter().find_map(|paragraph| {
        // The earliest parenthesised credit that names a known agency.
        paragraph.match_indices('(').find_map(|(at, _)| {
            let inner = &paragraph[at + 1..];
            let inner = &inner[..inner.find(')')?];
            AGENCIES
                .iter()
                .find(|(_, _, aliases)| aliases.contains(&inner))
                .map(|(code, name, _)| SourceRef {
                    code: (*code).into(),
                    name: (*name).into(),
                })
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
        .map(|(code, full, _)| SourceRef {
            code: (*code).into(),
            name: (*full).into(),
        })
        .unwrap_or_else(|| source_named(name))
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
