//! `make bench` (scripts/bench.sh runs this as `cargo bench -p faelles-tests --features e2e
//! --bench perf`): measures the app against the floor app (benches/floor) in the same run,
//! prints p50/p95/p99 with the ratios to the floor, and writes docs/PERFORMANCE.md.
//!
//! Sections (arguments; all by default): `webview` (keystroke → paint and memory, through
//! tauri-driver), `coldstart`, `core` (the notes bench's output + fsync), `history` (20
//! years of data) with `pdf`, `versions` (20 years with the team's own template versions:
//! a meeting of each version opened with its case), `size`. Environment: `BENCH_APP`,
//! `BENCH_FLOOR` (release binaries; default target/release/…), `BENCH_NOTES` (output of
//! `cargo bench -p faelles-core --bench notes`), `BENCH_OUT` (the report; default
//! docs/PERFORMANCE.md), `BENCH_QUICK=1` (fewer keystrokes and runs, for trying the bench
//! itself out), `BENCH_KEEP_PDF=<dir>`, `BENCH_KEEP_DB=<file>` (keep the PDFs / the 20-year
//! database).
//! Needs a display (xvfb-run), tauri-driver, chromium, pdfinfo.
//!
//! Here: the run (which parts, the report's header, the machine, the method); sections/: each
//! part of the report; the modules beside this file measure.

mod coldstart;
mod history;
mod pdf;
mod procs;
mod report;
mod sections;
mod stats;
mod webview;

use report::{Report, Status};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

fn env_path(var: &str, default: PathBuf) -> PathBuf {
    std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or(default)
}

fn sh(cmd: &str, args: &[&str]) -> String {
    Command::new(cmd)
        .args(args)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

fn first_line_with(text: &str, prefix: &str) -> String {
    text.lines()
        .find(|l| l.trim_start().starts_with(prefix))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default()
}

/// Runs one section; a panic becomes a FAILED row and the others still run.
fn section(report: &mut Report, item: &'static str, name: &str, f: impl FnOnce(&mut Report)) {
    let load = std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .next()
        .unwrap_or("?")
        .to_string();
    report.loads.push((name.to_string(), load.clone()));
    println!("\n== {name} (load average {load})");
    let started = Instant::now();
    if let Err(e) = catch_unwind(AssertUnwindSafe(|| f(report))) {
        let msg = e
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panic".into());
        let msg: String = msg.chars().take(1500).collect();
        report.failed(item, name, &format!("The bench failed: {msg}"));
    }
    println!("== {name}: {:.0} s", started.elapsed().as_secs_f64());
}

fn mb(x: f64) -> String {
    format!("{x:.0} MB")
}

fn machine(load_start: &str, loads: &[(String, String)]) -> String {
    let cpu = first_line_with(&sh("lscpu", &[]), "Model name");
    let mem_kb: f64 = first_line_with(
        &std::fs::read_to_string("/proc/meminfo").unwrap_or_default(),
        "MemTotal",
    )
    .split_whitespace()
    .next()
    .and_then(|v| v.parse().ok())
    .unwrap_or(0.0);
    let mem = format!("{:.0} GB", mem_kb / 1_048_576.0);
    let os = std::fs::read_to_string("/etc/os-release")
        .unwrap_or_default()
        .lines()
        .find_map(|l| {
            l.strip_prefix("PRETTY_NAME=")
                .map(|v| v.trim_matches('"').to_string())
        })
        .unwrap_or_default();
    format!(
        "- CPU: {cpu}, {} cores; memory {mem}\n- OS: {os}, kernel {}\n- WebKitGTK {} \
         (libwebkit2gtk-4.1-0), Xvfb `-screen 0 1920x1080x24`, no window manager\n- {}\n- \
         Load average (1 min) at start: {load_start}; at the start of each part: {}; at the \
         end: {}. Two cores are shared with whatever else runs: a load above ~1 means the \
         bench competed for the CPU (and other builds for the disk), which shows most in the \
         webview numbers and in the fsync/durable-save numbers.\n",
        sh("nproc", &[]),
        sh("uname", &["-r"]),
        sh(
            "dpkg-query",
            &["-W", "-f=${Version}", "libwebkit2gtk-4.1-0"]
        ),
        sh("rustc", &["--version"]),
        loads
            .iter()
            .map(|(n, l)| format!("{n} {l}"))
            .collect::<Vec<_>>()
            .join(", "),
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split_whitespace()
            .next()
            .unwrap_or("?"),
    )
}

const METHOD: &str = "\
- **Floor**: benches/floor (`faelles-floor`), a trivial Tauri app with the same two windows: \
the chair's textarea `input` → `invoke('relay')` → `emit_to(\"screen\")` → `textContent`. \
Built and measured in the same run; targets are ratios to it.\n\
- **Keystroke → paint** (1): release binaries through tauri-driver/WebKitWebDriver under \
Xvfb with `FAELLES_BENCH=1`, which makes the shell add `window.__FT_BENCH` by an initialization \
script. The chair stamps each `input` event (`performance.timeOrigin + event.timeStamp`, \
ui/js/run.js `Saver.onInput`), the screen stamps the next `requestAnimationFrame` after each \
update (`performance.timeOrigin + performance.now()`, ui/js/screen.js `apply()`) with the \
length of each section's text; both are the same wall clock. Keystrokes are WebDriver \
`send_keys` on `[data-testid=section-vigtigste]`: first unmeasured warm-up keys, then one key \
per call at 10/s, then bursts of 20 keys per call 1 s apart. A keystroke's latency is to the \
first frame showing a text at least as long as the chair's after it. The app runs the demo \
data's upcoming meeting at its first case, with the citizen present, all 9 sections filled \
(1,000 characters each, ≈9 KB on screen), 5 agreements, the case on the citizen screen.\n\
- **Memory** (6): PSS (`Pss:` of /proc/<pid>/smaps_rollup) summed over the app process and \
all its descendants (WebKitWebProcess, WebKitNetworkProcess), median of 3 samples 1 s apart, \
3 s after the last action. The simulated 2-hour meeting continues the keystroke session: see \
the meeting line in section 1, 6.\n\
- **Cold start** (3): stamps appended by the shell to `$FAELLES_BENCH_READY`: `chair`/`screen` \
at `PageLoadEvent::Finished`, `interactive` at the chair's first `app_state` command (the \
floor: its chair's first `ready` command). \"Both windows ready\" is the later of interactive \
and the screen's page load. The target is checked on the median.\n\
- **Core** (2): crates/faelles-core/benches/notes.rs, run as is, plus an fsync probe in the \
same temp dir.\n\
- **20 years** (5) and **PDF** (4): see their sections; timings are in-process (release \
build), warm.\n\
- Other work on the machine during the run shows in the load average above; nothing is \
retried or filtered.\n";

fn main() {
    let started = Instant::now();
    let load_start = std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .next()
        .unwrap_or("?")
        .to_string();
    let root = faelles_tests::e2e::repo_root();
    let target = faelles_tests::e2e::target_dir();
    let app = env_path("BENCH_APP", target.join("release/faelles-team"));
    let floor = env_path("BENCH_FLOOR", target.join("release/faelles-floor"));
    let notes = env_path("BENCH_NOTES", target.join("bench/notes.txt"));
    let out = env_path("BENCH_OUT", root.join("docs/PERFORMANCE.md"));
    let quick = std::env::var("BENCH_QUICK").as_deref() == Ok("1");
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let all = args.is_empty();
    let want = |s: &str| all || args.iter().any(|a| a == s);

    let mut report = Report::default();
    if want("webview") {
        section(
            &mut report,
            "1",
            "keystroke → paint and memory (webview)",
            |r| sections::webview::webview(r, &app, &floor, quick),
        );
    }
    if want("coldstart") {
        section(&mut report, "3", "cold start", |r| {
            sections::coldstart::coldstart(r, &app, &floor, quick)
        });
    }
    if want("core") {
        section(&mut report, "2", "core: notes bench + fsync", |r| {
            sections::notes::core(r, &notes)
        });
    }
    if want("history") || want("pdf") {
        section(&mut report, "5", "20 years of data (and 4. PDF)", |r| {
            sections::history::history_and_pdf(r, quick, want("pdf"))
        });
    }
    if want("versions") {
        section(
            &mut report,
            "5",
            "20 years with 20 template versions",
            sections::versions::versions,
        );
    }
    if want("size") {
        section(&mut report, "6", "binary size", |r| {
            sections::size::size(r, &app, &floor)
        });
    }
    report.rows.sort_by_key(|r| r.item);

    let commit = sh(
        "git",
        &[
            "-C",
            &root.to_string_lossy(),
            "rev-parse",
            "--short",
            "HEAD",
        ],
    );
    let dirty = !sh(
        "git",
        &["-C", &root.to_string_lossy(), "status", "--porcelain"],
    )
    .is_empty();
    let header = format!(
        "# Performance\n\nWritten by `make bench` (scripts/bench.sh → benches/driver) on {} \
         at commit {commit}{}; {}the whole bench took {:.0} s. Do not edit by hand: rerun \
         `make bench`.\n\nEvery target is checked against numbers from this run; the floor \
         (benches/floor, a trivial two-window Tauri app) was measured in the same run on the \
         same machine. A missed target is reported with its number and what it would take.\n",
        sh("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        if dirty {
            " (with uncommitted changes)"
        } else {
            ""
        },
        if quick {
            "QUICK MODE (fewer keystrokes and runs) — "
        } else {
            ""
        },
        started.elapsed().as_secs_f64()
    );
    let md = report.markdown(&header, &machine(&load_start, &report.loads), METHOD);
    std::fs::write(&out, &md).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    println!("\n{}\nwritten: {}", report.table(), out.display());
    let missed = report
        .rows
        .iter()
        .filter(|r| r.status != Status::Met && r.status != Status::Info)
        .count();
    println!(
        "{missed} target(s) missed or not measured; bench took {:.0} s",
        started.elapsed().as_secs_f64()
    );
}
