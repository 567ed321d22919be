//! Shell state: the core (or why it could not open), what the chair has put on the citizen
//! screen, and what the screen was sent (`events::Feed`), behind one lock so that a change
//! and the screen update it causes are one step.
//!
//! Every command goes through [`AppState::read`] (no change) or [`AppState::mutate`] /
//! [`AppState::change`] (a change, after which the citizen screen and the chair's mirror are
//! brought up to date from the core's projection — the diff sends nothing when nothing they
//! show changed), by way of `commands::Chair`. No command refreshes the screen by hand, so
//! none can forget it. A keystroke goes through [`AppState::edit`], which forwards the edit
//! without rebuilding the view. This module uses events.rs; events.rs knows nothing of it.

use crate::error::{CmdError, CmdResult};
use crate::events::{self, Feed, MirrorPayload, ScreenPayload};
use faelles_core::domain::{Id, NoteRef};
use faelles_core::drafts::NoteEdit;
use faelles_core::projection::{self, ScreenView};
use faelles_core::{demo, Core};
use serde::Serialize;
use std::sync::{Mutex, MutexGuard};
use tauri::AppHandle;

/// What the chair has put on the citizen screen.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ScreenMode {
    /// The meeting that is open in the chair window (for the neutral slide).
    pub meeting_id: Option<Id>,
    /// The case on screen; `None` is the neutral slide.
    pub case_id: Option<Id>,
    pub curtain: bool,
    /// The screen's high-contrast look (light on dark), chosen in the chair window and
    /// remembered on this machine (`window_state::save_high_contrast`).
    pub high_contrast: bool,
}

/// The orderly end of the app (see `lifecycle::begin_exit`).
#[derive(Default)]
pub struct ExitState {
    started: std::sync::atomic::AtomicBool,
    stay: std::sync::atomic::AtomicBool,
}

impl ExitState {
    /// Starts an exit; false if one is under way already.
    pub fn begin(&self) -> bool {
        use std::sync::atomic::Ordering;
        self.stay.store(false, Ordering::SeqCst);
        !self.started.swap(true, Ordering::SeqCst)
    }

    /// The chair keeps the app open (unsaved text): the exit under way is called off.
    pub fn stay(&self) {
        use std::sync::atomic::Ordering;
        self.stay.store(true, Ordering::SeqCst);
        self.started.store(false, Ordering::SeqCst);
    }

    pub fn called_off(&self) -> bool {
        self.stay.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// Opens the database; `FAELLES_DEMO=1` on an empty data dir loads the demo data.
pub fn open_core(dir: &std::path::Path) -> Result<Core, CmdError> {
    let mut core = Core::open(dir).map_err(CmdError::from)?;
    if std::env::var("FAELLES_DEMO").as_deref() == Ok("1") && core.team()?.is_none() {
        demo::load(&mut core)?;
    }
    Ok(core)
}

/// What is behind the lock.
struct Inner {
    core: Result<Core, CmdError>,
    mode: ScreenMode,
    /// What the screen window was sent and shows now.
    feed: Feed,
}

impl Inner {
    /// The view for the current mode, computed by the core's projection. If the data cannot
    /// be read, the screen shows nothing rather than anything wrong.
    fn screen_view(&self) -> ScreenView {
        if self.mode.curtain {
            return ScreenView::Curtain;
        }
        let Ok(core) = &self.core else {
            return ScreenView::Curtain;
        };
        let view = match self.mode.case_id {
            Some(case_id) => projection::for_case(core, case_id),
            None => self
                .mode
                .meeting_id
                .map(|id| core.meeting(id))
                .transpose()
                .and_then(|m| projection::neutral(core, m.as_ref())),
        };
        view.unwrap_or(ScreenView::Curtain)
    }

    /// Sends the screen (and the chair's mirror) what changed for the current mode.
    fn refresh(&mut self, app: &AppHandle) {
        let view = self.screen_view();
        events::refresh(app, &mut self.feed, view, self.mode.high_contrast);
    }
}

pub struct AppState {
    inner: Mutex<Inner>,
    pub exit: ExitState,
    /// Where the database, backups and (with FAELLES_DATA_DIR) exports live.
    pub data_dir: std::path::PathBuf,
}

impl AppState {
    pub fn new(core: Result<Core, CmdError>, data_dir: std::path::PathBuf) -> Self {
        AppState {
            inner: Mutex::new(Inner {
                core,
                mode: ScreenMode {
                    high_contrast: crate::window_state::high_contrast(&data_dir),
                    ..ScreenMode::default()
                },
                feed: Feed::default(),
            }),
            exit: ExitState::default(),
            data_dir,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Reads through the core (or says why the data is not available).
    pub fn read<T, E: Into<CmdError>>(
        &self,
        f: impl FnOnce(&Core) -> Result<T, E>,
    ) -> CmdResult<T> {
        let g = self.lock();
        let core = g.core.as_ref().map_err(Clone::clone)?;
        f(core).map_err(Into::into)
    }

    /// A change through the core; then the screen and the mirror are brought up to date.
    pub fn mutate<T, E: Into<CmdError>>(
        &self,
        app: &AppHandle,
        f: impl FnOnce(&mut Core) -> Result<T, E>,
    ) -> CmdResult<T> {
        self.change(app, |core, _| f(core))
    }

    /// A change through the core that may also change what the chair has put on the screen;
    /// then the screen and the mirror are brought up to date. (Also after a refused change:
    /// a refusal may have kept text, and the diff costs nothing when nothing changed.)
    pub fn change<T, E: Into<CmdError>>(
        &self,
        app: &AppHandle,
        f: impl FnOnce(&mut Core, &mut ScreenMode) -> Result<T, E>,
    ) -> CmdResult<T> {
        let mut g = self.lock();
        let inner = &mut *g;
        let core = inner.core.as_mut().map_err(|e| e.clone())?;
        let out = f(core, &mut inner.mode).map_err(Into::into);
        inner.refresh(app);
        out
    }

    /// A keystroke in a note: the edit to the core's draft, forwarded as it is to the screen
    /// when the note's case is on it (no view is rebuilt; the cost does not grow with the
    /// section's length).
    pub fn edit(&self, app: &AppHandle, note: &NoteRef, edit: &NoteEdit) -> CmdResult<()> {
        let mut g = self.lock();
        let inner = &mut *g;
        let core = inner.core.as_mut().map_err(|e| e.clone())?;
        core.edit_note(note, edit)?;
        if let Some(case_id) = note.case_id() {
            if inner.mode.case_id == Some(case_id)
                && !inner.mode.curtain
                && !events::forward_edit(app, &mut inner.feed, note.key(), edit)
            {
                inner.refresh(app);
            }
        }
        Ok(())
    }

    /// The whole current view, which the screen will show from now on (its page has just
    /// loaded).
    pub fn first_view(&self) -> ScreenPayload {
        let mut g = self.lock();
        let view = g.screen_view();
        let high_contrast = g.mode.high_contrast;
        g.feed.whole(view, high_contrast)
    }

    /// What the screen shows now, for the chair's mirror.
    pub fn mirror(&self) -> MirrorPayload {
        let g = self.lock();
        g.feed.mirror(|| g.screen_view(), g.mode.high_contrast)
    }

    /// Whether the database is open (else the app shows why and offers a backup).
    pub fn core_is_open(&self) -> bool {
        self.lock().core.is_ok()
    }

    /// Replaces the core (the database was found damaged, or replaced by a backup); the
    /// screen follows.
    pub fn set_core(&self, app: &AppHandle, core: Result<Core, CmdError>) {
        let mut g = self.lock();
        g.core = core;
        g.refresh(app);
    }

    /// Closes the database as the app exits: SQLite checkpoints and removes its WAL, which
    /// tells the next start that this session ended cleanly (see `Store::open`).
    pub fn close_core(&self) {
        self.lock().core = Err(CmdError::closing());
    }
}
