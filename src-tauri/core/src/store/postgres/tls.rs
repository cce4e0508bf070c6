//! TLS to the team library's server, as libpq's `sslmode` and `sslrootcert`
//! ask for it.
//!
//! The connector is `native-tls` (through `postgres-native-tls`): on each
//! desktop system it is the system's own TLS and trust store — OpenSSL and
//! its certificate folder on Linux, Secure Transport and the keychain on
//! macOS, SChannel and the certificate store on Windows — so a desk's
//! certificate authority installed the way its IT installs any other is
//! trusted with `sslrootcert=system`, and nothing of a TLS stack of its own
//! is built into Wiredesk (rustls would bring its crypto backend and a
//! root store to keep up to date).
//!
//! | `sslmode` | TLS | the server's certificate |
//! | --- | --- | --- |
//! | `disable` | never | — |
//! | `allow` | only if the server insists | as `require` |
//! | `prefer` (the default) | if the server offers it | as `require` |
//! | `require` | always | not checked, unless `sslrootcert` names a file (then as `verify-ca`) |
//! | `verify-ca` | always | signed by an authority of `sslrootcert` |
//! | `verify-full` | always | as `verify-ca`, and naming the host connected to |
//!
//! `sslrootcert` is a file of PEM certificates, or `system` (also what
//! `verify-ca` and `verify-full` use when it is absent) for the system's
//! trusted authorities. A Unix socket never carries TLS, as with libpq.

use std::fmt;
use std::path::PathBuf;

use native_tls::{Certificate, Protocol, TlsConnector};
use postgres::config::{Host, SslMode as WireMode};
use postgres::Client;
use postgres_native_tls::MakeTlsConnector;

/// libpq's `sslmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SslMode {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    pub(super) fn parse(value: &str) -> Result<SslMode, String> {
        Ok(match value {
            "disable" => SslMode::Disable,
            "allow" => SslMode::Allow,
            "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            other => {
                return Err(format!(
                    "sslmode \"{other}\" is not one of disable, allow, prefer, require, verify-ca, verify-full"
                ))
            }
        })
    }

    fn verifies(self) -> bool {
        matches!(self, SslMode::VerifyCa | SslMode::VerifyFull)
    }
}

impl fmt::Display for SslMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SslMode::Disable => "disable",
            SslMode::Allow => "allow",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        })
    }
}

/// Which certificate authorities the server's certificate is checked
/// against.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Roots {
    /// The system's trusted authorities.
    System,
    /// The PEM certificates of a file.
    File(PathBuf),
}

impl fmt::Display for Roots {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Roots::System => f.write_str("the system's trusted certificate authorities"),
            Roots::File(path) => write!(f, "the certificate authorities of {}", path.display()),
        }
    }
}

/// The connectors without a file of authorities made so far in this
/// process, by (the system's authorities checked, the host name checked).
static SHARED_CONNECTORS: std::sync::Mutex<Vec<((bool, bool), MakeTlsConnector)>> =
    std::sync::Mutex::new(Vec::new());

fn shared_connector(key: (bool, bool)) -> Option<MakeTlsConnector> {
    SHARED_CONNECTORS
        .lock()
        .ok()?
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, connector)| connector.clone())
}

/// How one team library connects: the mode and a connector made once (the
/// certificate file read once; without one, shared by the process's
/// stores), used again for every reconnection.
#[derive(Clone)]
pub(crate) struct Tls {
    mode: SslMode,
    /// `None`: the certificate is not checked.
    roots: Option<Roots>,
    connector: MakeTlsConnector,
}

impl Tls {
    /// The TLS settings `sslmode` and `sslrootcert` ask for.
    pub(super) fn new(mode: SslMode, rootcert: Option<&str>) -> Result<Tls, String> {
        let roots = match (mode, rootcert.filter(|r| !r.is_empty())) {
            (SslMode::Disable, _) => None,
            (SslMode::VerifyFull, Some("system")) => Some(Roots::System),
            (mode, Some("system")) => {
                return Err(format!(
                    "sslrootcert=system checks the server's name, which sslmode={mode} does not: use sslmode=verify-full"
                ))
            }
            (mode, None) if mode.verifies() => Some(Roots::System),
            (_, None) => None,
            // As with libpq, a file of authorities is used whatever the mode.
            (_, Some(file)) => Some(Roots::File(PathBuf::from(file))),
        };
        // A connector without a file of authorities is the same for every
        // store of the process: made once (reading the system's trust store
        // costs tens of milliseconds), shared by every connection after.
        let shared_key = match &roots {
            None => Some((false, false)),
            Some(Roots::System) => Some((true, mode == SslMode::VerifyFull)),
            Some(Roots::File(_)) => None,
        };
        if let Some(connector) = shared_key.and_then(shared_connector) {
            return Ok(Tls {
                mode,
                roots,
                connector,
            });
        }
        let mut builder = TlsConnector::builder();
        builder.min_protocol_version(Some(Protocol::Tlsv12));
        match &roots {
            // libpq's require, prefer and allow: encrypted, not authenticated.
            None => {
                builder.danger_accept_invalid_certs(true);
            }
            Some(roots) => {
                if let Roots::File(path) = roots {
                    builder.disable_built_in_roots(true);
                    for certificate in read_certificates(path)? {
                        builder.add_root_certificate(certificate);
                    }
                }
                if mode != SslMode::VerifyFull {
                    builder.danger_accept_invalid_hostnames(true);
                }
            }
        }
        let connector = MakeTlsConnector::new(
            builder
                .build()
                .map_err(|err| format!("cannot set up TLS: {err}"))?,
        );
        if let Some(key) = shared_key {
            if let Ok(mut shared) = SHARED_CONNECTORS.lock() {
                if !shared.iter().any(|(k, _)| *k == key) {
                    shared.push((key, connector.clone()));
                }
            }
        }
        Ok(Tls {
            mode,
            roots,
            connector,
        })
    }

    /// Connects with `config` (whose own `ssl_mode` is set here).
    pub(super) fn connect(&self, config: &postgres::Config) -> Result<Client, postgres::Error> {
        let mut config = config.clone();
        let over_sockets_only = !config.get_hosts().is_empty()
            && config
                .get_hosts()
                .iter()
                .all(|host| !matches!(host, Host::Tcp(_)));
        let wire = match self.mode {
            _ if over_sockets_only => WireMode::Disable,
            SslMode::Disable | SslMode::Allow => WireMode::Disable,
            SslMode::Prefer => WireMode::Prefer,
            SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => WireMode::Require,
        };
        config.ssl_mode(wire);
        match config.connect(self.connector.clone()) {
            // `allow`: TLS only when the server refuses a plain connection.
            Err(err) if self.mode == SslMode::Allow && err.as_db_error().is_some() => {
                config.ssl_mode(WireMode::Require);
                config.connect(self.connector.clone())
            }
            done => done,
        }
    }

    /// Sends `token`'s cancel request over this TLS.
    pub(super) fn cancel(&self, token: &postgres::CancelToken) -> Result<(), postgres::Error> {
        token.cancel_query(self.connector.clone())
    }

    /// Why a connection failed, in words, when TLS is the reason.
    pub(super) fn explain(&self, err: &postgres::Error) -> Option<String> {
        let source = std::error::Error::source(err)?;
        if let Some(tls) = source.downcast_ref::<native_tls::Error>() {
            let detail = tls.to_string();
            return Some(match &self.roots {
                Some(roots) if detail.contains("certificate verify failed") => format!(
                    "the server's certificate does not verify against {roots} (sslmode={}): {}",
                    self.mode,
                    verify_reason(&detail)
                ),
                _ => format!("the TLS handshake failed (sslmode={}): {detail}", self.mode),
            });
        }
        (source.to_string() == "server does not support TLS").then(|| {
            format!(
                "the server does not accept TLS connections, and sslmode={} asks for TLS",
                self.mode
            )
        })
    }
}

/// OpenSSL's reason in its long message (`error:0A000086:…:certificate
/// verify failed:…: (hostname mismatch)` → `hostname mismatch`).
fn verify_reason(detail: &str) -> &str {
    detail
        .strip_suffix(')')
        .and_then(|rest| rest.rsplit_once(" (").map(|(_, reason)| reason))
        .filter(|reason| !reason.is_empty())
        .unwrap_or(detail)
}

/// The certificates of a PEM file, at least one.
fn read_certificates(path: &PathBuf) -> Result<Vec<Certificate>, String> {
    let bytes = std::fs::read(path)
        .map_err(|err| format!("cannot read sslrootcert {}: {err}", path.display()))?;
    let certificates = Certificate::stack_from_pem(&bytes).map_err(|err| {
        format!(
            "sslrootcert {} is not a PEM file of certificates: {err}",
            path.display()
        )
    })?;
    if certificates.is_empty() {
        return Err(format!(
            "sslrootcert {} holds no PEM certificate",
            path.display()
        ));
    }
    Ok(certificates)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openssl_s_reason_is_kept_from_its_message() {
        assert_eq!(
            verify_reason("error:0A000086:SSL routines:tls_post_process_server_certificate:certificate verify failed:../ssl/statem/statem_clnt.c:1889: (hostname mismatch)"),
            "hostname mismatch"
        );
        assert_eq!(
            verify_reason("certificate verify failed"),
            "certificate verify failed"
        );
    }

    #[test]
    fn the_modes_are_libpq_s() {
        for mode in [
            "disable",
            "allow",
            "prefer",
            "require",
            "verify-ca",
            "verify-full",
        ] {
            assert_eq!(SslMode::parse(mode).unwrap().to_string(), mode);
        }
        let err = SslMode::parse("on").unwrap_err();
        assert!(err.contains("verify-full"), "{err}");
    }

    #[test]
    fn a_connector_without_a_file_of_authorities_is_made_once_per_process() {
        // Not checked, and checked against the system's authorities with
        // the host name: each made the first time, then shared.
        Tls::new(SslMode::Prefer, None).expect("prefer");
        Tls::new(SslMode::VerifyFull, None).expect("verify-full");
        assert!(shared_connector((false, false)).is_some());
        assert!(shared_connector((true, true)).is_some());
        let before = SHARED_CONNECTORS.lock().map(|s| s.len()).unwrap_or(0);
        for mode in [SslMode::Disable, SslMode::Allow, SslMode::Require] {
            Tls::new(mode, None).expect("a mode that checks nothing");
        }
        Tls::new(SslMode::VerifyFull, Some("system")).expect("verify-full, system");
        let after = SHARED_CONNECTORS.lock().map(|s| s.len()).unwrap_or(0);
        assert_eq!(after, before, "no connector made again");
        // A file of authorities is read for each store: it may have changed.
        let dir = tempfile::tempdir().expect("temporary folder");
        let missing = dir.path().join("none.pem");
        assert!(Tls::new(SslMode::VerifyCa, missing.to_str()).is_err());
    }

    #[test]
    fn what_is_checked_follows_the_mode_and_the_root_file() {
        let roots = |mode: &str, rootcert: Option<&str>| {
            Tls::new(SslMode::parse(mode).unwrap(), rootcert).map(|tls| tls.roots)
        };
        assert_eq!(roots("require", None).unwrap(), None);
        assert_eq!(roots("prefer", None).unwrap(), None);
        assert_eq!(roots("verify-ca", None).unwrap(), Some(Roots::System));
        assert_eq!(
            roots("verify-full", Some("system")).unwrap(),
            Some(Roots::System)
        );
        let err = roots("require", Some("system")).unwrap_err();
        assert!(err.contains("verify-full"), "{err}");
        let err = roots("verify-full", Some("/no/such/ca.pem")).unwrap_err();
        assert!(
            err.contains("cannot read sslrootcert /no/such/ca.pem"),
            "{err}"
        );
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "not a certificate\n").unwrap();
        let err = roots("verify-ca", empty.to_str()).unwrap_err();
        assert!(err.contains("empty.pem"), "{err}");
    }
}

#[cfg(test)]
mod on_a_server {
    //! On the test server (`WIREDESK_TEST_PG`), skipped without one: the
    //! plain test server for what a server without TLS does, and a cluster
    //! of these tests' own with TLS on (`.ci/postgres start-tls`), its
    //! certificate made here with the `openssl` command from a made-up CA.

    use std::path::{Path, PathBuf};
    use std::process::Command;

    use super::super::{service, PgStore};
    use crate::store::open_client;

    const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../.ci/postgres");
    const SSL_IN_USE: &str = "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()";

    fn with_query(url: &str, query: &str) -> String {
        let joint = if url.contains('?') { '&' } else { '?' };
        format!("{url}{joint}{query}")
    }

    /// Whether the connection to `url` is encrypted, or why none was made.
    fn ssl_in_use(url: &str) -> Result<bool, String> {
        let mut client = open_client(url).map_err(|err| err.to_string())?;
        Ok(client.query_one(SSL_IN_USE, &[]).unwrap().get(0))
    }

    fn openssl(dir: &Path, args: &[&str]) {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("the openssl command (Debian package openssl; .ci/setup installs it)");
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// A made-up CA (`ca.pem`), a server certificate it signed for
    /// 127.0.0.1 (`server.pem`, `server.key`), and a CA that signed nothing
    /// (`other-ca.pem`).
    fn certificates(dir: &Path) {
        let key = [
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
        ];
        for (name, subject) in [
            ("ca", "/CN=Wiredesk test CA"),
            ("other-ca", "/CN=Another CA"),
        ] {
            let (keyout, out) = (format!("{name}.key"), format!("{name}.pem"));
            let mut args = vec!["req", "-x509"];
            args.extend(key);
            args.extend([
                "-keyout",
                &keyout,
                "-out",
                &out,
                "-days",
                "2",
                "-subj",
                subject,
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ]);
            openssl(dir, &args);
        }
        let mut args = vec!["req"];
        args.extend(key);
        args.extend([
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=127.0.0.1",
        ]);
        openssl(dir, &args);
        std::fs::write(
            dir.join("server.ext"),
            "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
        )
        .unwrap();
        openssl(
            dir,
            &[
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "server.pem",
                "-days",
                "2",
                "-extfile",
                "server.ext",
            ],
        );
    }

    /// A cluster with TLS on, stopped and removed when dropped.
    struct TlsCluster {
        dir: PathBuf,
        url: String,
    }

    impl TlsCluster {
        fn start(certificates: &Path) -> TlsCluster {
            // Beside the system's temporary files, where the server's user
            // (postgres, when the tests run as root) can reach it.
            let dir = std::env::temp_dir().join(format!(
                "wiredesk-test-pg-tls-{}-{}",
                std::process::id(),
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.subsec_nanos())
                    .unwrap_or(0)
            ));
            let out = Command::new("bash")
                .arg(SCRIPT)
                .arg("start-tls")
                .arg(&dir)
                .arg(certificates.join("server.pem"))
                .arg(certificates.join("server.key"))
                .output()
                .expect("bash .ci/postgres");
            let cluster = TlsCluster {
                dir,
                url: String::from_utf8_lossy(&out.stdout).trim().to_owned(),
            };
            assert!(
                out.status.success() && cluster.url.starts_with("postgres://"),
                "a cluster with TLS did not start: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            cluster
        }
    }

    impl Drop for TlsCluster {
        fn drop(&mut self) {
            let _ = Command::new("bash")
                .arg(SCRIPT)
                .arg("stop")
                .arg(&self.dir)
                .output();
        }
    }

    #[test]
    fn a_server_without_tls_is_reached_without_it_and_refused_when_tls_is_required() {
        let Some(server) = crate::team_test::server() else {
            return;
        };
        assert_eq!(
            ssl_in_use(&with_query(&server, "sslmode=disable")),
            Ok(false)
        );
        // libpq's default, prefer: plain when the server offers no TLS.
        assert_eq!(ssl_in_use(&server), Ok(false));
        assert_eq!(ssl_in_use(&with_query(&server, "sslmode=allow")), Ok(false));
        for mode in ["require", "verify-full"] {
            let url = with_query(&server, &format!("sslmode={mode}"));
            let err = ssl_in_use(&url).expect_err("TLS required");
            assert!(
                err.starts_with(&format!("team library {url}: cannot connect: the server does not accept TLS connections, and sslmode={mode} asks for TLS")),
                "{err}"
            );
        }
    }

    #[test]
    fn a_server_with_tls_is_reached_as_sslmode_and_sslrootcert_ask() {
        if crate::team_test::server().is_none() {
            return;
        }
        let certificates = tempfile::tempdir().unwrap();
        self::certificates(certificates.path());
        let cluster = TlsCluster::start(certificates.path());
        let ca = certificates.path().join("ca.pem");
        let other_ca = certificates.path().join("other-ca.pem");
        let url = |query: String| with_query(&cluster.url, &query);

        // Encrypted, the certificate not checked.
        assert_eq!(ssl_in_use(&url("sslmode=require".into())), Ok(true));
        assert_eq!(
            ssl_in_use(&cluster.url),
            Ok(true),
            "prefer takes TLS when offered"
        );
        assert_eq!(ssl_in_use(&url("sslmode=disable".into())), Ok(false));
        // allow: plain first, TLS only when the server refuses plain.
        assert_eq!(ssl_in_use(&url("sslmode=allow".into())), Ok(false));

        // Checked against the desk's CA.
        let right = url(format!("sslmode=verify-full&sslrootcert={}", ca.display()));
        assert_eq!(ssl_in_use(&right), Ok(true));
        // The certificate names 127.0.0.1, not localhost: verify-ca does
        // not look at the name, verify-full does.
        let by_name = |mode: &str| {
            with_query(
                &cluster.url.replace("127.0.0.1", "localhost"),
                &format!("sslmode={mode}&sslrootcert={}", ca.display()),
            )
        };
        assert_eq!(ssl_in_use(&by_name("verify-ca")), Ok(true));
        let err = ssl_in_use(&by_name("verify-full")).expect_err("a name the certificate lacks");
        assert!(
            err.contains("does not verify") || err.contains("TLS handshake failed"),
            "{err}"
        );

        // Another CA's, or the system's, trust: refused, and said so.
        let wrong = url(format!(
            "sslmode=verify-full&sslrootcert={}",
            other_ca.display()
        ));
        let err = ssl_in_use(&wrong).expect_err("a CA that signed nothing");
        assert!(
            err.starts_with(&format!(
                "team library {wrong}: cannot connect: the server's certificate does not verify against the certificate authorities of {} (sslmode=verify-full)",
                other_ca.display()
            )),
            "{err}"
        );
        let err = ssl_in_use(&url("sslmode=verify-full".into())).expect_err("not a system CA");
        assert!(
            err.contains("does not verify against the system's trusted certificate authorities"),
            "{err}"
        );
        // A file of authorities is used under require too, as with libpq.
        let err = ssl_in_use(&url(format!(
            "sslmode=require&sslrootcert={}",
            other_ca.display()
        )))
        .expect_err("require with a root file checks the chain");
        assert!(err.contains("does not verify"), "{err}");

        // The same from a service file.
        let file = certificates.path().join("pg_service.conf");
        std::fs::write(
            &file,
            service::tests::server_service(
                &cluster.url,
                &format!("sslmode=verify-full\nsslrootcert={}\n", ca.display()),
            ),
        )
        .unwrap();
        service::use_files_in_this_thread(vec![file]);
        assert_eq!(ssl_in_use("postgres:///?service=wiredesk-test"), Ok(true));

        // A team library over verify-full, and its connection made again
        // the same way after the server dropped it.
        let database = crate::team_test::fresh_database(&right);
        let store = PgStore::init(&database).expect("a team library over TLS");
        let ssl = |store: &PgStore| -> bool {
            store
                .read(|pg| Ok(pg.query_one(SSL_IN_USE, &[])?.get(0)))
                .unwrap()
        };
        assert!(ssl(&store));
        let mut admin = open_client(&right).unwrap();
        let database_name = database
            .split('?')
            .next()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap();
        admin
            .execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                 WHERE datname = $1 AND pid <> pg_backend_pid()",
                &[&database_name],
            )
            .unwrap();
        assert!(ssl(&store), "reconnected over TLS");
        drop(store);

        // A server that takes TLS connections only (hostssl): allow turns
        // to TLS, disable is refused by the server.
        std::fs::write(
            cluster.dir.join("data/pg_hba.conf"),
            "local all all trust\nhostssl all all 127.0.0.1/32 trust\n",
        )
        .unwrap();
        admin.execute("SELECT pg_reload_conf()", &[]).unwrap();
        // The server reloads its rules a moment after being asked to.
        let plain = url("sslmode=disable".into());
        let mut refused = ssl_in_use(&plain);
        for _ in 0..50 {
            if refused.is_err() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
            refused = ssl_in_use(&plain);
        }
        let err = refused.expect_err("hostssl only");
        assert!(err.contains("no encryption"), "{err}");
        assert_eq!(ssl_in_use(&url("sslmode=allow".into())), Ok(true));
        drop(admin);
        drop(cluster);
    }
}
