//! Core errors as the UI sees them: `{ kind, message }` with a Danish message. The UI branches
//! on `kind`, never on the text.

use faelles_core::CoreError;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct CmdError {
    pub kind: &'static str,
    pub message: String,
}

impl From<CoreError> for CmdError {
    fn from(e: CoreError) -> Self {
        CmdError {
            kind: e.kind(),
            message: e.message_da(),
        }
    }
}

impl CmdError {
    pub fn forbidden() -> Self {
        CmdError {
            kind: "Forbidden",
            message: "Denne handling er ikke tilladt fra dette vindue.".into(),
        }
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        CmdError {
            kind: "InvalidValue",
            message: message.into(),
        }
    }
}

pub type CmdResult<T> = Result<T, CmdError>;
