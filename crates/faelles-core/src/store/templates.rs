//! The team's template versions (schema 11): each a template as JSON, numbered, with who
//! saved it, when and why. A version is never changed after it is saved. Each version read
//! is registered by its id (`templates::register`), so that `templates::by_version` finds
//! it for every meeting that names it.

use super::row::{ts, RowExt};
use super::{Reader, Writer};
use crate::error::{CoreError, Result};
use crate::files::sha256_hex;
use crate::templates::{self, Template};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

/// What the bundled versions say of themselves in the list of versions.
const BUNDLED_NOTES: &[(&str, &str)] = &[
    (
        "faelles-team-2026.1",
        "Skabelonen fra modellens beskrivelse: dagsorden, sagsskabelon og tre spørgsmål til borgeren.",
    ),
    (
        "faelles-team-2026.2",
        "Forsøgets evaluering: to nye spørgsmål til borgeren, og aktørerne svarer hver for sin organisation.",
    ),
];

/// Who «saved» the bundled versions.
pub const BUNDLED_BY: &str = "Fælles Team (leveret med programmet)";

/// One version, without its body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TemplateVersionRow {
    pub id: String,
    pub number: i64,
    pub name: String,
    pub note: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub based_on: Option<String>,
    pub sha256: String,
}

fn body_json(t: &Template) -> String {
    serde_json::to_string(t).expect("a template serialises")
}

/// Writes the bundled versions a database needs when it has none yet: those its meetings
/// were planned with and the newest, numbered in the order they were shipped. (A new team
/// starts with the newest bundled one as its version 1.)
pub fn ensure_bundled(c: &Writer, now: DateTime<Utc>) -> Result<()> {
    let any: bool = c.query_row("SELECT EXISTS (SELECT 1 FROM template_version)", [], |r| {
        r.get(0)
    })?;
    if any {
        return Ok(());
    }
    let mut used = c.prepare("SELECT DISTINCT template_version FROM meeting")?;
    let used: Vec<String> = used
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let bundled = templates::bundled();
    let newest = bundled.len() - 1;
    let mut number: i64 = 0;
    for (i, t) in bundled.iter().enumerate() {
        if i != newest && !used.contains(&t.version) {
            continue;
        }
        number += 1;
        let note = BUNDLED_NOTES
            .iter()
            .find(|(id, _)| *id == t.version)
            .map_or("", |(_, n)| n);
        insert_row(c, t, number, note, BUNDLED_BY, None, now)?;
    }
    Ok(())
}

/// Writes version `number` of `t` under its id (`t.version`), with its body's SHA-256.
fn insert_row(
    c: &Writer,
    t: &Template,
    number: i64,
    note: &str,
    created_by: &str,
    based_on: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    let body = body_json(t);
    c.execute(
        "INSERT INTO template_version (id, number, body, sha256, note, created_by, created_at,
                                       based_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            t.version,
            number,
            body,
            sha256_hex(body.as_bytes()),
            note,
            created_by,
            ts(now),
            based_on
        ],
    )
    .map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            CoreError::Template(format!("version {} exists", t.version))
        }
        e => e.into(),
    })?;
    Ok(())
}

/// Registers every stored version (`templates::register`); a body that cannot be read is
/// left out (its meetings then say «Skabelonen kunne ikke læses»).
pub fn register_templates(c: &Reader) -> Result<()> {
    let mut st = c.prepare("SELECT id, body FROM template_version")?;
    let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, body) = row?;
        if let Ok(mut t) = serde_json::from_str::<Template>(&body) {
            t.version = id;
            templates::register(t);
        }
    }
    Ok(())
}

/// The id of the team's newest version (the one new meetings get).
pub fn newest_template_id(c: &Reader) -> Result<Option<String>> {
    Ok(c.query_row(
        "SELECT id FROM template_version ORDER BY number DESC LIMIT 1",
        [],
        |r| r.get(0),
    )
    .optional()?)
}

/// Every version, newest first.
pub fn template_versions(c: &Reader) -> Result<Vec<TemplateVersionRow>> {
    let mut st = c.prepare_cached(
        "SELECT id, number, json_extract(body, '$.name'), note, created_by, created_at,
                based_on, sha256
         FROM template_version ORDER BY number DESC",
    )?;
    let rows = st.query_map([], |r| {
        Ok(TemplateVersionRow {
            id: r.get(0)?,
            number: r.get(1)?,
            name: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            note: r.get(3)?,
            created_by: r.get(4)?,
            created_at: r.ts(5)?,
            based_on: r.get(6)?,
            sha256: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The number of a version of this team (`None`: not one of its versions).
pub fn template_number(c: &Reader, id: &str) -> Result<Option<i64>> {
    Ok(c.query_row(
        "SELECT number FROM template_version WHERE id = ?1",
        [id],
        |r| r.get(0),
    )
    .optional()?)
}

/// Saves `t` as the team's next version; returns its id (`t.version` is ignored and set).
pub fn insert_template_version(
    c: &Writer,
    t: &Template,
    note: &str,
    created_by: &str,
    based_on: Option<&str>,
    now: DateTime<Utc>,
) -> Result<&'static Template> {
    let number: i64 = c.query_row(
        "SELECT COALESCE(MAX(number), 0) + 1 FROM template_version",
        [],
        |r| r.get(0),
    )?;
    let mut t = t.clone();
    t.version = templates::saved_version_id(number, &t);
    insert_row(c, &t, number, note, created_by, based_on, now)?;
    Ok(templates::register(t))
}

/// How many meetings use each version: (planned, held or running, cancelled).
pub fn meetings_per_template(c: &Reader) -> Result<Vec<(String, u32, u32, u32)>> {
    let mut st = c.prepare_cached(
        "SELECT template_version,
                SUM(status = 'planned'), SUM(status IN ('running', 'closed')),
                SUM(status = 'cancelled')
         FROM meeting GROUP BY template_version",
    )?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Moves a planned meeting to another version (the caller checks it is planned).
pub fn set_meeting_template(c: &Writer, meeting_id: crate::domain::Id, id: &str) -> Result<()> {
    let n = c.execute(
        "UPDATE meeting SET template_version = ?2 WHERE id = ?1 AND status = 'planned'",
        params![meeting_id.to_string(), id],
    )?;
    if n == 0 {
        return Err(CoreError::MeetingNotComing);
    }
    Ok(())
}
