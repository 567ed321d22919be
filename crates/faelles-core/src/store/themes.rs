//! The annual wheel of themes (`theme_wheel`).

use super::row::RowExt;
use super::{Reader, Writer};
use crate::domain::*;
use crate::error::Result;
use rusqlite::params;

pub fn set_theme(c: &Writer, e: &ThemeEntry) -> Result<()> {
    if e.title.trim().is_empty() {
        c.execute(
            "DELETE FROM theme_wheel WHERE team_id = ?1 AND year = ?2 AND slot = ?3",
            params![e.team_id.to_string(), e.year, e.slot],
        )?;
    } else {
        c.execute(
            "INSERT INTO theme_wheel (team_id, year, slot, title) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(team_id, year, slot) DO UPDATE SET title = ?4",
            params![e.team_id.to_string(), e.year, e.slot, e.title],
        )?;
    }
    Ok(())
}

pub fn theme_wheel(c: &Reader, team_id: Id, year: i32) -> Result<Vec<ThemeEntry>> {
    let mut st = c.prepare_cached(
        "SELECT team_id, year, slot, title FROM theme_wheel WHERE team_id = ?1 AND year = ?2
         ORDER BY slot",
    )?;
    let rows = st.query_map(params![team_id.to_string(), year], |r| {
        Ok(ThemeEntry {
            team_id: r.id(0)?,
            year: r.get(1)?,
            slot: r.get(2)?,
            title: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
