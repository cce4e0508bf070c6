-- Phrases from the index alone. The search index (GIN over
-- `revisions.search`) keeps which words a revision has, not where: a
-- phrase of common words ("Dana Yilmaz", "4,000", which the index holds as
-- "4 000") is checked by reading every candidate's word list, tens of
-- thousands at a million stories. This index holds each revision's pairs
-- of adjacent words instead, so "a b" is one lookup that needs no check
-- and a longer phrase is checked only where all its pairs stand.
--
-- A pair is two words at positions p and p + 1 of the search words with the
-- same weight, so both in the headline (A) or both in the body (D): the
-- same as the phrase `'a':A <-> 'b':A | 'a':D <-> 'b':D` that search.rs
-- asks `revisions.search` for. Hashed to 64 bits (a false match needs two
-- different pairs with one hash: about one in 10^19 per pair).
-- An expression index, nothing stored in the table: the pairs are read
-- off the stored search words when a revision is written.
--
-- Written so that running it twice changes nothing.
-- One pair as `weight word word` (search.rs writes a phrase's pairs so),
-- hashed.
CREATE OR REPLACE FUNCTION wiredesk_search_pair_hash(pair text) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN hashtextextended(pair, 0);

-- Costly (it reads every word of a revision): the planner is told so, so
-- that it finds rows through the index rather than by working this out
-- for row after row.
CREATE OR REPLACE FUNCTION wiredesk_search_pairs(words tsvector) RETURNS bigint[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT COST 10000
    RETURN (
        SELECT coalesce(array_agg(wiredesk_search_pair_hash(weight || ' ' || lexeme || ' ' || next_lexeme)), '{}')
        FROM (SELECT p.weight, u.lexeme,
                     lead(u.lexeme) OVER w AS next_lexeme,
                     lead(p.position) OVER w = p.position + 1
                         AND lead(p.weight) OVER w = p.weight AS adjacent
              FROM unnest(words) u, unnest(u.positions, u.weights) p(position, weight)
              WINDOW w AS (ORDER BY p.position)) word
        WHERE adjacent);

CREATE INDEX IF NOT EXISTS revisions_search_pairs
    ON revisions USING gin (wiredesk_search_pairs(search));
