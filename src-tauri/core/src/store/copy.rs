//! `wiredesk library copy`: a whole library moved from one store to another
//! (SQLite file → team library, team library → SQLite file, or file to file),
//! row for row, ids kept, feed copies byte for byte.
//!
//! This is the one place that sees both engines' rows. It reads them
//! generically: [`TABLES`] lists every table a library keeps and each of its
//! columns with its kind, and a value is NULL, an integer, text or bytes
//! ([`Value`]), which both schemas store alike (migrations/0015 and
//! migrations/postgres/0015). The source is read from one snapshot; the
//! target is written in one transaction and must hold nothing beforehand.
//! What is derived from those rows is not copied but rebuilt on the target
//! afterwards: SQLite's full-text tables, PostgreSQL's `search_cjk`,
//! `wire_fingerprints` and `story_openings` (`rebuild_search_indexes`), and
//! PostgreSQL's identity sequences, set past the ids copied.
//!
//! `schema_migrations` is not copied: each end keeps the record of its own
//! migrations (their text differs per engine), and both must be at the same
//! schema version.

use std::path::Path;

use postgres::binary_copy::{BinaryCopyInWriter, BinaryCopyOutIter};
use postgres::fallible_iterator::FallibleIterator as _;
use postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension as _};
use serde::Serialize;

use super::postgres::Pg;
use super::{Backend, LibraryStore};
use crate::error::{Error, Result};

/// The kind of a column, the same on both engines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// SQLite INTEGER, PostgreSQL BIGINT.
    Int,
    /// TEXT on both.
    Text,
    /// SQLite BLOB, PostgreSQL BYTEA.
    Bytes,
}

impl Kind {
    fn pg_type(self) -> Type {
        match self {
            Kind::Int => Type::INT8,
            Kind::Text => Type::TEXT,
            Kind::Bytes => Type::BYTEA,
        }
    }
}

/// One table a library keeps: its name, its columns in order, and the
/// columns its rows are read in the order of.
#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [(&'static str, Kind)],
    pub order_by: &'static str,
}

impl Table {
    fn column_list(&self) -> String {
        self.columns
            .iter()
            .map(|(name, _)| *name)
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn select(&self) -> String {
        format!(
            "SELECT {} FROM {} ORDER BY {}",
            self.column_list(),
            self.name,
            self.order_by
        )
    }

    /// Whether the table's rows are numbered by an identity `id` (an
    /// integer: `style_rules`' ids are text).
    fn has_id(&self) -> bool {
        self.columns
            .first()
            .is_some_and(|(name, kind)| *name == "id" && *kind == Int)
    }
}

use Kind::{Bytes, Int, Text};

/// Every table a library keeps, in an order that writes what a row refers
/// to before the row (a story's head revision, and a merge superseded by a
/// later one, are checked at commit).
pub const TABLES: &[Table] = &[
    Table {
        name: "sources",
        columns: &[("id", Int), ("code", Text), ("name", Text)],
        order_by: "id",
    },
    Table {
        name: "stories",
        columns: &[
            ("id", Int),
            ("source_id", Int),
            ("guid", Text),
            ("slug", Text),
            ("state", Text),
            ("head_revision_id", Int),
            ("first_received_at", Text),
            ("last_received_at", Text),
            ("wire_versions", Int),
        ],
        order_by: "id",
    },
    Table {
        name: "feed_copies",
        columns: &[
            ("id", Int),
            ("story_id", Int),
            ("wire_version", Int),
            ("file_name", Text),
            ("format", Text),
            ("encoding", Text),
            ("sha256", Text),
            ("byte_len", Int),
            ("bytes", Bytes),
            ("received_at", Text),
        ],
        order_by: "id",
    },
    Table {
        name: "revisions",
        columns: &[
            ("id", Int),
            ("story_id", Int),
            ("parent_id", Int),
            ("kind", Text),
            ("feed_copy_id", Int),
            ("author", Text),
            ("created_at", Text),
            ("note", Text),
            ("headline", Text),
            ("dateline", Text),
            ("byline", Text),
            ("credit", Text),
            ("body", Text),
            ("metadata", Text),
            ("content_sha256", Text),
            ("agency_version", Int),
        ],
        order_by: "id",
    },
    Table {
        name: "claims",
        columns: &[
            ("id", Int),
            ("story_id", Int),
            ("revision_id", Int),
            ("kind", Text),
            ("text", Text),
            ("value", Text),
            ("speaker", Text),
            ("status", Text),
            ("assignee", Text),
            ("origin", Text),
            ("dismissed", Int),
            ("start_offset", Int),
            ("end_offset", Int),
            ("prefix", Text),
            ("suffix", Text),
            ("created_at", Text),
            ("updated_at", Text),
            ("rule", Text),
            ("rank", Int),
            ("detached", Int),
            ("resolved_against", Text),
            ("speaker_source", Text),
        ],
        order_by: "id",
    },
    Table {
        name: "claim_events",
        columns: &[
            ("id", Int),
            ("claim_id", Int),
            ("actor", Text),
            ("created_at", Text),
            ("event", Text),
            ("from_status", Text),
            ("to_status", Text),
            ("detail", Text),
        ],
        order_by: "id",
    },
    Table {
        name: "exports",
        columns: &[
            ("id", Int),
            ("story_id", Int),
            ("revision_id", Int),
            ("format", Text),
            ("author", Text),
            ("created_at", Text),
            ("destination", Text),
            ("override_reason", Text),
            ("sha256", Text),
        ],
        order_by: "id",
    },
    Table {
        name: "audit_log",
        columns: &[
            ("id", Int),
            ("story_id", Int),
            ("actor", Text),
            ("created_at", Text),
            ("action", Text),
            ("detail", Text),
        ],
        order_by: "id",
    },
    Table {
        name: "drop_folder_files",
        columns: &[
            ("path", Text),
            ("byte_len", Int),
            ("modified_ns", Int),
            ("taken_at", Text),
            ("status", Text),
        ],
        order_by: "path, byte_len, modified_ns",
    },
    Table {
        name: "preferences",
        columns: &[("key", Text), ("value", Text)],
        order_by: "key",
    },
    Table {
        name: "merges",
        columns: &[
            ("id", Int),
            ("story_id", Int),
            ("base_revision_id", Int),
            ("ours_revision_id", Int),
            ("theirs_revision_id", Int),
            ("created_at", Text),
            ("merged_revision_id", Int),
            ("superseded_by", Int),
        ],
        order_by: "id",
    },
    Table {
        name: "merge_conflicts",
        columns: &[
            ("id", Int),
            ("merge_id", Int),
            ("number", Int),
            ("base", Text),
            ("ours", Text),
            ("theirs", Text),
            ("resolution", Text),
            ("resolved_by", Text),
            ("resolved_at", Text),
        ],
        order_by: "id",
    },
    Table {
        name: "integrity_acknowledgements",
        columns: &[
            ("id", Int),
            ("story_id", Int),
            ("finding_key", Text),
            ("kind", Text),
            ("text", Text),
            ("actor", Text),
            ("created_at", Text),
            ("reason", Text),
        ],
        order_by: "id",
    },
    Table {
        name: "recurring_lines",
        columns: &[
            ("scope", Text),
            ("line_hash", Int),
            ("stories", Int),
            ("last_story_id", Int),
        ],
        order_by: "scope, line_hash",
    },
    Table {
        name: "desk_events",
        columns: &[
            ("id", Int),
            ("kind", Text),
            ("story_id", Int),
            ("revision_id", Int),
            ("claim_id", Int),
            ("actor", Text),
            ("at", Text),
        ],
        order_by: "id",
    },
    Table {
        name: "people",
        columns: &[
            ("name", Text),
            ("initials", Text),
            ("role", Text),
            ("first_seen", Text),
        ],
        order_by: "name",
    },
    Table {
        name: "style_rules",
        columns: &[
            ("id", Text),
            ("position", Int),
            ("rule", Text),
            ("updated_by", Text),
            ("updated_at", Text),
        ],
        order_by: "position, id",
    },
    Table {
        name: "desk_words",
        columns: &[
            ("word", Text),
            ("source", Text),
            ("added_by", Text),
            ("added_at", Text),
        ],
        order_by: "word",
    },
    Table {
        name: "style_ignores",
        columns: &[
            ("story_id", Int),
            ("rule", Text),
            ("text", Text),
            ("actor", Text),
            ("at", Text),
        ],
        order_by: "story_id, rule, text",
    },
];

/// What the live desk writes by itself as soon as an app opens a library
/// (its presence, the events of it, its user as one of the people): not
/// what makes a library "not empty", and cleared from the target before the
/// copy. `presence` (who has what open now) is never copied.
const LIVE_DESK_TABLES: &[&str] = &["desk_events", "people", "presence"];

/// Migration 0019's triggers, which write the event stream and the desk's
/// people from what other tables receive: off while rows are copied (the
/// copied `desk_events` and `people` come with the rest), on again before
/// the copy commits: the trigger names of a file, (table, trigger) of a
/// team library.
const SQLITE_LIVE_DESK_TRIGGERS: &[&str] = &[
    "desk_events_from_audit",
    "desk_events_from_claims",
    "desk_events_from_presence_in",
    "desk_events_from_presence_change",
    "desk_events_from_presence_out",
    "people_from_desk_events",
];
const POSTGRES_LIVE_DESK_TRIGGERS: &[(&str, &str)] = &[
    ("audit_log", "desk_events_from_audit"),
    ("claim_events", "desk_events_from_claims"),
    ("presence", "desk_events_from_presence"),
    ("desk_events", "desk_events_announced"),
];

/// The tables of each engine that are derived from [`TABLES`] and rebuilt
/// rather than copied, besides `schema_migrations` (each end's own).
#[cfg_attr(not(test), allow(dead_code))]
pub const DERIVED_SQLITE: &[&str] = &[
    "story_search",
    "story_search_cjk",
    "story_opening_index",
    "wire_fingerprint_index",
];
#[cfg_attr(not(test), allow(dead_code))]
pub const DERIVED_POSTGRES: &[&str] = &["wire_fingerprints", "story_openings"];

/// The tables of both engines that are neither copied nor rebuilt: who has
/// which story open at this moment, which belongs to the library copied
/// from, not to the copy.
#[cfg_attr(not(test), allow(dead_code))]
pub const NOT_COPIED: &[&str] = &["presence"];

/// Every row of every table of a library, table by table.
pub type LibraryRows = Vec<(&'static str, Vec<Vec<Value>>)>;

/// One value of a row, as both engines store it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Null,
    Integer(i64),
    Text(String),
    Bytes(Vec<u8>),
}

impl Value {
    fn kind(&self) -> Option<Kind> {
        match self {
            Value::Null => None,
            Value::Integer(_) => Some(Int),
            Value::Text(_) => Some(Text),
            Value::Bytes(_) => Some(Bytes),
        }
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Integer(n) => ToSqlOutput::Borrowed(ValueRef::Integer(*n)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Value::Bytes(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
        })
    }
}

impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Integer(n) => n.to_sql(ty, out),
            Value::Text(s) => s.to_sql(ty, out),
            Value::Bytes(b) => b.to_sql(ty, out),
        }
    }

    fn accepts(ty: &Type) -> bool {
        *ty == Type::INT8 || *ty == Type::TEXT || *ty == Type::BYTEA
    }

    to_sql_checked!();
}

/// How many rows of one table were copied.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TableCount {
    pub table: String,
    pub rows: u64,
}

/// A value read that does not fit its column: refused rather than changed.
fn unfit(table: &Table, column: &str, found: &str) -> Error {
    Error::InvalidInput(format!(
        "{}.{column} holds {found}, which the other library cannot store unchanged",
        table.name
    ))
}

/// Where rows are read from: one snapshot of the source library.
enum Source<'s, 'c> {
    Sqlite(&'s Connection),
    Postgres(&'s mut Pg<'c>),
}

impl Source<'_, '_> {
    /// Reads every row of `table` in order, handing each to `row`; returns
    /// how many there were.
    fn each(&mut self, table: &Table, row: &mut dyn FnMut(&[Value]) -> Result<()>) -> Result<u64> {
        let mut values = Vec::with_capacity(table.columns.len());
        let mut count = 0;
        match self {
            Source::Sqlite(conn) => {
                let mut statement = conn.prepare(&table.select())?;
                let mut rows = statement.query([])?;
                while let Some(found) = rows.next()? {
                    values.clear();
                    for (i, (column, kind)) in table.columns.iter().enumerate() {
                        let value = match found.get_ref(i)? {
                            ValueRef::Null => Value::Null,
                            ValueRef::Integer(n) => Value::Integer(n),
                            ValueRef::Text(text) => Value::Text(
                                String::from_utf8(text.to_vec())
                                    .map_err(|_| unfit(table, column, "text that is not UTF-8"))?,
                            ),
                            ValueRef::Blob(bytes) => Value::Bytes(bytes.to_vec()),
                            ValueRef::Real(_) => {
                                return Err(unfit(table, column, "a floating-point number"))
                            }
                        };
                        if value.kind().is_some_and(|found| found != *kind) {
                            return Err(unfit(table, column, &format!("{value:?}")));
                        }
                        values.push(value);
                    }
                    row(&values)?;
                    count += 1;
                }
            }
            Source::Postgres(pg) => {
                let types: Vec<Type> = table.columns.iter().map(|(_, k)| k.pg_type()).collect();
                let reader = pg.client().copy_out(&format!(
                    "COPY ({}) TO STDOUT (FORMAT binary)",
                    table.select()
                ))?;
                let mut rows = BinaryCopyOutIter::new(reader, &types);
                while let Some(found) = rows.next()? {
                    values.clear();
                    for (i, (_, kind)) in table.columns.iter().enumerate() {
                        values.push(match kind {
                            Int => found
                                .try_get::<Option<i64>>(i)?
                                .map_or(Value::Null, Value::Integer),
                            Text => found
                                .try_get::<Option<String>>(i)?
                                .map_or(Value::Null, Value::Text),
                            Bytes => found
                                .try_get::<Option<Vec<u8>>>(i)?
                                .map_or(Value::Null, Value::Bytes),
                        });
                    }
                    row(&values)?;
                    count += 1;
                }
            }
        }
        Ok(count)
    }
}

/// Where rows are written: the target library, inside its transaction.
enum Sink<'s, 'c> {
    Sqlite(&'s Connection),
    Postgres(&'s mut Pg<'c>),
}

impl Sink<'_, '_> {
    /// The first table of [`TABLES`] that holds a row, if any.
    fn first_filled(&mut self) -> Result<Option<&'static str>> {
        for table in TABLES
            .iter()
            .filter(|t| !LIVE_DESK_TABLES.contains(&t.name))
        {
            let sql = format!("SELECT EXISTS (SELECT 1 FROM {})", table.name);
            let filled: bool = match self {
                Sink::Sqlite(conn) => conn.query_row(&sql, [], |row| row.get(0))?,
                Sink::Postgres(pg) => pg.query_one(&sql, &[])?.try_get(0)?,
            };
            if filled {
                return Ok(Some(table.name));
            }
        }
        Ok(None)
    }

    fn story_count(&mut self) -> Result<i64> {
        let sql = "SELECT count(*) FROM stories";
        Ok(match self {
            Sink::Sqlite(conn) => conn.query_row(sql, [], |row| row.get(0))?,
            Sink::Postgres(pg) => pg.query_one(sql, &[])?.try_get(0)?,
        })
    }

    /// Writes the rows `source` reads of `table`.
    fn fill(&mut self, table: &Table, source: &mut Source<'_, '_>) -> Result<u64> {
        let columns = table.column_list();
        match self {
            Sink::Sqlite(conn) => {
                let marks = (1..=table.columns.len())
                    .map(|i| format!("?{i}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let mut insert = conn.prepare(&format!(
                    "INSERT INTO {} ({columns}) VALUES ({marks})",
                    table.name
                ))?;
                source.each(table, &mut |row| {
                    insert.execute(rusqlite::params_from_iter(row))?;
                    Ok(())
                })
            }
            Sink::Postgres(pg) if table.name == "revisions" => fill_pg_revisions(pg, table, source),
            Sink::Postgres(pg) => {
                let types: Vec<Type> = table.columns.iter().map(|(_, k)| k.pg_type()).collect();
                let writer = pg.client().copy_in(&format!(
                    "COPY {} ({columns}) FROM STDIN (FORMAT binary)",
                    table.name
                ))?;
                let mut writer = BinaryCopyInWriter::new(writer, &types);
                let count = source.each(table, &mut |row| {
                    let values: Vec<&(dyn ToSql + Sync)> =
                        row.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
                    writer.write(&values)?;
                    Ok(())
                })?;
                writer.finish()?;
                Ok(count)
            }
        }
    }

    /// Turns off [`SQLITE_LIVE_DESK_TRIGGERS`] or
    /// [`POSTGRES_LIVE_DESK_TRIGGERS`] in the copy's transaction: a file's
    /// are dropped (SQLite cannot disable one), and their text returned to
    /// create them again.
    fn suspend_live_desk_triggers(&mut self) -> Result<Vec<String>> {
        match self {
            Sink::Sqlite(conn) => {
                let mut texts = Vec::new();
                for name in SQLITE_LIVE_DESK_TRIGGERS {
                    let text: Option<String> = conn
                        .query_row(
                            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
                            [name],
                            |row| row.get(0),
                        )
                        .optional()?;
                    if let Some(text) = text {
                        conn.execute_batch(&format!("DROP TRIGGER {name}"))?;
                        texts.push(text);
                    }
                }
                Ok(texts)
            }
            Sink::Postgres(pg) => {
                for (table, trigger) in POSTGRES_LIVE_DESK_TRIGGERS {
                    pg.batch(&format!("ALTER TABLE {table} DISABLE TRIGGER {trigger}"))?;
                }
                Ok(Vec::new())
            }
        }
    }

    /// Empties [`LIVE_DESK_TABLES`] (with the triggers off).
    fn clear_live_desk(&mut self) -> Result<()> {
        for table in LIVE_DESK_TABLES {
            let sql = format!("DELETE FROM {table}");
            match self {
                Sink::Sqlite(conn) => {
                    conn.execute(&sql, [])?;
                }
                Sink::Postgres(pg) => {
                    pg.execute(&sql, &[])?;
                }
            }
        }
        Ok(())
    }

    fn resume_live_desk_triggers(&mut self, suspended: &[String]) -> Result<()> {
        match self {
            Sink::Sqlite(conn) => {
                for text in suspended {
                    conn.execute_batch(text)?;
                }
            }
            Sink::Postgres(pg) => {
                for (table, trigger) in POSTGRES_LIVE_DESK_TRIGGERS {
                    pg.batch(&format!("ALTER TABLE {table} ENABLE TRIGGER {trigger}"))?;
                }
            }
        }
        Ok(())
    }

    /// Sets each identity sequence past the ids copied, so the next row
    /// stored takes a new id.
    fn set_sequences(&mut self) -> Result<()> {
        let Sink::Postgres(pg) = self else {
            return Ok(());
        };
        for table in TABLES.iter().filter(|t| t.has_id()) {
            pg.query_one(
                &format!(
                    "SELECT setval(pg_get_serial_sequence('{0}', 'id'),
                                   coalesce((SELECT max(id) FROM {0}), 0) + 1, false)",
                    table.name
                ),
                &[],
            )?;
        }
        Ok(())
    }
}

/// The revisions into a team library: each also gets its `search_cjk`,
/// which is written with the row (revisions are never updated) as ingest
/// writes it, `wiredesk_cjk_vector` over the CJK index texts of its headline
/// and body (store/cjk.rs). The rows go through a temporary table, as COPY
/// cannot call the function.
fn fill_pg_revisions(pg: &mut Pg<'_>, table: &Table, source: &mut Source<'_, '_>) -> Result<u64> {
    let at = |name: &str| {
        table
            .columns
            .iter()
            .position(|(column, _)| *column == name)
            .ok_or_else(|| Error::InvalidInput(format!("revisions have no column {name}")))
    };
    let (headline, body) = (at("headline")?, at("body")?);
    let columns = table.column_list();
    let declared = table
        .columns
        .iter()
        .map(|(name, kind)| {
            let ty = match kind {
                Int => "bigint",
                Text => "text",
                Bytes => "bytea",
            };
            format!("{name} {ty}")
        })
        .collect::<Vec<_>>()
        .join(", ");
    pg.batch(&format!(
        "CREATE TEMPORARY TABLE wiredesk_copied_revisions
             ({declared}, cjk_headline text, cjk_body text) ON COMMIT DROP"
    ))?;
    let mut types: Vec<Type> = table.columns.iter().map(|(_, k)| k.pg_type()).collect();
    types.extend([Type::TEXT, Type::TEXT]);
    let writer = pg.client().copy_in(&format!(
        "COPY wiredesk_copied_revisions ({columns}, cjk_headline, cjk_body) \
         FROM STDIN (FORMAT binary)"
    ))?;
    let mut writer = BinaryCopyInWriter::new(writer, &types);
    let count = source.each(table, &mut |row| {
        let text = |at: usize| match &row[at] {
            Value::Text(text) => super::cjk::index_text(text),
            _ => None,
        };
        let (cjk_headline, cjk_body) = (text(headline), text(body));
        let mut values: Vec<&(dyn ToSql + Sync)> =
            row.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        values.push(&cjk_headline);
        values.push(&cjk_body);
        writer.write(&values)?;
        Ok(())
    })?;
    writer.finish()?;
    pg.batch(&format!(
        "INSERT INTO revisions ({columns}, search_cjk)
         SELECT {columns}, wiredesk_cjk_vector(cjk_headline, cjk_body)
         FROM wiredesk_copied_revisions ORDER BY id;
         DROP TABLE wiredesk_copied_revisions"
    ))?;
    Ok(count)
}

/// Copies every row of [`TABLES`] from `source` into `sink`.
fn copy_rows(
    source: &mut Source<'_, '_>,
    sink: &mut Sink<'_, '_>,
    target: &Path,
    progress: &mut dyn FnMut(&str, u64),
) -> Result<Vec<TableCount>> {
    if let Some(table) = sink.first_filled()? {
        let stories = sink.story_count()?;
        return Err(Error::Backup {
            path: target.to_owned(),
            problem: format!(
                "is not empty ({stories} stories; {table} has rows): a library is copied only \
                 into an empty one"
            ),
        });
    }
    let mut counts = Vec::with_capacity(TABLES.len());
    let suspended = sink.suspend_live_desk_triggers()?;
    sink.clear_live_desk()?;
    for table in TABLES {
        let rows = sink.fill(table, source)?;
        progress(table.name, rows);
        counts.push(TableCount {
            table: table.name.to_owned(),
            rows,
        });
    }
    sink.resume_live_desk_triggers(&suspended)?;
    sink.set_sequences()?;
    Ok(counts)
}

/// Runs `f` on one snapshot of the library `from`: a read transaction
/// (SQLite), a repeatable-read, read-only one (PostgreSQL).
fn with_source<T>(
    from: &Backend,
    mut f: impl FnMut(&mut Source<'_, '_>) -> Result<T>,
) -> Result<T> {
    match from {
        Backend::Sqlite(store) => {
            store.conn.execute_batch("BEGIN DEFERRED")?;
            let done = f(&mut Source::Sqlite(&store.conn));
            let _ = store.conn.execute_batch("COMMIT");
            done
        }
        Backend::Postgres(store) => store.read(|pg| {
            pg.batch("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")?;
            let done = f(&mut Source::Postgres(pg));
            let _ = pg.batch(if done.is_ok() { "COMMIT" } else { "ROLLBACK" });
            done
        }),
    }
}

/// Copies the whole library `from` into `to`, which must be empty and at
/// the same schema version, then rebuilds `to`'s derived indexes. The rows
/// land in one transaction on `to`: all of them or none. `progress` hears
/// each table's name and row count as it is done.
pub(crate) fn copy_library(
    from: &Backend,
    to: &mut Backend,
    progress: &mut dyn FnMut(&str, u64),
) -> Result<Vec<TableCount>> {
    let target = to.path().to_owned();
    let (found, wanted) = (from.schema_version()?, to.schema_version()?);
    if found != wanted {
        return Err(Error::Backup {
            path: target,
            problem: format!(
                "is at schema version {wanted} and {} at {found}: open both with the same \
                 Wiredesk first, so that each is brought up to date",
                from.path().display()
            ),
        });
    }
    let counts = match to {
        Backend::Sqlite(store) => {
            let conn = &store.conn;
            conn.execute_batch("BEGIN IMMEDIATE; PRAGMA defer_foreign_keys = ON;")?;
            let done = with_source(from, |source| {
                copy_rows(source, &mut Sink::Sqlite(conn), &target, progress)
            })
            .and_then(|counts| {
                conn.execute_batch("COMMIT")?;
                Ok(counts)
            });
            if done.is_err() {
                let _ = conn.execute_batch("ROLLBACK");
            }
            done?
        }
        Backend::Postgres(store) => {
            let counts = store.write(|pg| {
                with_source(from, |source| {
                    copy_rows(source, &mut Sink::Postgres(pg), &target, progress)
                })
            })?;
            // Statistics for the rows just loaded: without them the planner
            // takes the tables for empty, and the rebuild below and the
            // first searches plan badly.
            store.read(|pg| pg.batch("ANALYZE"))?;
            counts
        }
    };
    to.rebuild_search_indexes()?;
    Ok(counts)
}

/// Every row of every table of [`TABLES`] in `library`, in order: for
/// comparing two libraries (the copy's tests, `library copy --verify`).
pub(crate) fn all_rows(library: &Backend) -> Result<LibraryRows> {
    with_source(library, |source| {
        let mut tables = Vec::with_capacity(TABLES.len());
        for table in TABLES {
            let mut rows = Vec::new();
            source.each(table, &mut |row| {
                rows.push(row.to_vec());
                Ok(())
            })?;
            tables.push((table.name, rows));
        }
        Ok(tables)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    /// The list of tables is the SQLite schema's, column for column and
    /// kind for kind: a migration that adds a table or a column fails here
    /// until the copy knows it.
    #[test]
    fn the_tables_copied_are_the_whole_sqlite_schema() {
        let store = Store::open_in_memory().expect("library");
        let mut names: Vec<String> = store
            .conn
            .prepare(
                "SELECT name FROM sqlite_schema WHERE type = 'table'
                 AND name NOT LIKE 'sqlite_%' ORDER BY name",
            )
            .and_then(|mut s| {
                s.query_map([], |row| row.get::<_, String>(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .expect("tables");
        names.retain(|name| {
            name != "schema_migrations"
                && !NOT_COPIED.contains(&name.as_str())
                && !DERIVED_SQLITE
                    .iter()
                    .any(|derived| name == derived || name.starts_with(&format!("{derived}_")))
        });
        let mut listed: Vec<String> = TABLES.iter().map(|t| t.name.to_owned()).collect();
        listed.sort();
        assert_eq!(names, listed);
        for table in TABLES {
            let columns: Vec<(String, String)> = store
                .conn
                .prepare(&format!("PRAGMA table_info({})", table.name))
                .and_then(|mut s| {
                    s.query_map([], |row| Ok((row.get(1)?, row.get(2)?)))?
                        .collect::<rusqlite::Result<Vec<_>>>()
                })
                .expect("columns");
            let expected: Vec<(String, String)> = table
                .columns
                .iter()
                .map(|(name, kind)| {
                    let ty = match kind {
                        Int => "INTEGER",
                        Text => "TEXT",
                        Bytes => "BLOB",
                    };
                    ((*name).to_owned(), ty.to_owned())
                })
                .collect();
            assert_eq!(columns, expected, "the columns of {}", table.name);
        }
    }

    /// The same on the team library's schema, when a test server runs.
    #[test]
    fn the_tables_copied_are_the_whole_postgres_schema() {
        let server = crate::team_test::server().unwrap_or_else(|| {
            panic!(
                "{} is not set: this test needs a PostgreSQL server (.ci/test starts one; \
                 or .ci/postgres start DIR and export the address it prints)",
                crate::team_test::SERVER_ENV
            )
        });
        let url = crate::team_test::fresh_database(&server);
        let store = crate::store::PgStore::init(&url).expect("team library");
        store
            .read(|pg| {
                let names: Vec<String> = pg
                    .query(
                        "SELECT table_name::text FROM information_schema.tables
                         WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
                         ORDER BY table_name",
                        &[],
                    )?
                    .iter()
                    .map(|row| row.try_get(0))
                    .collect::<std::result::Result<_, _>>()?;
                let mut listed: Vec<String> = TABLES
                    .iter()
                    .map(|t| t.name.to_owned())
                    .chain(DERIVED_POSTGRES.iter().map(|t| (*t).to_owned()))
                    .chain(NOT_COPIED.iter().map(|t| (*t).to_owned()))
                    .chain(["schema_migrations".to_owned()])
                    .collect();
                listed.sort();
                assert_eq!(names, listed);
                for table in TABLES {
                    let columns: Vec<(String, String)> = pg
                        .query(
                            "SELECT column_name::text, data_type::text
                             FROM information_schema.columns
                             WHERE table_schema = 'public' AND table_name = $1
                               AND column_name NOT IN ('search', 'search_cjk', 'xid')
                             ORDER BY ordinal_position",
                            &[&table.name],
                        )?
                        .iter()
                        .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
                        .collect::<Result<_>>()?;
                    let expected: Vec<(String, String)> = table
                        .columns
                        .iter()
                        .map(|(name, kind)| {
                            let ty = match kind {
                                Int => "bigint",
                                Text => "text",
                                Bytes => "bytea",
                            };
                            ((*name).to_owned(), ty.to_owned())
                        })
                        .collect();
                    assert_eq!(columns, expected, "the columns of {}", table.name);
                }
                Ok(())
            })
            .expect("read the schema");
    }
}
