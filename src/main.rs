use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use byline::app::App;
use byline::library::Library;
use byline::store::{StatePaths, Store};
use byline::ui::Theme;

/// A terminal news reader that shows who is quoted and who is named.
///
/// With no PATH, byline opens its bundled sample library.
#[derive(Parser)]
#[command(version, args_conflicts_with_subcommands = true)]
struct Cli {
    /// Story files (.txt, .md) and directories to read.
    paths: Vec<PathBuf>,
    /// Where read marks and bookmarks are kept (default: $BYLINE_HOME, else
    /// the platform's data directory for byline).
    #[arg(long, global = true, value_name = "DIR")]
    state_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Print the library, a line per story: date, title, source, path.
    List {
        /// One JSON object per line instead.
        #[arg(long)]
        json: bool,
        paths: Vec<PathBuf>,
    },
    /// Print every bookmark, newest first.
    Bookmarks {
        /// One JSON object per line: story_id, title, kind, text, note, created.
        #[arg(long, conflicts_with = "markdown")]
        json: bool,
        /// A Markdown document grouped by story, each passage a block quote.
        #[arg(long)]
        markdown: bool,
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
}

fn library(paths: &[PathBuf]) -> Library {
    if paths.is_empty() {
        Library::bundled()
    } else {
        Library::load(paths)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("byline: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn open_store(flag: Option<&std::path::Path>) -> Result<Store> {
    let paths = StatePaths::resolve(flag).context("could not find where to keep read marks")?;
    Ok(Store::open_or_in_memory(&paths))
}

fn run(cli: Cli) -> Result<ExitCode> {
    let state_dir = cli.state_dir.as_deref();
    match cli.command {
        Some(Command::List { json, paths }) => {
            let store = open_store(state_dir)?;
            list(&library(&paths), &store, json)
        }
        Some(Command::Bookmarks {
            json,
            markdown,
            paths,
        }) => {
            let store = open_store(state_dir)?;
            let text = if json {
                byline::report::bookmarks_json(&store)?
            } else if markdown {
                byline::report::bookmarks_markdown(&store, &library(&paths))
            } else {
                byline::report::bookmarks_text(&store)
            };
            write_out(&text)?;
            Ok(match store.status() {
                byline::store::SaveStatus::Disabled(why) => {
                    eprintln!("byline: {why}");
                    ExitCode::FAILURE
                }
                _ => ExitCode::SUCCESS,
            })
        }
        Some(Command::Analyze { json, paths }) => analyze(&paths, json),
        None => {
            if !std::io::stdout().is_terminal() {
                anyhow::bail!(
                    "the reader needs a terminal; `byline list` prints the library instead"
                );
            }
            let store = open_store(state_dir)?;
            let (sender, messages) = std::sync::mpsc::channel();
            let app = if cli.paths.is_empty() {
                App::with_store(Library::bundled(), store, 80, 24)
            } else {
                let loader = sender.clone();
                byline::library::load_in_background(cli.paths, move |event| {
                    loader.send(byline::app::Msg::Loaded(event)).is_ok()
                });
                App::loading_with_store(store, 80, 24)
            };
            byline::tui::run(app, Theme::from_env(), sender, messages)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Analyses each story in the order given, a file at a time, so hundreds of
/// files stream out without being held in memory together.
fn analyze(paths: &[PathBuf], json: bool) -> Result<ExitCode> {
    let (files, problems) = byline::library::walk(paths);
    let mut failed = !problems.is_empty();
    for p in &problems {
        eprintln!("byline: {p}");
    }
    let mut out = std::io::stdout().lock();
    for (path, format) in files {
        let article = match byline::library::read_story(&path, format) {
            Ok(a) => a,
            Err(reason) => {
                let problem = byline::library::Problem { path, reason };
                eprintln!("byline: {problem}");
                failed = true;
                continue;
            }
        };
        let analysis = byline::report::analyze_article(&article);
        let text = if json {
            let report = byline::report::report(&article, &analysis);
            serde_json::to_string(&report).context("could not encode the analysis as JSON")? + "\n"
        } else {
            byline::report::summary(&article, &analysis) + "\n"
        };
        if let Err(e) = out.write_all(text.as_bytes()) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(ExitCode::SUCCESS);
            }
            return Err(e).context("could not write the analysis");
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// One line of `byline list --json`.
#[derive(serde::Serialize)]
struct ListEntry<'a> {
    id: byline::article::ArticleId,
    title: &'a str,
    date: Option<byline::article::Date>,
    dateline: Option<&'a str>,
    source: Option<&'a str>,
    path: String,
    read: bool,
    bookmarked: bool,
}

/// Writes to stdout; a closed pipe (`byline ... | head`) is a normal way to stop.
fn write_out(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(e).context("could not write to standard output")
        }
        _ => Ok(()),
    }
}

fn list(lib: &Library, store: &Store, json: bool) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    for a in &lib.articles {
        let line = if json {
            serde_json::to_string(&ListEntry {
                id: a.id,
                title: &a.title,
                date: a.date,
                dateline: a.dateline.as_deref(),
                source: a.source.as_deref(),
                path: a.origin.to_string(),
                read: store.is_read(a.id),
                bookmarked: store.is_story_bookmarked(a.id),
            })
            .context("could not encode a story as JSON")?
        } else {
            let date = a
                .date
                .map_or_else(|| "          ".to_string(), |d| d.to_string());
            format!(
                "{date}  {}  {}  {}",
                a.title,
                a.source.as_deref().unwrap_or("-"),
                byline::text::clean_line(&a.origin.to_string())
            )
        };
        if let Err(e) = writeln!(out, "{line}") {
            // A closed pipe (`byline list | head`) is a normal way to stop.
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(ExitCode::SUCCESS);
            }
            return Err(e).context("could not write the list");
        }
    }
    for p in &lib.problems {
        eprintln!("byline: {p}");
    }
    Ok(if lib.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
