//! Citizens and consent.

use super::Chair;
use crate::error::CmdResult;
use faelles_core::chair::CitizenCourse;
use faelles_core::chair::{self, CitizenListItem};
use faelles_core::citizens::{CitizenInput, ConsentInput};
use faelles_core::domain::Citizen;
use faelles_core::domain::Id;

#[tauri::command]
pub fn list_citizens(chair: Chair, query: Option<String>) -> CmdResult<Vec<CitizenListItem>> {
    chair.read(|core| chair::citizen_list(core, query.as_deref().unwrap_or("")))
}

#[tauri::command]
pub fn save_citizen(chair: Chair, input: CitizenInput) -> CmdResult<Citizen> {
    chair.mutate(|core| core.save_citizen(&input))
}

#[tauri::command]
pub fn citizen_detail(chair: Chair, citizen_id: Id) -> CmdResult<chair::CitizenDetail> {
    chair.read(|core| chair::citizen_detail(core, citizen_id))
}

/// The citizen's course: their cases newest first, each agreement with its history.
#[tauri::command]
pub fn citizen_course(chair: Chair, citizen_id: Id) -> CmdResult<CitizenCourse> {
    chair.read(|core| core.citizen_course(citizen_id))
}

/// The full CPR number, shown only on request in the citizen's own form.
#[tauri::command]
pub fn reveal_cpr(chair: Chair, citizen_id: Id) -> CmdResult<String> {
    chair.read(|core| core.reveal_cpr(citizen_id))
}

#[tauri::command]
pub fn add_consent(chair: Chair, citizen_id: Id, input: ConsentInput) -> CmdResult<()> {
    chair.mutate(|core| core.add_consent(citizen_id, &input).map(|_| ()))
}

#[tauri::command]
pub fn withdraw_consent(chair: Chair, consent_id: Id, on: String) -> CmdResult<()> {
    chair.mutate(|core| core.withdraw_consent(consent_id, &on))
}
