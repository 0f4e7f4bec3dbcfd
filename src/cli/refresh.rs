//! `byline refresh`: every subscribed feed fetched now, with a progress bar.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

use byline::feed::{FetchConfig, Outcome, PageOutcome, RefreshEvent};
use byline::store::FeedPaths;

use super::common::{load_subscriptions, warn, write_out};

/// `byline refresh`, with the configuration's cache limits and what is
/// wrong with its file said first.
pub fn command(
    config_flag: Option<&Path>,
    state_dir: Option<&Path>,
    timeout: f64,
) -> Result<ExitCode> {
    let (config, errors) = super::config::load(config_flag, state_dir)?;
    errors.iter().for_each(warn);
    run(state_dir, config.cache, timeout)
}

/// `byline refresh`: every feed, a progress bar (or a line per feed when
/// stderr is not a terminal), then a summary on stdout.
fn run(
    state_dir: Option<&Path>,
    cache: Option<byline::feed::subscriptions::CacheLimits>,
    timeout: f64,
) -> Result<ExitCode> {
    let paths = FeedPaths::resolve(state_dir).context("could not find where feeds are kept")?;
    let mut subs = load_subscriptions(&paths)?;
    if let Some(cache) = cache {
        subs.cache = cache;
    }
    if subs.feeds.is_empty() {
        eprintln!("byline: no feeds to refresh; `byline feed add URL` subscribes to one");
        return Ok(ExitCode::SUCCESS);
    }
    if !(timeout.is_finite() && timeout > 0.0) {
        anyhow::bail!("--timeout must be a positive number of seconds");
    }
    let mut config = FetchConfig::default();
    // Only counted here; the stories stay in the database.
    config.articles = false;
    config.total_timeout = std::time::Duration::from_secs_f64(timeout.min(86_400.0));
    config.connect_timeout = config.connect_timeout.min(config.total_timeout);
    let bar = std::io::stderr().is_terminal();
    let done: std::sync::Mutex<Vec<byline::feed::FeedDone>> = std::sync::Mutex::new(Vec::new());
    let total = subs.feeds.len();
    let warning = std::sync::Mutex::new(None);
    let pages: std::sync::Mutex<Vec<byline::feed::PageDone>> = std::sync::Mutex::new(Vec::new());
    byline::feed::refresh(&paths, &subs, &config, &|event| match event {
        RefreshEvent::Started { total } if bar => progress_bar(0, total, ""),
        RefreshEvent::Started { .. } => {}
        RefreshEvent::Feed(feed) => {
            let mut done = done
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if bar {
                progress_bar(done.len() + 1, total, &feed.name);
            } else {
                eprintln!("{}", feed_line(&feed));
            }
            done.push(*feed);
        }
        RefreshEvent::Page(page) => {
            if !bar && let Some(line) = page_line(&page) {
                eprintln!("{line}");
            }
            pages
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(*page);
        }
        RefreshEvent::Finished { warning: w } => {
            if bar {
                eprint!("\r\x1b[2K");
            }
            *warning
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = w;
        }
    });
    let mut done = done
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    // The summary follows the subscriptions' order, whatever order feeds finished in.
    let order: std::collections::HashMap<&str, usize> = subs
        .feeds
        .iter()
        .enumerate()
        .map(|(i, f)| (f.url.as_str(), i))
        .collect();
    done.sort_by_key(|d| order.get(d.url.as_str()).copied());
    let mut text = String::new();
    let (mut new, mut failed, mut future) = (0, 0, 0);
    for d in &done {
        text.push_str(&feed_line(d));
        text.push('\n');
        future += d.future_dated;
        match d.outcome {
            Outcome::Updated { new: n } => new += n,
            Outcome::NotModified => {}
            Outcome::Failed(_) => failed += 1,
        }
    }
    let pages = pages
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let full = pages
        .iter()
        .filter(|p| matches!(p.outcome, PageOutcome::Fetched(_)))
        .count();
    let mut no_article = 0;
    for line in pages.iter().filter_map(page_line) {
        text.push_str(&line);
        text.push('\n');
        no_article += 1;
    }
    if !pages.is_empty() {
        text.push_str(&format!(
            "{full} whole {} fetched from {} {}; {no_article} kept {} summary\n",
            if full == 1 { "story" } else { "stories" },
            pages.len(),
            if pages.len() == 1 { "page" } else { "pages" },
            if no_article == 1 { "its" } else { "their" },
        ));
    }
    text.push_str(&format!(
        "{total} {}: {new} new {}, {failed} failed{}\n",
        if total == 1 { "feed" } else { "feeds" },
        if new == 1 { "story" } else { "stories" },
        match future {
            0 => String::new(),
            1 => "; 1 story dated in the future: shown as first seen".to_string(),
            n => format!("; {n} stories dated in the future: shown as first seen"),
        }
    ));
    write_out(&text)?;
    if let Some(w) = warning
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
    {
        eprintln!("byline: {}", byline::text::clean_line(&w));
    }
    // After the summary, so a script sees it at once: the new stories are
    // indexed for search (most of what storing them costs).
    let indexed = byline::feed::stored::index_all(&paths.database, |done, total| {
        if bar {
            progress_bar(done, total, "indexing for search");
        }
    });
    if bar {
        eprint!("\r\x1b[2K");
    }
    if let Err(e) = indexed {
        warn(format!("the new stories are not searchable yet: {e}"));
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// A page that gave no article, and why: the story keeps its summary.
fn page_line(page: &byline::feed::PageDone) -> Option<String> {
    let PageOutcome::Failed(e) = &page.outcome else {
        return None;
    };
    Some(byline::text::clean_line(&format!(
        "{}: “{}”: no whole story: {e}; it keeps its summary",
        page.feed_name, page.title
    )))
}

/// One feed's result: `name: 3 new`, `name: not modified`, `name: failed: why`.
fn feed_line(done: &byline::feed::FeedDone) -> String {
    let what = match &done.outcome {
        Outcome::Updated { new } => format!("{new} new"),
        Outcome::NotModified => "not modified".to_string(),
        Outcome::Failed(e) => format!("failed: {e}"),
    };
    byline::text::clean_line(&format!("{}: {what}", done.name))
}

fn progress_bar(done: usize, total: usize, name: &str) {
    const WIDTH: usize = 30;
    let filled = (done * WIDTH).checked_div(total).unwrap_or(WIDTH);
    let name: String = byline::text::clean_line(name).chars().take(30).collect();
    eprint!(
        "\r\x1b[2K[{}{}] {done}/{total} {name}",
        "#".repeat(filled),
        " ".repeat(WIDTH - filled.min(WIDTH))
    );
}
