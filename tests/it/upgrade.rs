//! Every schema version opens with the current code: `tests/fixtures/db/schema-<n>.sqlite3` is
//! the demo data written by the code of schema version n (the approach of Mozilla
//! application-services). Each is migrated and every note, agreement and evaluation is still
//! there, with its text and answers. A new migration comes with its fixture (docs/ARCHITECTURE.md):
//! `write_fixture_of_current_schema` below makes it, once, and fixtures never change after
//! (tests/fixtures/db/SHA256SUMS, checked by tidy.rs).

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

/// What the file holds as it was written (read with SQL of that version's schema).
struct Before {
    notes: Vec<(String, String, String)>,
    /// (id, what, status code), sorted.
    agreements: Vec<(String, String, String)>,
    /// (case id, involved, ownership, common goals, comment), sorted.
    citizen_evaluations: Vec<(String, String, String, String, String)>,
    /// (meeting id, effects, experiences, learning), sorted.
    meeting_evaluations: Vec<(String, String, String, String)>,
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
    let agreements = rows(
        &c,
        "SELECT id, what, status FROM agreement ORDER BY id",
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    );
    let citizen_evaluations = rows(
        &c,
        "SELECT case_id, involved, ownership, common_goals, comment FROM citizen_evaluation \
         ORDER BY case_id",
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    );
    let meeting_evaluations = rows(
        &c,
        "SELECT meeting_id, effects, experiences, learning FROM meeting_evaluation \
         ORDER BY meeting_id",
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    );
    Before {
        notes,
        agreements,
        citizen_evaluations,
        meeting_evaluations,
        theme_notes,
    }
}

fn rows<T>(
    c: &Connection,
    sql: &str,
    f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Vec<T> {
    let mut st = c.prepare(sql).unwrap();
    let out = st.query_map([], f).unwrap().collect::<Result<_, _>>();
    out.unwrap()
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
        assert!(
            !was.notes.is_empty()
                && !was.theme_notes.is_empty()
                && !was.agreements.is_empty()
                && !was.citizen_evaluations.is_empty()
                && !was.meeting_evaluations.is_empty(),
            "schema {version}: the fixture lacks demo data"
        );

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
        let mut agreements = Vec::new();
        let mut citizen_evaluations = Vec::new();
        let mut meeting_evaluations = Vec::new();
        for m in core.meetings().unwrap() {
            for c in core.cases(m.id).unwrap() {
                let d = core.case_detail(c.id).unwrap();
                for a in d.agreements {
                    agreements.push((a.id.to_string(), a.what, a.status.code().to_string()));
                }
                if let Some(e) = d.citizen_evaluation {
                    citizen_evaluations.push((
                        e.case_id.to_string(),
                        e.involved.code().to_string(),
                        e.ownership.code().to_string(),
                        e.common_goals.code().to_string(),
                        e.comment,
                    ));
                }
            }
            if let Some(e) = core.meeting_evaluation(m.id).unwrap() {
                meeting_evaluations.push((
                    e.meeting_id.to_string(),
                    e.effects,
                    e.experiences,
                    e.learning,
                ));
            }
        }
        agreements.sort();
        citizen_evaluations.sort();
        meeting_evaluations.sort();
        assert_eq!(agreements, was.agreements, "schema {version}: agreements");
        assert_eq!(
            citizen_evaluations, was.citizen_evaluations,
            "schema {version}: the citizens' evaluations"
        );
        assert_eq!(
            meeting_evaluations, was.meeting_evaluations,
            "schema {version}: the meetings' evaluations"
        );
        println!(
            "schema {version} → {SCHEMA_VERSION}: {} notes, {} theme notes, {} agreements, {} + {} evaluations",
            was.notes.len(),
            was.theme_notes.len(),
            was.agreements.len(),
            was.citizen_evaluations.len(),
            was.meeting_evaluations.len()
        );
    }
}

/// Makes the fixture of the current schema, once: the demo data written by this code into a
/// new data dir, the database closed (its WAL checkpointed), copied to
/// `tests/fixtures/db/schema-<n>.sqlite3`, and its SHA-256 added to `SHA256SUMS`. Run it when
/// you add migration n, in the same commit:
/// `cargo test -p faelles-tests --test it -- --ignored write_fixture_of_current_schema`.
/// An existing fixture is never rewritten: it is what that version's code wrote.
#[test]
#[ignore = "writes a fixture; run by hand when adding a migration"]
fn write_fixture_of_current_schema() {
    use sha2::Digest;
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/db");
    let name = format!("schema-{SCHEMA_VERSION}.sqlite3");
    let path = dir.join(&name);
    if path.exists() {
        println!("{} exists; fixtures are frozen", path.display());
        return;
    }
    let data = tempfile::tempdir().unwrap();
    {
        let mut core = Core::open(data.path()).unwrap();
        faelles_core::demo::load(&mut core).unwrap();
    }
    let db = data.path().join(faelles_core::store::DB_FILE);
    let wal = data
        .path()
        .join(format!("{}-wal", faelles_core::store::DB_FILE));
    assert!(
        std::fs::metadata(&wal).map_or(true, |m| m.len() == 0),
        "the WAL was not checkpointed at close"
    );
    std::fs::copy(&db, &path).unwrap();
    #[cfg(unix)]
    {
        // The live database is 0600; a file in the repository is not private.
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let sum = sha2::Sha256::digest(std::fs::read(&path).unwrap());
    let hex: String = sum.iter().map(|b| format!("{b:02x}")).collect();
    let mut sums = std::fs::read_to_string(dir.join("SHA256SUMS")).unwrap_or_default();
    sums.push_str(&format!("{hex}  {name}\n"));
    std::fs::write(dir.join("SHA256SUMS"), sums).unwrap();
    println!("wrote {} ({hex})", path.display());
}

/// Schema 7 records which files are drafts. A summary made before its meeting was closed and
/// marked as handed over by an older version (which allowed that) shows as outdated after the
/// upgrade, never as handed over; a final one made after the close keeps its mark.
#[test]
fn a_draft_marked_as_handed_over_before_schema_7_shows_as_outdated() {
    use faelles_core::domain::ExportKind;
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/db/schema-6.sqlite3");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(faelles_core::store::DB_FILE);
    std::fs::copy(&fixture, &db).unwrap();
    // What the schema-6 code could write: two cases of a closed meeting, each with a summary
    // made before the close and marked; the second also with a final one after the close.
    let (meeting, closed_at, cases) = {
        let c = Connection::open(&db).unwrap();
        let (meeting, closed_at): (String, String) = c
            .query_row(
                "SELECT id, closed_at FROM meeting WHERE status = 'closed' ORDER BY starts_at LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let cases: Vec<String> = rows(
            &c,
            &format!("SELECT id FROM \"case\" WHERE meeting_id = '{meeting}' ORDER BY position"),
            |r| r.get(0),
        );
        assert!(
            cases.len() >= 2,
            "the fixture's first meeting has two cases"
        );
        let insert = |id: &str, case: &str, created: &str, handed: Option<&str>| {
            c.execute(
                "INSERT INTO export_record (id, meeting_id, case_id, kind, path, sha256, created_at,
                 handed_over_at) VALUES (?1, ?2, ?3, 'citizen', '/tmp/x.pdf', 'ab', ?4, ?5)",
                rusqlite::params![id, meeting, case, created, handed],
            )
            .unwrap();
        };
        let before = "2000-01-01T00:00:00.000Z";
        insert(
            "00000000-0000-4000-8000-000000000001",
            &cases[0],
            before,
            Some(before),
        );
        insert(
            "00000000-0000-4000-8000-000000000002",
            &cases[1],
            before,
            Some(before),
        );
        insert(
            "00000000-0000-4000-8000-000000000003",
            &cases[1],
            &closed_at,
            Some(&closed_at),
        );
        (meeting, closed_at, cases)
    };
    let core = Core::new(Store::open(&db).unwrap(), Box::new(chrono::Utc::now));
    let meeting = meeting.parse().unwrap();
    let state = |case: &str| {
        core.doc_state(
            meeting,
            ExportKind::CitizenSummary,
            Some(case.parse().unwrap()),
        )
        .unwrap()
    };
    let s = state(&cases[0]);
    assert_eq!((s.state, s.can_mark), ("outdated", false), "{s:?}");
    assert!(
        s.label.starts_with("Et udkast blev markeret"),
        "{}",
        s.label
    );
    let s = state(&cases[1]);
    assert_eq!(
        (s.state, s.can_mark),
        ("handed-over", true),
        "{s:?} ({closed_at})"
    );
    let drafts: Vec<bool> = core
        .exports(meeting)
        .unwrap()
        .iter()
        .filter(|r| r.case_id.is_some())
        .map(|r| r.draft)
        .collect();
    assert_eq!(drafts, [true, true, false]);
}
