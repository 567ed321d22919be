//! Evaluations: the citizen's of their case and the actors' of the meeting. Every answer is
//! saved as it is chosen (`set_citizen_answer`, `set_meeting_coherent`) and every text as it
//! is typed: the citizen's own words and the actors' effects, experiences and learning points
//! are notes ([`EVAL_COMMENT_NOTE`], [`Org::note_key`]) with the notes' revisions, drafts,
//! kept texts and exit rules (`run/notes.rs`). No answer waits for a «Gem» button.
//!
//! The citizen's questions are the template's of the case's meeting, each with its scale
//! (Ja / Delvist / Nej, or Godt / Blandet / Svært): an answer off the scale, or to a question
//! that template does not ask, is refused. The actors answer by organisation (kommunen,
//! regionspsykiatrien, andre) in meetings of template 2026.2 and later; meetings held before
//! keep their one joint record ([`Org::Joint`]).
//!
//! Decision (issue 30): one evaluation per *organisation*, not per professional. Item 4 has
//! five minutes at the end of a two-hour meeting: three short answers are given, six or
//! seven would not be; the trial asks whether the *sectors* experience a more coherent course
//! together, which the organisations' answers show side by side; and an answer per named
//! employee in minutes that every member receives is an appraisal of colleagues, which the
//! team did not sign up for.
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
    /// Godt / Blandet / Svært; `None`: leave as it is (not asked in an old template).
    #[serde(default)]
    pub experience: Option<Answer>,
    #[serde(default)]
    pub coherence: Option<Answer>,
    #[serde(default)]
    pub comment: String,
}

impl Default for CitizenEvalInput {
    fn default() -> Self {
        CitizenEvalInput {
            involved: Answer::Unanswered,
            ownership: Answer::Unanswered,
            common_goals: Answer::Unanswered,
            experience: None,
            coherence: None,
            comment: String::new(),
        }
    }
}

/// A whole actors' evaluation at once (tests, benchmarks): one organisation's, or the joint
/// one (`org`; `None`: the first organisation the meeting's template asks).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MeetingEvalInput {
    #[serde(default)]
    pub org: Option<Org>,
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

/// Item 4 in the run view: each organisation's answer and texts (or the joint ones of a
/// meeting held before), as the note editors open them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingEvalView {
    pub question: String,
    pub orgs: Vec<OrgEvalView>,
    pub locked: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrgEvalView {
    pub org: Org,
    /// «Kommunen», «Teamets fælles svar».
    pub title: String,
    pub coherent: Option<Answer>,
    /// The texts in the template's order.
    pub fields: Vec<MeetingEvalField>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingEvalField {
    /// The template's key (`effects`); the note's key is [`Org::note_key`] of it.
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
        let stored = self.meeting_evaluations(meeting_id)?;
        let orgs = t
            .meeting_evaluation
            .orgs()
            .into_iter()
            .map(|org| {
                let fields = t
                    .meeting_evaluation
                    .fields
                    .iter()
                    .map(|f| {
                        let note_key = org.note_key(&f.key);
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
                Ok(OrgEvalView {
                    org,
                    title: crate::words::org_title(t, org),
                    coherent: stored
                        .iter()
                        .find(|e| e.org == org)
                        .and_then(|e| e.coherent),
                    fields,
                })
            })
            .collect::<Result<_>>()?;
        Ok(MeetingEvalView {
            question: t.meeting_evaluation.coherence_question.clone(),
            orgs,
            locked: m.status == MeetingStatus::Closed,
        })
    }

    /// Records the citizen's answer to one question as it is chosen; the other answers stay.
    /// Refused with `CitizenAbsent` for a citizen registered absent (but "Ikke besvaret").
    pub fn set_citizen_answer(
        &mut self,
        case_id: Id,
        question: &str,
        answer: Answer,
    ) -> Result<CitizenEvaluation> {
        self.open_case(case_id)?;
        let case = self.case(case_id)?;
        let t = crate::templates::by_version(&self.meeting(case.meeting_id)?.template_version)?;
        let Some(q) = t.citizen_evaluation.iter().find(|q| q.key == question) else {
            return Err(CoreError::InvalidValue {
                field: "Spørgsmål",
                reason: "spørgsmålet stilles ikke på dette møde".into(),
            });
        };
        if !q.scale.allows(answer) {
            return Err(CoreError::InvalidValue {
                field: "Svar",
                reason: format!(
                    "svar {}",
                    crate::words::or_list(&q.scale.answers().map(|a| a.label_da().to_lowercase()))
                ),
            });
        }
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
            (question::INVOLVED, Some(input.involved)),
            (question::OWNERSHIP, Some(input.ownership)),
            (question::COMMON_GOALS, Some(input.common_goals)),
            (question::EXPERIENCE, input.experience),
            (question::COHERENCE, input.coherence),
        ] {
            if let Some(a) = a {
                self.set_citizen_answer(case_id, q, a)?;
            }
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

    /// Records an organisation's (or the joint) answer to the coherence question as it is
    /// chosen (`None`: not answered); their texts stay. An organisation the meeting's
    /// template does not ask is refused.
    pub fn set_meeting_coherent(
        &mut self,
        meeting_id: Id,
        org: Org,
        answer: Option<Answer>,
    ) -> Result<MeetingEvaluation> {
        let m = self.meeting(meeting_id)?;
        m.status.ensure_open()?;
        let t = crate::templates::by_version(&m.template_version)?;
        if !t.meeting_evaluation.orgs().contains(&org) {
            return Err(CoreError::InvalidValue {
                field: "Organisation",
                reason: format!("{} svarer ikke for sig på dette møde", org.label_da()),
            });
        }
        if !matches!(
            answer,
            None | Some(Answer::Yes | Answer::Partly | Answer::No)
        ) {
            return Err(CoreError::InvalidValue {
                field: "Sammenhængende forløb",
                reason: "svar ja, delvist eller nej, eller lad feltet stå tomt".into(),
            });
        }
        let now = self.now();
        self.store_mut()
            .write(|tx| store::set_meeting_coherent(tx, meeting_id, org, answer, now))?;
        store::get_meeting_evaluation(self.store().read(), meeting_id, org)?.ok_or(
            CoreError::NotFound {
                what: "Evalueringen",
            },
        )
    }

    /// Records a whole meeting evaluation: the answer as [`Core::set_meeting_coherent`], each
    /// text as a note typed on its stored revision.
    pub fn save_meeting_evaluation(
        &mut self,
        meeting_id: Id,
        input: &MeetingEvalInput,
    ) -> Result<MeetingEvaluation> {
        let org = match input.org {
            Some(org) => org,
            None => {
                let m = self.meeting(meeting_id)?;
                crate::templates::by_version(&m.template_version)?
                    .meeting_evaluation
                    .orgs()[0]
            }
        };
        self.set_meeting_coherent(meeting_id, org, input.coherent)?;
        for (field, text) in
            EVAL_FIELDS
                .iter()
                .zip([&input.effects, &input.experiences, &input.learning])
        {
            let note = NoteRef::Meeting {
                meeting_id,
                key: org.note_key(field),
            };
            let (stored, rev) = store::stored_note(self.store().read(), &note)?;
            if stored != *text {
                self.save_note(&note, text, rev)?;
            }
        }
        store::get_meeting_evaluation(self.store().read(), meeting_id, org)?.ok_or(
            CoreError::NotFound {
                what: "Evalueringen",
            },
        )
    }

    /// One organisation's (or the joint) evaluation of a meeting, if recorded.
    pub fn meeting_evaluation(
        &self,
        meeting_id: Id,
        org: Org,
    ) -> Result<Option<MeetingEvaluation>> {
        store::get_meeting_evaluation(self.store().read(), meeting_id, org)
    }

    /// Every actors' evaluation of a meeting recorded so far (by organisation, or joint).
    pub fn meeting_evaluations(&self, meeting_id: Id) -> Result<Vec<MeetingEvaluation>> {
        store::meeting_evaluations(self.store().read(), meeting_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use crate::testing::*;

    fn answers(e: &CitizenEvaluation) -> (Answer, Answer, Answer) {
        let a = |k| e.answer(k).expect("asked");
        (
            a(question::INVOLVED),
            a(question::OWNERSHIP),
            a(question::COMMON_GOALS),
        )
    }

    #[test]
    fn each_answer_is_kept_as_it_is_chosen_and_the_others_stay() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let c = fx.case(&m, 0);
        let core = &mut fx.core;
        assert_eq!(core.citizen_evaluation(c).unwrap(), None);
        let e = core
            .set_citizen_answer(c, question::INVOLVED, Answer::Yes)
            .unwrap();
        assert_eq!(
            answers(&e),
            (Answer::Yes, Answer::Unanswered, Answer::Unanswered)
        );
        core.set_citizen_answer(c, question::COMMON_GOALS, Answer::Partly)
            .unwrap();
        core.set_citizen_answer(c, question::OWNERSHIP, Answer::No)
            .unwrap();
        core.set_citizen_answer(c, question::OWNERSHIP, Answer::Yes)
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
        core.set_citizen_answer(c, question::INVOLVED, Answer::No)
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
            .set_citizen_answer(absent, question::INVOLVED, Answer::Yes)
            .unwrap_err();
        assert_eq!(err.kind(), "CitizenAbsent");
        assert!(err.message_da().contains("fraværende"));
        assert_eq!(core.citizen_evaluation(absent).unwrap(), None);
        // Their words can still be noted (e.g. sent to them afterwards).
        core.save_note(&NoteRef::eval_comment(absent), "Sendt bagefter", 0)
            .unwrap();
        // Not registered: kept, and the closing check asks for the attendance.
        core.set_citizen_answer(unregistered, question::OWNERSHIP, Answer::Partly)
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
            key: "eval:kommune:learning".into(),
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
            ["Aktørernes evaluering, Kommunen, Læringspunkter: tekst der ikke er flettet ind"]
        );
        assert_eq!(
            core.meeting_evaluation(m.id, Org::Kommune)
                .unwrap()
                .unwrap()
                .learning,
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
            .set_citizen_answer(c, question::INVOLVED, Answer::Yes)
            .unwrap_err();
        assert_eq!(err.kind(), "MeetingLocked");
        let err = core
            .set_meeting_coherent(m.id, Org::Kommune, Some(Answer::Yes))
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
            key: "eval:kommune:effects".into(),
        };
        core.save_note(&effects, "Bedre overblik", 0).unwrap();
        let e = core
            .set_meeting_coherent(m.id, Org::Kommune, Some(Answer::Partly))
            .unwrap();
        assert_eq!(
            (e.coherent, e.effects.as_str()),
            (Some(Answer::Partly), "Bedre overblik")
        );
        let e = core.set_meeting_coherent(m.id, Org::Kommune, None).unwrap();
        assert_eq!(e.coherent, None);
        let err = core
            .set_meeting_coherent(m.id, Org::Kommune, Some(Answer::Unanswered))
            .unwrap_err();
        assert_eq!(err.kind(), "InvalidValue");
        assert_eq!(
            core.meeting_evaluation(m.id, Org::Kommune)
                .unwrap()
                .unwrap()
                .effects,
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

    #[test]
    fn the_citizen_is_asked_the_questions_of_their_meeting_on_each_question_s_scale() {
        let mut fx = fixture();
        let new = fx.meeting("2026-03-03");
        let old = fx.meeting_of_first_template("2026-03-31");
        let (c, o) = (fx.case(&new, 0), fx.case(&old, 1));
        let core = &mut fx.core;
        // Template 2026.2: five questions; the experience on its own scale.
        let e = core
            .set_citizen_answer(c, question::EXPERIENCE, Answer::Mixed)
            .unwrap();
        assert_eq!(
            (
                e.answer(question::EXPERIENCE),
                e.answer(question::COHERENCE),
                e.answer(question::INVOLVED)
            ),
            (
                Some(Answer::Mixed),
                Some(Answer::Unanswered),
                Some(Answer::Unanswered)
            )
        );
        let err = core
            .set_citizen_answer(c, question::EXPERIENCE, Answer::Yes)
            .unwrap_err();
        assert_eq!(err.kind(), "InvalidValue");
        assert!(
            err.message_da()
                .contains("godt, blandet, svært eller ikke besvaret"),
            "{}",
            err.message_da()
        );
        let err = core
            .set_citizen_answer(c, question::COHERENCE, Answer::Good)
            .unwrap_err();
        assert_eq!(err.kind(), "InvalidValue");
        core.set_citizen_answer(c, question::COHERENCE, Answer::Partly)
            .unwrap();
        let d = core.case_detail(c).unwrap();
        let keys: Vec<(&str, &str)> = d
            .questions
            .iter()
            .map(|q| (q.key.as_str(), q.answer.as_str()))
            .collect();
        assert_eq!(
            keys,
            [
                ("experience", "blandet"),
                ("involved", "ubesvaret"),
                ("ownership", "ubesvaret"),
                ("common_goals", "ubesvaret"),
                ("coherence", "delvist"),
            ]
        );
        assert_eq!(
            d.questions[0]
                .answers
                .iter()
                .map(|a| a.1.as_str())
                .collect::<Vec<_>>(),
            ["Ikke besvaret", "Godt", "Blandet", "Svært"]
        );
        // Template 2026.1: the new questions are not asked — never «Nej», never asked later.
        let e = core
            .set_citizen_answer(o, question::INVOLVED, Answer::Yes)
            .unwrap();
        assert_eq!(
            (
                e.answer(question::EXPERIENCE),
                e.answer(question::COHERENCE)
            ),
            (None, None)
        );
        let err = core
            .set_citizen_answer(o, question::COHERENCE, Answer::Yes)
            .unwrap_err();
        assert_eq!(err.kind(), "InvalidValue");
        assert_eq!(core.case_detail(o).unwrap().questions.len(), 3);
    }

    #[test]
    fn each_organisation_answers_for_itself_and_an_old_meeting_keeps_its_joint_answer() {
        let mut fx = fixture();
        let new = fx.meeting("2026-03-03");
        let old = fx.meeting_of_first_template("2026-03-31");
        let core = &mut fx.core;
        core.set_meeting_coherent(new.id, Org::Kommune, Some(Answer::Yes))
            .unwrap();
        core.set_meeting_coherent(new.id, Org::Region, Some(Answer::Partly))
            .unwrap();
        let region_learning = NoteRef::Meeting {
            meeting_id: new.id,
            key: "eval:region:learning".into(),
        };
        core.save_note(&region_learning, "Send epikrisen før mødet", 0)
            .unwrap();
        let v = core.meeting_eval_view(new.id).unwrap();
        let seen: Vec<(Org, &str, Option<Answer>, &str)> = v
            .orgs
            .iter()
            .map(|o| {
                (
                    o.org,
                    o.title.as_str(),
                    o.coherent,
                    o.fields[2].note.text.as_str(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                (Org::Kommune, "Kommunen", Some(Answer::Yes), ""),
                (
                    Org::Region,
                    "Regionspsykiatrien",
                    Some(Answer::Partly),
                    "Send epikrisen før mødet"
                ),
                (Org::Other, "Andre deltagere", None, ""),
            ]
        );
        assert_eq!(v.orgs[1].fields[2].note_key, "eval:region:learning");
        // Each organisation's record is its own: the region's text is not the municipality's.
        let stored = core.meeting_evaluations(new.id).unwrap();
        assert_eq!(
            stored
                .iter()
                .map(|e| (e.org, e.coherent, e.learning.as_str()))
                .collect::<Vec<_>>(),
            [
                (Org::Kommune, Some(Answer::Yes), ""),
                (
                    Org::Region,
                    Some(Answer::Partly),
                    "Send epikrisen før mødet"
                )
            ]
        );
        // The joint record is not asked in a meeting of 2026.2, and no organisation in one
        // of 2026.1 — neither as an answer nor as a text.
        let err = core
            .set_meeting_coherent(new.id, Org::Joint, Some(Answer::Yes))
            .unwrap_err();
        assert_eq!(err.kind(), "InvalidValue");
        let err = core
            .set_meeting_coherent(old.id, Org::Region, Some(Answer::Yes))
            .unwrap_err();
        assert_eq!(err.kind(), "InvalidValue");
        let err = core
            .save_note(
                &NoteRef::Meeting {
                    meeting_id: old.id,
                    key: "eval:region:learning".into(),
                },
                "x",
                0,
            )
            .unwrap_err();
        assert_eq!(err.kind(), "InvalidValue");
        core.set_meeting_coherent(old.id, Org::Joint, Some(Answer::No))
            .unwrap();
        let v = core.meeting_eval_view(old.id).unwrap();
        assert_eq!(v.orgs.len(), 1);
        assert_eq!(
            (
                v.orgs[0].org,
                v.orgs[0].title.as_str(),
                v.orgs[0].fields[0].note_key.as_str()
            ),
            (Org::Joint, "Teamets fælles svar", "eval:effects")
        );
    }
}
