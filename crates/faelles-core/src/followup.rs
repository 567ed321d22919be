//! Between meetings (Opfølgning): marking an open agreement done or dropped, and taking
//! such a mark back. The list itself is a chair read model (`chair/followup.rs`).
//!
//! Rules:
//! - Marking done or dropped here is the same review as in "Siden sidst": it is made in the
//!   citizen's next case (a planned or running meeting from today on, after the meeting of
//!   the agreement) and shows there; a citizen with no coming case gets a review without a
//!   case, dated now, which closes the agreement for every later case.
//! - "Genåbn" takes back the review that closed an agreement while that review is without a
//!   case or in a meeting that is not closed.

use crate::calendar;
use crate::core::{limits, Core};
use crate::domain::*;
use crate::error::{optional, CoreError, Result};
use crate::store::{self, ComingCase};
use chrono::NaiveTime;

impl Core {
    /// Marks an open agreement done or dropped between meetings, with a comment: the review
    /// is made in the citizen's next case (and shows in its "Siden sidst"), or without a case
    /// when the citizen is on no coming agenda.
    pub fn follow_up_agreement(
        &mut self,
        agreement_id: Id,
        outcome: AgreementStatus,
        comment: &str,
    ) -> Result<AgreementReview> {
        if !matches!(outcome, AgreementStatus::Done | AgreementStatus::Dropped) {
            return Err(CoreError::InvalidValue {
                field: "Status",
                reason: "vælg udført eller droppet".into(),
            });
        }
        let comment = optional("Kommentar", comment, limits::TEXT)?.unwrap_or_default();
        let team = self.require_team()?;
        let c = self.store().read();
        let a = store::get_agreement(c, agreement_id)?;
        let origin = store::case_context(c, a.case_id)?;
        if origin.team_id != team.id || origin.status == MeetingStatus::Cancelled {
            return Err(CoreError::NotFound { what: "Aftalen" });
        }
        if matches!(a.status, AgreementStatus::Done | AgreementStatus::Dropped) {
            return Err(CoreError::InvalidValue {
                field: "Aftale",
                reason: format!("aftalen er allerede {}", a.status.label_da().to_lowercase()),
            });
        }
        let start_of_today = calendar::local_to_utc(self.today(), NaiveTime::MIN)?;
        let coming = store::coming_cases(c, team.id, start_of_today)?;
        if let Some(next) = next_case(&coming, origin.citizen_id, origin.starts_at) {
            let case_id = next.case_id;
            return self.review_agreement(case_id, agreement_id, outcome, &comment);
        }
        self.record_review(None, agreement_id, outcome, comment)
    }

    /// Takes back the review that closed an agreement (a mistake in Opfølgning or in Siden
    /// sidst): allowed while that review is without a case or in a meeting not closed. The
    /// agreement is open again (or has the outcome of its review before).
    pub fn reopen_agreement(&mut self, agreement_id: Id) -> Result<AgreementStatus> {
        let team = self.require_team()?;
        let c = self.store().read();
        let a = store::get_agreement(c, agreement_id)?;
        if store::case_context(c, a.case_id)?.team_id != team.id {
            return Err(CoreError::NotFound { what: "Aftalen" });
        }
        let closed = matches!(a.status, AgreementStatus::Done | AgreementStatus::Dropped);
        let latest = store::latest_review(c, agreement_id)?.filter(|_| closed);
        let Some((rowid, _, meeting)) = latest else {
            return Err(CoreError::InvalidValue {
                field: "Aftale",
                reason: "aftalen er ikke lukket".into(),
            });
        };
        if meeting == Some(MeetingStatus::Closed) {
            return Err(CoreError::InvalidValue {
                field: "Aftale",
                reason: "aftalen blev lukket på et afsluttet møde; genåbn mødet for at rette"
                    .into(),
            });
        }
        self.store_mut().write(|tx| {
            store::delete_review(tx, rowid)?;
            store::refresh_agreement_status(tx, agreement_id)
        })
    }
}

/// The citizen's first coming case in a meeting after `after` (`coming` is soonest first).
pub(crate) fn next_case(
    coming: &[ComingCase],
    citizen_id: Id,
    after: chrono::DateTime<chrono::Utc>,
) -> Option<&ComingCase> {
    coming
        .iter()
        .find(|k| k.citizen_id == citizen_id && k.starts_at > after)
}
