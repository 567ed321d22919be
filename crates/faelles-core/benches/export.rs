//! PDF export, measured the way the app does it (data read from the store, document built,
//! rendered with fonts subset; the export also writes and fsyncs the file and records it).
//!
//! - (a) citizen summary of about 3 pages: `citizen_summary_document` + render (goal ≤ 20 ms)
//! - (b) minutes of a 10-case meeting: `minutes_document` + render (goal ≤ 100 ms)
//! - (c) `export_citizen_summary` into a folder: the above + atomic write + fsync + record
//! - (d) `export_minutes` into a folder
//! - (e) `export_check` of the 10-case meeting (all 11 documents built, no rendering)
//!
//! Files must stay ≤ 100 KB. Set `FAELLES_BENCH_DIR` to choose the disk, and
//! `FAELLES_BENCH_OUT=<dir>` to keep one summary and the minutes for looking at.
//!
//! Run: `cargo bench -p faelles-core --bench export`

use chrono::{Duration, TimeZone, Utc};
use faelles_core::citizens::{CitizenInput, ConsentInput};
use faelles_core::domain::{AgreementStatus, Attendance, Due, Id, Who};
use faelles_core::run::{AgreementInput, CitizenEvalInput, MeetingEvalInput};
use faelles_core::store::Store;
use faelles_core::team::{MemberInput, TeamInput};
use faelles_core::Core;
use std::hint::black_box;
use std::time::Instant;

const ITERATIONS: usize = 200;
const WARMUP: usize = 10;
const CASES: usize = 10;

const NOTES: [&str; 9] = [
    "At få ro på i lejligheden og komme ud af gælden. Vil gerne kunne se sin datter hver anden \
     weekend og have en fast hverdag med faste tider.",
    "Har været stabil de sidste uger. Var til to ud af tre samtaler i rusmiddelbehandlingen, og \
     aftalen om boligstøtte er sat i gang.",
    "Fortsætter med depotmedicin. Næste kontrol i klinikken om fire uger. Sover bedre end sidst.",
    "Har nedsat forbruget af hash. Ønsker at arbejde videre med trangen om aftenen:\n\
     - samtaler hver uge\n- gruppeforløb om tirsdagen\n- kontakt til behandler ved behov",
    "Bor i egen lejlighed. Bostøtte to gange om ugen. Vil gerne have hjælp til at handle ind og \
     til at få styr på posten.",
    "Modtager kontanthjælp. Der er restance på husleje, og en afdragsordning er undervejs.",
    "Kontakt til mor og søster. Datteren bor hos sin mor. En ven fra værestedet kommer forbi.",
    "Se aftalerne herunder.",
    "Vi ses igen på næste møde. Indtil da kontakt til tovholderen ved behov.",
];

fn date(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A team, 10 citizens with consent, a held meeting with agreements (carried over) and the
/// meeting under test with 10 filled-in cases. Returns (meeting, first case).
fn fixture(core: &mut Core) -> (Id, Id) {
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
            title: "Koordinator".into(),
            phone: "96 11 22 33".into(),
            email: "kontakt@example.dk".into(),
            fixed: true,
            chair: *role == "moedeleder",
            coordinator: *role == "rusmiddelbehandlingen",
            ..Default::default()
        })
        .collect(),
    })
    .expect("team");
    let today = core.today();
    let first = today - Duration::days(28);
    let meetings = core
        .plan_series(&date(first), "13:00", 3, 4)
        .expect("series");
    let (held, current) = (meetings[0].id, meetings[1].id);
    let members = core.participants().expect("members");
    let names = [
        ("Mikkel", "Sørensen"),
        ("Camilla", "Nørgaard"),
        ("Ahmad", "Haddad"),
        ("Louise", "Frost"),
        ("Thomas", "Ravn"),
        ("Emma", "Kirk"),
        ("Sofie", "Dahl"),
        ("Niels", "Bak"),
        ("Åse", "Ødegaard"),
        ("Jonas", "Bech"),
    ];
    let mut first_case = None;
    for (i, (f, l)) in names.iter().enumerate().take(CASES) {
        let c = core
            .save_citizen(&CitizenInput {
                first_name: (*f).into(),
                last_name: (*l).into(),
                cpr: format!("{:02}0385-11{:02}", i + 1, i),
                active: true,
                consent: Some(ConsentInput {
                    given_on: date(first - Duration::days(30)),
                    ..Default::default()
                }),
                ..Default::default()
            })
            .expect("citizen");
        let agreement = |core: &mut Core, case: Id, n: usize| {
            core.save_agreement(
                case,
                &AgreementInput {
                    id: None,
                    what: format!("Aftale {n}: søge om støtte til bolig, medicin og økonomi"),
                    who: Some(Who::Participant {
                        id: members[n % members.len()].id,
                    }),
                    due: Some(if n.is_multiple_of(2) {
                        Due::NextMeeting
                    } else {
                        Due::Date {
                            date: today + Duration::days(20),
                        }
                    }),
                },
            )
            .expect("agreement")
            .id
        };
        // Last time: two agreements, to be followed up now.
        let old = core.add_case(held, c.id).expect("old case").id;
        let carried: Vec<Id> = (0..2).map(|n| agreement(core, old, n)).collect();
        let case = core.add_case(current, c.id).expect("case").id;
        first_case.get_or_insert(case);
        core.set_citizen_attendance(case, Some(Attendance::Present))
            .expect("attendance");
        for (s, text) in core.template().sections.clone().iter().zip(NOTES) {
            core.save_section(case, &s.key, text, 0).expect("note");
        }
        core.review_agreement(case, carried[0], AgreementStatus::Done, "Klaret")
            .expect("review");
        core.review_agreement(case, carried[1], AgreementStatus::Continues, "")
            .expect("review");
        for n in 2..5 {
            agreement(core, case, n);
        }
        core.save_citizen_evaluation(
            case,
            &CitizenEvalInput {
                comment: "Rart at kunne læse med på skærmen.".into(),
                ..Default::default()
            },
        )
        .expect("evaluation");
    }
    core.save_theme_notes(current, &NOTES[..3].join("\n\n"), 0)
        .expect("theme");
    core.save_meeting_evaluation(
        current,
        &MeetingEvalInput {
            effects: "Borgerne fik et samlet overblik.".into(),
            experiences: "God dialog på tværs.".into(),
            learning: "Hold tiden på hver sag.".into(),
            coherent: Some(faelles_core::domain::Answer::Yes),
            ..Default::default()
        },
    )
    .expect("meeting evaluation");
    let case = first_case.expect("a case");
    // Make the first citizen's summary about 3 pages long.
    let long = format!("{} ", NOTES[4]).repeat(14);
    let rev = core
        .case_detail(case)
        .expect("detail")
        .sections
        .iter()
        .find(|s| s.key == "bolig_hverdag")
        .expect("section")
        .note
        .revision;
    core.save_section(case, "bolig_hverdag", &long, rev)
        .expect("long note");
    (current, case)
}

fn report(name: &str, mut ms: Vec<f64>, extra: &str) {
    ms.sort_by(f64::total_cmp);
    let q = |p: f64| ms[((ms.len() as f64 * p).ceil() as usize).clamp(1, ms.len()) - 1];
    println!(
        "{name:<46} p50={:>7.2} ms  p95={:>7.2} ms  p99={:>7.2} ms  {extra}",
        q(0.50),
        q(0.95),
        q(0.99),
    );
}

fn measure(mut f: impl FnMut()) -> Vec<f64> {
    for _ in 0..WARMUP {
        f();
    }
    (0..ITERATIONS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect()
}

fn main() {
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 15, 0, 0).unwrap();
    let mut core = Core::new(
        Store::open_in_memory().expect("store"),
        Box::new(move || now),
    );
    let (meeting, case) = fixture(&mut core);
    let dir = match std::env::var_os("FAELLES_BENCH_DIR") {
        Some(d) => tempfile::tempdir_in(d),
        None => tempfile::tempdir(),
    }
    .expect("temp dir");

    let summary = |core: &Core| {
        let doc = core.citizen_summary_document(case).expect("document");
        faelles_pdf::render(&doc).expect("render")
    };
    let minutes = |core: &Core| {
        let doc = core.minutes_document(meeting).expect("document");
        faelles_pdf::render(&doc).expect("render")
    };
    let s = summary(&core);
    let m = minutes(&core);
    println!(
        "export bench: {ITERATIONS} runs each; summary {} pages {:.1} KB, minutes ({CASES} cases) {} pages {:.1} KB",
        s.pages,
        s.bytes.len() as f64 / 1024.0,
        m.pages,
        m.bytes.len() as f64 / 1024.0,
    );
    assert!(s.bytes.len() <= 100 * 1024 && m.bytes.len() <= 100 * 1024);

    let a = measure(|| {
        black_box(summary(&core));
    });
    report(
        "(a) citizen summary: build + render",
        a,
        &format!("[{} pages, goal ≤ 20 ms]", s.pages),
    );
    let b = measure(|| {
        black_box(minutes(&core));
    });
    report(
        "(b) minutes, 10 cases: build + render",
        b,
        &format!("[{} pages, goal ≤ 100 ms]", m.pages),
    );
    let c = measure(|| {
        black_box(
            core.export_citizen_summary(case, dir.path())
                .expect("export"),
        );
    });
    report("(c) export_citizen_summary (write, fsync, record)", c, "");
    let d = measure(|| {
        black_box(core.export_minutes(meeting, dir.path()).expect("export"));
    });
    report("(d) export_minutes (write, fsync, record)", d, "");
    let e = measure(|| {
        black_box(core.export_check(meeting).expect("check"));
    });
    report("(e) export_check (11 documents, no render)", e, "");

    if let Some(out) = std::env::var_os("FAELLES_BENCH_OUT") {
        let out = std::path::PathBuf::from(out);
        let s = core.export_citizen_summary(case, &out).expect("export");
        let m = core.export_minutes(meeting, &out).expect("export");
        println!("kept: {}\n      {}", s.path, m.path);
    }
}
