//! The local cache: a JSON file of stories per feed under the data
//! directory, with the validators (ETag, Last-Modified) for the next
//! conditional request. Written atomically; a refresh only ever adds or
//! updates stories, and pruning drops only stories that left the feed.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::convert::Story;
use super::subscriptions::{CacheLimits, write_atomically};
use crate::article::ArticleId;

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
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(FeedCache {
                    url: url.to_string(),
                    ..FeedCache::default()
                });
            }
            Err(source) => return Err(CacheError::Io { path, source }),
        };
        let mut cache: FeedCache =
            serde_json::from_slice(&bytes).map_err(|e| CacheError::Damaged {
                path: path.clone(),
                reason: e.to_string(),
            })?;
        cache.url = url.to_string();
        Ok(cache)
    }

    /// Like [`FeedCache::load`], but a damaged file is kept aside as
    /// `….damaged` and an empty cache returned, so that one bad file does
    /// not stop its feed from refreshing for ever.
    pub fn load_or_set_aside(dir: &Path, url: &str) -> Result<FeedCache, CacheError> {
        match FeedCache::load(dir, url) {
            Err(CacheError::Damaged { path, .. }) => {
                let aside = path.with_extension("json.damaged");
                fs::rename(&path, &aside).map_err(|source| CacheError::Io { path, source })?;
                Ok(FeedCache {
                    url: url.to_string(),
                    ..FeedCache::default()
                })
            }
            other => other,
        }
    }

    /// Writes the cache atomically.
    pub fn save(&self, dir: &Path) -> std::io::Result<()> {
        let bytes = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        write_atomically(&cache_file(dir, &self.url), &bytes)
    }

    /// Adds the stories of a fresh fetch, updating those already kept
    /// (keeping when they were first seen), and returns the new ones. Then
    /// drops stories that are no longer in the feed and are older than the
    /// limits allow; stories still in the feed are always kept.
    pub fn merge(&mut self, fresh: Vec<Story>, now: i64, limits: CacheLimits) -> Vec<Story> {
        let mut index: HashMap<String, usize> = self
            .stories
            .iter()
            .enumerate()
            .map(|(i, s)| (s.key.clone(), i))
            .collect();
        let in_feed: HashSet<String> = fresh.iter().map(|s| s.key.clone()).collect();
        let mut new = Vec::new();
        for mut story in fresh {
            match index.get(&story.key).and_then(|&i| self.stories.get_mut(i)) {
                Some(kept) => {
                    story.first_seen = kept.first_seen;
                    *kept = story;
                }
                None => {
                    index.insert(story.key.clone(), self.stories.len());
                    new.push(story.clone());
                    self.stories.push(story);
                }
            }
        }
        self.prune(&in_feed, now, limits);
        new
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
        let new = cache.merge(
            vec![story("a", 10), story("b", 10)],
            10,
            CacheLimits::default(),
        );
        assert_eq!(new.len(), 2);
        let mut changed = story("a", 20);
        changed.title = "A, corrected".to_string();
        let new = cache.merge(vec![changed], 20, CacheLimits::default());
        assert!(new.is_empty());
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
}
