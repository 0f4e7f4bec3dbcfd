//! `byline bookmarks`: every bookmark, as text, JSON lines or Markdown.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use super::common::{library, open_store, store_warnings, warn, write_out};

/// How the bookmarks are printed and which of them.
pub struct Options {
    pub json: bool,
    pub markdown: bool,
    /// Only passages with a quotation by this person.
    pub speaker: Option<String>,
    /// Stories to look sources up in.
    pub paths: Vec<PathBuf>,
}

pub fn run(options: Options, state_dir: Option<&Path>) -> Result<ExitCode> {
    let Options {
        json,
        markdown,
        speaker,
        paths,
    } = options;
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
