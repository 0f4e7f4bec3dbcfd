//! The articles fetched from feed stories' pages, kept beside their
//! summaries (see `full_text` in the schema).

use rusqlite::{OptionalExtension, params};

use super::search::IndexChanges;
use super::{Db, DbError};

/// A story's article as fetched from its page, and the validators for
/// fetching it again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FullText {
    pub paragraphs: Vec<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// When it was fetched, seconds since 1970 UTC.
    pub fetched: i64,
}

impl Db {
    /// The story's article, when one has been fetched.
    pub fn full_text(&self, feed_url: &str, key: &str) -> Result<Option<FullText>, DbError> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT t.paragraphs, t.etag, t.last_modified, t.fetched \
                 FROM full_text t JOIN stories s ON s.doc = t.doc \
                 JOIN feeds f ON f.id = s.feed WHERE f.url = ?1 AND s.key = ?2",
            )
            .and_then(|mut st| {
                st.query_row([feed_url, key], |r| {
                    Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })
                .optional()
            })
            .map_err(self.error("read a story's full text"))?;
        let Some((paragraphs, etag, last_modified, fetched)) = row else {
            return Ok(None);
        };
        let paragraphs = serde_json::from_str(&paragraphs).map_err(|e| DbError::Damaged {
            db: self.label.clone(),
            cause: format!("the full text of story {key} of {feed_url} is unreadable: {e}"),
        })?;
        Ok(Some(FullText {
            paragraphs,
            etag,
            last_modified,
            fetched,
        }))
    }

    /// Keeps the article fetched for a story, replacing one fetched before;
    /// the story is indexed for search again, by this text. False when the
    /// story is no longer stored (its feed was removed meanwhile).
    pub fn put_full_text(
        &mut self,
        feed_url: &str,
        key: &str,
        text: &FullText,
    ) -> Result<bool, DbError> {
        let err = self.error("save a story's full text");
        let paragraphs = self.json(&text.paragraphs, "save a story's full text")?;
        let tx = self.begin()?;
        let doc: Option<i64> = tx
            .prepare_cached(
                "SELECT s.doc FROM stories s JOIN feeds f ON f.id = s.feed \
                 WHERE f.url = ?1 AND s.key = ?2",
            )
            .and_then(|mut st| st.query_row([feed_url, key], |r| r.get(0)).optional())
            .map_err(&err)?;
        let Some(doc) = doc else {
            return Ok(false);
        };
        tx.prepare_cached(
            "INSERT OR REPLACE INTO full_text (doc, paragraphs, etag, last_modified, fetched) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .and_then(|mut st| {
            st.execute(params![
                doc,
                paragraphs,
                text.etag,
                text.last_modified,
                text.fetched
            ])
        })
        .map_err(&err)?;
        let mut index = IndexChanges::default();
        index.remove(doc);
        index.defer(doc);
        self.write_index(&tx, index)?;
        tx.commit().map_err(&err)?;
        Ok(true)
    }
}
