//! The trial's indicators for the working group (Bilag 1): for a range of meeting dates,
//! meetings held and cancelled, cases, citizens, the citizens' attendance, their answers to
//! the template's questions (as shares of the cases where they took part), the agreements
//! made and what became of them, and the time used against the plan. The actors' answers by
//! organisation and every figure across teams are in `teams.rs`.
//!
//! **Held meetings only**: every figure, in the view, the PDF and both CSV files, counts the
//! meetings [`is_held`] says were held (closed; a cancelled meeting never is). Cases,
//! attendance, answers, evaluations, agreements and clocks of planned or running meetings
//! in the range are left out, and the report names those meetings (`excluded_note`).
//!
//! **Small numbers** (`suppress.rs`): wherever a figure counts citizens (attendance,
//! answers — overall and per meeting, and the cases as their totals), a count of 1 or 2 is
//! hidden, and so is whatever would give it away from a total (secondary suppression); the
//! per-case CSV holds no name and no CPR number, only a random pseudonymous key per citizen
//! (stored, not derivable from either).
//!
//! Files: `mod.rs` (the team's figures meeting by meeting), `data.rs` (Evalueringsdata: the
//! pseudonymous data set a team exports, and its file), `teams.rs` (the working group's
//! report of one or more teams' data: side by side and together; the citizens' tables both
//! reports share), `series.rs` (a question followed across template versions by its key and
//! scale), `trial.rs` (the trial period, the baseline), `suppress.rs` (small
//! numbers), `lix.rs` (readability). The CSV files are written by `export/csv.rs`, the PDF
//! is `documents/report.rs`.

use crate::calendar;
use crate::core::Core;
use crate::domain::*;
use crate::error::{CoreError, Result};
use crate::store;
use crate::templates::CASES_ITEM;
use crate::words::short_date_label;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

pub mod citizens;
pub mod data;
pub mod lix;
pub mod series;
pub mod suppress;
pub mod teams;
pub mod trial;

pub use suppress::{Count, CountRow, CountTable};

/// Whether a meeting counts in the report: it was held, i.e. closed (a cancelled meeting
/// never is; a planned or running one not yet). The one definition every figure, the PDF
/// and both CSV files use.
pub fn is_held(m: &Meeting) -> bool {
    m.status == MeetingStatus::Closed
}

/// "41,7 %" (Danish decimal comma).
pub fn percent(v: f64) -> String {
    format!("{} %", decimal(v, 1))
}

/// `v` with `places` decimals and a decimal comma.
pub fn decimal(v: f64, places: usize) -> String {
    format!("{v:.places$}").replace('.', ",")
}

/// The columns of the attendance table.
pub const ATTENDANCE: [&str; 4] = ["Til stede", "Virtuelt", "Fraværende", "Ikke registreret"];
/// The columns of an answers table.
pub const ANSWERS: [&str; 4] = ["Ja", "Delvist", "Nej", "Ikke besvaret"];

/// A meeting in the range that is not counted because it is planned or running.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExcludedMeeting {
    pub meeting_id: Id,
    /// "3. december 2026"
    pub date_label: String,
    /// "planlagt" or "i gang"
    pub status: String,
}

/// "1 planlagt møde i perioden er ikke talt med, fordi det ikke er holdt endnu: 3. december
/// 2026." (empty when none is left out).
pub fn excluded_note(list: &[ExcludedMeeting]) -> String {
    let planned = list.iter().filter(|m| m.status == "planlagt").count();
    let running = list.len() - planned;
    let mut kinds = Vec::new();
    match planned {
        0 => {}
        1 => kinds.push("1 planlagt møde".to_string()),
        n => kinds.push(format!("{n} planlagte møder")),
    }
    match running {
        0 => {}
        1 => kinds.push("1 igangværende møde".to_string()),
        n => kinds.push(format!("{n} igangværende møder")),
    }
    if kinds.is_empty() {
        return String::new();
    }
    let dates: Vec<String> = list
        .iter()
        .map(|m| {
            if planned > 0 && running > 0 {
                format!("{} ({})", m.date_label, m.status)
            } else {
                m.date_label.clone()
            }
        })
        .collect();
    format!(
        "{} i perioden er ikke talt med, fordi {} ikke er holdt og lukket endnu: {}.",
        kinds.join(" og "),
        if list.len() == 1 { "det" } else { "de" },
        dates.join(", ")
    )
}

/// What the agreement figures count, in plain Danish (the view and the PDF say it).
pub const AGREEMENTS_COUNTED: &str = "Aftaler indgået på de afholdte møder i perioden, med \
    deres status i dag: udført, droppet, fortsætter (fulgt op og stadig i gang) eller åben \
    (ikke fulgt op endnu). Aftaler fra tidligere møder, der er fulgt op i perioden, er ikke \
    med. Dage til udført er medianen fra aftalen blev indgået, til den blev markeret udført.";

/// The agreements made in the held meetings of the range and their state now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgreementFigures {
    /// Made in the held meetings of the range.
    pub created: u32,
    /// Of those, their status now.
    pub done: u32,
    pub dropped: u32,
    pub continued: u32,
    pub open: u32,
    /// Median days from made to marked done, of those done ("12,5"); "–" if none is.
    pub median_days_to_done: String,
    /// What these figures count ([`AGREEMENTS_COUNTED`]).
    pub counted: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeUse {
    pub key: String,
    pub title: String,
    /// Meetings with a clock for this item.
    pub meetings: u32,
    /// Average minutes per meeting, planned and used ("20,0").
    pub planned_avg: String,
    pub actual_avg: String,
    /// Meetings where the item ran over its plan.
    pub overruns: u32,
}

/// The report for `[from, to]` (meeting dates, both included).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub from: String,
    pub to: String,
    /// "1. juni 2026 – 30. november 2026"
    pub range_label: String,
    pub meetings_held: u32,
    pub meetings_cancelled: u32,
    /// Planned and running meetings in the range: not counted.
    pub excluded: Vec<ExcludedMeeting>,
    /// [`excluded_note`] of them ("" when none).
    pub excluded_note: String,
    /// The cases of the held meetings (the tables' grand total, hidden with them).
    pub cases: Count,
    /// Different citizens in those cases.
    pub citizens: Count,
    /// The small-number rule in one sentence ([`suppress::RULE`]).
    pub suppression_rule: String,
    /// The citizens' attendance ([`ATTENDANCE`]), in total and per held meeting.
    pub attendance: CountTable,
    /// What the answers' shares are of ([`teams::ANSWERS_COUNTED`]).
    pub answers_counted: String,
    /// The citizen's questions, one table per series (`series.rs`: a key on one scale,
    /// titled with its label), with the scale's answers, «Ikke besvaret», «Ikke stillet»,
    /// of the cases where the citizen took part, in total and per held meeting.
    pub questions: Vec<CountTable>,
    pub agreements: AgreementFigures,
    pub time_use: Vec<TimeUse>,
}

/// The default range: the last 6 months up to today.
pub fn default_range(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    (today - Duration::days(182), today)
}

pub(crate) fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    Some(if v.len().is_multiple_of(2) {
        (v[m - 1] + v[m]) / 2.0
    } else {
        v[m]
    })
}

/// What the report, its PDF and its CSV files read for a range: the meetings in the range
/// (date order) and, of the held ones only, their cases, evaluations, agreements and clocks.
pub(crate) struct Loaded {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub meetings: Vec<Meeting>,
    pub cases: Vec<store::CaseRow>,
    pub evaluations: Vec<MeetingEvaluation>,
    pub agreements: Vec<store::AgreementRow>,
    pub timings: Vec<(Id, String, i64)>,
}

impl Loaded {
    /// The range as UTC instants `[start, end)` (local midnights).
    pub fn bounds(&self) -> Result<(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)> {
        Ok((
            calendar::local_to_utc(self.from, NaiveTime::MIN)?,
            calendar::local_to_utc(self.to + Duration::days(1), NaiveTime::MIN)?,
        ))
    }

    pub fn held(&self) -> impl Iterator<Item = &Meeting> {
        self.meetings.iter().filter(|m| is_held(m))
    }
}

fn date_label(m: &Meeting) -> String {
    short_date_label(m.starts_at)
}

impl Core {
    /// Reads the range: its meetings and what the held ones hold ([`is_held`] decides).
    pub(crate) fn report_load(&self, from: &str, to: &str) -> Result<Loaded> {
        let (from, to) = self.report_range(from, to)?;
        let team = self.require_team()?;
        let start = calendar::local_to_utc(from, NaiveTime::MIN)?;
        let end = calendar::local_to_utc(to + Duration::days(1), NaiveTime::MIN)?;
        let c = self.store().read();
        let meetings: Vec<Meeting> = store::list_meetings(c, team.id)?
            .into_iter()
            .filter(|m| m.starts_at >= start && m.starts_at < end)
            .collect();
        let held: HashSet<Id> = meetings
            .iter()
            .filter(|m| is_held(m))
            .map(|m| m.id)
            .collect();
        let counts = |id: &Id| held.contains(id);
        Ok(Loaded {
            from,
            to,
            cases: store::report_cases(c, team.id, start, end)?
                .into_iter()
                .filter(|k| counts(&k.meeting_id))
                .collect(),
            evaluations: store::report_actor_evaluations(c, team.id, start, end)?
                .into_iter()
                .filter(|e| counts(&e.meeting_id))
                .collect(),
            agreements: store::report_agreements(c, team.id, start, end)?
                .into_iter()
                .filter(|a| counts(&a.meeting_id))
                .collect(),
            timings: store::report_timings(c, team.id, start, end)?
                .into_iter()
                .filter(|t| counts(&t.0))
                .collect(),
            meetings,
        })
    }

    /// The indicators for meetings dated `from`..=`to` (ISO dates; empty: the last 6 months).
    pub fn report(&self, from: &str, to: &str) -> Result<Report> {
        self.report_of(&self.report_load(from, to)?)
    }

    pub(crate) fn report_of(&self, l: &Loaded) -> Result<Report> {
        let held: Vec<&Meeting> = l.held().collect();
        let citizens: HashSet<Id> = l.cases.iter().map(|k| k.citizen_id).collect();

        // The citizens' tables, one row per held meeting with cases, protected together
        // (`teams::citizen_tables`, as the working group's report per team).
        let data = self.eval_data_of(l, &HashMap::new(), true)?;
        let qs = teams::series_of(&[&data]);
        let rows: Vec<(String, Option<Id>, Vec<teams::CaseIn>)> = l
            .meetings
            .iter()
            .zip(&data.meetings)
            .filter(|(m, d)| is_held(m) && !d.cases.is_empty())
            .map(|(m, d)| {
                let asked = series::asked(&data, d);
                let cases = d
                    .cases
                    .iter()
                    .map(|case| teams::CaseIn {
                        case,
                        asked: asked.clone(),
                    })
                    .collect();
                (date_label(m), Some(m.id), cases)
            })
            .collect();
        let tables = teams::citizen_tables(&qs, &rows, "I alt");
        let cases = tables.attendance.rows[0].total.clone();

        let excluded: Vec<ExcludedMeeting> = l
            .meetings
            .iter()
            .filter(|m| !is_held(m) && m.status != MeetingStatus::Cancelled)
            .map(|m| ExcludedMeeting {
                meeting_id: m.id,
                date_label: date_label(m),
                status: if m.status == MeetingStatus::Running {
                    "i gang"
                } else {
                    "planlagt"
                }
                .into(),
            })
            .collect();

        // Agreements made in the held meetings, with their status now.
        let status = |s| l.agreements.iter().filter(|a| a.status == s).count() as u32;
        let days_to_done = l
            .agreements
            .iter()
            .filter(|a| a.status == AgreementStatus::Done)
            .filter_map(|a| a.reviewed_at.map(|at| (at - a.created_at).num_seconds()))
            .map(|secs| secs as f64 / 86_400.0)
            .collect();
        let agreements = AgreementFigures {
            created: l.agreements.len() as u32,
            done: status(AgreementStatus::Done),
            dropped: status(AgreementStatus::Dropped),
            continued: status(AgreementStatus::Continues),
            open: status(AgreementStatus::Open),
            median_days_to_done: median(days_to_done).map_or("–".into(), |d| decimal(d, 1)),
            counted: AGREEMENTS_COUNTED.into(),
        };

        Ok(Report {
            from: l.from.to_string(),
            to: l.to.to_string(),
            range_label: format!(
                "{} – {}",
                calendar::date_short(l.from),
                calendar::date_short(l.to)
            ),
            meetings_held: held.len() as u32,
            meetings_cancelled: l
                .meetings
                .iter()
                .filter(|m| m.status == MeetingStatus::Cancelled)
                .count() as u32,
            excluded_note: excluded_note(&excluded),
            excluded,
            cases,
            citizens: Count::alone(citizens.len() as u32),
            suppression_rule: suppress::RULE.into(),
            attendance: tables.attendance,
            answers_counted: teams::ANSWERS_COUNTED.into(),
            questions: tables.questions,
            agreements,
            time_use: self.time_use(&held, &l.cases, &l.timings),
        })
    }

    /// Planned against used minutes per agenda item of the team's newest template (the
    /// cases together), held meetings; each meeting planned by its own template.
    fn time_use(
        &self,
        held: &[&Meeting],
        cases: &[store::CaseRow],
        timings: &[(Id, String, i64)],
    ) -> Vec<TimeUse> {
        let t = self.template();
        let mut used: HashMap<(Id, String), i64> = HashMap::new();
        for (m, key, secs) in timings {
            let key = if key.starts_with("case:") {
                CASES_ITEM.to_string()
            } else {
                key.clone()
            };
            *used.entry((*m, key)).or_default() += secs;
        }
        t.agenda
            .iter()
            .map(|item| {
                let mut n = 0u32;
                let (mut planned, mut actual, mut overruns) = (0.0, 0.0, 0u32);
                for m in held {
                    let Some(secs) = used.get(&(m.id, item.key.clone())) else {
                        continue;
                    };
                    // Planned as the meeting's own template planned it.
                    let mt = crate::templates::by_version(&m.template_version).unwrap_or(t);
                    let Some(planned_item) = mt.agenda.iter().find(|a| a.key == item.key) else {
                        continue;
                    };
                    let plan = match planned_item.minutes {
                        Some(p) => f64::from(p),
                        None => {
                            let own: Vec<&store::CaseRow> =
                                cases.iter().filter(|k| k.meeting_id == m.id).collect();
                            let share = mt.case_minutes() / own.len().max(1) as u32;
                            own.iter()
                                .map(|k| f64::from(k.planned_minutes.unwrap_or(share)))
                                .sum()
                        }
                    };
                    let minutes = *secs as f64 / 60.0;
                    n += 1;
                    planned += plan;
                    actual += minutes;
                    if minutes > plan + 0.5 {
                        overruns += 1;
                    }
                }
                let avg = |v: f64| {
                    if n == 0 {
                        "–".into()
                    } else {
                        decimal(v / f64::from(n), 1)
                    }
                };
                TimeUse {
                    key: item.key.clone(),
                    title: item.title.clone(),
                    meetings: n,
                    planned_avg: avg(planned),
                    actual_avg: avg(actual),
                    overruns,
                }
            })
            .collect()
    }

    /// Parses the range; empty means the last 6 months; "to" before "from" is refused.
    pub fn report_range(&self, from: &str, to: &str) -> Result<(NaiveDate, NaiveDate)> {
        let (dfrom, dto) = default_range(self.today());
        let from = match from.trim() {
            "" => dfrom,
            s => calendar::parse_date("Fra", s)?,
        };
        let to = match to.trim() {
            "" => dto,
            s => calendar::parse_date("Til", s)?,
        };
        if to < from {
            return Err(CoreError::InvalidValue {
                field: "Periode",
                reason: "»Til« ligger før »Fra«".into(),
            });
        }
        Ok((from, to))
    }

    /// The range presets: (key, label, from, to) — the trial period (when its start is
    /// set in the team's settings), the last 6 months, this year, all.
    pub fn report_presets(&self) -> Result<Vec<(String, String, String, String)>> {
        let today = self.today();
        let (six_from, six_to) = default_range(today);
        let first = store::list_meetings(self.store().read(), self.require_team()?.id)?
            .first()
            .map(|m| calendar::local(m.starts_at).date_naive())
            .unwrap_or(today);
        let year = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
        let trial = self.trial_range()?;
        Ok(trial
            .map(|(f, t)| ("trial", "Forsøgsperioden", f, t))
            .into_iter()
            .chain([
                ("six", "Seneste 6 måneder", six_from, six_to),
                ("year", "I år", year, today),
                ("all", "Alle", first.min(today), today.max(first)),
            ])
            .map(|(k, l, f, t)| (k.into(), l.into(), f.to_string(), t.to_string()))
            .collect())
    }

    /// The citizen's pseudonymous key for the CSV files, made (random) when first needed.
    pub fn report_key(&mut self, citizen_id: Id) -> Result<String> {
        if let Some(k) = store::report_key(self.store().read(), citizen_id)? {
            return Ok(k);
        }
        let key = format!("B-{}", &new_id().simple().to_string()[..10]);
        self.store_mut()
            .write(|tx| store::insert_report_key(tx, citizen_id, &key))?;
        Ok(key)
    }
}

#[cfg(test)]
pub(crate) mod tests;
