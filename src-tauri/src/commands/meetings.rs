//! Meetings: list, plan, move, cancel; cases on a meeting's agenda.

use super::chair_only;
use crate::error::CmdResult;
use crate::state::AppState;
use faelles_core::cases::CasePrepInput;
use faelles_core::domain::{Case, Id};
use faelles_core::meetings::MeetingInput;
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

#[tauri::command]
pub fn meeting_prep(
    webview: Webview,
    state: State<AppState>,
    meeting_id: Id,
) -> CmdResult<views::MeetingPrep> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(views::meeting_prep(core, meeting_id)?))
}

#[tauri::command]
pub fn plan_series(
    webview: Webview,
    state: State<AppState>,
    first_date: String,
    start: String,
    count: u32,
) -> CmdResult<usize> {
    chair_only(&webview)?;
    state.with_core(|core| {
        let weeks = core.template().cadence_weeks;
        Ok(core.plan_series(&first_date, &start, count, weeks)?.len())
    })
}

#[tauri::command]
pub fn cancel_meeting(
    webview: Webview,
    state: State<AppState>,
    meeting_id: Id,
    reason: String,
) -> CmdResult<()> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(core.cancel_meeting(meeting_id, &reason).map(|_| ())?))
}

#[tauri::command]
pub fn update_case_prep(
    webview: Webview,
    state: State<AppState>,
    case_id: Id,
    input: CasePrepInput,
) -> CmdResult<()> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(core.update_case_prep(case_id, &input).map(|_| ())?))
}

#[tauri::command]
pub fn move_case(
    webview: Webview,
    state: State<AppState>,
    case_id: Id,
    delta: i32,
) -> CmdResult<()> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(core.move_case(case_id, delta)?))
}

#[tauri::command]
pub fn remove_case(webview: Webview, state: State<AppState>, case_id: Id) -> CmdResult<()> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(core.remove_case(case_id)?))
}

#[tauri::command]
pub fn set_case_member(
    webview: Webview,
    state: State<AppState>,
    case_id: Id,
    participant_id: Id,
    included: bool,
) -> CmdResult<()> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(core.set_case_member(case_id, participant_id, included)?))
}

#[tauri::command]
pub fn theme_wheel(
    webview: Webview,
    state: State<AppState>,
    year: i32,
) -> CmdResult<Vec<views::WheelRow>> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(views::theme_wheel(core, year)?))
}

#[tauri::command]
pub fn set_theme(
    webview: Webview,
    state: State<AppState>,
    year: i32,
    slot: u32,
    title: String,
) -> CmdResult<()> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(core.set_theme(year, slot, &title)?))
}
