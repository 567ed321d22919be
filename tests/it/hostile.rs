//! Hostile inputs (tests/fixtures/hostile.json) through every field of the core, the screen
//! projection and the PDF engine: each is accepted and read back as typed (trimmed where the
//! field trims), or refused with a typed error; never a panic, never a CPR number on screen.

use crate::backup::cpr_forms;
use faelles_core::chair::AgreementView;
use faelles_core::citizens::{CitizenInput, ConsentInput};
use faelles_core::core::limits;
use faelles_core::domain::{Id, Meeting, Who};
use faelles_core::meetings::MeetingInput;
use faelles_core::run::AgreementInput;
use faelles_core::team::MemberInput;
use faelles_core::testing::{at, note, Fx};
use faelles_core::ErrorKind;
use faelles_core::{projection, Core, CoreError};
use faelles_pdf::{Block, Document};
use serde::Deserialize;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::Instant;
use unicode_bidi::{bidi_class, BidiClass};
use unicode_normalization::UnicodeNormalization;

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

impl Run {
    fn record(&mut self, case: &Case, field: &'static str, got: String) {
        if let Some(want) = case.expect.get(field) {
            assert_eq!(&got, want, "{}: {field}", case.name);
        }
        self.outcomes.push((case.name.clone(), field, got));
    }

    /// An agreement as stored, read back through the case editor.
    fn stored_agreement(&self, case_id: Id, id: Id) -> AgreementView {
        let detail = self.core.case_detail(case_id).unwrap();
        detail.agreements.into_iter().find(|a| a.id == id).unwrap()
    }

    /// One value through every field.
    fn one(&mut self, i: usize, case: &Case) {
        let value = case.value();
        let cpr = generated_cpr(i);
        assert!(
            cpr_forms(&cpr).iter().all(|f| !value.contains(f.as_str())),
            "{}: the value contains a generated CPR number",
            case.name
        );
        let base_name = format!("Borger{i:03}x");
        let citizen = self
            .core
            .save_citizen(&CitizenInput {
                first_name: base_name.clone(),
                last_name: "Test".into(),
                cpr: cpr.clone(),
                consent: Some(ConsentInput {
                    given_on: "2020-01-01".into(),
                    ..Default::default()
                }),
                ..Default::default()
            })
            .unwrap();
        self.cprs.push(cpr.clone());
        let case_id = self.core.add_case(self.meeting.id, citizen.id).unwrap().id;

        // Names: first name, then kaldenavn (what the screen shows).
        for (field, which) in [("name", 0), ("screen_name", 1)] {
            let before = self.core.citizen(citizen.id).unwrap();
            let mut input = CitizenInput {
                id: Some(citizen.id),
                first_name: before.first_name.clone(),
                last_name: "Test".into(),
                screen_name: before.screen_name.clone().unwrap_or_default(),
                ..Default::default()
            };
            if which == 0 {
                input.first_name = value.clone();
            } else {
                input.screen_name = value.clone();
            }
            let r = self.core.save_citizen(&input);
            let got = outcome(field, &r);
            let after = self.core.citizen(citizen.id).unwrap();
            if got == "ok" {
                let stored = if which == 0 {
                    after.first_name.clone()
                } else {
                    after.screen_name.clone().unwrap_or_default()
                };
                assert_eq!(stored, trimmed(&value), "{}: {field} read back", case.name);
                assert_eq!(after.cpr, before.cpr, "an empty CPR field keeps the number");
            } else {
                assert_eq!(
                    after.first_name, before.first_name,
                    "{}: {field}",
                    case.name
                );
                assert_eq!(after.screen_name, before.screen_name);
            }
            self.record(case, field, got);
        }

        // A section note, written over earlier text; the preview (screen draft) first.
        let key = "psykiatri";
        self.core
            .save_section(case_id, key, "Tidligere tekst", 0)
            .unwrap();
        let preview = outcome(
            "preview",
            &self.core.preview_section(case_id, key, &value, 1),
        );
        let r = self.core.save_section(case_id, key, &value, 1);
        let got = outcome("note", &r);
        assert_eq!(preview, got, "{}: preview and save agree", case.name);
        let (text, revision) = note(&self.core, case_id, key);
        let shown = if got == "ok" {
            assert_eq!(r.unwrap(), 2);
            assert!(text == value, "{}: note not byte-identical", case.name);
            assert_eq!(revision, 2);
            value.as_str()
        } else {
            assert_eq!(
                (text.as_str(), revision),
                ("Tidligere tekst", 1),
                "{}: a refused note loses nothing",
                case.name
            );
            "Tidligere tekst"
        };
        let detail = self.core.case_detail(case_id).unwrap();
        let sec = detail.sections.iter().find(|s| s.key == key).unwrap();
        assert!(sec.note.text == shown, "{}: case_detail text", case.name);
        self.record(case, "note", got.clone());
        let note_ok = got == "ok";

        // Theme notes of the meeting (stored as typed).
        let base = self
            .core
            .theme_notes(self.meeting.id)
            .unwrap()
            .note
            .revision;
        let r = self.core.save_theme_notes(self.meeting.id, &value, base);
        let got = outcome("theme_notes", &r);
        if got == "ok" {
            let text = self.core.theme_notes_text(self.meeting.id).unwrap();
            assert!(text == value, "{}: theme notes", case.name);
        }
        self.record(case, "theme_notes", got);

        // Agreement text, and an organisation as who.
        let r = self.core.save_agreement(
            case_id,
            &AgreementInput {
                what: value.clone(),
                who: Some(Who::Citizen),
                ..Default::default()
            },
        );
        let got = outcome("agreement", &r);
        let agreement_ok = got == "ok";
        if let Ok(a) = &r {
            let back = self.stored_agreement(case_id, a.id);
            assert_eq!(back.what, trimmed(&value), "{}: agreement", case.name);
        }
        self.record(case, "agreement", got);
        let r = self.core.save_agreement(
            case_id,
            &AgreementInput {
                what: "Ring til kommunen".into(),
                who: Some(Who::Organisation {
                    name: value.clone(),
                }),
                ..Default::default()
            },
        );
        let got = outcome("agreement_who", &r);
        if let Ok(a) = &r {
            let back = self.stored_agreement(case_id, a.id);
            assert_eq!(
                back.who,
                Some(Who::Organisation {
                    name: trimmed(&value).into()
                })
            );
        }
        self.record(case, "agreement_who", got);

        // Meeting theme and place.
        let m = self.core.meeting(self.meeting.id).unwrap();
        let r = self.core.save_meeting(&MeetingInput {
            id: Some(m.id),
            date: "2026-06-09".into(),
            start: "13:00".into(),
            theme: value.clone(),
            place: value.clone(),
            ..Default::default()
        });
        let got = outcome("theme", &r);
        let back = self.core.meeting(m.id).unwrap();
        if got == "ok" {
            let want = Some(trimmed(&value)).filter(|s| !s.is_empty());
            assert_eq!(back.theme_override.as_deref(), want, "{}: theme", case.name);
            assert_eq!(back.place, trimmed(&value));
        } else {
            assert_eq!(
                back.theme_override, m.theme_override,
                "{}: theme",
                case.name
            );
            assert_eq!(back.place, m.place);
        }
        self.record(case, "theme", got);

        // Dates: consent given on, withdrawn on, a meeting's date and start time.
        let r = self.core.add_consent(
            citizen.id,
            &ConsentInput {
                given_on: value.clone(),
                ..Default::default()
            },
        );
        let got = outcome("date", &r);
        self.record(case, "date", got);
        let r = self.core.save_meeting(&MeetingInput {
            date: value.clone(),
            start: "08:00".into(),
            ..Default::default()
        });
        let got = outcome("meeting_date", &r);
        if let Ok(extra) = r {
            self.core.cancel_meeting(extra.id, "test").unwrap();
        }
        self.record(case, "meeting_date", got);
        let r = self.core.save_meeting(&MeetingInput {
            date: "2026-07-01".into(),
            start: value.clone(),
            ..Default::default()
        });
        let got = outcome("start_time", &r);
        if let Ok(extra) = r {
            self.core.cancel_meeting(extra.id, "test").unwrap();
        }
        self.record(case, "start_time", got);

        // A CPR number for a new citizen.
        let r = self.core.save_citizen(&CitizenInput {
            first_name: "Cpr".into(),
            last_name: format!("Test{i}"),
            cpr: value.clone(),
            ..Default::default()
        });
        let got = outcome("cpr", &r);
        if let Ok(c) = &r {
            let json = serde_json::to_string(c).unwrap();
            let full = self.core.reveal_cpr(c.id).unwrap();
            self.cprs.push(full.clone());
            for f in cpr_forms(&full) {
                assert!(
                    !json.contains(&f),
                    "{}: a citizen serialises masked",
                    case.name
                );
            }
        }
        self.record(case, "cpr", got);

        // A participant's name (shown on screen as present).
        let r = self.core.save_participant(&MemberInput {
            role: "psykiater".into(),
            name: value.clone(),
            fixed: false,
            ..Default::default()
        });
        self.record(case, "participant", outcome("participant", &r));

        // Withdrawal date last: it ends the consent the case was added with.
        let consent = self.core.consents(citizen.id).unwrap()[0].id;
        let r = self.core.withdraw_consent(consent, &value);
        self.record(case, "withdrawn_on", outcome("withdrawn_on", &r));

        self.check_screen(case, case_id, &value, shown, agreement_ok);
        if note_ok {
            self.check_pdf(case, &value);
        }
    }

    /// The screen projection: the text as JSON string data, never a CPR number.
    fn check_screen(&self, case: &Case, case_id: Id, value: &str, shown: &str, agreement: bool) {
        // A withdrawal dated on or before the meeting ends the consent: from then on the
        // screen gets nothing of the case (consent is checked at every use).
        let view = match projection::for_case(&self.core, case_id) {
            Ok(view) => view,
            Err(e) => {
                assert_eq!(
                    e.kind(),
                    ErrorKind::ConsentWithdrawn,
                    "{}: {e:?}",
                    case.name
                );
                return;
            }
        };
        let json = serde_json::to_string(&view).unwrap();
        for cpr in &self.cprs {
            for f in cpr_forms(cpr) {
                assert!(
                    !json.contains(&f) || value.contains(&f),
                    "{}: a CPR number on the screen",
                    case.name
                );
            }
        }
        let escaped = serde_json::to_string(shown).unwrap();
        assert!(
            json.contains(&escaped[1..escaped.len() - 1]),
            "{}: the note is not in the screen JSON as a string",
            case.name
        );
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        let section = back["sections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["key"] == "psykiatri")
            .unwrap();
        assert!(section["text"] == shown, "{}: screen text", case.name);
        if agreement {
            assert!(
                back["agreements"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|a| a["what"] == trimmed(value)),
                "{}: agreement on screen",
                case.name
            );
        }
        // No other citizen of the meeting appears by name.
        let others = self.core.cases(self.meeting.id).unwrap();
        for other in others.iter().filter(|c| c.id != case_id) {
            let o = self.core.citizen(other.citizen_id).unwrap();
            if o.first_name.starts_with("Borger") {
                assert!(
                    !json.contains(&o.first_name),
                    "{}: {}",
                    case.name,
                    o.first_name
                );
            }
        }
    }

    /// The PDF: a valid file, or a typed error; unsupported characters reported.
    fn check_pdf(&mut self, case: &Case, value: &str) {
        let short = value.chars().count() <= 5_000;
        let mut blocks = vec![
            Block::Title(if short {
                value.into()
            } else {
                "Referat".into()
            }),
            Block::Heading("Psykiatrisk behandling".into()),
            Block::Paragraph(value.into()),
        ];
        if short {
            blocks.extend([
                Block::Bullets(vec![value.into(), "Æblegrød".into()]),
                Block::KeyValues(vec![("Kontakt:".into(), value.into())]),
                Block::Table {
                    header: vec!["Hvad".into(), "Hvem".into(), "Hvornår".into()],
                    rows: vec![vec![value.into(), value.into(), "1. juli 2026".into()]],
                    widths: vec![3.0, 2.0, 1.5],
                },
                Block::Note(value.into()),
            ]);
        }
        let doc = Document {
            title: if short {
                value.into()
            } else {
                "Referat".into()
            },
            author: "Fælles Team Test".into(),
            subject: "Hostile".into(),
            created: self.core.now(),
            banner: Some("UDKAST".into()),
            footer_left: "Fælles Team Test".into(),
            blocks,
        };
        let unsupported = faelles_pdf::unsupported_chars(&doc);
        for c in &unsupported {
            assert!(
                value.contains(*c),
                "{}: reported {c:?} not in the text",
                case.name
            );
        }
        match case.expect.get("pdf").map(String::as_str) {
            Some("supported") => assert!(unsupported.is_empty(), "{}: {unsupported:?}", case.name),
            Some("unsupported") => assert!(!unsupported.is_empty(), "{}", case.name),
            _ => {}
        }
        self.unsupported += unsupported.len();
        let t = Instant::now();
        let rendered = faelles_pdf::render(&doc);
        self.pdf_ms += t.elapsed().as_millis();
        match rendered {
            Ok(r) => {
                assert!(r.bytes.starts_with(b"%PDF-"), "{}: not a PDF", case.name);
                let tail = String::from_utf8_lossy(&r.bytes[r.bytes.len().saturating_sub(32)..])
                    .into_owned();
                assert!(tail.contains("%%EOF"), "{}: PDF without an end", case.name);
                let t = Instant::now();
                self.check_pdf_text(case, value, short, &unsupported, &r);
                self.pdf_read_ms += t.elapsed().as_millis();
                self.pdf_pages += r.pages;
                // check_pdf_text wrote the file; every hostile PDF is still a lawful letter.
                let t = Instant::now();
                let file = self.pdf_dir.path().join("case.pdf");
                let found = faelles_pdf::validate::all(&r.bytes, &file);
                assert!(
                    found.problems.is_empty(),
                    "{}: {:#?}",
                    case.name,
                    found.problems
                );
                self.pdf_validate_ms += t.elapsed().as_millis();
            }
            Err(e @ faelles_pdf::PdfError::TooManyPages { .. }) => {
                println!("{}: PDF refused: {e}", case.name);
            }
            Err(e) => panic!("{}: PDF failed: {e}", case.name),
        }
    }

    /// What the PDF says, read back with pdftotext: the page count, the value as the engine
    /// documents it (`pdf_text`) in every block that holds it and nothing else in the page
    /// bodies, and no CPR number that the value does not itself contain.
    fn check_pdf_text(
        &self,
        case: &Case,
        value: &str,
        short: bool,
        unsupported: &[char],
        r: &faelles_pdf::Rendered,
    ) {
        let name = &case.name;
        let file = self.pdf_dir.path().join("case.pdf");
        std::fs::write(&file, &r.bytes).unwrap();
        // The whole pages, and the page bodies only (faelles-pdf's layout: header rule at
        // y 62 pt, content from 82 to 774, footer rule at 788), read side by side.
        let (full, body) = std::thread::scope(|s| {
            let full = s.spawn(|| pdftotext(&file, &[]));
            let body = pdftotext(&file, &["-x", "0", "-y", "66", "-W", "596", "-H", "718"]);
            (full.join().expect("pdftotext"), body)
        });

        // No CPR number the value does not contain, also not across a line break.
        let squeezed = skeleton(&full);
        for cpr in &self.cprs {
            for f in cpr_forms(cpr) {
                assert!(
                    value.contains(f.as_str()) || !(full.contains(&f) || squeezed.contains(&f)),
                    "{name}: a CPR number in the PDF"
                );
            }
        }

        // Pages: pdftotext's page breaks, the footer's "Side n af N", a sane count.
        let pages = r.pages;
        assert_eq!(
            full.matches('\u{c}').count(),
            pages,
            "{name}: pages read back"
        );
        for n in [1, pages] {
            assert!(
                full.contains(&format!("Side {n} af {pages}")),
                "{name}: no \"Side {n} af {pages}\""
            );
        }
        let lines = value.lines().count() + 1;
        let nonblank = value.lines().filter(|l| !l.trim().is_empty()).count();
        let chars = value.chars().count();
        let spacing = value
            .chars()
            .filter(|&c| bidi_class(c) != BidiClass::NSM)
            .count();
        // A page body holds at most ~44 lines of 11 pt text and at most ~160 narrow glyphs
        // per line; every copy of the value takes at most its lines plus one line per 10
        // glyphs (the narrowest table column), and a page takes at least 25 such lines.
        let copies = if short { 7 } else { 1 };
        let at_least = 1 + (nonblank / 45).max(spacing / (45 * 160));
        let at_most = 1 + (copies * (lines + chars / 10) + 20).div_ceil(25);
        assert!(
            (at_least..=at_most).contains(&pages),
            "{name}: {pages} pages, expected {at_least}..={at_most}"
        );

        // The text: every copy of the value as documented, plus the fixed words, and nothing
        // else. Title, paragraph, bullet, key/value, two table cells and note when short;
        // only the paragraph (under the title "Referat") when long.
        let want = pdf_text(value, unsupported);
        let mut fixed = if short {
            "Psykiatrisk behandling • Æblegrød Kontakt: Hvad Hvem Hvornår 1. juli 2026".to_string()
        } else {
            "Referat Psykiatrisk behandling".to_string()
        };
        if short {
            // A bullet item with no text gets no bullet.
            if !skeleton(&want).is_empty() {
                fixed += " •";
            }
            // The table's header row is repeated on every page the table continues on.
            let headers =
                body.matches("Hvornår").count() - copies * want.matches("Hvornår").count();
            assert!(
                (1..=pages).contains(&headers),
                "{name}: {headers} table headers on {pages} pages"
            );
            fixed += &" Hvad Hvem Hvornår".repeat(headers - 1);
        }
        let rtl = want.chars().any(is_rtl);
        // pdftotext marks right-to-left runs with embedding controls of its own.
        let read: String = if rtl {
            body.chars()
                .filter(|c| !matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}'))
                .collect()
        } else {
            body.clone()
        };
        let got = counts(&skeleton(&read));
        let mut expected = counts(&skeleton(&fixed));
        for (c, n) in counts(&skeleton(&want)) {
            *expected.entry(c).or_default() += n * copies;
        }
        if got != expected {
            let diff: Vec<_> = got
                .keys()
                .chain(expected.keys())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .filter(|c| got.get(c) != expected.get(c))
                .take(12)
                .map(|c| {
                    format!(
                        "{c:?}: {} read, {} expected",
                        got.get(c).unwrap_or(&0),
                        expected.get(c).unwrap_or(&0)
                    )
                })
                .collect();
            panic!(
                "{name}: the page bodies do not hold the value as documented: {diff:?}\n\
                 expected {} × {:?}\nread {:?}",
                copies,
                clip(&want),
                clip(&read)
            );
        }
        // In order, too: whole copies (title, paragraph, ...); words, where right-to-left
        // text is reordered.
        let skel = skeleton(&read);
        if rtl {
            for word in want.split_whitespace() {
                assert!(
                    read.contains(word),
                    "{name}: {word:?} not in {:?}",
                    clip(&read)
                );
            }
        } else if !skeleton(&want).is_empty() {
            let whole = skel.matches(&skeleton(&want)).count();
            assert!(
                whole >= if short { 3 } else { 1 },
                "{name}: {whole} whole copies of {:?} in {:?}",
                clip(&want),
                clip(&read)
            );
        }
    }
}

/// pdftotext (poppler-utils) on `file` with `args`: the text (UTF-8).
fn pdftotext(file: &Path, args: &[&str]) -> String {
    // -layout: physical lines, so no joining of a line that ends in '-' with the next
    // (which the default mode does, dropping the '-').
    let args: Vec<&str> = ["-layout", "-enc", "UTF-8"]
        .into_iter()
        .chain(args.iter().copied())
        .collect();
    faelles_pdf::validate::tool_text("pdftotext", &args, file)
}

/// What faelles-pdf documents that a text becomes in the PDF (its `unsupported_chars` and
/// the sanitising rules of its text.rs): line ends as '\n', a tab as four spaces, NFC;
/// control characters and invisible formatting characters removed; of the characters no
/// font has (`unsupported`), combining marks (nonspacing: a spacing vowel sign such as
/// Devanagari's U+093F is drawn as "�") and emoji skin-tone modifiers dropped, all others
/// drawn as "�".
fn pdf_text(value: &str, unsupported: &[char]) -> String {
    let mut lines = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                lines.push('\n');
            }
            '\u{85}' | '\u{2028}' | '\u{2029}' => lines.push('\n'),
            '\t' => lines.push_str("    "),
            c => lines.push(c),
        }
    }
    lines
        .nfc()
        .filter_map(|c| match c {
            '\n' => Some(c),
            c if c.is_control() || invisible_format(c) => None,
            c if unsupported.contains(&c) => {
                let nonspacing = bidi_class(c) == BidiClass::NSM;
                let dropped = nonspacing || ('\u{1F3FB}'..='\u{1F3FF}').contains(&c);
                (!dropped).then_some('\u{FFFD}')
            }
            c => Some(c),
        })
        .collect()
}

/// The invisible formatting characters faelles-pdf removes: bidi controls, zero-width
/// characters, variation selectors, fillers, tags (its text.rs, `is_invisible_format`).
fn invisible_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FFA0}' | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

fn is_rtl(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// The text without whitespace (line wrapping and page breaks differ from the input).
fn skeleton(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn counts(s: &str) -> std::collections::BTreeMap<char, usize> {
    let mut m = std::collections::BTreeMap::new();
    for c in s.chars() {
        *m.entry(c).or_default() += 1;
    }
    m
}

/// At most 300 characters of `s`, for failure messages.
fn clip(s: &str) -> String {
    s.chars().take(300).collect()
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
