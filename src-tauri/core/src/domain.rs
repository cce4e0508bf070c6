//! The closed sets of values the desk's data moves through: a claim's
//! status, a revision's kind, a story's state, a merge's outcome (and the
//! text conversions of [`ClaimKind`]). Each is spelled in JSON, in SQLite
//! and in every interface exactly as `as_str` gives it; a value read from
//! the library that is not one of them is an error, not a panic.
//!
//! The one definition of an *open* claim lives here:
//! [`ClaimStatus::is_open`] (the statuses still to check, [`OPEN_STATUSES`],
//! from which the store's SQL is built) and [`is_open_claim`] (an open
//! status, neither dismissed nor detached, and not a timing claim unless the
//! desk counts those).
//!
//! The row ids the facade hands out and takes back are typed too
//! ([`StoryId`], [`RevisionId`], [`ClaimId`]): plain numbers in JSON and
//! SQLite, never mixed up in Rust.

use std::fmt;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Deserialize, Serialize};

pub use crate::claims::ClaimKind;

/// `as_str`, `parse`, `ALL`, `FromStr`, `Display` and the SQLite
/// conversions of a text enum, from one table of its spellings.
macro_rules! text_enum {
    ($name:ident, $what:literal, { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $name {
            /// Every value, in the order the product lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as JSON, SQLite and every interface spell it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// The value spelled `text`, if it is one.
            pub fn parse(text: &str) -> Option<$name> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::Error;

            fn from_str(text: &str) -> crate::Result<$name> {
                $name::parse(text).ok_or_else(|| {
                    let all: Vec<&str> = $name::ALL.iter().map(|v| v.as_str()).collect();
                    crate::Error::InvalidInput(format!(
                        "unknown {} {text:?}: use one of {}",
                        $what,
                        all.join(", ")
                    ))
                })
            }
        }

        /// As `as_str`, padded to a width the format asks for.
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<$name> {
                let text = value.as_str()?;
                $name::parse(text).ok_or_else(|| {
                    FromSqlError::Other(format!("unknown {} {text:?} in the library", $what).into())
                })
            }
        }
    };
}

text_enum!(ClaimKind, "claim kind", {
    Quantity => "quantity",
    Percentage => "percentage",
    Money => "money",
    Date => "date",
    Quote => "quote",
    Statement => "statement",
});

/// Where a claim stands in checking (PRODUCT.md §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub enum ClaimStatus {
    Unchecked,
    Checking,
    Verified,
    Disputed,
    False,
    Unverifiable,
}

text_enum!(ClaimStatus, "claim status", {
    Unchecked => "unchecked",
    Checking => "checking",
    Verified => "verified",
    Disputed => "disputed",
    False => "false",
    Unverifiable => "unverifiable",
});

/// The statuses of a claim still to check, in the order the publish gate
/// names them. The store's SQL is built from this list.
pub const OPEN_STATUSES: [ClaimStatus; 4] = [
    ClaimStatus::Unchecked,
    ClaimStatus::Checking,
    ClaimStatus::Disputed,
    ClaimStatus::False,
];

impl ClaimStatus {
    /// Still to check: unchecked, being checked, disputed or false.
    pub fn is_open(self) -> bool {
        OPEN_STATUSES.contains(&self)
    }

    /// The SQL list of the open statuses, `('unchecked', …)`.
    pub fn open_sql_list() -> String {
        let quoted: Vec<String> = OPEN_STATUSES
            .iter()
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        format!("({})", quoted.join(", "))
    }
}

/// An open claim: its status still to check, neither dismissed nor
/// detached, and not a timing claim unless the desk counts those
/// (`timing_open`, the setting [`crate::claims::TIMING_OPEN_SETTING`]).
/// The store's counts and filters, the publish gate and the app's claim
/// panel (through `open` of the claim it receives) all follow it.
pub fn is_open_claim(
    status: ClaimStatus,
    dismissed: bool,
    detached: bool,
    timing: bool,
    timing_open: bool,
) -> bool {
    status.is_open() && !dismissed && !detached && (timing_open || !timing)
}

/// What a revision is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub enum RevisionKind {
    /// A version received from the agency.
    Wire,
    /// The desk's edit (a restore is an edit too).
    Edit,
    /// A wire update merged into the desk's copy.
    Merge,
}

text_enum!(RevisionKind, "revision kind", {
    Wire => "wire",
    Edit => "edit",
    Merge => "merge",
});

/// Where a story stands on the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub enum StoryState {
    New,
    Editing,
    Checked,
    Exported,
    Killed,
}

text_enum!(StoryState, "story state", {
    New => "new",
    Editing => "editing",
    Checked => "checked",
    Exported => "exported",
    Killed => "killed",
});

/// What merging a wire version into the desk's copy came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub enum MergeStatus {
    Merged,
    Conflicts,
    NothingToMerge,
}

text_enum!(MergeStatus, "merge status", {
    Merged => "merged",
    Conflicts => "conflicts",
    NothingToMerge => "nothing-to-merge",
});

/// An id newtype: the row id of one table, kept apart from the others by
/// its type. Serialised as the bare number (`serde(transparent)`), bound
/// and read by SQLite as the integer.
macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        #[cfg_attr(test, derive(ts_rs::TS), ts(export))]
        pub struct $name(pub i64);

        impl $name {
            /// The row id.
            pub fn get(self) -> i64 {
                self.0
            }
        }

        impl From<i64> for $name {
            fn from(id: i64) -> $name {
                $name(id)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }

        impl PartialEq<i64> for $name {
            fn eq(&self, other: &i64) -> bool {
                self.0 == *other
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;

            fn from_str(text: &str) -> std::result::Result<$name, Self::Err> {
                text.parse().map($name)
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.0))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<$name> {
                i64::column_result(value).map($name)
            }
        }
    };
}

id_type!(
    /// A story's id (`stories.id`).
    StoryId
);
id_type!(
    /// A revision's id (`revisions.id`).
    RevisionId
);
id_type!(
    /// A claim's id (`claims.id`).
    ClaimId
);

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON of every value is its `as_str`, and reads back.
    fn round_trips<T>(all: &[T], as_str: fn(T) -> &'static str)
    where
        T: Copy + Serialize + for<'de> Deserialize<'de> + PartialEq + fmt::Debug,
    {
        for &value in all {
            let json = serde_json::to_string(&value).unwrap();
            assert_eq!(json, format!("\"{}\"", as_str(value)));
            assert_eq!(serde_json::from_str::<T>(&json).unwrap(), value);
        }
    }

    #[test]
    fn json_spells_every_value_as_str() {
        round_trips(ClaimStatus::ALL, ClaimStatus::as_str);
        round_trips(RevisionKind::ALL, RevisionKind::as_str);
        round_trips(StoryState::ALL, StoryState::as_str);
        round_trips(MergeStatus::ALL, MergeStatus::as_str);
        round_trips(ClaimKind::ALL, ClaimKind::as_str);
        assert_eq!(MergeStatus::NothingToMerge.as_str(), "nothing-to-merge");
        assert_eq!(ClaimStatus::False.to_string(), "false");
        assert_eq!(format!("[{:<10}]", ClaimKind::Date), "[date      ]");
    }

    #[test]
    fn open_statuses_are_the_ones_still_to_check() {
        let open: Vec<&str> = ClaimStatus::ALL
            .iter()
            .filter(|s| s.is_open())
            .map(|s| s.as_str())
            .collect();
        assert_eq!(open, ["unchecked", "checking", "disputed", "false"]);
        assert_eq!(
            ClaimStatus::open_sql_list(),
            "('unchecked', 'checking', 'disputed', 'false')"
        );
        assert!(is_open_claim(
            ClaimStatus::Disputed,
            false,
            false,
            false,
            false
        ));
        assert!(!is_open_claim(
            ClaimStatus::Verified,
            false,
            false,
            false,
            false
        ));
        assert!(!is_open_claim(
            ClaimStatus::Unchecked,
            true,
            false,
            false,
            false
        ));
        assert!(!is_open_claim(
            ClaimStatus::Unchecked,
            false,
            true,
            false,
            false
        ));
        assert!(!is_open_claim(
            ClaimStatus::Unchecked,
            false,
            false,
            true,
            false
        ));
        assert!(is_open_claim(
            ClaimStatus::Unchecked,
            false,
            false,
            true,
            true
        ));
    }

    #[test]
    fn ids_are_bare_numbers() {
        let id = ClaimId(42);
        assert_eq!(serde_json::to_string(&id).unwrap(), "42");
        assert_eq!(serde_json::from_str::<ClaimId>("42").unwrap(), id);
        assert_eq!(format!("[{:>4}]", StoryId(7)), "[   7]");
        assert_eq!("12".parse::<RevisionId>().unwrap(), RevisionId(12));
        assert_eq!(id, 42);
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let read: ClaimId = conn
            .query_row("SELECT ?1 + 1", [id], |row| row.get(0))
            .unwrap();
        assert_eq!(read, ClaimId(43));
    }

    #[test]
    fn an_unknown_value_is_an_error() {
        assert!("done".parse::<ClaimStatus>().is_err());
        assert_eq!(
            "merged".parse::<MergeStatus>().unwrap(),
            MergeStatus::Merged
        );
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let read: rusqlite::Result<StoryState> =
            conn.query_row("SELECT 'archived'", [], |row| row.get(0));
        assert!(read.is_err());
        let read: StoryState = conn
            .query_row("SELECT ?1", [StoryState::Killed], |row| row.get(0))
            .unwrap();
        assert_eq!(read, StoryState::Killed);
    }
}
