//! Team → Skabelon: the team's template versions, the editor's check and preview, saving a
//! new version, a template as a file out and in, and moving a planned meeting to a version.

use super::Chair;
use crate::error::CmdResult;
use faelles_core::domain::{Id, Meeting};
use faelles_core::export;
use faelles_core::preview::{self, TemplatePreview};
use faelles_core::template_versions::{TemplateVersionDetail, TemplateVersionView};
use faelles_core::templates::Template;

/// Every version of the team's template, newest first.
#[tauri::command]
pub fn template_versions(chair: Chair) -> CmdResult<Vec<TemplateVersionView>> {
    chair.read(|core| core.template_versions())
}

/// One version with its template (what the editor starts from).
#[tauri::command]
pub fn template_version(chair: Chair, id: String) -> CmdResult<TemplateVersionDetail> {
    chair.read(|core| core.template_version(&id))
}

/// The template as the editor has it, checked without saving (every problem in Danish).
#[tauri::command]
pub fn check_template(chair: Chair, template: Template) -> CmdResult<()> {
    chair.read(|core| core.check_template(&template))
}

/// The citizen screen, the agenda and the letters of a sample case with `template`.
#[tauri::command(async)]
pub fn template_preview(chair: Chair, template: Template) -> CmdResult<TemplatePreview> {
    chair.read(|core| {
        let team = core.team()?.map(|t| t.name).unwrap_or_default();
        preview::template_preview(&template, &team, core.now())
    })
}

/// Saves the template as the team's next version, with what changed and why.
#[tauri::command]
pub fn save_template_version(
    chair: Chair,
    template: Template,
    note: String,
    saved_by: String,
) -> CmdResult<TemplateVersionView> {
    chair.mutate(|core| core.save_template_version(&template, &note, &saved_by))
}

/// Writes a version as a template file into the export folder; its path.
#[tauri::command(async)]
pub fn export_template(chair: Chair, id: String) -> CmdResult<String> {
    let dir = export::export_dir();
    chair.read(|core| core.export_template(&id, &dir))
}

/// Imports a template file (its text as read by the chair window) as the next version.
#[tauri::command]
pub fn import_template(
    chair: Chair,
    text: String,
    file_name: String,
    saved_by: String,
) -> CmdResult<TemplateVersionView> {
    chair.mutate(|core| core.import_template(text.as_bytes(), &file_name, &saved_by))
}

/// Moves a planned meeting to a version of the team's template.
#[tauri::command]
pub fn move_meeting_to_template(
    chair: Chair,
    meeting_id: Id,
    version_id: String,
) -> CmdResult<Meeting> {
    chair.mutate(|core| core.move_meeting_to_template(meeting_id, &version_id))
}
