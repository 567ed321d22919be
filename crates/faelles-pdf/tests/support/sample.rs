//! Realistic sample documents shared by the tests and the benchmark.
#![allow(dead_code)]

use chrono::TimeZone;
use faelles_pdf::{Block, Document};

pub const CORPUS: &str = "Æblegrød på Ørestad — „citat“ – tankestreg • punkt § 12, blåbærsyltetøjsfabrikationsmedarbejderen";

pub fn base(title: &str) -> Document {
    Document {
        title: title.to_string(),
        author: "Team Nord – Socialpsykiatri".to_string(),
        subject: "Referat af netværksmøde".to_string(),
        created: chrono::Utc.with_ymd_and_hms(2025, 3, 12, 9, 30, 0).unwrap(),
        banner: None,
        footer_left: "Fælles Team Nord · Aarhus Kommune & Region Midtjylland".to_string(),
        blocks: Vec::new(),
    }
}

const PARA: &str = "Mødet blev holdt i borgerens eget hjem efter ønske. Borgeren fortalte, at de seneste uger har været præget af uro om natten og bekymring for økonomien. Kontaktpersonen fra psykiatrien gennemgik den aktuelle medicinering, og det blev aftalt at følge op på søvnen ved næste samtale. Jobcentret orienterede om mulighederne for et afklaringsforløb med få timer om ugen.";

/// One "meeting section": heading, paragraphs, bullets, key/values, a table and a note.
fn section(doc: &mut Document, n: usize) {
    let b = &mut doc.blocks;
    b.push(Block::Heading(format!("{n}. Status og aftaler")));
    b.push(Block::Paragraph(format!("{PARA}\n\n{PARA}")));
    b.push(Block::Bullets(vec![
        "Borgeren ønsker hjælp til at strukturere hverdagen, især morgener.".into(),
        "Psykiatrien indkalder til samtale om medicin inden for tre uger; borgeren må gerne tage en pårørende med.".into(),
        "Kommunen undersøger mulighed for bostøtte (SEL § 85).".into(),
    ]));
    b.push(Block::KeyValues(vec![
        (
            "Kontakt:".into(),
            "Anne Hansen, socialrådgiver, tlf 87 13 00 00".into(),
        ),
        (
            "Psykiatri:".into(),
            "Jens Ølgaard, sygeplejerske, Psykiatrisk Ambulatorium Nord".into(),
        ),
        (
            "Næste møde:".into(),
            "Tirsdag den 8. april kl. 10.00 i Sundhedshuset".into(),
        ),
    ]));
    b.push(Block::Heading("Borgerens egne ord".into()));
    b.push(Block::Paragraph(format!("{PARA}\n{PARA}")));
    b.push(Block::Table {
        header: vec!["Opgave".into(), "Ansvarlig".into(), "Frist".into()],
        rows: vec![
            vec![
                "Søge om bostøtte og sende ansøgning til visitationen".into(),
                "Anne (kommunen)".into(),
                "1. april".into(),
            ],
            vec![
                "Indkalde til medicinsamtale".into(),
                "Jens (psykiatrien)".into(),
                "2. april".into(),
            ],
            vec![
                "Undersøge afklaringsforløb".into(),
                "Jobcentret".into(),
                "8. april".into(),
            ],
        ],
        widths: vec![3.0, 1.6, 1.0],
    });
    b.push(Block::Note(
        "Referatet er udarbejdet i samarbejde med borgeren. Kontakt os, hvis noget er forkert."
            .into(),
    ));
}

/// A document with `sections` meeting sections (3 ≈ 3 pages, 12 ≈ 12 pages).
pub fn meeting(sections: usize) -> Document {
    let mut doc = base("Referat af netværksmøde 12. marts 2025");
    doc.banner = Some("UDKAST".into());
    doc.blocks
        .push(Block::Title("Referat af netværksmøde".into()));
    doc.blocks.push(Block::Subtitle(
        "Onsdag den 12. marts 2025, kl. 9.30–11.00".into(),
    ));
    doc.blocks.push(Block::KeyValues(vec![
        ("Deltagere:".into(), "Borgeren, Anne Hansen (kommunen), Jens Ølgaard (psykiatrien), Søren Æbelø (jobcentret)".into()),
        ("Referent:".into(), "Anne Hansen".into()),
    ]));
    doc.blocks.push(Block::Paragraph(CORPUS.into()));
    for n in 1..=sections {
        section(&mut doc, n);
    }
    doc
}

/// A long table (for header repetition across pages).
pub fn long_table(rows: usize) -> Document {
    let mut doc = base("Tabeltest");
    doc.blocks.push(Block::Title("Handleplan".into()));
    doc.blocks.push(Block::Table {
        header: vec!["Opgave".into(), "Ansvarlig".into(), "Frist".into()],
        rows: (0..rows)
            .map(|i| {
                vec![
                    format!("Opgave nummer {i}: følge op på aftalen fra sidste møde"),
                    "Kommunen".into(),
                    format!("{}. maj", i % 28 + 1),
                ]
            })
            .collect(),
        widths: vec![3.0, 1.5, 1.0],
    });
    doc
}
