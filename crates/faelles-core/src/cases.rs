//! Cases: a citizen on a meeting's agenda (consent checked), its order, planned minutes and
//! the members taking part.

use crate::calendar;
use crate::core::Core;
use crate::domain::*;
use crate::error::{CoreError, Result};
use crate::store;
use serde::Deserialize;

/// The longest a case can be planned: the whole meeting.
pub const MAX_CASE_MINUTES: u32 = 120;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct CasePrepInput {
    /// `None`: an equal share of the Borgersager time.
    pub planned_minutes: Option<u32>,
    pub citizen_invited: bool,
    pub citizen_expected: Option<Attendance>,
}

impl Core {
    pub fn cases(&self, meeting_id: Id) -> Result<Vec<Case>> {
        store::list_cases(self.store().read(), meeting_id)
    }

    pub fn case(&self, id: Id) -> Result<Case> {
        store::get_case(self.store().read(), id)
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
            // Invited when the invitation letter is made (or ticked by hand).
            citizen_invited: false,
            invited_on: None,
            citizen_expected: None,
            citizen_attendance: None,
            created_at: self.now(),
        };
        let members: Vec<Participant> = self
            .participants()?
            .into_iter()
            .filter(|p| p.fixed && p.active)
            .collect();
        self.store_mut().write(|tx| {
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
            if !(1..=MAX_CASE_MINUTES).contains(&min) {
                return Err(CoreError::InvalidValue {
                    field: "Planlagte minutter",
                    reason: format!("mellem 1 og {MAX_CASE_MINUTES} minutter"),
                });
            }
        }
        case.planned_minutes = input.planned_minutes;
        case.citizen_invited = input.citizen_invited;
        if !input.citizen_invited {
            case.invited_on = None;
        }
        case.citizen_expected = input.citizen_expected;
        self.store_mut().write(|tx| store::upsert_case(tx, &case))?;
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
        self.store_mut().write(|tx| {
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
        let c = self.store().read();
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
        self.store_mut()
            .write(|tx| store::delete_case(tx, case.id))?;
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
        let p = store::get_participant(self.store().read(), participant_id)?;
        self.store_mut().write(|tx| {
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
