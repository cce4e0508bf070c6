//! House style in a library file (migration 0020): the desk's style guide
//! (`style_rules`, each rule JSON that style/ reads), the desk dictionary
//! (`desk_words`), and the style matches ignored in a story
//! (`style_ignores`). The team library's are in postgres/style.rs.

use rusqlite::OptionalExtension;

use super::Store;
use crate::error::{Error, Result};
use crate::model::DeskWord;
use crate::time_stamp;

/// How a word may come into the desk dictionary (migration 0020's check).
pub(crate) const WORD_SOURCES: [&str; 2] = ["added", "learned"];

/// `source` if it is one of [`WORD_SOURCES`], refused otherwise (before
/// anything is written).
pub(crate) fn word_source(source: &str) -> Result<&str> {
    if WORD_SOURCES.contains(&source) {
        Ok(source)
    } else {
        Err(Error::InvalidInput(format!(
            "a desk word comes in as \"added\" or \"learned\", not {source:?}"
        )))
    }
}

/// A stored rule's JSON. The table refuses text that is not JSON, so this
/// fails only on a library changed behind Wiredesk's back.
pub(crate) fn rule_json(id: &str, text: &str) -> Result<serde_json::Value> {
    serde_json::from_str(text).map_err(|err| {
        Error::InvalidInput(format!("the stored style rule {id:?} is not JSON: {err}"))
    })
}

impl Store {
    /// The desk's style guide: each rule's JSON, in the guide's order.
    pub fn style_rules(&self) -> Result<Vec<serde_json::Value>> {
        let rows = self
            .conn
            .prepare_cached("SELECT id, rule FROM style_rules ORDER BY position, id")?
            .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<Vec<(String, String)>>>()?;
        rows.iter().map(|(id, rule)| rule_json(id, rule)).collect()
    }

    /// Replaces the whole style guide with `rules` (id, rule JSON), in
    /// that order: all of them or, on any error, none (the old guide kept).
    pub fn replace_style_rules(
        &mut self,
        rules: &[(String, serde_json::Value)],
        actor: &str,
    ) -> Result<()> {
        let now = time_stamp::now();
        // A savepoint: whole on its own, and part of the facade's group
        // when the guide's preferences are saved with it.
        let tx = self.conn.savepoint()?;
        tx.prepare_cached("DELETE FROM style_rules")?.execute([])?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO style_rules (id, position, rule, updated_by, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for (position, (id, rule)) in rules.iter().enumerate() {
                insert.execute((id, position as i64, rule.to_string(), actor, &now))?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The desk dictionary, by word.
    pub fn desk_words(&self) -> Result<Vec<DeskWord>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT word, source, added_by, added_at FROM desk_words ORDER BY word",
            )?
            .query_map([], |row| {
                Ok(DeskWord {
                    word: row.get(0)?,
                    source: row.get(1)?,
                    added_by: row.get(2)?,
                    added_at: row.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Adds `words` to the desk dictionary as they are written, passing
    /// over those it holds already; returns how many were new. One
    /// transaction.
    pub fn add_desk_words(&mut self, words: &[String], source: &str, actor: &str) -> Result<usize> {
        let source = word_source(source)?;
        let now = time_stamp::now();
        let tx = self.conn.transaction()?;
        let mut added = 0;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO desk_words (word, source, added_by, added_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (word) DO NOTHING",
            )?;
            for word in words {
                added += insert.execute((word, source, actor, &now))?;
            }
        }
        tx.commit()?;
        Ok(added)
    }

    /// Removes `word` (exactly as written) from the desk dictionary;
    /// whether it was there.
    pub fn remove_desk_word(&mut self, word: &str) -> Result<bool> {
        let removed = self
            .conn
            .prepare_cached("DELETE FROM desk_words WHERE word = ?1")?
            .execute([word])?;
        Ok(removed > 0)
    }

    /// The (rule, text) matches ignored in a story.
    pub fn style_ignores(&self, story_id: i64) -> Result<Vec<(String, String)>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT rule, text FROM style_ignores WHERE story_id = ?1 ORDER BY rule, text",
            )?
            .query_map([story_id], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Ignores matches of `rule` on exactly `text` in a story from now on
    /// (once is enough: again changes nothing). `StoryNotFound` for a
    /// story that does not exist.
    pub fn add_style_ignore(
        &mut self,
        story_id: i64,
        rule: &str,
        text: &str,
        actor: &str,
    ) -> Result<()> {
        let now = time_stamp::now();
        let tx = self.conn.transaction()?;
        tx.prepare_cached("SELECT 1 FROM stories WHERE id = ?1")?
            .query_row([story_id], |_| Ok(()))
            .optional()?
            .ok_or(Error::StoryNotFound(story_id))?;
        tx.prepare_cached(
            "INSERT INTO style_ignores (story_id, rule, text, actor, at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (story_id, rule, text) DO NOTHING",
        )?
        .execute((story_id, rule, text, actor, &now))?;
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A story with no revisions yet, written straight into the file.
    fn story(store: &Store, guid: &str) -> i64 {
        let now = time_stamp::now();
        store
            .conn
            .execute(
                "INSERT INTO sources (code, name) VALUES ('test', 'Test Agency')
                 ON CONFLICT DO NOTHING",
                [],
            )
            .expect("source");
        store
            .conn
            .execute(
                "INSERT INTO stories (source_id, guid, first_received_at, last_received_at)
                 SELECT id, ?1, ?2, ?2 FROM sources WHERE code = 'test'",
                (guid, &now),
            )
            .expect("story");
        store.conn.last_insert_rowid()
    }

    fn rules(ids: &[&str]) -> Vec<(String, serde_json::Value)> {
        ids.iter()
            .map(|id| {
                (
                    (*id).to_owned(),
                    json!({ "id": id, "find": id.to_uppercase() }),
                )
            })
            .collect()
    }

    #[test]
    fn replacing_the_style_rules_keeps_their_order_and_drops_the_old_ones() {
        let mut store = Store::open_in_memory().expect("library");
        assert!(store.style_rules().expect("rules").is_empty());
        store
            .replace_style_rules(&rules(&["b", "a", "c"]), "anna")
            .expect("saved");
        let ids = |store: &Store| -> Vec<String> {
            store
                .style_rules()
                .expect("rules")
                .iter()
                .map(|r| r["id"].as_str().unwrap_or_default().to_owned())
                .collect()
        };
        assert_eq!(ids(&store), ["b", "a", "c"]);
        assert_eq!(
            store.style_rules().expect("rules")[0],
            json!({ "id": "b", "find": "B" })
        );

        store
            .replace_style_rules(&rules(&["c", "d"]), "ben")
            .expect("saved again");
        assert_eq!(ids(&store), ["c", "d"]);
        let (position, by): (i64, String) = store
            .conn
            .query_row(
                "SELECT position, updated_by FROM style_rules WHERE id = 'd'",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .expect("row");
        assert_eq!((position, by.as_str()), (1, "ben"));

        // Two rules with one id: refused, and the guide is as it was.
        assert!(store
            .replace_style_rules(&rules(&["x", "y", "x"]), "anna")
            .is_err());
        assert_eq!(ids(&store), ["c", "d"]);

        store.replace_style_rules(&[], "anna").expect("emptied");
        assert!(store.style_rules().expect("rules").is_empty());
    }

    #[test]
    fn desk_words_are_added_once_and_removed() {
        let mut store = Store::open_in_memory().expect("library");
        let words = |list: &[&str]| list.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            store
                .add_desk_words(&words(&["Zelensky", "Kyiv", "Kyiv"]), "added", "anna")
                .expect("added"),
            2
        );
        // Already there, or only differing in case: the case is kept.
        assert_eq!(
            store
                .add_desk_words(&words(&["Kyiv", "kyiv", "Bakhmut"]), "learned", "ben")
                .expect("learned"),
            2
        );
        let stored = store.desk_words().expect("words");
        assert_eq!(
            stored.iter().map(|w| w.word.as_str()).collect::<Vec<_>>(),
            ["Bakhmut", "Kyiv", "Zelensky", "kyiv"]
        );
        let kyiv = &stored[1];
        assert_eq!(
            (kyiv.source.as_str(), kyiv.added_by.as_str()),
            ("added", "anna")
        );
        assert!(!kyiv.added_at.is_empty());
        assert_eq!(stored[0].source, "learned");

        assert!(matches!(
            store.add_desk_words(&words(&["Odesa"]), "guessed", "anna"),
            Err(Error::InvalidInput(_))
        ));
        assert_eq!(store.desk_words().expect("words").len(), 4);

        assert!(store.remove_desk_word("Kyiv").expect("removed"));
        assert!(!store.remove_desk_word("Kyiv").expect("gone already"));
        assert!(!store.remove_desk_word("Odesa").expect("never there"));
        assert_eq!(
            store
                .desk_words()
                .expect("words")
                .iter()
                .map(|w| w.word.as_str())
                .collect::<Vec<_>>(),
            ["Bakhmut", "Zelensky", "kyiv"]
        );
    }

    #[test]
    fn style_ignores_belong_to_their_story() {
        let mut store = Store::open_in_memory().expect("library");
        let first = story(&store, "a-1");
        let second = story(&store, "a-2");
        store
            .add_style_ignore(first, "oxford-comma", "red, white and blue", "anna")
            .expect("ignored");
        store
            .add_style_ignore(first, "oxford-comma", "red, white and blue", "ben")
            .expect("ignored again");
        store
            .add_style_ignore(first, "numbers", "seven", "anna")
            .expect("ignored");
        store
            .add_style_ignore(second, "numbers", "eight", "anna")
            .expect("ignored");
        assert_eq!(
            store.style_ignores(first).expect("ignores"),
            [
                ("numbers".to_owned(), "seven".to_owned()),
                ("oxford-comma".to_owned(), "red, white and blue".to_owned()),
            ]
        );
        assert_eq!(
            store.style_ignores(second).expect("ignores"),
            [("numbers".to_owned(), "eight".to_owned())]
        );
        // The first "ignore" is the one kept.
        let actor: String = store
            .conn
            .query_row(
                "SELECT actor FROM style_ignores WHERE rule = 'oxford-comma'",
                [],
                |row| row.get(0),
            )
            .expect("row");
        assert_eq!(actor, "anna");
        assert!(store.style_ignores(999).expect("none").is_empty());
    }

    #[test]
    fn ignoring_a_match_in_an_unknown_story_is_refused() {
        let mut store = Store::open_in_memory().expect("library");
        assert!(matches!(
            store.add_style_ignore(999, "numbers", "seven", "anna"),
            Err(Error::StoryNotFound(999))
        ));
        let rows: i64 = store
            .conn
            .query_row("SELECT count(*) FROM style_ignores", [], |row| row.get(0))
            .expect("count");
        assert_eq!(rows, 0);
    }
}
