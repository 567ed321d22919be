//! Item 2 of the report: the core (crates/faelles-core/benches/notes.rs's output) and an
//! fsync probe.

use crate::report::{Report, Status};
use crate::sh;
use crate::stats::{num, time_ms, Summary};
use std::io::Write as _;
use std::path::Path;

struct NotesLine {
    label: String,
    p50: f64,
    p95: f64,
    p99: f64,
}

fn parse_notes(text: &str) -> Vec<NotesLine> {
    let field = |l: &str, k: &str| -> f64 {
        l.split(k)
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(f64::NAN)
    };
    text.lines()
        .filter(|l| l.starts_with('(') && l.contains("p99="))
        .map(|l| NotesLine {
            label: l.split(" n=").next().unwrap_or(l).trim().to_string(),
            p50: field(l, "p50="),
            p95: field(l, "p95="),
            p99: field(l, "p99="),
        })
        .collect()
}

pub(crate) fn core(report: &mut Report, notes_file: &Path) {
    // What a durable commit costs on this disk: 4 KiB written + fdatasync.
    let dir = tempfile::tempdir().expect("temp dir");
    let mut f = std::fs::File::create(dir.path().join("fsync")).expect("file");
    let block = vec![b'x'; 4096];
    let fsync = Summary::of(&time_ms(10, 300, || {
        f.write_all(&block).expect("write");
        f.sync_data().expect("fsync");
    }));
    let text = std::fs::read_to_string(notes_file).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run cargo bench -p faelles-core --bench notes)",
            notes_file.display()
        )
    });
    let lines = parse_notes(&text);
    let get = |prefix: &str| {
        lines
            .iter()
            .find(|l| l.label.starts_with(prefix))
            .unwrap_or_else(|| panic!("no line {prefix} in the notes bench output"))
    };
    let (a, b, c, d) = (get("(a)"), get("(b)"), get("(c)"), get("(d)"));
    let edits: Vec<&NotesLine> = lines
        .iter()
        .filter(|l| l.label.starts_with("(e)"))
        .collect();
    assert!(!edits.is_empty(), "no (e) lines in the notes bench output");
    let ms = |l: &NotesLine| {
        format!(
            "p50 {} / p95 {} / p99 {} ms",
            num(l.p50),
            num(l.p95),
            num(l.p99)
        )
    };
    let us = |l: &NotesLine| {
        format!(
            "p50 {:.1} / p95 {:.1} / p99 {:.1} µs",
            l.p50 * 1000.0,
            l.p95 * 1000.0,
            l.p99 * 1000.0
        )
    };
    for e in &edits {
        report.row(
            "2",
            format!(
                "core cost of one keystroke: edit + forward, {}",
                e.label.trim_start_matches("(e) edit + forward, ")
            ),
            us(e),
            "",
            "p99 ≤ 0.05 ms at any length",
            Status::of(e.p99 <= 0.05),
            "Typing anywhere but near the ends of a very long section walks to the position \
             from the nearer end; it would take keeping the draft as UTF-16 units (or a rope).",
        );
    }
    report.row(
        "2",
        "core save + projection (save_section in memory + for_case: every change but a keystroke)",
        ms(d),
        "",
        "p99 ≤ 1 ms",
        Status::of(d.p99 <= 1.0),
        "The p50 and p95 are ≈0.1 ms; a p99 far above the p95 is the bench thread being \
         descheduled now and then (see the load average of this part in Machine: above 2 on \
         two cores). It would take a run on an idle machine to tell; if it persisted there, \
         caching the case's screen view in `Core` and patching only the edited section.",
    );
    report.row(
        "2",
        "… projection::for_case alone",
        ms(b),
        "",
        "",
        Status::Info,
        "",
    );
    report.row(
        "2",
        "durable save (save_section, WAL + synchronous=FULL)",
        ms(c),
        "",
        "p99 ≤ 10 ms",
        Status::of(c.p99 <= 10.0),
        "The commit is one fsync of the WAL; its time is the disk's (see the fsync line). It \
         would take a faster disk, or `synchronous=NORMAL` in WAL mode (durable at the next \
         checkpoint instead of at every commit) — a durability trade-off the product must \
         decide, not a bench setting.",
    );
    report.row(
        "2",
        "… save + for_case (file, fsync)",
        ms(a),
        "",
        "",
        Status::Info,
        "",
    );
    report.row(
        "2",
        "fsync on this machine (4 KiB write + fdatasync)",
        fsync.ms(),
        "",
        "",
        Status::Info,
        "",
    );
    report.detail(
        "2. Core: the notes bench",
        format!(
            "The app's keystroke path in the core is (e): `Core::edit_note` on the draft and the \
             same splice on the view the screen shows, plus the event's JSON — no projection \
             (`AppState::edit`). Every other change recomputes the projection and diffs it: \
             (d), an in-memory `save_section` + `for_case`, stands for that. The durable save is \
             (c). `cargo bench -p faelles-core --bench notes` (crates/faelles-core/benches/notes.rs: \
             9 sections × 10 KB, 5 agreements, a year of meetings; file store in the temp dir, \
             filesystem `{}`), verbatim:\n\n```\n{}\n```\n",
            sh(
                "stat",
                &["-f", "-c", "%T", &std::env::temp_dir().to_string_lossy()]
            ),
            text.trim()
        ),
    );
}
