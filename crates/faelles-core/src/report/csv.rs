//! The working group's CSV files, made to open correctly in Danish Excel: UTF-8 with a BOM,
//! `;` between fields, CRLF line ends, decimal comma, quoting per RFC 4180 (the `csv`
//! crate), and every cell that begins with `=`, `+`, `-`, `@`, a tab or a CR neutralised
//! with a leading `'` (CSV injection). No name and no CPR number: a citizen is a random
//! pseudonymous key.
//!
//! - **Per case**: meeting date, citizen key, attendance, the three answers, agreements
//!   made, planned and used minutes (not per citizen over time: one row per case).
//! - **Per meeting**: date, status, cases, attendance and the answers as counts of
//!   citizens (1 or 2 shown as "<3"), the professionals' coherence answer, minutes.

use super::{count, decimal};
use crate::calendar;
use crate::core::Core;
use crate::domain::*;
use crate::error::{CoreError, Result};
use crate::store;
use chrono::{Duration, NaiveTime};
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

/// The cases, the meetings (oldest first) and the minutes used per case of `[from, to]`.
struct Data {
    cases: Vec<store::CaseRow>,
    meetings: Vec<Meeting>,
    used: HashMap<(Id, String), i64>,
    coherent: HashMap<Id, Option<Answer>>,
    agreements: HashMap<Id, u32>,
}

fn data(core: &Core, from: &str, to: &str) -> Result<Data> {
    let (from, to) = core.report_range(from, to)?;
    let team = core.require_team()?;
    let start = calendar::local_to_utc(from, NaiveTime::MIN)?;
    let end = calendar::local_to_utc(to + Duration::days(1), NaiveTime::MIN)?;
    let c = core.store().read();
    let meetings = store::list_meetings(c, team.id)?
        .into_iter()
        .filter(|m| m.starts_at >= start && m.starts_at < end)
        .collect();
    let used = store::report_timings(c, team.id, start, end)?
        .into_iter()
        .map(|(m, k, s)| ((m, k), s))
        .collect();
    let coherent = store::report_meeting_evaluations(c, team.id, start, end)?
        .into_iter()
        .map(|(m, a, _)| (m, a))
        .collect();
    let mut agreements: HashMap<Id, u32> = HashMap::new();
    for (case_id, _, _) in store::report_agreements(c, team.id, start, end)? {
        *agreements.entry(case_id).or_default() += 1;
    }
    Ok(Data {
        cases: store::report_cases(c, team.id, start, end)?,
        meetings,
        used,
        coherent,
        agreements,
    })
}

fn minutes(secs: Option<&i64>) -> String {
    secs.map_or(String::new(), |s| decimal(*s as f64 / 60.0, 1))
}

fn date(m: &Meeting) -> String {
    calendar::local(m.starts_at).date_naive().to_string()
}

/// One row per case: no name, no CPR number.
pub fn cases_csv(core: &mut Core, from: &str, to: &str) -> Result<Vec<u8>> {
    let d = data(core, from, to)?;
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
    for k in &d.cases {
        let Some(m) = d.meetings.iter().find(|m| m.id == k.meeting_id) else {
            continue;
        };
        let share = t.case_minutes()
            / d.cases
                .iter()
                .filter(|o| o.meeting_id == m.id)
                .count()
                .max(1) as u32;
        let key = core.report_key(k.citizen_id)?;
        let a = |i: usize| answer_da(k.answers.map(|a| a[i])).to_string();
        rows.push(vec![
            date(m),
            key,
            attendance_da(k.attendance).into(),
            a(0),
            a(1),
            a(2),
            d.agreements
                .get(&k.case_id)
                .copied()
                .unwrap_or(0)
                .to_string(),
            k.planned_minutes.unwrap_or(share).to_string(),
            minutes(d.used.get(&(m.id, crate::run::case_key(k.case_id)))),
        ]);
    }
    write(rows)
}

/// One row per meeting; counts of citizens of 1 or 2 are "<3".
pub fn meetings_csv(core: &Core, from: &str, to: &str) -> Result<Vec<u8>> {
    let d = data(core, from, to)?;
    let t = core.template();
    let mut header: Vec<String> = [
        "Mødedato",
        "Status",
        "Sager",
        "Til stede",
        "Virtuelt",
        "Fraværende",
        "Ikke registreret",
    ]
    .map(String::from)
    .to_vec();
    for q in ["Inddraget", "Eget forløb", "Fælles mål"] {
        for a in ["Ja", "Delvist", "Nej", "Ikke besvaret"] {
            header.push(format!("{q}: {a}"));
        }
    }
    header.extend(
        [
            "Sammenhængende forløb",
            "Planlagte minutter",
            "Brugte minutter",
        ]
        .map(String::from),
    );
    let mut rows = vec![header];
    for m in &d.meetings {
        let own: Vec<&store::CaseRow> = d.cases.iter().filter(|k| k.meeting_id == m.id).collect();
        let n = own.len() as u32;
        let shown = |x: usize| count(x as u32, n).shown;
        let status = match m.status {
            MeetingStatus::Closed => "Afholdt",
            MeetingStatus::Cancelled => "Aflyst",
            MeetingStatus::Running => "I gang",
            MeetingStatus::Planned => "Planlagt",
        };
        let mut row = vec![date(m), status.into(), n.to_string()];
        for a in [
            Some(Attendance::Present),
            Some(Attendance::Virtual),
            Some(Attendance::Absent),
            None,
        ] {
            row.push(shown(own.iter().filter(|k| k.attendance == a).count()));
        }
        for i in 0..3 {
            for a in [Answer::Yes, Answer::Partly, Answer::No] {
                row.push(shown(
                    own.iter()
                        .filter(|k| k.answers.map(|x| x[i]) == Some(a))
                        .count(),
                ));
            }
            row.push(shown(
                own.iter()
                    .filter(|k| matches!(k.answers.map(|x| x[i]), None | Some(Answer::Unanswered)))
                    .count(),
            ));
        }
        let coherent = d.coherent.get(&m.id).copied().flatten();
        row.push(if m.status == MeetingStatus::Closed {
            answer_da(coherent).into()
        } else {
            String::new()
        });
        let fixed: u32 = t.agenda.iter().filter_map(|a| a.minutes).sum();
        let share = t.case_minutes() / own.len().max(1) as u32;
        let cases: u32 = if own.is_empty() {
            t.case_minutes()
        } else {
            own.iter().map(|k| k.planned_minutes.unwrap_or(share)).sum()
        };
        row.push(if m.status == MeetingStatus::Cancelled {
            String::new()
        } else {
            (fixed + cases).to_string()
        });
        let used: i64 = d
            .used
            .iter()
            .filter(|((id, _), _)| *id == m.id)
            .map(|(_, s)| s)
            .sum();
        row.push(if m.status == MeetingStatus::Closed {
            minutes(Some(&used))
        } else {
            String::new()
        });
        rows.push(row);
    }
    write(rows)
}
