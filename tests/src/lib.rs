//! Test support for Fælles Team: [`fsfault`] stages a full disk and a read-only folder;
//! [`skip`] is the one rule for a check that cannot run here; [`user_dir`] is where a test
//! keeps its files: under a user name with «æøå» and a space, as on a chair's laptop.
//!
//! With the `e2e` feature: [`e2e`], a small harness that drives the real app in its real
//! webview through `tauri-driver` (see `tests/e2e/` and `scripts/e2e.sh`), and [`a11y`]: keys
//! pressed into what has focus, axe-core, the focus ring's measured contrast.

#[cfg(feature = "e2e")]
pub mod a11y;
#[cfg(feature = "e2e")]
pub mod e2e;
pub mod fsfault;

use std::path::{Path, PathBuf};

/// A user's folder for one test, removed when dropped:
/// `<temp>/.tmpXXXXXX/Users/Søren Ærø Å` (see [`user_dir`]).
pub struct UserDir {
    _root: tempfile::TempDir,
    path: PathBuf,
}

impl UserDir {
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// The user name in [`user_dir`]'s path.
pub const USER_NAME: &str = "Søren Ærø Å";

/// A new temporary folder whose path has what a Windows profile's path can have: a user name
/// with «æøå» and a space (`C:\Users\Søren Ærø Å\AppData\Local\…`). The tests that put a
/// store, backups or exports on disk make them in here, on Linux and on Windows.
pub fn user_dir() -> UserDir {
    let root = tempfile::tempdir().expect("a temporary folder");
    let path = root.path().join("Users").join(USER_NAME);
    std::fs::create_dir_all(&path).expect("the user's folder");
    UserDir { _root: root, path }
}

/// Whether this is a CI run: `$CI` set to `true` (or `1`/`yes`), as CI services set it.
pub fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| {
        let v = v.trim().to_ascii_lowercase();
        v == "true" || v == "1" || v == "yes"
    })
}

/// A check that cannot run here (no right to mount, no git history, …) says so and the test
/// passes without checking: `return skip("…why…")`. Under `CI=true` ([`ci`]) it fails
/// instead, since there every check must run: a skipped check there would pass for a check
/// that passed.
#[track_caller]
pub fn skip(why: &str) {
    if ci() {
        panic!("CI=true: this check must run, but it cannot here: {why}");
    }
    println!("SKIPPED ({why}); under CI=true this fails instead");
}
