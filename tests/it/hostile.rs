//! Hostile inputs (tests/fixtures/hostile.json) through every field of the core, the screen
//! projection and the PDF engine: each is accepted and read back as typed (trimmed where the
//! field trims), or refused with a typed error; never a panic, never a CPR number on screen.
//!
//! Here: the fixture, the run's record and the tests; fields.rs: one value through every
//! field; screen.rs: what the screen projection makes of it; pdf.rs: what the PDF engine
//! makes of it, read back with pdftotext.

mod fields;
mod pdf;
mod screen;

use faelles_core::citizens::{CitizenInput, ConsentInput};
use faelles_core::core::limits;
use faelles_core::domain::{Id, Meeting};
use faelles_core::meetings::MeetingInput;
use faelles_core::run::AgreementInput;
use faelles_core::testing::{at, note, Fx};
use faelles_core::{projection, Core, CoreError};
use serde::Deserialize;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

#[derive(Deserialize)]
struct Fixture {
    cases: Vec<Case>,
    json_cases: Vec<JsonCase>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    value: Option<String>,
    repeat: Option<String>,
    times: Option<usize>,
    #[serde(default)]
    expect: HashMap<String, String>,
}

#[derive(Deserialize)]
struct JsonCase {
    name: String,
    json: String,
}

impl Case {
    fn value(&self) -> String {
        match (&self.value, &self.repeat, self.times) {
            (Some(v), None, None) => v.clone(),
            (None, Some(r), Some(n)) => r.repeat(n),
            _ => panic!("case {:?}: give value, or repeat and times", self.name),
        }
    }
}

fn fixture() -> Fixture {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/hostile.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The shared fixture's team with `cprs` as its citizens (none: `&[]`), the clock fixed at
/// 1 June 2026 10:00 UTC, and a meeting on 9 June 2026 with a case for each citizen.
fn meeting_with_cases(cprs: &[&str]) -> (Core, Meeting, Vec<Id>) {
    let mut fx = Fx::builder()
        .now(at("2026-06-01T10:00:00Z"))
        .cprs(cprs)
        .consent_from("2020-01-01")
        .build();
    let (m, cases) = fx.meeting_with_cases("2026-06-09");
    (fx.core, m, cases)
}

/// Errors a hostile value may get: refusals of the value. Anything else (Storage, Io, Pdf,
/// NotFound, ...) means the value broke something.
const INPUT_KINDS: [&str; 6] = [
    "EmptyField",
    "TooLong",
    "InvalidValue",
    "InvalidCpr",
    "InvalidDate",
    "DuplicateCpr",
];

/// "ok" or the error's kind, after checking it is a refusal of the input.
fn outcome<T>(field: &str, r: &Result<T, CoreError>) -> String {
    match r {
        Ok(_) => "ok".into(),
        Err(e) => {
            assert!(
                INPUT_KINDS.contains(&e.kind().as_str()),
                "{field}: refused with {} ({e})",
                e.kind()
            );
            assert!(!e.message_da().is_empty());
            e.kind().as_str().into()
        }
    }
}

/// A valid CPR number no fixture value contains: 1900s birth dates, sequence by index.
fn generated_cpr(i: usize) -> String {
    format!(
        "{:02}{:02}{:02}-{:04}",
        1 + i % 28,
        1 + (i / 28) % 12,
        40 + i / 336,
        1000 + i
    )
}

/// What a field trims: surrounding whitespace.
fn trimmed(v: &str) -> &str {
    v.trim()
}

struct Run {
    core: Core,
    meeting: Meeting,
    cprs: Vec<String>,
    /// Outcomes: (case name, field) -> "ok" / kind.
    outcomes: Vec<(String, &'static str, String)>,
    pdf_ms: u128,
    pdf_pages: usize,
    unsupported: usize,
    /// Where each rendered PDF is written for pdftotext.
    pdf_dir: faelles_tests::UserDir,
    pdf_read_ms: u128,
    /// Time spent validating (PDF/A-2a, PDF/UA-1, qpdf, pdffonts, pdfinfo).
    pdf_validate_ms: u128,
}

#[test]
fn hostile_fixture_has_the_cases_the_issue_lists() {
    let f = fixture();
    assert!(f.cases.len() >= 60, "{} cases", f.cases.len());
    let mut names: Vec<&str> = f.cases.iter().map(|c| c.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), f.cases.len(), "case names are unique");
    let values: Vec<String> = f.cases.iter().map(Case::value).collect();
    let any = |p: &dyn Fn(&str) -> bool| values.iter().any(|v| p(v));
    assert!(any(&|v| v.contains("</textarea>")));
    assert!(any(&|v| v.contains("'); DROP TABLE citizen;--")));
    assert!(any(&|v| v.len() >= 10 * 1024 * 1024));
    assert!(any(&|v| v.contains('\0')));
    assert!(any(&|v| v.contains("\r\n") && v.contains('\r')));
    assert!(any(&|v| v.contains('\u{202E}')));
    assert!(any(&|v| v.contains('\u{200B}')));
    assert!(any(
        &|v| v.contains('\u{200D}') && v.chars().any(|c| c > '\u{FFFF}')
    ));
    assert!(any(&|v| v.contains('\u{1F3FD}')));
    for d in ["2026-02-30", "0000-00-00", "9999-99-99", ""] {
        assert!(any(&|v| v == d), "{d:?}");
    }
    assert!(!f.json_cases.is_empty());
}

#[test]
fn every_hostile_value_in_every_field_is_kept_as_typed_or_refused_with_a_kind() {
    let started = Instant::now();
    let f = fixture();
    let (core, meeting, _) = meeting_with_cases(&[]);
    let mut run = Run {
        core,
        meeting,
        cprs: Vec::new(),
        outcomes: Vec::new(),
        pdf_ms: 0,
        pdf_pages: 0,
        unsupported: 0,
        pdf_dir: faelles_tests::user_dir(),
        pdf_read_ms: 0,
        pdf_validate_ms: 0,
    };
    let mut failures = Vec::new();
    for (i, case) in f.cases.iter().enumerate() {
        if let Err(p) = catch_unwind(AssertUnwindSafe(|| run.one(i, case))) {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failures.push(format!("{}: {msg}", case.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(run.core.store().integrity_check().unwrap(), "ok");
    // The tables the SQL cases name are all still there.
    for t in ["citizen", "section_note", "meeting"] {
        let n: i64 = run
            .core
            .store()
            .conn()
            .query_row(&format!("SELECT COUNT(*) FROM \"{t}\""), [], |r| r.get(0))
            .unwrap();
        assert!(n > 0, "{t}");
    }
    let refused = run.outcomes.iter().filter(|o| o.2 != "ok").count();
    let mut kinds: HashMap<&str, usize> = HashMap::new();
    for o in &run.outcomes {
        *kinds.entry(o.2.as_str()).or_default() += 1;
    }
    let mut kinds: Vec<_> = kinds.into_iter().collect();
    kinds.sort();
    println!(
        "hostile inputs: {} cases, {} field checks ({} accepted, {refused} refused: {kinds:?}); \
         PDFs {} pages in {} ms, read back in {} ms, validated (PDF/A-2a, PDF/UA-1, qpdf, \
         pdffonts, pdfinfo) in {} ms, {} unsupported characters reported; {:.1} s",
        f.cases.len(),
        run.outcomes.len(),
        run.outcomes.len() - refused,
        run.pdf_pages,
        run.pdf_ms,
        run.pdf_read_ms,
        run.pdf_validate_ms,
        run.unsupported,
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn ten_megabyte_paste_is_refused_and_the_section_keeps_its_text() {
    let (mut core, m, cases) = meeting_with_cases(&["050505-5555"]);
    let case = cases[0];
    core.save_section(case, "bolig_hverdag", "Bor i egen lejlighed.", 0)
        .unwrap();
    core.preview_section(case, "bolig_hverdag", "Bor i egen lejlighed. Ny", 1)
        .unwrap();
    core.save_theme_notes(m.id, "Temaets noter", 0).unwrap();
    let paste = "æ".repeat(10 * 1024 * 1024);
    let t = Instant::now();
    let err = core
        .save_section(case, "bolig_hverdag", &paste, 1)
        .unwrap_err();
    assert!(
        matches!(err, CoreError::TooLong { len, max, .. } if len == paste.chars().count() && max == limits::NOTE),
        "{err:?}"
    );
    assert!(err.message_da().contains("200000"));
    let err = core
        .preview_section(case, "bolig_hverdag", &paste, 1)
        .unwrap_err();
    assert_eq!(err.kind(), "TooLong");
    let err = core.save_theme_notes(m.id, &paste, 1).unwrap_err();
    assert_eq!(err.kind(), "TooLong");
    let elapsed = t.elapsed();
    assert_eq!(
        note(&core, case, "bolig_hverdag"),
        ("Bor i egen lejlighed.".to_string(), 1)
    );
    // The screen still shows the last typed (valid) text, not the paste.
    assert_eq!(
        core.draft(case, "bolig_hverdag"),
        Some("Bor i egen lejlighed. Ny")
    );
    let json = serde_json::to_string(&projection::for_case(&core, case).unwrap()).unwrap();
    assert!(json.contains("Bor i egen lejlighed. Ny") && !json.contains("ææææ"));
    assert_eq!(core.theme_notes_text(m.id).unwrap(), "Temaets noter");
    println!("10 MB paste refused three times in {elapsed:?}");
}

#[test]
fn lone_surrogates_from_the_webview_fail_to_deserialise_without_a_panic() {
    for c in fixture().json_cases {
        let r = catch_unwind(|| {
            (
                serde_json::from_str::<serde_json::Value>(&c.json).map(|_| ()),
                serde_json::from_str::<String>(&c.json).map(|_| ()),
                serde_json::from_str::<AgreementInput>(&c.json).map(|_| ()),
                serde_json::from_str::<CitizenInput>(&c.json).map(|_| ()),
            )
        })
        .unwrap_or_else(|_| panic!("{}: deserialising panicked", c.name));
        let e = r.0.expect_err(&c.name);
        assert_eq!(
            e.classify(),
            serde_json::error::Category::Syntax,
            "{}",
            c.name
        );
        assert!(r.1.is_err() && r.2.is_err() && r.3.is_err(), "{}", c.name);
    }
    // A proper pair is one character; invalid UTF-8 is an error too.
    assert_eq!(
        serde_json::from_str::<String>("\"\\ud83d\\ude00\"").unwrap(),
        "\u{1F600}"
    );
    assert!(serde_json::from_slice::<String>(b"\"\xff\xfe\"").is_err());
}

#[test]
fn meeting_dates_an_rfc3339_timestamp_cannot_hold_are_refused_and_meetings_still_read() {
    let (mut core, m, cases) = meeting_with_cases(&["060606-6666"]);
    for date in [
        "-0001-01-01",
        "+10000-01-01",
        "+002026-07-01",
        "20260-07-01",
    ] {
        let r = core.save_meeting(&MeetingInput {
            date: date.into(),
            start: "10:00".into(),
            ..Default::default()
        });
        assert_eq!(
            r.as_ref().map(|_| ()).map_err(|e| e.kind().as_str()),
            Err("InvalidDate"),
            "{date}"
        );
        let r = core.add_consent(
            core.case(cases[0]).unwrap().citizen_id,
            &ConsentInput {
                given_on: date.into(),
                ..Default::default()
            },
        );
        assert_eq!(
            r.map(|_| ()).map_err(|e| e.kind().as_str()),
            Err("InvalidDate"),
            "{date}"
        );
    }
    assert_eq!(core.meetings().unwrap().len(), 1);
    core.case_detail(cases[0]).unwrap();
    projection::for_case(&core, cases[0]).unwrap();
    core.agenda(m.id).unwrap();
}
