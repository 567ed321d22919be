//! The Windows-only pieces of the shell (`cfg(windows)`), each small and called from one place:
//! - `attach_console`: the release exe is a GUI-subsystem program (no console of its own), so
//!   `--version`/`--help` started from cmd or PowerShell attach to the parent's console first.
//! - `message_box`: what a user must see where nothing else can show it (no WebView2, a failed
//!   start, a panic): a GUI program's stderr goes nowhere.
//! - the named pipe of the single instance (`serve_focus_pipe`, `ask_to_focus`), the Windows
//!   counterpart of single.rs's Unix socket, and `bring_own_windows_forward`.
//!
//! Log-off and shutdown need nothing here: tao turns `WM_ENDSESSION` into `RunEvent::Exit`
//! (lifecycle.rs saves the drafts and closes the database there). See
//! docs/PLATFORMS.md.

use std::fs::File;
use std::io::{Read, Write};
use std::os::windows::io::{AsRawHandle, FromRawHandle, IntoRawHandle, OwnedHandle};
use windows_sys::Win32::Foundation::{
    GetLastError, ERROR_FILE_NOT_FOUND, ERROR_PIPE_BUSY, ERROR_PIPE_CONNECTED, HANDLE, HWND,
    INVALID_HANDLE_VALUE, LPARAM,
};
use windows_sys::Win32::Storage::FileSystem::{FILE_FLAG_FIRST_PIPE_INSTANCE, PIPE_ACCESS_INBOUND};
use windows_sys::Win32::System::Console::{
    AttachConsole, GetStdHandle, SetStdHandle, ATTACH_PARENT_PROCESS, STD_ERROR_HANDLE, STD_HANDLE,
    STD_OUTPUT_HANDLE,
};
use windows_sys::Win32::System::Pipes::{
    ConnectNamedPipe, CreateNamedPipeW, GetNamedPipeServerProcessId, PIPE_READMODE_BYTE,
    PIPE_REJECT_REMOTE_CLIENTS, PIPE_TYPE_BYTE, PIPE_WAIT,
};
use windows_sys::Win32::System::Threading::GetCurrentProcessId;
use windows_sys::Win32::UI::WindowsAndMessaging::{
    AllowSetForegroundWindow, EnumWindows, GetWindowThreadProcessId, IsIconic, IsWindowVisible,
    MessageBoxW, SetForegroundWindow, ShowWindow, MB_ICONERROR, MB_ICONWARNING, MB_OK,
    MB_SETFOREGROUND, MB_TOPMOST, SW_RESTORE,
};

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().chain(std::iter::once(0)).collect()
}

fn usable(h: HANDLE) -> bool {
    !h.is_null() && h != INVALID_HANDLE_VALUE
}

/// Gives stdout and stderr a console when they have none: started from cmd or PowerShell the
/// GUI-subsystem exe gets no handles, so it attaches to the parent's console and opens its
/// output (`CONOUT$`). Redirected output (`> file`, a pipe) already has handles and is used
/// as it is. No parent console (started from Explorer): nothing to print to; nothing changes.
pub fn attach_console() {
    // SAFETY: plain Win32 calls on this process's standard handles.
    unsafe {
        let missing: Vec<STD_HANDLE> = [STD_OUTPUT_HANDLE, STD_ERROR_HANDLE]
            .into_iter()
            .filter(|&id| !usable(GetStdHandle(id)))
            .collect();
        if missing.is_empty() {
            return;
        }
        // Fails when already attached (Wine attaches a GUI child to its parent's console)
        // or when the parent has none: then `CONOUT$` opens the one there is, or nothing.
        AttachConsole(ATTACH_PARENT_PROCESS);
        for id in missing {
            if usable(GetStdHandle(id)) {
                continue; // AttachConsole set it (newer Windows does)
            }
            if let Ok(out) = File::options().read(true).write(true).open("CONOUT$") {
                SetStdHandle(id, out.into_raw_handle() as HANDLE);
            }
        }
    }
}

/// A modal box titled «Fælles Team» with `text` and an OK button (Return closes it); an
/// error's or a warning's icon.
pub fn message_box(text: &str, error: bool) {
    let icon = if error { MB_ICONERROR } else { MB_ICONWARNING };
    let (text, title) = (wide(text), wide("Fælles Team"));
    // SAFETY: both strings are NUL-terminated UTF-16 that outlive the call.
    unsafe {
        MessageBoxW(
            std::ptr::null_mut(),
            text.as_ptr(),
            title.as_ptr(),
            MB_OK | icon | MB_SETFOREGROUND | MB_TOPMOST,
        );
    }
}

/// Brings this process's first visible top-level window to the front (restored if
/// minimised): before the app's windows exist, that is the message box shown then.
pub fn bring_own_windows_forward() {
    unsafe extern "system" fn each(hwnd: HWND, _: LPARAM) -> i32 {
        let mut pid = 0u32;
        // SAFETY: `hwnd` comes from EnumWindows; `pid` is a valid out pointer.
        unsafe {
            GetWindowThreadProcessId(hwnd, &mut pid);
            if pid != GetCurrentProcessId() || IsWindowVisible(hwnd) == 0 {
                return 1; // go on
            }
            if IsIconic(hwnd) != 0 {
                ShowWindow(hwnd, SW_RESTORE);
            }
            SetForegroundWindow(hwnd);
        }
        0 // stop: one is enough
    }
    // SAFETY: the callback only reads the window handles it is given.
    unsafe {
        EnumWindows(Some(each), 0);
    }
}

/// One instance of the pipe, readable by this process only from this machine. The default
/// security lets only this user (and SYSTEM, Administrators) write to it;
/// `FILE_FLAG_FIRST_PIPE_INSTANCE` fails if another process already owns the name.
fn pipe_instance(name: &[u16]) -> std::io::Result<OwnedHandle> {
    // SAFETY: `name` is NUL-terminated UTF-16; no security attributes (the default).
    let h = unsafe {
        CreateNamedPipeW(
            name.as_ptr(),
            PIPE_ACCESS_INBOUND | FILE_FLAG_FIRST_PIPE_INSTANCE,
            PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS,
            1,
            0,
            64,
            0,
            std::ptr::null(),
        )
    };
    if usable(h) {
        // SAFETY: a new handle that nothing else owns.
        Ok(unsafe { OwnedHandle::from_raw_handle(h as _) })
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Listens on the named pipe `name` (`\\.\pipe\…`) for "focus" from later starts and calls
/// `on_focus` for each. The first instance of the pipe exists when this returns.
pub fn serve_focus_pipe(name: &str, on_focus: impl Fn() + Send + 'static) -> std::io::Result<()> {
    let name = wide(name);
    let first = pipe_instance(&name)?;
    std::thread::spawn(move || {
        let mut pipe = first;
        loop {
            // SAFETY: `pipe` is a pipe instance this thread owns; a blocking connect.
            let connected = unsafe {
                ConnectNamedPipe(pipe.as_raw_handle() as HANDLE, std::ptr::null_mut()) != 0
                    || GetLastError() == ERROR_PIPE_CONNECTED
            };
            if connected {
                let mut client = File::from(pipe);
                let mut buf = [0u8; 16];
                if matches!(client.read(&mut buf), Ok(n) if buf[..n].starts_with(b"focus")) {
                    on_focus();
                }
            } // else: dropped (closed)
              // One instance at a time: a start in between retries (`ask_to_focus`).
            pipe = match pipe_instance(&name) {
                Ok(p) => p,
                Err(_) => return,
            };
        }
    });
    Ok(())
}

/// Asks the instance listening on `name` to come to the front; true if it got the request.
/// This process (the one the user just started) may set the foreground window; it passes
/// that right on to the running instance (`AllowSetForegroundWindow`) first.
pub fn ask_to_focus(name: &str) -> bool {
    for _ in 0..20 {
        match File::options().write(true).open(name) {
            Ok(mut pipe) => {
                let mut pid = 0u32;
                // SAFETY: `pipe` is an open pipe handle; `pid` a valid out pointer.
                unsafe {
                    if GetNamedPipeServerProcessId(pipe.as_raw_handle() as HANDLE, &mut pid) != 0 {
                        AllowSetForegroundWindow(pid);
                    }
                }
                return pipe.write_all(b"focus\n").is_ok();
            }
            // Between two instances of the pipe, or busy with another start: wait a little.
            Err(e)
                if matches!(
                    e.raw_os_error().map(|c| c as u32),
                    Some(ERROR_PIPE_BUSY | ERROR_FILE_NOT_FOUND)
                ) =>
            {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(_) => return false,
        }
    }
    false
}
