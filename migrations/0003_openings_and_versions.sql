-- Finding the story a copy without an agency id is a new version of:
-- a sample of the hashed word trigrams of each wire version's opening
-- (see similarity.rs), looked up by hash. Filled for older libraries when
-- this migration is applied.
CREATE TABLE story_openings (
    hash      INTEGER NOT NULL,
    story_id  INTEGER NOT NULL REFERENCES stories(id),
    PRIMARY KEY (hash, story_id)
) WITHOUT ROWID;

-- The agency's own version number of a wire revision (NewsML-G2 and ninjs
-- version, the N of an "Nth Ld-Writethru"), where the copy carries one:
-- wire versions are ordered by it, so an older version that arrives late
-- takes its place in the history instead of replacing a newer one.
ALTER TABLE revisions ADD COLUMN agency_version INTEGER;

-- A watched drop folder's files already taken, as they were then (size and
-- modification time): after a restart they are not read again.
CREATE TABLE drop_folder_files (
    path         TEXT NOT NULL,
    byte_len     INTEGER NOT NULL,
    modified_ns  INTEGER NOT NULL,
    taken_at     TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('new', 'duplicate', 'update', 'error')),
    PRIMARY KEY (path, byte_len, modified_ns)
) WITHOUT ROWID;

-- The full-text index, rebuilt over each story's head revision without a
-- second copy of its text: it reads headline and body from `revisions`
-- (external content; rowid = the head revision's id). Storing the text
-- once makes ingest a third faster and the library smaller. Revisions are
-- never changed or deleted, so the index can never disagree with them.
--
-- The store keeps the index in step in the statement that moves a head
-- (store/mod.rs, set_head), not through triggers: a statement that fires a
-- trigger opens a statement savepoint, and at every savepoint the index
-- writes its pending terms out, a segment per story.
DROP TRIGGER story_search_on_head_insert;
DROP TRIGGER story_search_on_head_update;
DROP TABLE story_search;
CREATE VIRTUAL TABLE story_search USING fts5 (
    headline,
    body,
    content = 'revisions',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
-- Up to 16 MiB of new terms are kept in memory before a segment is
-- written: a batch of stories is indexed in a few large writes.
INSERT INTO story_search (story_search, rank) VALUES ('hashsize', 16777216);
INSERT INTO story_search (rowid, headline, body)
    SELECT r.id, r.headline, r.body
    FROM stories s JOIN revisions r ON r.id = s.head_revision_id;

-- The stories a feed copy carries, found from the copy (a repeat of held
-- bytes is answered from it).
CREATE INDEX revisions_by_feed_copy ON revisions (feed_copy_id) WHERE feed_copy_id IS NOT NULL;
