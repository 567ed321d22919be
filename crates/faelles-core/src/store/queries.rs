//! Row mapping and queries, one function per operation. Functions take a `&Connection`
//! (a `Transaction` derefs to one), so `Store::write` composes several in one transaction.

use crate::cpr::Cpr;
use crate::domain::*;
use crate::error::{CoreError, Result};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::types::Type;
use rusqlite::{params, Connection, OptionalExtension, Row};

pub fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn conv_err(idx: usize, e: impl std::error::Error + Send + Sync + 'static) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(e))
}

#[derive(Debug, thiserror::Error)]
#[error("unknown code {0:?}")]
struct BadCode(String);

/// Typed column reads (ids, times, dates, codes, JSON) shared by the store's query files.
pub(super) trait RowExt {
    fn id(&self, i: usize) -> rusqlite::Result<Id>;
    fn opt_id(&self, i: usize) -> rusqlite::Result<Option<Id>>;
    fn ts(&self, i: usize) -> rusqlite::Result<DateTime<Utc>>;
    fn opt_ts(&self, i: usize) -> rusqlite::Result<Option<DateTime<Utc>>>;
    fn date(&self, i: usize) -> rusqlite::Result<NaiveDate>;
    fn opt_date(&self, i: usize) -> rusqlite::Result<Option<NaiveDate>>;
    fn code<E>(&self, i: usize, f: fn(&str) -> Option<E>) -> rusqlite::Result<E>;
    fn opt_code<E>(&self, i: usize, f: fn(&str) -> Option<E>) -> rusqlite::Result<Option<E>>;
    fn json<T: serde::de::DeserializeOwned>(&self, i: usize) -> rusqlite::Result<Option<T>>;
}

impl RowExt for Row<'_> {
    fn id(&self, i: usize) -> rusqlite::Result<Id> {
        let s: String = self.get(i)?;
        Id::parse_str(&s).map_err(|e| conv_err(i, e))
    }
    fn opt_id(&self, i: usize) -> rusqlite::Result<Option<Id>> {
        let s: Option<String> = self.get(i)?;
        s.map(|s| Id::parse_str(&s).map_err(|e| conv_err(i, e)))
            .transpose()
    }
    fn ts(&self, i: usize) -> rusqlite::Result<DateTime<Utc>> {
        let s: String = self.get(i)?;
        DateTime::parse_from_rfc3339(&s)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| conv_err(i, e))
    }
    fn opt_ts(&self, i: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
        let s: Option<String> = self.get(i)?;
        s.map(|s| {
            DateTime::parse_from_rfc3339(&s)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|e| conv_err(i, e))
        })
        .transpose()
    }
    fn date(&self, i: usize) -> rusqlite::Result<NaiveDate> {
        let s: String = self.get(i)?;
        NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| conv_err(i, e))
    }
    fn opt_date(&self, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
        let s: Option<String> = self.get(i)?;
        s.map(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| conv_err(i, e)))
            .transpose()
    }
    fn code<E>(&self, i: usize, f: fn(&str) -> Option<E>) -> rusqlite::Result<E> {
        let s: String = self.get(i)?;
        f(&s).ok_or_else(|| conv_err(i, BadCode(s)))
    }
    fn opt_code<E>(&self, i: usize, f: fn(&str) -> Option<E>) -> rusqlite::Result<Option<E>> {
        let s: Option<String> = self.get(i)?;
        s.map(|s| f(&s).ok_or_else(|| conv_err(i, BadCode(s))))
            .transpose()
    }
    fn json<T: serde::de::DeserializeOwned>(&self, i: usize) -> rusqlite::Result<Option<T>> {
        let s: Option<String> = self.get(i)?;
        s.map(|s| serde_json::from_str(&s).map_err(|e| conv_err(i, e)))
            .transpose()
    }
}

fn json<T: serde::Serialize>(v: &Option<T>) -> Option<String> {
    v.as_ref()
        .map(|v| serde_json::to_string(v).expect("domain types serialise"))
}

fn not_found(what: &'static str) -> impl FnOnce() -> CoreError {
    move || CoreError::NotFound { what }
}

// ---------------------------------------------------------------- team

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

pub fn insert_team(c: &Connection, t: &Team) -> Result<()> {
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

pub fn update_team(c: &Connection, t: &Team) -> Result<()> {
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
pub fn get_team(c: &Connection) -> Result<Option<Team>> {
    Ok(c.query_row(
        &format!("SELECT {TEAM_COLS} FROM team ORDER BY created_at LIMIT 1"),
        [],
        team_row,
    )
    .optional()?)
}

// ---------------------------------------------------------------- participant

const PARTICIPANT_COLS: &str =
    "id, team_id, fixed, role, name, organisation, title, phone, email, active";

fn participant_row(r: &Row) -> rusqlite::Result<Participant> {
    Ok(Participant {
        id: r.id(0)?,
        team_id: r.id(1)?,
        fixed: r.get(2)?,
        role: r.get(3)?,
        name: r.get(4)?,
        organisation: r.get(5)?,
        title: r.get(6)?,
        phone: r.get(7)?,
        email: r.get(8)?,
        active: r.get(9)?,
    })
}

pub fn upsert_participant(c: &Connection, p: &Participant) -> Result<()> {
    c.execute(
        &format!(
            "INSERT INTO participant ({PARTICIPANT_COLS}) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)
             ON CONFLICT(id) DO UPDATE SET fixed=?3, role=?4, name=?5, organisation=?6,
             title=?7, phone=?8, email=?9, active=?10"
        ),
        params![
            p.id.to_string(),
            p.team_id.to_string(),
            p.fixed,
            p.role,
            p.name,
            p.organisation,
            p.title,
            p.phone,
            p.email,
            p.active
        ],
    )?;
    Ok(())
}

pub fn get_participant(c: &Connection, id: Id) -> Result<Participant> {
    c.query_row(
        &format!("SELECT {PARTICIPANT_COLS} FROM participant WHERE id = ?1"),
        [id.to_string()],
        participant_row,
    )
    .optional()?
    .ok_or_else(not_found("Deltageren"))
}

pub fn list_participants(c: &Connection, team_id: Id) -> Result<Vec<Participant>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {PARTICIPANT_COLS} FROM participant WHERE team_id = ?1
         ORDER BY fixed DESC, name COLLATE NOCASE"
    ))?;
    let rows = st.query_map([team_id.to_string()], participant_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// ---------------------------------------------------------------- citizen

const CITIZEN_COLS: &str =
    "id, team_id, first_name, last_name, screen_name, cpr, contact_id, active, created_at";

fn citizen_row(r: &Row) -> rusqlite::Result<Citizen> {
    let cpr: String = r.get(5)?;
    Ok(Citizen {
        id: r.id(0)?,
        team_id: r.id(1)?,
        first_name: r.get(2)?,
        last_name: r.get(3)?,
        screen_name: r.get(4)?,
        cpr: Cpr::parse(&cpr).map_err(|e| conv_err(5, e))?,
        contact_id: r.opt_id(6)?,
        active: r.get(7)?,
        created_at: r.ts(8)?,
    })
}

pub fn upsert_citizen(c: &Connection, x: &Citizen) -> Result<()> {
    let res = c.execute(
        &format!(
            "INSERT INTO citizen ({CITIZEN_COLS}) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)
             ON CONFLICT(id) DO UPDATE SET first_name=?3, last_name=?4, screen_name=?5,
             cpr=?6, contact_id=?7, active=?8"
        ),
        params![
            x.id.to_string(),
            x.team_id.to_string(),
            x.first_name,
            x.last_name,
            x.screen_name,
            x.cpr.digits(),
            x.contact_id.map(|i| i.to_string()),
            x.active,
            ts(x.created_at)
        ],
    );
    match res {
        Err(rusqlite::Error::SqliteFailure(f, Some(msg)))
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                && msg.contains("citizen.cpr") =>
        {
            Err(CoreError::DuplicateCpr)
        }
        Err(e) => Err(e.into()),
        Ok(_) => Ok(()),
    }
}

pub fn get_citizen(c: &Connection, id: Id) -> Result<Citizen> {
    c.query_row(
        &format!("SELECT {CITIZEN_COLS} FROM citizen WHERE id = ?1"),
        [id.to_string()],
        citizen_row,
    )
    .optional()?
    .ok_or_else(not_found("Borgeren"))
}

pub fn citizen_by_cpr(c: &Connection, team_id: Id, cpr: &Cpr) -> Result<Option<Citizen>> {
    Ok(c.query_row(
        &format!("SELECT {CITIZEN_COLS} FROM citizen WHERE team_id = ?1 AND cpr = ?2"),
        params![team_id.to_string(), cpr.digits()],
        citizen_row,
    )
    .optional()?)
}

pub fn list_citizens(c: &Connection, team_id: Id) -> Result<Vec<Citizen>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {CITIZEN_COLS} FROM citizen WHERE team_id = ?1
         ORDER BY first_name COLLATE NOCASE, last_name COLLATE NOCASE"
    ))?;
    let rows = st.query_map([team_id.to_string()], citizen_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// ---------------------------------------------------------------- consent

const CONSENT_COLS: &str =
    "id, citizen_id, given_on, method, scope, recorded_by, withdrawn_on, created_at";

fn consent_row(r: &Row) -> rusqlite::Result<Consent> {
    Ok(Consent {
        id: r.id(0)?,
        citizen_id: r.id(1)?,
        given_on: r.date(2)?,
        method: r.code(3, ConsentMethod::from_code)?,
        scope: r.get(4)?,
        recorded_by: r.get(5)?,
        withdrawn_on: r.opt_date(6)?,
        created_at: r.ts(7)?,
    })
}

pub fn insert_consent(c: &Connection, x: &Consent) -> Result<()> {
    c.execute(
        &format!("INSERT INTO consent ({CONSENT_COLS}) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)"),
        params![
            x.id.to_string(),
            x.citizen_id.to_string(),
            date(x.given_on),
            x.method.code(),
            x.scope,
            x.recorded_by,
            x.withdrawn_on.map(date),
            ts(x.created_at)
        ],
    )?;
    Ok(())
}

/// Records a withdrawal; the consent row itself is kept (history is never deleted).
pub fn withdraw_consent(c: &Connection, id: Id, on: NaiveDate) -> Result<()> {
    let n = c.execute(
        "UPDATE consent SET withdrawn_on = ?2 WHERE id = ?1 AND withdrawn_on IS NULL",
        params![id.to_string(), date(on)],
    )?;
    if n == 0 {
        return Err(not_found("Samtykket")());
    }
    Ok(())
}

pub fn list_consents(c: &Connection, citizen_id: Id) -> Result<Vec<Consent>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {CONSENT_COLS} FROM consent WHERE citizen_id = ?1 ORDER BY given_on, created_at"
    ))?;
    let rows = st.query_map([citizen_id.to_string()], consent_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// ---------------------------------------------------------------- theme wheel

pub fn set_theme(c: &Connection, e: &ThemeEntry) -> Result<()> {
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

pub fn theme_wheel(c: &Connection, team_id: Id, year: i32) -> Result<Vec<ThemeEntry>> {
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

// ---------------------------------------------------------------- meeting

const MEETING_COLS: &str = "id, team_id, starts_at, duration_minutes, place, video_link,
    theme_override, status, cancel_reason, template_version, started_at, closed_at,
    current_item, created_at";

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
    })
}

pub fn upsert_meeting(c: &Connection, m: &Meeting) -> Result<()> {
    c.execute(
        &format!(
            "INSERT INTO meeting ({MEETING_COLS}) VALUES
             (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)
             ON CONFLICT(id) DO UPDATE SET starts_at=?3, duration_minutes=?4, place=?5,
             video_link=?6, theme_override=?7, status=?8, cancel_reason=?9, template_version=?10,
             started_at=?11, closed_at=?12, current_item=?13"
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
            ts(m.created_at)
        ],
    )?;
    Ok(())
}

pub fn get_meeting(c: &Connection, id: Id) -> Result<Meeting> {
    c.query_row(
        &format!("SELECT {MEETING_COLS} FROM meeting WHERE id = ?1"),
        [id.to_string()],
        meeting_row,
    )
    .optional()?
    .ok_or_else(not_found("Mødet"))
}

/// All meetings of the team, oldest first.
pub fn list_meetings(c: &Connection, team_id: Id) -> Result<Vec<Meeting>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {MEETING_COLS} FROM meeting WHERE team_id = ?1 ORDER BY starts_at"
    ))?;
    let rows = st.query_map([team_id.to_string()], meeting_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A non-cancelled meeting of the team overlapping `[start, end)`, other than `except`.
pub fn overlapping_meeting(
    c: &Connection,
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

pub fn insert_reopening(c: &Connection, x: &MeetingReopening) -> Result<()> {
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

pub fn list_reopenings(c: &Connection, meeting_id: Id) -> Result<Vec<MeetingReopening>> {
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

pub fn upsert_timing(c: &Connection, t: &AgendaItemTiming) -> Result<()> {
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

pub fn list_timings(c: &Connection, meeting_id: Id) -> Result<Vec<AgendaItemTiming>> {
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

pub fn set_meeting_attendance(c: &Connection, a: &MeetingAttendance) -> Result<()> {
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

pub fn list_meeting_attendance(c: &Connection, meeting_id: Id) -> Result<Vec<MeetingAttendance>> {
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

// ---------------------------------------------------------------- case

const CASE_COLS: &str = "id, meeting_id, citizen_id, position, planned_minutes, citizen_invited,
    citizen_expected, citizen_attendance, created_at";

fn case_row(r: &Row) -> rusqlite::Result<Case> {
    Ok(Case {
        id: r.id(0)?,
        meeting_id: r.id(1)?,
        citizen_id: r.id(2)?,
        position: r.get(3)?,
        planned_minutes: r.get(4)?,
        citizen_invited: r.get(5)?,
        citizen_expected: r.opt_code(6, Attendance::from_code)?,
        citizen_attendance: r.opt_code(7, Attendance::from_code)?,
        created_at: r.ts(8)?,
    })
}

pub fn upsert_case(c: &Connection, x: &Case) -> Result<()> {
    c.execute(
        &format!(
            "INSERT INTO \"case\" ({CASE_COLS}) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)
             ON CONFLICT(id) DO UPDATE SET position=?4, planned_minutes=?5, citizen_invited=?6,
             citizen_expected=?7, citizen_attendance=?8"
        ),
        params![
            x.id.to_string(),
            x.meeting_id.to_string(),
            x.citizen_id.to_string(),
            x.position,
            x.planned_minutes,
            x.citizen_invited,
            x.citizen_expected.map(|a| a.code()),
            x.citizen_attendance.map(|a| a.code()),
            ts(x.created_at)
        ],
    )?;
    Ok(())
}

pub fn get_case(c: &Connection, id: Id) -> Result<Case> {
    c.query_row(
        &format!("SELECT {CASE_COLS} FROM \"case\" WHERE id = ?1"),
        [id.to_string()],
        case_row,
    )
    .optional()?
    .ok_or_else(not_found("Borgersagen"))
}

pub fn list_cases(c: &Connection, meeting_id: Id) -> Result<Vec<Case>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {CASE_COLS} FROM \"case\" WHERE meeting_id = ?1 ORDER BY position"
    ))?;
    let rows = st.query_map([meeting_id.to_string()], case_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The citizen's cases in meetings that start before `before`, oldest first.
pub fn earlier_cases(c: &Connection, citizen_id: Id, before: DateTime<Utc>) -> Result<Vec<Case>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {} FROM \"case\" c JOIN meeting m ON m.id = c.meeting_id
         WHERE c.citizen_id = ?1 AND m.starts_at < ?2 AND m.status != 'cancelled'
         ORDER BY m.starts_at",
        CASE_COLS
            .split(',')
            .map(|s| format!("c.{}", s.trim()))
            .collect::<Vec<_>>()
            .join(", ")
    ))?;
    let rows = st.query_map(params![citizen_id.to_string(), ts(before)], case_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Number of cases per meeting of the team.
pub fn case_counts(c: &Connection, team_id: Id) -> Result<std::collections::HashMap<Id, usize>> {
    let mut st = c.prepare_cached(
        "SELECT m.id, COUNT(c.id) FROM meeting m JOIN \"case\" c ON c.meeting_id = m.id
         WHERE m.team_id = ?1 GROUP BY m.id",
    )?;
    let rows = st.query_map([team_id.to_string()], |r| {
        Ok((r.id(0)?, r.get::<_, i64>(1)? as usize))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn delete_case(c: &Connection, id: Id) -> Result<()> {
    c.execute("DELETE FROM \"case\" WHERE id = ?1", [id.to_string()])?;
    Ok(())
}

pub fn set_case_participant(c: &Connection, x: &CaseParticipant) -> Result<()> {
    c.execute(
        "INSERT INTO case_participant (case_id, participant_id, attendance) VALUES (?1, ?2, ?3)
         ON CONFLICT(case_id, participant_id) DO UPDATE SET attendance = ?3",
        params![
            x.case_id.to_string(),
            x.participant_id.to_string(),
            x.attendance.map(|a| a.code())
        ],
    )?;
    Ok(())
}

pub fn remove_case_participant(c: &Connection, case_id: Id, participant_id: Id) -> Result<()> {
    c.execute(
        "DELETE FROM case_participant WHERE case_id = ?1 AND participant_id = ?2",
        params![case_id.to_string(), participant_id.to_string()],
    )?;
    Ok(())
}

pub fn list_case_participants(c: &Connection, case_id: Id) -> Result<Vec<CaseParticipant>> {
    let mut st = c.prepare_cached(
        "SELECT case_id, participant_id, attendance FROM case_participant WHERE case_id = ?1",
    )?;
    let rows = st.query_map([case_id.to_string()], |r| {
        Ok(CaseParticipant {
            case_id: r.id(0)?,
            participant_id: r.id(1)?,
            attendance: r.opt_code(2, Attendance::from_code)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// ---------------------------------------------------------------- agreements

const AGREEMENT_COLS: &str = "id, case_id, position, what, who, due, status, created_at";

/// An agreement from columns 0–7 in `AGREEMENT_COLS` order (also used by store/run.rs).
pub(super) fn agreement_row(r: &Row) -> rusqlite::Result<Agreement> {
    Ok(Agreement {
        id: r.id(0)?,
        case_id: r.id(1)?,
        position: r.get(2)?,
        what: r.get(3)?,
        who: r.json(4)?,
        due: r.json(5)?,
        status: r.code(6, AgreementStatus::from_code)?,
        created_at: r.ts(7)?,
    })
}

pub fn upsert_agreement(c: &Connection, a: &Agreement) -> Result<()> {
    c.execute(
        &format!(
            "INSERT INTO agreement ({AGREEMENT_COLS}) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)
             ON CONFLICT(id) DO UPDATE SET position=?3, what=?4, who=?5, due=?6, status=?7"
        ),
        params![
            a.id.to_string(),
            a.case_id.to_string(),
            a.position,
            a.what,
            json(&a.who),
            json(&a.due),
            a.status.code(),
            ts(a.created_at)
        ],
    )?;
    Ok(())
}

pub fn get_agreement(c: &Connection, id: Id) -> Result<Agreement> {
    c.query_row(
        &format!("SELECT {AGREEMENT_COLS} FROM agreement WHERE id = ?1"),
        [id.to_string()],
        agreement_row,
    )
    .optional()?
    .ok_or_else(not_found("Aftalen"))
}

pub fn delete_agreement(c: &Connection, id: Id) -> Result<()> {
    c.execute("DELETE FROM agreement WHERE id = ?1", [id.to_string()])?;
    Ok(())
}

pub fn list_agreements(c: &Connection, case_id: Id) -> Result<Vec<Agreement>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {AGREEMENT_COLS} FROM agreement WHERE case_id = ?1 ORDER BY position, created_at"
    ))?;
    let rows = st.query_map([case_id.to_string()], agreement_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn upsert_review(c: &Connection, x: &AgreementReview) -> Result<()> {
    c.execute(
        "INSERT INTO agreement_review (case_id, agreement_id, outcome, comment, reviewed_at)
         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(case_id, agreement_id)
         DO UPDATE SET outcome = ?3, comment = ?4, reviewed_at = ?5",
        params![
            x.case_id.to_string(),
            x.agreement_id.to_string(),
            x.outcome.code(),
            x.comment,
            ts(x.reviewed_at)
        ],
    )?;
    Ok(())
}

pub fn list_reviews(c: &Connection, case_id: Id) -> Result<Vec<AgreementReview>> {
    let mut st = c.prepare_cached(
        "SELECT case_id, agreement_id, outcome, comment, reviewed_at FROM agreement_review
         WHERE case_id = ?1",
    )?;
    let rows = st.query_map([case_id.to_string()], review_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A review from columns 0–4: case_id, agreement_id, outcome, comment, reviewed_at (also used
/// by store/run.rs).
pub(super) fn review_row(r: &Row) -> rusqlite::Result<AgreementReview> {
    Ok(AgreementReview {
        case_id: r.id(0)?,
        agreement_id: r.id(1)?,
        outcome: r.code(2, AgreementStatus::from_code)?,
        comment: r.get(3)?,
        reviewed_at: r.ts(4)?,
    })
}

// ---------------------------------------------------------------- evaluations

pub fn upsert_citizen_evaluation(c: &Connection, e: &CitizenEvaluation) -> Result<()> {
    c.execute(
        "INSERT INTO citizen_evaluation (case_id, involved, ownership, common_goals, comment,
         recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(case_id) DO UPDATE SET
         involved = ?2, ownership = ?3, common_goals = ?4, comment = ?5, recorded_at = ?6",
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

pub fn get_citizen_evaluation(c: &Connection, case_id: Id) -> Result<Option<CitizenEvaluation>> {
    Ok(c.query_row(
        "SELECT case_id, involved, ownership, common_goals, comment, recorded_at
         FROM citizen_evaluation WHERE case_id = ?1",
        [case_id.to_string()],
        |r| {
            Ok(CitizenEvaluation {
                case_id: r.id(0)?,
                involved: r.code(1, Answer::from_code)?,
                ownership: r.code(2, Answer::from_code)?,
                common_goals: r.code(3, Answer::from_code)?,
                comment: r.get(4)?,
                recorded_at: r.ts(5)?,
            })
        },
    )
    .optional()?)
}

pub fn upsert_meeting_evaluation(c: &Connection, e: &MeetingEvaluation) -> Result<()> {
    c.execute(
        "INSERT INTO meeting_evaluation (meeting_id, effects, experiences, learning, coherent,
         recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(meeting_id) DO UPDATE SET
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

pub fn get_meeting_evaluation(c: &Connection, meeting_id: Id) -> Result<Option<MeetingEvaluation>> {
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

// ---------------------------------------------------------------- exports

pub fn insert_export(c: &Connection, x: &ExportRecord) -> Result<()> {
    c.execute(
        "INSERT INTO export_record (id, meeting_id, case_id, kind, path, sha256, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            x.id.to_string(),
            x.meeting_id.to_string(),
            x.case_id.map(|i| i.to_string()),
            x.kind.code(),
            x.path,
            x.sha256,
            ts(x.created_at)
        ],
    )?;
    Ok(())
}

pub fn list_exports(c: &Connection, meeting_id: Id) -> Result<Vec<ExportRecord>> {
    let mut st = c.prepare_cached(
        "SELECT id, meeting_id, case_id, kind, path, sha256, created_at FROM export_record
         WHERE meeting_id = ?1 ORDER BY created_at",
    )?;
    let rows = st.query_map([meeting_id.to_string()], |r| {
        Ok(ExportRecord {
            id: r.id(0)?,
            meeting_id: r.id(1)?,
            case_id: r.opt_id(2)?,
            kind: r.code(3, ExportKind::from_code)?,
            path: r.get(4)?,
            sha256: r.get(5)?,
            created_at: r.ts(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
