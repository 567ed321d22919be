//! Evaluations: the citizen's of their case and the professionals' of the meeting. Every
//! answer is saved as it is chosen (`set_citizen_answer`, `set_meeting_coherent`) and every
//! text as it is typed: the citizen's own words and the professionals' effects, experiences
//! and learning points are notes ([`EVAL_COMMENT_NOTE`], [`EVAL_MEETING_NOTES`]) with the
//! notes' revisions, drafts, kept texts and exit rules (`run/notes.rs`). No answer waits for a
//! «Gem» button.
//!
//! A citizen registered absent cannot have answered: an answer other than "Ikke besvaret" is
//! refused (`CitizenAbsent`). Answers given while the attendance is not registered are kept;
//! the closing check names them, and answers kept for a citizen later registered absent.

use crate::core::Core;
use crate::domain::*;
use crate::error::{CoreError, Result};
use crate::run::NoteState;
use crate::store;
use serde::{Deserialize, Serialize};

fn unanswered() -> Answer {
    Answer::Unanswered
}

/// A whole citizen's evaluation at once (tests, benchmarks): each answer as if chosen, the
/// comment as if typed.
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

/// A whole meeting evaluation at once (tests, benchmarks).
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

/// Item 4 in the run view: the professionals' answer and each of their texts as a note
/// editor opens it (by the template's field keys).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingEvalView {
    pub coherent: Option<Answer>,
    /// `(field key, note)` in the template's order.
    pub fields: Vec<MeetingEvalField>,
    pub locked: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingEvalField {
    /// The template's key (`effects`); the note's key is `eval:effects`.
    pub key: String,
    pub note_key: String,
    pub title: String,
    pub note: NoteState,
}

impl Core {
    /// Item 4 as the run view opens it.
    pub fn meeting_eval_view(&self, meeting_id: Id) -> Result<MeetingEvalView> {
        let m = self.meeting(meeting_id)?;
        let t = crate::templates::by_version(&m.template_version)?;
        let e = self.meeting_evaluation(meeting_id)?;
        let fields = t
            .meeting_evaluation
            .fields
            .iter()
            .map(|f| {
                let note_key = format!("eval:{}", f.key);
                let note = self.note_state(&NoteRef::Meeting {
                    meeting_id,
                    key: note_key.clone(),
                })?;
                Ok(MeetingEvalField {
                    key: f.key.clone(),
                    note_key,
                    title: f.title.clone(),
                    note,
                })
            })
            .collect::<Result<_>>()?;
        Ok(MeetingEvalView {
            coherent: e.and_then(|e| e.coherent),
            fields,
            locked: m.status == MeetingStatus::Closed,
        })
    }

    /// Records the citizen's answer to one question as it is chosen; the other answers stay.
    /// Refused with `CitizenAbsent` for a citizen registered absent (but "Ikke besvaret").
    pub fn set_citizen_answer(
        &mut self,
        case_id: Id,
        question: CitizenQuestion,
        answer: Answer,
    ) -> Result<CitizenEvaluation> {
        self.open_case(case_id)?;
        let case = self.case(case_id)?;
        if case.citizen_attendance == Some(Attendance::Absent) && answer != Answer::Unanswered {
            return Err(CoreError::CitizenAbsent);
        }
        let now = self.now();
        self.store_mut()
            .write(|tx| store::set_citizen_answer(tx, case_id, question, answer, now))?;
        self.citizen_evaluation(case_id)?
            .ok_or(CoreError::NotFound {
                what: "Evalueringen",
            })
    }

    /// Records a whole citizen's evaluation: each answer as [`Core::set_citizen_answer`], the
    /// comment as a note typed on its stored revision.
    pub fn save_citizen_evaluation(
        &mut self,
        case_id: Id,
        input: &CitizenEvalInput,
    ) -> Result<CitizenEvaluation> {
        for (q, a) in [
            (CitizenQuestion::Involved, input.involved),
            (CitizenQuestion::Ownership, input.ownership),
            (CitizenQuestion::CommonGoals, input.common_goals),
        ] {
            self.set_citizen_answer(case_id, q, a)?;
        }
        let note = NoteRef::eval_comment(case_id);
        let (stored, rev) = store::stored_note(self.store().read(), &note)?;
        if stored != input.comment {
            self.save_note(&note, &input.comment, rev)?;
        }
        self.citizen_evaluation(case_id)?
            .ok_or(CoreError::NotFound {
                what: "Evalueringen",
            })
    }

    pub fn citizen_evaluation(&self, case_id: Id) -> Result<Option<CitizenEvaluation>> {
        store::get_citizen_evaluation(self.store().read(), case_id)
    }

    /// Records the professionals' answer to the coherence question as it is chosen (`None`:
    /// not answered); their texts stay.
    pub fn set_meeting_coherent(
        &mut self,
        meeting_id: Id,
        answer: Option<Answer>,
    ) -> Result<MeetingEvaluation> {
        let m = self.meeting(meeting_id)?;
        m.status.ensure_open()?;
        if answer == Some(Answer::Unanswered) {
            return Err(CoreError::InvalidValue {
                field: "Sammenhængende forløb",
                reason: "svar ja, delvist eller nej, eller lad feltet stå tomt".into(),
            });
        }
        let now = self.now();
        self.store_mut()
            .write(|tx| store::set_meeting_coherent(tx, meeting_id, answer, now))?;
        self.meeting_evaluation(meeting_id)?
            .ok_or(CoreError::NotFound {
                what: "Evalueringen",
            })
    }

    /// Records a whole meeting evaluation: the answer as [`Core::set_meeting_coherent`], each
    /// text as a note typed on its stored revision.
    pub fn save_meeting_evaluation(
        &mut self,
        meeting_id: Id,
        input: &MeetingEvalInput,
    ) -> Result<MeetingEvaluation> {
        self.set_meeting_coherent(meeting_id, input.coherent)?;
        for (key, text) in
            EVAL_MEETING_NOTES
                .iter()
                .zip([&input.effects, &input.experiences, &input.learning])
        {
            let note = NoteRef::Meeting {
                meeting_id,
                key: key.to_string(),
            };
            let (stored, rev) = store::stored_note(self.store().read(), &note)?;
            if stored != *text {
                self.save_note(&note, text, rev)?;
            }
        }
        self.meeting_evaluation(meeting_id)?
            .ok_or(CoreError::NotFound {
                what: "Evalueringen",
            })
    }

    pub fn meeting_evaluation(&self, meeting_id: Id) -> Result<Option<MeetingEvaluation>> {
        store::get_meeting_evaluation(self.store().read(), meeting_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use crate::testing::*;

    fn answers(e: &CitizenEvaluation) -> (Answer, Answer, Answer) {
        (e.involved, e.ownership, e.common_goals)
    }

    #[test]
    fn each_answer_is_kept_as_it_is_chosen_and_the_others_stay() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let c = fx.case(&m, 0);
        let core = &mut fx.core;
        assert_eq!(core.citizen_evaluation(c).unwrap(), None);
        let e = core
            .set_citizen_answer(c, CitizenQuestion::Involved, Answer::Yes)
            .unwrap();
        assert_eq!(
            answers(&e),
            (Answer::Yes, Answer::Unanswered, Answer::Unanswered)
        );
        core.set_citizen_answer(c, CitizenQuestion::CommonGoals, Answer::Partly)
            .unwrap();
        core.set_citizen_answer(c, CitizenQuestion::Ownership, Answer::No)
            .unwrap();
        core.set_citizen_answer(c, CitizenQuestion::Ownership, Answer::Yes)
            .unwrap();
        let stored = core.citizen_evaluation(c).unwrap().unwrap();
        assert_eq!(answers(&stored), (Answer::Yes, Answer::Yes, Answer::Partly));
        // The comment is a note: typed on its revision, kept with the answers.
        let note = NoteRef::eval_comment(c);
        assert_eq!(core.save_note(&note, "Det var godt", 0).unwrap(), 1);
        let stored = core.citizen_evaluation(c).unwrap().unwrap();
        assert_eq!(stored.comment, "Det var godt");
        assert_eq!(answers(&stored), (Answer::Yes, Answer::Yes, Answer::Partly));
        assert_eq!(
            core.case_detail(c).unwrap().citizen_evaluation,
            Some(stored)
        );
        // An answer chosen later leaves the comment alone.
        core.set_citizen_answer(c, CitizenQuestion::Involved, Answer::No)
            .unwrap();
        assert_eq!(core.note_state(&note).unwrap().text, "Det var godt");
    }

    #[test]
    fn an_absent_citizen_cannot_answer_and_answers_without_attendance_are_named() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let (absent, unregistered) = (fx.case(&m, 0), fx.case(&m, 1));
        let core = &mut fx.core;
        core.set_citizen_attendance(absent, Some(Attendance::Absent))
            .unwrap();
        let err = core
            .set_citizen_answer(absent, CitizenQuestion::Involved, Answer::Yes)
            .unwrap_err();
        assert_eq!(err.kind(), "CitizenAbsent");
        assert!(err.message_da().contains("fraværende"));
        assert_eq!(core.citizen_evaluation(absent).unwrap(), None);
        // Their words can still be noted (e.g. sent to them afterwards).
        core.save_note(&NoteRef::eval_comment(absent), "Sendt bagefter", 0)
            .unwrap();
        // Not registered: kept, and the closing check asks for the attendance.
        core.set_citizen_answer(unregistered, CitizenQuestion::Ownership, Answer::Partly)
            .unwrap();
        let check = core.closing_check(m.id).unwrap();
        assert_eq!(check.answers_without_attendance, ["Camilla Nørgaard"]);
        assert!(check.answers_while_absent.is_empty());
        // An absent citizen is not asked: no "evaluation missing" for them.
        assert!(!check
            .cases_without_evaluation
            .iter()
            .any(|n| n == "Mikkel Sørensen"));
        // Answers given, then the citizen registered absent: kept and named.
        core.set_citizen_attendance(unregistered, Some(Attendance::Absent))
            .unwrap();
        let check = core.closing_check(m.id).unwrap();
        assert_eq!(check.answers_while_absent, ["Camilla Nørgaard"]);
        assert!(!check.clean);
        assert_eq!(
            answers(&core.citizen_evaluation(unregistered).unwrap().unwrap()),
            (Answer::Unanswered, Answer::Partly, Answer::Unanswered)
        );
    }

    #[test]
    fn evaluation_texts_follow_the_notes_rules_stale_closed_and_exit() {
        let dir = tempfile::tempdir().unwrap();
        let mut fx = fixture_on(Store::open_in_dir(dir.path()).unwrap());
        let m = fx.meeting("2026-03-03");
        let c = fx.case(&m, 0);
        let core = &mut fx.core;
        let comment = NoteRef::eval_comment(c);
        let learning = NoteRef::Meeting {
            meeting_id: m.id,
            key: "eval:learning".into(),
        };
        assert_eq!(core.save_note(&learning, "Husk samtykket", 0).unwrap(), 1);
        // Typed on an old revision: not written over the newer text, kept beside it.
        assert_eq!(core.save_note(&learning, "Husk samtykket!", 1).unwrap(), 2);
        let err = core.save_note(&learning, "Gammel tekst", 1).unwrap_err();
        assert_eq!(err.kind(), "StaleRevision");
        let state = core.note_state(&learning).unwrap();
        assert_eq!(
            (state.text.as_str(), state.revision),
            ("Husk samtykket!", 2)
        );
        assert_eq!(state.kept[0].text, "Gammel tekst");
        assert_eq!(
            core.closing_check(m.id).unwrap().unmerged_texts,
            ["Aktørernes evaluering, Læringspunkter: tekst der ikke er flettet ind"]
        );
        assert_eq!(
            core.meeting_evaluation(m.id).unwrap().unwrap().learning,
            "Husk samtykket!"
        );
        // Typed, not yet saved by the editor, then the app ends: saved.
        core.preview_note(&comment, "Jeg blev hørt", 0).unwrap();
        assert_eq!(core.save_drafts().unwrap().saved, 1);
        assert_eq!(
            core.citizen_evaluation(c).unwrap().unwrap().comment,
            "Jeg blev hørt"
        );
        // Closed meanwhile: the text is kept, never dropped.
        core.close_meeting(m.id).unwrap();
        let err = core
            .save_note(&comment, "Jeg blev hørt. Tak.", 1)
            .unwrap_err();
        assert_eq!(err.kind(), "MeetingLocked");
        let state = core.note_state(&comment).unwrap();
        assert_eq!(state.text, "Jeg blev hørt");
        assert_eq!(state.kept[0].text, "Jeg blev hørt. Tak.");
        assert_eq!(state.kept[0].reason, KeptReason::Closed);
        let err = core
            .set_citizen_answer(c, CitizenQuestion::Involved, Answer::Yes)
            .unwrap_err();
        assert_eq!(err.kind(), "MeetingLocked");
        let err = core
            .set_meeting_coherent(m.id, Some(Answer::Yes))
            .unwrap_err();
        assert_eq!(err.kind(), "MeetingLocked");
        // After a restart everything is there.
        drop(fx);
        let core = Core::open(dir.path()).unwrap();
        assert_eq!(
            core.citizen_evaluation(c).unwrap().unwrap().comment,
            "Jeg blev hørt"
        );
        assert_eq!(core.note_state(&comment).unwrap().kept.len(), 1);
    }

    #[test]
    fn the_coherence_answer_is_kept_as_chosen_and_the_texts_stay() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let core = &mut fx.core;
        let effects = NoteRef::Meeting {
            meeting_id: m.id,
            key: "eval:effects".into(),
        };
        core.save_note(&effects, "Bedre overblik", 0).unwrap();
        let e = core
            .set_meeting_coherent(m.id, Some(Answer::Partly))
            .unwrap();
        assert_eq!(
            (e.coherent, e.effects.as_str()),
            (Some(Answer::Partly), "Bedre overblik")
        );
        let e = core.set_meeting_coherent(m.id, None).unwrap();
        assert_eq!(e.coherent, None);
        let err = core
            .set_meeting_coherent(m.id, Some(Answer::Unanswered))
            .unwrap_err();
        assert_eq!(err.kind(), "InvalidValue");
        assert_eq!(
            core.meeting_evaluation(m.id).unwrap().unwrap().effects,
            "Bedre overblik"
        );
        // A key that is no evaluation field is refused.
        let err = core
            .save_note(
                &NoteRef::Meeting {
                    meeting_id: m.id,
                    key: "eval:andet".into(),
                },
                "x",
                0,
            )
            .unwrap_err();
        assert_eq!(err.kind(), "InvalidValue");
    }
}
