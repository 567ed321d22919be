//! Item 3 of the report: the cold start of the app and the floor (measured by coldstart.rs).

use crate::coldstart;
use crate::report::{Report, Status};
use crate::stats::{num, Summary};
use std::path::Path;

/// What the app's cold start spends beyond the floor's, from the stamps (medians).
fn remedy_cold(a: &coldstart::Starts, f: &coldstart::Starts) -> String {
    let (al, fl) = (
        Summary::of(&a.chair_loaded).p50,
        Summary::of(&f.chair_loaded).p50,
    );
    let (ai, fi) = (a.interactive().p50 - al, f.interactive().p50 - fl);
    let mut s = format!(
        "Medians: the app's chair page has loaded {} ms after spawn (floor {} ms); its \
         script asks for `app_state` {} ms after that (the floor's asks for `ready` after {} \
         ms). ",
        num(al),
        num(fl),
        num(ai),
        num(fi),
    );
    if f.both().p50 > 400.0 {
        s += &format!(
            "The floor itself needed {} ms to both windows (ENGINEERING.md: ≈350 ms on an \
             idle machine of this kind), so the machine was busy during this part (load \
             average in Machine) and the 500 ms cap is what failed. ",
            num(f.both().p50)
        );
    }
    if al > fl + 20.0 {
        s += "Before its page has loaded the app opens the database (`Core::open`; with 20 \
              years of data that alone is item 5's open time, mostly `PRAGMA quick_check`), \
              takes the single-instance guard and restores the screen window's placement; \
              stamps inside the shell (at `main`, after `open_core`, in `setup`) would split \
              that time. ";
    }
    s += "After page load, the app's extra time is the chair evaluating its graph of ES \
          modules before it calls `app_state`. It would take bundling the chair's modules \
          into one file (one fetch, one parse) and keeping the database check off the start \
          path (in the background, or only after an unclean shutdown).";
    s
}

pub(crate) fn coldstart(report: &mut Report, app: &Path, floor: &Path, quick: bool) {
    let runs = if quick { 3 } else { 10 };
    let (a, f) = coldstart::measure(app, floor, runs);
    for (what, am, fm) in [
        ("interactive chair window", a.interactive(), f.interactive()),
        ("both windows ready", a.both(), f.both()),
    ] {
        let limit = 500f64.min(fm.p50 + 150.0);
        report.row(
            "3",
            format!("cold start → {what} (median of {runs}; max)"),
            format!("{} ms (max {} ms)", num(am.p50), num(am.max)),
            format!("{} ms (max {} ms)", num(fm.p50), num(fm.max)),
            format!("≤ 500 ms and ≤ floor + 150 = {} ms", num(limit)),
            Status::of(am.p50 <= limit),
            &remedy_cold(&a, &f),
        );
    }
    let list = |v: &[f64]| {
        v.iter()
            .map(|x| format!("{x:.0}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    report.detail(
        "3. Cold start",
        format!(
            "Release binaries started directly under Xvfb (no WebDriver), app and floor \
             interleaved, {runs} runs each after one unmeasured start (the app's loads the \
             demo data into a fresh data dir: {} ms to both windows; the floor's: {} ms). \
             Milliseconds from just before `spawn` to the stamp.\n\n\
             | | chair page loaded | interactive | both windows ready |\n|---|---|---|---|\n\
             | app p50 / max | {} / {} | {} / {} | {} / {} |\n\
             | floor p50 / max | {} / {} | {} / {} | {} / {} |\n\n\
             App runs (both ready): {}\n\nFloor runs (both ready): {}\n",
            num(a.first_both),
            num(f.first_both),
            num(Summary::of(&a.chair_loaded).p50),
            num(Summary::of(&a.chair_loaded).max),
            num(a.interactive().p50),
            num(a.interactive().max),
            num(a.both().p50),
            num(a.both().max),
            num(Summary::of(&f.chair_loaded).p50),
            num(Summary::of(&f.chair_loaded).max),
            num(f.interactive().p50),
            num(f.interactive().max),
            num(f.both().p50),
            num(f.both().max),
            list(&a.both),
            list(&f.both),
        ),
    );
}
