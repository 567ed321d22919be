//! After the meeting: which documents are made and which are handed over for e-Boks (the
//! app itself sends nothing: the chair hands the file to whoever posts it and marks it here),
//! read from the export records `export` writes.
//!
//! Only a **final** document can be handed over: one made while its meeting is closed (not a
//! draft, which carries «UDKAST» in the file and its name) and after the meeting's latest
//! reopening (a reopened meeting may change, so what was made before is no longer current).
//! A document's state follows from its export records (oldest first):
//! - `handed-over`: the newest final file is marked;
//! - `outdated`: another file was marked (an older final one, one made before the meeting was
//!   reopened, or a draft marked by an earlier version of the app), and the newest final one
//!   is not: the citizen may hold an older text than the newest;
//! - `made`: there is a final file, none is marked;
//! - `none`: no final file (drafts only, or nothing).

use crate::core::Core;
use crate::domain::*;
use crate::error::{CoreError, Result};
use crate::store;
use crate::words::short_date_label;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// What the chair sees of one document after the meeting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocState {
    /// `none` | `made` | `handed-over` | `outdated`
    pub state: &'static str,
    /// The newest final file's export record and path (the one that can be marked).
    pub export_id: Option<Id>,
    pub path: Option<String>,
    /// There is a final file to mark as handed over.
    pub can_mark: bool,
    /// "Overdraget til e-Boks 24. november 2026" etc.
    pub label: String,
}

/// The records that are final now: not drafts, made after the meeting's latest reopening.
fn is_current(r: &ExportRecord, reopened: Option<DateTime<Utc>>) -> bool {
    !r.draft && reopened.is_none_or(|at| r.created_at >= at)
}

/// How a document's hand-over is said: a citizen's summary is handed over for e-Boks, the
/// minutes are sent to the fixed members.
struct Sent {
    /// "Overdraget til e-Boks"
    done: &'static str,
    /// "overdraget"
    past: &'static str,
    /// "overdrag den"
    todo: &'static str,
}

const HANDED_OVER: Sent = Sent {
    done: "Overdraget til e-Boks",
    past: "overdraget",
    todo: "overdrag den",
};

const SENT: Sent = Sent {
    done: "Sendt til de faste medlemmer",
    past: "sendt",
    todo: "send det",
};

/// The state of a citizen's summary from its records, oldest first; `reopened` is when the
/// meeting was last reopened, if it ever was.
pub fn doc_state(records: &[&ExportRecord], reopened: Option<DateTime<Utc>>) -> DocState {
    worded_state(records, reopened, &HANDED_OVER)
}

/// The state of the minutes, as `doc_state`, said as sent to the fixed members.
pub fn minutes_state(records: &[&ExportRecord], reopened: Option<DateTime<Utc>>) -> DocState {
    worded_state(records, reopened, &SENT)
}

fn worded_state(records: &[&ExportRecord], reopened: Option<DateTime<Utc>>, w: &Sent) -> DocState {
    let day = short_date_label;
    let newest = records.iter().rev().find(|r| is_current(r, reopened));
    let marked_elsewhere = records
        .iter()
        .rev()
        .filter(|r| newest.is_none_or(|n| n.id != r.id))
        .find(|r| r.handed_over_at.is_some());
    let (state, label) = match (newest, marked_elsewhere) {
        (Some(n), _) if n.handed_over_at.is_some() => (
            "handed-over",
            format!(
                "{} {}",
                w.done,
                day(n.handed_over_at.unwrap_or(n.created_at))
            ),
        ),
        (newest, Some(m)) => {
            let at = day(m.handed_over_at.unwrap_or(m.created_at));
            let why = if m.draft {
                format!(
                    "Et udkast blev markeret som {} {at}; et udkast tæller ikke",
                    w.past
                )
            } else if reopened.is_some_and(|r| m.created_at <= r) {
                format!("Udgaven {} {at} er fra før mødet blev genåbnet", w.past)
            } else {
                format!("Udgaven {} {at} er ikke den nyeste", w.past)
            };
            let todo = match newest {
                Some(n) => format!(
                    "den nyeste fra {} er ikke {} endnu",
                    day(n.created_at),
                    w.past
                ),
                None => format!(
                    "lav den endelige PDF, når mødet er afsluttet, og {}",
                    w.todo
                ),
            };
            ("outdated", format!("{why}: {todo}"))
        }
        (Some(n), None) => (
            "made",
            format!("Lavet {}, ikke {} endnu", day(n.created_at), w.past),
        ),
        (None, None) => match records.last() {
            Some(d) => (
                "none",
                format!(
                    "Kun et udkast (lavet {}); den endelige PDF laves, når mødet er afsluttet",
                    day(d.created_at)
                ),
            ),
            None => ("none", "Ikke lavet endnu".into()),
        },
    };
    DocState {
        state,
        export_id: newest.map(|n| n.id),
        path: newest.map(|n| n.path.clone()),
        can_mark: newest.is_some(),
        label,
    }
}

/// The records of one kind (and case), oldest first.
pub fn of_kind(all: &[ExportRecord], kind: ExportKind, case_id: Option<Id>) -> Vec<&ExportRecord> {
    all.iter()
        .filter(|r| r.kind == kind && r.case_id == case_id && r.participant_id.is_none())
        .collect()
}

impl Core {
    /// The exports recorded for a meeting, oldest first.
    pub fn exports(&self, meeting_id: Id) -> Result<Vec<ExportRecord>> {
        store::list_exports(self.store().read(), meeting_id)
    }

    /// When the meeting was last reopened, if ever (what was made before is not current).
    pub fn last_reopened(&self, meeting_id: Id) -> Result<Option<DateTime<Utc>>> {
        Ok(self.reopenings(meeting_id)?.iter().map(|r| r.at).max())
    }

    /// The state of one document of a meeting (`case_id` for a case's), said as the kind's
    /// hand-over is: the minutes are sent, a summary is handed over for e-Boks.
    pub fn doc_state(
        &self,
        meeting_id: Id,
        kind: ExportKind,
        case_id: Option<Id>,
    ) -> Result<DocState> {
        let all = self.exports(meeting_id)?;
        let records = of_kind(&all, kind, case_id);
        let reopened = self.last_reopened(meeting_id)?;
        Ok(match kind {
            ExportKind::Minutes => minutes_state(&records, reopened),
            _ => doc_state(&records, reopened),
        })
    }

    /// Marks the newest final summary of `case_id` as handed over for e-Boks today (or takes
    /// the mark away). Refused (`NotFinal`) while there is no final file: a draft, made before
    /// the meeting was closed, is never handed over.
    pub fn mark_handed_over(&mut self, case_id: Id, handed: bool) -> Result<DocState> {
        let case = self.case(case_id)?;
        let meeting = self.meeting(case.meeting_id)?;
        self.mark(&meeting, ExportKind::CitizenSummary, Some(case_id), handed)
    }

    /// Marks the newest final minutes of `meeting_id` as sent to the fixed members today (or
    /// takes the mark away). Refused (`NotFinal`) while there are no final minutes.
    pub fn mark_minutes_sent(&mut self, meeting_id: Id, sent: bool) -> Result<DocState> {
        let meeting = self.meeting(meeting_id)?;
        self.mark(&meeting, ExportKind::Minutes, None, sent)
    }

    /// Sets (or takes away) the mark on the newest final file of one document of `meeting`;
    /// its state after. A meeting that is not closed has no final file (`NotFinal`).
    fn mark(
        &mut self,
        meeting: &Meeting,
        kind: ExportKind,
        case_id: Option<Id>,
        on: bool,
    ) -> Result<DocState> {
        let state = self.doc_state(meeting.id, kind, case_id)?;
        let closed = meeting.status == MeetingStatus::Closed;
        let Some(id) = state.export_id.filter(|_| closed) else {
            return Err(CoreError::NotFinal {
                meeting_closed: closed,
            });
        };
        let at = on.then(|| self.now());
        self.store_mut()
            .write(|tx| store::set_handed_over(tx, id, at))?;
        self.doc_state(meeting.id, kind, case_id)
    }

    /// How many things are left after a closed meeting: summaries not handed over (or
    /// outdated) and final minutes not sent (or not made). Zero for a meeting that is not closed.
    pub fn handover_left(&self, m: &Meeting) -> Result<usize> {
        if m.status != MeetingStatus::Closed {
            return Ok(0);
        }
        let all = self.exports(m.id)?;
        let reopened = self.last_reopened(m.id)?;
        let minutes = minutes_state(&of_kind(&all, ExportKind::Minutes, None), reopened);
        let mut left = usize::from(minutes.state != "handed-over");
        for case in self.cases(m.id)? {
            let state = doc_state(
                &of_kind(&all, ExportKind::CitizenSummary, Some(case.id)),
                reopened,
            );
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
        let state = |core: &Core, case| {
            core.doc_state(m.id, ExportKind::CitizenSummary, Some(case))
                .unwrap()
        };
        assert_eq!(state(&fx.core, cases[0]).state, "none");
        let e = fx.core.mark_handed_over(cases[0], true).unwrap_err();
        assert_eq!(e.kind(), crate::error::ErrorKind::NotFinal);
        fx.core.close_meeting(m.id).unwrap();
        let e = fx.core.mark_handed_over(cases[0], true).unwrap_err();
        assert_eq!(e.kind(), crate::error::ErrorKind::NotFinal);
        fx.core
            .export_citizen_summary(cases[0], dir.path())
            .unwrap();
        assert_eq!(state(&fx.core, cases[0]).state, "made");
        let marked = fx.core.mark_handed_over(cases[0], true).unwrap();
        assert_eq!(marked.state, "handed-over");
        assert!(marked.label.starts_with("Overdraget til e-Boks"));
        // A newer file: the handed-over one is older.
        advance(&fx.now, Duration::hours(1));
        fx.core
            .export_citizen_summary(cases[0], dir.path())
            .unwrap();
        assert_eq!(state(&fx.core, cases[0]).state, "outdated");
        fx.core.mark_handed_over(cases[0], true).unwrap();
        assert_eq!(state(&fx.core, cases[0]).state, "handed-over");
        fx.core.mark_handed_over(cases[0], false).unwrap();
        assert_eq!(state(&fx.core, cases[0]).state, "outdated");
        // Other cases are untouched.
        assert_eq!(state(&fx.core, cases[1]).state, "none");
    }

    #[test]
    fn the_minutes_are_marked_as_sent_to_the_fixed_members_like_a_summary() {
        let mut fx = fixture();
        let (m, cases) = fx.meeting_with_cases("2026-03-10");
        let dir = tempfile::tempdir().unwrap();
        let minutes = |core: &Core| core.export_check(m.id).unwrap().minutes.handover;
        // A draft (made while the meeting runs) is never marked.
        fx.core.export_minutes(m.id, dir.path()).unwrap();
        let e = fx.core.mark_minutes_sent(m.id, true).unwrap_err();
        assert_eq!(e.kind(), crate::error::ErrorKind::NotFinal);
        fx.core.close_meeting(m.id).unwrap();
        assert_eq!(minutes(&fx.core).state, "none");
        // Final minutes made: one thing left per summary and one for the minutes, until sent.
        advance(&fx.now, Duration::minutes(5));
        fx.core.export_minutes(m.id, dir.path()).unwrap();
        let made = minutes(&fx.core);
        assert_eq!(made.state, "made");
        assert!(made.label.ends_with("ikke sendt endnu"), "{}", made.label);
        let meeting = fx.core.meeting(m.id).unwrap();
        assert_eq!(fx.core.handover_left(&meeting).unwrap(), cases.len() + 1);
        let sent = fx.core.mark_minutes_sent(m.id, true).unwrap();
        assert_eq!(sent.state, "handed-over");
        assert!(
            sent.label.starts_with("Sendt til de faste medlemmer"),
            "{}",
            sent.label
        );
        assert_eq!(minutes(&fx.core), sent);
        assert_eq!(fx.core.handover_left(&meeting).unwrap(), cases.len());
        // Taken back; the summaries are untouched throughout.
        assert_eq!(
            fx.core.mark_minutes_sent(m.id, false).unwrap().state,
            "made"
        );
        for c in &cases {
            let s = fx
                .core
                .doc_state(m.id, ExportKind::CitizenSummary, Some(*c))
                .unwrap();
            assert_eq!(s.state, "none");
        }
    }

    #[test]
    fn a_draft_is_never_handed_over_and_a_reopening_outdates_the_mark() {
        let mut fx = fixture();
        let (m, cases) = fx.meeting_with_cases("2026-03-10");
        let dir = tempfile::tempdir().unwrap();
        let c = cases[0];
        let state = |core: &Core| {
            core.doc_state(m.id, ExportKind::CitizenSummary, Some(c))
                .unwrap()
        };
        fx.core.start_meeting(m.id).unwrap();
        // Made while the meeting runs: a draft, named so, that cannot be marked.
        let draft = fx.core.export_citizen_summary(c, dir.path()).unwrap();
        assert!(draft.draft && draft.record.draft);
        assert!(
            draft.file_name.ends_with(" UDKAST.pdf"),
            "{}",
            draft.file_name
        );
        let s = state(&fx.core);
        assert_eq!((s.state, s.can_mark), ("none", false));
        assert!(s.label.starts_with("Kun et udkast"), "{}", s.label);
        let e = fx.core.mark_handed_over(c, true).unwrap_err();
        assert_eq!(e.kind(), crate::error::ErrorKind::NotFinal);
        assert!(e.message_da().contains("udkast"), "{}", e.message_da());
        // Closed: still nothing handed over, one left per case (three) plus the minutes
        // (whose only file is a draft too).
        fx.core.export_minutes(m.id, dir.path()).unwrap();
        advance(&fx.now, Duration::minutes(5));
        let closed = fx.core.close_meeting(m.id).unwrap().meeting;
        assert_eq!(state(&fx.core).state, "none");
        assert_eq!(fx.core.handover_left(&closed).unwrap(), 3 + 1);
        // The final one: its own name, marked.
        advance(&fx.now, Duration::minutes(5));
        let fin = fx.core.export_citizen_summary(c, dir.path()).unwrap();
        assert!(!fin.record.draft && !fin.file_name.contains("UDKAST"));
        assert_eq!(state(&fx.core).state, "made");
        assert_eq!(
            fx.core.mark_handed_over(c, true).unwrap().state,
            "handed-over"
        );
        assert_eq!(fx.core.handover_left(&closed).unwrap(), 2 + 1);
        // Reopened: the mark is outdated at once, and the meeting's drafts cannot be marked.
        advance(&fx.now, Duration::hours(1));
        fx.core.reopen_meeting(m.id, "Rettelse").unwrap();
        let s = state(&fx.core);
        assert_eq!((s.state, s.can_mark), ("outdated", false));
        assert!(s.label.contains("før mødet blev genåbnet"), "{}", s.label);
        fx.core.export_citizen_summary(c, dir.path()).unwrap();
        assert_eq!(
            fx.core.mark_handed_over(c, true).unwrap_err().kind(),
            crate::error::ErrorKind::NotFinal
        );
        // Closed again: still outdated until a new final one is made and marked.
        advance(&fx.now, Duration::minutes(10));
        let closed = fx.core.close_meeting(m.id).unwrap().meeting;
        assert_eq!(state(&fx.core).state, "outdated");
        assert_eq!(fx.core.handover_left(&closed).unwrap(), 3 + 1);
        advance(&fx.now, Duration::minutes(1));
        fx.core.export_citizen_summary(c, dir.path()).unwrap();
        assert_eq!(state(&fx.core).state, "outdated");
        assert_eq!(
            fx.core.mark_handed_over(c, true).unwrap().state,
            "handed-over"
        );
    }

    #[test]
    fn a_mark_on_a_draft_from_an_older_version_shows_as_outdated() {
        let rec = |draft: bool, marked: bool, mins: i64| ExportRecord {
            id: new_id(),
            meeting_id: new_id(),
            case_id: None,
            kind: ExportKind::CitizenSummary,
            path: "x.pdf".into(),
            sha256: String::new(),
            created_at: chrono::DateTime::UNIX_EPOCH + Duration::minutes(mins),
            handed_over_at: marked.then(|| chrono::DateTime::UNIX_EPOCH + Duration::minutes(mins)),
            draft,
            recipient: Recipient::Citizen,
            participant_id: None,
        };
        let marked_draft = rec(true, true, 1);
        let s = doc_state(&[&marked_draft], None);
        assert_eq!((s.state, s.can_mark), ("outdated", false));
        assert!(
            s.label.starts_with("Et udkast blev markeret"),
            "{}",
            s.label
        );
        let fin = rec(false, false, 2);
        let s = doc_state(&[&marked_draft, &fin], None);
        assert_eq!((s.state, s.can_mark), ("outdated", true));
        assert_eq!(s.export_id, Some(fin.id));
        let fin_marked = rec(false, true, 3);
        assert_eq!(
            doc_state(&[&marked_draft, &fin_marked], None).state,
            "handed-over"
        );
    }
}
