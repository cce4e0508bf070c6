-- A merge left waiting on conflicts is superseded when the desk merges
-- again from another text of its own or towards a newer wire version. Its
-- choices are kept (those that still apply are carried into the new merge),
-- but it no longer waits: it holds nothing back and takes no resolutions.
ALTER TABLE merges ADD COLUMN superseded_by INTEGER REFERENCES merges(id);
