//! Checking a PDF the way an archive or an accessibility audit would (feature `validate`,
//! used by the tests): the `page_validation` crate against PDF/A-2a and PDF/UA-1, and the
//! command-line tools `qpdf --check`, `pdffonts` (every font embedded) and `pdfinfo`
//! (`Tagged: yes`, no encryption).

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

fn run(tool: &str, args: &[&str], pdf: &Path) -> Result<String, String> {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .output()
        .map_err(|e| format!("{tool} is not installed (scripts/deps.sh installs it): {e}"))?;
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    if out.status.success() {
        Ok(text)
    } else {
        Err(format!("{tool} {args:?} failed: {}", text.trim()))
    }
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
