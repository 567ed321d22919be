//! Pass 2: header/footer (now that the page count is known), printpdf ops,
//! serialisation and the lopdf post-processing (/Lang, dates, viewer prefs).

use chrono::{Datelike, Timelike};
use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rect, TextItem, TextMatrix,
};

use crate::fonts::{FontKind, Fonts};
use crate::layout::{
    push_text_line, Item, Page, Rgb, Style, BANNER, CONTENT_W, FOOTER_BASELINE, FOOTER_RULE_Y,
    HEADER_BASELINE, HEADER_RULE_Y, MARGIN_X, MUTED, PAGE_H, RULE,
};
use crate::text::{ellipsize, sanitize_line};
use crate::{Document, PdfError, Rendered};

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

/// Header and footer items for page `index` (0-based) of `total`.
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

    // Header: banner box on the right, document title on the left.
    let mut title_room = CONTENT_W;
    if !banner.is_empty() {
        let text = ellipsize(
            fonts,
            banner,
            BANNER_STYLE.font,
            BANNER_STYLE.size,
            CONTENT_W * 0.5,
        );
        let w = fonts.text_width(BANNER_STYLE.font, &text, BANNER_STYLE.size);
        let (pad_x, pad_y) = (8.0, 4.0);
        let face = fonts.face(BANNER_STYLE.font);
        let top = HEADER_BASELINE - face.ascent * BANNER_STYLE.size - pad_y + 1.5;
        let h = (face.ascent + face.descent) * BANNER_STYLE.size + 2.0 * pad_y - 1.5;
        let left = right - w - 2.0 * pad_x;
        items.push(Item::FillRect {
            x: left,
            y: top,
            w: w + 2.0 * pad_x,
            h,
            color: BANNER_FILL,
        });
        let edge = |x1, y1, x2, y2| Item::Line {
            x1,
            y1,
            x2,
            y2,
            width: 1.0,
            color: BANNER,
        };
        items.push(edge(left, top, right, top));
        items.push(edge(right, top, right, top + h));
        items.push(edge(right, top + h, left, top + h));
        items.push(edge(left, top + h, left, top));
        push_text_line(
            fonts,
            &mut items,
            &text,
            left + pad_x,
            HEADER_BASELINE,
            &BANNER_STYLE,
        );
        title_room = CONTENT_W - (w + 2.0 * pad_x) - 16.0;
    }
    if !title.is_empty() && title_room > 20.0 {
        let text = ellipsize(fonts, title, SMALL.font, SMALL.size, title_room);
        push_text_line(fonts, &mut items, &text, MARGIN_X, HEADER_BASELINE, &SMALL);
    }
    items.push(Item::Line {
        x1: MARGIN_X,
        y1: HEADER_RULE_Y,
        x2: right,
        y2: HEADER_RULE_Y,
        width: 0.5,
        color: RULE,
    });

    // Footer.
    items.push(Item::Line {
        x1: MARGIN_X,
        y1: FOOTER_RULE_Y,
        x2: right,
        y2: FOOTER_RULE_Y,
        width: 0.5,
        color: RULE,
    });
    let page_no = format!("Side {} af {}", index + 1, total);
    let w = fonts.text_width(SMALL.font, &page_no, SMALL.size);
    push_text_line(
        fonts,
        &mut items,
        &page_no,
        right - w,
        FOOTER_BASELINE,
        &SMALL,
    );
    if !footer_left.is_empty() {
        let room = CONTENT_W - w - 24.0;
        let text = ellipsize(fonts, footer_left, SMALL.font, SMALL.size, room);
        push_text_line(fonts, &mut items, &text, MARGIN_X, FOOTER_BASELINE, &SMALL);
    }
    items
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: c.0,
        g: c.1,
        b: c.2,
        icc_profile: None,
    })
}

fn point(x: f32, y_from_top: f32) -> LinePoint {
    LinePoint {
        p: Point {
            x: Pt(x),
            y: Pt(PAGE_H - y_from_top),
        },
        bezier: false,
    }
}

/// Convert positioned items to printpdf ops: all graphics first, then one text section.
fn page_ops(items: &[Item], regular: &FontId, bold: &FontId) -> Vec<Op> {
    let mut ops = Vec::with_capacity(items.len() * 3 + 8);
    let mut fill: Option<Rgb> = None;
    let mut stroke: Option<(Rgb, f32)> = None;

    ops.push(Op::SaveGraphicsState);
    for item in items {
        match item {
            Item::FillRect {
                x,
                y,
                w,
                h,
                color: c,
            } => {
                if fill != Some(*c) {
                    ops.push(Op::SetFillColor { col: color(*c) });
                    fill = Some(*c);
                }
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(*x),
                        y: Pt(PAGE_H - y - h),
                        width: Pt(*w),
                        height: Pt(*h),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                });
            }
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                color: c,
            } => {
                if stroke != Some((*c, *width)) {
                    ops.push(Op::SetOutlineColor { col: color(*c) });
                    ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                    stroke = Some((*c, *width));
                }
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![point(*x1, *y1), point(*x2, *y2)],
                        is_closed: false,
                    },
                });
            }
            Item::Text { .. } => {}
        }
    }

    let mut font_state: Option<(FontKind, f32)> = None;
    let mut started = false;
    for item in items {
        let Item::Text {
            x,
            baseline,
            font,
            size,
            color: c,
            text,
        } = item
        else {
            continue;
        };
        if !started {
            ops.push(Op::StartTextSection);
            started = true;
        }
        if font_state != Some((*font, *size)) {
            let id = match font {
                FontKind::Regular => regular.clone(),
                FontKind::Bold => bold.clone(),
            };
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(id),
                size: Pt(*size),
            });
            font_state = Some((*font, *size));
        }
        if fill != Some(*c) {
            ops.push(Op::SetFillColor { col: color(*c) });
            fill = Some(*c);
        }
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(*x), Pt(PAGE_H - baseline)),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(text.clone())],
        });
    }
    if started {
        ops.push(Op::EndTextSection);
    }
    ops.push(Op::RestoreGraphicsState);
    ops
}

/// Metadata strings: no control or bidi-override characters.
fn clean_meta(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .collect::<String>()
        .trim()
        .to_string()
}

fn pdf_date(d: &chrono::DateTime<chrono::Utc>) -> String {
    format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}Z",
        d.year().clamp(0, 9999),
        d.month(),
        d.day(),
        d.hour(),
        d.minute(),
        d.second()
    )
}

pub(crate) fn draw(fonts: &Fonts, doc: &Document, pages: Vec<Page>) -> Result<Rendered, PdfError> {
    let total = pages.len();
    let title = sanitize_line(fonts, &doc.title);
    let banner = doc
        .banner
        .as_deref()
        .map(|b| sanitize_line(fonts, b))
        .unwrap_or_default();
    let footer_left = sanitize_line(fonts, &doc.footer_left);

    let mut pdf = PdfDocument::new(&clean_meta(&doc.title));
    pdf.metadata.info.author = clean_meta(&doc.author);
    pdf.metadata.info.subject = clean_meta(&doc.subject);
    pdf.metadata.info.creator = "Fælles Team".to_string();
    pdf.metadata.info.producer = "faelles-pdf (printpdf 0.12)".to_string();
    let regular = pdf.add_font(&fonts.parsed_regular);
    let bold = pdf.add_font(&fonts.parsed_bold);

    let mut pdf_pages = Vec::with_capacity(total);
    for (i, mut items) in pages.into_iter().enumerate() {
        items.extend(page_furniture(
            fonts,
            &title,
            &banner,
            &footer_left,
            i,
            total,
        ));
        let ops = page_ops(&items, &regular, &bold);
        pdf_pages.push(PdfPage::new(Mm(210.0), Mm(297.0), ops));
    }
    pdf.pages = pdf_pages;

    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = pdf.to_lopdf_document(&opts, &mut warnings);
    post_process(&mut lo, doc).map_err(|e| PdfError::Write(e.to_string()))?;
    lo.compress();
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(Rendered {
        bytes,
        pages: total,
    })
}

/// Add what printpdf does not write: `/Lang (da-DK)`, `/DisplayDocTitle`, real dates.
fn post_process(lo: &mut lopdf::Document, doc: &Document) -> Result<(), lopdf::Error> {
    use lopdf::{Dictionary, Object};
    let catalog = lo.catalog_mut()?;
    catalog.set("Lang", Object::string_literal("da-DK"));
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", Object::Boolean(true));
    catalog.set("ViewerPreferences", Object::Dictionary(prefs));

    let info_id = lo.trailer.get(b"Info")?.as_reference()?;
    let info = lo.get_dictionary_mut(info_id)?;
    let date = Object::string_literal(pdf_date(&doc.created));
    info.set("CreationDate", date.clone());
    info.set("ModDate", date);
    // printpdf writes PDF/X and other keys that are empty or wrong for a plain document.
    for key in [
        &b"GTS_PDFXVersion"[..],
        b"Identifier",
        b"Keywords",
        b"Trapped",
    ] {
        info.remove(key);
    }
    Ok(())
}
