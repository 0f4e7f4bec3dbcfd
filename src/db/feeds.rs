//! Feed stories: the JSON caches' replacement, with the same merge.

use std::collections::{HashMap, HashSet};

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use super::search::IndexChanges;
use super::{Db, DbError, FeedMeta, FeedRow, Fnv, RowSelect, from_sql_id, to_sql_id};
use crate::feed::CacheLimits;
use crate::feed::cache::{FeedCache, Merged};
use crate::feed::convert::{Story, story_id};

/// A stored story as the merge needs it, and where it is.
struct Stored {
    doc: i64,
    hash: i64,
}

impl Db {
    /// The feed's title and validators; nothing stored is all `None`.
    pub fn feed_meta(&self, url: &str) -> Result<FeedMeta, DbError> {
        self.conn
            .prepare_cached("SELECT title, etag, last_modified FROM feeds WHERE url = ?1")
            .and_then(|mut st| {
                st.query_row([url], |r| {
                    Ok(FeedMeta {
                        title: r.get(0)?,
                        etag: r.get(1)?,
                        last_modified: r.get(2)?,
                    })
                })
                .optional()
            })
            .map(Option::unwrap_or_default)
            .map_err(self.error("read a feed's validators"))
    }

    /// One refresh's result for one feed, in one write transaction that
    /// reads what is stored inside it, so that two processes refreshing the
    /// same feed at once keep each other's stories: `fresh` is merged as
    /// [`FeedCache::merge`] merges it (it is that code), then only what
    /// changed is written, and the full-text index with it.
    ///
    /// The validators are replaced; the title only by a title (a feed that
    /// stops giving one keeps its last).
    pub fn merge_feed(
        &mut self,
        url: &str,
        meta: &FeedMeta,
        fresh: Vec<Story>,
        now: i64,
        limits: CacheLimits,
    ) -> Result<Merged, DbError> {
        let tx = self.begin()?;
        let feed = self.put_feed(&tx, url, meta)?;
        let stored = self.stored_stories(&tx, feed)?;
        // The merge needs only keys and dates of what is stored: a story not
        // in `fresh` is either kept as it is or pruned, never rewritten.
        let mut cache = FeedCache {
            url: url.to_string(),
            stories: stored.iter().map(|(_, story)| story.clone()).collect(),
            ..FeedCache::default()
        };
        let docs: HashMap<&str, &Stored> =
            stored.iter().map(|(s, st)| (st.key.as_str(), s)).collect();
        let in_feed: HashSet<String> = fresh.iter().map(|s| s.key.clone()).collect();
        let merged = cache.merge(fresh, now, limits);
        let kept: HashSet<&str> = cache.stories.iter().map(|s| s.key.as_str()).collect();
        let mut index = IndexChanges::default();
        for (s, story) in &stored {
            if !kept.contains(story.key.as_str()) {
                self.delete_story(&tx, s.doc, &mut index)?;
            }
        }
        for story in cache.stories.iter().filter(|s| in_feed.contains(&s.key)) {
            let old = docs.get(story.key.as_str());
            if old.is_some_and(|o| o.hash == story_hash(story)) {
                continue;
            }
            self.put_story(&tx, feed, url, story, old.map(|o| o.doc), &mut index)?;
        }
        self.write_index(&tx, index)?;
        tx.commit().map_err(self.error("save a feed's stories"))?;
        Ok(merged)
    }

    /// Stores a JSON cache as it is, for the one-time migration: its stories
    /// replace stored ones of the same key. Returns how many it had.
    pub fn import_feed_cache(&mut self, cache: &FeedCache) -> Result<usize, DbError> {
        let tx = self.begin()?;
        let meta = FeedMeta {
            title: cache.title.clone(),
            etag: cache.etag.clone(),
            last_modified: cache.last_modified.clone(),
        };
        let feed = self.put_feed(&tx, &cache.url, &meta)?;
        let stored = self.stored_stories(&tx, feed)?;
        let docs: HashMap<&str, i64> = stored
            .iter()
            .map(|(s, st)| (st.key.as_str(), s.doc))
            .collect();
        let mut index = IndexChanges::default();
        for story in &cache.stories {
            let doc = docs.get(story.key.as_str()).copied();
            self.put_story(&tx, feed, &cache.url, story, doc, &mut index)?;
        }
        self.write_index(&tx, index)?;
        tx.commit().map_err(self.error("import a feed's cache"))?;
        Ok(cache.stories.len())
    }

    /// Forgets a feed and its stories (after it is unsubscribed).
    pub fn remove_feed(&mut self, url: &str) -> Result<usize, DbError> {
        let tx = self.begin()?;
        let feed: Option<i64> = tx
            .query_row("SELECT id FROM feeds WHERE url = ?1", [url], |r| r.get(0))
            .optional()
            .map_err(self.error("find a feed"))?;
        let Some(feed) = feed else {
            return Ok(0);
        };
        let stored = self.stored_stories(&tx, feed)?;
        let mut index = IndexChanges::default();
        for (s, _) in &stored {
            self.delete_story(&tx, s.doc, &mut index)?;
        }
        self.write_index(&tx, index)?;
        tx.execute("DELETE FROM feeds WHERE id = ?1", [feed])
            .map_err(self.error("remove a feed"))?;
        tx.commit().map_err(self.error("remove a feed"))?;
        Ok(stored.len())
    }

    /// The list's rows for these feeds, in their order, each feed's
    /// stories in the order they were first stored. (Asking SQLite for the
    /// list's order instead made the first frame of 100,000 slower: 338 ms
    /// against 223 ms in `cargo bench --bench library -- feed_stories`.)
    pub fn feed_rows(&self, feeds: &[&str]) -> Result<Vec<FeedRow>, DbError> {
        self.feed_rows_where(feeds, &RowSelect::All)
    }

    /// [`Db::feed_rows`], of only the stories `select` picks.
    pub fn feed_rows_where(
        &self,
        feeds: &[&str],
        select: &RowSelect,
    ) -> Result<Vec<FeedRow>, DbError> {
        let docs = match select {
            RowSelect::All => return self.all_feed_rows(feeds),
            RowSelect::Docs(docs) => docs.clone(),
            // Told apart here rather than by SQLite: a NOT EXISTS of 100,000
            // stories took ten times as long as reading both lists of ids.
            RowSelect::Unanalysed if self.every_story_analysed()? => return Ok(Vec::new()),
            RowSelect::Unanalysed => {
                let analysed = self.analysed_stories()?;
                self.feed_story_ids(feeds)?
                    .into_iter()
                    .filter(|&(_, id)| {
                        !analysed.contains(&crate::article::ArticleId::from_bits(id))
                    })
                    .map(|(doc, _)| doc)
                    .collect()
            }
        };
        self.feed_rows_of(feeds, &docs)
    }

    fn feed_ids(&self, feeds: &[&str]) -> Result<Vec<(i64, usize)>, DbError> {
        let err = self.error("read the list of feed stories");
        let mut feed_ids = self
            .conn
            .prepare_cached("SELECT id FROM feeds WHERE url = ?1")
            .map_err(&err)?;
        let mut out = Vec::with_capacity(feeds.len());
        for (i, &url) in feeds.iter().enumerate() {
            if let Some(feed) = feed_ids
                .query_row([url], |r| r.get::<_, i64>(0))
                .optional()
                .map_err(&err)?
            {
                out.push((feed, i));
            }
        }
        Ok(out)
    }

    /// The rows and ids of every story of these feeds.
    fn feed_story_ids(&self, feeds: &[&str]) -> Result<Vec<(i64, u64)>, DbError> {
        let err = self.error("read the list of feed stories");
        let mut st = self
            .conn
            .prepare_cached("SELECT doc, id FROM stories WHERE feed = ?1")
            .map_err(&err)?;
        let mut out = Vec::new();
        for (feed, _) in self.feed_ids(feeds)? {
            let rows = st
                .query_map([feed], |r| Ok((r.get(0)?, r.get::<_, i64>(1)?)))
                .map_err(&err)?;
            for row in rows {
                let (doc, id) = row.map_err(&err)?;
                out.push((doc, from_sql_id(id)));
            }
        }
        Ok(out)
    }

    fn all_feed_rows(&self, feeds: &[&str]) -> Result<Vec<FeedRow>, DbError> {
        let err = self.error("read the list of feed stories");
        let mut rows = self
            .conn
            .prepare_cached(
                "SELECT key, id, title, author, published, link, first_seen \
                 FROM stories WHERE feed = ?1 ORDER BY doc",
            )
            .map_err(&err)?;
        let mut out = Vec::new();
        for (feed, i) in self.feed_ids(feeds)? {
            let url = feeds[i];
            let found = rows
                .query_map([feed], |r| {
                    Ok(FeedRow {
                        feed_url: url.to_string(),
                        key: r.get(0)?,
                        id: from_sql_id(r.get(1)?),
                        title: r.get(2)?,
                        author: r.get(3)?,
                        published: r.get(4)?,
                        link: r.get(5)?,
                        first_seen: r.get(6)?,
                    })
                })
                .map_err(&err)?;
            for row in found {
                out.push(row.map_err(&err)?);
            }
        }
        Ok(out)
    }

    /// The rows `docs` of these feeds' stories, in the order of
    /// [`Db::feed_rows`]: each looked up by its row, so that a few of
    /// 100,000 cost a few look-ups.
    fn feed_rows_of(&self, feeds: &[&str], docs: &[i64]) -> Result<Vec<FeedRow>, DbError> {
        let err = self.error("read the list of feed stories");
        let of_feed: HashMap<i64, usize> = self.feed_ids(feeds)?.into_iter().collect();
        let mut docs = docs.to_vec();
        // In the file's order, each page read once.
        docs.sort_unstable();
        docs.dedup();
        let json = self.json(&docs, "read the list of feed stories")?;
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT s.feed, s.doc, s.key, s.id, s.title, s.author, s.published, s.link, \
                 s.first_seen FROM json_each(?1) j CROSS JOIN stories s ON s.doc = j.value",
            )
            .map_err(&err)?;
        let rows = st
            .query_map([json], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    (
                        r.get::<_, String>(2)?,
                        r.get::<_, i64>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, Option<String>>(5)?,
                        r.get::<_, Option<i64>>(6)?,
                        r.get::<_, Option<String>>(7)?,
                        r.get::<_, i64>(8)?,
                    ),
                ))
            })
            .map_err(&err)?;
        let mut found = Vec::new();
        for row in rows {
            let (feed, doc, (key, id, title, author, published, link, first_seen)) =
                row.map_err(&err)?;
            let Some(&i) = of_feed.get(&feed) else {
                continue;
            };
            found.push((
                (i, doc),
                FeedRow {
                    feed_url: feeds[i].to_string(),
                    key,
                    id: from_sql_id(id),
                    title,
                    author,
                    published,
                    link,
                    first_seen,
                },
            ));
        }
        found.sort_by_key(|(order, _)| *order);
        found.dedup_by_key(|(order, _)| *order);
        Ok(found.into_iter().map(|(_, row)| row).collect())
    }

    /// One story whole, to build its article when it is opened.
    pub fn feed_story(&self, feed_url: &str, key: &str) -> Result<Option<Story>, DbError> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT s.title, s.author, s.published, s.link, s.first_seen, t.paragraphs \
                 FROM stories s JOIN feeds f ON f.id = s.feed JOIN story_text t ON t.doc = s.doc \
                 WHERE f.url = ?1 AND s.key = ?2",
            )
            .and_then(|mut st| {
                st.query_row([feed_url, key], |r| {
                    Ok((
                        Story {
                            key: key.to_string(),
                            title: r.get(0)?,
                            author: r.get(1)?,
                            published: r.get(2)?,
                            link: r.get(3)?,
                            paragraphs: Vec::new(),
                            first_seen: r.get(4)?,
                        },
                        r.get::<_, String>(5)?,
                    ))
                })
                .optional()
            })
            .map_err(self.error("read a feed story"))?;
        let Some((mut story, paragraphs)) = row else {
            return Ok(None);
        };
        story.paragraphs = serde_json::from_str(&paragraphs).map_err(|e| DbError::Damaged {
            db: self.label.clone(),
            cause: format!("the text of story {key} of {feed_url} is unreadable: {e}"),
        })?;
        Ok(Some(story))
    }

    pub fn feed_story_count(&self, url: &str) -> Result<usize, DbError> {
        self.conn
            .prepare_cached(
                "SELECT count(*) FROM stories s JOIN feeds f ON f.id = s.feed WHERE f.url = ?1",
            )
            .and_then(|mut st| st.query_row([url], |r| r.get::<_, i64>(0)))
            .map(|n| usize::try_from(n).unwrap_or(0))
            .map_err(self.error("count a feed's stories"))
    }

    /// A write transaction, begun at once: a merge reads what it will
    /// write, and another writer between the two would be lost.
    pub(super) fn begin(&self) -> Result<Transaction<'_>, DbError> {
        Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(self.error("begin a change"))
    }

    /// The feed's row id.
    fn put_feed(&self, tx: &Transaction<'_>, url: &str, meta: &FeedMeta) -> Result<i64, DbError> {
        tx.prepare_cached(
            "INSERT INTO feeds (url, title, etag, last_modified) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (url) DO UPDATE SET title = coalesce(excluded.title, title), \
             etag = excluded.etag, last_modified = excluded.last_modified \
             RETURNING id",
        )
        .and_then(|mut st| {
            st.query_row(
                params![url, meta.title, meta.etag, meta.last_modified],
                |r| r.get(0),
            )
        })
        .map_err(self.error("save a feed's validators"))
    }

    fn stored_stories(
        &self,
        tx: &Transaction<'_>,
        feed: i64,
    ) -> Result<Vec<(Stored, Story)>, DbError> {
        let err = self.error("read a feed's stories");
        let mut st = tx
            .prepare_cached(
                "SELECT doc, hash, key, published, first_seen FROM stories \
                 WHERE feed = ?1 ORDER BY doc",
            )
            .map_err(&err)?;
        let rows = st
            .query_map([feed], |r| {
                Ok((
                    Stored {
                        doc: r.get(0)?,
                        hash: r.get(1)?,
                    },
                    Story {
                        key: r.get(2)?,
                        title: String::new(),
                        author: None,
                        published: r.get(3)?,
                        link: None,
                        paragraphs: Vec::new(),
                        first_seen: r.get(4)?,
                    },
                ))
            })
            .map_err(&err)?;
        rows.collect::<Result<_, _>>().map_err(err)
    }

    /// Inserts a story, or replaces the one at `doc`, with its text and its
    /// row in the full-text index.
    #[allow(clippy::too_many_arguments)]
    fn put_story<'a>(
        &self,
        tx: &Transaction<'_>,
        feed: i64,
        url: &str,
        story: &'a Story,
        doc: Option<i64>,
        index: &mut IndexChanges<'a>,
    ) -> Result<(), DbError> {
        let err = self.error("save a feed story");
        let paragraphs = self.json(&story.paragraphs, "save a feed story")?;
        let id = to_sql_id(story_id(url, &story.key).bits());
        let values = params![
            feed,
            story.key,
            id,
            story.title,
            story.author,
            story.published,
            story.link,
            story.first_seen,
            story_hash(story),
        ];
        let doc: i64 = match doc {
            Some(doc) => {
                tx.prepare_cached(
                    "UPDATE stories SET feed = ?1, key = ?2, id = ?3, title = ?4, author = ?5, \
                     published = ?6, link = ?7, first_seen = ?8, hash = ?9 WHERE doc = ?10",
                )
                .and_then(|mut st| {
                    let mut all: Vec<&dyn rusqlite::ToSql> = values.to_vec();
                    all.push(&doc);
                    st.execute(all.as_slice())
                })
                .map_err(&err)?;
                index.remove(doc);
                doc
            }
            None => tx
                .prepare_cached(
                    "INSERT INTO stories (feed, key, id, title, author, published, link, \
                     first_seen, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING doc",
                )
                .and_then(|mut st| st.query_row(values, |r| r.get(0)))
                .map_err(&err)?,
        };
        tx.prepare_cached("INSERT OR REPLACE INTO story_text (doc, paragraphs) VALUES (?1, ?2)")
            .and_then(|mut st| st.execute(params![doc, paragraphs]))
            .map_err(&err)?;
        index.defer(doc);
        Ok(())
    }

    fn delete_story(
        &self,
        tx: &Transaction<'_>,
        doc: i64,
        index: &mut IndexChanges<'_>,
    ) -> Result<(), DbError> {
        let err = self.error("remove a feed story");
        index.remove(doc);
        for sql in [
            "DELETE FROM full_text WHERE doc = ?1",
            "DELETE FROM story_text WHERE doc = ?1",
            "DELETE FROM stories WHERE doc = ?1",
        ] {
            tx.prepare_cached(sql)
                .and_then(|mut st| st.execute([doc]))
                .map_err(&err)?;
        }
        Ok(())
    }
}

/// Of everything a refresh may change in a story; `first_seen` is kept by
/// the merge, so it is not in it.
fn story_hash(story: &Story) -> i64 {
    let mut h = Fnv::new()
        .bytes(story.title.as_bytes())
        .opt(story.author.as_deref())
        .opt(story.published.map(|p| p.to_string()).as_deref())
        .opt(story.link.as_deref());
    for p in &story.paragraphs {
        h = h.bytes(p.as_bytes());
    }
    to_sql_id(h.0)
}
