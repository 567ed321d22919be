//! Every kind of document this engine writes is PDF/A-2a and PDF/UA-1: checked offline
//! with `page_validation`, `qpdf --check`, `pdffonts` and `pdfinfo` (faelles_pdf::validate).

#[path = "support/sample.rs"]
mod sample;

use faelles_pdf::{render, validate, Block, Document};
use sample::{base, long_table, meeting, CORPUS};

fn check(label: &str, doc: &Document) -> validate::Findings {
    let r = render(doc).unwrap_or_else(|e| panic!("{label}: render failed: {e}"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.pdf");
    std::fs::write(&path, &r.bytes).unwrap();
    let found = validate::all(&r.bytes, &path);
    assert!(
        found.problems.is_empty(),
        "{label} ({} pages) is not conformant:\n{}",
        r.pages,
        found.problems.join("\n")
    );
    found
}

#[test]
fn a_realistic_meeting_is_pdf_a_2a_and_pdf_ua_1() {
    let found = check("meeting", &meeting(2));
    assert_eq!(found.rules_checked.len(), 2);
    assert!(
        found.rules_checked.iter().all(|(_, n)| *n > 20),
        "{found:?}"
    );
}

#[test]
fn twenty_pages_with_a_table_over_many_pages_and_a_draft_banner() {
    let mut doc = meeting(17);
    doc.banner = Some("UDKAST".into());
    doc.blocks.extend(long_table(60).blocks);
    let r = render(&doc).unwrap();
    assert!(r.pages >= 20, "{} pages", r.pages);
    check("20 pages", &doc);
}

/// The hostile-input corpus: what a note can hold, and degenerate documents.
#[test]
fn hostile_and_degenerate_input_is_still_conformant() {
    let nasty = format!(
        "{CORPUS}\n<script>alert(1)</script> &amp; \u{202E}abc\u{202C} før\u{1b}[31mefter \
         \u{200B}\u{FEFF}\t\r\nTak 👍🏽 🙂 ✔ og 🫠 一二三 \u{0}\u{7F} e\u{301} \
         مرحبا بالعالم שלום עולם {}",
        "ord".repeat(400)
    );
    let cases: Vec<(&str, Document)> = vec![
        ("empty", base("Tom")),
        ("no title", Document::default()),
        (
            "only spaces",
            Document {
                blocks: vec![
                    Block::Paragraph("   \n\n  ".into()),
                    Block::Spacer(f32::NAN),
                ],
                ..base("")
            },
        ),
        (
            "every block with hostile text",
            Document {
                banner: Some(nasty.clone()),
                footer_left: nasty.clone(),
                blocks: vec![
                    Block::Title(nasty.clone()),
                    Block::Subtitle(nasty.clone()),
                    Block::Heading(nasty.clone()),
                    Block::Paragraph(nasty.clone()),
                    Block::Bullets(vec![nasty.clone(), String::new(), "x".into()]),
                    Block::KeyValues(vec![
                        (nasty.clone(), nasty.clone()),
                        (String::new(), String::new()),
                    ]),
                    Block::Table {
                        header: vec![nasty.clone(), String::new(), "C".into()],
                        rows: vec![
                            vec![nasty.clone()],
                            vec![],
                            vec!["a".into(), "b".into(), "c".into(), "d".into()],
                        ],
                        widths: vec![f32::NAN, -1.0],
                    },
                    Block::Note(nasty.clone()),
                ],
                ..base(&nasty)
            },
        ),
        (
            "headings only",
            Document {
                blocks: vec![Block::Heading("Et".into()), Block::Heading("To".into())],
                ..base("Overskrifter")
            },
        ),
        (
            "a table without a header",
            Document {
                blocks: vec![Block::Table {
                    header: vec![],
                    rows: vec![vec!["a".into(), "b".into()]],
                    widths: vec![],
                }],
                ..base("Tabel")
            },
        ),
        (
            "a 10 000 character word",
            Document {
                blocks: vec![Block::Paragraph("x".repeat(10_000))],
                ..base("Langt ord")
            },
        ),
    ];
    for (label, doc) in &cases {
        check(label, doc);
    }
}

/// The check can fail: the same meeting without its language, its tag marker and its
/// structure tree is refused by both profiles.
#[test]
fn the_validators_refuse_an_untagged_copy() {
    let r = render(&meeting(1)).unwrap();
    let mut lo = lopdf::Document::load_mem(&r.bytes).unwrap();
    let catalog = lo.catalog_mut().unwrap();
    for key in [&b"Lang"[..], b"MarkInfo", b"StructTreeRoot"] {
        assert!(
            catalog.remove(key).is_some(),
            "{}",
            String::from_utf8_lossy(key)
        );
    }
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes).unwrap();
    let found = validate::profiles(&bytes);
    for profile in ["PDF/A-2a", "PDF/UA-1"] {
        assert!(
            found.problems.iter().any(|p| p.starts_with(profile)),
            "{profile} found nothing wrong: {found:?}"
        );
    }
}

/// A chart is a Figure with its text alternative; its bars are vector graphics.
#[test]
fn charts_are_figures_with_alt_text_and_conformant() {
    let mut doc = base("Indikatorer");
    doc.blocks = vec![
        Block::Title("Indikatorer".into()),
        Block::Heading("Har du følt dig inddraget?".into()),
        Block::Chart {
            alt: "Søjler pr. møde: ja, delvist, nej, ikke besvaret.".into(),
            legend: vec![
                "Ja".into(),
                "Delvist".into(),
                "Nej".into(),
                "Ikke besvaret".into(),
            ],
            rows: vec![
                ("1. juni 2026".into(), vec![3.0, 1.0, 0.0, 1.0]),
                ("29. juni 2026".into(), vec![0.0, 0.0, 0.0, 0.0]),
                ("27. juli 2026".into(), vec![f32::NAN, -1.0, 2.0, 2.0]),
            ],
        },
        Block::Table {
            header: vec!["Møde".into(), "Ja".into()],
            rows: vec![vec!["1. juni 2026".into(), "3".into()]],
            widths: vec![],
        },
    ];
    check("chart", &doc);
    let r = render(&doc).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chart.pdf");
    std::fs::write(&path, &r.bytes).unwrap();
    let out = validate::tool("pdfinfo", &["-struct-text"], &path).unwrap();
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(tree.contains("Figure"), "{tree}");
}
