//! Part of the build script: the licences the "Om Fælles Team" panel shows, generated at build
//! time so they always match what is compiled in. Fonts: every `assets/fonts/LICENSE-*.txt`.
//! Crates: `cargo metadata` for the target platform, the normal (not build or dev) dependency
//! tree of this package, each crate with its licence expression and its licence files (each
//! text stored once in `texts`: many crates ship the same Apache-2.0 or MPL-2.0 text). Written to `$OUT_DIR/licences.json` for `commands/about.rs`.
//! Works offline: cargo has every crate it is about to compile on disk already.

use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn generate() {
    let manifest_dir = PathBuf::from(env("CARGO_MANIFEST_DIR"));
    let workspace = manifest_dir.parent().expect("workspace root");
    let fonts_dir = workspace.join("assets/fonts");
    println!(
        "cargo:rerun-if-changed={}",
        workspace.join("Cargo.lock").display()
    );
    println!("cargo:rerun-if-changed={}", fonts_dir.display());
    println!("cargo:rerun-if-changed=build_licences.rs");

    let mut texts: Vec<String> = Vec::new();
    let mut text_index: HashMap<String, usize> = HashMap::new();
    let mut intern = |t: String| -> usize {
        *text_index.entry(t.clone()).or_insert_with(|| {
            texts.push(t);
            texts.len() - 1
        })
    };

    let fonts: Vec<Value> = font_licences(&fonts_dir)
        .into_iter()
        .map(|(name, text)| json!({ "name": name, "text": text }))
        .collect();

    let crates: Vec<Value> = crate_list(workspace)
        .into_iter()
        .map(|c| {
            let files: Vec<Value> = licence_files(&c.dir, c.licence_file.as_deref())
                .into_iter()
                .map(|(name, text)| json!([name, intern(text)]))
                .collect();
            json!({
                "name": c.name,
                "version": c.version,
                "license": c.licence,
                "repository": c.repository,
                "files": files,
            })
        })
        .collect();
    assert!(
        crates.len() > 50 && !fonts.is_empty(),
        "licences: {} crates and {} fonts found; is `cargo metadata` working?",
        crates.len(),
        fonts.len()
    );
    let out = json!({ "fonts": fonts, "crates": crates, "texts": texts });
    let path = PathBuf::from(env("OUT_DIR")).join("licences.json");
    std::fs::write(&path, out.to_string()).expect("write licences.json");
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"))
}

/// `LICENSE-DejaVu.txt` → ("DejaVu", its text), sorted by name.
fn font_licences(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("read assets/fonts")
        .flatten()
        .filter_map(|e| {
            let file = e.file_name().to_string_lossy().into_owned();
            let name = file
                .strip_prefix("LICENSE-")?
                .strip_suffix(".txt")?
                .to_string();
            Some((name, std::fs::read_to_string(e.path()).ok()?))
        })
        .collect();
    out.sort();
    out
}

struct Crate {
    name: String,
    version: String,
    licence: String,
    repository: String,
    dir: PathBuf,
    licence_file: Option<PathBuf>,
}

/// The crates compiled into this package for the target platform (normal dependencies,
/// transitively), without the workspace's own crates, sorted by name and version.
fn crate_list(workspace: &Path) -> Vec<Crate> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--locked",
            "--filter-platform",
        ])
        .arg(env("TARGET"))
        .arg("--manifest-path")
        .arg(workspace.join("Cargo.toml"))
        .output()
        .expect("run cargo metadata");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let meta: Value = serde_json::from_slice(&output.stdout).expect("cargo metadata JSON");
    let members: HashSet<&str> = meta["workspace_members"]
        .as_array()
        .expect("workspace_members")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let packages: HashMap<&str, &Value> = meta["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| (p["id"].as_str().unwrap_or_default(), p))
        .collect();
    let nodes: HashMap<&str, &Value> = meta["resolve"]["nodes"]
        .as_array()
        .expect("resolve.nodes")
        .iter()
        .map(|n| (n["id"].as_str().unwrap_or_default(), n))
        .collect();
    let root = packages
        .values()
        .find(|p| {
            p["name"] == env("CARGO_PKG_NAME").as_str()
                && members.contains(p["id"].as_str().unwrap_or_default())
        })
        .and_then(|p| p["id"].as_str())
        .expect("this package in cargo metadata");

    // Walk the normal dependencies (dep_kinds with kind null) from this package.
    let mut seen: HashSet<&str> = HashSet::new();
    let mut todo = vec![root];
    while let Some(id) = todo.pop() {
        if !seen.insert(id) {
            continue;
        }
        for dep in nodes[id]["deps"].as_array().into_iter().flatten() {
            let normal = dep["dep_kinds"]
                .as_array()
                .is_some_and(|kinds| kinds.iter().any(|k| k["kind"].is_null()));
            if normal {
                todo.push(dep["pkg"].as_str().unwrap_or_default());
            }
        }
    }
    let mut list: BTreeMap<(String, String), Crate> = BTreeMap::new();
    for id in seen.into_iter().filter(|id| !members.contains(id)) {
        let p = packages[id];
        let s = |k: &str| p[k].as_str().unwrap_or_default().to_string();
        let dir = Path::new(p["manifest_path"].as_str().unwrap_or_default())
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let licence_file = p["license_file"].as_str().map(|f| dir.join(f));
        let licence = if s("license").is_empty() {
            "se licensfilen".into()
        } else {
            s("license")
        };
        list.insert(
            (s("name"), s("version")),
            Crate {
                name: s("name"),
                version: s("version"),
                licence,
                repository: s("repository"),
                dir,
                licence_file,
            },
        );
    }
    list.into_values().collect()
}

/// A crate's licence files (LICENSE*, LICENCE*, COPYING*, COPYRIGHT*, NOTICE*, UNLICENSE*, and
/// the manifest's `license-file`): (file name, text), sorted by name.
fn licence_files(dir: &Path, licence_file: Option<&Path>) -> Vec<(String, String)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| {
        let n = p
            .file_name()
            .map(|n| n.to_string_lossy().to_uppercase())
            .unwrap_or_default();
        p.is_file()
            && [
                "LICENSE",
                "LICENCE",
                "COPYING",
                "COPYRIGHT",
                "NOTICE",
                "UNLICENSE",
            ]
            .iter()
            .any(|s| n.starts_with(s))
    });
    if let Some(f) = licence_file.filter(|f| f.is_file() && !files.contains(&f.to_path_buf())) {
        files.push(f.to_path_buf());
    }
    files.sort();
    files
        .iter()
        .filter_map(|f| {
            let text = std::fs::read_to_string(f).ok()?;
            Some((
                f.file_name()?.to_string_lossy().into_owned(),
                text.trim_end().to_string(),
            ))
        })
        .collect()
}
