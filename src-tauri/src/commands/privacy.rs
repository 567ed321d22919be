//! Personal data: the citizen's access request (PDF), the retention periods, «Klar til
//! sletning» and deleting a citizen, citizens a restore brought back, and «Flyt data» /
//! «Hent data» (the team's data as one encrypted file).

use super::Chair;
use crate::error::CmdResult;
use chrono::{DateTime, Utc};
use faelles_core::domain::{DeletionReason, Id};
use faelles_core::export::{
    self, AccessFile, Deletion, DeletionPreview, FoundTransferFile, TransferFile,
};
use faelles_core::privacy::{DeletionDue, Retention, RevivedCitizen};
use std::path::PathBuf;

/// Writes the citizen's access request as a PDF into the export folder (off the main thread).
#[tauri::command(async)]
pub fn access_pdf(chair: Chair, citizen_id: Id) -> CmdResult<AccessFile> {
    let dir = export::export_dir();
    chair.mutate(|core| core.export_access_pdf(citizen_id, &dir))
}

#[tauri::command]
pub fn retention(chair: Chair) -> CmdResult<Retention> {
    chair.read(|core| core.retention())
}

#[tauri::command]
pub fn set_retention(chair: Chair, retention: Retention) -> CmdResult<()> {
    chair.mutate(|core| core.set_retention(retention))
}

/// «Klar til sletning».
#[tauri::command]
pub fn deletion_list(chair: Chair) -> CmdResult<Vec<DeletionDue>> {
    chair.read(|core| core.deletion_due())
}

/// What deleting the citizen leaves: their files in the export folder, the backups.
#[tauri::command]
pub fn deletion_preview(chair: Chair, citizen_id: Id) -> CmdResult<DeletionPreview> {
    let dir = export::export_dir();
    chair.read(|core| core.deletion_preview(citizen_id, &dir))
}

/// Deletes the citizen (the period ran out, or at their request); off the main thread.
#[tauri::command(async)]
pub fn delete_citizen(chair: Chair, citizen_id: Id, reason: DeletionReason) -> CmdResult<Deletion> {
    let dir = export::export_dir();
    chair.mutate(|core| core.delete_citizen(citizen_id, reason, &dir))
}

/// «Slet dem nu»: the backups made before the first one without the deleted data.
#[tauri::command]
pub fn remove_backups_before(chair: Chair, at: DateTime<Utc>) -> CmdResult<usize> {
    chair.read(|core| core.remove_backups_before(at))
}

/// Citizens deleted before the last restore who came back with it.
#[tauri::command]
pub fn revived_citizens(chair: Chair) -> CmdResult<Vec<RevivedCitizen>> {
    chair.read(|core| core.revived_citizens())
}

/// Deletes them again, each for the reason they were deleted before (off the main thread).
#[tauri::command(async)]
pub fn delete_revived(chair: Chair) -> CmdResult<Vec<Deletion>> {
    let dir = export::export_dir();
    chair.mutate(|core| core.delete_revived(&dir))
}

/// «Flyt data»: the team's data encrypted to the passphrase, into the export folder.
#[tauri::command(async)]
pub fn move_data_out(chair: Chair, passphrase: String) -> CmdResult<TransferFile> {
    let dir = export::export_dir();
    chair.read(|core| core.move_data_out(&passphrase, &dir))
}

/// The hand-over files in the export folder, for «Hent data».
#[tauri::command]
pub fn transfer_files(chair: Chair) -> CmdResult<Vec<FoundTransferFile>> {
    chair.read(|_| export::transfer_files(&export::export_dir()))
}

/// «Hent data»: replaces this machine's data with the file's (off the main thread).
#[tauri::command(async)]
pub fn move_data_in(chair: Chair, path: String, passphrase: String) -> CmdResult<String> {
    let file = PathBuf::from(path);
    chair.mutate(|core| {
        core.move_data_in(&file, &passphrase).map(|()| {
            "Data er hentet. De data, der var på denne computer før, er gemt som en \
             sikkerhedskopi."
                .to_string()
        })
    })
}
