//! The citizen screen window remembers its monitor, position, size and fullscreen state
//! (a small JSON file in the data dir), so the projector set-up survives a restart.

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
