//! The text in a PDF: Danish round-trips exactly, every font is embedded, a character no
//! font has is listed before export and drawn as a marker, hostile notes give a valid PDF.

use super::{case_of, demo_core, demo_meetings, info_field, now, text};
use faelles_core::store::{self};
use faelles_pdf::validate::tool_text as tool;
use std::path::Path;

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
