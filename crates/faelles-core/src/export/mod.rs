//! Export: what can be exported (with the characters that will show as a marker), and writing
//! a document to a new file (temporary file, fsync, linked into place, 0600, never over an
//! earlier file) with its SHA-256 recorded in the store.

use super::{local_date, ExportCheck, ExportTarget, Exported, EXPORT_FOLDER, EXPORT_SUBDIR};
use crate::core::Core;
use crate::domain::*;
use crate::error::{CoreError, Result};
use crate::files;
use crate::handover::{doc_state, of_kind};
use crate::store;
use chrono::NaiveDate;
use faelles_pdf::Document;
use sha2::{Digest, Sha256};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The most " (n)" suffixes tried before giving up.
const MAX_COPIES: u32 = 999;

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
    citizen_stem(date, "Opsummering", first_name, last_name)
}

/// "2026-11-24 <what> Mikkel S" (no extension).
fn citizen_stem(date: NaiveDate, what: &str, first_name: &str, last_name: &str) -> String {
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
    format!("{} {what} {name}", date.format("%Y-%m-%d"))
}

/// A draft's file name ends "UDKAST" ("2026-11-24 Opsummering Mikkel S UDKAST.pdf"), so
/// that it is never taken for the final letter.
pub fn draft_stem(stem: &str, draft: bool) -> String {
    if draft {
        format!("{stem} {}", super::DRAFT_BANNER)
    } else {
        stem.to_string()
    }
}

/// "2026-11-24 Referat Fælles Team" (no extension).
pub fn minutes_file_stem(date: NaiveDate) -> String {
    format!("{} Referat Fælles Team", date.format("%Y-%m-%d"))
}

/// The longest file name Digital Post accepts, in characters, `.pdf` included.
pub const MAX_FILE_NAME_CHARS: usize = 100;

/// Characters Digital Post refuses in an attachment's file name: `< > : " / \ | ? *`,
/// control characters, no-break and other special spaces (U+00A0, U+2000–U+200A, U+2028,
/// U+205F, U+2060, U+3000).
fn refused_in_file_name(c: char) -> bool {
    matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*')
        || c.is_control()
        || matches!(
            c,
            '\u{00A0}' | '\u{2000}'
                ..='\u{200A}' | '\u{2028}' | '\u{205F}' | '\u{2060}' | '\u{3000}'
        )
}

/// `<stem>.pdf` or `<stem> (n).pdf` as Digital Post accepts it: refused characters become
/// spaces, runs of spaces one, and the stem is cut so the whole name is at most
/// [`MAX_FILE_NAME_CHARS`] characters. The stems made here never need it; this is the
/// last guard before a file is named.
fn file_name(stem: &str, copy: u32) -> String {
    file_name_ext(stem, copy, "pdf")
}

fn file_name_ext(stem: &str, copy: u32, ext: &str) -> String {
    let suffix = if copy <= 1 {
        format!(".{ext}")
    } else {
        format!(" ({copy}).{ext}")
    };
    let kept: String = stem
        .chars()
        .map(|c| if refused_in_file_name(c) { ' ' } else { c })
        .collect();
    let words: Vec<&str> = kept.split(' ').filter(|w| !w.is_empty()).collect();
    let room = MAX_FILE_NAME_CHARS - suffix.chars().count();
    let stem: String = words.join(" ").chars().take(room).collect();
    let stem = match stem.trim_end() {
        "" => "dokument",
        s => s,
    };
    format!("{stem}{suffix}")
}

fn render(doc: &Document) -> Result<faelles_pdf::Rendered> {
    Ok(faelles_pdf::render(doc)?)
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
fn write_new_file(dir: &Path, stem: &str, bytes: &[u8], ext: &str) -> Result<PathBuf> {
    let tmp = dir.join(format!(".{}.{ext}.tmp", new_id()));
    let written = (|| -> std::io::Result<()> {
        let mut f = files::new_private_file().open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(e.into());
    }
    let placed = (|| -> Result<PathBuf> {
        for copy in 1..=MAX_COPIES {
            let path = dir.join(file_name_ext(stem, copy, ext));
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
    }
    // The new directory entry on disk too.
    files::sync_dir(dir);
    Ok(path)
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
            handover: doc_state(&of_kind(&records, ExportKind::Minutes, None), reopened),
            adhoc: Vec::new(),
            consent_problem: None,
        };
        let mut who_gets_what = vec![
            "Referatet: de faste medlemmer af teamet (kommunen og regionspsykiatrien).".to_string(),
        ];
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
                .map(|p| format!("{} ({})", p.name, super::role_label(t, p)))
                .collect();
            who_gets_what.push(format!(
                "Opsummeringen til {}: borgeren selv, via e-Boks.",
                citizen.full_name()
            ));
            if !adhoc.is_empty() {
                who_gets_what.push(format!(
                    "Uddrag af sagen om {}: {} (ikke referatet: det handler også om andre borgere).",
                    super::short_name(&citizen),
                    adhoc.join(", ")
                ));
            }
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
            who_gets_what,
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
        let (_, out) = self.export_case(case_id, &doc, dir, ExportKind::CitizenSummary)?;
        Ok(out)
    }

    /// Writes the minutes of `meeting_id` into `dir` and records the export.
    pub fn export_minutes(&mut self, meeting_id: Id, dir: &Path) -> Result<Exported> {
        let meeting = self.meeting(meeting_id)?;
        let doc = self.minutes_document(meeting_id)?;
        let stem = minutes_file_stem(local_date(meeting.starts_at));
        self.export(&doc, dir, &stem, &meeting, None, ExportKind::Minutes)
    }

    /// Writes the citizen's invitation of `case_id` into `dir`, records the export and the
    /// case as invited today. Refused without a consent valid on the meeting's date.
    pub fn export_invitation(&mut self, case_id: Id, dir: &Path) -> Result<Exported> {
        let doc = self.invitation_document(case_id)?;
        let (mut case, out) = self.export_case(case_id, &doc, dir, ExportKind::Invitation)?;
        case.citizen_invited = true;
        case.invited_on = Some(local_date(self.now()));
        self.store_mut().write(|tx| store::upsert_case(tx, &case))?;
        Ok(out)
    }

    /// Writes the extract of `case_id` for its ad hoc participants into `dir`.
    pub fn export_extract(&mut self, case_id: Id, dir: &Path) -> Result<Exported> {
        let doc = self.extract_document(case_id)?;
        let (_, out) = self.export_case(case_id, &doc, dir, ExportKind::Extract)?;
        Ok(out)
    }

    /// Writes a document of one case (refused without a consent valid on the meeting's
    /// date) under "<date> <what> <first name> <initial>" and records it; the case too.
    fn export_case(
        &mut self,
        case_id: Id,
        doc: &Document,
        dir: &Path,
        kind: ExportKind,
    ) -> Result<(Case, Exported)> {
        self.case_consent(case_id)?;
        let what = match kind {
            ExportKind::Invitation => "Invitation",
            ExportKind::Extract => "Uddrag",
            _ => "Opsummering",
        };
        let (case, meeting, stem) = self.case_stem(case_id, what)?;
        let out = self.export(doc, dir, &stem, &meeting, Some(case_id), kind)?;
        Ok((case, out))
    }

    /// Writes the participants' agenda of `meeting_id` into `dir`.
    pub fn export_agenda(&mut self, meeting_id: Id, dir: &Path) -> Result<Exported> {
        let meeting = self.meeting(meeting_id)?;
        let doc = self.agenda_document(meeting_id)?;
        let stem = format!(
            "{} Dagsorden Fælles Team",
            local_date(meeting.starts_at).format("%Y-%m-%d")
        );
        self.export(&doc, dir, &stem, &meeting, None, ExportKind::Agenda)
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

    /// Writes one event for the citizen's own case slot as an .ics file into `dir`.
    pub fn export_case_calendar(&self, case_id: Id, dir: &Path) -> Result<String> {
        let text = self.case_calendar(case_id)?;
        let (_, _, stem) = self.case_stem(case_id, "Kalender")?;
        self.write_calendar(dir, &stem, &text)
    }

    /// Writes the indicators report for `from`..=`to` as a PDF into `dir`; the path.
    pub fn export_report_pdf(&self, from: &str, to: &str, dir: &Path) -> Result<String> {
        let doc = self.report_document(from, to)?;
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
        filter: &crate::followup::FollowUpFilter,
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
            "cases" => (crate::report::cases_csv(self, from, to)?, "sager"),
            "meetings" => (crate::report::meetings_csv(self, from, to)?, "møder"),
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

    fn write_file(&self, dir: &Path, stem: &str, bytes: &[u8], ext: &str) -> Result<String> {
        store::ensure_private_dir(dir)?;
        let dir = files::canonical(dir)?;
        let path = write_new_file(&dir, stem, bytes, ext)?;
        Ok(path.display().to_string())
    }

    fn write_calendar(&self, dir: &Path, stem: &str, text: &str) -> Result<String> {
        self.write_file(dir, stem, text.as_bytes(), "ics")
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
        // A draft says so in its name too: it is never the letter that is handed over.
        let draft = doc.banner.is_some();
        let stem = draft_stem(stem, draft);
        store::ensure_private_dir(dir)?;
        let dir = files::canonical(dir)?;
        let path = write_new_file(&dir, &stem, &rendered.bytes, "pdf")?;
        let record = ExportRecord {
            id: new_id(),
            meeting_id: meeting.id,
            case_id,
            kind,
            path: path.display().to_string(),
            sha256: sha256_hex(&rendered.bytes),
            created_at: self.now(),
            handed_over_at: None,
            draft,
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
            draft,
            unsupported,
        })
    }
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

    /// Digital Post's rules for an attachment's name, as a predicate.
    fn digital_post_accepts(name: &str) -> bool {
        name.ends_with(".pdf")
            && name.chars().count() <= MAX_FILE_NAME_CHARS
            && !name.chars().any(refused_in_file_name)
    }

    #[test]
    fn file_names_follow_digital_posts_rules() {
        let refused = "<>:\"/\\|?*\u{0}\u{1F}\u{7F}\u{9F}\u{A0}\u{2000}\u{2005}\u{200A}\u{2028}\u{205F}\u{2060}\u{3000}";
        for c in refused.chars() {
            let name = file_name(&format!("2026-11-24 Opsummering A{c}B"), 1);
            assert_eq!(name, "2026-11-24 Opsummering A B.pdf", "{c:?}");
        }
        let long = format!("2026-11-24 Opsummering {}", "Æ".repeat(300));
        for copy in [1, 2, 999] {
            let name = file_name(&long, copy);
            assert!(digital_post_accepts(&name), "{name}");
            assert_eq!(name.chars().count(), MAX_FILE_NAME_CHARS);
        }
        assert!(file_name(&long, 999).ends_with("Æ (999).pdf"));
        assert_eq!(file_name(" *?* ", 1), "dokument.pdf");
        // The longest names the app makes fit with room for " (999)".
        let stem = citizen_file_stem(d(2026, 12, 31), &"Å".repeat(200), "Øster");
        assert!(digital_post_accepts(&file_name(&stem, 999)));
        assert_eq!(file_name(&stem, 1), format!("{stem}.pdf"));
    }

    proptest::proptest! {
        #[test]
        fn any_stem_gives_a_name_digital_post_accepts(stem in "(\\PC|\\p{Cc}|\\p{Zs}|\\p{Zl}|\\p{Cf}){0,300}", copy in 1u32..1000) {
            let name = file_name(&stem, copy);
            proptest::prop_assert!(digital_post_accepts(&name), "{:?}", name);
        }
    }

    #[test]
    fn new_files_never_replace_old_ones() {
        let dir = tempfile::tempdir().unwrap();
        let a = write_new_file(dir.path(), "x", b"one", "pdf").unwrap();
        let b = write_new_file(dir.path(), "x", b"two", "pdf").unwrap();
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

    #[test]
    fn a_name_that_differs_only_in_case_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let a = write_new_file(dir.path(), "Opsummering Åse B", b"one", "pdf").unwrap();
        let b = write_new_file(dir.path(), "Opsummering ÅSE B", b"two", "pdf").unwrap();
        assert_eq!(fs::read(&a).unwrap(), b"one");
        assert_eq!(fs::read(&b).unwrap(), b"two");
        // A file system that ignores case (Windows, macOS) sees one name: the second file
        // gets " (2)". One that does not (Linux) has two names.
        let ignores_case = dir.path().join("opsummering åse b.pdf").exists();
        assert!(ignores_case || !cfg!(windows));
        let want = if ignores_case {
            "Opsummering ÅSE B (2).pdf"
        } else {
            "Opsummering ÅSE B.pdf"
        };
        assert_eq!(b.file_name().unwrap(), want);
    }
}
