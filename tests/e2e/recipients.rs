//! Each recipient gets only what is theirs (issue 29), in the real app: the citizen's own
//! doctor added to a case whose consent covers only the fixed team is refused with the
//! message; a wider consent (ticked on the citizen's page) lets them in; their invitation
//! and calendar file are made from the preparation view; the citizen's page lists both, for
//! whom and when.

use crate::around::{file_from, open_upcoming_prep, pdftotext};
use crate::{start_demo, Running};
use faelles_tests::e2e::{by_testid, css, App, WAIT};
use std::path::Path;

fn in_case(case: &str, testid: &str) -> faelles_tests::e2e::Loc {
    css(&format!(
        "[data-testid=case-row][data-id=\"{case}\"] [data-testid={testid}]"
    ))
}

/// Opens the case's participants and adds its citizen's own doctor, Ida Lund.
fn add_gp(app: &mut App, case: &str) {
    let summary = css(&format!(
        "[data-testid=case-row][data-id=\"{case}\"] details.participants summary"
    ));
    if app
        .attr(
            css(&format!(
                "[data-testid=case-row][data-id=\"{case}\"] details.participants"
            )),
            "open",
        )
        .is_none()
    {
        app.click(&summary);
    }
    app.wait_visible(in_case(case, "case-adhoc-kind"));
    app.select_by_text(in_case(case, "case-adhoc-kind"), "Praktiserende læge");
    app.set_value(in_case(case, "case-adhoc-name"), "Ida Lund");
    app.set_value(in_case(case, "case-adhoc-phone"), "97 40 11 22");
    app.click(in_case(case, "case-adhoc-add"));
}

fn open_citizen(app: &mut App, name: &str) {
    crate::course::open_citizen_page(app, name);
    // The citizen's page is a profile: a new consent is registered under its fold.
    app.wait_visible(by_testid("citizen-profile"));
    app.click(css(".consent-new > summary"));
    app.wait_for("the new consent's form open", WAIT, |a| {
        a.js(
            "return document.querySelector('.consent-new').open && document.querySelector('[data-testid=consent-add]').checkVisibility();",
            vec![],
        ) == serde_json::json!(true)
    });
}

#[test]
fn the_citizen_s_doctor_needs_a_consent_that_names_them_and_then_gets_their_own_letters() {
    let Running { mut app, dir: _dir } = start_demo();
    open_upcoming_prep(&mut app);
    // The coming meeting: Mikkel first, Emma second. Emma's consent names the fixed team only.
    let ids = app.attrs(by_testid("case-row"), "data-id");
    assert_eq!(ids.len(), 2);
    let emma = ids[1].clone();

    add_gp(&mut app, &emma);
    let error = by_testid("error");
    app.wait_attr(&error, "data-kind", "ConsentScope");
    let message = app.text(&error);
    assert!(
        message.contains("Praktiserende læge") && message.contains("Registrér et nyt samtykke"),
        "{message}"
    );
    assert_eq!(app.count(in_case(&emma, "case-adhoc")), 0, "added anyway");

    // A wider consent, ticked on Emma's page: the fixed team's organisations are ticked
    // already; her own doctor is added.
    open_citizen(&mut app, "Emma Kirk");
    let rows = app.count(by_testid("consent-row"));
    let fixed = by_testid("consent-scope-kommunen");
    assert_eq!(app.attr(&fixed, "checked").as_deref(), Some("true"));
    app.click(by_testid("consent-scope-praktiserende_laege"));
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    app.set_value(by_testid("consent-add-given-on"), &today);
    app.click(by_testid("consent-add"));
    app.wait_count(by_testid("consent-row"), rows + 1);
    assert!(app
        .texts(by_testid("consent-recipients"))
        .iter()
        .any(|t| t.contains("Praktiserende læge")));

    // Back in the preparation: now she is accepted, and gets her own letters.
    app.click(by_testid("nav-meetings"));
    open_upcoming_prep(&mut app);
    add_gp(&mut app, &emma);
    app.wait_count(in_case(&emma, "case-adhoc"), 1);
    let gp = app
        .attr(in_case(&emma, "case-adhoc"), "data-id")
        .expect("the doctor's id");
    let button = |testid: &str| {
        css(&format!(
            "[data-testid={testid}][data-participant-id=\"{gp}\"]"
        ))
    };
    app.wait_visible(button("adhoc-invitation-pdf"));
    let pdf = file_from(&mut app, button("adhoc-invitation-pdf"), "");
    let text = pdftotext(Path::new(&pdf));
    assert!(
        text.contains("Til Ida Lund") && text.contains("Emma"),
        "{text}"
    );
    for other in ["Mikkel", "Kirk", "Peter Holm", "Karin"] {
        assert!(!text.contains(other), "{other} in: {text}");
    }
    let ics = file_from(&mut app, button("adhoc-ics"), &pdf);
    let event = std::fs::read_to_string(&ics).unwrap();
    assert!(event.contains("SUMMARY:Fælles Team – Emma"), "{event}");
    assert!(!event.contains("Mikkel"), "{event}");
    let list = app.text(by_testid("recipients-list"));
    assert!(list.contains("Ida Lund (Praktiserende læge)"), "{list}");

    // The citizen's page: what was made, when, for whom.
    open_citizen(&mut app, "Emma Kirk");
    app.wait_visible(by_testid("citizen-documents"));
    app.wait_for("the two files on Emma's page", WAIT, |a| {
        a.count(by_testid("citizen-document")) == 2
    });
    let rows = app.texts(by_testid("citizen-document"));
    assert!(
        rows[0].contains("Kalenderfil") && rows[0].contains("Ida Lund"),
        "{rows:?}"
    );
    assert!(
        rows[1].contains("Invitation") && rows[1].contains("Ida Lund"),
        "{rows:?}"
    );
    assert_eq!(
        app.attrs(by_testid("citizen-document"), "data-participant-id"),
        [gp.clone(), gp]
    );
    app.stop();
}
