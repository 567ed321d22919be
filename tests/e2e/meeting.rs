//! A whole meeting in the real app: attendance, theme notes, two cases with notes, an
//! agreement and the citizen's evaluation, the meeting evaluation, closing; after a restart
//! everything is still there and the notes are locked.

use crate::{start_demo, Running};
use faelles_tests::e2e::{by_testid, css, App, Loc, WAIT};

pub fn current_key(app: &App) -> String {
    app.try_attr(
        css("[data-testid=agenda-item][data-current=true]"),
        "data-key",
    )
    .unwrap_or_default()
}

/// Clicks `agenda-next` and waits until the current item is the one `pred` accepts.
pub fn next_to(app: &mut App, what: &str, pred: impl Fn(&str) -> bool) -> String {
    app.click(by_testid("agenda-next"));
    app.wait_for(what, WAIT, |a| pred(&current_key(a)));
    current_key(app)
}

/// Opens the upcoming demo meeting (Mikkel and Emma on the agenda) in the run view.
pub fn open_upcoming_run(app: &mut App) {
    let upcoming = css("[data-testid=meeting-row][data-past=false]");
    app.wait_visible(&upcoming);
    app.click(upcoming.find(by_testid("meeting-open")));
    app.click(by_testid("meeting-run"));
    app.wait_visible(by_testid("agenda-next"));
}

pub fn wait_saved(app: &mut App) {
    app.wait_attr(by_testid("save-state"), "data-state", "saved");
}

/// Clicks the segment labelled `label` in a segmented control.
fn segment(app: &App, group: Loc, label: &str) {
    let n = match label {
        "Til stede" => 1,
        "Virtuelt" => 2,
        _ => 3,
    };
    app.click(group.find(css(&format!(".seg:nth-child({n})"))));
}

/// The current value of the form field with data-testid `testid`.
pub fn value(app: &App, testid: &str) -> String {
    app.js(
        "return document.querySelector('[data-testid=\"' + arguments[0] + '\"]')?.value ?? '';",
        vec![serde_json::json!(testid)],
    )
    .as_str()
    .unwrap_or_default()
    .to_string()
}

#[test]
fn walk_a_whole_meeting_and_find_it_after_restart() {
    let Running { mut app, dir } = start_demo();
    open_upcoming_run(&mut app);

    // 1. Velkomst: attendance of the fixed members.
    let key = next_to(&mut app, "the meeting to start at item 1", |k| {
        k == "velkomst"
    });
    assert_eq!(key, "velkomst");
    let rows = by_testid("attendance-row");
    app.wait_for("attendance rows", WAIT, |a| a.count(&rows) >= 7);
    let first = app.attrs(&rows, "data-id")[0].clone();
    segment(&app, by_testid(&format!("attendance-{first}")), "Virtuelt");
    app.wait_for("the first member marked virtual", WAIT, |a| {
        a.js(
            "return document.querySelector('[data-testid=\"attendance-' + arguments[0] + '\"] input:checked')?.value || '';",
            vec![serde_json::json!(first)],
        ) == "virtual"
    });
    assert!(!app.text(by_testid("timer-meeting")).is_empty());
    assert!(app.text(by_testid("timer-item")).contains("af 5 min"));

    // 2. The month's theme.
    next_to(&mut app, "item 2", |k| k == "tema");
    app.type_text(by_testid("theme-notes"), "Oplæg om boligsociale indsatser.");
    wait_saved(&mut app);

    // 3.1 Mikkel: notes, Siden sidst, an agreement, the evaluation.
    let mikkel = next_to(&mut app, "the first case", |k| k.starts_with("case:"));
    app.wait_visible(by_testid("section-vigtigste"));
    segment(&app, by_testid("citizen-attendance"), "Til stede");
    app.type_text(
        by_testid("section-vigtigste"),
        "At få min egen bolig inden sommer.",
    );
    app.type_text(by_testid("section-rusmiddel"), "Går til samtaler hver uge.");
    wait_saved(&mut app);
    // Carried-over agreements from the last meeting: mark the first one done.
    let carried = by_testid("carried-row");
    app.wait_for("carried-over agreements", WAIT, |a| a.count(&carried) >= 1);
    app.click(carried.clone().first().find(by_testid("review-done")));
    app.wait_for("the review to be marked", WAIT, |a| {
        a.try_attr(
            carried.clone().first().find(by_testid("review-done")),
            "aria-pressed",
        )
        .as_deref()
            == Some("true")
    });
    app.click(by_testid("agreement-add"));
    app.type_text(by_testid("agreement-what"), "Ringe til boligkontoret");
    app.select_where(by_testid("agreement-who"), "the citizen", |l| {
        l.contains("(borgeren)")
    });
    app.click(by_testid("agreement-due-next"));
    app.click(by_testid("agreement-save"));
    app.wait_count(by_testid("agreement-row"), 1);
    app.select_by_text(by_testid("eval-involved"), "Ja");
    app.select_by_text(by_testid("eval-ownership"), "Delvist");
    app.select_by_text(by_testid("eval-common-goals"), "Ja");
    app.type_text(by_testid("eval-comment"), "Godt at se det skrevet.");
    app.click(by_testid("eval-save"));
    app.wait_for("the evaluation saved", WAIT, |a| {
        a.text(css("#case-eval [role=status]")).contains("gemt")
    });

    // 3.2 Emma: a note; absent, so her evaluation is recorded as not answered.
    let emma = next_to(&mut app, "the second case", |k| {
        k.starts_with("case:") && k != mikkel
    });
    segment(&app, by_testid("citizen-attendance"), "Fraværende");
    app.type_text(by_testid("section-vigtigste"), "Emma deltog ikke i dag.");
    wait_saved(&mut app);
    app.click(by_testid("eval-save"));

    // 4. The professionals' evaluation; 5. closing.
    next_to(&mut app, "item 4", |k| k == "evaluering");
    app.type_text(by_testid("meval-effects"), "Klare aftaler.");
    app.select_by_text(by_testid("meval-coherent"), "Ja");
    app.click(by_testid("meval-save"));
    next_to(&mut app, "item 5", |k| k == "eventuelt");
    app.wait_visible(by_testid("closing-check"));
    app.click(by_testid("meeting-close"));
    app.wait_visible(by_testid("meeting-reopen"));

    // Restart on the same data dir: everything is there, and locked.
    app.stop();
    let mut app = App::start(dir.path(), &[]);
    open_upcoming_or_held(&mut app);
    app.click(css(&format!(
        "[data-testid=agenda-item][data-key=\"{mikkel}\"]"
    )));
    app.wait_visible(by_testid("section-vigtigste"));
    assert_eq!(
        value(&app, "section-vigtigste"),
        "At få min egen bolig inden sommer."
    );
    assert_eq!(
        value(&app, "section-rusmiddel"),
        "Går til samtaler hver uge."
    );
    assert_eq!(app.count(by_testid("agreement-row")), 1);
    assert!(app
        .text(by_testid("agreement-row"))
        .contains("Ringe til boligkontoret"));
    assert_eq!(value(&app, "eval-comment"), "Godt at se det skrevet.");
    assert!(
        app.attr(by_testid("section-vigtigste"), "disabled")
            .is_some(),
        "notes are locked after closing"
    );
    app.click(css(&format!(
        "[data-testid=agenda-item][data-key=\"{emma}\"]"
    )));
    app.wait_for("Emma's case", WAIT, |a| {
        a.js(
            "return document.querySelector('[data-testid=section-vigtigste]')?.value || '';",
            vec![],
        ) == "Emma deltog ikke i dag."
    });
    assert_eq!(value(&app, "eval-involved"), "ubesvaret");
    app.stop();
    drop(dir);
}

/// After closing, the demo meeting is still first in the list (it is in the future).
fn open_upcoming_or_held(app: &mut App) {
    let row = css("[data-testid=meeting-row][data-status=closed][data-past=false]");
    app.wait_visible(&row);
    app.click(row.find(by_testid("meeting-open")));
    app.click(by_testid("meeting-run"));
    app.wait_visible(by_testid("agenda-item"));
}
