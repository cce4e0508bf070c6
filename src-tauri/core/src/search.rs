//! Search for the front ends: the app's [`Searcher`] (a connection of its
//! own, where a newer search stops an older one) and the limits every search
//! is held to. The store that runs it is private to the core.

pub use crate::store::{
    fts_query, Searcher, MAX_PREFIX_WORDS, MAX_QUERY_CHARS, MAX_WORDS, MIN_PREFIX_CHARS,
    SEARCH_TIME_LIMIT,
};
