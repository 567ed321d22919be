//! Between meetings (Opfølgning), the chair's list: every open agreement of the team, grouped
//! by who is responsible, with its due date and state and whether the citizen is on a coming
//! agenda. Marking one done or dropped is the `followup` area's rule.
//!
//! Rules of the list:
//! - Listed: agreements made in the team's not cancelled meetings that are open (open or
//!   continues), and those closed by a review dated in the last `RECENT_DAYS` days (so what
//!   was just marked stays in view, with its state).
//! - The due date of "Inden næste møde" is the date of the team's first not cancelled meeting
//!   after the one where the agreement was made. An open agreement is overdue when its due
//!   date is before today.

use super::ReviewView;
use crate::calendar;
use crate::core::Core;
use crate::domain::*;
use crate::error::Result;
use crate::followup::next_case;
use crate::store::{self, DatedReview};
use crate::words::{date_label, due_label, review_date, short_name};
use chrono::{Duration, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How long an agreement closed by a review stays in the list.
pub const RECENT_DAYS: i64 = 28;

/// The state shown for an agreement (`data-state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpState {
    Open,
    Overdue,
    Done,
    Dropped,
}

impl FollowUpState {
    pub fn label_da(self) -> &'static str {
        match self {
            FollowUpState::Open => "Åben",
            FollowUpState::Overdue => "Overskredet",
            FollowUpState::Done => "Udført",
            FollowUpState::Dropped => "Droppet",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUpRow {
    pub agreement_id: Id,
    pub citizen_id: Id,
    /// First name (or kaldenavn) and last-name initial: "Mikkel S.".
    pub citizen_label: String,
    pub origin_case_id: Id,
    pub origin_meeting_id: Id,
    pub origin_date_label: String,
    pub what: String,
    pub who: Option<Who>,
    /// "Lene Holm", "Jobcentret", "Borgeren selv", or "Ingen ansvarlig".
    pub who_label: String,
    /// The participant's organisation, or the organisation named as responsible.
    pub organisation: String,
    pub due_date: Option<NaiveDate>,
    /// "3. marts 2026", "Inden næste møde (31. marts 2026)", or "Ingen frist".
    pub due_label: String,
    pub state: FollowUpState,
    pub state_label: String,
    /// Open (not yet overdue), due before the citizen's next case.
    pub due_before_next_case: bool,
    /// The citizen's next case (in a meeting after this agreement's), if any.
    pub next_case_id: Option<Id>,
    pub next_meeting_id: Option<Id>,
    /// "Næste møde: tirsdag den 3. marts 2026" or "Ikke på et kommende møde".
    pub next_case_label: String,
    /// The latest review (the state's reason), if any.
    pub review: Option<ReviewView>,
    /// The citizen has no consent valid today (the Danish reason): the agreement stays in the
    /// team's list but is left out of "Dine aftaler", which goes to other organisations.
    pub consent_problem: Option<String>,
    /// Closed by a review that can still be taken back ("Genåbn"): made without a case, or
    /// in a case whose meeting is not closed.
    pub can_reopen: bool,
}

/// Everyone responsible for an agreement in the list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUpGroup {
    /// `p:<participant id>`, `o:<organisation>`, `borgeren` or `ingen`.
    pub key: String,
    pub label: String,
    pub rows: Vec<FollowUpRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choice {
    pub key: String,
    pub label: String,
}

/// Where a row stands in the list, in the list's order: what needs acting on first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    /// Open and its due date has passed.
    Overdue,
    /// Open, not overdue, due before the citizen's next case.
    BeforeNext,
    /// Every other open agreement.
    Open,
    /// Done or dropped in the last `RECENT_DAYS` days (folded away in the list).
    Closed,
}

impl SectionKind {
    fn of(r: &FollowUpRow) -> SectionKind {
        match r.state {
            FollowUpState::Overdue => SectionKind::Overdue,
            FollowUpState::Open if r.due_before_next_case => SectionKind::BeforeNext,
            FollowUpState::Open => SectionKind::Open,
            FollowUpState::Done | FollowUpState::Dropped => SectionKind::Closed,
        }
    }

    pub fn label_da(self) -> &'static str {
        match self {
            SectionKind::Overdue => "Overskredet",
            SectionKind::BeforeNext => "Før næste møde",
            SectionKind::Open => "Øvrige åbne aftaler",
            SectionKind::Closed => "Lukket de seneste 4 uger",
        }
    }
}

/// One part of the list: its rows by who is responsible.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUpSection {
    pub kind: SectionKind,
    pub label: String,
    /// Rows in this section.
    pub count: usize,
    pub groups: Vec<FollowUpGroup>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUpView {
    /// The rows the filter lets through: overdue first, then due before the citizen's next
    /// case, then the other open ones, then those closed lately; in each, by responsible.
    /// Only sections with rows.
    pub sections: Vec<FollowUpSection>,
    /// What the filters can choose from (all rows, not only those shown).
    pub responsibles: Vec<Choice>,
    pub organisations: Vec<String>,
    pub citizens: Vec<Choice>,
    /// Of the rows the filter lets through: open (incl. overdue), overdue, closed lately.
    pub open_count: usize,
    pub overdue_count: usize,
    pub closed_count: usize,
    /// The counts in a Danish sentence: "3 åbne aftaler, heraf 1 med overskredet frist."
    pub summary: String,
    pub today_label: String,
}

impl FollowUpView {
    /// Every row shown, in the list's order.
    pub fn rows(&self) -> impl Iterator<Item = &FollowUpRow> {
        self.groups().flat_map(|g| g.rows.iter())
    }

    /// Every group shown, section by section.
    pub fn groups(&self) -> impl Iterator<Item = &FollowUpGroup> {
        self.sections.iter().flat_map(|s| s.groups.iter())
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct FollowUpFilter {
    /// A group key (`FollowUpGroup::key`).
    #[serde(default)]
    pub responsible: Option<String>,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub overdue_only: bool,
    #[serde(default)]
    pub citizen_id: Option<Id>,
}

impl FollowUpFilter {
    fn lets_through(&self, key: &str, row: &FollowUpRow) -> bool {
        fn some(o: &Option<String>) -> Option<&str> {
            o.as_deref().map(str::trim).filter(|s| !s.is_empty())
        }
        some(&self.responsible).is_none_or(|r| r == key)
            && some(&self.organisation)
                .is_none_or(|o| row.organisation.trim().eq_ignore_ascii_case(o))
            && (!self.overdue_only || row.state == FollowUpState::Overdue)
            && self.citizen_id.is_none_or(|c| c == row.citizen_id)
    }
}

fn group_of(who: &Option<Who>, people: &HashMap<Id, &Participant>) -> (String, String, u8) {
    match who {
        Some(Who::Participant { id }) => {
            let label = people.get(id).map_or_else(
                || "Ukendt deltager".to_string(),
                |p| match p.organisation.trim() {
                    "" => p.name.clone(),
                    o => format!("{} ({o})", p.name),
                },
            );
            (format!("p:{id}"), label, 0)
        }
        Some(Who::Organisation { name }) => (format!("o:{}", name.trim()), name.trim().into(), 1),
        Some(Who::Citizen) => ("borgeren".into(), "Borgeren selv".into(), 2),
        None => ("ingen".into(), "Ingen ansvarlig".into(), 3),
    }
}

impl Core {
    /// The Opfølgning view: the team's open agreements (and those closed in the last
    /// `RECENT_DAYS` days) that `filter` lets through, grouped by who is responsible.
    pub fn follow_up(&self, filter: &FollowUpFilter) -> Result<FollowUpView> {
        let team = self.require_team()?;
        let c = self.store().read();
        let now = self.now();
        let today = self.today();
        let since = now - Duration::days(RECENT_DAYS);
        let agreements = store::followup_agreements(c, team.id, since)?;
        let mut latest: HashMap<Id, DatedReview> = HashMap::new();
        // The latest review of each, and whether a closed meeting locks it.
        let mut locked: std::collections::HashSet<Id> = std::collections::HashSet::new();
        for (r, meeting) in store::followup_reviews(c, team.id, since)? {
            let id = r.review.agreement_id;
            if meeting == Some(MeetingStatus::Closed) {
                locked.insert(id);
            } else {
                locked.remove(&id);
            }
            latest.insert(id, r);
        }
        let participants = store::list_participants(c, team.id)?;
        let people: HashMap<Id, &Participant> = participants.iter().map(|p| (p.id, p)).collect();
        let citizens: HashMap<Id, Citizen> = store::list_citizens(c, team.id)?
            .into_iter()
            .map(|x| (x.id, x))
            .collect();
        let meetings = store::list_meetings(c, team.id)?;
        let start_of_today = calendar::local_to_utc(today, NaiveTime::MIN)?;
        let coming = store::coming_cases(c, team.id, start_of_today)?;

        let mut consent: HashMap<Id, Option<String>> = HashMap::new();
        let mut groups: Vec<(SectionKind, u8, FollowUpGroup)> = Vec::new();
        let mut responsibles: Vec<(u8, Choice)> = Vec::new();
        let mut organisations: Vec<String> = Vec::new();
        let mut named: Vec<Choice> = Vec::new();
        let (mut open_count, mut overdue_count, mut closed_count) = (0, 0, 0);
        for x in agreements {
            // A deleted citizen's agreements have no text left to follow up on.
            let Some(citizen) = citizens.get(&x.citizen_id) else {
                continue;
            };
            let a = x.agreement;
            let citizen_label = short_name(citizen);
            let next = next_case(&coming, x.citizen_id, x.origin_starts_at);
            let next_meeting = next_meeting_after(&meetings, x.origin_starts_at);
            let due_date = match a.due {
                Some(Due::Date { date }) => Some(date),
                Some(Due::NextMeeting) => next_meeting,
                None => None,
            };
            let state = match a.status {
                AgreementStatus::Done => FollowUpState::Done,
                AgreementStatus::Dropped => FollowUpState::Dropped,
                _ if due_date.is_some_and(|d| d < today) => FollowUpState::Overdue,
                _ => FollowUpState::Open,
            };
            let open = matches!(state, FollowUpState::Open | FollowUpState::Overdue);
            let next_date = next.map(|n| calendar::local(n.starts_at).date_naive());
            let (key, group_label, order) = group_of(&a.who, &people);
            let who_label = match &a.who {
                Some(Who::Participant { id }) => people
                    .get(id)
                    .map_or_else(|| "Ukendt deltager".into(), |p| p.name.clone()),
                _ => group_label.clone(),
            };
            let organisation = match &a.who {
                Some(Who::Participant { id }) => people
                    .get(id)
                    .map(|p| p.organisation.trim().to_string())
                    .unwrap_or_default(),
                Some(Who::Organisation { name }) => name.trim().to_string(),
                _ => String::new(),
            };
            let consent_problem = match consent.get(&x.citizen_id) {
                Some(known) => known.clone(),
                None => {
                    let problem = match citizens.get(&x.citizen_id) {
                        Some(c) => self.check_consent(c, today).err().map(|e| e.message_da()),
                        None => None,
                    };
                    consent.insert(x.citizen_id, problem.clone());
                    problem
                }
            };
            let row = FollowUpRow {
                consent_problem,
                agreement_id: a.id,
                citizen_id: x.citizen_id,
                citizen_label: citizen_label.clone(),
                origin_case_id: a.case_id,
                origin_meeting_id: x.origin_meeting_id,
                origin_date_label: date_label(x.origin_starts_at),
                what: a.what,
                who_label,
                organisation: organisation.clone(),
                due_label: match due_label(&a.due, next_meeting) {
                    none if none.is_empty() => "Ingen frist".into(),
                    label => label,
                },
                who: a.who,
                due_date,
                state,
                state_label: state.label_da().into(),
                due_before_next_case: state == FollowUpState::Open
                    && matches!((due_date, next_date), (Some(d), Some(n)) if d < n),
                next_case_id: next.map(|n| n.case_id),
                next_meeting_id: next.map(|n| n.meeting_id),
                next_case_label: next_date.map_or_else(
                    || "Ikke på et kommende møde".into(),
                    |d| format!("Næste møde: {}", calendar::date_long(d)),
                ),
                can_reopen: !open && latest.contains_key(&a.id) && !locked.contains(&a.id),
                review: latest.get(&a.id).map(|d| ReviewView {
                    outcome: d.review.outcome,
                    outcome_label: d.review.outcome.label_da().into(),
                    comment: d.review.comment.clone(),
                    meeting_date_label: date_label(review_date(
                        Some(d.meeting_starts_at),
                        d.review.reviewed_at,
                    )),
                }),
            };
            if !responsibles.iter().any(|(_, c)| c.key == key) {
                responsibles.push((
                    order,
                    Choice {
                        key: key.clone(),
                        label: group_label.clone(),
                    },
                ));
            }
            if !organisation.is_empty()
                && !organisations
                    .iter()
                    .any(|o| o.eq_ignore_ascii_case(&organisation))
            {
                organisations.push(organisation);
            }
            if !named.iter().any(|c| c.key == x.citizen_id.to_string()) {
                named.push(Choice {
                    key: x.citizen_id.to_string(),
                    label: citizen_label,
                });
            }
            if !filter.lets_through(&key, &row) {
                continue;
            }
            open_count += usize::from(open);
            overdue_count += usize::from(state == FollowUpState::Overdue);
            closed_count += usize::from(!open);
            let kind = SectionKind::of(&row);
            match groups
                .iter_mut()
                .find(|(k, _, g)| *k == kind && g.key == key)
            {
                Some((_, _, g)) => g.rows.push(row),
                None => groups.push((
                    kind,
                    order,
                    FollowUpGroup {
                        key,
                        label: group_label,
                        rows: vec![row],
                    },
                )),
            }
        }
        groups.sort_by(|(k, a, x), (l, b, y)| {
            (k, a).cmp(&(l, b)).then_with(|| x.label.cmp(&y.label))
        });
        let mut sections: Vec<FollowUpSection> = Vec::new();
        for (kind, _, mut g) in groups {
            // One section holds one state (closed: done or dropped alike): by due date, those
            // without one last.
            g.rows.sort_by_key(|r| (r.due_date.is_none(), r.due_date));
            match sections.last_mut() {
                Some(s) if s.kind == kind => {
                    s.count += g.rows.len();
                    s.groups.push(g);
                }
                _ => sections.push(FollowUpSection {
                    kind,
                    label: kind.label_da().into(),
                    count: g.rows.len(),
                    groups: vec![g],
                }),
            }
        }
        responsibles.sort_by(|(a, x), (b, y)| a.cmp(b).then_with(|| x.label.cmp(&y.label)));
        organisations.sort();
        named.sort_by(|a, b| a.label.cmp(&b.label));
        Ok(FollowUpView {
            sections,
            responsibles: responsibles.into_iter().map(|(_, c)| c).collect(),
            organisations,
            citizens: named,
            open_count,
            overdue_count,
            closed_count,
            summary: summary_da(open_count, overdue_count),
            today_label: calendar::date_long(today),
        })
    }
}

/// "1 åben aftale", "3 åbne aftaler, heraf 1 med overskredet frist", "Ingen åbne aftaler".
pub fn summary_da(open: usize, overdue: usize) -> String {
    let open_part = match open {
        0 => "Ingen åbne aftaler".to_string(),
        1 => "1 åben aftale".to_string(),
        n => format!("{n} åbne aftaler"),
    };
    match overdue {
        0 => format!("{open_part}."),
        k if k == open && open == 1 => "1 åben aftale med overskredet frist.".to_string(),
        k if k == open => format!("{open} åbne aftaler, alle med overskredet frist."),
        k => format!("{open_part}, heraf {k} med overskredet frist."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// (what, data-state) of every row, in the list's order.
    fn rows(v: &FollowUpView) -> Vec<(String, FollowUpState)> {
        v.rows().map(|r| (r.what.clone(), r.state)).collect()
    }

    fn row<'a>(v: &'a FollowUpView, what: &str) -> &'a FollowUpRow {
        v.rows().find(|r| r.what == what).unwrap()
    }

    #[test]
    fn the_counts_are_said_in_correct_danish() {
        assert_eq!(summary_da(0, 0), "Ingen åbne aftaler.");
        assert_eq!(summary_da(1, 0), "1 åben aftale.");
        assert_eq!(summary_da(1, 1), "1 åben aftale med overskredet frist.");
        assert_eq!(
            summary_da(2, 1),
            "2 åbne aftaler, heraf 1 med overskredet frist."
        );
        assert_eq!(
            summary_da(5, 5),
            "5 åbne aftaler, alle med overskredet frist."
        );
    }

    #[test]
    fn open_agreements_by_responsible_with_overdue_and_next_case() {
        let mut fx = fixture();
        let (m1, m2, m3) = (
            fx.meeting("2026-03-03"),
            fx.meeting("2026-03-31"),
            fx.meeting("2026-04-28"),
        );
        let (mikkel, camilla) = (fx.case(&m1, 0), fx.case(&m1, 1));
        let next = fx.case(&m3, 0); // Camilla is not on the next agenda.
        let doctor = Some(Who::Participant { id: fx.doctor });
        let on = |d: &str| Some(Due::Date { date: date(d) });
        fx.agreement(mikkel, "Bestille blodprøver", doctor, on("2026-04-09"));
        let job = Some(Who::Organisation {
            name: "Jobcentret".into(),
        });
        fx.agreement(mikkel, "Afklare ressourceforløb", job, on("2026-04-20"));
        fx.agreement(
            camilla,
            "Ringe til bostøtten",
            Some(Who::Citizen),
            Some(Due::NextMeeting),
        );
        fx.agreement(mikkel, "Finde en fritidsaktivitet", None, None);
        // Reviewed done in the case of 31 March: within RECENT_DAYS, listed as done.
        let old = fx.agreement(mikkel, "Søge boligstøtte", None, None);
        let m2_case = fx.case(&m2, 0);
        fx.core
            .review_agreement(m2_case, old, AgreementStatus::Done, "")
            .unwrap();
        set_now(&fx.now, at("2026-04-10T10:00:00Z"));

        let v = fx.core.follow_up(&FollowUpFilter::default()).unwrap();
        use FollowUpState::*;
        // Overdue first (whoever is responsible), then due before the citizen's next case,
        // then the other open ones, then those closed lately.
        assert_eq!(
            rows(&v),
            [
                ("Bestille blodprøver".to_string(), Overdue),
                ("Ringe til bostøtten".into(), Overdue),
                ("Afklare ressourceforløb".into(), Open),
                ("Finde en fritidsaktivitet".into(), Open),
                ("Søge boligstøtte".into(), Done),
            ]
        );
        let kinds: Vec<_> = v.sections.iter().map(|s| (s.kind, s.count)).collect();
        use SectionKind as K;
        assert_eq!(
            kinds,
            [
                (K::Overdue, 2),
                (K::BeforeNext, 1),
                (K::Open, 1),
                (K::Closed, 1)
            ]
        );
        let labels: Vec<_> = v.groups().map(|g| g.label.as_str()).collect();
        assert_eq!(
            labels[1..],
            [
                "Borgeren selv",
                "Jobcentret",
                "Ingen ansvarlig",
                "Ingen ansvarlig"
            ]
        );
        assert!(labels[0].starts_with("Mette Vestergaard"));
        assert_eq!((v.open_count, v.overdue_count, v.closed_count), (4, 2, 1));
        assert_eq!(v.summary, "4 åbne aftaler, heraf 2 med overskredet frist.");

        let blood = row(&v, "Bestille blodprøver");
        assert_eq!(blood.citizen_label, "Mikkel S.");
        assert_eq!(blood.origin_date_label, "tirsdag den 3. marts 2026");
        assert_eq!(blood.next_case_id, Some(next));
        assert_eq!(
            blood.next_case_label,
            "Næste møde: tirsdag den 28. april 2026"
        );
        let job = row(&v, "Afklare ressourceforløb");
        assert!(job.due_before_next_case, "due 20 April, next case 28 April");
        assert_eq!(job.organisation, "Jobcentret");
        // "Inden næste møde" is the team's next meeting after the one it was made in.
        let call = row(&v, "Ringe til bostøtten");
        assert_eq!(call.due_date, Some(date("2026-03-31")));
        assert_eq!(call.citizen_label, "Camilla N.");
        assert_eq!(call.next_case_id, None);
        assert_eq!(call.next_case_label, "Ikke på et kommende møde");
        assert!(!call.due_before_next_case);
        assert_eq!(
            row(&v, "Finde en fritidsaktivitet").due_label,
            "Ingen frist"
        );

        // Filters.
        let only = |f: FollowUpFilter| {
            let v = fx.core.follow_up(&f).unwrap();
            rows(&v).into_iter().map(|(w, _)| w).collect::<Vec<_>>()
        };
        let overdue = FollowUpFilter {
            overdue_only: true,
            ..Default::default()
        };
        assert_eq!(
            only(overdue.clone()),
            ["Bestille blodprøver", "Ringe til bostøtten"]
        );
        // The counts are those of the filter.
        let v2 = fx.core.follow_up(&overdue).unwrap();
        assert_eq!(
            (v2.open_count, v2.overdue_count, v2.closed_count),
            (2, 2, 0)
        );
        assert_eq!(v2.summary, "2 åbne aftaler, alle med overskredet frist.");
        let org = FollowUpFilter {
            organisation: Some(" jobcentret ".into()),
            ..Default::default()
        };
        assert_eq!(only(org.clone()), ["Afklare ressourceforløb"]);
        assert_eq!(fx.core.follow_up(&org).unwrap().summary, "1 åben aftale.");
        let citizen = FollowUpFilter {
            citizen_id: Some(fx.citizens[1]),
            ..Default::default()
        };
        assert_eq!(only(citizen), ["Ringe til bostøtten"]);
        let own = FollowUpFilter {
            responsible: Some("borgeren".into()),
            ..Default::default()
        };
        assert_eq!(only(own), ["Ringe til bostøtten"]);
        // Consent withdrawn: still in the team's list, said so, and left out of the letter
        // that goes to others (here it was all the letter had).
        let consent = fx.core.consents(fx.citizens[1]).unwrap()[0].id;
        fx.core.withdraw_consent(consent, "2026-04-09").unwrap();
        let w = fx.core.follow_up(&FollowUpFilter::default()).unwrap();
        let problem = row(&w, "Ringe til bostøtten")
            .consent_problem
            .clone()
            .unwrap();
        assert!(problem.contains("samtykke"), "{problem}");
        assert!(row(&w, "Bestille blodprøver").consent_problem.is_none());
        let letter = FollowUpFilter {
            responsible: Some("borgeren".into()),
            ..Default::default()
        };
        let e = fx.core.agreements_document(&letter).unwrap_err();
        assert!(e.message_da().contains("samtykke"), "{}", e.message_da());
        // The choices cover all rows, whatever the filter.
        assert_eq!(v.responsibles.len(), 4);
        assert_eq!(v.organisations, ["Jobcentret"]);
        assert_eq!(v.citizens.len(), 2);
    }

    #[test]
    fn a_cancelled_meeting_s_review_no_longer_counts_in_the_status_or_the_report() {
        let mut fx = fixture();
        let (m1, m3) = (fx.meeting("2026-03-03"), fx.meeting("2026-04-28"));
        let mikkel = fx.case(&m1, 0);
        fx.case(&m3, 0);
        let blood = fx.agreement(mikkel, "Bestille blodprøver", None, None);
        set_now(&fx.now, at("2026-04-10T10:00:00Z"));
        let core = &mut fx.core;
        core.follow_up_agreement(blood, AgreementStatus::Done, "Tid bestilt")
            .unwrap();
        let reviewed = |core: &Core| {
            let c = core.store().read();
            let a = store::get_agreement(c, blood).unwrap();
            let r = store::report_agreements(
                c,
                core.require_team().unwrap().id,
                at("2026-01-01T00:00:00Z"),
                at("2027-01-01T00:00:00Z"),
            )
            .unwrap();
            let row = r.iter().find(|x| x.case_id == mikkel).unwrap().clone();
            (a.status, row.status, row.reviewed_at.is_some())
        };
        assert_eq!(
            reviewed(core),
            (AgreementStatus::Done, AgreementStatus::Done, true)
        );
        // The review was made in the citizen's next case; that meeting is cancelled.
        core.cancel_meeting(m3.id, "Aflyst pga. sygdom").unwrap();
        assert_eq!(
            reviewed(core),
            (AgreementStatus::Open, AgreementStatus::Open, false)
        );
    }

    #[test]
    fn marking_done_is_the_next_case_review_or_one_without_a_case() {
        let mut fx = fixture();
        let (m1, m3) = (fx.meeting("2026-03-03"), fx.meeting("2026-04-28"));
        let (mikkel, camilla) = (fx.case(&m1, 0), fx.case(&m1, 1));
        let next = fx.case(&m3, 0);
        let blood = fx.agreement(mikkel, "Bestille blodprøver", None, None);
        let call = fx.agreement(camilla, "Ringe til bostøtten", Some(Who::Citizen), None);
        set_now(&fx.now, at("2026-04-10T10:00:00Z"));
        let core = &mut fx.core;

        // With a coming case: the review is that case's, and shows in its "Siden sidst".
        let r = core
            .follow_up_agreement(blood, AgreementStatus::Done, "Tid bestilt")
            .unwrap();
        assert_eq!(r.case_id, Some(next));
        let d = core.case_detail(next).unwrap();
        let x = d
            .carried_over
            .iter()
            .find(|x| x.agreement.id == blood)
            .unwrap();
        let review = x.review.as_ref().unwrap();
        assert_eq!(
            (review.outcome, review.comment.as_str()),
            (AgreementStatus::Done, "Tid bestilt")
        );
        let kind = |r: Result<AgreementReview>| r.unwrap_err().kind();
        assert_eq!(
            kind(core.follow_up_agreement(blood, AgreementStatus::Dropped, "")),
            "InvalidValue",
            "already done"
        );
        assert_eq!(
            kind(core.follow_up_agreement(call, AgreementStatus::Continues, "")),
            "InvalidValue"
        );
        assert_eq!(
            kind(core.follow_up_agreement(Id::nil(), AgreementStatus::Done, "")),
            "NotFound"
        );

        // Without one: a review without a case, dated now; it closes the agreement for the
        // citizen's later cases, but an earlier view of the case history is unchanged.
        let r = core
            .follow_up_agreement(call, AgreementStatus::Dropped, "Ikke aktuelt")
            .unwrap();
        assert_eq!(r.case_id, None);
        let v = core.follow_up(&FollowUpFilter::default()).unwrap();
        assert_eq!(row(&v, "Ringe til bostøtten").state, FollowUpState::Dropped);
        let blood_row = row(&v, "Bestille blodprøver");
        assert_eq!(blood_row.state, FollowUpState::Done);
        // Made today in the coming case: dated today, not on the meeting's day.
        let said = blood_row.review.as_ref().unwrap();
        assert_eq!(said.meeting_date_label, "fredag den 10. april 2026");
        assert_eq!(said.comment, "Tid bestilt");
        let later = core.add_case(m3.id, fx.citizens[1]).unwrap().id;
        let d = core.case_detail(later).unwrap();
        assert!(d.carried_over.is_empty(), "dropped between meetings");
        assert_eq!(
            store::carried_over_agreements(
                core.store().read(),
                fx.citizens[1],
                at("2026-04-01T00:00:00Z")
            )
            .unwrap()
            .len(),
            1,
            "before the review it was still open"
        );
        // Taken back ("Genåbn"): the one without a case is open again; the one in the next
        // case is gone from its "Siden sidst"; a review in a closed meeting is locked.
        assert!(row(&v, "Ringe til bostøtten").can_reopen);
        assert!(row(&v, "Bestille blodprøver").can_reopen);
        let core = &mut fx.core;
        assert_eq!(core.reopen_agreement(call).unwrap(), AgreementStatus::Open);
        assert_eq!(core.reopen_agreement(blood).unwrap(), AgreementStatus::Open);
        let v = core.follow_up(&FollowUpFilter::default()).unwrap();
        assert_eq!(row(&v, "Ringe til bostøtten").state, FollowUpState::Open);
        assert!(!row(&v, "Ringe til bostøtten").can_reopen);
        let d = core.case_detail(next).unwrap();
        assert!(d.carried_over.iter().all(|x| x.review.is_none()));
        assert_eq!(
            core.reopen_agreement(call).unwrap_err().kind(),
            "InvalidValue",
            "not closed"
        );
        core.follow_up_agreement(blood, AgreementStatus::Done, "Tid bestilt")
            .unwrap();
        core.close_meeting(m3.id).unwrap();
        let v = core.follow_up(&FollowUpFilter::default()).unwrap();
        assert!(
            !row(&v, "Bestille blodprøver").can_reopen,
            "locked by the closed meeting"
        );
        let e = core.reopen_agreement(blood).unwrap_err();
        assert!(
            e.message_da().contains("afsluttet møde"),
            "{}",
            e.message_da()
        );
        assert_eq!(
            store::get_agreement(core.store().read(), blood)
                .unwrap()
                .status,
            AgreementStatus::Done
        );

        // Closed ones leave the list RECENT_DAYS after the review's date (28 April for the
        // one made in the next case).
        set_now(&fx.now, at("2026-05-20T10:00:00Z"));
        let v = fx.core.follow_up(&FollowUpFilter::default()).unwrap();
        let reopened = ("Ringe til bostøtten".to_string(), FollowUpState::Open);
        assert_eq!(
            rows(&v),
            [
                reopened.clone(),
                ("Bestille blodprøver".to_string(), FollowUpState::Done)
            ]
        );
        set_now(&fx.now, at("2026-05-27T10:00:00Z"));
        let v = fx.core.follow_up(&FollowUpFilter::default()).unwrap();
        assert_eq!(rows(&v), [reopened]);
    }
}
