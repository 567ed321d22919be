//! Accessibility checks for the e2e tests, run inside the real webview through the harness
//! ([`crate::e2e::App`]): keys pressed into whatever has focus, a description of the element
//! in focus, axe-core's WCAG 2.1 A/AA rules, and the measured contrast of the focus ring.
//!
//! axe-core is the npm package, installed by `scripts/e2e.sh` (`npm ci` of
//! `tests/axe/package-lock.json` into `.tools/axe`). Our CSP forbids adding it as a `<script>`
//! or running it through `eval`, so its source is sent as the body of the WebDriver script.

use crate::e2e::{repo_root, App};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::Duration;

/// The WCAG 2.1 levels A and AA, as axe-core tags its rules.
pub const WCAG_21_AA: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// axe.min.js: `$AXE_CORE_JS` or `<repo>/.tools/axe/node_modules/axe-core/axe.min.js`.
pub fn axe_path() -> PathBuf {
    std::env::var_os("AXE_CORE_JS")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join(".tools/axe/node_modules/axe-core/axe.min.js"))
}

/// A key by its name ("Tab", "Alt", "F6", "ArrowDown", "Escape", "Enter", …) or one character.
fn key(name: &str) -> char {
    let k = match name {
        "Tab" => Key::Tab,
        "Enter" => Key::Enter,
        "Escape" | "Esc" => Key::Escape,
        "Space" => return ' ',
        "Shift" => Key::Shift,
        "Alt" => Key::Alt,
        "Control" | "Ctrl" => Key::Control,
        "ArrowDown" | "Down" => Key::Down,
        "ArrowUp" | "Up" => Key::Up,
        "ArrowLeft" | "Left" => Key::Left,
        "ArrowRight" | "Right" => Key::Right,
        "F1" => Key::F1,
        "F6" => Key::F6,
        "F7" => Key::F7,
        "F8" => Key::F8,
        other => {
            let mut chars = other.chars();
            let c = chars.next().expect("a key name");
            assert!(chars.next().is_none(), "unknown key {other:?}");
            return c;
        }
    };
    k.into()
}

/// What has focus: `{tag, testid, text, label, id, in_dialog}`.
const FOCUSED: &str = r#"
const el = document.activeElement;
if (!el || el === document.body || el === document.documentElement) return { tag: 'body' };
const label = el.getAttribute('aria-label')
  || (el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`)?.textContent)
  || (el.type === 'radio' && `${el.closest('[role=radiogroup]')?.getAttribute('aria-label') || ''}: ${el.closest('label')?.textContent || ''}`)
  || '';
return {
  tag: el.tagName.toLowerCase(),
  testid: el.dataset.testid || el.closest('[data-testid]')?.dataset.testid || '',
  own_testid: el.dataset.testid || '',
  text: (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 80),
  label: label.trim().replace(/\s+/g, ' ').slice(0, 80),
  id: el.id || '',
  in_dialog: !!el.closest('[role=dialog]'),
  checked: el.type === 'radio' || el.type === 'checkbox' ? el.checked : null,
  visible: el.getClientRects().length > 0,
};
"#;

/// The focus ring of the element in focus, measured: the element that draws it (a radio's
/// group draws one around the whole choice), its outline, and the colour behind the ring (the
/// backgrounds of its ancestors composited, since the ring sits outside the element).
const RING: &str = r#"
const el = document.activeElement;
if (!el || el === document.body) return null;
const ringEl = el.type === 'radio' ? (el.closest('.segmented') || el) : el;
const cs = getComputedStyle(ringEl);
const rgba = (c) => {
  const m = c.match(/rgba?\(([^)]+)\)/);
  if (!m) return null;
  const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
};
const layers = [];
for (let n = ringEl.parentElement; n; n = n.parentElement) {
  const b = rgba(getComputedStyle(n).backgroundColor);
  if (b && b[3] > 0) { layers.push(b); if (b[3] >= 1) break; }
}
let bg = [255, 255, 255];
for (const l of layers.reverse()) bg = bg.map((c, i) => l[i] * l[3] + c * (1 - l[3]));
const lum = ([r, g, b]) => {
  const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
};
const ring = rgba(cs.outlineColor) || [0, 0, 0, 0];
const ringOn = ring.slice(0, 3).map((c, i) => c * ring[3] + bg[i] * (1 - ring[3]));
const [a, b] = [lum(ringOn), lum(bg)];
const hex = (c) => '#' + c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
return {
  what: (ringEl.dataset.testid || ringEl.tagName.toLowerCase()) + ' ' + (ringEl.textContent || ringEl.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 40),
  style: cs.outlineStyle,
  width: parseFloat(cs.outlineWidth) || 0,
  color: hex(ringOn),
  background: hex(bg),
  ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05),
};
"#;

/// One focus ring measured at a Tab stop.
#[derive(Debug, Clone)]
pub struct Ring {
    pub what: String,
    pub style: String,
    pub width: f64,
    pub color: String,
    pub background: String,
    pub ratio: f64,
}

impl App {
    /// Presses a chord ("Alt+ArrowDown", "Shift+Tab", "F6", "Enter") into whatever has focus,
    /// as a user would (WebDriver key actions), and lets the page handle it.
    #[track_caller]
    pub fn press(&self, chord: &str) {
        let parts: Vec<char> = chord.split('+').map(key).collect();
        let (main, mods) = parts.split_last().expect("a key");
        let mut seq = KeyActions::new("keyboard".into());
        for m in mods {
            seq = seq.then(KeyAction::Down { value: *m });
        }
        seq = seq
            .then(KeyAction::Down { value: *main })
            .then(KeyAction::Up { value: *main });
        for m in mods.iter().rev() {
            seq = seq.then(KeyAction::Up { value: *m });
        }
        let client = self.client();
        self.block_on(async {
            client.perform_actions(seq).await?;
            client.release_actions().await
        })
        .unwrap_or_else(|e| panic!("pressing {chord} failed: {e}{}", self.diagnostics()));
        std::thread::sleep(Duration::from_millis(30));
    }

    /// Types `text` into whatever has focus, key by key.
    #[track_caller]
    pub fn type_keys(&self, text: &str) {
        let mut seq = KeyActions::new("keyboard".into());
        for c in text.chars() {
            seq = seq
                .then(KeyAction::Down { value: c })
                .then(KeyAction::Up { value: c });
        }
        let client = self.client();
        self.block_on(client.perform_actions(seq))
            .unwrap_or_else(|e| panic!("typing {text:?} failed: {e}{}", self.diagnostics()));
    }

    /// The element in focus (see [`FOCUSED`]): `tag`, `testid` (its own or the nearest
    /// ancestor's), `own_testid`, `text`, `label`, `id`, `in_dialog`, `visible`.
    pub fn focused(&self) -> Value {
        self.js(FOCUSED, vec![])
    }

    /// Presses Tab (or Shift+Tab when `back`) until the element in focus matches the CSS
    /// selector `sel`, at most `max` times; returns how many presses it took.
    #[track_caller]
    pub fn tab_until(&self, sel: &str, max: usize, back: bool) -> usize {
        for n in 1..=max {
            self.press(if back { "Shift+Tab" } else { "Tab" });
            if self.focus_is(sel) {
                return n;
            }
        }
        panic!(
            "{sel}: not reached in {max} Tab presses; focus is on {}{}",
            self.focused(),
            self.diagnostics()
        );
    }

    /// Whether the element in focus matches the CSS selector `sel`.
    pub fn focus_is(&self, sel: &str) -> bool {
        self.js(
            "return !!document.activeElement && document.activeElement.matches(arguments[0]);",
            vec![json!(sel)],
        ) == json!(true)
    }

    /// The focus ring of the element in focus, measured (None when the body has focus).
    pub fn focus_ring(&self) -> Option<Ring> {
        let v = self.js(RING, vec![]);
        if v.is_null() {
            return None;
        }
        let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
        Some(Ring {
            what: s("what"),
            style: s("style"),
            width: v["width"].as_f64().unwrap_or(0.0),
            color: s("color"),
            background: s("background"),
            ratio: v["ratio"].as_f64().unwrap_or(0.0),
        })
    }

    /// Runs axe-core on the current window's document with the rules of `tags`; returns each
    /// violation as "rule (impact): help — target: summary" lines.
    #[track_caller]
    pub fn axe(&self, tags: &[&str]) -> Vec<String> {
        let path = axe_path();
        let source = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "axe-core is not installed ({}: {e}); scripts/e2e.sh installs it (npm ci)",
                path.display()
            )
        });
        let script = format!(
            "{source}\n;\
             const tags = arguments[0];\
             return window.axe.run(document, {{ runOnly: {{ type: 'tag', values: tags }}, resultTypes: ['violations'] }})\
               .then((r) => r.violations.map((v) => `${{v.id}} (${{v.impact}}): ${{v.help}}\\n` +\
                 v.nodes.map((n) => `    ${{n.target.join(' ')}}: ${{(n.failureSummary || '').replace(/\\s+/g, ' ')}}`).join('\\n')));"
        );
        let v = self.js(&script, vec![json!(tags)]);
        v.as_array()
            .unwrap_or_else(|| panic!("axe did not answer with a list: {v}"))
            .iter()
            .map(|x| x.as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// Gives the chair window the display's input focus (`xdotool windowfocus`). Under Xvfb
    /// there is no window manager to do it, and without it WebKit treats the page as inactive:
    /// `:focus` and `:focus-visible` match nothing (keys still arrive), so the focus ring and
    /// the skip link would not show. A user's desktop does this when the window is clicked.
    #[track_caller]
    pub fn activate_chair(&self) {
        let found = std::process::Command::new("xdotool")
            .args(["search", "--name", "^Fælles Team"])
            .output()
            .expect("xdotool (scripts/deps.sh installs it)");
        let ids = String::from_utf8_lossy(&found.stdout).to_string();
        assert!(!ids.trim().is_empty(), "no chair window on the display");
        for id in ids.split_whitespace() {
            let _ = std::process::Command::new("xdotool")
                .args(["windowraise", id, "windowfocus", "--sync", id])
                .status();
        }
        let deadline = std::time::Instant::now() + crate::e2e::WAIT;
        while self.js("return document.hasFocus();", vec![]) != json!(true) {
            assert!(
                std::time::Instant::now() < deadline,
                "the chair window did not get focus"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Saves a PNG of the whole virtual display (both windows) with ImageMagick's `import`,
    /// which works where WebDriver's screenshots do not (WebKit without compositing). Under
    /// `target/e2e-shots`; skipped (None) when `import` is missing.
    pub fn screenshot_display(&self, name: &str) -> Option<PathBuf> {
        let path = crate::e2e::shots_dir().join(name);
        std::fs::create_dir_all(crate::e2e::shots_dir()).ok()?;
        let ok = std::process::Command::new("import")
            .args(["-window", "root"])
            .arg(&path)
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(path)
    }
}
