//! Events to the windows. The citizen screen gets exactly one event, `screen://view`, with what
//! the core's projection says it may show (the whole view, or one section's text edit), and
//! nothing else. Called with the state's lock held (see `state.rs`), so that updates leave in
//! the order of their sequence numbers and always describe what the screen shows.

use crate::state::{AppState, Inner};
use faelles_core::drafts::NoteEdit;
use faelles_core::projection::{self, ScreenUpdate, ScreenView};
use serde::Serialize;
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
    /// With a whole view: the screen's look (light on dark when true). Not with an edit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub high_contrast: Option<bool>,
    #[serde(flatten)]
    pub update: ScreenUpdate,
}

/// The chair's mirror needs only this much of what the screen shows.
#[derive(Serialize, Clone)]
pub struct MirrorPayload {
    pub seq: u64,
    pub state: &'static str,
    pub first_name: Option<String>,
    /// The screen's high-contrast look is on.
    pub high_contrast: bool,
}

/// What of a view the chair's mirror shows: its state and the first name on screen.
fn mirror_state(v: &ScreenView) -> (&'static str, Option<&str>) {
    match v {
        ScreenView::Neutral(_) => ("neutral", None),
        ScreenView::Case(c) => ("case", Some(c.first_name.as_str())),
        ScreenView::Curtain => ("curtain", None),
    }
}

fn mirror_of(seq: u64, v: &ScreenView, high_contrast: bool) -> MirrorPayload {
    let (state, first_name) = mirror_state(v);
    MirrorPayload {
        seq,
        state,
        first_name: first_name.map(str::to_string),
        high_contrast,
    }
}

/// The whole current view, which the screen will show from now on (its page has just loaded).
pub fn full_payload(app: &AppHandle) -> ScreenPayload {
    let state = app.state::<AppState>();
    let mut inner = state.lock();
    let view = inner.screen_view();
    let seq = inner.next_seq();
    inner.shown = Some((seq, view.clone()));
    inner.shown_contrast = inner.mode.high_contrast;
    ScreenPayload {
        seq,
        base: None,
        high_contrast: Some(inner.shown_contrast),
        update: ScreenUpdate::View(view),
    }
}

/// What the screen shows now, for the chair's mirror.
pub fn current_mirror(app: &AppHandle) -> MirrorPayload {
    let state = app.state::<AppState>();
    let inner = state.lock();
    let high_contrast = inner.mode.high_contrast;
    match inner.shown.as_ref() {
        Some((seq, v)) => mirror_of(*seq, v, high_contrast),
        None => mirror_of(0, &inner.screen_view(), high_contrast),
    }
}

/// Recomputes the screen view and sends the screen what changed (nothing if nothing did; the
/// whole view when its look, high contrast or not, changed); the chair's mirror hears only
/// when what it shows changes.
pub(crate) fn refresh(app: &AppHandle, inner: &mut Inner) {
    let view = inner.screen_view();
    let contrast = inner.mode.high_contrast;
    let restyle = inner.shown_contrast != contrast;
    let update = match projection::update(inner.shown.as_ref().map(|(_, v)| v), &view) {
        Some(ScreenUpdate::Edit(_)) | None if restyle => ScreenUpdate::View(view.clone()),
        Some(update) => update,
        None => return,
    };
    let (base, high_contrast) = match update {
        ScreenUpdate::Edit(_) => (inner.shown.as_ref().map(|(s, _)| *s), None),
        ScreenUpdate::View(_) => (None, Some(contrast)),
    };
    let seq = inner.next_seq();
    let mirror_changed = restyle
        || inner
            .shown
            .as_ref()
            .is_none_or(|(_, v)| mirror_state(v) != mirror_state(&view));
    let mirror = mirror_of(seq, &view, contrast);
    inner.shown = Some((seq, view));
    inner.shown_contrast = contrast;
    let _ = app.emit_to(
        SCREEN_LABEL,
        SCREEN_EVENT,
        &ScreenPayload {
            seq,
            base,
            high_contrast,
            update,
        },
    );
    if mirror_changed {
        let _ = app.emit_to(CHAIR_LABEL, MIRROR_EVENT, &mirror);
    }
}

/// A keystroke in the section `key` of the case on screen: the projection applies it to what
/// the screen shows (`projection::splice`) and it is sent as it is, without computing the
/// view again. If it does not fit what the screen shows (it always should), the whole view is
/// recomputed instead.
pub(crate) fn forward_edit(app: &AppHandle, inner: &mut Inner, key: &str, e: &NoteEdit) {
    let edit = inner
        .shown
        .as_mut()
        .and_then(|(_, view)| projection::splice(view, key, e));
    let Some(edit) = edit else {
        return refresh(app, inner);
    };
    let base = inner.shown.as_ref().map(|(s, _)| *s);
    let seq = inner.next_seq();
    if let Some(shown) = inner.shown.as_mut() {
        shown.0 = seq;
    }
    let _ = app.emit_to(
        SCREEN_LABEL,
        SCREEN_EVENT,
        &ScreenPayload {
            seq,
            base,
            high_contrast: None,
            update: ScreenUpdate::Edit(edit),
        },
    );
}
