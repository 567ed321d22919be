//! Every schema version opens with the current code: `tests/fixtures/db/schema-<n>.sqlite3` is
//! the demo data written by the code of schema version n (the approach of Mozilla
//! application-services). Each is migrated and every note, agreement and evaluation is still
//! there. A new migration comes with its fixture (docs/ARCHITECTURE.md).

use faelles_core::domain::NoteRef;
use faelles_core::store::{Store, SCHEMA_VERSION};
use faelles_core::Core;
use rusqlite::Connection;
use std::path::PathBuf;

fn fixtures() -> Vec<(i64, PathBuf)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/db");
    (1..=SCHEMA_VERSION)
        .map(|v| (v, dir.join(format!("schema-{v}.sqlite3"))))
        .collect()
}

/// Counts in the file as it was written (read with SQL of that version's schema).
struct Before {
    notes: Vec<(String, String, String)>,
    agreements: i64,
    citizen_evaluations: i64,
    meeting_evaluations: i64,
    theme_notes: Vec<(String, String)>,
}

fn before(path: &std::path::Path) -> Before {
    let c = Connection::open(path).unwrap();
    let count = |sql: &str| c.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    let mut st = c
        .prepare("SELECT case_id, key, text FROM section_note ORDER BY case_id, key")
        .unwrap();
    let notes = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    // Schema 3 moved the theme notes from a column of `meeting` to `meeting_note`.
    let theme_sql = if count("SELECT COUNT(*) FROM sqlite_master WHERE name = 'meeting_note'") > 0 {
        "SELECT meeting_id, text FROM meeting_note WHERE key = 'tema' ORDER BY meeting_id"
    } else {
        "SELECT id, theme_notes FROM meeting WHERE theme_notes <> '' ORDER BY id"
    };
    let mut st = c.prepare(theme_sql).unwrap();
    let theme_notes = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    Before {
        notes,
        agreements: count("SELECT COUNT(*) FROM agreement"),
        citizen_evaluations: count("SELECT COUNT(*) FROM citizen_evaluation"),
        meeting_evaluations: count("SELECT COUNT(*) FROM meeting_evaluation"),
        theme_notes,
    }
}

#[test]
fn every_schema_version_opens_migrated_with_all_its_data() {
    let all = fixtures();
    assert!(!all.is_empty());
    for (version, fixture) in all {
        assert!(
            fixture.is_file(),
            "schema {version} has no fixture at {}: a new migration comes with its fixture",
            fixture.display()
        );
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join(faelles_core::store::DB_FILE);
        std::fs::copy(&fixture, &db).unwrap();
        let was = before(&db);
        assert_eq!(
            Connection::open(&db)
                .unwrap()
                .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
                .unwrap(),
            version
        );
        assert!(!was.notes.is_empty() && !was.theme_notes.is_empty() && was.agreements > 0);

        let core = Core::new(Store::open(&db).unwrap(), Box::new(chrono::Utc::now));
        assert_eq!(core.store().schema_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(core.store().integrity_check().unwrap(), "ok");
        for (case_id, key, text) in &was.notes {
            let case_id = case_id.parse().unwrap();
            let state = core.note_state(&NoteRef::section(case_id, key)).unwrap();
            assert_eq!(
                &state.text, text,
                "schema {version}: note {key} of {case_id}"
            );
        }
        for (meeting_id, text) in &was.theme_notes {
            let got = core.theme_notes_text(meeting_id.parse().unwrap()).unwrap();
            assert_eq!(&got, text, "schema {version}: theme notes of {meeting_id}");
        }
        let mut agreements = 0;
        let mut citizen_evaluations = 0;
        for m in core.meetings().unwrap() {
            for c in core.cases(m.id).unwrap() {
                let d = core.case_detail(c.id).unwrap();
                agreements += d.agreements.len() as i64;
                citizen_evaluations += i64::from(d.citizen_evaluation.is_some());
            }
        }
        let meeting_evaluations = core
            .meetings()
            .unwrap()
            .iter()
            .filter(|m| core.meeting_evaluation(m.id).unwrap().is_some())
            .count() as i64;
        assert_eq!(agreements, was.agreements, "schema {version}: agreements");
        assert_eq!(citizen_evaluations, was.citizen_evaluations);
        assert_eq!(meeting_evaluations, was.meeting_evaluations);
        println!(
            "schema {version} → {SCHEMA_VERSION}: {} notes, {} theme notes, {} agreements, {} + {} evaluations",
            was.notes.len(),
            was.theme_notes.len(),
            was.agreements,
            was.citizen_evaluations,
            was.meeting_evaluations
        );
    }
}
