//! What happens before Tauri starts: the command line (`--version`, `--help`), the rendering
//! defaults where there is no GPU, the display check, one app per data dir, the WebView2
//! check (Windows), and how the app says it cannot start (`fatal`: stderr, and on Windows a
//! message box, since a GUI program's stderr is seen by no one).

use faelles_core::store;
use std::path::Path;

/// `--version` / `-V` and `--help` / `-h` answer on stdout and end, before any window or data
/// dir is touched. Other arguments are left alone (WebKitWebDriver starts the app with
/// `--automation`; GTK reads its own). None: start the app.
pub fn command_line() -> Option<i32> {
    let arg = std::env::args().nth(1)?;
    #[cfg(windows)]
    if matches!(arg.as_str(), "--version" | "-V" | "--help" | "-h") {
        crate::windows::attach_console();
    }
    match arg.as_str() {
        "--version" | "-V" => println!("{}", crate::commands::about::version_line()),
        "--help" | "-h" => println!(
            "{}\n\nBrug: faelles-team [--version | --help]\n\n\
             FAELLES_DATA_DIR=<mappe>  hvor data ligger (nu: {})\n\
             FAELLES_DEMO=1            indlæs demodata i en tom datamappe",
            crate::commands::about::version_line(),
            store::data_dir().display()
        ),
        _ => return None,
    }
    Some(0)
}

/// Windows: a panic (release builds abort on one) is shown in a box too, not only on stderr.
/// Elsewhere nothing: stderr is seen there.
pub fn show_panics() {
    #[cfg(windows)]
    {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            default(info);
            crate::windows::message_box(
                &format!(
                    "Fælles Team stoppede uventet og lukkes.\n\n{info}\n\n\
                     Tekst, der blev vist som gemt, er gemt. Start programmet igen."
                ),
                true,
            );
        }));
    }
}

/// Without a GPU (no DRI render node: virtual machines, remote desktops, Xvfb) WebKitGTK
/// composites through Mesa's software GL. Measured on such a machine (docs/PERFORMANCE.md):
/// ≈ 100 MB more per window, and its compositor thread crashed in `swrast_dri.so` during
/// the keystroke bench. There the app draws without compositing, unless
/// `WEBKIT_DISABLE_COMPOSITING_MODE` is set already (`=0` keeps compositing). Runs first in
/// `main`, before any other thread exists.
pub fn software_rendering_defaults() {
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

/// On Linux without X11 or Wayland the webview would panic: say so plainly instead (exit 2).
pub fn check_display() {
    if cfg!(target_os = "linux")
        && std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty())
        && std::env::var_os("WAYLAND_DISPLAY").is_none_or(|d| d.is_empty())
    {
        fatal(
            "Fælles Team kan ikke starte uden en skærm (hverken DISPLAY eller WAYLAND_DISPLAY er sat).\n\
             Start programmet fra et skrivebord, eller med en virtuel skærm: xvfb-run -a make run",
            2,
        );
    }
}

/// One app per data dir (single.rs). `None`: another app has this data dir (it was asked to
/// come forward, and this start says so): this start ends. Else the lock to hold while the
/// app runs, itself `None` where none can be taken (e.g. an unusual file system): the app
/// still runs.
pub fn single_instance(dir: &Path) -> Option<Option<crate::single::Guard>> {
    use crate::single::{self, Instance};
    match store::ensure_private_dir(dir)
        .map_err(std::io::Error::other)
        .and_then(|()| single::acquire(dir))
    {
        Ok(Instance::First(guard)) => Some(Some(guard)),
        Ok(Instance::AlreadyRunning { focused }) => {
            already_running(dir, focused);
            None
        }
        Err(_) => Some(None),
    }
}

/// A second start on the same data dir: the first was asked to come forward (single.rs). On
/// Windows a message box says so where it could not be reached (nothing else would show).
fn already_running(dir: &Path, focused: bool) {
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
        crate::windows::message_box(&msg, false);
    }
}

/// Tests only: `FAELLES_TEST_WINDOWLESS=1` runs the app without its two windows and without
/// asking for a webview (Wine has none): the event loop, the database, the single instance
/// and the orderly end are all there, so scripts/windows-installer-test.sh can log the
/// session off under Wine and see the database closed cleanly.
pub fn windowless() -> bool {
    std::env::var("FAELLES_TEST_WINDOWLESS").as_deref() == Ok("1")
}

/// Windows: the webview is the Microsoft Edge WebView2 Runtime, which older Windows 10 images
/// and locked-down machines (and Wine) lack; without it Tauri would stop at its first window
/// with nothing on the screen. Asked before any window (wry's version query); where it is
/// missing the app says so and ends (exit 3). Not asked when windowless.
pub fn check_webview() {
    #[cfg(windows)]
    if !windowless() && tauri::webview_version().is_err() {
        fatal(WEBVIEW2_MISSING, 3);
    }
}

/// What a user sees where WebView2 is missing ([`check_webview`]).
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

/// Says why the app cannot start and ends it with `code`: on stderr and, on Windows, in a
/// message box (a GUI program's stderr is seen by no one).
pub fn fatal(msg: &str, code: i32) -> ! {
    eprintln!("{msg}");
    #[cfg(windows)]
    crate::windows::message_box(msg, true);
    std::process::exit(code);
}
