//! The template editor's live preview: a template as the citizen and the letters will show
//! it, made by the real code paths. A sample team, citizen, meeting and case are written
//! into a private in-memory database with the template as its newest version; the citizen
//! screen is then the projection of that case, and the invitation and the summary are the
//! letters' documents, as text. Nothing of the team's own data is read but its name.

use crate::calendar;
use crate::core::Core;
use crate::cpr::Cpr;
use crate::domain::*;
use crate::error::Result;
use crate::projection::{self, ScreenView};
use crate::store::{self, Store};
use crate::templates::{Template, CASES_ITEM};
use chrono::{Duration, NaiveTime};
use faelles_pdf::{Block, Document};
use serde::Serialize;

/// What the editor shows beside the template.
#[derive(Debug, Clone, Serialize)]
pub struct TemplatePreview {
    /// The citizen screen of a sample case (only what the citizen may see).
    pub screen: ScreenView,
    /// The agenda as the participants get it: «13.00–13.05 Velkomst …».
    pub agenda: Vec<String>,
    /// The citizen's invitation, line by line.
    pub invitation: Vec<String>,
    /// The citizen's summary, line by line.
    pub summary: Vec<String>,
}

/// Sample names for the fixed roles, in order (more roles than names: «Medlem 12»).
const NAMES: [&str; 8] = [
    "Hanne Kjær",
    "Lars Bundgaard",
    "Mette Vestergaard",
    "Søren Mikkelsen",
    "Aisha Rahimi",
    "Jens Østergaard",
    "Birgitte Lund",
    "Peter Holm",
];

/// The preview of `t` for a team called `team_name`, at `now`.
pub fn template_preview(
    t: &Template,
    team_name: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<TemplatePreview> {
    let mut core = Core::new(Store::open_in_memory()?, Box::new(move || now));
    let saved = core.store_mut().write(|tx| {
        store::insert_template_version(tx, t, "Forhåndsvisning", "Forhåndsvisning", None, now)
    })?;
    let team_id = new_id();
    let members: Vec<Participant> = saved
        .fixed_roles
        .iter()
        .enumerate()
        .map(|(i, r)| Participant {
            // In the template's order, whatever is typed (the screen lists "Med i dag" by
            // id): the preview does not reshuffle at every keystroke.
            id: uuid::Uuid::from_u128(0x7e57_0000 + i as u128),
            team_id,
            fixed: true,
            role: r.key.clone(),
            name: NAMES
                .get(i)
                .map_or_else(|| format!("Medlem {}", i + 1), |n| n.to_string()),
            organisation: r.organisation.clone(),
            title: r.title.clone(),
            phone: None,
            email: None,
            active: true,
        })
        .collect();
    let coordinator = saved
        .fixed_roles
        .iter()
        .position(|r| r.coordinator)
        .and_then(|i| members.get(i))
        .map(|p| p.id);
    let team = Team {
        id: team_id,
        name: if team_name.trim().is_empty() {
            "Fælles Team".into()
        } else {
            team_name.trim().into()
        },
        municipality: String::new(),
        region_partner: String::new(),
        chair_id: coordinator,
        coordinator_id: coordinator,
        created_at: now,
    };
    let citizen = Citizen {
        id: new_id(),
        team_id,
        first_name: "Mikkel".into(),
        last_name: "Sørensen".into(),
        screen_name: None,
        cpr: Cpr::parse("120385-1117")?,
        contact_id: coordinator,
        active: true,
        created_at: now,
    };
    let day = calendar::local(now).date_naive() + Duration::days(14);
    let starts_at = calendar::local_to_utc(day, NaiveTime::from_hms_opt(13, 0, 0).expect("time"))?;
    let meeting = Meeting {
        id: new_id(),
        team_id,
        starts_at,
        duration_minutes: saved.meeting_minutes,
        place: "Mødelokale 2".into(),
        video_link: String::new(),
        theme_override: None,
        status: MeetingStatus::Planned,
        cancel_reason: None,
        template_version: saved.version.clone(),
        started_at: None,
        closed_at: None,
        current_item: None,
        created_at: now,
        sequence: 0,
    };
    let case = Case {
        id: new_id(),
        meeting_id: meeting.id,
        citizen_id: citizen.id,
        position: 0,
        planned_minutes: None,
        citizen_invited: true,
        invited_on: Some(calendar::local(now).date_naive()),
        citizen_expected: Some(Attendance::Present),
        citizen_attendance: Some(Attendance::Present),
        created_at: now,
    };
    core.store_mut().write(|tx| {
        store::insert_team_with_members(tx, &team, &members)?;
        store::upsert_citizen(tx, &citizen)?;
        store::insert_consent(
            tx,
            &Consent {
                id: new_id(),
                citizen_id: citizen.id,
                given_on: calendar::local(now).date_naive(),
                method: ConsentMethod::Written,
                scope: saved.consent_scope_default.clone(),
                recipients: saved
                    .consent_recipients()
                    .into_iter()
                    .map(|r| r.key)
                    .collect(),
                recorded_by: "Forhåndsvisning".into(),
                withdrawn_on: None,
                created_at: now,
            },
        )?;
        store::upsert_meeting(tx, &meeting)?;
        store::upsert_case(tx, &case)?;
        for p in &members {
            store::set_case_participant(
                tx,
                &CaseParticipant {
                    case_id: case.id,
                    participant_id: p.id,
                    attendance: Some(Attendance::Present),
                },
            )?;
        }
        for s in &saved.sections {
            let text = if s.key == crate::templates::AGREEMENTS_SECTION {
                continue;
            } else {
                format!("Her står det, I skriver under «{}».", s.title)
            };
            store::save_note(tx, case.id, &s.key, &text, 0, now)?;
        }
        store::upsert_agreement(
            tx,
            &Agreement {
                id: new_id(),
                case_id: case.id,
                position: 0,
                what: "Et eksempel på en aftale".into(),
                who: Some(Who::Citizen),
                due: Some(Due::NextMeeting),
                status: AgreementStatus::Open,
                created_at: now,
            },
        )
    })?;
    let screen = projection::for_case(&core, case.id)?;
    let invitation = lines(&core.invitation_document(case.id)?);
    let summary = lines(&core.citizen_summary_document(case.id)?);
    let mut agenda = Vec::new();
    let mut at = starts_at;
    let case_minutes = saved.case_minutes();
    for item in &saved.agenda {
        let minutes = if item.key == CASES_ITEM {
            case_minutes
        } else {
            item.minutes.unwrap_or(0)
        };
        let end = at + Duration::minutes(i64::from(minutes));
        agenda.push(format!(
            "{}–{} {} ({minutes} min.)",
            calendar::local(at).format("%H.%M"),
            calendar::local(end).format("%H.%M"),
            item.title
        ));
        at = end;
    }
    Ok(TemplatePreview {
        screen,
        agenda,
        invitation,
        summary,
    })
}

/// A document's text, a line per title, heading, paragraph line, bullet or table row.
fn lines(d: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for b in &d.blocks {
        match b {
            Block::Title(s) | Block::Subtitle(s) | Block::Heading(s) | Block::Note(s) => {
                out.push(s.clone())
            }
            Block::Paragraph(s) => out.extend(s.lines().map(String::from)),
            Block::Bullets(items) => out.extend(items.iter().map(|i| format!("• {i}"))),
            Block::KeyValues(kv) => out.extend(kv.iter().map(|(k, v)| format!("{k} {v}"))),
            Block::Table { header, rows, .. } => {
                out.push(header.join(" | "));
                out.extend(rows.iter().map(|r| r.join(" | ")));
            }
            Block::Chart { alt, .. } => out.push(alt.clone()),
            Block::Spacer(_) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preview_shows_the_edited_template_on_the_screen_and_in_the_letters() {
        let mut t = crate::templates::current().clone();
        t.sections[0].title = "Det allervigtigste lige nu".into();
        t.agenda[0].title = "Goddag og runde".into();
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-07T10:00:00Z")
            .unwrap()
            .to_utc();
        let p = template_preview(&t, "Fælles Team Vest", now).unwrap();
        let screen = serde_json::to_string(&p.screen).unwrap();
        assert!(screen.contains("Det allervigtigste lige nu"), "{screen}");
        assert!(!screen.contains("120385"), "no CPR on the screen");
        assert!(
            p.agenda[0].starts_with("13.00–13.05 Goddag og runde"),
            "{:?}",
            p.agenda
        );
        assert!(
            p.invitation.iter().any(|l| l.contains("Mikkel")),
            "{:?}",
            p.invitation
        );
        assert!(
            p.summary
                .iter()
                .any(|l| l.contains("Det allervigtigste lige nu")),
            "{:?}",
            p.summary
        );
    }
}
