//! `faelles-pdf`: a small block-document layout engine that renders a generic
//! [`Document`] (titles, paragraphs, bullet lists, key/value lines, tables, notes)
//! into an A4 PDF with embedded, subset DejaVu Sans fonts.
//!
//! It knows nothing about the Fælles Team domain; the app maps its data onto
//! [`Block`]s and calls [`render`]. Before exporting, the app can call
//! [`unsupported_chars`] to warn the user about characters (emoji, rare scripts)
//! that the bundled fonts cannot draw; those are shown as "�" in the PDF.
//!
//! ```no_run
//! use faelles_pdf::{render, Block, Document};
//! let doc = Document {
//!     title: "Referat".into(),
//!     author: "Team Nord".into(),
//!     footer_left: "Team Nord".into(),
//!     banner: Some("UDKAST".into()),
//!     blocks: vec![
//!         Block::Title("Netværksmøde".into()),
//!         Block::Paragraph("Æblegrød på Ørestad.".into()),
//!     ],
//!     ..Document::default()
//! };
//! let pdf = render(&doc).unwrap();
//! std::fs::write("referat.pdf", &pdf.bytes).unwrap();
//! ```

mod draw;
mod eol;
mod fonts;
mod layout;
mod structure;
mod text;
#[cfg(feature = "validate")]
pub mod validate;

/// A document to render. All text is plain Unicode; it is sanitised before drawing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// PDF metadata title; also shown small in the page header.
    pub title: String,
    /// Metadata author (the team name).
    pub author: String,
    /// Metadata subject.
    pub subject: String,
    /// Metadata creation (and modification) date.
    pub created: chrono::DateTime<chrono::Utc>,
    /// E.g. "UDKAST": shown prominently in the header of every page.
    pub banner: Option<String>,
    /// Left side of the footer (e.g. the team name); the right side is always "Side X af Y".
    pub footer_left: String,
    /// The content, top to bottom.
    pub blocks: Vec<Block>,
}

/// A block of content.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Big, bold document title.
    Title(String),
    /// Muted line under the title, e.g. the date.
    Subtitle(String),
    /// Bold section heading, kept on the same page as the start of the next block.
    Heading(String),
    /// Body text; '\n' is a line break, a blank line a paragraph gap.
    Paragraph(String),
    /// "•" list with a hanging indent on wrapped lines.
    Bullets(Vec<String>),
    /// Two-column label/value lines, e.g. ("Kontakt:", "Anne Hansen, tlf 12 34 56 78").
    KeyValues(Vec<(String, String)>),
    /// A table with a shaded header row that is repeated on continuation pages.
    /// `widths` are relative column weights (missing/invalid entries count as the mean).
    /// Rows may have fewer or more cells than the header.
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        widths: Vec<f32>,
    },
    /// Smaller grey text.
    Note(String),
    /// A horizontal stacked bar chart drawn as vector graphics and tagged as a Figure with
    /// `alt` as its text alternative (give the data as a table next to it too). Each row is
    /// a label and its parts (non-negative values, drawn as shares of the row's total, in
    /// the order of `legend`); a row with total 0 is drawn as an empty bar.
    Chart {
        alt: String,
        legend: Vec<String>,
        rows: Vec<(String, Vec<f32>)>,
    },
    /// Vertical space in points (clamped to one page; dropped at the top of a page).
    Spacer(f32),
}

/// A rendered PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
}

/// Errors from [`render`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    /// A bundled font could not be parsed (a build problem, not an input problem).
    #[error("font error: {0}")]
    Font(String),
    /// The document would be longer than the safety limit.
    #[error("document too long: more than {limit} pages")]
    TooManyPages { limit: usize },
    /// Writing the PDF structure failed.
    #[error("could not write the PDF: {0}")]
    Write(String),
    /// The PDF would not conform to PDF/A-2a or PDF/UA-1 (krilla's validation at export);
    /// nothing is written.
    #[error("the PDF would not be accessible and archivable (PDF/A-2a, PDF/UA-1): {0}")]
    NotConformant(String),
}

/// The characters in `doc` that no bundled font can draw, sorted and deduplicated.
///
/// In the PDF these are replaced by a visible "�" (combining marks and emoji skin-tone
/// modifiers without a glyph are dropped). Invisible formatting characters (bidi
/// controls, zero-width spaces, variation selectors) and control characters are
/// removed silently and are not reported.
pub fn unsupported_chars(doc: &Document) -> Vec<char> {
    let Ok(fonts) = fonts::fonts() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut check = |s: &str| text::collect_unsupported(fonts, s, &mut out);
    check(&doc.title);
    check(&doc.footer_left);
    if let Some(b) = &doc.banner {
        check(b);
    }
    for block in &doc.blocks {
        match block {
            Block::Title(s)
            | Block::Subtitle(s)
            | Block::Heading(s)
            | Block::Paragraph(s)
            | Block::Note(s) => check(s),
            Block::Bullets(items) => items.iter().for_each(|s| check(s)),
            Block::KeyValues(pairs) => pairs.iter().for_each(|(k, v)| {
                check(k);
                check(v);
            }),
            Block::Table { header, rows, .. } => {
                header.iter().for_each(|s| check(s));
                rows.iter().flatten().for_each(|s| check(s));
            }
            Block::Chart { alt, legend, rows } => {
                check(alt);
                legend.iter().for_each(|s| check(s));
                rows.iter().for_each(|(l, _)| check(l));
            }
            Block::Spacer(_) => {}
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Render `doc` to an A4 PDF.
pub fn render(doc: &Document) -> Result<Rendered, PdfError> {
    let fonts = fonts::fonts()?;
    let (pages, tree) = layout::layout(fonts, doc)?;
    let rendered = draw::draw(fonts, doc, pages, &tree)?;
    Ok(Rendered {
        bytes: eol::unambiguous_stream_ends(rendered.bytes),
        ..rendered
    })
}
