//! The report's figures against hand-computed values, and the CSV files read back.

use super::suppress::{self, HIDDEN};
use super::*;
use crate::export::{cases_csv, csv, meetings_csv};
use crate::run::MeetingEvalInput;
use crate::testing::{at, set_now, Fx};
use proptest::prelude::*;

/// Sets the citizen's attendance and stores their answers (`None`: no evaluation) as the
/// store holds them, whatever the meeting's state.
fn answer(fx: &mut Fx, case: Id, att: Option<Attendance>, ans: Option<[Answer; 3]>) {
    let mut k = fx.core.case(case).unwrap();
    k.citizen_attendance = att;
    fx.core
        .store_mut()
        .write(|tx| {
            store::upsert_case(tx, &k)?;
            if let Some(a) = ans {
                store::upsert_citizen_evaluation(
                    tx,
                    &CitizenEvaluation {
                        case_id: case,
                        involved: a[0],
                        ownership: a[1],
                        common_goals: a[2],
                        experience: None,
                        coherence: None,
                        comment: String::new(),
                        recorded_at: at("2026-05-01T08:00:00Z"),
                    },
                )?;
            }
            Ok(())
        })
        .unwrap();
}

/// A table as shown: one line per row, "label: cells… | total".
fn shown(t: &CountTable) -> Vec<String> {
    t.rows
        .iter()
        .map(|r| {
            let cells: Vec<String> = r.cells.iter().map(|c| c.shown.clone()).collect();
            format!("{}: {} | {}", r.label, cells.join(" "), r.total.shown)
        })
        .collect()
}

const P: Option<Attendance> = Some(Attendance::Present);
const V: Option<Attendance> = Some(Attendance::Virtual);
const A: Option<Attendance> = Some(Attendance::Absent);

/// Seven citizens. Held: A (1 June 2026, citizens 0-5) and B (29 June, citizens 0-2). Not
/// held: C (6 July, cancelled), R (13 July, running), P (27 July, planned; citizen 6 is only
/// there): each with cases, attendance, answers and an agreement of its own, R with an
/// evaluation and a clock.
fn held_and_not_held() -> Fx {
    use Answer::*;
    let mut fx = Fx::builder()
        .citizens(7)
        .consent_from("2026-01-01")
        .now(at("2026-05-01T08:00:00Z"))
        .build();
    let a = fx.meeting("2026-06-01");
    let ka: Vec<Id> = (0..6).map(|i| fx.case(&a, i)).collect();
    let b = fx.meeting("2026-06-29");
    let kb: Vec<Id> = (0..3).map(|i| fx.case(&b, i)).collect();
    let c = fx.meeting("2026-07-06");
    let kc: Vec<Id> = (3..5).map(|i| fx.case(&c, i)).collect();
    let r = fx.meeting("2026-07-13");
    let kr = vec![fx.case(&r, 0), fx.case(&r, 5)];
    let p = fx.meeting("2026-07-27");
    let kp = vec![fx.case(&p, 1), fx.case(&p, 6)];

    // A: made at the clock's 1 May 08:00.
    let x = fx.agreement(ka[0], "Søge bolig", None, None);
    let y = fx.agreement(ka[0], "Ringe til jobcentret", None, None);
    let z = fx.agreement(ka[1], "Lægetid", None, None);
    fx.core.start_meeting(a.id).unwrap();
    answer(&mut fx, ka[0], P, Some([Yes, Yes, Yes]));
    answer(&mut fx, ka[1], P, Some([Yes, Partly, Yes]));
    answer(&mut fx, ka[2], P, Some([Yes, Yes, No]));
    answer(&mut fx, ka[3], V, Some([Partly, Yes, Yes]));
    answer(&mut fx, ka[4], A, None);
    // ka[5]: attendance not registered, no answers.
    let eval = MeetingEvalInput {
        learning: "Husk samtykket.".into(),
        coherent: Some(Yes),
        ..MeetingEvalInput::default()
    };
    fx.core.save_meeting_evaluation(a.id, &eval).unwrap();
    crate::testing::advance(&fx.now, chrono::Duration::minutes(7));
    fx.core.close_meeting(a.id).unwrap();

    // B, 29 June 11:00: x done, y dropped, z continues; w made.
    set_now(&fx.now, at("2026-06-29T11:00:00Z"));
    fx.core.start_meeting(b.id).unwrap();
    answer(&mut fx, kb[0], P, Some([Yes, Yes, Yes]));
    answer(&mut fx, kb[1], P, Some([Yes, No, Yes]));
    answer(&mut fx, kb[2], P, Some([Yes, Yes, Yes]));
    let review = |fx: &mut Fx, case, id, s| {
        fx.core.review_agreement(case, id, s, "").unwrap();
    };
    review(&mut fx, kb[0], x, AgreementStatus::Done);
    review(&mut fx, kb[0], y, AgreementStatus::Dropped);
    review(&mut fx, kb[1], z, AgreementStatus::Continues);
    fx.agreement(kb[2], "Ny aftale på B", None, None);
    crate::testing::advance(&fx.now, chrono::Duration::minutes(4));
    fx.core.close_meeting(b.id).unwrap();

    // C: cases with everything, then cancelled.
    for k in &kc {
        answer(&mut fx, *k, P, Some([No, No, No]));
        fx.agreement(*k, "På et aflyst møde", None, None);
    }
    fx.core.cancel_meeting(c.id, "Sygdom").unwrap();

    // R, 13 July: running, with answers, an agreement, an evaluation and half an hour on
    // its clock.
    set_now(&fx.now, at("2026-07-13T11:00:00Z"));
    fx.core.start_meeting(r.id).unwrap();
    for k in &kr {
        answer(&mut fx, *k, A, Some([No, No, No]));
        fx.agreement(*k, "På et møde i gang", None, None);
    }
    let eval = MeetingEvalInput {
        learning: "Fra et møde i gang.".into(),
        coherent: Some(No),
        ..MeetingEvalInput::default()
    };
    fx.core.save_meeting_evaluation(r.id, &eval).unwrap();
    crate::testing::advance(&fx.now, chrono::Duration::minutes(30));

    // P, planned: answers stored ahead, an agreement, and z marked done in its case on
    // 20 July 10:00 (as Opfølgning does: the review of the citizen's next case).
    set_now(&fx.now, at("2026-07-20T10:00:00Z"));
    for k in &kp {
        answer(&mut fx, *k, V, Some([Partly, Partly, Partly]));
        fx.agreement(*k, "På et planlagt møde", None, None);
    }
    review(&mut fx, kp[0], z, AgreementStatus::Done);
    fx
}

/// The required report of a range holding a planned, a running and a cancelled meeting:
/// none of their cases, attendance, answers, evaluations, agreements or clocks is counted.
/// Every expected value below is computed by hand from `held_and_not_held`.
#[test]
fn a_report_counts_only_the_held_meetings_and_names_the_others() {
    let fx = held_and_not_held();
    let r = fx.core.report("2026-05-01", "2026-07-31").unwrap();
    assert_eq!((r.meetings_held, r.meetings_cancelled), (2, 1));
    // A's 6 cases + B's 3; not C's, R's or P's 2 each; citizens 0-5, not P's citizen 6.
    assert_eq!(r.cases.shown, "9");
    assert_eq!(r.citizens.shown, "6");
    assert_eq!(
        r.excluded_note,
        "1 planlagt møde og 1 igangværende møde i perioden er ikke talt med, fordi de ikke er \
         holdt og lukket endnu: 13. juli 2026 (i gang), 27. juli 2026 (planlagt)."
    );
    assert_eq!(r.excluded.len(), 2);
    assert_eq!(r.suppression_rule, suppress::RULE);

    // Attendance: A [3 present, 1 virtual, 1 absent, 1 not registered], B [3, 0, 0, 0].
    // The three 1s hide in A and in I alt; each line then holds 3 hidden: nothing more.
    assert_eq!(
        shown(&r.attendance),
        [
            "I alt: 6 skjult skjult skjult | 9",
            "1. juni 2026: 3 skjult skjult skjult | 6",
            "29. juni 2026: 3 0 0 0 | 3",
        ]
    );
    assert_eq!(r.attendance.rows[0].cells[0].share, "66,7 %");
    assert_eq!(r.attendance.rows[0].bar, [6, 0, 0, 0, 3]);
    // Involved: A [3 yes, 1 partly, 0, 2 unanswered (absent, not registered)], B [3, 0, 0, 0].
    let q = &r.questions;
    assert_eq!(q[0].key, "involved");
    assert_eq!(
        shown(&q[0]),
        [
            "I alt: 6 skjult 0 skjult | 9",
            "1. juni 2026: 3 skjult 0 skjult | 6",
            "29. juni 2026: 3 0 0 0 | 3",
        ]
    );
    // Ownership: A [3, 1, 0, 2], B [2, 0, 1, 0]. B's 2 "Ja" hides, so A's 3 "Ja" hides
    // too (else 5 − 3 = 2); I alt's 5 "Ja" stays (1 + 1 + 2 beside it are hidden).
    assert_eq!(
        shown(&q[1]),
        [
            "I alt: 5 skjult skjult skjult | 9",
            "1. juni 2026: skjult skjult 0 skjult | 6",
            "29. juni 2026: skjult 0 skjult 0 | 3",
        ]
    );
    assert_eq!(q[1].rows[0].cells[0].share, "55,6 %");
    assert_eq!(q[1].rows[1].bar, [0, 0, 0, 0, 6]);
    // Common goals: A [3, 0, 1, 2], B [3, 0, 0, 0].
    assert_eq!(
        shown(&q[2]),
        [
            "I alt: 6 0 skjult skjult | 9",
            "1. juni 2026: 3 0 skjult skjult | 6",
            "29. juni 2026: 3 0 0 0 | 3",
        ]
    );

    // The professionals: A yes, B not answered; R's "Nej" and learning point are not counted.
    let c: Vec<(&str, &str)> = r
        .coherence
        .iter()
        .map(|c| (c.date_label.as_str(), c.answer.as_str()))
        .collect();
    assert_eq!(
        c,
        [("1. juni 2026", "Ja"), ("29. juni 2026", "Ikke besvaret")]
    );
    assert_eq!(r.coherence_overall.bar, [1, 0, 0, 1, 0]);
    assert_eq!(r.coherence_overall.cells[0].share, "50,0 %");
    let learning: Vec<&str> = r.learning.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(learning, ["Husk samtykket."]);

    // Agreements made in A and B: x (done 29 June 11:00), y (dropped), z (continued in B,
    // done in P's case 20 July 10:00), w (open). Days to done: x 59 d 3 h = 59,125;
    // z 80 d 2 h = 80,083; median 69,6.
    let g = &r.agreements;
    assert_eq!(
        (g.created, g.done, g.dropped, g.continued, g.open),
        (4, 2, 1, 0, 1)
    );
    assert_eq!(g.median_days_to_done, "69,6");
    assert_eq!(g.counted, AGREEMENTS_COUNTED);

    // Clocks: A 7 min and B 4 min on "Velkomst" (planned 5): R's 30 minutes are not counted.
    let welcome = &r.time_use[0];
    assert_eq!(
        (
            welcome.meetings,
            welcome.planned_avg.as_str(),
            welcome.actual_avg.as_str(),
            welcome.overruns
        ),
        (2, "5,0", "5,5", 1)
    );
}

/// The same range's CSV files: the per-case file holds the 9 cases of A and B only; the
/// per-meeting file shows what the report shows, a hidden count as an empty cell named in
/// `Skjult`, and the other meetings without figures.
#[test]
fn the_csv_files_count_the_held_meetings_and_leave_hidden_cells_empty() {
    let mut fx = held_and_not_held();
    let (_, cases) = read(&cases_csv(&mut fx.core, "2026-05-01", "2026-07-31").unwrap());
    let dates: Vec<&str> = cases.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        dates,
        [["2026-06-01"; 6].as_slice(), &["2026-06-29"; 3]].concat()
    );
    assert_eq!(cases[0][6], "2", "x and y made in A's first case");
    let (header, rows) = read(&meetings_csv(&fx.core, "2026-05-01", "2026-07-31").unwrap());
    assert_eq!(header.len(), 23);
    assert_eq!(header[2], "Sager");
    assert_eq!(header[22], "Skjult");
    let figures = |row: &[String]| row[2..19].join(";");
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[0][1], "Afholdt");
    assert_eq!(figures(&rows[0]), "6;3;;;;3;;0;;;;0;;3;0;;");
    assert_eq!(
        rows[0][22],
        "Virtuelt, Fraværende, Ikke registreret, Inddraget: Delvist, Inddraget: Ikke besvaret, \
         Eget forløb: Ja, Eget forløb: Delvist, Eget forløb: Ikke besvaret, Fælles mål: Nej, \
         Fælles mål: Ikke besvaret"
    );
    assert_eq!(figures(&rows[1]), "3;3;0;0;0;3;0;0;0;;0;;0;3;0;0;0");
    assert_eq!(rows[1][22], "Eget forløb: Ja, Eget forløb: Nej");
    assert_eq!(
        (rows[1][19].as_str(), rows[1][21].as_str()),
        ("Ikke besvaret", "4,0")
    );
    assert!(rows[1][20].parse::<u32>().is_ok());
    for (row, status) in rows[2..].iter().zip([
        "Aflyst",
        "I gang (ikke talt med)",
        "Planlagt (ikke talt med)",
    ]) {
        assert_eq!(row[1], status);
        assert!(row[2..].iter().all(String::is_empty), "{row:?}");
    }
    // Number columns hold numbers or nothing.
    for row in &rows {
        for cell in &row[2..19] {
            assert!(cell.is_empty() || cell.parse::<u32>().is_ok(), "{cell:?}");
        }
    }
}

/// The demo data with the range up to its planned meeting: the tester's report of issue 25.
/// «3 møder holdt» and 9 cases (not 11), the planned meeting named, and the «Ja» of
/// «Inddraget» (8 of 9) hidden beside the hidden 1: 9 − 8 no longer gives it away.
#[test]
fn the_demo_report_up_to_the_planned_meeting_counts_nine_cases() {
    let (mut core, _now) = Fx::builder().now(at("2026-11-10T09:00:00Z")).core();
    crate::demo::load(&mut core).unwrap();
    let meetings = core.meetings().unwrap();
    let planned = meetings
        .iter()
        .find(|m| m.status == MeetingStatus::Planned)
        .unwrap();
    let to = calendar::local(planned.starts_at).date_naive().to_string();
    let r = core.report("2026-01-01", &to).unwrap();
    assert_eq!((r.meetings_held, r.cases.shown.as_str()), (3, "9"));
    assert!(
        r.excluded_note
            .starts_with("1 planlagt møde i perioden er ikke talt med")
            && r.excluded_note.contains(&date_label(planned)),
        "{}",
        r.excluded_note
    );
    let involved = &r.questions[0].rows[0];
    assert_eq!(involved.total.shown, "9");
    assert_eq!(involved.cells[0].shown, HIDDEN, "the 8 beside the 1");
    assert_eq!(involved.cells[3].shown, HIDDEN);
    assert_eq!(involved.bar, [0, 0, 0, 0, 9], "drawn: one grey bar of 9");
    // Not a single "Ikke registreret" in the attendance of the held meetings.
    assert_eq!(r.attendance.rows[0].cells[3].shown, "0");
}

#[test]
fn an_empty_range_and_all_unanswered_give_zeros_not_errors() {
    let mut fx = Fx::builder()
        .citizens(5)
        .consent_from("2026-01-01")
        .now(at("2026-05-01T08:00:00Z"))
        .build();
    let (a, _) = fx.meeting_with_cases("2026-06-01");
    fx.core.start_meeting(a.id).unwrap();
    fx.core.close_meeting(a.id).unwrap();
    let empty = fx.core.report("2020-01-01", "2020-12-31").unwrap();
    assert_eq!((empty.meetings_held, empty.cases.shown.as_str()), (0, "0"));
    assert_eq!(empty.citizens.shown, "0");
    assert_eq!(empty.questions[0].rows.len(), 1, "I alt only");
    assert_eq!(empty.questions[0].rows[0].cells[0].share, "");
    assert!(empty.excluded_note.is_empty());
    assert!(empty.time_use.iter().all(|t| t.planned_avg == "–"));
    assert_eq!(empty.agreements.median_days_to_done, "–");
    // Nothing answered: every case unanswered.
    let all = fx.core.report("2026-05-01", "2026-07-31").unwrap();
    assert_eq!(
        shown(&all.questions[1]),
        ["I alt: 0 0 0 5 | 5", "1. juni 2026: 0 0 0 5 | 5"]
    );
    assert_eq!(all.questions[1].rows[0].cells[3].share, "100,0 %");
    let e = fx.core.report("2026-07-31", "2026-05-01").unwrap_err();
    assert!(e.message_da().contains("før"));
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
    let mut fx = Fx::builder()
        .citizens(5)
        .consent_from("2026-01-01")
        .now(at("2026-05-01T08:00:00Z"))
        .build();
    let (a, ka) = fx.meeting_with_cases("2026-06-01");
    let b = fx.meeting("2026-06-29");
    fx.case(&b, 0);
    fx.agreement(ka[0], "Søge bolig", None, None);
    fx.core.start_meeting(a.id).unwrap();
    answer(&mut fx, ka[0], P, Some([Answer::Yes; 3]));
    fx.core.close_meeting(a.id).unwrap();
    fx.core.start_meeting(b.id).unwrap();
    fx.core.close_meeting(b.id).unwrap();
    let cases = cases_csv(&mut fx.core, "2026-05-01", "2026-07-31").unwrap();
    let (header, rows) = read(&cases);
    assert_eq!(header[..3], ["Mødedato", "Borgernøgle", "Fremmøde"]);
    assert_eq!(rows.len(), 6);
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
    assert_eq!(rows.len(), 2);
    // A: 1 present, 4 not registered; B: 1 case. The 1s hide, and so do A's 4 and A's 5
    // cases (else 5 − 1 and 6 − 1 would give them away).
    assert_eq!(rows[0][..4], ["2026-06-01", "Afholdt", "", ""]);
    assert_eq!(rows[0][6], "");
    assert_eq!(rows[1][..4], ["2026-06-29", "Afholdt", "", "0"]);
    assert!(rows[0][22].starts_with("Sager, Til stede, Ikke registreret"));
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

/// One case as generated: attendance (0-3: present, virtual, absent, none) and answers
/// (0-3: yes, partly, no, unanswered; 4: no evaluation stored).
type GenCase = (usize, [usize; 3]);

fn gen_meetings() -> impl Strategy<Value = Vec<Vec<GenCase>>> {
    let case = (0usize..4, [0usize..5, 0usize..5, 0usize..5]);
    prop::collection::vec(prop::collection::vec(case, 1..7), 1..5)
}

/// Checks a table as the report shows it against the true counts `truth[row][col]` (row 0
/// = I alt): what is shown is true, every 1 or 2 is hidden, and no hidden count is alone in
/// a line (so no row or column difference gives it away).
fn check_shown(t: &CountTable, truth: &[Vec<u32>]) -> std::result::Result<(), TestCaseError> {
    // The table with its row totals as a last column: value or None.
    let grid: Vec<Vec<Option<u32>>> = t
        .rows
        .iter()
        .map(|r| {
            r.cells
                .iter()
                .map(|c| c.value)
                .chain([r.total.value])
                .collect()
        })
        .collect();
    for (r, row) in grid.iter().enumerate() {
        let total: u32 = truth[r].iter().sum();
        for (c, v) in row.iter().enumerate() {
            let real = truth[r].get(c).copied().unwrap_or(total);
            prop_assert!(
                v.is_none() || *v == Some(real),
                "{}: {:?} ≠ {}",
                t.key,
                v,
                real
            );
            prop_assert!(
                !(1..3).contains(&real) || v.is_none(),
                "{}: a {} shown at {},{}",
                t.key,
                real,
                r,
                c
            );
            prop_assert!(
                v.is_some() || t.rows[r].cells.get(c).is_none_or(|x| x.share.is_empty()),
                "a share of a hidden count"
            );
        }
        // A shown share only beside a shown total.
        if row.last() == Some(&None) {
            prop_assert!(t.rows[r].cells.iter().all(|c| c.share.is_empty()));
        }
    }
    // Lines: each row (cells + total); each column over the meetings (+ I alt).
    let mut lines: Vec<Vec<Option<u32>>> = grid.clone();
    for c in 0..grid[0].len() {
        let mut col: Vec<Option<u32>> = grid[1..].iter().map(|r| r[c]).collect();
        col.push(grid[0][c]);
        lines.push(col);
    }
    for line in lines {
        let hidden = line.iter().filter(|v| v.is_none()).count();
        prop_assert!(hidden != 1, "{}: one hidden alone in {:?}", t.key, line);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The report's real tables (attendance, each question's answers in total and per
    /// meeting) on random held meetings: shown counts are true, no 1 or 2 is shown, no hidden
    /// count is recoverable from a row or a column, and the meetings' totals (the cases)
    /// are hidden alike in every table.
    #[test]
    fn the_reports_tables_never_give_a_small_number_away(meetings in gen_meetings()) {
        use Answer::*;
        let mut fx = Fx::builder()
            .citizens(6)
            .consent_from("2026-01-01")
            .now(at("2026-05-01T08:00:00Z"))
            .build();
        let atts = [P, V, A, None];
        let answers = [Yes, Partly, No, Unanswered];
        // truth[table][row][col], row 0 = I alt.
        let mut truth = vec![vec![vec![0u32; 4]; meetings.len() + 1]; 4];
        for (i, cases) in meetings.iter().enumerate() {
            let date = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap() + Duration::weeks(4 * i as i64);
            let m = fx.meeting(&date.to_string());
            for (j, (att, ans)) in cases.iter().enumerate() {
                let k = fx.case(&m, j);
                let stored = (ans.iter().all(|a| *a < 4)).then(|| ans.map(|a| answers[a]));
                answer(&mut fx, k, atts[*att], stored);
                let cols = [*att, ans[0].min(3), ans[1].min(3), ans[2].min(3)];
                for (t, col) in cols.iter().enumerate() {
                    // No evaluation stored: all three unanswered.
                    let col = if t > 0 && stored.is_none() { 3 } else { *col };
                    truth[t][i + 1][col] += 1;
                    truth[t][0][col] += 1;
                }
            }
            let mut m = fx.core.meeting(m.id).unwrap();
            m.status = MeetingStatus::Closed;
            fx.core.store_mut().write(|tx| store::upsert_meeting(tx, &m)).unwrap();
        }
        let r = fx.core.report("2026-05-01", "2027-12-31").unwrap();
        let tables: Vec<&CountTable> = std::iter::once(&r.attendance).chain(&r.questions).collect();
        for (t, table) in tables.iter().enumerate() {
            check_shown(table, &truth[t])?;
            for (row, first) in table.rows.iter().zip(&r.attendance.rows) {
                prop_assert_eq!(row.total.value, first.total.value, "totals hidden alike");
            }
        }
        prop_assert_eq!(r.cases.value, r.attendance.rows[0].total.value);
        // The per-meeting CSV shows exactly what the report shows.
        let (_, rows) = read(&meetings_csv(&fx.core, "2026-05-01", "2027-12-31").unwrap());
        for (i, row) in rows.iter().enumerate() {
            let mut want = vec![r.attendance.rows[i + 1].total.value];
            for table in &tables {
                want.extend(table.rows[i + 1].cells.iter().map(|c| c.value));
            }
            // An empty cell or a number: nothing else.
            let got: Vec<Option<u32>> = row[2..19]
                .iter()
                .map(|c| (!c.is_empty()).then(|| c.parse().expect("a number")))
                .collect();
            prop_assert_eq!(got, want);
        }
    }

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
        let (m, _) = fx.meeting_with_cases("2026-06-01");
        fx.core.start_meeting(m.id).unwrap();
        fx.core.close_meeting(m.id).unwrap();
        let bytes = cases_csv(&mut fx.core, "2026-05-01", "2026-07-31").unwrap();
        let text = String::from_utf8_lossy(&bytes);
        prop_assert!(text.lines().count() == 4, "{}", text);
        for (i, name) in names.iter().enumerate() {
            prop_assert!(!text.contains(name.as_str()), "{} in {}", name, text);
            prop_assert!(!text.contains(cprs[i]) && !text.contains(&cprs[i].replace('-', "")));
            prop_assert!(!text.contains(&cprs[i][..6]));
        }
    }
}
