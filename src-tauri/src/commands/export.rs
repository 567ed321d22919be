//! Export of the citizen's summary (for e-Boks) and the meeting minutes as PDF, into the
//! export folder (`faelles_core::pdf::export_dir`).

use super::chair_only;
use crate::error::CmdResult;
use crate::state::AppState;
use faelles_core::domain::Id;
use faelles_core::pdf::{self, ExportCheck, Exported};
use tauri::{State, Webview};

/// What can be exported from the meeting, the folder, and per document the characters that
/// no bundled font can draw (shown to the chair before export; drawn as "�").
#[tauri::command]
pub fn export_check(
    webview: Webview,
    state: State<AppState>,
    meeting_id: Id,
) -> CmdResult<ExportCheck> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(core.export_check(meeting_id)?))
}

/// Writes the citizen's summary PDF; `path` in the result is the absolute path.
#[tauri::command]
pub fn export_citizen_pdf(
    webview: Webview,
    state: State<AppState>,
    case_id: Id,
) -> CmdResult<Exported> {
    chair_only(&webview)?;
    let dir = pdf::export_dir();
    state.with_core(|core| Ok(core.export_citizen_summary(case_id, &dir)?))
}

/// Writes the minutes PDF; `path` in the result is the absolute path.
#[tauri::command]
pub fn export_minutes_pdf(
    webview: Webview,
    state: State<AppState>,
    meeting_id: Id,
) -> CmdResult<Exported> {
    chair_only(&webview)?;
    let dir = pdf::export_dir();
    state.with_core(|core| Ok(core.export_minutes(meeting_id, &dir)?))
}
