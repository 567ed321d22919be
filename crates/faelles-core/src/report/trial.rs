//! The trial's period (start and evaluation date, set once in the team's settings; the
//! report's preset «Forsøgsperioden») and the baseline entered by hand for the period
//! before the trial.

use crate::calendar;
use crate::core::Core;
use crate::error::{CoreError, Result};
use crate::store::{self, Baseline};
use chrono::NaiveDate;
use serde::Serialize;

/// The trial's period as the team set it (ISO dates; "" = not set).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrialPeriod {
    pub start: String,
    pub end: String,
}

fn date_or_none(field: &'static str, s: &str) -> Result<Option<NaiveDate>> {
    match s.trim() {
        "" => Ok(None),
        s => calendar::parse_date(field, s).map(Some),
    }
}

impl Core {
    pub fn trial_period(&self) -> Result<TrialPeriod> {
        let team = self.require_team()?;
        let (s, e) = store::trial_period(self.store().read(), team.id)?;
        let iso = |d: Option<NaiveDate>| d.map_or(String::new(), |d| d.to_string());
        Ok(TrialPeriod {
            start: iso(s),
            end: iso(e),
        })
    }

    /// Sets the trial's start and evaluation date (either may be empty); the evaluation
    /// date before the start is refused.
    pub fn set_trial_period(&mut self, start: &str, end: &str) -> Result<TrialPeriod> {
        let team = self.require_team()?;
        let s = date_or_none("Forsøget starter", start)?;
        let e = date_or_none("Evalueringsdato", end)?;
        if let (Some(s), Some(e)) = (s, e) {
            if e < s {
                return Err(CoreError::InvalidValue {
                    field: "Evalueringsdato",
                    reason: "ligger før forsøgets start".into(),
                });
            }
        }
        self.store_mut()
            .write(|tx| store::set_trial_period(tx, team.id, s, e))?;
        self.trial_period()
    }

    /// The trial's range for the report: its start and evaluation date (today where the
    /// evaluation date is not set); `None` while the start is not set.
    pub fn trial_range(&self) -> Result<Option<(NaiveDate, NaiveDate)>> {
        let team = self.require_team()?;
        let (s, e) = store::trial_period(self.store().read(), team.id)?;
        Ok(s.map(|s| (s, e.unwrap_or_else(|| self.today()).max(s))))
    }

    pub fn baseline(&self) -> Result<Option<Baseline>> {
        let team = self.require_team()?;
        store::baseline(self.store().read(), team.id)
    }

    /// Saves the baseline entered by hand (`None` removes it): its period is required, the
    /// figures may be unknown; «Ja» answers cannot exceed the answers.
    pub fn save_baseline(&mut self, b: Option<Baseline>) -> Result<Option<Baseline>> {
        let team = self.require_team()?;
        if let Some(b) = &b {
            let from = calendar::parse_date("Fra", &b.period_from)?;
            let to = calendar::parse_date("Til", &b.period_to)?;
            if to < from {
                return Err(CoreError::InvalidValue {
                    field: "Periode",
                    reason: "»Til« ligger før »Fra«".into(),
                });
            }
            let over = |yes: Option<u32>| matches!((yes, b.answered), (Some(y), Some(a)) if y > a);
            if over(b.involved_yes) || over(b.coherent_yes) {
                return Err(CoreError::InvalidValue {
                    field: "Svar",
                    reason: "flere »Ja« end svar".into(),
                });
            }
            crate::error::optional("Note", &b.note, crate::core::limits::TEXT)?;
        }
        let b = b.map(|mut b| {
            let norm =
                |s: &str| calendar::parse_date("", s).map_or(s.to_string(), |d| d.to_string());
            b.period_from = norm(&b.period_from);
            b.period_to = norm(&b.period_to);
            b
        });
        let now = self.now();
        self.store_mut()
            .write(|tx| store::set_baseline(tx, team.id, b.as_ref(), now))?;
        self.baseline()
    }
}
