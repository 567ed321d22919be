//! Running a meeting: agenda walk, attendance, notes, agreements, evaluations, closing.
//!
//! Rules kept here:
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
//! - A citizen who is not registered as present or virtual has not answered: their evaluation
//!   is stored as "Ikke besvaret" whatever was sent.

use crate::calendar;
use crate::domain::*;
use crate::error::{optional, required, CoreError, Result};
use crate::projection;
use crate::service::{limits, Core, MemberInput};
use crate::store::{self, CaseContext};
use crate::templates::{self, Template};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

pub mod notes;

pub use notes::{Draft, DraftsSaved, KeptTextView, NoteEdit, NoteState, ThemeNotesView, Unsaved};

/// The template's agenda item that expands into one item per case.
pub const CASES_ITEM: &str = "borgersager";
/// Prefix of a case's agenda key: `case:<case id>`.
pub const CASE_KEY_PREFIX: &str = "case:";

pub fn case_key(case_id: Id) -> String {
    format!("{CASE_KEY_PREFIX}{case_id}")
}

// ---------------------------------------------------------------- views

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
    pub case_id: Option<Id>,
    pub planned_minutes: u32,
    pub elapsed_seconds: i64,
    /// "12:05"
    pub elapsed_label: String,
    /// Negative when over.
    pub remaining_seconds: i64,
    pub current: bool,
    pub overrun: bool,
    /// "12 min tilbage", "3 min over", "14 af 20 min", or "20 min" when not started.
    pub status_label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberAttendanceView {
    pub participant_id: Id,
    pub name: String,
    pub role_title: String,
    pub organisation: String,
    pub attendance: Option<Attendance>,
    pub attendance_label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseDetail {
    pub case_id: Id,
    pub meeting_id: Id,
    pub citizen_id: Id,
    pub meeting_status: MeetingStatus,
    /// "tirsdag den 3. marts 2026"
    pub meeting_date_label: String,
    /// First name or kaldenavn (what the screen shows).
    pub citizen_display_name: String,
    pub citizen_full_name: String,
    pub citizen_invited: bool,
    pub citizen_attendance: Option<Attendance>,
    pub citizen_attendance_label: String,
    pub sections: Vec<SectionView>,
    pub participants: Vec<CaseParticipantView>,
    pub agreements: Vec<AgreementView>,
    /// "Siden sidst": open agreements from the citizen's earlier cases.
    pub carried_over: Vec<CarriedAgreementView>,
    /// The "Næste skridt" of the citizen's previous case, for reference.
    pub previous_next_steps: Option<String>,
    pub previous_meeting_date_label: Option<String>,
    pub citizen_evaluation: Option<CitizenEvaluation>,
    /// The meeting is closed: everything is read-only.
    pub locked: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionView {
    pub key: String,
    pub title: String,
    pub question: String,
    pub hint: String,
    /// Stored text, revision (send it back as the base), unsaved draft, kept texts.
    #[serde(flatten)]
    pub note: NoteState,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseParticipantView {
    pub participant_id: Id,
    pub name: String,
    /// The role's title (with the organisation when it adds something).
    pub role_title: String,
    pub organisation: String,
    pub fixed: bool,
    pub attendance: Option<Attendance>,
    pub attendance_label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgreementView {
    pub id: Id,
    pub case_id: Id,
    pub position: u32,
    pub what: String,
    pub who: Option<Who>,
    pub due: Option<Due>,
    pub who_label: String,
    pub due_label: String,
    pub status: AgreementStatus,
    pub status_label: String,
    pub missing_owner_or_date: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CarriedAgreementView {
    pub agreement: AgreementView,
    pub origin_case_id: Id,
    pub origin_meeting_id: Id,
    /// The date of the meeting where the agreement was made.
    pub origin_date_label: String,
    /// The latest review before this case (e.g. "Fortsætter" last time).
    pub earlier_review: Option<ReviewView>,
    /// This case's review, if made.
    pub review: Option<ReviewView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewView {
    pub outcome: AgreementStatus,
    pub outcome_label: String,
    pub comment: String,
    pub meeting_date_label: String,
}

/// Warnings before closing; none of them blocks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClosingCheck {
    /// Citizens (full name) whose case has no citizen evaluation.
    pub cases_without_evaluation: Vec<String>,
    /// "Name: what" for agreements without an owner or a date.
    pub agreements_missing_owner_or_date: Vec<String>,
    pub meeting_evaluation_missing: bool,
    /// "Where: why" for text kept beside a note because it could not be saved into it.
    pub unmerged_texts: Vec<String>,
    /// No warnings at all.
    pub clean: bool,
}

/// What closing a meeting did.
#[derive(Debug)]
pub struct Closed {
    pub meeting: Meeting,
    /// The backup taken at the close (`backup::create_backup`). `None` when the meeting was
    /// closed already (nothing changed). An `Err` does not undo the close: the meeting is
    /// closed and its notes locked all the same; the caller reports the failure.
    pub backup: Option<Result<crate::backup::BackupInfo>>,
}

// ---------------------------------------------------------------- inputs

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

fn unanswered() -> Answer {
    Answer::Unanswered
}

#[derive(Debug, Clone, Deserialize)]
pub struct CitizenEvalInput {
    #[serde(default = "unanswered")]
    pub involved: Answer,
    #[serde(default = "unanswered")]
    pub ownership: Answer,
    #[serde(default = "unanswered")]
    pub common_goals: Answer,
    #[serde(default)]
    pub comment: String,
}

impl Default for CitizenEvalInput {
    fn default() -> Self {
        CitizenEvalInput {
            involved: Answer::Unanswered,
            ownership: Answer::Unanswered,
            common_goals: Answer::Unanswered,
            comment: String::new(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct MeetingEvalInput {
    #[serde(default)]
    pub effects: String,
    #[serde(default)]
    pub experiences: String,
    #[serde(default)]
    pub learning: String,
    /// Ja / Delvist / Nej, or not answered.
    #[serde(default)]
    pub coherent: Option<Answer>,
}

// ---------------------------------------------------------------- helpers

/// Closed → `MeetingLocked`, cancelled → `MeetingCancelled`.
fn ensure_open(status: MeetingStatus) -> Result<()> {
    match status {
        MeetingStatus::Closed => Err(CoreError::MeetingLocked),
        MeetingStatus::Cancelled => Err(CoreError::MeetingCancelled),
        MeetingStatus::Planned | MeetingStatus::Running => Ok(()),
    }
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

fn attendance_label(a: Option<Attendance>) -> String {
    a.map(|a| a.label_da())
        .unwrap_or("Ikke registreret")
        .to_string()
}

fn date_label(t: DateTime<Utc>) -> String {
    calendar::date_long(calendar::local(t).date_naive())
}

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

/// The date of the first not cancelled meeting after `after` in `meetings` (oldest first).
fn next_meeting_after(meetings: &[Meeting], after: DateTime<Utc>) -> Option<NaiveDate> {
    meetings
        .iter()
        .find(|o| o.starts_at > after && o.status != MeetingStatus::Cancelled)
        .map(|o| calendar::local(o.starts_at).date_naive())
}

fn agreement_view(
    a: Agreement,
    participants: &[Participant],
    citizen_name: &str,
    next_meeting: Option<NaiveDate>,
) -> AgreementView {
    AgreementView {
        who_label: projection::who_label(&a.who, participants, citizen_name),
        due_label: projection::due_label(&a.due, next_meeting),
        status_label: a.status.label_da().to_string(),
        missing_owner_or_date: a.who.is_none() || a.due.is_none(),
        id: a.id,
        case_id: a.case_id,
        position: a.position,
        what: a.what,
        who: a.who,
        due: a.due,
        status: a.status,
    }
}

/// One agenda item as planned (before timing).
struct PlannedItem {
    key: String,
    number: String,
    title: String,
    group_title: Option<String>,
    case_id: Option<Id>,
    planned_minutes: u32,
}

/// The meeting's agenda items in order: the template's items with Borgersager replaced by one
/// item per case (kept as one item when there are no cases).
fn plan_items(c: &Connection, meeting: &Meeting, t: &Template) -> Result<Vec<PlannedItem>> {
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
    /// The case, its meeting's state, refusing changes when the meeting is closed/cancelled.
    fn open_case(&self, case_id: Id) -> Result<CaseContext> {
        let ctx = store::case_context(self.store().read(), case_id)?;
        ensure_open(ctx.status)?;
        Ok(ctx)
    }

    // ------------------------------------------------------------ agenda

    /// The agenda with planned minutes and live clocks.
    pub fn agenda(&self, meeting_id: Id) -> Result<AgendaView> {
        let now = self.now();
        let c = self.store().read();
        let m = store::get_meeting(c, meeting_id)?;
        let t = templates::by_version(&m.template_version)?;
        let planned = plan_items(c, &m, t)?;
        let timings = store::list_timings(c, m.id)?;
        let clock = |t: &AgendaItemTiming| {
            t.elapsed_seconds + t.started_at.map_or(0, |s| seconds_between(s, now))
        };
        let items: Vec<AgendaItemView> = planned
            .into_iter()
            .map(|p| {
                let elapsed = timings.iter().find(|t| t.key == p.key).map_or(0, clock);
                let current = m.current_item.as_deref() == Some(p.key.as_str());
                let remaining = i64::from(p.planned_minutes) * 60 - elapsed;
                let status_label = if current {
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
                    case_id: p.case_id,
                    planned_minutes: p.planned_minutes,
                    elapsed_seconds: elapsed,
                    elapsed_label: clock_label(elapsed),
                    remaining_seconds: remaining,
                    current,
                    overrun: remaining < 0,
                    status_label,
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
        ensure_open(m.status)?;
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

    // ------------------------------------------------------------ attendance

    /// The fixed active members (and anyone registered) with their attendance at the meeting.
    pub fn member_attendance(&self, meeting_id: Id) -> Result<Vec<MemberAttendanceView>> {
        let c = self.store().read();
        let m = store::get_meeting(c, meeting_id)?;
        let t = templates::by_version(&m.template_version)?;
        let registered = store::list_meeting_attendance(c, meeting_id)?;
        Ok(store::list_participants(c, m.team_id)?
            .into_iter()
            .filter_map(|p| {
                let a = registered
                    .iter()
                    .find(|a| a.participant_id == p.id)
                    .map(|a| a.attendance);
                (a.is_some() || (p.fixed && p.active)).then(|| MemberAttendanceView {
                    participant_id: p.id,
                    role_title: projection::participant_role(t, &p),
                    name: p.name,
                    organisation: p.organisation,
                    attendance: a,
                    attendance_label: attendance_label(a),
                })
            })
            .collect())
    }

    /// A member's attendance at the whole meeting (Velkomst). It carries into the meeting's
    /// cases unless a case has its own value for the member.
    pub fn set_member_attendance(
        &mut self,
        meeting_id: Id,
        participant_id: Id,
        attendance: Attendance,
    ) -> Result<()> {
        let m = self.meeting(meeting_id)?;
        ensure_open(m.status)?;
        let p = store::get_participant(self.store().read(), participant_id)?;
        if p.team_id != m.team_id {
            return Err(CoreError::NotFound { what: "Deltageren" });
        }
        self.store_mut().write(|tx| {
            let previous = store::list_meeting_attendance(tx, meeting_id)?
                .into_iter()
                .find(|a| a.participant_id == participant_id)
                .map(|a| a.attendance);
            store::set_meeting_attendance(
                tx,
                &MeetingAttendance {
                    meeting_id,
                    participant_id,
                    attendance,
                },
            )?;
            store::follow_member_attendance(tx, meeting_id, participant_id, previous, attendance)?;
            Ok(())
        })
    }

    /// The citizen's attendance at their case (`None`: not registered). The case goes ahead
    /// whatever it is.
    pub fn set_citizen_attendance(
        &mut self,
        case_id: Id,
        attendance: Option<Attendance>,
    ) -> Result<Case> {
        self.open_case(case_id)?;
        self.store_mut().write(|tx| {
            let mut case = store::get_case(tx, case_id)?;
            case.citizen_attendance = attendance;
            store::upsert_case(tx, &case)?;
            Ok(case)
        })
    }

    /// A participant's attendance in one case (linking them to the case if needed).
    pub fn set_case_participant_attendance(
        &mut self,
        case_id: Id,
        participant_id: Id,
        attendance: Option<Attendance>,
    ) -> Result<()> {
        let ctx = self.open_case(case_id)?;
        let p = store::get_participant(self.store().read(), participant_id)?;
        if p.team_id != ctx.team_id {
            return Err(CoreError::NotFound { what: "Deltageren" });
        }
        self.store_mut().write(|tx| {
            store::set_case_participant(
                tx,
                &CaseParticipant {
                    case_id,
                    participant_id,
                    attendance,
                },
            )
        })
    }

    /// Adds an ad hoc person (psykiater, læge, pårørende, ...) to one case. `input.role` must be
    /// an ad hoc kind of the meeting's template; `input.id` may name an earlier ad hoc person.
    pub fn add_adhoc_participant(
        &mut self,
        case_id: Id,
        input: &MemberInput,
    ) -> Result<Participant> {
        let ctx = self.open_case(case_id)?;
        let t = templates::by_version(&ctx.template_version)?;
        if !t.adhoc_kinds.iter().any(|k| k.key == input.role) {
            return Err(CoreError::InvalidValue {
                field: "Rolle",
                reason: "vælg en ad hoc-rolle (psykiater, læge, værested, pårørende, anden)".into(),
            });
        }
        if let Some(id) = input.id {
            let existing = store::get_participant(self.store().read(), id)?;
            if existing.fixed || existing.team_id != ctx.team_id {
                return Err(CoreError::InvalidValue {
                    field: "Deltager",
                    reason: "et fast medlem tilføjes ikke som ad hoc-deltager".into(),
                });
            }
        }
        let input = MemberInput {
            fixed: false,
            chair: false,
            coordinator: false,
            ..input.clone()
        };
        let p = self.save_participant(&input)?;
        self.store_mut().write(|tx| {
            store::set_case_participant(
                tx,
                &CaseParticipant {
                    case_id,
                    participant_id: p.id,
                    attendance: None,
                },
            )
        })?;
        Ok(p)
    }

    /// Takes a participant off one case (the person stays in the team's list).
    pub fn remove_case_participant(&mut self, case_id: Id, participant_id: Id) -> Result<()> {
        self.open_case(case_id)?;
        self.store_mut()
            .write(|tx| store::remove_case_participant(tx, case_id, participant_id))
    }

    // ------------------------------------------------------------ case detail

    /// Everything the chair's case editor shows. Never contains a CPR number.
    pub fn case_detail(&self, case_id: Id) -> Result<CaseDetail> {
        let c = self.store().read();
        let case = store::get_case(c, case_id)?;
        let meeting = store::get_meeting(c, case.meeting_id)?;
        let citizen = store::get_citizen(c, case.citizen_id)?;
        let t = templates::by_version(&meeting.template_version)?;
        let team = store::list_participants(c, meeting.team_id)?;
        let meetings = store::list_meetings(c, meeting.team_id)?;
        let name = citizen.display_first_name().to_string();

        let sections = t
            .sections
            .iter()
            .map(|s| {
                Ok(SectionView {
                    key: s.key.clone(),
                    title: s.title.clone(),
                    question: s.question.clone(),
                    hint: s.hint.clone(),
                    note: self.note_state(&NoteRef::section(case.id, &s.key))?,
                })
            })
            .collect::<Result<_>>()?;

        let linked = store::list_case_participants(c, case.id)?;
        let participants = team
            .iter()
            .filter_map(|p| {
                let cp = linked.iter().find(|cp| cp.participant_id == p.id)?;
                Some(CaseParticipantView {
                    participant_id: p.id,
                    name: p.name.clone(),
                    role_title: projection::participant_role(t, p),
                    organisation: p.organisation.clone(),
                    fixed: p.fixed,
                    attendance: cp.attendance,
                    attendance_label: attendance_label(cp.attendance),
                })
            })
            .collect();

        let next = next_meeting_after(&meetings, meeting.starts_at);
        let agreements = store::list_agreements(c, case.id)?
            .into_iter()
            .map(|a| agreement_view(a, &team, &name, next))
            .collect();

        let reviews_here = store::list_reviews(c, case.id)?;
        let earlier = store::earlier_reviews(c, citizen.id, meeting.starts_at)?;
        let review_view = |r: &AgreementReview, at: DateTime<Utc>| ReviewView {
            outcome: r.outcome,
            outcome_label: r.outcome.label_da().to_string(),
            comment: r.comment.clone(),
            meeting_date_label: date_label(at),
        };
        let carried_over = store::carried_over_agreements(c, citizen.id, meeting.starts_at)?
            .into_iter()
            .map(|x| {
                let id = x.agreement.id;
                let origin_case_id = x.agreement.case_id;
                CarriedAgreementView {
                    agreement: agreement_view(
                        x.agreement,
                        &team,
                        &name,
                        next_meeting_after(&meetings, x.origin_starts_at),
                    ),
                    origin_case_id,
                    origin_meeting_id: x.origin_meeting_id,
                    origin_date_label: date_label(x.origin_starts_at),
                    earlier_review: earlier
                        .iter()
                        .rev()
                        .find(|d| d.review.agreement_id == id)
                        .map(|d| review_view(&d.review, d.meeting_starts_at)),
                    review: reviews_here
                        .iter()
                        .find(|r| r.agreement_id == id)
                        .map(|r| review_view(r, meeting.starts_at)),
                }
            })
            .collect();

        let previous = store::earlier_cases(c, citizen.id, meeting.starts_at)?.pop();
        let (previous_next_steps, previous_meeting_date_label) = match previous {
            Some(p) => {
                let text = store::get_note(c, p.id, "naeste_skridt")?
                    .map(|n| n.text)
                    .filter(|s| !s.trim().is_empty());
                let date = meetings
                    .iter()
                    .find(|m| m.id == p.meeting_id)
                    .map(|m| date_label(m.starts_at));
                (text, date)
            }
            None => (None, None),
        };

        Ok(CaseDetail {
            case_id: case.id,
            meeting_id: meeting.id,
            citizen_id: citizen.id,
            meeting_status: meeting.status,
            meeting_date_label: date_label(meeting.starts_at),
            citizen_full_name: citizen.full_name(),
            citizen_display_name: name,
            citizen_invited: case.citizen_invited,
            citizen_attendance: case.citizen_attendance,
            citizen_attendance_label: attendance_label(case.citizen_attendance),
            sections,
            participants,
            agreements,
            carried_over,
            previous_next_steps,
            previous_meeting_date_label,
            citizen_evaluation: store::get_citizen_evaluation(c, case.id)?,
            locked: meeting.status == MeetingStatus::Closed,
        })
    }

    // ------------------------------------------------------------ agreements

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

    // ------------------------------------------------------------ evaluations

    /// Records the citizen's evaluation of their case. A citizen not registered as present or
    /// virtual has not answered: all three are stored as "Ikke besvaret".
    pub fn save_citizen_evaluation(
        &mut self,
        case_id: Id,
        input: &CitizenEvalInput,
    ) -> Result<CitizenEvaluation> {
        self.open_case(case_id)?;
        let comment = optional("Kommentar", &input.comment, limits::TEXT)?.unwrap_or_default();
        let case = self.case(case_id)?;
        let answered = matches!(
            case.citizen_attendance,
            Some(Attendance::Present | Attendance::Virtual)
        );
        let a = |x: Answer| if answered { x } else { Answer::Unanswered };
        let e = CitizenEvaluation {
            case_id,
            involved: a(input.involved),
            ownership: a(input.ownership),
            common_goals: a(input.common_goals),
            comment,
            recorded_at: self.now(),
        };
        self.store_mut()
            .write(|tx| store::upsert_citizen_evaluation(tx, &e))?;
        Ok(e)
    }

    pub fn citizen_evaluation(&self, case_id: Id) -> Result<Option<CitizenEvaluation>> {
        store::get_citizen_evaluation(self.store().read(), case_id)
    }

    /// Records the professionals' evaluation of the meeting.
    pub fn save_meeting_evaluation(
        &mut self,
        meeting_id: Id,
        input: &MeetingEvalInput,
    ) -> Result<MeetingEvaluation> {
        let m = self.meeting(meeting_id)?;
        ensure_open(m.status)?;
        if input.coherent == Some(Answer::Unanswered) {
            return Err(CoreError::InvalidValue {
                field: "Sammenhængende forløb",
                reason: "svar ja, delvist eller nej, eller lad feltet stå tomt".into(),
            });
        }
        let e = MeetingEvaluation {
            meeting_id,
            effects: optional("Effekter", &input.effects, limits::TEXT)?.unwrap_or_default(),
            experiences: optional("Erfaringer", &input.experiences, limits::TEXT)?
                .unwrap_or_default(),
            learning: optional("Læringspunkter", &input.learning, limits::TEXT)?
                .unwrap_or_default(),
            coherent: input.coherent,
            recorded_at: self.now(),
        };
        self.store_mut()
            .write(|tx| store::upsert_meeting_evaluation(tx, &e))?;
        Ok(e)
    }

    pub fn meeting_evaluation(&self, meeting_id: Id) -> Result<Option<MeetingEvaluation>> {
        store::get_meeting_evaluation(self.store().read(), meeting_id)
    }

    // ------------------------------------------------------------ closing

    /// What is missing before closing (warnings; closing is never blocked by them).
    pub fn closing_check(&self, meeting_id: Id) -> Result<ClosingCheck> {
        let c = self.store().read();
        store::get_meeting(c, meeting_id)?;
        let mut cases_without_evaluation = Vec::new();
        let mut agreements_missing = Vec::new();
        for case in store::list_cases(c, meeting_id)? {
            let name = store::get_citizen(c, case.citizen_id)?.full_name();
            if store::get_citizen_evaluation(c, case.id)?.is_none() {
                cases_without_evaluation.push(name.clone());
            }
            for a in store::list_agreements(c, case.id)? {
                if a.who.is_none() || a.due.is_none() {
                    agreements_missing.push(format!("{name}: {}", a.what));
                }
            }
        }
        let meeting_evaluation_missing = store::get_meeting_evaluation(c, meeting_id)?.is_none();
        let unmerged_texts = self.unmerged_texts(meeting_id)?;
        Ok(ClosingCheck {
            clean: cases_without_evaluation.is_empty()
                && agreements_missing.is_empty()
                && !meeting_evaluation_missing
                && unmerged_texts.is_empty(),
            unmerged_texts,
            cases_without_evaluation,
            agreements_missing_owner_or_date: agreements_missing,
            meeting_evaluation_missing,
        })
    }

    /// Closes the meeting: saves text not yet saved, stops the clock, locks the notes, then
    /// takes a backup (every close does; see [`Closed::backup`]). Closing a closed meeting is
    /// a no-op.
    pub fn close_meeting(&mut self, meeting_id: Id) -> Result<Closed> {
        let m = self.meeting(meeting_id)?;
        match m.status {
            MeetingStatus::Cancelled => return Err(CoreError::MeetingCancelled),
            MeetingStatus::Closed => {
                return Ok(Closed {
                    meeting: m,
                    backup: None,
                })
            }
            _ => {}
        }
        // Text typed but not saved yet goes into the notes before they are locked.
        self.save_drafts()?.into_result()?;
        let now = self.now();
        let meeting = self.store_mut().write(|tx| {
            let mut m = store::get_meeting(tx, meeting_id)?;
            store::stop_running_timings(tx, meeting_id, now)?;
            m.status = MeetingStatus::Closed;
            m.closed_at = Some(now);
            m.current_item = None;
            store::upsert_meeting(tx, &m)?;
            Ok(m)
        })?;
        self.drop_drafts_of_meeting(meeting_id);
        let backup = Some(crate::backup::create_backup(self.store(), now));
        Ok(Closed { meeting, backup })
    }

    /// Reopens a closed meeting for corrections; the reason is recorded.
    pub fn reopen_meeting(&mut self, meeting_id: Id, reason: &str) -> Result<MeetingReopening> {
        let reason = required("Begrundelse", reason, limits::TEXT)?;
        let m = self.meeting(meeting_id)?;
        if m.status != MeetingStatus::Closed {
            return Err(CoreError::InvalidValue {
                field: "Mødet",
                reason: "kun et afsluttet møde kan genåbnes".into(),
            });
        }
        let reopening = MeetingReopening {
            id: new_id(),
            meeting_id,
            at: self.now(),
            reason,
        };
        self.store_mut().write(|tx| {
            let mut m = store::get_meeting(tx, meeting_id)?;
            m.status = MeetingStatus::Running;
            m.closed_at = None;
            store::upsert_meeting(tx, &m)?;
            store::insert_reopening(tx, &reopening)
        })?;
        Ok(reopening)
    }

    pub fn reopenings(&self, meeting_id: Id) -> Result<Vec<MeetingReopening>> {
        store::list_reopenings(self.store().read(), meeting_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use crate::testing::*;
    use chrono::Duration;

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

    #[test]
    fn notes_locked_after_closing_and_editable_after_reopening() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let c = fx.case(&m, 0);
        set_now(&fx.now, m.starts_at);
        let core = &mut fx.core;
        core.start_meeting(m.id).unwrap();
        let rev = core
            .save_section(c, "psykiatri", "Fortsætter med depotmedicin.", 0)
            .unwrap();
        advance(&fx.now, Duration::minutes(115));
        let closed = core.close_meeting(m.id).unwrap().meeting;
        assert_eq!(closed.status, MeetingStatus::Closed);
        assert_eq!(closed.closed_at, Some(m.starts_at + Duration::minutes(115)));
        assert!(core.case_detail(c).unwrap().locked);

        let kind = |e: CoreError| e.kind();
        assert_eq!(
            kind(
                core.save_section(c, "psykiatri", "Rettet", rev)
                    .unwrap_err()
            ),
            "MeetingLocked"
        );
        assert_eq!(
            kind(core.save_theme_notes(m.id, "x", 0).unwrap_err()),
            "MeetingLocked"
        );
        assert_eq!(
            kind(
                core.save_agreement(
                    c,
                    &AgreementInput {
                        what: "x".into(),
                        ..Default::default()
                    }
                )
                .unwrap_err()
            ),
            "MeetingLocked"
        );
        assert_eq!(
            kind(
                core.set_citizen_attendance(c, Some(Attendance::Present))
                    .unwrap_err()
            ),
            "MeetingLocked"
        );
        assert_eq!(kind(core.next_item(m.id).unwrap_err()), "MeetingLocked");
        assert_eq!(
            kind(core.goto_item(m.id, "tema").unwrap_err()),
            "MeetingLocked"
        );
        assert_eq!(
            kind(
                core.save_citizen_evaluation(c, &CitizenEvalInput::default())
                    .unwrap_err()
            ),
            "MeetingLocked"
        );
        // Closing twice is harmless.
        assert_eq!(
            core.close_meeting(m.id).unwrap().meeting.closed_at,
            closed.closed_at
        );

        // Reopening needs a reason and is recorded.
        assert_eq!(
            kind(core.reopen_meeting(m.id, "  ").unwrap_err()),
            "EmptyField"
        );
        advance(&fx.now, Duration::hours(20));
        let r = core
            .reopen_meeting(m.id, "Stavefejl i psykiatri-afsnittet")
            .unwrap();
        assert_eq!(
            r.at,
            m.starts_at + Duration::minutes(115) + Duration::hours(20)
        );
        assert_eq!(core.reopenings(m.id).unwrap(), vec![r]);
        assert_eq!(core.meeting(m.id).unwrap().status, MeetingStatus::Running);
        assert!(!core.case_detail(c).unwrap().locked);
        assert_eq!(
            core.save_section(c, "psykiatri", "Rettet", rev).unwrap(),
            rev + 1
        );
        assert_eq!(
            kind(core.reopen_meeting(m.id, "igen").unwrap_err()),
            "InvalidValue"
        );
        // The meeting clock did not count the night the meeting was closed.
        assert_eq!(core.agenda(m.id).unwrap().elapsed_seconds, 115 * 60);
        core.close_meeting(m.id).unwrap();
        assert_eq!(
            kind(
                core.save_section(c, "psykiatri", "Igen", rev + 1)
                    .unwrap_err()
            ),
            "MeetingLocked"
        );
    }

    #[test]
    fn timers_are_right_after_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let mut fx = fixture_on(Store::open_in_dir(dir.path()).unwrap());
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
    fn citizen_evaluation_is_not_answered_when_citizen_absent() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let (absent, unregistered, present) = (fx.case(&m, 0), fx.case(&m, 1), fx.case(&m, 2));
        let core = &mut fx.core;
        core.set_citizen_attendance(absent, Some(Attendance::Absent))
            .unwrap();
        // The case goes ahead without the citizen.
        core.save_section(absent, "vigtigste", "Borgeren var ikke til stede.", 0)
            .unwrap();
        let input = CitizenEvalInput {
            involved: Answer::Yes,
            ownership: Answer::Partly,
            common_goals: Answer::No,
            comment: "Sendt til borgeren bagefter".into(),
        };
        for case in [absent, unregistered] {
            let e = core.save_citizen_evaluation(case, &input).unwrap();
            assert_eq!(
                (e.involved, e.ownership, e.common_goals),
                (Answer::Unanswered, Answer::Unanswered, Answer::Unanswered)
            );
            let stored = core.citizen_evaluation(case).unwrap().unwrap();
            assert_eq!(stored, e);
            assert_eq!(stored.comment, "Sendt til borgeren bagefter");
        }
        for (attendance, case) in [
            (Attendance::Present, present),
            (Attendance::Virtual, unregistered),
        ] {
            core.set_citizen_attendance(case, Some(attendance)).unwrap();
            let e = core.save_citizen_evaluation(case, &input).unwrap();
            assert_eq!(
                (e.involved, e.ownership, e.common_goals),
                (Answer::Yes, Answer::Partly, Answer::No)
            );
            assert_eq!(core.case_detail(case).unwrap().citizen_evaluation, Some(e));
        }
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
                &crate::service::CasePrepInput {
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
    fn closing_check_warns_and_clears() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let (c1, c2) = (fx.case(&m, 0), fx.case(&m, 1));
        fx.agreement(c1, "Søge boligstøtte", Some(Who::Citizen), None);
        fx.agreement(c1, "Kriseplan", Some(Who::Citizen), Some(Due::NextMeeting));
        let no_who = fx.agreement(c2, "Ringe til lægen", None, Some(Due::NextMeeting));
        let core = &mut fx.core;
        let check = core.closing_check(m.id).unwrap();
        assert_eq!(
            check.cases_without_evaluation,
            ["Mikkel Sørensen", "Camilla Nørgaard"]
        );
        assert_eq!(
            check.agreements_missing_owner_or_date,
            [
                "Mikkel Sørensen: Søge boligstøtte",
                "Camilla Nørgaard: Ringe til lægen"
            ]
        );
        assert!(check.meeting_evaluation_missing && !check.clean);

        core.save_citizen_evaluation(c1, &CitizenEvalInput::default())
            .unwrap();
        core.save_citizen_evaluation(c2, &CitizenEvalInput::default())
            .unwrap();
        let ids: Vec<Id> = core
            .case_detail(c1)
            .unwrap()
            .agreements
            .iter()
            .map(|a| a.id)
            .collect();
        core.delete_agreement(ids[0]).unwrap();
        core.save_agreement(
            c2,
            &AgreementInput {
                id: Some(no_who),
                what: "Ringe til lægen".into(),
                who: Some(Who::Organisation {
                    name: "Lægehuset".into(),
                }),
                due: Some(Due::NextMeeting),
            },
        )
        .unwrap();
        let err = core.save_meeting_evaluation(
            m.id,
            &MeetingEvalInput {
                coherent: Some(Answer::Unanswered),
                ..Default::default()
            },
        );
        assert_eq!(err.unwrap_err().kind(), "InvalidValue");
        let e = core
            .save_meeting_evaluation(
                m.id,
                &MeetingEvalInput {
                    effects: "Fælles overblik".into(),
                    coherent: Some(Answer::Partly),
                    ..Default::default()
                },
            )
            .unwrap();
        assert_eq!(core.meeting_evaluation(m.id).unwrap(), Some(e));
        let check = core.closing_check(m.id).unwrap();
        assert!(check.clean, "{check:?}");
        // Closing works with or without warnings.
        core.close_meeting(m.id).unwrap();
        assert_eq!(
            core.delete_agreement(no_who).unwrap_err().kind(),
            "MeetingLocked"
        );
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

    #[test]
    fn attendance_follows_the_meeting_unless_set_per_case() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let (c1, c2) = (fx.case(&m, 0), fx.case(&m, 1));
        let doctor = fx.doctor;
        let core = &mut fx.core;
        let attendance = |core: &Core, case: Id, p: Id| {
            core.case_detail(case)
                .unwrap()
                .participants
                .into_iter()
                .find(|x| x.participant_id == p)
                .map(|x| x.attendance)
        };
        core.set_member_attendance(m.id, doctor, Attendance::Absent)
            .unwrap();
        assert_eq!(attendance(core, c1, doctor), Some(Some(Attendance::Absent)));
        assert_eq!(attendance(core, c2, doctor), Some(Some(Attendance::Absent)));
        core.set_case_participant_attendance(c1, doctor, Some(Attendance::Virtual))
            .unwrap();
        core.set_member_attendance(m.id, doctor, Attendance::Present)
            .unwrap();
        assert_eq!(
            attendance(core, c1, doctor),
            Some(Some(Attendance::Virtual))
        );
        assert_eq!(
            attendance(core, c2, doctor),
            Some(Some(Attendance::Present))
        );
        let members = core.member_attendance(m.id).unwrap();
        assert_eq!(members.len(), 3);
        let d = members.iter().find(|x| x.participant_id == doctor).unwrap();
        assert_eq!(
            (d.attendance, d.attendance_label.as_str()),
            (Some(Attendance::Present), "Til stede")
        );
        assert_eq!(d.role_title, "Klinik for rusmiddelpsykiatri");

        // Ad hoc people join one case.
        let err = core.add_adhoc_participant(
            c1,
            &MemberInput {
                role: "moedeleder".into(),
                name: "X".into(),
                ..Default::default()
            },
        );
        assert_eq!(err.unwrap_err().kind(), "InvalidValue");
        let err = core.add_adhoc_participant(
            c1,
            &MemberInput {
                id: Some(doctor),
                role: "psykiater".into(),
                name: "X".into(),
                ..Default::default()
            },
        );
        assert_eq!(err.unwrap_err().kind(), "InvalidValue");
        let p = core
            .add_adhoc_participant(
                c1,
                &MemberInput {
                    role: "netvaerk".into(),
                    name: "Karin Sørensen".into(),
                    title: "Mor".into(),
                    fixed: true,
                    chair: true,
                    ..Default::default()
                },
            )
            .unwrap();
        assert!(!p.fixed);
        assert_ne!(core.require_team().unwrap().chair_id, Some(p.id));
        let d1 = core.case_detail(c1).unwrap();
        let x = d1
            .participants
            .iter()
            .find(|x| x.participant_id == p.id)
            .unwrap();
        assert_eq!(
            (x.role_title.as_str(), x.fixed, x.attendance),
            ("Netværk/pårørende", false, None)
        );
        assert_eq!(x.attendance_label, "Ikke registreret");
        assert!(!core
            .case_detail(c2)
            .unwrap()
            .participants
            .iter()
            .any(|x| x.participant_id == p.id));
        core.set_case_participant_attendance(c1, p.id, Some(Attendance::Present))
            .unwrap();
        core.remove_case_participant(c1, p.id).unwrap();
        assert!(!core
            .case_detail(c1)
            .unwrap()
            .participants
            .iter()
            .any(|x| x.participant_id == p.id));
        assert!(core.participants().unwrap().iter().any(|x| x.id == p.id));
        // The citizen's own attendance.
        let case = core
            .set_citizen_attendance(c1, Some(Attendance::Virtual))
            .unwrap();
        assert_eq!(case.citizen_attendance, Some(Attendance::Virtual));
        assert_eq!(
            core.case_detail(c1).unwrap().citizen_attendance_label,
            "Virtuelt"
        );
    }

    #[test]
    fn case_detail_has_previous_next_steps_and_never_a_cpr_number() {
        let mut fx = fixture();
        let (m1, m2) = (fx.meeting("2026-03-03"), fx.meeting("2026-03-31"));
        let (c1, c2) = (fx.case(&m1, 0), fx.case(&m2, 0));
        let core = &mut fx.core;
        core.save_section(c1, "naeste_skridt", "Vi ses igen den 31. marts.", 0)
            .unwrap();
        core.save_theme_notes(m2.id, "  Oplæg om kriseplaner\n", 0)
            .unwrap();
        assert_eq!(
            core.theme_notes_text(m2.id).unwrap(),
            "  Oplæg om kriseplaner\n"
        );
        let d = core.case_detail(c2).unwrap();
        assert_eq!(
            d.previous_next_steps.as_deref(),
            Some("Vi ses igen den 31. marts.")
        );
        assert_eq!(
            d.previous_meeting_date_label.as_deref(),
            Some("tirsdag den 3. marts 2026")
        );
        assert_eq!(d.meeting_date_label, "tirsdag den 31. marts 2026");
        assert_eq!(
            (
                d.citizen_display_name.as_str(),
                d.citizen_full_name.as_str()
            ),
            ("Mikkel", "Mikkel Sørensen")
        );
        assert_eq!(d.participants.len(), 3);
        assert!(core.case_detail(c1).unwrap().previous_next_steps.is_none());
        let json = serde_json::to_string(&d).unwrap();
        for cpr in CPRS {
            assert!(
                !json.contains(&cpr.replace('-', "")) && !json.contains(cpr),
                "{json}"
            );
            assert!(!json.contains(&cpr[..6]));
        }
        let agenda = serde_json::to_string(&core.agenda(m2.id).unwrap()).unwrap();
        assert!(!agenda.contains("1203851117") && !agenda.contains("120385"));
    }
}
