//! Locators (resolved afresh on every use) and the WebDriver errors that mean "still
//! changing", "replaced while read" or "absent".

use fantoccini::elements::Element;
use fantoccini::error::{CmdError, ErrorStatus};
use fantoccini::{Client, Locator};
use std::borrow::Borrow;
use std::fmt;

/// A lazy element locator: CSS selectors, each searched inside the previous matches, and
/// "the n-th match" steps. Resolved afresh on every use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loc {
    steps: Vec<Step>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    Css(String),
    Nth(usize),
}

/// `[data-testid="<id>"]`, the UI contract's hooks.
pub fn by_testid(id: &str) -> Loc {
    css(&format!("[data-testid=\"{id}\"]"))
}

/// Any CSS selector.
pub fn css(selector: &str) -> Loc {
    Loc {
        steps: vec![Step::Css(selector.to_string())],
    }
}

impl Loc {
    /// The `i`-th (0-based) of the elements matched so far.
    pub fn nth(mut self, i: usize) -> Loc {
        self.steps.push(Step::Nth(i));
        self
    }

    /// The first of the elements matched so far.
    pub fn first(self) -> Loc {
        self.nth(0)
    }

    /// Elements matching `inner` inside the elements matched so far.
    pub fn find(mut self, inner: impl Borrow<Loc>) -> Loc {
        self.steps.extend(inner.borrow().steps.iter().cloned());
        self
    }

    pub(super) async fn resolve(&self, client: &Client) -> Result<Vec<Element>, CmdError> {
        let mut found: Option<Vec<Element>> = None;
        for step in &self.steps {
            found = Some(match (step, found) {
                (Step::Css(s), None) => client.find_all(Locator::Css(s)).await?,
                (Step::Css(s), Some(outer)) => {
                    let mut inner = Vec::new();
                    for el in outer {
                        inner.extend(el.find_all(Locator::Css(s)).await?);
                    }
                    inner
                }
                (Step::Nth(i), found) => found
                    .unwrap_or_default()
                    .into_iter()
                    .skip(*i)
                    .take(1)
                    .collect(),
            });
        }
        Ok(found.unwrap_or_default())
    }
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.steps.iter().enumerate() {
            if i > 0 {
                f.write_str(" >> ")?;
            }
            match step {
                Step::Css(s) => f.write_str(s)?,
                Step::Nth(n) => write!(f, "#{n}")?,
            }
        }
        Ok(())
    }
}

/// Errors that mean "the page is still changing": retry until the deadline.
pub(super) fn transient(e: &CmdError) -> bool {
    e.is_stale_element_reference()
        || e.is_no_such_element()
        || e.is_element_not_interactable()
        || matches!(e, CmdError::Standard(w) if w.error == ErrorStatus::ElementClickIntercepted)
}

/// How often a query reads again when the page replaced an element while it was being read.
pub(super) const STALE_TRIES: usize = 8;

/// The WebDriver error code of `e`, if it is one.
fn status(e: &CmdError) -> Option<&ErrorStatus> {
    match e {
        CmdError::Standard(w) => Some(&w.error),
        _ => None,
    }
}

/// An element found a moment ago is no longer in the page (a view re-rendered): read again.
pub(super) fn replaced(e: &CmdError) -> bool {
    e.is_stale_element_reference()
}

/// Nothing matches: the one error a query may read as "absent" (WebDriver's find-all answers
/// an empty list, so this comes only from an element that went while being read).
pub(super) fn no_such_element(e: &CmdError) -> bool {
    e.is_no_such_element()
}

/// A window went (or is not there yet) while the windows were being listed.
pub(super) fn no_such_window(e: &CmdError) -> bool {
    status(e) == Some(&ErrorStatus::NoSuchWindow)
}
