//! One hostile value through every field of the core: kept as typed (trimmed where the
//! field trims) or refused with a kind.

use super::{generated_cpr, outcome, trimmed, Case, Run};
use crate::backup::cpr_forms;
use faelles_core::chair::AgreementView;
use faelles_core::citizens::{CitizenInput, ConsentInput};
use faelles_core::domain::{Id, Who};
use faelles_core::meetings::MeetingInput;
use faelles_core::run::AgreementInput;
use faelles_core::team::MemberInput;
use faelles_core::testing::note;

impl Run {
    pub(super) fn record(&mut self, case: &Case, field: &'static str, got: String) {
        if let Some(want) = case.expect.get(field) {
            assert_eq!(&got, want, "{}: {field}", case.name);
        }
        self.outcomes.push((case.name.clone(), field, got));
    }

    /// An agreement as stored, read back through the case editor.
    pub(super) fn stored_agreement(&self, case_id: Id, id: Id) -> AgreementView {
        let detail = self.core.case_detail(case_id).unwrap();
        detail.agreements.into_iter().find(|a| a.id == id).unwrap()
    }

    /// One value through every field.
    pub(super) fn one(&mut self, i: usize, case: &Case) {
        let value = case.value();
        let cpr = generated_cpr(i);
        assert!(
            cpr_forms(&cpr).iter().all(|f| !value.contains(f.as_str())),
            "{}: the value contains a generated CPR number",
            case.name
        );
        let base_name = format!("Borger{i:03}x");
        let citizen = self
            .core
            .save_citizen(&CitizenInput {
                first_name: base_name.clone(),
                last_name: "Test".into(),
                cpr: cpr.clone(),
                consent: Some(ConsentInput {
                    given_on: "2020-01-01".into(),
                    ..Default::default()
                }),
                ..Default::default()
            })
            .unwrap();
        self.cprs.push(cpr.clone());
        let case_id = self.core.add_case(self.meeting.id, citizen.id).unwrap().id;

        // Names: first name, then kaldenavn (what the screen shows).
        for (field, which) in [("name", 0), ("screen_name", 1)] {
            let before = self.core.citizen(citizen.id).unwrap();
            let mut input = CitizenInput {
                id: Some(citizen.id),
                first_name: before.first_name.clone(),
                last_name: "Test".into(),
                screen_name: before.screen_name.clone().unwrap_or_default(),
                ..Default::default()
            };
            if which == 0 {
                input.first_name = value.clone();
            } else {
                input.screen_name = value.clone();
            }
            let r = self.core.save_citizen(&input);
            let got = outcome(field, &r);
            let after = self.core.citizen(citizen.id).unwrap();
            if got == "ok" {
                let stored = if which == 0 {
                    after.first_name.clone()
                } else {
                    after.screen_name.clone().unwrap_or_default()
                };
                assert_eq!(stored, trimmed(&value), "{}: {field} read back", case.name);
                assert_eq!(after.cpr, before.cpr, "an empty CPR field keeps the number");
            } else {
                assert_eq!(
                    after.first_name, before.first_name,
                    "{}: {field}",
                    case.name
                );
                assert_eq!(after.screen_name, before.screen_name);
            }
            self.record(case, field, got);
        }

        // A section note, written over earlier text; the preview (screen draft) first.
        let key = "psykiatri";
        self.core
            .save_section(case_id, key, "Tidligere tekst", 0)
            .unwrap();
        let preview = outcome(
            "preview",
            &self.core.preview_section(case_id, key, &value, 1),
        );
        let r = self.core.save_section(case_id, key, &value, 1);
        let got = outcome("note", &r);
        assert_eq!(preview, got, "{}: preview and save agree", case.name);
        let (text, revision) = note(&self.core, case_id, key);
        let shown = if got == "ok" {
            assert_eq!(r.unwrap(), 2);
            assert!(text == value, "{}: note not byte-identical", case.name);
            assert_eq!(revision, 2);
            value.as_str()
        } else {
            assert_eq!(
                (text.as_str(), revision),
                ("Tidligere tekst", 1),
                "{}: a refused note loses nothing",
                case.name
            );
            "Tidligere tekst"
        };
        let detail = self.core.case_detail(case_id).unwrap();
        let sec = detail.sections.iter().find(|s| s.key == key).unwrap();
        assert!(sec.note.text == shown, "{}: case_detail text", case.name);
        self.record(case, "note", got.clone());
        let note_ok = got == "ok";

        // Theme notes of the meeting (stored as typed).
        let base = self
            .core
            .theme_notes(self.meeting.id)
            .unwrap()
            .note
            .revision;
        let r = self.core.save_theme_notes(self.meeting.id, &value, base);
        let got = outcome("theme_notes", &r);
        if got == "ok" {
            let text = self.core.theme_notes_text(self.meeting.id).unwrap();
            assert!(text == value, "{}: theme notes", case.name);
        }
        self.record(case, "theme_notes", got);

        // Agreement text, and an organisation as who.
        let r = self.core.save_agreement(
            case_id,
            &AgreementInput {
                what: value.clone(),
                who: Some(Who::Citizen),
                ..Default::default()
            },
        );
        let got = outcome("agreement", &r);
        let agreement_ok = got == "ok";
        if let Ok(a) = &r {
            let back = self.stored_agreement(case_id, a.id);
            assert_eq!(back.what, trimmed(&value), "{}: agreement", case.name);
        }
        self.record(case, "agreement", got);
        let r = self.core.save_agreement(
            case_id,
            &AgreementInput {
                what: "Ring til kommunen".into(),
                who: Some(Who::Organisation {
                    name: value.clone(),
                }),
                ..Default::default()
            },
        );
        let got = outcome("agreement_who", &r);
        if let Ok(a) = &r {
            let back = self.stored_agreement(case_id, a.id);
            assert_eq!(
                back.who,
                Some(Who::Organisation {
                    name: trimmed(&value).into()
                })
            );
        }
        self.record(case, "agreement_who", got);

        // Meeting theme and place.
        let m = self.core.meeting(self.meeting.id).unwrap();
        let r = self.core.save_meeting(&MeetingInput {
            id: Some(m.id),
            date: "2026-06-09".into(),
            start: "13:00".into(),
            theme: value.clone(),
            place: value.clone(),
            ..Default::default()
        });
        let got = outcome("theme", &r);
        let back = self.core.meeting(m.id).unwrap();
        if got == "ok" {
            let want = Some(trimmed(&value)).filter(|s| !s.is_empty());
            assert_eq!(back.theme_override.as_deref(), want, "{}: theme", case.name);
            assert_eq!(back.place, trimmed(&value));
        } else {
            assert_eq!(
                back.theme_override, m.theme_override,
                "{}: theme",
                case.name
            );
            assert_eq!(back.place, m.place);
        }
        self.record(case, "theme", got);

        // Dates: consent given on, withdrawn on, a meeting's date and start time.
        let r = self.core.add_consent(
            citizen.id,
            &ConsentInput {
                given_on: value.clone(),
                ..Default::default()
            },
        );
        let got = outcome("date", &r);
        self.record(case, "date", got);
        let r = self.core.save_meeting(&MeetingInput {
            date: value.clone(),
            start: "08:00".into(),
            ..Default::default()
        });
        let got = outcome("meeting_date", &r);
        if let Ok(extra) = r {
            self.core.cancel_meeting(extra.id, "test").unwrap();
        }
        self.record(case, "meeting_date", got);
        let r = self.core.save_meeting(&MeetingInput {
            date: "2026-07-01".into(),
            start: value.clone(),
            ..Default::default()
        });
        let got = outcome("start_time", &r);
        if let Ok(extra) = r {
            self.core.cancel_meeting(extra.id, "test").unwrap();
        }
        self.record(case, "start_time", got);

        // A CPR number for a new citizen.
        let r = self.core.save_citizen(&CitizenInput {
            first_name: "Cpr".into(),
            last_name: format!("Test{i}"),
            cpr: value.clone(),
            ..Default::default()
        });
        let got = outcome("cpr", &r);
        if let Ok(c) = &r {
            let json = serde_json::to_string(c).unwrap();
            let full = self.core.reveal_cpr(c.id).unwrap();
            self.cprs.push(full.clone());
            for f in cpr_forms(&full) {
                assert!(
                    !json.contains(&f),
                    "{}: a citizen serialises masked",
                    case.name
                );
            }
        }
        self.record(case, "cpr", got);

        // A participant's name (shown on screen as present).
        let r = self.core.save_participant(&MemberInput {
            role: "psykiater".into(),
            name: value.clone(),
            fixed: false,
            ..Default::default()
        });
        self.record(case, "participant", outcome("participant", &r));

        // Withdrawal date last: it ends the consent the case was added with.
        let consent = self.core.consents(citizen.id).unwrap()[0].id;
        let r = self.core.withdraw_consent(consent, &value);
        self.record(case, "withdrawn_on", outcome("withdrawn_on", &r));

        self.check_screen(case, case_id, &value, shown, agreement_ok);
        if note_ok {
            self.check_pdf(case, &value);
        }
    }
}
