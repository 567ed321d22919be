//! `Core`: the one object the shell talks to. It owns the store, the clock and the drafts
//! (text typed but not yet saved); the rules live in one `impl Core` block per area:
//! `team`, `citizens`, `meetings`, `cases`, `run/*` (running a meeting), ...; the outputs add
//! theirs (`chair`, `documents`, `export`). See docs/ARCHITECTURE.md for the layers.

use crate::calendar;
use crate::domain::*;
use crate::drafts::Draft;
use crate::error::Result;
use crate::store::Store;
use crate::templates::{self, Template};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;
use std::path::Path;

/// Where `Core` gets the time (`Utc::now` in the app; a settable clock in tests).
pub type Clock = Box<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// Length limits (characters) for what users type.
pub mod limits {
    pub const NAME: usize = 100;
    pub const SHORT: usize = 200;
    pub const PHONE: usize = 40;
    pub const TEXT: usize = 5_000;
    /// One section of a case, or the theme notes: roomy, but a 10 MB paste is refused.
    pub const NOTE: usize = 200_000;
}

/// The store, the clock and the drafts; everything the shell does goes through its methods.
pub struct Core {
    store: Store,
    clock: Clock,
    /// Text typed but not yet saved, by note, with the revision it was typed on: what the
    /// screen shows, and what is saved at exit if the editor could not save it.
    pub(crate) drafts: HashMap<NoteRef, Draft>,
    /// Citizens erased before the last restore who came back with it, and why they were
    /// erased (`privacy::Core::revived_citizens`).
    pub(crate) revived: Vec<(Id, DeletionReason)>,
}

/// Serde default for the input flags that are on unless sent (`fixed`, `active`).
pub(crate) fn yes() -> bool {
    true
}

impl Core {
    pub fn new(store: Store, clock: Clock) -> Core {
        Core {
            store,
            clock,
            drafts: HashMap::new(),
            revived: Vec::new(),
        }
    }

    /// Unsaved text of a section, if any.
    pub fn draft(&self, case_id: Id, key: &str) -> Option<&str> {
        self.drafts
            .get(&NoteRef::section(case_id, key))
            .map(|d| d.text.as_str())
    }

    /// Opens the store in `dir` with the system clock.
    pub fn open(dir: &Path) -> Result<Core> {
        Ok(Core::new(Store::open_in_dir(dir)?, Box::new(Utc::now)))
    }

    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    pub fn today(&self) -> NaiveDate {
        calendar::local(self.now()).date_naive()
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// The team's newest template version: the one a new meeting is planned with.
    pub fn template(&self) -> &'static Template {
        crate::store::newest_template_id(self.store.read())
            .ok()
            .flatten()
            .and_then(|id| templates::by_version(&id).ok())
            .unwrap_or_else(templates::current)
    }
}
