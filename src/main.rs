use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use byline::app::App;
use byline::library::Library;
use byline::ui::Theme;

/// A terminal news reader that shows who is quoted and who is named.
///
/// With no PATH, byline opens its bundled sample library.
#[derive(Parser)]
#[command(version, args_conflicts_with_subcommands = true)]
struct Cli {
    /// Story files (.txt, .md) and directories to read.
    paths: Vec<PathBuf>,
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

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Some(Command::List { json, paths }) => list(&library(&paths), json),
        Some(Command::Analyze { json, paths }) => analyze(&paths, json),
        None => {
            if !std::io::stdout().is_terminal() {
                anyhow::bail!(
                    "the reader needs a terminal; `byline list` prints the library instead"
                );
            }
            let (sender, messages) = std::sync::mpsc::channel();
            let app = if cli.paths.is_empty() {
                App::new(Library::bundled(), 80, 24)
            } else {
                let loader = sender.clone();
                byline::library::load_in_background(cli.paths, move |event| {
                    loader.send(byline::app::Msg::Loaded(event)).is_ok()
                });
                App::loading(80, 24)
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
}

fn list(lib: &Library, json: bool) -> Result<ExitCode> {
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
