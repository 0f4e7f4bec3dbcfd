//! The commands of the command line, a module each; `main.rs` parses the
//! arguments and hands over to them.

pub mod analyze;
pub mod args;
pub mod bookmarks;
pub mod common;
pub mod config;
pub mod feed;
pub mod find;
pub mod list;
pub mod people;
pub mod quotes;
pub mod read;
pub mod refresh;
pub mod search;
