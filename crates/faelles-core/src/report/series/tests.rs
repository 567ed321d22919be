//! The report across two versions of the team's template: a question reworded (one series,
//! its counts add up over both), one on a new scale (two series, each counted only in its
//! own meetings) and a new question (its own series; the older meeting «Ikke stillet»), in
//! the view, the working group's report, the CSV files, the PDF and the evaluation file.

use crate::domain::*;
use crate::export::{cases_csv, meetings_csv};
use crate::report::data::{decode, encode};
use crate::report::suppress::Pos;
use crate::report::teams::{citizen_counts, held_cases, series_of, teams_report};
use crate::report::tests::read;
use crate::templates::EvalQuestion;
use crate::testing::{at, Fx};
use Answer::*;

const FROM: &str = "2026-01-01";
const TO: &str = "2026-12-31";

/// Meeting 1 (3 February 2026) with the bundled template, meeting 2 (3 March) with the
/// team's version 2: «involved» reworded, «experience» from Godt/Blandet/Svært to
/// Ja/Delvist/Nej, «tryghed» new. Four citizens present at each; their answers:
/// - meeting 1: experience Godt, Godt, Godt, Svært; involved Ja, Ja, Ja, Nej.
/// - meeting 2: experience Ja ×4; involved Ja ×4; tryghed Delvist ×3, one not answered.
fn two_versions() -> (Fx, String) {
    let mut fx = Fx::builder()
        .citizens(4)
        .consent_from("2026-01-01")
        .now(at("2026-01-05T08:00:00Z"))
        .build();
    let first = fx.meeting("2026-02-03");
    let k1: Vec<Id> = (0..4).map(|i| fx.case(&first, i)).collect();

    let mut t = fx.core.template().clone();
    for q in &mut t.citizen_evaluation {
        match q.key.as_str() {
            question::INVOLVED => q.question = "Følte du dig inddraget i dag?".into(),
            question::EXPERIENCE => q.scale = Scale::YesPartlyNo,
            _ => {}
        }
    }
    t.citizen_evaluation.push(EvalQuestion {
        key: "tryghed".into(),
        question: "Føler du dig tryg ved planen?".into(),
        scale: Scale::YesPartlyNo,
    });
    let v2 = fx
        .core
        .save_template_version(&t, "Ny skala, nyt spørgsmål", "Lars")
        .unwrap()
        .row
        .id;
    let second = fx.meeting("2026-03-03");
    assert_eq!(second.template_version, v2);
    let k2: Vec<Id> = (0..4).map(|i| fx.case(&second, i)).collect();

    let mut hold = |m: &Meeting, answers: &[(Id, Vec<(&str, Answer)>)]| {
        fx.core.start_meeting(m.id).unwrap();
        for (case, list) in answers {
            fx.core
                .set_citizen_attendance(*case, Some(Attendance::Present))
                .unwrap();
            for (key, a) in list {
                fx.core.set_citizen_answer(*case, key, *a).unwrap();
            }
        }
        fx.core.close_meeting(m.id).unwrap();
    };
    let (e, i) = (question::EXPERIENCE, question::INVOLVED);
    hold(
        &first,
        &[
            (k1[0], vec![(e, Good), (i, Yes)]),
            (k1[1], vec![(e, Good), (i, Yes)]),
            (k1[2], vec![(e, Good), (i, Yes)]),
            (k1[3], vec![(e, Hard), (i, No)]),
        ],
    );
    hold(
        &second,
        &[
            (k2[0], vec![(e, Yes), (i, Yes), ("tryghed", Partly)]),
            (k2[1], vec![(e, Yes), (i, Yes), ("tryghed", Partly)]),
            (k2[2], vec![(e, Yes), (i, Yes), ("tryghed", Partly)]),
            (k2[3], vec![(e, Yes), (i, Yes)]),
        ],
    );
    (fx, v2)
}

#[test]
fn a_question_is_followed_by_its_key_and_scale_across_the_template_s_versions() {
    let (mut fx, v2) = two_versions();
    let data = fx.core.eval_data(FROM, TO, true).unwrap();
    // The team's saved version is in the data with its own questions.
    let saved = data.template(&v2).expect("the saved version in the data");
    assert!(saved.questions.iter().any(|q| q.key == "tryghed"));
    assert_eq!(data.templates.len(), 2);

    let series = series_of(&[&data]);
    let keys: Vec<&str> = series.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "experience",
            "experience:ja_delvist_nej",
            "involved",
            "ownership",
            "common_goals",
            "coherence",
            "tryghed"
        ]
    );
    let label = |k: &str| series.iter().find(|s| s.key == k).unwrap().label.clone();
    assert_eq!(
        label("experience"),
        "Hvordan har det været at være med på mødet i dag?"
    );
    assert_eq!(
        label("experience:ja_delvist_nej"),
        "Hvordan har det været at være med på mødet i dag? (ny svarskala fra 3. marts 2026)"
    );
    assert_eq!(
        label("involved"),
        "Følte du dig inddraget i dag? (formuleringen ændret 3. marts 2026)"
    );
    assert_eq!(
        label("tryghed"),
        "Føler du dig tryg ved planen? (nyt spørgsmål fra 3. marts 2026)"
    );
    assert_eq!(label("ownership"), "Oplever du, at det er dit forløb?");

    // True counts per meeting: the scale's three, «Ikke besvaret», «Ikke stillet».
    let rows: Vec<_> = data
        .meetings
        .iter()
        .map(|m| {
            let mut one = data.clone();
            one.meetings = vec![m.clone()];
            one
        })
        .collect();
    let cases: Vec<_> = rows
        .iter()
        .map(|d| (d.meetings[0].date.to_string(), None, held_cases(d)))
        .collect();
    let counts = citizen_counts(&series, &cases);
    let row = |k: &str, r: usize| {
        let i = 3 + series.iter().position(|s| s.key == k).unwrap();
        (0..5)
            .map(|c| counts[i].value(Pos::Cell(r, c)))
            .collect::<Vec<_>>()
    };
    // Reworded: one series, both meetings counted in it.
    assert_eq!(row("involved", 0), [3, 0, 1, 0, 0]);
    assert_eq!(row("involved", 1), [4, 0, 0, 0, 0]);
    // A new scale: each series counts only its own meetings.
    assert_eq!(row("experience", 0), [3, 0, 1, 0, 0]);
    assert_eq!(row("experience", 1), [0, 0, 0, 0, 4]);
    assert_eq!(row("experience:ja_delvist_nej", 0), [0, 0, 0, 0, 4]);
    assert_eq!(row("experience:ja_delvist_nej", 1), [4, 0, 0, 0, 0]);
    // A new key: not asked before.
    assert_eq!(row("tryghed", 0), [0, 0, 0, 0, 4]);
    assert_eq!(row("tryghed", 1), [0, 3, 0, 1, 0]);

    // The view: a table per series, titled with its label; its total row is both meetings
    // (as shown: a small count hidden, every shown one true).
    let r = fx.core.report(FROM, TO).unwrap();
    let titles: Vec<&str> = r.questions.iter().map(|q| q.title.as_str()).collect();
    let labels: Vec<&str> = series.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(titles, labels);
    let involved = r.questions.iter().find(|q| q.key == "involved").unwrap();
    for (cell, truth) in involved.rows[0].cells.iter().zip([7, 0, 1, 0, 0]) {
        assert!(cell.value.is_none_or(|v| v == truth), "{cell:?}");
    }
    assert_eq!(involved.rows[0].total.value, Some(8));
    let new_scale = &r.questions[1];
    assert_eq!(new_scale.columns[..3], ["Ja", "Delvist", "Nej"]);
    assert_eq!(r.questions[0].columns[..3], ["Godt", "Blandet", "Svært"]);

    // The working group's report of the same data, and of the file read back.
    let heads = |qs: &[crate::report::CountTable]| {
        qs.iter()
            .map(|q| (q.key.clone(), q.title.clone(), q.columns.clone()))
            .collect::<Vec<_>>()
    };
    let own = teams_report(std::slice::from_ref(&data), true);
    assert_eq!(heads(&own.questions), heads(&r.questions));
    assert_eq!(
        own.course_questions,
        [
            "Oplevelse (Godt/Blandet/Svært)",
            "Oplevelse (Ja/Delvist/Nej)",
            "Inddraget",
            "Eget forløb",
            "Fælles mål",
            "Sammenhæng",
            "Føler du dig tryg ved planen"
        ]
    );
    // Each citizen's first and latest answers: a series their meeting did not ask is «–».
    let c = &own.course[0];
    assert_eq!(c.first[..3], ["Godt", "–", "Ja"]);
    assert_eq!(c.latest[..3], ["–", "Ja", "Ja"]);
    let file = fx.core.eval_data(FROM, TO, false).unwrap();
    let back = decode(&encode(&file).unwrap()).unwrap();
    assert_eq!(back, file);
    assert_eq!(
        teams_report(&[back], false).questions,
        teams_report(&[file], false).questions
    );

    // The CSV files: a column per series.
    let (header, body) = read(&cases_csv(&mut fx.core, FROM, TO).unwrap());
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (old, new, tryg) = (
        col("Oplevelse (Godt/Blandet/Svært)"),
        col("Oplevelse (Ja/Delvist/Nej)"),
        col("Føler du dig tryg ved planen"),
    );
    assert_eq!(body.len(), 8);
    assert_eq!(
        [&body[0][old], &body[0][new], &body[0][tryg]],
        ["Godt", "Ikke stillet", "Ikke stillet"]
    );
    assert_eq!(
        [&body[4][old], &body[4][new], &body[4][tryg]],
        ["Ikke stillet", "Ja", "Delvist"]
    );
    assert_eq!(body[7][tryg], "Ikke besvaret");
    let (header, _) = read(&meetings_csv(&mut fx.core, FROM, TO).unwrap());
    assert!(header.contains(&"Oplevelse (Ja/Delvist/Nej): Ikke stillet".to_string()));
    assert!(header.contains(&"Føler du dig tryg ved planen: Delvist".to_string()));

    // The PDF: each series under its label.
    let doc = fx.core.report_document(FROM, TO, &[]).unwrap();
    let headings: Vec<&str> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            faelles_pdf::Block::Heading(h) => Some(h.as_str()),
            _ => None,
        })
        .collect();
    for s in &series {
        assert!(headings.contains(&s.label.as_str()), "{}", s.label);
    }
}

#[test]
fn an_empty_range_has_the_tables_of_the_team_s_newest_version() {
    let (fx, _) = two_versions();
    let r = fx.core.report("2027-01-01", "2027-02-01").unwrap();
    let keys: Vec<&str> = r.questions.iter().map(|q| q.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "experience",
            "involved",
            "ownership",
            "common_goals",
            "coherence",
            "tryghed"
        ]
    );
    assert_eq!(r.questions[0].columns[..3], ["Ja", "Delvist", "Nej"]);
    // No meeting: nothing new to say.
    assert_eq!(r.questions[5].title, "Føler du dig tryg ved planen?");
}
