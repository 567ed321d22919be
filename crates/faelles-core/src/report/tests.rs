//! The report's figures against hand-computed values, and the CSV files read back.

use super::suppress;
use super::*;
use crate::export::{cases_csv, meetings_csv};
use crate::run::MeetingEvalInput;
use crate::testing::{at, set_now, Fx};
use proptest::prelude::*;

/// Sets the citizen's attendance and stores their answers (`None`: no evaluation) as the
/// store holds them, whatever the meeting's state.
pub(super) fn answer(fx: &mut Fx, case: Id, att: Option<Attendance>, ans: Option<[Answer; 3]>) {
    let mut k = fx.core.case(case).unwrap();
    k.citizen_attendance = att;
    fx.core
        .store_mut()
        .write(|tx| {
            store::upsert_case(tx, &k)?;
            if let Some(a) = ans {
                store::upsert_citizen_evaluation(
                    tx,
                    &CitizenEvaluation::new(
                        case,
                        &[
                            (question::INVOLVED, a[0]),
                            (question::OWNERSHIP, a[1]),
                            (question::COMMON_GOALS, a[2]),
                        ],
                        "",
                        at("2026-05-01T08:00:00Z"),
                    ),
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

pub(super) const P: Option<Attendance> = Some(Attendance::Present);
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

    // Raw counts (by hand from `held_and_not_held`), per meeting A | B:
    // attendance [present, virtual, absent, not registered]: A [3, 1, 1, 1] = 6, B [3, 0, 0,
    // 0] = 3; took part A 4 (ka0-ka3), B 3. Involved over those: A [3 ja, 1 delvist, 0, 0, 0],
    // B [3, 0, 0, 0, 0]; ownership A [3, 1, 0, 0, 0], B [2, 0, 1, 0, 0]; common goals A
    // [3, 0, 1, 0, 0], B [3, 0, 0, 0, 0]; experience and coherence (asked by template
    // 2026.2, never answered here) A [0, 0, 0, 4, 0], B [0, 0, 0, 3, 0]. Invitations (none
    // made) A [0, 0, 4, 2], B [0, 0, 3, 0].
    //
    // Hidden: the 1s and A's 2 «not invited, did not take part» (primary); A's 4 beside
    // that 2 in its row, then B's 3 in that column (7 shown), then B's row total 3 (its
    // only non-zero left) and A's row total 6 (the row totals' line, 9 shown); the cases
    // of a meeting are the same in every table, so A's 6 and B's 3 hide in attendance too,
    // then B's 3 present (alone in its row) and A's 3 present (its column). The took-part
    // totals 4 and 3 hide because A's and B's cases are hidden with absent + not registered
    // (a took-part total = cases − absent − not registered); I alt's 7 stays (9 and the
    // hidden 1 + 1 beside it). Nothing of this is shown, so nothing small is derivable.
    assert_eq!(
        shown(&r.attendance),
        [
            "I alt: skjult skjult skjult skjult | 9",
            "1. juni 2026: skjult skjult skjult skjult | skjult",
            "29. juni 2026: skjult 0 0 0 | skjult",
        ]
    );
    let q = &r.questions;
    let keys: Vec<&str> = q.iter().map(|t| t.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "experience",
            "involved",
            "ownership",
            "common_goals",
            "coherence"
        ]
    );
    assert_eq!(
        q[2].columns,
        ["Ja", "Delvist", "Nej", "Ikke besvaret", "Ikke stillet"]
    );
    assert_eq!(q[0].columns[..3], ["Godt", "Blandet", "Svært"]);
    // Experience: I alt 7 took part, all «Ikke besvaret»: 7 of 7 = 100 %.
    assert_eq!(
        shown(&q[0]),
        [
            "I alt: 0 0 0 7 0 | 7",
            "1. juni 2026: 0 0 0 skjult 0 | skjult",
            "29. juni 2026: 0 0 0 skjult 0 | skjult",
        ]
    );
    assert_eq!(q[0].rows[0].cells[3].share, "100,0 %");
    // Ownership: I alt [5, 1, 1, 0, 0] of 7: the 1s hide, 5 stays (two hidden beside it):
    // 5 of the 7 who took part = 71,4 % (not 5 of all 9 cases).
    assert_eq!(
        shown(&q[2]),
        [
            "I alt: 5 skjult skjult 0 0 | 7",
            "1. juni 2026: skjult skjult 0 0 0 | skjult",
            "29. juni 2026: skjult 0 skjult 0 0 | skjult",
        ]
    );
    assert_eq!(q[2].rows[0].cells[0].share, "71,4 %");
    // Involved: I alt [6, 1, 0, 0, 0]: the 1 hides, so the 6 (alone beside it) hides too.
    assert_eq!(
        shown(&q[1]).first().map(String::as_str),
        Some("I alt: skjult skjult 0 0 0 | 7")
    );

    // The working group's report of this team alone: the same tables per team.
    let mut fx = fx;
    let tr = fx
        .core
        .teams_report("2026-05-01", "2026-07-31", &[])
        .unwrap();
    assert!(!tr.together);
    assert_eq!(
        shown(&tr.invitations)[1],
        "Fælles Team Vest: 0 0 skjult skjult | 9"
    );
    assert_eq!(shown(&tr.summaries)[1], "Fælles Team Vest: 0 0 9 | 9");
    let fig = |k: &str| tr.figures.iter().find(|f| f.key == k).unwrap().values[0].clone();
    assert_eq!(
        (
            fig("meetings_held"),
            fig("meetings_cancelled"),
            fig("citizens")
        ),
        ("2".into(), "1".into(), "6".into())
    );
    assert_eq!(fig("agreements_created"), "4");
    // Two agreements done: a median of 1 or 2 values is not shown.
    assert_eq!(fig("median_days_to_done"), "–");
    // The actors: A's answer «Ja» (one meeting), B none; R's «Nej» and text not counted.
    let orgs: Vec<Vec<String>> = tr.by_organisation.iter().map(shown).collect();
    assert_eq!(
        orgs,
        [["Alle teams: 1 0 0 0 | 1", "Fælles Team Vest: 1 0 0 0 | 1"]]
    );
    let texts: Vec<&str> = tr.actor_texts.iter().map(|a| a.learning.as_str()).collect();
    assert_eq!(texts, ["Husk samtykket."]);

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
    let dates: Vec<&str> = cases.iter().map(|r| r[2].as_str()).collect();
    assert_eq!(
        dates,
        [["2026-06-01"; 6].as_slice(), &["2026-06-29"; 3]].concat()
    );
    assert!(cases
        .iter()
        .all(|r| r[0] == "Fælles Team Vest" && !r[1].is_empty()));
    // Team, Kommune, date, key, attendance, invited, the five answers, then agreements.
    assert_eq!(
        cases[0][4..12],
        [
            "Til stede",
            "Nej",
            "Ikke besvaret",
            "Ja",
            "Ja",
            "Ja",
            "Ikke besvaret",
            "2"
        ]
    );
    let (header, rows) = read(&meetings_csv(&mut fx.core, "2026-05-01", "2026-07-31").unwrap());
    // 4 + cases + attendance 4 + 5 questions × 5 + joint + 3 organisations + minutes × 2 +
    // Skjult = 41.
    assert_eq!(header.len(), 41);
    assert_eq!(
        header[..5],
        ["Team", "Kommune", "Mødedato", "Status", "Sager"]
    );
    assert_eq!(header[14], "Inddraget: Ja");
    assert_eq!(header[40], "Skjult");
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[0][3], "Afholdt");
    // A as the report shows it: its 6 cases and every count hidden but the zeros.
    assert_eq!(rows[0][4..9].join(";"), ";;;;");
    assert_eq!(rows[1][4..9].join(";"), ";;0;0;0");
    assert!(rows[0][40].starts_with("Sager, Til stede, Virtuelt"));
    let kommune = header
        .iter()
        .position(|h| h == "Sammenhængende forløb: Kommunen")
        .unwrap();
    assert_eq!(
        (rows[0][kommune].as_str(), rows[1][kommune].as_str()),
        ("Ja", "")
    );
    for (row, status) in rows[2..].iter().zip([
        "Aflyst",
        "I gang (ikke talt med)",
        "Planlagt (ikke talt med)",
    ]) {
        assert_eq!(row[3], status);
        assert!(row[4..].iter().all(String::is_empty), "{row:?}");
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
    // The demo's absent citizen (1 or 2 of 9) hides, so do the 9 − absent who took part
    // (the questions' I alt total) and the «Ja» of «Inddraget» beside it: nothing gives the
    // absent away. The last meeting's 3 present, all «Ja», show.
    assert_eq!(shown(&r.attendance)[3], "20. oktober 2026: 3 0 0 0 | 3");
    let involved = &r.questions[1];
    assert_eq!(involved.key, "involved");
    assert_eq!(shown(involved)[0], "I alt: skjult 0 0 0 0 | skjult");
    assert_eq!(
        involved.rows[0].bar,
        [0, 0, 0, 0, 0, 1],
        "drawn: one grey bar"
    );
    assert_eq!(shown(involved)[3], "20. oktober 2026: 3 0 0 0 0 | 3");
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
    // No attendance registered: nobody took part, so no answer counts (shares of 0: none).
    assert_eq!(
        shown(&all.attendance),
        ["I alt: 0 0 0 5 | 5", "1. juni 2026: 0 0 0 5 | 5"]
    );
    assert_eq!(
        shown(&all.questions[1]),
        ["I alt: 0 0 0 0 0 | 0", "1. juni 2026: 0 0 0 0 0 | 0"]
    );
    assert_eq!(all.questions[1].rows[0].cells[3].share, "");
    let e = fx.core.report("2026-07-31", "2026-05-01").unwrap_err();
    assert!(e.message_da().contains("før"));
}

pub(super) fn read(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
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
        // truth[table][row][col], row 0 = I alt: attendance (4 columns), then the five
        // questions (experience, involved, ownership, common goals, coherence; 5 columns:
        // the scale's three, «Ikke besvaret», «Ikke stillet») over the cases where the
        // citizen took part (present or virtual). Experience and coherence are asked by the
        // meetings' template (2026.2) but never answered here: «Ikke besvaret».
        let mut truth = vec![vec![vec![0u32; 4]; meetings.len() + 1]];
        truth.extend((0..5).map(|_| vec![vec![0u32; 5]; meetings.len() + 1]));
        for (i, cases) in meetings.iter().enumerate() {
            let date = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap() + Duration::weeks(4 * i as i64);
            let m = fx.meeting(&date.to_string());
            for (j, (att, ans)) in cases.iter().enumerate() {
                let k = fx.case(&m, j);
                let stored = (ans.iter().all(|a| *a < 4)).then(|| ans.map(|a| answers[a]));
                answer(&mut fx, k, atts[*att], stored);
                for row in [0, i + 1] {
                    truth[0][row][*att] += 1;
                    if *att >= 2 {
                        continue;
                    }
                    for q in 0..5 {
                        // Experience and coherence, or no evaluation stored: unanswered.
                        let col = match (q, stored) {
                            (1..=3, Some(_)) => ans[q - 1].min(3),
                            _ => 3,
                        };
                        truth[q + 1][row][col] += 1;
                    }
                }
            }
            let mut m = fx.core.meeting(m.id).unwrap();
            m.status = MeetingStatus::Closed;
            fx.core.store_mut().write(|tx| store::upsert_meeting(tx, &m)).unwrap();
        }
        let r = fx.core.report("2026-05-01", "2027-12-31").unwrap();
        let tables: Vec<&CountTable> = std::iter::once(&r.attendance).chain(&r.questions).collect();
        prop_assert_eq!(tables.len(), 6);
        for (t, table) in tables.iter().enumerate() {
            check_shown(table, &truth[t])?;
            for (row, first) in table.rows.iter().zip(&r.questions[0].rows) {
                if t > 0 {
                    prop_assert_eq!(row.total.value, first.total.value, "took part hidden alike");
                }
            }
        }
        // A shown took-part total is present + virtual: never beside exactly one of them
        // hidden (it would give that one away).
        for (q, a) in r.questions[0].rows.iter().zip(&r.attendance.rows) {
            let hidden = [q.total.value, a.cells[0].value, a.cells[1].value]
                .iter()
                .filter(|v| v.is_none())
                .count();
            prop_assert!(hidden != 1, "took part vs present + virtual: {:?} {:?}", q, a);
        }
        prop_assert_eq!(r.cases.value, r.attendance.rows[0].total.value);
        // The per-meeting CSV shows exactly what the report shows.
        let (_, rows) = read(&meetings_csv(&mut fx.core, "2026-05-01", "2027-12-31").unwrap());
        for (i, row) in rows.iter().enumerate() {
            let mut want = vec![r.attendance.rows[i + 1].total.value];
            for table in &tables {
                want.extend(table.rows[i + 1].cells.iter().map(|c| c.value));
            }
            // An empty cell or a number: nothing else (after «Team», «Kommune», date, status).
            let got: Vec<Option<u32>> = row[4..4 + want.len()]
                .iter()
                .map(|c| (!c.is_empty()).then(|| c.parse().expect("a number")))
                .collect();
            prop_assert_eq!(got, want);
        }
    }
}
