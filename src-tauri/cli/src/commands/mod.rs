//! One function per `wiredesk` command: each calls into the core's
//! `Library` and prints its answer, as text for people or as the JSON
//! contract (`--json`). `main.rs` opens the library and dispatches here.
//! `story.rs` holds the commands on one story, `claim.rs` those on its
//! claims, `library.rs` those on the whole library.

use std::{
    io::{self, IsTerminal as _, StdoutLock, Write},
    process::ExitCode,
};

use anyhow::Context as _;
use serde::Serialize;
use wiredesk_core::Library;

use crate::human;

mod claim;
mod desk;
mod library;
mod story;
mod style;

pub use claim::*;
pub use desk::*;
pub use library::*;
pub use story::*;
pub use style::*;

/// An open library, where its answers go, and in which form.
pub struct Session {
    pub out: StdoutLock<'static>,
    pub json: bool,
    pub library: Library,
}

impl Session {
    /// Prints `value` as the JSON contract or as text for people.
    fn emit<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
        human: fn(&mut dyn Write, &T) -> io::Result<()>,
    ) -> anyhow::Result<ExitCode> {
        emit(&mut self.out, self.json, value, human)?;
        Ok(ExitCode::SUCCESS)
    }
}

/// Prints `value` as the JSON contract or as text for people.
fn emit<T: Serialize + ?Sized>(
    out: &mut impl Write,
    json: bool,
    value: &T,
    human: fn(&mut dyn Write, &T) -> io::Result<()>,
) -> anyhow::Result<()> {
    if json {
        serde_json::to_writer_pretty(&mut *out, value)?;
        writeln!(out)?;
    } else {
        human(&mut human::Printable(&mut *out), value)?;
    }
    out.flush().context("writing output")
}

/// A progress bar on stderr when it is a terminal; scripts and pipes get
/// none. It shows once a batch takes more than a moment.
fn progress_bar() -> Option<indicatif::ProgressBar> {
    if !io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        None,
        indicatif::ProgressDrawTarget::stderr_with_hz(10),
    );
    let style = indicatif::ProgressStyle::with_template(
        "{spinner} ingesting {pos}/{len} files {wide_bar} {per_sec} eta {eta}",
    )
    .ok()?;
    bar.set_style(style);
    Some(bar)
}
