//! Closing: the check before (warnings only), the close (drafts saved, clock stopped, notes
//! locked, a backup taken) and reopening with a recorded reason.

use crate::core::{limits, Core};
use crate::domain::*;
use crate::error::{required, CoreError, Result};
use crate::store;
use serde::Serialize;

/// Warnings before closing; none of them blocks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClosingCheck {
    /// Citizens (full name) whose case has no citizen evaluation.
    pub cases_without_evaluation: Vec<String>,
    /// "Name: what" for agreements without an owner or a date.
    pub agreements_missing_owner_or_date: Vec<String>,
    /// No actors' evaluation at all, or one of the organisations that must answer has not.
    pub meeting_evaluation_missing: bool,
    /// The organisations of the meeting's template (but «Andre deltagere», who are not at
    /// every meeting) whose answer to the coherence question is not given.
    pub actors_without_answer: Vec<String>,
    /// "Where: why" for text kept beside a note because it could not be saved into it.
    pub unmerged_texts: Vec<String>,
    /// "Name: who" for cases where someone's attendance is not registered (not registered
    /// is not present: the minutes and the indicators count only what was registered).
    pub attendance_not_registered: Vec<String>,
    /// Citizens whose evaluation answers were recorded while their own attendance was not
    /// registered: kept, but the chair is asked to register it.
    pub answers_without_attendance: Vec<String>,
    /// Citizens registered absent who have answers recorded (given before the attendance was
    /// changed): kept, but the chair is asked which is true.
    pub answers_while_absent: Vec<String>,
    /// No warnings at all.
    pub clean: bool,
}

/// What closing a meeting did.
#[derive(Debug)]
pub struct Closed {
    pub meeting: Meeting,
    /// The backup taken at the close (`backup::create_backup`). `None` when the meeting was
    /// closed already (nothing changed). An `Err` does not undo the close: the meeting is
    /// closed and its notes locked all the same; the caller reports the failure.
    pub backup: Option<Result<crate::backup::BackupInfo>>,
}

impl Core {
    /// What is missing before closing (warnings; closing is never blocked by them).
    pub fn closing_check(&self, meeting_id: Id) -> Result<ClosingCheck> {
        let c = self.store().read();
        store::get_meeting(c, meeting_id)?;
        let mut cases_without_evaluation = Vec::new();
        let mut agreements_missing = Vec::new();
        let mut not_registered = Vec::new();
        let mut answers_without_attendance = Vec::new();
        let mut answers_while_absent = Vec::new();
        for case in store::list_cases(c, meeting_id)? {
            let name = store::get_citizen(c, case.citizen_id)?.full_name();
            let evaluation = store::get_citizen_evaluation(c, case.id)?;
            let absent = case.citizen_attendance == Some(Attendance::Absent);
            // A citizen registered absent is not asked.
            if evaluation.is_none() && !absent {
                cases_without_evaluation.push(name.clone());
            }
            let answered = evaluation
                .as_ref()
                .is_some_and(|e| e.answers.values().any(|a| *a != Answer::Unanswered));
            if absent && answered {
                answers_while_absent.push(name.clone());
            }
            let members = store::list_case_participants(c, case.id)?
                .iter()
                .filter(|p| p.attendance.is_none())
                .count();
            let mut missing = Vec::new();
            if case.citizen_attendance.is_none() {
                missing.push("borgeren".to_string());
                if answered {
                    answers_without_attendance.push(name.clone());
                }
            }
            match members {
                0 => {}
                1 => missing.push("1 deltager".into()),
                n => missing.push(format!("{n} deltagere")),
            }
            if !missing.is_empty() {
                not_registered.push(format!("{name}: {}", missing.join(" og ")));
            }
            for a in store::list_agreements(c, case.id)? {
                if a.who.is_none() || a.due.is_none() {
                    agreements_missing.push(format!("{name}: {}", a.what));
                }
            }
        }
        let given = store::meeting_evaluations(c, meeting_id)?;
        let t = crate::templates::by_version(&store::get_meeting(c, meeting_id)?.template_version)?;
        let actors_without_answer: Vec<String> = t
            .meeting_evaluation
            .orgs()
            .into_iter()
            .filter(|o| *o != Org::Other)
            .filter(|o| !given.iter().any(|e| e.org == *o && e.coherent.is_some()))
            .map(|o| crate::words::org_title(t, o))
            .collect();
        let meeting_evaluation_missing = given.is_empty() || !actors_without_answer.is_empty();
        let unmerged_texts = self.unmerged_texts(meeting_id)?;
        Ok(ClosingCheck {
            clean: cases_without_evaluation.is_empty()
                && agreements_missing.is_empty()
                && !meeting_evaluation_missing
                && unmerged_texts.is_empty()
                && not_registered.is_empty()
                && answers_while_absent.is_empty(),
            unmerged_texts,
            attendance_not_registered: not_registered,
            answers_without_attendance,
            answers_while_absent,
            cases_without_evaluation,
            agreements_missing_owner_or_date: agreements_missing,
            meeting_evaluation_missing,
            actors_without_answer,
        })
    }

    /// Closes the meeting: saves text not yet saved, stops the clock, locks the notes, then
    /// takes a backup (every close does; see [`Closed::backup`]). Closing a closed meeting is
    /// a no-op.
    pub fn close_meeting(&mut self, meeting_id: Id) -> Result<Closed> {
        let m = self.meeting(meeting_id)?;
        match m.status {
            MeetingStatus::Cancelled => return Err(CoreError::MeetingCancelled),
            MeetingStatus::Closed => {
                return Ok(Closed {
                    meeting: m,
                    backup: None,
                })
            }
            _ => {}
        }
        // Text typed but not saved yet goes into the notes before they are locked.
        self.save_drafts()?.into_result()?;
        let now = self.now();
        let meeting = self.store_mut().write(|tx| {
            let mut m = store::get_meeting(tx, meeting_id)?;
            store::stop_running_timings(tx, meeting_id, now)?;
            m.status = MeetingStatus::Closed;
            m.closed_at = Some(now);
            m.current_item = None;
            store::upsert_meeting(tx, &m)?;
            Ok(m)
        })?;
        self.drop_drafts_of_meeting(meeting_id);
        let backup = Some(crate::backup::create_backup(self.store(), now));
        Ok(Closed { meeting, backup })
    }

    /// Reopens a closed meeting for corrections; the reason is recorded.
    pub fn reopen_meeting(&mut self, meeting_id: Id, reason: &str) -> Result<MeetingReopening> {
        let reason = required("Begrundelse", reason, limits::TEXT)?;
        let m = self.meeting(meeting_id)?;
        if m.status != MeetingStatus::Closed {
            return Err(CoreError::InvalidValue {
                field: "Mødet",
                reason: "kun et afsluttet møde kan genåbnes".into(),
            });
        }
        let reopening = MeetingReopening {
            id: new_id(),
            meeting_id,
            at: self.now(),
            reason,
        };
        self.store_mut().write(|tx| {
            let mut m = store::get_meeting(tx, meeting_id)?;
            m.status = MeetingStatus::Running;
            m.closed_at = None;
            store::upsert_meeting(tx, &m)?;
            store::insert_reopening(tx, &reopening)
        })?;
        Ok(reopening)
    }

    pub fn reopenings(&self, meeting_id: Id) -> Result<Vec<MeetingReopening>> {
        store::list_reopenings(self.store().read(), meeting_id)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{AgreementInput, CitizenEvalInput, MeetingEvalInput};
    use super::*;
    use crate::testing::*;
    use chrono::Duration;
    #[test]
    fn notes_locked_after_closing_and_editable_after_reopening() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let c = fx.case(&m, 0);
        set_now(&fx.now, m.starts_at);
        let core = &mut fx.core;
        core.start_meeting(m.id).unwrap();
        let rev = core
            .save_section(c, "psykiatri", "Fortsætter med depotmedicin.", 0)
            .unwrap();
        advance(&fx.now, Duration::minutes(115));
        let closed = core.close_meeting(m.id).unwrap().meeting;
        assert_eq!(closed.status, MeetingStatus::Closed);
        assert_eq!(closed.closed_at, Some(m.starts_at + Duration::minutes(115)));
        assert!(core.case_detail(c).unwrap().locked);

        let kind = |e: CoreError| e.kind();
        assert_eq!(
            kind(
                core.save_section(c, "psykiatri", "Rettet", rev)
                    .unwrap_err()
            ),
            "MeetingLocked"
        );
        assert_eq!(
            kind(core.save_theme_notes(m.id, "x", 0).unwrap_err()),
            "MeetingLocked"
        );
        assert_eq!(
            kind(
                core.save_agreement(
                    c,
                    &AgreementInput {
                        what: "x".into(),
                        ..Default::default()
                    }
                )
                .unwrap_err()
            ),
            "MeetingLocked"
        );
        assert_eq!(
            kind(
                core.set_citizen_attendance(c, Some(Attendance::Present))
                    .unwrap_err()
            ),
            "MeetingLocked"
        );
        assert_eq!(kind(core.next_item(m.id).unwrap_err()), "MeetingLocked");
        assert_eq!(
            kind(core.goto_item(m.id, "tema").unwrap_err()),
            "MeetingLocked"
        );
        assert_eq!(
            kind(
                core.save_citizen_evaluation(c, &CitizenEvalInput::default())
                    .unwrap_err()
            ),
            "MeetingLocked"
        );
        // Closing twice is harmless.
        assert_eq!(
            core.close_meeting(m.id).unwrap().meeting.closed_at,
            closed.closed_at
        );

        // Reopening needs a reason and is recorded.
        assert_eq!(
            kind(core.reopen_meeting(m.id, "  ").unwrap_err()),
            "EmptyField"
        );
        advance(&fx.now, Duration::hours(20));
        let r = core
            .reopen_meeting(m.id, "Stavefejl i psykiatri-afsnittet")
            .unwrap();
        assert_eq!(
            r.at,
            m.starts_at + Duration::minutes(115) + Duration::hours(20)
        );
        assert_eq!(core.reopenings(m.id).unwrap(), vec![r]);
        assert_eq!(core.meeting(m.id).unwrap().status, MeetingStatus::Running);
        assert!(!core.case_detail(c).unwrap().locked);
        assert_eq!(
            core.save_section(c, "psykiatri", "Rettet", rev).unwrap(),
            rev + 1
        );
        assert_eq!(
            kind(core.reopen_meeting(m.id, "igen").unwrap_err()),
            "InvalidValue"
        );
        // The meeting clock did not count the night the meeting was closed.
        assert_eq!(core.agenda(m.id).unwrap().elapsed_seconds, 115 * 60);
        core.close_meeting(m.id).unwrap();
        assert_eq!(
            kind(
                core.save_section(c, "psykiatri", "Igen", rev + 1)
                    .unwrap_err()
            ),
            "MeetingLocked"
        );
    }

    #[test]
    fn closing_check_warns_and_clears() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let (c1, c2) = (fx.case(&m, 0), fx.case(&m, 1));
        fx.agreement(c1, "Søge boligstøtte", Some(Who::Citizen), None);
        fx.agreement(c1, "Kriseplan", Some(Who::Citizen), Some(Due::NextMeeting));
        let no_who = fx.agreement(c2, "Ringe til lægen", None, Some(Due::NextMeeting));
        let core = &mut fx.core;
        let check = core.closing_check(m.id).unwrap();
        assert_eq!(
            check.cases_without_evaluation,
            ["Mikkel Sørensen", "Camilla Nørgaard"]
        );
        assert_eq!(
            check.agreements_missing_owner_or_date,
            [
                "Mikkel Sørensen: Søge boligstøtte",
                "Camilla Nørgaard: Ringe til lægen"
            ]
        );
        assert!(check.meeting_evaluation_missing && !check.clean);

        core.save_citizen_evaluation(c1, &CitizenEvalInput::default())
            .unwrap();
        core.save_citizen_evaluation(c2, &CitizenEvalInput::default())
            .unwrap();
        let ids: Vec<Id> = core
            .case_detail(c1)
            .unwrap()
            .agreements
            .iter()
            .map(|a| a.id)
            .collect();
        core.delete_agreement(ids[0]).unwrap();
        core.save_agreement(
            c2,
            &AgreementInput {
                id: Some(no_who),
                what: "Ringe til lægen".into(),
                who: Some(Who::Organisation {
                    name: "Lægehuset".into(),
                }),
                due: Some(Due::NextMeeting),
            },
        )
        .unwrap();
        let err = core.save_meeting_evaluation(
            m.id,
            &MeetingEvalInput {
                coherent: Some(Answer::Unanswered),
                ..Default::default()
            },
        );
        assert_eq!(err.unwrap_err().kind(), "InvalidValue");
        let e = core
            .save_meeting_evaluation(
                m.id,
                &MeetingEvalInput {
                    effects: "Fælles overblik".into(),
                    coherent: Some(Answer::Partly),
                    ..Default::default()
                },
            )
            .unwrap();
        assert_eq!(
            core.meeting_evaluation(m.id, Org::Kommune).unwrap(),
            Some(e)
        );
        // The region has not answered: named (the «andre» are not at every meeting).
        let check = core.closing_check(m.id).unwrap();
        assert_eq!(check.actors_without_answer, ["Regionspsykiatrien"]);
        assert!(check.meeting_evaluation_missing);
        core.set_meeting_coherent(m.id, Org::Region, Some(Answer::Yes))
            .unwrap();
        // Attendance not registered is a warning, per case, naming who.
        let check = core.closing_check(m.id).unwrap();
        assert!(check.actors_without_answer.is_empty() && !check.meeting_evaluation_missing);
        assert!(!check.clean);
        assert_eq!(check.attendance_not_registered.len(), 2, "{check:?}");
        assert!(check.attendance_not_registered[0].ends_with(": borgeren og 3 deltagere"));
        for case in [c1, c2] {
            core.set_citizen_attendance(case, Some(Attendance::Present))
                .unwrap();
            for p in core.case_detail(case).unwrap().participants {
                core.set_case_participant_attendance(
                    case,
                    p.participant_id,
                    Some(Attendance::Virtual),
                )
                .unwrap();
            }
        }
        let check = core.closing_check(m.id).unwrap();
        assert!(check.clean, "{check:?}");
        // Closing works with or without warnings.
        core.close_meeting(m.id).unwrap();
        assert_eq!(
            core.delete_agreement(no_who).unwrap_err().kind(),
            "MeetingLocked"
        );
    }
}
