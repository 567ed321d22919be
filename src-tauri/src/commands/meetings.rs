//! Meetings: list, plan, move, cancel; cases on a meeting's agenda.

use super::chair_only;
use crate::error::CmdResult;
use crate::state::AppState;
use faelles_core::domain::{Case, Id};
use faelles_core::service::MeetingInput;
use faelles_core::views::{self, MeetingSummary};
use tauri::{State, Webview};

#[tauri::command]
pub fn list_meetings(webview: Webview, state: State<AppState>) -> CmdResult<Vec<MeetingSummary>> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(views::meetings(core)?))
}

#[tauri::command]
pub fn save_meeting(
    webview: Webview,
    state: State<AppState>,
    input: MeetingInput,
) -> CmdResult<MeetingSummary> {
    chair_only(&webview)?;
    state.with_core(|core| {
        let m = core.save_meeting(&input)?;
        Ok(views::meeting_summary(core, &m)?)
    })
}

#[tauri::command]
pub fn list_cases(
    webview: Webview,
    state: State<AppState>,
    meeting_id: Id,
) -> CmdResult<Vec<views::CaseRow>> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(views::case_rows(core, meeting_id)?))
}

#[tauri::command]
pub fn add_case(
    webview: Webview,
    state: State<AppState>,
    meeting_id: Id,
    citizen_id: Id,
) -> CmdResult<Case> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(core.add_case(meeting_id, citizen_id)?))
}
