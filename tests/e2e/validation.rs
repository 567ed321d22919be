use crate::start_demo;
use faelles_tests::e2e::{by_testid, WAIT};

#[test]
fn invalid_cpr_shows_typed_error() {
    let mut t = start_demo();
    t.click(by_testid("nav-citizens"));
    let rows = by_testid("citizen-row");
    t.wait_for("the demo citizens", WAIT, |a| a.count(&rows) > 0);
    let before = t.attrs(&rows, "data-id");

    t.click(by_testid("citizen-new"));
    t.type_text(by_testid("citizen-first-name"), "Test");
    t.type_text(by_testid("citizen-last-name"), "Forkert");
    // 32 January does not exist.
    t.type_text(by_testid("citizen-cpr"), "320190-1234");
    t.click(by_testid("citizen-save"));

    let error = by_testid("error");
    t.wait_visible(&error);
    t.wait_attr(&error, "data-kind", "InvalidCpr");
    assert_eq!(
        t.attrs(&rows, "data-id"),
        before,
        "a citizen row was added anyway"
    );
}
