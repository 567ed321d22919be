//! The record of every exported file (`export_record`).

use super::row::{not_found, ts, RowExt};
use super::{Reader, Writer};
use crate::domain::*;
use crate::error::Result;
use chrono::{DateTime, Utc};
use rusqlite::params;

pub fn insert_export(c: &Writer, x: &ExportRecord) -> Result<()> {
    c.execute(
        "INSERT INTO export_record (id, meeting_id, case_id, kind, path, sha256, created_at,
         handed_over_at, draft, recipient, participant_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            x.id.to_string(),
            x.meeting_id.to_string(),
            x.case_id.map(|i| i.to_string()),
            x.kind.code(),
            x.path,
            x.sha256,
            ts(x.created_at),
            x.handed_over_at.map(ts),
            x.draft,
            x.recipient.code(),
            x.participant_id.map(|i| i.to_string())
        ],
    )?;
    Ok(())
}

const EXPORT_COLS: &str = "x.id, x.meeting_id, x.case_id, x.kind, x.path, x.sha256, \
    x.created_at, x.handed_over_at, x.draft, x.recipient, x.participant_id";

fn export_row(r: &rusqlite::Row) -> rusqlite::Result<ExportRecord> {
    Ok(ExportRecord {
        id: r.id(0)?,
        meeting_id: r.id(1)?,
        case_id: r.opt_id(2)?,
        kind: r.code(3, ExportKind::from_code)?,
        path: r.get(4)?,
        sha256: r.get(5)?,
        created_at: r.ts(6)?,
        handed_over_at: r.opt_ts(7)?,
        draft: r.get(8)?,
        recipient: r.code(9, Recipient::from_code)?,
        participant_id: r.opt_id(10)?,
    })
}

pub fn list_exports(c: &Reader, meeting_id: Id) -> Result<Vec<ExportRecord>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {EXPORT_COLS} FROM export_record x WHERE x.meeting_id = ?1
         ORDER BY x.created_at, x.rowid"
    ))?;
    let rows = st.query_map([meeting_id.to_string()], export_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every file made of one citizen's cases, and every file of the whole meeting (minutes,
/// the fixed team's agenda) of a meeting where they had a case, newest first: the answer to
/// an access request (what was made about them and for whom).
pub fn list_citizen_exports(c: &Reader, citizen_id: Id) -> Result<Vec<ExportRecord>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {EXPORT_COLS} FROM export_record x
         WHERE x.case_id IN (SELECT id FROM \"case\" WHERE citizen_id = ?1)
            OR (x.case_id IS NULL
                AND x.meeting_id IN (SELECT meeting_id FROM \"case\" WHERE citizen_id = ?1))
         ORDER BY x.created_at DESC, x.rowid DESC"
    ))?;
    let rows = st.query_map([citizen_id.to_string()], export_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Marks an export as handed over for e-Boks at `at` (or clears the mark with `None`).
pub fn set_handed_over(c: &Writer, id: Id, at: Option<DateTime<Utc>>) -> Result<()> {
    let n = c.execute(
        "UPDATE export_record SET handed_over_at = ?2 WHERE id = ?1",
        params![id.to_string(), at.map(ts)],
    )?;
    if n == 0 {
        return Err(not_found("Eksport")());
    }
    Ok(())
}
