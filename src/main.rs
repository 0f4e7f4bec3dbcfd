//! `byline`: the arguments parsed, and the command they name run.

use std::process::ExitCode;

use clap::Parser;

mod cli;

use cli::args::{Cli, Command};
use cli::common::warn;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = Cli::parse();
    let state_dir = args.state_dir.as_deref();
    let config = args.config.as_deref();
    let ran = match args.command {
        None => cli::read::run(args.paths, config, state_dir),
        Some(Command::Config { check }) => cli::config::run(config, state_dir, check),
        Some(Command::List { json, paths }) => cli::list::command(&paths, state_dir, json),
        Some(Command::Bookmarks {
            json,
            markdown,
            speaker,
            paths,
        }) => {
            let options = cli::bookmarks::Options {
                json,
                markdown,
                speaker,
                paths,
            };
            cli::bookmarks::run(options, state_dir)
        }
        Some(Command::Analyze { json, paths }) => cli::analyze::run(&paths, json),
        Some(Command::Feed { action }) => cli::feed::run(action, state_dir),
        Some(Command::Refresh { timeout }) => cli::refresh::command(config, state_dir, timeout),
        Some(Command::Search { json, words }) => cli::find::run(state_dir, &words, json),
        Some(Command::People {
            json,
            source,
            paths,
        }) => cli::common::library(&paths, state_dir)
            .and_then(|lib| cli::people::run(&lib, source.as_deref(), json)),
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
            cli::quotes::command(&paths, state_dir, &filter, json)
        }
    };
    ran.unwrap_or_else(|e| {
        warn(format!("{e:#}"));
        ExitCode::FAILURE
    })
}
