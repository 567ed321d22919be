//! Attendance at the whole meeting (`meeting_attendance`) and how it carries into the
//! meeting's cases (`case_participant`).

use super::row::RowExt;
use super::{Reader, Writer};
use crate::domain::*;
use crate::error::Result;
use rusqlite::params;

pub fn set_meeting_attendance(c: &Writer, a: &MeetingAttendance) -> Result<()> {
    c.execute(
        "INSERT INTO meeting_attendance (meeting_id, participant_id, attendance)
         VALUES (?1, ?2, ?3) ON CONFLICT(meeting_id, participant_id) DO UPDATE SET attendance = ?3",
        params![
            a.meeting_id.to_string(),
            a.participant_id.to_string(),
            a.attendance.code()
        ],
    )?;
    Ok(())
}

pub fn list_meeting_attendance(c: &Reader, meeting_id: Id) -> Result<Vec<MeetingAttendance>> {
    let mut st = c.prepare_cached(
        "SELECT meeting_id, participant_id, attendance FROM meeting_attendance
         WHERE meeting_id = ?1",
    )?;
    let rows = st.query_map([meeting_id.to_string()], |r| {
        Ok(MeetingAttendance {
            meeting_id: r.id(0)?,
            participant_id: r.id(1)?,
            attendance: r.code(2, Attendance::from_code)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A member's attendance for the whole meeting carries into the meeting's cases where the
/// case has no attendance of its own (NULL) or still has the member's previous meeting-level
/// attendance; a per-case override is kept.
pub fn follow_member_attendance(
    c: &Writer,
    meeting_id: Id,
    participant_id: Id,
    previous: Option<Attendance>,
    new: Attendance,
) -> Result<usize> {
    Ok(c.execute(
        "UPDATE case_participant SET attendance = ?3
         WHERE participant_id = ?2
           AND case_id IN (SELECT id FROM \"case\" WHERE meeting_id = ?1)
           AND (attendance IS NULL OR attendance = ?4)",
        params![
            meeting_id.to_string(),
            participant_id.to_string(),
            new.code(),
            previous.map(|a| a.code())
        ],
    )?)
}
