//! Advisory locks on a `<name>.lock` file beside the file they guard, held
//! by a process for the few milliseconds it changes that file.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fs4::{FileExt as Lockable, TryLockError};

/// Released when dropped.
#[derive(Debug)]
pub struct Lock(File);

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = Lockable::unlock(&self.0);
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("{path}: {cause}", path = .path.display())]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("{} is not a plain file", .0.display())]
    NotRegular(PathBuf),
    /// Another process held it for longer than we would wait.
    #[error("another byline process has held {} for over {} seconds", .path.display(), .waited.as_secs())]
    Held { path: PathBuf, waited: Duration },
}

/// The lock file that guards `path`: `<name>.lock` beside it.
pub fn path_for(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    path.with_file_name(name)
}

/// Takes the exclusive lock guarding `path`, creating its directory and
/// lock file when missing, and waiting up to `patience` for another holder.
pub fn beside(path: &Path, patience: Duration) -> Result<Lock, LockError> {
    let lock_path = path_for(path);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(|cause| LockError::Io {
            path: dir.to_path_buf(),
            cause,
        })?;
    }
    let io = |cause| LockError::Io {
        path: lock_path.clone(),
        cause,
    };
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        // A FIFO put in its place must not hang us.
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(&lock_path).map_err(io)?;
    if !file.metadata().map_err(io)?.is_file() {
        return Err(LockError::NotRegular(lock_path));
    }
    let deadline = Instant::now() + patience;
    loop {
        match Lockable::try_lock(&file) {
            Ok(()) => return Ok(Lock(file)),
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(2));
            }
            Err(TryLockError::WouldBlock) => {
                return Err(LockError::Held {
                    path: lock_path,
                    waited: patience,
                });
            }
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_waits_its_patience_then_is_told_who_holds_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let guarded = dir.path().join("x.db");
        let _held = beside(&guarded, Duration::ZERO).expect("first");
        let err = beside(&guarded, Duration::from_millis(20)).expect_err("second");
        assert!(matches!(err, LockError::Held { .. }), "{err}");
        assert!(err.to_string().contains("x.db.lock"), "{err}");
    }

    #[test]
    fn a_dropped_lock_can_be_taken_again() {
        let dir = tempfile::tempdir().expect("temp dir");
        let guarded = dir.path().join("sub").join("x.db");
        drop(beside(&guarded, Duration::ZERO).expect("first"));
        beside(&guarded, Duration::ZERO).expect("again");
    }
}
