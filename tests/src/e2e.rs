//! End-to-end harness: the real app in its real webview, driven through `tauri-driver`.
//!
//! ```text
//! test ──WebDriver──▶ tauri-driver ──▶ WebKitWebDriver ──starts──▶ faelles-team (2 windows)
//!                     (own process group: one SIGTERM to the group ends all three)
//! ```
//!
//! The API is synchronous (it owns a small tokio runtime) and panics with a diagnostic on
//! failure, so tests read like a script. Every wait polls with a deadline; nothing sleeps to
//! synchronise. Elements are found lazily through a [`Loc`] each time they are used, because
//! the UI re-renders whole views (a held element reference would go stale).
//!
//! A query ([`App::count`], [`App::texts`], [`App::attrs`], [`App::try_attr`],
//! [`App::is_visible`]) reads "absent" (0, empty, `None`, `false`) only when nothing matches;
//! any other WebDriver error (a bad selector, a lost session, a script error) fails the test
//! with the error and the locator, so an absence check cannot pass because the query broke.
//! An element replaced while it was being read (a view re-rendering) is read again, a few
//! times, from the locator; it never reads as absent.
//!
//! Linux only (WebKitWebDriver), and it needs a display: run it with `scripts/e2e.sh`.

use fantoccini::elements::Element;
use fantoccini::error::{CmdError, ErrorStatus};
use fantoccini::wd::WindowHandle;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::borrow::Borrow;
use std::fmt;
use std::fs::{self, File};
use std::future::Future;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How long a UI wait may take before the test fails (UI actions here take milliseconds).
pub const WAIT: Duration = Duration::from_secs(10);
/// How long tauri-driver and WebKitWebDriver may take to listen on their ports.
const DRIVER_READY: Duration = Duration::from_secs(15);
/// How long creating the WebDriver session (which starts the app) may take.
const SESSION: Duration = Duration::from_secs(30);
/// How long the process group may take to exit after SIGTERM.
const SHUTDOWN: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(50);

/// Title of the chair window: it starts with this (then ` – <team name>`).
pub const CHAIR_TITLE: &str = "Fælles Team";
/// Title of the citizen screen window.
pub const SCREEN_TITLE: &str = "Borgerskærm";

// ------------------------------------------------------------------------------------ paths

/// The repository root (this package lives in `<repo>/tests`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// Cargo's target directory: `$CARGO_TARGET_DIR` or `<repo>/target`.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"))
}

/// The app under test: `$FAELLES_APP` or `<target>/debug/faelles-team`.
pub fn app_binary() -> PathBuf {
    env_path("FAELLES_APP").unwrap_or_else(|| target_dir().join("debug").join("faelles-team"))
}

/// `$TAURI_DRIVER` or the project-local `<repo>/.tools/bin/tauri-driver` (scripts/e2e.sh).
pub fn tauri_driver() -> PathBuf {
    env_path("TAURI_DRIVER").unwrap_or_else(|| repo_root().join(".tools/bin/tauri-driver"))
}

/// Where screenshots go (not committed): `<target>/e2e-shots`.
pub fn shots_dir() -> PathBuf {
    target_dir().join("e2e-shots")
}

fn logs_dir() -> PathBuf {
    target_dir().join("e2e-logs")
}

fn env_path(var: &str) -> Option<PathBuf> {
    std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

// ------------------------------------------------------------------------------------ locators

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

    async fn resolve(&self, client: &Client) -> Result<Vec<Element>, CmdError> {
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
fn transient(e: &CmdError) -> bool {
    e.is_stale_element_reference()
        || e.is_no_such_element()
        || e.is_element_not_interactable()
        || matches!(e, CmdError::Standard(w) if w.error == ErrorStatus::ElementClickIntercepted)
}

/// How often a query reads again when the page replaced an element while it was being read.
const STALE_TRIES: usize = 8;

/// The WebDriver error code of `e`, if it is one.
fn status(e: &CmdError) -> Option<&ErrorStatus> {
    match e {
        CmdError::Standard(w) => Some(&w.error),
        _ => None,
    }
}

/// An element found a moment ago is no longer in the page (a view re-rendered): read again.
fn replaced(e: &CmdError) -> bool {
    e.is_stale_element_reference()
}

/// Nothing matches: the one error a query may read as "absent" (WebDriver's find-all answers
/// an empty list, so this comes only from an element that went while being read).
fn no_such_element(e: &CmdError) -> bool {
    e.is_no_such_element()
}

/// A window went (or is not there yet) while the windows were being listed.
fn no_such_window(e: &CmdError) -> bool {
    status(e) == Some(&ErrorStatus::NoSuchWindow)
}

// ------------------------------------------------------------------------------------ the app

/// The running app: tauri-driver (its own process group) + a WebDriver session.
///
/// `stop()` (and `Drop`, also when a test panics) ends the session and SIGTERMs the whole
/// process group, then waits until every process of it is gone.
pub struct App {
    rt: tokio::runtime::Runtime,
    client: Option<Client>,
    driver: Option<Child>,
    log: PathBuf,
    name: String,
    windows: Vec<(String, WindowHandle)>,
}

impl App {
    /// Starts the app on `data_dir` (`FAELLES_DATA_DIR`) with extra environment `envs`
    /// (e.g. `[("FAELLES_DEMO", "1")]`), and switches to the chair window once both windows
    /// are there.
    #[track_caller]
    pub fn start(data_dir: &Path, envs: &[(&str, &str)]) -> App {
        static STARTS: AtomicUsize = AtomicUsize::new(0);
        let started = Instant::now();
        let name = format!("{}-{}", test_name(), STARTS.fetch_add(1, Ordering::Relaxed));
        let app_bin = app_binary();
        let driver_bin = tauri_driver();
        assert!(
            app_bin.is_file(),
            "the app is not built: {} is missing (cargo build -p faelles-team)",
            app_bin.display()
        );
        assert!(
            driver_bin.is_file(),
            "tauri-driver is not installed: {} is missing (scripts/e2e.sh installs it, or set TAURI_DRIVER)",
            driver_bin.display()
        );
        assert!(
            std::env::var_os("DISPLAY").is_some_and(|d| !d.is_empty()),
            "no DISPLAY: the app needs one; run the e2e tests with scripts/e2e.sh (xvfb-run)"
        );
        fs::create_dir_all(logs_dir()).expect("create target/e2e-logs");
        let log = logs_dir().join(format!("{name}.log"));
        let log_file = File::create(&log).expect("create the driver log");

        let port = free_port();
        let native_port = loop {
            let p = free_port();
            if p != port {
                break p;
            }
        };
        // The app is started by WebKitWebDriver, itself started by tauri-driver: all inherit
        // this environment. Start from ours minus the app's own variables.
        let mut cmd = Command::new(&driver_bin);
        cmd.arg("--port")
            .arg(port.to_string())
            .arg("--native-port")
            .arg(native_port.to_string())
            .env_remove("FAELLES_DEMO")
            .env("FAELLES_DATA_DIR", data_dir)
            .envs(envs.iter().copied())
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("clone log handle"))
            .stderr(log_file)
            .process_group(0);
        become_subreaper();
        let driver = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", driver_bin.display()));

        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("tokio runtime");
        // From here on, Drop cleans up whatever happens.
        let mut app = App {
            rt,
            client: None,
            driver: Some(driver),
            log,
            name,
            windows: Vec::new(),
        };

        // tauri-driver listens on `port`; WebKitWebDriver (which it spawns) on `native_port`.
        // A session request before both listen fails with "Connection refused".
        let deadline = Instant::now() + DRIVER_READY;
        for p in [port, native_port] {
            while !port_open(p) {
                if let Some(status) = app
                    .driver
                    .as_mut()
                    .and_then(|d| d.try_wait().ok().flatten())
                {
                    panic!(
                        "tauri-driver exited ({status}) before listening on port {p}{}",
                        app.log_tail()
                    );
                }
                assert!(
                    Instant::now() < deadline,
                    "port {p} did not accept connections within {DRIVER_READY:?}{}",
                    app.log_tail()
                );
                std::thread::sleep(POLL);
            }
        }

        let caps = json!({ "tauri:options": { "application": app_bin } });
        let caps = caps.as_object().cloned().expect("capabilities object");
        let url = format!("http://127.0.0.1:{port}");
        let session = app.rt.block_on(async {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            tokio::time::timeout(
                SESSION,
                ClientBuilder::new(connector)
                    .capabilities(caps)
                    .connect(&url),
            )
            .await
        });
        match session {
            Ok(Ok(client)) => app.client = Some(client),
            Ok(Err(e)) => panic!(
                "creating the WebDriver session failed: {e}{}",
                app.log_tail()
            ),
            Err(_) => panic!(
                "creating the WebDriver session (starting the app) took over {SESSION:?}{}",
                app.log_tail()
            ),
        }
        app.wait_for("both windows (chair and citizen screen)", WAIT, |a| {
            a.discover_windows() >= 2
        });
        app.to_chair();
        eprintln!("e2e: {} ready in {:?}", app.name, started.elapsed());
        app
    }

    /// Ends the session and the processes. Also done by `Drop`; calling it makes a failure
    /// to shut down visible in the test that caused it.
    #[track_caller]
    pub fn stop(mut self) {
        if let Err(e) = self.shutdown() {
            panic!("{e}");
        }
    }

    /// Ends the app the orderly way (SIGTERM to the app, as at log-out: it saves unsaved
    /// text and closes its database cleanly), waits until it is gone, then stops the driver.
    /// (`stop` lets WebKitWebDriver kill the app, which is an unclean end.)
    pub fn quit(self) {
        let pgid = self.driver.as_ref().map(|d| d.id() as libc::pid_t);
        let app_pids = || -> Vec<u32> {
            pgid.map(group_members)
                .unwrap_or_default()
                .into_iter()
                .filter(|(_, name)| name == "faelles-team")
                .map(|(pid, _)| pid)
                .collect()
        };
        let pids = app_pids();
        assert!(
            !pids.is_empty(),
            "the app is not running{}",
            self.log_tail()
        );
        for pid in &pids {
            // SAFETY: kill(2) on a pid of our own process group.
            unsafe {
                libc::kill(*pid as libc::pid_t, libc::SIGTERM);
            }
        }
        let deadline = Instant::now() + WAIT;
        while !app_pids().is_empty() {
            assert!(
                Instant::now() < deadline,
                "the app did not end within {WAIT:?} of SIGTERM{}",
                self.log_tail()
            );
            std::thread::sleep(POLL);
        }
        self.stop();
    }

    fn shutdown(&mut self) -> Result<(), String> {
        // Politely first: deleting the session lets WebKitWebDriver close the app.
        if let Some(client) = self.client.take() {
            let _ = self.rt.block_on(async {
                tokio::time::timeout(Duration::from_secs(5), client.close()).await
            });
        }
        let Some(mut driver) = self.driver.take() else {
            return Ok(());
        };
        let pgid = driver.id() as libc::pid_t;
        // SIGTERM to the whole group (tauri-driver, WebKitWebDriver, the app). Not SIGKILL:
        // a killed tauri-driver leaves WebKitWebDriver holding its port.
        signal_group(pgid, libc::SIGTERM);
        let started = Instant::now();
        let deadline = started + SHUTDOWN;
        loop {
            let driver_done = matches!(driver.try_wait(), Ok(Some(_)) | Err(_));
            reap_orphans(pgid, driver.id());
            let alive = group_members(pgid);
            let zombies: Vec<_> = processes_in_group(pgid, true)
                .into_iter()
                .filter(|(pid, _)| *pid != driver.id())
                .collect();
            if driver_done && alive.is_empty() && zombies.is_empty() {
                eprintln!("e2e: {} stopped in {:?}", self.name, started.elapsed());
                return Ok(());
            }
            if Instant::now() >= deadline {
                if driver_done && alive.is_empty() {
                    // Only dead processes that are not ours to reap: nothing is running.
                    eprintln!("e2e: {}: unreaped zombies {zombies:?}", self.name);
                    return Ok(());
                }
                // Last resort, so that nothing outlives the test.
                signal_group(pgid, libc::SIGKILL);
                let _ = driver.wait();
                return Err(format!(
                    "process group {pgid} was still alive {SHUTDOWN:?} after SIGTERM: {alive:?}; killed it{}",
                    self.log_tail()
                ));
            }
            std::thread::sleep(POLL);
        }
    }

    // -------------------------------------------------------------------------------- windows

    /// Looks at every window handle and remembers its title; returns how many there are (0
    /// while a window is still without a title or went while being looked at). Any other
    /// WebDriver error fails the test.
    #[track_caller]
    fn discover_windows(&mut self) -> usize {
        let client = self.client();
        let found = self.rt.block_on(async {
            let current = client.window().await;
            let mut found = Vec::new();
            for h in client.windows().await? {
                client.switch_to_window(h.clone()).await?;
                found.push((client.title().await?, h));
            }
            if let Ok(c) = current {
                client.switch_to_window(c).await?;
            }
            Ok::<_, CmdError>(found)
        });
        match found {
            Ok(found) if found.iter().all(|(t, _)| !t.is_empty()) => {
                self.windows = found;
                self.windows.len()
            }
            Ok(_) => 0,
            Err(e) if no_such_window(&e) => 0,
            Err(e) => panic!("listing the windows failed: {e}{}", self.diagnostics()),
        }
    }

    /// Switches to the window whose title satisfies `pred` (waiting for it to appear).
    #[track_caller]
    pub fn to_window(&mut self, what: &str, pred: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + WAIT;
        loop {
            let hit = self
                .windows
                .iter()
                .find(|(t, _)| pred(t))
                .map(|(_, h)| h.clone());
            if let Some(h) = hit {
                let client = self.client();
                let ok = self.rt.block_on(async {
                    client.switch_to_window(h).await?;
                    client.title().await
                });
                // Titles change (the chair's carries the team name): check the live one. A
                // window that went is looked for again; any other error fails.
                match ok {
                    Ok(t) if pred(&t) => return,
                    Ok(_) => {}
                    Err(e) if no_such_window(&e) => {}
                    Err(e) => panic!(
                        "switching to the window {what} failed: {e}{}",
                        self.diagnostics()
                    ),
                }
            }
            if Instant::now() >= deadline {
                panic!(
                    "no window {what} within {WAIT:?}; windows: {:?}{}",
                    self.windows.iter().map(|(t, _)| t).collect::<Vec<_>>(),
                    self.diagnostics()
                );
            }
            std::thread::sleep(POLL);
            self.discover_windows();
        }
    }

    /// Switches to the chair window (title starts with "Fælles Team").
    #[track_caller]
    pub fn to_chair(&mut self) {
        self.to_window("titled \"Fælles Team…\" (chair)", |t| {
            t.starts_with(CHAIR_TITLE)
        });
    }

    /// Switches to the citizen screen window (title "Borgerskærm").
    #[track_caller]
    pub fn to_screen(&mut self) {
        self.to_window("titled \"Borgerskærm\" (citizen screen)", |t| {
            t == SCREEN_TITLE
        });
    }

    /// The current window's title.
    #[track_caller]
    pub fn title(&self) -> String {
        let client = self.client();
        self.rt
            .block_on(client.title())
            .unwrap_or_else(|e| panic!("reading the title failed: {e}{}", self.diagnostics()))
    }

    /// Titles of all windows (as last seen).
    pub fn window_titles(&mut self) -> Vec<String> {
        self.discover_windows();
        self.windows.iter().map(|(t, _)| t.clone()).collect()
    }

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

    // -------------------------------------------------------------------------------- actions
    // Each waits (up to WAIT) for the first match to exist and be displayed, and retries
    // while the page is re-rendering.

    /// Visible text of the first match.
    #[track_caller]
    pub fn text(&self, loc: impl Borrow<Loc>) -> String {
        self.act("read the text of", loc.borrow(), |e| async move {
            e.text().await
        })
    }

    /// Attribute `name` of the first (displayed) match.
    #[track_caller]
    pub fn attr(&self, loc: impl Borrow<Loc>, name: &str) -> Option<String> {
        self.act("read an attribute of", loc.borrow(), |e| async move {
            e.attr(name).await
        })
    }

    /// Clicks the first match.
    #[track_caller]
    pub fn click(&self, loc: impl Borrow<Loc>) {
        let client = self.client();
        self.act("click", loc.borrow(), |e| {
            let client = client.clone();
            async move {
                // WebKitWebDriver does not always scroll a target below the fold into view
                // before clicking; a user would scroll to it first, so do that.
                client
                    .execute(
                        "arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});",
                        vec![json!(e)],
                    )
                    .await?;
                e.click().await
            }
        })
    }

    /// Clears a text input and types `text` into it (real key events).
    #[track_caller]
    pub fn type_text(&self, loc: impl Borrow<Loc>, text: &str) {
        self.keys(loc.borrow(), text, true)
    }

    /// Types `text` at the end of what the field holds (without clearing it first).
    #[track_caller]
    pub fn append_text(&self, loc: impl Borrow<Loc>, text: &str) {
        self.keys(loc.borrow(), text, false)
    }

    #[track_caller]
    fn keys(&self, loc: &Loc, text: &str, clear: bool) {
        let client = self.client();
        self.act("type into", loc, |e| {
            let client = client.clone();
            async move {
                // As for `click`: WebKitWebDriver refuses to type into a field below the fold
                // ("element not interactable"); a user would scroll to it first.
                client
                    .execute(
                        "arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});",
                        vec![json!(e)],
                    )
                    .await?;
                if clear {
                    e.clear().await?;
                }
                e.send_keys(text).await
            }
        })
    }

    /// Sets an input's value from script and fires `input` and `change`, as a user's edit
    /// would. For `<input type=date|time>` (ISO value), which WebKitGTK does not let
    /// WebDriver type into reliably. Fails if the input refuses the value.
    #[track_caller]
    pub fn set_value(&self, loc: impl Borrow<Loc>, value: &str) {
        let loc = loc.borrow();
        let client = self.client();
        let got = self.act("set the value of", loc, |e| {
            let client = client.clone();
            async move {
                client
                    .execute(
                        "const [el, v] = arguments; el.focus(); el.value = v;\
                         el.dispatchEvent(new Event('input', {bubbles: true}));\
                         el.dispatchEvent(new Event('change', {bubbles: true}));\
                         return el.value;",
                        vec![json!(e), json!(value)],
                    )
                    .await
            }
        });
        assert_eq!(
            got.as_str(),
            Some(value),
            "{loc} did not take the value {value:?}{}",
            self.diagnostics()
        );
    }

    /// Chooses the option of the `<select>` `loc` whose visible text is `text` (trimmed).
    #[track_caller]
    pub fn select_by_text(&self, loc: impl Borrow<Loc>, text: &str) {
        self.select_where(loc, &format!("{text:?}"), |label| label == text);
    }

    /// Chooses the first option of the `<select>` `loc` whose visible (trimmed) text satisfies
    /// `pred`, by clicking it as a user would, and checks that the select then has that
    /// option's value. `what` describes the option in failure messages.
    #[track_caller]
    pub fn select_where(&self, loc: impl Borrow<Loc>, what: &str, pred: impl Fn(&str) -> bool) {
        let loc = loc.borrow();
        let client = self.client();
        let pred = &pred;
        let chosen = self.act("choose an option of", loc, |select| {
            let client = client.clone();
            async move {
                let mut options = Vec::new();
                for o in select.find_all(Locator::Css("option")).await? {
                    let label = client
                        .execute("return arguments[0].text.trim();", vec![json!(o)])
                        .await?;
                    options.push((label.as_str().unwrap_or_default().to_string(), o));
                }
                let Some((_, option)) = options.iter().find(|(l, _)| pred(l)) else {
                    let labels: Vec<_> = options.iter().map(|(l, _)| l.clone()).collect();
                    return Ok(Err(labels));
                };
                option.click().await?;
                let want = option.attr("value").await?;
                let have = client
                    .execute("return arguments[0].value;", vec![json!(select)])
                    .await?;
                Ok(Ok((want, have)))
            }
        });
        match chosen {
            Err(labels) => panic!(
                "{loc} has no option {what}; options: {labels:?}{}",
                self.diagnostics()
            ),
            Ok((want, have)) => assert_eq!(
                have.as_str(),
                want.as_deref(),
                "clicking option {what} did not select it in {loc}{}",
                self.diagnostics()
            ),
        }
    }

    #[track_caller]
    fn act<T, F, Fut>(&self, what: &str, loc: &Loc, f: F) -> T
    where
        F: Fn(Element) -> Fut,
        Fut: Future<Output = Result<T, CmdError>>,
    {
        let client = self.client();
        let deadline = Instant::now() + WAIT;
        loop {
            let attempt = self.rt.block_on(async {
                let Some(e) = loc.resolve(&client).await?.into_iter().next() else {
                    return Ok(Err("no element matches"));
                };
                if !e.is_displayed().await? {
                    return Ok(Err("the element is not displayed"));
                }
                f(e).await.map(Ok)
            });
            let why = match attempt {
                Ok(Ok(v)) => return v,
                Ok(Err(why)) => why.to_string(),
                Err(e) if transient(&e) => e.to_string(),
                Err(e) => panic!("could not {what} {loc}: {e}{}", self.diagnostics()),
            };
            if Instant::now() >= deadline {
                panic!(
                    "could not {what} {loc} within {WAIT:?}: {why}{}",
                    self.diagnostics()
                );
            }
            std::thread::sleep(POLL);
        }
    }

    // -------------------------------------------------------------------------------- misc

    /// Runs `script` in the current window (arguments as `arguments[i]`), returns its value.
    #[track_caller]
    pub fn js(&self, script: &str, args: Vec<Value>) -> Value {
        let client = self.client();
        self.rt
            .block_on(client.execute(script, args))
            .unwrap_or_else(|e| panic!("script failed: {e}{}", self.diagnostics()))
    }

    /// Saves a PNG of the current window to `path` (relative paths: under `target/e2e-shots`).
    #[track_caller]
    ///
    /// WebKitWebDriver never answers a screenshot request when WebKit draws without
    /// compositing, which the app chooses on machines without a GPU (src-tauri/src/main.rs,
    /// `software_rendering_defaults`); there the screenshot is skipped (`None`) — set
    /// `WEBKIT_DISABLE_COMPOSITING_MODE=0` to get them, or use scripts/screenshots.sh.
    pub fn screenshot(&self, path: impl AsRef<Path>) -> Option<PathBuf> {
        let path = shots_dir().join(path);
        if !app_composites() {
            eprintln!(
                "e2e: no screenshot {} (WebKit draws without compositing here)",
                path.display()
            );
            return None;
        }
        let client = self.client();
        let png = self
            .rt
            .block_on(client.screenshot())
            .unwrap_or_else(|e| panic!("screenshot failed: {e}{}", self.diagnostics()));
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).expect("create the screenshot directory");
        }
        fs::write(&path, png).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        Some(path)
    }

    /// The WebDriver client, for anything the helpers do not cover (use with [`App::block_on`]).
    pub fn client(&self) -> Client {
        self.client.clone().expect("the app is running")
    }

    /// Runs a future on the harness's runtime.
    pub fn block_on<F: Future>(&self, f: F) -> F::Output {
        self.rt.block_on(f)
    }

    /// What the current window shows: URL, title and visible text, plus the driver log.
    pub fn diagnostics(&self) -> String {
        let Some(client) = self.client.clone() else {
            return self.log_tail();
        };
        let page = self.rt.block_on(async {
            tokio::time::timeout(Duration::from_secs(5), async {
                let url = client.current_url().await.map(|u| u.to_string());
                let title = client.title().await;
                let text = client
                    .execute(
                        "return document.body ? document.body.innerText : ''",
                        vec![],
                    )
                    .await;
                (url, title, text)
            })
            .await
        });
        let mut out = String::from("\n--- page at failure");
        match page {
            Ok((url, title, text)) => {
                let text = text
                    .map(|t| t.as_str().unwrap_or_default().to_string())
                    .unwrap_or_else(|e| format!("<unreadable: {e}>"));
                let text: String = text.chars().take(3000).collect();
                out += &format!(
                    "\nurl: {}\ntitle: {}\nvisible text:\n{text}",
                    url.unwrap_or_else(|e| format!("<unreadable: {e}>")),
                    title.unwrap_or_else(|e| format!("<unreadable: {e}>")),
                );
            }
            Err(_) => out += "\n<the page did not answer within 5 s>",
        }
        out + &self.log_tail()
    }

    fn log_tail(&self) -> String {
        let log = fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        let tail = lines[lines.len().saturating_sub(20)..].join("\n");
        format!(
            "\n--- driver log {} (last 20 lines):\n{tail}",
            self.log.display()
        )
    }
}

impl Drop for App {
    fn drop(&mut self) {
        if std::thread::panicking() && self.client.is_some() {
            // Keep evidence of the failure: a screenshot of the current window.
            let path = shots_dir().join(format!("{}-failure.png", self.name));
            let client = self.client();
            let png = self.rt.block_on(async {
                tokio::time::timeout(Duration::from_secs(5), client.screenshot()).await
            });
            if let Ok(Ok(png)) = png {
                let _ = fs::create_dir_all(shots_dir());
                if fs::write(&path, png).is_ok() {
                    eprintln!("e2e: failure screenshot: {}", path.display());
                }
            }
        }
        if let Err(e) = self.shutdown() {
            eprintln!("e2e: {e}");
        }
    }
}

// ------------------------------------------------------------------------------------ processes

fn test_name() -> String {
    let name = std::thread::current().name().unwrap_or("e2e").to_string();
    name.rsplit("::")
        .next()
        .unwrap_or("e2e")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("bind 127.0.0.1:0 to find a free port")
}

fn port_open(port: u16) -> bool {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok()
}

fn signal_group(pgid: libc::pid_t, signal: libc::c_int) {
    // SAFETY: kill(2) with a negative pid signals a process group; no memory is involved.
    unsafe {
        libc::kill(-pgid, signal);
    }
}

/// Makes this process the reaper of its orphaned descendants. tauri-driver exits without
/// waiting for WebKitWebDriver, whose child is the app: without this they would linger as
/// zombies until PID 1 (which in containers may be slow or never) reaps them.
fn become_subreaper() {
    // SAFETY: prctl(PR_SET_CHILD_SUBREAPER, 1) only sets a flag on this process.
    unsafe {
        libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    }
}

/// Reaps the dead processes of group `pgid` that became our children (see
/// [`become_subreaper`]); `driver` is left to its `Child`.
fn reap_orphans(pgid: libc::pid_t, driver: u32) {
    for (pid, _) in processes_in_group(pgid, true) {
        if pid != driver {
            // SAFETY: waitpid on one pid with WNOHANG; fails harmlessly if not our child.
            unsafe {
                libc::waitpid(pid as libc::pid_t, std::ptr::null_mut(), libc::WNOHANG);
            }
        }
    }
}

/// Live (not zombie) processes of process group `pgid`, as `(pid, name)`.
fn group_members(pgid: libc::pid_t) -> Vec<(u32, String)> {
    processes_in_group(pgid, false)
}

/// Processes of group `pgid` from /proc: the zombies if `zombies`, else the live ones.
fn processes_in_group(pgid: libc::pid_t, zombies: bool) -> Vec<(u32, String)> {
    let Ok(dir) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in dir.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(stat) = fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // pid (comm) state ppid pgrp ...; comm may contain spaces and parentheses.
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        let comm = stat[open + 1..close].to_string();
        let mut rest = stat[close + 1..].split_whitespace();
        let state = rest.next().unwrap_or("");
        let pgrp = rest.nth(1).and_then(|s| s.parse::<libc::pid_t>().ok());
        if pgrp == Some(pgid) && (state == "Z" || state == "X") == zombies {
            out.push((pid, comm));
        }
    }
    out
}

/// Whether the app composites (and so WebDriver can take screenshots): the rule of the app's
/// `software_rendering_defaults` (src-tauri/src/main.rs) and of WebKitGTK itself.
pub fn app_composites() -> bool {
    match std::env::var("WEBKIT_DISABLE_COMPOSITING_MODE") {
        Ok(v) => v == "0",
        Err(_) => fs::read_dir("/dev/dri").is_ok_and(|d| {
            d.flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
        }),
    }
}
