//! The team (the app holds one).

use super::row::{not_found, ts, RowExt};
use super::{Reader, Writer};
use crate::domain::*;
use crate::error::Result;
use rusqlite::{params, OptionalExtension, Row};

const TEAM_COLS: &str =
    "id, name, municipality, region_partner, chair_id, coordinator_id, created_at";

fn team_row(r: &Row) -> rusqlite::Result<Team> {
    Ok(Team {
        id: r.id(0)?,
        name: r.get(1)?,
        municipality: r.get(2)?,
        region_partner: r.get(3)?,
        chair_id: r.opt_id(4)?,
        coordinator_id: r.opt_id(5)?,
        created_at: r.ts(6)?,
    })
}

pub fn insert_team(c: &Writer, t: &Team) -> Result<()> {
    c.execute(
        &format!("INSERT INTO team ({TEAM_COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
        params![
            t.id.to_string(),
            t.name,
            t.municipality,
            t.region_partner,
            t.chair_id.map(|i| i.to_string()),
            t.coordinator_id.map(|i| i.to_string()),
            ts(t.created_at)
        ],
    )?;
    Ok(())
}

/// A new team with its people: the team first without its chair and coordinator (they are
/// people of the team, who must exist before it names them), then the people, then the team
/// as given.
pub fn insert_team_with_members(c: &Writer, t: &Team, members: &[Participant]) -> Result<()> {
    insert_team(
        c,
        &Team {
            chair_id: None,
            coordinator_id: None,
            ..t.clone()
        },
    )?;
    for m in members {
        super::upsert_participant(c, m)?;
    }
    update_team(c, t)
}

pub fn update_team(c: &Writer, t: &Team) -> Result<()> {
    let n = c.execute(
        "UPDATE team SET name = ?2, municipality = ?3, region_partner = ?4, chair_id = ?5,
         coordinator_id = ?6 WHERE id = ?1",
        params![
            t.id.to_string(),
            t.name,
            t.municipality,
            t.region_partner,
            t.chair_id.map(|i| i.to_string()),
            t.coordinator_id.map(|i| i.to_string()),
        ],
    )?;
    if n == 0 {
        return Err(not_found("Teamet")());
    }
    Ok(())
}

/// The app holds one team; the first created is it.
pub fn get_team(c: &Reader) -> Result<Option<Team>> {
    Ok(c.query_row(
        &format!("SELECT {TEAM_COLS} FROM team ORDER BY created_at LIMIT 1"),
        [],
        team_row,
    )
    .optional()?)
}
