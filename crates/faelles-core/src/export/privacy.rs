//! Personal data outside the database: the access request's PDF (recorded as made for the
//! citizen, `citizen_file`), and what a deletion leaves on disk — the files about the citizen
//! in the export folder, listed for the chair to remove (the app deletes no file; it says
//! which it made and whether they changed since), and the backups that still hold the erased
//! data: a new backup is taken at once, the older ones expire within the team's backup period
//! (`backup::expire`) or are removed at the chair's word (`remove_backups_before`).

use super::names::{citizen_name_part, citizen_stem};
use super::write::{render, write_new_file};
use crate::backup;
use crate::calendar;
use crate::core::Core;
use crate::domain::*;
use crate::error::Result;
use crate::files;
use crate::files::sha256_hex;
use crate::store::{self, CitizenFile};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use std::fs;
use std::path::{Path, PathBuf};

/// The access request's PDF, written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccessFile {
    pub path: String,
    pub file_name: String,
    pub pages: usize,
    pub size_bytes: usize,
}

/// A file about a citizen in the export folder, for the chair to remove.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileToRemove {
    pub path: String,
    pub file_name: String,
    /// Fælles Team made it (it is recorded); else a file whose name carries the citizen's.
    pub made_by_app: bool,
    /// The file is still there.
    pub present: bool,
    /// Made by the app but changed since (its SHA-256 differs).
    pub changed: bool,
}

/// What the confirmation of a deletion shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeletionPreview {
    pub citizen_id: Id,
    pub name: String,
    pub files: Vec<FileToRemove>,
    /// Backups that hold the citizen's data now.
    pub backups: usize,
    pub backup_days: u32,
}

/// What a deletion did and left.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deletion {
    pub files: Vec<FileToRemove>,
    /// Backups made before the deletion: they still hold the data.
    pub backups_holding: usize,
    /// When the last of those expires («7. januar 2027»); `None` when there are none.
    pub backups_expire_on: Option<String>,
    pub backup_days: u32,
    pub erased_at: DateTime<Utc>,
    /// The time of the first backup without the data: «Slet dem nu» removes those before it.
    pub clean_backup_at: Option<DateTime<Utc>>,
    /// The whole answer in Danish, for the chair.
    pub message: String,
}

impl Core {
    /// Writes the access request's PDF for the citizen into `dir` ("<date> Indsigt Mikkel
    /// S.pdf") and records it as made for them.
    pub fn export_access_pdf(&mut self, citizen_id: Id, dir: &Path) -> Result<AccessFile> {
        let doc = self.access_document(citizen_id)?;
        let citizen = self.citizen(citizen_id)?;
        let rendered = render(&doc)?;
        store::ensure_private_dir(dir)?;
        let dir = files::canonical(dir)?;
        let stem = citizen_stem(
            self.today(),
            "Indsigt",
            &citizen.first_name,
            &citizen.last_name,
        );
        let path = write_new_file(&dir, &stem, &rendered.bytes, "pdf")?;
        let record = CitizenFile {
            id: new_id(),
            citizen_id,
            kind: "access".into(),
            path: path.display().to_string(),
            sha256: sha256_hex(&rendered.bytes),
            created_at: self.now(),
        };
        if let Err(e) = self
            .store_mut()
            .write(|w| store::insert_citizen_file(w, &record))
        {
            // No file without its record.
            let _ = fs::remove_file(&path);
            return Err(e);
        }
        Ok(AccessFile {
            file_name: file_name(&path),
            path: record.path,
            pages: rendered.pages,
            size_bytes: rendered.bytes.len(),
        })
    }

    /// The files about the citizen: those the app made of their cases and for them
    /// (recorded, whether still there and unchanged), then any other file in `dir` whose
    /// name carries the citizen's ("Mikkel S"). Minutes and agendas name the citizen among
    /// others: they belong to the meeting and are not listed.
    pub fn citizen_files_to_remove(&self, citizen_id: Id, dir: &Path) -> Result<Vec<FileToRemove>> {
        let citizen = self.citizen(citizen_id)?;
        let mut recorded: Vec<(String, String)> = self
            .citizen_exports(citizen_id)?
            .into_iter()
            .filter(|r| r.case_id.is_some() && !r.path.is_empty())
            .map(|r| (r.path, r.sha256))
            .collect();
        recorded.extend(
            store::citizen_files(self.store().read(), citizen_id)?
                .into_iter()
                .map(|f| (f.path, f.sha256)),
        );
        let mut out: Vec<FileToRemove> = recorded
            .iter()
            .map(|(path, sha)| {
                let bytes = fs::read(path).ok();
                FileToRemove {
                    file_name: file_name(Path::new(path)),
                    path: path.clone(),
                    made_by_app: true,
                    present: bytes.is_some(),
                    changed: bytes.is_some_and(|b| sha256_hex(&b) != *sha),
                }
            })
            .collect();
        let part = citizen_name_part(&citizen.first_name, &citizen.last_name);
        let known: Vec<String> = out.iter().map(|f| f.file_name.to_lowercase()).collect();
        for path in files_named_for(dir, &part)? {
            let name = file_name(&path);
            if !known.contains(&name.to_lowercase()) {
                out.push(FileToRemove {
                    path: path.display().to_string(),
                    file_name: name,
                    made_by_app: false,
                    present: true,
                    changed: false,
                });
            }
        }
        Ok(out)
    }

    /// What deleting the citizen will leave for the chair: their files, the backups.
    pub fn deletion_preview(&self, citizen_id: Id, dir: &Path) -> Result<DeletionPreview> {
        let citizen = self.citizen(citizen_id)?;
        Ok(DeletionPreview {
            citizen_id,
            name: citizen.full_name(),
            files: self.citizen_files_to_remove(citizen_id, dir)?,
            backups: match self.store().path() {
                Some(_) => backup::list_backups(self.store())?.len(),
                None => 0,
            },
            backup_days: self.retention()?.backup_days,
        })
    }

    /// Deletes the citizen (`Core::erase_citizen`, the same rule for a period that ran out
    /// and a request), then takes a new backup without their data and says which files
    /// to remove and when the older backups expire.
    pub fn delete_citizen(
        &mut self,
        citizen_id: Id,
        reason: DeletionReason,
        dir: &Path,
    ) -> Result<Deletion> {
        let files = self.citizen_files_to_remove(citizen_id, dir)?;
        self.erase_citizen(citizen_id, reason)?;
        let erased_at = self.now();
        let backup_days = self.retention()?.backup_days;
        // Every backup there now was made before the erasure; the new one is the first
        // without the data (its time is what «Slet dem nu» keeps from).
        let (holding, clean_from) = match self.store().path() {
            Some(_) => {
                let holding = backup::list_backups(self.store())?;
                let clean = backup::create_backup(self.store(), erased_at)?;
                (holding, Some(clean.created_at))
            }
            None => (Vec::new(), None),
        };
        let expire_on = holding.first().map(|b| {
            calendar::date_short(
                calendar::local(b.created_at + Duration::days(i64::from(backup_days))).date_naive(),
            )
        });
        let mut message = "Borgeren er slettet: navn, CPR-nummer, noter, aftalernes tekst og \
                           borgerens egne ord er fjernet. Tallene til evalueringen er bevaret \
                           uden navn. Der er taget en ny sikkerhedskopi uden borgerens data."
            .to_string();
        match (&expire_on, holding.len()) {
            (Some(date), n) => message.push_str(&format!(
                " {n} ældre {} indeholder stadig borgerens data; {} slettes automatisk senest \
                 {date} (efter {backup_days} dage). Du kan også slette {} nu.",
                if n == 1 {
                    "sikkerhedskopi"
                } else {
                    "sikkerhedskopier"
                },
                if n == 1 { "den" } else { "de" },
                if n == 1 { "den" } else { "dem" },
            )),
            (None, _) => message.push_str(" Ingen sikkerhedskopi indeholder borgerens data."),
        }
        let left = files.iter().filter(|f| f.present).count();
        if left > 0 {
            message.push_str(&format!(
                " Slet selv {} om borgeren i eksportmappen (listen herunder); Fælles Team \
                 sletter ikke filer.",
                if left == 1 {
                    "filen".to_string()
                } else {
                    format!("de {left} filer")
                }
            ));
        }
        Ok(Deletion {
            files,
            backups_holding: holding.len(),
            backups_expire_on: expire_on,
            backup_days,
            erased_at,
            clean_backup_at: clean_from,
            message,
        })
    }

    /// Deletes again, each for the reason it was deleted before, the citizens a restore
    /// brought back (`Core::revived_citizens`).
    pub fn delete_revived(&mut self, dir: &Path) -> Result<Vec<Deletion>> {
        let mut out = Vec::new();
        for r in self.revived_citizens()? {
            out.push(self.delete_citizen(r.citizen_id, r.reason, dir)?);
        }
        self.revived.clear();
        Ok(out)
    }

    /// Removes the backups made before `t` (after a deletion at `t`, a newer one exists).
    pub fn remove_backups_before(&self, t: DateTime<Utc>) -> Result<usize> {
        backup::remove_backups_before(self.store(), t)
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The files in `dir` whose name carries `part` as the app writes it ("… Mikkel S.pdf",
/// "… Mikkel S UDKAST.pdf", "… Mikkel S (2).pdf"), compared without regard to case.
fn files_named_for(dir: &Path, part: &str) -> Result<Vec<PathBuf>> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let needle = format!(" {}", part.to_lowercase());
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().to_lowercase();
        let hit = name.match_indices(&needle).any(|(i, _)| {
            matches!(
                name[i + needle.len()..].chars().next(),
                None | Some(' ' | '.' | '(')
            )
        });
        if hit && entry.file_type()?.is_file() {
            out.push(entry.path());
        }
    }
    out.sort();
    Ok(out)
}
