//! Charts: horizontal stacked bars (one per row, parts as shares of the row's total) and a
//! legend, drawn as vector graphics. The whole chart is one Figure element with the text
//! alternative the caller gives; its bars and labels are the figure's content.

use super::{
    baseline_in_box, push_text_line, Flow, Item, Rgb, Unit, CELL, CONTENT_W, GRID, MARGIN_X, NOTE,
};
use crate::fonts::Fonts;
use crate::structure::{Mark, Role, ROOT};
use crate::text::{ellipsize, sanitize_line};

const ROW_H: f32 = 18.0;
const BAR_H: f32 = 11.0;
const SWATCH: f32 = 8.0;

/// Part colours, distinguishable in print and for common colour-vision deficiencies
/// (the data is also given as a table: colour never carries the meaning alone). The fifth,
/// a dark grey, is for a part that stands for hidden values.
const PALETTE: [Rgb; 6] = [
    Rgb(0.16, 0.45, 0.33),
    Rgb(0.87, 0.63, 0.13),
    Rgb(0.64, 0.14, 0.18),
    Rgb(0.72, 0.73, 0.75),
    Rgb(0.36, 0.38, 0.41),
    Rgb(0.23, 0.43, 0.66),
];

fn colour(i: usize) -> Rgb {
    PALETTE[i % PALETTE.len()]
}

pub(super) fn layout_chart(
    fonts: &Fonts,
    flow: &mut Flow,
    alt: &str,
    legend: &[String],
    rows: &[(String, Vec<f32>)],
) {
    if rows.is_empty() {
        return;
    }
    let alt = match sanitize_line(fonts, alt) {
        a if a.trim().is_empty() => "Diagram".to_string(),
        a => a,
    };
    let figure = Mark::Content(flow.tree.add(ROOT, Role::Figure(alt)));
    let label_w = CONTENT_W * 0.3;
    let bar_x = MARGIN_X + label_w + 6.0;
    let bar_w = CONTENT_W - label_w - 6.0;
    let mut units = Vec::new();
    for (label, parts) in rows {
        let mut items = Vec::new();
        let text = ellipsize(
            fonts,
            &sanitize_line(fonts, label),
            CELL.font,
            CELL.size,
            label_w - 4.0,
        );
        let baseline = baseline_in_box(fonts, &CELL, (ROW_H - CELL.line_height) / 2.0);
        push_text_line(
            fonts,
            &mut items,
            &text,
            (MARGIN_X, baseline),
            &CELL,
            figure,
        );
        let top = (ROW_H - BAR_H) / 2.0;
        items.push(Item::Line {
            x1: bar_x,
            y1: top + BAR_H,
            x2: bar_x + bar_w,
            y2: top + BAR_H,
            width: 0.5,
            color: GRID,
            art: crate::structure::Art::Layout,
        });
        let values: Vec<f32> = parts
            .iter()
            .map(|v| if v.is_finite() && *v > 0.0 { *v } else { 0.0 })
            .collect();
        let total: f32 = values.iter().sum();
        let mut x = bar_x;
        for (i, v) in values.iter().enumerate() {
            if total <= 0.0 || *v <= 0.0 {
                continue;
            }
            let w = bar_w * v / total;
            items.push(Item::FillRect {
                x,
                y: top,
                w,
                h: BAR_H,
                color: colour(i),
                mark: figure,
            });
            x += w;
        }
        units.push(Unit {
            height: ROW_H,
            keep_with_next: true,
            items,
            ..Unit::default()
        });
    }
    // The legend: a swatch and a name per part, in rows (a new row when the next name would
    // pass the right margin).
    let mut items = Vec::new();
    let mut x = bar_x;
    let baseline = baseline_in_box(fonts, &NOTE, (ROW_H - NOTE.line_height) / 2.0);
    for (i, name) in legend.iter().enumerate() {
        let name = sanitize_line(fonts, name);
        let w = fonts.text_width(NOTE.font, &name, NOTE.size);
        if x > bar_x && x + SWATCH + 4.0 + w > MARGIN_X + CONTENT_W {
            units.push(Unit {
                height: ROW_H,
                keep_with_next: true,
                items: std::mem::take(&mut items),
                ..Unit::default()
            });
            x = bar_x;
        }
        items.push(Item::FillRect {
            x,
            y: (ROW_H - SWATCH) / 2.0,
            w: SWATCH,
            h: SWATCH,
            color: colour(i),
            mark: figure,
        });
        let text = format!("{name} ");
        push_text_line(
            fonts,
            &mut items,
            &text,
            (x + SWATCH + 4.0, baseline),
            &NOTE,
            figure,
        );
        x += SWATCH + 4.0 + w + 14.0;
    }
    units.push(Unit {
        height: ROW_H,
        items,
        ..Unit::default()
    });
    for u in units {
        flow.push(u);
    }
}
