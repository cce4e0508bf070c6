//! Connection service files, read as libpq reads them: an address that says
//! `service=NAME` (or none, with `PGSERVICE` set) takes the settings of the
//! section `[NAME]` of the first file that has one, of
//! `PGSERVICEFILE` (else `~/.pg_service.conf`), then `pg_service.conf` in
//! `PGSYSCONFDIR` (else `/etc/postgresql-common`, as Debian's libpq looks).
//! Each section is `key=value` lines (`host`, `port`, `dbname`, `user`,
//! `password`, `sslmode`, `sslrootcert`, …); `#` starts a comment line.
//! What the address itself gives wins over the service's settings, and a
//! password from a service file is used as one from `~/.pgpass` is, never
//! shown.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Where libpq installs look for the system-wide file when
/// `PGSYSCONFDIR` is not set (Debian's and Ubuntu's `libpq`).
const SYSTEM_CONFIG_DIR: &str = "/etc/postgresql-common";

/// The settings of service `name`, `key=value` pairs in the file's order,
/// from the files the environment names.
pub(super) fn lookup(name: &str) -> Result<Vec<(String, String)>, String> {
    #[cfg(test)]
    if let Some(files) = TEST_FILES.with(|files| files.borrow().clone()) {
        return lookup_in(name, &files);
    }
    let home = directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_owned());
    lookup_in(name, &service_files(|var| std::env::var_os(var), home))
}

#[cfg(test)]
thread_local! {
    /// The service files a test looks in instead of the environment's
    /// (tests run side by side: the environment is shared, a thread is not).
    static TEST_FILES: std::cell::RefCell<Option<Vec<PathBuf>>> = const { std::cell::RefCell::new(None) };
}

/// Makes this test's thread read services from `files` only.
#[cfg(test)]
pub(super) fn use_files_in_this_thread(files: Vec<PathBuf>) {
    TEST_FILES.with(|cell| *cell.borrow_mut() = Some(files));
}

/// The service files to look in, in order: the user's, then the system's.
fn service_files(env: impl Fn(&str) -> Option<OsString>, home: Option<PathBuf>) -> Vec<PathBuf> {
    let set = |var: &str| {
        env(var)
            .filter(|value| !value.is_empty())
            .map(PathBuf::from)
    };
    let mut files = Vec::new();
    if let Some(file) = set("PGSERVICEFILE").or_else(|| home.map(|h| h.join(".pg_service.conf"))) {
        files.push(file);
    }
    let system = set("PGSYSCONFDIR").unwrap_or_else(|| PathBuf::from(SYSTEM_CONFIG_DIR));
    files.push(system.join("pg_service.conf"));
    files
}

/// Looks `name` up in `files`, the first file with its section winning.
fn lookup_in(name: &str, files: &[PathBuf]) -> Result<Vec<(String, String)>, String> {
    if name.is_empty() {
        return Err("the service name is empty".into());
    }
    for file in files {
        let text = match std::fs::read(file) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => continue,
            Err(err) => {
                return Err(format!(
                    "cannot read the service file {}: {err}",
                    file.display()
                ))
            }
        };
        if let Some(settings) = section(&text, name, file)? {
            return Ok(settings);
        }
    }
    let looked: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    Err(format!(
        "the service \"{name}\" is not defined in any service file (looked in {})",
        looked.join(", ")
    ))
}

/// The `key=value` lines of section `[name]` in a service file's text, if
/// it has one.
fn section(text: &str, name: &str, file: &Path) -> Result<Option<Vec<(String, String)>>, String> {
    let mut found: Option<Vec<(String, String)>> = None;
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(group) = line.strip_prefix('[') {
            if found.is_some() {
                // The section ended: later ones of the same name are not read.
                break;
            }
            if group.strip_suffix(']').map(str::trim) == Some(name) {
                found = Some(Vec::new());
            }
            continue;
        }
        let Some(settings) = found.as_mut() else {
            continue;
        };
        let Some((key, value)) = line.split_once('=') else {
            return Err(format!(
                "syntax error in the service file {}, line {}: not key=value",
                file.display(),
                number + 1
            ));
        };
        let key = key.trim();
        if key == "service" {
            return Err(format!(
                "the service file {}, line {}: a service cannot name another service",
                file.display(),
                number + 1
            ));
        }
        settings.push((key.to_owned(), value.trim().to_owned()));
    }
    Ok(found)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    const DESK: &str = "# the desk's servers\n\
                        [archive]\n\
                        host=old.desk\n\
                        \n\
                        [desk]\n\
                        \x20 host = db.desk\n\
                        port=5433\n\
                        # a comment inside\n\
                        dbname=wire\n\
                        user=anna\n\
                        password=pa=ss\n\
                        sslmode=verify-full\n\
                        sslrootcert=/etc/wiredesk/desk-ca.pem\n\
                        [desk]\n\
                        host=ignored\n";

    #[test]
    fn a_section_is_read_as_libpq_reads_it() {
        let settings = section(DESK, "desk", Path::new("f")).unwrap().unwrap();
        assert_eq!(
            settings,
            pairs(&[
                ("host", "db.desk"),
                ("port", "5433"),
                ("dbname", "wire"),
                ("user", "anna"),
                ("password", "pa=ss"),
                ("sslmode", "verify-full"),
                ("sslrootcert", "/etc/wiredesk/desk-ca.pem"),
            ])
        );
        assert_eq!(
            section(DESK, "archive", Path::new("f")).unwrap(),
            Some(pairs(&[("host", "old.desk")]))
        );
        assert_eq!(section(DESK, "nope", Path::new("f")).unwrap(), None);
    }

    #[test]
    fn a_broken_line_or_a_nested_service_names_the_file_and_line() {
        let err = section("[desk]\nhost\n", "desk", Path::new("/x/svc.conf")).unwrap_err();
        assert!(err.contains("/x/svc.conf, line 2"), "{err}");
        let err = section("[desk]\nservice=other\n", "desk", Path::new("f")).unwrap_err();
        assert!(err.contains("another service"), "{err}");
        // Lines outside the section asked for are not judged.
        assert_eq!(
            section(
                "[other]\nnonsense\n[desk]\nport=1\n",
                "desk",
                Path::new("f")
            )
            .unwrap(),
            Some(pairs(&[("port", "1")]))
        );
    }

    #[test]
    fn the_user_file_comes_before_the_system_file() {
        let dir = tempfile::tempdir().unwrap();
        let user = dir.path().join("user.conf");
        let system = dir.path().join("pg_service.conf");
        std::fs::write(&user, "[desk]\nhost=mine\n").unwrap();
        std::fs::write(&system, "[desk]\nhost=theirs\n[shared]\nhost=all\n").unwrap();
        let files = [dir.path().join("missing.conf"), user, system];
        assert_eq!(
            lookup_in("desk", &files).unwrap(),
            pairs(&[("host", "mine")])
        );
        assert_eq!(
            lookup_in("shared", &files).unwrap(),
            pairs(&[("host", "all")])
        );
        let err = lookup_in("absent", &files).unwrap_err();
        assert!(err.contains("\"absent\""), "{err}");
        for file in &files {
            assert!(err.contains(&file.display().to_string()), "{err}");
        }
    }

    #[test]
    fn the_files_come_from_the_environment_as_for_libpq() {
        let home = Some(PathBuf::from("/home/anna"));
        assert_eq!(
            service_files(|_| None, home.clone()),
            [
                PathBuf::from("/home/anna/.pg_service.conf"),
                PathBuf::from("/etc/postgresql-common/pg_service.conf"),
            ]
        );
        let env = |var: &str| match var {
            "PGSERVICEFILE" => Some(OsString::from("/srv/desk.conf")),
            "PGSYSCONFDIR" => Some(OsString::from("/opt/pg/etc")),
            _ => None,
        };
        assert_eq!(
            service_files(env, home),
            [
                PathBuf::from("/srv/desk.conf"),
                PathBuf::from("/opt/pg/etc/pg_service.conf"),
            ]
        );
    }

    /// The test server's host, port and user, as a service file says them.
    pub(crate) fn server_service(server: &str, extra: &str) -> String {
        let config: postgres::Config = server.parse().expect("the test server's address");
        let host = match config.get_hosts() {
            [postgres::config::Host::Tcp(host)] => host.clone(),
            other => panic!("the test server is not one TCP host: {other:?}"),
        };
        format!(
            "# made up for a test\n[wiredesk-test]\nhost={host}\nport={}\nuser={}\ndbname=postgres\n{extra}",
            config.get_ports().first().copied().unwrap_or(5432),
            config.get_user().unwrap_or("wiredesk"),
        )
    }

    #[test]
    fn a_library_is_opened_through_a_service_file() {
        let Some(server) = crate::team_test::server() else {
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pg_service.conf");
        std::fs::write(
            &file,
            server_service(&server, "password=from-the-service-file\nsslmode=disable\n"),
        )
        .unwrap();
        use_files_in_this_thread(vec![dir.path().join("none.conf"), file.clone()]);

        // The service says everything: host, port, user, database.
        for url in [
            "postgres:///?service=wiredesk-test",
            "postgresql://?service=wiredesk-test",
        ] {
            let mut client = crate::store::open_client(url).expect("connected through the service");
            let row = client
                .query_one("SELECT current_user::text, current_database()::text", &[])
                .unwrap();
            assert_eq!(row.get::<_, String>(1), "postgres", "{url}");
        }
        // The service file's password is used, as ~/.pgpass's would be.
        let target = super::super::address::resolve("postgres:///?service=wiredesk-test")
            .ok()
            .unwrap();
        assert_eq!(
            target.config.get_password(),
            Some(&b"from-the-service-file"[..])
        );

        // The address wins over the service: here its database.
        let fresh = crate::team_test::fresh_database(&server);
        let database = fresh.rsplit('/').next().unwrap().to_owned();
        let url = format!("postgres:///{database}?service=wiredesk-test");
        let store = super::super::PgStore::init(&url).expect("a team library through the service");
        let shown = store.path().display().to_string();
        assert!(!shown.contains("from-the-service-file"), "{shown}");
        let current: String = store
            .read(|pg| Ok(pg.query_one("SELECT current_database()::text", &[])?.get(0)))
            .unwrap();
        assert_eq!(current, database);
        drop(store);

        // A service no file defines is named, with the files looked in.
        let err = super::super::PgStore::open("postgres:///?service=absent")
            .err()
            .expect("no such service")
            .to_string();
        assert!(
            err.contains("team library postgres:///?service=absent"),
            "{err}"
        );
        assert!(err.contains("\"absent\""), "{err}");
        assert!(err.contains(&file.display().to_string()), "{err}");
    }
}
