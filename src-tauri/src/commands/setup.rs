//! First start, team set-up and the app's overall state.

use super::chair_only;
use crate::error::CmdResult;
use crate::events::refresh_screen;
use crate::state::AppState;
use faelles_core::domain::Participant;
use faelles_core::team::{MemberInput, TeamInput};
use faelles_core::views::{self, AppState as AppView};
use faelles_core::{demo, domain::Team};
use tauri::{AppHandle, State, Webview};

#[tauri::command]
pub fn app_state(webview: Webview, state: State<AppState>) -> CmdResult<AppView> {
    chair_only(&webview)?;
    crate::bench_stamp("interactive"); // bench: no-op unless FAELLES_BENCH_READY is set
    state.with_core(|core| Ok(views::app_state(core)?))
}

#[tauri::command]
pub fn setup_team(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    input: TeamInput,
) -> CmdResult<Team> {
    chair_only(&webview)?;
    let team = state.with_core(|core| Ok(core.setup_team(&input)?))?;
    refresh_screen(&app);
    Ok(team)
}

#[tauri::command]
pub fn update_team(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    input: TeamInput,
) -> CmdResult<Team> {
    chair_only(&webview)?;
    let team = state.with_core(|core| Ok(core.update_team(&input)?))?;
    refresh_screen(&app);
    Ok(team)
}

#[tauri::command]
pub fn load_demo(webview: Webview, app: AppHandle, state: State<AppState>) -> CmdResult<()> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(demo::load(core)?))?;
    refresh_screen(&app);
    Ok(())
}

#[tauri::command]
pub fn list_participants(webview: Webview, state: State<AppState>) -> CmdResult<Vec<Participant>> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(core.participants()?))
}

#[tauri::command]
pub fn save_participant(
    webview: Webview,
    state: State<AppState>,
    input: MemberInput,
) -> CmdResult<Participant> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(core.save_participant(&input)?))
}

#[tauri::command]
pub fn team_warnings(webview: Webview, state: State<AppState>) -> CmdResult<Vec<String>> {
    chair_only(&webview)?;
    state.with_core(|core| Ok(views::team_warnings(core)?))
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
