//! A team library's address read as libpq reads a connection URI: its
//! parts (user, password, hosts and ports, database) and query string
//! become libpq's keywords, the service they name (`service=NAME`, else
//! `PGSERVICE`) fills in what the address leaves out, and `sslmode` /
//! `sslrootcert` (else `PGSSLMODE` / `PGSSLROOTCERT`) choose the TLS
//! ([`super::tls`]). What is left is handed to the `postgres` crate's own
//! parser, which refuses keywords it does not know.

use super::service;
use super::tls::{SslMode, Tls};

/// What [`resolve`] makes of an address: the connection settings and how
/// the connection is secured.
pub(super) struct Target {
    pub config: postgres::Config,
    pub tls: Tls,
}

/// libpq keywords in the order given; a later value of a key replaces an
/// earlier one.
#[derive(Debug, Default, PartialEq, Eq)]
struct Keywords(Vec<(String, String)>);

impl Keywords {
    fn set(&mut self, key: &str, value: String) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some(pair) => pair.1 = value,
            None => self.0.push((key.to_owned(), value)),
        }
    }

    fn set_default(&mut self, key: &str, value: String) {
        if self.get(key).is_none() {
            self.0.push((key.to_owned(), value));
        }
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn take(&mut self, key: &str) -> Option<String> {
        let at = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.remove(at).1)
    }
}

/// The connection settings and TLS for `url`; the error is a message for
/// the user (never holding a password).
pub(super) fn resolve(url: &str) -> Result<Target, String> {
    let mut keywords = uri_keywords(url.trim())?;
    let service = keywords
        .take("service")
        .or_else(|| std::env::var("PGSERVICE").ok())
        .filter(|name| !name.is_empty());
    if let Some(name) = service {
        for (key, value) in service::lookup(&name)? {
            keywords.set_default(&key, value);
        }
    }
    for (key, var) in [("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")] {
        if let Some(value) = std::env::var(var).ok().filter(|v| !v.is_empty()) {
            keywords.set_default(key, value);
        }
    }
    let mode = match keywords.take("sslmode") {
        Some(mode) => SslMode::parse(&mode)?,
        None => SslMode::Prefer,
    };
    let rootcert = keywords.take("sslrootcert");
    if let Some((key, _)) = keywords
        .0
        .iter()
        .find(|(key, _)| key.starts_with("ssl") && key != "sslnegotiation")
    {
        return Err(format!(
            "{key} is not supported: a team library's TLS is set with sslmode and sslrootcert"
        ));
    }
    let tls = Tls::new(mode, rootcert.as_deref())?;
    let config = conninfo(&keywords)
        .parse::<postgres::Config>()
        .map_err(|err| format!("not a PostgreSQL address ({err})"))?;
    Ok(Target { config, tls })
}

/// The keywords as a libpq `key='value'` string, for the `postgres`
/// crate's parser.
fn conninfo(keywords: &Keywords) -> String {
    keywords
        .0
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(key, value)| {
            let value = value.replace('\\', "\\\\").replace('\'', "\\'");
            format!("{key}='{value}'")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A `postgres://` or `postgresql://` URI's keywords, as libpq reads one:
/// `postgres://[user[:password]@][host[:port][,…]][/dbname][?key=value&…]`,
/// every part percent-decoded, the query's keywords winning.
fn uri_keywords(url: &str) -> Result<Keywords, String> {
    let lower = url.get(..13).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("postgresql://") {
        &url[13..]
    } else if lower.starts_with("postgres://") {
        &url[11..]
    } else {
        return Err(
            "not a PostgreSQL address (it starts with postgres:// or postgresql://)".into(),
        );
    };
    let (before_query, query) = match rest.split_once('?') {
        Some((before, query)) => (before, Some(query)),
        None => (rest, None),
    };
    let (authority, path) = match before_query.split_once('/') {
        Some((authority, path)) => (authority, Some(path)),
        None => (before_query, None),
    };
    let mut keywords = Keywords::default();
    let hosts = match authority.rsplit_once('@') {
        Some((user_info, hosts)) => {
            let (user, password) = match user_info.split_once(':') {
                Some((user, password)) => (user, Some(password)),
                None => (user_info, None),
            };
            keywords.set("user", decode(user, "user name")?);
            if let Some(password) = password {
                keywords.set("password", decode(password, "password")?);
            }
            hosts
        }
        None => authority,
    };
    if !hosts.is_empty() {
        let mut names = Vec::new();
        let mut ports = Vec::new();
        for chunk in hosts.split(',') {
            let (host, port) = match chunk.strip_prefix('[') {
                Some(v6) => {
                    let (host, after) = v6
                        .split_once(']')
                        .ok_or_else(|| format!("not a PostgreSQL address (host \"{chunk}\")"))?;
                    let port = match after {
                        "" => "",
                        after => after.strip_prefix(':').ok_or_else(|| {
                            format!("not a PostgreSQL address (host \"{chunk}\")")
                        })?,
                    };
                    (host, port)
                }
                None => chunk.split_once(':').unwrap_or((chunk, "")),
            };
            names.push(decode(host, "host")?);
            ports.push(decode(port, "port")?);
        }
        keywords.set("host", names.join(","));
        if ports.iter().any(|p| !p.is_empty()) {
            keywords.set("port", ports.join(","));
        }
    }
    if let Some(path) = path.filter(|p| !p.is_empty()) {
        keywords.set("dbname", decode(path, "database name")?);
    }
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').ok_or_else(|| {
            format!("not a PostgreSQL address (\"{pair}\" in the query is not key=value)")
        })?;
        let key = decode(key, "query")?;
        let value = decode(value, "query")?;
        // libpq's old spelling.
        if key == "ssl" && value == "true" {
            keywords.set("sslmode", "require".into());
        } else {
            keywords.set(&key, value);
        }
    }
    Ok(keywords)
}

/// Percent-decoding (`%2F` → `/`) of one part of an address.
fn decode(text: &str, what: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%' {
            let hex = text
                .get(at + 1..at + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| {
                    format!("not a PostgreSQL address (a bad %-escape in the {what})")
                })?;
            out.push(hex);
            at += 3;
        } else {
            out.push(bytes[at]);
            at += 1;
        }
    }
    String::from_utf8(out)
        .map_err(|_| format!("not a PostgreSQL address (the {what} is not UTF-8)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keywords(url: &str) -> Vec<(String, String)> {
        uri_keywords(url).unwrap().0
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn an_address_becomes_libpq_s_keywords() {
        assert_eq!(
            keywords(
                "postgres://anna:pa%40ss@db.desk:5433/wire?sslmode=verify-full&application_name=x"
            ),
            pairs(&[
                ("user", "anna"),
                ("password", "pa@ss"),
                ("host", "db.desk"),
                ("port", "5433"),
                ("dbname", "wire"),
                ("sslmode", "verify-full"),
                ("application_name", "x"),
            ])
        );
        assert_eq!(
            keywords("postgresql://a,[::1]:6000/wire"),
            pairs(&[("host", "a,::1"), ("port", ",6000"), ("dbname", "wire")])
        );
        assert_eq!(
            keywords("postgres://%2Fvar%2Frun%2Fpostgresql/wire"),
            pairs(&[("host", "/var/run/postgresql"), ("dbname", "wire")])
        );
        // Only a service: nothing else named, so the service says it all.
        assert_eq!(
            keywords("postgres:///?service=desk"),
            pairs(&[("service", "desk")])
        );
        assert_eq!(
            keywords("postgresql://?service=desk"),
            pairs(&[("service", "desk")])
        );
        assert_eq!(
            keywords("postgres://db/wire?ssl=true"),
            pairs(&[("host", "db"), ("dbname", "wire"), ("sslmode", "require")])
        );
        assert!(uri_keywords("postgres://db/wire?sslmode").is_err());
        assert!(uri_keywords("postgres://db/w%zzire").is_err());
        assert!(uri_keywords("mysql://db/wire").is_err());
    }

    #[test]
    fn the_keywords_reach_the_client_as_given() {
        let url = "postgres://anna@db.desk:5433/wire?application_name=it%27s";
        let config: postgres::Config = conninfo(&uri_keywords(url).unwrap()).parse().unwrap();
        assert_eq!(config.get_user(), Some("anna"));
        assert_eq!(config.get_dbname(), Some("wire"));
        assert_eq!(config.get_ports(), [5433]);
        assert_eq!(config.get_application_name(), Some("it's"));
        assert!(matches!(
            config.get_hosts(),
            [postgres::config::Host::Tcp(host)] if host == "db.desk"
        ));
    }

    #[test]
    fn the_address_wins_over_the_service() {
        let mut given = uri_keywords("postgres://ben@/other?service=desk").unwrap();
        given.take("service");
        for (key, value) in pairs(&[("host", "db.desk"), ("user", "anna"), ("dbname", "wire")]) {
            given.set_default(&key, value);
        }
        assert_eq!(
            given.0,
            pairs(&[("user", "ben"), ("dbname", "other"), ("host", "db.desk")])
        );
    }

    #[test]
    fn unsupported_tls_keywords_and_bad_modes_are_refused_by_name() {
        let err = resolve("postgres://db/wire?sslcert=/x.pem").err().unwrap();
        assert!(err.contains("sslcert is not supported"), "{err}");
        let err = resolve("postgres://db/wire?sslmode=on").err().unwrap();
        assert!(err.contains("sslmode \"on\""), "{err}");
        let err = resolve("postgres://db/wire?colour=blue").err().unwrap();
        assert!(err.contains("not a PostgreSQL address"), "{err}");
    }
}
