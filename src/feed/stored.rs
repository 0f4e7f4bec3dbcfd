//! Feed stories in the story database: opening it (and moving the JSON
//! caches of earlier versions into it, once), the list's rows, and a
//! story's text when it is opened.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc::SyncSender;
use std::sync::{Arc, Mutex, PoisonError};

use super::cache::FeedCache;
use super::convert::{self, date_of};
use super::subscriptions::{self, Subscriptions};
use crate::article::{Article, ArticleId, FeedText, Origin, Stub};
use crate::db::{Db, DbError, FeedRow, FeedStoryAt, PeopleNaming, RowSelect, StoredAnalysis};
use crate::library::{Batch, Bodies, Keeping, Library};
use crate::store::FeedPaths;
use crate::text::{clean_line, clean_line_owned};

/// The story database at `paths.database`, with the JSON caches of an
/// earlier byline moved into it; what the user should be told about it
/// (moved aside as damaged or newer, read-only, in memory, migrated).
pub fn open(paths: &FeedPaths) -> (Db, Vec<String>) {
    let opened = Db::open(&paths.database);
    let mut notices: Vec<String> = opened.notice.into_iter().collect();
    let mut db = opened.db;
    notices.extend(migrate(&mut db, paths));
    (db, notices)
}

/// Indexes for search every feed story stored since the last time, a few
/// thousand per transaction so that other writers get their turn, telling
/// `progress` (done, total) as it goes. A refresh leaves this for after it:
/// indexing is most of what storing a story costs.
pub fn index_all(path: &Path, mut progress: impl FnMut(usize, usize)) -> Result<usize, DbError> {
    const CHUNK: usize = 2000;
    let db = Db::open(path).db;
    let total = db.unindexed()?;
    let mut done = 0;
    while done < total {
        let n = db.index_pending(CHUNK)?;
        if n == 0 {
            break;
        }
        done += n;
        progress(done, total);
    }
    Ok(done)
}

/// The feed stories as the list shows them (rows whose text is read from
/// the database when opened), and what the user should be told.
pub fn library(paths: &FeedPaths, subs: &Subscriptions) -> (Library, Vec<String>) {
    library_where(paths, subs, &RowSelect::All)
}

/// [`library`] of only the stories `select` picks: for a command that needs
/// a few stories of 100,000, and can say which.
pub fn library_where(
    paths: &FeedPaths,
    subs: &Subscriptions,
    select: &RowSelect,
) -> (Library, Vec<String>) {
    let (mut db, mut notices) = open(paths);
    let articles = match rows_where(&db, subs, select) {
        Ok(articles) => articles,
        Err(DbError::Damaged { cause, .. }) => {
            // Found only now (a large file is checked by its header at
            // open): its stories are fetched again by the next refresh.
            let opened = db.set_aside(&cause);
            db = opened.db;
            notices.extend(opened.notice);
            Vec::new()
        }
        Err(e) => {
            notices.push(e.to_string());
            Vec::new()
        }
    };
    let mut library = Library::default();
    library.add_all(articles.into_iter().map(|articles| Batch {
        articles,
        problems: Vec::new(),
    }));
    library.bodies = Some(Arc::new(Stories::new(db)));
    (library, notices)
}

/// Rows per [`Batch`] as the list is read: the whole list as one batch
/// was held twice while it became the list's rows (see
/// [`Library::add_all`]).
const ROWS_PER_BATCH: usize = 4096;

/// Every stored story of the subscribed feeds as a list row: everything
/// [`convert::to_article`] gives but the paragraphs, which
/// [`Stories::feed_story`] reads when the story is opened.
pub fn rows(db: &Db, subs: &Subscriptions) -> Result<Vec<Article>, DbError> {
    Ok(rows_where(db, subs, &RowSelect::All)?
        .into_iter()
        .flatten()
        .collect())
}

/// The rows `select` picks, in batches of [`ROWS_PER_BATCH`].
fn rows_where(
    db: &Db,
    subs: &Subscriptions,
    select: &RowSelect,
) -> Result<Vec<Vec<Article>>, DbError> {
    let urls: Vec<&str> = subs.feeds.iter().map(|f| f.url.as_str()).collect();
    // Once per feed rather than per story: the address every row shares,
    // and the name cleaned as `to_article` cleans it.
    let feeds: HashMap<&str, (Arc<str>, Arc<str>)> = subs
        .feeds
        .iter()
        .map(|f| {
            let name = Arc::from(clean_line(&f.display_name()).as_ref());
            (f.url.as_str(), (Arc::from(f.url.as_str()), name))
        })
        .collect();
    let read = |db: &Db, urls: &[&str]| -> Result<Vec<Vec<Article>>, DbError> {
        let mut rows = db.feed_rows_where(urls, select)?.into_iter();
        let mut batches = Vec::with_capacity(rows.len().div_ceil(ROWS_PER_BATCH));
        while rows.len() > 0 {
            let batch = rows
                .by_ref()
                .take(ROWS_PER_BATCH)
                .map(|row| match feeds.get(row.feed_url.as_str()) {
                    Some((feed, name)) => {
                        row_article(row, Arc::clone(feed), Some(Arc::clone(name)))
                    }
                    None => {
                        let feed = Arc::from(row.feed_url.as_str());
                        row_article(row, feed, None)
                    }
                })
                .collect();
            batches.push(batch);
        }
        Ok(batches)
    };
    // Reading and cleaning 100,000 rows is most of the first frame's wait:
    // the second half of the feeds is read by a second connection on
    // another core.
    let few = *select != RowSelect::All;
    if matches!(select, RowSelect::Docs(_)) {
        db.map_for_reading();
    }
    if few || urls.len() < 2 || !db.worth_reading_beside() {
        return read(db, &urls);
    }
    let (first, second) = urls.split_at(urls.len() / 2);
    let (mut rows, rest) = db.read_beside(|db| read(db, first), |db| read(db, second))?;
    rows.extend(rest);
    Ok(rows)
}

fn row_article(row: FeedRow, feed: Arc<str>, source: Option<Arc<str>>) -> Article {
    let link = row.link.map(clean_line_owned);
    Article {
        // The database keeps `story_id(feed_url, key)`, which costs a third
        // of the list's time to compute again for 100,000 rows.
        id: ArticleId::from_bits(row.id),
        origin: Origin::Feed {
            feed,
            key: row.key,
            link: link.clone(),
            // Which text it has is known once it is read (`Bodies::feed_story`).
            text: FeedText::Summary,
        },
        title: clean_line_owned(row.title),
        date: row.published.and_then(date_of),
        published: row.published,
        dateline: None,
        source,
        author: row.author.map(|a| clean_line_owned(a).into()),
        url: link,
        paragraphs: Vec::new(),
        encoding: crate::decode::Encoding::Utf8,
        stub: Some(Stub::Feed),
    }
}

/// An analysis for the writer thread.
struct Kept {
    story: u64,
    feed: String,
    key: String,
    text_hash: u64,
    stored: StoredAnalysis,
}

impl Kept {
    fn put(&self, db: &Db) -> Result<(), DbError> {
        let at = FeedStoryAt {
            feed: &self.feed,
            key: &self.key,
        };
        db.put_analysis(self.story, at, self.text_hash, &self.stored)
    }
}

/// The way to a writer thread, bounded.
struct KeepQueue<T>(Mutex<Option<SyncSender<T>>>);

/// What became of something given to a [`KeepQueue`].
#[derive(Debug, PartialEq, Eq)]
enum Sent {
    Queued,
    /// The queue was full and the sender could not wait, or the writer is
    /// gone: it is not kept.
    Dropped,
}

impl<T> KeepQueue<T> {
    /// Queues `one`, waiting for room if `keeping` allows; gives it back
    /// when there is no writer to send it to.
    fn send(&self, one: T, keeping: Keeping) -> Result<Sent, T> {
        // Cloned so that a wait for room holds no lock another sender needs.
        let queue = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let Some(queue) = queue else {
            return Err(one);
        };
        let sent = match keeping {
            Keeping::Wait => queue.send(one).is_ok(),
            Keeping::IfRoom => queue.try_send(one).is_ok(),
        };
        Ok(if sent { Sent::Queued } else { Sent::Dropped })
    }

    /// Lets the writer end once it has written what is queued.
    fn close(&self) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take();
    }
}

/// Analyses waiting for the writer, at most: a few hundred KB, and enough
/// to ride out the writer's pauses at a checkpoint.
const KEEP_QUEUE: usize = 64;

/// The text of feed stories listed as rows, and the analyses kept of
/// stories, from the story database.
pub struct Stories {
    // A connection may be used by one thread at a time; opening a story
    // takes it for a millisecond.
    db: Mutex<Db>,
    /// Analyses to keep, written by a thread of their own: a write may wait
    /// for a refresh in another process, and the reader must not. Bounded,
    /// as the analyser makes them faster than they are written: a library
    /// analysed for the first time was held in memory while it waited.
    keep: KeepQueue<Kept>,
    writer: Option<std::thread::JoinHandle<()>>,
}

impl Stories {
    pub fn new(db: Db) -> Stories {
        let (keep, writer) = match db.path() {
            Some(path) => {
                let path = path.to_path_buf();
                let (send, kept) = std::sync::mpsc::sync_channel::<Kept>(KEEP_QUEUE);
                let writer = std::thread::spawn(move || {
                    // Opened at the first analysis: most commands keep none.
                    let mut writer: Option<Db> = None;
                    for one in kept {
                        let db = writer.get_or_insert_with(|| Db::open(&path).db);
                        // A lost analysis is only made again next time.
                        let _ = one.put(db);
                    }
                });
                (Some(send), Some(writer))
            }
            None => (None, None),
        };
        Stories {
            db: Mutex::new(db),
            keep: KeepQueue(Mutex::new(keep)),
            writer,
        }
    }
}

impl Drop for Stories {
    /// Lets the writer finish what it was given and close its connection,
    /// so that nothing kept is lost and the database is left tidy.
    fn drop(&mut self) {
        self.keep.close();
        if let Some(writer) = self.writer.take() {
            let _ = writer.join();
        }
    }
}

impl Bodies for Stories {
    fn feed_story(
        &self,
        feed_url: &str,
        key: &str,
        source: &str,
    ) -> Result<Option<Article>, String> {
        let db = self.db.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(story) = db.feed_story(feed_url, key).map_err(|e| e.to_string())? else {
            return Ok(None);
        };
        let full = db.full_text(feed_url, key).map_err(|e| e.to_string())?;
        let text = full.as_ref().map(|f| f.paragraphs.as_slice());
        Ok(Some(convert::to_article_with(
            feed_url, source, &story, text,
        )))
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<ArticleId>, String> {
        let db = self.db.lock().unwrap_or_else(PoisonError::into_inner);
        let hits = db.search(query, limit).map_err(|e| e.to_string())?;
        Ok(hits.iter().map(|h| ArticleId::from_bits(h.id)).collect())
    }

    fn analysis(&self, story: ArticleId, text_hash: u64) -> Option<crate::analysis::Analysis> {
        let db = self.db.lock().unwrap_or_else(PoisonError::into_inner);
        let json = db.analysis(story.bits(), text_hash).ok()??;
        serde_json::from_str(&json).ok()
    }

    fn keep_analysis(
        &self,
        article: &Article,
        analysis: &crate::analysis::Analysis,
        keeping: Keeping,
    ) {
        // Only a feed story has a row to keep it beside.
        let Some(at) = FeedStoryAt::of(article) else {
            return;
        };
        let Ok(stored) = StoredAnalysis::of(article, analysis) else {
            return;
        };
        let one = Kept {
            story: article.id.bits(),
            feed: at.feed.to_string(),
            key: at.key.to_string(),
            text_hash: article.text_hash(),
            stored,
        };
        if let Err(one) = self.keep.send(one, keeping) {
            // No writer thread: a database in memory, written here.
            let db = self.db.lock().unwrap_or_else(PoisonError::into_inner);
            let _ = one.put(&db);
        }
    }

    fn analysed_stories(&self) -> Option<crate::hashing::IdSet> {
        let db = self.db.lock().unwrap_or_else(PoisonError::into_inner);
        db.analysed_stories().ok()
    }

    fn people_naming(
        &self,
        key: &str,
        surnames: &[String],
    ) -> Option<Result<PeopleNaming, String>> {
        let db = self.db.lock().unwrap_or_else(PoisonError::into_inner);
        Some(db.people_naming(key, surnames).map_err(|e| e.to_string()))
    }
}

/// Moves the JSON caches of an earlier byline into the database, once: each
/// in a transaction of its own, then their folder aside (`feeds.migrated`),
/// so nothing is lost and nothing imported twice. Under the subscriptions
/// lock, and the folder looked at again there, so that two bylines starting
/// at once do not both import it.
fn migrate(db: &mut Db, paths: &FeedPaths) -> Option<String> {
    let dir = &paths.cache_dir;
    // The common case, every start after the first: no lock taken.
    if json_caches(dir).is_empty() {
        return None;
    }
    let lock = subscriptions::lock(&paths.subscriptions);
    let files = json_caches(dir);
    if files.is_empty() {
        return None;
    }
    let mut imported = 0;
    let mut unreadable = 0;
    for file in &files {
        let cache = match FeedCache::read(file) {
            Ok(cache) if !cache.url.is_empty() => cache,
            // Left in the folder moved aside, as the user's to look at.
            _ => {
                unreadable += 1;
                continue;
            }
        };
        if let Err(e) = db.import_feed_cache(&cache) {
            return Some(format!(
                "could not move the cached stories in {} into the story database ({e}); \
                 they stay there and are tried again at the next start",
                dir.display()
            ));
        }
        imported += 1;
    }
    let feeds = match imported {
        1 => "1 feed".to_string(),
        n => format!("{n} feeds"),
    };
    let left = match unreadable {
        0 => String::new(),
        1 => "; 1 could not be read and is left there".to_string(),
        n => format!("; {n} could not be read and are left there"),
    };
    // In memory, the stories would be gone at exit, and with the folder
    // moved they would not be imported again.
    if db.label() != paths.database.display().to_string() {
        return Some(format!(
            "the cached stories of {feeds} in {} are shown, but stay there until the story \
             database can be written{left}",
            dir.display()
        ));
    }
    if let Err(e) = lock {
        return Some(format!(
            "the cached stories of {feeds} in {} are in the story database, but the folder \
             stays until another byline lets go of the subscriptions ({e}){left}",
            dir.display()
        ));
    }
    match set_aside(dir) {
        Ok(aside) => Some(format!(
            "moved the cached stories of {feeds} into the story database; the old files are \
             in {}{left}",
            aside.display()
        )),
        Err(e) => Some(format!(
            "moved the cached stories of {feeds} into the story database, but could not move \
             {} aside ({e}); they are imported again at the next start{left}",
            dir.display()
        )),
    }
}

/// The JSON caches in `dir`, by name; none when it is missing.
fn json_caches(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// Renames `dir` to `<dir>.migrated`, or `<dir>.migrated-2` and on when
/// that is taken.
fn set_aside(dir: &Path) -> std::io::Result<PathBuf> {
    let name = dir
        .file_name()
        .map_or_else(|| "feeds".into(), |n| n.to_string_lossy().into_owned());
    let mut aside = dir.with_file_name(format!("{name}.migrated"));
    let mut n = 1;
    while fs::symlink_metadata(&aside).is_ok() {
        n += 1;
        aside = dir.with_file_name(format!("{name}.migrated-{n}"));
    }
    fs::rename(dir, &aside)?;
    Ok(aside)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::FeedMeta;
    use crate::feed::CacheLimits;
    use crate::feed::convert::Story;
    use crate::feed::subscriptions::Subscription;

    const FEED: &str = "https://x.example/rss";

    #[test]
    fn a_full_queue_drops_what_cannot_wait() {
        let (send, _writer) = std::sync::mpsc::sync_channel(2);
        let queue = KeepQueue(Mutex::new(Some(send)));
        assert_eq!(queue.send(1, Keeping::IfRoom).ok(), Some(Sent::Queued));
        assert_eq!(queue.send(2, Keeping::IfRoom).ok(), Some(Sent::Queued));
        assert_eq!(queue.send(3, Keeping::IfRoom).ok(), Some(Sent::Dropped));
    }

    #[test]
    fn a_full_queue_holds_a_sender_that_can_wait_until_the_writer_takes_one() {
        let (send, writer) = std::sync::mpsc::sync_channel(1);
        let queue = Arc::new(KeepQueue(Mutex::new(Some(send))));
        assert_eq!(queue.send(1, Keeping::Wait).ok(), Some(Sent::Queued));
        let waiting = {
            let queue = Arc::clone(&queue);
            std::thread::spawn(move || queue.send(2, Keeping::Wait).ok())
        };
        // Only once the first is taken is there room for the second.
        assert_eq!(writer.recv().ok(), Some(1));
        assert_eq!(waiting.join().ok().flatten(), Some(Sent::Queued));
        assert_eq!(writer.recv().ok(), Some(2));
        // And one that cannot wait finds room now, while the waiting one's
        // lock was never held against it.
        assert_eq!(queue.send(3, Keeping::IfRoom).ok(), Some(Sent::Queued));
    }

    #[test]
    fn a_queue_without_a_writer_gives_back_what_it_was_given() {
        let queue: KeepQueue<u32> = KeepQueue(Mutex::new(None));
        assert_eq!(queue.send(7, Keeping::Wait), Err(7));
    }

    #[test]
    fn many_more_analyses_than_the_queue_holds_are_all_written_when_the_keeper_waits() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("stories.db");
        let n = KEEP_QUEUE * 4;
        let stories: Vec<Story> = (0..n)
            .map(|i| Story {
                key: format!("k{i}"),
                title: format!("Story {i}"),
                author: None,
                published: Some(1_700_000_000 + i as i64),
                link: None,
                paragraphs: vec![format!("Mayor Ana Ruiz said \"yes\" {i} times.")],
                first_seen: 1_700_000_000,
            })
            .collect();
        let mut db = Db::open(&path).db;
        db.merge_feed(
            FEED,
            &FeedMeta::default(),
            stories,
            0,
            CacheLimits::default(),
        )
        .expect("merge");
        let subs = Subscriptions {
            feeds: vec![Subscription {
                url: FEED.to_string(),
                name: None,
                title: None,
                full_text: false,
            }],
            ..Subscriptions::default()
        };
        let rows = rows(&db, &subs).expect("rows");
        let stories = Stories::new(db);
        for row in &rows {
            let Origin::Feed { key, .. } = &row.origin else {
                panic!("a feed row");
            };
            let article = stories
                .feed_story(FEED, key, "X")
                .expect("read")
                .expect("there");
            let texts: Vec<&str> = article.paragraphs.iter().map(|p| p.text.as_str()).collect();
            let analysis = crate::analysis::analyze(&texts);
            stories.keep_analysis(&article, &analysis, Keeping::Wait);
        }
        drop(stories);
        let kept = Db::open(&path).db.analysed_stories().expect("analysed");
        assert_eq!(kept.len(), n);
    }
}
