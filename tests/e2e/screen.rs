//! The citizen screen in the real app, both windows: it follows the chair's typing only once
//! the case is put on screen; the curtain leaves no text; HTML typed as a note shows literally
//! and runs nothing; moving to the next item returns it to neutral; it cannot call commands.

use crate::meeting::{next_to, open_upcoming_run, wait_saved};
use crate::start_demo;
use faelles_tests::e2e::{by_testid, App, WAIT};
use serde_json::json;
use std::time::{Duration, Instant};

/// How long the screen is watched after the last keystroke: well past the durable save
/// (debounced 300 ms) and the screen refresh that follows it.
const NEUTRAL_WATCH: Duration = Duration::from_millis(1500);
const NEUTRAL_SAMPLES: usize = 8;

/// Samples the screen window until `until` and at least `min` times: each time its root must
/// be `neutral` and its whole document (`outerHTML`) must hold none of `typed`.
fn watch_neutral(app: &mut App, what: &str, typed: &[&str], until: Instant, min: usize) {
    app.to_screen();
    let mut samples = 0;
    let started = Instant::now();
    while samples < min || Instant::now() < until {
        let v = app.js(
            "const r = document.querySelector('[data-testid=screen-root]');\
             return [r ? r.dataset.state : null, document.documentElement.outerHTML];",
            vec![],
        );
        let state = v[0].as_str().unwrap_or("<no screen root>").to_string();
        let html = v[1].as_str().unwrap_or_default().to_string();
        let leaked: Vec<&&str> = typed.iter().filter(|t| html.contains(**t)).collect();
        if state != "neutral" || !leaked.is_empty() {
            let at = started.elapsed();
            app.to_chair();
            panic!(
                "{what}: the screen left neutral at sample {samples} ({at:?} into the watch): \
                 state {state:?}, typed text in its document: {leaked:?}"
            );
        }
        samples += 1;
        std::thread::sleep(Duration::from_millis(100));
    }
    app.to_chair();
}

/// Call right after the last keystroke of `typed` into a text the chair saves as typed: the
/// screen stays neutral, with none of that text anywhere in its document, for
/// [`NEUTRAL_WATCH`] (sampled), through the save ("Alt er gemt"), and after it.
///
/// A watch that sees nothing proves something only if it would have seen the text arrive:
/// every test that calls this also calls [`typing_reaches_the_screen_within_the_watch`], its
/// positive control.
pub fn screen_stays_neutral(app: &mut App, what: &str, typed: &[&str]) {
    let since = Instant::now();
    for t in typed {
        // Compared with the document's HTML, where these would be escaped.
        assert!(!t.contains(['&', '<', '>', '"']), "{t:?}");
    }
    watch_neutral(app, what, typed, since + NEUTRAL_WATCH, NEUTRAL_SAMPLES);
    wait_saved(app);
    watch_neutral(app, what, typed, Instant::now(), 3);
}

/// The positive control of [`screen_stays_neutral`]: with a case on screen, `text` typed at
/// the end of its note `testid` is in the screen's document within [`NEUTRAL_WATCH`], sampled
/// the same way. So the watch is long enough to see typed text arrive on the screen.
#[track_caller]
pub fn typing_reaches_the_screen_within_the_watch(app: &mut App, testid: &str, text: &str) {
    assert!(!text.contains(['&', '<', '>', '"']), "{text:?}");
    app.to_screen();
    assert_eq!(
        app.try_attr(by_testid("screen-root"), "data-state")
            .as_deref(),
        Some("case"),
        "the control needs a case on screen"
    );
    app.to_chair();
    app.append_text(by_testid(testid), text);
    let since = Instant::now();
    app.to_screen();
    let mut samples = 0;
    loop {
        let html = app.js("return document.documentElement.outerHTML;", vec![]);
        samples += 1;
        let t = since.elapsed();
        if t <= NEUTRAL_WATCH && html.as_str().is_some_and(|h| h.contains(text)) {
            eprintln!(
                "e2e: typed text on screen by {t:?} after the last key (sample {samples}; the \
                 neutral watch is {NEUTRAL_WATCH:?})"
            );
            break;
        }
        if t >= NEUTRAL_WATCH {
            app.to_chair();
            panic!(
                "positive control: {text:?} typed into {testid} with the case on screen was not \
                 on the screen within the neutral watch ({NEUTRAL_WATCH:?}, {samples} samples): \
                 a neutral watch that long could not have seen a leak{}",
                app.diagnostics()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    app.to_chair();
}

fn wait_screen(app: &mut App, what: &str, cond: impl Fn(&mut App) -> bool) {
    app.to_screen();
    app.wait_for(what, WAIT, |a| cond(a));
    app.to_chair();
}

/// All text the screen window renders (what a camera on the projector would see).
fn screen_text(app: &mut App) -> String {
    app.to_screen();
    let t = app
        .js("return document.body.innerText;", vec![])
        .as_str()
        .unwrap_or_default()
        .to_string();
    app.to_chair();
    t
}

#[test]
fn screen_follows_the_case_and_obeys_curtain_and_neutral() {
    let mut app = start_demo();
    open_upcoming_run(&mut app);
    next_to(&mut app, "item 1", |k| k == "velkomst");
    next_to(&mut app, "item 2", |k| k == "tema");
    next_to(&mut app, "the first case", |k| k.starts_with("case:"));

    // Typed before the case is on screen: the screen stays neutral.
    app.type_text(by_testid("section-vigtigste"), "Endnu ikke på skærmen");
    screen_stays_neutral(&mut app, "Mikkel's note", &["Endnu ikke på skærmen"]);

    // Put on screen: the citizen's first name and the text.
    app.click(by_testid("screen-show-case"));
    wait_screen(&mut app, "the case on screen", |a| {
        a.try_attr(by_testid("screen-root"), "data-state")
            .as_deref()
            == Some("case")
    });
    app.to_screen();
    assert_eq!(app.text(by_testid("screen-citizen-name")), "Mikkel");
    app.screenshot(faelles_tests::e2e::shots_dir().join("case-screen.png"));
    assert!(app
        .text(by_testid("screen-section-vigtigste"))
        .contains("Endnu ikke på skærmen"));
    app.to_chair();
    app.screenshot(faelles_tests::e2e::shots_dir().join("case-chair.png"));
    // The chair's mirror says what the citizen sees.
    let mirror = faelles_tests::e2e::css("#mirror");
    app.wait_attr(&mirror, "data-state", "case");
    assert!(
        app.text(&mirror).contains("Mikkel"),
        "{}",
        app.text(&mirror)
    );
    // The control of the neutral watches of this test: typed with the case on screen, the
    // text arrives within the same watch.
    typing_reaches_the_screen_within_the_watch(&mut app, "section-vigtigste", " Nu på skærmen");

    // Live typing, and a hostile payload shown literally without running.
    let payload =
        "<b>fed</b><script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">";
    app.type_text(by_testid("section-psykiatri"), payload);
    wait_screen(&mut app, "the payload on screen", |a| {
        a.text(by_testid("screen-section-psykiatri")) == payload
    });
    app.to_screen();
    assert_eq!(
        app.js("return String(window.__pwned);", vec![]),
        json!("undefined")
    );
    assert_eq!(
        app.js(
            "return document.querySelectorAll('[data-testid=screen-section-psykiatri] *').length;",
            vec![]
        ),
        json!(0),
        "the note became elements"
    );
    app.to_chair();
    wait_saved(&mut app);

    // Curtain: no text at all; the same toggle brings the case back.
    app.click(by_testid("screen-curtain"));
    wait_screen(&mut app, "the curtain", |a| {
        a.try_attr(by_testid("screen-root"), "data-state")
            .as_deref()
            == Some("curtain")
    });
    assert_eq!(
        screen_text(&mut app).trim(),
        "",
        "text visible under the curtain"
    );
    app.wait_attr(&mirror, "data-state", "curtain");
    app.click(by_testid("screen-curtain"));
    wait_screen(&mut app, "the case back after the curtain", |a| {
        a.try_attr(by_testid("screen-root"), "data-state")
            .as_deref()
            == Some("case")
            && a.text(by_testid("screen-section-psykiatri")) == payload
    });

    // The next item: neutral again, and the next case is not shown by itself.
    next_to(&mut app, "the second case", |k| k.starts_with("case:"));
    wait_screen(&mut app, "neutral after moving on", |a| {
        a.try_attr(by_testid("screen-root"), "data-state")
            .as_deref()
            == Some("neutral")
    });
    let text = screen_text(&mut app);
    assert!(!text.contains("Mikkel") && !text.contains("Emma"), "{text}");
    app.wait_attr(&mirror, "data-state", "neutral");
    app.type_text(by_testid("section-vigtigste"), "Emmas tekst");
    screen_stays_neutral(&mut app, "Emma's note", &["Emmas tekst"]);
}

#[test]
fn screen_window_cannot_call_any_command() {
    let mut app = start_demo();
    app.to_screen();
    for cmd in ["list_citizens", "app_state", "screen_curtain", "reveal_cpr"] {
        let out = app.js(
            "const [cmd] = arguments;\
             return window.__TAURI__.core.invoke(cmd, {})\
               .then((r) => 'ALLOWED ' + JSON.stringify(r))\
               .catch((e) => 'DENIED ' + JSON.stringify(e));",
            vec![json!(cmd)],
        );
        let out = out.as_str().unwrap_or_default().to_string();
        assert!(out.starts_with("DENIED"), "{cmd}: {out}");
        assert!(!out.contains("Sørensen"), "{cmd} leaked data: {out}");
        // Refused by the capability (ACL) before the command runs, not only by the shell's
        // own window check (which would answer with kind "Forbidden").
        assert!(out.contains("not allowed"), "{cmd}: {out}");
    }
    // The chair window may.
    app.to_chair();
    let out = app.js(
        "return window.__TAURI__.core.invoke('app_state', {}).then(() => 'ok').catch((e) => 'DENIED ' + JSON.stringify(e));",
        vec![],
    );
    assert_eq!(out, json!("ok"));
}

/// Whatever the chair changes that the screen shows reaches it without the case being put on
/// screen again: the citizen's kaldenavn, a participant registered absent, and (on the
/// neutral slide) the meeting's theme.
#[test]
fn every_change_the_screen_shows_reaches_it_without_f6() {
    let crate::Running { mut app, dir } = start_demo();
    open_upcoming_run(&mut app);
    next_to(&mut app, "item 1", |k| k == "velkomst");
    next_to(&mut app, "item 2", |k| k == "tema");
    next_to(&mut app, "the first case", |k| k.starts_with("case:"));
    app.click(by_testid("screen-show-case"));
    wait_screen(&mut app, "Mikkel on screen", |a| {
        a.text(by_testid("screen-citizen-name")) == "Mikkel"
    });

    // A participant registered present joins "Med i dag" (not registered is not present);
    // registered absent, they leave it.
    let person = faelles_tests::e2e::css(".participants-card .person:nth-of-type(2)");
    let name = app.text(person.clone().find(faelles_tests::e2e::css("strong")));
    assert!(!name.is_empty());
    app.click(
        person
            .clone()
            .find(faelles_tests::e2e::css(".seg:nth-child(1)")),
    );
    wait_screen(&mut app, "the participant listed as present", |a| {
        a.text(faelles_tests::e2e::css("#case-present"))
            .contains(&name)
    });
    app.click(person.find(faelles_tests::e2e::css(".seg:nth-child(3)")));
    wait_screen(
        &mut app,
        "the absent participant gone from the screen",
        |a| {
            // The list is hidden once nobody in it is registered present.
            !a.texts(faelles_tests::e2e::css("#case-present li"))
                .iter()
                .any(|t| t.contains(&name))
        },
    );

    // The kaldenavn, changed under Borgere while the case is on screen.
    app.click(by_testid("nav-citizens"));
    app.wait_visible(by_testid("citizen-row"));
    let id = app.js(
        "return [...document.querySelectorAll('[data-testid=citizen-row]')]\
         .find((r) => r.textContent.includes('Mikkel'))?.dataset.id || '';",
        vec![],
    );
    let mikkel = faelles_tests::e2e::css(&format!(
        "[data-testid=citizen-row][data-id=\"{}\"] button",
        id.as_str().unwrap_or_default()
    ));
    app.click(&mikkel);
    app.click(by_testid("citizen-edit"));
    app.type_text(by_testid("citizen-screen-name"), "Kaldo");
    app.click(by_testid("citizen-save"));
    wait_screen(&mut app, "the kaldenavn on screen", |a| {
        a.text(by_testid("screen-citizen-name")) == "Kaldo"
    });
    let mirror = faelles_tests::e2e::css("#mirror");
    app.wait_for("the mirror to say Kaldo", WAIT, |a| {
        a.text(&mirror).contains("Kaldo")
    });

    // The neutral slide follows a new theme for the meeting.
    app.click(by_testid("nav-meetings"));
    open_upcoming_run(&mut app);
    app.click(by_testid("screen-neutral"));
    wait_screen(&mut app, "the neutral slide", |a| {
        a.try_attr(by_testid("screen-root"), "data-state")
            .as_deref()
            == Some("neutral")
    });
    app.click(faelles_tests::e2e::css(".head-buttons .btn:first-child")); // Forberedelse
    app.click(by_testid("meeting-edit"));
    app.type_text(by_testid("meeting-theme"), "Søvn og hvile");
    app.click(by_testid("meeting-save"));
    wait_screen(&mut app, "the new theme on the neutral slide", |a| {
        a.text(faelles_tests::e2e::css("#neutral-theme")) == "Søvn og hvile"
    });
    app.stop();
    drop(dir);
}
