//! The JSON cache of earlier versions: a file of stories per feed under the
//! data directory, with the validators (ETag, Last-Modified) for the next
//! conditional request. Nothing reads or writes these files at run time any
//! more: [`super::stored`] moves them into the story database once, and
//! [`FeedCache::merge`] is the merge the database does.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::convert::Story;
use super::subscriptions::{CacheLimits, write_atomically};
use crate::article::ArticleId;
use crate::bounded::{self, ReadError};

/// A cache holds at most a thousand stories or so by default; this is
/// hundreds of thousands, and still fits in memory.
pub const CACHE_LIMIT: u64 = 256 * 1024 * 1024;

/// How far ahead of our clock a story's date may be before it is taken for
/// a mistake: time zones and servers' clocks are often hours out.
pub const FUTURE_SKEW: i64 = 86_400;

/// What a merge did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Merged {
    /// The stories not kept before.
    pub new: Vec<Story>,
    /// How many of the new stories were dated after now (beyond
    /// [`FUTURE_SKEW`]) and so are dated when first seen instead.
    pub future_dated: usize,
}

/// What byline keeps of one feed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedCache {
    pub url: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub etag: Option<String>,
    #[serde(default)]
    pub last_modified: Option<String>,
    #[serde(default)]
    pub stories: Vec<Story>,
}

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("could not read the cache {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not read the cache {path}: {source}")]
    Read { path: PathBuf, source: ReadError },
    #[error("the cache {path} is damaged: {reason}")]
    Damaged { path: PathBuf, reason: String },
}

/// The cache file of the feed at `url`.
pub fn cache_file(dir: &Path, url: &str) -> PathBuf {
    dir.join(format!("{}.json", ArticleId::from_key(url)))
}

impl FeedCache {
    /// The cached feed; nothing cached yet is an empty cache.
    pub fn load(dir: &Path, url: &str) -> Result<FeedCache, CacheError> {
        let path = cache_file(dir, url);
        match FeedCache::read(&path) {
            Err(CacheError::Read { source, .. }) if source.is_not_found() => Ok(FeedCache {
                url: url.to_string(),
                ..FeedCache::default()
            }),
            Ok(mut cache) => {
                cache.url = url.to_string();
                Ok(cache)
            }
            Err(e) => Err(e),
        }
    }

    /// The cache in the file at `path`, with the address it names.
    pub fn read(path: &Path) -> Result<FeedCache, CacheError> {
        let bytes = bounded::read(path, CACHE_LIMIT, "a feed's cache").map_err(|source| {
            CacheError::Read {
                path: path.to_path_buf(),
                source,
            }
        })?;
        serde_json::from_slice(&bytes).map_err(|e| CacheError::Damaged {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })
    }

    /// Writes the cache atomically, as earlier versions did (the tests of
    /// the migration make old homes with it).
    pub fn save(&self, dir: &Path) -> std::io::Result<()> {
        let bytes = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        write_atomically(&cache_file(dir, &self.url), &bytes)
    }

    /// Adds the stories of a fresh fetch, updating those already kept
    /// (keeping when they were first seen), and returns the new ones. Then
    /// drops stories that are no longer in the feed and are older than the
    /// limits allow; stories still in the feed are always kept.
    ///
    /// A story dated after `now` would stay at the top of the list for
    /// years (feeds do say 2199), so it is dated when first seen instead.
    pub fn merge(&mut self, fresh: Vec<Story>, now: i64, limits: CacheLimits) -> Merged {
        let mut index: HashMap<String, usize> = self
            .stories
            .iter()
            .enumerate()
            .map(|(i, s)| (s.key.clone(), i))
            .collect();
        let in_feed: HashSet<String> = fresh.iter().map(|s| s.key.clone()).collect();
        let mut merged = Merged::default();
        let latest = now.saturating_add(FUTURE_SKEW);
        for mut story in fresh {
            let kept = index.get(&story.key).and_then(|&i| self.stories.get_mut(i));
            if let Some(kept) = &kept {
                story.first_seen = kept.first_seen;
            }
            let future = story.published.is_some_and(|p| p > latest);
            if future {
                story.published = Some(story.first_seen);
            }
            match kept {
                Some(kept) => *kept = story,
                None => {
                    merged.future_dated += usize::from(future);
                    index.insert(story.key.clone(), self.stories.len());
                    merged.new.push(story.clone());
                    self.stories.push(story);
                }
            }
        }
        self.prune(&in_feed, now, limits);
        merged
    }

    fn prune(&mut self, in_feed: &HashSet<String>, now: i64, limits: CacheLimits) {
        let oldest = now.saturating_sub(i64::from(limits.max_age_days) * 86_400);
        self.stories
            .retain(|s| in_feed.contains(&s.key) || s.first_seen >= oldest);
        if self.stories.len() > limits.max_stories_per_feed {
            // Newest first; stories in the feed before any that left it.
            self.stories.sort_by_key(|s| {
                (
                    !in_feed.contains(&s.key),
                    std::cmp::Reverse(s.published.unwrap_or(s.first_seen)),
                )
            });
            let keep = limits.max_stories_per_feed.max(in_feed.len());
            self.stories.truncate(keep);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(key: &str, first_seen: i64) -> Story {
        Story {
            key: key.to_string(),
            title: key.to_string(),
            author: None,
            published: Some(first_seen),
            link: None,
            paragraphs: vec![format!("{key} body")],
            first_seen,
        }
    }

    #[test]
    fn merging_adds_new_stories_and_updates_known_ones() {
        let mut cache = FeedCache::default();
        let merged = cache.merge(
            vec![story("a", 10), story("b", 10)],
            10,
            CacheLimits::default(),
        );
        assert_eq!(merged.new.len(), 2);
        let mut changed = story("a", 20);
        changed.title = "A, corrected".to_string();
        let merged = cache.merge(vec![changed], 20, CacheLimits::default());
        assert!(merged.new.is_empty());
        assert_eq!(cache.stories.len(), 2, "b left the feed but is kept");
        assert_eq!(cache.stories[0].title, "A, corrected");
        assert_eq!(cache.stories[0].first_seen, 10);
    }

    #[test]
    fn stories_that_left_the_feed_go_after_the_age_limit() {
        let limits = CacheLimits {
            max_age_days: 1,
            max_stories_per_feed: 100,
        };
        let mut cache = FeedCache::default();
        cache.merge(vec![story("old", 0), story("kept", 0)], 0, limits);
        cache.merge(vec![story("kept", 0)], 3 * 86_400, limits);
        let keys: Vec<&str> = cache.stories.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["kept"]);
    }

    #[test]
    fn the_count_limit_keeps_the_newest_and_everything_in_the_feed() {
        let limits = CacheLimits {
            max_age_days: 10_000,
            max_stories_per_feed: 2,
        };
        let mut cache = FeedCache::default();
        cache.merge(vec![story("1", 1), story("2", 2), story("3", 3)], 3, limits);
        assert_eq!(cache.stories.len(), 3, "all three are in the feed");
        cache.merge(vec![story("4", 4)], 4, limits);
        let mut keys: Vec<&str> = cache.stories.iter().map(|s| s.key.as_str()).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["3", "4"]);
    }

    const YEAR_2199: i64 = 7_226_582_400;

    #[test]
    fn a_story_dated_in_the_far_future_is_dated_when_first_seen_and_counted() {
        let mut cache = FeedCache::default();
        let mut future = story("future", 1_000);
        future.published = Some(YEAR_2199);
        let merged = cache.merge(
            vec![future.clone(), story("now", 1_000)],
            1_000,
            CacheLimits::default(),
        );
        assert_eq!(merged.future_dated, 1);
        assert_eq!(merged.new[0].published, Some(1_000));
        // Later refreshes keep it at its first sighting, not at each refresh.
        let merged = cache.merge(vec![future], 50_000, CacheLimits::default());
        assert_eq!(merged.future_dated, 0, "counted once, when new");
        assert_eq!(cache.stories[0].published, Some(1_000));
    }

    #[test]
    fn a_story_dated_less_than_a_day_ahead_keeps_its_date() {
        let mut cache = FeedCache::default();
        let mut ahead = story("ahead", 1_000);
        ahead.published = Some(1_000 + FUTURE_SKEW);
        let merged = cache.merge(vec![ahead], 1_000, CacheLimits::default());
        assert_eq!(merged.future_dated, 0);
        assert_eq!(cache.stories[0].published, Some(1_000 + FUTURE_SKEW));
    }

    #[cfg(unix)]
    #[test]
    fn a_cache_file_that_is_a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = "https://x.example/rss";
        let made = std::process::Command::new("mkfifo")
            .arg(cache_file(dir.path(), url))
            .status()
            .expect("mkfifo");
        assert!(made.success());
        let err = FeedCache::load(dir.path(), url).expect_err("a FIFO");
        assert!(err.to_string().contains("not a regular file"), "{err}");
    }
}
