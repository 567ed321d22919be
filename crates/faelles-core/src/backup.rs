//! Backups of the database, and restoring one.
//!
//! - A backup is a consistent snapshot taken with SQLite's online backup API from the live
//!   connection (WAL included), written to `<data dir>/backups/faelles-team-<UTC>.sqlite3`
//!   (e.g. `faelles-team-20260601T100000.123Z.sqlite3`): first under a hidden `.partial` name,
//!   synced, then renamed, so a crash never leaves a half backup under a backup's name. Files
//!   are 0600 in a 0700 folder, in rollback-journal mode (one self-contained file). The newest
//!   [`KEEP`] are kept. A file name holds only the time: never a name or a CPR number.
//! - [`backup_if_due_today`]: at start, a backup unless one was made today (Copenhagen date).
//! - [`restore_backup`]: the chosen file is copied to a private staging file and checked there
//!   (a SQLite database, `integrity_check` ok, a Fælles Team schema not newer than this build);
//!   a refused file leaves the live data untouched. Then the live database is copied aside as
//!   a new backup, and the staging copy is written INTO the live database with the backup API
//!   (one transaction through the live WAL: a crash during the restore leaves the old or the
//!   new content, never a mix). Finally the store is reopened, which runs the migrations.
//!
//! Nothing here logs; errors carry paths of backup files only (time-stamped names).

use crate::calendar;
use crate::error::{CoreError, Result};
use crate::store::{ensure_private_dir, Store, SCHEMA_VERSION};
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};

/// The folder, inside the data dir, that holds the backups.
pub const BACKUP_DIR: &str = "backups";
/// How many backups are kept (older ones are deleted when a new one is made).
pub const KEEP: usize = 10;

const PREFIX: &str = "faelles-team-";
const SUFFIX: &str = ".sqlite3";
/// `20260601T100000.123Z`
const STAMP: &str = "%Y%m%dT%H%M%S%.3fZ";
/// Hidden files being written (never listed, removed when found).
const PARTIAL: &str = ".partial";
/// The private copy of a file being restored.
const RESTORE_PREFIX: &str = ".restore-";

/// One backup file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupInfo {
    pub path: PathBuf,
    pub file_name: String,
    /// When the snapshot was taken (from the file name).
    pub created_at: DateTime<Utc>,
    /// Size in bytes.
    pub size: u64,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Restored {
    /// The backup that is now the live data.
    pub restored_from: PathBuf,
    /// The live data as it was just before the restore (a backup like any other).
    pub safety_copy: BackupInfo,
    /// The schema version of the chosen file (the live data is migrated to the current one).
    pub backup_schema_version: i64,
}

fn invalid(reason: &str) -> CoreError {
    CoreError::InvalidValue {
        field: "Sikkerhedskopi",
        reason: reason.into(),
    }
}

/// The file name of a backup taken at `t`.
pub fn file_name_for(t: DateTime<Utc>) -> String {
    format!("{PREFIX}{}{SUFFIX}", t.format(STAMP))
}

/// The time in a backup's file name; `None` for any other file.
pub fn parse_file_name(name: &str) -> Option<DateTime<Utc>> {
    let stamp = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    NaiveDateTime::parse_from_str(stamp, STAMP)
        .ok()
        .map(|t| t.and_utc())
}

/// `<data dir>/backups` for a store opened from a file.
pub fn backup_dir(store: &Store) -> Result<PathBuf> {
    let db = live_path(store)?;
    Ok(db
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
        .join(BACKUP_DIR))
}

fn live_path(store: &Store) -> Result<PathBuf> {
    store
        .path()
        .map(Path::to_path_buf)
        .ok_or_else(|| invalid("databasen ligger kun i hukommelsen og kan ikke sikkerhedskopieres"))
}

/// The backups in `dir`, newest first. A missing folder is an empty list.
pub fn list_backups_in(dir: &Path) -> Result<Vec<BackupInfo>> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry?;
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        let Some(created_at) = parse_file_name(&name) else {
            continue;
        };
        let meta = entry.metadata()?;
        if !meta.is_file() {
            continue;
        }
        out.push(BackupInfo {
            path: entry.path(),
            file_name: name,
            created_at,
            size: meta.len(),
        });
    }
    out.sort_by_key(|b| std::cmp::Reverse(b.created_at));
    Ok(out)
}

/// The store's backups, newest first.
pub fn list_backups(store: &Store) -> Result<Vec<BackupInfo>> {
    list_backups_in(&backup_dir(store)?)
}

/// Deletes all but the newest `keep` backups in `dir`; returns the deleted files.
pub fn prune(dir: &Path, keep: usize) -> Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    for b in list_backups_in(dir)?.into_iter().skip(keep) {
        fs::remove_file(&b.path)?;
        removed.push(b.path);
    }
    Ok(removed)
}

/// Takes a backup now and keeps the newest [`KEEP`].
pub fn create_backup(store: &Store, now: DateTime<Utc>) -> Result<BackupInfo> {
    let info = snapshot(store, now)?;
    prune(info.path.parent().unwrap_or(Path::new(".")), KEEP)?;
    Ok(info)
}

/// At start: a backup unless there is already one from today (Copenhagen date).
pub fn backup_if_due_today(store: &Store, now: DateTime<Utc>) -> Result<Option<BackupInfo>> {
    let today = calendar::local(now).date_naive();
    let done = list_backups(store)?
        .iter()
        .any(|b| calendar::local(b.created_at).date_naive() == today);
    if done {
        return Ok(None);
    }
    create_backup(store, now).map(Some)
}

/// Creates `path` empty with mode 0600 (replacing a leftover).
fn create_private_file(path: &Path) -> Result<File> {
    match fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e.into()),
    }
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    Ok(o.open(path)?)
}

fn sync_dir(dir: &Path) {
    // Makes the rename durable; not every platform can open a directory, so best effort.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Removes a file and its SQLite side files, ignoring those that do not exist.
fn remove_db_files(path: &Path) {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = fs::remove_file(PathBuf::from(p));
    }
}

/// Removes what a crash during an earlier backup (`prefix` ".faelles-team-") or restore
/// (".restore-") left behind.
fn remove_partials(dir: &Path, prefix: &str) -> Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(prefix) && name.contains(PARTIAL) {
            let _ = fs::remove_file(entry.path());
        }
    }
    Ok(())
}

/// Copies all of `from` into `to` in one step (one write transaction on `to`).
fn copy_db(from: &Connection, to: &mut Connection) -> Result<()> {
    let backup = Backup::new(from, to)?;
    for _ in 0..100 {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            // Busy/Locked: another connection holds a lock for a moment; More cannot
            // happen with -1 but is retried the same way.
            _ => std::thread::sleep(std::time::Duration::from_millis(50)),
        }
    }
    Err(CoreError::Db(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
        Some("the database stayed busy during the backup".into()),
    )))
}

/// Writes a new backup (not pruned).
fn snapshot(store: &Store, now: DateTime<Utc>) -> Result<BackupInfo> {
    let dir = backup_dir(store)?;
    ensure_private_dir(&dir)?;
    remove_partials(&dir, &format!(".{PREFIX}"))?;
    // Two backups in the same millisecond get distinct names.
    let mut t = now;
    while dir.join(file_name_for(t)).exists() {
        t += Duration::milliseconds(1);
    }
    let name = file_name_for(t);
    let final_path = dir.join(&name);
    let tmp = dir.join(format!(".{name}{PARTIAL}"));
    create_private_file(&tmp)?;
    let written = (|| -> Result<()> {
        let mut dst = Connection::open_with_flags(
            &tmp,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        copy_db(store.read(), &mut dst)?;
        // The copy carries the live file's WAL flag: make it one self-contained file.
        dst.query_row("PRAGMA journal_mode=DELETE", [], |_| Ok(()))?;
        let ok: String = dst.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if ok != "ok" {
            return Err(invalid("sikkerhedskopien kunne ikke kontrolleres"));
        }
        drop(dst);
        File::open(&tmp)?.sync_all()?;
        fs::rename(&tmp, &final_path)?;
        sync_dir(&dir);
        Ok(())
    })();
    if let Err(e) = written {
        remove_db_files(&tmp);
        return Err(e);
    }
    Ok(BackupInfo {
        size: fs::metadata(&final_path)?.len(),
        path: final_path,
        file_name: name,
        created_at: t,
    })
}

/// Checks a database file that is about to be restored and returns its schema version.
/// Refused: not a SQLite file or damaged (`InvalidValue` on »Sikkerhedskopi«), not a Fælles
/// Team database (`InvalidValue`), written by a newer version (`DatabaseTooNew`).
///
/// The file is opened read-write (a WAL file may need its index): call it on a copy.
fn check_restorable(conn: &Connection) -> Result<i64> {
    let damaged =
        || invalid("filen er beskadiget eller ikke en database; dine data er ikke ændret");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|_| damaged())?;
    let ok: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .and_then(|mut st| {
            st.query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<_>>()
        })
        .map_err(|_| damaged())?;
    if ok != ["ok"] {
        return Err(damaged());
    }
    if version > SCHEMA_VERSION {
        return Err(CoreError::DatabaseTooNew {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    let ours: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'
             AND name IN ('team', 'citizen', 'meeting', 'section_note')",
            [],
            |r| r.get(0),
        )
        .map_err(|_| damaged())?;
    if version < 1 || ours != 4 {
        return Err(invalid(
            "filen er ikke en sikkerhedskopi fra Fælles Team; dine data er ikke ændret",
        ));
    }
    Ok(version)
}

/// Checks a backup file without changing it (it is checked on a private copy). Returns its
/// schema version.
pub fn validate_backup(store: &Store, chosen: &Path) -> Result<i64> {
    let staging = Staging::copy_of(store, chosen)?;
    let conn = staging.open()?;
    check_restorable(&conn)
}

/// A private copy of the chosen file in the backup folder, removed when dropped.
struct Staging(PathBuf);

impl Staging {
    fn copy_of(store: &Store, chosen: &Path) -> Result<Staging> {
        let meta = fs::metadata(chosen).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => CoreError::NotFound {
                what: "Sikkerhedskopien",
            },
            _ => e.into(),
        })?;
        if !meta.is_file() {
            return Err(invalid("vælg en fil"));
        }
        let live = live_path(store)?;
        if let (Ok(a), Ok(b)) = (fs::canonicalize(chosen), fs::canonicalize(&live)) {
            if a == b {
                return Err(invalid("det er den database, der er i brug"));
            }
        }
        let dir = backup_dir(store)?;
        ensure_private_dir(&dir)?;
        remove_partials(&dir, RESTORE_PREFIX)?;
        let path = dir.join(format!("{RESTORE_PREFIX}{}{PARTIAL}", uuid::Uuid::new_v4()));
        let staging = Staging(path);
        let mut out = create_private_file(&staging.0)?;
        std::io::copy(&mut File::open(chosen)?, &mut out)?;
        out.sync_all()?;
        Ok(staging)
    }

    fn open(&self) -> Result<Connection> {
        Connection::open_with_flags(
            &self.0,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|_| invalid("filen kan ikke åbnes som en database; dine data er ikke ændret"))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        remove_db_files(&self.0);
    }
}

/// Replaces the live data with the chosen backup (see the module docs). On any refusal or
/// failure before the final copy the live data is unchanged; the copy itself is one
/// transaction. `store` is reopened afterwards (migrations run). Drafts held in memory by the
/// caller (e.g. `Core`) belong to the old data and should be dropped.
pub fn restore_backup(store: &mut Store, chosen: &Path, now: DateTime<Utc>) -> Result<Restored> {
    let live = live_path(store)?;
    let staging = Staging::copy_of(store, chosen)?;
    let src = staging.open()?;
    let backup_schema_version = check_restorable(&src)?;
    // A WAL database only accepts a backup with its own page size: convert the copy if needed.
    let page_size =
        |c: &Connection| -> Result<i64> { Ok(c.query_row("PRAGMA page_size", [], |r| r.get(0))?) };
    let live_page = page_size(store.read())?;
    if page_size(&src)? != live_page {
        src.query_row("PRAGMA journal_mode=DELETE", [], |_| Ok(()))?;
        src.execute_batch(&format!("PRAGMA page_size={live_page}; VACUUM;"))?;
        if page_size(&src)? != live_page {
            return Err(invalid("sidestørrelsen kan ikke tilpasses"));
        }
    }
    let safety_copy = snapshot(store, now)?;
    let mut dst = Connection::open_with_flags(
        &live,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    dst.busy_timeout(std::time::Duration::from_secs(5))?;
    dst.execute_batch("PRAGMA synchronous=FULL;")?;
    copy_db(&src, &mut dst)?;
    drop(dst);
    drop(src);
    drop(staging);
    *store = Store::open(&live)?;
    Ok(Restored {
        restored_from: chosen.to_path_buf(),
        safety_copy,
        backup_schema_version,
    })
}

/// `<data dir>/backups`, for when no store could be opened.
pub fn backup_dir_in(data_dir: &Path) -> PathBuf {
    data_dir.join(BACKUP_DIR)
}

/// When the live database cannot be opened at all (damaged): keeps the broken file aside
/// (renamed with a `.beskadiget-<time>` suffix, never deleted) and puts a checked copy of
/// `chosen` in its place. Returns where the broken file was kept. The caller then opens the
/// store as usual.
pub fn replace_broken_database(
    data_dir: &Path,
    chosen: &Path,
    now: DateTime<Utc>,
) -> Result<PathBuf> {
    if !chosen.is_file() {
        return Err(CoreError::NotFound {
            what: "Sikkerhedskopien",
        });
    }
    let live = data_dir.join(crate::store::DB_FILE);
    let tmp = data_dir.join(format!("{RESTORE_PREFIX}{}", crate::store::DB_FILE));
    let _ = fs::remove_file(&tmp);
    fs::copy(chosen, &tmp)?;
    // Opening checks the version and integrity (and migrates the copy, never the original).
    if let Err(e) = Store::open(&tmp) {
        let _ = fs::remove_file(&tmp);
        for ext in ["-wal", "-shm"] {
            let _ = fs::remove_file(format!("{}{ext}", tmp.display()));
        }
        return Err(match e {
            CoreError::DatabaseTooNew { .. } => e,
            _ => invalid("kopien kan ikke læses; dine data er ikke ændret"),
        });
    }
    let stamp = now.format(STAMP);
    let kept = data_dir.join(format!("{}.beskadiget-{stamp}", crate::store::DB_FILE));
    if live.exists() {
        fs::rename(&live, &kept)?;
    }
    for ext in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{ext}", live.display()));
        if side.exists() {
            let _ = fs::rename(&side, format!("{}{ext}", kept.display()));
        }
        let _ = fs::remove_file(format!("{}{ext}", tmp.display()));
    }
    fs::rename(&tmp, &live)?;
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn backup_file_names_round_trip_and_other_files_are_ignored() {
        let t = Utc
            .with_ymd_and_hms(2026, 6, 1, 10, 0, 0)
            .unwrap()
            .checked_add_signed(Duration::milliseconds(123))
            .unwrap();
        let name = file_name_for(t);
        assert_eq!(name, "faelles-team-20260601T100000.123Z.sqlite3");
        assert_eq!(parse_file_name(&name), Some(t));
        for other in [
            "faelles-team.sqlite3",
            "faelles-team-20260601T100000.123Z.sqlite3-wal",
            ".faelles-team-20260601T100000.123Z.sqlite3.partial",
            "faelles-team-2026.sqlite3",
            "notes.txt",
        ] {
            assert_eq!(parse_file_name(other), None, "{other}");
        }
    }

    #[test]
    fn in_memory_store_cannot_be_backed_up() {
        let s = Store::open_in_memory().unwrap();
        assert_eq!(
            create_backup(&s, Utc::now()).unwrap_err().kind(),
            "InvalidValue"
        );
    }
}
