//! The citizen's access request (GDPR art. 15, «Indsigt»): one document with everything the
//! app holds about one citizen, in plain Danish, addressed to them — who they are to the team
//! (the CPR number masked but for the birth date that identifies them), their consents and
//! what they cover, every case (cancelled meetings too) with its attendance, who took part,
//! every note, text kept beside a note, the agreements made and what became of them, their
//! answers and own words, then every file made about them and for whom, and how long the data
//! is kept. Nothing of another citizen: the notes and agreements are read by citizen.
//!
//! Reads a fixed number of queries plus one per case (who took part).

use super::{note_blocks, or_dash, summary::contact_person, table};
use crate::calendar;
use crate::chair::citizen_detail;
use crate::core::Core;
use crate::domain::*;
use crate::error::{CoreError, Result};
use crate::store;
use crate::templates::{self, Template};
use crate::words::{date_label, date_time_label, role_label};
use faelles_pdf::{Block, Document};
use std::collections::HashMap;

/// The access document's title.
pub const ACCESS_TITLE: &str = "Indsigt i dine oplysninger";

/// A meeting's state, as the citizen reads it.
fn meeting_state(s: MeetingStatus) -> &'static str {
    match s {
        MeetingStatus::Planned => "Planlagt",
        MeetingStatus::Running => "I gang",
        MeetingStatus::Closed => "Holdt",
        MeetingStatus::Cancelled => "Aflyst",
    }
}

/// The notes of one case under their section titles, in the template's order (keys the
/// template does not know last, under their key).
fn section_blocks(t: &Template, notes: Vec<(String, String)>, out: &mut Vec<Block>) {
    let mut notes = notes;
    notes.sort_by_key(|(key, _)| {
        t.sections
            .iter()
            .position(|s| &s.key == key)
            .unwrap_or(usize::MAX)
    });
    for (key, text) in notes {
        let title = t.section(&key).map_or(key.clone(), |s| s.title.clone());
        out.push(Block::Heading(title));
        out.extend(note_blocks(&text));
    }
}

impl Core {
    /// The access request's document for one citizen (see the module docs).
    /// `CitizenDeleted` for an erased citizen (nothing is left to show).
    pub fn access_document(&self, citizen_id: Id) -> Result<Document> {
        if self.is_erased(citizen_id)? {
            return Err(CoreError::CitizenDeleted);
        }
        let detail = citizen_detail(self, citizen_id)?;
        let citizen = self.citizen(citizen_id)?;
        let team = self.require_team()?;
        let course = self.citizen_course(citizen_id)?;
        let retention = self.retention()?;
        let c = self.store().read();
        let people = store::list_participants(c, team.id)?;
        let meetings: HashMap<Id, Meeting> = store::list_meetings(c, team.id)?
            .into_iter()
            .map(|m| (m.id, m))
            .collect();
        let mut notes: HashMap<Id, Vec<(String, String)>> = HashMap::new();
        for (case, key, text) in store::access_notes(c, citizen_id)? {
            notes.entry(case).or_default().push((key, text));
        }
        let mut kept: HashMap<Id, Vec<(String, String)>> = HashMap::new();
        for (case, key, text) in store::access_kept_texts(c, citizen_id)? {
            kept.entry(case).or_default().push((key, text));
        }
        let today = self.today();
        let t_now = self.template();

        let mut blocks = vec![
            Block::Title(ACCESS_TITLE.into()),
            Block::Subtitle(format!(
                "Til {} · {}",
                citizen.full_name(),
                calendar::date_long(today)
            )),
            Block::Paragraph(format!(
                "Du har bedt om at se de oplysninger, {} i {} har om dig. Her er alt, hvad \
                 programmet Fælles Team har gemt om dig, sådan som det så ud {}. Du har ret \
                 til at få dem at se efter databeskyttelsesforordningens artikel 15.",
                team.name,
                team.municipality,
                calendar::date_long(today)
            )),
            Block::Paragraph(
                "Fælles Team er teamets arbejdsredskab til møderne. Kommunens og regionens \
                 journaler om dig ligger i deres egne systemer og er ikke med her."
                    .into(),
            ),
        ];

        // Who the citizen is to the team.
        blocks.push(Block::Heading("Det ved vi om dig".into()));
        let contact = contact_person(&team, &citizen, &people);
        let mut who = vec![("Navn:".to_string(), citizen.full_name())];
        if let Some(s) = citizen
            .screen_name
            .as_deref()
            .filter(|s| !s.trim().is_empty())
        {
            who.push(("Kaldenavn på skærmen:".into(), s.to_string()));
        }
        who.push((
            "CPR-nummer:".into(),
            format!(
                "{} (vi viser kun din fødselsdato; hele nummeret bruges kun til Digital Post)",
                citizen.cpr.masked()
            ),
        ));
        who.push((
            "Din kontaktperson:".into(),
            contact
                .as_ref()
                .map_or("Teamets tovholder".into(), |p| p.name.clone()),
        ));
        who.push((
            "Registreret:".into(),
            calendar::date_short(calendar::local(citizen.created_at).date_naive()),
        ));
        who.push((
            "Dit forløb:".into(),
            if citizen.active {
                "Aktivt"
            } else {
                "Afsluttet"
            }
            .into(),
        ));
        blocks.push(Block::KeyValues(who));

        // Consents.
        blocks.push(Block::Heading("Dit samtykke".into()));
        if detail.consents.is_empty() {
            blocks.push(Block::Paragraph("Der er ikke registreret samtykke.".into()));
        }
        for k in &detail.consents {
            let mut kv = vec![
                (
                    "Givet:".to_string(),
                    format!("{} ({})", k.given_on_label, k.method.code()),
                ),
                ("Må få oplysninger:".into(), or_dash(&k.recipients_label)),
                ("Omfang:".into(), or_dash(&k.scope)),
            ];
            if !k.recorded_by.trim().is_empty() {
                kv.push(("Registreret af:".into(), k.recorded_by.clone()));
            }
            kv.push((
                "Trukket tilbage:".into(),
                k.withdrawn_on_label.clone().unwrap_or_else(|| "Nej".into()),
            ));
            blocks.push(Block::KeyValues(kv));
        }

        // Every case, oldest first.
        blocks.push(Block::Heading("Dine møder".into()));
        blocks.push(Block::Paragraph(match course.entries.len() {
            0 => "Du har ikke været på et møde i teamet endnu.".to_string(),
            1 => "Du har været på ét møde i teamet (eller er sat på det).".to_string(),
            n => format!("Du har været på {n} møder i teamet (eller er sat på dem)."),
        }));
        for e in course.entries.iter().rev() {
            let meeting = meetings.get(&e.meeting_id);
            let t = meeting
                .map(|m| templates::by_version(&m.template_version))
                .transpose()?
                .unwrap_or(t_now);
            blocks.push(Block::Heading(format!("Mødet {}", e.date_label)));
            let others: Vec<String> = store::list_case_participants(c, e.case_id)?
                .into_iter()
                .filter_map(|cp| people.iter().find(|p| p.id == cp.participant_id))
                .map(|p| format!("{} ({})", p.name, role_label(t, p)))
                .collect();
            blocks.push(Block::KeyValues(vec![
                ("Mødet:".into(), meeting_state(e.meeting_status).into()),
                ("Du deltog:".into(), e.attendance_label.clone()),
                ("Med på mødet:".into(), or_dash(&others.join(", "))),
            ]));
            section_blocks(t, notes.remove(&e.case_id).unwrap_or_default(), &mut blocks);
            if !e.agreements.is_empty() {
                blocks.push(Block::Heading("Aftaler fra mødet".into()));
                blocks.push(table(
                    &["Aftale", "Hvem", "Hvornår", "Sådan gik det"],
                    e.agreements
                        .iter()
                        .map(|a| {
                            let history: Vec<String> = a
                                .history
                                .iter()
                                .map(|h| {
                                    if h.comment.trim().is_empty() {
                                        h.label.clone()
                                    } else {
                                        format!("{}: {}", h.label, h.comment.trim())
                                    }
                                })
                                .collect();
                            vec![
                                a.what.clone(),
                                or_dash(&a.who_label),
                                or_dash(&a.due_label),
                                history.join(" · "),
                            ]
                        })
                        .collect(),
                    &[2.6, 1.3, 1.3, 2.2],
                ));
            }
            if !e.evaluation.is_empty() || !e.evaluation_comment.trim().is_empty() {
                blocks.push(Block::Heading("Dine svar om mødet".into()));
                let mut kv: Vec<(String, String)> = e
                    .evaluation
                    .iter()
                    .map(|a| (a.question.clone(), a.answer_label.clone()))
                    .collect();
                if !e.evaluation_comment.trim().is_empty() {
                    kv.push(("Dine egne ord:".into(), e.evaluation_comment.clone()));
                }
                blocks.push(Block::KeyValues(kv));
            }
            if let Some(texts) = kept.remove(&e.case_id) {
                blocks.push(Block::Heading(
                    "Tekst, der er gemt ved siden af noterne".into(),
                ));
                section_blocks(t, texts, &mut blocks);
            }
        }
        // Cases of cancelled meetings: the course leaves them out, the data is still here.
        let cancelled = store::cancelled_cases(c, citizen_id)?;
        if !cancelled.is_empty() {
            blocks.push(Block::Heading("Møder, der blev aflyst".into()));
            for (case, at) in cancelled {
                blocks.push(Block::Paragraph(format!("Mødet {}.", date_label(at))));
                let mut texts = notes.remove(&case).unwrap_or_default();
                texts.extend(kept.remove(&case).unwrap_or_default());
                section_blocks(t_now, texts, &mut blocks);
            }
        }

        // The files made about them.
        blocks.push(Block::Heading("Dokumenter, vi har lavet om dig".into()));
        let mut rows: Vec<Vec<String>> = detail
            .documents
            .iter()
            .map(|d| {
                let doc = if d.draft {
                    format!("{} (udkast)", d.document)
                } else {
                    d.document.clone()
                };
                vec![doc, d.meeting.clone(), d.made.clone(), d.for_whom.clone()]
            })
            .collect();
        for f in store::citizen_files(c, citizen_id)? {
            rows.push(vec![
                "Indsigt (denne slags oversigt)".into(),
                "–".into(),
                date_time_label(f.created_at),
                "Borgeren selv".into(),
            ]);
        }
        if rows.is_empty() {
            blocks.push(Block::Paragraph(
                "Vi har ikke lavet dokumenter om dig endnu.".into(),
            ));
        } else {
            blocks.push(table(
                &["Dokument", "Møde", "Lavet", "Til"],
                rows,
                &[2.0, 1.5, 1.8, 2.0],
            ));
        }

        // How long.
        blocks.push(Block::Heading("Hvor længe gemmer vi oplysningerne?".into()));
        blocks.push(Block::Paragraph(format!(
            "Vi sletter dine oplysninger {} dage efter dit sidste møde i teamet, eller efter du \
             har trukket dit samtykke tilbage. Du kan også bede om at få dem slettet nu. Når \
             de slettes, forsvinder dit navn, dit CPR-nummer, alle noter, aftalernes tekst og \
             dine egne ord. Tilbage bliver kun tal uden navn, som bruges til at evaluere \
             forsøget: at der var et møde, om du deltog, dine svar (ja, delvist, nej) og \
             hvordan aftalerne gik. Sikkerhedskopier slettes efter {} dage.",
            retention.citizen_days, retention.backup_days
        )));
        blocks.push(Block::Heading("Har du spørgsmål?".into()));
        blocks.push(Block::Paragraph(match &contact {
            Some(p) => format!(
                "Så kontakt {}. Du kan også kontakte kommunens databeskyttelsesrådgiver.",
                p.name
            ),
            None => format!(
                "Så kontakt {} i {}. Du kan også kontakte kommunens \
                 databeskyttelsesrådgiver.",
                team.name, team.municipality
            ),
        }));

        Ok(Document {
            title: format!("{ACCESS_TITLE}, {}", calendar::date_short(today)),
            author: team.name.clone(),
            subject: format!("Indsigt til {}", citizen.full_name()),
            created: self.now(),
            banner: None,
            footer_left: team.name,
            blocks,
        })
    }
}
