//! Fresh team libraries for tests: each a new database on the throwaway
//! PostgreSQL server whose address is in `WIREDESK_TEST_PG` (`.ci/test`
//! starts one with `.ci/postgres`). Not part of Wiredesk's interface.

use std::sync::atomic::{AtomicU32, Ordering};

/// The environment variable naming the test server
/// (`postgres://wiredesk@127.0.0.1:PORT/postgres`).
pub const SERVER_ENV: &str = "WIREDESK_TEST_PG";

/// The test server's address, when one is running.
pub fn server() -> Option<String> {
    std::env::var(SERVER_ENV)
        .ok()
        .filter(|url| !url.trim().is_empty())
}

/// Creates an empty database on `server` and returns its address. Names
/// are unique per process and call, so parallel tests never share one.
pub fn fresh_database(server: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "wiredesk_test_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0)
    );
    let mut admin = crate::store::open_client(server)
        .unwrap_or_else(|err| panic!("the test server {server} cannot be reached: {err}"));
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap_or_else(|err| panic!("cannot create a test database on {server}: {err}"));
    with_database(server, &name)
}

/// `server`'s address with its database replaced by `database`.
pub fn with_database(server: &str, database: &str) -> String {
    crate::store::address_with_database(server, database)
}

/// A new, initialised team library for a test.
pub fn fresh_library(server: &str) -> crate::Library {
    let url = fresh_database(server);
    crate::Library::init_team(&url)
        .unwrap_or_else(|err| panic!("cannot create the team library {url}: {err}"))
}

/// Runs `sql` (one or more statements) on `server` as its superuser, for a
/// test's own set-up (roles, grants).
pub fn execute(server: &str, sql: &str) {
    let mut admin = crate::store::open_client(server)
        .unwrap_or_else(|err| panic!("the test server {server} cannot be reached: {err}"));
    admin
        .batch_execute(sql)
        .unwrap_or_else(|err| panic!("on the test server {server}: {sql}: {err}"));
}
