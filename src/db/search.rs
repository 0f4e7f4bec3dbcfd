//! Search across the library: feed stories and story files, by title,
//! body, source and author.

use rusqlite::{OptionalExtension, Transaction, params};

use super::files::path_from_bytes;
use super::rank;
use super::{Db, DbError, Hit, SearchHit, from_sql_id};
use crate::article::Date;
use crate::feed::convert::date_of;

/// A last word shorter than this is matched whole: as a prefix it would
/// match a large part of the index, slowly and to no use.
const PREFIX_MIN_CHARS: usize = 3;

/// What a user typed, as an FTS5 query: every word must match, "quoted
/// phrases" as phrases, the last word also as the start of a longer one
/// (unless a space follows it). Every term is quoted, so nothing typed is
/// FTS5 syntax (`AND`, `NEAR(`, `*`, `-`, `col:`): the worst a query can
/// do is match nothing. `None` when nothing searchable is left.
pub fn fts_query(input: &str) -> Option<String> {
    // FTS5 reads a query as a C string: a NUL would end it inside a quote.
    let input: String = input
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut terms: Vec<(String, bool)> = Vec::new();
    let mut chars = input.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' {
            chars.next();
            let phrase: String = chars.by_ref().take_while(|&c| c != '"').collect();
            terms.push((phrase, true));
        } else {
            let mut word = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == '"' {
                    break;
                }
                word.push(c);
                chars.next();
            }
            terms.push((word, false));
        }
    }
    // Punctuation alone has no tokens, and an empty phrase is no use.
    terms.retain(|(t, _)| t.chars().any(char::is_alphanumeric));
    let open_end = !input.ends_with(char::is_whitespace) && !input.ends_with('"');
    let last = terms.len().checked_sub(1)?;
    let mut query = String::new();
    for (i, (term, phrase)) in terms.iter().enumerate() {
        if i > 0 {
            query.push(' ');
        }
        query.push('"');
        query.push_str(&term.replace('"', "\"\""));
        query.push('"');
        if i == last && !phrase && open_end && term.chars().count() >= PREFIX_MIN_CHARS {
            query.push_str(" *");
        }
    }
    Some(query)
}

/// Changes to the full-text index, written after every other write of a
/// transaction: FTS5 writes what it holds in memory to disk whenever a
/// statement on another table opens a savepoint, so interleaved writes made
/// a segment per story and indexing ten times slower.
#[derive(Default)]
pub(super) struct IndexChanges<'a> {
    removed: Vec<i64>,
    added: Vec<Entry<'a>>,
    /// Stories to index later (see [`Db::index_pending`]).
    deferred: Vec<i64>,
}

struct Entry<'a> {
    rowid: i64,
    title: &'a str,
    body: String,
    source: Option<&'a str>,
    author: Option<&'a str>,
}

impl<'a> IndexChanges<'a> {
    pub(super) fn remove(&mut self, rowid: i64) {
        self.removed.push(rowid);
    }

    pub(super) fn defer(&mut self, rowid: i64) {
        self.deferred.push(rowid);
    }

    pub(super) fn add(
        &mut self,
        rowid: i64,
        title: &'a str,
        body: String,
        source: Option<&'a str>,
        author: Option<&'a str>,
    ) {
        self.added.push(Entry {
            rowid,
            title,
            body,
            source,
            author,
        });
    }
}

impl Db {
    pub(super) fn write_index(
        &self,
        tx: &Transaction<'_>,
        changes: IndexChanges<'_>,
    ) -> Result<(), DbError> {
        let err = self.error("update the search index");
        let mut remove = tx
            .prepare_cached("DELETE FROM search WHERE rowid = ?1")
            .map_err(&err)?;
        let mut unqueue = tx
            .prepare_cached("DELETE FROM unindexed WHERE doc = ?1")
            .map_err(&err)?;
        for rowid in changes.removed {
            remove.execute([rowid]).map_err(&err)?;
            unqueue.execute([rowid]).map_err(&err)?;
        }
        let mut queue = tx
            .prepare_cached("INSERT OR IGNORE INTO unindexed (doc) VALUES (?1)")
            .map_err(&err)?;
        for rowid in changes.deferred {
            queue.execute([rowid]).map_err(&err)?;
        }
        let mut add = tx
            .prepare_cached(
                "INSERT INTO search (rowid, title, body, source, author) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .map_err(&err)?;
        for e in changes.added {
            add.execute(params![e.rowid, e.title, e.body, e.source, e.author])
                .map_err(&err)?;
        }
        Ok(())
    }

    /// How many feed stories wait to be indexed for search.
    pub fn unindexed(&self) -> Result<usize, DbError> {
        self.conn
            .query_row("SELECT count(*) FROM unindexed", [], |r| r.get::<_, i64>(0))
            .map(|n| usize::try_from(n).unwrap_or(0))
            .map_err(self.error("count the stories to index"))
    }

    /// Indexes up to `max` of the feed stories stored since the last time,
    /// in one transaction, by their full text where it was fetched, else
    /// by the feed's summary; returns how many. A refresh leaves this to be
    /// done after it, by whoever has the time: the reader in the
    /// background, `byline refresh` after its summary, `byline search`
    /// before it searches.
    pub fn index_pending(&self, max: usize) -> Result<usize, DbError> {
        let err = self.error("index stories for search");
        let tx = self.begin()?;
        let pending: Vec<(i64, String, String, String, Option<String>)> = {
            let mut st = tx
                .prepare_cached(
                    "SELECT u.doc, s.title, coalesce(ft.paragraphs, t.paragraphs), \
                     coalesce(f.title, f.url), s.author \
                     FROM unindexed u JOIN stories s ON s.doc = u.doc \
                     JOIN story_text t ON t.doc = u.doc JOIN feeds f ON f.id = s.feed \
                     LEFT JOIN full_text ft ON ft.doc = u.doc \
                     ORDER BY u.doc LIMIT ?1",
                )
                .map_err(&err)?;
            let max = i64::try_from(max).unwrap_or(i64::MAX);
            st.query_map([max], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .map_err(&err)?
            .collect::<Result<_, _>>()
            .map_err(&err)?
        };
        {
            let mut add = tx
                .prepare_cached(
                    "INSERT INTO search (rowid, title, body, source, author)                      VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .map_err(&err)?;
            let mut done = tx
                .prepare_cached("DELETE FROM unindexed WHERE doc = ?1")
                .map_err(&err)?;
            for (doc, title, paragraphs, source, author) in &pending {
                // Stored by us as a JSON array; one that does not read is
                // indexed by its title alone rather than not at all.
                let body = serde_json::from_str::<Vec<String>>(paragraphs)
                    .map(|p| p.join("\n"))
                    .unwrap_or_default();
                add.execute(params![doc, title, body, source, author])
                    .map_err(&err)?;
                done.execute([doc]).map_err(&err)?;
            }
        }
        tx.commit().map_err(err)?;
        Ok(pending.len())
    }

    /// Stories matching what a user typed (see [`fts_query`]), best first:
    /// by [`rank`] (BM25 without its length discount, titles weighted
    /// highest), the newest first among equals.
    /// Any input is a valid query; one with no words finds nothing.
    ///
    /// Stories still waiting to be indexed are indexed first; where that
    /// cannot be done (a read-only database, another process writing), what
    /// is indexed already is searched.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, DbError> {
        let Some(fts) = fts_query(query) else {
            return Ok(Vec::new());
        };
        let _ = self.index_pending(usize::MAX);
        let scored = self.scored(&fts)?;
        let page = self.best(scored, limit)?;
        self.hits(&page)
    }

    /// Every match's document and score, in no order: joined to the
    /// stories only once the page is known.
    fn scored(&self, fts: &str) -> Result<Vec<(i64, f64)>, DbError> {
        let err = self.error("search");
        if !self.ranked.get() {
            rank::register(&self.conn).map_err(&err)?;
            self.ranked.set(true);
        }
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT rowid, {} FROM search WHERE search MATCH ?1",
                rank::NAME_CALL
            ))
            .map_err(&err)?;
        let rows = st
            .query_map([fts], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(&err)?;
        rows.collect::<Result<_, _>>().map_err(err)
    }

    /// The `limit` best of `scored`, in order: by score, then newest first,
    /// then by document. Dates are read only for the matches that could be
    /// on the page, so a word in every other story costs no join of them all.
    fn best(&self, mut scored: Vec<(i64, f64)>, limit: usize) -> Result<Vec<(i64, f64)>, DbError> {
        let by_score = |a: &(i64, f64), b: &(i64, f64)| a.1.total_cmp(&b.1);
        if limit == 0 {
            return Ok(Vec::new());
        }
        if scored.len() > limit {
            scored.select_nth_unstable_by(limit - 1, by_score);
            let edge = scored[limit - 1].1;
            // Those tied with the last on the page may take its place.
            let rest = &mut scored[limit..];
            let mut tied = 0;
            for i in 0..rest.len() {
                if rest[i].1.total_cmp(&edge).is_eq() {
                    rest.swap(tied, i);
                    tied += 1;
                }
            }
            scored.truncate(limit + tied);
        }
        let dates = self.dates(scored.iter().map(|s| s.0))?;
        let date = |doc: i64| dates.get(&doc).copied().flatten();
        scored.sort_by(|a, b| {
            by_score(a, b)
                .then_with(|| date(b.0).cmp(&date(a.0)))
                .then(a.0.cmp(&b.0))
        });
        scored.truncate(limit);
        Ok(scored)
    }

    /// Each document's date as the order of results uses it: a feed
    /// story's publication (else first sight), a file's day.
    fn dates(
        &self,
        docs: impl Iterator<Item = i64>,
    ) -> Result<crate::hashing::FastMap<i64, Option<i64>>, DbError> {
        let err = self.error("search");
        let docs: Vec<i64> = docs.collect();
        let json = self.json(&docs, "search")?;
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT d.value, coalesce(s.published, s.first_seen, unixepoch(f.date)) \
                 FROM json_each(?1) d \
                 LEFT JOIN stories s ON d.value > 0 AND s.doc = d.value \
                 LEFT JOIN files f ON d.value < 0 AND f.doc = -d.value",
            )
            .map_err(&err)?;
        let rows = st
            .query_map([json], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(&err)?;
        rows.collect::<Result<_, _>>().map_err(err)
    }

    /// The rows of `docs` (with their scores), in that order; a document
    /// whose story or file has gone since it was indexed is left out.
    fn hits(&self, docs: &[(i64, f64)]) -> Result<Vec<SearchHit>, DbError> {
        let err = self.error("search");
        let mut feed = self
            .conn
            .prepare_cached(
                "SELECT s.id, s.title, s.published, fd.url, s.key, s.link \
                 FROM stories s JOIN feeds fd ON fd.id = s.feed WHERE s.doc = ?1",
            )
            .map_err(&err)?;
        let mut file = self
            .conn
            .prepare_cached("SELECT id, title, date, path, url, source FROM files WHERE doc = ?1")
            .map_err(&err)?;
        let mut out = Vec::with_capacity(docs.len());
        for &(doc, rank) in docs {
            let hit = if doc > 0 {
                feed.query_row([doc], |r| {
                    Ok(SearchHit {
                        hit: Hit::Feed {
                            feed_url: r.get(3)?,
                            key: r.get(4)?,
                        },
                        id: from_sql_id(r.get(0)?),
                        title: r.get(1)?,
                        date: r.get::<_, Option<i64>>(2)?.and_then(date_of),
                        link: r.get(5)?,
                        source: None,
                        rank,
                    })
                })
            } else {
                file.query_row([doc.saturating_neg()], |r| {
                    Ok(SearchHit {
                        hit: Hit::File {
                            path: path_from_bytes(r.get_ref(3)?.as_blob()?),
                        },
                        id: from_sql_id(r.get(0)?),
                        title: r.get(1)?,
                        date: r
                            .get::<_, Option<String>>(2)?
                            .as_deref()
                            .and_then(Date::parse),
                        link: r.get(4)?,
                        source: r.get(5)?,
                        rank,
                    })
                })
            };
            match hit.optional().map_err(&err)? {
                Some(hit) => out.push(hit),
                None => continue,
            }
        }
        Ok(out)
    }
}
