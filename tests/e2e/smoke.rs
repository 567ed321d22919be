use crate::start_demo;
use faelles_tests::e2e::{by_testid, WAIT};

#[test]
fn smoke_demo_both_windows() {
    let mut t = start_demo();

    // Chair window (the harness starts there).
    let title = t.title();
    assert!(title.starts_with("Fælles Team"), "chair title is {title:?}");
    let rows = by_testid("meeting-row");
    t.wait_for("at least 4 meeting rows (3 held + 1 upcoming)", WAIT, |a| {
        a.count(&rows) >= 4
    });
    // FAELLES_DATA_DIR reached the app through tauri-driver and WebKitWebDriver.
    let files = std::fs::read_dir(t.dir.path())
        .expect("read the data dir")
        .count();
    assert!(files > 0, "the app wrote nothing into FAELLES_DATA_DIR");
    t.screenshot("smoke_demo_both_windows-chair.png");

    // Citizen screen window: exists from start, neutral.
    t.to_screen();
    let root = by_testid("screen-root");
    t.wait_visible(&root);
    t.wait_attr(&root, "data-state", "neutral");
    t.screenshot("smoke_demo_both_windows-screen.png");
}
