//! The citizens' tables both reports share (the team's meeting by meeting, the working
//! group's team by team): attendance, the answers of each question's series (`series.rs`)
//! of the cases where the citizen took part, invitations → attendance, summaries to e-Boks; their true counts
//! (`citizen_counts`) and, protected together across the tables, as shown
//! (`citizen_tables`).

use super::data::{CaseData, EvalData};
use super::series::{self, Series};
use super::suppress::{self, Member, Pos, Table};
use super::teams::{INVITATION_COLUMNS, NOT_ASKED, SUMMARY_COLUMNS};
use super::{CountTable, ATTENDANCE};
use crate::domain::*;

/// A case with the questions its meeting's template asked (key and scale).
pub struct CaseIn<'a> {
    pub case: &'a CaseData,
    pub asked: Vec<(&'a str, Scale)>,
}

/// The cases of a data set's held meetings, with what was asked.
pub fn held_cases(d: &EvalData) -> Vec<CaseIn<'_>> {
    d.meetings
        .iter()
        .filter(|m| m.status == MeetingStatus::Closed)
        .flat_map(|m| {
            let asked = series::asked(d, m);
            m.cases.iter().map(move |case| CaseIn {
                case,
                asked: asked.clone(),
            })
        })
        .collect()
}

fn took_part(c: &CaseData) -> bool {
    matches!(
        c.attendance,
        Some(Attendance::Present | Attendance::Virtual)
    )
}

fn attendance_col(c: &CaseData) -> usize {
    match c.attendance {
        Some(Attendance::Present) => 0,
        Some(Attendance::Virtual) => 1,
        Some(Attendance::Absent) => 2,
        None => 3,
    }
}

/// The column of a took-part case in a series' table: the scale's three answers,
/// «Ikke besvaret», «Ikke stillet» (its meeting's template did not ask the key on this
/// scale).
fn answer_col(k: &CaseIn, q: &Series) -> usize {
    if !q.asked_in(&k.asked) {
        return 4;
    }
    match k.case.answers.get(&q.question) {
        Some(a) => q.scale.answers()[..3]
            .iter()
            .position(|x| x == a)
            .unwrap_or(3),
        None => 3,
    }
}

/// The columns of a series' table.
pub fn answer_columns(q: &Series) -> Vec<String> {
    q.scale
        .answers()
        .iter()
        .map(|a| a.label_da().to_string())
        .chain([NOT_ASKED.to_string()])
        .collect()
}

/// The citizens' tables (attendance, each question, invitations → attendance, summaries),
/// one row per `rows` entry, protected together.
pub struct CitizenTables {
    pub attendance: CountTable,
    pub questions: Vec<CountTable>,
    pub invitations: CountTable,
    pub summaries: CountTable,
}

pub fn citizen_tables(
    questions: &[Series],
    rows: &[(String, Option<Id>, Vec<CaseIn>)],
    total_label: &str,
) -> CitizenTables {
    let mut tables = citizen_counts(questions, rows);
    protect(&mut tables, rows.len());
    shown_tables(questions, rows, total_label, &tables)
}

/// The citizens' tables' true counts, nothing hidden yet: attendance, invitations,
/// summaries, then one per question (the tests check the teams' sums against these).
pub fn citizen_counts(
    questions: &[Series],
    rows: &[(String, Option<Id>, Vec<CaseIn>)],
) -> Vec<Table> {
    let count = |width: usize, col: &dyn Fn(&CaseIn) -> Option<usize>| {
        let cells = rows
            .iter()
            .map(|(_, _, cases)| {
                let mut row = vec![0u32; width];
                for k in cases {
                    if let Some(c) = col(k) {
                        row[c] += 1;
                    }
                }
                row
            })
            .collect();
        Table::new(width, cells)
    };
    // Table order: 0 attendance, 1 invitations, 2 summaries, 3.. questions.
    let mut tables = vec![
        count(4, &|k| Some(attendance_col(k.case))),
        count(4, &|k| {
            Some(match (k.case.invited, took_part(k.case)) {
                (true, true) => 0,
                (true, false) => 1,
                (false, true) => 2,
                (false, false) => 3,
            })
        }),
        count(3, &|k| {
            Some(match (k.case.summary_made, k.case.handed_over_after_days) {
                (_, Some(_)) => 0,
                (true, None) => 1,
                (false, None) => 2,
            })
        }),
    ];
    for q in questions {
        tables.push(count(5, &|k| took_part(k.case).then(|| answer_col(k, q))));
    }
    tables
}

/// Protects the citizens' tables of `height` rows together ([`suppress::protect_linked`]).
fn protect(tables: &mut [Table], height: usize) {
    // The links between the tables, for each row and for the total row.
    let mut links: Vec<Vec<Member>> = Vec::new();
    type CellOf = Box<dyn Fn(usize) -> Pos>;
    let lines: Vec<(Pos, CellOf)> = (0..height)
        .map(|r| (Pos::Row(r), Box::new(move |c| Pos::Cell(r, c)) as CellOf))
        .chain([(Pos::Total, Box::new(Pos::Col) as CellOf)])
        .collect();
    for (total, cell) in &lines {
        let (a, i, s) = (0, 1, 2);
        links.push(vec![(i, *total), (a, *total)]);
        links.push(vec![(s, *total), (a, *total)]);
        links.push(vec![(i, cell(0)), (i, cell(2)), (a, cell(0)), (a, cell(1))]);
        links.push(vec![(i, cell(1)), (i, cell(3)), (a, cell(2)), (a, cell(3))]);
        for q in 3..tables.len() {
            links.push(vec![(q, *total), (a, cell(0)), (a, cell(1))]);
            links.push(vec![(q, *total), (a, *total), (a, cell(2)), (a, cell(3))]);
            if q > 3 {
                links.push(vec![(q, *total), (3, *total)]);
            }
        }
    }
    suppress::protect_linked(tables, &links);
}

fn shown_tables(
    questions: &[Series],
    rows: &[(String, Option<Id>, Vec<CaseIn>)],
    total_label: &str,
    tables: &[Table],
) -> CitizenTables {
    let labels: Vec<(String, Option<Id>)> =
        rows.iter().map(|(l, id, _)| (l.clone(), *id)).collect();
    let of = |key: &str, title: &str, columns: Vec<String>, t: &Table| {
        CountTable::of_rows(key, title, &columns, t, total_label, &labels)
    };
    let strings = |c: &[&str]| c.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    CitizenTables {
        attendance: of(
            "attendance",
            "Borgernes fremmøde",
            strings(&ATTENDANCE),
            &tables[0],
        ),
        invitations: of(
            "invitations",
            "Invitation og fremmøde",
            strings(&INVITATION_COLUMNS),
            &tables[1],
        ),
        summaries: of(
            "summaries",
            "Referat til borgeren (e-Boks)",
            strings(&SUMMARY_COLUMNS),
            &tables[2],
        ),
        questions: questions
            .iter()
            .zip(&tables[3..])
            .map(|(q, t)| of(&q.key, &q.label, answer_columns(q), t))
            .collect(),
    }
}
