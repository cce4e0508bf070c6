-- House style: the desk's style guide, its dictionary, and the style
-- matches an editor chose to ignore in a story. Numbered with the team
-- library's migration 0020, which does the same on PostgreSQL.

-- The desk's style guide, one row per rule, in the guide's order
-- (`position` 0, 1, …). The rule itself is JSON, written and read by
-- style/; the store keeps it as given. Saving the guide replaces every
-- row in one transaction (store/style.rs), so a guide is never half saved.
CREATE TABLE style_rules (
    id          TEXT PRIMARY KEY,          -- the rule's own id, kept across edits
    position    INTEGER NOT NULL,
    rule        TEXT NOT NULL CHECK (json_valid(rule)),
    updated_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

-- The desk dictionary: words and names spelling accepts, as written (case
-- kept; two spellings that differ in case are two rows). 'added' by an
-- editor, or 'learned' from copy the desk published.
CREATE TABLE desk_words (
    word        TEXT PRIMARY KEY,
    source      TEXT NOT NULL CHECK (source IN ('added', 'learned')),
    added_by    TEXT NOT NULL,
    added_at    TEXT NOT NULL
) STRICT;

-- "Ignore here": a match of style rule `rule` on exactly `text` is not
-- shown again in this story (elsewhere it still is). Gone with its story.
CREATE TABLE style_ignores (
    story_id    INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    rule        TEXT NOT NULL,             -- the rule's id (style_rules.id, or a built-in's)
    text        TEXT NOT NULL,             -- the matched text, as it stood
    actor       TEXT NOT NULL,
    at          TEXT NOT NULL,
    PRIMARY KEY (story_id, rule, text)
) STRICT;
