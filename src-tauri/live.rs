//! The live desk in the shell: the library's event stream forwarded to the
//! window as it arrives (`desk-event`, and `desk-feed` for whether it is
//! connected), and this desktop's presence announced on every change and
//! as a heartbeat. Both run on threads of their own, started when a
//! library is installed and stopped when another replaces it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Serialize;
use std::path::PathBuf;
use tauri::{AppHandle, Emitter as _, Manager as _};

use wiredesk_core::events::{EventFollower, HEARTBEAT};

use crate::Desk;

/// The event carrying each [`wiredesk_core::DeskEvent`] to the window.
pub const DESK_EVENT: &str = "desk-event";
/// The event saying whether the stream is connected (`{"live": bool, "message"}`).
pub const DESK_FEED_EVENT: &str = "desk-feed";

/// How long the follower waits for an event before looking again (and
/// before noticing it was stopped).
const WAIT: Duration = Duration::from_millis(500);

/// Where this desktop is, as last announced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Here {
    pub story_id: Option<i64>,
    pub typing: bool,
}

/// The live desk's threads for one installed library; they stop when this
/// is dropped.
pub struct LiveDesk {
    stop: Arc<AtomicBool>,
}

impl Drop for LiveDesk {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

#[derive(Debug, Clone, Serialize)]
struct FeedState {
    live: bool,
    message: Option<String>,
}

impl LiveDesk {
    /// Follows the library at `location` (its events, on a connection of
    /// its own) and beats this desktop's presence until dropped.
    pub fn start(app: &AppHandle, location: PathBuf) -> LiveDesk {
        let stop = Arc::new(AtomicBool::new(false));
        let feed = (app.clone(), Arc::clone(&stop));
        let spawned = std::thread::Builder::new()
            .name("desk-events".into())
            .spawn(move || forward(&feed.0, &location, &feed.1));
        if let Err(err) = spawned {
            eprintln!("wiredesk: cannot follow the desk's changes: {err}");
        }
        let beat = (app.clone(), Arc::clone(&stop));
        let spawned = std::thread::Builder::new()
            .name("desk-presence".into())
            .spawn(move || heartbeat(&beat.0, &beat.1));
        if let Err(err) = spawned {
            eprintln!("wiredesk: cannot announce this desktop's presence: {err}");
        }
        LiveDesk { stop }
    }
}

/// Tells the window whether the stream is followed, unless stopped.
fn say_feed(app: &AppHandle, stop: &AtomicBool, live: bool, message: Option<String>) {
    if !stop.load(Ordering::Relaxed) {
        let _ = app.emit(DESK_FEED_EVENT, FeedState { live, message });
    }
}

/// Opens the follower (trying again while it cannot), then sends each
/// event to the window; after a failed read, says the stream is down and
/// tries again (the follower catches up when it is back).
fn forward(app: &AppHandle, location: &std::path::Path, stop: &AtomicBool) {
    let mut failed_before = false;
    let mut follower = loop {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        match EventFollower::open(location) {
            Ok(follower) => break follower,
            Err(err) => {
                if !failed_before {
                    failed_before = true;
                    eprintln!("wiredesk: the desk's changes cannot be followed: {err}");
                    say_feed(app, stop, false, Some(err.to_string()));
                }
                std::thread::sleep(WAIT * 4);
            }
        }
    };
    let mut live = true;
    say_feed(app, stop, live, None);
    while !stop.load(Ordering::Relaxed) {
        match follower.next(WAIT) {
            Ok(events) => {
                if !live {
                    live = true;
                    say_feed(app, stop, live, None);
                }
                for event in events {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let _ = app.emit(DESK_EVENT, &event);
                }
            }
            Err(err) => {
                if live {
                    live = false;
                    eprintln!("wiredesk: the desk's changes cannot be followed: {err}");
                    say_feed(app, stop, live, Some(err.to_string()));
                }
                std::thread::sleep(WAIT);
            }
        }
    }
}

/// Announces where this desktop is every [`HEARTBEAT`].
fn heartbeat(app: &AppHandle, stop: &AtomicBool) {
    let mut slept = Duration::ZERO;
    while !stop.load(Ordering::Relaxed) {
        if slept >= HEARTBEAT {
            slept = Duration::ZERO;
            let desk = app.state::<Desk>();
            let here = desk.here();
            if let Err(err) = announce(&desk, here, Some(stop)) {
                eprintln!("wiredesk: announcing this desktop's presence: {err}");
            }
        }
        std::thread::sleep(Duration::from_millis(250));
        slept += Duration::from_millis(250);
    }
}

/// Announces `here` for this desktop on the desk's library; a heartbeat
/// (`stopped`) that got the library only after its desk was stopped (the
/// app closing, another library installed) announces nothing.
pub fn announce(
    desk: &Desk,
    here: Here,
    stopped: Option<&AtomicBool>,
) -> wiredesk_core::Result<()> {
    let Ok(mut library) = desk.library.lock() else {
        return Ok(());
    };
    if stopped.is_some_and(|stop| stop.load(Ordering::Relaxed)) {
        return Ok(());
    }
    let Some(library) = library.as_mut() else {
        return Ok(());
    };
    crate::commands::off_runtime(|| {
        library.announce_presence(&desk.desktop, here.story_id, here.typing)
    })
}

/// This desktop's id: unique per running app.
pub fn desktop_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let host = std::env::var("HOSTNAME").unwrap_or_default();
    format!("{host}-{}-{nanos:x}", std::process::id())
}

/// Where this desktop is now, shared by the commands and the heartbeat.
pub type HereSlot = Mutex<Here>;
