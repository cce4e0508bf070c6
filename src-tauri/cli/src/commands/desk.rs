//! The commands on the live desk: `events` (what the desk is doing, and
//! with --follow as it happens) and `people`.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context as _;
use wiredesk_core::{DeskEvent, PersonRole};

use super::Session;
use crate::human;

/// How long one wait for events lasts before waiting again.
const WAIT: Duration = Duration::from_secs(1);

/// `wiredesk events [--follow]`: the newest events, or each new one as it
/// is committed (one JSON object per line with --json).
pub fn events(s: &mut Session, follow: bool, limit: u32) -> anyhow::Result<ExitCode> {
    if !follow {
        let events = s.library.recent_events(limit)?;
        print_events(s, &events)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut follower = s.library.follow_events()?;
    // On stderr, so a script reading the events knows they are followed.
    eprintln!(
        "wiredesk: following the events of {} (Ctrl-C to stop)",
        s.library.path().display()
    );
    let mut lost = false;
    loop {
        match follower.next(WAIT) {
            Ok(events) => {
                if lost {
                    lost = false;
                    eprintln!("wiredesk: connected again; caught up");
                }
                print_events(s, &events)?;
            }
            Err(err) => {
                if !lost {
                    lost = true;
                    eprintln!("wiredesk: {err}; trying again");
                }
            }
        }
    }
}

fn print_events(s: &mut Session, events: &[DeskEvent]) -> anyhow::Result<()> {
    for event in events {
        if s.json {
            serde_json::to_writer(&mut s.out, event)?;
            writeln!(s.out)?;
        } else {
            human::event_line(&mut human::Printable(&mut s.out), event)?;
        }
    }
    s.out.flush().context("writing output")
}

/// `wiredesk people [NAME --initials I --role R]`: the desk's people, after
/// adding or changing NAME when given.
pub fn people(
    s: &mut Session,
    name: Option<&str>,
    initials: Option<&str>,
    role: Option<&str>,
) -> anyhow::Result<ExitCode> {
    if let Some(name) = name {
        let known = s
            .library
            .people()?
            .into_iter()
            .find(|p| p.name == name.trim());
        let role = match role {
            Some(role) => PersonRole::parse(role.trim())
                .with_context(|| format!("unknown role {role:?}: use editor or checker"))?,
            None => known.as_ref().map_or(PersonRole::Editor, |p| p.role),
        };
        let initials = match initials {
            Some(initials) => initials.to_owned(),
            None => known.map(|p| p.initials).unwrap_or_default(),
        };
        s.library.set_person(name, &initials, role)?;
    }
    let people = s.library.people()?;
    s.emit(people.as_slice(), human::people)
}
