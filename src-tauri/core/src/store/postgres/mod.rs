//! The team library: a Wiredesk library in a PostgreSQL database, the same
//! operations and guarantees as the SQLite [`super::Store`], for a desk of
//! several desktops and CLIs at once.
//!
//! The client is the synchronous `postgres` crate: the core stays
//! synchronous, as it is over rusqlite. Each `PgStore` holds one connection
//! (as each SQLite `Store` does); a process that wants several opens several
//! libraries. The schema is `migrations/postgres/`, numbered like SQLite's.
//!
//! Every statement runs through [`PgStore::read`] or [`PgStore::write`]:
//! * a write is one transaction (or a savepoint inside a group), retried
//!   from the start when PostgreSQL reports a serialization failure or a
//!   deadlock, so concurrent desktops never lose an update and never see a
//!   half-done one;
//! * a dropped connection (the server restarted) is made again once, when
//!   no group is open, and the statement run again; inside a group the
//!   group fails as a whole and nothing of it is stored.
//!
//! Every connection, the first and each one made again, is made as libpq
//! would make it from the same address: its service file (`service.rs`),
//! its keywords (`address.rs`) and its TLS (`tls.rs`); a password the
//! server wants and libpq's places do not hold comes from the system
//! keyring (`keyring.rs`).

mod address;
mod checks;
mod claims;
mod events;
mod exports;
mod health;
mod ingest;
mod keyring;
mod merges;
mod search;
mod service;
mod stories;
mod style;
mod tls;
pub use events::PgFollower;
pub use search::PgSearcher;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use include_dir::{include_dir, Dir};
use postgres::{types::ToSql, Client, Row, Statement};

use crate::error::{Error, Result};
use crate::store::migrate::Migration;
use crate::time_stamp;

static MIGRATIONS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../migrations/postgres");

/// How long a desktop waits to reach the server before saying so.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How many times a write is tried when PostgreSQL asks for a retry
/// (serialization failure, deadlock).
const WRITE_ATTEMPTS: u32 = 8;

/// The advisory lock a schema change holds, so that two desktops opening a
/// library at once do not both migrate it.
const MIGRATION_LOCK: i64 = 0x5769_7265_6465_736b; // "Wiredesk"

/// Whether a library location names a PostgreSQL database
/// (`postgres://…` or `postgresql://…`) rather than a SQLite file.
pub fn is_team_location(location: &Path) -> bool {
    location.to_str().is_some_and(|s| {
        let lower = s.trim_start().to_ascii_lowercase();
        lower.starts_with("postgres://") || lower.starts_with("postgresql://")
    })
}

/// What kind of failure PostgreSQL reported, for [`PgStore::write`]'s
/// retries; not part of any message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PgFailure {
    /// The connection is gone: made again when it is safe to.
    Connection,
    /// Serialization failure or deadlock: the transaction may be tried again.
    Retry,
    /// A constraint, a trigger, a type: the statement is wrong as it is.
    Refused,
}

impl From<postgres::Error> for Error {
    fn from(err: postgres::Error) -> Self {
        let (message, failure) = describe(&err);
        Error::TeamLibrary {
            location: String::new(),
            message,
            failure,
        }
    }
}

/// The server's own message, or why the connection failed, and what kind
/// of failure it is.
fn describe(err: &postgres::Error) -> (String, PgFailure) {
    use postgres::error::SqlState;
    if let Some(db) = err.as_db_error() {
        let code = db.code();
        let failure = if *code == SqlState::T_R_SERIALIZATION_FAILURE
            || *code == SqlState::T_R_DEADLOCK_DETECTED
        {
            PgFailure::Retry
        } else if *code == SqlState::ADMIN_SHUTDOWN
            || *code == SqlState::CRASH_SHUTDOWN
            || *code == SqlState::CANNOT_CONNECT_NOW
        {
            PgFailure::Connection
        } else {
            PgFailure::Refused
        };
        return (db.message().to_owned(), failure);
    }
    let failure = if err.is_closed()
        || std::error::Error::source(err).is_some_and(|s| s.is::<std::io::Error>())
    {
        PgFailure::Connection
    } else {
        PgFailure::Refused
    };
    let message = match std::error::Error::source(err) {
        Some(source) => format!("{err}: {source}"),
        None => err.to_string(),
    };
    (message, failure)
}

/// A connection as the store's closures see it: statements prepared once
/// per connection and kept.
pub(crate) struct Pg<'a> {
    client: &'a mut Client,
    prepared: &'a mut HashMap<String, Statement>,
}

type Params<'p> = [&'p (dyn ToSql + Sync)];

impl Pg<'_> {
    fn statement(&mut self, sql: &str) -> Result<Statement> {
        if let Some(statement) = self.prepared.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(sql)?;
        self.prepared.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }

    pub fn query(&mut self, sql: &str, params: &Params<'_>) -> Result<Vec<Row>> {
        let statement = self.statement(sql)?;
        Ok(self.client.query(&statement, params)?)
    }

    pub fn query_opt(&mut self, sql: &str, params: &Params<'_>) -> Result<Option<Row>> {
        let statement = self.statement(sql)?;
        Ok(self.client.query_opt(&statement, params)?)
    }

    pub fn query_one(&mut self, sql: &str, params: &Params<'_>) -> Result<Row> {
        let statement = self.statement(sql)?;
        Ok(self.client.query_one(&statement, params)?)
    }

    pub fn execute(&mut self, sql: &str, params: &Params<'_>) -> Result<u64> {
        let statement = self.statement(sql)?;
        Ok(self.client.execute(&statement, params)?)
    }

    /// Statements without parameters, run as they are (not prepared).
    pub fn batch(&mut self, sql: &str) -> Result<()> {
        Ok(self.client.batch_execute(sql)?)
    }

    /// The client itself, for what the helpers above do not cover (COPY).
    pub fn client(&mut self) -> &mut Client {
        self.client
    }
}

/// Stops the statement running on a store's connection (see
/// [`PgStore::canceller`]), over the same TLS as the connection.
#[derive(Clone)]
pub(crate) struct Canceller {
    token: postgres::CancelToken,
    tls: tls::Tls,
}

impl Canceller {
    /// Sends the cancel request; one that finds nothing running is lost.
    pub(crate) fn cancel(&self) {
        let _ = self.tls.cancel(&self.token);
    }
}

/// A library in a PostgreSQL database.
pub struct PgStore {
    client: RefCell<Client>,
    prepared: RefCell<HashMap<String, Statement>>,
    config: postgres::Config,
    /// The TLS the address asks for: every connection, the first and each
    /// one made again, goes through it.
    tls: tls::Tls,
    /// The address as given (it may hold a password): to open the library
    /// again on another connection, never to be shown.
    url: String,
    /// The location as it may be shown: the URL without its password.
    location: String,
    shown: PathBuf,
    /// Inside [`PgStore::begin_group`]: writes are savepoints of the group's
    /// transaction, and a lost connection fails the group.
    in_group: Cell<bool>,
}

impl PgStore {
    /// Opens the team library at `url`, bringing its schema up to date.
    /// A database without Wiredesk's tables is refused: `library init`
    /// creates them ([`PgStore::init`]).
    pub fn open(url: &str) -> Result<PgStore> {
        let store = PgStore::connect(url)?;
        if !store.has_schema()? {
            return Err(Error::TeamLibraryNotInitialised {
                location: store.location.clone(),
            });
        }
        // Up to date (the usual case): nothing to lock or to apply.
        let latest = embedded()?.last().map_or(0, |m| m.version);
        if store.schema_version()? != latest {
            store.migrate()?;
        }
        Ok(store)
    }

    /// Creates Wiredesk's tables in the database at `url` (or brings them up
    /// to date): `wiredesk library init`. Run by the database's owner role.
    pub fn init(url: &str) -> Result<PgStore> {
        let store = PgStore::connect(url)?;
        store.migrate()?;
        Ok(store)
    }

    fn connect(url: &str) -> Result<PgStore> {
        let location = shown_location(url);
        let (config, tls) = resolve(url, &location)?;
        let client = connect_with(&config, &tls, &location)?;
        Ok(PgStore {
            client: RefCell::new(client),
            prepared: RefCell::new(HashMap::new()),
            config,
            tls,
            url: url.trim().to_owned(),
            shown: PathBuf::from(&location),
            location,
            in_group: Cell::new(false),
        })
    }

    pub fn path(&self) -> &Path {
        &self.shown
    }

    /// The address that opens this library again (it may hold a
    /// password): for another connection of the same process, never shown.
    pub fn reopen_address(&self) -> &str {
        &self.url
    }

    /// Names the library in an error that came from PostgreSQL.
    fn located(&self, err: Error) -> Error {
        located(&self.location, err)
    }

    /// Makes the connection again after it was lost.
    fn reconnect(&self) -> Result<()> {
        let client = connect_with(&self.config, &self.tls, &self.location)?;
        *self.client.borrow_mut() = client;
        self.prepared.borrow_mut().clear();
        Ok(())
    }

    /// Runs `f` on the connection: reads, and writes that are one
    /// statement. A lost connection is made again once (outside a group)
    /// and `f` run again.
    pub(crate) fn read<T>(&self, mut f: impl FnMut(&mut Pg<'_>) -> Result<T>) -> Result<T> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let done = {
                let mut client = self.client.borrow_mut();
                let mut prepared = self.prepared.borrow_mut();
                f(&mut Pg {
                    client: &mut client,
                    prepared: &mut prepared,
                })
            };
            match done {
                Err(err) if attempt == 1 && self.lost_connection(&err) => self.reconnect()?,
                done => return done.map_err(|err| self.located(err)),
            }
        }
    }

    /// Runs `f` as one transaction: committed when it returns `Ok`, rolled
    /// back otherwise; tried again from the start on a serialization
    /// failure or a deadlock, and after a lost connection. Inside a group,
    /// `f` is a savepoint of the group's transaction instead, and is not
    /// retried (the group is).
    pub(crate) fn write<T>(&self, mut f: impl FnMut(&mut Pg<'_>) -> Result<T>) -> Result<T> {
        if self.in_group.get() {
            return self
                .read(|pg| {
                    pg.batch("SAVEPOINT wiredesk_write")?;
                    match f(pg) {
                        Ok(value) => {
                            pg.batch("RELEASE SAVEPOINT wiredesk_write")?;
                            Ok(value)
                        }
                        Err(err) => {
                            let _ = pg.batch(
                                "ROLLBACK TO SAVEPOINT wiredesk_write; RELEASE SAVEPOINT wiredesk_write",
                            );
                            Err(err)
                        }
                    }
                })
                .map_err(|err| self.located(err));
        }
        let mut attempt = 0;
        loop {
            attempt += 1;
            let done = {
                let mut client = self.client.borrow_mut();
                let mut prepared = self.prepared.borrow_mut();
                let mut pg = Pg {
                    client: &mut client,
                    prepared: &mut prepared,
                };
                pg.batch("BEGIN").and_then(|()| match f(&mut pg) {
                    Ok(value) => pg.batch("COMMIT").map(|()| value),
                    Err(err) => {
                        let _ = pg.batch("ROLLBACK");
                        Err(err)
                    }
                })
            };
            match done {
                Err(err)
                    if attempt < WRITE_ATTEMPTS && failure_of(&err) == Some(PgFailure::Retry) =>
                {
                    std::thread::sleep(Duration::from_millis(5 << attempt.min(6)));
                }
                Err(err) if attempt == 1 && self.lost_connection(&err) => self.reconnect()?,
                done => return done.map_err(|err| self.located(err)),
            }
        }
    }

    fn lost_connection(&self, err: &Error) -> bool {
        !self.in_group.get()
            && (failure_of(err) == Some(PgFailure::Connection) || self.client.borrow().is_closed())
    }

    /// Opens a transaction that the following writes join, until
    /// [`PgStore::commit_group`] or [`PgStore::rollback_group`].
    pub fn begin_group(&mut self) -> Result<()> {
        if self.client.borrow().is_closed() {
            self.reconnect()?;
        }
        self.read(|pg| pg.batch("BEGIN"))?;
        self.in_group.set(true);
        Ok(())
    }

    pub fn commit_group(&mut self) -> Result<()> {
        let done = self.read(|pg| pg.batch("COMMIT"));
        self.in_group.set(false);
        done
    }

    /// Undoes everything since [`PgStore::begin_group`].
    pub fn rollback_group(&mut self) {
        if self.in_group.replace(false) {
            // A connection that is gone has rolled back by itself.
            let _ = self.read(|pg| pg.batch("ROLLBACK"));
        }
    }

    /// Whether the database holds Wiredesk's tables.
    fn has_schema(&self) -> Result<bool> {
        self.read(|pg| {
            Ok(pg
                .query_one("SELECT to_regclass('schema_migrations') IS NOT NULL", &[])?
                .try_get(0)?)
        })
    }

    /// Creates the empty database `name` (letters, digits and `_` only) on
    /// this library's server, returning its address: this library's with
    /// the database replaced. Needs the `CREATEDB` privilege.
    pub fn create_database_beside(&self, name: &str) -> Result<String> {
        plain_name(name)?;
        self.read(|pg| pg.batch(&format!("CREATE DATABASE {name}")))?;
        Ok(address_with_database(&self.url, name))
    }

    /// Drops the database `name` on this library's server, closing what is
    /// connected to it.
    pub fn drop_database(&self, name: &str) -> Result<()> {
        plain_name(name)?;
        self.read(|pg| pg.batch(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
    }

    /// What stops the statement running on this store's connection, from
    /// another thread (PostgreSQL's cancel request, over a connection of
    /// its own).
    pub(crate) fn canceller(&self) -> Canceller {
        Canceller {
            token: self.client.borrow().cancel_token(),
            tls: self.tls.clone(),
        }
    }

    /// How many bytes the library's database takes on the server.
    pub fn stored_bytes(&self) -> Result<u64> {
        self.read(|pg| {
            let bytes: i64 = pg
                .query_one("SELECT pg_database_size(current_database())", &[])?
                .try_get(0)?;
            Ok(bytes.max(0) as u64)
        })
    }

    /// The schema version of the open library: the newest migration applied.
    pub fn schema_version(&self) -> Result<i64> {
        self.read(|pg| {
            Ok(pg
                .query_one(
                    "SELECT coalesce(max(version), 0) FROM schema_migrations",
                    &[],
                )?
                .try_get(0)?)
        })
    }

    /// Applies the migrations this build has and the library lacks, each in
    /// a transaction of its own, under an advisory lock (taken before
    /// anything else: two desktops opening a new library at once would
    /// otherwise race to create the same table).
    fn migrate(&self) -> Result<()> {
        let migrations = embedded()?;
        let supported = migrations.last().map_or(0, |m| m.version);
        self.read(|pg| {
            pg.execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])?;
            let done = pg
                .batch(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (
                         version    BIGINT PRIMARY KEY,
                         name       TEXT NOT NULL,
                         checksum   TEXT NOT NULL,
                         applied_at TEXT NOT NULL
                     )",
                )
                .and_then(|()| apply(pg, &migrations, supported));
            pg.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK])?;
            done
        })
    }
}

fn apply(pg: &mut Pg<'_>, migrations: &[Migration], supported: i64) -> Result<()> {
    let newest: i64 = pg
        .query_one(
            "SELECT coalesce(max(version), 0) FROM schema_migrations",
            &[],
        )?
        .try_get(0)?;
    if newest > supported {
        return Err(Error::NewerLibrary {
            found: newest,
            supported,
        });
    }
    for migration in migrations {
        let applied: Option<String> = pg
            .query_opt(
                "SELECT checksum FROM schema_migrations WHERE version = $1",
                &[&migration.version],
            )?
            .map(|row| row.try_get(0))
            .transpose()?;
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
            // A library created at a later baseline does not run what
            // came before it.
            None if migration.version <= newest => {}
            None => {
                pg.batch("BEGIN")?;
                let done = pg.batch(&migration.sql).and_then(|()| {
                    pg.execute(
                        "INSERT INTO schema_migrations (version, name, checksum, applied_at)
                         VALUES ($1, $2, $3, $4)",
                        &[
                            &migration.version,
                            &migration.name,
                            &migration.checksum,
                            &time_stamp::now(),
                        ],
                    )
                });
                match done {
                    Ok(_) => pg.batch("COMMIT")?,
                    Err(err) => {
                        let _ = pg.batch("ROLLBACK");
                        return Err(match err {
                            Error::TeamLibrary { message, .. } => Error::TeamLibrary {
                                location: String::new(),
                                message: format!(
                                    "migration {} ({}) failed: {message}",
                                    migration.version, migration.name
                                ),
                                failure: PgFailure::Refused,
                            },
                            other => other,
                        });
                    }
                }
            }
        }
    }
    Ok(())
}

/// The team library's migrations built into this binary, in order. The
/// first is the baseline (the schema as SQLite's migrations leave it at the
/// same number); each later one has the next number, as in SQLite's folder.
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

pub(crate) fn failure_of(err: &Error) -> Option<PgFailure> {
    match err {
        Error::TeamLibrary { failure, .. } => Some(*failure),
        _ => None,
    }
}

/// The connection settings and TLS of an address: its own parts, the
/// service file it names, the password from libpq's usual places when
/// neither gives one, and Wiredesk's defaults (a connection timeout, the
/// application name the server shows).
fn resolve(url: &str, location: &str) -> Result<(postgres::Config, tls::Tls)> {
    let address::Target { mut config, tls } =
        address::resolve(url).map_err(|message| Error::TeamLibrary {
            location: location.to_owned(),
            message,
            failure: PgFailure::Refused,
        })?;
    if config.get_password().is_none() {
        if let Some(password) = password_from_environment(&config) {
            config.password(password);
        }
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    if config.get_application_name().is_none() {
        config.application_name("wiredesk");
    }
    Ok((config, tls))
}

fn connect_with(config: &postgres::Config, tls: &tls::Tls, location: &str) -> Result<Client> {
    let failed = |err: postgres::Error| connect_failure(&err, tls, location);
    let mut client = match tls.connect(config) {
        Ok(client) => client,
        // The server wants a password none of libpq's places gave: the
        // system keyring's, if it has one for this role and database.
        Err(err) if config.get_password().is_none() && wants_password(&err) => {
            let account = keyring::account(config);
            let refused = |message: String| Error::TeamLibrary {
                location: location.to_owned(),
                message,
                failure: PgFailure::Refused,
            };
            let password = match keyring::saved_password(&account) {
                Ok(Some(password)) => password,
                Ok(None) => {
                    return Err(refused(format!(
                        "cannot connect: the server wants a password for {account}, and none \
                         is in PGPASSWORD, the password file (PGPASSFILE, ~/.pgpass), a service \
                         file or the system keyring ({SAVE_PASSWORD_HOW})"
                    )))
                }
                Err(keyring_failure) => {
                    return Err(refused(format!(
                        "cannot connect: the server wants a password for {account}, none is in \
                         PGPASSWORD, the password file (PGPASSFILE, ~/.pgpass) or a service \
                         file, and the system keyring could not be read: {keyring_failure}"
                    )))
                }
            };
            let mut with_password = config.clone();
            with_password.password(password);
            match tls.connect(&with_password) {
                Ok(client) => client,
                Err(err) if password_refused(&err) => {
                    return Err(refused(format!(
                        "cannot connect: the server refused the password the system keyring \
                         holds for {account} (changed since it was saved?): save the new one \
                         ({SAVE_PASSWORD_HOW})"
                    )))
                }
                Err(err) => return Err(failed(err)),
            }
        }
        Err(err) => return Err(failed(err)),
    };
    // Every statement the library runs is interactive: compiling one the
    // planner thinks large (a search over a million stories) costs tens of
    // milliseconds and saves none.
    client.batch_execute("SET jit = off").map_err(failed)?;
    Ok(client)
}

/// A connection that could not be made, as the library reports it: why,
/// in words (TLS's reason when TLS failed), and what kind of failure.
fn connect_failure(err: &postgres::Error, tls: &tls::Tls, location: &str) -> Error {
    let (message, failure) = describe(err);
    let message = tls.explain(err).unwrap_or(message);
    Error::TeamLibrary {
        location: location.to_owned(),
        message: format!("cannot connect: {message}"),
        failure,
    }
}

/// Where a desk editor saves a password in the system keyring.
const SAVE_PASSWORD_HOW: &str =
    "Preferences → Library → Password in the app, or `wiredesk library password`, saves one there";

/// Whether the server refused the password given (wrong, or changed).
fn password_refused(err: &postgres::Error) -> bool {
    err.as_db_error()
        .is_some_and(|db| *db.code() == postgres::error::SqlState::INVALID_PASSWORD)
}

/// Whether connecting failed because the server asked for a password and
/// the settings had none (the client's own "password missing").
fn wants_password(err: &postgres::Error) -> bool {
    err.as_db_error().is_none()
        && std::error::Error::source(err).is_some_and(|s| s.to_string() == "password missing")
}

/// Checks `password` against the server at `url` (a connection made with
/// it, as the library's own are) and saves it in the system keyring for
/// that role and database, where later connections find it. Returns the
/// keyring account (`user@host:port/database`). Nothing is saved when the
/// server refuses the password or cannot be reached.
pub fn save_team_password(url: &str, password: &str) -> Result<String> {
    let location = shown_location(url);
    let refused = |message: String| Error::TeamLibrary {
        location: location.clone(),
        message,
        failure: PgFailure::Refused,
    };
    if password.is_empty() {
        return Err(refused("no password given: nothing saved".into()));
    }
    let (mut config, tls) = resolve(url, &location)?;
    let account = keyring::account(&config);
    // Whether the server asks this role for a password at all: one it
    // would never ask for is not saved as if it had been checked.
    let mut without = config.clone();
    without.password(Vec::<u8>::new());
    match tls.connect(&without) {
        Ok(_) => {
            return Err(refused(format!(
                "the server asks {account} for no password: nothing saved"
            )))
        }
        Err(err) if wants_password(&err) || password_refused(&err) => {}
        Err(err) => return Err(connect_failure(&err, &tls, &location)),
    }
    config.password(password);
    match tls.connect(&config) {
        Ok(_) => {}
        Err(err) if password_refused(&err) => {
            return Err(refused(format!(
                "the server refused the password for {account}: nothing saved"
            )))
        }
        Err(err) => return Err(connect_failure(&err, &tls, &location)),
    }
    keyring::save_password(&account, password)?;
    Ok(account)
}

/// Removes the password saved in the system keyring for the role and
/// database `url` reaches; returns its account and whether there was one.
pub fn forget_team_password(url: &str) -> Result<(String, bool)> {
    let location = shown_location(url);
    let (config, _) = resolve(url, &location)?;
    let account = keyring::account(&config);
    let forgotten = keyring::forget_password(&account)?;
    Ok((account, forgotten))
}

/// `address` with its database replaced by `database` (its user, host,
/// port and options kept).
pub fn address_with_database(address: &str, database: &str) -> String {
    let (base, query) = match address.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (address, String::new()),
    };
    let after_scheme = base.find("://").map_or(0, |at| at + 3);
    let base = match base[after_scheme..].find('/') {
        Some(slash) => &base[..after_scheme + slash],
        None => base,
    };
    format!("{base}/{database}{query}")
}

/// `err` naming the team library at `location` (as shown), when it came
/// from PostgreSQL without one.
pub(crate) fn located(location: &str, err: Error) -> Error {
    match err {
        Error::TeamLibrary {
            location: unnamed,
            message,
            failure,
        } if unnamed.is_empty() => Error::TeamLibrary {
            location: location.to_owned(),
            message,
            failure,
        },
        other => other,
    }
}

/// A plain client on the database at `url`, connected as a team library
/// is (service file, TLS, password): for tests and tools that need the
/// server itself rather than a library.
pub(crate) fn open_client(url: &str) -> Result<Client> {
    let location = shown_location(url);
    let (config, tls) = resolve(url, &location)?;
    connect_with(&config, &tls, &location)
}

/// The URL as it may be shown: any password replaced by `***`.
pub fn shown_location(url: &str) -> String {
    let url = url.trim();
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(at) => rest.split_at(at),
        None => (rest, ""),
    };
    let authority = match authority.rsplit_once('@') {
        Some((user_info, host)) => match user_info.split_once(':') {
            Some((user, _password)) => format!("{user}:***@{host}"),
            None => format!("{user_info}@{host}"),
        },
        None => authority.to_owned(),
    };
    let tail = hide_query_password(tail);
    format!("{scheme}://{authority}{tail}")
}

fn hide_query_password(tail: &str) -> String {
    let Some((path, query)) = tail.split_once('?') else {
        return tail.to_owned();
    };
    let query: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
            _ => pair.to_owned(),
        })
        .collect();
    format!("{path}?{}", query.join("&"))
}

/// A password from libpq's usual places when the URL has none:
/// `PGPASSWORD`, else the password file (`PGPASSFILE`, else `~/.pgpass`),
/// whose lines are `host:port:database:user:password` with `*` for any.
fn password_from_environment(config: &postgres::Config) -> Option<Vec<u8>> {
    if let Some(password) = std::env::var_os("PGPASSWORD").filter(|p| !p.is_empty()) {
        return Some(password.to_string_lossy().into_owned().into_bytes());
    }
    let file = std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| directories::BaseDirs::new().map(|dirs| dirs.home_dir().join(".pgpass")))?;
    let text = std::fs::read_to_string(file).ok()?;
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(host)) => host.clone(),
        #[cfg(unix)]
        Some(postgres::config::Host::Unix(_)) | None => "localhost".to_owned(),
        #[cfg(not(unix))]
        None => "localhost".to_owned(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let user = config.get_user().unwrap_or_default().to_owned();
    let database = config.get_dbname().unwrap_or(&user).to_owned();
    password_file_entry(&text, &host, &port, &database, &user).map(String::into_bytes)
}

/// The password of the first line of a password file that matches.
fn password_file_entry(
    text: &str,
    host: &str,
    port: &str,
    database: &str,
    user: &str,
) -> Option<String> {
    text.lines()
        .filter(|line| !line.trim_start().starts_with('#') && !line.trim().is_empty())
        .find_map(|line| {
            let fields = split_password_line(line);
            let [h, p, d, u, password] = <[String; 5]>::try_from(fields).ok()?;
            let matches = |field: &str, value: &str| field == "*" || field == value;
            (matches(&h, host) && matches(&p, port) && matches(&d, database) && matches(&u, user))
                .then_some(password)
        })
}

/// A password file line's fields: `:` separates, `\` escapes.
fn split_password_line(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(next), Some(field)) = (chars.next(), fields.last_mut()) {
                    field.push(next);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => {
                if let Some(field) = fields.last_mut() {
                    field.push(c);
                }
            }
        }
    }
    fields
}

/// An error of the team library's own, not PostgreSQL's.
/// A database name Wiredesk makes up itself: nothing to quote.
fn plain_name(name: &str) -> Result<()> {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(refused(format!("{name:?} is not a plain database name")));
    }
    Ok(())
}

pub(crate) fn refused(message: impl Into<String>) -> Error {
    Error::TeamLibrary {
        location: String::new(),
        message: message.into(),
        failure: PgFailure::Refused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Migration 0018's partial indexes are used only while their
    /// conditions are the ones the inbox's statements ask: a status added to
    /// the open ones, or a kind to the figures, must change both.
    #[test]
    fn the_inbox_indexes_hold_exactly_the_rows_the_inbox_asks_for() {
        let migrations = embedded().expect("the embedded migrations");
        let inbox = migrations
            .iter()
            .find(|m| m.name.contains("inbox_indexes"))
            .expect("migration 0018");
        let sql = inbox.sql.split_whitespace().collect::<Vec<_>>().join(" ");
        let open = format!(
            "WHERE dismissed = 0 AND detached = 0 AND status IN {};",
            crate::domain::ClaimStatus::open_sql_list()
        );
        assert!(sql.contains(&open), "{open} not in {sql}");
        assert!(
            crate::store::open_claim_sql(false).contains(&format!(
                "c.dismissed = 0 AND c.detached = 0 AND c.status IN {}",
                crate::domain::ClaimStatus::open_sql_list()
            )),
            "the inbox's open-claim condition changed: change migration 0018's index with it"
        );
        let figures = format!("WHERE {};", crate::store::claims::FIGURE_CLAIM);
        assert!(sql.contains(&figures), "{figures} not in {sql}");
        let publisher = stories::wire_metadata_text(crate::ingest::PUBLISHER_KEY, "s.id");
        let publisher = publisher.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            publisher.contains("w.kind = 'wire' AND w.metadata LIKE '%\"publisher\"%'")
                && sql.contains("WHERE kind = 'wire' AND metadata LIKE '%\"publisher\"%';"),
            "{publisher} / {sql}"
        );
    }

    #[test]
    fn a_shown_location_never_holds_the_password() {
        assert_eq!(
            shown_location("postgres://anna:s3cret@db.desk:5432/wire"),
            "postgres://anna:***@db.desk:5432/wire"
        );
        assert_eq!(
            shown_location("postgresql://anna@db.desk/wire?password=s3cret&sslmode=disable"),
            "postgresql://anna@db.desk/wire?password=***&sslmode=disable"
        );
        assert_eq!(
            shown_location("postgres://db.desk/wire"),
            "postgres://db.desk/wire"
        );
    }

    #[test]
    fn team_locations_are_told_from_files() {
        assert!(is_team_location(Path::new("postgres://db/wire")));
        assert!(is_team_location(Path::new("PostgreSQL://db/wire")));
        assert!(!is_team_location(Path::new("/home/anna/postgres://x")));
        assert!(!is_team_location(Path::new("library.sqlite")));
    }

    #[test]
    fn the_password_file_is_read_as_libpq_reads_it() {
        let file = "# desk\n\
                    other:5432:*:*:nope\n\
                    db.desk:5432:wire:anna:pa\\:ss\n\
                    *:*:*:*:fallback\n";
        assert_eq!(
            password_file_entry(file, "db.desk", "5432", "wire", "anna").as_deref(),
            Some("pa:ss")
        );
        assert_eq!(
            password_file_entry(file, "db.desk", "5433", "wire", "anna").as_deref(),
            Some("fallback")
        );
        assert_eq!(password_file_entry("a:b:c\n", "a", "b", "c", "d"), None);
    }

    #[test]
    fn the_migrations_start_at_the_sqlite_schema_they_match() {
        let migrations = embedded().expect("embedded migrations");
        let first = migrations.first().expect("a baseline");
        assert_eq!(first.version, 15, "the baseline is SQLite's schema 15");
        for pair in migrations.windows(2) {
            assert_eq!(
                pair[1].version,
                pair[0].version + 1,
                "numbered without gaps"
            );
        }
        assert!(
            migrations.last().map(|m| m.version) <= Some(crate::store::latest_version()),
            "the team library never runs ahead of the SQLite schema"
        );
    }
}
