//! SQLite storage: the only place that writes SQL.
//!
//! Opening: the file is created with mode 0600 in a 0700 directory; pragmas `journal_mode=WAL`,
//! `synchronous=FULL` (an acknowledged write is on disk), `foreign_keys=ON`, a busy timeout.
//! Migrations run in one transaction keyed by `PRAGMA user_version`; a database written by a
//! newer version is refused and left untouched.

//!
//! Handles: the areas never see a `rusqlite::Connection`. They read through a [`Reader`]
//! (`Store::read`) and change through a [`Writer`], which exists only inside
//! [`Store::write`]'s one transaction: a query that writes takes a `&Writer`, so no change can
//! be made outside a transaction (Yaak's `queries/*.rs` over `client_db.rs`). A `Writer` reads
//! too (it derefs to the `Reader` of the same connection).
//!
//! Queries: one file per table (Yaak's `queries/*.rs`), reads taking a `&Reader`, writes a
//! `&Writer`, so that `Store::write` composes several in one transaction; all of them are
//! re-exported here (`store::get_meeting`, ...). `row` holds the typed column reads they
//! share.
//!
//! Opening a data dir finishes a replacement of a damaged database that was committed but cut
//! short (`replace.rs`, the last step of `backup::replace_broken_database`) before the
//! database is opened, so nobody ever reads the data in between. The store knows nothing else
//! of backups' files: `backup` (above the store) uses it, never the reverse.

mod agreements;
mod attendance;
mod backup;
mod cases;
mod citizens;
mod consents;
mod course;
mod evaluations;
mod exports;
mod followup;
mod meetings;
mod notes;
mod participants;
mod privacy;
mod replace;
mod report;
mod row;
mod team;
mod templates;
mod themes;
mod timings;
mod trial;

pub use agreements::*;
pub use attendance::*;
pub use backup::check_backup_file;
pub use cases::*;
pub use citizens::*;
pub use consents::*;
pub use course::*;
pub use evaluations::*;
pub use exports::*;
pub use followup::*;
pub use meetings::*;
pub use notes::*;
pub use participants::*;
pub use privacy::*;
pub use replace::{finish_interrupted_replace, REPLACE_READY};
pub(crate) use replace::{with_suffix, SIDE_FILES};
pub use report::*;
pub use row::ts;
pub use team::*;
pub use templates::*;
pub use themes::*;
pub use timings::*;
pub use trial::*;

use crate::error::{CoreError, Result};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The migrations, in order; `user_version` is the number applied.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_initial.sql"),
    include_str!("migrations/002_review_index.sql"),
    include_str!("migrations/003_meeting_notes_kept_text.sql"),
    include_str!("migrations/004_invitation_handover.sql"),
    include_str!("migrations/005_report_key.sql"),
    include_str!("migrations/006_review_without_case.sql"),
    include_str!("migrations/007_answers_and_drafts.sql"),
    include_str!("migrations/008_recipients.sql"),
    include_str!("migrations/009_trial_evaluation.sql"),
    include_str!("migrations/010_privacy.sql"),
    include_str!("migrations/011_templates.sql"),
    include_str!("migrations/012_agreement_reviewed_at.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub const DB_FILE: &str = "faelles-team.sqlite3";

pub struct Store {
    db: Reader,
    path: Option<PathBuf>,
}

/// What the areas read through (`Store::read`): the argument of every query that only reads.
/// It derefs to the connection for the queries in `store/` only: outside `store/` no code
/// names `rusqlite` or writes SQL (tests/it/tidy.rs checks both).
pub struct Reader {
    conn: Connection,
}

impl std::ops::Deref for Reader {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.conn
    }
}

/// What a change writes through: the argument of every query that writes. Only
/// [`Store::write`] makes one, inside its transaction, so every change is in one transaction.
/// It reads too (it derefs to the [`Reader`] of the same connection).
pub struct Writer<'a> {
    db: &'a Reader,
}

impl std::ops::Deref for Writer<'_> {
    type Target = Reader;
    fn deref(&self) -> &Reader {
        self.db
    }
}

/// The data directory: `$FAELLES_DATA_DIR` if set, else the platform data dir.
pub fn data_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("FAELLES_DATA_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(d);
    }
    // The local (not roaming) data dir: on Windows %LOCALAPPDATA%, so a roaming profile never
    // copies the live database around at log-on/log-off. Linux and macOS: the same as data_dir.
    directories::ProjectDirs::from("dk", "Faelles Team", "faelles-team")
        .map(|p| p.data_local_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".faelles-team"))
}

/// Creates `dir` (and parents) readable only by the user (`files::ensure_private_dir`).
pub use crate::files::ensure_private_dir;

impl Store {
    /// Opens (creating if needed) the database in `dir`. A replacement of a damaged database
    /// that was committed but cut short (`backup::replace_broken_database`) is finished first
    /// (`finish_interrupted_replace`).
    pub fn open_in_dir(dir: &Path) -> Result<Store> {
        ensure_private_dir(dir)?;
        finish_interrupted_replace(dir)?;
        Store::open(&dir.join(DB_FILE))
    }

    pub fn open(path: &Path) -> Result<Store> {
        if !path.exists() {
            // Create the empty file ourselves so it never exists with a wider mode.
            match crate::files::new_private_file().open(path) {
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e.into()),
            }
        }
        let ended_uncleanly = wal_path(path).metadata().is_ok_and(|m| m.len() > 0);
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let corrupt = || CoreError::DatabaseCorrupt {
            path: path.display().to_string(),
        };
        // Reading the version is the first touch of the file: a non-database fails here. So
        // does a folder that cannot be written (SQLite cannot make the WAL index beside the
        // file: `CannotOpen`), which is not damage: on Windows nothing fails before this
        // (on Unix the folder's chmod does), and the chair must hear "read-only".
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| {
                if crate::error::is_read_only(&e) {
                    CoreError::Db(e)
                } else {
                    corrupt()
                }
            })?;
        if version > SCHEMA_VERSION {
            return Err(CoreError::DatabaseTooNew {
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        // The whole-file check reads every page (≈25 ms at 20 years of data): here only when
        // the last session did not end cleanly (SQLite checkpoints and deletes the `-wal`
        // file when the last connection closes); after a clean end the shell runs
        // `Store::check` in the background once the windows are up.
        if version > 0 && ended_uncleanly {
            quick_check(&conn).map_err(|_| corrupt())?;
        }
        let mut store = Store {
            db: Reader { conn },
            path: Some(path.to_path_buf()),
        };
        store.configure()?;
        store.migrate()?;
        store.load_templates()?;
        Ok(store)
    }

    /// Checks every page of the database at `path` on its own read-only connection (safe
    /// while the app's connection writes): `DatabaseCorrupt` if anything is damaged.
    pub fn check(path: &Path) -> Result<()> {
        let corrupt = || CoreError::DatabaseCorrupt {
            path: path.display().to_string(),
        };
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|_| corrupt())?;
        conn.busy_timeout(Duration::from_secs(5))?;
        quick_check(&conn).map_err(|_| corrupt())
    }

    /// An in-memory store (tests and benchmarks).
    pub fn open_in_memory() -> Result<Store> {
        let mut store = Store {
            db: Reader {
                conn: Connection::open_in_memory()?,
            },
            path: None,
        };
        store.configure()?;
        store.migrate()?;
        store.load_templates()?;
        Ok(store)
    }

    /// The team's template versions: the bundled ones written if there are none yet (a new
    /// database, or the first open after schema 11), then every version registered.
    fn load_templates(&mut self) -> Result<()> {
        let empty: bool = self.db.conn.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM template_version)",
            [],
            |r| r.get(0),
        )?;
        if empty {
            self.write(|w| templates::ensure_bundled(w, chrono::Utc::now()))?;
        }
        templates::register_templates(&self.db)
    }

    fn configure(&mut self) -> Result<()> {
        self.db.conn.busy_timeout(Duration::from_secs(5))?;
        self.db
            .conn
            .query_row("PRAGMA journal_mode=WAL", [], |_| Ok(()))?;
        self.db.conn.execute_batch(
            "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA trusted_schema=OFF;\n             PRAGMA secure_delete=ON;",
        )?;
        // On macOS fsync() does not flush the drive's cache: F_FULLFSYNC does
        // (docs/PLATFORMS.md). Elsewhere SQLite ignores the pragma.
        #[cfg(target_vendor = "apple")]
        self.db.conn.execute_batch("PRAGMA fullfsync=ON;")?;
        Ok(())
    }

    fn migrate(&mut self) -> Result<()> {
        let version: i64 = self
            .db
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version >= SCHEMA_VERSION {
            return Ok(());
        }
        // Foreign keys cannot be switched inside a transaction; migrations keep them valid.
        let tx = self.db.conn.transaction()?;
        for sql in &MIGRATIONS[version as usize..] {
            tx.execute_batch(sql)?;
        }
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        tx.commit()?;
        Ok(())
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .db
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Runs `f` in one transaction; commits if it returns Ok, else rolls back. `f` gets the
    /// [`Writer`] every query that writes needs.
    pub fn write<T>(&mut self, f: impl FnOnce(&Writer) -> Result<T>) -> Result<T> {
        // `&mut self`: no other transaction can be open on this connection meanwhile.
        let tx = self.db.conn.unchecked_transaction()?;
        let out = f(&Writer { db: &self.db })?;
        tx.commit()?;
        Ok(out)
    }

    /// Read access for the core's areas and outputs (queries that read take a `&Reader`).
    /// Not public: code outside the crate goes through `Core` or functions taking a `&Store`.
    pub(crate) fn read(&self) -> &Reader {
        &self.db
    }

    /// The read handle (it derefs to the connection), for tests of the store layer itself
    /// (feature `testing`; the app does not enable it).
    #[cfg(any(test, feature = "testing"))]
    pub fn conn(&self) -> &Reader {
        &self.db
    }

    /// Lets the database grow by at most `pages` more pages (`None`: no limit), as a full
    /// disk would: a write that needs more room fails with `DiskFull`. For tests of what the
    /// app does when the disk fills up.
    pub fn limit_growth(&self, pages: Option<u32>) -> Result<()> {
        let now: u32 = self
            .db
            .conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))?;
        let max = pages.map_or(u32::MAX - 1, |p| now.saturating_add(p));
        self.db
            .conn
            .query_row(&format!("PRAGMA max_page_count = {max}"), [], |_| Ok(()))?;
        Ok(())
    }

    pub fn integrity_check(&self) -> Result<String> {
        Ok(self
            .db
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}

fn wal_path(db: &Path) -> std::path::PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push("-wal");
    p.into()
}

/// `PRAGMA quick_check`: Ok only if SQLite answers exactly "ok".
fn quick_check(conn: &Connection) -> std::result::Result<(), ()> {
    match conn.query_row("PRAGMA quick_check", [], |r| r.get::<_, String>(0)) {
        Ok(ok) if ok == "ok" => Ok(()),
        _ => Err(()),
    }
}
