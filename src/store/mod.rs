//! What the reader remembers between runs: which stories have been read, and
//! the stories and passages bookmarked.

mod anchor;
mod model;
mod paths;

pub use anchor::{CONTEXT_CHARS, Located, PARAGRAPH_BREAK, PassageSelector, locate};
pub use model::{
    Bookmark, BookmarkId, BookmarkKey, BookmarkRef, Counts, PassageBookmark, StoryBookmark,
    Timestamp,
};
pub use paths::{HOME_ENV, PathsError, StatePaths};
