//! Backups: list, take one now, restore (also when the database could not be opened).

use super::Chair;
use crate::error::CmdResult;
use faelles_core::backup::{self, BackupInfo};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Serialize)]
pub struct BackupRow {
    path: String,
    label: String,
    size_kb: u64,
}

fn row(b: BackupInfo) -> BackupRow {
    let local = faelles_core::calendar::local(b.created_at);
    BackupRow {
        path: b.path.display().to_string(),
        label: format!(
            "{} {}",
            faelles_core::calendar::date_long(local.date_naive()),
            faelles_core::calendar::clock(b.created_at)
        ),
        size_kb: b.size.div_ceil(1024),
    }
}

/// Works also when the database could not be opened (to offer a backup).
#[tauri::command]
pub fn list_backups(chair: Chair) -> CmdResult<Vec<BackupRow>> {
    let list = backup::list_backups_in(&backup::backup_dir_in(&chair.state().data_dir))?;
    Ok(list.into_iter().map(row).collect())
}

/// Takes a backup now (off the main thread).
#[tauri::command(async)]
pub fn backup_now(chair: Chair) -> CmdResult<BackupRow> {
    chair.read(|core| backup::create_backup(core.store(), core.now()).map(row))
}

/// Restores the chosen backup (one from the list; the core refuses any other file). With an
/// open database a safety copy of the current data is taken first; with a damaged one the
/// broken file is kept aside. Runs off the main thread.
#[tauri::command(async)]
pub fn restore_backup(chair: Chair, path: String) -> CmdResult<String> {
    let chosen = PathBuf::from(&path);
    let state = chair.state();
    if state.core_is_open() {
        return chair.mutate(|core| {
            core.restore_backup(&chosen).map(|_| {
                "Sikkerhedskopien er gendannet. De data, der var før, er gemt som en ny kopi."
                    .to_string()
            })
        });
    }
    let kept = backup::replace_broken_database(&state.data_dir, &chosen, chrono::Utc::now())?;
    state.set_core(chair.app(), crate::state::open_core(&state.data_dir));
    Ok(match kept {
        Some(kept) => format!(
            "Sikkerhedskopien er gendannet. Den beskadigede fil er gemt her: {}",
            kept.display()
        ),
        None => "Sikkerhedskopien er gendannet.".to_string(),
    })
}
