//! bench: hooks for `make bench` (benches/driver), inert unless its variables are set.

use tauri::{Manager, WebviewWindowBuilder};

/// With `FAELLES_BENCH=1` a window gets `window.__FT_BENCH` to record latency stamps in
/// (ui/js/run.js, ui/js/screen.js; read by benches/driver). Otherwise unchanged.
pub fn init<'a, R: tauri::Runtime, M: Manager<R>>(
    b: WebviewWindowBuilder<'a, R, M>,
) -> WebviewWindowBuilder<'a, R, M> {
    if std::env::var("FAELLES_BENCH").as_deref() == Ok("1") {
        b.initialization_script("window.__FT_BENCH = { input: [], paint: [], recv: [] };")
    } else {
        b
    }
}

/// Appends `<what> <unix ms>` to `$FAELLES_BENCH_READY` if set (cold-start stamps for `make
/// bench`: "chair"/"screen" page loaded, "interactive" = the chair's `app_state`).
pub fn stamp(what: &str) {
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
