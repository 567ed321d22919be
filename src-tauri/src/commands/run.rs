//! Running a meeting: agenda walk, attendance, notes, agreements, evaluations, closing.
//! Moving between agenda items takes any case off the citizen screen (back to neutral).

use super::chair_only;
use crate::error::CmdResult;
use crate::events::{refresh_screen, refresh_screen_if_case};
use crate::state::AppState;
use faelles_core::domain::{AgreementStatus, Attendance, Id, NoteRef, Participant};
use faelles_core::run::{
    AgendaView, AgreementInput, CaseDetail, CitizenEvalInput, ClosingCheck, MeetingEvalInput,
    MemberAttendanceView, NoteState, ThemeNotesView,
};
use faelles_core::team::MemberInput;
use faelles_core::views;
use tauri::{AppHandle, State, Webview};

/// Sets the open meeting for the neutral slide and takes any case off the screen.
fn screen_to_neutral(app: &AppHandle, state: &AppState, meeting_id: Id) {
    {
        let mut s = state.screen.lock().unwrap_or_else(|p| p.into_inner());
        s.meeting_id = Some(meeting_id);
        s.case_id = None;
    }
    refresh_screen(app);
}

#[tauri::command]
pub fn agenda(webview: Webview, state: State<AppState>, meeting_id: Id) -> CmdResult<AgendaView> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(core.agenda(meeting_id)?))
}

/// Opening a meeting in the chair window shows its neutral slide on the screen.
#[tauri::command]
pub fn open_meeting(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    meeting_id: Id,
) -> CmdResult<AgendaView> {
    chair_only(&webview)?;
    let view = state.with_core(|core| Ok(core.agenda(meeting_id)?))?;
    let same_case_meeting = {
        let s = state.screen.lock().unwrap_or_else(|p| p.into_inner());
        s.meeting_id == Some(meeting_id) && s.case_id.is_some()
    };
    if !same_case_meeting {
        screen_to_neutral(&app, &state, meeting_id);
    }
    Ok(view)
}

#[tauri::command]
pub fn start_meeting(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    meeting_id: Id,
) -> CmdResult<AgendaView> {
    chair_only(&webview)?;
    let view = state.with_core(|core| Ok(core.start_meeting(meeting_id)?))?;
    screen_to_neutral(&app, &state, meeting_id);
    Ok(view)
}

/// `to`: "next", "prev" or an item key.
#[tauri::command]
pub fn goto_item(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    meeting_id: Id,
    to: String,
) -> CmdResult<AgendaView> {
    chair_only(&webview)?;
    let view = state.with_core(|core| {
        Ok(match to.as_str() {
            "next" => core.next_item(meeting_id)?,
            "prev" => core.prev_item(meeting_id)?,
            key => core.goto_item(meeting_id, key)?,
        })
    })?;
    screen_to_neutral(&app, &state, meeting_id);
    Ok(view)
}

#[tauri::command]
pub fn member_attendance(
    webview: Webview,
    state: State<AppState>,
    meeting_id: Id,
) -> CmdResult<Vec<MemberAttendanceView>> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(core.member_attendance(meeting_id)?))
}

#[tauri::command]
pub fn set_member_attendance(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    meeting_id: Id,
    participant_id: Id,
    attendance: Attendance,
) -> CmdResult<()> {
    chair_only(&webview)?;
    state.with_core(|core| {
        Ok(core.set_member_attendance(meeting_id, participant_id, attendance)?)
    })?;
    refresh_screen(&app);
    Ok(())
}

#[tauri::command]
pub fn set_citizen_attendance(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    case_id: Id,
    attendance: Option<Attendance>,
) -> CmdResult<()> {
    chair_only(&webview)?;
    state.with_core(|core| {
        Ok(core
            .set_citizen_attendance(case_id, attendance)
            .map(|_| ())?)
    })?;
    refresh_screen_if_case(&app, case_id);
    Ok(())
}

#[tauri::command]
pub fn set_case_participant_attendance(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    case_id: Id,
    participant_id: Id,
    attendance: Option<Attendance>,
) -> CmdResult<()> {
    chair_only(&webview)?;
    state.with_core(|core| {
        Ok(core.set_case_participant_attendance(case_id, participant_id, attendance)?)
    })?;
    refresh_screen_if_case(&app, case_id);
    Ok(())
}

#[tauri::command]
pub fn add_adhoc_participant(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    case_id: Id,
    input: MemberInput,
) -> CmdResult<Participant> {
    chair_only(&webview)?;
    let p = state.with_core(|core| Ok(core.add_adhoc_participant(case_id, &input)?))?;
    refresh_screen_if_case(&app, case_id);
    Ok(p)
}

#[tauri::command]
pub fn remove_case_participant(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    case_id: Id,
    participant_id: Id,
) -> CmdResult<()> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(core.remove_case_participant(case_id, participant_id)?))?;
    refresh_screen_if_case(&app, case_id);
    Ok(())
}

#[tauri::command]
pub fn theme_notes(
    webview: Webview,
    state: State<AppState>,
    meeting_id: Id,
) -> CmdResult<ThemeNotesView> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(core.theme_notes(meeting_id)?))
}

#[tauri::command]
pub fn case_detail(webview: Webview, state: State<AppState>, case_id: Id) -> CmdResult<CaseDetail> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(core.case_detail(case_id)?))
}

/// A note as an editor opens it again (after `StaleRevision` / `MeetingLocked`).
#[tauri::command]
pub fn note_state(webview: Webview, state: State<AppState>, note: NoteRef) -> CmdResult<NoteState> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(core.note_state(&note)?))
}

/// Every keystroke: the text goes to the citizen screen at once (memory only).
#[tauri::command]
pub fn preview_section(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    case_id: Id,
    key: String,
    text: String,
    base_revision: i64,
) -> CmdResult<()> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(core.preview_section(case_id, &key, &text, base_revision)?))?;
    refresh_screen_if_case(&app, case_id);
    Ok(())
}

/// The durable save of any note: returns the new revision once the text is on disk.
#[tauri::command]
pub fn save_note(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    note: NoteRef,
    text: String,
    base_revision: i64,
) -> CmdResult<i64> {
    chair_only(&webview)?;
    let rev = state.with_core(|core| Ok(core.save_note(&note, &text, base_revision)?))?;
    if let Some(case_id) = note.case_id() {
        refresh_screen_if_case(&app, case_id);
    }
    Ok(rev)
}

/// Appends a kept text to its note (a new revision on top of the editor's).
#[tauri::command]
pub fn merge_kept_text(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    id: Id,
    base_revision: i64,
) -> CmdResult<NoteState> {
    chair_only(&webview)?;
    let note = state.with_core(|core| Ok(core.merge_kept_text(id, base_revision)?))?;
    refresh_screen(&app);
    Ok(note)
}

#[tauri::command]
pub fn discard_kept_text(webview: Webview, state: State<AppState>, id: Id) -> CmdResult<()> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(core.discard_kept_text(id)?))
}

#[tauri::command]
pub fn save_agreement(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    case_id: Id,
    input: AgreementInput,
) -> CmdResult<()> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(core.save_agreement(case_id, &input).map(|_| ())?))?;
    refresh_screen_if_case(&app, case_id);
    Ok(())
}

#[tauri::command]
pub fn delete_agreement(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    agreement_id: Id,
) -> CmdResult<()> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(core.delete_agreement(agreement_id)?))?;
    refresh_screen(&app);
    Ok(())
}

#[tauri::command]
pub fn review_agreement(
    webview: Webview,
    state: State<AppState>,
    case_id: Id,
    agreement_id: Id,
    outcome: AgreementStatus,
    comment: String,
) -> CmdResult<()> {
    chair_only(&webview)?;
    state.with_core(|core| {
        Ok(core
            .review_agreement(case_id, agreement_id, outcome, &comment)
            .map(|_| ())?)
    })
}

#[tauri::command]
pub fn save_citizen_evaluation(
    webview: Webview,
    state: State<AppState>,
    case_id: Id,
    input: CitizenEvalInput,
) -> CmdResult<()> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(core.save_citizen_evaluation(case_id, &input).map(|_| ())?))
}

#[tauri::command]
pub fn meeting_evaluation(
    webview: Webview,
    state: State<AppState>,
    meeting_id: Id,
) -> CmdResult<Option<faelles_core::domain::MeetingEvaluation>> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(core.meeting_evaluation(meeting_id)?))
}

#[tauri::command]
pub fn save_meeting_evaluation(
    webview: Webview,
    state: State<AppState>,
    meeting_id: Id,
    input: MeetingEvalInput,
) -> CmdResult<()> {
    chair_only(&webview)?;
    state.with_core(|core| {
        Ok(core
            .save_meeting_evaluation(meeting_id, &input)
            .map(|_| ())?)
    })
}

#[tauri::command]
pub fn closing_check(
    webview: Webview,
    state: State<AppState>,
    meeting_id: Id,
) -> CmdResult<ClosingCheck> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(core.closing_check(meeting_id)?))
}

#[tauri::command]
pub fn close_meeting(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    meeting_id: Id,
) -> CmdResult<views::MeetingSummary> {
    chair_only(&webview)?;
    let summary = state.with_core(|core| {
        // The core takes a backup at every close; the meeting is closed even if it fails.
        let closed = core.close_meeting(meeting_id)?;
        if let Some(Err(e)) = &closed.backup {
            eprintln!(
                "Fælles Team: sikkerhedskopi efter mødet mislykkedes ({}).",
                e.kind()
            );
        }
        Ok(views::meeting_summary(core, &closed.meeting)?)
    })?;
    screen_to_neutral(&app, &state, meeting_id);
    Ok(summary)
}

#[tauri::command]
pub fn reopen_meeting(
    webview: Webview,
    state: State<AppState>,
    meeting_id: Id,
    reason: String,
) -> CmdResult<()> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(core.reopen_meeting(meeting_id, &reason).map(|_| ())?))
}
