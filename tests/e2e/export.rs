//! PDF export from the real app: in the upcoming demo meeting, a note is typed in Mikkel's
//! case, then at item 5 ("Eventuelt") the citizen's summary and the minutes are exported
//! (drafts: "UDKAST"), read back with `pdftotext`; a character of Emma's note that the PDF
//! fonts lack is listed before export; after closing, a re-export is final and
//! gets a new name instead of replacing the draft.

use crate::meeting::{next_to, open_upcoming_run, wait_saved};
use crate::{start_demo, Running};
use faelles_tests::e2e::{by_testid, css, App, WAIT};
use std::path::Path;
use std::process::Command;

/// The demo citizens (crates/faelles-core/src/demo.rs): names and CPR numbers.
const OTHER_NAMES: [&str; 9] = [
    "Camilla", "Milla", "Ahmad", "Louise", "Thomas", "Emma", "Kirk", "Sofie", "Niels",
];
pub const DEMO_CPRS: [&str; 8] = [
    "120385-1117",
    "030792-2048",
    "250179-1231",
    "141098-2164",
    "010170-1011",
    "220501-4092",
    "090988-2006",
    "171265-1055",
];

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(
        out.status.success(),
        "pdftotext failed on {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn squash(s: &str) -> String {
    // A word broken at a hyphenation point (faelles-pdf draws U+2010 there) is joined back.
    let joined = s.replace("\u{2010}\n", "").replace("\u{2010} ", "");
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn assert_no_cpr(text: &str) {
    for cpr in DEMO_CPRS {
        let digits = cpr.replace('-', "");
        for needle in [cpr, digits.as_str(), &digits[..6]] {
            assert!(!text.contains(needle), "CPR digits {needle} in:\n{text}");
        }
    }
}

/// Clicks an export button and waits until `export-path` shows a new file; returns its path.
fn export(app: &mut App, button: faelles_tests::e2e::Loc, before: &str) -> String {
    app.click(button);
    let path = by_testid("export-path");
    app.wait_for("the exported file's path", WAIT, |a| {
        a.count(&path) == 1 && {
            let p = a.text(&path);
            !p.is_empty() && p != before
        }
    });
    app.text(&path)
}

#[test]
fn export_the_citizen_summary_and_the_minutes_from_the_meeting() {
    let Running { mut app, dir } = start_demo();
    open_upcoming_run(&mut app);
    next_to(&mut app, "item 1", |k| k == "velkomst");
    next_to(&mut app, "item 2", |k| k == "tema");
    let mikkel_key = next_to(&mut app, "Mikkel's case", |k| k.starts_with("case:"));
    let mikkel = mikkel_key.trim_start_matches("case:").to_string();
    app.wait_visible(by_testid("section-vigtigste"));
    let note = "Jeg vil gerne have min egen bolig før jul – og være ædru.";
    app.type_text(by_testid("section-vigtigste"), note);
    wait_saved(&mut app);
    next_to(&mut app, "Emma's case", |k| {
        k.starts_with("case:") && k != mikkel_key
    });
    // Emma's note, with a character the PDF fonts lack (listed before export).
    app.wait_visible(by_testid("section-vigtigste"));
    app.type_text(by_testid("section-vigtigste"), "Emmas hemmelighed 文");
    wait_saved(&mut app);
    next_to(&mut app, "item 4", |k| k == "evaluering");
    next_to(&mut app, "item 5", |k| k == "eventuelt");

    // The export panel, also before closing: one button per case, and the minutes.
    let mikkel_button = css(&format!(
        "[data-testid=export-citizen-pdf][data-case-id=\"{mikkel}\"]"
    ));
    app.wait_visible(&mikkel_button);
    assert_eq!(app.count(by_testid("export-citizen-pdf")), 2);
    let unsupported = by_testid("export-unsupported");
    app.wait_visible(&unsupported);
    let listed = app.text(&unsupported);
    assert!(
        listed.contains("文") && listed.contains("U+6587") && listed.contains("Emma Kirk"),
        "{listed}"
    );
    assert!(!listed.contains("Mikkel"), "{listed}");
    let export_dir = dir.path().join("eksport");
    assert_eq!(
        app.text(by_testid("export-dir")),
        export_dir.display().to_string()
    );

    // The citizen's summary: a draft, Mikkel's own text, nobody else, no CPR number.
    let summary = export(&mut app, mikkel_button.clone(), "");
    let summary_path = Path::new(&summary);
    assert!(summary_path.is_absolute(), "{summary}");
    assert!(summary_path.starts_with(&export_dir), "{summary}");
    assert!(
        summary.ends_with(" Opsummering Mikkel S UDKAST.pdf"),
        "a draft says so in its file name: {summary}"
    );
    assert_eq!(
        app.attr(by_testid("export-path"), "data-kind").as_deref(),
        Some("citizen")
    );
    assert_eq!(
        app.attr(by_testid("export-path"), "data-draft").as_deref(),
        Some("true")
    );
    let text = pdftotext(summary_path);
    let flat = squash(&text);
    for expected in [
        "Opsummering fra Fælles Team",
        "Mikkel Sørensen",
        "UDKAST",
        "Hvad er det vigtigste for dig lige nu?",
        note,
        "Sådan gik det med aftalerne fra sidst",
        "Har du spørgsmål?",
        "Side 1 af",
    ] {
        assert!(flat.contains(expected), "missing {expected:?} in:\n{text}");
    }
    for other in OTHER_NAMES.iter().chain(&["hemmelighed", "中", "\u{FFFD}"]) {
        assert!(
            !text.contains(other),
            "{other} in Mikkel's summary:\n{text}"
        );
    }
    assert_no_cpr(&text);
    app.screenshot("export-panel-draft.png");

    // The minutes: every case, still a draft.
    let minutes = export(&mut app, by_testid("export-minutes-pdf"), &summary);
    assert!(
        minutes.ends_with(" Referat Fælles Team UDKAST.pdf"),
        "file name: {minutes}"
    );
    let text = pdftotext(Path::new(&minutes));
    let flat = squash(&text);
    for expected in [
        "Referat fra Fælles Team",
        "UDKAST",
        "1. Fremmøde",
        "Mikkel Sørensen",
        "Emma Kirk",
        "Aktørernes evaluering af mødet",
    ] {
        assert!(flat.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert_no_cpr(&text);

    // Closed: the final summary has the letter's own name; the draft stays as it was.
    app.click(by_testid("meeting-close"));
    app.wait_visible(by_testid("meeting-reopen"));
    app.wait_visible(&mikkel_button);
    let draft_bytes = std::fs::read(summary_path).unwrap();
    let final_summary = export(&mut app, mikkel_button, "");
    assert!(
        final_summary.ends_with(" Opsummering Mikkel S.pdf"),
        "file name: {final_summary}"
    );
    assert_eq!(
        app.attr(by_testid("export-path"), "data-draft").as_deref(),
        Some("false")
    );
    let text = pdftotext(Path::new(&final_summary));
    assert!(
        !text.contains("UDKAST"),
        "final summary is no draft:\n{text}"
    );
    assert!(squash(&text).contains(note));
    assert_eq!(std::fs::read(summary_path).unwrap(), draft_bytes);
    app.screenshot("export-panel-closed.png");
    app.stop();
    drop(dir);
}
