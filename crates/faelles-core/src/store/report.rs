//! The trial's indicators: what the report reads for a range of meeting dates, each in one
//! query (the 20-year data set is read in a few milliseconds), and the citizens'
//! pseudonymous report keys (`citizen_report_key`).
//!
//! These queries read the team's meetings in the range whatever their status, each row with
//! its meeting: which meetings count (held ones) is decided in one place,
//! `report::is_held`, not here.

use super::row::{ts, RowExt};
use super::{Reader, Writer};
use crate::domain::*;
use crate::error::Result;
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

/// One case of a meeting in the range, with what the report needs of it.
#[derive(Debug, Clone)]
pub struct CaseRow {
    pub case_id: Id,
    pub meeting_id: Id,
    pub citizen_id: Id,
    pub planned_minutes: Option<u32>,
    pub attendance: Option<Attendance>,
    /// The citizen's evaluation (answers by question, own words), if recorded.
    pub evaluation: Option<CitizenEvaluation>,
    /// The template the case's meeting was planned with (which questions it asks).
    pub template_version: String,
}

impl CaseRow {
    /// The citizen's answer to `q`: `None` when no evaluation was recorded or the question
    /// was not asked (see [`CitizenEvaluation::answer`]).
    pub fn answer(&self, q: &str) -> Option<Answer> {
        self.evaluation.as_ref().and_then(|e| e.answer(q))
    }
}

/// Cases of the team's meetings starting in `[from, to)` (any status).
pub fn report_cases(
    c: &Reader,
    team_id: Id,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<CaseRow>> {
    let mut answers = report_answers(c, team_id, from, to)?;
    let mut st = c.prepare_cached(
        "SELECT k.id, k.meeting_id, k.citizen_id, k.planned_minutes, k.citizen_attendance,
                m.template_version, e.case_id, e.comment, e.recorded_at
         FROM \"case\" k JOIN meeting m ON m.id = k.meeting_id
         LEFT JOIN citizen_evaluation e ON e.case_id = k.id
         WHERE m.team_id = ?1 AND m.starts_at >= ?2 AND m.starts_at < ?3
         ORDER BY m.starts_at, k.position",
    )?;
    let rows = st.query_map(params![team_id.to_string(), ts(from), ts(to)], |r| {
        let evaluation = match r.get::<_, Option<String>>(6)? {
            Some(_) => Some(CitizenEvaluation {
                case_id: r.id(6)?,
                answers: Default::default(),
                comment: r.get(7)?,
                recorded_at: r.ts(8)?,
            }),
            None => None,
        };
        Ok(CaseRow {
            case_id: r.id(0)?,
            meeting_id: r.id(1)?,
            citizen_id: r.id(2)?,
            planned_minutes: r.get(3)?,
            attendance: r.opt_code(4, Attendance::from_code)?,
            template_version: r.get(5)?,
            evaluation,
        })
    })?;
    let mut out = rows.collect::<rusqlite::Result<Vec<CaseRow>>>()?;
    for k in &mut out {
        if let Some(e) = &mut k.evaluation {
            e.answers = answers.remove(&k.case_id).unwrap_or_default();
        }
    }
    Ok(out)
}

/// The citizens' answers of the cases of the team's meetings starting in `[from, to)`, by
/// case and question key.
fn report_answers(
    c: &Reader,
    team_id: Id,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<std::collections::HashMap<Id, std::collections::BTreeMap<String, Answer>>> {
    let mut st = c.prepare_cached(
        "SELECT a.case_id, a.question_key, a.answer
         FROM citizen_answer a JOIN \"case\" k ON k.id = a.case_id
         JOIN meeting m ON m.id = k.meeting_id
         WHERE m.team_id = ?1 AND m.starts_at >= ?2 AND m.starts_at < ?3",
    )?;
    let mut out: std::collections::HashMap<Id, std::collections::BTreeMap<String, Answer>> =
        Default::default();
    let mut rows = st.query(params![team_id.to_string(), ts(from), ts(to)])?;
    while let Some(r) = rows.next()? {
        out.entry(r.id(0)?)
            .or_default()
            .insert(r.get(1)?, r.code(2, Answer::from_code)?);
    }
    Ok(out)
}

/// The actors' evaluations (each organisation's, or the joint one) of the team's meetings
/// starting in `[from, to)`, in meeting order.
pub fn report_actor_evaluations(
    c: &Reader,
    team_id: Id,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<MeetingEvaluation>> {
    let mut st = c.prepare_cached(
        "SELECT e.meeting_id, e.org, e.effects, e.experiences, e.learning, e.coherent,
                e.recorded_at
         FROM actor_evaluation e JOIN meeting m ON m.id = e.meeting_id
         WHERE m.team_id = ?1 AND m.starts_at >= ?2 AND m.starts_at < ?3
         ORDER BY m.starts_at, e.org",
    )?;
    let rows = st.query_map(
        params![team_id.to_string(), ts(from), ts(to)],
        super::evaluations::actor_evaluation_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An agreement made in a case of a meeting in the range, with its state now.
#[derive(Debug, Clone)]
pub struct AgreementRow {
    pub case_id: Id,
    pub meeting_id: Id,
    pub created_at: DateTime<Utc>,
    /// The outcome of its latest review, or open (`refresh_agreement_status`).
    pub status: AgreementStatus,
    /// When that latest review was made, if there is one.
    pub reviewed_at: Option<DateTime<Utc>>,
}

/// Agreements made in cases of meetings starting in `[from, to)`, with their status now and
/// when their latest review was made (the review that gave the status: latest by its
/// meeting's start, or when it was made for a review without a case; not in a cancelled
/// meeting — the order of `refresh_agreement_status`).
pub fn report_agreements(
    c: &Reader,
    team_id: Id,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<AgreementRow>> {
    let mut st = c.prepare_cached(
        "SELECT a.case_id, k.meeting_id, a.created_at, a.status, a.reviewed_at
         FROM agreement a
         JOIN \"case\" k ON k.id = a.case_id JOIN meeting m ON m.id = k.meeting_id
         WHERE m.team_id = ?1 AND m.starts_at >= ?2 AND m.starts_at < ?3
         ORDER BY m.starts_at, k.position, a.position",
    )?;
    let rows = st.query_map(params![team_id.to_string(), ts(from), ts(to)], |r| {
        Ok(AgreementRow {
            case_id: r.id(0)?,
            meeting_id: r.id(1)?,
            created_at: r.ts(2)?,
            status: r.code(3, AgreementStatus::from_code)?,
            reviewed_at: r.opt_ts(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The agenda clocks of meetings starting in `[from, to)`: (meeting, key, seconds).
pub fn report_timings(
    c: &Reader,
    team_id: Id,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(Id, String, i64)>> {
    let mut st = c.prepare_cached(
        "SELECT t.meeting_id, t.key, t.elapsed_seconds FROM agenda_timing t
         JOIN meeting m ON m.id = t.meeting_id
         WHERE m.team_id = ?1 AND m.starts_at >= ?2 AND m.starts_at < ?3",
    )?;
    let rows = st.query_map(params![team_id.to_string(), ts(from), ts(to)], |r| {
        Ok((r.id(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The citizen's report key, if one was made.
pub fn report_key(c: &Reader, citizen_id: Id) -> Result<Option<String>> {
    Ok(
        c.prepare_cached("SELECT key FROM citizen_report_key WHERE citizen_id = ?1")?
            .query_row([citizen_id.to_string()], |r| r.get(0))
            .optional()?,
    )
}

pub fn insert_report_key(c: &Writer, citizen_id: Id, key: &str) -> Result<()> {
    c.execute(
        "INSERT INTO citizen_report_key (citizen_id, key) VALUES (?1, ?2)",
        params![citizen_id.to_string(), key],
    )?;
    Ok(())
}
