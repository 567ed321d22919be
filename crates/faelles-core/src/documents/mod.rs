//! The domain's documents as `faelles_pdf::Document`s (PDF content, no file I/O).
//!
//! - The **citizen summary** holds one case only, in plain language, for the citizen (sent by
//!   e-Boks): the citizen's name (never the CPR number), the date, who took part, each section
//!   with notes under the citizen's own question from the template, how the agreements from
//!   last time went, the new agreements as a table, the next meeting and the contact person.
//!   Sections without notes are left out (the agreements and next steps are always there).
//! - The **minutes** are for the professionals: the meeting header, attendance, the theme notes,
//!   each case with the follow-up of earlier agreements and its new agreements, the meeting
//!   evaluation and the citizens' evaluation answers (the trial's indicators). Citizens are
//!   named, CPR numbers never appear; the cases' section notes stay in the citizens' summaries.
//! - A meeting that is not closed gives drafts: "UDKAST" in the header of every page.
//! - Characters no bundled font can draw become a visible marker in the PDF; the export
//!   check (`export`) lists them per document so the chair sees them before exporting.
//!
//! Files: `summary.rs` (the citizen's summary), `minutes.rs` (the minutes), `letters.rs`
//! (invitation, participants' agenda, extract), `agreements.rs` ("Dine aftaler"),
//! `access.rs` (the citizen's access request, «Indsigt»),
//! `report.rs` (the indicators); the blocks they share are here. Output layer: documents are
//! `faelles_pdf::Document`s, never files: writing them is `export`'s.

use crate::calendar;
use crate::chair::{CarriedAgreementView, CaseDetail};
use crate::domain::*;
use crate::error::{CoreError, Result};
use crate::templates::Template;
use crate::words::date_time_label;
use chrono::{DateTime, NaiveDate, Utc};
use faelles_pdf::Block;

mod access;
mod adhoc;
mod agreements;
mod letters;
mod minutes;
mod report;
mod summary;

pub use access::ACCESS_TITLE;
pub use adhoc::{ADHOC_AGENDA_TITLE, ADHOC_INVITATION_TITLE};
pub use agreements::AGREEMENTS_TITLE;
pub use letters::{AGENDA_TITLE, EXTRACT_TITLE, INVITATION_TITLE};

/// The header banner of documents from a meeting that is not closed.
pub const DRAFT_BANNER: &str = "UDKAST";
/// Title of the citizen's summary.
pub const CITIZEN_TITLE: &str = "Opsummering fra Fælles Team";
/// Title of the minutes.
pub const MINUTES_TITLE: &str = "Referat fra Fælles Team";
/// Shown for an empty value in a table or a key/value line.
const DASH: &str = "–";

// ---------------------------------------------------------------- helpers

fn or_dash(s: &str) -> String {
    if s.trim().is_empty() {
        DASH.to_string()
    } else {
        s.to_string()
    }
}

pub(crate) fn local_date(t: DateTime<Utc>) -> NaiveDate {
    calendar::local(t).date_naive()
}

/// The role of a person in plain words for the citizen: "fra psykiatrien (Overlæge)".
fn plain_label(t: &Template, p: &Participant) -> String {
    let role = t.plain_role(&p.role).unwrap_or(&p.role);
    let title = p.title.trim();
    if title.is_empty() || title.eq_ignore_ascii_case(role) {
        role.to_string()
    } else {
        format!("{role} ({title})")
    }
}

/// The person's organisation, or the organisation of their fixed role.
fn organisation(t: &Template, p: &Participant) -> String {
    if !p.organisation.trim().is_empty() {
        return p.organisation.clone();
    }
    t.fixed_roles
        .iter()
        .find(|r| r.key == p.role)
        .map(|r| r.organisation.clone())
        .unwrap_or_default()
}

/// A note as blocks: runs of lines starting with "- ", "* " or "• " become a bullet list, the
/// rest paragraphs. The text itself is kept (the layout engine sanitises it).
fn note_blocks(text: &str) -> Vec<Block> {
    fn bullet(line: &str) -> Option<&str> {
        let t = line.trim_start();
        ["- ", "* ", "• ", "– "]
            .iter()
            .find_map(|p| t.strip_prefix(p))
            .map(str::trim)
    }
    let mut out = Vec::new();
    let mut para = String::new();
    let mut items: Vec<String> = Vec::new();
    for line in text.lines() {
        match bullet(line) {
            Some(item) => {
                if !para.trim().is_empty() {
                    out.push(Block::Paragraph(std::mem::take(&mut para)));
                }
                para.clear();
                items.push(item.to_string());
            }
            None => {
                if !items.is_empty() {
                    out.push(Block::Bullets(std::mem::take(&mut items)));
                }
                if !para.is_empty() {
                    para.push('\n');
                }
                para.push_str(line);
            }
        }
    }
    if !items.is_empty() {
        out.push(Block::Bullets(items));
    }
    if !para.trim().is_empty() {
        out.push(Block::Paragraph(para));
    }
    out
}

/// "Fortsætter", "Udført: Bevilget", "Ikke gennemgået"
fn review_label(x: &CarriedAgreementView) -> String {
    match &x.review {
        Some(r) if r.comment.trim().is_empty() => r.outcome_label.clone(),
        Some(r) => format!("{}: {}", r.outcome_label, r.comment.trim()),
        None => "Ikke gennemgået".to_string(),
    }
}

fn carried_rows(d: &CaseDetail) -> Vec<Vec<String>> {
    d.carried_over
        .iter()
        .map(|x| {
            vec![
                x.agreement.what.clone(),
                or_dash(&x.agreement.who_label),
                review_label(x),
            ]
        })
        .collect()
}

fn agreement_rows(d: &CaseDetail) -> Vec<Vec<String>> {
    d.agreements
        .iter()
        .map(|a| vec![a.what.clone(), or_dash(&a.who_label), or_dash(&a.due_label)])
        .collect()
}

fn table(header: &[&str], rows: Vec<Vec<String>>, widths: &[f32]) -> Block {
    Block::Table {
        header: header.iter().map(|s| s.to_string()).collect(),
        rows,
        widths: widths.to_vec(),
    }
}

/// The first not cancelled meeting of the team after `m`.
fn next_meeting(meetings: &[Meeting], m: &Meeting) -> Option<Meeting> {
    meetings
        .iter()
        .find(|o| o.starts_at > m.starts_at && o.status != MeetingStatus::Cancelled)
        .cloned()
}

/// "tirsdag den 22. december 2026 kl. 13.00"
fn when(m: &Meeting) -> String {
    date_time_label(m.starts_at)
}

/// What every document of one case starts from: the case, its meeting (refused when
/// cancelled), the team, the citizen and the meeting's template.
struct CaseDoc {
    case: Case,
    meeting: Meeting,
    team: Team,
    citizen: Citizen,
    t: &'static Template,
}

impl crate::core::Core {
    fn case_doc(&self, case_id: Id) -> Result<CaseDoc> {
        let c = self.store().read();
        let case = crate::store::get_case(c, case_id)?;
        let meeting = crate::store::get_meeting(c, case.meeting_id)?;
        check_exportable(&meeting)?;
        Ok(CaseDoc {
            team: self.require_team()?,
            citizen: crate::store::get_citizen(c, case.citizen_id)?,
            t: crate::templates::by_version(&meeting.template_version)?,
            case,
            meeting,
        })
    }
}

/// Refuses documents of a cancelled meeting.
fn check_exportable(m: &Meeting) -> Result<()> {
    if m.status == MeetingStatus::Cancelled {
        return Err(CoreError::MeetingCancelled);
    }
    Ok(())
}

fn banner(m: &Meeting) -> Option<String> {
    (m.status != MeetingStatus::Closed).then(|| DRAFT_BANNER.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_with_dash_lines_become_bullet_lists() {
        let blocks = note_blocks("Vi talte om:\n- bolig\n- job\nDet var godt.");
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph("Vi talte om:".into()),
                Block::Bullets(vec!["bolig".into(), "job".into()]),
                Block::Paragraph("Det var godt.".into()),
            ]
        );
        assert!(note_blocks("  \n ").is_empty());
    }
}
