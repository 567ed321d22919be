//! The whole product in one scripted meeting, only through the UI contract's hooks:
//! empty data dir → team set-up → citizens (two with consent, one without → ConsentMissing) →
//! a meeting → attendance → the agenda walked → two cases with notes, agreements and
//! evaluations, checking the citizen screen at each step (neutral, case, curtain, neutral;
//! never the other citizen) → close → both PDFs exported and read back → restart → all there.

use crate::meeting::{current_key, next_to, try_value, wait_answers_saved};
use crate::screen::{screen_stays_neutral, typing_reaches_the_screen_within_the_watch};
use crate::start_empty;
use faelles_tests::e2e::{by_testid, css, App, WAIT};
use std::process::Command;

/// What the citizen screen shows: its root's `data-state` (`neutral`, `case`, `curtain`).
pub fn screen_state(app: &mut App) -> String {
    app.to_screen();
    let s = app
        .try_attr(by_testid("screen-root"), "data-state")
        .unwrap_or_default();
    app.to_chair();
    s
}

fn screen_text(app: &mut App) -> String {
    app.to_screen();
    let t = app.js("return document.body.innerText;", vec![]);
    app.to_chair();
    t.as_str().unwrap_or_default().to_string()
}

/// Waits until the citizen screen's root has `data-state` = `state`.
pub fn wait_screen_state(app: &mut App, state: &str) {
    app.to_screen();
    app.wait_for(&format!("the screen to be {state}"), WAIT, |a| {
        a.try_attr(by_testid("screen-root"), "data-state")
            .as_deref()
            == Some(state)
    });
    app.to_chair();
}

fn add_citizen(app: &mut App, first: &str, last: &str, cpr: &str, consent: Option<&str>) {
    app.click(by_testid("citizen-new"));
    app.type_text(by_testid("citizen-first-name"), first);
    app.type_text(by_testid("citizen-last-name"), last);
    app.type_text(by_testid("citizen-cpr"), cpr);
    if let Some(d) = consent {
        app.set_value(by_testid("consent-given-on"), d);
    }
    let rows = app.count(by_testid("citizen-row"));
    app.click(by_testid("citizen-save"));
    app.wait_count(by_testid("citizen-row"), rows + 1);
}

fn add_case(app: &mut App, name: &str) {
    app.click(by_testid("case-add"));
    app.select_where(by_testid("case-citizen"), name, |l| l.starts_with(name));
    app.click(by_testid("case-add-confirm"));
}

fn case_step(app: &mut App, first: &str, other: &str, note: &str, agreement: &str) {
    // A new case is never on screen by itself.
    assert_eq!(screen_state(app), "neutral");
    app.wait_visible(by_testid("section-vigtigste"));
    app.click(by_testid("citizen-attendance").find(css(".seg:nth-child(1)")));
    app.type_text(by_testid("section-vigtigste"), note);
    let home = format!("{first} bor i egen lejlighed.");
    app.type_text(by_testid("section-bolig_hverdag"), &home);
    screen_stays_neutral(app, &format!("{first}'s notes"), &[note, &home]);
    app.click(by_testid("screen-show-case"));
    wait_screen_state(app, "case");
    app.to_screen();
    assert_eq!(app.text(by_testid("screen-citizen-name")), first);
    app.wait_for("the note on screen", WAIT, |a| {
        a.text(by_testid("screen-section-vigtigste")) == note
    });
    app.to_chair();
    // The control of the neutral watches: typed with the case on screen, text arrives within
    // the same watch.
    typing_reaches_the_screen_within_the_watch(app, "section-bolig_hverdag", " Med altan.");
    let text = screen_text(app);
    assert!(!text.contains(other), "the other citizen on screen: {text}");
    assert!(
        !text.contains("-****") && !text.contains("1234"),
        "CPR on screen: {text}"
    );

    // Curtain and back.
    app.click(by_testid("screen-curtain"));
    wait_screen_state(app, "curtain");
    assert_eq!(screen_text(app).trim(), "");
    app.click(by_testid("screen-curtain"));
    wait_screen_state(app, "case");

    app.click(by_testid("agreement-add"));
    app.type_text(by_testid("agreement-what"), agreement);
    app.select_where(by_testid("agreement-who"), "the citizen", |l| {
        l.contains("(borgeren)")
    });
    app.set_value(by_testid("agreement-due"), "2031-01-15");
    app.click(by_testid("agreement-save"));
    app.wait_count(by_testid("agreement-row"), 1);
    app.to_screen();
    app.wait_for("the agreement on screen", WAIT, |a| {
        a.text(by_testid("screen-agreements")).contains(agreement)
    });
    app.to_chair();

    app.select_by_text(by_testid("eval-involved"), "Ja");
    app.select_by_text(by_testid("eval-ownership"), "Ja");
    app.select_by_text(by_testid("eval-common-goals"), "Delvist");
    wait_answers_saved(app, "eval-save");
}

#[test]
fn one_scripted_meeting_from_empty_to_pdfs_and_restart() {
    let mut app = start_empty();
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();

    // Team set-up.
    app.click(by_testid("onboarding-setup"));
    app.type_text(by_testid("team-name"), "Fælles Team Nord");
    app.type_text(by_testid("team-municipality"), "Skive Kommune");
    app.type_text(
        by_testid("member-name-rusmiddelbehandlingen"),
        "Lone Tovholder",
    );
    app.type_text(by_testid("member-name-moedeleder"), "Mads Mødeleder");
    app.type_text(by_testid("member-name-visitator"), "Vera Visitator");
    app.click(by_testid("team-save"));
    app.wait_visible(by_testid("nav-citizens"));

    // Citizens.
    app.click(by_testid("nav-citizens"));
    add_citizen(&mut app, "Anna", "Andersen", "010190-1234", Some(&today));
    add_citizen(&mut app, "Bo", "Berg", "020285-2345", Some(&today));
    add_citizen(&mut app, "Cecilie", "Cort", "030375-3456", None);

    // A meeting today.
    app.click(by_testid("nav-meetings"));
    app.click(by_testid("meeting-new"));
    app.set_value(by_testid("meeting-date"), &today);
    app.set_value(by_testid("meeting-start"), "08:00");
    app.type_text(by_testid("meeting-theme"), "Bolig først");
    app.click(by_testid("meeting-save"));
    app.wait_count(by_testid("meeting-row"), 1);
    app.click(
        by_testid("meeting-row")
            .first()
            .find(by_testid("meeting-open")),
    );
    add_case(&mut app, "Anna Andersen");
    app.wait_count(by_testid("case-row"), 1);
    add_case(&mut app, "Bo Berg");
    app.wait_count(by_testid("case-row"), 2);
    add_case(&mut app, "Cecilie Cort");
    app.wait_attr(by_testid("error"), "data-kind", "ConsentMissing");
    assert_eq!(app.count(by_testid("case-row")), 2);

    // The agenda walk.
    app.click(by_testid("meeting-run"));
    next_to(&mut app, "item 1", |k| k == "velkomst");
    assert_eq!(screen_state(&mut app), "neutral");
    for row in app.attrs(by_testid("attendance-row"), "data-id") {
        app.click(by_testid(&format!("attendance-{row}")).find(css(".seg:nth-child(1)")));
    }
    next_to(&mut app, "item 2", |k| k == "tema");
    app.type_text(
        by_testid("theme-notes"),
        "Vi talte om Bolig først-modellen.",
    );
    screen_stays_neutral(
        &mut app,
        "the theme notes",
        &["Vi talte om Bolig først-modellen."],
    );
    let anna = next_to(&mut app, "Anna's case", |k| k.starts_with("case:"));
    case_step(
        &mut app,
        "Anna",
        "Bo",
        "Anna vil gerne i praktik.",
        "Anna ringer til jobcentret",
    );
    let bo = next_to(&mut app, "Bo's case", |k| {
        k.starts_with("case:") && k != anna
    });
    wait_screen_state(&mut app, "neutral");
    case_step(
        &mut app,
        "Bo",
        "Anna",
        "Bo ønsker ro omkring medicinen.",
        "Bo taler med lægen",
    );
    app.click(by_testid("screen-neutral"));
    wait_screen_state(&mut app, "neutral");
    next_to(&mut app, "item 4", |k| k == "evaluering");
    app.type_text(by_testid("meval-learning"), "Godt med skærmen.");
    app.select_by_text(by_testid("meval-coherent"), "Ja");
    wait_answers_saved(&mut app, "meval-save");
    next_to(&mut app, "item 5", |k| k == "eventuelt");
    app.click(by_testid("meeting-close"));
    app.wait_visible(by_testid("meeting-reopen"));
    assert_eq!(screen_state(&mut app), "neutral");

    // Both PDFs, read back.
    let mut citizen_pdfs = Vec::new();
    for case_key in [&anna, &bo] {
        let case_id = case_key.trim_start_matches("case:");
        let before = app
            .try_attr(by_testid("export-path"), "data-path")
            .unwrap_or_default();
        app.click(css(&format!(
            "[data-testid=export-citizen-pdf][data-case-id=\"{case_id}\"]"
        )));
        app.wait_for("the export path", WAIT, |a| {
            let p = a
                .try_attr(by_testid("export-path"), "data-path")
                .unwrap_or_default();
            !p.is_empty() && p != before
        });
        citizen_pdfs.push(app.attr(by_testid("export-path"), "data-path").unwrap());
    }
    app.click(by_testid("export-minutes-pdf"));
    app.wait_for("the minutes path", WAIT, |a| {
        a.try_attr(by_testid("export-path"), "data-path")
            .unwrap_or_default()
            .contains("Referat")
    });
    let minutes = app.attr(by_testid("export-path"), "data-path").unwrap();
    let text = |p: &str| {
        let out = Command::new("pdftotext")
            .args([p, "-"])
            .output()
            .expect("pdftotext");
        assert!(out.status.success(), "pdftotext {p}");
        String::from_utf8(out.stdout).unwrap()
    };
    let anna_pdf = text(&citizen_pdfs[0]);
    assert!(anna_pdf.contains("Anna vil gerne i praktik."), "{anna_pdf}");
    assert!(anna_pdf.contains("Anna ringer til jobcentret"));
    assert!(
        !anna_pdf.contains("Bo ") && !anna_pdf.contains("Berg"),
        "{anna_pdf}"
    );
    assert!(!anna_pdf.contains("1234") && !anna_pdf.contains("010190"));
    assert!(!anna_pdf.contains("UDKAST"), "the meeting is closed");
    let bo_pdf = text(&citizen_pdfs[1]);
    assert!(bo_pdf.contains("Bo ønsker ro omkring medicinen."));
    assert!(!bo_pdf.contains("Anna"));
    let minutes_text = text(&minutes);
    for s in [
        "Anna Andersen",
        "Bo Berg",
        "Vi talte om Bolig først-modellen.",
        "Godt med skærmen.",
    ] {
        assert!(minutes_text.contains(s), "{s} missing from the minutes");
    }
    assert!(!minutes_text.contains("010190") && !minutes_text.contains("020285"));

    // Restart: everything is still there.
    let dir = app.dir.path().to_path_buf();
    let crate::Running { app: old, dir: tmp } = app;
    old.stop();
    let mut app = App::start(&dir, &[]);
    app.wait_visible(by_testid("meeting-row"));
    assert_eq!(
        app.attr(by_testid("meeting-row"), "data-status").as_deref(),
        Some("closed")
    );
    app.click(
        by_testid("meeting-row")
            .first()
            .find(by_testid("meeting-open")),
    );
    app.click(by_testid("meeting-run"));
    app.click(css(&format!(
        "[data-testid=agenda-item][data-key=\"{bo}\"]"
    )));
    app.wait_for("Bo's notes", WAIT, |a| {
        try_value(a, "section-vigtigste").as_deref() == Some("Bo ønsker ro omkring medicinen.")
    });
    assert_eq!(app.count(by_testid("agreement-row")), 1);
    assert!(current_key(&app) == bo);
    app.click(by_testid("nav-citizens"));
    app.wait_count(by_testid("citizen-row"), 3);
    app.stop();
    drop(tmp);
}
