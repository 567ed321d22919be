//! Export of the citizen's summary (for e-Boks) and the meeting minutes as PDF.

use super::chair_only;
use crate::error::CmdResult;
use crate::state::AppState;
use faelles_core::domain::Id;
use tauri::{State, Webview};

/// Characters that no bundled font can draw, to tell the chair before export.
#[tauri::command]
pub fn export_check(
    webview: Webview,
    state: State<AppState>,
    meeting_id: Id,
) -> CmdResult<Vec<String>> {
    chair_only(&webview)?;
    let _ = (state, meeting_id);
    Ok(vec![])
}

/// Writes the citizen's summary PDF; returns the absolute path.
#[tauri::command]
pub fn export_citizen_pdf(
    webview: Webview,
    state: State<AppState>,
    case_id: Id,
) -> CmdResult<String> {
    chair_only(&webview)?;
    let _ = (state, case_id);
    Err(crate::error::CmdError::bad_request(
        "Eksport er ikke klar endnu.",
    ))
}

/// Writes the minutes PDF; returns the absolute path.
#[tauri::command]
pub fn export_minutes_pdf(
    webview: Webview,
    state: State<AppState>,
    meeting_id: Id,
) -> CmdResult<String> {
    chair_only(&webview)?;
    let _ = (state, meeting_id);
    Err(crate::error::CmdError::bad_request(
        "Eksport er ikke klar endnu.",
    ))
}
