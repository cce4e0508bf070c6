-- An integrity finding the desk has looked at and accepted (a quote trimmed
-- on purpose, a figure updated from a better source): it no longer holds the
-- story at the publish gate. Keyed by what the finding says, not where it
-- is, so it holds while the text around it is edited.
CREATE TABLE integrity_acknowledgements (
    id           INTEGER PRIMARY KEY,
    story_id     INTEGER NOT NULL REFERENCES stories(id),
    finding_key  TEXT NOT NULL,
    kind         TEXT NOT NULL,
    text         TEXT NOT NULL,
    actor        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    reason       TEXT NOT NULL,
    UNIQUE (story_id, finding_key)
) STRICT;

