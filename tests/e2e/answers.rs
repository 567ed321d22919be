//! Every answer kept: the citizen's evaluation and the professionals' (item 4) save
//! themselves as they are chosen and typed. Chosen, the item left at once without pressing
//! anything, back: still chosen; the same after a restart.

use crate::around::look;
use crate::meeting::{current_key, next_to, open_upcoming_run, value, wait_answers_saved};
use crate::{start_demo, Running};
use faelles_tests::e2e::{by_testid, css, App, WAIT};

/// Shows agenda item `key` (a click on it in the agenda) and waits until it is current.
fn go(app: &mut App, key: &str) {
    app.click(css(&format!(
        "[data-testid=agenda-item][data-key=\"{key}\"]"
    )));
    app.wait_for(&format!("item {key}"), WAIT, |a| current_key(a) == key);
}

/// The citizen's answers and own words, and item 4's answer and learning points, as shown.
fn shown(app: &mut App, case: &str) -> [String; 6] {
    go(app, case);
    app.wait_visible(by_testid("eval-involved"));
    let citizen = [
        "eval-involved",
        "eval-ownership",
        "eval-common-goals",
        "eval-comment",
    ]
    .map(|t| value(app, t));
    go(app, "evaluering");
    app.wait_visible(by_testid("meval-coherent"));
    [
        citizen[0].clone(),
        citizen[1].clone(),
        citizen[2].clone(),
        citizen[3].clone(),
        value(app, "meval-coherent"),
        value(app, "meval-learning"),
    ]
}

#[test]
fn answers_chosen_and_left_at_once_are_there_when_back_and_after_a_restart() {
    let Running { mut app, dir } = start_demo();
    open_upcoming_run(&mut app);
    next_to(&mut app, "item 1", |k| k == "velkomst");
    next_to(&mut app, "item 2", |k| k == "tema");
    let mikkel = next_to(&mut app, "Mikkel's case", |k| k.starts_with("case:"));
    app.wait_visible(by_testid("eval-involved"));
    assert_eq!(value(&app, "eval-involved"), "ubesvaret");

    // Chosen and typed, then straight on to the next item: no button, no wait.
    app.select_by_text(by_testid("eval-involved"), "Ja");
    app.select_by_text(by_testid("eval-common-goals"), "Delvist");
    app.type_text(by_testid("eval-comment"), "Jeg blev hørt i dag.");
    app.click(by_testid("agenda-next"));
    app.wait_for("the next item", WAIT, |a| current_key(a) != mikkel);

    // Item 4 likewise, then away at once.
    go(&mut app, "evaluering");
    app.wait_visible(by_testid("meval-coherent"));
    app.select_by_text(by_testid("meval-coherent"), "Nej");
    app.type_text(by_testid("meval-learning"), "Husk tolk til næste gang.");
    app.click(by_testid("agenda-prev"));
    app.wait_for("the item before", WAIT, |a| current_key(a) != "evaluering");

    let want = [
        "ja",
        "ubesvaret",
        "delvist",
        "Jeg blev hørt i dag.",
        "nej",
        "Husk tolk til næste gang.",
    ]
    .map(String::from);
    assert_eq!(shown(&mut app, &mikkel), want, "back in the items");
    wait_answers_saved(&mut app, "meval-save");
    look("answers-item4");
    go(&mut app, &mikkel);
    wait_answers_saved(&mut app, "eval-save");
    app.js(
        "document.activeElement?.blur(); document.getElementById('case-eval').scrollIntoView({block: 'center'});",
        vec![],
    );
    look("answers-case");

    // The app ends and starts again on the same data: everything is there.
    app.quit();
    let mut app = App::start(dir.path(), &[("FAELLES_DEMO", "1")]);
    open_upcoming_run(&mut app);
    assert_eq!(shown(&mut app, &mikkel), want, "after a restart");
    app.stop();
    drop(dir);
}

/// An answer chosen on a full disk is not lost: the control says it is not saved, the
/// panel's line and the banner say why, the choice stays when the case is left and shown
/// again, and the retry saves it once there is room.
#[test]
fn an_answer_chosen_on_a_full_disk_is_kept_retried_and_saved() {
    let base = tempfile::Builder::new()
        .prefix("faelles-e2e-full-")
        .tempdir()
        .unwrap();
    let dir = base.path().join("data");
    let mount = match faelles_tests::fsfault::Mount::tmpfs(&dir, 8 * 1024) {
        Ok(m) => m,
        Err(e) => {
            return faelles_tests::skip(&format!(
                "cannot mount a tmpfs here: {e}; the test command runs as root"
            ))
        }
    };
    let mut app = App::start(&dir, &[("FAELLES_DEMO", "1")]);
    open_upcoming_run(&mut app);
    next_to(&mut app, "item 1", |k| k == "velkomst");
    next_to(&mut app, "item 2", |k| k == "tema");
    let mikkel = next_to(&mut app, "Mikkel's case", |k| k.starts_with("case:"));
    app.wait_visible(by_testid("eval-involved"));

    let filler = faelles_tests::fsfault::fill(&dir);
    app.select_by_text(by_testid("eval-involved"), "Ja");
    app.wait_attr(by_testid("error"), "data-kind", "DiskFull");
    app.wait_attr(by_testid("eval-save"), "data-state", "error");
    assert_eq!(
        app.attr(by_testid("eval-involved"), "data-saved")
            .as_deref(),
        Some("false")
    );
    assert_eq!(
        app.attr(by_testid("save-state"), "data-state").as_deref(),
        Some("error")
    );

    // Away to another view and back while the disk is still full (moving on in the agenda
    // writes too): the choice is shown, still not saved.
    app.click(by_testid("nav-citizens"));
    app.wait_visible(by_testid("citizen-row"));
    app.click(by_testid("nav-meetings"));
    open_upcoming_run(&mut app);
    app.wait_for("Mikkel's case", WAIT, |a| current_key(a) == mikkel);
    app.wait_visible(by_testid("eval-involved"));
    assert_eq!(value(&app, "eval-involved"), "ja");
    assert_eq!(
        app.attr(by_testid("eval-involved"), "data-saved")
            .as_deref(),
        Some("false")
    );

    // Room again: the retry saves it, and the banner goes by itself.
    std::fs::remove_file(filler).unwrap();
    wait_answers_saved(&mut app, "eval-save");
    app.wait_for("the DiskFull message to go", WAIT, |a| {
        !a.is_visible(by_testid("error"))
    });
    app.quit();
    let mut app = App::start(&dir, &[]);
    open_upcoming_run(&mut app);
    go(&mut app, &mikkel);
    app.wait_visible(by_testid("eval-involved"));
    assert_eq!(value(&app, "eval-involved"), "ja", "after a restart");
    app.stop();
    drop(mount);
    drop(base);
}

/// Item 4 by organisation: the municipality and the region each answer and note their own
/// learning point; each stays in its own block (also after leaving item 4), the minutes (read
/// back) give each under its organisation, and so does Rapporter; the «Evalueringsdata» file
/// made from Rapporter, read back, holds no name, no CPR and the region's learning point only
/// once the chair has ticked it as read through.
#[test]
fn two_organisations_answer_item_4_each_for_itself_and_the_minutes_and_report_say_who_said_what() {
    let Running { mut app, dir: _dir } = start_demo();
    open_upcoming_run(&mut app);
    next_to(&mut app, "item 1", |k| k == "velkomst");
    go(&mut app, "evaluering");
    let block = |org: &str, testid: &str| {
        css(&format!(
            "[data-testid=actor-evaluation][data-organisation={org}] [data-testid={testid}]"
        ))
    };
    app.wait_visible(block("region", "meval-coherent"));
    assert_eq!(
        app.count(by_testid("actor-evaluation")),
        3,
        "Kommunen, Regionspsykiatrien, Andre deltagere"
    );
    app.select_by_text(block("kommune", "meval-coherent"), "Ja");
    app.type_text(
        block("kommune", "meval-learning"),
        "Kommunen: ring før mødet.",
    );
    app.select_by_text(block("region", "meval-coherent"), "Delvist");
    app.type_text(
        block("region", "meval-learning"),
        "Regionen: send epikrisen.",
    );
    wait_answers_saved(&mut app, "meval-save");
    go(&mut app, "velkomst");
    go(&mut app, "evaluering");
    app.wait_visible(block("region", "meval-coherent"));
    let shown = |app: &App, org: &str| {
        let read = |testid: &str| {
            app.js(
                &format!(
                    "return document.querySelector('[data-testid=actor-evaluation]\
                     [data-organisation={org}] [data-testid={testid}]').value;"
                ),
                vec![],
            )
            .as_str()
            .unwrap_or_default()
            .to_string()
        };
        (read("meval-coherent"), read("meval-learning"))
    };
    assert_eq!(
        shown(&app, "kommune"),
        ("ja".into(), "Kommunen: ring før mødet.".into())
    );
    assert_eq!(
        shown(&app, "region"),
        ("delvist".into(), "Regionen: send epikrisen.".into())
    );
    assert_eq!(shown(&app, "andre"), (String::new(), String::new()));
    look("item4-by-organisation");

    // Closed, the minutes made and read back: each answer under its organisation.
    next_to(&mut app, "item 5", |k| k == "eventuelt");
    app.click(by_testid("meeting-close"));
    app.wait_visible(by_testid("meeting-reopen"));
    app.click(by_testid("export-minutes-pdf"));
    app.wait_for("the minutes path", WAIT, |a| {
        a.try_attr(by_testid("export-path"), "data-path")
            .unwrap_or_default()
            .contains("Referat")
    });
    let minutes = app.attr(by_testid("export-path"), "data-path").unwrap();
    let out = std::process::Command::new("pdftotext")
        .args([&minutes, "-"])
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&out.stdout);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let kommune = flat
        .find("Svar fra: Kommunen")
        .expect("the municipality's block");
    let region = flat
        .find("Svar fra: Regionspsykiatrien")
        .expect("the region's block");
    assert!(kommune < region, "{flat}");
    let (k, r) = (&flat[kommune..region], &flat[region..]);
    assert!(
        k.contains("Kommunen: ring før mødet.") && k.contains("forløb? Ja"),
        "{k}"
    );
    assert!(
        r.contains("Regionen: send epikrisen.") && r.contains("forløb? Delvist"),
        "{r}"
    );
    assert!(!k.contains("Regionen: send epikrisen."), "{k}");

    // Rapporter, up to the meeting (it is dated after today): each organisation's answers,
    // the demo's three meetings and this one.
    app.click(by_testid("nav-reports"));
    app.wait_visible(by_testid("report-by-organisation"));
    let later = (chrono::Local::now().date_naive() + chrono::Duration::days(60)).to_string();
    app.set_value(by_testid("report-to"), &later);
    let org = |o: &str| {
        css(&format!(
            "[data-testid=report-by-organisation] .org-block[data-organisation={o}] tbody tr"
        ))
    };
    app.wait_for("this meeting in the report", WAIT, |a| {
        a.count(org("kommune")) == 1 && a.text(org("kommune")).contains("4")
    });
    let cells = |app: &App, o: &str| -> Vec<String> {
        app.texts(css(&format!(
            "[data-testid=report-by-organisation] .org-block[data-organisation={o}] tbody tr td"
        )))
        .iter()
        .map(|t| t.split_whitespace().next().unwrap_or_default().to_string())
        .collect()
    };
    // Ja, Delvist, Nej, Ikke besvaret, then the meetings in all. The demo: the municipality
    // Ja at its 3 meetings, the region Ja, Delvist, Ja; today Ja and Delvist.
    assert_eq!(cells(&app, "kommune")[..5], ["4", "0", "0", "0", "4"]);
    assert_eq!(cells(&app, "region")[..5], ["2", "2", "0", "0", "4"]);
    let texts = app.text(by_testid("report-actor-texts"));
    assert!(
        texts.contains("Regionspsykiatrien") && texts.contains("Regionen: send epikrisen."),
        "the team's own view shows its own texts: {texts}"
    );
    crate::around::look("report-by-organisation");

    // The evaluation file: no name, no CPR, no text not ticked.
    let read = |p: &str| std::fs::read_to_string(p).unwrap();
    let first = crate::reports::file(&mut app, "evaluation-export", "");
    let data = read(&first);
    assert!(data.contains("\"faelles-team-evalueringsdata\""), "{data}");
    for name in [
        "Mikkel",
        "Sørensen",
        "Emma",
        "Kirk",
        "Camilla",
        "Nørgaard",
        "Regionen: send",
    ] {
        assert!(!data.contains(name), "{name} in the file");
    }
    // No CPR number of the demo's citizens, with or without its dash (the file's checksum and
    // keys are hex, so a run of digits alone would say nothing).
    for cpr in crate::export::DEMO_CPRS {
        assert!(
            !data.contains(cpr) && !data.contains(&cpr.replace('-', "")),
            "{cpr} in the file"
        );
    }
    // The region's learning point of this meeting (each meeting has one): its row's box.
    let find = "const li = [...document.querySelectorAll('[data-testid=eval-texts] li')]\
                .find((l) => l.textContent.includes('Regionen: send epikrisen.')); \
                return li ? li.querySelector('[data-testid=eval-text-tick]') : null;";
    app.wait_for("the text to tick", WAIT, |a| !a.js(find, vec![]).is_null());
    // The view is drawn again once the tick is saved: wait for the new box, ticked.
    app.js(
        &format!("const b = (() => {{ {find} }})(); b.dataset.e2e = 'ours'; b.dataset.old = '1';"),
        vec![],
    );
    assert!(!app
        .js(&format!("return (() => {{ {find} }})().checked;"), vec![])
        .as_bool()
        .unwrap());
    app.click(css("[data-e2e=ours]"));
    app.wait_for("the tick saved and the view drawn again", WAIT, |a| {
        a.js(
            &format!(
                "const b = (() => {{ {find} }})(); return !!b && !b.dataset.old && b.checked;"
            ),
            vec![],
        )
        .as_bool()
            == Some(true)
    });
    let second = crate::reports::file(&mut app, "evaluation-export", &first);
    let data = read(&second);
    assert!(
        data.contains("Regionen: send epikrisen."),
        "ticked: in the file {second}: {}",
        &data[data.find("\"region\"").unwrap_or(0).saturating_sub(300)..][..900.min(data.len())]
    );
    app.stop();
}
