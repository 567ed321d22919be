//! Between meetings (Opfølgning): the team's open agreements, marking one done or dropped,
//! and "Dine aftaler fra Fælles Team" for one responsible or organisation.

use super::chair_only;
use crate::error::CmdResult;
use crate::state::AppState;
use faelles_core::chair::{FollowUpFilter, FollowUpView};
use faelles_core::domain::{AgreementStatus, Id};
use faelles_core::export;
use tauri::{AppHandle, State, Webview};

/// The follow-up list through `filter`.
#[tauri::command]
pub fn follow_up(
    webview: Webview,
    state: State<AppState>,
    filter: FollowUpFilter,
) -> CmdResult<FollowUpView> {
    chair_only(&webview)?;
    state.read(|core| core.follow_up(&filter))
}

/// Marks an open agreement done or dropped, with a comment (the citizen's next case's review
/// when there is one: a change the citizen screen may show).
#[tauri::command]
pub fn follow_up_agreement(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    agreement_id: Id,
    outcome: AgreementStatus,
    comment: String,
) -> CmdResult<()> {
    chair_only(&webview)?;
    state.mutate(&app, |core| {
        core.follow_up_agreement(agreement_id, outcome, &comment)
            .map(|_| ())
    })
}

/// Takes back the review that closed an agreement (not one locked by a closed meeting).
#[tauri::command]
pub fn reopen_agreement(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    agreement_id: Id,
) -> CmdResult<()> {
    chair_only(&webview)?;
    state.mutate(&app, |core| core.reopen_agreement(agreement_id).map(|_| ()))
}

/// Writes "Dine aftaler fra Fælles Team" for the filter's responsible or organisation into
/// the export folder; its path.
#[tauri::command(async)]
pub fn export_agreements_pdf(
    webview: Webview,
    state: State<AppState>,
    filter: FollowUpFilter,
) -> CmdResult<String> {
    chair_only(&webview)?;
    let dir = export::export_dir();
    state.read(|core| core.export_agreements_pdf(&filter, &dir))
}
