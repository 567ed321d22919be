//! The privacy boundary: the citizen screen's view of a case never carries another citizen's
//! name, notes or agreements, and never a CPR number — over generated meetings.

use faelles_core::citizens::{CitizenInput, ConsentInput};
use faelles_core::domain::*;
use faelles_core::projection::{self, ScreenView};
use faelles_core::run::AgreementInput;
use faelles_core::testing::{at, Fx};
use faelles_core::Core;
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct GenCitizen {
    first: String,
    last: String,
    nick: Option<String>,
    cpr: String,
    notes: Vec<String>,
    agreement: String,
}

fn token() -> impl Strategy<Value = String> {
    "[a-zæøå]{6,12}"
}

fn cpr() -> impl Strategy<Value = String> {
    (1u32..=28, 1u32..=12, 0u32..=99, 0u32..=9999)
        .prop_map(|(d, m, y, s)| format!("{d:02}{m:02}{y:02}-{s:04}"))
}

fn citizens() -> impl Strategy<Value = Vec<GenCitizen>> {
    prop::collection::vec(
        (
            token(),
            token(),
            prop::option::of(token()),
            cpr(),
            prop::collection::vec(token(), 9),
            token(),
        ),
        2..7,
    )
    .prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (f, l, n, c, notes, a))| GenCitizen {
                // Index-tagged so that no generated string contains another's.
                first: format!("Fn{i}x{f}"),
                last: format!("Ln{i}x{l}"),
                nick: n.map(|n| format!("Nk{i}x{n}")),
                cpr: c,
                notes: notes.into_iter().map(|t| format!("Note{i}x{t}")).collect(),
                agreement: format!("Ag{i}x{a}"),
            })
            .collect()
    })
}

fn build(gen: &[GenCitizen]) -> (Core, Vec<Id>) {
    let mut fx = Fx::builder()
        .now(at("2026-06-01T08:00:00Z"))
        .citizens(0)
        .build();
    let m = fx.meeting("2026-06-02");
    let mut core = fx.core;
    let keys: Vec<String> = core
        .template()
        .sections
        .iter()
        .map(|s| s.key.clone())
        .collect();
    let mut cases = Vec::new();
    for g in gen {
        let c = match core.save_citizen(&CitizenInput {
            first_name: g.first.clone(),
            last_name: g.last.clone(),
            screen_name: g.nick.clone().unwrap_or_default(),
            cpr: g.cpr.clone(),
            active: true,
            consent: Some(ConsentInput {
                given_on: "2026-01-01".into(),
                ..Default::default()
            }),
            ..Default::default()
        }) {
            Ok(c) => c,
            // A generated CPR that repeats (or is not a real date) is refused: skip it.
            Err(e) => {
                assert!(
                    matches!(e.kind().as_str(), "DuplicateCpr" | "InvalidCpr"),
                    "{e}"
                );
                continue;
            }
        };
        let case = core.add_case(m.id, c.id).unwrap();
        core.set_citizen_attendance(case.id, Some(Attendance::Present))
            .unwrap();
        for (key, text) in keys.iter().zip(&g.notes) {
            core.save_section(case.id, key, text, 0).unwrap();
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
        // An unsaved draft of the last section: the screen shows drafts too.
        core.preview_section(
            case.id,
            "naeste_skridt",
            &format!("{} (kladde)", g.notes[8]),
            0,
        )
        .unwrap();
        cases.push(case.id);
    }
    (core, cases)
}

fn cpr_forms(cpr: &str) -> Vec<String> {
    let digits: String = cpr.chars().filter(|c| c.is_ascii_digit()).collect();
    vec![
        digits.clone(),
        format!("{}-{}", &digits[..6], &digits[6..]),
        format!("{}-****", &digits[..6]),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn screen_projection_never_contains_other_citizen_or_cpr(gen in citizens()) {
        let (core, cases) = build(&gen);
        let citizens = core.citizens().unwrap();
        for case_id in &cases {
            let case = core.case(*case_id).unwrap();
            let view = projection::for_case(&core, *case_id).unwrap();
            let json = serde_json::to_string(&view).unwrap();
            let own = citizens.iter().find(|c| c.id == case.citizen_id).unwrap();
            let own_gen = gen.iter().find(|g| g.first == own.first_name).unwrap();
            // Its own text is there (it is the citizen's case, live).
            prop_assert!(json.contains(&own_gen.notes[0]));
            prop_assert!(json.contains(&own_gen.agreement));
            prop_assert!(json.contains("(kladde)"));
            match &view {
                ScreenView::Case(c) => prop_assert_eq!(&c.first_name, own.display_first_name()),
                other => prop_assert!(false, "not a case view: {:?}", other),
            }
            for g in &gen {
                for form in cpr_forms(&g.cpr) {
                    prop_assert!(!json.contains(&form), "CPR {} in {}", form, json);
                }
                if g.first == own.first_name {
                    continue;
                }
                let mut foreign = vec![g.first.clone(), g.last.clone(), g.agreement.clone()];
                foreign.extend(g.nick.clone());
                foreign.extend(g.notes.iter().cloned());
                for s in foreign {
                    prop_assert!(!json.contains(&s), "{} leaked into {}", s, json);
                }
            }
        }
        // The neutral slide carries no citizen at all.
        let meeting = core.meetings().unwrap().pop().unwrap();
        let neutral = serde_json::to_string(&projection::neutral(&core, Some(&meeting)).unwrap()).unwrap();
        for g in &gen {
            prop_assert!(!neutral.contains(&g.first) && !neutral.contains(&g.last));
        }
    }
}

proptest! {
    // A keystroke is sent to the screen as an edit; applied the way screen.js applies it
    // (UTF-16 code units), it must give exactly the new text, whatever the characters.
    #[test]
    fn screen_text_edit_applied_in_utf16_gives_the_new_text(
        old in "[a-zæøå \n😀é\u{301}]{0,40}",
        new in "[a-zæøå \n😀é\u{301}]{0,40}",
    ) {
        let e = projection::text_edit("k", &old, &new);
        prop_assert_eq!(projection::apply_edit(&old, &e), Some(new.clone()));
        prop_assert!(e.ins.chars().count() <= new.chars().count());
    }
}

/// "Med i dag" names each person with the plain words of the template's role for the citizen
/// ("fra rusmiddelbehandlingen", "egen læge"), not the organisations' titles.
#[test]
fn screen_names_who_is_present_in_plain_words() {
    let mut fx = Fx::builder().now(at("2026-06-01T08:00:00Z")).build();
    let (_, cases) = fx.meeting_with_cases("2026-06-02");
    let mut core = fx.core;
    core.add_adhoc_participant(
        cases[0],
        &faelles_core::team::MemberInput {
            role: "praktiserende_laege".into(),
            name: "Ib Holm".into(),
            fixed: false,
            ..Default::default()
        },
    )
    .unwrap();
    // "Med i dag" lists those registered present or virtual.
    for p in core.case_detail(cases[0]).unwrap().participants {
        core.set_case_participant_attendance(cases[0], p.participant_id, Some(Attendance::Present))
            .unwrap();
    }
    let ScreenView::Case(v) = projection::for_case(&core, cases[0]).unwrap() else {
        panic!("not a case view");
    };
    let roles: Vec<(&str, &str)> = v
        .present
        .iter()
        .map(|p| (p.name.as_str(), p.role.as_str()))
        .collect();
    for want in [
        ("Lars Bundgaard", "fra rusmiddelbehandlingen"),
        ("Mette Vestergaard", "fra psykiatrien"),
        ("Hanne Kjær", "leder mødet"),
        ("Ib Holm", "egen læge"),
    ] {
        assert!(roles.contains(&want), "{want:?} not in {roles:?}");
    }
    assert!(
        !roles
            .iter()
            .any(|(_, r)| r.contains("Klinik") || r.contains("Mødeleder")),
        "{roles:?}"
    );
}

/// "Siden sidst" on the screen: last time's "Næste skridt" and how each carried-over agreement
/// went, in plain words, as the chair marks it (here or in Opfølgning); no review comments
/// and nothing of another citizen.
#[test]
fn screen_shows_the_review_of_carried_over_agreements_and_last_next_steps() {
    let mut fx = Fx::builder().now(at("2026-02-01T08:00:00Z")).build();
    let (_, first) = fx.meeting_with_cases("2026-03-03");
    let (_, second) = fx.meeting_with_cases("2026-03-31");
    let made = |fx: &mut Fx, case, what: &str| fx.agreement(case, what, Some(Who::Citizen), None);
    let done = made(&mut fx, first[0], "Søge boligstøtte");
    let goes_on = made(&mut fx, first[0], "Gå til tandlæge");
    made(&mut fx, first[0], "Prøve værestedet");
    let later = made(&mut fx, first[0], "Ringe til bostøtten");
    made(&mut fx, first[1], "Andens aftale");
    let core = &mut fx.core;
    core.save_section(first[0], "naeste_skridt", "Vi ses om fire uger.", 0)
        .unwrap();
    core.review_agreement(
        second[0],
        done,
        AgreementStatus::Done,
        "Bevilget af kommunen",
    )
    .unwrap();
    core.review_agreement(second[0], goes_on, AgreementStatus::Continues, "")
        .unwrap();
    // Marked between meetings in Opfølgning: the review is the next case's.
    core.follow_up_agreement(later, AgreementStatus::Dropped, "")
        .unwrap();
    let ScreenView::Case(v) = projection::for_case(core, second[0]).unwrap() else {
        panic!("not a case view");
    };
    let r = &v.review;
    assert_eq!(r.next_steps.as_deref(), Some("Vi ses om fire uger."));
    assert_eq!(
        r.next_steps_label.as_deref(),
        Some("Næste skridt fra tirsdag den 3. marts 2026")
    );
    let items: Vec<(&str, AgreementStatus, &str)> = r
        .items
        .iter()
        .map(|i| (i.what.as_str(), i.state, i.state_label.as_str()))
        .collect();
    assert_eq!(
        items,
        [
            ("Søge boligstøtte", AgreementStatus::Done, "Klaret"),
            (
                "Gå til tandlæge",
                AgreementStatus::Continues,
                "Vi arbejder videre"
            ),
            (
                "Prøve værestedet",
                AgreementStatus::Open,
                "Vi taler om den i dag"
            ),
            ("Ringe til bostøtten", AgreementStatus::Dropped, "Droppet"),
        ]
    );
    let json = serde_json::to_string(&v).unwrap();
    assert!(!json.contains("Bevilget"), "a review comment on screen");
    assert!(
        !json.contains("Andens aftale"),
        "another citizen's agreement"
    );
    // The first meeting has nothing from before: an empty review.
    let ScreenView::Case(v) = projection::for_case(core, first[0]).unwrap() else {
        panic!("not a case view");
    };
    assert!(v.review.items.is_empty() && v.review.next_steps.is_none());
}
