-- How a suggested quote's speaker was found (issue 19): 'named' (the
-- quote's own attribution names or describes the speaker), 'pronoun' ("he
-- said", "the minister added": someone named earlier), 'carried' (no
-- attribution of its own: the speaker of the quote before it). NULL when
-- there is no speaker, and for every claim stored before this migration.
ALTER TABLE claims ADD COLUMN speaker_source TEXT
    CHECK (speaker_source IS NULL OR speaker_source = 'named'
           OR speaker_source = 'pronoun' OR speaker_source = 'carried');
