//! Helpers shared by the integration tests.

use std::{
    path::{Path, PathBuf},
    process::{Command, Output},
};

/// A temporary folder holding one library file.
/// With `WIREDESK_TEST_BACKEND=postgres`, the library is a fresh team
/// library on the test server (`WIREDESK_TEST_PG`) instead of a file.
pub struct TempLibrary {
    pub dir: tempfile::TempDir,
    team: Option<String>,
}

/// Whether this run tests the team library (PostgreSQL) backend.
pub fn testing_team_backend() -> bool {
    std::env::var("WIREDESK_TEST_BACKEND").as_deref() == Ok("postgres")
}

impl TempLibrary {
    pub fn new() -> TempLibrary {
        let team = testing_team_backend().then(|| {
            let server = wiredesk_core::team_test::server()
                .expect("WIREDESK_TEST_BACKEND=postgres needs WIREDESK_TEST_PG");
            let url = wiredesk_core::team_test::fresh_database(&server);
            wiredesk_core::Library::init_team(&url).expect("create the team library");
            url
        });
        TempLibrary {
            dir: tempfile::tempdir().expect("create a temporary folder"),
            team,
        }
    }

    /// The library's location: a file in the folder, or the team library's
    /// address.
    pub fn db(&self) -> PathBuf {
        match &self.team {
            Some(url) => PathBuf::from(url),
            None => self.dir.path().join("library.sqlite"),
        }
    }

    /// Writes a file next to the library and returns its path.
    pub fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(&path, bytes).expect("write fixture");
        path
    }

    /// Runs `wiredesk --db <library> ARGS...`.
    pub fn cli(&self, args: &[&str]) -> CliRun {
        let mut command = Command::new(cli_binary());
        command.arg("--db").arg(self.db()).args(args);
        command
            .env_remove("WIREDESK_DB")
            .env("WIREDESK_USER", "tester");
        CliRun::from(command.output().expect("run wiredesk"))
    }

    /// Writes a file next to the library and ingests it through the CLI
    /// (`wiredesk ingest FILE --json`), returning the JSON it printed.
    pub fn ingest(&self, name: &str, bytes: &[u8]) -> serde_json::Value {
        let path = self.file(name, bytes);
        self.cli(&["ingest", path.to_str().unwrap(), "--json"])
            .json()
    }

    /// Saves the text in the file at `path` as a new revision of `story`
    /// (`wiredesk edit STORY --from-file PATH --json`).
    pub fn edit_from_file(&self, story: &str, path: &Path) -> CliRun {
        self.cli(&[
            "edit",
            story,
            "--from-file",
            path.to_str().unwrap(),
            "--json",
        ])
    }

    /// The library opened through the core (a second connection).
    pub fn open(&self) -> wiredesk_core::Library {
        wiredesk_core::Library::open(&self.db()).expect("open library")
    }

    /// A raw SQLite connection to the library, bypassing Wiredesk.
    pub fn sql(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.db()).expect("open library with SQLite")
    }

    /// The one value a query without parameters returns (its first row's
    /// first column), read with SQLite directly.
    pub fn scalar<T: rusqlite::types::FromSql>(&self, query: &str) -> T {
        self.sql()
            .query_row(query, [], |row| row.get(0))
            .expect("query the library")
    }
}

/// The `wiredesk` binary built beside this test binary (`cargo build` builds it;
/// the README's test command does so before running the tests).
pub fn cli_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("test binary lives in target/<profile>/deps");
    let binary = profile_dir.join(format!("wiredesk{}", std::env::consts::EXE_SUFFIX));
    assert!(
        binary.is_file(),
        "{} is missing: build the CLI first (cargo build -p wiredesk-cli)",
        binary.display()
    );
    binary
}

/// One finished CLI run.
pub struct CliRun {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for CliRun {
    fn from(output: Output) -> Self {
        CliRun {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl CliRun {
    /// Stdout parsed as JSON, after checking the run succeeded.
    pub fn json(&self) -> serde_json::Value {
        assert_eq!(self.code, 0, "wiredesk failed: {}", self.stderr);
        self.json_any_exit()
    }

    /// Asserts that the run failed (a non-zero exit) and said `text` on stderr.
    #[track_caller]
    pub fn assert_fails_with(&self, text: &str) {
        assert_ne!(self.code, 0, "wiredesk succeeded: {}", self.stdout);
        assert!(self.stderr.contains(text), "{}", self.stderr);
    }

    pub fn json_any_exit(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }
}

/// The files of one corpus folder (`stories`, `gold`) whose names end in
/// `.EXTENSION`, in name order.
pub fn corpus_files(folder: &str, extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus().join(folder))
        .unwrap_or_else(|e| panic!("read corpus {folder}: {e}"))
        .map(|e| e.expect("corpus entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    files
}

/// The shared wire-copy corpus (`../shared/corpus`, or `$WIREDESK_CORPUS`).
/// It is not part of the repository; a run without it fails rather than
/// silently testing less.
pub fn corpus() -> PathBuf {
    let dir = std::env::var_os("WIREDESK_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    assert!(
        dir.join("stories").is_dir(),
        "the wire-copy corpus is missing at {} (CI={}): put the shared corpus beside the \
         repository or set WIREDESK_CORPUS",
        dir.display(),
        std::env::var("CI").unwrap_or_default()
    );
    dir
}

/// A plain-text story of its own for each `n`: words drawn in an order no
/// other `n` shares, so no two are taken for versions of one story (which
/// copy sharing its opening words would be).
pub fn distinct_story(n: usize) -> String {
    const WORDS: &[&str] = &[
        "harbour", "council", "ferry", "budget", "minister", "river", "bridge", "storm", "museum",
        "tariff", "railway", "school", "hospital", "airport", "festival", "court", "power", "grid",
        "water", "export", "vote", "strike", "union", "police", "market", "farmers", "fishing",
        "tunnel", "stadium", "library", "canal", "forest", "mayor", "port", "ship", "cargo",
        "timber", "coal", "wind", "solar",
    ];
    let mut state = (n as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let mut word = || {
        state ^= state >> 29;
        state = state.wrapping_mul(0xbf58_476d_1ce4_e5b9);
        state ^= state >> 32;
        WORDS[(state % WORDS.len() as u64) as usize]
    };
    let headline: Vec<&str> = (0..6).map(|_| word()).collect();
    let body: Vec<&str> = (0..40).map(|_| word()).collect();
    format!(
        "Report {n}: {}\n\nIn report {n}, {}, officials said on Monday.\n",
        headline.join(" "),
        body.join(" ")
    )
}
