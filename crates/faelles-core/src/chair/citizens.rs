//! The chair's citizen list and a citizen's page (CPR numbers only masked).

use crate::calendar;
use crate::core::Core;
use crate::domain::*;
use crate::error::Result;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct CitizenListItem {
    pub id: Id,
    pub name: String,
    pub screen_name: Option<String>,
    pub active: bool,
    /// "gyldigt" | "mangler" | "trukket tilbage"
    pub consent: &'static str,
}

pub fn citizen_list(core: &Core, query: &str) -> Result<Vec<CitizenListItem>> {
    let today = core.today();
    core.search_citizens(query)?
        .into_iter()
        .map(|c| {
            let consent = consent_state(core, &c, today)?;
            Ok(CitizenListItem {
                id: c.id,
                name: c.full_name(),
                screen_name: c.screen_name.clone(),
                active: c.active,
                consent,
            })
        })
        .collect()
}

/// "gyldigt" | "mangler" | "trukket tilbage": the citizen's consent on `date`.
fn consent_state(core: &Core, c: &Citizen, date: chrono::NaiveDate) -> Result<&'static str> {
    match core.check_consent(c, date) {
        Ok(()) => Ok("gyldigt"),
        Err(crate::CoreError::ConsentWithdrawn { .. }) => Ok("trukket tilbage"),
        Err(crate::CoreError::ConsentMissing { .. }) => Ok("mangler"),
        Err(e) => Err(e),
    }
}

#[derive(Debug, Serialize)]
pub struct CitizenDetail {
    pub id: Id,
    pub first_name: String,
    pub last_name: String,
    pub screen_name: Option<String>,
    pub cpr_masked: String,
    pub contact_id: Option<Id>,
    pub active: bool,
    /// Today: "gyldigt" | "mangler" | "trukket tilbage" (as in the list).
    pub consent: &'static str,
    pub consents: Vec<ConsentView>,
    /// The consent form's boxes: who a consent can name.
    pub consent_recipients: Vec<crate::templates::ConsentRecipient>,
    /// Every file made of the citizen's cases (and of their meetings), newest first, with
    /// for whom: the answer to an access request.
    pub documents: Vec<CitizenDocument>,
}

/// One file made about the citizen, and for whom.
#[derive(Debug, Serialize)]
pub struct CitizenDocument {
    pub id: Id,
    pub kind: ExportKind,
    /// «Opsummering», «Invitation», «Kalenderfil», ...
    pub document: String,
    /// When it was made («3.3.2026 kl. 14.02»).
    pub made: String,
    /// The meeting's date.
    pub meeting: String,
    /// «Borgeren selv», «Det faste team», «Peter Holm (Praktiserende læge)».
    pub for_whom: String,
    pub recipient: Recipient,
    pub participant_id: Option<Id>,
    pub file_name: String,
    pub draft: bool,
}

fn document_label(kind: ExportKind, recipient: Recipient) -> &'static str {
    match (kind, recipient) {
        (ExportKind::CitizenSummary, _) => "Opsummering",
        (ExportKind::Minutes, _) => "Referat",
        (ExportKind::Invitation, _) => "Invitation",
        (ExportKind::Agenda, Recipient::Team) => "Dagsorden til det faste team",
        (ExportKind::Agenda, _) => "Dagsorden med ét punkt",
        (ExportKind::Extract, _) => "Uddrag af referatet",
        (ExportKind::Calendar, _) => "Kalenderfil",
    }
}

/// The files made of a citizen's cases and meetings, newest first, each with for whom.
pub fn citizen_documents(core: &Core, citizen_id: Id) -> Result<Vec<CitizenDocument>> {
    let t = core.template();
    let people = core.participants()?;
    let mut meetings = std::collections::HashMap::new();
    let mut out = Vec::new();
    for r in core.citizen_exports(citizen_id)? {
        let meeting = match meetings.get(&r.meeting_id) {
            Some(m) => m,
            None => {
                let m = core.meeting(r.meeting_id)?;
                meetings.entry(r.meeting_id).or_insert(m)
            }
        };
        let for_whom = match (r.recipient, r.participant_id) {
            (Recipient::Citizen, _) => "Borgeren selv".to_string(),
            (Recipient::Team, _) => "Det faste team".to_string(),
            (Recipient::Participant, Some(id)) => people.iter().find(|p| p.id == id).map_or_else(
                || "En ad hoc-deltager".into(),
                |p| format!("{} ({})", p.name, crate::words::role_label(t, p)),
            ),
            (Recipient::Participant, None) => "Sagens ad hoc-deltagere".to_string(),
        };
        out.push(CitizenDocument {
            id: r.id,
            kind: r.kind,
            document: document_label(r.kind, r.recipient).to_string(),
            made: crate::words::date_time_label(r.created_at),
            meeting: calendar::date_short(calendar::local(meeting.starts_at).date_naive()),
            for_whom,
            recipient: r.recipient,
            participant_id: r.participant_id,
            file_name: std::path::Path::new(&r.path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            draft: r.draft,
        });
    }
    Ok(out)
}

#[derive(Debug, Serialize)]
pub struct ConsentView {
    pub id: Id,
    pub given_on: String,
    pub given_on_label: String,
    pub method: ConsentMethod,
    pub scope: String,
    /// Who may receive information: «Kommunen, Regionspsykiatrien, Praktiserende læge».
    pub recipients: Vec<String>,
    pub recipients_label: String,
    pub recorded_by: String,
    pub withdrawn_on_label: Option<String>,
    pub valid_today: bool,
}

pub fn citizen_detail(core: &Core, id: Id) -> Result<CitizenDetail> {
    let c = core.citizen(id)?;
    let today = core.today();
    let t = core.template();
    Ok(CitizenDetail {
        consent_recipients: t.consent_recipients(),
        documents: citizen_documents(core, id)?,
        id: c.id,
        first_name: c.first_name.clone(),
        last_name: c.last_name.clone(),
        screen_name: c.screen_name.clone(),
        cpr_masked: c.cpr.masked(),
        contact_id: c.contact_id,
        active: c.active,
        consent: consent_state(core, &c, today)?,
        consents: core
            .consents(id)?
            .into_iter()
            .rev()
            .map(|k| ConsentView {
                id: k.id,
                given_on: k.given_on.format("%Y-%m-%d").to_string(),
                given_on_label: calendar::date_short(k.given_on),
                method: k.method,
                scope: k.scope.clone(),
                recipients_label: k
                    .recipients
                    .iter()
                    .map(|r| t.consent_label(r))
                    .collect::<Vec<_>>()
                    .join(", "),
                recipients: k.recipients.clone(),
                recorded_by: k.recorded_by.clone(),
                withdrawn_on_label: k.withdrawn_on.map(calendar::date_short),
                valid_today: k.valid_on(today),
            })
            .collect(),
    })
}
