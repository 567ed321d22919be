//! The report as an accessible PDF for the working group: the same figures as the view,
//! each chart a vector figure with its text alternative and its data table beneath.

use super::{Answers, Report};
use crate::core::Core;
use crate::error::Result;
use faelles_pdf::{Block, Document};

/// Title of the report.
pub const REPORT_TITLE: &str = "Indikatorer for Fælles Team";

const LEGEND: [&str; 4] = ["Ja", "Delvist", "Nej", "Ikke besvaret"];

fn parts(a: &Answers) -> Vec<f32> {
    [&a.yes, &a.partly, &a.no, &a.unanswered]
        .iter()
        .map(|c| c.n as f32)
        .collect()
}

fn shown(a: &Answers) -> Vec<String> {
    [&a.yes, &a.partly, &a.no, &a.unanswered]
        .iter()
        .map(|c| {
            if c.share.is_empty() {
                c.shown.clone()
            } else {
                format!("{} ({})", c.shown, c.share)
            }
        })
        .collect()
}

fn table(header: &[&str], rows: Vec<Vec<String>>) -> Block {
    Block::Table {
        header: header.iter().map(|s| s.to_string()).collect(),
        rows,
        widths: Vec::new(),
    }
}

/// The chart's parts must not reveal what "<3" hides: a row with a suppressed count is
/// drawn without its parts (the table beneath says "<3").
fn chart_rows(rows: &[(String, &Answers)]) -> Vec<(String, Vec<f32>)> {
    rows.iter()
        .map(|(label, a)| {
            let hidden = [&a.yes, &a.partly, &a.no, &a.unanswered]
                .iter()
                .any(|c| c.shown == "<3");
            let label = if hidden {
                format!("{label} (færre end 3)")
            } else {
                label.clone()
            };
            (label, if hidden { vec![0.0; 4] } else { parts(a) })
        })
        .collect()
}

impl Core {
    /// The report for `from`..=`to` as a document.
    pub fn report_document(&self, from: &str, to: &str) -> Result<Document> {
        let r: Report = self.report(from, to)?;
        let team = self.require_team()?;
        let a = &r.attendance;
        let mut blocks = vec![
            Block::Title(REPORT_TITLE.into()),
            Block::Subtitle(format!("{} · {}", team.name, r.range_label)),
            Block::KeyValues(vec![
                ("Møder holdt:".into(), r.meetings_held.to_string()),
                ("Møder aflyst:".into(), r.meetings_cancelled.to_string()),
                ("Borgersager:".into(), r.cases.to_string()),
                ("Borgere:".into(), r.citizens.shown.clone()),
            ]),
            Block::Note(
                "Tal for færre end 3 borgere vises som »<3«, så ingen kan genkendes.".into(),
            ),
            Block::Heading("Borgernes fremmøde".into()),
            table(
                &["Til stede", "Virtuelt", "Fraværende", "Ikke registreret"],
                vec![[&a.present, &a.virtual_, &a.absent, &a.not_registered]
                    .iter()
                    .map(|c| c.shown.clone())
                    .collect()],
            ),
        ];
        for q in &r.questions {
            blocks.push(Block::Heading(q.question.clone()));
            let mut rows: Vec<(String, &Answers)> = vec![("I alt".into(), &q.overall)];
            rows.extend(
                q.per_meeting
                    .iter()
                    .map(|m| (m.date_label.clone(), &m.answers)),
            );
            blocks.push(Block::Chart {
                alt: format!(
                    "Søjlediagram: svarene på »{}« i alt og pr. møde, som ja, delvist, nej og \
                     ikke besvaret. Tallene står i tabellen under diagrammet.",
                    q.question
                ),
                legend: LEGEND.iter().map(|s| s.to_string()).collect(),
                rows: chart_rows(&rows),
            });
            blocks.push(table(
                &["Møde", "Ja", "Delvist", "Nej", "Ikke besvaret"],
                rows.iter()
                    .map(|(label, a)| std::iter::once(label.clone()).chain(shown(a)).collect())
                    .collect(),
            ));
        }
        blocks.push(Block::Heading(format!(
            "De professionelle: {}",
            r.coherence_question
        )));
        let overall = vec![("I alt".to_string(), &r.coherence_overall)];
        blocks.push(Block::Chart {
            alt: "Søjlediagram: de professionelles svar om et mere sammenhængende forløb i \
                  perioden. Svaret pr. møde står i tabellen under."
                .into(),
            legend: LEGEND.iter().map(|s| s.to_string()).collect(),
            rows: chart_rows(&overall),
        });
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
        blocks.push(Block::KeyValues(vec![
            ("Nye aftaler:".into(), g.created.to_string()),
            ("Udført:".into(), g.done.to_string()),
            ("Droppet:".into(), g.dropped.to_string()),
            ("Fortsætter:".into(), g.continued.to_string()),
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
