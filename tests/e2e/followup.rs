//! Between meetings (issue 17), in the real app: an agreement due yesterday is overdue in
//! Opfølgning; a mark made between meetings can be taken back; marked done there (with a comment), it is done in the citizen's next case
//! ("Siden sidst") and on the citizen screen; notes written in a prepared case do not start
//! the meeting or any clock, never reach the screen, and the agenda marks the case prepared.

use crate::around::look;
use crate::meeting::{next_to, wait_saved};
use crate::screen::{screen_stays_neutral, typing_reaches_the_screen_within_the_watch};
use crate::start_demo;
use faelles_tests::e2e::{by_testid, css, WAIT};

const DUE_YESTERDAY: &str = "Afdragsordning på huslejerestancen";

#[test]
fn overdue_in_follow_up_marked_done_shows_in_the_next_case_and_on_screen_and_preparing_starts_no_clock(
) {
    let mut app = start_demo();

    // Opfølgning: the agreement due yesterday is overdue.
    // Alt+O: the chair's key to Opfølgning.
    app.wait_visible(by_testid("nav-followup"));
    app.press("Alt+o");
    app.wait_attr(by_testid("nav-followup"), "aria-current", "page");
    app.wait_visible(by_testid("followup-row"));
    let row_of = |id: &str| {
        css(&format!(
            "[data-testid=followup-row][data-agreement-id=\"{id}\"]"
        ))
    };
    let ids = app.attrs(by_testid("followup-row"), "data-agreement-id");
    let texts = app.texts(by_testid("followup-row"));
    let at = texts
        .iter()
        .position(|t| t.contains(DUE_YESTERDAY))
        .unwrap_or_else(|| panic!("{DUE_YESTERDAY} not in {texts:?}"));
    let id = ids[at].clone();
    assert_eq!(
        app.attr(row_of(&id), "data-state").as_deref(),
        Some("overdue")
    );
    // The overdue filter keeps it; the responsible filter offers the organisation.
    app.click(by_testid("followup-overdue-only"));
    app.wait_for("only overdue rows", WAIT, |a| {
        let states = a.attrs(by_testid("followup-row"), "data-state");
        !states.is_empty() && states.iter().all(|s| s == "overdue")
    });
    assert_eq!(app.count(row_of(&id)), 1);
    app.select_by_text(by_testid("followup-responsible"), "Borgerservice");
    app.wait_for("Borgerservice's rows", WAIT, |a| {
        a.texts(by_testid("followup-row"))
            .iter()
            .all(|t| t.contains("Borgerservice") || t.contains(DUE_YESTERDAY))
    });
    look("followup-filtered");
    // The letter to Borgerservice.
    app.click(by_testid("followup-pdf"));
    app.wait_for("the letter's path", WAIT, |a| {
        a.attr(by_testid("export-path"), "data-path")
            .is_some_and(|p| p.ends_with(".pdf"))
    });
    app.select_by_text(by_testid("followup-responsible"), "Alle ansvarlige");
    app.click(by_testid("followup-overdue-only"));
    app.wait_for("all rows again", WAIT, |a| {
        a.attrs(by_testid("followup-row"), "data-state")
            .iter()
            .any(|s| s != "overdue")
    });

    // What needs acting on comes first: the first row is overdue, the parts come in their
    // order (overdue, due before the next meeting, the other open ones, closed lately), and
    // those closed lately are folded away until opened.
    let states = app.attrs(by_testid("followup-row"), "data-state");
    assert_eq!(
        states.first().map(String::as_str),
        Some("overdue"),
        "{states:?}"
    );
    let kinds = app.attrs(by_testid("followup-section"), "data-kind");
    let order = ["overdue", "before-next", "open", "closed"];
    let ranks: Vec<usize> = kinds
        .iter()
        .map(|k| order.iter().position(|o| o == k).expect("a known kind"))
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] < w[1]), "{kinds:?}");
    assert_eq!(
        kinds.last().map(String::as_str),
        Some("closed"),
        "{kinds:?}"
    );
    let closed_row =
        css("[data-testid=followup-section][data-kind=closed] [data-testid=followup-row]");
    // (WebKit lays a closed <details>' content out without painting it: checkVisibility says.)
    let folded = app.js(
        "const s = document.querySelector('[data-testid=followup-section][data-kind=closed]');\
         return s.tagName === 'DETAILS' && !s.open\
           && [...s.querySelectorAll('[data-testid=followup-row]')].every((r) => !r.checkVisibility());",
        vec![],
    );
    assert_eq!(
        folded,
        serde_json::json!(true),
        "closed rows are folded away"
    );
    app.click(css(
        "[data-testid=followup-section][data-kind=closed] > summary",
    ));
    app.wait_visible(closed_row);

    // A mark made between meetings can be taken back (two clicks): open again.
    let texts = app.texts(by_testid("followup-row"));
    let ids = app.attrs(by_testid("followup-row"), "data-agreement-id");
    let dentist = ids[texts.iter().position(|t| t.contains("tandlægen")).unwrap()].clone();
    assert_eq!(
        app.attr(row_of(&dentist), "data-state").as_deref(),
        Some("done")
    );
    app.click(row_of(&dentist).find(by_testid("followup-reopen")));
    app.click(row_of(&dentist).find(by_testid("followup-reopen")));
    app.wait_attr(row_of(&dentist), "data-state", "overdue");

    // Marked done with a comment: the dialog takes it, focus comes back to the row.
    app.click(row_of(&id).find(by_testid("followup-mark-done")));
    app.wait_visible(by_testid("followup-dialog"));
    app.type_text(by_testid("followup-comment"), "Aftalen er underskrevet");
    look("followup-dialog");
    app.click(by_testid("followup-confirm"));
    app.wait_attr(row_of(&id), "data-state", "done");
    app.wait_for("focus back on the marked row", WAIT, |a| {
        a.js(
            "return document.activeElement?.dataset?.agreementId || '';",
            vec![],
        ) == serde_json::json!(id)
    });
    assert!(app.text(row_of(&id)).contains("Aftalen er underskrevet"));
    look("followup-done");

    // The coming meeting: prepare Mikkel's case first. Writing starts nothing.
    app.click(by_testid("nav-meetings"));
    let upcoming = css("[data-testid=meeting-row][data-past=false]");
    app.wait_visible(&upcoming);
    app.click(upcoming.find(by_testid("meeting-open")));
    app.wait_visible(by_testid("case-prepare"));
    let case_id = app
        .attr(by_testid("case-prepare").first(), "data-case-id")
        .unwrap();
    app.click(by_testid("case-prepare").first());
    app.wait_visible(by_testid("section-vigtigste"));
    assert_eq!(
        app.count(by_testid("screen-show-case")),
        0,
        "no screen while preparing"
    );
    app.type_text(by_testid("section-vigtigste"), "Skrevet før mødet");
    screen_stays_neutral(&mut app, "a prepared case", &["Skrevet før mødet"]);
    wait_saved(&mut app);
    look("prepare");
    app.click(by_testid("prepare-back"));
    app.wait_visible(css(&format!(
        "[data-testid=case-prepared][data-case-id=\"{case_id}\"]"
    )));
    // Not started: the meeting still offers "Start mødet", and no item clock has run.
    app.click(by_testid("meeting-run"));
    app.wait_visible(by_testid("agenda-start"));
    let key = format!("case:{case_id}");
    let status = css(&format!(".agenda .status[data-key=\"{key}\"]"));
    assert!(
        app.text(&status).starts_with("Forberedt"),
        "{}",
        app.text(&status)
    );
    assert!(
        app.text(by_testid("timer-meeting")).starts_with("Møde: "),
        "{}",
        app.text(by_testid("timer-meeting"))
    );

    // In the meeting: Siden sidst shows the review done, and so does the citizen screen.
    next_to(&mut app, "item 1", |k| k == "velkomst");
    next_to(&mut app, "item 2", |k| k == "tema");
    next_to(&mut app, "Mikkel's case", |k| k == key);
    let carried = css(&format!("[data-testid=carried-row][data-id=\"{id}\"]"));
    app.wait_visible(&carried);
    assert_eq!(
        app.attr(carried.find(by_testid("review-done")), "aria-pressed")
            .as_deref(),
        Some("true")
    );
    assert_eq!(
        app.attr(by_testid("section-vigtigste"), "value")
            .unwrap_or_default(),
        "Skrevet før mødet"
    );
    app.click(by_testid("screen-show-case"));
    app.to_screen();
    app.wait_visible(by_testid("screen-review"));
    let item = css("[data-testid=screen-review] li[data-state=done]");
    app.wait_for("the review on screen", WAIT, |a| {
        a.texts(&item).iter().any(|t| t.contains(DUE_YESTERDAY))
    });
    let review = app.text(by_testid("screen-review"));
    assert!(review.contains("Klaret"), "{review}");
    assert!(
        !review.contains("underskrevet"),
        "a review comment on screen: {review}"
    );
    app.to_chair();
    look("screen-review");
    // The control of the neutral watch above: typed with the case on screen, text arrives
    // within the same watch.
    typing_reaches_the_screen_within_the_watch(&mut app, "section-vigtigste", " Og nu på skærmen.");
}

/// Opfølgning by keys only: Alt+O lands on its heading, Tab reaches the filters and a row's
/// "Udført …"; Enter opens the dialog with focus in the comment, Tab stays inside it, Esc
/// closes it with nothing marked and focus back on the button that opened it.
#[test]
fn follow_up_by_keys_the_dialog_holds_focus_and_gives_it_back() {
    let mut app = start_demo();
    app.activate_chair();
    app.wait_visible(by_testid("nav-followup"));
    app.press("Alt+o");
    app.wait_visible(by_testid("followup-row"));
    app.wait_for("focus on the heading", WAIT, |a| a.focus_is("h1"));
    app.tab_until("[data-testid=followup-responsible]", 10, false);
    app.tab_until("[data-testid=followup-mark-done]", 30, false);
    let row = app
        .js(
            "return document.activeElement.closest('[data-testid=followup-row]').dataset.agreementId;",
            vec![],
        )
        .as_str()
        .unwrap()
        .to_string();
    app.press("Enter");
    app.wait_visible(by_testid("followup-dialog"));
    app.wait_for("focus in the comment", WAIT, |a| {
        a.focus_is("[data-testid=followup-comment]")
    });
    for want in ["followup-cancel", "followup-confirm", "followup-comment"] {
        app.press("Tab");
        let sel = format!("[data-testid={want}]");
        app.wait_for(&format!("Tab to {want}"), WAIT, |a| a.focus_is(&sel));
    }
    app.press("Escape");
    app.wait_for("the dialog closed", WAIT, |a| {
        a.count(by_testid("followup-dialog")) == 0
    });
    let back = format!("[data-agreement-id=\"{row}\"] [data-testid=followup-mark-done]");
    app.wait_for("focus back on Udført …", WAIT, |a| a.focus_is(&back));
    let state = app.attr(
        css(&format!(
            "[data-testid=followup-row][data-agreement-id=\"{row}\"]"
        )),
        "data-state",
    );
    assert!(
        matches!(state.as_deref(), Some("open" | "overdue")),
        "{state:?}"
    );
}
