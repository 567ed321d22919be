//! PDF export: the citizen's summary and the minutes, read back with poppler's tools
//! (`pdftotext`, `pdffonts`, `pdfinfo`), the files on disk, the export records, privacy.

use chrono::{DateTime, TimeZone, Utc};
use faelles_core::citizens::{CitizenInput, ConsentInput};
use faelles_core::domain::*;
use faelles_core::export::{self, Exported};
use faelles_core::run::{AgreementInput, CitizenEvalInput, MeetingEvalInput};
use faelles_core::store::{self, Store};
use faelles_core::testing::{at, Fx};
use faelles_core::{demo, Core};
use faelles_pdf::validate::tool_text as tool;
use proptest::prelude::*;
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
    s.split_whitespace().collect::<Vec<_>>().join(" ")
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

#[test]
fn citizen_summary_has_everything_the_citizen_needs_and_no_cpr() {
    let mut core = demo_core();
    let held = demo_meetings(&core)[2].clone();
    assert_eq!(held.status, MeetingStatus::Closed);
    let case = case_of(&core, &held, "Mikkel");
    let dir = faelles_tests::user_dir();
    let out = core.export_citizen_summary(case.id, dir.path()).unwrap();
    let path = Path::new(&out.path);
    assert!(path.is_absolute());
    // The path the chair sees (and Explorer is given): under the user's own name, and on
    // Windows without the `\\?\` prefix `fs::canonicalize` adds there.
    assert!(
        out.path.contains(faelles_tests::USER_NAME) && !out.path.starts_with(r"\\?\"),
        "{}",
        out.path
    );
    assert_eq!(
        path.parent(),
        Some(
            faelles_core::files::canonical(dir.path())
                .unwrap()
                .as_path()
        )
    );
    let date = faelles_core::calendar::local(held.starts_at).date_naive();
    assert_eq!(
        out.file_name,
        format!("{} Opsummering Mikkel S.pdf", date.format("%Y-%m-%d"))
    );
    assert!(!out.draft);
    let t = text(path);
    let flat = squash(&t);
    let date_long = faelles_core::calendar::date_long(date);
    for expected in [
        "Opsummering fra Fælles Team",
        "Til Mikkel Sørensen",
        date_long.as_str(),
        // Who took part, with role, organisation and attendance.
        "Med på mødet",
        "Navn Rolle Organisation Deltog",
        "Mette Vestergaard",
        // Roles in plain words for the citizen.
        "fra psykiatrien (Overlæge)",
        "Regionspsykiatrien Vest",
        "Karin Sørensen",
        "pårørende (Mor)",
        "Til stede",
        // Sections under the citizen's own questions, with the notes.
        "Hvad er det vigtigste for dig lige nu?",
        "At få ro på i lejligheden og komme ud af gælden.",
        "Hvordan går det med din rusmiddelbehandling?",
        "Har nedsat forbruget af hash.",
        // Carried-over agreements and their status.
        "Sådan gik det med aftalerne fra sidst",
        "Søge om boligstøtte",
        "Udført: Bevilget",
        "Kontakt til jobcentret om ressourceforløb",
        "Droppet: Afventer bedre stabilitet",
        // New agreements as a table.
        "Hvad aftaler vi – hvem gør hvad og hvornår?",
        "Hvad Hvem Hvornår",
        "Lave en kriseplan sammen med bostøtten",
        "Jens Østergaard",
        "Afdragsordning på huslejerestancen",
        "Borgerservice",
        // Next meeting and contact.
        "Hvad sker der nu, og hvornår ses vi igen?",
        // The citizen's own next meeting (Mikkel is on the upcoming agenda).
        "Dit næste møde: tirsdag den 17. november 2026 kl. 13.00, Mødelokale 2, Rådhuset",
        "Har du spørgsmål?",
        "Så kontakt Lars Bundgaard fra Rusmiddelcenter Holstebro.",
        "96 11 22 33",
        "lars.bundgaard@example.dk",
        "Side 1 af",
    ] {
        assert!(flat.contains(expected), "missing {expected:?} in:\n{t}");
    }
    assert!(!t.contains("UDKAST"), "a closed meeting is no draft");
    // Only this case: nobody else's name or notes.
    for other in ["Camilla", "Milla", "Thomas", "Ravn", "Nørgaard", "Emma"] {
        assert!(!t.contains(other), "{other} in Mikkel's summary:\n{t}");
    }
    assert_no_cpr(&t, &DEMO_CPRS);

    // Metadata and language.
    assert_eq!(
        info_field(path, "Title"),
        format!(
            "Opsummering fra Fælles Team, {}",
            faelles_core::calendar::date_short(date)
        )
    );
    assert_eq!(info_field(path, "Author"), "Fælles Team Vest");
    assert!(info_field(path, "Subject").starts_with("Opsummering til Mikkel Sørensen"));
    assert!(info_field(path, "CreationDate").starts_with("2026-11-10T09:00:00"));
    assert_eq!(info_field(path, "Page size"), "595.276 x 841.89 pts (A4)");
    let pages: usize = info_field(path, "Pages").parse().unwrap();
    assert!(flat.contains(&format!("Side {pages} af {pages}")));
    let bytes = std::fs::read(path).unwrap();
    let has = |s: &str| bytes.windows(s.len()).any(|w| w == s.as_bytes());
    assert!(has("/Lang(da)"), "document language da");
    // A letter for Digital Post: tagged, PDF/A-2a and PDF/UA-1 (named in the XMP and
    // checked by the validators), fonts embedded, no encryption.
    assert_eq!(info_field(path, "Tagged"), "yes");
    assert!(
        has("<pdfaid:part>2</pdfaid:part>") && has("<pdfaid:conformance>A</pdfaid:conformance>")
    );
    assert!(has("<pdfuaid:part>1</pdfuaid:part>"));
    let found = faelles_pdf::validate::all(&bytes, path);
    assert!(found.problems.is_empty(), "{:#?}", found.problems);
}

#[test]
fn minutes_have_attendance_theme_cases_agreements_and_both_evaluations() {
    let mut core = demo_core();
    let held = demo_meetings(&core)[2].clone();
    let dir = faelles_tests::user_dir();
    let out = core.export_minutes(held.id, dir.path()).unwrap();
    let path = Path::new(&out.path);
    let date = faelles_core::calendar::local(held.starts_at).date_naive();
    assert_eq!(
        out.file_name,
        format!("{} Referat Fælles Team.pdf", date.format("%Y-%m-%d"))
    );
    let t = text(path);
    let flat = squash(&t);
    for expected in [
        "Referat fra Fælles Team",
        "Fælles Team Vest",
        "kl. 13.00–15.00",
        "Mødelokale 2, Rådhuset",
        "Mødeleder: Hanne Kjær",
        "Tovholder: Lars Bundgaard",
        "Afsluttet",
        "1. Fremmøde",
        "Navn Rolle Organisation Fremmøde",
        "Aisha Rahimi",
        "Virtuelt",
        "Fraværende",
        "2. Månedens tema",
        "Oplæg ved klinikken.",
        "3. Borgersager",
        "3.1 Mikkel Sørensen",
        "3.2 Camilla Nørgaard",
        "3.3 Thomas Ravn",
        "Aftale fra tidligere møde Hvem Opfølgning",
        "Udført: Bevilget",
        "Ny aftale Hvem Hvornår",
        "Lave en kriseplan sammen med bostøtten",
        "Ad hoc: Karin Sørensen, Netværk/pårørende (Mor)",
        "4. Aktørernes evaluering af mødet",
        "Effekter: Borgerne fik et samlet overblik",
        "Læringspunkter: Husk at afklare samtykke før mødet.",
        "Bidrog mødet til et mere sammenhængende forløb? Ja",
        "Borgernes evaluering",
        "Borger Inddraget Eget forløb Fælles mål Kommentar",
        "Rart at kunne læse med på skærmen.",
        "Inddraget: »Har du følt dig inddraget?«",
        "5. Eventuelt og næste møde",
        "Næste møde:",
        "Side 1 af",
    ] {
        assert!(flat.contains(expected), "missing {expected:?} in:\n{t}");
    }
    assert!(!t.contains("UDKAST"));
    assert_no_cpr(&t, &DEMO_CPRS);
    // Section notes stay in the citizens' own summaries.
    assert!(!t.contains("Har nedsat forbruget af hash"));
    let found = faelles_pdf::validate::all(&std::fs::read(path).unwrap(), path);
    assert!(found.problems.is_empty(), "{:#?}", found.problems);
}

#[test]
fn documents_of_a_meeting_not_closed_are_drafts_on_every_page() {
    let mut core = demo_core();
    let upcoming = demo_meetings(&core)[3].clone();
    assert_eq!(upcoming.status, MeetingStatus::Planned);
    let case = case_of(&core, &upcoming, "Mikkel");
    // Enough text for several pages.
    let long = "Mikkel fortæller om sin hverdag, om søvnen og om økonomien. ".repeat(120);
    let rev = core
        .case_detail(case.id)
        .unwrap()
        .sections
        .iter()
        .find(|s| s.key == "bolig_hverdag")
        .unwrap()
        .note
        .revision;
    core.save_section(case.id, "bolig_hverdag", &long, rev)
        .unwrap();
    let dir = faelles_tests::user_dir();
    let out = core.export_citizen_summary(case.id, dir.path()).unwrap();
    assert!(out.draft && out.pages >= 2, "{out:?}");
    for page in 1..=out.pages {
        let t = page_text(Path::new(&out.path), page);
        assert!(t.contains("UDKAST"), "page {page} without UDKAST:\n{t}");
        assert!(t.contains(&format!("Side {page} af {}", out.pages)));
    }
    let minutes = core.export_minutes(upcoming.id, dir.path()).unwrap();
    assert!(minutes.draft);
    let t = text(Path::new(&minutes.path));
    assert!(t.contains("UDKAST") && t.contains("mødet er ikke afsluttet"));
    // The citizen's attendance is not registered yet.
    assert!(squash(&t).contains("Borgeren: Ikke registreret"));

    // After closing, no banner.
    core.close_meeting(upcoming.id).unwrap();
    let closed = core.export_minutes(upcoming.id, dir.path()).unwrap();
    assert!(!closed.draft);
    assert!(!text(Path::new(&closed.path)).contains("UDKAST"));
}

#[test]
fn danish_corpus_round_trips_exactly_through_pdftotext() {
    let mut core = demo_core();
    let upcoming = demo_meetings(&core)[3].clone();
    let case = case_of(&core, &upcoming, "Emma");
    let corpus = [
        "Æblegrød på Ørestad – „citat“ og »citat« • § 12, stk. 3.",
        "ÆØÅ æøå é ü ö — 1½ time, 25 °C, 100 % • kl. 13.30",
        "Hvordan går det med økonomien? Søvnen er bedre; hun får ro.",
    ];
    core.save_section(case.id, "vigtigste", &corpus.join("\n"), 0)
        .unwrap();
    core.save_theme_notes(upcoming.id, corpus[0], 0).unwrap();
    let dir = faelles_tests::user_dir();
    let out = core.export_citizen_summary(case.id, dir.path()).unwrap();
    let t = text(Path::new(&out.path));
    for line in corpus {
        assert!(
            t.lines().any(|l| l.trim_end() == line),
            "{line:?} not a line of:\n{t}"
        );
    }
    let minutes = core.export_minutes(upcoming.id, dir.path()).unwrap();
    assert!(text(Path::new(&minutes.path))
        .lines()
        .any(|l| l.trim_end() == corpus[0]));
}

#[test]
fn every_font_is_embedded_and_subset() {
    let mut core = demo_core();
    let held = demo_meetings(&core)[2].clone();
    let dir = faelles_tests::user_dir();
    let case = case_of(&core, &held, "Mikkel");
    for out in [
        core.export_citizen_summary(case.id, dir.path()).unwrap(),
        core.export_minutes(held.id, dir.path()).unwrap(),
    ] {
        let fonts = tool("pdffonts", &[], Path::new(&out.path));
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "no fonts:\n{fonts}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type [type] encoding emb sub uni object ID
            let n = cols.len();
            assert_eq!(
                (cols[n - 5], cols[n - 4]),
                ("yes", "yes"),
                "not embedded+subset: {row}"
            );
            assert!(cols[0].contains('+'), "subset prefix missing: {row}");
        }
        assert!(out.size_bytes < 100 * 1024, "{} bytes", out.size_bytes);
    }
}

#[test]
fn re_export_adds_a_number_and_records_path_and_sha256() {
    let mut core = demo_core();
    let held = demo_meetings(&core)[2].clone();
    let case = case_of(&core, &held, "Camilla");
    let root = faelles_tests::user_dir();
    let dir = root.path().join("eksport");
    let a = core.export_citizen_summary(case.id, &dir).unwrap();
    let b = core.export_citizen_summary(case.id, &dir).unwrap();
    let c = core.export_citizen_summary(case.id, &dir).unwrap();
    assert!(a.file_name.ends_with("Opsummering Camilla N.pdf"), "{a:?}");
    assert!(b.file_name.ends_with("Opsummering Camilla N (2).pdf"));
    assert!(c.file_name.ends_with("Opsummering Camilla N (3).pdf"));
    // The first file is untouched.
    let first = std::fs::read(&a.path).unwrap();
    assert_eq!(sha256(&first), a.record.sha256);
    let records = core.exports(held.id).unwrap();
    assert_eq!(records.len(), 3);
    for (r, e) in records.iter().zip([&a, &b, &c]) {
        assert_eq!(r, &e.record);
        assert_eq!(r.kind, ExportKind::CitizenSummary);
        assert_eq!(r.case_id, Some(case.id));
        assert_eq!(r.meeting_id, held.id);
        assert_eq!(sha256(&std::fs::read(&r.path).unwrap()), r.sha256);
        assert_eq!(r.sha256.len(), 64);
    }
    // Only the three files: no temporary file is left behind.
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 3, "{names:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        for e in [&a, &b, &c] {
            assert_eq!(mode(Path::new(&e.path)), 0o600);
        }
    }
    let m = core.export_minutes(held.id, &dir).unwrap();
    assert_eq!(m.record.kind, ExportKind::Minutes);
    assert_eq!(m.record.case_id, None);
    assert_eq!(core.exports(held.id).unwrap().len(), 4);
}

/// SHA-256 by the system's `sha256sum` (an independent implementation).
fn sha256(bytes: &[u8]) -> String {
    let dir = faelles_tests::user_dir();
    let p = dir.path().join("f");
    std::fs::write(&p, bytes).unwrap();
    tool("sha256sum", &[], &p)[..64].to_string()
}

#[test]
fn export_dir_is_under_the_data_dir_when_set() {
    // The only test in this binary that touches the environment.
    let old = std::env::var_os("FAELLES_DATA_DIR");
    std::env::set_var("FAELLES_DATA_DIR", "/tmp/ft-data");
    assert_eq!(export::export_dir(), Path::new("/tmp/ft-data/eksport"));
    std::env::remove_var("FAELLES_DATA_DIR");
    let default = export::export_dir();
    assert!(default.ends_with("Fælles Team"), "{}", default.display());
    if let Some(v) = old {
        std::env::set_var("FAELLES_DATA_DIR", v);
    }
}

#[test]
fn unsupported_characters_are_listed_before_export_and_drawn_as_a_marker() {
    let mut core = demo_core();
    let upcoming = demo_meetings(&core)[3].clone();
    let mikkel = case_of(&core, &upcoming, "Mikkel");
    core.save_section(mikkel.id, "vigtigste", "Glad 🦀 og klar ✅ – 中文 🫠", 0)
        .unwrap();
    let check = core.export_check(upcoming.id).unwrap();
    assert!(check.draft && !check.closed);
    let m = check
        .cases
        .iter()
        .find(|c| c.case_id == Some(mikkel.id))
        .unwrap();
    // Emoji and symbols are drawn by the fallback face; only what no bundled face has
    // (文 — Symbola has a few CJK ideographs such as 中, not this one — and an emoji newer
    // than the fonts) is reported.
    for c in ["文", "🫠"] {
        assert!(
            m.unsupported.contains(&c.to_string()),
            "{:?}",
            m.unsupported
        );
        assert!(check.unsupported.contains(&c.to_string()));
    }
    for c in ["–", "🦀", "✅"] {
        assert!(!m.unsupported.contains(&c.to_string()), "{c}");
    }
    // Emma's summary and the minutes do not contain Mikkel's note.
    for t in check.cases.iter().filter(|c| c.case_id != Some(mikkel.id)) {
        assert!(t.unsupported.is_empty(), "{t:?}");
    }
    assert!(check.minutes.unsupported.is_empty());
    assert!(core
        .export_unsupported_chars(upcoming.id)
        .unwrap()
        .contains(&'🫠'));
    let dir = faelles_tests::user_dir();
    let out = core.export_citizen_summary(mikkel.id, dir.path()).unwrap();
    assert_eq!(out.unsupported, m.unsupported);
    let t = text(Path::new(&out.path));
    assert!(
        t.contains("Glad 🦀 og klar ✅ – 中\u{FFFD} \u{FFFD}"),
        "{t}"
    );
}

#[test]
fn hostile_notes_give_a_valid_pdf_never_a_panic() {
    let mut core = demo_core();
    let upcoming = demo_meetings(&core)[3].clone();
    let case = case_of(&core, &upcoming, "Emma");
    let megabyte = "Lang tekst uden ende æøå ".repeat(1024 * 1024 / 26);
    let long_word = "x".repeat(20_000);
    let hostile: Vec<(&str, String)> = vec![
        (
            "vigtigste",
            "<script>alert('x')</script><b>fed</b> &amp; <img src=x onerror=1>".into(),
        ),
        (
            "siden_sidst",
            "a\u{0}b\u{7}c\u{1b}[31mrød\u{8}\r\nny linje\tfane".into(),
        ),
        (
            "psykiatri",
            "שלום עולם مرحبا بالعالم \u{202E}kcab\u{202C} ok".into(),
        ),
        ("rusmiddel", "👩‍👩‍👧 🇩🇰 👍🏽 e\u{301} ﷽".into()),
        ("bolig_hverdag", long_word.clone()),
        ("netvaerk", megabyte.clone()),
    ];
    // Straight into the store: the 1 MB note is over what the editor accepts, and NUL is
    // refused there; the PDF must cope with whatever is stored.
    core.store_mut()
        .write(|tx| {
            for (key, text) in &hostile {
                store::save_note(tx, case.id, key, text, 0, now())?;
            }
            Ok(())
        })
        .unwrap();
    core.save_theme_notes(upcoming.id, "<h1>Tema</h1>\u{202E}omgvendt", 0)
        .unwrap();
    let dir = faelles_tests::user_dir();
    let out = core.export_citizen_summary(case.id, dir.path()).unwrap();
    let path = Path::new(&out.path);
    let pages: usize = info_field(path, "Pages").parse().unwrap();
    assert_eq!(pages, out.pages);
    assert!(pages > 100, "1 MB of text is many pages: {pages}");
    let t = text(path);
    assert!(t.contains("<script>alert('x')</script><b>fed</b>"));
    assert!(t.contains("rød"));
    assert!(!t.contains('\u{0}') && !t.contains('\u{1b}'));
    // The thumb is drawn; its skin tone cannot be and is reported.
    assert!(out.unsupported.iter().any(|c| c == "\u{1F3FD}"));
    assert!(!out.unsupported.iter().any(|c| c == "👍"));
    let minutes = core.export_minutes(upcoming.id, dir.path()).unwrap();
    assert!(text(Path::new(&minutes.path)).contains("<h1>Tema</h1>"));
    // Even 1 MB of hostile text is an accessible, archivable letter.
    for file in [path, Path::new(&minutes.path)] {
        let found = faelles_pdf::validate::all(&std::fs::read(file).unwrap(), file);
        assert!(found.problems.is_empty(), "{file:?}: {:#?}", found.problems);
    }
}

#[test]
fn long_agreement_tables_break_across_pages_with_the_header_repeated() {
    let mut core = demo_core();
    let upcoming = demo_meetings(&core)[3].clone();
    let case = case_of(&core, &upcoming, "Emma");
    for i in 0..70 {
        core.save_agreement(
            case.id,
            &AgreementInput {
                what: format!("Aftale nummer {i}: ringe til kommunen om boligen og økonomien"),
                who: Some(Who::Citizen),
                due: Some(Due::NextMeeting),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let dir = faelles_tests::user_dir();
    let out = core.export_citizen_summary(case.id, dir.path()).unwrap();
    assert!(out.pages >= 3, "{}", out.pages);
    let path = Path::new(&out.path);
    let mut header_pages = 0;
    for page in 1..=out.pages {
        let t = squash(&page_text(path, page));
        if t.contains("Aftale nummer") {
            assert!(t.contains("Hvad Hvem Hvornår"), "page {page}: {t}");
            header_pages += 1;
        }
    }
    assert!(header_pages >= 2);
    assert!(squash(&text(path)).contains("Aftale nummer 69"));
}

/// Minutes of twenty pages and more (long theme notes with lists, an agreement table over
/// several pages, a draft banner) are still PDF/A-2a and PDF/UA-1.
#[test]
fn twenty_pages_of_minutes_are_an_accessible_archivable_pdf() {
    let mut core = demo_core();
    let upcoming = demo_meetings(&core)[3].clone();
    let case = case_of(&core, &upcoming, "Emma");
    for i in 0..80 {
        let input = AgreementInput {
            what: format!("Aftale {i}: følge op på boligen, økonomien og behandlingen"),
            who: Some(Who::Citizen),
            due: Some(Due::NextMeeting),
            ..Default::default()
        };
        core.save_agreement(case.id, &input).unwrap();
    }
    let para = "Vi talte om, hvordan samarbejdet mellem kommunen og psykiatrien kan blive \
                mere sammenhængende for borgerne, og om hvem der har opgaven hvornår. ";
    let mut notes = String::new();
    for i in 0..60 {
        notes.push_str(&para.repeat(4));
        notes.push_str(&format!(
            "\n- Punkt {i}: næste skridt aftales\n- Ansvarlig følger op\n\n"
        ));
    }
    core.save_theme_notes(upcoming.id, &notes, 0).unwrap();
    let dir = faelles_tests::user_dir();
    let out = core.export_minutes(upcoming.id, dir.path()).unwrap();
    assert!(out.pages >= 20, "{} pages", out.pages);
    let path = Path::new(&out.path);
    let bytes = std::fs::read(path).unwrap();
    let found = faelles_pdf::validate::all(&bytes, path);
    assert!(found.problems.is_empty(), "{:#?}", found.problems);
    println!(
        "{} pages of minutes, {} KB: {:?} rules checked, no failures",
        out.pages,
        bytes.len() / 1024,
        found.rules_checked
    );
}

#[test]
fn a_cancelled_meeting_is_not_exported() {
    let mut core = demo_core();
    let upcoming = demo_meetings(&core)[3].clone();
    let case = case_of(&core, &upcoming, "Emma");
    core.cancel_meeting(upcoming.id, "Sygdom").unwrap();
    let dir = faelles_tests::user_dir();
    let kind = |e: faelles_core::CoreError| e.kind();
    assert_eq!(
        kind(core.export_minutes(upcoming.id, dir.path()).unwrap_err()),
        "MeetingCancelled"
    );
    assert_eq!(
        kind(
            core.export_citizen_summary(case.id, dir.path())
                .unwrap_err()
        ),
        "MeetingCancelled"
    );
    assert!(core.exports(upcoming.id).unwrap().is_empty());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn an_unwritable_folder_gives_an_io_error_and_no_record() {
    let mut core = demo_core();
    let held = demo_meetings(&core)[2].clone();
    let dir = faelles_tests::user_dir();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, b"x").unwrap();
    let err = core.export_minutes(held.id, &file).unwrap_err();
    assert_eq!(err.kind(), "Io");
    assert!(core.exports(held.id).unwrap().is_empty());
}

// ---------------------------------------------------------------- privacy property

/// A fictional citizen for the property test: names from a pool, unique marker words.
#[derive(Debug, Clone)]
struct Gen {
    first: String,
    last: String,
    cpr: String,
    note: String,
    agreement: String,
}

fn cpr_strategy() -> impl Strategy<Value = String> {
    (1u32..=28, 1u32..=12, 0u32..=99, 0u32..=9999)
        .prop_map(|(d, m, y, s)| format!("{d:02}{m:02}{y:02}-{s:04}"))
}

const FIRST: [&str; 8] = [
    "Mikkel", "Camilla", "Ahmad", "Louise", "Thomas", "Emma", "Bjørn", "Åse",
];
const LAST: [&str; 8] = [
    "Sørensen",
    "Nørgaard",
    "Haddad",
    "Frost",
    "Ravn",
    "Kirk",
    "Ødegaard",
    "Bech",
];

fn citizens_strategy() -> impl Strategy<Value = Vec<Gen>> {
    (
        // Distinct names per meeting.
        Just((0..FIRST.len()).collect::<Vec<usize>>()).prop_shuffle(),
        proptest::collection::vec((cpr_strategy(), "[a-zæøå ]{0,40}"), 2..5),
    )
        .prop_map(|(idx, people)| {
            people
                .into_iter()
                .enumerate()
                .map(|(i, (cpr, filler))| Gen {
                    first: FIRST[idx[i]].into(),
                    last: LAST[idx[i]].into(),
                    cpr,
                    note: format!("Hemmelighed{i}x {filler} slut{i}x"),
                    agreement: format!("Opgave{i}x"),
                })
                .collect()
        })
}

fn private_meeting(people: &[Gen]) -> Option<(Core, Vec<Id>, Meeting)> {
    let mut fx = Fx::builder()
        .now(at("2026-11-10T09:00:00Z"))
        .citizens(0)
        .build();
    let m = fx.meeting("2026-11-24");
    let mut core = fx.core;
    let mut cases = Vec::new();
    for g in people {
        // Generated CPR numbers may repeat or be impossible dates: skip such draws.
        let c = core
            .save_citizen(&CitizenInput {
                first_name: g.first.clone(),
                last_name: g.last.clone(),
                cpr: g.cpr.clone(),
                active: true,
                consent: Some(ConsentInput {
                    given_on: "2026-01-05".into(),
                    ..Default::default()
                }),
                ..Default::default()
            })
            .ok()?;
        let case = core.add_case(m.id, c.id).unwrap();
        for key in ["vigtigste", "naeste_skridt"] {
            core.save_section(case.id, key, &g.note, 0).unwrap();
        }
        core.save_agreement(
            case.id,
            &AgreementInput {
                what: g.agreement.clone(),
                who: Some(Who::Citizen),
                due: Some(Due::NextMeeting),
                ..Default::default()
            },
        )
        .unwrap();
        core.set_citizen_attendance(case.id, Some(Attendance::Present))
            .unwrap();
        core.save_citizen_evaluation(
            case.id,
            &CitizenEvalInput {
                comment: format!("Kommentar fra {}", g.first),
                ..Default::default()
            },
        )
        .unwrap();
        cases.push(case.id);
    }
    core.save_meeting_evaluation(m.id, &MeetingEvalInput::default())
        .unwrap();
    Some((core, cases, m))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// The citizen's file holds no other citizen's name or text and no CPR number, in the
    /// extracted text, in the file name and in the raw bytes.
    #[test]
    fn citizen_file_never_contains_another_citizen_or_a_cpr_number(people in citizens_strategy()) {
        let Some((mut core, cases, meeting)) = private_meeting(&people) else {
            return Ok(());
        };
        let dir = faelles_tests::user_dir();
        let cprs: Vec<&str> = people.iter().map(|g| g.cpr.as_str()).collect();
        for (i, case_id) in cases.iter().enumerate() {
            let doc = core.citizen_summary_document(*case_id).unwrap();
            let out: Exported = core.export_citizen_summary(*case_id, dir.path()).unwrap();
            let t = text(Path::new(&out.path));
            let me = &people[i];
            let mine = format!("Hemmelighed{i}x");
            prop_assert!(t.contains(&me.first) && t.contains(&mine));
            prop_assert!(t.contains(&me.agreement));
            let doc_text = format!("{doc:?}");
            for (j, other) in people.iter().enumerate().filter(|(j, _)| *j != i) {
                for needle in [
                    other.first.clone(),
                    other.last.clone(),
                    format!("Hemmelighed{j}x"),
                    format!("slut{j}x"),
                    other.agreement.clone(),
                ] {
                    prop_assert!(!t.contains(&needle), "{needle} in {}'s file:\n{t}", me.first);
                    prop_assert!(!doc_text.contains(&needle), "{needle} in the document");
                    prop_assert!(!out.file_name.contains(&needle));
                }
            }
            assert_no_cpr(&t, &cprs);
            assert_no_cpr(&doc_text, &cprs);
            let stem = out.file_name.trim_start_matches("2026-11-24 ");
            prop_assert!(!stem.chars().any(|c| c.is_ascii_digit()), "{}", out.file_name);
        }
        // The minutes name every citizen but never a CPR number.
        let out = core.export_minutes(meeting.id, dir.path()).unwrap();
        let t = text(Path::new(&out.path));
        for g in &people {
            let name = format!("{} {}", g.first, g.last);
            prop_assert!(t.contains(&name));
        }
        assert_no_cpr(&t, &cprs);
    }
}

/// The letters around the meeting: the citizen's invitation with the time of their own
/// case (and the case recorded as invited), the participants' agenda, an ad hoc
/// participant's extract — each an accessible, archivable PDF with only what it may hold.
#[test]
fn invitation_agenda_and_extract_are_accessible_letters_with_what_they_may_hold() {
    let mut core = demo_core();
    let upcoming = demo_meetings(&core)[3].clone();
    let emma = case_of(&core, &upcoming, "Emma");
    let mikkel = case_of(&core, &upcoming, "Mikkel");
    assert!(
        !core.case(emma.id).unwrap().citizen_invited,
        "not invited by default"
    );
    let dir = faelles_tests::user_dir();
    let slot = core.case_slot(emma.id).unwrap();
    let out = core.export_invitation(emma.id, dir.path()).unwrap();
    assert_eq!(out.record.kind, ExportKind::Invitation);
    assert!(
        out.file_name.contains("Invitation Emma"),
        "{}",
        out.file_name
    );
    let case = core.case(emma.id).unwrap();
    assert!(case.citizen_invited);
    assert_eq!(case.invited_on, Some(now().date_naive()));
    let path = Path::new(&out.path);
    assert_eq!(out.pages, 1, "one page");
    let flat = squash(&text(path));
    for expected in [
        "Du er inviteret til Fælles Team",
        "tirsdag den 17. november 2026",
        slot.label.as_str(),
        "Mødelokale 2, Rådhuset",
        "Hvem er med",
        "Det taler vi om",
        "Hvordan går det med din psykiatriske behandling?",
        "Du må gerne tage en pårørende",
        "Mødet bliver holdt, også selvom du ikke kan komme",
        "Har du spørgsmål?",
    ] {
        assert!(flat.contains(expected), "missing {expected:?} in {flat}");
    }
    assert!(
        !flat.contains("Mikkel Sørensen") && !flat.contains("Mikkel S."),
        "no other citizen"
    );
    assert_no_cpr(&flat, &DEMO_CPRS);

    let agenda = core.export_agenda(upcoming.id, dir.path()).unwrap();
    let flat_agenda = squash(&text(Path::new(&agenda.path)));
    assert!(flat_agenda.contains("Dagsorden for Fælles Team"));
    assert!(
        flat_agenda.contains("Borgersager: Emma") && flat_agenda.contains("Borgersager: Mikkel S.")
    );
    assert!(
        !flat_agenda.contains("Sørensen"),
        "first name and initial only"
    );
    assert_no_cpr(&flat_agenda, &DEMO_CPRS);

    let extract = core.export_extract(mikkel.id, dir.path()).unwrap();
    let flat_extract = squash(&text(Path::new(&extract.path)));
    assert!(flat_extract.contains("Uddrag af referat fra Fælles Team"));
    assert!(!flat_extract.contains("Emma"), "nothing of other citizens");
    for file in [&out.path, &agenda.path, &extract.path] {
        let p = Path::new(file);
        let found = faelles_pdf::validate::all(&std::fs::read(p).unwrap(), p);
        assert!(found.problems.is_empty(), "{file}: {:#?}", found.problems);
    }
}

/// Consent is checked at every use: after a withdrawal the case cannot be shown on the
/// screen, its agenda item opened, its summary or invitation made — and nothing written
/// is deleted.
#[test]
fn a_withdrawn_consent_stops_every_use_of_the_case_and_keeps_its_notes() {
    let mut core = demo_core();
    let upcoming = demo_meetings(&core)[3].clone();
    let emma = case_of(&core, &upcoming, "Emma");
    core.save_section(emma.id, "vigtigste", "Skrevet før tilbagekaldelsen", 0)
        .unwrap();
    let citizen = core.citizen(emma.citizen_id).unwrap();
    for consent in core.consents(citizen.id).unwrap() {
        core.withdraw_consent(consent.id, "2026-11-01").unwrap();
    }
    let dir = faelles_tests::user_dir();
    let refused = |r: faelles_core::Result<()>| {
        let e = r.unwrap_err();
        assert_eq!(e.kind(), faelles_core::ErrorKind::ConsentWithdrawn);
        assert!(e.message_da().contains("trukket sit samtykke tilbage"));
    };
    refused(faelles_core::projection::for_case(&core, emma.id).map(|_| ()));
    refused(core.export_citizen_summary(emma.id, dir.path()).map(|_| ()));
    refused(core.export_invitation(emma.id, dir.path()).map(|_| ()));
    refused(core.case_calendar(emma.id).map(|_| ()));
    refused(
        core.goto_item(upcoming.id, &faelles_core::run::case_key(emma.id))
            .map(|_| ()),
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no file written"
    );
    let kept = core.case_detail(emma.id).unwrap();
    assert!(kept
        .sections
        .iter()
        .any(|s| s.note.text == "Skrevet før tilbagekaldelsen"));
}

/// The indicators report of the demo data: an accessible PDF whose charts are figures with
/// a text alternative, and the two CSV files beside it. Up to the coming (planned) meeting:
/// it is named and not counted; the small-number rule is said once.
#[test]
fn the_indicators_report_is_an_accessible_pdf_with_charts_and_csv_files() {
    let mut core = demo_core();
    let dir = faelles_tests::user_dir();
    let planned = demo_meetings(&core)[3].clone();
    let to = faelles_core::calendar::local(planned.starts_at)
        .date_naive()
        .to_string();
    let pdf = core
        .export_report_pdf("2026-01-01", &to, dir.path())
        .unwrap();
    let path = Path::new(&pdf);
    let flat = squash(&text(path));
    for expected in [
        "Indikatorer for Fælles Team",
        "Møder holdt: 3",
        "Borgersager: 9",
        "1 planlagt møde i perioden er ikke talt med",
        "Tal for 1 eller 2 borgere vises ikke",
        "Har du følt dig inddraget?",
        "skjult",
        "Aftaler indgået på de afholdte møder i perioden",
        "Læringspunkter",
        "Tidsforbrug pr. punkt",
    ] {
        assert!(flat.contains(expected), "missing {expected:?} in {flat}");
    }
    assert!(!flat.contains("<3"), "{flat}");
    assert_eq!(flat.matches("Tal for 1 eller 2 borgere").count(), 1, "once");
    assert_no_cpr(&flat, &DEMO_CPRS);
    let found = faelles_pdf::validate::all(&std::fs::read(path).unwrap(), path);
    assert!(found.problems.is_empty(), "{:#?}", found.problems);
    // poppler prints heading titles as raw UTF-16: read its output lossily.
    let out = faelles_pdf::validate::tool("pdfinfo", &["-struct-text"], path).unwrap();
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(tree.matches("Figure").count() >= 5, "{tree}");
    for kind in ["cases", "meetings"] {
        let csv = core.export_report_csv(kind, "", "", dir.path()).unwrap();
        assert!(csv.ends_with(".csv"), "{csv}");
        let bytes = std::fs::read(&csv).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    }
    let e = core
        .export_report_csv("other", "", "", dir.path())
        .unwrap_err();
    assert_eq!(e.kind(), faelles_core::ErrorKind::InvalidValue);
}

/// Eventuelt has notes like the theme's, and they are in the minutes.
#[test]
fn eventuelt_notes_are_carried_into_the_minutes() {
    let mut core = demo_core();
    let upcoming = demo_meetings(&core)[3].clone();
    let note = faelles_core::domain::NoteRef::Meeting {
        meeting_id: upcoming.id,
        key: "eventuelt".into(),
    };
    core.save_note(&note, "Husk julefrokosten.\n- Ny mødeleder fra januar", 0)
        .unwrap();
    assert_eq!(
        core.eventuelt_notes(upcoming.id).unwrap().note.text,
        "Husk julefrokosten.\n- Ny mødeleder fra januar"
    );
    let dir = faelles_tests::user_dir();
    let out = core.export_minutes(upcoming.id, dir.path()).unwrap();
    let flat = squash(&text(Path::new(&out.path)));
    assert!(
        flat.contains("5. Eventuelt og næste møde Husk julefrokosten. • Ny mødeleder fra januar"),
        "{flat}"
    );
    // An unknown meeting note is still refused.
    let other = faelles_core::domain::NoteRef::Meeting {
        meeting_id: upcoming.id,
        key: "andet".into(),
    };
    assert!(core.save_note(&other, "x", 0).is_err());
}
