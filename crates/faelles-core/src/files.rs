//! The files the app writes itself (the database, backups, the private copies of a restore,
//! exports), made the same way on every platform. What differs, and how it is handled here:
//!
//! - Private: created new with mode 0600 (folders 0700) on Unix; on Windows files inherit the
//!   folder's ACL (`%LOCALAPPDATA%`, Documents: the user, SYSTEM, Administrators).
//! - Durable: [`sync_file`] opens the file **for writing** to flush it, because Windows
//!   flushes (`FlushFileBuffers`) only through a handle with write access; through a
//!   read-only handle it answers «Access denied» (os error 5), which made every backup fail
//!   there. [`sync_dir`] makes a folder's new entries durable where a folder can be opened
//!   (Unix); Windows cannot open a folder as a file, and NTFS journals renames itself.
//! - Renames and removals: Windows refuses to rename or remove a file that another handle
//!   holds open without `FILE_SHARE_DELETE`. std shares delete, SQLite does not: a database
//!   and its `-wal`/`-shm` can be moved or removed only once every connection to it is
//!   closed (`backup::replace_broken_database` runs on a closed database; the crash test's
//!   child closes its connection without a checkpoint instead of leaking it). Our own files
//!   are closed before they are renamed, linked or removed all the same.
//! - Paths: [`canonical`] resolves a folder without Windows' `\\?\` prefix, which
//!   `fs::canonicalize` adds there and which a user should never see in a path (nor Explorer
//!   be given).

use crate::error::Result;
use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};

/// Creates `dir` (and parents) readable only by the user.
/// The SHA-256 of `bytes` as lower-case hex: what the app records of a file it wrote (the
/// export records, the hand-over file) and of a stored template version's body.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn ensure_private_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Options that create a new file (never an existing one) with mode 0600 on Unix.
pub fn new_private_file() -> OpenOptions {
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o
}

/// Creates `path` empty with mode 0600; fails if it exists.
pub fn create_private_file(path: &Path) -> Result<File> {
    Ok(new_private_file().open(path)?)
}

/// Flushes the file at `path` to disk. Opened for writing (nothing is written): Windows
/// refuses to flush through a read-only handle.
pub fn sync_file(path: &Path) -> std::io::Result<()> {
    OpenOptions::new().write(true).open(path)?.sync_all()
}

/// Makes renames, links and removals in `dir` durable where a folder can be opened and
/// synced (Unix); best effort, and nothing to do on Windows.
pub fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// `fs::canonicalize(dir)`, but on Windows without the `\\?\` (verbatim) prefix when the
/// plain form means the same path (`\\?\C:\Users\…` → `C:\Users\…`, `\\?\UNC\srv\share\…` →
/// `\\srv\share\…`): that is the form Explorer, the file dialogs and the user know.
pub fn canonical(dir: &Path) -> Result<PathBuf> {
    Ok(without_verbatim_prefix(fs::canonicalize(dir)?))
}

/// See [`canonical`]; on other platforms the path as it is.
pub fn without_verbatim_prefix(path: PathBuf) -> PathBuf {
    #[cfg(windows)]
    {
        let Some(s) = path.to_str() else {
            return path;
        };
        // Longer paths need the prefix; so do names Win32 would rewrite: a trailing dot or
        // space, a device name (`CON`, `NUL`, `COM1`, … also with an extension).
        const MAX_PATH: usize = 260;
        let rewritten = |c: &str| {
            let stem = c
                .split('.')
                .next()
                .unwrap_or(c)
                .trim_end()
                .to_ascii_uppercase();
            let device = ["CON", "PRN", "AUX", "NUL"].contains(&stem.as_str())
                || ((stem.starts_with("COM") || stem.starts_with("LPT"))
                    && stem.len() == 4
                    && stem.as_bytes()[3].is_ascii_digit());
            c.ends_with('.') || c.ends_with(' ') || device
        };
        let plain = if let Some(rest) = s.strip_prefix(r"\\?\UNC\") {
            format!(r"\\{rest}")
        } else if let Some(rest) = s.strip_prefix(r"\\?\") {
            let b = rest.as_bytes();
            if b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'\\' {
                rest.to_string()
            } else {
                return path;
            }
        } else {
            return path;
        };
        if plain.encode_utf16().count() < MAX_PATH && !plain.split('\\').any(rewritten) {
            return PathBuf::from(plain);
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_synced_by_path_and_a_folder_best_effort() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a");
        drop(create_private_file(&path).unwrap());
        assert!(
            create_private_file(&path).is_err(),
            "never an existing file"
        );
        sync_file(&path).unwrap();
        sync_dir(dir.path());
        // Closed again: it can be renamed and removed on every platform.
        fs::rename(&path, dir.path().join("b")).unwrap();
        fs::remove_file(dir.path().join("b")).unwrap();
    }

    #[test]
    fn a_canonical_folder_has_no_verbatim_prefix() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("Søren Ærø Å");
        ensure_private_dir(&sub).unwrap();
        let c = canonical(&sub).unwrap();
        assert!(!c.to_string_lossy().starts_with(r"\\?\"), "{c:?}");
        assert!(c.is_absolute() && c.ends_with("Søren Ærø Å"), "{c:?}");
        assert_eq!(
            fs::canonicalize(&c).unwrap(),
            fs::canonicalize(&sub).unwrap()
        );
    }

    #[cfg(windows)]
    #[test]
    fn the_verbatim_prefix_goes_only_where_the_plain_path_means_the_same() {
        let p = |s: &str| without_verbatim_prefix(PathBuf::from(s));
        assert_eq!(p(r"\\?\C:\Users\Søren"), PathBuf::from(r"C:\Users\Søren"));
        assert_eq!(p(r"\\?\UNC\srv\share\x"), PathBuf::from(r"\\srv\share\x"));
        assert_eq!(p(r"C:\x"), PathBuf::from(r"C:\x"));
        assert_eq!(p(r"\\?\Volume{1}\x"), PathBuf::from(r"\\?\Volume{1}\x"));
        let long = format!(r"\\?\C:\{}", "a".repeat(300));
        assert_eq!(p(&long), PathBuf::from(&long));
        for kept in [
            r"\\?\C:\x.\y",
            r"\\?\C:\x \y",
            r"\\?\C:\nul.txt",
            r"\\?\C:\d\COM1",
        ] {
            assert_eq!(p(kept), PathBuf::from(kept));
        }
        assert_eq!(
            p(r"\\?\C:\COM10\Console"),
            PathBuf::from(r"C:\COM10\Console")
        );
    }
}
