//! Opfølgning on the demo data: an overdue agreement of a citizen who is on no coming agenda,
//! and "Dine aftaler fra Fælles Team" per responsible and per organisation: an accessible,
//! archivable PDF with what, for whom (first name and initial) and by when, and no notes.

use crate::export::{assert_no_cpr, demo_core, squash, text, DEMO_CPRS};
use faelles_core::chair::{FollowUpFilter, FollowUpState};
use std::path::Path;

#[test]
fn the_demo_follow_up_and_the_letters_of_agreements() {
    let core = demo_core();
    let v = core.follow_up(&FollowUpFilter::default()).unwrap();
    let all: Vec<_> = v.rows().collect();
    // The first row is overdue: what needs acting on comes first.
    assert_eq!(all[0].state, FollowUpState::Overdue);
    let by = |what: &str| *all.iter().find(|r| r.what == what).unwrap();
    let overdue = by("Bestille tid til medicinsamtale");
    assert_eq!(overdue.state, FollowUpState::Overdue);
    assert_eq!(overdue.citizen_label, "Milla N.");
    assert_eq!(
        overdue.next_case_id, None,
        "Camilla (Milla) is not on the coming agenda"
    );
    let done = by("Hjælp til at bestille tid hos tandlægen");
    assert_eq!(done.state, FollowUpState::Done);
    assert_eq!(done.review.as_ref().unwrap().comment, "Tiden er bestilt");
    assert!(
        !all.iter()
            .any(|r| r.what == "Medicingennemgang hos egen læge"),
        "closed long ago"
    );

    let dir = faelles_tests::user_dir();
    let key = v
        .groups()
        .find(|g| {
            g.rows
                .iter()
                .any(|r| r.agreement_id == overdue.agreement_id)
        })
        .unwrap()
        .key
        .clone();
    let person = FollowUpFilter {
        responsible: Some(key),
        ..Default::default()
    };
    let org = FollowUpFilter {
        organisation: Some("Borgerservice".into()),
        ..Default::default()
    };
    for (filter, present, absent) in [
        (
            &person,
            vec!["Bestille tid til medicinsamtale", "Milla N.", "Overskredet"],
            vec!["Nørgaard", "Afdragsordning"],
        ),
        (
            &org,
            vec![
                "Afdragsordning på huslejerestancen",
                "Mikkel S.",
                "Ansvarlig",
            ],
            // Done between meetings: not in the letter.
            vec!["tandlægen", "Sørensen", "Medicinsamtale"],
        ),
    ] {
        let pdf = core.export_agreements_pdf(filter, dir.path()).unwrap();
        let path = Path::new(&pdf);
        assert!(pdf.ends_with(".pdf"), "{pdf}");
        let flat = squash(&text(path));
        assert!(flat.contains("Dine aftaler fra Fælles Team"), "{flat}");
        for p in present {
            assert!(flat.contains(p), "missing {p:?} in {flat}");
        }
        for a in absent {
            assert!(!flat.contains(a), "{a:?} in {flat}");
        }
        // No notes of the meetings (a section note of the demo's cases).
        assert!(!flat.contains("Medicinen er justeret"), "{flat}");
        assert_no_cpr(&flat, &DEMO_CPRS);
        let found = faelles_pdf::validate::all(&std::fs::read(path).unwrap(), path);
        assert!(found.problems.is_empty(), "{:#?}", found.problems);
    }
    // Neither a responsible nor an organisation: a clear refusal, no file.
    let before = std::fs::read_dir(dir.path()).unwrap().count();
    let e = core
        .export_agreements_pdf(&FollowUpFilter::default(), dir.path())
        .unwrap_err();
    assert_eq!(e.kind(), faelles_core::ErrorKind::InvalidValue);
    assert!(e.message_da().contains("ansvarlig"), "{}", e.message_da());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), before);
}
