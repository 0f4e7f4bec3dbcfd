//! Refreshing every feed: several at once within bounds, each result
//! reported as it comes, so `byline refresh` and the reader share it.

use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex, PoisonError};

use super::cache::FeedCache;
use super::convert;
use super::fetch::{self, FeedError, FetchConfig, Fetched};
use super::subscriptions::{Subscription, Subscriptions, feed_key};
use crate::article::Article;
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

/// What a refresh reports, in order: `Started`, a `Feed` per feed, `Finished`.
#[derive(Debug, Clone)]
pub enum RefreshEvent {
    Started {
        total: usize,
    },
    Feed(Box<FeedDone>),
    /// Every feed is done; `warning` says what went wrong besides the feeds.
    Finished {
        warning: Option<String>,
    },
}

/// Feeds waiting, and how many are in flight per host.
struct Queue {
    waiting: VecDeque<usize>,
    per_host: HashMap<String, usize>,
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
/// each finishes. Feeds whose titles were learnt get them saved in the
/// subscriptions file at the end.
pub fn refresh(
    paths: &FeedPaths,
    subs: &Subscriptions,
    config: &FetchConfig,
    report: &(dyn Fn(RefreshEvent) + Sync),
) {
    let feeds = &subs.feeds;
    report(RefreshEvent::Started { total: feeds.len() });
    let agent = fetch::agent(config);
    let queue = Mutex::new(Queue {
        waiting: (0..feeds.len()).collect(),
        per_host: HashMap::new(),
    });
    let freed = Condvar::new();
    let learnt: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());
    let workers = config.max_in_flight.clamp(1, feeds.len().max(1));
    let per_host = config.max_per_host.max(1);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let Some(i) = next_feed(&queue, &freed, feeds, per_host) else {
                        return;
                    };
                    let Some(sub) = feeds.get(i) else {
                        continue;
                    };
                    let (done, title) = refresh_one(paths, sub, subs, config, &agent);
                    if let Some(title) = title {
                        learnt
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .push((sub.url.clone(), title));
                    }
                    {
                        let mut q = queue.lock().unwrap_or_else(PoisonError::into_inner);
                        if let Some(n) = q.per_host.get_mut(&host_of(&sub.url)) {
                            *n = n.saturating_sub(1);
                        }
                    }
                    freed.notify_all();
                    report(RefreshEvent::Feed(Box::new(done)));
                }
            });
        }
    });
    let learnt = learnt.into_inner().unwrap_or_else(PoisonError::into_inner);
    let warning = save_titles(paths, &learnt).err();
    report(RefreshEvent::Finished { warning });
}

/// The next feed whose host has room, waiting while every waiting feed's
/// host is busy; `None` when no feed is left.
fn next_feed(
    queue: &Mutex<Queue>,
    freed: &Condvar,
    feeds: &[Subscription],
    per_host: usize,
) -> Option<usize> {
    let mut q = queue.lock().unwrap_or_else(PoisonError::into_inner);
    loop {
        if q.waiting.is_empty() {
            return None;
        }
        let ready = q.waiting.iter().position(|&i| {
            feeds
                .get(i)
                .is_none_or(|f| q.per_host.get(&host_of(&f.url)).copied().unwrap_or(0) < per_host)
        });
        if let Some(pos) = ready
            && let Some(i) = q.waiting.remove(pos)
        {
            if let Some(f) = feeds.get(i) {
                *q.per_host.entry(host_of(&f.url)).or_insert(0) += 1;
            }
            return Some(i);
        }
        q = freed.wait(q).unwrap_or_else(PoisonError::into_inner);
    }
}

/// Refreshes one feed; returns what happened and the title it learnt.
fn refresh_one(
    paths: &FeedPaths,
    sub: &Subscription,
    subs: &Subscriptions,
    config: &FetchConfig,
    agent: &ureq::Agent,
) -> (FeedDone, Option<String>) {
    let mut name = sub.display_name();
    let mut future_dated = 0;
    let result = (|| -> Result<(Outcome, Vec<Article>, Option<String>), FeedError> {
        let mut cache = FeedCache::load_or_set_aside(&paths.cache_dir, &sub.url)
            .map_err(|e| FeedError::Cache(e.to_string()))?;
        let fetched = fetch::fetch(
            agent,
            &sub.url,
            cache.etag.as_deref(),
            cache.last_modified.as_deref(),
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
        let now = now();
        let title = convert::feed_title(&feed);
        let merged = cache.merge(convert::stories(&feed, now), now, subs.cache);
        future_dated = merged.future_dated;
        let new = merged.new;
        cache.etag = etag;
        cache.last_modified = last_modified;
        if title.is_some() {
            cache.title.clone_from(&title);
        }
        cache
            .save(&paths.cache_dir)
            .map_err(|e| FeedError::Cache(e.to_string()))?;
        let learnt = title.filter(|t| sub.title.as_deref() != Some(t.as_str()));
        if sub.name.is_none()
            && let Some(t) = &learnt
        {
            name = crate::text::clean_line(t);
        }
        let articles = convert::to_articles(&sub.url, &name, &new);
        Ok((Outcome::Updated { new: new.len() }, articles, learnt))
    })();
    let (outcome, articles, learnt) = match result {
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

/// Every cached story of every subscribed feed, as articles (no network).
pub fn cached_articles(paths: &FeedPaths, subs: &Subscriptions) -> crate::library::Batch {
    let mut batch = crate::library::Batch::default();
    for sub in &subs.feeds {
        match FeedCache::load(&paths.cache_dir, &sub.url) {
            Ok(cache) => {
                let name = sub.display_name();
                batch
                    .articles
                    .extend(convert::to_articles(&sub.url, &name, &cache.stories));
            }
            Err(e) => batch.problems.push(crate::library::Problem {
                path: super::cache::cache_file(&paths.cache_dir, &sub.url),
                reason: match e {
                    super::cache::CacheError::Damaged { reason, .. } => format!(
                        "damaged ({reason}); the next refresh keeps it aside and starts again"
                    ),
                    super::cache::CacheError::Io { source, .. } => source.to_string(),
                    super::cache::CacheError::Read { source, .. } => source.to_string(),
                },
            }),
        }
    }
    batch
}
