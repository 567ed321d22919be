//! Finishing a replacement of the live database that was committed but cut short: the last
//! step of `backup::replace_broken_database` (see its docs for the whole protocol). It is
//! here, not in `backup`, because it is part of opening the data dir: `Store::open_in_dir`
//! runs it before it opens the database, so a committed replacement always completes before
//! anyone reads the data, and the store needs nothing from `backup`.

use super::DB_FILE;
use crate::error::Result;
use crate::files::sync_dir;
use std::fs;
use std::path::{Path, PathBuf};

/// In the data dir: the checked new database of a replacement that is committed but not yet
/// finished.
pub const REPLACE_READY: &str = ".restore-ready.sqlite3";

/// SQLite's side files of a database file.
pub(crate) const SIDE_FILES: [&str; 3] = ["-wal", "-shm", "-journal"];

/// `path` with `suffix` appended to its file name (`x.sqlite3` + `-wal`).
pub(crate) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// Finishes a replacement of the live database that was committed (step 4 of
/// `backup::replace_broken_database`) but not completed: removes the live side files, then
/// renames the ready file over the live file. Returns whether there was one. Called by
/// `Store::open_in_dir` before it opens the database, so a committed replacement always
/// completes before anyone reads the data.
pub fn finish_interrupted_replace(data_dir: &Path) -> Result<bool> {
    let ready = data_dir.join(REPLACE_READY);
    match fs::symlink_metadata(&ready) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e.into()),
    }
    let live = data_dir.join(DB_FILE);
    for suffix in SIDE_FILES {
        // A side file that cannot be removed stops the rename: it would be applied to the
        // new file.
        match fs::remove_file(with_suffix(&live, suffix)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
    }
    fs::rename(&ready, &live)?;
    sync_dir(data_dir);
    Ok(true)
}
