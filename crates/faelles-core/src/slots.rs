//! A case's own time within the meeting, consent checked at every use of a case, the place
//! and video link of a meeting, and the citizen's own next meeting.
//!
//! The time of a case is computed from the agenda: the meeting's start + the planned minutes
//! of the fixed items before Borgersager + the planned minutes of the cases before it
//! (a case without its own minutes gets an equal share). It is shown rounded to the
//! minute as "ca. kl. 13.25–13.51": the citizen is told about when to come.

use crate::calendar;
use crate::core::Core;
use crate::domain::*;
use crate::error::{CoreError, Result};
use crate::run::CASES_ITEM;
use crate::store;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// When one case is planned to take place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseSlot {
    pub case_id: Id,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// "ca. kl. 13.25–13.51"
    pub label: String,
    /// The slot ends after the meeting does (the plan is longer than the meeting).
    pub after_meeting_end: bool,
}

/// "ca. kl. 13.25–13.51"
pub fn slot_label(start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    let end_clock = calendar::clock(end);
    let end_clock = end_clock.trim_start_matches("kl. ");
    format!("ca. {}–{end_clock}", calendar::clock(start))
}

/// A meeting's video link: empty, or an https address without spaces.
pub fn check_video_link(link: &str) -> Result<String> {
    let link = link.trim();
    if link.is_empty() {
        return Ok(String::new());
    }
    let rest = link
        .strip_prefix("https://")
        .filter(|r| !r.is_empty() && !r.starts_with('/'));
    match rest {
        Some(r) if !r.chars().any(|c| c.is_whitespace() || c.is_control()) => Ok(link.into()),
        _ => Err(CoreError::InvalidValue {
            field: "Videolink",
            reason: "skal være en sikker adresse, der begynder med https://".into(),
        }),
    }
}

/// "Mødelokale 2, Rådhuset · video: https://…", or what is missing.
pub fn place_and_link(m: &Meeting) -> String {
    match (m.place.trim(), m.video_link.trim()) {
        ("", "") => "Stedet er ikke fastsat endnu.".into(),
        (p, "") => p.into(),
        ("", l) => format!("Online: {l}"),
        (p, l) => format!("{p} – eller online: {l}"),
    }
}

impl Core {
    /// The planned time of every case of a meeting, in agenda order.
    pub fn case_slots(&self, meeting_id: Id) -> Result<Vec<CaseSlot>> {
        let m = self.meeting(meeting_id)?;
        let t = crate::templates::by_version(&m.template_version)?;
        let cases = self.cases(meeting_id)?;
        let before: u32 = t
            .agenda
            .iter()
            .take_while(|a| a.key != CASES_ITEM)
            .filter_map(|a| a.minutes)
            .sum();
        let share = t.case_minutes() / cases.len().max(1) as u32;
        let meeting_end = m.starts_at + Duration::minutes(i64::from(m.duration_minutes));
        let mut at = m.starts_at + Duration::minutes(i64::from(before));
        Ok(cases
            .iter()
            .map(|c| {
                let start = at;
                let end = start + Duration::minutes(i64::from(c.planned_minutes.unwrap_or(share)));
                at = end;
                CaseSlot {
                    case_id: c.id,
                    start,
                    end,
                    label: slot_label(start, end),
                    after_meeting_end: end > meeting_end,
                }
            })
            .collect())
    }

    /// The planned time of one case.
    pub fn case_slot(&self, case_id: Id) -> Result<CaseSlot> {
        let case = self.case(case_id)?;
        self.case_slots(case.meeting_id)?
            .into_iter()
            .find(|s| s.case_id == case_id)
            .ok_or_else(|| CoreError::NotFound { what: "Borgersag" })
    }

    /// Ok if the case's citizen has a consent valid on the meeting's date: checked each time
    /// a case is put on the screen, its agenda item opened, or its summary or invitation
    /// made. A withdrawal never deletes what was written.
    pub fn case_consent(&self, case_id: Id) -> Result<()> {
        let c = self.store().read();
        let case = store::get_case(c, case_id)?;
        let m = store::get_meeting(c, case.meeting_id)?;
        let citizen = store::get_citizen(c, case.citizen_id)?;
        self.check_consent(&citizen, calendar::local(m.starts_at).date_naive())
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
    use super::*;
    use crate::cases::CasePrepInput;
    use crate::testing::fixture;

    fn clocks(slots: &[CaseSlot]) -> Vec<String> {
        slots.iter().map(|s| s.label.clone()).collect()
    }

    #[test]
    fn a_case_starts_after_the_fixed_items_and_the_cases_before_it() {
        let mut fx = fixture();
        let (m, cases) = fx.meeting_with_cases("2026-03-10");
        let (a, b, c) = (cases[0], cases[1], cases[2]);
        // 120 min; velkomst 5 + tema 20 before, evaluering 10 + eventuelt 5 after: 80 min
        // of cases, an equal share of 26 each.
        let slots = fx.core.case_slots(m.id).unwrap();
        assert_eq!(
            clocks(&slots),
            [
                "ca. kl. 13.25–13.51",
                "ca. kl. 13.51–14.17",
                "ca. kl. 14.17–14.43"
            ]
        );
        // Bo gets 40 minutes: Carl moves; then Carl first.
        let input = CasePrepInput {
            planned_minutes: Some(40),
            ..CasePrepInput::default()
        };
        fx.core.update_case_prep(b, &input).unwrap();
        let slots = fx.core.case_slots(m.id).unwrap();
        assert_eq!(slots[1].label, "ca. kl. 13.51–14.31");
        assert_eq!(slots[2].label, "ca. kl. 14.31–14.57");
        assert!(!slots[2].after_meeting_end);
        fx.core.move_case(c, -1).unwrap();
        fx.core.move_case(c, -1).unwrap();
        let slots = fx.core.case_slots(m.id).unwrap();
        assert_eq!(slots[0].case_id, c);
        assert_eq!(fx.core.case_slot(a).unwrap().label, "ca. kl. 13.51–14.17");
        // Over-run: 120 minutes on Bo ends after the meeting.
        let input = CasePrepInput {
            planned_minutes: Some(120),
            ..CasePrepInput::default()
        };
        fx.core.update_case_prep(b, &input).unwrap();
        assert!(fx.core.case_slot(b).unwrap().after_meeting_end);
        let too_long = CasePrepInput {
            planned_minutes: Some(121),
            ..CasePrepInput::default()
        };
        let e = fx.core.update_case_prep(b, &too_long).unwrap_err();
        assert_eq!(e.kind(), crate::error::ErrorKind::InvalidValue);
        assert!(e.message_da().contains("mellem 1 og 120 minutter"));
    }

    #[test]
    fn slots_keep_local_time_across_the_change_to_summer_time() {
        let mut fx = fixture();
        // Sunday 29 March 2026 is the change; the meeting on Monday 30 March at 13.00 CEST.
        let m = fx.meeting("2026-03-30");
        fx.case(&m, 0);
        let slot = &fx.core.case_slots(m.id).unwrap()[0];
        assert_eq!(slot.label, "ca. kl. 13.25–14.45");
        assert_eq!(slot.start.to_rfc3339(), "2026-03-30T11:25:00+00:00");
    }

    #[test]
    fn video_links_must_be_https() {
        assert_eq!(check_video_link("  ").unwrap(), "");
        assert_eq!(
            check_video_link(" https://meet.example.dk/abc ").unwrap(),
            "https://meet.example.dk/abc"
        );
        for bad in [
            "http://meet.example.dk",
            "meet.example.dk",
            "https://",
            "https:///x",
            "javascript:alert(1)",
            "https://a b",
            "ftp://x",
        ] {
            let e = check_video_link(bad).unwrap_err();
            assert!(e.message_da().contains("https://"), "{bad}");
        }
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
        assert_eq!(place_and_link(&m1), "Stedet er ikke fastsat endnu.");
        let neutral = crate::projection::neutral(&fx.core, Some(&m1)).unwrap();
        assert!(matches!(neutral, crate::projection::ScreenView::Neutral(n) if n.place.is_empty()));
    }
}
