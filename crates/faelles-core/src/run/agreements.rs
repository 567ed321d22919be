//! Agreements: made in a case, carried over ("Siden sidst") into the citizen's later cases
//! until a review closes them (done / dropped); the status is the outcome of the latest
//! review.

use crate::core::{limits, Core};
use crate::domain::*;
use crate::error::{optional, required, CoreError, Result};
use crate::store;
use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct AgreementInput {
    /// `Some` to edit an agreement of this case.
    #[serde(default)]
    pub id: Option<Id>,
    pub what: String,
    #[serde(default)]
    pub who: Option<Who>,
    #[serde(default)]
    pub due: Option<Due>,
}

impl Core {
    /// Reviews an agreement carried over into this case: done, continues or dropped. Done and
    /// dropped close it; continues keeps it open for the citizen's next case.
    pub fn review_agreement(
        &mut self,
        case_id: Id,
        agreement_id: Id,
        outcome: AgreementStatus,
        comment: &str,
    ) -> Result<AgreementReview> {
        if outcome == AgreementStatus::Open {
            return Err(CoreError::InvalidValue {
                field: "Status",
                reason: "vælg udført, fortsætter eller droppet".into(),
            });
        }
        let comment = optional("Kommentar", comment, limits::TEXT)?.unwrap_or_default();
        let ctx = self.open_case(case_id)?;
        let carried =
            store::carried_over_agreements(self.store().read(), ctx.citizen_id, ctx.starts_at)?;
        if !carried.iter().any(|x| x.agreement.id == agreement_id) {
            return Err(CoreError::InvalidValue {
                field: "Aftale",
                reason: "aftalen er ikke en åben aftale fra borgerens tidligere møder".into(),
            });
        }
        self.record_review(Some(case_id), agreement_id, outcome, comment)
    }

    /// Stores a review made now (in `case_id`, or without a case) and sets the agreement's
    /// status from its reviews, in one transaction. The callers check that it may be made.
    pub(crate) fn record_review(
        &mut self,
        case_id: Option<Id>,
        agreement_id: Id,
        outcome: AgreementStatus,
        comment: String,
    ) -> Result<AgreementReview> {
        let review = AgreementReview {
            case_id,
            agreement_id,
            outcome,
            comment,
            reviewed_at: self.now(),
        };
        self.store_mut().write(|tx| {
            store::upsert_review(tx, &review)?;
            store::refresh_agreement_status(tx, agreement_id)?;
            Ok(())
        })?;
        Ok(review)
    }

    /// Creates or edits an agreement made in this case.
    pub fn save_agreement(&mut self, case_id: Id, input: &AgreementInput) -> Result<Agreement> {
        let ctx = self.open_case(case_id)?;
        let what = required("Hvad", &input.what, limits::TEXT)?;
        let who = match &input.who {
            Some(Who::Participant { id }) => {
                match store::get_participant(self.store().read(), *id) {
                    Ok(p) if p.team_id == ctx.team_id => Some(Who::Participant { id: *id }),
                    Ok(_) | Err(CoreError::NotFound { .. }) => {
                        return Err(CoreError::InvalidValue {
                            field: "Hvem",
                            reason: "deltageren findes ikke i teamet".into(),
                        })
                    }
                    Err(e) => return Err(e),
                }
            }
            Some(Who::Organisation { name }) => Some(Who::Organisation {
                name: required("Hvem", name, limits::SHORT)?,
            }),
            Some(Who::Citizen) => Some(Who::Citizen),
            None => None,
        };
        let now = self.now();
        let input_id = input.id;
        let due = input.due.clone();
        self.store_mut().write(|tx| {
            let a = match input_id {
                Some(id) => {
                    let old = store::get_agreement(tx, id)?;
                    if old.case_id != case_id {
                        return Err(CoreError::InvalidValue {
                            field: "Aftale",
                            reason: "aftalen hører til en anden borgersag".into(),
                        });
                    }
                    Agreement {
                        what,
                        who,
                        due,
                        ..old
                    }
                }
                None => Agreement {
                    id: new_id(),
                    case_id,
                    position: store::next_agreement_position(tx, case_id)?,
                    what,
                    who,
                    due,
                    status: AgreementStatus::Open,
                    created_at: now,
                },
            };
            store::upsert_agreement(tx, &a)?;
            Ok(a)
        })
    }

    /// Deletes an agreement made in a meeting that is not closed and not yet followed up in a
    /// later case.
    pub fn delete_agreement(&mut self, agreement_id: Id) -> Result<()> {
        let a = store::get_agreement(self.store().read(), agreement_id)?;
        self.open_case(a.case_id)?;
        if store::review_count(self.store().read(), agreement_id)? > 0 {
            return Err(CoreError::InvalidValue {
                field: "Aftale",
                reason: "aftalen er fulgt op på et senere møde og kan ikke slettes".into(),
            });
        }
        self.store_mut()
            .write(|tx| store::delete_agreement(tx, agreement_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;
    use chrono::NaiveDate;

    fn carried(core: &Core, case_id: Id) -> Vec<(String, Option<AgreementStatus>)> {
        core.case_detail(case_id)
            .unwrap()
            .carried_over
            .into_iter()
            .map(|x| (x.agreement.what, x.review.map(|r| r.outcome)))
            .collect()
    }

    #[test]
    fn agreements_carry_over_across_three_meetings() {
        let mut fx = fixture();
        let (m1, m2, m3) = (
            fx.meeting("2026-03-03"),
            fx.meeting("2026-03-31"),
            fx.meeting("2026-04-28"),
        );
        let (c1, c2, c3) = (fx.case(&m1, 0), fx.case(&m2, 0), fx.case(&m3, 0));
        let other = fx.case(&m2, 1);
        let doctor = fx.doctor;
        let housing = fx.agreement(
            c1,
            "Søge boligstøtte",
            Some(Who::Citizen),
            Some(Due::NextMeeting),
        );
        let meds = fx.agreement(
            c1,
            "Medicingennemgang",
            Some(Who::Participant { id: doctor }),
            Some(Due::Date {
                date: NaiveDate::from_ymd_opt(2026, 3, 20).unwrap(),
            }),
        );
        let job = fx.agreement(
            c1,
            "Kontakt til jobcentret",
            Some(Who::Organisation {
                name: "Jobcenter Holstebro".into(),
            }),
            None,
        );
        let core = &mut fx.core;

        // The first case has its own agreements and nothing carried over.
        let d1 = core.case_detail(c1).unwrap();
        assert_eq!(d1.agreements.len(), 3);
        assert!(d1.carried_over.is_empty());
        assert_eq!(d1.agreements[0].who_label, "Mikkel");
        assert_eq!(
            d1.agreements[0].due_label,
            "Inden næste møde (31. marts 2026)"
        );
        assert_eq!(d1.agreements[1].who_label, "Mette Vestergaard");
        assert_eq!(d1.agreements[1].due_label, "20. marts 2026");
        assert!(d1.agreements[2].missing_owner_or_date);

        // Second meeting: all three carried over, with the origin meeting's date.
        let d2 = core.case_detail(c2).unwrap();
        assert_eq!(d2.carried_over.len(), 3);
        assert!(d2
            .carried_over
            .iter()
            .all(|x| x.origin_date_label == "tirsdag den 3. marts 2026" && x.origin_case_id == c1));
        assert_eq!(
            d2.carried_over[0].agreement.due_label,
            "Inden næste møde (31. marts 2026)"
        );
        // Reviewed while the second meeting runs (a review is dated by its meeting, or when
        // it was made if that was earlier: `words::review_date`).
        set_now(&fx.now, at("2026-03-31T12:00:00Z"));
        core.review_agreement(c2, housing, AgreementStatus::Done, "Bevilget")
            .unwrap();
        core.review_agreement(c2, meds, AgreementStatus::Continues, "Tid er bestilt")
            .unwrap();
        core.review_agreement(c2, job, AgreementStatus::Dropped, "")
            .unwrap();
        // Reviewed in this case: still listed here, with the review.
        assert_eq!(
            carried(core, c2),
            [
                ("Søge boligstøtte".to_string(), Some(AgreementStatus::Done)),
                (
                    "Medicingennemgang".to_string(),
                    Some(AgreementStatus::Continues)
                ),
                (
                    "Kontakt til jobcentret".to_string(),
                    Some(AgreementStatus::Dropped)
                ),
            ]
        );
        let status = |core: &Core, id| {
            store::get_agreement(core.store().read(), id)
                .unwrap()
                .status
        };
        assert_eq!(status(core, housing), AgreementStatus::Done);
        assert_eq!(status(core, meds), AgreementStatus::Continues);
        assert_eq!(status(core, job), AgreementStatus::Dropped);
        let crisis = core
            .save_agreement(
                c2,
                &AgreementInput {
                    what: "Lave en kriseplan".into(),
                    who: Some(Who::Citizen),
                    due: Some(Due::NextMeeting),
                    ..Default::default()
                },
            )
            .unwrap()
            .id;

        // Third meeting: done and dropped are gone; the continuing one and the new one remain.
        let d3 = core.case_detail(c3).unwrap();
        assert_eq!(
            d3.carried_over
                .iter()
                .map(|x| x.agreement.what.as_str())
                .collect::<Vec<_>>(),
            ["Medicingennemgang", "Lave en kriseplan"]
        );
        let earlier = d3.carried_over[0].earlier_review.as_ref().unwrap();
        assert_eq!(earlier.outcome, AgreementStatus::Continues);
        assert_eq!(earlier.comment, "Tid er bestilt");
        assert_eq!(earlier.meeting_date_label, "tirsdag den 31. marts 2026");
        assert!(d3.carried_over.iter().all(|x| x.review.is_none()));
        assert_eq!(d3.carried_over[1].origin_case_id, c2);

        // A closed agreement can't be reviewed again later, nor another citizen's.
        let err = core.review_agreement(c3, housing, AgreementStatus::Continues, "");
        assert_eq!(err.unwrap_err().kind(), "InvalidValue");
        let err = core.review_agreement(other, meds, AgreementStatus::Done, "");
        assert_eq!(err.unwrap_err().kind(), "InvalidValue");
        let err = core.review_agreement(c3, meds, AgreementStatus::Open, "");
        assert_eq!(err.unwrap_err().kind(), "InvalidValue");
        // An agreement can't be reviewed in the case that made it.
        let err = core.review_agreement(c2, crisis, AgreementStatus::Done, "");
        assert_eq!(err.unwrap_err().kind(), "InvalidValue");

        // Done in the third meeting: the status follows, and the second case's history stays.
        core.review_agreement(c3, meds, AgreementStatus::Done, "")
            .unwrap();
        assert_eq!(status(core, meds), AgreementStatus::Done);
        assert_eq!(carried(core, c2)[1].1, Some(AgreementStatus::Continues));
        assert_eq!(carried(core, c3).len(), 2);
        // A followed-up agreement can't be deleted.
        assert_eq!(
            core.delete_agreement(meds).unwrap_err().kind(),
            "InvalidValue"
        );
    }

    #[test]
    fn cancelled_meeting_does_not_carry_or_close_agreements() {
        let mut fx = fixture();
        let (m1, m2, m3) = (
            fx.meeting("2026-03-03"),
            fx.meeting("2026-03-31"),
            fx.meeting("2026-04-28"),
        );
        let (c1, c2, c3) = (fx.case(&m1, 0), fx.case(&m2, 0), fx.case(&m3, 0));
        let a = fx.agreement(c1, "Søge boligstøtte", None, None);
        fx.agreement(c2, "Noget der aldrig blev aftalt", None, None);
        fx.core
            .review_agreement(c2, a, AgreementStatus::Done, "")
            .unwrap();
        fx.core.cancel_meeting(m2.id, "Sygdom").unwrap();
        let c = carried(&fx.core, c3);
        assert_eq!(c, [("Søge boligstøtte".to_string(), None)]);
        assert!(!c.iter().any(|(w, _)| w.contains("aldrig")));
    }

    #[test]
    fn agreements_are_validated() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let c = fx.case(&m, 0);
        let core = &mut fx.core;
        let save = |core: &mut Core, what: &str, who: Option<Who>| {
            core.save_agreement(
                c,
                &AgreementInput {
                    what: what.into(),
                    who,
                    ..Default::default()
                },
            )
        };
        assert_eq!(save(core, "  ", None).unwrap_err().kind(), "EmptyField");
        assert_eq!(
            save(core, "x", Some(Who::Participant { id: new_id() }))
                .unwrap_err()
                .kind(),
            "InvalidValue"
        );
        assert_eq!(
            save(core, "x", Some(Who::Organisation { name: " ".into() }))
                .unwrap_err()
                .kind(),
            "EmptyField"
        );
        assert_eq!(
            save(core, &"x".repeat(limits::TEXT + 1), None)
                .unwrap_err()
                .kind(),
            "TooLong"
        );
        let a = save(core, " Søge boligstøtte ", None).unwrap();
        let b = save(core, "Kriseplan", None).unwrap();
        assert_eq!(
            (a.what.as_str(), a.position, b.position),
            ("Søge boligstøtte", 0, 1)
        );
        assert_eq!(a.status, AgreementStatus::Open);
        let edited = core
            .save_agreement(
                c,
                &AgreementInput {
                    id: Some(a.id),
                    what: "Søge boligstøtte nu".into(),
                    ..Default::default()
                },
            )
            .unwrap();
        assert_eq!(
            (edited.position, edited.created_at),
            (a.position, a.created_at)
        );
        let other = fx.meeting("2026-03-31");
        let oc = fx.case(&other, 1);
        let err = fx.core.save_agreement(
            oc,
            &AgreementInput {
                id: Some(a.id),
                what: "Kapret".into(),
                ..Default::default()
            },
        );
        assert_eq!(err.unwrap_err().kind(), "InvalidValue");
        // "Inden næste møde" without a next meeting.
        let last = fx.meeting("2026-06-23");
        let lc = fx.case(&last, 2);
        fx.agreement(lc, "Opfølgning", Some(Who::Citizen), Some(Due::NextMeeting));
        let d = fx.core.case_detail(lc).unwrap();
        assert_eq!(d.agreements[0].due_label, "Inden næste møde");
        assert_eq!(d.agreements[0].who_label, "Ahmad");
    }
}
