//! Collecting stories: from the paths a user names, or from the sample
//! library compiled into the binary.

use std::cmp::Reverse;
use std::collections::HashSet;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::article::{Article, ArticleId, Date, Format, Origin, Stub, parse, parse_owned};
use crate::decode::decode;
use crate::hashing::{FastMap, IdMap};

/// Files larger than this are skipped with a message rather than read.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The sample stories in `assets/stories/`, compiled in so that `byline` with
/// no arguments works from any directory.
macro_rules! bundled {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../assets/stories/", $name)))),*]
    };
}

pub const BUNDLED: &[(&str, &str)] = bundled![
    "01_harbour_strike.txt",
    "02_council_budget.txt",
    "03_court_ruling.txt",
    "04_markets_close.txt",
    "05_heatwave_warning.txt",
    "06_ajax_derby.txt",
    "07_water_bill.txt",
    "08_comet_discovery.txt",
    "09_tile_exhibition.txt",
    "10_bridge_closure.txt",
    "11_tram_maker.txt",
    "12_ferry_fares.txt",
];

/// A file or directory that could not be turned into a story, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // File names come from outside and may carry escape sequences.
        let path = crate::text::clean_line(&self.path.to_string_lossy());
        write!(f, "{path}: {}", self.reason)
    }
}

/// Whether keeping an analysis may wait for the one that writes it down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keeping {
    /// From a thread of its own (the analyser, a command): waits while the
    /// writer is behind, so that a library analysed for the first time is
    /// written as it goes, not held in memory until it is.
    Wait,
    /// From the UI thread, which must not wait (a refresh in another
    /// process can hold the database for seconds): when the writer is
    /// behind, the analysis is not kept and is made again next time.
    IfRoom,
}

/// Fetches the text of feed stories listed as rows only ([`Stub::Feed`]).
pub trait Bodies: Send + Sync {
    /// The whole story `key` of the feed at `feed_url`, shown as from `source`.
    fn feed_story(
        &self,
        feed_url: &str,
        key: &str,
        source: &str,
    ) -> Result<Option<Article>, String>;

    /// The analysis kept for `story` when its text still hashes to
    /// `text_hash` (see [`Article::text_hash`]): opening a story then needs
    /// no analysis. None by default: nothing is kept.
    fn analysis(&self, _story: ArticleId, _text_hash: u64) -> Option<crate::analysis::Analysis> {
        None
    }

    /// The stories that match `query`, best first, from the search index.
    /// None found by default: there is no index.
    fn search(&self, _query: &str, _limit: usize) -> Result<Vec<ArticleId>, String> {
        Ok(Vec::new())
    }

    /// Keeps an analysis of `article` for the next time it is opened, and
    /// for the people index; whether it may wait for room is `keeping`'s.
    fn keep_analysis(
        &self,
        _article: &Article,
        _analysis: &crate::analysis::Analysis,
        _keeping: Keeping,
    ) {
    }

    /// The stories with a kept analysis, which is always of the story's
    /// text as it is now. None by default: nothing is kept.
    fn analysed_stories(&self) -> Option<crate::hashing::IdSet> {
        None
    }

    /// The kept people of the stories that could be part of whoever goes
    /// by the folded name `key` (see [`crate::db::Db::people_naming`]).
    /// None by default: nothing is kept.
    fn people_naming(
        &self,
        _key: &str,
        _surnames: &[String],
    ) -> Option<Result<crate::db::PeopleNaming, String>> {
        None
    }
}

/// The stories on show, newest first, and what could not be read.
#[derive(Clone, Default)]
pub struct Library {
    /// Where the text of rows listed without it comes from.
    pub bodies: Option<Arc<dyn Bodies>>,
    /// Shared so a large story can be laid out on another thread.
    pub articles: Vec<Arc<Article>>,
    pub problems: Vec<Problem>,
    /// How many stories share each parsed id, so later duplicates get their own.
    ids: IdMap<usize>,
    /// The id each listed file's story has, so a file read again replaces its row.
    /// By the path's bytes: hashing a `Path` goes component by component,
    /// and 100,000 of them took a tenth of a first frame.
    files: FastMap<OsString, ArticleId>,
    /// The widest source name, in columns: the list's source column is sized
    /// by it on every frame, so it is kept rather than searched for.
    source_width: usize,
}

/// Stories read by a background loader, handed over in batches so the list
/// fills while the rest is still being read.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    pub articles: Vec<Article>,
    pub problems: Vec<Problem>,
}

/// What a background load reports.
#[derive(Debug, Clone)]
pub enum LoadEvent {
    /// The paths were walked: this many story files will be read.
    Found(usize),
    Batch(Batch),
    /// Files listed before (from the index) that are no longer there.
    Removed(HashSet<PathBuf>),
    Done,
}

/// The list's order: newest first, undated last, then by title; stories
/// equal in all of these keep the order they arrived in.
fn list_order(a: &Article, b: &Article) -> std::cmp::Ordering {
    order_key(a)
        .cmp(&order_key(b))
        .then_with(|| a.title.cmp(&b.title))
}

/// What the list sorts by before titles: the newest day first, undated
/// last; within a day, the newest time first, stories without one after.
type OrderKey = (
    Reverse<bool>,
    Reverse<Option<Date>>,
    Reverse<bool>,
    Reverse<Option<i64>>,
);

fn order_key(a: &Article) -> OrderKey {
    (
        Reverse(a.date.is_some()),
        Reverse(a.date),
        Reverse(a.published.is_some()),
        Reverse(a.published),
    )
}

/// Sorts rows as [`list_order`] does, each row's key taken once: 100,000
/// rows compared through their `Arc`s and titles took most of a first frame.
fn sort_rows(rows: &mut Vec<Arc<Article>>) {
    let mut keys: Vec<(OrderKey, u32)> = rows
        .iter()
        .enumerate()
        .map(|(i, a)| (order_key(a), u32::try_from(i).unwrap_or(u32::MAX)))
        .collect();
    let title = |i: u32| rows.get(i as usize).map_or("", |a| a.title.as_str());
    // The position last: as stable as `sort_by`, without its buffer.
    keys.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| title(a.1).cmp(title(b.1)))
            .then(a.1.cmp(&b.1))
    });
    let mut taken: Vec<Option<Arc<Article>>> = std::mem::take(rows).into_iter().map(Some).collect();
    rows.extend(
        keys.into_iter()
            .filter_map(|(_, i)| taken.get_mut(i as usize).and_then(Option::take)),
    );
}

/// The id of the `n`th story (from 0) whose parsed id is `id`.
fn dedup_id(id: ArticleId, n: usize) -> ArticleId {
    if n == 0 {
        id
    } else {
        ArticleId::from_key(&format!("{id}#{n}"))
    }
}

/// Files read per batch: small enough that the first batch arrives at once.
const BATCH: usize = 256;

impl Library {
    /// The sample library.
    pub fn bundled() -> Library {
        let articles = BUNDLED
            .iter()
            .map(|&(name, text)| parse(text, Format::Plain, Origin::Bundled(name), stem(name)))
            .collect();
        let mut lib = Library::default();
        lib.add(Batch {
            articles,
            problems: Vec::new(),
        });
        lib
    }

    /// Every `.txt` and `.md` story under `paths` (files, and directories
    /// searched recursively, hidden entries skipped), read now.
    pub fn load(paths: &[PathBuf]) -> Library {
        let mut lib = Library::default();
        let (files, problems) = walk(paths);
        lib.add(Batch {
            articles: Vec::new(),
            problems,
        });
        lib.add(read_all(files));
        lib
    }

    /// Adds stories, keeping the order: newest first, undated last, then by
    /// title. Returns the rows it added or replaced, as they now are.
    pub fn add(&mut self, batch: Batch) -> Vec<Arc<Article>> {
        self.add_all([batch])
    }

    /// [`Library::add`] of several batches, merged into the list once. Each
    /// batch is freed as its stories become rows: 100,000 stories read as
    /// one batch were held twice at that moment, 30 MB more at the peak.
    pub fn add_all(&mut self, batches: impl IntoIterator<Item = Batch>) -> Vec<Arc<Article>> {
        let mut added = Vec::new();
        let mut fresh = Vec::new();
        // A story read again in place may have a new date or title.
        let mut moved = false;
        for batch in batches {
            self.problems.extend(batch.problems);
            added.reserve(batch.articles.len());
            fresh.reserve(batch.articles.len());
            for article in batch.articles {
                moved |= self.take_row(article, &mut added, &mut fresh);
            }
        }
        if added.is_empty() {
            return added;
        }
        if moved {
            sort_rows(&mut self.articles);
        }
        // A batch of 256 into a list of 100,000: sorting the batch and
        // merging it in costs a few thousand comparisons, where sorting the
        // whole list again cost a quarter of a million on every batch.
        sort_rows(&mut fresh);
        let old = std::mem::take(&mut self.articles);
        let places: Vec<usize> = fresh
            .iter()
            .map(|f| old.partition_point(|o| list_order(o, f) != std::cmp::Ordering::Greater))
            .collect();
        let mut merged = Vec::with_capacity(old.len() + fresh.len());
        let mut old = old.into_iter();
        let mut taken = 0;
        for (f, place) in fresh.into_iter().zip(places) {
            merged.extend(old.by_ref().take(place - taken));
            taken = place;
            merged.push(f);
        }
        merged.extend(old);
        self.articles = merged;
        added
    }

    /// Makes `article` a row: into `fresh` when it is new, in place of its
    /// old row when it is a file read again (then true: the list may need
    /// sorting again); into `added` either way.
    fn take_row(
        &mut self,
        mut article: Article,
        added: &mut Vec<Arc<Article>>,
        fresh: &mut Vec<Arc<Article>>,
    ) -> bool {
        // A file read again (it changed since it was indexed) takes the
        // place of its row, keeping the row's id when it is the same story.
        if let Origin::File(path) = &article.origin
            && let Some(&old) = self.files.get(path.as_os_str())
            && let Some(i) = self.articles.iter().position(|a| a.id == old)
        {
            let count = self.ids.get(&article.id).copied().unwrap_or(0);
            if (0..=count).any(|n| dedup_id(article.id, n) == old) {
                article.id = old;
                let row = Arc::new(article);
                added.push(Arc::clone(&row));
                self.articles[i] = row;
                return true;
            }
            self.articles.remove(i);
        }
        // Two files holding the same story (same date and title) still
        // need their own ids, or their read marks would be shared.
        let n = self.ids.entry(article.id).or_insert(0);
        article.id = dedup_id(article.id, *n);
        *n += 1;
        if let Origin::File(path) = &article.origin {
            self.files.insert(path.as_os_str().to_owned(), article.id);
        }
        let width = article
            .source
            .as_deref()
            .map_or(0, unicode_width::UnicodeWidthStr::width);
        self.source_width = self.source_width.max(width);
        let row = Arc::new(article);
        added.push(Arc::clone(&row));
        fresh.push(row);
        false
    }

    /// Puts a story read again (a feed story with its full text) in place
    /// of its row, which keeps its id and source; returns where it is.
    /// None when the story is not listed.
    pub fn replace(&mut self, mut article: Article) -> Option<usize> {
        let index = self.position(article.id)?;
        let row = self.articles.get_mut(index)?;
        article.source.clone_from(&row.source);
        // Same story, same date and title: the list's order stands.
        *row = Arc::new(article);
        Some(index)
    }

    /// Takes away the rows of files that are gone.
    pub fn remove_files(&mut self, gone: &HashSet<PathBuf>) {
        self.articles
            .retain(|a| !matches!(&a.origin, Origin::File(p) if gone.contains(p)));
        for path in gone {
            self.files.remove(path.as_os_str());
        }
    }

    /// Shows every story of the feed at `feed_url` under `name`: a feed's
    /// title is learnt on its first refresh, after its stories may already
    /// be listed under its host. Returns how many changed.
    pub fn rename_feed(&mut self, feed_url: &str, name: &str) -> usize {
        let mut renamed = 0;
        let shared: Arc<str> = Arc::from(name);
        for article in &mut self.articles {
            let of_feed =
                matches!(&article.origin, Origin::Feed { feed, .. } if **feed == *feed_url);
            if of_feed && article.source.as_deref() != Some(name) {
                // A story open in the reader shares this one; it keeps its copy.
                Arc::make_mut(article).source = Some(Arc::clone(&shared));
                renamed += 1;
            }
        }
        if renamed > 0 {
            self.source_width = self
                .source_width
                .max(unicode_width::UnicodeWidthStr::width(name));
        }
        renamed
    }

    /// The widest source name among the stories, in terminal columns.
    pub fn source_width(&self) -> usize {
        self.source_width
    }

    pub fn position(&self, id: ArticleId) -> Option<usize> {
        self.articles.iter().position(|a| a.id == id)
    }

    /// The whole story of row `index`: the row itself when its text is in
    /// memory, else the story read again from its file or the database.
    /// The row's id and source stand, so read marks and the list agree.
    pub fn full(&self, index: usize) -> Result<Arc<Article>, String> {
        let row = self.articles.get(index).ok_or("no such story")?;
        whole(row, self.bodies.as_deref())
    }
}

/// The whole story of a list row, as [`Library::full`] gives it; a free
/// function so that a background thread holding only the rows and the
/// [`Bodies`] can read stories too.
pub fn whole(row: &Arc<Article>, bodies: Option<&dyn Bodies>) -> Result<Arc<Article>, String> {
    let mut full = match (&row.stub, &row.origin) {
        (None, _) => return Ok(Arc::clone(row)),
        (Some(Stub::File(format)), Origin::File(path)) => read_story(path, *format)?,
        (Some(Stub::Feed), Origin::Feed { feed, key, .. }) => {
            let bodies = bodies.ok_or("the story database is not open")?;
            let source = row.source.as_deref().unwrap_or(feed);
            bodies
                .feed_story(feed, key, source)?
                .ok_or("the story is no longer in the database")?
        }
        (Some(_), _) => return Err("the story's text cannot be found".to_string()),
    };
    full.id = row.id;
    full.source.clone_from(&row.source);
    full.stub = None;
    Ok(Arc::new(full))
}

impl std::fmt::Debug for Library {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Library")
            .field("articles", &self.articles.len())
            .field("problems", &self.problems)
            .finish_non_exhaustive()
    }
}

/// Tells a load's receiver how many files will be read and what could not
/// be looked at; false when it has stopped listening.
pub(crate) fn announce(
    send: &impl Fn(LoadEvent) -> bool,
    found: usize,
    problems: Vec<Problem>,
) -> bool {
    send(LoadEvent::Found(found))
        && (problems.is_empty()
            || send(LoadEvent::Batch(Batch {
                articles: Vec::new(),
                problems,
            })))
}

/// Reads `paths` on a background thread, reporting through `send`; stops
/// early when `send` returns false (the receiver is gone).
pub fn load_in_background(
    paths: Vec<PathBuf>,
    send: impl Fn(LoadEvent) -> bool + Send + 'static,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let (files, problems) = walk(&paths);
        if !announce(&send, files.len(), problems) {
            return;
        }
        for chunk in files.chunks(BATCH) {
            if !send(LoadEvent::Batch(read_all(chunk.to_vec()))) {
                return;
            }
        }
        send(LoadEvent::Done);
    })
}

/// The story files under `paths` in the order given (directories sorted by
/// name), and what could not be looked at.
///
/// Inside a directory that was named, a symlink is followed only when it
/// points inside that directory: `/proc` links to the whole file system
/// from every process (`/proc/*/root`), and a library should not walk out
/// of itself through a link.
pub fn walk(paths: &[PathBuf]) -> (Vec<(PathBuf, Format)>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut seen_dirs = HashSet::new();
    for path in paths {
        let mut walk = Walk {
            root: fs::canonicalize(path).unwrap_or_else(|_| path.clone()),
            files: &mut files,
            problems: &mut problems,
            seen_dirs: &mut seen_dirs,
        };
        walk.collect(path, true);
    }
    (files, problems)
}

/// One named path being walked.
struct Walk<'a> {
    /// The named path, resolved: links may not lead out of it.
    root: PathBuf,
    files: &'a mut Vec<(PathBuf, Format)>,
    problems: &'a mut Vec<Problem>,
    seen_dirs: &'a mut HashSet<PathBuf>,
}

/// Reads and parses files on every core: with thousands of small files the
/// time goes to system calls and parsing, both of which parallelise.
fn read_all(files: Vec<(PathBuf, Format)>) -> Batch {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let chunk = files.len().div_ceil(threads).max(64);
    let results: Vec<(PathBuf, Result<Article, String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|(path, format)| (path.clone(), read_story(path, *format)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                // A panic in a reader thread would be a bug in the parser;
                // re-raise it rather than silently dropping stories.
                h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))
            })
            .collect()
    });
    let mut batch = Batch::default();
    for (path, result) in results {
        match result {
            Ok(article) => batch.articles.push(article),
            Err(reason) => batch.problems.push(Problem { path, reason }),
        }
    }
    batch
}

fn stem(name: &str) -> &str {
    Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(name)
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.') && n != "." && n != "..")
}

impl Walk<'_> {
    fn collect(&mut self, path: &Path, named: bool) {
        let problem = |reason: String| Problem {
            path: path.to_path_buf(),
            reason,
        };
        // Follow symlinks for what they point at; loops are caught by the
        // canonical-path set below.
        let meta = match fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                self.problems.push(problem(describe_io(&e)));
                return;
            }
        };
        if meta.is_dir() {
            let canonical = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            if !self.seen_dirs.insert(canonical) {
                return;
            }
            let entries = match fs::read_dir(path) {
                Ok(e) => e,
                Err(e) => {
                    self.problems.push(problem(describe_io(&e)));
                    return;
                }
            };
            let mut children: Vec<(PathBuf, Option<fs::FileType>)> = entries
                .filter_map(|e| e.ok().map(|e| (e.path(), e.file_type().ok())))
                .filter(|(path, _)| !is_hidden(path))
                .collect();
            children.sort_by(|a, b| a.0.cmp(&b.0));
            for (child, kind) in children {
                match kind {
                    // The directory entry already says it is a plain file: no
                    // need to stat each of thousands of stories.
                    Some(kind) if kind.is_file() => {
                        if let Some(format) = Format::from_path(&child) {
                            self.files.push((child, format));
                        }
                    }
                    Some(kind)
                        if kind.is_symlink()
                            && !fs::canonicalize(&child)
                                .is_ok_and(|to| to.starts_with(&self.root)) => {}
                    _ => self.collect(&child, false),
                }
            }
            return;
        }
        if !meta.is_file() {
            // FIFOs and devices: opening one could block forever.
            if named || Format::from_path(path).is_some() {
                self.problems
                    .push(problem("not a regular file".to_string()));
            }
            return;
        }
        match Format::from_path(path) {
            Some(format) => self.files.push((path.to_path_buf(), format)),
            // A file named on the command line is read as plain text whatever
            // its extension; inside directories only stories are picked up.
            None if named => self.files.push((path.to_path_buf(), Format::Plain)),
            None => {}
        }
    }
}

fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Reads one story file.
pub fn read_story(path: &Path, format: Format) -> Result<Article, String> {
    let bytes = crate::bounded::read(path, MAX_FILE_BYTES, "a story").map_err(|e| match e {
        crate::bounded::ReadError::NotFound => "no such file or directory".to_string(),
        e => e.to_string(),
    })?;
    let decoded = decode(bytes)?;
    let fallback = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("untitled");
    let crate::decode::Decoded {
        text,
        encoding,
        map,
    } = decoded;
    let mut article = parse_owned(text, format, Origin::File(path.to_path_buf()), fallback);
    article.encoding = encoding;
    if let Some(map) = &map {
        article.map_offsets_to_file(map);
    }
    Ok(article)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Date;
    use proptest::prelude::*;

    fn story(day: Option<u8>, title: &str) -> Article {
        let date = day.map(|d| format!("date 2026-01-{d:02} - "));
        let text = format!("title {title}\n{}Body.\n", date.unwrap_or_default());
        parse(&text, Format::Plain, Origin::Bundled("x"), "x")
    }

    proptest! {
        /// Stories added in batches of any size are listed as if sorted at
        /// once: the merge is the sort.
        #[test]
        fn batches_merge_into_the_order_one_sort_gives(
            stories in prop::collection::vec(
                (prop::option::of(1u8..5), prop::option::of(0i64..4), "[abc]{1,2}"),
                0..60,
            ),
            cuts in prop::collection::vec(0usize..60, 0..6),
        ) {
            let articles: Vec<Article> = stories
                .iter()
                .map(|(d, at, t)| Article { published: *at, ..story(*d, t) })
                .collect();
            let mut once = Library::default();
            once.add(Batch { articles: articles.clone(), problems: vec![] });
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(articles.len())).collect();
            cuts.sort_unstable();
            let mut batched = Library::default();
            let mut from = 0;
            for cut in cuts.into_iter().chain([articles.len()]) {
                batched.add(Batch { articles: articles[from..cut].to_vec(), problems: vec![] });
                from = cut;
            }
            let key = |l: &Library| -> Vec<(Option<Date>, Option<i64>, String)> {
                l.articles.iter().map(|a| (a.date, a.published, a.title.clone())).collect()
            };
            prop_assert_eq!(key(&once), key(&batched));
        }
    }

    #[test]
    fn a_days_stories_are_listed_newest_first_by_time_then_untimed_by_title() {
        let at = |title: &str, published: Option<i64>| Article {
            published,
            ..story(Some(3), title)
        };
        let mut library = Library::default();
        library.add(Batch {
            articles: vec![
                at("Alpha", Some(100)),
                at("Beta", None),
                at("Gamma", Some(300)),
                at("Delta", Some(200)),
                at("Aardvark", None),
                story(Some(4), "Zulu"),
            ],
            problems: vec![],
        });
        let titles: Vec<&str> = library.articles.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(
            titles,
            ["Zulu", "Gamma", "Delta", "Alpha", "Aardvark", "Beta"]
        );
    }
}
