//! The chair's screen at a glance (issue 28): Danish dates whatever the machine's locale.

use crate::Running;
use faelles_tests::e2e::{by_testid, css, App, WAIT};

/// A date shown in a date field: «24.12.2026».
fn is_danish_date(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 10
        && b[2] == b'.'
        && b[5] == b'.'
        && s.chars().filter(char::is_ascii_digit).count() == 8
}

/// Started with an English (C) locale, the app still shows dates as «24.12.2026», reads what
/// the chair types that way, and says in Danish how to write a date typed another way.
#[test]
fn dates_are_danish_whatever_the_machines_locale() {
    let dir = crate::data_dir();
    let app = App::start(
        dir.path(),
        &[
            ("FAELLES_DEMO", "1"),
            ("LC_ALL", "C.UTF-8"),
            ("LANG", "C.UTF-8"),
        ],
    );
    let mut app = Running { app, dir };

    app.wait_visible(by_testid("nav-reports"));
    app.click(by_testid("nav-reports"));
    app.wait_visible(by_testid("report-from"));
    let from = app
        .attr(by_testid("report-from"), "value")
        .unwrap_or_default();
    assert!(is_danish_date(&from), "Fra shows {from:?}");

    // Typed the Danish way, then left: read, and the report follows.
    app.type_text(by_testid("report-to"), "24.12.2026");
    app.press("Tab");
    app.wait_attr(by_testid("report-to"), "data-iso", "2026-12-24");
    app.wait_for("the range to 24 December", WAIT, |a| {
        a.texts(css(".report-range ~ p.muted, p.muted"))
            .iter()
            .any(|t| t.contains("24. december 2026"))
    });
    assert_eq!(
        app.attr(by_testid("report-to"), "value").as_deref(),
        Some("24.12.2026")
    );

    // The American way: not taken; the field says how, in Danish, and is marked invalid.
    app.type_text(by_testid("report-from"), "12/24/2026");
    app.press("Tab");
    app.wait_attr(by_testid("report-from"), "aria-invalid", "true");
    let said = app.text(css("[data-testid=report-from] + .field-error"));
    assert!(
        said.contains("dag.måned.år") && said.contains("24.12.2026"),
        "{said}"
    );

    // A meeting planned with a Danish date and time is saved on that day.
    app.click(by_testid("nav-meetings"));
    app.click(by_testid("meeting-new"));
    app.type_text(by_testid("meeting-date"), "5.1.2027");
    app.press("Tab");
    assert_eq!(
        app.attr(by_testid("meeting-date"), "value").as_deref(),
        Some("05.01.2027")
    );
    app.type_text(by_testid("meeting-start"), "9.30");
    app.click(by_testid("meeting-save"));
    app.wait_for("the meeting of 5 January 2027", WAIT, |a| {
        a.texts(by_testid("meeting-row"))
            .iter()
            .any(|t| t.contains("5. januar 2027") && t.contains("09.30"))
    });
    app.app.stop();
}

/// What the layout check finds in the chair window: horizontal overflow, buttons whose label
/// takes more than two lines (or breaks inside a word), and elements that must never hyphenate
/// (names, labels, headings, buttons, table cells) with `hyphens: auto`.
const LAYOUT_CHECK: &str = r#"
const de = document.documentElement;
const vw = de.clientWidth;
const shown = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
const lines = (el) => {
  const r = document.createRange(); r.selectNodeContents(el);
  const tops = new Set();
  for (const x of r.getClientRects()) if (x.width > 1) tops.add(Math.round(x.top / 4));
  return tops.size;
};
const words = (el) => Math.max(1, (el.innerText || el.textContent).trim().split(/\s+/).filter(Boolean).length);
const name = (e) => `${e.tagName.toLowerCase()}${e.dataset.testid ? '[' + e.dataset.testid + ']' : ''} «${e.textContent.trim().slice(0, 40)}»`;
const wide = [...document.querySelectorAll('body *')].filter((e) => {
  if (!shown(e) || e.closest('.sr-only, [aria-hidden=true]')) return false;
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.right > vw + 1 && getComputedStyle(e).position !== 'fixed';
}).slice(0, 6).map(name);
const buttons = [...document.querySelectorAll('button, .btn, summary')].filter(shown);
// An agenda item is a card of number, title and minutes: only never broken inside a word.
const tall = buttons.filter((b) => (lines(b) > 2 && !b.matches('[data-testid=agenda-item]')) || lines(b) > words(b))
  .map((b) => `${name(b)}: ${lines(b)} lines`);
const never = [...document.querySelectorAll('h1, h2, h3, h4, button, .btn, th, td, label, .name, .role, .badge, nav a, .agenda-item')]
  .filter(shown).filter((e) => (getComputedStyle(e).hyphens || getComputedStyle(e).webkitHyphens) === 'auto').slice(0, 6).map(name);
return { hscroll: de.scrollWidth > vw + 1, wide, tall, hyphenated: never, width: window.innerWidth, height: window.innerHeight };
"#;

fn check_layout(app: &mut App, view: &str, w: u32) {
    let got = app.js(LAYOUT_CHECK, vec![]);
    eprintln!("layout {view} at {w}: {got}");
    let empty = |k: &str| got[k].as_array().is_some_and(Vec::is_empty);
    assert_eq!(
        got["hscroll"],
        serde_json::json!(false),
        "{view} at {w} px scrolls sideways: {got}"
    );
    assert!(
        empty("wide"),
        "{view} at {w} px: wider than the window: {got}"
    );
    assert!(
        empty("tall"),
        "{view} at {w} px: buttons on more than two lines: {got}"
    );
    assert!(
        empty("hyphenated"),
        "{view} at {w} px: hyphenated labels: {got}"
    );
}

/// Resizes the chair window (at the display's top left, the citizen screen moved beside it)
/// and waits until the page has the new width.
fn chair_size(app: &mut App, w: u32, h: u32) {
    let client = app.client();
    app.to_screen();
    app.block_on(client.set_window_rect(w + 20, 0, 1280, 720))
        .expect("move the screen window");
    app.to_chair();
    app.block_on(client.set_window_rect(0, 0, w, h))
        .expect("resize the chair window");
    app.wait_for(&format!("the chair at {w}×{h}"), WAIT, |a| {
        a.js("return window.innerWidth;", vec![])
            .as_u64()
            .is_some_and(|x| x.abs_diff(u64::from(w)) < 40)
    });
}

/// Saves a picture of the display for docs/screens when `FAELLES_SCREENS` names a folder
/// (scripts/screens.sh); the chair window is at the display's top left.
fn picture(app: &App, name: &str, w: u32, h: u32) {
    let Some(dir) = std::env::var_os("FAELLES_SCREENS") else {
        return;
    };
    std::thread::sleep(std::time::Duration::from_millis(500));
    let path = std::path::Path::new(&dir).join(format!("{name}.png"));
    let ok = std::process::Command::new("import")
        .args(["-window", "root", "-crop", &format!("{w}x{h}+0+0")])
        .arg(&path)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "screenshot {}", path.display());
    let _ = app;
}

/// The chair's views hold at 1280×820 (the default) and at 1100 px wide beside the screen:
/// no sideways scrolling, no button label on more than two lines or broken inside a word, no
/// hyphenated name, label, heading, button or table cell; in a case, the note being typed in
/// the last section and the save state stay in view.
#[test]
fn the_chair_holds_at_1280_and_1100_px_wide() {
    let Running { mut app, dir: _dir } = crate::start_demo();
    for (w, h) in [(1280u32, 820u32), (1100, 820)] {
        chair_size(&mut app, w, h);
        // The meetings and one meeting's preparation.
        app.click(by_testid("nav-meetings"));
        crate::meeting::open_upcoming(&mut app);
        check_layout(&mut app, "preparation", w);
        picture(&app, &format!("preparation-{w}"), w, h);

        // Opfølgning.
        app.click(by_testid("nav-followup"));
        app.wait_visible(by_testid("followup-row"));
        check_layout(&mut app, "followup", w);
        picture(&app, &format!("followup-{w}"), w, h);

        // A citizen's page.
        crate::course::open_citizen_page(&mut app, "Mikkel Sørensen");
        app.wait_visible(by_testid("citizen-timeline"));
        check_layout(&mut app, "citizen", w);
        picture(&app, &format!("citizen-{w}"), w, h);
    }
    // A case of the running meeting, at both widths, typing in its last section.
    app.click(by_testid("nav-meetings"));
    crate::meeting::open_upcoming_run(&mut app);
    app.click(by_testid("agenda-next"));
    app.wait_visible(by_testid("start-other-day-confirm"));
    app.click(by_testid("start-other-day-confirm"));
    app.wait_for("the first case", WAIT, |a| {
        if !crate::meeting::current_key(a).starts_with("case:") {
            a.click(by_testid("agenda-next"));
        }
        crate::meeting::current_key(a).starts_with("case:")
    });
    // Arriving at the case, the note in focus is fully in view below the sticky bar.
    app.wait_for("a note in focus, fully in view", WAIT, |a| {
        a.js(
            "const e = document.activeElement; const r = e.getBoundingClientRect();\
             const bar = document.querySelector('.item-nav').getBoundingClientRect();\
             return e.classList.contains('section-text') && r.top >= bar.bottom - 1 && r.bottom <= window.innerHeight - 40;",
            vec![],
        ) == serde_json::json!(true)
    });
    // «Alle til stede»: everyone not registered yet, in one action; the block is one line.
    app.click(by_testid("attendance-all-present"));
    app.wait_for("everyone present", WAIT, |a| {
        a.text(by_testid("attendance-summary")).starts_with("Alle ")
    });
    let line = app.text(by_testid("attendance-summary"));
    assert!(line.ends_with("til stede"), "{line}");
    assert_eq!(app.attr(css("details.participants-card"), "open"), None);
    assert!(app.text(by_testid("attendance-fold")).contains("Ret"));
    for (w, h) in [(1280u32, 820u32), (1100, 820)] {
        chair_size(&mut app, w, h);
        app.wait_visible(by_testid("section-naeste_skridt"));
        check_layout(&mut app, "case", w);
        picture(&app, &format!("case-{w}"), w, h);
        app.click(by_testid("section-naeste_skridt"));
        app.append_text(
            by_testid("section-naeste_skridt"),
            " Vi ses igen om fire uger.",
        );
        let seen = app.js(
            "const vh = window.innerHeight;\
             const inView = (e) => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= vh && r.height > 0; };\
             return { note: inView(document.activeElement), save: inView(document.querySelector('[data-testid=save-state]')),\
                      focused: document.activeElement.dataset.testid };",
            vec![],
        );
        assert_eq!(
            seen["focused"],
            serde_json::json!("section-naeste_skridt"),
            "{seen}"
        );
        assert_eq!(
            seen["note"],
            serde_json::json!(true),
            "the note being typed at {w}: {seen}"
        );
        assert_eq!(
            seen["save"],
            serde_json::json!(true),
            "the save state at {w}: {seen}"
        );
        picture(&app, &format!("case-typing-{w}"), w, h);
    }
    // The Borgerskærm with the case, full size on a 1920×1080 monitor and at 1280×720.
    app.click(by_testid("screen-show-case"));
    crate::full_meeting::wait_screen_state(&mut app, "case");
    let client = app.client();
    for (w, h) in [(1920u32, 1080u32), (1280, 720)] {
        app.to_screen();
        app.block_on(client.set_window_rect(0, 0, w, h))
            .expect("resize the screen window");
        app.wait_for(&format!("the screen at {w}×{h}"), WAIT, |a| {
            a.js("return window.innerWidth;", vec![])
                .as_u64()
                .is_some_and(|x| x.abs_diff(u64::from(w)) < 40)
        });
        if std::env::var_os("FAELLES_SCREENS").is_some() {
            // The screen window above the chair's for its picture.
            let _ = std::process::Command::new("sh")
                .arg("-c")
                .arg("xdotool search --name '^Borgerskærm$' | head -1 | xargs -r xdotool windowraise")
                .status();
        }
        app.to_chair();
        picture(&app, &format!("screen-{w}"), w, h);
    }
}

/// A file made from the preparation view is said next to its button (in that case's row, not
/// at the top of the page), with «Åbn», which opens it (seen through `FAELLES_TEST_OPENED`),
/// and «Vis i mappe».
#[test]
fn a_files_result_is_next_to_its_button_and_opens() {
    let dir = crate::data_dir();
    let opened = dir.path().join("opened.txt");
    let log = opened.to_string_lossy().into_owned();
    let app = App::start(
        dir.path(),
        &[("FAELLES_DEMO", "1"), ("FAELLES_TEST_OPENED", &log)],
    );
    let mut app = Running { app, dir };
    crate::meeting::open_upcoming(&mut app);
    let rows = app.attrs(by_testid("case-row"), "data-id");
    let second = rows.last().cloned().expect("a case");
    let button = css(&format!(
        "[data-testid=invitation-pdf][data-case-id=\"{second}\"]"
    ));
    app.click(&button);
    let result = css(&format!(
        "[data-testid=case-row][data-id=\"{second}\"] [data-testid=file-result]"
    ));
    app.wait_visible(&result);
    let path = app.attr(&result, "data-path").expect("data-path");
    assert!(path.ends_with(".pdf"), "{path}");
    // Right after the row of buttons that made it.
    let next = app.js(
        "return document.querySelector(arguments[0]).closest('.doc-buttons').nextElementSibling.dataset.testid;",
        vec![serde_json::json!(format!("[data-testid=invitation-pdf][data-case-id=\"{second}\"]"))],
    );
    assert_eq!(next, serde_json::json!("file-result"));
    assert_eq!(
        app.count(by_testid("file-result")),
        1,
        "one message, in that row"
    );
    assert_eq!(
        app.count(result.clone().find(by_testid("file-show-in-folder"))),
        1
    );
    app.click(result.find(by_testid("file-open")));
    app.wait_for("the file opened", WAIT, |_| {
        std::fs::read_to_string(&opened).is_ok_and(|t| t.lines().any(|l| l == path))
    });
    app.app.stop();
}
