//! The story database: what can be fetched or rebuilt, in SQLite. Feed
//! stories (the JSON caches' replacement), an index of local story files so
//! that unchanged ones are not read again, a full-text index over both, and
//! stored analysis. What the user made (read marks, bookmarks, notes) is in
//! the state journal, never here: this file may be moved aside and rebuilt
//! at any time.
//!
//! WAL mode and a busy timeout let two byline processes share one file: a
//! reader never waits for a writer, and writers wait for each other.

mod analysis;
mod feeds;
mod files;
mod full_text;
mod open;
mod rank;
mod schema;
mod search;

use std::path::PathBuf;
use std::time::Duration;

use rusqlite::{Connection, ErrorCode};

pub use analysis::{FeedStoryAt, PeopleNaming, StoredAnalysis, StoredPeople};
pub use full_text::FullText;
pub use schema::VERSION as SCHEMA_VERSION;
pub use search::fts_query;

/// A connection to the story database.
pub struct Db {
    conn: Connection,
    /// None in memory.
    path: Option<PathBuf>,
    options: Options,
    /// Where it is, for messages: its path, or "in memory".
    label: String,
    /// Whether the search's ranking function is registered on `conn`: it is
    /// on the first search, and once only, as FTS5 keeps each registration.
    ranked: std::cell::Cell<bool>,
}

/// How to open a database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// How long a write waits for another process's write before failing.
    pub busy_timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            busy_timeout: Duration::from_secs(5),
        }
    }
}

/// A database ready for use, and what the user should be told about how it
/// was opened (moved aside and started anew, read-only, in memory).
pub struct Opened {
    pub db: Db,
    pub notice: Option<String>,
}

// The causes are not `source`s: the messages say them already, and
// anyhow's `{:#}` would say them twice.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(
        "the story database {db} is busy: another byline has been writing to it for more than {} s",
        waited.as_secs_f64()
    )]
    Busy { db: String, waited: Duration },
    #[error("the story database {db} is read-only, so this change to it is not kept")]
    ReadOnly { db: String },
    #[error("the story database {db} is damaged: {cause}")]
    Damaged { db: String, cause: String },
    #[error("could not {doing} in the story database {db}: {cause}")]
    Sqlite {
        db: String,
        doing: &'static str,
        cause: rusqlite::Error,
    },
}

impl DbError {
    /// The file is damaged; [`Db::set_aside`] starts a new one.
    pub fn is_damaged(&self) -> bool {
        matches!(self, DbError::Damaged { .. })
    }
}

/// A feed's title and the validators for its next conditional request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedMeta {
    pub title: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A feed story as the list shows it: everything but its paragraphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedRow {
    pub feed_url: String,
    pub key: String,
    /// The story's [`crate::article::ArticleId`], as
    /// [`crate::feed::convert::story_id`] makes it.
    pub id: u64,
    pub title: String,
    pub author: Option<String>,
    pub published: Option<i64>,
    pub link: Option<String>,
    pub first_seen: i64,
}

/// A story file as last read: its size and modification time tell whether
/// it must be read again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRow {
    pub path: PathBuf,
    pub size: u64,
    /// Nanoseconds since 1970.
    pub mtime_ns: i64,
    /// The story's [`crate::article::ArticleId`].
    pub id: u64,
    pub title: String,
    /// YYYY-MM-DD.
    pub date: Option<String>,
    pub dateline: Option<String>,
    pub source: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
}

/// Where a search hit is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hit {
    Feed { feed_url: String, key: String },
    File { path: PathBuf },
}

/// Which of a feed's stories [`Db::feed_rows_where`] reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowSelect {
    All,
    /// Those with no analysis of this byline's analyser kept.
    Unanalysed,
    /// Those of these rows of the database (as [`StoredPeople::doc`]).
    Docs(Vec<i64>),
}

/// One story found by [`Db::search`].
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub hit: Hit,
    /// The story's [`crate::article::ArticleId`].
    pub id: u64,
    pub title: String,
    /// The story's date: a feed story's publication date, a file's date.
    pub date: Option<crate::article::Date>,
    /// A feed story's link, a file's `url` header.
    pub link: Option<String>,
    /// A file's source; a feed story's source is its feed's name, which
    /// the subscriptions give.
    pub source: Option<String>,
    /// Lower is better; only comparable within one search (see `rank.rs`).
    pub rank: f64,
}

/// u64 ids and hashes are kept as the i64 of the same bits (SQLite's
/// integers are signed); these two are each other's inverse.
fn to_sql_id(id: u64) -> i64 {
    id as i64
}

fn from_sql_id(id: i64) -> u64 {
    id as u64
}

impl Db {
    /// A database in memory only: nothing is kept once it is dropped.
    pub fn in_memory() -> Db {
        open::in_memory()
    }

    /// The file, or None for a database in memory.
    pub fn path(&self) -> Option<&std::path::Path> {
        self.path.as_deref()
    }

    /// Where the database is, as messages name it.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The error for a failed statement: busy, read-only and damaged
    /// databases have messages of their own.
    fn error(&self, doing: &'static str) -> impl Fn(rusqlite::Error) -> DbError + '_ {
        move |cause| classify(&self.label, self.options.busy_timeout, doing, cause)
    }

    /// `value` as JSON, for a statement's parameter (a list of ids for
    /// `json_each`, a story's paragraphs).
    fn json<T: serde::Serialize + ?Sized>(
        &self,
        value: &T,
        doing: &'static str,
    ) -> Result<String, DbError> {
        serde_json::to_string(value).map_err(|e| DbError::Sqlite {
            db: self.label.clone(),
            doing,
            cause: rusqlite::Error::ToSqlConversionFailure(Box::new(e)),
        })
    }
}

fn classify(label: &str, waited: Duration, doing: &'static str, cause: rusqlite::Error) -> DbError {
    let db = label.to_string();
    match cause.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => DbError::Busy { db, waited },
        Some(ErrorCode::ReadOnly) => DbError::ReadOnly { db },
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => DbError::Damaged {
            db,
            cause: cause.to_string(),
        },
        _ => DbError::Sqlite { db, doing, cause },
    }
}

/// FNV-1a over byte strings, each ended by 0xff (never in UTF-8), so that
/// ("ab", "c") and ("a", "bc") differ. Stable, because hashes are stored.
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn bytes(mut self, bytes: &[u8]) -> Fnv {
        for &b in bytes.iter().chain(&[0xff]) {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self
    }

    fn opt(self, text: Option<&str>) -> Fnv {
        match text {
            Some(t) => self.bytes(b"s").bytes(t.as_bytes()),
            None => self.bytes(b"n"),
        }
    }
}

#[cfg(test)]
mod tests;
