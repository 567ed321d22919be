//! Evaluations: the citizen's of a case, the professionals' of a meeting.

use super::row::{ts, RowExt};
use crate::domain::*;
use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension};

pub fn upsert_citizen_evaluation(c: &Connection, e: &CitizenEvaluation) -> Result<()> {
    c.execute(
        "INSERT INTO citizen_evaluation (case_id, involved, ownership, common_goals, comment,
         recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(case_id) DO UPDATE SET
         involved = ?2, ownership = ?3, common_goals = ?4, comment = ?5, recorded_at = ?6",
        params![
            e.case_id.to_string(),
            e.involved.code(),
            e.ownership.code(),
            e.common_goals.code(),
            e.comment,
            ts(e.recorded_at)
        ],
    )?;
    Ok(())
}

pub fn get_citizen_evaluation(c: &Connection, case_id: Id) -> Result<Option<CitizenEvaluation>> {
    Ok(c.query_row(
        "SELECT case_id, involved, ownership, common_goals, comment, recorded_at
         FROM citizen_evaluation WHERE case_id = ?1",
        [case_id.to_string()],
        citizen_evaluation_row,
    )
    .optional()?)
}

/// A citizen's evaluation from columns 0–5: case_id, involved, ownership, common_goals,
/// comment, recorded_at.
pub(super) fn citizen_evaluation_row(r: &rusqlite::Row) -> rusqlite::Result<CitizenEvaluation> {
    Ok(CitizenEvaluation {
        case_id: r.id(0)?,
        involved: r.code(1, Answer::from_code)?,
        ownership: r.code(2, Answer::from_code)?,
        common_goals: r.code(3, Answer::from_code)?,
        comment: r.get(4)?,
        recorded_at: r.ts(5)?,
    })
}

pub fn upsert_meeting_evaluation(c: &Connection, e: &MeetingEvaluation) -> Result<()> {
    c.execute(
        "INSERT INTO meeting_evaluation (meeting_id, effects, experiences, learning, coherent,
         recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(meeting_id) DO UPDATE SET
         effects = ?2, experiences = ?3, learning = ?4, coherent = ?5, recorded_at = ?6",
        params![
            e.meeting_id.to_string(),
            e.effects,
            e.experiences,
            e.learning,
            e.coherent.map(|a| a.code()),
            ts(e.recorded_at)
        ],
    )?;
    Ok(())
}

pub fn get_meeting_evaluation(c: &Connection, meeting_id: Id) -> Result<Option<MeetingEvaluation>> {
    Ok(c.query_row(
        "SELECT meeting_id, effects, experiences, learning, coherent, recorded_at
         FROM meeting_evaluation WHERE meeting_id = ?1",
        [meeting_id.to_string()],
        |r| {
            Ok(MeetingEvaluation {
                meeting_id: r.id(0)?,
                effects: r.get(1)?,
                experiences: r.get(2)?,
                learning: r.get(3)?,
                coherent: r.opt_code(4, Answer::from_code)?,
                recorded_at: r.ts(5)?,
            })
        },
    )
    .optional()?)
}
