//! Backups of the database, and restoring one. This file handles the files (names, the
//! folder, pruning, private copies, putting a file in place); everything that speaks SQL to
//! a database lives in `store::backup` (the store is the only place with SQL).
//!
//! - A backup is a consistent snapshot taken with SQLite's online backup API from the live
//!   connection (WAL included), written to `<data dir>/backups/faelles-team-<UTC>.sqlite3`
//!   (e.g. `faelles-team-20260601T100000.123Z.sqlite3`): first under a hidden `.partial` name,
//!   checked with `integrity_check`, synced, then renamed, so a crash never leaves a half (or
//!   damaged) backup under a backup's name. Files are 0600 in a 0700 folder, in
//!   rollback-journal mode (one self-contained file). The newest [`KEEP`] are kept. A file
//!   name holds only the time: never a name or a CPR number.
//! - [`backup_if_due_today`]: at start, a backup unless one was made today (Copenhagen date).
//! - Only a backup from our own folder, as listed ([`list_backups_in`]), can be restored
//!   (`BackupNotListed` for any other path), by either path below. The chosen file is first
//!   copied to a private staging file and checked there by `store::check_backup_file` (a
//!   SQLite database, the full `integrity_check` ok, a Fælles Team schema not newer than this
//!   build); a refused file (`BackupDamaged`, `DatabaseTooNew`, `InvalidValue`) leaves
//!   everything as it was.
//! - [`restore_backup`] (the live database is open): the live data is copied aside as a new
//!   backup, then the checked copy is written INTO the live database with the backup API
//!   (one transaction through the live WAL: a crash leaves the old or the new content, never
//!   a mix), and the store is reopened, which runs the migrations.
//! - [`replace_broken_database`] (the live database cannot be opened): the broken file is kept
//!   aside and the checked copy takes its place by a rename; see its docs for why a crash at
//!   any moment leaves the broken database or the new one.
//!
//! Nothing here logs; errors carry paths of backup files only (time-stamped names).

use crate::calendar;
use crate::error::{CoreError, Result};
use crate::files::{create_private_file, sync_dir, sync_file};
use crate::store::{
    self, ensure_private_dir, finish_interrupted_replace, with_suffix, Store, DB_FILE, SIDE_FILES,
};
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use serde::Serialize;
use std::fs::{self, File};
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
/// The private copy of a file being restored (`.restore-<uuid>.partial`).
const RESTORE_PREFIX: &str = ".restore-";
/// The private copy a hand-over file is made from (`.transfer-<uuid>.partial`).
const TRANSFER_PREFIX: &str = ".transfer-";
/// In the data dir: the checked new database of a replacement that is committed but not yet
/// finished (see [`replace_broken_database`]; the store finishes it before it opens).
pub use crate::store::REPLACE_READY;
/// A damaged database kept aside: `faelles-team.sqlite3.beskadiget-<UTC>` (+ its side files).
const KEPT: &str = ".beskadiget-";
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

/// Takes a backup now and keeps the newest [`KEEP`], none older than the team's backup
/// period ([`expire`]).
pub fn create_backup(store: &Store, now: DateTime<Utc>) -> Result<BackupInfo> {
    let info = snapshot(store, now)?;
    let dir = info.path.parent().unwrap_or(Path::new("."));
    prune(dir, KEEP)?;
    expire(dir, now, backup_days(store)?)?;
    Ok(info)
}

/// The team's backup period in days (the default before a team is set up).
pub fn backup_days(store: &Store) -> Result<u32> {
    Ok(match store::get_team(store.read())? {
        Some(_) => store::retention_days(store.read())?.1,
        None => store::DEFAULT_BACKUP_DAYS,
    })
}

/// Deletes the backups in `dir` made more than `days` days before `now`, never the newest
/// one; returns the deleted files. A backup holds every citizen's data as it was, erased
/// ones too: this is how an erasure reaches the backups (at the latest `days` days after).
pub fn expire(dir: &Path, now: DateTime<Utc>, days: u32) -> Result<Vec<PathBuf>> {
    let limit = now - Duration::days(i64::from(days));
    let mut removed = Vec::new();
    for b in list_backups_in(dir)?.into_iter().skip(1) {
        if b.created_at < limit {
            fs::remove_file(&b.path)?;
            removed.push(b.path);
        }
    }
    Ok(removed)
}

/// Deletes the backups made before `t` («Slet dem nu» after an erasure, once a newer backup
/// exists); the number deleted. Refused when no backup from `t` or later is left.
pub fn remove_backups_before(store: &Store, t: DateTime<Utc>) -> Result<usize> {
    let all = list_backups(store)?;
    if !all.iter().any(|b| b.created_at >= t) {
        return Err(invalid("der er ingen nyere sikkerhedskopi at beholde"));
    }
    let mut n = 0;
    for b in all.into_iter().filter(|b| b.created_at < t) {
        fs::remove_file(&b.path)?;
        n += 1;
    }
    Ok(n)
}

/// A private copy of the live data (online backup API, one self-contained file, 0600 in the
/// backup folder, where the data already is) for `f`, removed afterwards whatever happens:
/// the hand-over file is made from it.
pub fn with_private_copy<T>(store: &Store, f: impl FnOnce(&Path) -> Result<T>) -> Result<T> {
    let dir = backup_dir(store)?;
    ensure_private_dir(&dir)?;
    remove_partials(&dir, TRANSFER_PREFIX)?;
    let path = dir.join(format!(
        "{TRANSFER_PREFIX}{}{PARTIAL}",
        uuid::Uuid::new_v4()
    ));
    let out = (|| {
        drop(create_private_file(&path)?);
        store.copy_to(&path)?;
        f(&path)
    })();
    remove_db_files(&path);
    out
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

/// Removes a file and its SQLite side files, ignoring those that do not exist.
fn remove_db_files(path: &Path) {
    let _ = fs::remove_file(path);
    for suffix in SIDE_FILES {
        let _ = fs::remove_file(with_suffix(path, suffix));
    }
}

/// Removes what a crash during an earlier backup (`prefix` ".faelles-team-") or restore
/// (".restore-") left behind: hidden `.partial` files and their side files.
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
    let written = (|| -> Result<()> {
        drop(create_private_file(&tmp)?);
        store.copy_to(&tmp)?;
        sync_file(&tmp)?;
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

/// The one rule for what may be restored: a backup from our own folder `dir`, as
/// [`list_backups_in`] lists it (a regular file, not a link, named as a backup). Returns its
/// path in `dir`. Any other path is `BackupNotListed`; a listed name that is gone `NotFound`.
fn listed_backup(dir: &Path, chosen: &Path) -> Result<PathBuf> {
    let name = chosen
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| parse_file_name(n).is_some())
        .ok_or(CoreError::BackupNotListed)?;
    let in_dir = match (chosen.parent().map(fs::canonicalize), fs::canonicalize(dir)) {
        (Some(Ok(parent)), Ok(dir)) => parent == dir,
        _ => false,
    };
    if !in_dir {
        return Err(CoreError::BackupNotListed);
    }
    let path = dir.join(name);
    match fs::symlink_metadata(&path) {
        Ok(m) if m.is_file() => Ok(path),
        Ok(_) => Err(CoreError::BackupNotListed),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(CoreError::NotFound {
            what: "Sikkerhedskopien",
        }),
        Err(e) => Err(e.into()),
    }
}

/// A private copy (0600, synced) of a chosen backup, `.restore-<uuid>.partial` in `dir`;
/// removed with its side files when dropped, unless [`Staging::commit`] moved it.
struct Staging {
    path: PathBuf,
    moved: bool,
}

impl Staging {
    fn copy_into(dir: &Path, chosen: &Path) -> Result<Staging> {
        Staging::fill(dir, |out| {
            std::io::copy(&mut File::open(chosen)?, out)?;
            Ok(())
        })
    }

    /// A private staging file written by `fill` (removed again if `fill` fails).
    fn fill(dir: &Path, fill: impl FnOnce(&mut File) -> Result<()>) -> Result<Staging> {
        ensure_private_dir(dir)?;
        remove_partials(dir, RESTORE_PREFIX)?;
        let path = dir.join(format!("{RESTORE_PREFIX}{}{PARTIAL}", uuid::Uuid::new_v4()));
        let mut out = create_private_file(&path)?;
        let staging = Staging { path, moved: false };
        fill(&mut out)?;
        out.sync_all()?;
        Ok(staging)
    }

    fn path(&self) -> &Path {
        &self.path
    }

    /// Checks the copy (`store::check_backup_file`), removes any side file the check left
    /// and syncs the file: it is then whole on disk and the only file of its database.
    fn check(&self) -> Result<i64> {
        let version = store::check_backup_file(self.path())?;
        for suffix in SIDE_FILES {
            match fs::remove_file(with_suffix(self.path(), suffix)) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e.into()),
            }
        }
        sync_file(self.path())?;
        Ok(version)
    }

    /// Renames the copy to `to` (atomically; the same file system) and forgets it.
    fn commit(mut self, to: &Path) -> Result<()> {
        fs::rename(&self.path, to)?;
        self.moved = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.moved {
            remove_db_files(&self.path);
        }
    }
}

/// Checks a backup from the list without changing it (it is checked on a private copy).
/// Returns its schema version.
pub fn validate_backup(store: &Store, chosen: &Path) -> Result<i64> {
    let dir = backup_dir(store)?;
    let chosen = listed_backup(&dir, chosen)?;
    Staging::copy_into(&dir, &chosen)?.check()
}

/// Replaces the live data with the chosen backup (see the module docs). On any refusal or
/// failure before the final copy the live data is unchanged; the copy itself is one
/// transaction. `store` is reopened afterwards (migrations run). Drafts held in memory by the
/// caller (e.g. `Core`) belong to the old data and should be dropped.
pub fn restore_backup(store: &mut Store, chosen: &Path, now: DateTime<Utc>) -> Result<Restored> {
    let dir = backup_dir(store)?;
    let listed = listed_backup(&dir, chosen)?;
    let staging = Staging::copy_into(&dir, &listed)?;
    let backup_schema_version = staging.check()?;
    let safety_copy = snapshot(store, now)?;
    store.overwrite_from(staging.path())?;
    drop(staging);
    Ok(Restored {
        restored_from: chosen.to_path_buf(),
        safety_copy,
        backup_schema_version,
    })
}

/// Replaces the live data with a database that `fill` writes (the hand-over file's content,
/// decrypted), by the same steps as [`restore_backup`]: a private staging file, checked
/// (`store::check_backup_file`), a safety copy of the live data, then written into the live
/// database. If `fill` fails or the check refuses, nothing is changed.
pub fn restore_from(
    store: &mut Store,
    fill: impl FnOnce(&mut File) -> Result<()>,
    now: DateTime<Utc>,
) -> Result<Restored> {
    let dir = backup_dir(store)?;
    let staging = Staging::fill(&dir, fill)?;
    let backup_schema_version = staging.check()?;
    let safety_copy = snapshot(store, now)?;
    store.overwrite_from(staging.path())?;
    let restored_from = staging.path().to_path_buf();
    drop(staging);
    Ok(Restored {
        restored_from,
        safety_copy,
        backup_schema_version,
    })
}

/// `<data dir>/backups`, for when no store could be opened.
pub fn backup_dir_in(data_dir: &Path) -> PathBuf {
    data_dir.join(BACKUP_DIR)
}

/// When the live database cannot be opened at all (damaged): keeps the broken file aside
/// (`faelles-team.sqlite3.beskadiget-<time>` with its `-wal`/`-shm`/`-journal`, never
/// deleted) and puts a checked copy of `chosen` (a backup from the list) in its place.
/// Returns where the broken file was kept (`None` if there was no live file). The caller then
/// opens the store as usual. The database must not be open while this runs.
///
/// # Why a crash at any moment leaves the broken database or the new one
///
/// The live database is more than one file: SQLite applies a `-wal` (or hot `-journal`)
/// beside `faelles-team.sqlite3` to whatever file has that name when it is next opened. So
/// the broken file's side files must be gone before the new file takes the name (else the
/// broken WAL is replayed into the new file), and the new file must take the name once they
/// are gone (else the broken main file is left without its WAL: neither the old database
/// nor the new one). Two directory entries cannot be changed in one atomic step, so the
/// switch is made a small redo log whose commit point is one rename:
///
/// 1. (Once `chosen` is found to be a listed backup.) Leftovers of a killed earlier attempt
///    are dealt with: a committed one is finished ([`finish_interrupted_replace`]);
///    `.restore-*.partial` copies (here and in the backup folder) are removed; a kept set
///    whose main file is still the live file itself (a hard link made by an attempt killed
///    before its commit) is removed: the broken file is still live and is kept aside again.
/// 2. `chosen` is copied to `.restore-<uuid>.partial` in the data dir (the same file system
///    as the live file, so the renames below are atomic), checked with the full
///    `integrity_check`, left as one file (rollback journal, no side files) and fsynced.
///    A refused or failed copy is removed; nothing else has changed.
/// 3. The broken file and each side file that exists are hard-linked to the
///    `.beskadiget-<time>` names (copied and fsynced where links are not supported), then
///    the directory is fsynced. The live files are untouched; a kill here leaves them as
///    they were (and step 1 of the next attempt removes the links).
/// 4. Commit: the checked copy is renamed to `.restore-ready.sqlite3`, and the directory is
///    fsynced. Before this rename the live path holds the broken database, whole; after it,
///    the replacement will be finished by whoever opens the data dir next.
/// 5. Finish ([`finish_interrupted_replace`], also run by `Store::open_in_dir` before it
///    opens anything): the live side files are removed (their data is kept aside by step
///    3), then `.restore-ready.sqlite3` is renamed over `faelles-team.sqlite3` (the broken
///    file's data stays reachable through its kept name), and the directory is fsynced. A
///    kill anywhere in here is finished again on the next open: removing a file that is gone
///    and the rename are idempotent as long as the ready file exists.
///
/// So anyone who opens the data dir through `Store::open_in_dir` finds the broken database
/// whole (before the commit) or the new one with no stale side file (after it). The ready
/// file has no side files (step 2) and nothing opens it, so none can appear.
pub fn replace_broken_database(
    data_dir: &Path,
    chosen: &Path,
    now: DateTime<Utc>,
) -> Result<Option<PathBuf>> {
    let chosen = listed_backup(&backup_dir_in(data_dir), chosen)?;
    // 1.
    finish_interrupted_replace(data_dir)?;
    remove_aborted_kept_sets(data_dir)?;
    remove_partials(&backup_dir_in(data_dir), RESTORE_PREFIX)?;
    // 2.
    let staging = Staging::copy_into(data_dir, &chosen)?;
    staging.check()?;
    // 3.
    let live = data_dir.join(DB_FILE);
    let kept = match fs::symlink_metadata(&live) {
        Ok(_) => Some(keep_aside(data_dir, &live, now)?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e.into()),
    };
    sync_dir(data_dir);
    // 4.
    staging.commit(&data_dir.join(REPLACE_READY))?;
    sync_dir(data_dir);
    // 5.
    finish_interrupted_replace(data_dir)?;
    Ok(kept)
}

/// Step 3 of [`replace_broken_database`]: links (or copies) the live file and its side files
/// to a new `.beskadiget-<time>` name; returns the kept main file.
fn keep_aside(data_dir: &Path, live: &Path, now: DateTime<Utc>) -> Result<PathBuf> {
    let mut t = now;
    let kept = loop {
        let kept = data_dir.join(format!("{DB_FILE}{KEPT}{}", t.format(STAMP)));
        let taken = std::iter::once("")
            .chain(SIDE_FILES)
            .any(|s| fs::symlink_metadata(with_suffix(&kept, s)).is_ok());
        if !taken {
            break kept;
        }
        t += Duration::milliseconds(1);
    };
    for suffix in std::iter::once("").chain(SIDE_FILES) {
        let from = with_suffix(live, suffix);
        let to = with_suffix(&kept, suffix);
        match fs::hard_link(&from, &to) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(_) => {
                // No hard links here (e.g. a FAT stick): a private copy, synced.
                let mut src = match File::open(&from) {
                    Ok(f) => f,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                    Err(e) => return Err(e.into()),
                };
                let mut out = create_private_file(&to)?;
                std::io::copy(&mut src, &mut out)?;
                out.sync_all()?;
            }
        }
    }
    Ok(kept)
}

/// Step 1 of [`replace_broken_database`]: removes kept sets whose main file is the live file
/// itself (hard links made by an attempt killed before its commit): the same device and
/// inode on Unix, the same volume and file index on Windows (`same_file`). Copies are left
/// alone.
fn remove_aborted_kept_sets(data_dir: &Path) -> Result<()> {
    let live = data_dir.join(DB_FILE);
    if fs::metadata(&live).is_err() {
        return Ok(());
    }
    let prefix = format!("{DB_FILE}{KEPT}");
    for entry in fs::read_dir(data_dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !name.starts_with(&prefix) || SIDE_FILES.iter().any(|s| name.ends_with(s)) {
            continue;
        }
        // A file that cannot be compared is left alone (it costs disk space only).
        let same = same_file::is_same_file(entry.path(), &live).unwrap_or(false);
        if entry.metadata()?.is_file() && same {
            remove_db_files(&entry.path());
        }
    }
    sync_dir(data_dir);
    Ok(())
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
