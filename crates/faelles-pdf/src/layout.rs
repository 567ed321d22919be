//! Pass 1: turn blocks into unbreakable vertical "units" and paginate them.

use crate::fonts::{Face, FontKind, Fonts};
use crate::structure::{Art, Mark, NodeId, Role, Tree, ROOT};
use crate::text::{sanitize, sanitize_line, visual_order, wrap_text};
use crate::{Block, Document, PdfError};

mod grid;

mod chart;

use chart::layout_chart;
use grid::{layout_key_values, layout_table};

// ---------------------------------------------------------------------------
// Page geometry (points; y measured from the TOP of the page in this module)
// ---------------------------------------------------------------------------

pub(crate) const PAGE_W: f32 = 595.276;
pub(crate) const PAGE_H: f32 = 841.89;
/// 20 mm left/right margin.
pub(crate) const MARGIN_X: f32 = 56.693;
pub(crate) const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;
/// Header: text baseline and the rule under it.
pub(crate) const HEADER_BASELINE: f32 = 50.0;
pub(crate) const HEADER_RULE_Y: f32 = 62.0;
/// Content area.
pub(crate) const CONTENT_TOP: f32 = 82.0;
pub(crate) const CONTENT_BOTTOM: f32 = PAGE_H - 68.0;
pub(crate) const CONTENT_H: f32 = CONTENT_BOTTOM - CONTENT_TOP;
/// Footer: rule and text baseline.
pub(crate) const FOOTER_RULE_Y: f32 = PAGE_H - 54.0;
pub(crate) const FOOTER_BASELINE: f32 = PAGE_H - 40.0;

/// Hard cap so hostile input cannot exhaust memory (1 MB of text is ≈ 250 pages).
pub(crate) const MAX_PAGES: usize = 3000;

// ---------------------------------------------------------------------------
// Colours and styles
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rgb(pub f32, pub f32, pub f32);

pub(crate) const TEXT: Rgb = Rgb(0.10, 0.10, 0.12);
pub(crate) const HEADING: Rgb = Rgb(0.11, 0.23, 0.38);
pub(crate) const MUTED: Rgb = Rgb(0.36, 0.37, 0.40);
pub(crate) const RULE: Rgb = Rgb(0.70, 0.71, 0.73);
pub(crate) const GRID: Rgb = Rgb(0.74, 0.75, 0.77);
pub(crate) const HEADER_FILL: Rgb = Rgb(0.91, 0.92, 0.93);
pub(crate) const BANNER: Rgb = Rgb(0.70, 0.10, 0.10);

#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub font: FontKind,
    pub size: f32,
    pub line_height: f32,
    pub color: Rgb,
}

const fn style(font: FontKind, size: f32, lh: f32, color: Rgb) -> Style {
    Style {
        font,
        size,
        line_height: size * lh,
        color,
    }
}

const TITLE: Style = style(FontKind::Bold, 20.0, 1.25, TEXT);
const SUBTITLE: Style = style(FontKind::Regular, 12.0, 1.35, MUTED);
const HEADING_STYLE: Style = style(FontKind::Bold, 13.0, 1.3, HEADING);
const BODY: Style = style(FontKind::Regular, 11.0, 1.42, TEXT);
const LABEL: Style = style(FontKind::Bold, 11.0, 1.42, TEXT);
pub(crate) const NOTE: Style = style(FontKind::Regular, 9.5, 1.35, MUTED);
pub(crate) const CELL: Style = style(FontKind::Regular, 10.0, 1.3, TEXT);
const CELL_HEAD: Style = style(FontKind::Bold, 10.0, 1.3, TEXT);

const BULLET_INDENT: f32 = 16.0;
const CELL_PAD_X: f32 = 5.0;
const CELL_PAD_Y: f32 = 3.5;
const GRID_WIDTH: f32 = 0.5;

// ---------------------------------------------------------------------------
// Draw items
// ---------------------------------------------------------------------------

/// Something to draw; `y` values are from the top of the page (after placement)
/// or from the top of the unit (before placement).
#[derive(Debug, Clone)]
pub(crate) enum Item {
    Text {
        x: f32,
        baseline: f32,
        face: Face,
        size: f32,
        color: Rgb,
        text: String,
        mark: Mark,
    },
    FillRect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
        /// An artifact, or part of a figure.
        mark: Mark,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Rgb,
        art: Art,
    },
}

impl Item {
    fn shifted(mut self, dy: f32) -> Item {
        match &mut self {
            Item::Text { baseline, .. } => *baseline += dy,
            Item::FillRect { y, .. } => *y += dy,
            Item::Line { y1, y2, .. } => {
                *y1 += dy;
                *y2 += dy;
            }
        }
        self
    }

    /// The same item as a pagination artifact (a table header repeated on a later page).
    fn repeated(mut self) -> Item {
        if let Item::Text { mark, .. } | Item::FillRect { mark, .. } = &mut self {
            if matches!(mark, Mark::Content(_)) {
                *mark = Mark::Artifact(Art::Pagination);
            }
        }
        self
    }
}

/// Baseline of a line of `style` text inside a line box starting at `top`.
pub(crate) fn baseline_in_box(fonts: &Fonts, style: &Style, top: f32) -> f32 {
    let face = fonts.style_face(style.font);
    let glyph_h = (face.ascent + face.descent) * style.size;
    top + (style.line_height - glyph_h) / 2.0 + face.ascent * style.size
}

/// Push one text line (logical order) as one or more runs, split where the drawing
/// face changes (fallback to the other weight, then to the symbols face, per glyph).
/// A line of only spaces is drawn too (an empty table cell still has content to tag).
pub(crate) fn push_text_line(
    fonts: &Fonts,
    out: &mut Vec<Item>,
    line: &str,
    (x, baseline): (f32, f32),
    style: &Style,
    mark: Mark,
) {
    if line.is_empty() {
        return;
    }
    let visual = visual_order(line);
    let mut run = String::new();
    let mut run_face = fonts.resolve(style.font, ' ');
    let mut run_x = x;
    let mut pen = x;
    let mut flush = |run: &mut String, face: Face, at: f32| {
        out.push(Item::Text {
            x: at,
            baseline,
            face,
            size: style.size,
            color: style.color,
            text: std::mem::take(run),
            mark,
        })
    };
    for c in visual.chars() {
        // A space stays in the run before it when that face has one (a trailing word-break
        // space after an emoji does not start a run of its own past the column).
        let f = if c.is_whitespace() && !run.is_empty() && fonts.face(run_face).has(c) {
            run_face
        } else {
            fonts.resolve(style.font, c)
        };
        if f != run_face && !run.is_empty() {
            flush(&mut run, run_face, run_x);
        }
        if run.is_empty() {
            run_face = f;
            run_x = pen;
        }
        run.push(c);
        pen += fonts.char_width(style.font, c, style.size);
    }
    if !run.is_empty() {
        flush(&mut run, run_face, run_x);
    }
}

// ---------------------------------------------------------------------------
// Units
// ---------------------------------------------------------------------------

/// An unbreakable vertical slice of content.
#[derive(Debug, Clone, Default)]
struct Unit {
    height: f32,
    /// Space above; dropped at the top of a page.
    gap_before: f32,
    /// Must stay on the same page as the following unit.
    keep_with_next: bool,
    /// Index into `Flow::headers`: the table header to repeat when this unit starts a page.
    repeat_header: Option<usize>,
    items: Vec<Item>,
}

#[derive(Default)]
struct Flow {
    units: Vec<Unit>,
    headers: Vec<Unit>,
    /// Gap to apply before the next unit that gets pushed.
    pending_gap: f32,
    /// The structure elements the units' text belongs to.
    tree: Tree,
}

impl Flow {
    fn push(&mut self, mut unit: Unit) {
        unit.gap_before += self.pending_gap;
        self.pending_gap = 0.0;
        self.units.push(unit);
    }

    /// Block separation: collapsing (max) with what is already pending.
    fn gap(&mut self, g: f32) {
        self.pending_gap = self.pending_gap.max(g);
    }

    /// Explicit spacer: additive.
    fn add_gap(&mut self, g: f32) {
        self.pending_gap += g;
    }

    fn mark_last_keep(&mut self) {
        if let Some(u) = self.units.last_mut() {
            u.keep_with_next = true;
        }
    }
}

/// The non-blank lines of `text` wrapped to `width` (leading and trailing blank lines
/// dropped; blank lines inside are kept as paragraph gaps).
fn wrapped(fonts: &Fonts, text: &str, st: &Style, width: f32) -> Vec<String> {
    let clean = sanitize(fonts, text);
    let mut lines = wrap_text(fonts, &clean, st.font, st.size, width);
    let last = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(0, |i| i + 1);
    lines.truncate(last);
    let first = lines.iter().position(|l| !l.is_empty()).unwrap_or(0);
    lines.drain(..first);
    lines
}

/// Every line but the last ends with a space, so that text taken out of the PDF (copy,
/// screen readers) keeps the word break that the line break stands for.
pub(super) fn with_word_breaks(mut lines: Vec<String>) -> Vec<String> {
    let n = lines.len();
    for line in lines.iter_mut().take(n.saturating_sub(1)) {
        if !line.is_empty() && !line.ends_with(' ') {
            line.push(' ');
        }
    }
    lines
}

/// Lay out `text` as one structure element (`role`, a child of `parent`), one unit per line.
#[allow(clippy::too_many_arguments)]
fn text_units(
    fonts: &Fonts,
    flow: &mut Flow,
    text: &str,
    st: &Style,
    (x, width): (f32, f32),
    keep_all: bool,
    parent: NodeId,
    role: Role,
) -> Option<NodeId> {
    let lines = with_word_breaks(wrapped(fonts, text, st, width));
    if lines.is_empty() {
        return None;
    }
    let node = flow.tree.add(parent, role);
    let start = flow.units.len();
    let mut blank_gap = 0.0;
    for line in &lines {
        if line.is_empty() {
            // Blank line = paragraph gap (consecutive blank lines add up, capped).
            blank_gap = (blank_gap + st.line_height * 0.6).min(st.line_height * 3.0);
            continue;
        }
        let mut items = Vec::new();
        let baseline = baseline_in_box(fonts, st, 0.0);
        push_text_line(
            fonts,
            &mut items,
            line,
            (x, baseline),
            st,
            Mark::Content(node),
        );
        flow.push(Unit {
            height: st.line_height,
            gap_before: std::mem::take(&mut blank_gap),
            keep_with_next: keep_all,
            items,
            ..Unit::default()
        });
    }
    apply_orphan_widow(&mut flow.units[start..]);
    Some(node)
}

/// Keep the first two and last two lines of a run of lines together.
fn apply_orphan_widow(units: &mut [Unit]) {
    let n = units.len();
    if n >= 2 {
        units[0].keep_with_next = true;
        units[n - 2].keep_with_next = true;
    }
}

/// A bullet list: L > LI > (Lbl "•", LBody).
fn layout_bullets(fonts: &Fonts, flow: &mut Flow, items: &[String]) {
    let x_bullet = MARGIN_X + 3.0;
    let x_text = MARGIN_X + BULLET_INDENT;
    let width = CONTENT_W - BULLET_INDENT;
    let mut list = None;
    for item in items {
        let lines = with_word_breaks(wrapped(fonts, item, &BODY, width));
        if lines.is_empty() {
            continue;
        }
        let first_item = list.is_none();
        let list = *list.get_or_insert_with(|| flow.tree.add(ROOT, Role::L));
        let li = flow.tree.add(list, Role::LI);
        let label = flow.tree.add(li, Role::Lbl);
        let body = flow.tree.add(li, Role::LBody);
        let start = flow.units.len();
        let mut gap = if first_item { 0.0 } else { 3.0 };
        let mut bullet_drawn = false;
        for line in &lines {
            if line.is_empty() {
                gap += BODY.line_height * 0.5;
                continue;
            }
            let mut its = Vec::new();
            let baseline = baseline_in_box(fonts, &BODY, 0.0);
            if !bullet_drawn {
                let at = (x_bullet, baseline);
                push_text_line(fonts, &mut its, "• ", at, &BODY, Mark::Content(label));
                bullet_drawn = true;
            }
            let at = (x_text, baseline);
            push_text_line(fonts, &mut its, line, at, &BODY, Mark::Content(body));
            flow.push(Unit {
                height: BODY.line_height,
                gap_before: std::mem::take(&mut gap),
                items: its,
                ..Unit::default()
            });
        }
        apply_orphan_widow(&mut flow.units[start..]);
    }
}

/// (space before, space after) of a block.
fn block_spacing(block: &Block) -> (f32, f32) {
    match block {
        Block::Title(_) => (0.0, 6.0),
        Block::Subtitle(_) => (0.0, 16.0),
        Block::Heading(_) => (16.0, 5.0),
        Block::Paragraph(_) => (0.0, 9.0),
        Block::Bullets(_) => (0.0, 9.0),
        Block::KeyValues(_) => (0.0, 10.0),
        Block::Table { .. } => (6.0, 12.0),
        Block::Note(_) => (4.0, 9.0),
        Block::Chart { .. } => (8.0, 12.0),
        Block::Spacer(_) => (0.0, 0.0),
    }
}

fn build_flow(fonts: &Fonts, doc: &Document) -> Flow {
    let mut flow = Flow::default();
    let full = (MARGIN_X, CONTENT_W);
    let mut titled = false;
    for block in &doc.blocks {
        let (before, after) = block_spacing(block);
        flow.gap(before);
        let n_before = flow.units.len();
        let f = &mut flow;
        let heading = |level, t: &str| Role::Heading(level, sanitize_line(fonts, t));
        match block {
            Block::Title(t) => {
                let h1 = text_units(fonts, f, t, &TITLE, full, true, ROOT, heading(1, t));
                titled |= h1.is_some();
            }
            Block::Heading(t) => {
                // A section heading is H2 under a title, else H1: no level is skipped.
                let role = heading(if titled { 2 } else { 1 }, t);
                text_units(fonts, f, t, &HEADING_STYLE, full, true, ROOT, role);
            }
            Block::Subtitle(t) => {
                text_units(fonts, f, t, &SUBTITLE, full, false, ROOT, Role::P);
            }
            Block::Paragraph(t) => {
                text_units(fonts, f, t, &BODY, full, false, ROOT, Role::P);
            }
            Block::Note(t) => {
                text_units(fonts, f, t, &NOTE, full, false, ROOT, Role::P);
            }
            Block::Bullets(items) => layout_bullets(fonts, f, items),
            Block::KeyValues(pairs) => layout_key_values(fonts, f, pairs),
            Block::Chart { alt, legend, rows } => layout_chart(fonts, f, alt, legend, rows),
            Block::Table {
                header,
                rows,
                widths,
            } => layout_table(fonts, f, header, rows, widths),
            Block::Spacer(pt) => {
                let pt = if pt.is_finite() {
                    pt.clamp(0.0, CONTENT_H)
                } else {
                    0.0
                };
                f.add_gap(pt);
            }
        }
        if flow.units.len() > n_before {
            if matches!(block, Block::Heading(_) | Block::Title(_)) {
                flow.mark_last_keep();
            }
            flow.pending_gap = after;
        }
    }
    flow
}

/// A laid-out page: items with absolute positions (from the top of the page).
pub(crate) type Page = Vec<Item>;

/// Paginate the document's blocks; also returns the structure the text belongs to.
pub(crate) fn layout(fonts: &Fonts, doc: &Document) -> Result<(Vec<Page>, Tree), PdfError> {
    let flow = build_flow(fonts, doc);
    let mut pages: Vec<Page> = Vec::new();
    let mut page: Page = Vec::new();
    let mut y = CONTENT_TOP;
    let mut at_top = true;

    let units = &flow.units;
    for (i, unit) in units.iter().enumerate() {
        let gap = if at_top { 0.0 } else { unit.gap_before };
        // Height needed to honour keep-with-next chains (ignored if they exceed a page).
        let mut needed = gap + unit.height;
        let mut j = i;
        while units[j].keep_with_next && j + 1 < units.len() && j - i < 64 {
            j += 1;
            needed += units[j].gap_before + units[j].height;
            if needed > CONTENT_H {
                break;
            }
        }
        if needed > CONTENT_H {
            needed = gap + unit.height;
        }
        let mut gap = gap;
        if !at_top && y + needed > CONTENT_BOTTOM + 0.01 {
            pages.push(std::mem::take(&mut page));
            if pages.len() >= MAX_PAGES {
                return Err(PdfError::TooManyPages { limit: MAX_PAGES });
            }
            y = CONTENT_TOP;
            gap = 0.0;
            if let Some(h) = unit.repeat_header.and_then(|h| flow.headers.get(h)) {
                let repeated = h.items.iter().cloned().map(|it| it.shifted(y).repeated());
                page.extend(repeated);
                y += h.height;
            }
        }
        y += gap;
        page.extend(unit.items.iter().cloned().map(|it| it.shifted(y)));
        y += unit.height;
        at_top = false;
    }
    pages.push(page);
    Ok((pages, flow.tree))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::fonts;
    use proptest::prelude::*;

    fn block_strategy() -> impl Strategy<Value = Block> {
        let s = || "\\PC{0,120}";
        prop_oneof![
            s().prop_map(Block::Title),
            s().prop_map(Block::Subtitle),
            s().prop_map(Block::Heading),
            "[\\PC\n]{0,600}".prop_map(Block::Paragraph),
            prop::collection::vec(s(), 0..4).prop_map(Block::Bullets),
            prop::collection::vec((s(), s()), 0..4).prop_map(Block::KeyValues),
            (
                prop::collection::vec(s(), 0..4),
                prop::collection::vec(prop::collection::vec(s(), 0..5), 0..6),
                prop::collection::vec(-2.0f32..5.0, 0..5)
            )
                .prop_map(|(header, rows, widths)| Block::Table {
                    header,
                    rows,
                    widths
                }),
            s().prop_map(Block::Note),
            (-100.0f32..2000.0).prop_map(Block::Spacer),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn layout_never_panics_and_stays_on_the_page(blocks in prop::collection::vec(block_strategy(), 0..12)) {
            let doc = Document { blocks, ..Document::default() };
            let (pages, _) = layout(fonts().unwrap(), &doc).unwrap();
            prop_assert!(!pages.is_empty());
            for page in &pages {
                for item in page {
                    if let Item::Text { baseline, x, .. } = item {
                        prop_assert!(*baseline > CONTENT_TOP && *baseline <= CONTENT_BOTTOM, "baseline {}", baseline);
                        prop_assert!(*x >= MARGIN_X - 0.01 && *x < MARGIN_X + CONTENT_W);
                    }
                }
            }
        }
    }
}
