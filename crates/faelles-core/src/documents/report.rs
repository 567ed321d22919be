//! The report as an accessible PDF for the working group: the same figures as the view,
//! each chart a vector figure with its text alternative and its data table beneath.

use crate::core::Core;
use crate::error::Result;
use crate::report::teams::{self, TeamsReport};
use crate::report::{Count, CountRow, CountTable, Report};
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
///
/// A question's table has a fifth column, «Ikke stillet»: it is drawn after the hidden part
/// (always in the legend then), so «Skjult» keeps its grey whatever the table.
fn chart(alt: String, columns: &[String], rows: &[CountRow]) -> Block {
    let mut legend: Vec<String> = columns.to_vec();
    let fifth = columns.len() == 5;
    if fifth {
        legend.insert(4, HIDDEN_PART.into());
    } else if rows.iter().any(|r| r.bar.last().is_some_and(|h| *h > 0)) {
        legend.push(HIDDEN_PART.into());
    }
    Block::Chart {
        alt,
        legend,
        rows: rows
            .iter()
            .map(|r| {
                let mut bar: Vec<f32> = r.bar.iter().map(|v| *v as f32).collect();
                if fifth && bar.len() == 6 {
                    bar.swap(4, 5);
                }
                (r.label.clone(), bar)
            })
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
    /// The report for `from`..=`to` as a document: the team's own figures meeting by
    /// meeting, then the working group's report of the team's data (only ticked free texts:
    /// the PDF leaves the app) beside the imported teams' `files`, and all together.
    pub fn report_document(&self, from: &str, to: &str, files: &[String]) -> Result<Document> {
        let r: Report = self.report(from, to)?;
        let team = self.require_team()?;
        let l = self.report_load(from, to)?;
        let mut data = vec![self.eval_data_of(&l, &Default::default(), false)?];
        for f in files {
            data.push(crate::report::data::decode(f.as_bytes())?);
        }
        let tr = teams::teams_report(&data, true);
        let mut blocks = vec![
            Block::Title(REPORT_TITLE.into()),
            Block::Subtitle(format!(
                "{} · {}",
                tr.teams
                    .iter()
                    .map(|t| t.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                r.range_label
            )),
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
        blocks.push(Block::Paragraph(r.answers_counted.clone()));
        for q in &r.questions {
            blocks.push(Block::Heading(q.title.clone()));
            blocks.extend(count_table(
                q,
                format!(
                    "Søjlediagram: svarene på »{}« i alt og pr. møde blandt de borgere, der \
                     deltog, som {}; skjulte tal er ét gråt felt. Tallene står i tabellen \
                     under diagrammet.",
                    q.title,
                    crate::words::or_list(
                        &q.columns
                            .iter()
                            .map(|c| c.to_lowercase())
                            .collect::<Vec<_>>()
                    )
                ),
            ));
        }
        teams_blocks(&tr, &mut blocks);
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

/// A table of the teams side by side (rows: each team, then all together).
fn team_table(t: &CountTable) -> Block {
    let mut header: Vec<&str> = vec!["Team"];
    header.extend(t.columns.iter().map(String::as_str));
    header.push("I alt");
    let mut rows: Vec<&CountRow> = t.rows.iter().skip(1).collect();
    if t.rows.len() > 2 {
        rows.push(&t.rows[0]);
    }
    table(
        &header,
        rows.iter()
            .map(|r| {
                std::iter::once(r.label.clone())
                    .chain(r.cells.iter().map(cell_text))
                    .chain([r.total.shown.clone()])
                    .collect()
            })
            .collect(),
    )
}

/// The working group's report: teams side by side, the actors by organisation, their texts,
/// the citizens' own words, invitations, summaries, the baseline.
fn teams_blocks(tr: &TeamsReport, blocks: &mut Vec<Block>) {
    let several = tr.together;
    if several {
        blocks.push(Block::Heading("Teamene side om side".into()));
        for t in &tr.teams {
            blocks.push(Block::Paragraph(format!(
                "{} ({}): {} · {}",
                t.name, t.municipality, t.range_label, t.source
            )));
        }
        for n in &tr.notices {
            blocks.push(Block::Note(n.clone()));
        }
        let mut header: Vec<String> = vec!["Tal".into()];
        header.extend(tr.teams.iter().map(|t| t.name.clone()));
        header.push(teams::TOGETHER.into());
        blocks.push(Block::Table {
            header,
            rows: tr
                .figures
                .iter()
                .map(|f| {
                    std::iter::once(f.label.clone())
                        .chain(f.values.iter().cloned())
                        .chain([f.together.clone()])
                        .collect()
                })
                .collect(),
            widths: Vec::new(),
        });
        blocks.push(Block::Heading("Borgernes fremmøde pr. team".into()));
        blocks.push(team_table(&tr.attendance));
        blocks.push(Block::Paragraph(tr.answers_counted.clone()));
        for q in &tr.questions {
            blocks.push(Block::Heading(format!("{} (pr. team)", q.title)));
            blocks.push(team_table(q));
        }
    }
    blocks.push(Block::Heading(format!(
        "Aktørerne pr. organisation: {}",
        tr.coherence_question
    )));
    blocks.push(Block::Paragraph(
        "Antal afholdte møder, hvor organisationen har evalueret, efter svar.".into(),
    ));
    if tr.by_organisation.is_empty() {
        blocks.push(Block::Paragraph("Ingen evalueringer i perioden.".into()));
    }
    for o in &tr.by_organisation {
        blocks.push(Block::Heading(o.title.clone()));
        blocks.push(team_table(o));
    }
    blocks.push(Block::Heading(
        "Aktørernes effekter, erfaringer og læringspunkter".into(),
    ));
    if tr.actor_texts.is_empty() {
        blocks.push(Block::Paragraph(
            "Ingen gennemsete tekster i perioden.".into(),
        ));
    } else {
        blocks.push(Block::Table {
            header: [
                "Møde",
                "Organisation",
                "Effekter",
                "Erfaringer",
                "Læringspunkter",
            ]
            .map(String::from)
            .to_vec(),
            rows: tr
                .actor_texts
                .iter()
                .map(|a| {
                    vec![
                        if several {
                            format!("{} ({})", a.date_label, a.team)
                        } else {
                            a.date_label.clone()
                        },
                        a.org_title.clone(),
                        a.effects.clone(),
                        a.experiences.clone(),
                        a.learning.clone(),
                    ]
                })
                .collect(),
            widths: vec![1.2, 1.2, 2.0, 2.0, 2.0],
        });
    }
    blocks.push(Block::Heading("Borgernes egne ord".into()));
    blocks.push(Block::Note(
        "Uden navne; kun tekster, mødelederen har læst igennem og markeret.".into(),
    ));
    if tr.words.is_empty() {
        blocks.push(Block::Paragraph(
            "Ingen gennemsete tekster i perioden.".into(),
        ));
    } else {
        blocks.push(Block::Bullets(
            tr.words
                .iter()
                .map(|w| format!("{}: {}", w.date_label, w.text))
                .collect(),
        ));
    }
    blocks.push(Block::Heading(tr.invitations.title.clone()));
    blocks.push(team_table(&tr.invitations));
    blocks.push(Block::Heading(tr.summaries.title.clone()));
    blocks.push(team_table(&tr.summaries));
    if let Some(f) = tr.figures.iter().find(|f| f.key == "median_days_to_eboks") {
        blocks.push(Block::KeyValues(
            tr.teams
                .iter()
                .zip(&f.values)
                .map(|(t, v)| (format!("{} – {}:", t.name, f.label), v.clone()))
                .collect(),
        ));
    }
    if !tr.baseline.is_empty() {
        blocks.push(Block::Heading(
            "Sammenlignet med før forsøget (indtastet manuelt)".into(),
        ));
        for (t, p) in tr.teams.iter().zip(&tr.baseline_periods) {
            blocks.push(Block::Note(format!("{}: {p}", t.name)));
        }
        let mut header: Vec<String> = vec!["Tal".into()];
        for t in &tr.teams {
            header.push(format!("{}: før (manuelt)", t.name));
            header.push(format!("{}: forsøget", t.name));
        }
        blocks.push(Block::Table {
            header,
            rows: tr
                .baseline
                .iter()
                .map(|b| {
                    std::iter::once(b.label.clone())
                        .chain(b.values.iter().flat_map(|(x, y)| [x.clone(), y.clone()]))
                        .collect()
                })
                .collect(),
            widths: Vec::new(),
        });
    }
}
