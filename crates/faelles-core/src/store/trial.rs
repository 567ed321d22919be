//! The trial's own settings and marks (schema 9): the team's trial period, the chair's ticks
//! that a free text was read through for the evaluation file (`eval_text_cleared`), and the
//! baseline entered by hand for the period before the trial.

use super::row::{ts, RowExt};
use super::{Reader, Writer};
use crate::domain::*;
use crate::error::Result;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The team's trial period: start and evaluation date (each may be unset).
pub fn trial_period(c: &Reader, team_id: Id) -> Result<(Option<NaiveDate>, Option<NaiveDate>)> {
    Ok(c.query_row(
        "SELECT trial_start, trial_end FROM team WHERE id = ?1",
        [team_id.to_string()],
        |r| Ok((r.opt_date(0)?, r.opt_date(1)?)),
    )?)
}

pub fn set_trial_period(
    c: &Writer,
    team_id: Id,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> Result<()> {
    c.execute(
        "UPDATE team SET trial_start = ?2, trial_end = ?3 WHERE id = ?1",
        params![
            team_id.to_string(),
            start.map(|d| d.to_string()),
            end.map(|d| d.to_string())
        ],
    )?;
    Ok(())
}

/// Every tick: (owner, note key) → the SHA-256 of the text as it was read.
pub fn cleared_texts(c: &Reader) -> Result<HashMap<(Id, String), String>> {
    let mut st = c.prepare_cached("SELECT owner_id, note_key, sha256 FROM eval_text_cleared")?;
    let rows = st.query_map([], |r| Ok(((r.id(0)?, r.get(1)?), r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Ticks a text as read through (`Some(sha256)`) or takes the tick back (`None`).
pub fn set_cleared(
    c: &Writer,
    owner: Id,
    note_key: &str,
    sha256: Option<&str>,
    at: DateTime<Utc>,
) -> Result<()> {
    match sha256 {
        Some(sha) => c.execute(
            "INSERT INTO eval_text_cleared (owner_id, note_key, sha256, cleared_at)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(owner_id, note_key) DO UPDATE SET sha256 = ?3, cleared_at = ?4",
            params![owner.to_string(), note_key, sha, ts(at)],
        )?,
        None => c.execute(
            "DELETE FROM eval_text_cleared WHERE owner_id = ?1 AND note_key = ?2",
            params![owner.to_string(), note_key],
        )?,
    };
    Ok(())
}

/// How it was before the trial, entered by hand; every figure may be unknown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Baseline {
    pub period_from: String,
    pub period_to: String,
    pub meetings_held: Option<u32>,
    pub cases: Option<u32>,
    pub citizens: Option<u32>,
    /// Cases where the citizen took part (present or virtual).
    pub attended: Option<u32>,
    pub absent: Option<u32>,
    /// Citizens who answered a question about the meeting (if any were asked).
    pub answered: Option<u32>,
    /// Of those, who felt involved («Ja»).
    pub involved_yes: Option<u32>,
    /// Of those, who experienced coherence («Ja»).
    pub coherent_yes: Option<u32>,
    pub note: String,
}

pub fn baseline(c: &Reader, team_id: Id) -> Result<Option<Baseline>> {
    Ok(c.query_row(
        "SELECT period_from, period_to, meetings_held, cases, citizens, attended, absent,
                    answered, involved_yes, coherent_yes, note
             FROM baseline WHERE team_id = ?1",
        [team_id.to_string()],
        |r| {
            Ok(Baseline {
                period_from: r.get(0)?,
                period_to: r.get(1)?,
                meetings_held: r.get(2)?,
                cases: r.get(3)?,
                citizens: r.get(4)?,
                attended: r.get(5)?,
                absent: r.get(6)?,
                answered: r.get(7)?,
                involved_yes: r.get(8)?,
                coherent_yes: r.get(9)?,
                note: r.get(10)?,
            })
        },
    )
    .optional()?)
}

/// Saves the baseline (`None`: removes it).
pub fn set_baseline(
    c: &Writer,
    team_id: Id,
    b: Option<&Baseline>,
    at: DateTime<Utc>,
) -> Result<()> {
    let Some(b) = b else {
        c.execute(
            "DELETE FROM baseline WHERE team_id = ?1",
            [team_id.to_string()],
        )?;
        return Ok(());
    };
    c.execute(
        "INSERT INTO baseline (team_id, period_from, period_to, meetings_held, cases, citizens,
                               attended, absent, answered, involved_yes, coherent_yes, note,
                               updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
         ON CONFLICT(team_id) DO UPDATE SET period_from = ?2, period_to = ?3,
             meetings_held = ?4, cases = ?5, citizens = ?6, attended = ?7, absent = ?8,
             answered = ?9, involved_yes = ?10, coherent_yes = ?11, note = ?12,
             updated_at = ?13",
        params![
            team_id.to_string(),
            b.period_from,
            b.period_to,
            b.meetings_held,
            b.cases,
            b.citizens,
            b.attended,
            b.absent,
            b.answered,
            b.involved_yes,
            b.coherent_yes,
            b.note,
            ts(at)
        ],
    )?;
    Ok(())
}

/// (invited, final summary made, first e-Boks mark of it).
pub type CaseHandover = (bool, bool, Option<DateTime<Utc>>);

/// Of each case of the team's meetings starting in `[from, to)`: whether an invitation was
/// made for the citizen (`invited_on`, or an invitation file recorded), and the earliest time
/// the citizen's final summary was marked handed over for e-Boks (if it was), and whether a
/// final one was made at all.
pub fn report_case_handover(
    c: &Reader,
    team_id: Id,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<HashMap<Id, CaseHandover>> {
    let mut st = c.prepare_cached(
        "SELECT k.id,
                k.invited_on IS NOT NULL OR EXISTS (SELECT 1 FROM export_record x
                    WHERE x.case_id = k.id AND x.kind = 'invitation'),
                EXISTS (SELECT 1 FROM export_record x
                    WHERE x.case_id = k.id AND x.kind = 'citizen' AND x.draft = 0),
                (SELECT MIN(x.handed_over_at) FROM export_record x
                    WHERE x.case_id = k.id AND x.kind = 'citizen' AND x.draft = 0)
         FROM \"case\" k JOIN meeting m ON m.id = k.meeting_id
         WHERE m.team_id = ?1 AND m.starts_at >= ?2 AND m.starts_at < ?3",
    )?;
    let rows = st.query_map(params![team_id.to_string(), ts(from), ts(to)], |r| {
        Ok((r.id(0)?, (r.get(1)?, r.get(2)?, r.opt_ts(3)?)))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
