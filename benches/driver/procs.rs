//! Processes: finding the app and its WebKit children in /proc, their PSS, and stopping a
//! process group politely.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

/// (pid, ppid, process group, comm) of every process.
fn all() -> Vec<(u32, u32, i32, String)> {
    let mut out = Vec::new();
    let Ok(dir) = fs::read_dir("/proc") else {
        return out;
    };
    for e in dir.flatten() {
        let Some(pid) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
            continue;
        };
        let Ok(stat) = fs::read_to_string(e.path().join("stat")) else {
            continue;
        };
        // pid (comm) state ppid pgrp ...; comm may contain spaces and parentheses.
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        let comm = stat[open + 1..close].to_string();
        let mut rest = stat[close + 1..].split_whitespace();
        let state = rest.next().unwrap_or("");
        if state == "Z" || state == "X" {
            continue;
        }
        let ppid = rest.next().and_then(|s| s.parse().ok()).unwrap_or(0);
        let pgrp = rest.next().and_then(|s| s.parse().ok()).unwrap_or(0);
        out.push((pid, ppid, pgrp, comm));
    }
    out
}

/// Live processes running `binary` (by /proc/<pid>/exe).
pub fn running(binary: &Path) -> Vec<u32> {
    let want = fs::canonicalize(binary).unwrap_or_else(|_| binary.to_path_buf());
    all()
        .into_iter()
        .filter(|(pid, ..)| fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|p| p == want))
        .map(|(pid, ..)| pid)
        .collect()
}

/// `pid` and all its live descendants, as (pid, comm).
pub fn tree(pid: u32) -> Vec<(u32, String)> {
    let procs = all();
    let mut out: Vec<(u32, String)> = procs
        .iter()
        .filter(|p| p.0 == pid)
        .map(|p| (p.0, p.3.clone()))
        .collect();
    let mut i = 0;
    while i < out.len() {
        let parent = out[i].0;
        out.extend(
            procs
                .iter()
                .filter(|p| p.1 == parent)
                .map(|p| (p.0, p.3.clone())),
        );
        i += 1;
    }
    out
}

/// PSS of one process in kB (`Pss:` of /proc/<pid>/smaps_rollup).
pub fn pss_kb(pid: u32) -> Option<u64> {
    let s = fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    s.lines()
        .find(|l| l.starts_with("Pss:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// PSS of a process tree: total MB and MB per process name (summed).
#[derive(Debug, Clone, Default)]
pub struct Pss {
    pub total_mb: f64,
    pub by_name: BTreeMap<String, f64>,
}

/// Processes with the same name are numbered in pid order (the chair's web process is
/// usually started first: "WebKitWebProces 1").
pub fn pss_tree(pid: u32) -> Pss {
    let mut p = Pss::default();
    let mut procs = tree(pid);
    procs.sort();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (pid, comm) in &procs {
        let n = seen.entry(comm.clone()).or_default();
        *n += 1;
        let name = if procs.iter().filter(|(_, c)| c == comm).count() > 1 {
            format!("{comm} {n}")
        } else {
            comm.clone()
        };
        let mb = pss_kb(*pid).unwrap_or(0) as f64 / 1024.0;
        p.total_mb += mb;
        *p.by_name.entry(name).or_default() += mb;
    }
    p
}

/// PSS of the one running instance of `binary` and its descendants; median of 3 samples
/// 1 s apart.
pub fn pss_of_app(binary: &Path) -> Pss {
    let pids = running(binary);
    assert_eq!(
        pids.len(),
        1,
        "expected one running {}, found {pids:?}",
        binary.display()
    );
    let mut samples: Vec<Pss> = (0..3)
        .map(|i| {
            if i > 0 {
                std::thread::sleep(Duration::from_secs(1));
            }
            pss_tree(pids[0])
        })
        .collect();
    samples.sort_by(|a, b| a.total_mb.total_cmp(&b.total_mb));
    samples.swap_remove(1)
}

/// Live processes of process group `pgid`.
pub fn group(pgid: i32) -> Vec<u32> {
    all()
        .into_iter()
        .filter(|p| p.2 == pgid)
        .map(|p| p.0)
        .collect()
}

/// SIGTERM to the group, then waits until it is gone (SIGKILL after 10 s).
pub fn stop_group(child: &mut std::process::Child) {
    let pgid = child.id() as i32;
    // SAFETY: kill(2) on a process group we created; no memory involved.
    unsafe {
        libc::kill(-pgid, libc::SIGTERM);
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let _ = child.try_wait();
        if group(pgid).is_empty() {
            let _ = child.wait();
            return;
        }
        if Instant::now() > deadline {
            // SAFETY: as above.
            unsafe {
                libc::kill(-pgid, libc::SIGKILL);
            }
            let _ = child.wait();
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
