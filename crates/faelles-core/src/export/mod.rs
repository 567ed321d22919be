//! Every file the app writes, and only here: the export check (what can be exported, with
//! the characters that will show as a marker and the hand-over states), the documents and
//! the calendar and CSV files written to the export folder ([`export_dir`], 0700) under a new
//! name (never over an earlier file: " (2)", " (3)" ...), crash-safely (temporary file in the
//! same folder, fsync, then linked into place, 0600), and for each document its record with
//! the file's SHA-256 in the store. File names carry the date and the citizen's first name
//! and last initial, never digits from a name and never a CPR number.
//!
//! Files: `names.rs` (file names by Digital Post's rules), `write.rs` (the crash-safe
//! writer), `csv.rs` (the working group's CSV files), `ics.rs` (calendar files); the export
//! check and the `Core` methods that write are here. Output layer: the documents come from
//! `documents`, the figures from `report`; a draft is recorded as `draft` and named
//! "… UDKAST.pdf" (`handover` decides what can be handed over).

pub(crate) mod csv;
mod ics;
mod names;
mod privacy;
mod recipients;
mod transfer;
mod write;

pub(crate) use self::csv::{actors_csv, cases_csv, meetings_csv};
pub use names::{citizen_file_stem, draft_stem, minutes_file_stem, MAX_FILE_NAME_CHARS};
pub use privacy::{AccessFile, Deletion, DeletionPreview, FileToRemove};
pub use transfer::{
    open as open_sealed, seal, transfer_files, FoundTransferFile, TransferFile,
    MIN_PASSPHRASE_CHARS, TRANSFER_EXT,
};

use crate::core::Core;
use crate::documents::local_date;
use crate::domain::*;
use crate::error::{CoreError, Result};
use crate::files;
use crate::files::sha256_hex;
use crate::handover::{doc_state, minutes_state, of_kind, DocState};
use crate::store;
use crate::words::role_label;
use faelles_pdf::Document;
use names::{citizen_stem, file_name};
use serde::Serialize;
use std::fs;
use std::path::{Path, PathBuf};
use write::{render, write_new_file};

/// The sub folder of the data dir used for exports when `$FAELLES_DATA_DIR` is set.
pub const EXPORT_SUBDIR: &str = "eksport";
/// The folder in the user's documents.
pub const EXPORT_FOLDER: &str = "Fælles Team";

/// What the export panel shows before anything is written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportCheck {
    pub meeting_id: Id,
    /// The meeting is closed: final documents. Otherwise they carry "UDKAST".
    pub closed: bool,
    pub draft: bool,
    /// The folder the files go to.
    pub dir: String,
    pub minutes: ExportTarget,
    /// One per case, in agenda order.
    pub cases: Vec<ExportTarget>,
    /// Every character of all the meeting's documents that no bundled font can draw.
    pub unsupported: Vec<String>,
    /// Things left after a closed meeting (summaries not handed over, minutes not made).
    pub handover_left: usize,
    /// «Hvem får hvad?»: who gets which document, in Danish, one line each
    /// (`recipients_list`).
    pub who_gets_what: Vec<String>,
}

/// One document that can be exported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportTarget {
    pub kind: ExportKind,
    pub case_id: Option<Id>,
    /// For the chair: the citizen's full name, or "Referat".
    pub label: String,
    /// The file name without a " (n)" suffix.
    pub file_name: String,
    /// Characters shown as a marker in this document (one character per string).
    pub unsupported: Vec<String>,
    /// After the meeting: made / handed over for e-Boks (citizen summaries) or made
    /// (minutes).
    pub handover: DocState,
    /// The case's ad hoc participants ("Karin Sørensen (Netværk/pårørende)"): each gets the
    /// extract of this case, not the minutes.
    pub adhoc: Vec<String>,
    /// Why the case may not be used now (no consent valid on the meeting's date), in Danish.
    pub consent_problem: Option<String>,
}

/// For whom a file is made: the citizen, the fixed team, or one ad hoc participant.
pub(crate) type ForWhom = (Recipient, Option<Id>);
const CITIZEN: ForWhom = (Recipient::Citizen, None);
const TEAM: ForWhom = (Recipient::Team, None);

/// What a recorded file is of.
struct Target<'a> {
    meeting: &'a Meeting,
    case_id: Option<Id>,
    kind: ExportKind,
    for_whom: ForWhom,
    draft: bool,
}

/// A written file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Exported {
    pub record: ExportRecord,
    /// The absolute path (as in the record).
    pub path: String,
    pub file_name: String,
    pub pages: usize,
    pub size_bytes: usize,
    pub draft: bool,
    /// Characters drawn as a marker.
    pub unsupported: Vec<String>,
}

/// Where exports are written: `$FAELLES_DATA_DIR/eksport` when the variable is set (tests,
/// portable installs), else a "Fælles Team" folder in the user's documents (or home).
pub fn export_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("FAELLES_DATA_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(d).join(EXPORT_SUBDIR);
    }
    match directories::UserDirs::new() {
        Some(u) => u
            .document_dir()
            .unwrap_or_else(|| u.home_dir())
            .join(EXPORT_FOLDER),
        None => store::data_dir().join(EXPORT_SUBDIR),
    }
}

fn to_strings(chars: &[char]) -> Vec<String> {
    chars.iter().map(char::to_string).collect()
}

impl Core {
    /// What can be exported from a meeting, with the characters that will show as a marker.
    pub fn export_check(&self, meeting_id: Id) -> Result<ExportCheck> {
        let meeting = self.meeting(meeting_id)?;
        let date = local_date(meeting.starts_at);
        let draft = meeting.status != MeetingStatus::Closed;
        let minutes = self.minutes_document(meeting_id)?;
        let mut all = faelles_pdf::unsupported_chars(&minutes);
        let records = self.exports(meeting_id)?;
        let reopened = self.last_reopened(meeting_id)?;
        let people = store::list_participants(self.store().read(), meeting.team_id)?;
        let t = crate::templates::by_version(&meeting.template_version)?;
        let minutes = ExportTarget {
            kind: ExportKind::Minutes,
            case_id: None,
            label: "Referat".into(),
            file_name: file_name(&draft_stem(&minutes_file_stem(date), draft), 1),
            unsupported: to_strings(&all),
            handover: minutes_state(&of_kind(&records, ExportKind::Minutes, None), reopened),
            adhoc: Vec::new(),
            consent_problem: None,
        };
        let mut cases = Vec::new();
        for case in self.cases(meeting_id)? {
            let citizen = self.citizen(case.citizen_id)?;
            let doc = self.citizen_summary_document(case.id)?;
            let chars = faelles_pdf::unsupported_chars(&doc);
            all.extend(&chars);
            let adhoc: Vec<String> = store::list_case_participants(self.store().read(), case.id)?
                .iter()
                .filter_map(|l| people.iter().find(|p| p.id == l.participant_id))
                .filter(|p| !p.fixed)
                .map(|p| format!("{} ({})", p.name, role_label(t, p)))
                .collect();
            let consent_problem = self.case_consent(case.id).err().map(|e| e.message_da());
            cases.push(ExportTarget {
                handover: doc_state(
                    &of_kind(&records, ExportKind::CitizenSummary, Some(case.id)),
                    reopened,
                ),
                adhoc,
                consent_problem,
                kind: ExportKind::CitizenSummary,
                case_id: Some(case.id),
                label: citizen.full_name(),
                file_name: file_name(
                    &draft_stem(
                        &citizen_file_stem(date, &citizen.first_name, &citizen.last_name),
                        draft,
                    ),
                    1,
                ),
                unsupported: to_strings(&chars),
            });
        }
        all.sort_unstable();
        all.dedup();
        Ok(ExportCheck {
            handover_left: self.handover_left(&meeting)?,
            who_gets_what: self.recipients_list(meeting_id)?,
            meeting_id,
            closed: meeting.status == MeetingStatus::Closed,
            draft,
            dir: export_dir().display().to_string(),
            minutes,
            cases,
            unsupported: to_strings(&all),
        })
    }

    /// Every character of the meeting's documents (minutes and all summaries) that no bundled
    /// font can draw.
    pub fn export_unsupported_chars(&self, meeting_id: Id) -> Result<Vec<char>> {
        Ok(self
            .export_check(meeting_id)?
            .unsupported
            .iter()
            .filter_map(|s| s.chars().next())
            .collect())
    }

    /// Writes the citizen's summary of `case_id` into `dir` and records the export.
    pub fn export_citizen_summary(&mut self, case_id: Id, dir: &Path) -> Result<Exported> {
        let doc = self.citizen_summary_document(case_id)?;
        let out = self.export_case(case_id, &doc, dir, ExportKind::CitizenSummary, CITIZEN)?;
        Ok(out)
    }

    /// Writes the minutes of `meeting_id` into `dir` and records the export.
    pub fn export_minutes(&mut self, meeting_id: Id, dir: &Path) -> Result<Exported> {
        let meeting = self.meeting(meeting_id)?;
        let doc = self.minutes_document(meeting_id)?;
        let stem = minutes_file_stem(local_date(meeting.starts_at));
        self.export(&doc, dir, &stem, &meeting, None, ExportKind::Minutes, TEAM)
    }

    /// Writes the citizen's invitation of `case_id` into `dir`, records the export and the
    /// case as invited today. Refused without a consent valid on the meeting's date.
    pub fn export_invitation(&mut self, case_id: Id, dir: &Path) -> Result<Exported> {
        let doc = self.invitation_document(case_id)?;
        let out = self.export_case(case_id, &doc, dir, ExportKind::Invitation, CITIZEN)?;
        self.mark_invited(case_id)?;
        Ok(out)
    }

    /// Writes the extract of `case_id` for its ad hoc participants into `dir` (refused
    /// unless the consent covers each of them).
    pub fn export_extract(&mut self, case_id: Id, dir: &Path) -> Result<Exported> {
        let doc = self.extract_document(case_id)?;
        let for_whom = (Recipient::Participant, None);
        let out = self.export_case(case_id, &doc, dir, ExportKind::Extract, for_whom)?;
        Ok(out)
    }

    /// Writes a document of one case (refused without a consent valid on the meeting's
    /// date) under "<date> <what> <first name> <initial>" and records it.
    fn export_case(
        &mut self,
        case_id: Id,
        doc: &Document,
        dir: &Path,
        kind: ExportKind,
        for_whom: ForWhom,
    ) -> Result<Exported> {
        self.case_consent(case_id)?;
        let what = match kind {
            ExportKind::Invitation => "Invitation",
            ExportKind::Extract => "Uddrag",
            ExportKind::Agenda => "Dagsorden",
            _ => "Opsummering",
        };
        let what = match for_whom.1 {
            Some(p) => format!(
                "{what} til {}",
                store::get_participant(self.store().read(), p)?.name
            ),
            None => what.to_string(),
        };
        let (_, meeting, stem) = self.case_stem(case_id, &what)?;
        self.export(doc, dir, &stem, &meeting, Some(case_id), kind, for_whom)
    }

    /// Writes the fixed team's agenda of `meeting_id` into `dir`.
    pub fn export_agenda(&mut self, meeting_id: Id, dir: &Path) -> Result<Exported> {
        let meeting = self.meeting(meeting_id)?;
        let doc = self.agenda_document(meeting_id)?;
        let stem = format!(
            "{} Dagsorden Fælles Team",
            local_date(meeting.starts_at).format("%Y-%m-%d")
        );
        self.export(&doc, dir, &stem, &meeting, None, ExportKind::Agenda, TEAM)
    }

    fn case_stem(&self, case_id: Id, what: &str) -> Result<(Case, Meeting, String)> {
        let case = self.case(case_id)?;
        let meeting = self.meeting(case.meeting_id)?;
        let citizen = self.citizen(case.citizen_id)?;
        let date = local_date(meeting.starts_at);
        let stem = citizen_stem(date, what, &citizen.first_name, &citizen.last_name);
        Ok((case, meeting, stem))
    }

    /// Writes the team's calendar (every meeting) as an .ics file into `dir`; the path.
    pub fn export_team_calendar(&self, dir: &Path) -> Result<String> {
        let text = self.team_calendar()?;
        self.write_calendar(dir, "Fælles Team møder", &text)
    }

    /// Writes one event for the citizen's own case slot as an .ics file into `dir`, and
    /// records it as made for the citizen.
    pub fn export_case_calendar(&mut self, case_id: Id, dir: &Path) -> Result<String> {
        let text = self.case_calendar(case_id)?;
        let (_, _, stem) = self.case_stem(case_id, "Kalender")?;
        self.write_case_calendar(case_id, dir, &stem, &text, CITIZEN)
    }

    /// Writes the indicators report for `from`..=`to` as a PDF into `dir`; the path.
    pub fn export_report_pdf(
        &self,
        from: &str,
        to: &str,
        files: &[String],
        dir: &Path,
    ) -> Result<String> {
        let doc = self.report_document(from, to, files)?;
        let (f, t) = self.report_range(from, to)?;
        let rendered = render(&doc)?;
        self.write_file(
            dir,
            &format!("Indikatorer {f} til {t}"),
            &rendered.bytes,
            "pdf",
        )
    }

    /// Writes "Dine aftaler fra Fælles Team" for the filter's responsible or organisation as a
    /// PDF into `dir`; the path.
    pub fn export_agreements_pdf(
        &self,
        filter: &crate::chair::FollowUpFilter,
        dir: &Path,
    ) -> Result<String> {
        let doc = self.agreements_document(filter)?;
        let rendered = render(&doc)?;
        let stem = format!(
            "Aftaler {}",
            doc.subject.trim_start_matches("Åbne aftaler for ")
        );
        self.write_file(
            dir,
            &format!("{stem} {}", self.today().format("%Y-%m-%d")),
            &rendered.bytes,
            "pdf",
        )
    }

    /// Writes one of the working group's CSV files (`cases` or `meetings`) into `dir`.
    pub fn export_report_csv(
        &mut self,
        kind: &str,
        from: &str,
        to: &str,
        dir: &Path,
    ) -> Result<String> {
        let (f, t) = self.report_range(from, to)?;
        let (bytes, what) = match kind {
            "cases" => (cases_csv(self, from, to)?, "sager"),
            "meetings" => (meetings_csv(self, from, to)?, "møder"),
            "actors" => (actors_csv(self, from, to)?, "aktører"),
            _ => {
                return Err(CoreError::InvalidValue {
                    field: "CSV",
                    reason: "ukendt slags fil".into(),
                })
            }
        };
        self.write_file(
            dir,
            &format!("Indikatorer {what} {f} til {t}"),
            &bytes,
            "csv",
        )
    }

    /// Writes the team's «Evalueringsdata» for the range into `dir` (only ticked free
    /// texts; see `report::data`); its path.
    pub fn export_eval_data(&mut self, from: &str, to: &str, dir: &Path) -> Result<String> {
        let data = self.eval_data(from, to, false)?;
        let bytes = crate::report::data::encode(&data)?;
        self.write_file(
            dir,
            &format!(
                "Evalueringsdata {} {} til {}",
                data.team.name, data.from, data.to
            ),
            &bytes,
            "json",
        )
    }

    /// Writes a version of the team's template as a template file into `dir`; its path.
    pub fn export_template(&self, id: &str, dir: &Path) -> Result<String> {
        let (stem, bytes) = self.template_file(id)?;
        self.write_file(dir, &stem, &bytes, "json")
    }

    fn write_file(&self, dir: &Path, stem: &str, bytes: &[u8], ext: &str) -> Result<String> {
        store::ensure_private_dir(dir)?;
        let dir = files::canonical(dir)?;
        let path = write_new_file(&dir, stem, bytes, ext)?;
        Ok(path.display().to_string())
    }

    /// Writes a file of a meeting and records it with for whom it was made; no file without
    /// its record.
    fn write_recorded(
        &mut self,
        dir: &Path,
        stem: &str,
        bytes: &[u8],
        ext: &str,
        target: Target<'_>,
    ) -> Result<(PathBuf, ExportRecord)> {
        store::ensure_private_dir(dir)?;
        let dir = files::canonical(dir)?;
        let path = write_new_file(&dir, stem, bytes, ext)?;
        let record = ExportRecord {
            id: new_id(),
            meeting_id: target.meeting.id,
            case_id: target.case_id,
            kind: target.kind,
            path: path.display().to_string(),
            sha256: sha256_hex(bytes),
            created_at: self.now(),
            handed_over_at: None,
            draft: target.draft,
            recipient: target.for_whom.0,
            participant_id: target.for_whom.1,
        };
        if let Err(e) = self
            .store_mut()
            .write(|tx| store::insert_export(tx, &record))
        {
            // No file without its record.
            let _ = fs::remove_file(&path);
            return Err(e);
        }
        Ok((path, record))
    }

    /// Writes a case's calendar file and records it (calendar files are made before the
    /// meeting: never drafts).
    fn write_case_calendar(
        &mut self,
        case_id: Id,
        dir: &Path,
        stem: &str,
        text: &str,
        for_whom: ForWhom,
    ) -> Result<String> {
        let meeting = self.meeting(self.case(case_id)?.meeting_id)?;
        let target = Target {
            meeting: &meeting,
            case_id: Some(case_id),
            kind: ExportKind::Calendar,
            for_whom,
            draft: false,
        };
        let (path, _) = self.write_recorded(dir, stem, text.as_bytes(), "ics", target)?;
        Ok(path.display().to_string())
    }

    fn write_calendar(&self, dir: &Path, stem: &str, text: &str) -> Result<String> {
        self.write_file(dir, stem, text.as_bytes(), "ics")
    }

    #[allow(clippy::too_many_arguments)]
    fn export(
        &mut self,
        doc: &Document,
        dir: &Path,
        stem: &str,
        meeting: &Meeting,
        case_id: Option<Id>,
        kind: ExportKind,
        for_whom: ForWhom,
    ) -> Result<Exported> {
        let rendered = render(doc)?;
        let unsupported = to_strings(&faelles_pdf::unsupported_chars(doc));
        // A draft says so in its name too: it is never the letter that is handed over.
        let draft = doc.banner.is_some();
        let stem = draft_stem(stem, draft);
        let target = Target {
            meeting,
            case_id,
            kind,
            for_whom,
            draft,
        };
        let (path, record) = self.write_recorded(dir, &stem, &rendered.bytes, "pdf", target)?;
        Ok(Exported {
            path: record.path.clone(),
            file_name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            record,
            pages: rendered.pages,
            size_bytes: rendered.bytes.len(),
            draft,
            unsupported,
        })
    }
}
