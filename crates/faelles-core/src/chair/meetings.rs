//! The chair's meeting list, one meeting's preparation and the annual wheel of themes.

use crate::calendar;
use crate::core::Core;
use crate::domain::*;
use crate::error::Result;
use crate::store;
use crate::words::short_date_label;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct MeetingSummary {
    pub id: Id,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub date_iso: String,
    pub time: String,
    pub date_label: String,
    pub time_label: String,
    pub theme: Option<String>,
    pub theme_override: Option<String>,
    pub status: MeetingStatus,
    pub cancel_reason: Option<String>,
    pub case_count: usize,
    pub past: bool,
    /// The meeting is on today's date (starting another day asks first).
    pub starts_today: bool,
    /// After a closed meeting of the last 60 days: summaries not yet handed over for
    /// e-Boks and minutes not made (the list shows a badge while it is above 0).
    pub handover_left: usize,
}

pub fn meeting_summary(core: &Core, m: &Meeting) -> Result<MeetingSummary> {
    summary_with(core, m, core.meeting_theme(m)?, core.cases(m.id)?.len())
}

fn summary_with(
    core: &Core,
    m: &Meeting,
    theme: Option<String>,
    case_count: usize,
) -> Result<MeetingSummary> {
    let local = calendar::local(m.starts_at);
    Ok(MeetingSummary {
        id: m.id,
        starts_at: m.starts_at,
        date_iso: local.format("%Y-%m-%d").to_string(),
        time: local.format("%H:%M").to_string(),
        date_label: calendar::date_with_week(local.date_naive()),
        time_label: calendar::clock(m.starts_at),
        theme,
        theme_override: m.theme_override.clone(),
        status: m.status,
        cancel_reason: m.cancel_reason.clone(),
        case_count,
        past: m.starts_at < core.now(),
        starts_today: local.date_naive() == calendar::local(core.now()).date_naive(),
        handover_left: if core.now() - m.starts_at <= chrono::Duration::days(HANDOVER_DAYS) {
            core.handover_left(m)?
        } else {
            0
        },
    })
}

/// How long after a meeting the list reminds of the hand-over.
const HANDOVER_DAYS: i64 = 60;

/// All meetings in one pass: themes from one list and a cached wheel per year, case counts
/// from one grouped query (the 20-year bench listed 260 meetings in 73 ms before).
pub fn meetings(core: &Core) -> Result<Vec<MeetingSummary>> {
    let all = core.meetings()?;
    let team = core.require_team()?;
    let counts = store::case_counts(core.store().read(), team.id)?;
    let mut wheels = std::collections::HashMap::new();
    all.iter()
        .map(|m| {
            let theme = core.meeting_theme_among(m, &all, &mut wheels)?;
            summary_with(core, m, theme, counts.get(&m.id).copied().unwrap_or(0))
        })
        .collect()
}

#[derive(Debug, Serialize)]
pub struct CaseRow {
    pub id: Id,
    pub citizen_id: Id,
    pub citizen_name: String,
    pub position: u32,
    pub planned_minutes: u32,
    pub planned_minutes_label: String,
    pub citizen_invited: bool,
}

/// The meeting's cases with their planned minutes (default: an equal share of Borgersager).
pub fn case_rows(core: &Core, meeting_id: Id) -> Result<Vec<CaseRow>> {
    let cases = core.cases(meeting_id)?;
    let share = core.template().case_minutes() / (cases.len().max(1) as u32);
    cases
        .into_iter()
        .map(|c| {
            let citizen = core.citizen(c.citizen_id)?;
            let minutes = c.planned_minutes.unwrap_or(share);
            Ok(CaseRow {
                id: c.id,
                citizen_id: c.citizen_id,
                citizen_name: citizen.full_name(),
                position: c.position,
                planned_minutes: minutes,
                planned_minutes_label: format!("{minutes} min"),
                citizen_invited: c.citizen_invited,
            })
        })
        .collect()
}

#[derive(Debug, Serialize)]
pub struct MeetingPrep {
    pub meeting: MeetingSummary,
    pub place: String,
    pub video_link: String,
    pub cases: Vec<CasePrep>,
    pub meeting_minutes: u32,
    pub fixed_minutes: u32,
    pub planned_total: u32,
    /// Danish warning when the plan exceeds the meeting's length.
    pub warning: Option<String>,
    pub reopenings: Vec<String>,
    /// The template version the meeting is planned or held with (its id).
    pub template_version: String,
}

#[derive(Debug, Serialize)]
pub struct CasePrep {
    pub id: Id,
    pub citizen_id: Id,
    pub citizen_name: String,
    pub position: u32,
    pub planned_minutes: u32,
    pub explicit_minutes: Option<u32>,
    pub citizen_invited: bool,
    /// "Inviteret 3. november 2026" when the invitation letter was made.
    pub invited_label: Option<String>,
    /// The case's own time: "ca. kl. 13.25–13.51".
    pub slot_label: String,
    /// The slot ends after the meeting does.
    pub after_meeting_end: bool,
    /// No consent valid on the meeting's date: the Danish message (the case cannot be used).
    pub consent_problem: Option<String>,
    pub citizen_expected: Option<Attendance>,
    pub participants: Vec<PrepParticipant>,
    /// Notes or agreements written in the case already ("Forberedt" before the meeting).
    pub prepared: bool,
}

#[derive(Debug, Serialize)]
pub struct PrepParticipant {
    pub id: Id,
    pub name: String,
    pub role_title: String,
    pub organisation: String,
    pub fixed: bool,
    pub included: bool,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// An ad hoc participant the citizen's consent does not cover: the Danish message
    /// (no letters can be made for them).
    pub consent_problem: Option<String>,
}

pub fn meeting_prep(core: &Core, meeting_id: Id) -> Result<MeetingPrep> {
    let m = core.meeting(meeting_id)?;
    let t = crate::templates::by_version(&m.template_version)?;
    let cases = core.cases(m.id)?;
    let share = t.case_minutes() / (cases.len().max(1) as u32);
    let members = core.participants()?;
    let slots = core.case_slots(m.id)?;
    let c = core.store().read();
    let written = store::written_cases(c, m.id)?;
    let mut out = Vec::new();
    for case in cases {
        let linked = store::list_case_participants(c, case.id)?;
        let participants = members
            .iter()
            .filter(|p| (p.fixed && p.active) || linked.iter().any(|l| l.participant_id == p.id))
            .map(|p| PrepParticipant {
                id: p.id,
                name: p.name.clone(),
                role_title: t.role_title(&p.role).unwrap_or(&p.role).to_string(),
                organisation: p.organisation.clone(),
                fixed: p.fixed,
                included: linked.iter().any(|l| l.participant_id == p.id),
                phone: p.phone.clone(),
                email: p.email.clone(),
                consent_problem: (!p.fixed)
                    .then(|| {
                        let key = t.consent_key(&p.role).unwrap_or_else(|| p.role.clone());
                        core.case_consent_covers(case.id, &[key]).err()
                    })
                    .flatten()
                    .map(|e| e.message_da()),
            })
            .collect();
        out.push(CasePrep {
            id: case.id,
            citizen_id: case.citizen_id,
            citizen_name: core.citizen(case.citizen_id)?.full_name(),
            position: case.position,
            planned_minutes: case.planned_minutes.unwrap_or(share),
            explicit_minutes: case.planned_minutes,
            citizen_invited: case.citizen_invited,
            invited_label: case
                .invited_on
                .map(|d| format!("Inviteret {}", calendar::date_short(d))),
            slot_label: slots
                .iter()
                .find(|s| s.case_id == case.id)
                .map(|s| s.label.clone())
                .unwrap_or_default(),
            after_meeting_end: slots
                .iter()
                .any(|s| s.case_id == case.id && s.after_meeting_end),
            consent_problem: core.case_consent(case.id).err().map(|e| e.message_da()),
            citizen_expected: case.citizen_expected,
            participants,
            prepared: written.contains(&case.id),
        });
    }
    let fixed_minutes: u32 = t.agenda.iter().filter_map(|a| a.minutes).sum();
    let planned_total = fixed_minutes + out.iter().map(|c| c.planned_minutes).sum::<u32>();
    let warning = (planned_total > m.duration_minutes).then(|| {
        format!(
            "Planen er {} min over mødets {} minutter. Kort tiden ned på en eller flere sager.",
            planned_total - m.duration_minutes,
            m.duration_minutes
        )
    });
    let reopenings = store::list_reopenings(c, m.id)?
        .into_iter()
        .map(|r| {
            format!(
                "Genåbnet {} {}: {}",
                short_date_label(r.at),
                calendar::clock(r.at),
                r.reason
            )
        })
        .collect();
    Ok(MeetingPrep {
        meeting: meeting_summary(core, &m)?,
        place: m.place.clone(),
        video_link: m.video_link.clone(),
        cases: out,
        meeting_minutes: m.duration_minutes,
        fixed_minutes,
        planned_total,
        warning,
        reopenings,
        template_version: m.template_version.clone(),
    })
}

#[derive(Debug, Serialize)]
pub struct WheelRow {
    pub slot: u32,
    pub title: String,
    /// The meeting that has this slot this year, if planned.
    pub meeting_label: Option<String>,
}

/// The annual wheel of `year`: one row per meeting of the year (at least 13).
pub fn theme_wheel(core: &Core, year: i32) -> Result<Vec<WheelRow>> {
    use chrono::Datelike;
    let team = core.require_team()?;
    let themes = store::theme_wheel(core.store().read(), team.id, year)?;
    let meetings: Vec<Meeting> = core
        .meetings()?
        .into_iter()
        .filter(|m| m.status != MeetingStatus::Cancelled)
        .filter(|m| calendar::local(m.starts_at).year() == year)
        .collect();
    let rows = meetings
        .len()
        .max(13)
        .max(themes.iter().map(|t| t.slot as usize).max().unwrap_or(0));
    Ok((1..=rows as u32)
        .map(|slot| WheelRow {
            slot,
            title: themes
                .iter()
                .find(|t| t.slot == slot)
                .map(|t| t.title.clone())
                .unwrap_or_default(),
            meeting_label: meetings
                .get(slot as usize - 1)
                .map(|m| calendar::date_with_week(calendar::local(m.starts_at).date_naive())),
        })
        .collect())
}
