//! What each document holds: the citizen's summary, the minutes (with Eventuelt), drafts,
//! long tables, many pages, the letters around the meeting, the indicators report.

use super::{
    assert_no_cpr, case_of, demo_core, demo_meetings, info_field, now, page_text, squash, text,
    DEMO_CPRS,
};
use faelles_core::domain::*;
use faelles_core::run::AgreementInput;
use std::path::Path;

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
        // Each organisation's answer and texts, in the template's order.
        "Svar fra: Kommunen",
        "Effekter: Borgerne fik et samlet overblik",
        "Læringspunkter: Husk at afklare samtykke før mødet.",
        "Bidrog mødet til et mere sammenhængende forløb? Ja",
        "Svar fra: Regionspsykiatrien",
        "Læringspunkter: Send epikrise før mødet",
        "Borgernes evaluering",
        "Borger Oplevelse Inddraget Eget forløb Fælles mål Sammenhæng Borgerens egne ord",
        "Rart at kunne læse med på skærmen.",
        "Oplevelse: »Hvordan har det været at være med på mødet i dag?«",
        "Inddraget: »Har du følt dig inddraget?«",
        "Sammenhæng: »Oplever du sammenhæng i dit forløb?«",
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
    assert!(flat_agenda.contains("Dagsorden til det faste team"));
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
        .export_report_pdf("2026-01-01", &to, &[], dir.path())
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
        "Aktørerne pr. organisation",
        "Regionspsykiatrien",
        "effekter, erfaringer og læringspunkter",
        "Borgernes egne ord",
        "Invitation og fremmøde",
        "Referat til borgeren (e-Boks)",
        "Oplever du sammenhæng i dit forløb?",
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
    for kind in ["cases", "meetings", "actors"] {
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
