//! Backups and restores: children that take backups, restore one into the open database,
//! or replace the database with one, killed at random moments; after each kill the data is
//! the old or the new, whole (see crash.rs).

use super::notes::CHILD_ENV;
use super::{
    case_ids, crash_fixture, env_number, fnv, run_until_killed, time_seed, KillAt, Rng, KILLS,
    SEED_ENV,
};
use chrono::{Duration as Days, Utc};
use faelles_core::backup;
use faelles_core::store::Store;
use faelles_core::testing::note;
use faelles_core::Core;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

/// Set in a backup/restore child: the data dir to work on.
const RESTORE_CHILD_ENV: &str = "FAELLES_CRASH_RESTORE_CHILD";
/// Set in a backup/restore child: what it does ([`Op`]) and its seed.
const RESTORE_OP_ENV: &str = "FAELLES_CRASH_RESTORE_OP";
const RESTORE_SEED_ENV: &str = "FAELLES_CRASH_RESTORE_SEED";
const RESTORE_KILLS_ENV: &str = "FAELLES_CRASH_RESTORE_KILLS";
/// Kills per [`Op`] in `cargo test`.
const DEFAULT_RESTORE_KILLS: usize = 30;
const RESTORE_CHILD_TEST: &str = "crash::restores::restore_child";
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
