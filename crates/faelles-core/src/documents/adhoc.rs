//! An ad hoc participant's own letters: their invitation and their one-item agenda. Each
//! holds only their case's time, the place or video link, the citizen's first name and what
//! their part is: nothing of other cases, no other participant, no CPR number. Refused
//! unless the citizen's consent covers the participant's kind (`case_consent_covers`).

use super::{local_date, or_dash, plain_label, table, CaseDoc};
use crate::calendar;
use crate::core::Core;
use crate::domain::*;
use crate::error::{CoreError, Result};
use crate::store;
use crate::words::{date_label, place_and_link, role_label};
use faelles_pdf::{Block, Document};

/// Title of an ad hoc participant's invitation.
pub const ADHOC_INVITATION_TITLE: &str = "Invitation til Fælles Team";
/// Title of an ad hoc participant's agenda.
pub const ADHOC_AGENDA_TITLE: &str = "Dagsorden for din del af Fælles Team";

/// The participant, the case, the key/value lines of their time and place, their part.
type AdhocParts = (Participant, CaseDoc, Vec<(String, String)>, String);

impl Core {
    /// The ad hoc participant `participant_id` of `case_id`, once the case may be used and
    /// its citizen's consent covers the participant's kind.
    pub fn adhoc_of_case(&self, case_id: Id, participant_id: Id) -> Result<Participant> {
        let c = self.store().read();
        let linked = store::list_case_participants(c, case_id)?;
        let p = store::get_participant(c, participant_id)?;
        if p.fixed || !linked.iter().any(|l| l.participant_id == p.id) {
            return Err(CoreError::NotFound {
                what: "Ad hoc-deltageren i sagen",
            });
        }
        let meeting = store::get_meeting(c, store::get_case(c, case_id)?.meeting_id)?;
        let t = crate::templates::by_version(&meeting.template_version)?;
        let key = t.consent_key(&p.role).unwrap_or_else(|| p.role.clone());
        self.case_consent_covers(case_id, &[key])?;
        Ok(p)
    }

    /// What an ad hoc participant's letters share: (participant, case, the key/value lines
    /// of their time and place, their part).
    fn adhoc_parts(&self, case_id: Id, participant_id: Id) -> Result<AdhocParts> {
        let p = self.adhoc_of_case(case_id, participant_id)?;
        let doc = self.case_doc(case_id)?;
        let slot = self.case_slot(case_id)?;
        let part = format!(
            "Du deltager som {} i sagen om {}.",
            plain_label(doc.t, &p),
            doc.citizen.first_name
        );
        let kv = vec![
            (
                "Hvornår:".to_string(),
                format!("{}, {}", date_label(doc.meeting.starts_at), slot.label),
            ),
            ("Hvor:".to_string(), place_and_link(&doc.meeting)),
            ("Borger:".to_string(), doc.citizen.first_name.clone()),
            ("Din rolle:".to_string(), role_label(doc.t, &p)),
        ];
        Ok((p, doc, kv, part))
    }

    /// The team's contact for an ad hoc participant: the coordinator.
    fn adhoc_contact(&self, team: &Team) -> Result<Vec<(String, String)>> {
        let c = self.store().read();
        let Some(p) = team
            .coordinator_id
            .and_then(|id| store::get_participant(c, id).ok())
            .filter(|p| p.active)
        else {
            return Ok(vec![("Kontakt:".into(), team.name.clone())]);
        };
        let mut lines = vec![("Kontakt:".to_string(), format!("{} (tovholder)", p.name))];
        if let Some(phone) = p.phone.as_deref().filter(|s| !s.trim().is_empty()) {
            lines.push(("Telefon:".into(), phone.trim().into()));
        }
        if let Some(mail) = p.email.as_deref().filter(|s| !s.trim().is_empty()) {
            lines.push(("E-mail:".into(), mail.trim().into()));
        }
        Ok(lines)
    }

    /// An ad hoc participant's invitation to their part of the meeting.
    pub fn adhoc_invitation_document(&self, case_id: Id, participant_id: Id) -> Result<Document> {
        let (p, doc, kv, part) = self.adhoc_parts(case_id, participant_id)?;
        let CaseDoc {
            meeting,
            team,
            citizen,
            ..
        } = doc;
        let date = date_label(meeting.starts_at);
        let blocks = vec![
            Block::Title(ADHOC_INVITATION_TITLE.into()),
            Block::Subtitle(format!("Til {}", p.name)),
            Block::Paragraph(format!(
                "{} inviterer dig til at deltage i et møde i Fælles Team, hvor kommunen og \
                 regionspsykiatrien sammen med borgeren taler om borgerens forløb. {part}",
                team.name
            )),
            Block::KeyValues(kv),
            Block::Heading("Godt at vide".into()),
            Block::Bullets(vec![
                format!(
                    "{} har givet samtykke til, at du får oplysninger om sit forløb til \
                     mødet.",
                    citizen.first_name
                ),
                "Du er kun med i denne ene sag. Tiden er cirka: den forrige sag kan tage \
                 længere eller kortere tid."
                    .into(),
                "Kan du ikke komme, så giv tovholderen besked.".into(),
            ]),
            Block::Heading("Har du spørgsmål?".into()),
            Block::KeyValues(self.adhoc_contact(&team)?),
        ];
        Ok(Document {
            title: format!(
                "{ADHOC_INVITATION_TITLE}, {}",
                calendar::date_short(local_date(meeting.starts_at))
            ),
            author: team.name.clone(),
            subject: format!("Invitation til {} til mødet {date}", p.name),
            created: self.now(),
            banner: None,
            footer_left: team.name.clone(),
            blocks,
        })
    }

    /// An ad hoc participant's agenda: one item, their case.
    pub fn adhoc_agenda_document(&self, case_id: Id, participant_id: Id) -> Result<Document> {
        let (p, doc, kv, part) = self.adhoc_parts(case_id, participant_id)?;
        let CaseDoc {
            meeting,
            team,
            citizen,
            ..
        } = doc;
        let slot = self.case_slot(case_id)?;
        let date = local_date(meeting.starts_at);
        let blocks = vec![
            Block::Title(ADHOC_AGENDA_TITLE.into()),
            Block::Subtitle(format!("Til {} · {}", p.name, calendar::date_long(date))),
            Block::Paragraph(part),
            Block::KeyValues(kv),
            Block::Heading("Punkt".into()),
            table(
                &["Hvad", "Tid"],
                vec![vec![
                    format!("Borgersag: {}", or_dash(&citizen.first_name)),
                    slot.label.replace("ca. ", ""),
                ]],
                &[4.0, 1.6],
            ),
            Block::Note("Dagsordenen har kun det punkt, du deltager i. Tiden er cirka.".into()),
        ];
        Ok(Document {
            title: format!("{ADHOC_AGENDA_TITLE}, {}", calendar::date_short(date)),
            author: team.name.clone(),
            subject: format!(
                "Dagsorden til {} for mødet {}",
                p.name,
                date_label(meeting.starts_at)
            ),
            created: self.now(),
            banner: None,
            footer_left: team.name.clone(),
            blocks,
        })
    }
}
