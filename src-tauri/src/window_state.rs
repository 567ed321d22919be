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

/// Applies the saved state if its position is still on one of the connected monitors; false
/// when there was none to apply.
pub fn restore(window: &WebviewWindow, data_dir: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(file(data_dir)) else {
        return false;
    };
    let Ok(saved) = serde_json::from_str::<Saved>(&text) else {
        return false;
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
        return false;
    }
    let _ = window.set_size(PhysicalSize::new(saved.width, saved.height));
    let _ = window.set_position(PhysicalPosition::new(saved.x, saved.y));
    if saved.fullscreen {
        let _ = window.set_fullscreen(true);
    }
    true
}

/// A monitor as the placement sees it: top-left corner and size, in physical pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
}

impl Area {
    fn of(m: &tauri::Monitor) -> Area {
        let (p, s) = (m.position(), m.size());
        Area {
            x: p.x,
            y: p.y,
            width: s.width,
            height: s.height,
        }
    }
}

/// Where a window of `size` goes on the first monitor that is not the chair's, centred (its
/// top-left corner kept on that monitor if it is larger): None with one monitor.
pub fn beside(monitors: &[Area], chair: Option<Area>, size: (u32, u32)) -> Option<(i32, i32)> {
    let other = monitors.iter().find(|m| Some(**m) != chair)?;
    let centre = |start: i32, room: u32, len: u32| start + (room.saturating_sub(len) / 2) as i32;
    Some((
        centre(other.x, other.width, size.0),
        centre(other.y, other.height, size.1),
    ))
}

/// Nothing remembered (the first start, or its monitor is gone): with a second monitor (a
/// projector, a screen for the citizen) the screen window opens on it, beside the chair's.
pub fn place_beside(screen: &WebviewWindow, chair: &WebviewWindow) {
    let monitors: Vec<Area> = screen
        .available_monitors()
        .unwrap_or_default()
        .iter()
        .map(Area::of)
        .collect();
    let chair_monitor = chair
        .current_monitor()
        .ok()
        .flatten()
        .or_else(|| chair.primary_monitor().ok().flatten())
        .map(|m| Area::of(&m));
    let Ok(size) = screen.outer_size() else {
        return;
    };
    if let Some((x, y)) = beside(&monitors, chair_monitor, (size.width, size.height)) {
        let _ = screen.set_position(PhysicalPosition::new(x, y));
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
    fn the_screen_opens_on_the_monitor_that_is_not_the_chairs() {
        let laptop = Area {
            x: 0,
            y: 0,
            width: 1920,
            height: 1080,
        };
        let projector = Area {
            x: 1920,
            y: -200,
            width: 1280,
            height: 720,
        };
        assert_eq!(beside(&[laptop], Some(laptop), (1100, 700)), None);
        assert_eq!(
            beside(&[laptop, projector], Some(laptop), (1100, 700)),
            Some((1920 + 90, -200 + 10))
        );
        // The chair on the projector: the screen goes to the laptop's monitor.
        assert_eq!(
            beside(&[laptop, projector], Some(projector), (1100, 700)),
            Some((410, 190))
        );
        // Larger than the monitor: its corner stays on it.
        assert_eq!(
            beside(&[laptop, projector], Some(laptop), (1500, 900)),
            Some((1920, -200))
        );
        // The chair's monitor unknown: the first one listed.
        assert_eq!(
            beside(&[laptop, projector], None, (1100, 700)),
            Some((410, 190))
        );
    }

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
