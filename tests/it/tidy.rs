//! The architecture's rules as a test that reads the source tree (in the spirit of
//! rust-analyzer's `xtask/src/tidy.rs`): a rule that is not checked is a wish. Each rule
//! collects every place that breaks it and the test names them all.

mod layers;
mod shell;
mod tree;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .to_path_buf()
}

/// Files under `dir` (relative to the workspace) whose name ends with `ext`, sorted. Fails
/// when `dir` is missing or holds no such file: a rule over a folder that was moved or renamed
/// would otherwise check nothing and pass.
fn files(dir: &str, ext: &str) -> Vec<PathBuf> {
    let out = files_if_any(dir, ext);
    assert!(
        root().join(dir).is_dir(),
        "tidy checks {dir}/, which is missing: a moved or renamed folder makes a rule check \
         nothing (update the rule)"
    );
    assert!(
        !out.is_empty(),
        "tidy checks the *{ext} files under {dir}/ and found none (update the rule)"
    );
    out
}

/// Files under `dir` whose name ends with `ext`, sorted; none when `dir` is missing.
fn files_if_any(dir: &str, ext: &str) -> Vec<PathBuf> {
    fn walk(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
        let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for e in entries {
            let p = e
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
                .path();
            if p.is_dir() {
                walk(&p, ext, out);
            } else if p.to_string_lossy().ends_with(ext) {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    let top = root().join(dir);
    if top.is_dir() {
        walk(&top, ext, &mut out);
    }
    out.sort();
    out
}

/// `p` relative to the workspace, for messages and git: its components joined by '/' on
/// every platform (Windows separates them with '\\'). The rules compare paths by their
/// components ([`under`], [`in_folder`]), never as strings with a separator in them.
fn rel(p: &Path) -> String {
    p.strip_prefix(root())
        .unwrap_or(p)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether `p` lies under `dir` (relative to the workspace, e.g. "crates/faelles-core/src").
fn under(p: &Path, dir: &str) -> bool {
    p.strip_prefix(root()).unwrap_or(p).starts_with(dir)
}

/// Whether one of the folders `p` lies in (inside the workspace) is named `name`.
fn in_folder(p: &Path, name: &str) -> bool {
    p.strip_prefix(root())
        .unwrap_or(p)
        .parent()
        .is_some_and(|d| d.components().any(|c| c.as_os_str() == name))
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// `file:line: text` for each line of `text` that `bad` accepts (comments skipped).
fn lines_where(p: &Path, bad: impl Fn(&str) -> bool) -> Vec<String> {
    read(p)
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim_start();
            !(t.starts_with("//") || t.starts_with("*") || t.starts_with("/*")) && bad(l)
        })
        .map(|(i, l)| format!("{}:{}: {}", rel(p), i + 1, l.trim()))
        .collect()
}

/// SQL: a query call, or an SQL statement in a string literal.
fn is_sql(line: &str) -> bool {
    const CALLS: &[&str] = &[
        ".execute(",
        ".execute_batch(",
        ".prepare(",
        ".prepare_cached(",
        ".query_row(",
        ".query_map(",
        ".pragma_update(",
        ".pragma_query(",
    ];
    const KEYWORDS: &[&str] = &[
        "SELECT ", "INSERT ", "UPDATE ", "DELETE ", "CREATE ", "ALTER ", "DROP ", "PRAGMA ",
        "VACUUM",
    ];
    CALLS.iter().any(|c| line.contains(c))
        || line.split('"').skip(1).step_by(2).any(|s| {
            let s = s.trim_start();
            KEYWORDS.iter().any(|k| s.starts_with(k))
        })
}

#[test]
fn no_sql_outside_the_store() {
    let mut bad = Vec::new();
    for dir in ["crates", "src-tauri/src"] {
        for p in files(dir, ".rs") {
            if under(&p, "crates/faelles-core/src/store") || in_folder(&p, "benches") {
                continue;
            }
            bad.extend(lines_where(&p, is_sql));
        }
    }
    assert!(
        bad.is_empty(),
        "SQL outside crates/faelles-core/src/store:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_ui_never_renders_text_as_html_or_runs_strings() {
    let mut bad = Vec::new();
    for p in files("ui", ".js").into_iter().chain(files("ui", ".html")) {
        bad.extend(lines_where(&p, |l| {
            [
                "innerHTML",
                "outerHTML",
                "insertAdjacentHTML",
                "new Function",
                "document.write",
            ]
            .iter()
            .any(|w| l.contains(w))
                || l.contains("eval(") && !l.contains(".eval(")
        }));
    }
    assert!(
        bad.is_empty(),
        "HTML from strings in ui/:\n{}",
        bad.join("\n")
    );
}

#[test]
fn only_api_js_invokes_and_only_api_js_and_screen_js_listen() {
    let mut bad = Vec::new();
    for p in files("ui/js", ".js") {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.as_deref().unwrap_or_default();
        if name != "api.js" {
            bad.extend(lines_where(&p, |l| {
                l.contains("invoke(") || l.contains("__TAURI__.core")
            }));
        }
        if name != "api.js" && name != "screen.js" {
            bad.extend(lines_where(&p, |l| {
                l.contains(".listen(") || l.contains("__TAURI__.event")
            }));
        }
    }
    assert!(
        bad.is_empty(),
        "invoke/listen outside api.js (listen: also screen.js):\n{}",
        bad.join("\n")
    );
}

/// The commands in `generate_handler![…]` of src-tauri/src/main.rs.
fn registered_commands() -> BTreeSet<String> {
    let main = read(&root().join("src-tauri/src/main.rs"));
    let start = main
        .find("generate_handler![")
        .expect("generate_handler! in main.rs");
    let end = start
        + main[start..]
            .find(']')
            .expect("the end of generate_handler!");
    main[start + "generate_handler![".len()..end]
        .split(',')
        .filter_map(|s| s.trim().rsplit("::").next().map(str::to_string))
        .filter(|s| !s.is_empty())
        .collect()
}

/// The commands the chair's modules call: `call('name'`.
fn called_commands() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for p in files("ui/js", ".js") {
        let text = read(&p);
        for (i, _) in text.match_indices("call('") {
            let rest = &text[i + "call('".len()..];
            if let Some(end) = rest.find('\'') {
                out.insert(rest[..end].to_string());
            }
        }
    }
    out
}

#[test]
fn every_command_the_ui_calls_is_registered_and_every_registered_command_is_called() {
    let registered = registered_commands();
    let called = called_commands();
    assert!(
        registered.len() > 20 && called.len() > 20,
        "{registered:?} {called:?}"
    );
    let unknown: Vec<_> = called.difference(&registered).collect();
    let unused: Vec<_> = registered.difference(&called).collect();
    assert!(
        unknown.is_empty() && unused.is_empty(),
        "called by the UI but not registered: {unknown:?}; registered but called by nothing: \
         {unused:?}"
    );
}

#[test]
fn commands_change_things_only_through_the_state() {
    // A command reads with `state.read`, changes with `state.mutate`/`change`/`edit` (which
    // bring the screen up to date): none touches the screen or the lock itself.
    let mut bad = Vec::new();
    for p in files("src-tauri/src/commands", ".rs") {
        bad.extend(lines_where(&p, |l| {
            [
                ".lock()",
                "events::refresh",
                "refresh_screen",
                ".emit(",
                ".emit_to(",
            ]
            .iter()
            .any(|w| l.contains(w))
        }));
    }
    for p in files("src-tauri/src", ".rs") {
        if p.ends_with("src/state.rs") || p.ends_with("src/events.rs") {
            continue;
        }
        bad.extend(lines_where(&p, |l| l.contains("events::refresh(")));
    }
    assert!(
        bad.is_empty(),
        "the screen updated by hand:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_core_crates_do_not_depend_on_tauri() {
    let mut bad = Vec::new();
    for p in files("crates", "Cargo.toml") {
        bad.extend(lines_where(&p, |l| l.trim_start().starts_with("tauri")));
    }
    assert!(bad.is_empty(), "tauri in a core crate:\n{}", bad.join("\n"));
}

/// The first-column paths of docs/ARCHITECTURE.md's codemap (every code block of its
/// "## Codemap" section, one per layer), resolved (a line indented by two is inside the last
/// unindented directory of its block).
fn codemap_paths() -> Vec<(String, PathBuf)> {
    let doc = read(&root().join("docs/ARCHITECTURE.md"));
    let start = doc.find("## Codemap").expect("a codemap");
    let section = &doc[start..];
    let end = section[3..].find("\n## ").map_or(section.len(), |i| i + 3);
    let blocks: Vec<&str> = section[..end].split("```").skip(1).step_by(2).collect();
    assert!(!blocks.is_empty(), "the codemap has no block");
    let mut out = Vec::new();
    for block in blocks {
        let mut top = root();
        for line in block.lines() {
            let indent = line.len() - line.trim_start().len();
            if line.trim().is_empty() || indent > 4 {
                continue; // a description carried on
            }
            let head = line.trim_start().split("  ").next().unwrap_or_default();
            for token in head
                .split(' ')
                .filter(|t| t.contains('.') || t.ends_with('/'))
            {
                let path = if indent == 0 {
                    root().join(token)
                } else {
                    top.join(token)
                };
                if indent == 0 && token.ends_with('/') {
                    top = path.clone();
                }
                out.push((token.to_string(), path));
            }
        }
    }
    out
}

#[test]
fn every_path_in_the_codemap_exists() {
    let paths = codemap_paths();
    assert!(paths.len() > 40, "the codemap was not read: {paths:?}");
    let missing: Vec<_> = paths
        .iter()
        .filter(|(_, p)| {
            let s = p.to_string_lossy();
            match s.find('*') {
                // `src/commands/*.rs`: a folder with such files.
                Some(i) => {
                    let (dir, ext) = (&s[..i], &s[i + 1..]);
                    files_if_any(&rel(Path::new(dir)), ext).is_empty()
                }
                None => !p.exists(),
            }
        })
        .map(|(t, p)| format!("{t} ({})", rel(p)))
        .collect();
    assert!(
        missing.is_empty(),
        "in docs/ARCHITECTURE.md's codemap but not in the tree: {missing:?}"
    );
}

#[test]
fn every_migration_comes_with_its_fixture() {
    let migrations = files("crates/faelles-core/src/store/migrations", ".sql").len();
    let fixtures = files("tests/fixtures/db", ".sqlite3");
    let names: BTreeSet<String> = fixtures
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    let missing: Vec<String> = (1..=migrations)
        .map(|v| format!("schema-{v}.sqlite3"))
        .filter(|n| !names.contains(n))
        .collect();
    assert!(
        migrations > 0 && missing.is_empty(),
        "{migrations} migrations; fixtures missing in tests/fixtures/db: {missing:?} \
         (make one: cargo test -p faelles-tests --test it -- --ignored write_fixture_of_current_schema)"
    );
}

/// A fixture is what that version's code wrote: once committed it never changes. Each is
/// listed in tests/fixtures/db/SHA256SUMS and matches its sum.
#[test]
fn upgrade_fixtures_are_frozen() {
    use sha2::Digest;
    let sums = read(&root().join("tests/fixtures/db/SHA256SUMS"));
    let listed: std::collections::BTreeMap<&str, &str> = sums
        .lines()
        .filter_map(|l| l.split_once("  "))
        .map(|(sum, name)| (name, sum))
        .collect();
    let mut bad = Vec::new();
    for p in files("tests/fixtures/db", ".sqlite3") {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let sum: String = sha2::Sha256::digest(fs::read(&p).unwrap())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        match listed.get(name.as_str()) {
            Some(s) if *s == sum => {}
            Some(_) => bad.push(format!("{name} changed (fixtures are frozen)")),
            None => bad.push(format!("{name} is not in SHA256SUMS")),
        }
    }
    assert!(bad.is_empty(), "tests/fixtures/db: {bad:?}");
}

/// Runs `git args…` in the workspace: its standard output, trimmed, or why it failed.
fn git(args: &[&str]) -> Result<String, String> {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(root())
        .output()
        .map_err(|e| format!("git {}: {e}", args.join(" ")))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    } else {
        Err(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// Why git's history of this workspace cannot be read, if it cannot: no git, not a
/// repository of its own (a source tarball, perhaps unpacked inside another repository), or a
/// shallow clone (its oldest commit seems to add every file).
fn no_git_history() -> Option<String> {
    let top = match git(&["rev-parse", "--show-toplevel"]) {
        Ok(top) => top,
        Err(e) => return Some(format!("no git repository here ({e})")),
    };
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if !same(Path::new(&top), &root()) {
        return Some(format!(
            "the workspace is not a git repository of its own (git's top is {top})"
        ));
    }
    match git(&["rev-parse", "--is-shallow-repository"]) {
        Ok(s) if s == "false" => None,
        Ok(_) => Some("a shallow clone: the history is cut off (git fetch --unshallow)".into()),
        Err(e) => Some(e),
    }
}

/// Changes to a committed fixture that are already in the history, each with why it was
/// allowed then: (fixture, commit, why). The check below takes the blob such a commit wrote as
/// the frozen one. Not a way to change a fixture now: a fixture that has been committed is what
/// that version's code wrote, and databases of that version may exist.
const CHANGED_BEFORE_THE_RULE_WAS_CHECKED: &[(&str, &str, &str)] = &[(
    "tests/fixtures/db/schema-6.sqlite3",
    "d3c8820ccbedde08afdd6afacbd228865a638866",
    "rewritten 15 minutes after it was added, in the commit that amended migration 006 itself \
     (two indexes) before it was released",
)];

/// A committed fixture never changes, checked against git's history rather than only against
/// SHA256SUMS (which a commit could change together with the fixture): every commit that
/// touched `tests/fixtures/db/schema-<n>.sqlite3` added it (none modified, deleted or re-added
/// it; but [`CHANGED_BEFORE_THE_RULE_WAS_CHECKED`]), and the file in HEAD and in the working
/// tree is the blob that commit added. Without git history (a source tarball, a shallow
/// clone) this is skipped, except under `CI=true`.
#[test]
#[cfg_attr(
    windows,
    ignore = "reads the repository's history with git, a Linux program Wine cannot start; \
              nothing in it depends on the platform: the Linux build checks it"
)]
fn committed_fixtures_never_changed_in_git_history() {
    if let Some(why) = no_git_history() {
        return faelles_tests::skip(&format!("cannot check the fixtures' history: {why}"));
    }
    let mut bad = Vec::new();
    let mut uncommitted = Vec::new();
    for p in files("tests/fixtures/db", ".sqlite3") {
        let r = rel(&p);
        // Every commit that changed the file, with how (A, M, D, T); merges show no status.
        let log = git(&[
            "log",
            "--full-history",
            "--no-renames",
            "--format=commit %H",
            "--name-status",
            "--",
            &r,
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        let mut changes: Vec<(String, String)> = Vec::new();
        let mut commit = String::new();
        for line in log.lines().filter(|l| !l.trim().is_empty()) {
            if let Some(c) = line.strip_prefix("commit ") {
                commit = c.to_string();
            } else if let Some((status, _)) = line.split_once('\t') {
                changes.push((commit.clone(), status.to_string()));
            }
        }
        let added: Vec<&String> = changes
            .iter()
            .filter(|(_, s)| s == "A")
            .map(|(c, _)| c)
            .collect();
        let allowed = |c: &str| {
            CHANGED_BEFORE_THE_RULE_WAS_CHECKED
                .iter()
                .any(|(f, commit, _)| *f == r && *commit == c)
        };
        for (c, s) in changes.iter().filter(|(c, s)| s != "A" && !allowed(c)) {
            let how = match s.as_str() {
                "M" => "modified",
                "D" => "deleted",
                "T" => "changed in type",
                _ => "changed",
            };
            bad.push(format!("{r}: {how} by commit {c} ({s})"));
        }
        if added.is_empty() {
            uncommitted.push(r);
            continue;
        }
        if added.len() > 1 {
            bad.push(format!("{r}: added {} times: {added:?}", added.len()));
        }
        // `git log` lists the newest first: the frozen blob is the one the newest allowed
        // change wrote, else the one the first commit that added it wrote (the last listed).
        let first = changes
            .iter()
            .find(|(c, s)| s == "M" && allowed(c))
            .map(|(c, _)| c)
            .unwrap_or(added[added.len() - 1]);
        let blob_then =
            git(&["rev-parse", &format!("{first}:{r}")]).unwrap_or_else(|e| panic!("{e}"));
        match git(&["rev-parse", &format!("HEAD:{r}")]) {
            Ok(blob_head) if blob_head == blob_then => {}
            Ok(blob_head) => bad.push(format!(
                "{r}: HEAD holds blob {blob_head}, not {blob_then} that commit {first} wrote"
            )),
            Err(e) => bad.push(format!("{r}: not in HEAD ({e})")),
        }
        let blob_now = git(&["hash-object", "--", &r]).unwrap_or_else(|e| panic!("{e}"));
        if blob_now != blob_then {
            bad.push(format!(
                "{r}: the file here (blob {blob_now}) is not what commit {first} wrote \
                 ({blob_then}): restore it with git checkout -- {r}"
            ));
        }
    }
    assert!(
        bad.is_empty(),
        "upgrade fixtures are frozen once committed (a new schema gets a new fixture):\n{}",
        bad.join("\n")
    );
    if !uncommitted.is_empty() {
        // A fixture just made for a new migration: checked by SHA256SUMS until it is
        // committed. A clean clone (CI) has none.
        faelles_tests::skip(&format!(
            "not committed yet, so no history to check: {uncommitted:?}"
        ));
    }
}

#[test]
fn no_source_file_is_over_600_lines_of_code() {
    // Lines outside `#[cfg(test)]` modules (which sit at the end of a file, by our habit).
    let mut bad = Vec::new();
    for dir in ["crates", "src-tauri/src"] {
        for p in files(dir, ".rs") {
            let r = rel(&p);
            if in_folder(&p, "tests") || in_folder(&p, "benches") || p.ends_with("src/demo.rs") {
                continue;
            }
            let text = read(&p);
            let code = text
                .split("#[cfg(test)]")
                .next()
                .unwrap_or_default()
                .lines()
                .count();
            if code > 650 {
                bad.push(format!("{r}: {code} lines"));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "split by area (≈600 lines of code at most):\n{}",
        bad.join("\n")
    );
}
