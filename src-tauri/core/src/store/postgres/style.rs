//! House style in a team library (migration 0020, as SQLite's
//! store/style.rs): the desk's style guide, the desk dictionary, and the
//! style matches ignored in a story.

use super::PgStore;
use crate::error::{Error, Result};
use crate::model::DeskWord;
use crate::store::style::{rule_json, word_source};
use crate::time_stamp;

impl PgStore {
    pub fn style_rules(&self) -> Result<Vec<serde_json::Value>> {
        self.read(|pg| {
            pg.query(
                "SELECT id, rule FROM style_rules ORDER BY position, id",
                &[],
            )?
            .iter()
            .map(|row| rule_json(row.try_get(0)?, row.try_get(1)?))
            .collect()
        })
    }

    /// As SQLite's: the whole guide in one transaction. The table is locked
    /// first (readers still read the old guide until the commit): two
    /// desktops saving at once save one after the other, each replacing
    /// the whole guide, never a mixture of both.
    pub fn replace_style_rules(
        &mut self,
        rules: &[(String, serde_json::Value)],
        actor: &str,
    ) -> Result<()> {
        let now = time_stamp::now();
        let rows: Vec<(&str, i64, String)> = rules
            .iter()
            .enumerate()
            .map(|(position, (id, rule))| (id.as_str(), position as i64, rule.to_string()))
            .collect();
        self.write(|pg| {
            pg.batch("LOCK TABLE style_rules IN EXCLUSIVE MODE")?;
            pg.execute("DELETE FROM style_rules", &[])?;
            for (id, position, rule) in &rows {
                pg.execute(
                    "INSERT INTO style_rules (id, position, rule, updated_by, updated_at)
                     VALUES ($1, $2, $3, $4, $5)",
                    &[id, position, rule, &actor, &now],
                )?;
            }
            Ok(())
        })
    }

    pub fn desk_words(&self) -> Result<Vec<DeskWord>> {
        self.read(|pg| {
            pg.query(
                "SELECT word, source, added_by, added_at FROM desk_words ORDER BY word",
                &[],
            )?
            .iter()
            .map(|row| {
                Ok(DeskWord {
                    word: row.try_get(0)?,
                    source: row.try_get(1)?,
                    added_by: row.try_get(2)?,
                    added_at: row.try_get(3)?,
                })
            })
            .collect()
        })
    }

    pub fn add_desk_words(&mut self, words: &[String], source: &str, actor: &str) -> Result<usize> {
        let source = word_source(source)?;
        let now = time_stamp::now();
        self.write(|pg| {
            let mut added = 0;
            for word in words {
                added += pg.execute(
                    "INSERT INTO desk_words (word, source, added_by, added_at)
                     VALUES ($1, $2, $3, $4)
                     ON CONFLICT (word) DO NOTHING",
                    &[word, &source, &actor, &now],
                )?;
            }
            Ok(added as usize)
        })
    }

    pub fn remove_desk_word(&mut self, word: &str) -> Result<bool> {
        self.write(|pg| Ok(pg.execute("DELETE FROM desk_words WHERE word = $1", &[&word])? > 0))
    }

    pub fn style_ignores(&self, story_id: i64) -> Result<Vec<(String, String)>> {
        self.read(|pg| {
            pg.query(
                "SELECT rule, text FROM style_ignores WHERE story_id = $1 ORDER BY rule, text",
                &[&story_id],
            )?
            .iter()
            .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
            .collect()
        })
    }

    pub fn add_style_ignore(
        &mut self,
        story_id: i64,
        rule: &str,
        text: &str,
        actor: &str,
    ) -> Result<()> {
        let now = time_stamp::now();
        self.write(|pg| {
            pg.query_opt("SELECT 1 FROM stories WHERE id = $1", &[&story_id])?
                .ok_or(Error::StoryNotFound(story_id))?;
            pg.execute(
                "INSERT INTO style_ignores (story_id, rule, text, actor, at)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (story_id, rule, text) DO NOTHING",
                &[&story_id, &rule, &text, &actor, &now],
            )?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    //! On the test server (`WIREDESK_TEST_PG`), skipped without one: the
    //! style guide, the desk dictionary and ignored matches of a fresh team
    //! library.

    use super::*;
    use serde_json::json;

    fn store() -> Option<PgStore> {
        let server = crate::team_test::server()?;
        let url = crate::team_test::fresh_database(&server);
        Some(PgStore::init(&url).expect("a team library"))
    }

    /// A story with no revisions yet, written straight into the library.
    fn story(store: &PgStore, guid: &str) -> i64 {
        let now = time_stamp::now();
        store
            .write(|pg| {
                pg.execute(
                    "INSERT INTO sources (code, name) VALUES ('test', 'Test Agency')
                     ON CONFLICT DO NOTHING",
                    &[],
                )?;
                Ok(pg
                    .query_one(
                        "INSERT INTO stories (source_id, guid, first_received_at, last_received_at)
                         SELECT id, $1, $2, $2 FROM sources WHERE code = 'test' RETURNING id",
                        &[&guid, &now],
                    )?
                    .try_get(0)?)
            })
            .expect("story")
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

    fn rule_ids(store: &PgStore) -> Vec<String> {
        store
            .style_rules()
            .expect("rules")
            .iter()
            .map(|r| r["id"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    #[test]
    fn style_rules_are_replaced_whole_on_a_team_library() {
        let Some(mut store) = store() else { return };
        assert!(store.style_rules().expect("rules").is_empty());
        store
            .replace_style_rules(&rules(&["b", "a", "c"]), "anna")
            .expect("saved");
        assert_eq!(rule_ids(&store), ["b", "a", "c"]);
        assert_eq!(
            store.style_rules().expect("rules")[0],
            json!({ "id": "b", "find": "B" })
        );
        store
            .replace_style_rules(&rules(&["c", "d"]), "ben")
            .expect("saved again");
        assert_eq!(rule_ids(&store), ["c", "d"]);
        // Two rules with one id: refused, and the guide is as it was.
        assert!(store
            .replace_style_rules(&rules(&["x", "y", "x"]), "anna")
            .is_err());
        assert_eq!(rule_ids(&store), ["c", "d"]);
        store.replace_style_rules(&[], "anna").expect("emptied");
        assert!(store.style_rules().expect("rules").is_empty());
    }

    #[test]
    fn desk_words_are_added_once_and_removed_on_a_team_library() {
        let Some(mut store) = store() else { return };
        let words = |list: &[&str]| list.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            store
                .add_desk_words(&words(&["Zelensky", "Kyiv", "Kyiv"]), "added", "anna")
                .expect("added"),
            2
        );
        assert_eq!(
            store
                .add_desk_words(&words(&["Kyiv", "kyiv", "Bakhmut"]), "learned", "ben")
                .expect("learned"),
            2
        );
        let stored = store.desk_words().expect("words");
        // Byte order, as SQLite sorts: capitals first.
        assert_eq!(
            stored.iter().map(|w| w.word.as_str()).collect::<Vec<_>>(),
            ["Bakhmut", "Kyiv", "Zelensky", "kyiv"]
        );
        assert_eq!(
            (stored[1].source.as_str(), stored[1].added_by.as_str()),
            ("added", "anna")
        );
        assert_eq!(stored[0].source, "learned");
        assert!(matches!(
            store.add_desk_words(&words(&["Odesa"]), "guessed", "anna"),
            Err(Error::InvalidInput(_))
        ));
        assert!(store.remove_desk_word("Kyiv").expect("removed"));
        assert!(!store.remove_desk_word("Kyiv").expect("gone already"));
        assert_eq!(store.desk_words().expect("words").len(), 3);
    }

    #[test]
    fn style_ignores_belong_to_their_story_on_a_team_library() {
        let Some(mut store) = store() else { return };
        assert!(matches!(
            store.add_style_ignore(999, "numbers", "seven", "anna"),
            Err(Error::StoryNotFound(999))
        ));
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
        assert!(store.style_ignores(999).expect("none").is_empty());
    }
}
