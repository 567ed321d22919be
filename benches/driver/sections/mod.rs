//! The parts of the report, one file each: each runs its measurement (the modules beside
//! main.rs) and adds its rows to the report, with what a missed target would take.

pub(crate) mod coldstart;
pub(crate) mod history;
pub(crate) mod notes;
pub(crate) mod size;
pub(crate) mod versions;
pub(crate) mod webview;
