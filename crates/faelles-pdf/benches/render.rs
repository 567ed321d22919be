//! `cargo bench -p faelles-pdf` — renders a realistic 3-page and 12-page document
//! 200 times each and prints p50/p95/p99 (ms) and the file size.
#[path = "../tests/support/sample.rs"]
mod sample;

use std::time::Instant;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

fn main() {
    const RUNS: usize = 200;
    let cold = Instant::now();
    let first = faelles_pdf::render(&sample::meeting(2)).expect("render");
    println!(
        "cold first render (parses fonts once per process): {:.2} ms",
        cold.elapsed().as_secs_f64() * 1e3
    );
    drop(first);

    for (label, sections) in [("3-page", 2usize), ("12-page", 11)] {
        let doc = sample::meeting(sections);
        let mut times = Vec::with_capacity(RUNS);
        let mut size = 0;
        let mut pages = 0;
        for _ in 0..RUNS {
            let t = Instant::now();
            let r = faelles_pdf::render(&doc).expect("render");
            times.push(t.elapsed().as_secs_f64() * 1e3);
            size = r.bytes.len();
            pages = r.pages;
            std::hint::black_box(&r);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{label:>8} doc: {pages} pages, {:.1} KB | p50 {:.2} ms  p95 {:.2} ms  p99 {:.2} ms  ({RUNS} runs)",
            size as f64 / 1024.0,
            percentile(&times, 0.50),
            percentile(&times, 0.95),
            percentile(&times, 0.99),
        );
    }
}
