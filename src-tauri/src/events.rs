//! Events to the windows. The citizen screen gets exactly one event, `screen://view`, with the
//! projection computed by the core, and nothing else.

use crate::state::AppState;
use faelles_core::projection::ScreenView;
use serde::Serialize;
use std::sync::atomic::Ordering;
use tauri::{AppHandle, Emitter, Manager};

pub const SCREEN_LABEL: &str = "screen";
pub const CHAIR_LABEL: &str = "chair";
pub const SCREEN_EVENT: &str = "screen://view";
/// To the chair: what the screen shows now (the chair always mirrors it).
pub const MIRROR_EVENT: &str = "chair://screen-mirror";

#[derive(Serialize, Clone)]
pub struct ScreenPayload {
    /// Increases with every update; the screen ignores anything older than what it shows.
    pub seq: u64,
    pub view: ScreenView,
}

pub fn current_payload(app: &AppHandle) -> ScreenPayload {
    let state = app.state::<AppState>();
    let seq = state.screen_seq.fetch_add(1, Ordering::SeqCst) + 1;
    ScreenPayload {
        seq,
        view: state.screen_view(),
    }
}

/// Recomputes the screen view and sends it to the screen window (and the chair's mirror).
pub fn refresh_screen(app: &AppHandle) {
    let payload = current_payload(app);
    let _ = app.emit_to(SCREEN_LABEL, SCREEN_EVENT, &payload);
    let _ = app.emit_to(CHAIR_LABEL, MIRROR_EVENT, &payload);
}

/// Refreshes the screen only if `case_id` is the case on it.
pub fn refresh_screen_if_case(app: &AppHandle, case_id: faelles_core::domain::Id) {
    let on_screen = {
        let state = app.state::<AppState>();
        let s = state.screen.lock().unwrap_or_else(|p| p.into_inner());
        s.case_id == Some(case_id) && !s.curtain
    };
    if on_screen {
        refresh_screen(app);
    }
}
