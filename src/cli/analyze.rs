//! `byline analyze`: the people and quotations of story files.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

use super::common::warn;

/// Analyses each story in the order given, a file at a time, so hundreds of
/// files stream out without being held in memory together.
pub fn run(paths: &[PathBuf], json: bool) -> Result<ExitCode> {
    let (files, problems) = byline::library::walk(paths);
    let mut failed = !problems.is_empty();
    for p in &problems {
        warn(p);
    }
    let mut out = std::io::stdout().lock();
    for (path, format) in files {
        let article = match byline::library::read_story(&path, format) {
            Ok(a) => a,
            Err(reason) => {
                let problem = byline::library::Problem { path, reason };
                warn(problem);
                failed = true;
                continue;
            }
        };
        let analysis = byline::report::analyze_article(&article);
        let text = if json {
            let report = byline::report::report(&article, &analysis);
            let json =
                serde_json::to_string(&report).context("could not encode the analysis as JSON")?;
            byline::text::escape_json(json) + "\n"
        } else {
            byline::text::strip_hazards(&byline::report::summary(&article, &analysis)).into_owned()
                + "\n"
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
