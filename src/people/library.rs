//! The people index of a library's stories, as `byline people` and `byline
//! quotes` build it: of every story, or of only the stories that one
//! person's quotations depend on, from what the story database keeps.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use super::{People, Quotation, StoryInfo, StoryPeople, fold};
use crate::analysis::{Analysis, Span};
use crate::article::{Article, ArticleId};
use crate::db::{PeopleNaming, RowSelect};
use crate::feed::{Subscriptions, stored};
use crate::hashing::{FastMap, IdMap};
use crate::library::Library;
use crate::report::Offsets;
use crate::store::FeedPaths;

/// The people index of a library's stories (or of the part of them that
/// one person's quotations need), and where each quotation is in its file.
pub struct Indexed {
    pub people: People,
    /// The stories analysed now, with their text.
    articles: HashMap<ArticleId, Arc<Article>>,
    /// The file bytes of quotations of stories indexed from what the story
    /// database keeps, by story, paragraph and start.
    kept: FastMap<(ArticleId, u32, u32), Range<u32>>,
    /// What could not be read, a message each: the library's problems and
    /// the stories that failed.
    pub problems: Vec<String>,
}

fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
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

impl Indexed {
    fn empty(lib: &Library) -> Indexed {
        Indexed {
            people: People::new(),
            articles: HashMap::new(),
            kept: FastMap::default(),
            problems: lib.problems.iter().map(ToString::to_string).collect(),
        }
    }

    /// Whether something could not be read.
    pub fn failed(&self) -> bool {
        !self.problems.is_empty()
    }

    /// Byte offsets of a quotation in its file (or feed text) as read.
    pub fn file_offsets(&self, q: &Quotation<'_>) -> Option<Offsets> {
        let id = q.story.id();
        if let Some(at) = self.kept.get(&(id, narrow(q.para), narrow(q.range.start))) {
            return Some(Offsets {
                start: at.start as usize,
                end: at.end as usize,
            });
        }
        let span = Span {
            para: q.para,
            range: q.range.clone(),
        };
        self.articles
            .get(&id)
            .map(|a| crate::report::file_offsets(a, &span))
    }

    /// Reads and analyses every story of `lib` (of `source` only, when
    /// given) on every core, and indexes them: analysis is what takes the
    /// time, and each one made is kept for the next time.
    pub fn of(lib: &Library, source: Option<&str>) -> Indexed {
        let rows = rows(lib, source);
        let mut indexed = Indexed::empty(lib);
        let done = analysed(lib, &rows, &mut indexed.problems);
        indexed.add_analysed(done);
        indexed
    }

    /// The part of the index that finds whoever goes by `name`, with all
    /// their stories and quotations: from what the story database keeps,
    /// when it keeps analyses, and from the stories it has none of yet,
    /// analysed now. Built of the stories that name anyone of the surnames
    /// involved, it finds the same people by `name` as the index of every
    /// story (see [`crate::db::Db::people_naming`]), in a fraction of the
    /// time.
    pub fn naming(lib: &Library, source: Option<&str>, name: &str) -> Indexed {
        let Some((bodies, analysed_before)) = lib
            .bodies
            .as_ref()
            .and_then(|b| Some((b, b.analysed_stories()?)))
        else {
            return Indexed::of(lib, source);
        };
        let key = fold(name);
        let mut by_id: IdMap<usize> = IdMap::default();
        let mut missing = Vec::new();
        for i in rows(lib, source) {
            if let Some(a) = lib.articles.get(i) {
                by_id.insert(a.id, i);
                if !analysed_before.contains(&a.id) {
                    missing.push(i);
                }
            }
        }
        let mut indexed = Indexed::empty(lib);
        // Every story analysed now joins the index: one of them may name a
        // second person of a surname the kept ones are joined by, so the
        // surnames of those it calls `name` are looked up too.
        let done = analysed(lib, &missing, &mut indexed.problems);
        let mut surnames = Vec::new();
        for (article, analysis) in &done {
            let texts: Vec<&str> = article.paragraphs.iter().map(|p| p.text.as_str()).collect();
            let story = StoryPeople::of(analysis, &texts);
            surnames.extend(
                story
                    .name_keys()
                    .into_iter()
                    .filter(|n| n.key == key)
                    .map(|n| n.surname),
            );
        }
        indexed.add_analysed(done);
        let kept = match bodies.people_naming(&key, &surnames) {
            Some(Ok(kept)) => kept,
            Some(Err(e)) => {
                let mut all = Indexed::of(lib, source);
                all.problems.push(format!(
                    "could not read the people kept of the stories: {e}"
                ));
                return all;
            }
            None => return Indexed::of(lib, source),
        };
        indexed.add_kept(lib, &by_id, parsed(&kept));
        indexed
    }

    /// Adds the kept people of `kept`'s stories that are rows of `lib` (by
    /// `by_id`) and not in yet, only of the surnames that decide the
    /// answer; a story kept in a shape this byline does not read is read
    /// and analysed instead.
    fn add_kept(&mut self, lib: &Library, by_id: &IdMap<usize>, kept: Parsed<'_>) {
        let mut unreadable = Vec::new();
        for (id, story) in kept {
            let Some(&row) = by_id.get(&id) else {
                continue;
            };
            if self.articles.contains_key(&id) {
                continue;
            }
            let (Some(article), Some(story)) = (lib.articles.get(row), story) else {
                unreadable.push(row);
                continue;
            };
            for q in &story.quotes {
                if let Some(file) = &q.file {
                    self.kept.insert((id, q.para, q.start), file.clone());
                }
            }
            self.people.add_story(StoryInfo::of(article), &story);
        }
        let done = analysed(lib, &unreadable, &mut self.problems);
        self.add_analysed(done);
    }

    /// [`Indexed::naming`] over the stories of the subscribed feeds, reading
    /// only the list rows it needs from the story database: those of the
    /// stories with no analysis kept yet, analysed and kept first, and then
    /// those that could be the person's. At 100,000 stories, reading every
    /// row would be most of the answer's time.
    pub fn naming_in_feeds(
        paths: &FeedPaths,
        subs: &Subscriptions,
        source: Option<&str>,
        name: &str,
    ) -> (Indexed, Vec<String>) {
        let key = fold(name);
        let (fresh, mut notices) = stored::library_where(paths, subs, &RowSelect::Unanalysed);
        let mut indexed = Indexed::empty(&fresh);
        let fresh_rows = rows(&fresh, source);
        let done = analysed(&fresh, &fresh_rows, &mut indexed.problems);
        let mut surnames = Vec::new();
        for (article, analysis) in &done {
            let texts: Vec<&str> = article.paragraphs.iter().map(|p| p.text.as_str()).collect();
            surnames.extend(
                StoryPeople::of(analysis, &texts)
                    .name_keys()
                    .into_iter()
                    .filter(|n| n.key == key)
                    .map(|n| n.surname),
            );
        }
        // The stories analysed now join as they are; the kept ones are
        // read from what the database keeps, which may not hold them yet.
        indexed.add_analysed(done);
        let kept = fresh
            .bodies
            .as_ref()
            .and_then(|b| b.people_naming(&key, &surnames));
        drop(fresh);
        let Some(Ok(kept)) = kept else {
            // Whatever went wrong is found again, and said, by the index of
            // every row.
            let (lib, more) = stored::library(paths, subs);
            notices.extend(more);
            return (Indexed::naming(&lib, source, name), notices);
        };
        let wanted: Vec<i64> = kept
            .stories
            .iter()
            .filter(|k| {
                !indexed
                    .articles
                    .contains_key(&ArticleId::from_bits(k.story))
            })
            .map(|k| k.doc)
            .collect();
        // The rows are read while the kept people are parsed: each is about
        // a third of the answer's time.
        let ((lib, more), kept) = std::thread::scope(|scope| {
            let rows = scope.spawn(|| stored::library_where(paths, subs, &RowSelect::Docs(wanted)));
            let kept = parsed(&kept);
            (
                rows.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
                kept,
            )
        });
        notices.extend(more);
        indexed
            .problems
            .extend(lib.problems.iter().map(ToString::to_string));
        let by_id: IdMap<usize> = rows(&lib, source)
            .into_iter()
            .filter_map(|i| Some((lib.articles.get(i)?.id, i)))
            .collect();
        indexed.add_kept(&lib, &by_id, kept);
        (indexed, notices)
    }

    fn add_analysed(&mut self, done: Vec<(Arc<Article>, Analysis)>) {
        for (article, analysis) in done {
            let texts: Vec<&str> = article.paragraphs.iter().map(|p| p.text.as_str()).collect();
            self.people.add(StoryInfo::of(&article), &analysis, &texts);
            self.articles.insert(article.id, article);
        }
    }
}

/// The library's rows of `source` (all, without one).
fn rows(lib: &Library, source: Option<&str>) -> Vec<usize> {
    (0..lib.articles.len())
        .filter(|&i| lib.articles.get(i).is_some_and(|a| of_source(a, source)))
        .collect()
}

/// `f` of each of `items`, in order, on every core.
fn on_every_core<'a, T: Sync, R: Send>(items: &'a [T], f: impl Fn(&'a T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let chunk = items.len().div_ceil(threads).max(16);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            // A panic here is a bug; it is not hidden.
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// Kept people by story, of only the surnames that decide the answer;
/// None for one kept in a shape this byline does not read.
type Parsed<'k> = Vec<(ArticleId, Option<StoryPeople<'k>>)>;

/// The kept people of `kept`'s stories, parsed on every core, each
/// story's surnames joined.
fn parsed(kept: &PeopleNaming) -> Parsed<'_> {
    let mut parts = on_every_core(&kept.stories, |stored| {
        let part = serde_json::from_str::<StoryPeople<'_>>(&stored.json).ok();
        (ArticleId::from_bits(stored.story), part)
    });
    parts.sort_by_key(|(id, _)| *id);
    let mut out: Parsed<'_> = Vec::with_capacity(parts.len());
    for (id, part) in parts {
        match out.last_mut() {
            Some((last, story)) if *last == id => {
                *story = story
                    .take()
                    .zip(part)
                    .map(|(a, b)| StoryPeople::joined([a, b]));
            }
            _ => out.push((id, part)),
        }
    }
    out
}

/// The stories of `rows` with their analyses, read and analysed on every
/// core; what could not be read goes into `problems`.
fn analysed(
    lib: &Library,
    rows: &[usize],
    problems: &mut Vec<String>,
) -> Vec<(Arc<Article>, Analysis)> {
    let results = on_every_core(rows, |&i| analyse(lib, i));
    let mut out = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(done) => out.push(done),
            Err(message) => problems.push(message),
        }
    }
    out
}

/// Row `i` of the library with its text, and its analysis: the one the
/// story database keeps when it still fits, else made now and kept.
fn analyse(lib: &Library, i: usize) -> Result<(Arc<Article>, Analysis), String> {
    let article = lib.full(i).map_err(|reason| {
        let origin = lib
            .articles
            .get(i)
            .map(|a| a.origin.to_string())
            .unwrap_or_default();
        format!("{}: {reason}", crate::text::clean_line(&origin))
    })?;
    let texts: Vec<&str> = article.paragraphs.iter().map(|p| p.text.as_str()).collect();
    let bodies = lib.bodies.as_ref();
    let kept = bodies
        .and_then(|b| b.analysis(article.id, article.text_hash()))
        .filter(|a| a.fits(&texts));
    let analysis = match kept {
        Some(analysis) => analysis,
        None => {
            let analysis = crate::analysis::analyze(&texts);
            if let Some(b) = bodies {
                b.keep_analysis(&article, &analysis, crate::library::Keeping::Wait);
            }
            analysis
        }
    };
    Ok((article, analysis))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::db::{Db, FeedMeta};
    use crate::feed::convert::Story;
    use crate::feed::{CacheLimits, Subscriptions, stored};
    use crate::store::FeedPaths;

    const FEED: &str = "https://news.example/rss";

    /// A story in which `full` is named and speaks, then `lone` (a surname
    /// said alone) speaks.
    fn story(n: i64, full: &str, lone: &str) -> Story {
        Story {
            key: format!("guid:{n}"),
            title: format!("Story {n}"),
            author: None,
            published: Some(1_700_000_000 + n * 3600),
            link: Some(format!("https://news.example/{n}")),
            paragraphs: vec![
                format!("{full} spoke to the council on Monday about the bridge."),
                format!("\"We will build it by spring, part {n},\" said {full}."),
                format!("\"The vote is close,\" said {lone}, who chairs the committee."),
            ],
            first_seen: 1_700_000_000,
        }
    }

    fn home(stories: Vec<Story>) -> (tempfile::TempDir, FeedPaths, Subscriptions) {
        let dir = tempfile::tempdir().unwrap();
        let paths = FeedPaths::in_dir(dir.path());
        let mut subs = Subscriptions::default();
        subs.add(FEED, Some("News")).unwrap();
        subs.save(&paths.subscriptions).unwrap();
        add(&paths, stories);
        (dir, paths, subs)
    }

    fn add(paths: &FeedPaths, stories: Vec<Story>) {
        let limits = CacheLimits {
            max_age_days: 100_000,
            max_stories_per_feed: 1000,
        };
        let mut db = Db::open(&paths.database).db;
        db.merge_feed(FEED, &FeedMeta::default(), stories, 1_800_000_000, limits)
            .unwrap();
    }

    /// What `byline quotes --speaker NAME` prints of an index: each
    /// quotation with its story, place, speaker and file bytes.
    fn said(indexed: &Indexed, name: &str) -> Vec<String> {
        let people = &indexed.people;
        let mut out: Vec<String> = people
            .find(name)
            .into_iter()
            .flat_map(|id| people.quotations_of(id))
            .map(|q| {
                let at = indexed.file_offsets(&q).unwrap();
                format!(
                    "{} {}:{:?} {} by {:?} at {}..{}",
                    q.story.title(),
                    q.para,
                    q.range,
                    q.text,
                    q.speaker.and_then(|s| people.name(s)),
                    at.start,
                    at.end
                )
            })
            .collect();
        out.sort();
        out
    }

    const NAMES: [&str; 9] = [
        "Garcia",
        "maria garcia",
        "Juan García",
        "Bukele",
        "Nayib Bukele",
        "Jose Martinez",
        "MARTÍNEZ",
        "Ruiz",
        "Nobody",
    ];

    /// One person's part of the index, read from the rows it needs alone,
    /// and from the whole list, says what the index of everyone says; the
    /// first is asked first, while some stories have no analysis kept.
    fn assert_same(paths: &FeedPaths, subs: &Subscriptions) {
        let from_rows: Vec<(Vec<String>, usize)> = NAMES
            .iter()
            .map(|name| {
                let (part, notices) = Indexed::naming_in_feeds(paths, subs, None, name);
                assert!(notices.is_empty(), "{notices:?}");
                assert!(part.problems.is_empty(), "{:?}", part.problems);
                (said(&part, name), part.people.len())
            })
            .collect();
        let (lib, _) = stored::library(paths, subs);
        let everyone = Indexed::of(&lib, None);
        for (name, (from_rows, read)) in NAMES.iter().zip(from_rows) {
            let part = Indexed::naming(&lib, None, name);
            assert_eq!(said(&part, name), said(&everyone, name), "{name}");
            assert_eq!(from_rows, said(&everyone, name), "{name}, from its rows");
            assert!(read <= everyone.people.len());
            assert!(part.problems.is_empty(), "{:?}", part.problems);
        }
    }

    #[test]
    fn one_person_s_part_of_the_index_says_what_the_whole_index_says() {
        let (_dir, paths, subs) = home(vec![
            story(1, "Maria Garcia", "Garcia"),
            story(2, "Nayib Bukele", "Bukele"),
            story(3, "José Martínez", "Martínez"),
            story(4, "Jose Martinez", "Ruiz"),
            story(5, "Ana Ruiz", "Garcia"),
        ]);
        // Nothing is kept yet: everything is analysed, then kept.
        assert_same(&paths, &subs);
        // Everything is kept.
        assert_same(&paths, &subs);
        assert_eq!(garcias(&paths, &subs), ["Maria Garcia"], "the one Garcia");
        // A second Garcia arrives, in a story not analysed yet: the lone
        // Garcia of story 5 is no longer Maria.
        add(&paths, vec![story(6, "Juan Garcia", "Bukele")]);
        assert_same(&paths, &subs);
        assert_eq!(garcias(&paths, &subs), ["Garcia", "Maria Garcia"]);
    }

    /// Who goes by "Garcia", as the part of the index for them finds.
    fn garcias(paths: &FeedPaths, subs: &Subscriptions) -> Vec<String> {
        let (lib, _) = stored::library(paths, subs);
        let part = Indexed::naming(&lib, None, "Garcia");
        let mut found: Vec<String> = part
            .people
            .find("Garcia")
            .into_iter()
            .filter_map(|id| part.people.name(id).map(str::to_string))
            .collect();
        found.sort();
        found
    }

    #[test]
    fn a_person_s_part_of_the_index_reads_only_the_stories_that_name_their_surname() {
        let (_dir, paths, subs) = home(vec![
            story(1, "Maria Garcia", "Garcia"),
            story(2, "Nayib Bukele", "Bukele"),
            story(3, "Ana Ruiz", "Ruiz"),
        ]);
        let (lib, _) = stored::library(&paths, &subs);
        drop(Indexed::of(&lib, None));
        drop(lib);
        let (lib, _) = stored::library(&paths, &subs);
        let part = Indexed::naming(&lib, None, "Bukele");
        assert_eq!(part.people.len(), 1, "only the Bukele story");
    }
}
