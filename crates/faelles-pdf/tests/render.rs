//! End-to-end tests: render PDFs and read them back with poppler-utils
//! (pdftotext, pdffonts, pdfinfo) and lopdf.

#[path = "support/sample.rs"]
mod sample;

use faelles_pdf::validate::tool_text as tool;
use std::path::PathBuf;

use faelles_pdf::{render, unsupported_chars, Block, Document, Rendered};
use sample::{base, long_table, meeting, CORPUS};

/// A rendered PDF written into its own temp dir (kept alive with the struct).
struct PdfFile {
    _dir: tempfile::TempDir,
    path: PathBuf,
    rendered: Rendered,
}

fn write(doc: &Document) -> PdfFile {
    let rendered = render(doc).expect("render must succeed");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.pdf");
    std::fs::write(&path, &rendered.bytes).unwrap();
    PdfFile {
        _dir: dir,
        path,
        rendered,
    }
}

fn text(pdf: &PdfFile) -> String {
    tool("pdftotext", &["-enc", "UTF-8"], &pdf.path)
}

fn layout_text(pdf: &PdfFile) -> String {
    tool("pdftotext", &["-layout", "-enc", "UTF-8"], &pdf.path)
}

fn page_text(pdf: &PdfFile, page: usize) -> String {
    let p = page.to_string();
    tool(
        "pdftotext",
        &["-enc", "UTF-8", "-f", &p, "-l", &p],
        &pdf.path,
    )
}

fn pdfinfo(pdf: &PdfFile) -> String {
    tool("pdfinfo", &[], &pdf.path)
}

fn info_field(info: &str, key: &str) -> Option<String> {
    info.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .map(|v| v.trim().to_string())
}

fn info_pages(pdf: &PdfFile) -> usize {
    info_field(&pdfinfo(pdf), "Pages")
        .expect("Pages line")
        .parse()
        .unwrap()
}

/// Collapse all whitespace runs to one space.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A document with exactly `n` pages: one short paragraph per page, separated by
/// full-page spacers.
fn doc_with_pages(n: usize) -> Document {
    let mut doc = base("Sidetal");
    for i in 0..n {
        if i > 0 {
            doc.blocks.push(Block::Spacer(10_000.0));
        }
        doc.blocks
            .push(Block::Paragraph(format!("Indhold på side {}", i + 1)));
    }
    doc
}

fn with_blocks(blocks: Vec<Block>) -> Document {
    let mut doc = base("Test");
    doc.blocks = blocks;
    doc
}

// ---------------------------------------------------------------------------
// Text fidelity
// ---------------------------------------------------------------------------

#[test]
fn danish_corpus_round_trips_through_pdftotext() {
    let mut doc = base("Æblegrød");
    doc.blocks = vec![
        Block::Title("Æblegrød på Ørestad".into()),
        Block::Paragraph(CORPUS.into()),
        Block::Bullets(vec![CORPUS.into()]),
        Block::Table {
            header: vec!["Tekst".into()],
            rows: vec![vec![CORPUS.into()]],
            widths: vec![1.0],
        },
    ];
    let pdf = write(&doc);
    let fragments = [
        "Æblegrød på Ørestad",
        "—",
        "„citat“",
        "– tankestreg",
        "• punkt",
        "§ 12,",
        "blåbærsyltetøjsfabrikationsmedarbejderen",
    ];
    for extract in [text(&pdf), layout_text(&pdf)] {
        for f in fragments {
            assert!(extract.contains(f), "missing {f:?} in:\n{extract}");
        }
        // The long compound fits on a line, so it must never be split.
        let whole_lines = extract
            .lines()
            .filter(|l| l.contains("blåbærsyltetøjsfabrikationsmedarbejderen"))
            .count();
        assert_eq!(whole_lines, 3, "compound split somewhere:\n{extract}");
    }
    // Line wrapping only ever happens at the spaces: the corpus comes back exactly.
    let plain = squash(&text(&pdf));
    assert_eq!(plain.matches(CORPUS).count(), 3, "{plain}");
}

#[test]
fn html_and_script_strings_appear_literally() {
    let evil = "<script>alert('x')</script> <b>fed</b> &amp; &lt;i&gt; \"citat\" ${HOME} %s \\n";
    let doc = with_blocks(vec![
        Block::Heading(evil.into()),
        Block::Paragraph(evil.into()),
        Block::KeyValues(vec![(evil.into(), evil.into())]),
    ]);
    let pdf = write(&doc);
    // Wrapped over lines, but otherwise byte-for-byte the input.
    let t = squash(&text(&pdf));
    assert_eq!(t.matches(evil).count(), 4, "{t}");
}

#[test]
fn line_endings_tabs_and_blank_lines_are_normalised() {
    let doc = with_blocks(vec![Block::Paragraph(
        "første linje\r\nanden linje\rtredje\tlinje\n\n\nefter afsnit".into(),
    )]);
    let pdf = write(&doc);
    let lines: Vec<String> = text(&pdf)
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    for want in ["første linje", "anden linje", "efter afsnit"] {
        assert!(
            lines.iter().any(|l| l == want),
            "{want:?} not a line: {lines:?}"
        );
    }
    assert!(lines
        .iter()
        .any(|l| squash(l) == "tredje linje" && l.contains("tredje ")));
}

// ---------------------------------------------------------------------------
// Fonts and metadata
// ---------------------------------------------------------------------------

#[test]
fn all_fonts_are_embedded_and_subset() {
    let pdf = write(&meeting(2));
    let out = tool("pdffonts", &[], &pdf.path);
    let rows: Vec<&str> = out
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(
        rows.len(),
        2,
        "expected regular + bold (no symbols used):\n{out}"
    );
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type(2 words: CID TrueType) encoding emb sub uni object-id gen
        let n = cols.len();
        assert!(n >= 7, "{row}");
        let (emb, sub) = (cols[n - 5], cols[n - 4]);
        assert_eq!(emb, "yes", "font not embedded: {row}");
        assert_eq!(sub, "yes", "font not subset: {row}");
        assert!(cols[0].contains("+DejaVuSans"), "{row}");
    }
}

#[test]
fn metadata_page_count_and_language() {
    let mut doc = meeting(3);
    doc.title = "Referat – Ærø".into();
    doc.author = "Team Øst".into();
    doc.subject = "Netværksmøde".into();
    let pdf = write(&doc);
    let info = pdfinfo(&pdf);
    assert_eq!(info_field(&info, "Title").as_deref(), Some("Referat – Ærø"));
    assert_eq!(info_field(&info, "Author").as_deref(), Some("Team Øst"));
    assert_eq!(
        info_field(&info, "Subject").as_deref(),
        Some("Netværksmøde")
    );
    let created = info_field(&info, "CreationDate").expect("CreationDate");
    assert!(
        created.contains("2025") && created.contains("Mar"),
        "{created}"
    );
    let pages: usize = info_field(&info, "Pages").unwrap().parse().unwrap();
    assert_eq!(pages, pdf.rendered.pages);
    assert!(pages >= 3, "3 sections should give ≥3 pages, got {pages}");

    // /Lang (da) in the catalog (checked structurally with lopdf), the title shown.
    let lo = lopdf::Document::load_mem(&pdf.rendered.bytes).expect("lopdf parses it");
    let catalog = lo.catalog().unwrap();
    let lang = catalog.get(b"Lang").unwrap().as_str().unwrap();
    assert_eq!(lang, b"da");
    let prefs = catalog.get(b"ViewerPreferences").unwrap();
    let prefs = match prefs {
        lopdf::Object::Reference(r) => lo.get_dictionary(*r).unwrap(),
        other => other.as_dict().unwrap(),
    };
    assert!(prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());
    assert_eq!(info_field(&info, "Tagged").as_deref(), Some("yes"));
    assert!(lo.get_encrypted().is_err(), "no encryption");
}

#[test]
fn every_page_is_a4() {
    let pdf = write(&meeting(1));
    let info = pdfinfo(&pdf);
    let size = info_field(&info, "Page size").unwrap();
    assert!(size.contains("(A4)"), "{size}");
}

// ---------------------------------------------------------------------------
// Pagination
// ---------------------------------------------------------------------------

#[test]
fn page_numbers_are_right_for_1_2_and_20_pages() {
    for n in [1usize, 2, 20] {
        let pdf = write(&doc_with_pages(n));
        assert_eq!(pdf.rendered.pages, n);
        assert_eq!(info_pages(&pdf), n);
        for p in 1..=n {
            let t = page_text(&pdf, p);
            assert!(
                t.contains(&format!("Side {p} af {n}")),
                "page {p}/{n}:\n{t}"
            );
            assert!(
                t.contains(&format!("Indhold på side {p}")),
                "page {p}/{n}:\n{t}"
            );
            assert!(
                t.contains("Fælles Team Nord"),
                "footer_left on page {p}:\n{t}"
            );
        }
    }
}

#[test]
fn natural_flow_numbers_every_page() {
    let pdf = write(&meeting(11));
    let n = pdf.rendered.pages;
    assert!((10..=14).contains(&n), "11 sections gave {n} pages");
    assert_eq!(info_pages(&pdf), n);
    for p in 1..=n {
        assert!(page_text(&pdf, p).contains(&format!("Side {p} af {n}")));
    }
}

#[test]
fn banner_is_on_every_page() {
    let mut doc = doc_with_pages(3);
    doc.banner = Some("UDKAST".into());
    let pdf = write(&doc);
    for p in 1..=3 {
        assert!(page_text(&pdf, p).contains("UDKAST"), "page {p}");
    }
    // And no banner text when there is none.
    let pdf = write(&doc_with_pages(1));
    assert!(!text(&pdf).contains("UDKAST"));
}

#[test]
fn table_header_repeats_on_continuation_pages_and_rows_stay_whole() {
    let pdf = write(&long_table(90));
    let n = pdf.rendered.pages;
    assert!(n >= 3, "90 rows should need ≥3 pages, got {n}");
    for p in 2..=n {
        let t = page_text(&pdf, p);
        for h in ["Opgave", "Ansvarlig", "Frist"] {
            assert!(t.contains(h), "header {h:?} missing on page {p}:\n{t}");
        }
    }
    // Every row appears exactly once and is never split between pages: both lines of
    // the (wrapped) first cell are on the same page as the row's deadline.
    for i in 0..90 {
        let head = format!("Opgave nummer {i}:");
        let pages_with: Vec<usize> = (1..=n)
            .filter(|&p| page_text(&pdf, p).contains(&head))
            .collect();
        assert_eq!(pages_with.len(), 1, "row {i} on pages {pages_with:?}");
        if i % 15 == 0 {
            let t = squash(&page_text(&pdf, pages_with[0]));
            assert!(t.contains(&format!("{head} følge op på")), "{t}");
        }
    }
}

#[test]
fn table_row_taller_than_a_page_is_split_across_pages() {
    let huge = (0..3000)
        .map(|i| format!("ord{i}"))
        .collect::<Vec<_>>()
        .join(" ");
    let doc = with_blocks(vec![Block::Table {
        header: vec!["Kolonne A".into(), "Kolonne B".into()],
        rows: vec![
            vec!["kort".into(), "række".into()],
            vec![huge.clone(), "ved siden af".into()],
            vec!["sidste".into(), "række".into()],
        ],
        widths: vec![1.0, 1.0],
    }]);
    let pdf = write(&doc);
    assert!(pdf.rendered.pages >= 3, "pages = {}", pdf.rendered.pages);
    let all = squash(&text(&pdf));
    assert!(all.contains("ord0 ord1 ord2"), "start of huge cell");
    assert!(all.contains("ord2999"), "end of huge cell");
    assert!(all.contains("sidste"));
    for p in 2..=pdf.rendered.pages {
        assert!(
            page_text(&pdf, p).contains("Kolonne A"),
            "header on page {p}"
        );
    }
}

#[test]
fn heading_is_never_the_last_thing_on_a_page() {
    // Fill a page almost completely, then a heading + paragraph: the heading must move
    // to the next page together with its paragraph.
    for filler_lines in 30..44 {
        let filler = (0..filler_lines)
            .map(|i| format!("linje {i}"))
            .collect::<Vec<_>>()
            .join("\n");
        let doc = with_blocks(vec![
            Block::Paragraph(filler),
            Block::Heading("Overskrift der skal følge teksten".into()),
            Block::Paragraph("Første linje efter overskriften.".into()),
        ]);
        let pdf = write(&doc);
        for p in 1..=pdf.rendered.pages {
            let t = page_text(&pdf, p);
            if t.contains("Overskrift der skal følge teksten") {
                assert!(
                    t.contains("Første linje efter overskriften."),
                    "orphan heading with {filler_lines} filler lines on page {p}"
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Hostile input
// ---------------------------------------------------------------------------

#[test]
fn one_megabyte_paragraph_renders() {
    let word = "Kommunalbestyrelsen ";
    let big = word.repeat(1_000_000 / word.len());
    assert!(big.len() >= 999_000);
    let pdf = write(&with_blocks(vec![Block::Paragraph(big)]));
    assert!(pdf.rendered.pages > 100, "pages = {}", pdf.rendered.pages);
    assert_eq!(info_pages(&pdf), pdf.rendered.pages);
}

#[test]
fn control_and_bidi_characters_are_stripped() {
    let doc = with_blocks(vec![Block::Paragraph(
        "før\u{0}\u{7}\u{1b}[31mefter\u{85}ny linje abc\u{202E}def \u{2066}x\u{2069} zero\u{200B}width\u{FEFF}"
            .into(),
    )]);
    assert!(unsupported_chars(&doc).is_empty());
    let pdf = write(&doc);
    let t = text(&pdf);
    assert!(t.contains("før[31mefter"), "{t}");
    assert!(t.contains("ny linje abcdef x zerowidth"), "{t}");
    assert!(!t.contains('\u{FFFD}'), "no marker for stripped chars: {t}");
}

#[test]
fn emoji_is_drawn_by_the_symbols_face_and_only_what_no_face_has_is_replaced() {
    let doc = with_blocks(vec![Block::Paragraph(
        "Tak 👍🏽 for i dag ☺ ✔ ♥ 🙂 og 🫠".into(),
    )]);
    // The skin tone cannot be drawn (dropped), nor the emoji newer than every face.
    let bad = unsupported_chars(&doc);
    assert_eq!(bad, vec!['\u{1F3FD}', '\u{1FAE0}']);
    let pdf = write(&doc);
    let t = text(&pdf);
    assert!(t.contains("Tak 👍 for i dag ☺ ✔ ♥ 🙂 og \u{FFFD}"), "{t}");
    let fonts = tool("pdffonts", &[], &pdf.path);
    assert!(fonts.contains("+Symbola"), "{fonts}");
}

#[test]
fn unsupported_chars_covers_all_text_fields() {
    let mut doc = base("Titel 🫠");
    doc.footer_left = "Team 🫎".into();
    doc.banner = Some("UDKAST 🪿".into());
    doc.blocks = vec![
        Block::Heading("a一".into()),
        Block::Bullets(vec!["二".into()]),
        Block::KeyValues(vec![("三".into(), "四".into())]),
        Block::Table {
            header: vec!["五".into()],
            rows: vec![vec!["六".into()]],
            widths: vec![],
        },
        Block::Note("七 七".into()),
        Block::Paragraph("helt almindelig dansk tekst: æøå ÆØÅ é ü ß".into()),
    ];
    let bad = unsupported_chars(&doc);
    let want: Vec<char> = {
        let mut v: Vec<char> = "🫠🫎🪿一二三四五六七".chars().collect();
        v.sort_unstable();
        v
    };
    assert_eq!(bad, want);
    let pdf = write(&doc);
    assert!(text(&pdf).contains('\u{FFFD}'));
}

#[test]
fn arabic_hebrew_and_combining_marks_do_not_break_anything() {
    let doc = with_blocks(vec![
        Block::Heading("مرحبا بالعالم".into()),
        Block::Paragraph("שלום עולם — Hej verden. مرحبا 123 עברית (test)".into()),
        Block::Paragraph("\u{301}\u{308} lone marks, e\u{301} composed, a\u{30A} → å".into()),
        Block::Bullets(vec!["\u{301}".into(), "\u{20DD}\u{1AB0}".into()]),
        Block::Table {
            header: vec!["עמודה".into(), "عمود".into()],
            rows: vec![vec!["אבג".into(), "ابت".into()]],
            widths: vec![1.0, 1.0],
        },
    ]);
    let _ = unsupported_chars(&doc);
    let pdf = write(&doc);
    assert_eq!(info_pages(&pdf), 1);
    let t = text(&pdf);
    assert!(t.contains("é composed"), "NFC composition: {t}");
    assert!(t.contains("å"), "{t}");
}

#[test]
fn ten_thousand_char_word_is_broken_by_characters() {
    let word: String = "abcdefghijklmnopqrstuvwxyzæøå"
        .chars()
        .cycle()
        .take(10_000)
        .collect();
    let url = format!("https://example.dk/{}", "sti/".repeat(60));
    let mut doc = with_blocks(vec![
        Block::Paragraph(format!("Før {word} efter")),
        Block::Bullets(vec![word.clone()]),
        Block::Table {
            header: vec!["a".into(), "b".into()],
            rows: vec![vec![word.clone(), url.clone()]],
            widths: vec![1.0, 0.05],
        },
    ]);
    // No header/footer text in the way when joining the lines back together.
    doc.title.clear();
    doc.footer_left.clear();
    let pdf = write(&doc);
    assert_eq!(info_pages(&pdf), pdf.rendered.pages);
    // All characters of the word come back (broken over lines, where it can be at a
    // hyphenation point with a drawn U+2010 HYPHEN, which is not the word's; nothing lost).
    let joined: String = text(&pdf)
        .lines()
        .filter(|l| !l.starts_with("Side "))
        .flat_map(|l| l.split_whitespace())
        .map(|w| w.trim_end_matches('\u{2010}'))
        .collect();
    assert!(joined.contains(&word), "word lost characters");
}

#[test]
fn degenerate_documents_render() {
    let cases = vec![
        Document::default(),
        with_blocks(vec![]),
        with_blocks(vec![Block::Table {
            header: vec![],
            rows: vec![],
            widths: vec![],
        }]),
        with_blocks(vec![Block::Table {
            header: vec!["kun header".into()],
            rows: vec![],
            widths: vec![f32::NAN],
        }]),
        with_blocks(vec![Block::Table {
            header: vec!["a".into(), "b".into()],
            rows: vec![
                vec![],
                vec!["1".into()],
                vec!["1".into(), "2".into(), "3".into(), "4".into()],
            ],
            widths: vec![-1.0, f32::INFINITY, 0.0],
        }]),
        with_blocks(vec![Block::Table {
            header: (0..300).map(|i| i.to_string()).collect(),
            rows: vec![(0..300).map(|i| format!("celle {i}")).collect()],
            widths: vec![1.0; 300],
        }]),
        with_blocks(vec![
            Block::Spacer(f32::NAN),
            Block::Spacer(-5.0),
            Block::Spacer(f32::INFINITY),
            Block::Spacer(f32::MAX),
            Block::Title(String::new()),
            Block::Heading("   ".into()),
            Block::Paragraph("\n\n\n".into()),
            Block::Bullets(vec![]),
            Block::Bullets(vec![String::new(), "\n".into()]),
            Block::KeyValues(vec![]),
            Block::KeyValues(vec![(String::new(), String::new())]),
            Block::Note("\u{0}".into()),
        ]),
        {
            let mut d = with_blocks(vec![Block::Heading("Sidste overskrift".into())]);
            d.banner = Some("U".repeat(500));
            d.title = "T".repeat(5000);
            d.footer_left = "F\n".repeat(5000);
            d
        },
    ];
    for doc in cases {
        let pdf = write(&doc);
        assert!(pdf.rendered.pages >= 1);
        assert_eq!(info_pages(&pdf), pdf.rendered.pages);
        assert!(text(&pdf).contains(&format!("Side 1 af {}", pdf.rendered.pages)));
    }
}

// ---------------------------------------------------------------------------
// Size
// ---------------------------------------------------------------------------

#[test]
fn two_page_document_is_small() {
    let doc = meeting(1);
    let r = render(&doc).unwrap();
    assert_eq!(r.pages, 2, "fixture should be 2 pages");
    assert!(r.bytes.len() < 100 * 1024, "{} bytes", r.bytes.len());
    assert!(r.bytes.starts_with(b"%PDF-"));
}

// ---------------------------------------------------------------------------
// Determinism
// ---------------------------------------------------------------------------

/// krilla writes the same bytes for the same document: object numbers, font subset tags
/// and the file /ID are all derived from the content.
#[test]
fn rendering_is_deterministic() {
    let doc = meeting(2);
    let first = render(&doc).unwrap();
    for _ in 0..3 {
        let again = render(&doc).unwrap();
        assert_eq!(again.pages, first.pages);
        assert!(
            again.bytes == first.bytes,
            "two renders of one document differ"
        );
    }
    let mut other = meeting(2);
    other.title.push('!');
    assert!(render(&other).unwrap().bytes != first.bytes);
}
