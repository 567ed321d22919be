//! Citizen summary and minutes: our PDF path (document built from the database, laid out and
//! rendered by faelles-pdf, written to a file) against headless Chromium printing the same
//! content from HTML (what a user would otherwise do: print a web page to PDF).

use crate::stats::{time_ms, Summary};
use faelles_core::domain::Id;
use faelles_core::Core;
use faelles_pdf::{Block, Document};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

pub struct Doc {
    pub name: &'static str,
    pub ours: Summary,
    /// Of which: building the document from the database / laying out and rendering it.
    pub build: Summary,
    pub render: Summary,
    pub ours_pages: usize,
    pub ours_kb: f64,
    /// Headless Chromium, one process per print (ms).
    pub chromium: Summary,
    pub chromium_pages: Option<usize>,
    pub chromium_kb: f64,
}

impl Doc {
    /// How many times faster ours is (medians).
    pub fn ratio(&self) -> f64 {
        self.chromium.p50 / self.ours.p50
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn paragraphs(s: &str) -> String {
    s.split("\n\n")
        .map(|p| format!("<p>{}</p>", esc(p).replace('\n', "<br>")))
        .collect()
}

/// The same document as HTML with the same fonts (DejaVu Sans), A4 and similar styling.
pub fn html(doc: &Document, fonts: &Path) -> String {
    let f = |name: &str| format!("file://{}", fonts.join(name).display());
    let mut body = String::new();
    if let Some(b) = &doc.banner {
        body += &format!("<div class=banner>{}</div>", esc(b));
    }
    for block in &doc.blocks {
        body += &match block {
            Block::Title(t) => format!("<h1>{}</h1>", esc(t)),
            Block::Subtitle(t) => format!("<p class=sub>{}</p>", esc(t)),
            Block::Heading(t) => format!("<h2>{}</h2>", esc(t)),
            Block::Paragraph(t) => paragraphs(t),
            Block::Bullets(items) => format!(
                "<ul>{}</ul>",
                items
                    .iter()
                    .map(|i| format!("<li>{}</li>", esc(i)))
                    .collect::<String>()
            ),
            Block::KeyValues(kv) => format!(
                "<table class=kv>{}</table>",
                kv.iter()
                    .map(|(k, v)| format!("<tr><td>{}</td><td>{}</td></tr>", esc(k), esc(v)))
                    .collect::<String>()
            ),
            Block::Table { header, rows, .. } => format!(
                "<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>",
                header
                    .iter()
                    .map(|h| format!("<th>{}</th>", esc(h)))
                    .collect::<String>(),
                rows.iter()
                    .map(|r| format!(
                        "<tr>{}</tr>",
                        r.iter()
                            .map(|c| format!("<td>{}</td>", esc(c)))
                            .collect::<String>()
                    ))
                    .collect::<String>()
            ),
            Block::Note(t) => format!("<p class=note>{}</p>", esc(t)),
            Block::Chart { alt, rows, .. } => format!(
                "<figure role=img aria-label=\"{}\">{}</figure>",
                esc(alt),
                rows.iter()
                    .map(|(l, parts)| {
                        let total: f32 = parts.iter().filter(|v| **v > 0.0).sum();
                        let bars: String = parts
                            .iter()
                            .map(|v| {
                                let w = if total > 0.0 { 100.0 * v.max(0.0) / total } else { 0.0 };
                                format!("<span style=\"display:inline-block;height:8pt;width:{w:.1}%;background:#2a7\"></span>")
                            })
                            .collect();
                        format!("<div>{} {bars}</div>", esc(l))
                    })
                    .collect::<String>()
            ),
            Block::Spacer(pt) => format!("<div style=\"height:{pt}pt\"></div>"),
        };
    }
    format!(
        "<!doctype html><html lang=da><head><meta charset=utf-8><title>{title}</title><style>\
         @font-face{{font-family:'DejaVu Sans';src:url('{regular}')}}\
         @font-face{{font-family:'DejaVu Sans';font-weight:bold;src:url('{bold}')}}\
         @page{{size:A4;margin:20mm 18mm 22mm 18mm}}\
         body{{font:10.5pt/1.4 'DejaVu Sans',sans-serif;color:#111}}\
         h1{{font-size:20pt;margin:0 0 4pt}} h2{{font-size:13pt;margin:14pt 0 4pt;break-after:avoid}}\
         .sub{{color:#555;margin-top:0}} .note{{font-size:9pt;color:#666}}\
         .banner{{font-weight:bold;color:#a00;letter-spacing:2pt}}\
         table{{width:100%;border-collapse:collapse;margin:4pt 0}} thead{{display:table-header-group}}\
         th{{background:#e6e6e6;text-align:left}} th,td{{padding:3pt 4pt;border-bottom:.5pt solid #ccc;vertical-align:top}}\
         .kv td:first-child{{width:30%;color:#444}} tr{{break-inside:avoid}}\
         </style></head><body>{body}<footer class=note>{footer}</footer></body></html>",
        title = esc(&doc.title),
        regular = f("DejaVuSans.ttf"),
        bold = f("DejaVuSans-Bold.ttf"),
        footer = esc(&doc.footer_left),
    )
}

fn pages(pdf: &Path) -> Option<usize> {
    let out = Command::new("pdfinfo").arg(pdf).output().ok()?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find(|l| l.starts_with("Pages:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// One headless print, as documented for Chromium; a fresh profile each time. Returns ms.
fn chromium_print(chromium: &Path, html: &Path, out: &Path) -> f64 {
    let profile = tempfile::tempdir().expect("profile dir");
    let _ = std::fs::remove_file(out);
    let t = Instant::now();
    let status = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", out.display()))
        .arg(format!("file://{}", html.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run chromium");
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    assert!(
        status.success() && out.metadata().is_ok_and(|m| m.len() > 0),
        "chromium did not print {} ({status})",
        html.display()
    );
    ms
}

/// Both documents: ours `runs` times, Chromium `chromium_runs` times (after one warm-up each).
pub fn measure(
    core: &Core,
    meeting: Id,
    case: Id,
    chromium: &Path,
    fonts: &Path,
    runs: usize,
    chromium_runs: usize,
) -> Vec<Doc> {
    let out_dir = tempfile::Builder::new()
        .prefix("faelles-bench-pdf-")
        .tempdir()
        .expect("temp dir");
    type Build<'a> = Box<dyn Fn() -> Document + 'a>;
    let docs: [(&'static str, Build); 2] = [
        (
            "citizen summary",
            Box::new(|| core.citizen_summary_document(case).expect("summary")),
        ),
        (
            "minutes",
            Box::new(|| core.minutes_document(meeting).expect("minutes")),
        ),
    ];
    let mut result = Vec::new();
    for (name, build) in &docs {
        let ours_file: PathBuf = out_dir
            .path()
            .join(format!("{}.pdf", name.replace(' ', "-")));
        let mut rendered = None;
        let ours = Summary::of(&time_ms(3, runs, || {
            let r = faelles_pdf::render(&build()).expect("render");
            std::fs::write(&ours_file, &r.bytes).expect("write");
            rendered = Some(r);
        }));
        let r = rendered.expect("rendered");
        let build_only = Summary::of(&time_ms(3, runs, || {
            std::hint::black_box(build());
        }));
        let doc = build();
        let render_only = Summary::of(&time_ms(3, runs, || {
            std::hint::black_box(faelles_pdf::render(&doc).expect("render"));
        }));
        let html_file = out_dir
            .path()
            .join(format!("{}.html", name.replace(' ', "-")));
        std::fs::write(&html_file, html(&build(), fonts)).expect("write html");
        let chrome_file = out_dir
            .path()
            .join(format!("{}-chromium.pdf", name.replace(' ', "-")));
        chromium_print(chromium, &html_file, &chrome_file);
        let chromium_ms: Vec<f64> = (0..chromium_runs)
            .map(|_| chromium_print(chromium, &html_file, &chrome_file))
            .collect();
        if let Some(keep) = std::env::var_os("BENCH_KEEP_PDF") {
            let keep = PathBuf::from(keep);
            let _ = std::fs::create_dir_all(&keep);
            for f in [&ours_file, &html_file, &chrome_file] {
                let _ = std::fs::copy(f, keep.join(f.file_name().expect("name")));
            }
        }
        result.push(Doc {
            name,
            ours,
            build: build_only,
            render: render_only,
            ours_pages: r.pages,
            ours_kb: r.bytes.len() as f64 / 1024.0,
            chromium: Summary::of(&chromium_ms),
            chromium_pages: pages(&chrome_file),
            chromium_kb: chrome_file.metadata().map_or(0, |m| m.len()) as f64 / 1024.0,
        });
    }
    result
}
