//! The working group's CSV files, made to open correctly in Danish Excel: UTF-8 with a BOM,
//! `;` between fields, CRLF line ends, decimal comma, quoting per RFC 4180 (the `csv`
//! crate), and every cell that begins with `=`, `+`, `-`, `@`, a tab or a CR neutralised
//! with a leading `'` (CSV injection). No name and no CPR number: a citizen is a random
//! pseudonymous key.
//!
//! - **Per case**: meeting date, citizen key, attendance, the three answers, agreements
//!   made, planned and used minutes (not per citizen over time: one row per case). Cases of
//!   held meetings only (`report::is_held`).
//! - **Per meeting**: every meeting of the range with its status; for held ones the cases,
//!   attendance and answers as counts of citizens, protected as in the report (the same
//!   hidden cells: a hidden count is an empty cell, and the column `Skjult` names the
//!   hidden columns of the row), the professionals' coherence answer, minutes. A planned or
//!   running meeting's row says it is not counted and holds no figures; so does a cancelled
//!   one's. Number columns hold numbers only (or nothing).

use crate::calendar;
use crate::core::Core;
use crate::domain::*;
use crate::error::{CoreError, Result};
use crate::report::{decimal, is_held, Loaded, ANSWERS, ATTENDANCE};
use crate::run::case_key;
use crate::store;
use std::collections::HashMap;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A cell as written: neutralised if a spreadsheet would read it as a formula.
pub fn cell(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

fn write(rows: Vec<Vec<String>>) -> Result<Vec<u8>> {
    let mut w = ::csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(::csv::Terminator::CRLF)
        .from_writer(BOM.to_vec());
    for row in rows {
        w.write_record(row.iter().map(|c| cell(c)))
            .map_err(|e| CoreError::Io(std::io::Error::other(e.to_string())))?;
    }
    w.into_inner()
        .map_err(|e| CoreError::Io(std::io::Error::other(e.to_string())))
}

fn attendance_da(a: Option<Attendance>) -> &'static str {
    match a {
        Some(Attendance::Present) => "Til stede",
        Some(Attendance::Virtual) => "Virtuelt",
        Some(Attendance::Absent) => "Fraværende",
        None => "Ikke registreret",
    }
}

fn answer_da(a: Option<Answer>) -> &'static str {
    a.filter(|a| *a != Answer::Unanswered)
        .map_or("Ikke besvaret", |a| a.label_da())
}

/// The minutes used per (meeting, agenda key) and the agreements made per case.
fn used_and_made(l: &Loaded) -> (HashMap<(Id, String), i64>, HashMap<Id, u32>) {
    let used = l
        .timings
        .iter()
        .map(|(m, k, s)| ((*m, k.clone()), *s))
        .collect();
    let mut made: HashMap<Id, u32> = HashMap::new();
    for a in &l.agreements {
        *made.entry(a.case_id).or_default() += 1;
    }
    (used, made)
}

fn minutes(secs: Option<&i64>) -> String {
    secs.map_or(String::new(), |s| decimal(*s as f64 / 60.0, 1))
}

fn date(m: &Meeting) -> String {
    calendar::local(m.starts_at).date_naive().to_string()
}

/// One row per case: no name, no CPR number.
pub fn cases_csv(core: &mut Core, from: &str, to: &str) -> Result<Vec<u8>> {
    let l = core.report_load(from, to)?;
    let (used, made) = used_and_made(&l);
    let t = core.template().clone();
    let mut rows = vec![[
        "Mødedato",
        "Borgernøgle",
        "Fremmøde",
        "Inddraget",
        "Eget forløb",
        "Fælles mål",
        "Nye aftaler",
        "Planlagte minutter",
        "Brugte minutter",
    ]
    .map(String::from)
    .to_vec()];
    for k in &l.cases {
        let Some(m) = l.meetings.iter().find(|m| m.id == k.meeting_id) else {
            continue;
        };
        let share = t.case_minutes()
            / l.cases
                .iter()
                .filter(|o| o.meeting_id == m.id)
                .count()
                .max(1) as u32;
        let key = core.report_key(k.citizen_id)?;
        let a = |q: CitizenQuestion| answer_da(k.answer(q)).to_string();
        rows.push(vec![
            date(m),
            key,
            attendance_da(k.attendance).into(),
            a(CitizenQuestion::Involved),
            a(CitizenQuestion::Ownership),
            a(CitizenQuestion::CommonGoals),
            made.get(&k.case_id).copied().unwrap_or(0).to_string(),
            k.planned_minutes.unwrap_or(share).to_string(),
            minutes(used.get(&(m.id, case_key(k.case_id)))),
        ]);
    }
    write(rows)
}

/// One row per meeting of the range; the counts of citizens of a held meeting as the report
/// shows them (a hidden count is empty; `Skjult` names the hidden columns).
pub fn meetings_csv(core: &Core, from: &str, to: &str) -> Result<Vec<u8>> {
    let l = core.report_load(from, to)?;
    let r = core.report_of(&l)?;
    let (used, _) = used_and_made(&l);
    let t = core.template();
    let mut counts: Vec<String> = vec!["Sager".into()];
    counts.extend(ATTENDANCE.map(String::from));
    for q in ["Inddraget", "Eget forløb", "Fælles mål"] {
        counts.extend(ANSWERS.map(|a| format!("{q}: {a}")));
    }
    let mut header: Vec<String> = vec!["Mødedato".into(), "Status".into()];
    header.extend(counts.iter().cloned());
    header.extend(
        [
            "Sammenhængende forløb",
            "Planlagte minutter",
            "Brugte minutter",
            "Skjult",
        ]
        .map(String::from),
    );
    let mut rows = vec![header];
    let coherent: HashMap<Id, Option<Answer>> =
        l.evaluations.iter().map(|(m, a, _)| (*m, *a)).collect();
    for m in &l.meetings {
        let status = match m.status {
            MeetingStatus::Closed => "Afholdt",
            MeetingStatus::Cancelled => "Aflyst",
            MeetingStatus::Running => "I gang (ikke talt med)",
            MeetingStatus::Planned => "Planlagt (ikke talt med)",
        };
        let mut row = vec![date(m), status.into()];
        if !is_held(m) {
            row.resize(header_len(&rows), String::new());
            rows.push(row);
            continue;
        }
        // The meeting's counts, as the report shows them; none if it had no case.
        let mut values: Vec<Option<u32>> = Vec::new();
        for table in std::iter::once(&r.attendance).chain(&r.questions) {
            let shown = table.rows.iter().find(|x| x.meeting_id == Some(m.id));
            if values.is_empty() {
                values.push(shown.map_or(Some(0), |x| x.total.value));
            }
            values.extend(
                (0..table.columns.len()).map(|c| shown.map_or(Some(0), |x| x.cells[c].value)),
            );
        }
        row.extend(
            values
                .iter()
                .map(|v| v.map_or(String::new(), |n| n.to_string())),
        );
        let own: Vec<&store::CaseRow> = l.cases.iter().filter(|k| k.meeting_id == m.id).collect();
        row.push(answer_da(coherent.get(&m.id).copied().flatten()).into());
        let fixed: u32 = t.agenda.iter().filter_map(|a| a.minutes).sum();
        let share = t.case_minutes() / own.len().max(1) as u32;
        let cases: u32 = if own.is_empty() {
            t.case_minutes()
        } else {
            own.iter().map(|k| k.planned_minutes.unwrap_or(share)).sum()
        };
        row.push((fixed + cases).to_string());
        // Empty when the meeting has no clock at all (not "0,0").
        let spent: Option<i64> = used
            .iter()
            .filter(|((id, _), _)| *id == m.id)
            .map(|(_, s)| *s)
            .reduce(|a, b| a + b);
        row.push(minutes(spent.as_ref()));
        let hidden: Vec<&str> = counts
            .iter()
            .zip(&values)
            .filter(|(_, v)| v.is_none())
            .map(|(name, _)| name.as_str())
            .collect();
        row.push(hidden.join(", "));
        rows.push(row);
    }
    write(rows)
}

fn header_len(rows: &[Vec<String>]) -> usize {
    rows.first().map_or(0, Vec::len)
}
