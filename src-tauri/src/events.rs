//! Events to the windows. The citizen screen gets exactly one event, `screen://view`, with what
//! the core's projection says it may show (the whole view, or one section's text edit), and
//! nothing else; its first view, once its page has loaded, by [`give_first_view`]. [`Feed`]
//! is what the screen was sent: updates are diffs to it. The state (state.rs) owns the feed
//! and calls in here with its lock held, so that updates leave in the order of their sequence
//! numbers and always describe what the screen shows; this module knows nothing of the state.

use faelles_core::drafts::NoteEdit;
use faelles_core::projection::{self, ScreenUpdate, ScreenView};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Webview};

pub const SCREEN_LABEL: &str = "screen";
pub const CHAIR_LABEL: &str = "chair";
pub const SCREEN_EVENT: &str = "screen://view";
/// To the chair: what the screen shows now (the chair always mirrors it).
pub const MIRROR_EVENT: &str = "chair://screen-mirror";
/// To the chair: the app is ending; save what is typed, then call `exit_app` (lifecycle.rs).
pub const CLOSING_EVENT: &str = "chair://closing";
/// To the chair: the whole-file check found the database damaged (lifecycle.rs).
pub const DATA_DAMAGED_EVENT: &str = "chair://data-damaged";

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

/// What the screen window was sent: the view it shows now with its sequence number, and its
/// look. Owned by the state, behind its lock.
#[derive(Default)]
pub struct Feed {
    /// What the screen window shows now, with its sequence number: updates are diffs to it.
    shown: Option<(u64, ScreenView)>,
    /// The last sequence number sent to the screen.
    seq: u64,
    /// The look the screen was last told (`ScreenMode::high_contrast`).
    shown_contrast: bool,
}

impl Feed {
    fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    /// `view` as the whole view the screen will show from now on (its page has just loaded).
    pub fn whole(&mut self, view: ScreenView, high_contrast: bool) -> ScreenPayload {
        let seq = self.next_seq();
        self.shown = Some((seq, view.clone()));
        self.shown_contrast = high_contrast;
        ScreenPayload {
            seq,
            base: None,
            high_contrast: Some(high_contrast),
            update: ScreenUpdate::View(view),
        }
    }

    /// What the screen shows now, for the chair's mirror (`current`: the view it will show,
    /// before it was sent any).
    pub fn mirror(
        &self,
        current: impl FnOnce() -> ScreenView,
        high_contrast: bool,
    ) -> MirrorPayload {
        match self.shown.as_ref() {
            Some((seq, v)) => mirror_of(*seq, v, high_contrast),
            None => mirror_of(0, &current(), high_contrast),
        }
    }
}

/// Gives the screen window its first view once its page has loaded: the screen cannot call
/// commands, and an event sent before its script listens would be lost. The payload is handed
/// to `window.__ftViews` (ui/js/screen.js), which applies it as soon as the screen's script
/// runs, or at once if it runs already; a newer view that came first wins (an older `seq` is
/// ignored).
pub fn give_first_view(webview: &Webview, payload: &ScreenPayload) {
    if let Ok(json) = serde_json::to_string(payload) {
        let _ = webview.eval(format!("(window.__ftViews ??= []).push({json});"));
    }
}

/// Sends the screen what changed from what it shows to `view` (nothing if nothing did; the
/// whole view when its look, high contrast or not, changed); the chair's mirror hears only
/// when what it shows changes.
pub(crate) fn refresh(app: &AppHandle, feed: &mut Feed, view: ScreenView, contrast: bool) {
    let restyle = feed.shown_contrast != contrast;
    let update = match projection::update(feed.shown.as_ref().map(|(_, v)| v), &view) {
        Some(ScreenUpdate::Edit(_)) | None if restyle => ScreenUpdate::View(view.clone()),
        Some(update) => update,
        None => return,
    };
    let (base, high_contrast) = match update {
        ScreenUpdate::Edit(_) => (feed.shown.as_ref().map(|(s, _)| *s), None),
        ScreenUpdate::View(_) => (None, Some(contrast)),
    };
    let seq = feed.next_seq();
    let mirror_changed = restyle
        || feed
            .shown
            .as_ref()
            .is_none_or(|(_, v)| mirror_state(v) != mirror_state(&view));
    let mirror = mirror_of(seq, &view, contrast);
    feed.shown = Some((seq, view));
    feed.shown_contrast = contrast;
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
/// the screen shows (`projection::splice`) and it is sent as it is, without computing the view
/// again. False if it does not fit what the screen shows (it always should): then nothing is
/// sent, and the caller sends the whole view.
pub(crate) fn forward_edit(app: &AppHandle, feed: &mut Feed, key: &str, e: &NoteEdit) -> bool {
    let Some(edit) = feed
        .shown
        .as_mut()
        .and_then(|(_, view)| projection::splice(view, key, e))
    else {
        return false;
    };
    let base = feed.shown.as_ref().map(|(s, _)| *s);
    let seq = feed.next_seq();
    if let Some(shown) = feed.shown.as_mut() {
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
    true
}
