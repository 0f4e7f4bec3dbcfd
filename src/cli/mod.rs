//! The commands of the command line, a module each; `main.rs` parses the
//! arguments and hands over to them.

pub mod analyze;
pub mod config;
pub mod list;
pub mod people;
pub mod quotes;
pub mod search;
