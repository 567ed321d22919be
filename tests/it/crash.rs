//! Crash test: "no note is ever lost". The store runs in a child process (this test binary
//! re-executed, running only `crash::notes::crash_child`), which saves section notes and agreements
//! in a loop and prints one line per acknowledged save. The parent kills it with SIGKILL (on
//! Windows `TerminateProcess`: `Child::kill` is each platform's hard kill) at a random
//! moment, reopens the database and checks that every acknowledged save is there (that
//! revision's text, or the one unacknowledged save after it) and `PRAGMA integrity_check` is
//! ok. Then the next child starts on the same data.
//!
//! `cargo test` runs 200 kills (`FAELLES_CRASH_KILLS=1000` for a longer run,
//! `FAELLES_CRASH_SEED=<n>` to replay a run; the seed is printed).
//!
//! The second test does the same to backups and restores (`crash::restores::restore_child`): in turn, a
//! child that takes backups, one that restores backup A and B alternately into the open
//! database, and one that leaves a save in the WAL and replaces the database with the other
//! backup (`replace_broken_database`). After each kill the live database must open, pass
//! `integrity_check` and hold exactly the old data or the new data; every listed backup and
//! every database kept aside must pass `integrity_check` and hold A or B; no `.partial` file
//! is listed, and the temporary files of a killed run are gone after the next one. 30 kills of
//! each kind (`FAELLES_CRASH_RESTORE_KILLS=<n>` per kind for a longer run).
//!
//! Here: what both share (the seeded random numbers, the fixture, running a child until it
//! is killed); notes.rs: the saves; restores.rs: backups and restores.

mod notes;
mod restores;

use chrono::Utc;
use faelles_core::testing::Fx;
use faelles_core::Core;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const SEED_ENV: &str = "FAELLES_CRASH_SEED";

/// The hard kill, as the summaries name it.
const KILLS: &str = if cfg!(windows) {
    "TerminateProcess kills"
} else {
    "SIGKILLs"
};

/// xorshift64*: small, seeded, good enough to pick moments and edits.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ *b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The cases of the one meeting, in order.
fn case_ids(core: &Core) -> Vec<faelles_core::domain::Id> {
    let m = &core.meetings().unwrap()[0];
    let mut cases = core.cases(m.id).unwrap();
    cases.sort_by_key(|c| c.position);
    cases.into_iter().map(|c| c.id).collect()
}

/// The shared fixture's team on the data dir `dir`, the clock at the time of the set-up,
/// citizens with these CPR numbers (consent from 2020).
fn crash_fixture(dir: &Path, cprs: &[&str]) -> Fx {
    Fx::builder()
        .in_dir(dir)
        .now(Utc::now())
        .cprs(cprs)
        .consent_from("2020-01-01")
        .build()
}

/// A number from the environment variable `name`, if it holds one.
fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|s| s.parse().ok())
}

/// A seed from the clock (printed with the results, to replay a run).
fn time_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
}

/// When the parent kills a child.
enum KillAt {
    /// This long after the child was started.
    AfterStart(Duration),
    /// This long after the child printed "ready".
    AfterReady(Duration),
}

/// Runs the child test `test` of this binary with `envs`, kills it with SIGKILL at `at` and
/// returns all it printed (the last line may be cut). Panics (naming `what`) if the child
/// stopped by itself or was not ready in 20 s.
fn run_until_killed(test: &str, envs: &[(&str, String)], at: KillAt, what: &str) -> String {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .envs(envs.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn the child");
    let (ready_tx, ready) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut all = String::new();
        let mut r = BufReader::new(stdout);
        let mut line = String::new();
        while matches!(r.read_line(&mut line), Ok(n) if n > 0) {
            // libtest may have put "test crash::notes::crash_child ... " before it.
            if line.ends_with("ready\n") {
                let _ = ready_tx.send(());
            }
            all.push_str(&line);
            line.clear();
        }
        all
    });
    match at {
        KillAt::AfterStart(d) => std::thread::sleep(d),
        KillAt::AfterReady(d) => {
            if ready.recv_timeout(Duration::from_secs(20)).is_ok() {
                std::thread::sleep(d);
            } else if child.try_wait().unwrap().is_none() {
                child.kill().unwrap();
                child.wait().unwrap();
                panic!("{what}: the child did not open the store in 20 s");
            }
        }
    }
    if let Some(status) = child.try_wait().unwrap() {
        let mut err = String::new();
        let _ = child.stderr.take().unwrap().read_to_string(&mut err);
        let out = reader.join().unwrap();
        panic!("{what}: the child stopped by itself ({status}):\n{out}\n{err}");
    }
    child.kill().unwrap(); // SIGKILL on Unix, TerminateProcess on Windows
    child.wait().unwrap();
    reader.join().unwrap()
}
