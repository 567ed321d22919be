//! The report's figures against hand-computed values, and the CSV files read back.

use super::*;
use crate::run::{CitizenEvalInput, MeetingEvalInput};
use crate::testing::{at, Fx};
use proptest::prelude::*;

/// Five citizens; meeting A (1 June 2026) with all five, meeting B (29 June) with two,
/// meeting C (27 July) cancelled.
fn fixture() -> (Fx, [Meeting; 3], Vec<Id>, Vec<Id>) {
    let mut fx = Fx::builder()
        .citizens(5)
        .consent_from("2026-01-01")
        .now(at("2026-05-01T08:00:00Z"))
        .build();
    let (a, cases_a) = fx.meeting_with_cases("2026-06-01");
    let b = fx.meeting("2026-06-29");
    let cases_b = vec![fx.case(&b, 0), fx.case(&b, 1)];
    let c = fx.meeting("2026-07-27");
    fx.core.cancel_meeting(c.id, "Ferie").unwrap();
    (fx, [a, b, c], cases_a, cases_b)
}

fn answer(fx: &mut Fx, case: Id, att: Option<Attendance>, ans: [Answer; 3]) {
    fx.core.set_citizen_attendance(case, att).unwrap();
    // A citizen registered absent cannot answer (refused): nothing is recorded for them.
    if att == Some(Attendance::Absent) {
        return;
    }
    let input = CitizenEvalInput {
        involved: ans[0],
        ownership: ans[1],
        common_goals: ans[2],
        comment: String::new(),
    };
    fx.core.save_citizen_evaluation(case, &input).unwrap();
}

#[test]
fn figures_match_hand_computed_values() {
    use Answer::*;
    let (mut fx, [a, b, _], ka, kb) = fixture();
    fx.core.start_meeting(a.id).unwrap();
    let p = Some(Attendance::Present);
    answer(&mut fx, ka[0], p, [Yes, Yes, Partly]);
    answer(&mut fx, ka[1], p, [Yes, No, Yes]);
    answer(&mut fx, ka[2], Some(Attendance::Virtual), [Yes, Yes, Yes]);
    answer(&mut fx, ka[3], Some(Attendance::Absent), [Yes, Yes, Yes]); // absent: unanswered
                                                                       // ka[4]: attendance not registered, no answers.
    let eval = MeetingEvalInput {
        learning: "Husk samtykket.".into(),
        coherent: Some(Yes),
        ..MeetingEvalInput::default()
    };
    fx.core.save_meeting_evaluation(a.id, &eval).unwrap();
    fx.core.close_meeting(a.id).unwrap();
    fx.core.start_meeting(b.id).unwrap();
    answer(&mut fx, kb[0], p, [No, No, No]);
    fx.core.close_meeting(b.id).unwrap();

    let r = fx.core.report("2026-05-01", "2026-07-31").unwrap();
    assert_eq!((r.meetings_held, r.meetings_cancelled, r.cases), (2, 1, 7));
    assert_eq!(r.citizens.shown, "5");
    // Attendance over 7 cases: present 3 (ka0, ka1, kb0), virtual 1, absent 1, none 2.
    assert_eq!(r.attendance.present.shown, "3");
    assert_eq!(r.attendance.present.share, "42,9 %");
    assert_eq!(
        (
            r.attendance.virtual_.shown.as_str(),
            r.attendance.virtual_.share.as_str()
        ),
        ("<3", "")
    );
    assert_eq!(r.attendance.absent.shown, "<3");
    assert_eq!(r.attendance.not_registered.shown, "<3");
    // Involved, 7 cases: yes 3 (ka0, ka1, ka2), no 1 (kb0), unanswered 3 (ka3 absent,
    // ka4, kb1).
    let involved = &r.questions[0];
    assert_eq!(involved.key, "involved");
    assert_eq!(involved.overall.yes.shown, "3");
    assert_eq!(involved.overall.no.shown, "<3");
    assert_eq!(involved.overall.partly.shown, "0");
    assert_eq!(involved.overall.unanswered.shown, "3");
    assert_eq!(involved.overall.unanswered.share, "42,9 %");
    assert_eq!(involved.per_meeting.len(), 2);
    assert_eq!(involved.per_meeting[0].answers.yes.shown, "3");
    assert_eq!(involved.per_meeting[1].answers.no.shown, "<3");
    // Coherence: A yes, B not answered.
    assert_eq!(r.coherence.len(), 2);
    assert_eq!(r.coherence[0].answer, "Ja");
    assert_eq!(r.coherence[1].answer, "Ikke besvaret");
    assert_eq!(r.learning.len(), 1);
    assert_eq!(r.learning[0].text, "Husk samtykket.");
    assert_eq!(r.agreements.created, 0);
    assert_eq!(r.agreements.median_days_to_done, "–");
    // A single meeting.
    let one = fx.core.report("2026-06-29", "2026-06-29").unwrap();
    assert_eq!((one.meetings_held, one.cases), (1, 2));
    assert_eq!(one.questions[2].overall.no.shown, "<3");
}

#[test]
fn an_empty_range_and_all_unanswered_give_zeros_not_errors() {
    let (fx, ..) = fixture();
    let empty = fx.core.report("2020-01-01", "2020-12-31").unwrap();
    assert_eq!((empty.meetings_held, empty.cases), (0, 0));
    assert_eq!(empty.citizens.shown, "0");
    assert_eq!(empty.questions[0].overall.yes.share, "");
    assert!(empty.time_use.iter().all(|t| t.planned_avg == "–"));
    // Nothing answered: every case unanswered.
    let all = fx.core.report("2026-05-01", "2026-07-31").unwrap();
    assert_eq!(all.questions[1].overall.unanswered.shown, "7");
    assert_eq!(all.questions[1].overall.unanswered.share, "100,0 %");
    let e = fx.core.report("2026-07-31", "2026-05-01").unwrap_err();
    assert!(e.message_da().contains("før"));
}

#[test]
fn agreements_made_and_followed_up_with_the_median_days_to_done() {
    let (mut fx, [a, b, _], ka, kb) = fixture();
    let x = fx.agreement(ka[0], "Søge bolig", None, None);
    let y = fx.agreement(ka[0], "Ringe til jobcentret", None, None);
    fx.agreement(ka[1], "Lægetid", None, None);
    fx.core.start_meeting(a.id).unwrap();
    fx.core.close_meeting(a.id).unwrap();
    crate::testing::set_now(&fx.now, at("2026-06-29T11:00:00Z"));
    fx.core.start_meeting(b.id).unwrap();
    fx.core
        .review_agreement(kb[0], x, AgreementStatus::Done, "")
        .unwrap();
    fx.core
        .review_agreement(kb[0], y, AgreementStatus::Dropped, "")
        .unwrap();
    let r = fx.core.report("2026-05-01", "2026-07-31").unwrap();
    assert_eq!(r.agreements.created, 3);
    assert_eq!(
        (
            r.agreements.done,
            r.agreements.dropped,
            r.agreements.continued
        ),
        (1, 1, 0)
    );
    // Made 1 May 08:00 (the fixture's clock), done 29 June 11:00: 59,1 days.
    assert_eq!(r.agreements.median_days_to_done, "59,1");
}

fn read(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(
        text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'),
        "CRLF"
    );
    let mut r = ::csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&bytes[3..]);
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

#[test]
fn the_csv_files_open_as_danish_excel_expects_and_hold_no_name() {
    let (mut fx, [a, ..], ka, _) = fixture();
    fx.agreement(ka[0], "Søge bolig", None, None);
    fx.core.start_meeting(a.id).unwrap();
    answer(&mut fx, ka[0], Some(Attendance::Present), [Answer::Yes; 3]);
    fx.core.close_meeting(a.id).unwrap();
    let cases = cases_csv(&mut fx.core, "2026-05-01", "2026-07-31").unwrap();
    let (header, rows) = read(&cases);
    assert_eq!(header[..3], ["Mødedato", "Borgernøgle", "Fremmøde"]);
    assert_eq!(rows.len(), 7);
    assert_eq!(rows[0][0], "2026-06-01");
    assert!(rows[0][1].starts_with("B-") && rows[0][1].len() == 12);
    assert_eq!(rows[0][2..7], ["Til stede", "Ja", "Ja", "Ja", "1"]);
    assert_eq!(rows[1][6], "0");
    // The same citizen has the same key in both meetings; keys are stored.
    assert_eq!(rows[0][1], rows[5][1]);
    let again = read(&cases_csv(&mut fx.core, "2026-05-01", "2026-07-31").unwrap()).1;
    assert_eq!(again[0][1], rows[0][1]);
    let meetings = meetings_csv(&fx.core, "2026-05-01", "2026-07-31").unwrap();
    let (header, rows) = read(&meetings);
    assert_eq!(header[3], "Til stede");
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0][..4], ["2026-06-01", "Afholdt", "5", "<3"]);
    assert_eq!(rows[2][1], "Aflyst");
    for text in [&cases, &meetings] {
        let text = String::from_utf8_lossy(text);
        for name in [
            "Mikkel",
            "Sørensen",
            "Camilla",
            "Nørgaard",
            "Ahmad",
            "Haddad",
            "Borger3",
            "Hansen",
        ] {
            assert!(!text.contains(name), "{name} in {text}");
        }
        for cpr in crate::testing::CPRS {
            assert!(!text.contains(cpr) && !text.contains(&cpr.replace('-', "")));
        }
    }
}

#[test]
fn cells_a_spreadsheet_would_run_are_neutralised() {
    for (raw, out) in [
        ("=1+1", "'=1+1"),
        ("+4", "'+4"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("ok", "ok"),
    ] {
        assert_eq!(csv::cell(raw), out);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]
    /// Whatever the citizens are called and whatever their CPR numbers, neither is in the
    /// per-case CSV.
    #[test]
    fn no_name_or_cpr_in_the_csv(names in prop::collection::vec("[A-ZÆØÅ][a-zæøå]{3,10}", 3)) {
        let cprs = ["010170-1011", "120385-1117", "250179-1231"];
        let mut fx = Fx::builder().cprs(&cprs).consent_from("2026-01-01")
            .now(at("2026-05-01T08:00:00Z")).build();
        for (i, id) in fx.citizens.clone().iter().enumerate() {
            let mut c = fx.core.citizen(*id).unwrap();
            c.first_name = names[i].clone();
            fx.core.store_mut().write(|tx| crate::store::upsert_citizen(tx, &c)).unwrap();
        }
        fx.meeting_with_cases("2026-06-01");
        let bytes = cases_csv(&mut fx.core, "2026-05-01", "2026-07-31").unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for (i, name) in names.iter().enumerate() {
            prop_assert!(!text.contains(name.as_str()), "{} in {}", name, text);
            prop_assert!(!text.contains(cprs[i]) && !text.contains(&cprs[i].replace('-', "")));
            prop_assert!(!text.contains(&cprs[i][..6]));
        }
    }
}
