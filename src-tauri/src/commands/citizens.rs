//! Citizens and consent.

use super::chair_only;
use crate::error::CmdResult;
use crate::state::AppState;
use faelles_core::chair::{self, CitizenCourse, CitizenListItem};
use faelles_core::citizens::{CitizenInput, ConsentInput};
use faelles_core::domain::Citizen;
use faelles_core::domain::Id;
use tauri::{AppHandle, State, Webview};

#[tauri::command]
pub fn list_citizens(
    webview: Webview,
    state: State<AppState>,
    query: Option<String>,
) -> CmdResult<Vec<CitizenListItem>> {
    chair_only(&webview)?;
    state.read(|core| chair::citizen_list(core, query.as_deref().unwrap_or("")))
}

#[tauri::command]
pub fn save_citizen(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    input: CitizenInput,
) -> CmdResult<Citizen> {
    chair_only(&webview)?;
    state.mutate(&app, |core| core.save_citizen(&input))
}

#[tauri::command]
pub fn citizen_detail(
    webview: Webview,
    state: State<AppState>,
    citizen_id: Id,
) -> CmdResult<chair::CitizenDetail> {
    chair_only(&webview)?;
    state.read(|core| chair::citizen_detail(core, citizen_id))
}

/// The citizen's course: their cases newest first, each agreement with its history.
#[tauri::command]
pub fn citizen_course(
    webview: Webview,
    state: State<AppState>,
    citizen_id: Id,
) -> CmdResult<CitizenCourse> {
    chair_only(&webview)?;
    state.read(|core| core.citizen_course(citizen_id))
}

/// The full CPR number, shown only on request in the citizen's own form.
#[tauri::command]
pub fn reveal_cpr(webview: Webview, state: State<AppState>, citizen_id: Id) -> CmdResult<String> {
    chair_only(&webview)?;
    state.read(|core| core.reveal_cpr(citizen_id))
}

#[tauri::command]
pub fn add_consent(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    citizen_id: Id,
    input: ConsentInput,
) -> CmdResult<()> {
    chair_only(&webview)?;
    state.mutate(&app, |core| {
        core.add_consent(citizen_id, &input).map(|_| ())
    })
}

#[tauri::command]
pub fn withdraw_consent(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    consent_id: Id,
    on: String,
) -> CmdResult<()> {
    chair_only(&webview)?;
    state.mutate(&app, |core| core.withdraw_consent(consent_id, &on))
}
