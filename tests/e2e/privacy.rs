//! Personal data in the real app (issue 32): «Indsigt (PDF)» on the citizen's page writes the
//! access PDF; «Klar til sletning» fills once the municipality's period is shorter; deleting a
//! citizen asks in a dialog that holds focus and names what it leaves, then the citizen is gone
//! from the list; «Flyt data» writes the encrypted file and «Hent data» refuses a wrong
//! passphrase with its Danish message. Screenshots of each (`import` on the Xvfb display) go
//! to target/e2e-shots/privacy-*.png.

use crate::around::{file_from, pdftotext};
use crate::{start_demo, Running};
use faelles_tests::e2e::{by_testid, App, WAIT};
use std::path::Path;

/// The chair window, as the user sees it (WebKitWebDriver cannot take screenshots
/// when WebKit draws without compositing).
fn shot(name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("target")
        .join("e2e-shots");
    std::fs::create_dir_all(&dir).unwrap();
    // The chair window alone; the citizen screen, which may lie over it, moved aside.
    let _ = std::process::Command::new("xdotool")
        .args([
            "search",
            "--name",
            "^Borgerskærm$",
            "windowmove",
            "1500",
            "0",
        ])
        .status();
    std::thread::sleep(std::time::Duration::from_millis(400));
    let chair = std::process::Command::new("xdotool")
        .args(["search", "--name", "^Fælles Team"])
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.lines().next().map(str::to_string))
        .unwrap_or_else(|| "root".into());
    let _ = std::process::Command::new("import")
        .args(["-window", &chair])
        .arg(dir.join(format!("privacy-{name}.png")))
        .status();
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
fn indsigt_deletion_and_the_encrypted_hand_over_in_the_real_app() {
    let Running { mut app, dir } = start_demo();

    // Indsigt: the access PDF of Mikkel, who has the longest course.
    crate::course::open_citizen_page(&mut app, "Mikkel Sørensen");
    app.wait_visible(by_testid("access-pdf"));
    let pdf = file_from(&mut app, by_testid("access-pdf"), "");
    assert!(pdf.contains("Indsigt Mikkel S"), "{pdf}");
    let text = pdftotext(Path::new(&pdf));
    assert!(text.contains("Indsigt i dine oplysninger"), "{text}");
    assert!(text.contains("Til Mikkel Sørensen"), "{text}");
    for other in ["Camilla", "Emma Kirk", "Ahmad"] {
        assert!(!text.contains(other), "{other} in the access PDF");
    }
    shot("citizen-page");

    // Deletion at the citizen's request: Niels (his consent is withdrawn, no coming case).
    crate::course::open_citizen_page(&mut app, "Niels Bak");
    app.wait_visible(by_testid("citizen-delete"));
    app.click(by_testid("citizen-delete"));
    app.wait_visible(by_testid("deletion-dialog"));
    // The dialog holds focus: it starts on «Annullér» (a deletion cannot be undone).
    assert_eq!(focused_testid(&app), "deletion-cancel");
    let asked = app.text(by_testid("deletion-dialog"));
    assert!(asked.contains("Slet Niels Bak?"), "{asked}");
    assert!(asked.contains("kan ikke fortrydes"), "{asked}");
    app.click(by_testid("deletion-confirm"));
    app.wait_visible(by_testid("deletion-result"));
    let said = app.text(by_testid("deletion-result"));
    assert!(said.contains("Borgeren er slettet"), "{said}");
    assert!(said.contains("sikkerhedskopi"), "{said}");
    assert!(!app
        .texts(by_testid("citizen-row"))
        .iter()
        .any(|t| t.contains("Niels")));

    // «Klar til sletning»: empty with the default year; with 30 days the demo's earlier
    // citizens are due (none of those on the coming meeting).
    app.click(by_testid("nav-team"));
    app.wait_visible(by_testid("retention-days"));
    app.wait_for("the periods read", WAIT, |a| {
        a.js(
            "return document.querySelector('[data-testid=retention-days]').value;",
            vec![],
        ) == serde_json::json!("365")
    });
    app.set_value(by_testid("retention-days"), "30");
    app.click(by_testid("retention-save"));
    app.wait_visible(by_testid("deletion-row"));
    let due = app.texts(by_testid("deletion-row"));
    assert!(!due.is_empty());
    assert!(
        !due.iter()
            .any(|t| t.contains("Mikkel") || t.contains("Emma")),
        "{due:?}"
    );
    app.js(
        "document.querySelector('[data-testid=privacy]').scrollIntoView();",
        vec![],
    );
    shot("deletion-list");

    // «Flyt data»: the dialog, a passphrase too short refused, then the file.
    app.click(by_testid("data-move-out"));
    app.wait_visible(by_testid("data-move-out-dialog"));
    assert_eq!(focused_testid(&app), "data-passphrase");
    app.set_value(by_testid("data-passphrase"), "kort");
    app.set_value(by_testid("data-passphrase-again"), "kort");
    shot("move-out-dialog");
    app.click(by_testid("data-move-out-confirm"));
    app.wait_attr(by_testid("error"), "data-kind", "PassphraseTooShort");
    // Focus came back to the button that opened the dialog.
    assert_eq!(focused_testid(&app), "data-move-out");
    app.click(by_testid("data-move-out"));
    app.wait_visible(by_testid("data-move-out-dialog"));
    app.set_value(by_testid("data-passphrase"), "en lang og god sætning");
    app.set_value(by_testid("data-passphrase-again"), "en lang og god sætning");
    let moved = file_from(&mut app, by_testid("data-move-out-confirm"), &pdf);
    assert!(moved.ends_with(".faelles"), "{moved}");
    let bytes = std::fs::read(&moved).unwrap();
    assert!(!bytes
        .windows(8)
        .any(|w| w == "Sørensen".as_bytes()[..8].as_ref()));

    // «Hent data» with the wrong passphrase: its own message, nothing changed.
    app.click(by_testid("data-move-in"));
    app.wait_visible(by_testid("data-move-in-dialog"));
    app.set_value(by_testid("data-passphrase"), "forkert adgangskode");
    app.click(by_testid("data-move-in-confirm"));
    app.wait_attr(by_testid("error"), "data-kind", "WrongPassphrase");
    let message = app.text(by_testid("error"));
    assert!(message.contains("Adgangskoden passer ikke"), "{message}");
    drop(dir);
}
