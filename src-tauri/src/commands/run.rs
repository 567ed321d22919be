//! Running a meeting: agenda walk, attendance, notes, agreements, evaluations, closing.
//! Moving between agenda items takes any case off the citizen screen (back to neutral).
//! Every change goes through `Chair::mutate`/`change` (the screen follows by itself).

use super::Chair;
use crate::error::CmdResult;
use crate::state::ScreenMode;
use faelles_core::chair::{self, CaseDetail};
use faelles_core::domain::{
    AgreementStatus, Answer, Attendance, CitizenEvaluation, Id, MeetingEvaluation, NoteRef, Org,
    Participant,
};
use faelles_core::drafts::NoteEdit;
use faelles_core::run::{
    AgendaView, AgreementInput, ClosingCheck, MeetingEvalView, MemberAttendanceView, NoteState,
    ThemeNotesView,
};
use faelles_core::team::MemberInput;

/// The open meeting's neutral slide; any case is taken off the screen.
fn to_neutral(mode: &mut ScreenMode, meeting_id: Id) {
    mode.meeting_id = Some(meeting_id);
    mode.case_id = None;
}

/// Opening a meeting in the chair window shows its neutral slide on the screen (unless one of
/// its cases is on screen already).
#[tauri::command]
pub fn open_meeting(chair: Chair, meeting_id: Id) -> CmdResult<AgendaView> {
    chair.change(|core, mode| {
        let view = core.agenda(meeting_id)?;
        if !(mode.meeting_id == Some(meeting_id) && mode.case_id.is_some()) {
            to_neutral(mode, meeting_id);
        }
        Ok::<_, faelles_core::CoreError>(view)
    })
}

#[tauri::command]
pub fn start_meeting(chair: Chair, meeting_id: Id) -> CmdResult<AgendaView> {
    chair.change(|core, mode| {
        let view = core.start_meeting(meeting_id)?;
        to_neutral(mode, meeting_id);
        Ok::<_, faelles_core::CoreError>(view)
    })
}

/// `to`: "next", "prev" or an item key.
#[tauri::command]
pub fn goto_item(chair: Chair, meeting_id: Id, to: String) -> CmdResult<AgendaView> {
    chair.change(|core, mode| {
        let view = match to.as_str() {
            "next" => core.next_item(meeting_id)?,
            "prev" => core.prev_item(meeting_id)?,
            key => core.goto_item(meeting_id, key)?,
        };
        to_neutral(mode, meeting_id);
        Ok::<_, faelles_core::CoreError>(view)
    })
}

#[tauri::command]
pub fn member_attendance(chair: Chair, meeting_id: Id) -> CmdResult<Vec<MemberAttendanceView>> {
    chair.read(|core| core.member_attendance(meeting_id))
}

#[tauri::command]
pub fn set_member_attendance(
    chair: Chair,
    meeting_id: Id,
    participant_id: Id,
    attendance: Attendance,
) -> CmdResult<()> {
    chair.mutate(|core| core.set_member_attendance(meeting_id, participant_id, attendance))
}

/// «Alle til stede»: everyone on the case not registered yet is present; how many.
#[tauri::command]
pub fn mark_all_present(chair: Chair, case_id: Id) -> CmdResult<usize> {
    chair.mutate(|core| core.mark_all_present(case_id))
}

#[tauri::command]
pub fn set_citizen_attendance(
    chair: Chair,
    case_id: Id,
    attendance: Option<Attendance>,
) -> CmdResult<()> {
    chair.mutate(|core| core.set_citizen_attendance(case_id, attendance).map(|_| ()))
}

#[tauri::command]
pub fn set_case_participant_attendance(
    chair: Chair,
    case_id: Id,
    participant_id: Id,
    attendance: Option<Attendance>,
) -> CmdResult<()> {
    chair.mutate(|core| core.set_case_participant_attendance(case_id, participant_id, attendance))
}

#[tauri::command]
pub fn add_adhoc_participant(
    chair: Chair,
    case_id: Id,
    input: MemberInput,
) -> CmdResult<Participant> {
    chair.mutate(|core| core.add_adhoc_participant(case_id, &input))
}

#[tauri::command]
pub fn remove_case_participant(chair: Chair, case_id: Id, participant_id: Id) -> CmdResult<()> {
    chair.mutate(|core| core.remove_case_participant(case_id, participant_id))
}

#[tauri::command]
pub fn theme_notes(chair: Chair, meeting_id: Id) -> CmdResult<ThemeNotesView> {
    chair.read(|core| core.theme_notes(meeting_id))
}

/// Eventuelt: its notes (carried into the minutes).
#[tauri::command]
pub fn eventuelt_notes(chair: Chair, meeting_id: Id) -> CmdResult<ThemeNotesView> {
    chair.read(|core| core.eventuelt_notes(meeting_id))
}

#[tauri::command]
pub fn case_detail(chair: Chair, case_id: Id) -> CmdResult<CaseDetail> {
    chair.read(|core| core.case_detail(case_id))
}

/// A note as an editor opens it again (after `StaleRevision` / `MeetingLocked`).
#[tauri::command]
pub fn note_state(chair: Chair, note: NoteRef) -> CmdResult<NoteState> {
    chair.read(|core| core.note_state(&note))
}

/// The whole text of a section as typed (memory only): when the editor opens a note, and
/// whenever an edit was refused as out of step.
#[tauri::command]
pub fn preview_section(
    chair: Chair,
    case_id: Id,
    key: String,
    text: String,
    base_revision: i64,
) -> CmdResult<()> {
    chair.mutate(|core| core.preview_section(case_id, &key, &text, base_revision))
}

/// Every keystroke: the edit to the core's draft, and as it is to the citizen screen when the
/// case is on it (memory only). `EditOutOfStep` asks for the whole text (`preview_section`).
#[tauri::command]
pub fn edit_section(chair: Chair, case_id: Id, key: String, edit: NoteEdit) -> CmdResult<()> {
    chair.edit(&NoteRef::section(case_id, &key), &edit)
}

/// The durable save of any note: returns the new revision once the text is on disk.
#[tauri::command]
pub fn save_note(chair: Chair, note: NoteRef, text: String, base_revision: i64) -> CmdResult<i64> {
    chair.mutate(|core| core.save_note(&note, &text, base_revision))
}

/// Appends a kept text to its note (a new revision on top of the editor's).
#[tauri::command]
pub fn merge_kept_text(chair: Chair, id: Id, base_revision: i64) -> CmdResult<NoteState> {
    chair.mutate(|core| core.merge_kept_text(id, base_revision))
}

#[tauri::command]
pub fn discard_kept_text(chair: Chair, id: Id) -> CmdResult<()> {
    chair.mutate(|core| core.discard_kept_text(id))
}

#[tauri::command]
pub fn save_agreement(chair: Chair, case_id: Id, input: AgreementInput) -> CmdResult<()> {
    chair.mutate(|core| core.save_agreement(case_id, &input).map(|_| ()))
}

#[tauri::command]
pub fn delete_agreement(chair: Chair, agreement_id: Id) -> CmdResult<()> {
    chair.mutate(|core| core.delete_agreement(agreement_id))
}

#[tauri::command]
pub fn review_agreement(
    chair: Chair,
    case_id: Id,
    agreement_id: Id,
    outcome: AgreementStatus,
    comment: String,
) -> CmdResult<()> {
    chair.mutate(|core| {
        core.review_agreement(case_id, agreement_id, outcome, &comment)
            .map(|_| ())
    })
}

/// The citizen's answer to one question, saved as it is chosen.
#[tauri::command]
pub fn set_citizen_answer(
    chair: Chair,
    case_id: Id,
    question: String,
    answer: Answer,
) -> CmdResult<CitizenEvaluation> {
    chair.mutate(|core| core.set_citizen_answer(case_id, &question, answer))
}

#[tauri::command]
pub fn meeting_evaluation(chair: Chair, meeting_id: Id) -> CmdResult<MeetingEvalView> {
    chair.read(|core| core.meeting_eval_view(meeting_id))
}

/// An organisation's (or the joint) answer to the coherence question, saved as it is chosen.
#[tauri::command]
pub fn set_meeting_coherent(
    chair: Chair,
    meeting_id: Id,
    org: Org,
    answer: Option<Answer>,
) -> CmdResult<MeetingEvaluation> {
    chair.mutate(|core| core.set_meeting_coherent(meeting_id, org, answer))
}

#[tauri::command]
pub fn closing_check(chair: Chair, meeting_id: Id) -> CmdResult<ClosingCheck> {
    chair.read(|core| core.closing_check(meeting_id))
}

#[tauri::command]
pub fn close_meeting(chair: Chair, meeting_id: Id) -> CmdResult<chair::MeetingSummary> {
    chair.change(|core, mode| {
        // The core takes a backup at every close; the meeting is closed even if it fails.
        let closed = core.close_meeting(meeting_id)?;
        if let Some(Err(e)) = &closed.backup {
            eprintln!("Fælles Team: sikkerhedskopi efter mødet mislykkedes ({e}).");
        }
        to_neutral(mode, meeting_id);
        chair::meeting_summary(core, &closed.meeting)
    })
}

#[tauri::command]
pub fn reopen_meeting(chair: Chair, meeting_id: Id, reason: String) -> CmdResult<()> {
    chair.mutate(|core| core.reopen_meeting(meeting_id, &reason).map(|_| ()))
}
