//! Fælles Team core: domain, rules, storage, the citizen-screen projection and PDFs.
//! No Tauri, no windows: the shell in `src-tauri` translates between this and the UI.

pub mod backup;
pub mod calendar;
pub mod cases;
pub mod citizens;
pub mod core;
pub mod course;
pub mod cpr;
pub mod demo;
pub mod domain;
pub mod error;
pub mod files;
pub mod followup;
pub mod handover;
pub mod ical;
pub mod meetings;
pub mod pdf;
pub mod projection;
pub mod report;
pub mod run;
pub mod slots;
pub mod store;
pub mod team;
pub mod templates;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod utf16;
pub mod views;

pub use crate::core::Core;
pub use error::{CoreError, ErrorKind, Result};
