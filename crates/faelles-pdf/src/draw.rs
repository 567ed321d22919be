//! Pass 2: header/footer (now that the page count is known), then drawing with krilla:
//! every text item is marked content of its structure element or an artifact, the
//! structure becomes the tag tree, the headings the outline; the file is written as
//! PDF/A-2a + PDF/UA-1 and krilla's validation refuses anything that is not.

use chrono::{Datelike, Timelike};
use krilla::color::rgb;
use krilla::configure::{Accessibility, Archival, ConfigurationBuilder, ValidationError};
use krilla::destination::XyzDestination;
use krilla::error::KrillaError;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ContentTag, Identifier, SpanTag};
use krilla::text::{GlyphId, KrillaGlyph};
use krilla::SerializeSettings;

use crate::fonts::{FontKind, Fonts};
use crate::layout::{
    push_text_line, Item, Page, Rgb, Style, BANNER, CONTENT_W, FOOTER_BASELINE, FOOTER_RULE_Y,
    HEADER_BASELINE, HEADER_RULE_Y, MARGIN_X, MUTED, PAGE_H, PAGE_W, RULE,
};
use crate::structure::{Art, Mark, NodeId, Tree};
use crate::text::{ellipsize, sanitize_line};
use crate::{Document, PdfError, Rendered};

/// The document language (BCP 47), in the catalog and on the structure root.
pub(crate) const LANG: &str = "da";

const SMALL: Style = Style {
    font: FontKind::Regular,
    size: 9.0,
    line_height: 9.0,
    color: MUTED,
};
const BANNER_STYLE: Style = Style {
    font: FontKind::Bold,
    size: 14.0,
    line_height: 14.0,
    color: BANNER,
};
const BANNER_FILL: Rgb = Rgb(0.99, 0.93, 0.93);

/// Header and footer items for page `index` (0-based) of `total`: all artifacts.
fn page_furniture(
    fonts: &Fonts,
    title: &str,
    banner: &str,
    footer_left: &str,
    index: usize,
    total: usize,
) -> Vec<Item> {
    let mut items = Vec::new();
    let right = MARGIN_X + CONTENT_W;
    let header = Mark::Artifact(Art::Header);
    let footer = Mark::Artifact(Art::Footer);

    // Header: banner box on the right, document title on the left.
    let mut title_room = CONTENT_W;
    if !banner.is_empty() {
        let st = BANNER_STYLE;
        let text = ellipsize(fonts, banner, st.font, st.size, CONTENT_W * 0.5);
        let w = fonts.text_width(st.font, &text, st.size);
        let (pad_x, pad_y) = (8.0, 4.0);
        let face = fonts.style_face(st.font);
        let top = HEADER_BASELINE - face.ascent * st.size - pad_y + 1.5;
        let h = (face.ascent + face.descent) * st.size + 2.0 * pad_y - 1.5;
        let left = right - w - 2.0 * pad_x;
        items.push(Item::FillRect {
            x: left,
            y: top,
            w: w + 2.0 * pad_x,
            h,
            color: BANNER_FILL,
            mark: Mark::Artifact(Art::Header),
        });
        let edge = |x1, y1, x2, y2| Item::Line {
            x1,
            y1,
            x2,
            y2,
            width: 1.0,
            color: BANNER,
            art: Art::Header,
        };
        items.push(edge(left, top, right, top));
        items.push(edge(right, top, right, top + h));
        items.push(edge(right, top + h, left, top + h));
        items.push(edge(left, top + h, left, top));
        let at = (left + pad_x, HEADER_BASELINE);
        push_text_line(fonts, &mut items, &text, at, &st, header);
        title_room = CONTENT_W - (w + 2.0 * pad_x) - 16.0;
    }
    if !title.is_empty() && title_room > 20.0 {
        let text = ellipsize(fonts, title, SMALL.font, SMALL.size, title_room);
        let at = (MARGIN_X, HEADER_BASELINE);
        push_text_line(fonts, &mut items, &text, at, &SMALL, header);
    }
    let rule = |y, art| Item::Line {
        x1: MARGIN_X,
        y1: y,
        x2: right,
        y2: y,
        width: 0.5,
        color: RULE,
        art,
    };
    items.push(rule(HEADER_RULE_Y, Art::Header));

    // Footer.
    items.push(rule(FOOTER_RULE_Y, Art::Footer));
    let page_no = format!("Side {} af {}", index + 1, total);
    let w = fonts.text_width(SMALL.font, &page_no, SMALL.size);
    let at = (right - w, FOOTER_BASELINE);
    push_text_line(fonts, &mut items, &page_no, at, &SMALL, footer);
    if !footer_left.is_empty() {
        let room = CONTENT_W - w - 24.0;
        let text = ellipsize(fonts, footer_left, SMALL.font, SMALL.size, room);
        let at = (MARGIN_X, FOOTER_BASELINE);
        push_text_line(fonts, &mut items, &text, at, &SMALL, footer);
    }
    items
}

fn color(c: Rgb) -> rgb::Color {
    let u = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    rgb::Color::new(u(c.0), u(c.1), u(c.2))
}

fn fill(c: Rgb) -> Fill {
    Fill {
        paint: color(c).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

/// Draw the rules and fills of a page: artifacts, one section per kind in a row, and the
/// bars of a chart as content of its figure.
fn draw_graphics(surface: &mut Surface, items: &[Item], out: &mut Marks) {
    let mut open: Option<Mark> = None;
    let mut close = |surface: &mut Surface, open: &mut Option<Mark>, id: Option<Identifier>| {
        if open.is_some() {
            surface.end_tagged();
        }
        if let (Some(Mark::Content(node)), Some(id)) = (*open, id) {
            out.leaf(node, id);
        }
        *open = None;
    };
    let mut id = None;
    for item in items {
        let (mark, path, paint) = match *item {
            Item::FillRect {
                x,
                y,
                w,
                h,
                color,
                mark,
            } => {
                let mut pb = PathBuilder::new();
                let Some(rect) = Rect::from_xywh(x, y, w.max(0.01), h.max(0.01)) else {
                    continue;
                };
                pb.push_rect(rect);
                (mark, pb.finish(), Ok(color))
            }
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                color,
                art,
            } => {
                let mut pb = PathBuilder::new();
                pb.move_to(x1, y1);
                pb.line_to(x2, y2);
                (Mark::Artifact(art), pb.finish(), Err((color, width)))
            }
            Item::Text { .. } => continue,
        };
        let Some(path) = path else { continue };
        if open != Some(mark) {
            close(surface, &mut open, id.take());
            id = Some(surface.start_tagged(match mark {
                Mark::Artifact(art) => ContentTag::Artifact(Artifact::new(art.kind(), None)),
                Mark::Content(_) => ContentTag::Span(SpanTag::empty()),
            }));
            open = Some(mark);
        }
        match paint {
            Ok(c) => {
                surface.set_stroke(None);
                surface.set_fill(Some(fill(c)));
            }
            Err((c, width)) => {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint: color(c).into(),
                    width,
                    ..Stroke::default()
                }));
            }
        }
        surface.draw_path(&path);
    }
    close(surface, &mut open, id.take());
    surface.set_stroke(None);
}

/// What the text pass learns on the way: each element's marked-content ids, in order,
/// and where each heading starts (for the outline).
struct Marks {
    leaves: Vec<Vec<Identifier>>,
    heading_at: Vec<(NodeId, usize, f32)>,
}

impl Marks {
    fn leaf(&mut self, node: NodeId, id: Identifier) {
        if self.leaves.len() <= node {
            self.leaves.resize_with(node + 1, Vec::new);
        }
        self.leaves[node].push(id);
    }
}

/// Draw the text of a page; consecutive items with the same mark share one section.
fn draw_text(fonts: &Fonts, surface: &mut Surface, items: &[Item], page: usize, out: &mut Marks) {
    let texts: Vec<&Item> = items
        .iter()
        .filter(|i| matches!(i, Item::Text { .. }))
        .collect();
    let mut i = 0;
    while i < texts.len() {
        let Item::Text { mark, .. } = texts[i] else {
            unreachable!("only text items are collected")
        };
        let mut j = i + 1;
        while j < texts.len() && matches!(texts[j], Item::Text { mark: m, .. } if m == mark) {
            j += 1;
        }
        let tag = match *mark {
            Mark::Artifact(art) => ContentTag::Artifact(Artifact::new(art.kind(), None)),
            Mark::Content(_) => ContentTag::Span(SpanTag::empty()),
        };
        let id = surface.start_tagged(tag);
        for item in &texts[i..j] {
            draw_run(fonts, surface, item);
        }
        surface.end_tagged();
        if let Mark::Content(node) = *mark {
            if out.leaves.len() <= node {
                out.leaves.resize_with(node + 1, Vec::new);
            }
            if out.leaves[node].is_empty() {
                if let Item::Text { baseline, size, .. } = texts[i] {
                    out.heading_at
                        .push((node, page, (baseline - size).max(0.0)));
                }
            }
            out.leaves[node].push(id);
        }
        i = j;
    }
}

/// Draw one run of text in one face: one glyph per char, advances from the font.
fn draw_run(fonts: &Fonts, surface: &mut Surface, item: &Item) {
    let Item::Text {
        x,
        baseline,
        face,
        size,
        color: c,
        text,
        ..
    } = item
    else {
        return;
    };
    let metrics = fonts.face(*face);
    let glyphs: Vec<KrillaGlyph> = text
        .char_indices()
        .filter_map(|(at, ch)| {
            let g = metrics.glyph(ch)?;
            let advance = f32::from(g.advance) / metrics.units_per_em;
            let range = at..at + ch.len_utf8();
            let id = GlyphId::new(u32::from(g.id));
            Some(KrillaGlyph::new(id, advance, 0.0, 0.0, 0.0, range, None))
        })
        .collect();
    if glyphs.is_empty() {
        return;
    }
    surface.set_fill(Some(fill(*c)));
    let at = Point::from_xy(*x, *baseline);
    surface.draw_glyphs(at, &glyphs, metrics.pdf.clone(), text, *size, false);
}

/// Unicode noncharacters (U+FFFE and U+FFFF are not even allowed in XML, so not in XMP).
fn is_noncharacter(c: char) -> bool {
    let cp = c as u32;
    (0xFDD0..=0xFDEF).contains(&cp) || cp & 0xFFFE == 0xFFFE
}

/// Metadata strings: no control, bidi-override or noncharacters, and the PDF keywords
/// `endstream` / `endobj` broken by a zero-width space: the XMP metadata is an
/// uncompressed stream, and a reader that scans for the keyword would cut it short there.
fn clean_meta(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .filter(|c| !is_noncharacter(*c))
        .collect::<String>()
        .trim()
        .replace("endstream", "end\u{200B}stream")
        .replace("endobj", "end\u{200B}obj")
}

fn pdf_date(d: &chrono::DateTime<chrono::Utc>) -> DateTime {
    let n = |v: u32| u8::try_from(v).unwrap_or(0);
    DateTime::new(u16::try_from(d.year().clamp(0, 9999)).unwrap_or(0))
        .month(n(d.month()))
        .day(n(d.day()))
        .hour(n(d.hour()))
        .minute(n(d.minute()))
        .second(n(d.second()))
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

/// The outline: the title(s) at the top level, the section headings under the title
/// before them. A document without headings gets one entry, its title, for page 1.
fn outline(tree: &Tree, heading_at: &[(NodeId, usize, f32)], title: &str) -> Outline {
    let mut outline = Outline::new();
    let mut top: Option<OutlineNode> = None;
    let mut count = 0;
    for &(node, page, y) in heading_at {
        let Some((level, text)) = tree.heading(node) else {
            continue;
        };
        count += 1;
        let entry = OutlineNode::new(
            text.to_string(),
            XyzDestination::new(page, Point::from_xy(MARGIN_X, y)),
        );
        match (level, top.as_mut()) {
            (1, _) => {
                if let Some(done) = top.replace(entry.with_open(true)) {
                    outline.push_child(done);
                }
            }
            (_, Some(parent)) => parent.push_child(entry),
            (_, None) => outline.push_child(entry),
        }
    }
    if let Some(done) = top {
        outline.push_child(done);
    }
    if count == 0 {
        let start = XyzDestination::new(0, Point::from_xy(MARGIN_X, 0.0));
        outline.push_child(OutlineNode::new(title.to_string(), start));
    }
    outline
}

fn settings() -> Result<SerializeSettings, PdfError> {
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A2_A)
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|e| PdfError::Write(format!("PDF/A-2a with PDF/UA-1: {e:?}")))?;
    Ok(SerializeSettings {
        configuration,
        enable_tagging: true,
        ..SerializeSettings::default()
    })
}

/// Draw and serialise (krilla's bytes as they are; see `eol` for the one fix after this).
pub(crate) fn draw(
    fonts: &Fonts,
    doc: &Document,
    pages: Vec<Page>,
    tree: &Tree,
) -> Result<Rendered, PdfError> {
    let total = pages.len();
    let title = sanitize_line(fonts, &doc.title);
    let banner = doc
        .banner
        .as_deref()
        .map(|b| sanitize_line(fonts, b))
        .unwrap_or_default();
    let footer_left = sanitize_line(fonts, &doc.footer_left);
    // PDF/UA needs a title; a document without one is named by its first heading.
    let meta_title = match clean_meta(&doc.title) {
        t if !t.is_empty() => t,
        _ => tree
            .nodes
            .iter()
            .enumerate()
            .find_map(|(i, _)| tree.heading(i).map(|(_, t)| t.to_string()))
            .unwrap_or_else(|| "Dokument".to_string()),
    };

    let mut pdf = krilla::Document::new_with(settings()?);
    let mut marks = Marks {
        leaves: Vec::new(),
        heading_at: Vec::new(),
    };
    let size = PageSettings::from_wh(PAGE_W, PAGE_H)
        .ok_or_else(|| PdfError::Write("invalid page size".into()))?;
    for (i, mut items) in pages.into_iter().enumerate() {
        items.extend(page_furniture(
            fonts,
            &title,
            &banner,
            &footer_left,
            i,
            total,
        ));
        let mut page = pdf.start_page_with(size.clone());
        let mut surface = page.surface();
        draw_graphics(&mut surface, &items, &mut marks);
        draw_text(fonts, &mut surface, &items, i, &mut marks);
        surface.finish();
        page.finish();
    }
    marks
        .heading_at
        .retain(|(n, _, _)| tree.heading(*n).is_some());
    pdf.set_outline(outline(tree, &marks.heading_at, &meta_title));
    pdf.set_tag_tree(tree.tag_tree(marks.leaves, LANG));
    let mut metadata = Metadata::new()
        .title(meta_title)
        .language(LANG.to_string())
        .creator("Fælles Team".to_string())
        .producer(format!("faelles-pdf {}", env!("CARGO_PKG_VERSION")))
        .creation_date(pdf_date(&doc.created));
    let author = clean_meta(&doc.author);
    if !author.is_empty() {
        metadata = metadata.authors(vec![author]);
    }
    let subject = clean_meta(&doc.subject);
    if !subject.is_empty() {
        metadata = metadata.description(subject);
    }
    pdf.set_metadata(metadata);
    let bytes = pdf.finish().map_err(PdfError::from)?;
    Ok(Rendered {
        bytes,
        pages: total,
    })
}

impl From<KrillaError> for PdfError {
    fn from(e: KrillaError) -> Self {
        match e {
            KrillaError::Validation(errors) => PdfError::NotConformant(
                errors
                    .iter()
                    .map(|(e, _)| describe(e))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            KrillaError::Font(_, msg) => PdfError::Font(msg),
            other => PdfError::Write(other.to_string()),
        }
    }
}

/// A short English description of a validation problem (for logs and the typed error).
fn describe(e: &ValidationError) -> String {
    match e {
        ValidationError::ContainsNotDefGlyph(_, _, text) => {
            format!("a character has no glyph: {text:?}")
        }
        ValidationError::NoDocumentTitle => "the document has no title".into(),
        ValidationError::MissingTagging => "content is not tagged".into(),
        other => format!("{other:?}"),
    }
}
