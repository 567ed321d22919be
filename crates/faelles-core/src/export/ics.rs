//! Calendar files (RFC 5545) for the team's series and for a citizen's own case.
//!
//! Written with the `icalendar` crate (UTF-8, CRLF, lines folded at 75 octets, text
//! escaped); times are local Copenhagen times with `TZID=Europe/Copenhagen`, and the file
//! carries that zone's VTIMEZONE (the crate does not write one: it is inserted before the
//! first event). A meeting's UID is stable (`<meeting id>@faelles-team`), its SEQUENCE is
//! raised each time it moves and a cancelled meeting stays in the file with
//! STATUS:CANCELLED, so calendars update the event they hold. No CPR number, no other
//! citizen and no notes are ever in an event.

use crate::calendar;
use crate::core::Core;
use crate::domain::*;
use crate::error::Result;
use crate::store;
use crate::words::place_and_link;
use chrono::{DateTime, Duration, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike, EventStatus};

const TZID: &str = "Europe/Copenhagen";

/// Europe/Copenhagen since 1996: CET, and CEST from the last Sunday of March 02:00 to the
/// last Sunday of October 03:00.
const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\n\
TZID:Europe/Copenhagen\r\n\
BEGIN:DAYLIGHT\r\n\
TZOFFSETFROM:+0100\r\n\
TZOFFSETTO:+0200\r\n\
TZNAME:CEST\r\n\
DTSTART:19700329T020000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
END:DAYLIGHT\r\n\
BEGIN:STANDARD\r\n\
TZOFFSETFROM:+0200\r\n\
TZOFFSETTO:+0100\r\n\
TZNAME:CET\r\n\
DTSTART:19701025T030000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n\
END:STANDARD\r\n\
END:VTIMEZONE\r\n";

fn local(t: DateTime<Utc>) -> CalendarDateTime {
    CalendarDateTime::WithTimezone {
        date_time: calendar::local(t).naive_local(),
        tzid: TZID.into(),
    }
}

/// The calendar as text, with the VTIMEZONE before the first component.
fn finish(cal: Calendar) -> String {
    let text = cal.to_string();
    match text.find("BEGIN:VEVENT") {
        Some(at) => format!("{}{VTIMEZONE}{}", &text[..at], &text[at..]),
        None => text.replace("END:VCALENDAR", &format!("{VTIMEZONE}END:VCALENDAR")),
    }
}

fn calendar_named(name: &str) -> Calendar {
    let mut cal = Calendar::empty();
    for (key, value) in [
        ("VERSION", "2.0"),
        ("PRODID", "-//Fælles Team//faelles-team//DA"),
        ("CALSCALE", "GREGORIAN"),
    ] {
        cal.append_property(icalendar::Property::new(key, value));
    }
    cal.name(name).timezone(TZID);
    cal
}

impl Core {
    /// The team's meetings as one calendar for the professionals.
    pub fn team_calendar(&self) -> Result<String> {
        let team = self.require_team()?;
        let now = self.now();
        let mut cal = calendar_named(&format!("Fælles Team – {}", team.name));
        for m in store::list_meetings(self.store().read(), team.id)? {
            let end = m.starts_at + Duration::minutes(i64::from(m.duration_minutes));
            let mut e = Event::new();
            e.uid(&format!("{}@faelles-team", m.id))
                .timestamp(now)
                .starts(local(m.starts_at))
                .ends(local(end))
                .summary(&format!("Fælles Team – {}", team.name))
                .sequence(m.sequence)
                .status(if m.status == MeetingStatus::Cancelled {
                    EventStatus::Cancelled
                } else {
                    EventStatus::Confirmed
                });
            let mut about = Vec::new();
            if let Some(theme) = self.meeting_theme(&m)? {
                about.push(format!("Tema: {theme}"));
            }
            if !m.place.trim().is_empty() {
                e.location(m.place.trim());
            }
            if !m.video_link.trim().is_empty() {
                e.add_property("URL", m.video_link.trim());
                about.push(format!("Online: {}", m.video_link.trim()));
            }
            if let Some(reason) = m
                .cancel_reason
                .as_deref()
                .filter(|_| m.status == MeetingStatus::Cancelled)
            {
                about.push(format!("Aflyst: {reason}"));
            }
            if !about.is_empty() {
                e.description(&about.join("\n"));
            }
            cal.push(e.done());
        }
        Ok(finish(cal))
    }

    /// One event for a citizen's own case: the time of their case, the place or link, the
    /// contact. Nothing about anyone else.
    pub fn case_calendar(&self, case_id: Id) -> Result<String> {
        self.case_consent(case_id)?;
        let c = self.store().read();
        let case = store::get_case(c, case_id)?;
        let m = store::get_meeting(c, case.meeting_id)?;
        let team = self.require_team()?;
        let slot = self.case_slot(case_id)?;
        let mut cal = calendar_named("Fælles Team");
        let mut e = Event::new();
        let mut about = vec![format!(
            "Din tid på mødet i Fælles Team ({}). Tiden er cirka.",
            slot.label
        )];
        if let Some(p) = [
            store::get_citizen(c, case.citizen_id)?.contact_id,
            team.coordinator_id,
        ]
        .into_iter()
        .flatten()
        .find_map(|id| store::get_participant(c, id).ok().filter(|p| p.active))
        {
            let mut contact = format!("Kontakt: {}", p.name);
            if let Some(phone) = p.phone.as_deref().filter(|s| !s.trim().is_empty()) {
                contact.push_str(&format!(", tlf. {}", phone.trim()));
            }
            about.push(contact);
        }
        e.uid(&format!("{}@faelles-team", case.id))
            .timestamp(self.now())
            .starts(local(slot.start))
            .ends(local(slot.end))
            .summary("Fælles Team")
            .sequence(m.sequence)
            .status(if m.status == MeetingStatus::Cancelled {
                EventStatus::Cancelled
            } else {
                EventStatus::Confirmed
            })
            .location(&place_and_link(&m))
            .description(&about.join("\n"));
        if !m.video_link.trim().is_empty() {
            e.add_property("URL", m.video_link.trim());
        }
        cal.push(e.done());
        Ok(finish(cal))
    }
}

impl Core {
    /// One event for an ad hoc participant: their case's time, the place or link, the
    /// citizen's first name and their part, the coordinator as contact. Nothing of other
    /// cases, no other participant, no CPR number. Refused unless the consent covers them.
    pub fn adhoc_calendar(&self, case_id: Id, participant_id: Id) -> Result<String> {
        let p = self.adhoc_of_case(case_id, participant_id)?;
        let c = self.store().read();
        let case = store::get_case(c, case_id)?;
        let m = store::get_meeting(c, case.meeting_id)?;
        let t = crate::templates::by_version(&m.template_version)?;
        let citizen = store::get_citizen(c, case.citizen_id)?;
        let team = self.require_team()?;
        let slot = self.case_slot(case_id)?;
        let part = t.plain_role(&p.role).unwrap_or(&p.role);
        let mut about = vec![format!(
            "Din del af mødet i Fælles Team: sagen om {} ({}). Du deltager som {part}. \
             Tiden er cirka.",
            citizen.first_name, slot.label
        )];
        if let Some(k) = team
            .coordinator_id
            .and_then(|id| store::get_participant(c, id).ok())
            .filter(|k| k.active)
        {
            let mut contact = format!("Kontakt: {} (tovholder)", k.name);
            if let Some(phone) = k.phone.as_deref().filter(|s| !s.trim().is_empty()) {
                contact.push_str(&format!(", tlf. {}", phone.trim()));
            }
            about.push(contact);
        }
        let mut cal = calendar_named("Fælles Team");
        let mut e = Event::new();
        e.uid(&format!("{}-{}@faelles-team", case.id, p.id))
            .timestamp(self.now())
            .starts(local(slot.start))
            .ends(local(slot.end))
            .summary(&format!("Fælles Team – {}", citizen.first_name))
            .sequence(m.sequence)
            .status(if m.status == MeetingStatus::Cancelled {
                EventStatus::Cancelled
            } else {
                EventStatus::Confirmed
            })
            .location(&place_and_link(&m))
            .description(&about.join("\n"));
        if !m.video_link.trim().is_empty() {
            e.add_property("URL", m.video_link.trim());
        }
        cal.push(e.done());
        Ok(finish(cal))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meetings::MeetingInput;
    use crate::testing::fixture;
    use icalendar::{parser, DatePerhapsTime};

    /// Parses `text` with the icalendar crate's parser: (UID, start UTC, SEQUENCE, STATUS,
    /// SUMMARY, LOCATION) per event.
    fn events(text: &str) -> Vec<(String, DateTime<Utc>, u32, String, String, String)> {
        let unfolded = parser::unfold(text);
        let cal: Calendar = parser::read_calendar(&unfolded).unwrap().into();
        cal.events()
            .map(|e| {
                let start = match e.get_start().unwrap() {
                    DatePerhapsTime::DateTime(dt) => dt.try_into_utc().unwrap(),
                    other => panic!("not a date-time: {other:?}"),
                };
                (
                    e.get_uid().unwrap().to_string(),
                    start,
                    e.get_sequence().unwrap_or(0),
                    e.property_value("STATUS").unwrap_or_default().to_string(),
                    e.get_summary().unwrap_or_default().to_string(),
                    e.get_location().unwrap_or_default().to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn the_team_series_crosses_both_changes_of_summer_time() {
        let mut fx = fixture();
        // Every 4th week from 3 March 2026: 31 March is summer time, 10 November winter again.
        let series = fx.core.plan_series("2026-03-03", "13:00", 10, 4).unwrap();
        let text = fx.core.team_calendar().unwrap();
        assert!(text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'));
        assert!(text.lines().all(|l| l.len() <= 75), "folded at 75 octets");
        assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Copenhagen"));
        assert_eq!(text.matches("PRODID:").count(), 1);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Fælles Team"));
        assert!(text.contains("DTSTART;TZID=Europe/Copenhagen:20260331T130000"));
        let ev = events(&text);
        assert_eq!(ev.len(), 10);
        for (e, m) in ev.iter().zip(&series) {
            assert_eq!(e.0, format!("{}@faelles-team", m.id));
            assert_eq!(e.1, m.starts_at, "13.00 local on both sides of the change");
        }
        assert_eq!(calendar::clock(ev[0].1), "kl. 13.00"); // 3 March, CET: 12:00 UTC
        assert_eq!(ev[0].1.to_rfc3339(), "2026-03-03T12:00:00+00:00");
        assert_eq!(ev[1].1.to_rfc3339(), "2026-03-31T11:00:00+00:00");
        assert_eq!(ev[8].1.to_rfc3339(), "2026-10-13T11:00:00+00:00");
        assert_eq!(ev[9].1.to_rfc3339(), "2026-11-10T12:00:00+00:00");
    }

    #[test]
    fn a_moved_meeting_raises_sequence_and_a_cancelled_one_says_so() {
        let mut fx = fixture();
        let m = fx.meeting("2026-05-05");
        let moved = fx
            .core
            .save_meeting(&MeetingInput {
                id: Some(m.id),
                date: "2026-05-06".into(),
                start: "09:30".into(),
                place: "Mødelokale 2, Rådhuset; 1. sal".into(),
                video_link: "https://meet.example.dk/ft?a=1,b=2".into(),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(moved.sequence, 1);
        let ev = events(&fx.core.team_calendar().unwrap());
        assert_eq!(ev[0].2, 1);
        assert_eq!(ev[0].3, "CONFIRMED");
        assert_eq!(
            ev[0].5, "Mødelokale 2, Rådhuset; 1. sal",
            "escaped and read back"
        );
        fx.core
            .cancel_meeting(m.id, "Sygdom, desværre; ny dato\nfølger \\ snart")
            .unwrap();
        let text = fx.core.team_calendar().unwrap();
        let unfolded = parser::unfold(&text);
        assert!(
            unfolded.contains("Sygdom\\, desværre\\; ny dato\\nfølger \\\\ snart"),
            "escaped: {unfolded}"
        );
        let ev = events(&text);
        assert_eq!((ev[0].2, ev[0].3.as_str()), (2, "CANCELLED"));
        let cal: Calendar = parser::read_calendar(&parser::unfold(&text))
            .unwrap()
            .into();
        let description = cal
            .events()
            .next()
            .unwrap()
            .get_description()
            .unwrap()
            .to_string();
        assert!(
            description.contains("Aflyst: Sygdom, desværre; ny dato\nfølger \\ snart"),
            "read back unescaped: {description:?}"
        );
        assert_eq!(ev[0].0, format!("{}@faelles-team", m.id), "the same UID");
    }

    #[test]
    fn a_citizens_event_holds_their_slot_and_nothing_of_anyone_else() {
        let mut fx = fixture();
        let (m, cases) = fx.meeting_with_cases("2026-11-24");
        let text = fx.core.case_calendar(cases[1]).unwrap();
        let ev = events(&text);
        assert_eq!(ev.len(), 1);
        let slot = fx.core.case_slot(cases[1]).unwrap();
        assert_eq!(ev[0].1, slot.start);
        assert_eq!(ev[0].4, "Fælles Team");
        let unfolded = parser::unfold(&text);
        for case in fx.core.cases(m.id).unwrap() {
            let citizen = fx.core.citizen(case.citizen_id).unwrap();
            assert!(
                !unfolded.contains(&citizen.last_name),
                "no surname: {unfolded}"
            );
            if case.id != cases[1] {
                assert!(!unfolded.contains(&citizen.first_name));
            }
            assert!(!unfolded.contains(&citizen.cpr.digits()), "no CPR");
        }
    }
}
