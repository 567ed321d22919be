//! Between meetings (Opfølgning): the team's open agreements, marking one done or dropped,
//! and "Dine aftaler fra Fælles Team" for one responsible or organisation.

use super::Chair;
use crate::error::CmdResult;
use faelles_core::chair::{FollowUpFilter, FollowUpView};
use faelles_core::domain::{AgreementStatus, Id};
use faelles_core::export;

/// The follow-up list through `filter`.
#[tauri::command]
pub fn follow_up(chair: Chair, filter: FollowUpFilter) -> CmdResult<FollowUpView> {
    chair.read(|core| core.follow_up(&filter))
}

/// Marks an open agreement done or dropped, with a comment (the citizen's next case's review
/// when there is one: a change the citizen screen may show).
#[tauri::command]
pub fn follow_up_agreement(
    chair: Chair,
    agreement_id: Id,
    outcome: AgreementStatus,
    comment: String,
) -> CmdResult<()> {
    chair.mutate(|core| {
        core.follow_up_agreement(agreement_id, outcome, &comment)
            .map(|_| ())
    })
}

/// Takes back the review that closed an agreement (not one locked by a closed meeting).
#[tauri::command]
pub fn reopen_agreement(chair: Chair, agreement_id: Id) -> CmdResult<()> {
    chair.mutate(|core| core.reopen_agreement(agreement_id).map(|_| ()))
}

/// Writes "Dine aftaler fra Fælles Team" for the filter's responsible or organisation into
/// the export folder; its path.
#[tauri::command(async)]
pub fn export_agreements_pdf(chair: Chair, filter: FollowUpFilter) -> CmdResult<String> {
    let dir = export::export_dir();
    chair.read(|core| core.export_agreements_pdf(&filter, &dir))
}
