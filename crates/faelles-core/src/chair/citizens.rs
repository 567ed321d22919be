//! The chair's citizen list and a citizen's page (CPR numbers only masked).

use crate::calendar;
use crate::core::Core;
use crate::domain::*;
use crate::error::Result;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct CitizenListItem {
    pub id: Id,
    pub name: String,
    pub screen_name: Option<String>,
    pub active: bool,
    /// "gyldigt" | "mangler" | "trukket tilbage"
    pub consent: &'static str,
}

pub fn citizen_list(core: &Core, query: &str) -> Result<Vec<CitizenListItem>> {
    let today = core.today();
    core.search_citizens(query)?
        .into_iter()
        .map(|c| {
            let consent = consent_state(core, &c, today)?;
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

/// "gyldigt" | "mangler" | "trukket tilbage": the citizen's consent on `date`.
fn consent_state(core: &Core, c: &Citizen, date: chrono::NaiveDate) -> Result<&'static str> {
    match core.check_consent(c, date) {
        Ok(()) => Ok("gyldigt"),
        Err(crate::CoreError::ConsentWithdrawn { .. }) => Ok("trukket tilbage"),
        Err(crate::CoreError::ConsentMissing { .. }) => Ok("mangler"),
        Err(e) => Err(e),
    }
}

#[derive(Debug, Serialize)]
pub struct CitizenDetail {
    pub id: Id,
    pub first_name: String,
    pub last_name: String,
    pub screen_name: Option<String>,
    pub cpr_masked: String,
    pub contact_id: Option<Id>,
    pub active: bool,
    /// Today: "gyldigt" | "mangler" | "trukket tilbage" (as in the list).
    pub consent: &'static str,
    pub consents: Vec<ConsentView>,
}

#[derive(Debug, Serialize)]
pub struct ConsentView {
    pub id: Id,
    pub given_on: String,
    pub given_on_label: String,
    pub method: ConsentMethod,
    pub scope: String,
    pub recorded_by: String,
    pub withdrawn_on_label: Option<String>,
    pub valid_today: bool,
}

pub fn citizen_detail(core: &Core, id: Id) -> Result<CitizenDetail> {
    let c = core.citizen(id)?;
    let today = core.today();
    Ok(CitizenDetail {
        id: c.id,
        first_name: c.first_name.clone(),
        last_name: c.last_name.clone(),
        screen_name: c.screen_name.clone(),
        cpr_masked: c.cpr.masked(),
        contact_id: c.contact_id,
        active: c.active,
        consent: consent_state(core, &c, today)?,
        consents: core
            .consents(id)?
            .into_iter()
            .rev()
            .map(|k| ConsentView {
                id: k.id,
                given_on: k.given_on.format("%Y-%m-%d").to_string(),
                given_on_label: calendar::date_short(k.given_on),
                method: k.method,
                scope: k.scope.clone(),
                recorded_by: k.recorded_by.clone(),
                withdrawn_on_label: k.withdrawn_on.map(calendar::date_short),
                valid_today: k.valid_on(today),
            })
            .collect(),
    })
}
