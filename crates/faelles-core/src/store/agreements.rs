//! Agreements, their reviews (`agreement_review`) and the carry-over queries: what is
//! still open for a citizen before a meeting, the reviews before it, the status from the latest
//! review.

use super::row::{json, not_found, ts, RowExt};
use super::{Reader, Writer};
use crate::domain::*;
use crate::error::Result;
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Row};

const AGREEMENT_COLS: &str = "id, case_id, position, what, who, due, status, created_at";

/// An agreement from columns 0–7 in `AGREEMENT_COLS` order.
pub(super) fn agreement_row(r: &Row) -> rusqlite::Result<Agreement> {
    Ok(Agreement {
        id: r.id(0)?,
        case_id: r.id(1)?,
        position: r.get(2)?,
        what: r.get(3)?,
        who: r.json(4)?,
        due: r.json(5)?,
        status: r.code(6, AgreementStatus::from_code)?,
        created_at: r.ts(7)?,
    })
}

pub fn upsert_agreement(c: &Writer, a: &Agreement) -> Result<()> {
    c.execute(
        &format!(
            "INSERT INTO agreement ({AGREEMENT_COLS}) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)
             ON CONFLICT(id) DO UPDATE SET position=?3, what=?4, who=?5, due=?6, status=?7"
        ),
        params![
            a.id.to_string(),
            a.case_id.to_string(),
            a.position,
            a.what,
            json(&a.who),
            json(&a.due),
            a.status.code(),
            ts(a.created_at)
        ],
    )?;
    Ok(())
}

pub fn get_agreement(c: &Reader, id: Id) -> Result<Agreement> {
    c.query_row(
        &format!("SELECT {AGREEMENT_COLS} FROM agreement WHERE id = ?1"),
        [id.to_string()],
        agreement_row,
    )
    .optional()?
    .ok_or_else(not_found("Aftalen"))
}

pub fn delete_agreement(c: &Writer, id: Id) -> Result<()> {
    c.execute("DELETE FROM agreement WHERE id = ?1", [id.to_string()])?;
    Ok(())
}

pub fn list_agreements(c: &Reader, case_id: Id) -> Result<Vec<Agreement>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {AGREEMENT_COLS} FROM agreement WHERE case_id = ?1 ORDER BY position, created_at"
    ))?;
    let rows = st.query_map([case_id.to_string()], agreement_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The next free agreement position in a case.
pub fn next_agreement_position(c: &Reader, case_id: Id) -> Result<u32> {
    Ok(c.query_row(
        "SELECT COALESCE(MAX(position) + 1, 0) FROM agreement WHERE case_id = ?1",
        [case_id.to_string()],
        |r| r.get(0),
    )?)
}

/// Writes a review (one per case and agreement) and refreshes the agreement's status.
pub fn upsert_review(c: &Writer, x: &AgreementReview) -> Result<()> {
    c.execute(
        "INSERT INTO agreement_review (case_id, agreement_id, outcome, comment, reviewed_at)
         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(case_id, agreement_id)
         DO UPDATE SET outcome = ?3, comment = ?4, reviewed_at = ?5",
        params![
            x.case_id.map(|id| id.to_string()),
            x.agreement_id.to_string(),
            x.outcome.code(),
            x.comment,
            ts(x.reviewed_at)
        ],
    )?;
    // The agreement's status and `reviewed_at` follow its reviews.
    refresh_agreement_status(c, x.agreement_id)?;
    Ok(())
}

pub fn list_reviews(c: &Reader, case_id: Id) -> Result<Vec<AgreementReview>> {
    let mut st = c.prepare_cached(
        "SELECT case_id, agreement_id, outcome, comment, reviewed_at FROM agreement_review
         WHERE case_id = ?1",
    )?;
    let rows = st.query_map([case_id.to_string()], review_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A review from columns 0–4: case_id, agreement_id, outcome, comment, reviewed_at.
pub(super) fn review_row(r: &Row) -> rusqlite::Result<AgreementReview> {
    Ok(AgreementReview {
        case_id: r.opt_id(0)?,
        agreement_id: r.id(1)?,
        outcome: r.code(2, AgreementStatus::from_code)?,
        comment: r.get(3)?,
        reviewed_at: r.ts(4)?,
    })
}

/// How many later cases reviewed an agreement.
pub fn review_count(c: &Reader, agreement_id: Id) -> Result<i64> {
    Ok(c.query_row(
        "SELECT COUNT(*) FROM agreement_review WHERE agreement_id = ?1",
        [agreement_id.to_string()],
        |r| r.get(0),
    )?)
}

/// Sets an agreement's status to the outcome of its latest review (by the date of the review:
/// its meeting's start, or when it was made for a review without a case; not cancelled
/// meetings), or open when it has none, and `reviewed_at` to when that review was made
/// (NULL: none). Returns the status.
pub fn refresh_agreement_status(c: &Writer, agreement_id: Id) -> Result<AgreementStatus> {
    c.prepare_cached(
        "UPDATE agreement SET (status, reviewed_at) = (
             SELECT COALESCE(MAX(outcome), 'open'), MAX(reviewed_at) FROM (
                 SELECT r.outcome, r.reviewed_at FROM agreement_review r
                 LEFT JOIN \"case\" c ON c.id = r.case_id
                 LEFT JOIN meeting m ON m.id = c.meeting_id
                 WHERE r.agreement_id = ?1 AND (r.case_id IS NULL OR m.status != 'cancelled')
                 ORDER BY COALESCE(m.starts_at, r.reviewed_at) DESC, r.reviewed_at DESC
                 LIMIT 1))
         WHERE id = ?1",
    )?
    .execute([agreement_id.to_string()])?;
    Ok(c.query_row(
        "SELECT status FROM agreement WHERE id = ?1",
        [agreement_id.to_string()],
        |r| r.code(0, AgreementStatus::from_code),
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
/// dropped) by a review in such an earlier case or by a review without a case made before
/// `before` (in the Opfølgning view). An agreement closed without any review (set
/// done in its own meeting) does not carry over. Reviews in the case at `before` itself do not
/// hide an agreement. Oldest meeting first, then position.
pub fn carried_over_agreements(
    c: &Reader,
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
             LEFT JOIN \"case\" rc ON rc.id = r.case_id
             LEFT JOIN meeting rm ON rm.id = rc.meeting_id
             WHERE r.agreement_id = a.id AND r.outcome IN ('done', 'dropped')
               AND CASE WHEN r.case_id IS NULL THEN r.reviewed_at < ?2
                        ELSE rm.starts_at < ?2 AND rm.status != 'cancelled' END)
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

/// A review with its date: the start of the meeting it was made in, or when it was made for a
/// review without a case.
#[derive(Debug, Clone, PartialEq)]
pub struct DatedReview {
    pub review: AgreementReview,
    pub meeting_starts_at: DateTime<Utc>,
}

/// The reviews of a citizen's agreements dated before `before`: made in their cases of not
/// cancelled meetings, or without a case. Oldest first.
pub fn earlier_reviews(
    c: &Reader,
    citizen_id: Id,
    before: DateTime<Utc>,
) -> Result<Vec<DatedReview>> {
    let mut st = c.prepare_cached(
        "SELECT r.case_id, r.agreement_id, r.outcome, r.comment, r.reviewed_at,
                COALESCE(m.starts_at, r.reviewed_at) AS at
         FROM agreement_review r
         JOIN agreement a ON a.id = r.agreement_id
         JOIN \"case\" ac ON ac.id = a.case_id
         LEFT JOIN \"case\" c ON c.id = r.case_id
         LEFT JOIN meeting m ON m.id = c.meeting_id
         WHERE ac.citizen_id = ?1 AND COALESCE(m.starts_at, r.reviewed_at) < ?2 AND (r.case_id IS NULL OR m.status != 'cancelled')
         ORDER BY at, r.reviewed_at",
    )?;
    let rows = st.query_map(params![citizen_id.to_string(), ts(before)], |r| {
        Ok(DatedReview {
            review: review_row(r)?,
            meeting_starts_at: r.ts(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Refreshes ([`refresh_agreement_status`]) every agreement reviewed in a case of the meeting
/// (after the meeting was cancelled, its reviews no longer count).
pub fn refresh_agreements_reviewed_in(c: &Writer, meeting_id: Id) -> Result<()> {
    let ids: Vec<Id> = c
        .prepare(
            "SELECT DISTINCT r.agreement_id FROM agreement_review r
             JOIN \"case\" k ON k.id = r.case_id WHERE k.meeting_id = ?1",
        )?
        .query_map([meeting_id.to_string()], |r| r.id(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        refresh_agreement_status(c, id)?;
    }
    Ok(())
}
