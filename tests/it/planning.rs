//! Team, citizens, consent and meeting planning through the core's rules.

use faelles_core::calendar;
use faelles_core::citizens::{CitizenInput, ConsentInput};
use faelles_core::domain::*;
use faelles_core::meetings::MeetingInput;
use faelles_core::team::{MemberInput, TeamInput};
use faelles_core::testing::{at, Fx};
use faelles_core::{chair, demo, Core};

/// The shared fixture's team without citizens, the clock fixed at 1 June 2026 10:00 UTC.
fn with_team() -> Core {
    Fx::builder()
        .now(at("2026-06-01T10:00:00Z"))
        .citizens(0)
        .build()
        .core
}

/// No team yet (the first start), the clock as in `with_team`.
fn without_team() -> Core {
    Fx::builder().now(at("2026-06-01T10:00:00Z")).core().0
}

fn citizen(core: &mut Core, first: &str, cpr: &str, consent_on: Option<&str>) -> Citizen {
    core.save_citizen(&CitizenInput {
        first_name: first.into(),
        last_name: "Hansen".into(),
        cpr: cpr.into(),
        active: true,
        consent: consent_on.map(|d| ConsentInput {
            given_on: d.into(),
            ..Default::default()
        }),
        ..Default::default()
    })
    .unwrap()
}

fn meeting(core: &mut Core, date: &str, start: &str) -> Meeting {
    core.save_meeting(&MeetingInput {
        date: date.into(),
        start: start.into(),
        ..Default::default()
    })
    .unwrap()
}

#[test]
fn team_setup_sets_chair_and_coordinator_and_skips_empty_roles() {
    let mut core = without_team();
    core.setup_team(&TeamInput {
        name: "Fælles Team Syd".into(),
        municipality: "Vejle Kommune".into(),
        region_partner: "Region Syddanmark".into(),
        members: vec![
            MemberInput {
                role: "rusmiddelbehandlingen".into(),
                name: "Lone Lund".into(),
                coordinator: true,
                fixed: true,
                ..Default::default()
            },
            MemberInput {
                role: "moedeleder".into(),
                name: "Per Krog".into(),
                chair: true,
                fixed: true,
                ..Default::default()
            },
            // An unfilled role is skipped.
            MemberInput {
                role: "visitator".into(),
                name: "  ".into(),
                fixed: true,
                ..Default::default()
            },
        ],
    })
    .unwrap();
    let team = core.team().unwrap().unwrap();
    let members = core.participants().unwrap();
    assert_eq!(members.len(), 2);
    let coord = members.iter().find(|p| p.name == "Lone Lund").unwrap();
    assert_eq!(team.coordinator_id, Some(coord.id));
    assert!(team.chair_id.is_some() && team.chair_id != team.coordinator_id);
    assert!(chair::app_state(&core).unwrap().team.is_some());
}

#[test]
fn blank_team_name_is_refused_with_a_typed_error_and_nothing_saved() {
    let mut core = without_team();
    let err = core
        .setup_team(&TeamInput {
            name: " \t ".into(),
            municipality: "X".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.kind(), "EmptyField");
    assert!(err.message_da().contains("Teamets navn"));
    assert!(core.team().unwrap().is_none());
    assert!(chair::app_state(&core).unwrap().onboarding);
}

#[test]
fn citizen_defaults_contact_to_the_coordinator_and_masks_cpr() {
    let mut core = with_team();
    let c = citizen(&mut core, "Anna", "010190-1234", Some("2026-05-01"));
    let team = core.team().unwrap().unwrap();
    assert_eq!(c.contact_id, team.coordinator_id);
    let json = serde_json::to_string(&c).unwrap();
    assert!(json.contains("010190-****"));
    assert!(!json.contains("1234"));
    assert_eq!(core.reveal_cpr(c.id).unwrap(), "010190-1234");
    let list = serde_json::to_string(&chair::citizen_list(&core, "").unwrap()).unwrap();
    assert!(
        !list.contains("010190"),
        "the list never shows the CPR: {list}"
    );
}

#[test]
fn invalid_and_duplicate_cpr_are_refused_and_nothing_is_saved() {
    let mut core = with_team();
    citizen(&mut core, "Anna", "0101901234", None);
    for (cpr, kind) in [
        ("320190-1234", "InvalidCpr"),
        ("290297-1234", "InvalidCpr"),
        ("12345", "InvalidCpr"),
        ("abcdefghij", "InvalidCpr"),
        ("010190-1234", "DuplicateCpr"),
    ] {
        let err = core
            .save_citizen(&CitizenInput {
                first_name: "Bo".into(),
                last_name: "Bech".into(),
                cpr: cpr.into(),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.kind(), kind, "{cpr}");
        assert!(!err.message_da().contains(cpr), "no CPR in messages");
    }
    assert_eq!(core.citizens().unwrap().len(), 1);
}

#[test]
fn citizen_with_invalid_consent_date_is_not_saved_half_way() {
    let mut core = with_team();
    for bad in ["2026-02-30", "2027-01-01", "igår"] {
        let err = core
            .save_citizen(&CitizenInput {
                first_name: "Bo".into(),
                last_name: "Bech".into(),
                cpr: "020202-2020".into(),
                consent: Some(ConsentInput {
                    given_on: bad.into(),
                    ..Default::default()
                }),
                ..Default::default()
            })
            .unwrap_err();
        assert!(
            matches!(err.kind().as_str(), "InvalidDate" | "InvalidValue"),
            "{bad}: {}",
            err.kind()
        );
    }
    assert!(core.citizens().unwrap().is_empty());
}

#[test]
fn too_long_and_whitespace_names_are_refused() {
    let mut core = with_team();
    let err = core
        .save_citizen(&CitizenInput {
            first_name: "x".repeat(101),
            last_name: "Y".into(),
            cpr: "010190-1234".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.kind(), "TooLong");
    let err = core
        .save_citizen(&CitizenInput {
            first_name: "Anna".into(),
            last_name: "\u{a0} \n".trim().into(),
            cpr: "010190-1234".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.kind(), "EmptyField");
}

#[test]
fn consent_validity_against_meeting_dates() {
    let mut core = with_team();
    let late = citizen(&mut core, "Sen", "010190-1111", None);
    let m = meeting(&mut core, "2026-05-12", "13:00");
    // No consent at all.
    assert_eq!(
        core.add_case(m.id, late.id).unwrap_err().kind(),
        "ConsentMissing"
    );
    // Given after the meeting date: still missing on that date.
    core.add_consent(
        late.id,
        &ConsentInput {
            given_on: "2026-05-20".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let err = core.add_case(m.id, late.id).unwrap_err();
    assert_eq!(err.kind(), "ConsentMissing");
    assert!(err.message_da().contains("Sen Hansen"));

    // Withdrawn before the meeting.
    let w = citizen(&mut core, "Vera", "010190-2222", Some("2026-01-05"));
    let consent = core.consents(w.id).unwrap().pop().unwrap();
    core.withdraw_consent(consent.id, "2026-04-01").unwrap();
    let err = core.add_case(m.id, w.id).unwrap_err();
    assert_eq!(err.kind(), "ConsentWithdrawn");
    assert!(err.message_da().contains("1. april 2026"));
    // Withdrawn on the meeting day itself: not valid that day.
    let same_day = citizen(&mut core, "Dag", "010190-3333", Some("2026-01-05"));
    let c = core.consents(same_day.id).unwrap().pop().unwrap();
    core.withdraw_consent(c.id, "2026-05-12").unwrap();
    assert_eq!(
        core.add_case(m.id, same_day.id).unwrap_err().kind(),
        "ConsentWithdrawn"
    );

    // Re-given after the withdrawal, before the meeting: valid; history kept.
    core.add_consent(
        w.id,
        &ConsentInput {
            given_on: "2026-05-01".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let case = core.add_case(m.id, w.id).unwrap();
    assert_eq!(case.meeting_id, m.id);
    let history = core.consents(w.id).unwrap();
    assert_eq!(history.len(), 2);
    assert!(history[0].withdrawn_on.is_some());
    // A withdrawal after the meeting does not matter for that meeting.
    assert!(history[1].valid_on(calendar::parse_date("x", "2026-05-12").unwrap()));
    // The same citizen twice in one meeting is refused.
    assert_eq!(
        core.add_case(m.id, w.id).unwrap_err().kind(),
        "DuplicateCase"
    );
    // Fixed members take part by default.
    let team_members = core.participants().unwrap().len();
    assert_eq!(
        core.case_detail(case.id).unwrap().participants.len(),
        team_members
    );
}

#[test]
fn two_meetings_at_the_same_time_are_refused() {
    let mut core = with_team();
    meeting(&mut core, "2026-06-09", "13:00");
    let err = core
        .save_meeting(&MeetingInput {
            date: "2026-06-09".into(),
            start: "14:30".into(), // overlaps 13:00–15:00
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.kind(), "MeetingClash");
    assert!(err.message_da().contains("tirsdag den 9. juni 2026"));
    meeting(&mut core, "2026-06-09", "15:00"); // back to back is fine
    assert_eq!(core.meetings().unwrap().len(), 2);
}

#[test]
fn impossible_dates_and_times_are_refused() {
    let mut core = with_team();
    for (date, start) in [
        ("2026-02-30", "13:00"),
        ("2026-13-01", "13:00"),
        ("2026-06-09", "25:00"),
        ("2026-03-29", "02:30"),
    ] {
        let err = core
            .save_meeting(&MeetingInput {
                date: date.into(),
                start: start.into(),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.kind(), "InvalidDate", "{date} {start}");
    }
    assert!(core.meetings().unwrap().is_empty());
}

#[test]
fn a_series_is_planned_whole_or_not_at_all_and_one_meeting_can_move_or_be_cancelled() {
    let mut core = with_team();
    meeting(&mut core, "2026-09-01", "13:30"); // overlaps the 3rd of the series
    let err = core.plan_series("2026-07-07", "13:00", 6, 4).unwrap_err();
    assert_eq!(err.kind(), "MeetingClash");
    assert_eq!(core.meetings().unwrap().len(), 1, "nothing saved half-way");

    let series = core.plan_series("2026-07-07", "09:00", 6, 4).unwrap();
    assert_eq!(series.len(), 6);
    let labels: Vec<String> = chair::meetings(&core)
        .unwrap()
        .into_iter()
        .filter(|m| m.time == "09:00")
        .map(|m| m.date_label)
        .collect();
    assert_eq!(labels[0], "tirsdag den 7. juli 2026, uge 28");
    assert_eq!(labels[5], "tirsdag den 24. november 2026, uge 48");
    // Move the second meeting one day; cancel the third; the rest stay.
    let moved = core
        .save_meeting(&MeetingInput {
            id: Some(series[1].id),
            date: "2026-08-05".into(),
            start: "09:00".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        calendar::local(moved.starts_at)
            .format("%Y-%m-%d")
            .to_string(),
        "2026-08-05"
    );
    let cancelled = core.cancel_meeting(series[2].id, "Sygdom").unwrap();
    assert_eq!(cancelled.status, MeetingStatus::Cancelled);
    assert_eq!(
        core.cancel_meeting(series[3].id, " ").unwrap_err().kind(),
        "EmptyField"
    );
    assert_eq!(core.meetings().unwrap().len(), 7);
}

#[test]
fn meeting_theme_comes_from_the_wheel_unless_overridden() {
    let mut core = with_team();
    let a = meeting(&mut core, "2026-06-09", "13:00");
    let b = meeting(&mut core, "2026-07-07", "13:00");
    core.set_theme(2026, 1, "Samtykke").unwrap();
    core.set_theme(2026, 2, "Bolig").unwrap();
    assert_eq!(core.meeting_theme(&a).unwrap().as_deref(), Some("Samtykke"));
    assert_eq!(core.meeting_theme(&b).unwrap().as_deref(), Some("Bolig"));
    let b = core
        .save_meeting(&MeetingInput {
            id: Some(b.id),
            date: "2026-07-07".into(),
            start: "13:00".into(),
            theme: "Pårørende".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        core.meeting_theme(&b).unwrap().as_deref(),
        Some("Pårørende")
    );
}

#[test]
fn demo_data_has_the_promised_shape() {
    let mut core = without_team();
    demo::load(&mut core).unwrap();
    assert_eq!(demo::load(&mut core).unwrap_err().kind(), "AlreadySetUp");
    let citizens = core.citizens().unwrap();
    assert_eq!(citizens.len(), 8);
    let today = core.today();
    let statuses: Vec<_> = citizens
        .iter()
        .map(|c| {
            core.check_consent(c, today)
                .err()
                .map(|e| e.kind().as_str())
        })
        .collect();
    assert_eq!(statuses.iter().filter(|s| s.is_none()).count(), 6);
    assert!(statuses.contains(&Some("ConsentMissing")));
    assert!(statuses.contains(&Some("ConsentWithdrawn")));
    let meetings = core.meetings().unwrap();
    assert_eq!(
        meetings
            .iter()
            .filter(|m| m.status == MeetingStatus::Closed)
            .count(),
        3
    );
    let upcoming: Vec<_> = meetings
        .iter()
        .filter(|m| m.starts_at > core.now())
        .collect();
    assert_eq!(upcoming.len(), 1);
    for m in &meetings {
        assert!(core.meeting_theme(m).unwrap().is_some(), "a year of themes");
    }
    let fixed = core
        .participants()
        .unwrap()
        .into_iter()
        .filter(|p| p.fixed)
        .count();
    assert_eq!(fixed, 7);
}

#[test]
fn direction_overrides_and_invisible_characters_in_names_are_refused() {
    let mut core = with_team();
    for name in ["Anna\u{202E}nesre", "An\u{200B}na", "\u{2067}Bo"] {
        let err = core
            .save_citizen(&CitizenInput {
                first_name: name.into(),
                last_name: "Hansen".into(),
                cpr: "010190-1234".into(),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.kind(), "InvalidValue", "{name:?}");
    }
    assert!(core.citizens().unwrap().is_empty());
}
