//! `cargo run -p faelles-pdf --example sample -- out.pdf`: the test sample, for looking at.
#[path = "../tests/support/sample.rs"]
mod sample;

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "sample.pdf".into());
    let mut doc = sample::meeting(2);
    doc.banner = Some("UDKAST".into());
    doc.blocks.push(faelles_pdf::Block::Paragraph(
        "Tak 👍🏽 ☺ ✔ og 🫠 — שלום עולם".into(),
    ));
    let r = faelles_pdf::render(&doc).expect("render");
    std::fs::write(&out, r.bytes).expect("write");
}
