//! What the commands share: where the library, the store and the feeds are
//! found, and how to write to stdout and stderr.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use byline::app::Feeds;
use byline::feed::{FetchConfig, Subscriptions};
use byline::library::Library;
use byline::store::{FeedPaths, StatePaths, Store};

pub fn library(paths: &[PathBuf], state_dir: Option<&Path>) -> Result<Library> {
    if !paths.is_empty() {
        return Ok(Library::load(paths));
    }
    Ok(match subscribed(state_dir)? {
        Some(feeds) => {
            let (library, notices) = feed_library(&feeds);
            notices.iter().for_each(warn);
            library
        }
        None => Library::bundled(),
    })
}

/// The subscribed feeds, if there are any.
pub fn subscribed(state_dir: Option<&Path>) -> Result<Option<Feeds>> {
    let paths = FeedPaths::resolve(state_dir).context("could not find where feeds are kept")?;
    let subscriptions = load_subscriptions(&paths)?;
    Ok((!subscriptions.feeds.is_empty()).then(|| Feeds {
        paths,
        subscriptions,
        config: FetchConfig::default(),
    }))
}

/// The feed stories as last fetched, as rows whose text is read from the
/// story database when opened; and what the user should be told about it.
pub fn feed_library(feeds: &Feeds) -> (Library, Vec<String>) {
    byline::feed::stored::library(&feeds.paths, &feeds.subscriptions)
}

/// A line on stderr, cleaned: messages quote paths, addresses and feed
/// text, any of which may hold escape sequences.
pub fn warn(message: impl std::fmt::Display) {
    eprintln!(
        "byline: {}",
        byline::text::strip_hazards(&message.to_string())
    );
}

pub fn open_store(flag: Option<&Path>) -> Result<Store> {
    let paths = StatePaths::resolve(flag).context("could not find where to keep read marks")?;
    Ok(Store::open_or_in_memory(&paths))
}

/// The story database: feed stories, the index of story files, the search
/// index and stored analyses; all of it can be rebuilt, so it lives beside
/// the journal but never holds what the user made.
pub fn database_path(state_dir: Option<&Path>) -> Option<PathBuf> {
    FeedPaths::resolve(state_dir)
        .ok()
        .map(|paths| paths.database)
}

/// What the reader would warn of about the store, said on stderr by the
/// commands that read it.
pub fn store_warnings(store: &mut Store) {
    if let Some(recovery) = store.take_recovery() {
        warn(recovery);
    }
    if !store.status().is_saved() {
        warn(store.status());
    }
}

/// Standard output, buffered: a script reading 100,000 lines would
/// otherwise wait on a write a line. End with [`flush`].
pub fn buffered_stdout() -> std::io::BufWriter<std::io::StdoutLock<'static>> {
    std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock())
}

/// Writes a line; false when the reader of the pipe has gone, a normal way
/// to stop (`byline list | head`).
pub fn print(out: &mut impl Write, line: &str) -> Result<bool> {
    match writeln!(out, "{line}") {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(e).context("could not write to standard output"),
    }
}

/// Writes out what is buffered; a reader gone away is no error.
pub fn flush(out: &mut impl Write) -> Result<()> {
    match out.flush() {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(e).context("could not write to standard output")
        }
        _ => Ok(()),
    }
}

/// Writes to stdout, cleaned of anything that could drive the terminal; a
/// closed pipe (`byline ... | head`) is a normal way to stop.
pub fn write_out(text: &str) -> Result<()> {
    let text = byline::text::strip_hazards(text);
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(e).context("could not write to standard output")
        }
        _ => Ok(()),
    }
}

/// The subscriptions, with what is wrong in the file said on stderr.
pub fn load_subscriptions(paths: &FeedPaths) -> Result<Subscriptions> {
    let (subs, warnings) = Subscriptions::load_with_warnings(&paths.subscriptions)?;
    for w in &warnings {
        eprintln!("byline: {}", byline::text::clean_line(w));
    }
    Ok(subs)
}
