//! Bundled fonts (DejaVu Sans regular + bold) and their metrics.
//!
//! Glyph coverage and advance widths are read with `ttf-parser` straight from the
//! font bytes; printpdf only gets the fonts for embedding/subsetting.

use std::sync::OnceLock;

use printpdf::ParsedFont;

use crate::PdfError;

pub(crate) static REGULAR_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
pub(crate) static BOLD_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// Which of the two bundled faces a piece of text is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FontKind {
    Regular,
    Bold,
}

impl FontKind {
    fn other(self) -> FontKind {
        match self {
            FontKind::Regular => FontKind::Bold,
            FontKind::Bold => FontKind::Regular,
        }
    }
}

/// Characters below this code point have their advance cached in a flat table.
const TABLE_LIMIT: usize = 0x3000;
/// Marker in the advance table for "no glyph".
const MISSING: u16 = u16::MAX;

/// Metrics of one face, in font units.
pub(crate) struct FaceMetrics {
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
    /// Advance (font units) for chars < TABLE_LIMIT, `MISSING` if not covered.
    table: Vec<u16>,
    pub(crate) ascent: f32,
    pub(crate) descent: f32,
}

impl FaceMetrics {
    fn new(bytes: &'static [u8]) -> Result<Self, PdfError> {
        let face = ttf_parser::Face::parse(bytes, 0)
            .map_err(|e| PdfError::Font(format!("bundled font could not be parsed: {e}")))?;
        let units_per_em = f32::from(face.units_per_em().max(1));
        let mut table = vec![MISSING; TABLE_LIMIT];
        for (cp, slot) in table.iter_mut().enumerate() {
            if let Some(c) = char::from_u32(cp as u32) {
                *slot = raw_advance(&face, c).unwrap_or(MISSING);
            }
        }
        let ascent = f32::from(face.ascender()) / units_per_em;
        let descent = -f32::from(face.descender()) / units_per_em;
        Ok(FaceMetrics {
            face,
            units_per_em,
            table,
            ascent,
            descent,
        })
    }

    /// Advance in font units, or `None` if the face has no glyph for `c`.
    fn advance_units(&self, c: char) -> Option<u16> {
        let cp = c as usize;
        if cp < TABLE_LIMIT {
            let a = self.table[cp];
            (a != MISSING).then_some(a)
        } else {
            raw_advance(&self.face, c)
        }
    }

    pub(crate) fn has(&self, c: char) -> bool {
        self.advance_units(c).is_some()
    }
}

fn raw_advance(face: &ttf_parser::Face<'_>, c: char) -> Option<u16> {
    let gid = face.glyph_index(c)?;
    if gid.0 == 0 {
        return None;
    }
    // A MISSING-valued advance is impossible in practice; clamp so the table stays unambiguous.
    Some(face.glyph_hor_advance(gid).unwrap_or(0).min(MISSING - 1))
}

/// Both faces plus the printpdf handles (parsed once per process).
pub(crate) struct Fonts {
    pub(crate) regular: FaceMetrics,
    pub(crate) bold: FaceMetrics,
    pub(crate) parsed_regular: ParsedFont,
    pub(crate) parsed_bold: ParsedFont,
}

static FONTS: OnceLock<Result<Fonts, PdfError>> = OnceLock::new();

pub(crate) fn fonts() -> Result<&'static Fonts, PdfError> {
    FONTS
        .get_or_init(|| {
            let regular = FaceMetrics::new(REGULAR_TTF)?;
            let bold = FaceMetrics::new(BOLD_TTF)?;
            let parsed_regular = ParsedFont::from_bytes(REGULAR_TTF, 0, &mut Vec::new())
                .ok_or_else(|| PdfError::Font("printpdf could not parse DejaVuSans.ttf".into()))?;
            let parsed_bold =
                ParsedFont::from_bytes(BOLD_TTF, 0, &mut Vec::new()).ok_or_else(|| {
                    PdfError::Font("printpdf could not parse DejaVuSans-Bold.ttf".into())
                })?;
            Ok(Fonts {
                regular,
                bold,
                parsed_regular,
                parsed_bold,
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

impl Fonts {
    pub(crate) fn face(&self, kind: FontKind) -> &FaceMetrics {
        match kind {
            FontKind::Regular => &self.regular,
            FontKind::Bold => &self.bold,
        }
    }

    /// True if at least one bundled face can draw `c`.
    pub(crate) fn covers(&self, c: char) -> bool {
        self.regular.has(c) || self.bold.has(c)
    }

    /// The face that actually draws `c` when `preferred` is requested: the preferred
    /// face if it has the glyph, otherwise the other one (if it has it).
    pub(crate) fn resolve(&self, preferred: FontKind, c: char) -> FontKind {
        if self.face(preferred).has(c) {
            preferred
        } else if self.face(preferred.other()).has(c) {
            preferred.other()
        } else {
            preferred
        }
    }

    /// Advance width of `c` in points at `size`, using the face that will draw it.
    pub(crate) fn char_width(&self, preferred: FontKind, c: char, size: f32) -> f32 {
        let kind = self.resolve(preferred, c);
        let face = self.face(kind);
        match face.advance_units(c) {
            Some(a) => f32::from(a) / face.units_per_em * size,
            None => 0.0,
        }
    }

    pub(crate) fn text_width(&self, preferred: FontKind, s: &str, size: f32) -> f32 {
        s.chars().map(|c| self.char_width(preferred, c, size)).sum()
    }
}
