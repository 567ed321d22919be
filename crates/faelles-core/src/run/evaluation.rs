//! Evaluations: the citizen's of their case (not present or virtual: "Ikke besvaret") and
//! the professionals' of the meeting.

use super::ensure_open;
use crate::core::{limits, Core};
use crate::domain::*;
use crate::error::{optional, CoreError, Result};
use crate::store;
use serde::Deserialize;

fn unanswered() -> Answer {
    Answer::Unanswered
}

#[derive(Debug, Clone, Deserialize)]
pub struct CitizenEvalInput {
    #[serde(default = "unanswered")]
    pub involved: Answer,
    #[serde(default = "unanswered")]
    pub ownership: Answer,
    #[serde(default = "unanswered")]
    pub common_goals: Answer,
    #[serde(default)]
    pub comment: String,
}

impl Default for CitizenEvalInput {
    fn default() -> Self {
        CitizenEvalInput {
            involved: Answer::Unanswered,
            ownership: Answer::Unanswered,
            common_goals: Answer::Unanswered,
            comment: String::new(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct MeetingEvalInput {
    #[serde(default)]
    pub effects: String,
    #[serde(default)]
    pub experiences: String,
    #[serde(default)]
    pub learning: String,
    /// Ja / Delvist / Nej, or not answered.
    #[serde(default)]
    pub coherent: Option<Answer>,
}

impl Core {
    /// Records the citizen's evaluation of their case. A citizen not registered as present or
    /// virtual has not answered: all three are stored as "Ikke besvaret".
    pub fn save_citizen_evaluation(
        &mut self,
        case_id: Id,
        input: &CitizenEvalInput,
    ) -> Result<CitizenEvaluation> {
        self.open_case(case_id)?;
        let comment = optional("Kommentar", &input.comment, limits::TEXT)?.unwrap_or_default();
        let case = self.case(case_id)?;
        // A citizen registered absent cannot have answered; answers given while the
        // attendance is not registered are kept (the closing check asks about them).
        let answered = case.citizen_attendance != Some(Attendance::Absent);
        let a = |x: Answer| if answered { x } else { Answer::Unanswered };
        let e = CitizenEvaluation {
            case_id,
            involved: a(input.involved),
            ownership: a(input.ownership),
            common_goals: a(input.common_goals),
            comment,
            recorded_at: self.now(),
        };
        self.store_mut()
            .write(|tx| store::upsert_citizen_evaluation(tx, &e))?;
        Ok(e)
    }

    pub fn citizen_evaluation(&self, case_id: Id) -> Result<Option<CitizenEvaluation>> {
        store::get_citizen_evaluation(self.store().read(), case_id)
    }

    /// Records the professionals' evaluation of the meeting.
    pub fn save_meeting_evaluation(
        &mut self,
        meeting_id: Id,
        input: &MeetingEvalInput,
    ) -> Result<MeetingEvaluation> {
        let m = self.meeting(meeting_id)?;
        ensure_open(m.status)?;
        if input.coherent == Some(Answer::Unanswered) {
            return Err(CoreError::InvalidValue {
                field: "Sammenhængende forløb",
                reason: "svar ja, delvist eller nej, eller lad feltet stå tomt".into(),
            });
        }
        let e = MeetingEvaluation {
            meeting_id,
            effects: optional("Effekter", &input.effects, limits::TEXT)?.unwrap_or_default(),
            experiences: optional("Erfaringer", &input.experiences, limits::TEXT)?
                .unwrap_or_default(),
            learning: optional("Læringspunkter", &input.learning, limits::TEXT)?
                .unwrap_or_default(),
            coherent: input.coherent,
            recorded_at: self.now(),
        };
        self.store_mut()
            .write(|tx| store::upsert_meeting_evaluation(tx, &e))?;
        Ok(e)
    }

    pub fn meeting_evaluation(&self, meeting_id: Id) -> Result<Option<MeetingEvaluation>> {
        store::get_meeting_evaluation(self.store().read(), meeting_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn citizen_evaluation_is_not_answered_when_absent_and_kept_when_not_registered() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let (absent, unregistered, present) = (fx.case(&m, 0), fx.case(&m, 1), fx.case(&m, 2));
        let core = &mut fx.core;
        core.set_citizen_attendance(absent, Some(Attendance::Absent))
            .unwrap();
        // The case goes ahead without the citizen.
        core.save_section(absent, "vigtigste", "Borgeren var ikke til stede.", 0)
            .unwrap();
        let input = CitizenEvalInput {
            involved: Answer::Yes,
            ownership: Answer::Partly,
            common_goals: Answer::No,
            comment: "Sendt til borgeren bagefter".into(),
        };
        // Registered absent: not answered. Not registered: the answers are kept (the
        // closing check asks for the attendance).
        for (case, want) in [
            (
                absent,
                (Answer::Unanswered, Answer::Unanswered, Answer::Unanswered),
            ),
            (unregistered, (Answer::Yes, Answer::Partly, Answer::No)),
        ] {
            let e = core.save_citizen_evaluation(case, &input).unwrap();
            assert_eq!((e.involved, e.ownership, e.common_goals), want);
            let stored = core.citizen_evaluation(case).unwrap().unwrap();
            assert_eq!(stored, e);
            assert_eq!(stored.comment, "Sendt til borgeren bagefter");
        }
        let m_id = core.case(unregistered).unwrap().meeting_id;
        let check = core.closing_check(m_id).unwrap();
        assert_eq!(check.answers_without_attendance.len(), 1, "{check:?}");
        assert!(check
            .attendance_not_registered
            .iter()
            .any(|x| x.contains("borgeren")));
        for (attendance, case) in [
            (Attendance::Present, present),
            (Attendance::Virtual, unregistered),
        ] {
            core.set_citizen_attendance(case, Some(attendance)).unwrap();
            let e = core.save_citizen_evaluation(case, &input).unwrap();
            assert_eq!(
                (e.involved, e.ownership, e.common_goals),
                (Answer::Yes, Answer::Partly, Answer::No)
            );
            assert_eq!(core.case_detail(case).unwrap().citizen_evaluation, Some(e));
        }
    }
}
