//! Meetings: planning (one or a series), moving, cancelling, clashes, the annual wheel of
//! themes; a meeting's video link is an https address or nothing.

use crate::calendar;
use crate::core::{limits, Core};
use crate::domain::*;
use crate::error::{optional, required, CoreError, Result};
use crate::store;
use crate::words::date_time_label;
use chrono::Duration;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct MeetingInput {
    pub id: Option<Id>,
    /// ISO date
    pub date: String,
    /// HH:MM local time
    pub start: String,
    pub duration_minutes: Option<u32>,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub video_link: String,
    #[serde(default)]
    pub theme: String,
}

/// A meeting's video link: empty, or an https address without spaces.
pub fn check_video_link(link: &str) -> Result<String> {
    let link = link.trim();
    if link.is_empty() {
        return Ok(String::new());
    }
    let rest = link
        .strip_prefix("https://")
        .filter(|r| !r.is_empty() && !r.starts_with('/'));
    match rest {
        Some(r) if !r.chars().any(|c| c.is_whitespace() || c.is_control()) => Ok(link.into()),
        _ => Err(CoreError::InvalidValue {
            field: "Videolink",
            reason: "skal være en sikker adresse, der begynder med https://".into(),
        }),
    }
}

impl Core {
    pub fn meetings(&self) -> Result<Vec<Meeting>> {
        let team = self.require_team()?;
        store::list_meetings(self.store().read(), team.id)
    }

    pub fn meeting(&self, id: Id) -> Result<Meeting> {
        store::get_meeting(self.store().read(), id)
    }

    /// Creates a meeting or edits (moves) one. A past date is allowed: registering a meeting
    /// after the fact.
    pub fn save_meeting(&mut self, input: &MeetingInput) -> Result<Meeting> {
        let team = self.require_team()?;
        let date = calendar::parse_date("Dato", &input.date)?;
        let time = calendar::parse_time("Starttid", &input.start)?;
        let starts_at = calendar::local_to_utc(date, time)?;
        let duration = input
            .duration_minutes
            .unwrap_or(self.template().meeting_minutes);
        if !(15..=600).contains(&duration) {
            return Err(CoreError::InvalidValue {
                field: "Varighed",
                reason: "mellem 15 og 600 minutter".into(),
            });
        }
        let theme = optional("Tema", &input.theme, limits::SHORT)?;
        let place = optional("Sted", &input.place, limits::SHORT)?.unwrap_or_default();
        let video = optional("Videolink", &input.video_link, limits::SHORT)?.unwrap_or_default();
        let video = check_video_link(&video)?;
        let mut m = match input.id {
            Some(id) => self.meeting(id)?,
            None => Meeting {
                id: new_id(),
                team_id: team.id,
                starts_at,
                duration_minutes: duration,
                place: String::new(),
                video_link: String::new(),
                theme_override: None,
                status: MeetingStatus::Planned,
                cancel_reason: None,
                template_version: self.template().version.clone(),
                started_at: None,
                closed_at: None,
                current_item: None,
                created_at: self.now(),
                sequence: 0,
            },
        };
        if m.status == MeetingStatus::Closed && (m.starts_at != starts_at) {
            return Err(CoreError::MeetingLocked);
        }
        let moved = m.starts_at != starts_at
            || m.duration_minutes != duration
            || m.place != place
            || m.video_link != video;
        if input.id.is_some() && moved {
            m.sequence += 1;
        }
        m.starts_at = starts_at;
        m.duration_minutes = duration;
        m.place = place;
        m.video_link = video;
        m.theme_override = theme;
        self.check_clash(&m)?;
        self.store_mut().write(|tx| store::upsert_meeting(tx, &m))?;
        Ok(m)
    }

    fn check_clash(&self, m: &Meeting) -> Result<()> {
        let end = m.starts_at + Duration::minutes(m.duration_minutes as i64);
        if let Some(other) = store::overlapping_meeting(
            self.store().read(),
            m.team_id,
            m.starts_at,
            end,
            Some(m.id),
        )? {
            return Err(CoreError::MeetingClash {
                other: date_time_label(other.starts_at),
            });
        }
        Ok(())
    }

    /// Plans a series: `count` meetings every `every_weeks` weeks. All or nothing.
    pub fn plan_series(
        &mut self,
        first_date: &str,
        start: &str,
        count: u32,
        every_weeks: u32,
    ) -> Result<Vec<Meeting>> {
        let team = self.require_team()?;
        let first = calendar::parse_date("Første dato", first_date)?;
        let time = calendar::parse_time("Starttid", start)?;
        let starts = calendar::series(first, time, count, every_weeks)?;
        let now = self.now();
        let meetings: Vec<Meeting> = starts
            .into_iter()
            .map(|starts_at| Meeting {
                id: new_id(),
                team_id: team.id,
                starts_at,
                duration_minutes: self.template().meeting_minutes,
                place: String::new(),
                video_link: String::new(),
                theme_override: None,
                status: MeetingStatus::Planned,
                cancel_reason: None,
                template_version: self.template().version.clone(),
                started_at: None,
                closed_at: None,
                current_item: None,
                created_at: now,
                sequence: 0,
            })
            .collect();
        for m in &meetings {
            self.check_clash(m)?;
        }
        self.store_mut().write(|tx| {
            for m in &meetings {
                store::upsert_meeting(tx, m)?;
            }
            Ok(())
        })?;
        Ok(meetings)
    }

    pub fn cancel_meeting(&mut self, id: Id, reason: &str) -> Result<Meeting> {
        let mut m = self.meeting(id)?;
        if m.status == MeetingStatus::Closed {
            return Err(CoreError::MeetingLocked);
        }
        m.cancel_reason = Some(required("Begrundelse", reason, limits::TEXT)?);
        // Text typed in it but not saved yet goes into its notes first.
        self.save_drafts()?.into_result()?;
        m.status = MeetingStatus::Cancelled;
        m.sequence += 1;
        self.store_mut().write(|tx| {
            store::upsert_meeting(tx, &m)?;
            // Reviews made in its cases (a follow-up marked on the citizen's next case) no
            // longer count: each agreement's status is its latest review outside it.
            store::refresh_agreements_reviewed_in(tx, m.id)
        })?;
        self.drop_drafts_of_meeting(id);
        Ok(m)
    }

    /// The theme of a meeting: its override, else the annual wheel's theme for its slot.
    pub fn meeting_theme(&self, m: &Meeting) -> Result<Option<String>> {
        let all = store::list_meetings(self.store().read(), m.team_id)?;
        self.meeting_theme_among(m, &all, &mut HashMap::new())
    }

    /// As `meeting_theme`, with the team's meetings (oldest first) already listed and the
    /// wheel of each year cached in `wheels`: one pass for a whole list of meetings.
    pub fn meeting_theme_among(
        &self,
        m: &Meeting,
        all: &[Meeting],
        wheels: &mut HashMap<i32, Vec<ThemeEntry>>,
    ) -> Result<Option<String>> {
        if let Some(t) = &m.theme_override {
            return Ok(Some(t.clone()));
        }
        let (year, slot) = wheel_slot_among(m, all);
        let wheel = match wheels.entry(year) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(store::theme_wheel(self.store().read(), m.team_id, year)?)
            }
        };
        Ok(wheel
            .iter()
            .find(|e| e.slot == slot)
            .map(|e| e.title.clone()))
    }

    /// The meeting's year and 1-based position among the team's held or planned meetings
    /// of that year.
    pub fn wheel_slot(&self, m: &Meeting) -> Result<(i32, u32)> {
        let all = store::list_meetings(self.store().read(), m.team_id)?;
        Ok(wheel_slot_among(m, &all))
    }

    pub fn set_theme(&mut self, year: i32, slot: u32, title: &str) -> Result<()> {
        let team = self.require_team()?;
        let title = optional("Tema", title, limits::SHORT)?.unwrap_or_default();
        if !(1..=60).contains(&slot) || !(2000..=2100).contains(&year) {
            return Err(CoreError::InvalidValue {
                field: "Årshjul",
                reason: "ugyldigt år eller nummer".into(),
            });
        }
        let entry = ThemeEntry {
            team_id: team.id,
            year,
            slot,
            title,
        };
        self.store_mut().write(|tx| store::set_theme(tx, &entry))
    }
}

/// `m`'s year and 1-based slot among `all` (the team's meetings, oldest first).
pub fn wheel_slot_among(m: &Meeting, all: &[Meeting]) -> (i32, u32) {
    use chrono::Datelike;
    let year = calendar::local(m.starts_at).year();
    let n = all
        .iter()
        .filter(|o| o.status != MeetingStatus::Cancelled || o.id == m.id)
        .filter(|o| calendar::local(o.starts_at).year() == year)
        .take_while(|o| o.id != m.id)
        .count();
    (year, n as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn video_links_must_be_https() {
        assert_eq!(check_video_link("  ").unwrap(), "");
        assert_eq!(
            check_video_link(" https://meet.example.dk/abc ").unwrap(),
            "https://meet.example.dk/abc"
        );
        for bad in [
            "http://meet.example.dk",
            "meet.example.dk",
            "https://",
            "https:///x",
            "javascript:alert(1)",
            "https://a b",
            "ftp://x",
        ] {
            let e = check_video_link(bad).unwrap_err();
            assert!(e.message_da().contains("https://"), "{bad}");
        }
    }
}
