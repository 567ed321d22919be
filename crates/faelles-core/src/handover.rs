//! After the meeting: which documents are made and which are handed over for e-Boks (the
//! app itself sends nothing: the chair hands the file to whoever posts it and marks it here).
//!
//! A document's state follows from its export records (oldest first): `none` (never made),
//! `made` (the newest file is not marked), `handed-over` (the newest file is marked),
//! `outdated` (an earlier file was handed over, but a newer one was made since, e.g. after
//! the meeting was reopened: the citizen has an older version than the newest).

use crate::calendar;
use crate::core::Core;
use crate::domain::*;
use crate::error::{CoreError, Result};
use crate::store;
use serde::Serialize;

/// What the chair sees of one document after the meeting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocState {
    /// `none` | `made` | `handed-over` | `outdated`
    pub state: &'static str,
    /// The newest file's export record and path.
    pub export_id: Option<Id>,
    pub path: Option<String>,
    /// "Overdraget til e-Boks 24. november 2026" etc.
    pub label: String,
}

/// The state of one document from its records, oldest first.
pub fn doc_state(records: &[&ExportRecord]) -> DocState {
    let Some(newest) = records.last() else {
        return DocState {
            state: "none",
            export_id: None,
            path: None,
            label: "Ikke lavet endnu".into(),
        };
    };
    let day = |t| calendar::date_short(calendar::local(t).date_naive());
    let earlier_handed = records.iter().rev().skip(1).find_map(|r| r.handed_over_at);
    let (state, label) = match (newest.handed_over_at, earlier_handed) {
        (Some(at), _) => ("handed-over", format!("Overdraget til e-Boks {}", day(at))),
        (None, Some(at)) => (
            "outdated",
            format!(
                "Udgaven overdraget {} er ældre end den nyeste fra {}",
                day(at),
                day(newest.created_at)
            ),
        ),
        (None, None) => (
            "made",
            format!("Lavet {}, ikke overdraget endnu", day(newest.created_at)),
        ),
    };
    DocState {
        state,
        export_id: Some(newest.id),
        path: Some(newest.path.clone()),
        label,
    }
}

/// The records of one kind (and case), oldest first.
pub fn of_kind(all: &[ExportRecord], kind: ExportKind, case_id: Option<Id>) -> Vec<&ExportRecord> {
    all.iter()
        .filter(|r| r.kind == kind && r.case_id == case_id)
        .collect()
}

impl Core {
    /// Marks the newest summary of `case_id` as handed over for e-Boks today (or takes the
    /// mark away). Refused while there is no file to hand over.
    pub fn mark_handed_over(&mut self, case_id: Id, handed: bool) -> Result<DocState> {
        let case = self.case(case_id)?;
        let all = self.exports(case.meeting_id)?;
        let summaries = of_kind(&all, ExportKind::CitizenSummary, Some(case_id));
        let Some(newest) = summaries.last() else {
            return Err(CoreError::InvalidValue {
                field: "Overdragelse",
                reason: "lav først PDF'en til borgeren; så kan den markeres som overdraget".into(),
            });
        };
        let at = handed.then(|| self.now());
        let id = newest.id;
        self.store_mut()
            .write(|tx| store::set_handed_over(tx, id, at))?;
        let all = self.exports(case.meeting_id)?;
        Ok(doc_state(&of_kind(
            &all,
            ExportKind::CitizenSummary,
            Some(case_id),
        )))
    }

    /// How many things are left after a closed meeting: summaries not handed over (or
    /// outdated) and minutes not made. Zero for a meeting that is not closed.
    pub fn handover_left(&self, m: &Meeting) -> Result<usize> {
        if m.status != MeetingStatus::Closed {
            return Ok(0);
        }
        let all = self.exports(m.id)?;
        let mut left = usize::from(of_kind(&all, ExportKind::Minutes, None).is_empty());
        for case in self.cases(m.id)? {
            let state = doc_state(&of_kind(&all, ExportKind::CitizenSummary, Some(case.id)));
            if state.state != "handed-over" {
                left += 1;
            }
        }
        Ok(left)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{advance, fixture};
    use chrono::Duration;

    #[test]
    fn a_summary_goes_from_none_to_made_to_handed_over_to_outdated() {
        let mut fx = fixture();
        let (m, cases) = fx.meeting_with_cases("2026-03-10");
        let dir = tempfile::tempdir().unwrap();
        let state = |core: &Core| {
            let all = core.exports(m.id).unwrap();
            doc_state(&of_kind(&all, ExportKind::CitizenSummary, Some(cases[0])))
        };
        assert_eq!(state(&fx.core).state, "none");
        let e = fx.core.mark_handed_over(cases[0], true).unwrap_err();
        assert_eq!(e.kind(), crate::error::ErrorKind::InvalidValue);
        fx.core
            .export_citizen_summary(cases[0], dir.path())
            .unwrap();
        assert_eq!(state(&fx.core).state, "made");
        let marked = fx.core.mark_handed_over(cases[0], true).unwrap();
        assert_eq!(marked.state, "handed-over");
        assert!(marked.label.starts_with("Overdraget til e-Boks"));
        // A newer file (e.g. after a reopen): the handed-over one is older.
        advance(&fx.now, Duration::hours(1));
        fx.core
            .export_citizen_summary(cases[0], dir.path())
            .unwrap();
        assert_eq!(state(&fx.core).state, "outdated");
        fx.core.mark_handed_over(cases[0], true).unwrap();
        assert_eq!(state(&fx.core).state, "handed-over");
        fx.core.mark_handed_over(cases[0], false).unwrap();
        assert_eq!(state(&fx.core).state, "outdated");
        // Other cases are untouched.
        let all = fx.core.exports(m.id).unwrap();
        assert_eq!(
            doc_state(&of_kind(&all, ExportKind::CitizenSummary, Some(cases[1]))).state,
            "none"
        );
    }
}
