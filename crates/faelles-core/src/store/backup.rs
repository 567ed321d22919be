//! The SQLite side of backups (see `crate::backup` for the files: names, folder, pruning,
//! staging, replacing a damaged database): copying the live database with SQLite's online
//! backup API, checking a file before it is restored, writing a checked copy into the live
//! database.
//!
//! Every file that is to become the live data is checked here first, on a private copy, with
//! the full `PRAGMA integrity_check` (every page, every index entry), by
//! [`check_backup_file`]: the one check both restore paths use.

use super::{Store, SCHEMA_VERSION};
use crate::error::{CoreError, Result};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

fn open_rw(path: &Path) -> rusqlite::Result<Connection> {
    Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
}

/// `PRAGMA integrity_check` (the full one): Ok only if SQLite answers exactly one "ok".
fn integrity_ok(conn: &Connection) -> rusqlite::Result<bool> {
    let mut st = conn.prepare("PRAGMA integrity_check")?;
    let rows = st
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(rows == ["ok"])
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

/// Checks the database file at `path` (a private copy: it is opened read-write and left as
/// one self-contained file in rollback-journal mode) and returns its schema version.
///
/// Refused: not a SQLite file, an empty one, or any damage `integrity_check` finds
/// (`BackupDamaged`); written by a newer version (`DatabaseTooNew`); a SQLite database that
/// is not Fælles Team's (`InvalidValue` on »Sikkerhedskopi«).
pub fn check_backup_file(path: &Path) -> Result<i64> {
    let damaged = |_| CoreError::BackupDamaged;
    let conn = open_rw(path).map_err(damaged)?;
    // Nothing in the chosen file's schema is trusted while it is checked.
    conn.execute_batch("PRAGMA trusted_schema=OFF;")
        .map_err(damaged)?;
    // The first read of the file: a file that is not a database fails here.
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(damaged)?;
    if !integrity_ok(&conn).map_err(damaged)? {
        return Err(CoreError::BackupDamaged);
    }
    let (tables, ours): (i64, i64) = conn
        .query_row(
            "SELECT COUNT(*), COUNT(CASE WHEN name IN ('team', 'citizen', 'meeting', 'section_note')
             THEN 1 END) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(damaged)?;
    if tables == 0 {
        // An empty file reads as an empty database; a backup is never empty.
        return Err(CoreError::BackupDamaged);
    }
    if version > SCHEMA_VERSION {
        return Err(CoreError::DatabaseTooNew {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if version < 1 || ours != 4 {
        return Err(CoreError::InvalidValue {
            field: "Sikkerhedskopi",
            reason: "filen er ikke en sikkerhedskopi fra Fælles Team; dine data er ikke ændret"
                .into(),
        });
    }
    // One file, nothing beside it (a copy of a WAL database would otherwise keep that flag).
    conn.query_row("PRAGMA journal_mode=DELETE", [], |_| Ok(()))?;
    Ok(version)
}

impl Store {
    /// Writes a consistent copy of the whole database (WAL included) into `path`, an empty
    /// file the caller created, as one self-contained file (rollback-journal mode), and checks
    /// the copy with `integrity_check`. A failed check means the live data is damaged
    /// (`DatabaseCorrupt`): a damaged copy must never become a backup that pushes a good one
    /// out. The caller syncs and renames the file.
    pub fn copy_to(&self, path: &Path) -> Result<()> {
        let live = self.path.as_deref().unwrap_or(Path::new(":memory:"));
        let mut dst = open_rw(path)?;
        copy_db(&self.db.conn, &mut dst)?;
        // The copy carries the live file's WAL flag: make it one self-contained file.
        dst.query_row("PRAGMA journal_mode=DELETE", [], |_| Ok(()))?;
        if !integrity_ok(&dst)? {
            return Err(CoreError::DatabaseCorrupt {
                path: live.display().to_string(),
            });
        }
        Ok(())
    }

    /// Replaces this store's data with the database at `path`, which [`check_backup_file`]
    /// has passed (a private copy; it may be rewritten here): its pages are written INTO the
    /// live database with the backup API, which is one write transaction through the live
    /// WAL, so a crash leaves the old content or the new one, never a mix. The store is then
    /// reopened (the migrations run). On an error the store is unchanged.
    pub fn overwrite_from(&mut self, path: &Path) -> Result<()> {
        let live = self.path.clone().ok_or(CoreError::InvalidValue {
            field: "Sikkerhedskopi",
            reason: "databasen ligger kun i hukommelsen".into(),
        })?;
        let src = open_rw(path).map_err(|_| CoreError::BackupDamaged)?;
        // A WAL database only accepts a backup with its own page size: convert the copy.
        let page_size = |c: &Connection| -> Result<i64> {
            Ok(c.query_row("PRAGMA page_size", [], |r| r.get(0))?)
        };
        let live_page = page_size(&self.db.conn)?;
        if page_size(&src)? != live_page {
            src.query_row("PRAGMA journal_mode=DELETE", [], |_| Ok(()))?;
            src.execute_batch(&format!("PRAGMA page_size={live_page}; VACUUM;"))?;
            if page_size(&src)? != live_page {
                return Err(CoreError::InvalidValue {
                    field: "Sikkerhedskopi",
                    reason: "sidestørrelsen kan ikke tilpasses".into(),
                });
            }
        }
        let mut dst = open_rw(&live)?;
        dst.busy_timeout(std::time::Duration::from_secs(5))?;
        dst.execute_batch("PRAGMA synchronous=FULL;")?;
        copy_db(&src, &mut dst)?;
        drop(dst);
        drop(src);
        *self = Store::open(&live)?;
        Ok(())
    }
}
