//! The working group's CSV files, made to open correctly in Danish Excel: UTF-8 with a BOM,
//! `;` between fields, CRLF line ends, decimal comma, quoting per RFC 4180 (the `csv`
//! crate), and every cell that begins with `=`, `+`, `-`, `@`, a tab or a CR neutralised
//! with a leading `'` (CSV injection). No name and no CPR number: a citizen is a random
//! pseudonymous key.
//!
//! Every file begins with the columns «Team» and «Kommune», so the working group can put
//! several teams' files together.
//!
//! - **Per case**: meeting date, citizen key, attendance, invited, the citizen's answers,
//!   one column per series of a question (`report::series`: a key on one scale; «Ikke
//!   stillet» where the meeting's template did not ask it), agreements
//!   made, planned and used minutes, the summary's e-Boks mark in days after the meeting.
//!   Cases of held meetings only (`report::is_held`).
//! - **Actors** (`actors_csv`): per held meeting and organisation that evaluated it, the
//!   coherence answer and the texts the chair has ticked (no unticked free text).
//! - **Per meeting**: every meeting of the range with its status; for held ones the cases,
//!   attendance and answers as counts of citizens, protected as in the report (the same
//!   hidden cells: a hidden count is an empty cell, and the column `Skjult` names the
//!   hidden columns of the row), the actors' coherence answer by organisation, minutes. A planned or
//!   running meeting's row says it is not counted and holds no figures; so does a cancelled
//!   one's. Number columns hold numbers only (or nothing).

use crate::calendar;
use crate::core::Core;
use crate::domain::*;
use crate::error::{CoreError, Result};
use crate::report::data::{CaseData, EvalData, MeetingData};
use crate::report::series::{self, Series};
use crate::report::{decimal, is_held, teams, Loaded, ATTENDANCE};
use crate::run::case_key;
use crate::store;
use crate::words::org_title;
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
#[allow(clippy::type_complexity)]
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

/// The team's columns, first in every file: «Team», «Kommune».
fn team_cells(d: &EvalData) -> [String; 2] {
    [d.team.name.clone(), d.team.municipality.clone()]
}

/// A case's answer in series `q`: «Ikke stillet» when the meeting's template did not ask
/// its key on its scale.
fn answer_text(d: &EvalData, m: &MeetingData, k: &CaseData, q: &Series) -> String {
    if !q.asked_in(&series::asked(d, m)) {
        return teams::NOT_ASKED.into();
    }
    answer_da(k.answers.get(&q.question).copied()).into()
}

/// One row per case: no name, no CPR number.
pub fn cases_csv(core: &mut Core, from: &str, to: &str) -> Result<Vec<u8>> {
    let d = core.eval_data(from, to, false)?;
    let l = core.report_load(from, to)?;
    let (used, _) = used_and_made(&l);
    let t = core.template();
    let qs = teams::series_of(&[&d]);
    let mut header: Vec<String> = [
        "Team",
        "Kommune",
        "Mødedato",
        "Borgernøgle",
        "Fremmøde",
        "Inviteret",
    ]
    .map(String::from)
    .to_vec();
    header.extend(qs.iter().map(|q| q.short.clone()));
    header.extend(
        [
            "Nye aftaler",
            "Planlagte minutter",
            "Brugte minutter",
            "Referat i e-Boks (dage efter mødet)",
        ]
        .map(String::from),
    );
    let mut rows = vec![header];
    for (m, dm) in l.meetings.iter().zip(&d.meetings) {
        if !is_held(m) {
            continue;
        }
        let own: Vec<&store::CaseRow> = l.cases.iter().filter(|k| k.meeting_id == m.id).collect();
        let mt = crate::templates::by_version(&m.template_version).unwrap_or(t);
        let share = mt.case_minutes() / own.len().max(1) as u32;
        for (k, dk) in own.iter().zip(&dm.cases) {
            let mut row: Vec<String> = team_cells(&d).to_vec();
            row.extend([
                date(m),
                dk.citizen.clone(),
                attendance_da(k.attendance).into(),
                if dk.invited { "Ja" } else { "Nej" }.into(),
            ]);
            row.extend(qs.iter().map(|q| answer_text(&d, dm, dk, q)));
            row.extend([
                dk.agreements.len().to_string(),
                k.planned_minutes.unwrap_or(share).to_string(),
                minutes(used.get(&(m.id, case_key(k.case_id)))),
                dk.handed_over_after_days
                    .map_or(String::new(), |n| n.to_string()),
            ]);
            rows.push(row);
        }
    }
    write(rows)
}

/// One row per held meeting and organisation that evaluated it: the coherence answer and
/// the texts the chair has ticked (an unticked text is left out and said so).
pub fn actors_csv(core: &mut Core, from: &str, to: &str) -> Result<Vec<u8>> {
    let d = core.eval_data(from, to, false)?;
    let t = core.template();
    let mut rows = vec![[
        "Team",
        "Kommune",
        "Mødedato",
        "Organisation",
        "Sammenhængende forløb",
        "Effekter",
        "Erfaringer",
        "Læringspunkter",
    ]
    .map(String::from)
    .to_vec()];
    let text = |x: &Option<String>| x.clone().unwrap_or_default();
    for m in d
        .meetings
        .iter()
        .filter(|m| m.status == MeetingStatus::Closed)
    {
        for a in &m.actors {
            let mut row: Vec<String> = team_cells(&d).to_vec();
            row.extend([
                m.date.to_string(),
                org_title(t, a.org),
                answer_da(a.coherent).into(),
                text(&a.effects),
                text(&a.experiences),
                text(&a.learning),
            ]);
            rows.push(row);
        }
    }
    write(rows)
}

/// One row per meeting of the range; the counts of citizens of a held meeting as the report
/// shows them (a hidden count is empty; `Skjult` names the hidden columns).
pub fn meetings_csv(core: &mut Core, from: &str, to: &str) -> Result<Vec<u8>> {
    let d = core.eval_data(from, to, false)?;
    let l = core.report_load(from, to)?;
    let r = core.report_of(&l)?;
    let (used, _) = used_and_made(&l);
    let t = core.template();
    let mut counts: Vec<String> = vec!["Sager".into()];
    counts.extend(ATTENDANCE.map(String::from));
    // The report's tables of the questions are the series of this data, in this order.
    let qs = teams::series_of(&[&d]);
    for (q, s) in r.questions.iter().zip(&qs) {
        debug_assert_eq!(q.key, s.key);
        counts.extend(q.columns.iter().map(|a| format!("{}: {a}", s.short)));
    }
    let orgs = t.meeting_evaluation.orgs();
    let mut header: Vec<String> = ["Team", "Kommune", "Mødedato", "Status"]
        .map(String::from)
        .to_vec();
    header.extend(counts.iter().cloned());
    header.push("Sammenhængende forløb: Teamets fælles svar".into());
    header.extend(
        orgs.iter()
            .map(|o| format!("Sammenhængende forløb: {}", org_title(t, *o))),
    );
    header.extend(["Planlagte minutter", "Brugte minutter", "Skjult"].map(String::from));
    let mut rows = vec![header];
    for m in &l.meetings {
        let status = match m.status {
            MeetingStatus::Closed => "Afholdt",
            MeetingStatus::Cancelled => "Aflyst",
            MeetingStatus::Running => "I gang (ikke talt med)",
            MeetingStatus::Planned => "Planlagt (ikke talt med)",
        };
        let mut row: Vec<String> = team_cells(&d).to_vec();
        row.extend([date(m), status.into()]);
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
        let coherent = |org: Org| {
            l.evaluations
                .iter()
                .find(|e| e.meeting_id == m.id && e.org == org)
                .map_or(String::new(), |e| answer_da(e.coherent).into())
        };
        row.push(coherent(Org::Joint));
        row.extend(orgs.iter().map(|o| coherent(*o)));
        // Planned as the meeting's own template planned it.
        let mt = crate::templates::by_version(&m.template_version).unwrap_or(t);
        let fixed: u32 = mt.agenda.iter().filter_map(|a| a.minutes).sum();
        let share = mt.case_minutes() / own.len().max(1) as u32;
        let cases: u32 = if own.is_empty() {
            mt.case_minutes()
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
