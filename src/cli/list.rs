//! `byline list`: the library, a line (or a JSON object) per story.

use std::process::ExitCode;

use anyhow::{Context, Result};
use byline::library::Library;
use byline::store::Store;

use super::common::{buffered_stdout, flush, print, warn};

/// One line of `byline list --json`.
#[derive(serde::Serialize)]
struct ListEntry<'a> {
    id: byline::article::ArticleId,
    title: &'a str,
    date: Option<byline::article::Date>,
    dateline: Option<&'a str>,
    source: Option<&'a str>,
    path: String,
    read: bool,
    bookmarked: bool,
}

pub fn run(lib: &Library, store: &Store, json: bool) -> Result<ExitCode> {
    let mut out = buffered_stdout();
    for a in &lib.articles {
        let line = if json {
            serde_json::to_string(&ListEntry {
                id: a.id,
                title: &a.title,
                date: a.date,
                dateline: a.dateline.as_deref(),
                source: a.source.as_deref(),
                path: a.origin.to_string(),
                read: store.is_read(a.id),
                bookmarked: store.is_story_bookmarked(a.id),
            })
            .map(byline::text::escape_json)
            .context("could not encode a story as JSON")?
        } else {
            let date = a
                .date
                .map_or_else(|| "          ".to_string(), |d| d.to_string());
            byline::text::strip_hazards(&format!(
                "{date}  {}  {}  {}",
                a.title,
                a.source.as_deref().unwrap_or("-"),
                byline::text::clean_line(&a.origin.to_string())
            ))
            .into_owned()
        };
        if !print(&mut out, &line)? {
            return Ok(ExitCode::SUCCESS);
        }
    }
    flush(&mut out)?;
    for p in &lib.problems {
        warn(p);
    }
    Ok(if lib.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `byline list`: the library of `paths` (or the feeds', or the bundled
/// one), with the store's warnings said first.
pub fn command(
    paths: &[std::path::PathBuf],
    state_dir: Option<&std::path::Path>,
    json: bool,
) -> Result<ExitCode> {
    let mut store = super::common::open_store(state_dir)?;
    super::common::store_warnings(&mut store);
    run(&super::common::library(paths, state_dir)?, &store, json)
}
