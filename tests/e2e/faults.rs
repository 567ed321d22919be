//! Faults around the app itself: a second start on the same data does not open the database
//! twice; it asks the running app to come forward and exits.

use crate::start_demo;
use faelles_tests::e2e::{app_binary, by_testid, WAIT};
use std::time::{Duration, Instant};

#[test]
fn second_start_focuses_the_running_app_and_exits() {
    let mut app = start_demo();
    app.wait_visible(by_testid("meeting-row"));
    let rows = app.count(by_testid("meeting-row"));
    let started = Instant::now();
    let out = std::process::Command::new(app_binary())
        .env("FAELLES_DATA_DIR", app.dir.path())
        .output()
        .expect("start a second instance");
    assert!(out.status.success(), "{out:?}");
    assert!(started.elapsed() < Duration::from_secs(10));
    let msg = String::from_utf8_lossy(&out.stderr);
    assert!(msg.contains("kører allerede"), "{msg}");
    // The first app is unharmed and still works.
    app.click(by_testid("nav-citizens"));
    app.wait_for("the citizen list", WAIT, |a| {
        a.count(by_testid("citizen-row")) == 8
    });
    app.click(by_testid("nav-meetings"));
    app.wait_count(by_testid("meeting-row"), rows);
}

/// The demo data with one backup taken from the Team view.
fn demo_with_a_backup() -> crate::Running {
    let mut running = start_demo();
    running.click(by_testid("nav-team"));
    running.click(by_testid("backup-now"));
    running.wait_for("a backup in the list", WAIT, |a| {
        a.count(by_testid("backup-row")) >= 1
    });
    running
}

/// Restores the (only) backup offered and waits for the demo meetings.
fn restore_the_backup(app: &mut faelles_tests::e2e::App) {
    app.click(by_testid("backup-restore"));
    app.click(by_testid("backup-restore")); // confirm
    app.wait_visible(by_testid("nav-meetings"));
    app.wait_count(by_testid("meeting-row"), 4);
}

#[test]
fn damaged_database_is_refused_kept_and_restored_from_a_backup() {
    let crate::Running { app, dir } = demo_with_a_backup();
    app.stop();

    // Damage the database (as a failing disk would).
    let db = dir.path().join("faelles-team.sqlite3");
    for ext in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
    }
    let garbage = b"not a database any more ".repeat(400);
    std::fs::write(&db, &garbage).unwrap();

    let mut app = faelles_tests::e2e::App::start(dir.path(), &[]);
    let error = by_testid("error");
    app.wait_attr(&error, "data-kind", "DatabaseCorrupt");
    assert!(
        app.text(&error).contains(&db.display().to_string()),
        "says where the file is"
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        garbage,
        "the damaged file is left as it was"
    );
    app.wait_for("the backups offered", WAIT, |a| {
        a.count(by_testid("backup-row")) >= 1
    });
    restore_the_backup(&mut app);
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".beskadiget-"))
        .collect();
    assert_eq!(kept.len(), 1, "the damaged file is kept aside");
    assert_eq!(std::fs::read(kept[0].path()).unwrap(), garbage);
    app.stop();
    drop(dir);
}

#[test]
fn a_damaged_page_found_after_start_closes_the_data_and_offers_the_backups() {
    let crate::Running { app, dir } = demo_with_a_backup();
    app.quit();

    // A clean end (no WAL left), then one page in the middle goes bad: the start is not
    // slowed by reading every page, the check in the background finds it.
    let db = dir.path().join("faelles-team.sqlite3");
    assert!(!std::path::Path::new(&format!("{}-wal", db.display())).exists());
    let mut bytes = std::fs::read(&db).unwrap();
    let mid = bytes.len() / 4096 / 2 * 4096;
    bytes[mid..mid + 4096].fill(0xAB);
    std::fs::write(&db, &bytes).unwrap();

    let mut app = faelles_tests::e2e::App::start(dir.path(), &[]);
    app.wait_attr(by_testid("error"), "data-kind", "DatabaseCorrupt");
    app.wait_for("the backups offered", WAIT, |a| {
        a.count(by_testid("backup-row")) >= 1
    });
    assert_eq!(
        std::fs::read(&db).unwrap(),
        bytes,
        "the damaged file is left as it was"
    );
    restore_the_backup(&mut app);
    app.stop();
    drop(dir);
}
