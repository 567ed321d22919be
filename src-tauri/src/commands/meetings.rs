//! Meetings: list, plan, move, cancel; cases on a meeting's agenda.

use super::Chair;
use crate::error::CmdResult;
use faelles_core::cases::CasePrepInput;
use faelles_core::chair::{self, MeetingSummary};
use faelles_core::domain::{Case, Id};
use faelles_core::meetings::MeetingInput;

#[tauri::command]
pub fn list_meetings(chair: Chair) -> CmdResult<Vec<MeetingSummary>> {
    chair.read(chair::meetings)
}

#[tauri::command]
pub fn save_meeting(chair: Chair, input: MeetingInput) -> CmdResult<MeetingSummary> {
    chair.mutate(|core| {
        let m = core.save_meeting(&input)?;
        chair::meeting_summary(core, &m)
    })
}

#[tauri::command]
pub fn add_case(chair: Chair, meeting_id: Id, citizen_id: Id) -> CmdResult<Case> {
    chair.mutate(|core| core.add_case(meeting_id, citizen_id))
}

/// At a case's end: the citizen on a coming meeting (a new case there; the screen's «Dit
/// næste møde» follows).
#[tauri::command]
pub fn put_on_next_meeting(chair: Chair, case_id: Id, meeting_id: Id) -> CmdResult<Case> {
    chair.mutate(|core| core.put_on_next_meeting(case_id, meeting_id))
}

#[tauri::command]
pub fn meeting_prep(chair: Chair, meeting_id: Id) -> CmdResult<chair::MeetingPrep> {
    chair.read(|core| chair::meeting_prep(core, meeting_id))
}

#[tauri::command]
pub fn plan_series(
    chair: Chair,
    first_date: String,
    start: String,
    count: u32,
) -> CmdResult<usize> {
    chair.mutate(|core| {
        let weeks = core.template().cadence_weeks;
        core.plan_series(&first_date, &start, count, weeks)
            .map(|v| v.len())
    })
}

#[tauri::command]
pub fn cancel_meeting(chair: Chair, meeting_id: Id, reason: String) -> CmdResult<()> {
    chair.mutate(|core| core.cancel_meeting(meeting_id, &reason).map(|_| ()))
}

#[tauri::command]
pub fn update_case_prep(chair: Chair, case_id: Id, input: CasePrepInput) -> CmdResult<()> {
    chair.mutate(|core| core.update_case_prep(case_id, &input).map(|_| ()))
}

#[tauri::command]
pub fn move_case(chair: Chair, case_id: Id, delta: i32) -> CmdResult<()> {
    chair.mutate(|core| core.move_case(case_id, delta))
}

#[tauri::command]
pub fn remove_case(chair: Chair, case_id: Id) -> CmdResult<()> {
    chair.mutate(|core| core.remove_case(case_id))
}

#[tauri::command]
pub fn set_case_member(
    chair: Chair,
    case_id: Id,
    participant_id: Id,
    included: bool,
) -> CmdResult<()> {
    chair.mutate(|core| core.set_case_member(case_id, participant_id, included))
}

#[tauri::command]
pub fn theme_wheel(chair: Chair, year: i32) -> CmdResult<Vec<chair::WheelRow>> {
    chair.read(|core| chair::theme_wheel(core, year))
}

#[tauri::command]
pub fn set_theme(chair: Chair, year: i32, slot: u32, title: String) -> CmdResult<()> {
    chair.mutate(|core| core.set_theme(year, slot, &title))
}
