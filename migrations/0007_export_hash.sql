-- What left the desk, byte for byte: the SHA-256 of each exported file.
ALTER TABLE exports ADD COLUMN sha256 TEXT;
