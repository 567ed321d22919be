//! The documents around the meeting: the citizen's invitation (one page, plain Danish, the
//! time of their own case), the fixed team's agenda (dagsorden), and the extract for an
//! ad hoc participant (that case's attendance and agreements only).

use super::{
    agreement_rows, banner, check_exportable, local_date, or_dash, plain_label, table, when,
    CaseDoc,
};
use crate::calendar;
use crate::core::Core;
use crate::domain::*;
use crate::error::Result;
use crate::store;
use crate::templates::CASES_ITEM;
use crate::words::{date_label, place_and_link, role_label, short_name, slot_label};
use chrono::Duration;
use faelles_pdf::{Block, Document};

/// Title of the invitation.
pub const INVITATION_TITLE: &str = "Du er inviteret til Fælles Team";
/// Title of the fixed team's agenda.
pub const AGENDA_TITLE: &str = "Dagsorden til det faste team";
/// Title of an ad hoc participant's extract.
pub const EXTRACT_TITLE: &str = "Uddrag af referat fra Fælles Team";

fn contact_lines(p: &Participant) -> Vec<(String, String)> {
    let mut lines = vec![("Kontakt:".to_string(), p.name.clone())];
    if let Some(phone) = p.phone.as_deref().filter(|s| !s.trim().is_empty()) {
        lines.push(("Telefon:".into(), phone.trim().into()));
    }
    if let Some(mail) = p.email.as_deref().filter(|s| !s.trim().is_empty()) {
        lines.push(("E-mail:".into(), mail.trim().into()));
    }
    lines
}

impl Core {
    /// The citizen's invitation to their own case: one page in plain Danish.
    pub fn invitation_document(&self, case_id: Id) -> Result<Document> {
        let CaseDoc {
            case,
            meeting,
            team,
            citizen,
            t,
        } = self.case_doc(case_id)?;
        let c = self.store().read();
        let people = store::list_participants(c, meeting.team_id)?;
        let linked = store::list_case_participants(c, case.id)?;
        let slot = self.case_slot(case_id)?;
        let date = date_label(meeting.starts_at);

        let mut blocks = vec![
            Block::Title(INVITATION_TITLE.into()),
            Block::Subtitle(format!("Til {}", citizen.full_name())),
            Block::Paragraph(
                "Vi vil gerne tale med dig om, hvordan det går, og hvad der skal ske. \
                 Vi har sat tid af til dig:"
                    .into(),
            ),
            Block::KeyValues(vec![
                ("Hvornår:".into(), format!("{date}, {}", slot.label)),
                ("Hvor:".into(), place_and_link(&meeting)),
            ]),
            Block::Heading("Hvem er med".into()),
        ];
        let mut who: Vec<String> = people
            .iter()
            .filter(|p| p.active && linked.iter().any(|l| l.participant_id == p.id))
            .map(|p| format!("{}, {}", p.name, plain_label(t, p)))
            .collect();
        if who.is_empty() {
            who.push("Medarbejdere fra kommunen og psykiatrien.".into());
        }
        blocks.push(Block::Bullets(who));
        blocks.push(Block::Heading("Det taler vi om".into()));
        blocks.push(Block::Bullets(
            t.sections
                .iter()
                .filter(|s| !s.question.trim().is_empty())
                .map(|s| s.question.clone())
                .collect(),
        ));
        blocks.push(Block::Heading("Godt at vide".into()));
        blocks.push(Block::Bullets(vec![
            "Du må gerne tage en pårørende eller en anden, du har tillid til, med.".into(),
            "Mødet bliver holdt, også selvom du ikke kan komme. Så taler vi om din sag og \
             fortæller dig bagefter, hvad vi har aftalt."
                .into(),
        ]));
        blocks.push(Block::Heading("Har du spørgsmål?".into()));
        let contact = [citizen.contact_id, team.coordinator_id]
            .into_iter()
            .flatten()
            .find_map(|id| people.iter().find(|p| p.id == id && p.active));
        match contact {
            Some(p) => blocks.push(Block::KeyValues(contact_lines(p))),
            None => blocks.push(Block::Paragraph(format!("Kontakt {}.", team.name))),
        }
        Ok(Document {
            title: format!(
                "{INVITATION_TITLE}, {}",
                calendar::date_short(local_date(meeting.starts_at))
            ),
            author: team.name.clone(),
            subject: format!("Invitation til {} til mødet {date}", citizen.full_name()),
            created: self.now(),
            banner: None,
            footer_left: team.name.clone(),
            blocks,
        })
    }

    /// The participants' agenda: date, place/link, theme, the cases in order with first
    /// name + last-name initial, their times and ad hoc participants.
    pub fn agenda_document(&self, meeting_id: Id) -> Result<Document> {
        let c = self.store().read();
        let meeting = store::get_meeting(c, meeting_id)?;
        check_exportable(&meeting)?;
        let team = self.require_team()?;
        let t = crate::templates::by_version(&meeting.template_version)?;
        let people = store::list_participants(c, meeting.team_id)?;
        let cases = store::list_cases(c, meeting.id)?;
        let slots = self.case_slots(meeting_id)?;
        let theme = self.meeting_theme(&meeting)?;
        let date = local_date(meeting.starts_at);
        let end = meeting.starts_at + Duration::minutes(i64::from(meeting.duration_minutes));

        let mut rows = Vec::new();
        let mut at = meeting.starts_at;
        for (i, item) in t.agenda.iter().enumerate() {
            if item.key == CASES_ITEM && !cases.is_empty() {
                for (j, (case, slot)) in cases.iter().zip(&slots).enumerate() {
                    let citizen = store::get_citizen(c, case.citizen_id)?;
                    let adhoc: Vec<String> = store::list_case_participants(c, case.id)?
                        .iter()
                        .filter_map(|l| people.iter().find(|p| p.id == l.participant_id))
                        .filter(|p| !p.fixed)
                        .map(|p| format!("{} ({})", p.name, role_label(t, p)))
                        .collect();
                    let mut what = format!("{}: {}", item.title, short_name(&citizen));
                    if !adhoc.is_empty() {
                        what.push_str(&format!("\nAd hoc: {}", adhoc.join(", ")));
                    }
                    rows.push(vec![
                        format!("{}.{}", i + 1, j + 1),
                        what,
                        slot.label.replace("ca. ", ""),
                    ]);
                    at = slot.end;
                }
            } else {
                let minutes = item.minutes.unwrap_or_else(|| t.case_minutes());
                let until = at + Duration::minutes(i64::from(minutes));
                let mut what = item.title.clone();
                if item.key == "tema" {
                    if let Some(theme) = &theme {
                        what = format!("{what}: {theme}");
                    }
                }
                rows.push(vec![
                    (i + 1).to_string(),
                    what,
                    slot_label(at, until).replace("ca. ", ""),
                ]);
                at = until;
            }
        }
        let blocks = vec![
            Block::Title(AGENDA_TITLE.into()),
            Block::Subtitle(format!("{} · {}", team.name, calendar::date_long(date))),
            Block::KeyValues(vec![
                ("Dato:".into(), calendar::date_with_week(date)),
                (
                    "Tid:".into(),
                    format!(
                        "{}–{}",
                        calendar::clock(meeting.starts_at),
                        calendar::clock(end).trim_start_matches("kl. ")
                    ),
                ),
                ("Sted:".into(), place_and_link(&meeting)),
                ("Tema:".into(), or_dash(theme.as_deref().unwrap_or(""))),
            ]),
            Block::Heading("Punkter".into()),
            table(&["Punkt", "Hvad", "Tid"], rows, &[0.7, 4.0, 1.6]),
            Block::Note(
                "Borgerne nævnes med fornavn og forbogstav i efternavnet. Tiderne er cirka: \
                 en sag kan tage længere eller kortere tid."
                    .into(),
            ),
        ];
        Ok(Document {
            title: format!("{AGENDA_TITLE}, {}", calendar::date_short(date)),
            author: team.name.clone(),
            subject: format!("Dagsorden for mødet {}", when(&meeting)),
            created: self.now(),
            banner: None,
            footer_left: team.name.clone(),
            blocks,
        })
    }

    /// What an ad hoc participant of one case may get: that case's attendance and
    /// agreements, nothing of other citizens and no section notes.
    /// Refused unless the citizen's consent covers each of the case's ad hoc participants.
    pub fn extract_document(&self, case_id: Id) -> Result<Document> {
        let detail = self.case_detail(case_id)?;
        let t = crate::templates::by_version(&self.meeting(detail.meeting_id)?.template_version)?;
        let kinds: Vec<String> = detail
            .participants
            .iter()
            .filter(|p| !p.fixed)
            .filter_map(|p| {
                let role = store::get_participant(self.store().read(), p.participant_id)
                    .ok()?
                    .role;
                t.consent_key(&role)
            })
            .collect();
        self.case_consent_covers(case_id, &kinds)?;
        let CaseDoc {
            meeting,
            team,
            citizen,
            ..
        } = self.case_doc(case_id)?;
        let date = date_label(meeting.starts_at);
        let attendance: Vec<Vec<String>> = std::iter::once(vec![
            short_name(&citizen),
            "Borgeren".into(),
            or_dash(&detail.citizen_attendance_label),
        ])
        .chain(detail.participants.iter().map(|p| {
            vec![
                p.name.clone(),
                p.role_title.clone(),
                or_dash(&p.attendance_label),
            ]
        }))
        .collect();
        let blocks = vec![
            Block::Title(EXTRACT_TITLE.into()),
            Block::Subtitle(format!("{} · {date}", short_name(&citizen))),
            Block::Paragraph(format!(
                "Uddraget er til dig, der deltog i sagen om {} på mødet i {} {date}. Det \
                 indeholder kun denne sag.",
                short_name(&citizen),
                team.name
            )),
            Block::Heading("Med på mødet".into()),
            table(&["Navn", "Rolle", "Deltog"], attendance, &[2.0, 2.5, 1.2]),
            Block::Heading("Aftaler".into()),
            if detail.agreements.is_empty() {
                Block::Paragraph("Der blev ikke lavet nye aftaler.".into())
            } else {
                table(
                    &["Hvad", "Hvem", "Hvornår"],
                    agreement_rows(&detail),
                    &[3.0, 1.5, 1.7],
                )
            },
        ];
        Ok(Document {
            title: format!(
                "{EXTRACT_TITLE}, {}",
                calendar::date_short(local_date(meeting.starts_at))
            ),
            author: team.name.clone(),
            subject: format!("Uddrag for sagen om {}", short_name(&citizen)),
            created: self.now(),
            banner: banner(&meeting),
            footer_left: team.name.clone(),
            blocks,
        })
    }
}
