use crate::start_demo;
use faelles_tests::e2e::{by_testid, css, shots_dir, WAIT};

/// "Om Fælles Team": the version of this build, the schema of the open database, the data
/// folder, the backup taken at start, and the licences of the fonts and crates built in.
#[test]
fn about_panel_shows_version_schema_data_dir_and_licences() {
    let mut t = start_demo();
    let rows = by_testid("meeting-row");
    t.wait_for("the meetings", WAIT, |a| a.count(&rows) > 0);
    t.click(by_testid("about-open"));
    let dialog = by_testid("about-dialog");
    t.wait_visible(&dialog);

    assert_eq!(
        t.text(by_testid("about-version")),
        env!("CARGO_PKG_VERSION")
    );
    let schema = by_testid("about-schema");
    let current = t.attr(&schema, "data-current").expect("data-current");
    assert_eq!(
        t.attr(&schema, "data-version").as_deref(),
        Some(current.as_str())
    );
    // Said in plain words, not «Databaseskema 8».
    assert_eq!(t.text(&schema), format!("Opdateret (udgave {current})"));
    let dir = t.dir.path().to_string_lossy().into_owned();
    assert_eq!(t.text(by_testid("about-data-dir")), dir);

    // The dialog fits an 864 px high window: «Luk» in view without scrolling the page.
    let client = t.client();
    t.block_on(client.set_window_rect(0, 0, 1536, 864))
        .expect("resize the chair window");
    t.wait_for("«Luk» in view at 864 px", WAIT, |a| {
        a.js(
            "const r = document.querySelector('[data-testid=about-close]').getBoundingClientRect();\
             return window.innerHeight < 900 && r.bottom <= window.innerHeight && r.top >= 0;",
            vec![],
        ) == serde_json::json!(true)
    });
    // Licences: behind «Licenser»; every font licence in assets/fonts, and the crates
    // (hundreds).
    let fold = by_testid("about-licences");
    t.wait_for("the licences counted", WAIT, |a| {
        a.text(fold.clone().find(css("summary")))
            .contains("programbiblioteker")
    });
    t.click(fold.find(css("summary")));
    let fonts = by_testid("about-font");
    t.wait_for("the font licences", WAIT, |a| a.count(&fonts) >= 2);
    let names = t.texts(&fonts);
    assert!(names.iter().any(|n| n.contains("DejaVu")), "{names:?}");
    let crates = by_testid("about-crate");
    assert!(t.count(&crates) > 100, "{} crates", t.count(&crates));
    let tauri = t
        .texts(&crates)
        .into_iter()
        .position(|s| s.starts_with("tauri ") && s.contains("Apache-2.0"))
        .expect("tauri among the crates");
    t.click(crates.clone().nth(tauri).find(css("summary")));
    let text = crates.nth(tauri).find(css("pre"));
    t.wait_visible(&text);
    assert!(t.text(&text).contains("Apache License"));

    // The day's backup is taken in the background after start: it shows on reopening.
    t.wait_for("the backup at start", WAIT, |_| {
        std::fs::read_dir(t_backups(&dir)).is_ok_and(|d| d.count() > 0)
    });
    t.click(by_testid("about-close"));
    t.click(by_testid("about-open"));
    t.wait_visible(&dialog);
    let last = t.text(by_testid("about-last-backup"));
    assert!(last.contains(" kl. "), "last backup: {last:?}");
    chair_shot("about_panel.png");
}

fn t_backups(dir: &str) -> std::path::PathBuf {
    std::path::Path::new(dir).join("backups")
}

/// The chair window from the X server (WebDriver's screenshots hang when WebKit draws without
/// compositing): `xdotool` finds it, `import` takes it. Best effort: a missing tool is no failure.
fn chair_shot(name: &str) {
    let path = shots_dir().join(name);
    let _ = std::fs::create_dir_all(shots_dir());
    let _ = std::process::Command::new("sh")
        .arg("-c")
        .arg(r#"w=$(xdotool search --name '^Fælles Team' | head -1) && xdotool windowraise "$w" && sleep 0.3 && import -window "$w" "$1""#)
        .arg("sh")
        .arg(&path)
        .status();
}
