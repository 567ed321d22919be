//! The chair's control of the citizen screen: neutral slide, case on screen, curtain.

use super::chair_only;
use crate::error::{CmdError, CmdResult};
use crate::events::{current_mirror, MirrorPayload, SCREEN_LABEL};
use crate::state::AppState;
use faelles_core::domain::Id;
use tauri::{AppHandle, Manager, State, Webview};

/// What the screen shows now (the chair's mirror asks on start).
#[tauri::command]
pub fn screen_current(webview: Webview, app: AppHandle) -> CmdResult<MirrorPayload> {
    chair_only(&webview)?;
    Ok(current_mirror(&app))
}

/// Sets the meeting whose neutral slide is shown; takes any case off the screen.
#[tauri::command]
pub fn screen_neutral(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    meeting_id: Option<Id>,
) -> CmdResult<()> {
    chair_only(&webview)?;
    state.change(&app, |_, mode| {
        mode.meeting_id = meeting_id.or(mode.meeting_id);
        mode.case_id = None;
        Ok::<_, CmdError>(())
    })
}

#[tauri::command]
pub fn screen_show_case(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    case_id: Id,
) -> CmdResult<()> {
    chair_only(&webview)?;
    state.change(&app, |core, mode| {
        core.case_consent(case_id)?;
        mode.meeting_id = Some(core.case(case_id)?.meeting_id);
        mode.case_id = Some(case_id);
        Ok::<_, faelles_core::CoreError>(())
    })
}

/// Toggles the curtain; returns whether it is now down.
#[tauri::command]
pub fn screen_curtain(webview: Webview, app: AppHandle, state: State<AppState>) -> CmdResult<bool> {
    chair_only(&webview)?;
    state.change(&app, |_, mode| {
        mode.curtain = !mode.curtain;
        Ok::<_, CmdError>(mode.curtain)
    })
}

/// The screen's high-contrast look (light on dark): sets it, remembers it on this machine and
/// returns it. The screen gets it with its next whole view (sent at once).
#[tauri::command]
pub fn screen_contrast(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    high: bool,
) -> CmdResult<bool> {
    chair_only(&webview)?;
    state.change(&app, |_, mode| {
        mode.high_contrast = high;
        Ok::<_, CmdError>(())
    })?;
    if let Err(e) = crate::window_state::save_high_contrast(&state.data_dir, high) {
        // The choice holds until the app ends; only remembering it failed.
        eprintln!("Fælles Team: valget af kontrast kunne ikke gemmes ({e}).");
    }
    Ok(high)
}

/// Shows (and focuses) the screen window.
#[tauri::command]
pub fn screen_open(webview: Webview, app: AppHandle) -> CmdResult<()> {
    chair_only(&webview)?;
    if let Some(w) = app.get_webview_window(SCREEN_LABEL) {
        let _ = w.show();
        let _ = w.set_focus();
    }
    Ok(())
}

/// Toggles fullscreen on the screen window.
#[tauri::command]
pub fn screen_fullscreen(webview: Webview, app: AppHandle) -> CmdResult<bool> {
    chair_only(&webview)?;
    let w = app
        .get_webview_window(SCREEN_LABEL)
        .ok_or_else(|| CmdError::bad_request("Borgerskærmen er lukket."))?;
    let full = !w.is_fullscreen().unwrap_or(false);
    let _ = w.set_fullscreen(full);
    Ok(full)
}
