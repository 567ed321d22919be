//! Test support for Fælles Team: [`fsfault`] stages a full disk and a read-only folder;
//! [`skip`] is the one rule for a check that cannot run here.
//!
//! With the `e2e` feature: [`e2e`], a small harness that drives the real app in its real
//! webview through `tauri-driver` (see `tests/e2e/` and `scripts/e2e.sh`), and [`a11y`]: keys
//! pressed into what has focus, axe-core, the focus ring's measured contrast.

#[cfg(feature = "e2e")]
pub mod a11y;
#[cfg(feature = "e2e")]
pub mod e2e;
pub mod fsfault;

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
