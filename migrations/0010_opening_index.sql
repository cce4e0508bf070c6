-- The opening samples (see 0003 and similarity.rs) move from a B-tree
-- keyed by hash to a full-text index of their own. In a library of a
-- million stories the B-tree held some 19 million rows, and every story
-- stored wrote about 19 of them at random places in it: ingest into a large
-- library spent most of its time rewriting those pages. The index writes
-- each batch as one new segment and merges segments in order.
--
-- One row per wire revision (rowid = the revision's id); its text is the
-- revision's sampled hashes, each written 'o' followed by the hash's 64 bits
-- in hexadecimal (`similarity::opening_token`). Contentless, and with no
-- positions kept: a lookup only asks which revisions hold a hash.
CREATE VIRTUAL TABLE story_opening_index USING fts5 (
    sample,
    content = '',
    columnsize = 0,
    detail = 'none',
    tokenize = 'ascii'
);
INSERT INTO story_opening_index (rowid, sample)
    SELECT first_wire.id, samples.tokens
    FROM (SELECT story_id, group_concat('o' || printf('%x', hash), ' ') AS tokens
          FROM story_openings GROUP BY story_id) AS samples
    JOIN (SELECT story_id, min(id) AS id FROM revisions WHERE kind = 'wire'
          GROUP BY story_id) AS first_wire
      ON first_wire.story_id = samples.story_id;
DROP TABLE story_openings;
