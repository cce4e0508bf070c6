//! What the checks of a story's current text read, for many stories at
//! once: the inbox counts each row's open findings and sees each edited
//! row's wire update from one [`StoryChecks`] per row, read for the whole
//! page together (a team library answers a page in a handful of
//! statements, not several per row).

use std::collections::HashMap;

use super::{HeadAndWireBodies, Store};
use crate::model::{Acknowledgement, Claim, RevisionKind};
use crate::Result;

/// A story's head and wire texts, claims and acknowledged findings: all
/// that [`crate::Library`]'s findings against its own copy read, and where
/// its edit stands against the agency's newest version.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryChecks {
    pub story_id: i64,
    /// As [`Store::head_and_wire_bodies`].
    pub bodies: HeadAndWireBodies,
    /// The head revision's headline.
    pub headline: String,
    /// The wire versions' metadata in id order, as [`Store::wire_metadata`];
    /// empty while the head is a wire version.
    pub wire_metadata: Vec<serde_json::Value>,
    /// Its live figure claims, as [`Store::figure_claims`]: all that the
    /// figure checks read of its claims.
    pub figure_claims: Vec<Claim>,
    /// As [`Store::acknowledgements`].
    pub acknowledgements: HashMap<String, Acknowledgement>,
    /// Unless the head is a wire version: the wire revision the head starts
    /// from ([`super::MergeBase::wire_base`]).
    pub wire_base: Option<i64>,
    /// Unless the head is a wire version: the newest wire version
    /// ([`Store::latest_wire_revision`]).
    pub latest_wire: Option<i64>,
}

impl StoryChecks {
    /// The agency's newest version when the desk's edited copy has not
    /// merged it (the edit began on an older one); `None` while the story
    /// is still a wire version.
    pub fn unmerged_wire_revision(&self) -> Option<i64> {
        if self.bodies.head_kind == RevisionKind::Wire {
            return None;
        }
        self.latest_wire
            .filter(|latest| Some(*latest) != self.wire_base)
    }
}

impl Store {
    /// [`StoryChecks`] of each story in `story_ids`, in that order
    /// (`StoryNotFound` for one that does not exist). In process a story at
    /// a time: each read is a call into the library file, not a round trip;
    /// all of them in one read transaction (one snapshot, and the file's
    /// read lock taken once instead of once per statement).
    pub fn story_checks(&self, story_ids: &[i64]) -> Result<Vec<StoryChecks>> {
        let snapshot = if self.conn.is_autocommit() {
            Some(self.conn.unchecked_transaction()?)
        } else {
            None
        };
        let checks = story_ids
            .iter()
            .map(|&story_id| {
                let bodies = self.head_and_wire_bodies(story_id)?;
                let edited = bodies.head_kind != RevisionKind::Wire;
                let (wire_metadata, wire_base, latest_wire) = if edited {
                    (
                        self.wire_metadata(story_id)?,
                        self.merge_base(story_id)?.wire_base,
                        self.latest_wire_revision(story_id)?,
                    )
                } else {
                    (Vec::new(), None, None)
                };
                Ok(StoryChecks {
                    story_id,
                    headline: self.head_headline(story_id)?,
                    figure_claims: self.figure_claims(story_id)?,
                    acknowledgements: self.acknowledgements(story_id)?,
                    bodies,
                    wire_metadata,
                    wire_base,
                    latest_wire,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        if let Some(snapshot) = snapshot {
            snapshot.commit()?;
        }
        Ok(checks)
    }
}
