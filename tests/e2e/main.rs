//! End-to-end tests: the real app in its real webview, through the hooks of
//! `/work/shared/UI-CONTRACT.md` (`data-testid`, window titles, env vars) only.
//!
//! Needs a display and tauri-driver: run `scripts/e2e.sh` (it installs tauri-driver into
//! `.tools/`, builds the app and runs this binary under `xvfb-run`). Harness:
//! `faelles_tests::e2e`.

mod a11y;
mod about;
mod answers;
mod around;
mod consent;
mod course;
mod export;
mod faults;
mod followup;
mod full_meeting;
mod glance;
mod meeting;
mod onboarding;
mod persistence;
mod privacy;
mod recipients;
mod reports;
mod screen;
mod smoke;
mod templates;
mod validation;

use faelles_tests::e2e::App;
use std::ops::{Deref, DerefMut};
use tempfile::TempDir;

/// The app running on its own fresh data directory. Fields drop in order: the app stops
/// before its data directory is removed.
pub struct Running {
    pub app: App,
    pub dir: TempDir,
}

impl Deref for Running {
    type Target = App;
    fn deref(&self) -> &App {
        &self.app
    }
}

impl DerefMut for Running {
    fn deref_mut(&mut self) -> &mut App {
        &mut self.app
    }
}

pub fn data_dir() -> TempDir {
    tempfile::Builder::new()
        .prefix("faelles-e2e-")
        .tempdir()
        .expect("create a temporary data directory")
}

/// The app on an empty data directory with `FAELLES_DEMO=1`: the demo team, citizens, meetings.
pub fn start_demo() -> Running {
    let dir = data_dir();
    let app = App::start(dir.path(), &[("FAELLES_DEMO", "1")]);
    Running { app, dir }
}

/// The app on an empty data directory without demo data: first-start onboarding.
pub fn start_empty() -> Running {
    let dir = data_dir();
    let app = App::start(dir.path(), &[]);
    Running { app, dir }
}
