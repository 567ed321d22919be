//! The team's own template, versioned: no edit a coordinator can save as a new version
//! (renames, reordering, new sections / questions / fields / roles / agenda items, retired
//! sections and questions, a new scale, another meeting length) changes anything of a meeting
//! already held — its minutes and each case's summary (the documents' blocks and the PDFs
//! byte for byte), the citizen screen of its cases, the case editor, the answers, its
//! agenda — and a planned meeting keeps its version until it is moved (property test).
//!
//! The clock is fixed while the documents are made: a PDF's only date is the document's
//! creation date (`Document::created`, the clock's now, in the Info dictionary and the XMP
//! metadata), which is meant to change when a document is made again later. With the clock
//! fixed nothing is masked; `the_clock_changes_only_the_creation_date` shows that date is
//! the only thing the clock changes in these documents.

use faelles_core::domain::*;
use faelles_core::meetings::MeetingInput;
use faelles_core::run::{AgreementInput, MeetingEvalInput};
use faelles_core::store::{Store, DB_FILE};
use faelles_core::templates::{
    check, AgendaTemplateItem, EvalField, EvalQuestion, RoleTemplate, SectionTemplate, Template,
    AGREEMENTS_SECTION, CASES_ITEM,
};
use faelles_core::testing::{at, set_now, Fx};
use faelles_core::{projection, Core};
use proptest::prelude::*;
use std::sync::OnceLock;

/// The instant every document is made at.
const MADE_AT: &str = "2026-06-01T08:00:00Z";
/// Held meetings × cases each, and the planned meeting's cases: 3 × 8 + 4 = 28 cases.
const HELD: usize = 3;
const CASES_EACH: usize = 8;
const PLANNED_CASES: usize = 4;

/// Everything of a held meeting that must never change.
#[derive(Debug, Clone, PartialEq)]
struct Held {
    agenda: faelles_core::run::AgendaView,
    minutes: faelles_pdf::Document,
    minutes_pdf: Vec<u8>,
    cases: Vec<HeldCase>,
}

#[derive(Debug, Clone, PartialEq)]
struct HeldCase {
    summary: faelles_pdf::Document,
    summary_pdf: Vec<u8>,
    screen: projection::ScreenView,
    detail: faelles_core::chair::CaseDetail,
    answers: Option<CitizenEvaluation>,
}

/// The data dir made once: the held meetings (closed) and the planned one.
struct Made {
    dir: tempfile::TempDir,
    held: Vec<Id>,
    planned: Id,
    planned_version: String,
}

fn pdf(doc: &faelles_pdf::Document) -> Vec<u8> {
    faelles_pdf::render(doc).expect("render").bytes
}

fn held(core: &Core, meeting: Id) -> Held {
    let minutes = core.minutes_document(meeting).expect("minutes");
    Held {
        agenda: core.agenda(meeting).expect("agenda"),
        minutes_pdf: pdf(&minutes),
        minutes,
        cases: core
            .cases(meeting)
            .expect("cases")
            .iter()
            .map(|k| {
                let summary = core.citizen_summary_document(k.id).expect("summary");
                HeldCase {
                    summary_pdf: pdf(&summary),
                    summary,
                    screen: projection::for_case(core, k.id).expect("screen"),
                    detail: core.case_detail(k.id).expect("case detail"),
                    answers: core.citizen_evaluation(k.id).expect("answers"),
                }
            })
            .collect(),
    }
}

/// Every section written, an agreement, the citizen's answers on each question's scale, the
/// actors' evaluation, then closed; the next meeting reviews the agreements it carries over.
fn hold(fx: &mut Fx, date: &str, first_citizen: usize) -> Id {
    let m = fx.meeting(date);
    let cases: Vec<Id> = (0..CASES_EACH)
        .map(|i| fx.case(&m, first_citizen + i))
        .collect();
    set_now(&fx.now, m.starts_at + chrono::Duration::minutes(5));
    fx.core.start_meeting(m.id).unwrap();
    let t = faelles_core::templates::by_version(&m.template_version).unwrap();
    for (n, &case) in cases.iter().enumerate() {
        let present = n % 4 != 3;
        fx.core
            .set_citizen_attendance(
                case,
                Some(if present {
                    Attendance::Present
                } else {
                    Attendance::Absent
                }),
            )
            .unwrap();
        for s in &t.sections {
            let text = format!("{} for borger {n}: det går bedre end sidst.", s.title);
            fx.core.save_section(case, &s.key, &text, 0).unwrap();
        }
        let carried = fx.core.case_detail(case).unwrap().carried_over;
        for c in carried {
            fx.core
                .review_agreement(case, c.agreement.id, AgreementStatus::Done, "Klaret.")
                .unwrap();
        }
        fx.core
            .save_agreement(
                case,
                &AgreementInput {
                    id: None,
                    what: format!("Aftale {n}: ringe til lægen"),
                    who: Some(Who::Citizen),
                    due: Some(Due::NextMeeting),
                },
            )
            .unwrap();
        if present {
            for (i, q) in t.citizen_evaluation.iter().enumerate() {
                let a = q.scale.answers()[(n + i) % 3];
                fx.core.set_citizen_answer(case, &q.key, a).unwrap();
            }
        }
    }
    fx.core
        .save_theme_notes(m.id, "Månedens tema: bolig.", 0)
        .unwrap();
    for org in t.meeting_evaluation.orgs() {
        fx.core
            .save_meeting_evaluation(
                m.id,
                &MeetingEvalInput {
                    org: Some(org),
                    effects: "Klare aftaler.".into(),
                    experiences: "God dialog.".into(),
                    learning: "Hold tiden.".into(),
                    coherent: Some(Answer::Yes),
                },
            )
            .unwrap();
    }
    set_now(&fx.now, m.starts_at + chrono::Duration::minutes(115));
    fx.core.close_meeting(m.id).unwrap();
    m.id
}

fn made() -> &'static Made {
    static MADE: OnceLock<Made> = OnceLock::new();
    MADE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let mut fx = Fx::builder()
            .in_dir(dir.path())
            .citizens(HELD * CASES_EACH)
            .consent_from("2026-01-05")
            .now(at("2026-01-10T08:00:00Z"))
            .build();
        // Citizens 0-7, then 4-11 (four of them again: carried-over agreements), 8-15.
        let held = vec![
            hold(&mut fx, "2026-02-03", 0),
            hold(&mut fx, "2026-03-03", 4),
            hold(&mut fx, "2026-03-31", 8),
        ];
        let planned = fx
            .core
            .save_meeting(&MeetingInput {
                date: "2026-06-23".into(),
                start: "13:00".into(),
                ..Default::default()
            })
            .unwrap();
        for i in 0..PLANNED_CASES {
            fx.case(&planned, 16 + i);
        }
        Made {
            dir,
            held,
            planned: planned.id,
            planned_version: planned.template_version,
        }
    })
}

/// A core on a copy of the made data dir, the clock at [`MADE_AT`].
fn copy(made: &Made) -> (tempfile::TempDir, Fx) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(made.dir.path().join(DB_FILE), dir.path().join(DB_FILE)).unwrap();
    let (core, now) = Fx::builder()
        .store(Store::open_in_dir(dir.path()).unwrap())
        .now(at(MADE_AT))
        .core();
    let fx = Fx {
        core,
        now,
        doctor: Id::nil(),
        citizens: Vec::new(),
    };
    (dir, fx)
}

/// The held meetings as they were before any new version, made once.
fn before() -> &'static Vec<Held> {
    static BEFORE: OnceLock<Vec<Held>> = OnceLock::new();
    BEFORE.get_or_init(|| {
        let m = made();
        let (_dir, fx) = copy(m);
        m.held.iter().map(|id| held(&fx.core, *id)).collect()
    })
}

/// One edit of the newest template; a new key is made unique by the edit's number.
#[derive(Debug, Clone)]
enum Edit {
    SectionTitle(usize, String),
    SectionQuestion(usize, String),
    SectionHint(usize, String),
    QuestionText(usize, String),
    AgendaTitle(usize, String),
    AgendaDescription(usize, String),
    AgendaMinutes(usize, u32),
    MeetingMinutes(u32),
    FieldTitle(usize, String),
    RoleTitle(usize, String),
    SwapSections(usize, usize),
    SwapQuestions(usize, usize),
    SwapAgenda(usize, usize),
    AddSection(String),
    AddQuestion(String, bool),
    AddField(String),
    AddRole(String),
    AddAdhocKind(String),
    AddAgendaItem(String, u32),
    RetireSection(usize),
    RetireQuestion(usize),
    ChangeScale(usize),
}

fn text() -> impl Strategy<Value = String> {
    "[A-ZÆØÅ][a-zæøå ]{0,24}[a-zæøå?]"
}

fn edit() -> impl Strategy<Value = Edit> {
    let i = 0usize..12;
    prop_oneof![
        (i.clone(), text()).prop_map(|(i, s)| Edit::SectionTitle(i, s)),
        (i.clone(), text()).prop_map(|(i, s)| Edit::SectionQuestion(i, s)),
        (i.clone(), text()).prop_map(|(i, s)| Edit::SectionHint(i, s)),
        (i.clone(), text()).prop_map(|(i, s)| Edit::QuestionText(i, s)),
        (i.clone(), text()).prop_map(|(i, s)| Edit::AgendaTitle(i, s)),
        (i.clone(), text()).prop_map(|(i, s)| Edit::AgendaDescription(i, s)),
        (i.clone(), 1u32..40).prop_map(|(i, m)| Edit::AgendaMinutes(i, m)),
        (30u32..=480).prop_map(Edit::MeetingMinutes),
        (i.clone(), text()).prop_map(|(i, s)| Edit::FieldTitle(i, s)),
        (i.clone(), text()).prop_map(|(i, s)| Edit::RoleTitle(i, s)),
        (i.clone(), i.clone()).prop_map(|(a, b)| Edit::SwapSections(a, b)),
        (i.clone(), i.clone()).prop_map(|(a, b)| Edit::SwapQuestions(a, b)),
        (i.clone(), i.clone()).prop_map(|(a, b)| Edit::SwapAgenda(a, b)),
        text().prop_map(Edit::AddSection),
        (text(), any::<bool>()).prop_map(|(s, b)| Edit::AddQuestion(s, b)),
        text().prop_map(Edit::AddField),
        text().prop_map(Edit::AddRole),
        text().prop_map(Edit::AddAdhocKind),
        (text(), 1u32..15).prop_map(|(s, m)| Edit::AddAgendaItem(s, m)),
        i.clone().prop_map(Edit::RetireSection),
        i.clone().prop_map(Edit::RetireQuestion),
        i.prop_map(Edit::ChangeScale),
    ]
}

/// `t` with `e` applied (`n` makes new keys unique).
fn apply(t: &Template, e: &Edit, n: usize) -> Template {
    let mut t = t.clone();
    let at = |len: usize, i: usize| if len == 0 { None } else { Some(i % len) };
    let fixed: u32 = t.agenda.iter().filter_map(|a| a.minutes).sum();
    let room = t
        .meeting_minutes
        .saturating_sub(fixed + check::CASES_MIN_MINUTES);
    // The agenda's last item stays «eventuelt».
    let movable = t.agenda.len().saturating_sub(1);
    match e.clone() {
        Edit::SectionTitle(i, s) => {
            if let Some(i) = at(t.sections.len(), i) {
                t.sections[i].title = s;
            }
        }
        Edit::SectionQuestion(i, s) => {
            if let Some(i) = at(t.sections.len(), i) {
                t.sections[i].question = s;
            }
        }
        Edit::SectionHint(i, s) => {
            if let Some(i) = at(t.sections.len(), i) {
                t.sections[i].hint = s;
            }
        }
        Edit::QuestionText(i, s) => {
            if let Some(i) = at(t.citizen_evaluation.len(), i) {
                t.citizen_evaluation[i].question = s;
            }
        }
        Edit::AgendaTitle(i, s) => {
            if let Some(i) = at(t.agenda.len(), i) {
                t.agenda[i].title = s;
            }
        }
        Edit::AgendaDescription(i, s) => {
            if let Some(i) = at(t.agenda.len(), i) {
                t.agenda[i].description = s;
            }
        }
        Edit::AgendaMinutes(i, m) => {
            if let Some(i) = at(t.agenda.len(), i) {
                if let Some(old) = t.agenda[i].minutes {
                    t.agenda[i].minutes = Some(m.min(old + room).max(1));
                }
            }
        }
        Edit::MeetingMinutes(m) => {
            t.meeting_minutes = m.max(fixed + check::CASES_MIN_MINUTES);
        }
        Edit::FieldTitle(i, s) => {
            if let Some(i) = at(t.meeting_evaluation.fields.len(), i) {
                t.meeting_evaluation.fields[i].title = s;
            }
        }
        Edit::RoleTitle(i, s) => {
            if let Some(i) = at(t.fixed_roles.len(), i) {
                t.fixed_roles[i].title = s;
            }
        }
        Edit::SwapSections(a, b) => {
            if let (Some(a), Some(b)) = (at(t.sections.len(), a), at(t.sections.len(), b)) {
                t.sections.swap(a, b);
            }
        }
        Edit::SwapQuestions(a, b) => {
            let len = t.citizen_evaluation.len();
            if let (Some(a), Some(b)) = (at(len, a), at(len, b)) {
                t.citizen_evaluation.swap(a, b);
            }
        }
        Edit::SwapAgenda(a, b) => {
            if let (Some(a), Some(b)) = (at(movable, a), at(movable, b)) {
                t.agenda.swap(a, b);
            }
        }
        Edit::AddSection(s) => t.sections.insert(
            n % (t.sections.len() + 1),
            SectionTemplate {
                key: format!("afsnit_{n}"),
                title: s.clone(),
                question: format!("{s}?"),
                hint: String::new(),
            },
        ),
        Edit::AddQuestion(s, good) => t.citizen_evaluation.push(EvalQuestion {
            key: format!("spoergsmaal_{n}"),
            question: s,
            scale: if good {
                Scale::GoodMixedHard
            } else {
                Scale::YesPartlyNo
            },
        }),
        Edit::AddField(s) => t.meeting_evaluation.fields.push(EvalField {
            key: format!("felt_{n}"),
            title: s,
        }),
        Edit::AddRole(s) => t.fixed_roles.push(RoleTemplate {
            key: format!("rolle_{n}"),
            title: s.clone(),
            plain: s.to_lowercase(),
            organisation: "Kommunen".into(),
            coordinator: false,
        }),
        Edit::AddAdhocKind(s) => t.adhoc_kinds.push(faelles_core::templates::AdhocKind {
            key: format!("adhoc_{n}"),
            title: s.clone(),
            plain: s.to_lowercase(),
        }),
        Edit::AddAgendaItem(s, m) => {
            if room > 0 {
                t.agenda.insert(
                    n % (movable + 1),
                    AgendaTemplateItem {
                        key: format!("punkt_{n}"),
                        title: s,
                        minutes: Some(m.min(room)),
                        description: String::new(),
                    },
                );
            }
        }
        Edit::RetireSection(i) => {
            if let Some(i) = at(t.sections.len(), i) {
                if t.sections[i].key != AGREEMENTS_SECTION && t.sections.len() > 1 {
                    t.sections.remove(i);
                }
            }
        }
        Edit::RetireQuestion(i) => {
            if let Some(i) = at(t.citizen_evaluation.len(), i) {
                t.citizen_evaluation.remove(i);
            }
        }
        Edit::ChangeScale(i) => {
            if let Some(i) = at(t.citizen_evaluation.len(), i) {
                let q = &mut t.citizen_evaluation[i];
                q.scale = match q.scale {
                    Scale::YesPartlyNo => Scale::GoodMixedHard,
                    Scale::GoodMixedHard => Scale::YesPartlyNo,
                };
            }
        }
    }
    t
}

/// Saves each edit that keeps the rules and changes something as the team's next version;
/// the number of versions saved.
fn save_edits(fx: &mut Fx, edits: &[Edit]) -> usize {
    let mut saved = 0;
    for (n, e) in edits.iter().enumerate() {
        let newest = fx.core.template().clone();
        let t = apply(&newest, e, n);
        if let Err(err) = check::validate(&t) {
            panic!("{e:?} broke a rule: {}", err.message_da());
        }
        let mut same = t.clone();
        same.version = newest.version.clone();
        if same == newest {
            continue;
        }
        faelles_core::testing::advance(&fx.now, chrono::Duration::days(1));
        fx.core
            .save_template_version(&t, &format!("Ændring {n}: {e:?}"), "Lars Holm")
            .unwrap_or_else(|err| panic!("{e:?}: {}", err.message_da()));
        saved += 1;
    }
    saved
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Whatever versions are saved after them, the held meetings read, show and print as
    /// they did; the planned meeting keeps its version until it is moved.
    #[test]
    fn new_template_versions_never_change_a_held_meeting(
        edits in prop::collection::vec(edit(), 1..8),
    ) {
        let m = made();
        let before = before();
        let (_dir, mut fx) = copy(m);
        let saved = save_edits(&mut fx, &edits);

        prop_assert_eq!(fx.core.template_versions().unwrap().len(), 1 + saved);

        set_now(&fx.now, at(MADE_AT));
        for (id, was) in m.held.iter().zip(before) {
            let now = held(&fx.core, *id);
            prop_assert_eq!(&now.agenda, &was.agenda);
            prop_assert_eq!(&now.minutes, &was.minutes);
            prop_assert!(now.minutes_pdf == was.minutes_pdf, "the minutes' PDF changed");
            prop_assert_eq!(now.cases.len(), was.cases.len());
            for (k, w) in now.cases.iter().zip(&was.cases) {
                prop_assert_eq!(&k.answers, &w.answers);
                prop_assert_eq!(&k.detail, &w.detail);
                prop_assert_eq!(&k.screen, &w.screen);
                prop_assert_eq!(&k.summary, &w.summary);
                prop_assert!(k.summary_pdf == w.summary_pdf, "a summary's PDF changed");
            }
        }

        // The planned meeting keeps its version until it is moved; then it has the newest.
        let planned = fx.core.meeting(m.planned).unwrap();
        prop_assert_eq!(&planned.template_version, &m.planned_version);
        let newest = fx.core.template().version.clone();
        if saved > 0 {
            let moved = fx.core.move_meeting_to_template(m.planned, &newest).unwrap();
            prop_assert_eq!(&moved.template_version, &newest);
            let a = fx.core.agenda(m.planned).unwrap();
            let titles: Vec<&str> = a.items.iter().filter(|i| i.case_id.is_none()).map(|i| i.title.as_str()).collect();
            let expected: Vec<&str> = fx.core.template().agenda.iter()
                .filter(|i| i.key != CASES_ITEM).map(|i| i.title.as_str()).collect();
            prop_assert_eq!(titles, expected);
        }
    }
}

/// Rendering is deterministic: the same document at the same clock gives the same bytes.
#[test]
fn a_document_renders_to_the_same_bytes_every_time() {
    let m = made();
    let (_dir, fx) = copy(m);
    let doc = fx.core.minutes_document(m.held[0]).unwrap();
    assert_eq!(pdf(&doc), pdf(&doc));
}

/// Made again a day later, a held meeting's documents differ in their creation date only:
/// the one date the test would have to mask, and why the clock is fixed above.
#[test]
fn the_clock_changes_only_the_creation_date() {
    let m = made();
    let (_dir, fx) = copy(m);
    let was = &before()[0];
    faelles_core::testing::advance(&fx.now, chrono::Duration::days(1));
    let mut minutes = fx.core.minutes_document(m.held[0]).unwrap();
    assert_ne!(minutes.created, was.minutes.created);
    assert_ne!(pdf(&minutes), was.minutes_pdf);
    minutes.created = was.minutes.created;
    assert_eq!(minutes, was.minutes);
    assert_eq!(pdf(&minutes), was.minutes_pdf);
}
