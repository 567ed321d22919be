//! 20 years of one team: 260 meetings (every 4 weeks), 200 citizens, 2,100 cases (each
//! citizen followed for 10–11 consecutive meetings), all 9 sections written in every case,
//! 6,000 agreements, every carried-over agreement reviewed, evaluations, all meetings closed
//! but the last (today's, running). Written through `Core` (the app's own rules) into a file
//! store; only `synchronous=OFF` while generating (a bench-only speed-up, set back by
//! reopening). Then: open, list meetings, case detail, the carry-over query, file size.
//! With template versions (`generate(n)`, sections/versions.rs): the team saves a new
//! version of its template every year (a section renamed, that year's question added and the
//! year before's retired) and the year's meetings are moved to it before they are held.

use crate::stats::{time_ms, Summary};
use chrono::{DateTime, Duration, TimeZone, Utc};
use faelles_core::citizens::{CitizenInput, ConsentInput};
use faelles_core::domain::{
    AgreementStatus, Answer, Attendance, Due, Id, MeetingStatus, Org, Participant, Who,
};
use faelles_core::meetings::MeetingInput;
use faelles_core::run::{AgreementInput, CitizenEvalInput, MeetingEvalInput};
use faelles_core::store::{self, Store};
use faelles_core::team::{MemberInput, TeamInput};
use faelles_core::{chair, Core};
use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Instant;

pub const MEETINGS: usize = 260;
pub const CITIZENS: usize = 200;
pub const CASES: usize = 2_100;
pub const AGREEMENTS: usize = 6_000;

const SENTENCES: [&str; 8] = [
    "Borgeren fortæller, at det går bedre med søvnen, og at hverdagen er mere stabil.",
    "Vi aftaler at følge op på medicinen og på kontakten til jobcentret.",
    "Der er restance på huslejen, og en afdragsordning er undervejs.",
    "Har nedsat forbruget og ønsker at arbejde videre med trangen om aftenen.",
    "Bostøtte to gange om ugen; vil gerne have hjælp til at handle ind.",
    "Kontakt til mor og søster; datteren kommer hver anden weekend.",
    "Næste kontrol i klinikken om fire uger. Sover bedre end sidst.",
    "Samtale med sagsbehandleren er flyttet til næste uge – husk papirerne.",
];

/// A note of about 250 characters, varying with `seed`.
fn note(seed: usize) -> String {
    let mut s = String::new();
    let mut i = seed;
    while s.len() < 250 {
        s.push_str(SENTENCES[i % SENTENCES.len()]);
        s.push(' ');
        i = i * 7 + 3;
    }
    s.trim_end().to_string()
}

/// The generated database and what the measurements and the PDF bench use.
pub struct History {
    pub dir: tempfile::TempDir,
    /// The last closed meeting and its first case (for the PDFs).
    pub last_closed_meeting: Id,
    pub last_closed_case: Id,
    /// A case in today's meeting (running) of a citizen with a long history.
    pub today_case: Id,
    pub today_citizen: Id,
    pub today_starts_at: DateTime<Utc>,
    /// Each held meeting (date order) with its first case.
    pub held: Vec<(Id, Id)>,
    pub generate_s: f64,
    pub counts: String,
}

/// The meetings of one year: a new template version every `YEAR` meetings.
pub const YEAR: usize = MEETINGS / 20;

/// Version `y` of the team's template (of `MEETINGS / YEAR` saved ones): the section
/// «psykiatri» renamed, that year's question `aar_<y>` added (Ja/Delvist/Nej, every other
/// year Godt/Blandet/Svært) and the year before's retired; its key is returned.
fn save_version(core: &mut Core, y: usize) -> String {
    let mut t = core.template().clone();
    if let Some(s) = t.sections.iter_mut().find(|s| s.key == "psykiatri") {
        s.title = format!("Psykiatrisk behandling (udgave {})", y + 2);
    }
    t.citizen_evaluation.retain(|q| !q.key.starts_with("aar_"));
    let key = format!("aar_{y}");
    t.citizen_evaluation
        .push(faelles_core::templates::EvalQuestion {
            key: key.clone(),
            question: format!("Hvordan har år {} i forløbet været?", y + 1),
            scale: if y.is_multiple_of(2) {
                faelles_core::domain::Scale::YesPartlyNo
            } else {
                faelles_core::domain::Scale::GoodMixedHard
            },
        });
    core.save_template_version(&t, &format!("År {}: nyt årsspørgsmål", y + 1), "Hanne Kjær")
        .expect("template version");
    key
}

pub struct Measured {
    pub open: Summary,
    /// `Core::open` after an unclean end (with the whole-file check).
    pub open_unclean: Summary,
    /// `Store::check`: the whole-file check run in the background after a clean end.
    pub check: Summary,
    pub first_open_ms: f64,
    pub list_meetings: Summary,
    pub case_detail: Summary,
    pub carry_over: Summary,
    /// `Core::report` over all 20 years (the indicators).
    pub report_all: Summary,
    /// … and over the default range (the last 6 months).
    pub report_six: Summary,
    /// `Core::citizen_course` of the citizen with the most cases (the timeline on their page).
    pub citizen_course: Summary,
    /// That citizen's cases and the agreements made in them.
    pub course_cases: usize,
    pub course_agreements: usize,
    /// The access request of that citizen (GDPR art. 15): `Core::access_document` and the
    /// tagged PDF rendered (`faelles_pdf::render`), without writing the file.
    pub access_pdf: Summary,
    pub access_pdf_pages: usize,
    /// The working group's report of 10 teams' «Evalueringsdata» files of 2 years each (the
    /// last 2 years of this history under 10 team names): each file decoded and checked
    /// (checksum), then the teams side by side and together (`report::teams::teams_report`).
    pub merge_teams: Summary,
    pub merge_file_bytes: usize,
    /// `Core::follow_up` without a filter: every open agreement of the team (Opfølgning).
    pub follow_up: Summary,
    pub follow_up_rows: usize,
    pub carried_rows: usize,
    pub db_bytes: u64,
}

fn date(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// 20 years of one team; `versions`: the team's own template versions saved along the way
/// (one a year at most; 0: the bundled template throughout).
pub fn generate(versions: usize) -> History {
    let started = Instant::now();
    let dir = tempfile::Builder::new()
        .prefix("faelles-bench-20y-")
        .tempdir()
        .expect("temp dir");
    let today = Utc::now().date_naive();
    let first = today - Duration::days(28 * (MEETINGS as i64 - 1));
    let clock = Arc::new(AtomicI64::new(
        Utc.from_utc_datetime(&(first - Duration::days(60)).and_hms_opt(9, 0, 0).unwrap())
            .timestamp_millis(),
    ));
    let c = clock.clone();
    let mut core = Core::new(
        Store::open_in_dir(dir.path()).expect("store"),
        Box::new(move || {
            Utc.timestamp_millis_opt(c.load(Ordering::Relaxed))
                .single()
                .expect("clock")
        }),
    );
    // Bench-only: no fsync per transaction while generating 20 years.
    core.store()
        .conn()
        .execute_batch("PRAGMA synchronous=OFF")
        .expect("pragma");

    core.setup_team(&TeamInput {
        name: "Fælles Team Vest".into(),
        municipality: "Holstebro Kommune".into(),
        region_partner: "Regionspsykiatrien Vest".into(),
        members: [
            ("moedeleder", "Hanne Kjær"),
            ("rusmiddelbehandlingen", "Lars Bundgaard"),
            ("klinik_rusmiddelpsykiatri", "Mette Vestergaard"),
            ("visitator", "Søren Mikkelsen"),
            ("beskaeftigelse", "Aisha Rahimi"),
            ("socialpsykiatri", "Jens Østergaard"),
            ("omsorgspladser", "Birgitte Lund"),
        ]
        .iter()
        .map(|(role, name)| MemberInput {
            role: (*role).into(),
            name: (*name).into(),
            organisation: "Holstebro Kommune".into(),
            fixed: true,
            chair: *role == "moedeleder",
            coordinator: *role == "rusmiddelbehandlingen",
            ..Default::default()
        })
        .collect(),
    })
    .expect("team");
    let members: Vec<Participant> = core.participants().expect("members");

    let first_names = [
        "Mikkel", "Camilla", "Ahmad", "Louise", "Thomas", "Emma", "Sofie", "Niels", "Åse", "Jonas",
    ];
    let last_names = [
        "Sørensen",
        "Nørgaard",
        "Haddad",
        "Frost",
        "Ravn",
        "Kirk",
        "Dahl",
        "Bak",
        "Ødegaard",
        "Bech",
    ];
    let citizens: Vec<Id> = (0..CITIZENS)
        .map(|k| {
            core.save_citizen(&CitizenInput {
                first_name: first_names[k % 10].into(),
                last_name: format!("{} {}", last_names[(k / 10) % 10], k),
                cpr: format!(
                    "{:02}{:02}{:02}-1{:03}",
                    k % 28 + 1,
                    k % 12 + 1,
                    50 + k % 40,
                    k
                ),
                active: true,
                consent: Some(ConsentInput {
                    given_on: date(first - Duration::days(90)),
                    ..Default::default()
                }),
                ..Default::default()
            })
            .expect("citizen")
            .id
        })
        .collect();

    let meetings: Vec<(Id, DateTime<Utc>)> = (0..MEETINGS)
        .map(|i| {
            let m = core
                .save_meeting(&MeetingInput {
                    date: date(first + Duration::days(28 * i as i64)),
                    start: "13:00".into(),
                    ..Default::default()
                })
                .expect("meeting");
            (m.id, m.starts_at)
        })
        .collect();

    // Citizen k is followed for 10 or 11 consecutive meetings from meeting 1.3·k; an
    // episode running past the last meeting continues at the first (the citizen came back),
    // so every meeting has 8–9 cases.
    let mut on_agenda: Vec<Vec<usize>> = vec![Vec::new(); MEETINGS];
    for k in 0..CITIZENS {
        let len = 10 + k % 2;
        let start = k * MEETINGS / CITIZENS;
        for j in 0..len {
            on_agenda[(start + j) % MEETINGS].push(k);
        }
    }
    for agenda in &mut on_agenda {
        agenda.sort_unstable();
    }
    assert_eq!(on_agenda.iter().map(Vec::len).sum::<usize>(), CASES);

    let sections: Vec<String> = core
        .template()
        .sections
        .iter()
        .map(|s| s.key.clone())
        .collect();
    let (mut n_case, mut n_agreement, mut n_review) = (0usize, 0usize, 0usize);
    let mut last_closed = None;
    let mut today_cases = Vec::new();
    let mut held = Vec::new();
    let mut year_question: Option<String> = None;
    for (i, &(meeting, starts_at)) in meetings.iter().enumerate() {
        clock.store(
            (starts_at - Duration::minutes(30)).timestamp_millis(),
            Ordering::Relaxed,
        );
        if i % YEAR == 0 && i / YEAR < versions {
            year_question = Some(save_version(&mut core, i / YEAR));
        }
        if versions > 0 {
            // Planned a series ahead with the version of then; moved to the newest.
            let newest = core.template().version.clone();
            core.move_meeting_to_template(meeting, &newest)
                .expect("moved to the newest version");
        }
        let cases: Vec<(Id, Id)> = on_agenda[i]
            .iter()
            .map(|&k| {
                let case = core.add_case(meeting, citizens[k]).expect("case").id;
                (case, citizens[k])
            })
            .collect();
        clock.store(
            (starts_at + Duration::minutes(5)).timestamp_millis(),
            Ordering::Relaxed,
        );
        core.start_meeting(meeting).expect("start");
        for p in &members {
            core.set_member_attendance(meeting, p.id, Attendance::Present)
                .expect("attendance");
        }
        for &(case, citizen) in &cases {
            let present = n_case % 10 != 9;
            core.set_citizen_attendance(
                case,
                Some(if present {
                    Attendance::Present
                } else {
                    Attendance::Absent
                }),
            )
            .expect("citizen attendance");
            for (s, key) in sections.iter().enumerate() {
                core.save_section(case, key, &note(n_case * 9 + s), 0)
                    .expect("note");
            }
            let carried = store::carried_over_agreements(core.store().conn(), citizen, starts_at)
                .expect("carried over");
            for (j, x) in carried.iter().enumerate() {
                let outcome = match (n_case + j) % 10 {
                    0..=5 => AgreementStatus::Done,
                    6..=8 => AgreementStatus::Continues,
                    _ => AgreementStatus::Dropped,
                };
                core.review_agreement(case, x.agreement.id, outcome, "")
                    .expect("review");
                n_review += 1;
            }
            let n = if n_case % 7 == 0 { 2 } else { 3 };
            for j in 0..n {
                core.save_agreement(
                    case,
                    &AgreementInput {
                        id: None,
                        what: format!("Aftale {}: {}", j + 1, &SENTENCES[(n_case + j) % 8]),
                        who: Some(match j {
                            0 => Who::Citizen,
                            _ => Who::Participant {
                                id: members[(n_case + j) % members.len()].id,
                            },
                        }),
                        due: Some(if j == 0 {
                            Due::NextMeeting
                        } else {
                            Due::Date {
                                date: starts_at.date_naive() + Duration::days(14),
                            }
                        }),
                    },
                )
                .expect("agreement");
                n_agreement += 1;
            }
            // A citizen registered absent cannot answer: only their own words are noted.
            let answer = |a| if present { a } else { Answer::Unanswered };
            core.save_citizen_evaluation(
                case,
                &CitizenEvalInput {
                    involved: answer(Answer::Yes),
                    ownership: answer(Answer::Partly),
                    common_goals: answer(Answer::Yes),
                    experience: Some(answer(Answer::Good)),
                    coherence: Some(answer(Answer::Partly)),
                    comment: "Godt at kunne læse med.".into(),
                },
            )
            .expect("evaluation");
            if let (Some(key), true) = (&year_question, present) {
                let answer = [Answer::Yes, Answer::Good][(i / YEAR) % 2];
                core.set_citizen_answer(case, key, answer)
                    .expect("the year's question");
            }
            n_case += 1;
        }
        core.save_theme_notes(meeting, &note(i), 0).expect("theme");
        for (org, coherent) in [(Org::Kommune, Answer::Yes), (Org::Region, Answer::Partly)] {
            core.save_meeting_evaluation(
                meeting,
                &MeetingEvalInput {
                    org: Some(org),
                    effects: "Klare aftaler.".into(),
                    experiences: "God dialog på tværs.".into(),
                    learning: "Hold tiden.".into(),
                    coherent: Some(coherent),
                },
            )
            .expect("meeting evaluation");
        }
        if i + 1 < MEETINGS {
            clock.store(
                (starts_at + Duration::minutes(120)).timestamp_millis(),
                Ordering::Relaxed,
            );
            core.close_meeting(meeting).expect("close");
            last_closed = Some((meeting, cases[0].0));
            held.push((meeting, cases[0].0));
        } else {
            today_cases = cases;
        }
    }
    assert_eq!(n_agreement, AGREEMENTS);
    let m = core.meeting(meetings[MEETINGS - 1].0).expect("today");
    assert_eq!(m.status, MeetingStatus::Running);

    // Today's case whose citizen has the most history.
    let (today_case, today_citizen) = today_cases
        .iter()
        .copied()
        .max_by_key(|(_, citizen)| {
            store::earlier_cases(core.store().conn(), *citizen, m.starts_at)
                .map(|v| v.len())
                .unwrap_or(0)
        })
        .expect("cases today");
    let (last_closed_meeting, last_closed_case) = last_closed.expect("a closed meeting");
    drop(core);
    History {
        dir,
        last_closed_meeting,
        last_closed_case,
        today_case,
        today_citizen,
        today_starts_at: m.starts_at,
        held,
        generate_s: started.elapsed().as_secs_f64(),
        counts: format!(
            "{MEETINGS} meetings, {CITIZENS} citizens, {n_case} cases ({} section notes), \
             {n_agreement} agreements, {n_review} reviews{}",
            n_case * sections.len(),
            if versions > 0 {
                format!(
                    ", {} template versions saved by the team",
                    versions.min(MEETINGS / YEAR)
                )
            } else {
                String::new()
            }
        ),
    }
}

pub fn measure(h: &History) -> Measured {
    let t = Instant::now();
    let core = Core::open(h.dir.path()).expect("open");
    let first_open_ms = t.elapsed().as_secs_f64() * 1000.0;
    drop(core);
    let open = Summary::of(&time_ms(2, 30, || {
        std::hint::black_box(Core::open(h.dir.path()).expect("open"));
    }));
    // After an unclean end (a non-empty WAL left beside the database) `Store::open` runs
    // the whole-file check itself; after a clean end it runs in the background.
    let db: PathBuf = h.dir.path().join(store::DB_FILE);
    let wal = h.dir.path().join(format!("{}-wal", store::DB_FILE));
    let mut unclean = Vec::new();
    for i in 0..12 {
        std::fs::write(&wal, [0u8; 64]).expect("a left-over WAL");
        let t = Instant::now();
        let core = Core::open(h.dir.path()).expect("open after an unclean end");
        if i >= 2 {
            unclean.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        drop(core);
    }
    let open_unclean = Summary::of(&unclean);
    let check = Summary::of(&time_ms(2, 30, || {
        store::Store::check(&db).expect("healthy");
    }));
    let mut core = Core::open(h.dir.path()).expect("open");
    let list_meetings = Summary::of(&time_ms(3, 50, || {
        let v = chair::meetings(&core).expect("meetings");
        assert_eq!(v.len(), MEETINGS);
        std::hint::black_box(v);
    }));
    let case_detail = Summary::of(&time_ms(5, 200, || {
        std::hint::black_box(core.case_detail(h.today_case).expect("case detail"));
    }));
    let mut carried_rows = 0;
    let carry_over = Summary::of(&time_ms(5, 200, || {
        let v =
            store::carried_over_agreements(core.store().conn(), h.today_citizen, h.today_starts_at)
                .expect("carried over");
        carried_rows = v.len();
        std::hint::black_box(v);
    }));
    let first = core.meetings().expect("meetings")[0]
        .starts_at
        .date_naive()
        .to_string();
    let report_all = Summary::of(&time_ms(3, 50, || {
        let r = core.report(&first, "").expect("report");
        assert!(r.meetings_held > 200);
        std::hint::black_box(r);
    }));
    let report_six = Summary::of(&time_ms(3, 100, || {
        std::hint::black_box(core.report("", "").expect("report"));
    }));
    // The citizen with the longest history: the most cases, then the most agreements.
    let size = |c: &faelles_core::chair::CitizenCourse| {
        let agreements = c.entries.iter().map(|e| e.agreements.len()).sum::<usize>();
        (c.entries.len(), agreements)
    };
    let (longest, (course_cases, course_agreements)) = core
        .citizens()
        .expect("citizens")
        .iter()
        .map(|c| {
            let course = core.citizen_course(c.id).expect("course");
            (c.id, size(&course))
        })
        .max_by_key(|(_, size)| *size)
        .expect("citizens");
    let citizen_course = Summary::of(&time_ms(5, 200, || {
        std::hint::black_box(core.citizen_course(longest).expect("course"));
    }));
    let mut access_pdf_pages = 0;
    let access_pdf = Summary::of(&time_ms(1, 10, || {
        let doc = core.access_document(longest).expect("access document");
        let pdf = faelles_pdf::render(&doc).expect("access pdf");
        access_pdf_pages = pdf.pages;
        std::hint::black_box(pdf);
    }));
    let to = core
        .meetings()
        .expect("meetings")
        .last()
        .expect("a meeting")
        .starts_at
        .date_naive();
    let from = (to - chrono::Duration::days(730)).to_string();
    let base = core
        .eval_data(&from, &to.to_string(), false)
        .expect("evaluation data");
    let files: Vec<Vec<u8>> = (0..10)
        .map(|i| {
            let mut d = base.clone();
            d.team.key = format!("{}-{i}", d.team.key);
            d.team.name = format!("Fælles Team {}", i + 1);
            faelles_core::report::data::encode(&d).expect("encode")
        })
        .collect();
    let merge_file_bytes = files[0].len();
    let merge_teams = Summary::of(&time_ms(2, 30, || {
        let data: Vec<_> = files
            .iter()
            .map(|f| faelles_core::report::data::decode(f).expect("decode"))
            .collect();
        let r = faelles_core::report::teams::teams_report(&data, false);
        assert_eq!(r.teams.len(), 10);
        std::hint::black_box(r);
    }));
    let mut follow_up_rows = 0;
    let follow_up = Summary::of(&time_ms(5, 200, || {
        let v = core
            .follow_up(&faelles_core::chair::FollowUpFilter::default())
            .expect("follow-up");
        follow_up_rows = v.rows().count();
        std::hint::black_box(v);
    }));
    drop(core);
    let db_bytes = std::fs::metadata(&db).map_or(0, |m| m.len())
        + std::fs::metadata(&wal).map_or(0, |m| m.len());
    Measured {
        open,
        open_unclean,
        check,
        first_open_ms,
        list_meetings,
        case_detail,
        carry_over,
        report_all,
        report_six,
        citizen_course,
        course_cases,
        course_agreements,
        access_pdf,
        access_pdf_pages,
        merge_teams,
        merge_file_bytes,
        follow_up,
        follow_up_rows,
        carried_rows,
        db_bytes,
    }
}

/// Opening a held meeting of each template version and its first case, as the chair does.
pub struct VersionsMeasured {
    /// All of it: what the shell computes for «open the meeting», then «open its case».
    pub open: Summary,
    /// Its parts (the same runs, each timed on its own).
    pub agenda: Summary,
    pub prep: Summary,
    pub case_detail: Summary,
    pub screen: Summary,
    /// The meetings opened and how many versions they span.
    pub meetings: usize,
    pub versions: usize,
}

/// Cycles through one held meeting of every version (the middle of its year): the agenda
/// (`Core::agenda`, the meeting's own template's items) and the screen's neutral view
/// (`open_meeting`), the preparation (`chair::meeting_prep`), then its first case:
/// `Core::case_detail` (the case editor: sections and questions of its version) and
/// `projection::for_case` (the citizen screen).
pub fn measure_versions(h: &History) -> VersionsMeasured {
    let core = Core::open(h.dir.path()).expect("open");
    let picks: Vec<(Id, Id)> = h
        .held
        .iter()
        .skip(YEAR / 2)
        .step_by(YEAR)
        .copied()
        .collect();
    let versions: std::collections::HashSet<String> = picks
        .iter()
        .map(|(m, _)| core.meeting(*m).expect("meeting").template_version)
        .collect();
    let (mut agenda, mut prep, mut detail, mut screen) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut k = 0;
    let open = time_ms(2 * picks.len(), 25 * picks.len(), || {
        let (meeting, case) = picks[k % picks.len()];
        k += 1;
        let t = Instant::now();
        let m = core.meeting(meeting).expect("meeting");
        let _t = faelles_core::templates::by_version(&m.template_version).expect("version");
        std::hint::black_box(core.agenda(meeting).expect("agenda"));
        std::hint::black_box(faelles_core::projection::neutral(&core, Some(&m)).expect("neutral"));
        let a = t.elapsed().as_secs_f64() * 1000.0;
        let t = Instant::now();
        std::hint::black_box(chair::meeting_prep(&core, meeting).expect("prep"));
        let p = t.elapsed().as_secs_f64() * 1000.0;
        let t = Instant::now();
        std::hint::black_box(core.case_detail(case).expect("case detail"));
        let d = t.elapsed().as_secs_f64() * 1000.0;
        let t = Instant::now();
        std::hint::black_box(faelles_core::projection::for_case(&core, case).expect("screen"));
        let s = t.elapsed().as_secs_f64() * 1000.0;
        agenda.push(a);
        prep.push(p);
        detail.push(d);
        screen.push(s);
    });
    // The warm-up runs are not in `open`; leave them out of the parts too.
    let warm = 2 * picks.len();
    VersionsMeasured {
        open: Summary::of(&open),
        agenda: Summary::of(&agenda[warm..]),
        prep: Summary::of(&prep[warm..]),
        case_detail: Summary::of(&detail[warm..]),
        screen: Summary::of(&screen[warm..]),
        meetings: picks.len(),
        versions: versions.len(),
    }
}
