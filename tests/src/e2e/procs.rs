//! The processes of a run: free ports, the process group and its signals, reaping what
//! tauri-driver leaves, and whether the app composites.

use std::fs::{self};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::Duration;

pub(super) fn test_name() -> String {
    let name = std::thread::current().name().unwrap_or("e2e").to_string();
    name.rsplit("::")
        .next()
        .unwrap_or("e2e")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

pub(super) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("bind 127.0.0.1:0 to find a free port")
}

pub(super) fn port_open(port: u16) -> bool {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok()
}

pub(super) fn signal_group(pgid: libc::pid_t, signal: libc::c_int) {
    // SAFETY: kill(2) with a negative pid signals a process group; no memory is involved.
    unsafe {
        libc::kill(-pgid, signal);
    }
}

/// Makes this process the reaper of its orphaned descendants. tauri-driver exits without
/// waiting for WebKitWebDriver, whose child is the app: without this they would linger as
/// zombies until PID 1 (which in containers may be slow or never) reaps them.
pub(super) fn become_subreaper() {
    // SAFETY: prctl(PR_SET_CHILD_SUBREAPER, 1) only sets a flag on this process.
    unsafe {
        libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    }
}

/// Reaps the dead processes of group `pgid` that became our children (see
/// [`become_subreaper`]); `driver` is left to its `Child`.
pub(super) fn reap_orphans(pgid: libc::pid_t, driver: u32) {
    for (pid, _) in processes_in_group(pgid, true) {
        if pid != driver {
            // SAFETY: waitpid on one pid with WNOHANG; fails harmlessly if not our child.
            unsafe {
                libc::waitpid(pid as libc::pid_t, std::ptr::null_mut(), libc::WNOHANG);
            }
        }
    }
}

/// Live (not zombie) processes of process group `pgid`, as `(pid, name)`.
pub(super) fn group_members(pgid: libc::pid_t) -> Vec<(u32, String)> {
    processes_in_group(pgid, false)
}

/// Processes of group `pgid` from /proc: the zombies if `zombies`, else the live ones.
pub(super) fn processes_in_group(pgid: libc::pid_t, zombies: bool) -> Vec<(u32, String)> {
    let Ok(dir) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in dir.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(stat) = fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // pid (comm) state ppid pgrp ...; comm may contain spaces and parentheses.
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        let comm = stat[open + 1..close].to_string();
        let mut rest = stat[close + 1..].split_whitespace();
        let state = rest.next().unwrap_or("");
        let pgrp = rest.nth(1).and_then(|s| s.parse::<libc::pid_t>().ok());
        if pgrp == Some(pgid) && (state == "Z" || state == "X") == zombies {
            out.push((pid, comm));
        }
    }
    out
}

/// Whether the app composites (and so WebDriver can take screenshots): the rule of the app's
/// `software_rendering_defaults` (src-tauri/src/start.rs) and of WebKitGTK itself.
pub fn app_composites() -> bool {
    match std::env::var("WEBKIT_DISABLE_COMPOSITING_MODE") {
        Ok(v) => v == "0",
        Err(_) => fs::read_dir("/dev/dri").is_ok_and(|d| {
            d.flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
        }),
    }
}
