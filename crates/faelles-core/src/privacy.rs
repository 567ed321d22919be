//! Personal data kept no longer than needed (GDPR art. 5(1)(e) and 17): the team's retention
//! periods, the citizens whose period has run out («Klar til sletning»), and erasing a
//! citizen — by the period or at once at their request — with the same rule either way.
//!
//! A citizen's period starts at the later of their last case (in a meeting that was not
//! cancelled) and the withdrawal of their consent (leaving the trial); with neither, at their
//! registration. A
//! citizen with a case on a meeting not held yet is never due, and cannot be erased until
//! that case is removed (`CitizenOnComingMeeting`).
//!
//! Erasing keeps what the trial's evaluation counts (the cases, attendance, the answers, the
//! agreements' status and dates, the pseudonymous report key), so the report's figures do
//! not change; everything that names or describes the citizen goes (`store::erase_citizen`).
//! The files and backups that still hold the data are `export::deletion`'s.

use crate::calendar;
use crate::core::Core;
use crate::domain::*;
use crate::error::{CoreError, Result};
use crate::store;
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

pub use crate::store::{DEFAULT_BACKUP_DAYS, DEFAULT_RETENTION_DAYS};
/// The bounds the settings accept (the schema checks them too).
pub const RETENTION_RANGE: (u32, u32) = (30, 3650);
pub const BACKUP_RANGE: (u32, u32) = (1, 365);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retention {
    /// Days a citizen's data is kept after their last case or leaving.
    pub citizen_days: u32,
    /// Days a backup is kept.
    pub backup_days: u32,
}

/// One row of «Klar til sletning».
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeletionDue {
    pub citizen_id: Id,
    pub name: String,
    /// «Sidste sag 3. marts 2025», «Samtykke trukket tilbage 3. marts 2025», «Oprettet …»
    pub since_label: String,
    /// The day the period ran out («3. marts 2026»).
    pub due_label: String,
    pub due: NaiveDate,
}

impl Core {
    /// The team's retention periods (the defaults before a team is set up).
    pub fn retention(&self) -> Result<Retention> {
        if self.team()?.is_none() {
            return Ok(Retention {
                citizen_days: DEFAULT_RETENTION_DAYS,
                backup_days: DEFAULT_BACKUP_DAYS,
            });
        }
        let (citizen_days, backup_days) = store::retention_days(self.store().read())?;
        Ok(Retention {
            citizen_days,
            backup_days,
        })
    }

    /// Sets the retention periods (the municipality decides); `InvalidValue` outside the
    /// bounds.
    pub fn set_retention(&mut self, r: Retention) -> Result<()> {
        let team = self.require_team()?;
        let check = |field, v: u32, (lo, hi): (u32, u32)| {
            if v < lo || v > hi {
                return Err(CoreError::InvalidValue {
                    field,
                    reason: format!("skal være mellem {lo} og {hi} dage"),
                });
            }
            Ok(())
        };
        check(
            "Opbevaring af borgeres data",
            r.citizen_days,
            RETENTION_RANGE,
        )?;
        check(
            "Opbevaring af sikkerhedskopier",
            r.backup_days,
            BACKUP_RANGE,
        )?;
        self.store_mut()
            .write(|w| store::set_retention_days(w, team.id, r.citizen_days, r.backup_days))
    }

    /// «Klar til sletning»: the citizens whose period has run out by today, longest overdue
    /// first. None with a case on a meeting not held yet.
    pub fn deletion_due(&self) -> Result<Vec<DeletionDue>> {
        let team = self.require_team()?;
        let days = self.retention()?.citizen_days;
        let today = self.today();
        let mut out = Vec::new();
        for r in store::retention_rows(self.store().read(), team.id)? {
            if r.coming_cases > 0 {
                continue;
            }
            let created = calendar::local(r.created_at).date_naive();
            let last_case = r.last_case_at.map(|t| calendar::local(t).date_naive());
            // Registration counts only for a citizen with no case and no withdrawal.
            let (since, label) = [
                (last_case, "Sidste sag"),
                (r.withdrawn_on, "Samtykke trukket tilbage"),
            ]
            .into_iter()
            .filter_map(|(d, l)| d.map(|d| (d, l)))
            .max_by_key(|(d, _)| *d)
            .unwrap_or((created, "Oprettet"));
            let due = since + Days::new(u64::from(days));
            if due > today {
                continue;
            }
            out.push(DeletionDue {
                citizen_id: r.citizen_id,
                name: format!("{} {}", r.first_name, r.last_name),
                since_label: format!("{label} {}", calendar::date_short(since)),
                due_label: calendar::date_short(due),
                due,
            });
        }
        out.sort_by(|a, b| a.due.cmp(&b.due).then(a.name.cmp(&b.name)));
        Ok(out)
    }

    /// Erases the citizen's personal data (see the module docs), in one transaction, and
    /// drops any unsaved text of their cases. `CitizenDeleted` when already erased,
    /// `CitizenOnComingMeeting` while they have a case on a meeting not held yet. The
    /// database file and its WAL are scrubbed afterwards (`store::scrub`); the caller
    /// (`export::deletion`) deals with files and backups.
    pub fn erase_citizen(&mut self, citizen_id: Id, reason: DeletionReason) -> Result<()> {
        let c = self.store().read();
        let citizen = store::get_citizen(c, citizen_id)?;
        if store::is_deleted(c, citizen_id)? {
            return Err(CoreError::CitizenDeleted);
        }
        if let Some(t) = store::coming_case_dates(c, citizen_id)?.first() {
            return Err(CoreError::CitizenOnComingMeeting {
                date: calendar::date_short(calendar::local(*t).date_naive()),
            });
        }
        let cases: Vec<Id> = store::course_cases(c, citizen_id)?
            .into_iter()
            .map(|k| k.case_id)
            .chain(
                store::cancelled_cases(c, citizen_id)?
                    .into_iter()
                    .map(|(id, _)| id),
            )
            .collect();
        // Ten characters, never digits only: no CPR number, unique per team.
        let placeholder: String = format!(
            "{}{}",
            store::ERASED_CPR,
            &uuid::Uuid::new_v4().simple().to_string()[..9]
        );
        let now = self.now();
        self.store_mut()
            .write(|w| store::erase_citizen(w, citizen.id, &placeholder, now, reason.code()))?;
        self.drafts.retain(|k, _| match k {
            NoteRef::Case { case_id, .. } => !cases.contains(case_id),
            NoteRef::Meeting { .. } => true,
        });
        store::scrub(self.store().read())?;
        Ok(())
    }

    /// Whether a citizen has been erased.
    pub fn is_erased(&self, citizen_id: Id) -> Result<bool> {
        store::is_deleted(self.store().read(), citizen_id)
    }

    /// The erased citizens: ids and why (nothing else is left of them).
    pub fn erased_citizens_with_reason(&self) -> Result<Vec<(Id, DeletionReason)>> {
        Ok(store::deleted_citizens(self.store().read())?
            .into_iter()
            .map(|(id, code)| (id, DeletionReason::from_code(&code)))
            .collect())
    }

    /// After the data was replaced (a restore, «Hent data»): which of the citizens erased
    /// `before` are back, not erased, in the new data. They are remembered until erased
    /// again or the app ends ([`Core::revived_citizens`]); restoring never brings them back
    /// silently.
    pub fn note_revived(&mut self, before: Vec<(Id, DeletionReason)>) -> Result<()> {
        let now_erased: Vec<Id> = store::deleted_citizens(self.store().read())?
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        let mut revived = Vec::new();
        for (id, reason) in before {
            let exists = store::get_citizen(self.store().read(), id).is_ok();
            if exists && !now_erased.contains(&id) {
                revived.push((id, reason));
            }
        }
        self.revived = revived;
        Ok(())
    }

    /// Citizens erased before the last restore who came back with it (not erased again).
    pub fn revived_citizens(&self) -> Result<Vec<RevivedCitizen>> {
        let mut out = Vec::new();
        for (id, reason) in &self.revived {
            if self.is_erased(*id)? {
                continue;
            }
            let c = self.citizen(*id)?;
            out.push(RevivedCitizen {
                citizen_id: *id,
                name: c.full_name(),
                reason: *reason,
            });
        }
        Ok(out)
    }
}

/// A citizen erased before a restore who is back in the restored data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RevivedCitizen {
    pub citizen_id: Id,
    pub name: String,
    pub reason: DeletionReason,
}
