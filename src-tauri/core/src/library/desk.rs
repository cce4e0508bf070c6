//! The live desk on the facade: the stream of recent events, who has which
//! story open (presence: advisory, expiring, never a lock), and the desk's
//! people with the claims assigned to them.

use std::time::Duration;

use time::OffsetDateTime;

use super::Library;
use crate::error::{Error, Result};
use crate::events::{EventFollower, PRESENCE_EXPIRY};
use crate::model::{DeskEvent, Person, PersonRole, Presence};
use crate::store::LibraryStore;
use crate::time_stamp;

/// A desktop silent this long is removed from the table, not just passed over.
const PRESENCE_FORGOTTEN: Duration = Duration::from_secs(3600);

fn before_now(by: Duration) -> String {
    time_stamp::format(OffsetDateTime::now_utc() - by)
}

impl Library {
    /// A follower of this library's events from now on, on a connection of
    /// its own (to be moved to the thread that waits on it).
    pub fn follow_events(&self) -> Result<EventFollower> {
        EventFollower::open(&self.reopen_location())
    }

    /// The newest `limit` events, oldest first.
    pub fn recent_events(&self, limit: u32) -> Result<Vec<DeskEvent>> {
        self.store.recent_events(limit)
    }

    /// Says that this library's user, on `desktop`, has `story_id` open
    /// (`None`: the inbox) and whether they are typing in it. Called on each
    /// change and as a heartbeat every [`crate::events::HEARTBEAT`].
    pub fn announce_presence(
        &mut self,
        desktop: &str,
        story_id: Option<i64>,
        typing: bool,
    ) -> Result<()> {
        let desktop = desktop.trim();
        if desktop.is_empty() {
            return Err(Error::InvalidInput("a desktop needs an id".into()));
        }
        let here = Presence {
            desktop: desktop.to_owned(),
            person: self.actor.clone(),
            story_id,
            typing,
            beat_at: time_stamp::now(),
        };
        self.store.announce(&here, &before_now(PRESENCE_FORGOTTEN))
    }

    /// Says that `desktop` has closed.
    pub fn leave_presence(&mut self, desktop: &str) -> Result<()> {
        self.store.leave(desktop.trim())
    }

    /// The desktops heard from within the expiry, by person.
    pub fn presence(&self) -> Result<Vec<Presence>> {
        self.store.presence(&before_now(PRESENCE_EXPIRY))
    }

    /// The desk's people, by name.
    pub fn people(&self) -> Result<Vec<Person>> {
        self.store.people()
    }

    /// Adds a person to the desk, or sets their initials and role.
    pub fn set_person(&mut self, name: &str, initials: &str, role: PersonRole) -> Result<Person> {
        let name = crate::ingest::controls::one_line(name);
        if name.is_empty() {
            return Err(Error::InvalidInput("a person needs a name".into()));
        }
        let initials = crate::ingest::controls::one_line(initials);
        if initials.chars().count() > 4 {
            return Err(Error::InvalidInput(format!(
                "initials are at most four letters ({initials:?} has {})",
                initials.chars().count()
            )));
        }
        // Someone already known keeps the time first seen: the store's
        // upsert changes only initials and role.
        self.store.set_person(&Person {
            name: name.clone(),
            initials,
            role,
            first_seen: time_stamp::now(),
        })?;
        self.people()?
            .into_iter()
            .find(|p| p.name == name)
            .ok_or_else(|| Error::InvalidInput(format!("{name} was not saved")))
    }

    /// How many claims still to check are assigned to this library's user.
    pub fn assigned_to_me(&self) -> Result<i64> {
        self.store.assigned_open_claims(&self.actor)
    }
}
