//! Crash test: "no note is ever lost". The store runs in a child process (this test binary
//! re-executed, running only `crash::crash_child`), which saves section notes and agreements
//! in a loop and prints one line per acknowledged save. The parent kills it with SIGKILL (on
//! Windows `TerminateProcess`: `Child::kill` is each platform's hard kill) at a random
//! moment, reopens the database and checks that every acknowledged save is there (that
//! revision's text, or the one unacknowledged save after it) and `PRAGMA integrity_check` is
//! ok. Then the next child starts on the same data.
//!
//! `cargo test` runs 200 kills (`FAELLES_CRASH_KILLS=1000` for a longer run,
//! `FAELLES_CRASH_SEED=<n>` to replay a run; the seed is printed).
//!
//! The second test does the same to backups and restores (`crash::restore_child`): in turn, a
//! child that takes backups, one that restores backup A and B alternately into the open
//! database, and one that leaves a save in the WAL and replaces the database with the other
//! backup (`replace_broken_database`). After each kill the live database must open, pass
//! `integrity_check` and hold exactly the old data or the new data; every listed backup and
//! every database kept aside must pass `integrity_check` and hold A or B; no `.partial` file
//! is listed, and the temporary files of a killed run are gone after the next one. 30 kills of
//! each kind (`FAELLES_CRASH_RESTORE_KILLS=<n>` per kind for a longer run).

use chrono::{Duration as Days, Utc};
use faelles_core::backup;
use faelles_core::domain::{Due, Who};
use faelles_core::run::AgreementInput;
use faelles_core::store::Store;
use faelles_core::testing::{note, Fx};
use faelles_core::Core;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Set in the child: the data dir to work on.
const CHILD_ENV: &str = "FAELLES_CRASH_CHILD";
/// Set in the child: its random seed.
const CHILD_SEED_ENV: &str = "FAELLES_CRASH_CHILD_SEED";
const KILLS_ENV: &str = "FAELLES_CRASH_KILLS";
const SEED_ENV: &str = "FAELLES_CRASH_SEED";
const DEFAULT_KILLS: usize = 200;
/// The child test's full name, run with `--exact`.
const CHILD_TEST: &str = "crash::crash_child";

/// The hard kill, as the summaries name it.
const KILLS: &str = if cfg!(windows) {
    "TerminateProcess kills"
} else {
    "SIGKILLs"
};

const CASES: usize = 3;
const KEYS: [&str; 4] = ["vigtigste", "psykiatri", "rusmiddel", "naeste_skridt"];
/// Agreements per case before the child only edits existing ones.
const MAX_AGREEMENTS: u32 = 12;

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

/// The text of revision `rev` of a section: deterministic, so the parent can recompute the
/// text of a revision it never saw acknowledged. Sizes from a line to ≈40 KB (overflow pages).
fn note_text(case: usize, key: &str, rev: i64) -> String {
    let h = fnv(format!("{case}/{key}/{rev}").as_bytes());
    let n = if h.is_multiple_of(8) {
        800 + h % 400
    } else {
        h % 60
    } as usize;
    let mut s = format!("Sag {case}, {key}, udgave {rev}: ");
    s.push_str(&"Æblegrød og rødgrød med fløde. ".repeat(n));
    s.push_str(&format!("(slut {rev})"));
    s
}

fn agreement_text(case: usize, seq: u32, version: u32) -> String {
    format!("Aftale {seq} i sag {case}, udgave {version}")
}

/// `(seq, version)` from an agreement text.
fn parse_agreement(what: &str) -> Option<(u32, u32)> {
    let rest = what.strip_prefix("Aftale ")?;
    let (seq, rest) = rest.split_once(' ')?;
    let version = rest.rsplit_once("udgave ")?.1;
    Some((seq.parse().ok()?, version.parse().ok()?))
}

/// The cases of the one meeting, in order.
fn case_ids(core: &Core) -> Vec<faelles_core::domain::Id> {
    let m = &core.meetings().unwrap()[0];
    let mut cases = core.cases(m.id).unwrap();
    cases.sort_by_key(|c| c.position);
    cases.into_iter().map(|c| c.id).collect()
}

/// The child: runs only when `FAELLES_CRASH_CHILD` is set, else returns at once.
#[test]
fn crash_child() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let seed: u64 = std::env::var(CHILD_SEED_ENV)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let mut rng = Rng::new(seed);
    let mut core = Core::open(Path::new(&dir)).expect("child opens the store");
    let cases = case_ids(&core);
    let mut revs: HashMap<(usize, &str), i64> = HashMap::new();
    let mut agreements: Vec<HashMap<u32, (faelles_core::domain::Id, u32)>> = Vec::new();
    for (i, id) in cases.iter().enumerate() {
        for key in KEYS {
            revs.insert((i, key), note(&core, *id, key).1);
        }
        let mut by_seq = HashMap::new();
        for a in core.case_detail(*id).unwrap().agreements {
            let (seq, v) = parse_agreement(&a.what).expect("an agreement the child wrote");
            by_seq.insert(seq, (a.id, v));
        }
        agreements.push(by_seq);
    }
    let out = std::io::stdout();
    let mut out = out.lock();
    writeln!(out, "ready").unwrap();
    out.flush().unwrap();
    loop {
        let case = rng.below(CASES as u64) as usize;
        let op = rng.below(10);
        let line = if op == 0 {
            // A new agreement, or (when there are enough) a new version of one.
            let list = &mut agreements[case];
            let n = list.len() as u32;
            let (id, seq, version) = if n < MAX_AGREEMENTS {
                (None, n + 1, 1)
            } else {
                let seq = 1 + rng.below(n as u64) as u32;
                let (id, v) = list[&seq];
                (Some(id), seq, v + 1)
            };
            let a = core
                .save_agreement(
                    cases[case],
                    &AgreementInput {
                        id,
                        what: agreement_text(case, seq, version),
                        who: Some(Who::Citizen),
                        due: Some(Due::NextMeeting),
                    },
                )
                .expect("child saves an agreement");
            list.insert(seq, (a.id, version));
            format!("agr {case} {seq} {version}\n")
        } else {
            let key = KEYS[rng.below(KEYS.len() as u64) as usize];
            let base = revs[&(case, key)];
            let text = note_text(case, key, base + 1);
            let rev = core
                .save_section(cases[case], key, &text, base)
                .expect("child saves a section");
            assert_eq!(rev, base + 1);
            revs.insert((case, key), rev);
            format!(
                "ack {case} {key} {rev} {} {:x}\n",
                text.len(),
                fnv(text.as_bytes())
            )
        };
        // One write per line (a pipe write this small is atomic), flushed: acknowledged.
        out.write_all(line.as_bytes()).unwrap();
        out.flush().unwrap();
    }
}

/// The crash test's data: three cases in a meeting next week.
fn set_up(dir: &Path) {
    let date = (Utc::now() + Days::days(7)).format("%Y-%m-%d").to_string();
    let mut fx = crash_fixture(dir, &["010190-1111", "020290-2222", "030390-3333"]);
    fx.meeting_with_cases(&date);
    assert_eq!(case_ids(&fx.core).len(), CASES);
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

/// What the parent knows of one section or agreement: the newest revision (version) a child
/// acknowledged, and the newest found on disk after a kill (a save can reach the disk and be
/// killed before its acknowledgement; the next child goes on from there).
#[derive(Default, Clone, Copy)]
struct Known {
    acked: u32,
    seen: u32,
}

impl Known {
    fn floor(self) -> u32 {
        self.acked.max(self.seen)
    }
}

/// The parent's record of all children's acknowledgements.
#[derive(Default)]
struct Acked {
    /// (case, key) -> revision
    notes: HashMap<(usize, String), Known>,
    /// (case, seq) -> version
    agreements: HashMap<(usize, u32), Known>,
    /// Acknowledgements read in all rounds.
    total: usize,
}

impl Acked {
    /// Takes the complete lines of one child's output; a line cut by the kill is ignored.
    fn read(&mut self, output: &str) -> usize {
        let mut n = 0;
        let complete = match output.rfind('\n') {
            Some(i) => &output[..i],
            None => "",
        };
        for line in complete.lines() {
            let f: Vec<&str> = line.split(' ').collect();
            let (known, new) = match f.as_slice() {
                ["ack", case, key, rev, len, hash] => {
                    let case: usize = case.parse().unwrap();
                    let rev: u32 = rev.parse().unwrap();
                    let text = note_text(case, key, rev as i64);
                    assert_eq!(
                        (text.len(), fnv(text.as_bytes())),
                        (len.parse().unwrap(), u64::from_str_radix(hash, 16).unwrap()),
                        "the child acknowledged the text the parent expects"
                    );
                    (self.notes.entry((case, key.to_string())).or_default(), rev)
                }
                ["agr", case, seq, version] => {
                    let k = (case.parse().unwrap(), seq.parse().unwrap());
                    (
                        self.agreements.entry(k).or_default(),
                        version.parse().unwrap(),
                    )
                }
                _ => continue, // "ready", libtest's own lines
            };
            assert_eq!(new, known.floor() + 1, "each save builds on the last one");
            known.acked = new;
            n += 1;
        }
        self.total += n;
        n
    }

    /// Opens the database as a restarted app would and checks every acknowledged save: on
    /// disk is the acknowledged revision or the one after it (saved, killed before the
    /// acknowledgement), with exactly that revision's text. Returns how many acknowledged
    /// saves were checked.
    fn verify(&mut self, dir: &Path, round: usize) -> usize {
        let store = Store::open_in_dir(dir)
            .unwrap_or_else(|e| panic!("round {round}: the store does not open: {e}"));
        assert_eq!(
            store.integrity_check().unwrap(),
            "ok",
            "round {round}: integrity_check"
        );
        let core = Core::new(store, Box::new(Utc::now));
        let cases = case_ids(&core);
        let mut checked = 0;
        for (i, id) in cases.iter().enumerate() {
            for key in KEYS {
                let known = self.notes.entry((i, key.to_string())).or_default();
                let (text, rev) = note(&core, *id, key);
                let rev = rev as u32;
                assert!(
                    rev == known.floor() || rev == known.floor() + 1,
                    "round {round}: case {i} {key}: revision {rev} on disk, {} acknowledged, {} seen",
                    known.acked,
                    known.seen
                );
                if rev > 0 {
                    assert!(
                        text == note_text(i, key, rev as i64),
                        "round {round}: case {i} {key}: text of revision {rev} differs"
                    );
                }
                known.seen = rev;
                if known.acked > 0 {
                    checked += 1;
                }
            }
            let on_disk: HashMap<u32, u32> = core
                .case_detail(*id)
                .unwrap()
                .agreements
                .iter()
                .map(|a| parse_agreement(&a.what).expect("agreement text"))
                .collect();
            let max_seq = self
                .agreements
                .keys()
                .filter(|k| k.0 == i)
                .map(|k| k.1)
                .max()
                .unwrap_or(0);
            for (&seq, &v) in &on_disk {
                assert!(
                    seq <= max_seq + 1,
                    "round {round}: case {i}: agreement {seq} was never attempted"
                );
                let known = self.agreements.entry((i, seq)).or_default();
                assert!(
                    v == known.floor() || v == known.floor() + 1,
                    "round {round}: case {i} agreement {seq}: version {v} on disk, {} acknowledged, {} seen",
                    known.acked,
                    known.seen
                );
                known.seen = v;
            }
            for (&(_, seq), known) in self.agreements.iter().filter(|(k, _)| k.0 == i) {
                assert!(
                    known.acked == 0 || on_disk.contains_key(&seq),
                    "round {round}: case {i}: acknowledged agreement {seq} is gone"
                );
                if known.acked > 0 {
                    checked += 1;
                }
            }
        }
        checked
    }
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
            // libtest may have put "test crash::crash_child ... " before it.
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

#[test]
fn acknowledged_edits_survive_sigkill_at_random_moments() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return; // never recurse from a child
    }
    let kills: usize = env_number(KILLS_ENV).unwrap_or(DEFAULT_KILLS as u64) as usize;
    let seed = env_number(SEED_ENV).unwrap_or_else(time_seed);
    let started = Instant::now();
    let mut rng = Rng::new(seed);
    let tmp = faelles_tests::user_dir();
    let dir = tmp.path().join("data");
    set_up(&dir);
    let mut acked = Acked::default();
    let (mut verified, mut empty_rounds, mut max_in_round) = (0usize, 0usize, 0usize);
    for round in 0..kills {
        let child_seed = rng.next();
        // One kill in ten during start-up (opening the store, recovering the WAL); the others
        // while saving, timed from the child's "ready" so a loaded machine still gets saves.
        let at = if rng.below(10) == 0 {
            KillAt::AfterStart(Duration::from_micros(rng.below(20_000)))
        } else {
            KillAt::AfterReady(Duration::from_micros(rng.below(25_000)))
        };
        let out = run_until_killed(
            CHILD_TEST,
            &[
                (CHILD_ENV, dir.display().to_string()),
                (CHILD_SEED_ENV, child_seed.to_string()),
            ],
            at,
            &format!("round {round} (seed {seed})"),
        );
        let n = acked.read(&out);
        if n == 0 {
            empty_rounds += 1;
        }
        max_in_round = max_in_round.max(n);
        verified += acked.verify(&dir, round);
    }
    let elapsed = started.elapsed();
    println!(
        "crash test: {kills} {KILLS}; {} acknowledged saves, each found (that revision or the \
         next) at the restart after its kill; {verified} section/agreement checks on {} \
         sections/agreements; {empty_rounds} kills before the first save, up to {max_in_round} \
         saves between kills; integrity_check ok {kills} times; {:.1} s (seed {seed})",
        acked.total,
        acked.notes.len() + acked.agreements.len(),
        elapsed.as_secs_f64()
    );
    assert!(acked.total > kills, "the children saved too little to test");
}

// ------------------------------------------------------------ backups and restores

/// Set in a backup/restore child: the data dir to work on.
const RESTORE_CHILD_ENV: &str = "FAELLES_CRASH_RESTORE_CHILD";
/// Set in a backup/restore child: what it does ([`Op`]) and its seed.
const RESTORE_OP_ENV: &str = "FAELLES_CRASH_RESTORE_OP";
const RESTORE_SEED_ENV: &str = "FAELLES_CRASH_RESTORE_SEED";
const RESTORE_KILLS_ENV: &str = "FAELLES_CRASH_RESTORE_KILLS";
/// Kills per [`Op`] in `cargo test`.
const DEFAULT_RESTORE_KILLS: usize = 30;
const RESTORE_CHILD_TEST: &str = "crash::restore_child";
/// The section of case 0 that holds which backup the data came from: "A" or "B".
const MARK_KEY: &str = "vigtigste";
/// The section of case 0 the `replace` child writes (and leaves in the WAL) before each
/// replacement; absent in both backups.
const WAL_KEY: &str = "psykiatri";

/// What a backup/restore child does in a loop until it is killed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Op {
    /// `backup::create_backup` from the open database.
    Backup,
    /// `Core::restore_backup` of the other backup into the open database.
    Restore,
    /// A save left in the WAL (the connection closed without a checkpoint, as a killed app
    /// leaves it), then
    /// `backup::replace_broken_database` with the other backup.
    Replace,
}

const OPS: [Op; 3] = [Op::Backup, Op::Restore, Op::Replace];

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::Backup => "backup",
            Op::Restore => "restore",
            Op::Replace => "replace",
        }
    }
}

/// The two backups the children restore in turn, in the backup folder under names far in
/// the future (so pruning, which keeps the newest, never removes them).
fn source_backup(dir: &Path, mark: char) -> std::path::PathBuf {
    let day = if mark == 'A' { 1 } else { 2 };
    let t = chrono::TimeZone::with_ymd_and_hms(&Utc, 2099, 1, day, 0, 0, 0).unwrap();
    dir.join(backup::BACKUP_DIR).join(backup::file_name_for(t))
}

fn other(mark: char) -> char {
    if mark == 'A' {
        'B'
    } else {
        'A'
    }
}

/// The text the `replace` child with `seed` saves in [`WAL_KEY`] before its `i`th replacement.
fn wal_text(seed: u64, i: u64) -> String {
    format!("I WAL'en {seed} {i}")
}

/// The child: runs only when `FAELLES_CRASH_RESTORE_CHILD` is set, else returns at once.
#[test]
fn restore_child() {
    let Some(dir) = std::env::var_os(RESTORE_CHILD_ENV) else {
        return;
    };
    let dir = Path::new(&dir);
    let op = std::env::var(RESTORE_OP_ENV).unwrap();
    let seed = env_number(RESTORE_SEED_ENV).unwrap_or(1);
    let out = std::io::stdout();
    let mut out = out.lock();
    let mut say = |line: String| {
        out.write_all(format!("{line}\n").as_bytes()).unwrap();
        out.flush().unwrap();
    };
    let mark = |core: &Core| -> char {
        let case = case_ids(core)[0];
        note(core, case, MARK_KEY).0.chars().next().unwrap()
    };
    if op == Op::Backup.name() {
        let core = Core::open(dir).expect("child opens the store");
        say("ready".into());
        loop {
            let t = Instant::now();
            backup::create_backup(core.store(), Utc::now()).expect("a backup");
            say(format!("backup {}", t.elapsed().as_micros()));
        }
    } else if op == Op::Restore.name() {
        let mut core = Core::open(dir).expect("child opens the store");
        say("ready".into());
        loop {
            let t = Instant::now();
            let to = other(mark(&core));
            core.restore_backup(&source_backup(dir, to))
                .expect("a restore");
            say(format!("restored {to} {}", t.elapsed().as_micros()));
        }
    } else {
        say("ready".into());
        for i in 0.. {
            let t = Instant::now();
            let mut core = Core::open(dir).expect("child opens the store");
            let from = mark(&core);
            let case = case_ids(&core)[0];
            let rev = note(&core, case, WAL_KEY).1;
            core.save_section(case, WAL_KEY, &wal_text(seed, i), rev)
                .expect("a save");
            say(format!("wal {from} {i}"));
            // Closed without the checkpoint a clean close makes: the save stays in the WAL
            // (and the -shm beside it), as after a crash of the app. Closed, because a
            // killed process's files are closed by the system, and Windows would refuse to
            // move files this process still held open.
            core.store()
                .conn()
                .set_db_config(
                    rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
                    true,
                )
                .unwrap();
            drop(core);
            let to = other(from);
            backup::replace_broken_database(dir, &source_backup(dir, to), Utc::now())
                .expect("a replacement");
            say(format!("replaced {to} {}", t.elapsed().as_micros()));
        }
    }
}

/// What a database holds, as the crash test tells it apart: a hash of every row of every
/// table except the [`WAL_KEY`] section, and that section's text.
#[derive(Debug, Clone, PartialEq)]
struct Content {
    rows: u64,
    wal: Option<String>,
}

fn content(c: &rusqlite::Connection) -> Content {
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut rows = Vec::new();
    let mut wal = None;
    for t in tables {
        let mut st = c.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let names: Vec<String> = st.column_names().iter().map(|n| n.to_string()).collect();
        let mut q = st.query([]).unwrap();
        while let Some(r) = q.next().unwrap() {
            let values: Vec<String> = (0..names.len())
                .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                .collect();
            if t == "section_note" && values[1] == format!("Text({:?})", WAL_KEY.as_bytes()) {
                let text: String = r.get("text").unwrap();
                wal = Some(text);
                continue;
            }
            rows.push(format!("{t}: {}", values.join(" | ")));
        }
    }
    rows.sort();
    Content {
        rows: fnv(rows.join("\n").as_bytes()),
        wal,
    }
}

/// The content of the database file `path` (with its side files), read from a copy: `None`
/// if it does not pass `integrity_check`.
fn content_of_file(path: &Path, look: &Path) -> Option<Content> {
    let _ = std::fs::remove_dir_all(look);
    std::fs::create_dir_all(look).unwrap();
    let copy = look.join("db.sqlite3");
    std::fs::copy(path, &copy).unwrap();
    let wal = Path::new(&format!("{}-wal", path.display())).to_path_buf();
    if wal.exists() {
        std::fs::copy(&wal, look.join("db.sqlite3-wal")).unwrap();
    }
    let c = rusqlite::Connection::open(&copy).ok()?;
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .ok()?;
    (ok == "ok").then(|| content(&c))
}

/// The data for the backup/restore crash test: the usual meeting, with backup A (section
/// "A") and backup B (section "B") in the folder; the live data is B.
fn set_up_restores(dir: &Path) {
    let date = (Utc::now() + Days::days(7)).format("%Y-%m-%d").to_string();
    let mut fx = crash_fixture(dir, &["040490-4444", "050590-5555"]);
    fx.meeting_with_cases(&date);
    let mut core = fx.core;
    let case = case_ids(&core)[0];
    for (rev, mark) in [(0, 'A'), (1, 'B')] {
        core.save_section(case, MARK_KEY, &mark.to_string(), rev)
            .unwrap();
        let b = backup::create_backup(core.store(), Utc::now()).unwrap();
        std::fs::rename(&b.path, source_backup(dir, mark)).unwrap();
    }
}

/// Hidden `.partial` files (not their side files) in `dir`.
fn partials(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".partial") && !n.ends_with("-wal") && !n.ends_with("-shm"))
        .filter(|n| !n.ends_with("-journal"))
        .count()
}

/// What happened to one kind of child over the run (printed at the end).
#[derive(Default)]
struct RestoreStats {
    kills: usize,
    lines: usize,
    /// Kills that found the operation's temporary file (killed in the middle of one).
    mid_op: usize,
    /// Replacements: kills after the commit, finished by the next open.
    finished_by_open: usize,
    /// Kills after the child reported a change: the new data; before: the old.
    new_unreported: usize,
    kept_sets: usize,
    backups_checked: usize,
    /// How long each reported operation took (µs).
    op_micros: Vec<u64>,
}

fn median(v: &[u64]) -> Option<u64> {
    let mut v = v.to_vec();
    v.sort_unstable();
    v.get(v.len() / 2).copied()
}

/// "Whole" here: passes integrity_check and holds exactly what backup A or backup B holds
/// (every row of every table), plus exactly the one section a `replace` child saved after it,
/// if it did. "Old or new": the data before the operation the kill cut short, or after it.
#[test]
fn backups_and_restores_leave_old_or_new_data_whole_after_sigkill() {
    if std::env::var_os(RESTORE_CHILD_ENV).is_some() || std::env::var_os(CHILD_ENV).is_some() {
        return; // never recurse from a child
    }
    let per_op = env_number(RESTORE_KILLS_ENV).unwrap_or(DEFAULT_RESTORE_KILLS as u64) as usize;
    let seed = env_number(SEED_ENV).unwrap_or_else(time_seed);
    let started = Instant::now();
    let mut rng = Rng::new(seed);
    let tmp = faelles_tests::user_dir();
    let dir = tmp.path().join("data");
    let look = tmp.path().join("look");
    let backups = dir.join(backup::BACKUP_DIR);
    set_up_restores(&dir);
    let sources: HashMap<char, Vec<u8>> = ['A', 'B']
        .into_iter()
        .map(|m| (m, std::fs::read(source_backup(&dir, m)).unwrap()))
        .collect();
    let rows: HashMap<char, u64> = ['A', 'B']
        .into_iter()
        .map(|m| {
            (
                m,
                content_of_file(&source_backup(&dir, m), &look)
                    .unwrap()
                    .rows,
            )
        })
        .collect();
    assert_ne!(rows[&'A'], rows[&'B']);
    let whole =
        |c: &Content| -> Option<char> { ['A', 'B'].into_iter().find(|m| rows[m] == c.rows) };
    // The live data: which backup, and the WAL_KEY text saved after it.
    let mut live: (char, Option<String>) = ('B', None);
    let mut stats: HashMap<Op, RestoreStats> = HashMap::new();
    for round in 0..per_op * OPS.len() {
        let op = OPS[round % OPS.len()];
        let child_seed = rng.next();
        let what = format!("round {round} {} (seed {seed})", op.name());
        let st = stats.entry(op).or_default();
        st.kills += 1;
        // Kill at a moment spread over the first few operations (their length is measured).
        let typical = median(&st.op_micros).unwrap_or(60_000).max(5_000);
        let out = run_until_killed(
            RESTORE_CHILD_TEST,
            &[
                (RESTORE_CHILD_ENV, dir.display().to_string()),
                (RESTORE_OP_ENV, op.name().to_string()),
                (RESTORE_SEED_ENV, child_seed.to_string()),
            ],
            KillAt::AfterReady(Duration::from_micros(rng.below(typical * 5 / 2))),
            &what,
        );

        // What the child reported, in order: the old data, and what it may have become.
        let complete = out.rfind('\n').map_or("", |i| &out[..i]);
        let mut next_wal = 0;
        let mut in_flight: Option<(char, Option<String>)> = None;
        let mut reported = 0;
        for line in complete.lines() {
            let f: Vec<&str> = line.split(' ').collect();
            match f.as_slice() {
                ["backup", micros] => {
                    st.op_micros.push(micros.parse().unwrap());
                }
                ["restored", to, micros] | ["replaced", to, micros] => {
                    live = (to.chars().next().unwrap(), None);
                    in_flight = None;
                    st.op_micros.push(micros.parse().unwrap());
                }
                ["wal", from, i] => {
                    assert_eq!(from.chars().next(), Some(live.0), "{what}: {line}");
                    let i: u64 = i.parse().unwrap();
                    assert_eq!(i, next_wal, "{what}: {line}");
                    next_wal = i + 1;
                    live.1 = Some(wal_text(child_seed, i));
                    in_flight = Some((other(live.0), None));
                }
                _ => continue,
            }
            reported += 1;
        }
        st.lines += reported;
        // What the kill may have cut short: the next change the child would have reported.
        let possible = match op {
            Op::Backup => None,
            Op::Restore => Some((other(live.0), None)),
            Op::Replace => Some(
                in_flight
                    .clone()
                    .unwrap_or((live.0, Some(wal_text(child_seed, next_wal)))),
            ),
        };
        // The files the kill left.
        let ready = dir.join(backup::REPLACE_READY).exists();
        if partials(&backups) + partials(&dir) > 0 || ready {
            st.mid_op += 1;
        }
        assert!(
            partials(&backups) <= 2 && partials(&dir) <= 1,
            "{what}: temporary files of earlier runs are cleaned up"
        );
        // The live data, opened as the app opens it.
        let store = Store::open_in_dir(&dir)
            .unwrap_or_else(|e| panic!("{what}: the store does not open: {e}"));
        if ready {
            st.finished_by_open += 1;
            assert!(!dir.join(backup::REPLACE_READY).exists());
        }
        assert_eq!(
            store.integrity_check().unwrap(),
            "ok",
            "{what}: integrity_check"
        );
        let now = content(store.conn());
        drop(store);
        let base = whole(&now)
            .unwrap_or_else(|| panic!("{what}: the live data is neither backup A nor B"));
        let found = (base, now.wal);
        if found != live {
            assert!(
                Some(&found) == possible.as_ref(),
                "{what}: the live data is {found:?}: neither the old {live:?} nor the new \
                 {possible:?}"
            );
            st.new_unreported += 1;
            live = found;
        }
        // Every listed backup: whole, and no temporary file among them.
        for b in backup::list_backups_in(&backups).unwrap() {
            assert!(
                !b.file_name.starts_with('.') && !b.file_name.contains(".partial"),
                "{what}: {} listed",
                b.file_name
            );
            if let Some(&m) = ['A', 'B']
                .iter()
                .find(|&&m| b.path == source_backup(&dir, m))
            {
                assert!(
                    std::fs::read(&b.path).unwrap() == sources[&m],
                    "{what}: source {m}"
                );
                continue;
            }
            let c = content_of_file(&b.path, &look)
                .unwrap_or_else(|| panic!("{what}: backup {} is damaged", b.file_name));
            assert!(
                whole(&c).is_some(),
                "{what}: backup {} is a mix",
                b.file_name
            );
            st.backups_checked += 1;
        }
        // Every broken database kept aside (here: the data before a replacement) is whole;
        // removed once checked, to keep the test's disk use small.
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.contains(".beskadiget-") || name.ends_with("-wal") || name.ends_with("-shm") {
                continue;
            }
            let c = content_of_file(&e.path(), &look)
                .unwrap_or_else(|| panic!("{what}: the kept {name} is damaged"));
            assert!(whole(&c).is_some(), "{what}: the kept {name} is a mix");
            st.kept_sets += 1;
            for s in ["", "-wal", "-shm", "-journal"] {
                let _ = std::fs::remove_file(dir.join(format!("{name}{s}")));
            }
        }
    }
    let elapsed = started.elapsed();
    for op in OPS {
        let s = &stats[&op];
        println!(
            "crash test, {}: {} {KILLS}, {} operations reported (median {:.1} ms); {} kills \
             in the middle of one (temporary file found), {} after a commit finished by the \
             next open, {} found the new data before it was reported; {} backups and {} kept \
             databases checked",
            op.name(),
            s.kills,
            s.lines,
            median(&s.op_micros).unwrap_or(0) as f64 / 1000.0,
            s.mid_op,
            s.finished_by_open,
            s.new_unreported,
            s.backups_checked,
            s.kept_sets
        );
    }
    println!(
        "crash test, backups and restores: {} {KILLS}; after each the live data opened, \
         passed integrity_check and was the old or the new data, whole; {:.1} s (seed {seed})",
        per_op * OPS.len(),
        elapsed.as_secs_f64()
    );
    for op in OPS {
        assert!(
            stats[&op].lines > 0,
            "the {} children did too little to test",
            op.name()
        );
    }
}
