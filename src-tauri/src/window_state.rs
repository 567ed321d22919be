//! The citizen screen window remembers its monitor, position, size and fullscreen state
//! (a small JSON file in the data dir), so the projector set-up survives a restart; and,
//! in a file of its own, the chair's high-contrast choice for it.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use tauri::{PhysicalPosition, PhysicalSize, WebviewWindow};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Saved {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
    pub monitor: Option<String>,
    pub fullscreen: bool,
}

pub fn file(data_dir: &Path) -> PathBuf {
    data_dir.join("borgerskaerm-vindue.json")
}

/// Applies the saved state if its position is still on one of the connected monitors.
pub fn restore(window: &WebviewWindow, data_dir: &Path) {
    let Ok(text) = std::fs::read_to_string(file(data_dir)) else {
        return;
    };
    let Ok(saved) = serde_json::from_str::<Saved>(&text) else {
        return;
    };
    let monitors = window.available_monitors().unwrap_or_default();
    let on_a_monitor = monitors.iter().any(|m| {
        let p = m.position();
        let s = m.size();
        saved.x >= p.x
            && saved.y >= p.y
            && saved.x < p.x + s.width as i32
            && saved.y < p.y + s.height as i32
    });
    if !on_a_monitor || saved.width < 200 || saved.height < 150 {
        return;
    }
    let _ = window.set_size(PhysicalSize::new(saved.width, saved.height));
    let _ = window.set_position(PhysicalPosition::new(saved.x, saved.y));
    if saved.fullscreen {
        let _ = window.set_fullscreen(true);
    }
}

/// Records the window's current state (on move, resize and fullscreen changes).
pub fn save(window: &WebviewWindow, data_dir: &Path) {
    let (Ok(pos), Ok(size)) = (window.outer_position(), window.inner_size()) else {
        return;
    };
    let fullscreen = window.is_fullscreen().unwrap_or(false);
    let monitor = window
        .current_monitor()
        .ok()
        .flatten()
        .and_then(|m| m.name().cloned());
    let saved = Saved {
        x: pos.x,
        y: pos.y,
        width: size.width,
        height: size.height,
        monitor,
        fullscreen,
    };
    if let Ok(json) = serde_json::to_string_pretty(&saved) {
        let _ = std::fs::write(file(data_dir), json);
    }
}

/// Where the screen's high-contrast choice is kept (this machine's data dir).
pub fn contrast_file(data_dir: &Path) -> PathBuf {
    data_dir.join("borgerskaerm-kontrast.json")
}

#[derive(Serialize, Deserialize)]
struct Contrast {
    high_contrast: bool,
}

/// The remembered high-contrast choice (no file, or one that cannot be read: normal).
pub fn high_contrast(data_dir: &Path) -> bool {
    std::fs::read_to_string(contrast_file(data_dir))
        .ok()
        .and_then(|t| serde_json::from_str::<Contrast>(&t).ok())
        .is_some_and(|c| c.high_contrast)
}

/// Remembers the high-contrast choice.
pub fn save_high_contrast(data_dir: &Path, high_contrast: bool) -> std::io::Result<()> {
    let json = serde_json::to_string(&Contrast { high_contrast }).map_err(std::io::Error::other)?;
    std::fs::write(contrast_file(data_dir), json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contrast_choice_is_remembered_and_normal_without_a_file() {
        let dir = std::env::temp_dir().join(format!("ft-contrast-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert!(!high_contrast(&dir));
        save_high_contrast(&dir, true).unwrap();
        assert!(high_contrast(&dir));
        save_high_contrast(&dir, false).unwrap();
        assert!(!high_contrast(&dir));
        std::fs::write(contrast_file(&dir), "not json").unwrap();
        assert!(!high_contrast(&dir));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
