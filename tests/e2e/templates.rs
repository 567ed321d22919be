//! Team → Skabelon in the real app (issue 31): the coordinator renames a case section and
//! adds a question for the citizen, the problems and the preview follow as they type, the
//! draft survives leaving the view, and «Gem som ny udgave» asks what changed and why. A
//! meeting planned after it gets the new version, the planned one is moved to it; run, its
//! case shows the renamed section and the new question, whose answer stays when the item is
//! left, and the citizen screen shows the section's new question; a held meeting keeps its
//! own. Template files: a malformed and a too-new file are refused with Danish messages and
//! change nothing; a valid one becomes the newest version. axe finds no WCAG 2.1 A/AA
//! violation on the editor. Screenshots (`FAELLES_E2E_LOOK=1`): target/e2e-shots/template-*.

use crate::around::look;
use crate::meeting::{current_key, next_to, open_upcoming, value};
use crate::{start_demo, Running};
use faelles_tests::a11y::WCAG_21_AA;
use faelles_tests::e2e::{by_testid, css, App, Loc, WAIT};
use serde_json::json;

const PSYK_TITLE: &str = "Behandling i psykiatrien";
const PSYK_QUESTION: &str = "Hvordan går det med behandlingen i psykiatrien?";
const NEW_QUESTION: &str = "Føler du dig tryg ved planen?";
const NEW_KEY: &str = "foeler_du_dig_tryg_ved_planen";

/// Team → «Åbn skabelonen», and the editor with its first check done.
fn open_editor(app: &mut App) {
    app.click(by_testid("nav-team"));
    app.wait_visible(by_testid("template-open"));
    look("template-team");
    app.click(by_testid("template-open"));
    app.wait_visible(css("[data-testid=template-detail][data-mode=edit]"));
    app.wait_for("the editor's first check", WAIT, |a| {
        a.try_attr(by_testid("template-check"), "data-problems")
            .is_some()
    });
}

fn section_field(key: &str, field: &str) -> Loc {
    css(&format!(
        "[data-testid=template-section][data-key={key}] [data-testid=template-section-{field}]"
    ))
}

fn versions(app: &App) -> Vec<String> {
    app.attrs(by_testid("template-version"), "data-version")
}

fn wait_problems(app: &mut App, n: usize) {
    app.wait_attr(by_testid("template-check"), "data-problems", &n.to_string());
}

/// The text of the label of the form field `id` in the chair window.
fn label_of(app: &App, id: &str) -> String {
    app.js(
        "return document.querySelector('label[for=\"' + arguments[0] + '\"]')?.textContent ?? '';",
        vec![json!(id)],
    )
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// Hands the import field a file as if the chair had chosen it.
fn import(app: &App, name: &str, text: &str) {
    app.js(
        "const input = document.querySelector('[data-testid=template-import]');\
         const dt = new DataTransfer();\
         dt.items.add(new File([arguments[1]], arguments[0], {type: 'application/json'}));\
         input.files = dt.files;\
         input.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![json!(name), json!(text)],
    );
}

fn focused_testid(app: &App) -> String {
    app.js(
        "const a = document.activeElement; return a ? (a.dataset.testid || a.id || a.tagName) : '';",
        vec![],
    )
    .as_str()
    .unwrap_or_default()
    .to_string()
}

#[test]
fn an_edited_template_saved_as_a_version_is_what_new_meetings_run_with_and_old_ones_keep_theirs() {
    let Running { mut app, dir: _dir } = start_demo();
    open_editor(&mut app);
    wait_problems(&mut app, 0);
    let before = versions(&app);
    assert_eq!(before.len(), 1, "the demo's one version");

    // Rename a section (title and the question the citizen sees).
    app.type_text(section_field("psykiatri", "title"), PSYK_TITLE);
    app.type_text(section_field("psykiatri", "question"), PSYK_QUESTION);

    // Add a question: its key is made from the text, shown small.
    app.click(by_testid("template-question-add"));
    let fresh = css("[data-testid=template-question][data-new=true]");
    app.wait_visible(&fresh);
    assert_eq!(
        focused_testid(&app),
        "template-question-text",
        "focus on the new question"
    );
    app.type_text(
        fresh.clone().find(by_testid("template-question-text")),
        NEW_QUESTION,
    );
    app.wait_attr(&fresh, "data-key", NEW_KEY);
    assert!(app.text(&fresh).contains(&format!("ny nøgle: {NEW_KEY}")));

    // An agenda item (moved above Eventuelt, which stays last) and a field for the actors.
    app.click(by_testid("template-agenda-item-add"));
    let item = css("[data-testid=template-agenda-item][data-new=true]");
    app.type_text(
        item.clone().find(by_testid("template-agenda-title")),
        "Oplæg",
    );
    app.type_text(
        item.clone().find(by_testid("template-agenda-description")),
        "Ti minutter om et tilbud i kommunen.",
    );
    app.wait_attr(&item, "data-key", "oplaeg");
    app.click(item.clone().find(by_testid("template-move-up")));
    assert_eq!(focused_testid(&app), "template-move-up", "focus stays on ↑");
    let keys = app.attrs(by_testid("template-agenda-item"), "data-key");
    assert_eq!(keys[keys.len() - 2..], ["oplaeg", "eventuelt"], "{keys:?}");
    app.click(by_testid("template-field-add"));
    let fresh_field = css("[data-testid=template-field][data-new=true]");
    app.type_text(
        fresh_field.clone().find(by_testid("template-field-title")),
        "Brug af tolk",
    );
    app.wait_attr(&fresh_field, "data-key", "brug_af_tolk");

    // The preview follows: the screen shows the section's new question.
    let preview_q = css(
        "[data-testid=template-preview] [data-testid=template-preview-section][data-key=psykiatri] h3",
    );
    app.wait_for("the preview with the new question", WAIT, |a| {
        a.count(&preview_q) == 1 && a.text(&preview_q) == PSYK_QUESTION
    });

    // The agenda and the letters, each a tab of the preview.
    for (tab, has) in [
        ("agenda", "Oplæg (5 min.)"),
        ("invitation", "Mikkel"),
        ("summary", PSYK_QUESTION),
    ] {
        app.click(css(&format!(
            "[data-testid=template-preview-tab][data-tab={tab}]"
        )));
        app.wait_for(&format!("the preview's {tab}"), WAIT, |a| {
            a.text(by_testid("template-preview-body")).contains(has)
        });
        look(&format!("template-preview-{tab}"));
    }
    app.click(css("[data-testid=template-preview-tab][data-tab=screen]"));
    app.wait_visible(by_testid("template-preview-screen"));

    // Live check: a title left empty is a problem, said in the list at the top.
    app.type_text(section_field("psykiatri", "title"), " ");
    wait_problems(&mut app, 1);
    let problems = app.texts(by_testid("template-problem"));
    assert!(problems[0].contains("titlen mangler"), "{problems:?}");
    let v = app.axe(&WCAG_21_AA);
    assert!(v.is_empty(), "axe on the editor with a problem: {v:?}");
    look("template-problem");
    // «Gem som ny udgave» does not save it: it shows the problems.
    app.click(by_testid("template-save-version"));
    app.wait_for("focus on the problems", WAIT, |a| {
        focused_testid(a) == "template-problems"
    });
    assert_eq!(app.count(by_testid("template-save-dialog")), 0);
    app.type_text(section_field("psykiatri", "title"), PSYK_TITLE);
    wait_problems(&mut app, 0);

    // The draft survives leaving the view.
    app.click(by_testid("nav-meetings"));
    app.wait_visible(by_testid("meeting-row"));
    app.click(by_testid("nav-template"));
    app.wait_visible(by_testid("template-draft"));
    assert!(app
        .text(by_testid("template-draft"))
        .contains("Ikke gemt kladde fra"));
    assert_eq!(
        app.attr(section_field("psykiatri", "title"), "value")
            .as_deref(),
        Some(PSYK_TITLE)
    );
    assert_eq!(
        app.count(css(&format!(
            "[data-testid=template-question][data-key={NEW_KEY}]"
        ))),
        1
    );
    wait_problems(&mut app, 0);
    let v = app.axe(&WCAG_21_AA);
    assert!(v.is_empty(), "axe on the editor: {v:?}");
    look("template-editor");

    // Saved as a version, with what changed and why.
    app.click(by_testid("template-save-version"));
    app.wait_visible(by_testid("template-save-dialog"));
    assert_eq!(focused_testid(&app), "template-save-note");
    assert!(
        !value(&app, "template-save-by").is_empty(),
        "«Gemt af» is the coordinator's name"
    );
    let v = app.axe(&WCAG_21_AA);
    assert!(v.is_empty(), "axe on the save dialog: {v:?}");
    look("template-save-dialog");
    app.type_text(
        by_testid("template-save-note"),
        "Psykiatri omdøbt; nyt spørgsmål om tryghed, som arbejdsgruppen vil følge.",
    );
    app.click(by_testid("template-save-confirm"));
    app.wait_for("the new version", WAIT, |a| versions(a).len() == 2);
    let newest = css("[data-testid=template-version][data-newest=true]");
    assert_eq!(app.attr(&newest, "data-number").as_deref(), Some("2"));
    assert!(app.text(&newest).contains("nyeste"));
    assert!(app.text(&newest).contains("Psykiatri omdøbt"));
    assert!(app
        .text(by_testid("template-status"))
        .contains("Udgave 2 er gemt"));
    assert_eq!(app.count(by_testid("template-draft")), 0, "no draft left");

    // The older version, read-only, goes out as a file.
    app.click(css(&format!(
        "[data-testid=template-version][data-version=\"{}\"] button",
        before[0]
    )));
    app.wait_visible(css("[data-testid=template-detail][data-mode=read]"));
    let path = crate::reports::file(&mut app, "template-export", "");
    let file = std::fs::read_to_string(&path).unwrap();
    assert!(
        file.contains("\"format\": \"faelles-team-skabelon\""),
        "{file}"
    );
    assert!(file.contains("Psykiatrisk behandling"), "version 1's title");
    look("template-older");

    // A meeting planned now gets the new version.
    app.click(by_testid("nav-meetings"));
    app.click(by_testid("meeting-new"));
    let later = (chrono::Local::now().date_naive() + chrono::Duration::days(90)).to_string();
    app.set_value(by_testid("meeting-date"), &later);
    app.click(by_testid("meeting-save"));
    app.wait_for("the new meeting in the list", WAIT, |a| {
        a.count(css("[data-testid=meeting-row][data-past=false]")) >= 2
    });
    app.click(
        css("[data-testid=meeting-row][data-past=false]")
            .nth(1)
            .find(by_testid("meeting-open")),
    );
    app.wait_visible(by_testid("meeting-template"));
    assert_eq!(
        app.text(by_testid("meeting-template")),
        "Skabelon: udgave 2 (den nyeste)"
    );
    assert_eq!(app.count(by_testid("meeting-template-move")), 0);

    // The demo's planned meeting keeps version 1 until it is moved.
    app.click(by_testid("nav-meetings"));
    open_upcoming(&mut app);
    app.wait_visible(by_testid("meeting-template"));
    assert!(app
        .text(by_testid("meeting-template"))
        .starts_with("Skabelon: udgave 1"));
    app.click(by_testid("meeting-template-move"));
    app.wait_for("the meeting on version 2", WAIT, |a| {
        a.try_attr(by_testid("meeting-template"), "data-number")
            .as_deref()
            == Some("2")
    });
    assert_eq!(app.count(by_testid("meeting-template-move")), 0);
    look("template-meeting");

    // Run, its first case: the renamed section and the new question.
    app.click(by_testid("meeting-run"));
    app.wait_visible(by_testid("agenda-next"));
    next_to(&mut app, "item 1", |k| k == "velkomst");
    next_to(&mut app, "item 2", |k| k == "tema");
    let case = next_to(&mut app, "the first case", |k| k.starts_with("case:"));
    app.wait_visible(by_testid("section-psykiatri"));
    assert_eq!(label_of(&app, "sec-psykiatri"), PSYK_TITLE);
    let eval = format!("eval-{}", NEW_KEY.replace('_', "-"));
    app.wait_visible(by_testid(&format!("citizen-question-{NEW_KEY}")));
    assert!(app
        .text(by_testid(&format!("citizen-question-{NEW_KEY}")))
        .contains(NEW_QUESTION));
    app.select_by_text(by_testid(&eval), "Delvist");

    // On the citizen screen: the section under its new question.
    app.click(by_testid("screen-show-case"));
    app.type_text(by_testid("section-psykiatri"), "Medicinen virker bedre nu.");
    app.to_screen();
    let body = by_testid("screen-section-psykiatri");
    app.wait_for("the section on the screen", WAIT, |a| {
        a.count(&body) == 1 && a.text(&body) == "Medicinen virker bedre nu."
    });
    let heading = app
        .js(
            "return document.querySelector('[data-testid=screen-section-psykiatri]').parentElement.querySelector('h2').textContent;",
            vec![],
        )
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert_eq!(heading, PSYK_QUESTION);
    look("template-screen");
    app.to_chair();

    // Left at once and back: the answer is kept.
    app.click(by_testid("agenda-next"));
    app.wait_for("the next item", WAIT, |a| current_key(a) != case);
    app.click(css(&format!(
        "[data-testid=agenda-item][data-key=\"{case}\"]"
    )));
    app.wait_for("the case again", WAIT, |a| current_key(a) == case);
    app.wait_visible(by_testid(&eval));
    assert_eq!(value(&app, &eval), "delvist");

    // The added agenda item: its title and description; item 4's added field saves.
    app.click(css("[data-testid=agenda-item][data-key=oplaeg]"));
    app.wait_visible(by_testid("item-description"));
    assert_eq!(
        app.text(by_testid("item-description")),
        "Ti minutter om et tilbud i kommunen."
    );
    let region_tolk = css(
        "[data-testid=actor-evaluation][data-organisation=region] [data-testid=meval-brug_af_tolk]",
    );
    app.click(css("[data-testid=agenda-item][data-key=evaluering]"));
    app.wait_visible(&region_tolk);
    app.type_text(&region_tolk, "Tolk bestilt til næste gang.");
    app.click(css("[data-testid=agenda-item][data-key=oplaeg]"));
    app.wait_visible(by_testid("item-description"));
    app.click(css("[data-testid=agenda-item][data-key=evaluering]"));
    app.wait_visible(&region_tolk);
    assert_eq!(
        app.attr(&region_tolk, "value").as_deref(),
        Some("Tolk bestilt til næste gang.")
    );
    look("template-item4");

    // A held meeting keeps its own template: the section's old title, no new question.
    app.click(by_testid("nav-meetings"));
    let held = css("[data-testid=meeting-row][data-past=true][data-status=closed]");
    app.wait_visible(&held);
    app.click(held.first().find(by_testid("meeting-open")));
    app.wait_visible(by_testid("meeting-template"));
    assert!(app
        .text(by_testid("meeting-template"))
        .starts_with("Skabelon: udgave 1"));
    assert_eq!(app.count(by_testid("meeting-template-move")), 0);
    app.click(by_testid("meeting-run"));
    let held_case = css("[data-testid=agenda-item][data-key^=\"case:\"]").first();
    app.wait_visible(&held_case);
    app.click(held_case);
    app.wait_visible(by_testid("section-psykiatri"));
    assert_eq!(label_of(&app, "sec-psykiatri"), "Psykiatrisk behandling");
    assert!(app.is_visible(by_testid("eval-involved")));
    assert_eq!(
        app.count(by_testid(&format!("citizen-question-{NEW_KEY}"))),
        0
    );
}

#[test]
fn template_files_malformed_and_too_new_are_refused_a_valid_one_is_the_newest() {
    let Running { mut app, dir: _dir } = start_demo();
    open_editor(&mut app);
    assert_eq!(versions(&app).len(), 1);
    let id = versions(&app)[0].clone();
    let path = crate::reports::file(&mut app, "template-export", "");
    let exported: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();

    // Not JSON: refused, said in the banner and at the field; nothing changes.
    import(
        &app,
        "ødelagt.json",
        "{ \"format\": \"faelles-team-skabelon\", ",
    );
    app.wait_attr(by_testid("error"), "data-kind", "TemplateFileRefused");
    let said = app.text(by_testid("error"));
    assert!(said.contains("Skabelonfilen kan ikke bruges"), "{said}");
    assert!(said.contains("ikke gyldig JSON"), "{said}");
    app.wait_attr(by_testid("local-error"), "data-kind", "TemplateFileRefused");
    assert_eq!(versions(&app), std::slice::from_ref(&id));
    look("template-import-refused");

    // From a newer app: refused as such.
    let mut newer = exported.clone();
    newer["format_version"] = json!(2);
    import(&app, "nyere.json", &newer.to_string());
    app.wait_attr(by_testid("error"), "data-kind", "TemplateFileTooNew");
    let said = app.text(by_testid("error"));
    assert!(said.contains("nyere version af Fælles Team"), "{said}");
    assert_eq!(versions(&app), std::slice::from_ref(&id));

    // A valid file, changed by another team: the newest version here.
    let mut valid = exported.clone();
    valid["template"]["sections"][2]["title"] = json!("Psykiatrien");
    valid["source"]["team"] = json!("Fælles Team Øst");
    import(&app, "Skabelon Øst.json", &valid.to_string());
    app.wait_for("the imported version", WAIT, |a| versions(a).len() == 2);
    assert_eq!(app.count(by_testid("error")), 1);
    assert!(!app.is_visible(by_testid("error")), "the banner is down");
    let newest = css("[data-testid=template-version][data-newest=true]");
    assert_eq!(app.attr(&newest, "data-number").as_deref(), Some("2"));
    assert!(app
        .text(&newest)
        .contains("Importeret fra «Skabelon Øst.json» (Fælles Team Øst"));
    // The editor has it.
    app.wait_visible(css("[data-testid=template-detail][data-mode=edit]"));
    assert_eq!(
        app.attr(section_field("psykiatri", "title"), "value")
            .as_deref(),
        Some("Psykiatrien")
    );
    assert!(app
        .text(by_testid("template-status"))
        .contains("importeret som udgave 2"));
    let v = app.axe(&WCAG_21_AA);
    assert!(v.is_empty(), "axe after the import: {v:?}");
}
