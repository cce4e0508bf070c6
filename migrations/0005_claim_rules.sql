-- What a suggested claim's detector knew: the rule that found it and how
-- heavy it is to check (higher first). A claim whose text was deleted by an
-- edit is kept, detached, never dropped.
ALTER TABLE claims ADD COLUMN rule TEXT;
ALTER TABLE claims ADD COLUMN rank INTEGER NOT NULL DEFAULT 0;
ALTER TABLE claims ADD COLUMN detached INTEGER NOT NULL DEFAULT 0 CHECK (detached IN (0, 1));
