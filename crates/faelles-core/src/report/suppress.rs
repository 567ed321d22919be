//! Small numbers: a count of 1 or 2 citizens is never shown, and never derivable from what
//! is shown.
//!
//! A [`Table`] holds counts of citizens (rows × columns) with its margins: each row's total,
//! each column's total and the grand total. [`protect`] hides:
//!
//! 1. every count of 1 or 2, cells and totals alike (primary suppression);
//! 2. then, as statistics offices do (secondary suppression): a *line* — a row with its
//!    total, a column with its total, the column totals with the grand total, the row totals
//!    with the grand total — with exactly one hidden member would give that member away (the
//!    total minus the other cells, or the sum of the cells), so one more member of that line
//!    is hidden: its smallest non-zero cell, or the line's total when no such cell is left.
//!    Repeated until no line has exactly one hidden member.
//!
//! Zeros are never hidden (there is always a non-zero member to hide: the line's total is
//! the sum of its cells). Tables that share their row totals and grand total (the report's
//! tables all have the cases of a meeting as a row's total) are protected together: a total
//! hidden in one is hidden in all, so no table gives away what another hides.
//!
//! What is shown ([`Count`], [`CountRow`]) carries only shown numbers: a hidden value never
//! leaves this module, and a row's bar draws the hidden parts as one "skjult" part.

use super::percent;
use crate::domain::Id;
use serde::Serialize;

/// Counts of citizens below this (and above 0) are hidden.
pub const SMALL: u32 = 3;

/// The word shown instead of a hidden count.
pub const HIDDEN: &str = "skjult";

/// The rule, once, in one sentence (under the report's key figures, in the view and the PDF).
pub const RULE: &str = "Tal for 1 eller 2 borgere vises ikke, og så skjules også et andet tal i \
    samme række eller kolonne, så det skjulte ikke kan regnes ud fra summen; skjulte tal står \
    som »skjult«, uden procent, og er ét gråt felt i diagrammerne.";

fn small(n: u32) -> bool {
    (1..SMALL).contains(&n)
}

/// One member of a table: a cell, a row's total, a column's total or the grand total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    Cell(usize, usize),
    Row(usize),
    Col(usize),
    Total,
}

/// A table of counts with its margins and what is hidden.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    cells: Vec<Vec<u32>>,
    rows: Vec<u32>,
    cols: Vec<u32>,
    total: u32,
    hidden_cells: Vec<Vec<bool>>,
    hidden_rows: Vec<bool>,
    hidden_cols: Vec<bool>,
    hidden_total: bool,
}

impl Table {
    /// A table of `cells[row][column]` (every row as long as `columns`), nothing hidden yet.
    pub fn new(columns: usize, cells: Vec<Vec<u32>>) -> Table {
        debug_assert!(cells.iter().all(|r| r.len() == columns));
        let rows = cells.iter().map(|r| r.iter().sum()).collect();
        let cols = (0..columns)
            .map(|c| cells.iter().map(|r| r[c]).sum())
            .collect();
        let total = cells.iter().flatten().sum();
        Table {
            hidden_cells: cells.iter().map(|r| vec![false; r.len()]).collect(),
            hidden_rows: vec![false; cells.len()],
            hidden_cols: vec![false; columns],
            hidden_total: false,
            cells,
            rows,
            cols,
            total,
        }
    }

    pub fn height(&self) -> usize {
        self.cells.len()
    }

    pub fn width(&self) -> usize {
        self.cols.len()
    }

    /// The true value, shown or not (for the tests and the algorithm only).
    pub fn value(&self, p: Pos) -> u32 {
        match p {
            Pos::Cell(r, c) => self.cells[r][c],
            Pos::Row(r) => self.rows[r],
            Pos::Col(c) => self.cols[c],
            Pos::Total => self.total,
        }
    }

    pub fn is_hidden(&self, p: Pos) -> bool {
        match p {
            Pos::Cell(r, c) => self.hidden_cells[r][c],
            Pos::Row(r) => self.hidden_rows[r],
            Pos::Col(c) => self.hidden_cols[c],
            Pos::Total => self.hidden_total,
        }
    }

    /// The value as shown: `None` when hidden.
    pub fn shown(&self, p: Pos) -> Option<u32> {
        (!self.is_hidden(p)).then(|| self.value(p))
    }

    /// Hides `p`; whether it was shown before.
    fn hide(&mut self, p: Pos) -> bool {
        let flag = match p {
            Pos::Cell(r, c) => &mut self.hidden_cells[r][c],
            Pos::Row(r) => &mut self.hidden_rows[r],
            Pos::Col(c) => &mut self.hidden_cols[c],
            Pos::Total => &mut self.hidden_total,
        };
        !std::mem::replace(flag, true)
    }

    /// Every member of the table.
    pub fn members(&self) -> Vec<Pos> {
        let mut all: Vec<Pos> = (0..self.height())
            .flat_map(|r| (0..self.width()).map(move |c| Pos::Cell(r, c)))
            .collect();
        all.extend((0..self.height()).map(Pos::Row));
        all.extend((0..self.width()).map(Pos::Col));
        all.push(Pos::Total);
        all
    }

    /// Every line: its cells and its total (the total is the sum of the cells).
    pub fn lines(&self) -> Vec<(Vec<Pos>, Pos)> {
        let (h, w) = (self.height(), self.width());
        let mut lines: Vec<(Vec<Pos>, Pos)> = (0..h)
            .map(|r| ((0..w).map(|c| Pos::Cell(r, c)).collect(), Pos::Row(r)))
            .collect();
        lines.extend((0..w).map(|c| ((0..h).map(|r| Pos::Cell(r, c)).collect(), Pos::Col(c))));
        lines.push(((0..w).map(Pos::Col).collect(), Pos::Total));
        lines.push(((0..h).map(Pos::Row).collect(), Pos::Total));
        lines
    }

    fn primary(&mut self) {
        for p in self.members() {
            if small(self.value(p)) {
                self.hide(p);
            }
        }
    }

    /// One pass of secondary suppression over every line; whether anything was hidden.
    fn secondary(&mut self) -> bool {
        let mut changed = false;
        for (cells, total) in self.lines() {
            let hidden = cells
                .iter()
                .chain([&total])
                .filter(|p| self.is_hidden(**p))
                .count();
            if hidden != 1 {
                continue;
            }
            let open = |p: &&Pos| !self.is_hidden(**p) && self.value(**p) > 0;
            let next = cells
                .iter()
                .filter(open)
                .min_by_key(|p| self.value(**p))
                .copied()
                .or_else(|| open(&&total).then_some(total));
            if let Some(p) = next {
                changed |= self.hide(p);
            }
        }
        changed
    }
}

/// Hides the small numbers of `tables` and whatever would give them away. The tables share
/// their row totals and grand total (same height, same totals): hidden in one, hidden in all.
pub fn protect(tables: &mut [Table]) {
    debug_assert!(tables
        .windows(2)
        .all(|w| w[0].rows == w[1].rows && w[0].total == w[1].total));
    for t in tables.iter_mut() {
        t.primary();
    }
    loop {
        let mut changed = false;
        for t in tables.iter_mut() {
            changed |= t.secondary();
        }
        let height = tables.first().map_or(0, Table::height);
        for p in (0..height).map(Pos::Row).chain([Pos::Total]) {
            if tables.iter().any(|t| t.is_hidden(p)) {
                for t in tables.iter_mut() {
                    changed |= t.hide(p);
                }
            }
        }
        if !changed {
            break;
        }
    }
}

/// A member of one of several tables: (the table's index, its position).
pub type Member = (usize, Pos);

/// Hides the small numbers of `tables` (each protected on its own lines) and of `links`:
/// equations across tables whose members are sums of one another (e.g. the cases where the
/// citizen took part, the row total of a question's table, are «til stede» plus «virtuelt» of
/// the attendance table). A link with exactly one hidden member would give it away, so one
/// more member is hidden (its smallest non-zero shown member), until no table's line and no
/// link has exactly one hidden member.
pub fn protect_linked(tables: &mut [Table], links: &[Vec<Member>]) {
    for t in tables.iter_mut() {
        t.primary();
    }
    loop {
        let mut changed = false;
        for t in tables.iter_mut() {
            changed |= t.secondary();
        }
        for link in links {
            let hidden = link
                .iter()
                .filter(|(t, p)| tables[*t].is_hidden(*p))
                .count();
            if hidden != 1 {
                continue;
            }
            let smallest = link
                .iter()
                .filter(|(t, p)| !tables[*t].is_hidden(*p) && tables[*t].value(*p) > 0)
                .min_by_key(|(t, p)| tables[*t].value(*p))
                .copied();
            if let Some((t, p)) = smallest {
                changed |= tables[t].hide(p);
            }
        }
        if !changed {
            break;
        }
    }
}

/// A count of citizens as shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Count {
    /// `None` when hidden.
    pub value: Option<u32>,
    /// "12", "0" or "skjult".
    pub shown: String,
    /// Share of the row's total ("41,7 %"); "" when the count or the total is hidden (a share
    /// of a hidden total would give the total away).
    pub share: String,
}

impl Count {
    /// `value` (`None`: hidden) as a share of `total` (`None`: hidden, no share).
    pub fn new(value: Option<u32>, total: Option<u32>) -> Count {
        Count {
            value,
            shown: value.map_or(HIDDEN.to_string(), |v| v.to_string()),
            share: match (value, total) {
                (Some(v), Some(t)) if t > 0 => percent(f64::from(v) * 100.0 / f64::from(t)),
                _ => String::new(),
            },
        }
    }

    /// A count on its own (no line to derive it from): hidden if 1 or 2, no share.
    pub fn alone(n: u32) -> Count {
        Count {
            share: String::new(),
            ..Count::new((!small(n)).then_some(n), None)
        }
    }
}

/// One row of a table as shown: the "I alt" row (column totals) or one meeting's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountRow {
    /// "I alt" or the meeting's date ("20. oktober 2026").
    pub label: String,
    /// The meeting of the row (`None` for "I alt").
    pub meeting_id: Option<Id>,
    pub cells: Vec<Count>,
    /// The row's total: the cases.
    pub total: Count,
    /// The row's bar: one weight per column, then one for the hidden cells together (drawn
    /// grey, "skjult"). Made of shown numbers only: when the row's total is hidden the whole
    /// bar is the hidden part, so the bar's proportions give nothing away.
    pub bar: Vec<u32>,
}

impl CountRow {
    pub fn new(
        label: String,
        meeting_id: Option<Id>,
        cells: Vec<Option<u32>>,
        total: Option<u32>,
    ) -> CountRow {
        let mut bar: Vec<u32> = cells.iter().map(|c| c.unwrap_or(0)).collect();
        match total {
            Some(t) => bar.push(t.saturating_sub(bar.iter().sum())),
            None => {
                bar.iter_mut().for_each(|b| *b = 0);
                bar.push(1);
            }
        }
        CountRow {
            label,
            meeting_id,
            cells: cells.iter().map(|c| Count::new(*c, total)).collect(),
            total: Count::new(total, total),
            bar,
        }
    }
}

/// A table as shown: the "I alt" row first, then one row per meeting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountTable {
    /// `attendance`, `involved`, `ownership`, `common_goals`
    pub key: String,
    /// The heading (the question, or "Borgernes fremmøde").
    pub title: String,
    /// The columns' names ("Ja", "Delvist", …).
    pub columns: Vec<String>,
    pub rows: Vec<CountRow>,
}

impl CountTable {
    /// `t` as shown, with a row label and meeting per row of `t`.
    pub fn of(
        key: &str,
        title: &str,
        columns: &[&str],
        t: &Table,
        meetings: &[(String, Id)],
    ) -> CountTable {
        let rows: Vec<(String, Option<Id>)> = meetings
            .iter()
            .map(|(l, id)| (l.clone(), Some(*id)))
            .collect();
        let columns: Vec<String> = columns.iter().map(|s| s.to_string()).collect();
        CountTable::of_rows(key, title, &columns, t, "I alt", &rows)
    }

    /// `t` as shown: the column totals as the row `total_label` («I alt», «Alle teams»),
    /// then a row per row of `t` with its label (and meeting, if a row is one).
    pub fn of_rows(
        key: &str,
        title: &str,
        columns: &[String],
        t: &Table,
        total_label: &str,
        meetings: &[(String, Option<Id>)],
    ) -> CountTable {
        let mut rows = vec![CountRow::new(
            total_label.into(),
            None,
            (0..t.width()).map(|c| t.shown(Pos::Col(c))).collect(),
            t.shown(Pos::Total),
        )];
        rows.extend(meetings.iter().enumerate().map(|(r, (label, id))| {
            CountRow::new(
                label.clone(),
                *id,
                (0..t.width()).map(|c| t.shown(Pos::Cell(r, c))).collect(),
                t.shown(Pos::Row(r)),
            )
        }));
        CountTable {
            key: key.into(),
            title: title.into(),
            columns: columns.iter().map(|s| s.to_string()).collect(),
            rows,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What a reader can work out from one line: a hidden member alone in its line is the
    /// total minus the shown cells, or the sum of the cells when the total is the hidden one.
    pub(crate) fn recoverable(t: &Table) -> Vec<(Pos, u32)> {
        let mut found = Vec::new();
        for (cells, total) in t.lines() {
            let hidden: Vec<Pos> = cells
                .iter()
                .chain([&total])
                .copied()
                .filter(|p| t.is_hidden(*p))
                .collect();
            if let [p] = hidden[..] {
                let shown: u32 = cells.iter().filter_map(|c| t.shown(*c)).sum();
                let v = if p == total {
                    shown
                } else {
                    t.value(total) - shown
                };
                found.push((p, v));
            }
        }
        found
    }

    fn table(cells: &[&[u32]]) -> Table {
        Table::new(cells[0].len(), cells.iter().map(|r| r.to_vec()).collect())
    }

    #[test]
    fn the_testers_table_hides_the_eight_beside_the_one() {
        // 9 cases over 3 meetings, 8 "Ja" and 1 "Ikke besvaret": the 1 hides, and so must
        // the 8 (9 − 8 = 1) and one "Ja" of a meeting beside the hidden 2.
        let mut t = table(&[&[2, 0, 0, 1], &[3, 0, 0, 0], &[3, 0, 0, 0]]);
        protect(std::slice::from_mut(&mut t));
        assert!(t.is_hidden(Pos::Cell(0, 0)) && t.is_hidden(Pos::Cell(0, 3)));
        assert!(t.is_hidden(Pos::Col(3)), "the 1 of I alt");
        assert!(t.is_hidden(Pos::Col(0)), "the 8 of I alt");
        assert!(t.is_hidden(Pos::Cell(1, 0)), "the smallest other Ja");
        assert!(t.is_hidden(Pos::Row(1)), "then its meeting's total");
        assert!(t.is_hidden(Pos::Row(0)), "then another meeting's total");
        assert_eq!(t.shown(Pos::Total), Some(9), "the cases stay");
        assert_eq!(t.shown(Pos::Cell(2, 0)), Some(3));
        assert_eq!(t.shown(Pos::Col(1)), Some(0), "zeros stay");
        assert!(recoverable(&t).is_empty(), "{:?}", recoverable(&t));
    }

    #[test]
    fn nothing_small_nothing_hidden() {
        let mut t = table(&[&[3, 0, 5], &[4, 7, 0]]);
        protect(std::slice::from_mut(&mut t));
        assert!(t.members().iter().all(|p| !t.is_hidden(*p)));
    }

    #[test]
    fn a_row_total_hidden_in_one_table_is_hidden_in_the_tables_beside_it() {
        // Same row totals (3, 4): in `a` the first row's total must hide; `b` shows all
        // its cells of that row, so it hides one more of them.
        let a = table(&[&[2, 1], &[4, 0]]);
        let b = table(&[&[3, 0], &[4, 0]]);
        let mut both = [a, b];
        protect(&mut both);
        for t in &both {
            assert_eq!(
                t.is_hidden(Pos::Row(0)),
                both[0].is_hidden(Pos::Row(0)),
                "the same totals hidden"
            );
            assert!(recoverable(t).is_empty(), "{:?}", recoverable(t));
        }
    }

    #[test]
    fn a_bar_shows_only_what_the_table_shows() {
        let row = CountRow::new(
            "I alt".into(),
            None,
            vec![Some(4), None, Some(0), None],
            Some(9),
        );
        assert_eq!(row.bar, [4, 0, 0, 0, 5]);
        assert_eq!(row.cells[0].share, "44,4 %");
        assert_eq!(
            (row.cells[1].shown.as_str(), row.cells[1].share.as_str()),
            ("skjult", "")
        );
        let row = CountRow::new("x".into(), None, vec![Some(5), None], None);
        assert_eq!(row.bar, [0, 0, 1], "a hidden total: one grey bar");
        assert_eq!(row.cells[0].share, "", "5 of a hidden total: no share");
        assert_eq!(Count::alone(2).shown, "skjult");
        assert_eq!(Count::alone(0).shown, "0");
    }

    fn tables(max_rows: usize, max_cols: usize) -> impl Strategy<Value = Vec<Vec<u32>>> {
        // Small counts, often 0-3, sometimes larger: the cases a small team has.
        let value = prop_oneof![4 => 0u32..4, 1 => 0u32..15];
        (1..=max_rows, 1..=max_cols).prop_flat_map(move |(h, w)| {
            prop::collection::vec(prop::collection::vec(value.clone(), w), h)
        })
    }

    /// Checks one protected table: every 1 or 2 hidden, no hidden member recoverable from a
    /// line, zeros shown.
    pub(crate) fn check(t: &Table) -> std::result::Result<(), TestCaseError> {
        for p in t.members() {
            let v = t.value(p);
            prop_assert!(
                !(1..=2).contains(&v) || t.is_hidden(p),
                "{:?} = {} shown",
                p,
                v
            );
            prop_assert!(v > 0 || !t.is_hidden(p), "{:?}: a zero hidden", p);
        }
        let found = recoverable(t);
        prop_assert!(found.is_empty(), "recoverable: {:?} in {:?}", found, t);
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// For random tables of counts, after suppression no hidden member can be recovered by
        /// a row or column difference, and every 1 or 2 is hidden.
        #[test]
        fn no_hidden_count_can_be_recovered_from_a_line(cells in tables(8, 6)) {
            let mut t = Table::new(cells[0].len(), cells);
            protect(std::slice::from_mut(&mut t));
            check(&t)?;
        }

        /// Tables sharing their row totals (as the report's attendance and answers do): each
        /// is safe, and a total is hidden in all or in none.
        #[test]
        fn tables_sharing_their_row_totals_hide_the_same_totals(
            base in tables(6, 4),
            seeds in prop::collection::vec(prop::collection::vec(0u32..1000, 24), 3),
        ) {
            // The other tables split each row's total differently over 3 columns.
            let mut all = vec![Table::new(base[0].len(), base.clone())];
            for seed in &seeds {
                let cells = base
                    .iter()
                    .enumerate()
                    .map(|(r, row)| {
                        let n: u32 = row.iter().sum();
                        let a = seed[r * 2] % (n + 1);
                        let b = seed[r * 2 + 1] % (n - a + 1);
                        vec![a, b, n - a - b]
                    })
                    .collect();
                all.push(Table::new(3, cells));
            }
            protect(&mut all);
            for t in &all {
                check(t)?;
                for p in (0..t.height()).map(Pos::Row).chain([Pos::Total]) {
                    prop_assert_eq!(t.is_hidden(p), all[0].is_hidden(p));
                }
            }
        }
    }
}
