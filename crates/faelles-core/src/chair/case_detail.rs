//! The case editor's read model: sections with their notes, participants, agreements made
//! here and carried over ("Siden sidst", with their reviews), the previous "Næste skridt",
//! the citizen's evaluation.

use crate::core::Core;
use crate::domain::*;
use crate::error::Result;
use crate::projection;
use crate::run::NoteState;
use crate::store::{self, Reader};
use crate::templates;
use crate::words::{
    attendance_label, date_label, date_time_label, due_label, participant_role, review_date,
    who_label,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseDetail {
    pub case_id: Id,
    pub meeting_id: Id,
    pub citizen_id: Id,
    pub meeting_status: MeetingStatus,
    /// "tirsdag den 3. marts 2026"
    pub meeting_date_label: String,
    /// First name or kaldenavn (what the screen shows).
    pub citizen_display_name: String,
    pub citizen_full_name: String,
    pub citizen_invited: bool,
    pub citizen_attendance: Option<Attendance>,
    pub citizen_attendance_label: String,
    pub sections: Vec<SectionView>,
    pub participants: Vec<CaseParticipantView>,
    pub agreements: Vec<AgreementView>,
    /// "Siden sidst": open agreements from the citizen's earlier cases.
    pub carried_over: Vec<CarriedAgreementView>,
    /// The "Næste skridt" of the citizen's previous case, for reference.
    pub previous_next_steps: Option<String>,
    pub previous_meeting_date_label: Option<String>,
    pub citizen_evaluation: Option<CitizenEvaluation>,
    /// The questions the citizen is asked: the template's of the case's meeting, each with
    /// the answers of its scale.
    pub questions: Vec<QuestionView>,
    /// The citizen's own words in the evaluation, as a note editor opens it.
    pub eval_comment: NoteState,
    /// The meeting is closed: everything is read-only.
    pub locked: bool,
    /// The citizen's next meeting, and the coming meetings they can be put on.
    pub next_meeting: NextMeetingView,
}

/// One of the citizen's questions as the case view shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionView {
    /// The template's key (`experience`, `involved`, ...).
    pub key: String,
    pub question: String,
    /// `(code, label)`: "Ikke besvaret" first, then the scale's answers.
    pub answers: Vec<(String, String)>,
    /// The answer recorded ("ubesvaret" when none is).
    pub answer: String,
}

/// The case's end: the citizen's next meeting (the next one where they have a case) and the
/// coming meetings of the team the chair can put them on (`Core::next_meeting_choices`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextMeetingView {
    /// "tirsdag den 7. april 2026 kl. 13.00", or None when none is set.
    pub current_label: Option<String>,
    pub current_id: Option<Id>,
    pub choices: Vec<NextMeetingChoiceView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextMeetingChoiceView {
    pub meeting_id: Id,
    /// "tirsdag den 7. april 2026 kl. 13.00"
    pub label: String,
    /// The citizen already has a case there.
    pub already: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionView {
    pub key: String,
    pub title: String,
    pub question: String,
    pub hint: String,
    /// Stored text, revision (send it back as the base), unsaved draft, kept texts.
    #[serde(flatten)]
    pub note: NoteState,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseParticipantView {
    pub participant_id: Id,
    pub name: String,
    /// The role's title (with the organisation when it adds something).
    pub role_title: String,
    pub organisation: String,
    pub fixed: bool,
    pub attendance: Option<Attendance>,
    pub attendance_label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgreementView {
    pub id: Id,
    pub case_id: Id,
    pub position: u32,
    pub what: String,
    pub who: Option<Who>,
    pub due: Option<Due>,
    pub who_label: String,
    pub due_label: String,
    pub status: AgreementStatus,
    pub status_label: String,
    pub missing_owner_or_date: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CarriedAgreementView {
    pub agreement: AgreementView,
    pub origin_case_id: Id,
    pub origin_meeting_id: Id,
    /// The date of the meeting where the agreement was made.
    pub origin_date_label: String,
    /// The latest review before this case (e.g. "Fortsætter" last time).
    pub earlier_review: Option<ReviewView>,
    /// This case's review, if made.
    pub review: Option<ReviewView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewView {
    pub outcome: AgreementStatus,
    pub outcome_label: String,
    pub comment: String,
    pub meeting_date_label: String,
}

fn agreement_view(
    a: Agreement,
    participants: &[Participant],
    citizen_name: &str,
    next_meeting: Option<NaiveDate>,
) -> AgreementView {
    AgreementView {
        who_label: who_label(&a.who, participants, citizen_name),
        due_label: due_label(&a.due, next_meeting),
        status_label: a.status.label_da().to_string(),
        missing_owner_or_date: a.who.is_none() || a.due.is_none(),
        id: a.id,
        case_id: a.case_id,
        position: a.position,
        what: a.what,
        who: a.who,
        due: a.due,
        status: a.status,
    }
}

/// The agreements made in `case` and those carried over into it from the citizen's earlier
/// cases, with their reviews, as the case editor shows them.
fn agreement_views(
    c: &Reader,
    case: &Case,
    meeting: &Meeting,
    citizen_id: Id,
    team: &[Participant],
    meetings: &[Meeting],
    name: &str,
) -> Result<(Vec<AgreementView>, Vec<CarriedAgreementView>)> {
    let next = next_meeting_after(meetings, meeting.starts_at);
    let agreements = store::list_agreements(c, case.id)?
        .into_iter()
        .map(|a| agreement_view(a, team, name, next))
        .collect();

    let reviews_here = store::list_reviews(c, case.id)?;
    let earlier = store::earlier_reviews(c, citizen_id, meeting.starts_at)?;
    let review_view = |r: &AgreementReview, at: DateTime<Utc>| ReviewView {
        outcome: r.outcome,
        outcome_label: r.outcome.label_da().to_string(),
        comment: r.comment.clone(),
        meeting_date_label: date_label(review_date(Some(at), r.reviewed_at)),
    };
    let carried_over = store::carried_over_agreements(c, citizen_id, meeting.starts_at)?
        .into_iter()
        .map(|x| {
            let id = x.agreement.id;
            let origin_case_id = x.agreement.case_id;
            CarriedAgreementView {
                agreement: agreement_view(
                    x.agreement,
                    team,
                    name,
                    next_meeting_after(meetings, x.origin_starts_at),
                ),
                origin_case_id,
                origin_meeting_id: x.origin_meeting_id,
                origin_date_label: date_label(x.origin_starts_at),
                earlier_review: earlier
                    .iter()
                    .rev()
                    .find(|d| d.review.agreement_id == id)
                    .map(|d| review_view(&d.review, d.meeting_starts_at)),
                review: reviews_here
                    .iter()
                    .find(|r| r.agreement_id == id)
                    .map(|r| review_view(r, meeting.starts_at)),
            }
        })
        .collect();
    Ok((agreements, carried_over))
}

impl Core {
    /// Everything the chair's case editor shows. Never contains a CPR number.
    pub fn case_detail(&self, case_id: Id) -> Result<CaseDetail> {
        let c = self.store().read();
        let case = store::get_case(c, case_id)?;
        let meeting = store::get_meeting(c, case.meeting_id)?;
        let citizen = store::get_citizen(c, case.citizen_id)?;
        let t = templates::by_version(&meeting.template_version)?;
        let evaluation = store::get_citizen_evaluation(c, case.id)?;
        let team = store::list_participants(c, meeting.team_id)?;
        let meetings = store::list_meetings(c, meeting.team_id)?;
        let name = citizen.display_first_name().to_string();

        let sections = t
            .sections
            .iter()
            .map(|s| {
                Ok(SectionView {
                    key: s.key.clone(),
                    title: s.title.clone(),
                    question: s.question.clone(),
                    hint: s.hint.clone(),
                    note: self.note_state(&NoteRef::section(case.id, &s.key))?,
                })
            })
            .collect::<Result<_>>()?;

        let linked = store::list_case_participants(c, case.id)?;
        let participants = team
            .iter()
            .filter_map(|p| {
                let cp = linked.iter().find(|cp| cp.participant_id == p.id)?;
                Some(CaseParticipantView {
                    participant_id: p.id,
                    name: p.name.clone(),
                    role_title: participant_role(t, p),
                    organisation: p.organisation.clone(),
                    fixed: p.fixed,
                    attendance: cp.attendance,
                    attendance_label: attendance_label(cp.attendance),
                })
            })
            .collect();

        let (agreements, carried_over) =
            agreement_views(c, &case, &meeting, citizen.id, &team, &meetings, &name)?;

        let (previous_next_steps, previous_meeting_date_label) =
            projection::previous_next_steps(c, citizen.id, meeting.starts_at)?.unzip();
        let current = self.citizen_next_meeting(citizen.id, &meeting)?;
        let next_meeting = NextMeetingView {
            current_label: current.as_ref().map(|m| date_time_label(m.starts_at)),
            current_id: current.map(|m| m.id),
            choices: self
                .next_meeting_choices(case.id)?
                .into_iter()
                .map(|x| NextMeetingChoiceView {
                    meeting_id: x.meeting.id,
                    label: date_time_label(x.meeting.starts_at),
                    already: x.already,
                })
                .collect(),
        };

        Ok(CaseDetail {
            case_id: case.id,
            meeting_id: meeting.id,
            citizen_id: citizen.id,
            meeting_status: meeting.status,
            meeting_date_label: date_label(meeting.starts_at),
            citizen_full_name: citizen.full_name(),
            citizen_display_name: name,
            citizen_invited: case.citizen_invited,
            citizen_attendance: case.citizen_attendance,
            citizen_attendance_label: attendance_label(case.citizen_attendance),
            sections,
            participants,
            agreements,
            carried_over,
            previous_next_steps,
            previous_meeting_date_label,
            questions: t
                .citizen_evaluation
                .iter()
                .map(|q| {
                    let mut answers = vec![Answer::Unanswered];
                    answers.extend(q.scale.answers().into_iter().take(3));
                    let recorded = evaluation
                        .as_ref()
                        .and_then(|e| e.answer(&q.key))
                        .unwrap_or(Answer::Unanswered);
                    QuestionView {
                        key: q.key.clone(),
                        question: q.question.clone(),
                        answers: answers
                            .into_iter()
                            .map(|a| (a.code().to_string(), a.label_da().to_string()))
                            .collect(),
                        answer: recorded.code().to_string(),
                    }
                })
                .collect(),
            citizen_evaluation: evaluation,
            eval_comment: self.note_state(&NoteRef::eval_comment(case.id))?,
            locked: meeting.status == MeetingStatus::Closed,
            next_meeting,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    #[test]
    fn case_detail_has_previous_next_steps_and_never_a_cpr_number() {
        let mut fx = fixture();
        let (m1, m2) = (fx.meeting("2026-03-03"), fx.meeting("2026-03-31"));
        let (c1, c2) = (fx.case(&m1, 0), fx.case(&m2, 0));
        let core = &mut fx.core;
        core.save_section(c1, "naeste_skridt", "Vi ses igen den 31. marts.", 0)
            .unwrap();
        core.save_theme_notes(m2.id, "  Oplæg om kriseplaner\n", 0)
            .unwrap();
        assert_eq!(
            core.theme_notes_text(m2.id).unwrap(),
            "  Oplæg om kriseplaner\n"
        );
        let d = core.case_detail(c2).unwrap();
        assert_eq!(
            d.previous_next_steps.as_deref(),
            Some("Vi ses igen den 31. marts.")
        );
        assert_eq!(
            d.previous_meeting_date_label.as_deref(),
            Some("tirsdag den 3. marts 2026")
        );
        assert_eq!(d.meeting_date_label, "tirsdag den 31. marts 2026");
        assert_eq!(
            (
                d.citizen_display_name.as_str(),
                d.citizen_full_name.as_str()
            ),
            ("Mikkel", "Mikkel Sørensen")
        );
        assert_eq!(d.participants.len(), 3);
        assert!(core.case_detail(c1).unwrap().previous_next_steps.is_none());
        let json = serde_json::to_string(&d).unwrap();
        for cpr in CPRS {
            assert!(
                !json.contains(&cpr.replace('-', "")) && !json.contains(cpr),
                "{json}"
            );
            assert!(!json.contains(&cpr[..6]));
        }
        let agenda = serde_json::to_string(&core.agenda(m2.id).unwrap()).unwrap();
        assert!(!agenda.contains("1203851117") && !agenda.contains("120385"));
    }
}
