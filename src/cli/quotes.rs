//! `byline quotes`: every quotation of the library with who said it,
//! newest first, or everything one person said.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use byline::app::Feeds;
use byline::article::{ArticleId, Date};
use byline::library::Library;
use byline::people::{Indexed, PersonId, Quotation, sort_newest_first};

use super::common::{buffered_stdout, flush, library, print, subscribed, warn};
use super::people::{index, index_naming};

/// `--since`: a day as `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("{s:?} is not a date of the form YYYY-MM-DD"))
}

/// Which quotations to print.
pub struct Filter {
    /// A name or any form of it, case and accents aside.
    pub speaker: Option<String>,
    /// Only the stories of this source.
    pub source: Option<String>,
    /// Only stories dated this day or later.
    pub since: Option<Date>,
}

/// One line of `byline quotes --json`.
#[derive(serde::Serialize)]
struct QuoteLine<'a> {
    text: &'a str,
    speaker: Option<&'a str>,
    source: Option<&'a str>,
    kind: &'static str,
    story_id: ArticleId,
    title: &'a str,
    date: Option<Date>,
    path: &'a str,
    /// Byte offsets into the file as read, end exclusive, as `analyze --json` gives them.
    start: usize,
    end: usize,
}

/// `byline quotes`, of the story files `paths`, or without them of the
/// library the reader would open.
pub fn command(
    paths: &[PathBuf],
    state_dir: Option<&Path>,
    filter: &Filter,
    json: bool,
) -> Result<ExitCode> {
    let indexed = match (&filter.speaker, paths.is_empty()) {
        // One person of the subscribed feeds' stories: only the list rows
        // that could be theirs are read.
        (Some(name), true) => match subscribed(state_dir)? {
            Some(feeds) => naming_in_feeds(&feeds, filter, name),
            None => indexed(&library(paths, state_dir)?, filter),
        },
        _ => indexed(&library(paths, state_dir)?, filter),
    };
    run(indexed, filter, json)
}

/// The part of the people index that `filter` needs, of the stories of
/// `lib`: one person's, or everyone's.
pub fn indexed(lib: &Library, filter: &Filter) -> Indexed {
    match &filter.speaker {
        Some(name) => index_naming(lib, filter.source.as_deref(), name),
        None => index(lib, filter.source.as_deref()),
    }
}

/// One person's part of the people index of the subscribed feeds' stories,
/// reading from the story database only the rows it needs.
pub fn naming_in_feeds(feeds: &Feeds, filter: &Filter, name: &str) -> Indexed {
    let (indexed, notices) = Indexed::naming_in_feeds(
        &feeds.paths,
        &feeds.subscriptions,
        filter.source.as_deref(),
        name,
    );
    notices.iter().for_each(warn);
    indexed.problems.iter().for_each(warn);
    indexed
}

/// `byline quotes`: exit code 1 when no one goes by the speaker's name or a
/// story could not be read.
pub fn run(indexed: Indexed, filter: &Filter, json: bool) -> Result<ExitCode> {
    let people = &indexed.people;
    let mut quotes: Vec<Quotation<'_>> = match &filter.speaker {
        None => people.quotations(),
        Some(name) => {
            let found: Vec<PersonId> = people.find(name);
            if found.is_empty() {
                warn(format!("no one called {name} is named in these stories"));
                return Ok(ExitCode::FAILURE);
            }
            let mut quotes: Vec<Quotation<'_>> = found
                .iter()
                .flat_map(|&id| people.quotations_of(id))
                .collect();
            sort_newest_first(&mut quotes);
            quotes
        }
    };
    if let Some(since) = filter.since {
        quotes.retain(|q| q.story.date().is_some_and(|d| d >= since));
    }
    let mut out = buffered_stdout();
    for q in &quotes {
        let speaker = q.speaker.and_then(|s| people.name(s));
        let line = if json {
            let offsets = indexed
                .file_offsets(q)
                .context("a quotation's story is not in the library")?;
            let json = serde_json::to_string(&QuoteLine {
                text: q.text,
                speaker,
                source: q.story.source(),
                kind: q.kind.as_str(),
                story_id: q.story.id(),
                title: q.story.title(),
                date: q.story.date(),
                path: &q.story.origin(),
                start: offsets.start,
                end: offsets.end,
            })
            .context("could not encode a quotation as JSON")?;
            byline::text::escape_json(json)
        } else {
            let date = q
                .story
                .date()
                .map_or_else(|| " ".repeat(10), |d| d.to_string());
            byline::text::strip_hazards(&format!(
                "{date}  {}: {}  ({})",
                speaker.unwrap_or("(speaker not named)"),
                q.text,
                q.story.title()
            ))
            .into_owned()
        };
        if !print(&mut out, &line)? {
            return Ok(ExitCode::SUCCESS);
        }
    }
    flush(&mut out)?;
    let failed = indexed.failed();
    // The process ends next: freeing an index of 100,000 stories piece by
    // piece would take longer than some whole answers.
    std::mem::forget(indexed);
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
