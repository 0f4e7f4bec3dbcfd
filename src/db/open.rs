//! Opening the database, whatever state its file is in: a caller always gets
//! a database, and a notice when it is not the file it asked for as it was.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};

use super::{Db, DbError, Opened, Options, schema};
use crate::lockfile;

/// Databases up to this size are checked page by page when opened, which
/// takes milliseconds; larger ones by their header only, and damage found
/// later is [`super::DbError::Damaged`], for [`Db::set_aside`].
const QUICK_CHECK_BYTES: u64 = 8 * 1024 * 1024;

const MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// A database at least this large is read by two connections at once
/// where the reading is large ([`Db::read_beside`]).
const SHARED_READ_BYTES: u64 = 4 * 1024 * 1024;

/// Why a file could not be used as it is.
#[derive(Debug)]
pub(super) enum Refusal {
    /// Damaged or newer: moved aside as `<name>.<kind>-<time>`.
    SetAside { kind: Kind, reason: String },
    /// It can be read but not written.
    ReadOnly { reason: String },
    /// Neither: the database is kept in memory.
    Failed { reason: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Damaged,
    Newer,
}

impl Kind {
    fn suffix(self) -> &'static str {
        match self {
            Kind::Damaged => "damaged",
            Kind::Newer => "newer",
        }
    }
}

impl Db {
    /// Opens the database at `path`, creating it (and its directory) when
    /// missing. Never fails: a damaged file, one that is not a database, a
    /// truncated one or one from a newer byline is moved aside
    /// (`<name>.damaged-<unix time>`, `<name>.newer-<unix time>`, with its
    /// `-wal` and `-shm`) and a new one started; a read-only one is opened
    /// read-only; one that cannot be opened at all is replaced by a
    /// database in memory. The notice says which.
    pub fn open(path: &Path) -> Opened {
        Db::open_with(path, Options::default())
    }

    pub fn open_with(path: &Path, options: Options) -> Opened {
        let _lock = opening_lock(path, options);
        open_locked(path, options)
    }

    /// A second connection to this database's file, read-only and not
    /// checked again (this one was, when opened), for reading beside it on
    /// another thread. None for a database in memory or one that will not
    /// open so.
    pub fn reader(&self) -> Option<Db> {
        let path = self.path.as_deref()?;
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).ok()?;
        conn.busy_timeout(self.options.busy_timeout).ok()?;
        Some(Db {
            conn,
            path: Some(path.to_path_buf()),
            options: self.options,
            label: self.label.clone(),
            ranked: Default::default(),
        })
    }

    /// Runs `mine` on this connection and `theirs` on a second one
    /// ([`Db::reader`]) on another thread, at once; `theirs` runs here after
    /// `mine` where there is no second connection or it failed there. For
    /// reading a large library on two cores.
    pub fn read_beside<T: Send>(
        &self,
        mine: impl FnOnce(&Db) -> Result<T, DbError>,
        theirs: impl Fn(&Db) -> Result<T, DbError> + Sync,
    ) -> Result<(T, T), DbError> {
        let beside = self.reader();
        let theirs = &theirs;
        std::thread::scope(|scope| {
            let other = beside.map(|other| scope.spawn(move || theirs(&other)));
            let mine = mine(self)?;
            let theirs = match other.map(std::thread::ScopedJoinHandle::join) {
                Some(Ok(Ok(t))) => t,
                // A panic while reading is a bug; re-raise it rather than lose rows.
                Some(Err(e)) => std::panic::resume_unwind(e),
                None | Some(Ok(Err(_))) => theirs(self)?,
            };
            Ok((mine, theirs))
        })
    }

    /// Reads this connection's pages through a memory map rather than a
    /// read and copy of each: for looking up thousands of rows scattered
    /// over the file (one person's stories), which then took 40% less time
    /// (`byline quotes --speaker`, 10,000 stories). Not for reading the
    /// whole list: each page mapped counts as the process's memory.
    pub fn map_for_reading(&self) {
        // Only speed depends on it: where the map is refused, pages are read.
        let _ = self.conn.pragma_update(None, "mmap_size", 1i64 << 30);
    }

    /// Whether the file is large enough for [`Db::read_beside`] to pay.
    pub fn worth_reading_beside(&self) -> bool {
        let large = self
            .path
            .as_deref()
            .and_then(|p| fs::metadata(p).ok())
            .is_some_and(|m| m.len() >= SHARED_READ_BYTES);
        large && std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2)
    }

    /// Moves this database aside as damaged (after a
    /// [`super::DbError::Damaged`] from a query) and starts a new one.
    pub fn set_aside(self, reason: &str) -> Opened {
        let Db {
            conn,
            path,
            options,
            label,
            ..
        } = self;
        // Closed first: a connection would keep writing to the moved file.
        drop(conn);
        let Some(path) = path else {
            return Opened {
                db: in_memory(),
                notice: Some(format!(
                    "the story database in memory was damaged ({reason}); started a new one"
                )),
            };
        };
        let what = format!("the story database {label} was damaged ({reason})");
        let _lock = opening_lock(&path, options);
        match set_aside(&path, Kind::Damaged) {
            Ok(aside) => {
                let mut opened = open_locked(&path, options);
                let also = opened
                    .notice
                    .take()
                    .map_or(String::new(), |n| format!("; {n}"));
                opened.notice = Some(format!(
                    "{what}; moved it aside to {} and started a new one{also}",
                    aside.display()
                ));
                opened
            }
            Err(e) => Opened {
                db: in_memory(),
                notice: Some(format!(
                    "{what} and could not be moved aside ({e}); stories are kept in memory \
                     until byline quits"
                )),
            },
        }
    }
}

fn open_locked(path: &Path, options: Options) -> Opened {
    let label = path.display().to_string();
    let memory = |what: String| Opened {
        db: in_memory(),
        notice: Some(format!(
            "{what}; stories are kept in memory until byline quits"
        )),
    };
    match open_file(path, options) {
        Ok(db) => Opened { db, notice: None },
        Err(Refusal::SetAside { kind, reason }) => {
            let what = match kind {
                Kind::Damaged => format!("the story database {label} was damaged ({reason})"),
                Kind::Newer => {
                    format!("the story database {label} is from a newer byline ({reason})")
                }
            };
            let aside = match set_aside(path, kind) {
                Ok(aside) => aside,
                Err(e) => return memory(format!("{what} and could not be moved aside ({e})")),
            };
            match open_file(path, options) {
                Ok(db) => Opened {
                    db,
                    notice: Some(format!(
                        "{what}; moved it aside to {} and started a new one",
                        aside.display()
                    )),
                },
                Err(r) => memory(format!(
                    "{what}; moved it aside to {}, but could not start a new one ({})",
                    aside.display(),
                    r.reason()
                )),
            }
        }
        Err(Refusal::ReadOnly { reason }) => match open_read_only(path, options) {
            Ok(db) => Opened {
                db,
                notice: Some(format!(
                    "the story database {label} is read-only ({reason}): its stories \
                     are shown, but what is fetched now is not kept"
                )),
            },
            Err(r) => memory(format!(
                "the story database {label} is read-only ({reason}) and could not be read ({})",
                r.reason()
            )),
        },
        Err(Refusal::Failed { reason }) => memory(format!(
            "could not open the story database {label} ({reason})"
        )),
    }
}

impl Refusal {
    fn reason(&self) -> &str {
        match self {
            Refusal::SetAside { reason, .. }
            | Refusal::ReadOnly { reason }
            | Refusal::Failed { reason } => reason,
        }
    }
}

/// Held while a process opens (creates, switches to WAL, sets aside) the
/// database: SQLite fails a second connection's switch to WAL at once,
/// without its busy wait, and two processes setting one file aside would
/// move each other's new database. `None` where no lock file can be made,
/// a read-only directory, in which nobody else can write either.
fn opening_lock(path: &Path, options: Options) -> Option<lockfile::Lock> {
    lockfile::beside(path, options.busy_timeout).ok()
}

pub(super) fn in_memory() -> Db {
    // Only running out of memory fails here, and then nothing would work.
    let conn = Connection::open_in_memory().expect("SQLite opens a database in memory");
    conn.execute_batch(schema::SCHEMA)
        .expect("the schema is valid SQL for the bundled SQLite");
    Db {
        conn,
        path: None,
        options: Options::default(),
        label: "in memory".to_string(),
        ranked: Default::default(),
    }
}

fn open_file(path: &Path, options: Options) -> Result<Db, Refusal> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(|e| Refusal::Failed {
            reason: format!("could not create {}: {e}", dir.display()),
        })?;
    }
    let size = match fs::metadata(path) {
        // A FIFO or a device would block or mislead SQLite.
        Ok(m) if !m.is_file() => {
            return Err(Refusal::Failed {
                reason: "not a regular file".to_string(),
            });
        }
        Ok(m) => {
            check_header(path, m.len(), with_suffix(path, "-wal").exists())?;
            Some(m.len())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(Refusal::Failed {
                reason: e.to_string(),
            });
        }
    };
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| refusal(e, options))?;
    conn.busy_timeout(options.busy_timeout)
        .map_err(|e| refusal(e, options))?;
    // SQLite opens a file it may not write read-only, without an error.
    if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
        return Err(Refusal::ReadOnly {
            reason: "it may not be written".to_string(),
        });
    }
    let version = user_version(&conn, options)?;
    if size.is_some_and(|s| s > 0 && s <= QUICK_CHECK_BYTES) {
        quick_check(&conn, options)?;
    }
    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
        .map_err(|e| refusal(e, options))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Refusal::ReadOnly {
            reason: format!("its journal could not be switched to WAL, it is {mode}"),
        });
    }
    tune(&conn).map_err(|e| refusal(e, options))?;
    if version < schema::VERSION {
        create(&conn, options)?;
    } else {
        check_tables(&conn, options)?;
    }
    Ok(Db {
        conn,
        path: Some(path.to_path_buf()),
        options,
        label: path.display().to_string(),
        ranked: Default::default(),
    })
}

pub(super) fn open_read_only(path: &Path, options: Options) -> Result<Db, Refusal> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let plain = Connection::open_with_flags(path, flags).and_then(|c| {
        c.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))?;
        Ok(c)
    });
    let conn = match plain {
        Ok(conn) => conn,
        // A WAL database is opened read-only only when its -shm can be made;
        // in a read-only directory it cannot, and nobody else can write
        // there either, so it is opened as immutable.
        Err(_) => {
            Connection::open_with_flags(format!("file:{}?immutable=1", uri_path(path)), flags)
                .map_err(|e| refusal(e, options))?
        }
    };
    conn.busy_timeout(options.busy_timeout)
        .map_err(|e| refusal(e, options))?;
    let version = user_version(&conn, options)?;
    if version != schema::VERSION {
        return Err(Refusal::Failed {
            reason: format!(
                "its schema is version {version}, this byline's {}",
                schema::VERSION
            ),
        });
    }
    check_tables(&conn, options)?;
    Ok(Db {
        conn,
        path: Some(path.to_path_buf()),
        options,
        label: path.display().to_string(),
        ranked: Default::default(),
    })
}

fn tune(conn: &Connection) -> rusqlite::Result<()> {
    // A cache: losing the last commits to a power cut costs one refresh,
    // and NORMAL spares a sync per transaction.
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // A refresh writes tens of megabytes: checkpointing every 4 MB (the
    // default) copied them into the file several times over.
    conn.pragma_update(None, "wal_autocheckpoint", 8192)?;
    Ok(())
}

fn user_version(conn: &Connection, options: Options) -> Result<i64, Refusal> {
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| refusal(e, options))?;
    if version > schema::VERSION {
        return Err(Refusal::SetAside {
            kind: Kind::Newer,
            reason: format!(
                "its schema is version {version}, this byline knows {}",
                schema::VERSION
            ),
        });
    }
    Ok(version)
}

fn quick_check(conn: &Connection, options: Options) -> Result<(), Refusal> {
    let first: String = conn
        .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
        .map_err(|e| refusal(e, options))?;
    if first == "ok" {
        Ok(())
    } else {
        Err(damaged(first))
    }
}

/// Creates the tables unless another process did while we waited, or
/// upgrades those of an older version in place.
fn create(conn: &Connection, options: Options) -> Result<(), Refusal> {
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)
        .map_err(|e| refusal(e, options))?;
    let version: i64 = tx
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| refusal(e, options))?;
    if version == 0 {
        let objects: i64 = tx
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(|e| refusal(e, options))?;
        if objects > 0 {
            return Err(damaged(
                "it is some other database, not byline's".to_string(),
            ));
        }
        tx.execute_batch(schema::SCHEMA)
            .map_err(|e| refusal(e, options))?;
    } else {
        // Read inside the write transaction, so that two bylines opening
        // an old file at once upgrade it once.
        for (from, step) in schema::UPGRADES {
            if version <= from {
                tx.execute_batch(step).map_err(|e| refusal(e, options))?;
            }
        }
    }
    tx.commit().map_err(|e| refusal(e, options))?;
    if version != 0 {
        check_tables(conn, options)?;
    }
    Ok(())
}

fn check_tables(conn: &Connection, options: Options) -> Result<(), Refusal> {
    let mut missing = Vec::new();
    for table in schema::TABLES {
        let found: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )
            .map_err(|e| refusal(e, options))?;
        if found == 0 {
            missing.push(table);
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(damaged(format!(
            "its tables {} are missing",
            missing.join(", ")
        )))
    }
}

/// Damage SQLite would only find on the page it is on, found from the
/// header at once: a file that is not a database, or is shorter than its
/// header says (truncated by a full disk or a copy cut short).
///
/// The length is not judged while a `-wal` is beside it (`has_wal`, looked
/// for before the header is read): a byline checkpointing as it closes
/// writes the header's new page count before the pages that grow the file.
fn check_header(path: &Path, len: u64, has_wal: bool) -> Result<(), Refusal> {
    if len == 0 {
        // SQLite writes the header with the first table.
        return Ok(());
    }
    let mut head = [0u8; 100];
    let read = fs::File::open(path).and_then(|mut f| {
        let mut n = 0;
        while n < head.len() {
            match f.read(&mut head[n..])? {
                0 => break,
                k => n += k,
            }
        }
        Ok(n)
    });
    let n = read.map_err(|e| Refusal::Failed {
        reason: e.to_string(),
    })?;
    if n < head.len() || &head[..16] != MAGIC {
        return Err(damaged("it is not an SQLite database".to_string()));
    }
    let be32 = |at: usize| u32::from_be_bytes([head[at], head[at + 1], head[at + 2], head[at + 3]]);
    let page_size = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    let pages = u64::from(be32(28));
    // The page count is trusted only when written by a SQLite that keeps it
    // (the change counter matches its "valid for" number).
    let expected = pages * page_size;
    if !has_wal && be32(24) == be32(92) && len < expected {
        return Err(damaged(format!(
            "it is truncated: {len} of its {expected} bytes"
        )));
    }
    Ok(())
}

fn damaged(reason: String) -> Refusal {
    Refusal::SetAside {
        kind: Kind::Damaged,
        reason,
    }
}

fn refusal(e: rusqlite::Error, options: Options) -> Refusal {
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => damaged(e.to_string()),
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            Refusal::ReadOnly {
                reason: e.to_string(),
            }
        }
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Refusal::Failed {
            reason: format!(
                "another byline has been writing to it for more than {} s",
                options.busy_timeout.as_secs_f64()
            ),
        },
        _ => Refusal::Failed {
            reason: e.to_string(),
        },
    }
}

/// Moves the database and its -wal and -shm aside, under one name.
fn set_aside(path: &Path, kind: Kind) -> std::io::Result<PathBuf> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let name = path
        .file_name()
        .map_or_else(|| "stories.db".into(), |n| n.to_string_lossy().into_owned());
    let base = format!("{name}.{}-{now}", kind.suffix());
    let mut aside = path.with_file_name(&base);
    let mut n = 1;
    while fs::symlink_metadata(&aside).is_ok() {
        n += 1;
        aside = path.with_file_name(format!("{base}-{n}"));
    }
    fs::rename(path, &aside)?;
    for side in ["-wal", "-shm"] {
        match fs::rename(with_suffix(path, side), with_suffix(&aside, side)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(aside)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// `path` for a `file:` URI: every byte but the unreserved ones and `/`
/// percent-encoded, so `?`, `#` and `%` in a name are not read as syntax.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for &b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
