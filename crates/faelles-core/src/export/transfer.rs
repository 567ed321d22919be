//! «Flyt data» / «Hent data»: the team's whole database as one encrypted file, to a new laptop
//! or to the deputy who chairs when the coordinator is ill — never a plain database with CPR
//! numbers on a USB stick.
//!
//! The file: a short plain header, then an age file (age-encryption.org/v1, the `age` crate)
//! encrypted to a passphrase of at least [`MIN_PASSPHRASE_CHARS`] characters with age's scrypt
//! recipient (work factor calibrated by age to ≈1 s on the machine that writes), whose content
//! is a consistent copy of the database (SQLite's online backup API, one self-contained file).
//!
//! ```text
//! FAELLES-TEAM-DATA 1\n          the format (a newer one is refused: TransferTooNew)
//! sha256 <64 hex>\n              of the age part: a flipped byte, a file cut short
//! \n                             (TransferDamaged) is told from a wrong passphrase
//! <age file>                     (WrongPassphrase), which age alone cannot tell apart
//! ```
//!
//! Reading it back decrypts into a private staging file in the backup folder and goes through
//! the restore's steps (`backup::restore_from`): the file is checked (a database, the full
//! integrity check, a schema not newer than this build: TransferTooNew), a safety copy of the
//! live data is taken, then the copy is written into the live database in one transaction.
//! Any refusal changes nothing.

use super::write::write_new_file;
use crate::backup;
use crate::core::Core;
use crate::error::{CoreError, Result};
use crate::files;
use crate::files::sha256_hex;
use crate::store::{self, SCHEMA_VERSION};
use age::secrecy::SecretString;
use serde::Serialize;
use std::io::{Read, Write};
use std::path::Path;

/// The shortest passphrase accepted.
pub const MIN_PASSPHRASE_CHARS: usize = 12;
/// The hand-over file's extension.
pub const TRANSFER_EXT: &str = "faelles";
const MAGIC: &str = "FAELLES-TEAM-DATA ";
const FORMAT: i64 = 1;

/// A written hand-over file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TransferFile {
    pub path: String,
    pub file_name: String,
    pub size_bytes: u64,
}

fn check_passphrase(p: &str) -> Result<SecretString> {
    if p.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(CoreError::PassphraseTooShort {
            min: MIN_PASSPHRASE_CHARS,
        });
    }
    Ok(SecretString::from(p.to_owned()))
}

fn damaged<E>(_: E) -> CoreError {
    CoreError::TransferDamaged
}

/// Encrypts `plain` to the passphrase and puts the header before it.
pub fn seal(plain: &mut impl Read, passphrase: &str) -> Result<Vec<u8>> {
    let secret = check_passphrase(passphrase)?;
    let mut sealed = Vec::new();
    let mut w = age::Encryptor::with_user_passphrase(secret)
        .wrap_output(&mut sealed)
        .map_err(CoreError::Io)?;
    std::io::copy(plain, &mut w)?;
    w.finish()?;
    let mut out = format!("{MAGIC}{FORMAT}\nsha256 {}\n\n", sha256_hex(&sealed)).into_bytes();
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// Checks the header and the checksum and decrypts into `out`. Refusals: not ours, damaged
/// or cut short (`TransferDamaged`), a newer format (`TransferTooNew`), a passphrase that
/// does not open it (`WrongPassphrase`), one too short (`PassphraseTooShort`).
pub fn open(file: &[u8], passphrase: &str, out: &mut impl Write) -> Result<()> {
    let secret = check_passphrase(passphrase)?;
    let mut lines = file.splitn(4, |b| *b == b'\n');
    let (head, sum, blank, sealed) = (lines.next(), lines.next(), lines.next(), lines.next());
    let format: i64 = head
        .and_then(|h| std::str::from_utf8(h).ok())
        .and_then(|h| h.strip_prefix(MAGIC))
        .and_then(|v| v.parse().ok())
        .ok_or(CoreError::TransferDamaged)?;
    if format > FORMAT {
        return Err(CoreError::TransferTooNew {
            found: format,
            supported: FORMAT,
        });
    }
    let (Some(sum), Some(b""), Some(sealed)) = (sum, blank, sealed) else {
        return Err(CoreError::TransferDamaged);
    };
    if sum != format!("sha256 {}", sha256_hex(sealed)).as_bytes() {
        return Err(CoreError::TransferDamaged);
    }
    let decryptor = age::Decryptor::new(sealed).map_err(damaged)?;
    let identity = age::scrypt::Identity::new(secret);
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => {
                CoreError::WrongPassphrase
            }
            _ => CoreError::TransferDamaged,
        })?;
    std::io::copy(&mut reader, out).map_err(damaged)?;
    Ok(())
}

impl Core {
    /// «Flyt data»: writes the team's data encrypted to `passphrase` into `dir` as
    /// "Fælles Team data <date>.faelles" (never over an earlier file).
    pub fn move_data_out(&self, passphrase: &str, dir: &Path) -> Result<TransferFile> {
        check_passphrase(passphrase)?;
        let sealed = backup::with_private_copy(self.store(), |copy| {
            seal(&mut std::fs::File::open(copy)?, passphrase)
        })?;
        store::ensure_private_dir(dir)?;
        let dir = files::canonical(dir)?;
        let stem = format!("Fælles Team data {}", self.today().format("%Y-%m-%d"));
        let path = write_new_file(&dir, &stem, &sealed, TRANSFER_EXT)?;
        Ok(TransferFile {
            file_name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            path: path.display().to_string(),
            size_bytes: sealed.len() as u64,
        })
    }

    /// «Hent data»: replaces this machine's data with the hand-over file's (a safety copy of
    /// the current data is taken first, as for a restore). Text not yet saved is saved
    /// first; if it cannot be, or the file is refused, nothing changes.
    pub fn move_data_in(&mut self, file: &Path, passphrase: &str) -> Result<()> {
        check_passphrase(passphrase)?;
        let bytes = std::fs::read(file)?;
        // Refuse a wrong passphrase or a damaged file before anything else is touched.
        let mut plain = Vec::new();
        open(&bytes, passphrase, &mut plain)?;
        self.save_drafts()?.into_result()?;
        let now = self.now();
        let before = self.erased_citizens_with_reason()?;
        backup::restore_from(self.store_mut(), |f| Ok(f.write_all(&plain)?), now).map_err(|e| {
            match e {
                CoreError::DatabaseTooNew { found, .. } => CoreError::TransferTooNew {
                    found,
                    supported: SCHEMA_VERSION,
                },
                CoreError::BackupDamaged => CoreError::TransferDamaged,
                e => e,
            }
        })?;
        self.drafts.clear();
        self.note_revived(before)?;
        Ok(())
    }
}

/// A hand-over file found in a folder.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FoundTransferFile {
    pub path: String,
    pub file_name: String,
    pub size_bytes: u64,
}

/// The hand-over files (`*.faelles`) in `dir`, by name: what «Hent data» offers (the chair
/// puts the file from the other laptop in the export folder; the app has no file dialogs).
pub fn transfer_files(dir: &Path) -> Result<Vec<FoundTransferFile>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = Path::new(&name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case(TRANSFER_EXT));
        let meta = entry.metadata()?;
        if ours && meta.is_file() && !name.starts_with('.') {
            out.push(FoundTransferFile {
                path: entry.path().display().to_string(),
                file_name: name,
                size_bytes: meta.len(),
            });
        }
    }
    out.sort_by(|a, b| b.file_name.cmp(&a.file_name));
    Ok(out)
}
