//! [`Chair`]: the one thing a command gets from Tauri besides its own arguments. Tauri makes
//! it for a call from the chair window and for no other (any other window is refused with
//! kind `Forbidden` before the command runs: defence in depth beside the capabilities, which
//! give the screen window no commands at all). Through it a command reads or changes the
//! core (`read`, `mutate`, `change`, `edit`: the screen follows every change by itself), so
//! no command can forget the window check or the screen. tests/it/tidy.rs checks that every
//! command takes a `Chair` and nothing that would go around it (`State`, `AppHandle`,
//! `Webview`, `Window`).

use crate::error::{CmdError, CmdResult};
use crate::events::CHAIR_LABEL;
use crate::state::{AppState, ScreenMode};
use faelles_core::domain::NoteRef;
use faelles_core::drafts::NoteEdit;
use faelles_core::Core;
use tauri::ipc::{CommandArg, CommandItem, InvokeError};
use tauri::{AppHandle, Manager, State, Wry};

/// A call from the chair window: the app and its state. Its fields are private to this module
/// and it has no constructor: only Tauri makes one, through [`CommandArg`].
pub struct Chair<'r> {
    app: AppHandle,
    state: State<'r, AppState>,
}

impl<'de: 'r, 'r> CommandArg<'de, Wry> for Chair<'r> {
    fn from_command(command: CommandItem<'de, Wry>) -> Result<Self, InvokeError> {
        let webview = command.message.webview_ref();
        if webview.label() != CHAIR_LABEL {
            return Err(CmdError::forbidden().into());
        }
        let app = webview.app_handle().clone();
        Ok(Chair {
            app,
            state: State::from_command(command)?,
        })
    }
}

impl Chair<'_> {
    /// Reads through the core (or says why the data is not available).
    pub fn read<T, E: Into<CmdError>>(
        &self,
        f: impl FnOnce(&Core) -> Result<T, E>,
    ) -> CmdResult<T> {
        self.state.read(f)
    }

    /// A change through the core; then the screen and the mirror follow.
    pub fn mutate<T, E: Into<CmdError>>(
        &self,
        f: impl FnOnce(&mut Core) -> Result<T, E>,
    ) -> CmdResult<T> {
        self.state.mutate(&self.app, f)
    }

    /// A change that may also change what the chair has put on the screen.
    pub fn change<T, E: Into<CmdError>>(
        &self,
        f: impl FnOnce(&mut Core, &mut ScreenMode) -> Result<T, E>,
    ) -> CmdResult<T> {
        self.state.change(&self.app, f)
    }

    /// A keystroke in a note (forwarded as it is to the screen when its case is on it).
    pub fn edit(&self, note: &NoteRef, edit: &NoteEdit) -> CmdResult<()> {
        self.state.edit(&self.app, note, edit)
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    pub fn app(&self) -> &AppHandle {
        &self.app
    }
}
