//! The chair by keyboard and screen reader, the citizen screen keeping nothing hidden
//! (issue 19): a whole meeting with keys only, checking where focus is after every step; the
//! help dialog holds focus and gives it back; the screen's document after F7 and after the next
//! item; axe-core (WCAG 2.1 A/AA) on the main views of both windows; the focus ring's measured
//! contrast at every Tab stop; the screen's text size and its high-contrast look.
//!
//! The keys of the walk and where focus went: `target/e2e-shots/keys-walk.txt`; the focus
//! rings measured: `target/e2e-shots/focus-rings.txt`.

use crate::full_meeting::{screen_state, wait_screen_state};
use crate::meeting::{current_key, wait_saved};
use crate::{start_demo, Running};
use faelles_tests::a11y::WCAG_21_AA;
use faelles_tests::e2e::{by_testid, css, shots_dir, App, WAIT};
use serde_json::{json, Value};
use std::fmt::Write as _;

// ------------------------------------------------------------------------------ helpers

/// `h2 “1. Velkomst …”`, `textarea [section-vigtigste] (Det vigtigste …)`, for the log.
fn describe(f: &Value) -> String {
    let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
    let mut out = s("tag");
    if !s("own_testid").is_empty() {
        out += &format!(" [{}]", s("own_testid"));
    }
    if !s("label").is_empty() {
        out += &format!(" (“{}”)", s("label"));
    } else if !s("text").is_empty() {
        out += &format!(" “{}”", s("text").chars().take(60).collect::<String>());
    }
    if f["checked"] == json!(true) {
        out += " (chosen)";
    }
    if f["in_dialog"] == json!(true) {
        out += " in the dialog";
    }
    out
}

/// The keys pressed and where focus went, step by step.
#[derive(Default)]
struct Walk {
    log: Vec<String>,
}

impl Walk {
    /// Presses `keys` (space-separated chords: "Alt+ArrowDown", "Tab Enter"), waits until the
    /// element in focus matches the CSS selector `want`, and logs where focus is.
    #[track_caller]
    fn step(&mut self, app: &mut App, keys: &str, want: &str) {
        for chord in keys.split_whitespace() {
            app.press(chord);
        }
        self.settle(app, keys, want);
    }

    /// Waits until focus matches `want` (after `keys`), and logs it.
    #[track_caller]
    fn settle(&mut self, app: &mut App, keys: &str, want: &str) {
        app.wait_for(&format!("after {keys}: focus on {want}"), WAIT, |a| {
            a.focus_is(want)
        });
        self.log(app, keys);
    }

    /// Tab until focus is on `want`; logged as "Tab ×n".
    #[track_caller]
    fn tab_to(&mut self, app: &mut App, want: &str, max: usize) {
        let n = app.tab_until(want, max, false);
        self.log(app, &format!("Tab ×{n}"));
    }

    fn log(&mut self, app: &App, keys: &str) {
        let line = format!("{keys:<30} → {}", describe(&app.focused()));
        eprintln!("keys: {line}");
        self.log.push(line);
    }

    fn save(&self, name: &str) {
        let _ = std::fs::create_dir_all(shots_dir());
        let _ = std::fs::write(shots_dir().join(name), self.log.join("\n") + "\n");
    }
}

const H1: &str = "h1";
const NOTE: &str = "[data-testid=section-vigtigste]";
const UPCOMING_OPEN: &str = "[data-testid=meeting-row][data-past=false] [data-testid=meeting-open]";

/// The screen window's whole document (hidden parts too) holds none of `texts`.
#[track_caller]
fn screen_document_holds_none_of(app: &mut App, when: &str, texts: &[&str]) {
    app.to_screen();
    let html = app
        .js("return document.documentElement.outerHTML;", vec![])
        .as_str()
        .unwrap_or_default()
        .to_string();
    app.to_chair();
    let found: Vec<&&str> = texts.iter().filter(|t| html.contains(**t)).collect();
    assert!(
        found.is_empty(),
        "{when}: the screen's document still holds {found:?}"
    );
}

/// Waits until the citizen screen's look is `look` (`high` or `normal`).
fn wait_contrast(app: &mut App, look: &str) {
    app.to_screen();
    app.wait_for(&format!("the screen's look to be {look}"), WAIT, |a| {
        a.js("return document.documentElement.dataset.contrast;", vec![]) == json!(look)
    });
    app.to_chair();
}

/// Presses the chair's "Høj kontrast" and waits until the screen's look is `look`.
fn toggle_contrast(app: &mut App, look: &str) {
    app.click(by_testid("screen-contrast"));
    let pressed = if look == "high" { "true" } else { "false" };
    app.wait_attr(by_testid("screen-contrast"), "aria-pressed", pressed);
    wait_contrast(app, look);
}

/// Says yes to starting a meeting not dated today (the demo's upcoming meeting).
fn confirm_start(app: &mut App) {
    app.wait_visible(by_testid("start-other-day-confirm"));
    app.click(by_testid("start-other-day-confirm"));
}

/// From the meeting list to the first case of the upcoming demo meeting, by keys only.
fn to_first_case_by_keys(app: &mut App, walk: &mut Walk) {
    app.wait_visible(css(UPCOMING_OPEN));
    walk.settle(app, "(the app has started)", "h1");
    assert_eq!(app.focused()["text"], json!("Møder"));
    walk.tab_to(app, UPCOMING_OPEN, 25);
    walk.step(app, "Enter", H1); // the meeting's preparation
    walk.tab_to(app, "[data-testid=meeting-run]", 10);
    walk.step(app, "Enter", ".run-head h1"); // the run view
                                             // The demo meeting is not today: starting it asks first, focus on "Start mødet nu".
    walk.step(
        app,
        "Alt+ArrowDown",
        "[data-testid=start-other-day-confirm]",
    );
    walk.step(app, "Enter", ".item-panel h2"); // started: 1. Velkomst
    assert_eq!(current_key(app), "velkomst");
    app.activate_chair();
    app.screenshot_display("chair-velkomst.png");
    // Attendance of the first two members: Space on a group's first choice (Til stede).
    let groups = "[data-testid^=attendance-] input";
    walk.tab_to(app, groups, 40);
    walk.step(app, "Space", &format!("{groups}:checked"));
    walk.step(app, "Tab", groups);
    walk.step(app, "Space", &format!("{groups}:checked"));
    walk.step(app, "Alt+ArrowDown", "[data-testid=theme-notes]"); // 2. Månedens tema
    walk.step(app, "Alt+ArrowDown", NOTE); // 3.1 the first case
    assert!(current_key(app).starts_with("case:"));
}

// ------------------------------------------------------------------------------ the tests

/// A whole meeting with the keyboard alone, from the meeting list to the PDFs: focus is on a
/// sensible element after every step, never on the page's body.
#[test]
fn a_whole_meeting_by_keys_with_focus_where_the_chair_works() {
    let Running { mut app, dir } = start_demo();
    let mut walk = Walk::default();
    to_first_case_by_keys(&mut app, &mut walk);
    let first_case = current_key(&app);

    // The citizen is here: back to the attendance (it is open until registered), Space, and
    // Alt+N back to the note.
    let citizen = "[data-testid=citizen-attendance] input";
    let n = app.tab_until(citizen, 40, true);
    walk.log(&app, &format!("Shift+Tab ×{n}"));
    // Tabbing backwards into a group with no choice lands on its last choice (Fraværende);
    // the arrow keys choose.
    walk.step(
        &mut app,
        "ArrowLeft ArrowLeft",
        &format!("{citizen}[value=present]:checked"),
    );
    walk.step(&mut app, "Alt+n", NOTE);

    // A note typed, shown (F6), curtained (F8): focus stays in the note throughout.
    let typed = "Mikkel vil gerne have en fast aftale om bolig";
    app.type_keys(typed);
    walk.log(&app, &format!("(types “{typed}”)"));
    wait_saved(&mut app);
    walk.step(&mut app, "F6", NOTE);
    wait_screen_state(&mut app, "case");
    app.activate_chair();
    app.screenshot_display("chair-case.png");
    walk.step(&mut app, "F8", NOTE);
    wait_screen_state(&mut app, "curtain");
    screen_document_holds_none_of(&mut app, "under the curtain", &[typed, "Mikkel"]);

    // The skip link (the first Tab stop) goes to the notes too.
    app.js("document.activeElement.blur();", vec![]);
    walk.log(&app, "(focus put back to the page)");
    walk.step(&mut app, "Tab", "[data-testid=skip-to-notes]");
    walk.step(&mut app, "Enter", NOTE);

    // The next item: the next case's first note field; the curtain stays down; lifted, the
    // screen is on its neutral slide with nothing of the first case.
    walk.step(&mut app, "Alt+ArrowDown", NOTE);
    let second_case = current_key(&app);
    assert!(
        second_case.starts_with("case:") && second_case != first_case,
        "{second_case}"
    );
    assert_eq!(
        app.js(
            "return document.querySelector(arguments[0]).value;",
            vec![json!(NOTE)]
        ),
        json!("")
    );
    screen_document_holds_none_of(&mut app, "after the next item", &[typed, "Mikkel"]);
    walk.step(&mut app, "F8", NOTE);
    wait_screen_state(&mut app, "neutral");
    screen_document_holds_none_of(&mut app, "neutral after the next item", &[typed, "Mikkel"]);

    // On to the meeting's evaluation and Eventuelt: each item's heading (or first note).
    while current_key(&app).starts_with("case:") {
        walk.step(
            &mut app,
            "Alt+ArrowDown",
            ".item-panel h2, .item-panel textarea, [data-testid=section-vigtigste]",
        );
    }
    assert_eq!(current_key(&app), "evaluering");
    walk.step(&mut app, "Alt+ArrowDown", "[data-testid=eventuelt-notes]");
    assert_eq!(current_key(&app), "eventuelt");

    // Close the meeting, then both kinds of PDF.
    walk.tab_to(&mut app, "[data-testid=meeting-close]", 15);
    walk.step(&mut app, "Enter", ".item-panel h2");
    assert_eq!(app.focused()["text"], json!("Mødet er afsluttet"));
    walk.tab_to(&mut app, "[data-testid=export-citizen-pdf]", 10);
    walk.step(&mut app, "Enter", "[data-testid=export-citizen-pdf]");
    app.wait_visible(by_testid("export-path"));
    walk.tab_to(&mut app, "[data-testid=export-minutes-pdf]", 10);
    walk.step(&mut app, "Enter", "[data-testid=export-minutes-pdf]");
    app.wait_for("the minutes' path", WAIT, |a| {
        a.try_attr(by_testid("export-path"), "data-path")
            .is_some_and(|p| p.contains("eferat"))
    });
    walk.log(&app, "(the minutes' path is shown)");
    walk.save("keys-walk.txt");
    app.stop();
    drop(dir);
}

/// F1 opens the help with focus inside; Tab and Shift+Tab stay inside; the window's other
/// keys wait (but the curtain works); Esc closes it and gives focus back to the note. The skip
/// link is the first Tab stop and goes to the notes.
#[test]
fn help_holds_focus_and_gives_it_back_and_the_skip_link_goes_to_the_notes() {
    let Running { mut app, dir } = start_demo();
    let mut walk = Walk::default();
    to_first_case_by_keys(&mut app, &mut walk);
    app.type_keys("Hjælp");
    let item = current_key(&app);

    walk.step(&mut app, "F1", "[data-testid=help-dialog] button");
    app.wait_visible(by_testid("help-dialog"));
    app.activate_chair();
    app.screenshot_display("chair-help.png");
    for keys in ["Tab", "Tab", "Shift+Tab", "Shift+Tab"] {
        walk.step(&mut app, keys, "[data-testid=help-dialog] button");
    }
    app.press("Alt+ArrowDown");
    let moved = item_moves_within(&app, &item, KEY_WATCH);
    assert_eq!(moved, None, "Alt+↓ moved the agenda under the dialog");
    assert!(app.focus_is("[data-testid=help-dialog] button"));
    app.press("F8");
    wait_screen_state(&mut app, "curtain");
    app.press("F8");
    wait_screen_state(&mut app, "neutral");
    walk.step(&mut app, "Escape", NOTE);
    assert_eq!(app.count(by_testid("help-dialog")), 0);
    assert!(app
        .js(
            "return document.querySelector(arguments[0]).value;",
            vec![json!(NOTE)]
        )
        .as_str()
        .is_some_and(|v| v.ends_with("Hjælp")));

    // The skip link: the window's first Tab stop, visible when in focus.
    app.activate_chair();
    app.js("document.activeElement.blur();", vec![]);
    // Also the positive control of "Tab stays inside" above (focus read as soon as the key
    // was pressed, where staying and not having moved yet look the same): a Tab that moves
    // focus has moved it by then.
    app.press("Tab");
    assert!(
        app.focus_is("[data-testid=skip-to-notes]"),
        "focus had not moved when Tab returned: the dialog's \"Tab stays inside\" proves \
         nothing; focus is on {}",
        app.focused()
    );
    walk.log(&app, "Tab");
    let top = app.js(
        "return document.activeElement.getBoundingClientRect().top;",
        vec![],
    );
    assert!(
        top.as_f64().is_some_and(|t| t >= 0.0),
        "the skip link is off screen: {top}"
    );
    walk.step(&mut app, "Enter", NOTE);

    // The positive control of the watch above: without the dialog, the same key moves the
    // agenda within the same watch.
    app.press("Alt+ArrowDown");
    let moved = item_moves_within(&app, &item, KEY_WATCH);
    assert!(
        moved.is_some_and(|t| t <= KEY_WATCH),
        "Alt+↓ without the dialog did not move the agenda within {KEY_WATCH:?}: the watch \
         under the dialog could not have seen it move"
    );
    eprintln!("e2e: Alt+↓ moved the agenda after {moved:?} (watch {KEY_WATCH:?})");
    app.stop();
    drop(dir);
}

/// How long the agenda is watched after a key that must not move it. Its positive control:
/// the same key, where it does move the agenda, is seen within the same watch.
const KEY_WATCH: std::time::Duration = std::time::Duration::from_millis(1000);

/// Samples the current agenda item until `within` has passed: by how long after the call it
/// was seen to be no longer `from` (that sample's end), or `None` if it stayed.
fn item_moves_within(
    app: &App,
    from: &str,
    within: std::time::Duration,
) -> Option<std::time::Duration> {
    let since = std::time::Instant::now();
    loop {
        // "" while the agenda re-renders: not a move.
        let now = current_key(app);
        let t = since.elapsed();
        if !now.is_empty() && now != from {
            return Some(t);
        }
        if t >= within {
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// F7 and the next item each leave nothing of the case in the screen's document.
#[test]
fn neutral_and_the_next_item_leave_nothing_of_the_case_in_the_screen_document() {
    let Running { mut app, dir } = start_demo();
    let mut walk = Walk::default();
    to_first_case_by_keys(&mut app, &mut walk);
    let typed = "Skal ikke ses efter F7";
    app.type_keys(typed);
    wait_saved(&mut app);
    app.press("F6");
    wait_screen_state(&mut app, "case");
    app.to_screen();
    app.wait_for("the note on screen", WAIT, |a| {
        a.text(by_testid("screen-section-vigtigste")) == typed
    });
    let present = app.text(css("#case-present"));
    app.to_chair();
    assert!(
        present.contains("jobkonsulent"),
        "plain roles on screen: {present}"
    );
    let names: Vec<String> = present
        .lines()
        .filter_map(|l| l.split(" – ").next().map(str::to_string))
        .filter(|n| !n.is_empty())
        .collect();
    let mut case_texts: Vec<&str> = vec![typed, "Mikkel"];
    case_texts.extend(names.iter().map(String::as_str));

    walk.step(&mut app, "F7", NOTE);
    wait_screen_state(&mut app, "neutral");
    screen_document_holds_none_of(&mut app, "after F7", &case_texts);

    walk.step(&mut app, "F6", NOTE);
    wait_screen_state(&mut app, "case");
    walk.step(&mut app, "Alt+ArrowDown", NOTE);
    wait_screen_state(&mut app, "neutral");
    screen_document_holds_none_of(&mut app, "after the next item", &case_texts);
    app.stop();
    drop(dir);
}

/// axe-core finds no WCAG 2.1 A/AA violation on the main views of the chair window and the
/// citizen screen (neutral, a case, the curtain, high contrast).
#[test]
fn axe_finds_no_wcag_21_aa_violations_in_either_window() {
    let Running { mut app, dir } = start_demo();
    let mut report = String::new();
    let mut check = |app: &mut App, what: &str| {
        let v = app.axe(&WCAG_21_AA);
        let _ = writeln!(report, "{what}: {} violation(s)", v.len());
        for x in &v {
            let _ = writeln!(report, "  {x}");
        }
    };
    app.wait_visible(css(UPCOMING_OPEN));
    // The checker itself: a button without a name is found.
    app.js(
        "const b = document.createElement('button'); b.id = 'axe-probe'; document.body.append(b);",
        vec![],
    );
    let probe = app.axe(&WCAG_21_AA);
    assert!(
        probe
            .iter()
            .any(|v| v.starts_with("button-name") && v.contains("#axe-probe")),
        "axe-core did not find a nameless button: {probe:?}"
    );
    app.js("document.getElementById('axe-probe').remove();", vec![]);
    check(&mut app, "chair: meetings");
    app.click(css(UPCOMING_OPEN));
    app.wait_visible(by_testid("meeting-run"));
    check(&mut app, "chair: a meeting's preparation");
    app.click(by_testid("meeting-run"));
    app.wait_visible(by_testid("agenda-next"));
    check(&mut app, "chair: run view, not started");
    app.click(by_testid("agenda-next"));
    app.wait_visible(by_testid("start-other-day-confirm"));
    check(
        &mut app,
        "chair: starting a meeting not dated today (dialog)",
    );
    confirm_start(&mut app);
    app.wait_visible(by_testid("attendance-row"));
    check(&mut app, "chair: 1. Velkomst (attendance)");
    app.click(by_testid("agenda-next"));
    app.wait_visible(by_testid("theme-notes"));
    check(&mut app, "chair: 2. Månedens tema");
    app.click(by_testid("agenda-next"));
    app.wait_visible(by_testid("section-vigtigste"));
    app.type_text(by_testid("section-vigtigste"), "En note");
    check(&mut app, "chair: a case");
    app.press("F1");
    app.wait_visible(by_testid("help-dialog"));
    check(&mut app, "chair: the help dialog");
    app.press("Escape");
    app.click(by_testid("screen-show-case"));
    wait_screen_state(&mut app, "case");
    app.to_screen();
    check(&mut app, "screen: a case");
    app.to_chair();
    toggle_contrast(&mut app, "high");
    app.to_screen();
    check(&mut app, "screen: a case, high contrast");
    app.to_chair();
    app.click(by_testid("screen-neutral"));
    wait_screen_state(&mut app, "neutral");
    app.to_screen();
    check(&mut app, "screen: neutral, high contrast");
    app.to_chair();
    toggle_contrast(&mut app, "normal");
    app.to_screen();
    check(&mut app, "screen: neutral");
    app.to_chair();
    app.press("F8");
    wait_screen_state(&mut app, "curtain");
    app.to_screen();
    check(&mut app, "screen: curtain");
    app.to_chair();
    app.press("F8");
    while current_key(&app) != "eventuelt" {
        crate::meeting::next_to(&mut app, "the next item", |k| !k.is_empty());
    }
    app.wait_visible(by_testid("export-minutes-pdf"));
    check(&mut app, "chair: 5. Eventuelt (closing, export)");
    app.click(by_testid("nav-citizens"));
    app.wait_visible(by_testid("citizen-row"));
    check(&mut app, "chair: citizens");
    app.js(
        "Array.from(document.querySelectorAll('[data-testid=citizen-row] button'))\
         .find((b) => b.textContent.includes('Mikkel Sørensen')).click();",
        vec![],
    );
    app.wait_visible(by_testid("citizen-timeline"));
    check(&mut app, "chair: a citizen's page with the course");
    app.click(by_testid("citizen-edit"));
    app.wait_visible(by_testid("citizen-first-name"));
    check(&mut app, "chair: a citizen's form (Rediger)");
    app.click(by_testid("citizen-new"));
    app.wait_visible(by_testid("citizen-first-name"));
    check(&mut app, "chair: a new citizen");
    app.click(by_testid("nav-team"));
    app.wait_visible(by_testid("team-name"));
    check(&mut app, "chair: team");
    app.click(by_testid("nav-followup"));
    app.wait_visible(by_testid("followup-row"));
    check(&mut app, "chair: Opfølgning");
    app.click(by_testid("followup-mark-done").first());
    app.wait_visible(by_testid("followup-dialog"));
    check(&mut app, "chair: marking an agreement done (dialog)");
    app.press("Escape");
    app.click(by_testid("nav-meetings"));
    app.click(css(UPCOMING_OPEN));
    app.wait_visible(by_testid("case-prepare"));
    app.click(by_testid("case-prepare").first());
    app.wait_visible(by_testid("prepare-panel"));
    check(&mut app, "chair: preparing a case");
    let _ = std::fs::create_dir_all(shots_dir());
    let _ = std::fs::write(shots_dir().join("axe.txt"), &report);
    eprintln!("{report}");
    assert!(
        report
            .lines()
            .all(|l| !l.starts_with(' ') && l.ends_with(": 0 violation(s)")),
        "axe-core (WCAG 2.1 A/AA) found violations:\n{report}"
    );
    app.stop();
    drop(dir);
}

/// At every Tab stop of the main views the focus ring is drawn, ≥ 2 px wide, with ≥ 3:1
/// contrast against the background it is drawn on (WCAG 2.1 1.4.11).
#[test]
fn the_focus_ring_is_2px_and_3_to_1_at_every_tab_stop() {
    let Running { mut app, dir } = start_demo();
    app.activate_chair();
    let mut rings = Vec::new();
    let mut measure = |app: &mut App, view: &str, stops: usize| {
        app.js("document.activeElement.blur();", vec![]);
        for _ in 0..stops {
            app.press("Tab");
            if let Some(r) = app.focus_ring() {
                rings.push((view.to_string(), r));
            }
        }
    };
    app.wait_visible(css(UPCOMING_OPEN));
    measure(&mut app, "meetings", 30);
    app.click(css(UPCOMING_OPEN));
    app.click(by_testid("meeting-run"));
    app.click(by_testid("agenda-next"));
    confirm_start(&mut app);
    app.wait_visible(by_testid("attendance-row"));
    measure(&mut app, "1. Velkomst", 40);
    app.click(by_testid("agenda-next"));
    app.click(by_testid("agenda-next"));
    app.wait_visible(by_testid("section-vigtigste"));
    measure(&mut app, "a case", 70);
    app.press("F1");
    app.wait_visible(by_testid("help-dialog"));
    measure(&mut app, "help", 2);
    app.press("Escape");

    let mut report = String::new();
    let mut bad = Vec::new();
    for (view, r) in &rings {
        let line = format!(
            "{view}: {} — {} {}px {} on {}: {:.2}:1",
            r.what, r.style, r.width, r.color, r.background, r.ratio
        );
        if r.style == "none" || r.width < 2.0 || r.ratio < 3.0 {
            bad.push(line.clone());
        }
        report += &line;
        report += "\n";
    }
    let min = rings.iter().map(|(_, r)| r.ratio).fold(f64::MAX, f64::min);
    report += &format!("{} stops, lowest contrast {min:.2}:1\n", rings.len());
    let _ = std::fs::create_dir_all(shots_dir());
    let _ = std::fs::write(shots_dir().join("focus-rings.txt"), &report);
    assert!(rings.len() > 50, "too few Tab stops measured:\n{report}");
    assert!(
        bad.is_empty(),
        "focus rings below 2 px or 3:1:\n{}",
        bad.join("\n")
    );
    app.stop();
    drop(dir);
}

/// The screen's body text is ≥ 32 px at 1920×1080 and ≥ 24 px at 1280×720 without
/// horizontal scrolling, "Med i dag" as large, the questions smaller than the answers; no
/// section without text is in the screen's document; the section being written is marked
/// (one at a time, whether it just came or was typed in); the high-contrast choice is
/// remembered.
#[test]
fn screen_text_is_large_and_the_contrast_choice_is_remembered() {
    let Running { mut app, dir } = start_demo();
    crate::meeting::open_upcoming_run(&mut app);
    app.click(by_testid("agenda-next"));
    confirm_start(&mut app);
    app.wait_for("1. Velkomst", WAIT, |a| current_key(a) == "velkomst");
    for _ in 0..2 {
        app.click(by_testid("agenda-next"));
    }
    app.wait_visible(by_testid("section-vigtigste"));
    app.wait_for("the first case", WAIT, |a| {
        current_key(a).starts_with("case:")
    });
    app.type_text(
        by_testid("section-vigtigste"),
        "Jeg vil gerne have min egen lejlighed og et arbejde, hvor jeg kan møde op om formiddagen.",
    );
    // "Med i dag" lists those registered present: register two.
    for n in 1..=2 {
        app.click(css(&format!(
            ".participants-card .person:nth-of-type({n}) .seg:nth-child(1)"
        )));
    }
    app.click(by_testid("screen-show-case"));
    wait_screen_state(&mut app, "case");
    app.to_screen();
    app.wait_for("two people in Med i dag", WAIT, |a| {
        a.count(css("#case-present li")) >= 2
    });
    app.to_chair();
    // Only sections with text are on screen; typing in one marks it as being written.
    let sections = |app: &mut App| -> Value {
        app.js(
            "return [...document.querySelectorAll('#case-sections > .section')].map((s) => ({\
               key: s.dataset.key, writing: s.dataset.writing === 'true',\
               text: s.querySelector('.body').textContent.trim(),\
               rows: s.querySelectorAll('#case-agreement-rows tr').length }));",
            vec![],
        )
    };
    let writing = |app: &mut App, key: &str| -> bool {
        app.to_screen();
        let s = sections(app);
        app.to_chair();
        let marked: Vec<&str> = s
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["writing"] == json!(true))
            .filter_map(|x| x["key"].as_str())
            .collect();
        marked == [key]
    };
    app.type_text(by_testid("section-netvaerk"), "Min søster");
    app.wait_for("Netværk on screen, marked as being written", WAIT, |a| {
        writing(a, "netvaerk")
    });
    app.append_text(by_testid("section-vigtigste"), " Og ro.");
    app.wait_for("Det vigtigste marked, and only it", WAIT, |a| {
        writing(a, "vigtigste")
    });
    app.to_screen();
    let shown = sections(&mut app);
    eprintln!("sections on screen: {shown}");
    let shown = shown.as_array().unwrap();
    assert!(shown.len() >= 2, "{shown:?}");
    for s in shown {
        assert!(
            s["text"] != json!("") || s["rows"].as_u64() > Some(0),
            "a section without text on screen: {s}"
        );
    }
    let highlight = app.js(
        "const s = getComputedStyle(document.querySelector('.section[data-writing=true]'));\
         const o = getComputedStyle(document.querySelector('.section:not([data-writing])'));\
         return [s.backgroundColor !== o.backgroundColor, s.borderLeftColor !== o.borderLeftColor,\
                 s.animationName, s.transitionDuration];",
        vec![],
    );
    assert_eq!(
        highlight,
        json!([true, true, "none", "0s"]),
        "a calm highlight"
    );
    app.to_chair();
    let sizes = |app: &mut App| -> Value {
        app.js(
            "const px = (s) => parseFloat(getComputedStyle(document.querySelector(s)).fontSize);\
             return { body: px('[data-testid=screen-section-vigtigste]'), present: px('#case-present li'),\
                      question: px('.section[data-key=vigtigste] h2'),\
                      width: window.innerWidth, height: window.innerHeight,\
                      hscroll: document.documentElement.scrollWidth > document.documentElement.clientWidth };",
            vec![],
        )
    };
    app.to_screen();
    let client = app.client();
    for (w, h, min) in [(1920u32, 1080u32, 32.0), (1280, 720, 24.0)] {
        app.block_on(client.set_window_rect(0, 0, w, h))
            .expect("resize the screen window");
        app.wait_for(&format!("the screen at {w}×{h}"), WAIT, |a| {
            sizes(a)["width"]
                .as_u64()
                .is_some_and(|x| x.abs_diff(u64::from(w)) < 40)
        });
        let s = sizes(&mut app);
        eprintln!("screen at {w}×{h}: {s}");
        assert!(s["body"].as_f64().unwrap() >= min - 0.5, "{w}×{h}: {s}");
        assert!(s["present"].as_f64().unwrap() >= min - 0.5, "{w}×{h}: {s}");
        assert!(
            s["question"].as_f64().unwrap() < s["body"].as_f64().unwrap(),
            "the answers larger than the questions, {w}×{h}: {s}"
        );
        assert_eq!(s["hscroll"], json!(false), "{w}×{h}: {s}");
        app.screenshot_display(&format!("screen-{w}x{h}.png"));
    }
    app.to_chair();
    toggle_contrast(&mut app, "high");
    app.screenshot_display("screen-high-contrast.png");
    app.quit();

    // Remembered on this machine: the next start shows it and the chair says so.
    let mut app = App::start(dir.path(), &[]);
    app.wait_attr(by_testid("screen-contrast"), "aria-pressed", "true");
    assert_eq!(screen_state(&mut app), "neutral");
    wait_contrast(&mut app, "high");
    app.stop();
    drop(dir);
}

/// A refusal that is not the shell's `{kind, message}` (here Tauri's own, English, for a
/// missing argument) reaches the chair as a Danish message with its kind, never in English.
#[test]
fn refusals_without_a_kind_reach_the_chair_in_danish() {
    let Running { mut app, dir } = start_demo();
    app.wait_visible(css(UPCOMING_OPEN));
    let out = app.js(
        "return Promise.all([import(new URL('js/api.js', location.href)), import(new URL('js/errors.js', location.href))])\
           .then(async ([api, errors]) => {\
             const e = await api.call('screen_show_case', {}).then(() => null, (x) => x);\
             await errors.attempt(() => api.call('screen_show_case', {}));\
             const banner = document.querySelector('[data-testid=error]');\
             return { kind: e.kind, message: e.message, banner: banner.textContent, bannerKind: banner.dataset.kind };\
           });",
        vec![],
    );
    eprintln!("refusal: {out}");
    assert_eq!(out["kind"], json!("Internal"), "{out}");
    assert_eq!(out["bannerKind"], json!("Internal"), "{out}");
    for k in ["message", "banner"] {
        let m = out[k].as_str().unwrap_or_default();
        assert!(m.contains("uventet fejl"), "{k}: {m}");
        assert!(
            !m.contains("invalid") && !m.contains("missing") && !m.contains("command"),
            "English passed through in {k}: {m}"
        );
    }
    app.stop();
    drop(dir);
}

/// Started without a display, the app says why in Danish (and exits 2) instead of panicking.
#[test]
fn without_a_display_the_app_says_so_in_danish() {
    let dir = tempfile::tempdir().expect("a temporary data directory");
    let out = std::process::Command::new(faelles_tests::e2e::app_binary())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("FAELLES_DATA_DIR", dir.path())
        .output()
        .expect("run the app");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("kan ikke starte uden en skærm"), "{err}");
    assert!(!err.contains("needs a graphical display"), "{err}");
}
