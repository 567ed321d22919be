//! The keystroke path of the case editor, measured the way the app does it.
//!
//! A realistic case: 10 KB of text in each of the 9 sections, 5 agreements, a team with a
//! year of meetings. The store is the durable file store (WAL, synchronous=FULL: every commit
//! is fsynced) in a temp dir (`FAELLES_BENCH_DIR` to choose the disk).
//!
//! - (a) `save_section` + `projection::for_case`: one keystroke saved and shown on the screen
//! - (b) `projection::for_case` alone: what the citizen screen waits for
//! - (c) `save_section` alone: the durable commit
//! - (d) `save_section` + `projection::for_case` on an in-memory store (no disk), for reference
//! - (e) one keystroke as the app sends it now: `Core::edit_note` on the draft + forwarding it
//!   (the same splice on the text the screen shows, and the event's JSON), on sections of
//!   1 000, 10 000 and 100 000 characters: its cost should not grow with the length
//!
//! Run: `cargo bench -p faelles-core --bench notes`

use chrono::{Duration, Utc};
use faelles_core::citizens::{CitizenInput, ConsentInput};
use faelles_core::domain::NoteRef;
use faelles_core::domain::{Due, Id, Who};
use faelles_core::drafts::NoteEdit;
use faelles_core::projection::TextEdit;
use faelles_core::projection::{self, ScreenView};
use faelles_core::run::AgreementInput;
use faelles_core::store::Store;
use faelles_core::team::{MemberInput, TeamInput};
use faelles_core::utf16;
use faelles_core::Core;
use std::hint::black_box;
use std::time::Instant;

const ITERATIONS: usize = 2_000;
const WARMUP: usize = 50;
const SECTION_BYTES: usize = 10 * 1024;

fn section_text(key: &str) -> String {
    let sentence = format!(
        "{key}: Borgeren fortæller, at det går bedre med søvnen, og at hverdagen er mere stabil. \
         Vi aftaler at følge op på medicinen og på kontakten til jobcentret – også økonomien. "
    );
    let mut s = String::with_capacity(SECTION_BYTES + sentence.len());
    while s.len() < SECTION_BYTES {
        s.push_str(&sentence);
    }
    while s.len() > SECTION_BYTES {
        s.pop();
    }
    s
}

/// A team, a citizen with consent, a year of meetings and one case filled in.
fn realistic_case(core: &mut Core) -> (Id, Vec<(String, String, i64)>) {
    core.setup_team(&TeamInput {
        name: "Fælles Team Vest".into(),
        municipality: "Holstebro Kommune".into(),
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
            coordinator: *role == "rusmiddelbehandlingen",
            ..Default::default()
        })
        .collect(),
        ..Default::default()
    })
    .expect("team");
    let today = core.today();
    let citizen = core
        .save_citizen(&CitizenInput {
            first_name: "Mikkel".into(),
            last_name: "Sørensen".into(),
            cpr: "120385-1117".into(),
            active: true,
            consent: Some(ConsentInput {
                given_on: (today - Duration::days(30)).format("%Y-%m-%d").to_string(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .expect("citizen");
    let first = (today + Duration::days(1)).format("%Y-%m-%d").to_string();
    let meetings = core.plan_series(&first, "13:00", 13, 4).expect("series");
    let case = core.add_case(meetings[0].id, citizen.id).expect("case").id;
    let members = core.participants().expect("participants");
    for i in 0..5 {
        core.save_agreement(
            case,
            &AgreementInput {
                id: None,
                what: format!("Aftale nummer {} om bolig, medicin og økonomi", i + 1),
                who: Some(Who::Participant {
                    id: members[i % members.len()].id,
                }),
                due: Some(if i % 2 == 0 {
                    Due::NextMeeting
                } else {
                    Due::Date {
                        date: today + Duration::days(20),
                    }
                }),
            },
        )
        .expect("agreement");
    }
    let mut sections = Vec::new();
    for s in &core.template().sections {
        let text = section_text(&s.key);
        let rev = core.save_section(case, &s.key, &text, 0).expect("section");
        sections.push((s.key.clone(), text, rev));
    }
    (case, sections)
}

/// One keystroke: a character appended to (or removed from) the end of a section.
fn keystroke(core: &mut Core, case: Id, sections: &mut [(String, String, i64)], i: usize) -> i64 {
    let (key, text, rev) = &mut sections[i % sections.len()];
    if i % 7 == 6 {
        text.pop();
    } else {
        text.push(['æ', 'ø', ' ', 'å', 'e'][i % 5]);
    }
    *rev = core.save_section(case, key, text, *rev).expect("save");
    *rev
}

fn report(name: &str, mut ms: Vec<f64>) {
    ms.sort_by(|a, b| a.partial_cmp(b).expect("no NaN"));
    let q = |p: f64| ms[((ms.len() as f64 * p).ceil() as usize).clamp(1, ms.len()) - 1];
    println!(
        "{name:<44} n={:<5} p50={:>8.4} ms  p95={:>8.4} ms  p99={:>8.4} ms  max={:>8.4} ms",
        ms.len(),
        q(0.50),
        q(0.95),
        q(0.99),
        ms[ms.len() - 1]
    );
}

fn measure(mut f: impl FnMut(usize)) -> Vec<f64> {
    for i in 0..WARMUP {
        f(i);
    }
    (WARMUP..WARMUP + ITERATIONS)
        .map(|i| {
            let t = Instant::now();
            f(i);
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect()
}

fn check_projection(core: &Core, case: Id) {
    match projection::for_case(core, case).expect("projection") {
        ScreenView::Case(c) => {
            assert_eq!(c.sections.len(), 9);
            assert!(c.sections.iter().all(|s| s.text.len() >= SECTION_BYTES - 8));
            assert_eq!(c.agreements.len(), 5);
        }
        other => panic!("unexpected view {other:?}"),
    }
}

fn main() {
    let dir = match std::env::var_os("FAELLES_BENCH_DIR") {
        Some(d) => tempfile::tempdir_in(d),
        None => tempfile::tempdir(),
    }
    .expect("temp dir");
    let mut core = Core::new(
        Store::open_in_dir(dir.path()).expect("store"),
        Box::new(Utc::now),
    );
    let (case, mut sections) = realistic_case(&mut core);
    check_projection(&core, case);
    println!(
        "notes bench: 9 sections x {} KB, 5 agreements, {} iterations; file store in {}",
        SECTION_BYTES / 1024,
        ITERATIONS,
        dir.path().display()
    );

    let a = measure(|i| {
        keystroke(&mut core, case, &mut sections, i);
        black_box(projection::for_case(&core, case).expect("projection"));
    });
    report("(a) save_section + for_case (file, fsync)", a);

    let b = measure(|_| {
        black_box(projection::for_case(&core, case).expect("projection"));
    });
    report("(b) for_case alone", b);

    let c = measure(|i| {
        black_box(keystroke(&mut core, case, &mut sections, i));
    });
    report("(c) save_section alone (file, fsync)", c);
    check_projection(&core, case);

    let mut mem = Core::new(Store::open_in_memory().expect("store"), Box::new(Utc::now));
    let (mcase, mut msections) = realistic_case(&mut mem);
    let d = measure(|i| {
        keystroke(&mut mem, mcase, &mut msections, i);
        black_box(projection::for_case(&mem, mcase).expect("projection"));
    });
    report("(d) save_section + for_case (in memory)", d);

    // (e) A keystroke as an edit, typed at the end of sections of growing length, and the
    // occasional correction (a backspace) — as `AppState::edit` does: the core's draft, then
    // the text the screen shows and the event's payload.
    for chars in [1_000, 10_000, 100_000] {
        let note = NoteRef::section(mcase, "psykiatri");
        let start: String = section_text("psykiatri")
            .chars()
            .cycle()
            .take(chars)
            .collect();
        let rev = mem.note_state(&note).expect("note").revision;
        mem.preview_note(&note, &start, rev).expect("preview");
        let mut shown = start.clone();
        let mut len = utf16::len(&start);
        let e = measure(|i| {
            let edit = if i % 7 == 6 {
                NoteEdit {
                    at: len - 1,
                    del: 1,
                    ins: String::new(),
                    len: len - 1,
                }
            } else {
                NoteEdit {
                    at: len,
                    del: 0,
                    ins: ["æ", "ø", " ", "å", "e"][i % 5].into(),
                    len: len + 1,
                }
            };
            mem.edit_note(&note, &edit).expect("edit");
            let old = len;
            len = utf16::splice(&mut shown, old, edit.at, edit.del, &edit.ins).expect("forward");
            let payload = TextEdit {
                key: "psykiatri".into(),
                at: edit.at,
                del: edit.del,
                ins: edit.ins,
                len,
            };
            black_box(serde_json::to_string(&payload).expect("json"));
        });
        assert_eq!(mem.draft(mcase, "psykiatri"), Some(shown.as_str()));
        report(&format!("(e) edit + forward, {chars} characters"), e);
    }
}
