//! Every answer kept: the citizen's evaluation and the professionals' (item 4) save
//! themselves as they are chosen and typed. Chosen, the item left at once without pressing
//! anything, back: still chosen; the same after a restart.

use crate::around::look;
use crate::meeting::{current_key, next_to, open_upcoming_run, value, wait_answers_saved};
use crate::{start_demo, Running};
use faelles_tests::e2e::{by_testid, css, App, WAIT};

/// Shows agenda item `key` (a click on it in the agenda) and waits until it is current.
fn go(app: &mut App, key: &str) {
    app.click(css(&format!(
        "[data-testid=agenda-item][data-key=\"{key}\"]"
    )));
    app.wait_for(&format!("item {key}"), WAIT, |a| current_key(a) == key);
}

/// The citizen's answers and own words, and item 4's answer and learning points, as shown.
fn shown(app: &mut App, case: &str) -> [String; 6] {
    go(app, case);
    app.wait_visible(by_testid("eval-involved"));
    let citizen = [
        "eval-involved",
        "eval-ownership",
        "eval-common-goals",
        "eval-comment",
    ]
    .map(|t| value(app, t));
    go(app, "evaluering");
    app.wait_visible(by_testid("meval-coherent"));
    [
        citizen[0].clone(),
        citizen[1].clone(),
        citizen[2].clone(),
        citizen[3].clone(),
        value(app, "meval-coherent"),
        value(app, "meval-learning"),
    ]
}

#[test]
fn answers_chosen_and_left_at_once_are_there_when_back_and_after_a_restart() {
    let Running { mut app, dir } = start_demo();
    open_upcoming_run(&mut app);
    next_to(&mut app, "item 1", |k| k == "velkomst");
    next_to(&mut app, "item 2", |k| k == "tema");
    let mikkel = next_to(&mut app, "Mikkel's case", |k| k.starts_with("case:"));
    app.wait_visible(by_testid("eval-involved"));
    assert_eq!(value(&app, "eval-involved"), "ubesvaret");

    // Chosen and typed, then straight on to the next item: no button, no wait.
    app.select_by_text(by_testid("eval-involved"), "Ja");
    app.select_by_text(by_testid("eval-common-goals"), "Delvist");
    app.type_text(by_testid("eval-comment"), "Jeg blev hørt i dag.");
    app.click(by_testid("agenda-next"));
    app.wait_for("the next item", WAIT, |a| current_key(a) != mikkel);

    // Item 4 likewise, then away at once.
    go(&mut app, "evaluering");
    app.wait_visible(by_testid("meval-coherent"));
    app.select_by_text(by_testid("meval-coherent"), "Nej");
    app.type_text(by_testid("meval-learning"), "Husk tolk til næste gang.");
    app.click(by_testid("agenda-prev"));
    app.wait_for("the item before", WAIT, |a| current_key(a) != "evaluering");

    let want = [
        "ja",
        "ubesvaret",
        "delvist",
        "Jeg blev hørt i dag.",
        "nej",
        "Husk tolk til næste gang.",
    ]
    .map(String::from);
    assert_eq!(shown(&mut app, &mikkel), want, "back in the items");
    wait_answers_saved(&mut app, "meval-save");
    look("answers-item4");
    go(&mut app, &mikkel);
    wait_answers_saved(&mut app, "eval-save");
    app.js(
        "document.activeElement?.blur(); document.getElementById('case-eval').scrollIntoView({block: 'center'});",
        vec![],
    );
    look("answers-case");

    // The app ends and starts again on the same data: everything is there.
    app.quit();
    let mut app = App::start(dir.path(), &[("FAELLES_DEMO", "1")]);
    open_upcoming_run(&mut app);
    assert_eq!(shown(&mut app, &mikkel), want, "after a restart");
    app.stop();
    drop(dir);
}
