//! Personal data (schema 10): the team's retention periods, what the deletion list reads,
//! erasing a citizen, the files about a citizen that belong to no meeting, and what an access
//! request reads beyond the course.

use super::row::{ts, RowExt};
use super::{Reader, Writer};
use crate::domain::*;
use crate::error::Result;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;

/// A deleted citizen's `cpr` column starts with this (then random letters): ten characters,
/// unique per team as the column asks, and never a CPR number (`Cpr::erased` when read).
pub const ERASED_CPR: &str = "x";

/// Default days a citizen's data is kept after their last case (the schema's default too;
/// README.md says why).
pub const DEFAULT_RETENTION_DAYS: u32 = 365;
/// Default days a backup is kept (the schema's default too).
pub const DEFAULT_BACKUP_DAYS: u32 = 30;

/// The team's retention periods in days: citizens' data, backups.
pub fn retention_days(c: &Reader) -> Result<(u32, u32)> {
    Ok(c.query_row(
        "SELECT retention_days, backup_retention_days FROM team ORDER BY created_at LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

pub fn set_retention_days(c: &Writer, team_id: Id, citizens: u32, backups: u32) -> Result<()> {
    c.execute(
        "UPDATE team SET retention_days = ?2, backup_retention_days = ?3 WHERE id = ?1",
        params![team_id.to_string(), citizens, backups],
    )?;
    Ok(())
}

/// What the deletion list needs of one citizen not yet deleted.
#[derive(Debug, Clone)]
pub struct RetentionRow {
    pub citizen_id: Id,
    pub first_name: String,
    pub last_name: String,
    pub created_at: DateTime<Utc>,
    /// The start of the latest case in a meeting that was not cancelled.
    pub last_case_at: Option<DateTime<Utc>>,
    /// Cases in meetings planned or running (not held yet).
    pub coming_cases: u32,
    /// The latest withdrawal of a consent.
    pub withdrawn_on: Option<NaiveDate>,
}

pub fn retention_rows(c: &Reader, team_id: Id) -> Result<Vec<RetentionRow>> {
    let mut st = c.prepare_cached(
        "SELECT z.id, z.first_name, z.last_name, z.created_at,
                (SELECT max(m.starts_at) FROM \"case\" k JOIN meeting m ON m.id = k.meeting_id
                  WHERE k.citizen_id = z.id AND m.status != 'cancelled'),
                (SELECT count(*) FROM \"case\" k JOIN meeting m ON m.id = k.meeting_id
                  WHERE k.citizen_id = z.id AND m.status IN ('planned', 'running')),
                (SELECT max(withdrawn_on) FROM consent WHERE citizen_id = z.id)
         FROM citizen z WHERE z.team_id = ?1 AND z.deleted_at IS NULL",
    )?;
    let rows = st.query_map([team_id.to_string()], |r| {
        Ok(RetentionRow {
            citizen_id: r.id(0)?,
            first_name: r.get(1)?,
            last_name: r.get(2)?,
            created_at: r.ts(3)?,
            last_case_at: r.opt_ts(4)?,
            coming_cases: r.get(5)?,
            withdrawn_on: r.opt_date(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The dates of the meetings, planned or running, where the citizen has a case.
pub fn coming_case_dates(c: &Reader, citizen_id: Id) -> Result<Vec<DateTime<Utc>>> {
    let mut st = c.prepare_cached(
        "SELECT m.starts_at FROM \"case\" k JOIN meeting m ON m.id = k.meeting_id
         WHERE k.citizen_id = ?1 AND m.status IN ('planned', 'running') ORDER BY m.starts_at",
    )?;
    let rows = st.query_map([citizen_id.to_string()], |r| r.ts(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The deleted citizens: id and why (`deleted_reason`).
pub fn deleted_citizens(c: &Reader) -> Result<Vec<(Id, String)>> {
    let mut st = c.prepare_cached(
        "SELECT id, coalesce(deleted_reason, 'frist') FROM citizen WHERE deleted_at IS NOT NULL",
    )?;
    let rows = st.query_map([], |r| Ok((r.id(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Erases a citizen: name, CPR number, contact, every note of their cases, the text kept
/// beside them, their agreements' text and the comments of their reviews, their own words in
/// the evaluation and its read-through tick, the paths (they hold the name) of the files made
/// of their cases, and the names and contact details of ad hoc participants who took part in
/// their cases only. What the evaluation counts stays: the cases, attendance, the answers,
/// the agreements' status and dates, the pseudonymous report key. `placeholder` is the `cpr`
/// column's new value (starting with [`ERASED_CPR`]).
pub fn erase_citizen(
    c: &Writer,
    citizen_id: Id,
    placeholder: &str,
    at: DateTime<Utc>,
    reason: &str,
) -> Result<()> {
    let id = citizen_id.to_string();
    let cases = "SELECT id FROM \"case\" WHERE citizen_id = ?1";
    c.execute(
        "UPDATE citizen SET first_name = 'Slettet', last_name = 'borger', screen_name = NULL,
                cpr = ?2, contact_id = NULL, active = 0, deleted_at = ?3, deleted_reason = ?4
         WHERE id = ?1",
        params![id, placeholder, ts(at), reason],
    )?;
    c.execute(
        &format!("DELETE FROM section_note WHERE case_id IN ({cases})"),
        [&id],
    )?;
    c.execute(
        &format!("DELETE FROM kept_text WHERE case_id IN ({cases})"),
        [&id],
    )?;
    c.execute(
        &format!("UPDATE agreement SET what = '' WHERE case_id IN ({cases})"),
        [&id],
    )?;
    // Reviews of their agreements, wherever made (their next case or Opfølgning).
    c.execute(
        &format!(
            "UPDATE agreement_review SET comment = ''
             WHERE agreement_id IN (SELECT id FROM agreement WHERE case_id IN ({cases}))"
        ),
        [&id],
    )?;
    c.execute(
        &format!("UPDATE citizen_evaluation SET comment = '' WHERE case_id IN ({cases})"),
        [&id],
    )?;
    c.execute(
        &format!("DELETE FROM eval_text_cleared WHERE owner_id IN ({cases})"),
        [&id],
    )?;
    c.execute(
        &format!("UPDATE export_record SET path = '' WHERE case_id IN ({cases})"),
        [&id],
    )?;
    c.execute("DELETE FROM citizen_file WHERE citizen_id = ?1", [&id])?;
    // Ad hoc people (the citizen's doctor, relatives, ...) of their cases only.
    c.execute(
        &format!(
            "UPDATE participant SET name = 'Slettet', title = '', phone = NULL, email = NULL,
                    active = 0
             WHERE fixed = 0
               AND id IN (SELECT participant_id FROM case_participant WHERE case_id IN ({cases}))
               AND id NOT IN (SELECT participant_id FROM case_participant
                              WHERE case_id NOT IN ({cases}))"
        ),
        [&id],
    )?;
    Ok(())
}

/// After an erasure: every page rewritten without free space (VACUUM; `secure_delete` also
/// zeroes what is freed from now on) and the WAL emptied into the file and truncated, so no
/// old page with the erased text is left in the database file or its WAL. `false` when a
/// reader kept the checkpoint from finishing (the next one does).
pub fn scrub(c: &Reader) -> Result<bool> {
    c.execute_batch("VACUUM")?;
    let busy: i64 = c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    Ok(busy == 0)
}

/// A file about a citizen that belongs to no meeting (the access request's PDF).
#[derive(Debug, Clone, PartialEq)]
pub struct CitizenFile {
    pub id: Id,
    pub citizen_id: Id,
    pub kind: String,
    pub path: String,
    pub sha256: String,
    pub created_at: DateTime<Utc>,
}

pub fn insert_citizen_file(c: &Writer, f: &CitizenFile) -> Result<()> {
    c.execute(
        "INSERT INTO citizen_file (id, citizen_id, kind, path, sha256, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            f.id.to_string(),
            f.citizen_id.to_string(),
            f.kind,
            f.path,
            f.sha256,
            ts(f.created_at)
        ],
    )?;
    Ok(())
}

pub fn citizen_files(c: &Reader, citizen_id: Id) -> Result<Vec<CitizenFile>> {
    let mut st = c.prepare_cached(
        "SELECT id, citizen_id, kind, path, sha256, created_at FROM citizen_file
         WHERE citizen_id = ?1 ORDER BY created_at",
    )?;
    let rows = st.query_map([citizen_id.to_string()], |r| {
        Ok(CitizenFile {
            id: r.id(0)?,
            citizen_id: r.id(1)?,
            kind: r.get(2)?,
            path: r.get(3)?,
            sha256: r.get(4)?,
            created_at: r.ts(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every section note of the citizen's cases, whatever the meeting's state: (case, key, text).
pub fn access_notes(c: &Reader, citizen_id: Id) -> Result<Vec<(Id, String, String)>> {
    let mut st = c.prepare_cached(
        "SELECT n.case_id, n.key, n.text FROM section_note n
         JOIN \"case\" k ON k.id = n.case_id WHERE k.citizen_id = ?1 AND n.text != ''",
    )?;
    let rows = st.query_map([citizen_id.to_string()], |r| {
        Ok((r.id(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Text kept beside a note of the citizen's cases (not saved where it was typed): (case,
/// key, text).
pub fn access_kept_texts(c: &Reader, citizen_id: Id) -> Result<Vec<(Id, String, String)>> {
    let mut st = c.prepare_cached(
        "SELECT t.case_id, t.key, t.text FROM kept_text t
         JOIN \"case\" k ON k.id = t.case_id WHERE k.citizen_id = ?1 ORDER BY t.created_at",
    )?;
    let rows = st.query_map([citizen_id.to_string()], |r| {
        Ok((r.id(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The citizen's cases in cancelled meetings (the course leaves them out): (case, meeting's
/// start).
pub fn cancelled_cases(c: &Reader, citizen_id: Id) -> Result<Vec<(Id, DateTime<Utc>)>> {
    let mut st = c.prepare_cached(
        "SELECT k.id, m.starts_at FROM \"case\" k JOIN meeting m ON m.id = k.meeting_id
         WHERE k.citizen_id = ?1 AND m.status = 'cancelled' ORDER BY m.starts_at",
    )?;
    let rows = st.query_map([citizen_id.to_string()], |r| Ok((r.id(0)?, r.ts(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether a citizen is deleted.
pub fn is_deleted(c: &Reader, citizen_id: Id) -> Result<bool> {
    Ok(c.query_row(
        "SELECT deleted_at IS NOT NULL FROM citizen WHERE id = ?1",
        [citizen_id.to_string()],
        |r| r.get(0),
    )?)
}
