//! Citizens and their consents: a case may be put on a meeting only with a consent valid
//! on the meeting's date, and the consent is checked again at every use of a case (screen,
//! agenda item, summary, invitation, calendar: `case_consent`).

use crate::calendar;
use crate::core::{limits, Core};
use crate::cpr::Cpr;
use crate::domain::*;
use crate::error::{optional, required, CoreError, Result};
use crate::store;
use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct CitizenInput {
    pub id: Option<Id>,
    pub first_name: String,
    pub last_name: String,
    #[serde(default)]
    pub screen_name: String,
    /// Empty when editing means "unchanged".
    #[serde(default)]
    pub cpr: String,
    pub contact_id: Option<Id>,
    #[serde(default = "crate::core::yes")]
    pub active: bool,
    /// A consent recorded together with a new citizen.
    pub consent: Option<ConsentInput>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ConsentInput {
    pub given_on: String,
    #[serde(default)]
    pub method: Option<ConsentMethod>,
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub recorded_by: String,
}

impl Core {
    pub fn citizens(&self) -> Result<Vec<Citizen>> {
        let team = self.require_team()?;
        store::list_citizens(self.store().read(), team.id)
    }

    /// Case-insensitive search on first, last and screen name.
    pub fn search_citizens(&self, query: &str) -> Result<Vec<Citizen>> {
        let q = query.trim().to_lowercase();
        let all = self.citizens()?;
        if q.is_empty() {
            return Ok(all);
        }
        Ok(all
            .into_iter()
            .filter(|c| {
                let hay = format!(
                    "{} {} {}",
                    c.first_name,
                    c.last_name,
                    c.screen_name.as_deref().unwrap_or("")
                )
                .to_lowercase();
                q.split_whitespace().all(|w| hay.contains(w))
            })
            .collect())
    }

    pub fn citizen(&self, id: Id) -> Result<Citizen> {
        store::get_citizen(self.store().read(), id)
    }

    /// Creates or edits a citizen (and records a first consent if given). All or nothing.
    pub fn save_citizen(&mut self, input: &CitizenInput) -> Result<Citizen> {
        let team = self.require_team()?;
        let existing = match input.id {
            Some(id) => Some(store::get_citizen(self.store().read(), id)?),
            None => None,
        };
        let first_name = required("Fornavn", &input.first_name, limits::NAME)?;
        let last_name = required("Efternavn", &input.last_name, limits::NAME)?;
        let screen_name = optional("Kaldenavn", &input.screen_name, limits::NAME)?;
        let cpr = match (&existing, input.cpr.trim()) {
            (Some(e), "") => e.cpr.clone(),
            (_, s) => Cpr::parse(s)?,
        };
        if let Some(other) = store::citizen_by_cpr(self.store().read(), team.id, &cpr)? {
            if Some(other.id) != input.id {
                return Err(CoreError::DuplicateCpr);
            }
        }
        let contact_id = match input.contact_id {
            Some(id) => Some(store::get_participant(self.store().read(), id)?.id),
            None => existing
                .as_ref()
                .and_then(|e| e.contact_id)
                .or(team.coordinator_id),
        };
        let citizen = Citizen {
            id: existing.as_ref().map(|e| e.id).unwrap_or_else(new_id),
            team_id: team.id,
            first_name,
            last_name,
            screen_name,
            cpr,
            contact_id,
            active: input.active,
            created_at: existing
                .as_ref()
                .map(|e| e.created_at)
                .unwrap_or(self.now()),
        };
        let consent = match &input.consent {
            Some(c) if !c.given_on.trim().is_empty() => Some(self.validate_consent(citizen.id, c)?),
            _ => None,
        };
        self.store_mut().write(|tx| {
            store::upsert_citizen(tx, &citizen)?;
            if let Some(c) = &consent {
                store::insert_consent(tx, c)?;
            }
            Ok(())
        })?;
        Ok(citizen)
    }

    /// The full CPR number, for the citizen's own form only.
    pub fn reveal_cpr(&self, citizen_id: Id) -> Result<String> {
        Ok(self.citizen(citizen_id)?.cpr.reveal())
    }

    fn validate_consent(&self, citizen_id: Id, c: &ConsentInput) -> Result<Consent> {
        let given_on = calendar::parse_date("Samtykke givet", &c.given_on)?;
        if given_on > self.today() {
            return Err(CoreError::InvalidValue {
                field: "Samtykke givet",
                reason: "datoen ligger i fremtiden".into(),
            });
        }
        let scope = optional("Omfang", &c.scope, limits::TEXT)?
            .unwrap_or_else(|| self.template().consent_scope_default.clone());
        Ok(Consent {
            id: new_id(),
            citizen_id,
            given_on,
            method: c.method.unwrap_or(ConsentMethod::Written),
            scope,
            recorded_by: optional("Registreret af", &c.recorded_by, limits::NAME)?
                .unwrap_or_default(),
            withdrawn_on: None,
            created_at: self.now(),
        })
    }

    pub fn add_consent(&mut self, citizen_id: Id, input: &ConsentInput) -> Result<Consent> {
        self.citizen(citizen_id)?;
        let consent = self.validate_consent(citizen_id, input)?;
        self.store_mut()
            .write(|tx| store::insert_consent(tx, &consent))?;
        Ok(consent)
    }

    pub fn withdraw_consent(&mut self, consent_id: Id, on: &str) -> Result<()> {
        let on = if on.trim().is_empty() {
            self.today()
        } else {
            calendar::parse_date("Trukket tilbage", on)?
        };
        self.store_mut()
            .write(|tx| store::withdraw_consent(tx, consent_id, on))
    }

    pub fn consents(&self, citizen_id: Id) -> Result<Vec<Consent>> {
        store::list_consents(self.store().read(), citizen_id)
    }

    /// Ok if the citizen has a consent valid on `date`, else the reason as an error.
    pub fn check_consent(&self, citizen: &Citizen, date: NaiveDate) -> Result<()> {
        let consents = self.consents(citizen.id)?;
        if consents.iter().any(|c| c.valid_on(date)) {
            return Ok(());
        }
        let withdrawn = consents
            .iter()
            .filter(|c| c.given_on <= date)
            .filter_map(|c| c.withdrawn_on)
            .max();
        match withdrawn {
            Some(on) => Err(CoreError::ConsentWithdrawn {
                name: citizen.full_name(),
                on: calendar::date_short(on),
            }),
            None => Err(CoreError::ConsentMissing {
                name: citizen.full_name(),
            }),
        }
    }

    /// Ok if the case's citizen has a consent valid on the meeting's date: checked each time
    /// a case is put on the screen, its agenda item opened, or its summary or invitation
    /// made. A withdrawal never deletes what was written.
    pub fn case_consent(&self, case_id: Id) -> Result<()> {
        let c = self.store().read();
        let case = store::get_case(c, case_id)?;
        let m = store::get_meeting(c, case.meeting_id)?;
        let citizen = store::get_citizen(c, case.citizen_id)?;
        self.check_consent(&citizen, calendar::local(m.starts_at).date_naive())
    }
}
