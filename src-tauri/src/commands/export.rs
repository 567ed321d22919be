//! Export of the citizen's summary (for e-Boks) and the meeting minutes as PDF, into the
//! export folder (`faelles_core::export::export_dir`).

use super::Chair;
use crate::error::{CmdError, CmdResult};
use faelles_core::domain::Id;
use faelles_core::export::{self, ExportCheck, Exported};
use faelles_core::handover::DocState;

/// What can be exported from the meeting, the folder, and per document the characters that
/// no bundled font can draw (shown to the chair before export; drawn as "�").
#[tauri::command]
pub fn export_check(chair: Chair, meeting_id: Id) -> CmdResult<ExportCheck> {
    chair.read(|core| core.export_check(meeting_id))
}

/// «Hvem får hvad?»: every recipient of every document of the meeting, one line each.
#[tauri::command]
pub fn recipients_list(chair: Chair, meeting_id: Id) -> CmdResult<Vec<String>> {
    chair.read(|core| core.recipients_list(meeting_id))
}

/// Writes the citizen's summary PDF; `path` in the result is the absolute path. Runs off the
/// main thread: the chair window never freezes on it.
#[tauri::command(async)]
pub fn export_citizen_pdf(chair: Chair, case_id: Id) -> CmdResult<Exported> {
    let dir = export::export_dir();
    chair.mutate(|core| core.export_citizen_summary(case_id, &dir))
}

/// Writes the minutes PDF; `path` in the result is the absolute path (off the main thread).
#[tauri::command(async)]
pub fn export_minutes_pdf(chair: Chair, meeting_id: Id) -> CmdResult<Exported> {
    let dir = export::export_dir();
    chair.mutate(|core| core.export_minutes(meeting_id, &dir))
}

/// Writes the citizen's invitation PDF and records the case as invited (off the main thread).
#[tauri::command(async)]
pub fn export_invitation_pdf(chair: Chair, case_id: Id) -> CmdResult<Exported> {
    let dir = export::export_dir();
    chair.mutate(|core| core.export_invitation(case_id, &dir))
}

/// Writes the participants' agenda PDF (off the main thread).
#[tauri::command(async)]
pub fn export_agenda_pdf(chair: Chair, meeting_id: Id) -> CmdResult<Exported> {
    let dir = export::export_dir();
    chair.mutate(|core| core.export_agenda(meeting_id, &dir))
}

/// Writes the extract of one case for its ad hoc participants (off the main thread).
#[tauri::command(async)]
pub fn export_extract_pdf(chair: Chair, case_id: Id) -> CmdResult<Exported> {
    let dir = export::export_dir();
    chair.mutate(|core| core.export_extract(case_id, &dir))
}

/// Writes the team's calendar file (.ics, every meeting); returns its path.
#[tauri::command]
pub fn export_team_ics(chair: Chair) -> CmdResult<String> {
    let dir = export::export_dir();
    chair.read(|core| core.export_team_calendar(&dir))
}

/// Writes the calendar file of a citizen's own case slot; returns its path.
#[tauri::command]
pub fn export_case_ics(chair: Chair, case_id: Id) -> CmdResult<String> {
    let dir = export::export_dir();
    chair.mutate(|core| core.export_case_calendar(case_id, &dir))
}

/// Writes an ad hoc participant's own invitation PDF (off the main thread); refused unless
/// the citizen's consent covers them.
#[tauri::command(async)]
pub fn export_adhoc_invitation_pdf(
    chair: Chair,
    case_id: Id,
    participant_id: Id,
) -> CmdResult<Exported> {
    let dir = export::export_dir();
    chair.mutate(|core| core.export_adhoc_invitation(case_id, participant_id, &dir))
}

/// Writes an ad hoc participant's one-item agenda PDF (off the main thread).
#[tauri::command(async)]
pub fn export_adhoc_agenda_pdf(
    chair: Chair,
    case_id: Id,
    participant_id: Id,
) -> CmdResult<Exported> {
    let dir = export::export_dir();
    chair.mutate(|core| core.export_adhoc_agenda(case_id, participant_id, &dir))
}

/// Writes an ad hoc participant's calendar file (their case only); returns its path.
#[tauri::command]
pub fn export_adhoc_ics(chair: Chair, case_id: Id, participant_id: Id) -> CmdResult<String> {
    let dir = export::export_dir();
    chair.mutate(|core| core.export_adhoc_calendar(case_id, participant_id, &dir))
}

/// Marks the newest summary of a case as handed over for e-Boks (or takes the mark away).
#[tauri::command]
pub fn mark_handed_over(chair: Chair, case_id: Id, handed: bool) -> CmdResult<DocState> {
    chair.mutate(|core| core.mark_handed_over(case_id, handed))
}

/// Marks the newest final minutes of a meeting as sent to the fixed members (or takes the
/// mark away).
#[tauri::command]
pub fn mark_minutes_sent(chair: Chair, meeting_id: Id, sent: bool) -> CmdResult<DocState> {
    chair.mutate(|core| core.mark_minutes_sent(meeting_id, sent))
}

/// «Åbn» beside the path of a file the app wrote: the file in the system's program for it.
/// Only a file in the export folder (folder.rs).
#[tauri::command]
pub fn open_file(_chair: Chair, path: String) -> CmdResult<()> {
    let file = crate::folder::exported(&export::export_dir(), std::path::Path::new(&path))
        .ok_or_else(|| CmdError::bad_request("Filen findes ikke længere i eksportmappen."))?;
    crate::folder::open(&file).map_err(|e| {
        eprintln!("Fælles Team: filen kunne ikke åbnes: {e}");
        CmdError::bad_request(format!(
            "Filen kunne ikke åbnes: der er måske intet program til den. Den ligger i {}.",
            file.parent().unwrap_or(&file).display()
        ))
    })
}

/// «Vis i mappe» beside the path of a file the app wrote: the file manager opens its folder
/// (Explorer with the file selected). Only a file in the export folder (folder.rs).
#[tauri::command]
pub fn show_in_folder(_chair: Chair, path: String) -> CmdResult<()> {
    let file = crate::folder::exported(&export::export_dir(), std::path::Path::new(&path))
        .ok_or_else(|| CmdError::bad_request("Filen findes ikke længere i eksportmappen."))?;
    crate::folder::show(&file).map_err(|e| {
        eprintln!("Fælles Team: filhåndteringen kunne ikke startes: {e}");
        CmdError::bad_request(format!(
            "Mappen kunne ikke åbnes. Filen ligger i {}.",
            file.parent().unwrap_or(&file).display()
        ))
    })
}
