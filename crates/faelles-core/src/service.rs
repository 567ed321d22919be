//! The rules: what may be created, changed and held. `Core` owns the store and a clock; the
//! Tauri shell calls these methods and nothing else decides.

use crate::calendar;
use crate::cpr::Cpr;
use crate::domain::*;
use crate::error::{optional, required, CoreError, Result};
use crate::store::{self, Store};
use crate::templates::{self, Template};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

pub type Clock = Box<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// Length limits (characters) for what users type.
pub mod limits {
    pub const NAME: usize = 100;
    pub const SHORT: usize = 200;
    pub const PHONE: usize = 40;
    pub const TEXT: usize = 5_000;
    /// One section of a case, or the theme notes: roomy, but a 10 MB paste is refused.
    pub const NOTE: usize = 200_000;
}

pub struct Core {
    store: Store,
    clock: Clock,
    /// Text typed but not yet saved, by note, with the revision it was typed on: what the
    /// screen shows, and what is saved at exit if the editor could not save it.
    pub(crate) drafts: HashMap<NoteRef, crate::run::notes::Draft>,
}

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
    #[serde(default = "yes")]
    pub fixed: bool,
    #[serde(default)]
    pub chair: bool,
    #[serde(default)]
    pub coordinator: bool,
}

fn yes() -> bool {
    true
}

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
    #[serde(default = "yes")]
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

#[derive(Debug, Clone, Default, Deserialize)]
pub struct MeetingInput {
    pub id: Option<Id>,
    /// ISO date
    pub date: String,
    /// HH:MM local time
    pub start: String,
    pub duration_minutes: Option<u32>,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub video_link: String,
    #[serde(default)]
    pub theme: String,
}

impl Core {
    pub fn new(store: Store, clock: Clock) -> Core {
        Core {
            store,
            clock,
            drafts: HashMap::new(),
        }
    }

    /// Unsaved text of a section, if any.
    pub fn draft(&self, case_id: Id, key: &str) -> Option<&str> {
        self.drafts
            .get(&NoteRef::section(case_id, key))
            .map(|d| d.text.as_str())
    }

    /// Opens the store in `dir` with the system clock.
    pub fn open(dir: &Path) -> Result<Core> {
        Ok(Core::new(Store::open_in_dir(dir)?, Box::new(Utc::now)))
    }

    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    pub fn today(&self) -> NaiveDate {
        calendar::local(self.now()).date_naive()
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Replaces the live data with a backup (a safety copy of the current data is taken
    /// first). Text typed but not yet saved is saved first (so the safety copy holds it); if
    /// it cannot be, nothing is restored.
    pub fn restore_backup(&mut self, chosen: &Path) -> Result<crate::backup::Restored> {
        self.save_drafts()?.into_result()?;
        let now = self.now();
        let restored = crate::backup::restore_backup(&mut self.store, chosen, now)?;
        self.drafts.clear();
        Ok(restored)
    }

    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    pub fn template(&self) -> &'static Template {
        templates::current()
    }

    // ------------------------------------------------------------ team

    pub fn team(&self) -> Result<Option<Team>> {
        store::get_team(self.store.read())
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
        let members = validate_members(team.id, &input.members)?;
        self.store.write(|tx| {
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
        let members = validate_members(team.id, &input.members)?;
        self.store.write(|tx| {
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
        let mut v = validate_members(team.id, std::slice::from_ref(input))?;
        let (p, chair, coord) = v.pop().ok_or(CoreError::EmptyField { field: "Navn" })?;
        let mut team = team;
        self.store.write(|tx| {
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

    pub fn participants(&self) -> Result<Vec<Participant>> {
        let team = self.require_team()?;
        store::list_participants(self.store.read(), team.id)
    }

    // ------------------------------------------------------------ citizens

    pub fn citizens(&self) -> Result<Vec<Citizen>> {
        let team = self.require_team()?;
        store::list_citizens(self.store.read(), team.id)
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
        store::get_citizen(self.store.read(), id)
    }

    /// Creates or edits a citizen (and records a first consent if given). All or nothing.
    pub fn save_citizen(&mut self, input: &CitizenInput) -> Result<Citizen> {
        let team = self.require_team()?;
        let existing = match input.id {
            Some(id) => Some(store::get_citizen(self.store.read(), id)?),
            None => None,
        };
        let first_name = required("Fornavn", &input.first_name, limits::NAME)?;
        let last_name = required("Efternavn", &input.last_name, limits::NAME)?;
        let screen_name = optional("Kaldenavn", &input.screen_name, limits::NAME)?;
        let cpr = match (&existing, input.cpr.trim()) {
            (Some(e), "") => e.cpr.clone(),
            (_, s) => Cpr::parse(s)?,
        };
        if let Some(other) = store::citizen_by_cpr(self.store.read(), team.id, &cpr)? {
            if Some(other.id) != input.id {
                return Err(CoreError::DuplicateCpr);
            }
        }
        let contact_id = match input.contact_id {
            Some(id) => Some(store::get_participant(self.store.read(), id)?.id),
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
        self.store.write(|tx| {
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
        self.store.write(|tx| store::insert_consent(tx, &consent))?;
        Ok(consent)
    }

    pub fn withdraw_consent(&mut self, consent_id: Id, on: &str) -> Result<()> {
        let on = if on.trim().is_empty() {
            self.today()
        } else {
            calendar::parse_date("Trukket tilbage", on)?
        };
        self.store
            .write(|tx| store::withdraw_consent(tx, consent_id, on))
    }

    pub fn consents(&self, citizen_id: Id) -> Result<Vec<Consent>> {
        store::list_consents(self.store.read(), citizen_id)
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

    // ------------------------------------------------------------ meetings

    pub fn meetings(&self) -> Result<Vec<Meeting>> {
        let team = self.require_team()?;
        store::list_meetings(self.store.read(), team.id)
    }

    pub fn meeting(&self, id: Id) -> Result<Meeting> {
        store::get_meeting(self.store.read(), id)
    }

    /// Creates a meeting or edits (moves) one. A past date is allowed: registering a meeting
    /// after the fact.
    pub fn save_meeting(&mut self, input: &MeetingInput) -> Result<Meeting> {
        let team = self.require_team()?;
        let date = calendar::parse_date("Dato", &input.date)?;
        let time = calendar::parse_time("Starttid", &input.start)?;
        let starts_at = calendar::local_to_utc(date, time)?;
        let duration = input
            .duration_minutes
            .unwrap_or(self.template().meeting_minutes);
        if !(15..=600).contains(&duration) {
            return Err(CoreError::InvalidValue {
                field: "Varighed",
                reason: "mellem 15 og 600 minutter".into(),
            });
        }
        let theme = optional("Tema", &input.theme, limits::SHORT)?;
        let place = optional("Sted", &input.place, limits::SHORT)?.unwrap_or_default();
        let video = optional("Videolink", &input.video_link, limits::SHORT)?.unwrap_or_default();
        let mut m = match input.id {
            Some(id) => self.meeting(id)?,
            None => Meeting {
                id: new_id(),
                team_id: team.id,
                starts_at,
                duration_minutes: duration,
                place: String::new(),
                video_link: String::new(),
                theme_override: None,
                status: MeetingStatus::Planned,
                cancel_reason: None,
                template_version: self.template().version.clone(),
                started_at: None,
                closed_at: None,
                current_item: None,
                created_at: self.now(),
            },
        };
        if m.status == MeetingStatus::Closed && (m.starts_at != starts_at) {
            return Err(CoreError::MeetingLocked);
        }
        m.starts_at = starts_at;
        m.duration_minutes = duration;
        m.place = place;
        m.video_link = video;
        m.theme_override = theme;
        self.check_clash(&m)?;
        self.store.write(|tx| store::upsert_meeting(tx, &m))?;
        Ok(m)
    }

    fn check_clash(&self, m: &Meeting) -> Result<()> {
        let end = m.starts_at + Duration::minutes(m.duration_minutes as i64);
        if let Some(other) =
            store::overlapping_meeting(self.store.read(), m.team_id, m.starts_at, end, Some(m.id))?
        {
            return Err(CoreError::MeetingClash {
                other: format!(
                    "{} {}",
                    calendar::date_long(calendar::local(other.starts_at).date_naive()),
                    calendar::clock(other.starts_at)
                ),
            });
        }
        Ok(())
    }

    /// Plans a series: `count` meetings every `every_weeks` weeks. All or nothing.
    pub fn plan_series(
        &mut self,
        first_date: &str,
        start: &str,
        count: u32,
        every_weeks: u32,
    ) -> Result<Vec<Meeting>> {
        let team = self.require_team()?;
        let first = calendar::parse_date("Første dato", first_date)?;
        let time = calendar::parse_time("Starttid", start)?;
        let starts = calendar::series(first, time, count, every_weeks)?;
        let now = self.now();
        let meetings: Vec<Meeting> = starts
            .into_iter()
            .map(|starts_at| Meeting {
                id: new_id(),
                team_id: team.id,
                starts_at,
                duration_minutes: self.template().meeting_minutes,
                place: String::new(),
                video_link: String::new(),
                theme_override: None,
                status: MeetingStatus::Planned,
                cancel_reason: None,
                template_version: self.template().version.clone(),
                started_at: None,
                closed_at: None,
                current_item: None,
                created_at: now,
            })
            .collect();
        for m in &meetings {
            self.check_clash(m)?;
        }
        self.store.write(|tx| {
            for m in &meetings {
                store::upsert_meeting(tx, m)?;
            }
            Ok(())
        })?;
        Ok(meetings)
    }

    pub fn cancel_meeting(&mut self, id: Id, reason: &str) -> Result<Meeting> {
        let mut m = self.meeting(id)?;
        if m.status == MeetingStatus::Closed {
            return Err(CoreError::MeetingLocked);
        }
        m.cancel_reason = Some(required("Begrundelse", reason, limits::TEXT)?);
        // Text typed in it but not saved yet goes into its notes first.
        self.save_drafts()?.into_result()?;
        m.status = MeetingStatus::Cancelled;
        self.store.write(|tx| store::upsert_meeting(tx, &m))?;
        self.drop_drafts_of_meeting(id);
        Ok(m)
    }

    /// The theme of a meeting: its override, else the annual wheel's theme for its slot.
    pub fn meeting_theme(&self, m: &Meeting) -> Result<Option<String>> {
        let all = store::list_meetings(self.store.read(), m.team_id)?;
        self.meeting_theme_among(m, &all, &mut HashMap::new())
    }

    /// As `meeting_theme`, with the team's meetings (oldest first) already listed and the
    /// wheel of each year cached in `wheels`: one pass for a whole list of meetings.
    pub fn meeting_theme_among(
        &self,
        m: &Meeting,
        all: &[Meeting],
        wheels: &mut HashMap<i32, Vec<ThemeEntry>>,
    ) -> Result<Option<String>> {
        if let Some(t) = &m.theme_override {
            return Ok(Some(t.clone()));
        }
        let (year, slot) = wheel_slot_among(m, all);
        let wheel = match wheels.entry(year) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(store::theme_wheel(self.store.read(), m.team_id, year)?)
            }
        };
        Ok(wheel
            .iter()
            .find(|e| e.slot == slot)
            .map(|e| e.title.clone()))
    }

    /// The meeting's year and 1-based position among the team's held or planned meetings
    /// of that year.
    pub fn wheel_slot(&self, m: &Meeting) -> Result<(i32, u32)> {
        let all = store::list_meetings(self.store.read(), m.team_id)?;
        Ok(wheel_slot_among(m, &all))
    }

    pub fn set_theme(&mut self, year: i32, slot: u32, title: &str) -> Result<()> {
        let team = self.require_team()?;
        let title = optional("Tema", title, limits::SHORT)?.unwrap_or_default();
        if !(1..=60).contains(&slot) || !(2000..=2100).contains(&year) {
            return Err(CoreError::InvalidValue {
                field: "Årshjul",
                reason: "ugyldigt år eller nummer".into(),
            });
        }
        let entry = ThemeEntry {
            team_id: team.id,
            year,
            slot,
            title,
        };
        self.store.write(|tx| store::set_theme(tx, &entry))
    }

    // ------------------------------------------------------------ cases

    pub fn cases(&self, meeting_id: Id) -> Result<Vec<Case>> {
        store::list_cases(self.store.read(), meeting_id)
    }

    pub fn case(&self, id: Id) -> Result<Case> {
        store::get_case(self.store.read(), id)
    }

    /// Puts a citizen's case on a meeting's agenda. Refused without a consent valid on the
    /// meeting date. The fixed members active in the team take part by default.
    pub fn add_case(&mut self, meeting_id: Id, citizen_id: Id) -> Result<Case> {
        let m = self.meeting(meeting_id)?;
        match m.status {
            MeetingStatus::Closed => return Err(CoreError::MeetingLocked),
            MeetingStatus::Cancelled => return Err(CoreError::MeetingCancelled),
            _ => {}
        }
        let citizen = self.citizen(citizen_id)?;
        self.check_consent(&citizen, calendar::local(m.starts_at).date_naive())?;
        let cases = self.cases(meeting_id)?;
        if cases.iter().any(|c| c.citizen_id == citizen_id) {
            return Err(CoreError::DuplicateCase {
                name: citizen.full_name(),
            });
        }
        let case = Case {
            id: new_id(),
            meeting_id,
            citizen_id,
            position: cases.iter().map(|c| c.position + 1).max().unwrap_or(0),
            planned_minutes: None,
            citizen_invited: true,
            citizen_expected: None,
            citizen_attendance: None,
            created_at: self.now(),
        };
        let members: Vec<Participant> = self
            .participants()?
            .into_iter()
            .filter(|p| p.fixed && p.active)
            .collect();
        self.store.write(|tx| {
            store::upsert_case(tx, &case)?;
            for p in &members {
                store::set_case_participant(
                    tx,
                    &CaseParticipant {
                        case_id: case.id,
                        participant_id: p.id,
                        attendance: None,
                    },
                )?;
            }
            Ok(())
        })?;
        Ok(case)
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct CasePrepInput {
    /// `None`: an equal share of the Borgersager time.
    pub planned_minutes: Option<u32>,
    pub citizen_invited: bool,
    pub citizen_expected: Option<Attendance>,
}

impl Core {
    fn prep_case(&self, case_id: Id) -> Result<(Case, Meeting)> {
        let case = self.case(case_id)?;
        let m = self.meeting(case.meeting_id)?;
        match m.status {
            MeetingStatus::Closed => Err(CoreError::MeetingLocked),
            MeetingStatus::Cancelled => Err(CoreError::MeetingCancelled),
            _ => Ok((case, m)),
        }
    }

    /// Planned minutes, whether the citizen is invited and expected attendance.
    pub fn update_case_prep(&mut self, case_id: Id, input: &CasePrepInput) -> Result<Case> {
        let (mut case, _) = self.prep_case(case_id)?;
        if let Some(min) = input.planned_minutes {
            if !(1..=240).contains(&min) {
                return Err(CoreError::InvalidValue {
                    field: "Planlagte minutter",
                    reason: "mellem 1 og 240 minutter".into(),
                });
            }
        }
        case.planned_minutes = input.planned_minutes;
        case.citizen_invited = input.citizen_invited;
        case.citizen_expected = input.citizen_expected;
        self.store.write(|tx| store::upsert_case(tx, &case))?;
        Ok(case)
    }

    /// Moves a case one place up (`-1`) or down (`+1`) in the meeting's order.
    pub fn move_case(&mut self, case_id: Id, delta: i32) -> Result<()> {
        let (case, m) = self.prep_case(case_id)?;
        let mut cases = self.cases(m.id)?;
        let i = cases.iter().position(|c| c.id == case.id).unwrap_or(0);
        let j = i as i64 + delta as i64;
        if j < 0 || j >= cases.len() as i64 {
            return Ok(());
        }
        cases.swap(i, j as usize);
        self.store.write(|tx| {
            for (pos, c) in cases.iter_mut().enumerate() {
                c.position = pos as u32;
                store::upsert_case(tx, c)?;
            }
            Ok(())
        })
    }

    /// Takes a case off the agenda; only before anything was written in it.
    pub fn remove_case(&mut self, case_id: Id) -> Result<()> {
        let (case, _) = self.prep_case(case_id)?;
        let c = self.store.read();
        let typed = self
            .drafts
            .iter()
            .any(|(n, d)| n.case_id() == Some(case.id) && !d.clean && !d.text.trim().is_empty());
        let kept = store::kept_texts_of_meeting(c, case.meeting_id)?
            .iter()
            .any(|k| k.note.case_id() == Some(case.id));
        if typed
            || kept
            || store::list_notes(c, case.id)?
                .iter()
                .any(|n| !n.text.trim().is_empty())
            || !store::list_agreements(c, case.id)?.is_empty()
        {
            return Err(CoreError::InvalidValue {
                field: "Borgersag",
                reason: "sagen har noter eller aftaler og kan ikke fjernes".into(),
            });
        }
        self.store.write(|tx| store::delete_case(tx, case.id))?;
        self.drafts.retain(|n, _| n.case_id() != Some(case.id));
        Ok(())
    }

    /// Includes or excludes a team member from a case.
    pub fn set_case_member(
        &mut self,
        case_id: Id,
        participant_id: Id,
        included: bool,
    ) -> Result<()> {
        let (case, _) = self.prep_case(case_id)?;
        let p = store::get_participant(self.store.read(), participant_id)?;
        self.store.write(|tx| {
            if included {
                store::set_case_participant(
                    tx,
                    &CaseParticipant {
                        case_id: case.id,
                        participant_id: p.id,
                        attendance: None,
                    },
                )
            } else {
                store::remove_case_participant(tx, case.id, p.id)
            }
        })
    }
}

/// `m`'s year and 1-based slot among `all` (the team's meetings, oldest first).
pub fn wheel_slot_among(m: &Meeting, all: &[Meeting]) -> (i32, u32) {
    use chrono::Datelike;
    let year = calendar::local(m.starts_at).year();
    let n = all
        .iter()
        .filter(|o| o.status != MeetingStatus::Cancelled || o.id == m.id)
        .filter(|o| calendar::local(o.starts_at).year() == year)
        .take_while(|o| o.id != m.id)
        .count();
    (year, n as u32 + 1)
}

/// Validates member rows; rows with an empty name are skipped (a role left unfilled).
fn validate_members(team_id: Id, input: &[MemberInput]) -> Result<Vec<(Participant, bool, bool)>> {
    let t = templates::current();
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
