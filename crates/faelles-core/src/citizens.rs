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
    /// Who may receive information (keys of `Template::consent_recipients`); none given:
    /// the fixed team's organisations.
    #[serde(default)]
    pub recipients: Option<Vec<String>>,
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
        let t = self.template();
        let known = t.consent_recipients();
        let recipients = match &c.recipients {
            None => t.fixed_team_keys(),
            Some(given) => {
                if let Some(bad) = given.iter().find(|k| !known.iter().any(|r| &r.key == *k)) {
                    return Err(CoreError::InvalidValue {
                        field: "Må få oplysninger",
                        reason: format!("ukendt modtager «{bad}»"),
                    });
                }
                // In the form's order, each once.
                let keys: Vec<String> = known
                    .iter()
                    .filter(|r| given.contains(&r.key))
                    .map(|r| r.key.clone())
                    .collect();
                if keys.is_empty() {
                    return Err(CoreError::InvalidValue {
                        field: "Må få oplysninger",
                        reason: "sæt kryds ved mindst én, der må få oplysninger".into(),
                    });
                }
                keys
            }
        };
        Ok(Consent {
            recipients,
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

    /// Every file made of the citizen's cases and meetings, newest first.
    pub fn citizen_exports(&self, citizen_id: Id) -> Result<Vec<ExportRecord>> {
        store::list_citizen_exports(self.store().read(), citizen_id)
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

    /// Who the citizen's consents valid on `date` let receive information (their union:
    /// a wider consent given later adds to a narrower one; a withdrawn one adds nothing).
    pub fn consent_recipients_on(&self, citizen_id: Id, date: NaiveDate) -> Result<Vec<String>> {
        let mut keys: Vec<String> = Vec::new();
        for c in self
            .consents(citizen_id)?
            .into_iter()
            .filter(|c| c.valid_on(date))
        {
            for k in c.recipients {
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
        }
        Ok(keys)
    }

    /// Of the recipients in `keys` (consent keys: `Template::consent_key`), the labels of
    /// those the citizen's consents valid on the case's meeting date do not cover. Empty
    /// when there is no valid consent at all: that is `case_consent`'s refusal, and a
    /// withdrawal keeps working as before (what was written stays; nothing new is used).
    pub fn case_scope_missing(&self, case_id: Id, keys: &[String]) -> Result<Vec<String>> {
        let c = self.store().read();
        let case = store::get_case(c, case_id)?;
        let m = store::get_meeting(c, case.meeting_id)?;
        let date = calendar::local(m.starts_at).date_naive();
        if !self
            .consents(case.citizen_id)?
            .iter()
            .any(|c| c.valid_on(date))
        {
            return Ok(Vec::new());
        }
        let covered = self.consent_recipients_on(case.citizen_id, date)?;
        let t = crate::templates::by_version(&m.template_version)?;
        Ok(keys
            .iter()
            .filter(|k| !covered.contains(k))
            .map(|k| t.consent_label(k))
            .collect())
    }

    /// Ok if the case may be used (`case_consent`) and its citizen's consent covers every
    /// recipient in `keys`; else `ConsentScope` naming what is missing.
    pub fn case_consent_covers(&self, case_id: Id, keys: &[String]) -> Result<()> {
        self.case_consent(case_id)?;
        let missing = self.case_scope_missing(case_id, keys)?;
        if missing.is_empty() {
            return Ok(());
        }
        let c = self.store().read();
        let citizen = store::get_citizen(c, store::get_case(c, case_id)?.citizen_id)?;
        Err(CoreError::ConsentScope {
            name: citizen.full_name(),
            missing: missing.join(", "),
        })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::team::MemberInput;
    use crate::testing::Fx;

    fn fixture() -> Fx {
        Fx::builder().fixed_team_consent().build()
    }

    fn adhoc(role: &str, name: &str) -> MemberInput {
        MemberInput {
            role: role.into(),
            name: name.into(),
            fixed: false,
            ..Default::default()
        }
    }

    fn wider(keys: &[&str]) -> ConsentInput {
        ConsentInput {
            given_on: "2026-01-20".into(),
            recipients: Some(keys.iter().map(|k| k.to_string()).collect()),
            ..Default::default()
        }
    }

    #[test]
    fn each_ad_hoc_kind_is_refused_until_a_consent_names_it() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let case = fx.case(&m, 0);
        // The fixture's consent is the default: the fixed team's organisations.
        let covered = fx
            .core
            .consent_recipients_on(fx.citizens[0], m.starts_at.date_naive());
        assert_eq!(covered.unwrap(), ["kommunen", "regionspsykiatrien"]);
        let kinds = [
            "psykiater",
            "praktiserende_laege",
            "vaerested",
            "netvaerk",
            "anden",
        ];
        for kind in kinds {
            let e = fx
                .core
                .add_adhoc_participant(case, &adhoc(kind, "Ny Person"))
                .unwrap_err();
            assert_eq!(e.kind(), "ConsentScope", "{kind}");
            let label = fx.core.template().consent_label(kind);
            let msg = e.message_da();
            assert!(msg.contains(&label), "{kind}: {msg}");
            assert!(msg.contains("Registrér et nyt samtykke"), "{msg}");
        }
        assert!(fx
            .core
            .case_detail(case)
            .unwrap()
            .participants
            .iter()
            .all(|p| p.fixed));
        // A wider consent given later adds its recipients, one kind at a time.
        for (i, kind) in kinds.iter().enumerate() {
            fx.core
                .add_consent(fx.citizens[0], &wider(&[kind]))
                .unwrap();
            let p = fx
                .core
                .add_adhoc_participant(case, &adhoc(kind, "Ny Person"))
                .unwrap();
            assert_eq!(p.role, *kind);
            for later in &kinds[i + 1..] {
                let e = fx
                    .core
                    .add_adhoc_participant(case, &adhoc(later, "X"))
                    .unwrap_err();
                assert_eq!(e.kind(), "ConsentScope", "{later} after {kind}");
            }
        }
        // The fixed team's organisations are covered.
        let orgs = fx.core.minutes_organisations(m.id).unwrap();
        assert_eq!(orgs, ["kommunen", "regionspsykiatrien"]);
        assert!(fx.core.case_consent_covers(case, &orgs).is_ok());
    }

    #[test]
    fn a_withdrawn_consent_refuses_as_before_and_its_scope_no_longer_counts() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let case = fx.case(&m, 0);
        let gp = fx
            .core
            .add_consent(fx.citizens[0], &wider(&["praktiserende_laege"]))
            .unwrap();
        fx.core.withdraw_consent(gp.id, "2026-02-01").unwrap();
        let e = fx
            .core
            .add_adhoc_participant(case, &adhoc("praktiserende_laege", "Peter Holm"))
            .unwrap_err();
        assert_eq!(e.kind(), "ConsentScope");
        for c in fx.core.consents(fx.citizens[0]).unwrap() {
            if c.withdrawn_on.is_none() {
                fx.core.withdraw_consent(c.id, "2026-02-01").unwrap();
            }
        }
        let e = fx
            .core
            .add_adhoc_participant(case, &adhoc("praktiserende_laege", "Peter Holm"))
            .unwrap_err();
        assert_eq!(e.kind(), "ConsentWithdrawn");
        let keys = ["kommunen".to_string()];
        assert!(fx.core.case_scope_missing(case, &keys).unwrap().is_empty());
    }

    #[test]
    fn a_consent_names_only_known_recipients_and_at_least_one() {
        let mut fx = fixture();
        let id = fx.citizens[1];
        let e = fx.core.add_consent(id, &wider(&["naboen"])).unwrap_err();
        assert_eq!(e.kind(), "InvalidValue");
        assert!(e.message_da().contains("naboen"), "{}", e.message_da());
        let e = fx.core.add_consent(id, &wider(&[])).unwrap_err();
        assert_eq!(e.kind(), "InvalidValue");
        // Kept in the form's order, each once.
        let c = fx
            .core
            .add_consent(id, &wider(&["vaerested", "kommunen", "vaerested"]))
            .unwrap();
        assert_eq!(c.recipients, ["kommunen", "vaerested"]);
        assert_eq!(
            fx.core.consents(id).unwrap().last().unwrap().recipients,
            c.recipients
        );
    }
}
