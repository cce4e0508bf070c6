-- The live desk: one stream of what happens on the library, for every open
-- desktop and `wiredesk events --follow`; who has which story open; and the
-- desk's people. Numbered with the team library's migration 0019, which
-- does the same on PostgreSQL (and wakes listeners with NOTIFY).

-- Every change another desktop should see at once, in the order it was
-- made: ids only, what changed is read from the tables it names. Written
-- by the triggers below, in the transaction of the change itself, so an
-- event is never seen for a change that did not commit, nor a change made
-- without its event. A process on the same machine follows it by id.
CREATE TABLE desk_events (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    story_id    INTEGER,
    revision_id INTEGER,
    claim_id    INTEGER,
    actor       TEXT NOT NULL,
    at          TEXT NOT NULL
) STRICT;

-- Who has which story open, one row per running desktop: advisory, never a
-- lock. A desktop beats every few seconds; a row whose beat is older than
-- the expiry is read as gone (library/desk.rs).
CREATE TABLE presence (
    desktop     TEXT PRIMARY KEY,          -- a random id per running app
    person      TEXT NOT NULL,
    story_id    INTEGER,                   -- NULL: in the inbox
    typing      INTEGER NOT NULL DEFAULT 0 CHECK (typing IN (0, 1)),
    beat_at     TEXT NOT NULL
) STRICT;

-- The desk's people, known from the first time each one acts (or is
-- assigned a claim); initials and role are edited in Preferences.
CREATE TABLE people (
    name        TEXT PRIMARY KEY,
    initials    TEXT,                      -- NULL: from the name
    role        TEXT NOT NULL DEFAULT 'editor' CHECK (role IN ('editor', 'checker')),
    first_seen  TEXT NOT NULL
) STRICT;

INSERT OR IGNORE INTO people (name, first_seen)
    SELECT actor, min(created_at) FROM audit_log GROUP BY actor;
INSERT OR IGNORE INTO people (name, first_seen)
    SELECT actor, min(created_at) FROM claim_events GROUP BY actor;
INSERT OR IGNORE INTO people (name, first_seen)
    SELECT assignee, min(updated_at) FROM claims
    WHERE assignee IS NOT NULL AND assignee <> '' GROUP BY assignee;

-- The claims assigned to someone, by person: "Assigned to me" and "Waiting
-- on checkers" start from these rather than from every story in the inbox.
CREATE INDEX claims_by_assignee ON claims (assignee, story_id) WHERE assignee IS NOT NULL;

-- What the audit log records that other desktops show: copy in, saves,
-- merges, exports and acknowledged findings of a story.
CREATE TRIGGER desk_events_from_audit AFTER INSERT ON audit_log
WHEN NEW.story_id IS NOT NULL
 AND NEW.action IN ('ingest', 'edit', 'merge', 'export', 'acknowledge')
BEGIN
    INSERT INTO desk_events (kind, story_id, revision_id, claim_id, actor, at)
    VALUES (
        CASE NEW.action
            WHEN 'ingest' THEN
                CASE json_extract(NEW.detail, '$.status') WHEN 'update' THEN 'updated' ELSE 'ingested' END
            WHEN 'edit' THEN 'saved'
            WHEN 'merge' THEN 'merged'
            WHEN 'export' THEN 'exported'
            ELSE 'acknowledged'
        END,
        NEW.story_id,
        json_extract(NEW.detail, '$.revision_id'),
        NULL,
        NEW.actor,
        NEW.created_at
    );
END;

-- What a checker does to a claim. Re-anchoring and text changes follow a
-- save, whose own event says the story changed.
CREATE TRIGGER desk_events_from_claims AFTER INSERT ON claim_events
WHEN NEW.event IN ('created', 'status', 'note', 'evidence', 'assign', 'dismiss')
BEGIN
    INSERT INTO desk_events (kind, story_id, revision_id, claim_id, actor, at)
    SELECT
        CASE NEW.event
            WHEN 'created' THEN 'claim-added'
            WHEN 'status' THEN 'claim-status'
            WHEN 'note' THEN 'claim-note'
            WHEN 'evidence' THEN 'claim-evidence'
            WHEN 'assign' THEN 'claim-assigned'
            ELSE 'claim-dismissed'
        END,
        c.story_id, c.revision_id, NEW.claim_id, NEW.actor, NEW.created_at
    FROM claims c WHERE c.id = NEW.claim_id;
    INSERT INTO people (name, first_seen)
    SELECT json_extract(NEW.detail, '$.to'), NEW.created_at
    WHERE NEW.event = 'assign' AND json_type(NEW.detail, '$.to') = 'text'
    ON CONFLICT (name) DO NOTHING;
END;

-- A desktop opening or leaving a story, or starting or stopping typing in
-- it (not its heartbeats).
CREATE TRIGGER desk_events_from_presence_in AFTER INSERT ON presence
BEGIN
    INSERT INTO desk_events (kind, story_id, actor, at)
    VALUES ('presence', NEW.story_id, NEW.person, NEW.beat_at);
END;

CREATE TRIGGER desk_events_from_presence_change AFTER UPDATE ON presence
WHEN OLD.story_id IS NOT NEW.story_id OR OLD.typing <> NEW.typing OR OLD.person <> NEW.person
BEGIN
    INSERT INTO desk_events (kind, story_id, actor, at)
    VALUES ('presence', coalesce(NEW.story_id, OLD.story_id), NEW.person, NEW.beat_at);
END;

CREATE TRIGGER desk_events_from_presence_out AFTER DELETE ON presence
BEGIN
    INSERT INTO desk_events (kind, story_id, actor, at)
    VALUES ('presence', OLD.story_id, OLD.person, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- Everyone who acts is one of the desk's people from then on. (An upsert,
-- not INSERT OR IGNORE: a trigger's OR clause yields to the statement
-- that fired it, such as presence's own upsert.)
CREATE TRIGGER people_from_desk_events AFTER INSERT ON desk_events
BEGIN
    INSERT INTO people (name, first_seen) VALUES (NEW.actor, NEW.at)
    ON CONFLICT (name) DO NOTHING;
END;
