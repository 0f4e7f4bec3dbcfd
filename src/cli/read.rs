//! `byline [PATH...]`: the reader itself, set up from the configuration,
//! the store and the stories, then handed to the terminal shell.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::Sender;

use anyhow::Result;

use byline::app::{App, Effect, Msg};
use byline::config::Config;
use byline::db::Db;
use byline::library::{Library, LoadEvent};
use byline::store::Store;

use super::common::{database_path, feed_library, open_store, subscribed};

pub fn run(
    paths: Vec<PathBuf>,
    config_flag: Option<&Path>,
    state_dir: Option<&Path>,
) -> Result<ExitCode> {
    if !std::io::stdout().is_terminal() {
        anyhow::bail!("the reader needs a terminal; `byline list` prints the library instead");
    }
    // Nothing that is broken keeps the reader from starting: it says
    // what is wrong and shows what it can.
    let mut warnings = Vec::new();
    let config = match super::config::load(config_flag, state_dir) {
        Ok((config, errors)) => {
            warnings.extend(errors.iter().map(ToString::to_string));
            config
        }
        Err(e) => {
            warnings.push(format!("{e:#}; every setting has its default"));
            super::config::defaults(state_dir)
        }
    };
    let store = open_store(state_dir).unwrap_or_else(|e| Store::in_memory(format!("{e:#}")));
    let (sender, messages) = std::sync::mpsc::channel();
    let mut effects = Vec::new();
    let mut app = if paths.is_empty() {
        feed_app(store, &config, state_dir, &mut warnings)
    } else {
        files_app(
            paths,
            store,
            &config,
            state_dir,
            &sender,
            &mut warnings,
            &mut effects,
        )
    };
    for w in warnings {
        app.warn(w);
    }
    app.keymap = config.keymap;
    app.settings = config.settings;
    // Story files join the index as they load; a library opened
    // whole is analysed from the start.
    effects.extend(app.analyse_library());
    byline::tui::run(app, effects, config.theme, sender, messages)?;
    Ok(ExitCode::SUCCESS)
}

/// The subscribed feeds' stories as last fetched, else the bundled ones.
fn feed_app(
    store: Store,
    config: &Config,
    state_dir: Option<&Path>,
    warnings: &mut Vec<String>,
) -> App {
    let feeds = subscribed(state_dir).unwrap_or_else(|e| {
        warnings.push(format!("{e:#}; showing the bundled stories"));
        None
    });
    let Some(mut feeds) = feeds else {
        return App::with_store(Library::bundled(), store, 80, 24);
    };
    if let Some(cache) = config.cache {
        feeds.subscriptions.cache = cache;
    }
    let (library, notices) = feed_library(&feeds);
    warnings.extend(notices);
    // Stories stored but not yet searchable (a refresh
    // from cron, a migration) are indexed behind the list.
    let database = feeds.paths.database.clone();
    std::thread::spawn(move || byline::feed::stored::index_all(&database, |_, _| {}));
    let mut app = App::with_store(library, store, 80, 24);
    app.feeds = Some(feeds);
    app
}

/// Story files, loaded behind the list (drawn from the file index at once
/// when there is one).
fn files_app(
    paths: Vec<PathBuf>,
    store: Store,
    config: &Config,
    state_dir: Option<&Path>,
    sender: &Sender<Msg>,
    warnings: &mut Vec<String>,
    effects: &mut Vec<Effect>,
) -> App {
    let loader = sender.clone();
    let send = move |event| loader.send(Msg::Loaded(event)).is_ok();
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
            let (rows, known) = byline::file_index::rows(&opened.db, &paths);
            // Analyses are kept there too, for the next opening;
            // set first, so the people index starts from them.
            app.library.bodies = Some(std::sync::Arc::new(byline::feed::stored::Stories::new(
                opened.db,
            )));
            effects.extend(app.update(Msg::Loaded(LoadEvent::Batch(rows))));
            byline::file_index::check_in_background(paths, db_path, known, send);
        }
        None => {
            byline::library::load_in_background(paths, send);
        }
    }
    app
}
