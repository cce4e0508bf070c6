//! The live desk for the front ends: [`EventFollower`], which hears every
//! change made to the library by any desktop or CLI as it commits, on a
//! connection of its own. The events themselves are written by the store
//! (migration 0019's triggers), in the transaction of each change.

pub use crate::store::{FileFollower, PgFollower};

use std::path::Path;
use std::time::Duration;

use crate::model::DeskEvent;
use crate::Result;

/// How long a desktop may stay silent before the desk reads it as gone: a
/// heartbeat every [`HEARTBEAT`], and two of them may be missed.
pub const PRESENCE_EXPIRY: Duration = Duration::from_secs(15);

/// How often an open desktop says where it is, when nothing changes.
pub const HEARTBEAT: Duration = Duration::from_secs(5);

/// The follower of the library an app or `wiredesk events --follow` has
/// open: by id on a library file (another process on the same machine),
/// through LISTEN/NOTIFY and the event table on a team library.
pub enum EventFollower {
    File(FileFollower),
    Team(Box<PgFollower>),
}

impl EventFollower {
    /// A follower of the library at `location` (as
    /// [`crate::Library::reopen_location`] gives it, open already) that
    /// hears the events committed from now on.
    pub fn open(location: &Path) -> Result<EventFollower> {
        match location.to_str() {
            Some(address) if crate::store::is_team_location(location) => {
                Ok(EventFollower::Team(Box::new(PgFollower::open(address)?)))
            }
            _ => Ok(EventFollower::File(FileFollower::open(location)?)),
        }
    }

    /// The events committed since the last call (oldest first), waiting up
    /// to `wait` for the first. An error means the library could not be
    /// read this time (a team library's connection was lost): call again,
    /// and the follower connects again and catches up on what it missed.
    pub fn next(&mut self, wait: Duration) -> Result<Vec<DeskEvent>> {
        match self {
            EventFollower::File(follower) => follower.next(wait),
            EventFollower::Team(follower) => follower.next(wait),
        }
    }
}
