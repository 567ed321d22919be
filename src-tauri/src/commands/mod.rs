//! Tauri commands: parse arguments, call the core, map errors, emit events. No rules here.
//! Every command is for the chair window only; the screen window may call none of them.

pub mod about;
pub mod backup;
pub mod citizens;
pub mod export;
pub mod followup;
pub mod meetings;
pub mod report;
pub mod run;
pub mod screen;
pub mod setup;

use crate::error::{CmdError, CmdResult};
use crate::events::CHAIR_LABEL;

/// Refuses a command from any window but the chair's (defence in depth beside the
/// capabilities, which give the screen window no commands at all).
pub fn chair_only(webview: &tauri::Webview) -> CmdResult<()> {
    if webview.label() == CHAIR_LABEL {
        Ok(())
    } else {
        Err(CmdError::forbidden())
    }
}
