-- A three-way merge of a wire version into the desk's edited copy that
-- stopped on conflicts, waiting for the desk to resolve them. The merge is
-- recomputed from its three revisions; only the choices are kept here.
CREATE TABLE merges (
    id                  INTEGER PRIMARY KEY,
    story_id            INTEGER NOT NULL REFERENCES stories(id),
    base_revision_id    INTEGER NOT NULL REFERENCES revisions(id),
    ours_revision_id    INTEGER NOT NULL REFERENCES revisions(id),
    theirs_revision_id  INTEGER NOT NULL REFERENCES revisions(id),
    created_at          TEXT NOT NULL,
    merged_revision_id  INTEGER REFERENCES revisions(id)
) STRICT;

CREATE TABLE merge_conflicts (
    id           INTEGER PRIMARY KEY,
    merge_id     INTEGER NOT NULL REFERENCES merges(id),
    number       INTEGER NOT NULL,            -- its place in the merge, from 1
    base         TEXT NOT NULL,
    ours         TEXT NOT NULL,
    theirs       TEXT NOT NULL,
    resolution   TEXT,                        -- the text chosen, once resolved
    resolved_by  TEXT,
    resolved_at  TEXT,
    UNIQUE (merge_id, number)
) STRICT;
