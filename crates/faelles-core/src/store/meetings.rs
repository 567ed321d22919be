//! Meetings and their reopenings (`meeting_reopening`).

use super::row::{not_found, ts, RowExt};
use super::{Reader, Writer};
use crate::domain::*;
use crate::error::Result;
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Row};

const MEETING_COLS: &str = "id, team_id, starts_at, duration_minutes, place, video_link,
    theme_override, status, cancel_reason, template_version, started_at, closed_at,
    current_item, created_at, sequence";

fn meeting_row(r: &Row) -> rusqlite::Result<Meeting> {
    Ok(Meeting {
        id: r.id(0)?,
        team_id: r.id(1)?,
        starts_at: r.ts(2)?,
        duration_minutes: r.get(3)?,
        place: r.get(4)?,
        video_link: r.get(5)?,
        theme_override: r.get(6)?,
        status: r.code(7, MeetingStatus::from_code)?,
        cancel_reason: r.get(8)?,
        template_version: r.get(9)?,
        started_at: r.opt_ts(10)?,
        closed_at: r.opt_ts(11)?,
        current_item: r.get(12)?,
        created_at: r.ts(13)?,
        sequence: r.get(14)?,
    })
}

pub fn upsert_meeting(c: &Writer, m: &Meeting) -> Result<()> {
    c.execute(
        &format!(
            "INSERT INTO meeting ({MEETING_COLS}) VALUES
             (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)
             ON CONFLICT(id) DO UPDATE SET starts_at=?3, duration_minutes=?4, place=?5,
             video_link=?6, theme_override=?7, status=?8, cancel_reason=?9, template_version=?10,
             started_at=?11, closed_at=?12, current_item=?13, sequence=?15"
        ),
        params![
            m.id.to_string(),
            m.team_id.to_string(),
            ts(m.starts_at),
            m.duration_minutes,
            m.place,
            m.video_link,
            m.theme_override,
            m.status.code(),
            m.cancel_reason,
            m.template_version,
            m.started_at.map(ts),
            m.closed_at.map(ts),
            m.current_item,
            ts(m.created_at),
            m.sequence
        ],
    )?;
    Ok(())
}

pub fn get_meeting(c: &Reader, id: Id) -> Result<Meeting> {
    c.query_row(
        &format!("SELECT {MEETING_COLS} FROM meeting WHERE id = ?1"),
        [id.to_string()],
        meeting_row,
    )
    .optional()?
    .ok_or_else(not_found("Mødet"))
}

/// All meetings of the team, oldest first.
pub fn list_meetings(c: &Reader, team_id: Id) -> Result<Vec<Meeting>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {MEETING_COLS} FROM meeting WHERE team_id = ?1 ORDER BY starts_at"
    ))?;
    let rows = st.query_map([team_id.to_string()], meeting_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A non-cancelled meeting of the team overlapping `[start, end)`, other than `except`.
pub fn overlapping_meeting(
    c: &Reader,
    team_id: Id,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    except: Option<Id>,
) -> Result<Option<Meeting>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {MEETING_COLS} FROM meeting WHERE team_id = ?1 AND status != 'cancelled'
         AND id != ?2 AND starts_at < ?4 ORDER BY starts_at DESC"
    ))?;
    let except = except.map(|i| i.to_string()).unwrap_or_default();
    let rows = st.query_map(
        params![team_id.to_string(), except, ts(start), ts(end)],
        meeting_row,
    )?;
    for m in rows {
        let m = m?;
        if m.starts_at + chrono::Duration::minutes(m.duration_minutes as i64) > start {
            return Ok(Some(m));
        }
    }
    Ok(None)
}

pub fn insert_reopening(c: &Writer, x: &MeetingReopening) -> Result<()> {
    c.execute(
        "INSERT INTO meeting_reopening (id, meeting_id, at, reason) VALUES (?1, ?2, ?3, ?4)",
        params![
            x.id.to_string(),
            x.meeting_id.to_string(),
            ts(x.at),
            x.reason
        ],
    )?;
    Ok(())
}

pub fn list_reopenings(c: &Reader, meeting_id: Id) -> Result<Vec<MeetingReopening>> {
    let mut st = c.prepare_cached(
        "SELECT id, meeting_id, at, reason FROM meeting_reopening WHERE meeting_id = ?1
         ORDER BY at",
    )?;
    let rows = st.query_map([meeting_id.to_string()], |r| {
        Ok(MeetingReopening {
            id: r.id(0)?,
            meeting_id: r.id(1)?,
            at: r.ts(2)?,
            reason: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
