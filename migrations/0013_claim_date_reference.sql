-- What a suggested date claim's value was counted from: 'copy-date' (the
-- copy's own date, from its dateline, a stamp line or the format's
-- metadata) or 'received' (the day the text was received, or for an edit
-- or a merge saved, when the copy gives no date of its own). NULL for
-- claims whose value counts from nothing: other kinds, dates that carry
-- their own year, manual claims, and claims suggested before this version
-- (which were counted from the day they were stored).
ALTER TABLE claims ADD COLUMN resolved_against TEXT
    CHECK (resolved_against IS NULL OR resolved_against = 'copy-date'
           OR resolved_against = 'received');
