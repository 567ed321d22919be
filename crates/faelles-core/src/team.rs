//! The team and its people: set-up at first start, members, ad hoc participants.

use crate::core::{limits, Core};
use crate::domain::*;
use crate::error::{optional, required, CoreError, Result};
use crate::store;
use crate::templates::{self, Template};
use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct TeamInput {
    pub name: String,
    pub municipality: String,
    #[serde(default)]
    pub region_partner: String,
    #[serde(default)]
    pub members: Vec<MemberInput>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct MemberInput {
    pub id: Option<Id>,
    pub role: String,
    pub name: String,
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default = "crate::core::yes")]
    pub fixed: bool,
    #[serde(default)]
    pub chair: bool,
    #[serde(default)]
    pub coordinator: bool,
}

impl Core {
    pub fn team(&self) -> Result<Option<Team>> {
        store::get_team(self.store().read())
    }

    pub fn require_team(&self) -> Result<Team> {
        self.team()?.ok_or(CoreError::NotFound { what: "Teamet" })
    }

    /// Creates the team with its members (first start).
    pub fn setup_team(&mut self, input: &TeamInput) -> Result<Team> {
        if self.team()?.is_some() {
            return Err(CoreError::AlreadySetUp);
        }
        let now = self.now();
        let mut team = Team {
            id: new_id(),
            name: required("Teamets navn", &input.name, limits::SHORT)?,
            municipality: required("Kommune", &input.municipality, limits::SHORT)?,
            region_partner: optional(
                "Regional samarbejdspartner",
                &input.region_partner,
                limits::SHORT,
            )?
            .unwrap_or_default(),
            chair_id: None,
            coordinator_id: None,
            created_at: now,
        };
        let members = validate_members(self.template(), team.id, &input.members)?;
        self.store_mut().write(|tx| {
            store::insert_team(tx, &team)?;
            for (p, chair, coord) in &members {
                store::upsert_participant(tx, p)?;
                if *chair {
                    team.chair_id = Some(p.id);
                }
                if *coord {
                    team.coordinator_id = Some(p.id);
                }
            }
            store::update_team(tx, &team)?;
            Ok(())
        })?;
        Ok(team)
    }

    /// Updates the team's name and members (members not listed are kept).
    pub fn update_team(&mut self, input: &TeamInput) -> Result<Team> {
        let mut team = self.require_team()?;
        team.name = required("Teamets navn", &input.name, limits::SHORT)?;
        team.municipality = required("Kommune", &input.municipality, limits::SHORT)?;
        team.region_partner = optional(
            "Regional samarbejdspartner",
            &input.region_partner,
            limits::SHORT,
        )?
        .unwrap_or_default();
        let members = validate_members(self.template(), team.id, &input.members)?;
        self.store_mut().write(|tx| {
            for (p, chair, coord) in &members {
                store::upsert_participant(tx, p)?;
                if *chair {
                    team.chair_id = Some(p.id);
                }
                if *coord {
                    team.coordinator_id = Some(p.id);
                }
            }
            store::update_team(tx, &team)?;
            Ok(())
        })?;
        Ok(team)
    }

    /// Adds or edits one participant (fixed member or ad hoc person).
    pub fn save_participant(&mut self, input: &MemberInput) -> Result<Participant> {
        let team = self.require_team()?;
        let mut v = validate_members(self.template(), team.id, std::slice::from_ref(input))?;
        let (p, chair, coord) = v.pop().ok_or(CoreError::EmptyField { field: "Navn" })?;
        let mut team = team;
        self.store_mut().write(|tx| {
            store::upsert_participant(tx, &p)?;
            if chair || coord {
                if chair {
                    team.chair_id = Some(p.id);
                }
                if coord {
                    team.coordinator_id = Some(p.id);
                }
                store::update_team(tx, &team)?;
            }
            Ok(())
        })?;
        Ok(p)
    }

    /// Adds an ad hoc person (psykiater, læge, pårørende, ...) to one case. `input.role` must be
    /// an ad hoc kind of the meeting's template; `input.id` may name an earlier ad hoc person.
    pub fn add_adhoc_participant(
        &mut self,
        case_id: Id,
        input: &MemberInput,
    ) -> Result<Participant> {
        let ctx = store::case_context(self.store().read(), case_id)?;
        ctx.status.ensure_open()?;
        let t = templates::by_version(&ctx.template_version)?;
        if !t.adhoc_kinds.iter().any(|k| k.key == input.role) {
            return Err(CoreError::InvalidValue {
                field: "Rolle",
                reason: "vælg en ad hoc-rolle (psykiater, læge, værested, pårørende, anden)".into(),
            });
        }
        if let Some(id) = input.id {
            let existing = store::get_participant(self.store().read(), id)?;
            if existing.fixed || existing.team_id != ctx.team_id {
                return Err(CoreError::InvalidValue {
                    field: "Deltager",
                    reason: "et fast medlem tilføjes ikke som ad hoc-deltager".into(),
                });
            }
        }
        // Refused unless the citizen's consent lets this kind of person receive information.
        self.case_consent_covers(case_id, std::slice::from_ref(&input.role))?;
        let input = MemberInput {
            fixed: false,
            chair: false,
            coordinator: false,
            ..input.clone()
        };
        let p = self.save_participant(&input)?;
        self.store_mut().write(|tx| {
            store::set_case_participant(
                tx,
                &CaseParticipant {
                    case_id,
                    participant_id: p.id,
                    attendance: None,
                },
            )
        })?;
        Ok(p)
    }

    pub fn participants(&self) -> Result<Vec<Participant>> {
        let team = self.require_team()?;
        store::list_participants(self.store().read(), team.id)
    }
}

/// Validates member rows; rows with an empty name are skipped (a role left unfilled).
fn validate_members(
    t: &Template,
    team_id: Id,
    input: &[MemberInput],
) -> Result<Vec<(Participant, bool, bool)>> {
    let mut out = Vec::new();
    for m in input {
        if m.name.trim().is_empty() && m.id.is_none() {
            continue;
        }
        if t.role_title(&m.role).is_none() {
            return Err(CoreError::InvalidValue {
                field: "Rolle",
                reason: "ukendt rolle".into(),
            });
        }
        let email = optional("E-mail", &m.email, limits::SHORT)?;
        if let Some(e) = &email {
            if !e.contains('@') || e.contains(char::is_whitespace) {
                return Err(CoreError::InvalidValue {
                    field: "E-mail",
                    reason: "skriv en e-mailadresse som navn@eksempel.dk".into(),
                });
            }
        }
        let phone = optional("Telefon", &m.phone, limits::PHONE)?;
        if let Some(p) = &phone {
            if !p.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c)) {
                return Err(CoreError::InvalidValue {
                    field: "Telefon",
                    reason: "kun cifre, mellemrum og +".into(),
                });
            }
        }
        out.push((
            Participant {
                id: m.id.unwrap_or_else(new_id),
                team_id,
                fixed: m.fixed,
                role: m.role.clone(),
                name: required("Navn", &m.name, limits::NAME)?,
                organisation: optional("Organisation", &m.organisation, limits::SHORT)?
                    .unwrap_or_default(),
                title: optional("Titel", &m.title, limits::SHORT)?.unwrap_or_default(),
                phone,
                email,
                active: true,
            },
            m.chair,
            m.coordinator,
        ));
    }
    Ok(out)
}
