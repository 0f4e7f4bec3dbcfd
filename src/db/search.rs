//! Search across the library: feed stories and story files, by title,
//! body, source and author.

use rusqlite::{Transaction, params};

use super::files::path_from_bytes;
use super::{Db, DbError, Hit, SearchHit, from_sql_id};
use crate::article::Date;
use crate::feed::convert::date_of;

/// bm25 weights of the index's columns (title, body, source, author): a
/// word in the title says more of what a story is about than one in a
/// paragraph.
const WEIGHTS: &str = "10.0, 1.0, 2.0, 2.0";

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
    /// by bm25 with titles weighted highest, the newest first among equals.
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
        let err = self.error("search");
        let sql = format!(
            "SELECT m.score, s.id, s.title, s.published, fd.url, s.key, \
                    f.id, f.title, f.date, f.path, s.link, f.url, f.source \
             FROM (SELECT rowid AS doc, bm25(search, {WEIGHTS}) AS score \
                   FROM search WHERE search MATCH ?1) m \
             LEFT JOIN stories s ON m.doc > 0 AND s.doc = m.doc \
             LEFT JOIN feeds fd ON fd.id = s.feed \
             LEFT JOIN files f ON m.doc < 0 AND f.doc = -m.doc \
             WHERE s.doc IS NOT NULL OR f.doc IS NOT NULL \
             ORDER BY m.score, coalesce(s.published, s.first_seen, unixepoch(f.date)) DESC, m.doc \
             LIMIT ?2"
        );
        let mut st = self.conn.prepare_cached(&sql).map_err(&err)?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = st
            .query_map(params![fts, limit], |r| {
                let rank: f64 = r.get(0)?;
                let hit = match r.get::<_, Option<i64>>(1)? {
                    Some(id) => SearchHit {
                        hit: Hit::Feed {
                            feed_url: r.get(4)?,
                            key: r.get(5)?,
                        },
                        id: from_sql_id(id),
                        title: r.get(2)?,
                        date: r.get::<_, Option<i64>>(3)?.and_then(date_of),
                        link: r.get(10)?,
                        source: None,
                        rank,
                    },
                    None => SearchHit {
                        hit: Hit::File {
                            path: path_from_bytes(r.get_ref(9)?.as_blob()?),
                        },
                        id: from_sql_id(r.get(6)?),
                        title: r.get(7)?,
                        date: r
                            .get::<_, Option<String>>(8)?
                            .as_deref()
                            .and_then(Date::parse),
                        link: r.get(11)?,
                        source: r.get(12)?,
                        rank,
                    },
                };
                Ok(hit)
            })
            .map_err(&err)?;
        rows.collect::<Result<_, _>>().map_err(err)
    }
}
