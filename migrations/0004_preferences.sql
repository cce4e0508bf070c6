-- The desk's preferences that belong with its library (the drop folder it
-- watches), as text by key.
CREATE TABLE preferences (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) STRICT;
