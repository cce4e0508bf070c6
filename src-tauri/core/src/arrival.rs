//! What a received copy means for the library: a duplicate of what is held,
//! a new story, or an update of a held story (and whether it becomes the
//! story's current text). Pure: the store looks up what it holds, this
//! module decides, and the store writes what it is told.

/// A wire revision the library holds, and its story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeldRevision {
    pub story_id: i64,
    pub revision_id: i64,
}

/// The held story a copy belongs to: the one with its agency id, else the
/// one it updates by similarity (`version_of`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeldStory {
    pub story_id: i64,
    /// Its head is still a wire revision (the desk has not edited it).
    pub head_is_wire: bool,
    /// Its wire versions so far.
    pub wire_versions: i64,
    /// The highest agency version among its wire versions.
    pub newest_agency_version: Option<i64>,
}

/// What the store found for one story of a received copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Found {
    /// A wire revision with the same words (and no differing agency id).
    pub same_text: Option<HeldRevision>,
    /// The held story this copy belongs to.
    pub held: Option<HeldStory>,
    /// The copy's own agency version, if it carries one.
    pub agency_version: Option<i64>,
}

/// What a received story is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrival {
    /// The same words re-sent: nothing is written.
    Duplicate(HeldRevision),
    /// A story the library does not hold.
    NewStory,
    /// A new wire version of a held story.
    Update {
        story_id: i64,
        /// Its number among the story's wire versions (in arrival order).
        wire_version: i64,
        /// An older agency version arriving after a newer one: it takes its
        /// place in the history and never replaces the newer text.
        older: bool,
        /// It becomes the story's current text: the desk has not edited the
        /// story and it is not older than the newest held version. After
        /// edits it waits to be merged.
        becomes_head: bool,
    },
}

/// Decides what a received story is from what the store found.
pub fn arrival(found: &Found) -> Arrival {
    if let Some(held) = found.same_text {
        return Arrival::Duplicate(held);
    }
    match found.held {
        None => Arrival::NewStory,
        Some(story) => {
            let older = matches!(
                (found.agency_version, story.newest_agency_version),
                (Some(v), Some(n)) if v < n
            );
            Arrival::Update {
                story_id: story.story_id,
                wire_version: story.wire_versions + 1,
                older,
                becomes_head: story.head_is_wire && !older,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held(head_is_wire: bool, newest: Option<i64>) -> HeldStory {
        HeldStory {
            story_id: 7,
            head_is_wire,
            wire_versions: 2,
            newest_agency_version: newest,
        }
    }

    #[test]
    fn nothing_held_is_a_new_story() {
        assert_eq!(arrival(&Found::default()), Arrival::NewStory);
    }

    #[test]
    fn the_same_words_are_a_duplicate_even_of_a_held_story() {
        let same = HeldRevision {
            story_id: 3,
            revision_id: 9,
        };
        let found = Found {
            same_text: Some(same),
            held: Some(held(true, None)),
            agency_version: Some(4),
        };
        assert_eq!(arrival(&found), Arrival::Duplicate(same));
    }

    #[test]
    fn a_newer_version_of_an_unedited_story_becomes_its_head() {
        let found = Found {
            held: Some(held(true, Some(2))),
            agency_version: Some(3),
            ..Found::default()
        };
        assert_eq!(
            arrival(&found),
            Arrival::Update {
                story_id: 7,
                wire_version: 3,
                older: false,
                becomes_head: true
            }
        );
    }

    #[test]
    fn an_edited_story_waits_for_a_merge() {
        let found = Found {
            held: Some(held(false, Some(2))),
            agency_version: Some(3),
            ..Found::default()
        };
        assert!(matches!(
            arrival(&found),
            Arrival::Update {
                older: false,
                becomes_head: false,
                ..
            }
        ));
    }

    #[test]
    fn an_older_agency_version_never_becomes_the_head() {
        let found = Found {
            held: Some(held(true, Some(5))),
            agency_version: Some(4),
            ..Found::default()
        };
        assert!(matches!(
            arrival(&found),
            Arrival::Update {
                wire_version: 3,
                older: true,
                becomes_head: false,
                ..
            }
        ));
    }

    #[test]
    fn without_agency_versions_nothing_is_older() {
        for (copy, newest) in [(None, Some(5)), (Some(1), None), (None, None)] {
            let found = Found {
                held: Some(held(true, newest)),
                agency_version: copy,
                ..Found::default()
            };
            assert!(matches!(
                arrival(&found),
                Arrival::Update {
                    older: false,
                    becomes_head: true,
                    ..
                }
            ));
        }
    }
}
