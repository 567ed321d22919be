//! Item 5 with the team's own template versions: 20 years of data in which the team saved
//! a new version every year (history.rs `generate(20)`), and opening a held meeting of each
//! version with its case.

use crate::history;
use crate::report::{Report, Status};
use crate::stats::num;

pub(crate) fn versions(report: &mut Report) {
    println!("generating 20 years of one team with a template version a year …");
    let h = history::generate(20);
    println!("generated in {:.0} s: {}", h.generate_s, h.counts);
    let m = history::measure_versions(&h);
    report.row(
        "5",
        format!(
            "20 years, {} template versions: open a held meeting with its version and its case \
             (agenda + neutral screen, meeting_prep, case_detail, projection::for_case; {} \
             meetings across {} versions)",
            m.versions, m.meetings, m.versions
        ),
        m.open.ms(),
        "",
        "p99 ≤ 20 ms",
        Status::of(m.open.p99 <= 20.0),
        "A meeting's template is looked up by its id in the process's registry (no parse, no \
         query); the time is the agenda's and the case's own queries. It would take a profile \
         of the part that grew (see «Template versions» below).",
    );
    report.detail(
        "5. Template versions",
        format!(
            "The 20-year history of item 5 generated again with the team's own template \
             versions: before the first meeting of each year the team saves a new version \
             (the section «psykiatri» renamed, that year's question added on Ja/Delvist/Nej or \
             Godt/Blandet/Svært, the year before's retired; `Core::save_template_version`), and \
             each planned meeting is moved to the newest version before it is held \
             (`Core::move_meeting_to_template`); its citizens answer that year's question. \
             Generated in {:.0} s: {}. Opened: the middle meeting of each year ({} meetings, \
             {} versions), in turn, {} runs after {} unmeasured; each run is what the shell \
             computes for «open the meeting» (`open_meeting`: `Core::agenda` + \
             `projection::neutral`; `meeting_prep`) and «open its case» (`case_detail`, \
             `screen_show_case`: `projection::for_case`). Parts, p50 / p99: agenda + neutral \
             {} / {} ms, meeting_prep {} / {} ms, case_detail {} / {} ms, for_case {} / {} ms.\n",
            h.generate_s,
            h.counts,
            m.meetings,
            m.versions,
            m.open.n,
            2 * m.meetings,
            num(m.agenda.p50),
            num(m.agenda.p99),
            num(m.prep.p50),
            num(m.prep.p99),
            num(m.case_detail.p50),
            num(m.case_detail.p99),
            num(m.screen.p50),
            num(m.screen.p99),
        ),
    );
}
