-- Stories by their head revision: a search walks revisions newest first
-- and keeps those that are some story's current text; this index answers
-- "is this revision a head" without reading the stories table through.
CREATE INDEX stories_by_head ON stories (head_revision_id);
