//! First start, team set-up and the app's overall state.

use super::Chair;
use crate::error::CmdResult;
use faelles_core::chair::{self, AppState as AppView};
use faelles_core::domain::Participant;
use faelles_core::team::{MemberInput, TeamInput};
use faelles_core::{demo, domain::Team};

#[tauri::command]
pub fn app_state(chair: Chair) -> CmdResult<AppView> {
    crate::bench::stamp("interactive"); // bench: no-op unless FAELLES_BENCH_READY is set
    chair.read(chair::app_state)
}

#[tauri::command]
pub fn setup_team(chair: Chair, input: TeamInput) -> CmdResult<Team> {
    chair.mutate(|core| core.setup_team(&input))
}

#[tauri::command]
pub fn update_team(chair: Chair, input: TeamInput) -> CmdResult<Team> {
    chair.mutate(|core| core.update_team(&input))
}

#[tauri::command]
pub fn load_demo(chair: Chair) -> CmdResult<()> {
    chair.mutate(demo::load)
}

#[tauri::command]
pub fn list_participants(chair: Chair) -> CmdResult<Vec<Participant>> {
    chair.read(|core| core.participants())
}

/// Edits one participant (the team view edits an ad hoc person this way). Names are shown on
/// the citizen screen (participants, who is responsible): the screen is refreshed.
#[tauri::command]
pub fn save_participant(chair: Chair, input: MemberInput) -> CmdResult<Participant> {
    chair.mutate(|core| core.save_participant(&input))
}

#[tauri::command]
pub fn team_warnings(chair: Chair) -> CmdResult<Vec<String>> {
    chair.read(chair::team_warnings)
}

/// The chair has saved what was typed (after `chair://closing`): the app may end now.
#[tauri::command]
pub fn exit_app(chair: Chair) -> CmdResult<()> {
    chair.app().exit(0);
    Ok(())
}

/// The chair window was closed while typed text could not be saved (e.g. the disk is full):
/// the chair asks whether to close anyway, and the app stays open meanwhile.
#[tauri::command]
pub fn stay_open(chair: Chair) -> CmdResult<()> {
    chair.state().exit.stay();
    Ok(())
}
