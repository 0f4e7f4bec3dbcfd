//! Stored analysis (people and quotations), so that a library of 100,000
//! stories is not analysed again at every start.

use rusqlite::{OptionalExtension, params};

use super::{Db, DbError, to_sql_id};

/// The key an analysis is stored under: the text's hash and the analyser's
/// version, so that neither an edited story nor a newer analyser meets an
/// old analysis.
fn stored_key(text_hash: u64) -> i64 {
    let version = u64::from(crate::analysis::VERSION);
    to_sql_id(text_hash ^ version.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

impl Db {
    /// The analysis stored for a story, when it was made of the same text
    /// (`text_hash` of it as it is now); else it is stale and `None`.
    pub fn analysis(&self, story: u64, text_hash: u64) -> Result<Option<String>, DbError> {
        self.conn
            .prepare_cached("SELECT json FROM analysis WHERE story = ?1 AND text_hash = ?2")
            .and_then(|mut st| {
                st.query_row(params![to_sql_id(story), stored_key(text_hash)], |r| {
                    r.get(0)
                })
                .optional()
            })
            .map_err(self.error("read a story's analysis"))
    }

    /// Stores a story's analysis (JSON), replacing any older one.
    pub fn put_analysis(&self, story: u64, text_hash: u64, json: &str) -> Result<(), DbError> {
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO analysis (story, text_hash, json) VALUES (?1, ?2, ?3)",
            )
            .and_then(|mut st| st.execute(params![to_sql_id(story), stored_key(text_hash), json]))
            .map(drop)
            .map_err(self.error("save a story's analysis"))
    }
}
