-- Wiredesk library schema, version 1.
-- Times are UTC RFC 3339 strings with milliseconds ("2026-11-27T19:05:15.123Z"),
-- so text order is time order.

-- An agency or feed.
CREATE TABLE sources (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,          -- 'reuters', 'ap', 'unknown', ...
    name        TEXT NOT NULL
) STRICT;

-- One wire story's identity across its versions.
CREATE TABLE stories (
    id                INTEGER PRIMARY KEY,
    source_id         INTEGER NOT NULL REFERENCES sources(id),
    guid              TEXT,                    -- agency guid / item id, when the copy has one
    slug              TEXT,
    state             TEXT NOT NULL DEFAULT 'new'
                      CHECK (state IN ('new', 'editing', 'checked', 'exported', 'killed')),
    head_revision_id  INTEGER REFERENCES revisions(id) DEFERRABLE INITIALLY DEFERRED,
    first_received_at TEXT NOT NULL,
    last_received_at  TEXT NOT NULL,
    UNIQUE (source_id, guid)
) STRICT;
CREATE INDEX stories_inbox ON stories (last_received_at DESC, id DESC);

-- The exact bytes received from the wire. Immutable (see triggers below).
CREATE TABLE feed_copies (
    id            INTEGER PRIMARY KEY,
    story_id      INTEGER NOT NULL REFERENCES stories(id),
    wire_version  INTEGER NOT NULL CHECK (wire_version >= 1),
    file_name     TEXT NOT NULL,               -- where it came from, as given
    format        TEXT NOT NULL,               -- 'text', 'nitf', 'newsml-g2', ...
    encoding      TEXT NOT NULL,               -- 'UTF-8', 'UTF-16LE', 'windows-1252', ...
    sha256        TEXT NOT NULL UNIQUE,        -- hex digest of bytes: repeat copy is recognised by it
    byte_len      INTEGER NOT NULL,
    bytes         BLOB NOT NULL,
    received_at   TEXT NOT NULL,
    UNIQUE (story_id, wire_version)
) STRICT;

CREATE TRIGGER feed_copies_are_immutable_update BEFORE UPDATE ON feed_copies
BEGIN
    SELECT RAISE(ABORT, 'feed copies are immutable: the received wire copy can never be changed');
END;
CREATE TRIGGER feed_copies_are_immutable_delete BEFORE DELETE ON feed_copies
BEGIN
    SELECT RAISE(ABORT, 'feed copies are immutable: the received wire copy can never be deleted');
END;

-- A full text state of a story. Append-only: restoring an old state makes a new row.
CREATE TABLE revisions (
    id            INTEGER PRIMARY KEY,
    story_id      INTEGER NOT NULL REFERENCES stories(id),
    parent_id     INTEGER REFERENCES revisions(id),
    kind          TEXT NOT NULL CHECK (kind IN ('wire', 'edit', 'merge')),
    feed_copy_id  INTEGER REFERENCES feed_copies(id),   -- set for kind = 'wire'
    author        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    note          TEXT,
    headline      TEXT NOT NULL,
    dateline      TEXT,
    byline        TEXT,
    credit        TEXT,
    body          TEXT NOT NULL,               -- paragraphs separated by a blank line
    metadata      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
    CHECK ((kind = 'wire') = (feed_copy_id IS NOT NULL))
) STRICT;
CREATE INDEX revisions_by_story ON revisions (story_id, id);

CREATE TRIGGER revisions_are_immutable_update BEFORE UPDATE ON revisions
BEGIN
    SELECT RAISE(ABORT, 'revisions are immutable: save a new revision instead');
END;
CREATE TRIGGER revisions_are_immutable_delete BEFORE DELETE ON revisions
BEGIN
    SELECT RAISE(ABORT, 'revisions are immutable: they can never be deleted');
END;

-- A span of a story the desk wants checked.
CREATE TABLE claims (
    id            INTEGER PRIMARY KEY,
    story_id      INTEGER NOT NULL REFERENCES stories(id),
    revision_id   INTEGER NOT NULL REFERENCES revisions(id),  -- revision the anchor refers to
    kind          TEXT NOT NULL
                  CHECK (kind IN ('quantity', 'percentage', 'money', 'date', 'quote', 'statement')),
    text          TEXT NOT NULL,
    value         TEXT,                        -- normalised value: '700', '3.5 percent', 'USD 9e9', '2023-05-31'
    speaker       TEXT,
    status        TEXT NOT NULL DEFAULT 'unchecked'
                  CHECK (status IN ('unchecked', 'checking', 'verified', 'disputed', 'false', 'unverifiable')),
    assignee      TEXT,
    origin        TEXT NOT NULL CHECK (origin IN ('suggested', 'manual')),
    dismissed     INTEGER NOT NULL DEFAULT 0 CHECK (dismissed IN (0, 1)),
    -- Anchor: text position (Unicode scalar offsets into the body) plus text quote.
    start_offset  INTEGER NOT NULL CHECK (start_offset >= 0),
    end_offset    INTEGER NOT NULL CHECK (end_offset >= start_offset),
    prefix        TEXT NOT NULL DEFAULT '',
    suffix        TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX claims_by_story ON claims (story_id, status);

-- Every status change, note, piece of evidence and assignment of a claim.
CREATE TABLE claim_events (
    id          INTEGER PRIMARY KEY,
    claim_id    INTEGER NOT NULL REFERENCES claims(id),
    actor       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    event       TEXT NOT NULL CHECK (event IN ('created', 'status', 'note', 'evidence', 'assign', 'dismiss', 'reanchor', 'text-changed')),
    from_status TEXT,
    to_status   TEXT,
    detail      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
) STRICT;
CREATE INDEX claim_events_by_claim ON claim_events (claim_id, id);

-- What left the desk.
CREATE TABLE exports (
    id               INTEGER PRIMARY KEY,
    story_id         INTEGER NOT NULL REFERENCES stories(id),
    revision_id      INTEGER NOT NULL REFERENCES revisions(id),
    format           TEXT NOT NULL,
    author           TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    destination      TEXT,
    override_reason  TEXT
) STRICT;
CREATE INDEX exports_by_story ON exports (story_id, id);

-- Every action on the library, in order.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    story_id    INTEGER REFERENCES stories(id),
    actor       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    action      TEXT NOT NULL,                 -- 'ingest', 'edit', 'claim', 'export', ...
    detail      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
) STRICT;
CREATE INDEX audit_log_by_story ON audit_log (story_id, id);

CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- Full-text index over each story's current headline and body (rowid = story id).
CREATE VIRTUAL TABLE story_search USING fts5 (
    headline,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- The index follows the story's head revision, whatever code moved it.
CREATE TRIGGER story_search_on_head_insert AFTER INSERT ON stories
WHEN NEW.head_revision_id IS NOT NULL
BEGIN
    INSERT INTO story_search (rowid, headline, body)
        SELECT NEW.id, headline, body FROM revisions WHERE id = NEW.head_revision_id;
END;
CREATE TRIGGER story_search_on_head_update AFTER UPDATE OF head_revision_id ON stories
BEGIN
    DELETE FROM story_search WHERE rowid = OLD.id;
    INSERT INTO story_search (rowid, headline, body)
        SELECT NEW.id, headline, body FROM revisions WHERE id = NEW.head_revision_id;
END;
