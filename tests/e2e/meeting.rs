//! A whole meeting in the real app: attendance, theme notes, two cases with notes, a reviewed
//! carried-over agreement, an agreement and the citizen's evaluation, the meeting evaluation,
//! closing; after a restart every one of those reads back (non-default values, so that a lost
//! save cannot pass for a default) and the notes are locked.

use crate::{start_demo, Running};
use faelles_tests::e2e::{by_testid, css, App, Loc, WAIT};

pub fn current_key(app: &App) -> String {
    app.try_attr(
        css("[data-testid=agenda-item][data-current=true]"),
        "data-key",
    )
    .unwrap_or_default()
}

/// Clicks `agenda-next` and waits until the current item is the one `pred` accepts. The
/// first step starts the meeting: for a meeting not dated today the app asks first, and the
/// chair says yes.
pub fn next_to(app: &mut App, what: &str, pred: impl Fn(&str) -> bool) -> String {
    app.click(by_testid("agenda-next"));
    app.wait_for(what, WAIT, |a| {
        if a.is_visible(by_testid("start-other-day-confirm")) {
            a.click(by_testid("start-other-day-confirm"));
        }
        pred(&current_key(a))
    });
    current_key(app)
}

/// Opens the upcoming demo meeting (Mikkel and Emma on the agenda) in the run view.
pub fn open_upcoming_run(app: &mut App) {
    open_upcoming(app);
    app.click(by_testid("meeting-run"));
    app.wait_visible(by_testid("agenda-next"));
}

/// From the meeting list to the upcoming meeting's preparation view.
pub fn open_upcoming(app: &mut App) {
    let upcoming = css("[data-testid=meeting-row][data-past=false]");
    app.wait_visible(&upcoming);
    app.click(upcoming.find(by_testid("meeting-open")));
    app.wait_visible(by_testid("meeting-run"));
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

/// The value of the checked radio button in the segmented control `testid` (`Some("")` if
/// none is), `None` if there is no such control (absent is not "nothing chosen").
fn checked(app: &App, testid: &str) -> Option<String> {
    app.js(
        "const g = document.querySelector('[data-testid=\"' + arguments[0] + '\"]');\
         return g ? (g.querySelector('input:checked')?.value || '') : null;",
        vec![serde_json::json!(testid)],
    )
    .as_str()
    .map(str::to_string)
}

/// In a closed meeting: shows agenda item `key` and waits until it is the one on view (its
/// panel then renders afresh; wait for an element of it before reading).
fn view_item(app: &mut App, key: &str) {
    app.click(css(&format!(
        "[data-testid=agenda-item][data-key=\"{key}\"]"
    )));
    app.wait_for(&format!("item {key} on view"), WAIT, |a| {
        current_key(a) == key
    });
}

/// Waits until every answer of the evaluation block `block` (`eval-save` for the citizen's,
/// `meval-save` for the meeting's) is saved: each control `data-saved=true`, the block's
/// line and the panel's "Alt er gemt" `saved`.
pub fn wait_answers_saved(app: &mut App, block: &str) {
    app.wait_for(&format!("the answers of {block} saved"), WAIT, |a| {
        a.js(
            // Not vacuous: an empty list of answers is not "every answer saved".
            "const s = [...document.querySelectorAll('select[data-saved]')];\
             return s.length > 0 && s.every((s) => s.dataset.saved === 'true');",
            vec![],
        )
        .as_bool()
            == Some(true)
            && a.try_attr(by_testid(block), "data-state").as_deref() == Some("saved")
            && a.try_attr(by_testid("save-state"), "data-state").as_deref() == Some("saved")
    });
}

/// The current value of the form field with data-testid `testid`; fails if there is none
/// (for a wait, where it may not be there yet: [`try_value`]).
#[track_caller]
pub fn value(app: &App, testid: &str) -> String {
    try_value(app, testid)
        .unwrap_or_else(|| panic!("no form field {testid} on the page{}", app.diagnostics()))
}

/// The current value of the form field with data-testid `testid`, `None` if there is none.
pub fn try_value(app: &App, testid: &str) -> Option<String> {
    app.js(
        "return document.querySelector('[data-testid=\"' + arguments[0] + '\"]')?.value ?? null;",
        vec![serde_json::json!(testid)],
    )
    .as_str()
    .map(str::to_string)
}

#[test]
fn walk_a_whole_meeting_and_find_it_after_restart() {
    let Running { mut app, dir } = start_demo();
    open_upcoming_run(&mut app);

    // 1. Velkomst: attendance of the fixed members (none is recorded yet): one virtual, one
    // absent.
    let key = next_to(&mut app, "the meeting to start at item 1", |k| {
        k == "velkomst"
    });
    assert_eq!(key, "velkomst");
    let rows = by_testid("attendance-row");
    app.wait_for("attendance rows", WAIT, |a| a.count(&rows) >= 7);
    let ids = app.attrs(&rows, "data-id");
    let attendance = [
        (format!("attendance-{}", ids[0]), "Virtuelt", "virtual"),
        (format!("attendance-{}", ids[1]), "Fraværende", "absent"),
    ];
    for (group, label, want) in &attendance {
        assert_eq!(
            checked(&app, group).as_deref(),
            Some(""),
            "{group}: nothing recorded yet"
        );
        segment(&app, by_testid(group), label);
        app.wait_for(&format!("{group} marked {want}"), WAIT, |a| {
            checked(a, group).as_deref() == Some(*want)
        });
    }
    assert!(!app.text(by_testid("timer-meeting")).is_empty());
    assert!(app.text(by_testid("timer-item")).contains("af 5 min"));

    // 2. The month's theme.
    next_to(&mut app, "item 2", |k| k == "tema");
    let theme_notes = "Oplæg om boligsociale indsatser.";
    app.type_text(by_testid("theme-notes"), theme_notes);
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
    let reviewed = app.attrs(carried.clone().first(), "data-id")[0].clone();
    let review = |outcome: &str| {
        css(&format!(
            "[data-testid=carried-row][data-id=\"{reviewed}\"] [data-testid=review-{outcome}]"
        ))
    };
    assert_eq!(
        app.try_attr(review("done"), "aria-pressed").as_deref(),
        Some("false"),
        "the carried-over agreement is not reviewed yet"
    );
    app.click(review("done"));
    app.wait_for("the review to be marked", WAIT, |a| {
        a.try_attr(review("done"), "aria-pressed").as_deref() == Some("true")
    });
    app.click(by_testid("agreement-add"));
    app.type_text(by_testid("agreement-what"), "Ringe til boligkontoret");
    app.select_where(by_testid("agreement-who"), "the citizen", |l| {
        l.contains("(borgeren)")
    });
    app.click(by_testid("agreement-due-next"));
    app.click(by_testid("agreement-save"));
    app.wait_count(by_testid("agreement-row"), 1);
    // The citizen's evaluation: no answer is the default ("Ikke besvaret"); each answer and
    // the comment save themselves (there is no button).
    assert_eq!(
        value(&app, "eval-involved"),
        "ubesvaret",
        "no evaluation yet"
    );
    assert_eq!(app.count(css("#case-eval button")), 0, "no save button");
    app.select_by_text(by_testid("eval-involved"), "Ja");
    app.select_by_text(by_testid("eval-ownership"), "Delvist");
    app.select_by_text(by_testid("eval-common-goals"), "Nej");
    app.type_text(by_testid("eval-comment"), "Godt at se det skrevet.");
    wait_answers_saved(&mut app, "eval-save");

    // 3.2 Emma: a note; registered absent, so she cannot answer (the comment is kept).
    let emma = next_to(&mut app, "the second case", |k| {
        k.starts_with("case:") && k != mikkel
    });
    segment(&app, by_testid("citizen-attendance"), "Fraværende");
    app.wait_for("the answers off for an absent citizen", WAIT, |a| {
        a.attr(by_testid("eval-involved"), "disabled").is_some()
    });
    assert!(app.text(css("#case-eval")).contains("fraværende"));
    app.type_text(by_testid("section-vigtigste"), "Emma deltog ikke i dag.");
    app.type_text(by_testid("eval-comment"), "Emma var syg.");
    wait_saved(&mut app);

    // 4. The professionals' evaluation (saved as typed and chosen); 5. closing.
    next_to(&mut app, "item 4", |k| k == "evaluering");
    let meval = [
        ("meval-effects", "Klare aftaler."),
        ("meval-experiences", "Borgeren talte selv."),
        ("meval-learning", "Send dagsordenen tidligere."),
    ];
    for (testid, text) in meval {
        app.type_text(by_testid(testid), text);
    }
    app.select_by_text(by_testid("meval-coherent"), "Delvist");
    assert_eq!(app.count(css(".item-panel button")), 0, "no save button");
    wait_answers_saved(&mut app, "meval-save");
    next_to(&mut app, "item 5", |k| k == "eventuelt");
    app.wait_visible(by_testid("closing-check"));
    app.click(by_testid("meeting-close"));
    app.wait_visible(by_testid("meeting-reopen"));

    // Restart on the same data dir: everything is there, and locked.
    app.stop();
    let mut app = App::start(dir.path(), &[]);
    open_upcoming_or_held(&mut app);

    view_item(&mut app, "velkomst");
    app.wait_for("attendance rows", WAIT, |a| a.count(&rows) >= 7);
    for (group, _, want) in &attendance {
        assert_eq!(
            checked(&app, group).as_deref(),
            Some(*want),
            "{group} after the restart"
        );
    }

    view_item(&mut app, "tema");
    app.wait_visible(by_testid("theme-notes"));
    assert_eq!(value(&app, "theme-notes"), theme_notes);

    view_item(&mut app, &mikkel);
    app.wait_visible(by_testid("section-vigtigste"));
    assert_eq!(
        value(&app, "section-vigtigste"),
        "At få min egen bolig inden sommer."
    );
    assert_eq!(
        value(&app, "section-rusmiddel"),
        "Går til samtaler hver uge."
    );
    for (outcome, pressed) in [
        ("done", "true"),
        ("continues", "false"),
        ("dropped", "false"),
    ] {
        assert_eq!(
            app.try_attr(review(outcome), "aria-pressed").as_deref(),
            Some(pressed),
            "the carried-over agreement's review {outcome} after the restart"
        );
    }
    assert_eq!(app.count(by_testid("agreement-row")), 1);
    assert!(app
        .text(by_testid("agreement-row"))
        .contains("Ringe til boligkontoret"));
    assert_eq!(value(&app, "eval-involved"), "ja");
    assert_eq!(value(&app, "eval-ownership"), "delvist");
    assert_eq!(value(&app, "eval-common-goals"), "nej");
    assert_eq!(value(&app, "eval-comment"), "Godt at se det skrevet.");
    assert!(
        app.attr(by_testid("section-vigtigste"), "disabled")
            .is_some(),
        "notes are locked after closing"
    );

    view_item(&mut app, &emma);
    app.wait_visible(by_testid("section-vigtigste"));
    assert_eq!(value(&app, "section-vigtigste"), "Emma deltog ikke i dag.");
    for testid in ["eval-involved", "eval-ownership", "eval-common-goals"] {
        assert_eq!(
            value(&app, testid),
            "ubesvaret",
            "{testid}: Emma was absent, so not answered"
        );
    }
    assert_eq!(value(&app, "eval-comment"), "Emma var syg.");

    view_item(&mut app, "evaluering");
    app.wait_visible(by_testid("meval-effects"));
    for (testid, text) in meval {
        assert_eq!(value(&app, testid), text, "{testid} after the restart");
    }
    assert_eq!(value(&app, "meval-coherent"), "delvist");
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
