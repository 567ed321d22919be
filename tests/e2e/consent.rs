use crate::start_demo;
use faelles_tests::e2e::{by_testid, App};

/// Picks the citizen called `name` in the case picker. The option's text may carry a note
/// after the name (e.g. "Sofie Dahl – samtykke mangler"); the name comes first.
fn pick_citizen(t: &App, name: &str) {
    t.select_where(
        by_testid("case-citizen"),
        &format!("for {name:?}"),
        |label| label == name || label.starts_with(&format!("{name} ")),
    );
}

#[test]
fn case_without_consent_shows_consent_missing() {
    let mut t = start_demo();
    // "Kommende møder" comes first: the first row is the upcoming meeting.
    t.click(
        by_testid("meeting-row")
            .first()
            .find(by_testid("meeting-open")),
    );
    t.click(by_testid("case-add"));
    let cases = by_testid("case-row");
    let before = t.attrs(&cases, "data-id");
    let error = by_testid("error");

    // No consent at all.
    pick_citizen(&t, "Sofie Dahl");
    t.click(by_testid("case-add-confirm"));
    t.wait_visible(&error);
    t.wait_attr(&error, "data-kind", "ConsentMissing");
    // Said where the chair acted too: under the picker, with the same kind.
    let local = by_testid("local-error");
    t.wait_attr(&local, "data-kind", "ConsentMissing");
    assert_eq!(
        t.js(
            "const l = document.querySelector('[data-testid=local-error]');\
             return l.previousElementSibling.contains(document.querySelector('[data-testid=case-add-confirm]'));",
            vec![]
        ),
        serde_json::json!(true),
        "the message right after the picker"
    );

    // Consent withdrawn.
    pick_citizen(&t, "Niels Bak");
    t.click(by_testid("case-add-confirm"));
    t.wait_attr(&error, "data-kind", "ConsentWithdrawn");
    assert!(t.is_visible(&error));

    assert_eq!(
        t.attrs(&cases, "data-id"),
        before,
        "a case was added anyway"
    );
}
