//! The report as an accessible PDF for the working group: the same figures as the view,
//! each chart a vector figure with its text alternative and its data table beneath.

use crate::core::Core;
use crate::error::Result;
use crate::report::{Count, CountRow, CountTable, Report, ANSWERS};
use faelles_pdf::{Block, Document};

/// Title of the report.
pub const REPORT_TITLE: &str = "Indikatorer for Fælles Team";

/// The name of the chart part that stands for the hidden counts together.
const HIDDEN_PART: &str = "Skjult";

fn cell_text(c: &Count) -> String {
    if c.share.is_empty() {
        c.shown.clone()
    } else {
        format!("{} ({})", c.shown, c.share)
    }
}

fn table(header: &[&str], rows: Vec<Vec<String>>) -> Block {
    Block::Table {
        header: header.iter().map(|s| s.to_string()).collect(),
        rows,
        widths: Vec::new(),
    }
}

/// A chart of rows drawn from their bars: shown counts, and the hidden ones together as one
/// grey "Skjult" part (a row whose total is hidden is that part alone), so the chart gives
/// away nothing the table does not show.
fn chart(alt: String, columns: &[String], rows: &[CountRow]) -> Block {
    let mut legend: Vec<String> = columns.to_vec();
    if rows.iter().any(|r| r.bar.last().is_some_and(|h| *h > 0)) {
        legend.push(HIDDEN_PART.into());
    }
    Block::Chart {
        alt,
        legend,
        rows: rows
            .iter()
            .map(|r| (r.label.clone(), r.bar.iter().map(|v| *v as f32).collect()))
            .collect(),
    }
}

/// A citizens' table: its chart, then the numbers (count and share, "skjult", the cases).
fn count_table(t: &CountTable, alt: String) -> [Block; 2] {
    let mut header: Vec<&str> = vec!["Møde"];
    header.extend(t.columns.iter().map(String::as_str));
    header.push("Sager");
    [
        chart(alt, &t.columns, &t.rows),
        table(
            &header,
            t.rows
                .iter()
                .map(|r| {
                    std::iter::once(r.label.clone())
                        .chain(r.cells.iter().map(cell_text))
                        .chain([r.total.shown.clone()])
                        .collect()
                })
                .collect(),
        ),
    ]
}

impl Core {
    /// The report for `from`..=`to` as a document.
    pub fn report_document(&self, from: &str, to: &str) -> Result<Document> {
        let r: Report = self.report(from, to)?;
        let team = self.require_team()?;
        let mut blocks = vec![
            Block::Title(REPORT_TITLE.into()),
            Block::Subtitle(format!("{} · {}", team.name, r.range_label)),
            Block::KeyValues(vec![
                ("Møder holdt:".into(), r.meetings_held.to_string()),
                ("Møder aflyst:".into(), r.meetings_cancelled.to_string()),
                ("Borgersager:".into(), r.cases.shown.clone()),
                ("Borgere:".into(), r.citizens.shown.clone()),
            ]),
        ];
        if !r.excluded_note.is_empty() {
            blocks.push(Block::Paragraph(r.excluded_note.clone()));
        }
        blocks.push(Block::Note(r.suppression_rule.clone()));
        blocks.push(Block::Heading(r.attendance.title.clone()));
        blocks.extend(count_table(
            &r.attendance,
            "Søjlediagram: borgernes fremmøde i alt og pr. møde, som til stede, virtuelt, \
             fraværende og ikke registreret; skjulte tal er ét gråt felt. Tallene står i \
             tabellen under diagrammet."
                .into(),
        ));
        for q in &r.questions {
            blocks.push(Block::Heading(q.title.clone()));
            blocks.extend(count_table(
                q,
                format!(
                    "Søjlediagram: svarene på »{}« i alt og pr. møde, som ja, delvist, nej og \
                     ikke besvaret; skjulte tal er ét gråt felt. Tallene står i tabellen under \
                     diagrammet.",
                    q.title
                ),
            ));
        }
        blocks.push(Block::Heading(format!(
            "De professionelle: {}",
            r.coherence_question
        )));
        blocks.push(chart(
            "Søjlediagram: de professionelles svar om et mere sammenhængende forløb i \
             perioden. Svaret pr. møde står i tabellen under."
                .into(),
            &ANSWERS.map(String::from),
            std::slice::from_ref(&r.coherence_overall),
        ));
        blocks.push(table(
            &["Møde", "Svar"],
            r.coherence
                .iter()
                .map(|c| vec![c.date_label.clone(), c.answer.clone()])
                .collect(),
        ));
        blocks.push(Block::Heading("Læringspunkter".into()));
        if r.learning.is_empty() {
            blocks.push(Block::Paragraph("Ingen læringspunkter i perioden.".into()));
        } else {
            blocks.push(Block::Bullets(
                r.learning
                    .iter()
                    .map(|l| format!("{}: {}", l.date_label, l.text))
                    .collect(),
            ));
        }
        let g = &r.agreements;
        blocks.push(Block::Heading("Aftaler".into()));
        blocks.push(Block::Paragraph(g.counted.clone()));
        blocks.push(Block::KeyValues(vec![
            ("Nye aftaler:".into(), g.created.to_string()),
            ("Udført:".into(), g.done.to_string()),
            ("Droppet:".into(), g.dropped.to_string()),
            ("Fortsætter:".into(), g.continued.to_string()),
            ("Åbne:".into(), g.open.to_string()),
            (
                "Dage til udført (median):".into(),
                g.median_days_to_done.clone(),
            ),
        ]));
        blocks.push(Block::Heading(
            "Tidsforbrug pr. punkt (gennemsnit pr. møde)".into(),
        ));
        blocks.push(table(
            &[
                "Punkt",
                "Møder",
                "Planlagt (min)",
                "Brugt (min)",
                "Over tiden",
            ],
            r.time_use
                .iter()
                .map(|t| {
                    vec![
                        t.title.clone(),
                        t.meetings.to_string(),
                        t.planned_avg.clone(),
                        t.actual_avg.clone(),
                        t.overruns.to_string(),
                    ]
                })
                .collect(),
        ));
        Ok(Document {
            title: format!("{REPORT_TITLE}, {}", r.range_label),
            author: team.name.clone(),
            subject: format!("Indikatorer {}", r.range_label),
            created: self.now(),
            banner: None,
            footer_left: team.name.clone(),
            blocks,
        })
    }
}
