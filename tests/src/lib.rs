//! Test support for Fælles Team: [`fsfault`] stages a full disk and a read-only folder.
//!
//! With the `e2e` feature: [`e2e`], a small harness that drives the real app in its real
//! webview through `tauri-driver` (see `tests/e2e/` and `scripts/e2e.sh`), and [`a11y`]: keys
//! pressed into what has focus, axe-core, the focus ring's measured contrast.

#[cfg(feature = "e2e")]
pub mod a11y;
#[cfg(feature = "e2e")]
pub mod e2e;
pub mod fsfault;
