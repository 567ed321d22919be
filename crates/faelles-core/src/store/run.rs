//! Queries for running a meeting (agenda timing, notes, agreements, carry-over, evaluations)
//! that the base set lacks.

use super::queries::{agreement_row, review_row, ts, RowExt};
use crate::domain::*;
use crate::error::{CoreError, Result};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

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

pub fn case_context(c: &Connection, case_id: Id) -> Result<CaseContext> {
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

/// A member's attendance for the whole meeting carries into the meeting's cases where the
/// case has no attendance of its own (NULL) or still has the member's previous meeting-level
/// attendance; a per-case override is kept.
pub fn follow_member_attendance(
    c: &Connection,
    meeting_id: Id,
    participant_id: Id,
    previous: Option<Attendance>,
    new: Attendance,
) -> Result<usize> {
    Ok(c.execute(
        "UPDATE case_participant SET attendance = ?3
         WHERE participant_id = ?2
           AND case_id IN (SELECT id FROM \"case\" WHERE meeting_id = ?1)
           AND (attendance IS NULL OR attendance = ?4)",
        params![
            meeting_id.to_string(),
            participant_id.to_string(),
            new.code(),
            previous.map(|a| a.code())
        ],
    )?)
}

/// The next free agreement position in a case.
pub fn next_agreement_position(c: &Connection, case_id: Id) -> Result<u32> {
    Ok(c.query_row(
        "SELECT COALESCE(MAX(position) + 1, 0) FROM agreement WHERE case_id = ?1",
        [case_id.to_string()],
        |r| r.get(0),
    )?)
}

/// An agreement from an earlier case, with where it was made.
#[derive(Debug, Clone, PartialEq)]
pub struct CarriedAgreement {
    pub agreement: Agreement,
    pub origin_meeting_id: Id,
    pub origin_starts_at: DateTime<Utc>,
}

/// The agreements that carry over into a citizen's case in a meeting starting at `before`:
/// made in the citizen's cases of earlier, not cancelled meetings, and not closed (done or
/// dropped) by a review in such an earlier case. An agreement closed without any review (set
/// done in its own meeting) does not carry over. Reviews in the case at `before` itself do not
/// hide an agreement. Oldest meeting first, then position.
pub fn carried_over_agreements(
    c: &Connection,
    citizen_id: Id,
    before: DateTime<Utc>,
) -> Result<Vec<CarriedAgreement>> {
    let mut st = c.prepare_cached(
        "SELECT a.id, a.case_id, a.position, a.what, a.who, a.due, a.status, a.created_at,
                m.id, m.starts_at
         FROM agreement a
         JOIN \"case\" c ON c.id = a.case_id
         JOIN meeting m ON m.id = c.meeting_id
         WHERE c.citizen_id = ?1 AND m.starts_at < ?2 AND m.status != 'cancelled'
           AND NOT EXISTS (
             SELECT 1 FROM agreement_review r
             JOIN \"case\" rc ON rc.id = r.case_id
             JOIN meeting rm ON rm.id = rc.meeting_id
             WHERE r.agreement_id = a.id AND r.outcome IN ('done', 'dropped')
               AND rm.starts_at < ?2 AND rm.status != 'cancelled')
           AND NOT (a.status IN ('done', 'dropped')
             AND NOT EXISTS (SELECT 1 FROM agreement_review r2 WHERE r2.agreement_id = a.id))
         ORDER BY m.starts_at, a.position, a.created_at",
    )?;
    let rows = st.query_map(params![citizen_id.to_string(), ts(before)], |r| {
        Ok(CarriedAgreement {
            agreement: agreement_row(r)?,
            origin_meeting_id: r.id(8)?,
            origin_starts_at: r.ts(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A review with the start of the meeting it was made in.
#[derive(Debug, Clone, PartialEq)]
pub struct DatedReview {
    pub review: AgreementReview,
    pub meeting_starts_at: DateTime<Utc>,
}

/// The reviews made in a citizen's cases of not cancelled meetings starting before `before`,
/// oldest first.
pub fn earlier_reviews(
    c: &Connection,
    citizen_id: Id,
    before: DateTime<Utc>,
) -> Result<Vec<DatedReview>> {
    let mut st = c.prepare_cached(
        "SELECT r.case_id, r.agreement_id, r.outcome, r.comment, r.reviewed_at, m.starts_at
         FROM agreement_review r
         JOIN \"case\" c ON c.id = r.case_id
         JOIN meeting m ON m.id = c.meeting_id
         WHERE c.citizen_id = ?1 AND m.starts_at < ?2 AND m.status != 'cancelled'
         ORDER BY m.starts_at",
    )?;
    let rows = st.query_map(params![citizen_id.to_string(), ts(before)], |r| {
        Ok(DatedReview {
            review: review_row(r)?,
            meeting_starts_at: r.ts(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Sets an agreement's status to the outcome of its latest review (by meeting date, not
/// cancelled meetings), or open when it has none. Returns the status.
pub fn refresh_agreement_status(c: &Connection, agreement_id: Id) -> Result<AgreementStatus> {
    c.execute(
        "UPDATE agreement SET status = COALESCE((
             SELECT r.outcome FROM agreement_review r
             JOIN \"case\" c ON c.id = r.case_id
             JOIN meeting m ON m.id = c.meeting_id
             WHERE r.agreement_id = ?1 AND m.status != 'cancelled'
             ORDER BY m.starts_at DESC LIMIT 1), 'open')
         WHERE id = ?1",
        [agreement_id.to_string()],
    )?;
    Ok(c.query_row(
        "SELECT status FROM agreement WHERE id = ?1",
        [agreement_id.to_string()],
        |r| r.code(0, AgreementStatus::from_code),
    )?)
}

/// How many later cases reviewed an agreement.
pub fn review_count(c: &Connection, agreement_id: Id) -> Result<i64> {
    Ok(c.query_row(
        "SELECT COUNT(*) FROM agreement_review WHERE agreement_id = ?1",
        [agreement_id.to_string()],
        |r| r.get(0),
    )?)
}

/// Ends every running agenda-item clock of a meeting at `now` (adds the whole seconds run to
/// the item's total). Returns how many were running.
pub fn stop_running_timings(c: &Connection, meeting_id: Id, now: DateTime<Utc>) -> Result<usize> {
    let running: Vec<(String, DateTime<Utc>, i64)> = {
        let mut st = c.prepare_cached(
            "SELECT key, started_at, elapsed_seconds FROM agenda_timing
             WHERE meeting_id = ?1 AND started_at IS NOT NULL",
        )?;
        let rows = st.query_map([meeting_id.to_string()], |r| {
            Ok((r.get(0)?, r.ts(1)?, r.get(2)?))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut st = c.prepare_cached(
        "UPDATE agenda_timing SET started_at = NULL, elapsed_seconds = ?3
         WHERE meeting_id = ?1 AND key = ?2",
    )?;
    for (key, started, elapsed) in &running {
        let add = (now - *started).num_seconds().max(0);
        st.execute(params![meeting_id.to_string(), key, elapsed + add])?;
    }
    Ok(running.len())
}

/// Starts an agenda item's clock at `now`, keeping the seconds from earlier visits.
pub fn start_timing(c: &Connection, meeting_id: Id, key: &str, now: DateTime<Utc>) -> Result<()> {
    c.execute(
        "INSERT INTO agenda_timing (meeting_id, key, started_at, elapsed_seconds)
         VALUES (?1, ?2, ?3, 0) ON CONFLICT(meeting_id, key) DO UPDATE SET started_at = ?3",
        params![meeting_id.to_string(), key, ts(now)],
    )?;
    Ok(())
}
