//! The citizen's summary of one case (sent by e-Boks): plain language, that case only, no CPR
//! number.

use super::{
    agreement_rows, banner, carried_rows, local_date, note_blocks, or_dash, organisation,
    plain_label, table, when, CaseDoc, CITIZEN_TITLE, DASH,
};
use crate::calendar;
use crate::core::Core;
use crate::domain::*;
use crate::error::Result;
use crate::store;
use crate::words::place_and_link;
use faelles_pdf::{Block, Document};

/// Attendance in words for the citizen.
fn attendance_plain(a: Option<Attendance>) -> &'static str {
    match a {
        Some(Attendance::Present) => "Til stede",
        Some(Attendance::Virtual) => "Virtuelt",
        Some(Attendance::Absent) => "Deltog ikke",
        None => DASH,
    }
}

/// The contact person for the citizen: their own contact, else the team's coordinator.
pub(super) fn contact_person(
    team: &Team,
    citizen: &Citizen,
    people: &[Participant],
) -> Option<Participant> {
    [citizen.contact_id, team.coordinator_id]
        .into_iter()
        .flatten()
        .find_map(|id| people.iter().find(|p| p.id == id && p.active))
        .cloned()
}

impl Core {
    /// The citizen's own summary of one case. Contains that case only and no CPR number.
    pub fn citizen_summary_document(&self, case_id: Id) -> Result<Document> {
        let detail = self.case_detail(case_id)?;
        let CaseDoc {
            case,
            meeting,
            team,
            citizen,
            t,
        } = self.case_doc(case_id)?;
        let c = self.store().read();
        let people = store::list_participants(c, meeting.team_id)?;
        let date = local_date(meeting.starts_at);
        let date_long = calendar::date_long(date);

        let mut blocks = vec![
            Block::Title(CITIZEN_TITLE.into()),
            Block::Subtitle(format!("Til {} · {date_long}", citizen.full_name())),
        ];
        let place = if meeting.place.trim().is_empty() {
            String::new()
        } else {
            format!(" i {}", meeting.place.trim())
        };
        blocks.push(Block::Paragraph(format!(
            "Her kan du læse, hvad vi talte om og aftalte på mødet i {} {date_long} {}{place}.",
            team.name,
            calendar::clock(meeting.starts_at)
        )));

        // Who took part in this case.
        blocks.push(Block::Heading("Med på mødet".into()));
        let mut rows = vec![vec![
            citizen.full_name(),
            "Dig".into(),
            String::new(),
            attendance_plain(case.citizen_attendance).into(),
        ]];
        for cp in store::list_case_participants(c, case.id)? {
            if let Some(p) = people.iter().find(|p| p.id == cp.participant_id) {
                rows.push(vec![
                    p.name.clone(),
                    plain_label(t, p),
                    or_dash(&organisation(t, p)),
                    attendance_plain(cp.attendance).into(),
                ]);
            }
        }
        blocks.push(table(
            &["Navn", "Rolle", "Organisation", "Deltog"],
            rows,
            &[1.5, 2.0, 1.8, 1.0],
        ));

        // The sections under the citizen's own questions.
        for s in &detail.sections {
            let has_text = !s.note.text.trim().is_empty();
            match s.key.as_str() {
                crate::templates::AGREEMENTS_SECTION => {
                    blocks.push(Block::Heading(s.question.clone()));
                    blocks.extend(note_blocks(&s.note.text));
                    if detail.agreements.is_empty() {
                        blocks.push(Block::Paragraph("Vi lavede ingen nye aftaler.".into()));
                    } else {
                        blocks.push(table(
                            &["Hvad", "Hvem", "Hvornår"],
                            agreement_rows(&detail),
                            &[3.0, 1.5, 1.7],
                        ));
                    }
                }
                "naeste_skridt" => {
                    blocks.push(Block::Heading(s.question.clone()));
                    blocks.extend(note_blocks(&s.note.text));
                    // The next meeting where this citizen has a case, not just the team's.
                    let next = match self.citizen_next_meeting(citizen.id, &meeting)? {
                        Some(n) => format!("{}, {}", when(&n), place_and_link(&n)),
                        None => "Vi aftaler et nyt møde med dig.".into(),
                    };
                    blocks.push(Block::KeyValues(vec![("Dit næste møde:".into(), next)]));
                }
                "siden_sidst" => {
                    if has_text || !detail.carried_over.is_empty() {
                        blocks.push(Block::Heading(s.question.clone()));
                        blocks.extend(note_blocks(&s.note.text));
                    }
                    if !detail.carried_over.is_empty() {
                        blocks.push(Block::Heading(
                            "Sådan gik det med aftalerne fra sidst".into(),
                        ));
                        blocks.push(table(
                            &["Aftale", "Hvem", "Sådan gik det"],
                            carried_rows(&detail),
                            &[3.0, 1.5, 1.7],
                        ));
                    }
                }
                _ if has_text => {
                    blocks.push(Block::Heading(s.question.clone()));
                    blocks.extend(note_blocks(&s.note.text));
                }
                _ => {}
            }
        }

        // Contact.
        blocks.push(Block::Heading("Har du spørgsmål?".into()));
        match contact_person(&team, &citizen, &people) {
            Some(p) => {
                let org = organisation(t, &p);
                blocks.push(Block::Paragraph(if org.trim().is_empty() {
                    format!("Så kontakt {}.", p.name)
                } else {
                    format!("Så kontakt {} fra {org}.", p.name)
                }));
                let mut kv = Vec::new();
                if let Some(phone) = p.phone.as_deref().filter(|s| !s.trim().is_empty()) {
                    kv.push(("Telefon:".to_string(), phone.to_string()));
                }
                if let Some(mail) = p.email.as_deref().filter(|s| !s.trim().is_empty()) {
                    kv.push(("E-mail:".to_string(), mail.to_string()));
                }
                if !kv.is_empty() {
                    blocks.push(Block::KeyValues(kv));
                }
            }
            None => blocks.push(Block::Paragraph(format!(
                "Så kontakt {} i {}.",
                team.name, team.municipality
            ))),
        }

        Ok(Document {
            title: format!("{CITIZEN_TITLE}, {}", calendar::date_short(date)),
            author: team.name.clone(),
            subject: format!(
                "Opsummering til {} af mødet {date_long}",
                citizen.full_name()
            ),
            created: self.now(),
            banner: banner(&meeting),
            footer_left: team.name,
            blocks,
        })
    }
}
