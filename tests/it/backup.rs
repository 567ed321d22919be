//! Backups: made from the live database, pruned to ten, made once a day at start, restored
//! only after the chosen file has been checked; and no CPR number in any file the core writes
//! outside the database, nor in any file name.

use chrono::{DateTime, Duration, TimeZone, Utc};
use faelles_core::backup::{self, BackupInfo};
use faelles_core::domain::{Id, MeetingStatus};
use faelles_core::store::{self, SCHEMA_VERSION};
use faelles_core::testing::{note, Fx};
use faelles_core::{Core, CoreError};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

const CPRS: [&str; 2] = ["150585-1234", "241299-4321"];

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 8, 0, 0).unwrap()
}

/// A core on a data dir with a meeting and two cases (citizens with the CPR numbers of
/// `CPRS`); the clock is fixed at `t0`.
fn core_in(dir: &Path) -> (Core, Vec<Id>) {
    let mut fx = Fx::builder()
        .in_dir(dir)
        .now(t0())
        .cprs(&CPRS)
        .consent_from("2020-01-01")
        .build();
    let (_, cases) = fx.meeting_with_cases("2026-06-09");
    (fx.core, cases)
}

/// The data dir opened again, as a restarted app opens it.
fn reopen(dir: &Path) -> Core {
    Core::new(store::Store::open_in_dir(dir).unwrap(), Box::new(t0))
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
    let tmp = faelles_tests::user_dir();
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

    // A copy outside our backup folder (e.g. on a USB stick) is refused, whatever it holds.
    let elsewhere = tmp.path().join(&b.file_name);
    std::fs::copy(&b.path, &elsewhere).unwrap();
    let later = t0() + Duration::hours(1);
    let err = backup::restore_backup(core.store_mut(), &elsewhere, later).unwrap_err();
    assert_eq!(err.kind(), "BackupNotListed");
    assert_eq!(
        note(&core, cases[0], "vigtigste").0,
        "Efter sikkerhedskopien"
    );
    // The backup from the list is restored.
    let r = backup::restore_backup(core.store_mut(), &b.path, later).unwrap();
    assert_eq!(r.backup_schema_version, SCHEMA_VERSION);
    assert_eq!(r.restored_from, b.path);
    assert_eq!(
        note(&core, cases[0], "vigtigste"),
        ("Før sikkerhedskopien".to_string(), 1)
    );
    assert_eq!(note(&core, cases[1], "psykiatri"), (String::new(), 0));
    assert_eq!(core.store().integrity_check().unwrap(), "ok");
    // The live database is still the WAL database it was, and takes new saves.
    let jm: String = core
        .store()
        .conn()
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
    let core = reopen(&dir);
    assert_eq!(note(&core, cases[0], "vigtigste").0, "Videre");
    assert_eq!(note(&core, cases[1], "psykiatri").1, 0);
}

#[test]
fn twelve_backups_leave_the_newest_ten_listed_newest_first() {
    let tmp = faelles_tests::user_dir();
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

/// The name of a backup taken `i` minutes after `t0` (a file in our folder under that name is
/// listed, whatever it holds).
fn listed_name(i: i64) -> String {
    backup::file_name_for(t0() + Duration::minutes(i))
}

/// A good backup's bytes with one page in the middle overwritten (as a failing disk would):
/// still a SQLite file with a valid header, so only the full check finds it.
fn with_damaged_middle_page(bytes: &[u8]) -> Vec<u8> {
    let page = 4096;
    let pages = bytes.len() / page;
    assert!(pages > 8, "the backup has {pages} pages");
    let mut out = bytes.to_vec();
    let mid = pages / 2 * page;
    out[mid..mid + page].fill(0xAB);
    out
}

/// The files a refused restore must leave as they were: every file in the data dir and in
/// its backup folder, with its bytes.
fn snapshot_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for sub in [dir.to_path_buf(), dir.join(backup::BACKUP_DIR)] {
        for name in files_in(&sub) {
            let p = sub.join(&name);
            if p.is_file() {
                out.push((p.display().to_string(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out
}

/// Bad files in the backup folder `backups` (listed, so only the check can refuse them),
/// with the kind each is refused with; `good` is a good backup's bytes.
fn bad_backups(backups: &Path, good: &[u8]) -> Vec<(PathBuf, &'static str)> {
    let mut n = 100;
    let mut write = |data: &[u8]| {
        n += 1;
        let p = backups.join(listed_name(n));
        std::fs::write(&p, data).unwrap();
        p
    };
    let mut out = vec![
        (write(&with_damaged_middle_page(good)), "BackupDamaged"),
        (write(&b"not a database ".repeat(500)), "BackupDamaged"),
        (write(b""), "BackupDamaged"),
        (write(&good[..good.len() / 2]), "BackupDamaged"),
    ];
    // Every page after the header page overwritten.
    let mut garbled = good.to_vec();
    for (i, b) in garbled.iter_mut().enumerate().skip(4096) {
        *b = (i * 7 % 251) as u8;
    }
    out.push((write(&garbled), "BackupDamaged"));
    // A SQLite database, but not ours.
    let foreign = write(b"");
    std::fs::remove_file(&foreign).unwrap();
    let c = Connection::open(&foreign).unwrap();
    c.execute_batch("CREATE TABLE x (y); PRAGMA user_version = 1;")
        .unwrap();
    drop(c);
    out.push((foreign, "InvalidValue"));
    // Ours, from a newer version.
    let newer = write(good);
    let c = Connection::open(&newer).unwrap();
    c.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    drop(c);
    out.push((newer, "DatabaseTooNew"));
    // Listed, but gone.
    out.push((backups.join(listed_name(99)), "NotFound"));
    out
}

/// Paths that are not backups from our folder, whatever they hold; `good` is a good backup.
fn not_listed(dir: &Path, good: &Path) -> Vec<PathBuf> {
    let backups = dir.join(backup::BACKUP_DIR);
    let outside = dir.parent().unwrap().join("usb");
    std::fs::create_dir_all(&outside).unwrap();
    let copy_to = |p: PathBuf| {
        std::fs::copy(good, &p).unwrap();
        p
    };
    let mut out = vec![
        // A good backup elsewhere, under a backup's name.
        copy_to(outside.join(good.file_name().unwrap())),
        // A good backup in the folder under another name.
        copy_to(backups.join("kopi.sqlite3")),
        // The live database itself, and the folder.
        dir.join(store::DB_FILE),
        backups.clone(),
        // A backup's name without its folder (relative to wherever the app runs).
        PathBuf::from(good.file_name().unwrap()),
    ];
    // A link in the folder under a backup's name, to a good backup outside.
    let link = backups.join(listed_name(200));
    let _ = std::fs::remove_file(&link);
    #[cfg(unix)]
    std::os::unix::fs::symlink(&out[0], &link).unwrap();
    // Windows: a symbolic link needs a privilege (or developer mode) a user may not have, and
    // Wine 8 answers success without making one; where none can be made, no such link can
    // be put there to be refused either.
    #[cfg(windows)]
    {
        let made = std::os::windows::fs::symlink_file(&out[0], &link)
            .and_then(|()| std::fs::symlink_metadata(&link))
            .map(|m| m.is_symlink());
        if !matches!(made, Ok(true)) {
            println!("no symbolic link can be made here ({made:?}): that case is not checked");
            return out;
        }
    }
    out.push(link);
    out
}

#[test]
fn damaged_or_foreign_backup_is_refused_by_restore_with_a_typed_error_and_nothing_changes() {
    let tmp = faelles_tests::user_dir();
    let dir = tmp.path().join("data");
    let (mut core, cases) = core_in(&dir);
    core.save_section(cases[0], "vigtigste", "Gammel tekst", 0)
        .unwrap();
    let good = backup::create_backup(core.store(), t0()).unwrap();
    core.save_section(cases[0], "vigtigste", "Levende tekst", 1)
        .unwrap();
    let bytes = std::fs::read(&good.path).unwrap();
    let mut refused: Vec<(PathBuf, &str)> = bad_backups(&dir.join("backups"), &bytes);
    refused.extend(
        not_listed(&dir, &good.path)
            .into_iter()
            .map(|p| (p, "BackupNotListed")),
    );
    let damaged = refused.iter().filter(|r| r.1 == "BackupDamaged").count();
    assert_eq!(damaged, 5);

    for (path, kind) in &refused {
        // The live database as it is on disk (a checkpoint first, so the bytes are all of it).
        core.store()
            .conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
        let before = snapshot_files(&dir);
        let err = backup::validate_backup(core.store(), path).unwrap_err();
        assert_eq!(err.kind(), *kind, "validate {}", path.display());
        let err =
            backup::restore_backup(core.store_mut(), path, t0() + Duration::hours(1)).unwrap_err();
        assert_eq!(err.kind(), *kind, "restore {}", path.display());
        println!(
            "{}: {} - {}",
            path.file_name().unwrap_or_default().to_string_lossy(),
            err.kind(),
            err.message_da()
        );
        assert_eq!(
            note(&core, cases[0], "vigtigste"),
            ("Levende tekst".to_string(), 2),
            "{}",
            path.display()
        );
        assert!(
            snapshot_files(&dir) == before,
            "{}: the live database, its backups and the chosen file are byte-identical; no \
             safety copy or staging file is left",
            path.display()
        );
    }
    let err = CoreError::BackupDamaged;
    assert_eq!(
        err.message_da(),
        "Sikkerhedskopien er beskadiget og kan ikke gendannes. Dine data er ikke ændret. \
         Vælg en anden kopi."
    );
    assert_eq!(core.store().integrity_check().unwrap(), "ok");
    assert_eq!(
        backup::validate_backup(core.store(), &good.path).unwrap(),
        SCHEMA_VERSION
    );
}

/// A data dir whose database is damaged (one page in the middle), with a WAL left by a
/// session that did not end, and a good backup (holding "Fra sikkerhedskopien") in its folder.
/// Returns (data dir, the backup, case ids).
fn broken_data_dir(tmp: &Path) -> (PathBuf, PathBuf, Vec<Id>) {
    let made = tmp.join("made");
    let (mut core, cases) = core_in(&made);
    // Most of the data in the main file, the last saves only in the WAL.
    core.store()
        .conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    core.save_section(cases[0], "vigtigste", "Fra sikkerhedskopien", 0)
        .unwrap();
    let good = backup::create_backup(core.store(), t0()).unwrap();
    core.save_section(cases[0], "vigtigste", "Kun i den gamle WAL", 1)
        .unwrap();
    // The files as a killed app leaves them: the main file and its WAL (copied while open).
    let dir = tmp.join("data");
    std::fs::create_dir_all(dir.join(backup::BACKUP_DIR)).unwrap();
    let db = dir.join(store::DB_FILE);
    let mut main = std::fs::read(made.join(store::DB_FILE)).unwrap();
    let wal = std::fs::read(made.join(format!("{}-wal", store::DB_FILE))).unwrap();
    assert!(!wal.is_empty());
    drop(core);
    let page = 4096;
    let mid = main.len() / page / 2 * page;
    main[mid..mid + page].fill(0xAB);
    std::fs::write(&db, &main).unwrap();
    std::fs::write(dir.join(format!("{}-wal", store::DB_FILE)), &wal).unwrap();
    let backup_path = dir.join(backup::BACKUP_DIR).join(&good.file_name);
    std::fs::copy(&good.path, &backup_path).unwrap();
    (dir, backup_path, cases)
}

#[test]
fn damaged_or_foreign_backup_is_refused_by_replacing_a_broken_database_and_nothing_changes() {
    let tmp = faelles_tests::user_dir();
    let (dir, good, cases) = broken_data_dir(tmp.path());
    let bytes = std::fs::read(&good).unwrap();
    let mut refused: Vec<(PathBuf, &str)> = bad_backups(&dir.join("backups"), &bytes);
    refused.extend(
        not_listed(&dir, &good)
            .into_iter()
            .map(|p| (p, "BackupNotListed")),
    );
    for (path, kind) in &refused {
        let before = snapshot_files(&dir);
        let err = backup::replace_broken_database(&dir, path, t0()).unwrap_err();
        assert_eq!(err.kind(), *kind, "replace with {}", path.display());
        assert!(
            snapshot_files(&dir) == before,
            "{}: the broken database, its WAL, the backups and the chosen file are \
             byte-identical; nothing is kept aside or left staged",
            path.display()
        );
    }
    // The good backup replaces it.
    let kept = backup::replace_broken_database(&dir, &good, t0())
        .unwrap()
        .expect("the broken file is kept");
    let core = reopen(&dir);
    assert_eq!(core.store().integrity_check().unwrap(), "ok");
    assert_eq!(note(&core, cases[0], "vigtigste").0, "Fra sikkerhedskopien");
    drop(core);
    assert!(kept.exists());
}

#[test]
fn replacing_a_broken_database_keeps_it_whole_aside_and_never_applies_its_wal() {
    let tmp = faelles_tests::user_dir();
    let (dir, good, cases) = broken_data_dir(tmp.path());
    let db = dir.join(store::DB_FILE);
    let side = |p: &Path, s: &str| PathBuf::from(format!("{}{s}", p.display()));
    let broken_main = std::fs::read(&db).unwrap();
    let broken_wal = std::fs::read(side(&db, "-wal")).unwrap();
    // What a killed earlier attempt leaves: staging copies (with side files), and a kept
    // set that is a hard link to the live file (killed before its commit).
    for p in [".restore-1234.partial", ".restore-1234.partial-wal"] {
        std::fs::write(dir.join(p), b"half a copy").unwrap();
    }
    std::fs::write(dir.join("backups/.restore-99.partial"), b"half").unwrap();
    let aborted = {
        let a = side(&db, ".beskadiget-20260101T000000.000Z");
        std::fs::hard_link(&db, &a).unwrap();
        std::fs::hard_link(side(&db, "-wal"), side(&a, "-wal")).unwrap();
        a
    };

    let kept = backup::replace_broken_database(&dir, &good, t0())
        .unwrap()
        .unwrap();
    assert_eq!(
        kept,
        dir.join(format!(
            "{}.beskadiget-20260601T080000.000Z",
            store::DB_FILE
        ))
    );
    // Kept aside whole: the main file and its WAL, byte for byte.
    assert_eq!(std::fs::read(&kept).unwrap(), broken_main);
    assert_eq!(std::fs::read(side(&kept, "-wal")).unwrap(), broken_wal);
    // The live file is the backup with nothing beside it: the broken WAL was not applied.
    assert!(!side(&db, "-wal").exists() && !side(&db, "-shm").exists());
    // The leftovers of the killed attempt are gone; the data dir holds the live file and
    // this attempt's kept set only.
    let mut want = vec![
        "backups".to_string(),
        store::DB_FILE.to_string(),
        format!("{}.beskadiget-20260601T080000.000Z", store::DB_FILE),
        format!("{}.beskadiget-20260601T080000.000Z-wal", store::DB_FILE),
    ];
    want.sort();
    assert_eq!(files_in(&dir), want);
    assert_eq!(
        files_in(&dir.join("backups")),
        [good.file_name().unwrap().to_string_lossy()]
    );
    assert!(!aborted.exists());
    #[cfg(unix)]
    {
        assert_eq!(mode(&db), 0o600);
    }
    let core = reopen(&dir);
    assert_eq!(core.store().integrity_check().unwrap(), "ok");
    assert_eq!(
        note(&core, cases[0], "vigtigste"),
        ("Fra sikkerhedskopien".to_string(), 1)
    );
    drop(core);
    // What only the broken WAL held is in the kept WAL, and nowhere in the live file.
    let only_in_wal = "Kun i den gamle WAL";
    let has = |bytes: &[u8]| String::from_utf8_lossy(bytes).contains(only_in_wal);
    assert!(has(&std::fs::read(side(&kept, "-wal")).unwrap()));
    assert!(!has(&std::fs::read(&db).unwrap()));
}

#[test]
fn a_committed_replacement_cut_short_is_finished_by_the_next_open() {
    let tmp = faelles_tests::user_dir();
    let (dir, good, cases) = broken_data_dir(tmp.path());
    let db = dir.join(store::DB_FILE);
    // The state after step 4 (the commit): the checked copy under the ready name, the
    // broken file still live with its WAL (the stale WAL must not reach the new file).
    std::fs::copy(&good, dir.join(backup::REPLACE_READY)).unwrap();
    assert!(PathBuf::from(format!("{}-wal", db.display())).exists());
    let core = reopen(&dir);
    assert_eq!(core.store().integrity_check().unwrap(), "ok");
    assert_eq!(note(&core, cases[0], "vigtigste").0, "Fra sikkerhedskopien");
    assert!(!dir.join(backup::REPLACE_READY).exists());
}

#[test]
fn only_a_backup_from_our_own_folder_is_restored_by_either_path() {
    let tmp = faelles_tests::user_dir();
    let dir = tmp.path().join("data");
    let (mut core, cases) = core_in(&dir);
    core.save_section(cases[0], "vigtigste", "Levende", 0)
        .unwrap();
    let good = backup::create_backup(core.store(), t0()).unwrap();
    for p in not_listed(&dir, &good.path) {
        let err = backup::restore_backup(core.store_mut(), &p, t0()).unwrap_err();
        assert_eq!(err.kind(), "BackupNotListed", "{}", p.display());
        assert!(err.message_da().contains("fra listen"));
        let err = backup::validate_backup(core.store(), &p).unwrap_err();
        assert_eq!(err.kind(), "BackupNotListed", "{}", p.display());
    }
    drop(core);
    let before = snapshot_files(&dir);
    for p in not_listed(&dir, &good.path) {
        let err = backup::replace_broken_database(&dir, &p, t0()).unwrap_err();
        assert_eq!(err.kind(), "BackupNotListed", "{}", p.display());
    }
    // (not_listed writes its test files again: compare without them)
    let after: Vec<_> = snapshot_files(&dir)
        .into_iter()
        .filter(|(p, _)| !p.ends_with("kopi.sqlite3"))
        .collect();
    let before: Vec<_> = before
        .into_iter()
        .filter(|(p, _)| !p.ends_with("kopi.sqlite3"))
        .collect();
    assert!(after == before, "nothing changed");
    // The same file by a path that leads into the folder is ours.
    let roundabout = dir.join("backups/../backups").join(&good.file_name);
    assert!(backup::replace_broken_database(&dir, &roundabout, t0())
        .unwrap()
        .is_some());
}

#[test]
fn closing_a_meeting_takes_a_backup_and_a_failed_backup_does_not_undo_the_close() {
    let tmp = faelles_tests::user_dir();
    let dir = tmp.path().join("data");
    let (mut core, _) = core_in(&dir);
    let m = core.meetings().unwrap()[0].id;
    let closed = core.close_meeting(m).unwrap();
    assert_eq!(closed.meeting.status, MeetingStatus::Closed);
    let b = closed.backup.expect("a backup at the close").unwrap();
    assert_eq!(
        backup::list_backups(core.store()).unwrap(),
        std::slice::from_ref(&b)
    );
    // The backup holds the closed meeting.
    let c = Connection::open_with_flags(&b.path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let status: String = c
        .query_row(
            "SELECT status FROM meeting WHERE id = ?1",
            [m.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(status, "closed");
    drop(c);
    // Closing a closed meeting changes nothing and takes no backup.
    assert!(core.close_meeting(m).unwrap().backup.is_none());

    // A backup that cannot be written (the folder's name is taken by a file): the meeting
    // is closed all the same, and the failure is reported.
    let tmp2 = faelles_tests::user_dir();
    let dir2 = tmp2.path().join("data");
    let (mut core, _) = core_in(&dir2);
    std::fs::write(dir2.join(backup::BACKUP_DIR), b"not a folder").unwrap();
    let m = core.meetings().unwrap()[0].id;
    let closed = core.close_meeting(m).unwrap();
    assert_eq!(closed.meeting.status, MeetingStatus::Closed);
    let err = closed.backup.expect("tried").unwrap_err();
    println!("backup at close failed: {}", err.kind());
    assert_eq!(core.meeting(m).unwrap().status, MeetingStatus::Closed);
    assert!(
        core.case_detail(core.cases(m).unwrap()[0].id)
            .unwrap()
            .locked
    );
}

#[test]
fn daily_backup_is_made_once_per_copenhagen_day() {
    let tmp = faelles_tests::user_dir();
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
    let tmp = faelles_tests::user_dir();
    let dir = tmp.path().join("data");
    let (mut core, cases) = core_in(&dir);
    for (i, case) in cases.iter().enumerate() {
        core.save_section(*case, "vigtigste", &format!("Noter {i}"), 0)
            .unwrap();
    }
    let b = backup::create_backup(core.store(), t0()).unwrap();
    backup::backup_if_due_today(core.store(), t0() + Duration::days(1)).unwrap();
    backup::restore_backup(core.store_mut(), &b.path, t0() + Duration::days(2)).unwrap();
    let meeting = core.meetings().unwrap()[0].id;
    core.close_meeting(meeting)
        .unwrap()
        .backup
        .unwrap()
        .unwrap();
    // The files the core writes that are not databases: the exports (into the data dir, as
    // with $FAELLES_DATA_DIR).
    let exports = dir.join(faelles_core::export::EXPORT_SUBDIR);
    std::fs::create_dir_all(&exports).unwrap();
    core.export_minutes(meeting, &exports).unwrap();
    for case in &cases {
        core.export_citizen_summary(*case, &exports).unwrap();
    }
    drop(core);
    // A broken database replaced: the kept file's name.
    backup::replace_broken_database(&dir, &b.path, t0() + Duration::days(3))
        .unwrap()
        .unwrap();
    let mut files = Vec::new();
    walk(&dir, &mut files);
    let db = |p: &Path| {
        let name = p.file_name().unwrap().to_string_lossy();
        let in_backups = p.parent().is_some_and(|d| d.ends_with(backup::BACKUP_DIR));
        name.starts_with(store::DB_FILE) || (in_backups && backup::parse_file_name(&name).is_some())
    };
    let (mut checked, mut pdfs) = (0, 0);
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
            let mut text = String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
            // A PDF's text is in compressed streams: read it as text too.
            if p.extension().is_some_and(|e| e == "pdf") {
                text.push_str(&crate::export::text(p));
                pdfs += 1;
            }
            for cpr in CPRS.iter().flat_map(|c| cpr_forms(c)) {
                assert!(!text.contains(&cpr), "a CPR number in {name}");
            }
            checked += 1;
        }
    }
    // The scan read the files it is about: it cannot pass having read none.
    assert!(
        checked > 0 && pdfs == 1 + cases.len(),
        "the scan read {checked} files ({pdfs} PDFs)"
    );
    // The databases themselves do hold the numbers (for Digital Post): the check above is not
    // vacuous about what a database is.
    let live = std::fs::read(dir.join(store::DB_FILE)).unwrap();
    let wal = std::fs::read(dir.join(format!("{}-wal", store::DB_FILE))).unwrap_or_default();
    let hay = String::from_utf8_lossy(&[live, wal].concat()).into_owned();
    assert!(hay.contains(&CPRS[0].replace('-', "")));
    println!(
        "no-CPR scan: {} files and folders named, {checked} non-database files read ({pdfs} \
         PDFs, also as text)",
        files.len()
    );
}
