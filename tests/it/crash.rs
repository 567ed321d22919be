//! Crash test: "no note is ever lost". The store runs in a child process (this test binary
//! re-executed, running only `crash::crash_child`), which saves section notes and agreements
//! in a loop and prints one line per acknowledged save. The parent kills it with SIGKILL at a
//! random moment, reopens the database and checks that every acknowledged save is there (that
//! revision's text, or the one unacknowledged save after it) and `PRAGMA integrity_check` is
//! ok. Then the next child starts on the same data.
//!
//! `cargo test` runs 200 kills (`FAELLES_CRASH_KILLS=1000` for a longer run,
//! `FAELLES_CRASH_SEED=<n>` to replay a run; the seed is printed).

use chrono::{Duration as Days, Utc};
use faelles_core::domain::{Due, Who};
use faelles_core::run::AgreementInput;
use faelles_core::service::{CitizenInput, ConsentInput, MeetingInput, MemberInput, TeamInput};
use faelles_core::store::{self, Store};
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
            let rev = store::get_note(core.store().read(), *id, key)
                .unwrap()
                .map_or(0, |n| n.revision);
            revs.insert((i, key), rev);
        }
        let mut by_seq = HashMap::new();
        for a in store::list_agreements(core.store().read(), *id).unwrap() {
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

/// A team with a coordinator, a meeting on `date` (13:00) and one case for each CPR number
/// (citizens `Borger0`, `Borger1`, ... with consent from 2020). Shared with the other modules.
pub(crate) fn meeting_with_cases(
    core: &mut Core,
    date: &str,
    cprs: &[&str],
) -> (faelles_core::domain::Meeting, Vec<faelles_core::domain::Id>) {
    core.setup_team(&TeamInput {
        name: "Fælles Team Test".into(),
        municipality: "Holstebro Kommune".into(),
        members: vec![MemberInput {
            role: "rusmiddelbehandlingen".into(),
            name: "Lone Lund".into(),
            coordinator: true,
            fixed: true,
            ..Default::default()
        }],
        ..Default::default()
    })
    .unwrap();
    let m = core
        .save_meeting(&MeetingInput {
            date: date.into(),
            start: "13:00".into(),
            ..Default::default()
        })
        .unwrap();
    let cases = cprs
        .iter()
        .enumerate()
        .map(|(i, cpr)| {
            let c = core
                .save_citizen(&CitizenInput {
                    first_name: format!("Borger{i}"),
                    last_name: "Hansen".into(),
                    cpr: cpr.to_string(),
                    active: true,
                    consent: Some(ConsentInput {
                        given_on: "2020-01-01".into(),
                        ..Default::default()
                    }),
                    ..Default::default()
                })
                .unwrap();
            core.add_case(m.id, c.id).unwrap().id
        })
        .collect();
    (m, cases)
}

/// The crash test's data: three cases in a meeting next week.
fn set_up(dir: &Path) {
    let mut core = Core::open(dir).unwrap();
    let date = (Utc::now() + Days::days(7)).format("%Y-%m-%d").to_string();
    meeting_with_cases(
        &mut core,
        &date,
        &["010190-1111", "020290-2222", "030390-3333"],
    );
    assert_eq!(case_ids(&core).len(), CASES);
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
        let c = core.store().read();
        let mut checked = 0;
        for (i, id) in cases.iter().enumerate() {
            for key in KEYS {
                let known = self.notes.entry((i, key.to_string())).or_default();
                let note = store::get_note(c, *id, key).unwrap();
                let (rev, text) = note.map_or((0, String::new()), |n| (n.revision as u32, n.text));
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
            let on_disk: HashMap<u32, u32> = store::list_agreements(c, *id)
                .unwrap()
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

#[test]
fn acknowledged_edits_survive_sigkill_at_random_moments() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return; // never recurse from a child
    }
    let kills: usize = std::env::var(KILLS_ENV)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_KILLS);
    let seed: u64 = std::env::var(SEED_ENV)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    let started = Instant::now();
    let mut rng = Rng::new(seed);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    set_up(&dir);
    let exe = std::env::current_exe().unwrap();
    let mut acked = Acked::default();
    let (mut verified, mut empty_rounds, mut max_in_round) = (0usize, 0usize, 0usize);
    for round in 0..kills {
        let child_seed = rng.next();
        let mut child = Command::new(&exe)
            .args([CHILD_TEST, "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, &dir)
            .env(CHILD_SEED_ENV, child_seed.to_string())
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
        // One kill in ten during start-up (opening the store, recovering the WAL); the others
        // while saving, timed from the child's "ready" so a loaded machine still gets saves.
        if rng.below(10) == 0 {
            std::thread::sleep(Duration::from_micros(rng.below(20_000)));
        } else if ready.recv_timeout(Duration::from_secs(20)).is_ok() {
            std::thread::sleep(Duration::from_micros(rng.below(25_000)));
        } else if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("round {round} (seed {seed}): the child did not open the store in 20 s");
        }
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            let _ = child.stderr.take().unwrap().read_to_string(&mut err);
            let out = reader.join().unwrap();
            panic!(
                "round {round} (seed {seed}): the child stopped by itself ({status}):\n{out}\n{err}"
            );
        }
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        let out = reader.join().unwrap();
        let n = acked.read(&out);
        if n == 0 {
            empty_rounds += 1;
        }
        max_in_round = max_in_round.max(n);
        verified += acked.verify(&dir, round);
    }
    let elapsed = started.elapsed();
    println!(
        "crash test: {kills} SIGKILLs; {} acknowledged saves, each found (that revision or the \
         next) at the restart after its kill; {verified} section/agreement checks on {} \
         sections/agreements; {empty_rounds} kills before the first save, up to {max_in_round} \
         saves between kills; integrity_check ok {kills} times; {:.1} s (seed {seed})",
        acked.total,
        acked.notes.len() + acked.agreements.len(),
        elapsed.as_secs_f64()
    );
    assert!(acked.total > kills, "the children saved too little to test");
}
