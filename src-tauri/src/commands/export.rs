//! Export of the citizen's summary (for e-Boks) and the meeting minutes as PDF, into the
//! export folder (`faelles_core::export::export_dir`).

use super::chair_only;
use crate::error::{CmdError, CmdResult};
use crate::state::AppState;
use faelles_core::domain::Id;
use faelles_core::export::{self, ExportCheck, Exported};
use faelles_core::handover::DocState;
use tauri::{AppHandle, State, Webview};

/// What can be exported from the meeting, the folder, and per document the characters that
/// no bundled font can draw (shown to the chair before export; drawn as "�").
#[tauri::command]
pub fn export_check(
    webview: Webview,
    state: State<AppState>,
    meeting_id: Id,
) -> CmdResult<ExportCheck> {
    chair_only(&webview)?;
    state.read(|core| core.export_check(meeting_id))
}

/// Writes the citizen's summary PDF; `path` in the result is the absolute path. Runs off the
/// main thread: the chair window never freezes on it.
#[tauri::command(async)]
pub fn export_citizen_pdf(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    case_id: Id,
) -> CmdResult<Exported> {
    chair_only(&webview)?;
    let dir = export::export_dir();
    state.mutate(&app, |core| core.export_citizen_summary(case_id, &dir))
}

/// Writes the minutes PDF; `path` in the result is the absolute path (off the main thread).
#[tauri::command(async)]
pub fn export_minutes_pdf(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    meeting_id: Id,
) -> CmdResult<Exported> {
    chair_only(&webview)?;
    let dir = export::export_dir();
    state.mutate(&app, |core| core.export_minutes(meeting_id, &dir))
}

/// Writes the citizen's invitation PDF and records the case as invited (off the main thread).
#[tauri::command(async)]
pub fn export_invitation_pdf(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    case_id: Id,
) -> CmdResult<Exported> {
    chair_only(&webview)?;
    let dir = export::export_dir();
    state.mutate(&app, |core| core.export_invitation(case_id, &dir))
}

/// Writes the participants' agenda PDF (off the main thread).
#[tauri::command(async)]
pub fn export_agenda_pdf(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    meeting_id: Id,
) -> CmdResult<Exported> {
    chair_only(&webview)?;
    let dir = export::export_dir();
    state.mutate(&app, |core| core.export_agenda(meeting_id, &dir))
}

/// Writes the extract of one case for its ad hoc participants (off the main thread).
#[tauri::command(async)]
pub fn export_extract_pdf(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    case_id: Id,
) -> CmdResult<Exported> {
    chair_only(&webview)?;
    let dir = export::export_dir();
    state.mutate(&app, |core| core.export_extract(case_id, &dir))
}

/// Writes the team's calendar file (.ics, every meeting); returns its path.
#[tauri::command]
pub fn export_team_ics(webview: Webview, state: State<AppState>) -> CmdResult<String> {
    chair_only(&webview)?;
    let dir = export::export_dir();
    state.read(|core| core.export_team_calendar(&dir))
}

/// Writes the calendar file of a citizen's own case slot; returns its path.
#[tauri::command]
pub fn export_case_ics(webview: Webview, state: State<AppState>, case_id: Id) -> CmdResult<String> {
    chair_only(&webview)?;
    let dir = export::export_dir();
    state.read(|core| core.export_case_calendar(case_id, &dir))
}

/// Marks the newest summary of a case as handed over for e-Boks (or takes the mark away).
#[tauri::command]
pub fn mark_handed_over(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    case_id: Id,
    handed: bool,
) -> CmdResult<DocState> {
    chair_only(&webview)?;
    state.mutate(&app, |core| core.mark_handed_over(case_id, handed))
}

/// «Vis i mappe» beside the path of a file the app wrote: the file manager opens its folder
/// (Explorer with the file selected). Only a file in the export folder (folder.rs).
#[tauri::command]
pub fn show_in_folder(webview: Webview, path: String) -> CmdResult<()> {
    chair_only(&webview)?;
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
