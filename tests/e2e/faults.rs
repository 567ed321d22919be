//! Faults around the app itself: a second start on the same data does not open the database
//! twice; it asks the running app to come forward and exits.

use crate::start_demo;
use faelles_tests::e2e::{app_binary, by_testid, WAIT};
use std::time::{Duration, Instant};

#[test]
fn second_start_focuses_the_running_app_and_exits() {
    let mut app = start_demo();
    app.wait_visible(by_testid("meeting-row"));
    let rows = app.count(by_testid("meeting-row"));
    let started = Instant::now();
    let out = std::process::Command::new(app_binary())
        .env("FAELLES_DATA_DIR", app.dir.path())
        .output()
        .expect("start a second instance");
    assert!(out.status.success(), "{out:?}");
    assert!(started.elapsed() < Duration::from_secs(10));
    let msg = String::from_utf8_lossy(&out.stderr);
    assert!(msg.contains("kører allerede"), "{msg}");
    // The first app is unharmed and still works.
    app.click(by_testid("nav-citizens"));
    app.wait_for("the citizen list", WAIT, |a| {
        a.count(by_testid("citizen-row")) == 8
    });
    app.click(by_testid("nav-meetings"));
    app.wait_count(by_testid("meeting-row"), rows);
}
