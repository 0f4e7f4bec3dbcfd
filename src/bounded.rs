//! Reading files from outside the program with a limit: every file byline
//! reads (stories, the journal, subscriptions, OPML) may be a symlink to
//! `/dev/zero`, a FIFO that never answers, or a device. Each read here is of
//! a regular file only, opened without blocking, and of at most a named size.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// Why a bounded read failed. Every message names what the file was meant
/// to be and, for size, the limit.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("no such file")]
    NotFound,
    #[error("not a regular file (a directory, FIFO or device); {what} must be a plain file")]
    NotRegular { what: &'static str },
    #[error("too large for {what} ({size}; the limit is {limit})")]
    TooLarge {
        what: &'static str,
        size: String,
        limit: String,
    },
    #[error("{}", describe(.0))]
    Io(#[from] io::Error),
}

impl ReadError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::NotFound)
    }
}

/// The cause of an I/O error in words, once: std's `Display` already says
/// the OS error, and callers add the path.
pub fn describe(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// A size for a message: bytes, KiB or MiB, whichever reads best.
pub fn human_size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) || bytes >= 10 * MIB {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// Opens `path` for reading if it is (or links to) a regular file, without
/// blocking on a FIFO. The check is made on the open file, so a file swapped
/// for a FIFO between a look and the open cannot hang us.
pub fn open_regular(path: &Path, what: &'static str) -> Result<File, ReadError> {
    open_regular_with(path, what, OpenOptions::new().read(true))
}

/// [`open_regular`] with the caller's options (to append as well, say).
pub fn open_regular_with(
    path: &Path,
    what: &'static str,
    options: &OpenOptions,
) -> Result<File, ReadError> {
    // A look first: opening a device can have effects (a tape rewinds).
    match fs::metadata(path) {
        Ok(meta) if !meta.is_file() => return Err(ReadError::NotRegular { what }),
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(ReadError::NotFound),
        Err(e) => return Err(e.into()),
    }
    let mut options = options.clone();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => ReadError::NotFound,
        _ => ReadError::Io(e),
    })?;
    if !file.metadata()?.is_file() {
        return Err(ReadError::NotRegular { what });
    }
    Ok(file)
}

/// Reads the whole of an already opened regular file, at most `limit` bytes.
pub fn read_file(mut file: File, limit: u64, what: &'static str) -> Result<Vec<u8>, ReadError> {
    let len = file.metadata()?.len();
    let too_large = |size: u64| ReadError::TooLarge {
        what,
        size: human_size(size),
        limit: human_size(limit),
    };
    if len > limit {
        return Err(too_large(len));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    // The file may grow while we read it (or lie about its size, as /proc does).
    (&mut file).take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Reads a regular file of at most `limit` bytes.
pub fn read(path: &Path, limit: u64, what: &'static str) -> Result<Vec<u8>, ReadError> {
    read_file(open_regular(path, what)?, limit, what)
}

/// Reads a regular UTF-8 text file of at most `limit` bytes.
pub fn read_to_string(path: &Path, limit: u64, what: &'static str) -> Result<String, ReadError> {
    let bytes = read(path, limit, what)?;
    String::from_utf8(bytes)
        .map_err(|e| ReadError::Io(io::Error::new(io::ErrorKind::InvalidData, e.utf8_error())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_limit_is_refused_with_the_limit_named() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("big.txt");
        fs::write(&path, vec![b'a'; 2048]).expect("write");
        let err = read(&path, 1024, "a story").expect_err("over the limit");
        assert_eq!(
            err.to_string(),
            "too large for a story (2 KiB; the limit is 1 KiB)"
        );
        assert_eq!(
            read(&path, 2048, "a story").expect("at the limit").len(),
            2048
        );
    }

    #[cfg(unix)]
    #[test]
    fn dev_zero_is_refused_without_reading_it() {
        let err = read(Path::new("/dev/zero"), 1024, "the journal").expect_err("a device");
        assert!(matches!(err, ReadError::NotRegular { .. }), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_at_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .expect("mkfifo");
        assert!(made.success());
        let err = read(&path, 1024, "feeds.toml").expect_err("a FIFO");
        assert!(err.to_string().contains("not a regular file"), "{err}");
    }

    #[test]
    fn a_missing_file_says_so() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(
            read(&dir.path().join("none"), 10, "x")
                .expect_err("missing")
                .is_not_found()
        );
    }
}
