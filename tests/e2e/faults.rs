//! Faults around the app itself: a second start on the same data does not open the database
//! twice; a damaged database is refused and restored from a backup; a full disk and a
//! read-only data folder lose nothing and say what to do.

use crate::start_demo;
use faelles_tests::e2e::{app_binary, by_testid, App, WAIT};
use faelles_tests::fsfault::{fill, Mount};
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
    // It reached the running app (single.rs: the socket; on Windows the named pipe).
    assert!(msg.contains("Det åbne vindue er bragt frem."), "{msg}");
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

/// Mounts a tmpfs for the app's data, or says why the test cannot run here (it needs root;
/// under `CI=true` that fails the test: `faelles_tests::skip`).
fn small_data_dir(kb: u32) -> Option<(tempfile::TempDir, Mount)> {
    let base = tempfile::Builder::new()
        .prefix("faelles-e2e-full-")
        .tempdir()
        .unwrap();
    let at = base.path().join("data");
    match Mount::tmpfs(&at, kb) {
        Ok(m) => Some((base, m)),
        Err(e) => {
            faelles_tests::skip(&format!(
                "cannot mount a tmpfs here: {e}; the test command runs as root"
            ));
            None
        }
    }
}

/// The text of the section `key` in the open case editor.
fn section_text(app: &App, key: &str) -> String {
    crate::meeting::value(app, &format!("section-{key}"))
}

/// The first case of the upcoming demo meeting, from the meeting list.
fn to_first_case(app: &mut App) {
    use crate::meeting::{current_key, next_to, open_upcoming_run};
    open_upcoming_run(app);
    if !current_key(app).starts_with("case:") {
        next_to(app, "item 1", |k| k == "velkomst");
        next_to(app, "item 2", |k| k == "tema");
        next_to(app, "the first case", |k| k.starts_with("case:"));
    }
    app.wait_visible(by_testid("section-netvaerk"));
}

/// How long the save state is watched after typing: well past the save 300 ms after the last
/// key. Its positive control: with room on the disk, "saved" is seen within it.
const SAVE_WATCH: Duration = Duration::from_millis(1500);

/// Samples the save state (`data-state` of `save-state`) until `within` has passed: by how long
/// after the call it was first seen to satisfy `pred` (that sample's end), or `None`.
fn watch_save_state(app: &App, within: Duration, pred: impl Fn(&str) -> bool) -> Option<Duration> {
    let since = Instant::now();
    loop {
        let state = app.try_attr(by_testid("save-state"), "data-state");
        let t = since.elapsed();
        if state.as_deref().is_some_and(&pred) {
            return Some(t);
        }
        if t >= within {
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn nothing_typed_is_lost_when_the_disk_fills_up_and_the_app_is_ended() {
    let Some((base, mount)) = small_data_dir(8 * 1024) else {
        return;
    };
    let dir = base.path().join("data");
    let mut app = App::start(&dir, &[("FAELLES_DEMO", "1")]);
    to_first_case(&mut app);
    let net = by_testid("section-netvaerk");
    let first = "Søsteren kommer hver uge.";
    app.type_text(&net, first);
    // With room on the disk, typed text is saved within SAVE_WATCH: the positive control of
    // the watch below, where it must not be. (It starts from "saving": the keys arrived.)
    assert_eq!(
        app.try_attr(by_testid("save-state"), "data-state")
            .as_deref(),
        Some("saving")
    );
    let saved = watch_save_state(&app, SAVE_WATCH, |s| s == "saved");
    assert!(
        saved.is_some_and(|t| t <= SAVE_WATCH),
        "with room on the disk, the text was not saved within {SAVE_WATCH:?}: the watch \
         while the disk is full could not have seen a save"
    );
    eprintln!("e2e: saved {saved:?} after the last key (watch {SAVE_WATCH:?})");

    // The disk fills up; the next sentence cannot be saved, and says so.
    let filler = fill(&dir);
    let second = " Hun vil gerne med til næste møde.";
    app.append_text(&net, second);
    app.wait_attr(by_testid("save-state"), "data-state", "error");
    app.wait_attr(by_testid("error"), "data-kind", "DiskFull");
    assert!(app.text(by_testid("save-state")).contains("bevaret"));

    // To another view and back: the editor shows what was typed, not the stored text, and
    // does not claim that everything is saved.
    app.click(by_testid("nav-citizens"));
    app.wait_visible(by_testid("citizen-row"));
    app.click(by_testid("nav-meetings"));
    to_first_case(&mut app);
    assert_eq!(section_text(&app, "netvaerk"), format!("{first}{second}"));
    app.wait_attr(by_testid("save-state"), "data-state", "error");

    // More typing while the disk is still full.
    let third = " Netværket er en styrke.";
    app.append_text(&net, third);
    let claimed = watch_save_state(&app, SAVE_WATCH, |s| s == "saved");
    assert_eq!(
        claimed, None,
        "text typed while the disk is full was shown as saved"
    );
    assert_eq!(
        app.attr(by_testid("save-state"), "data-state").as_deref(),
        Some("error")
    );

    // Space again: the retry saves it, and the error goes away by itself.
    std::fs::remove_file(filler).unwrap();
    app.wait_attr(by_testid("save-state"), "data-state", "saved");
    app.wait_for("the DiskFull message to go", WAIT, |a| {
        !a.is_visible(by_testid("error"))
    });
    assert_eq!(
        section_text(&app, "netvaerk"),
        format!("{first}{second}{third}")
    );

    // A fourth sentence, and the app is ended at once (log-out: SIGTERM).
    let fourth = " Sidste ord før lukning.";
    app.append_text(&net, fourth);
    app.quit();

    let mut app = App::start(&dir, &[]);
    to_first_case(&mut app);
    assert_eq!(
        section_text(&app, "netvaerk"),
        format!("{first}{second}{third}{fourth}"),
        "every sentence is there after the restart"
    );
    assert_eq!(
        app.count(by_testid("kept-text")),
        0,
        "and no conflict was made of it"
    );
    app.stop();
    drop(mount);
    drop(base);
}

#[test]
fn a_read_only_data_folder_is_named_at_start() {
    let crate::Running { app, dir } = start_demo();
    app.quit();
    let base = tempfile::Builder::new()
        .prefix("faelles-e2e-ro-")
        .tempdir()
        .unwrap();
    let at = base.path().join("ro");
    let mount = match Mount::read_only(dir.path(), &at) {
        Ok(m) => m,
        Err(e) => {
            return faelles_tests::skip(&format!(
                "cannot bind-mount here: {e}; the test command runs as root"
            ))
        }
    };
    let before = std::fs::read(dir.path().join("faelles-team.sqlite3")).unwrap();
    let mut app = App::start(&at, &[]);
    let error = by_testid("error");
    app.wait_attr(&error, "data-kind", "ReadOnly");
    let text = app.text(&error);
    assert!(text.contains("skrivebeskyttet"), "{text}");
    assert!(!text.contains("plads på disken"), "{text}");
    app.stop();
    assert_eq!(
        std::fs::read(dir.path().join("faelles-team.sqlite3")).unwrap(),
        before,
        "nothing was written"
    );
    drop(mount);
}
