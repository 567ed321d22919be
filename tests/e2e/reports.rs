//! Rapporter (issue 18) in the real app: the indicators of the demo data for the last 6
//! months and for all time, charts with their tables, the CSV files for the working group
//! (Danish Excel's format, no names) and the report PDF (PDF/A-2a + PDF/UA-1), no WCAG 2.1
//! A/AA violation; and the LIX beside a citizen's section while the chair writes.

use crate::meeting::{next_to, open_upcoming_run};
use crate::{start_demo, Running};
use faelles_tests::a11y::WCAG_21_AA;
use faelles_tests::e2e::{by_testid, css, App, WAIT};
use std::path::Path;

const NAMES: [&str; 6] = ["Mikkel", "Sørensen", "Emma", "Kirk", "Camilla", "Nørgaard"];

fn file(app: &mut App, testid: &str, before: &str) -> String {
    app.click(by_testid(testid));
    let path = by_testid("export-path");
    app.wait_for(&format!("the file of {testid}"), WAIT, |a| {
        a.count(&path) == 1 && {
            let p = a.attr(&path, "data-path").unwrap_or_default();
            !p.is_empty() && p != before
        }
    });
    app.attr(&path, "data-path").unwrap_or_default()
}

#[test]
fn the_indicators_of_the_demo_data_with_charts_files_and_no_violation() {
    let Running { mut app, dir: _dir } = start_demo();
    app.click(by_testid("nav-reports"));
    let held = css("[data-testid=report-figure][data-key=meetings_held]");
    app.wait_visible(&held);
    assert!(app.text(&held).starts_with('3'), "{}", app.text(&held));
    assert!(app.count(by_testid("report-chart")) >= 4);
    assert!(!app
        .attr(by_testid("report-from"), "value")
        .unwrap_or_default()
        .is_empty());
    let v = app.axe(&WCAG_21_AA);
    assert!(v.is_empty(), "axe: {v:?}");
    crate::around::look("reports");

    // All time.
    app.click(css("[data-testid=report-preset][data-key=all]"));
    app.wait_attr(
        css("[data-testid=report-preset][data-key=all]"),
        "aria-pressed",
        "true",
    );

    // The files.
    let cases = file(&mut app, "report-csv-cases", "");
    let bytes = std::fs::read(&cases).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("Mødedato;Borgernøgle;Fremmøde"), "{text}");
    assert!(text.contains("\r\n"));
    for name in NAMES {
        assert!(!text.contains(name), "{name} in the CSV");
    }
    let meetings = file(&mut app, "report-csv-meetings", &cases);
    assert!(std::fs::read_to_string(&meetings)
        .unwrap()
        .contains("Afholdt"));
    let pdf = file(&mut app, "report-pdf", &meetings);
    let bytes = std::fs::read(&pdf).unwrap();
    let found = faelles_pdf::validate::all(&bytes, Path::new(&pdf));
    assert!(found.problems.is_empty(), "{:#?}", found.problems);
    app.stop();
}

#[test]
fn the_lix_of_a_section_is_shown_beside_it_while_writing() {
    let Running { mut app, dir: _dir } = start_demo();
    open_upcoming_run(&mut app);
    next_to(&mut app, "item 1", |k| k == "velkomst");
    next_to(&mut app, "item 2", |k| k == "tema");
    next_to(&mut app, "the first case", |k| k.starts_with("case:"));
    let lix = css("[data-testid=lix][data-key=vigtigste]");
    app.wait_visible(by_testid("section-vigtigste"));
    app.type_text(
        by_testid("section-vigtigste"),
        "Jeg vil gerne have en bolig.",
    );
    app.wait_attr(&lix, "data-score", "6");
    app.type_text(
        by_testid("section-vigtigste"),
        "Koordineringen af sammenhængende behandlingsforløb forudsætter tværsektorielt samarbejde.",
    );
    app.wait_for("a hard text", WAIT, |a| {
        a.attr(&lix, "data-score")
            .and_then(|s| s.parse::<u32>().ok())
            .is_some_and(|s| s > 40)
    });
    assert!(app.text(&lix).contains("svær tekst"));
    crate::around::look("lix");
    app.stop();
}
