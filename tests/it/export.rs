//! PDF export: the citizen's summary and the minutes, read back with poppler's tools
//! (`pdftotext`, `pdffonts`, `pdfinfo`), the files on disk, the export records, privacy.
//!
//! Here: the demo data and the tools that read a PDF back, shared by the areas: documents.rs
//! (what each document holds), characters.rs (Danish text, fonts, characters no font has,
//! hostile notes), files.rs (the files on disk and their records), privacy.rs (no other
//! citizen, no CPR number, no use without consent).

mod characters;
mod documents;
mod files;
mod privacy;
mod recipients;

use chrono::{DateTime, TimeZone, Utc};
use faelles_core::domain::*;
use faelles_core::store::Store;
use faelles_core::{demo, Core};
use faelles_pdf::validate::tool_text as tool;
use std::path::Path;

/// The demo CPR numbers (crates/faelles-core/src/demo.rs).
pub(crate) const DEMO_CPRS: [&str; 8] = [
    "120385-1117",
    "030792-2048",
    "250179-1231",
    "141098-2164",
    "010170-1011",
    "220501-4092",
    "090988-2006",
    "171265-1055",
];

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 10, 9, 0, 0).unwrap()
}

pub(crate) fn demo_core() -> Core {
    let mut core = Core::new(Store::open_in_memory().unwrap(), Box::new(now));
    demo::load(&mut core).unwrap();
    core
}

pub(crate) fn text(pdf: &Path) -> String {
    tool("pdftotext", &["-enc", "UTF-8"], pdf)
}

fn page_text(pdf: &Path, page: usize) -> String {
    let p = page.to_string();
    tool(
        "pdftotext",
        &["-enc", "UTF-8", "-f", p.as_str(), "-l", p.as_str()],
        pdf,
    )
}

fn info_field(pdf: &Path, key: &str) -> String {
    tool("pdfinfo", &["-isodates"], pdf)
        .lines()
        .find_map(|l| {
            l.strip_prefix(&format!("{key}:"))
                .map(|v| v.trim().to_string())
        })
        .unwrap_or_default()
}

/// Whitespace collapsed to single spaces (line wrapping moves line breaks).
pub(crate) fn squash(s: &str) -> String {
    // A word broken at a hyphenation point (faelles-pdf draws U+2010 there) is joined back.
    let joined = s.replace("\u{2010}\n", "").replace("\u{2010} ", "");
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The meetings of the demo, oldest first: 3 held (closed), 1 upcoming (planned).
fn demo_meetings(core: &Core) -> Vec<Meeting> {
    core.meetings().unwrap()
}

fn case_of(core: &Core, meeting: &Meeting, first_name: &str) -> Case {
    core.cases(meeting.id)
        .unwrap()
        .into_iter()
        .find(|c| core.citizen(c.citizen_id).unwrap().first_name == first_name)
        .unwrap()
}

pub(crate) fn assert_no_cpr(text: &str, cprs: &[&str]) {
    for cpr in cprs {
        let digits = cpr.replace('-', "");
        for needle in [cpr.to_string(), digits.clone(), digits[..6].to_string()] {
            assert!(!text.contains(&needle), "CPR fragment {needle} in:\n{text}");
        }
    }
    let masked = text.contains("-****");
    assert!(!masked, "a masked CPR number in:\n{text}");
}
