//! Each recipient gets only what is theirs (issue 29): an ad hoc participant's invitation,
//! calendar file and one-item agenda name their case only — no other citizen, no other
//! participant (but the coordinator, their contact), no CPR number; each file is recorded as
//! made for them, and the citizen's page lists it. A consent that does not cover them
//! refuses every letter; the minutes leave out a case whose consent does not cover the
//! organisations that receive them.

use super::{assert_no_cpr, case_of, demo_core, demo_meetings, squash, text, DEMO_CPRS};
use faelles_core::citizens::ConsentInput;
use faelles_core::domain::*;
use faelles_core::Core;
use icalendar::{parser, Component, EventLike};
use std::path::Path;

/// Every name of a person in the demo: citizens' first and last names, every participant's.
fn names(core: &Core) -> Vec<(Id, String)> {
    let mut out: Vec<(Id, String)> = Vec::new();
    for c in core.citizens().unwrap() {
        out.push((c.id, c.first_name.clone()));
        out.push((c.id, c.last_name.clone()));
    }
    for p in core.participants().unwrap() {
        out.push((p.id, p.name.clone()));
    }
    out
}

/// `text` names nobody of `names` but those whose id is in `allowed` (a last name shared
/// with an allowed person counts as theirs).
fn assert_names_only(text: &str, names: &[(Id, String)], allowed: &[Id], what: &str) {
    let allowed_names: Vec<&String> = names
        .iter()
        .filter(|(id, _)| allowed.contains(id))
        .map(|(_, n)| n)
        .collect();
    for (id, name) in names {
        if allowed.contains(id) || allowed_names.iter().any(|a| a.contains(name.as_str())) {
            continue;
        }
        assert!(
            !text.contains(name.as_str()),
            "{what} names {name}:\n{text}"
        );
    }
}

struct Setup {
    core: Core,
    case: Case,
    citizen: Citizen,
    gp: Participant,
    coordinator: Id,
}

/// The demo's coming meeting: Mikkel's case with his own doctor, Peter Holm.
fn setup() -> Setup {
    let core = demo_core();
    let upcoming = demo_meetings(&core)[3].clone();
    let case = case_of(&core, &upcoming, "Mikkel");
    let citizen = core.citizen(case.citizen_id).unwrap();
    let gp = core
        .participants()
        .unwrap()
        .into_iter()
        .find(|p| p.name == "Peter Holm")
        .unwrap();
    let coordinator = core.require_team().unwrap().coordinator_id.unwrap();
    Setup {
        core,
        case,
        citizen,
        gp,
        coordinator,
    }
}

#[test]
fn an_ad_hoc_invitation_and_agenda_name_only_their_case_and_are_accessible() {
    let Setup {
        mut core,
        case,
        citizen,
        gp,
        coordinator,
    } = setup();
    let dir = faelles_tests::user_dir();
    let all = names(&core);
    for (doc, title) in [
        (
            core.export_adhoc_invitation(case.id, gp.id, dir.path())
                .unwrap(),
            "Invitation til Fælles Team",
        ),
        (
            core.export_adhoc_agenda(case.id, gp.id, dir.path())
                .unwrap(),
            "Dagsorden for din del af Fælles Team",
        ),
    ] {
        let path = Path::new(&doc.path);
        let bytes = std::fs::read(path).unwrap();
        let found = faelles_pdf::validate::all(&bytes, path);
        assert!(found.problems.is_empty(), "{:#?}", found.problems);
        assert_eq!(doc.pages, 1);
        let t = text(path);
        let flat = squash(&t);
        assert!(flat.contains(title), "{flat}");
        assert!(flat.contains("Peter Holm"), "{flat}");
        assert!(flat.contains("Mikkel"), "{flat}");
        assert!(
            flat.contains(&core.case_slot(case.id).unwrap().label),
            "{flat}"
        );
        assert!(!flat.contains(&citizen.last_name), "the last name: {flat}");
        assert_names_only(&t, &all, &[gp.id, citizen.id, coordinator], title);
        assert_no_cpr(&t, &DEMO_CPRS);
        assert!(!doc.file_name.contains(char::is_numeric) || doc.file_name.starts_with("20"));
        assert_eq!(doc.record.recipient, Recipient::Participant);
        assert_eq!(doc.record.participant_id, Some(gp.id));
        println!("--- {}\n{t}", doc.file_name);
    }
}

#[test]
fn an_ad_hoc_calendar_file_holds_one_event_of_their_case_only() {
    let Setup {
        mut core,
        case,
        citizen,
        gp,
        coordinator,
    } = setup();
    let dir = faelles_tests::user_dir();
    let path = core
        .export_adhoc_calendar(case.id, gp.id, dir.path())
        .unwrap();
    let raw = std::fs::read_to_string(&path).unwrap();
    let unfolded = parser::unfold(&raw);
    let cal: icalendar::Calendar = parser::read_calendar(&unfolded).unwrap().into();
    let events: Vec<&icalendar::Event> = cal.events().collect();
    assert_eq!(events.len(), 1, "{raw}");
    let e = events[0];
    let summary = e.get_summary().unwrap().to_string();
    let about = e.get_description().unwrap().to_string();
    let place = e.get_location().unwrap_or_default().to_string();
    assert_eq!(summary, "Fælles Team – Mikkel");
    assert!(about.contains("sagen om Mikkel"), "{about}");
    assert!(about.contains("egen læge"), "{about}");
    let slot = core.case_slot(case.id).unwrap();
    match e.get_start() {
        Some(icalendar::DatePerhapsTime::DateTime(dt)) => {
            assert_eq!(dt.try_into_utc(), Some(slot.start))
        }
        other => panic!("not a date-time: {other:?}"),
    }
    let all = names(&core);
    let everything = format!("{summary}\n{about}\n{place}");
    assert_names_only(
        &everything,
        &all,
        &[gp.id, citizen.id, coordinator],
        "the event",
    );
    // The whole file, too (not only what the parser hands out).
    assert_names_only(
        &unfolded,
        &all,
        &[gp.id, citizen.id, coordinator],
        "the file",
    );
    assert_no_cpr(&unfolded, &DEMO_CPRS);
    let made = core.exports(case.meeting_id).unwrap();
    let rec = made
        .iter()
        .find(|r| r.kind == ExportKind::Calendar)
        .unwrap();
    assert_eq!(
        (rec.recipient, rec.participant_id, rec.case_id),
        (Recipient::Participant, Some(gp.id), Some(case.id))
    );
}

#[test]
fn the_citizen_s_page_lists_every_file_made_and_for_whom() {
    let Setup {
        mut core, case, gp, ..
    } = setup();
    let dir = faelles_tests::user_dir();
    core.export_invitation(case.id, dir.path()).unwrap();
    core.export_adhoc_invitation(case.id, gp.id, dir.path())
        .unwrap();
    core.export_adhoc_calendar(case.id, gp.id, dir.path())
        .unwrap();
    core.export_agenda(case.meeting_id, dir.path()).unwrap();
    let docs = faelles_core::chair::citizen_documents(&core, case.citizen_id).unwrap();
    let got: Vec<(String, String)> = docs
        .iter()
        .map(|d| (d.document.clone(), d.for_whom.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "Dagsorden til det faste team".into(),
                "Det faste team".into()
            ),
            (
                "Kalenderfil".into(),
                "Peter Holm (Praktiserende læge)".into()
            ),
            (
                "Invitation".into(),
                "Peter Holm (Praktiserende læge)".into()
            ),
            ("Invitation".into(), "Borgeren selv".into()),
        ] as [(String, String); 4]
    );
    // Another citizen of the same meeting sees the team's agenda, not Mikkel's letters.
    let emma = case_of(&core, &core.meeting(case.meeting_id).unwrap(), "Emma");
    let theirs = faelles_core::chair::citizen_documents(&core, emma.citizen_id).unwrap();
    assert_eq!(theirs.len(), 1, "{theirs:?}");
}

#[test]
fn a_consent_that_does_not_cover_a_recipient_refuses_their_letters_and_the_minutes_leave_the_case_out(
) {
    let Setup { mut core, case, .. } = setup();
    let dir = faelles_tests::user_dir();
    // Emma's consent names the fixed team only: her own doctor cannot be added, nor get a
    // letter, until a wider consent is registered.
    let upcoming = core.meeting(case.meeting_id).unwrap();
    let emma = case_of(&core, &upcoming, "Emma");
    let gp_input = faelles_core::team::MemberInput {
        role: "praktiserende_laege".into(),
        name: "Ida Lund".into(),
        fixed: false,
        ..Default::default()
    };
    let e = core.add_adhoc_participant(emma.id, &gp_input).unwrap_err();
    assert_eq!(e.kind(), "ConsentScope");
    assert!(
        e.message_da().contains("Praktiserende læge"),
        "{}",
        e.message_da()
    );
    let list = core.recipients_list(upcoming.id).unwrap();
    assert!(list.iter().any(|l| l.contains("Peter Holm")), "{list:?}");
    println!("Hvem får hvad?\n{}", list.join("\n"));
    // A participant whose kind a narrower consent no longer covers: refused everywhere.
    let mikkel = case.citizen_id;
    for c in core.consents(mikkel).unwrap() {
        core.withdraw_consent(c.id, "2026-11-01").unwrap();
    }
    core.add_consent(
        mikkel,
        &ConsentInput {
            given_on: "2026-11-02".into(),
            recipients: Some(vec!["kommunen".into()]),
            ..Default::default()
        },
    )
    .unwrap();
    let gp = setup().gp.id;
    let gp = core
        .participants()
        .unwrap()
        .into_iter()
        .find(|p| p.name == "Peter Holm")
        .map_or(gp, |p| p.id);
    for e in [
        core.export_adhoc_invitation(case.id, gp, dir.path())
            .map(|_| ()),
        core.export_adhoc_agenda(case.id, gp, dir.path())
            .map(|_| ()),
        core.export_adhoc_calendar(case.id, gp, dir.path())
            .map(|_| ()),
        core.export_extract(case.id, dir.path()).map(|_| ()),
    ] {
        assert_eq!(e.unwrap_err().kind(), "ConsentScope");
    }
    let list = core.recipients_list(upcoming.id).unwrap().join("\n");
    assert!(
        list.contains("Peter Holm (Praktiserende læge), sagen om Mikkel S.: intet"),
        "{list}"
    );
    assert!(list.contains("Uden sagen om Mikkel S."), "{list}");
    // The minutes go to kommunen and regionspsykiatrien: Mikkel's case is left out, marked.
    let out = core.export_minutes(upcoming.id, dir.path()).unwrap();
    let flat = squash(&text(Path::new(&out.path)));
    assert!(
        flat.contains("En borgersag er udeladt af referatet"),
        "{flat}"
    );
    assert!(flat.contains("Regionspsykiatrien"), "{flat}");
    assert!(!flat.contains("Mikkel Sørensen"), "{flat}");
    assert!(flat.contains("3.1 Emma Kirk"), "{flat}");
}
