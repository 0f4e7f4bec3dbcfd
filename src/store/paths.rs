//! Where the state lives on disk.
//!
//! The only user of the `directories` crate, so that every other part of the
//! store takes its paths as plain values and can be tested in a temporary
//! directory.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Environment variable naming the directory that holds byline's state.
pub const HOME_ENV: &str = "BYLINE_HOME";

const STATE_FILE: &str = "state.jsonl";

/// The story database, beside the journal in the state (data) directory.
const DATABASE_FILE: &str = "library.db";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PathsError {
    #[error(
        "found no home directory to keep byline's state in; set {HOME_ENV} or pass --state-dir"
    )]
    NoHome,
}

/// The directory holding the state, and the names of the files in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatePaths {
    dir: PathBuf,
}

impl StatePaths {
    /// State kept in exactly this directory.
    pub fn in_dir(dir: impl Into<PathBuf>) -> StatePaths {
        StatePaths { dir: dir.into() }
    }

    /// The state directory for this run: the `--state-dir` flag, else
    /// `BYLINE_HOME`, else the platform's data directory for byline.
    pub fn resolve(flag: Option<&Path>) -> Result<StatePaths, PathsError> {
        choose(flag, std::env::var_os(HOME_ENV), platform_dir)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The journal of changes: `state.jsonl`.
    pub fn state_file(&self) -> PathBuf {
        self.dir.join(STATE_FILE)
    }

    /// Taken around every write. A separate file, because the state file itself
    /// is replaced on compaction and a lock on a replaced file excludes nobody.
    pub(crate) fn lock_file(&self) -> PathBuf {
        self.dir.join("state.lock")
    }

    /// Where a compacted snapshot is written before it replaces the state file.
    pub(crate) fn temp_file(&self) -> PathBuf {
        self.dir.join("state.jsonl.tmp")
    }

    /// Where a damaged state file is kept, `n` counting attempts at a free name.
    pub(crate) fn damaged_file(&self, stamp: &str, n: u32) -> PathBuf {
        let name = match n {
            0 => format!("{}{stamp}", self.damaged_prefix()),
            n => format!("{}{stamp}-{n}", self.damaged_prefix()),
        };
        self.dir.join(name)
    }

    /// How the names of damaged copies begin.
    pub(crate) fn damaged_prefix(&self) -> String {
        format!("{STATE_FILE}.damaged-")
    }

    /// Where a damaged copy is written before it gets its name: not matching
    /// [`StatePaths::damaged_prefix`], so a partial one is never taken for a copy.
    pub(crate) fn damaged_temp_file(&self) -> PathBuf {
        self.dir.join(format!("{STATE_FILE}.damaged.tmp"))
    }
}

/// Precedence of the sources, apart from the process environment so that it
/// can be tested without mutating it.
fn choose(
    flag: Option<&Path>,
    env: Option<OsString>,
    platform: impl FnOnce() -> Option<PathBuf>,
) -> Result<StatePaths, PathsError> {
    if let Some(dir) = flag {
        return Ok(StatePaths::in_dir(dir));
    }
    // An empty variable is how shells unset things in scripts; treat it as unset
    // rather than as the current directory.
    if let Some(dir) = env.filter(|v| !v.is_empty()) {
        return Ok(StatePaths::in_dir(dir));
    }
    platform().map(StatePaths::in_dir).ok_or(PathsError::NoHome)
}

/// Where feeds are kept: the subscriptions file (configuration) and the
/// cache of fetched stories (data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedPaths {
    /// `feeds.toml`: the subscriptions and the cache limits.
    pub subscriptions: PathBuf,
    /// One JSON file of stories per feed, as byline kept them before the
    /// story database: read once, to move them into it.
    pub cache_dir: PathBuf,
    /// The story database (`library.db`): the feed stories, the index of
    /// story files, the search index and stored analyses.
    pub database: PathBuf,
}

impl FeedPaths {
    /// Both kept in one directory (`--state-dir` or `BYLINE_HOME`).
    pub fn in_dir(dir: &Path) -> FeedPaths {
        FeedPaths {
            subscriptions: dir.join("feeds.toml"),
            cache_dir: dir.join("feeds"),
            database: dir.join(DATABASE_FILE),
        }
    }

    /// The `--state-dir` flag, else `BYLINE_HOME`, else the platform's
    /// configuration directory (subscriptions) and data directory (cache).
    pub fn resolve(flag: Option<&Path>) -> Result<FeedPaths, PathsError> {
        if let Some(dir) = flag {
            return Ok(FeedPaths::in_dir(dir));
        }
        if let Some(dir) = std::env::var_os(HOME_ENV).filter(|v| !v.is_empty()) {
            return Ok(FeedPaths::in_dir(Path::new(&dir)));
        }
        let dirs = directories::ProjectDirs::from("", "", "byline").ok_or(PathsError::NoHome)?;
        Ok(FeedPaths {
            subscriptions: dirs.config_dir().join("feeds.toml"),
            cache_dir: dirs.data_dir().join("feeds"),
            database: dirs.data_dir().join(DATABASE_FILE),
        })
    }
}

/// `config.toml`: beside `feeds.toml`, in the configuration directory.
pub fn config_file(flag: Option<&Path>) -> Result<PathBuf, PathsError> {
    Ok(FeedPaths::resolve(flag)?
        .subscriptions
        .with_file_name(CONFIG_FILE))
}

const CONFIG_FILE: &str = "config.toml";

/// Where saved stories go unless the configuration says: `saved` in a
/// directory named by the flag or `BYLINE_HOME`, else `byline` in the
/// user's documents (their home when there is no such folder).
pub fn default_save_dir(flag: Option<&Path>) -> Result<PathBuf, PathsError> {
    if let Some(dir) = flag {
        return Ok(dir.join("saved"));
    }
    if let Some(dir) = std::env::var_os(HOME_ENV).filter(|v| !v.is_empty()) {
        return Ok(Path::new(&dir).join("saved"));
    }
    let user = directories::UserDirs::new().ok_or(PathsError::NoHome)?;
    Ok(user
        .document_dir()
        .unwrap_or(user.home_dir())
        .join("byline"))
}

fn platform_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "byline").map(|d| d.data_dir().to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn platform() -> Option<PathBuf> {
        Some(PathBuf::from("/platform/byline"))
    }

    #[test]
    fn the_flag_wins_over_the_environment_and_the_platform() {
        let got = choose(Some(Path::new("/flag")), Some("/env".into()), platform);
        assert_eq!(got, Ok(StatePaths::in_dir("/flag")));
    }

    #[test]
    fn the_environment_wins_over_the_platform() {
        let got = choose(None, Some("/env".into()), platform);
        assert_eq!(got, Ok(StatePaths::in_dir("/env")));
    }

    #[test]
    fn an_empty_environment_variable_counts_as_unset() {
        let got = choose(None, Some("".into()), platform);
        assert_eq!(got, Ok(StatePaths::in_dir("/platform/byline")));
    }

    #[test]
    fn without_any_source_there_is_a_clear_error() {
        assert_eq!(choose(None, None, || None), Err(PathsError::NoHome));
    }

    #[test]
    fn config_toml_and_saved_stories_live_in_a_named_directory() {
        let dir = Path::new("/flag");
        assert_eq!(
            config_file(Some(dir)),
            Ok(PathBuf::from("/flag/config.toml"))
        );
        assert_eq!(
            default_save_dir(Some(dir)),
            Ok(PathBuf::from("/flag/saved"))
        );
    }

    #[test]
    fn the_state_file_is_a_json_lines_file_in_the_directory() {
        let paths = StatePaths::in_dir("/s");
        assert_eq!(paths.state_file(), Path::new("/s/state.jsonl"));
        assert!(
            paths
                .damaged_file("x", 0)
                .to_string_lossy()
                .contains("damaged")
        );
    }
}
