//! The team's own template, versioned (Team → Skabelon): the coordinator edits the newest
//! version and saves the result as a new one with a note of what changed and why; a version
//! is never changed after it is saved. A meeting keeps the version it was planned with: a
//! planned meeting can be moved to another version of the team, a held one never. Templates
//! travel between teams as files (`templates::file`).
//!
//! Keys tie everything together across versions: a section's notes, a question's answers and
//! an actors' field's texts are stored by key, so a renamed section keeps its history and the
//! report follows a question by its key (a changed scale starts a new series).

use crate::core::{limits, Core};
use crate::domain::*;
use crate::error::{CoreError, Result};
use crate::store::{self, TemplateVersionRow};
use crate::templates::{self, check, file, Template};
use serde::Serialize;

/// One version in the list: who saved it, when and why, and how many meetings use it.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateVersionView {
    #[serde(flatten)]
    pub row: TemplateVersionRow,
    /// The newest version: new meetings are planned with it.
    pub newest: bool,
    pub planned_meetings: u32,
    /// Running or closed: these keep it for good.
    pub held_meetings: u32,
    pub cancelled_meetings: u32,
    /// «Udgave 3 · gemt mandag den 7. december 2026 af Lars Holm»
    pub label: String,
}

/// One version with its template (what the editor starts from).
#[derive(Debug, Clone, Serialize)]
pub struct TemplateVersionDetail {
    #[serde(flatten)]
    pub view: TemplateVersionView,
    pub template: Template,
}

/// The longest note of what changed and why (characters).
pub const NOTE_MAX: usize = 1_000;

impl Core {
    /// Every version of the team's template, newest first.
    pub fn template_versions(&self) -> Result<Vec<TemplateVersionView>> {
        let c = self.store().read();
        let counts = store::meetings_per_template(c)?;
        let rows = store::template_versions(c)?;
        let newest = rows.first().map(|r| r.id.clone());
        Ok(rows
            .into_iter()
            .map(|row| {
                let (p, h, x) = counts
                    .iter()
                    .find(|(id, ..)| *id == row.id)
                    .map_or((0, 0, 0), |(_, p, h, x)| (*p, *h, *x));
                let label = format!(
                    "Udgave {} · gemt {} af {}",
                    row.number,
                    crate::calendar::date_long(crate::calendar::local(row.created_at).date_naive()),
                    row.created_by
                );
                TemplateVersionView {
                    newest: newest.as_deref() == Some(row.id.as_str()),
                    planned_meetings: p,
                    held_meetings: h,
                    cancelled_meetings: x,
                    label,
                    row,
                }
            })
            .collect())
    }

    /// One version of the team's template with its content.
    pub fn template_version(&self, id: &str) -> Result<TemplateVersionDetail> {
        let view = self
            .template_versions()?
            .into_iter()
            .find(|v| v.row.id == id)
            .ok_or(CoreError::NotFound {
                what: "Skabelonens udgave",
            })?;
        Ok(TemplateVersionDetail {
            template: templates::by_version(id)?.clone(),
            view,
        })
    }

    /// Checks a template as the editor has it, without saving: `TemplateInvalid` with every
    /// problem, or Ok.
    pub fn check_template(&self, t: &Template) -> Result<()> {
        check::validate(t)?;
        self.check_roles_in_use(t)
    }

    /// A fixed role that an active fixed member has cannot be retired (the member would have
    /// no role): say who.
    fn check_roles_in_use(&self, t: &Template) -> Result<()> {
        let Some(team) = self.team()? else {
            return Ok(());
        };
        let mut problems = Vec::new();
        for p in store::list_participants(self.store().read(), team.id)? {
            if p.active && p.fixed && !t.fixed_roles.iter().any(|r| r.key == p.role) {
                let was = self
                    .template()
                    .role_title(&p.role)
                    .unwrap_or(&p.role)
                    .to_string();
                problems.push(format!(
                    "Rollen «{was}» bruges af {} i teamet; giv personen en anden rolle under Team først, eller behold rollen.",
                    p.name
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(CoreError::TemplateInvalid { problems })
        }
    }

    /// Saves `t` as the team's next version (new meetings get it; planned meetings keep
    /// theirs until moved). Refused when it breaks a rule, equals the newest version, or has
    /// no note of what changed.
    pub fn save_template_version(
        &mut self,
        t: &Template,
        note: &str,
        saved_by: &str,
    ) -> Result<TemplateVersionView> {
        let note = crate::error::required("Hvad er ændret og hvorfor", note, NOTE_MAX)?;
        let saved_by = crate::error::required("Gemt af", saved_by, limits::NAME)?;
        self.check_template(t)?;
        let newest = self.template();
        if same_content(t, newest) {
            return Err(CoreError::TemplateInvalid {
                problems: vec![
                    "Der er ingen ændringer i forhold til den nyeste udgave.".to_string()
                ],
            });
        }
        let based_on = store::template_number(self.store().read(), &newest.version)?
            .map(|_| newest.version.clone());
        let now = self.now();
        let saved = self.store_mut().write(|tx| {
            store::insert_template_version(tx, t, &note, &saved_by, based_on.as_deref(), now)
        })?;
        self.version_view(&saved.version)
    }

    fn version_view(&self, id: &str) -> Result<TemplateVersionView> {
        self.template_versions()?
            .into_iter()
            .find(|v| v.row.id == id)
            .ok_or(CoreError::NotFound {
                what: "Skabelonens udgave",
            })
    }

    /// A version as a template file (what «Eksportér skabelon» writes).
    pub fn template_file(&self, id: &str) -> Result<(String, Vec<u8>)> {
        let detail = self.template_version(id)?;
        let team = self.team()?.map(|t| t.name).unwrap_or_default();
        let bytes = file::write(
            &detail.template,
            file::Source {
                team: team.clone(),
                number: Some(detail.view.row.number),
                note: detail.view.row.note.clone(),
            },
            &store::ts(self.now()),
        );
        let stem = format!("Skabelon {} udgave {}", team, detail.view.row.number);
        Ok((stem.trim().to_string(), bytes))
    }

    /// Imports a template file as the team's next version: all of it or nothing (refused
    /// with the reason in Danish: not a template file, newer than this app, against the
    /// schema, breaking a rule, or the same as the newest version).
    pub fn import_template(
        &mut self,
        bytes: &[u8],
        file_name: &str,
        saved_by: &str,
    ) -> Result<TemplateVersionView> {
        let f = file::read(bytes)?;
        let from = match (f.source.team.trim(), f.source.number) {
            ("", _) => String::new(),
            (team, Some(n)) => format!(" ({team}, udgave {n})"),
            (team, None) => format!(" ({team})"),
        };
        let mut note = format!("Importeret fra «{}»{from}.", file_name.trim());
        if !f.source.note.trim().is_empty() {
            note.push_str(&format!(" Dens note: {}", f.source.note.trim()));
        }
        let note: String = note.chars().take(NOTE_MAX).collect();
        self.save_template_version(&f.template, &note, saved_by)
    }

    /// Moves a planned meeting to another version of the team's template (a held, running
    /// or cancelled one keeps its own). Refused when the meeting has notes in a section the
    /// version does not have, or answers to a question it does not ask: nothing typed is
    /// hidden by a move.
    pub fn move_meeting_to_template(&mut self, meeting_id: Id, id: &str) -> Result<Meeting> {
        let c = self.store().read();
        let meeting = store::get_meeting(c, meeting_id)?;
        if meeting.status != MeetingStatus::Planned {
            return Err(CoreError::InvalidValue {
                field: "Skabelon",
                reason: "kun et planlagt møde kan skifte skabelon; et afholdt møde beholder sin"
                    .into(),
            });
        }
        if store::template_number(c, id)?.is_none() {
            return Err(CoreError::NotFound {
                what: "Skabelonens udgave",
            });
        }
        let to = templates::by_version(id)?;
        let mut lost = Vec::new();
        for case in store::list_cases(c, meeting_id)? {
            for n in store::list_notes(c, case.id)? {
                if !n.text.trim().is_empty() && to.section(&n.key).is_none() {
                    lost.push(format!("afsnittet «{}»", n.key));
                }
            }
            if let Some(e) = store::get_citizen_evaluation(c, case.id)? {
                for (key, a) in &e.answers {
                    let asked = to
                        .citizen_evaluation
                        .iter()
                        .any(|q| q.key == *key && q.scale.allows(*a));
                    if *a != Answer::Unanswered && !asked {
                        lost.push(format!("svaret på «{key}»"));
                    }
                }
            }
        }
        lost.sort();
        lost.dedup();
        if !lost.is_empty() {
            return Err(CoreError::InvalidValue {
                field: "Skabelon",
                reason: format!(
                    "mødet har allerede tekst, som udgaven ikke har plads til: {}",
                    lost.join(", ")
                ),
            });
        }
        // A meeting planned at its template's length takes the new version's length; one
        // given its own length keeps it.
        let from = templates::by_version(&meeting.template_version).ok();
        let mut moved = meeting.clone();
        moved.template_version = id.to_string();
        if from.is_some_and(|f| f.meeting_minutes == meeting.duration_minutes)
            && to.meeting_minutes != meeting.duration_minutes
        {
            moved.duration_minutes = to.meeting_minutes;
            moved.sequence += 1; // calendar files sent before are out of date
        }
        self.store_mut().write(|tx| {
            store::set_meeting_template(tx, meeting_id, id)?;
            store::upsert_meeting(tx, &moved)
        })?;
        self.meeting(meeting_id)
    }
}

/// Whether two templates have the same content (their ids aside).
fn same_content(a: &Template, b: &Template) -> bool {
    let mut a = a.clone();
    a.version = b.version.clone();
    &a == b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::question;
    use crate::testing::*;

    fn edited(core: &Core) -> Template {
        let mut t = core.template().clone();
        let s = t
            .sections
            .iter_mut()
            .find(|s| s.key == "psykiatri")
            .unwrap();
        s.title = "Behandling i psykiatrien".into();
        t.citizen_evaluation.push(crate::templates::EvalQuestion {
            key: "tryghed".into(),
            question: "Føler du dig tryg ved planen?".into(),
            scale: Scale::YesPartlyNo,
        });
        t
    }

    #[test]
    fn a_saved_version_is_what_new_meetings_get_and_a_held_meeting_keeps_its_own() {
        let mut fx = fixture();
        let (held, cases) = fx.meeting_with_cases("2026-02-10");
        fx.core
            .save_section(cases[0], "psykiatri", "Medicin uændret.", 0)
            .unwrap();
        fx.core.start_meeting(held.id).unwrap();
        let planned = fx.meeting("2026-03-10");
        let before = fx.core.case_detail(cases[0]).unwrap();

        let t = edited(&fx.core);
        let v = fx
            .core
            .save_template_version(&t, "Psykiatri omdøbt; nyt spørgsmål om tryghed.", "Lars")
            .unwrap();
        assert!(v.newest);
        assert_eq!(v.row.number, 2);
        assert_eq!(fx.core.template().version, v.row.id);
        // The held meeting and its case are as they were; the planned one keeps its version
        // until it is moved.
        assert_eq!(fx.core.case_detail(cases[0]).unwrap(), before);
        assert_ne!(
            fx.core.meeting(planned.id).unwrap().template_version,
            v.row.id
        );
        let new = fx.meeting("2026-04-07");
        assert_eq!(new.template_version, v.row.id);

        // The new question is asked and answered by key, in the new meeting only.
        let case = fx.case(&new, 0);
        fx.core
            .set_citizen_attendance(case, Some(Attendance::Present))
            .unwrap();
        let e = fx
            .core
            .set_citizen_answer(case, "tryghed", Answer::Partly)
            .unwrap();
        assert_eq!(e.answer("tryghed"), Some(Answer::Partly));
        assert_eq!(e.answer(question::INVOLVED), Some(Answer::Unanswered));
        let err = fx
            .core
            .set_citizen_answer(cases[0], "tryghed", Answer::Yes)
            .unwrap_err();
        assert_eq!(err.kind(), "InvalidValue");

        // The renamed section keeps the notes of its key.
        let d = fx.core.case_detail(case).unwrap();
        let json = serde_json::to_string(&d).unwrap();
        assert!(json.contains("Behandling i psykiatrien"));

        // Moved: the planned meeting (at the template's length: it takes the new one's);
        // refused: the held one.
        assert_eq!(planned.duration_minutes, 120);
        let mut short = fx.core.template().clone();
        short.meeting_minutes = 100;
        let v100 = fx
            .core
            .save_template_version(&short, "Kortere møder", "Lars")
            .unwrap();
        fx.core
            .move_meeting_to_template(planned.id, &v100.row.id)
            .unwrap();
        assert_eq!(fx.core.meeting(planned.id).unwrap().duration_minutes, 100);
        fx.core
            .move_meeting_to_template(planned.id, &v.row.id)
            .unwrap();
        assert_eq!(fx.core.meeting(planned.id).unwrap().duration_minutes, 120);
        assert_eq!(
            fx.core.meeting(planned.id).unwrap().template_version,
            v.row.id
        );
        let err = fx
            .core
            .move_meeting_to_template(held.id, &v.row.id)
            .unwrap_err();
        assert_eq!(err.kind(), "InvalidValue");

        let list = fx.core.template_versions().unwrap();
        assert_eq!(list.len(), 3);
        assert_eq!(list[1].row.id, v.row.id);
        assert_eq!((list[1].planned_meetings, list[2].held_meetings), (2, 1));
        assert!(
            list[1].label.starts_with("Udgave 2 · gemt "),
            "{}",
            list[1].label
        );
    }

    #[test]
    fn a_save_without_changes_a_note_or_a_valid_template_is_refused_and_nothing_is_saved() {
        let mut fx = fixture();
        let same = fx.core.template().clone();
        let e = fx
            .core
            .save_template_version(&same, "Intet", "Lars")
            .unwrap_err();
        assert!(
            e.message_da().contains("ingen ændringer"),
            "{}",
            e.message_da()
        );
        let t = edited(&fx.core);
        assert_eq!(
            fx.core
                .save_template_version(&t, "  ", "Lars")
                .unwrap_err()
                .kind(),
            "EmptyField"
        );
        let mut bad = t.clone();
        bad.agenda[1].minutes = Some(500);
        assert_eq!(
            fx.core
                .save_template_version(&bad, "Længere tema", "Lars")
                .unwrap_err()
                .kind(),
            "TemplateInvalid"
        );
        // A role a member of the team has cannot be retired.
        let mut bad = t;
        bad.fixed_roles
            .retain(|r| r.key != "klinik_rusmiddelpsykiatri");
        let e = fx
            .core
            .save_template_version(&bad, "Uden klinikken", "Lars")
            .unwrap_err();
        assert_eq!(e.kind(), "TemplateInvalid");
        assert!(e.message_da().contains("bruges af"), "{}", e.message_da());
        assert_eq!(fx.core.template_versions().unwrap().len(), 1);
    }

    #[test]
    fn a_template_travels_as_a_file_and_a_bad_file_changes_nothing() {
        let mut fx = fixture();
        let t = edited(&fx.core);
        let v = fx
            .core
            .save_template_version(&t, "Tryghed", "Lars")
            .unwrap();
        let (stem, bytes) = fx.core.template_file(&v.row.id).unwrap();
        assert!(stem.contains("udgave 2"), "{stem}");

        let mut other = fixture();
        for bad in [
            &b"{"[..],
            br#"{"format":"faelles-team-skabelon","format_version":9}"#,
        ] {
            assert!(other.core.import_template(bad, "x.json", "Anne").is_err());
        }
        assert_eq!(other.core.template_versions().unwrap().len(), 1);
        let imported = other
            .core
            .import_template(&bytes, "Skabelon.json", "Anne")
            .unwrap();
        assert_eq!(imported.row.number, 2);
        assert!(imported.row.note.contains("Importeret fra «Skabelon.json»"));
        let mut a = other.core.template().clone();
        a.version = t.version.clone();
        let mut b = t.clone();
        b.version = t.version.clone();
        assert_eq!(a, b);
        // The same file again: nothing new to save.
        assert_eq!(
            other
                .core
                .import_template(&bytes, "Skabelon.json", "Anne")
                .unwrap_err()
                .kind(),
            "TemplateInvalid"
        );
    }

    #[test]
    fn moving_a_planned_meeting_never_hides_what_was_typed() {
        let mut fx = fixture();
        let planned = fx.meeting("2026-03-10");
        let case = fx.case(&planned, 0);
        fx.core
            .save_section(case, "netvaerk", "Søsteren hjælper.", 0)
            .unwrap();
        let mut t = fx.core.template().clone();
        t.sections.retain(|s| s.key != "netvaerk");
        let v = fx
            .core
            .save_template_version(&t, "Netværk udgår", "Lars")
            .unwrap();
        let e = fx
            .core
            .move_meeting_to_template(planned.id, &v.row.id)
            .unwrap_err();
        assert!(e.message_da().contains("netvaerk"), "{}", e.message_da());
    }

    #[test]
    fn an_added_agenda_item_and_actors_field_are_shown_saved_and_in_the_minutes() {
        let mut fx = fixture();
        let mut t = fx.core.template().clone();
        t.agenda.insert(
            2,
            crate::templates::AgendaTemplateItem {
                key: "oplaeg".into(),
                title: "Oplæg fra en samarbejdspartner".into(),
                minutes: Some(10),
                description: "Ti minutter om et tilbud i kommunen.".into(),
            },
        );
        t.meeting_evaluation
            .fields
            .push(crate::templates::EvalField {
                key: "tolk".into(),
                title: "Brug af tolk".into(),
            });
        fx.core
            .save_template_version(&t, "Oplæg og tolk", "Lars")
            .unwrap();
        let m = fx.meeting("2026-03-10");

        let agenda = fx.core.agenda(m.id).unwrap();
        let item = agenda.items.iter().find(|i| i.key == "oplaeg").unwrap();
        assert_eq!(
            (item.number.as_str(), item.planned_minutes),
            ("3", 10),
            "{item:?}"
        );
        assert_eq!(item.description, "Ti minutter om et tilbud i kommunen.");

        // The added field's text is a note of the meeting, per organisation.
        let note = NoteRef::Meeting {
            meeting_id: m.id,
            key: Org::Region.note_key("tolk"),
        };
        assert_eq!(
            fx.core
                .save_note(&note, "Tolk bestilt til to borgere.", 0)
                .unwrap(),
            1
        );
        let view = fx.core.meeting_eval_view(m.id).unwrap();
        let region = view.orgs.iter().find(|o| o.org == Org::Region).unwrap();
        let field = region.fields.iter().find(|f| f.key == "tolk").unwrap();
        assert_eq!(
            (field.title.as_str(), field.note.text.as_str()),
            ("Brug af tolk", "Tolk bestilt til to borgere.")
        );
        // A key the template does not have is refused.
        let other = NoteRef::Meeting {
            meeting_id: m.id,
            key: Org::Region.note_key("andet"),
        };
        assert_eq!(
            fx.core.save_note(&other, "x", 0).unwrap_err().kind(),
            "InvalidValue"
        );

        // The minutes carry it, though Regionspsykiatrien chose no answer.
        let doc = fx.core.minutes_document(m.id).unwrap();
        let text = format!("{:?}", doc.blocks);
        assert!(text.contains("Brug af tolk:"), "{text}");
        assert!(text.contains("Tolk bestilt til to borgere."), "{text}");
        // The agenda for the fixed team has the added item, and the minutes follow the
        // template's agenda: numbered by its order, the added item with its description.
        let agenda = format!("{:?}", fx.core.agenda_document(m.id).unwrap().blocks);
        assert!(
            agenda.contains("Oplæg fra en samarbejdspartner"),
            "{agenda}"
        );
        let headings: Vec<String> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                faelles_pdf::Block::Heading(h) => Some(h.clone()),
                _ => None,
            })
            .filter(|h| h.chars().next().is_some_and(|c| c.is_ascii_digit()))
            .collect();
        assert_eq!(
            headings,
            [
                "1. Fremmøde",
                "2. Månedens tema",
                "3. Oplæg fra en samarbejdspartner",
                "4. Borgersager",
                "5. Aktørernes evaluering af mødet",
                "6. Eventuelt og næste møde"
            ]
        );
        assert!(
            text.contains("Ti minutter om et tilbud i kommunen."),
            "{text}"
        );
    }
}
