//! Evaluations: the citizen's of a case, the professionals' of a meeting. Each answer is
//! written by itself as it is chosen; each text is a note with its own revision (written
//! through [`super::write_note`], like a section).

use super::row::{ts, RowExt};
use super::{Reader, Writer};
use crate::domain::*;
use crate::error::{CoreError, Result};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

/// A whole citizen's evaluation at once (the demo data, tests): answers and comment; the
/// comment's revision goes up when its text changes.
pub fn upsert_citizen_evaluation(c: &Writer, e: &CitizenEvaluation) -> Result<()> {
    c.execute(
        "INSERT INTO citizen_evaluation (case_id, involved, ownership, common_goals, comment,
         recorded_at, comment_revision) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5 <> '')
         ON CONFLICT(case_id) DO UPDATE SET involved = ?2, ownership = ?3, common_goals = ?4,
         comment_revision = comment_revision + (comment <> ?5), comment = ?5, recorded_at = ?6",
        params![
            e.case_id.to_string(),
            e.involved.code(),
            e.ownership.code(),
            e.common_goals.code(),
            e.comment,
            ts(e.recorded_at)
        ],
    )?;
    Ok(())
}

/// The citizen's answer to one question, the other answers untouched ("Ikke besvaret" when
/// the evaluation is new).
pub fn set_citizen_answer(
    c: &Writer,
    case_id: Id,
    question: CitizenQuestion,
    answer: Answer,
    now: DateTime<Utc>,
) -> Result<()> {
    ensure_citizen_evaluation(c, case_id, now)?;
    c.execute(
        &format!(
            "UPDATE citizen_evaluation SET {} = ?2, recorded_at = ?3 WHERE case_id = ?1",
            question.column()
        ),
        params![case_id.to_string(), answer.code(), ts(now)],
    )?;
    Ok(())
}

fn ensure_citizen_evaluation(c: &Writer, case_id: Id, now: DateTime<Utc>) -> Result<()> {
    c.execute(
        "INSERT INTO citizen_evaluation (case_id, involved, ownership, common_goals, recorded_at)
         VALUES (?1, 'ubesvaret', 'ubesvaret', 'ubesvaret', ?2) ON CONFLICT(case_id) DO NOTHING",
        params![case_id.to_string(), ts(now)],
    )?;
    Ok(())
}

fn ensure_meeting_evaluation(c: &Writer, meeting_id: Id, now: DateTime<Utc>) -> Result<()> {
    c.execute(
        "INSERT INTO meeting_evaluation (meeting_id, recorded_at) VALUES (?1, ?2)
         ON CONFLICT(meeting_id) DO NOTHING",
        params![meeting_id.to_string(), ts(now)],
    )?;
    Ok(())
}

/// The professionals' answer to "Bidrog mødet til et mere sammenhængende forløb?" (`None`:
/// not answered), their texts untouched.
pub fn set_meeting_coherent(
    c: &Writer,
    meeting_id: Id,
    answer: Option<Answer>,
    now: DateTime<Utc>,
) -> Result<()> {
    ensure_meeting_evaluation(c, meeting_id, now)?;
    c.execute(
        "UPDATE meeting_evaluation SET coherent = ?2, recorded_at = ?3 WHERE meeting_id = ?1",
        params![meeting_id.to_string(), answer.map(|a| a.code()), ts(now)],
    )?;
    Ok(())
}

/// Where an evaluation's text is stored, for a note that is one: (table, owner column, text
/// column, revision column).
#[derive(Debug, Clone, Copy)]
pub struct TextField {
    table: &'static str,
    owner: &'static str,
    text: &'static str,
    revision: &'static str,
}

/// The evaluation text a note is, if it is one (see [`EVAL_COMMENT_NOTE`],
/// [`EVAL_MEETING_NOTES`]).
pub fn text_field(note: &NoteRef) -> Option<TextField> {
    let (table, owner, text, revision) = match note {
        NoteRef::Case { key, .. } if key == EVAL_COMMENT_NOTE => (
            "citizen_evaluation",
            "case_id",
            "comment",
            "comment_revision",
        ),
        NoteRef::Meeting { key, .. } => match key.as_str() {
            "eval:effects" => (
                "meeting_evaluation",
                "meeting_id",
                "effects",
                "effects_revision",
            ),
            "eval:experiences" => (
                "meeting_evaluation",
                "meeting_id",
                "experiences",
                "experiences_revision",
            ),
            "eval:learning" => (
                "meeting_evaluation",
                "meeting_id",
                "learning",
                "learning_revision",
            ),
            _ => return None,
        },
        NoteRef::Case { .. } => return None,
    };
    Some(TextField {
        table,
        owner,
        text,
        revision,
    })
}

fn owner_of(note: &NoteRef) -> Id {
    match note {
        NoteRef::Case { case_id, .. } => *case_id,
        NoteRef::Meeting { meeting_id, .. } => *meeting_id,
    }
}

/// The stored text of an evaluation's field and its revision (`("", 0)` if never written).
pub fn stored_text(c: &Reader, note: &NoteRef, f: TextField) -> Result<(String, i64)> {
    Ok(c.query_row(
        &format!(
            "SELECT {}, {} FROM {} WHERE {} = ?1",
            f.text, f.revision, f.table, f.owner
        ),
        [owner_of(note).to_string()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .unwrap_or((String::new(), 0)))
}

/// Writes an evaluation's text on top of `base_revision` (refused as `StaleRevision` when
/// the stored revision is another); the evaluation is made if it was not there.
pub fn write_text(
    c: &Writer,
    note: &NoteRef,
    f: TextField,
    text: &str,
    base_revision: i64,
    now: DateTime<Utc>,
) -> Result<i64> {
    let (_, current) = stored_text(c, note, f)?;
    if current != base_revision {
        return Err(CoreError::StaleRevision {
            given: base_revision,
            current,
        });
    }
    let owner = owner_of(note);
    match note {
        NoteRef::Case { .. } => ensure_citizen_evaluation(c, owner, now)?,
        NoteRef::Meeting { .. } => ensure_meeting_evaluation(c, owner, now)?,
    }
    let next = current + 1;
    c.execute(
        &format!(
            "UPDATE {} SET {} = ?2, {} = ?3, recorded_at = ?4 WHERE {} = ?1",
            f.table, f.text, f.revision, f.owner
        ),
        params![owner.to_string(), text, next, ts(now)],
    )?;
    Ok(next)
}

pub fn get_citizen_evaluation(c: &Reader, case_id: Id) -> Result<Option<CitizenEvaluation>> {
    Ok(c.query_row(
        "SELECT case_id, involved, ownership, common_goals, comment, recorded_at
         FROM citizen_evaluation WHERE case_id = ?1",
        [case_id.to_string()],
        citizen_evaluation_row,
    )
    .optional()?)
}

/// A citizen's evaluation from columns 0–5: case_id, involved, ownership, common_goals,
/// comment, recorded_at.
pub(super) fn citizen_evaluation_row(r: &rusqlite::Row) -> rusqlite::Result<CitizenEvaluation> {
    Ok(CitizenEvaluation {
        case_id: r.id(0)?,
        involved: r.code(1, Answer::from_code)?,
        ownership: r.code(2, Answer::from_code)?,
        common_goals: r.code(3, Answer::from_code)?,
        comment: r.get(4)?,
        recorded_at: r.ts(5)?,
    })
}

/// A whole meeting evaluation at once (the demo data, tests); each text's revision goes up
/// when it changes.
pub fn upsert_meeting_evaluation(c: &Writer, e: &MeetingEvaluation) -> Result<()> {
    c.execute(
        "INSERT INTO meeting_evaluation (meeting_id, effects, experiences, learning, coherent,
         recorded_at, effects_revision, experiences_revision, learning_revision)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?2 <> '', ?3 <> '', ?4 <> '')
         ON CONFLICT(meeting_id) DO UPDATE SET
         effects_revision = effects_revision + (effects <> ?2),
         experiences_revision = experiences_revision + (experiences <> ?3),
         learning_revision = learning_revision + (learning <> ?4),
         effects = ?2, experiences = ?3, learning = ?4, coherent = ?5, recorded_at = ?6",
        params![
            e.meeting_id.to_string(),
            e.effects,
            e.experiences,
            e.learning,
            e.coherent.map(|a| a.code()),
            ts(e.recorded_at)
        ],
    )?;
    Ok(())
}

pub fn get_meeting_evaluation(c: &Reader, meeting_id: Id) -> Result<Option<MeetingEvaluation>> {
    Ok(c.query_row(
        "SELECT meeting_id, effects, experiences, learning, coherent, recorded_at
         FROM meeting_evaluation WHERE meeting_id = ?1",
        [meeting_id.to_string()],
        |r| {
            Ok(MeetingEvaluation {
                meeting_id: r.id(0)?,
                effects: r.get(1)?,
                experiences: r.get(2)?,
                learning: r.get(3)?,
                coherent: r.opt_code(4, Answer::from_code)?,
                recorded_at: r.ts(5)?,
            })
        },
    )
    .optional()?)
}
