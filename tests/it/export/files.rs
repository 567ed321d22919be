//! The files on disk: numbered, never overwritten, recorded with path and SHA-256; the
//! export folder; what is not exported, and a folder that cannot be written.

use super::{case_of, demo_core, demo_meetings};
use faelles_core::domain::*;
use faelles_core::export;
use faelles_pdf::validate::tool_text as tool;
use std::path::Path;

#[test]
fn re_export_adds_a_number_and_records_path_and_sha256() {
    let mut core = demo_core();
    let held = demo_meetings(&core)[2].clone();
    let case = case_of(&core, &held, "Camilla");
    let root = faelles_tests::user_dir();
    let dir = root.path().join("eksport");
    let a = core.export_citizen_summary(case.id, &dir).unwrap();
    let b = core.export_citizen_summary(case.id, &dir).unwrap();
    let c = core.export_citizen_summary(case.id, &dir).unwrap();
    assert!(a.file_name.ends_with("Opsummering Camilla N.pdf"), "{a:?}");
    assert!(b.file_name.ends_with("Opsummering Camilla N (2).pdf"));
    assert!(c.file_name.ends_with("Opsummering Camilla N (3).pdf"));
    // The first file is untouched.
    let first = std::fs::read(&a.path).unwrap();
    assert_eq!(sha256(&first), a.record.sha256);
    let records = core.exports(held.id).unwrap();
    assert_eq!(records.len(), 3);
    for (r, e) in records.iter().zip([&a, &b, &c]) {
        assert_eq!(r, &e.record);
        assert_eq!(r.kind, ExportKind::CitizenSummary);
        assert_eq!(r.case_id, Some(case.id));
        assert_eq!(r.meeting_id, held.id);
        assert_eq!(sha256(&std::fs::read(&r.path).unwrap()), r.sha256);
        assert_eq!(r.sha256.len(), 64);
    }
    // Only the three files: no temporary file is left behind.
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 3, "{names:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        for e in [&a, &b, &c] {
            assert_eq!(mode(Path::new(&e.path)), 0o600);
        }
    }
    let m = core.export_minutes(held.id, &dir).unwrap();
    assert_eq!(m.record.kind, ExportKind::Minutes);
    assert_eq!(m.record.case_id, None);
    assert_eq!(core.exports(held.id).unwrap().len(), 4);
}

/// SHA-256 by the system's `sha256sum` (an independent implementation).
fn sha256(bytes: &[u8]) -> String {
    let dir = faelles_tests::user_dir();
    let p = dir.path().join("f");
    std::fs::write(&p, bytes).unwrap();
    tool("sha256sum", &[], &p)[..64].to_string()
}

#[test]
fn export_dir_is_under_the_data_dir_when_set() {
    // The only test in this binary that touches the environment.
    let old = std::env::var_os("FAELLES_DATA_DIR");
    std::env::set_var("FAELLES_DATA_DIR", "/tmp/ft-data");
    assert_eq!(export::export_dir(), Path::new("/tmp/ft-data/eksport"));
    std::env::remove_var("FAELLES_DATA_DIR");
    let default = export::export_dir();
    assert!(default.ends_with("Fælles Team"), "{}", default.display());
    if let Some(v) = old {
        std::env::set_var("FAELLES_DATA_DIR", v);
    }
}

#[test]
fn a_cancelled_meeting_is_not_exported() {
    let mut core = demo_core();
    let upcoming = demo_meetings(&core)[3].clone();
    let case = case_of(&core, &upcoming, "Emma");
    core.cancel_meeting(upcoming.id, "Sygdom").unwrap();
    let dir = faelles_tests::user_dir();
    let kind = |e: faelles_core::CoreError| e.kind();
    assert_eq!(
        kind(core.export_minutes(upcoming.id, dir.path()).unwrap_err()),
        "MeetingCancelled"
    );
    assert_eq!(
        kind(
            core.export_citizen_summary(case.id, dir.path())
                .unwrap_err()
        ),
        "MeetingCancelled"
    );
    assert!(core.exports(upcoming.id).unwrap().is_empty());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn an_unwritable_folder_gives_an_io_error_and_no_record() {
    let mut core = demo_core();
    let held = demo_meetings(&core)[2].clone();
    let dir = faelles_tests::user_dir();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, b"x").unwrap();
    let err = core.export_minutes(held.id, &file).unwrap_err();
    assert_eq!(err.kind(), "Io");
    assert!(core.exports(held.id).unwrap().is_empty());
}
