//! The citizen's course (issue 17) in the real app: on a demo citizen's page with three
//! earlier meetings and a coming one, the timeline has one entry per case (newest first, the
//! coming one marked), each with "Næste skridt", and the agreements with their histories.

use crate::around::look;
use crate::{start_demo, Running};
use faelles_tests::e2e::{by_testid, css, App, WAIT};

/// For a look at `selector`: what is above it is hidden (the webview without compositing under
/// Xvfb does not draw a scroll made by a script; a change of the page it does).
fn show(app: &App, selector: &str) {
    app.js(
        "const el = document.querySelector(arguments[0]);\
         document.querySelectorAll('.main form, [data-testid=citizen-timeline] > li')\
           .forEach((x) => { x.hidden = x.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING\
             && !x.contains(el); });\
         document.querySelector('.main').scrollIntoView();",
        vec![serde_json::json!(selector)],
    );
}

/// What has focus: its tag, its testid and its text.
fn focused(app: &App) -> serde_json::Value {
    app.js(
        "const a = document.activeElement;\
         return [a.tagName, a.dataset.testid || '', a.textContent.trim()];",
        vec![],
    )
}

/// From anywhere to the page of the citizen named `name` (Borgere, then their row).
pub fn open_citizen_page(app: &mut faelles_tests::e2e::App, name: &str) {
    app.click(by_testid("nav-citizens"));
    app.wait_visible(by_testid("citizen-row"));
    app.js(
        "Array.from(document.querySelectorAll('[data-testid=citizen-row] button'))\
         .find((b) => b.textContent.includes(arguments[0])).click();",
        vec![serde_json::json!(name)],
    );
}

/// The citizen's page (issue «The chair's screen at a glance», 7): a read-only profile, focus
/// on its heading, the consent's action a labelled button; «Rediger» opens the form, and
/// saving it comes back to the profile.
#[test]
fn the_citizens_page_is_a_profile_and_rediger_opens_the_form() {
    let Running { mut app, dir: _dir } = start_demo();
    open_citizen_page(&mut app, "Mikkel Sørensen");
    app.wait_visible(by_testid("citizen-edit"));
    app.wait_visible(by_testid("citizen-timeline"));
    assert_eq!(
        focused(&app),
        serde_json::json!(["H1", "citizen-name", "Mikkel Sørensen"]),
        "focus on the page's heading"
    );
    for field in [
        "citizen-first-name",
        "citizen-cpr",
        "citizen-save",
        "citizen-row",
    ] {
        assert_eq!(app.count(by_testid(field)), 0, "{field} on the profile");
    }
    let profile = app.text(by_testid("citizen-profile"));
    for fact in [
        "Kaldenavn",
        "Kontaktperson",
        "CPR-nummer",
        "120385-****",
        "Samtykke gyldigt",
    ] {
        assert!(profile.contains(fact), "{fact} not in {profile:?}");
    }
    assert_eq!(
        app.attr(by_testid("consent-state"), "data-state")
            .as_deref(),
        Some("gyldigt")
    );
    let withdraw = by_testid("consent-withdraw");
    assert_eq!(app.text(&withdraw), "Træk samtykke tilbage …");
    assert_eq!(
        app.js(
            "return document.querySelector('[data-testid=consent-withdraw]').tagName;",
            vec![]
        ),
        serde_json::json!("BUTTON")
    );
    look("citizen-profile");

    app.click(by_testid("citizen-edit"));
    app.wait_visible(by_testid("citizen-first-name"));
    assert_eq!(
        app.js("return document.activeElement.value;", vec![]),
        serde_json::json!("Mikkel")
    );
    assert_eq!(app.count(by_testid("citizen-edit")), 0);
    look("citizen-form");
    app.type_text(by_testid("citizen-screen-name"), "Mikki");
    app.click(by_testid("citizen-save"));
    app.wait_for("the profile again, with the kaldenavn", WAIT, |a| {
        a.count(by_testid("citizen-profile")) == 1
            && a.text(by_testid("citizen-profile")).contains("Mikki")
    });
    app.wait_for("focus on the heading again", WAIT, |a| {
        focused(a)[1] == serde_json::json!("citizen-name")
    });
    app.stop();
}

#[test]
fn the_citizens_page_shows_their_course_with_each_case_and_agreement_history() {
    let Running { mut app, dir: _dir } = start_demo();
    open_citizen_page(&mut app, "Mikkel Sørensen");
    let timeline = by_testid("citizen-timeline");
    app.wait_visible(&timeline);
    assert_eq!(app.attr(&timeline, "role"), None, "an ordinary list");
    let entry = by_testid("timeline-entry");
    app.wait_for("the four cases", WAIT, |a| a.count(&entry) == 4);
    let ids = app.attrs(&entry, "data-meeting-id");
    assert_eq!(ids.len(), 4);
    assert!(ids.iter().all(|id| id.len() == 36), "{ids:?}");
    let texts = app.texts(&entry);
    assert!(texts[0].contains("Kommende møde"), "{}", texts[0]);
    assert!(texts[1..].iter().all(|t| !t.contains("Kommende møde")));
    // Every earlier case has its "Næste skridt", attendance and the citizen's answers.
    for t in &texts[1..] {
        assert!(t.contains("Næste skridt"), "{t}");
        assert!(
            t.contains("Vi ses igen på næste møde") || t.contains("Opfølgning"),
            "{t}"
        );
        assert!(t.contains("Fremmøde"), "{t}");
        assert!(t.contains("Har du følt dig inddraget?"), "{t}");
    }
    // The first meeting's agreement on housing support: made, continues, done.
    let oldest = css("[data-testid=timeline-entry]:last-child");
    let history = app.texts(oldest.find(by_testid("agreement-history")));
    assert!(
        history.iter().any(|l| l.starts_with("Aftalt ")),
        "{history:?}"
    );
    assert!(
        history
            .iter()
            .any(|l| l.starts_with("Fortsætter – ") && l.ends_with(": Ansøgningen er startet")),
        "{history:?}"
    );
    assert!(
        history
            .iter()
            .any(|l| l.starts_with("Udført – ") && l.ends_with(": Bevilget")),
        "{history:?}"
    );
    // The course is read, not operated: the one control is "Forbered sagen" on the coming
    // case.
    let focusable: serde_json::Value = app.js(
        "return [...document.querySelector('[data-testid=citizen-timeline]')\
         .querySelectorAll('a, button, input, select, textarea, [tabindex]')]\
         .map((e) => e.dataset.testid || e.tagName);",
        vec![],
    );
    assert_eq!(focusable, serde_json::json!(["case-prepare"]));
    show(&app, "[data-testid=citizen-timeline]");
    look("course");
    show(&app, "[data-testid=timeline-entry]:nth-last-child(2)");
    look("course-oldest");
    // From the course to preparing the coming case: its notes, no meeting started.
    app.js(
        "document.querySelectorAll('[hidden]').forEach((x) => { x.hidden = false; });",
        vec![],
    );
    app.click(css(
        "[data-testid=citizen-timeline] [data-testid=case-prepare]",
    ));
    app.wait_visible(by_testid("section-vigtigste"));
    assert_eq!(app.count(by_testid("agenda-start")), 0, "not the run view");
    app.stop();
}
