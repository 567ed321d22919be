//! The trial's indicators (Rapporter): the report for a date range, its PDF and CSV files,
//! and the readability (LIX) of a text.

use super::Chair;
use crate::error::CmdResult;
use faelles_core::export;
use faelles_core::report::{lix::Lix, Report};
use serde::Serialize;

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
pub fn report(chair: Chair, from: String, to: String) -> CmdResult<Report> {
    chair.read(|core| core.report(&from, &to))
}

/// The range presets (last 6 months, this year, all).
#[tauri::command]
pub fn report_presets(chair: Chair) -> CmdResult<Vec<Preset>> {
    chair.read(|core| {
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
pub fn export_report_pdf(chair: Chair, from: String, to: String) -> CmdResult<String> {
    let dir = export::export_dir();
    chair.read(|core| core.export_report_pdf(&from, &to, &dir))
}

/// Writes the per-case (`cases`) or per-meeting (`meetings`) CSV file; its path.
#[tauri::command(async)]
pub fn export_report_csv(
    chair: Chair,
    kind: String,
    from: String,
    to: String,
) -> CmdResult<String> {
    let dir = export::export_dir();
    chair.mutate(|core| core.export_report_csv(&kind, &from, &to, &dir))
}

/// The LIX readability of a text (shown quietly beside a citizen-facing section).
#[tauri::command]
pub fn lix(_chair: Chair, text: String) -> CmdResult<Lix> {
    Ok(faelles_core::report::lix::lix(&text))
}
