//! The chair's read models: what the chair window lists and shows, with its Danish labels
//! computed here so the UI does no date arithmetic. CPR numbers appear only masked. One home
//! for them all: the app's state and the team's warnings (here), the meetings and a meeting's
//! preparation (`meetings.rs`), the citizens (`citizens.rs`), a citizen's course
//! (`course.rs`), the case editor (`case_detail.rs`) and Opfølgning's list (`followup.rs`).
//!
//! Output layer: may read every area; no area reads it. The list views are functions of
//! `&Core` (`chair::meetings(core)`); those of one thing are `Core` methods
//! (`core.case_detail(id)`, `core.citizen_course(id)`, `core.follow_up(filter)`).

use crate::calendar;
use crate::core::Core;
use crate::domain::*;
use crate::error::Result;
use crate::templates::Template;
use serde::Serialize;

mod case_detail;
mod citizens;
mod course;
mod followup;
mod meetings;

pub use case_detail::{
    AgreementView, CarriedAgreementView, CaseDetail, CaseParticipantView, ReviewView, SectionView,
};
pub use citizens::*;
pub use course::*;
pub use followup::*;
pub use meetings::*;

#[derive(Debug, Serialize)]
pub struct AppState {
    /// True on an empty data dir: offer team set-up or demo data.
    pub onboarding: bool,
    pub team: Option<Team>,
    pub today_label: String,
    pub template: &'static Template,
    /// The consent form's boxes: who a consent can name (the template's).
    pub consent_recipients: Vec<crate::templates::ConsentRecipient>,
}

pub fn app_state(core: &Core) -> Result<AppState> {
    let team = core.team()?;
    Ok(AppState {
        onboarding: team.is_none(),
        team,
        today_label: calendar::date_with_week(core.today()),
        template: core.template(),
        consent_recipients: core.template().consent_recipients(),
    })
}

/// Warnings about the team set-up (e.g. a coordinator not from Rusmiddelbehandlingen).
pub fn team_warnings(core: &Core) -> Result<Vec<String>> {
    let Some(team) = core.team()? else {
        return Ok(vec![]);
    };
    let mut w = Vec::new();
    match team.coordinator_id {
        None => w.push(
            "Teamet har ingen tovholder. Tovholderen kommer fra Rusmiddelbehandlingen.".into(),
        ),
        Some(id) => {
            let p = crate::store::get_participant(core.store().read(), id)?;
            if p.role != "rusmiddelbehandlingen" {
                w.push(format!(
                    "Tovholderen ({}) er ikke fra Rusmiddelbehandlingen. Efter modellen er det Rusmiddelbehandlingens repræsentant, der er tovholder.",
                    p.name
                ));
            }
        }
    }
    if team.chair_id.is_none() {
        w.push("Teamet har ingen fast mødeleder.".into());
    }
    Ok(w)
}
