//! Cases (`"case"`), who takes part in them (`case_participant`), and a case's meeting
//! context in one query.

use super::row::{date, not_found, ts, RowExt};
use super::{Reader, Writer};
use crate::domain::*;
use crate::error::{CoreError, Result};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Row};

const CASE_COLS: &str = "id, meeting_id, citizen_id, position, planned_minutes, citizen_invited,
    citizen_expected, citizen_attendance, created_at, invited_on";

fn case_row(r: &Row) -> rusqlite::Result<Case> {
    Ok(Case {
        id: r.id(0)?,
        meeting_id: r.id(1)?,
        citizen_id: r.id(2)?,
        position: r.get(3)?,
        planned_minutes: r.get(4)?,
        citizen_invited: r.get(5)?,
        citizen_expected: r.opt_code(6, Attendance::from_code)?,
        citizen_attendance: r.opt_code(7, Attendance::from_code)?,
        created_at: r.ts(8)?,
        invited_on: r.opt_date(9)?,
    })
}

pub fn upsert_case(c: &Writer, x: &Case) -> Result<()> {
    c.execute(
        &format!(
            "INSERT INTO \"case\" ({CASE_COLS}) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)
             ON CONFLICT(id) DO UPDATE SET position=?4, planned_minutes=?5, citizen_invited=?6,
             citizen_expected=?7, citizen_attendance=?8, invited_on=?10"
        ),
        params![
            x.id.to_string(),
            x.meeting_id.to_string(),
            x.citizen_id.to_string(),
            x.position,
            x.planned_minutes,
            x.citizen_invited,
            x.citizen_expected.map(|a| a.code()),
            x.citizen_attendance.map(|a| a.code()),
            ts(x.created_at),
            x.invited_on.map(date)
        ],
    )?;
    Ok(())
}

pub fn get_case(c: &Reader, id: Id) -> Result<Case> {
    c.query_row(
        &format!("SELECT {CASE_COLS} FROM \"case\" WHERE id = ?1"),
        [id.to_string()],
        case_row,
    )
    .optional()?
    .ok_or_else(not_found("Borgersagen"))
}

pub fn list_cases(c: &Reader, meeting_id: Id) -> Result<Vec<Case>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {CASE_COLS} FROM \"case\" WHERE meeting_id = ?1 ORDER BY position"
    ))?;
    let rows = st.query_map([meeting_id.to_string()], case_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The citizen's cases in meetings that start before `before`, oldest first.
pub fn earlier_cases(c: &Reader, citizen_id: Id, before: DateTime<Utc>) -> Result<Vec<Case>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {} FROM \"case\" c JOIN meeting m ON m.id = c.meeting_id
         WHERE c.citizen_id = ?1 AND m.starts_at < ?2 AND m.status != 'cancelled'
         ORDER BY m.starts_at",
        CASE_COLS
            .split(',')
            .map(|s| format!("c.{}", s.trim()))
            .collect::<Vec<_>>()
            .join(", ")
    ))?;
    let rows = st.query_map(params![citizen_id.to_string(), ts(before)], case_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Number of cases per meeting of the team.
pub fn case_counts(c: &Reader, team_id: Id) -> Result<std::collections::HashMap<Id, usize>> {
    let mut st = c.prepare_cached(
        "SELECT m.id, COUNT(c.id) FROM meeting m JOIN \"case\" c ON c.meeting_id = m.id
         WHERE m.team_id = ?1 GROUP BY m.id",
    )?;
    let rows = st.query_map([team_id.to_string()], |r| {
        Ok((r.id(0)?, r.get::<_, i64>(1)? as usize))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The cases of a meeting with something written in them: a section note with text, or an
/// agreement (prepared before the meeting, or treated in it).
pub fn written_cases(c: &Reader, meeting_id: Id) -> Result<std::collections::HashSet<Id>> {
    let mut st = c.prepare_cached(
        "SELECT k.id FROM \"case\" k WHERE k.meeting_id = ?1 AND (
             EXISTS (SELECT 1 FROM section_note n WHERE n.case_id = k.id AND trim(n.text) <> '')
             OR EXISTS (SELECT 1 FROM agreement a WHERE a.case_id = k.id))",
    )?;
    let rows = st.query_map([meeting_id.to_string()], |r| r.id(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn delete_case(c: &Writer, id: Id) -> Result<()> {
    c.execute("DELETE FROM \"case\" WHERE id = ?1", [id.to_string()])?;
    Ok(())
}

pub fn set_case_participant(c: &Writer, x: &CaseParticipant) -> Result<()> {
    c.execute(
        "INSERT INTO case_participant (case_id, participant_id, attendance) VALUES (?1, ?2, ?3)
         ON CONFLICT(case_id, participant_id) DO UPDATE SET attendance = ?3",
        params![
            x.case_id.to_string(),
            x.participant_id.to_string(),
            x.attendance.map(|a| a.code())
        ],
    )?;
    Ok(())
}

pub fn remove_case_participant(c: &Writer, case_id: Id, participant_id: Id) -> Result<()> {
    c.execute(
        "DELETE FROM case_participant WHERE case_id = ?1 AND participant_id = ?2",
        params![case_id.to_string(), participant_id.to_string()],
    )?;
    Ok(())
}

pub fn list_case_participants(c: &Reader, case_id: Id) -> Result<Vec<CaseParticipant>> {
    let mut st = c.prepare_cached(
        "SELECT case_id, participant_id, attendance FROM case_participant WHERE case_id = ?1",
    )?;
    let rows = st.query_map([case_id.to_string()], |r| {
        Ok(CaseParticipant {
            case_id: r.id(0)?,
            participant_id: r.id(1)?,
            attendance: r.opt_code(2, Attendance::from_code)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What the rules need to know about a case's meeting, in one query (the keystroke path).
#[derive(Debug, Clone, PartialEq)]
pub struct CaseContext {
    pub case_id: Id,
    pub meeting_id: Id,
    pub team_id: Id,
    pub citizen_id: Id,
    pub status: MeetingStatus,
    pub template_version: String,
    pub starts_at: DateTime<Utc>,
}

pub fn case_context(c: &Reader, case_id: Id) -> Result<CaseContext> {
    let mut st = c.prepare_cached(
        "SELECT c.id, c.meeting_id, m.team_id, c.citizen_id, m.status, m.template_version,
         m.starts_at FROM \"case\" c JOIN meeting m ON m.id = c.meeting_id WHERE c.id = ?1",
    )?;
    st.query_row([case_id.to_string()], |r| {
        Ok(CaseContext {
            case_id: r.id(0)?,
            meeting_id: r.id(1)?,
            team_id: r.id(2)?,
            citizen_id: r.id(3)?,
            status: r.code(4, MeetingStatus::from_code)?,
            template_version: r.get(5)?,
            starts_at: r.ts(6)?,
        })
    })
    .optional()?
    .ok_or(CoreError::NotFound {
        what: "Borgersagen",
    })
}
