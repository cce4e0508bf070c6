//! Search for the front ends: the app's [`Searcher`] (a connection of its
//! own, where a newer search stops an older one) and the limits every search
//! is held to. The store that runs it is private to the core.

pub use crate::store::{
    fts_query, PgSearcher, Searcher, MAX_PREFIX_WORDS, MAX_QUERY_CHARS, MAX_WORDS,
    MIN_PREFIX_CHARS, SEARCH_TIME_LIMIT,
};

use std::path::Path;

use crate::model::{SearchHit, StoryFilter};
use crate::Result;

/// The app's searcher of the library it has open: a connection of its own
/// to the library file ([`Searcher`]) or to the team library
/// ([`PgSearcher`]), where a newer search stops an older one.
pub enum LibrarySearcher {
    File(Searcher),
    Team(Box<PgSearcher>),
}

impl LibrarySearcher {
    /// A searcher of the library at `location` (as
    /// [`crate::Library::reopen_location`] gives it), which must be open
    /// already.
    pub fn open(location: &Path) -> Result<LibrarySearcher> {
        match location.to_str() {
            Some(address) if crate::store::is_team_location(location) => {
                Ok(LibrarySearcher::Team(Box::new(PgSearcher::open(address)?)))
            }
            _ => Ok(LibrarySearcher::File(Searcher::open(location)?)),
        }
    }

    /// The stories matching `query`, as [`crate::Library::search_where`];
    /// [`crate::Error::SearchSuperseded`] when a newer search stopped it.
    pub fn search(&self, query: &str, limit: u32, filter: &StoryFilter) -> Result<Vec<SearchHit>> {
        match self {
            LibrarySearcher::File(searcher) => searcher.search(query, limit, filter),
            LibrarySearcher::Team(searcher) => searcher.search(query, limit, filter),
        }
    }
}
