//! Notes: a case's sections (`section_note`), a meeting's own notes (`meeting_note`, e.g. the
//! notes of Månedens tema) and text kept beside a note because it could not be saved into it
//! (`kept_text`). Every note has a revision; a write names the revision it was typed on.

use super::row::{ts, RowExt};
use super::{Reader, Writer};
use crate::domain::*;
use crate::error::{CoreError, Result};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Row};

fn section_row(r: &Row) -> rusqlite::Result<SectionNote> {
    Ok(SectionNote {
        case_id: r.id(0)?,
        key: r.get(1)?,
        text: r.get(2)?,
        revision: r.get(3)?,
        updated_at: r.ts(4)?,
    })
}

/// The two tables of notes have the same shape: (owner, key, text, revision, updated_at).
struct Notes {
    table: &'static str,
    owner: &'static str,
}

const SECTIONS: Notes = Notes {
    table: "section_note",
    owner: "case_id",
};
const MEETING_NOTES: Notes = Notes {
    table: "meeting_note",
    owner: "meeting_id",
};

impl Notes {
    fn get<T>(
        &self,
        c: &Reader,
        owner: Id,
        key: &str,
        row: fn(&Row) -> rusqlite::Result<T>,
    ) -> Result<Option<T>> {
        let mut st = c.prepare_cached(&format!(
            "SELECT {o}, key, text, revision, updated_at FROM {t} WHERE {o} = ?1 AND key = ?2",
            o = self.owner,
            t = self.table
        ))?;
        Ok(st
            .query_row(params![owner.to_string(), key], row)
            .optional()?)
    }

    /// Writes the text if `base_revision` is the current one (0 for a note never written);
    /// returns the new revision. A stale base is refused, never applied over newer text.
    fn write(
        &self,
        c: &Writer,
        owner: Id,
        key: &str,
        text: &str,
        base_revision: i64,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let current = self
            .get(c, owner, key, |r| r.get::<_, i64>(3))?
            .unwrap_or(0);
        if current != base_revision {
            return Err(CoreError::StaleRevision {
                given: base_revision,
                current,
            });
        }
        let next = current + 1;
        c.execute(
            &format!(
                "INSERT INTO {t} ({o}, key, text, revision, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT({o}, key)
                 DO UPDATE SET text = ?3, revision = ?4, updated_at = ?5",
                o = self.owner,
                t = self.table
            ),
            params![owner.to_string(), key, text, next, ts(now)],
        )?;
        Ok(next)
    }
}

/// Writes a section's text on top of `base_revision` (see [`write_note`]).
pub fn save_note(
    c: &Writer,
    case_id: Id,
    key: &str,
    text: &str,
    base_revision: i64,
    now: DateTime<Utc>,
) -> Result<i64> {
    SECTIONS.write(c, case_id, key, text, base_revision, now)
}

pub fn list_notes(c: &Reader, case_id: Id) -> Result<Vec<SectionNote>> {
    let mut st = c.prepare_cached(
        "SELECT case_id, key, text, revision, updated_at FROM section_note WHERE case_id = ?1",
    )?;
    let rows = st.query_map([case_id.to_string()], section_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One section's note, or `None` if never written.
pub fn get_note(c: &Reader, case_id: Id, key: &str) -> Result<Option<SectionNote>> {
    SECTIONS.get(c, case_id, key, section_row)
}

/// One of a meeting's own notes, or `None` if never written.
pub fn get_meeting_note(c: &Reader, meeting_id: Id, key: &str) -> Result<Option<MeetingNote>> {
    MEETING_NOTES.get(c, meeting_id, key, |r| {
        Ok(MeetingNote {
            meeting_id: r.id(0)?,
            key: r.get(1)?,
            text: r.get(2)?,
            revision: r.get(3)?,
            updated_at: r.ts(4)?,
        })
    })
}

/// Writes one of a meeting's notes on top of `base_revision` (see [`write_note`]).
pub fn save_meeting_note(
    c: &Writer,
    meeting_id: Id,
    key: &str,
    text: &str,
    base_revision: i64,
    now: DateTime<Utc>,
) -> Result<i64> {
    MEETING_NOTES.write(c, meeting_id, key, text, base_revision, now)
}

/// The stored text and revision of any note (`("", 0)` if never written). The evaluations'
/// texts live in their own tables ([`super::evaluations`]).
pub fn stored_note(c: &Reader, note: &NoteRef) -> Result<(String, i64)> {
    if let Some(field) = super::evaluations::text_field(note) {
        return super::evaluations::stored_text(c, note, field);
    }
    Ok(match note {
        NoteRef::Case { case_id, key } => {
            get_note(c, *case_id, key)?.map_or((String::new(), 0), |n| (n.text, n.revision))
        }
        NoteRef::Meeting { meeting_id, key } => get_meeting_note(c, *meeting_id, key)?
            .map_or((String::new(), 0), |n| (n.text, n.revision)),
    })
}

/// Writes any note if `base_revision` is the current one (0 for a note never written); returns
/// the new revision. A stale base is refused (`StaleRevision`), never applied over newer text.
pub fn write_note(
    c: &Writer,
    note: &NoteRef,
    text: &str,
    base_revision: i64,
    now: DateTime<Utc>,
) -> Result<i64> {
    if let Some(field) = super::evaluations::text_field(note) {
        return super::evaluations::write_text(c, note, field, text, base_revision, now);
    }
    match note {
        NoteRef::Case { case_id, key } => save_note(c, *case_id, key, text, base_revision, now),
        NoteRef::Meeting { meeting_id, key } => {
            save_meeting_note(c, *meeting_id, key, text, base_revision, now)
        }
    }
}

// ---------------------------------------------------------------- kept text

const KEPT_COLS: &str = "id, meeting_id, case_id, key, text, reason, base_revision, created_at";

fn kept_row(r: &Row) -> rusqlite::Result<KeptText> {
    let meeting_id = r.id(1)?;
    let key: String = r.get(3)?;
    let note = match r.opt_id(2)? {
        Some(case_id) => NoteRef::Case { case_id, key },
        None => NoteRef::Meeting { meeting_id, key },
    };
    Ok(KeptText {
        id: r.id(0)?,
        meeting_id,
        note,
        text: r.get(4)?,
        reason: r.code(5, KeptReason::from_code)?,
        base_revision: r.get(6)?,
        created_at: r.ts(7)?,
    })
}

/// Keeps `x` beside its note. Text typed further on the same revision replaces its earlier
/// kept text when it contains all of it (and is not kept twice when an earlier one contains
/// it); anything else is kept as one more text, so that nothing kept is ever lost.
pub fn keep_text(c: &Writer, x: &KeptText) -> Result<Id> {
    for k in kept_texts(c, &x.note)? {
        if k.base_revision != x.base_revision || k.reason != x.reason {
            continue;
        }
        if k.text.contains(x.text.as_str()) {
            return Ok(k.id);
        }
        if x.text.contains(k.text.as_str()) {
            c.execute(
                "UPDATE kept_text SET text = ?2, created_at = ?3 WHERE id = ?1",
                params![k.id.to_string(), x.text, ts(x.created_at)],
            )?;
            return Ok(k.id);
        }
    }
    c.execute(
        &format!("INSERT INTO kept_text ({KEPT_COLS}) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)"),
        params![
            x.id.to_string(),
            x.meeting_id.to_string(),
            x.note.case_id().map(|id| id.to_string()),
            x.note.key(),
            x.text,
            x.reason.code(),
            x.base_revision,
            ts(x.created_at)
        ],
    )?;
    Ok(x.id)
}

/// The texts kept beside `note`, oldest first.
pub fn kept_texts(c: &Reader, note: &NoteRef) -> Result<Vec<KeptText>> {
    let (meeting_id, case_id): (Option<String>, Option<String>) = match note {
        NoteRef::Case { case_id, .. } => (None, Some(case_id.to_string())),
        NoteRef::Meeting { meeting_id, .. } => (Some(meeting_id.to_string()), None),
    };
    let mut st = c.prepare_cached(&format!(
        "SELECT {KEPT_COLS} FROM kept_text WHERE key = ?3
         AND ((?2 IS NOT NULL AND case_id = ?2) OR (?2 IS NULL AND case_id IS NULL AND meeting_id = ?1))
         ORDER BY created_at, id"
    ))?;
    let rows = st.query_map(params![meeting_id, case_id, note.key()], kept_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every text kept in a meeting (its own notes and its cases'), oldest first.
pub fn kept_texts_of_meeting(c: &Reader, meeting_id: Id) -> Result<Vec<KeptText>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {KEPT_COLS} FROM kept_text WHERE meeting_id = ?1 ORDER BY created_at, id"
    ))?;
    let rows = st.query_map([meeting_id.to_string()], kept_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get_kept_text(c: &Reader, id: Id) -> Result<KeptText> {
    c.query_row(
        &format!("SELECT {KEPT_COLS} FROM kept_text WHERE id = ?1"),
        [id.to_string()],
        kept_row,
    )
    .optional()?
    .ok_or(CoreError::NotFound { what: "Teksten" })
}

pub fn delete_kept_text(c: &Writer, id: Id) -> Result<()> {
    c.execute("DELETE FROM kept_text WHERE id = ?1", [id.to_string()])?;
    Ok(())
}
