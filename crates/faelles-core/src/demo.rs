//! The fictional demo data set: one team with its fixed members, 8 citizens (one without
//! consent, one who withdrew it), 3 held meetings with notes, agreements and evaluations, and
//! one upcoming meeting; a year of themes. Dates are relative to the clock, so the demo always
//! looks current. All people and numbers are invented.

use crate::calendar;
use crate::core::Core;
use crate::cpr::Cpr;
use crate::domain::*;
use crate::error::{CoreError, Result};
use crate::store;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};

const THEMES: [&str; 13] = [
    "Samtykke og deling af oplysninger",
    "Udskrivning fra psykiatrisk afdeling",
    "Abstinenser og medicin",
    "Bolig og hjemløshed",
    "Inddragelse af pårørende",
    "Overgange mellem sektorer",
    "Udeblivelser fra behandling",
    "Beskæftigelse og mental sundhed",
    "Kriseplaner og akutte situationer",
    "Midlertidige psykiatriske omsorgspladser",
    "Recovery og håb",
    "Netværksmøder i praksis",
    "Årets evaluering og næste års årshjul",
];

struct DemoCitizen {
    first: &'static str,
    last: &'static str,
    screen: Option<&'static str>,
    cpr: &'static str,
}

const CITIZENS: [DemoCitizen; 8] = [
    DemoCitizen {
        first: "Mikkel",
        last: "Sørensen",
        screen: None,
        cpr: "120385-1117",
    },
    DemoCitizen {
        first: "Camilla",
        last: "Nørgaard",
        screen: Some("Milla"),
        cpr: "030792-2048",
    },
    DemoCitizen {
        first: "Ahmad",
        last: "Haddad",
        screen: None,
        cpr: "250179-1231",
    },
    DemoCitizen {
        first: "Louise",
        last: "Frost",
        screen: None,
        cpr: "141098-2164",
    },
    DemoCitizen {
        first: "Thomas",
        last: "Ravn",
        screen: None,
        cpr: "010170-1011",
    },
    DemoCitizen {
        first: "Emma",
        last: "Kirk",
        screen: None,
        cpr: "220501-4092",
    },
    // No consent on record.
    DemoCitizen {
        first: "Sofie",
        last: "Dahl",
        screen: None,
        cpr: "090988-2006",
    },
    // Consent withdrawn.
    DemoCitizen {
        first: "Niels",
        last: "Bak",
        screen: None,
        cpr: "171265-1055",
    },
];

/// Section notes of a demo case (key, text).
type Notes = &'static [(&'static str, &'static str)];

const NOTES_A: Notes = &[
    ("vigtigste", "At få ro på i lejligheden og komme ud af gælden. Mikkel vil gerne kunne se sin datter hver anden weekend."),
    ("siden_sidst", "Har været stabil de sidste uger. Var til to ud af tre samtaler i rusmiddelbehandlingen."),
    ("psykiatri", "Fortsætter med depotmedicin. Næste kontrol i klinikken om fire uger."),
    ("rusmiddel", "Har nedsat forbruget af hash. Ønsker at arbejde videre med trangen om aftenen."),
    ("bolig_hverdag", "Bor i egen lejlighed. Bostøtte to gange om ugen. Vil gerne have hjælp til at handle ind."),
    ("beskaeftigelse_oekonomi", "Modtager kontanthjælp. Der er restance på husleje."),
    ("netvaerk", "Kontakt til mor og søster. Datteren bor hos sin mor."),
    ("aftaler", "Se aftalerne herunder."),
    ("naeste_skridt", "Vi ses igen på næste møde. Indtil da kontakt til Lars ved behov."),
];

const NOTES_B: Notes = &[
    (
        "vigtigste",
        "At blive i egen bolig og have faste rammer i hverdagen.",
    ),
    (
        "siden_sidst",
        "Har haft en svær periode med to akutte henvendelser.",
    ),
    ("psykiatri", "Medicinen er justeret. Sover bedre."),
    (
        "rusmiddel",
        "Drikker mindre i hverdagen, men ikke i weekenden.",
    ),
    ("bolig_hverdag", "Har fået hjælp til rengøring."),
    (
        "beskaeftigelse_oekonomi",
        "Sygemeldt. Samtale med jobcentret er aflyst og flyttes.",
    ),
    ("netvaerk", "Har en veninde, der kommer forbi."),
    ("aftaler", "Se aftalerne herunder."),
    ("naeste_skridt", "Opfølgning på næste møde."),
];

pub fn load(core: &mut Core) -> Result<()> {
    load_team(core, "Fælles Team Vest", "Holstebro Kommune")
}

/// The demo data set under another team's name and municipality (a second demo team for
/// the working group's report across teams).
pub fn load_team(core: &mut Core, name: &str, municipality: &str) -> Result<()> {
    if core.team()?.is_some() {
        return Err(CoreError::AlreadySetUp);
    }
    let now = core.now();
    let today = core.today();
    let t = core.template();
    let team_id = new_id();
    let mut team = Team {
        id: team_id,
        name: name.into(),
        municipality: municipality.into(),
        region_partner: "Regionspsykiatrien Vest".into(),
        chair_id: None,
        coordinator_id: None,
        created_at: now,
    };
    let p = |role: &str,
             name: &str,
             org: &str,
             title: &str,
             phone: Option<&str>,
             email: Option<&str>,
             fixed: bool| Participant {
        id: new_id(),
        team_id,
        fixed,
        role: role.into(),
        name: name.into(),
        organisation: org.into(),
        title: title.into(),
        phone: phone.map(Into::into),
        email: email.map(Into::into),
        active: true,
    };
    let members = vec![
        p(
            "moedeleder",
            "Hanne Kjær",
            "Holstebro Kommune",
            "Afdelingsleder",
            Some("96 11 40 00"),
            Some("hanne.kjaer@example.dk"),
            true,
        ),
        p(
            "rusmiddelbehandlingen",
            "Lars Bundgaard",
            "Rusmiddelcenter Holstebro",
            "Behandler",
            Some("96 11 22 33"),
            Some("lars.bundgaard@example.dk"),
            true,
        ),
        p(
            "klinik_rusmiddelpsykiatri",
            "Mette Vestergaard",
            "Regionspsykiatrien Vest",
            "Overlæge",
            None,
            Some("mette.vestergaard@example.dk"),
            true,
        ),
        p(
            "visitator",
            "Søren Mikkelsen",
            "Holstebro Kommune, Myndighed",
            "Visitator",
            None,
            None,
            true,
        ),
        p(
            "beskaeftigelse",
            "Aisha Rahimi",
            "Jobcenter Holstebro",
            "Jobkonsulent",
            None,
            None,
            true,
        ),
        p(
            "socialpsykiatri",
            "Jens Østergaard",
            "Socialpsykiatrien Holstebro",
            "Bostøttemedarbejder",
            None,
            None,
            true,
        ),
        p(
            "omsorgspladser",
            "Birgitte Lund",
            "Regionspsykiatrien Vest",
            "Sygeplejerske",
            None,
            None,
            true,
        ),
        p(
            "praktiserende_laege",
            "Peter Holm",
            "Lægehuset Vestergade",
            "Praktiserende læge",
            Some("97 42 10 10"),
            Some("peter.holm@example.dk"),
            false,
        ),
        p(
            "netvaerk",
            "Karin Sørensen",
            "Pårørende",
            "Mor",
            None,
            None,
            false,
        ),
    ];
    team.chair_id = Some(members[0].id);
    team.coordinator_id = Some(members[1].id);
    let coordinator = members[1].id;

    let citizens: Vec<Citizen> = CITIZENS
        .iter()
        .map(|c| {
            Ok(Citizen {
                id: new_id(),
                team_id,
                first_name: c.first.into(),
                last_name: c.last.into(),
                screen_name: c.screen.map(Into::into),
                cpr: Cpr::parse(c.cpr)?,
                contact_id: Some(coordinator),
                active: true,
                created_at: now,
            })
        })
        .collect::<Result<_>>()?;

    // Held meetings on Tuesdays 4 weeks apart; the last one 3-4 weeks ago.
    let mut base = today - Duration::weeks(3);
    while base.weekday() != Weekday::Tue {
        base -= Duration::days(1);
    }
    let dates: Vec<NaiveDate> = (0..4).map(|i| base + Duration::weeks(4 * i - 8)).collect();
    let start = NaiveTime::from_hms_opt(13, 0, 0).expect("valid time");
    let meetings: Vec<Meeting> = dates
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let starts_at = calendar::local_to_utc(*d, start)?;
            let held = i < 3;
            Ok(Meeting {
                id: new_id(),
                team_id,
                starts_at,
                duration_minutes: t.meeting_minutes,
                place: "Mødelokale 2, Rådhuset".into(),
                video_link: String::new(),
                theme_override: None,
                status: if held {
                    MeetingStatus::Closed
                } else {
                    MeetingStatus::Planned
                },
                cancel_reason: None,
                template_version: t.version.clone(),
                started_at: held.then_some(starts_at),
                closed_at: held.then(|| starts_at + Duration::minutes(118)),
                current_item: None,
                created_at: now,
                sequence: 0,
            })
        })
        .collect::<Result<_>>()?;

    // (meeting index, citizen index, notes)
    let plan: [(usize, usize, Notes); 9] = [
        (0, 0, NOTES_A),
        (0, 1, NOTES_B),
        (0, 7, NOTES_B),
        (1, 0, NOTES_A),
        (1, 2, NOTES_B),
        (1, 3, NOTES_B),
        (2, 0, NOTES_A),
        (2, 1, NOTES_B),
        (2, 4, NOTES_B),
    ];

    core.store_mut().write(|tx| {
        store::insert_team_with_members(tx, &team, &members)?;
        let consent_from = dates[0] - Duration::weeks(10);
        for (i, c) in citizens.iter().enumerate() {
            store::upsert_citizen(tx, c)?;
            if i == 6 {
                continue; // Sofie: no consent
            }
            store::insert_consent(
                tx,
                &Consent {
                    id: new_id(),
                    citizen_id: c.id,
                    given_on: consent_from,
                    method: if i % 2 == 0 {
                        ConsentMethod::Written
                    } else {
                        ConsentMethod::Oral
                    },
                    scope: t.consent_scope_default.clone(),
                    // Mikkel's mother and his own doctor take part in his cases: his
                    // consent names them too.
                    recipients: t
                        .fixed_team_keys()
                        .into_iter()
                        .chain(match i {
                            0 => vec!["praktiserende_laege".to_string(), "netvaerk".to_string()],
                            _ => Vec::new(),
                        })
                        .collect(),
                    recorded_by: "Lars Bundgaard".into(),
                    withdrawn_on: (i == 7).then_some(dates[1] + Duration::days(3)),
                    created_at: now,
                },
            )?;
        }
        for year in [today.year(), today.year() + 1] {
            for (slot, title) in THEMES.iter().enumerate() {
                store::set_theme(
                    tx,
                    &ThemeEntry {
                        team_id,
                        year,
                        slot: slot as u32 + 1,
                        title: (*title).into(),
                    },
                )?;
            }
        }
        for m in &meetings {
            store::upsert_meeting(tx, m)?;
            if m.status == MeetingStatus::Closed {
                store::save_meeting_note(
                    tx,
                    m.id,
                    THEME_NOTE,
                    "Oplæg ved klinikken. Vi aftalte at bruge fælles kriseplan som udgangspunkt.",
                    0,
                    now,
                )?;
            }
        }
        for (mi, m) in meetings[..3].iter().enumerate() {
            for (i, p) in members.iter().filter(|p| p.fixed).enumerate() {
                let attendance = match i {
                    4 => Attendance::Virtual,
                    6 => Attendance::Absent,
                    _ => Attendance::Present,
                };
                store::set_meeting_attendance(
                    tx,
                    &MeetingAttendance {
                        meeting_id: m.id,
                        participant_id: p.id,
                        attendance,
                    },
                )?;
            }
            // Each organisation's evaluation (template 2026.2).
            for (org, effects, experiences, learning, coherent) in [
                (
                    Org::Kommune,
                    "Borgerne fik et samlet overblik, og aftalerne blev fordelt på tværs.",
                    "God dialog. Skærmen gjorde det let for borgeren at følge med.",
                    "Husk at afklare samtykke før mødet. Hold tiden på hver sag.",
                    Answer::Yes,
                ),
                (
                    Org::Region,
                    "Medicinen blev aftalt med kommunen samme dag.",
                    "Godt at høre borgerens egne ord om forløbet.",
                    "Send epikrise før mødet, så alle har den samme viden.",
                    if mi % 2 == 0 {
                        Answer::Yes
                    } else {
                        Answer::Partly
                    },
                ),
            ] {
                store::upsert_meeting_evaluation(
                    tx,
                    &MeetingEvaluation {
                        meeting_id: m.id,
                        org,
                        effects: effects.into(),
                        experiences: experiences.into(),
                        learning: learning.into(),
                        coherent: Some(coherent),
                        recorded_at: m.closed_at.unwrap_or(now),
                    },
                )?;
            }
        }
        let mut case_ids = Vec::new();
        for (pos, (mi, ci, notes)) in plan.iter().enumerate() {
            let m = &meetings[*mi];
            let case = Case {
                id: new_id(),
                meeting_id: m.id,
                citizen_id: citizens[*ci].id,
                position: (pos % 3) as u32,
                planned_minutes: None,
                citizen_invited: true,
                invited_on: Some(calendar::local(m.starts_at).date_naive() - Duration::days(14)),
                citizen_expected: Some(Attendance::Present),
                citizen_attendance: Some(if pos == 2 {
                    Attendance::Absent
                } else if pos == 4 {
                    Attendance::Virtual
                } else {
                    Attendance::Present
                }),
                created_at: m.starts_at,
            };
            store::upsert_case(tx, &case)?;
            for p in members.iter().filter(|p| p.fixed) {
                store::set_case_participant(
                    tx,
                    &CaseParticipant {
                        case_id: case.id,
                        participant_id: p.id,
                        attendance: Some(Attendance::Present),
                    },
                )?;
            }
            if *ci == 0 {
                store::set_case_participant(
                    tx,
                    &CaseParticipant {
                        case_id: case.id,
                        participant_id: members[8].id,
                        attendance: Some(Attendance::Present),
                    },
                )?;
            }
            for (key, text) in notes.iter() {
                store::save_note(tx, case.id, key, text, 0, m.starts_at)?;
            }
            let answered = case.citizen_attendance != Some(Attendance::Absent);
            let a = |x: Answer| if answered { x } else { Answer::Unanswered };
            store::upsert_citizen_evaluation(
                tx,
                &CitizenEvaluation::new(
                    case.id,
                    &[
                        (question::INVOLVED, a(Answer::Yes)),
                        (
                            question::OWNERSHIP,
                            a(if pos % 2 == 0 {
                                Answer::Yes
                            } else {
                                Answer::Partly
                            }),
                        ),
                        (question::COMMON_GOALS, a(Answer::Yes)),
                        (
                            question::EXPERIENCE,
                            a(if pos % 3 == 1 {
                                Answer::Mixed
                            } else {
                                Answer::Good
                            }),
                        ),
                        (
                            question::COHERENCE,
                            a(if pos < 2 { Answer::Partly } else { Answer::Yes }),
                        ),
                    ],
                    if answered {
                        "Rart at kunne læse med på skærmen."
                    } else {
                        ""
                    },
                    m.starts_at,
                ),
            )?;
            case_ids.push((case, *mi, *ci));
        }
        // Mikkel's agreements, carried from meeting to meeting.
        let mikkel: Vec<&Case> = case_ids
            .iter()
            .filter(|(_, _, ci)| *ci == 0)
            .map(|(c, _, _)| c)
            .collect();
        let ag = |case: &Case, pos: u32, what: &str, who: Who, due: Due| Agreement {
            id: new_id(),
            case_id: case.id,
            position: pos,
            what: what.into(),
            who: Some(who),
            due: Some(due),
            status: AgreementStatus::Open,
            created_at: case.created_at,
        };
        let a1 = ag(
            mikkel[0],
            0,
            "Søge om boligstøtte",
            Who::Citizen,
            Due::NextMeeting,
        );
        let a2 = ag(
            mikkel[0],
            1,
            "Medicingennemgang hos egen læge",
            Who::Participant { id: members[7].id },
            Due::Date {
                date: dates[1] - Duration::days(5),
            },
        );
        let a3 = ag(
            mikkel[1],
            0,
            "Kontakt til jobcentret om ressourceforløb",
            Who::Participant { id: members[4].id },
            Due::NextMeeting,
        );
        let a4 = ag(
            mikkel[2],
            0,
            "Lave en kriseplan sammen med bostøtten",
            Who::Participant { id: members[5].id },
            Due::NextMeeting,
        );
        let a5 = ag(
            mikkel[2],
            1,
            "Afdragsordning på huslejerestancen",
            Who::Organisation {
                name: "Borgerservice".into(),
            },
            // Due yesterday: overdue in Opfølgning, to be reviewed in the coming case.
            Due::Date {
                date: today - Duration::days(1),
            },
        );
        for a in [&a1, &a2, &a3, &a4, &a5] {
            store::upsert_agreement(tx, a)?;
        }
        let review =
            |case: &Case, a: &Agreement, outcome: AgreementStatus, comment: &str| AgreementReview {
                case_id: Some(case.id),
                agreement_id: a.id,
                outcome,
                comment: comment.into(),
                reviewed_at: case.created_at,
            };
        store::upsert_review(
            tx,
            &review(
                mikkel[1],
                &a1,
                AgreementStatus::Continues,
                "Ansøgningen er startet",
            ),
        )?;
        store::upsert_review(tx, &review(mikkel[1], &a2, AgreementStatus::Done, ""))?;
        store::upsert_review(
            tx,
            &review(mikkel[2], &a1, AgreementStatus::Done, "Bevilget"),
        )?;
        store::upsert_review(
            tx,
            &review(
                mikkel[2],
                &a3,
                AgreementStatus::Dropped,
                "Afventer bedre stabilitet",
            ),
        )?;
        for a in [&a1, &a2] {
            store::upsert_agreement(
                tx,
                &Agreement {
                    status: AgreementStatus::Done,
                    ..(*a).clone()
                },
            )?;
        }
        store::upsert_agreement(
            tx,
            &Agreement {
                status: AgreementStatus::Dropped,
                ..a3.clone()
            },
        )?;
        // Between meetings (Opfølgning): Camilla, not on the coming agenda, has an overdue
        // agreement; Thomas one of his own for the next meeting; Ahmad's was marked done
        // between meetings (a review without a case).
        let case_of = |m: usize, ci: usize| {
            case_ids
                .iter()
                .find(|(_, mi, c)| *mi == m && *c == ci)
                .map(|(case, _, _)| case)
                .expect("a planned demo case")
        };
        let a6 = ag(
            case_of(2, 1),
            0,
            "Bestille tid til medicinsamtale",
            Who::Participant { id: members[1].id },
            Due::Date {
                date: dates[2] + Duration::days(14),
            },
        );
        let a7 = ag(
            case_of(2, 4),
            0,
            "Prøve værestedet en eftermiddag",
            Who::Citizen,
            Due::NextMeeting,
        );
        let a8 = Agreement {
            status: AgreementStatus::Done,
            ..ag(
                case_of(1, 2),
                0,
                "Hjælp til at bestille tid hos tandlægen",
                Who::Organisation {
                    name: "Borgerservice".into(),
                },
                Due::Date {
                    date: dates[1] + Duration::days(14),
                },
            )
        };
        for a in [&a6, &a7, &a8] {
            store::upsert_agreement(tx, a)?;
        }
        store::upsert_review(
            tx,
            &AgreementReview {
                case_id: None,
                agreement_id: a8.id,
                outcome: AgreementStatus::Done,
                comment: "Tiden er bestilt".into(),
                reviewed_at: now - Duration::days(5),
            },
        )?;
        // The upcoming meeting: Mikkel and Emma on the agenda.
        for (pos, ci) in [0usize, 5].iter().enumerate() {
            let case = Case {
                id: new_id(),
                meeting_id: meetings[3].id,
                citizen_id: citizens[*ci].id,
                position: pos as u32,
                planned_minutes: None,
                // Not invited yet: the chair makes the invitation letters.
                citizen_invited: false,
                invited_on: None,
                citizen_expected: Some(Attendance::Present),
                citizen_attendance: None,
                created_at: now,
            };
            store::upsert_case(tx, &case)?;
            for p in members.iter().filter(|p| p.fixed) {
                store::set_case_participant(
                    tx,
                    &CaseParticipant {
                        case_id: case.id,
                        participant_id: p.id,
                        attendance: None,
                    },
                )?;
            }
            // Mikkel's own doctor comes for his case (an ad hoc participant with letters of
            // their own).
            if *ci == 0 {
                store::set_case_participant(
                    tx,
                    &CaseParticipant {
                        case_id: case.id,
                        participant_id: members[7].id,
                        attendance: None,
                    },
                )?;
            }
        }
        Ok(())
    })
}
