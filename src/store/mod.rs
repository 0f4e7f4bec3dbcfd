//! What the reader remembers between runs: which stories have been read, and
//! the stories and passages bookmarked.

mod paths;

pub use paths::{HOME_ENV, PathsError, StatePaths};
