//! File-system faults staged for real (they need root): a small tmpfs that fills up, a
//! read-only bind mount. Used by the integration tests (tests/it/faults.rs) and the
//! end-to-end tests (tests/e2e/faults.rs).
//!
//! A test built for Windows and run under Wine cannot mount anything: scripts/windows-test.sh
//! (as root) mounts the same faults on the host before the run and names them in
//! [`HOST_SMALL_DISK`] and [`HOST_READ_ONLY`] ([`host_fault`]); the Windows program then
//! meets them as Windows errors (a full disk, a write-protected folder) through Wine.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A mount point that is unmounted (lazily) when dropped.
pub struct Mount(PathBuf);

impl Mount {
    fn run(args: &[&str]) -> Result<(), String> {
        let out = Command::new("mount")
            .args(args)
            .output()
            .map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
        }
    }

    /// A tmpfs of `kb` KiB at `at`.
    pub fn tmpfs(at: &Path, kb: u32) -> Result<Mount, String> {
        std::fs::create_dir_all(at).map_err(|e| e.to_string())?;
        let size = format!("size={kb}k");
        Mount::run(&[
            "-t",
            "tmpfs",
            "-o",
            &size,
            "tmpfs",
            &at.display().to_string(),
        ])?;
        Ok(Mount(at.to_path_buf()))
    }

    /// `from` seen read-only at `at`.
    pub fn read_only(from: &Path, at: &Path) -> Result<Mount, String> {
        std::fs::create_dir_all(at).map_err(|e| e.to_string())?;
        let (from_s, at_s) = (from.display().to_string(), at.display().to_string());
        Mount::run(&["--bind", &from_s, &at_s])?;
        let m = Mount(at.to_path_buf());
        m.remount(false)?;
        Ok(m)
    }

    /// Makes a bind mount read-only (`writable == false`) or writable again.
    pub fn remount(&self, writable: bool) -> Result<(), String> {
        let opts = if writable {
            "remount,bind,rw"
        } else {
            "remount,bind,ro"
        };
        Mount::run(&["-o", opts, &self.0.display().to_string()])
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Fills the file system of `dir` with `dir/filler` until no byte more fits.
pub fn fill(dir: &Path) -> PathBuf {
    use std::io::Write;
    let path = dir.join("filler");
    let mut f = std::fs::File::create(&path).unwrap();
    let block = vec![0u8; 4096];
    while f.write_all(&block).is_ok() {}
    while f.write_all(&[0]).is_ok() {}
    let _ = f.sync_all();
    path
}

/// Set by scripts/windows-test.sh: an empty tmpfs of 2 MiB on the host.
pub const HOST_SMALL_DISK: &str = "FAELLES_HOST_SMALL_DISK";
/// Set by scripts/windows-test.sh: `<writable folder>;<the same folder mounted read-only>`.
pub const HOST_READ_ONLY: &str = "FAELLES_HOST_READ_ONLY";

/// The host's staged fault named in `var` (see the module docs), as this program sees it: a
/// path of the host (`/…`) on Wine's drive Z:, where Wine maps the host's root.
pub fn host_fault(var: &str) -> Result<Vec<PathBuf>, String> {
    let v = std::env::var(var).map_err(|_| {
        format!("{var} is not set: scripts/windows-test.sh mounts the fault as root and sets it")
    })?;
    Ok(v.split(';')
        .map(|p| match p.strip_prefix('/') {
            Some(rest) if cfg!(windows) => {
                PathBuf::from(format!("Z:\\{}", rest.replace('/', "\\")))
            }
            _ => PathBuf::from(p),
        })
        .collect())
}
