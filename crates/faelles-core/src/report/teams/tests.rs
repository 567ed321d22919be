//! The working group's report across teams and the «Evalueringsdata» file: two teams
//! together equal the merged data (property test, on the true counts), import refusals
//! (tampered, newer version, not a file of ours) and a team given twice, and the file read
//! back holds no name, no CPR and no unticked free text; the CSV files for Danish Excel.

use crate::domain::*;
use crate::export::{cases_csv, csv, meetings_csv};
use crate::report::data::*;
use crate::report::suppress::Pos;
use crate::report::teams::{self, citizen_counts, held_cases, teams_report, CaseIn};
use crate::report::tests::{answer, read, P};
use crate::run::MeetingEvalInput;
use crate::store;
use crate::testing::{at, Fx};
use chrono::NaiveDate;
use proptest::prelude::*;
use std::collections::BTreeMap;

/// One generated case: attendance (0-3: present, virtual, absent, none), answers (0-3:
/// the scale's three, unanswered; 4: no evaluation), invited, summary (0 none, 1 made, 2
/// handed over after that many days + 2), citizen 0-5.
type Gen = (usize, [usize; 5], bool, usize, usize);

fn team(key: &str, cases: &[Vec<Gen>]) -> EvalData {
    let t = crate::templates::current();
    let questions: Vec<QuestionInfo> = t
        .citizen_evaluation
        .iter()
        .map(|q| QuestionInfo {
            key: q.key.clone(),
            text: q.question.clone(),
            scale: q.scale,
        })
        .collect();
    let atts = [
        Some(Attendance::Present),
        Some(Attendance::Virtual),
        Some(Attendance::Absent),
        None,
    ];
    EvalData {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        app_version: "test".into(),
        team: TeamInfo {
            key: key.into(),
            name: format!("Team {key}"),
            municipality: format!("{key} Kommune"),
        },
        from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        made_at: at("2027-01-02T10:00:00Z"),
        free_text: FREE_TEXT_RULE.into(),
        texts_left_out: 0,
        templates: vec![TemplateInfo {
            version: t.version.clone(),
            questions: questions.clone(),
            coherence_question: t.meeting_evaluation.coherence_question.clone(),
            organisations: t.meeting_evaluation.organisations.clone(),
        }],
        meetings: cases
            .iter()
            .enumerate()
            .map(|(i, m)| MeetingData {
                date: NaiveDate::from_ymd_opt(2026, 1, 6).unwrap()
                    + chrono::Duration::weeks(4 * i as i64),
                status: MeetingStatus::Closed,
                template_version: t.version.clone(),
                cases: m
                    .iter()
                    .map(|(att, ans, invited, summary, citizen)| CaseData {
                        citizen: format!("B-{key}{citizen}"),
                        attendance: atts[*att],
                        invited: *invited,
                        evaluated: ans[0] < 4,
                        answers: questions
                            .iter()
                            .zip(ans)
                            .filter(|(_, a)| **a < 4)
                            .map(|(q, a)| (q.key.clone(), q.scale.answers()[*a]))
                            .collect::<BTreeMap<_, _>>(),
                        words: None,
                        agreements: Vec::new(),
                        summary_made: *summary > 0,
                        handed_over_after_days: (*summary > 1).then_some(*summary as i64),
                    })
                    .collect(),
                actors: vec![ActorData {
                    org: Org::Region,
                    coherent: Some(Answer::Yes),
                    effects: None,
                    experiences: None,
                    learning: Some(format!("Læring {key}{i}")),
                }],
            })
            .collect(),
        baseline: None,
    }
}

fn rows<'a>(ds: &[&'a EvalData]) -> Vec<(String, Option<Id>, Vec<CaseIn<'a>>)> {
    ds.iter()
        .map(|d| (d.team.name.clone(), None, held_cases(d)))
        .collect()
}

fn gen_team() -> impl Strategy<Value = Vec<Vec<Gen>>> {
    let case = (
        0usize..4,
        [0usize..5, 0usize..5, 0usize..5, 0usize..5, 0usize..5],
        any::<bool>(),
        0usize..5,
        0usize..6,
    );
    prop::collection::vec(prop::collection::vec(case, 0..8), 0..5)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Two teams side by side: their «Alle teams» counts are the counts of their data merged
    /// into one (true counts, before the small-number rule), every shown number is true,
    /// and the meetings add up.
    #[test]
    fn two_teams_together_equal_the_merged_report(a in gen_team(), b in gen_team()) {
        let (ta, tb) = (team("A", &a), team("B", &b));
        let mut merged = ta.clone();
        merged.team.key = "AB".into();
        // The citizens' keys differ between the teams already ("B-A0" / "B-B0").
        merged.meetings.extend(tb.meetings.clone());
        let qs = teams::series_of(&[&ta, &tb]);
        let side = citizen_counts(&qs, &rows(&[&ta, &tb]));
        let one = citizen_counts(&qs, &rows(&[&merged]));
        prop_assert_eq!(side.len(), one.len());
        for (s, o) in side.iter().zip(&one) {
            prop_assert_eq!(s.value(Pos::Total), o.value(Pos::Total));
            for c in 0..s.width() {
                prop_assert_eq!(s.value(Pos::Col(c)), o.value(Pos::Cell(0, c)));
                prop_assert_eq!(s.value(Pos::Col(c)), s.value(Pos::Cell(0, c)) + s.value(Pos::Cell(1, c)));
            }
        }
        let r = teams_report(&[ta.clone(), tb.clone()], false);
        prop_assert!(r.together);
        let tables: Vec<&crate::report::CountTable> = [&r.attendance, &r.invitations, &r.summaries]
            .into_iter().chain(&r.questions).collect();
        for (t, truth) in tables.iter().zip(&side) {
            for (c, cell) in t.rows[0].cells.iter().enumerate() {
                prop_assert!(cell.value.is_none_or(|v| v == truth.value(Pos::Col(c))));
                prop_assert!(cell.value.is_none_or(|v| !(1..3).contains(&v)));
            }
            for (i, row) in t.rows[1..].iter().enumerate() {
                for (c, cell) in row.cells.iter().enumerate() {
                    prop_assert!(cell.value.is_none_or(|v| v == truth.value(Pos::Cell(i, c))));
                }
            }
        }
        let held = |k: &str| r.figures.iter().find(|f| f.key == k).unwrap().clone();
        let m = held("meetings_held");
        prop_assert_eq!(m.together, (a.len() + b.len()).to_string());
        // The actors by organisation: counts of meetings, the teams' sum.
        if let Some(region) = r.by_organisation.first() {
            prop_assert_eq!(region.rows[0].total.value, Some((a.len() + b.len()) as u32));
        }
    }
}

/// Hand-computed: team A with two meetings, B with one; the together figures and shares.
#[test]
fn the_teams_side_by_side_and_together_by_hand() {
    // A: meeting 1: 3 present (all «Godt», invited, summary handed over after 2, 3, 4 days),
    //    1 absent (invited); meeting 2: 3 virtual (not invited, no evaluation).
    // B: meeting 1: 4 present (answers 4 «Godt»), 1 not registered.
    let p = |d: usize| (0, [0; 5], true, d, 0);
    let a = team(
        "A",
        &[
            vec![
                p(2),
                (0, [0; 5], true, 3, 1),
                (0, [0; 5], true, 4, 2),
                (2, [4; 5], true, 0, 3),
            ],
            vec![
                (1, [4; 5], false, 0, 0),
                (1, [4; 5], false, 0, 1),
                (1, [4; 5], false, 0, 4),
            ],
        ],
    );
    let b = team(
        "B",
        &[vec![p(0), p(0), p(0), p(0), (3, [4; 5], false, 0, 1)]],
    );
    let r = teams_report(&[a, b], false);
    let rows = |t: &crate::report::CountTable| -> Vec<String> {
        t.rows
            .iter()
            .map(|r| {
                let c: Vec<&str> = r.cells.iter().map(|c| c.shown.as_str()).collect();
                format!("{}: {} | {}", r.label, c.join(" "), r.total.shown)
            })
            .collect()
    };
    // Attendance: A [3, 3, 1, 0] = 7, B [4, 0, 0, 1] = 5, together [7, 3, 1, 1] = 12.
    let att = rows(&r.attendance);
    assert_eq!(att[0].split(" | ").last(), Some("12"));
    // Experience among those who took part: A 6 (3 «Godt», 3 without evaluation =
    // «Ikke besvaret»), B 4 («Godt»); together 10: 7 «Godt» = 70,0 %, 3 «Ikke besvaret».
    let exp = &r.questions[0];
    assert_eq!(exp.key, "experience");
    assert_eq!(rows(exp)[0], "Alle teams: 7 0 0 3 0 | 10");
    assert_eq!(exp.rows[0].cells[0].share, "70,0 %");
    // Per team, A's 6 who took part would give its 1 absent away (7 cases − 6): hidden,
    // and then A's 3 «Godt» (alone beside a hidden total), then B's 4 «Godt» in that
    // column (7 shown) and B's total (its only non-zero left).
    assert_eq!(rows(exp)[1], "Team A: skjult 0 0 3 0 | skjult");
    assert_eq!(exp.rows[1].cells[3].share, "", "no share of a hidden total");
    assert_eq!(rows(exp)[2], "Team B: skjult 0 0 0 0 | skjult");
    // Meetings 2 + 1 = 3; citizens A 5 (keys 0-4), B 2 (keys 0 and 1: «skjult»), together
    // 7 (the same key in two teams is two citizens).
    let fig = |k: &str| r.figures.iter().find(|f| f.key == k).unwrap();
    assert_eq!(fig("meetings_held").values, ["2", "1"]);
    assert_eq!(fig("meetings_held").together, "3");
    assert_eq!(fig("citizens").values, ["5", "skjult"]);
    assert_eq!(fig("citizens").together, "7");
    // e-Boks days: A's 2, 3, 4 → median 3,0; B's four summaries handed over after 0 days
    // (`p(0)` makes none: 0 = no summary) → «–»; together only A's three → 3,0.
    assert_eq!(fig("median_days_to_eboks").values, ["3,0", "–"]);
    assert_eq!(fig("median_days_to_eboks").together, "3,0");
    // The region answered «Ja» at each of the 3 meetings.
    assert_eq!(rows(&r.by_organisation[0])[0], "Alle teams: 3 0 0 0 | 3");
    assert_eq!(r.actor_texts.len(), 3);
    // First and latest: only B's key «B-B0» has two or more evaluated cases (four, all
    // «Godt» / «Ja»); A's citizens 0 and 1 were not evaluated at the second meeting.
    assert_eq!(r.course.len(), 1);
    let c = &r.course[0];
    assert_eq!((c.citizen.as_str(), c.cases), ("B-B0", 4));
    assert_eq!((c.first[0].as_str(), c.latest[1].as_str()), ("Godt", "Ja"));
}

#[test]
fn a_file_reads_back_and_a_tampered_newer_or_foreign_file_is_refused() {
    let d = team("A", &[vec![(0, [0; 5], true, 2, 0)]]);
    let bytes = encode(&d).unwrap();
    assert_eq!(decode(&bytes).unwrap(), d);
    // Tampered: one answer changed in the body, the checksum left.
    let text = String::from_utf8(bytes.clone()).unwrap();
    let tampered = text.replacen("\"godt\"", "\"svaert\"", 1);
    assert_ne!(tampered, text);
    let e = decode(tampered.as_bytes()).unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::EvalFileRefused);
    assert!(
        e.message_da().contains("kontrolsummen"),
        "{}",
        e.message_da()
    );
    // Damaged: cut short.
    let e = decode(&bytes[..bytes.len() / 2]).unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::EvalFileRefused);
    // A newer version, its checksum made right: refused as newer, not as damaged.
    let mut newer = d.clone();
    newer.format_version = FORMAT_VERSION + 1;
    let e = decode(&encode(&newer).unwrap()).unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::EvalFileTooNew);
    assert!(e.message_da().contains("nyere version"));
    // Not ours at all.
    let e = decode(br#"{"format":"noget andet","format_version":1}"#).unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::EvalFileRefused);
}

#[test]
fn the_same_team_twice_is_said_and_counted_once() {
    let a = team("A", &[vec![(0, [0; 5], true, 2, 0); 4]]);
    let once = teams_report(std::slice::from_ref(&a), false);
    let twice = teams_report(&[a.clone(), a], false);
    assert!(!twice.together);
    assert_eq!(twice.teams.len(), 1);
    assert_eq!(twice.notices.len(), 1);
    assert!(twice.notices[0].contains("to gange"), "{:?}", twice.notices);
    assert_eq!(twice.attendance, once.attendance);
    assert_eq!(twice.figures, once.figures);
}

/// The exported file, read back from disk: no citizen's name, no CPR number, no free text
/// the chair has not ticked; a ticked text is in it until the text changes.
#[test]
fn the_evaluation_file_holds_no_name_no_cpr_and_no_unticked_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut fx = Fx::builder()
        .citizens(3)
        .consent_from("2026-01-01")
        .now(at("2026-05-01T08:00:00Z"))
        .build();
    let (m, cases) = fx.meeting_with_cases("2026-06-01");
    fx.core.start_meeting(m.id).unwrap();
    let words = [
        "Mikkel sagde at Camilla hjalp ham",
        "Det var godt at være med",
    ];
    for (k, text) in cases.iter().zip(words) {
        let mut c = fx.core.case(*k).unwrap();
        c.citizen_attendance = Some(Attendance::Present);
        fx.core
            .store_mut()
            .write(|tx| {
                store::upsert_case(tx, &c)?;
                store::upsert_citizen_evaluation(
                    tx,
                    &CitizenEvaluation::new(
                        *k,
                        &[
                            (question::INVOLVED, Answer::Yes),
                            (question::OWNERSHIP, Answer::Yes),
                            (question::COMMON_GOALS, Answer::Yes),
                            (question::EXPERIENCE, Answer::Good),
                            (question::COHERENCE, Answer::Partly),
                        ],
                        text,
                        at("2026-06-01T11:00:00Z"),
                    ),
                )
            })
            .unwrap();
    }
    for (org, learning) in [
        (Org::Kommune, "Tal med Ahmad Haddad"),
        (Org::Region, "Send epikrisen før"),
    ] {
        let input = MeetingEvalInput {
            org: Some(org),
            learning: learning.into(),
            coherent: Some(Answer::Yes),
            ..MeetingEvalInput::default()
        };
        fx.core.save_meeting_evaluation(m.id, &input).unwrap();
    }
    fx.core.close_meeting(m.id).unwrap();
    // The chair ticks the second citizen's words and the region's learning point.
    fx.core
        .set_eval_text_cleared(cases[1], EVAL_COMMENT_NOTE, true)
        .unwrap();
    fx.core
        .set_eval_text_cleared(m.id, &Org::Region.note_key("learning"), true)
        .unwrap();
    let texts = fx.core.eval_texts("2026-05-01", "2026-07-31").unwrap();
    let ticked: Vec<bool> = texts.iter().map(|t| t.ticked).collect();
    assert_eq!(ticked, [false, true, false, true]);

    let path = fx
        .core
        .export_eval_data("2026-05-01", "2026-07-31", dir.path())
        .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    for name in [
        "Mikkel",
        "Sørensen",
        "Camilla",
        "Nørgaard",
        "Ahmad",
        "Haddad",
    ] {
        assert!(!text.contains(name), "{name} in the file");
    }
    for cpr in crate::testing::CPRS {
        assert!(!text.contains(cpr) && !text.contains(&cpr.replace('-', "")));
        assert!(!text.contains(&cpr[..6]), "a CPR's date in the file");
    }
    assert!(text.contains("Det var godt at være med"));
    assert!(text.contains("Send epikrisen før"));
    assert!(!text.contains("Tal med"));
    let d = decode(&bytes).unwrap();
    assert_eq!(d.texts_left_out, 2);
    assert_eq!(d.free_text, FREE_TEXT_RULE);
    assert_eq!(
        d.team.municipality,
        fx.core.require_team().unwrap().municipality
    );
    assert!(d.meetings[0]
        .cases
        .iter()
        .all(|k| k.citizen.starts_with("B-")));
    assert_eq!(d.meetings[0].cases[0].answers["coherence"], Answer::Partly);

    // The ticked words changed after the tick: no longer ticked, not in the next file.
    let k = cases[1];
    fx.core
        .store_mut()
        .write(|tx| {
            let mut e = store::get_citizen_evaluation(tx, k)?.unwrap();
            e.comment = "Det var godt at være med, sagde Mikkel".into();
            store::upsert_citizen_evaluation(tx, &e)
        })
        .unwrap();
    let path = fx
        .core
        .export_eval_data("2026-05-01", "2026-07-31", dir.path())
        .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("Mikkel") && !text.contains("Det var godt"));
}

#[test]
fn the_csv_files_open_as_danish_excel_expects_and_hold_no_name() {
    let mut fx = Fx::builder()
        .citizens(5)
        .consent_from("2026-01-01")
        .now(at("2026-05-01T08:00:00Z"))
        .build();
    let (a, ka) = fx.meeting_with_cases("2026-06-01");
    let b = fx.meeting("2026-06-29");
    fx.case(&b, 0);
    fx.agreement(ka[0], "Søge bolig", None, None);
    fx.core.start_meeting(a.id).unwrap();
    answer(&mut fx, ka[0], P, Some([Answer::Yes; 3]));
    fx.core.close_meeting(a.id).unwrap();
    fx.core.start_meeting(b.id).unwrap();
    fx.core.close_meeting(b.id).unwrap();
    let cases = cases_csv(&mut fx.core, "2026-05-01", "2026-07-31").unwrap();
    let (header, rows) = read(&cases);
    assert_eq!(
        header[..5],
        ["Team", "Kommune", "Mødedato", "Borgernøgle", "Fremmøde"]
    );
    assert_eq!(rows.len(), 6);
    assert_eq!(rows[0][2], "2026-06-01");
    assert!(rows[0][3].starts_with("B-") && rows[0][3].len() == 12);
    assert_eq!(
        rows[0][4..12],
        [
            "Til stede",
            "Nej",
            "Ikke besvaret",
            "Ja",
            "Ja",
            "Ja",
            "Ikke besvaret",
            "1"
        ]
    );
    assert_eq!(rows[1][11], "0");
    // The same citizen has the same key in both meetings; keys are stored.
    assert_eq!(rows[0][3], rows[5][3]);
    let again = read(&cases_csv(&mut fx.core, "2026-05-01", "2026-07-31").unwrap()).1;
    assert_eq!(again[0][3], rows[0][3]);
    let meetings = meetings_csv(&mut fx.core, "2026-05-01", "2026-07-31").unwrap();
    let (header, rows) = read(&meetings);
    assert_eq!(header[5], "Til stede");
    assert_eq!(rows.len(), 2);
    // A: 1 present, 4 not registered; B: 1 case. The 1s hide, and so do A's 4 and A's 5
    // cases (else 5 − 1 and 6 − 1 would give them away).
    assert_eq!(rows[0][2..6], ["2026-06-01", "Afholdt", "", ""]);
    assert_eq!(rows[0][8], "");
    assert_eq!(rows[1][2..6], ["2026-06-29", "Afholdt", "", "0"]);
    assert!(rows[0][40].starts_with("Sager, Til stede, Ikke registreret"));
    for text in [&cases, &meetings] {
        let text = String::from_utf8_lossy(text);
        for name in [
            "Mikkel",
            "Sørensen",
            "Camilla",
            "Nørgaard",
            "Ahmad",
            "Haddad",
            "Borger3",
            "Hansen",
        ] {
            assert!(!text.contains(name), "{name} in {text}");
        }
        for cpr in crate::testing::CPRS {
            assert!(!text.contains(cpr) && !text.contains(&cpr.replace('-', "")));
        }
    }
}

#[test]
fn cells_a_spreadsheet_would_run_are_neutralised() {
    for (raw, out) in [
        ("=1+1", "'=1+1"),
        ("+4", "'+4"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("ok", "ok"),
    ] {
        assert_eq!(csv::cell(raw), out);
    }
}

proptest! {
    /// Whatever the citizens are called and whatever their CPR numbers, neither is in the
    /// per-case CSV.
    #[test]
    fn no_name_or_cpr_in_the_csv(names in prop::collection::vec("[A-ZÆØÅ][a-zæøå]{3,10}", 3)) {
        let cprs = ["010170-1011", "120385-1117", "250179-1231"];
        let mut fx = Fx::builder().cprs(&cprs).consent_from("2026-01-01")
            .now(at("2026-05-01T08:00:00Z")).build();
        for (i, id) in fx.citizens.clone().iter().enumerate() {
            let mut c = fx.core.citizen(*id).unwrap();
            c.first_name = names[i].clone();
            fx.core.store_mut().write(|tx| crate::store::upsert_citizen(tx, &c)).unwrap();
        }
        let (m, _) = fx.meeting_with_cases("2026-06-01");
        fx.core.start_meeting(m.id).unwrap();
        fx.core.close_meeting(m.id).unwrap();
        let bytes = cases_csv(&mut fx.core, "2026-05-01", "2026-07-31").unwrap();
        let text = String::from_utf8_lossy(&bytes);
        prop_assert!(text.lines().count() == 4, "{}", text);
        prop_assert!(text.starts_with("\u{feff}Team;Kommune;"), "{}", text);
        for (i, name) in names.iter().enumerate() {
            prop_assert!(!text.contains(name.as_str()), "{} in {}", name, text);
            prop_assert!(!text.contains(cprs[i]) && !text.contains(&cprs[i].replace('-', "")));
            prop_assert!(!text.contains(&cprs[i][..6]));
        }
    }
}

/// The demo data beside a second demo team's (Ringkøbing-Skjern), merged: prints the key
/// figures and writes the second team's file and the merged report's PDF to
/// `$FAELLES_DEMO_OUT` (for the closing note; `cargo test -p faelles-core --lib
/// two_demo_teams -- --ignored --nocapture`).
#[test]
#[ignore]
fn two_demo_teams_merged() {
    let out = std::path::PathBuf::from(std::env::var("FAELLES_DEMO_OUT").unwrap_or("/tmp".into()));
    let (mut a, _) = Fx::builder().now(at("2026-11-10T09:00:00Z")).core();
    crate::demo::load(&mut a).unwrap();
    let (mut b, _) = Fx::builder().now(at("2026-11-10T09:00:00Z")).core();
    crate::demo::load_team(
        &mut b,
        "Fælles Team Ringkøbing-Skjern",
        "Ringkøbing-Skjern Kommune",
    )
    .unwrap();
    for core in [&mut a, &mut b] {
        core.set_trial_period("2026-06-01", "2026-11-30").unwrap();
        let texts = core.eval_texts("2026-06-01", "2026-11-30").unwrap();
        for t in texts.iter().filter(|t| t.note_key.ends_with("learning")) {
            core.set_eval_text_cleared(t.owner_id, &t.note_key, true)
                .unwrap();
        }
    }
    b.save_baseline(Some(store::Baseline {
        period_from: "2025-06-01".into(),
        period_to: "2025-11-30".into(),
        meetings_held: Some(6),
        cases: Some(20),
        citizens: Some(9),
        attended: Some(8),
        absent: Some(12),
        note: "Mødereferater fra det tidligere set-up".into(),
        ..Default::default()
    }))
    .unwrap();
    let file = b
        .export_eval_data("2026-06-01", "2026-11-30", &out)
        .unwrap();
    println!(
        "file: {file} ({} bytes)",
        std::fs::metadata(&file).unwrap().len()
    );
    let text = std::fs::read_to_string(&file).unwrap();
    let r = a
        .teams_report("2026-06-01", "2026-11-30", std::slice::from_ref(&text))
        .unwrap();
    let heads: Vec<String> = r.teams.iter().map(|t| t.name.clone()).collect();
    println!("| Tal | {} | Alle teams |", heads.join(" | "));
    for f in &r.figures {
        println!(
            "| {} | {} | {} |",
            f.label,
            f.values.join(" | "),
            f.together
        );
    }
    let line = |t: &crate::report::CountTable| {
        for row in t.rows.iter().skip(1).chain(t.rows.first()) {
            let c: Vec<String> = row
                .cells
                .iter()
                .map(|c| {
                    if c.share.is_empty() {
                        c.shown.clone()
                    } else {
                        format!("{} ({})", c.shown, c.share)
                    }
                })
                .collect();
            println!(
                "| {} – {} | {} | {} |",
                t.title,
                row.label,
                c.join(" | "),
                row.total.shown
            );
        }
    };
    line(&r.attendance);
    for q in &r.questions {
        line(q);
    }
    line(&r.invitations);
    line(&r.summaries);
    for o in &r.by_organisation {
        line(o);
    }
    for b in &r.baseline {
        println!("| {} | {:?} |", b.label, b.values);
    }
    println!(
        "notices: {:?}; texts {}; words {}; course {}",
        r.notices,
        r.actor_texts.len(),
        r.words.len(),
        r.course.len()
    );
    let pdf = a
        .export_report_pdf("2026-06-01", "2026-11-30", &[text], &out)
        .unwrap();
    println!("pdf: {pdf}");
}
