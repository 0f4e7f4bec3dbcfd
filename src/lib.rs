//! byline: a terminal news reader that shows who is quoted and who is named.

pub mod article;
pub mod store;
pub mod text;
