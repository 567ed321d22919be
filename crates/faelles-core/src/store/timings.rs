//! Agenda item clocks (`agenda_timing`): a start time plus the seconds accumulated.

use super::row::{ts, RowExt};
use super::{Reader, Writer};
use crate::domain::*;
use crate::error::Result;
use chrono::{DateTime, Utc};
use rusqlite::params;

pub fn upsert_timing(c: &Writer, t: &AgendaItemTiming) -> Result<()> {
    c.execute(
        "INSERT INTO agenda_timing (meeting_id, key, started_at, elapsed_seconds)
         VALUES (?1, ?2, ?3, ?4) ON CONFLICT(meeting_id, key)
         DO UPDATE SET started_at = ?3, elapsed_seconds = ?4",
        params![
            t.meeting_id.to_string(),
            t.key,
            t.started_at.map(ts),
            t.elapsed_seconds
        ],
    )?;
    Ok(())
}

pub fn list_timings(c: &Reader, meeting_id: Id) -> Result<Vec<AgendaItemTiming>> {
    let mut st = c.prepare_cached(
        "SELECT meeting_id, key, started_at, elapsed_seconds FROM agenda_timing
         WHERE meeting_id = ?1",
    )?;
    let rows = st.query_map([meeting_id.to_string()], |r| {
        Ok(AgendaItemTiming {
            meeting_id: r.id(0)?,
            key: r.get(1)?,
            started_at: r.opt_ts(2)?,
            elapsed_seconds: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Ends every running agenda-item clock of a meeting at `now` (adds the whole seconds run to
/// the item's total). Returns how many were running.
pub fn stop_running_timings(c: &Writer, meeting_id: Id, now: DateTime<Utc>) -> Result<usize> {
    let running: Vec<(String, DateTime<Utc>, i64)> = {
        let mut st = c.prepare_cached(
            "SELECT key, started_at, elapsed_seconds FROM agenda_timing
             WHERE meeting_id = ?1 AND started_at IS NOT NULL",
        )?;
        let rows = st.query_map([meeting_id.to_string()], |r| {
            Ok((r.get(0)?, r.ts(1)?, r.get(2)?))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut st = c.prepare_cached(
        "UPDATE agenda_timing SET started_at = NULL, elapsed_seconds = ?3
         WHERE meeting_id = ?1 AND key = ?2",
    )?;
    for (key, started, elapsed) in &running {
        let add = (now - *started).num_seconds().max(0);
        st.execute(params![meeting_id.to_string(), key, elapsed + add])?;
    }
    Ok(running.len())
}

/// Starts an agenda item's clock at `now`, keeping the seconds from earlier visits.
pub fn start_timing(c: &Writer, meeting_id: Id, key: &str, now: DateTime<Utc>) -> Result<()> {
    c.execute(
        "INSERT INTO agenda_timing (meeting_id, key, started_at, elapsed_seconds)
         VALUES (?1, ?2, ?3, 0) ON CONFLICT(meeting_id, key) DO UPDATE SET started_at = ?3",
        params![meeting_id.to_string(), key, ts(now)],
    )?;
    Ok(())
}
