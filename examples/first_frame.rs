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
//! Prints the stories listed and the time to the first frame.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use byline::app::App;
use byline::feed::{Subscriptions, stored};
use byline::store::{FeedPaths, StatePaths, Store};
use byline::ui::{Theme, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() -> ExitCode {
    let started = Instant::now();
    let Some(home) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: first_frame HOME");
        return ExitCode::FAILURE;
    };
    let paths = FeedPaths::in_dir(&home);
    let subs = match Subscriptions::load(&paths.subscriptions) {
        Ok(subs) => subs,
        Err(e) => {
            eprintln!("first_frame: {e}");
            return ExitCode::FAILURE;
        }
    };
    let store = Store::open_or_in_memory(&StatePaths::in_dir(&home));
    let (library, notices) = stored::library(&paths, &subs);
    for n in notices {
        eprintln!("first_frame: {n}");
    }
    let app = App::with_store(library, store, 120, 40);
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
