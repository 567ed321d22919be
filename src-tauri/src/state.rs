//! Shell state: the core (or why it could not open) and what the citizen screen shows now.

use crate::error::{CmdError, CmdResult};
use faelles_core::domain::Id;
use faelles_core::projection::{self, ScreenView};
use faelles_core::Core;
use serde::Serialize;
use std::sync::Mutex;

/// What the chair has put on the citizen screen.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ScreenMode {
    /// The meeting that is open in the chair window (for the neutral slide).
    pub meeting_id: Option<Id>,
    /// The case on screen; `None` is the neutral slide.
    pub case_id: Option<Id>,
    pub curtain: bool,
}

/// The orderly end of the app (see `main::begin_exit`).
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

pub struct AppState {
    core: Mutex<Result<Core, CmdError>>,
    pub exit: ExitState,
    /// Where the database, backups and (with FAELLES_DATA_DIR) exports live.
    pub data_dir: std::path::PathBuf,
    pub screen: Mutex<ScreenMode>,
    pub screen_seq: std::sync::atomic::AtomicU64,
    /// What the screen window shows now (with its sequence number): updates are diffs to it.
    pub shown: Mutex<Option<(u64, ScreenView)>>,
}

impl AppState {
    pub fn new(core: Result<Core, CmdError>, data_dir: std::path::PathBuf) -> Self {
        AppState {
            core: Mutex::new(core),
            exit: ExitState::default(),
            data_dir,
            screen: Mutex::new(ScreenMode::default()),
            screen_seq: Default::default(),
            shown: Mutex::new(None),
        }
    }

    /// Runs `f` with the core, or returns why the database is not available.
    pub fn with_core<T>(&self, f: impl FnOnce(&mut Core) -> CmdResult<T>) -> CmdResult<T> {
        let mut guard = self.core.lock().unwrap_or_else(|p| p.into_inner());
        match guard.as_mut() {
            Ok(core) => f(core),
            Err(e) => Err(CmdError {
                kind: e.kind,
                message: e.message.clone(),
            }),
        }
    }

    /// Whether the database is open (else the app shows why and offers a backup).
    pub fn core_is_open(&self) -> bool {
        self.core.lock().unwrap_or_else(|p| p.into_inner()).is_ok()
    }

    /// Replaces the core (after a damaged database was replaced by a backup).
    pub fn set_core(&self, core: Result<Core, CmdError>) {
        *self.core.lock().unwrap_or_else(|p| p.into_inner()) = core;
    }

    /// Closes the database as the app exits: SQLite checkpoints and removes its WAL, which
    /// tells the next start that this session ended cleanly (see `Store::open`).
    pub fn close_core(&self) {
        self.set_core(Err(CmdError {
            kind: "Closed",
            message: "Fælles Team lukker.".into(),
        }));
    }

    /// The screen view for the current mode, computed by the core's projection.
    pub fn screen_view(&self) -> ScreenView {
        let mode = self
            .screen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        if mode.curtain {
            return ScreenView::Curtain;
        }
        self.with_core(|core| {
            let view = match mode.case_id {
                Some(case_id) => projection::for_case(core, case_id)?,
                None => {
                    let meeting = match mode.meeting_id {
                        Some(id) => Some(core.meeting(id)?),
                        None => None,
                    };
                    projection::neutral(core, meeting.as_ref())?
                }
            };
            Ok(view)
        })
        // If the data cannot be read, the screen shows nothing rather than anything wrong.
        .unwrap_or(ScreenView::Curtain)
    }
}
