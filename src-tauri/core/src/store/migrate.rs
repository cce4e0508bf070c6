//! Schema migrations: the plain `migrations/NNNN_name.sql` files of the
//! repository, embedded in the binary and applied in order when a library is
//! opened, each in its own transaction.
//!
//! `schema_migrations` records every applied file with a checksum of its text,
//! so a migration edited after it shipped is refused instead of letting
//! libraries silently diverge; `PRAGMA user_version` mirrors the latest
//! version, so a newer library is recognised before anything is touched.

use include_dir::{include_dir, Dir};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use sha2::{Digest, Sha256};

use crate::{error::Error, time_stamp, Result};

static MIGRATIONS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../migrations");

/// One migration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    pub version: i64,
    pub name: String,
    pub sql: String,
    pub checksum: String,
}

impl Migration {
    /// Builds a migration from its file name (`NNNN_name.sql`) and text.
    pub fn new(file_name: &str, sql: &str) -> Result<Migration> {
        let bad_name = || Error::MigrationName {
            name: file_name.to_owned(),
        };
        let stem = file_name.strip_suffix(".sql").ok_or_else(bad_name)?;
        let (number, name) = stem.split_once('_').ok_or_else(bad_name)?;
        if number.len() != 4 || !number.bytes().all(|b| b.is_ascii_digit()) || name.is_empty() {
            return Err(bad_name());
        }
        let version: i64 = number.parse().map_err(|_| bad_name())?;
        // Checksums ignore line-ending conversions by checkouts.
        let sql = sql.replace("\r\n", "\n");
        let checksum = format!("{:x}", Sha256::digest(sql.as_bytes()));
        Ok(Migration {
            version,
            name: name.to_owned(),
            sql,
            checksum,
        })
    }
}

/// The migrations built into this binary, in order.
pub fn embedded() -> Result<Vec<Migration>> {
    let mut migrations = MIGRATIONS
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "sql"))
        .map(|f| {
            let name = f.path().file_name().and_then(|n| n.to_str()).unwrap_or("");
            Migration::new(name, f.contents_utf8().unwrap_or(""))
        })
        .collect::<Result<Vec<_>>>()?;
    migrations.sort_by_key(|m| m.version);
    Ok(migrations)
}

/// The schema version this build of Wiredesk writes.
pub fn latest_version() -> i64 {
    embedded()
        .ok()
        .and_then(|m| m.last().map(|m| m.version))
        .unwrap_or(0)
}

/// Brings the database up to the last of `migrations`.
pub fn apply(conn: &mut Connection, migrations: &[Migration]) -> Result<()> {
    apply_with(conn, migrations, |_, _| Ok(()))
}

/// Like [`apply`], with a data step run after each migration's SQL in the
/// same transaction (to fill a new table from what Rust computes): a
/// migration and its data land together or not at all.
pub fn apply_with(
    conn: &mut Connection,
    migrations: &[Migration],
    data_step: impl Fn(&Connection, i64) -> Result<()>,
) -> Result<()> {
    let supported = migrations.last().map_or(0, |m| m.version);
    let found: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if found > supported {
        return Err(Error::NewerLibrary { found, supported });
    }
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY,
             name       TEXT NOT NULL,
             checksum   TEXT NOT NULL,
             applied_at TEXT NOT NULL
         ) STRICT;",
    )?;
    let newest_applied: Option<i64> =
        conn.query_row("SELECT max(version) FROM schema_migrations", [], |row| {
            row.get(0)
        })?;
    if let Some(newest) = newest_applied.filter(|&v| v > supported) {
        return Err(Error::NewerLibrary {
            found: newest,
            supported,
        });
    }
    // A migration may rebuild a table other tables refer to, which SQLite
    // allows only with foreign keys off (its own procedure for changing a
    // table); each migration's result is checked before it commits instead.
    let foreign_keys: bool = conn.query_row("PRAGMA foreign_keys", [], |row| row.get(0))?;
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let applied = apply_each(conn, migrations, data_step);
    if foreign_keys {
        conn.pragma_update(None, "foreign_keys", "ON")?;
    }
    applied
}

fn apply_each(
    conn: &mut Connection,
    migrations: &[Migration],
    data_step: impl Fn(&Connection, i64) -> Result<()>,
) -> Result<()> {
    for migration in migrations {
        // Immediate: a second process opening the same fresh library waits
        // here, then sees the migration as applied.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let applied: Option<String> = tx
            .query_row(
                "SELECT checksum FROM schema_migrations WHERE version = ?1",
                [migration.version],
                |row| row.get(0),
            )
            .optional()?;
        match applied {
            Some(checksum) if checksum == migration.checksum => {}
            Some(checksum) => {
                return Err(Error::MigrationChanged {
                    version: migration.version,
                    name: migration.name.clone(),
                    applied: checksum,
                    embedded: migration.checksum.clone(),
                })
            }
            None => {
                let failed = |cause| Error::MigrationFailed {
                    version: migration.version,
                    name: migration.name.clone(),
                    cause,
                };
                // A reference already broken before is `doctor`'s to
                // report; it must not stop the library from opening.
                let broken_before = dangling_references(&tx).map_err(failed)?;
                tx.execute_batch(&migration.sql).map_err(failed)?;
                data_step(&tx, migration.version)?;
                let dangling = dangling_references(&tx)
                    .map_err(failed)?
                    .into_iter()
                    .find(|reference| !broken_before.contains(reference));
                if let Some((table, rowid, parent)) = dangling {
                    return Err(failed(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
                        Some(format!(
                            "a row ({}) of {table} refers to a row of {parent} that is not there",
                            rowid.map_or("without a rowid".to_owned(), |id| format!("rowid {id}"))
                        )),
                    )));
                }
                tx.execute(
                    "INSERT INTO schema_migrations (version, name, checksum, applied_at)
                     VALUES (?1, ?2, ?3, ?4)",
                    (
                        migration.version,
                        &migration.name,
                        &migration.checksum,
                        time_stamp::now(),
                    ),
                )?;
                tx.pragma_update(None, "user_version", migration.version)?;
            }
        }
        tx.commit()?;
    }
    Ok(())
}

/// Every row whose foreign key names a row that is not there: (table,
/// rowid, parent table).
fn dangling_references(
    conn: &Connection,
) -> rusqlite::Result<std::collections::HashSet<(String, Option<i64>, String)>> {
    conn.prepare("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_migrations_are_numbered_from_one_without_gaps() {
        let migrations = embedded().unwrap();
        assert!(!migrations.is_empty());
        for (i, m) in migrations.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1, "{} is out of sequence", m.name);
        }
        assert_eq!(latest_version(), migrations.len() as i64);
    }

    #[test]
    fn file_names_are_checked() {
        assert!(Migration::new("0002_add_things.sql", "SELECT 1;").is_ok());
        for bad in [
            "2_x.sql",
            "0002.sql",
            "0002_.sql",
            "abcd_x.sql",
            "0002_x.txt",
        ] {
            assert!(
                matches!(Migration::new(bad, ""), Err(Error::MigrationName { .. })),
                "{bad} was accepted"
            );
        }
    }

    #[test]
    fn checksum_ignores_line_endings() {
        let unix = Migration::new("0001_a.sql", "CREATE TABLE t (x);\n").unwrap();
        let dos = Migration::new("0001_a.sql", "CREATE TABLE t (x);\r\n").unwrap();
        assert_eq!(unix.checksum, dos.checksum);
    }

    fn fixture() -> Vec<Migration> {
        vec![
            Migration::new("0001_first.sql", "CREATE TABLE a (x INTEGER);").unwrap(),
            Migration::new("0002_second.sql", "CREATE TABLE b (y INTEGER);").unwrap(),
        ]
    }

    #[test]
    fn applies_in_order_and_reapplying_is_a_no_op() {
        let mut conn = Connection::open_in_memory().unwrap();
        apply(&mut conn, &fixture()[..1]).unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, 1);

        apply(&mut conn, &fixture()).unwrap();
        apply(&mut conn, &fixture()).unwrap();
        let rows: Vec<(i64, String)> = conn
            .prepare("SELECT version, name FROM schema_migrations ORDER BY version")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(rows, vec![(1, "first".into()), (2, "second".into())]);
        conn.execute("INSERT INTO b (y) VALUES (1)", []).unwrap();
    }

    #[test]
    fn a_changed_migration_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        apply(&mut conn, &fixture()).unwrap();
        let mut edited = fixture();
        edited[0] = Migration::new("0001_first.sql", "CREATE TABLE a (x TEXT);").unwrap();
        let err = apply(&mut conn, &edited).unwrap_err();
        assert!(
            matches!(err, Error::MigrationChanged { version: 1, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("was changed after it was applied"));
    }

    #[test]
    fn a_newer_library_is_refused_before_anything_is_written() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        let err = apply(&mut conn, &fixture()).unwrap_err();
        assert!(matches!(
            err,
            Error::NewerLibrary {
                found: 99,
                supported: 2
            }
        ));
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
            .unwrap();
        assert_eq!(tables, 0);
    }

    #[test]
    fn a_failing_migration_leaves_nothing_behind() {
        let mut conn = Connection::open_in_memory().unwrap();
        let broken = vec![
            Migration::new("0001_first.sql", "CREATE TABLE a (x INTEGER);").unwrap(),
            Migration::new("0002_broken.sql", "CREATE TABLE c (z); SELEC oops;").unwrap(),
        ];
        let err = apply(&mut conn, &broken).unwrap_err();
        assert!(matches!(err, Error::MigrationFailed { version: 2, .. }));
        let c_exists: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name = 'c'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(c_exists, 0);
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, 1);
    }
}
