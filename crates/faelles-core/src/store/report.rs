//! The trial's indicators: what the report reads for a range of meeting dates, each in one
//! query (the 20-year data set is read in a few milliseconds), and the citizens'
//! pseudonymous report keys (`citizen_report_key`).

use super::row::{ts, RowExt};
use crate::domain::*;
use crate::error::Result;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

/// One case of a meeting in the range, with what the report needs of it.
#[derive(Debug, Clone)]
pub struct CaseRow {
    pub case_id: Id,
    pub meeting_id: Id,
    pub citizen_id: Id,
    pub planned_minutes: Option<u32>,
    pub attendance: Option<Attendance>,
    /// The citizen's answers (involved, ownership, common goals), if recorded.
    pub answers: Option<[Answer; 3]>,
}

/// Cases of the team's meetings starting in `[from, to)`.
pub fn report_cases(
    c: &Connection,
    team_id: Id,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<CaseRow>> {
    let mut st = c.prepare_cached(
        "SELECT k.id, k.meeting_id, k.citizen_id, k.planned_minutes, k.citizen_attendance,
                e.involved, e.ownership, e.common_goals
         FROM \"case\" k JOIN meeting m ON m.id = k.meeting_id
         LEFT JOIN citizen_evaluation e ON e.case_id = k.id
         WHERE m.team_id = ?1 AND m.starts_at >= ?2 AND m.starts_at < ?3
           AND m.status != 'cancelled'
         ORDER BY m.starts_at, k.position",
    )?;
    let rows = st.query_map(params![team_id.to_string(), ts(from), ts(to)], |r| {
        let answers = match (
            r.opt_code(5, Answer::from_code)?,
            r.opt_code(6, Answer::from_code)?,
            r.opt_code(7, Answer::from_code)?,
        ) {
            (Some(a), Some(b), Some(c)) => Some([a, b, c]),
            _ => None,
        };
        Ok(CaseRow {
            case_id: r.id(0)?,
            meeting_id: r.id(1)?,
            citizen_id: r.id(2)?,
            planned_minutes: r.get(3)?,
            attendance: r.opt_code(4, Attendance::from_code)?,
            answers,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Meeting evaluations of meetings starting in `[from, to)`: (meeting, coherent, learning).
pub fn report_meeting_evaluations(
    c: &Connection,
    team_id: Id,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(Id, Option<Answer>, String)>> {
    let mut st = c.prepare_cached(
        "SELECT e.meeting_id, e.coherent, e.learning FROM meeting_evaluation e
         JOIN meeting m ON m.id = e.meeting_id
         WHERE m.team_id = ?1 AND m.starts_at >= ?2 AND m.starts_at < ?3
         ORDER BY m.starts_at",
    )?;
    let rows = st.query_map(params![team_id.to_string(), ts(from), ts(to)], |r| {
        Ok((r.id(0)?, r.opt_code(1, Answer::from_code)?, r.get(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Agreements made in cases of meetings starting in `[from, to)`: (case, meeting, created).
pub fn report_agreements(
    c: &Connection,
    team_id: Id,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(Id, Id, DateTime<Utc>)>> {
    let mut st = c.prepare_cached(
        "SELECT a.case_id, k.meeting_id, a.created_at FROM agreement a
         JOIN \"case\" k ON k.id = a.case_id JOIN meeting m ON m.id = k.meeting_id
         WHERE m.team_id = ?1 AND m.starts_at >= ?2 AND m.starts_at < ?3",
    )?;
    let rows = st.query_map(params![team_id.to_string(), ts(from), ts(to)], |r| {
        Ok((r.id(0)?, r.id(1)?, r.ts(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A review: its outcome, when the agreement was made, when it was reviewed.
pub type ReviewRow = (AgreementStatus, DateTime<Utc>, DateTime<Utc>);

/// Reviews dated in `[from, to)` (made in a meeting starting then, or without a case then): (outcome, when the agreement was
/// made, when it was reviewed).
pub fn report_reviews(
    c: &Connection,
    team_id: Id,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<ReviewRow>> {
    let mut st = c.prepare_cached(
        "SELECT r.outcome, a.created_at, r.reviewed_at FROM agreement_review r
         JOIN agreement a ON a.id = r.agreement_id
         JOIN \"case\" ak ON ak.id = a.case_id JOIN meeting am ON am.id = ak.meeting_id
         LEFT JOIN \"case\" k ON k.id = r.case_id LEFT JOIN meeting m ON m.id = k.meeting_id
         WHERE am.team_id = ?1 AND COALESCE(m.starts_at, r.reviewed_at) >= ?2
           AND COALESCE(m.starts_at, r.reviewed_at) < ?3",
    )?;
    let rows = st.query_map(params![team_id.to_string(), ts(from), ts(to)], |r| {
        Ok((r.code(0, AgreementStatus::from_code)?, r.ts(1)?, r.ts(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The agenda clocks of meetings starting in `[from, to)`: (meeting, key, seconds).
pub fn report_timings(
    c: &Connection,
    team_id: Id,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(Id, String, i64)>> {
    let mut st = c.prepare_cached(
        "SELECT t.meeting_id, t.key, t.elapsed_seconds FROM agenda_timing t
         JOIN meeting m ON m.id = t.meeting_id
         WHERE m.team_id = ?1 AND m.starts_at >= ?2 AND m.starts_at < ?3
           AND m.status = 'closed'",
    )?;
    let rows = st.query_map(params![team_id.to_string(), ts(from), ts(to)], |r| {
        Ok((r.id(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The citizen's report key, if one was made.
pub fn report_key(c: &Connection, citizen_id: Id) -> Result<Option<String>> {
    Ok(
        c.prepare_cached("SELECT key FROM citizen_report_key WHERE citizen_id = ?1")?
            .query_row([citizen_id.to_string()], |r| r.get(0))
            .optional()?,
    )
}

pub fn insert_report_key(c: &Connection, citizen_id: Id, key: &str) -> Result<()> {
    c.execute(
        "INSERT INTO citizen_report_key (citizen_id, key) VALUES (?1, ?2)",
        params![citizen_id.to_string(), key],
    )?;
    Ok(())
}
