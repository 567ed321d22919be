//! Around the meeting (issue 16), in the real app: the place and an https video link in
//! the meeting form, each case's own time, the citizen's invitation (PDF, the case then
//! shows invited), the calendar files and the participants' agenda; consent withdrawn
//! during a meeting refuses the screen and the export with the error's kind; a summary
//! marked handed over for e-Boks is still marked after a restart.

use crate::meeting::{next_to, open_upcoming_run};
use crate::{start_demo, Running};
use faelles_tests::e2e::{by_testid, css, App, Loc, WAIT};
use std::path::Path;
use std::process::Command;

pub(crate) fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .expect("UTF-8")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Clicks `button` and waits until an `export-path` shows a path it did not show before (and
/// other than `before`): each file's message stands next to its own button, so several may be
/// on the page. A new file never takes an old one's name.
pub(crate) fn file_from(app: &mut App, button: Loc, before: &str) -> String {
    let path = by_testid("export-path");
    let shown = app.attrs(&path, "data-path");
    app.click(button);
    let mut found = String::new();
    app.wait_for("the written file's path", WAIT, |a| {
        found = a
            .attrs(&path, "data-path")
            .into_iter()
            .find(|p| !p.is_empty() && p != before && !shown.contains(p))
            .unwrap_or_default();
        !found.is_empty()
    });
    found
}

/// With `FAELLES_E2E_LOOK=1`: a screenshot of the whole virtual display into
/// target/e2e-shots/<name>.png, to look at the views this test walks through.
pub fn look(name: &str) {
    if std::env::var_os("FAELLES_E2E_LOOK").is_none() {
        return;
    }
    std::thread::sleep(std::time::Duration::from_millis(400));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-shots");
    std::fs::create_dir_all(&dir).unwrap();
    // Each window on its own: they overlap on the virtual display, so the screen window is
    // moved aside for the chair's picture and back for its own.
    let find = |title: &str| {
        Command::new("xdotool")
            .args(["search", "--name", title])
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .and_then(|s| s.lines().next().map(str::to_string))
    };
    let (Some(chair), Some(screen)) = (find("^Fælles Team"), find("^Borgerskærm$")) else {
        return;
    };
    let shot = |id: &str, window: &str| {
        let _ = Command::new("import")
            .args(["-window", id])
            .arg(dir.join(format!("{name}-{window}.png")))
            .status();
    };
    let place = |x: &str| {
        let _ = Command::new("xdotool")
            .args(["windowmove", &screen, x, "0"])
            .status();
        std::thread::sleep(std::time::Duration::from_millis(300));
    };
    place("1300");
    shot(&chair, "chair");
    place("0");
    shot(&screen, "screen");
}

pub(crate) fn open_upcoming_prep(app: &mut App) {
    let upcoming = css("[data-testid=meeting-row][data-past=false]");
    app.wait_visible(&upcoming);
    app.click(upcoming.find(by_testid("meeting-open")));
    app.wait_visible(by_testid("case-row"));
}

#[test]
fn the_invitation_calendar_files_and_agenda_from_the_preparation_view() {
    let Running { mut app, dir: _dir } = start_demo();
    open_upcoming_prep(&mut app);

    // Place and video link: a link that is not https is refused with a Danish message.
    app.click(by_testid("meeting-edit"));
    app.set_value(by_testid("meeting-place"), "Mødelokale 3, Rådhuset");
    app.set_value(by_testid("meeting-video-link"), "http://meet.example.dk/ft");
    app.click(by_testid("meeting-save"));
    app.wait_attr(by_testid("error"), "data-kind", "InvalidValue");
    assert!(app.text(by_testid("error")).contains("https://"));
    app.set_value(
        by_testid("meeting-video-link"),
        "https://meet.example.dk/ft",
    );
    app.click(by_testid("meeting-save"));
    app.wait_visible(by_testid("meeting-link-shown"));

    // Each case shows its own time.
    let ids = app.attrs(by_testid("case-row"), "data-id");
    assert_eq!(ids.len(), 2);
    let time_of = |a: &App, id: &str| {
        a.text(css(&format!(
            "[data-testid=case-time][data-case-id=\"{id}\"]"
        )))
    };
    let first_time = time_of(&app, &ids[0]);
    assert!(first_time.starts_with("ca. kl. 13.25–"), "{first_time}");
    assert!(time_of(&app, &ids[1]).starts_with("ca. kl. 14.05–"));

    // The invitation: a PDF with the case's own time and the link; the case is invited.
    let checked = |a: &App| {
        a.js(
            "return document.querySelector(arguments[0]).checked;",
            vec![serde_json::json!(format!(
                "[data-testid=case-row][data-id=\"{}\"] [data-testid=case-invited]",
                ids[0]
            ))],
        )
        .as_bool()
        .expect("the invited box has a checked state")
    };
    assert!(!checked(&app), "not invited before the letter");
    let pdf = file_from(
        &mut app,
        css(&format!(
            "[data-testid=invitation-pdf][data-case-id=\"{}\"]",
            ids[0]
        )),
        "",
    );
    assert!(pdf.ends_with(".pdf") && pdf.contains("Invitation"), "{pdf}");
    let text = pdftotext(Path::new(&pdf));
    for expected in [
        "Du er inviteret til Fælles Team",
        first_time.as_str(),
        "Mødelokale 3, Rådhuset",
        "https://meet.example.dk/ft",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
    assert!(checked(&app), "invited once the letter is made");
    assert_eq!(
        app.text(css(&format!(
            "[data-testid=case-invited-on][data-case-id=\"{}\"]",
            ids[0]
        ))),
        "Inviteret i dag"
    );

    // Calendar files: the citizen's own slot, the team's series; the agenda.
    let ics = file_from(
        &mut app,
        css(&format!(
            "[data-testid=case-ics][data-case-id=\"{}\"]",
            ids[0]
        )),
        &pdf,
    );
    assert!(ics.ends_with(".ics"), "{ics}");
    let event = std::fs::read_to_string(&ics).unwrap();
    assert!(event.contains("BEGIN:VEVENT") && event.contains("TZID=Europe/Copenhagen"));
    assert!(event.contains("\r\n"), "CRLF line ends");
    let team = file_from(&mut app, by_testid("meeting-ics"), &ics);
    assert!(
        std::fs::read_to_string(&team)
            .unwrap()
            .matches("BEGIN:VEVENT")
            .count()
            >= 4
    );
    look("around-prep");
    let agenda = file_from(&mut app, by_testid("agenda-pdf"), &team);
    let text = pdftotext(Path::new(&agenda));
    assert!(text.contains("Dagsorden til det faste team"), "{text}");
    assert!(
        text.contains("Mikkel S.") && !text.contains("Sørensen"),
        "{text}"
    );
    app.stop();
}

#[test]
fn consent_withdrawn_during_the_meeting_refuses_screen_and_export_and_hand_over_is_kept() {
    let Running { mut app, dir } = start_demo();
    open_upcoming_run(&mut app);
    next_to(&mut app, "item 1", |k| k == "velkomst");
    next_to(&mut app, "item 2", |k| k == "tema");
    let mikkel = next_to(&mut app, "Mikkel's case", |k| k.starts_with("case:"));
    let emma = next_to(&mut app, "Emma's case", |k| {
        k.starts_with("case:") && k != mikkel
    });
    let emma_id = emma.trim_start_matches("case:").to_string();
    let mikkel_id = mikkel.trim_start_matches("case:").to_string();

    // Emma withdraws her consent (today) while her case is open.
    app.click(by_testid("nav-citizens"));
    app.wait_visible(by_testid("citizen-row"));
    app.js(
        "Array.from(document.querySelectorAll('[data-testid=citizen-row] button'))\
         .find((b) => b.textContent.includes('Emma Kirk')).click();",
        vec![],
    );
    app.wait_visible(by_testid("consent-withdraw"));
    app.click(by_testid("consent-withdraw"));
    app.click(by_testid("consent-withdraw"));
    app.wait_for("the withdrawal", WAIT, |a| {
        a.count(by_testid("consent-withdraw")) == 0
    });

    // Back in the meeting: F6 on her case is refused with the error's kind.
    app.click(by_testid("nav-meetings"));
    open_upcoming_run(&mut app);
    app.wait_visible(by_testid("screen-show-case"));
    app.click(by_testid("screen-show-case"));
    app.wait_attr(by_testid("error"), "data-kind", "ConsentWithdrawn");

    // At item 5: her summary cannot be made; Mikkel's can, but while the meeting runs it is
    // a draft: named so, and nothing offers to hand it over.
    app.click(css("[data-testid=agenda-item][data-key=eventuelt]"));
    let emma_pdf = css(&format!(
        "[data-testid=export-citizen-pdf][data-case-id=\"{emma_id}\"]"
    ));
    app.wait_visible(&emma_pdf);
    assert_eq!(app.attr(&emma_pdf, "disabled").as_deref(), Some("true"));
    let mikkel_pdf = css(&format!(
        "[data-testid=export-citizen-pdf][data-case-id=\"{mikkel_id}\"]"
    ));
    let state = css(&format!(
        "[data-testid=handover-state][data-case-id=\"{mikkel_id}\"]"
    ));
    let mark = css(&format!(
        "[data-testid=handover-mark][data-case-id=\"{mikkel_id}\"]"
    ));
    assert_eq!(app.attr(&state, "data-state").as_deref(), Some("none"));
    app.click(&mikkel_pdf);
    app.wait_attr(by_testid("export-path"), "data-draft", "true");
    let draft = app.attr(by_testid("export-path"), "data-path").unwrap();
    assert!(draft.ends_with(" UDKAST.pdf"), "{draft}");
    // The list is drawn again after the export: the draft is still no letter to hand over.
    app.wait_for("the list redrawn after the draft", WAIT, |a| {
        a.text(&state).starts_with("Kun et udkast")
    });
    assert_eq!(app.attr(&state, "data-state").as_deref(), Some("none"));
    assert_eq!(
        app.count(&mark),
        0,
        "no hand-over mark before the meeting is closed"
    );

    // Closed: the draft still counts for nothing; the mark waits for the final letter.
    app.click(by_testid("meeting-close"));
    app.wait_visible(by_testid("meeting-reopen"));
    app.wait_visible(&mark);
    assert_eq!(app.attr(&state, "data-state").as_deref(), Some("none"));
    assert_eq!(app.attr(&mark, "disabled").as_deref(), Some("true"));
    app.click(&mikkel_pdf);
    app.wait_attr(&state, "data-state", "made");
    app.wait_attr(by_testid("export-path"), "data-draft", "false");
    let letter = app.attr(by_testid("export-path"), "data-path").unwrap();
    assert!(!letter.contains("UDKAST"), "{letter}");
    // The letter's message is in Mikkel's row, right after its buttons, with «Åbn».
    let beside = app.js(
        "const b = document.querySelector(arguments[0]); const next = b.closest('.row-actions').nextElementSibling;\
         return next && next.dataset.testid === 'file-result' && next.dataset.path === arguments[1] && !!next.querySelector('[data-testid=file-open]');",
        vec![
            serde_json::json!(format!("[data-testid=export-citizen-pdf][data-case-id=\"{mikkel_id}\"]")),
            serde_json::json!(letter),
        ],
    );
    assert_eq!(
        beside,
        serde_json::json!(true),
        "the file's message beside its button"
    );
    app.click(&mark);
    app.wait_attr(&state, "data-state", "handed-over");
    let minutes = by_testid("minutes-state");
    assert_eq!(app.attr(&minutes, "data-state").as_deref(), Some("none"));
    // The minutes are marked as sent to the fixed members, like a summary.
    assert_eq!(
        app.attr(by_testid("minutes-mark"), "disabled").as_deref(),
        Some("true")
    );
    app.click(by_testid("export-minutes-pdf"));
    app.wait_attr(&minutes, "data-state", "made");
    app.click(by_testid("minutes-mark"));
    app.wait_attr(&minutes, "data-state", "handed-over");
    assert!(app
        .text(&minutes)
        .starts_with("Sendt til de faste medlemmer"));

    look("around-after");
    // After a restart the mark is still there.
    app.stop();
    let mut app = App::start(dir.path(), &[("FAELLES_DEMO", "1")]);
    let row = css("[data-testid=meeting-row][data-status=closed][data-past=false]");
    app.wait_visible(&row);
    app.click(row.find(by_testid("meeting-open")));
    app.click(by_testid("meeting-run"));
    app.wait_visible(by_testid("agenda-item"));
    app.click(css("[data-testid=agenda-item][data-key=eventuelt]"));
    app.wait_attr(&state, "data-state", "handed-over");
    app.stop();
    drop(dir);
}

/// The citizen's next meeting from the case (issue «The chair's screen at a glance», 9):
/// with a coming meeting planned after the one being run, Mikkel's case offers it under
/// `case-next-meeting`; choosing it makes his case there (once: then it says he is on it),
/// and the screen's «Dit næste møde» and his summary name its date.
#[test]
fn the_case_puts_the_citizen_on_a_coming_meeting_and_the_screen_and_summary_name_it() {
    let Running { mut app, dir: _dir } = start_demo();
    let rows = by_testid("meeting-row");
    app.wait_for("the demo meetings", WAIT, |a| a.count(&rows) >= 4);
    let upcoming = app.attrs(css("[data-testid=meeting-row][data-past=false]"), "data-id");
    assert_eq!(upcoming.len(), 1, "{upcoming:?}");
    let before = app.attrs(&rows, "data-id");
    // A coming meeting five weeks ahead, after the demo's upcoming one.
    app.click(by_testid("meeting-new"));
    let date = chrono::Local::now().date_naive() + chrono::Duration::days(35);
    app.set_value(
        by_testid("meeting-date"),
        &date.format("%Y-%m-%d").to_string(),
    );
    app.set_value(by_testid("meeting-start"), "13:00");
    app.click(by_testid("meeting-save"));
    app.wait_count(&rows, before.len() + 1);
    let after = app.attrs(&rows, "data-id");
    let coming = after
        .iter()
        .find(|id| !before.contains(id))
        .unwrap()
        .clone();

    let row = |id: &str| css(&format!("[data-testid=meeting-row][data-id=\"{id}\"]"));
    app.click(row(&upcoming[0]).find(by_testid("meeting-open")));
    app.click(by_testid("meeting-run"));
    app.wait_visible(by_testid("agenda-next"));
    next_to(&mut app, "item 1", |k| k == "velkomst");
    next_to(&mut app, "item 2", |k| k == "tema");
    let mikkel = next_to(&mut app, "Mikkel's case", |k| k.starts_with("case:"));
    let mikkel_id = mikkel.trim_start_matches("case:").to_string();
    let block = by_testid("case-next-meeting");
    let choice = css(&format!(
        "[data-testid=case-next-meeting] button[data-meeting-id=\"{coming}\"]"
    ));
    app.wait_visible(&choice);
    assert!(app.text(&block).contains("ikke sat på et kommende møde"));
    let label = app
        .text(&choice)
        .trim_start_matches("Sæt på mødet ")
        .to_string();
    assert!(label.contains(" kl. 13.00"), "{label}");
    look("next-meeting-choices");
    app.click(&choice);
    let already = css(&format!(
        "[data-testid=case-next-meeting] [data-meeting-id=\"{coming}\"][data-already=true]"
    ));
    app.wait_visible(&already);
    assert_eq!(app.count(&choice), 0, "not offered twice");
    assert!(
        app.text(&block)
            .contains(&format!("Næste møde for Mikkel: {label}")),
        "{}",
        app.text(&block)
    );

    // The screen names it.
    app.click(by_testid("screen-show-case"));
    app.to_screen();
    app.wait_for("«Dit næste møde» on screen", WAIT, |a| {
        a.text(by_testid("screen-next-meeting")) == format!("Dit næste møde: {label}")
    });
    app.to_chair();

    // So does his summary.
    app.click(css("[data-testid=agenda-item][data-key=eventuelt]"));
    let pdf = css(&format!(
        "[data-testid=export-citizen-pdf][data-case-id=\"{mikkel_id}\"]"
    ));
    app.wait_visible(&pdf);
    let path = file_from(&mut app, pdf, "");
    let day = label.split(" kl.").next().unwrap();
    let text = pdftotext(Path::new(&path));
    let next = text.split("Dit næste møde:").nth(1).unwrap_or_default();
    assert!(
        next.chars().take(80).collect::<String>().contains(day),
        "{day} not after «Dit næste møde:» in {text}"
    );

    // And the coming meeting has his case.
    app.click(by_testid("nav-meetings"));
    app.click(row(&coming).find(by_testid("meeting-open")));
    app.wait_for("Mikkel on the coming meeting's agenda", WAIT, |a| {
        a.texts(by_testid("case-row"))
            .iter()
            .any(|t| t.contains("Mikkel"))
    });
    app.stop();
}
