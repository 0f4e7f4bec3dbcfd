//! `byline people`: every person named in the library, a line each, with
//! the forms of their name, their stories and how much they said.

use std::process::ExitCode;

use anyhow::{Context, Result};

use byline::article::{ArticleId, Date};
use byline::library::Library;
use byline::people::{Indexed, People, Person, fold};

use super::common::{buffered_stdout, flush, print, warn};

/// The index of everyone in the library (or `source`), saying on stderr
/// what could not be read.
pub fn index(lib: &Library, source: Option<&str>) -> Indexed {
    said(Indexed::of(lib, source))
}

/// The part of the index that finds whoever goes by `name`, saying on
/// stderr what could not be read.
pub fn index_naming(lib: &Library, source: Option<&str>, name: &str) -> Indexed {
    said(Indexed::naming(lib, source, name))
}

fn said(indexed: Indexed) -> Indexed {
    indexed.problems.iter().for_each(warn);
    indexed
}

/// One line of `byline people --json`.
#[derive(serde::Serialize)]
struct PersonLine<'a> {
    name: &'a str,
    forms: &'a [String],
    stories: usize,
    /// Newest first.
    story_ids: &'a [ArticleId],
    quotations: usize,
    first_date: Option<Date>,
    last_date: Option<Date>,
    /// Why these stories are this person's: the forms of the name each uses.
    by_story: Vec<StoryForms<'a>>,
}

#[derive(serde::Serialize)]
struct StoryForms<'a> {
    story: ArticleId,
    forms: Vec<&'a str>,
}

/// Most quoted first, then most named, then by name.
pub fn sorted(people: &People) -> Vec<Person> {
    let mut all: Vec<(String, Person)> = people
        .persons()
        .into_iter()
        .map(|p| (fold(&p.name), p))
        .collect();
    all.sort_by(|(ka, a), (kb, b)| {
        b.quotations
            .cmp(&a.quotations)
            .then(b.stories.len().cmp(&a.stories.len()))
            .then(ka.cmp(kb))
            .then(a.name.cmp(&b.name))
    });
    all.into_iter().map(|(_, p)| p).collect()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The readable line of a person.
fn text_line(p: &Person) -> String {
    let dates = match (p.first, p.last) {
        (Some(first), Some(last)) if first == last => format!("  {first}"),
        (Some(first), Some(last)) => format!("  {first} to {last}"),
        _ => String::new(),
    };
    let others: Vec<&str> = p
        .forms
        .iter()
        .map(String::as_str)
        .filter(|f| *f != p.name)
        .collect();
    let also = if others.is_empty() {
        String::new()
    } else {
        format!("  also: {}", others.join(", "))
    };
    byline::text::strip_hazards(&format!(
        "{}  {}, {}{dates}{also}",
        p.name,
        plural(p.quotations, "quotation", "quotations"),
        plural(p.stories.len(), "story", "stories"),
    ))
    .into_owned()
}

/// `byline people`: exit code 1 when a story could not be read.
pub fn run(lib: &Library, source: Option<&str>, json: bool) -> Result<ExitCode> {
    let indexed = index(lib, source);
    let people = &indexed.people;
    let mut out = buffered_stdout();
    for p in sorted(people) {
        let line = if json {
            let by_story = people
                .contributions(p.id)
                .into_iter()
                .map(|c| StoryForms {
                    story: c.story,
                    forms: c.forms,
                })
                .collect();
            let json = serde_json::to_string(&PersonLine {
                name: &p.name,
                forms: &p.forms,
                stories: p.stories.len(),
                story_ids: &p.stories,
                quotations: p.quotations,
                first_date: p.first,
                last_date: p.last,
                by_story,
            })
            .context("could not encode a person as JSON")?;
            byline::text::escape_json(json)
        } else {
            text_line(&p)
        };
        if !print(&mut out, &line)? {
            return Ok(ExitCode::SUCCESS);
        }
    }
    flush(&mut out)?;
    let failed = indexed.failed();
    // The process ends next: freeing an index of 100,000 stories piece by
    // piece would take longer than some whole answers.
    std::mem::forget(indexed);
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
