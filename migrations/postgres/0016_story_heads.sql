-- Stories by their head revision (as SQLite's migration 0016). A search
-- over a team library walks `revisions` newest first and joins each match
-- to the story whose head it is: without this index PostgreSQL hashes the
-- whole stories table for every broad search (seconds at a million
-- stories), with it a broad phrase is answered from the newest thousand
-- revisions.
CREATE INDEX stories_by_head ON stories (head_revision_id);
