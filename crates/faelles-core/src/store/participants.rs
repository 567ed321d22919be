//! The team's people: fixed members and ad hoc participants.

use super::row::{not_found, RowExt};
use super::{Reader, Writer};
use crate::domain::*;
use crate::error::Result;
use rusqlite::{params, OptionalExtension, Row};

const PARTICIPANT_COLS: &str =
    "id, team_id, fixed, role, name, organisation, title, phone, email, active";

fn participant_row(r: &Row) -> rusqlite::Result<Participant> {
    Ok(Participant {
        id: r.id(0)?,
        team_id: r.id(1)?,
        fixed: r.get(2)?,
        role: r.get(3)?,
        name: r.get(4)?,
        organisation: r.get(5)?,
        title: r.get(6)?,
        phone: r.get(7)?,
        email: r.get(8)?,
        active: r.get(9)?,
    })
}

pub fn upsert_participant(c: &Writer, p: &Participant) -> Result<()> {
    c.execute(
        &format!(
            "INSERT INTO participant ({PARTICIPANT_COLS}) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)
             ON CONFLICT(id) DO UPDATE SET fixed=?3, role=?4, name=?5, organisation=?6,
             title=?7, phone=?8, email=?9, active=?10"
        ),
        params![
            p.id.to_string(),
            p.team_id.to_string(),
            p.fixed,
            p.role,
            p.name,
            p.organisation,
            p.title,
            p.phone,
            p.email,
            p.active
        ],
    )?;
    Ok(())
}

pub fn get_participant(c: &Reader, id: Id) -> Result<Participant> {
    c.query_row(
        &format!("SELECT {PARTICIPANT_COLS} FROM participant WHERE id = ?1"),
        [id.to_string()],
        participant_row,
    )
    .optional()?
    .ok_or_else(not_found("Deltageren"))
}

pub fn list_participants(c: &Reader, team_id: Id) -> Result<Vec<Participant>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {PARTICIPANT_COLS} FROM participant WHERE team_id = ?1
         ORDER BY fixed DESC, name COLLATE NOCASE"
    ))?;
    let rows = st.query_map([team_id.to_string()], participant_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
