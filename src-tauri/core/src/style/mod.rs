//! House style and spelling: a desk's style guide as rules that check a
//! story's body, offline.
//!
//! - [`guide`]: the guide as data (TOML/JSON, two starter guides).
//! - [`check`]: a guide compiled into a [`Checker`]; matches and fixes.
//! - `builtin`: the kinds written in Rust (numbers, percent, dates, times,
//!   titles), numbers read by the claim detector's own reading.
//! - [`spelling`]: Hunspell dictionaries and the word pass (spelling,
//!   dialect, names).
//!
//! Nothing here touches the store: the library (`library/style.rs`) reads
//! the guide, the desk dictionary and the ignores, and hands them in.

mod builtin;
pub mod check;
pub mod guide;
pub mod spelling;

pub use check::{apply_fixes, validate_rule, Checker, StyleMatch};
pub use guide::{
    starter_guide, Dialect, RuleKind, Severity, StyleGuide, StyleRule, STARTER_GUIDES,
};
