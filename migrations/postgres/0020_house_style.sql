-- House style (as SQLite's migration 0020): the desk's style guide, its
-- dictionary, and the style matches an editor chose to ignore in a story.

-- The desk's style guide, one row per rule, in the guide's order
-- (`position` 0, 1, …); the rule itself is JSON text, as in SQLite.
-- Saving the guide replaces every row in one transaction.
CREATE TABLE style_rules (
    id          TEXT PRIMARY KEY,
    position    BIGINT NOT NULL,
    rule        TEXT NOT NULL CHECK (rule::jsonb IS NOT NULL),
    updated_by  TEXT NOT NULL,
    updated_at  TEXT COLLATE "C" NOT NULL
);

-- The desk dictionary: words and names spelling accepts, as written (case
-- kept). Compared and sorted as bytes, as SQLite does, whatever the
-- database's locale.
CREATE TABLE desk_words (
    word        TEXT COLLATE "C" PRIMARY KEY,
    source      TEXT NOT NULL CHECK (source IN ('added', 'learned')),
    added_by    TEXT NOT NULL,
    added_at    TEXT COLLATE "C" NOT NULL
);

-- "Ignore here": a match of style rule `rule` on exactly `text` is not
-- shown again in this story. Gone with its story.
CREATE TABLE style_ignores (
    story_id    BIGINT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    rule        TEXT COLLATE "C" NOT NULL,
    text        TEXT COLLATE "C" NOT NULL,
    actor       TEXT NOT NULL,
    at          TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (story_id, rule, text)
);

-- Editors (migration 0015's wiredesk_editor) save the guide, keep the
-- dictionary and ignore matches, as the app does.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wiredesk_editor') THEN
        GRANT SELECT, INSERT, DELETE ON style_rules, desk_words TO wiredesk_editor;
        GRANT SELECT, INSERT ON style_ignores TO wiredesk_editor;
    END IF;
END;
$$;
