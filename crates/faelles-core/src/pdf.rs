//! PDFs from the domain: the citizen summary and the minutes, and their export to files.
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
//! - Export writes to the export folder ([`export_dir`], 0700) under a new name (never over an
//!   earlier file: " (2)", " (3)" ...), atomically (temporary file in the same folder, fsync,
//!   then linked into place), mode 0600, and records the file's SHA-256 in the store.
//!   File names carry the date and the citizen's first name and last initial, never digits
//!   from a name and never a CPR number.
//! - Characters no bundled font can draw become a visible marker in the PDF;
//!   [`Core::export_check`] lists them per document so the chair sees them before exporting.

use crate::calendar;
use crate::core::Core;
use crate::domain::*;
use crate::error::{CoreError, Result};
use crate::run::{CarriedAgreementView, CaseDetail};
use crate::store;
use crate::templates::Template;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use faelles_pdf::{Block, Document};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The header banner of documents from a meeting that is not closed.
pub const DRAFT_BANNER: &str = "UDKAST";
/// Title of the citizen's summary.
pub const CITIZEN_TITLE: &str = "Opsummering fra Fælles Team";
/// Title of the minutes.
pub const MINUTES_TITLE: &str = "Referat fra Fælles Team";
/// The sub folder of the data dir used for exports when `$FAELLES_DATA_DIR` is set.
pub const EXPORT_SUBDIR: &str = "eksport";
/// The folder in the user's documents.
pub const EXPORT_FOLDER: &str = "Fælles Team";
/// The most " (n)" suffixes tried before giving up.
const MAX_COPIES: u32 = 999;
/// Shown for an empty value in a table or a key/value line.
const DASH: &str = "–";

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

// ---------------------------------------------------------------- results

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

// ---------------------------------------------------------------- helpers

fn to_strings(chars: &[char]) -> Vec<String> {
    chars.iter().map(char::to_string).collect()
}

fn or_dash(s: &str) -> String {
    if s.trim().is_empty() {
        DASH.to_string()
    } else {
        s.to_string()
    }
}

fn local_date(t: DateTime<Utc>) -> NaiveDate {
    calendar::local(t).date_naive()
}

/// "kl. 13.00–15.00"
fn time_span(m: &Meeting) -> String {
    let end = m.starts_at + Duration::minutes(i64::from(m.duration_minutes));
    let end = calendar::local(end).format("%H.%M");
    format!("{}–{end}", calendar::clock(m.starts_at))
}

/// The role of a person as a title: "Klinik for rusmiddelpsykiatri (Overlæge)".
fn role_label(t: &Template, p: &Participant) -> String {
    let role = t.role_title(&p.role).unwrap_or(&p.role);
    let title = p.title.trim();
    if title.is_empty() || title == role {
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

/// Attendance in words for the citizen.
fn attendance_plain(a: Option<Attendance>) -> &'static str {
    match a {
        Some(Attendance::Present) => "Til stede",
        Some(Attendance::Virtual) => "Virtuelt",
        Some(Attendance::Absent) => "Deltog ikke",
        None => DASH,
    }
}

fn attendance_minutes(a: Option<Attendance>) -> &'static str {
    a.map(Attendance::label_da).unwrap_or("Ikke registreret")
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

/// Only letters, spaces, hyphens and apostrophes of a name: no digits (a CPR number typed
/// into a name field never reaches a file name), no path separators, no control or
/// bidirectional-override characters. Whitespace is collapsed.
fn name_for_file(s: &str) -> String {
    let kept: String = s
        .chars()
        .map(|c| {
            if c.is_alphabetic() || c == '-' || c == '\'' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let words: Vec<&str> = kept
        .split_whitespace()
        .map(|w| w.trim_matches(|c| c == '-' || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    words
        .join(" ")
        .chars()
        .take(40)
        .collect::<String>()
        .trim_end()
        .to_string()
}

/// "2026-11-24 Opsummering Mikkel S" (no extension).
pub fn citizen_file_stem(date: NaiveDate, first_name: &str, last_name: &str) -> String {
    let first = name_for_file(first_name);
    let first = if first.is_empty() {
        "borger".to_string()
    } else {
        first
    };
    let initial: String = name_for_file(last_name)
        .chars()
        .find(|c| c.is_alphabetic())
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    let name = if initial.is_empty() {
        first
    } else {
        format!("{first} {initial}")
    };
    format!("{} Opsummering {name}", date.format("%Y-%m-%d"))
}

/// "2026-11-24 Referat Fælles Team" (no extension).
pub fn minutes_file_stem(date: NaiveDate) -> String {
    format!("{} Referat Fælles Team", date.format("%Y-%m-%d"))
}

fn file_name(stem: &str, copy: u32) -> String {
    if copy <= 1 {
        format!("{stem}.pdf")
    } else {
        format!("{stem} ({copy}).pdf")
    }
}

fn render(doc: &Document) -> Result<faelles_pdf::Rendered> {
    faelles_pdf::render(doc).map_err(|e| CoreError::Pdf(e.to_string()))
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Writes `bytes` to a new file `<stem>.pdf` (or `<stem> (n).pdf`) in `dir`: a temporary
/// file in the same folder (0600), fsynced, then hard-linked to the first free name (a link
/// never replaces an existing file) and the temporary name removed; the folder is fsynced.
/// On a file system without hard links the temporary file is renamed to a name checked to be
/// free. Returns the final path.
fn write_new_file(dir: &Path, stem: &str, bytes: &[u8]) -> Result<PathBuf> {
    let tmp = dir.join(format!(".{}.pdf.tmp", new_id()));
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let written = (|| -> std::io::Result<()> {
        let mut f = opts.open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(e.into());
    }
    let placed = (|| -> Result<PathBuf> {
        for copy in 1..=MAX_COPIES {
            let path = dir.join(file_name(stem, copy));
            match fs::hard_link(&tmp, &path) {
                Ok(()) => return Ok(path),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(_) => {
                    // No hard links here (e.g. FAT on a USB stick): rename to a free name.
                    if fs::symlink_metadata(&path).is_ok() {
                        continue;
                    }
                    fs::rename(&tmp, &path)?;
                    return Ok(path);
                }
            }
        }
        Err(CoreError::InvalidValue {
            field: "Filnavn",
            reason: format!("der findes allerede {MAX_COPIES} filer med navnet »{stem}«"),
        })
    })();
    let _ = fs::remove_file(&tmp);
    let path = placed?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600))?;
        // The new directory entry on disk too.
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(path)
}

/// The contact person for the citizen: their own contact, else the team's coordinator.
fn contact_person(team: &Team, citizen: &Citizen, people: &[Participant]) -> Option<Participant> {
    [citizen.contact_id, team.coordinator_id]
        .into_iter()
        .flatten()
        .find_map(|id| people.iter().find(|p| p.id == id && p.active))
        .cloned()
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
    format!(
        "{} {}",
        calendar::date_long(local_date(m.starts_at)),
        calendar::clock(m.starts_at)
    )
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

// ---------------------------------------------------------------- documents

impl Core {
    /// The citizen's own summary of one case. Contains that case only and no CPR number.
    pub fn citizen_summary_document(&self, case_id: Id) -> Result<Document> {
        let detail = self.case_detail(case_id)?;
        let c = self.store().read();
        let case = store::get_case(c, case_id)?;
        let meeting = store::get_meeting(c, case.meeting_id)?;
        check_exportable(&meeting)?;
        let team = self.require_team()?;
        let citizen = store::get_citizen(c, case.citizen_id)?;
        let t = crate::templates::by_version(&meeting.template_version)?;
        let people = store::list_participants(c, meeting.team_id)?;
        let meetings = store::list_meetings(c, meeting.team_id)?;
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
                    role_label(t, p),
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
                "aftaler" => {
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
                    let next = match next_meeting(&meetings, &meeting) {
                        Some(n) => {
                            let mut v = when(&n);
                            if !n.place.trim().is_empty() {
                                v.push_str(&format!(", {}", n.place.trim()));
                            }
                            v
                        }
                        None => "Datoen er ikke fastsat endnu.".into(),
                    };
                    blocks.push(Block::KeyValues(vec![("Næste møde:".into(), next)]));
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

    /// The minutes of a meeting for the professionals. Names citizens, never a CPR number.
    pub fn minutes_document(&self, meeting_id: Id) -> Result<Document> {
        let c = self.store().read();
        let meeting = store::get_meeting(c, meeting_id)?;
        check_exportable(&meeting)?;
        let team = self.require_team()?;
        let t = crate::templates::by_version(&meeting.template_version)?;
        let people = store::list_participants(c, meeting.team_id)?;
        let meetings = store::list_meetings(c, meeting.team_id)?;
        let date = local_date(meeting.starts_at);
        let theme = self.meeting_theme(&meeting)?;
        let person = |id: Option<Id>| {
            id.and_then(|id| people.iter().find(|p| p.id == id))
                .map(|p| p.name.clone())
                .unwrap_or_else(|| DASH.into())
        };

        let mut blocks = vec![
            Block::Title(MINUTES_TITLE.into()),
            Block::Subtitle(format!("{} · {}", team.name, calendar::date_long(date))),
        ];
        let mut kv = vec![
            ("Dato:".to_string(), calendar::date_with_week(date)),
            ("Tid:".to_string(), time_span(&meeting)),
        ];
        if !meeting.place.trim().is_empty() {
            kv.push(("Sted:".into(), meeting.place.clone()));
        }
        if !meeting.video_link.trim().is_empty() {
            kv.push(("Video:".into(), meeting.video_link.clone()));
        }
        kv.push(("Tema:".into(), theme.clone().unwrap_or_else(|| DASH.into())));
        kv.push(("Mødeleder:".into(), person(team.chair_id)));
        kv.push(("Tovholder:".into(), person(team.coordinator_id)));
        kv.push((
            "Status:".into(),
            match (meeting.status, meeting.closed_at) {
                (MeetingStatus::Closed, Some(at)) => format!(
                    "Afsluttet {} {}",
                    calendar::date_short(local_date(at)),
                    calendar::clock(at)
                ),
                _ => "Udkast – mødet er ikke afsluttet".into(),
            },
        ));
        blocks.push(Block::KeyValues(kv));
        let reopenings = self.reopenings(meeting_id)?;
        if !reopenings.is_empty() {
            let lines: Vec<String> = reopenings
                .iter()
                .map(|r| {
                    format!(
                        "Genåbnet {} {}: {}",
                        calendar::date_short(local_date(r.at)),
                        calendar::clock(r.at),
                        r.reason
                    )
                })
                .collect();
            blocks.push(Block::Note(lines.join("\n")));
        }

        // 1. Attendance.
        blocks.push(Block::Heading("1. Fremmøde".into()));
        let registered = store::list_meeting_attendance(c, meeting_id)?;
        let rows: Vec<Vec<String>> = people
            .iter()
            .filter_map(|p| {
                let a = registered
                    .iter()
                    .find(|a| a.participant_id == p.id)
                    .map(|a| a.attendance);
                (a.is_some() || (p.fixed && p.active)).then(|| {
                    vec![
                        p.name.clone(),
                        role_label(t, p),
                        or_dash(&organisation(t, p)),
                        attendance_minutes(a).into(),
                    ]
                })
            })
            .collect();
        if rows.is_empty() {
            blocks.push(Block::Paragraph("Ingen faste deltagere.".into()));
        } else {
            blocks.push(table(
                &["Navn", "Rolle", "Organisation", "Fremmøde"],
                rows,
                &[1.5, 2.0, 1.7, 1.3],
            ));
        }

        // 2. Theme.
        blocks.push(Block::Heading(match &theme {
            Some(th) => format!("2. Månedens tema: {th}"),
            None => "2. Månedens tema".into(),
        }));
        let theme_notes = note_blocks(&store::stored_note(c, &NoteRef::theme(meeting.id))?.0);
        if theme_notes.is_empty() {
            blocks.push(Block::Paragraph(DASH.into()));
        }
        blocks.extend(theme_notes);

        // 3. Cases.
        blocks.push(Block::Heading("3. Borgersager".into()));
        let cases = store::list_cases(c, meeting_id)?;
        if cases.is_empty() {
            blocks.push(Block::Paragraph("Ingen borgersager på dette møde.".into()));
        }
        let mut evaluations = Vec::new();
        for (i, case) in cases.iter().enumerate() {
            let d = self.case_detail(case.id)?;
            blocks.push(Block::Heading(format!(
                "3.{} {}",
                i + 1,
                d.citizen_full_name
            )));
            let mut kv = vec![(
                "Borgeren:".to_string(),
                attendance_minutes(d.citizen_attendance).to_string(),
            )];
            let adhoc: Vec<String> = d
                .participants
                .iter()
                .filter(|p| !p.fixed)
                .filter_map(|cp| people.iter().find(|p| p.id == cp.participant_id))
                .map(|p| format!("{}, {}", p.name, role_label(t, p)))
                .collect();
            if !adhoc.is_empty() {
                kv.push(("Ad hoc:".into(), adhoc.join("; ")));
            }
            blocks.push(Block::KeyValues(kv));
            if !d.carried_over.is_empty() {
                blocks.push(table(
                    &["Aftale fra tidligere møde", "Hvem", "Opfølgning"],
                    carried_rows(&d),
                    &[3.0, 1.5, 1.7],
                ));
            }
            if d.agreements.is_empty() {
                blocks.push(Block::Paragraph("Ingen nye aftaler.".into()));
            } else {
                blocks.push(table(
                    &["Ny aftale", "Hvem", "Hvornår"],
                    agreement_rows(&d),
                    &[3.0, 1.5, 1.7],
                ));
            }
            let e = d.citizen_evaluation.as_ref();
            let answer = |f: fn(&CitizenEvaluation) -> Answer| {
                e.map(|e| f(e).label_da()).unwrap_or("Ikke registreret")
            };
            evaluations.push(vec![
                d.citizen_full_name.clone(),
                answer(|e| e.involved).into(),
                answer(|e| e.ownership).into(),
                answer(|e| e.common_goals).into(),
                or_dash(e.map(|e| e.comment.as_str()).unwrap_or("")),
            ]);
        }

        // 4. The professionals' evaluation.
        blocks.push(Block::Heading(format!(
            "4. {}",
            agenda_title(t, "evaluering")
        )));
        match store::get_meeting_evaluation(c, meeting_id)? {
            Some(e) => {
                let mut kv: Vec<(String, String)> = t
                    .meeting_evaluation
                    .fields
                    .iter()
                    .map(|f| {
                        let v = match f.key.as_str() {
                            "effects" => &e.effects,
                            "experiences" => &e.experiences,
                            "learning" => &e.learning,
                            _ => "",
                        };
                        (format!("{}:", f.title), or_dash(v))
                    })
                    .collect();
                kv.push((
                    t.meeting_evaluation.coherence_question.clone(),
                    e.coherent
                        .map(|a| a.label_da().to_string())
                        .unwrap_or_else(|| "Ikke besvaret".into()),
                ));
                blocks.push(Block::KeyValues(kv));
            }
            None => blocks.push(Block::Paragraph("Evalueringen er ikke udfyldt.".into())),
        }

        // The citizens' answers (the trial's indicators).
        if !evaluations.is_empty() {
            blocks.push(Block::Heading("Borgernes evaluering".into()));
            blocks.push(table(
                &[
                    "Borger",
                    "Inddraget",
                    "Eget forløb",
                    "Fælles mål",
                    "Kommentar",
                ],
                evaluations,
                &[1.6, 1.1, 1.1, 1.1, 2.2],
            ));
            let questions: Vec<String> = t
                .citizen_evaluation
                .iter()
                .zip(["Inddraget", "Eget forløb", "Fælles mål"])
                .map(|(q, short)| format!("{short}: »{}«", q.question))
                .collect();
            blocks.push(Block::Note(questions.join("\n")));
        }

        // 5. Next meeting.
        blocks.push(Block::Heading(format!(
            "5. {}",
            agenda_title(t, "eventuelt")
        )));
        blocks.push(Block::KeyValues(vec![(
            "Næste møde:".into(),
            next_meeting(&meetings, &meeting)
                .map(|n| when(&n))
                .unwrap_or_else(|| "Ikke planlagt".into()),
        )]));

        Ok(Document {
            title: format!("{MINUTES_TITLE}, {}", calendar::date_short(date)),
            author: team.name.clone(),
            subject: format!(
                "Referat af mødet {} i {}",
                calendar::date_long(date),
                team.name
            ),
            created: self.now(),
            banner: banner(&meeting),
            footer_left: team.name,
            blocks,
        })
    }

    // ------------------------------------------------------------ export

    /// What can be exported from a meeting, with the characters that will show as a marker.
    pub fn export_check(&self, meeting_id: Id) -> Result<ExportCheck> {
        let meeting = self.meeting(meeting_id)?;
        let date = local_date(meeting.starts_at);
        let minutes = self.minutes_document(meeting_id)?;
        let mut all = faelles_pdf::unsupported_chars(&minutes);
        let minutes = ExportTarget {
            kind: ExportKind::Minutes,
            case_id: None,
            label: "Referat".into(),
            file_name: file_name(&minutes_file_stem(date), 1),
            unsupported: to_strings(&all),
        };
        let mut cases = Vec::new();
        for case in self.cases(meeting_id)? {
            let citizen = self.citizen(case.citizen_id)?;
            let doc = self.citizen_summary_document(case.id)?;
            let chars = faelles_pdf::unsupported_chars(&doc);
            all.extend(&chars);
            cases.push(ExportTarget {
                kind: ExportKind::CitizenSummary,
                case_id: Some(case.id),
                label: citizen.full_name(),
                file_name: file_name(
                    &citizen_file_stem(date, &citizen.first_name, &citizen.last_name),
                    1,
                ),
                unsupported: to_strings(&chars),
            });
        }
        all.sort_unstable();
        all.dedup();
        Ok(ExportCheck {
            meeting_id,
            closed: meeting.status == MeetingStatus::Closed,
            draft: meeting.status != MeetingStatus::Closed,
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
        let case = self.case(case_id)?;
        let meeting = self.meeting(case.meeting_id)?;
        let citizen = self.citizen(case.citizen_id)?;
        let doc = self.citizen_summary_document(case_id)?;
        let stem = citizen_file_stem(
            local_date(meeting.starts_at),
            &citizen.first_name,
            &citizen.last_name,
        );
        self.export(
            &doc,
            dir,
            &stem,
            &meeting,
            Some(case_id),
            ExportKind::CitizenSummary,
        )
    }

    /// Writes the minutes of `meeting_id` into `dir` and records the export.
    pub fn export_minutes(&mut self, meeting_id: Id, dir: &Path) -> Result<Exported> {
        let meeting = self.meeting(meeting_id)?;
        let doc = self.minutes_document(meeting_id)?;
        let stem = minutes_file_stem(local_date(meeting.starts_at));
        self.export(&doc, dir, &stem, &meeting, None, ExportKind::Minutes)
    }

    /// The exports recorded for a meeting, oldest first.
    pub fn exports(&self, meeting_id: Id) -> Result<Vec<ExportRecord>> {
        store::list_exports(self.store().read(), meeting_id)
    }

    fn export(
        &mut self,
        doc: &Document,
        dir: &Path,
        stem: &str,
        meeting: &Meeting,
        case_id: Option<Id>,
        kind: ExportKind,
    ) -> Result<Exported> {
        let rendered = render(doc)?;
        let unsupported = to_strings(&faelles_pdf::unsupported_chars(doc));
        store::ensure_private_dir(dir)?;
        let dir = fs::canonicalize(dir)?;
        let path = write_new_file(&dir, stem, &rendered.bytes)?;
        let record = ExportRecord {
            id: new_id(),
            meeting_id: meeting.id,
            case_id,
            kind,
            path: path.display().to_string(),
            sha256: sha256_hex(&rendered.bytes),
            created_at: self.now(),
        };
        if let Err(e) = self
            .store_mut()
            .write(|tx| store::insert_export(tx, &record))
        {
            // No file without its record.
            let _ = fs::remove_file(&path);
            return Err(e);
        }
        Ok(Exported {
            path: record.path.clone(),
            file_name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            record,
            pages: rendered.pages,
            size_bytes: rendered.bytes.len(),
            draft: doc.banner.is_some(),
            unsupported,
        })
    }
}

/// The agenda item's title from the template ("Aktørernes evaluering af mødet").
fn agenda_title(t: &Template, key: &str) -> String {
    t.agenda
        .iter()
        .find(|a| a.key == key)
        .map(|a| a.title.clone())
        .unwrap_or_else(|| key.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn file_names_have_date_first_name_and_initial_only() {
        assert_eq!(
            citizen_file_stem(d(2026, 11, 24), "Mikkel", "Sørensen"),
            "2026-11-24 Opsummering Mikkel S"
        );
        assert_eq!(
            citizen_file_stem(d(2026, 11, 24), "Anne Marie", "østergaard"),
            "2026-11-24 Opsummering Anne Marie Ø"
        );
        // Digits, separators, controls and bidi overrides never reach a file name.
        assert_eq!(
            citizen_file_stem(d(2026, 1, 2), "Bo/../120385-1117\u{202E}fdp", "..\\x"),
            "2026-01-02 Opsummering Bo fdp X"
        );
        assert_eq!(
            citizen_file_stem(d(2026, 1, 2), "1203851117", "1117"),
            "2026-01-02 Opsummering borger"
        );
        assert_eq!(
            minutes_file_stem(d(2026, 11, 24)),
            "2026-11-24 Referat Fælles Team"
        );
        assert_eq!(file_name("x", 1), "x.pdf");
        assert_eq!(file_name("x", 3), "x (3).pdf");
    }

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

    #[test]
    fn new_files_never_replace_old_ones() {
        let dir = tempfile::tempdir().unwrap();
        let a = write_new_file(dir.path(), "x", b"one").unwrap();
        let b = write_new_file(dir.path(), "x", b"two").unwrap();
        assert_eq!(a.file_name().unwrap(), "x.pdf");
        assert_eq!(b.file_name().unwrap(), "x (2).pdf");
        assert_eq!(fs::read(&a).unwrap(), b"one");
        assert_eq!(fs::read(&b).unwrap(), b"two");
        // No temporary files are left behind.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&b).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
    }
}
