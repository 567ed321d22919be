//! The app while it runs: its two windows and what starts with them (the screen's first
//! view, the background check and backup, signals, a later start's focus request), and its
//! orderly end (chair closed, SIGTERM/SIGHUP/SIGINT, Windows log-off: the chair saves what
//! is typed, then the drafts the core holds are saved and the database is closed).

use crate::error::CmdError;
use crate::events::{self, CHAIR_LABEL, SCREEN_LABEL};
use crate::state::AppState;
use crate::{bench, single, start, window_state};
use faelles_core::store;
use tauri::webview::{PageLoadEvent, PageLoadPayload};
use tauri::{AppHandle, Emitter, Manager, RunEvent, WebviewUrl, WebviewWindowBuilder};

/// Once Tauri runs: the windows (unless windowless), the background check, signals, and the
/// single-instance lock (held, with the data dir, as long as the app runs) now brings the
/// chair window forward when a later start asks.
pub fn setup(
    app: &mut tauri::App,
    lock: Option<single::Guard>,
) -> Result<(), Box<dyn std::error::Error>> {
    if !start::windowless() {
        open_windows(app)?;
    }
    check_and_back_up(app.handle().clone());
    exit_on_signals(app.handle().clone());
    if let Some(guard) = lock {
        let handle = app.handle().clone();
        guard.on_focus(move || {
            if let Some(w) = handle.get_webview_window(CHAIR_LABEL) {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        });
        app.manage(guard);
    }
    Ok(())
}

/// The chair window and the citizen screen (on the other monitor, or where it was last).
fn open_windows(app: &tauri::App) -> tauri::Result<()> {
    let data_dir = app.state::<AppState>().data_dir.clone();
    let chair = bench::init(
        WebviewWindowBuilder::new(app, CHAIR_LABEL, WebviewUrl::App("index.html".into()))
            .title("Fælles Team")
            .inner_size(1280.0, 820.0)
            .min_inner_size(900.0, 600.0)
            .content_protected(true),
    )
    .build()?;
    let screen = bench::init(
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

/// A window's page has loaded. The screen cannot call commands: it gets the current view
/// now (events::give_first_view); later views arrive as `screen://view` events.
pub fn page_loaded(webview: &tauri::Webview, payload: &PageLoadPayload<'_>) {
    if payload.event() != PageLoadEvent::Finished {
        return;
    }
    bench::stamp(webview.label()); // bench: cold-start stamp (FAELLES_BENCH_READY)
    if webview.label() == SCREEN_LABEL {
        let first = webview.app_handle().state::<AppState>().first_view();
        events::give_first_view(webview, &first);
    }
}

/// Closing the chair ends the app (the screen alone is of no use); closing the screen window
/// only hides it ("Vis vindue" brings it back). At the end, text typed but not yet saved (the
/// editor saves 300 ms after the last key) is saved, then the database is closed cleanly.
pub fn on_event(app: &AppHandle, event: RunEvent) {
    match event {
        RunEvent::WindowEvent {
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
        RunEvent::Exit => save_and_close(app),
        _ => {}
    }
}

/// The drafts the core holds are saved by the same rule as the chair's saves, then the
/// database is closed (SQLite checkpoints and removes its WAL).
fn save_and_close(app: &AppHandle) {
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

/// Ends the app the orderly way: the chair is told (`chair://closing`) and saves what is
/// typed in its editors, then calls `exit_app`; if it does not within 2 s (its page is gone,
/// or busy) the app ends anyway. Either way `RunEvent::Exit` saves the drafts the core holds
/// and closes the database. When the chair window was closed (`ask`), the chair may keep the
/// app open instead (`stay_open`) because typed text cannot be saved (disk full, read-only
/// folder) and asks the user; a signal (log-out, shutdown) does not wait for that.
fn begin_exit(app: &AppHandle, ask: bool) {
    if !app.state::<AppState>().exit.begin() {
        return;
    }
    let _ = app.emit_to(
        CHAIR_LABEL,
        events::CLOSING_EVENT,
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
fn exit_on_signals(app: AppHandle) {
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
/// tao turns into `RunEvent::Exit` (drafts saved, database closed; see
/// docs/PLATFORMS.md); the chair's editors have sent every keystroke to the core already.
#[cfg(not(unix))]
fn exit_on_signals(_app: AppHandle) {}

/// In the background once the windows are up: the whole-file check of the database (not on
/// the start path: it reads every page), then the day's backup (the last 10 are kept). A
/// damaged database closes the core and the chair shows why, with the backups to restore
/// from; a failed backup must not stop the app.
fn check_and_back_up(app: AppHandle) {
    std::thread::spawn(move || {
        let state = app.state::<AppState>();
        let Ok(Some(path)) =
            state.read(|core| Ok::<_, CmdError>(core.store().path().map(|p| p.to_path_buf())))
        else {
            return;
        };
        if let Err(e) = store::Store::check(&path) {
            state.set_core(&app, Err(CmdError::from(e)));
            let _ = app.emit_to(CHAIR_LABEL, events::DATA_DAMAGED_EVENT, ());
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
