//! The trial's indicators (Rapporter): the report for a date range, its PDF and CSV files,
//! and the readability (LIX) of a text.

use super::Chair;
use crate::error::CmdResult;
use faelles_core::export;
use faelles_core::report::data::EvalText;
use faelles_core::report::teams::TeamsReport;
use faelles_core::report::trial::TrialPeriod;
use faelles_core::report::{lix::Lix, Report};
use faelles_core::store::Baseline;
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

/// Writes the report (with the imported teams' `files`) as a PDF into the export folder.
#[tauri::command(async)]
pub fn export_report_pdf(
    chair: Chair,
    from: String,
    to: String,
    files: Vec<String>,
) -> CmdResult<String> {
    let dir = export::export_dir();
    chair.read(|core| core.export_report_pdf(&from, &to, &files, &dir))
}

/// The working group's report: the team's own data beside the imported `files` (their
/// text, held by the report view for the session), and all together. Makes the citizens'
/// pseudonymous keys where missing.
#[tauri::command(async)]
pub fn report_teams(
    chair: Chair,
    from: String,
    to: String,
    files: Vec<String>,
) -> CmdResult<TeamsReport> {
    chair.mutate(|core| core.teams_report(&from, &to, &files))
}

/// Checks one evaluation file before the view keeps it: its team ("Navn (Kommune)") and key.
#[tauri::command]
pub fn check_eval_file(_chair: Chair, text: String) -> CmdResult<(String, String)> {
    let d = faelles_core::report::data::decode(text.as_bytes())?;
    Ok((
        d.team.key,
        format!("{} ({})", d.team.name, d.team.municipality),
    ))
}

/// Writes the team's «Evalueringsdata» for the range into the export folder; its path.
#[tauri::command(async)]
pub fn export_eval_data(chair: Chair, from: String, to: String) -> CmdResult<String> {
    let dir = export::export_dir();
    chair.mutate(|core| core.export_eval_data(&from, &to, &dir))
}

/// The free texts of the range with their ticks (the chair reads them through).
#[tauri::command]
pub fn eval_texts(chair: Chair, from: String, to: String) -> CmdResult<Vec<EvalText>> {
    chair.read(|core| core.eval_texts(&from, &to))
}

/// Ticks a free text as read through for the evaluation file, or takes the tick back.
#[tauri::command]
pub fn set_eval_text_cleared(
    chair: Chair,
    owner: faelles_core::domain::Id,
    note_key: String,
    cleared: bool,
) -> CmdResult<()> {
    chair.mutate(|core| core.set_eval_text_cleared(owner, &note_key, cleared))
}

/// The trial's start and evaluation date (team settings).
#[tauri::command]
pub fn trial_period(chair: Chair) -> CmdResult<TrialPeriod> {
    chair.read(|core| core.trial_period())
}

#[tauri::command]
pub fn set_trial_period(chair: Chair, start: String, end: String) -> CmdResult<TrialPeriod> {
    chair.mutate(|core| core.set_trial_period(&start, &end))
}

/// The baseline entered by hand (before the trial).
#[tauri::command]
pub fn baseline(chair: Chair) -> CmdResult<Option<Baseline>> {
    chair.read(|core| core.baseline())
}

#[tauri::command]
pub fn save_baseline(chair: Chair, baseline: Option<Baseline>) -> CmdResult<Option<Baseline>> {
    chair.mutate(|core| core.save_baseline(baseline))
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
