//! Events to the windows. The citizen screen gets exactly one event, `screen://view`, with what
//! the core's projection says it may show (the whole view, or one section's text edit), and
//! nothing else.

use crate::state::AppState;
use faelles_core::projection::{self, ScreenUpdate, ScreenView};
use serde::Serialize;
use std::sync::atomic::Ordering;
use tauri::{AppHandle, Emitter, Manager};

pub const SCREEN_LABEL: &str = "screen";
pub const CHAIR_LABEL: &str = "chair";
pub const SCREEN_EVENT: &str = "screen://view";
/// To the chair: what the screen shows now (the chair always mirrors it).
pub const MIRROR_EVENT: &str = "chair://screen-mirror";

/// `{seq, view}` or `{seq, base, edit}` on the `screen://view` event.
#[derive(Serialize, Clone)]
pub struct ScreenPayload {
    /// Increases with every update; the screen ignores anything older than what it shows.
    pub seq: u64,
    /// For an edit: the `seq` of the view it applies to (the screen applies it only on that).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<u64>,
    #[serde(flatten)]
    pub update: ScreenUpdate,
}

/// The chair's mirror needs only this much of what the screen shows.
#[derive(Serialize, Clone)]
pub struct MirrorPayload {
    pub seq: u64,
    pub state: &'static str,
    pub first_name: Option<String>,
}

/// What of a view the chair's mirror shows: its state and the first name on screen.
fn mirror_state(v: &ScreenView) -> (&'static str, Option<&str>) {
    match v {
        ScreenView::Neutral(_) => ("neutral", None),
        ScreenView::Case(c) => ("case", Some(c.first_name.as_str())),
        ScreenView::Curtain => ("curtain", None),
    }
}

fn mirror_of(seq: u64, v: &ScreenView) -> MirrorPayload {
    let (state, first_name) = mirror_state(v);
    MirrorPayload {
        seq,
        state,
        first_name: first_name.map(str::to_string),
    }
}

fn next_seq(state: &AppState) -> u64 {
    state.screen_seq.fetch_add(1, Ordering::SeqCst) + 1
}

/// The whole current view, which the screen will show from now on (its page has just loaded).
pub fn full_payload(app: &AppHandle) -> ScreenPayload {
    let state = app.state::<AppState>();
    let view = state.screen_view();
    let mut shown = state.shown.lock().unwrap_or_else(|p| p.into_inner());
    let seq = next_seq(&state);
    *shown = Some((seq, view.clone()));
    ScreenPayload {
        seq,
        base: None,
        update: ScreenUpdate::View(view),
    }
}

/// What the screen shows now, for the chair's mirror.
pub fn current_mirror(app: &AppHandle) -> MirrorPayload {
    let state = app.state::<AppState>();
    let shown = state.shown.lock().unwrap_or_else(|p| p.into_inner());
    match shown.as_ref() {
        Some((seq, v)) => mirror_of(*seq, v),
        None => mirror_of(0, &state.screen_view()),
    }
}

/// Recomputes the screen view and sends the screen what changed (nothing if nothing did); the
/// chair's mirror hears only when what it shows changes.
pub fn refresh_screen(app: &AppHandle) {
    let state = app.state::<AppState>();
    let view = state.screen_view();
    // Held while emitting, so that updates leave in the order of their sequence numbers.
    let mut shown = state.shown.lock().unwrap_or_else(|p| p.into_inner());
    let Some(update) = projection::update(shown.as_ref().map(|(_, v)| v), &view) else {
        return;
    };
    let seq = next_seq(&state);
    let base = match update {
        ScreenUpdate::Edit(_) => shown.as_ref().map(|(s, _)| *s),
        ScreenUpdate::View(_) => None,
    };
    let mirror = mirror_of(seq, &view);
    let mirror_changed = shown
        .as_ref()
        .is_none_or(|(_, v)| mirror_state(v) != mirror_state(&view));
    *shown = Some((seq, view));
    let _ = app.emit_to(
        SCREEN_LABEL,
        SCREEN_EVENT,
        &ScreenPayload { seq, base, update },
    );
    if mirror_changed {
        let _ = app.emit_to(CHAIR_LABEL, MIRROR_EVENT, &mirror);
    }
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
