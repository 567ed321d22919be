//! Checking a PDF the way an archive or an accessibility audit would (feature `validate`,
//! used by the tests): the `page_validation` crate against PDF/A-2a and PDF/UA-1, and the
//! command-line tools `qpdf --check`, `pdffonts` (every font embedded) and `pdfinfo`
//! (`Tagged: yes`, no encryption).
//!
//! [`tool`] is the one way the tests run those tools (and `pdftotext`). A test built for
//! Windows and run under Wine cannot start Linux programs, so there the tool runs on the
//! host: with `FAELLES_HOST_TOOLS=<address>` set (scripts/windows-test.sh does), [`tool`]
//! sends the tool's name, its arguments and the PDF's bytes — as the Windows build wrote
//! them — to [`serve`] (the example `host-tools`), which runs the tool on a copy and sends
//! back what it printed. The assertions are the same everywhere.

use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;

use page_validation::{validate_pdf_bytes, ValidationOptions, ValidationProfile};

/// What a check found: one line per failed rule or tool complaint. Empty means conformant.
#[derive(Debug, Default)]
pub struct Findings {
    /// Rules checked per profile, e.g. `("PDF/A-2a", 130)`.
    pub rules_checked: Vec<(&'static str, u32)>,
    pub problems: Vec<String>,
}

const PROFILES: [(ValidationProfile, &str); 2] = [
    (ValidationProfile::PdfA2a, "PDF/A-2a"),
    (ValidationProfile::PdfUa1, "PDF/UA-1"),
];

/// Validate `bytes` against PDF/A-2a and PDF/UA-1 with `page_validation`.
pub fn profiles(bytes: &[u8]) -> Findings {
    let mut out = Findings::default();
    for (profile, name) in PROFILES {
        let options = ValidationOptions::default().profile(profile);
        match validate_pdf_bytes(bytes, &options) {
            Ok(report) => {
                out.rules_checked.push((name, report.rules.total as u32));
                for f in report.failures {
                    out.problems
                        .push(format!("{name} {}: {}", f.rule_id, f.message));
                }
                if !report.is_compliant && out.problems.is_empty() {
                    out.problems.push(format!("{name}: not compliant"));
                }
            }
            Err(e) => out
                .problems
                .push(format!("{name}: could not validate: {e}")),
        }
    }
    out
}

fn run(name: &str, args: &[&str], pdf: &Path) -> Result<String, String> {
    let out = tool(name, args, pdf)?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &out.stderr;
    if out.success {
        Ok(text)
    } else {
        Err(format!("{name} {args:?} failed: {}", text.trim()))
    }
}

/// The tools [`tool`] runs (and [`serve`] accepts): poppler's, qpdf, and `sha256sum` (an
/// implementation of SHA-256 independent of the app's).
pub const TOOLS: [&str; 5] = ["pdftotext", "pdfinfo", "pdffonts", "qpdf", "sha256sum"];

/// Set to the address of a [`serve`]r: the tools run there (see the module docs).
pub const HOST_TOOLS_ENV: &str = "FAELLES_HOST_TOOLS";

/// What a tool printed, and whether it succeeded (exit code 0).
#[derive(Debug)]
pub struct ToolOutput {
    pub success: bool,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

/// Runs `name args… <pdf>` (pdftotext: `… <pdf> -`, the text on standard output), one of
/// [`TOOLS`], here or — with [`HOST_TOOLS_ENV`] set — on the host. `Err` when it could not
/// run at all.
pub fn tool(name: &str, args: &[&str], pdf: &Path) -> Result<ToolOutput, String> {
    if !TOOLS.contains(&name) {
        return Err(format!("{name} is not one of the PDF tools {TOOLS:?}"));
    }
    match std::env::var(HOST_TOOLS_ENV) {
        Ok(addr) if !addr.is_empty() => {
            let bytes = std::fs::read(pdf).map_err(|e| format!("{}: {e}", pdf.display()))?;
            on_host(&addr, name, args, &bytes)
                .map_err(|e| format!("{name} on the host ({HOST_TOOLS_ENV}={addr}): {e}"))
        }
        _ => run_here(name, args, pdf).map_err(|e| {
            format!(
                "{name} could not run (scripts/deps.sh installs it; a Windows build runs it on \
                 the host through scripts/windows-test.sh): {e}"
            )
        }),
    }
}

/// [`tool`] that must succeed: its standard output as UTF-8 (for the tests).
#[track_caller]
pub fn tool_text(name: &str, args: &[&str], pdf: &Path) -> String {
    let out = tool(name, args, pdf).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.success,
        "{name} {args:?} failed on {}: {}",
        pdf.display(),
        out.stderr
    );
    String::from_utf8(out.stdout).unwrap_or_else(|e| panic!("{name} wrote no UTF-8: {e}"))
}

fn run_here(name: &str, args: &[&str], pdf: &Path) -> std::io::Result<ToolOutput> {
    let mut cmd = Command::new(name);
    cmd.args(args).arg(pdf);
    if name == "pdftotext" {
        cmd.arg("-");
    }
    let out = cmd.output()?;
    Ok(ToolOutput {
        success: out.status.success(),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    })
}

// The host protocol, one request per connection. Request: the number of strings (u32),
// each string (u32 length + UTF-8: the tool's name, then its arguments), the PDF (u64
// length + bytes). Answer: 0 or 1 (u8: whether it succeeded), standard output and standard
// error (u64 length + bytes each). Integers little-endian.

fn put(w: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    w.write_all(&(bytes.len() as u64).to_le_bytes())?;
    w.write_all(bytes)
}

fn take(r: &mut impl Read, max: u64) -> std::io::Result<Vec<u8>> {
    let mut n = [0; 8];
    r.read_exact(&mut n)?;
    let n = u64::from_le_bytes(n);
    if n > max {
        return Err(std::io::Error::other(format!("{n} bytes is too much")));
    }
    let mut out = vec![0; n as usize];
    r.read_exact(&mut out)?;
    Ok(out)
}

fn on_host(addr: &str, name: &str, args: &[&str], pdf: &[u8]) -> std::io::Result<ToolOutput> {
    let mut s = std::net::TcpStream::connect(addr)?;
    let mut req = Vec::new();
    req.extend(((args.len() + 1) as u32).to_le_bytes());
    for a in std::iter::once(&name).chain(args) {
        req.extend((a.len() as u32).to_le_bytes());
        req.extend(a.as_bytes());
    }
    put(&mut req, pdf)?;
    s.write_all(&req)?;
    let mut ok = [0];
    s.read_exact(&mut ok)?;
    let stdout = take(&mut s, u64::MAX)?;
    let stderr = take(&mut s, u64::MAX)?;
    Ok(ToolOutput {
        success: ok[0] == 1,
        stdout,
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    })
}

/// The host's side: answers [`tool`] requests on `listener` (bound to the loopback address)
/// until the process ends, running only [`TOOLS`], each on its own copy of the PDF in the
/// temp folder. One thread per request.
pub fn serve(listener: std::net::TcpListener) -> std::io::Result<()> {
    let dir = tempfile_dir()?;
    for (n, conn) in listener.incoming().enumerate() {
        let Ok(mut conn) = conn else {
            continue; // a connection that failed to arrive: its client reports it
        };
        let pdf = dir.join(format!("{n}.pdf"));
        std::thread::spawn(move || {
            let answer = answer(&mut conn, &pdf).unwrap_or_else(|e| ToolOutput {
                success: false,
                stdout: Vec::new(),
                stderr: format!("host-tools: {e}"),
            });
            let _ = std::fs::remove_file(&pdf);
            let mut out = vec![u8::from(answer.success)];
            let _ = put(&mut out, &answer.stdout)
                .and_then(|()| put(&mut out, answer.stderr.as_bytes()))
                .and_then(|()| conn.write_all(&out));
        });
    }
    Ok(())
}

fn tempfile_dir() -> std::io::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("faelles-host-tools-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

fn answer(conn: &mut std::net::TcpStream, pdf: &Path) -> std::io::Result<ToolOutput> {
    let mut n = [0; 4];
    conn.read_exact(&mut n)?;
    let mut strings = Vec::new();
    for _ in 0..u32::from_le_bytes(n).min(64) {
        conn.read_exact(&mut n)?;
        let mut s = vec![0; u32::from_le_bytes(n).min(4096) as usize];
        conn.read_exact(&mut s)?;
        strings.push(String::from_utf8(s).map_err(std::io::Error::other)?);
    }
    let bytes = take(conn, 1 << 30)?;
    let Some((name, args)) = strings.split_first() else {
        return Err(std::io::Error::other("no tool named"));
    };
    if !TOOLS.contains(&name.as_str()) {
        return Err(std::io::Error::other(format!("{name} is not a PDF tool")));
    }
    // Options and plain values only (`-layout`, `-enc`, `UTF-8`, `66`): no path, no `@file`.
    let plain = |a: &String| {
        !a.is_empty()
            && a.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    };
    if let Some(a) = args.iter().find(|a| !plain(a)) {
        return Err(std::io::Error::other(format!(
            "{a:?} is not a plain option"
        )));
    }
    std::fs::write(pdf, bytes)?;
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run_here(name, &args, pdf)
}

/// Everything: the two profiles, then `qpdf --check`, `pdffonts` and `pdfinfo` on the file
/// at `path` (which holds `bytes`).
pub fn all(bytes: &[u8], path: &Path) -> Findings {
    let mut out = profiles(bytes);
    match run("qpdf", &["--check"], path) {
        Ok(text) if text.contains("No syntax or stream encoding errors") => {}
        Ok(text) => out.problems.push(format!("qpdf --check: {}", text.trim())),
        Err(e) => out.problems.push(e),
    }
    match run("pdffonts", &[], path) {
        Ok(text) => {
            for row in text.lines().skip(2).filter(|l| !l.trim().is_empty()) {
                // name type… encoding emb sub uni object-id gen
                let cols: Vec<&str> = row.split_whitespace().collect();
                if cols.len() < 7 || cols[cols.len() - 5] != "yes" {
                    out.problems.push(format!("pdffonts: not embedded: {row}"));
                }
            }
        }
        Err(e) => out.problems.push(e),
    }
    match run("pdfinfo", &[], path) {
        Ok(text) => {
            let field = |key: &str| {
                text.lines()
                    .find_map(|l| l.strip_prefix(key))
                    .map(|v| v.trim().to_string())
            };
            if field("Tagged:").as_deref() != Some("yes") {
                out.problems.push("pdfinfo: not tagged".into());
            }
            if field("Encrypted:").as_deref() != Some("no") {
                out.problems.push("pdfinfo: encrypted".into());
            }
        }
        Err(e) => out.problems.push(e),
    }
    out
}
