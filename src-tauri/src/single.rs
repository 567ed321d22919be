//! One app per data directory. A second start on the same data dir does not open the database
//! a second time: it asks the running app (over a Unix socket in the data dir) to bring its
//! chair window to the front, says so, and exits. The lock is an OS file lock, released when
//! the process ends, even by a crash.

use std::fs::File;
#[cfg(unix)]
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

pub enum Instance {
    /// This process is the one; keep the guard alive for the app's lifetime.
    First(Guard),
    /// Another process has the data dir; it was asked to show itself.
    AlreadyRunning,
}

pub struct Guard {
    _lock: File,
    socket: PathBuf,
}

fn lock_path(dir: &Path) -> PathBuf {
    dir.join(".faelles-team.lock")
}

fn socket_path(dir: &Path) -> PathBuf {
    dir.join(".faelles-team.sock")
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
        Ok(()) => Ok(Instance::First(Guard {
            _lock: lock,
            socket: socket_path(dir),
        })),
        Err(std::fs::TryLockError::WouldBlock) => {
            #[cfg(unix)]
            if let Ok(mut s) = std::os::unix::net::UnixStream::connect(socket_path(dir)) {
                let _ = s.write_all(b"focus\n");
            }
            Ok(Instance::AlreadyRunning)
        }
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

impl Guard {
    /// Listens for "focus" requests from later starts; calls `on_focus` for each.
    pub fn listen(&self, on_focus: impl Fn() + Send + 'static) {
        #[cfg(unix)]
        {
            let _ = std::fs::remove_file(&self.socket);
            let Ok(listener) = std::os::unix::net::UnixListener::bind(&self.socket) else {
                return;
            };
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let _ =
                    std::fs::set_permissions(&self.socket, std::fs::Permissions::from_mode(0o600));
            }
            std::thread::spawn(move || {
                for stream in listener.incoming().flatten() {
                    let mut buf = [0u8; 16];
                    let mut s = stream;
                    if let Ok(n) = s.read(&mut buf) {
                        if buf[..n].starts_with(b"focus") {
                            on_focus();
                        }
                    }
                }
            });
        }
        #[cfg(not(unix))]
        let _ = on_focus;
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.socket);
    }
}
