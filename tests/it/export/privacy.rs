//! Privacy: a citizen's file never holds another citizen or a CPR number (a property test),
//! and a withdrawn consent stops every use of the case.

use super::{assert_no_cpr, case_of, demo_core, demo_meetings, text};
use faelles_core::citizens::{CitizenInput, ConsentInput};
use faelles_core::domain::*;
use faelles_core::export::Exported;
use faelles_core::run::{AgreementInput, CitizenEvalInput, MeetingEvalInput};
use faelles_core::testing::{at, Fx};
use faelles_core::Core;
use proptest::prelude::*;
use std::path::Path;

/// A fictional citizen for the property test: names from a pool, unique marker words.
#[derive(Debug, Clone)]
struct Gen {
    first: String,
    last: String,
    cpr: String,
    note: String,
    agreement: String,
}

fn cpr_strategy() -> impl Strategy<Value = String> {
    (1u32..=28, 1u32..=12, 0u32..=99, 0u32..=9999)
        .prop_map(|(d, m, y, s)| format!("{d:02}{m:02}{y:02}-{s:04}"))
}

const FIRST: [&str; 8] = [
    "Mikkel", "Camilla", "Ahmad", "Louise", "Thomas", "Emma", "Bjørn", "Åse",
];

const LAST: [&str; 8] = [
    "Sørensen",
    "Nørgaard",
    "Haddad",
    "Frost",
    "Ravn",
    "Kirk",
    "Ødegaard",
    "Bech",
];

fn citizens_strategy() -> impl Strategy<Value = Vec<Gen>> {
    (
        // Distinct names per meeting.
        Just((0..FIRST.len()).collect::<Vec<usize>>()).prop_shuffle(),
        proptest::collection::vec((cpr_strategy(), "[a-zæøå ]{0,40}"), 2..5),
    )
        .prop_map(|(idx, people)| {
            people
                .into_iter()
                .enumerate()
                .map(|(i, (cpr, filler))| Gen {
                    first: FIRST[idx[i]].into(),
                    last: LAST[idx[i]].into(),
                    cpr,
                    note: format!("Hemmelighed{i}x {filler} slut{i}x"),
                    agreement: format!("Opgave{i}x"),
                })
                .collect()
        })
}

fn private_meeting(people: &[Gen]) -> Option<(Core, Vec<Id>, Meeting)> {
    let mut fx = Fx::builder()
        .now(at("2026-11-10T09:00:00Z"))
        .citizens(0)
        .build();
    let m = fx.meeting("2026-11-24");
    let mut core = fx.core;
    let mut cases = Vec::new();
    for g in people {
        // Generated CPR numbers may repeat or be impossible dates: skip such draws.
        let c = core
            .save_citizen(&CitizenInput {
                first_name: g.first.clone(),
                last_name: g.last.clone(),
                cpr: g.cpr.clone(),
                active: true,
                consent: Some(ConsentInput {
                    given_on: "2026-01-05".into(),
                    ..Default::default()
                }),
                ..Default::default()
            })
            .ok()?;
        let case = core.add_case(m.id, c.id).unwrap();
        for key in ["vigtigste", "naeste_skridt"] {
            core.save_section(case.id, key, &g.note, 0).unwrap();
        }
        core.save_agreement(
            case.id,
            &AgreementInput {
                what: g.agreement.clone(),
                who: Some(Who::Citizen),
                due: Some(Due::NextMeeting),
                ..Default::default()
            },
        )
        .unwrap();
        core.set_citizen_attendance(case.id, Some(Attendance::Present))
            .unwrap();
        core.save_citizen_evaluation(
            case.id,
            &CitizenEvalInput {
                comment: format!("Kommentar fra {}", g.first),
                ..Default::default()
            },
        )
        .unwrap();
        cases.push(case.id);
    }
    core.save_meeting_evaluation(m.id, &MeetingEvalInput::default())
        .unwrap();
    Some((core, cases, m))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// The citizen's file holds no other citizen's name or text and no CPR number, in the
    /// extracted text, in the file name and in the raw bytes.
    #[test]
    fn citizen_file_never_contains_another_citizen_or_a_cpr_number(people in citizens_strategy()) {
        let Some((mut core, cases, meeting)) = private_meeting(&people) else {
            return Ok(());
        };
        let dir = faelles_tests::user_dir();
        let cprs: Vec<&str> = people.iter().map(|g| g.cpr.as_str()).collect();
        for (i, case_id) in cases.iter().enumerate() {
            let doc = core.citizen_summary_document(*case_id).unwrap();
            let out: Exported = core.export_citizen_summary(*case_id, dir.path()).unwrap();
            let t = text(Path::new(&out.path));
            let me = &people[i];
            let mine = format!("Hemmelighed{i}x");
            prop_assert!(t.contains(&me.first) && t.contains(&mine));
            prop_assert!(t.contains(&me.agreement));
            let doc_text = format!("{doc:?}");
            for (j, other) in people.iter().enumerate().filter(|(j, _)| *j != i) {
                for needle in [
                    other.first.clone(),
                    other.last.clone(),
                    format!("Hemmelighed{j}x"),
                    format!("slut{j}x"),
                    other.agreement.clone(),
                ] {
                    prop_assert!(!t.contains(&needle), "{needle} in {}'s file:\n{t}", me.first);
                    prop_assert!(!doc_text.contains(&needle), "{needle} in the document");
                    prop_assert!(!out.file_name.contains(&needle));
                }
            }
            assert_no_cpr(&t, &cprs);
            assert_no_cpr(&doc_text, &cprs);
            let stem = out.file_name.trim_start_matches("2026-11-24 ");
            prop_assert!(!stem.chars().any(|c| c.is_ascii_digit()), "{}", out.file_name);
        }
        // The minutes name every citizen but never a CPR number.
        let out = core.export_minutes(meeting.id, dir.path()).unwrap();
        let t = text(Path::new(&out.path));
        for g in &people {
            let name = format!("{} {}", g.first, g.last);
            prop_assert!(t.contains(&name));
        }
        assert_no_cpr(&t, &cprs);
    }
}

/// Consent is checked at every use: after a withdrawal the case cannot be shown on the
/// screen, its agenda item opened, its summary or invitation made — and nothing written
/// is deleted.
#[test]
fn a_withdrawn_consent_stops_every_use_of_the_case_and_keeps_its_notes() {
    let mut core = demo_core();
    let upcoming = demo_meetings(&core)[3].clone();
    let emma = case_of(&core, &upcoming, "Emma");
    core.save_section(emma.id, "vigtigste", "Skrevet før tilbagekaldelsen", 0)
        .unwrap();
    let citizen = core.citizen(emma.citizen_id).unwrap();
    for consent in core.consents(citizen.id).unwrap() {
        core.withdraw_consent(consent.id, "2026-11-01").unwrap();
    }
    let dir = faelles_tests::user_dir();
    let refused = |r: faelles_core::Result<()>| {
        let e = r.unwrap_err();
        assert_eq!(e.kind(), faelles_core::ErrorKind::ConsentWithdrawn);
        assert!(e.message_da().contains("trukket sit samtykke tilbage"));
    };
    refused(faelles_core::projection::for_case(&core, emma.id).map(|_| ()));
    refused(core.export_citizen_summary(emma.id, dir.path()).map(|_| ()));
    refused(core.export_invitation(emma.id, dir.path()).map(|_| ()));
    refused(core.case_calendar(emma.id).map(|_| ()));
    refused(
        core.goto_item(upcoming.id, &faelles_core::run::case_key(emma.id))
            .map(|_| ()),
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no file written"
    );
    let kept = core.case_detail(emma.id).unwrap();
    assert!(kept
        .sections
        .iter()
        .any(|s| s.note.text == "Skrevet før tilbagekaldelsen"));
}
