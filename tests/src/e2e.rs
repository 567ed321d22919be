//! End-to-end harness: the real app in its real webview, driven through `tauri-driver`.
//!
//! ```text
//! test ──WebDriver──▶ tauri-driver ──▶ WebKitWebDriver ──starts──▶ faelles-team (2 windows)
//!                     (own process group: one SIGTERM to the group ends all three)
//! ```
//!
//! The API is synchronous (it owns a small tokio runtime) and panics with a diagnostic on
//! failure, so tests read like a script. Every wait polls with a deadline; nothing sleeps to
//! synchronise. Elements are found lazily through a [`Loc`] each time they are used, because
//! the UI re-renders whole views (a held element reference would go stale).
//!
//! A query ([`App::count`], [`App::texts`], [`App::attrs`], [`App::try_attr`],
//! [`App::is_visible`]) reads "absent" (0, empty, `None`, `false`) only when nothing matches;
//! any other WebDriver error (a bad selector, a lost session, a script error) fails the test
//! with the error and the locator, so an absence check cannot pass because the query broke.
//! An element replaced while it was being read (a view re-rendering) is read again, a few
//! times, from the locator; it never reads as absent.
//!
//! Linux only (WebKitWebDriver), and it needs a display: run it with `scripts/e2e.sh`.
//!
//! Here: the timeouts and paths; loc.rs: locators and which WebDriver errors mean what;
//! app.rs: starting and stopping the app, its windows, scripts, screenshots; read.rs:
//! waiting and queries; act.rs: clicks, keys and values; procs.rs: the process group.

mod act;
mod app;
mod loc;
mod procs;
mod read;

pub use app::App;
pub use loc::{by_testid, css, Loc};
pub use procs::app_composites;

use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a UI wait may take before the test fails (UI actions here take milliseconds).
pub const WAIT: Duration = Duration::from_secs(10);
/// How long tauri-driver and WebKitWebDriver may take to listen on their ports.
const DRIVER_READY: Duration = Duration::from_secs(15);
/// How long creating the WebDriver session (which starts the app) may take.
const SESSION: Duration = Duration::from_secs(30);
/// How long the process group may take to exit after SIGTERM.
const SHUTDOWN: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(50);

/// Title of the chair window: it starts with this (then ` – <team name>`).
pub const CHAIR_TITLE: &str = "Fælles Team";
/// Title of the citizen screen window.
pub const SCREEN_TITLE: &str = "Borgerskærm";

// ------------------------------------------------------------------------------------ paths

/// The repository root (this package lives in `<repo>/tests`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// Cargo's target directory: `$CARGO_TARGET_DIR` or `<repo>/target`.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"))
}

/// The app under test: `$FAELLES_APP` or `<target>/debug/faelles-team`.
pub fn app_binary() -> PathBuf {
    env_path("FAELLES_APP").unwrap_or_else(|| target_dir().join("debug").join("faelles-team"))
}

/// `$TAURI_DRIVER` or the project-local `<repo>/.tools/bin/tauri-driver` (scripts/e2e.sh).
pub fn tauri_driver() -> PathBuf {
    env_path("TAURI_DRIVER").unwrap_or_else(|| repo_root().join(".tools/bin/tauri-driver"))
}

/// Where screenshots go (not committed): `<target>/e2e-shots`.
pub fn shots_dir() -> PathBuf {
    target_dir().join("e2e-shots")
}

fn logs_dir() -> PathBuf {
    target_dir().join("e2e-logs")
}

fn env_path(var: &str) -> Option<PathBuf> {
    std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}
