//! Fælles Team core: domain, rules, storage, the citizen-screen projection and PDFs.
//! No Tauri, no windows: the shell in `src-tauri` translates between this and the UI.

pub mod backup;
pub mod calendar;
pub mod cpr;
pub mod demo;
pub mod domain;
pub mod error;
pub mod pdf;
pub mod projection;
pub mod run;
pub mod service;
pub mod store;
pub mod templates;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod utf16;
pub mod views;

pub use error::{CoreError, ErrorKind, Result};
pub use service::Core;
