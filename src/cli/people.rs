//! `byline people`: every person named in the library, a line each, with
//! the forms of their name, their stories and how much they said.

use std::collections::HashMap;
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};

use byline::analysis::Analysis;
use byline::article::{Article, ArticleId, Date};
use byline::library::Library;
use byline::people::{People, Person, StoryInfo, fold};

/// The people index of a library's stories, and the stories (with their
/// text, for file offsets).
pub struct Indexed {
    pub people: People,
    pub articles: HashMap<ArticleId, Arc<Article>>,
    /// Something could not be read; said on stderr already.
    pub failed: bool,
}

/// A line on stderr, cleaned as every message is.
pub fn warn(message: &str) {
    eprintln!("byline: {}", byline::text::strip_hazards(message));
}

/// Whether a story is of `source`, compared as names are (case and accents aside).
fn of_source(article: &Article, source: Option<&str>) -> bool {
    source.is_none_or(|want| {
        article
            .source
            .as_deref()
            .is_some_and(|s| fold(s) == fold(want))
    })
}

/// Reads and analyses the stories of `lib` (of `source` only, when given)
/// on every core, and indexes them: analysis is what takes the time.
pub fn index(lib: &Library, source: Option<&str>) -> Indexed {
    let mut failed = !lib.problems.is_empty();
    for p in &lib.problems {
        warn(&p.to_string());
    }
    let rows: Vec<usize> = (0..lib.articles.len())
        .filter(|&i| lib.articles.get(i).is_some_and(|a| of_source(a, source)))
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let chunk = rows.len().div_ceil(threads).max(16);
    type Analysed = Result<(Arc<Article>, Analysis), String>;
    let analysed: Vec<Analysed> = std::thread::scope(|scope| {
        let handles: Vec<_> = rows
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(|&i| analyse(lib, i)).collect()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| -> Vec<Analysed> {
                // A panic here is a bug in the analysis; it is not hidden.
                h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))
            })
            .collect()
    });
    let mut people = People::new();
    let mut articles = HashMap::with_capacity(analysed.len());
    for result in analysed {
        match result {
            Ok((article, analysis)) => {
                let texts: Vec<&str> = article.paragraphs.iter().map(|p| p.text.as_str()).collect();
                people.add(StoryInfo::of(&article), &analysis, &texts);
                articles.insert(article.id, article);
            }
            Err(message) => {
                warn(&message);
                failed = true;
            }
        }
    }
    Indexed {
        people,
        articles,
        failed,
    }
}

/// Row `i` of the library with its text, and its analysis: the one the
/// story database keeps when it still fits, else made now.
fn analyse(lib: &Library, i: usize) -> Result<(Arc<Article>, Analysis), String> {
    let article = lib.full(i).map_err(|reason| {
        let origin = lib
            .articles
            .get(i)
            .map(|a| a.origin.to_string())
            .unwrap_or_default();
        format!("{}: {reason}", byline::text::clean_line(&origin))
    })?;
    let texts: Vec<&str> = article.paragraphs.iter().map(|p| p.text.as_str()).collect();
    let kept = lib
        .bodies
        .as_ref()
        .and_then(|b| b.analysis(article.id, article.text_hash()))
        .filter(|a| a.fits(&texts));
    let analysis = kept.unwrap_or_else(|| byline::analysis::analyze(&texts));
    Ok((article, analysis))
}

/// Writes a line; false when the reader of the pipe has gone, a normal way
/// to stop (`byline people | head`).
pub fn print(out: &mut impl Write, line: &str) -> Result<bool> {
    match writeln!(out, "{line}") {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(e).context("could not write to standard output"),
    }
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
    let mut out = std::io::stdout().lock();
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
    Ok(if indexed.failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
