//! First start, team set-up and the app's overall state.

use super::chair_only;
use crate::error::CmdResult;
use crate::state::AppState;
use faelles_core::chair::{self, AppState as AppView};
use faelles_core::domain::Participant;
use faelles_core::team::{MemberInput, TeamInput};
use faelles_core::{demo, domain::Team};
use tauri::{AppHandle, State, Webview};

#[tauri::command]
pub fn app_state(webview: Webview, state: State<AppState>) -> CmdResult<AppView> {
    chair_only(&webview)?;
    crate::bench_stamp("interactive"); // bench: no-op unless FAELLES_BENCH_READY is set
    state.read(chair::app_state)
}

#[tauri::command]
pub fn setup_team(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    input: TeamInput,
) -> CmdResult<Team> {
    chair_only(&webview)?;
    state.mutate(&app, |core| core.setup_team(&input))
}

#[tauri::command]
pub fn update_team(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    input: TeamInput,
) -> CmdResult<Team> {
    chair_only(&webview)?;
    state.mutate(&app, |core| core.update_team(&input))
}

#[tauri::command]
pub fn load_demo(webview: Webview, app: AppHandle, state: State<AppState>) -> CmdResult<()> {
    chair_only(&webview)?;
    state.mutate(&app, demo::load)
}

#[tauri::command]
pub fn list_participants(webview: Webview, state: State<AppState>) -> CmdResult<Vec<Participant>> {
    chair_only(&webview)?;
    state.read(|core| core.participants())
}

/// Edits one participant (the team view edits an ad hoc person this way). Names are shown on
/// the citizen screen (participants, who is responsible): the screen is refreshed.
#[tauri::command]
pub fn save_participant(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    input: MemberInput,
) -> CmdResult<Participant> {
    chair_only(&webview)?;
    state.mutate(&app, |core| core.save_participant(&input))
}

#[tauri::command]
pub fn team_warnings(webview: Webview, state: State<AppState>) -> CmdResult<Vec<String>> {
    chair_only(&webview)?;
    state.read(chair::team_warnings)
}

/// The chair has saved what was typed (after `chair://closing`): the app may end now.
#[tauri::command]
pub fn exit_app(webview: Webview, app: AppHandle) -> CmdResult<()> {
    chair_only(&webview)?;
    app.exit(0);
    Ok(())
}

/// The chair window was closed while typed text could not be saved (e.g. the disk is full):
/// the chair asks whether to close anyway, and the app stays open meanwhile.
#[tauri::command]
pub fn stay_open(webview: Webview, state: State<AppState>) -> CmdResult<()> {
    chair_only(&webview)?;
    state.exit.stay();
    Ok(())
}
