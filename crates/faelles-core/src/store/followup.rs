//! What the Opfølgning view reads: the team's agreements still open (and those closed since a
//! given time), the latest review of each, and each citizen's next case.

use super::agreements::{agreement_row, review_row, DatedReview};
use super::row::{ts, RowExt};
use super::{Reader, Writer};
use crate::domain::*;
use crate::error::Result;
use chrono::{DateTime, Utc};
use rusqlite::params;

/// Which agreements the list holds (`a` an agreement; ?1 the team, ?2 since when): open or
/// continues (index agreement_status), or reviewed since ?2: made then (index
/// agreement_review_reviewed) or in a meeting starting then (meeting_team_start).
const LISTED: &str = "a.status IN ('open', 'continues') OR a.id IN (
    SELECT lr.agreement_id FROM agreement_review lr WHERE lr.reviewed_at >= ?2
    UNION SELECT lr.agreement_id FROM meeting lm
      JOIN \"case\" lk ON lk.meeting_id = lm.id
      JOIN agreement_review lr ON lr.case_id = lk.id
      WHERE lm.team_id = ?1 AND lm.starts_at >= ?2)";

/// An agreement of the team with its citizen and the meeting it was made in.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamAgreement {
    pub agreement: Agreement,
    pub citizen_id: Id,
    pub origin_meeting_id: Id,
    pub origin_starts_at: DateTime<Utc>,
}

/// The agreements made in the team's not cancelled meetings that are open (open or
/// continues), or closed (done or dropped) by a review made since `closed_since` or in a
/// meeting starting since then. Oldest meeting first, then position.
pub fn followup_agreements(
    c: &Reader,
    team_id: Id,
    closed_since: DateTime<Utc>,
) -> Result<Vec<TeamAgreement>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT a.id, a.case_id, a.position, a.what, a.who, a.due, a.status, a.created_at,
                    k.citizen_id, m.id, m.starts_at
             FROM agreement a
             JOIN \"case\" k ON k.id = a.case_id
             JOIN meeting m ON m.id = k.meeting_id
             WHERE m.team_id = ?1 AND m.status != 'cancelled' AND ({LISTED})
             ORDER BY m.starts_at, a.position, a.created_at"
    ))?;
    let rows = st.query_map(params![team_id.to_string(), ts(closed_since)], |r| {
        Ok(TeamAgreement {
            agreement: agreement_row(r)?,
            citizen_id: r.id(8)?,
            origin_meeting_id: r.id(9)?,
            origin_starts_at: r.ts(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The reviews of the agreements `followup_agreements` lists (same team and rule), with their
/// date (the review's meeting start, or when it was made without a case) and the status of
/// its meeting (none without a case), oldest first; reviews in cancelled meetings are left out.
pub fn followup_reviews(
    c: &Reader,
    team_id: Id,
    closed_since: DateTime<Utc>,
) -> Result<Vec<(DatedReview, Option<MeetingStatus>)>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT r.case_id, r.agreement_id, r.outcome, r.comment, r.reviewed_at,
                    COALESCE(rm.starts_at, r.reviewed_at), rm.status
             FROM agreement_review r
             LEFT JOIN \"case\" rk ON rk.id = r.case_id
             LEFT JOIN meeting rm ON rm.id = rk.meeting_id
             WHERE (r.case_id IS NULL OR rm.status != 'cancelled')
               AND r.agreement_id IN (
                 SELECT a.id FROM agreement a
                 JOIN \"case\" k ON k.id = a.case_id
                 JOIN meeting m ON m.id = k.meeting_id
                 WHERE m.team_id = ?1 AND m.status != 'cancelled' AND ({LISTED}))
             ORDER BY COALESCE(rm.starts_at, r.reviewed_at), r.reviewed_at"
    ))?;
    let rows = st.query_map(params![team_id.to_string(), ts(closed_since)], |r| {
        Ok((
            DatedReview {
                review: review_row(r)?,
                meeting_starts_at: r.ts(5)?,
            },
            r.opt_code(6, MeetingStatus::from_code)?,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A citizen's case in a meeting still to be held.
#[derive(Debug, Clone, PartialEq)]
pub struct ComingCase {
    pub citizen_id: Id,
    pub case_id: Id,
    pub meeting_id: Id,
    pub starts_at: DateTime<Utc>,
}

/// The team's cases in planned or running meetings starting at or after `from`, soonest
/// first.
pub fn coming_cases(c: &Reader, team_id: Id, from: DateTime<Utc>) -> Result<Vec<ComingCase>> {
    let mut st = c.prepare_cached(
        "SELECT k.citizen_id, k.id, m.id, m.starts_at FROM \"case\" k
         JOIN meeting m ON m.id = k.meeting_id
         WHERE m.team_id = ?1 AND m.status IN ('planned', 'running') AND m.starts_at >= ?2
         ORDER BY m.starts_at",
    )?;
    let rows = st.query_map(params![team_id.to_string(), ts(from)], |r| {
        Ok(ComingCase {
            citizen_id: r.id(0)?,
            case_id: r.id(1)?,
            meeting_id: r.id(2)?,
            starts_at: r.ts(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The latest review of an agreement (by its date, as `refresh_agreement_status` orders them;
/// cancelled meetings left out), with its rowid and, when made in a case, that meeting's status.
pub fn latest_review(
    c: &Reader,
    agreement_id: Id,
) -> Result<Option<(i64, AgreementReview, Option<MeetingStatus>)>> {
    let mut st = c.prepare_cached(
        "SELECT r.case_id, r.agreement_id, r.outcome, r.comment, r.reviewed_at, r.rowid, m.status
         FROM agreement_review r
         LEFT JOIN \"case\" k ON k.id = r.case_id
         LEFT JOIN meeting m ON m.id = k.meeting_id
         WHERE r.agreement_id = ?1 AND (r.case_id IS NULL OR m.status != 'cancelled')
         ORDER BY COALESCE(m.starts_at, r.reviewed_at) DESC, r.reviewed_at DESC LIMIT 1",
    )?;
    let mut rows = st.query_map([agreement_id.to_string()], |r| {
        Ok((
            r.get(5)?,
            review_row(r)?,
            r.opt_code(6, MeetingStatus::from_code)?,
        ))
    })?;
    Ok(rows.next().transpose()?)
}

/// Deletes one review by its rowid.
pub fn delete_review(c: &Writer, rowid: i64) -> Result<()> {
    c.execute("DELETE FROM agreement_review WHERE rowid = ?1", [rowid])?;
    Ok(())
}
