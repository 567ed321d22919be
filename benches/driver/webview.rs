//! The real webview, driven through WebDriver (tauri-driver; harness `faelles_tests::e2e`):
//! keystroke → paint latency in the app and in the floor, and the app's memory after a
//! simulated 2-hour meeting.
//!
//! Stamps (only with `FAELLES_BENCH=1`): the chair records `[time, text length]` for each input
//! event (ui/js/run.js `Saver.onInput`; the floor's ui/chair.js), the screen records `[time,
//! {section: length}]` in the animation frame after each update (ui/js/screen.js `apply()`;
//! the floor's ui/screen.js). Times are `performance.timeOrigin + …` in both windows: the
//! same wall clock. A keystroke's latency is from its input event to the first frame whose
//! `vigtigste` text is at least as long as the chair's text was after it (typing appends).

use crate::procs::{self, Pss};
use faelles_tests::e2e::{by_testid, css, App, WAIT};
use fantoccini::elements::Element;
use fantoccini::Locator;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How many keystrokes: typed one at a time at ~10/s, then in bursts.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub warmup: usize,
    pub typed: usize,
    pub bursts: usize,
    pub burst_len: usize,
}

/// Keystroke → paint, in ms.
#[derive(Debug, Clone, Default)]
pub struct Latency {
    pub typing: Vec<f64>,
    pub bursts: Vec<f64>,
    /// Keystrokes whose text never reached the screen (should be 0).
    pub missing: usize,
    /// CSV lines: phase, input time (unix ms), text length, paint time, latency.
    pub raw: Vec<String>,
}

impl Latency {
    pub fn all(&self) -> Vec<f64> {
        self.typing.iter().chain(&self.bursts).copied().collect()
    }
}

/// What one app (or the floor) measured.
#[derive(Debug, Clone, Default)]
pub struct Run {
    pub latency: Latency,
    pub pss_start: Pss,
    pub pss_after_typing: Pss,
    /// The app only: after the simulated 2-hour meeting, and 30 s later (idle).
    pub pss_after_meeting: Option<Pss>,
    pub pss_idle: Option<Pss>,
    /// What the simulated meeting did.
    pub meeting_log: String,
    /// The app only: PSS total (MB) along the session, one sample each.
    pub pss_series: Vec<(String, f64)>,
    /// Where the time of one keystroke goes (measured at the end of the session).
    pub costs: Costs,
}

/// Averages over 50 repetitions, in ms (the webviews' clocks have 1 ms resolution).
#[derive(Debug, Clone, Copy, Default)]
pub struct Costs {
    /// The chair's synchronous `input` handling (listeners, style/layout they force).
    pub chair_input_ms: f64,
    /// `invoke` round trip of the per-keystroke command (app: `edit_section`, which applies
    /// the edit to the core's draft and forwards it to the screen; floor: `relay`).
    pub invoke_ms: f64,
    /// The screen applying one update, with style and layout (forced).
    pub screen_apply_ms: f64,
    /// Size of one screen update (JSON characters).
    pub payload_chars: f64,
}

const REPS: usize = 50;

/// Measures `Costs` in the current session. It leaves the screen ignoring later updates
/// (fake sequence numbers), so it runs last.
fn costs(app: &mut App, invoke: &str) -> Costs {
    let num = |v: Value| v.as_f64().unwrap_or(f64::NAN);
    // Capture the next real update in the screen.
    app.to_screen();
    app.js(
        "window.__benchLast = null; \
         window.__TAURI__.event.listen(arguments[0], (e) => { window.__benchLast = e.payload; });",
        vec![Value::from(if invoke == "relay" {
            "floor://text"
        } else {
            "screen://view"
        })],
    );
    app.to_chair();
    std::thread::sleep(Duration::from_millis(300));
    let el = element(app, "[data-testid=section-vigtigste]");
    send(app, &el, "x");
    std::thread::sleep(Duration::from_millis(500));
    let chair_input_ms = num(app.js(
        "const el = document.querySelector('[data-testid=section-vigtigste]'); \
         const t0 = performance.now(); \
         for (let i = 0; i < arguments[0]; i++) { el.value += 'x'; \
           el.dispatchEvent(new Event('input', { bubbles: true })); } \
         return (performance.now() - t0) / arguments[0];",
        vec![Value::from(REPS)],
    ));
    std::thread::sleep(Duration::from_millis(1500));
    let invoke_ms = num(js_async(
        app,
        "const [cmd, args, n, done] = arguments; \
         const el = document.querySelector('[data-testid=section-vigtigste]'); \
         (async () => { const t0 = performance.now(); \
           for (let i = 0; i < n; i++) { const len = el.value.length; el.value += 'y'; \
             const a = cmd === 'relay' ? { ...args, text: el.value } \
               : { ...args, edit: { at: len, del: 0, ins: 'y', len: len + 1 } }; \
             await window.__TAURI__.core.invoke(cmd, a); } \
           done((performance.now() - t0) / n); })();",
        vec![
            Value::from(invoke),
            invoke_args(app, invoke),
            Value::from(REPS),
        ],
    ));
    std::thread::sleep(Duration::from_millis(1500));
    app.to_screen();
    let screen = app.js(
        "const p = window.__benchLast; if (!p) return null; \
         const n = arguments[0]; const floor = typeof p === 'string'; \
         const el = document.getElementById('text'); \
         const copies = []; \
         if (!floor && !p.edit) throw new Error('expected a text edit per keystroke, got ' + JSON.stringify(p).slice(0, 200)); \
         const s0 = floor ? 0 : window.__ftSeq(); \
         const body = floor ? null : document.querySelector('[data-testid=screen-section-' + p.edit.key + ']'); \
         const len0 = floor ? 0 : body.textContent.length; \
         for (let i = 0; i < n; i++) { \
           if (floor) { copies.push(p + 'z'.repeat(i + 1)); continue; } \
           copies.push({ seq: s0 + i + 1, base: s0 + i, \
             edit: { key: p.edit.key, at: len0 + i, del: 0, ins: 'z', len: len0 + i + 1 } }); } \
         const t0 = performance.now(); \
         for (const c of copies) { \
           if (floor) el.textContent = c; else window.__ftApply(c); \
           document.body.getBoundingClientRect(); } \
         return [(performance.now() - t0) / n, JSON.stringify(p).length];",
        vec![Value::from(REPS)],
    );
    app.to_chair();
    eprintln!("bench: costs at {}: screen {screen}", current_key(app));
    Costs {
        chair_input_ms,
        invoke_ms,
        screen_apply_ms: num(screen[0].clone()),
        payload_chars: num(screen[1].clone()),
    }
}

/// Runs an asynchronous script (its last argument is the callback to call with the result).
fn js_async(app: &App, script: &str, args: Vec<Value>) -> Value {
    let client = app.client();
    app.block_on(client.execute_async(script, args))
        .unwrap_or_else(|e| panic!("script failed: {e}{}", app.diagnostics()))
}

/// The arguments of the per-keystroke command (without `text`).
fn invoke_args(app: &App, invoke: &str) -> Value {
    if invoke == "relay" {
        return serde_json::json!({});
    }
    let key = current_key(app);
    let case = key.strip_prefix("case:").unwrap_or(&key);
    serde_json::json!({ "caseId": case, "key": "vigtigste" })
}

/// A Danish sentence to type, cycled (æ, ø, å included; no newlines).
const PROSE: &str = "Borgeren fortæller at det går bedre med søvnen og at hverdagen er mere \
stabil. Vi aftaler at følge op på medicinen og på kontakten til jobcentret og økonomien. ";

fn chars(from: usize, n: usize) -> String {
    PROSE
        .chars()
        .cycle()
        .skip(from % PROSE.chars().count())
        .take(n)
        .collect()
}

/// About `n` characters of note text for a section.
fn note(key: &str, n: usize) -> String {
    let mut s = format!("{key}: ");
    while s.chars().count() < n {
        s.push_str(PROSE);
    }
    s.chars().take(n).collect()
}

fn start(binary: &Path, data_dir: &Path, demo: bool, extra: &[(&str, &str)]) -> App {
    // The harness starts `$FAELLES_APP` (read at each start).
    std::env::set_var("FAELLES_APP", binary);
    let mut envs = vec![("FAELLES_BENCH", "1")];
    if demo {
        envs.push(("FAELLES_DEMO", "1"));
    }
    envs.extend_from_slice(extra);
    App::start(data_dir, &envs)
}

fn element(app: &App, selector: &str) -> Element {
    let client = app.client();
    app.block_on(client.find(Locator::Css(selector)))
        .unwrap_or_else(|e| panic!("{selector}: {e}{}", app.diagnostics()))
}

fn send(app: &App, el: &Element, text: &str) {
    app.block_on(el.send_keys(text))
        .unwrap_or_else(|e| panic!("send_keys: {e}{}", app.diagnostics()));
}

/// Types into `selector`: `plan.warmup` keys (not measured), then `plan.typed` keys one per
/// WebDriver call at 10/s, then `plan.bursts` × `plan.burst_len` keys per call, 1 s apart.
/// Returns the latencies matched from both windows' stamps.
fn type_and_measure(app: &mut App, selector: &str, plan: Plan) -> Latency {
    let el = element(app, selector);
    let mut at = 0;
    for _ in 0..plan.warmup {
        send(app, &el, &chars(at, 1));
        at += 1;
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(1500));
    app.js("window.__FT_BENCH.input.length = 0;", vec![]);
    app.to_screen();
    app.js("window.__FT_BENCH.paint.length = 0;", vec![]);
    app.to_chair();

    let t0 = Instant::now();
    for i in 0..plan.typed {
        let due = t0 + Duration::from_millis(100 * i as u64);
        if let Some(wait) = due.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
        send(app, &el, &chars(at, 1));
        at += 1;
    }
    std::thread::sleep(Duration::from_millis(1500));
    let typed_inputs = app
        .js("return window.__FT_BENCH.input.length;", vec![])
        .as_u64()
        .unwrap_or(0) as usize;
    for _ in 0..plan.bursts {
        send(app, &el, &chars(at, plan.burst_len));
        at += plan.burst_len;
        std::thread::sleep(Duration::from_millis(1000));
    }
    std::thread::sleep(Duration::from_millis(1500));

    let inputs = app.js("return window.__FT_BENCH.input;", vec![]);
    app.to_screen();
    let paints = app.js("return window.__FT_BENCH.paint;", vec![]);
    app.to_chair();
    let pair = |v: &Value| (v[0].as_f64().unwrap_or(f64::NAN), v[1].clone());
    let inputs: Vec<(f64, f64)> = inputs
        .as_array()
        .map(|a| {
            a.iter()
                .map(pair)
                .map(|(t, l)| (t, l.as_f64().unwrap_or(0.0)))
                .collect()
        })
        .unwrap_or_default();
    let mut paints: Vec<(f64, f64)> = paints
        .as_array()
        .map(|a| {
            a.iter()
                .map(pair)
                .map(|(t, l)| (t, l["vigtigste"].as_f64().unwrap_or(-1.0)))
                .collect()
        })
        .unwrap_or_default();
    paints.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert_eq!(
        inputs.len(),
        plan.typed + plan.bursts * plan.burst_len,
        "one input event per keystroke expected (typed phase: {typed_inputs})"
    );

    let mut out = Latency::default();
    for (i, &(t, len)) in inputs.iter().enumerate() {
        let phase = if i < typed_inputs { "typed" } else { "burst" };
        let paint = paints.iter().find(|p| p.1 >= len);
        match paint {
            Some(p) if i < typed_inputs => out.typing.push(p.0 - t),
            Some(p) => out.bursts.push(p.0 - t),
            None => out.missing += 1,
        }
        out.raw.push(format!(
            "{phase},{t:.3},{len},{},{}",
            paint.map_or(String::new(), |p| format!("{:.3}", p.0)),
            paint.map_or(String::new(), |p| format!("{:.3}", p.0 - t)),
        ));
    }
    out
}

/// One PSS sample of the running app (MB), no waiting.
fn pss_now(binary: &Path) -> f64 {
    procs::running(binary)
        .first()
        .map_or(0.0, |&pid| procs::pss_tree(pid).total_mb)
}

fn settle_pss(binary: &Path) -> Pss {
    std::thread::sleep(Duration::from_secs(3));
    procs::pss_of_app(binary)
}

// ------------------------------------------------------------------------------ the floor

/// The floor, with `envs` added to its environment (e.g. drawn without compositing).
pub fn floor(binary: &Path, plan: Plan, envs: &[(&str, &str)]) -> Run {
    let dir = tempfile::Builder::new()
        .prefix("faelles-bench-floor-")
        .tempdir()
        .expect("temp dir");
    let mut app = start(binary, dir.path(), false, envs);
    let pss_start = settle_pss(binary);
    let latency = type_and_measure(&mut app, "[data-testid=section-vigtigste]", plan);
    let pss_after_typing = settle_pss(binary);
    let costs = costs(&mut app, "relay");
    app.stop();
    Run {
        latency,
        pss_start,
        pss_after_typing,
        costs,
        ..Default::default()
    }
}

// ------------------------------------------------------------------------------ the app

fn current_key(app: &App) -> String {
    app.try_attr(
        css("[data-testid=agenda-item][data-current=true]"),
        "data-key",
    )
    .unwrap_or_default()
}

/// `agenda-next` or `agenda-prev`, and waits until the current item changed.
fn step(app: &mut App, dir: &str) -> String {
    let before = current_key(app);
    app.click(by_testid(&format!("agenda-{dir}")));
    app.wait_for(&format!("agenda-{dir} from {before}"), WAIT, |a| {
        // The demo meeting is not today: starting it asks first.
        if a.is_visible(by_testid("start-other-day-confirm")) {
            a.click(by_testid("start-other-day-confirm"));
        }
        let k = current_key(a);
        !k.is_empty() && k != before
    });
    let key = current_key(app);
    if key.starts_with("case:") {
        app.wait_visible(by_testid("section-vigtigste"));
    }
    key
}

/// `agenda-<dir>`; the new current item, or `None` at the end of the agenda (no change
/// within 2 s).
fn try_step(app: &mut App, dir: &str) -> Option<String> {
    let before = current_key(app);
    app.click(by_testid(&format!("agenda-{dir}")));
    let deadline = Instant::now() + Duration::from_secs(2);
    while Instant::now() < deadline {
        let k = current_key(app);
        if !k.is_empty() && k != before {
            if k.starts_with("case:") {
                app.wait_visible(by_testid("section-vigtigste"));
            }
            return Some(k);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

fn wait_saved(app: &mut App) {
    app.wait_attr(by_testid("save-state"), "data-state", "saved");
}

fn wait_screen_state(app: &mut App, state: &str) {
    app.to_screen();
    app.wait_for(&format!("the screen to be {state}"), WAIT, |a| {
        a.try_attr(by_testid("screen-root"), "data-state")
            .as_deref()
            == Some(state)
    });
    app.to_chair();
}

fn section_keys(app: &App) -> Vec<String> {
    app.js(
        "return [...document.querySelectorAll('textarea[data-testid^=\"section-\"]')]\
         .map((e) => e.dataset.testid.slice(8));",
        vec![],
    )
    .as_array()
    .map(|a| {
        a.iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    })
    .unwrap_or_default()
}

/// Adds `n` agreements through the form (alternately the citizen and a team member; before
/// the next meeting or a date).
fn add_agreements(app: &mut App, n: usize) {
    for i in 0..n {
        let rows = app.count(by_testid("agreement-row"));
        // The case panel may re-render under the click (after the previous save): retry.
        for _ in 0..10 {
            app.click(by_testid("agreement-add"));
            let shown = Instant::now() + Duration::from_secs(1);
            while Instant::now() < shown && !app.is_visible(by_testid("agreement-what")) {
                std::thread::sleep(Duration::from_millis(50));
            }
            if app.is_visible(by_testid("agreement-what")) {
                break;
            }
        }
        app.type_text(
            by_testid("agreement-what"),
            &format!(
                "Aftale {}: søge om boligstøtte og følge op hos egen læge",
                i + 1
            ),
        );
        if i % 2 == 0 {
            app.select_where(by_testid("agreement-who"), "the citizen", |l| {
                l.contains("(borgeren)")
            });
            app.click(by_testid("agreement-due-next"));
        } else {
            app.select_where(by_testid("agreement-who"), "a team member", |l| {
                l.contains(" – ")
            });
            let due = chrono::Local::now().date_naive() + chrono::Duration::days(21);
            app.set_value(
                by_testid("agreement-due"),
                &due.format("%Y-%m-%d").to_string(),
            );
        }
        app.click(by_testid("agreement-save"));
        app.wait_count(by_testid("agreement-row"), rows + 1);
    }
}

/// The citizen present, every section filled with `chars` characters (set as a paste would,
/// firing `input`), `agreements` agreements, and the case put on the screen.
fn realistic_case(app: &mut App, chars: usize, agreements: usize) {
    app.click(by_testid("citizen-attendance").find(css(".seg:nth-child(1)")));
    for key in section_keys(app) {
        app.set_value(by_testid(&format!("section-{key}")), &note(&key, chars));
    }
    wait_saved(app);
    add_agreements(app, agreements);
    app.click(by_testid("screen-show-case"));
    wait_screen_state(app, "case");
    app.to_screen();
    let on_screen = app.js(
        "return [document.querySelectorAll('[data-testid^=\"screen-section-\"]').length, \
         document.querySelectorAll('#case-agreement-rows tr').length, \
         document.body.innerText.length];",
        vec![],
    );
    app.to_chair();
    eprintln!("bench: realistic case on screen: [sections, agreements, characters] = {on_screen}");
}

/// Types `n` characters into section `key` in bursts of 25 (one WebDriver call each).
fn type_into(app: &App, testid: &str, n: usize, at: &mut usize) {
    let el = element(app, &format!("[data-testid={testid}]"));
    let mut left = n;
    while left > 0 {
        let k = left.min(25);
        send(app, &el, &chars(*at, k));
        *at += k;
        left -= k;
    }
}

pub fn app(binary: &Path, plan: Plan) -> Run {
    let dir = tempfile::Builder::new()
        .prefix("faelles-bench-app-")
        .tempdir()
        .expect("temp dir");
    let mut app = start(binary, dir.path(), true, &[]);
    let pss_start = settle_pss(binary);

    // The upcoming demo meeting, run to its first case; a realistic case on screen.
    to_first_case(&mut app);
    let first_case = current_key(&app);
    let mut series = vec![("start".to_string(), pss_start.total_mb)];
    realistic_case(&mut app, 1000, 5);
    series.push(("case set up".into(), pss_now(binary)));

    let latency = type_and_measure(&mut app, "[data-testid=section-vigtigste]", plan);
    wait_saved(&mut app);
    let pss_after_typing = settle_pss(binary);
    series.push(("keystroke run".into(), pss_after_typing.total_mb));

    let started = Instant::now();
    let (log, pss_after_meeting) = simulate_meeting(&mut app, binary, plan, &mut series);
    let meeting_log = format!("{log}; {:.0} s wall time", started.elapsed().as_secs_f64());
    std::thread::sleep(Duration::from_secs(27));
    let pss_idle = settle_pss(binary);
    series.push(("30 s idle".into(), pss_idle.total_mb));
    // Back to the first case (on screen) for the cost breakdown.
    while try_step(&mut app, "prev").is_some_and(|k| k != first_case) {}
    app.click(by_testid("screen-show-case"));
    wait_screen_state(&mut app, "case");
    let costs = costs(&mut app, "edit_section");
    app.stop();
    Run {
        latency,
        pss_start,
        pss_after_typing,
        pss_after_meeting: Some(pss_after_meeting),
        pss_idle: Some(pss_idle),
        meeting_log,
        pss_series: series,
        costs,
    }
}

/// Opens the upcoming demo meeting in the run view and walks to its first case.
fn to_first_case(app: &mut App) {
    let upcoming = css("[data-testid=meeting-row][data-past=false]");
    app.wait_visible(&upcoming);
    app.click(upcoming.find(by_testid("meeting-open")));
    app.click(by_testid("meeting-run"));
    app.wait_visible(by_testid("agenda-next"));
    while !current_key(app).starts_with("case:") {
        step(app, "next");
    }
}

/// Keystroke → paint on a case whose nine sections hold `chars` characters each (the demo
/// case, run to its first case and put on screen as in [`app`]); a session of its own.
pub fn app_long(binary: &Path, plan: Plan, chars: usize) -> Latency {
    let dir = tempfile::Builder::new()
        .prefix("faelles-bench-long-")
        .tempdir()
        .expect("temp dir");
    let mut app = start(binary, dir.path(), true, &[]);
    to_first_case(&mut app);
    realistic_case(&mut app, chars, 5);
    let latency = type_and_measure(&mut app, "[data-testid=section-vigtigste]", plan);
    wait_saved(&mut app);
    app.stop();
    latency
}

/// The rest of a 2-hour meeting, compressed: more notes in every section of the first case,
/// the screen toggled, the second case filled in with agreements and the citizen's
/// evaluation, the meeting evaluation, then the agenda walked back and forth as a chair
/// revisits items. The meeting is left open (not closed). Returns what was done and the PSS.
fn simulate_meeting(
    app: &mut App,
    binary: &Path,
    plan: Plan,
    series: &mut Vec<(String, f64)>,
) -> (String, Pss) {
    let mut typed = plan.warmup + plan.typed + plan.bursts * plan.burst_len;
    let mut navigations = 0;
    let mut toggles = 0;
    let mut agreements = 5;
    let mut at = 0;

    // First case: 250 more characters in each other section.
    for key in section_keys(app).into_iter().filter(|k| k != "vigtigste") {
        type_into(app, &format!("section-{key}"), 250, &mut at);
        typed += 250;
    }
    wait_saved(app);
    for _ in 0..5 {
        app.click(by_testid("screen-curtain"));
        wait_screen_state(app, "curtain");
        app.click(by_testid("screen-curtain"));
        wait_screen_state(app, "case");
        app.click(by_testid("screen-neutral"));
        wait_screen_state(app, "neutral");
        app.click(by_testid("screen-show-case"));
        wait_screen_state(app, "case");
        toggles += 4;
    }

    series.push(("case 1 notes + 20 screen changes".into(), pss_now(binary)));

    // Second case: present, on screen, every section typed, 5 agreements, evaluation.
    let key = step(app, "next");
    navigations += 1;
    assert!(
        key.starts_with("case:"),
        "expected the second case, at {key}"
    );
    app.click(by_testid("citizen-attendance").find(css(".seg:nth-child(1)")));
    app.click(by_testid("screen-show-case"));
    wait_screen_state(app, "case");
    for key in section_keys(app) {
        type_into(app, &format!("section-{key}"), 250, &mut at);
        typed += 250;
    }
    wait_saved(app);
    add_agreements(app, 5);
    agreements += 5;
    // The evaluation saves itself as it is chosen and typed.
    app.select_by_text(by_testid("eval-involved"), "Ja");
    app.set_value(by_testid("eval-comment"), "Godt at se det hele skrevet op.");
    app.wait_attr(by_testid("eval-involved"), "data-saved", "true");
    app.wait_attr(by_testid("eval-save"), "data-state", "saved");

    // The professionals' evaluation.
    step(app, "next");
    navigations += 1;
    for f in ["effects", "experiences", "learning"] {
        type_into(app, &format!("meval-{f}"), 200, &mut at);
        typed += 200;
    }
    app.wait_attr(by_testid("meval-save"), "data-state", "saved");

    series.push(("case 2 + evaluation".into(), pss_now(binary)));

    // Revisiting: to the first item and back to the last, four times; each case put on the
    // screen on the way; theme notes added on the first pass.
    for round in 0..4 {
        while let Some(k) = try_step(app, "prev") {
            navigations += 1;
            if k.starts_with("case:") {
                app.wait_visible(by_testid("section-vigtigste"));
                app.click(by_testid("screen-show-case"));
                wait_screen_state(app, "case");
                toggles += 1;
            }
            if k == "tema" && round == 0 {
                app.wait_visible(by_testid("theme-notes"));
                type_into(app, "theme-notes", 500, &mut at);
                typed += 500;
                wait_saved(app);
            }
        }
        while try_step(app, "next").is_some() {
            navigations += 1;
        }
        series.push((format!("agenda walk {}", round + 1), pss_now(binary)));
    }
    let pss = settle_pss(binary);
    let log = format!(
        "{typed} characters typed, {agreements} agreements, 2 cases with all sections filled, \
         {navigations} agenda moves, {toggles} screen changes"
    );
    (log, pss)
}

/// Where tauri-driver is: `$TAURI_DRIVER` or `<repo>/.tools/bin/tauri-driver`.
pub fn driver_present() -> Option<PathBuf> {
    let p = faelles_tests::e2e::tauri_driver();
    p.is_file().then_some(p)
}
