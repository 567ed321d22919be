//! Cold start: the release binary started directly (no WebDriver), 1 unmeasured warm-up and
//! then `runs` starts, app and floor interleaved. Each writes `chair|screen|interactive <unix
//! ms>` to `$FAELLES_BENCH_READY`; times are from just before spawn.

use crate::procs;
use crate::stats::{unix_ms, Summary};
use std::collections::HashMap;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Debug, Default, Clone)]
pub struct Starts {
    /// Chair page loaded (`PageLoadEvent::Finished`).
    pub chair_loaded: Vec<f64>,
    /// The chair's script asked for its state: interactive.
    pub interactive: Vec<f64>,
    /// Both windows ready: max(interactive, screen page loaded).
    pub both: Vec<f64>,
    /// The unmeasured first start (cold page cache for a fresh build; for the app it also
    /// loads the demo data).
    pub first_both: f64,
}

impl Starts {
    pub fn interactive(&self) -> Summary {
        Summary::of(&self.interactive)
    }
    pub fn both(&self) -> Summary {
        Summary::of(&self.both)
    }
}

/// One start: (chair loaded, interactive, both ready) in ms after spawn.
fn start_once(binary: &Path, data_dir: &Path, demo: bool) -> (f64, f64, f64) {
    let stamps = data_dir.join("ready.txt");
    let _ = std::fs::remove_file(&stamps);
    let mut cmd = Command::new(binary);
    cmd.env("FAELLES_DATA_DIR", data_dir)
        .env("FAELLES_BENCH_READY", &stamps)
        .env_remove("FAELLES_BENCH")
        .env_remove("FAELLES_DEMO")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0);
    if demo {
        cmd.env("FAELLES_DEMO", "1");
    }
    let t0 = unix_ms();
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
    let deadline = Instant::now() + Duration::from_secs(30);
    let got = loop {
        let text = std::fs::read_to_string(&stamps).unwrap_or_default();
        let mut first: HashMap<&str, f64> = HashMap::new();
        for line in text.lines() {
            if let Some((what, ms)) = line.split_once(' ') {
                if let Ok(ms) = ms.parse::<f64>() {
                    first.entry(what).or_insert(ms - t0);
                }
            }
        }
        if let (Some(&c), Some(&s), Some(&i)) = (
            first.get("chair"),
            first.get("screen"),
            first.get("interactive"),
        ) {
            break (c, i, s.max(i));
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!(
                "{} exited ({status}) before both windows were ready",
                binary.display()
            );
        }
        assert!(
            Instant::now() < deadline,
            "{} not ready within 30 s; stamps: {text:?}",
            binary.display()
        );
        std::thread::sleep(Duration::from_millis(2));
    };
    // Let it settle, then stop it and all its WebKit processes.
    std::thread::sleep(Duration::from_millis(300));
    procs::stop_group(&mut child);
    std::thread::sleep(Duration::from_millis(300));
    got
}

/// `runs` measured starts of each binary, interleaved. The app runs on a data dir with the
/// demo data (loaded by its unmeasured first start).
pub fn measure(app: &Path, floor: &Path, runs: usize) -> (Starts, Starts) {
    let app_dir = tempfile::Builder::new()
        .prefix("faelles-bench-cold-")
        .tempdir()
        .expect("temp dir");
    let floor_dir = tempfile::Builder::new()
        .prefix("faelles-bench-cold-floor-")
        .tempdir()
        .expect("temp dir");
    let mut a = Starts {
        first_both: start_once(app, app_dir.path(), true).2,
        ..Default::default()
    };
    let mut f = Starts {
        first_both: start_once(floor, floor_dir.path(), false).2,
        ..Default::default()
    };
    for _ in 0..runs {
        for (bin, dir, out) in [
            (floor, floor_dir.path(), &mut f),
            (app, app_dir.path(), &mut a),
        ] {
            let (c, i, b) = start_once(bin, dir, false);
            out.chair_loaded.push(c);
            out.interactive.push(i);
            out.both.push(b);
        }
    }
    (a, f)
}
