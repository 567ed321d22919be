//! The shell's and the windows' rules: every command is bound through `commands::Chair` (so
//! none can forget that only the chair window may call it), the shell's modules import no
//! circle, every error kind the UI names is in the shell's `ErrorKind`, and the citizen
//! screen's script imports nothing.

use super::{files, read, registered_commands, rel, root, under};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Types a command must not take: each would reach the app, the state or a window without
/// the chair check (`Chair` gives what a command needs, after the check).
const AROUND_THE_CHAIR: &[&str] = &["State", "AppHandle", "Webview", "WebviewWindow", "Window"];

/// `(name, parameters)` of each `#[tauri::command]` function in `text`: the parameters as
/// written, split at the top level's commas.
fn commands_in(text: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices("#[tauri::command") {
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        if text[line_start..at].trim_start().starts_with("//") {
            continue; // a comment about a command
        }
        let rest = &text[at..];
        let Some(f) = rest.find("fn ") else { continue };
        let sig = &rest[f + 3..];
        let Some(open) = sig.find('(') else { continue };
        let name = sig[..open].trim().to_string();
        let (mut depth, mut params, mut cur) = (0i32, Vec::new(), String::new());
        for c in sig[open + 1..].chars() {
            match c {
                '(' | '<' | '[' => depth += 1,
                ')' if depth == 0 => break,
                ')' | '>' | ']' => depth -= 1,
                ',' if depth == 0 => {
                    params.push(std::mem::take(&mut cur));
                    continue;
                }
                _ => {}
            }
            cur.push(c);
        }
        params.push(cur);
        let params = params
            .into_iter()
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .collect();
        out.push((name, params));
    }
    out
}

/// The type of a parameter `name: Type`, without its path (`tauri::State<'_, T>` → `State`).
fn bare_type(param: &str) -> &str {
    let ty = param.split_once(':').map_or(param, |(_, t)| t).trim();
    let ty = ty.split('<').next().unwrap_or(ty);
    ty.rsplit("::").next().unwrap_or(ty).trim()
}

#[test]
fn every_command_is_bound_through_the_chair() {
    // A command takes `chair: Chair` first (Tauri makes a `Chair` only for a call from the
    // chair window, so the check cannot be forgotten) and nothing that would go around it;
    // commands live in src-tauri/src/commands, and every registered command is one of them.
    let mut bad = Vec::new();
    let mut found = BTreeSet::new();
    for p in files("src-tauri/src", ".rs") {
        for (name, params) in commands_in(&read(&p)) {
            let r = rel(&p);
            if !under(&p, "src-tauri/src/commands") {
                bad.push(format!(
                    "{r}: command `{name}` outside src-tauri/src/commands"
                ));
            }
            if params.first().map(|p| bare_type(p)) != Some("Chair") {
                bad.push(format!(
                    "{r}: command `{name}` does not take `chair: Chair` first ({params:?}): \
                     nothing checks that the chair window called it"
                ));
            }
            for p in &params {
                if AROUND_THE_CHAIR.contains(&bare_type(p)) {
                    bad.push(format!(
                        "{r}: command `{name}` takes `{p}`, which goes around the chair check \
                         (use `chair.read`/`mutate`/`change`/`state()`/`app()`)"
                    ));
                }
            }
            found.insert(name);
        }
    }
    let registered = registered_commands();
    assert!(found.len() > 20, "no commands were found: {found:?}");
    for name in registered.difference(&found) {
        bad.push(format!(
            "`{name}` is registered in main.rs but no #[tauri::command] fn of that name was \
             checked"
        ));
    }
    assert!(
        bad.is_empty(),
        "commands bind through `commands::Chair` (src-tauri/src/commands/chair.rs):\n{}",
        bad.join("\n")
    );
}

/// The modules of the shell that a file of src-tauri/src uses through `crate::` (a file of
/// commands/ is the module `commands`).
fn shell_module(p: &Path) -> String {
    let r = p
        .strip_prefix(root().join("src-tauri/src"))
        .unwrap_or(p)
        .to_path_buf();
    let first = r
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let first = first.unwrap_or_default();
    first.strip_suffix(".rs").unwrap_or(&first).to_string()
}

/// The names after `crate::` in `text`: `crate::a::…` gives `a`, `crate::{a, b::c}` gives `a`
/// and `b`.
fn crate_uses(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("//") {
            continue;
        }
        for (at, _) in line.match_indices("crate::") {
            let rest = &line[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let group = group.split('}').next().unwrap_or_default();
                out.extend(group.split(',').map(|g| ident(g.trim())));
            } else {
                out.insert(ident(rest));
            }
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

#[test]
fn the_shells_modules_import_no_circle() {
    // main.rs declares every module and is left out; any other two modules use each other in
    // one direction at most (state.rs uses events.rs; events.rs knows nothing of the state).
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for p in files("src-tauri/src", ".rs") {
        let m = shell_module(&p);
        if m == "main" {
            continue;
        }
        let uses = crate_uses(&read(&p));
        let entry = graph.entry(m.clone()).or_default();
        entry.extend(uses.into_iter().filter(|u| *u != m));
    }
    assert!(
        graph.get("state").is_some_and(|s| s.contains("events")),
        "the shell's import graph was not read: {graph:?}"
    );
    let mut circles = BTreeSet::new();
    for start in graph.keys() {
        // Every path from `start` that comes back to it.
        let mut stack = vec![vec![start.clone()]];
        while let Some(path) = stack.pop() {
            let last = path.last().expect("a path");
            for next in graph.get(last).into_iter().flatten() {
                if next == start {
                    let mut c = path.clone();
                    // One name per circle, whichever module it starts from.
                    let min = (0..c.len()).min_by_key(|&i| &c[i]).unwrap_or(0);
                    c.rotate_left(min);
                    let first = c[0].clone();
                    c.push(first);
                    circles.insert(c.join(" → "));
                } else if !path.contains(next) {
                    let mut p = path.clone();
                    p.push(next.clone());
                    stack.push(p);
                }
            }
        }
    }
    assert!(
        circles.is_empty(),
        "modules of src-tauri/src that import each other (through crate::):\n{}",
        circles.into_iter().collect::<Vec<_>>().join("\n")
    );
}

/// The variants of `pub enum <name> {` in `text` (attributes and comments skipped).
fn enum_variants(text: &str, name: &str) -> Option<Vec<String>> {
    let start = text.find(&format!("pub enum {name} {{"))?;
    let body = &text[start..];
    let body = &body[body.find('{')? + 1..];
    let mut out = Vec::new();
    let (mut depth, mut attr, mut cur) = (0i32, false, String::new());
    for line in body.lines() {
        let t = line.trim();
        if t.starts_with("//") {
            continue;
        }
        for c in t.chars() {
            match c {
                '#' if depth == 0 => attr = true,
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' if depth > 0 => {
                    depth -= 1;
                    if depth == 0 && attr && c == ']' {
                        attr = false;
                    }
                }
                '}' => {
                    out.extend(Some(std::mem::take(&mut cur)).filter(|v| !v.is_empty()));
                    return Some(out);
                }
                ',' if depth == 0 && !attr => {
                    out.extend(Some(std::mem::take(&mut cur)).filter(|v| !v.is_empty()));
                }
                c if depth == 0 && !attr && (c.is_alphanumeric() || c == '_') => cur.push(c),
                _ => {}
            }
        }
    }
    None
}

/// The quoted words of an array literal's inside (`'A', 'B']…`: up to its `]`).
fn array_words(text: &str) -> Vec<String> {
    let inner = text.split(']').next().unwrap_or_default();
    inner
        .split(['\'', '"'])
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The error kinds `text` (a UI module) names: a quoted word compared with or given as a
/// `kind` (`e.kind === 'X'`, `kind: 'X'`, `e.kind || 'X'`), and the words of an array that
/// `.includes(e.kind)` (written there, or a `const` of the same module).
fn ui_kinds(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let code: Vec<&str> = text
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            !(t.starts_with("//") || t.starts_with('*') || t.starts_with("/*"))
        })
        .collect();
    for line in &code {
        for (at, _) in line.match_indices("kind") {
            let before = line[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let after = line[at + 4..].trim_start();
            let Some(op) = ["===", "!==", "==", "!=", "||", "??", ":"]
                .iter()
                .find(|op| after.starts_with(**op))
            else {
                continue;
            };
            let value = after[op.len()..].trim_start();
            if let Some(q) = value.chars().next().filter(|c| *c == '\'' || *c == '"') {
                let word: String = value[1..].chars().take_while(|c| *c != q).collect();
                if word.chars().next().is_some_and(char::is_uppercase) {
                    out.insert(word);
                }
            }
        }
        for (at, _) in line.match_indices(".includes(") {
            let arg = &line[at + ".includes(".len()..];
            if !arg.split(')').next().unwrap_or_default().contains("kind") {
                continue;
            }
            let recv = &line[..at];
            if let Some(open) = recv.strip_suffix(']').and_then(|r| r.rfind('[')) {
                out.extend(array_words(&recv[open + 1..]));
            } else {
                let name: String = recv
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                let def = format!("const {name} = [");
                let whole = code.join("\n");
                if let Some(i) = whole.find(&def) {
                    out.extend(array_words(&whole[i + def.len()..]));
                }
            }
        }
    }
    out
}

#[test]
fn every_error_kind_the_ui_names_is_in_the_shells_error_kind() {
    // The UI branches on `kind`: each it names is a kind of the core (CoreError) or of the
    // shell (ShellKind, which also holds the one the UI makes itself, `Internal`), so that
    // the shell's `ErrorKind` is the one list of them.
    let core: Vec<String> = files("crates/faelles-core/src", ".rs")
        .iter()
        .find_map(|p| enum_variants(&read(p), "ErrorKind"))
        .expect("`pub enum ErrorKind {` in crates/faelles-core/src");
    let shell = enum_variants(&read(&root().join("src-tauri/src/error.rs")), "ShellKind")
        .expect("`pub enum ShellKind {` in src-tauri/src/error.rs");
    assert!(
        core.len() > 20 && core.contains(&"ConsentMissing".to_string()),
        "{core:?}"
    );
    assert!(shell.contains(&"Forbidden".to_string()), "{shell:?}");
    let known: BTreeSet<&String> = core.iter().chain(&shell).collect();
    let mut named = BTreeMap::new();
    for p in files("ui/js", ".js") {
        for k in ui_kinds(&read(&p)) {
            named.entry(k).or_insert_with(|| rel(&p));
        }
    }
    assert!(
        named.contains_key("Internal") && named.contains_key("StaleRevision"),
        "the UI's kinds were not read: {named:?}"
    );
    let unknown: Vec<String> = named
        .iter()
        .filter(|(k, _)| !known.contains(k))
        .map(|(k, file)| format!("{file}: `{k}`"))
        .collect();
    assert!(
        unknown.is_empty(),
        "error kinds the UI names that the shell's ErrorKind does not have (add them to \
         ShellKind in src-tauri/src/error.rs, or use the core's):\n{}",
        unknown.join("\n")
    );
}

#[test]
fn the_screen_script_imports_nothing() {
    // The citizen screen's page runs one script, which imports no module: nothing of the
    // chair window's code (its state, the commands) can come into the screen's page.
    let script = root().join("ui/js/screen.js");
    let mut bad: Vec<String> = read(&script)
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim_start();
            t.starts_with("import ")
                || t.starts_with("import{")
                || (t.starts_with("export ") && t.contains(" from "))
                || l.contains("import(")
        })
        .map(|(i, l)| format!("ui/js/screen.js:{}: {}", i + 1, l.trim()))
        .collect();
    let page = read(&root().join("ui/screen.html"));
    let scripts: Vec<&str> = page.split("<script").skip(1).collect();
    if scripts.len() != 1 || !scripts[0].contains("src=\"js/screen.js\"") {
        bad.push(format!(
            "ui/screen.html: runs {} script(s); the one it may run is js/screen.js",
            scripts.len()
        ));
    }
    assert!(
        bad.is_empty(),
        "the citizen screen's script imports nothing:\n{}",
        bad.join("\n")
    );
}
