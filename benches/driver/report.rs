//! The report: rows of measure / result / floor / target / status, printed and written as
//! docs/PERFORMANCE.md.

use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Met,
    Missed,
    /// Reported, no target.
    Info,
    Failed,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Missed => "**MISSED**",
            Status::Info => "–",
            Status::Failed => "**FAILED**",
        }
    }
    pub fn of(ok: bool) -> Status {
        if ok {
            Status::Met
        } else {
            Status::Missed
        }
    }
}

#[derive(Debug, Clone)]
pub struct Row {
    pub item: &'static str,
    pub measure: String,
    pub result: String,
    pub floor: String,
    pub target: String,
    pub status: Status,
    /// For a miss: the numbers and what it would take.
    pub remedy: String,
}

#[derive(Default)]
pub struct Report {
    pub rows: Vec<Row>,
    /// Free-form sections (markdown), in order.
    pub details: Vec<(String, String)>,
    /// 1-minute load average at the start of each part.
    pub loads: Vec<(String, String)>,
}

impl Report {
    #[allow(clippy::too_many_arguments)]
    pub fn row(
        &mut self,
        item: &'static str,
        measure: impl Into<String>,
        result: impl Into<String>,
        floor: impl Into<String>,
        target: impl Into<String>,
        status: Status,
        remedy: &str,
    ) {
        let row = Row {
            item,
            measure: measure.into(),
            result: result.into(),
            floor: floor.into(),
            target: target.into(),
            status,
            remedy: if status == Status::Missed || status == Status::Failed {
                remedy.to_string()
            } else {
                String::new()
            },
        };
        println!(
            "[{}] {:<58} {}  (floor: {}; target: {}) {}",
            row.item,
            row.measure,
            row.result,
            if row.floor.is_empty() {
                "–"
            } else {
                &row.floor
            },
            if row.target.is_empty() {
                "–"
            } else {
                &row.target
            },
            row.status.label()
        );
        self.rows.push(row);
    }

    pub fn failed(&mut self, item: &'static str, what: &str, why: &str) {
        self.row(
            item,
            what,
            "could not be measured",
            "",
            "",
            Status::Failed,
            why,
        );
    }

    pub fn detail(&mut self, title: impl Into<String>, body: impl Into<String>) {
        self.details.push((title.into(), body.into()));
    }

    pub fn table(&self) -> String {
        let cell = |s: &str| {
            if s.is_empty() {
                "–".to_string()
            } else {
                s.replace('|', "\\|")
            }
        };
        let mut t = String::from(
            "| # | Measure | Result | Floor (same run) | Target | Status |\n|---|---|---|---|---|---|\n",
        );
        for r in &self.rows {
            let _ = writeln!(
                t,
                "| {} | {} | {} | {} | {} | {} |",
                r.item,
                cell(&r.measure),
                cell(&r.result),
                cell(&r.floor),
                cell(&r.target),
                r.status.label()
            );
        }
        t
    }

    pub fn markdown(&self, header: &str, machine: &str, method: &str) -> String {
        let mut md = String::new();
        md += header;
        md += "\n## Machine\n\n";
        md += machine;
        md += "\n## Results\n\n";
        md += &self.table();
        let misses: Vec<&Row> = self
            .rows
            .iter()
            .filter(|r| matches!(r.status, Status::Missed | Status::Failed))
            .collect();
        md += "\n## Missed targets and what it would take\n\n";
        if misses.is_empty() {
            md += "None in this run.\n";
        }
        for r in misses {
            let _ = writeln!(
                md,
                "- **{} {}**: {} (target {}). {}",
                r.item, r.measure, r.result, r.target, r.remedy
            );
        }
        for (title, body) in &self.details {
            let _ = write!(md, "\n## {title}\n\n{body}\n");
        }
        md += "\n## How it is measured\n\n";
        md += method;
        md
    }
}
