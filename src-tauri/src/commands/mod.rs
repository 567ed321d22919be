//! Tauri commands. This module only binds: each command names its arguments, calls the core
//! through [`Chair`] (`read`, or `mutate`/`change`/`edit`, after which the citizen screen
//! follows by itself) and returns what the core answers; errors map to `{kind, message}`
//! (error.rs). No rules here. Every command takes a [`Chair`], which Tauri makes only for a
//! call from the chair window: the screen window may call none of them.

pub mod about;
pub mod backup;
mod chair;
pub mod citizens;
pub mod export;
pub mod followup;
pub mod meetings;
pub mod privacy;
pub mod report;
pub mod run;
pub mod screen;
pub mod setup;
pub mod templates;

pub use chair::Chair;
