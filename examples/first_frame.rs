//! The reader's start on the feed stories of a home (a `BYLINE_HOME` or
//! `--state-dir` folder, as `byline refresh` fills it), up to its first
//! frame drawn at 120×40 into a test backend; then it exits. For measuring
//! the whole process, which the benchmarks' heap count does not see:
//!
//! ```text
//! cargo build --release --example first_frame
//! /usr/bin/time -v target/release/examples/first_frame HOME
//! ```
//!
//! With story paths after HOME, the start on those story files instead, as
//! listed from HOME's index of them (the first run makes the index).
//!
//! Prints the stories listed and the time to the first frame.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use byline::app::{App, Msg};
use byline::db::Db;
use byline::feed::{Subscriptions, stored};
use byline::file_index;
use byline::library::LoadEvent;
use byline::store::{FeedPaths, StatePaths, Store};
use byline::ui::{Theme, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() -> ExitCode {
    let started = Instant::now();
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let Some(home) = args.next() else {
        eprintln!("usage: first_frame HOME [STORY_PATH...]");
        return ExitCode::FAILURE;
    };
    let roots: Vec<PathBuf> = args.collect();
    let paths = FeedPaths::in_dir(&home);
    let store = Store::open_or_in_memory(&StatePaths::in_dir(&home));
    let app = if roots.is_empty() {
        let subs = match Subscriptions::load(&paths.subscriptions) {
            Ok(subs) => subs,
            Err(e) => {
                eprintln!("first_frame: {e}");
                return ExitCode::FAILURE;
            }
        };
        let (library, notices) = stored::library(&paths, &subs);
        for n in notices {
            eprintln!("first_frame: {n}");
        }
        App::with_store(library, store, 120, 40)
    } else {
        match files(&paths, &roots, store, started) {
            Some(app) => app,
            None => return ExitCode::SUCCESS,
        }
    };
    let drawn = Terminal::new(TestBackend::new(120, 40))
        .and_then(|mut t| t.draw(|f| draw(f, &app, &Theme::default())).map(drop));
    if let Err(e) = drawn {
        eprintln!("first_frame: {e}");
        return ExitCode::FAILURE;
    }
    println!(
        "{} stories, first frame in {:.1} ms",
        app.library.articles.len(),
        started.elapsed().as_secs_f64() * 1e3
    );
    ExitCode::SUCCESS
}

/// The reader's start on story files, as it lists them from the index;
/// None when they were not indexed yet, which this run then does.
fn files(paths: &FeedPaths, roots: &[PathBuf], store: Store, started: Instant) -> Option<App> {
    let db = Db::open(&paths.database).db;
    let (rows, known) = file_index::rows(&db, roots);
    let read = started.elapsed();
    if known.is_empty() {
        let (send, got) = std::sync::mpsc::channel();
        let checker = file_index::check_in_background(
            roots.to_vec(),
            paths.database.clone(),
            known,
            move |e| send.send(e).is_ok(),
        );
        let indexed: usize = got
            .iter()
            .map(|e| match e {
                LoadEvent::Batch(b) => b.articles.len(),
                _ => 0,
            })
            .sum();
        let _ = checker.join();
        println!("indexed {indexed} story files; run again to time the start on them");
        return None;
    }
    let mut app = App::loading_with_store(store, 120, 40);
    app.update(Msg::Loaded(LoadEvent::Batch(rows)));
    eprintln!(
        "index read in {:.1} ms, listed by {:.1} ms",
        read.as_secs_f64() * 1e3,
        started.elapsed().as_secs_f64() * 1e3
    );
    Some(app)
}
