//! A case's own time within the meeting.
//!
//! The time of a case is computed from the agenda: the meeting's start + the planned minutes
//! of the fixed items before Borgersager + the planned minutes of the cases before it
//! (a case without its own minutes gets an equal share). It is shown rounded to the
//! minute as "ca. kl. 13.25–13.51": the citizen is told about when to come.

use crate::core::Core;
use crate::domain::*;
use crate::error::{CoreError, Result};
use crate::templates::CASES_ITEM;
use crate::words::slot_label;
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
}
