//! Waiting for the page and reading it: a query reads "absent" only when nothing matches;
//! an element replaced while it is read is read again.

use super::loc::{no_such_element, replaced, STALE_TRIES};
use super::{App, Loc, POLL, WAIT};
use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::Client;
use std::borrow::Borrow;
use std::future::Future;
use std::time::{Duration, Instant};

impl App {
    // -------------------------------------------------------------------------------- waiting

    /// Polls `cond` until it holds; fails after `timeout` saying what was awaited and what
    /// the page showed.
    #[track_caller]
    pub fn wait_for(
        &mut self,
        what: &str,
        timeout: Duration,
        mut cond: impl FnMut(&mut App) -> bool,
    ) {
        let deadline = Instant::now() + timeout;
        loop {
            if cond(self) {
                return;
            }
            if Instant::now() >= deadline {
                panic!(
                    "timed out after {timeout:?} waiting for {what}{}",
                    self.diagnostics()
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits until `loc` matches a displayed element.
    #[track_caller]
    pub fn wait_visible(&mut self, loc: impl Borrow<Loc>) {
        let loc = loc.borrow();
        self.wait_for(&format!("{loc} to be visible"), WAIT, |a| a.is_visible(loc));
    }

    /// Waits until attribute `name` of `loc` equals `value`.
    #[track_caller]
    pub fn wait_attr(&mut self, loc: impl Borrow<Loc>, name: &str, value: &str) {
        let loc = loc.borrow();
        self.wait_for(&format!("{loc} to have {name}=\"{value}\""), WAIT, |a| {
            a.try_attr(loc, name).as_deref() == Some(value)
        });
    }

    /// Waits until `loc` matches exactly `n` elements.
    #[track_caller]
    pub fn wait_count(&mut self, loc: impl Borrow<Loc>, n: usize) {
        let loc = loc.borrow();
        self.wait_for(&format!("{n} × {loc}"), WAIT, |a| a.count(loc) == n);
    }

    // -------------------------------------------------------------------------------- queries
    // They read "absent" only when nothing matches; an element replaced while it was read is
    // read again; any other error fails the test (see the module's documentation).

    /// How many elements `loc` matches now.
    #[track_caller]
    pub fn count(&self, loc: impl Borrow<Loc>) -> usize {
        let loc = loc.borrow();
        self.read(
            "count",
            loc,
            |c| async move { Ok(loc.resolve(&c).await?.len()) },
        )
        .unwrap_or(0)
    }

    /// Whether `loc` matches a displayed element now.
    #[track_caller]
    pub fn is_visible(&self, loc: impl Borrow<Loc>) -> bool {
        self.query(
            "see whether it is displayed:",
            loc.borrow(),
            |e| async move { e.is_displayed().await },
        )
        .unwrap_or(false)
    }

    /// Attribute `name` of the first match, if there is one and it has the attribute.
    #[track_caller]
    pub fn try_attr(&self, loc: impl Borrow<Loc>, name: &str) -> Option<String> {
        self.query(
            &format!("read attribute {name:?} of"),
            loc.borrow(),
            |e| async move { e.attr(name).await },
        )
        .flatten()
    }

    /// Attribute `name` of every match (e.g. all rows' `data-id`).
    #[track_caller]
    pub fn attrs(&self, loc: impl Borrow<Loc>, name: &str) -> Vec<String> {
        let loc = loc.borrow();
        self.read(
            &format!("read attribute {name:?} of"),
            loc,
            |c| async move {
                let mut out = Vec::new();
                for e in loc.resolve(&c).await? {
                    out.extend(e.attr(name).await?);
                }
                Ok(out)
            },
        )
        .unwrap_or_default()
    }

    /// Visible text of every match.
    #[track_caller]
    pub fn texts(&self, loc: impl Borrow<Loc>) -> Vec<String> {
        let loc = loc.borrow();
        self.read("read the texts of", loc, |c| async move {
            let mut out = Vec::new();
            for e in loc.resolve(&c).await? {
                out.push(e.text().await?);
            }
            Ok(out)
        })
        .unwrap_or_default()
    }

    /// `f` on the first match of `loc`: `None` if nothing matches (see [`App::read`]).
    #[track_caller]
    fn query<T, F, Fut>(&self, what: &str, loc: &Loc, f: F) -> Option<T>
    where
        F: Fn(Element) -> Fut,
        Fut: Future<Output = Result<T, CmdError>>,
    {
        let f = &f;
        self.read(what, loc, |c| async move {
            match loc.resolve(&c).await?.into_iter().next() {
                Some(e) => f(e).await.map(Some),
                None => Ok(None),
            }
        })
        .flatten()
    }

    /// Runs the query `f` (`what` `loc`, for the failure message). `None` only when an
    /// element went while it was read and stays gone ("no such element"); an element
    /// replaced while it was read ("stale") makes `f` read again from the locator, up to
    /// [`STALE_TRIES`] times, and then fails; any other error fails at once.
    #[track_caller]
    fn read<T, F, Fut>(&self, what: &str, loc: &Loc, f: F) -> Option<T>
    where
        F: Fn(Client) -> Fut,
        Fut: Future<Output = Result<T, CmdError>>,
    {
        let client = self.client();
        let mut last = None;
        for _ in 0..STALE_TRIES {
            match self.rt.block_on(f(client.clone())) {
                Ok(v) => return Some(v),
                Err(e) if replaced(&e) || no_such_element(&e) => {
                    eprintln!("e2e: {loc} changed while it was read ({e}); reading again");
                    last = Some(e);
                }
                Err(e) => panic!(
                    "could not {what} {loc}: {e} (a query fails on any error but \"nothing \
                     matches\"){}",
                    self.diagnostics()
                ),
            }
            std::thread::sleep(POLL);
        }
        match last {
            Some(e) if no_such_element(&e) => None,
            e => panic!(
                "could not {what} {loc}: the page replaced the element {STALE_TRIES} times in a \
                 row while it was read: {e:?}{}",
                self.diagnostics()
            ),
        }
    }
}
