-- Reserved: 0012 is another branch's (this branch's migration is 0013).
-- When that branch's 0012 is merged, delete this file; until then it
-- keeps the numbering without a gap, which the migration runner requires.
SELECT 1;
