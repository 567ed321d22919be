//! Read models for the chair window: what the UI lists and shows, with Danish labels computed
//! here so the UI does no date arithmetic. CPR numbers appear only masked.

use crate::calendar;
use crate::domain::*;
use crate::error::Result;
use crate::service::Core;
use crate::templates::Template;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct AppState {
    /// True on an empty data dir: offer team set-up or demo data.
    pub onboarding: bool,
    pub team: Option<Team>,
    pub today_label: String,
    pub template: &'static Template,
}

#[derive(Debug, Serialize)]
pub struct MeetingSummary {
    pub id: Id,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub date_iso: String,
    pub time: String,
    pub date_label: String,
    pub time_label: String,
    pub theme: Option<String>,
    pub status: MeetingStatus,
    pub cancel_reason: Option<String>,
    pub case_count: usize,
    pub past: bool,
}

#[derive(Debug, Serialize)]
pub struct CitizenListItem {
    pub id: Id,
    pub name: String,
    pub screen_name: Option<String>,
    pub active: bool,
    /// "gyldigt" | "mangler" | "trukket tilbage"
    pub consent: &'static str,
}

pub fn app_state(core: &Core) -> Result<AppState> {
    let team = core.team()?;
    Ok(AppState {
        onboarding: team.is_none(),
        team,
        today_label: calendar::date_with_week(core.today()),
        template: core.template(),
    })
}

pub fn meeting_summary(core: &Core, m: &Meeting) -> Result<MeetingSummary> {
    let local = calendar::local(m.starts_at);
    Ok(MeetingSummary {
        id: m.id,
        starts_at: m.starts_at,
        date_iso: local.format("%Y-%m-%d").to_string(),
        time: local.format("%H:%M").to_string(),
        date_label: calendar::date_with_week(local.date_naive()),
        time_label: calendar::clock(m.starts_at),
        theme: core.meeting_theme(m)?,
        status: m.status,
        cancel_reason: m.cancel_reason.clone(),
        case_count: core.cases(m.id)?.len(),
        past: m.starts_at < core.now(),
    })
}

pub fn meetings(core: &Core) -> Result<Vec<MeetingSummary>> {
    core.meetings()?
        .iter()
        .map(|m| meeting_summary(core, m))
        .collect()
}

pub fn citizen_list(core: &Core, query: &str) -> Result<Vec<CitizenListItem>> {
    let today = core.today();
    core.search_citizens(query)?
        .into_iter()
        .map(|c| {
            let consent = match core.check_consent(&c, today) {
                Ok(()) => "gyldigt",
                Err(crate::CoreError::ConsentWithdrawn { .. }) => "trukket tilbage",
                Err(crate::CoreError::ConsentMissing { .. }) => "mangler",
                Err(e) => return Err(e),
            };
            Ok(CitizenListItem {
                id: c.id,
                name: c.full_name(),
                screen_name: c.screen_name.clone(),
                active: c.active,
                consent,
            })
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
