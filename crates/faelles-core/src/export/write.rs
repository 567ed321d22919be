//! The crash-safe writer: a new file in the export folder that never replaces an earlier one
//! (temporary file, fsync, linked into place, 0600, the folder fsynced).

use super::names::file_name_ext;
use crate::domain::new_id;
use crate::error::{CoreError, Result};
use crate::files;
use faelles_pdf::Document;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The most " (n)" suffixes tried before giving up.
const MAX_COPIES: u32 = 999;

pub(super) fn render(doc: &Document) -> Result<faelles_pdf::Rendered> {
    Ok(faelles_pdf::render(doc)?)
}

/// Writes `bytes` to a new file `<stem>.pdf` (or `<stem> (n).pdf`) in `dir`: a temporary
/// file in the same folder (0600), fsynced, then hard-linked to the first free name (a link
/// never replaces an existing file) and the temporary name removed; the folder is fsynced.
/// On a file system without hard links the temporary file is renamed to a name checked to be
/// free. Returns the final path.
pub(super) fn write_new_file(dir: &Path, stem: &str, bytes: &[u8], ext: &str) -> Result<PathBuf> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

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
