//! The citizen's questions as series across the template's versions: what the report
//! follows from meeting to meeting. A series is a question's key with its scale: the same
//! key on the same scale in several versions is one series (its wording may change: the
//! newest is shown, and the date it was changed); a key whose scale changed starts a new
//! series from the first meeting with the new scale, and a new key is a series of its own.
//! A case counts in a series only when its meeting's template asked that key on that
//! scale; otherwise it is «Ikke stillet».
//!
//! Everything here is read from the data sets themselves (each `EvalData`'s templates and
//! the meetings that used them), never from the app's own templates: a team's saved
//! versions and another team's file are told apart by their content-derived ids.

use super::data::{EvalData, MeetingData, TemplateInfo};
use crate::calendar::date_short;
use crate::domain::{MeetingStatus, Scale};
use crate::words::question_label;
use chrono::NaiveDate;
use serde::Serialize;

/// One series: a question's key on one scale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// The series' own key (its table's key): the question's key for the key's first
    /// series, `<key>:<scale code>` for a later scale of the same key.
    pub key: String,
    /// The question's key, as answers are stored.
    pub question: String,
    pub scale: Scale,
    /// The question's newest wording in the data.
    pub text: String,
    /// What a reader sees as its title: the wording, and in brackets what makes it a new
    /// series or what changed («ny svarskala fra 7. april 2026», «nyt spørgsmål fra …»,
    /// «formuleringen ændret …»).
    pub label: String,
    /// The short name of a column (CSV, the first and latest answers): «Inddraget»; with
    /// the scale when the key has more than one series («Oplevelse (Godt/Blandet/Svært)»).
    pub short: String,
}

/// A template of one data set as the series see it: its questions, the dates of the
/// meetings that used it (all, and the held ones).
struct Used<'a> {
    info: &'a TemplateInfo,
    /// The latest meeting with it (the data's end when none: a template no meeting used).
    last: NaiveDate,
    /// The held meetings with it.
    held: Vec<NaiveDate>,
    /// Its order in the data (ties of `last`).
    order: (usize, usize),
}

fn used<'a>(data: &[&'a EvalData]) -> Vec<Used<'a>> {
    let mut out = Vec::new();
    for (di, d) in data.iter().enumerate() {
        for (ti, info) in d.templates.iter().enumerate() {
            let mine: Vec<&MeetingData> = d
                .meetings
                .iter()
                .filter(|m| m.template_version == info.version)
                .collect();
            out.push(Used {
                info,
                last: mine.iter().map(|m| m.date).max().unwrap_or(d.to),
                held: mine
                    .iter()
                    .filter(|m| m.status == MeetingStatus::Closed)
                    .map(|m| m.date)
                    .collect(),
                order: (di, ti),
            });
        }
    }
    // Newest first: the latest meeting that used it.
    out.sort_by_key(|u| std::cmp::Reverse((u.last, u.order)));
    out
}

/// The newest template in the data: the one of its latest meeting.
pub fn newest_template<'a>(data: &[&'a EvalData]) -> Option<&'a TemplateInfo> {
    used(data).first().map(|u| u.info)
}

/// «Ja/Delvist/Nej».
fn scale_words(s: Scale) -> String {
    s.answers()[..3]
        .iter()
        .map(|a| a.label_da())
        .collect::<Vec<_>>()
        .join("/")
}

/// What is built of a series before it is labelled.
struct Building {
    question: String,
    scale: Scale,
    /// The wording of the newest template that asks it.
    text: String,
    /// Its held meetings: (date, wording).
    held: Vec<(NaiveDate, String)>,
    /// Its first meeting of any status (the order of a key's series when none is held).
    first: NaiveDate,
}

/// The series of the citizens' questions in `data`: keys in the order of the newest
/// template that asks them (then the keys only older ones ask), a key's series in the order
/// they began.
pub fn series_of(data: &[&EvalData]) -> Vec<Series> {
    let used = used(data);
    let first_held = used.iter().flat_map(|u| u.held.iter()).min().copied();
    let mut keys: Vec<&str> = Vec::new();
    let mut built: Vec<Building> = Vec::new();
    for u in &used {
        let first = u.held.iter().min().copied().unwrap_or(u.last);
        for q in &u.info.questions {
            if !keys.contains(&q.key.as_str()) {
                keys.push(&q.key);
            }
            let b = match built
                .iter_mut()
                .position(|b| b.question == q.key && b.scale == q.scale)
            {
                Some(i) => &mut built[i],
                None => {
                    built.push(Building {
                        question: q.key.clone(),
                        scale: q.scale,
                        text: q.text.clone(),
                        held: Vec::new(),
                        first,
                    });
                    built.last_mut().expect("just pushed")
                }
            };
            b.first = b.first.min(first);
            b.held.extend(u.held.iter().map(|d| (*d, q.text.clone())));
        }
    }
    let mut out = Vec::new();
    for key in keys {
        let mut mine: Vec<&mut Building> = built.iter_mut().filter(|b| b.question == key).collect();
        for b in &mut mine {
            b.held.sort();
            if let Some((d, _)) = b.held.first() {
                b.first = *d;
            }
        }
        mine.sort_by_key(|b| b.first);
        let several = mine.len() > 1;
        for (i, b) in mine.into_iter().enumerate() {
            let began = b.held.first().map(|(d, _)| *d);
            let mut why = Vec::new();
            match began {
                Some(d) if i > 0 => why.push(format!("ny svarskala fra {}", date_short(d))),
                Some(d) if first_held.is_some_and(|f| f < d) => {
                    why.push(format!("nyt spørgsmål fra {}", date_short(d)))
                }
                _ => {}
            }
            // The newest wording and since when it was used, if another came before it.
            if let Some(since) = b
                .held
                .iter()
                .filter(|(_, t)| *t == b.text)
                .map(|(d, _)| *d)
                .min()
            {
                if b.held.iter().any(|(d, t)| *t != b.text && *d < since) {
                    why.push(format!("formuleringen ændret {}", date_short(since)));
                }
            }
            let label = if why.is_empty() {
                b.text.clone()
            } else {
                format!("{} ({})", b.text, why.join("; "))
            };
            let short = question_label(key, &b.text);
            out.push(Series {
                key: if i == 0 {
                    key.to_string()
                } else {
                    format!("{key}:{}", b.scale.code())
                },
                question: key.to_string(),
                scale: b.scale,
                text: b.text.clone(),
                label,
                short: if several {
                    format!("{short} ({})", scale_words(b.scale))
                } else {
                    short.to_string()
                },
            });
        }
    }
    out
}

/// What a meeting's template asked: each question's key and scale.
pub fn asked<'a>(d: &'a EvalData, m: &MeetingData) -> Vec<(&'a str, Scale)> {
    d.template(&m.template_version)
        .map(|t| {
            t.questions
                .iter()
                .map(|q| (q.key.as_str(), q.scale))
                .collect()
        })
        .unwrap_or_default()
}

impl Series {
    /// Whether a meeting that asked `asked` asked this series.
    pub fn asked_in(&self, asked: &[(&str, Scale)]) -> bool {
        asked.contains(&(self.question.as_str(), self.scale))
    }
}

#[cfg(test)]
mod tests;
