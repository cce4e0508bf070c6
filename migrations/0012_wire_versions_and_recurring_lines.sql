-- Storing a new wire version must cost the same whether the story has one
-- version or thirty thousand. Three lookups read every wire revision of the
-- story before (its count, its highest agency version, the version a late
-- arrival follows), finding a linked story's newest opening sorted them
-- all, and every version's opening sample stayed in the index that finds
-- candidates: a story that gathered many versions slowed ingest to a crawl.
--
-- A story's count of wire versions is kept with it (the store adds one with
-- each version it stores), and its wire revisions are indexed in the
-- agency's order, so the newest, the highest and the one before a given
-- version are each one seek.
ALTER TABLE stories ADD COLUMN wire_versions INTEGER NOT NULL DEFAULT 0
    CHECK (wire_versions >= 0);
UPDATE stories SET wire_versions =
    (SELECT count(*) FROM revisions r WHERE r.story_id = stories.id AND r.kind = 'wire');
CREATE INDEX revisions_wire_order ON revisions (story_id, agency_version, id)
    WHERE kind = 'wire';

-- Recurring furniture, learned from the library (see furniture.rs): how many
-- distinct stories each normalised line of plain-text copy has been seen
-- in, counting a story once however many versions repeat the line. Only
-- lines that could be furniture are counted (short, and not reading as a
-- sentence of prose); a line seen in enough other stories is taken out of
-- new copy by the rule `recurring-furniture`.
--
-- `scope` is the publisher the copy names, or '' when it names none: a
-- line is counted, and judged, among copy from the same publisher.
-- `line_hash` is a stable 64-bit hash of the normalised line;
-- `last_story_id` is the story that counted it last, so that a story's
-- next version does not count it again. It is not a foreign key: checking
-- one makes every update of a count open a statement savepoint, and the
-- full-text indexes write their pending terms out at each savepoint (a
-- segment per story; see store/mod.rs, set_head). Filled for the
-- plain-text stories already held when this migration is applied.
CREATE TABLE recurring_lines (
    scope          TEXT NOT NULL,
    line_hash      INTEGER NOT NULL,
    stories        INTEGER NOT NULL CHECK (stories >= 1),
    last_story_id  INTEGER NOT NULL,
    PRIMARY KEY (scope, line_hash)
) STRICT, WITHOUT ROWID;

-- The opening index (0010) holds each story's newest wire version only:
-- a new version's sample replaces its predecessor's, so a phrase a story
-- repeats in thirty thousand versions is one entry, not thirty thousand
-- for every lookup to wade through (the story is compared through its
-- newest version anyway). Rebuilt here with `contentless_delete`, so a
-- sample can be removed by its row id alone; the data step fills it from
-- each story's newest wire version.
DROP TABLE story_opening_index;
CREATE VIRTUAL TABLE story_opening_index USING fts5 (
    sample,
    content = '',
    contentless_delete = 1,
    detail = 'none',
    tokenize = 'ascii'
);
-- Leaf pages of 1,000 bytes instead of 4,050 for the two indexes the store
-- looks terms up in for every copy it stores (one term at a time): a
-- lookup reads and scans one leaf per segment, and a leaf a quarter the
-- size is a quarter the work. Measured on the ingest benchmark, the
-- opening lookups took 57% fewer instructions.
INSERT INTO story_opening_index (story_opening_index, rank) VALUES ('pgsz', 1000);
INSERT INTO wire_fingerprint_index (wire_fingerprint_index, rank) VALUES ('pgsz', 1000);

-- `claims` rebuilt with its CHECKs on kind and status written as equalities
-- joined by OR rather than `IN (...)`: SQLite checks an IN list of more
-- than two values through an ephemeral table, created and dropped for
-- every row inserted, and a story arrives with some ten suggested claims.
-- The same values are allowed; an insert takes a third of the work. (The
-- other tables keep theirs: one row per story, or too large to rebuild.)
CREATE TABLE claims_rebuilt (
    id            INTEGER PRIMARY KEY,
    story_id      INTEGER NOT NULL REFERENCES stories(id),
    revision_id   INTEGER NOT NULL REFERENCES revisions(id),  -- revision the anchor refers to
    kind          TEXT NOT NULL
                  CHECK (kind = 'quantity' OR kind = 'percentage' OR kind = 'money'
                         OR kind = 'date' OR kind = 'quote' OR kind = 'statement'),
    text          TEXT NOT NULL,
    value         TEXT,                        -- normalised value: '700', '3.5 percent', 'USD 9e9', '2023-05-31'
    speaker       TEXT,
    status        TEXT NOT NULL DEFAULT 'unchecked'
                  CHECK (status = 'unchecked' OR status = 'checking' OR status = 'verified'
                         OR status = 'disputed' OR status = 'false' OR status = 'unverifiable'),
    assignee      TEXT,
    origin        TEXT NOT NULL CHECK (origin IN ('suggested', 'manual')),
    dismissed     INTEGER NOT NULL DEFAULT 0 CHECK (dismissed IN (0, 1)),
    -- Anchor: text position (Unicode scalar offsets into the body) plus text quote.
    start_offset  INTEGER NOT NULL CHECK (start_offset >= 0),
    end_offset    INTEGER NOT NULL CHECK (end_offset >= start_offset),
    prefix        TEXT NOT NULL DEFAULT '',
    suffix        TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    rule          TEXT,
    rank          INTEGER NOT NULL DEFAULT 0,
    detached      INTEGER NOT NULL DEFAULT 0 CHECK (detached IN (0, 1))
) STRICT;
INSERT INTO claims_rebuilt
    (id, story_id, revision_id, kind, text, value, speaker, status, assignee, origin,
     dismissed, start_offset, end_offset, prefix, suffix, created_at, updated_at,
     rule, rank, detached)
    SELECT id, story_id, revision_id, kind, text, value, speaker, status, assignee, origin,
           dismissed, start_offset, end_offset, prefix, suffix, created_at, updated_at,
           rule, rank, detached
    FROM claims ORDER BY id;
DROP TABLE claims;
ALTER TABLE claims_rebuilt RENAME TO claims;
CREATE INDEX claims_by_story ON claims (story_id, status);
