//! A full disk and a read-only data folder, for real: a small tmpfs and a read-only bind
//! mount (the test command runs as root; without the right to mount these tests say so and
//! pass without checking, except under `CI=true`, where they fail: `faelles_tests::skip`).
//! Typed text is never lost: a save that fails keeps the text in the core, the error says
//! what to do, and the save succeeds once the cause is gone.
//!
//! Built for Windows (under Wine) the same tests run on the mounts scripts/windows-test.sh
//! made on the host (`fsfault::host_fault`): the core then meets a full disk and a
//! write-protected folder as Windows reports them, through SQLite's Windows file layer.

use faelles_core::domain::NoteRef;
use faelles_core::testing::{note, Fx};
use faelles_core::Core;
use faelles_tests::fsfault::{fill, host_fault, Mount, HOST_READ_ONLY, HOST_SMALL_DISK};
use faelles_tests::{skip, USER_NAME};
use std::path::{Path, PathBuf};

/// A folder for the data on a file system of 2 MiB: a tmpfs mounted at `at` (Linux), or on
/// Windows the one the host mounted; with the mount to drop at the end.
fn small_disk(at: &Path) -> Result<(PathBuf, Option<Mount>), String> {
    if cfg!(windows) {
        let data = host_fault(HOST_SMALL_DISK)?.remove(0).join(USER_NAME);
        let _ = std::fs::remove_dir_all(&data);
        return Ok((data, None));
    }
    let mount = Mount::tmpfs(at, 2048)
        .map_err(|e| format!("cannot mount here: {e}; the test command runs as root"))?;
    Ok((at.to_path_buf(), Some(mount)))
}

#[test]
fn a_full_disk_keeps_the_text_and_saves_it_when_there_is_room_again() {
    let base = faelles_tests::user_dir();
    let (at, mount) = match small_disk(&base.path().join("small")) {
        Ok(m) => m,
        Err(e) => return skip(&e),
    };
    let mut fx = Fx::builder().in_dir(&at).build();
    let m = fx.meeting("2026-03-03");
    let c = fx.case(&m, 0);
    let core = &mut fx.core;
    core.save_section(c, "netvaerk", "Første sætning.", 0)
        .unwrap();
    let filler = fill(&at);
    let typed = format!(
        "Første sætning. {}",
        "Anden sætning om netværket. ".repeat(400)
    );
    let err = core.save_section(c, "netvaerk", &typed, 1).unwrap_err();
    assert_eq!(err.kind(), "DiskFull", "{err:?}");
    assert!(err.message_da().contains("Disken er fuld"));
    // The text is the core's draft: an editor opened again shows it.
    let state = core.note_state(&NoteRef::section(c, "netvaerk")).unwrap();
    assert_eq!(state.unsaved.map(|d| d.text), Some(typed.clone()));
    std::fs::remove_file(filler).unwrap();
    assert_eq!(core.save_section(c, "netvaerk", &typed, 1).unwrap(), 2);
    assert_eq!(note(core, c, "netvaerk").0, typed);
    assert_eq!(core.store().integrity_check().unwrap(), "ok");
    drop(fx);
    drop(mount);
}

#[test]
fn a_read_only_data_folder_says_read_only_at_start_and_changes_nothing() {
    let base = faelles_tests::user_dir();
    // The data folder, and where it is seen read-only: on Windows the host's bind mount of a
    // folder of its own (made before the run), else one made below.
    let (data, at) = if cfg!(windows) {
        match host_fault(HOST_READ_ONLY) {
            Ok(p) if p.len() == 2 => {
                let _ = std::fs::remove_dir_all(p[0].join(USER_NAME));
                (p[0].join(USER_NAME), p[1].join(USER_NAME))
            }
            Ok(p) => panic!("{HOST_READ_ONLY}: two folders, not {p:?}"),
            Err(e) => return skip(&e),
        }
    } else {
        (base.path().join("data"), base.path().join("ro"))
    };
    // A database made while the folder was writable.
    let (m, c) = {
        let mut fx = Fx::builder().in_dir(&data).build();
        let m = fx.meeting("2026-03-03");
        let c = fx.case(&m, 0);
        fx.core
            .save_section(c, "bolig_hverdag", "Bor hos sin mor.", 0)
            .unwrap();
        (m, c)
    };
    let mount = if cfg!(windows) {
        None
    } else {
        match Mount::read_only(&data, &at) {
            Ok(m) => Some(m),
            Err(e) => {
                return skip(&format!(
                    "cannot mount here: {e}; the test command runs as root"
                ))
            }
        }
    };
    // At start: the right kind and advice (not "check the disk space").
    let err = Core::open(&at)
        .err()
        .expect("a read-only folder is refused");
    assert_eq!(err.kind(), "ReadOnly", "{err:?}");
    assert!(
        err.message_da().contains("skrivebeskyttet"),
        "{}",
        err.message_da()
    );

    // Nothing was changed, and with write access again the data opens as it was. (Turning
    // the folder read-only under an open database cannot be staged with a bind mount: the
    // kernel refuses while the database file is open for writing.)
    // (Windows: the host's mount stays read-only; the writable folder behind it is the same.)
    let writable = match &mount {
        Some(m) => {
            m.remount(true).unwrap();
            &at
        }
        None => &data,
    };
    let (mut core, _) = Fx::builder().in_dir(writable).core();
    assert_eq!(note(&core, c, "bolig_hverdag").0, "Bor hos sin mor.");
    core.save_section(c, "bolig_hverdag", "Bor hos sin mor. Søger egen bolig.", 1)
        .unwrap();
    let _ = m;
    drop(core);
    drop(mount);
}
