//! Evaluations: the citizen's of a case, the actors' of a meeting (one per organisation, or
//! the team's joint one). Each answer is
//! written by itself as it is chosen; each text is a note with its own revision (written
//! through [`super::write_note`], like a section).

use super::row::{ts, RowExt};
use super::{Reader, Writer};
use crate::domain::*;
use crate::error::{CoreError, Result};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

/// A whole citizen's evaluation at once (the demo data, tests): answers and comment; the
/// comment's revision goes up when its text changes. Questions without an answer in `e`
/// have no row (not asked).
pub fn upsert_citizen_evaluation(c: &Writer, e: &CitizenEvaluation) -> Result<()> {
    c.execute(
        "INSERT INTO citizen_evaluation (case_id, comment, recorded_at, comment_revision)
         VALUES (?1, ?2, ?3, ?2 <> '')
         ON CONFLICT(case_id) DO UPDATE SET
         comment_revision = comment_revision + (comment <> ?2), comment = ?2, recorded_at = ?3",
        params![e.case_id.to_string(), e.comment, ts(e.recorded_at)],
    )?;
    c.execute(
        "DELETE FROM citizen_answer WHERE case_id = ?1",
        [e.case_id.to_string()],
    )?;
    for (key, answer) in &e.answers {
        write_answer(c, e.case_id, key, *answer)?;
    }
    Ok(())
}

fn write_answer(c: &Writer, case_id: Id, key: &str, answer: Answer) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO citizen_answer (case_id, question_key, answer) VALUES (?1, ?2, ?3)
         ON CONFLICT(case_id, question_key) DO UPDATE SET answer = ?3",
    )?
    .execute(params![case_id.to_string(), key, answer.code()])?;
    Ok(())
}

/// The citizen's answer to one question (by its key in the case's meeting's template), the
/// other answers untouched ("Ikke besvaret" when the evaluation is new).
pub fn set_citizen_answer(
    c: &Writer,
    case_id: Id,
    question: &str,
    answer: Answer,
    now: DateTime<Utc>,
) -> Result<()> {
    ensure_citizen_evaluation(c, case_id, now)?;
    write_answer(c, case_id, question, answer)?;
    c.execute(
        "UPDATE citizen_evaluation SET recorded_at = ?2 WHERE case_id = ?1",
        params![case_id.to_string(), ts(now)],
    )?;
    Ok(())
}

/// Makes the case's evaluation if it is not there: every question of the template of the
/// case's meeting "Ikke besvaret" (a question that template does not ask gets no row: not
/// asked).
fn ensure_citizen_evaluation(c: &Writer, case_id: Id, now: DateTime<Utc>) -> Result<()> {
    let made = c.execute(
        "INSERT INTO citizen_evaluation (case_id, recorded_at) VALUES (?1, ?2)
         ON CONFLICT(case_id) DO NOTHING",
        params![case_id.to_string(), ts(now)],
    )?;
    if made == 0 {
        return Ok(());
    }
    let version: String = c.query_row(
        "SELECT m.template_version FROM \"case\" k JOIN meeting m ON m.id = k.meeting_id
         WHERE k.id = ?1",
        [case_id.to_string()],
        |r| r.get(0),
    )?;
    for q in &crate::templates::by_version(&version)?.citizen_evaluation {
        write_answer(c, case_id, &q.key, Answer::Unanswered)?;
    }
    Ok(())
}

fn ensure_actor_evaluation(c: &Writer, meeting_id: Id, org: Org, now: DateTime<Utc>) -> Result<()> {
    c.execute(
        "INSERT INTO actor_evaluation (meeting_id, org, recorded_at) VALUES (?1, ?2, ?3)
         ON CONFLICT(meeting_id, org) DO NOTHING",
        params![meeting_id.to_string(), org.code(), ts(now)],
    )?;
    Ok(())
}

/// An organisation's (or the joint) answer to "Bidrog mødet til et mere sammenhængende
/// forløb?" (`None`: not answered), their texts untouched.
pub fn set_meeting_coherent(
    c: &Writer,
    meeting_id: Id,
    org: Org,
    answer: Option<Answer>,
    now: DateTime<Utc>,
) -> Result<()> {
    ensure_actor_evaluation(c, meeting_id, org, now)?;
    c.execute(
        "UPDATE actor_evaluation SET coherent = ?3, recorded_at = ?4
         WHERE meeting_id = ?1 AND org = ?2",
        params![
            meeting_id.to_string(),
            org.code(),
            answer.map(|a| a.code()),
            ts(now)
        ],
    )?;
    Ok(())
}

/// Where an evaluation's text is stored, for a note that is one: (table, owner column, text
/// column, revision column, and the organisation for an actors' text).
#[derive(Debug, Clone, Copy)]
pub struct TextField {
    table: &'static str,
    owner: &'static str,
    text: &'static str,
    revision: &'static str,
    org: Option<Org>,
}

/// The evaluation text a note is, if it is one (see [`EVAL_COMMENT_NOTE`],
/// [`EVAL_MEETING_NOTES`]).
pub fn text_field(note: &NoteRef) -> Option<TextField> {
    let (table, owner, text, revision, org) = match note {
        NoteRef::Case { key, .. } if key == EVAL_COMMENT_NOTE => (
            "citizen_evaluation",
            "case_id",
            "comment",
            "comment_revision",
            None,
        ),
        NoteRef::Meeting { key, .. } => {
            let (org, field) = Org::of_note_key(key)?;
            let (text, revision) = match field {
                "effects" => ("effects", "effects_revision"),
                "experiences" => ("experiences", "experiences_revision"),
                "learning" => ("learning", "learning_revision"),
                _ => return None,
            };
            ("actor_evaluation", "meeting_id", text, revision, Some(org))
        }
        NoteRef::Case { .. } => return None,
    };
    Some(TextField {
        table,
        owner,
        text,
        revision,
        org,
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
            "SELECT {}, {} FROM {} WHERE {} = ?1 AND {}",
            f.text,
            f.revision,
            f.table,
            f.owner,
            org_filter(f)
        ),
        params![owner_of(note).to_string(), f.org.map(Org::code)],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .unwrap_or((String::new(), 0)))
}

/// The SQL condition on the organisation (`?2`) for an actors' text; always true otherwise.
fn org_filter(f: TextField) -> &'static str {
    if f.org.is_some() {
        "org = ?2"
    } else {
        "?2 IS NULL"
    }
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
    match (note, f.org) {
        (NoteRef::Meeting { .. }, Some(org)) => ensure_actor_evaluation(c, owner, org, now)?,
        _ => ensure_citizen_evaluation(c, owner, now)?,
    }
    let next = current + 1;
    c.execute(
        &format!(
            "UPDATE {} SET {} = ?3, {} = ?4, recorded_at = ?5 WHERE {} = ?1 AND {}",
            f.table,
            f.text,
            f.revision,
            f.owner,
            org_filter(f)
        ),
        params![owner.to_string(), f.org.map(Org::code), text, next, ts(now)],
    )?;
    Ok(next)
}

pub fn get_citizen_evaluation(c: &Reader, case_id: Id) -> Result<Option<CitizenEvaluation>> {
    let Some(mut e) = c
        .prepare_cached(
            "SELECT case_id, comment, recorded_at FROM citizen_evaluation WHERE case_id = ?1",
        )?
        .query_row([case_id.to_string()], citizen_evaluation_row)
        .optional()?
    else {
        return Ok(None);
    };
    e.answers = citizen_answers(c, case_id)?;
    Ok(Some(e))
}

/// A case's answers by question key.
pub fn citizen_answers(
    c: &Reader,
    case_id: Id,
) -> Result<std::collections::BTreeMap<String, Answer>> {
    let mut st =
        c.prepare_cached("SELECT question_key, answer FROM citizen_answer WHERE case_id = ?1")?;
    let rows = st.query_map([case_id.to_string()], |r| {
        Ok((r.get::<_, String>(0)?, r.code(1, Answer::from_code)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A citizen's evaluation without its answers from columns 0–2: case_id, comment,
/// recorded_at (the answers are `citizen_answer`'s rows: [`citizen_answers`]).
pub(super) fn citizen_evaluation_row(r: &rusqlite::Row) -> rusqlite::Result<CitizenEvaluation> {
    Ok(CitizenEvaluation {
        case_id: r.id(0)?,
        answers: Default::default(),
        comment: r.get(1)?,
        recorded_at: r.ts(2)?,
    })
}

/// A whole actors' evaluation at once (the demo data, tests); each text's revision goes up
/// when it changes.
pub fn upsert_meeting_evaluation(c: &Writer, e: &MeetingEvaluation) -> Result<()> {
    c.execute(
        "INSERT INTO actor_evaluation (meeting_id, org, effects, experiences, learning, coherent,
         recorded_at, effects_revision, experiences_revision, learning_revision)
         VALUES (?1, ?7, ?2, ?3, ?4, ?5, ?6, ?2 <> '', ?3 <> '', ?4 <> '')
         ON CONFLICT(meeting_id, org) DO UPDATE SET
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
            ts(e.recorded_at),
            e.org.code(),
        ],
    )?;
    Ok(())
}

const ACTOR_COLUMNS: &str =
    "meeting_id, org, effects, experiences, learning, coherent, recorded_at";

/// An actors' evaluation from columns 0–6: meeting_id, org, effects, experiences,
/// learning, coherent, recorded_at.
pub(super) fn actor_evaluation_row(r: &rusqlite::Row) -> rusqlite::Result<MeetingEvaluation> {
    Ok(MeetingEvaluation {
        meeting_id: r.id(0)?,
        org: r.code(1, Org::from_code)?,
        effects: r.get(2)?,
        experiences: r.get(3)?,
        learning: r.get(4)?,
        coherent: r.opt_code(5, Answer::from_code)?,
        recorded_at: r.ts(6)?,
    })
}

/// One organisation's (or the joint) evaluation of a meeting, if any was recorded.
pub fn get_meeting_evaluation(
    c: &Reader,
    meeting_id: Id,
    org: Org,
) -> Result<Option<MeetingEvaluation>> {
    Ok(c.query_row(
        &format!("SELECT {ACTOR_COLUMNS} FROM actor_evaluation WHERE meeting_id = ?1 AND org = ?2"),
        params![meeting_id.to_string(), org.code()],
        actor_evaluation_row,
    )
    .optional()?)
}

/// Every actors' evaluation of a meeting, in the order of [`Org::ALL`].
pub fn meeting_evaluations(c: &Reader, meeting_id: Id) -> Result<Vec<MeetingEvaluation>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {ACTOR_COLUMNS} FROM actor_evaluation WHERE meeting_id = ?1"
    ))?;
    let mut v = st
        .query_map([meeting_id.to_string()], actor_evaluation_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    v.sort_by_key(|e| Org::ALL.iter().position(|o| *o == e.org));
    Ok(v)
}
