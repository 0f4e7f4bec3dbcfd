//! `byline search`: which index is searched (the story database, else the
//! bundled stories) and how hits are named; `search.rs` prints them.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use byline::db::Db;

use super::common::{database_path, open_store, store_warnings, subscribed, warn};

/// `byline search`: the story database, or with no feeds and no story files
/// indexed yet, the bundled stories the reader would show.
pub fn run(state_dir: Option<&Path>, words: &[String], json: bool) -> Result<ExitCode> {
    let mut store = open_store(state_dir)?;
    store_warnings(&mut store);
    let feeds = subscribed(state_dir)?;
    let opened = database_path(state_dir).map(|path| Db::open(&path));
    if let Some(notice) = opened.as_ref().and_then(|o| o.notice.as_ref()) {
        warn(notice);
    }
    let db = match opened {
        Some(opened) if feeds.is_some() || opened.db.has_files()? => opened.db,
        _ => super::search::bundled_index(),
    };
    super::search::run(&db, &store, words, json, |hit| match hit {
        byline::db::Hit::Feed { feed_url, .. } => feeds.as_ref().and_then(|f| {
            f.subscriptions
                .feeds
                .iter()
                .find(|s| &s.url == feed_url)
                .map(|s| s.display_name())
        }),
        byline::db::Hit::File { .. } => None,
    })
}
