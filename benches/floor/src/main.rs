//! The benchmark floor: what the webview alone costs on the machine at hand.
//!
//! The same two windows as the app (chair "Fælles Team …", screen "Borgerskærm", same sizes),
//! but nothing else: the chair's textarea sends its text by `invoke('relay')` to Rust, which
//! emits it to the screen window, which sets `textContent`. `make bench` (scripts/bench.sh,
//! benches/driver) measures this and the app in the same run and states the app's targets as
//! ratios to it. Same bench hooks as the app:
//! - `FAELLES_BENCH=1`: an initialization script creates `window.__FT_BENCH` (input and paint
//!   stamps, recorded by ui/*.js);
//! - `FAELLES_BENCH_READY=<file>`: appends `chair|screen <unix ms>` when a page has loaded and
//!   `interactive <unix ms>` when the chair's script first calls `ready`.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::io::Write;
use tauri::webview::PageLoadEvent;
use tauri::{AppHandle, Emitter, WebviewUrl, WebviewWindowBuilder};

const BENCH_INIT: &str = "window.__FT_BENCH = { input: [], paint: [] };";

/// Appends `<what> <unix ms>` to `$FAELLES_BENCH_READY`, if set.
fn bench_stamp(what: &str) {
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

/// The chair's text, straight to the screen window.
#[tauri::command]
fn relay(app: AppHandle, text: String) {
    let _ = app.emit_to("screen", "floor://text", text);
}

/// Called once by the chair's script when it runs: the window is interactive.
#[tauri::command]
fn ready() {
    bench_stamp("interactive");
}

fn main() {
    let bench = std::env::var("FAELLES_BENCH").as_deref() == Ok("1");
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![relay, ready])
        .on_page_load(|webview, payload| {
            if payload.event() == PageLoadEvent::Finished {
                bench_stamp(webview.label());
            }
        })
        .setup(move |app| {
            let mut chair =
                WebviewWindowBuilder::new(app, "chair", WebviewUrl::App("index.html".into()))
                    .title("Fælles Team (floor)")
                    .inner_size(1280.0, 820.0);
            let mut screen =
                WebviewWindowBuilder::new(app, "screen", WebviewUrl::App("screen.html".into()))
                    .title("Borgerskærm")
                    .inner_size(1100.0, 700.0);
            if bench {
                chair = chair.initialization_script(BENCH_INIT);
                screen = screen.initialization_script(BENCH_INIT);
            }
            chair.build()?;
            screen.build()?;
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the floor app failed to start");
}
