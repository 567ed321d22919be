//! A citizen's course (the timeline on the citizen's page): their cases in meetings that are
//! not cancelled, with the evaluations, the notes of some sections, the agreements made and
//! every review of them. One query per kind of row, whatever the length of the history.

use super::agreements::agreement_row;
use super::evaluations::citizen_evaluation_row;
use super::row::RowExt;
use super::Reader;
use crate::domain::*;
use crate::error::Result;
use chrono::{DateTime, Utc};
use rusqlite::params;

/// One of the citizen's cases with what the timeline needs of its meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct CourseCase {
    pub case_id: Id,
    pub meeting_id: Id,
    pub starts_at: DateTime<Utc>,
    pub meeting_status: MeetingStatus,
    pub template_version: String,
    pub citizen_attendance: Option<Attendance>,
}

/// The citizen's cases in meetings that are not cancelled, newest first.
pub fn course_cases(c: &Reader, citizen_id: Id) -> Result<Vec<CourseCase>> {
    let mut st = c.prepare_cached(
        "SELECT c.id, m.id, m.starts_at, m.status, m.template_version, c.citizen_attendance
         FROM \"case\" c JOIN meeting m ON m.id = c.meeting_id
         WHERE c.citizen_id = ?1 AND m.status != 'cancelled'
         ORDER BY m.starts_at DESC",
    )?;
    let rows = st.query_map([citizen_id.to_string()], |r| {
        Ok(CourseCase {
            case_id: r.id(0)?,
            meeting_id: r.id(1)?,
            starts_at: r.ts(2)?,
            meeting_status: r.code(3, MeetingStatus::from_code)?,
            template_version: r.get(4)?,
            citizen_attendance: r.opt_code(5, Attendance::from_code)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The citizen's evaluations of all their cases (any meeting).
pub fn course_evaluations(c: &Reader, citizen_id: Id) -> Result<Vec<CitizenEvaluation>> {
    let mut st = c.prepare_cached(
        "SELECT e.case_id, e.comment, e.recorded_at
         FROM citizen_evaluation e JOIN \"case\" c ON c.id = e.case_id
         WHERE c.citizen_id = ?1",
    )?;
    let rows = st.query_map([citizen_id.to_string()], citizen_evaluation_row)?;
    let mut out = rows.collect::<rusqlite::Result<Vec<CitizenEvaluation>>>()?;
    let mut st = c.prepare_cached(
        "SELECT a.case_id, a.question_key, a.answer
         FROM citizen_answer a JOIN \"case\" c ON c.id = a.case_id
         WHERE c.citizen_id = ?1",
    )?;
    let mut rows = st.query([citizen_id.to_string()])?;
    while let Some(r) = rows.next()? {
        let case_id = r.id(0)?;
        if let Some(e) = out.iter_mut().find(|e| e.case_id == case_id) {
            e.answers.insert(r.get(1)?, r.code(2, Answer::from_code)?);
        }
    }
    Ok(out)
}

/// The stored text of the sections `keys` in all the citizen's cases: (case id, key, text).
pub fn course_notes(
    c: &Reader,
    citizen_id: Id,
    keys: [&str; 2],
) -> Result<Vec<(Id, String, String)>> {
    let mut st = c.prepare_cached(
        "SELECT n.case_id, n.key, n.text
         FROM section_note n JOIN \"case\" c ON c.id = n.case_id
         WHERE c.citizen_id = ?1 AND n.key IN (?2, ?3)",
    )?;
    let rows = st.query_map(params![citizen_id.to_string(), keys[0], keys[1]], |r| {
        Ok((r.id(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The agreements made in all the citizen's cases, by position within a case.
pub fn course_agreements(c: &Reader, citizen_id: Id) -> Result<Vec<Agreement>> {
    let mut st = c.prepare_cached(
        "SELECT a.id, a.case_id, a.position, a.what, a.who, a.due, a.status, a.created_at
         FROM agreement a JOIN \"case\" c ON c.id = a.case_id
         WHERE c.citizen_id = ?1
         ORDER BY a.position, a.created_at",
    )?;
    let rows = st.query_map([citizen_id.to_string()], agreement_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A review of one of the citizen's agreements, with where and when it was made.
#[derive(Debug, Clone, PartialEq)]
pub struct CourseReview {
    pub agreement_id: Id,
    pub outcome: AgreementStatus,
    pub comment: String,
    /// The meeting of the case it was made in; `None` when made outside a case.
    pub meeting_id: Option<Id>,
    /// `words::review_date`: the earlier of the meeting's start and when it was made.
    pub at: DateTime<Utc>,
}

/// Every review of the agreements made in the citizen's cases, oldest first, each dated as
/// `words::review_date` says (the earlier of its meeting's start and when it was made; when
/// it was made if it has no case). Reached through the agreement's own case, so a review with no case counts.
pub fn course_reviews(c: &Reader, citizen_id: Id) -> Result<Vec<CourseReview>> {
    let mut st = c.prepare_cached(
        "SELECT r.agreement_id, r.outcome, r.comment, rm.id,
                MIN(COALESCE(rm.starts_at, r.reviewed_at), r.reviewed_at) AS at
         FROM agreement a
         JOIN \"case\" ac ON ac.id = a.case_id
         JOIN agreement_review r ON r.agreement_id = a.id
         LEFT JOIN \"case\" rc ON rc.id = r.case_id
         LEFT JOIN meeting rm ON rm.id = rc.meeting_id
         WHERE ac.citizen_id = ?1 AND (rm.id IS NULL OR rm.status != 'cancelled')
         ORDER BY at",
    )?;
    let rows = st.query_map([citizen_id.to_string()], |r| {
        Ok(CourseReview {
            agreement_id: r.id(0)?,
            outcome: r.code(1, AgreementStatus::from_code)?,
            comment: r.get(2)?,
            meeting_id: r.opt_id(3)?,
            at: r.ts(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
