//! "Om Fælles Team": version, data folder, database schema, the last backup, and the licences
//! of the fonts and crates (generated at build time by build_licences.rs).

use super::Chair;
use crate::error::CmdResult;
use faelles_core::{backup, calendar, store};
use serde::Serialize;

/// `{fonts: [{name, text}], crates: [{name, version, license, repository, files}], texts}`;
/// a crate's `files` are `[file name, index into texts]` (none: its package has no file).
const LICENCES_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/licences.json"));

/// What `faelles-team --version` prints.
pub fn version_line() -> String {
    format!(
        "faelles-team {} (databaseskema {})",
        env!("CARGO_PKG_VERSION"),
        store::SCHEMA_VERSION
    )
}

#[derive(Serialize)]
pub struct About {
    version: &'static str,
    data_dir: String,
    /// The open database's `user_version` (None when it could not be opened).
    schema_version: Option<i64>,
    /// The schema this build writes.
    schema_current: i64,
    /// The newest backup, as a Danish date and time; None when there is none.
    last_backup: Option<String>,
    backups: usize,
}

/// Works also when the database could not be opened.
#[tauri::command]
pub fn about(chair: Chair) -> CmdResult<About> {
    let state = chair.state();
    let schema_version = state.read(|core| core.store().schema_version()).ok();
    let backups = backup::list_backups_in(&backup::backup_dir_in(&state.data_dir))?;
    let last_backup = backups.iter().map(|b| b.created_at).max().map(|t| {
        let local = calendar::local(t);
        format!(
            "{} {}",
            calendar::date_long(local.date_naive()),
            calendar::clock(t)
        )
    });
    Ok(About {
        version: env!("CARGO_PKG_VERSION"),
        data_dir: state.data_dir.display().to_string(),
        schema_version,
        schema_current: store::SCHEMA_VERSION,
        last_backup,
        backups: backups.len(),
    })
}

/// The licences (≈ 0.8 MB of JSON): fetched only when the panel shows them.
#[tauri::command]
pub fn licences(_chair: Chair) -> CmdResult<tauri::ipc::Response> {
    Ok(tauri::ipc::Response::new(LICENCES_JSON.to_string()))
}
