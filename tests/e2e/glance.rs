//! The chair's screen at a glance (issue 28): Danish dates whatever the machine's locale.

use crate::Running;
use faelles_tests::e2e::{by_testid, css, App, WAIT};

/// A date shown in a date field: «24.12.2026».
fn is_danish_date(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 10
        && b[2] == b'.'
        && b[5] == b'.'
        && s.chars().filter(char::is_ascii_digit).count() == 8
}

/// Started with an English (C) locale, the app still shows dates as «24.12.2026», reads what
/// the chair types that way, and says in Danish how to write a date typed another way.
#[test]
fn dates_are_danish_whatever_the_machines_locale() {
    let dir = crate::data_dir();
    let app = App::start(
        dir.path(),
        &[
            ("FAELLES_DEMO", "1"),
            ("LC_ALL", "C.UTF-8"),
            ("LANG", "C.UTF-8"),
        ],
    );
    let mut app = Running { app, dir };

    app.wait_visible(by_testid("nav-reports"));
    app.click(by_testid("nav-reports"));
    app.wait_visible(by_testid("report-from"));
    let from = app
        .attr(by_testid("report-from"), "value")
        .unwrap_or_default();
    assert!(is_danish_date(&from), "Fra shows {from:?}");

    // Typed the Danish way, then left: read, and the report follows.
    app.type_text(by_testid("report-to"), "24.12.2026");
    app.press("Tab");
    app.wait_attr(by_testid("report-to"), "data-iso", "2026-12-24");
    app.wait_for("the range to 24 December", WAIT, |a| {
        a.texts(css(".report-range ~ p.muted, p.muted"))
            .iter()
            .any(|t| t.contains("24. december 2026"))
    });
    assert_eq!(
        app.attr(by_testid("report-to"), "value").as_deref(),
        Some("24.12.2026")
    );

    // The American way: not taken; the field says how, in Danish, and is marked invalid.
    app.type_text(by_testid("report-from"), "12/24/2026");
    app.press("Tab");
    app.wait_attr(by_testid("report-from"), "aria-invalid", "true");
    let said = app.text(css("[data-testid=report-from] + .field-error"));
    assert!(
        said.contains("dag.måned.år") && said.contains("24.12.2026"),
        "{said}"
    );

    // A meeting planned with a Danish date and time is saved on that day.
    app.click(by_testid("nav-meetings"));
    app.click(by_testid("meeting-new"));
    app.type_text(by_testid("meeting-date"), "5.1.2027");
    app.press("Tab");
    assert_eq!(
        app.attr(by_testid("meeting-date"), "value").as_deref(),
        Some("05.01.2027")
    );
    app.type_text(by_testid("meeting-start"), "9.30");
    app.click(by_testid("meeting-save"));
    app.wait_for("the meeting of 5 January 2027", WAIT, |a| {
        a.texts(by_testid("meeting-row"))
            .iter()
            .any(|t| t.contains("5. januar 2027") && t.contains("09.30"))
    });
    app.app.stop();
}
