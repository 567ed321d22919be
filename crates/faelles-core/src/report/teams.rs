//! The working group's report: figures of one or more teams' evaluation data
//! ([`EvalData`]), each team side by side and all together. The team's own view is this
//! report of its own data alone; with imported files, of each team and of all of them —
//! so «the teams together» is the merged report by construction.
//!
//! **The citizens' answers** are shares of the cases where the citizen took part (present
//! or virtual): an absent citizen or one whose attendance was not registered was not asked,
//! and is counted in the attendance table, apart. «Ikke stillet»: the question was not in
//! the template the meeting was held with (it came with a later version).
//!
//! **Small numbers**: every count of citizens (attendance, each question, invitations →
//! attendance, summaries) is protected as in `suppress.rs`, each team's row and the
//! together row, and across the tables where one is a sum of another's cells
//! ([`suppress::protect_linked`]: the took-part total of a question is «til stede» +
//! «virtuelt»; the invitation columns add up to those of attendance). The actors' answers
//! count meetings, not citizens, and are not hidden. The per-citizen rows (first and latest
//! answers) are microdata under a pseudonymous key, as the per-case CSV: shown, not hidden,
//! only for citizens with two or more evaluated cases.

pub use super::citizens::{
    answer_columns, citizen_counts, citizen_tables, held_cases, CaseIn, CitizenTables,
};
use super::data::{ActorData, CaseData, EvalData, TemplateInfo};
pub use super::series::{series_of, Series};
use super::suppress;
use super::{decimal, median, Count, CountRow, CountTable};
use crate::calendar;
use crate::domain::*;
use crate::store::Baseline;
use serde::Serialize;
use std::collections::HashSet;

/// The label of the together row.
pub const TOGETHER: &str = "Alle teams";
pub const INVITATION_COLUMNS: [&str; 4] = [
    "Inviteret, deltog",
    "Inviteret, deltog ikke",
    "Ikke inviteret, deltog",
    "Ikke inviteret, deltog ikke",
];
pub const SUMMARY_COLUMNS: [&str; 3] = [
    "Overdraget til e-Boks",
    "Lavet, ikke overdraget",
    "Ikke lavet",
];
/// The word of a question not in a meeting's template.
pub const NOT_ASKED: &str = "Ikke stillet";
/// What the shares of the citizens' answers are of.
pub const ANSWERS_COUNTED: &str = "Andele af de sager, hvor borgeren deltog (til stede eller \
    virtuelt). Fraværende og ikke registrerede står i fremmødetabellen. »Ikke stillet«: \
    spørgsmålet var ikke med i den skabelon, mødet blev holdt med. Et spørgsmål følges på \
    tværs af skabelonens udgaver; får det en ny svarskala, begynder en ny tabel, og det står \
    i overskriften, ligesom et nyt spørgsmål og en ændret formulering.";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamHead {
    pub key: String,
    pub name: String,
    pub municipality: String,
    /// «1. juni 2026 – 30. november 2026»
    pub range_label: String,
    /// «Eget team» or «Importeret fil (lavet 3. december 2026)»
    pub source: String,
    /// What the data says of its free texts.
    pub free_text: String,
    pub template_versions: Vec<String>,
}

/// One figure per team and together (meetings, cases, citizens, agreements, e-Boks days).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureRow {
    pub key: String,
    pub label: String,
    pub values: Vec<String>,
    /// Together ("" when one team).
    pub together: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorText {
    pub team: String,
    pub date_label: String,
    pub org: Org,
    pub org_title: String,
    pub effects: String,
    pub experiences: String,
    pub learning: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Words {
    pub team: String,
    pub date_label: String,
    pub text: String,
}

/// One citizen's first and latest evaluated case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CourseRow {
    pub team: String,
    pub citizen: String,
    /// Evaluated cases.
    pub cases: u32,
    pub first_date: String,
    pub first: Vec<String>,
    pub latest_date: String,
    pub latest: Vec<String>,
}

/// The baseline beside the trial's figures, per team.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BaselineRow {
    pub label: String,
    /// Per team: (before the trial, entered by hand; the trial).
    pub values: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamsReport {
    pub teams: Vec<TeamHead>,
    /// Whether a together column/row is shown (two or more teams).
    pub together: bool,
    /// A team's file given twice, periods that differ: said once each.
    pub notices: Vec<String>,
    pub suppression_rule: String,
    pub figures: Vec<FigureRow>,
    pub attendance: CountTable,
    pub answers_counted: String,
    pub questions: Vec<CountTable>,
    pub invitations: CountTable,
    pub summaries: CountTable,
    pub coherence_question: String,
    /// The actors' coherence answer by organisation: counts of meetings where the
    /// organisation evaluated, per team.
    pub by_organisation: Vec<CountTable>,
    pub actor_texts: Vec<ActorText>,
    pub words: Vec<Words>,
    pub course_questions: Vec<String>,
    pub course: Vec<CourseRow>,
    /// «Før forsøget (indtastet manuelt)»: empty when no team entered one.
    pub baseline: Vec<BaselineRow>,
    pub baseline_periods: Vec<String>,
}

fn all_cases<'a>(ds: &[&'a EvalData]) -> Vec<&'a CaseData> {
    ds.iter()
        .flat_map(|d| held_cases(d).into_iter().map(|k| k.case))
        .collect()
}

fn range_label(d: &EvalData) -> String {
    format!(
        "{} – {}",
        calendar::date_short(d.from),
        calendar::date_short(d.to)
    )
}

fn team_label(d: &EvalData) -> String {
    format!("{} ({})", d.team.name, d.team.municipality)
}

/// A median of days, shown only when at least [`suppress::SMALL`] values make it.
fn median_days(v: Vec<f64>) -> String {
    if v.len() < suppress::SMALL as usize {
        return "–".into();
    }
    median(v).map_or("–".into(), |d| decimal(d, 1))
}

fn org_rank(o: Org) -> usize {
    [Org::Kommune, Org::Region, Org::Other, Org::Joint]
        .iter()
        .position(|x| *x == o)
        .unwrap_or(9)
}

/// The report of `data` (the first is the team's own, or the first file), each team side by
/// side and, with two or more, all together. A team given twice is counted once (the first).
pub fn teams_report(data: &[EvalData], own: bool) -> TeamsReport {
    let mut notices = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut list: Vec<&EvalData> = Vec::new();
    for d in data {
        if seen.insert(d.team.key.as_str()) {
            list.push(d);
        } else {
            notices.push(format!(
                "{} er med to gange: teamet er talt med én gang (den første fil).",
                team_label(d)
            ));
        }
    }
    if list
        .iter()
        .any(|d| (d.from, d.to) != (list[0].from, list[0].to))
    {
        notices.push(
            "Teamenes perioder er ikke ens: hvert team er talt for sin egen periode (se \
             kolonnernes overskrift)."
                .into(),
        );
    }
    let together = list.len() > 1;
    let questions = series_of(&list);
    // The actors' question and the organisations' names: the newest template in the data.
    let newest = super::series::newest_template(&list);
    let rows: Vec<(String, Option<Id>, Vec<CaseIn>)> = list
        .iter()
        .map(|d| (d.team.name.clone(), None, held_cases(d)))
        .collect();
    let tables = citizen_tables(&questions, &rows, TOGETHER);

    // Figures per team and together.
    let held = |d: &EvalData| {
        d.meetings
            .iter()
            .filter(|m| m.status == MeetingStatus::Closed)
            .count() as u32
    };
    let cancelled = |d: &EvalData| {
        d.meetings
            .iter()
            .filter(|m| m.status == MeetingStatus::Cancelled)
            .count() as u32
    };
    let citizens_of = |ds: &[&EvalData]| -> u32 {
        ds.iter()
            .flat_map(|d| {
                held_cases(d)
                    .into_iter()
                    .map(move |k| (d.team.key.clone(), k.case.citizen.clone()))
            })
            .collect::<HashSet<_>>()
            .len() as u32
    };
    let agreements = |ds: &[&EvalData], s: Option<AgreementStatus>| -> u32 {
        all_cases(ds)
            .iter()
            .flat_map(|k| &k.agreements)
            .filter(|a| s.is_none_or(|s| a.status == s))
            .count() as u32
    };
    let days_done = |ds: &[&EvalData]| {
        median_days(
            all_cases(ds)
                .iter()
                .flat_map(|k| &k.agreements)
                .filter_map(|a| a.seconds_to_done)
                .map(|s| s as f64 / 86_400.0)
                .collect(),
        )
    };
    let days_eboks = |ds: &[&EvalData]| {
        median_days(
            all_cases(ds)
                .iter()
                .filter_map(|k| k.handed_over_after_days)
                .map(|d| d as f64)
                .collect(),
        )
    };
    let mut figures = Vec::new();
    let mut fig = |key: &str, label: &str, f: &dyn Fn(&[&EvalData]) -> String| {
        figures.push(FigureRow {
            key: key.into(),
            label: label.into(),
            values: list.iter().map(|d| f(&[*d])).collect(),
            together: if together { f(&list) } else { String::new() },
        });
    };
    fig("meetings_held", "Møder holdt", &|ds| {
        ds.iter().map(|d| held(d)).sum::<u32>().to_string()
    });
    fig("meetings_cancelled", "Møder aflyst", &|ds| {
        ds.iter().map(|d| cancelled(d)).sum::<u32>().to_string()
    });
    fig("citizens", "Borgere (forskellige)", &|ds| {
        Count::alone(citizens_of(ds)).shown
    });
    fig("agreements_created", "Nye aftaler", &|ds| {
        agreements(ds, None).to_string()
    });
    fig("agreements_done", "Aftaler udført", &|ds| {
        agreements(ds, Some(AgreementStatus::Done)).to_string()
    });
    fig("agreements_dropped", "Aftaler droppet", &|ds| {
        agreements(ds, Some(AgreementStatus::Dropped)).to_string()
    });
    fig(
        "median_days_to_done",
        "Dage til udført (median)",
        &days_done,
    );
    fig(
        "median_days_to_eboks",
        "Dage fra møde til e-Boks (median)",
        &days_eboks,
    );

    // The actors by organisation: counts of meetings.
    let mut orgs: Vec<Org> = list
        .iter()
        .flat_map(|d| {
            d.meetings
                .iter()
                .flat_map(|m| m.actors.iter().map(|a| a.org))
        })
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    orgs.sort_by_key(|o| org_rank(*o));
    let coherence_columns: Vec<String> = ["Ja", "Delvist", "Nej", "Ikke besvaret"]
        .map(String::from)
        .to_vec();
    let actor_col = |a: &ActorData| match a.coherent {
        Some(Answer::Yes) => 0,
        Some(Answer::Partly) => 1,
        Some(Answer::No) => 2,
        _ => 3,
    };
    let by_organisation = orgs
        .iter()
        .map(|org| {
            let per: Vec<Vec<u32>> = list
                .iter()
                .map(|d| {
                    let mut row = vec![0u32; 4];
                    for m in d
                        .meetings
                        .iter()
                        .filter(|m| m.status == MeetingStatus::Closed)
                    {
                        for a in m.actors.iter().filter(|a| a.org == *org) {
                            row[actor_col(a)] += 1;
                        }
                    }
                    row
                })
                .collect();
            let total: Vec<u32> = (0..4).map(|c| per.iter().map(|r| r[c]).sum()).collect();
            let mk = |label: &str, cells: &[u32]| {
                CountRow::new(
                    label.into(),
                    None,
                    cells.iter().map(|c| Some(*c)).collect(),
                    Some(cells.iter().sum()),
                )
            };
            let mut rows = vec![mk(TOGETHER, &total)];
            rows.extend(list.iter().zip(&per).map(|(d, r)| mk(&d.team.name, r)));
            CountTable {
                key: org.code().into(),
                title: org_title(newest, *org),
                columns: coherence_columns.clone(),
                rows,
            }
        })
        .collect();

    // Texts: the actors' by meeting and organisation, the citizens' own words (no key).
    let mut actor_texts = Vec::new();
    let mut words = Vec::new();
    for d in &list {
        for m in d
            .meetings
            .iter()
            .filter(|m| m.status == MeetingStatus::Closed)
        {
            let date_label = calendar::date_short(m.date);
            let mut actors: Vec<&ActorData> = m.actors.iter().collect();
            actors.sort_by_key(|a| org_rank(a.org));
            for a in actors {
                let s = |x: &Option<String>| x.clone().unwrap_or_default();
                if a.effects.is_none() && a.experiences.is_none() && a.learning.is_none() {
                    continue;
                }
                actor_texts.push(ActorText {
                    team: d.team.name.clone(),
                    date_label: date_label.clone(),
                    org: a.org,
                    org_title: org_title(newest, a.org),
                    effects: s(&a.effects),
                    experiences: s(&a.experiences),
                    learning: s(&a.learning),
                });
            }
            for k in &m.cases {
                if let Some(w) = &k.words {
                    words.push(Words {
                        team: d.team.name.clone(),
                        date_label: date_label.clone(),
                        text: w.clone(),
                    });
                }
            }
        }
    }

    // Each citizen's first and latest evaluated case (two or more).
    let mut course = Vec::new();
    for d in &list {
        let mut order: Vec<String> = Vec::new();
        type Asked<'a> = Vec<(&'a str, Scale)>;
        let mut by: std::collections::HashMap<String, Vec<(chrono::NaiveDate, &CaseData, Asked)>> =
            Default::default();
        for m in d
            .meetings
            .iter()
            .filter(|m| m.status == MeetingStatus::Closed)
        {
            let asked = super::series::asked(d, m);
            for k in m.cases.iter().filter(|k| k.evaluated) {
                if !by.contains_key(&k.citizen) {
                    order.push(k.citizen.clone());
                }
                by.entry(k.citizen.clone())
                    .or_default()
                    .push((m.date, k, asked.clone()));
            }
        }
        for key in order {
            let cases = &by[&key];
            if cases.len() < 2 {
                continue;
            }
            // A series its meeting did not ask: «–», as an answer not given.
            let cells = |k: &CaseData, asked: &[(&str, Scale)]| {
                questions
                    .iter()
                    .map(|q| {
                        k.answers
                            .get(&q.question)
                            .filter(|_| q.asked_in(asked))
                            .map_or("–".to_string(), |a| a.label_da().to_string())
                    })
                    .collect()
            };
            let (fd, first, fa) = &cases[0];
            let (ld, latest, la) = &cases[cases.len() - 1];
            course.push(CourseRow {
                team: d.team.name.clone(),
                citizen: key.clone(),
                cases: cases.len() as u32,
                first_date: calendar::date_short(*fd),
                first: cells(first, fa),
                latest_date: calendar::date_short(*ld),
                latest: cells(latest, la),
            });
        }
    }

    // The baseline, entered by hand, beside the trial's figures.
    let (baseline, baseline_periods) = baseline_rows(&list, &tables);

    TeamsReport {
        teams: list
            .iter()
            .enumerate()
            .map(|(i, d)| TeamHead {
                key: d.team.key.clone(),
                name: d.team.name.clone(),
                municipality: d.team.municipality.clone(),
                range_label: range_label(d),
                source: if own && i == 0 {
                    "Eget team".into()
                } else {
                    format!(
                        "Importeret fil (lavet {})",
                        calendar::date_short(calendar::local(d.made_at).date_naive())
                    )
                },
                free_text: d.free_text.clone(),
                template_versions: d.templates.iter().map(|t| t.version.clone()).collect(),
            })
            .collect(),
        together,
        notices,
        suppression_rule: suppress::RULE.into(),
        figures,
        attendance: tables.attendance,
        answers_counted: ANSWERS_COUNTED.into(),
        questions: tables.questions,
        invitations: tables.invitations,
        summaries: tables.summaries,
        coherence_question: newest.map_or_else(String::new, |t| t.coherence_question.clone()),
        by_organisation,
        actor_texts,
        words,
        course_questions: questions.iter().map(|q| q.short.clone()).collect(),
        course,
        baseline,
        baseline_periods,
    }
}

/// «Kommunen» as the newest template in the data names it ([`Org::label_da`] when it
/// does not).
fn org_title(t: Option<&TemplateInfo>, org: Org) -> String {
    t.and_then(|t| t.organisations.iter().find(|o| o.key == org))
        .map_or_else(|| org.label_da().to_string(), |o| o.title.clone())
}

/// «Før forsøget» (entered by hand, small counts hidden) beside the trial's figures.
fn baseline_rows(list: &[&EvalData], t: &CitizenTables) -> (Vec<BaselineRow>, Vec<String>) {
    if list.iter().all(|d| d.baseline.is_none()) {
        return (Vec::new(), Vec::new());
    }
    let row_of = |i: usize| &t.attendance.rows[i + 1];
    let shown = |c: &Count| c.shown.clone();
    let opt = |v: Option<u32>| v.map_or("–".to_string(), |n| Count::alone(n).shown);
    let held = |d: &EvalData| {
        d.meetings
            .iter()
            .filter(|m| m.status == MeetingStatus::Closed)
            .count()
            .to_string()
    };
    let q_yes = |key: &str, i: usize| {
        t.questions
            .iter()
            .find(|q| q.key == key)
            .map_or("–".to_string(), |q| shown(&q.rows[i + 1].cells[0]))
    };
    type Getter<'a> = Box<dyn Fn(&Baseline) -> String + 'a>;
    type Trial<'a> = Box<dyn Fn(usize, &EvalData) -> String + 'a>;
    let specs: Vec<(&str, Getter, Trial)> = vec![
        (
            "Møder holdt",
            Box::new(|b: &Baseline| b.meetings_held.map_or("–".into(), |n| n.to_string())),
            Box::new(|_, d: &EvalData| held(d)),
        ),
        (
            "Borgersager",
            Box::new(|b: &Baseline| opt(b.cases)),
            Box::new(|i, _: &EvalData| shown(&row_of(i).total)),
        ),
        (
            "Borgeren deltog (til stede eller virtuelt)",
            Box::new(|b: &Baseline| opt(b.attended)),
            Box::new(|i, _: &EvalData| {
                let r = row_of(i);
                match (r.cells[0].value, r.cells[1].value) {
                    (Some(a), Some(b)) => (a + b).to_string(),
                    _ => suppress::HIDDEN.into(),
                }
            }),
        ),
        (
            "Borgeren fraværende",
            Box::new(|b: &Baseline| opt(b.absent)),
            Box::new(|i, _: &EvalData| shown(&row_of(i).cells[2])),
        ),
        (
            "Følte sig inddraget (Ja)",
            Box::new(|b: &Baseline| opt(b.involved_yes)),
            Box::new(|i, _: &EvalData| q_yes("involved", i)),
        ),
        (
            "Oplever sammenhæng (Ja)",
            Box::new(|b: &Baseline| opt(b.coherent_yes)),
            Box::new(|i, _: &EvalData| q_yes("coherence", i)),
        ),
    ];
    let rows = specs
        .iter()
        .map(|(label, before, trial)| BaselineRow {
            label: (*label).into(),
            values: list
                .iter()
                .enumerate()
                .map(|(i, d)| (d.baseline.as_ref().map_or("–".into(), before), trial(i, d)))
                .collect(),
        })
        .collect();
    let periods = list
        .iter()
        .map(|d| {
            d.baseline
                .as_ref()
                .map_or("Ingen før-tal indtastet".into(), |b| {
                    let p = |s: &str| {
                        s.parse().map_or(s.to_string(), |d: chrono::NaiveDate| {
                            calendar::date_short(d)
                        })
                    };
                    let note = if b.note.trim().is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", b.note.trim())
                    };
                    format!(
                        "{} – {}, indtastet manuelt{note}",
                        p(&b.period_from),
                        p(&b.period_to)
                    )
                })
        })
        .collect();
    (rows, periods)
}

impl crate::core::Core {
    /// The working group's report: the team's own data for the range (every free text: it
    /// is the team's own view) beside the imported files (each checked: [`decode`]), and all
    /// together.
    pub fn teams_report(
        &mut self,
        from: &str,
        to: &str,
        files: &[String],
    ) -> crate::error::Result<TeamsReport> {
        let mut data = vec![self.eval_data(from, to, true)?];
        for f in files {
            data.push(super::data::decode(f.as_bytes())?);
        }
        Ok(teams_report(&data, true))
    }
}

#[cfg(test)]
mod tests;
