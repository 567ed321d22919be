//! Backups: made from the live database, pruned to ten, made once a day at start, restored
//! only after the chosen file has been checked; and no CPR number in any file the core writes
//! outside the database, nor in any file name.

use crate::crash::meeting_with_cases;
use chrono::{DateTime, Duration, TimeZone, Utc};
use faelles_core::backup::{self, BackupInfo};
use faelles_core::domain::Id;
use faelles_core::store::{self, SCHEMA_VERSION};
use faelles_core::Core;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

const CPRS: [&str; 2] = ["150585-1234", "241299-4321"];

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 8, 0, 0).unwrap()
}

/// A core on a data dir with a meeting and two cases; the clock is fixed at `t0`.
fn core_in(dir: &Path) -> (Core, Vec<Id>) {
    let store = store::Store::open_in_dir(dir).unwrap();
    let mut core = Core::new(store, Box::new(t0));
    let (_, cases) = meeting_with_cases(&mut core, "2026-06-09", &CPRS);
    (core, cases)
}

fn note(core: &Core, case: Id, key: &str) -> (String, i64) {
    store::get_note(core.store().read(), case, key)
        .unwrap()
        .map(|n| (n.text, n.revision))
        .unwrap_or_default()
}

/// A note read straight from a backup file, without changing it.
fn note_in_file(path: &Path, case: Id, key: &str) -> Option<String> {
    let c = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    c.query_row(
        "SELECT text FROM section_note WHERE case_id = ?1 AND key = ?2",
        [case.to_string(), key.to_string()],
        |r| r.get(0),
    )
    .ok()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn backup_then_change_then_restore_brings_back_the_backed_up_text() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let (mut core, cases) = core_in(&dir);
    core.save_section(cases[0], "vigtigste", "Før sikkerhedskopien", 0)
        .unwrap();
    let b = backup::create_backup(core.store(), t0()).unwrap();
    assert_eq!(b.file_name, "faelles-team-20260601T080000.000Z.sqlite3");
    assert_eq!(b.path, dir.join("backups").join(&b.file_name));
    assert!(b.size > 0);
    #[cfg(unix)]
    {
        assert_eq!(mode(&dir.join("backups")), 0o700);
        assert_eq!(mode(&b.path), 0o600);
    }
    // One self-contained file: rollback journal, nothing beside it.
    let c = Connection::open_with_flags(&b.path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let jm: String = c
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(jm, "delete");
    drop(c);
    assert_eq!(
        files_in(&dir.join("backups")),
        std::slice::from_ref(&b.file_name)
    );
    assert_eq!(
        note_in_file(&b.path, cases[0], "vigtigste").as_deref(),
        Some("Før sikkerhedskopien")
    );

    // Changes after the backup.
    core.save_section(cases[0], "vigtigste", "Efter sikkerhedskopien", 1)
        .unwrap();
    core.save_section(cases[1], "psykiatri", "Ny tekst", 0)
        .unwrap();

    // Restore from a copy outside the data dir (e.g. a USB stick).
    let elsewhere = tmp.path().join("usb-kopi.sqlite3");
    std::fs::copy(&b.path, &elsewhere).unwrap();
    let later = t0() + Duration::hours(1);
    let r = backup::restore_backup(core.store_mut(), &elsewhere, later).unwrap();
    assert_eq!(r.backup_schema_version, SCHEMA_VERSION);
    assert_eq!(r.restored_from, elsewhere);
    assert_eq!(
        note(&core, cases[0], "vigtigste"),
        ("Før sikkerhedskopien".to_string(), 1)
    );
    assert_eq!(note(&core, cases[1], "psykiatri"), (String::new(), 0));
    assert_eq!(core.store().integrity_check().unwrap(), "ok");
    // The live database is still the WAL database it was, and takes new saves.
    let jm: String = core
        .store()
        .read()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(jm, "wal");
    assert_eq!(
        core.save_section(cases[0], "vigtigste", "Videre", 1)
            .unwrap(),
        2
    );
    // The data as it was before the restore is kept as a backup of its own.
    assert_eq!(
        note_in_file(&r.safety_copy.path, cases[0], "vigtigste").as_deref(),
        Some("Efter sikkerhedskopien")
    );
    let listed: Vec<PathBuf> = backup::list_backups(core.store())
        .unwrap()
        .into_iter()
        .map(|b| b.path)
        .collect();
    assert_eq!(listed, [r.safety_copy.path.clone(), b.path.clone()]);
    // No staging copies are left behind, and the chosen file is unchanged.
    assert_eq!(files_in(&dir.join("backups")).len(), 2);
    assert_eq!(
        std::fs::read(&elsewhere).unwrap(),
        std::fs::read(&b.path).unwrap()
    );
    drop(core);
    // After a restart the restored data is what opens.
    let store = store::Store::open_in_dir(&dir).unwrap();
    let core = Core::new(store, Box::new(t0));
    assert_eq!(note(&core, cases[0], "vigtigste").0, "Videre");
    assert_eq!(note(&core, cases[1], "psykiatri").1, 0);
}

#[test]
fn twelve_backups_leave_the_newest_ten_listed_newest_first() {
    let tmp = tempfile::tempdir().unwrap();
    let (core, _) = core_in(tmp.path());
    let made: Vec<BackupInfo> = (0..12)
        .map(|i| backup::create_backup(core.store(), t0() + Duration::minutes(i)).unwrap())
        .collect();
    let listed = backup::list_backups(core.store()).unwrap();
    assert_eq!(listed.len(), backup::KEEP);
    let want: Vec<&BackupInfo> = made.iter().rev().take(10).collect();
    assert_eq!(listed.iter().collect::<Vec<_>>(), want);
    assert!(!made[0].path.exists() && !made[1].path.exists());
    assert!(listed.windows(2).all(|w| w[0].created_at > w[1].created_at));
    assert!(listed.iter().all(|b| b.size > 0));
    // Two backups in the same millisecond get two names.
    let a = backup::create_backup(core.store(), t0() + Duration::days(1)).unwrap();
    let b = backup::create_backup(core.store(), t0() + Duration::days(1)).unwrap();
    assert_ne!(a.path, b.path);
    assert_eq!(backup::list_backups(core.store()).unwrap().len(), 10);
}

#[test]
fn damaged_or_foreign_backup_is_refused_with_a_typed_error_and_live_data_is_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let (mut core, cases) = core_in(&dir);
    core.save_section(cases[0], "vigtigste", "Gammel tekst", 0)
        .unwrap();
    let good = backup::create_backup(core.store(), t0()).unwrap();
    core.save_section(cases[0], "vigtigste", "Levende tekst", 1)
        .unwrap();
    let bytes = std::fs::read(&good.path).unwrap();
    let bad = tmp.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    let write = |name: &str, data: &[u8]| {
        let p = bad.join(name);
        std::fs::write(&p, data).unwrap();
        p
    };
    let mut cases_bad: Vec<(PathBuf, &str)> = vec![
        (
            write("tekst.sqlite3", &b"not a database ".repeat(500)),
            "InvalidValue",
        ),
        (write("tom.sqlite3", b""), "InvalidValue"),
        (
            write("halv.sqlite3", &bytes[..bytes.len() / 2]),
            "InvalidValue",
        ),
        (bad.join("findes-ikke.sqlite3"), "NotFound"),
        (bad.clone(), "InvalidValue"),
        (dir.join(store::DB_FILE), "InvalidValue"),
    ];
    // Every page after the header page overwritten.
    let mut garbled = bytes.clone();
    for (i, b) in garbled.iter_mut().enumerate().skip(4096) {
        *b = (i * 7 % 251) as u8;
    }
    cases_bad.push((write("forvansket.sqlite3", &garbled), "InvalidValue"));
    // A SQLite database, but not ours.
    let foreign = bad.join("fremmed.sqlite3");
    let c = Connection::open(&foreign).unwrap();
    c.execute_batch("CREATE TABLE x (y); PRAGMA user_version = 1;")
        .unwrap();
    drop(c);
    cases_bad.push((foreign, "InvalidValue"));
    // Ours, from a newer version.
    let newer = write("nyere.sqlite3", &bytes);
    let c = Connection::open(&newer).unwrap();
    c.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    drop(c);
    cases_bad.push((newer, "DatabaseTooNew"));

    let backups_before = files_in(&dir.join("backups"));
    for (path, kind) in &cases_bad {
        let before = std::fs::read(path).ok();
        let err = backup::validate_backup(core.store(), path).unwrap_err();
        assert_eq!(err.kind(), *kind, "validate {}", path.display());
        let err =
            backup::restore_backup(core.store_mut(), path, t0() + Duration::hours(1)).unwrap_err();
        assert_eq!(err.kind(), *kind, "restore {}", path.display());
        println!(
            "{}: {} - {}",
            path.file_name().unwrap().to_string_lossy(),
            err.kind(),
            err.message_da()
        );
        assert_eq!(
            note(&core, cases[0], "vigtigste"),
            ("Levende tekst".to_string(), 2),
            "{}",
            path.display()
        );
        assert_eq!(
            std::fs::read(path).ok(),
            before,
            "the chosen file is unchanged"
        );
        assert_eq!(
            files_in(&dir.join("backups")),
            backups_before,
            "no safety copy or staging file left for a refused file"
        );
    }
    assert_eq!(core.store().integrity_check().unwrap(), "ok");
    assert_eq!(
        backup::validate_backup(core.store(), &good.path).unwrap(),
        SCHEMA_VERSION
    );
}

#[test]
fn daily_backup_is_made_once_per_copenhagen_day() {
    let tmp = tempfile::tempdir().unwrap();
    let (core, _) = core_in(tmp.path());
    let at = |h: i64, m: i64| t0() - Duration::hours(8) + Duration::hours(h) + Duration::minutes(m);
    // 1 June, 10:00 Copenhagen (summer time, UTC+2).
    assert!(backup::backup_if_due_today(core.store(), at(8, 0))
        .unwrap()
        .is_some());
    assert!(backup::backup_if_due_today(core.store(), at(15, 0))
        .unwrap()
        .is_none());
    assert!(backup::backup_if_due_today(core.store(), at(21, 59))
        .unwrap()
        .is_none());
    // 22:30 UTC is 00:30 on 2 June in Copenhagen: a new day.
    assert!(backup::backup_if_due_today(core.store(), at(22, 30))
        .unwrap()
        .is_some());
    assert!(backup::backup_if_due_today(core.store(), at(33, 0))
        .unwrap()
        .is_none());
    assert_eq!(backup::list_backups(core.store()).unwrap().len(), 2);
}

/// The forms a CPR number can take in text: `ddmmyy-xxxx` and ten digits.
pub(crate) fn cpr_forms(cpr: &str) -> [String; 2] {
    [cpr.to_string(), cpr.replace('-', "")]
}

/// Everything in `dir`, recursively.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(&p, out);
        }
        out.push(p);
    }
}

#[test]
fn no_cpr_number_in_any_file_name_or_in_any_file_but_the_databases() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let (mut core, cases) = core_in(&dir);
    for (i, case) in cases.iter().enumerate() {
        core.save_section(*case, "vigtigste", &format!("Noter {i}"), 0)
            .unwrap();
    }
    let b = backup::create_backup(core.store(), t0()).unwrap();
    backup::backup_if_due_today(core.store(), t0() + Duration::days(1)).unwrap();
    backup::restore_backup(core.store_mut(), &b.path, t0() + Duration::days(2)).unwrap();
    core.close_meeting(core.meetings().unwrap()[0].id).unwrap();
    let mut files = Vec::new();
    walk(&dir, &mut files);
    let db = |p: &Path| {
        let name = p.file_name().unwrap().to_string_lossy();
        let in_backups = p.parent().is_some_and(|d| d.ends_with(backup::BACKUP_DIR));
        name.starts_with(store::DB_FILE) || (in_backups && backup::parse_file_name(&name).is_some())
    };
    let mut checked = 0;
    for p in &files {
        let name = p.strip_prefix(&dir).unwrap().to_string_lossy().into_owned();
        for cpr in CPRS.iter().flat_map(|c| cpr_forms(c)) {
            assert!(!name.contains(&cpr), "a CPR number in the file name {name}");
            assert!(
                !name.contains(&cpr[..6]),
                "a birth date in the file name {name}"
            );
        }
        if p.is_file() && !db(p) {
            let text = String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
            for cpr in CPRS.iter().flat_map(|c| cpr_forms(c)) {
                assert!(!text.contains(&cpr), "a CPR number in {name}");
            }
            checked += 1;
        }
    }
    // The databases themselves do hold the numbers (for Digital Post): the check above is not
    // vacuous about what a database is.
    let live = std::fs::read(dir.join(store::DB_FILE)).unwrap();
    let wal = std::fs::read(dir.join(format!("{}-wal", store::DB_FILE))).unwrap_or_default();
    let hay = String::from_utf8_lossy(&[live, wal].concat()).into_owned();
    assert!(hay.contains(&CPRS[0].replace('-', "")));
    println!(
        "no-CPR scan: {} files and folders named, {checked} non-database files read",
        files.len()
    );
}
