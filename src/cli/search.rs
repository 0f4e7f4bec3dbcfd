//! `byline search WORDS...`: the stories of the whole library that match,
//! best first, a line each like `byline list`.

use std::process::ExitCode;

use anyhow::{Context, Result};

use byline::article::{ArticleId, Date};
use byline::db::{Db, FileRow, Hit, SearchHit};
use byline::store::Store;

use super::common::print;

/// Results printed at most; a search is for finding, not for listing all.
pub const LIMIT: usize = 200;

/// One line of `byline search --json`: `byline list --json`'s fields and the rank.
#[derive(serde::Serialize)]
struct Found<'a> {
    id: ArticleId,
    title: &'a str,
    date: Option<Date>,
    source: Option<&'a str>,
    path: String,
    read: bool,
    bookmarked: bool,
    /// 1 for the best match.
    rank: usize,
}

/// Where a hit can be found, as `byline list` shows it.
fn location(hit: &SearchHit) -> String {
    match &hit.hit {
        Hit::Feed { feed_url, .. } => hit.link.clone().unwrap_or_else(|| feed_url.clone()),
        Hit::File { path } => path.display().to_string(),
    }
}

/// A database of the bundled stories, for a reader with no feeds and no
/// story files indexed yet: `byline search` finds what `byline` shows.
pub fn bundled_index() -> Db {
    let mut db = Db::in_memory();
    let library = byline::library::Library::bundled();
    let rows: Vec<(FileRow, String)> = library
        .articles
        .iter()
        .map(|a| byline::file_index::index_row(a, a.origin.to_string().into(), 0, 0))
        .collect();
    // An in-memory database that refuses its rows finds nothing, which the
    // user is then told.
    let _ = db.put_files(&rows);
    db
}

/// Prints the hits of `words` in `db`; exit code 1 when nothing matched.
pub fn run(
    db: &Db,
    store: &Store,
    words: &[String],
    json: bool,
    source_of: impl Fn(&Hit) -> Option<String>,
) -> Result<ExitCode> {
    let query = words.join(" ");
    let hits = db
        .search(&query, LIMIT)
        .with_context(|| format!("could not search for {query:?}"))?;
    let mut out = std::io::stdout().lock();
    for (i, hit) in hits.iter().enumerate() {
        let id = ArticleId::from_bits(hit.id);
        let source = hit.source.clone().or_else(|| source_of(&hit.hit));
        let path = location(hit);
        let line = if json {
            let found = Found {
                id,
                title: &hit.title,
                date: hit.date,
                source: source.as_deref(),
                path,
                read: store.is_read(id),
                bookmarked: store.is_story_bookmarked(id),
                rank: i + 1,
            };
            byline::text::escape_json(
                serde_json::to_string(&found).context("could not encode a result as JSON")?,
            )
        } else {
            let date = hit.date.map_or_else(|| " ".repeat(10), |d| d.to_string());
            byline::text::strip_hazards(&format!(
                "{date}  {}  {}  {}",
                hit.title,
                source.as_deref().unwrap_or("-"),
                byline::text::clean_line(&path)
            ))
            .into_owned()
        };
        if !print(&mut out, &line)? {
            return Ok(ExitCode::SUCCESS);
        }
    }
    if hits.is_empty() {
        eprintln!(
            "byline: no story matches {}",
            byline::text::strip_hazards(&query)
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}
