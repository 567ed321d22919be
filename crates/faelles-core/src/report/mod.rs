//! The trial's indicators for the working group (Bilag 1): for a range of meeting dates,
//! meetings held and cancelled, cases, citizens, the citizens' attendance, their three
//! answers (involvement, ownership, common goals), the professionals' "sammenhængende
//! forløb", their learning points, agreements made and followed up, and the time used
//! against the plan.
//!
//! **Small numbers**: wherever a figure counts citizens (attendance, answers — overall and
//! per meeting), a count of 1 or 2 is shown as "<3", and its share is not shown: so a
//! citizen cannot be recognised in a small team. The CSV files follow the same rule per
//! meeting; the per-case CSV holds no name and no CPR number, only a random pseudonymous
//! key per citizen (stored, not derivable from either).
//!
//! Files: `mod.rs` (the figures), `csv.rs` (the two CSV files), `lix.rs` (readability).

use crate::calendar;
use crate::core::Core;
use crate::domain::*;
use crate::error::{CoreError, Result};
use crate::run::CASES_ITEM;
use crate::store;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

mod csv;
mod document;
pub mod lix;

pub use self::csv::{cases_csv, meetings_csv};
pub use document::REPORT_TITLE;

/// Counts of citizens below this are shown as "<3".
pub const SMALL: u32 = 3;

/// A count of citizens as shown: "<3" for 1 and 2.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Count {
    pub n: u32,
    /// "12", "0" or "<3".
    pub shown: String,
    /// Share of the total in per cent with a decimal comma ("41,7 %"), "" if suppressed.
    pub share: String,
}

/// A count of citizens with the small-number rule applied.
pub fn count(n: u32, total: u32) -> Count {
    let small = (1..SMALL).contains(&n);
    Count {
        n,
        shown: if small { "<3".into() } else { n.to_string() },
        share: if small || total == 0 {
            String::new()
        } else {
            percent(f64::from(n) * 100.0 / f64::from(total))
        },
    }
}

/// "41,7 %" (Danish decimal comma).
pub fn percent(v: f64) -> String {
    format!("{} %", decimal(v, 1))
}

/// `v` with `places` decimals and a decimal comma.
pub fn decimal(v: f64, places: usize) -> String {
    format!("{v:.places$}").replace('.', ",")
}

/// Yes / partly / no / not answered.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answers {
    pub yes: Count,
    pub partly: Count,
    pub no: Count,
    pub unanswered: Count,
}

fn answers(list: &[Option<Answer>]) -> Answers {
    let total = list.len() as u32;
    let n = |a: Option<Answer>| {
        list.iter()
            .filter(|x| match a {
                None => matches!(x, None | Some(Answer::Unanswered)),
                Some(a) => **x == Some(a),
            })
            .count() as u32
    };
    Answers {
        yes: count(n(Some(Answer::Yes)), total),
        partly: count(n(Some(Answer::Partly)), total),
        no: count(n(Some(Answer::No)), total),
        unanswered: count(n(None), total),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingAnswers {
    pub meeting_id: Id,
    /// "20. oktober 2026"
    pub date_label: String,
    pub answers: Answers,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionFigures {
    /// `involved`, `ownership`, `common_goals`
    pub key: String,
    pub question: String,
    pub overall: Answers,
    pub per_meeting: Vec<MeetingAnswers>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attendances {
    pub present: Count,
    pub virtual_: Count,
    pub absent: Count,
    pub not_registered: Count,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coherence {
    pub date_label: String,
    /// "Ja", "Delvist", "Nej" or "Ikke besvaret"
    pub answer: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Learning {
    pub date_label: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgreementFigures {
    pub created: u32,
    pub done: u32,
    pub dropped: u32,
    pub continued: u32,
    /// Median days from made to done ("12,5"), "–" if none was done.
    pub median_days_to_done: String,
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
    pub cases: u32,
    pub citizens: Count,
    pub attendance: Attendances,
    pub questions: Vec<QuestionFigures>,
    pub coherence_question: String,
    pub coherence_overall: Answers,
    pub coherence: Vec<Coherence>,
    pub learning: Vec<Learning>,
    pub agreements: AgreementFigures,
    pub time_use: Vec<TimeUse>,
}

/// The default range: the last 6 months up to today.
pub fn default_range(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    (today - Duration::days(182), today)
}

fn median(mut v: Vec<f64>) -> Option<f64> {
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

impl Core {
    /// The indicators for meetings dated `from`..=`to` (ISO dates; empty: the last 6 months).
    pub fn report(&self, from: &str, to: &str) -> Result<Report> {
        let (from, to) = self.report_range(from, to)?;
        let team = self.require_team()?;
        let t = self.template();
        let start = calendar::local_to_utc(from, NaiveTime::MIN)?;
        let end = calendar::local_to_utc(to + Duration::days(1), NaiveTime::MIN)?;
        let c = self.store().read();
        let meetings: Vec<Meeting> = store::list_meetings(c, team.id)?
            .into_iter()
            .filter(|m| m.starts_at >= start && m.starts_at < end)
            .collect();
        let date_of = |id: Id| {
            meetings
                .iter()
                .find(|m| m.id == id)
                .map(|m| calendar::date_short(calendar::local(m.starts_at).date_naive()))
                .unwrap_or_default()
        };
        let held: Vec<&Meeting> = meetings
            .iter()
            .filter(|m| m.status == MeetingStatus::Closed)
            .collect();
        let cases = store::report_cases(c, team.id, start, end)?;
        let citizens: HashSet<Id> = cases.iter().map(|k| k.citizen_id).collect();
        let n_cases = cases.len() as u32;
        let att = |a: Option<Attendance>| {
            count(
                cases.iter().filter(|k| k.attendance == a).count() as u32,
                n_cases,
            )
        };

        // The three questions, overall and per meeting (in date order).
        let mut questions = Vec::new();
        for (i, q) in t.citizen_evaluation.iter().enumerate().take(3) {
            let of = |rows: &[&store::CaseRow]| -> Vec<Option<Answer>> {
                rows.iter().map(|k| k.answers.map(|a| a[i])).collect()
            };
            let all: Vec<&store::CaseRow> = cases.iter().collect();
            let per_meeting = meetings
                .iter()
                .filter(|m| m.status != MeetingStatus::Cancelled)
                .filter_map(|m| {
                    let rows: Vec<&store::CaseRow> =
                        cases.iter().filter(|k| k.meeting_id == m.id).collect();
                    (!rows.is_empty()).then(|| MeetingAnswers {
                        meeting_id: m.id,
                        date_label: date_of(m.id),
                        answers: answers(&of(&rows)),
                    })
                })
                .collect();
            questions.push(QuestionFigures {
                key: q.key.clone(),
                question: q.question.clone(),
                overall: answers(&of(&all)),
                per_meeting,
            });
        }

        // The professionals: coherence and learning points, per held meeting.
        let evaluations = store::report_meeting_evaluations(c, team.id, start, end)?;
        let coherent_of = |id: Id| evaluations.iter().find(|e| e.0 == id).and_then(|e| e.1);
        let coherence: Vec<Coherence> = held
            .iter()
            .map(|m| Coherence {
                date_label: date_of(m.id),
                answer: coherent_of(m.id)
                    .map_or("Ikke besvaret", |a| a.label_da())
                    .to_string(),
            })
            .collect();
        let coherence_overall =
            answers(&held.iter().map(|m| coherent_of(m.id)).collect::<Vec<_>>());
        let learning = evaluations
            .iter()
            .filter(|e| !e.2.trim().is_empty())
            .map(|e| Learning {
                date_label: date_of(e.0),
                text: e.2.trim().to_string(),
            })
            .collect();

        // Agreements made, and followed up (reviews made in meetings of the range).
        let made = store::report_agreements(c, team.id, start, end)?;
        let reviews = store::report_reviews(c, team.id, start, end)?;
        let outcome = |s| reviews.iter().filter(|r| r.0 == s).count() as u32;
        let days_to_done = reviews
            .iter()
            .filter(|r| r.0 == AgreementStatus::Done)
            .map(|r| (r.2 - r.1).num_seconds() as f64 / 86_400.0)
            .collect();
        let agreements = AgreementFigures {
            created: made.len() as u32,
            done: outcome(AgreementStatus::Done),
            dropped: outcome(AgreementStatus::Dropped),
            continued: outcome(AgreementStatus::Continues),
            median_days_to_done: median(days_to_done).map_or("–".into(), |d| decimal(d, 1)),
        };

        let time_use = self.time_use(
            &held,
            &cases,
            store::report_timings(c, team.id, start, end)?,
        );
        Ok(Report {
            from: from.to_string(),
            to: to.to_string(),
            range_label: format!(
                "{} – {}",
                calendar::date_short(from),
                calendar::date_short(to)
            ),
            meetings_held: held.len() as u32,
            meetings_cancelled: meetings
                .iter()
                .filter(|m| m.status == MeetingStatus::Cancelled)
                .count() as u32,
            cases: n_cases,
            citizens: count(citizens.len() as u32, citizens.len() as u32),
            attendance: Attendances {
                present: att(Some(Attendance::Present)),
                virtual_: att(Some(Attendance::Virtual)),
                absent: att(Some(Attendance::Absent)),
                not_registered: att(None),
            },
            questions,
            coherence_question: t.meeting_evaluation.coherence_question.clone(),
            coherence_overall,
            coherence,
            learning,
            agreements,
            time_use,
        })
    }

    /// Planned against used minutes per agenda item (the cases together), held meetings.
    fn time_use(
        &self,
        held: &[&Meeting],
        cases: &[store::CaseRow],
        timings: Vec<(Id, String, i64)>,
    ) -> Vec<TimeUse> {
        let t = self.template();
        let mut used: HashMap<(Id, String), i64> = HashMap::new();
        for (m, key, secs) in timings {
            let key = if key.starts_with("case:") {
                CASES_ITEM.to_string()
            } else {
                key
            };
            *used.entry((m, key)).or_default() += secs;
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
                    let plan = match item.minutes {
                        Some(p) => f64::from(p),
                        None => {
                            let own: Vec<&store::CaseRow> =
                                cases.iter().filter(|k| k.meeting_id == m.id).collect();
                            let share = t.case_minutes() / own.len().max(1) as u32;
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

    /// The range presets: (key, label, from, to) — the last 6 months, this year, all.
    pub fn report_presets(&self) -> Result<Vec<(String, String, String, String)>> {
        let today = self.today();
        let (six_from, six_to) = default_range(today);
        let first = store::list_meetings(self.store().read(), self.require_team()?.id)?
            .first()
            .map(|m| calendar::local(m.starts_at).date_naive())
            .unwrap_or(today);
        let year = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
        Ok([
            ("six", "Seneste 6 måneder", six_from, six_to),
            ("year", "I år", year, today),
            ("all", "Alle", first.min(today), today.max(first)),
        ]
        .into_iter()
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
mod tests;
