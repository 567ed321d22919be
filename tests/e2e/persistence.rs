use crate::{start_demo, Running};
use faelles_tests::e2e::{by_testid, css, App, WAIT};

/// The one id in `after` that is not in `before`.
fn new_id(before: &[String], after: &[String]) -> String {
    let new: Vec<_> = after.iter().filter(|id| !before.contains(id)).collect();
    assert_eq!(
        new.len(),
        1,
        "expected one new row; before {before:?}, after {after:?}"
    );
    new[0].clone()
}

fn row(testid: &str, id: &str) -> faelles_tests::e2e::Loc {
    css(&format!("[data-testid=\"{testid}\"][data-id=\"{id}\"]"))
}

#[test]
fn created_citizen_and_meeting_survive_restart() {
    let Running { mut app, dir } = start_demo();
    let today = chrono::Local::now().date_naive();

    // A citizen with consent given today.
    app.click(by_testid("nav-citizens"));
    let citizens = by_testid("citizen-row");
    app.wait_for("the demo citizens", WAIT, |a| a.count(&citizens) > 0);
    let before = app.attrs(&citizens, "data-id");
    app.click(by_testid("citizen-new"));
    app.type_text(by_testid("citizen-first-name"), "Åse");
    app.type_text(by_testid("citizen-last-name"), "Ørbæk");
    app.type_text(by_testid("citizen-cpr"), "010190-1234");
    app.set_value(
        by_testid("consent-given-on"),
        &today.format("%Y-%m-%d").to_string(),
    );
    app.click(by_testid("citizen-save"));
    app.wait_count(&citizens, before.len() + 1);
    let citizen = new_id(&before, &app.attrs(&citizens, "data-id"));
    let text = app.text(row("citizen-row", &citizen));
    assert!(text.contains("Åse Ørbæk"), "new citizen row reads {text:?}");

    // A meeting 60 days ahead at 09:30.
    app.click(by_testid("nav-meetings"));
    let meetings = by_testid("meeting-row");
    app.wait_for("the demo meetings", WAIT, |a| a.count(&meetings) >= 4);
    let before = app.attrs(&meetings, "data-id");
    app.click(by_testid("meeting-new"));
    let date = today + chrono::Duration::days(60);
    app.set_value(
        by_testid("meeting-date"),
        &date.format("%Y-%m-%d").to_string(),
    );
    app.set_value(by_testid("meeting-start"), "09:30");
    app.click(by_testid("meeting-save"));
    app.wait_count(&meetings, before.len() + 1);
    let meeting = new_id(&before, &app.attrs(&meetings, "data-id"));

    // Restart on the same data directory, without the demo switch.
    app.stop();
    let mut app = App::start(dir.path(), &[]);
    let title = app.title();
    assert!(
        title.starts_with("Fælles Team"),
        "chair title after restart: {title:?}"
    );
    app.wait_visible(row("meeting-row", &meeting));
    app.click(by_testid("nav-citizens"));
    app.wait_visible(row("citizen-row", &citizen));
    app.stop();
}

#[test]
fn text_typed_just_before_the_app_is_ended_is_there_after_restart() {
    use crate::meeting::{next_to, open_upcoming_run, value};
    let Running { mut app, dir } = start_demo();
    open_upcoming_run(&mut app);
    next_to(&mut app, "item 1", |k| k == "velkomst");
    next_to(&mut app, "item 2", |k| k == "tema");
    next_to(&mut app, "the first case", |k| k.starts_with("case:"));
    let typed = "Skrevet lige før computeren blev lukket";
    app.type_text(by_testid("section-netvaerk"), typed);
    // Ended at once (as at log-out), not waiting for the editor's save.
    app.quit();

    let mut app = App::start(dir.path(), &[]);
    open_upcoming_run(&mut app);
    app.wait_for("the first case", WAIT, |a| {
        crate::meeting::current_key(a).starts_with("case:")
    });
    app.wait_visible(by_testid("section-netvaerk"));
    assert_eq!(value(&app, "section-netvaerk"), typed);
    app.stop();
}
