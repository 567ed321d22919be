//! Grids: tables (header row repeated on every page) and key/value lines, laid out as rows
//! of cells that break across pages only at line boundaries.

use super::{
    baseline_in_box, push_text_line, Flow, Item, Rgb, Style, Unit, BODY, CELL, CELL_HEAD,
    CELL_PAD_X, CELL_PAD_Y, CONTENT_H, CONTENT_W, GRID, GRID_WIDTH, HEADER_FILL, LABEL, MARGIN_X,
};
use crate::fonts::Fonts;
use crate::structure::{Art, Mark, Role, ROOT};
use crate::text::{sanitize, wrap_text};

/// A cell's content in a grid row.
struct Cell {
    lines: Vec<String>,
    style: Style,
    x: f32,
    mark: Mark,
}

struct GridStyle {
    fill: Option<Rgb>,
    borders: bool,
    pad_y: f32,
}

/// Lay out one grid row (table row or key/value row) as one or more units.
/// A row taller than `max_height` is split at line boundaries.
fn grid_row_units(
    fonts: &Fonts,
    cells: &[Cell],
    gs: &GridStyle,
    col_edges: &[f32],
    max_height: f32,
) -> Vec<Unit> {
    let lh = cells
        .iter()
        .map(|c| c.style.line_height)
        .fold(0.0f32, f32::max)
        .max(1.0);
    let n_lines = cells
        .iter()
        .map(|c| c.lines.len())
        .max()
        .unwrap_or(0)
        .max(1);
    let per_piece = (((max_height - 2.0 * gs.pad_y) / lh).floor() as usize).max(1);
    let mut units = Vec::new();
    let mut start = 0;
    while start < n_lines {
        let end = (start + per_piece).min(n_lines);
        let height = (end - start) as f32 * lh + 2.0 * gs.pad_y;
        let mut items = Vec::new();
        let left = col_edges.first().copied().unwrap_or(MARGIN_X);
        let right = col_edges.last().copied().unwrap_or(MARGIN_X);
        if let Some(fill) = gs.fill {
            items.push(Item::FillRect {
                x: left,
                y: 0.0,
                w: right - left,
                h: height,
                color: fill,
                mark: Mark::Artifact(Art::Layout),
            });
        }
        for cell in cells {
            let hi = end.min(cell.lines.len());
            if start >= hi {
                continue;
            }
            for (i, line) in cell.lines[start..hi].iter().enumerate() {
                let top = gs.pad_y + i as f32 * lh;
                let baseline = baseline_in_box(fonts, &cell.style, top);
                let at = (cell.x, baseline);
                push_text_line(fonts, &mut items, line, at, &cell.style, cell.mark);
            }
        }
        if gs.borders {
            let line = |x1, y1, x2, y2| Item::Line {
                x1,
                y1,
                x2,
                y2,
                width: GRID_WIDTH,
                color: GRID,
                art: Art::Layout,
            };
            items.push(line(left, 0.0, right, 0.0));
            items.push(line(left, height, right, height));
            for &x in col_edges {
                items.push(line(x, 0.0, x, height));
            }
        }
        units.push(Unit {
            height,
            items,
            ..Unit::default()
        });
        start = end;
    }
    units
}

pub(super) fn layout_table(
    fonts: &Fonts,
    flow: &mut Flow,
    header: &[String],
    rows: &[Vec<String>],
    widths: &[f32],
) {
    let n_cols = rows
        .iter()
        .map(Vec::len)
        .chain(std::iter::once(header.len()))
        .max()
        .unwrap_or(0);
    if n_cols == 0 {
        return;
    }
    // Relative weights; missing / non-positive / non-finite weights count as the mean.
    let valid: Vec<f32> = widths
        .iter()
        .copied()
        .filter(|w| w.is_finite() && *w > 0.0)
        .collect();
    let mean = if valid.is_empty() {
        1.0
    } else {
        valid.iter().sum::<f32>() / valid.len() as f32
    };
    let weights: Vec<f32> = (0..n_cols)
        .map(|i| match widths.get(i) {
            Some(w) if w.is_finite() && *w > 0.0 => *w,
            _ => mean,
        })
        .collect();
    let total: f32 = weights.iter().sum();
    let mut edges = Vec::with_capacity(n_cols + 1);
    let mut x = MARGIN_X;
    edges.push(x);
    for w in &weights {
        x += CONTENT_W * w / total;
        edges.push(x);
    }
    if let Some(last) = edges.last_mut() {
        *last = MARGIN_X + CONTENT_W;
    }

    let table = flow.tree.add(ROOT, Role::Table);
    // Every cell is an element (TH or TD) of its row; an empty cell holds one space so
    // that the table stays regular for assistive technology.
    let make_cells = |flow: &mut super::Flow, texts: &[String], (st, role): (&Style, Role), row| {
        (0..n_cols)
            .map(|i| {
                let cell = flow.tree.add(row, role.clone());
                let col_w = edges[i + 1] - edges[i];
                let pad = CELL_PAD_X.min(col_w / 4.0);
                let inner = (col_w - 2.0 * pad).max(1.0);
                let raw = texts.get(i).map(String::as_str).unwrap_or("");
                let clean = sanitize(fonts, raw);
                let mut lines = wrap_text(fonts, &clean, st.font, st.size, inner);
                while lines.last().is_some_and(String::is_empty) {
                    lines.pop();
                }
                while lines.first().is_some_and(String::is_empty) {
                    lines.remove(0);
                }
                if lines.is_empty() {
                    lines.push(" ".to_string());
                }
                let lines = super::with_word_breaks(lines);
                Cell {
                    lines,
                    style: *st,
                    x: edges[i] + pad,
                    mark: Mark::Content(cell),
                }
            })
            .collect::<Vec<Cell>>()
    };

    let has_header = header.iter().any(|h| !h.trim().is_empty());
    let mut header_index = None;
    let mut header_h = 0.0;
    if has_header {
        let head = flow.tree.add(table, Role::THead);
        let row = flow.tree.add(head, Role::TR);
        let cells = make_cells(flow, header, (&CELL_HEAD, Role::TH), row);
        let gs = GridStyle {
            fill: Some(HEADER_FILL),
            borders: true,
            pad_y: CELL_PAD_Y,
        };
        // A header is never split: cap it at a third of the page (extra lines are cut).
        let mut units = grid_row_units(fonts, &cells, &gs, &edges, CONTENT_H / 3.0);
        units.truncate(1);
        if let Some(mut h) = units.pop() {
            h.keep_with_next = !rows.is_empty();
            header_h = h.height;
            header_index = Some(flow.headers.len());
            flow.headers.push(h.clone());
            flow.push(h);
        }
    }
    let body_gs = GridStyle {
        fill: None,
        borders: true,
        pad_y: CELL_PAD_Y,
    };
    let max_row = CONTENT_H - header_h - 1.0;
    let body = flow.tree.add(table, Role::TBody);
    for texts in rows {
        let row = flow.tree.add(body, Role::TR);
        let cells = make_cells(flow, texts, (&CELL, Role::TD), row);
        for mut u in grid_row_units(fonts, &cells, &body_gs, &edges, max_row) {
            u.repeat_header = header_index;
            flow.push(u);
        }
    }
}

pub(super) fn layout_key_values(fonts: &Fonts, flow: &mut Flow, pairs: &[(String, String)]) {
    if pairs.is_empty() {
        return;
    }
    let labels: Vec<String> = pairs.iter().map(|(k, _)| sanitize(fonts, k)).collect();
    let natural = labels
        .iter()
        .flat_map(|l| l.split('\n'))
        .map(|l| fonts.text_width(LABEL.font, l, LABEL.size))
        .fold(0.0f32, f32::max);
    let label_w = (natural + 14.0).clamp(90.0, CONTENT_W * 0.38);
    let edges = [MARGIN_X, MARGIN_X + label_w, MARGIN_X + CONTENT_W];
    let gs = GridStyle {
        fill: None,
        borders: false,
        pad_y: 0.0,
    };
    // Each pair is one paragraph, "Label value", read in that order.
    for (i, ((_, value), label)) in pairs.iter().zip(&labels).enumerate() {
        let value = sanitize(fonts, value);
        let p = Mark::Content(flow.tree.add(ROOT, Role::P));
        let mut cells = vec![
            Cell {
                lines: wrap_text(fonts, label, LABEL.font, LABEL.size, label_w - 10.0),
                style: LABEL,
                x: edges[0],
                mark: p,
            },
            Cell {
                lines: wrap_text(fonts, &value, BODY.font, BODY.size, CONTENT_W - label_w),
                style: BODY,
                x: edges[1],
                mark: p,
            },
        ];
        for c in &mut cells {
            while c.lines.len() > 1 && c.lines.last().is_some_and(String::is_empty) {
                c.lines.pop();
            }
            // The line break between label and value (and inside each) is a word break.
            c.lines = super::with_word_breaks(std::mem::take(&mut c.lines));
            if let Some(last) = c.lines.last_mut().filter(|l| !l.ends_with(' ')) {
                last.push(' ');
            }
        }
        let units = grid_row_units(fonts, &cells, &gs, &edges, CONTENT_H);
        for (j, mut u) in units.into_iter().enumerate() {
            if j == 0 && i > 0 {
                u.gap_before = 2.0;
            }
            flow.push(u);
        }
    }
}
