//! Danish words used in more than one place: who is responsible, by when, a citizen's short
//! name, attendance, a meeting's date and place, a case's time, a person's role. One
//! definition each, so that the screen, the chair, the documents and the files say the same.
//!
//! Ground: this module knows only the domain's types, the calendar and the templates.

use crate::calendar;
use crate::domain::*;
use crate::templates::Template;
use chrono::{DateTime, NaiveDate, Utc};

/// Who is responsible for an agreement: the participant's name, the organisation, or the
/// citizen's name (`citizen_name`); "" when nobody is.
pub fn who_label(who: &Option<Who>, participants: &[Participant], citizen_name: &str) -> String {
    match who {
        None => String::new(),
        Some(Who::Citizen) => citizen_name.to_string(),
        Some(Who::Organisation { name }) => name.clone(),
        Some(Who::Participant { id }) => participants
            .iter()
            .find(|p| p.id == *id)
            .map(|p| p.name.clone())
            .unwrap_or_default(),
    }
}

/// By when: "3. marts 2026", "Inden næste møde (31. marts 2026)", "Inden næste møde"; ""
/// when there is no due date.
pub fn due_label(due: &Option<Due>, next_meeting: Option<NaiveDate>) -> String {
    match due {
        None => String::new(),
        Some(Due::Date { date }) => calendar::date_short(*date),
        Some(Due::NextMeeting) => match next_meeting {
            Some(d) => format!("Inden næste møde ({})", calendar::date_short(d)),
            None => "Inden næste møde".into(),
        },
    }
}

/// "Mikkel S." — first name and last-name initial, for documents to several readers.
pub fn short_name(c: &Citizen) -> String {
    let first = c.display_first_name();
    match c.last_name.trim().chars().next() {
        Some(i) => format!("{first} {}.", i.to_uppercase()),
        None => first.to_string(),
    }
}

/// "Til stede", "Virtuelt", "Fraværende" or "Ikke registreret".
pub fn attendance_label(a: Option<Attendance>) -> String {
    a.map(|a| a.label_da())
        .unwrap_or("Ikke registreret")
        .to_string()
}

/// The one date a review of an agreement is shown with, everywhere (Opfølgning, the case,
/// the course, the screen): the start of the meeting whose case it was made in, or when it
/// was made if that was earlier (marked ahead, while preparing the next case) or if it was
/// made without a case (`meeting_starts_at` is then `None`). It never changes with time.
pub fn review_date(
    meeting_starts_at: Option<DateTime<Utc>>,
    reviewed_at: DateTime<Utc>,
) -> DateTime<Utc> {
    meeting_starts_at.map_or(reviewed_at, |m| m.min(reviewed_at))
}

/// "tirsdag den 3. marts 2026": the local date of a moment.
pub fn date_label(t: DateTime<Utc>) -> String {
    calendar::date_long(calendar::local(t).date_naive())
}

/// "3. marts 2026": the local date of a moment, short.
pub fn short_date_label(t: DateTime<Utc>) -> String {
    calendar::date_short(calendar::local(t).date_naive())
}

/// "tirsdag den 22. december 2026 kl. 13.00": a moment's local date and time.
pub fn date_time_label(t: DateTime<Utc>) -> String {
    format!("{} {}", date_label(t), calendar::clock(t))
}

/// "Mødelokale 2, Rådhuset · video: https://…", or what is missing.
pub fn place_and_link(m: &Meeting) -> String {
    match (m.place.trim(), m.video_link.trim()) {
        ("", "") => "Stedet er ikke fastsat endnu.".into(),
        (p, "") => p.into(),
        ("", l) => format!("Online: {l}"),
        (p, l) => format!("{p} – eller online: {l}"),
    }
}

/// A case's own time: "ca. kl. 13.25–13.51".
pub fn slot_label(start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    let end_clock = calendar::clock(end);
    let end_clock = end_clock.trim_start_matches("kl. ");
    format!("ca. {}–{end_clock}", calendar::clock(start))
}

/// A person's role for the chair: the role's title, with the organisation when it adds
/// something ("Sagsbehandler, Jobcentret").
pub fn participant_role(t: &Template, p: &Participant) -> String {
    let role = t.role_title(&p.role).unwrap_or(&p.role);
    if p.organisation.is_empty() || role.contains(&p.organisation) {
        role.to_string()
    } else {
        format!("{role}, {}", p.organisation)
    }
}

/// A person's role as a title in documents: "Klinik for rusmiddelpsykiatri (Overlæge)".
pub fn role_label(t: &Template, p: &Participant) -> String {
    let role = t.role_title(&p.role).unwrap_or(&p.role);
    let title = p.title.trim();
    if title.is_empty() || title == role {
        role.to_string()
    } else {
        format!("{role} ({title})")
    }
}

/// «godt, blandet, svært eller ikke besvaret»: a list joined the Danish way.
pub fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} eller {last}", rest.join(", ")),
    }
}

/// A citizen's question in a table's header: «Inddraget» for «Har du følt dig inddraget?».
pub fn question_short(key: &str) -> &str {
    match key {
        "experience" => "Oplevelse",
        "involved" => "Inddraget",
        "ownership" => "Eget forløb",
        "common_goals" => "Fælles mål",
        "coherence" => "Sammenhæng",
        other => other,
    }
}

/// A question's short name for a column: the bundled questions' own («Inddraget»), else
/// the question's text, cut at a word before 28 characters («Føler du dig tryg ved…»).
pub fn question_label(key: &str, text: &str) -> String {
    let short = question_short(key);
    if short != key {
        return short.to_string();
    }
    let text = text.trim().trim_end_matches('?');
    if text.chars().count() <= 28 {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > 27 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = text.chars().take(27).collect();
    }
    out.push('…');
    out
}

/// A citizen's answer as a table cell: «Ikke stillet» when the question was not asked of
/// them (it came with a later template), «Ikke registreret» when no evaluation was recorded.
pub fn answer_cell(recorded: bool, answer: Option<Answer>) -> &'static str {
    match (recorded, answer) {
        (false, _) => "Ikke registreret",
        (true, None) => "Ikke stillet",
        (true, Some(a)) => a.label_da(),
    }
}

/// «Kommunen» as the template names it; the joint record «Teamets fælles svar».
pub fn org_title(t: &Template, org: Org) -> String {
    t.meeting_evaluation
        .organisations
        .iter()
        .find(|o| o.key == org)
        .map_or_else(|| org.label_da().to_string(), |o| o.title.clone())
}
