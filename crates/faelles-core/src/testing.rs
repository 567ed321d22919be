//! Test fixtures shared by the core's unit tests and the integration tests (feature
//! `testing`): a team with a chair, a coordinator and a doctor, three citizens with consent,
//! a settable clock, and meetings, cases and agreements in one line each.
#![allow(clippy::unwrap_used)]

use crate::citizens::{CitizenInput, ConsentInput};
use crate::core::Core;
use crate::domain::*;
use crate::meetings::MeetingInput;
use crate::run::AgreementInput;
use crate::store::Store;
use crate::team::{MemberInput, TeamInput};
use chrono::{DateTime, Duration, Utc};
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

pub struct Fx {
    pub core: Core,
    pub now: Now,
    /// The team's doctor (Klinik for rusmiddelpsykiatri).
    pub doctor: Id,
    /// Three citizens with consent from 5 January 2026.
    pub citizens: Vec<Id>,
}

pub const CPRS: [&str; 3] = ["120385-1117", "030792-2048", "250179-1231"];

pub fn fixture_on(store: Store) -> Fx {
    let now: Now = Arc::new(Mutex::new(at("2026-02-01T09:00:00Z")));
    let mut core = core_on(store, &now);
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
    let names = [
        ("Mikkel", "Sørensen"),
        ("Camilla", "Nørgaard"),
        ("Ahmad", "Haddad"),
    ];
    let citizens = names
        .iter()
        .zip(CPRS)
        .map(|((first, last), cpr)| {
            core.save_citizen(&CitizenInput {
                first_name: (*first).into(),
                last_name: (*last).into(),
                cpr: cpr.into(),
                active: true,
                consent: Some(ConsentInput {
                    given_on: "2026-01-05".into(),
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

pub fn fixture() -> Fx {
    fixture_on(Store::open_in_memory().unwrap())
}

impl Fx {
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
    pub fn case(&mut self, meeting: &Meeting, citizen: usize) -> Id {
        self.core
            .add_case(meeting.id, self.citizens[citizen])
            .unwrap()
            .id
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
