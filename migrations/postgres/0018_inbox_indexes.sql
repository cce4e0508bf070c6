-- What the inbox reads for each of its rows, from indexes that hold only
-- those rows. A page is 200 stories; for each, the inbox counts its open
-- claims, looks for its agency's publisher among its wire versions and
-- reads its live figure claims (the checks behind its ⚑ count). Through
-- the general indexes each of these visits every claim or wire version of
-- the story in the table; at a million stories that was two thirds of a
-- page's time on the server.
--
-- Written so that running it twice changes nothing.

-- The open claims of a story, with what the count's condition on timing
-- claims reads (kind, rule), so the count needs no visit to the table.
-- The condition is store/mod.rs `open_claim_sql` (ClaimStatus::open_sql_list).
CREATE INDEX IF NOT EXISTS claims_open_by_story ON claims (story_id) INCLUDE (kind, rule)
    WHERE dismissed = 0 AND detached = 0
      AND status IN ('unchecked', 'checking', 'disputed', 'false');

-- The live figure claims of a story (store/claims.rs `FIGURE_CLAIM`).
CREATE INDEX IF NOT EXISTS claims_figures_by_story ON claims (story_id)
    WHERE kind IN ('quantity', 'percentage') AND dismissed = 0 AND detached = 0;

-- The wire versions whose metadata names a publisher (store/postgres
-- `wire_metadata_text` asks for the key's text before it reads the JSON):
-- most copy names none, and a story without one is answered from an index
-- that holds nothing for it.
CREATE INDEX IF NOT EXISTS revisions_publisher ON revisions (story_id)
    WHERE kind = 'wire' AND metadata LIKE '%"publisher"%';
