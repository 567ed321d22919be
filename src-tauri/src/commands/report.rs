//! The trial's indicators (Rapporter): the report for a date range, its PDF and CSV files,
//! and the readability (LIX) of a text.

use super::chair_only;
use crate::error::CmdResult;
use crate::state::AppState;
use faelles_core::export;
use faelles_core::report::{lix::Lix, Report};
use serde::Serialize;
use tauri::{AppHandle, State, Webview};

/// A preset range for the report.
#[derive(Serialize)]
pub struct Preset {
    key: String,
    label: String,
    from: String,
    to: String,
}

/// The report for `from`..=`to` (ISO dates; empty: the last 6 months).
#[tauri::command]
pub fn report(
    webview: Webview,
    state: State<AppState>,
    from: String,
    to: String,
) -> CmdResult<Report> {
    chair_only(&webview)?;
    state.read(|core| core.report(&from, &to))
}

/// The range presets (last 6 months, this year, all).
#[tauri::command]
pub fn report_presets(webview: Webview, state: State<AppState>) -> CmdResult<Vec<Preset>> {
    chair_only(&webview)?;
    state.read(|core| {
        core.report_presets().map(|list| {
            list.into_iter()
                .map(|(key, label, from, to)| Preset {
                    key,
                    label,
                    from,
                    to,
                })
                .collect()
        })
    })
}

/// Writes the report as a PDF into the export folder; its path.
#[tauri::command(async)]
pub fn export_report_pdf(
    webview: Webview,
    state: State<AppState>,
    from: String,
    to: String,
) -> CmdResult<String> {
    chair_only(&webview)?;
    let dir = export::export_dir();
    state.read(|core| core.export_report_pdf(&from, &to, &dir))
}

/// Writes the per-case (`cases`) or per-meeting (`meetings`) CSV file; its path.
#[tauri::command(async)]
pub fn export_report_csv(
    webview: Webview,
    app: AppHandle,
    state: State<AppState>,
    kind: String,
    from: String,
    to: String,
) -> CmdResult<String> {
    chair_only(&webview)?;
    let dir = export::export_dir();
    state.mutate(&app, |core| core.export_report_csv(&kind, &from, &to, &dir))
}

/// The LIX readability of a text (shown quietly beside a citizen-facing section).
#[tauri::command]
pub fn lix(webview: Webview, text: String) -> CmdResult<Lix> {
    chair_only(&webview)?;
    Ok(faelles_core::report::lix::lix(&text))
}
