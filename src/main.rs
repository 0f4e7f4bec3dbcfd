use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

mod cli;

use byline::app::{App, Feeds};
use byline::db::Db;
use byline::feed::subscriptions::display_url;
use byline::feed::{FetchConfig, Outcome, PageOutcome, RefreshEvent, Subscriptions};
use byline::library::{Library, LoadEvent};
use byline::store::{FeedPaths, StatePaths, Store};

/// A terminal news reader that shows who is quoted and who is named.
///
/// With no PATH, byline opens the stories of the subscribed feeds as last
/// fetched, or without subscriptions its bundled sample library.
#[derive(Parser)]
#[command(version, subcommand_precedence_over_arg = true)]
struct Cli {
    /// Story files (.txt, .md) and directories to read.
    paths: Vec<PathBuf>,
    /// Where read marks, bookmarks, subscriptions and cached feed stories
    /// are kept (default: $BYLINE_HOME, else the platform's data directory
    /// for byline, and its configuration directory for subscriptions).
    #[arg(long, global = true, value_name = "DIR")]
    state_dir: Option<PathBuf>,
    /// The configuration file (default: config.toml beside feeds.toml, in
    /// the configuration directory or under $BYLINE_HOME / --state-dir).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Print the configuration in force, every default included and
    /// explained, to start a config.toml from.
    Config {
        /// Only check the file: what is wrong goes to stderr, with exit code 1.
        #[arg(long)]
        check: bool,
    },
    /// Print the library, a line per story: date, title, source, path.
    List {
        /// One JSON object per line instead.
        #[arg(long)]
        json: bool,
        paths: Vec<PathBuf>,
    },
    /// Print every bookmark, newest first.
    Bookmarks {
        /// One JSON object per line: story_id, title, kind, text, note,
        /// created, and for passages the people and speakers in them.
        #[arg(long, conflicts_with = "markdown")]
        json: bool,
        /// A Markdown document grouped by story, each passage a block quote.
        #[arg(long)]
        markdown: bool,
        /// Only passages with a quotation by NAME (any form of the name,
        /// case and accents aside). Exit code 1 when there are none.
        #[arg(long, value_name = "NAME")]
        speaker: Option<String>,
        /// Stories to look sources up in (default: the bundled library).
        paths: Vec<PathBuf>,
    },
    /// Print the people and quotations of stories: who is named, who is quoted, who said what.
    Analyze {
        /// One JSON object per story per line, with byte offsets into each file.
        #[arg(long)]
        json: bool,
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Subscribe to feeds (RSS, Atom, JSON Feed), list them, import or export OPML.
    Feed {
        #[command(subcommand)]
        action: FeedAction,
    },
    /// Search the whole library (titles, text, sources, authors), best match first.
    ///
    /// Every word must match; "quoted words" match as a phrase. Exit code 1
    /// when nothing matches.
    Search {
        /// One JSON object per line, as `list --json` prints, with the rank.
        #[arg(long)]
        json: bool,
        #[arg(required = true, value_name = "WORDS")]
        words: Vec<String>,
    },
    /// Print every person named in the library, most quoted first: the
    /// forms of their name, their stories, their quotations.
    ///
    /// People are joined across stories by name, case and accents aside; a
    /// story naming only a surname joins the one person with that surname.
    People {
        /// One JSON object per person per line, with the forms each story uses.
        #[arg(long)]
        json: bool,
        /// Only the stories of this source.
        #[arg(long, value_name = "NAME")]
        source: Option<String>,
        paths: Vec<PathBuf>,
    },
    /// Print every quotation in the library with who said it, newest first.
    Quotes {
        /// One JSON object per quotation per line, with byte offsets into its file.
        #[arg(long)]
        json: bool,
        /// Only what this person said: their name or any form of it, case
        /// and accents aside. Exit code 1 when no one is called that.
        #[arg(long, value_name = "NAME")]
        speaker: Option<String>,
        /// Only the stories of this source.
        #[arg(long, value_name = "NAME")]
        source: Option<String>,
        /// Only stories dated this day or later.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = cli::quotes::parse_date)]
        since: Option<byline::article::Date>,
        paths: Vec<PathBuf>,
    },
    /// Fetch every subscribed feed now; exit code 1 when any failed.
    Refresh {
        /// Seconds to wait for each feed before giving up on it.
        #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
        timeout: f64,
    },
}

#[derive(Subcommand)]
enum FeedAction {
    /// Subscribe to a feed by its http or https address; its title is learnt on the first refresh.
    Add {
        url: String,
        /// What to call it instead of its title.
        #[arg(long)]
        name: Option<String>,
        /// The feed sends only summaries: fetch each new story's page and
        /// keep its whole text (`full_text = true` in feeds.toml).
        #[arg(long)]
        full_text: bool,
    },
    /// Unsubscribe from a feed, by address or name.
    Remove {
        #[arg(value_name = "URL|NAME")]
        feed: String,
    },
    /// Print the subscriptions: name, address and stories kept.
    List,
    /// Subscribe to every feed listed in an OPML file.
    Import {
        #[arg(value_name = "FILE.opml")]
        file: PathBuf,
    },
    /// Print the subscriptions as OPML 2.0.
    Export,
}

fn library(paths: &[PathBuf], state_dir: Option<&std::path::Path>) -> Result<Library> {
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
fn subscribed(state_dir: Option<&std::path::Path>) -> Result<Option<Feeds>> {
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
fn feed_library(feeds: &Feeds) -> (Library, Vec<String>) {
    byline::feed::stored::library(&feeds.paths, &feeds.subscriptions)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            warn(format!("{e:#}"));
            ExitCode::FAILURE
        }
    }
}

/// A line on stderr, cleaned: messages quote paths, addresses and feed
/// text, any of which may hold escape sequences.
fn warn(message: impl std::fmt::Display) {
    eprintln!(
        "byline: {}",
        byline::text::strip_hazards(&message.to_string())
    );
}

fn open_store(flag: Option<&std::path::Path>) -> Result<Store> {
    let paths = StatePaths::resolve(flag).context("could not find where to keep read marks")?;
    Ok(Store::open_or_in_memory(&paths))
}

/// `byline search`: the story database, or with no feeds and no story files
/// indexed yet, the bundled stories the reader would show.
fn search(state_dir: Option<&std::path::Path>, words: &[String], json: bool) -> Result<ExitCode> {
    let mut store = open_store(state_dir)?;
    store_warnings(&mut store);
    let feeds = subscribed(state_dir)?;
    let opened = database_path(state_dir).map(|path| Db::open(&path));
    if let Some(notice) = opened.as_ref().and_then(|o| o.notice.as_ref()) {
        warn(notice);
    }
    let db = match opened {
        Some(opened) if feeds.is_some() || opened.db.has_files()? => opened.db,
        _ => cli::search::bundled_index(),
    };
    cli::search::run(&db, &store, words, json, |hit| match hit {
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

/// The story database: feed stories, the index of story files, the search
/// index and stored analyses; all of it can be rebuilt, so it lives beside
/// the journal but never holds what the user made.
fn database_path(state_dir: Option<&std::path::Path>) -> Option<PathBuf> {
    FeedPaths::resolve(state_dir)
        .ok()
        .map(|paths| paths.database)
}

/// What the reader would warn of about the store, said on stderr by the
/// commands that read it.
fn store_warnings(store: &mut Store) {
    if let Some(recovery) = store.take_recovery() {
        warn(recovery);
    }
    if !store.status().is_saved() {
        warn(store.status());
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let state_dir = cli.state_dir.as_deref();
    let config_flag = cli.config.as_deref();
    match cli.command {
        Some(Command::Config { check }) => cli::config::run(config_flag, state_dir, check),
        Some(Command::List { json, paths }) => {
            let mut store = open_store(state_dir)?;
            store_warnings(&mut store);
            cli::list::run(&library(&paths, state_dir)?, &store, json)
        }
        Some(Command::Bookmarks {
            json,
            markdown,
            speaker,
            paths,
        }) => {
            let mut store = open_store(state_dir)?;
            store_warnings(&mut store);
            // Passages are looked up in the stories only when what is
            // printed says more than the bookmark itself.
            let lib = if json || markdown || speaker.is_some() {
                Some(library(&paths, state_dir)?)
            } else {
                None
            };
            let chosen = byline::report::chosen_bookmarks(&store, lib.as_ref(), speaker.as_deref());
            let none_quote = speaker.is_some() && chosen.is_empty();
            let text = if json {
                byline::report::bookmarks_json(&chosen)?
            } else if markdown {
                byline::report::bookmarks_markdown(&chosen, lib.as_ref())
            } else if none_quote {
                String::new()
            } else {
                byline::report::bookmarks_text(&chosen)
            };
            write_out(&text)?;
            if let (true, Some(name)) = (none_quote, &speaker) {
                warn(format!("no bookmarked passage has a quotation by {name}"));
                return Ok(ExitCode::FAILURE);
            }
            Ok(match store.status() {
                // Said above: the bookmarks printed may not be all there are.
                byline::store::SaveStatus::Disabled(_) => ExitCode::FAILURE,
                _ => ExitCode::SUCCESS,
            })
        }
        Some(Command::Analyze { json, paths }) => cli::analyze::run(&paths, json),
        Some(Command::Feed { action }) => feed_command(action, state_dir),
        Some(Command::Refresh { timeout }) => {
            let (config, errors) = cli::config::load(config_flag, state_dir)?;
            errors.iter().for_each(warn);
            refresh(state_dir, config.cache, timeout)
        }
        Some(Command::Search { json, words }) => search(state_dir, &words, json),
        Some(Command::People {
            json,
            source,
            paths,
        }) => cli::people::run(&library(&paths, state_dir)?, source.as_deref(), json),
        Some(Command::Quotes {
            json,
            speaker,
            source,
            since,
            paths,
        }) => {
            let filter = cli::quotes::Filter {
                speaker,
                source,
                since,
            };
            let indexed = match (&filter.speaker, paths.is_empty()) {
                // One person of the subscribed feeds' stories: only the list
                // rows that could be theirs are read.
                (Some(name), true) => match subscribed(state_dir)? {
                    Some(feeds) => cli::quotes::naming_in_feeds(&feeds, &filter, name),
                    None => cli::quotes::indexed(&library(&paths, state_dir)?, &filter),
                },
                _ => cli::quotes::indexed(&library(&paths, state_dir)?, &filter),
            };
            cli::quotes::run(indexed, &filter, json)
        }
        None => {
            if !std::io::stdout().is_terminal() {
                anyhow::bail!(
                    "the reader needs a terminal; `byline list` prints the library instead"
                );
            }
            // Nothing that is broken keeps the reader from starting: it says
            // what is wrong and shows what it can.
            let mut warnings = Vec::new();
            let config = match cli::config::load(config_flag, state_dir) {
                Ok((config, errors)) => {
                    warnings.extend(errors.iter().map(ToString::to_string));
                    config
                }
                Err(e) => {
                    warnings.push(format!("{e:#}; every setting has its default"));
                    cli::config::defaults(state_dir)
                }
            };
            let store =
                open_store(state_dir).unwrap_or_else(|e| Store::in_memory(format!("{e:#}")));
            let (sender, messages) = std::sync::mpsc::channel();
            let mut app = if cli.paths.is_empty() {
                let feeds = subscribed(state_dir).unwrap_or_else(|e| {
                    warnings.push(format!("{e:#}; showing the bundled stories"));
                    None
                });
                match feeds {
                    Some(mut feeds) => {
                        if let Some(cache) = config.cache {
                            feeds.subscriptions.cache = cache;
                        }
                        let (library, notices) = feed_library(&feeds);
                        warnings.extend(notices);
                        // Stories stored but not yet searchable (a refresh
                        // from cron, a migration) are indexed behind the list.
                        let database = feeds.paths.database.clone();
                        std::thread::spawn(move || {
                            byline::feed::stored::index_all(&database, |_, _| {})
                        });
                        let mut app = App::with_store(library, store, 80, 24);
                        app.feeds = Some(feeds);
                        app
                    }
                    None => App::with_store(Library::bundled(), store, 80, 24),
                }
            } else {
                let loader = sender.clone();
                let send = move |event| loader.send(byline::app::Msg::Loaded(event)).is_ok();
                let mut app = App::loading_with_store(store, 80, 24);
                // `r` refreshes the subscribed feeds whatever is shown.
                app.feeds = subscribed(state_dir).unwrap_or_else(|e| {
                    warnings.push(format!("{e:#}; r cannot refresh the feeds"));
                    None
                });
                if let (Some(feeds), Some(cache)) = (app.feeds.as_mut(), config.cache) {
                    feeds.subscriptions.cache = cache;
                }
                match database_path(state_dir) {
                    // The list is drawn from the index at once; the files are
                    // checked for changes behind it.
                    Some(db_path) => {
                        let opened = Db::open(&db_path);
                        warnings.extend(opened.notice);
                        let (rows, known) = byline::file_index::rows(&opened.db, &cli.paths);
                        // Analyses are kept there too, for the next opening;
                        // set first, so the people index starts from them.
                        app.library.bodies = Some(std::sync::Arc::new(
                            byline::feed::stored::Stories::new(opened.db),
                        ));
                        app.update(byline::app::Msg::Loaded(LoadEvent::Batch(rows)));
                        byline::file_index::check_in_background(cli.paths, db_path, known, send);
                    }
                    None => {
                        byline::library::load_in_background(cli.paths, send);
                    }
                }
                app
            };
            for w in warnings {
                app.warn(w);
            }
            app.keymap = config.keymap;
            app.settings = config.settings;
            // Story files join the index as they load; a library opened
            // whole is analysed from the start.
            app.analyse_library();
            byline::tui::run(app, config.theme, sender, messages)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Writes to stdout, cleaned of anything that could drive the terminal; a
/// closed pipe (`byline ... | head`) is a normal way to stop.
fn write_out(text: &str) -> Result<()> {
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
fn load_subscriptions(paths: &FeedPaths) -> Result<Subscriptions> {
    let (subs, warnings) = Subscriptions::load_with_warnings(&paths.subscriptions)?;
    for w in &warnings {
        eprintln!("byline: {}", byline::text::clean_line(w));
    }
    Ok(subs)
}

fn feed_command(action: FeedAction, state_dir: Option<&std::path::Path>) -> Result<ExitCode> {
    let paths = FeedPaths::resolve(state_dir).context("could not find where feeds are kept")?;
    let subs = load_subscriptions(&paths)?;
    // Changes go through `update`, which reads the file again under its
    // lock: another byline may have changed it since.
    match action {
        FeedAction::Add {
            url,
            name,
            full_text,
        } => {
            let added = Subscriptions::update(&paths.subscriptions, |s| {
                let added = s.add(&url, name.as_deref())?;
                s.set_full_text(&added, full_text);
                Ok(added)
            })?;
            eprintln!(
                "byline: subscribed to {}{}; `byline refresh` fetches it",
                display_url(&added),
                if full_text {
                    ", with the whole text of each new story from its page"
                } else {
                    ""
                }
            );
        }
        FeedAction::Remove { feed } => {
            let removed = Subscriptions::update(&paths.subscriptions, |s| s.remove(&feed))?;
            eprintln!(
                "byline: unsubscribed from {} ({})",
                removed.display_name(),
                display_url(&removed.url)
            );
            // Its stories can be fetched again, should it be subscribed again.
            let (mut db, notices) = byline::feed::stored::open(&paths);
            notices.iter().for_each(warn);
            if let Err(e) = db.remove_feed(&removed.url) {
                warn(format!("its stories stay in the story database: {e}"));
            }
        }
        FeedAction::List => {
            let mut text = String::new();
            let db = (!subs.feeds.is_empty()).then(|| {
                let (db, notices) = byline::feed::stored::open(&paths);
                notices.iter().for_each(warn);
                db
            });
            for f in &subs.feeds {
                let kept = db
                    .as_ref()
                    .map(|db| db.feed_story_count(&f.url))
                    .transpose()
                    .map_or_else(
                        |e| format!("stories unreadable: {e}"),
                        |n| match n.unwrap_or(0) {
                            1 => "1 story".to_string(),
                            n => format!("{n} stories"),
                        },
                    );
                text.push_str(&format!(
                    "{}  {}  {}\n",
                    f.display_name(),
                    display_url(&f.url),
                    byline::text::clean_line(&kept)
                ));
            }
            if subs.feeds.is_empty() {
                eprintln!("byline: no feeds yet; `byline feed add URL` subscribes to one");
            }
            write_out(&text)?;
        }
        FeedAction::Import { file } => {
            let text = byline::feed::subscriptions::read_opml(&file)?;
            let (added, invalid) =
                Subscriptions::update(&paths.subscriptions, |s| s.import_opml(&text))
                    .with_context(|| format!("could not import {}", file.display()))?;
            for url in &invalid {
                eprintln!(
                    "byline: skipped {}: not an http or https address",
                    byline::text::clean_line(url)
                );
            }
            eprintln!(
                "byline: subscribed to {added} new {}",
                if added == 1 { "feed" } else { "feeds" }
            );
        }
        FeedAction::Export => write_out(&subs.export_opml())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `byline refresh`: every feed, a progress bar (or a line per feed when
/// stderr is not a terminal), then a summary on stdout.
fn refresh(
    state_dir: Option<&std::path::Path>,
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
