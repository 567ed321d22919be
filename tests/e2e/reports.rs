//! Rapporter (issues 18, 25) in the real app: the indicators of the demo data for the last 6
//! months and up to the coming (planned) meeting, which is named and not counted; charts
//! with their tables and the small-number rule; the CSV files for the working group
//! (Danish Excel's format, no names, number columns numbers or empty) and the report PDF
//! (PDF/A-2a + PDF/UA-1), no WCAG 2.1 A/AA violation; and the LIX beside a citizen's section
//! while the chair writes.

use crate::meeting::{next_to, open_upcoming_run};
use crate::{start_demo, Running};
use faelles_tests::a11y::WCAG_21_AA;
use faelles_tests::e2e::{by_testid, css, App, WAIT};
use std::path::Path;

const NAMES: [&str; 6] = ["Mikkel", "Sørensen", "Emma", "Kirk", "Camilla", "Nørgaard"];

pub fn file(app: &mut App, testid: &str, before: &str) -> String {
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

/// The figure `key`'s value as shown.
fn figure(app: &App, key: &str) -> String {
    let text = app.text(css(&format!(
        "[data-testid=report-figure][data-key={key}] .figure-value"
    )));
    text.trim().to_string()
}

#[test]
fn the_indicators_of_the_demo_data_with_charts_files_and_no_violation() {
    let Running { mut app, dir: _dir } = start_demo();
    app.click(by_testid("nav-reports"));
    let held = css("[data-testid=report-figure][data-key=meetings_held]");
    app.wait_visible(&held);
    // The last 6 months end today: the coming meeting is not in the range.
    assert_eq!(figure(&app, "meetings_held"), "3");
    assert_eq!(figure(&app, "cases"), "9");
    assert_eq!(app.count(by_testid("report-excluded")), 0);
    assert_eq!(
        app.count(by_testid("report-suppression")),
        1,
        "the rule, once"
    );
    assert!(app
        .text(by_testid("report-suppression"))
        .contains("Tal for 1 eller 2 borgere vises ikke"));
    // Attendance, the three questions, the professionals.
    assert!(app.count(by_testid("report-chart")) >= 5);
    assert!(!app
        .attr(by_testid("report-from"), "value")
        .unwrap_or_default()
        .is_empty());
    let v = app.axe(&WCAG_21_AA);
    assert!(v.is_empty(), "axe: {v:?}");
    crate::around::look("reports");

    // All time, then «Til» past the coming (planned) meeting: it is named, not counted.
    app.click(css("[data-testid=report-preset][data-key=all]"));
    app.wait_attr(
        css("[data-testid=report-preset][data-key=all]"),
        "aria-pressed",
        "true",
    );
    let later = (chrono::Local::now().date_naive() + chrono::Duration::days(60)).to_string();
    app.set_value(by_testid("report-to"), &later);
    app.wait_visible(by_testid("report-excluded"));
    let excluded = app.text(by_testid("report-excluded"));
    assert!(
        excluded.starts_with("1 planlagt møde i perioden er ikke talt med"),
        "{excluded}"
    );
    assert_eq!(figure(&app, "meetings_held"), "3");
    assert_eq!(
        figure(&app, "cases"),
        "9",
        "not 11: the planned meeting's 2"
    );
    // Shown in Danish, held as ISO in data-iso.
    assert_eq!(
        app.attr(by_testid("report-to"), "data-iso").as_deref(),
        Some(later.as_str())
    );
    let danish = chrono::NaiveDate::parse_from_str(&later, "%Y-%m-%d")
        .unwrap()
        .format("%d.%m.%Y")
        .to_string();
    assert_eq!(
        app.attr(by_testid("report-to"), "value").as_deref(),
        Some(danish.as_str())
    );
    let v = app.axe(&WCAG_21_AA);
    assert!(v.is_empty(), "axe: {v:?}");
    crate::around::look("reports-excluded");

    // The files.
    let cases = file(&mut app, "report-csv-cases", "");
    let bytes = std::fs::read(&cases).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(
        text.starts_with("Team;Kommune;Mødedato;Borgernøgle;Fremmøde"),
        "{text}"
    );
    assert!(
        text.contains("\r\nFælles Team Vest;Holstebro Kommune;"),
        "{text}"
    );
    assert!(text.contains("\r\n"));
    assert_eq!(
        text.trim_end().split("\r\n").count(),
        1 + 9,
        "9 cases: {text}"
    );
    for name in NAMES {
        assert!(!text.contains(name), "{name} in the CSV");
    }
    let meetings = file(&mut app, "report-csv-meetings", &cases);
    let text = std::fs::read_to_string(&meetings).unwrap();
    let lines: Vec<&str> = text
        .trim_start_matches('\u{feff}')
        .trim_end()
        .split("\r\n")
        .collect();
    let header: Vec<&str> = lines[0].split(';').collect();
    assert_eq!(
        header[..5],
        ["Team", "Kommune", "Mødedato", "Status", "Sager"]
    );
    // Sager, the 4 attendance columns and 5 questions × 5 answer columns.
    let counts = header
        .iter()
        .skip(4)
        .take_while(|h| !h.starts_with("Sammenhængende"))
        .count();
    assert_eq!(counts, 1 + 4 + 5 * 5, "{header:?}");
    assert_eq!(header.last(), Some(&"Skjult"));
    assert_eq!(
        lines.len(),
        1 + 4,
        "3 held meetings and the planned one: {text}"
    );
    assert!(lines[4].contains("Planlagt (ikke talt med)"), "{text}");
    assert!(!text.contains("<3"), "{text}");
    let mut hidden = 0;
    for line in &lines[1..] {
        // Sager and the counts: a number or nothing.
        for cell in line.split(';').skip(4).take(counts) {
            assert!(
                cell.is_empty() || cell.parse::<u32>().is_ok(),
                "{cell:?} in {line}"
            );
            hidden += usize::from(cell.is_empty());
        }
    }
    assert!(hidden > 0, "the demo's small numbers are hidden: {text}");
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
