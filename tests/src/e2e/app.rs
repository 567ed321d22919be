//! The running app: started through tauri-driver, stopped with its whole process group; its
//! windows, scripts, screenshots and diagnostics.

use super::loc::no_such_window;
use super::procs::{
    app_composites, become_subreaper, free_port, group_members, port_open, processes_in_group,
    reap_orphans, signal_group, test_name,
};
use super::{
    app_binary, logs_dir, shots_dir, tauri_driver, CHAIR_TITLE, DRIVER_READY, POLL, SCREEN_TITLE,
    SESSION, SHUTDOWN, WAIT,
};
use fantoccini::error::CmdError;
use fantoccini::wd::WindowHandle;
use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};
use std::fs::{self, File};
use std::future::Future;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The running app: tauri-driver (its own process group) + a WebDriver session.
///
/// `stop()` (and `Drop`, also when a test panics) ends the session and SIGTERMs the whole
/// process group, then waits until every process of it is gone.
pub struct App {
    pub(super) rt: tokio::runtime::Runtime,
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
    /// compositing, which the app chooses on machines without a GPU (src-tauri/src/start.rs,
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
