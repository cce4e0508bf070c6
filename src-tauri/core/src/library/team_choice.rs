//! The team library this computer's app opens at start, when neither `--db`
//! nor `WIREDESK_DB` names one: chosen in Preferences → Library and kept in
//! a small file beside the default library (`team-library`), one address
//! per file. The address never holds a password: libpq's usual places
//! (`PGPASSWORD`, `PGPASSFILE`, `~/.pgpass`, a service file) hold it instead.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::store::{is_team_location, shown_location};

/// The file that holds the chosen team library's address.
fn choice_file() -> Option<PathBuf> {
    crate::default_library_path().and_then(|path| path.parent().map(|dir| dir.join("team-library")))
}

/// The team library chosen in Preferences, if any.
pub fn chosen_team_library() -> Option<String> {
    let text = std::fs::read_to_string(choice_file()?).ok()?;
    let url = text.trim();
    (is_team_location(Path::new(url)) && check_team_address(url).is_ok()).then(|| url.to_owned())
}

/// Makes `url` the library the app opens at start, or with `None` goes
/// back to the library file.
pub fn choose_team_library(url: Option<&str>) -> Result<()> {
    let file = choice_file().ok_or(Error::NoLibraryLocation)?;
    match url {
        Some(url) => {
            check_team_address(url)?;
            if let Some(folder) = file.parent() {
                std::fs::create_dir_all(folder).map_err(|cause| Error::CreateDir {
                    path: folder.to_owned(),
                    cause,
                })?;
            }
            std::fs::write(&file, format!("{}\n", url.trim())).map_err(|source| Error::Write {
                path: file.clone(),
                source,
            })
        }
        None => match std::fs::remove_file(&file) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(Error::Write {
                path: file,
                source: err,
            }),
            _ => Ok(()),
        },
    }
}

/// A team library's address as a desk may keep it: `postgres://…` or
/// `postgresql://…`, one line, and no password in it.
pub fn check_team_address(url: &str) -> Result<()> {
    let url = url.trim();
    if !is_team_location(Path::new(url)) {
        return Err(Error::InvalidInput(format!(
            "“{}” is not a team library address: it starts with postgres:// (for example postgres://anna@db.desk/wire)",
            crate::ingest::controls::one_line(url)
        )));
    }
    if url.chars().any(char::is_control) {
        return Err(Error::InvalidInput(
            "a team library address is one line without control characters".into(),
        ));
    }
    if shown_location(url) != url {
        return Err(Error::InvalidInput(
            "keep the password out of the address: save it in the system keyring (Preferences → Library → Password), or put it in ~/.pgpass (or PGPASSFILE, or PGPASSWORD, or a service file named with ?service=), where Wiredesk finds it as psql does"
                .into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_with_a_password_is_refused() {
        let err = check_team_address("postgres://anna:secret@db/wire").unwrap_err();
        assert!(err.to_string().contains("~/.pgpass"), "{err}");
        let err = check_team_address("postgres://anna@db/wire?password=secret").unwrap_err();
        assert!(
            err.to_string().contains("password out of the address"),
            "{err}"
        );
        assert!(check_team_address("postgres://anna@db.desk:5432/wire").is_ok());
        let err = check_team_address("/home/anna/library.sqlite").unwrap_err();
        assert!(err.to_string().contains("postgres://"), "{err}");
    }
}
