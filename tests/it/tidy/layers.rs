//! The core's layers (ground → store → core → areas → outputs → app, docs/ARCHITECTURE.md
//! "Codemap"): each module imports only from the layers below it; `rusqlite` only in the
//! store; file I/O in the core only in the store, `backup.rs` and `export/`. Each rule lists
//! every breach at once, then fails.

use super::*;
use std::collections::BTreeSet;

/// How the modules of one layer may use each other.
#[derive(Clone, Copy, PartialEq)]
enum Within {
    /// A module may import those listed before it in its layer (never after: no cycle).
    Ordered,
    /// None imports another of its layer: they meet only through `Core`'s methods.
    Apart,
}

/// One layer of faelles-core: its modules (the first name of a `crate::` path).
struct Layer {
    name: &'static str,
    within: Within,
    modules: &'static [&'static str],
}

/// The layers of faelles-core, bottom up (docs/ARCHITECTURE.md, "Codemap"). A module may
/// import (`crate::…`, `super::…`) every module of the layers below its own, and within its
/// layer what [`Within`] allows; nothing of a layer above. Test code (`#[cfg(test)] mod
/// tests`, `tests.rs`) is not counted: a test may use anything.
const CORE_LAYERS: &[Layer] = &[
    Layer {
        name: "ground",
        within: Within::Ordered,
        modules: &[
            "cpr",
            "utf16",
            "error",
            "files",
            "calendar",
            "domain",
            "templates",
            "drafts",
            "words",
        ],
    },
    Layer {
        name: "store",
        within: Within::Ordered,
        modules: &["store", "backup"],
    },
    Layer {
        name: "core",
        within: Within::Apart,
        modules: &["core"],
    },
    Layer {
        name: "areas",
        within: Within::Apart,
        modules: &[
            "team",
            "citizens",
            "meetings",
            "cases",
            "slots",
            "run",
            "followup",
            "report",
            "handover",
            "privacy",
            "template_versions",
        ],
    },
    Layer {
        name: "outputs",
        within: Within::Ordered,
        modules: &["projection", "chair", "documents", "export"],
    },
    Layer {
        name: "app",
        within: Within::Apart,
        modules: &["lib", "demo", "preview", "testing"],
    },
];

/// The layer (its index) and the position in it of a top-level module of faelles-core.
fn layer_of(module: &str) -> Option<(usize, usize)> {
    CORE_LAYERS.iter().enumerate().find_map(|(i, l)| {
        l.modules
            .iter()
            .position(|m| *m == module)
            .map(|pos| (i, pos))
    })
}

/// Why `from` may not import `to` (top-level modules of faelles-core), or `None` if it may.
fn layer_breach(from: &str, to: &str) -> Option<String> {
    if from == to {
        return None;
    }
    let Some((lf, pf)) = layer_of(from) else {
        return Some(format!("`{from}` is in no layer of the table"));
    };
    let Some((lt, pt)) = layer_of(to) else {
        return Some(format!("`{to}` is in no layer of the table"));
    };
    let (a, b) = (&CORE_LAYERS[lf], &CORE_LAYERS[lt]);
    let why = if lt > lf {
        format!(
            "{} ({}) imports {} ({}), a layer above",
            from, a.name, to, b.name
        )
    } else if lt < lf {
        return None;
    } else if a.within == Within::Apart {
        format!(
            "{from} imports {to}: both are {}, which never import each other",
            a.name
        )
    } else if pt > pf {
        format!(
            "{from} imports {to}, which comes after it in {} (only earlier ones)",
            a.name
        )
    } else {
        return None;
    };
    Some(why)
}

/// `text` without comments (each replaced by spaces, so byte offsets and lines stay) and
/// without the test code at its end (from `#[cfg(test)]` before a `mod`).
fn core_code(text: &str) -> String {
    let mut end = text.len();
    let mut at = 0;
    while let Some(i) = text[at..].find("#[cfg(test)]") {
        let i = at + i;
        let next = text[i + "#[cfg(test)]".len()..].trim_start();
        if next.starts_with("mod ") || next.starts_with("pub mod ") {
            end = i;
            break;
        }
        at = i + 1;
    }
    text[..end]
        .lines()
        .map(|l| match l.find("//") {
            Some(i) => format!("{}{}", &l[..i], " ".repeat(l.len() - i)),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `file:line: text` for each line of `p`'s code (`core_code`: no test module, no comment)
/// that `bad` accepts; the line is shown as written.
fn core_lines_where(p: &Path, bad: impl Fn(&str) -> bool) -> Vec<String> {
    let text = read(p);
    core_code(&text)
        .lines()
        .zip(text.lines())
        .enumerate()
        .filter(|(_, (code, _))| bad(code))
        .map(|(i, (_, shown))| format!("{}:{}: {}", rel(p), i + 1, shown.trim()))
        .collect()
}

/// The first names of the items of a `{…}` group starting at `text[open]` (`{`), and where
/// the group ends.
fn group_heads(text: &str, open: usize) -> (Vec<String>, usize) {
    let mut depth = 0;
    let mut item = String::new();
    let mut heads = Vec::new();
    for (i, c) in text[open..].char_indices() {
        match c {
            '{' => {
                depth += 1;
                if depth == 1 {
                    continue;
                }
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    heads.push(item);
                    // `store`, `run::case_key`, `calendar as cal`, `self`: the first name.
                    let heads = heads
                        .iter()
                        .map(|s| {
                            s.trim()
                                .chars()
                                .take_while(|c| c.is_alphanumeric() || *c == '_')
                                .collect::<String>()
                        })
                        .filter(|s| !s.is_empty())
                        .collect();
                    return (heads, open + i);
                }
            }
            ',' if depth == 1 => {
                heads.push(std::mem::take(&mut item));
                continue;
            }
            _ => {}
        }
        if depth == 1 {
            item.push(c);
        }
    }
    (heads, text.len())
}

/// Every module of faelles-core that `code` (of the module at `path`, e.g. ["run", "notes"]
/// for run/notes.rs) names through `crate::` or `super::`: (byte offset, top-level module).
/// Names the crate root re-exports (`crate::Core`) count as their module (`reexports`).
fn core_imports(
    code: &str,
    path: &[String],
    reexports: &std::collections::BTreeMap<String, String>,
) -> Vec<(usize, String)> {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = Vec::new();
    let mut at = 0;
    while at < code.len() {
        let rest = &code[at..];
        let (i, relative) = match (rest.find("crate::"), rest.find("super::")) {
            (Some(c), Some(s)) if s < c => (s, true),
            (Some(c), _) => (c, false),
            (None, Some(s)) => (s, true),
            (None, None) => break,
        };
        let start = at + i;
        let before = code[..start].chars().next_back();
        if before.is_some_and(|b| ident(b) || b == '$') {
            at = start + 1;
            continue;
        }
        // Where the path is resolved from: the crate root, or `path` minus one per `super`.
        let mut base: Vec<String> = if relative { path.to_vec() } else { Vec::new() };
        let mut p = start + if relative { 0 } else { "crate::".len() };
        while code[p..].starts_with("super::") {
            base.pop();
            p += "super::".len();
        }
        let heads: Vec<String> = if code[p..].starts_with('{') {
            let (heads, end) = group_heads(code, p);
            at = end;
            heads
        } else {
            let name: String = code[p..].chars().take_while(|c| ident(*c)).collect();
            at = p + name.len().max(1);
            vec![name]
        };
        for head in heads {
            let top = match base.first() {
                Some(m) => m.clone(),
                None if head == "self" || head.is_empty() => continue,
                None => reexports.get(&head).cloned().unwrap_or(head),
            };
            out.push((start, top));
        }
    }
    out
}

/// What faelles-core's lib.rs re-exports at the crate root: name → module.
fn core_reexports(lib: &str) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    for line in lib.lines().map(str::trim) {
        let Some(path) = line.strip_prefix("pub use ") else {
            continue;
        };
        let path = path.trim_end_matches(';').trim_start_matches("crate::");
        let Some((module, rest)) = path.split_once("::") else {
            continue;
        };
        let names: Vec<&str> = match rest.strip_prefix('{') {
            Some(g) => g.trim_end_matches('}').split(',').collect(),
            None => vec![rest.rsplit("::").next().unwrap_or(rest)],
        };
        for n in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
            out.insert(n.to_string(), module.to_string());
        }
    }
    out
}

/// The layers of faelles-core, checked on its source: every module is in one layer of
/// [`CORE_LAYERS`], every module there exists, and no module imports one it may not. Fails
/// once with every breach.
#[test]
fn the_core_s_layers_import_only_downwards() {
    let src = "crates/faelles-core/src";
    let lib = read(&root().join(src).join("lib.rs"));
    let reexports = core_reexports(&lib);
    assert!(
        reexports.get("Core").map(String::as_str) == Some("core"),
        "lib.rs's re-exports were not read: {reexports:?}"
    );
    let mut bad = Vec::new();
    let mut seen = BTreeSet::new();
    for p in files(src, ".rs") {
        let rel_path = p
            .strip_prefix(root().join(src))
            .expect("under src")
            .with_extension("");
        let mut path: Vec<String> = rel_path
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if path.last().is_some_and(|l| l == "tests") {
            continue; // a test module of its own file (`mod tests;`)
        }
        if path.last().is_some_and(|l| l == "mod") || path == ["lib"] {
            path.pop();
        }
        let module = path.first().cloned().unwrap_or_else(|| "lib".into());
        if p.parent().is_some_and(|d| d.ends_with("migrations")) {
            continue;
        }
        seen.insert(module.clone());
        let text = read(&p);
        let code = core_code(&text);
        for (offset, to) in core_imports(&code, &path, &reexports) {
            if let Some(why) = layer_breach(&module, &to) {
                let line = code[..offset].matches('\n').count() + 1;
                let shown = text.lines().nth(line - 1).unwrap_or_default().trim();
                bad.push(format!("{}:{line}: {why}\n    {shown}", rel(&p)));
            }
        }
    }
    for l in CORE_LAYERS {
        for m in l.modules {
            if !seen.contains(*m) {
                bad.push(format!(
                    "{src}: `{m}` ({}) is in the layer table but not in the tree",
                    l.name
                ));
            }
        }
    }
    for m in &seen {
        if layer_of(m).is_none() {
            bad.push(format!(
                "{src}: `{m}` is in no layer: add it to CORE_LAYERS (tests/it/tidy/layers.rs) and \
                 to the codemap"
            ));
        }
    }
    assert!(
        seen.len() > 20,
        "the core's modules were not read: {seen:?}"
    );
    assert!(
        bad.is_empty(),
        "faelles-core's layers (bottom up: {}) are broken in {} place(s):\n{}",
        CORE_LAYERS
            .iter()
            .map(|l| format!("{} [{}]", l.name, l.modules.join(", ")))
            .collect::<Vec<_>>()
            .join(" < "),
        bad.len(),
        bad.join("\n")
    );
}

/// Only the store knows rusqlite: the areas and outputs get its typed handles
/// (`store::Reader`, `store::Writer`), never a `rusqlite::Connection`; the shell never sees
/// the database at all. One exception: error.rs, whose `CoreError::Db` carries rusqlite's
/// error and tells a full disk or a read-only folder from it.
#[test]
fn only_the_store_knows_rusqlite() {
    let mut bad = Vec::new();
    for dir in ["crates/faelles-core/src", "src-tauri/src"] {
        for p in files(dir, ".rs") {
            if under(&p, "crates/faelles-core/src/store") || p.ends_with("src/error.rs") {
                continue;
            }
            bad.extend(core_lines_where(&p, |line| line.contains("rusqlite")));
        }
    }
    assert!(
        bad.is_empty(),
        "rusqlite outside crates/faelles-core/src/store (use store::Reader / Writer):\n{}",
        bad.join("\n")
    );
}

/// In the core only three places touch files: the database (`store/`), its backups
/// (`backup.rs`) and everything the app exports (`export/`), through the helpers of
/// `files.rs`. Documents are PDF content, read models are values: neither writes anything.
#[test]
fn only_the_store_backup_and_export_touch_files() {
    const FILE_IO: &[&str] = &["std::fs", "fs::", "File::", "OpenOptions", "files::"];
    let src = "crates/faelles-core/src";
    let mut bad = Vec::new();
    for p in files(src, ".rs") {
        if under(&p, "crates/faelles-core/src/store")
            || under(&p, "crates/faelles-core/src/export")
            || p.ends_with("src/backup.rs")
            || p.ends_with("src/files.rs")
            || p.file_stem().is_some_and(|s| s == "tests")
        {
            continue;
        }
        bad.extend(core_lines_where(&p, |line| {
            FILE_IO.iter().any(|w| line.contains(w))
        }));
    }
    assert!(
        bad.is_empty(),
        "file I/O in the core outside store/, backup.rs and export/:\n{}",
        bad.join("\n")
    );
}
