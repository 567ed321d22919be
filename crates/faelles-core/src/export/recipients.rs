//! Each recipient gets only what is theirs: an ad hoc participant's own invitation, calendar
//! file and one-item agenda (each recorded as made for them), and «Hvem får hvad?», every
//! recipient of every document of a meeting.

use super::{Exported, ForWhom};
use crate::core::Core;
use crate::domain::*;
use crate::error::Result;
use crate::store;
use crate::words::{role_label, short_name};
use std::path::Path;

impl Core {
    fn adhoc_for(&self, participant_id: Id) -> ForWhom {
        (Recipient::Participant, Some(participant_id))
    }

    /// Writes an ad hoc participant's invitation into `dir` and records it as made for them.
    pub fn export_adhoc_invitation(
        &mut self,
        case_id: Id,
        participant_id: Id,
        dir: &Path,
    ) -> Result<Exported> {
        let doc = self.adhoc_invitation_document(case_id, participant_id)?;
        let for_whom = self.adhoc_for(participant_id);
        self.export_case(case_id, &doc, dir, ExportKind::Invitation, for_whom)
    }

    /// Writes an ad hoc participant's one-item agenda into `dir`, recorded as made for them.
    pub fn export_adhoc_agenda(
        &mut self,
        case_id: Id,
        participant_id: Id,
        dir: &Path,
    ) -> Result<Exported> {
        let doc = self.adhoc_agenda_document(case_id, participant_id)?;
        let for_whom = self.adhoc_for(participant_id);
        self.export_case(case_id, &doc, dir, ExportKind::Agenda, for_whom)
    }

    /// Writes an ad hoc participant's calendar file into `dir`, recorded as made for them.
    pub fn export_adhoc_calendar(
        &mut self,
        case_id: Id,
        participant_id: Id,
        dir: &Path,
    ) -> Result<String> {
        let text = self.adhoc_calendar(case_id, participant_id)?;
        let name = store::get_participant(self.store().read(), participant_id)?.name;
        let (_, _, stem) = self.case_stem(case_id, &format!("Kalender til {name}"))?;
        let for_whom = self.adhoc_for(participant_id);
        self.write_case_calendar(case_id, dir, &stem, &text, for_whom)
    }

    /// «Hvem får hvad?»: every document of the meeting and who gets it, one line each, in
    /// Danish (for the chair: names every citizen).
    pub fn recipients_list(&self, meeting_id: Id) -> Result<Vec<String>> {
        let meeting = self.meeting(meeting_id)?;
        let t = crate::templates::by_version(&meeting.template_version)?;
        let people = store::list_participants(self.store().read(), meeting.team_id)?;
        let fixed: Vec<&str> = people
            .iter()
            .filter(|p| p.fixed && p.active)
            .map(|p| p.name.as_str())
            .collect();
        let team = format!("de faste medlemmer ({})", fixed.join(", "));
        let mut out = vec![format!("Dagsorden til det faste team: {team}.")];
        let receivers = self.minutes_organisations(meeting_id)?;
        let mut minutes = format!("Referat: {team}.");
        let mut lines = Vec::new();
        for case in self.cases(meeting_id)? {
            let citizen = self.citizen(case.citizen_id)?;
            let name = short_name(&citizen);
            if let Err(e) = self.case_consent(case.id) {
                lines.push(format!("Sagen om {name}: intet. {}", e.message_da()));
                continue;
            }
            let missing = self.case_scope_missing(case.id, &receivers)?;
            if !missing.is_empty() {
                minutes.push_str(&format!(
                    " Uden sagen om {name}: samtykket dækker ikke {}.",
                    missing.join(", ")
                ));
            }
            lines.push(format!(
                "Invitation, kalenderfil og opsummering (via e-Boks) om {name}: {} selv.",
                citizen.full_name()
            ));
            let mut extract = Vec::new();
            for l in store::list_case_participants(self.store().read(), case.id)? {
                let Some(p) = people.iter().find(|p| p.id == l.participant_id && !p.fixed) else {
                    continue;
                };
                let who = format!("{} ({})", p.name, role_label(t, p));
                match self.adhoc_of_case(case.id, p.id) {
                    Ok(_) => {
                        lines.push(format!(
                            "Invitation, kalenderfil og dagsorden med ét punkt (sagen om \
                             {name}): {who}."
                        ));
                        extract.push(who);
                    }
                    Err(e) => {
                        lines.push(format!("{who}, sagen om {name}: intet. {}", e.message_da()))
                    }
                }
            }
            if !extract.is_empty() {
                lines.push(format!(
                    "Uddrag af referatet om {name}: {} (ikke referatet: det handler også om \
                     andre borgere).",
                    extract.join(", ")
                ));
            }
        }
        out.push(minutes);
        out.extend(lines);
        Ok(out)
    }
}
