//! Item 6 of the report: the binaries' size.

use crate::report::{Report, Status};
use std::path::Path;

pub(crate) fn size(report: &mut Report, app: &Path, floor: &Path) {
    let len = |p: &Path| {
        std::fs::metadata(p)
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
            .len() as f64
            / 1_048_576.0
    };
    let (a, f) = (len(app), len(floor));
    report.detail(
        "6. Binary size",
        format!(
            "Both with the workspace's release profile (opt-level \"s\", LTO, one codegen unit, \
             stripped, panic=abort): the app {a:.1} MB, the floor {f:.1} MB (ENGINEERING.md \
             notes ≈10 MB for a floor built earlier, not necessarily with this profile)."
        ),
    );
    report.row(
        "6",
        "release binary size",
        format!("{a:.1} MB"),
        format!("{f:.1} MB"),
        "≤ 15 MB",
        Status::of(a <= 15.0),
        "It would take dropping what the binary carries beyond the floor: the embedded fonts \
         and templates (DejaVu Sans + Symbola ≈ 4 MB before compression), krilla, bundled SQLite (the floor: same profile, no domain).",
    );
}
