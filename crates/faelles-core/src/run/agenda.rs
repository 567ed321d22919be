//! The agenda walk: the meeting's items (Borgersager expanded into one item per case), the
//! item clocks (a start time plus accumulated seconds, so a restarted app shows the right
//! times), start / goto / next / prev.

use super::case_key;
use crate::core::Core;
use crate::domain::*;
use crate::error::{CoreError, Result};
use crate::store;
use crate::templates::CASES_ITEM;
use crate::templates::{self, Template};
use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgendaView {
    pub meeting_id: Id,
    pub status: MeetingStatus,
    /// True when the meeting is closed (nothing can be changed).
    pub locked: bool,
    /// The time the view was computed; a UI ticking locally adds seconds since then.
    pub as_of: DateTime<Utc>,
    pub current_key: Option<String>,
    pub items: Vec<AgendaItemView>,
    pub duration_minutes: u32,
    pub elapsed_seconds: i64,
    /// "1:05:12"
    pub elapsed_label: String,
    /// Negative when over.
    pub remaining_seconds: i64,
    pub overrun: bool,
    /// "12 min tilbage" / "3 min over" / "Ikke startet"
    pub status_label: String,
    /// The planned minutes of all items.
    pub planned_total_minutes: u32,
    /// More planned than the meeting's length.
    pub over_planned: bool,
    pub planned_warning: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgendaItemView {
    /// `velkomst`, `tema`, `case:<case id>`, ... (`borgersager` only when there are no cases)
    pub key: String,
    /// "1", "2", "3.1", "3.2", ...
    pub number: String,
    /// The template's title; for a case the citizen's full name.
    pub title: String,
    /// "Borgersager" for a case item.
    pub group_title: Option<String>,
    /// The template's description of the item ("" for a case): what an item the team added
    /// to its template is for.
    pub description: String,
    pub case_id: Option<Id>,
    pub planned_minutes: u32,
    pub elapsed_seconds: i64,
    /// "12:05"
    pub elapsed_label: String,
    /// Negative when over.
    pub remaining_seconds: i64,
    pub current: bool,
    pub overrun: bool,
    /// "12 min tilbage", "3 min over", "14 af 20 min", or "20 min" when not started;
    /// "Forberedt · 20 min" for a case written in before it was taken up.
    pub status_label: String,
    /// A case with notes or agreements written before it was taken up (its clock has not run).
    pub prepared: bool,
}

/// Whole seconds from `from` to `to`, never negative (a clock set back does not count down).
fn seconds_between(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    (to - from).num_seconds().max(0)
}

/// "12:05", "1:02:05"
pub fn clock_label(seconds: i64) -> String {
    let s = seconds.max(0);
    let (h, m, s) = (s / 3600, (s / 60) % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// Minutes rounded up: 1 second over is "1 min over".
fn minutes_up(seconds: i64) -> i64 {
    (seconds.max(0) + 59) / 60
}

fn time_left_label(remaining: i64) -> String {
    if remaining < 0 {
        format!("{} min over", minutes_up(-remaining))
    } else {
        format!("{} min tilbage", minutes_up(remaining))
    }
}

/// One agenda item as planned (before timing).
struct PlannedItem {
    key: String,
    number: String,
    title: String,
    group_title: Option<String>,
    description: String,
    case_id: Option<Id>,
    planned_minutes: u32,
}

/// The meeting's agenda items in order: the template's items with Borgersager replaced by one
/// item per case (kept as one item when there are no cases).
fn plan_items(c: &store::Reader, meeting: &Meeting, t: &Template) -> Result<Vec<PlannedItem>> {
    let cases = store::list_cases(c, meeting.id)?;
    let share = t.case_minutes() / cases.len().max(1) as u32;
    let mut out = Vec::with_capacity(t.agenda.len() + cases.len());
    for (i, item) in t.agenda.iter().enumerate() {
        if item.key == CASES_ITEM && !cases.is_empty() {
            for (j, case) in cases.iter().enumerate() {
                let citizen = store::get_citizen(c, case.citizen_id)?;
                out.push(PlannedItem {
                    key: case_key(case.id),
                    number: format!("{}.{}", i + 1, j + 1),
                    title: citizen.full_name(),
                    group_title: Some(item.title.clone()),
                    description: String::new(),
                    case_id: Some(case.id),
                    planned_minutes: case.planned_minutes.unwrap_or(share),
                });
            }
        } else {
            out.push(PlannedItem {
                key: item.key.clone(),
                number: (i + 1).to_string(),
                title: item.title.clone(),
                group_title: None,
                description: item.description.clone(),
                case_id: None,
                planned_minutes: item.minutes.unwrap_or_else(|| t.case_minutes()),
            });
        }
    }
    Ok(out)
}

/// Where the chair wants to go on the agenda.
enum Step<'a> {
    Start,
    Next,
    Prev,
    Key(&'a str),
}

impl Core {
    /// The agenda with planned minutes and live clocks.
    pub fn agenda(&self, meeting_id: Id) -> Result<AgendaView> {
        let now = self.now();
        let c = self.store().read();
        let m = store::get_meeting(c, meeting_id)?;
        let t = templates::by_version(&m.template_version)?;
        let planned = plan_items(c, &m, t)?;
        let timings = store::list_timings(c, m.id)?;
        let written = store::written_cases(c, m.id)?;
        let clock = |t: &AgendaItemTiming| {
            t.elapsed_seconds + t.started_at.map_or(0, |s| seconds_between(s, now))
        };
        let items: Vec<AgendaItemView> = planned
            .into_iter()
            .map(|p| {
                let elapsed = timings.iter().find(|t| t.key == p.key).map_or(0, clock);
                let current = m.current_item.as_deref() == Some(p.key.as_str());
                let remaining = i64::from(p.planned_minutes) * 60 - elapsed;
                let prepared = !current
                    && elapsed == 0
                    && m.status != MeetingStatus::Closed
                    && p.case_id.is_some_and(|id| written.contains(&id));
                let status_label = if prepared {
                    format!("Forberedt · {} min", p.planned_minutes)
                } else if current {
                    time_left_label(remaining)
                } else if remaining < 0 {
                    format!("{} min over", minutes_up(-remaining))
                } else if elapsed > 0 {
                    format!("{} af {} min", minutes_up(elapsed), p.planned_minutes)
                } else {
                    format!("{} min", p.planned_minutes)
                };
                AgendaItemView {
                    key: p.key,
                    number: p.number,
                    title: p.title,
                    group_title: p.group_title,
                    description: p.description,
                    case_id: p.case_id,
                    planned_minutes: p.planned_minutes,
                    elapsed_seconds: elapsed,
                    elapsed_label: clock_label(elapsed),
                    remaining_seconds: remaining,
                    current,
                    overrun: remaining < 0,
                    status_label,
                    prepared,
                }
            })
            .collect();
        let elapsed = match (m.status, m.started_at, m.closed_at) {
            (MeetingStatus::Planned, ..) => 0,
            _ if !timings.is_empty() => timings.iter().map(clock).sum(),
            (MeetingStatus::Closed, Some(s), Some(e)) => seconds_between(s, e),
            _ => 0,
        };
        let remaining = i64::from(m.duration_minutes) * 60 - elapsed;
        let status_label = match m.status {
            MeetingStatus::Planned => "Ikke startet".to_string(),
            MeetingStatus::Cancelled => "Aflyst".to_string(),
            MeetingStatus::Closed => format!("Afsluttet efter {} min", minutes_up(elapsed)),
            MeetingStatus::Running => time_left_label(remaining),
        };
        let planned_total: u32 = items.iter().map(|i| i.planned_minutes).sum();
        let over_planned = planned_total > m.duration_minutes;
        Ok(AgendaView {
            meeting_id: m.id,
            status: m.status,
            locked: m.status == MeetingStatus::Closed,
            as_of: now,
            current_key: m
                .current_item
                .clone()
                .filter(|k| items.iter().any(|i| &i.key == k)),
            items,
            duration_minutes: m.duration_minutes,
            elapsed_seconds: elapsed,
            elapsed_label: clock_label(elapsed),
            remaining_seconds: remaining,
            overrun: remaining < 0,
            status_label,
            planned_total_minutes: planned_total,
            over_planned,
            planned_warning: over_planned.then(|| {
                format!(
                    "Dagsordenen er planlagt til {planned_total} min, men mødet varer {} min. \
                     Forkort punkter eller sager.",
                    m.duration_minutes
                )
            }),
        })
    }

    /// Starts the meeting at the first item (a running meeting is left as it is).
    pub fn start_meeting(&mut self, meeting_id: Id) -> Result<AgendaView> {
        self.walk(meeting_id, Step::Start)
    }

    /// Makes `key` the current item (starting the meeting if it is not started).
    pub fn goto_item(&mut self, meeting_id: Id, key: &str) -> Result<AgendaView> {
        self.walk(meeting_id, Step::Key(key))
    }

    /// The next item; a no-op on the last item.
    pub fn next_item(&mut self, meeting_id: Id) -> Result<AgendaView> {
        self.walk(meeting_id, Step::Next)
    }

    /// The previous item; a no-op on the first item.
    pub fn prev_item(&mut self, meeting_id: Id) -> Result<AgendaView> {
        self.walk(meeting_id, Step::Prev)
    }

    fn walk(&mut self, meeting_id: Id, step: Step) -> Result<AgendaView> {
        let now = self.now();
        let m = self.meeting(meeting_id)?;
        m.status.ensure_open()?;
        let t = templates::by_version(&m.template_version)?;
        let items = plan_items(self.store().read(), &m, t)?;
        let pos = m
            .current_item
            .as_deref()
            .and_then(|k| items.iter().position(|i| i.key == k));
        let started = m.status == MeetingStatus::Running;
        let target = match step {
            Step::Key(k) => Some(items.iter().position(|i| i.key == k).ok_or_else(|| {
                CoreError::InvalidValue {
                    field: "Dagsordenspunkt",
                    reason: "punktet findes ikke på dette mødes dagsorden".into(),
                }
            })?),
            Step::Start if started => None,
            Step::Start => Some(0),
            Step::Next => match pos {
                Some(p) if started => (p + 1 < items.len()).then_some(p + 1),
                _ => Some(0),
            },
            Step::Prev => match pos {
                Some(p) if started => p.checked_sub(1),
                _ => Some(0),
            },
        };
        let target = target.filter(|t| !(started && Some(*t) == pos));
        // A case's item opens only with a consent valid on the meeting's date.
        if let Some(case_id) = target.and_then(|t| items.get(t)).and_then(|i| i.case_id) {
            self.case_consent(case_id)?;
        }
        if let Some(key) = target.and_then(|t| items.get(t)).map(|i| i.key.clone()) {
            self.store_mut().write(|tx| {
                let mut m = store::get_meeting(tx, meeting_id)?;
                store::stop_running_timings(tx, meeting_id, now)?;
                store::start_timing(tx, meeting_id, &key, now)?;
                if m.status == MeetingStatus::Planned {
                    m.status = MeetingStatus::Running;
                    m.started_at = Some(now);
                }
                m.current_item = Some(key);
                store::upsert_meeting(tx, &m)
            })?;
        }
        self.agenda(meeting_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use crate::testing::*;
    use chrono::Duration;
    #[test]
    fn timers_are_right_after_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let mut fx = Fx::builder().in_dir(dir.path()).build();
        let m = fx.meeting("2026-03-03");
        let c1 = fx.case(&m, 0);
        let now = fx.now.clone();
        set_now(&now, m.starts_at);
        let v = fx.core.start_meeting(m.id).unwrap();
        assert_eq!(v.current_key.as_deref(), Some("velkomst"));
        assert_eq!(v.status, MeetingStatus::Running);
        advance(&now, Duration::minutes(4));
        fx.core.next_item(m.id).unwrap();
        advance(&now, Duration::seconds(7 * 60 + 30));

        // The app stops; two minutes later it is started on the same file.
        drop(fx);
        advance(&now, Duration::minutes(2));
        let mut core = core_on(Store::open_in_dir(dir.path()).unwrap(), &now);
        let v = core.agenda(m.id).unwrap();
        assert_eq!(v.current_key.as_deref(), Some("tema"));
        let item =
            |v: &AgendaView, key: &str| v.items.iter().find(|i| i.key == key).unwrap().clone();
        let velkomst = item(&v, "velkomst");
        assert_eq!((velkomst.elapsed_seconds, velkomst.current), (240, false));
        assert_eq!(velkomst.status_label, "4 af 5 min");
        let tema = item(&v, "tema");
        assert_eq!(tema.elapsed_seconds, 7 * 60 + 30 + 120);
        assert!(tema.current && !tema.overrun);
        assert_eq!(tema.status_label, "11 min tilbage");
        assert_eq!(tema.elapsed_label, "09:30");
        assert_eq!(v.elapsed_seconds, 240 + 570);
        assert_eq!(v.status_label, "107 min tilbage");
        assert_eq!(v.meeting_id, m.id);

        // The theme runs over.
        advance(&now, Duration::minutes(15));
        let tema = item(&core.agenda(m.id).unwrap(), "tema");
        assert_eq!(tema.elapsed_seconds, 1470);
        assert!(tema.overrun);
        assert_eq!(tema.status_label, "5 min over");
        assert_eq!(tema.remaining_seconds, -270);

        // On to the case: the theme's clock stops, the case's starts.
        let key = case_key(c1);
        let v = core.next_item(m.id).unwrap();
        assert_eq!(v.current_key.as_deref(), Some(key.as_str()));
        advance(&now, Duration::minutes(3));
        let v = core.agenda(m.id).unwrap();
        assert_eq!(item(&v, "tema").elapsed_seconds, 1470);
        assert_eq!(item(&v, &key).elapsed_seconds, 180);
        assert_eq!(v.elapsed_seconds, 240 + 1470 + 180);
        // Back to the theme: its clock continues from where it stopped.
        core.prev_item(m.id).unwrap();
        advance(&now, Duration::seconds(30));
        assert_eq!(
            item(&core.agenda(m.id).unwrap(), "tema").elapsed_seconds,
            1500
        );

        // Closing stops the meeting clock.
        core.close_meeting(m.id).unwrap();
        advance(&now, Duration::hours(1));
        let v = core.agenda(m.id).unwrap();
        assert_eq!(v.elapsed_seconds, 240 + 1500 + 180);
        assert!(v.current_key.is_none() && v.locked);
        assert_eq!(v.status_label, "Afsluttet efter 32 min");
    }

    #[test]
    fn agenda_expands_cases_and_warns_when_planned_over_meeting_length() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let cases = [fx.case(&m, 0), fx.case(&m, 1), fx.case(&m, 2)];
        let v = fx.core.agenda(m.id).unwrap();
        let keys: Vec<&str> = v.items.iter().map(|i| i.key.as_str()).collect();
        let ck: Vec<String> = cases.iter().map(|c| case_key(*c)).collect();
        assert_eq!(
            keys,
            [
                "velkomst",
                "tema",
                &ck[0],
                &ck[1],
                &ck[2],
                "evaluering",
                "eventuelt"
            ]
        );
        assert_eq!(v.items[2].title, "Mikkel Sørensen");
        assert_eq!(v.items[3].number, "3.2");
        assert_eq!(v.items[4].group_title.as_deref(), Some("Borgersager"));
        assert_eq!(v.items[4].case_id, Some(cases[2]));
        let planned: Vec<u32> = v.items.iter().map(|i| i.planned_minutes).collect();
        assert_eq!(planned, [5, 20, 26, 26, 26, 10, 5]);
        assert_eq!((v.planned_total_minutes, v.duration_minutes), (118, 120));
        assert!(!v.over_planned && v.planned_warning.is_none());
        assert_eq!(v.status, MeetingStatus::Planned);
        assert_eq!(
            (v.elapsed_seconds, v.status_label.as_str()),
            (0, "Ikke startet")
        );
        assert_eq!(v.items[1].status_label, "20 min");

        // One case planned at 40 minutes: 132 > 120.
        let case = fx.core.case(cases[0]).unwrap();
        fx.core
            .update_case_prep(
                case.id,
                &crate::cases::CasePrepInput {
                    planned_minutes: Some(40),
                    citizen_invited: case.citizen_invited,
                    citizen_expected: case.citizen_expected,
                },
            )
            .unwrap();
        let v = fx.core.agenda(m.id).unwrap();
        assert_eq!(v.items[2].planned_minutes, 40);
        assert_eq!(v.planned_total_minutes, 132);
        assert!(v.over_planned);
        let warning = v.planned_warning.unwrap();
        assert!(
            warning.contains("132 min") && warning.contains("120 min"),
            "{warning}"
        );

        // A meeting without cases keeps Borgersager as one item with the remaining time.
        let empty = fx.meeting("2026-03-31");
        let v = fx.core.agenda(empty.id).unwrap();
        assert_eq!(v.items.len(), 5);
        assert_eq!(
            (v.items[2].key.as_str(), v.items[2].planned_minutes),
            ("borgersager", 80)
        );
        assert_eq!(v.planned_total_minutes, 120);
        assert!(!v.over_planned);
    }

    #[test]
    fn navigation_past_the_ends_is_a_no_op() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let c = fx.case(&m, 0);
        set_now(&fx.now, m.starts_at);
        let core = &mut fx.core;
        // next on a meeting not started starts it at the first item.
        let v = core.next_item(m.id).unwrap();
        assert_eq!(v.current_key.as_deref(), Some("velkomst"));
        assert_eq!(core.meeting(m.id).unwrap().started_at, Some(m.starts_at));
        advance(&fx.now, Duration::minutes(1));
        let before = core.agenda(m.id).unwrap();
        let v = core.prev_item(m.id).unwrap();
        assert_eq!(v, before);
        // start on a running meeting changes nothing.
        assert_eq!(core.start_meeting(m.id).unwrap(), before);
        let mut keys = vec![v.current_key.clone().unwrap()];
        for _ in 0..10 {
            advance(&fx.now, Duration::minutes(1));
            keys.push(core.next_item(m.id).unwrap().current_key.unwrap());
        }
        assert_eq!(
            keys[..5],
            ["velkomst", "tema", &case_key(c), "evaluering", "eventuelt"].map(String::from)
        );
        assert!(keys[5..].iter().all(|k| k == "eventuelt"));
        let v = core.agenda(m.id).unwrap();
        assert!(v.items.iter().filter(|i| i.current).count() == 1);
        // The last item has been running since it was reached (minute 5 of 11).
        assert_eq!(v.items[4].elapsed_seconds, 6 * 60);
        assert_eq!(v.elapsed_seconds, 11 * 60);

        let v = core.goto_item(m.id, &case_key(c)).unwrap();
        assert_eq!(v.current_key, Some(case_key(c)));
        // Going to the current item does not restart it.
        assert_eq!(core.goto_item(m.id, &case_key(c)).unwrap(), v);
        let kind = |r: Result<AgendaView>| r.unwrap_err().kind();
        assert_eq!(kind(core.goto_item(m.id, "nope")), "InvalidValue");
        assert_eq!(kind(core.goto_item(m.id, "borgersager")), "InvalidValue");
        assert_eq!(
            kind(core.goto_item(m.id, &case_key(Id::nil()))),
            "InvalidValue"
        );

        let cancelled = fx.meeting("2026-03-31");
        fx.core.cancel_meeting(cancelled.id, "Sygdom").unwrap();
        assert_eq!(
            fx.core.start_meeting(cancelled.id).unwrap_err().kind(),
            "MeetingCancelled"
        );
        assert_eq!(
            fx.core.prev_item(cancelled.id).unwrap_err().kind(),
            "MeetingCancelled"
        );
        // goto on a meeting not started starts it at that item.
        let later = fx.meeting("2026-04-28");
        let v = fx.core.goto_item(later.id, "tema").unwrap();
        assert_eq!(
            (v.status, v.current_key.as_deref()),
            (MeetingStatus::Running, Some("tema"))
        );
    }

    #[test]
    fn a_case_prepared_before_the_meeting_starts_no_clock_and_is_marked() {
        let mut fx = fixture();
        let (m, cases) = fx.meeting_with_cases("2026-03-03");
        let core = &mut fx.core;
        core.save_section(cases[1], "vigtigste", "At få ro på økonomien.", 0)
            .unwrap();
        fx.agreement(cases[2], "Ringe til bostøtten", None, None);
        let core = &mut fx.core;
        let v = core.agenda(m.id).unwrap();
        assert_eq!(
            v.status,
            MeetingStatus::Planned,
            "writing does not start it"
        );
        assert_eq!(v.elapsed_seconds, 0);
        assert!(store::list_timings(core.store().read(), m.id)
            .unwrap()
            .is_empty());
        let prepared: Vec<(bool, &str)> = v
            .items
            .iter()
            .filter(|i| i.case_id.is_some())
            .map(|i| (i.prepared, i.status_label.as_str()))
            .collect();
        assert!(
            !prepared[0].0 && prepared[1].0 && prepared[2].0,
            "{prepared:?}"
        );
        assert!(prepared[1].1.starts_with("Forberedt · "), "{prepared:?}");
        let prep = crate::chair::meeting_prep(core, m.id).unwrap();
        let marks: Vec<bool> = prep.cases.iter().map(|c| c.prepared).collect();
        assert_eq!(marks, [false, true, true]);
        // Taken up in the meeting: its clock runs, and the mark gives way to the time.
        let v = core.goto_item(m.id, &case_key(cases[1])).unwrap();
        let item = v
            .items
            .iter()
            .find(|i| i.case_id == Some(cases[1]))
            .unwrap();
        assert!(!item.prepared && item.current);
        let other = v
            .items
            .iter()
            .find(|i| i.case_id == Some(cases[2]))
            .unwrap();
        assert!(other.prepared);
    }
}
