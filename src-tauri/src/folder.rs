//! «Åbn» and «Vis i mappe»: a file the app exported opens in its program, or the file manager
//! opens its folder, with the file selected where the platform can (Explorer, Finder); on
//! Linux the folder (`xdg-open`).
//! Only a file inside the export folder: the chair's window cannot have anything else opened,
//! and nothing is run through a shell.

use std::path::{Path, PathBuf};

/// `path` if it is a file inside `export_dir` (both resolved: no `..`, no link out of it).
pub fn exported(export_dir: &Path, path: &Path) -> Option<PathBuf> {
    let dir = export_dir.canonicalize().ok()?;
    let file = path.canonicalize().ok()?;
    (file.starts_with(&dir) && file != dir && file.is_file()).then_some(file)
}

/// «Åbn»: `file` in the system's program for it (tauri-plugin-opener's `open_path`: xdg-open,
/// ShellExecute, `open`); does not wait for it. With `FAELLES_TEST_OPENED` set (the e2e tests)
/// the path is written as a line to that file instead, so a test can see what was opened
/// without a PDF viewer on the machine.
pub fn open(file: &Path) -> std::io::Result<()> {
    if let Some(log) = std::env::var_os("FAELLES_TEST_OPENED") {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)?;
        return writeln!(f, "{}", file.display());
    }
    tauri_plugin_opener::open_path(file, None::<&str>).map_err(std::io::Error::other)
}

/// Opens the file manager on `file`'s folder; does not wait for it.
pub fn show(file: &Path) -> std::io::Result<()> {
    let mut child = command(file)?.spawn()?;
    // Reaped when the file manager's launcher ends (Explorer's exit code means nothing).
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// Explorer's own argument for `path` selected in its folder: `/select,"C:\…"`, passed raw
/// (Explorer parses it itself; a Windows path has no `"`). `canonicalize` gives `\\?\C:\…`
/// or `\\?\UNC\server\…`, which Explorer does not read: back to `C:\…` and `\\server\…`.
#[cfg(any(windows, test))]
fn explorer_select(path: &str) -> String {
    let path = match path.strip_prefix(r"\\?\UNC\") {
        Some(rest) => format!(r"\\{rest}"),
        None => path.strip_prefix(r"\\?\").unwrap_or(path).to_string(),
    };
    format!("/select,\"{path}\"")
}

#[cfg(windows)]
fn command(file: &Path) -> std::io::Result<std::process::Command> {
    use std::os::windows::process::CommandExt;
    let explorer = std::env::var_os("SystemRoot")
        .map(|root| Path::new(&root).join("explorer.exe"))
        .unwrap_or_else(|| PathBuf::from("explorer.exe"));
    let mut c = std::process::Command::new(explorer);
    c.raw_arg(explorer_select(&file.to_string_lossy()));
    Ok(c)
}

#[cfg(target_os = "macos")]
fn command(file: &Path) -> std::io::Result<std::process::Command> {
    let mut c = std::process::Command::new("open");
    c.arg("-R").arg(file);
    Ok(c)
}

#[cfg(all(unix, not(target_os = "macos")))]
fn command(file: &Path) -> std::io::Result<std::process::Command> {
    let dir = file.parent().ok_or(std::io::ErrorKind::NotFound)?;
    let mut c = std::process::Command::new("xdg-open");
    c.arg(dir);
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explorer_gets_the_path_it_can_read() {
        assert_eq!(
            explorer_select(r"\\?\C:\Users\Søren Å\Documents\Fælles Team\Referat, 3. marts.pdf"),
            r#"/select,"C:\Users\Søren Å\Documents\Fælles Team\Referat, 3. marts.pdf""#
        );
        assert_eq!(
            explorer_select(r"\\?\UNC\server\share\Fælles Team\a.pdf"),
            r#"/select,"\\server\share\Fælles Team\a.pdf""#
        );
        assert_eq!(explorer_select(r"C:\a.pdf"), r#"/select,"C:\a.pdf""#);
    }

    #[test]
    fn only_a_file_inside_the_export_folder_is_shown() {
        let root = std::env::temp_dir().join(format!("ft-folder æøå {}", std::process::id()));
        let dir = root.join("Fælles Team");
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("Referat.pdf"), "x").unwrap();
        std::fs::write(dir.join("sub/Plan.pdf"), "x").unwrap();
        std::fs::write(root.join("other.txt"), "x").unwrap();
        let file = dir.join("Referat.pdf").canonicalize().unwrap();
        assert_eq!(exported(&dir, &dir.join("Referat.pdf")), Some(file.clone()));
        assert_eq!(exported(&dir, &dir.join("sub/../Referat.pdf")), Some(file));
        assert!(exported(&dir, &dir.join("sub/Plan.pdf")).is_some());
        assert_eq!(exported(&dir, &dir.join("../other.txt")), None, "outside");
        assert_eq!(exported(&dir, &root.join("other.txt")), None, "outside");
        assert_eq!(exported(&dir, &dir.join("Gone.pdf")), None, "missing");
        assert_eq!(exported(&dir, &dir), None, "the folder itself");
        assert_eq!(exported(&dir, &dir.join("sub")), None, "a folder");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("other.txt"), dir.join("link.pdf")).unwrap();
            assert_eq!(exported(&dir, &dir.join("link.pdf")), None, "a link out");
        }
        std::fs::remove_dir_all(&root).unwrap();
    }
}
