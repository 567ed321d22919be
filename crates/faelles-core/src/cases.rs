//! Cases: a citizen on a meeting's agenda (consent checked), its order, planned minutes and
//! the members taking part; the invitation mark; the citizen's own next meeting (the next one
//! where they have a case), and putting the citizen on a coming meeting at the case's end.

use crate::calendar;
use crate::core::Core;
use crate::domain::*;
use crate::error::{CoreError, Result};
use crate::store;
use serde::Deserialize;

/// The longest a case can be planned: the whole meeting.
pub const MAX_CASE_MINUTES: u32 = 120;

/// How many coming meetings the case's end offers for the citizen's next meeting.
pub const NEXT_MEETING_CHOICES: usize = 4;

/// A coming meeting the citizen of a case can be put on, and whether they are on it already.
#[derive(Debug, Clone, PartialEq)]
pub struct NextMeetingChoice {
    pub meeting: Meeting,
    /// The citizen already has a case there (shown, never added twice).
    pub already: bool,
}

/// A meeting the citizen of a case held at `here` can be put on: planned (not cancelled,
/// running or closed), after `here` and not yet begun at `now`.
fn is_coming(m: &Meeting, here: &Meeting, now: chrono::DateTime<chrono::Utc>) -> bool {
    m.status == MeetingStatus::Planned && m.starts_at > here.starts_at && m.starts_at > now
}

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

    /// Records that the citizen's invitation was made today (the preparation shows
    /// «Inviteret …»): the invitation's export calls it once the file is written.
    pub(crate) fn mark_invited(&mut self, case_id: Id) -> Result<()> {
        let mut case = self.case(case_id)?;
        case.citizen_invited = true;
        case.invited_on = Some(self.today());
        self.store_mut().write(|tx| store::upsert_case(tx, &case))
    }

    /// The meetings the citizen of `case_id` can be put on at the case's end: the team's
    /// coming meetings after the case's own (see `is_coming`), the nearest first, at most
    /// `NEXT_MEETING_CHOICES`, each with whether the citizen already has a case there.
    pub fn next_meeting_choices(&self, case_id: Id) -> Result<Vec<NextMeetingChoice>> {
        let case = self.case(case_id)?;
        let c = self.store().read();
        let here = store::get_meeting(c, case.meeting_id)?;
        let now = self.now();
        let mut out = Vec::new();
        for m in store::list_meetings(c, here.team_id)? {
            if out.len() == NEXT_MEETING_CHOICES {
                break;
            }
            if !is_coming(&m, &here, now) {
                continue;
            }
            let already = store::list_cases(c, m.id)?
                .iter()
                .any(|k| k.citizen_id == case.citizen_id);
            out.push(NextMeetingChoice {
                meeting: m,
                already,
            });
        }
        Ok(out)
    }

    /// Puts the citizen of `case_id` on the coming meeting `meeting_id`: a new case there,
    /// refused as any case is (no consent valid on that date, already on it:
    /// `DuplicateCase`), and for a meeting that is cancelled (`MeetingCancelled`) or not
    /// coming after this case (`MeetingNotComing`).
    pub fn put_on_next_meeting(&mut self, case_id: Id, meeting_id: Id) -> Result<Case> {
        let case = self.case(case_id)?;
        let here = self.meeting(case.meeting_id)?;
        let m = self.meeting(meeting_id)?;
        if m.status == MeetingStatus::Cancelled {
            return Err(CoreError::MeetingCancelled);
        }
        if m.team_id != here.team_id || !is_coming(&m, &here, self.now()) {
            return Err(CoreError::MeetingNotComing);
        }
        self.add_case(meeting_id, case.citizen_id)
    }

    /// The next meeting after `meeting_id` (not cancelled) where the citizen has a case.
    pub fn citizen_next_meeting(&self, citizen_id: Id, after: &Meeting) -> Result<Option<Meeting>> {
        let c = self.store().read();
        for m in store::list_meetings(c, after.team_id)? {
            if m.starts_at <= after.starts_at || m.status == MeetingStatus::Cancelled {
                continue;
            }
            if store::list_cases(c, m.id)?
                .iter()
                .any(|k| k.citizen_id == citizen_id)
            {
                return Ok(Some(m));
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use crate::citizens::ConsentInput;
    use crate::domain::*;
    use crate::error::CoreError;
    use crate::testing::{at, fixture, set_now, Fx};

    /// At the case's end the chair puts the citizen on a coming meeting: only planned
    /// meetings after this one and not begun are offered (not cancelled, past, running or
    /// closed), the citizen is not added twice, consent is checked for that meeting's date;
    /// the screen and the summary then name it.
    #[test]
    fn the_citizen_is_put_on_a_coming_meeting_at_the_cases_end() {
        let mut fx = Fx::builder().now(at("2026-03-10T08:00:00Z")).build();
        let earlier = fx.meeting("2026-02-10");
        let (m1, cases) = fx.meeting_with_cases("2026-03-10");
        let m2 = fx.meeting("2026-04-07");
        let cancelled = fx.meeting("2026-05-05");
        let m4 = fx.meeting("2026-06-02");
        fx.core.cancel_meeting(cancelled.id, "Ferie").unwrap();
        let mikkel = cases[0];
        let ids = |fx: &Fx, case| -> Vec<(Id, bool)> {
            fx.core
                .next_meeting_choices(case)
                .unwrap()
                .into_iter()
                .map(|c| (c.meeting.id, c.already))
                .collect()
        };
        assert_eq!(ids(&fx, mikkel), [(m2.id, false), (m4.id, false)]);
        // Neither an earlier, a cancelled nor the case's own meeting can be chosen.
        for (m, kind) in [
            (earlier.id, "MeetingNotComing"),
            (m1.id, "MeetingNotComing"),
            (cancelled.id, "MeetingCancelled"),
        ] {
            let e = fx.core.put_on_next_meeting(mikkel, m).unwrap_err();
            assert_eq!(e.kind(), kind, "{e:?}");
        }

        let new_case = fx.core.put_on_next_meeting(mikkel, m2.id).unwrap();
        assert_eq!(new_case.meeting_id, m2.id);
        assert_eq!(new_case.citizen_id, fx.citizens[0]);
        assert_eq!(ids(&fx, mikkel), [(m2.id, true), (m4.id, false)]);
        // Not twice, and says so.
        let e = fx.core.put_on_next_meeting(mikkel, m2.id).unwrap_err();
        assert!(matches!(e, CoreError::DuplicateCase { .. }), "{e:?}");
        assert!(e.message_da().contains("allerede"), "{}", e.message_da());
        assert_eq!(fx.core.cases(m2.id).unwrap().len(), 1);

        // The screen and the summary name it.
        match crate::projection::for_case(&fx.core, mikkel).unwrap() {
            crate::projection::ScreenView::Case(c) => assert_eq!(
                c.next_meeting,
                "Dit næste møde: tirsdag den 7. april 2026 kl. 13.00"
            ),
            other => panic!("{other:?}"),
        }
        let summary = fx.core.citizen_summary_document(mikkel).unwrap();
        let text = format!("{:?}", summary.blocks);
        assert!(text.contains("tirsdag den 7. april 2026"), "{text}");

        // A meeting that has begun is no longer offered.
        set_now(&fx.now, at("2026-04-07T12:00:00Z"));
        assert_eq!(ids(&fx, mikkel), [(m4.id, false)]);
        let e = fx.core.put_on_next_meeting(mikkel, m2.id).unwrap_err();
        assert_eq!(e.kind(), "MeetingNotComing");
    }

    /// Consent is checked for the coming meeting's date, as for any case.
    #[test]
    fn a_next_meeting_after_the_consent_was_withdrawn_is_refused() {
        let mut fx = Fx::builder().now(at("2026-03-10T08:00:00Z")).build();
        let (_, cases) = fx.meeting_with_cases("2026-03-10");
        let m2 = fx.meeting("2026-04-07");
        let camilla = fx.citizens[1];
        let consent = fx.core.consents(camilla).unwrap()[0].id;
        fx.core.withdraw_consent(consent, "2026-03-09").unwrap();
        let e = fx.core.put_on_next_meeting(cases[1], m2.id).unwrap_err();
        assert_eq!(e.kind(), "ConsentWithdrawn");
        assert!(fx.core.cases(m2.id).unwrap().is_empty());
        // A new consent: now it can.
        fx.core
            .add_consent(
                camilla,
                &ConsentInput {
                    given_on: "2026-03-10".into(),
                    ..Default::default()
                },
            )
            .unwrap();
        fx.core.put_on_next_meeting(cases[1], m2.id).unwrap();
    }

    #[test]
    fn the_citizens_next_meeting_is_one_where_they_have_a_case() {
        let mut fx = fixture();
        let (m1, cases) = fx.meeting_with_cases("2026-03-10");
        let m2 = fx.meeting("2026-04-07");
        let m3 = fx.meeting("2026-05-05");
        fx.case(&m3, 0);
        fx.case(&m2, 1);
        let anna = fx.core.case(cases[0]).unwrap().citizen_id;
        let next = fx.core.citizen_next_meeting(anna, &m1).unwrap().unwrap();
        assert_eq!(
            next.id, m3.id,
            "not the team's next meeting (m2) but Anna's"
        );
        let carl = fx.core.case(cases[2]).unwrap().citizen_id;
        assert!(fx.core.citizen_next_meeting(carl, &m1).unwrap().is_none());
        // The screen says so in plain words.
        let shown = |case| match crate::projection::for_case(&fx.core, case).unwrap() {
            crate::projection::ScreenView::Case(c) => c.next_meeting,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            shown(cases[0]),
            "Dit næste møde: tirsdag den 5. maj 2026 kl. 13.00"
        );
        assert_eq!(shown(cases[2]), "Vi aftaler et nyt møde med dig.");
        // A meeting with neither place nor link says so; the neutral slide shows the place.
        assert_eq!(
            crate::words::place_and_link(&m1),
            "Stedet er ikke fastsat endnu."
        );
        let neutral = crate::projection::neutral(&fx.core, Some(&m1)).unwrap();
        assert!(matches!(neutral, crate::projection::ScreenView::Neutral(n) if n.place.is_empty()));
    }
}
