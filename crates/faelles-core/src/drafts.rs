//! Text typed but not saved yet: the core's draft of a note, and one keystroke's edit of it
//! (also what the citizen screen applies to the text it shows). `Core` holds the drafts;
//! `run/notes.rs` has the rules that save them.
//!
//! Ground: this module knows only the domain's ids and UTF-16 positions.

use crate::domain::Id;
use crate::utf16;
use serde::{Deserialize, Serialize};

/// The text of a note as the chair's editor has it, with the revision it was typed on. It is
/// `clean` when that is what is stored (kept so that the next keystroke can be an edit of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub text: String,
    pub base: i64,
    /// The length of `text` in UTF-16 units (what an edit counts in).
    pub(crate) len16: usize,
    pub(crate) meeting_id: Id,
    pub(crate) clean: bool,
}

impl Draft {
    pub(crate) fn new(text: &str, base: i64, meeting_id: Id) -> Draft {
        Draft {
            text: text.to_string(),
            base,
            len16: utf16::len(text),
            meeting_id,
            clean: false,
        }
    }
}

/// One keystroke (or paste, or cut) in the chair's editor: replace `del` UTF-16 units at `at`
/// with `ins`; `len` is the text's length afterwards, as the editor has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteEdit {
    pub at: usize,
    pub del: usize,
    pub ins: String,
    pub len: usize,
}

impl NoteEdit {
    /// The length (UTF-16 units) of the text the edit was made on, by its own numbers.
    pub fn base_len(&self) -> Option<usize> {
        (self.len + self.del).checked_sub(utf16::len(&self.ins))
    }

    /// Applies the edit to `text` of `len16` units: its new length, or `None` (and `text`
    /// unchanged) when the edit does not fit it.
    pub fn apply(&self, text: &mut String, len16: usize) -> Option<usize> {
        utf16::splice(text, len16, self.at, self.del, &self.ins)
    }
}
