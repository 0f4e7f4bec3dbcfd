//! `byline`: the arguments parsed, and the command they name run.

use std::process::ExitCode;

use clap::Parser;

mod cli;

use cli::args::{Cli, Command};
use cli::common::warn;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(target_os = "linux")]
/// mimalloc's option numbers, the same in its v2 and v3 (`mi_option_e` in
/// its `mimalloc.h`); the Rust bindings name only some of them.
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
#[cfg(target_os = "linux")]
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

#[cfg(target_os = "linux")]
/// The reader keeps about 70 MB of small allocations for its whole life, and
/// makes and frees as much again while it loads and analyses. By default
/// mimalloc commits its arenas eagerly and returns freed pages 10 ms late,
/// and on Linux a committed page it has given back still counts as the
/// reader's memory until the kernel wants it; committed on demand and
/// returned at once, a 100,000-story library holds 94 MB resident instead
/// of 108 MB, for no measurable loss of speed.
///
/// It runs from `.init_array`, before `main` and before the first
/// allocation makes mimalloc reserve its first arena, which reads the
/// eager-commit option once.
extern "C" fn tune_allocator() {
    // SAFETY: `mi_option_set` only stores a number, allocates nothing and
    // needs mimalloc to be initialised no further; any value is valid for
    // both options.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0);
    }
}

#[cfg(target_os = "linux")]
#[used]
// SAFETY: the loader calls each `.init_array` entry once, as a function of
// no arguments, before `main`; `tune_allocator` is one and touches nothing
// the Rust runtime has yet to set up.
#[unsafe(link_section = ".init_array")]
static TUNE_ALLOCATOR: extern "C" fn() = tune_allocator;

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
