//! The tree's rules: faelles-pdf stays free of the domain, every source file is in
//! docs/ARCHITECTURE.md's codemap, and the size rule reaches the UI's modules, the tests and
//! the benches too.

use super::{files, in_folder, read, rel, root};
use std::fs;
use std::path::{Path, PathBuf};

#[test]
fn faelles_pdf_does_not_name_the_core() {
    // The layout engine knows nothing of the domain: its manifest names no faelles-core (in
    // any section, dev-dependencies included).
    let manifest = root().join("crates/faelles-pdf/Cargo.toml");
    let bad: Vec<String> = read(&manifest)
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            let code = l.split('#').next().unwrap_or_default();
            code.contains("faelles-core") || code.contains("faelles_core")
        })
        .map(|(i, l)| format!("{}:{}: {}", rel(&manifest), i + 1, l.trim()))
        .collect();
    assert!(
        bad.is_empty(),
        "faelles-pdf is the generic layout engine; the domain's documents are the core's \
         (crates/faelles-core/src/documents):\n{}",
        bad.join("\n")
    );
}

/// Folders no source file of ours is in (built, installed, generated or test data).
const NOT_SOURCE: &[&str] = &[
    "target",
    "node_modules",
    ".tools",
    "gen",
    "fixtures",
    "permissions",
];
/// What a source file's name ends with.
const SOURCE: &[&str] = &[".rs", ".js", ".mjs", ".html", ".css", ".sh", ".c", ".nsi"];

/// Every source file of the workspace (the folders the codemap speaks of), sorted.
fn source_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let p = e
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
                .path();
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            let name = name.unwrap_or_default();
            if p.is_dir() {
                if !NOT_SOURCE.contains(&name.as_str()) {
                    walk(&p, out);
                }
            } else if SOURCE.iter().any(|ext| name.ends_with(ext)) {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    for dir in ["crates", "src-tauri", "ui", "tests", "benches", "scripts"] {
        let top = root().join(dir);
        assert!(top.is_dir(), "{dir}/ is missing (update the rule)");
        walk(&top, &mut out);
    }
    out.sort();
    out
}

/// One entry of the codemap: the path as written, where it resolves to, and its
/// description (the rest of its line and the lines that carry it on).
struct Entry {
    token: String,
    path: String,
    text: String,
}

/// The entries of every code block in docs/ARCHITECTURE.md's "## Codemap" section. As in
/// `codemap_paths`: a line indented by up to 4 starts an entry (its first column holds one or
/// more paths), one indented by two or more is inside the last unindented folder, and a line
/// indented further carries the description on.
fn codemap_entries() -> Vec<Entry> {
    let doc = read(&root().join("docs/ARCHITECTURE.md"));
    let start = doc.find("## Codemap").expect("a codemap");
    let section = &doc[start..];
    let mut end = section.len();
    let mut fenced = false;
    let mut at = 0;
    for line in section.split_inclusive('\n') {
        if line.starts_with("```") {
            fenced = !fenced;
        } else if !fenced && at > 0 && line.starts_with("## ") {
            end = at;
            break;
        }
        at += line.len();
    }
    let mut out: Vec<Entry> = Vec::new();
    for block in section[..end].split("```").skip(1).step_by(2) {
        let mut top = String::new();
        let mut open = 0..0; // the entries of the line being described
        for line in block.lines() {
            let indent = line.len() - line.trim_start().len();
            if line.trim().is_empty() {
                continue;
            }
            if indent > 4 {
                for e in &mut out[open.clone()] {
                    e.text.push(' ');
                    e.text.push_str(line.trim());
                }
                continue;
            }
            let t = line.trim_start();
            let head = t.split("  ").next().unwrap_or_default();
            let text = t[head.len()..].trim().to_string();
            let first = out.len();
            for token in head
                .split(' ')
                .filter(|t| t.contains('.') || t.ends_with('/'))
            {
                let path = if indent == 0 {
                    token.to_string()
                } else {
                    format!("{top}{token}")
                };
                if indent == 0 && token.ends_with('/') {
                    top = path.clone();
                }
                out.push(Entry {
                    token: token.to_string(),
                    path,
                    text: text.clone(),
                });
            }
            open = first..out.len();
        }
    }
    out
}

/// `*` matches any run of characters but '/'.
fn glob(pattern: &str, s: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == s,
        Some((head, tail)) => {
            let Some(rest) = s.strip_prefix(head) else {
                return false;
            };
            (0..=rest.len())
                .filter(|&i| rest.is_char_boundary(i))
                .take_while(|&i| !rest[..i].contains('/'))
                .any(|i| glob(tail, &rest[i..]))
        }
    }
}

/// Whether `text` names `name` as a path of its own (not as the end of a longer one).
fn names(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || "_./-".contains(c))
            && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// Whether the codemap has `file` (relative to the workspace): listed itself, matched by a
/// listed `*` pattern, or named in the description of a listed folder it lies in (by its
/// path inside that folder, or by a `*` pattern there).
fn in_codemap(entries: &[Entry], file: &str) -> bool {
    entries.iter().any(|e| {
        if e.path.contains('*') {
            return glob(&e.path, file);
        }
        if !e.path.ends_with('/') {
            return e.path == file;
        }
        let Some(inside) = file.strip_prefix(e.path.as_str()) else {
            return false;
        };
        names(&e.text, inside)
            || e.text
                .split(|c: char| c.is_whitespace() || "(),;:`".contains(c))
                .filter(|w| w.contains('*'))
                .any(|w| glob(w, inside))
    })
}

#[test]
fn every_source_file_is_in_the_codemap() {
    let entries = codemap_entries();
    assert!(
        entries.len() > 40 && entries.iter().any(|e| e.token == "src/main.rs"),
        "the codemap was not read"
    );
    let files = source_files();
    assert!(files.len() > 100, "the source files were not found");
    let missing: Vec<String> = files
        .iter()
        .map(|p| rel(p))
        .filter(|f| !in_codemap(&entries, f))
        .collect();
    assert!(
        missing.is_empty(),
        "source files docs/ARCHITECTURE.md's codemap does not have (list each, or a `*` \
         pattern of its folder, or name it in its folder's description):\n{}",
        missing.join("\n")
    );
}

/// How many lines a UI module may have (as a source file of the crates: ≈600 of code).
const UI_LINES: usize = 650;
/// How many lines a file of tests or benches may have: scenarios and their data read longer
/// than code, but a file past this is several areas in one.
const TEST_LINES: usize = 900;

#[test]
fn ui_modules_tests_and_benches_are_split_by_area() {
    let mut checked = Vec::new();
    checked.extend(files("ui/js", ".js").into_iter().map(|p| (p, UI_LINES)));
    for dir in ["tests", "benches"] {
        checked.extend(files(dir, ".rs").into_iter().map(|p| (p, TEST_LINES)));
    }
    checked.extend(
        files("crates", ".rs")
            .into_iter()
            .filter(|p| {
                ["tests", "benches", "examples"]
                    .iter()
                    .any(|d| in_folder(p, d))
            })
            .map(|p| (p, TEST_LINES)),
    );
    let bad: Vec<String> = checked
        .iter()
        .filter_map(|(p, limit)| {
            let n = read(p).lines().count();
            (n > *limit).then(|| format!("{}: {n} lines (at most {limit})", rel(p)))
        })
        .collect();
    assert!(
        bad.is_empty(),
        "split by area (a module per area, as tests/it/main.rs does):\n{}",
        bad.join("\n")
    );
}
