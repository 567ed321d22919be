//! Fælles Team: the thin Tauri shell. Windows, commands, events; the core decides.
//!
//! `main` is the start, step by step: the command line, the checks before any window
//! (start.rs), the core opened into the shell's state (state.rs), then Tauri with the
//! commands (commands/, the list below), the windows and the orderly end (lifecycle.rs).
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod bench;
mod commands;
mod error;
mod events;
mod folder;
mod lifecycle;
mod single;
mod start;
mod state;
mod window_state;
#[cfg(windows)]
mod windows;

use faelles_core::store;
use state::AppState;

fn main() {
    if let Some(code) = start::command_line() {
        std::process::exit(code);
    }
    start::show_panics();
    start::software_rendering_defaults();
    start::check_display();
    let dir = store::data_dir();
    let Some(lock) = start::single_instance(&dir) else {
        return;
    };
    start::check_webview();
    let state = AppState::new(state::open_core(&dir), dir);
    tauri::Builder::default()
        .manage(state)
        .invoke_handler(all_commands())
        .on_page_load(lifecycle::page_loaded)
        .setup(move |app| lifecycle::setup(app, lock))
        .build(tauri::generate_context!())
        .unwrap_or_else(|e| {
            start::fatal(
                &format!("Fælles Team kunne ikke starte (vinduerne kunne ikke oprettes: {e})."),
                1,
            )
        })
        .run(lifecycle::on_event);
}

/// The one list of the app's commands: build.rs derives the chair window's ACL permission set
/// `chair-commands` from it, and tests/it/tidy.rs checks it against what the UI calls.
fn all_commands() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        commands::setup::app_state,
        commands::setup::exit_app,
        commands::setup::stay_open,
        commands::setup::setup_team,
        commands::setup::update_team,
        commands::setup::load_demo,
        commands::setup::list_participants,
        commands::setup::save_participant,
        commands::meetings::list_meetings,
        commands::meetings::save_meeting,
        commands::meetings::add_case,
        commands::meetings::put_on_next_meeting,
        commands::meetings::meeting_prep,
        commands::meetings::plan_series,
        commands::meetings::cancel_meeting,
        commands::meetings::update_case_prep,
        commands::meetings::move_case,
        commands::meetings::remove_case,
        commands::meetings::set_case_member,
        commands::meetings::theme_wheel,
        commands::meetings::set_theme,
        commands::citizens::citizen_detail,
        commands::citizens::citizen_course,
        commands::citizens::reveal_cpr,
        commands::citizens::add_consent,
        commands::citizens::withdraw_consent,
        commands::setup::team_warnings,
        commands::backup::list_backups,
        commands::backup::backup_now,
        commands::backup::restore_backup,
        commands::export::export_check,
        commands::export::export_citizen_pdf,
        commands::export::export_minutes_pdf,
        commands::export::export_invitation_pdf,
        commands::export::export_agenda_pdf,
        commands::export::export_extract_pdf,
        commands::export::export_team_ics,
        commands::export::export_case_ics,
        commands::export::export_adhoc_invitation_pdf,
        commands::export::export_adhoc_agenda_pdf,
        commands::export::export_adhoc_ics,
        commands::export::recipients_list,
        commands::export::mark_handed_over,
        commands::export::show_in_folder,
        commands::export::open_file,
        commands::export::mark_minutes_sent,
        commands::followup::follow_up,
        commands::followup::follow_up_agreement,
        commands::followup::reopen_agreement,
        commands::followup::export_agreements_pdf,
        commands::privacy::access_pdf,
        commands::privacy::retention,
        commands::privacy::set_retention,
        commands::privacy::deletion_list,
        commands::privacy::deletion_preview,
        commands::privacy::delete_citizen,
        commands::privacy::remove_backups_before,
        commands::privacy::revived_citizens,
        commands::privacy::delete_revived,
        commands::privacy::move_data_out,
        commands::privacy::transfer_files,
        commands::privacy::move_data_in,
        commands::templates::template_versions,
        commands::templates::template_version,
        commands::templates::check_template,
        commands::templates::template_preview,
        commands::templates::save_template_version,
        commands::templates::export_template,
        commands::templates::import_template,
        commands::templates::move_meeting_to_template,
        commands::report::report,
        commands::report::report_presets,
        commands::report::export_report_pdf,
        commands::report::export_report_csv,
        commands::report::report_teams,
        commands::report::check_eval_file,
        commands::report::export_eval_data,
        commands::report::eval_texts,
        commands::report::set_eval_text_cleared,
        commands::report::trial_period,
        commands::report::set_trial_period,
        commands::report::baseline,
        commands::report::save_baseline,
        commands::report::lix,
        commands::run::open_meeting,
        commands::run::start_meeting,
        commands::run::goto_item,
        commands::run::member_attendance,
        commands::run::set_member_attendance,
        commands::run::mark_all_present,
        commands::run::set_citizen_attendance,
        commands::run::set_case_participant_attendance,
        commands::run::add_adhoc_participant,
        commands::run::remove_case_participant,
        commands::run::theme_notes,
        commands::run::eventuelt_notes,
        commands::run::case_detail,
        commands::run::note_state,
        commands::run::preview_section,
        commands::run::edit_section,
        commands::run::save_note,
        commands::run::merge_kept_text,
        commands::run::discard_kept_text,
        commands::run::save_agreement,
        commands::run::delete_agreement,
        commands::run::review_agreement,
        commands::run::set_citizen_answer,
        commands::run::meeting_evaluation,
        commands::run::set_meeting_coherent,
        commands::run::closing_check,
        commands::run::close_meeting,
        commands::run::reopen_meeting,
        commands::citizens::list_citizens,
        commands::citizens::save_citizen,
        commands::screen::screen_current,
        commands::screen::screen_neutral,
        commands::screen::screen_show_case,
        commands::screen::screen_curtain,
        commands::screen::screen_open,
        commands::screen::screen_fullscreen,
        commands::screen::screen_contrast,
        commands::about::about,
        commands::about::licences,
    ]
}
