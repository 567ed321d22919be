//! Fælles Team core: domain, rules, storage, the citizen-screen projection and PDFs.
//! No Tauri, no windows: the shell in `src-tauri` translates between this and the UI.
//!
//! Layers, bottom up; a module imports only from the layers below its own (and, where a layer
//! is ordered, from the modules before it in that layer). tests/it/tidy.rs holds the table
//! and docs/ARCHITECTURE.md the map.

// ground: the language of the domain, no rules, no storage
pub mod calendar;
pub mod cpr;
pub mod domain;
pub mod drafts;
pub mod error;
pub mod files;
pub mod templates;
pub mod utf16;
pub mod words;

// store: the database (SQL and rusqlite only in `store`), its backups
pub mod backup;
pub mod store;

// core: `Core`, the one object the shell talks to
pub mod core;

// areas: the rules, one `impl Core` block each; none imports another
pub mod cases;
pub mod citizens;
pub mod followup;
pub mod handover;
pub mod meetings;
pub mod privacy;
pub mod report;
pub mod run;
pub mod slots;
pub mod team;
pub mod template_versions;

// outputs: what the areas' data becomes
pub mod chair;
pub mod documents;
pub mod export;
pub mod projection;

// the app's own: demo data and the shared test fixture
pub mod demo;
pub mod preview;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use crate::core::Core;
pub use error::{CoreError, ErrorKind, Result};
