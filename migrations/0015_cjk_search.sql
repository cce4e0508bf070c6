-- Words inside Chinese, Japanese and Korean text. The full-text index's
-- tokenizer (unicode61) keeps a run of these scripts, written without
-- spaces, as one token, so a word inside it was never found. This index
-- holds each story's current text's CJK runs as overlapping bigrams and
-- each run's last character (store/cjk.rs explains the choice), written by
-- the store where it moves a head (store/mod.rs, set_head). Contentless: it
-- keeps no text, only the index, and a story with no CJK text has no row.
-- rowid = the head revision's id, as in story_search. Filled for older
-- libraries when this migration is applied (data_step).
CREATE VIRTUAL TABLE story_search_cjk USING fts5 (
    headline,
    body,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
