//! Meetings: list, plan, move, cancel; cases on a meeting's agenda.

use super::chair_only;
use crate::error::CmdResult;
use crate::state::AppState;
use faelles_core::cases::CasePrepInput;
use faelles_core::chair::{self, MeetingSummary};
use faelles_core::domain::{Case, Id};
use faelles_core::meetings::MeetingInput;
use tauri::{AppHandle, State, Webview};

#[tauri::command]
pub fn list_meetings(webview: Webview, state: State<AppState>) -> CmdResult<Vec<MeetingSummary>> {
    chair_only(&webview)?;
    state.read(chair::meetings)
}

#[tauri::command]
pub fn save_meeting(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    input: MeetingInput,
) -> CmdResult<MeetingSummary> {
    chair_only(&webview)?;
    state.mutate(&app, |core| {
        let m = core.save_meeting(&input)?;
        chair::meeting_summary(core, &m)
    })
}

#[tauri::command]
pub fn add_case(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    meeting_id: Id,
    citizen_id: Id,
) -> CmdResult<Case> {
    chair_only(&webview)?;
    state.mutate(&app, |core| core.add_case(meeting_id, citizen_id))
}

#[tauri::command]
pub fn meeting_prep(
    webview: Webview,
    state: State<AppState>,
    meeting_id: Id,
) -> CmdResult<chair::MeetingPrep> {
    chair_only(&webview)?;
    state.read(|core| chair::meeting_prep(core, meeting_id))
}

#[tauri::command]
pub fn plan_series(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    first_date: String,
    start: String,
    count: u32,
) -> CmdResult<usize> {
    chair_only(&webview)?;
    state.mutate(&app, |core| {
        let weeks = core.template().cadence_weeks;
        core.plan_series(&first_date, &start, count, weeks)
            .map(|v| v.len())
    })
}

#[tauri::command]
pub fn cancel_meeting(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    meeting_id: Id,
    reason: String,
) -> CmdResult<()> {
    chair_only(&webview)?;
    state.mutate(&app, |core| {
        core.cancel_meeting(meeting_id, &reason).map(|_| ())
    })
}

#[tauri::command]
pub fn update_case_prep(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    case_id: Id,
    input: CasePrepInput,
) -> CmdResult<()> {
    chair_only(&webview)?;
    state.mutate(&app, |core| {
        core.update_case_prep(case_id, &input).map(|_| ())
    })
}

#[tauri::command]
pub fn move_case(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    case_id: Id,
    delta: i32,
) -> CmdResult<()> {
    chair_only(&webview)?;
    state.mutate(&app, |core| core.move_case(case_id, delta))
}

#[tauri::command]
pub fn remove_case(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    case_id: Id,
) -> CmdResult<()> {
    chair_only(&webview)?;
    state.mutate(&app, |core| core.remove_case(case_id))
}

#[tauri::command]
pub fn set_case_member(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    case_id: Id,
    participant_id: Id,
    included: bool,
) -> CmdResult<()> {
    chair_only(&webview)?;
    state.mutate(&app, |core| {
        core.set_case_member(case_id, participant_id, included)
    })
}

#[tauri::command]
pub fn theme_wheel(
    webview: Webview,
    state: State<AppState>,
    year: i32,
) -> CmdResult<Vec<chair::WheelRow>> {
    chair_only(&webview)?;
    state.read(|core| chair::theme_wheel(core, year))
}

#[tauri::command]
pub fn set_theme(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    year: i32,
    slot: u32,
    title: String,
) -> CmdResult<()> {
    chair_only(&webview)?;
    state.mutate(&app, |core| core.set_theme(year, slot, &title))
}
