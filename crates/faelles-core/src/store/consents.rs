//! Consents: recorded, withdrawn (never deleted), listed.

use super::row::{date, not_found, ts, RowExt};
use super::{Reader, Writer};
use crate::domain::*;
use crate::error::Result;
use chrono::NaiveDate;
use rusqlite::{params, Row};

const CONSENT_COLS: &str =
    "id, citizen_id, given_on, method, scope, recorded_by, withdrawn_on, created_at, recipients";

fn consent_row(r: &Row) -> rusqlite::Result<Consent> {
    Ok(Consent {
        id: r.id(0)?,
        citizen_id: r.id(1)?,
        given_on: r.date(2)?,
        method: r.code(3, ConsentMethod::from_code)?,
        scope: r.get(4)?,
        recorded_by: r.get(5)?,
        withdrawn_on: r.opt_date(6)?,
        created_at: r.ts(7)?,
        recipients: r
            .get::<_, String>(8)?
            .split_whitespace()
            .map(str::to_string)
            .collect(),
    })
}

pub fn insert_consent(c: &Writer, x: &Consent) -> Result<()> {
    c.execute(
        &format!("INSERT INTO consent ({CONSENT_COLS}) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)"),
        params![
            x.id.to_string(),
            x.citizen_id.to_string(),
            date(x.given_on),
            x.method.code(),
            x.scope,
            x.recorded_by,
            x.withdrawn_on.map(date),
            ts(x.created_at),
            x.recipients.join(" ")
        ],
    )?;
    Ok(())
}

/// Records a withdrawal; the consent row itself is kept (history is never deleted).
pub fn withdraw_consent(c: &Writer, id: Id, on: NaiveDate) -> Result<()> {
    let n = c.execute(
        "UPDATE consent SET withdrawn_on = ?2 WHERE id = ?1 AND withdrawn_on IS NULL",
        params![id.to_string(), date(on)],
    )?;
    if n == 0 {
        return Err(not_found("Samtykket")());
    }
    Ok(())
}

pub fn list_consents(c: &Reader, citizen_id: Id) -> Result<Vec<Consent>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {CONSENT_COLS} FROM consent WHERE citizen_id = ?1 ORDER BY given_on, created_at"
    ))?;
    let rows = st.query_map([citizen_id.to_string()], consent_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
