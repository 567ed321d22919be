//! Items 4 and 5 of the report: 20 years of data (history.rs) and the PDFs against
//! Chromium (pdf.rs).

use crate::report::{Report, Status};
use crate::stats::num;
use crate::{history, pdf, sh};
use std::path::PathBuf;

pub(crate) fn history_and_pdf(report: &mut Report, quick: bool, run_pdf: bool) {
    println!("generating 20 years of one team …");
    let h = history::generate(0);
    println!("generated in {:.0} s: {}", h.generate_s, h.counts);
    let m = history::measure(&h);
    if let Some(keep) = std::env::var_os("BENCH_KEEP_DB") {
        let db = h.dir.path().join(faelles_core::store::DB_FILE);
        std::fs::copy(&db, &keep).unwrap_or_else(|e| panic!("keeping {}: {e}", db.display()));
    }
    let remedy_list = "`chair::meetings` computes each meeting's theme through \
        `Core::wheel_slot`, which lists all meetings again (260 × 260 rows per call), and \
        counts each meeting's cases with its own query. It would take one pass for the list \
        (the year/slot of every meeting computed from the one list of meetings, case counts \
        by GROUP BY), or listing only recent and upcoming meetings with older ones on demand.";
    let remedy_open = "`Core::open` after a clean end does the pragmas, `user_version` and \
        the migrations check only (the whole-file check runs in the background); this time \
        grows with the schema, not with the data. It would take a profile of `Store::open` \
        on this machine to tell what grew.";
    let remedy_history = "`agreement_review` has no index on `agreement_id` (its key is \
        `(case_id, agreement_id)`), so the carry-over query scans every review once per \
        agreement (EXPLAIN QUERY PLAN: `SCAN r`); `case_detail` also lists all meetings. It \
        would take `CREATE INDEX … ON agreement_review(agreement_id)` in a migration (in \
        sqlite3 on a generated file it cut the carry-over query from 8 to 2 ms).";
    for (what, s, remedy) in [
        ("open the database (Core::open)", m.open, remedy_open),
        (
            "list meetings (chair::meetings, 260)",
            m.list_meetings,
            remedy_list,
        ),
        (
            "open a case with its history (Core::case_detail)",
            m.case_detail,
            remedy_history,
        ),
        (
            "carry-over query (store::carried_over_agreements)",
            m.carry_over,
            remedy_history,
        ),
    ] {
        report.row(
            "5",
            format!("20 years: {what}"),
            s.ms(),
            "",
            "p99 ≤ 20 ms",
            Status::of(s.p99 <= 20.0),
            remedy,
        );
    }
    report.row(
        "5",
        format!(
            "20 years: a citizen's course, the longest history ({} cases, {} agreements; \
             Core::citizen_course)",
            m.course_cases, m.course_agreements
        ),
        m.citizen_course.ms(),
        "",
        "p99 ≤ 20 ms",
        Status::of(m.citizen_course.p99 <= 20.0),
        "A fixed number of queries whatever the history's length (store/course.rs); it would take a profile \
         of the one that grew (EXPLAIN QUERY PLAN) to tell which index is missing.",
    );
    report.row(
        "5",
        format!(
            "20 years: the access request of the citizen with the longest history ({} pages; \
             Core::access_document + the tagged PDF rendered)",
            m.access_pdf_pages
        ),
        m.access_pdf.ms(),
        "",
        "p99 < 1000 ms",
        Status::of(m.access_pdf.p99 < 1000.0),
        "The document is built from a fixed number of queries per case; a miss would be the \
         PDF's layout of a very long table (faelles-pdf), to be split per case.",
    );
    report.row(
        "5",
        format!(
            "10 teams' «Evalueringsdata» files of 2 years each ({} KB each): decoded, checked \
             and reported side by side and together (report::teams::teams_report)",
            m.merge_file_bytes / 1024
        ),
        m.merge_teams.ms(),
        "",
        "p99 ≤ 200 ms",
        Status::of(m.merge_teams.p99 <= 200.0),
        "Each file is parsed twice (the checksum's canonical JSON, then the data); one parse \
         into a Value, then from_value, would halve that.",
    );
    report.row(
        "5",
        format!(
            "20 years: the follow-up list, every open agreement of the team ({} rows; \
             Core::follow_up)",
            m.follow_up_rows
        ),
        m.follow_up.ms(),
        "",
        "p99 ≤ 20 ms",
        Status::of(m.follow_up.p99 <= 20.0),
        "Three queries that read only the open and lately reviewed agreements (indexes \
         agreement_status, agreement_review_reviewed; store/followup.rs); the rows are built in \
         one pass. Without those indexes it took 37 ms (every agreement scanned twice).",
    );
    for (what, s) in [
        (
            "indicators report over all 20 years (Core::report)",
            &m.report_all,
        ),
        (
            "… indicators report, the last 6 months (the default)",
            &m.report_six,
        ),
    ] {
        report.row(
            "5",
            format!("20 years: {what}"),
            s.ms(),
            "",
            "p99 ≤ 50 ms",
            Status::of(s.p99 <= 50.0),
            "Read the answers per meeting in one grouped query instead of one row per case.",
        );
    }
    for (what, s) in [
        (
            "… open after an unclean end (with the whole-file check)",
            m.open_unclean,
        ),
        (
            "… the whole-file check in the background (Store::check)",
            m.check,
        ),
    ] {
        report.row("5", what, s.ms(), "", "", Status::Info, "");
    }
    report.row(
        "5",
        "20 years: database file size",
        format!("{:.1} MB", m.db_bytes as f64 / 1_048_576.0),
        "",
        "",
        Status::Info,
        "",
    );
    report.detail(
        "5. Twenty years of one team",
        format!(
            "Generated through `Core` (the app's own rules: consent checked, agenda started, \
             notes saved with revisions, carried-over agreements reviewed, meetings closed) in \
             {:.0} s: {}. Every citizen is followed for 10–11 consecutive meetings (8–9 cases per meeting); every \
             section note ≈ 250 characters; the last meeting (today) is running. The case \
             opened is today's case of the citizen with the longest history; the carry-over \
             query returns {} agreements for that citizen. Open: {} runs after the first \
             ({} ms, warm page cache — the file was just written), each after a clean end \
             (the app closes its database on exit), so without the whole-file check, which \
             the app runs in the background; after an unclean end (a left-over WAL) \
             `Store::open` runs it itself: 10 runs with a WAL file written before each. Size: the database file \
             after a clean close (WAL checkpointed), never vacuumed.\n",
            h.generate_s,
            h.counts,
            m.carried_rows,
            m.open.n,
            num(m.first_open_ms)
        ),
    );
    if !run_pdf {
        return;
    }
    println!("\n== 4. PDF vs headless Chromium");
    let chromium = PathBuf::from(sh(
        "sh",
        &["-c", "command -v chromium || command -v chromium-browser"],
    ));
    assert!(
        chromium.is_file(),
        "chromium is missing (apt-get install -y chromium; scripts/bench.sh installs it)"
    );
    let core = faelles_core::Core::open(h.dir.path()).expect("open");
    let fonts = faelles_tests::e2e::repo_root().join("assets/fonts");
    let docs = pdf::measure(
        &core,
        h.last_closed_meeting,
        h.last_closed_case,
        &chromium,
        &fonts,
        if quick { 20 } else { 100 },
        if quick { 2 } else { 5 },
    );
    let mut d = format!(
        "Content: the last closed meeting of the 20-year database ({} cases) and its first \
         case. Ours: `Core::citizen_summary_document` / `Core::minutes_document` (read from the \
         database) + `faelles_pdf::render` + writing the file. Chromium ({}): the same \
         `faelles_pdf::Document` as HTML (same DejaVu fonts, A4, similar styling), printed \
         with `chromium --headless --no-sandbox --disable-gpu --no-first-run \
         --disable-background-networking --disable-component-update --disable-sync \
         --user-data-dir=<fresh temp dir> --print-to-pdf=…` — one process per print, after \
         one unmeasured warm-up.\n\n| document | ours p50 / p95 / p99 | of which: build / render (p50) | pages, size | Chromium p50 (min–max) | pages, size | ratio (p50) |\n|---|---|---|---|---|---|---|\n",
        core.cases(h.last_closed_meeting).map_or(0, |c| c.len()),
        sh("chromium", &["--version"]),
    );
    for doc in &docs {
        report.row(
            "4",
            format!("{}: ours vs headless Chromium (p50)", doc.name),
            format!(
                "{} ms vs {} ms = {:.0}× faster",
                num(doc.ours.p50),
                num(doc.chromium.p50),
                doc.ratio()
            ),
            "",
            "≥ 20× faster",
            Status::of(doc.ratio() >= 20.0),
            "Chromium's time is mostly its own start-up, so the ratio is set by our time, and that \
             is mostly building the document from the database (see build / render below): \
             the minutes call `case_detail` for every case, each running the unindexed \
             carry-over and review queries and listing all meetings (item 5). It would take \
             the `agreement_review(agreement_id)` index and reading each meeting's data once \
             for the whole document instead of once per case.",
        );
        d += &format!(
            "| {} | {} / {} / {} ms | {} / {} ms | {}, {:.0} KB | {} ms ({}–{}) | {}, {:.0} KB | {:.0}× |\n",
            doc.name,
            num(doc.ours.p50),
            num(doc.ours.p95),
            num(doc.ours.p99),
            num(doc.build.p50),
            num(doc.render.p50),
            doc.ours_pages,
            doc.ours_kb,
            num(doc.chromium.p50),
            num(doc.chromium.min),
            num(doc.chromium.max),
            doc.chromium_pages.map_or("?".into(), |p| p.to_string()),
            doc.chromium_kb,
            doc.ratio()
        );
    }
    report.detail("4. PDF: ours vs headless Chromium", d);
}
