//! The chair's control of the citizen screen: neutral slide, case on screen, curtain.

use super::Chair;
use crate::error::{CmdError, CmdResult};
use crate::events::{MirrorPayload, SCREEN_LABEL};
use faelles_core::domain::Id;
use tauri::Manager;

/// What the screen shows now (the chair's mirror asks on start).
#[tauri::command]
pub fn screen_current(chair: Chair) -> CmdResult<MirrorPayload> {
    Ok(chair.state().mirror())
}

/// Sets the meeting whose neutral slide is shown; takes any case off the screen.
#[tauri::command]
pub fn screen_neutral(chair: Chair, meeting_id: Option<Id>) -> CmdResult<()> {
    chair.change(|_, mode| {
        mode.meeting_id = meeting_id.or(mode.meeting_id);
        mode.case_id = None;
        Ok::<_, CmdError>(())
    })
}

#[tauri::command]
pub fn screen_show_case(chair: Chair, case_id: Id) -> CmdResult<()> {
    chair.change(|core, mode| {
        core.case_consent(case_id)?;
        mode.meeting_id = Some(core.case(case_id)?.meeting_id);
        mode.case_id = Some(case_id);
        Ok::<_, faelles_core::CoreError>(())
    })
}

/// Toggles the curtain; returns whether it is now down.
#[tauri::command]
pub fn screen_curtain(chair: Chair) -> CmdResult<bool> {
    chair.change(|_, mode| {
        mode.curtain = !mode.curtain;
        Ok::<_, CmdError>(mode.curtain)
    })
}

/// The screen's high-contrast look (light on dark): sets it, remembers it on this machine and
/// returns it. The screen gets it with its next whole view (sent at once).
#[tauri::command]
pub fn screen_contrast(chair: Chair, high: bool) -> CmdResult<bool> {
    chair.change(|_, mode| {
        mode.high_contrast = high;
        Ok::<_, CmdError>(())
    })?;
    if let Err(e) = crate::window_state::save_high_contrast(&chair.state().data_dir, high) {
        // The choice holds until the app ends; only remembering it failed.
        eprintln!("Fælles Team: valget af kontrast kunne ikke gemmes ({e}).");
    }
    Ok(high)
}

/// Shows (and focuses) the screen window.
#[tauri::command]
pub fn screen_open(chair: Chair) -> CmdResult<()> {
    if let Some(w) = chair.app().get_webview_window(SCREEN_LABEL) {
        let _ = w.show();
        let _ = w.set_focus();
    }
    Ok(())
}

/// Toggles fullscreen on the screen window.
#[tauri::command]
pub fn screen_fullscreen(chair: Chair) -> CmdResult<bool> {
    let w = chair
        .app()
        .get_webview_window(SCREEN_LABEL)
        .ok_or_else(|| CmdError::bad_request("Borgerskærmen er lukket."))?;
    let full = !w.is_fullscreen().unwrap_or(false);
    let _ = w.set_fullscreen(full);
    Ok(full)
}
