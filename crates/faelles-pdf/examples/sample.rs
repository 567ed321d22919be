//! Writes a sample multi-page PDF: `cargo run -p faelles-pdf --example sample -- out.pdf [sections]`.
#[path = "../tests/support/sample.rs"]
mod sample;

fn main() {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "sample.pdf".into());
    let sections = args.next().and_then(|s| s.parse().ok()).unwrap_or(3);
    let doc = sample::meeting(sections);
    let r = faelles_pdf::render(&doc).expect("render");
    std::fs::write(&out, &r.bytes).expect("write");
    println!("{out}: {} pages, {} bytes", r.pages, r.bytes.len());
}
