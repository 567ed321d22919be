//! Citizens and consent.

use super::chair_only;
use crate::error::CmdResult;
use crate::state::AppState;
use faelles_core::service::CitizenInput;
use faelles_core::views::{self, CitizenListItem};
use faelles_core::domain::Citizen;
use tauri::{State, Webview};

#[tauri::command]
pub fn list_citizens(
    webview: Webview,
    state: State<AppState>,
    query: Option<String>,
) -> CmdResult<Vec<CitizenListItem>> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(views::citizen_list(core, query.as_deref().unwrap_or(""))?))
}

#[tauri::command]
pub fn save_citizen(
    webview: Webview,
    state: State<AppState>,
    input: CitizenInput,
) -> CmdResult<Citizen> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(core.save_citizen(&input)?))
}
