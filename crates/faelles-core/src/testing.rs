//! Test fixtures shared by the core's unit tests and the integration tests (feature
//! `testing`). [`Fx`] is a core with a team (a chair, a coordinator and a doctor), citizens
//! with consent and a settable clock; [`Fx::builder`] changes what is needed (the clock, a
//! file-backed store, how many citizens, their CPR numbers), and meetings, cases and
//! agreements take one line each.
//!
//! ```text
//! let mut fx = Fx::builder().in_dir(dir).now(at("2026-06-01T08:00:00Z")).build();
//! let (meeting, cases) = fx.meeting_with_cases("2026-06-09");
//! ```
#![allow(clippy::unwrap_used)]

use crate::citizens::{CitizenInput, ConsentInput};
use crate::core::Core;
use crate::domain::*;
use crate::meetings::MeetingInput;
use crate::run::AgreementInput;
use crate::store::Store;
use crate::team::{MemberInput, TeamInput};
use chrono::{DateTime, Duration, Utc};
use std::path::Path;
use std::sync::{Arc, Mutex};

pub type Now = Arc<Mutex<DateTime<Utc>>>;

pub fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

pub fn core_on(store: Store, now: &Now) -> Core {
    let now = now.clone();
    Core::new(store, Box::new(move || *now.lock().unwrap()))
}

pub fn advance(now: &Now, d: Duration) {
    *now.lock().unwrap() += d;
}

pub fn set_now(now: &Now, t: DateTime<Utc>) {
    *now.lock().unwrap() = t;
}

/// A section's stored text and revision (`("", 0)` if never written), as an editor opens it.
pub fn note(core: &Core, case_id: Id, key: &str) -> (String, i64) {
    let n = core.note_state(&NoteRef::section(case_id, key)).unwrap();
    (n.text, n.revision)
}

pub struct Fx {
    pub core: Core,
    pub now: Now,
    /// The team's doctor (Klinik for rusmiddelpsykiatri).
    pub doctor: Id,
    /// The citizens, in the order they were made (by default the three of [`CPRS`]).
    pub citizens: Vec<Id>,
}

/// The CPR numbers of the three standard citizens (Mikkel Sørensen, Camilla Nørgaard,
/// Ahmad Haddad).
pub const CPRS: [&str; 3] = ["120385-1117", "030792-2048", "250179-1231"];

const NAMES: [(&str, &str); 3] = [
    ("Mikkel", "Sørensen"),
    ("Camilla", "Nørgaard"),
    ("Ahmad", "Haddad"),
];

/// Builds an [`Fx`]. Without changes: an in-memory store, the clock at 1 February 2026 09:00
/// UTC, the three standard citizens with consent from 5 January 2026 that names everyone
/// the template knows (the fixed team's organisations and every ad hoc kind).
pub struct FxBuilder {
    store: Option<Store>,
    now: DateTime<Utc>,
    /// (first name, last name, CPR number)
    citizens: Vec<(String, String, String)>,
    consent_from: String,
    /// Whom the consents name: everyone the template knows unless [`Self::fixed_team_consent`].
    everyone: bool,
}

impl Default for FxBuilder {
    fn default() -> Self {
        FxBuilder {
            store: None,
            now: at("2026-02-01T09:00:00Z"),
            citizens: Vec::new(),
            consent_from: "2026-01-05".into(),
            everyone: true,
        }
        .citizens(CPRS.len())
    }
}

impl FxBuilder {
    /// The clock starts at `t`; it moves only by [`advance`] / [`set_now`] on `Fx::now`.
    pub fn now(mut self, t: DateTime<Utc>) -> Self {
        self.now = t;
        self
    }

    /// On `store` instead of a new in-memory store.
    pub fn store(mut self, store: Store) -> Self {
        self.store = Some(store);
        self
    }

    /// On the database in the data dir `dir` (made if needed), opened as the app opens it.
    pub fn in_dir(self, dir: &Path) -> Self {
        self.store(Store::open_in_dir(dir).unwrap())
    }

    /// `n` citizens: the three standard ones first, then `Borger3 Hansen`, `Borger4 Hansen`,
    /// ... with generated CPR numbers. `0`: a team without citizens.
    pub fn citizens(mut self, n: usize) -> Self {
        self.citizens = (0..n)
            .map(|i| match NAMES.get(i) {
                Some((first, last)) => (first.to_string(), last.to_string(), CPRS[i].into()),
                None => (
                    format!("Borger{i}"),
                    "Hansen".into(),
                    format!("{:02}0190-{:04}", 1 + i % 28, 1000 + i),
                ),
            })
            .collect();
        self
    }

    /// Citizens `Borger0 Hansen`, `Borger1 Hansen`, ... with exactly these CPR numbers
    /// instead of the standard ones.
    pub fn cprs(mut self, cprs: &[&str]) -> Self {
        self.citizens = cprs
            .iter()
            .enumerate()
            .map(|(i, cpr)| (format!("Borger{i}"), "Hansen".into(), cpr.to_string()))
            .collect();
        self
    }

    /// Every citizen's consent is given on `date` (ISO).
    pub fn consent_from(mut self, date: &str) -> Self {
        self.consent_from = date.into();
        self
    }

    /// The citizens' consents name only the fixed team's organisations (the form's default),
    /// not the ad hoc kinds.
    pub fn fixed_team_consent(mut self) -> Self {
        self.everyone = false;
        self
    }

    /// Only the core on this store and clock: nothing is added (on a new store, the app's
    /// first start; on a data dir made before, that data as it is).
    pub fn core(self) -> (Core, Now) {
        let now: Now = Arc::new(Mutex::new(self.now));
        let store = self
            .store
            .unwrap_or_else(|| Store::open_in_memory().unwrap());
        (core_on(store, &now), now)
    }

    pub fn build(self) -> Fx {
        let citizens = self.citizens.clone();
        let consent_from = self.consent_from.clone();
        let recipients = self.everyone.then(|| {
            crate::templates::current()
                .consent_recipients()
                .into_iter()
                .map(|r| r.key)
                .collect::<Vec<_>>()
        });
        let (mut core, now) = self.core();
        let member = |role: &str, name: &str, chair, coordinator| MemberInput {
            role: role.into(),
            name: name.into(),
            fixed: true,
            chair,
            coordinator,
            ..Default::default()
        };
        core.setup_team(&TeamInput {
            name: "Fælles Team Vest".into(),
            municipality: "Holstebro Kommune".into(),
            members: vec![
                member("moedeleder", "Hanne Kjær", true, false),
                member("rusmiddelbehandlingen", "Lars Bundgaard", false, true),
                member(
                    "klinik_rusmiddelpsykiatri",
                    "Mette Vestergaard",
                    false,
                    false,
                ),
            ],
            ..Default::default()
        })
        .unwrap();
        let doctor = core
            .participants()
            .unwrap()
            .into_iter()
            .find(|p| p.name == "Mette Vestergaard")
            .unwrap()
            .id;
        let citizens = citizens
            .iter()
            .map(|(first, last, cpr)| {
                core.save_citizen(&CitizenInput {
                    first_name: first.clone(),
                    last_name: last.clone(),
                    cpr: cpr.clone(),
                    active: true,
                    consent: Some(ConsentInput {
                        given_on: consent_from.clone(),
                        recipients: recipients.clone(),
                        ..Default::default()
                    }),
                    ..Default::default()
                })
                .unwrap()
                .id
            })
            .collect();
        Fx {
            core,
            now,
            doctor,
            citizens,
        }
    }
}

/// The standard fixture on `store`.
pub fn fixture_on(store: Store) -> Fx {
    Fx::builder().store(store).build()
}

/// The standard fixture.
pub fn fixture() -> Fx {
    Fx::builder().build()
}

impl Fx {
    pub fn builder() -> FxBuilder {
        FxBuilder::default()
    }

    /// A meeting at 13:00 Copenhagen time on `date`.
    pub fn meeting(&mut self, date: &str) -> Meeting {
        self.core
            .save_meeting(&MeetingInput {
                date: date.into(),
                start: "13:00".into(),
                ..Default::default()
            })
            .unwrap()
    }

    /// A meeting planned with the first template (2026.1), as one held before schema 9: the
    /// citizen's three questions, the actors' joint answer.
    pub fn meeting_of_first_template(&mut self, date: &str) -> Meeting {
        let mut m = self.meeting(date);
        m.template_version = "faelles-team-2026.1".into();
        self.core
            .store_mut()
            .write(|tx| crate::store::upsert_meeting(tx, &m))
            .unwrap();
        m
    }

    /// A case of the `citizen`th citizen on `meeting`.
    pub fn case(&mut self, meeting: &Meeting, citizen: usize) -> Id {
        self.core
            .add_case(meeting.id, self.citizens[citizen])
            .unwrap()
            .id
    }

    /// A meeting at 13:00 on `date` with a case for every citizen, in order.
    pub fn meeting_with_cases(&mut self, date: &str) -> (Meeting, Vec<Id>) {
        let m = self.meeting(date);
        let cases = (0..self.citizens.len()).map(|i| self.case(&m, i)).collect();
        (m, cases)
    }

    pub fn agreement(&mut self, case_id: Id, what: &str, who: Option<Who>, due: Option<Due>) -> Id {
        self.core
            .save_agreement(
                case_id,
                &AgreementInput {
                    id: None,
                    what: what.into(),
                    who,
                    due,
                },
            )
            .unwrap()
            .id
    }
}
