//! Refreshing every feed: several at once within bounds, each result
//! reported as it comes, so `byline refresh` and the reader share it; and
//! the pages of new stories of feeds that send only summaries.

use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex, PoisonError};

use super::cache::Merged;
use super::convert::{self, Story};
use super::fetch::{self, FeedError, FetchConfig, Fetched};
use super::full_text::{self, FullTextError};
use super::subscriptions::{CacheLimits, Subscription, Subscriptions, feed_key};
use crate::article::Article;
use crate::db::{Db, DbError, FeedMeta, FullText};
use crate::store::FeedPaths;

/// How one feed's refresh went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Fetched and read: this many stories were new.
    Updated {
        new: usize,
    },
    /// The server said nothing changed (304).
    NotModified,
    Failed(FeedError),
}

/// One feed, done.
#[derive(Debug, Clone)]
pub struct FeedDone {
    pub url: String,
    /// The feed's name as shown (learnt from the feed when it has no other).
    pub name: String,
    pub outcome: Outcome,
    /// The new stories, ready to show.
    pub articles: Vec<Article>,
    /// How many new stories were dated in the future, and so are dated
    /// when first seen instead.
    pub future_dated: usize,
}

/// One story's page, fetched for its full text.
#[derive(Debug, Clone)]
pub struct PageDone {
    pub feed_url: String,
    /// The feed's name as shown.
    pub feed_name: String,
    /// The story's key within its feed.
    pub key: String,
    /// The story's title, as shown, for messages.
    pub title: String,
    pub outcome: PageOutcome,
}

/// How fetching a story's full text went. The summary is kept whatever
/// happens; a failure only says why there is no more.
#[derive(Debug, Clone)]
pub enum PageOutcome {
    /// The article was extracted and kept: the story with its full text.
    Fetched(Box<Article>),
    /// The page is as it was when its article was kept (304).
    Unchanged,
    Failed(FullTextError),
}

/// What a refresh reports, in order: `Started`, a `Feed` per feed (and a
/// `Page` per new story of a `full_text` feed, after its feed), `Finished`.
#[derive(Debug, Clone)]
pub enum RefreshEvent {
    Started {
        total: usize,
    },
    Feed(Box<FeedDone>),
    Page(Box<PageDone>),
    /// Every feed is done; `warning` says what went wrong besides the feeds.
    Finished {
        warning: Option<String>,
    },
}

/// Work for a refresh's workers: feeds, then the pages of their new
/// stories, under one bound on what is in flight.
enum Task {
    Feed(usize),
    Page(Box<PageTask>),
}

/// A new story of a `full_text` feed, whose page is to be fetched.
pub struct PageTask {
    pub feed_url: String,
    pub feed_name: String,
    /// The story as the feed gave it, summary and link.
    pub story: Story,
}

/// Tasks waiting, how many are in flight per host, and how many are being
/// done (each may add pages to fetch, so the queue is not done until none is).
struct Queue {
    waiting: VecDeque<Task>,
    per_host: HashMap<String, usize>,
    busy: usize,
}

fn task_host(task: &Task, feeds: &[Subscription]) -> String {
    match task {
        Task::Feed(i) => feeds.get(*i).map(|f| host_of(&f.url)).unwrap_or_default(),
        Task::Page(page) => page.story.link.as_deref().map(host_of).unwrap_or_default(),
    }
}

fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .map(|u| {
            format!(
                "{}:{}",
                u.host_str().unwrap_or_default(),
                u.port_or_known_default().unwrap_or(0)
            )
        })
        .unwrap_or_else(|| url.to_string())
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Refreshes every subscribed feed, at most `max_in_flight` at once and
/// `max_per_host` per host, calling `report` from the worker threads as
/// each finishes. Each feed's stories are merged into the story database
/// as it arrives, in a transaction of its own, so a refresh cut short keeps
/// every feed it finished. The new stories of a `full_text` feed have their
/// pages fetched in the same queue, under the same bounds, each reported as
/// a [`RefreshEvent::Page`] before `Finished`. Feeds whose titles were
/// learnt get them saved in the subscriptions file at the end.
pub fn refresh(
    paths: &FeedPaths,
    subs: &Subscriptions,
    config: &FetchConfig,
    report: &(dyn Fn(RefreshEvent) + Sync),
) {
    let feeds = &subs.feeds;
    report(RefreshEvent::Started { total: feeds.len() });
    let (db, notices) = super::stored::open(paths);
    let notices = Mutex::new(notices);
    // A database that is not the file (in memory, when the file could not
    // be opened) is shared: another connection would not see it.
    let on_file = db.label() == paths.database.display().to_string();
    let shared = Writer {
        db: Mutex::new(db),
        notices: &notices,
    };
    let agent = fetch::agent(config);
    let queue = Mutex::new(Queue {
        waiting: (0..feeds.len()).map(Task::Feed).collect(),
        per_host: HashMap::new(),
        busy: 0,
    });
    let freed = Condvar::new();
    let learnt: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());
    // Pages come from many hosts: a feed of full text may need every worker.
    let most = if feeds.iter().any(|f| f.full_text) {
        config.max_in_flight
    } else {
        feeds.len()
    };
    let workers = config.max_in_flight.clamp(1, most.max(1));
    let per_host = config.max_per_host.max(1);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                let own = on_file
                    .then(|| Db::open(&paths.database))
                    .and_then(|opened| opened.notice.is_none().then_some(opened.db))
                    .map(|db| Writer {
                        db: Mutex::new(db),
                        notices: &notices,
                    });
                let store = own.as_ref().unwrap_or(&shared);
                loop {
                    let Some((task, host)) = next_task(&queue, &freed, feeds, per_host) else {
                        return;
                    };
                    let mut running = Running {
                        queue: &queue,
                        freed: &freed,
                        host,
                        pages: Vec::new(),
                    };
                    let (event, pages) = match task {
                        Task::Feed(i) => {
                            let Some(sub) = feeds.get(i) else {
                                continue;
                            };
                            let (done, title, pages) =
                                refresh_one(store, sub, subs, config, &agent);
                            if let Some(title) = title {
                                learnt
                                    .lock()
                                    .unwrap_or_else(PoisonError::into_inner)
                                    .push((sub.url.clone(), title));
                            }
                            (RefreshEvent::Feed(Box::new(done)), pages)
                        }
                        Task::Page(page) => {
                            let done = fetch_page(store, *page, None, config, &agent);
                            (RefreshEvent::Page(Box::new(done)), Vec::new())
                        }
                    };
                    // Reported before the queue may end, so that every
                    // event comes before `Finished`.
                    report(event);
                    running.pages = pages;
                    drop(running);
                }
            });
        }
    });
    let learnt = learnt.into_inner().unwrap_or_else(PoisonError::into_inner);
    drop(shared);
    let mut warnings = notices.into_inner().unwrap_or_else(PoisonError::into_inner);
    warnings.extend(save_titles(paths, &learnt).err());
    let warning = (!warnings.is_empty()).then(|| warnings.join("; "));
    report(RefreshEvent::Finished { warning });
}

/// A worker's connection to the story database. Each worker has its own:
/// SQLite takes one writer at a time (WAL and the busy timeout make the
/// others wait), but one's checkpoint and reads may overlap another's
/// write; in `benches/feeds.rs` it was never slower than one connection
/// shared, and the workers need no lock of ours around their writes.
struct Writer<'a> {
    db: Mutex<Db>,
    /// What the user should be told about the database.
    notices: &'a Mutex<Vec<String>>,
}

impl Writer<'_> {
    fn meta(&self, url: &str) -> Result<FeedMeta, FeedError> {
        self.with(|db| db.feed_meta(url))
    }

    fn merge(
        &self,
        url: &str,
        meta: &FeedMeta,
        fresh: Vec<Story>,
        now: i64,
        limits: CacheLimits,
    ) -> Result<Merged, FeedError> {
        self.with(|db| db.merge_feed(url, meta, fresh, now, limits))
    }

    /// Runs `f` on the database. Damage found on the way moves the file
    /// aside and starts a new one, which the rest of this worker's feeds
    /// fill; a feed missing from it is fetched whole by the next refresh,
    /// its validators being gone with the file.
    fn with<T>(&self, f: impl FnOnce(&mut Db) -> Result<T, DbError>) -> Result<T, FeedError> {
        let mut db = self.db.lock().unwrap_or_else(PoisonError::into_inner);
        match f(&mut db) {
            Ok(t) => Ok(t),
            Err(DbError::Damaged { cause, .. }) => {
                let damaged = std::mem::replace(&mut *db, Db::in_memory());
                let opened = damaged.set_aside(&cause);
                *db = opened.db;
                let said = opened.notice.clone().unwrap_or_default();
                self.notices
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .extend(opened.notice);
                Err(FeedError::Cache(said))
            }
            Err(e) => Err(FeedError::Cache(e.to_string())),
        }
    }
}

/// The next task whose host has room, and that host, waiting while every
/// waiting task's host is busy or while tasks being done may add more;
/// `None` when everything is done.
fn next_task(
    queue: &Mutex<Queue>,
    freed: &Condvar,
    feeds: &[Subscription],
    per_host: usize,
) -> Option<(Task, String)> {
    let mut q = queue.lock().unwrap_or_else(PoisonError::into_inner);
    loop {
        if q.waiting.is_empty() && q.busy == 0 {
            return None;
        }
        let ready = q
            .waiting
            .iter()
            .position(|t| q.per_host.get(&task_host(t, feeds)).copied().unwrap_or(0) < per_host);
        if let Some(pos) = ready
            && let Some(task) = q.waiting.remove(pos)
        {
            let host = task_host(&task, feeds);
            *q.per_host.entry(host.clone()).or_insert(0) += 1;
            q.busy += 1;
            return Some((task, host));
        }
        q = freed.wait(q).unwrap_or_else(PoisonError::into_inner);
    }
}

/// A task being done on `host`; dropped, it is done, and the pages it found
/// to fetch join the queue. Done on drop, so that a worker that panics
/// does not leave the others waiting for it for ever.
struct Running<'q> {
    queue: &'q Mutex<Queue>,
    freed: &'q Condvar,
    host: String,
    pages: Vec<PageTask>,
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        {
            let mut q = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(n) = q.per_host.get_mut(&self.host) {
                *n = n.saturating_sub(1);
            }
            q.busy = q.busy.saturating_sub(1);
            let pages = std::mem::take(&mut self.pages);
            q.waiting
                .extend(pages.into_iter().map(|p| Task::Page(Box::new(p))));
        }
        self.freed.notify_all();
    }
}

/// Fetches a story's page and keeps its article. `known` is the article
/// kept before, for a conditional request (a refresh fetches new stories
/// only, which have none).
fn fetch_page(
    store: &Writer<'_>,
    page: PageTask,
    known: Option<&FullText>,
    config: &FetchConfig,
    agent: &ureq::Agent,
) -> PageDone {
    let PageTask {
        feed_url,
        feed_name,
        story,
    } = page;
    let summary = full_text::words(&story.paragraphs);
    let fetched = full_text::fetch(agent, story.link.as_deref(), known, summary, config, now());
    let outcome = match fetched {
        Ok(full_text::Fetched::Unchanged) => PageOutcome::Unchanged,
        Ok(full_text::Fetched::Article(text)) => {
            match store.with(|db| db.put_full_text(&feed_url, &story.key, &text)) {
                Ok(true) => PageOutcome::Fetched(Box::new(convert::to_article_with(
                    &feed_url,
                    &feed_name,
                    &story,
                    Some(&text.paragraphs),
                ))),
                Ok(false) => PageOutcome::Failed(FullTextError::Cache(
                    "the story is no longer kept (its feed was removed?)".to_string(),
                )),
                Err(e) => PageOutcome::Failed(FullTextError::Cache(e.to_string())),
            }
        }
        Err(e) => PageOutcome::Failed(e),
    };
    PageDone {
        feed_url,
        title: crate::text::clean_line(&story.title),
        feed_name,
        key: story.key,
        outcome,
    }
}

/// Fetches the full text of one stored story now (the reader's key for
/// it): a conditional request when an article is kept already.
pub fn fetch_full_text(
    paths: &FeedPaths,
    feed_url: &str,
    feed_name: &str,
    key: &str,
    config: &FetchConfig,
) -> PageDone {
    let (db, notices) = super::stored::open(paths);
    let notices = Mutex::new(notices);
    let store = Writer {
        db: Mutex::new(db),
        notices: &notices,
    };
    let failed = |e: String| PageDone {
        feed_url: feed_url.to_string(),
        feed_name: feed_name.to_string(),
        key: key.to_string(),
        title: String::new(),
        outcome: PageOutcome::Failed(FullTextError::Cache(e)),
    };
    let story = match store.with(|db| db.feed_story(feed_url, key)) {
        Ok(Some(story)) => story,
        Ok(None) => return failed("the story is no longer kept".to_string()),
        Err(e) => return failed(e.to_string()),
    };
    let known = match store.with(|db| db.full_text(feed_url, key)) {
        Ok(known) => known,
        Err(e) => return failed(e.to_string()),
    };
    let page = PageTask {
        feed_url: feed_url.to_string(),
        feed_name: feed_name.to_string(),
        story,
    };
    fetch_page(&store, page, known.as_ref(), config, &fetch::agent(config))
}

/// Refreshes one feed; returns what happened, the title it learnt and,
/// for a `full_text` feed, the pages of its new stories.
fn refresh_one(
    store: &Writer<'_>,
    sub: &Subscription,
    subs: &Subscriptions,
    config: &FetchConfig,
    agent: &ureq::Agent,
) -> (FeedDone, Option<String>, Vec<PageTask>) {
    let mut name = sub.display_name();
    let mut future_dated = 0;
    let mut pages = Vec::new();
    let mut result = || -> Result<(Outcome, Vec<Article>, Option<String>), FeedError> {
        let stored = store.meta(&sub.url)?;
        let fetched = fetch::fetch(
            agent,
            &sub.url,
            stored.etag.as_deref(),
            stored.last_modified.as_deref(),
            config.max_bytes,
        )?;
        let Fetched::Body {
            bytes,
            etag,
            last_modified,
        } = fetched
        else {
            return Ok((Outcome::NotModified, Vec::new(), None));
        };
        let feed = convert::parse(&bytes)?;
        drop(bytes);
        let now = now();
        let title = convert::feed_title(&feed);
        let fresh = convert::stories(&feed, now);
        drop(feed);
        let meta = FeedMeta {
            title: title.clone(),
            etag,
            last_modified,
        };
        let merged = store.merge(&sub.url, &meta, fresh, now, subs.cache)?;
        future_dated = merged.future_dated;
        let new = merged.new;
        let learnt = title.filter(|t| sub.title.as_deref() != Some(t.as_str()));
        if sub.name.is_none()
            && let Some(t) = &learnt
        {
            name = crate::text::clean_line(t);
        }
        let articles = if config.articles {
            convert::to_articles(&sub.url, &name, &new)
        } else {
            Vec::new()
        };
        let count = new.len();
        if sub.full_text {
            pages = new
                .into_iter()
                .map(|story| PageTask {
                    feed_url: sub.url.clone(),
                    feed_name: name.clone(),
                    story,
                })
                .collect();
        }
        Ok((Outcome::Updated { new: count }, articles, learnt))
    };
    let (outcome, articles, learnt) = match result() {
        Ok(r) => r,
        Err(e) => (Outcome::Failed(e), Vec::new(), None),
    };
    (
        FeedDone {
            url: sub.url.clone(),
            name,
            outcome,
            articles,
            future_dated,
        },
        learnt,
        pages,
    )
}

/// Saves learnt titles in the subscriptions file, under its lock and re-read
/// there, so that a change made meanwhile (`byline feed add` in another
/// terminal) is kept; a feed removed meanwhile stays removed.
fn save_titles(paths: &FeedPaths, learnt: &[(String, String)]) -> Result<(), String> {
    if learnt.is_empty() {
        return Ok(());
    }
    let titles: HashMap<String, &String> = learnt
        .iter()
        .map(|(url, title)| (feed_key(url), title))
        .collect();
    Subscriptions::update(&paths.subscriptions, |subs| {
        for f in &mut subs.feeds {
            if let Some(title) = titles.get(&feed_key(&f.url)) {
                f.title = Some((*title).clone());
            }
        }
        Ok(())
    })
    .map_err(|e| e.to_string())
}
