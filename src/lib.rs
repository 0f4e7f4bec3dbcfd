//! byline: a terminal news reader that shows who is quoted and who is named.
//!
//! The pure core (`article`, `analysis`, `text`, `decode`, `library`, `store`, `app`,
//! `keymap`, `layout`) knows nothing of terminals; `ui` draws an `App` with
//! ratatui and `tui` is the only module that talks to crossterm.

pub mod analysis;
pub mod app;
pub mod article;
pub mod bounded;
pub mod config;
pub mod db;
pub mod decode;
pub mod export;
pub mod feed;
pub mod file_index;
pub mod hashing;
pub mod keymap;
pub mod layout;
pub mod library;
pub mod lockfile;
pub mod people;
pub mod report;
pub mod store;
pub mod text;
pub mod tui;
pub mod ui;
