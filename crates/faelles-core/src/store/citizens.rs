//! Citizens (the CPR number stored as digits, unique per team).

use super::row::{conv_err, not_found, ts, RowExt};
use super::{Reader, Writer};
use crate::cpr::Cpr;
use crate::domain::*;
use crate::error::{CoreError, Result};
use rusqlite::{params, OptionalExtension, Row};

const CITIZEN_COLS: &str =
    "id, team_id, first_name, last_name, screen_name, cpr, contact_id, active, created_at";

fn citizen_row(r: &Row) -> rusqlite::Result<Citizen> {
    let cpr: String = r.get(5)?;
    Ok(Citizen {
        id: r.id(0)?,
        team_id: r.id(1)?,
        first_name: r.get(2)?,
        last_name: r.get(3)?,
        screen_name: r.get(4)?,
        cpr: if cpr.starts_with(super::ERASED_CPR) {
            Cpr::erased()
        } else {
            Cpr::parse(&cpr).map_err(|e| conv_err(5, e))?
        },
        contact_id: r.opt_id(6)?,
        active: r.get(7)?,
        created_at: r.ts(8)?,
    })
}

pub fn upsert_citizen(c: &Writer, x: &Citizen) -> Result<()> {
    let res = c.execute(
        &format!(
            "INSERT INTO citizen ({CITIZEN_COLS}) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)
             ON CONFLICT(id) DO UPDATE SET first_name=?3, last_name=?4, screen_name=?5,
             cpr=?6, contact_id=?7, active=?8"
        ),
        params![
            x.id.to_string(),
            x.team_id.to_string(),
            x.first_name,
            x.last_name,
            x.screen_name,
            x.cpr.digits(),
            x.contact_id.map(|i| i.to_string()),
            x.active,
            ts(x.created_at)
        ],
    );
    match res {
        Err(rusqlite::Error::SqliteFailure(f, Some(msg)))
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                && msg.contains("citizen.cpr") =>
        {
            Err(CoreError::DuplicateCpr)
        }
        Err(e) => Err(e.into()),
        Ok(_) => Ok(()),
    }
}

pub fn get_citizen(c: &Reader, id: Id) -> Result<Citizen> {
    c.query_row(
        &format!("SELECT {CITIZEN_COLS} FROM citizen WHERE id = ?1"),
        [id.to_string()],
        citizen_row,
    )
    .optional()?
    .ok_or_else(not_found("Borgeren"))
}

pub fn citizen_by_cpr(c: &Reader, team_id: Id, cpr: &Cpr) -> Result<Option<Citizen>> {
    Ok(c.query_row(
        &format!("SELECT {CITIZEN_COLS} FROM citizen WHERE team_id = ?1 AND cpr = ?2"),
        params![team_id.to_string(), cpr.digits()],
        citizen_row,
    )
    .optional()?)
}

pub fn list_citizens(c: &Reader, team_id: Id) -> Result<Vec<Citizen>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {CITIZEN_COLS} FROM citizen WHERE team_id = ?1 AND deleted_at IS NULL
         ORDER BY first_name COLLATE NOCASE, last_name COLLATE NOCASE"
    ))?;
    let rows = st.query_map([team_id.to_string()], citizen_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
