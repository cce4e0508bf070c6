-- The hashes that recognise copy already held (the SHA-256 of a received
-- file's bytes, and of a wire revision's folded headline and body; see 0002)
-- move from two B-tree indexes to a full-text index of their own, as the
-- opening samples did in 0010. A hash is random: in a library of a million
-- stories every story stored wrote one entry at a random place in each
-- B-tree, and each such entry cost a page of its own in the write-ahead log.
-- The index writes each batch as one new segment and merges segments in
-- order.
--
-- One row per wire revision (rowid = the revision's id). Its text is
-- 'f' followed by the first 16 hexadecimal digits of the feed copy's
-- SHA-256, then 'c' followed by the first 16 of the content hash
-- (`store::fingerprint_tokens`). A lookup finds the candidates; the full
-- hashes, still stored with the rows, decide. Contentless, and with no
-- positions kept: a lookup only asks which revisions hold a token.
--
-- No two feed copies share a SHA-256: the store checks before it writes,
-- inside the write transaction, and `wiredesk doctor` checks the library.
CREATE VIRTUAL TABLE wire_fingerprint_index USING fts5 (
    fingerprint,
    content = '',
    columnsize = 0,
    detail = 'none',
    tokenize = 'ascii'
);
INSERT INTO wire_fingerprint_index (rowid, fingerprint)
    SELECT r.id,
           'f' || substr(f.sha256, 1, 16)
               || coalesce(' c' || substr(r.content_sha256, 1, 16), '')
    FROM revisions r JOIN feed_copies f ON f.id = r.feed_copy_id
    WHERE r.kind = 'wire'
    ORDER BY r.id;

DROP INDEX revisions_by_content;

-- feed_copies without the UNIQUE on sha256 (SQLite drops a table
-- constraint only by rebuilding the table). Foreign keys are off while
-- migrations run and checked before each commits.
CREATE TABLE feed_copies_rebuilt (
    id            INTEGER PRIMARY KEY,
    story_id      INTEGER NOT NULL REFERENCES stories(id),
    wire_version  INTEGER NOT NULL CHECK (wire_version >= 1),
    file_name     TEXT NOT NULL,               -- where it came from, as given
    format        TEXT NOT NULL,               -- 'text', 'nitf', 'newsml-g2', ...
    encoding      TEXT NOT NULL,               -- 'UTF-8', 'UTF-16LE', 'windows-1252', ...
    sha256        TEXT NOT NULL,               -- hex digest of bytes: repeat copy is recognised by it
    byte_len      INTEGER NOT NULL,
    bytes         BLOB NOT NULL,
    received_at   TEXT NOT NULL,
    UNIQUE (story_id, wire_version)
) STRICT;
INSERT INTO feed_copies_rebuilt
    (id, story_id, wire_version, file_name, format, encoding, sha256, byte_len, bytes, received_at)
    SELECT id, story_id, wire_version, file_name, format, encoding, sha256, byte_len, bytes, received_at
    FROM feed_copies ORDER BY id;
DROP TABLE feed_copies;
ALTER TABLE feed_copies_rebuilt RENAME TO feed_copies;

CREATE TRIGGER feed_copies_are_immutable_update BEFORE UPDATE ON feed_copies
BEGIN
    SELECT RAISE(ABORT, 'feed copies are immutable: the received wire copy can never be changed');
END;
CREATE TRIGGER feed_copies_are_immutable_delete BEFORE DELETE ON feed_copies
BEGIN
    SELECT RAISE(ABORT, 'feed copies are immutable: the received wire copy can never be deleted');
END;
