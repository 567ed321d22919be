//! Writes a document exercising tables across pages, long words and hostile text:
//! `cargo run -p faelles-pdf --example visual -- out.pdf`.
#[path = "../tests/support/sample.rs"]
mod sample;

use faelles_pdf::Block;

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "visual.pdf".into());
    let mut doc = sample::long_table(40);
    doc.banner = Some("UDKAST".into());
    let word: String = "blåbærsyltetøjsfabrikation"
        .chars()
        .cycle()
        .take(400)
        .collect();
    doc.blocks.extend([
        Block::Heading("Lange ord og fremmede tegn".into()),
        Block::Paragraph(format!("Før {word} efter. https://www.borger.dk/sundhed-og-sygdom/psykiatri/hjaelp-til-dig-med-psykisk-sygdom")),
        Block::Paragraph("Emoji 👍🏽 og 漢字, RTL: שלום עולם og مرحبا بالعالم, kontrol\u{7}tegn og \u{202E}omvendt".into()),
        Block::Bullets(vec![
            "Kort punkt".into(),
            format!("Langt punkt med hængende indrykning: {}", "ord ".repeat(40)),
            "Punkt med\nlinjeskift".into(),
        ]),
        Block::KeyValues(vec![
            ("Meget lang etiket der skal ombrydes:".into(), "Værdi".into()),
            ("Kort:".into(), "ord ".repeat(50)),
        ]),
        Block::Table {
            header: vec!["Smal".into(), "Bred kolonne".into(), "Ekstra".into()],
            rows: vec![
                vec!["1".into()],
                vec!["a".into(), "b".into(), "c".into(), "overskydende celle".into()],
                vec![word.clone(), "x".into(), "y".into()],
            ],
            widths: vec![0.6, 3.0],
        },
        Block::Note("Note: lille grå tekst.".into()),
    ]);
    let r = faelles_pdf::render(&doc).expect("render");
    std::fs::write(&out, &r.bytes).expect("write");
    println!("{out}: {} pages, {} bytes", r.pages, r.bytes.len());
}
