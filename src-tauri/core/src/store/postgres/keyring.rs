//! Team library passwords in the system keyring: the Secret Service over
//! D-Bus on Linux (GNOME Keyring, KWallet), the Keychain on macOS, the
//! Credential Manager on Windows. One entry per role on a database, under
//! the service `wiredesk` and the account `user@host:port/database`, so
//! every address that reaches the same role on the same database (written
//! with or without its port, through a service file) finds the same entry.
//!
//! The keyring is the last of the places a password comes from, after the
//! address's service file, `PGPASSWORD` and the password file; and it is
//! asked only when the server wants a password that none of them gave
//! (`connect_with` in `mod.rs`), so a desk that needs none, or keeps its
//! password in `~/.pgpass`, never waits on the keyring.

use postgres::config::Host;

use super::PgFailure;
use crate::error::{Error, Result};

/// The keyring's service name for every Wiredesk entry.
const SERVICE: &str = "wiredesk";

/// The keyring account of the role and database `config` connects to:
/// `user@host:port/database`, with libpq's defaults for what it leaves out
/// (port 5432, the database named as the user).
pub(super) fn account(config: &postgres::Config) -> String {
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(host)) => host.clone(),
        #[cfg(unix)]
        Some(Host::Unix(path)) => path.display().to_string(),
        None => "localhost".to_owned(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let user = config.get_user().unwrap_or_default();
    let database = config.get_dbname().unwrap_or(user);
    format!("{user}@{host}:{port}/{database}")
}

fn entry(account: &str) -> std::result::Result<keyring::Entry, keyring::Error> {
    keyring::Entry::new(SERVICE, account)
}

fn keyring_failure(account: &str, err: &keyring::Error) -> Error {
    Error::TeamLibrary {
        location: account.to_owned(),
        message: format!("cannot use the system keyring: {err}"),
        failure: PgFailure::Refused,
    }
}

/// The password saved for `account`: `None` when the keyring has none, an
/// error (in words) when the keyring cannot be read (no Secret Service on
/// this desktop, a locked collection the user would not unlock).
pub(super) fn saved_password(account: &str) -> std::result::Result<Option<String>, String> {
    match entry(account).and_then(|entry| entry.get_password()) {
        Ok(password) => Ok(Some(password)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(err) => Err(err.to_string()),
    }
}

/// Saves `password` for `account`, replacing what was saved before.
pub(super) fn save_password(account: &str, password: &str) -> Result<()> {
    entry(account)
        .and_then(|entry| entry.set_password(password))
        .map_err(|err| keyring_failure(account, &err))
}

/// Removes the password saved for `account`; `false` when there was none.
pub(super) fn forget_password(account: &str) -> Result<bool> {
    match entry(account).and_then(|entry| entry.delete_credential()) {
        Ok(()) => Ok(true),
        Err(keyring::Error::NoEntry) => Ok(false),
        Err(err) => Err(keyring_failure(account, &err)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(url: &str) -> postgres::Config {
        url.parse().expect("a plain address parses")
    }

    #[test]
    fn an_account_names_the_role_the_host_the_port_and_the_database() {
        assert_eq!(
            account(&config("postgres://anna@db.example:5433/wire")),
            "anna@db.example:5433/wire"
        );
    }

    #[test]
    fn what_an_address_leaves_out_takes_libpqs_defaults() {
        // No port: 5432; no database: the user's name.
        assert_eq!(
            account(&config("postgres://anna@db.example")),
            "anna@db.example:5432/anna"
        );
        assert_eq!(
            account(&config("postgres://anna@db.example/wire")),
            account(&config("postgres://anna@db.example:5432/wire"))
        );
    }
}
