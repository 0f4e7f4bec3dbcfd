//! The state file on disk: an append-only journal of sealed records.
//!
//! Every write happens under an exclusive lock on `state.lock`, and begins by
//! catching up with whatever other processes appended since we last looked,
//! so two byline processes never lose each other's changes. Appending one
//! record costs one `write` and one `fdatasync`, whatever the size of the
//! state. The journal is only rewritten whole (to a temporary file, synced,
//! renamed over the old one, directory synced) when compacting or when
//! recovering from damage, so a crash at any instant leaves either the old
//! file or the new one, at worst with the one record in flight torn off the
//! end, where its checksum gives it away.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use fs4::{FileExt as Lockable, TryLockError};

use super::Recovery;
use super::paths::StatePaths;
use super::record::{self, Line, Record, SCHEMA};
use super::state::State;
use crate::bounded::{self, ReadError};

/// How long a write waits for another process to release the lock before it
/// gives up and reports the state as not saved. Writers hold it for a few
/// milliseconds, so reaching this means a stuck process, not a busy one.
const LOCK_PATIENCE: Duration = Duration::from_secs(2);

/// Compaction at start pays off once the journal holds this many more lines
/// than the state it describes (besides twice as many).
const SLACK_LINES: usize = 1000;

/// The largest state file read. A snapshot of 100,000 read marks and 10,000
/// passages is a few megabytes; anything near this is not a journal byline
/// wrote, and reading it whole (or `/dev/zero` behind a symlink) would take
/// the memory with it.
pub const JOURNAL_LIMIT: u64 = 256 * 1024 * 1024;

/// What the state file is called in messages about reading it.
const WHAT: &str = "the state file";

/// How many damaged copies are kept beside the state file: enough to go back
/// a few repairs, few enough that a file damaged at every start does not
/// fill the directory.
pub const DAMAGED_COPIES_KEPT: usize = 5;

/// Why a write did not happen.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The disk refused; the text says what and where, for the status bar.
    Io(String),
    /// The file belongs to a newer byline (the schema it declares, if legible).
    Newer(Option<u64>),
    /// The state file is no file byline can read (a FIFO, a device, a
    /// directory, or over [`JOURNAL_LIMIT`]); it is left as it is.
    Unusable(String),
}

/// Device and inode: how we notice that the state file was replaced by
/// another process's compaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileId {
    dev: u64,
    ino: u64,
}

impl FileId {
    fn of(meta: &fs::Metadata) -> FileId {
        FileId {
            dev: meta.dev(),
            ino: meta.ino(),
        }
    }
}

/// The state file as far as we have read (and written) it.
#[derive(Debug)]
struct Tracked {
    file: File,
    id: FileId,
    len: u64,
    lines: usize,
}

#[derive(Debug)]
struct LockFile {
    file: File,
    id: FileId,
}

/// What catching up found.
enum Caught {
    /// Our view is the file's; appending continues it.
    Current,
    /// There is no state file.
    Missing,
    /// The file was damaged and has been rewritten from memory, pending
    /// records included.
    Rewrote(Recovery),
    /// The file has been rewritten from memory, pending records included,
    /// with nothing lost: only its line ends were mended.
    Mended,
}

/// The records of a run of lines.
#[derive(Debug, Default)]
struct Replayed {
    kept: usize,
    dropped: usize,
    /// False when anything is wrong: a damaged line, a missing header, a last
    /// line without its newline.
    intact: bool,
    /// Lines end in CR LF (an editor on Windows): every record still counts,
    /// but appending LF lines after them would mix the two.
    crlf: bool,
}

#[derive(Debug)]
pub(crate) struct Journal {
    paths: StatePaths,
    /// [`JOURNAL_LIMIT`], but for tests of the limit.
    limit: u64,
    lock: Option<LockFile>,
    file: Option<Tracked>,
    syncer: Syncer,
}

/// Flushes appended records to the disk off the caller's thread.
///
/// A record is in the kernel's cache once `write` returns, so it survives the
/// process being killed at any instant; the sync only guards against losing
/// power, and on a busy disk it costs several milliseconds a change. Syncs
/// that pile up are merged into one. Snapshots (compaction, repair) are still
/// synced in place, since their rename must not overtake their contents.
#[derive(Debug)]
struct Syncer {
    files: std::sync::mpsc::Sender<File>,
}

impl Syncer {
    fn new() -> Syncer {
        let (files, pending) = std::sync::mpsc::channel::<File>();
        std::thread::spawn(move || {
            while let Ok(mut file) = pending.recv() {
                while let Ok(newer) = pending.try_recv() {
                    file = newer;
                }
                // A failed sync leaves the record in the cache, where the
                // kernel writes it back anyway; there is no one to tell.
                let _ = file.sync_data();
            }
        });
        Syncer { files }
    }

    fn sync(&self, file: &File) -> io::Result<()> {
        match self.files.send(file.try_clone()?) {
            Ok(()) => Ok(()),
            // The syncing thread is gone: sync here rather than not at all.
            Err(_) => file.sync_data(),
        }
    }
}

/// The state as found at start.
pub(crate) struct Loaded {
    pub state: State,
    pub recovery: Option<Recovery>,
    /// Why the state cannot be saved right now, if it cannot.
    pub failure: Option<String>,
}

impl Journal {
    pub(crate) fn new(paths: StatePaths) -> Journal {
        Journal {
            paths,
            limit: JOURNAL_LIMIT,
            lock: None,
            file: None,
            syncer: Syncer::new(),
        }
    }

    pub(crate) fn paths(&self) -> &StatePaths {
        &self.paths
    }

    /// Reads the state, recovering a damaged file and compacting a wasteful
    /// one. Only a file from a newer schema or one that is no readable file
    /// ([`Failure::Newer`], [`Failure::Unusable`]) is an error; a disk that
    /// cannot be written still yields whatever could be read, with the reason.
    pub(crate) fn load(&mut self) -> Result<Loaded, Failure> {
        let mut state = State::default();
        let locked = self.locked(|j| j.load_locked(&mut state));
        let (recovery, failure) = match locked {
            Ok(recovery) => (recovery, None),
            Err(refused @ (Failure::Newer(_) | Failure::Unusable(_))) => return Err(refused),
            Err(Failure::Io(why)) => {
                // Perhaps only the directory is read-only: still show the user
                // their state, changing nothing on disk.
                match self.read_unlocked() {
                    Ok(found) => state = found,
                    Err(refused @ (Failure::Newer(_) | Failure::Unusable(_))) => {
                        return Err(refused);
                    }
                    Err(Failure::Io(_)) => {}
                }
                (None, Some(why))
            }
        };
        Ok(Loaded {
            state,
            recovery,
            failure,
        })
    }

    fn load_locked(&mut self, state: &mut State) -> Result<Option<Recovery>, Failure> {
        // A compaction killed half way leaves its temporary file; nothing reads
        // it, and it would only be overwritten by the next compaction.
        match fs::remove_file(self.paths.temp_file()) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => {
                return Err(self.io("cannot remove", &self.paths.temp_file(), &e));
            }
            _ => {}
        }
        // Likewise a damaged copy cut off half way; it is best effort, since
        // the copy is only ever written under this name and renamed.
        let _ = fs::remove_file(self.paths.damaged_temp_file());
        match self.catch_up(state, &[])? {
            Caught::Rewrote(recovery) => Ok(Some(recovery)),
            Caught::Missing | Caught::Mended => Ok(None),
            Caught::Current => {
                let lines = self.file.as_ref().map_or(0, |t| t.lines);
                if lines > 2 * state.live_records() + SLACK_LINES {
                    self.write_snapshot(state)?;
                }
                Ok(None)
            }
        }
    }

    /// The file's records without taking the lock or writing anything, for a
    /// directory we cannot write to. Damage is skipped, not repaired.
    fn read_unlocked(&mut self) -> Result<State, Failure> {
        let path = self.paths.state_file();
        let bytes = match bounded::read(&path, self.limit, WHAT) {
            Ok(bytes) => bytes,
            Err(ReadError::NotFound) => Vec::new(),
            Err(e) => return Err(self.unreadable(&path, e)),
        };
        let mut state = State::default();
        replay(&bytes, true, &mut state).map_err(Failure::Newer)?;
        Ok(state)
    }

    /// Saves `pending`, already applied to `state`, and `fresh`, not yet
    /// applied, after applying whatever other processes saved meanwhile.
    /// `fresh` is applied only once the file is known to be one this byline
    /// may write: on [`Failure::Newer`] and [`Failure::Unusable`] it is not in
    /// `state`, on [`Failure::Io`] it may or may not be. On failure nothing is
    /// known to be saved, and the caller keeps it all for the next attempt.
    pub(crate) fn flush(
        &mut self,
        state: &mut State,
        pending: &[Record],
        fresh: Option<&Record>,
    ) -> Result<Option<Recovery>, Failure> {
        self.locked(|j| {
            let caught = j.catch_up(state, pending)?;
            let mut all = pending.to_vec();
            if let Some(r) = fresh {
                state.apply(r.clone());
                all.push(r.clone());
            }
            match caught {
                // The repair wrote the state before `fresh` was in it.
                Caught::Rewrote(recovery) => {
                    j.append(&all[pending.len()..]).map(|()| Some(recovery))
                }
                Caught::Mended => j.append(&all[pending.len()..]).map(|()| None),
                // The file is gone (or never was): all of memory goes, not just
                // the pending records, so nothing recorded is lost.
                Caught::Missing => j.write_snapshot(state).map(|()| None),
                Caught::Current => j.append(&all).map(|()| None),
            }
        })
    }

    /// Rewrites the file as a snapshot of `state`, after catching up, so that
    /// records another process appended are in the snapshot too.
    pub(crate) fn compact(
        &mut self,
        state: &mut State,
        pending: &[Record],
    ) -> Result<Option<Recovery>, Failure> {
        self.locked(|j| match j.catch_up(state, pending)? {
            Caught::Rewrote(recovery) => Ok(Some(recovery)),
            Caught::Mended => Ok(None),
            Caught::Missing | Caught::Current => j.write_snapshot(state).map(|()| None),
        })
    }

    /// Brings `state` up to date with the file, then re-applies `pending` on
    /// top, which leaves it as if our records had come after the others'.
    fn catch_up(&mut self, state: &mut State, pending: &[Record]) -> Result<Caught, Failure> {
        let path = self.paths.state_file();
        let meta = match fs::metadata(&path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                self.file = None;
                return Ok(Caught::Missing);
            }
            Err(e) => return Err(self.io("cannot read", &path, &e)),
        };
        // Checked before anything is read, and again on the open file by
        // `reload`: the name may have been pointed at a FIFO or a device.
        if !meta.is_file() {
            self.file = None;
            return Err(self.unreadable(&path, ReadError::NotRegular { what: WHAT }));
        }
        if meta.len() > self.limit {
            self.file = None;
            return Err(self.unreadable(&path, self.too_large(meta.len())));
        }
        if let Some(t) = &mut self.file
            && t.id == FileId::of(&meta)
            && meta.len() >= t.len
        {
            if meta.len() == t.len {
                return Ok(Caught::Current);
            }
            // Within the limit: the whole file is, as checked above.
            let mut tail = vec![0; usize::try_from(meta.len() - t.len).unwrap_or(usize::MAX)];
            let read = t.file.read_exact_at(&mut tail, t.len);
            if let Err(e) = read {
                return Err(self.io("cannot read", &path, &e));
            }
            // Should the tail turn out damaged, the records applied so far
            // are real ones, and `reload` rebuilds the state anyway.
            let found = replay(&tail, t.len == 0, state).map_err(Failure::Newer)?;
            if found.intact && !found.crlf {
                t.len = meta.len();
                t.lines += found.kept;
                for r in pending {
                    state.apply(r.clone());
                }
                return Ok(Caught::Current);
            }
            // A process died half way through a line (or an editor saved the
            // file with CR LF). Its damage is repaired like any other, from
            // the whole file.
        }
        self.reload(state, pending)
    }

    /// Reads the whole file afresh: at start, after another process compacted
    /// it, or when its end is damaged.
    fn reload(&mut self, state: &mut State, pending: &[Record]) -> Result<Caught, Failure> {
        let path = self.paths.state_file();
        let file = open_for_update(&path).map_err(|e| self.unreadable(&path, e))?;
        let bytes = file
            .try_clone()
            .map_err(ReadError::from)
            .and_then(|reader| bounded::read_file(reader, self.limit, WHAT))
            .map_err(|e| self.unreadable(&path, e))?;
        let meta = file
            .metadata()
            .map_err(|e| self.io("cannot read", &path, &e))?;
        let mut fresh = State::default();
        let found = replay(&bytes, true, &mut fresh).map_err(Failure::Newer)?;
        for r in pending {
            fresh.apply(r.clone());
        }
        *state = fresh;
        if found.intact && found.crlf {
            // Every record verified once its CR was dropped: nothing is lost
            // and there is nothing to keep a copy of, only line ends to mend.
            self.file = None;
            self.write_snapshot(state)?;
            return Ok(Caught::Mended);
        }
        if found.intact {
            self.file = Some(Tracked {
                file,
                id: FileId::of(&meta),
                len: bytes.len() as u64,
                lines: found.kept + 1,
            });
            return Ok(Caught::Current);
        }
        self.file = None;
        // The copy comes first: the damaged file is replaced only once every
        // byte of it is safe under another name.
        let damaged_copy = self.keep_damaged(&bytes, |file, bytes| file.write_all(bytes))?;
        self.write_snapshot(state)?;
        let removed_copies = self.prune_damaged(&damaged_copy);
        Ok(Caught::Rewrote(Recovery {
            kept: found.kept,
            dropped: found.dropped,
            damaged_copy,
            removed_copies,
        }))
    }

    fn append(&mut self, records: &[Record]) -> Result<(), Failure> {
        if records.is_empty() {
            return Ok(());
        }
        let path = self.paths.state_file();
        let Some(t) = &mut self.file else {
            return Err(Failure::Io(format!("lost track of {}", path.display())));
        };
        let mut buf = Vec::with_capacity(records.len() * 128);
        for r in records {
            record::encode(r, &mut buf);
        }
        let syncer = &self.syncer;
        let written = t
            .file
            .write_all_at(&buf, t.len)
            .and_then(|()| syncer.sync(&t.file));
        if let Err(e) = written {
            // Leave no partial line for the next append to follow: a torn line
            // in the middle would cost a recovery later.
            let _ = t.file.set_len(t.len);
            return Err(Failure::Io(format!("cannot write {}: {e}", path.display())));
        }
        t.len += buf.len() as u64;
        t.lines += records.len();
        Ok(())
    }

    fn write_snapshot(&mut self, state: &State) -> Result<(), Failure> {
        let tmp = self.paths.temp_file();
        let path = self.paths.state_file();
        let records = state.snapshot();
        let mut buf = Vec::with_capacity(records.len() * 96);
        for r in &records {
            record::encode(r, &mut buf);
        }
        let written = (|| {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(true)
                .open(&tmp)?;
            file.write_all(&buf)?;
            file.sync_all()?;
            fs::rename(&tmp, &path)?;
            sync_dir(self.paths.dir())?;
            let meta = file.metadata()?;
            Ok::<_, io::Error>((file, meta))
        })();
        match written {
            Ok((file, meta)) => {
                self.file = Some(Tracked {
                    file,
                    id: FileId::of(&meta),
                    len: buf.len() as u64,
                    lines: records.len(),
                });
                Ok(())
            }
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                Err(self.io("cannot write", &path, &e))
            }
        }
    }

    /// Keeps `bytes`, the damaged file as read, beside it under a new name,
    /// unless a copy of exactly these bytes is there already (a repair that
    /// could not finish, say on a full disk, finds the same damage at every
    /// start). The copy is written under a temporary name and renamed only
    /// once synced, so a disk that fills half way leaves no partial copy to
    /// be mistaken for the damaged file. `write` writes the bytes; tests pass
    /// one that fails.
    fn keep_damaged(
        &self,
        bytes: &[u8],
        write: impl FnOnce(&mut File, &[u8]) -> io::Result<()>,
    ) -> Result<PathBuf, Failure> {
        if let Some(same) = self.damaged_copies().into_iter().find(|copy| {
            fs::metadata(copy).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
                && bounded::read(copy, self.limit, "a damaged copy").is_ok_and(|b| b == bytes)
        }) {
            return Ok(same);
        }
        let tmp = self.paths.damaged_temp_file();
        let written = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)
            .and_then(|mut file| {
                write(&mut file, bytes)?;
                file.sync_all()
            });
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            return Err(self.io("cannot keep a copy of the damaged state file as", &tmp, &e));
        }
        let stamp = humantime::format_rfc3339_seconds(SystemTime::now())
            .to_string()
            .replace(':', "-");
        // Every writer holds the lock, so a name free now is free at the rename.
        let free = (0..1000)
            .map(|n| self.paths.damaged_file(&stamp, n))
            .find(|copy| fs::symlink_metadata(copy).is_err());
        let Some(copy) = free else {
            let _ = fs::remove_file(&tmp);
            return Err(Failure::Io(format!(
                "found no free name to keep the damaged {} under",
                self.paths.state_file().display()
            )));
        };
        if let Err(e) = fs::rename(&tmp, &copy).and_then(|()| sync_dir(self.paths.dir())) {
            let _ = fs::remove_file(&tmp);
            return Err(self.io("cannot keep a copy of the damaged state file as", &copy, &e));
        }
        Ok(copy)
    }

    /// The damaged copies beside the state file, oldest first.
    fn damaged_copies(&self) -> Vec<PathBuf> {
        let prefix = self.paths.damaged_prefix();
        let Ok(entries) = fs::read_dir(self.paths.dir()) else {
            return Vec::new();
        };
        let mut copies: Vec<(SystemTime, PathBuf)> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
            .filter_map(|e| {
                let meta = e.metadata().ok().filter(fs::Metadata::is_file)?;
                Some((meta.modified().unwrap_or(SystemTime::UNIX_EPOCH), e.path()))
            })
            .collect();
        copies.sort();
        copies.into_iter().map(|(_, path)| path).collect()
    }

    /// Removes all but the [`DAMAGED_COPIES_KEPT`] newest damaged copies,
    /// never `keep`, the one just made. Returns how many went.
    fn prune_damaged(&self, keep: &Path) -> usize {
        let copies = self.damaged_copies();
        let excess = copies.len().saturating_sub(DAMAGED_COPIES_KEPT);
        copies
            .iter()
            .take(excess)
            .filter(|copy| copy.as_path() != keep && fs::remove_file(copy).is_ok())
            .count()
    }

    /// Runs `f` holding the exclusive lock.
    fn locked<T>(
        &mut self,
        f: impl FnOnce(&mut Journal) -> Result<T, Failure>,
    ) -> Result<T, Failure> {
        self.lock()?;
        let result = f(self);
        if let Some(lock) = &self.lock {
            let _ = Lockable::unlock(&lock.file);
        }
        result
    }

    fn lock(&mut self) -> Result<(), Failure> {
        let dir = self.paths.dir();
        if let Err(e) = fs::create_dir_all(dir) {
            // "File exists" would not say which part is in the way.
            if fs::metadata(dir).is_ok_and(|m| !m.is_dir()) {
                return Err(Failure::Io(format!(
                    "the state directory {} is a file, not a directory",
                    dir.display()
                )));
            }
            return Err(self.io("cannot create", dir, &e));
        }
        let path = self.paths.lock_file();
        // Someone may have removed the directory and made it anew; a lock on
        // the old lock file would exclude nobody.
        let current = fs::metadata(&path).ok().map(|m| FileId::of(&m));
        if self.lock.as_ref().map(|l| l.id) != current || current.is_none() {
            let opened = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .and_then(|file| Ok((file.metadata()?, file)));
            let (meta, file) = opened.map_err(|e| self.io("cannot open", &path, &e))?;
            self.lock = Some(LockFile {
                file,
                id: FileId::of(&meta),
            });
        }
        let Some(lock) = &self.lock else {
            return Err(Failure::Io(format!("cannot lock {}", path.display())));
        };
        let deadline = Instant::now() + LOCK_PATIENCE;
        loop {
            match Lockable::try_lock(&lock.file) {
                Ok(()) => return Ok(()),
                Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(1));
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(Failure::Io(format!(
                        "another byline process has held {} for over {} seconds",
                        path.display(),
                        LOCK_PATIENCE.as_secs()
                    )));
                }
                Err(TryLockError::Error(e)) => return Err(self.io("cannot lock", &path, &e)),
            }
        }
    }

    /// The cause said once: `describe` is the OS's words without the
    /// error number appended twice by a chain of wrappers.
    fn io(&self, what: &str, path: &Path, e: &io::Error) -> Failure {
        Failure::Io(format!(
            "{what} {}: {}",
            path.display(),
            bounded::describe(e)
        ))
    }

    /// A state file that cannot be read is refused as a whole; an ordinary
    /// I/O error is one that a later attempt may get past.
    fn unreadable(&self, path: &Path, e: ReadError) -> Failure {
        match e {
            ReadError::Io(e) => self.io("cannot read", path, &e),
            ReadError::NotFound => Failure::Io(format!("{} disappeared", path.display())),
            ReadError::NotRegular { .. } => Failure::Unusable(format!(
                "cannot read {}: {e} of at most {}",
                path.display(),
                bounded::human_size(self.limit)
            )),
            ReadError::TooLarge { .. } => {
                Failure::Unusable(format!("cannot read {}: {e}", path.display()))
            }
        }
    }

    fn too_large(&self, size: u64) -> ReadError {
        ReadError::TooLarge {
            what: WHAT,
            size: bounded::human_size(size),
            limit: bounded::human_size(self.limit),
        }
    }
}

/// Opens the state file for reading and appending, if it is a regular file,
/// the way [`bounded::open_regular`] opens files for reading: a look first
/// (opening a device can have effects), no blocking on a FIFO, and the check
/// repeated on the open file in case the name was swapped meanwhile.
fn open_for_update(path: &Path) -> Result<File, ReadError> {
    bounded::open_regular_with(path, WHAT, OpenOptions::new().read(true).write(true))
}

/// Past this size a second thread decodes the second half of the file while
/// this one decodes and applies the first: decoding is most of loading.
const PARALLEL_BYTES: usize = 1 << 20;

/// Applies a run of lines to `state`; `at_start` when it begins at the start
/// of the file, where the header must be.
fn replay(bytes: &[u8], at_start: bool, state: &mut State) -> Result<Replayed, Option<u64>> {
    let split = if bytes.len() < PARALLEL_BYTES {
        bytes.len()
    } else {
        let half = bytes.len() / 2;
        memchr::memchr(b'\n', &bytes[half..]).map_or(bytes.len(), |i| half + i + 1)
    };
    let (head, tail) = bytes.split_at(split);
    let mut found = Replayed {
        intact: !at_start,
        ..Replayed::default()
    };
    std::thread::scope(|scope| {
        let helper = (!tail.is_empty())
            .then(|| {
                std::thread::Builder::new()
                    .spawn_scoped(scope, || {
                        let mut decoded =
                            Vec::with_capacity(memchr::memchr_iter(b'\n', tail).count() + 1);
                        decoded.extend(lines(tail).map(record::decode));
                        decoded
                    })
                    .ok()
            })
            .flatten();
        let mut first = at_start;
        for line in lines(head) {
            if first {
                check_declared_schema(line)?;
            }
            take(record::decode(line), first, &mut found, state)?;
            first = false;
        }
        match helper.map(|h| h.join()) {
            Some(Ok(decoded)) => {
                for line in decoded {
                    take(line, false, &mut found, state)?;
                }
            }
            // No thread to be had (or it failed): decode the rest here.
            _ => {
                for line in lines(tail) {
                    take(record::decode(line), false, &mut found, state)?;
                }
            }
        }
        Ok::<(), Option<u64>>(())
    })?;
    // After the last newline comes either nothing or a line cut short.
    let torn = bytes.last().is_some_and(|&b| b != b'\n');
    found.intact = found.intact && found.dropped == 0 && !torn;
    // JSON writes a CR in a string as `\r`: a raw one in a file whose lines
    // all verify can only be a line end.
    found.crlf = memchr::memchr(b'\r', bytes).is_some();
    Ok(found)
}

/// The lines of `bytes`, the last one without a newline if it was cut short.
/// A CR before the newline is a line end too: the checksum covers only what
/// lies between the braces, so a record whose file went through an editor on
/// Windows still verifies once its CR is dropped.
fn lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = bytes;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let line;
        (line, rest) = match memchr::memchr(b'\n', rest) {
            Some(end) => {
                let line = &rest[..end];
                (line.strip_suffix(b"\r").unwrap_or(line), &rest[end + 1..])
            }
            None => (rest, &rest[rest.len()..]),
        };
        Some(line)
    })
}

/// A first line that says it is from a newer schema is believed even when it
/// is damaged: better to refuse a file than to rewrite one we do not know.
fn check_declared_schema(line: &[u8]) -> Result<(), Option<u64>> {
    match record::declared_schema(line) {
        Some(schema) if schema > u64::from(SCHEMA) => Err(Some(schema)),
        _ => Ok(()),
    }
}

/// Takes one decoded line into the state and the tally. `found.intact` holds
/// whether a header has been seen at the start, until `replay` settles it.
fn take(
    line: Line,
    first: bool,
    found: &mut Replayed,
    state: &mut State,
) -> Result<(), Option<u64>> {
    match line {
        Line::Record(Record::Header { schema, .. }) if schema > SCHEMA => {
            return Err(Some(u64::from(schema)));
        }
        Line::Record(Record::Header { .. }) => found.intact |= first,
        Line::Record(r) => {
            state.apply(r);
            found.kept += 1;
        }
        Line::Unknown => return Err(None),
        Line::Damaged => found.dropped += 1,
    }
    Ok(())
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::article::ArticleId;

    /// A journal big enough to be decoded on two threads.
    fn big_journal() -> Vec<u8> {
        let mut bytes = Vec::new();
        record::encode(&Record::header(), &mut bytes);
        let mut n = 0;
        while bytes.len() < 2 * PARALLEL_BYTES {
            let story = ArticleId::from_key(&n.to_string());
            record::encode(&Record::SetRead { story, read: true }, &mut bytes);
            n += 1;
        }
        bytes
    }

    fn lines_in(bytes: &[u8]) -> usize {
        memchr::memchr_iter(b'\n', bytes).count()
    }

    /// The start of a line three quarters into the journal, in the part the
    /// second thread decodes.
    fn late_line(bytes: &[u8]) -> usize {
        let at = bytes.len() * 3 / 4;
        at + memchr::memchr(b'\n', &bytes[at..]).unwrap() + 1
    }

    #[test]
    fn a_big_journal_replays_whole_across_both_threads() {
        let bytes = big_journal();
        let mut state = State::default();
        let found = replay(&bytes, true, &mut state).unwrap();
        assert!(found.intact);
        assert_eq!(found.kept, lines_in(&bytes) - 1);
        assert_eq!(state.counts().read, found.kept);
    }

    #[test]
    fn damage_in_the_second_half_is_counted() {
        let mut bytes = big_journal();
        let at = late_line(&bytes);
        bytes[at + 30] ^= 0x04;
        bytes.truncate(bytes.len() - 5);
        let found = replay(&bytes, true, &mut State::default()).unwrap();
        assert!(!found.intact);
        assert_eq!(found.dropped, 2);
        assert_eq!(found.kept, lines_in(&bytes) - 2);
    }

    #[test]
    fn an_unknown_record_in_the_second_half_refuses_the_file() {
        let mut bytes = big_journal();
        let at = late_line(&bytes);
        let payload = br#"{"highlight":{"story":"0000000000000001"}}"#;
        let mut line =
            format!("{{\"crc\":\"{:08x}\",\"rec\":", crc32fast::hash(payload)).into_bytes();
        line.extend_from_slice(payload);
        line.extend_from_slice(b"}\n");
        bytes.splice(at..at, line);
        assert_eq!(
            replay(&bytes, true, &mut State::default()).unwrap_err(),
            None
        );
    }
}

#[cfg(test)]
mod limits {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::article::ArticleId;

    fn journal_in(dir: &Path) -> Journal {
        Journal::new(StatePaths::in_dir(dir))
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn journal_of(reads: u64) -> Vec<u8> {
        let mut bytes = Vec::new();
        record::encode(&Record::header(), &mut bytes);
        for n in 0..reads {
            let story = ArticleId::from_key(&n.to_string());
            record::encode(&Record::SetRead { story, read: true }, &mut bytes);
        }
        bytes
    }

    #[test]
    fn a_journal_over_the_limit_is_refused_with_the_limit_named_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let bytes = journal_of(40);
        assert!(bytes.len() > 2048);
        fs::write(dir.path().join("state.jsonl"), &bytes).unwrap();
        let mut journal = journal_in(dir.path());
        journal.limit = 1024;
        let Err(Failure::Unusable(why)) = journal.load() else {
            panic!("a journal over the limit was read");
        };
        assert!(why.contains("the limit is 1 KiB"), "{why}");
        assert!(why.contains("state.jsonl"), "{why}");
        assert_eq!(fs::read(dir.path().join("state.jsonl")).unwrap(), bytes);
        assert_eq!(names_in(dir.path()), ["state.jsonl", "state.lock"]);
    }

    #[test]
    fn a_journal_grown_past_the_limit_mid_session_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let mut journal = journal_in(dir.path());
        journal.limit = 1024;
        let mut state = State::default();
        journal.load().unwrap();
        let story = ArticleId::from_key("one");
        let mark = Record::SetRead { story, read: true };
        journal.flush(&mut state, &[], Some(&mark)).unwrap();
        let mut grown = fs::read(dir.path().join("state.jsonl")).unwrap();
        grown.extend_from_slice(&journal_of(40)[40..]);
        fs::write(dir.path().join("state.jsonl"), &grown).unwrap();
        let refused = journal.flush(&mut state, &[], Some(&mark));
        assert!(matches!(refused, Err(Failure::Unusable(_))), "{refused:?}");
        assert_eq!(fs::read(dir.path().join("state.jsonl")).unwrap(), grown);
    }

    #[test]
    fn crlf_line_ends_are_line_ends() {
        let lf = journal_of(3);
        let crlf: Vec<u8> = String::from_utf8(lf.clone())
            .unwrap()
            .replace('\n', "\r\n")
            .into_bytes();
        let mut from_lf = State::default();
        let mut from_crlf = State::default();
        let plain = replay(&lf, true, &mut from_lf).unwrap();
        let found = replay(&crlf, true, &mut from_crlf).unwrap();
        assert!(!plain.crlf);
        assert!(found.intact && found.crlf);
        assert_eq!((found.kept, found.dropped), (3, 0));
        assert_eq!(from_crlf.counts(), from_lf.counts());
    }

    #[test]
    fn a_damaged_copy_that_fails_half_way_leaves_no_file_behind() {
        let dir = tempfile::tempdir().unwrap();
        let journal = journal_in(dir.path());
        let full = |file: &mut File, bytes: &[u8]| {
            file.write_all(&bytes[..bytes.len() / 2])?;
            Err(io::Error::from_raw_os_error(libc::ENOSPC))
        };
        let Err(Failure::Io(why)) = journal.keep_damaged(b"damaged bytes", full) else {
            panic!("a failed copy was reported as kept");
        };
        assert!(why.to_lowercase().contains("no space left"), "{why}");
        assert_eq!(names_in(dir.path()), Vec::<String>::new());
    }

    #[test]
    fn the_same_damage_found_again_is_not_copied_again() {
        let dir = tempfile::tempdir().unwrap();
        let journal = journal_in(dir.path());
        let write = |file: &mut File, bytes: &[u8]| file.write_all(bytes);
        let first = journal.keep_damaged(b"damaged bytes", write).unwrap();
        let again = journal.keep_damaged(b"damaged bytes", write).unwrap();
        let other = journal.keep_damaged(b"other damage", write).unwrap();
        assert_eq!(again, first);
        assert_ne!(other, first);
        assert_eq!(names_in(dir.path()).len(), 2);
        assert_eq!(fs::read(&first).unwrap(), b"damaged bytes");
    }

    #[test]
    fn pruning_keeps_the_newest_copies() {
        let dir = tempfile::tempdir().unwrap();
        let journal = journal_in(dir.path());
        let start = SystemTime::now() - Duration::from_secs(3600);
        for n in 0..8u32 {
            let copy = journal.paths.damaged_file("old", n);
            fs::write(&copy, n.to_string()).unwrap();
            let file = File::options().write(true).open(&copy).unwrap();
            // Made out of order, so the names alone do not give the age.
            let age = u64::from((n * 5) % 8);
            file.set_modified(start + Duration::from_secs(age)).unwrap();
        }
        let newest = journal.paths.damaged_file("old", 7);
        assert_eq!(journal.prune_damaged(&newest), 3);
        let left: Vec<String> = journal
            .damaged_copies()
            .iter()
            .map(|p| fs::read_to_string(p).unwrap())
            .collect();
        // Ages 3..=7 are those of copies 7, 4, 1, 6 and 3.
        assert_eq!(left, ["7", "4", "1", "6", "3"]);
    }
}
