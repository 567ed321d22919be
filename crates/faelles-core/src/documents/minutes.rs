//! The minutes of a meeting for the professionals: citizens named, never a CPR number; the
//! cases' section notes stay in the citizens' summaries.

use super::{
    agreement_rows, banner, carried_rows, check_exportable, local_date, next_meeting, note_blocks,
    or_dash, organisation, table, when, DASH, MINUTES_TITLE,
};
use crate::calendar;
use crate::core::Core;
use crate::domain::*;
use crate::error::Result;
use crate::store;
use crate::templates::{Template, CASES_ITEM};
use crate::words::role_label;
use chrono::Duration;
use faelles_pdf::{Block, Document};

/// "kl. 13.00–15.00"
fn time_span(m: &Meeting) -> String {
    let end = m.starts_at + Duration::minutes(i64::from(m.duration_minutes));
    let end = calendar::local(end).format("%H.%M");
    format!("{}–{end}", calendar::clock(m.starts_at))
}

fn attendance_minutes(a: Option<Attendance>) -> &'static str {
    a.map(Attendance::label_da).unwrap_or("Ikke registreret")
}

/// The agenda item's title from the template ("Aktørernes evaluering af mødet").
fn agenda_title(t: &Template, key: &str) -> String {
    t.agenda
        .iter()
        .find(|a| a.key == key)
        .map(|a| a.title.clone())
        .unwrap_or_else(|| key.to_string())
}

/// The note in the minutes where a case is left out.
pub const LEFT_OUT: &str = "En borgersag er udeladt af referatet";

impl Core {
    /// The consent keys of the organisations that receive the minutes: those of the team's
    /// active fixed members' roles.
    pub fn minutes_organisations(&self, meeting_id: Id) -> Result<Vec<String>> {
        let c = self.store().read();
        let meeting = store::get_meeting(c, meeting_id)?;
        let t = crate::templates::by_version(&meeting.template_version)?;
        let mut keys: Vec<String> = Vec::new();
        for p in store::list_participants(c, meeting.team_id)? {
            if let Some(k) = t.consent_key(&p.role).filter(|_| p.fixed && p.active) {
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
        }
        keys.sort();
        Ok(keys)
    }

    /// The minutes of a meeting for the professionals. Names citizens, never a CPR number.
    pub fn minutes_document(&self, meeting_id: Id) -> Result<Document> {
        let c = self.store().read();
        let meeting = store::get_meeting(c, meeting_id)?;
        check_exportable(&meeting)?;
        let team = self.require_team()?;
        let t = crate::templates::by_version(&meeting.template_version)?;
        let people = store::list_participants(c, meeting.team_id)?;
        let meetings = store::list_meetings(c, meeting.team_id)?;
        let date = local_date(meeting.starts_at);
        let theme = self.meeting_theme(&meeting)?;
        let person = |id: Option<Id>| {
            id.and_then(|id| people.iter().find(|p| p.id == id))
                .map(|p| p.name.clone())
                .unwrap_or_else(|| DASH.into())
        };

        let mut blocks = vec![
            Block::Title(MINUTES_TITLE.into()),
            Block::Subtitle(format!("{} · {}", team.name, calendar::date_long(date))),
        ];
        let mut kv = vec![
            ("Dato:".to_string(), calendar::date_with_week(date)),
            ("Tid:".to_string(), time_span(&meeting)),
        ];
        if !meeting.place.trim().is_empty() {
            kv.push(("Sted:".into(), meeting.place.clone()));
        }
        if !meeting.video_link.trim().is_empty() {
            kv.push(("Video:".into(), meeting.video_link.clone()));
        }
        kv.push(("Tema:".into(), theme.clone().unwrap_or_else(|| DASH.into())));
        kv.push(("Mødeleder:".into(), person(team.chair_id)));
        kv.push(("Tovholder:".into(), person(team.coordinator_id)));
        kv.push((
            "Status:".into(),
            match (meeting.status, meeting.closed_at) {
                (MeetingStatus::Closed, Some(at)) => format!(
                    "Afsluttet {} {}",
                    calendar::date_short(local_date(at)),
                    calendar::clock(at)
                ),
                _ => "Udkast – mødet er ikke afsluttet".into(),
            },
        ));
        blocks.push(Block::KeyValues(kv));
        let reopenings = self.reopenings(meeting_id)?;
        if !reopenings.is_empty() {
            let lines: Vec<String> = reopenings
                .iter()
                .map(|r| {
                    format!(
                        "Genåbnet {} {}: {}",
                        calendar::date_short(local_date(r.at)),
                        calendar::clock(r.at),
                        r.reason
                    )
                })
                .collect();
            blocks.push(Block::Note(lines.join("\n")));
        }

        // The parts in the order of the meeting's template's agenda, each numbered by its
        // place there: each part below is cut off `blocks` into `parts` by its item's key.
        let num = |key: &str| {
            t.agenda
                .iter()
                .position(|a| a.key == key)
                .map_or(0, |i| i + 1)
        };
        let mut parts: Vec<(&str, Vec<Block>)> = Vec::new();

        // Attendance.
        let start = blocks.len();
        blocks.push(Block::Heading(format!("{}. Fremmøde", num("velkomst"))));
        let registered = store::list_meeting_attendance(c, meeting_id)?;
        let rows: Vec<Vec<String>> = people
            .iter()
            .filter_map(|p| {
                let a = registered
                    .iter()
                    .find(|a| a.participant_id == p.id)
                    .map(|a| a.attendance);
                (a.is_some() || (p.fixed && p.active)).then(|| {
                    vec![
                        p.name.clone(),
                        role_label(t, p),
                        or_dash(&organisation(t, p)),
                        attendance_minutes(a).into(),
                    ]
                })
            })
            .collect();
        if rows.is_empty() {
            blocks.push(Block::Paragraph("Ingen faste deltagere.".into()));
        } else {
            blocks.push(table(
                &["Navn", "Rolle", "Organisation", "Fremmøde"],
                rows,
                &[1.5, 2.0, 1.7, 1.3],
            ));
        }

        parts.push(("velkomst", blocks.split_off(start)));

        // The month's theme.
        let start = blocks.len();
        let tema = format!("{}. {}", num(THEME_NOTE), agenda_title(t, THEME_NOTE));
        blocks.push(Block::Heading(match &theme {
            Some(th) => format!("{tema}: {th}"),
            None => tema,
        }));
        let theme_notes = note_blocks(&store::stored_note(c, &NoteRef::theme(meeting.id))?.0);
        if theme_notes.is_empty() {
            blocks.push(Block::Paragraph(DASH.into()));
        }
        blocks.extend(theme_notes);

        parts.push((THEME_NOTE, blocks.split_off(start)));

        // The cases.
        let start = blocks.len();
        let n_cases = num(CASES_ITEM);
        blocks.push(Block::Heading(format!(
            "{n_cases}. {}",
            agenda_title(t, CASES_ITEM)
        )));
        let cases = store::list_cases(c, meeting_id)?;
        if cases.is_empty() {
            blocks.push(Block::Paragraph("Ingen borgersager på dette møde.".into()));
        }
        let mut evaluations = Vec::new();
        let receivers = self.minutes_organisations(meeting_id)?;
        let mut left_out = Vec::new();
        let mut i = 0;
        for case in &cases {
            // The minutes go to the fixed team's organisations: a case whose consent does
            // not cover one of them is left out, and says so.
            let missing = self.case_scope_missing(case.id, &receivers)?;
            if !missing.is_empty() {
                left_out.push(missing.join(", "));
                continue;
            }
            i += 1;
            let d = self.case_detail(case.id)?;
            blocks.push(Block::Heading(format!(
                "{n_cases}.{i} {}",
                d.citizen_full_name
            )));
            let mut kv = vec![(
                "Borgeren:".to_string(),
                attendance_minutes(d.citizen_attendance).to_string(),
            )];
            let adhoc: Vec<String> = d
                .participants
                .iter()
                .filter(|p| !p.fixed)
                .filter_map(|cp| people.iter().find(|p| p.id == cp.participant_id))
                .map(|p| format!("{}, {}", p.name, role_label(t, p)))
                .collect();
            if !adhoc.is_empty() {
                kv.push(("Ad hoc:".into(), adhoc.join("; ")));
            }
            blocks.push(Block::KeyValues(kv));
            if !d.carried_over.is_empty() {
                blocks.push(table(
                    &["Aftale fra tidligere møde", "Hvem", "Opfølgning"],
                    carried_rows(&d),
                    &[3.0, 1.5, 1.7],
                ));
            }
            if d.agreements.is_empty() {
                blocks.push(Block::Paragraph("Ingen nye aftaler.".into()));
            } else {
                blocks.push(table(
                    &["Ny aftale", "Hvem", "Hvornår"],
                    agreement_rows(&d),
                    &[3.0, 1.5, 1.7],
                ));
            }
            let e = d.citizen_evaluation.as_ref();
            let mut row = vec![d.citizen_full_name.clone()];
            for q in &t.citizen_evaluation {
                let answer = e.and_then(|e| e.answer(&q.key));
                row.push(crate::words::answer_cell(e.is_some(), answer).into());
            }
            row.push(or_dash(e.map(|e| e.comment.as_str()).unwrap_or("")));
            evaluations.push(row);
        }

        for missing in &left_out {
            blocks.push(Block::Note(format!(
                "{LEFT_OUT}: borgerens samtykke dækker ikke {missing}, som får referatet. \
                 Sagen står i borgerens egen opsummering."
            )));
        }

        parts.push((CASES_ITEM, blocks.split_off(start)));

        // The professionals' evaluation, then the citizens'.
        let start = blocks.len();
        blocks.push(Block::Heading(format!(
            "{}. {}",
            num("evaluering"),
            agenda_title(t, "evaluering")
        )));
        let evaluations_of_actors = actor_answers(c, meeting_id, t)?;
        if evaluations_of_actors.is_empty() {
            blocks.push(Block::Paragraph("Evalueringen er ikke udfyldt.".into()));
        }
        for (org, coherent, texts) in &evaluations_of_actors {
            let mut kv: Vec<(String, String)> =
                vec![("Svar fra:".into(), crate::words::org_title(t, *org))];
            kv.extend(
                t.meeting_evaluation
                    .fields
                    .iter()
                    .zip(texts)
                    .map(|(f, v)| (format!("{}:", f.title), or_dash(v))),
            );
            kv.push((
                t.meeting_evaluation.coherence_question.clone(),
                coherent
                    .map(|a| a.label_da().to_string())
                    .unwrap_or_else(|| "Ikke besvaret".into()),
            ));
            blocks.push(Block::KeyValues(kv));
        }

        // The citizens' answers (the trial's indicators).
        if !evaluations.is_empty() {
            blocks.push(Block::Heading("Borgernes evaluering".into()));
            let labels: Vec<String> = t
                .citizen_evaluation
                .iter()
                .map(|q| crate::words::question_label(&q.key, &q.question))
                .collect();
            let mut header = vec!["Borger"];
            header.extend(labels.iter().map(String::as_str));
            header.push("Borgerens egne ord");
            let mut widths = vec![1.6];
            widths.extend(t.citizen_evaluation.iter().map(|_| 1.1));
            widths.push(2.2);
            blocks.push(table(&header, evaluations, &widths));
            let questions: Vec<String> = t
                .citizen_evaluation
                .iter()
                .map(|q| {
                    format!(
                        "{}: »{}«",
                        crate::words::question_label(&q.key, &q.question),
                        q.question
                    )
                })
                .collect();
            blocks.push(Block::Note(questions.join("\n")));
        }

        parts.push(("evaluering", blocks.split_off(start)));

        // Eventuelt (its notes) and the next meeting.
        let start = blocks.len();
        blocks.push(Block::Heading(format!(
            "{}. {}",
            num(EVENTUELT_NOTE),
            agenda_title(t, EVENTUELT_NOTE)
        )));
        let eventuelt = store::stored_note(
            self.store().read(),
            &NoteRef::Meeting {
                meeting_id,
                key: EVENTUELT_NOTE.into(),
            },
        )?
        .0;
        blocks.extend(note_blocks(&eventuelt));
        blocks.push(Block::KeyValues(vec![(
            "Næste møde:".into(),
            next_meeting(&meetings, &meeting)
                .map(|n| when(&n))
                .unwrap_or_else(|| "Ikke planlagt".into()),
        )]));
        parts.push((EVENTUELT_NOTE, blocks.split_off(start)));

        // In the template's order; an item the team added has its title and description
        // (its talk is noted under Eventuelt).
        for (n, item) in t.agenda.iter().enumerate() {
            match parts.iter_mut().find(|(key, _)| *key == item.key) {
                Some((_, part)) => blocks.append(part),
                None => {
                    blocks.push(Block::Heading(format!("{}. {}", n + 1, item.title)));
                    blocks.push(Block::Paragraph(or_dash(&item.description)));
                }
            }
        }
        // A part whose item the template lacks (a template from before the rules) still
        // comes, last: nothing recorded is left out.
        for (_, part) in &mut parts {
            blocks.append(part);
        }

        Ok(Document {
            title: format!("{MINUTES_TITLE}, {}", calendar::date_short(date)),
            author: team.name.clone(),
            subject: format!(
                "Referat af mødet {} i {}",
                calendar::date_long(date),
                team.name
            ),
            created: self.now(),
            banner: banner(&meeting),
            footer_left: team.name,
            blocks,
        })
    }
}

/// Each organisation's answer to the actors' evaluation of a meeting: the coherence answer
/// and the texts in the template's field order. The three fields of the bundled templates
/// live in `actor_evaluation`; a field a team added to its template is a meeting note
/// (`eval:<org>:<field>`), so an organisation that wrote only there is listed too.
type ActorAnswer = (Org, Option<Answer>, Vec<String>);

fn actor_answers(c: &store::Reader, meeting_id: Id, t: &Template) -> Result<Vec<ActorAnswer>> {
    let stored = store::meeting_evaluations(c, meeting_id)?;
    let mut out = Vec::new();
    for org in t.meeting_evaluation.orgs() {
        let row = stored.iter().find(|e| e.org == org);
        let mut texts = Vec::with_capacity(t.meeting_evaluation.fields.len());
        for f in &t.meeting_evaluation.fields {
            let text = match (f.key.as_str(), row) {
                ("effects", Some(e)) => e.effects.clone(),
                ("experiences", Some(e)) => e.experiences.clone(),
                ("learning", Some(e)) => e.learning.clone(),
                ("effects" | "experiences" | "learning", None) => String::new(),
                (key, _) => store::get_meeting_note(c, meeting_id, &org.note_key(key))?
                    .map(|n| n.text)
                    .unwrap_or_default(),
            };
            texts.push(text);
        }
        if row.is_some() || texts.iter().any(|x| !x.trim().is_empty()) {
            out.push((org, row.and_then(|e| e.coherent), texts));
        }
    }
    Ok(out)
}
