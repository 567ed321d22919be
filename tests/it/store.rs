//! The store: migrations, refusal of newer databases, foreign keys, round-trips, file modes.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use faelles_core::cpr::Cpr;
use faelles_core::domain::*;
use faelles_core::store::{self, Store, SCHEMA_VERSION};
use rusqlite::Connection;

fn t(s: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(1_780_000_000_000 + s * 1000)
        .unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn migration_from_empty_creates_schema_and_sets_user_version() {
    let dir = faelles_tests::user_dir();
    let s = Store::open_in_dir(dir.path()).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    let tables: Vec<String> = s
        .conn()
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for want in [
        "agenda_timing",
        "agreement",
        "agreement_review",
        "case",
        "case_participant",
        "citizen",
        "citizen_evaluation",
        "consent",
        "export_record",
        "meeting",
        "meeting_attendance",
        "actor_evaluation",
        "baseline",
        "eval_text_cleared",
        "meeting_reopening",
        "participant",
        "section_note",
        "team",
        "theme_wheel",
    ] {
        assert!(tables.iter().any(|t| t == want), "missing table {want}");
    }
    let pragma = |p: &str| -> String {
        s.conn()
            .query_row(&format!("PRAGMA {p}"), [], |r| {
                r.get::<_, rusqlite::types::Value>(0)
            })
            .map(|v| format!("{v:?}"))
            .unwrap()
    };
    assert!(pragma("journal_mode").contains("wal"));
    assert!(pragma("foreign_keys").contains('1'));
    assert!(pragma("synchronous").contains('2'), "synchronous=FULL is 2");
    drop(s);
    // Opening again is a no-op migration.
    let s = Store::open_in_dir(dir.path()).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn database_from_newer_version_is_refused_and_left_untouched() {
    let dir = faelles_tests::user_dir();
    let path = dir.path().join(store::DB_FILE);
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE future (x); INSERT INTO future VALUES (42);")
            .unwrap();
        c.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).err().expect("newer database refused");
    assert_eq!(err.kind(), "DatabaseTooNew");
    assert!(err.message_da().contains("nyere version"));
    assert_eq!(std::fs::read(&path).unwrap(), before, "file unchanged");
    assert!(!dir.path().join(format!("{}-wal", store::DB_FILE)).exists());
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_kept() {
    let dir = faelles_tests::user_dir();
    let path = dir.path().join(store::DB_FILE);
    std::fs::write(
        &path,
        b"this is not sqlite at all, just some text".repeat(100),
    )
    .unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert_eq!(err.kind(), "DatabaseCorrupt");
    assert!(err.message_da().contains(&path.display().to_string()));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn database_file_is_private_to_the_user() {
    use std::os::unix::fs::PermissionsExt;
    let dir = faelles_tests::user_dir();
    let data = dir.path().join("data");
    let s = Store::open_in_dir(&data).unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join(store::DB_FILE)), 0o600);
    drop(s);
}

#[test]
fn foreign_keys_are_enforced() {
    let mut s = Store::open_in_memory().unwrap();
    let orphan = Participant {
        id: new_id(),
        team_id: new_id(), // no such team
        fixed: true,
        role: "visitator".into(),
        name: "X".into(),
        organisation: String::new(),
        title: String::new(),
        phone: None,
        email: None,
        active: true,
    };
    let err = s
        .write(|tx| store::upsert_participant(tx, &orphan))
        .unwrap_err();
    assert!(format!("{err}").contains("FOREIGN KEY"), "{err}");
    assert!(store::get_participant(s.conn(), orphan.id).is_err());
}

/// Every domain type written and read back unchanged.
#[test]
fn every_domain_type_round_trips_through_the_store() {
    let mut s = Store::open_in_memory().unwrap();
    let team = Team {
        id: new_id(),
        name: "Fælles Team Øst".into(),
        municipality: "Århus Kommune".into(),
        region_partner: "Region Midt".into(),
        chair_id: None,
        coordinator_id: None,
        created_at: t(0),
    };
    let member = Participant {
        id: new_id(),
        team_id: team.id,
        fixed: true,
        role: "rusmiddelbehandlingen".into(),
        name: "Åse Ærø".into(),
        organisation: "Rusmiddelcentret".into(),
        title: "Behandler".into(),
        phone: Some("+45 11 22 33 44".into()),
        email: Some("aase@example.dk".into()),
        active: true,
    };
    let adhoc = Participant {
        id: new_id(),
        fixed: false,
        role: "psykiater".into(),
        phone: None,
        email: None,
        ..member.clone()
    };
    let team2 = Team {
        chair_id: Some(member.id),
        coordinator_id: Some(member.id),
        ..team.clone()
    };
    let citizen = Citizen {
        id: new_id(),
        team_id: team.id,
        first_name: "Øjvind".into(),
        last_name: "Ås".into(),
        screen_name: Some("Øj".into()),
        cpr: Cpr::parse("290200-4000").unwrap(),
        contact_id: Some(member.id),
        active: false,
        created_at: t(1),
    };
    let consent = Consent {
        id: new_id(),
        citizen_id: citizen.id,
        given_on: d(2026, 1, 2),
        method: ConsentMethod::Oral,
        scope: "Alt".into(),
        recipients: vec!["kommunen".into(), "praktiserende_laege".into()],
        recorded_by: "Åse".into(),
        withdrawn_on: Some(d(2026, 5, 1)),
        created_at: t(2),
    };
    let theme = ThemeEntry {
        team_id: team.id,
        year: 2026,
        slot: 3,
        title: "Bolig".into(),
    };
    let meeting = Meeting {
        id: new_id(),
        team_id: team.id,
        starts_at: t(3),
        duration_minutes: 120,
        place: "Lokale 1".into(),
        video_link: "https://video.example/abc".into(),
        theme_override: Some("Særligt tema".into()),
        status: MeetingStatus::Closed,
        cancel_reason: None,
        template_version: "faelles-team-2026.1".into(),
        started_at: Some(t(4)),
        closed_at: Some(t(5)),
        current_item: Some("tema".into()),
        created_at: t(6),
        sequence: 3,
    };
    let reopening = MeetingReopening {
        id: new_id(),
        meeting_id: meeting.id,
        at: t(7),
        reason: "Rettelse".into(),
    };
    let timing = AgendaItemTiming {
        meeting_id: meeting.id,
        key: "velkomst".into(),
        started_at: Some(t(8)),
        elapsed_seconds: 301,
    };
    let attendance = MeetingAttendance {
        meeting_id: meeting.id,
        participant_id: member.id,
        attendance: Attendance::Virtual,
    };
    let case = Case {
        id: new_id(),
        meeting_id: meeting.id,
        citizen_id: citizen.id,
        position: 2,
        planned_minutes: Some(25),
        citizen_invited: false,
        invited_on: Some(chrono::NaiveDate::from_ymd_opt(2026, 2, 14).unwrap()),
        citizen_expected: Some(Attendance::Virtual),
        citizen_attendance: Some(Attendance::Absent),
        created_at: t(9),
    };
    let case_participant = CaseParticipant {
        case_id: case.id,
        participant_id: adhoc.id,
        attendance: Some(Attendance::Present),
    };
    let agreements = [
        Agreement {
            id: new_id(),
            case_id: case.id,
            position: 0,
            what: "Søge boligstøtte".into(),
            who: Some(Who::Citizen),
            due: Some(Due::NextMeeting),
            status: AgreementStatus::Continues,
            created_at: t(10),
        },
        Agreement {
            id: new_id(),
            case_id: case.id,
            position: 1,
            what: "Ring til lægen".into(),
            who: Some(Who::Participant { id: adhoc.id }),
            due: Some(Due::Date {
                date: d(2026, 7, 1),
            }),
            status: AgreementStatus::Open,
            created_at: t(11),
        },
        Agreement {
            id: new_id(),
            case_id: case.id,
            position: 2,
            what: "Afklare økonomi".into(),
            who: Some(Who::Organisation {
                name: "Borgerservice".into(),
            }),
            due: None,
            status: AgreementStatus::Dropped,
            created_at: t(12),
        },
    ];
    let review = AgreementReview {
        case_id: Some(case.id),
        agreement_id: agreements[0].id,
        outcome: AgreementStatus::Done,
        comment: "Klaret".into(),
        reviewed_at: t(13),
    };
    let ceval = CitizenEvaluation::new(
        case.id,
        &[
            (question::INVOLVED, Answer::Yes),
            (question::OWNERSHIP, Answer::Partly),
            (question::COMMON_GOALS, Answer::Unanswered),
            (question::EXPERIENCE, Answer::Mixed),
        ],
        "Godt",
        t(14),
    );
    let meval = MeetingEvaluation {
        meeting_id: meeting.id,
        org: Org::Region,
        effects: "E".into(),
        experiences: "X".into(),
        learning: "L".into(),
        coherent: Some(Answer::No),
        recorded_at: t(15),
    };
    let export = ExportRecord {
        id: new_id(),
        meeting_id: meeting.id,
        case_id: Some(case.id),
        kind: ExportKind::CitizenSummary,
        path: "/tmp/x.pdf".into(),
        sha256: "ab".repeat(32),
        created_at: t(16),
        handed_over_at: Some(t(17)),
        draft: false,
        recipient: Recipient::Citizen,
        participant_id: None,
    };

    s.write(|tx| {
        store::insert_team(tx, &team)?;
        store::upsert_participant(tx, &member)?;
        store::upsert_participant(tx, &adhoc)?;
        store::update_team(tx, &team2)?;
        store::upsert_citizen(tx, &citizen)?;
        store::insert_consent(tx, &consent)?;
        store::set_theme(tx, &theme)?;
        store::upsert_meeting(tx, &meeting)?;
        store::insert_reopening(tx, &reopening)?;
        store::upsert_timing(tx, &timing)?;
        store::set_meeting_attendance(tx, &attendance)?;
        store::upsert_case(tx, &case)?;
        store::set_case_participant(tx, &case_participant)?;
        for a in &agreements {
            store::upsert_agreement(tx, a)?;
        }
        store::upsert_review(tx, &review)?;
        store::upsert_citizen_evaluation(tx, &ceval)?;
        store::upsert_meeting_evaluation(tx, &meval)?;
        store::insert_export(tx, &export)?;
        Ok(())
    })
    .unwrap();

    let c = s.conn();
    assert_eq!(store::get_team(c).unwrap().unwrap(), team2);
    assert_eq!(store::get_participant(c, member.id).unwrap(), member);
    assert_eq!(
        store::list_participants(c, team.id).unwrap(),
        vec![member.clone(), adhoc.clone()]
    );
    assert_eq!(store::get_citizen(c, citizen.id).unwrap(), citizen);
    assert_eq!(store::list_consents(c, citizen.id).unwrap(), vec![consent]);
    assert_eq!(store::theme_wheel(c, team.id, 2026).unwrap(), vec![theme]);
    assert_eq!(store::get_meeting(c, meeting.id).unwrap(), meeting);
    assert_eq!(
        store::list_reopenings(c, meeting.id).unwrap(),
        vec![reopening]
    );
    assert_eq!(store::list_timings(c, meeting.id).unwrap(), vec![timing]);
    assert_eq!(
        store::list_meeting_attendance(c, meeting.id).unwrap(),
        vec![attendance]
    );
    assert_eq!(store::get_case(c, case.id).unwrap(), case);
    assert_eq!(
        store::list_case_participants(c, case.id).unwrap(),
        vec![case_participant]
    );
    // A review sets its agreement's status (`refresh_agreement_status`): the first one is
    // read back with its review's outcome.
    let mut reviewed = agreements.to_vec();
    reviewed[0].status = review.outcome;
    assert_eq!(store::list_agreements(c, case.id).unwrap(), reviewed);
    assert_eq!(store::list_reviews(c, case.id).unwrap(), vec![review]);
    assert_eq!(
        store::get_citizen_evaluation(c, case.id).unwrap(),
        Some(ceval)
    );
    assert_eq!(
        store::get_meeting_evaluation(c, meeting.id, Org::Region).unwrap(),
        Some(meval)
    );
    assert_eq!(store::list_exports(c, meeting.id).unwrap(), vec![export]);

    // Section notes round-trip with their revision.
    let rev = s
        .write(|tx| store::save_note(tx, case.id, "vigtigste", "Æ ø å „citat“ – ok\n", 0, t(20)))
        .unwrap();
    assert_eq!(rev, 1);
    let notes = store::list_notes(s.conn(), case.id).unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].text, "Æ ø å „citat“ – ok\n");
    assert_eq!(notes[0].revision, 1);
    assert_eq!(notes[0].updated_at, t(20));
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    let mut s = Store::open_in_memory().unwrap();
    let team = Team {
        id: new_id(),
        name: "T".into(),
        municipality: "K".into(),
        region_partner: String::new(),
        chair_id: None,
        coordinator_id: None,
        created_at: t(0),
    };
    let res = s.write(|tx| {
        store::insert_team(tx, &team)?;
        store::insert_team(tx, &team)?; // duplicate id: fails
        Ok(())
    });
    assert!(res.is_err());
    assert!(store::get_team(s.conn()).unwrap().is_none());
}

/// Damages one page in the middle of a cleanly closed database (as a failing disk would).
fn demo_db_with_a_damaged_page() -> (faelles_tests::UserDir, std::path::PathBuf) {
    let dir = faelles_tests::user_dir();
    {
        let mut core = faelles_core::Core::open(dir.path()).unwrap();
        faelles_core::demo::load(&mut core).unwrap();
    }
    let path = dir.path().join(store::DB_FILE);
    assert!(
        !dir.path().join(format!("{}-wal", store::DB_FILE)).exists(),
        "a clean close leaves no WAL"
    );
    let mut bytes = std::fs::read(&path).unwrap();
    let page = 4096;
    let pages = bytes.len() / page;
    assert!(pages > 8, "demo database has {pages} pages");
    let mid = pages / 2 * page;
    bytes[mid..mid + page].fill(0xAB);
    std::fs::write(&path, &bytes).unwrap();
    (dir, path)
}

#[test]
fn after_a_clean_end_open_is_quick_and_the_background_check_finds_damage() {
    let (_dir, path) = demo_db_with_a_damaged_page();
    // Opening does not read every page after a clean end (that is Store::check's job).
    Store::open(&path).expect("opens without the whole-file check");
    let err = Store::check(&path).expect_err("the check reads every page");
    assert_eq!(err.kind(), "DatabaseCorrupt");
    assert!(err.message_da().contains(&path.display().to_string()));
}

#[test]
fn after_an_unclean_end_open_checks_the_whole_file_and_refuses_damage() {
    let (dir, path) = demo_db_with_a_damaged_page();
    // A non-empty WAL beside the database: the last session did not end cleanly.
    std::fs::write(
        dir.path().join(format!("{}-wal", store::DB_FILE)),
        b"left over".repeat(50),
    )
    .unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert_eq!(err.kind(), "DatabaseCorrupt");
    assert_eq!(std::fs::read(&path).unwrap(), before, "left as it was");
}

#[test]
fn the_background_check_passes_a_healthy_database_while_it_is_open() {
    let dir = faelles_tests::user_dir();
    let mut core = faelles_core::Core::open(dir.path()).unwrap();
    faelles_core::demo::load(&mut core).unwrap();
    Store::check(&dir.path().join(store::DB_FILE)).expect("healthy, and the app may be writing");
}
