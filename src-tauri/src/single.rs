//! One app per data directory. A second start on the same data dir does not open the database
//! a second time: it asks the running app to bring its window to the front, says so, and
//! exits. The lock is an OS file lock (flock on Unix, `LockFileEx` on Windows), released when
//! the process ends, even by a crash. The request goes over a Unix socket in the data dir, on
//! Windows over a named pipe whose name is derived from the data dir (windows.rs).
//!
//! The first instance listens from the moment it holds the lock, so a start while it is still
//! starting (or showing why it cannot: no WebView2) reaches it too; until the app's windows
//! exist, a request brings forward whatever the process shows (Windows) or nothing.

use std::fs::File;
#[cfg(unix)]
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub enum Instance {
    /// This process is the one; keep the guard alive for the app's lifetime.
    First(Guard),
    /// Another process has the data dir; `focused`: it got the request to show itself.
    AlreadyRunning { focused: bool },
}

type OnFocus = Arc<Mutex<Box<dyn Fn() + Send>>>;

pub struct Guard {
    _lock: File,
    #[cfg(unix)]
    socket: PathBuf,
    on_focus: OnFocus,
}

fn lock_path(dir: &Path) -> PathBuf {
    dir.join(".faelles-team.lock")
}

#[cfg(unix)]
fn socket_path(dir: &Path) -> PathBuf {
    dir.join(".faelles-team.sock")
}

/// `\\.\pipe\faelles-team-<hash>`: one name per data dir (the absolute path, case-folded as
/// Windows compares paths; FNV-1a, stable across builds and Rust versions).
#[cfg(any(windows, test))]
pub fn pipe_name(dir: &Path) -> String {
    let path = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in path.to_string_lossy().to_lowercase().bytes() {
        hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!(r"\\.\pipe\faelles-team-{hash:016x}")
}

pub fn acquire(dir: &Path) -> std::io::Result<Instance> {
    let mut options = File::options();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let lock = options.open(lock_path(dir))?;
    match lock.try_lock() {
        Ok(()) => {
            let guard = Guard {
                _lock: lock,
                #[cfg(unix)]
                socket: socket_path(dir),
                on_focus: Arc::new(Mutex::new(Box::new(before_the_windows))),
            };
            guard.listen(dir);
            Ok(Instance::First(guard))
        }
        Err(std::fs::TryLockError::WouldBlock) => Ok(Instance::AlreadyRunning {
            focused: ask_to_focus(dir),
        }),
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

/// What a request does until the app's windows exist (`Guard::on_focus`).
fn before_the_windows() {
    #[cfg(windows)]
    crate::windows::bring_own_windows_forward();
}

fn ask_to_focus(dir: &Path) -> bool {
    #[cfg(unix)]
    {
        std::os::unix::net::UnixStream::connect(socket_path(dir))
            .and_then(|mut s| s.write_all(b"focus\n"))
            .is_ok()
    }
    #[cfg(windows)]
    {
        crate::windows::ask_to_focus(&pipe_name(dir))
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = dir;
        false
    }
}

impl Guard {
    /// From now on a request from a later start calls `on_focus`.
    pub fn on_focus(&self, on_focus: impl Fn() + Send + 'static) {
        if let Ok(mut f) = self.on_focus.lock() {
            *f = Box::new(on_focus);
        }
    }

    fn call(on_focus: &OnFocus) {
        if let Ok(f) = on_focus.lock() {
            f();
        }
    }

    /// Listens for "focus" requests from later starts (a thread for the app's lifetime).
    /// Without a socket or pipe the app runs all the same; a later start then only says
    /// that it runs.
    fn listen(&self, dir: &Path) {
        let on_focus = self.on_focus.clone();
        #[cfg(unix)]
        {
            let _ = dir;
            let _ = std::fs::remove_file(&self.socket);
            let Ok(listener) = std::os::unix::net::UnixListener::bind(&self.socket) else {
                return;
            };
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&self.socket, std::fs::Permissions::from_mode(0o600));
            std::thread::spawn(move || {
                for stream in listener.incoming().flatten() {
                    let mut buf = [0u8; 16];
                    let mut s = stream;
                    if let Ok(n) = s.read(&mut buf) {
                        if buf[..n].starts_with(b"focus") {
                            Self::call(&on_focus);
                        }
                    }
                }
            });
        }
        #[cfg(windows)]
        {
            let _ =
                crate::windows::serve_focus_pipe(&pipe_name(dir), move || Self::call(&on_focus));
        }
        #[cfg(not(any(unix, windows)))]
        let _ = (dir, on_focus);
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        #[cfg(unix)]
        let _ = std::fs::remove_file(&self.socket);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn a_second_start_on_the_same_data_dir_asks_the_first_to_come_forward() {
        let dir = std::env::temp_dir().join(format!("ft-single æøå {}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let Instance::First(first) = acquire(&dir).unwrap() else {
            panic!("the first start must get the lock");
        };
        let (tx, rx) = mpsc::channel();
        let tx = Mutex::new(tx);
        first.on_focus(move || tx.lock().unwrap().send(()).unwrap());
        match acquire(&dir).unwrap() {
            Instance::AlreadyRunning { focused } => assert!(focused, "the first was not reached"),
            Instance::First(_) => panic!("a second start got the lock"),
        }
        rx.recv_timeout(Duration::from_secs(5))
            .expect("the first got no request to come forward");
        drop(first);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_pipe_name_is_one_per_data_dir_and_ignores_case() {
        let a = pipe_name(Path::new("/data/Fælles Team"));
        assert!(
            a.starts_with(r"\\.\pipe\faelles-team-") && a.len() == 22 + 16,
            "{a}"
        );
        assert_eq!(a, pipe_name(Path::new("/data/fælles team")));
        assert_ne!(a, pipe_name(Path::new("/data/Fælles Team 2")));
    }
}
