//! Bundled fonts and their metrics: DejaVu Sans (regular + bold) for text, and Symbola as
//! the fallback for symbols and emoji that DejaVu lacks (chosen per character).
//!
//! Glyph ids, coverage and advance widths are read with `ttf-parser` straight from the
//! font bytes; krilla gets the same bytes for embedding (it subsets them and writes the
//! Unicode maps).

use std::sync::OnceLock;

use crate::PdfError;

// assets/fonts/*.ttf, DEFLATE-compressed by build.rs (2.3 MB less in the binary).
static REGULAR_Z: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/DejaVuSans.ttf.deflate"));
static BOLD_Z: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/DejaVuSans-Bold.ttf.deflate"));
static SYMBOLS_Z: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/Symbola.ttf.deflate"));

/// A bundled font's bytes, inflated (once per process: only the fonts' `OnceLock` calls it,
/// and they live as long as the process, as the embedded bytes did).
fn inflate(packed: &'static [u8], name: &str) -> Result<&'static [u8], PdfError> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(packed.len() * 2);
    flate2::read::DeflateDecoder::new(packed)
        .read_to_end(&mut bytes)
        .map_err(|e| PdfError::Font(format!("bundled font {name} could not be unpacked: {e}")))?;
    Ok(Box::leak(bytes.into_boxed_slice()))
}

/// The style a piece of text asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FontKind {
    Regular,
    Bold,
}

/// The face that actually draws a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Face {
    Regular,
    Bold,
    /// Fallback for symbols and emoji (one weight).
    Symbols,
}

impl FontKind {
    fn face(self) -> Face {
        match self {
            FontKind::Regular => Face::Regular,
            FontKind::Bold => Face::Bold,
        }
    }

    fn other(self) -> Face {
        match self {
            FontKind::Regular => Face::Bold,
            FontKind::Bold => Face::Regular,
        }
    }
}

/// Characters below this code point have their glyph cached in a flat table.
const TABLE_LIMIT: usize = 0x3000;

/// A glyph of a face: its id and advance in font units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct GlyphInfo {
    pub(crate) id: u16,
    pub(crate) advance: u16,
}

/// Metrics of one face, in font units.
pub(crate) struct FaceMetrics {
    face: ttf_parser::Face<'static>,
    pub(crate) units_per_em: f32,
    /// Glyph for chars < TABLE_LIMIT, `None` if not covered.
    table: Vec<Option<GlyphInfo>>,
    pub(crate) ascent: f32,
    pub(crate) descent: f32,
    /// The face for krilla (embedding and subsetting).
    pub(crate) pdf: krilla::text::Font,
}

impl FaceMetrics {
    fn new(bytes: &'static [u8], name: &str) -> Result<Self, PdfError> {
        let face = ttf_parser::Face::parse(bytes, 0)
            .map_err(|e| PdfError::Font(format!("bundled font {name} could not be parsed: {e}")))?;
        let pdf = krilla::text::Font::new(bytes.into(), 0)
            .ok_or_else(|| PdfError::Font(format!("krilla could not read the font {name}")))?;
        let units_per_em = f32::from(face.units_per_em().max(1));
        let table = (0..TABLE_LIMIT as u32)
            .map(|cp| char::from_u32(cp).and_then(|c| raw_glyph(&face, c)))
            .collect();
        let ascent = f32::from(face.ascender()) / units_per_em;
        let descent = -f32::from(face.descender()) / units_per_em;
        Ok(FaceMetrics {
            face,
            units_per_em,
            table,
            ascent,
            descent,
            pdf,
        })
    }

    /// The glyph for `c`, or `None` if the face has none.
    pub(crate) fn glyph(&self, c: char) -> Option<GlyphInfo> {
        let cp = c as usize;
        if cp < TABLE_LIMIT {
            self.table[cp]
        } else {
            raw_glyph(&self.face, c)
        }
    }

    pub(crate) fn has(&self, c: char) -> bool {
        self.glyph(c).is_some()
    }
}

fn raw_glyph(face: &ttf_parser::Face<'_>, c: char) -> Option<GlyphInfo> {
    let gid = face.glyph_index(c)?;
    if gid.0 == 0 {
        return None;
    }
    Some(GlyphInfo {
        id: gid.0,
        advance: face.glyph_hor_advance(gid).unwrap_or(0),
    })
}

/// The three faces (parsed once per process).
pub(crate) struct Fonts {
    pub(crate) regular: FaceMetrics,
    pub(crate) bold: FaceMetrics,
    pub(crate) symbols: FaceMetrics,
}

static FONTS: OnceLock<Result<Fonts, PdfError>> = OnceLock::new();

pub(crate) fn fonts() -> Result<&'static Fonts, PdfError> {
    FONTS
        .get_or_init(|| {
            Ok(Fonts {
                regular: FaceMetrics::new(inflate(REGULAR_Z, "DejaVuSans.ttf")?, "DejaVuSans.ttf")?,
                bold: FaceMetrics::new(
                    inflate(BOLD_Z, "DejaVuSans-Bold.ttf")?,
                    "DejaVuSans-Bold.ttf",
                )?,
                symbols: FaceMetrics::new(inflate(SYMBOLS_Z, "Symbola.ttf")?, "Symbola.ttf")?,
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

impl Fonts {
    pub(crate) fn face(&self, face: Face) -> &FaceMetrics {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
            Face::Symbols => &self.symbols,
        }
    }

    /// Metrics for line boxes: always those of the text face of the style.
    pub(crate) fn style_face(&self, kind: FontKind) -> &FaceMetrics {
        self.face(kind.face())
    }

    /// True if at least one bundled face can draw `c`.
    pub(crate) fn covers(&self, c: char) -> bool {
        self.regular.has(c) || self.bold.has(c) || self.symbols.has(c)
    }

    /// The face that draws `c` when `preferred` is asked for: the preferred text face if it
    /// has the glyph, else the other weight, else the symbols face (else the preferred one,
    /// which only happens for characters the sanitiser has already replaced).
    pub(crate) fn resolve(&self, preferred: FontKind, c: char) -> Face {
        [preferred.face(), preferred.other(), Face::Symbols]
            .into_iter()
            .find(|f| self.face(*f).has(c))
            .unwrap_or(preferred.face())
    }

    /// Advance width of `c` in points at `size`, using the face that will draw it.
    pub(crate) fn char_width(&self, preferred: FontKind, c: char, size: f32) -> f32 {
        let face = self.face(self.resolve(preferred, c));
        match face.glyph(c) {
            Some(g) => f32::from(g.advance) / face.units_per_em * size,
            None => 0.0,
        }
    }

    pub(crate) fn text_width(&self, preferred: FontKind, s: &str, size: f32) -> f32 {
        s.chars().map(|c| self.char_width(preferred, c, size)).sum()
    }
}
