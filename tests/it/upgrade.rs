//! Every schema version opens with the current code: `tests/fixtures/db/schema-<n>.sqlite3` is
//! the demo data written by the code of schema version n (the approach of Mozilla
//! application-services). Each is migrated, and
//! - every row of every table is still there, column by column (columns a migration added
//!   and tables it made are allowed; what a migration dropped, moved or rewrote is declared
//!   in [`DECLARED`] with where it went, and checked there);
//! - the core reads every note, agreement and evaluation back with its text and answers.
//!
//! A new migration comes with its fixture (docs/ARCHITECTURE.md):
//! `write_fixture_of_current_schema` below makes it, once, and fixtures never change after
//! (tidy.rs checks them against SHA256SUMS and against git's history).

use faelles_core::domain::{question, NoteRef};
use faelles_core::store::{Store, SCHEMA_VERSION};
use faelles_core::Core;
use rusqlite::types::Value;
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
    /// (meeting id, organisation, effects, experiences, learning), sorted; the one record of
    /// a meeting before schema 9 is the team's joint answer (`faelles`).
    meeting_evaluations: Vec<(String, String, String, String, String)>,
    theme_notes: Vec<(String, String)>,
}

fn before(path: &Path) -> Before {
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
    // Schema 11 moved the answers from citizen_evaluation's columns to citizen_answer.
    let citizens_sql =
        if count("SELECT COUNT(*) FROM sqlite_master WHERE name = 'citizen_answer'") > 0 {
            "SELECT e.case_id, i.answer, o.answer, g.answer, e.comment FROM citizen_evaluation e \
             JOIN citizen_answer i ON i.case_id = e.case_id AND i.question_key = 'involved' \
             JOIN citizen_answer o ON o.case_id = e.case_id AND o.question_key = 'ownership' \
             JOIN citizen_answer g ON g.case_id = e.case_id AND g.question_key = 'common_goals' \
             ORDER BY e.case_id"
        } else {
            "SELECT case_id, involved, ownership, common_goals, comment FROM citizen_evaluation \
             ORDER BY case_id"
        };
    let citizen_evaluations = rows(&c, citizens_sql, |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    });
    // Schema 9 moved them from meeting_evaluation to actor_evaluation, by organisation.
    let actors_sql =
        if count("SELECT COUNT(*) FROM sqlite_master WHERE name = 'actor_evaluation'") > 0 {
            "SELECT meeting_id, org, effects, experiences, learning FROM actor_evaluation \
         ORDER BY meeting_id, org"
        } else {
            "SELECT meeting_id, 'faelles', effects, experiences, learning FROM meeting_evaluation \
         ORDER BY meeting_id"
        };
    let meeting_evaluations = rows(&c, actors_sql, |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    });
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
        let dir = faelles_tests::user_dir();
        let db = copy_of(&fixture, dir.path());
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
        // Schema 11: the templates its meetings use are the team's versions, unchanged (the
        // bundled ones, numbered in the order they were shipped), the newest bundled one last.
        let versions = core.template_versions().unwrap();
        let ids: Vec<&str> = versions.iter().rev().map(|v| v.row.id.as_str()).collect();
        let bundled: Vec<&str> = faelles_core::templates::bundled()
            .iter()
            .map(|t| t.version.as_str())
            .collect();
        assert!(
            bundled.ends_with(&ids) || bundled == ids,
            "schema {version}: versions {ids:?}"
        );
        assert_eq!(core.template().version, *bundled.last().unwrap());
        for m in core.meetings().unwrap() {
            assert!(
                ids.contains(&m.template_version.as_str()),
                "schema {version}: meeting on {} is not on a version of the team",
                m.template_version
            );
            let t = faelles_core::templates::by_version(&m.template_version).unwrap();
            let shipped = faelles_core::templates::bundled()
                .iter()
                .find(|b| b.version == m.template_version)
                .unwrap();
            assert_eq!(t, shipped, "schema {version}: the template changed");
        }
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
                        e.answer(question::INVOLVED).unwrap().code().to_string(),
                        e.answer(question::OWNERSHIP).unwrap().code().to_string(),
                        e.answer(question::COMMON_GOALS).unwrap().code().to_string(),
                        e.comment,
                    ));
                }
            }
            for e in core.meeting_evaluations(m.id).unwrap() {
                meeting_evaluations.push((
                    e.meeting_id.to_string(),
                    e.org.code().to_string(),
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

// ------------------------------------------------------------------ every row of every table

/// What a migration did to data that was there, which "every old row is still there, column
/// by column" cannot see: a column or table it dropped (its data moved elsewhere) or values it
/// rewrote on purpose. The `columns` of `table` (all of it for [`Gone::Table`]) are left out of
/// the plain comparison for fixtures older than migration `by`; instead, the rows `before`
/// reads from the fixture must be the rows `after` reads from the migrated file. A migration
/// that drops, renames, moves or rewrites anything adds its entry here.
struct Declared {
    by: i64,
    /// The oldest fixture it applies to (a column that came after fixture 1: its version).
    from: i64,
    table: &'static str,
    gone: Gone,
    what: &'static str,
    before: &'static str,
    after: &'static str,
}

enum Gone {
    /// These columns were dropped (or their values rewritten): compared by the entry's queries.
    Columns(&'static [&'static str]),
    /// The whole table was dropped or renamed: compared by the entry's queries.
    Table,
}

const DECLARED: &[Declared] = &[
    Declared {
        from: 1,
        by: 3,
        table: "meeting",
        gone: Gone::Columns(&["theme_notes"]),
        what: "the theme notes moved from a column of meeting to meeting_note (key 'tema')",
        before: "SELECT id, 'tema', theme_notes, 1, created_at FROM meeting \
                 WHERE theme_notes <> ''",
        after: "SELECT meeting_id, key, text, revision, updated_at FROM meeting_note \
                WHERE key = 'tema'",
    },
    Declared {
        from: 1,
        by: 9,
        table: "meeting_evaluation",
        gone: Gone::Table,
        what: "the actors' one record per meeting became the team's joint answer in \
               actor_evaluation (org 'faelles'), texts, answer and revisions unchanged",
        before: "SELECT meeting_id, 'faelles', effects, experiences, learning, coherent, \
                 recorded_at FROM meeting_evaluation ORDER BY meeting_id",
        after: "SELECT meeting_id, org, effects, experiences, learning, coherent, recorded_at \
                FROM actor_evaluation WHERE org = 'faelles' ORDER BY meeting_id",
    },
    Declared {
        from: 1,
        by: 9,
        table: "meeting",
        gone: Gone::Columns(&["template_version"]),
        what: "planned meetings (not yet held) take template 2026.2; the others keep theirs",
        before: "SELECT id, CASE WHEN status = 'planned' AND template_version = \
                 'faelles-team-2026.1' THEN 'faelles-team-2026.2' ELSE template_version END \
                 FROM meeting ORDER BY id",
        after: "SELECT id, template_version FROM meeting ORDER BY id",
    },
    Declared {
        from: 1,
        by: 11,
        table: "citizen_evaluation",
        gone: Gone::Columns(&["involved", "ownership", "common_goals"]),
        what: "the citizen's three answers moved from citizen_evaluation's columns to \
               citizen_answer, a row per question",
        before: "SELECT case_id, 'common_goals', common_goals FROM citizen_evaluation \
                 UNION ALL SELECT case_id, 'involved', involved FROM citizen_evaluation \
                 UNION ALL SELECT case_id, 'ownership', ownership FROM citizen_evaluation \
                 ORDER BY 1, 2",
        after: "SELECT case_id, question_key, answer FROM citizen_answer \
                WHERE question_key IN ('common_goals', 'involved', 'ownership') ORDER BY 1, 2",
    },
    Declared {
        from: 9,
        by: 11,
        table: "citizen_evaluation",
        gone: Gone::Columns(&["experience", "coherence"]),
        what: "the two answers of template 2026.2 moved to citizen_answer; NULL (not asked) \
               has no row",
        before: "SELECT case_id, 'coherence', coherence FROM citizen_evaluation \
                   WHERE coherence IS NOT NULL \
                 UNION ALL SELECT case_id, 'experience', experience FROM citizen_evaluation \
                   WHERE experience IS NOT NULL \
                 ORDER BY 1, 2",
        after: "SELECT case_id, question_key, answer FROM citizen_answer \
                WHERE question_key IN ('coherence', 'experience') ORDER BY 1, 2",
    },
];

/// Tables a migration rebuilt (SQLite cannot change a constraint in place: new table, rows
/// copied, old one dropped, new one renamed). Nothing to declare (same name, same columns and
/// rows, plus new columns), so the plain comparison checks them; listed so that the check
/// knows it had rows to compare in each fixture older than the rebuild.
const REBUILT: &[(i64, &str)] = &[
    (4, "export_record"),       // more document kinds, handed_over_at
    (6, "agreement_review"),    // case_id nullable: reviews between meetings
    (8, "export_record"),       // calendar files, recipient, participant_id
    (11, "citizen_evaluation"), // the answers moved to citizen_answer
];

/// Rows added to the copy of a fixture (never to the fixture) in tables its demo data left
/// empty, so that the comparison of those tables has rows to compare. Only values every
/// version's constraints (and the core) accept.
struct Seed {
    table: &'static str,
    /// Rows, with the columns the table has had since it was made.
    insert: &'static str,
    /// Then, for a column a later version added, when the fixture's table has it: values for
    /// it, so that a migration that rewrote that column would have something to rewrite.
    later: &'static [(&'static str, &'static str)],
}

/// Each runs only when its table exists and is empty in the fixture.
const SEEDS: &[Seed] = &[
    Seed {
        table: "citizen_file",
        insert: "INSERT INTO citizen_file (id, citizen_id, kind, path, sha256, created_at)
                 SELECT '00000000-0000-4000-8000-0000000000a1', id, 'access',
                        '/home/x/Fælles Team/2026-01-06 Indsigt Mikkel S.pdf', printf('%064d', 7),
                        '2026-01-06T10:00:00.000Z'
                 FROM citizen ORDER BY id LIMIT 1",
        later: &[],
    },
    Seed {
        table: "baseline",
        insert: "INSERT INTO baseline (team_id, period_from, period_to, meetings_held, cases,
                                       citizens, attended, absent, answered, involved_yes,
                                       coherent_yes, note, updated_at)
                 SELECT id, '2025-06-01', '2025-11-30', 6, 18, NULL, 11, 7, NULL, NULL, NULL,
                        'Talt i mødeindkaldelserne', '2026-01-06T10:00:00.000Z'
                 FROM team ORDER BY id LIMIT 1",
        later: &[],
    },
    Seed {
        table: "eval_text_cleared",
        insert: "INSERT INTO eval_text_cleared (owner_id, note_key, sha256, cleared_at)
                 SELECT meeting_id, 'eval:kommune:learning', printf('%064d', 3),
                        '2026-01-06T10:00:00.000Z'
                 FROM actor_evaluation ORDER BY meeting_id LIMIT 1",
        later: &[],
    },
    Seed {
        table: "agenda_timing",
        insert: "INSERT INTO agenda_timing (meeting_id, key, started_at, elapsed_seconds)
                 SELECT id, 'velkomst', NULL, 95 FROM meeting WHERE status = 'closed'
                 ORDER BY id LIMIT 1",
        later: &[],
    },
    Seed {
        table: "meeting_reopening",
        insert: "INSERT INTO meeting_reopening (id, meeting_id, at, reason)
                 SELECT '00000000-0000-4000-8000-000000000001', id, '2026-01-06T10:00:00.000Z',
                        'Et punkt manglede i referatet'
                 FROM meeting WHERE status = 'closed' ORDER BY id LIMIT 1",
        later: &[],
    },
    Seed {
        table: "export_record",
        // A summary made before its meeting was closed (a draft) and minutes made after it.
        insert: "INSERT INTO export_record (id, meeting_id, case_id, kind, path, sha256,
                                            created_at)
                 SELECT '00000000-0000-4000-8000-000000000002', c.meeting_id, c.id, 'citizen',
                        '/tmp/2026-01-06 Opsummering Seed S.pdf', printf('%064d', 1),
                        '2026-01-06T10:00:00.000Z'
                 FROM \"case\" c JOIN meeting m ON m.id = c.meeting_id
                 WHERE m.status = 'closed' ORDER BY c.id LIMIT 1;
                 INSERT INTO export_record (id, meeting_id, case_id, kind, path, sha256,
                                            created_at)
                 SELECT '00000000-0000-4000-8000-000000000003', id, NULL, 'minutes',
                        '/tmp/2030-01-06 Referat.pdf', printf('%064d', 2),
                        '2030-01-06T10:01:00.000Z'
                 FROM meeting WHERE status = 'closed' ORDER BY id LIMIT 1",
        // Both marked as handed over (schema 4 on).
        later: &[(
            "handed_over_at",
            "UPDATE export_record SET handed_over_at = created_at
             WHERE id IN ('00000000-0000-4000-8000-000000000002',
                          '00000000-0000-4000-8000-000000000003')",
        )],
    },
    Seed {
        table: "kept_text",
        insert: "INSERT INTO kept_text (id, meeting_id, case_id, key, text, reason,
                                        base_revision, created_at)
                 SELECT '00000000-0000-4000-8000-000000000004', c.meeting_id, c.id, 'vigtigste',
                        'Tekst gemt ved siden af', 'newer', 1, '2026-01-06T10:02:00.000Z'
                 FROM \"case\" c JOIN meeting m ON m.id = c.meeting_id
                 WHERE m.status = 'closed' ORDER BY c.id LIMIT 1",
        later: &[],
    },
    Seed {
        table: "citizen_report_key",
        insert: "INSERT INTO citizen_report_key (citizen_id, key)
                 SELECT id, 'seed-report-key-1' FROM citizen ORDER BY id LIMIT 1",
        later: &[],
    },
];

/// A private copy of `fixture` in `dir` (named as the app names its database), with
/// [`SEEDS`] added where the demo data left a table empty.
fn copy_of(fixture: &Path, dir: &Path) -> PathBuf {
    assert!(
        fixture.is_file(),
        "no fixture at {}: a new migration comes with its fixture",
        fixture.display()
    );
    let db = dir.join(faelles_core::store::DB_FILE);
    std::fs::copy(fixture, &db).unwrap();
    let c = Connection::open(&db).unwrap();
    c.pragma_update(None, "foreign_keys", true).unwrap();
    let columns = |table: &str| -> Vec<String> {
        let mut st = c.prepare("SELECT name FROM pragma_table_info(?1)").unwrap();
        let names = st.query_map([table], |r| r.get(0)).unwrap();
        names.collect::<Result<_, _>>().unwrap()
    };
    for seed in SEEDS {
        let has = columns(seed.table);
        if has.is_empty() {
            continue; // not in this version
        }
        let rows: i64 = c
            .query_row(
                &format!("SELECT COUNT(*) FROM \"{}\"", seed.table),
                [],
                |r| r.get(0),
            )
            .unwrap();
        if rows > 0 {
            continue;
        }
        c.execute_batch(seed.insert)
            .unwrap_or_else(|e| panic!("seeding {}: {e}", seed.table));
        for (column, sql) in seed.later {
            if has.iter().any(|h| h == column) {
                c.execute_batch(sql)
                    .unwrap_or_else(|e| panic!("seeding {}.{column}: {e}", seed.table));
            }
        }
    }
    let broken: i64 = c
        .query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0, "a seed broke a foreign key");
    db
}

/// One table: its columns (in order) and every row, sorted.
struct Table {
    columns: Vec<String>,
    rows: Vec<Vec<Value>>,
}

impl Table {
    /// Every row's values of `columns` (which the table has), sorted.
    fn project(&self, columns: &[String]) -> Vec<Vec<Value>> {
        let idx: Vec<usize> = columns
            .iter()
            .map(|c| self.columns.iter().position(|x| x == c).unwrap())
            .collect();
        sorted(
            self.rows
                .iter()
                .map(|r| idx.iter().map(|&i| r[i].clone()).collect())
                .collect(),
        )
    }
}

fn sorted(mut rows: Vec<Vec<Value>>) -> Vec<Vec<Value>> {
    rows.sort_by_cached_key(|r| format!("{r:?}"));
    rows
}

fn query(c: &Connection, sql: &str) -> Vec<Vec<Value>> {
    let mut st = c.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    let n = st.column_count();
    let rows = st
        .query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    sorted(rows)
}

/// Every table of the database at `path` (SQLite's own `sqlite_*` tables left out).
fn snapshot(path: &Path) -> BTreeMap<String, Table> {
    let c = Connection::open(path).unwrap();
    let names: Vec<String> = query(
        &c,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .into_iter()
    .map(|r| match &r[0] {
        Value::Text(t) => t.clone(),
        v => panic!("a table name {v:?}"),
    })
    .collect();
    names
        .into_iter()
        .map(|name| {
            let columns: Vec<String> = query(
                &c,
                &format!("SELECT cid, name FROM pragma_table_info('{name}')"),
            )
            .into_iter()
            .map(|r| match &r[1] {
                Value::Text(t) => t.clone(),
                v => panic!("a column name {v:?}"),
            })
            .collect();
            let list: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
            let rows = query(&c, &format!("SELECT {} FROM \"{name}\"", list.join(", ")));
            (name, Table { columns, rows })
        })
        .collect()
}

/// At most a few rows, for a failure message.
fn some(rows: &[&Vec<Value>]) -> String {
    let mut out: Vec<String> = rows.iter().take(5).map(|r| format!("{r:?}")).collect();
    if rows.len() > 5 {
        out.push(format!("… {} more", rows.len() - 5));
    }
    out.join("\n      ")
}

/// What changed from `old` to `new` (a fixture of schema `version` and the same file
/// migrated): every failure, and a summary of what was compared.
fn compare(
    version: i64,
    old: &BTreeMap<String, Table>,
    new: &BTreeMap<String, Table>,
    declared: &[(&Declared, Vec<Vec<Value>>)],
    after: &Connection,
) -> (Vec<String>, String) {
    let mut bad = Vec::new();
    let mut rows_compared = 0;
    let mut added_columns = Vec::new();
    for (name, was) in old {
        let mine: Vec<&Declared> = declared
            .iter()
            .map(|(d, _)| *d)
            .filter(|d| d.table == name)
            .collect();
        let Some(now) = new.get(name) else {
            if !mine.iter().any(|d| matches!(d.gone, Gone::Table)) {
                bad.push(format!(
                    "table {name} ({} rows) is gone after migrating, and no entry of DECLARED \
                     says where its rows went",
                    was.rows.len()
                ));
            }
            continue;
        };
        let excused: Vec<&str> = mine
            .iter()
            .flat_map(|d| match d.gone {
                Gone::Columns(cols) => cols.to_vec(),
                Gone::Table => Vec::new(),
            })
            .collect();
        for c in &was.columns {
            if !now.columns.contains(c) && !excused.contains(&c.as_str()) {
                bad.push(format!(
                    "column {name}.{c} is gone after migrating, and no entry of DECLARED says \
                     where its values went"
                ));
            }
        }
        added_columns.extend(
            now.columns
                .iter()
                .filter(|c| !was.columns.contains(c))
                .map(|c| format!("{name}.{c}")),
        );
        let common: Vec<String> = was
            .columns
            .iter()
            .filter(|c| now.columns.contains(c) && !excused.contains(&c.as_str()))
            .cloned()
            .collect();
        let (a, b) = (was.project(&common), now.project(&common));
        rows_compared += a.len();
        if a != b {
            let lost: Vec<&Vec<Value>> = a.iter().filter(|r| !b.contains(r)).collect();
            let made: Vec<&Vec<Value>> = b.iter().filter(|r| !a.contains(r)).collect();
            bad.push(format!(
                "table {name} ({}): {} rows before, {} after\n    only before:\n      {}\n    \
                 only after:\n      {}",
                common.join(", "),
                a.len(),
                b.len(),
                some(&lost),
                some(&made)
            ));
        }
    }
    for (d, before) in declared {
        let now = query(after, d.after);
        if &now != before {
            bad.push(format!(
                "migration {} ({}): {} rows before, {} after\n    before: {}\n    after: {}",
                d.by,
                d.what,
                before.len(),
                now.len(),
                d.before,
                d.after
            ));
        }
    }
    let new_tables: Vec<&String> = new.keys().filter(|t| !old.contains_key(*t)).collect();
    let summary = format!(
        "schema {version} → {SCHEMA_VERSION}: {} tables, {rows_compared} rows compared column by \
         column; {} declared changes; new tables {new_tables:?}; new columns {added_columns:?}",
        old.len(),
        declared.len()
    );
    (bad, summary)
}

#[test]
fn every_row_of_every_table_is_kept_by_every_migration() {
    for (version, fixture) in fixtures() {
        let dir = faelles_tests::user_dir();
        let db = copy_of(&fixture, dir.path());
        let old = snapshot(&db);
        // The comparison checks nothing of a table with no rows: every table of a fixture has
        // rows (the demo data's or a seed's).
        let empty: Vec<&String> = old
            .iter()
            .filter(|(_, t)| t.rows.is_empty())
            .map(|(n, _)| n)
            .collect();
        assert!(
            empty.is_empty(),
            "schema {version}: tables without rows to compare: {empty:?} (add a row to SEEDS)"
        );
        for (by, table) in REBUILT {
            if version < *by {
                assert!(
                    old.get(*table).is_some_and(|t| !t.rows.is_empty()),
                    "schema {version}: {table}, rebuilt by migration {by}, has no rows to compare"
                );
            }
        }
        let declared: Vec<(&Declared, Vec<Vec<Value>>)> = {
            let c = Connection::open(&db).unwrap();
            DECLARED
                .iter()
                .filter(|d| d.from <= version && version < d.by)
                .map(|d| (d, query(&c, d.before)))
                .collect()
        };
        for (d, rows) in &declared {
            assert!(
                !rows.is_empty(),
                "schema {version}: nothing to compare for migration {} ({})",
                d.by,
                d.what
            );
        }

        drop(Store::open(&db).unwrap());
        let new = snapshot(&db);
        let after = Connection::open(&db).unwrap();
        assert_eq!(
            after
                .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
                .unwrap(),
            SCHEMA_VERSION
        );
        let (bad, summary) = compare(version, &old, &new, &declared, &after);
        assert!(
            bad.is_empty(),
            "schema {version} → {SCHEMA_VERSION}: data changed by migrating:\n  {}",
            bad.join("\n  ")
        );
        println!("{summary}");
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
    let data = faelles_tests::user_dir();
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
    let dir = faelles_tests::user_dir();
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

/// Schema 8 makes a consent's scope data: every consent recorded before said «kommunen og
/// regionspsykiatrien …» (the template's text) and now names exactly the fixed team's
/// organisations, so an ad hoc participant needs a wider consent. Every earlier export
/// record gets the recipient its kind had.
#[test]
fn consents_and_files_from_before_schema_8_name_their_recipients() {
    let fixed = faelles_core::templates::current().fixed_team_keys();
    for (version, fixture) in fixtures().into_iter().filter(|(v, _)| *v < 8) {
        let dir = faelles_tests::user_dir();
        let db = copy_of(&fixture, dir.path());
        let core = Core::new(Store::open(&db).unwrap(), Box::new(chrono::Utc::now));
        let mut consents = 0;
        for citizen in core.citizens().unwrap() {
            for c in core.consents(citizen.id).unwrap() {
                assert_eq!(c.recipients, fixed, "schema {version}: {}", c.scope);
                consents += 1;
            }
        }
        assert!(consents > 0, "schema {version}: no consents to migrate");
        let mut kinds = Vec::new();
        for m in core.meetings().unwrap() {
            for r in core.exports(m.id).unwrap() {
                use faelles_core::domain::{ExportKind as K, Recipient as R};
                let want = match r.kind {
                    K::CitizenSummary | K::Invitation => R::Citizen,
                    K::Extract => R::Participant,
                    _ => R::Team,
                };
                assert_eq!(r.recipient, want, "schema {version}: {:?}", r.kind);
                assert_eq!(r.participant_id, None);
                kinds.push(r.kind);
            }
        }
        assert!(!kinds.is_empty(), "schema {version}: the seeds' exports");
    }
}
