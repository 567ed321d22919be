//! The saves: a child saves section notes and agreements in a loop; after each kill every
//! acknowledged save is on disk (see crash.rs).

use super::{
    case_ids, crash_fixture, env_number, fnv, run_until_killed, time_seed, KillAt, Rng, KILLS,
    SEED_ENV,
};
use chrono::{Duration as Days, Utc};
use faelles_core::domain::{Due, Who};
use faelles_core::run::AgreementInput;
use faelles_core::store::Store;
use faelles_core::testing::note;
use faelles_core::Core;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

/// Set in the child: the data dir to work on.
pub(super) const CHILD_ENV: &str = "FAELLES_CRASH_CHILD";
/// Set in the child: its random seed.
const CHILD_SEED_ENV: &str = "FAELLES_CRASH_CHILD_SEED";
const KILLS_ENV: &str = "FAELLES_CRASH_KILLS";
const DEFAULT_KILLS: usize = 200;
/// The child test's full name, run with `--exact`.
const CHILD_TEST: &str = "crash::notes::crash_child";

const CASES: usize = 3;
const KEYS: [&str; 4] = ["vigtigste", "psykiatri", "rusmiddel", "naeste_skridt"];
/// Agreements per case before the child only edits existing ones.
const MAX_AGREEMENTS: u32 = 12;

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
