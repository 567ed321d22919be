//! What the PDF engine makes of a hostile value: a valid file or a typed error, and the text
//! read back with pdftotext as faelles-pdf documents it.

use super::{Case, Run};
use crate::backup::cpr_forms;
use faelles_pdf::{Block, Document};
use std::path::Path;
use std::time::Instant;
use unicode_bidi::{bidi_class, BidiClass};
use unicode_normalization::UnicodeNormalization;

impl Run {
    /// The PDF: a valid file, or a typed error; unsupported characters reported.
    pub(super) fn check_pdf(&mut self, case: &Case, value: &str) {
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
    pub(super) fn check_pdf_text(
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
        // A word broken at a hyphenation point ends its line with a drawn U+2010 HYPHEN,
        // which is layout, not the value's.
        let body = body.replace("\u{2010}\n", "");
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
