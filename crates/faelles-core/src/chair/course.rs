//! The citizen's course ("Forløb", on the citizen's page): a timeline of their cases, newest
//! first — date, attendance, their evaluation, "Det vigtigste for dig lige nu" and "Næste
//! skridt" — and every agreement made in them with its history (made, then each review with
//! its outcome and comment). The chair prepares a case from it.
//!
//! Cases of cancelled meetings are left out, and so are reviews made in them; a review made
//! outside a case (in Opfølgning) is dated by when it was made. A constant number of queries
//! whatever the length of the history (store/course.rs).

use crate::core::Core;
use crate::domain::*;
use crate::error::Result;
use crate::store::{self, CourseReview};
use crate::templates;
use crate::words::{attendance_label, date_label, due_label, short_date_label, who_label};
use serde::Serialize;
use std::collections::HashMap;

/// The section keys the timeline shows of each case, in this order.
pub const COURSE_SECTIONS: [&str; 2] = ["vigtigste", "naeste_skridt"];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CitizenCourse {
    pub citizen_id: Id,
    pub citizen_name: String,
    /// One per case in a meeting that is not cancelled, newest first.
    pub entries: Vec<CourseEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CourseEntry {
    pub meeting_id: Id,
    pub case_id: Id,
    /// "tirsdag den 3. marts 2026"
    pub date_label: String,
    /// The meeting has not begun yet (it starts later and is not closed).
    pub upcoming: bool,
    pub meeting_status: MeetingStatus,
    pub attendance: Option<Attendance>,
    /// "Til stede", "Virtuelt", "Fraværende" or "Ikke registreret".
    pub attendance_label: String,
    /// The citizen's answers in the template's order; empty when none were recorded.
    pub evaluation: Vec<CourseAnswer>,
    pub evaluation_comment: String,
    /// "Det vigtigste for dig lige nu" and "Næste skridt" (text empty when not written).
    pub sections: Vec<CourseSection>,
    /// The agreements made in this case.
    pub agreements: Vec<CourseAgreement>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CourseAnswer {
    pub key: String,
    pub question: String,
    pub answer: Answer,
    pub answer_label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CourseSection {
    pub key: String,
    pub title: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CourseAgreement {
    pub id: Id,
    pub what: String,
    pub who_label: String,
    pub due_label: String,
    pub status: AgreementStatus,
    pub status_label: String,
    /// Made, then each review, oldest first.
    pub history: Vec<AgreementEvent>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgreementEvent {
    /// `None`: the agreement was made; else a review's outcome.
    pub outcome: Option<AgreementStatus>,
    /// "3. marts 2026"
    pub date_label: String,
    /// The meeting it happened in; `None` for a review made in Opfølgning.
    pub meeting_id: Option<Id>,
    /// "Aftalt 3. marts 2026", "Fortsætter – 31. marts 2026",
    /// "Udført – 12. april 2026, i Opfølgning"
    pub label: String,
    pub comment: String,
}

fn review_event(r: &CourseReview) -> AgreementEvent {
    let date_label = short_date_label(r.at);
    let mut label = format!("{} – {date_label}", r.outcome.label_da());
    if r.meeting_id.is_none() {
        label.push_str(", i Opfølgning");
    }
    AgreementEvent {
        outcome: Some(r.outcome),
        date_label,
        meeting_id: r.meeting_id,
        label,
        comment: r.comment.clone(),
    }
}

fn answers(t: &templates::Template, e: &CitizenEvaluation) -> Vec<CourseAnswer> {
    t.citizen_evaluation
        .iter()
        .filter_map(|q| {
            // A question the case's template asks but its evaluation predates: not shown.
            let answer = e.answer(&q.key)?;
            Some(CourseAnswer {
                key: q.key.clone(),
                question: q.question.clone(),
                answer,
                answer_label: answer.label_da().to_string(),
            })
        })
        .collect()
}

impl Core {
    /// The citizen's course: their cases newest first (coming ones marked), each with its
    /// agreements and their histories. `NotFound` for an unknown citizen.
    pub fn citizen_course(&self, citizen_id: Id) -> Result<CitizenCourse> {
        let c = self.store().read();
        let citizen = store::get_citizen(c, citizen_id)?;
        let cases = store::course_cases(c, citizen_id)?;
        let mut evaluations: HashMap<Id, CitizenEvaluation> =
            store::course_evaluations(c, citizen_id)?
                .into_iter()
                .map(|e| (e.case_id, e))
                .collect();
        let mut notes: HashMap<(Id, String), String> =
            store::course_notes(c, citizen_id, COURSE_SECTIONS)?
                .into_iter()
                .map(|(case, key, text)| ((case, key), text))
                .collect();
        let mut agreements: HashMap<Id, Vec<Agreement>> = HashMap::new();
        for a in store::course_agreements(c, citizen_id)? {
            agreements.entry(a.case_id).or_default().push(a);
        }
        let mut reviews: HashMap<Id, Vec<AgreementEvent>> = HashMap::new();
        for r in store::course_reviews(c, citizen_id)? {
            reviews
                .entry(r.agreement_id)
                .or_default()
                .push(review_event(&r));
        }
        let team = store::list_participants(c, citizen.team_id)?;
        let meetings = store::list_meetings(c, citizen.team_id)?;
        let name = citizen.display_first_name().to_string();
        let now = self.now();

        let entries = cases
            .into_iter()
            .map(|k| {
                let t = templates::by_version(&k.template_version)?;
                let evaluation = evaluations.remove(&k.case_id);
                let next = next_meeting_after(&meetings, k.starts_at);
                let made = short_date_label(k.starts_at);
                let agreements = agreements
                    .remove(&k.case_id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|a| {
                        let mut history = vec![AgreementEvent {
                            outcome: None,
                            date_label: made.clone(),
                            meeting_id: Some(k.meeting_id),
                            label: format!("Aftalt {made}"),
                            comment: String::new(),
                        }];
                        history.extend(reviews.remove(&a.id).unwrap_or_default());
                        CourseAgreement {
                            who_label: who_label(&a.who, &team, &name),
                            due_label: due_label(&a.due, next),
                            status_label: a.status.label_da().to_string(),
                            status: a.status,
                            id: a.id,
                            what: a.what,
                            history,
                        }
                    })
                    .collect();
                Ok(CourseEntry {
                    meeting_id: k.meeting_id,
                    case_id: k.case_id,
                    date_label: date_label(k.starts_at),
                    upcoming: k.starts_at > now && k.meeting_status != MeetingStatus::Closed,
                    meeting_status: k.meeting_status,
                    attendance: k.citizen_attendance,
                    attendance_label: attendance_label(k.citizen_attendance),
                    evaluation: evaluation
                        .as_ref()
                        .map(|e| answers(t, e))
                        .unwrap_or_default(),
                    evaluation_comment: evaluation.map(|e| e.comment).unwrap_or_default(),
                    sections: COURSE_SECTIONS
                        .iter()
                        .filter_map(|key| {
                            let s = t.section(key)?;
                            Some(CourseSection {
                                key: s.key.clone(),
                                title: s.title.clone(),
                                text: notes
                                    .remove(&(k.case_id, s.key.clone()))
                                    .unwrap_or_default(),
                            })
                        })
                        .collect(),
                    agreements,
                })
            })
            .collect::<Result<_>>()?;
        Ok(CitizenCourse {
            citizen_id,
            citizen_name: citizen.full_name(),
            entries,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::CitizenEvalInput;
    use crate::testing::*;

    fn labels(a: &CourseAgreement) -> Vec<(&str, &str)> {
        a.history
            .iter()
            .map(|e| (e.label.as_str(), e.comment.as_str()))
            .collect()
    }

    #[test]
    fn course_of_three_meetings_has_each_case_and_every_agreements_history() {
        let mut fx = fixture();
        let (m1, m2, m3) = (
            fx.meeting("2026-03-03"),
            fx.meeting("2026-03-31"),
            fx.meeting("2026-04-28"),
        );
        let (c1, c2, c3) = (fx.case(&m1, 0), fx.case(&m2, 0), fx.case(&m3, 0));
        // Another citizen in the same meetings never shows.
        let other = fx.case(&m2, 1);
        let cancelled = fx.meeting("2026-04-14");
        fx.case(&cancelled, 0);
        let doctor = fx.doctor;
        let meds = fx.agreement(
            c1,
            "Medicingennemgang",
            Some(Who::Participant { id: doctor }),
            Some(Due::NextMeeting),
        );
        let job = fx.agreement(c1, "Kontakt til jobcentret", None, None);
        let crisis = fx.agreement(c2, "Lave en kriseplan", Some(Who::Citizen), None);
        fx.agreement(other, "Camillas aftale", None, None);
        let core = &mut fx.core;
        core.cancel_meeting(cancelled.id, "Sygdom").unwrap();

        core.set_citizen_attendance(c1, Some(Attendance::Present))
            .unwrap();
        core.set_citizen_attendance(c2, Some(Attendance::Virtual))
            .unwrap();
        core.save_citizen_evaluation(
            c1,
            &CitizenEvalInput {
                involved: Answer::Yes,
                ownership: Answer::Partly,
                common_goals: Answer::No,
                experience: Some(Answer::Mixed),
                comment: "Godt møde".into(),
                ..Default::default()
            },
        )
        .unwrap();
        core.save_section(c1, "vigtigste", "At få ro på boligen.", 0)
            .unwrap();
        core.save_section(c1, "naeste_skridt", "Vi ses den 31. marts.", 0)
            .unwrap();
        core.save_section(c2, "naeste_skridt", "Kriseplanen laves.", 0)
            .unwrap();
        core.save_section(other, "vigtigste", "Camillas tekst", 0)
            .unwrap();
        // Reviewed while the second meeting runs.
        set_now(&fx.now, at("2026-03-31T12:00:00Z"));
        core.review_agreement(c2, meds, AgreementStatus::Continues, "Tid er bestilt")
            .unwrap();
        core.review_agreement(c2, job, AgreementStatus::Dropped, "Ikke aktuelt")
            .unwrap();
        // Between the second and third meeting: the clock says the third is coming, and the
        // chair marks one done ahead, while preparing the third case: it is dated today, as
        // in Opfølgning, not on the coming meeting's day.
        set_now(&fx.now, at("2026-04-20T10:00:00Z"));
        core.review_agreement(c3, meds, AgreementStatus::Done, "")
            .unwrap();

        let course = fx.core.citizen_course(fx.citizens[0]).unwrap();
        assert_eq!(course.citizen_name, "Mikkel Sørensen");
        let e = &course.entries;
        assert_eq!(
            e.iter().map(|e| e.meeting_id).collect::<Vec<_>>(),
            [m3.id, m2.id, m1.id],
            "newest first, the cancelled meeting left out"
        );
        assert_eq!(
            e.iter().map(|e| e.upcoming).collect::<Vec<_>>(),
            [true, false, false]
        );
        assert_eq!(e[2].date_label, "tirsdag den 3. marts 2026");
        assert_eq!(
            e.iter()
                .map(|e| e.attendance_label.as_str())
                .collect::<Vec<_>>(),
            ["Ikke registreret", "Virtuelt", "Til stede"]
        );

        // The evaluation, in the template's order, only where recorded.
        assert!(e[1].evaluation.is_empty());
        let answers: Vec<_> = e[2]
            .evaluation
            .iter()
            .map(|a| (a.question.as_str(), a.answer_label.as_str()))
            .collect();
        assert_eq!(
            answers,
            [
                (
                    "Hvordan har det været at være med på mødet i dag?",
                    "Blandet"
                ),
                ("Har du følt dig inddraget?", "Ja"),
                ("Oplever du, at det er dit forløb?", "Delvist"),
                ("Oplever du, at vi arbejder sammen mod fælles mål?", "Nej"),
                ("Oplever du sammenhæng i dit forløb?", "Ikke besvaret"),
            ]
        );
        assert_eq!(e[2].evaluation_comment, "Godt møde");

        // The two sections with the template's titles, empty when not written.
        let sections = |i: usize| {
            e[i].sections
                .iter()
                .map(|s| (s.title.as_str(), s.text.as_str()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            sections(2),
            [
                ("Det vigtigste for dig lige nu", "At få ro på boligen."),
                ("Næste skridt", "Vi ses den 31. marts."),
            ]
        );
        assert_eq!(
            sections(1),
            [
                ("Det vigtigste for dig lige nu", ""),
                ("Næste skridt", "Kriseplanen laves."),
            ]
        );

        // The agreements of the first case with their histories: continues then done, and
        // dropped; the one made in the second case still open.
        let a1 = &e[2].agreements;
        assert_eq!(a1.len(), 2);
        assert_eq!(a1[0].what, "Medicingennemgang");
        assert_eq!(a1[0].who_label, "Mette Vestergaard");
        assert_eq!(a1[0].due_label, "Inden næste møde (31. marts 2026)");
        assert_eq!(a1[0].status_label, "Udført");
        assert_eq!(
            labels(&a1[0]),
            [
                ("Aftalt 3. marts 2026", ""),
                ("Fortsætter – 31. marts 2026", "Tid er bestilt"),
                ("Udført – 20. april 2026", ""),
            ]
        );
        assert_eq!(a1[0].history[0].outcome, None);
        assert_eq!(a1[0].history[1].meeting_id, Some(m2.id));
        assert_eq!(a1[0].history[2].meeting_id, Some(m3.id));
        assert_eq!(a1[1].status, AgreementStatus::Dropped);
        assert_eq!(
            labels(&a1[1]),
            [
                ("Aftalt 3. marts 2026", ""),
                ("Droppet – 31. marts 2026", "Ikke aktuelt"),
            ]
        );
        let a2 = &e[1].agreements;
        assert_eq!(a2.len(), 1);
        assert_eq!(a2[0].id, crisis);
        assert_eq!(a2[0].who_label, "Mikkel");
        assert_eq!(a2[0].status_label, "Åben");
        assert_eq!(labels(&a2[0]), [("Aftalt 31. marts 2026", "")]);
        assert!(e[0].agreements.is_empty());

        // Nothing of the other citizen, whose course has only their own case.
        let text = serde_json::to_string(&course).unwrap();
        assert!(!text.contains("Camilla"));
        let theirs = fx.core.citizen_course(fx.citizens[1]).unwrap();
        assert_eq!(theirs.entries.len(), 1);
        assert_eq!(theirs.entries[0].case_id, other);
        assert_eq!(theirs.entries[0].agreements[0].what, "Camillas aftale");
    }

    #[test]
    fn course_of_a_citizen_without_cases_is_empty_and_an_unknown_citizen_is_not_found() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        fx.case(&m, 0);
        let course = fx.core.citizen_course(fx.citizens[2]).unwrap();
        assert!(course.entries.is_empty());
        let err = fx.core.citizen_course(new_id()).unwrap_err();
        assert_eq!(err.kind(), "NotFound");
    }

    #[test]
    fn a_cancelled_meetings_review_is_not_in_the_history() {
        let mut fx = fixture();
        let (m1, m2) = (fx.meeting("2026-03-03"), fx.meeting("2026-03-31"));
        let (c1, c2) = (fx.case(&m1, 0), fx.case(&m2, 0));
        let a = fx.agreement(c1, "Søge boligstøtte", Some(Who::Citizen), None);
        fx.core
            .review_agreement(c2, a, AgreementStatus::Done, "Bevilget")
            .unwrap();
        fx.core.cancel_meeting(m2.id, "Aflyst").unwrap();
        let course = fx.core.citizen_course(fx.citizens[0]).unwrap();
        assert_eq!(course.entries.len(), 1);
        assert_eq!(
            labels(&course.entries[0].agreements[0]),
            [("Aftalt 3. marts 2026", "")]
        );
    }
}
