//! Running a meeting: agenda walk, attendance, notes, agreements, evaluations, closing.
//!
//! The rules (each checked in its area's file):
//! - A closed meeting refuses every change (`MeetingLocked`) until it is reopened with a
//!   reason; a cancelled one refuses them too (`MeetingCancelled`).
//! - Agenda clocks are stored as a start time plus accumulated seconds, so a restarted app
//!   shows the right times. Switching item closes the running clock and starts the next one in
//!   one transaction. The meeting clock is the sum of the item clocks: from `start_meeting`
//!   it runs with the wall clock, it stops at closing and does not count the time the meeting
//!   was closed. A meeting closed without any item clock (registered after the fact) shows
//!   `closed_at - started_at`.
//! - `next_item` on the last item and `prev_item` on the first are no-ops (the view comes back
//!   unchanged). On a meeting not yet started, `next_item`/`prev_item` start it at the first
//!   item and `goto_item` starts it at the chosen item.
//! - Section notes are saved with optimistic revisions: a stale base is refused and never
//!   written over newer text. Text is stored as typed (no trimming); NUL is refused.
//! - Agreements carry over: an agreement from an earlier case of the same citizen shows under
//!   "Siden sidst" until a review in a case before the one shown closes it (done / dropped).
//!   The agreement's status is always the outcome of its latest review.
//! - Every evaluation answer is saved as it is chosen, every evaluation text as it is typed
//!   (they are notes). A citizen registered absent cannot answer (`CitizenAbsent`).
//!
//! One file per area, each an `impl Core` block with its views and inputs: `agenda`,
//! `attendance`, `agreements` (with the carry-over), `evaluation`, `closing`, `notes`; their
//! public types are re-exported here (`run::AgendaView`, ...), and the helpers they share are
//! below. The case editor's read model is the chair's (`chair::CaseDetail`).

use crate::core::{limits, Core};
use crate::domain::*;
use crate::error::{CoreError, Result};
use crate::store::{self, CaseContext};

mod agenda;
mod agreements;
mod attendance;
mod closing;
mod evaluation;
mod notes;

pub use agenda::{clock_label, AgendaItemView, AgendaView};
pub use agreements::AgreementInput;
pub use attendance::MemberAttendanceView;
pub use closing::{Closed, ClosingCheck};
pub use evaluation::{CitizenEvalInput, MeetingEvalField, MeetingEvalInput, MeetingEvalView};
pub use notes::{DraftsSaved, KeptTextView, NoteState, ThemeNotesView, Unsaved};

/// Prefix of a case's agenda key: `case:<case id>`.
pub const CASE_KEY_PREFIX: &str = "case:";

pub fn case_key(case_id: Id) -> String {
    format!("{CASE_KEY_PREFIX}{case_id}")
}

// ---------------------------------------------------------------- helpers

/// Refuses NUL and checks the length of a note; the text itself is kept as typed.
fn check_note(field: &'static str, text: &str) -> Result<()> {
    if text.contains('\0') {
        return Err(CoreError::InvalidValue {
            field,
            reason: "teksten indeholder et ugyldigt tegn (NUL)".into(),
        });
    }
    // Cheap bound first: a byte count under the limit is a char count under it.
    if text.len() > limits::NOTE {
        let len = text.chars().count();
        if len > limits::NOTE {
            return Err(CoreError::TooLong {
                field,
                len,
                max: limits::NOTE,
            });
        }
    }
    Ok(())
}

impl Core {
    /// The case, its meeting's state, refusing changes when the meeting is closed/cancelled.
    fn open_case(&self, case_id: Id) -> Result<CaseContext> {
        let ctx = store::case_context(self.store().read(), case_id)?;
        ctx.status.ensure_open()?;
        Ok(ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn section_text_is_kept_as_typed_and_checked() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let c = fx.case(&m, 0);
        let core = &mut fx.core;
        let typed = "  Bor i egen lejlighed.\n\n\tBostøtte „to gange“ om ugen – 👍 ";
        core.save_section(c, "bolig_hverdag", typed, 0).unwrap();
        let d = core.case_detail(c).unwrap();
        let s = d
            .sections
            .iter()
            .find(|s| s.key == "bolig_hverdag")
            .unwrap();
        assert_eq!(s.note.text, typed);
        let kind = |r: Result<i64>| r.unwrap_err().kind();
        assert_eq!(
            kind(core.save_section(c, "bolig_hverdag", "a\0b", 1)),
            "InvalidValue"
        );
        assert_eq!(kind(core.save_section(c, "cpr", "x", 0)), "InvalidValue");
        let too_long = "x".repeat(limits::NOTE + 1);
        assert_eq!(
            kind(core.save_section(c, "psykiatri", &too_long, 0)),
            "TooLong"
        );
        // The limit counts characters, not bytes.
        let at_limit = "æ".repeat(limits::NOTE);
        assert_eq!(core.save_section(c, "psykiatri", &at_limit, 0).unwrap(), 1);
        assert_eq!(
            kind(core.save_section(Id::nil(), "psykiatri", "x", 0)),
            "NotFound"
        );
    }
}
