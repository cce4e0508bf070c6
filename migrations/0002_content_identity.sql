-- The same story text re-sent in a different wrapper (new timestamp, other
-- whitespace) is a duplicate: each wire revision records a hash of its
-- folded headline and body.
ALTER TABLE revisions ADD COLUMN content_sha256 TEXT;
CREATE INDEX revisions_by_content ON revisions (content_sha256) WHERE content_sha256 IS NOT NULL;
