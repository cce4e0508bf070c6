//! Reading stories back: heads, revisions, the inbox and its filters, metadata, preferences.
//!
//! The same statements as the SQLite store's (store/mod.rs), in
//! PostgreSQL's spelling: JSON through `jsonb`, `$n` placeholders, SQLite's
//! ASCII-only case folding (`LIKE`, `COLLATE NOCASE`) spelled out.

use postgres::types::ToSql;
use postgres::Row;

use super::{Pg, PgStore};
use crate::error::{Error, Result};
use crate::ingest;
use crate::model::{attributed, StoryDetail, StoryFilter, StoryState, StorySummary, WireVersion};
use crate::store::{Head, HeadAndOriginal, RevisionRow, RevisionText};

/// A text column spelled as one of a closed set of values ([`crate::domain`]):
/// a value that is not one of them is an error, as on SQLite.
pub(super) fn text_enum<T>(row: &Row, column: usize) -> Result<T>
where
    T: std::str::FromStr<Err = Error>,
{
    row.try_get::<_, &str>(column)?.parse()
}

/// A story's head revision: its id, kind and body (SQLite's `head`).
pub(super) fn head(pg: &mut Pg<'_>, story_id: i64) -> Result<Head> {
    let row = pg
        .query_opt(
            "SELECT r.id, r.kind, r.body FROM stories s JOIN revisions r ON r.id = s.head_revision_id
             WHERE s.id = $1",
            &[&story_id],
        )?
        .ok_or(Error::StoryNotFound(story_id))?;
    Ok(Head {
        id: row.try_get(0)?,
        kind: text_enum(&row, 1)?,
        body: row.try_get(2)?,
    })
}

/// SQLite's placeholders (`?n`) as PostgreSQL's (`$n`), in SQL built by the
/// SQLite store's helpers; no text literal there holds a `?`.
pub(super) fn placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    out
}

/// The inbox filter as SQL conditions over `stories s` and `sources src`
/// (each starting with AND), and the text values they bind, numbered from
/// `$first`: SQLite's [`crate::store::filter_sql`], in PostgreSQL's spelling.
pub(super) fn filter_sql(
    filter: &StoryFilter,
    first: usize,
    timing_open: bool,
) -> (String, Vec<String>) {
    let (sql, values) = crate::store::filter_sql(filter, first, timing_open);
    // Every value is bound as text; the cursor's id is cast from it.
    let sql = placeholders(&sql).replace(" AS INTEGER)", "::text AS BIGINT)");
    (sql, values)
}

/// A text field of the story's wire metadata from its newest wire version,
/// in the agency's order, that has it (SQLite's `wire_metadata_text`): a
/// scalar subquery for the story whose id is `story` (SQL). A version whose
/// text does not hold `"key"` is passed over before its JSON is read: the
/// metadata is JSON Wiredesk wrote, whose keys are never escaped; and for
/// the publisher, which the inbox asks of every row, the versions that
/// hold it have an index of their own (migration 0018).
pub(super) fn wire_metadata_text(key: &str, story: &str) -> String {
    format!(
        "SELECT w.metadata::jsonb ->> '{key}' FROM revisions w
         WHERE w.story_id = {story} AND w.kind = 'wire'
           AND w.metadata LIKE '%\"{key}\"%'
           AND jsonb_typeof(w.metadata::jsonb -> '{key}') = 'string'
         ORDER BY w.agency_version IS NULL, w.agency_version DESC, w.id DESC LIMIT 1"
    )
}

/// `text` with ASCII capitals made small, as SQLite's `LIKE` and `NOCASE`
/// fold it (other letters keep their case): SQL over the expression `text`.
fn ascii_folded(text: &str) -> String {
    format!("translate({text}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')")
}

impl PgStore {
    pub fn copy_date(&self, id: i64) -> Result<Option<String>> {
        let sql = format!(
            "SELECT ({})",
            wire_metadata_text(ingest::COPY_DATE_KEY, "$1")
        );
        self.read(|pg| Ok(pg.query_one(&sql, &[&id])?.try_get(0)?))
    }

    /// How many stories' current text contains `text`, as SQLite's `LIKE`
    /// finds it: ASCII letters in either case, no escape character.
    pub fn count_current_texts_containing(&self, text: &str) -> Result<i64> {
        let pattern = format!("%{}%", text.replace(['%', '_'], "")).to_ascii_lowercase();
        let sql = format!(
            "SELECT count(*) FROM stories s JOIN revisions r ON r.id = s.head_revision_id
             WHERE {} LIKE $1 ESCAPE '' OR {} LIKE $1 ESCAPE ''",
            ascii_folded("r.headline"),
            ascii_folded("r.body")
        );
        self.read(|pg| Ok(pg.query_one(&sql, &[&pattern])?.try_get(0)?))
    }

    pub fn edited_story_ids(&self, limit: u32) -> Result<Vec<i64>> {
        let limit = i64::from(limit);
        self.read(|pg| {
            pg.query(
                "SELECT s.id FROM stories s JOIN revisions r ON r.id = s.head_revision_id
                 WHERE r.kind <> 'wire' ORDER BY s.id DESC LIMIT $1",
                &[&limit],
            )?
            .iter()
            .map(|row| Ok(row.try_get(0)?))
            .collect()
        })
    }

    pub fn feed_copy_bytes(&self, feed_copy_id: i64) -> Result<Option<Vec<u8>>> {
        self.read(|pg| {
            pg.query_opt(
                "SELECT bytes FROM feed_copies WHERE id = $1",
                &[&feed_copy_id],
            )?
            .map(|row| Ok(row.try_get(0)?))
            .transpose()
        })
    }

    pub fn head_and_original(&self, story_id: i64) -> Result<HeadAndOriginal> {
        self.read(|pg| {
            let row = pg
                .query_opt(
                    "SELECT s.head_revision_id,
                            (SELECT id FROM revisions WHERE story_id = s.id AND kind = 'wire'
                             ORDER BY agency_version IS NULL, agency_version, id LIMIT 1)
                     FROM stories s WHERE s.id = $1",
                    &[&story_id],
                )?
                .ok_or(Error::StoryNotFound(story_id))?;
            Ok(HeadAndOriginal {
                head: row.try_get(0)?,
                original: row.try_get(1)?,
            })
        })
    }

    pub fn head_body(&self, story_id: i64) -> Result<String> {
        self.read(|pg| Ok(head(pg, story_id)?.body))
    }

    /// The inbox: stories newest first.
    pub fn list_stories(
        &self,
        limit: u32,
        offset: u32,
        filter: &StoryFilter,
    ) -> Result<Vec<StorySummary>> {
        let timing_open = self.timing_open()?;
        let (filter_sql, values) = filter_sql(filter, 3, timing_open);
        // The same condition on both engines.
        let open_claim = crate::store::open_claim_sql(timing_open);
        let sql = format!(
            "SELECT s.id, r.headline, src.name, s.last_received_at,
                    (SELECT count(*) FROM revisions w WHERE w.story_id = s.id AND w.kind = 'wire'),
                    s.state,
                    (SELECT count(*) FROM claims c
                      WHERE c.story_id = s.id AND {open_claim}),
                    s.slug, r.kind <> 'wire', src.code = 'unknown',
                    ({})
             FROM stories s
             JOIN sources src ON src.id = s.source_id
             JOIN revisions r ON r.id = s.head_revision_id
             WHERE TRUE {filter_sql}
             ORDER BY s.last_received_at DESC, s.id DESC
             LIMIT $1 OFFSET $2",
            wire_metadata_text(ingest::PUBLISHER_KEY, "s.id")
        );
        let (limit, offset) = (i64::from(limit), i64::from(offset));
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![&limit, &offset];
        params.extend(values.iter().map(|v| v as &(dyn ToSql + Sync)));
        self.read(|pg| {
            pg.query(&sql, &params)?
                .iter()
                .map(|row| {
                    let agency: String = row.try_get(2)?;
                    let unknown: bool = row.try_get(9)?;
                    let publisher: Option<String> = row.try_get(10)?;
                    Ok(StorySummary {
                        id: row.try_get(0)?,
                        headline: row.try_get(1)?,
                        source: attributed(&agency, !unknown, publisher.as_deref()),
                        agency,
                        publisher,
                        received_at: row.try_get(3)?,
                        version: row.try_get(4)?,
                        state: text_enum(row, 5)?,
                        open_claims: row.try_get(6)?,
                        slug: row.try_get(7)?,
                        edited: row.try_get(8)?,
                        integrity_findings: 0,
                        wire_update: false,
                    })
                })
                .collect()
        })
    }

    pub fn preference(&self, key: &str) -> Result<Option<String>> {
        self.read(|pg| {
            pg.query_opt("SELECT value FROM preferences WHERE key = $1", &[&key])?
                .map(|row| Ok(row.try_get(0)?))
                .transpose()
        })
    }

    pub fn revision_metadata(&self, revision_id: i64) -> Result<serde_json::Value> {
        let text: Option<String> = self.read(|pg| {
            pg.query_opt(
                "SELECT metadata FROM revisions WHERE id = $1",
                &[&revision_id],
            )?
            .map(|row| Ok(row.try_get(0)?))
            .transpose()
        })?;
        let text = text.unwrap_or_else(|| "{}".to_owned());
        Ok(serde_json::from_str(&text).unwrap_or_default())
    }

    pub fn revision_text(&self, story_id: i64, revision_id: i64) -> Result<RevisionText> {
        self.read(|pg| {
            let row = pg
                .query_opt(
                    "SELECT headline, dateline, byline, credit, body FROM revisions
                     WHERE id = $1 AND story_id = $2",
                    &[&revision_id, &story_id],
                )?
                .ok_or_else(|| {
                    Error::InvalidInput(format!("story {story_id} has no revision {revision_id}"))
                })?;
            Ok(RevisionText {
                headline: row.try_get(0)?,
                dateline: row.try_get(1)?,
                byline: row.try_get(2)?,
                credit: row.try_get(3)?,
                body: row.try_get(4)?,
            })
        })
    }

    pub fn revisions(&self, story_id: i64) -> Result<Vec<RevisionRow>> {
        self.read(|pg| {
            head(pg, story_id)?;
            pg.query(
                "SELECT id, kind, parent_id, author, created_at, note, body FROM revisions
                 WHERE story_id = $1 ORDER BY id",
                &[&story_id],
            )?
            .iter()
            .map(|row| {
                Ok(RevisionRow {
                    id: row.try_get(0)?,
                    kind: text_enum(row, 1)?,
                    parent: row.try_get(2)?,
                    author: row.try_get(3)?,
                    created_at: row.try_get(4)?,
                    note: row.try_get(5)?,
                    body: row.try_get(6)?,
                })
            })
            .collect()
        })
    }

    /// The names of the sources stories came from, in SQLite's `NOCASE`
    /// order (ASCII letters folded, then byte order).
    pub fn source_names(&self) -> Result<Vec<String>> {
        let sql = format!(
            "SELECT name FROM sources s WHERE EXISTS
                 (SELECT 1 FROM stories t WHERE t.source_id = s.id)
             ORDER BY {} COLLATE \"C\", s.id",
            ascii_folded("name")
        );
        self.read(|pg| {
            pg.query(&sql, &[])?
                .iter()
                .map(|row| Ok(row.try_get(0)?))
                .collect()
        })
    }

    /// A story's current text and its wire versions, as SQLite's
    /// `Store::story` builds them.
    pub fn story(&self, id: i64) -> Result<StoryDetail> {
        let metadata_sql = format!(
            "SELECT ({}), ({})",
            wire_metadata_text(ingest::PUBLISHER_KEY, "$1"),
            wire_metadata_text(ingest::COPY_DATE_KEY, "$1")
        );
        self.read(|pg| {
            let row = pg
                .query_opt(
                    "SELECT s.id, r.id, r.headline, r.dateline, r.byline, r.credit, r.body,
                            src.name, s.state, src.code = 'unknown'
                     FROM stories s
                     JOIN sources src ON src.id = s.source_id
                     JOIN revisions r ON r.id = s.head_revision_id
                     WHERE s.id = $1",
                    &[&id],
                )?
                .ok_or(Error::StoryNotFound(id))?;
            let unknown: bool = row.try_get(9)?;
            let agency: String = row.try_get(7)?;
            let mut detail = StoryDetail {
                id: row.try_get(0)?,
                revision_id: row.try_get(1)?,
                headline: row.try_get(2)?,
                dateline: row.try_get(3)?,
                byline: row.try_get(4)?,
                credit: row.try_get(5)?,
                body: row.try_get(6)?,
                source: if unknown {
                    String::new()
                } else {
                    agency.clone()
                },
                agency,
                publisher: None,
                copy_date: None,
                state: text_enum(&row, 8)?,
                kill_reason: None,
                wire_update: None,
                format: String::new(),
                versions: Vec::new(),
            };
            // The outlet and the copy's date, from the newest wire version
            // (the agency's order) that has them.
            let row = pg.query_one(&metadata_sql, &[&id])?;
            let publisher: Option<String> = row.try_get(0)?;
            let copy_date: Option<String> = row.try_get(1)?;
            let agency_known = !detail.source.is_empty();
            detail.source = attributed(&detail.agency, agency_known, publisher.as_deref());
            detail.publisher = publisher;
            detail.copy_date = copy_date;
            // Version numbers count the story's wire revisions in the
            // agency's order (its version numbers where the copy has them,
            // else arrival).
            detail.versions = pg
                .query(
                    "SELECT r.id, f.id, f.file_name, f.format, f.encoding,
                            f.sha256, f.byte_len, f.received_at
                     FROM revisions r JOIN feed_copies f ON f.id = r.feed_copy_id
                     WHERE r.story_id = $1 AND r.kind = 'wire'
                     ORDER BY r.agency_version IS NULL, r.agency_version, r.id",
                    &[&id],
                )?
                .iter()
                .enumerate()
                .map(|(n, row)| {
                    Ok(WireVersion {
                        version: n as i64 + 1,
                        revision_id: row.try_get(0)?,
                        feed_copy_id: row.try_get(1)?,
                        file: row.try_get(2)?,
                        format: row.try_get(3)?,
                        encoding: row.try_get(4)?,
                        sha256: row.try_get(5)?,
                        byte_len: row.try_get(6)?,
                        received_at: row.try_get(7)?,
                    })
                })
                .collect::<Result<_>>()?;
            detail.format = detail
                .versions
                .last()
                .map(|v| v.format.clone())
                .unwrap_or_default();
            if detail.state == StoryState::Killed {
                detail.kill_reason = pg
                    .query_opt(
                        "SELECT detail::jsonb ->> 'kill_reason' FROM audit_log
                         WHERE story_id = $1 AND action = 'ingest'
                           AND (detail::jsonb ->> 'kill_reason') IS NOT NULL
                         ORDER BY id DESC LIMIT 1",
                        &[&id],
                    )?
                    .map(|row| row.try_get(0))
                    .transpose()?;
            }
            Ok(detail)
        })
    }

    pub fn story_count(&self) -> Result<i64> {
        self.read(|pg| {
            Ok(pg
                .query_one("SELECT count(*) FROM stories", &[])?
                .try_get(0)?)
        })
    }

    /// Whether the desk counts timing claims as open (the library setting
    /// [`crate::claims::TIMING_OPEN_SETTING`] is "true").
    pub fn timing_open(&self) -> Result<bool> {
        Ok(crate::store::counts_timing_open(
            self.preference(crate::claims::TIMING_OPEN_SETTING)?
                .as_deref(),
        ))
    }

    pub fn set_preference(&mut self, key: &str, value: Option<&str>) -> Result<()> {
        self.write(|pg| {
            match value {
                Some(value) => pg.execute(
                    "INSERT INTO preferences (key, value) VALUES ($1, $2)
                     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                    &[&key, &value],
                )?,
                None => pg.execute("DELETE FROM preferences WHERE key = $1", &[&key])?,
            };
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_placeholders_become_postgres_ones() {
        assert_eq!(
            placeholders("a = ?3 AND (x, y) < (?4, CAST(?5 AS INTEGER)) AND '?' = ?"),
            "a = $3 AND (x, y) < ($4, CAST($5 AS INTEGER)) AND '?' = ?"
        );
        let filter = StoryFilter {
            source: Some("Reuters".into()),
            after: Some(crate::model::InboxCursor {
                received_at: "2026-01-01T00:00:00Z".into(),
                id: 7,
            }),
            ..StoryFilter::default()
        };
        let (sql, values) = filter_sql(&filter, 3, false);
        assert!(sql.contains("src.name = $3"), "{sql}");
        assert!(sql.contains("($4, CAST($5::text AS BIGINT))"), "{sql}");
        assert_eq!(values, ["Reuters", "2026-01-01T00:00:00Z", "7"]);
    }
}

#[cfg(test)]
mod parity {
    //! The team library answers as SQLite does: a SQLite library with the
    //! sample stories, edits and a checked claim, its rows copied into a
    //! fresh team library, read back through both stores.
    use crate::model::{InboxCursor, StoryFilter};
    use crate::store::{PgStore, Store};
    use postgres::types::ToSql;

    fn copy_tables(sqlite: &Store, url: &str) {
        let mut pg = crate::store::open_client(url).unwrap();
        let mut tx = pg.transaction().unwrap();
        for table in [
            "sources",
            "stories",
            "feed_copies",
            "revisions",
            "claims",
            "claim_events",
            "exports",
            "audit_log",
            "preferences",
        ] {
            let mut stmt = sqlite
                .conn
                .prepare(&format!("SELECT * FROM {table}"))
                .unwrap();
            let names: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
            let types: Vec<String> = names
                .iter()
                .map(|n| {
                    tx.query_one(
                        "SELECT data_type FROM information_schema.columns WHERE table_name = $1 AND column_name = $2",
                        &[&table, n],
                    )
                    .unwrap()
                    .get::<_, String>(0)
                })
                .collect();
            let sql = format!(
                "INSERT INTO {table} ({}) VALUES ({})",
                names.join(", "),
                (1..=names.len())
                    .map(|i| format!("${i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let mut rows = stmt.query([]).unwrap();
            while let Some(row) = rows.next().unwrap() {
                let mut values: Vec<Box<dyn ToSql + Sync>> = Vec::new();
                for (i, ty) in types.iter().enumerate() {
                    let v: rusqlite::types::Value = row.get(i).unwrap();
                    use rusqlite::types::Value as V;
                    values.push(match (ty.as_str(), v) {
                        ("bigint", V::Integer(n)) => Box::new(n),
                        ("bigint", V::Null) => Box::new(None::<i64>),
                        ("text", V::Text(t)) => Box::new(t),
                        ("text", V::Null) => Box::new(None::<String>),
                        ("bytea", V::Blob(b)) => Box::new(b),
                        (ty, v) => panic!("{table}: {ty} {v:?}"),
                    });
                }
                let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|b| b.as_ref()).collect();
                tx.execute(&sql, &refs).unwrap();
            }
        }
        tx.commit().unwrap();
    }

    #[test]
    fn reading_stories_back_answers_as_sqlite_does() {
        let Some(server) = crate::team_test::server() else {
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lib.sqlite");
        {
            let mut lib = crate::Library::open(&path).unwrap();
            lib.seed_samples_if_empty().unwrap();
            let ids: Vec<i64> = lib.stories(1000, 0).unwrap().iter().map(|s| s.id).collect();
            for (n, id) in ids.iter().enumerate().take(12) {
                let d = lib.story(*id).unwrap();
                if n % 3 == 0 {
                    let _ = lib.save_edit(
                        *id,
                        Some(d.revision_id),
                        &format!("{} edited", d.headline),
                        &format!("{}\n\nMore.", d.body),
                        Some("note"),
                    );
                    // A wire update merged into the edit, where there is one.
                    let _ = lib.merge(*id, None);
                }
                if n % 4 == 1 {
                    if let Some(c) = lib.claims(*id).unwrap().first() {
                        let _ = lib.update_claim(c.id, Some("verified"), None, None);
                    }
                }
            }
            lib.set_setting("user.name", Some("x")).unwrap();
        }
        let mut sqlite = Store::open(&path).unwrap();
        let url = crate::team_test::fresh_database(&server);
        drop(PgStore::init(&url).unwrap());
        copy_tables(&sqlite, &url);
        let mut pg = PgStore::open(&url).unwrap();
        macro_rules! same {
            ($($call:tt)*) => {{
                let a = format!("{:?}", sqlite.$($call)*);
                let b = format!("{:?}", pg.$($call)*);
                assert_eq!(a, b, "{}", stringify!($($call)*));
            }};
        }
        same!(story_count());
        same!(source_names());
        same!(edited_story_ids(100));
        same!(timing_open());
        same!(preference("user.name"));
        same!(preference("none"));
        for text in ["the", "The", "port", "%", "a_b", "\\", "é", "strike"] {
            same!(count_current_texts_containing(text));
        }
        let all = sqlite
            .list_stories(10_000, 0, &StoryFilter::default())
            .unwrap();
        assert!(all.len() >= 5);
        let mut filters = vec![
            StoryFilter::default(),
            StoryFilter {
                open_claims: true,
                ..Default::default()
            },
        ];
        for name in sqlite.source_names().unwrap() {
            filters.push(StoryFilter {
                source: Some(name),
                ..Default::default()
            });
        }
        for state in ["new", "editing", "killed", " "] {
            filters.push(StoryFilter {
                state: Some(state.into()),
                ..Default::default()
            });
        }
        if let Some(mid) = all.get(all.len() / 2) {
            let day = mid.received_at[..10].to_string();
            filters.push(StoryFilter {
                received_from: Some(mid.received_at.clone()),
                ..Default::default()
            });
            filters.push(StoryFilter {
                received_to: Some(mid.received_at.clone()),
                ..Default::default()
            });
            filters.push(StoryFilter {
                received_to: Some(day.clone()),
                received_from: Some(day),
                ..Default::default()
            });
            filters.push(StoryFilter {
                after: Some(InboxCursor {
                    received_at: mid.received_at.clone(),
                    id: mid.id,
                }),
                open_claims: true,
                ..Default::default()
            });
        }
        for timing in [None, Some("true")] {
            sqlite
                .set_preference(crate::claims::TIMING_OPEN_SETTING, timing)
                .unwrap();
            pg.set_preference(crate::claims::TIMING_OPEN_SETTING, timing)
                .unwrap();
            same!(timing_open());
            for f in &filters {
                for (limit, offset) in [(10_000, 0), (5, 0), (5, 3), (1, 7)] {
                    same!(list_stories(limit, offset, f));
                }
            }
        }
        for id in all.iter().map(|s| s.id).chain([0, 999_999]) {
            same!(story(id));
            same!(copy_date(id));
            same!(head_body(id));
            same!(head_and_original(id));
            same!(revisions(id));
            same!(story_checks(&[id]));
            same!(merge_base(id));
            same!(latest_wire_revision(id));
            for r in sqlite
                .revisions(id)
                .map(|r| r.iter().map(|r| r.id).collect())
                .unwrap_or(vec![1])
            {
                same!(revision_text(id, r));
                same!(revision_text(id + 1, r));
                same!(revision_metadata(r));
                same!(feed_copy_bytes(r));
            }
        }
        let ids: Vec<i64> = all.iter().rev().map(|s| s.id).collect();
        same!(story_checks(&ids));
        same!(story_checks(&[]));
        same!(revision_metadata(999_999));
        same!(feed_copy_bytes(999_999));
        pg.set_preference(crate::claims::TIMING_OPEN_SETTING, Some(" TRUE "))
            .unwrap();
        assert!(pg.timing_open().unwrap());
        pg.set_preference(crate::claims::TIMING_OPEN_SETTING, Some("no"))
            .unwrap();
        assert!(!pg.timing_open().unwrap());
        pg.set_preference(crate::claims::TIMING_OPEN_SETTING, None)
            .unwrap();
        assert_eq!(
            pg.preference(crate::claims::TIMING_OPEN_SETTING).unwrap(),
            None
        );
    }
}
