//! Fælles Team: the thin Tauri shell. Windows, commands, events; the core decides.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod error;
mod events;
mod folder;
mod single;
mod state;
mod window_state;
#[cfg(windows)]
mod windows;

use error::CmdError;
use events::{full_payload, CHAIR_LABEL, SCREEN_LABEL};
use faelles_core::{demo, store, Core};
use state::AppState;
use tauri::webview::PageLoadEvent;
use tauri::{Manager, WebviewUrl, WebviewWindowBuilder};

fn main() {
    if let Some(done) = command_line() {
        std::process::exit(done);
    }
    #[cfg(windows)]
    show_panics();
    software_rendering_defaults();
    if let Err(msg) = check_display() {
        fatal(&msg, 2);
    }
    let dir = store::data_dir();
    let guard = match store::ensure_private_dir(&dir)
        .map_err(std::io::Error::other)
        .and_then(|()| single::acquire(&dir))
    {
        Ok(single::Instance::First(guard)) => Some(guard),
        Ok(single::Instance::AlreadyRunning { focused }) => {
            already_running(&dir, focused);
            return;
        }
        // Without a lock (e.g. an unusual file system) the app still runs.
        Err(_) => None,
    };
    if !windowless() {
        if let Err(msg) = check_webview() {
            fatal(&msg, 3);
        }
    }
    let core = open_core(&dir);
    let data_dir = dir.clone();

    tauri::Builder::default()
        .manage(AppState::new(core, dir.clone()))
        .invoke_handler(tauri::generate_handler![
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
            commands::export::mark_handed_over,
            commands::export::show_in_folder,
            commands::followup::follow_up,
            commands::followup::follow_up_agreement,
            commands::followup::reopen_agreement,
            commands::followup::export_agreements_pdf,
            commands::report::report,
            commands::report::report_presets,
            commands::report::export_report_pdf,
            commands::report::export_report_csv,
            commands::report::lix,
            commands::run::open_meeting,
            commands::run::start_meeting,
            commands::run::goto_item,
            commands::run::member_attendance,
            commands::run::set_member_attendance,
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
        ])
        .on_page_load(|webview, payload| {
            if payload.event() == PageLoadEvent::Finished {
                bench_stamp(webview.label()); // bench: cold-start stamp (FAELLES_BENCH_READY)
            }
            // The screen cannot call commands; give it the current view once its page has
            // loaded. Later views arrive as `screen://view` events. Its module script may not
            // have run yet when the load is reported (seen once in a clean-clone CI run under
            // load: the screen stayed empty after a restart), so the script waits for it
            // (up to 5 s); a newer view that came first wins (`apply` ignores an older seq).
            if webview.label() == SCREEN_LABEL && payload.event() == PageLoadEvent::Finished {
                let p = full_payload(webview.app_handle());
                if let Ok(json) = serde_json::to_string(&p) {
                    let _ = webview.eval(format!(
                        "(function give(n) {{ if (window.__ftApply) window.__ftApply({json}); \
                         else if (n < 200) setTimeout(() => give(n + 1), 25); }})(0);"
                    ));
                }
            }
        })
        .setup(move |app| {
            if !windowless() {
                open_windows(app, data_dir)?;
            }
            check_and_back_up(app.handle().clone());
            exit_on_signals(app.handle().clone());
            if let Some(guard) = guard {
                let handle = app.handle().clone();
                guard.on_focus(move || {
                    if let Some(w) = handle.get_webview_window(CHAIR_LABEL) {
                        let _ = w.unminimize();
                        let _ = w.show();
                        let _ = w.set_focus();
                    }
                });
                // Held (and the data dir locked) as long as the app runs.
                app.manage(guard);
            }
            Ok(())
        })
        .build(tauri::generate_context!())
        .unwrap_or_else(|e| {
            fatal(
                &format!("Fælles Team kunne ikke starte (vinduerne kunne ikke oprettes: {e})."),
                1,
            )
        })
        .run(|app, event| match event {
            // Closing the chair ends the app (the screen alone is of no use); closing the
            // screen window only hides it ("Vis vindue" brings it back).
            tauri::RunEvent::WindowEvent {
                label,
                event: tauri::WindowEvent::CloseRequested { api, .. },
                ..
            } => {
                if label == CHAIR_LABEL {
                    api.prevent_close();
                    begin_exit(app, true);
                } else if label == SCREEN_LABEL {
                    api.prevent_close();
                    if let Some(w) = app.get_webview_window(SCREEN_LABEL) {
                        let _ = w.hide();
                    }
                }
            }
            // Text typed but not yet saved (the editor saves 300 ms after the last key) is
            // saved, then the database is closed cleanly.
            tauri::RunEvent::Exit => {
                let state = app.state::<AppState>();
                let saved = state.mutate(app, |core| core.save_drafts());
                match saved {
                    Ok(done) if done.failed == 0 => {}
                    Ok(done) => eprintln!(
                        "Fælles Team: {} tekst(er), der ikke var gemt, kunne ikke gemmes ({}).",
                        done.failed,
                        done.error.map_or("?".into(), |e| e.message_da())
                    ),
                    Err(e) => eprintln!(
                        "Fælles Team: tekst der ikke var gemt, kunne ikke gemmes ({:?}).",
                        e.kind
                    ),
                }
                state.close_core();
            }
            _ => {}
        });
}

/// The chair window and the citizen screen (on the other monitor, or where it was last).
fn open_windows(app: &tauri::App, data_dir: std::path::PathBuf) -> tauri::Result<()> {
    let chair = bench_init(
        WebviewWindowBuilder::new(app, CHAIR_LABEL, WebviewUrl::App("index.html".into()))
            .title("Fælles Team")
            .inner_size(1280.0, 820.0)
            .min_inner_size(900.0, 600.0)
            .content_protected(true),
    )
    .build()?;
    let screen = bench_init(
        WebviewWindowBuilder::new(app, SCREEN_LABEL, WebviewUrl::App("screen.html".into()))
            .title("Borgerskærm")
            .inner_size(1100.0, 700.0)
            .min_inner_size(480.0, 320.0),
    )
    .build()?;
    if !window_state::restore(&screen, &data_dir) {
        window_state::place_beside(&screen, &chair);
    }
    let w = screen.clone();
    screen.on_window_event(move |e| {
        if matches!(
            e,
            tauri::WindowEvent::Moved(_) | tauri::WindowEvent::Resized(_)
        ) {
            window_state::save(&w, &data_dir);
        }
    });
    Ok(())
}

/// Tests only: `FAELLES_TEST_WINDOWLESS=1` runs the app without its two windows and without
/// asking for a webview (Wine has none): the event loop, the database, the single instance
/// and the orderly end are all there, so scripts/windows-installer-test.sh can log the
/// session off under Wine and see the database closed cleanly.
fn windowless() -> bool {
    std::env::var("FAELLES_TEST_WINDOWLESS").as_deref() == Ok("1")
}

/// `--version` / `-V` and `--help` / `-h` answer on stdout and end, before any window or data
/// dir is touched. Other arguments are left alone (WebKitWebDriver starts the app with
/// `--automation`; GTK reads its own). None: start the app.
fn command_line() -> Option<i32> {
    let arg = std::env::args().nth(1)?;
    #[cfg(windows)]
    if matches!(arg.as_str(), "--version" | "-V" | "--help" | "-h") {
        windows::attach_console();
    }
    match arg.as_str() {
        "--version" | "-V" => println!("{}", commands::about::version_line()),
        "--help" | "-h" => println!(
            "{}\n\nBrug: faelles-team [--version | --help]\n\n\
             FAELLES_DATA_DIR=<mappe>  hvor data ligger (nu: {})\n\
             FAELLES_DEMO=1            indlæs demodata i en tom datamappe",
            commands::about::version_line(),
            store::data_dir().display()
        ),
        _ => return None,
    }
    Some(0)
}

/// A second start on the same data dir: the first was asked to come forward (single.rs). On
/// Windows a message box says so where it could not be reached (nothing else would show).
fn already_running(dir: &std::path::Path, focused: bool) {
    let what = if focused {
        "Det åbne vindue er bragt frem."
    } else {
        "Skift til det åbne vindue (på proceslinjen), eller luk det og start igen."
    };
    let msg = format!(
        "Fælles Team kører allerede med disse data ({}). {what}",
        dir.display()
    );
    eprintln!("{msg}");
    #[cfg(windows)]
    if !focused {
        windows::message_box(&msg, false);
    }
}

/// Says why the app cannot start and ends it with `code`: on stderr and, on Windows, in a
/// message box (a GUI program's stderr is seen by no one).
fn fatal(msg: &str, code: i32) -> ! {
    eprintln!("{msg}");
    #[cfg(windows)]
    windows::message_box(msg, true);
    std::process::exit(code);
}

/// What a user sees where WebView2 is missing (windows `check_webview`).
#[cfg(windows)]
const WEBVIEW2_MISSING: &str = "Fælles Team kan ikke starte, fordi Microsoft Edge WebView2 \
Runtime mangler på denne computer.\n\n\
WebView2 er den del af Windows, som Fælles Team viser sine vinduer med. Den følger med \
Windows 11 og de fleste opdaterede Windows 10-computere, men kan mangle eller være fjernet \
på en computer, som IT har sat op.\n\n\
Bed jeres IT-afdeling om at installere »Microsoft Edge WebView2 Runtime« (Evergreen), \
som Microsoft giver gratis:\n\
https://developer.microsoft.com/microsoft-edge/webview2/\n\n\
Dine data er ikke rørt. (Ctrl+C kopierer denne besked, så den kan sendes til IT.)";

/// Windows: the webview is the Microsoft Edge WebView2 Runtime, which older Windows 10 images
/// and locked-down machines (and Wine) lack; without it Tauri would stop at its first window
/// with nothing on the screen. Asked before any window (wry's version query).
#[cfg(windows)]
fn check_webview() -> Result<(), String> {
    tauri::webview_version()
        .map(|_| ())
        .map_err(|_| WEBVIEW2_MISSING.to_string())
}

#[cfg(not(windows))]
fn check_webview() -> Result<(), String> {
    Ok(())
}

/// Windows: a panic (release builds abort on one) is shown in a box too, not only on stderr.
#[cfg(windows)]
fn show_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        default(info);
        windows::message_box(
            &format!(
                "Fælles Team stoppede uventet og lukkes.\n\n{info}\n\n\
                 Tekst, der blev vist som gemt, er gemt. Start programmet igen."
            ),
            true,
        );
    }));
}

/// Opens the database; `FAELLES_DEMO=1` on an empty data dir loads the demo data.
pub(crate) fn open_core(dir: &std::path::Path) -> Result<Core, CmdError> {
    let mut core = Core::open(dir).map_err(CmdError::from)?;
    if std::env::var("FAELLES_DEMO").as_deref() == Ok("1") && core.team()?.is_none() {
        demo::load(&mut core)?;
    }
    Ok(core)
}

/// Ends the app the orderly way: the chair is told (`chair://closing`) and saves what is
/// typed in its editors, then calls `exit_app`; if it does not within 2 s (its page is gone,
/// or busy) the app ends anyway. Either way `RunEvent::Exit` saves the drafts the core holds
/// and closes the database. When the chair window was closed (`ask`), the chair may keep the
/// app open instead (`stay_open`) because typed text cannot be saved (disk full, read-only
/// folder) and asks the user; a signal (log-out, shutdown) does not wait for that.
fn begin_exit(app: &tauri::AppHandle, ask: bool) {
    use tauri::Emitter;
    if !app.state::<AppState>().exit.begin() {
        return;
    }
    let _ = app.emit_to(
        CHAIR_LABEL,
        "chair://closing",
        serde_json::json!({ "ask": ask }),
    );
    let app = app.clone();
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(2));
        if !(ask && app.state::<AppState>().exit.called_off()) {
            app.exit(0);
        }
    });
}

/// Log-out, shutdown or Ctrl+C (SIGTERM, SIGHUP, SIGINT) end the app the orderly way, as
/// closing the chair window does (`begin_exit`).
#[cfg(unix)]
fn exit_on_signals(app: tauri::AppHandle) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    match signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT]) {
        Ok(mut signals) => {
            std::thread::spawn(move || {
                if signals.forever().next().is_some() {
                    begin_exit(&app, false);
                }
            });
        }
        Err(e) => eprintln!("Fælles Team: signaler kan ikke håndteres ({e})."),
    }
}

/// Windows: a GUI program gets no signals. Log-off and shutdown send `WM_ENDSESSION`, which
/// tao turns into `RunEvent::Exit` (drafts saved, database closed; see docs/ARCHITECTURE.md,
/// "Other platforms"); the chair's editors have sent every keystroke to the core already.
#[cfg(not(unix))]
fn exit_on_signals(_app: tauri::AppHandle) {}

/// In the background once the windows are up: the whole-file check of the database (not on
/// the start path: it reads every page), then the day's backup (the last 10 are kept). A
/// damaged database closes the core and the chair shows why, with the backups to restore
/// from; a failed backup must not stop the app.
fn check_and_back_up(app: tauri::AppHandle) {
    use tauri::Emitter;
    std::thread::spawn(move || {
        let state = app.state::<AppState>();
        let Ok(Some(path)) =
            state.read(|core| Ok::<_, CmdError>(core.store().path().map(|p| p.to_path_buf())))
        else {
            return;
        };
        if let Err(e) = store::Store::check(&path) {
            state.set_core(&app, Err(CmdError::from(e)));
            let _ = app.emit_to(CHAIR_LABEL, "chair://data-damaged", ());
            return;
        }
        let backup =
            state.read(|core| faelles_core::backup::backup_if_due_today(core.store(), core.now()));
        if let Err(e) = backup {
            eprintln!(
                "Fælles Team: dagens sikkerhedskopi kunne ikke tages ({:?}).",
                e.kind
            );
        }
    });
}

/// bench: with `FAELLES_BENCH=1` a window gets `window.__FT_BENCH` to record latency stamps
/// in (ui/js/run.js, ui/js/screen.js; read by benches/driver). Otherwise unchanged.
fn bench_init<'a, R: tauri::Runtime, M: Manager<R>>(
    b: WebviewWindowBuilder<'a, R, M>,
) -> WebviewWindowBuilder<'a, R, M> {
    if std::env::var("FAELLES_BENCH").as_deref() == Ok("1") {
        b.initialization_script("window.__FT_BENCH = { input: [], paint: [], recv: [] };")
    } else {
        b
    }
}

/// bench: appends `<what> <unix ms>` to `$FAELLES_BENCH_READY` if set (cold-start stamps
/// for `make bench`: "chair"/"screen" page loaded, "interactive" = the chair's `app_state`).
pub(crate) fn bench_stamp(what: &str) {
    use std::io::Write;
    let Some(path) = std::env::var_os("FAELLES_BENCH_READY") else {
        return;
    };
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = writeln!(f, "{what} {ms:.3}");
    }
}

/// Without a GPU (no DRI render node: virtual machines, remote desktops, Xvfb) WebKitGTK
/// composites through Mesa's software GL. Measured on such a machine (docs/PERFORMANCE.md):
/// ≈ 100 MB more per window, and its compositor thread crashed in `swrast_dri.so` during
/// the keystroke bench. There the app draws without compositing, unless
/// `WEBKIT_DISABLE_COMPOSITING_MODE` is set already (`=0` keeps compositing). Runs first in
/// `main`, before any other thread exists.
fn software_rendering_defaults() {
    const VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    if cfg!(target_os = "linux") && std::env::var_os(VAR).is_none() && !has_gpu_render_node() {
        std::env::set_var(VAR, "1");
    }
}

fn has_gpu_render_node() -> bool {
    std::fs::read_dir("/dev/dri").is_ok_and(|d| {
        d.flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    })
}

/// On Linux without X11 or Wayland the webview would panic: say so plainly instead.
fn check_display() -> Result<(), String> {
    if cfg!(target_os = "linux")
        && std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty())
        && std::env::var_os("WAYLAND_DISPLAY").is_none_or(|d| d.is_empty())
    {
        return Err(
            "Fælles Team kan ikke starte uden en skærm (hverken DISPLAY eller WAYLAND_DISPLAY er sat).\n\
             Start programmet fra et skrivebord, eller med en virtuel skærm: xvfb-run -a make run"
                .into(),
        );
    }
    Ok(())
}
