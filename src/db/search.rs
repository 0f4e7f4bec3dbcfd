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
        for rowid in changes.removed {
            remove.execute([rowid]).map_err(&err)?;
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

    /// Stories matching what a user typed (see [`fts_query`]), best first:
    /// by bm25 with titles weighted highest, the newest first among equals.
    /// Any input is a valid query; one with no words finds nothing.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, DbError> {
        let Some(fts) = fts_query(query) else {
            return Ok(Vec::new());
        };
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
