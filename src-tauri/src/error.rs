//! Errors as the UI sees them: `{ kind, message }` with a Danish message. The UI branches on
//! `kind` (an enum: the core's kinds and the shell's own), never on the text. The underlying
//! cause of a failure that is not the user's (storage, files, PDF, templates) goes to stderr
//! by kind and cause; no user data is ever in it.

use faelles_core::{CoreError, ErrorKind as CoreKind};
use serde::Serialize;

/// The shell's own kinds of refusal, and the one the UI makes itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ShellKind {
    /// A command from a window that may not call it (the citizen screen may call none).
    Forbidden,
    /// The app is ending; the database is closed.
    Closing,
    /// Made by the chair window only, never sent by the shell (ui/js/api.js `unexpected`): a
    /// refusal that is not the shell's `{kind, message}` (Tauri's own words about arguments
    /// or permissions) or a fault of the window's own code, shown with a Danish message. Kept
    /// here, as GitButler's but-error keeps its frontend-only codes, so that this enum is the
    /// one list of every kind the UI can show (tests/it/tidy.rs checks the UI's kinds).
    #[cfg_attr(
        not(test),
        expect(
            dead_code,
            reason = "made by the UI (ui/js/api.js), never by the shell"
        )
    )]
    Internal,
}

/// Every kind the UI can get or make, serialised as its name (e.g. `"DiskFull"`,
/// `"Forbidden"`, `"Internal"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ErrorKind {
    Core(CoreKind),
    Shell(ShellKind),
}

#[derive(Debug, Clone, Serialize)]
pub struct CmdError {
    pub kind: ErrorKind,
    pub message: String,
    /// `TemplateInvalid`: every problem on its own (the message has them all in one line),
    /// so the template editor can list them. Left out of the JSON when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

impl From<CoreError> for CmdError {
    fn from(e: CoreError) -> Self {
        let kind = e.kind();
        if matches!(
            e,
            CoreError::Db(_)
                | CoreError::Io(_)
                | CoreError::Pdf(_)
                | CoreError::Template(_)
                | CoreError::DatabaseCorrupt { .. }
        ) {
            // The cause, for whoever looks after the machine (never user data: these carry
            // SQLite's and the OS's own words, and the data folder's path).
            eprintln!("Fælles Team: {kind}: {e}");
        }
        let problems = match &e {
            CoreError::TemplateInvalid { problems } => problems.clone(),
            _ => Vec::new(),
        };
        CmdError {
            kind: ErrorKind::Core(kind),
            message: e.message_da(),
            problems,
        }
    }
}

impl CmdError {
    pub fn forbidden() -> Self {
        CmdError {
            kind: ErrorKind::Shell(ShellKind::Forbidden),
            message: "Denne handling er ikke tilladt fra dette vindue.".into(),
            problems: Vec::new(),
        }
    }

    pub fn closing() -> Self {
        CmdError {
            kind: ErrorKind::Shell(ShellKind::Closing),
            message: "Fælles Team lukker.".into(),
            problems: Vec::new(),
        }
    }

    /// A refused input the core did not see (e.g. a window that is not there).
    pub fn bad_request(message: impl Into<String>) -> Self {
        CmdError {
            kind: ErrorKind::Core(CoreKind::InvalidValue),
            message: message.into(),
            problems: Vec::new(),
        }
    }
}

pub type CmdResult<T> = Result<T, CmdError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_serialises_as_its_bare_name() {
        let kinds = [
            (ErrorKind::Core(CoreKind::ConsentMissing), "ConsentMissing"),
            (ErrorKind::Shell(ShellKind::Forbidden), "Forbidden"),
            (ErrorKind::Shell(ShellKind::Closing), "Closing"),
            (ErrorKind::Shell(ShellKind::Internal), "Internal"),
        ];
        for (kind, name) in kinds {
            assert_eq!(serde_json::to_value(kind).unwrap(), serde_json::json!(name));
        }
        let e = serde_json::to_value(CmdError::forbidden()).unwrap();
        assert_eq!(e["kind"], "Forbidden");
        assert!(e.get("problems").is_none(), "{e}");
    }

    #[test]
    fn an_invalid_template_gives_its_problems_one_by_one() {
        let e = CmdError::from(CoreError::TemplateInvalid {
            problems: vec!["Afsnit 1: titlen mangler.".into(), "Punkt 2: x.".into()],
        });
        let v = serde_json::to_value(e).unwrap();
        assert_eq!(v["kind"], "TemplateInvalid");
        assert_eq!(
            v["problems"],
            serde_json::json!(["Afsnit 1: titlen mangler.", "Punkt 2: x."])
        );
        assert!(v["message"].as_str().unwrap().contains("titlen mangler"));
    }
}
