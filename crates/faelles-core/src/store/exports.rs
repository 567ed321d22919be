//! The record of every exported file (`export_record`).

use super::row::{ts, RowExt};
use crate::domain::*;
use crate::error::Result;
use rusqlite::{params, Connection};

pub fn insert_export(c: &Connection, x: &ExportRecord) -> Result<()> {
    c.execute(
        "INSERT INTO export_record (id, meeting_id, case_id, kind, path, sha256, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            x.id.to_string(),
            x.meeting_id.to_string(),
            x.case_id.map(|i| i.to_string()),
            x.kind.code(),
            x.path,
            x.sha256,
            ts(x.created_at)
        ],
    )?;
    Ok(())
}

pub fn list_exports(c: &Connection, meeting_id: Id) -> Result<Vec<ExportRecord>> {
    let mut st = c.prepare_cached(
        "SELECT id, meeting_id, case_id, kind, path, sha256, created_at FROM export_record
         WHERE meeting_id = ?1 ORDER BY created_at",
    )?;
    let rows = st.query_map([meeting_id.to_string()], |r| {
        Ok(ExportRecord {
            id: r.id(0)?,
            meeting_id: r.id(1)?,
            case_id: r.opt_id(2)?,
            kind: r.code(3, ExportKind::from_code)?,
            path: r.get(4)?,
            sha256: r.get(5)?,
            created_at: r.ts(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
